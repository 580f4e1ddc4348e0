//! The doc examples decode in every generated crate (issue 14, "Done when"): each JSON example of a success
//! response (`2xx`, or `default`, which older pages give without a status) in `spec/<service>.yaml` decodes
//! into the generated response type of its operation and encodes back to the members the spec documents, and
//! no member of the example is left over.
//!
//! The spec is read with a generic YAML reader (not the generator's) and the crates through a dispatch table
//! built from their source (`build.rs`, `examples.rs`): nothing here names a service, an operation or a field.
//!
//! A member of an example that the spec's schema does not have is *left over*: the generated types ignore it
//! (unknown members are ignored, as the official SDKs do), so its value is lost. The transcriber adds every
//! example key that no table documents (`x-from-example`), except where the example contradicts its own table
//! (spec/README.md, "Reconciled with the examples"); the test recognises those doc defects from the spec itself,
//! by the same definitions, and accepts them:
//! - a *likely typo*: the key is 1–2 edits away from a documented field the example object lacks (both names of
//!   4 characters or more): `deliver_time_interva` for `deliver_time_interval`;
//! - a *missing wrapper*: the key is a field of the object (or array item) of a documented field the example
//!   object lacks: a flat example of a `group` object;
//! - a `null` value: it says nothing a type could be made of, and decodes like an absent member;
//! - an *error body* under a success status that has no body table: an object of exactly one error member
//!   pair (`code`/`message`, `error_code`/`error_msg`, `errorCode`/`errorMsg`, as the official SDKs read
//!   errors): what a failure answers, which the transcriber does not type as the success body (VPC
//!   DeletePublicip's `None` / `Or` / `{"code": "xxx", "message": "xxxxx"}`).
//!
//! Any other member left over fails the test, except the open transcriber gaps counted in [`OPEN_GAPS`] (a
//! ceiling); an example that does not decode at all fails it too, except the doc defects listed one by one in
//! [`UNDECODABLE`] (all printed when the test runs with `--nocapture`).

use std::collections::BTreeMap;
use std::path::PathBuf;

use sdk_tests::{operations, repo_root, resolve};
use serde_json::Value;

include!(concat!(env!("OUT_DIR"), "/examples.rs"));

/// The example decoded as `T` and encoded back; what is encoded must decode again to the same value (a shape read
/// another way, `x-example-shape`, is then tested both ways: the example's and the one the type sends).
fn roundtrip_as<T: serde::de::DeserializeOwned + serde::Serialize>(
    example: &Value,
) -> Result<Value, String> {
    let value: T = serde_json::from_value(example.clone()).map_err(|e| e.to_string())?;
    let encoded = serde_json::to_value(&value).map_err(|e| e.to_string())?;
    let again: T = serde_json::from_value(encoded.clone())
        .map_err(|e| format!("what it encodes to does not decode again: {e}"))?;
    match serde_json::to_value(&again) {
        Ok(twice) if twice == encoded => Ok(encoded),
        Ok(twice) => Err(format!(
            "what it encodes to decodes to another value: {encoded} then {twice}"
        )),
        Err(e) => Err(e.to_string()),
    }
}

/// Members left over today, per service, that are no doc defect: examples whose keys the transcriber does not
/// reconcile yet. A ceiling: the test fails when a service has more, and asks to lower it when it has fewer, so
/// a new left-over member cannot hide behind a fixed one for long. Every service not named here has none.
/// None since the elements of a bare `list` / `Array` row that links a table are reconciled with that table
/// (iam 2 → 0, 2026-12-01, s10).
const OPEN_GAPS: &[(&str, usize)] = &[];

