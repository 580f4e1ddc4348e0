//! Checks that need the whole document: references, unique ids, and extensions that point at other parts of
//! the spec. Rust names are not decided here: the IR's naming pass (`ir::names`) decides them and reports the
//! given names (`x-rust-name`) that collide.

use std::collections::{BTreeMap, HashMap};

use super::diagnostic::Sink;
use super::keys;
use super::model::*;
use super::yaml::Pos;

/// The only timestamp layout the runtime has a type for.
pub const COMPACT_DATETIME: &str = "YYYYMMDDHHmmss";

pub(crate) fn check(spec: &Spec, sink: &mut Sink) {
    let schemas: BTreeMap<&str, &NamedSchema> =
        spec.schemas.iter().map(|s| (s.name.as_str(), s)).collect();
    for named in &spec.schemas {
        check_schema(&named.schema, &schemas, sink);
    }
    check_alias_cycles(&spec.schemas, sink);
    let resolved = Resolved::new(&spec.schemas);
    let mut ids: BTreeMap<&str, Pos> = BTreeMap::new();
    for op in &spec.operations {
        if let Some(first) = ids.get(op.id.as_str()) {
            sink.error_help(
                op.pos,
                format!("operationId `{}` is used twice (first at {first})", op.id),
                "operationIds are unique in a document: rename one of them",
            );
        } else {
            ids.insert(&op.id, op.pos);
        }
        check_operation(op, &schemas, &resolved, sink);
    }
}

/// A schema that is only a `$ref` to another names no type of its own; a ring of them (`A: {$ref: A}`, or
/// `A → B → A` with nothing in between) names none at all, and would generate a type that holds itself. Each
/// ring is reported once, at its first member in file order, with the position of the schema that leads back.
/// Every schema has at most one such reference, so following them from each schema once is linear.
fn check_alias_cycles(named: &[NamedSchema], sink: &mut Sink) {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Unseen,
        /// On the chain being followed from the schema with this index.
        OnChain(usize),
        Done,
    }
    let index: BTreeMap<&str, usize> = named
        .iter()
        .enumerate()
        .map(|(i, s)| (s.name.as_str(), i))
        .collect();
    let alias_of = |i: usize| match &named[i].schema.kind {
        SchemaKind::Ref(target) => index.get(target.as_str()).copied(),
        _ => None,
    };
    let mut state = vec![State::Unseen; named.len()];
    for start in 0..named.len() {
        let mut chain = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at {
            match state[i] {
                State::Done => break,
                State::OnChain(origin) if origin == start => {
                    // `i` is where the ring closes: its members are the chain from `i` on.
                    let ring = &chain[chain.iter().position(|&m| m == i).unwrap_or(0)..];
                    let first = ring.iter().copied().min().unwrap_or(i);
                    let back = ring
                        .iter()
                        .copied()
                        .find(|&m| alias_of(m) == Some(first))
                        .unwrap_or(first);
                    let names: Vec<String> = ring
                        .iter()
                        .chain(std::iter::once(&i))
                        .map(|&m| format!("`{}`", named[m].name))
                        .collect();
                    let message = if ring.len() == 1 {
                        format!("schema `{}` is only a `$ref` to itself", named[first].name)
                    } else {
                        format!(
                            "schemas {} are only `$ref`s to each other (`{}` at {} leads back): none names a type",
                            names.join(" → "),
                            named[back].name,
                            named[back].pos
                        )
                    };
                    sink.error_help(
                        named[first].pos,
                        message,
                        "describe the schema (`type`, `properties`…) in one of them",
                    );
                    break;
                }
                State::OnChain(_) => break,
                State::Unseen => {
                    state[i] = State::OnChain(start);
                    chain.push(i);
                    at = alias_of(i);
                }
            }
        }
        for i in chain {
            state[i] = State::Done;
        }
    }
}

