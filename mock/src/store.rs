//! Stateful listings: every operation with `x-paginated` answers from an in-memory item store.
//!
//! The store of an operation is seeded from the items of its 2xx example, plus `seed` generated
//! items made deterministically from them (same count → same items, on every run): each generated
//! item copies an example item and gets a new `id` and new timestamps, one step (45–90 minutes)
//! older than the previous item, so the store is sorted newest first, like the service.
//!
//! Queries:
//! - time filters: each query parameter with `x-datetime-format` (`YYYYMMDDHHmmss`, read as UTC)
//!   whose name starts with `begin`/`start`/`from` is an inclusive lower bound, and one starting
//!   with `end`/`to` an inclusive upper bound, on the item's creation time: the first item field
//!   holding a timestamp (RFC 3339 text, or epoch milliseconds as a number or digit string),
//!   preferring one whose name contains `create`; compared to the second.
//! - paging: the `offset` parameter of `x-paginated` counts items from `first` (so with
//!   `first: 1`, `start=1` is the first item); an offset below `first` is read as `first`. The
//!   `limit` parameter is the page size ([`DEFAULT_LIMIT`] when absent; `0` or less gives an empty
//!   page).
//! - the `total` field is the number of items that match the filters (a string when the schema
//!   says string, as `task_count` is).

use std::collections::HashMap;

use codegen::spec::{Operation, Paginated, Schema, SchemaKind, Spec};
use serde_json::{Map, Value};

use crate::validate::{QueryValues, parse_compact_datetime};

/// Page size when the request has no `limit`.
pub const DEFAULT_LIMIT: i64 = 10;

/// The seed of the item generator: fixed, so a given count always gives the same items.
const GENERATOR_SEED: u64 = 0x5EED_7A5C;

/// Where no example gives a time, generated items count back from this instant.
const DEFAULT_ANCHOR_MS: i64 = 1_589_515_200_000; // 2020-05-15T04:00:00Z

/// How a time field is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TimeRepr {
    /// `2020-05-15T03:19:51.046Z`.
    Rfc3339,
    /// `1589512791046` as a JSON number.
    MillisNumber,
    /// `"1589512791046"`.
    MillisString,
}

pub(crate) fn read_time(v: &Value) -> Option<(i64, TimeRepr)> {
    match v {
        Value::Number(n) => n
            .as_i64()
            .filter(|ms| *ms > 100_000_000_000)
            .map(|ms| (ms, TimeRepr::MillisNumber)),
        Value::String(s) if s.len() == 13 && s.bytes().all(|b| b.is_ascii_digit()) => {
            s.parse().ok().map(|ms| (ms, TimeRepr::MillisString))
        }
        Value::String(s) => s
            .parse::<jiff::Timestamp>()
            .ok()
            .map(|t| (t.as_millisecond(), TimeRepr::Rfc3339)),
        _ => None,
    }
}

pub(crate) fn write_time(ms: i64, repr: TimeRepr) -> Value {
    match repr {
        TimeRepr::MillisNumber => Value::from(ms),
        TimeRepr::MillisString => Value::from(ms.to_string()),
        TimeRepr::Rfc3339 => {
            let t = jiff::Timestamp::from_millisecond(ms).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
            Value::from(format!(
                "{}.{:03}Z",
                t.strftime("%Y-%m-%dT%H:%M:%S"),
                ms.rem_euclid(1000)
            ))
        }
    }
}

/// The store of one paginated operation.
#[derive(Clone, Debug)]
pub(crate) struct Listing {
    paginated: Paginated,
    /// The example answer (an object) the pages are written into.
    template: Map<String, Value>,
    /// The items, in answer order.
    items: Vec<Value>,
    /// The creation-time field of the items.
    time_field: Option<String>,
    /// Query parameters that are lower / upper time bounds.
    lower: Vec<String>,
    upper: Vec<String>,
    /// Whether `total` is written as a string.
    total_as_string: bool,
    /// The item fields: the item schema's properties, or the first example item's members.
    fields: Vec<String>,
}

/// The schema of an operation's first 2xx answer.
fn success_schema(op: &Operation) -> Option<&Schema> {
    op.responses.iter().find_map(|r| {
        let status: u16 = r.status.parse().ok()?;
        (200..300)
            .contains(&status)
            .then_some(r.schema.as_ref())
            .flatten()
    })
}

fn resolve<'a>(spec: &'a Spec, mut schema: &'a Schema) -> Option<&'a Schema> {
    for _ in 0..64 {
        match &schema.kind {
            SchemaKind::Ref(name) => {
                schema = &spec.schemas.iter().find(|s| &s.name == name)?.schema;
            }
            _ => return Some(schema),
        }
    }
    None
}

fn property<'a>(spec: &'a Spec, schema: &'a Schema, name: &str) -> Option<&'a Schema> {
    match &resolve(spec, schema)?.kind {
        SchemaKind::Object(o) => o
            .properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| resolve(spec, &p.schema)),
        _ => None,
    }
}