/// The examples that do not decode, each a doc defect no reading can repair (the spec records what the table
/// says, and the generated type follows it): (service, operation and status, why). The test fails when any other
/// example does not decode, and when one listed here decodes (remove it then). Kinds that read as the table's
/// value decode since s10: a list for one object, one object for a list, `""` for an object, `{}` for a text, an
/// object for a text (`x-example-shape`), a mandatory response field the example lacks (`x-example-absent`), a
/// number or boolean for a text and `0`/`1` for a Boolean (`x-example-type`); 43 examples did not decode before.
const UNDECODABLE: &[(&str, &str, &str)] = &[
    (
        "cce",
        "DeleteCluster 200",
        "`endpoints` is an object keyed by endpoint name; the table documents a list of ClusterEndpoints objects",
    ),
    (
        "cce",
        "ShowQuotas 200",
        "`quotas` is an object wrapping `resources`, no field of the list's item table",
    ),
    (
        "ecs",
        "QueryingTheMetadataOfASpecifiedImageDiscarded default",
        "the example wraps the map's entries in `metadata`, which the table does not have",
    ),
    (
        "ecs",
        "QueryingFloatingIpAddressesDiscarded default",
        "the example lists `floating_ips`; the table documents one `floating_ip`",
    ),
    (
        "iam",
        "ListCustomPolicies 200",
        "`Resource` is an object `{\"uri\": [...]}`; the table documents a list of texts",
    ),
    (
        "iam",
        "KeystoneShowUser 200",
        "the example's `users` for the table's mandatory `user` (a likely typo)",
    ),
    (
        "lts",
        "CreateAgencyAccess 201",
        "the example is a bare list; the table documents one member holding it",
    ),
    (
        "lts",
        "ListLogHistogram 200",
        "`histogram` is a list of records; the table documents a map of HistogramResponseBody objects",
    ),
    (
        "rds",
        "ListAuditlogs 200",
        "a fraction (`20481.835938`) where the table says Integer",
    ),
];

/// The count `table` allows `service` (0 when it is not named).
fn allowed(table: &[(&str, usize)], service: &str) -> usize {
    table
        .iter()
        .find(|(s, _)| *s == service)
        .map_or(0, |(_, n)| *n)
}

/// Names shorter than this are never typos of each other (`id` and `ip` are different fields).
const TYPO_MIN_LEN: usize = 4;

/// The largest edit distance of a likely typo.
const TYPO_DISTANCE: usize = 2;

/// The Levenshtein distance of `a` and `b` (by characters).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(previous + 1).min(row[j] + 1);
        }
    }
    row[b.len()]
}

/// Why a member of an example is not in the schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Why {
    /// A misspelling of a documented field the example lacks.
    LikelyTypo,
    /// A field of a documented wrapper object the example leaves out.
    MissingWrapper,
    /// `null`: no value lost.
    Null,
    /// A member of an error body given as a success example.
    ErrorBody,
    /// None of the above: the value is lost.
    LeftOver,
}

/// The object schema inside `schema`: itself, or its array's items.
fn object_of<'a>(spec: &'a Value, schema: &'a Value) -> &'a Value {
    let schema = resolve(spec, schema);
    if schema["type"] == "array" {
        resolve(spec, &schema["items"])
    } else {
        schema
    }
}

/// Why `key` of the example object `members`, whose schema has `properties`, is not one of them.
fn why(
    spec: &Value,
    key: &str,
    member: &Value,
    members: &serde_json::Map<String, Value>,
    properties: &serde_json::Map<String, Value>,
) -> Why {
    if member.is_null() {
        return Why::Null;
    }
    let mut lacked = properties
        .iter()
        .filter(|(name, _)| members.get(*name).is_none_or(Value::is_null));
    let typo = |name: &str| {
        key.chars().count() >= TYPO_MIN_LEN
            && name.chars().count() >= TYPO_MIN_LEN
            && (1..=TYPO_DISTANCE).contains(&edit_distance(key, name))
    };
    if lacked.clone().any(|(name, _)| typo(name)) {
        Why::LikelyTypo
    } else if lacked.any(|(_, schema)| object_of(spec, schema)["properties"].get(key).is_some()) {
        Why::MissingWrapper
    } else {
        Why::LeftOver
    }
}

/// The `x-example-shape` of a property's schema: beside its `$ref`, or on what it refers to.
fn example_shape<'a>(spec: &'a Value, schema: &'a Value) -> Option<&'a str> {
    schema
        .get("x-example-shape")
        .or_else(|| resolve(spec, schema).get("x-example-shape"))
        .and_then(Value::as_str)
}

/// Whether `value` is what `x-example-shape: empty` reads as absent.
fn is_empty_value(value: &Value) -> bool {
    match value {
        Value::String(s) => s.is_empty(),
        Value::Object(m) => m.is_empty(),
        _ => false,
    }
}

