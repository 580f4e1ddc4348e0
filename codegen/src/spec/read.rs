//! Reads the positioned YAML tree into the [`model`](super::model), reporting every problem it meets.
//!
//! Standard OpenAPI 3.0.x is read as such (references to reusable components are followed here, so later
//! stages never see a parameter, body or response `$ref`; schema references stay names); the Huawei `x-`
//! extensions add facts and are all optional. spec/README.md lists what is read.

use std::collections::HashMap;

use super::diagnostic::Sink;
use super::keys;
use super::model::*;
use super::yaml::{Key, Map, Node, Pos, Value};
use crate::naming;
use indexmap::map::Slice;

/// The sections of `components` whose objects a `$ref` may name (besides `schemas`, which stay references
/// in the model: a named schema becomes a named type).
const REUSABLE: &[&str] = &[
    keys::PARAMETERS,
    keys::REQUEST_BODIES,
    keys::RESPONSES,
    keys::HEADERS,
    keys::EXAMPLES,
];

/// The reusable objects of `components`, by section and name, so that following a `$ref` is one lookup: the
/// time to read a document is linear in its references, however they chain.
struct Refs<'a> {
    targets: HashMap<(&'a str, &'a str), &'a Node>,
}

impl<'a> Refs<'a> {
    fn index(root: &'a Node) -> Self {
        let mut targets = HashMap::new();
        if let Value::Map(top) = &root.value
            && let Some((_, components)) = top.get_key_value(keys::COMPONENTS)
            && let Value::Map(sections) = &components.value
        {
            for (section, objects) in sections {
                if let (Some(section), Value::Map(objects)) = (
                    REUSABLE.iter().find(|s| **s == section.name),
                    &objects.value,
                ) {
                    for (name, object) in objects {
                        targets.insert((*section, name.name.as_str()), object);
                    }
                }
            }
        }
        Refs { targets }
    }

    /// The object `node` stands for: `node` itself, or what its `$ref` (through any chain of references)
    /// names in `components.<section>`. A broken or cyclic reference is reported and gives `None`.
    fn resolve(&self, node: &'a Node, section: &'static str, sink: &mut Sink) -> Option<&'a Node> {
        let mut current = node;
        // Each step moves to another component, so a chain longer than their number is a cycle.
        for _ in 0..=self.targets.len() {
            let Value::Map(entries) = &current.value else {
                return Some(current);
            };
            let Some((_, target)) = entries.get_key_value(keys::REF) else {
                return Some(current);
            };
            let text = string(target, keys::REF, sink)?;
            let prefix = format!("#/{}/{section}/", keys::COMPONENTS);
            let Some(name) = text
                .strip_prefix(&prefix)
                .filter(|n| !n.is_empty() && !n.contains('/'))
            else {
                sink.error_help(
                    target.pos,
                    format!("`$ref: {text}` is not supported here"),
                    format!("refer to an object of this file: `{prefix}<Name>`"),
                );
                return None;
            };
            let name = unescape_pointer(name);
            match self.targets.get(&(section, name.as_str())) {
                Some(next) => current = next,
                None => {
                    sink.error_help(
                        target.pos,
                        format!("`$ref` to unknown {section} entry `{name}`"),
                        format!("declare it under `components.{section}` or fix the name"),
                    );
                    return None;
                }
            }
        }
        sink.error_help(
            node.pos,
            format!("this `$ref` never reaches a {section} entry: the references form a cycle"),
            "make one of the references an inline object",
        );
        None
    }
}

/// A JSON pointer segment as a name: `~1` is `/`, `~0` is `~`.
fn unescape_pointer(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// Keys that OpenAPI allows and that change nothing in the generated code.
const IGNORED_SCHEMA_KEYS: &[&str] = &[
    keys::TITLE,
    keys::EXAMPLE,
    keys::NULLABLE,
    keys::MINIMUM,
    keys::MAXIMUM,
    keys::EXCLUSIVE_MINIMUM,
    keys::EXCLUSIVE_MAXIMUM,
    keys::MIN_LENGTH,
    keys::MAX_LENGTH,
    keys::MIN_ITEMS,
    keys::MAX_ITEMS,
    keys::UNIQUE_ITEMS,
    keys::MIN_PROPERTIES,
    keys::MAX_PROPERTIES,
    keys::MULTIPLE_OF,
    keys::EXTERNAL_DOCS,
];

/// The keys of one mapping, marking which ones were read so the rest can be reported.
struct Fields<'a> {
    what: &'static str,
    entries: &'a Map,
    used: Vec<bool>,
}

impl<'a> Fields<'a> {
    fn of(node: &'a Node, what: &'static str, sink: &mut Sink) -> Option<Self> {
        match &node.value {
            Value::Map(entries) => Some(Fields {
                what,
                entries,
                used: vec![false; entries.len()],
            }),
            other => {
                sink.error(
                    node.pos,
                    format!("{what} must be a mapping, found {}", other.kind()),
                );
                None
            }
        }
    }

    fn get(&mut self, key: &str) -> Option<&'a Node> {
        let (i, _, node) = self.entries.get_full(key)?;
        self.used[i] = true;
        Some(node)
    }

    fn require(&mut self, key: &str, pos: Pos, sink: &mut Sink) -> Option<&'a Node> {
        let found = self.get(key);
        if found.is_none() {
            sink.error(pos, format!("{} has no `{key}`", self.what));
        }
        found
    }

    fn string(&mut self, key: &str, sink: &mut Sink) -> Option<String> {
        self.get(key).and_then(|n| string(n, key, sink))
    }

    fn bool(&mut self, key: &str, sink: &mut Sink) -> bool {
        match self.get(key) {
            None => false,
            Some(Node {
                value: Value::Bool(b),
                ..
            }) => *b,
            Some(n) => {
                sink.error(
                    n.pos,
                    format!("`{key}` must be true or false, found {}", n.value.kind()),
                );
                false
            }
        }
    }

    /// Reports keys nobody read, except `x-` extensions and `ignored` ones; notes the extensions the vocabulary
    /// does not define (kept, but likely misspelt).
    fn finish(self, ignored: &[&str], sink: &mut Sink) {
        for ((key, _), used) in self.entries.iter().zip(self.used) {
            if keys::is_unknown_extension(&key.name) {
                sink.note(
                    key.pos,
                    format!(
                        "unknown extension `{}` in {} is kept but not read",
                        key.name, self.what
                    ),
                    "spec/README.md lists the `x-` extensions; check the spelling",
                );
            }
            if !used && !keys::is_extension(&key.name) && !ignored.contains(&key.name.as_str()) {
                sink.error_help(
                    key.pos,
                    format!("unsupported key `{}` in {}", key.name, self.what),
                    "the generator reads the OpenAPI 3.0.3 subset listed in spec/README.md; \
                     remove the key or move the fact into a documented `x-` extension",
                );
            }
        }
    }
}

fn string(node: &Node, what: &str, sink: &mut Sink) -> Option<String> {
    match &node.value {
        Value::Str(s) => Some(s.clone()),
        // Unquoted numbers and booleans are fine where text is expected (`version: 2`).
        Value::Int(i) => Some(i.to_string()),
        Value::UInt(u) => Some(u.to_string()),
        Value::Float(x) => Some(x.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        other => {
            sink.error(
                node.pos,
                format!("`{what}` must be text, found {}", other.kind()),
            );
            None
        }
    }
}

fn entries<'a>(node: &'a Node, what: &str, sink: &mut Sink) -> &'a Slice<Key, Node> {
    match &node.value {
        Value::Map(entries) => entries.as_slice(),
        other => {
            sink.error(
                node.pos,
                format!("{what} must be a mapping, found {}", other.kind()),
            );
            Slice::new()
        }
    }
}

fn items<'a>(node: &'a Node, what: &str, sink: &mut Sink) -> &'a [Node] {
    match &node.value {
        Value::Seq(items) => items,
        other => {
            sink.error(
                node.pos,
                format!("{what} must be a list, found {}", other.kind()),
            );
            &[]
        }
    }
}

/// Reads a whole document.
pub(crate) fn document(root: &Node, sink: &mut Sink) -> Option<Spec> {
    let refs = Refs::index(root);
    let mut top = Fields::of(root, "the document", sink)?;
    match top
        .require(keys::OPENAPI, root.pos, sink)
        .and_then(|n| string(n, keys::OPENAPI, sink))
    {
        Some(v) if v.starts_with("3.0.") => {}
        Some(v) => sink.error_help(
            top.get(keys::OPENAPI).map_or(root.pos, |n| n.pos),
            format!("OpenAPI version {v} is not supported"),
            "write `openapi: 3.0.3`",
        ),
        None => {}
    }
    let (title, version, description, service) = match top.require(keys::INFO, root.pos, sink) {
        Some(info) => read_info(info, sink),
        None => Default::default(),
    };
    let server = top.get(keys::SERVERS).and_then(|s| read_servers(s, sink));
    let security = top
        .get(keys::SECURITY)
        .map(|n| read_security(n, sink))
        .unwrap_or_default();
    let (schemas, security_schemes) = top
        .get(keys::COMPONENTS)
        .map(|c| read_components(c, sink))
        .unwrap_or_default();
    let operations = top
        .require(keys::PATHS, root.pos, sink)
        .map(|p| read_paths(p, &refs, &security, sink))
        .unwrap_or_default();
    top.get(keys::TAGS);
    top.finish(&[keys::EXTERNAL_DOCS], sink);
    let mut spec = Spec {
        title,
        version,
        description,
        service,
        server,
        operations,
        schemas,
        security_schemes,
    };
    super::merge::merge_all_of(&mut spec, sink);
    super::fold::fold_string_choices(&mut spec);
    Some(spec)
}

