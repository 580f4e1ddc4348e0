//! Spec → IR: takes every Rust name from the naming pass ([`super::names`]), hoists inline objects and enums
//! into named types, detects paging,
//! boxes recursive fields, splits the server URL into the endpoint and a path prefix, and chooses each
//! operation's authorization from its `security`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use super::model::*;
use super::names::{self, Helper, Namer, service_name};
use crate::naming;
use crate::spec::{
    self, Diagnostic, Diagnostics, ExampleReading, ExampleShape, ParamLocation, Schema, SchemaKind,
    Spec,
};

/// Builds the IR of a validated spec. `path` is only used in messages.
pub fn build(spec: &Spec, path: &Path) -> Result<Service, Diagnostics> {
    let mut builder = Builder {
        spec,
        namer: Namer::new(spec),
        resolved: spec::Resolved::new(&spec.schemas),
        types: Vec::new(),
        problems: Vec::new(),
    };
    for named in &spec.schemas {
        let name = builder.namer.schema_type(&named.name);
        builder.named_type(&name, &named.name, &named.schema);
    }
    let mut operations: Vec<Operation> = spec
        .operations
        .iter()
        .enumerate()
        .map(|(i, op)| builder.operation(i, op))
        .collect();
    let mut problems = builder.problems;
    problems.append(&mut builder.namer.problems);
    if !problems.is_empty() {
        return Err(Diagnostics::new(path, problems));
    }
    let mut types = builder.types;
    box_recursive_fields(&mut types);
    share_identical_shapes(&mut types);
    let type_features = type_features(&types, &operations);
    let name = service_name(spec);
    let (endpoint, base_path) = endpoint(spec.server.as_ref());
    for op in &mut operations {
        op.path.insert_str(0, &base_path);
    }
    Ok(Service {
        crate_name: format!("huaweicloud-{name}"),
        lib_name: format!("huaweicloud_{}", name.replace('-', "_")),
        name,
        title: spec.title.clone(),
        version: spec.version.clone(),
        description: spec.description.clone(),
        endpoint,
        operations,
        types,
        type_features,
        names: builder.namer.record,
    })
}

/// The client's endpoint facts, and the path every operation path is under: the server URL splits into
/// `scheme://host[:port]` (what the runtime connects to and signs as the host) and its path (`/v1` of
/// `https://api.example.com/v1/`), which the operations' paths are prefixed with.
fn endpoint(server: Option<&spec::Server>) -> (Endpoint, String) {
    let Some(server) = server else {
        return (
            Endpoint {
                template: String::new(),
                regions: Vec::new(),
                region_endpoints: Vec::new(),
            },
            String::new(),
        );
    };
    let after_scheme = server.url.find("://").map_or(0, |i| i + 3);
    let path_start = server.url[after_scheme..]
        .find('/')
        .map_or(server.url.len(), |i| after_scheme + i);
    let (base, path) = server.url.split_at(path_start);
    (
        Endpoint {
            template: base.to_owned(),
            regions: server.regions.clone(),
            region_endpoints: server.region_endpoints.clone(),
        },
        path.trim_end_matches('/').to_owned(),
    )
}

/// A security scheme as the diagnostics name it.
fn describe_scheme(kind: &spec::SchemeKind) -> String {
    match kind {
        spec::SchemeKind::Signing(algorithm) => format!("signing with {algorithm}"),
        spec::SchemeKind::ApiKey { location, .. } => format!("an API key in a {location}"),
        spec::SchemeKind::Http(scheme) => format!("HTTP {scheme} authentication"),
        spec::SchemeKind::Other(ty) => format!("{ty} authentication"),
    }
}

/// Which groups use each type: every type reachable from an operation's parameters, body or responses.
fn type_features(types: &[TypeDef], operations: &[Operation]) -> Vec<Features> {
    let index: BTreeMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name(), i))
        .collect();
    let mut features = vec![Features::new(); types.len()];
    fn named(ty: &TypeRef, out: &mut Vec<String>) {
        match ty {
            TypeRef::Named(n) => out.push(n.clone()),
            TypeRef::Vec(t) | TypeRef::Map(t) | TypeRef::Boxed(t) | TypeRef::Nullable(t) => {
                named(t, out)
            }
            _ => {}
        }
    }
    for op in operations {
        let mut stack = Vec::new();
        for p in &op.params {
            named(&p.ty, &mut stack);
        }
        if let Some(b) = &op.body {
            named(&b.ty, &mut stack);
        }
        for ty in &op.response_types {
            named(ty, &mut stack);
        }
        while let Some(name) = stack.pop() {
            let Some(&i) = index.get(name.as_str()) else {
                continue;
            };
            if !features[i].insert(op.group.clone()) {
                continue;
            }
            match &types[i] {
                TypeDef::Struct(s) => s.field_types().for_each(|t| named(t, &mut stack)),
                TypeDef::Newtype(n) => named(&n.inner, &mut stack),
                TypeDef::Alias(a) => stack.push(a.target.clone()),
                TypeDef::Enum(_) => {}
                TypeDef::Union(u) => u
                    .variants
                    .iter()
                    .filter_map(|v| v.ty.as_ref())
                    .for_each(|t| named(t, &mut stack)),
            }
        }
    }
    // An alias no operation reaches (its only user became an alias itself) exists when its target does.
    for (i, ty) in types.iter().enumerate() {
        if let TypeDef::Alias(a) = ty
            && features[i].is_empty()
            && let Some(&target) = index.get(a.target.as_str())
        {
            features[i] = features[target].clone();
        }
    }
    features
}

struct Builder<'a> {
    spec: &'a Spec,
    /// Every Rust name: decided up front for schemas and operations, on the way for inline schemas.
    namer: Namer,
    /// What each named schema stands for through its `$ref`s.
    resolved: spec::Resolved<'a>,
    types: Vec<TypeDef>,
    problems: Vec<Diagnostic>,
}