/// `value` restricted to what `schema` documents, in the form the generated types encode it; the members it
/// drops go to `dropped` with their path and why.
fn project(
    spec: &Value,
    schema: &Value,
    value: &Value,
    path: &str,
    dropped: &mut Vec<(Why, String)>,
) -> Value {
    // A shape the examples give where the table says another (`x-example-shape`), encoded in the schema's.
    // The readings the generator makes (the spec reader's pairs): others only record the disagreement.
    let documented = resolve(spec, schema)["type"].as_str().unwrap_or("object");
    match (example_shape(spec, schema), value) {
        // A list of the documented value: one alone encodes as a list of one.
        (Some("array"), _) if documented != "array" => {
            let mut item = schema.clone();
            if let Some(m) = item.as_object_mut() {
                m.remove("x-example-shape");
            }
            let items = match value {
                Value::Array(items) => items.clone(),
                one => vec![one.clone()],
            };
            return Value::Array(
                items
                    .iter()
                    .map(|i| project(spec, &item, i, &format!("{path}[]"), dropped))
                    .collect(),
            );
        }
        (
            Some("single"),
            Value::Object(_) | Value::String(_) | Value::Number(_) | Value::Bool(_),
        ) if documented == "array" => {
            let items = &resolve(spec, schema)["items"];
            return Value::Array(vec![project(
                spec,
                items,
                value,
                &format!("{path}[]"),
                dropped,
            )]);
        }
        (Some("json"), Value::Object(_) | Value::Array(_)) if documented == "string" => {
            return Value::String(value.to_string());
        }
        _ => {}
    }
    let schema = resolve(spec, schema);
    let properties = schema.get("properties").and_then(Value::as_object);
    let map_values = schema.get("additionalProperties").filter(|v| v.is_object());
    let at = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    match (value, properties, map_values) {
        (Value::Object(members), Some(properties), _) => {
            let mut kept = serde_json::Map::new();
            for (key, member) in members {
                // `null` and absent mean the same to an optional field, which encodes as absent; a required
                // `nullable` one is always sent, `null` included, unless the examples lack it
                // (`x-example-absent`), which makes it optional.
                let sent_as_null = schema["required"]
                    .as_array()
                    .is_some_and(|r| r.iter().any(|n| n == key.as_str()))
                    && properties.get(key).is_some_and(|p| {
                        p["x-example-absent"] != true
                            && (p["nullable"] == true || resolve(spec, p)["nullable"] == true)
                    });
                if member.is_null() && properties.contains_key(key) && !sent_as_null {
                    continue;
                }
                // `""` / `{}` read as absent (`x-example-shape: empty`): an optional field encodes as absent, a
                // required one as `null`.
                if let Some(property) = properties.get(key)
                    && example_shape(spec, property) == Some("empty")
                    && is_empty_value(member)
                {
                    let required = schema["required"]
                        .as_array()
                        .is_some_and(|r| r.iter().any(|n| n == key.as_str()));
                    if required {
                        kept.insert(key.clone(), Value::Null);
                    }
                    continue;
                }
                match (properties.get(key), map_values) {
                    (Some(property), _) => {
                        kept.insert(
                            key.clone(),
                            project(spec, property, member, &at(key), dropped),
                        );
                    }
                    (None, Some(values)) => {
                        kept.insert(
                            key.clone(),
                            project(spec, values, member, &at(key), dropped),
                        );
                    }
                    (None, None) => {
                        dropped.push((why(spec, key, member, members, properties), at(key)))
                    }
                }
            }
            Value::Object(kept)
        }
        (Value::Object(members), None, Some(values)) => Value::Object(
            members
                .iter()
                .map(|(key, member)| {
                    (
                        key.clone(),
                        project(spec, values, member, &at(key), dropped),
                    )
                })
                .collect(),
        ),
        (Value::Array(items), ..) if schema["type"] == "array" => Value::Array(
            items
                .iter()
                .map(|item| project(spec, &schema["items"], item, &format!("{path}[]"), dropped))
                .collect(),
        ),
        // Lenient decoding (`x-accept-string`, `x-numeric-string`, and `x-example-type` where the examples give
        // the other spelling) re-encodes in the documented type.
        (Value::String(text), ..)
            if schema["x-accept-string"] == true
                || (schema["x-example-type"] == "string" && schema["type"] != "string") =>
        {
            serde_json::from_str(text).unwrap_or_else(|_| value.clone())
        }
        (Value::Number(n), ..)
            if schema["x-numeric-string"] == true
                || (schema["type"] == "string"
                    && matches!(
                        schema["x-example-type"].as_str(),
                        Some("integer" | "number" | "boolean")
                    )) =>
        {
            Value::String(n.to_string())
        }
        // A string whose examples give booleans keeps their text; a boolean whose examples give bits is one.
        (Value::Bool(b), ..)
            if schema["type"] == "string" && schema["x-example-type"] == "boolean" =>
        {
            Value::String(b.to_string())
        }
        (Value::Number(n), ..)
            if schema["type"] == "boolean" && schema["x-example-type"] == "integer" =>
        {
            match n.as_u64() {
                Some(0) => Value::Bool(false),
                Some(1) => Value::Bool(true),
                _ => value.clone(),
            }
        }
        // A `number` field encodes an integer of the example as a float (`0` as `0.0`): the same number.
        (Value::Number(n), ..) if schema["type"] == "number" && !n.is_f64() => {
            n.as_f64().map_or_else(|| value.clone(), Value::from)
        }
        _ => value.clone(),
    }
}

