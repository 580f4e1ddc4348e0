//! Fuzzing the response decoders with proptest: the spec's example answers, mutated (values replaced
//! by hostile ones, members removed, bytes flipped, bodies cut or nested deeply) and random bytes,
//! go through the generated crate's `ApiRequest::decode` for their operation and through
//! `ServiceError::from_response`. Nothing may panic; a failure is an `Error::Decode`; every error's
//! `Display` and `Debug` are free of raw control characters and short.
//!
//! Cases per test: `HUAWEICLOUD_FUZZ_CASES` (default 8,000: about 20 s for the file in a debug
//! build on two cores).

use std::sync::OnceLock;

use huaweicloud_core::{Error, RawResponse, ServiceError, http};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use sdk_tests::{decode_response, kafka_spec, operations};
use serde_json::Value;

fn cases() -> u32 {
    std::env::var("HUAWEICLOUD_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(8_000)
}

/// `HUAWEICLOUD_FUZZ_SEED` (a number, or `random`), else a fixed seed: the bounded CI run is repeatable, a
/// longer run on demand explores further.
fn seed() -> RngSeed {
    match std::env::var("HUAWEICLOUD_FUZZ_SEED")
        .ok()
        .as_deref()
        .map(str::trim)
    {
        Some("random") => RngSeed::Random,
        Some(n) => n.parse().map_or(RngSeed::Fixed(20_261_130), RngSeed::Fixed),
        None => RngSeed::Fixed(20_261_130),
    }
}

fn config() -> Config {
    Config {
        cases: cases(),
        rng_seed: seed(),
        // Shrunk failures are printed; nothing is written into the source tree.
        failure_persistence: None,
        ..Config::default()
    }
}

/// One documented answer: operation, status, body.
#[derive(Clone, Debug)]
struct Example {
    operation: String,
    status: u16,
    body: Value,
}

/// Every example answer of the spec (JSON and text), read independently of the generator, and the
/// error answers of its `x-error-codes` (without an operation).
fn examples() -> &'static [Example] {
    static EXAMPLES: OnceLock<Vec<Example>> = OnceLock::new();
    EXAMPLES.get_or_init(|| {
        let spec = kafka_spec();
        let mut out = Vec::new();
        for (id, _, _, op) in operations(&spec) {
            let Some(responses) = op["responses"].as_object() else {
                continue;
            };
            for (status, response) in responses {
                let Ok(status) = status.parse::<u16>() else {
                    continue;
                };
                let Some(content) = response["content"].as_object() else {
                    continue;
                };
                for media in content.values() {
                    if let Some(example) = media.get("example") {
                        out.push(Example {
                            operation: id.clone(),
                            status,
                            body: example.clone(),
                        });
                    }
                }
            }
        }
        // The documented error answers, as the service writes them.
        for entry in spec["x-error-codes"].as_array().into_iter().flatten() {
            out.push(Example {
                operation: String::new(),
                status: entry["status"]
                    .as_u64()
                    .and_then(|s| u16::try_from(s).ok())
                    .unwrap_or(400),
                body: serde_json::json!({
                    "error_code": entry["error_code"],
                    "error_msg": entry["error_msg"],
                }),
            });
        }
        assert!(out.len() > 100, "the spec has examples: {}", out.len());
        out
    })
}

/// The bytes of an example body: JSON text, or a bare string as it is (text/plain answers).
fn example_bytes(body: &Value) -> Vec<u8> {
    match body {
        Value::String(s) => s.clone().into_bytes(),
        other => serde_json::to_vec(other).unwrap(),
    }
}

