//! Conformance: every operation, parameter, schema and field of `spec/kafka.yaml` is in the generated crate with
//! the right wire name, type and optionality. The spec is read with a generic YAML reader and the crate with
//! `syn`; nothing here is a list typed by hand. That the spec's examples decode into the generated types and encode
//! back to the same JSON is checked for every crate by example_decoding.rs.

use heck::ToUpperCamelCase;
use sdk_tests::reflect::{self, Crate};
use sdk_tests::{kafka_spec, operations, repo_root};
use serde_json::Value;

fn generated() -> Crate {
    reflect::read_crate(&repo_root().join("generated/kafka/src"))
}

/// The Rust type name the spec asks for a schema: its `x-rust-name`, else its key in UpperCamelCase.
fn rust_type_name(spec: &Value, reference: &str) -> String {
    let name = reference.trim_start_matches("#/components/schemas/");
    spec["components"]["schemas"][name]["x-rust-name"]
        .as_str()
        .map_or_else(|| name.to_upper_camel_case(), str::to_owned)
}

/// The Rust type a schema must have, in the simplified spelling of [`reflect::simplify`].
fn expected_type(spec: &Value, schema: &Value, required: bool) -> String {
    let base = if let Some(reference) = schema["$ref"].as_str() {
        rust_type_name(spec, reference)
    } else {
        match schema["type"].as_str() {
            Some("string") if schema["x-datetime-format"].is_string() => {
                "CompactDateTime".to_owned()
            }
            Some("string") => "String".to_owned(),
            Some("integer") if schema["format"] == "int64" => "i64".to_owned(),
            Some("integer") => "i32".to_owned(),
            Some("number") if schema["format"] == "float" => "f32".to_owned(),
            Some("number") => "f64".to_owned(),
            Some("boolean") => "bool".to_owned(),
            Some("array") => format!("Vec<{}>", expected_type(spec, &schema["items"], true)),
            Some("object") if schema["additionalProperties"].is_object() => {
                format!(
                    "BTreeMap<String,{}>",
                    expected_type(spec, &schema["additionalProperties"], true)
                )
            }
            // Free-form (the doc's bare `Object`): any JSON.
            Some("object") if schema.get("properties").is_none() => "Value".to_owned(),
            // No type at all (an example's `null` or `[]` says nothing about the value): any JSON.
            None if schema
                .as_object()
                .is_some_and(|m| !m.contains_key("properties")) =>
            {
                "Value".to_owned()
            }
            other => panic!("conformance test does not know schema type {other:?}: {schema}"),
        }
    };
    if required {
        base
    } else {
        format!("Option<{base}>")
    }
}

