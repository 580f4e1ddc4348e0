//! Request examples whose values have another JSON type than their tables (`x-example-type`, reconciled by the
//! transcriber) decode into the generated request types, and encode back in the tables' type: the client
//! accepts what the pages (and the official SDK) send, and sends what the tables say. The oracle is the pages'
//! own examples, kept verbatim in the spec.

use huaweicloud_kafka::types::{
    CreateConnectorRequestBody, CreateInstanceTopicRequestBody, UpdateInstanceTopicRequestBody,
};
use sdk_tests::{kafka_spec, operations, resolve};
use serde_json::Value;

/// Decodes `example` as `T` and encodes it back.
fn roundtrip<T: serde::de::DeserializeOwned + serde::Serialize>(
    example: &Value,
) -> Result<Value, String> {
    let value: T = serde_json::from_value(example.clone()).map_err(|e| e.to_string())?;
    serde_json::to_value(&value).map_err(|e| e.to_string())
}

/// Whether a schema, or one it holds, carries `x-example-type`.
fn has_example_type(spec: &Value, schema: &Value, depth: usize) -> bool {
    if depth > 16 {
        return false;
    }
    let schema = resolve(spec, schema);
    schema.get("x-example-type").is_some()
        || schema["properties"]
            .as_object()
            .is_some_and(|p| p.values().any(|s| has_example_type(spec, s, depth + 1)))
        || schema
            .get("items")
            .is_some_and(|i| has_example_type(spec, i, depth + 1))
}

/// Every JSON value of `example` at the `x-example-type` places of `schema`, with the table's type.
fn marked_values<'a>(
    spec: &'a Value,
    schema: &'a Value,
    example: &'a Value,
    out: &mut Vec<(&'a str, &'a Value)>,
) {
    let schema = resolve(spec, schema);
    match example {
        Value::Object(m) => {
            for (k, v) in m {
                let prop = &schema["properties"][k];
                if prop.get("x-example-type").is_some() {
                    out.push((prop["type"].as_str().unwrap_or_default(), v));
                } else if !prop.is_null() {
                    marked_values(spec, prop, v, out);
                }
            }
        }
        Value::Array(items) => {
            for i in items {
                marked_values(spec, &schema["items"], i, out);
            }
        }
        _ => {}
    }
}

#[test]
fn request_examples_with_other_json_types_decode_and_encode_as_the_tables_say() {
    let spec = kafka_spec();
    let mut checked = Vec::new();
    for (id, _, _, op) in operations(&spec) {
        let media = &op["requestBody"]["content"]["application/json"];
        if !has_example_type(&spec, &media["schema"], 0) {
            continue;
        }
        let example = &media["example"];
        let encoded = match id.as_str() {
            "CreateConnector" => roundtrip::<CreateConnectorRequestBody>(example),
            "CreateInstanceTopic" => roundtrip::<CreateInstanceTopicRequestBody>(example),
            "UpdateInstanceTopic" => roundtrip::<UpdateInstanceTopicRequestBody>(example),
            other => panic!("{other}: a request body with x-example-type this test does not know"),
        }
        .unwrap_or_else(|e| panic!("{id}: the page's example does not decode: {e}"));
        let mut before = Vec::new();
        marked_values(&spec, &media["schema"], example, &mut before);
        let mut after = Vec::new();
        marked_values(&spec, &media["schema"], &encoded, &mut after);
        assert!(
            !before.is_empty(),
            "{id}: the example has the marked values"
        );
        assert_eq!(before.len(), after.len(), "{id}");
        for ((table, was), (_, now)) in before.iter().zip(&after) {
            let kind = match now {
                Value::String(_) => "string",
                Value::Bool(_) => "boolean",
                Value::Number(n) if n.is_f64() => "number",
                Value::Number(_) => "integer",
                _ => "other",
            };
            assert!(
                kind == *table || (*table == "number" && kind == "integer"),
                "{id}: {was} is sent as {now}, not as the table's {table}"
            );
        }
        checked.push(id);
    }
    checked.sort();
    assert_eq!(
        checked,
        [
            "CreateConnector",
            "CreateInstanceTopic",
            "UpdateInstanceTopic"
        ]
    );
}
