//! Checks that need the whole document: references, unique ids, names that collide once converted to Rust,
//! and extensions that point at other parts of the spec.

use std::collections::BTreeMap;

use super::diagnostic::Sink;
use super::model::*;
use super::yaml::Pos;
use crate::naming;

/// The only timestamp layout the runtime has a type for.
pub const COMPACT_DATETIME: &str = "YYYYMMDDHHmmss";

pub(crate) fn check(spec: &Spec, sink: &mut Sink) {
    let schemas: BTreeMap<&str, &NamedSchema> =
        spec.schemas.iter().map(|s| (s.name.as_str(), s)).collect();
    let mut type_names = Names::new("type name");
    for named in &spec.schemas {
        let rust = match &named.schema.rust_name {
            Some(name) if naming::is_type_name(name) => name.clone(),
            Some(name) => {
                sink.error_help(
                    named.schema.pos,
                    format!("`x-rust-name: {name}` is not a Rust type name"),
                    "use UpperCamelCase letters and digits, e.g. `BackgroundTask`",
                );
                continue;
            }
            None => naming::camel(&named.name),
        };
        type_names.add(rust, &named.name, named.pos, sink);
        check_schema(&named.schema, &schemas, sink);
    }
    check_alias_cycles(&spec.schemas, sink);
    let mut ids = Names::new("operationId");
    let mut methods = Names::new("client method name");
    for op in &spec.operations {
        if !ids.add(op.id.clone(), &op.id, op.pos, sink) {
            // Its derived names collide too; saying so again would only add noise.
            continue;
        }
        let method = match &op.rust_name {
            Some(name) if naming::is_snake_name(name) => name.clone(),
            Some(name) => {
                sink.error_help(
                    op.pos,
                    format!("`x-rust-name: {name}` is not a Rust method name"),
                    "use snake_case, e.g. `list_tasks`",
                );
                continue;
            }
            None => naming::module_name(naming::snake(&op.id)),
        };
        check_module_name(op, &method, sink);
        // The request and builder types live in `operations`, the schemas' types in `types`: a schema named
        // like an operation's builder takes nothing from it.
        methods.add(method, &op.id, op.pos, sink);
        check_operation(op, &schemas, sink);
    }
}

/// The operation's client method becomes a file name of the generated crate: a name the spec gives must fit
/// ([`naming::MAX_MODULE_NAME_BYTES`]; derived names and API groups are shortened to fit).
fn check_module_name(op: &Operation, method: &str, sink: &mut Sink) {
    let limit = naming::MAX_MODULE_NAME_BYTES;
    if !naming::fits_module_name(method) {
        sink.error_help(
            op.pos,
            format!(
                "the client method name `{method}` of `{}` is {} bytes long; the generated crate's file names \
                 allow {limit}",
                op.id,
                method.len()
            ),
            format!("give the operation a shorter name with `x-rust-name` (snake_case, at most {limit} bytes)"),
        );
    }
}

/// Rust names already taken in one scope, and the spec name that took each.
struct Names<'a> {
    what: &'a str,
    taken: BTreeMap<String, (String, Pos)>,
}

impl<'a> Names<'a> {
    fn new(what: &'a str) -> Self {
        Names {
            what,
            taken: BTreeMap::new(),
        }
    }

    /// Takes `rust` for `spec_name`; reports and returns `false` when it was taken.
    fn add(&mut self, rust: String, spec_name: &str, pos: Pos, sink: &mut Sink) -> bool {
        if let Some((other, other_pos)) = self.taken.get(&rust) {
            sink.error_help(
                pos,
                format!(
                    "`{spec_name}` and `{other}` (at {other_pos}) both become the {} `{rust}`",
                    self.what
                ),
                "rename one of them in the spec, or give one an `x-rust-name`",
            );
            false
        } else {
            self.taken.insert(rust, (spec_name.to_owned(), pos));
            true
        }
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
            let mut fields = Names::new("field name");
            for property in &object.properties {
                let rust = match &property.schema.rust_name {
                    Some(name) if naming::is_snake_name(name) => name.clone(),
                    Some(name) => {
                        sink.error_help(
                            property.schema.pos,
                            format!("`x-rust-name: {name}` is not a Rust field name"),
                            "use snake_case",
                        );
                        continue;
                    }
                    None => naming::snake(&property.name),
                };
                fields.add(rust, &property.name, property.pos, sink);
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
    if (schema.numeric_string || schema.json_string) && !is_string {
        sink.error(
            schema.pos,
            "`x-numeric-string` and `x-json-string` apply to string schemas only",
        );
    }
    if schema.accept_string
        && !matches!(
            schema.kind,
            SchemaKind::Integer { .. } | SchemaKind::Number { .. } | SchemaKind::Boolean
        )
    {
        sink.error(
            schema.pos,
            "`x-accept-string` applies to integer, number and boolean schemas only",
        );
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

/// The schema `schema` stands for, through any chain of `$ref`s (itself when it is not one, or when the chain
/// is broken or cyclic, which is reported elsewhere).
pub fn resolve<'a>(schema: &'a Schema, schemas: &BTreeMap<&str, &'a NamedSchema>) -> &'a Schema {
    let mut current = schema;
    for _ in 0..=schemas.len() {
        match &current.kind {
            SchemaKind::Ref(name) => match schemas.get(name.as_str()) {
                Some(named) => current = &named.schema,
                None => return current,
            },
            _ => return current,
        }
    }
    current
}

fn check_operation(op: &Operation, schemas: &BTreeMap<&str, &NamedSchema>, sink: &mut Sink) {
    let placeholders = path_placeholders(&op.path);
    let mut params = Names::new("parameter name");
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
        if p.from_credentials.is_none() {
            params.add(naming::snake(&p.name), &p.name, p.pos, sink);
        } else if p.from_credentials.as_deref() != Some("project_id") {
            sink.error_help(
                p.pos,
                "`x-from-credentials` must be `project_id`",
                "the credentials carry only the project id",
            );
        }
        // A parameter may name a schema of `components` (`$ref: '#/components/schemas/Name'`): what counts is
        // what it stands for.
        let kind = &resolve(&p.schema, schemas).kind;
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
                format!("x-paginated {role} `{name}` is not an integer (or numeric string) query parameter"),
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
                "x-paginated items `{}` is not an array field of the success response",
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
            format!("x-paginated total `{total}` is not a field of the success response"),
            "name the response field holding the total, or remove `total`",
        );
    }
}

/// The object schema of the first 2xx response with a body, following one `$ref`.
pub fn success_object<'a>(
    op: &'a Operation,
    schemas: &BTreeMap<&str, &'a NamedSchema>,
) -> Option<&'a ObjectSchema> {
    let schema = op
        .responses
        .iter()
        .filter(|r| r.status.starts_with('2'))
        .find_map(|r| r.schema.as_ref())?;
    let schema = match &schema.kind {
        SchemaKind::Ref(name) => &schemas.get(name.as_str())?.schema,
        _ => schema,
    };
    match &schema.kind {
        SchemaKind::Object(object) => Some(object),
        _ => None,
    }
}
