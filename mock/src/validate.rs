//! Request validation against the spec: parameters (path, query, header) and the JSON body.
//!
//! What is checked, for each declared parameter: presence when `required`; integers (and the
//! `int32` range), numbers, booleans; `enum`; `pattern`; `x-datetime-format: YYYYMMDDHHmmss` (a real
//! date and time). A declared query parameter given twice is rejected. Undeclared query
//! parameters and headers are ignored, as the gateway does. The JSON body must parse and match its
//! schema at every depth (objects in arrays in objects …): required properties, types (an integer
//! may be written `2.0`, as JSON Schema allows), `int32` range, `enum`, `pattern`,
//! `x-datetime-format`, the values of maps. A property with `x-example-type: integer|number|
//! string|boolean` (its examples carry that JSON type, its table another) accepts both forms: a
//! value in the examples' form is read as the table's (`2` → `"2"`, `"2"` → `2`, `true` → `"true"`
//! for a string, `0`/`1` → `false`/`true` for a boolean; a string that does not read as the
//! table's type, or another number for a boolean, is refused). `null` is accepted where the schema (or the
//! property beside its `$ref`) is `nullable` (a mandatory field whose example gives `null`) and
//! rejected everywhere else: a required property that is `null` counts as missing, an optional one as
//! invalid. Unknown properties are allowed: no schema of the spec says
//! `additionalProperties: false` (and the spec model could not carry it). A free-form object
//! (`type: object` without properties) accepts any JSON value but `null`, because the spec model
//! does not tell it from a schema without a type. A property with `x-example-shape` (its examples give the
//! value in another shape that reads as the table's) accepts that shape too: one item for a list (`array`,
//! `single`), `""` or `{}` for an object or text not given (`empty`), a JSON object or array for a text
//! (`json`). Failures are 400 answers naming the parameter or the JSON path of the member (see
//! [`crate::error`]).

use std::cmp::Reverse;
use std::collections::HashMap;

use codegen::spec::{
    COMPACT_DATETIME, ExampleReading, ExampleShape, Operation, ParamLocation, Parameter, Schema,
    SchemaKind, Spec,
};
use huaweicloud_core::sign::unquote;
use serde_json::Value;

use crate::error::ApiError;

/// How deep `$ref`s and nested values are followed before giving up (a cyclic schema).
const MAX_DEPTH: usize = 64;

/// The declared query parameters of a request, decoded: name → value.
pub(crate) type QueryValues = HashMap<String, String>;

/// Compiled `pattern`s and the named schemas of a spec.
#[derive(Debug, Default)]
pub(crate) struct Validator {
    patterns: HashMap<String, regex_lite::Regex>,
    schemas: HashMap<String, Schema>,
}

/// Decodes a raw query string into `(key, value)` pairs (`%XX` decoded; `+` is kept, as the
/// official signer never writes it for a space).
pub(crate) fn parse_query(raw: &str) -> Vec<(String, String)> {
    raw.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (unquote(k), unquote(v))
        })
        .collect()
}

/// Parses `YYYYMMDDHHmmss` (a valid date and time, read as UTC).
pub(crate) fn parse_compact_datetime(s: &str) -> Option<jiff::Timestamp> {
    if s.len() != 14 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| s.get(r).and_then(|p| p.parse::<i16>().ok());
    let dt = jiff::civil::DateTime::new(
        n(0..4)?,
        i8::try_from(n(4..6)?).ok()?,
        i8::try_from(n(6..8)?).ok()?,
        i8::try_from(n(8..10)?).ok()?,
        i8::try_from(n(10..12)?).ok()?,
        i8::try_from(n(12..14)?).ok()?,
        0,
    )
    .ok()?;
    dt.to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp())
}

fn location_word(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
    }
}

impl Validator {
    /// Compiles every `pattern` of `spec` once. Patterns the engine cannot compile are logged and
    /// not enforced.
    pub(crate) fn new(spec: &Spec) -> Self {
        let mut v = Validator {
            patterns: HashMap::new(),
            schemas: spec
                .schemas
                .iter()
                .map(|s| (s.name.clone(), s.schema.clone()))
                .collect(),
        };
        let mut all: Vec<&Schema> = Vec::new();
        for op in &spec.operations {
            all.extend(op.parameters.iter().map(|p| &p.schema));
            all.extend(op.request_body.iter().map(|b| &b.schema));
        }
        all.extend(spec.schemas.iter().map(|s| &s.schema));
        for schema in all {
            v.collect_patterns(schema);
        }
        v
    }

