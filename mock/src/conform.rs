//! Making JSON values conform to a schema of the spec: the emulator answers what its spec says.
//!
//! The spec keeps the doc's examples verbatim, and some contradict their own tables (`null` for
//! an object, `"false"` for a boolean, a flat object where the table has a wrapper). The emulator
//! serves each example after [`conform`] has made it match the response schema, and answers with
//! a body [`synthesize`]d from the schema when an example is missing or unusable. Both are
//! generic: they read the schema, never the operation.
//!
//! What [`conform`] changes, each change reported with its JSON path:
//!
//! | found | schema | becomes |
//! |---|---|---|
//! | `null` (nothing in the spec is `nullable`) | any | dropped; synthesized when required |
//! | `"false"`, `"TRUE"`, `0`, `1` | boolean | `false`, `true` |
//! | `"10"`, `"1.5"` | integer / number | `10`, `1.5` (in range) |
//! | `10`, `true` | string | `"10"`, `"true"` |
//! | a string in another case than an `enum` value | string with `enum` | that value |
//! | a value it cannot convert (wrong shape, outside the `enum`, not matching the `pattern`, out of the `int32` range) | | dropped (an array item, a map entry, an optional property); synthesized when required |
//! | an object property of object type absent or `null` while the parent holds undeclared members that are at least half of that object's properties (at least two) | | those members moved into it (ShowGroup's flat example under its `group` wrapper) |
//!
//! Undeclared members are kept (no schema of the spec forbids them). [`synthesize`] writes the
//! required properties only, with the first `enum` value, `0`, `false`, `[]`, `{}`, a valid
//! `YYYYMMDDHHmmss` time, or a short string matching the `pattern`.

use std::collections::HashMap;

use codegen::spec::{COMPACT_DATETIME, ExampleReading, Schema, SchemaKind, Spec};
use serde_json::{Map, Value};

/// How deep `$ref`s and nested values are followed (a cyclic schema stops here).
const MAX_DEPTH: usize = 32;

/// A value made to conform to a schema, and what was changed to get there.
#[derive(Clone, Debug, PartialEq)]
pub struct Conformed {
    /// The conforming value.
    pub value: Value,
    /// One line per change: the JSON path (`$.tasks[0].sink_task`) and what was done.
    pub changes: Vec<String>,
}

/// Makes `value` conform to `schema` (a schema of `spec`, or a `$ref` to one); see the
/// [module documentation](self) for the rules. A value that cannot be repaired is replaced by
/// [`synthesize`]'s.
pub fn conform(spec: &Spec, schema: &Schema, value: &Value) -> Conformed {
    Conformer::new(spec).conform_root(schema, value)
}

/// A value conforming to `schema` built from the schema alone (required properties only).
pub fn synthesize(spec: &Spec, schema: &Schema) -> Value {
    Conformer::new(spec).synthesize(schema, "", 0)
}

/// The named schemas of a spec, for repeated use.
#[derive(Debug, Default)]
pub(crate) struct Conformer {
    schemas: HashMap<String, Schema>,
}

impl Conformer {
    pub(crate) fn new(spec: &Spec) -> Self {
        Conformer {
            schemas: spec
                .schemas
                .iter()
                .map(|s| (s.name.clone(), s.schema.clone()))
                .collect(),
        }
    }

    fn resolve<'s>(&'s self, mut schema: &'s Schema) -> Option<&'s Schema> {
        for _ in 0..MAX_DEPTH {
            match &schema.kind {
                SchemaKind::Ref(name) => schema = self.schemas.get(name)?,
                _ => return Some(schema),
            }
        }
        None
    }

    pub(crate) fn conform_root(&self, schema: &Schema, value: &Value) -> Conformed {
        let mut changes = Vec::new();
        let value = match self.conform(schema, value, "$", 0, &mut changes) {
            Some(v) => v,
            None => {
                changes
                    .push("$: the example cannot be repaired; synthesized from the schema".into());
                self.synthesize(schema, "", 0)
            }
        };
        Conformed { value, changes }
    }