impl Builder<'_> {
    fn schema_type_name(&self, spec_name: &str) -> String {
        self.namer.schema_type(spec_name)
    }

    fn named_type(&mut self, name: &str, spec_name: &str, schema: &Schema) {
        match &schema.kind {
            SchemaKind::Object(object) => {
                let helpers: Vec<Helper> = object
                    .properties
                    .iter()
                    .map(|p| {
                        if p.schema.reading == ExampleReading::NumericString {
                            Helper::Number
                        } else if p.schema.json_string {
                            Helper::Json
                        } else {
                            Helper::None
                        }
                    })
                    .collect();
                let members = self
                    .namer
                    .struct_members(name, &object.properties, &helpers);
                let fields: Vec<Field> = object
                    .properties
                    .iter()
                    .zip(members)
                    .map(|(p, member)| {
                        let context = names::member_type(name, &p.name);
                        let ty = self.type_ref(&p.schema, &context);
                        let wire = wire(&p.schema);
                        let plain = matches!(wire, Wire::Plain | Wire::JsonString);
                        // An empty value read as absent makes a required member one that may lack a value.
                        let nullable = p.schema.nullable
                            || self.resolved.resolve(&p.schema).nullable
                            || wire == Wire::EmptyAsAbsent;
                        Field {
                            wire_name: p.name.clone(),
                            rust_name: member.field,
                            setter: member.setter,
                            helper: member.helper,
                            // Optional fields are `Option` already; a lenient decoder reads a value, not `null`.
                            ty: if p.required && nullable && (plain || wire == Wire::EmptyAsAbsent)
                            {
                                TypeRef::Nullable(Box::new(ty))
                            } else {
                                ty
                            },
                            // The page's example response lacks it: the service evidently omits it, so it
                            // decodes as optional (the transcriber marks response properties only).
                            required: p.required && !p.schema.example_absent,
                            docs: p.schema.description.clone(),
                            sensitive: p
                                .schema
                                .sensitive
                                .unwrap_or_else(|| naming::looks_secret(&p.name)),
                            wire,
                            deprecated: p.schema.deprecated,
                            access: access(&p.schema, &self.resolved),
                            default: p.schema.default.clone(),
                        }
                    })
                    .collect();
                let additional = object.additional.as_ref().map(|value| {
                    let ty = self.type_ref(value, &names::value_type(name));
                    names::additional_properties(&fields, ty)
                });
                self.types.push(TypeDef::Struct(StructDef {
                    name: name.to_owned(),
                    spec_name: spec_name.to_owned(),
                    docs: schema.description.clone(),
                    fields,
                    deprecated: schema.deprecated,
                    additional,
                }));
            }
            SchemaKind::OneOf(branches) => self.union_type(name, schema, branches),
            SchemaKind::String if !schema.enum_values.is_empty() => {
                let variants = self.enum_variants(name, &schema.enum_values);
                self.types.push(TypeDef::Enum(EnumDef {
                    name: name.to_owned(),
                    docs: schema.description.clone(),
                    variants,
                    deprecated: schema.deprecated,
                }));
            }
            _ => {
                let inner = self.type_ref_inner(schema, &names::item_type(name));
                self.types.push(TypeDef::Newtype(NewtypeDef {
                    name: name.to_owned(),
                    docs: schema.description.clone(),
                    inner,
                    deprecated: schema.deprecated,
                }));
            }
        }
    }

    /// The Rust type of a schema used in a field or parameter; inline objects and enums become types named
    /// `context`.
    fn type_ref(&mut self, schema: &Schema, context: &str) -> TypeRef {
        match &schema.kind {
            SchemaKind::Object(_) | SchemaKind::OneOf(_) => {
                let name = self.namer.hoisted_type(context, schema.pos);
                self.named_type(&name, &name, schema);
                TypeRef::Named(name)
            }
            SchemaKind::String if !schema.enum_values.is_empty() => {
                let name = self.namer.hoisted_type(context, schema.pos);
                self.named_type(&name, &name, schema);
                TypeRef::Named(name)
            }
            _ => self.type_ref_inner(schema, context),
        }
    }

    /// The type of a parameter: as a field's, except that a reference to a plain scalar schema (a `Name` that is a
    /// string with a pattern) is that scalar, which a parameter is on the wire and which converts from what
    /// callers have (`impl Into<String>`).
    fn param_type(&mut self, schema: &Schema, context: &str) -> TypeRef {
        let resolved = self.resolved.resolve(schema);
        let scalar = resolved.enum_values.is_empty()
            && matches!(
                resolved.kind,
                SchemaKind::String
                    | SchemaKind::Integer { .. }
                    | SchemaKind::Number { .. }
                    | SchemaKind::Boolean
            );
        if matches!(schema.kind, SchemaKind::Ref(_)) && scalar {
            self.type_ref_inner(resolved, context)
        } else {
            self.type_ref(schema, context)
        }
    }

    fn type_ref_inner(&mut self, schema: &Schema, context: &str) -> TypeRef {
        match &schema.kind {
            SchemaKind::String
                if schema.datetime_format.as_deref() == Some(spec::COMPACT_DATETIME) =>
            {
                TypeRef::CompactDateTime
            }
            SchemaKind::String => string_format(schema),
            SchemaKind::Integer { wide } => match (schema.is_unsigned(), wide) {
                (false, false) => TypeRef::I32,
                (false, true) => TypeRef::I64,
                (true, false) => TypeRef::U32,
                (true, true) => TypeRef::U64,
            },
            SchemaKind::Number { narrow: true } => TypeRef::F32,
            SchemaKind::Number { narrow: false } => TypeRef::F64,
            SchemaKind::Boolean => TypeRef::Bool,
            // Merges are objects by the time the IR is built (`spec::merge`).
            SchemaKind::Any | SchemaKind::AllOf(_) => TypeRef::Json,
            SchemaKind::Array(item) => {
                TypeRef::Vec(Box::new(self.type_ref(item, &names::item_type(context))))
            }
            SchemaKind::Map(value) => {
                TypeRef::Map(Box::new(self.type_ref(value, &names::value_type(context))))
            }
            SchemaKind::Ref(name) => TypeRef::Named(self.schema_type_name(name)),
            SchemaKind::Object(_) | SchemaKind::OneOf(_) => self.type_ref(schema, context),
        }
    }

    /// The enum of a `oneOf`/`anyOf`: a variant per branch, tagged by a property when every branch is an
    /// object that names itself in it (see [`implied_tag`]), else told apart by shape. Inline branches
    /// become types named after the union and the variant (`ImageSourceUrl`).
    fn union_type(&mut self, name: &str, schema: &Schema, branches: &[Schema]) {
        if let Some(discriminator) = &schema.discriminator {
            return self.discriminated_union(name, schema, branches, discriminator);
        }
        let tag = implied_tag(branches);
        let tag_values: Vec<Option<String>> = (0..branches.len())
            .map(|i| tag.as_ref().map(|(_, values)| values[i].clone()))
            .collect();
        let suggested: Vec<String> = branches
            .iter()
            .zip(&tag_values)
            .enumerate()
            .map(|(i, (branch, tag_value))| {
                names::union_variant(branch, tag_value.as_deref(), i, |s| {
                    self.schema_type_name(s)
                })
            })
            .collect();
        let variant_names = self.namer.union_variants(name, &suggested);
        let mut variants = Vec::new();
        for ((branch, tag_value), rust_name) in branches.iter().zip(tag_values).zip(variant_names) {
            let context = names::variant_type(name, &rust_name);
            let ty = match (&tag, &branch.kind) {
                (Some((property, _)), SchemaKind::Object(object)) => {
                    // The tag is the variant; the variant's type holds the other properties.
                    let rest: Vec<spec::Property> = object
                        .properties
                        .iter()
                        .filter(|p| p.name != *property)
                        .cloned()
                        .collect();
                    (!rest.is_empty()).then(|| {
                        let rest = Schema {
                            kind: SchemaKind::Object(spec::ObjectSchema {
                                properties: rest,
                                additional: object.additional.clone(),
                            }),
                            ..branch.clone()
                        };
                        self.type_ref(&rest, &context)
                    })
                }
                _ => Some(self.type_ref(branch, &context)),
            };
            variants.push(UnionVariant {
                rust_name,
                discriminator_values: Vec::new(),
                tag: tag_value,
                ty,
                docs: branch.description.clone(),
            });
        }
        self.types.push(TypeDef::Union(UnionDef {
            name: name.to_owned(),
            docs: schema.description.clone(),
            tagging: match tag {
                Some((property, _)) => Tagging::Property(property),
                None => Tagging::Untagged,
            },
            variants,
            deprecated: schema.deprecated,
        }));
    }

    /// The enum of a `oneOf` with a `discriminator`: every branch is a `$ref` (the property is in its schema),
    /// named by the mapping's values that name it, else by the schema's name.
    fn discriminated_union(
        &mut self,
        name: &str,
        schema: &Schema,
        branches: &[Schema],
        discriminator: &spec::Discriminator,
    ) {
        let mut refs = Vec::new();
        for branch in branches {
            let SchemaKind::Ref(target) = &branch.kind else {
                self.problems.push(Diagnostic {
                    pos: branch.pos,
                    message: "a branch of a choice with a `discriminator` must be a `$ref`".into(),
                    help: Some("move the branch to `components.schemas` and refer to it".into()),
                });
                continue;
            };
            let mut values: Vec<String> = discriminator
                .mapping
                .iter()
                .filter(|(_, schema)| schema == target)
                .map(|(value, _)| value.clone())
                .collect();
            if values.is_empty() {
                values.push(target.clone());
            }
            refs.push((branch, target, values));
        }
        let suggested: Vec<String> = refs
            .iter()
            .map(|(_, target, _)| self.schema_type_name(target))
            .collect();
        let variant_names = self.namer.union_variants(name, &suggested);
        let variants: Vec<UnionVariant> = refs
            .into_iter()
            .zip(variant_names)
            .map(|((branch, target, values), rust_name)| UnionVariant {
                rust_name,
                tag: None,
                discriminator_values: values,
                ty: Some(TypeRef::Named(self.schema_type_name(target))),
                docs: branch.description.clone(),
            })
            .collect();
        for (value, target) in &discriminator.mapping {
            if !branches
                .iter()
                .any(|b| matches!(&b.kind, SchemaKind::Ref(t) if t == target))
            {
                self.problems.push(Diagnostic {
                    pos: discriminator.pos,
                    message: format!(
                        "the discriminator maps `{value}` to `{target}`, which is not one of the branches"
                    ),
                    help: Some("map it to a `$ref` of the `oneOf`, or add the branch".into()),
                });
            }
        }
        self.types.push(TypeDef::Union(UnionDef {
            name: name.to_owned(),
            docs: schema.description.clone(),
            tagging: Tagging::Discriminator(discriminator.property.clone()),
            variants,
            deprecated: schema.deprecated,
        }));
    }

    fn operation(&mut self, index: usize, op: &spec::Operation) -> Operation {
        let op_names = self.namer.operation(index).clone();
        let type_name = op_names.builder.clone();
        let params: Vec<Param> = op
            .parameters
            .iter()
            .zip(&op_names.params)
            .map(|(p, rust_name)| Param {
                wire_name: p.name.clone(),
                rust_name: rust_name.clone(),
                kind: match (p.location, &p.from_credentials) {
                    (_, Some(_)) => ParamKind::FromCredentials,
                    (ParamLocation::Path, None) => ParamKind::Path,
                    (ParamLocation::Query, None) => ParamKind::Query {
                        required: p.required,
                    },
                    (ParamLocation::Header, None) => ParamKind::Header {
                        required: p.required,
                    },
                },
                ty: self.param_type(&p.schema, &names::member_type(&type_name, &p.name)),
                docs: p.description.clone(),
                required_inferred: p.required_inferred,
                deprecated: p.deprecated || p.schema.deprecated,
            })
            .collect();
        let body = op.request_body.as_ref().map(|b| Body {
            ty: match &b.media {
                spec::BodyMedia::Json | spec::BodyMedia::Form | spec::BodyMedia::Multipart => {
                    self.type_ref(&b.schema, &names::request_body_type(&type_name))
                }
                spec::BodyMedia::Text(_) => TypeRef::String,
                spec::BodyMedia::Bytes(_) => TypeRef::Bytes,
            },
            parts: Vec::new(),
            media: b.media.clone(),
            required: b.required,
            docs: b
                .description
                .clone()
                .or_else(|| b.schema.description.clone()),
        });
        let body = body.map(|mut body| {
            if body.media == spec::BodyMedia::Multipart {
                body.parts = self.multipart_parts(&body.ty, op);
            }
            body
        });
        let several = self.outputs_by_status(op, &type_name);
        let success = op
            .success_responses()
            .filter(|_| several.is_none())
            .find(|r| r.schema.is_some() || r.text || r.bytes);
        let output = match success {
            Some(response) if response.text => Output::Text {
                status: response.status.clone(),
            },
            Some(response) if response.bytes => Output::Bytes {
                status: response.status.clone(),
            },
            Some(response) => {
                let schema = response.schema.as_ref().expect("filtered on schema");
                let context = names::response_type(&type_name);
                let ty = match &schema.kind {
                    // A top-level array or scalar body gets a named wrapper so it can carry docs and helpers.
                    SchemaKind::Array(_)
                    | SchemaKind::String
                    | SchemaKind::Integer { .. }
                    | SchemaKind::Number { .. }
                    | SchemaKind::Boolean => {
                        let name = self.namer.hoisted_type(&context, schema.pos);
                        let inner = self.type_ref_inner(schema, &names::item_type(&name));
                        self.types.push(TypeDef::Newtype(NewtypeDef {
                            name: name.clone(),
                            docs: Some(response.description.clone()),
                            inner,
                            deprecated: schema.deprecated,
                        }));
                        TypeRef::Named(name)
                    }
                    _ => self.type_ref(schema, &context),
                };
                Output::Json {
                    ty,
                    status: response.status.clone(),
                }
            }
            None => several.unwrap_or(Output::Empty),
        };
        let pagination = self.pagination(op, &params, &output);
        let auth = self.auth(op);
        let response_types = op
            .responses
            .iter()
            .filter_map(|r| r.schema.as_ref())
            .map(|schema| match &schema.kind {
                SchemaKind::Ref(name) => TypeRef::Named(self.schema_type_name(name)),
                _ => TypeRef::Json,
            })
            .chain(output.json_types().into_iter().cloned())
            .collect();
        Operation {
            id: op.id.clone(),
            module_name: op_names.module,
            group: op_names.group,
            response_types,
            method_name: op_names.method,
            builder_type: op_names.builder,
            request_type: op_names.request,
            http_method: op.method,
            path: op.path.clone(),
            summary: op.summary.clone(),
            description: op.description.clone(),
            request_examples: op.request_examples.iter().map(|e| e.text.clone()).collect(),
            params,
            body,
            output,
            pagination,
            auth,
            deprecated: op.deprecated,
            error_type: self.error_type(op),
        }
    }

    /// The one schema every documented error response (`4xx`, `5xx`, `default`) with a JSON body refers to, as
    /// a type; `None` when there is none, or several (a status then tells them apart, which the error's
    /// `status()` gives).
    fn error_type(&self, op: &spec::Operation) -> Option<TypeRef> {
        let mut names = op
            .error_responses()
            .filter(|r| !r.text && !r.bytes)
            .filter_map(|r| r.schema.as_ref())
            .map(|schema| match &schema.kind {
                SchemaKind::Ref(name) => Some(name),
                _ => None,
            });
        let first = names.next()??;
        names
            .all(|n| n == Some(first))
            .then(|| TypeRef::Named(self.schema_type_name(first)))
    }

    /// The parts of a multipart body of type `ty`: one per field its struct sends (read-only ones are never
    /// sent); a diagnostic when the body is not an object.
    fn multipart_parts(&mut self, ty: &TypeRef, op: &spec::Operation) -> Vec<Part> {
        let pos = op.request_body.as_ref().map_or(op.pos, |b| b.schema.pos);
        let fields = match ty {
            TypeRef::Named(name) => self.types.iter().find_map(|t| match t {
                TypeDef::Struct(s) if s.name == *name && s.additional.is_none() => {
                    Some(s.fields.clone())
                }
                _ => None,
            }),
            _ => None,
        };
        let Some(fields) = fields else {
            self.problems.push(Diagnostic {
                pos,
                message: format!(
                    "the `multipart/form-data` body of `{}` is not an object with properties only",
                    op.id
                ),
                help: Some("describe the parts as the `properties` of an object schema".into()),
            });
            return Vec::new();
        };
        let is_enum = |name: &str| {
            self.types
                .iter()
                .any(|t| matches!(t, TypeDef::Enum(e) if e.name == name))
        };
        fields
            .iter()
            .filter(|f| f.access != Access::ReadOnly)
            .map(|f| {
                let (ty, nullable) = match &f.ty {
                    TypeRef::Nullable(inner) => (&**inner, true),
                    other => (other, false),
                };
                let (item, repeated) = match ty {
                    TypeRef::Vec(item) => (&**item, true),
                    other => (other, false),
                };
                let kind = match item {
                    TypeRef::Binary => PartKind::File,
                    TypeRef::Named(name) if is_enum(name) => PartKind::Text,
                    TypeRef::Named(_)
                    | TypeRef::Json
                    | TypeRef::Map(_)
                    | TypeRef::Vec(_)
                    | TypeRef::Boxed(_)
                    | TypeRef::Nullable(_) => PartKind::Json,
                    _ => PartKind::Text,
                };
                // A list of objects is one JSON part, not a part per object.
                let (kind, repeated) = if repeated && kind == PartKind::Json {
                    (PartKind::Json, false)
                } else {
                    (kind, repeated)
                };
                Part {
                    wire_name: f.wire_name.clone(),
                    rust_name: f.rust_name.clone(),
                    optional: f.is_option() || nullable,
                    kind,
                    repeated,
                }
            })
            .collect()
    }

    /// The output of an operation whose 2xx responses have different bodies (`200` a `Thing`, `202` a `Job`,
    /// or one JSON and one text): an enum with a variant per 2xx status, named after the status (`Ok`,
    /// `Created`, `Accepted`…), a body-less one a unit variant. `None` when the successes share one body (the
    /// same schema reference, or all but one without a body), which stays the plain output.
    fn outputs_by_status(&mut self, op: &spec::Operation, type_name: &str) -> Option<Output> {
        let successes: Vec<&spec::Response> = op.success_responses().collect();
        let body_key = |r: &spec::Response| match (&r.schema, r.text, r.bytes) {
            (_, true, _) => Some("text".to_owned()),
            (_, _, true) => Some("bytes".to_owned()),
            (Some(schema), _, _) => Some(match &schema.kind {
                SchemaKind::Ref(name) => format!("ref {name}"),
                _ => format!("inline {}", schema.pos),
            }),
            (None, _, _) => None,
        };
        let bodies: BTreeSet<String> = successes.iter().filter_map(|r| body_key(r)).collect();
        if bodies.len() < 2 {
            return None;
        }
        let variant_names = names::status_variants(successes.iter().map(|r| r.status.as_str()));
        let mut first_body = true;
        let mut variants = Vec::new();
        for (response, rust_name) in successes.into_iter().zip(variant_names) {
            let body = match (&response.schema, response.text, response.bytes) {
                (_, true, _) => StatusBody::Text,
                (_, _, true) => StatusBody::Bytes,
                (Some(schema), _, _) => {
                    // The first body keeps the name a single success would give it.
                    let context = if std::mem::take(&mut first_body) {
                        names::response_type(type_name)
                    } else {
                        names::status_response_type(type_name, &response.status)
                    };
                    StatusBody::Json(self.type_ref(schema, &context))
                }
                (None, _, _) => StatusBody::Empty,
            };
            variants.push(StatusVariant {
                status: response.status.clone(),
                rust_name,
                docs: response.description.clone(),
                body,
            });
        }
        Some(Output::ByStatus {
            name: self
                .namer
                .hoisted_type(&names::output_type(type_name), op.pos),
            variants,
        })
    }

    /// The first alternative of the operation's `security` the runtime can do; a diagnostic when there is
    /// none (or a scheme is not declared).
    fn auth(&mut self, op: &spec::Operation) -> Auth {
        if op.security.is_empty() {
            return Auth::Anonymous;
        }
        let mut unsupported = Vec::new();
        for alternative in &op.security {
            let [(name, pos)] = alternative.schemes.as_slice() else {
                if alternative.schemes.is_empty() {
                    return Auth::Anonymous;
                }
                let names: Vec<&str> = alternative
                    .schemes
                    .iter()
                    .map(|(n, _)| n.as_str())
                    .collect();
                unsupported.push(format!("{} together", names.join(" + ")));
                continue;
            };
            let Some(scheme) = self.spec.security_schemes.iter().find(|s| &s.name == name) else {
                self.problems.push(Diagnostic {
                    pos: *pos,
                    message: format!("security scheme `{name}` is not declared"),
                    help: Some(
                        "declare it under `components.securitySchemes` or fix the name".into(),
                    ),
                });
                return Auth::Anonymous;
            };
            match &scheme.kind {
                spec::SchemeKind::Signing(algorithm) if algorithm == "SDK-HMAC-SHA256" => {
                    return Auth::Signed;
                }
                spec::SchemeKind::ApiKey {
                    location,
                    name: key,
                } if location == "header" => {
                    return Auth::ApiKeyHeader(key.clone());
                }
                spec::SchemeKind::ApiKey {
                    location,
                    name: key,
                } if location == "query" => {
                    return Auth::ApiKeyQuery(key.clone());
                }
                spec::SchemeKind::Http(kind) if kind == "bearer" => return Auth::Bearer,
                other => unsupported.push(format!("`{name}` ({})", describe_scheme(other))),
            }
        }
        self.problems.push(Diagnostic {
            pos: op.pos,
            message: format!(
                "operation `{}` needs authentication the runtime cannot do: {}",
                op.id,
                unsupported.join(", or ")
            ),
            help: Some(
                "the runtime signs with AK/SK (`x-signing: SDK-HMAC-SHA256`), sends bearer tokens and API keys in a \
                 header or the query; add one of those as an alternative, or `security: []` to send it unsigned"
                    .into(),
            ),
        });
        Auth::Anonymous
    }

    /// The variants of an enum, one per distinct value: a value listed twice is one value (JSON Schema: values
    /// SHOULD be unique); a second variant for it would be an unreachable match arm.
    fn enum_variants(&mut self, name: &str, values: &[String]) -> Vec<Variant> {
        let mut seen = BTreeSet::new();
        let distinct: Vec<&String> = values.iter().filter(|v| seen.insert(v.as_str())).collect();
        let names = self.namer.enum_variants(name, &distinct);
        distinct
            .into_iter()
            .zip(names)
            .map(|(wire, rust_name)| Variant {
                wire_name: wire.clone(),
                rust_name,
            })
            .collect()
    }

    /// Paging from `x-paginated`, or detected: an integer `offset`/`start` and `limit` query pair and a success
    /// body with exactly one array field.
    fn pagination(
        &self,
        op: &spec::Operation,
        params: &[Param],
        output: &Output,
    ) -> Option<Pagination> {
        let Output::Json {
            ty: TypeRef::Named(body),
            ..
        } = output
        else {
            return None;
        };
        let TypeDef::Struct(body) = self.types.iter().find(|t| t.name() == body)? else {
            return None;
        };
        // Offsets and page sizes are integers, or strings holding one (as some pages type them), and optional:
        // the pager sets them on the next request's `Option` fields (a required offset is left to the caller).
        let query_int = |name: &str| {
            params.iter().find(|p| {
                p.wire_name == name
                    && matches!(p.kind, ParamKind::Query { required: false })
                    && matches!(p.ty, TypeRef::I32 | TypeRef::I64 | TypeRef::String)
            })
        };
        let declared = op.paginated.as_ref();
        let (offset, limit) = match declared {
            Some(p) => (query_int(&p.offset)?, query_int(&p.limit)?),
            None => (
                query_int("offset").or_else(|| query_int("start"))?,
                query_int("limit")?,
            ),
        };
        let arrays: Vec<&Field> = body
            .fields
            .iter()
            .filter(|f| matches!(f.ty, TypeRef::Vec(_)))
            .collect();
        let items = match declared {
            Some(p) => body.fields.iter().find(|f| f.wire_name == p.items)?,
            None if arrays.len() == 1 => arrays[0],
            None => return None,
        };
        let TypeRef::Vec(item_ty) = &items.ty else {
            return None;
        };
        let total_field = match declared {
            Some(p) => p
                .total
                .as_ref()
                .and_then(|t| body.fields.iter().find(|f| &f.wire_name == t)),
            // The most specific name wins: `total`, `count`, then `*_total`, `*_count`, `*_num`.
            None => {
                let numeric = |f: &&Field| {
                    matches!(f.ty, TypeRef::I32 | TypeRef::I64) || f.wire == Wire::NumericString
                };
                let rank = |n: &str| match n {
                    "total" => Some(0),
                    "count" => Some(1),
                    _ if n.ends_with("_total") => Some(2),
                    _ if n.ends_with("_count") => Some(3),
                    _ if n.ends_with("_num") => Some(4),
                    _ => None,
                };
                body.fields
                    .iter()
                    .filter(numeric)
                    .filter_map(|f| rank(&f.wire_name).map(|r| (r, f)))
                    .min_by_key(|(r, _)| *r)
                    .map(|(_, f)| f)
            }
        };
        let total = total_field.and_then(|f| match (&f.ty, f.wire) {
            // Read as an `Option`; a total that is always there (required, or with a default) pages without it.
            (TypeRef::I32 | TypeRef::I64, _) if f.is_option() => {
                Some((f.rust_name.clone(), TotalKind::Integer))
            }
            (TypeRef::String, Wire::NumericString) => f
                .helper
                .clone()
                .map(|helper| (helper, TotalKind::NumericString)),
            _ => None,
        });
        Some(Pagination {
            offset: offset.rust_name.clone(),
            limit: limit.rust_name.clone(),
            items: items.rust_name.clone(),
            item_ty: (**item_ty).clone(),
            total,
            first: declared.map_or(0, |p| p.first),
            offset_ty: match offset.ty {
                TypeRef::I64 => OffsetType::I64,
                TypeRef::String => OffsetType::Text,
                _ => OffsetType::I32,
            },
        })
    }
}

