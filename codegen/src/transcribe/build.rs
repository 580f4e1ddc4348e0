//! [`Page`] → OpenAPI nodes: parameters, schemas (with provisional `$ref`s until [`naming`](super::naming)
//! has decided the names), and the operation object.

use super::labels::{self, TableKind, TypeSpec};
use super::link::Links;
use super::page::{Group, Kept, Mark, Page, ResponseExample, Row, Table, Text, join};
use crate::spec::keys;
use crate::spec::yaml::{Map, Node, Value};
use std::collections::BTreeSet;

/// The prefix of a schema reference (the reader's, so both sides spell it once).
pub(crate) const REF_PREFIX: &str = keys::SCHEMA_REF_PREFIX;

/// Which body of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sel {
    /// The request body.
    Request,
    /// The body of response section `i`.
    Response(usize),
}

/// One body of one operation, with its links and provisional schema nodes.
#[derive(Debug, Clone)]
pub(crate) struct Body {
    /// Index of the operation in the run.
    pub op: usize,
    /// Index of the page.
    pub page: usize,
    /// Which body.
    pub sel: Sel,
    /// The response status (`None` for the request).
    pub status: Option<u16>,
    /// The links between its tables.
    pub links: Links,
    /// Per table: its schema with provisional `$ref`s ([`temp_ref`]).
    pub temp: Vec<Node>,
}

/// The body's tables.
pub(crate) fn group(page: &Page, sel: Sel) -> Option<&Group> {
    match sel {
        Sel::Request => page.request_body.as_ref(),
        Sel::Response(i) => page.responses.get(i).and_then(|s| s.body.as_ref()),
    }
}

/// A provisional reference to table `t` of body `b`, replaced by the schema's name before output.
pub(crate) fn temp_ref(b: usize, t: usize) -> String {
    format!("{REF_PREFIX}\u{0}{b}.{t}")
}

/// The body and table of a provisional reference.
pub(crate) fn parse_temp_ref(r: &str) -> Option<(usize, usize)> {
    let rest = r.strip_prefix(REF_PREFIX)?.strip_prefix('\u{0}')?;
    let (b, t) = rest.split_once('.')?;
    Some((b.parse().ok()?, t.parse().ok()?))
}

/// A body whose only row is named `-` describes one unnamed value, not an object (CreateKafkaConsumerGroup).
pub(crate) fn is_bare_value(table: &Table) -> bool {
    table.rows.len() == 1 && table.rows[0].name.text == "-" && table.rows[0].ty.table().is_none()
}

/// A body whose only row stands for its elements (`[Array element]` / `Array of EventItem objects`, Cloud
/// Eye CreateEvents): the body is that array.
pub(crate) fn is_elements_body(table: &Table) -> bool {
    table.rows.len() == 1
        && labels::is_element_placeholder(&table.rows[0].name.text)
        && matches!(table.rows[0].ty, TypeSpec::Array(_))
}

/// Whether a response body is an array of its top table's objects: the table documents one element (its rows
/// are an object's fields, not a bare value or an element placeholder, which [`is_elements_body`] reads)
/// while every JSON example of the status is an array (`[{"id": …}, …]`), each element an object with a
/// field of the table (an empty array shows no element to contradict it). Without an example, or with one
/// example that is not an array, the table's object stays the body.
pub(crate) fn is_array_of_top(group: &Group, examples: &[Node]) -> bool {
    let top = &group.top;
    if top.rows.is_empty() || is_bare_value(top) || is_elements_body(top) {
        return false;
    }
    let documented = |item: &Node| match &item.value {
        Value::Map(m) => m.keys().any(|k| top.rows.iter().any(|r| r.name.text == *k)),
        _ => false,
    };
    !examples.is_empty()
        && examples
            .iter()
            .all(|e| matches!(&e.value, Value::Seq(items) if items.iter().all(documented)))
}

/// The schema of a type cell; `child` is the reference for a linked table.
pub(crate) fn type_schema(ty: &TypeSpec, child: Option<&str>) -> Map {
    let mut m = Map::new();
    let mut set = |k: &str, v: Node| {
        m.insert(k.into(), v);
    };
    match ty {
        TypeSpec::String => set(keys::TYPE, "string".into()),
        TypeSpec::Integer => {
            set(keys::TYPE, "integer".into());
            set(keys::FORMAT, "int32".into());
        }
        TypeSpec::Long => {
            set(keys::TYPE, "integer".into());
            set(keys::FORMAT, "int64".into());
        }
        TypeSpec::Double | TypeSpec::Float => {
            set(keys::TYPE, "number".into());
            set(keys::FORMAT, "double".into());
        }
        TypeSpec::Number => set(keys::TYPE, "number".into()),
        // A file: the bytes themselves (OpenAPI 3.0's spelling of binary data).
        TypeSpec::File => {
            set(keys::TYPE, "string".into());
            set(keys::FORMAT, "binary".into());
        }
        TypeSpec::Boolean => set(keys::TYPE, "boolean".into()),
        // An `Object` row of an older layout linked to a table by its caption or a `see Table N` pointer.
        TypeSpec::Object => match child {
            Some(r) => set(keys::REF, r.into()),
            None => set(keys::TYPE, "object".into()),
        },
        // Elements of a bare `list`: any JSON value, unless a table describes them.
        TypeSpec::Any => {
            if let Some(r) = child {
                set(keys::REF, r.into());
            }
        }
        // The wire form of a parameter whose page gives no type; `x-type-unstated` says the page did not say.
        TypeSpec::Unstated => {
            set(keys::TYPE, "string".into());
            set(keys::X_TYPE_UNSTATED, true.into());
        }
        TypeSpec::Array(inner) => {
            set(keys::TYPE, "array".into());
            set(keys::ITEMS, Node::map(type_schema(inner, child)));
        }
        // A map of scalars whose entries a table lists (EVS `metadata`): that table's schema, which gives
        // the entries as properties and the values' type as `additionalProperties`.
        TypeSpec::Map(_) if child.is_some() && ty.scalar_map_value().is_some() => {
            set(keys::REF, child.unwrap_or_default().into());
        }
        TypeSpec::Map(inner) => {
            set(keys::TYPE, "object".into());
            set(
                keys::ADDITIONAL_PROPERTIES,
                Node::map(type_schema(inner, child)),
            );
        }
        TypeSpec::Table(_) => match child {
            Some(r) => set(keys::REF, r.into()),
            // The row is already marked unplaced (no table); keep the field as a free-form object.
            None => set(keys::TYPE, "object".into()),
        },
    }
    m
}

