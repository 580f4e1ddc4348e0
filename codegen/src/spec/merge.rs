//! `allOf` of several schemas merged into one object: the members' properties in member order, a property
//! required when any member requires it. Members are inline objects, `$ref`s to objects (or to other merges),
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
    /// Its properties, or `None` when it cannot be merged (already reported).
    Done(Option<Vec<Property>>),
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
                    Some(properties) => {
                        let mut object = Schema {
                            // `additionalProperties` of a member says what that member allows beside its own
                            // properties, not what the merge allows: the merge has none.
                            kind: SchemaKind::Object(ObjectSchema {
                                properties,
                                additional: None,
                            }),
                            ..schema.clone()
                        };
                        // Members inside the merged properties are merged too.
                        if let SchemaKind::Object(o) = &mut object.kind {
                            for p in &mut o.properties {
                                self.walk(&mut p.schema);
                            }
                        }
                        object.kind
                    }
                    None => SchemaKind::Any,
                };
            }
            _ => {}
        }
    }

    /// The properties of `members` merged, or `None` after reporting why they cannot be.
    fn merge(&mut self, members: &[Schema]) -> Option<Vec<Property>> {
        let mut merged: Vec<Property> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut ok = true;
        for member in members {
            let Some(properties) = self.contribution(member) else {
                ok = false;
                continue;
            };
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
        ok.then_some(merged)
    }

    /// The properties one member adds to a merge.
    fn contribution(&mut self, member: &Schema) -> Option<Vec<Property>> {
        match &member.kind {
            SchemaKind::Object(object) => Some(object.properties.clone()),
            SchemaKind::Any => Some(Vec::new()),
            SchemaKind::AllOf(members) => self.merge(members),
            SchemaKind::Ref(name) => {
                match self.properties.get(name) {
                    Some(Known::Done(found)) => return found.clone(),
                    Some(Known::Merging) => {
                        self.sink.error_help(
                            member.pos,
                            format!("`allOf` includes `{name}`, which includes this schema again"),
                            "break the cycle: an object cannot contain itself",
                        );
                        return None;
                    }
                    None => {}
                }
                let Some((_, schema)) = self.named.get(name) else {
                    // The checks report the unknown reference.
                    return None;
                };
                self.properties.insert(name.clone(), Known::Merging);
                let found = self.contribution(schema);
                self.properties
                    .insert(name.clone(), Known::Done(found.clone()));
                found
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