    fn collect_patterns(&mut self, schema: &Schema) {
        if let Some(p) = &schema.pattern
            && !self.patterns.contains_key(p)
        {
            match regex_lite::Regex::new(p) {
                Ok(re) => {
                    self.patterns.insert(p.clone(), re);
                }
                Err(e) => {
                    tracing::warn!(pattern = %p, error = %e, "pattern not enforced: it does not compile")
                }
            }
        }
        match &schema.kind {
            SchemaKind::Array(item) | SchemaKind::Map(item) => self.collect_patterns(item),
            SchemaKind::Object(o) => {
                for p in &o.properties {
                    self.collect_patterns(&p.schema);
                }
            }
            _ => {}
        }
    }

    /// Follows `$ref`s to the schema they name.
    fn resolve<'a>(&'a self, mut schema: &'a Schema) -> Option<&'a Schema> {
        for _ in 0..MAX_DEPTH {
            match &schema.kind {
                SchemaKind::Ref(name) => schema = self.schemas.get(name)?,
                _ => return Some(schema),
            }
        }
        None
    }

    /// How well a JSON request body fits `op`'s request schema, for operations sharing a method and path
    /// (action APIs: `{"addSecurityGroup": …}` and `{"removeSecurityGroup": …}` on one `…/action`, or
    /// `{"action": "create", …}` and `{"action": "delete", …}`). Compared as a tuple, the best fit is the
    /// largest: every required top-level field present, the most keys (any depth) the schema documents, the
    /// most keys and values shared with the page's example body, the whole body valid, the fewest
    /// undocumented top-level keys.
    pub(crate) fn body_fit(&self, op: &Operation, body: &Value) -> BodyFit {
        let keys: Vec<&String> = body
            .as_object()
            .map(|o| o.keys().collect())
            .unwrap_or_default();
        let Some(rb) = &op.request_body else {
            return (keys.is_empty(), 0, 0, keys.is_empty(), Reverse(keys.len()));
        };
        let properties = match self.resolve(&rb.schema).map(|s| &s.kind) {
            Some(SchemaKind::Object(o)) => &o.properties[..],
            _ => &[],
        };
        let required = properties
            .iter()
            .filter(|p| p.required)
            .all(|p| keys.contains(&&p.name));
        let valid = self.check_json(&rb.schema, body, "body", 0).is_ok();
        let unknown = keys
            .iter()
            .filter(|k| !properties.iter().any(|p| p.name == ***k))
            .count();
        let known = self.known_keys(&rb.schema, body, 0);
        let like_example = rb
            .example
            .as_ref()
            .map_or(0, |e| shared_with_example(body, e, 0));
        (required, known, like_example, valid, Reverse(unknown))
    }

    /// The keys of `value`, at any depth, that `schema` documents.
    fn known_keys(&self, schema: &Schema, value: &Value, depth: usize) -> usize {
        if depth >= MAX_DEPTH {
            return 0;
        }
        match (self.resolve(schema).map(|s| &s.kind), value) {
            (Some(SchemaKind::Object(o)), Value::Object(members)) => members
                .iter()
                .filter_map(|(k, v)| {
                    let p = o.properties.iter().find(|p| p.name == *k)?;
                    Some(1 + self.known_keys(&p.schema, v, depth + 1))
                })
                .sum(),
            (Some(SchemaKind::Array(items)), Value::Array(values)) => values
                .first()
                .map_or(0, |v| self.known_keys(items, v, depth + 1)),
            // A choice documents what its best-fitting branch documents.
            (Some(SchemaKind::OneOf(branches)), _) => branches
                .iter()
                .map(|b| self.known_keys(b, value, depth + 1))
                .max()
                .unwrap_or(0),
            _ => 0,
        }
    }