fn read_info(node: &Node, sink: &mut Sink) -> (String, String, Option<String>, Option<String>) {
    let Some(mut f) = Fields::of(node, keys::INFO, sink) else {
        return Default::default();
    };
    let title = f
        .require(keys::TITLE, node.pos, sink)
        .and_then(|n| string(n, keys::TITLE, sink))
        .unwrap_or_default();
    let version = f
        .require(keys::VERSION, node.pos, sink)
        .and_then(|n| string(n, keys::VERSION, sink))
        .unwrap_or_default();
    let description = f.string(keys::DESCRIPTION, sink);
    // Optional: without it the IR derives the name from `--name` or the title.
    let service = f
        .get(keys::X_SERVICE)
        .and_then(|n| match string(n, keys::X_SERVICE, sink) {
            Some(s) if naming::is_service_name(&s) => Some(s),
            Some(s) => {
                sink.error_help(
                n.pos,
                format!("service name `{s}` is not a lowercase identifier"),
                "use lowercase letters, digits and single `-`, starting with a letter (`kafka`)",
            );
                None
            }
            None => None,
        });
    f.finish(
        &[keys::CONTACT, keys::LICENSE, keys::TERMS_OF_SERVICE],
        sink,
    );
    (title, version, description, service)
}

/// The server variable that stays a variable of the generated client: the region, chosen by the caller.
const REGION_VARIABLE: &str = "region";

fn read_servers(node: &Node, sink: &mut Sink) -> Option<Server> {
    // Several servers are alternatives (production, staging…): the first is the default endpoint, and the
    // client can be pointed at any other with `.endpoint(…)`.
    let first = items(node, keys::SERVERS, sink).first()?;
    let mut f = Fields::of(first, "a server", sink)?;
    let url_node = f.require(keys::URL, first.pos, sink)?;
    let mut url = string(url_node, keys::URL, sink)?;
    let mut regions = Vec::new();
    let mut declared = Vec::new();
    if let Some(vars) = f.get(keys::VARIABLES) {
        for (key, var) in entries(vars, "server variables", sink) {
            let Some(mut vf) = Fields::of(var, "a server variable", sink) else {
                continue;
            };
            declared.push(key.name.as_str());
            let values: Vec<String> = vf
                .get(keys::ENUM)
                .map(|e| {
                    items(e, keys::ENUM, sink)
                        .iter()
                        .filter_map(|n| string(n, keys::ENUM, sink))
                        .collect()
                })
                .unwrap_or_default();
            let default = vf
                .require(keys::DEFAULT, var.pos, sink)
                .and_then(|n| string(n, keys::DEFAULT, sink));
            if key.name == REGION_VARIABLE {
                regions = values;
            } else if let Some(default) = default {
                // A variable the generated client does not expose: its default is the endpoint.
                url = url.replace(&format!("{{{}}}", key.name), &default);
            }
            vf.finish(&[keys::DESCRIPTION], sink);
        }
    }
    for name in super::path_placeholders(&url) {
        // `{region}` needs no declaration: the caller names the region (any, without an enum).
        if !declared.contains(&name) && name != REGION_VARIABLE {
            sink.error_help(
                url_node.pos,
                format!("server url `{url}` has `{{{name}}}` but no such variable"),
                format!("declare `{name}` under `variables` with a `default`"),
            );
        }
    }
    let rest = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
    if rest.find('/').is_some_and(|i| rest[i..].contains('{')) {
        sink.error_help(
            url_node.pos,
            format!("server url `{url}` has a variable in its path"),
            "only the host may depend on the region",
        );
    }
    let mut region_endpoints = Vec::new();
    if let Some(map) = f.get(keys::X_REGION_ENDPOINTS) {
        for (key, value) in entries(map, keys::X_REGION_ENDPOINTS, sink) {
            if let Some(v) = string(value, keys::X_REGION_ENDPOINTS, sink) {
                region_endpoints.push((key.name.clone(), v));
            }
        }
    }
    f.finish(&[keys::DESCRIPTION], sink);
    Some(Server {
        pos: first.pos,
        url,
        regions,
        region_endpoints,
    })
}

fn read_components(node: &Node, sink: &mut Sink) -> (Vec<NamedSchema>, Vec<SecurityScheme>) {
    let Some(mut f) = Fields::of(node, keys::COMPONENTS, sink) else {
        return Default::default();
    };
    let mut out = Vec::new();
    // Reusable objects are read where they are used (see `Refs`).
    for section in REUSABLE {
        f.get(section);
    }
    if let Some(schemas) = f.get(keys::SCHEMAS) {
        for (key, value) in entries(schemas, "components.schemas", sink) {
            if let Some(schema) = read_schema(value, sink) {
                out.push(NamedSchema {
                    pos: key.pos,
                    name: key.name.clone(),
                    schema,
                });
            }
        }
    }
    let schemes = f
        .get(keys::SECURITY_SCHEMES)
        .map(|n| {
            entries(n, "components.securitySchemes", sink)
                .iter()
                .filter_map(|(key, value)| read_security_scheme(key, value, sink))
                .collect()
        })
        .unwrap_or_default();
    f.finish(&[keys::LINKS, keys::CALLBACKS], sink);
    (out, schemes)
}

fn read_security_scheme(key: &Key, node: &Node, sink: &mut Sink) -> Option<SecurityScheme> {
    let mut f = Fields::of(node, "a security scheme", sink)?;
    let ty = f
        .require(keys::TYPE, node.pos, sink)
        .and_then(|n| string(n, keys::TYPE, sink))?;
    let signing = f.string(keys::X_SIGNING, sink);
    let kind = match (signing, ty.as_str()) {
        (Some(algorithm), _) => {
            f.get(keys::IN);
            f.get(keys::NAME);
            SchemeKind::Signing(algorithm)
        }
        (None, "apiKey") => SchemeKind::ApiKey {
            location: f
                .require(keys::IN, node.pos, sink)
                .and_then(|n| string(n, keys::IN, sink))?,
            name: f
                .require(keys::NAME, node.pos, sink)
                .and_then(|n| string(n, keys::NAME, sink))?,
        },
        (None, "http") => SchemeKind::Http(
            f.require(keys::SCHEME, node.pos, sink)
                .and_then(|n| string(n, keys::SCHEME, sink))?
                .to_ascii_lowercase(),
        ),
        (None, other) => SchemeKind::Other(other.to_owned()),
    };
    // What other kinds carry (flows, URLs, the bearer format) is documentation for the generated code.
    f.finish(
        &[
            keys::DESCRIPTION,
            keys::IN,
            keys::NAME,
            keys::SCHEME,
            keys::BEARER_FORMAT,
            keys::FLOWS,
            keys::OPEN_ID_CONNECT_URL,
        ],
        sink,
    );
    Some(SecurityScheme {
        pos: key.pos,
        name: key.name.clone(),
        kind,
    })
}

fn read_security(node: &Node, sink: &mut Sink) -> Vec<SecurityRequirement> {
    items(node, keys::SECURITY, sink)
        .iter()
        .map(|alternative| SecurityRequirement {
            pos: alternative.pos,
            // The scopes (the values) matter to the server, not to how the request is sent.
            schemes: entries(alternative, "a security requirement", sink)
                .iter()
                .map(|(k, _)| (k.name.clone(), k.pos))
                .collect(),
        })
        .collect()
}

fn read_paths(
    node: &Node,
    refs: &Refs<'_>,
    security: &[SecurityRequirement],
    sink: &mut Sink,
) -> Vec<Operation> {
    let mut out = Vec::new();
    for (path, item) in entries(node, keys::PATHS, sink) {
        if !path.name.starts_with('/') {
            sink.error_help(
                path.pos,
                format!("path `{}` does not start with `/`", path.name),
                "write the path as documented, e.g. `/v2/{project_id}/instances`",
            );
        }
        let Some(mut f) = Fields::of(item, "a path item", sink) else {
            continue;
        };
        let shared: Vec<Parameter> = f
            .get(keys::PARAMETERS)
            .map(|p| {
                items(p, keys::PARAMETERS, sink)
                    .iter()
                    .filter_map(|n| read_parameter(n, refs, sink))
                    .collect()
            })
            .unwrap_or_default();
        for (key, op) in entries(item, "a path item", sink) {
            if let Some(method) = Method::from_key(&key.name) {
                f.get(&key.name);
                if let Some(op) = read_operation(op, method, path, &shared, refs, security, sink) {
                    out.push(op);
                }
            }
        }
        f.finish(&[keys::SUMMARY, keys::DESCRIPTION, keys::SERVERS], sink);
    }
    out
}