fn check_schema(schema: &Schema, schemas: &BTreeMap<&str, &NamedSchema>, sink: &mut Sink) {
    match &schema.kind {
        SchemaKind::Ref(name) => {
            if !schemas.contains_key(name.as_str()) {
                sink.error_help(
                    schema.pos,
                    format!("`$ref` to unknown schema `{name}`"),
                    "declare it under `components.schemas` or fix the name",
                );
            }
        }
        SchemaKind::Array(item) | SchemaKind::Map(item) => check_schema(item, schemas, sink),
        SchemaKind::OneOf(branches) | SchemaKind::AllOf(branches) => {
            for b in branches {
                check_schema(b, schemas, sink);
            }
        }
        SchemaKind::Object(object) => {
            for property in &object.properties {
                check_schema(&property.schema, schemas, sink);
            }
            if let Some(additional) = &object.additional {
                check_schema(additional, schemas, sink);
            }
        }
        SchemaKind::String
        | SchemaKind::Integer { .. }
        | SchemaKind::Number { .. }
        | SchemaKind::Boolean
        | SchemaKind::Any => {}
    }
    let is_string = schema.kind == SchemaKind::String;
    if let Some(layout) = &schema.datetime_format
        && (layout != COMPACT_DATETIME || !is_string)
    {
        sink.error_help(schema.pos, format!("`x-datetime-format: {layout}` is not supported here"), format!("only string schemas with `{COMPACT_DATETIME}` have a timestamp type; remove the extension to keep a plain string"));
    }
    if schema.json_string && !is_string {
        sink.error(schema.pos, "`x-json-string` applies to string schemas only");
    }
    let scalar = matches!(
        schema.kind,
        SchemaKind::Integer { .. } | SchemaKind::Number { .. } | SchemaKind::Boolean
    );
    // The reader only derives readings that fit from `x-example-type`; a hand-written key may not fit.
    let misplaced = match schema.reading {
        ExampleReading::Documented => None,
        ExampleReading::NumericString | ExampleReading::StringOrScalar => (!is_string)
            .then_some("`x-numeric-string` (or that `x-example-type`) applies to string schemas only"),
        ExampleReading::StringTolerant => (!scalar).then_some(
            "`x-accept-string` (or `x-example-type: string`) applies to integer, number and boolean schemas only",
        ),
        ExampleReading::BoolOrBit => (schema.kind != SchemaKind::Boolean)
            .then_some("`x-example-type: integer` reads 0 and 1 on boolean schemas only"),
    };
    if let Some(message) = misplaced {
        sink.error(schema.pos, message);
    }
    if !schema.enum_values.is_empty()
        && !matches!(schema.kind, SchemaKind::String | SchemaKind::Integer { .. })
    {
        sink.error(
            schema.pos,
            "`enum` is supported on string and integer schemas only",
        );
    }
}

/// What each named schema stands for through its chain of `$ref`s (itself when it is no reference; the last
/// schema reached when a chain is broken or cyclic, which the checks report). Computed once for all schemas,
/// following each link once, so resolving costs one lookup however long the chains are: a field of each of
/// `A0 → A1 → … → An` resolved one by one would otherwise cost n² steps.
pub struct Resolved<'a> {
    targets: HashMap<&'a str, &'a Schema>,
    /// Links followed to build the table: read by the test that counts work.
    #[cfg_attr(not(test), allow(dead_code))]
    links: usize,
}

impl<'a> Resolved<'a> {
    /// The table of `schemas`.
    pub fn new(schemas: &'a [NamedSchema]) -> Self {
        let index: HashMap<&str, &NamedSchema> =
            schemas.iter().map(|s| (s.name.as_str(), s)).collect();
        let mut targets: HashMap<&'a str, &'a Schema> = HashMap::with_capacity(schemas.len());
        let mut links = 0;
        for start in schemas {
            let mut chain: Vec<&str> = Vec::new();
            let mut at = start;
            let target = loop {
                if let Some(known) = targets.get(at.name.as_str()) {
                    break *known;
                }
                chain.push(&at.name);
                let SchemaKind::Ref(next) = &at.schema.kind else {
                    break &at.schema;
                };
                // A chain longer than the number of schemas goes round a cycle.
                match index.get(next.as_str()) {
                    Some(next) if chain.len() <= schemas.len() => {
                        links += 1;
                        at = next;
                    }
                    _ => break &at.schema,
                }
            };
            for name in chain {
                targets.insert(name, target);
            }
        }
        Resolved { targets, links }
    }