/// `schema` with `description` after `$ref` / `type` / `format` and before everything else.
fn with_description(schema: Map, description: &str) -> Map {
    let mut out = Map::new();
    let mut rest = Map::new();
    for (k, v) in schema {
        if matches!(k.as_str(), keys::REF | keys::TYPE | keys::FORMAT) {
            out.insert(k, v);
        } else {
            rest.insert(k, v);
        }
    }
    if !description.is_empty() {
        out.insert(keys::DESCRIPTION.into(), description.into());
    }
    out.extend(rest);
    out
}

/// A property of an object schema.
fn property(row: &Row, child: Option<&str>, inferred: bool) -> Node {
    let mut m = with_description(type_schema(&row.ty, child), &join(&row.description));
    if inferred {
        m.insert(keys::X_REQUIRED_INFERRED.into(), true.into());
    }
    Node::map(m)
}

/// The value type of the map of scalars whose row links to table `t`, if one does.
fn map_values_linking<'g>(group: &'g Group, links: &Links, t: usize) -> Option<&'g TypeSpec> {
    (0..group.len()).find_map(|p| {
        let table = group.table(p)?;
        table.rows.iter().enumerate().find_map(|(r, row)| {
            let linked = links.child.get(p)?.get(r).copied().flatten();
            (linked == Some(t))
                .then(|| row.ty.scalar_map_value())
                .flatten()
        })
    })
}

/// The schema of every value of an object whose keys a placeholder row stands for (`{User defined key}`).
/// Such a row spells its type as the whole object's: `Map<String,ResponseInfoResp>` (APIG, whose example
/// is `{"ACCESS_DENIED": {"status": 403, …}}`) gives values of `ResponseInfoResp`; `Object` with no table
/// (FunctionGraph `{Customized_key}`, whose example is `{"k": "v"}`) is the doc's word for any JSON value, as
/// the answer keys read it; any other type is the type of each value.
fn placeholder_values(row: &Row, child: Option<&str>) -> Map {
    let values = match &row.ty {
        TypeSpec::Map(inner) => type_schema(inner, child),
        TypeSpec::Object if child.is_none() => type_schema(&TypeSpec::Any, None),
        ty => type_schema(ty, child),
    };
    with_description(values, &join(&row.description))
}

/// The provisional schema of table `t` of body `b`. `description` goes on top tables (the status
/// description of a response).
pub(crate) fn table_schema(
    b: usize,
    group: &Group,
    links: &Links,
    t: usize,
    description: Option<&str>,
) -> Node {
    let Some(table) = group.table(t) else {
        return Node::map(Map::new());
    };
    let caption = Node::str(&table.caption.text);
    // A top table, or another way to fill it (IMS GlanceUpdateImage's `v2.0` body, `[Array]` too).
    let top = t == 0 || links.alternatives.contains(&(0, t));
    if top && (is_bare_value(table) || is_elements_body(table)) {
        let row = &table.rows[0];
        let child = links
            .child
            .get(t)
            .and_then(|rows| rows.first().copied().flatten())
            .map(|c| temp_ref(b, c));
        let mut m = with_description(
            type_schema(&row.ty, child.as_deref()),
            &join(&row.description),
        );
        m.insert(keys::X_CAPTION.into(), caption);
        return Node::map(m);
    }
    let mandatory_column = table.has_mandatory_column();
    let mut m = Map::new();
    m.insert(keys::TYPE.into(), "object".into());
    if let Some(d) = description.filter(|d| !d.is_empty()) {
        m.insert(keys::DESCRIPTION.into(), d.into());
    }
    let mut properties = Map::new();
    let mut required = Vec::new();
    for (r, row) in table.rows.iter().enumerate() {
        let child = links
            .child
            .get(t)
            .and_then(|rows| rows.get(r).copied().flatten())
            .map(|c| temp_ref(b, c));
        if labels::is_key_placeholder(&row.name.text) {
            m.insert(
                keys::ADDITIONAL_PROPERTIES.into(),
                Node::map(placeholder_values(row, child.as_deref())),
            );
            continue;
        }
        let inferred = mandatory_column && row.mandatory.is_none();
        // A scalar type cell the linked table and the examples overrule (see `link`).
        let retyped = links.retyped(t, r).map(|ty| Row {
            ty: ty.clone(),
            ..row.clone()
        });
        properties.insert(
            row.name.text.clone().into(),
            property(retyped.as_ref().unwrap_or(row), child.as_deref(), inferred),
        );
        if row.mandatory == Some(true) {
            required.push(Node::str(&row.name.text));
        }
    }
    // A map (one placeholder row) has no properties to list.
    if !(properties.is_empty() && m.contains_key(keys::ADDITIONAL_PROPERTIES)) {
        m.insert(keys::PROPERTIES.into(), Node::map(properties));
    }
    // The table lists the entries of a map of scalars (`Map<String,String>`): other keys may come, with
    // values of the map's type.
    if let Some(values) = map_values_linking(group, links, t) {
        m.insert(
            keys::ADDITIONAL_PROPERTIES.into(),
            Node::map(type_schema(values, None)),
        );
    }
    if !required.is_empty() {
        m.insert(keys::REQUIRED.into(), Node::seq(required));
    }
    m.insert(keys::X_CAPTION.into(), caption);
    Node::map(m)
}