/// A value for a property of a generated item when no example item exists.
fn synthetic_value(spec: &Spec, name: &str, schema: &Schema, i: usize) -> Value {
    match resolve(spec, schema).map(|s| &s.kind) {
        Some(SchemaKind::Integer { .. }) => Value::from(i as i64),
        Some(SchemaKind::Number { .. }) => Value::from(i as f64),
        Some(SchemaKind::Boolean) => Value::from(i.is_multiple_of(2)),
        Some(SchemaKind::String) => Value::from(format!("{name}-{i}")),
        _ => Value::Null,
    }
}

pub(crate) fn generated_id(template: &str, rng: &mut fastrand::Rng, i: usize) -> String {
    let hex = |rng: &mut fastrand::Rng, n: usize| -> String {
        (0..n)
            .map(|_| char::from_digit(rng.u32(0..16), 16).unwrap_or('0'))
            .collect()
    };
    let is_hex = |s: &str| s.bytes().all(|b| b.is_ascii_hexdigit());
    if template.len() == 32 && is_hex(template) {
        hex(rng, 32)
    } else if template.len() == 36 && template.split('-').map(str::len).eq([8, 4, 4, 4, 12]) {
        format!(
            "{}-{}-{}-{}-{}",
            hex(rng, 8),
            hex(rng, 4),
            hex(rng, 4),
            hex(rng, 4),
            hex(rng, 12)
        )
    } else {
        format!("{template}-{i}")
    }
}

impl Listing {
    /// The store of `op` (which has `x-paginated`), with `seed` generated items; `example` is
    /// its success answer (already conformed to the response schema).
    pub(crate) fn seed(
        spec: &Spec,
        op: &Operation,
        paginated: &Paginated,
        seed: usize,
        example: Option<&Value>,
    ) -> Self {
        let template = example
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let response_schema = success_schema(op);
        let examples: Vec<Value> = template
            .get(&paginated.items)
            .and_then(Value::as_array)
            .map(|a| a.iter().filter(|v| v.is_object()).cloned().collect())
            .unwrap_or_default();
        let item_schema = response_schema
            .and_then(|s| property(spec, s, &paginated.items))
            .and_then(|s| match &s.kind {
                SchemaKind::Array(item) => resolve(spec, item),
                _ => None,
            });
        let property_names: Vec<String> = match item_schema.map(|s| &s.kind) {
            Some(SchemaKind::Object(o)) => o.properties.iter().map(|p| p.name.clone()).collect(),
            _ => examples
                .first()
                .and_then(Value::as_object)
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default(),
        };
        // Time fields: those whose example values read as timestamps (or, without examples,
        // whose names say so).
        let time_fields: Vec<(String, TimeRepr)> = property_names
            .iter()
            .filter_map(|name| match examples.first() {
                Some(first) => first
                    .get(name)
                    .and_then(read_time)
                    .map(|(_, r)| (name.clone(), r)),
                None => (name.ends_with("_at") || name.ends_with("_time"))
                    .then(|| (name.clone(), TimeRepr::Rfc3339)),
            })
            .collect();
        let time_field = time_fields
            .iter()
            .find(|(n, _)| n.contains("create"))
            .or(time_fields.first())
            .map(|(n, _)| n.clone());
        let total_as_string = paginated.total.as_ref().is_some_and(|total| {
            response_schema
                .and_then(|s| property(spec, s, total))
                .map(|s| matches!(s.kind, SchemaKind::String))
                .or_else(|| template.get(total).map(Value::is_string))
                .unwrap_or(false)
        });
        let (mut lower, mut upper) = (Vec::new(), Vec::new());
        for p in &op.parameters {
            if p.schema.datetime_format.is_none()
                && resolve(spec, &p.schema).is_none_or(|s| s.datetime_format.is_none())
            {
                continue;
            }
            let n = p.name.to_ascii_lowercase();
            if ["begin", "start", "from"].iter().any(|w| n.starts_with(w)) {
                lower.push(p.name.clone());
            } else if ["end", "to"].iter().any(|w| n.starts_with(w)) {
                upper.push(p.name.clone());
            }
        }

        let mut items = examples.clone();
        let mut rng = fastrand::Rng::with_seed(GENERATOR_SEED);
        let creation_ms = |item: &Value| -> Option<i64> {
            time_field
                .as_ref()
                .and_then(|f| item.get(f))
                .and_then(read_time)
                .map(|(ms, _)| ms)
        };
        let mut at = examples
            .iter()
            .filter_map(creation_ms)
            .min()
            .unwrap_or(DEFAULT_ANCHOR_MS);
        for i in 0..seed {
            at -= i64::from(rng.u32(45 * 60_000..90 * 60_000));
            let mut item = if examples.is_empty() {
                let mut m = Map::new();
                if let Some(SchemaKind::Object(o)) = item_schema.map(|s| &s.kind) {
                    for p in &o.properties {
                        m.insert(p.name.clone(), synthetic_value(spec, &p.name, &p.schema, i));
                    }
                }
                m
            } else {
                let pick = rng.usize(0..examples.len());
                examples[pick].as_object().cloned().unwrap_or_default()
            };
            if let Some(Value::String(id)) = item.get("id") {
                let id = generated_id(id, &mut rng, i);
                item.insert("id".to_owned(), Value::from(id));
            }
            for (name, repr) in &time_fields {
                let ms = if Some(name) == time_field.as_ref() {
                    at
                } else {
                    at + i64::from(rng.u32(100..600_000))
                };
                item.insert(name.clone(), write_time(ms, *repr));
            }
            items.push(Value::Object(item));
        }
        Listing {
            paginated: paginated.clone(),
            template,
            items,
            time_field,
            lower,
            upper,
            total_as_string,
            fields: property_names,
        }
    }