    /// The schema `schema` stands for.
    pub fn resolve(&self, schema: &'a Schema) -> &'a Schema {
        match &schema.kind {
            SchemaKind::Ref(name) => self.targets.get(name.as_str()).copied().unwrap_or(schema),
            _ => schema,
        }
    }
}

fn check_operation(
    op: &Operation,
    schemas: &BTreeMap<&str, &NamedSchema>,
    resolved: &Resolved<'_>,
    sink: &mut Sink,
) {
    let placeholders = path_placeholders(&op.path);
    if let Some(problem) = template_problem(&op.path) {
        sink.error_help(
            op.pos,
            format!("path `{}`: {problem}", op.path),
            "write each path parameter as `{name}` (a query expansion such as `{?name}` is not part of a path; \
             declare the query parameter instead)",
        );
    }
    for p in &op.parameters {
        check_schema(&p.schema, schemas, sink);
        if p.location == ParamLocation::Path && !placeholders.contains(&p.name.as_str()) {
            sink.error_help(
                p.pos,
                format!(
                    "path parameter `{}` does not appear in `{}`",
                    p.name, op.path
                ),
                "fix the name or the path template",
            );
        }
        if p.from_credentials.is_some() && p.from_credentials.as_deref() != Some("project_id") {
            sink.error_help(
                p.pos,
                "`x-from-credentials` must be `project_id`",
                "the credentials carry only the project id",
            );
        }
        // A parameter may name a schema of `components` (`$ref: '#/components/schemas/Name'`): what counts is
        // what it stands for.
        let kind = &resolved.resolve(&p.schema).kind;
        if p.location == ParamLocation::Path
            && !matches!(
                kind,
                SchemaKind::String
                    | SchemaKind::Integer { .. }
                    | SchemaKind::Number { .. }
                    | SchemaKind::Boolean
            )
        {
            sink.error(
                p.schema.pos,
                "path parameters must be strings, numbers or booleans",
            );
        }
        if p.location != ParamLocation::Path
            && matches!(
                kind,
                SchemaKind::Object(_)
                    | SchemaKind::Map(_)
                    | SchemaKind::Any
                    | SchemaKind::Ref(_)
                    | SchemaKind::OneOf(_)
            )
        {
            sink.error_help(
                p.schema.pos,
                "object-valued query and header parameters are not supported",
                "use a scalar or an array of scalars",
            );
        }
    }
    for name in &placeholders {
        if !op
            .parameters
            .iter()
            .any(|p| p.location == ParamLocation::Path && p.name == *name)
        {
            sink.error_help(
                op.path_pos,
                format!("`{{{name}}}` in `{}` has no path parameter", op.path),
                format!("declare `- name: {name}` with `in: path` and `required: true`"),
            );
        }
    }
    if let Some(body) = &op.request_body {
        // A parameter named `body` is renamed in the IR, so the body's field name is not taken here.
        check_schema(&body.schema, schemas, sink);
    }
    for response in &op.responses {
        if let Some(schema) = &response.schema {
            check_schema(schema, schemas, sink);
        }
    }
    if let Some(paginated) = &op.paginated {
        check_paginated(op, paginated, schemas, sink);
    }
}

/// What is wrong with the braces of a path template: one not closed, nested, stray or empty.
fn template_problem(path: &str) -> Option<&'static str> {
    let mut open = false;
    let mut empty = false;
    for c in path.chars() {
        match (c, open) {
            ('{', true) => return Some("a `{` inside a placeholder"),
            ('{', false) => (open, empty) = (true, true),
            ('}', false) => return Some("a `}` that closes no placeholder"),
            ('}', true) if empty => return Some("an empty placeholder `{}`"),
            ('}', true) => open = false,
            (_, true) => empty = false,
            _ => {}
        }
    }
    open.then_some("a `{` that is never closed")
}