/// Which way a property travels: `readOnly`/`writeOnly` on it, or on the schema it refers to.
fn access(schema: &Schema, resolved: &spec::Resolved<'_>) -> Access {
    let resolved = resolved.resolve(schema);
    if schema.read_only || resolved.read_only {
        Access::ReadOnly
    } else if schema.write_only || resolved.write_only {
        Access::WriteOnly
    } else {
        Access::ReadWrite
    }
}

/// How a property travels (the lenient readings of its spec keys).
fn wire(schema: &Schema) -> Wire {
    match schema.reading {
        ExampleReading::NumericString => Wire::NumericString,
        ExampleReading::StringOrScalar => Wire::StringOrScalar,
        ExampleReading::StringTolerant => Wire::StringTolerant,
        ExampleReading::BoolOrBit => Wire::BoolOrBit,
        ExampleReading::Documented if schema.json_string => Wire::JsonString,
        ExampleReading::Documented => match schema.example_shape {
            Some(ExampleShape::OneOrMany) => Wire::OneOrMany,
            Some(ExampleShape::EmptyAsAbsent) => Wire::EmptyAsAbsent,
            Some(ExampleShape::JsonText) => Wire::JsonText,
            None => Wire::Plain,
        },
    }
}

/// The Rust type of a plain string schema, from its `format` where that has a natural Rust type
/// (`date-time`, `date`, `byte`, `binary`). Every other format (`uuid`, `email`, the doc's own layouts…) and a
/// string that holds a number or JSON stays a `String`, which decodes whatever the server sends.
fn string_format(schema: &Schema) -> TypeRef {
    if schema.json_string || schema.reading != ExampleReading::Documented {
        return TypeRef::String;
    }
    match schema.format.as_deref() {
        Some(spec::FORMAT_DATE_TIME) => TypeRef::Timestamp,
        Some(spec::FORMAT_DATE) => TypeRef::Date,
        Some(spec::FORMAT_BYTE) => TypeRef::Base64,
        Some(spec::FORMAT_BINARY) => TypeRef::Binary,
        _ => TypeRef::String,
    }
}