    /// The conforming value, or `None` when `value` cannot be made to conform.
    fn conform<'s>(
        &'s self,
        schema: &'s Schema,
        value: &Value,
        at: &str,
        depth: usize,
        changes: &mut Vec<String>,
    ) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        let schema = self.resolve(schema)?;
        let converted = |to: Value, changes: &mut Vec<String>| {
            changes.push(format!("{at}: {value} converted to {to}"));
            Some(to)
        };
        match &schema.kind {
            SchemaKind::Any if value.is_null() => None,
            SchemaKind::Any => Some(value.clone()),
            SchemaKind::String => {
                let text = match value {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    Value::Bool(b) => b.to_string(),
                    _ => return None,
                };
                let text = conform_enum(schema, &text)?;
                if !matches_pattern(schema, &text) || !valid_datetime(schema, &text) {
                    return None;
                }
                match value {
                    Value::String(s) if *s == text => Some(value.clone()),
                    _ => converted(Value::String(text), changes),
                }
            }
            SchemaKind::Integer { wide } => {
                let n = match value {
                    Value::Number(n) => integral(n.as_i64(), n.as_f64())?,
                    Value::String(s) => {
                        let s = s.trim();
                        integral(s.parse().ok(), s.parse().ok())?
                    }
                    _ => return None,
                };
                if !wide && i32::try_from(n).is_err() {
                    return None;
                }
                conform_enum(schema, &n.to_string())?;
                match value {
                    Value::Number(m) if m.as_i64() == Some(n) => Some(value.clone()),
                    _ => converted(Value::from(n), changes),
                }
            }
            SchemaKind::Number { .. } => match value {
                Value::Number(_) => Some(value.clone()),
                Value::String(s) => {
                    let f: f64 = s.trim().parse().ok().filter(|f: &f64| f.is_finite())?;
                    let n = integral(s.trim().parse().ok(), Some(f))
                        .map_or_else(|| Value::from(f), Value::from);
                    converted(n, changes)
                }
                _ => None,
            },
            SchemaKind::Boolean => match value {
                Value::Bool(_) => Some(value.clone()),
                Value::String(s) if s.trim().eq_ignore_ascii_case("true") => {
                    converted(Value::Bool(true), changes)
                }
                Value::String(s) if s.trim().eq_ignore_ascii_case("false") => {
                    converted(Value::Bool(false), changes)
                }
                // A bit, as pages whose examples give `0` for a Boolean spell it (`x-example-type: integer`).
                Value::Number(n) if matches!(n.as_u64(), Some(0 | 1)) => {
                    converted(Value::Bool(n.as_u64() == Some(1)), changes)
                }
                _ => None,
            },
            SchemaKind::Array(item) => {
                let items = value.as_array()?;
                let mut out = Vec::with_capacity(items.len());
                for (i, v) in items.iter().enumerate() {
                    let here = format!("{at}[{i}]");
                    match self.conform(item, v, &here, depth + 1, changes) {
                        Some(v) => out.push(v),
                        None => changes.push(format!("{here}: {} dropped", describe(v))),
                    }
                }
                Some(Value::Array(out))
            }
            SchemaKind::Map(item) => {
                let map = value.as_object()?;
                let mut out = Map::new();
                for (k, v) in map {
                    let here = format!("{at}.{k}");
                    match self.conform(item, v, &here, depth + 1, changes) {
                        Some(v) => {
                            out.insert(k.clone(), v);
                        }
                        None => changes.push(format!("{here}: {} dropped", describe(v))),
                    }
                }
                Some(Value::Object(out))
            }
            SchemaKind::Object(obj) => {
                let mut out = value.as_object()?.clone();
                self.regroup(obj, &mut out, at, changes);
                for p in &obj.properties {
                    let here = format!("{at}.{}", p.name);
                    let repaired = match out.get(&p.name) {
                        None if !p.required => continue,
                        None => None,
                        Some(v) => {
                            let repaired = self.conform(&p.schema, v, &here, depth + 1, changes);
                            if repaired.is_none() {
                                changes.push(format!("{here}: {} dropped", describe(v)));
                            }
                            repaired
                        }
                    };
                    match repaired {
                        Some(v) => {
                            out.insert(p.name.clone(), v);
                        }
                        None if p.required => {
                            let v = self.synthesize(&p.schema, &p.name, depth + 1);
                            changes.push(format!("{here}: required, synthesized {v}"));
                            out.insert(p.name.clone(), v);
                        }
                        None => {
                            out.remove(&p.name);
                        }
                    }
                }
                Some(Value::Object(out))
            }
            // The first branch the value already fits, else the first it can be made to fit (the transcriber
            // writes the doc's first table first).
            SchemaKind::OneOf(branches) => {
                let mut fallback = None;
                for branch in branches {
                    let mut tried = Vec::new();
                    if let Some(v) = self.conform(branch, value, at, depth + 1, &mut tried) {
                        if tried.is_empty() {
                            return Some(v);
                        }
                        fallback.get_or_insert((v, tried));
                    }
                }
                let (v, tried) = fallback?;
                changes.extend(tried);
                Some(v)
            }
            SchemaKind::Ref(_) | SchemaKind::AllOf(_) => None,
        }
    }

    /// Moves undeclared members of `out` into an object property that is absent or `null` when
    /// they are at least half of that object's properties (and at least two).
    fn regroup<'s>(
        &'s self,
        obj: &'s codegen::spec::ObjectSchema,
        out: &mut Map<String, Value>,
        at: &str,
        changes: &mut Vec<String>,
    ) {
        for p in &obj.properties {
            if !out.get(&p.name).is_none_or(Value::is_null) {
                continue;
            }
            let Some(SchemaKind::Object(inner)) = self.resolve(&p.schema).map(|s| &s.kind) else {
                continue;
            };
            let movable: Vec<String> = inner
                .properties
                .iter()
                .map(|ip| ip.name.clone())
                .filter(|name| {
                    out.contains_key(name) && !obj.properties.iter().any(|op| op.name == *name)
                })
                .collect();
            if movable.len() < 2 || movable.len() * 2 < inner.properties.len() {
                continue;
            }
            let mut moved = Map::new();
            for name in &movable {
                if let Some(v) = out.remove(name) {
                    moved.insert(name.clone(), v);
                }
            }
            changes.push(format!(
                "{at}: members {} moved into {at}.{}",
                movable.join(", "),
                p.name
            ));
            out.insert(p.name.clone(), Value::Object(moved));
        }
    }

    /// A conforming value built from the schema: required properties only.
    pub(crate) fn synthesize(&self, schema: &Schema, name: &str, depth: usize) -> Value {
        let Some(schema) = self.resolve(schema).filter(|_| depth <= MAX_DEPTH) else {
            return Value::Null;
        };
        match &schema.kind {
            SchemaKind::String => {
                if let Some(first) = schema.enum_values.first() {
                    return Value::from(first.clone());
                }
                let word = if name.is_empty() { "value" } else { name };
                let candidates = [
                    word.to_owned(),
                    "20200515031951".to_owned(),
                    "0".to_owned(),
                    "a".to_owned(),
                    String::new(),
                ];
                let pick = candidates
                    .iter()
                    .find(|c| matches_pattern(schema, c) && valid_datetime(schema, c))
                    .cloned();
                let pick = match (pick, &schema.datetime_format) {
                    (Some(p), _) => p,
                    (None, Some(_)) => candidates[1].clone(),
                    (None, None) if schema.reading == ExampleReading::NumericString => {
                        "0".to_owned()
                    }
                    (None, None) => word.to_owned(),
                };
                Value::from(pick)
            }
            SchemaKind::Integer { .. } => schema
                .enum_values
                .iter()
                .find_map(|e| e.parse::<i64>().ok())
                .map_or_else(|| Value::from(0), Value::from),
            SchemaKind::Number { .. } => Value::from(0),
            SchemaKind::Boolean => Value::Bool(false),
            SchemaKind::Array(_) => Value::Array(Vec::new()),
            SchemaKind::Map(_) | SchemaKind::Any => Value::Object(Map::new()),
            SchemaKind::Object(obj) => Value::Object(
                obj.properties
                    .iter()
                    .filter(|p| p.required)
                    .map(|p| {
                        (
                            p.name.clone(),
                            self.synthesize(&p.schema, &p.name, depth + 1),
                        )
                    })
                    .collect(),
            ),
            SchemaKind::OneOf(branches) => branches
                .first()
                .map_or(Value::Null, |b| self.synthesize(b, name, depth + 1)),
            SchemaKind::Ref(_) | SchemaKind::AllOf(_) => Value::Null,
        }
    }
}