/// The `{name}`s of a path template, in order.
pub fn path_placeholders(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

fn check_paginated(
    op: &Operation,
    p: &Paginated,
    schemas: &BTreeMap<&str, &NamedSchema>,
    sink: &mut Sink,
) {
    for (role, name) in [("offset", &p.offset), ("limit", &p.limit)] {
        let found = op
            .parameters
            .iter()
            .find(|q| q.location == ParamLocation::Query && &q.name == name);
        if !matches!(
            found.map(|q| &q.schema.kind),
            Some(SchemaKind::Integer { .. })
        ) {
            sink.error_help(
                p.pos,
                format!(
                    "{} {role} `{name}` is not an integer (or numeric string) query parameter",
                    keys::X_PAGINATED
                ),
                "name the query parameters that carry the offset and the page size",
            );
        }
    }
    let body = success_object(op, schemas);
    let field = |name: &str| body.and_then(|o| o.properties.iter().find(|f| f.name == name));
    if !matches!(
        field(&p.items).map(|f| &f.schema.kind),
        Some(SchemaKind::Array(_))
    ) {
        sink.error_help(
            p.pos,
            format!(
                "{} items `{}` is not an array field of the success response",
                keys::X_PAGINATED,
                p.items
            ),
            "name the response field that holds the page's items",
        );
    }
    if let Some(total) = &p.total
        && field(total).is_none()
    {
        sink.error_help(
            p.pos,
            format!(
                "{} total `{total}` is not a field of the success response",
                keys::X_PAGINATED
            ),
            "name the response field holding the total, or remove `total`",
        );
    }
}

/// The object schema of the first success response with a body, following one `$ref`.
pub fn success_object<'a>(
    op: &'a Operation,
    schemas: &BTreeMap<&str, &'a NamedSchema>,
) -> Option<&'a ObjectSchema> {
    let schema = op.success_responses().find_map(|r| r.schema.as_ref())?;
    let schema = match &schema.kind {
        SchemaKind::Ref(name) => &schemas.get(name.as_str())?.schema,
        _ => schema,
    };
    match &schema.kind {
        SchemaKind::Object(object) => Some(object),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::template_problem;

    #[test]
    fn path_template_braces() {
        for (path, bad) in [
            ("/v2/{project_id}/x", false),
            ("/v2/{a}{b}/x", false),
            ("/v2/{a}-{b}", false),
            ("/v2/{port_id}{", true),
            ("/v2/{a{b}}", true),
            ("/v2/}", true),
            ("/v2/{}", true),
        ] {
            assert_eq!(template_problem(path).is_some(), bad, "{path}");
        }
    }

    use std::path::Path;

    use super::*;

    /// `n` schemas `A0 → A1 → … → A{n-1}`, the last an object, each only a `$ref` to the next.
    fn alias_chain(n: usize) -> Spec {
        let mut text = String::from(
            "openapi: 3.0.3\ninfo: {title: T, version: v1}\npaths: {}\ncomponents:\n  schemas:\n",
        );
        for i in 0..n - 1 {
            text.push_str(&format!(
                "    A{i}: {{$ref: '#/components/schemas/A{}'}}\n",
                i + 1
            ));
        }
        text.push_str(&format!(
            "    A{}: {{type: object, properties: {{a: {{type: string}}}}}}\n",
            n - 1
        ));
        crate::spec::parse(&text, Path::new("t.yaml")).expect("valid")
    }

    #[test]
    fn every_link_of_a_reference_chain_is_followed_once() {
        // Counted, not timed: resolving each of n aliases by walking its chain would follow n(n-1)/2 links.
        for n in [10, 1000, 4000] {
            let spec = alias_chain(n);
            let resolved = Resolved::new(&spec.schemas);
            assert_eq!(resolved.links, n - 1, "{n}");
            for named in &spec.schemas {
                let reference = Schema {
                    kind: SchemaKind::Ref(named.name.clone()),
                    ..named.schema.clone()
                };
                assert!(
                    matches!(resolved.resolve(&reference).kind, SchemaKind::Object(_)),
                    "{}",
                    named.name
                );
            }
        }
    }
}