/// The property that tells the branches of a choice apart, with each branch's value: every branch is an inline
/// object that requires it as a string of one allowed value, and no two branches share a value (how dropshot and
/// serde's internally tagged enums describe themselves: `{"type": {"enum": ["url"]}, "url": …}`). The first
/// such property in the first branch's order.
fn implied_tag(branches: &[Schema]) -> Option<(String, Vec<String>)> {
    let tag_value = |branch: &Schema, name: &str| match &branch.kind {
        SchemaKind::Object(object) => object.properties.iter().find_map(|p| {
            (p.name == name
                && p.required
                && p.schema.kind == SchemaKind::String
                && p.schema.enum_values.len() == 1)
                .then(|| p.schema.enum_values[0].clone())
        }),
        _ => None,
    };
    let SchemaKind::Object(first) = &branches.first()?.kind else {
        return None;
    };
    first.properties.iter().find_map(|candidate| {
        let values = branches
            .iter()
            .map(|b| tag_value(b, &candidate.name))
            .collect::<Option<Vec<String>>>()?;
        let distinct: BTreeSet<&String> = values.iter().collect();
        (distinct.len() == values.len()).then(|| (candidate.name.clone(), values))
    })
}

/// Turns every struct or enum with the same shape (fields or values, with their docs) as another into an alias
/// of it: the doc often repeats a table under another caption (`ShowInstanceResp` and `ShowInstanceResponse`),
/// and one type compiles faster and reads better than two. Fields keep the names the spec gives their types;
/// shapes are compared through the aliases already decided, until nothing changes (sharing inner types can make
/// outer ones identical).
fn share_identical_shapes(types: &mut [TypeDef]) {
    // A body name (`…Response`, `…RequestBody`) says where a shape is used, not what it is: prefer another
    // name as the one the others alias.
    let body_name = |name: &str| {
        let name = name.trim_end_matches(|c: char| c.is_ascii_digit());
        name.ends_with("Response") || name.ends_with("RequestBody")
    };
    let mut canonical: BTreeMap<String, String> = BTreeMap::new();
    // Each type's shape, kept from round to round: a round changes only the shapes of the structs holding a
    // type it renamed, and formatting every shape again each round was ~2 % of a generate.
    let mut shapes: Vec<Option<String>> = types.iter().map(|ty| shape(ty, &canonical)).collect();
    loop {
        let mut groups: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (ty, shape) in types.iter().zip(&shapes) {
            if let Some(shape) = shape {
                groups.entry(shape).or_default().push(ty.name());
            }
        }
        let mut renamed: BTreeMap<String, String> = BTreeMap::new();
        for names in groups.values().filter(|names| names.len() > 1) {
            let target = names.iter().find(|n| !body_name(n)).unwrap_or(&names[0]);
            for name in names.iter().filter(|n| *n != target) {
                renamed.insert((*name).to_owned(), (*target).to_owned());
            }
        }
        if renamed.is_empty() {
            return;
        }
        for (ty, shape) in types.iter_mut().zip(&mut shapes) {
            if let Some(target) = renamed.get(ty.name()) {
                let docs = match ty {
                    TypeDef::Struct(s) => s.docs.clone(),
                    TypeDef::Enum(e) => e.docs.clone(),
                    TypeDef::Newtype(n) => n.docs.clone(),
                    TypeDef::Alias(a) => a.docs.clone(),
                    TypeDef::Union(u) => u.docs.clone(),
                };
                *ty = TypeDef::Alias(AliasDef {
                    name: ty.name().to_owned(),
                    docs,
                    target: target.clone(),
                });
                *shape = None;
            }
        }
        canonical.extend(renamed.iter().map(|(k, v)| (k.clone(), v.clone())));
        for (ty, shape) in types.iter().zip(&mut shapes) {
            if let TypeDef::Struct(s) = ty
                && shape.is_some()
                && s.fields.iter().any(|f| names_any(&f.ty, &renamed))
            {
                *shape = self::shape(ty, &canonical);
            }
        }
    }
}

