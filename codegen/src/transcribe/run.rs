//! One transcription run, stage by stage: parse the pages, decide which operation each documents, reconcile
//! pages of the same operation, link and build the bodies, decide the schema names, build the operations,
//! merge into the existing spec, write the YAML.

use super::build::{self, Body, Sel};
use super::labels::TableKind;
use super::merge::{self, OpOut, Transcription};
use super::page::{self, Mark, Page, Table};
use super::report::{self, column_of};
use super::{
    BaseSpec, Error, Errors, Options, Output, PageInput, checks, ids, link, naming, parse,
    reconcile, yaml,
};
use crate::spec::keys;
use crate::spec::yaml::{Map, Node, Value};
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

/// What a page is.
pub(crate) enum Role {
    /// Documents operation `id`, named from `from`; `dup_of` when an earlier page of the run documents it
    /// too.
    Operation {
        id: String,
        from: IdSource,
        dup_of: Option<usize>,
    },
    /// The error-code page.
    ErrorCodes,
    /// Could not be identified (an error was reported).
    Unknown,
}

/// Object rows left free-form in their own body that point at a table of another body of the page
/// ([`link::table_in_other_body`]): their schema refers to that table's (`bodies` are the page's, the run's
/// from index `first`), noted. A row whose schema the examples already gave members is left as it is.
fn link_other_bodies(page: &mut Page, bodies: &mut [Body], first: usize) {
    let mut patches = Vec::new();
    for (b, body) in bodies.iter().enumerate() {
        let Some(own) = build::group(page, body.sel) else {
            continue;
        };
        for t in 0..own.len() {
            let Some(table) = own.table(t) else {
                continue;
            };
            for (r, row) in table.rows.iter().enumerate() {
                if body.links.child[t].get(r).copied().flatten().is_some() {
                    continue;
                }
                let found = bodies.iter().enumerate().find_map(|(o, other)| {
                    let group = build::group(page, other.sel).filter(|_| o != b)?;
                    let i = link::table_in_other_body(row, own, group)?;
                    Some((o, i, group.table(i)?.caption.text.clone()))
                });
                if let Some((o, i, caption)) = found {
                    patches.push((b, t, row.name.text.clone(), row.type_text.at, o, i, caption));
                }
            }
        }
    }
    for (b, t, name, at, o, i, caption) in patches {
        let target = build::temp_ref(first + o, i);
        let Some(property) = bodies[b].temp[t]
            .as_map_mut()
            .and_then(|m| m.get_mut(keys::PROPERTIES))
            .and_then(|p| p.as_map_mut())
            .and_then(|p| p.get_mut(&name))
            .and_then(|p| p.as_map_mut())
        else {
            continue;
        };
        // `Array of objects` → its items; `Object` → the property itself.
        let slot = if property.contains_key(keys::ITEMS) {
            match property.get_mut(keys::ITEMS).and_then(Node::as_map_mut) {
                Some(items) => items,
                None => continue,
            }
        } else {
            property
        };
        let free_form = slot.get(keys::TYPE).and_then(Node::as_str) == Some("object")
            && !slot.contains_key(keys::PROPERTIES)
            && !slot.contains_key(keys::ADDITIONAL_PROPERTIES);
        if !free_form {
            continue;
        }
        let rest: Map = std::mem::take(slot)
            .into_iter()
            .filter(|(k, _)| k != keys::TYPE)
            .collect();
        slot.insert(keys::REF.into(), Node::str(target));
        slot.extend(rest);
        page.note(
            at,
            "table-of-another-body",
            format!(
                "`{name}` points at `{caption}`, a table of another body of the page (its own has no table of that number): the field is that table's"
            ),
        );
    }
}

/// The bodies of the run's operations, with what the later stages need.
struct Bodies {
    /// Every body, in operation order.
    list: Vec<Body>,
    /// The operation id of each body.
    op_ids: Vec<String>,
    /// The parameters of each operation.
    params: Vec<Vec<Node>>,
}

/// The pages of a run and the problems found so far.
struct Run<'a> {
    inputs: &'a [PageInput],
    pages: Vec<Page>,
    roles: Vec<Role>,
    errors: Vec<Error>,
}