#[test]
fn every_operation_and_parameter_is_generated() {
    let spec = kafka_spec();
    let krate = generated();
    let ops = operations(&spec);
    assert!(!ops.is_empty());
    assert_eq!(
        krate.requests.len(),
        ops.len(),
        "one request type per operation"
    );
    assert_eq!(
        krate.client_methods.len(),
        ops.len(),
        "one client method per operation"
    );
    for (id, method, path, op) in &ops {
        let request = krate
            .requests
            .get(id)
            .unwrap_or_else(|| panic!("{id}: no request type"));
        assert_eq!(&request.method, method, "{id}: method");
        assert_eq!(&request.path, path, "{id}: path");
        let fields = &krate.structs[&request.request_type];
        let params = op["parameters"].as_array().cloned().unwrap_or_default();
        for param in &params {
            let name = param["name"].as_str().unwrap();
            let sent = request.sent.iter().find(|s| s.wire == name);
            if param["x-from-credentials"].is_string() {
                assert!(
                    sent.is_none(),
                    "{id}.{name} comes from the credentials, not the caller"
                );
                continue;
            }
            let sent = sent.unwrap_or_else(|| panic!("{id}: parameter `{name}` is never sent"));
            let location = match param["in"].as_str().unwrap() {
                "header" => "headers",
                other => other,
            };
            assert_eq!(sent.location, location, "{id}.{name}: location");
            let required = param["required"].as_bool().unwrap_or(false);
            assert_eq!(
                sent.optional, !required,
                "{id}.{name}: sent only when set iff optional"
            );
            let field = fields
                .iter()
                .find(|f| f.ident == sent.field)
                .unwrap_or_else(|| panic!("{id}.{name}: no field"));
            assert_eq!(
                field.ty,
                expected_type(&spec, &param["schema"], required),
                "{id}.{name}: type"
            );
        }
        let sent_names: Vec<&str> = request.sent.iter().map(|s| s.wire.as_str()).collect();
        for wire in &sent_names {
            assert!(
                params.iter().any(|p| p["name"] == *wire),
                "{id}: sends `{wire}`, which the spec does not have"
            );
        }
        let body = &op["requestBody"];
        assert_eq!(request.has_body, body.is_object(), "{id}: request body");
        if body.is_object() {
            let schema = &body["content"]["application/json"]["schema"];
            let required = body["required"].as_bool().unwrap_or(false);
            let field = fields
                .iter()
                .find(|f| f.ident == "body")
                .unwrap_or_else(|| panic!("{id}: no body field"));
            assert_eq!(
                field.ty,
                expected_type(&spec, schema, required),
                "{id}: body type"
            );
        }
        let success = op["responses"]
            .as_object()
            .unwrap()
            .iter()
            .filter(|(status, _)| status.starts_with('2'))
            .find_map(|(_, r)| r["content"].as_object());
        let expected_response = match success {
            None => "()".to_owned(),
            Some(content) if content.contains_key("text/plain") => "String".to_owned(),
            Some(content) => expected_type(&spec, &content["application/json"]["schema"], true),
        };
        assert_eq!(request.response, expected_response, "{id}: response type");
    }
}

#[test]
fn every_schema_and_field_is_generated() {
    let spec = kafka_spec();
    let krate = generated();
    let schemas = spec["components"]["schemas"].as_object().expect("schemas");
    assert!(!schemas.is_empty());
    for (name, schema) in schemas {
        let rust = rust_type_name(&spec, name);
        let fields = krate
            .structs
            .get(krate.resolve(&rust))
            .unwrap_or_else(|| panic!("schema {name}: no struct {rust}"));
        let properties = schema["properties"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        assert_eq!(fields.len(), properties.len(), "schema {name}: field count");
        let required: Vec<&str> = schema["required"]
            .as_array()
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for (property, prop_schema) in &properties {
            let field = fields
                .iter()
                .find(|f| &f.wire == property)
                .unwrap_or_else(|| panic!("{name}.{property}: no field with that wire name"));
            let is_required = required.contains(&property.as_str());
            if let Some(values) = prop_schema["enum"].as_array() {
                // An open enum: one variant per documented value, plus `Unknown`.
                let ty = field.ty.trim_start_matches("Option<").trim_end_matches('>');
                assert_eq!(
                    field.ty.starts_with("Option<"),
                    !is_required,
                    "{name}.{property}: optionality"
                );
                let variants = krate
                    .enums
                    .get(krate.resolve(ty))
                    .unwrap_or_else(|| panic!("{name}.{property}: {ty} is not an enum"));
                assert_eq!(
                    variants.len(),
                    values.len() + 1,
                    "{name}.{property}: variants {variants:?}"
                );
                assert_eq!(
                    variants.last().map(String::as_str),
                    Some("Unknown"),
                    "{name}.{property}"
                );
                continue;
            }
            assert_eq!(
                field.ty,
                expected_type(&spec, prop_schema, is_required),
                "{name}.{property}: type"
            );
            let example_number = prop_schema["type"] == "string"
                && matches!(
                    prop_schema["x-example-type"].as_str(),
                    Some("integer" | "number")
                );
            if prop_schema["x-numeric-string"] == true || example_number {
                assert!(
                    field.serde.contains("string_or_number"),
                    "{name}.{property}: decodes numbers too"
                );
            }
        }
    }
}