/// What [`share_identical_shapes`] compares of a struct or an enum (the names its fields hold through the
/// aliases decided so far); `None` for the other types, which are never shared.
fn shape(ty: &TypeDef, canonical: &BTreeMap<String, String>) -> Option<String> {
    match ty {
        TypeDef::Struct(s) => {
            let mut fields = s.fields.clone();
            for f in &mut fields {
                rename_refs(&mut f.ty, canonical);
            }
            // A deprecated type is not another name of a current one.
            Some(format!(
                "struct {} {fields:?} {:?}",
                s.deprecated, s.additional
            ))
        }
        TypeDef::Enum(e) => Some(format!(
            "enum {:?} {:?} {}",
            e.variants, e.docs, e.deprecated
        )),
        TypeDef::Newtype(_) | TypeDef::Alias(_) | TypeDef::Union(_) => None,
    }
}

/// Whether `ty` names one of `names`' keys (through `Vec`, maps, boxes and `Option`s).
fn names_any(ty: &TypeRef, names: &BTreeMap<String, String>) -> bool {
    match ty {
        TypeRef::Named(name) => names.contains_key(name),
        TypeRef::Vec(t) | TypeRef::Map(t) | TypeRef::Boxed(t) | TypeRef::Nullable(t) => {
            names_any(t, names)
        }
        _ => false,
    }
}