/// Words a caption shares with most captions, which tell no way of calling from another.
const PLAIN_CAPTION_WORDS: &str = "a an and are as at be body by create creating description field fields for \
     from in is it message of on only or parameter parameters request response set structure the to used using \
     when with";

/// At most this many words make a branch's title (`ReadReplica`, `MethodsAssumeRole`): enough to tell the
/// ways apart, short enough for a Rust variant.
const TITLE_WORDS: usize = 3;

/// A caption's parenthesised part of at most this many words names its way of calling.
const SHORT_PARENTHESIS: usize = 6;

/// The `title` of each branch of a `oneOf` made of alternative tables (`captions[0]` the first table's):
/// the words of its caption's short parenthesised part when it has one (`(creating a read replica)`), else of the
/// whole caption after `Table N`, that no other caption of the choice has, without the words most captions
/// share, at most [`TITLE_WORDS`], in UpperCamelCase; a caption with no such word is `Way<N>` (its place).
pub(crate) fn branch_titles(captions: &[&str]) -> Vec<String> {
    let words = |caption: &str| -> Vec<String> {
        let text = labels::caption_title(caption).unwrap_or(caption);
        // A short parenthesised part names the way (`(methods is set to assume_role)`); a long one is a
        // remark (`(For Microsoft SQL Server, Only 2022_EE … support …)`).
        let text = match (text.find('('), text.rfind(')')) {
            (Some(open), Some(close))
                if open < close
                    && text[open + 1..close].split_whitespace().count() <= SHORT_PARENTHESIS =>
            {
                &text[open + 1..close]
            }
            _ => text,
        };
        // `v2.1` is one word (IMS GlanceUpdateImage's `v2.1` and `v2.0` bodies).
        text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
            .map(|w| w.trim_matches('.'))
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let all: Vec<Vec<String>> = captions.iter().map(|c| words(c)).collect();
    let mut titles: Vec<String> = Vec::new();
    for (i, mine) in all.iter().enumerate() {
        let mut picked: Vec<&str> = Vec::new();
        for w in mine {
            let elsewhere = all
                .iter()
                .enumerate()
                .any(|(j, other)| j != i && other.contains(w));
            if !elsewhere
                && !PLAIN_CAPTION_WORDS.split_whitespace().any(|p| p == w)
                && !picked.contains(&w.as_str())
            {
                picked.push(w);
            }
        }
        let title: String = picked
            .iter()
            .take(TITLE_WORDS)
            .map(|w| heck::ToUpperCamelCase::to_upper_camel_case(*w))
            .collect();
        // A title must start with a letter and be one of a kind to name a variant.
        let usable =
            title.starts_with(|c: char| c.is_ascii_alphabetic()) && !titles.contains(&title);
        titles.push(if usable {
            title
        } else {
            format!("Way{}", i + 1)
        });
    }
    titles
}

/// `node` with every schema referring to `target` made a `oneOf` of `branches` (`$ref` and `title`), its other
/// keys (`description`) kept beside the choice.
pub(crate) fn one_of_alternatives(node: &mut Node, target: &str, branches: &[(String, String)]) {
    match &mut node.value {
        Value::Map(m) => {
            if m.get(keys::REF).and_then(Node::as_str) == Some(target) {
                let list = branches
                    .iter()
                    .map(|(r, title)| {
                        let mut b = Map::new();
                        b.insert(keys::REF.into(), Node::str(r));
                        b.insert(keys::TITLE.into(), Node::str(title));
                        Node::map(b)
                    })
                    .collect();
                let mut out = Map::new();
                out.insert(keys::ONE_OF.into(), Node::seq(list));
                for (k, v) in m.iter().filter(|(k, _)| k.as_str() != keys::REF) {
                    out.insert(k.clone(), v.clone());
                }
                *m = out;
                return;
            }
            for (_, v) in m.iter_mut() {
                one_of_alternatives(v, target, branches);
            }
        }
        Value::Seq(items) => {
            for i in items {
                one_of_alternatives(i, target, branches);
            }
        }
        _ => {}
    }
}

/// The branches of the choice of each table of `group` with alternatives: (first table, [(table, title)]),
/// the first table first.
pub(crate) fn alternative_branches(
    group: &Group,
    links: &Links,
) -> Vec<(usize, Vec<(usize, String)>)> {
    let mut roots: Vec<usize> = links.alternatives.iter().map(|(r, _)| *r).collect();
    roots.dedup();
    roots.sort_unstable();
    roots.dedup();
    roots
        .into_iter()
        .map(|root| {
            let tables: Vec<usize> = std::iter::once(root)
                .chain(
                    links
                        .alternatives
                        .iter()
                        .filter(|(r, _)| *r == root)
                        .map(|(_, a)| *a),
                )
                .collect();
            let captions: Vec<&str> = tables
                .iter()
                .map(|&t| group.table(t).map_or("", |tb| tb.caption.text.as_str()))
                .collect();
            (
                root,
                tables.into_iter().zip(branch_titles(&captions)).collect(),
            )
        })
        .collect()
}

/// Whether a body carries one bare string (its media type is then `text/plain`).
fn is_bare_string(group: &Group) -> bool {
    is_bare_value(&group.top) && group.top.rows[0].ty == TypeSpec::String
}

/// The parameters of the page's path, query and header tables.
pub(crate) fn parameters(page: &mut Page) -> Vec<Node> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let mut notes = Vec::new();
    let path = page.request_line.as_ref().map_or("", |r| r.path.as_str());
    let placeholder = |name: &str| path.contains(&format!("{{{name}}}"));
    // Names a path table documents, so a query row of the same name stays a query parameter.
    let path_rows: Vec<&str> = page
        .params
        .iter()
        .filter(|t| matches!(t.kind, TableKind::Path | TableKind::Uri))
        .flat_map(|t| t.rows.iter().map(|r| r.name.text.as_str()))
        .collect();
    for table in &page.params {
        for row in &table.rows {
            let location = match table.kind {
                TableKind::Path => "path",
                // IAM KeystoneShowGroup (`Query parameters` / `group_id` of `GET /v3/groups/{group_id}`), ELB
                // quotas (`project_id` among a GET's request parameters): a row named by a placeholder of the
                // path that no path table documents is that path parameter; the query has no such name.
                TableKind::Query
                    if placeholder(&row.name.text)
                        && !path_rows.contains(&row.name.text.as_str()) =>
                {
                    notes.push((
                        row.name.at,
                        "query-row-in-path",
                        format!(
                            "`{}` is in the table `{}` but names the placeholder `{{{}}}` of the path; it is that path parameter",
                            row.name.text, table.caption.text, row.name.text
                        ),
                    ));
                    "path"
                }
                TableKind::Query => "query",
                TableKind::Uri if path.contains(&format!("{{{}}}", row.name.text)) => "path",
                TableKind::Uri => "query",
                _ => "header",
            };
            if row.ty.table().is_some() {
                problems.push((
                    row.type_text.at,
                    format!(
                        "parameter `{}` has an object type; parameters must be scalars or arrays",
                        row.name.text
                    ),
                ));
                continue;
            }
            let path = location == "path";
            if path && row.mandatory == Some(false) {
                notes.push((
                    row.name.at,
                    "path-parameter-optional",
                    format!("path parameter `{}` is documented as optional; path parameters are always required", row.name.text),
                ));
            }
            let description = join(&row.description);
            // ELB `l7policy_id` / `Object`: a path segment is text whatever the page says (doc defect).
            let object_in_path = path && matches!(row.ty, TypeSpec::Object | TypeSpec::Any);
            if object_in_path {
                notes.push((
                    row.type_text.at,
                    "path-parameter-object",
                    format!("path parameter `{}` is documented as `{}`; a path segment is text, so it is a string (doc defect)", row.name.text, row.type_text.text),
                ));
            }
            // EVS `Content-Type` / `Object`: a header value is text whatever the page says (doc defect).
            let object_in_header =
                location == "header" && matches!(row.ty, TypeSpec::Object | TypeSpec::Any);
            if object_in_header {
                notes.push((
                    row.type_text.at,
                    "header-parameter-object",
                    format!("header parameter `{}` is documented as `{}`; a header value is text, so it is a string (doc defect)", row.name.text, row.type_text.text),
                ));
            }
            let mut schema = if object_in_path || object_in_header {
                type_schema(&TypeSpec::String, None)
            } else {
                type_schema(&row.ty, None)
            };
            if location == "query"
                && row.ty == TypeSpec::String
                && description.contains("YYYYMMDDHHmmss")
            {
                schema.insert(keys::PATTERN.into(), "^[0-9]{14}$".into());
                schema.insert(keys::X_DATETIME_FORMAT.into(), "YYYYMMDDHHmmss".into());
            }
            // On a parameter, `x-type-unstated` sits beside `x-required-inferred`, not in the schema.
            let unstated = schema.shift_remove(keys::X_TYPE_UNSTATED).is_some();
            let mut m = Map::new();
            m.insert(keys::NAME.into(), Node::str(&row.name.text));
            m.insert(keys::IN.into(), location.into());
            m.insert(
                keys::REQUIRED.into(),
                (path || row.mandatory == Some(true)).into(),
            );
            if !description.is_empty() {
                m.insert(keys::DESCRIPTION.into(), description.into());
            }
            m.insert(keys::SCHEMA.into(), Node::map(schema));
            if row.mandatory.is_none() {
                m.insert(keys::X_REQUIRED_INFERRED.into(), true.into());
            }
            if unstated {
                m.insert(keys::X_TYPE_UNSTATED.into(), true.into());
            }
            if path && row.name.text == "project_id" {
                m.insert(keys::X_FROM_CREDENTIALS.into(), "project_id".into());
            }
            // CCE ShowNodePool: `project_id` in the path table and again in the next table (doc defect). OpenAPI
            // allows one parameter per name and location: the first row is kept, the repeat noted.
            let repeated = out.iter().any(|p: &Node| {
                p.get(keys::NAME).and_then(Node::as_str) == Some(row.name.text.as_str())
                    && p.get(keys::IN).and_then(Node::as_str) == Some(location)
            });
            if repeated {
                notes.push((
                    row.name.at,
                    "parameter-repeated",
                    format!(
                        "`{}` ({location}) is documented again in the table `{}`; the first row is kept (doc defect)",
                        row.name.text, table.caption.text
                    ),
                ));
                continue;
            }
            out.push(Node::map(m));
        }
    }
    for (at, why) in problems {
        page.unplace(at, why);
    }
    for (at, kind, msg) in notes {
        page.note(at, kind, msg);
    }
    undocumented_path_parameters(page, &mut out);
    out
}

