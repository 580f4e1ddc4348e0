//! Choices that amount to one scalar: a `oneOf`/`anyOf` whose branches are all strings is a string.
//!
//! On the wire such a value is a string whichever branch it matches (`NameOrId`: a UUID or a name), so the
//! generated type is a `String` (with the branches' formats and patterns dropped: the union of them admits
//! more than each), or an open enum of every value when each branch is a string enum (`SortMode`: a branch per
//! value, each with its own description). This runs once after reading, over the whole document, so the checks,
//! the IR and the emulator all see the plain string.

use std::collections::{HashMap, HashSet};

use super::model::{Schema, SchemaKind, Spec};

/// How many `$ref`s (or nested choices) are followed to decide whether a branch is a string; a longer chain
/// is left a choice (it still generates, as an enum with one variant per branch).
const MAX_DEPTH: usize = 64;

/// Folds every choice between strings in `spec` into a string schema.
pub(crate) fn fold_string_choices(spec: &mut Spec) {
    let named: HashMap<String, Schema> = spec
        .schemas
        .iter()
        .map(|s| (s.name.clone(), s.schema.clone()))
        .collect();
    let mut strings = Strings {
        named: &named,
        known: HashMap::new(),
    };
    for s in &mut spec.schemas {
        strings.fold(&mut s.schema);
    }
    for op in &mut spec.operations {
        for p in &mut op.parameters {
            strings.fold(&mut p.schema);
        }
        if let Some(body) = &mut op.request_body {
            strings.fold(&mut body.schema);
        }
        for r in &mut op.responses {
            if let Some(schema) = &mut r.schema {
                strings.fold(schema);
            }
        }
    }
}

/// The named schemas as read, and what was found about each (so every name is looked into once: time linear
/// in the document, however the choices nest).
struct Strings<'a> {
    named: &'a HashMap<String, Schema>,
    /// By schema name: the string values it admits (see [`Strings::values`]); `None` while being looked into
    /// (a reference cycle is not a string) and for what is not a string.
    known: HashMap<String, Option<Vec<String>>>,
}

impl Strings<'_> {
    /// Folds `schema` and the schemas inside it (as deep as the document nests them; the reader bounds that).
    fn fold(&mut self, schema: &mut Schema) {
        match &mut schema.kind {
            SchemaKind::Array(item) | SchemaKind::Map(item) => self.fold(item),
            SchemaKind::Object(object) => {
                for p in &mut object.properties {
                    self.fold(&mut p.schema);
                }
                if let Some(additional) = &mut object.additional {
                    self.fold(additional);
                }
            }
            SchemaKind::OneOf(branches) => {
                for b in branches.iter_mut() {
                    self.fold(b);
                }
                if let Some(values) = self.values(schema, 0) {
                    schema.kind = SchemaKind::String;
                    schema.enum_values = values;
                    schema.format = None;
                    schema.pattern = None;
                }
            }
            _ => {}
        }
    }

    /// `Some(values)` when every value of `schema` is a string: the values it is limited to, or none when it
    /// admits any string. `None` when some value is not a string (or the nesting is too deep to tell).
    fn values(&mut self, schema: &Schema, depth: usize) -> Option<Vec<String>> {
        if depth > MAX_DEPTH {
            return None;
        }
        match &schema.kind {
            SchemaKind::String => Some(schema.enum_values.clone()),
            SchemaKind::Ref(name) => {
                if let Some(known) = self.known.get(name) {
                    return known.clone();
                }
                self.known.insert(name.clone(), None);
                let named = self.named;
                let found = self.values(named.get(name)?, depth + 1);
                self.known.insert(name.clone(), found.clone());
                found
            }
            SchemaKind::OneOf(branches) => {
                let each = branches
                    .iter()
                    .map(|b| self.values(b, depth + 1))
                    .collect::<Option<Vec<_>>>()?;
                // A branch that admits any string makes the whole choice any string.
                if each.iter().any(Vec::is_empty) {
                    return Some(Vec::new());
                }
                let mut seen = HashSet::new();
                Some(
                    each.into_iter()
                        .flatten()
                        .filter(|v| seen.insert(v.clone()))
                        .collect(),
                )
            }
            _ => None,
        }
    }
}