/// Transcribes `inputs` and merges them into `base`.
pub(crate) fn run(
    inputs: &[PageInput],
    base: Option<&BaseSpec>,
    options: &Options,
) -> Result<Output, Errors> {
    let base_doc = read_base(base)?;
    let servers = read_servers(options)?;
    let mut run = Run {
        inputs,
        pages: inputs.iter().map(|i| parse::parse(&i.text)).collect(),
        roles: Vec::new(),
        errors: Vec::new(),
    };
    run.identify(base_doc.as_ref());
    for (p, at, message) in ids::settle(&mut run.roles, &run.pages, base_doc.as_ref()) {
        run.pages[p].note(at, "operation-id", message);
    }
    run.reconcile_duplicates();
    let ops = run.operations_of_run();
    let bodies = run.bodies(&ops);
    let names = run.names(&bodies, &ops, base_doc.as_ref());
    let schemas = schemas(&bodies.list, &names);
    let mut op_outs = run.operations(&ops, bodies, &names);
    merge::separate_shared_paths(&mut op_outs);
    let error_codes = run.error_codes();
    let report = report::build(inputs, &run.pages, &run.roles);
    if !options.allow_unplaced {
        run.unplaced_errors();
    }
    if !run.errors.is_empty() {
        return Err(Errors(run.errors));
    }
    let transcription = Transcription {
        ops: op_outs,
        schemas,
        sources: inputs.iter().map(|i| i.source.clone()).collect(),
        error_codes,
        service: options.service.clone(),
        servers,
        prune: options.prune,
    };
    let yaml = write(base, base_doc, &transcription)?;
    Ok(Output { yaml, report })
}

fn read_base(base: Option<&BaseSpec>) -> Result<Option<Node>, Errors> {
    let Some(b) = base else {
        return Ok(None);
    };
    yaml::from_str(&b.text)
        .map(Some)
        .map_err(|(line, column, message)| {
            Errors(vec![Error {
                file: b.path.clone(),
                line,
                column,
                message: format!("cannot read the spec to merge into: {message}"),
                help: "fix the YAML, or transcribe without --merge-into".into(),
            }])
        })
}

/// `servers` from `--regions` for `--service`.
fn read_servers(options: &Options) -> Result<Option<Node>, Errors> {
    let Some(path) = &options.regions else {
        return Ok(None);
    };
    let fail = |line, column, message: String, help: &str| {
        Errors(vec![Error {
            file: path.clone(),
            line,
            column,
            message,
            help: help.to_owned(),
        }])
    };
    let Some(service) = &options.service else {
        return Err(fail(
            1,
            1,
            "--regions needs --service: the regions file lists many services".into(),
            "give the service's short name as it appears in the file's `service` column",
        ));
    };
    let text = std::fs::read_to_string(path).map_err(|e| {
        fail(
            1,
            1,
            format!("cannot read the regions file: {e}"),
            "check the path and that the file is UTF-8 text",
        )
    })?;
    super::servers::servers(&text, service)
        .map(Some)
        .map_err(|(line, column, message)| {
            fail(
                line,
                column,
                message,
                "the regions file is tab-separated: a header (service, region, endpoints) and one row per region",
            )
        })
}

fn write(
    base: Option<&BaseSpec>,
    base_doc: Option<Node>,
    t: &Transcription,
) -> Result<String, Errors> {
    let spec_path = base.map_or_else(|| PathBuf::from("<output>"), |b| b.path.clone());
    let fail = |message: String, help: &str| {
        Errors(vec![Error {
            file: spec_path.clone(),
            line: 1,
            column: 1,
            message,
            help: help.to_owned(),
        }])
    };
    let doc = merge::merge(base_doc, t)
        .map_err(|m| fail(m, "fix the spec by hand, then transcribe again"))?;
    yaml::to_string(&doc).map_err(|m| {
        fail(
            format!("internal error while writing YAML: {m}"),
            "this is a transcriber bug; please report it with the pages",
        )
    })
}

