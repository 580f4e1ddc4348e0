//! One page's documentation defects for `codegen lint` ([`crate::lint`]): the transcriber's parse of the page,
//! its examples compared with its tables by the walk the spec is reconciled with ([`reconcile::compare`]),
//! plus the example request line against the query table and the example statuses against the status table.

use super::labels::TableKind;
use super::page::{Group, Page};
use super::reconcile::{self, Finding, Kind};
use super::{PageInput, link, parse, run};
use crate::lint::{Defect, DefectKind, PageLint};
use std::collections::BTreeSet;

/// Lints one page.
pub(crate) fn lint_page(input: &PageInput) -> PageLint {
    let mut page = parse::parse(&input.text);
    let mut out = PageLint {
        file: input.source.clone(),
        operation: None,
        skipped: None,
        defects: Vec::new(),
    };
    if page.request_line.is_none() {
        out.skipped = Some(if page.error_codes.is_some() {
            "the error-code page".to_owned()
        } else {
            "no request line (`METHOD /path`) under `URI`: not an operation page the transcriber reads".to_owned()
        });
        return out;
    }
    out.operation = Some(
        run::operation_id(input, &page)
            .map(|(id, _)| id)
            .unwrap_or_else(|_| {
                input
                    .path
                    .file_stem()
                    .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
            }),
    );
    let mut defects = Vec::new();
    if let Some(group) = page.request_body.clone() {
        defects.extend(body_defects(&mut page, None, &group));
    }
    for i in 0..page.responses.len() {
        let status = page.responses[i].status;
        if let Some(group) = page.responses[i].body.clone() {
            defects.extend(body_defects(&mut page, Some(status), &group));
        }
    }
    defects.extend(query_defects(&page));
    defects.extend(status_defects(&page));
    defects.sort_by(|a, b| (a.line, &a.location).cmp(&(b.line, &b.location)));
    out.defects = defects;
    out
}

/// The defects of one body's examples against its tables.
fn body_defects(page: &mut Page, status: Option<u16>, group: &Group) -> Vec<Defect> {
    let links = link::link(group, page);
    let mut findings = Vec::new();
    let array_of = reconcile::array_body(page, status, group);
    for (span, value, what) in reconcile::examples_of(page, status) {
        findings.extend(reconcile::compare(
            &page.lines,
            span,
            group,
            &links,
            (&value, array_of),
            &what,
        ));
    }
    reconcile::dedup(findings)
        .into_iter()
        .filter_map(|f| defect(f, status.is_none()))
        .collect()
}

fn defect(f: Finding, request: bool) -> Option<Defect> {
    let (kind, message) = match f.kind {
        Kind::ExampleOnly { value, .. } => (
            DefectKind::FieldNotInTable,
            format!(
                "the example has `{}` ({}), which no table documents",
                f.path.rsplit('.').next().unwrap_or_default(),
                reconcile::json_type(&value)
            ),
        ),
        Kind::TypeConflict {
            documented,
            example,
            ..
        } => (
            DefectKind::TypeConflict,
            format!("the table says {documented}, the example gives {example}"),
        ),
        Kind::ShapeConflict {
            documented,
            example,
            shape,
            ..
        } => (
            DefectKind::TypeConflict,
            format!(
                "the table says {documented}, the example gives {example} (read as the table's: x-example-shape: {})",
                shape.name()
            ),
        ),
        Kind::PastInt32 {
            documented, value, ..
        } => (
            DefectKind::TypeConflict,
            format!("the table says {documented} (int32), the example gives {value}, past int32"),
        ),
        Kind::NotInEnum { value, allowed } => (
            DefectKind::ValueNotInEnum,
            format!(
                "the example gives {value:?}; the description enumerates {}",
                allowed.join(", ")
            ),
        ),
        Kind::LikelyTypo { key, field } => (
            DefectKind::LikelyTypo,
            format!(
                "the example has `{key}`, the table documents `{field}` (which the example lacks)"
            ),
        ),
        Kind::Unwrapped { wrapper, keys } => (
            DefectKind::MissingWrapper,
            format!(
                "the example gives the fields of `{wrapper}` ({}) without the `{wrapper}` object the table wraps them in",
                keys.join(", ")
            ),
        ),
        // A request example missing a mandatory field would be refused by the service; a response example
        // missing one shows the service omits it (the spec marks it `x-example-absent`).
        Kind::RequiredAbsent { field, .. } => (
            DefectKind::RequiredNotInExample,
            format!(
                "`{field}` is mandatory but the example {} does not have it",
                if request { "request body" } else { "response" }
            ),
        ),
        Kind::NullForMandatory { documented, .. } => (
            DefectKind::TypeConflict,
            format!("the table makes it mandatory ({documented}), the example gives null"),
        ),
    };
    Some(Defect {
        line: f.at + 1,
        kind,
        location: f.path,
        message,
    })
}