/// The member pairs of an error body, as the official SDKs read a service error.
const ERROR_PAIRS: [(&str, &str); 3] = [
    ("error_code", "error_msg"),
    ("errorCode", "errorMsg"),
    ("code", "message"),
];

/// Whether `members` are exactly one error member pair.
fn is_error_body(members: &serde_json::Map<String, Value>) -> bool {
    members.len() == 2
        && ERROR_PAIRS
            .iter()
            .any(|(code, message)| members.contains_key(*code) && members.contains_key(*message))
}

/// The members of `example`, a body the spec gives no schema, each with why it is not documented (a `null`
/// loses nothing, nor does an error body); a body that is not an object is lost whole unless it is `null`.
fn body_without_schema(spec: &Value, example: &Value, dropped: &mut Vec<(Why, String)>) {
    let none = serde_json::Map::new();
    match example {
        Value::Object(members) if is_error_body(members) => {
            dropped.extend(members.keys().map(|key| (Why::ErrorBody, key.clone())));
        }
        Value::Object(members) => {
            for (key, member) in members {
                dropped.push((why(spec, key, member, members, &none), key.clone()));
            }
        }
        Value::Null => {}
        _ => dropped.push((Why::LeftOver, "(the body)".to_owned())),
    }
}

/// The services of `spec/`, by file stem, each with its spec as plain JSON.
fn specs() -> Vec<(String, Value)> {
    let dir = repo_root().join("spec");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text =
                std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let spec: Value = serde_saphyr::from_str(&text)
                .unwrap_or_else(|e| panic!("{}: not YAML: {e}", p.display()));
            let service = p
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            (service, spec)
        })
        .collect()
}

/// What one service's examples gave.
#[derive(Default)]
struct Outcome {
    /// Examples decoded and compared.
    checked: usize,
    /// Dropped members, `operationId status: path`, by why.
    dropped: BTreeMap<Why, Vec<String>>,
    /// Examples that do not decode (see [`UNDECODABLE`]).
    undecodable: Vec<String>,
    /// Examples that decode but do not encode back to what the spec documents, or have no generated type.
    failures: Vec<String>,
}