fn rename_refs(ty: &mut TypeRef, renamed: &BTreeMap<String, String>) {
    match ty {
        TypeRef::Named(name) => {
            if let Some(target) = renamed.get(name) {
                *name = target.clone();
            }
        }
        TypeRef::Vec(t) | TypeRef::Map(t) | TypeRef::Boxed(t) | TypeRef::Nullable(t) => {
            rename_refs(t, renamed)
        }
        _ => {}
    }
}

/// Wraps in `Box` every field (or union variant) that would otherwise make a type contain itself: one whose type
/// is in the same strongly connected component of the "holds by value" graph as its holder (that type reaches
/// the holder back). One pass over the graph, so a chain of thousands of types costs no more than thousands of fields.
fn box_recursive_fields(types: &mut [TypeDef]) {
    let index: HashMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name(), i))
        .collect();
    // An `Option` holds its value inline too.
    let held = |ty: &TypeRef| match ty {
        TypeRef::Named(n) => index.get(n.as_str()).copied(),
        TypeRef::Nullable(inner) => match &**inner {
            TypeRef::Named(n) => index.get(n.as_str()).copied(),
            _ => None,
        },
        _ => None,
    };
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| match t {
            TypeDef::Struct(s) => s.fields.iter().filter_map(|f| held(&f.ty)).collect(),
            TypeDef::Newtype(n) => held(&n.inner).into_iter().collect(),
            TypeDef::Alias(a) => index.get(a.target.as_str()).copied().into_iter().collect(),
            TypeDef::Enum(_) => Vec::new(),
            TypeDef::Union(u) => u
                .variants
                .iter()
                .filter_map(|v| v.ty.as_ref().and_then(held))
                .collect(),
        })
        .collect();
    let component = strongly_connected_components(&edges);
    let positions: HashMap<String, usize> =
        index.iter().map(|(n, i)| ((*n).to_owned(), *i)).collect();
    for (i, ty) in types.iter_mut().enumerate() {
        let held: Vec<&mut TypeRef> = match ty {
            TypeDef::Struct(s) => s.fields.iter_mut().map(|f| &mut f.ty).collect(),
            TypeDef::Union(u) => u
                .variants
                .iter_mut()
                .filter_map(|v| v.ty.as_mut())
                .collect(),
            _ => Vec::new(),
        };
        for ty in held {
            let ty = match ty {
                TypeRef::Nullable(inner) => &mut **inner,
                other => other,
            };
            if let TypeRef::Named(target) = &*ty
                && positions
                    .get(target)
                    .is_some_and(|t| component[*t] == component[i])
            {
                *ty = TypeRef::Boxed(Box::new(ty.clone()));
            }
        }
    }
}