/// Query parameters: the example requests' against the query table (typos, unknown, mandatory ones absent).
fn query_defects(page: &Page) -> Vec<Defect> {
    let rows: Vec<&super::page::Row> = page
        .params
        .iter()
        .filter(|t| t.kind == TableKind::Query)
        .flat_map(|t| t.rows.iter())
        .collect();
    let mut out = Vec::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut given_anywhere: BTreeSet<String> = BTreeSet::new();
    for e in &page.request_examples {
        let query = e.url.split_once('?').map_or("", |(_, q)| q);
        let names: Vec<&str> = query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| p.split_once('=').map_or(p, |(k, _)| k))
            .collect();
        given_anywhere.extend(names.iter().map(|n| (*n).to_owned()));
        for name in &names {
            if rows.iter().any(|r| r.name.text == *name) || !seen.insert((*name).to_owned()) {
                continue;
            }
            let near = rows
                .iter()
                .map(|r| r.name.text.as_str())
                .filter(|r| !names.contains(r))
                .find(|r| reconcile::is_likely_typo(name, r));
            out.push(match near {
                Some(field) => Defect {
                    line: e.at + 1,
                    kind: DefectKind::LikelyTypo,
                    location: format!("query.{name}"),
                    message: format!(
                        "the example request has query parameter `{name}`, the table documents `{field}` (which the example lacks)"
                    ),
                },
                None => Defect {
                    line: e.at + 1,
                    kind: DefectKind::QueryParameterNotInTable,
                    location: format!("query.{name}"),
                    message: format!(
                        "the example request has query parameter `{name}`, which the query table does not document"
                    ),
                },
            });
        }
    }
    if let Some(first) = page.request_examples.first() {
        for r in rows.iter().filter(|r| r.mandatory == Some(true)) {
            if !given_anywhere.contains(&r.name.text) {
                out.push(Defect {
                    line: first.at + 1,
                    kind: DefectKind::RequiredNotInExample,
                    location: format!("query.{}", r.name.text),
                    message: format!(
                        "query parameter `{}` is mandatory but no example request has it",
                        r.name.text
                    ),
                });
            }
        }
    }
    out
}

/// Statuses: the examples' against the status-code table, and documented success bodies without an example.
fn status_defects(page: &Page) -> Vec<Defect> {
    let table: BTreeSet<u16> = page.status_codes.iter().map(|r| r.status).collect();
    let examples: BTreeSet<u16> = page.response_examples.iter().map(|e| e.status).collect();
    let mut out = Vec::new();
    if !table.is_empty() {
        for e in &page.response_examples {
            if !table.contains(&e.status) {
                out.push(Defect {
                    line: e.at + 1,
                    kind: DefectKind::StatusNotInTable,
                    location: format!("status {}", e.status),
                    message: format!(
                        "an example response has status {}, which the status-code table does not list",
                        e.status
                    ),
                });
            }
        }
    }
    // Error bodies are documented once and rarely shown; a success body without an example is a gap.
    for row in page
        .status_codes
        .iter()
        .filter(|r| (200..300).contains(&r.status))
    {
        let has_body = page
            .responses
            .iter()
            .any(|s| s.status == row.status && s.body.is_some());
        if has_body && !examples.contains(&row.status) {
            out.push(Defect {
                line: row.at + 1,
                kind: DefectKind::StatusWithoutExample,
                location: format!("status {}", row.status),
                message: format!(
                    "status {} has a documented response body but no example response",
                    row.status
                ),
            });
        }
    }
    out
}