/// Text servers have been seen to send, and text meant to hurt.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("\u{1b}[2J\u{1b}]0;x\u{7}\r\nforged".to_owned()),
        Just("\u{9b}31m\u{202e}\u{2028}\u{0}".to_owned()),
        Just("-1".to_owned()),
        Just("1e30".to_owned()),
        Just("99999999999999999999999".to_owned()),
        Just("20240101000000".to_owned()),
        Just("2024-13-45T99:99:99Z".to_owned()),
        Just("{\"nested\": [1, 2]}".to_owned()),
        Just("true".to_owned()),
        "\\PC{0,40}",
        prop::collection::vec(any::<char>(), 0..40).prop_map(|c| c.into_iter().collect()),
    ]
}

/// A JSON value of any type (a few levels deep).
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        Just(Value::from(i64::MIN)),
        Just(Value::from(u64::MAX)),
        hostile_text().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,12}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A change at one place of an example.
#[derive(Clone, Debug)]
enum Mutation {
    Replace(Value),
    Remove,
    /// The value as a JSON string (`"4"` for `4`), as some servers write numbers.
    Stringify,
    /// The value inside an array.
    Wrap,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => any_json().prop_map(Mutation::Replace),
        2 => Just(Mutation::Remove),
        1 => Just(Mutation::Stringify),
        1 => Just(Mutation::Wrap),
    ]
}

