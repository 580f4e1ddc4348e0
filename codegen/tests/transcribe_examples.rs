//! Example sections of the documentation family's pages (issue 11), each page transcribed alone in strict mode
//! and its examples compared with the page's answer key (`../shared/corpus/<service>/answers/<page>.json`,
//! extracted from the doc sources, not by the transcriber): example request bodies without a request line,
//! several example responses for one status, and a body after a label.

#[path = "fixtures/transcribe/common.rs"]
mod common;

use codegen::transcribe::Options;
use common::*;
use serde_json::Value;

/// The page transcribed alone, in strict mode (an unplaceable line fails the test), and its answer key.
fn page(service: &str, name: &str) -> (O, Value, Vec<(usize, String)>) {
    let corpus = shared_dir().join("corpus").join(service);
    let out = transcribe_files(
        &[corpus.join(format!("pages/{name}.txt"))],
        &Options::default(),
    );
    let key_path = corpus.join(format!("answers/{name}.json"));
    let key: Value = serde_json::from_str(&std::fs::read_to_string(&key_path).unwrap()).unwrap();
    let notes = out.report.pages[0]
        .notes
        .iter()
        .map(|n| (n.line, n.kind.clone()))
        .collect();
    (doc(&out.yaml), key, notes)
}

fn operation<'d>(doc: &'d O, key: &Value) -> &'d O {
    let id = key["operation"].as_str().unwrap();
    find_op(doc, id).unwrap_or_else(|| panic!("no {id}")).2
}

/// The example values of a media type, in order: its `example`, or the `value`s of its `examples`.
fn example_values(media: &O) -> Vec<Value> {
    match media.get("example") {
        Some(e) => vec![e.json()],
        None => media["examples"]
            .as_map()
            .unwrap_or_default()
            .iter()
            .map(|(_, e)| e["value"].json())
            .collect(),
    }
}

/// The answer key's example request bodies, in order.
fn key_request_bodies(key: &Value) -> Vec<Value> {
    key["example_requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["body"].clone())
        .filter(|b| !b.is_null())
        .collect()
}

#[test]
fn a_body_without_a_request_line_is_the_request_example() {
    // EVS: `Example request` and a JSON body; the URI line gives the method and path.
    let (doc, key, notes) = page("evs", "AcceptingADiskTransfer");
    let op = operation(&doc, &key);
    assert_eq!(
        example_values(&op["requestBody"]["content"]["application/json"]),
        key_request_bodies(&key)
    );
    assert_eq!(op["x-request-examples"].as_array().unwrap().len(), 1);
    assert!(
        notes.iter().any(|(_, k)| k == "request-line-unstated"),
        "{notes:?}"
    );
}

#[test]
fn several_example_responses_of_one_status_are_named_examples() {
    // APIG: six described request bodies without request lines, and six example responses for status 200.
    let (doc, key, _) = page("apig", "UpdatePlugin");
    let op = operation(&doc, &key);
    // The request body's example is the first; every one is in `x-request-examples` with its description.
    let request = &op["requestBody"]["content"]["application/json"];
    assert_eq!(example_values(request), key_request_bodies(&key)[..1]);
    let descriptions: Vec<&str> = op["x-request-examples"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["description"].as_str().unwrap())
        .collect();
    let key_descriptions: Vec<&str> = key["example_requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["description"].as_str().unwrap())
        .collect();
    assert_eq!(descriptions, key_descriptions);
    let response = &op["responses"]["200"]["content"]["application/json"];
    assert_eq!(
        Value::Array(example_values(response)),
        key["example_responses"]["200"]
    );
    assert!(response.get("example").is_none());
}

#[test]
fn a_body_after_a_label_belongs_to_the_request_line_before_it() {
    // DCS: `Request URL:` / `POST …` / `Example:` / `{…}`: one example request.
    let (doc, key, _) = page("dcs", "BackingUpADcsInstance");
    let op = operation(&doc, &key);
    assert_eq!(
        example_values(&op["requestBody"]["content"]["application/json"]),
        key_request_bodies(&key)
    );
    let examples = op["x-request-examples"].as_array().unwrap();
    assert_eq!(examples.len(), 1);
    assert_eq!(
        examples[0]["description"].as_str(),
        key["example_requests"][0]["description"].as_str()
    );
}