/// A `{placeholder}` of the request path that no row of the page documents (VPC `DELETE
/// /v2.0/routers/{router_id}` with `Request Parameters: None`; a row whose name has a typo, IAM `protocol _id`)
/// is still a path parameter: OpenAPI and `generate` need one per placeholder, and the URL cannot be built
/// without it. It is a required string (the path is text) marked `x-from-path: true`, the page's only word
/// about it being the path itself, and the page gets a note naming the doc gap.
fn undocumented_path_parameters(page: &mut Page, out: &mut Vec<Node>) {
    let Some(line) = page.request_line.as_ref() else {
        return;
    };
    let (at, path) = (line.at, line.path.clone());
    let declared: BTreeSet<String> = out
        .iter()
        .filter(|p| p.get(keys::IN).and_then(Node::as_str) == Some("path"))
        .filter_map(|p| p.get(keys::NAME).and_then(Node::as_str).map(str::to_owned))
        .collect();
    let mut added = BTreeSet::new();
    for name in crate::spec::path_placeholders(&path) {
        if declared.contains(name) || !added.insert(name.to_owned()) {
            continue;
        }
        let mut schema = Map::new();
        schema.insert(keys::TYPE.into(), "string".into());
        let mut m = Map::new();
        m.insert(keys::NAME.into(), Node::str(name));
        m.insert(keys::IN.into(), "path".into());
        m.insert(keys::REQUIRED.into(), true.into());
        m.insert(
            keys::DESCRIPTION.into(),
            format!("`{{{name}}}` of the request path (the page documents it nowhere else).")
                .into(),
        );
        m.insert(keys::SCHEMA.into(), Node::map(schema));
        m.insert(keys::X_FROM_PATH.into(), true.into());
        if name == "project_id" {
            m.insert(keys::X_FROM_CREDENTIALS.into(), "project_id".into());
        }
        out.push(Node::map(m));
        page.note(
            at,
            "path-parameter-undocumented",
            format!("`{{{name}}}` in `{path}` has no row in the page's tables (doc gap); it is a required string path parameter marked x-from-path"),
        );
    }
}