/// The `enum` value `text` stands for (itself, or the value equal ignoring ASCII case);
/// `None` when the schema has an `enum` without it.
fn conform_enum(schema: &Schema, text: &str) -> Option<String> {
    if schema.enum_values.is_empty() || schema.enum_values.iter().any(|e| e == text) {
        return Some(text.to_owned());
    }
    schema
        .enum_values
        .iter()
        .find(|e| e.eq_ignore_ascii_case(text))
        .cloned()
}

fn matches_pattern(schema: &Schema, text: &str) -> bool {
    match &schema.pattern {
        // A pattern the engine cannot compile is not enforced (the validator does the same).
        Some(p) => regex_lite::Regex::new(p).map_or(true, |re| re.is_match(text)),
        None => true,
    }
}

fn valid_datetime(schema: &Schema, text: &str) -> bool {
    schema.datetime_format.as_deref() != Some(COMPACT_DATETIME)
        || crate::validate::parse_compact_datetime(text).is_some()
}

/// An integer from its `i64` or `f64` reading (`2.0` is the integer 2).
fn integral(as_i64: Option<i64>, as_f64: Option<f64>) -> Option<i64> {
    as_i64.or_else(|| {
        as_f64
            .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
            .map(|f| f as i64)
    })
}

fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".to_owned(),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: t, version: v1, x-service: t}
servers:
  - url: https://t.{region}.myhuaweicloud.com
    variables: {region: {default: r1, enum: [r1]}}