    /// Checks the parameters and the body of a request for `op`. Returns the declared query
    /// values.
    pub(crate) fn check_request(
        &self,
        op: &Operation,
        path_params: &[(String, String)],
        raw_query: &str,
        headers: &http::HeaderMap,
        body: &[u8],
    ) -> Result<QueryValues, ApiError> {
        let query = parse_query(raw_query);
        let mut values = QueryValues::new();
        for param in &op.parameters {
            let where_ = location_word(param.location);
            let found: Vec<String> = match param.location {
                ParamLocation::Path => path_params
                    .iter()
                    .filter(|(k, _)| *k == param.name)
                    .map(|(_, v)| v.clone())
                    .collect(),
                ParamLocation::Query => query
                    .iter()
                    .filter(|(k, _)| *k == param.name)
                    .map(|(_, v)| v.clone())
                    .collect(),
                ParamLocation::Header => headers
                    .get_all(param.name.as_str())
                    .iter()
                    .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
                    .collect(),
            };
            match found.as_slice() {
                [] if param.required => return Err(ApiError::missing(where_, &param.name)),
                [] => {}
                [value] => {
                    self.check_param(param, value)
                        .map_err(|why| ApiError::invalid(where_, &param.name, why))?;
                    if param.location == ParamLocation::Query {
                        values.insert(param.name.clone(), value.clone());
                    }
                }
                _ => {
                    return Err(ApiError::invalid(
                        where_,
                        &param.name,
                        "it is given more than once",
                    ));
                }
            }
        }
        if let Some(rb) = &op.request_body {
            if body.is_empty() {
                if rb.required {
                    return Err(ApiError::missing("body", "body"));
                }
            } else {
                let json: Value = serde_json::from_slice(body)
                    .map_err(|e| ApiError::invalid_body(format!("not JSON ({e})")))?;
                self.check_json(&rb.schema, &json, "body", 0)
                    .map_err(|e| match e {
                        BodyError::Missing(at) => ApiError::missing("body", &at),
                        BodyError::Invalid(why) => ApiError::invalid_body(why),
                    })?;
            }
        }
        Ok(values)
    }

    /// Checks one parameter value (text) against its schema.
    fn check_param(&self, param: &Parameter, value: &str) -> Result<(), String> {
        let schema = self
            .resolve(&param.schema)
            .ok_or_else(|| "its schema cannot be resolved".to_owned())?;
        match &schema.kind {
            SchemaKind::Integer { wide } => {
                let n: i64 = value
                    .parse()
                    .map_err(|_| format!("'{value}' is not an integer"))?;
                if !wide && i32::try_from(n).is_err() {
                    return Err(format!("{n} is out of the int32 range"));
                }
            }
            SchemaKind::Number { .. } => {
                let n: f64 = value
                    .parse()
                    .map_err(|_| format!("'{value}' is not a number"))?;
                if !n.is_finite() {
                    return Err(format!("'{value}' is not a finite number"));
                }
            }
            SchemaKind::Boolean => {
                if value != "true" && value != "false" {
                    return Err(format!("'{value}' is not true or false"));
                }
            }
            SchemaKind::String => {
                self.check_string(schema, value)?;
                return Ok(());
            }
            _ => return Ok(()),
        }
        self.check_enum(schema, value)
    }

    fn check_enum(&self, schema: &Schema, text: &str) -> Result<(), String> {
        if schema.enum_values.is_empty() || schema.enum_values.iter().any(|e| e == text) {
            Ok(())
        } else {
            Err(format!(
                "'{text}' is not one of {}",
                schema.enum_values.join(", ")
            ))
        }
    }

    fn check_string(&self, schema: &Schema, value: &str) -> Result<(), String> {
        self.check_enum(schema, value)?;
        if let Some(p) = &schema.pattern
            && let Some(re) = self.patterns.get(p)
            && !re.is_match(value)
        {
            return Err(format!("'{value}' does not match the pattern {p}"));
        }
        if schema.datetime_format.as_deref() == Some(COMPACT_DATETIME)
            && parse_compact_datetime(value).is_none()
        {
            return Err(format!(
                "'{value}' is not a valid time in the format {COMPACT_DATETIME}"
            ));
        }
        Ok(())
    }

    /// Checks a JSON value against a schema, as a request body would be checked.
    #[cfg(test)]
    pub(crate) fn check_value(&self, schema: &Schema, value: &Value) -> Result<(), String> {
        self.check_json(schema, value, "$", 0).map_err(|e| match e {
            BodyError::Missing(at) => format!("{at}: missing"),
            BodyError::Invalid(why) => why,
        })
    }