fn read_operation(
    node: &Node,
    method: Method,
    path: &Key,
    shared: &[Parameter],
    refs: &Refs<'_>,
    security: &[SecurityRequirement],
    sink: &mut Sink,
) -> Option<Operation> {
    let mut f = Fields::of(node, "an operation", sink)?;
    // `/v2/…/action#RebootServers`: several operations on one method and path (spec/README.md, "Action
    // APIs") are told apart by a fragment, which is never sent.
    let path_template = path
        .name
        .split_once('#')
        .map_or(path.name.as_str(), |(p, _)| p);
    let id_node = f.get(keys::OPERATION_ID);
    // Optional in OpenAPI: without one, the method and path identify the operation (`get /v1/items`); the
    // IR makes Rust names of either.
    let id = id_node
        .and_then(|n| string(n, keys::OPERATION_ID, sink))
        .unwrap_or_else(|| format!("{} {}", method.as_str().to_lowercase(), path_template));
    let pos = id_node.map_or(node.pos, |n| n.pos);
    if id.trim().is_empty() {
        sink.error_help(
            pos,
            "operationId is empty",
            "name the operation, e.g. `ListBackgroundTasks`",
        );
    }
    let mut parameters: Vec<Parameter> = shared.to_vec();
    if let Some(p) = f.get(keys::PARAMETERS) {
        for param in items(p, keys::PARAMETERS, sink)
            .iter()
            .filter_map(|n| read_parameter(n, refs, sink))
        {
            parameters.retain(|q| !(q.name == param.name && q.location == param.location));
            parameters.push(param);
        }
    }
    let request_body = f
        .get(keys::REQUEST_BODY)
        .and_then(|n| read_request_body(n, refs, sink));
    let responses = f
        .require(keys::RESPONSES, node.pos, sink)
        .map(|n| {
            entries(n, keys::RESPONSES, sink)
                .iter()
                .filter_map(|(k, v)| read_response(k, v, refs, sink))
                .collect()
        })
        .unwrap_or_default();
    let request_examples = f
        .get(keys::X_REQUEST_EXAMPLES)
        .map(|n| {
            items(n, keys::X_REQUEST_EXAMPLES, sink)
                .iter()
                .filter_map(|e| read_request_example(e, sink))
                .collect()
        })
        .unwrap_or_default();
    let paginated = f
        .get(keys::X_PAGINATED)
        .and_then(|n| read_paginated(n, sink));
    let op = Operation {
        pos,
        id,
        method,
        path: path_template.to_owned(),
        path_pos: path.pos,
        summary: f.string(keys::SUMMARY, sink),
        description: f.string(keys::DESCRIPTION, sink),
        doc_group: f.string(keys::X_DOC_GROUP, sink),
        rust_name: f.string(keys::X_RUST_NAME, sink),
        parameters,
        request_body,
        responses,
        request_examples,
        paginated,
        security: f
            .get(keys::SECURITY)
            .map_or_else(|| security.to_vec(), |n| read_security(n, sink)),
        deprecated: f.bool(keys::DEPRECATED, sink),
    };
    f.finish(&[keys::TAGS, keys::EXTERNAL_DOCS], sink);
    Some(op)
}

fn read_parameter(node: &Node, refs: &Refs<'_>, sink: &mut Sink) -> Option<Parameter> {
    let node = refs.resolve(node, keys::PARAMETERS, sink)?;
    let mut f = Fields::of(node, "a parameter", sink)?;
    let name = f
        .require(keys::NAME, node.pos, sink)
        .and_then(|n| string(n, keys::NAME, sink));
    let location = match f.require(keys::IN, node.pos, sink) {
        Some(n) => match string(n, keys::IN, sink).as_deref() {
            Some("path") => Some(ParamLocation::Path),
            Some("query") => Some(ParamLocation::Query),
            Some("header") => Some(ParamLocation::Header),
            Some(other) => {
                sink.error_help(
                    n.pos,
                    format!("parameters in `{other}` are not supported"),
                    "use `path`, `query` or `header`",
                );
                None
            }
            None => None,
        },
        None => None,
    };
    let required = f.bool(keys::REQUIRED, sink);
    let schema = f
        .require(keys::SCHEMA, node.pos, sink)
        .map(one_or_many)
        .and_then(|n| read_schema(n, sink));
    let param = Parameter {
        pos: node.pos,
        name: name?,
        location: location?,
        required,
        required_inferred: f.bool(keys::X_REQUIRED_INFERRED, sink),
        from_credentials: f.string(keys::X_FROM_CREDENTIALS, sink),
        description: f.string(keys::DESCRIPTION, sink),
        schema: schema?,
        deprecated: f.bool(keys::DEPRECATED, sink),
    };
    if param.location == ParamLocation::Path && !param.required {
        sink.error_help(
            node.pos,
            format!("path parameter `{}` is not required", param.name),
            "path parameters must have `required: true`",
        );
    }
    check_examples(f.get(keys::EXAMPLES), refs, sink);
    f.finish(
        &[
            keys::EXAMPLE,
            keys::ALLOW_EMPTY_VALUE,
            keys::STYLE,
            keys::EXPLODE,
        ],
        sink,
    );
    Some(param)
}

/// The array branch of a parameter schema that is `oneOf`/`anyOf` a value and an array of such values ("one or
/// many"): in a query or header, one value is sent exactly as an array of one, so the array says both.
/// Any other schema is returned as it is.
fn one_or_many(schema: &Node) -> &Node {
    let Value::Map(entries) = &schema.value else {
        return schema;
    };
    let branches = entries
        .iter()
        .find(|(k, _)| k.name == keys::ONE_OF || k.name == keys::ANY_OF)
        .and_then(|(_, v)| match &v.value {
            Value::Seq(items) if entries.len() == 1 && items.len() == 2 => Some(items),
            _ => None,
        });
    let Some(branches) = branches else {
        return schema;
    };
    fn items_of(n: &Node) -> Option<&Node> {
        let Value::Map(m) = &n.value else {
            return None;
        };
        let is_array = m
            .iter()
            .any(|(k, v)| k.name == keys::TYPE && v.value == Value::Str("array".into()));
        m.iter()
            .find(|(k, _)| is_array && k.name == keys::ITEMS)
            .map(|(_, v)| v)
    }
    for (one, many) in [(&branches[0], &branches[1]), (&branches[1], &branches[0])] {
        if items_of(many).is_some_and(|item| item.to_json() == one.to_json()) {
            return many;
        }
    }
    schema
}

/// A body's `content`: the media type the body is read in, its schema and its example.
#[derive(Default)]
struct Content {
    media: Option<(BodyMedia, Pos)>,
    schema: Option<Schema>,
    example: Option<serde_json::Value>,
}

fn read_content(node: &Node, refs: &Refs<'_>, sink: &mut Sink) -> Content {
    let media_types = entries(node, keys::CONTENT, sink);
    // The same body in several media types is one body: JSON is preferred, then a form, then text, then bytes; the other
    // alternatives are not needed.
    let chosen = media_types
        .iter()
        .filter_map(|(key, value)| body_media(&key.name).map(|m| (m, key, value)))
        .min_by_key(|(media, _, _)| match media {
            BodyMedia::Json => 0,
            BodyMedia::Form => 1,
            BodyMedia::Multipart => 2,
            BodyMedia::Text(_) => 3,
            BodyMedia::Bytes(_) => 4,
        });
    let Some((media, key, value)) = chosen else {
        if let Some((media, _)) = media_types.first() {
            sink.error_help(
                media.pos,
                format!("media type `{}` is not supported yet", media.name),
                "bodies are read in JSON, forms, `multipart/form-data`, text and bytes (e.g. \
                 `application/octet-stream`); other multipart types are not read yet",
            );
        }
        return Content::default();
    };
    let Some(mut f) = Fields::of(value, "a media type", sink) else {
        return Content::default();
    };
    // Several examples (`examples:`, named) stand for the body as well as one (`example:`): the first one is
    // the body's example.
    let first_of_examples = check_examples(f.get(keys::EXAMPLES), refs, sink);
    let content = Content {
        schema: f.get(keys::SCHEMA).and_then(|n| read_schema(n, sink)),
        example: f
            .get(keys::EXAMPLE)
            .map(Node::to_json)
            .or(first_of_examples),
        media: Some((media, key.pos)),
    };
    f.finish(&[keys::ENCODING], sink);
    content
}

