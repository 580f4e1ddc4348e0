//! `allOf` of several schemas merged into one object: the members' properties in member order, a property
//! required when any member requires it, and the members' `additionalProperties` (the merged struct gets the
//! flattened map; members must agree on its type). Members are inline objects, `$ref`s to objects (or to other merges),
//! or empty schemas (`{}`, which add nothing). A property two members declare with different shapes, a member
//! that is not an object, and a merge that includes itself are diagnostics with their positions. Runs once
//! after reading, before the checks, so no later stage sees an `allOf`.

use std::collections::HashMap;

use super::diagnostic::Sink;
use super::model::{ObjectSchema, Property, Schema, SchemaKind, Spec};
use super::yaml::Pos;

/// Merges every `allOf` in `spec`.
pub(crate) fn merge_all_of(spec: &mut Spec, sink: &mut Sink) {
    let named: HashMap<String, (Pos, Schema)> = spec
        .schemas
        .iter()
        .map(|s| (s.name.clone(), (s.pos, s.schema.clone())))
        .collect();
    let mut merger = Merger {
        named: &named,
        properties: HashMap::new(),
        sink,
    };
    for s in &mut spec.schemas {
        merger.walk(&mut s.schema);
    }
    for op in &mut spec.operations {
        for p in &mut op.parameters {
            merger.walk(&mut p.schema);
        }
        if let Some(body) = &mut op.request_body {
            merger.walk(&mut body.schema);
        }
        for r in &mut op.responses {
            if let Some(schema) = &mut r.schema {
                merger.walk(schema);
            }
        }
    }
}

/// What is known of a named schema's contribution to merges.
#[derive(Clone)]
enum Known {
    /// Being merged: meeting it again means the merge includes itself.
    Merging,
    /// What it adds, or `None` when it cannot be merged (already reported).
    Done(Option<Contribution>),
}

/// What a member adds to a merge.
#[derive(Clone, Default)]
struct Contribution {
    /// Its properties, in order.
    properties: Vec<Property>,
    /// Its `additionalProperties` schema: the type of the members beside the properties.
    additional: Option<Box<Schema>>,
}

struct Merger<'a, 's> {
    /// The named schemas as read, with the positions of their names.
    named: &'a HashMap<String, (Pos, Schema)>,
    /// By schema name: what it contributes to a merge; each name is merged once.
    properties: HashMap<String, Known>,
    sink: &'s mut Sink,
}

impl Merger<'_, '_> {
    /// Replaces every `allOf` in `schema` (and inside it) by the merged object; on a conflict, by any JSON.
    fn walk(&mut self, schema: &mut Schema) {
        match &mut schema.kind {
            SchemaKind::Array(item) | SchemaKind::Map(item) => self.walk(item),
            SchemaKind::Object(object) => {
                for p in &mut object.properties {
                    self.walk(&mut p.schema);
                }
                if let Some(additional) = &mut object.additional {
                    self.walk(additional);
                }
            }
            SchemaKind::OneOf(branches) => {
                for b in branches.iter_mut() {
                    self.walk(b);
                }
            }
            SchemaKind::AllOf(members) => {
                let members = std::mem::take(members);
                schema.kind = match self.merge(&members) {
                    Some(Contribution {
                        properties,
                        additional,
                    }) => {
                        let mut object = ObjectSchema {
                            properties,
                            additional,
                        };
                        // Members inside the merged properties (and map) are merged too.
                        for p in &mut object.properties {
                            self.walk(&mut p.schema);
                        }
                        if let Some(additional) = &mut object.additional {
                            self.walk(additional);
                        }
                        SchemaKind::Object(object)
                    }
                    None => SchemaKind::Any,
                };
            }
            _ => {}
        }
    }