/// JSON pointers to every value of `v` (the root included).
fn pointers(v: &Value, here: String, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                let escaped = k.replace('~', "~0").replace('/', "~1");
                pointers(child, format!("{here}/{escaped}"), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                pointers(child, format!("{here}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(here);
}

fn mutate(mut body: Value, changes: &[(usize, Mutation)]) -> Value {
    for (at, change) in changes {
        let mut all = Vec::new();
        pointers(&body, String::new(), &mut all);
        let pointer = &all[at % all.len()];
        let (parent, key) = pointer.rsplit_once('/').unwrap_or(("", ""));
        if matches!(change, Mutation::Remove) && !pointer.is_empty() {
            match body.pointer_mut(parent) {
                Some(Value::Object(map)) => {
                    map.remove(&key.replace("~1", "/").replace("~0", "~"));
                }
                Some(Value::Array(items)) => {
                    if let Ok(i) = key.parse::<usize>() {
                        items.remove(i);
                    }
                }
                _ => {}
            }
            continue;
        }
        let Some(slot) = body.pointer_mut(pointer) else {
            continue;
        };
        *slot = match change {
            Mutation::Replace(v) => v.clone(),
            Mutation::Remove => Value::Null,
            Mutation::Stringify => Value::String(slot.to_string()),
            Mutation::Wrap => Value::Array(vec![slot.take()]),
        };
    }
    body
}

/// A change to the bytes of a body.
#[derive(Clone, Debug)]
enum ByteChange {
    Set(usize, u8),
    Insert(usize, Vec<u8>),
    Cut(usize),
    /// The body inside `n` levels of `{"a":` … `}` (or `[` … `]`).
    Nest(usize, bool),
}

fn byte_change() -> impl Strategy<Value = ByteChange> {
    prop_oneof![
        4 => (any::<usize>(), any::<u8>()).prop_map(|(i, b)| ByteChange::Set(i, b)),
        2 => (any::<usize>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(i, b)| ByteChange::Insert(i, b)),
        2 => any::<usize>().prop_map(ByteChange::Cut),
        1 => (1usize..3_000, any::<bool>()).prop_map(|(n, o)| ByteChange::Nest(n, o)),
    ]
}

fn apply(mut bytes: Vec<u8>, changes: &[ByteChange]) -> Vec<u8> {
    for change in changes {
        let at = |i: &usize, len: usize| if len == 0 { 0 } else { i % (len + 1) };
        match change {
            ByteChange::Set(i, b) if !bytes.is_empty() => {
                let i = i % bytes.len();
                bytes[i] = *b;
            }
            ByteChange::Set(..) => {}
            ByteChange::Insert(i, b) => {
                let i = at(i, bytes.len());
                bytes.splice(i..i, b.iter().copied());
            }
            ByteChange::Cut(i) => bytes.truncate(at(i, bytes.len())),
            ByteChange::Nest(n, object) => {
                let (open, close): (&[u8], &[u8]) = if *object {
                    (b"{\"a\":", b"}")
                } else {
                    (b"[", b"]")
                };
                let mut nested = open.repeat(*n);
                nested.extend_from_slice(&bytes);
                nested.extend_from_slice(&close.repeat(*n));
                bytes = nested;
            }
        }
    }
    bytes
}

/// Printed error text: no raw control characters (but the line breaks between fields none are
/// expected) and no bidi overrides, and short.
fn assert_printable(text: &str, limit: usize) -> Result<(), TestCaseError> {
    prop_assert!(
        !text
            .chars()
            .any(|c| c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c)),
        "raw control characters in {text:?}"
    );
    prop_assert!(text.len() <= limit, "{} bytes: {text:?}", text.len());
    Ok(())
}

/// Decodes `body` as a `status` answer of `operation` the way the client would, and checks the
/// outcome.
fn check(operation: &str, status: u16, body: Vec<u8>) -> Result<(), TestCaseError> {
    let mut headers = http::HeaderMap::new();
    headers.insert("x-request-id", http::HeaderValue::from_static("fuzz-1"));
    if (200..300).contains(&status) && !operation.is_empty() {
        let response = RawResponse::new(status, headers, body);
        match decode_response(operation, response) {
            None => prop_assert!(false, "{operation}: not in the generated crate"),
            Some(Ok(())) => {}
            Some(Err(e @ Error::Decode { .. })) => {
                prop_assert_eq!(e.status(), Some(status));
                prop_assert_eq!(e.request_id(), Some("fuzz-1"));
                assert_printable(&e.to_string(), 2_000)?;
                assert_printable(&format!("{e:?}"), 6_000)?;
            }
            Some(Err(other)) => prop_assert!(false, "{operation}: not a decode error: {other:?}"),
        }
    } else {
        let e = ServiceError::from_response(status, &headers, &body);
        prop_assert!(!e.error_code().is_empty());
        prop_assert_eq!(e.status(), status);
        assert_printable(&e.to_string(), 3_000)?;
        assert_printable(&format!("{e:?}"), 3_000)?;
    }
    Ok(())
}

fn example() -> impl Strategy<Value = Example> {
    (0..examples().len()).prop_map(|i| examples()[i].clone())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn mutated_example_values_decode_or_fail_typed(
        ex in example(),
        changes in prop::collection::vec((any::<usize>(), mutation()), 1..4),
    ) {
        let body = serde_json::to_vec(&mutate(ex.body, &changes)).unwrap();
        check(&ex.operation, ex.status, body)?;
    }

    #[test]
    fn mutated_example_bytes_decode_or_fail_typed(
        ex in example(),
        changes in prop::collection::vec(byte_change(), 1..4),
    ) {
        let body = apply(example_bytes(&ex.body), &changes);
        check(&ex.operation, ex.status, body)?;
    }

    #[test]
    fn random_bytes_decode_or_fail_typed(
        ex in example().prop_filter("an operation", |e| !e.operation.is_empty()),
        status in prop_oneof![Just(200u16), Just(204), 400u16..600],
        body in prop::collection::vec(any::<u8>(), 0..512),
    ) {
        check(&ex.operation, status, body)?;
    }
}

/// The unmutated examples decode: the harness reaches the real decoders, not only their errors.
#[test]
fn every_success_example_decodes() {
    let mut decoded = 0;
    for ex in examples()
        .iter()
        .filter(|e| (200..300).contains(&e.status) && !e.operation.is_empty())
    {
        let response = RawResponse::new(ex.status, http::HeaderMap::new(), example_bytes(&ex.body));
        match decode_response(&ex.operation, response) {
            Some(Ok(())) => decoded += 1,
            other => panic!("{} {}: {other:?}", ex.operation, ex.status),
        }
    }
    assert!(decoded > 30, "{decoded} examples decoded");
}
