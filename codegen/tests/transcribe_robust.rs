//! Odd hand-made inputs do not make the transcriber panic (damaged real pages are fuzzed in `fuzz_pages.rs`),
//! and the answer-key comparison used by the corpus tests does notice differences.

#[path = "fixtures/transcribe/common.rs"]
mod common;

use codegen::transcribe::{Options, transcribe_inputs};
use common::*;

fn try_text(name: &std::path::Path, text: String) {
    let allowed = Options {
        allow_unplaced: true,
        ..Options::default()
    };
    let page = input(name, text);
    // Either outcome is fine; what matters is no panic and, on success, YAML that parses.
    if let Ok(out) = transcribe_inputs(std::slice::from_ref(&page), None, &allowed) {
        let _ = doc(&out.yaml);
    }
    let _ = transcribe_inputs(&[page], None, &Options::default());
}

#[test]
fn odd_inputs_do_not_panic() {
    let path = std::path::PathBuf::from("Odd.txt");
    for text in [
        "",
        "\n\n\n",
        "Share",
        "Title\n\nURI",
        "Title\n\nURI\n\nGET /x\n\nTable 1 Path Parameters",
        "Title\n\nURI\n\nGET /x\n\nTable 1 Path Parameters\n\nParameter\n\nType\n\nx\n\nArray of y objects",
        "Title\n\nExample Responses\n\nStatus code: 200\n\n{ \"a\": [ {",
        "Title\n\nExample Requests\n\nPOST https://h/x\n\n[ \"unterminated",
        "Title\n\nSDK Sample Code\n\n1\n2\n3",
        "T\n\nStatus Code\n\nError Codes\n\nError Message\n\nDescription\n\nSolution\n\n400\n\nDMS.1",
        "\u{feff}T\r\n\r\nURI\r\n\r\nGET /x\r\n",
        "T\n\nURI\n\nGET /x\n\nResponse Parameters\n\nStatus code: 200\n\nTable 1 Response body parameters\n\nParameter\n\nType\n\nDescription\n\na\n\nA object\n\nd\n\nTable 2 A\n\nParameter\n\nType\n\nDescription\n\nb\n\nA object\n\nself",
    ] {
        try_text(&path, text.to_owned());
    }
}

#[test]
fn the_answer_key_comparison_notices_differences() {
    let page = shared_dir().join("corpus/kafka/pages/CreateInstanceByEngine.txt");
    let out = transcribe_files(&[page], &Options::default());
    let d = doc(&out.yaml);
    let key = answer("CreateInstanceByEngine");
    assert!(compare(&d, &key, true).is_empty());
    let mutate = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut k = key.clone();
        f(&mut k);
        compare(&d, &k, true)
    };
    assert!(!mutate(&|k| k["method"] = "PUT".into()).is_empty());
    assert!(!mutate(&|k| k["path_params"][0]["required"] = false.into()).is_empty());
    assert!(!mutate(&|k| k["request_body"][0]["required"] = false.into()).is_empty());
    assert!(!mutate(&|k| k["request_body"][1]["description"] = "x".into()).is_empty());
    assert!(!mutate(&|k| k["request_body"][4]["type"] = "Long".into()).is_empty());
    let tags = key["request_body"]
        .as_array()
        .and_then(|a| a.iter().position(|f| f["name"] == "tags"))
        .expect("tags");
    assert!(
        !mutate(&|k| k["request_body"][tags]["children"][0]["type"] = "Integer".into()).is_empty()
    );
    assert!(!mutate(&|k| k["request_body"][tags]["children"][1]["name"] = "val".into()).is_empty());
    assert!(!mutate(&|k| k["responses"]["200"]["description"] = "x".into()).is_empty());
    assert!(!mutate(&|k| k["example_responses"]["200"]["instance_id"] = "x".into()).is_empty());
    assert!(!mutate(&|k| k["example_requests"][0]["description"] = "x".into()).is_empty());
}