    /// What `members` add, merged, or `None` after reporting why they cannot be.
    fn merge(&mut self, members: &[Schema]) -> Option<Contribution> {
        let mut merged: Vec<Property> = Vec::new();
        let mut merged_additional: Option<Box<Schema>> = None;
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut ok = true;
        for member in members {
            let Some(Contribution {
                properties,
                additional,
            }) = self.contribution(member)
            else {
                ok = false;
                continue;
            };
            if let Some(additional) = additional {
                match &merged_additional {
                    Some(earlier) if !same_shape(earlier, &additional) => {
                        self.sink.error_help(
                            additional.pos,
                            format!(
                                "`allOf` members declare `additionalProperties` with different types (the other at {})",
                                earlier.pos
                            ),
                            "give the map one type in every member, or declare `additionalProperties` in one member only",
                        );
                        ok = false;
                    }
                    Some(_) => {}
                    None => merged_additional = Some(additional),
                }
            }
            for p in properties {
                match index.get(&p.name) {
                    Some(&i) => {
                        let earlier = &mut merged[i];
                        if !same_shape(&earlier.schema, &p.schema) {
                            self.sink.error_help(
                                p.pos,
                                format!(
                                    "`allOf` members declare property `{}` with different types (the other at {})",
                                    p.name, earlier.pos
                                ),
                                "give the property one type in every member, or declare it in one only",
                            );
                            ok = false;
                        }
                        earlier.required |= p.required;
                    }
                    None => {
                        index.insert(p.name.clone(), merged.len());
                        merged.push(p);
                    }
                }
            }
        }
        ok.then_some(Contribution {
            properties: merged,
            additional: merged_additional,
        })
    }

    /// Records what the named schema `name` contributes to merges, having first resolved every named schema it
    /// reads through `$ref`s, deepest first, in the order a recursive walk would meet them (so a cycle is found
    /// at the same member). The pending schemas are on a stack of their own: a chain of thousands of merges,
    /// followed by recursion, overflowed the thread's stack. Each name is resolved once (`properties`), so the
    /// work is linear in the references.
    fn resolve(&mut self, name: &str) {
        let named = self.named;
        let Some((_, schema)) = named.get(name) else {
            return;
        };
        let refs = |schema: &Schema| {
            let mut refs = Vec::new();
            refs_read(schema, &mut refs);
            refs
        };
        self.properties.insert(name.to_owned(), Known::Merging);
        let mut pending = vec![(name.to_owned(), schema, refs(schema), 0)];
        while let Some((current, schema, reads, next)) = pending.last_mut() {
            if let Some(read) = reads.get(*next) {
                *next += 1;
                // A schema being resolved (a cycle) is reported when the one that reads it is merged; an unknown
                // name by the checks.
                if self.properties.contains_key(read) {
                    continue;
                }
                let Some((_, read_schema)) = named.get(read) else {
                    continue;
                };
                let read = read.clone();
                self.properties.insert(read.clone(), Known::Merging);
                pending.push((read, read_schema, refs(read_schema), 0));
                continue;
            }
            // Every schema it reads is resolved (or is an ancestor being resolved): no recursion through `$ref`.
            let (current, schema) = (std::mem::take(current), *schema);
            pending.pop();
            let found = self.contribution(schema);
            self.properties.insert(current, Known::Done(found));
        }
    }

    /// What one member adds to a merge.
    fn contribution(&mut self, member: &Schema) -> Option<Contribution> {
        match &member.kind {
            SchemaKind::Object(object) => Some(Contribution {
                properties: object.properties.clone(),
                additional: object.additional.clone(),
            }),
            // `type: object` with `additionalProperties` only.
            SchemaKind::Map(item) => Some(Contribution {
                properties: Vec::new(),
                additional: Some(item.clone()),
            }),
            SchemaKind::Any => Some(Contribution::default()),
            SchemaKind::AllOf(members) => self.merge(members),
            SchemaKind::Ref(name) => {
                if !self.properties.contains_key(name) {
                    self.resolve(name);
                }
                match self.properties.get(name) {
                    Some(Known::Done(found)) => found.clone(),
                    Some(Known::Merging) => {
                        self.sink.error_help(
                            member.pos,
                            format!("`allOf` includes `{name}`, which includes this schema again"),
                            "break the cycle: an object cannot contain itself",
                        );
                        None
                    }
                    // The checks report the unknown reference.
                    None => None,
                }
            }
            _ => {
                self.sink.error_help(
                    member.pos,
                    "an `allOf` member must be an object",
                    "merge objects only; describe other values with one schema",
                );
                None
            }
        }
    }
}

/// The named schemas `schema`'s contribution reads through `$ref`s, in the order it reads them.
fn refs_read(schema: &Schema, out: &mut Vec<String>) {
    match &schema.kind {
        SchemaKind::Ref(name) => out.push(name.clone()),
        SchemaKind::AllOf(members) => {
            for member in members {
                refs_read(member, out);
            }
        }
        _ => {}
    }
}