    /// Checks a JSON value against a schema; the error names the JSON path.
    fn check_json(
        &self,
        schema: &Schema,
        value: &Value,
        at: &str,
        depth: usize,
    ) -> Result<(), BodyError> {
        use BodyError::Invalid;
        if depth > MAX_DEPTH {
            return Err(Invalid(format!("{at}: nested too deeply")));
        }
        if value.is_null() {
            return Err(Invalid(format!(
                "{at}: null is not allowed (the schema is not nullable)"
            )));
        }
        let declared = schema.example_shape;
        let schema = self
            .resolve(schema)
            .ok_or_else(|| Invalid(format!("{at}: the schema cannot be resolved")))?;
        // The other shape the spec allows (`x-example-shape`, beside a `$ref` or on the schema itself): one item
        // for a list, `""` / `{}` for a value not given, a JSON value for its text.
        match (declared.or(schema.example_shape), &schema.kind, value) {
            (Some(ExampleShape::OneOrMany), SchemaKind::Array(item), v) if !v.is_array() => {
                return self.check_json(item, v, at, depth + 1);
            }
            (Some(ExampleShape::EmptyAsAbsent), _, Value::String(s)) if s.is_empty() => {
                return Ok(());
            }
            (Some(ExampleShape::EmptyAsAbsent), _, Value::Object(m)) if m.is_empty() => {
                return Ok(());
            }
            (
                Some(ExampleShape::JsonText),
                SchemaKind::String,
                Value::Object(_) | Value::Array(_),
            ) => return Ok(()),
            _ => {}
        }
        // The other spelling the spec allows (its reading: `x-numeric-string`, `x-accept-string`, or
        // `x-example-type`, which the spec reader turns into one): a number (or a boolean) for a string, text for
        // a number or boolean, 0/1 for a boolean; read as the documented type, as the clients read it.
        let spelled;
        let value = match (value, &schema.kind, schema.reading) {
            (Value::Number(n), SchemaKind::String, ExampleReading::NumericString)
            | (Value::Number(n), SchemaKind::String, ExampleReading::StringOrScalar) => {
                spelled = Value::String(n.to_string());
                &spelled
            }
            (Value::Bool(b), SchemaKind::String, ExampleReading::StringOrScalar) => {
                spelled = Value::String(b.to_string());
                &spelled
            }
            (
                Value::String(s),
                SchemaKind::Integer { .. } | SchemaKind::Number { .. } | SchemaKind::Boolean,
                ExampleReading::StringTolerant,
            ) => {
                spelled =
                    serde_json::from_str(s.trim()).unwrap_or_else(|_| Value::String(s.clone()));
                &spelled
            }
            (Value::Number(n), SchemaKind::Boolean, ExampleReading::BoolOrBit)
                if matches!(n.as_u64(), Some(0 | 1)) =>
            {
                spelled = Value::Bool(n.as_u64() == Some(1));
                &spelled
            }
            _ => value,
        };
        let expected =
            |what: &str| Invalid(format!("{at}: expected {what}, found {}", json_kind(value)));
        match &schema.kind {
            SchemaKind::String => {
                let s = value.as_str().ok_or_else(|| expected("a string"))?;
                self.check_string(schema, s)
                    .map_err(|e| Invalid(format!("{at}: {e}")))
            }
            SchemaKind::Integer { wide } => {
                let n = value
                    .as_i64()
                    .or_else(|| {
                        value
                            .as_f64()
                            .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                            .map(|f| f as i64)
                    })
                    .ok_or_else(|| expected("an integer"))?;
                if !wide && i32::try_from(n).is_err() {
                    return Err(Invalid(format!("{at}: {n} is out of the int32 range")));
                }
                self.check_enum(schema, &n.to_string())
                    .map_err(|e| Invalid(format!("{at}: {e}")))
            }
            SchemaKind::Number { .. } => value
                .is_number()
                .then_some(())
                .ok_or_else(|| expected("a number")),
            SchemaKind::Boolean => value
                .is_boolean()
                .then_some(())
                .ok_or_else(|| expected("a boolean")),
            SchemaKind::Array(item) => {
                let items = value.as_array().ok_or_else(|| expected("an array"))?;
                for (i, v) in items.iter().enumerate() {
                    self.check_json(item, v, &format!("{at}[{i}]"), depth + 1)?;
                }
                Ok(())
            }
            SchemaKind::Map(item) => {
                let map = value.as_object().ok_or_else(|| expected("an object"))?;
                for (k, v) in map {
                    self.check_json(item, v, &format!("{at}.{k}"), depth + 1)?;
                }
                Ok(())
            }
            SchemaKind::Object(obj) => {
                let map = value.as_object().ok_or_else(|| expected("an object"))?;
                for p in &obj.properties {
                    match map.get(&p.name) {
                        // A `nullable` property may be `null`, required or not.
                        Some(Value::Null)
                            if p.schema.nullable
                                || self.resolve(&p.schema).is_some_and(|s| s.nullable) => {}
                        None | Some(Value::Null) if p.required => {
                            return Err(BodyError::Missing(format!("{at}.{}", p.name)));
                        }
                        None => {}
                        Some(v) => {
                            self.check_json(&p.schema, v, &format!("{at}.{}", p.name), depth + 1)?
                        }
                    }
                }
                Ok(())
            }
            // One branch must take the value; the first branch's complaint otherwise (the doc's first table).
            SchemaKind::OneOf(branches) => {
                let mut first = None;
                for branch in branches {
                    match self.check_json(branch, value, at, depth + 1) {
                        Ok(()) => return Ok(()),
                        Err(e) => {
                            first.get_or_insert(e);
                        }
                    }
                }
                first.map_or(Ok(()), Err)
            }
            SchemaKind::Any | SchemaKind::Ref(_) | SchemaKind::AllOf(_) => Ok(()),
        }
    }
}

