//! Remarks about what a page says against itself: examples that contradict the tables, example URLs that
//! differ from the URI, and damage in the source text. The transcription follows the tables and keeps the
//! examples and the text verbatim; these remarks say so in the report.

use super::labels::{TableKind, TypeSpec};
use super::link::Links;
use super::page::{Group, Page};
use crate::spec::yaml::{Node, Value};
use indexmap::IndexSet;

/// Checks an example body against the tables of its body; returns one message per contradiction.
pub(crate) fn example_against_tables(
    group: &Group,
    links: &Links,
    value: &Node,
    what: &str,
) -> Vec<String> {
    let mut out = IndexSet::new();
    check_object(group, links, 0, value, what, &mut out);
    out.into_iter().collect()
}

fn describe(v: &Node) -> String {
    match &v.value {
        Value::Str(s) => format!("text {s:?}"),
        Value::Int(i) => format!("integer {i}"),
        Value::UInt(u) => format!("integer {u}"),
        Value::Float(f) => format!("number {f}"),
        Value::Bool(b) => format!("boolean {b}"),
        Value::Null => "null".into(),
        Value::Seq(_) => "an array".into(),
        Value::Map(_) => "an object".into(),
    }
}

fn check_object(
    group: &Group,
    links: &Links,
    t: usize,
    value: &Node,
    path: &str,
    out: &mut IndexSet<String>,
) {
    let Some(table) = group.table(t) else {
        return;
    };
    let Value::Map(m) = &value.value else {
        out.insert(format!(
            "{path} is {} but table `{}` describes an object",
            describe(value),
            table.caption.text
        ));
        return;
    };
    let mut unknown = Vec::new();
    for (k, v) in m {
        match table.rows.iter().position(|r| r.name.text == *k) {
            None => unknown.push(k.as_str()),
            Some(r) => {
                let child = links
                    .child
                    .get(t)
                    .and_then(|rows| rows.get(r).copied().flatten());
                let row = &table.rows[r];
                check_typed(
                    group,
                    links,
                    child,
                    &row.ty,
                    &row.type_text.text,
                    v,
                    &format!("{path}.{k}"),
                    out,
                );
            }
        }
    }
    if !unknown.is_empty() {
        out.insert(format!(
            "{path} has keys {} that table `{}` does not document",
            unknown
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", "),
            table.caption.text
        ));
    }
}

#[allow(clippy::too_many_arguments)]
fn check_typed(
    group: &Group,
    links: &Links,
    child: Option<usize>,
    ty: &TypeSpec,
    spelled: &str,
    v: &Node,
    path: &str,
    out: &mut IndexSet<String>,
) {
    let ok = match (ty, &v.value) {
        (_, Value::Null) | (TypeSpec::Unstated | TypeSpec::Any, _) => true,
        (TypeSpec::String | TypeSpec::File, Value::Str(_)) => true,
        (TypeSpec::Integer | TypeSpec::Long, Value::Int(_) | Value::UInt(_)) => true,
        (
            TypeSpec::Double | TypeSpec::Float | TypeSpec::Number,
            Value::Int(_) | Value::UInt(_) | Value::Float(_),
        ) => true,
        (TypeSpec::Boolean, Value::Bool(_)) => true,
        (TypeSpec::Object, Value::Map(_)) => true,
        (TypeSpec::Map(inner), Value::Map(m)) => {
            for (k, item) in m {
                check_typed(
                    group,
                    links,
                    child,
                    inner,
                    spelled,
                    item,
                    &format!("{path}.{k}"),
                    out,
                );
            }
            true
        }
        (TypeSpec::Array(inner), Value::Seq(items)) => {
            for item in items {
                check_typed(
                    group,
                    links,
                    child,
                    inner,
                    spelled,
                    item,
                    &format!("{path}[]"),
                    out,
                );
            }
            true
        }
        (TypeSpec::Table(_), Value::Map(_)) => {
            if let Some(c) = child {
                check_object(group, links, c, v, path, out);
            }
            true
        }
        _ => false,
    };
    if !ok {
        out.insert(format!(
            "{path} is documented as {spelled} but the example gives {}",
            describe(v)
        ));
    }
}

/// Remarks about the example request lines against the URI and the query table.
pub(crate) fn example_urls(page: &Page) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let Some(uri) = &page.request_line else {
        return out;
    };
    let query: Vec<&str> = page
        .params
        .iter()
        .filter(|t| t.kind == TableKind::Query)
        .flat_map(|t| t.rows.iter().map(|r| r.name.text.as_str()))
        .collect();
    for e in &page.request_examples {
        if e.text.starts_with('\'') {
            out.push((
                e.at,
                "the example request line is wrapped in single quotes; kept verbatim".to_owned(),
            ));
        }
        if e.method != uri.method {
            out.push((
                e.at,
                format!(
                    "the example request uses {} but the URI says {}; kept verbatim",
                    e.method, uri.method
                ),
            ));
        }
        let after_host = match e.url.split_once("://") {
            Some((_, rest)) => rest.find('/').map_or("", |i| &rest[i..]),
            None => e.url.as_str(),
        };
        let (path, q) = after_host.split_once('?').unwrap_or((after_host, ""));
        if path != uri.path {
            out.push((
                e.at,
                format!("the example request path `{path}` differs from the URI `{}`; kept verbatim, the URI is the spec's path", uri.path),
            ));
        }
        for pair in q.split('&').filter(|p| !p.is_empty()) {
            let name = pair.split_once('=').map_or(pair, |(k, _)| k);
            if !query.contains(&name) {
                out.push((
                    e.at,
                    format!("the example request uses query parameter `{name}`, which the query table does not have; kept verbatim"),
                ));
            }
        }
    }
    out
}

/// Remarks about damage in the source text that the transcription keeps verbatim.
pub(crate) fn source_damage(page: &Page) -> Vec<(usize, String)> {
    let mut texts: Vec<(usize, &str)> = page
        .description
        .iter()
        .map(|t| (t.at, t.text.as_str()))
        .collect();
    let mut tables: Vec<&super::page::Table> = page.params.iter().collect();
    if let Some(g) = &page.request_body {
        tables.push(&g.top);
        tables.extend(g.nested.iter());
    }
    for s in &page.responses {
        if let Some(g) = &s.body {
            tables.push(&g.top);
            tables.extend(g.nested.iter());
        }
    }
    let mut out = Vec::new();
    for t in &tables {
        for row in &t.rows {
            texts.extend(row.description.iter().map(|d| (d.at, d.text.as_str())));
            if row.name.text == "-" {
                out.push((
                    row.name.at,
                    format!(
                        "table `{}` has a row named `-`{}",
                        t.caption.text,
                        if t.rows.len() == 1 {
                            ": the body is transcribed as one unnamed value of the row's type"
                        } else {
                            "; kept as a field named `-`"
                        }
                    ),
                ));
            }
        }
    }
    for (at, text) in texts {
        if text.contains("**") {
            out.push((at, format!("stray `**` markup in `{text}`; kept verbatim")));
        }
        if text.contains("backslash ()") || text.contains("character () ") {
            out.push((at, "a character is missing inside `()` (the backslash is lost in the source); kept verbatim".to_owned()));
        }
    }
    out
}