impl Run<'_> {
    fn error(&mut self, p: usize, at: usize, message: String, help: &str) {
        let (Some(input), Some(page)) = (self.inputs.get(p), self.pages.get(p)) else {
            return;
        };
        self.errors.push(Error {
            file: input.path.clone(),
            line: at + 1,
            column: column_of(page, at),
            message,
            help: help.to_owned(),
        });
    }

    /// Which operation each page documents (or that it is the error-code page). A derived id gives way to
    /// the name the spec to merge into already has for the page's method and path.
    fn identify(&mut self, base: Option<&Node>) {
        let existing: Vec<(String, String, String)> = base
            .map(|doc| {
                merge::operations(doc)
                    .into_iter()
                    .map(|(path, method, id, _)| (path, method, id))
                    .collect()
            })
            .unwrap_or_default();
        let mut first_page: HashMap<String, usize> = HashMap::new();
        for p in 0..self.pages.len() {
            let page = &self.pages[p];
            if page.error_codes.is_some() && page.request_line.is_none() {
                self.roles.push(Role::ErrorCodes);
                continue;
            }
            if page.request_line.is_none() {
                let at = page.title.as_ref().map_or(0, |t| t.at);
                self.error(
                    p,
                    at,
                    "the page has no request line (`METHOD /path`) under `URI`".into(),
                    "check that this is an API page; the URI section must give the method and path",
                );
                self.roles.push(Role::Unknown);
                continue;
            }
            match operation_id(&self.inputs[p], page) {
                Ok((mut id, from)) => {
                    if from == IdSource::Derived
                        && let Some(rl) = &page.request_line
                        && let Some(kept) = name_in_spec(&existing, &rl.method, &rl.path)
                    {
                        let at = page.title.as_ref().map_or(0, |t| t.at);
                        let msg = format!(
                            "the page names no operation; `{kept}`, the spec's operation at {} {}, keeps its name (derived: `{id}`)",
                            rl.method, rl.path
                        );
                        self.pages[p].note(at, "operation-id-kept", msg);
                        id = kept;
                    }
                    let dup_of = first_page.get(&id).copied();
                    if dup_of.is_none() {
                        first_page.insert(id.clone(), p);
                    }
                    let page = &mut self.pages[p];
                    let at = page.title.as_ref().map_or(0, |t| t.at);
                    if from == IdSource::Derived {
                        page.note(
                            at,
                            "operation-id-derived",
                            format!(
                                "no SDK sample, operation file name or API name gives the operation id; `{id}` is derived from the page's {}",
                                if page.title.is_some() { "title" } else { "method and path" }
                            ),
                        );
                    }
                    if let Some(api) = &page.api_name
                        && api.text != id
                    {
                        let msg = format!(
                            "the page's API name is `{}`; the operation id `{id}` comes from the {}",
                            api.text,
                            from.as_str()
                        );
                        page.note(api.at, "api-name-differs", msg);
                    }
                    self.roles.push(Role::Operation { id, from, dup_of });
                }
                Err((at, message, help)) => {
                    self.error(p, at, message, help);
                    self.roles.push(Role::Unknown);
                }
            }
        }
    }

    /// A page documenting an operation an earlier page of the run documents: the first page's wording wins;
    /// the structure must agree; Mandatory cells the first page lacks are taken from the later one.
    fn reconcile_duplicates(&mut self) {
        for p in 0..self.pages.len() {
            let Some(Role::Operation {
                id,
                dup_of: Some(first),
                ..
            }) = self.roles.get(p)
            else {
                continue;
            };
            let (id, first) = (id.clone(), *first);
            let (left, right) = self.pages.split_at_mut(p);
            let (Some(a), Some(b)) = (left.get_mut(first), right.first_mut()) else {
                continue;
            };
            let first_file = self.inputs[first].path.display().to_string();
            let this_file = self.inputs[p].path.display().to_string();
            match reconcile(a, b) {
                Ok(filled) => {
                    let mut msg = format!(
                        "documents operation `{id}` like {first_file} (same method, path, tables, fields and types); \
                         the wording of {first_file} is kept"
                    );
                    if filled > 0 {
                        msg.push_str(&format!(
                            "; this page's Mandatory column states {filled} cells the first page lacks, and those are used"
                        ));
                        let at = a.title.as_ref().map_or(0, |t| t.at);
                        a.note(
                            at,
                            "required-from-other-page",
                            format!(
                                "{filled} Mandatory cells missing here are taken from {this_file}"
                            ),
                        );
                    }
                    let at = b.title.as_ref().map_or(0, |t| t.at);
                    b.note(at, "duplicate-operation", msg);
                }
                Err(diff) => {
                    let at = b.request_line.as_ref().map_or(0, |r| r.at);
                    self.error(
                        p,
                        at,
                        format!(
                            "this page documents operation `{id}`, already transcribed from {first_file}, differently: {diff}"
                        ),
                        "transcribe only one of the two pages, or fix the one that is out of date",
                    );
                }
            }
        }
    }

    /// The operations the run transcribes: (id, page), first pages only.
    fn operations_of_run(&self) -> Vec<(String, usize)> {
        self.roles
            .iter()
            .enumerate()
            .filter_map(|(p, role)| match role {
                Role::Operation {
                    id, dup_of: None, ..
                } => Some((id.clone(), p)),
                _ => None,
            })
            .collect()
    }

    /// Parameters, linked bodies with provisional schemas, and the remarks about examples and source text.
    fn bodies(&mut self, ops: &[(String, usize)]) -> Bodies {
        let mut out = Bodies {
            list: Vec::new(),
            op_ids: Vec::new(),
            params: Vec::new(),
        };
        for (op, (id, p)) in ops.iter().enumerate() {
            let Some(page) = self.pages.get_mut(*p) else {
                continue;
            };
            out.params.push(build::parameters(page));
            let first_body = out.list.len();
            let sels =
                std::iter::once(Sel::Request).chain((0..page.responses.len()).map(Sel::Response));
            for sel in sels.collect::<Vec<_>>() {
                let Some(group) = build::group(page, sel).cloned() else {
                    continue;
                };
                let links = link::link(&group, page);
                let status = match sel {
                    Sel::Request => None,
                    Sel::Response(r) => page.responses.get(r).map(|s| s.status),
                };
                let description = status.and_then(|s| {
                    page.status_codes
                        .iter()
                        .find(|r| r.status == s)
                        .map(|r| page::join(&r.description))
                });
                let b = out.list.len();
                let mut temp: Vec<Node> = (0..group.len())
                    .map(|t| {
                        let top = if t == 0 { description.as_deref() } else { None };
                        build::table_schema(b, &group, &links, t, top)
                    })
                    .collect();
                check_examples(page, sel, status, &group, &links);
                reconcile::reconcile_body(page, status, &group, &links, &mut temp);
                // A field with alternative tables is a `oneOf` of them; the body's own alternatives are made
                // a choice where the operation refers to it (`operations`).
                for (root, branches) in build::alternative_branches(&group, &links) {
                    if root == 0 {
                        continue;
                    }
                    let branches: Vec<(String, String)> = branches
                        .into_iter()
                        .map(|(t, title)| (build::temp_ref(b, t), title))
                        .collect();
                    for node in &mut temp {
                        build::one_of_alternatives(node, &build::temp_ref(b, root), &branches);
                    }
                }
                out.list.push(Body {
                    op,
                    page: *p,
                    sel,
                    status,
                    links,
                    temp,
                });
                out.op_ids.push(id.clone());
            }
            link_other_bodies(page, &mut out.list[first_body..], first_body);
            for (at, msg) in checks::example_urls(page) {
                page.note(at, "example-request", msg);
            }
            for (at, msg) in checks::source_damage(page) {
                page.note(at, "source-text", msg);
            }
        }
        out
    }

    /// Decides the schema names, against the existing spec's schemas that other operations own.
    fn names(
        &mut self,
        bodies: &Bodies,
        ops: &[(String, usize)],
        base: Option<&Node>,
    ) -> naming::Names {
        let empty = Map::new();
        let existing = base
            .and_then(|d| d.path(&[keys::COMPONENTS, keys::SCHEMAS]))
            .and_then(Node::as_map)
            .unwrap_or(&empty);
        let foreign = match base {
            Some(doc) => {
                let ids: BTreeSet<String> = ops.iter().map(|(id, _)| id.clone()).collect();
                merge::ownership(doc, &ids).1
            }
            None => Vec::new(),
        };
        let names = naming::assign(
            &bodies.list,
            &self.pages,
            &bodies.op_ids,
            existing,
            &foreign,
        );
        for (p, at, message, help) in &names.errors {
            self.error(*p, *at, message.clone(), help);
        }
        for (p, at, message) in &names.notes {
            if let Some(page) = self.pages.get_mut(*p) {
                page.note(*at, "schema-names", message.clone());
            }
        }
        names
    }

    /// The operation objects.
    fn operations(
        &mut self,
        ops: &[(String, usize)],
        mut bodies: Bodies,
        names: &naming::Names,
    ) -> Vec<OpOut> {
        let mut out = Vec::new();
        for (op, (id, p)) in ops.iter().enumerate() {
            let lookup: Vec<(Sel, String)> = bodies
                .list
                .iter()
                .enumerate()
                .filter(|(_, b)| b.op == op)
                .filter_map(|(i, b)| Some((b.sel, names.by_table.get(&(i, 0))?.clone())))
                .collect();
            let body_name = |sel: Sel| {
                lookup
                    .iter()
                    .find(|(s, _)| *s == sel)
                    .map(|(_, n)| n.clone())
            };
            let params = bodies
                .params
                .get_mut(op)
                .map(std::mem::take)
                .unwrap_or_default();
            let Some(page) = self.pages.get_mut(*p) else {
                continue;
            };
            let mut node = build::operation(page, id, params, &body_name);
            // A body with alternative tables (IMS GlanceUpdateImage, one body per `Content-Type`) is a
            // `oneOf` of its top schema and theirs, where the operation refers to it.
            for (i, body) in bodies.list.iter().enumerate().filter(|(_, b)| b.op == op) {
                let Some(group) = build::group(page, body.sel) else {
                    continue;
                };
                for (root, branches) in build::alternative_branches(group, &body.links) {
                    let Some(first) = names.by_table.get(&(i, root)).filter(|_| root == 0) else {
                        continue;
                    };
                    let branches: Vec<(String, String)> = branches
                        .into_iter()
                        .filter_map(|(t, title)| {
                            let name = names.by_table.get(&(i, t))?;
                            Some((format!("{}{name}", build::REF_PREFIX), title))
                        })
                        .collect();
                    let target = format!("{}{first}", build::REF_PREFIX);
                    build::one_of_alternatives(&mut node, &target, &branches);
                }
            }
            if let Some(rl) = &page.request_line {
                out.push(OpOut {
                    id: id.clone(),
                    path: rl.path.clone(),
                    method: rl.method.to_ascii_lowercase(),
                    node,
                });
            }
        }
        out
    }

    /// `x-error-codes` from the error-code page (the last one, if several were given).
    fn error_codes(&self) -> Option<Node> {
        self.roles
            .iter()
            .zip(&self.pages)
            .filter(|(role, _)| matches!(role, Role::ErrorCodes))
            .filter_map(|(_, page)| build::error_codes(page))
            .next_back()
    }

    /// One error per line that could not be placed.
    fn unplaced_errors(&mut self) {
        let mut found = Vec::new();
        for (p, page) in self.pages.iter().enumerate() {
            for (at, mark) in page.marks.iter().enumerate() {
                if let Mark::Unplaced(why) = mark {
                    let text = page.lines.get(at).map_or("", |l| l.text.as_str());
                    found.push((p, at, format!("cannot place `{text}`: {why}")));
                }
            }
        }
        for (p, at, message) in found {
            self.error(
                p,
                at,
                message,
                "fix the page text or teach the transcriber this layout; \
                 --allow-unplaced lists such lines in the report instead",
            );
        }
    }
}