fn check_service(service: &str, spec: &Value) -> Outcome {
    let mut outcome = Outcome::default();
    for (id, _, _, op) in operations(spec) {
        let Some(responses) = op["responses"].as_object() else {
            continue;
        };
        // `default` is a success response only where the operation lists no 2xx status (OpenAPI's reading,
        // the generator's `Operation::success_responses`); beside a 2xx it is the error response.
        let lists_success = responses.keys().any(|s| s.starts_with('2'));
        for (status, response) in responses {
            if !(status.starts_with('2') || (status == "default" && !lists_success)) {
                continue;
            }
            let media = &response["content"]["application/json"];
            let Some(example) = media.get("example") else {
                continue;
            };
            let mut here = Vec::new();
            if media.get("schema").is_none() {
                // No body table: the generated response is `()`, whose decoding ignores the body, as the
                // client does. Nothing fails to decode, but every member the example gives is lost.
                body_without_schema(spec, example, &mut here);
                for (why, path) in here {
                    outcome
                        .dropped
                        .entry(why)
                        .or_default()
                        .push(format!("{id} {status}: {path}"));
                }
                outcome.checked += 1;
                continue;
            }
            let documented = project(spec, &media["schema"], example, "", &mut here);
            for (why, path) in here {
                let entry = outcome.dropped.entry(why).or_default();
                let line = format!("{id} {status}: {path}");
                if !entry.contains(&line) {
                    entry.push(line);
                }
            }
            match roundtrip(service, &id, status, example) {
                None => outcome
                    .failures
                    .push(format!("{id}: not in the generated crate")),
                Some(Err(e)) => outcome
                    .undecodable
                    .push(format!("{id} {status}: the example does not decode: {e}")),
                Some(Ok(encoded)) if encoded != documented => outcome.failures.push(format!(
                    "{id} {status}: decoded and encoded back, the example differs from what the spec documents:\n    got  {encoded}\n    want {documented}"
                )),
                Some(Ok(_)) => {}
            }
            outcome.checked += 1;
        }
    }
    outcome
}

#[test]
fn every_spec_has_a_generated_crate_here() {
    let specs: Vec<String> = specs().into_iter().map(|(s, _)| s).collect();
    assert_eq!(
        specs, GENERATED,
        "spec/*.yaml and generated/* name different services"
    );
}