    /// The item fields.
    pub(crate) fn fields(&self) -> &[String] {
        &self.fields
    }

    /// The answer fields holding the page's items and the total.
    pub(crate) fn fields_of_page(&self) -> (&str, Option<&str>) {
        (&self.paginated.items, self.paginated.total.as_deref())
    }

    /// The item whose `field` is the string `id`.
    pub(crate) fn find(&self, field: &str, id: &str) -> Option<&Value> {
        self.items
            .iter()
            .find(|item| item.get(field).and_then(Value::as_str) == Some(id))
    }

    /// Removes the item whose `field` is the string `id`; `false` when there is none.
    pub(crate) fn remove(&mut self, field: &str, id: &str) -> bool {
        let before = self.items.len();
        self.items
            .retain(|item| item.get(field).and_then(Value::as_str) != Some(id));
        self.items.len() != before
    }

    /// All items.
    pub(crate) fn items(&self) -> &[Value] {
        &self.items
    }

    /// Replaces the items.
    pub(crate) fn set_items(&mut self, items: Vec<Value>) {
        self.items = items;
    }

    /// The creation time of an item, in whole seconds.
    fn creation_second(&self, item: &Value) -> Option<i64> {
        let field = self.time_field.as_ref()?;
        read_time(item.get(field)?).map(|(ms, _)| ms.div_euclid(1000))
    }

    /// The answer to a validated query.
    pub(crate) fn answer(&self, query: &QueryValues) -> Value {
        let bound = |names: &[String]| -> Vec<i64> {
            names
                .iter()
                .filter_map(|n| query.get(n))
                .filter_map(|v| parse_compact_datetime(v))
                .map(|t| t.as_second())
                .collect()
        };
        let (lower, upper) = (bound(&self.lower), bound(&self.upper));
        let matching: Vec<&Value> = self
            .items
            .iter()
            .filter(|item| {
                if lower.is_empty() && upper.is_empty() {
                    return true;
                }
                self.creation_second(item)
                    .is_some_and(|t| lower.iter().all(|l| t >= *l) && upper.iter().all(|u| t <= *u))
            })
            .collect();
        let first = self.paginated.first;
        let offset = query
            .get(&self.paginated.offset)
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(first)
            .max(first);
        let limit = query
            .get(&self.paginated.limit)
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(DEFAULT_LIMIT);
        let skip = usize::try_from(offset.saturating_sub(first)).unwrap_or(usize::MAX);
        let take = usize::try_from(limit).unwrap_or(0);
        let page: Vec<Value> = matching
            .iter()
            .skip(skip)
            .take(take)
            .map(|v| (*v).clone())
            .collect();
        let mut out = self.template.clone();
        if let Some(total) = &self.paginated.total {
            let n = matching.len();
            let v = if self.total_as_string {
                Value::from(n.to_string())
            } else {
                Value::from(n)
            };
            out.insert(total.clone(), v);
        }
        out.insert(self.paginated.items.clone(), Value::Array(page));
        Value::Object(out)
    }
}

/// The stores of all paginated operations, by operation id; `answers` are the operations'
/// success answers (in spec order), whose JSON bodies the stores start from.
pub(crate) fn seed_all(
    spec: &Spec,
    seed: usize,
    answers: &[crate::answers::Canned],
) -> HashMap<String, Listing> {
    spec.operations
        .iter()
        .zip(answers)
        .filter_map(|(op, answer)| {
            let p = op.paginated.as_ref()?;
            Some((
                op.id.clone(),
                Listing::seed(spec, op, p, seed, answer.json.as_ref()),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_representations_round_trip() {
        for (v, repr) in [
            (Value::from("2020-05-15T03:19:51.046Z"), TimeRepr::Rfc3339),
            (Value::from(1_589_512_791_046_i64), TimeRepr::MillisNumber),
            (Value::from("1589512791046"), TimeRepr::MillisString),
        ] {
            let (ms, r) = read_time(&v).expect("a time");
            assert_eq!((ms, r), (1_589_512_791_046, repr));
            assert_eq!(write_time(ms, r), v);
        }
        assert_eq!(read_time(&Value::from("EXECUTING")), None);
        assert_eq!(read_time(&Value::from(42)), None);
    }
}