/// How a body of `media` is written; `None` for multipart types other than `form-data`, which are not read
/// yet.
fn body_media(media: &str) -> Option<BodyMedia> {
    let essence = media_essence(media);
    if is_json_media(&essence) {
        Some(BodyMedia::Json)
    } else if essence.starts_with("text/") {
        Some(BodyMedia::Text(essence))
    } else if essence == "application/x-www-form-urlencoded" {
        Some(BodyMedia::Form)
    } else if essence == "multipart/form-data" {
        Some(BodyMedia::Multipart)
    } else if essence.starts_with("multipart/") || !essence.contains('/') {
        None
    } else {
        Some(BodyMedia::Bytes(essence))
    }
}

/// A media type without its parameters, lower-cased: `Application/JSON; charset=utf-8` → `application/json`.
fn media_essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// `application/json` and its structured-syntax relatives (`application/problem+json`), with any parameters.
fn is_json_media(media: &str) -> bool {
    let essence = media_essence(media);
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Checks that the `$ref`s among `examples` resolve (a broken reference is a broken document), and gives the
/// `value` of the first example, when it has one.
fn check_examples(
    examples: Option<&Node>,
    refs: &Refs<'_>,
    sink: &mut Sink,
) -> Option<serde_json::Value> {
    let mut first = None;
    for (i, (_, example)) in examples
        .map_or(Slice::new(), |n| entries(n, keys::EXAMPLES, sink))
        .iter()
        .enumerate()
    {
        let resolved = refs.resolve(example, keys::EXAMPLES, sink);
        if i == 0
            && let Some(Value::Map(fields)) = resolved.map(|n| &n.value)
        {
            first = fields
                .iter()
                .find(|(k, _)| k.name == keys::VALUE)
                .map(|(_, v)| v.to_json());
        }
    }
    first
}

fn read_request_body(node: &Node, refs: &Refs<'_>, sink: &mut Sink) -> Option<RequestBody> {
    let node = refs.resolve(node, keys::REQUEST_BODIES, sink)?;
    let mut f = Fields::of(node, "a request body", sink)?;
    let Content {
        media,
        schema,
        example,
    } = f
        .require(keys::CONTENT, node.pos, sink)
        .map(|n| read_content(n, refs, sink))
        .unwrap_or_default();
    let (media, media_pos) = media?;
    let schema = match (schema, &media) {
        (Some(schema), _) => schema,
        // Text and bytes need no schema to be sent.
        (None, BodyMedia::Text(_) | BodyMedia::Bytes(_)) => Schema::string(media_pos),
        (None, BodyMedia::Json | BodyMedia::Form | BodyMedia::Multipart) => {
            sink.error_help(
                media_pos,
                "this JSON or form body has no `schema`",
                "describe the body with a schema",
            );
            return None;
        }
    };
    let body = RequestBody {
        pos: node.pos,
        required: f.bool(keys::REQUIRED, sink),
        description: f.string(keys::DESCRIPTION, sink),
        media,
        schema,
        example,
    };
    f.finish(&[], sink);
    Some(body)
}

fn read_response(status: &Key, node: &Node, refs: &Refs<'_>, sink: &mut Sink) -> Option<Response> {
    // A code, a range of codes (`2XX`: any 2xx, which is a success like `200`), or `default`.
    let is_range = matches!(status.name.as_bytes(), [b'1'..=b'5', b'X', b'X']);
    let valid = status.name == keys::DEFAULT
        || is_range
        || (status.name.len() == 3
            && status.name.chars().all(|c| c.is_ascii_digit())
            && ("100".."600").contains(&status.name.as_str()));
    if !valid {
        sink.error_help(
            status.pos,
            format!("`{}` is not an HTTP status", status.name),
            "write a status code such as '200', a range such as '2XX', or 'default'",
        );
        return None;
    }
    let node = refs.resolve(node, keys::RESPONSES, sink)?;
    let mut f = Fields::of(node, "a response", sink)?;
    let description = f
        .require(keys::DESCRIPTION, node.pos, sink)
        .and_then(|n| string(n, keys::DESCRIPTION, sink))
        .unwrap_or_default();
    let content = f
        .get(keys::CONTENT)
        .map(|n| read_content(n, refs, sink))
        .unwrap_or_default();
    // Response headers are not exposed yet; their references must still resolve.
    for (_, header) in f
        .get(keys::HEADERS)
        .map_or(Slice::new(), |n| entries(n, keys::HEADERS, sink))
    {
        refs.resolve(header, keys::HEADERS, sink);
    }
    // `type` and `format` directly on a response are Swagger 2 leftovers (whose responses had a `schema`):
    // without `content` they describe no body, as other OpenAPI 3 tools read them.
    f.finish(&[keys::LINKS, keys::TYPE, keys::FORMAT], sink);
    Some(Response {
        pos: status.pos,
        status: status.name.clone(),
        description,
        schema: content.schema,
        example: content.example,
        text: matches!(content.media, Some((BodyMedia::Text(_), _))),
        // A multipart answer is returned as it is, as bytes.
        bytes: matches!(
            content.media,
            Some((BodyMedia::Bytes(_) | BodyMedia::Multipart, _))
        ),
    })
}

fn read_request_example(node: &Node, sink: &mut Sink) -> Option<RequestExample> {
    let mut f = Fields::of(node, "a request example", sink)?;
    let text = f
        .require(keys::REQUEST_EXAMPLE_TEXT, node.pos, sink)
        .and_then(|n| string(n, keys::REQUEST_EXAMPLE_TEXT, sink))?;
    let example = RequestExample {
        description: f.string(keys::DESCRIPTION, sink),
        text,
    };
    f.finish(&[], sink);
    Some(example)
}

fn read_paginated(node: &Node, sink: &mut Sink) -> Option<Paginated> {
    let mut f = Fields::of(node, keys::X_PAGINATED, sink)?;
    let offset = f
        .require(keys::PAGINATED_OFFSET, node.pos, sink)
        .and_then(|n| string(n, keys::PAGINATED_OFFSET, sink));
    let limit = f
        .require(keys::PAGINATED_LIMIT, node.pos, sink)
        .and_then(|n| string(n, keys::PAGINATED_LIMIT, sink));
    let items = f
        .require(keys::PAGINATED_ITEMS, node.pos, sink)
        .and_then(|n| string(n, keys::PAGINATED_ITEMS, sink));
    let total = f.string(keys::PAGINATED_TOTAL, sink);
    let first = match f.get(keys::PAGINATED_FIRST) {
        None => 0,
        Some(Node {
            value: Value::Int(i),
            ..
        }) => *i,
        Some(n) => {
            sink.error(
                n.pos,
                format!("`first` must be an integer, found {}", n.value.kind()),
            );
            0
        }
    };
    f.finish(&[], sink);
    Some(Paginated {
        pos: node.pos,
        offset: offset?,
        limit: limit?,
        items: items?,
        total,
        first,
    })
}

/// Reads a schema (inline or `$ref`).
pub(crate) fn read_schema(node: &Node, sink: &mut Sink) -> Option<Schema> {
    let mut f = Fields::of(node, "a schema", sink)?;
    let mut discriminator = None;
    let description = f.string(keys::DESCRIPTION, sink);
    let format = f.string(keys::FORMAT, sink);
    let kind = if let Some(r) = f.get(keys::REF) {
        let target = string(r, keys::REF, sink)?;
        match target.strip_prefix(keys::SCHEMA_REF_PREFIX) {
            Some(name) if !name.is_empty() && !name.contains('/') => {
                SchemaKind::Ref(name.to_owned())
            }
            _ => {
                sink.error_help(
                    r.pos,
                    format!("`$ref: {target}` is not supported"),
                    format!(
                        "refer to a schema of this file: `{}<Name>`",
                        keys::SCHEMA_REF_PREFIX
                    ),
                );
                return None;
            }
        }
    } else if let Some(branch) = composite(&mut f) {
        // The one schema the composition amounts to, with this schema's description when it has one.
        let branch = read_schema(branch, sink)?;
        f.get(keys::TYPE);
        let schema = Schema {
            description: description.or(branch.description.clone()),
            title: f.string(keys::TITLE, sink).or(branch.title.clone()),
            nullable: f.bool(keys::NULLABLE, sink) || branch.nullable,
            deprecated: f.bool(keys::DEPRECATED, sink) || branch.deprecated,
            read_only: f.bool(keys::READ_ONLY, sink) || branch.read_only,
            write_only: f.bool(keys::WRITE_ONLY, sink) || branch.write_only,
            default: f
                .get(keys::DEFAULT)
                .map(Node::to_json)
                .or(branch.default.clone()),
            ..branch
        };
        f.finish(IGNORED_SCHEMA_KEYS, sink);
        return Some(schema);
    } else if let Some(list) = all_of(&f) {
        f.get(keys::ALL_OF);
        f.get(keys::TYPE);
        let mut members: Vec<Schema> = items(list, keys::ALL_OF, sink)
            .iter()
            .filter_map(|n| read_schema(n, sink))
            .collect();
        if f.entries.contains_key(keys::PROPERTIES) {
            // The schema's own properties are one more member.
            let mut own = Schema::string(node.pos);
            own.kind = object_kind(&mut f, node, sink);
            members.push(own);
        }
        SchemaKind::AllOf(members)
    } else if let Some(key) = choice(&f) {
        let list = f.get(key)?;
        f.get(keys::TYPE);
        discriminator = f
            .get(keys::DISCRIMINATOR)
            .and_then(|n| read_discriminator(n, sink));
        let branches: Vec<Schema> = items(list, key, sink)
            .iter()
            .filter_map(|n| read_schema(n, sink))
            .collect();
        SchemaKind::OneOf(branches)
    } else {
        for composite in [
            keys::ALL_OF,
            keys::ONE_OF,
            keys::ANY_OF,
            keys::NOT,
            keys::DISCRIMINATOR,
        ] {
            if let Some(n) = f.get(composite) {
                sink.error_help(
                    n.pos,
                    format!("`{composite}` is not supported yet"),
                    "only a composition that amounts to one schema is read (`allOf` of one schema, `oneOf` of \
                     one schema besides `{}`); describe the object with `properties`",
                );
            }
        }
        let ty = f.get(keys::TYPE);
        match ty.map(|n| (n, string(n, keys::TYPE, sink))) {
            None => object_kind(&mut f, node, sink),
            Some((_, None)) => return None,
            Some((n, Some(ty))) => match ty.as_str() {
                // Formats are an open set in OpenAPI: one without a natural Rust type is a plain string
                // or the widest number of its type.
                "string" => SchemaKind::String,
                "integer" => SchemaKind::Integer {
                    wide: !matches!(
                        format.as_deref(),
                        None | Some("int32" | "int16" | "int8" | "uint32" | "uint16" | "uint8")
                    ),
                },
                "number" => SchemaKind::Number {
                    narrow: format.as_deref() == Some("float"),
                },
                "boolean" => SchemaKind::Boolean,
                "array" => {
                    let item = f
                        .require(keys::ITEMS, node.pos, sink)
                        .and_then(|n| read_schema(n, sink))?;
                    SchemaKind::Array(Box::new(item))
                }
                "object" => object_kind(&mut f, node, sink),
                other => {
                    sink.error_help(
                        n.pos,
                        format!("type `{other}` is not supported"),
                        "use string, integer, number, boolean, array or object",
                    );
                    return None;
                }
            },
        }
    };
    let mut nullable = f.bool(keys::NULLABLE, sink);
    let enum_values = f
        .get(keys::ENUM)
        .map(|n| {
            items(n, keys::ENUM, sink)
                .iter()
                .filter_map(|v| match &v.value {
                    Value::Str(s) => Some(s.clone()),
                    Value::Int(i) => Some(i.to_string()),
                    // `null` among the values says the schema is nullable.
                    Value::Null => {
                        nullable = true;
                        None
                    }
                    other => {
                        sink.error(
                            v.pos,
                            format!(
                                "enum values must be strings or integers, found {}",
                                other.kind()
                            ),
                        );
                        None
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let (example_shape, listed) = example_shape(&mut f, &kind, sink);
    let reading = reading(&mut f, &kind, sink);
    let schema = Schema {
        pos: node.pos,
        kind,
        format,
        description,
        enum_values,
        pattern: f.string(keys::PATTERN, sink),
        datetime_format: f.string(keys::X_DATETIME_FORMAT, sink),
        reading,
        json_string: f.bool(keys::X_JSON_STRING, sink),
        example_shape,
        example_absent: f.bool(keys::X_EXAMPLE_ABSENT, sink),
        sensitive: f
            .get(keys::X_SENSITIVE)
            .map(|_| f.bool(keys::X_SENSITIVE, sink)),
        rust_name: f.string(keys::X_RUST_NAME, sink),
        caption: f.string(keys::X_CAPTION, sink),
        title: f.string(keys::TITLE, sink),
        nullable,
        discriminator,
        deprecated: f.bool(keys::DEPRECATED, sink),
        read_only: f.bool(keys::READ_ONLY, sink),
        write_only: f.bool(keys::WRITE_ONLY, sink),
        default: f.get(keys::DEFAULT).map(Node::to_json),
    };
    f.finish(IGNORED_SCHEMA_KEYS, sink);
    Some(if listed { list_of(schema) } else { schema })
}

/// A list of what `schema` documents (`x-example-shape: array`: the examples give a list of the values the table
/// documents one of): the list keeps what is said of the member (its description, `nullable`, direction…), the
/// items what is said of the value.
fn list_of(schema: Schema) -> Schema {
    let item = Schema {
        description: None,
        example_shape: None,
        nullable: false,
        default: None,
        ..schema.clone()
    };
    Schema {
        kind: SchemaKind::Array(Box::new(item)),
        format: None,
        enum_values: Vec::new(),
        pattern: None,
        datetime_format: None,
        reading: ExampleReading::Documented,
        json_string: false,
        rust_name: None,
        caption: None,
        title: None,
        discriminator: None,
        ..schema
    }
}

/// `x-example-shape` (the shape the doc's examples give where the table says another, read as the table's value):
/// what decoding also accepts, and whether the value is a list of the schema's (`array` on anything but an
/// array). A shape the schema has no safe reading for (`json` on a number) only documents the disagreement.
fn example_shape(
    f: &mut Fields<'_>,
    kind: &SchemaKind,
    sink: &mut Sink,
) -> (Option<ExampleShape>, bool) {
    let Some(n) = f.get(keys::X_EXAMPLE_SHAPE) else {
        return (None, false);
    };
    let Some(shape) = string(n, keys::X_EXAMPLE_SHAPE, sink) else {
        return (None, false);
    };
    let array = matches!(kind, SchemaKind::Array(_));
    let object = matches!(
        kind,
        SchemaKind::Object(_) | SchemaKind::Map(_) | SchemaKind::Ref(_) | SchemaKind::Any
    );
    let string = matches!(kind, SchemaKind::String);
    match shape.as_str() {
        "array" if !array => (Some(ExampleShape::OneOrMany), true),
        "single" if array => (Some(ExampleShape::OneOrMany), false),
        "empty" if object || string => (Some(ExampleShape::EmptyAsAbsent), false),
        "json" if string => (Some(ExampleShape::JsonText), false),
        "array" | "single" | "empty" | "json" => (None, false),
        other => {
            sink.error_help(
                n.pos,
                format!("`x-example-shape` must be array, single, empty or json, found `{other}`"),
                "it names the shape the documentation's examples give for this value",
            );
            (None, false)
        }
    }
}

/// What decoding the schema accepts besides its documented type ([`ExampleReading`]): a hand-written
/// `x-numeric-string` or `x-accept-string` (checked against the schema's type later), else the reading that
/// `x-example-type` (the JSON type the doc's examples give where the table says another) makes safe: a number
/// in a string schema is a numeric string, a boolean in one is kept as its text, text in a number or boolean
/// schema reads as the value, and `0`/`1` in a boolean schema as `false`/`true`. Other pairs (a float where
/// the table says Integer) have no safe second reading and only document the doc's disagreement.
fn reading(f: &mut Fields<'_>, kind: &SchemaKind, sink: &mut Sink) -> ExampleReading {
    let numeric = f.bool(keys::X_NUMERIC_STRING, sink);
    let tolerant = f.bool(keys::X_ACCEPT_STRING, sink);
    let example = example_type(f, sink);
    if numeric {
        return ExampleReading::NumericString;
    }
    if tolerant {
        return ExampleReading::StringTolerant;
    }
    let scalar = matches!(
        kind,
        SchemaKind::Integer { .. } | SchemaKind::Number { .. } | SchemaKind::Boolean
    );
    match (example, kind) {
        (Some("integer" | "number"), SchemaKind::String) => ExampleReading::NumericString,
        (Some("boolean"), SchemaKind::String) => ExampleReading::StringOrScalar,
        (Some("string"), _) if scalar => ExampleReading::StringTolerant,
        (Some("integer"), SchemaKind::Boolean) => ExampleReading::BoolOrBit,
        _ => ExampleReading::Documented,
    }
}

/// `x-example-type`, when it names one of the scalar JSON types.
fn example_type(f: &mut Fields<'_>, sink: &mut Sink) -> Option<&'static str> {
    let n = f.get(keys::X_EXAMPLE_TYPE)?;
    let ty = string(n, keys::X_EXAMPLE_TYPE, sink)?;
    let known = ["integer", "number", "string", "boolean"]
        .into_iter()
        .find(|t| *t == ty);
    if known.is_none() {
        sink.error_help(
            n.pos,
            format!("`x-example-type` must be integer, number, string or boolean, found `{ty}`"),
            "it names the JSON type the documentation's examples give for this value",
        );
    }
    known
}

/// The one branch an `allOf`/`oneOf`/`anyOf` of `f` amounts to, when it amounts to one: `allOf` of one schema
/// (how a `$ref` gets a description or `nullable` beside it), or `oneOf`/`anyOf` with one schema besides
/// empty ones (`{}` admits every value, so it adds nothing to choose from). `None` (nothing consumed) for
/// anything else, which the caller reports.
fn composite<'a>(f: &mut Fields<'a>) -> Option<&'a Node> {
    let is_empty = |n: &Node| matches!(&n.value, Value::Map(m) if m.is_empty());
    let peek = |f: &Fields<'a>, key: &str| {
        f.entries
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(_, v)| v)
    };
    let all_of = peek(f, keys::ALL_OF);
    let choice = peek(f, keys::ONE_OF).or_else(|| peek(f, keys::ANY_OF));
    if peek(f, keys::ONE_OF).is_some() && peek(f, keys::ANY_OF).is_some()
        || [keys::PROPERTIES, keys::NOT, keys::DISCRIMINATOR, keys::REF]
            .iter()
            .any(|k| peek(f, k).is_some())
    {
        return None;
    }
    let items = |n: Option<&'a Node>| match n.map(|n| &n.value) {
        Some(Value::Seq(items)) => Some(items.as_slice()),
        _ => None,
    };
    let (all, one) = (items(all_of), items(choice));
    let constraining = |list: Option<&'a [Node]>| -> Vec<&'a Node> {
        list.unwrap_or_default()
            .iter()
            .filter(|n| !is_empty(n))
            .collect()
    };
    let branch = match (constraining(all).as_slice(), constraining(one).as_slice()) {
        ([only], []) | ([], [only]) => *only,
        // Only empty schemas: any value, as `{}` reads.
        ([], []) => all.into_iter().chain(one).flatten().next()?,
        _ => return None,
    };
    for key in [keys::ALL_OF, keys::ONE_OF, keys::ANY_OF] {
        f.get(key);
    }
    Some(branch)
}

fn read_discriminator(node: &Node, sink: &mut Sink) -> Option<Discriminator> {
    let mut f = Fields::of(node, "a discriminator", sink)?;
    let property = f
        .require(keys::PROPERTY_NAME, node.pos, sink)
        .and_then(|n| string(n, keys::PROPERTY_NAME, sink));
    let mut mapping = Vec::new();
    if let Some(m) = f.get(keys::MAPPING) {
        for (key, value) in entries(m, keys::MAPPING, sink) {
            let Some(target) = string(value, keys::MAPPING, sink) else {
                continue;
            };
            // A mapping names a schema by reference or by its bare name.
            let name = target
                .strip_prefix(keys::SCHEMA_REF_PREFIX)
                .unwrap_or(&target);
            if name.is_empty() || name.contains('/') {
                sink.error_help(
                    value.pos,
                    format!("discriminator mapping `{target}` is not a schema of this file"),
                    format!(
                        "write `{}<Name>` or the schema's name",
                        keys::SCHEMA_REF_PREFIX
                    ),
                );
                continue;
            }
            mapping.push((key.name.clone(), name.to_owned()));
        }
    }
    f.finish(&[], sink);
    Some(Discriminator {
        pos: node.pos,
        property: property?,
        mapping,
    })
}

/// The `allOf` list of a schema that merges several (or one beside its own `properties`), unless a choice
/// (`oneOf`/`anyOf`), `not` or `$ref` is there too.
fn all_of<'a>(f: &Fields<'a>) -> Option<&'a Node> {
    let has = |key: &str| f.entries.contains_key(key);
    if [
        keys::ONE_OF,
        keys::ANY_OF,
        keys::NOT,
        keys::REF,
        keys::DISCRIMINATOR,
    ]
    .iter()
    .any(|k| has(k))
    {
        return None;
    }
    f.entries
        .iter()
        .find(|(k, _)| k.name == keys::ALL_OF)
        .map(|(_, v)| v)
}