paths: {}
components:
  schemas:
    Root:
      type: object
      required: [must]
      properties:
        flag: {type: boolean}
        count: {type: integer, format: int32}
        ratio: {type: number}
        label: {type: string}
        mode: {type: string, enum: [prePaid, postPaid]}
        when: {type: string, pattern: '^[0-9]{14}$', x-datetime-format: YYYYMMDDHHmmss}
        must: {type: string}
        child: {$ref: '#/components/schemas/Child'}
        list: {type: array, items: {$ref: '#/components/schemas/Child'}}
        tags: {type: object, additionalProperties: {type: string}}
        free: {type: object}
    Child:
      type: object
      required: [id]
      properties:
        id: {type: string}
        size: {type: integer, format: int64}
        state: {type: string}
"#;

    fn spec() -> Spec {
        codegen::spec::parse(SPEC, std::path::Path::new("conform-test.yaml"))
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn root(spec: &Spec) -> &Schema {
        &spec
            .schemas
            .iter()
            .find(|s| s.name == "Root")
            .expect("Root")
            .schema
    }

    #[test]
    fn conversions_and_drops() {
        let spec = spec();
        let cases: Vec<(Value, Value)> = vec![
            (json!({"must": "m"}), json!({"must": "m"})),
            (
                json!({"must": "m", "flag": "false"}),
                json!({"must": "m", "flag": false}),
            ),
            (
                json!({"must": "m", "flag": "TRUE"}),
                json!({"must": "m", "flag": true}),
            ),
            (json!({"must": "m", "flag": "maybe"}), json!({"must": "m"})),
            (
                json!({"must": "m", "flag": 1}),
                json!({"must": "m", "flag": true}),
            ),
            (json!({"must": "m", "flag": 2}), json!({"must": "m"})),
            (
                json!({"must": "m", "count": "10"}),
                json!({"must": "m", "count": 10}),
            ),
            (
                json!({"must": "m", "count": 2.0}),
                json!({"must": "m", "count": 2}),
            ),
            (json!({"must": "m", "count": 1.5}), json!({"must": "m"})),
            (
                json!({"must": "m", "count": 3_000_000_000_i64}),
                json!({"must": "m"}),
            ),
            (
                json!({"must": "m", "ratio": "1.5"}),
                json!({"must": "m", "ratio": 1.5}),
            ),
            (
                json!({"must": "m", "label": 10}),
                json!({"must": "m", "label": "10"}),
            ),
            (json!({"must": "m", "label": null}), json!({"must": "m"})),
            (
                json!({"must": "m", "mode": "prepaid"}),
                json!({"must": "m", "mode": "prePaid"}),
            ),
            (json!({"must": "m", "mode": "weekly"}), json!({"must": "m"})),
            (json!({"must": "m", "when": "2020"}), json!({"must": "m"})),
            (
                json!({"must": "m", "when": "20201301000000"}),
                json!({"must": "m"}),
            ),
            (json!({"must": null}), json!({"must": "must"})),
            (json!({}), json!({"must": "must"})),
            (json!({"must": "m", "child": null}), json!({"must": "m"})),
            (
                json!({"must": "m", "child": {"size": "7"}}),
                json!({"must": "m", "child": {"size": 7, "id": "id"}}),
            ),
            (
                json!({"must": "m", "list": [{"id": "a"}, null, 3, {"id": 5}]}),
                json!({"must": "m", "list": [{"id": "a"}, {"id": "5"}]}),
            ),
            (
                json!({"must": "m", "tags": {"a": "x", "b": null, "c": 1}}),
                json!({"must": "m", "tags": {"a": "x", "c": "1"}}),
            ),
            (
                json!({"must": "m", "free": null, "extra": null}),
                json!({"must": "m", "extra": null}),
            ),
            (
                json!({"must": "m", "free": [1]}),
                json!({"must": "m", "free": [1]}),
            ),
            // Flat members regrouped under the object property they belong to.
            (
                json!({"must": "m", "child": null, "id": "c1", "state": "ok", "other": 1}),
                json!({"must": "m", "child": {"id": "c1", "state": "ok"}, "other": 1}),
            ),
            // One member is not enough to regroup.
            (
                json!({"must": "m", "state": "ok"}),
                json!({"must": "m", "state": "ok"}),
            ),
            // Not an object at all.
            (json!([1, 2]), json!({"must": "must"})),
        ];
        for (input, want) in cases {
            let got = conform(&spec, root(&spec), &input);
            assert_eq!(got.value, want, "{input}: {:?}", got.changes);
            assert_eq!(
                got.changes.is_empty(),
                input == want,
                "{input}: {:?}",
                got.changes
            );
        }
    }

    #[test]
    fn synthesized_values_conform() {
        let spec = spec();
        let v = synthesize(&spec, root(&spec));
        assert_eq!(v, json!({"must": "must"}));
        let again = conform(&spec, root(&spec), &v);
        assert!(again.changes.is_empty(), "{:?}", again.changes);
    }

    /// Every example of the Kafka spec, once conformed, passes the request validator's schema
    /// check (which rejects `null` and wrong types), and conforming again changes nothing.
    #[test]
    fn kafka_examples_conform() {
        let spec = codegen::spec::parse(crate::KAFKA_SPEC, std::path::Path::new("kafka.yaml"))
            .unwrap_or_else(|e| panic!("{e}"));
        let validator = crate::validate::Validator::new(&spec);
        let mut changed = 0;
        for op in &spec.operations {
            let bodies = op
                .responses
                .iter()
                .filter_map(|r| Some((r.schema.as_ref()?, r.example.as_ref()?)))
                .chain(
                    op.request_body
                        .iter()
                        .filter_map(|b| Some((&b.schema, b.example.as_ref()?))),
                );
            for (schema, example) in bodies {
                let c = conform(&spec, schema, example);
                if !c.changes.is_empty() {
                    changed += 1;
                }
                validator
                    .check_value(schema, &c.value)
                    .unwrap_or_else(|e| panic!("{}: {e}\n{:?}", op.id, c.changes));
                let again = conform(&spec, schema, &c.value);
                assert!(again.changes.is_empty(), "{}: {:?}", op.id, again.changes);
            }
        }
        assert!(changed > 0, "the Kafka spec has examples that need repair");
    }
}