/// Why a JSON body does not match its schema.
/// The keys `body` shares with `example` at any depth, plus the scalar values they agree on.
fn shared_with_example(body: &Value, example: &Value, depth: usize) -> usize {
    if depth >= MAX_DEPTH {
        return 0;
    }
    match (body, example) {
        (Value::Object(b), Value::Object(e)) => b
            .iter()
            .filter_map(|(k, v)| Some(1 + shared_with_example(v, e.get(k)?, depth + 1)))
            .sum(),
        (Value::Array(b), Value::Array(e)) => match (b.first(), e.first()) {
            (Some(b), Some(e)) => shared_with_example(b, e, depth + 1),
            _ => 0,
        },
        (b, e) => usize::from(b == e),
    }
}

/// See [`Validator::body_fit`].
pub(crate) type BodyFit = (bool, usize, usize, bool, Reverse<usize>);

enum BodyError {
    /// A required field is absent (or null) at this path.
    Missing(String),
    /// Anything else, described with its path.
    Invalid(String),
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_datetime_table() {
        assert!(parse_compact_datetime("20240101000000").is_some());
        assert!(parse_compact_datetime("20241231235959").is_some());
        for bad in [
            "",
            "2024010100000",
            "202401010000000",
            "20241301000000",
            "20240230000000",
            "20240101250000",
            "2024010100000a",
            "+2024010100000",
        ] {
            assert!(parse_compact_datetime(bad).is_none(), "{bad}");
        }
    }

    /// The readings of `x-example-type` (spec/README.md): the examples' spelling is read as the table's type,
    /// anything else is refused as before.
    #[test]
    fn example_readings_accept_the_examples_spelling_only() {
        let spec = codegen::spec::parse(
            r#"
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
      properties:
        label: {type: string, x-example-type: boolean}
        count: {type: string, x-example-type: integer}
        flag: {type: boolean, x-example-type: integer}
        size: {type: integer, format: int32, x-example-type: string}
        plain: {type: boolean}
"#,
            std::path::Path::new("readings.yaml"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let validator = Validator::new(&spec);
        let root = &spec.schemas[0].schema;
        let check = |v: Value| validator.check_value(root, &v);
        for ok in [
            serde_json::json!({"label": true, "count": 3, "flag": 1, "size": "4"}),
            serde_json::json!({"label": 2.5, "count": "3", "flag": false, "size": 4}),
            serde_json::json!({"label": "x", "flag": 0}),
        ] {
            check(ok.clone()).unwrap_or_else(|e| panic!("{ok}: {e}"));
        }
        for bad in [
            serde_json::json!({"flag": 2}),
            serde_json::json!({"flag": "1"}),
            serde_json::json!({"count": true}),
            serde_json::json!({"label": [true]}),
            serde_json::json!({"plain": 1}),
            serde_json::json!({"size": "four"}),
        ] {
            assert!(check(bad.clone()).is_err(), "{bad}");
        }
    }

    #[test]
    fn query_parsing() {
        assert_eq!(
            parse_query("a=1&&b=%E4%B8%AD&c&d=x+y"),
            vec![
                ("a".to_owned(), "1".to_owned()),
                ("b".to_owned(), "中".to_owned()),
                ("c".to_owned(), String::new()),
                ("d".to_owned(), "x+y".to_owned()),
            ]
        );
    }
}