/// The name of a top (body) schema, as spec/README.md fixes it.
pub(crate) fn top_name(op: &str, status: Option<u16>, first_success: bool) -> String {
    match status {
        None => format!("{op}RequestBody"),
        Some(_) if first_success => format!("{op}Response"),
        Some(labels::DEFAULT_STATUS) => format!("{op}ResponseDefault"),
        Some(s) => format!("{op}Response{s}"),
    }
}

/// The examples of one body: one goes to `example`, several to `examples` (OpenAPI allows one or the other).
enum Examples {
    None,
    One(Node),
    Several(Node),
}

impl Examples {
    /// `entries` as (summary, description, value), in page order: several become the named entries of
    /// `examples`, `example1`, `example2`… (the page names them only in prose, which is the `summary`).
    fn of(mut entries: Vec<(String, String, Node)>) -> Examples {
        match entries.len() {
            0 => Examples::None,
            1 => Examples::One(entries.remove(0).2),
            _ => {
                let mut map = Map::new();
                for (i, (summary, description, value)) in entries.into_iter().enumerate() {
                    let mut e = Map::new();
                    if !summary.is_empty() {
                        e.insert(keys::SUMMARY.into(), summary.into());
                    }
                    if !description.is_empty() {
                        e.insert(keys::DESCRIPTION.into(), description.into());
                    }
                    e.insert(keys::VALUE.into(), value);
                    map.insert(format!("example{}", i + 1).into(), Node::map(e));
                }
                Examples::Several(Node::map(map))
            }
        }
    }
}

/// The media type object of a body: its schema (by name; `array_of` for an array of them, [`is_array_of_top`]),
/// and its examples.
fn media(
    schema_name: Option<&str>,
    array_of: bool,
    bare_string: bool,
    examples: Examples,
) -> (String, Node) {
    let mut m = Map::new();
    if let Some(name) = schema_name {
        let mut r = Map::new();
        r.insert(keys::REF.into(), format!("{REF_PREFIX}{name}").into());
        let schema = if array_of {
            // The array is the examples' word, not a table's: marked so (spec/README.md, `x-from-example`).
            let mut a = Map::new();
            a.insert(keys::TYPE.into(), "array".into());
            a.insert(keys::ITEMS.into(), Node::map(r));
            a.insert(keys::X_FROM_EXAMPLE.into(), true.into());
            a
        } else {
            r
        };
        m.insert(keys::SCHEMA.into(), Node::map(schema));
    }
    match examples {
        Examples::None => {}
        Examples::One(e) => {
            m.insert(keys::EXAMPLE.into(), e);
        }
        Examples::Several(map) => {
            m.insert(keys::EXAMPLES.into(), map);
        }
    }
    let media_type = if bare_string {
        "text/plain"
    } else {
        "application/json"
    };
    (media_type.to_owned(), Node::map(m))
}