#[test]
fn every_success_example_decodes_and_leaves_no_member_over() {
    let mut problems = Vec::new();
    let mut total = 0;
    for (service, spec) in specs() {
        let outcome = check_service(&service, &spec);
        total += outcome.checked;
        let count = |why| outcome.dropped.get(&why).map_or(0, Vec::len);
        eprintln!(
            "{service}: {} example(s), {} do not decode; dropped: {} likely typo(s), {} of missing wrappers, {} null, {} of error bodies, {} left over",
            outcome.checked,
            outcome.undecodable.len(),
            count(Why::LikelyTypo),
            count(Why::MissingWrapper),
            count(Why::Null),
            count(Why::ErrorBody),
            count(Why::LeftOver),
        );
        for (why, lines) in &outcome.dropped {
            for line in lines {
                eprintln!("  {why:?} {line}");
            }
        }
        for line in &outcome.undecodable {
            eprintln!("  {line}");
        }
        problems.extend(outcome.failures.iter().map(|f| format!("{service}: {f}")));
        let listed: Vec<&str> = UNDECODABLE
            .iter()
            .filter(|(s, _, _)| *s == service)
            .map(|(_, example, _)| *example)
            .collect();
        let failed: Vec<&str> = outcome
            .undecodable
            .iter()
            .map(|line| line.split(':').next().unwrap_or_default())
            .collect();
        for line in &outcome.undecodable {
            if !listed.contains(&line.split(':').next().unwrap_or_default()) {
                problems.push(format!(
                    "{service}: {line} (no doc defect listed in UNDECODABLE)"
                ));
            }
        }
        for example in listed.iter().filter(|e| !failed.contains(e)) {
            problems.push(format!(
                "{service}: {example} decodes now: remove it from UNDECODABLE"
            ));
        }
        let open = allowed(OPEN_GAPS, &service);
        let left = count(Why::LeftOver);
        if left > open {
            problems.push(format!(
                "{service}: {left} member(s) left over (at most {open}): {:#?}",
                outcome.dropped[&Why::LeftOver]
            ));
        } else if left < open {
            problems.push(format!(
                "{service}: {left} member(s) left over, fewer than the {open} of OPEN_GAPS: lower it"
            ));
        }
    }
    assert!(total > 0, "no example was checked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_doc_defects_are_recognised() {
    // Hand-made: a typo, a flat wrapper, a null, and a plain left-over member.
    let spec: Value = serde_json::json!({"components": {"schemas": {}}});
    let schema = serde_json::json!({"type": "object", "properties": {
        "deliver_time_interval": {"type": "integer"},
        "group": {"type": "object", "properties": {"state": {"type": "string"}}},
        "id": {"type": "string"},
    }});
    let example = serde_json::json!({
        "id": "x", "deliver_time_interva": 1, "state": "on", "next": null, "extra": 2
    });
    let mut dropped = Vec::new();
    let kept = project(&spec, &schema, &example, "", &mut dropped);
    assert_eq!(kept, serde_json::json!({"id": "x"}));
    dropped.sort();
    assert_eq!(
        dropped,
        [
            (Why::LikelyTypo, "deliver_time_interva".to_owned()),
            (Why::MissingWrapper, "state".to_owned()),
            (Why::Null, "next".to_owned()),
            (Why::LeftOver, "extra".to_owned()),
        ]
    );
    // A `number` holding an integer encodes as a float: the same number, not a difference.
    let number = serde_json::json!({"type": "number"});
    assert_eq!(
        project(&spec, &number, &serde_json::json!(1), "", &mut dropped),
        serde_json::json!(1.0)
    );
    // The readings of `x-example-type` re-encode in the table's type: a boolean's text, a bit's boolean.
    let readings = serde_json::json!({"type": "object", "properties": {
        "label": {"type": "string", "x-example-type": "boolean"},
        "shared": {"type": "boolean", "x-example-type": "integer"},
        "plain": {"type": "boolean"},
    }});
    assert_eq!(
        project(
            &spec,
            &readings,
            &serde_json::json!({"label": true, "shared": 1, "plain": 0}),
            "",
            &mut dropped
        ),
        serde_json::json!({"label": "true", "shared": true, "plain": 0})
    );
    // A required `nullable` field is sent as `null`; an optional one is left out.
    let nullable = serde_json::json!({"type": "object", "required": ["cidr"], "properties": {
        "cidr": {"type": "string", "nullable": true},
        "note": {"type": "string"},
    }});
    assert_eq!(
        project(
            &spec,
            &nullable,
            &serde_json::json!({"cidr": null, "note": null}),
            "",
            &mut dropped
        ),
        serde_json::json!({"cidr": null})
    );
    // Shapes the examples give where the table says another (`x-example-shape`) encode in the table's: a list
    // (one alone is a list of one), `""` for an object as absent, a JSON value for a text as its text.
    let shaped = serde_json::json!({"type": "object", "properties": {
        "one": {"type": "object", "properties": {"id": {"type": "string"}}, "x-example-shape": "array"},
        "many": {"type": "array", "items": {"type": "string"}, "x-example-shape": "single"},
        "image": {"type": "object", "properties": {"id": {"type": "string"}}, "x-example-shape": "empty"},
        "meta": {"type": "string", "x-example-shape": "json"},
    }});
    assert_eq!(
        project(
            &spec,
            &shaped,
            &serde_json::json!({"one": {"id": "a"}, "many": "x", "image": "", "meta": {"k": [1]}}),
            "",
            &mut dropped
        ),
        serde_json::json!({"one": [{"id": "a"}], "many": ["x"], "meta": "{\"k\":[1]}"})
    );
    // A body the spec gives no schema: the generated `()` ignores it, so its members are lost.
    let mut lost = Vec::new();
    body_without_schema(
        &spec,
        &serde_json::json!({"errCode": "RDS.0041", "next": null}),
        &mut lost,
    );
    assert_eq!(
        lost,
        [
            (Why::LeftOver, "errCode".to_owned()),
            (Why::Null, "next".to_owned())
        ]
    );
    lost.clear();
    body_without_schema(&spec, &serde_json::json!({}), &mut lost);
    assert!(lost.is_empty());
    // An error body under a success status: a doc defect, recognised by its members alone.
    body_without_schema(
        &spec,
        &serde_json::json!({"code": "xxx", "message": "xxxxx"}),
        &mut lost,
    );
    assert_eq!(
        lost,
        [
            (Why::ErrorBody, "code".to_owned()),
            (Why::ErrorBody, "message".to_owned())
        ]
    );
    lost.clear();
    body_without_schema(
        &spec,
        &serde_json::json!({"code": "0", "message": "ok", "id": "x"}),
        &mut lost,
    );
    assert_eq!(lost.len(), 3);
    assert!(lost.iter().all(|(why, _)| *why == Why::LeftOver));
    assert_eq!(edit_distance("sourceInstanceId", "sourceInstanceID"), 1);
    assert_eq!(edit_distance("", "abc"), 3);
}
