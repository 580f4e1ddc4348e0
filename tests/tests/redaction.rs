//! Secrets in request and response bodies (passwords, secret keys) never appear in `Debug` output of the
//! generated types. Which fields are secrets comes from the spec (`x-sensitive`, else the field name), read here
//! independently; every struct holding one must print it redacted.

use huaweicloud_kafka::types::{ResetPasswordRequestBody, ShowInstanceUsersEntity};
use sdk_tests::{kafka_spec, repo_root};

fn is_secret(name: &str, schema: &serde_json::Value) -> bool {
    match schema["x-sensitive"].as_bool() {
        Some(flag) => flag,
        None => {
            let words: Vec<String> = name.split('_').map(str::to_lowercase).collect();
            words
                .iter()
                .any(|w| matches!(w.as_str(), "password" | "passwd" | "pwd" | "secret"))
                || matches!(words.last().map(String::as_str), Some("token" | "sk"))
        }
    }
}

#[test]
fn every_struct_with_a_secret_prints_it_redacted() {
    let spec = kafka_spec();
    let krate = sdk_tests::reflect::read_crate(&repo_root().join("generated/kafka/src"));
    let mut checked = 0;
    for (schema_name, schema) in spec["components"]["schemas"].as_object().unwrap() {
        let Some(properties) = schema["properties"].as_object() else {
            continue;
        };
        for (field, _) in properties.iter().filter(|(f, p)| is_secret(f, p)) {
            let rust = krate.resolve(schema["x-rust-name"].as_str().unwrap_or(schema_name));
            assert!(
                !krate.debug_derived.contains(rust),
                "{rust} derives Debug but holds the secret `{field}`"
            );
            let debug = krate
                .debug_impls
                .get(rust)
                .unwrap_or_else(|| panic!("{rust}: no Debug impl"));
            let redacted = format!("\"{field}\"");
            let at = debug
                .find(&redacted)
                .unwrap_or_else(|| panic!("{rust}: Debug does not mention {field}"));
            let rest = &debug[at..];
            let clause = &rest[..rest.find(". field").unwrap_or(rest.len())];
            assert!(
                clause.contains("redacted"),
                "{rust}.{field} is not redacted: {clause}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 6, "only {checked} secret fields found");
}

#[test]
fn a_password_never_reaches_debug_output() {
    let body = ResetPasswordRequestBody::new("hunter2-secret");
    let shown = format!("{body:?}");
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(shown.contains("redacted"), "{shown}");
    // The wire still carries it.
    assert!(
        serde_json::to_string(&body)
            .unwrap()
            .contains("hunter2-secret")
    );
    // Structs without secrets keep the derived Debug (a response-only type: built by decoding).
    let user: ShowInstanceUsersEntity =
        serde_json::from_value(serde_json::json!({"user_name": "alice"})).unwrap();
    assert!(format!("{user:?}").contains("alice"));
}