/// The strongly connected component of each node (Tarjan's algorithm, with an explicit stack so a long chain
/// cannot overflow the call stack): two nodes have the same number when each reaches the other.
fn strongly_connected_components(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNVISITED: usize = usize::MAX;
    let n = edges.len();
    let mut order = vec![UNVISITED; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNVISITED; n];
    let mut stack = Vec::new();
    let mut next_order = 0;
    let mut next_component = 0;
    for root in 0..n {
        if order[root] != UNVISITED {
            continue;
        }
        // (node, index of the next edge to follow)
        let mut frames = vec![(root, 0)];
        order[root] = next_order;
        low[root] = next_order;
        next_order += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut edge)) = frames.last_mut() {
            if let Some(&next) = edges[node].get(*edge) {
                *edge += 1;
                if order[next] == UNVISITED {
                    order[next] = next_order;
                    low[next] = next_order;
                    next_order += 1;
                    stack.push(next);
                    on_stack[next] = true;
                    frames.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(order[next]);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: T, version: v1, x-service: t}
servers: [{url: 'https://t.{region}.example.com'}]
paths:
  /v1/nodes:
    get:
      operationId: ShowNode
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Node'}
components:
  schemas:
    Node:
      type: object
      properties:
        parent: {$ref: '#/components/schemas/Node'}
        children: {type: array, items: {$ref: '#/components/schemas/Node'}}
        link: {$ref: '#/components/schemas/Link'}
    Link:
      type: object
      properties:
        target: {$ref: '#/components/schemas/Node'}
"#;

    #[test]
    fn a_top_level_array_or_string_body_gets_a_transparent_wrapper() {
        let text = r#"
openapi: 3.0.3
info: {title: T, version: v1, x-service: t}
servers: [{url: 'https://t.{region}.example.com'}]
paths:
  /v1/buckets:
    get:
      operationId: ListBuckets
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {type: string}}
  /v1/ping:
    get:
      operationId: Ping
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: string}
"#;
        let spec = spec::parse(text, Path::new("t.yaml")).expect("valid");
        let service = build(&spec, Path::new("t.yaml")).expect("ir");
        for (op, name, inner) in [
            (
                0,
                "ListBucketsResponse",
                TypeRef::Vec(Box::new(TypeRef::String)),
            ),
            (1, "PingResponse", TypeRef::String),
        ] {
            assert_eq!(
                service.operations[op].output,
                Output::Json {
                    ty: TypeRef::Named(name.into()),
                    status: "200".into()
                }
            );
            let Some(TypeDef::Newtype(n)) = service.types.iter().find(|t| t.name() == name) else {
                panic!("{name}")
            };
            assert_eq!(n.inner, inner);
        }
        let files = crate::rust::render_crate(
            &service,
            &crate::CrateOptions {
                source: "t.yaml".into(),
                runtime_path: "../runtime".into(),
                examples: vec![],
                name: None,
            },
        )
        .expect("renders");
        let types = files
            .iter()
            .find(|f| f.path.ends_with("types.rs"))
            .expect("types.rs");
        assert!(types.contents.contains("#[serde(transparent)]"));
        assert!(types.contents.contains(
            "pub struct ListBucketsResponse(pub ::std::vec::Vec<::std::string::String>);"
        ));
    }

    #[test]
    fn the_service_name_comes_from_x_service_else_from_the_title() {
        let with = "openapi: 3.0.3\ninfo: {title: Keeper API, version: v1, x-service: keep}\nservers: [{url: 'https://t.{region}.example.com'}]\npaths: {}\n";
        let without = with.replace(", x-service: keep", "");
        for (text, name) in [(with, "keep"), (without.as_str(), "keeper-api")] {
            let spec = spec::parse(text, Path::new("t.yaml")).expect("valid");
            let service = build(&spec, Path::new("t.yaml")).expect("ir");
            assert_eq!(service.name, name);
            assert_eq!(service.crate_name, format!("huaweicloud-{name}"));
            assert_eq!(
                service.lib_name,
                format!("huaweicloud_{}", name.replace('-', "_"))
            );
        }
    }

    #[test]
    fn a_parameter_naming_a_scalar_schema_is_that_scalar() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/openapi/generated-names.yaml");
        let spec = spec::load(&path).expect("valid");
        let service = build(&spec, &path).expect("ir");
        let op = service
            .operations
            .iter()
            .find(|o| o.id == "ShowNamed")
            .expect("ShowNamed");
        assert_eq!(op.params[0].ty, TypeRef::String);
        // An enum keeps its type (it prints its wire value).
        assert_eq!(op.params[1].ty, TypeRef::Named("SortMode".into()));
    }

    #[test]
    fn the_server_path_prefixes_every_operation_path() {
        let text = "openapi: 3.0.3\ninfo: {title: T, version: v1}\nservers: [{url: 'https://api.example.com/base/v1/'}]\npaths:\n  /items:\n    get:\n      operationId: ListItems\n      responses: {'204': {description: ok}}\n";
        let spec = spec::parse(text, Path::new("t.yaml")).expect("valid");
        let service = build(&spec, Path::new("t.yaml")).expect("ir");
        assert_eq!(service.endpoint.template, "https://api.example.com");
        assert_eq!(service.operations[0].path, "/base/v1/items");
        let none = text.replace("servers: [{url: 'https://api.example.com/base/v1/'}]\n", "");
        let spec = spec::parse(&none, Path::new("t.yaml")).expect("valid");
        let service = build(&spec, Path::new("t.yaml")).expect("ir");
        assert_eq!(service.endpoint.template, "");
        assert_eq!(service.operations[0].path, "/items");
    }

    #[test]
    fn each_operation_gets_the_first_security_alternative_the_runtime_can_do() {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/openapi/security.yaml");
        let spec = spec::load(&path).expect("valid");
        let service = build(&spec, &path).expect("ir");
        let auth: Vec<(&str, &Auth)> = service
            .operations
            .iter()
            .map(|op| (op.id.as_str(), &op.auth))
            .collect();
        assert_eq!(
            auth,
            [
                ("ShowMe", &Auth::Bearer),
                ("WithHeaderKey", &Auth::ApiKeyHeader("X-Api-Key".into())),
                ("WithQueryKey", &Auth::ApiKeyQuery("api_key".into())),
                ("Signed", &Auth::Signed),
                ("Health", &Auth::Anonymous),
                ("Either", &Auth::ApiKeyHeader("X-Api-Key".into())),
            ]
        );
        assert!(service.signs());
    }

    #[test]
    fn security_the_runtime_cannot_do_is_a_diagnostic_at_the_operation() {
        let text = "openapi: 3.0.3\ninfo: {title: T, version: v1}\npaths:\n  /a:\n    get:\n      operationId: OnlyOauth\n      security: [{oauth: []}]\n      responses: {'204': {description: ok}}\n  /b:\n    get:\n      operationId: Undeclared\n      security: [{nope: []}]\n      responses: {'204': {description: ok}}\n  /c:\n    get:\n      operationId: Both\n      security: [{oauth: [], basic: []}]\n      responses: {'204': {description: ok}}\ncomponents:\n  securitySchemes:\n    oauth: {type: oauth2, flows: {}}\n    basic: {type: http, scheme: basic}\n";
        let spec = spec::parse(text, Path::new("t.yaml")).expect("valid");
        let problems = build(&spec, Path::new("t.yaml"))
            .expect_err("rejected")
            .items;
        let found: Vec<(u64, &str)> = problems
            .iter()
            .map(|d| (d.pos.line, d.message.as_str()))
            .collect();
        assert_eq!(found.len(), 3, "{found:?}");
        // Lines 6 and 16 hold the operationIds; line 12 the undeclared scheme's name.
        assert_eq!(found[0].0, 6, "{found:?}");
        assert!(
            found[0].1.contains("`OnlyOauth`") && found[0].1.contains("oauth2"),
            "{found:?}"
        );
        assert_eq!(found[1].0, 12, "{found:?}");
        assert!(found[1].1.contains("`nope` is not declared"), "{found:?}");
        assert_eq!(found[2].0, 16, "{found:?}");
        assert!(found[2].1.contains("oauth + basic together"), "{found:?}");
    }

    fn field<'a>(service: &'a Service, ty: &str, name: &str) -> &'a Field {
        let Some(TypeDef::Struct(s)) = service.types.iter().find(|t| t.name() == ty) else {
            panic!("{ty}")
        };
        s.fields.iter().find(|f| f.wire_name == name).expect(name)
    }

    #[test]
    fn recursive_fields_are_boxed_only_where_needed() {
        let spec = spec::parse(SPEC, Path::new("t.yaml")).expect("valid");
        let service = build(&spec, Path::new("t.yaml")).expect("ir");
        let boxed = |t: &str| TypeRef::Boxed(Box::new(TypeRef::Named(t.into())));
        assert_eq!(field(&service, "Node", "parent").ty, boxed("Node"));
        assert_eq!(
            field(&service, "Node", "link").ty,
            boxed("Link"),
            "Node → Link → Node is a cycle"
        );
        assert_eq!(field(&service, "Link", "target").ty, boxed("Node"));
        // A Vec already puts its items on the heap.
        assert_eq!(
            field(&service, "Node", "children").ty,
            TypeRef::Vec(Box::new(TypeRef::Named("Node".into())))
        );
        // And the emitted code is valid Rust.
        let files = crate::rust::render_crate(
            &service,
            &crate::CrateOptions {
                source: "t.yaml".into(),
                runtime_path: "../runtime".into(),
                examples: vec![],
                name: None,
            },
        )
        .expect("renders");
        assert!(
            files
                .iter()
                .any(|f| f.contents.contains("::std::boxed::Box<crate::types::Node>"))
        );
    }

    /// A response whose body is the schema `Body`, with `schemas` as `components.schemas` (YAML, indented by 4).
    fn one_body(schemas: &str) -> Service {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: v1}}\npaths:\n  /v1/x:\n    get:\n      operationId: Show\n      \
             responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              \
             schema: {{$ref: '#/components/schemas/Body'}}\ncomponents:\n  schemas:\n{schemas}"
        );
        let spec = spec::parse(&text, Path::new("t.yaml")).expect("valid");
        build(&spec, Path::new("t.yaml")).expect("ir")
    }

    fn union<'a>(service: &'a Service, name: &str) -> &'a UnionDef {
        match service.types.iter().find(|t| t.name() == name) {
            Some(TypeDef::Union(u)) => u,
            other => panic!("{name}: {other:?}"),
        }
    }

    #[test]
    fn a_choice_of_objects_that_name_themselves_in_a_property_is_tagged_by_it() {
        let service = one_body(
            r#"    Body:
      description: where the image comes from
      oneOf:
        - type: object
          description: from a URL
          required: [type, url]
          properties: {type: {type: string, enum: [url]}, url: {type: string}}
        - type: object
          required: [type]
          properties: {type: {type: string, enum: [you_upload_it]}}
"#,
        );
        let body = union(&service, "Body");
        assert_eq!(body.tagging, Tagging::Property("type".into()));
        let names: Vec<(&str, Option<&str>, Option<&TypeRef>)> = body
            .variants
            .iter()
            .map(|v| (v.rust_name.as_str(), v.tag.as_deref(), v.ty.as_ref()))
            .collect();
        assert_eq!(
            names,
            [
                ("Url", Some("url"), Some(&TypeRef::Named("BodyUrl".into()))),
                ("YouUploadIt", Some("you_upload_it"), None),
            ]
        );
        // The variant's type holds the other properties, not the tag.
        let Some(TypeDef::Struct(url)) = service.types.iter().find(|t| t.name() == "BodyUrl")
        else {
            panic!("BodyUrl")
        };
        let fields: Vec<&str> = url.fields.iter().map(|f| f.wire_name.as_str()).collect();
        assert_eq!(fields, ["url"]);
        assert_eq!(body.variants[0].docs.as_deref(), Some("from a URL"));
    }

    #[test]
    fn other_choices_are_untagged_with_variants_named_by_title_reference_or_kind() {
        let service = one_body(
            r#"    Body:
      oneOf:
        - {title: v4, allOf: [{$ref: '#/components/schemas/Range'}]}
        - {$ref: '#/components/schemas/Range'}
        - {type: integer}
        - {type: object, required: [ip], properties: {ip: {type: string}}}
        - {type: object, properties: {a: {type: string}}}
        - {type: integer, format: int64}
    Range: {type: object, properties: {first: {type: string}}}
"#,
        );
        let body = union(&service, "Body");
        assert_eq!(body.tagging, Tagging::Untagged);
        let names: Vec<&str> = body.variants.iter().map(|v| v.rust_name.as_str()).collect();
        assert_eq!(
            names,
            ["V4", "Range", "Integer", "Ip", "Variant5", "Integer2"]
        );
        assert_eq!(body.variants[0].ty, Some(TypeRef::Named("Range".into())));
        assert_eq!(body.variants[5].ty, Some(TypeRef::I64));
    }

    #[test]
    fn a_discriminator_names_variants_by_its_mapping_else_by_schema_name() {
        let service = one_body(
            r#"    Body:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: kind, mapping: {cat: '#/components/schemas/Cat', kitty: Cat}}
    Cat: {type: object, properties: {kind: {type: string}}}
    Dog: {type: object, properties: {kind: {type: string}}}
"#,
        );
        let body = union(&service, "Body");
        assert_eq!(body.tagging, Tagging::Discriminator("kind".into()));
        assert_eq!(body.variants[0].discriminator_values, ["cat", "kitty"]);
        assert_eq!(body.variants[1].discriminator_values, ["Dog"]);
        assert_eq!(body.variants[1].ty, Some(TypeRef::Named("Dog".into())));
        // A mapping to a schema that is no branch, and an inline branch, are diagnostics.
        let text = "openapi: 3.0.3\ninfo: {title: T, version: v1}\npaths: {}\ncomponents:\n  schemas:\n    \
                    Body:\n      oneOf: [{$ref: '#/components/schemas/Cat'}, {type: object}]\n      \
                    discriminator: {propertyName: kind, mapping: {dog: Dog}}\n    \
                    Cat: {type: object}\n    Dog: {type: object}\n";
        let spec = spec::parse(text, Path::new("t.yaml")).expect("valid");
        let Err(found) = build(&spec, Path::new("t.yaml")) else {
            panic!("accepted")
        };
        let found: Vec<(u64, String)> = found
            .items
            .iter()
            .map(|d| (d.pos.line, d.message.clone()))
            .collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found
                .iter()
                .any(|(l, m)| *l == 7 && m.contains("must be a `$ref`")),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|(l, m)| *l == 8 && m.contains("maps `dog` to `Dog`")),
            "{found:?}"
        );
    }

    #[test]
    fn a_union_that_holds_itself_is_boxed() {
        let service = one_body(
            r#"    Body:
      oneOf:
        - {type: string, format: date}
        - {type: object, required: [not], properties: {not: {$ref: '#/components/schemas/Body'}}}
        - {type: array, items: {$ref: '#/components/schemas/Body'}}
        - {$ref: '#/components/schemas/Body'}
"#,
        );
        let body = union(&service, "Body");
        let named = |t: &str| TypeRef::Named(t.into());
        assert_eq!(
            body.variants[1].ty,
            Some(TypeRef::Boxed(Box::new(named("BodyNot"))))
        );
        assert_eq!(
            body.variants[2].ty,
            Some(TypeRef::Vec(Box::new(named("Body"))))
        );
        assert_eq!(
            body.variants[3].ty,
            Some(TypeRef::Boxed(Box::new(named("Body"))))
        );
        assert_eq!(
            field(&service, "BodyNot", "not").ty,
            TypeRef::Boxed(Box::new(named("Body")))
        );
    }

    /// A spec whose schema `S0` refers to `S1`, … up to `S{n-1}`, which refers back to `S0` when `cycle`.
    fn chain_spec(n: usize, cycle: bool) -> String {
        let mut text = String::from(
            "openapi: 3.0.3\ninfo: {title: T, version: v1, x-service: t}\nservers: [{url: 'https://t.{region}.example.com'}]\n\
             paths:\n  /v1/chain:\n    get:\n      operationId: ShowChain\n      responses:\n        '200':\n          \
             description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/S0'}\n\
             components:\n  schemas:\n",
        );
        for i in 0..n {
            let next = if i + 1 < n {
                Some(i + 1)
            } else {
                cycle.then_some(0)
            };
            match next {
                Some(next) => text.push_str(&format!(
                    "    S{i}: {{type: object, properties: {{next: {{$ref: '#/components/schemas/S{next}'}}, v{i}: {{type: string}}}}}}\n"
                )),
                None => text.push_str(&format!("    S{i}: {{type: object, properties: {{v{i}: {{type: string}}}}}}\n")),
            }
        }
        text
    }

    #[test]
    fn a_long_reference_chain_is_read_with_every_link_and_boxed_only_when_it_closes() {
        const N: usize = 4000;
        for cycle in [false, true] {
            let text = chain_spec(N, cycle);
            let spec = spec::parse(&text, Path::new("t.yaml")).expect("valid");
            let service = build(&spec, Path::new("t.yaml")).expect("ir");
            for i in 0..N - 1 {
                let next = TypeRef::Named(format!("S{}", i + 1));
                let expected = if cycle {
                    TypeRef::Boxed(Box::new(next))
                } else {
                    next
                };
                assert_eq!(
                    field(&service, &format!("S{i}"), "next").ty,
                    expected,
                    "S{i}"
                );
            }
            let last = format!("S{}", N - 1);
            let Some(TypeDef::Struct(s)) = service.types.iter().find(|t| t.name() == last) else {
                panic!("{last}")
            };
            assert_eq!(s.fields.len(), if cycle { 2 } else { 1 }, "{last}");
            // The emitted crate has every type.
            let files = crate::rust::render_crate(
                &service,
                &crate::CrateOptions {
                    source: "t.yaml".into(),
                    runtime_path: "../runtime".into(),
                    examples: vec![],
                    name: None,
                },
            )
            .expect("renders");
            let types = files
                .iter()
                .find(|f| f.path.ends_with("types.rs"))
                .expect("types.rs");
            assert_eq!(types.contents.matches("pub struct S").count(), N);
        }
    }
}
