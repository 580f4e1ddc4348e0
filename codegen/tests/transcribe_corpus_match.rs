//! Per corpus service, how many operation pages transcribed alone match their answer key, judged by the
//! corpus's own comparer (`../shared/corpus/compare_transcription.py`, the definition of "matches its key";
//! `scripts/corpus-match` measures the same) on the spec's table view (`scripts/corpus_view.py`: without the
//! fields reconciliation added from the page's examples, which no key lists). Each service has a floor taken from a measured run, so a change
//! that makes pages stop matching fails here (issue 11); raise a floor when a change makes more pages match.
//!
//! Needs Python 3 with PyYAML: `.venv/bin/python` in the checkout (`bash .ci/run` creates it; a helper's
//! worktree can link `../main/.venv`), else `python3`.

#[path = "fixtures/transcribe/common.rs"]
mod common;

use codegen::transcribe::{Options, transcribe};
use common::*;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Command;

/// Pages matching their key, at least, per service (measured with `scripts/corpus-match`).
const FLOORS: &[(&str, usize)] = &[
    // 70, not 71: the key of DetachingANicFromAnEcs has the path `…/{port_id}{` (its extractor cut the URI template
    // `{port_id}{?reserve_port}` at `?`); the spec has `…/{port_id}` and the query parameter (a key defect, reported).
    ("ecs", 70),
    ("evs", 69),
    ("ims", 25),
    ("rds", 68),
    ("kafka", 63),
    ("iam", 67),
    ("smn", 21),
    ("vpc", 179),
    // 94, not 95: DeletingAForwardingPolicy types its path parameter `Object` (a doc defect: a path segment is
    // text); the spec has a string parameter with a doc-defect note, the key keeps the page's `Object`.
    ("elb", 94),
    ("cce", 45),
    ("ces", 38),
    ("dcs", 83),
    ("lts", 59),
    ("apig", 197),
    ("functiongraph", 51),
];

/// Runs the comparer once over every `(key, spec)` pair; prints `1` or `0` per pair, in order.
const DRIVER: &str = r#"
import contextlib, io, sys
sys.path.insert(0, sys.argv[1])
sys.path.insert(0, sys.argv[3])
import compare_transcription as c
import corpus_view
for line in open(sys.argv[2], encoding="utf-8"):
    key, spec = line.rstrip("\n").split("\t")
    # What the tables say: the fields reconciliation added from the examples are in no key.
    corpus_view.table_view(spec, spec)
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            code = c.main([key, spec, "--quiet"])
    except Exception:
        code = 1
    print(1 if code == 0 else 0)
"#;

fn python() -> PathBuf {
    let venv = repo_root().join(".venv/bin/python");
    if venv.exists() {
        venv
    } else {
        PathBuf::from("python3")
    }
}

#[test]
fn every_service_keeps_its_matching_pages() {
    let corpus = shared_dir().join("corpus");
    let dir = tempfile::tempdir().unwrap();
    let mut pairs = String::new();
    let mut services = Vec::new();
    for &(service, floor) in FLOORS {
        let mut keys: Vec<PathBuf> = std::fs::read_dir(corpus.join(service).join("answers"))
            .unwrap_or_else(|e| panic!("{service}: {e}"))
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        keys.sort();
        let mut compared = Vec::new();
        for key in keys {
            let stem = key.file_stem().unwrap().to_string_lossy().into_owned();
            let page = corpus
                .join(service)
                .join("pages")
                .join(format!("{stem}.txt"));
            let options = Options {
                allow_unplaced: true,
                service: Some(service.to_owned()),
                ..Options::default()
            };
            // A page that does not transcribe does not match.
            let Ok(out) = transcribe(&[page], &options) else {
                continue;
            };
            let spec = dir.path().join(format!("{service}-{stem}.yaml"));
            std::fs::write(&spec, out.yaml).unwrap();
            writeln!(pairs, "{}\t{}", key.display(), spec.display()).unwrap();
            compared.push(stem);
        }
        services.push((service, floor, compared));
    }
    let list = dir.path().join("pairs.tsv");
    std::fs::write(&list, pairs).unwrap();
    let python = python();
    let run = Command::new(&python)
        .arg("-c")
        .arg(DRIVER)
        .arg(&corpus)
        .arg(&list)
        .arg(repo_root().join("scripts"))
        .output()
        .unwrap_or_else(|e| panic!("{}: {e} (Python 3 with PyYAML is needed)", python.display()));
    assert!(
        run.status.success(),
        "the comparer did not run: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let verdicts: Vec<bool> = String::from_utf8_lossy(&run.stdout)
        .lines()
        .map(|l| l.trim() == "1")
        .collect();
    let mut verdicts = verdicts.into_iter();
    let mut short = Vec::new();
    for (service, floor, compared) in services {
        let matched: Vec<&String> = compared
            .iter()
            .filter(|_| verdicts.next().unwrap_or(false))
            .collect();
        eprintln!(
            "{service}: {} pages match their key (floor {floor})",
            matched.len()
        );
        if matched.len() < floor {
            short.push(format!("{service}: {} < {floor}", matched.len()));
        }
    }
    assert!(
        verdicts.next().is_none(),
        "the comparer judged more pairs than given"
    );
    assert!(short.is_empty(), "fewer pages match than before: {short:?}");
}