/// The operation object of a page. `body_name(sel)` gives the schema name of a body.
pub(crate) fn operation(
    page: &mut Page,
    id: &str,
    parameters: Vec<Node>,
    body_name: &dyn Fn(Sel) -> Option<String>,
) -> Node {
    let mut op = Map::new();
    op.insert(keys::OPERATION_ID.into(), id.into());
    if let Some(t) = &page.title {
        op.insert(keys::SUMMARY.into(), Node::str(&t.text));
    }
    if !page.description.is_empty() {
        op.insert(keys::DESCRIPTION.into(), join(&page.description).into());
    }
    if !parameters.is_empty() {
        op.insert(keys::PARAMETERS.into(), Node::seq(parameters));
    }
    if let Some(group) = &page.request_body {
        // The first example request's JSON body; every one is verbatim in `x-request-examples`.
        let example = page
            .request_examples
            .iter()
            .find_map(|e| e.body.as_ref().and_then(|b| b.json.clone()))
            .map_or(Examples::None, Examples::One);
        let (mt, media) = media(
            body_name(Sel::Request).as_deref(),
            false,
            is_bare_string(group),
            example,
        );
        let mut content = Map::new();
        content.insert(mt.into(), media);
        let mut rb = Map::new();
        rb.insert(keys::CONTENT.into(), Node::map(content));
        if group.top.rows.iter().any(|r| r.mandatory == Some(true)) {
            rb.insert(keys::REQUIRED.into(), true.into());
        }
        op.insert(keys::REQUEST_BODY.into(), Node::map(rb));
    }
    let (responses, texts) = responses(page, body_name);
    op.insert(keys::RESPONSES.into(), Node::map(responses));
    if !page.request_examples.is_empty() {
        let list = page
            .request_examples
            .iter()
            .map(|e| {
                let mut m = Map::new();
                if !e.description.is_empty() {
                    m.insert(keys::DESCRIPTION.into(), join(&e.description).into());
                }
                m.insert("text".into(), Node::str(&e.text));
                Node::map(m)
            })
            .collect();
        op.insert(keys::X_REQUEST_EXAMPLES.into(), Node::seq(list));
    }
    if !texts.is_empty() {
        op.insert(keys::X_RESPONSE_EXAMPLES_TEXT.into(), Node::map(texts));
    }
    Node::map(op)
}