/// `oneOf` or `anyOf` (whichever is there) when it is a choice between several schemas and nothing else
/// shapes the value (no `properties`, `allOf`, `not`, `$ref`, or both keys); `None` leaves it to the caller.
fn choice(f: &Fields<'_>) -> Option<&'static str> {
    let has = |key: &str| f.entries.contains_key(key);
    let key = match (has(keys::ONE_OF), has(keys::ANY_OF)) {
        (true, false) => keys::ONE_OF,
        (false, true) => keys::ANY_OF,
        _ => return None,
    };
    let blocked = [keys::PROPERTIES, keys::ALL_OF, keys::NOT, keys::REF]
        .iter()
        .any(|k| has(k));
    (!blocked).then_some(key)
}

fn object_kind(f: &mut Fields<'_>, node: &Node, sink: &mut Sink) -> SchemaKind {
    let required: Vec<(String, Pos)> = f
        .get(keys::REQUIRED)
        .map(|n| {
            items(n, keys::REQUIRED, sink)
                .iter()
                .filter_map(|v| string(v, keys::REQUIRED, sink).map(|s| (s, v.pos)))
                .collect()
        })
        .unwrap_or_default();
    let additional = f.get(keys::ADDITIONAL_PROPERTIES);
    match f.get(keys::PROPERTIES) {
        Some(props) => {
            let mut properties = Vec::new();
            for (key, value) in entries(props, keys::PROPERTIES, sink) {
                if let Some(schema) = read_schema(value, sink) {
                    let is_required = required.iter().any(|(r, _)| *r == key.name);
                    properties.push(Property {
                        pos: key.pos,
                        name: key.name.clone(),
                        required: is_required,
                        schema,
                    });
                }
            }
            for (name, pos) in &required {
                if !properties.iter().any(|p| &p.name == name) {
                    sink.error_help(
                        *pos,
                        format!("required property `{name}` is not among the properties"),
                        "add the property or remove it from `required`",
                    );
                }
            }
            // Beside properties, the other members are a map (`true` and `{}`: of any JSON); `false` allows
            // none.
            let additional = match additional {
                None
                | Some(Node {
                    value: Value::Bool(false),
                    ..
                }) => None,
                Some(
                    a @ Node {
                        value: Value::Bool(true),
                        ..
                    },
                ) => {
                    let mut any = Schema::string(a.pos);
                    any.kind = SchemaKind::Any;
                    Some(Box::new(any))
                }
                Some(a) => read_schema(a, sink).map(Box::new),
            };
            SchemaKind::Object(ObjectSchema {
                properties,
                additional,
            })
        }
        None => match additional {
            Some(Node {
                value: Value::Bool(true),
                ..
            })
            | None => {
                let _ = node;
                SchemaKind::Any
            }
            Some(Node {
                value: Value::Bool(false),
                ..
            }) => SchemaKind::Object(ObjectSchema {
                properties: vec![],
                additional: None,
            }),
            Some(a) => match read_schema(a, sink) {
                Some(value) => SchemaKind::Map(Box::new(value)),
                None => SchemaKind::Any,
            },
        },
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::{Diagnostics, parse};
    use super::*;

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: T, version: v1, x-service: t}\nservers: [{url: 'https://t.{region}.example.com'}]\n";

    fn problems(text: &str) -> Vec<(u64, String)> {
        let Err(Diagnostics { items, .. }) = parse(text, Path::new("t.yaml")) else {
            panic!("accepted")
        };
        items.into_iter().map(|d| (d.pos.line, d.message)).collect()
    }

    #[test]
    fn references_to_every_reusable_section_are_followed() {
        let text = format!(
            "{HEAD}{}",
            r#"paths:
  /v1/{id}/items:
    parameters:
      - $ref: '#/components/parameters/Id'
      - {name: limit, in: query, schema: {type: integer}}
    post:
      operationId: AddItem
      parameters:
        - $ref: '#/components/parameters/Limit'
      requestBody: {$ref: '#/components/requestBodies/Item'}
      responses:
        '201': {$ref: '#/components/responses/Created'}
        default:
          description: error
          headers:
            X-Request-Id: {$ref: '#/components/headers/RequestId'}
          content:
            application/json:
              schema: {type: object}
              examples:
                one: {$ref: '#/components/examples/Error'}
components:
  parameters:
    Id: {name: id, in: path, required: true, schema: {type: string}}
    Limit: {$ref: '#/components/parameters/LimitText'}
    LimitText: {name: limit, in: query, description: page size, schema: {type: string}}
  requestBodies:
    Item:
      required: true
      content:
        application/json:
          schema: {type: object, properties: {name: {type: string}}}
  responses:
    Created:
      description: created
      content:
        application/json:
          schema: {type: object, properties: {id: {type: string}}}
  headers:
    RequestId: {schema: {type: string}}
  examples:
    Error: {value: {code: 1}}
"#
        );
        let spec = parse(&text, Path::new("t.yaml")).expect("valid");
        let op = &spec.operations[0];
        let params: Vec<(&str, ParamLocation, &SchemaKind)> = op
            .parameters
            .iter()
            .map(|p| (p.name.as_str(), p.location, &p.schema.kind))
            .collect();
        // The operation's `limit` (through two references) replaces the path item's.
        assert_eq!(
            params,
            [
                ("id", ParamLocation::Path, &SchemaKind::String),
                ("limit", ParamLocation::Query, &SchemaKind::String),
            ]
        );
        assert_eq!(op.parameters[1].description.as_deref(), Some("page size"));
        let body = op.request_body.as_ref().expect("body");
        assert!(body.required);
        assert!(
            matches!(&body.schema.kind, SchemaKind::Object(o) if o.properties[0].name == "name")
        );
        assert_eq!(op.responses[0].status, "201");
        assert_eq!(op.responses[0].description, "created");
        assert!(op.responses[0].schema.is_some());
    }

    #[test]
    fn the_first_of_several_named_examples_is_the_body_example() {
        let text = format!(
            "{HEAD}{}",
            r#"paths:
  /v1/items:
    put:
      operationId: PutItem
      requestBody:
        content:
          application/json:
            schema: {type: object}
            examples:
              first: {$ref: '#/components/examples/One'}
              second: {value: {count: 2}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object}
              examples:
                example1: {summary: Updating A, value: {a: 1}}
                example2: {summary: Updating B, value: {b: 2}}
components:
  examples:
    One: {summary: one, value: {count: 1}}
"#
        );
        let spec = parse(&text, Path::new("t.yaml")).expect("valid");
        let op = &spec.operations[0];
        let body = op.request_body.as_ref().expect("body");
        assert_eq!(body.example, Some(serde_json::json!({"count": 1})));
        assert_eq!(op.responses[0].example, Some(serde_json::json!({"a": 1})));
    }

    #[test]
    fn broken_and_cyclic_references_are_reported_where_they_are() {
        let text = format!(
            "{HEAD}{}",
            r#"paths:
  /v1/items:
    get:
      operationId: ListItems
      parameters:
        - $ref: '#/components/parameters/Nope'
        - $ref: '#/components/parameters/A'
        - $ref: '#/paths/x'
      responses:
        '200': {$ref: '#/components/responses/Missing'}
components:
  parameters:
    A: {$ref: '#/components/parameters/B'}
    B: {$ref: '#/components/parameters/A'}
"#
        );
        let found = problems(&text);
        let at = |line: u64, needle: &str| {
            assert!(
                found.iter().any(|(l, m)| *l == line && m.contains(needle)),
                "line {line}: {needle}: {found:?}"
            )
        };
        at(9, "unknown parameters entry `Nope`");
        at(10, "cycle");
        at(11, "is not supported here");
        at(13, "unknown responses entry `Missing`");
        assert_eq!(found.len(), 4, "{found:?}");
    }

    #[test]
    fn compositions_that_amount_to_one_schema() {
        let text = format!(
            "{HEAD}{}",
            r#"paths:
  /v1/things:
    get:
      operationId: ListThings
      parameters:
        - in: query
          name: id
          schema: {oneOf: [{type: string}, {type: array, items: {type: string}}]}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  one: {description: the task, nullable: true, allOf: [{$ref: '#/components/schemas/Task'}]}
                  strange: {allOf: [{$ref: '#/components/schemas/Task'}], oneOf: [{}]}
                  any: {anyOf: [{}]}
                  state: {type: string, enum: [up, down, null]}
components:
  schemas:
    Task: {type: object, description: a task, properties: {id: {type: string}}}
"#
        );
        let spec = parse(&text, Path::new("t.yaml")).expect("valid");
        let op = &spec.operations[0];
        assert!(
            matches!(&op.parameters[0].schema.kind, SchemaKind::Array(item) if item.kind == SchemaKind::String),
            "one or many is the array: {:?}",
            op.parameters[0].schema.kind
        );
        let SchemaKind::Object(body) = &op.responses[0].schema.as_ref().unwrap().kind else {
            panic!("object")
        };
        let kind = |i: usize| &body.properties[i].schema.kind;
        assert_eq!(kind(0), &SchemaKind::Ref("Task".into()));
        assert_eq!(
            body.properties[0].schema.description.as_deref(),
            Some("the task")
        );
        assert_eq!(kind(1), &SchemaKind::Ref("Task".into()));
        assert_eq!(kind(2), &SchemaKind::Any);
        assert_eq!(body.properties[3].schema.enum_values, ["up", "down"]);
        // Several schemas to choose from are a choice; a composition beside `properties` is not read yet.
        let several = text.replace(
            "any: {anyOf: [{}]}",
            "any: {anyOf: [{type: string}, {type: integer}]}",
        );
        let spec = parse(&several, Path::new("t.yaml")).expect("valid");
        let SchemaKind::Object(body) = &spec.operations[0].responses[0]
            .schema
            .as_ref()
            .unwrap()
            .kind
        else {
            panic!("object")
        };
        assert!(
            matches!(&body.properties[2].schema.kind, SchemaKind::OneOf(b) if b.len() == 2),
            "{:?}",
            body.properties[2].schema.kind
        );
        let beside = text.replace(
            "any: {anyOf: [{}]}",
            "any: {properties: {a: {type: string}}, anyOf: [{type: string}, {type: integer}]}",
        );
        let found = problems(&beside);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].1.contains("`anyOf` is not supported yet"),
            "{found:?}"
        );
    }

    #[test]
    fn all_of_several_objects_is_one_object() {
        let text = format!(
            "{HEAD}{}",
            r#"paths: {}
components:
  schemas:
    Base: {type: object, required: [id], properties: {id: {type: string}, name: {type: string}}}
    Sized:
      description: merged
      allOf:
        - {$ref: '#/components/schemas/Base'}
        - {type: object, required: [size], properties: {size: {type: integer}, name: {type: string}}}
    Tagged:
      allOf: [{$ref: '#/components/schemas/Sized'}, {}]
      required: [tag]
      properties: {tag: {type: string}, inner: {allOf: [{$ref: '#/components/schemas/Base'}, {properties: {more: {type: boolean}}}]}}
"#
        );
        let spec = parse(&text, Path::new("t.yaml")).expect("valid");
        let props = |name: &str| -> Vec<(String, bool)> {
            let schema = &spec.schemas.iter().find(|s| s.name == name).unwrap().schema;
            let SchemaKind::Object(o) = &schema.kind else {
                panic!("{name}: {:?}", schema.kind)
            };
            o.properties
                .iter()
                .map(|p| (p.name.clone(), p.required))
                .collect()
        };
        let own = |list: &[(&str, bool)]| -> Vec<(String, bool)> {
            list.iter().map(|(n, r)| ((*n).to_owned(), *r)).collect()
        };
        assert_eq!(
            props("Sized"),
            own(&[("id", true), ("name", false), ("size", true)])
        );
        assert_eq!(
            props("Tagged"),
            own(&[
                ("id", true),
                ("name", false),
                ("size", true),
                ("tag", true),
                ("inner", false)
            ])
        );
        let sized = &spec.schemas[1].schema;
        assert_eq!(sized.description.as_deref(), Some("merged"));
        let SchemaKind::Object(tagged) = &spec.schemas[2].schema.kind else {
            panic!()
        };
        assert!(
            matches!(&tagged.properties[4].schema.kind, SchemaKind::Object(o) if o.properties.len() == 3),
            "nested merges are merged: {:?}",
            tagged.properties[4].schema.kind
        );
    }

    #[test]
    fn what_all_of_cannot_merge_is_reported_where_it_is() {
        let text = format!(
            "{HEAD}{}",
            r#"paths: {}
components:
  schemas:
    A: {type: object, properties: {x: {type: string}}}
    B: {allOf: [{$ref: '#/components/schemas/A'}, {type: object, properties: {x: {type: integer}}}]}
    C: {allOf: [{$ref: '#/components/schemas/A'}, {type: string}]}
    Loop: {allOf: [{$ref: '#/components/schemas/Loop2'}, {}]}
    Loop2: {allOf: [{$ref: '#/components/schemas/Loop'}, {type: object}]}
"#
        );
        let found = problems(&text);
        let at = |line: u64, needle: &str| {
            assert!(
                found.iter().any(|(l, m)| *l == line && m.contains(needle)),
                "line {line}: {needle}: {found:?}"
            )
        };
        // Lines after the 3 of HEAD: A is on 7, B on 8…
        at(8, "property `x` with different types (the other at 7:");
        at(9, "must be an object");
        at(11, "includes this schema again");
        assert_eq!(found.len(), 3, "{found:?}");
    }

    #[test]
    fn choices_between_strings_are_strings() {
        let text = format!(
            "{HEAD}{}",
            r#"paths: {}
components:
  schemas:
    Name: {type: string, pattern: '^[a-z]+$'}
    NameOrId:
      oneOf:
        - {title: id, allOf: [{type: string, format: uuid}]}
        - {title: name, allOf: [{$ref: '#/components/schemas/Name'}]}
    SortMode:
      description: how to sort
      oneOf:
        - {description: up, type: string, enum: [ascending]}
        - {description: down, type: string, enum: [descending, ascending]}
    Wider:
      anyOf: [{$ref: '#/components/schemas/SortMode'}, {type: string}]
    Shape:
      oneOf: [{$ref: '#/components/schemas/SortMode'}, {type: integer}]
    Loop:
      oneOf: [{$ref: '#/components/schemas/Pool'}, {type: string}]
    Pool:
      oneOf: [{$ref: '#/components/schemas/Loop'}, {type: string}]
"#
        );
        let spec = parse(&text, Path::new("t.yaml")).expect("valid");
        let schema = |name: &str| &spec.schemas.iter().find(|s| s.name == name).unwrap().schema;
        let name_or_id = schema("NameOrId");
        assert_eq!(name_or_id.kind, SchemaKind::String);
        assert!(name_or_id.enum_values.is_empty() && name_or_id.format.is_none());
        let sort = schema("SortMode");
        assert_eq!(sort.kind, SchemaKind::String);
        assert_eq!(sort.enum_values, ["ascending", "descending"]);
        assert_eq!(sort.description.as_deref(), Some("how to sort"));
        // One branch admits any string: so does the choice.
        assert_eq!(schema("Wider").kind, SchemaKind::String);
        assert!(schema("Wider").enum_values.is_empty());
        // An integer branch, or a cycle of choices, is no string.
        assert!(matches!(schema("Shape").kind, SchemaKind::OneOf(_)));
        assert!(matches!(schema("Loop").kind, SchemaKind::OneOf(_)));
        assert!(matches!(schema("Pool").kind, SchemaKind::OneOf(_)));
    }

    #[test]
    fn status_ranges_are_responses() {
        let text = format!(
            "{HEAD}{}",
            r#"paths:
  /v1/items:
    get:
      operationId: ListItems
      responses:
        '2XX':
          description: ok
          content:
            application/json: {schema: {type: object, properties: {a: {type: string}}}}
        '4XX': {description: client error}
        '6XX': {description: nonsense}
        '2xx': {description: lower case}
"#
        );
        let found = problems(&text);
        let lines: Vec<u64> = found.iter().map(|(l, _)| *l).collect();
        // `6XX` (line 14) and the lower-case `2xx` (line 15) are not statuses; `2XX` and `4XX` are.
        assert_eq!(lines, [14, 15], "{found:?}");
        let valid = text.replace(
            "        '6XX': {description: nonsense}\n        '2xx': {description: lower case}\n",
            "",
        );
        let spec = parse(&valid, Path::new("t.yaml")).expect("valid");
        let service = crate::ir::build(&spec, Path::new("t.yaml")).expect("ir");
        assert!(
            matches!(&service.operations[0].output, crate::ir::Output::Json { status, .. } if status == "2XX"),
            "{:?}",
            service.operations[0].output
        );
    }

    #[test]
    fn bodies_in_text_and_bytes() {
        let text = format!(
            "{HEAD}{}",
            r#"paths:
  /v1/name:
    put:
      operationId: PutName
      requestBody:
        content:
          text/plain: {schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/octet-stream: {schema: {type: string, format: binary}}
  /v1/chunk:
    post:
      operationId: PostChunk
      requestBody:
        content:
          application/x-tar: {}
      responses:
        '204': {description: ok}
  /v1/form:
    post:
      operationId: PostForm
      requestBody:
        content:
          multipart/mixed: {schema: {type: object}}
      responses:
        '204': {description: ok}
"#
        );
        let found = problems(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                .1
                .contains("`multipart/mixed` is not supported yet"),
            "{found:?}"
        );
        let readable = text.replace("multipart/mixed", "text/csv; charset=utf-8");
        let spec = parse(&readable, Path::new("t.yaml")).expect("valid");
        let media: Vec<&BodyMedia> = spec
            .operations
            .iter()
            .map(|op| &op.request_body.as_ref().unwrap().media)
            .collect();
        assert_eq!(
            media,
            [
                &BodyMedia::Text("text/plain".into()),
                &BodyMedia::Bytes("application/x-tar".into()),
                &BodyMedia::Text("text/csv".into()),
            ]
        );
        assert!(spec.operations[0].responses[0].bytes);
        assert!(!spec.operations[0].responses[0].text);
    }

    #[test]
    fn json_bodies_are_found_among_media_types_with_parameters_and_alternatives() {
        let text = format!(
            "{HEAD}{}",
            r#"paths:
  /v1/items:
    post:
      operationId: AddItem
      requestBody:
        content:
          application/x-www-form-urlencoded: {schema: {type: object}}
          application/json; charset=utf-8: {schema: {type: object, properties: {a: {type: string}}}}
      responses:
        '200':
          description: ok
          content:
            application/problem+json: {schema: {type: object, properties: {b: {type: string}}}}
        '201':
          description: text
          content:
            text/plain; charset=utf-8: {schema: {type: string}}
"#
        );
        let spec = parse(&text, Path::new("t.yaml")).expect("valid");
        let op = &spec.operations[0];
        let body = op.request_body.as_ref().expect("body");
        assert!(matches!(&body.schema.kind, SchemaKind::Object(o) if o.properties[0].name == "a"));
        assert!(!op.responses[0].text);
        assert!(
            matches!(&op.responses[0].schema.as_ref().unwrap().kind, SchemaKind::Object(o) if o.properties[0].name == "b")
        );
        assert!(op.responses[1].text);
        // A form alone is a form body.
        let form_only = text.replace("          application/json; charset=utf-8: {schema: {type: object, properties: {a: {type: string}}}}\n", "");
        let spec = parse(&form_only, Path::new("t.yaml")).expect("valid");
        let body = spec.operations[0].request_body.as_ref().expect("body");
        assert_eq!(body.media, BodyMedia::Form);
        // Only a body the client cannot send is an error, at its media type (line 10: after the 3 lines of HEAD).
        let multipart_only =
            form_only.replace("application/x-www-form-urlencoded", "multipart/form-data");
        let spec = parse(&multipart_only, Path::new("t.yaml")).expect("valid");
        let body = spec.operations[0].request_body.as_ref().expect("body");
        assert_eq!(body.media, BodyMedia::Multipart);
        let mixed_only = form_only.replace("application/x-www-form-urlencoded", "multipart/mixed");
        let found = problems(&mixed_only);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, 10, "{found:?}");
        assert!(found[0].1.contains("`multipart/mixed`"), "{found:?}");
    }

    #[test]
    fn servers_of_every_form() {
        let doc = |servers: &str| {
            format!("openapi: 3.0.3\ninfo: {{title: T, version: v1}}\n{servers}paths: {{}}\n")
        };
        let server = |servers: &str| {
            parse(&doc(servers), Path::new("t.yaml"))
                .expect("valid")
                .server
                .map(|s| (s.url, s.regions))
        };
        assert_eq!(server(""), None);
        assert_eq!(server("servers: []\n"), None);
        assert_eq!(
            server(
                "servers: [{url: 'https://api.example.com/v1'}, {url: 'https://staging.example.com'}]\n"
            ),
            Some(("https://api.example.com/v1".into(), vec![]))
        );
        // Variables other than the region take their default; the region stays, with or without an enum.
        assert_eq!(
            server(
                "servers:\n  - url: '{scheme}://{region}.{host}/{base}'\n    variables:\n      scheme: {default: https, enum: [https, http]}\n      host: {default: example.com}\n      base: {default: v2}\n      region: {default: eu-1, enum: [eu-1, us-2]}\n"
            ),
            Some((
                "https://{region}.example.com/v2".into(),
                vec!["eu-1".into(), "us-2".into()]
            ))
        );
        assert_eq!(
            server(
                "servers:\n  - url: 'https://{region}.example.com'\n    variables:\n      region: {default: eu-1}\n"
            ),
            Some(("https://{region}.example.com".into(), vec![]))
        );
        let found = problems(&doc("servers: [{url: 'https://{zone}.example.com'}]\n"));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].1.contains("`{zone}` but no such variable"),
            "{found:?}"
        );
    }

    #[test]
    fn a_missing_path_parameter_is_reported_at_the_path_template() {
        let text = format!(
            "{HEAD}{}",
            r#"paths:
  /v1/{id}/items:
    get:
      operationId: ListItems
      responses:
        '204': {description: ok}
"#
        );
        let found = problems(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        // Line 5 is `  /v1/{id}/items:`; the operationId is on line 7.
        assert_eq!(found[0].0, 5, "{found:?}");
        assert!(found[0].1.contains("`{id}`"), "{found:?}");
    }
}
