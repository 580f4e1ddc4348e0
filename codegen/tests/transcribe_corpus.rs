//! The transcriber against the corpus answer keys, the seed against the hand-written spec, and the whole
//! corpus merged into the spec (validated, deterministic, idempotent). Writes the whole-corpus spec to
//! `target/transcribed/kafka.yaml`.

#[path = "fixtures/transcribe/common.rs"]
mod common;

use codegen::transcribe::{BaseSpec, Options, transcribe, transcribe_inputs};
use common::*;
use std::path::PathBuf;

fn stem(p: &std::path::Path) -> String {
    p.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Every operation page, alone, transcribes with nothing unplaced and matches its answer key.
#[test]
fn every_corpus_page_matches_its_answer_key() {
    let pages = corpus_pages();
    assert_eq!(pages.len(), 63, "62 operations + ErrorCode");
    let mut failures = Vec::new();
    let mut compared = 0;
    for page in pages.iter().filter(|p| stem(p) != "ErrorCode") {
        let out = transcribe_files(std::slice::from_ref(page), &Options::default());
        assert_eq!(out.report.unplaced_count(), 0);
        let r = &out.report.pages[0];
        assert_eq!(
            r.lines,
            r.placed + r.kept_lines,
            "{}: every line placed or kept",
            stem(page)
        );
        let d = doc(&out.yaml);
        let key = answer(&stem(page));
        for problem in compare(&d, &key, true) {
            failures.push(format!("{}: {problem}", stem(page)));
        }
        compared += 1;
    }
    assert_eq!(compared, 62);
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The error-code page becomes `x-error-codes`, one entry per row, in order.
#[test]
fn error_code_page_becomes_x_error_codes() {
    let page = shared_dir().join("corpus/kafka/pages/ErrorCode.txt");
    let out = transcribe_files(&[page], &Options::default());
    let d = doc(&out.yaml);
    let key = answer("ErrorCode");
    let rows = key["error_codes"].as_array().expect("error_codes");
    let got = d["x-error-codes"].as_array().expect("x-error-codes");
    assert_eq!(rows.len(), 173);
    assert_eq!(got.len(), rows.len());
    for (g, w) in got.iter().zip(rows) {
        assert_eq!(
            g["status"].as_u64().map(|s| s.to_string()).as_deref(),
            w["status_code"].as_str()
        );
        assert_eq!(g["error_code"], w["error_code"]);
        assert_eq!(g["error_msg"], w["error_message"]);
        assert_eq!(g["description"], w["description"]);
        assert_eq!(g["solution"], w["solution"]);
    }
    assert!(d["paths"].as_map().is_some_and(|p| p.is_empty()));
    assert_eq!(
        d["info"]["x-sources"],
        serde_json::json!(["corpus/kafka/pages/ErrorCode.txt"])
    );
}

/// The seed merged into the hand-written spec reproduces it byte for byte.
#[test]
fn seed_reproduces_the_hand_written_spec() {
    let fixture = fixtures().join("kafka-seed.yaml");
    let options = Options {
        merge_into: Some(fixture.clone()),
        ..Options::default()
    };
    let out = transcribe(&[seed_page()], &options).unwrap_or_else(|e| panic!("{e}"));
    let want = std::fs::read_to_string(&fixture).expect("fixture");
    assert_eq!(out.yaml, want);
    assert_eq!(out.report.unplaced_count(), 0);
    // The SDK samples are in the report, not dropped.
    let kept: Vec<&str> = out.report.pages[0]
        .kept
        .iter()
        .map(|k| k.reason.as_str())
        .collect();
    for reason in [
        "page chrome",
        "SDK sample code (java)",
        "SDK sample code (python)",
        "SDK sample code (go)",
        "SDK sample code line numbers",
    ] {
        assert!(kept.contains(&reason), "{reason} not in {kept:?}");
    }
    let java = out.report.pages[0]
        .kept
        .iter()
        .find(|k| k.reason == "SDK sample code (java)")
        .expect("java");
    assert_eq!((java.first_line, java.last_line), (241, 288));
    assert!(
        java.text
            .contains("ListBackgroundTasksRequest request = new ListBackgroundTasksRequest();")
    );
}

/// The seed alone (no spec to merge into) has the structure of the English ListBackgroundTasks key, with the
/// Mandatory column inferred (path required, query optional) and marked.
#[test]
fn seed_alone_matches_the_english_key_in_structure() {
    let out = transcribe_files(&[seed_page()], &Options::default());
    let d = doc(&out.yaml);
    let problems = compare(&d, &answer("ListBackgroundTasks"), false);
    assert!(problems.is_empty(), "{problems:#?}");
    let (_, _, op) = find_op(&d, "ListBackgroundTasks").expect("op");
    for p in op["parameters"].as_array().expect("parameters") {
        assert_eq!(p["x-required-inferred"], true, "{p}");
    }
    assert_eq!(op["parameters"][0]["x-from-credentials"], "project_id");
    assert_eq!(op["summary"], "查询实例的后台任务列表");
}

fn whole_corpus_pages() -> Vec<PathBuf> {
    let mut pages = vec![seed_page()];
    pages.extend(corpus_pages());
    pages
}

fn whole_corpus(base: &std::path::Path) -> String {
    let options = Options {
        merge_into: Some(base.to_path_buf()),
        ..Options::default()
    };
    let out = transcribe(&whole_corpus_pages(), &options).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.report.unplaced_count(), 0);
    out.yaml
}

/// Seed + 62 pages + ErrorCode merged into the hand-written spec: every operation matches its key, the
/// seed's wording wins for ListBackgroundTasks, overrides survive, a second run changes no byte, and
/// `openapi-spec-validator` accepts it (when the venv is there). Writes `target/transcribed/kafka.yaml`.
#[test]
fn whole_corpus_merged_into_the_spec() {
    let fixture = fixtures().join("kafka-seed.yaml");
    let yaml = whole_corpus(&fixture);
    let out_path = repo_root().join("target/transcribed/kafka.yaml");
    codegen::transcribe::write_if_changed(&out_path, &yaml)
        .expect("write target/transcribed/kafka.yaml");

    let d = doc(&yaml);
    let mut failures = Vec::new();
    for page in corpus_pages().iter().filter(|p| stem(p) != "ErrorCode") {
        let s = stem(page);
        let wording = s != "ListBackgroundTasks";
        for problem in compare(&d, &answer(&s), wording) {
            failures.push(format!("{s}: {problem}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(
        d["paths"].as_map().map(|p| p
            .iter()
            .map(|(_, i)| i.as_map().map_or(0, |m| m.len()))
            .sum::<usize>()),
        Some(62)
    );
    assert_eq!(d["info"]["x-sources"].as_array().map(<[_]>::len), Some(64));
    assert_eq!(d["x-error-codes"].as_array().map(<[_]>::len), Some(173));

    // The seed's wording, the English page's Mandatory column, the hand-written overrides.
    let (_, _, op) = find_op(&d, "ListBackgroundTasks").expect("op");
    assert_eq!(op["summary"], "查询实例的后台任务列表");
    assert!(
        op["parameters"]
            .as_array()
            .expect("params")
            .iter()
            .all(|p| p.get("x-required-inferred").is_none())
    );
    assert_eq!(op["x-paginated"]["first"], 1);
    let tasks = &d["components"]["schemas"]["ListBackgroundTasksRespTasks"];
    assert_eq!(tasks["x-rust-name"], "BackgroundTask");
    assert_eq!(tasks["properties"]["params"]["x-json-string"], true);
    assert_eq!(
        d["components"]["schemas"]["ListBackgroundTasksResponse"]["properties"]["task_count"]["x-numeric-string"],
        true
    );
    assert_eq!(
        d["servers"][0]["x-region-endpoints"]["eu-west-101"],
        "https://dms.eu-west-101.myhuaweicloud.eu"
    );

    // Idempotent: transcribing the same pages into the result changes no byte; and deterministic.
    let again = whole_corpus(&out_path);
    assert!(again == yaml, "a second run into the output changed it");
    assert!(whole_corpus(&fixture) == yaml, "two runs differ");

    // openapi-spec-validator, when available.
    let validator = repo_root().join(".venv/bin/openapi-spec-validator");
    if validator.exists() {
        let status = std::process::Command::new(&validator)
            .arg(&out_path)
            .output()
            .expect("run openapi-spec-validator");
        assert!(
            status.status.success(),
            "openapi-spec-validator: {}{}",
            String::from_utf8_lossy(&status.stdout),
            String::from_utf8_lossy(&status.stderr)
        );
    } else {
        eprintln!("skipped: {} not found", validator.display());
    }
}

/// The library form gives the same bytes as the file form.
#[test]
fn inputs_and_files_agree() {
    let fixture = fixtures().join("kafka-seed.yaml");
    let base = BaseSpec {
        path: fixture.clone(),
        text: std::fs::read_to_string(&fixture).expect("fixture"),
    };
    let seed = seed_page();
    let inputs = vec![input(&seed, std::fs::read_to_string(&seed).expect("seed"))];
    let a = transcribe_inputs(&inputs, Some(&base), &Options::default()).expect("transcribes");
    assert_eq!(a.yaml, base.text);
}