/// The responses object and the non-JSON examples (`x-response-examples-text`).
fn responses(page: &mut Page, body_name: &dyn Fn(Sel) -> Option<String>) -> (Map, Map) {
    let statuses: BTreeSet<u16> = page
        .status_codes
        .iter()
        .map(|r| r.status)
        .chain(page.responses.iter().map(|s| s.status))
        .chain(page.response_examples.iter().map(|e| e.status))
        .collect();
    // `default` is the success response only where no 2xx is listed (OpenAPI; `Operation::success_responses`).
    let lists_success = statuses.iter().any(|s| (200..300).contains(s));
    let mut out = Map::new();
    let mut texts = Map::new();
    let mut unplace = Vec::new();
    let mut notes = Vec::new();
    for status in statuses {
        let rows: Vec<_> = page
            .status_codes
            .iter()
            .filter(|r| r.status == status)
            .collect();
        for dup in rows.iter().skip(1) {
            unplace.push((
                dup.at,
                format!("status {status} appears twice in the status-code table"),
            ));
        }
        let sections: Vec<usize> = (0..page.responses.len())
            .filter(|&i| page.responses[i].status == status)
            .collect();
        for &i in sections.iter().skip(1) {
            unplace.push((
                page.responses[i].at,
                format!("a second `Status code: {status}` section"),
            ));
        }
        let examples: Vec<_> = page
            .response_examples
            .iter()
            .filter(|e| e.status == status)
            .collect();
        for dup in examples.iter().skip(1) {
            unplace.push((
                dup.at,
                format!("a second example response for status {status}"),
            ));
        }
        let section = sections.first().copied();
        let group = section.and_then(|i| page.responses[i].body.as_ref());
        let mut captions = Vec::new();
        let mut json = Examples::None;
        if let Some(ex) = examples.first() {
            if ex.blocks.len() > 1 {
                let (several, caption) = several_examples(ex);
                json = several;
                captions = caption;
                let (text, not_json) = texts_among_several(ex);
                if !text.is_empty() {
                    texts.insert(labels::status_key(status).into(), text.into());
                }
                for at in not_json {
                    notes.push((
                        at,
                        "example-not-json",
                        format!("an example response of status {} among several is not JSON (a doc defect when it was meant to be); kept verbatim in x-response-examples-text with the paragraphs before it", labels::status_key(status)),
                    ));
                }
            } else if let Some(block) = ex.blocks.first() {
                match &block.json {
                    Some(j) => json = Examples::One(j.clone()),
                    None => {
                        texts.insert(labels::status_key(status).into(), Node::str(&block.text));
                    }
                }
                captions = ex.paragraphs.clone();
            } else if group.is_some() && !ex.paragraphs.is_empty() {
                let (last, rest) = ex
                    .paragraphs
                    .split_last()
                    .map_or((None, &[][..]), |(l, r)| (Some(l), r));
                if let Some(last) = last {
                    texts.insert(labels::status_key(status).into(), Node::str(&last.text));
                    notes.push((
                        last.at,
                        "example-not-json",
                        format!("example response {status} is not JSON (`{}`); kept verbatim in x-response-examples-text", last.text),
                    ));
                }
                captions = rest.to_vec();
            } else {
                captions = ex.paragraphs.clone();
            }
        }
        // The words under the status line (`Status code: 204` / `Successful request.` / `None`).
        let stated = section
            .map(|i| &page.responses[i].description)
            .filter(|d| !d.is_empty());
        let description = match (rows.first(), stated) {
            (Some(r), Some(words)) if !r.description.is_empty() => {
                let table = join(&r.description);
                if join(words) != table {
                    notes.push((
                        words[0].at,
                        "status-description-differs",
                        format!("status {status} is described twice in different words; the status-code table's words are kept"),
                    ));
                }
                table
            }
            (_, Some(words)) => join(words),
            (Some(r), None) if !r.description.is_empty() => join(&r.description),
            // `Normal` / `200` (older layouts): a status without words gets its standard reason phrase.
            (Some(_), None) => labels::reason_phrase(status).to_owned(),
            // OpenAPI requires a description; the page has none to give for a status it does not state.
            (None, None) if status == labels::DEFAULT_STATUS => {
                labels::reason_phrase(status).to_owned()
            }
            (None, None) => {
                let at = section
                    .map(|i| page.responses[i].at)
                    .or(examples.first().map(|e| e.at));
                if let Some(at) = at {
                    notes.push((
                        at,
                        "status-not-in-table",
                        format!("status {} is not in the status-code table; its description is the standard reason phrase", labels::status_key(status)),
                    ));
                }
                labels::reason_phrase(status).to_owned()
            }
        };
        let mut resp = Map::new();
        resp.insert(keys::DESCRIPTION.into(), description.clone().into());
        if let Some(i) = section
            && let Some(h) = &page.responses[i].headers
        {
            let mut headers = Map::new();
            for row in &h.rows {
                let mut hm = Map::new();
                let d = join(&row.description);
                if !d.is_empty() {
                    hm.insert(keys::DESCRIPTION.into(), d.into());
                }
                hm.insert(keys::SCHEMA.into(), Node::map(type_schema(&row.ty, None)));
                headers.insert(row.name.text.clone().into(), Node::map(hm));
            }
            resp.insert(keys::HEADERS.into(), Node::map(headers));
        }
        let name = section.and_then(|i| body_name(Sel::Response(i)));
        if group.is_some() || !matches!(json, Examples::None) {
            let bare = group.is_some_and(is_bare_string);
            let array_of = name.is_some()
                && group.is_some_and(|g| super::reconcile::array_body(page, Some(status), g));
            if array_of && let Some(g) = group {
                notes.push((
                    g.top.caption.at,
                    "array-from-example",
                    format!(
                        "the example response {} is an array while table `{}` describes one object: the body is an array of them (x-from-example)",
                        labels::status_key(status),
                        g.top.caption.text
                    ),
                ));
            }
            let (mt, mut media) = media(name.as_deref(), array_of, bare, json);
            // A success body no table documents: typed from its examples (spec/README.md, "Reconciled with
            // the examples"). An error body (`default` beside a 2xx) stays the example only.
            let success = (200..300).contains(&status)
                || (status == labels::DEFAULT_STATUS && !lists_success);
            let values: Vec<Node> = super::reconcile::examples_of(page, Some(status))
                .into_iter()
                .map(|(_, value, _)| value)
                .collect();
            let at = examples.first().map_or(0, |e| e.at);
            if group.is_none() && success && values.iter().any(super::reconcile::is_error_body) {
                notes.push((
                    at,
                    "error-example-as-success",
                    format!(
                        "an example of success response {} is an error body (an error code and message only): a doc defect; it types nothing",
                        labels::status_key(status)
                    ),
                ));
            }
            if group.is_none()
                && success
                && let Some(schema) = super::reconcile::schema_from_examples(&values)
                && let Some(media) = media.as_map_mut()
            {
                notes.push((
                    at,
                    "body-from-example",
                    format!(
                        "response {} has an example but no body table: its schema is typed from the example (x-from-example)",
                        labels::status_key(status)
                    ),
                ));
                media.shift_insert(0, keys::SCHEMA.into(), Node::map(schema));
            }
            let mut content = Map::new();
            content.insert(mt.into(), media);
            resp.insert(keys::CONTENT.into(), Node::map(content));
        }
        let caption = join(&captions);
        if !caption.is_empty() && caption != description {
            resp.insert(keys::X_EXAMPLE_SUMMARY.into(), caption.into());
        }
        out.insert(labels::status_key(status).into(), Node::map(resp));
    }
    // OpenAPI requires one response at least. A page that states no status (`Response: None`,
    // `See Returned Values for General Requests.`) gets the success range, which promises no code.
    if out.is_empty() {
        let at = page
            .marks
            .iter()
            .position(|m| matches!(m, Mark::Kept(Kept::Pointer)))
            .unwrap_or(0);
        let mut resp = Map::new();
        resp.insert(
            keys::DESCRIPTION.into(),
            labels::NO_STATUS_DESCRIPTION.into(),
        );
        resp.insert(keys::X_STATUS_UNSTATED.into(), true.into());
        out.insert(labels::SUCCESS_RANGE.into(), Node::map(resp));
        notes.push((
            at,
            "no-status",
            format!(
                "the page states no status code; the operation's response is `{}` (any 2xx, no body)",
                labels::SUCCESS_RANGE
            ),
        ));
    }
    for (at, why) in unplace {
        page.unplace(at, why);
    }
    for (at, kind, msg) in notes {
        page.note(at, kind, msg);
    }
    (out, texts)
}

/// Several code blocks under one status (APIG: `Updating a CORS plug-in` / `{…}` / `Updating …` / `{…}`): each
/// JSON block is an entry of `examples`, summarized by the paragraph just before it (all of them after the
/// block before; before the first block, the earlier ones caption the status's examples as a whole, as
/// `OK` / `Example 1` / `{…}` / `Example 2` / `{…}` does); paragraphs after the last block describe the last
/// entry. A block that is not JSON cannot be one of several named examples: [`texts_among_several`] keeps it
/// and its paragraphs as text (and the paragraphs after the last block, when no block is JSON).
fn several_examples(ex: &ResponseExample) -> (Examples, Vec<Text>) {
    let mut entries = Vec::new();
    let mut caption = Vec::new();
    let mut after = None;
    for b in &ex.blocks {
        let mut summary: Vec<Text> = ex
            .paragraphs
            .iter()
            .filter(|p| p.at < b.first && after.is_none_or(|a| p.at > a))
            .filter(|p| !labels::is_example_separator(&p.text))
            .cloned()
            .collect();
        if after.is_none() {
            caption = summary.drain(..summary.len().saturating_sub(1)).collect();
        }
        after = Some(b.last);
        // A block that is not JSON is kept as text by `texts_among_several`.
        if let Some(value) = &b.json {
            entries.push((join(&summary), String::new(), value.clone()));
        }
    }
    let trailing: Vec<Text> = ex
        .paragraphs
        .iter()
        .filter(|p| after.is_some_and(|a| p.at > a))
        .cloned()
        .collect();
    if let Some(last) = entries.last_mut() {
        last.1 = join(&trailing);
    }
    (Examples::of(entries), caption)
}