/// Remarks where an example body contradicts its tables.
fn check_examples(
    page: &mut Page,
    sel: Sel,
    status: Option<u16>,
    group: &page::Group,
    links: &link::Links,
) {
    let examples: Vec<(usize, Node, String)> = match sel {
        Sel::Request => page
            .request_examples
            .iter()
            .filter_map(|e| {
                let b = e.body.as_ref()?;
                Some((
                    b.first,
                    b.json.clone()?,
                    "the example request body".to_owned(),
                ))
            })
            .collect(),
        Sel::Response(_) => page
            .response_examples
            .iter()
            .filter(|e| Some(e.status) == status)
            // Every example of the status, when the page gives several.
            .flat_map(|e| e.blocks.iter().map(move |b| (e.status, b)))
            .filter_map(|(status, b)| {
                Some((
                    b.first,
                    b.json.clone()?,
                    format!("example response {status}"),
                ))
            })
            .collect(),
    };
    let array_of = reconcile::array_body(page, status, group);
    for (at, value, what) in examples {
        // The body is an array of the top table's objects: each element is compared with the table.
        let values = match value {
            Node {
                value: Value::Seq(items),
                ..
            } if array_of => items
                .into_iter()
                .map(|item| (item, format!("{what}[]")))
                .collect(),
            value => vec![(value, what)],
        };
        let mut messages: Vec<String> = Vec::new();
        for (v, what) in &values {
            for msg in checks::example_against_tables(group, links, v, what) {
                if !messages.contains(&msg) {
                    messages.push(msg);
                }
            }
        }
        for msg in messages {
            page.note(
                at,
                "example-contradicts-table",
                format!("{msg}; the spec follows the table, the example is kept verbatim"),
            );
        }
    }
}

