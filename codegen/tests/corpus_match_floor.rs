//! A ratchet on issue 11: per corpus service, how many operation pages, each transcribed alone, match their
//! answer key. The judge is the corpus's own `compare_transcription.py` (the definition of "matches its
//! key", written from the doc sources, not from the transcriber); the floors are counts measured with
//! `scripts/corpus-match`. A change that makes a page stop matching fails here; raise a floor when a change
//! makes more pages match.
//!
//! Needs Python with PyYAML: `.venv/bin/python` in the checkout (`bash .ci/run` creates it), or
//! `CORPUS_PYTHON`.

#[path = "fixtures/transcribe/common.rs"]
mod common;

use codegen::transcribe::{Options, transcribe};
use common::{repo_root, shared_dir};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// Pages matching their key, per service, as measured (`scripts/corpus-match` and this test agree,
/// 2026-11-30).
const FLOORS: &[(&str, usize)] = &[
    ("apig", 197),
    ("cce", 35),
    ("ces", 34),
    ("dcs", 83),
    ("ecs", 0),
    ("elb", 95),
    ("evs", 1),
    ("functiongraph", 51),
    ("iam", 67),
    ("ims", 5),
    ("kafka", 63),
    ("lts", 59),
    ("rds", 3),
    ("smn", 21),
    ("vpc", 118),
];

/// Runs the comparer over `(service, key, spec)` triples in one Python process; returns the matching
/// pages per service.
fn judge(python: &PathBuf, triples: &[(String, PathBuf, PathBuf)]) -> BTreeMap<String, usize> {
    let driver = r#"
import contextlib, io, sys
sys.path.insert(0, sys.argv[1])
import compare_transcription as c
for line in sys.stdin:
    svc, key, spec = line.rstrip("\n").split("\t")
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            rc = c.main([key, spec, "--quiet"])
    except Exception:
        rc = 2
    print(svc, rc)
"#;
    let mut child = Command::new(python)
        .arg("-c")
        .arg(driver)
        .arg(shared_dir().join("corpus"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run the comparer");
    {
        let mut stdin = child.stdin.take().expect("stdin");
        for (svc, key, spec) in triples {
            writeln!(stdin, "{svc}\t{}\t{}", key.display(), spec.display()).expect("write");
        }
    }
    let out = child.wait_with_output().expect("comparer output");
    assert!(out.status.success(), "the comparer driver failed");
    let mut matched = BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let (svc, rc) = line.split_once(' ').expect("`svc rc`");
        *matched.entry(svc.to_owned()).or_insert(0) += usize::from(rc == "0");
    }
    matched
}

#[test]
fn corpus_pages_matching_their_keys_never_drop_below_the_floors() {
    let python = std::env::var_os("CORPUS_PYTHON")
        .map_or_else(|| repo_root().join(".venv/bin/python"), PathBuf::from);
    assert!(
        python.exists(),
        "{} not found: run `bash .ci/run` once (it creates .venv), or set CORPUS_PYTHON",
        python.display()
    );
    let corpus = shared_dir().join("corpus");
    let mut services: Vec<String> = std::fs::read_dir(&corpus)
        .expect("corpus")
        .flatten()
        .filter(|e| e.path().join("answers").is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    services.sort();
    let floors: BTreeMap<&str, usize> = FLOORS.iter().copied().collect();
    for svc in &services {
        assert!(
            floors.contains_key(svc.as_str()),
            "service `{svc}` has no floor in FLOORS"
        );
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut jobs = Vec::new();
    for svc in &services {
        let mut keys: Vec<PathBuf> = std::fs::read_dir(corpus.join(svc).join("answers"))
            .expect("answers")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        keys.sort();
        std::fs::create_dir_all(tmp.path().join(svc)).expect("mkdir");
        for key in keys {
            let stem = key
                .file_stem()
                .expect("stem")
                .to_string_lossy()
                .into_owned();
            let page = corpus.join(svc).join("pages").join(format!("{stem}.txt"));
            let spec = tmp.path().join(svc).join(format!("{stem}.yaml"));
            jobs.push((svc.clone(), page, key, spec));
        }
    }
    // Two threads: the machines this runs on have two cores.
    let triples: Vec<(String, PathBuf, PathBuf)> = std::thread::scope(|s| {
        let halves: Vec<_> = jobs
            .chunks(jobs.len().div_ceil(2).max(1))
            .map(|chunk| {
                s.spawn(move || {
                    let mut done = Vec::new();
                    for (svc, page, key, spec) in chunk {
                        let options = Options {
                            service: Some(svc.clone()),
                            allow_unplaced: true,
                            ..Options::default()
                        };
                        // A page that does not transcribe at all does not match.
                        if let Ok(out) = transcribe(std::slice::from_ref(page), &options) {
                            std::fs::write(spec, out.yaml).expect("write spec");
                            done.push((svc.clone(), key.clone(), spec.clone()));
                        }
                    }
                    done
                })
            })
            .collect();
        halves
            .into_iter()
            .flat_map(|h| h.join().expect("transcription thread"))
            .collect()
    });
    let matched = judge(&python, &triples);
    let mut below = Vec::new();
    for svc in &services {
        let got = matched.get(svc).copied().unwrap_or(0);
        let floor = floors[svc.as_str()];
        eprintln!("{svc:<14} {got:>4} matching (floor {floor})");
        if got < floor {
            below.push(format!(
                "{svc}: {got} pages match their key, the floor is {floor}"
            ));
        }
    }
    assert!(below.is_empty(), "{}", below.join("\n"));
}