/// The blocks that are not JSON among several of one status (EVS `{…}` / `or` / a block with a stray word in
/// it; IAM `Token information stored in the response body:` / a block with a trailing comma): each with the
/// paragraphs between the block before it and itself, verbatim, joined with a blank line in page order (the
/// status's `x-response-examples-text`, which holds one text per status), and the first line of each block
/// (for the report's note). A separator word (`or`) is no part of a text.
fn texts_among_several(ex: &ResponseExample) -> (String, Vec<usize>) {
    let mut parts = Vec::new();
    let mut at = Vec::new();
    let mut after: Option<usize> = None;
    for b in &ex.blocks {
        if b.json.is_none() {
            let mut part: Vec<&str> = ex
                .paragraphs
                .iter()
                .filter(|p| p.at < b.first && after.is_none_or(|a| p.at > a))
                .filter(|p| !labels::is_example_separator(&p.text))
                .map(|p| p.text.as_str())
                .collect();
            // Before the first block, the earlier paragraphs caption the status as a whole (as in
            // `several_examples`).
            if after.is_none() {
                part.drain(..part.len().saturating_sub(1));
            }
            part.push(&b.text);
            parts.push(part.join("\n"));
            at.push(b.first);
        }
        after = Some(b.last);
    }
    // With no JSON block, no entry takes the paragraphs after the last block: they end the text.
    if ex.blocks.iter().all(|b| b.json.is_none()) {
        parts.extend(
            ex.paragraphs
                .iter()
                .filter(|p| after.is_some_and(|a| p.at > a))
                .map(|p| p.text.clone()),
        );
    }
    (parts.join("\n\n"), at)
}

/// `x-error-codes`: the rows of the error-code page.
pub(crate) fn error_codes(page: &Page) -> Option<Node> {
    let rows = page.error_codes.as_ref()?;
    Some(Node::seq(
        rows.iter()
            .map(|r| {
                let mut m = Map::new();
                m.insert("status".into(), Node::int(i64::from(r.status)));
                match &r.error_type {
                    Some(error_type) => m.insert("error_type".into(), Node::str(error_type)),
                    None => m.insert("error_code".into(), Node::str(&r.code)),
                };
                m.insert("error_msg".into(), Node::str(&r.message));
                m.insert(keys::DESCRIPTION.into(), Node::str(&r.description));
                m.insert("solution".into(), Node::str(&r.solution));
                if let Some(module) = &r.module {
                    m.insert("module".into(), Node::str(module));
                }
                Node::map(m)
            })
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn branch_titles_are_the_words_that_tell_a_caption_from_the_others() {
        // RDS CreatingADbInstance: `instance` points at both tables.
        assert_eq!(
            branch_titles(&[
                "Table 3 instance field data structure (creating single or primary/standby DB instances)",
                "Table 4 instance field data structure description (creating a read replica)",
            ]),
            ["SinglePrimaryStandby", "ReadReplica"]
        );
        // IAM ObtainingATemporaryAkSk: the body, then a table captioned as a way of calling; a short
        // parenthesised part names the way.
        assert_eq!(
            branch_titles(&[
                "Parameters in the request body",
                "Obtaining a temporary AK/SK with an agency token (methods is set to assume_role)",
            ]),
            ["Way1", "MethodsAssumeRole"]
        );
        // A long parenthesised part is a remark (RDS CreatingADbInstance2).
        assert_eq!(
            branch_titles(&[
                "Table 2 Parameter description (creating single and primary/standby DB instances)",
                "Table 3 Parameter for Replica creation (For Microsoft SQL Server, Only 2022_EE, 2019_EE and \
                 2017_EE support the creation of read replicas and do not support the creation of single DB \
                 instances.)",
            ]),
            ["PrimaryStandby", "ReplicaCreationMicrosoft"]
        );
        // IMS GlanceUpdateImage: a version is one word.
        assert_eq!(
            branch_titles(&[
                "Table 2 v2.1 request message body",
                "Table 4 v2.0 request message body"
            ]),
            ["V21", "V20"]
        );
        // ELB BatchUpdatingBackendServers: the same caption twice; numbered by place.
        assert_eq!(
            branch_titles(&[
                "Table 3 members parameter description",
                "Table 4 members parameter description"
            ]),
            ["Way1", "Way2"]
        );
    }

    #[test]
    fn a_reference_to_the_first_table_becomes_a_choice_with_its_description_beside() {
        let mut node = Node::from_json(
            r##"{"properties": {"m": {"type": "array", "items": {"$ref": "#/A", "description": "d"}},
                 "n": {"$ref": "#/B"}}}"##,
        )
        .unwrap();
        let branches = [
            ("#/A".to_owned(), "Way1".to_owned()),
            ("#/C".to_owned(), "Way2".to_owned()),
        ];
        one_of_alternatives(&mut node, "#/A", &branches);
        let want = Node::from_json(
            r##"{"properties": {"m": {"type": "array", "items": {"oneOf": [{"$ref": "#/A", "title": "Way1"},
                 {"$ref": "#/C", "title": "Way2"}], "description": "d"}}, "n": {"$ref": "#/B"}}}"##,
        )
        .unwrap();
        assert_eq!(node, want);
    }
}