/// The schemas to write, with the provisional references replaced by names.
fn schemas(bodies: &[Body], names: &naming::Names) -> Map {
    let mut out = Map::new();
    for &(b, t) in &names.origins {
        let (Some(name), Some(node)) = (
            names.by_table.get(&(b, t)),
            bodies.get(b).and_then(|body| body.temp.get(t)),
        ) else {
            continue;
        };
        if !out.contains_key(name) {
            out.insert(name.clone().into(), resolve_refs(node, &names.by_table));
        }
    }
    out
}

/// The operationId of the one operation `existing` (path, lower-case method, id) has at `method` and
/// `path` (its plain key; action APIs sharing it are not matched by method and path).
fn name_in_spec(existing: &[(String, String, String)], method: &str, path: &str) -> Option<String> {
    let method = method.to_ascii_lowercase();
    let mut found = existing
        .iter()
        .filter(|(p, m, _)| *m == method && p == path)
        .map(|(_, _, id)| id.clone());
    let first = found.next();
    first.filter(|_| found.next().is_none())
}

/// Where an operation id comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IdSource {
    /// The SDK sample's `XxxRequest` class.
    SdkSample,
    /// The page's file name (`ListTopics.txt`).
    FileName,
    /// The page's `API name` line (older layouts).
    ApiName,
    /// Made from the page's title (else its method and path): the page names no operation.
    Derived,
}