/// Whether two declarations of a property describe the same values (descriptions and positions aside).
fn same_shape(a: &Schema, b: &Schema) -> bool {
    let kinds = match (&a.kind, &b.kind) {
        (SchemaKind::Array(x), SchemaKind::Array(y)) | (SchemaKind::Map(x), SchemaKind::Map(y)) => {
            same_shape(x, y)
        }
        (SchemaKind::Object(x), SchemaKind::Object(y)) => {
            x.properties.len() == y.properties.len()
                && x.properties.iter().zip(&y.properties).all(|(p, q)| {
                    p.name == q.name && p.required == q.required && same_shape(&p.schema, &q.schema)
                })
        }
        (SchemaKind::OneOf(x), SchemaKind::OneOf(y))
        | (SchemaKind::AllOf(x), SchemaKind::AllOf(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_shape(p, q))
        }
        (x, y) => x == y,
    };
    kinds && a.enum_values == b.enum_values && a.format == b.format
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;
    use std::path::Path;

    use super::super::model::SchemaKind;
    use super::super::{Diagnostics, parse};

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: T, version: v1, x-service: t}\n\
                        servers: [{url: 'https://t.{region}.example.com'}]\npaths: {}\ncomponents:\n  schemas:\n";

    /// `L0` merges `L1` and `Base`, `L1` merges `L2` and `Base`, … : every link is resolved once, and the depth
    /// does not grow the stack (a test thread has 2 MiB).
    #[test]
    fn a_deep_all_of_chain_merges_every_link_once() {
        const DEPTH: usize = 2_000;
        let mut text = HEAD.to_owned();
        for i in 0..DEPTH {
            let next = if i + 1 == DEPTH {
                "Base".to_owned()
            } else {
                format!("L{}", i + 1)
            };
            writeln!(
                text,
                "    L{i}: {{allOf: [{{$ref: '#/components/schemas/{next}'}}, {{$ref: '#/components/schemas/Base'}}]}}"
            )
            .unwrap();
        }
        text.push_str(
            "    Base: {type: object, required: [id], properties: {id: {type: string}}}\n",
        );
        let started = std::time::Instant::now();
        let spec = parse(&text, Path::new("t.yaml")).expect("valid");
        for s in &spec.schemas {
            let SchemaKind::Object(o) = &s.schema.kind else {
                panic!("{}: {:?}", s.name, s.schema.kind)
            };
            assert_eq!(o.properties.len(), 1, "{}", s.name);
            assert!(o.properties[0].required, "{}", s.name);
        }
        // Linear work is well under a second even in a debug build; the quadratic walk took many.
        assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    }

    /// A member's `additionalProperties` becomes the merged object's (the struct's flattened map), whether the
    /// member is an object with properties or a map only; members that give it different types are an error
    /// at the later one.
    #[test]
    fn additional_properties_of_a_member_are_kept_and_conflicts_reported() {
        let text = format!(
            "{HEAD}{}",
            r#"    Labels: {type: object, additionalProperties: {type: string}}
    Base: {type: object, properties: {id: {type: string}}, additionalProperties: {type: string}}
    WithMap: {allOf: [{$ref: '#/components/schemas/Base'}, {type: object, properties: {n: {type: integer}}}]}
    MapOnly: {allOf: [{$ref: '#/components/schemas/Labels'}, {type: object, properties: {n: {type: integer}}}]}
    Same: {allOf: [{$ref: '#/components/schemas/Base'}, {$ref: '#/components/schemas/Labels'}]}
"#
        );
        let spec = parse(&text, Path::new("t.yaml")).expect("valid");
        for name in ["WithMap", "MapOnly", "Same"] {
            let schema = &spec.schemas.iter().find(|s| s.name == name).unwrap().schema;
            let SchemaKind::Object(o) = &schema.kind else {
                panic!("{name}: {:?}", schema.kind)
            };
            let additional = o.additional.as_deref().map(|a| &a.kind);
            assert_eq!(additional, Some(&SchemaKind::String), "{name}");
        }
        let conflict = format!(
            "{HEAD}{}",
            r#"    A: {type: object, properties: {x: {type: string}}, additionalProperties: {type: string}}
    B: {allOf: [{$ref: '#/components/schemas/A'}, {type: object, additionalProperties: {type: integer}}]}
"#
        );
        let Err(Diagnostics { items, .. }) = parse(&conflict, Path::new("t.yaml")) else {
            panic!("accepted")
        };
        assert_eq!(items.len(), 1, "{items:?}");
        // A is on line 7, B on 8 (HEAD has 6 lines).
        assert_eq!(items[0].pos.line, 8, "{items:?}");
        assert!(
            items[0]
                .message
                .contains("`additionalProperties` with different types (the other at 7:"),
            "{items:?}"
        );
    }
}