impl IdSource {
    /// As the report spells it.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            IdSource::SdkSample => "sdk-sample",
            IdSource::FileName => "file-name",
            IdSource::ApiName => "api-name",
            IdSource::Derived => "derived",
        }
    }
}

/// An operation id made from the page when nothing names the operation: the title's words in UpperCamelCase
/// (`Querying Topics` → `QueryingTopics`, as the corpus derives names), else the method and the path's
/// literal segments (`POST /v2/{project_id}/cloudservers/action` → `PostV2CloudserversAction`).
pub(crate) fn derived_operation_id(page: &Page) -> Option<String> {
    let camel = |text: &str| -> String {
        text.split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| {
                let mut cs = w.chars();
                cs.next()
                    .map(|f| f.to_ascii_uppercase().to_string() + cs.as_str())
                    .unwrap_or_default()
            })
            .collect()
    };
    let from_title = page.title.as_ref().map(|t| camel(&t.text));
    if let Some(id) = from_title.filter(|id| crate::transcribe::parse::is_operation_name(id)) {
        return Some(id);
    }
    let rl = page.request_line.as_ref()?;
    let literal: Vec<&str> = rl.path.split('/').filter(|s| !s.starts_with('{')).collect();
    let id = camel(&format!(
        "{} {}",
        rl.method.to_ascii_lowercase(),
        literal.join(" ")
    ));
    crate::transcribe::parse::is_operation_name(&id).then_some(id)
}

/// The operation id of a page and where it comes from: the SDK sample's `XxxRequest` class, else the file
/// name when it is a PascalCase identifier (the English corpus), else the page's `API name`, else derived
/// from the page ([`derived_operation_id`]); an error only when the sources that exist disagree (SDK sample
/// and file name) or nothing at all can be made.
pub(super) fn operation_id(
    input: &PageInput,
    page: &Page,
) -> Result<(String, IdSource), (usize, String, &'static str)> {
    let mut from_sdk: Vec<(String, usize)> = Vec::new();
    for s in &page.sdk_samples {
        for class in &s.request_classes {
            let id = class.trim_end_matches("Request").to_owned();
            if !from_sdk.iter().any(|(x, _)| *x == id) {
                from_sdk.push((id, s.first));
            }
        }
    }
    let stem = input
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| {
            s.starts_with(|c: char| c.is_ascii_uppercase())
                && (s.chars().all(|c| c.is_ascii_alphanumeric()) || ids::unsuffixed(s).is_some())
        });
    if from_sdk.len() > 1 {
        let names: Vec<_> = from_sdk
            .iter()
            .map(|(n, _)| format!("{n}Request"))
            .collect();
        return Err((
            from_sdk[1].1,
            format!(
                "the SDK samples use several request classes ({})",
                names.join(", ")
            ),
            "keep one SDK sample per page, or name the page file <OperationId>.txt",
        ));
    }
    match (from_sdk.first(), stem) {
        (Some((a, at)), Some(b)) if *a != b && ids::unsuffixed(&b) != Some(a.as_str()) => Err((
            *at,
            format!("the SDK sample says the operation is `{a}` but the file name says `{b}`"),
            "rename the page file to <OperationId>.txt",
        )),
        (Some((a, _)), _) => Ok((a.clone(), IdSource::SdkSample)),
        (None, Some(b)) => Ok((b, IdSource::FileName)),
        (None, None) if page.api_name.is_some() => Ok((
            page.api_name.as_ref().map(|t| t.text.clone()).unwrap_or_default(),
            IdSource::ApiName,
        )),
        (None, None) if let Some(id) = derived_operation_id(page) => Ok((id, IdSource::Derived)),
        (None, None) => Err((
            page.title.as_ref().map_or(0, |t| t.at),
            "cannot tell the operation id: no SDK sample names a request class and the file name is not an operation name".into(),
            "rename the page file to <OperationId>.txt (e.g. ListBackgroundTasks.txt)",
        )),
    }
}

/// Every table of a page in order (parameters, request body, response bodies).
fn tables_mut(page: &mut Page) -> Vec<&mut Table> {
    let mut out: Vec<&mut Table> = page.params.iter_mut().collect();
    if let Some(g) = page.request_body.as_mut() {
        out.push(&mut g.top);
        out.extend(g.nested.iter_mut());
    }
    for s in page.responses.iter_mut() {
        if let Some(g) = s.body.as_mut() {
            out.push(&mut g.top);
            out.extend(g.nested.iter_mut());
        }
    }
    out
}

/// The structure of a page, for comparing two pages of one operation: method, path, the tables' kinds,
/// row names and types, the documented statuses.
fn signature(page: &mut Page) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(r) = &page.request_line {
        out.push(format!("{} {}", r.method, r.path));
    }
    let statuses: BTreeSet<u16> = page.status_codes.iter().map(|r| r.status).collect();
    out.push(format!("statuses {statuses:?}"));
    out.push(format!(
        "response sections {:?}",
        page.responses.iter().map(|s| s.status).collect::<Vec<_>>()
    ));
    for t in tables_mut(page) {
        let kind = match &t.kind {
            TableKind::Nested(n) => format!("table {n}"),
            k => format!("{k:?} table"),
        };
        let rows: Vec<String> = t
            .rows
            .iter()
            .map(|r| format!("{}: {}", r.name.text, r.type_text.text))
            .collect();
        out.push(format!("{kind} [{}]", rows.join(", ")));
    }
    out
}

/// Checks that `b` documents the same structure as `a`; fills `a`'s missing Mandatory cells from `b`.
fn reconcile(a: &mut Page, b: &mut Page) -> Result<usize, String> {
    let (sa, sb) = (signature(a), signature(b));
    if sa != sb {
        let diff = sa.iter().zip(sb.iter()).find(|(x, y)| x != y).map_or_else(
            || "a different number of tables".to_owned(),
            |(x, y)| format!("the first page has `{x}`, this page has `{y}`"),
        );
        return Err(diff);
    }
    let mut filled = 0;
    for (ta, tb) in tables_mut(a).into_iter().zip(tables_mut(b)) {
        for (ra, rb) in ta.rows.iter_mut().zip(tb.rows.iter()) {
            if ra.mandatory.is_none() && rb.mandatory.is_some() {
                ra.mandatory = rb.mandatory;
                filled += 1;
            }
        }
    }
    Ok(filled)
}

/// Replaces provisional references with the decided names.
fn resolve_refs(node: &Node, names: &HashMap<(usize, usize), String>) -> Node {
    match &node.value {
        Value::Map(m) => Node::map(
            m.iter()
                .map(|(k, v)| {
                    let v = match (k.as_str(), v.as_str().and_then(build::parse_temp_ref)) {
                        (keys::REF, Some(bt)) => names.get(&bt).map_or_else(
                            || v.clone(),
                            |n| Node::str(format!("{}{n}", build::REF_PREFIX)),
                        ),
                        _ => resolve_refs(v, names),
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Seq(items) => Node::seq(items.iter().map(|i| resolve_refs(i, names)).collect()),
        _ => node.clone(),
    }
}
