//! Per corpus service, how many operation pages transcribed alone match their answer key, judged by the
//! corpus's own comparer (`../shared/corpus/compare_transcription.py`, the definition of "matches its key";
//! `scripts/corpus-match` measures the same) on the spec's table view (`scripts/corpus_view.py`: without the
//! fields reconciliation added from the page's examples, which no key lists). Each service has a floor taken from a measured run, so a change
//! that makes pages stop matching fails here (issue 11); raise a floor when a change makes more pages match.
//! A second set of floors holds the same for `scripts/compare_spellings.py`, the comparer reading the older
//! type spellings the keys copy, which the official one stops at (what is below such fields is judged too).
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
    // The key of DetachingANicFromAnEcs has the path `…/{port_id}{` (its extractor cut the URI template
    // `{port_id}{?reserve_port}` at `?`); the spec has `…/{port_id}` and the query parameter (a key defect, reported).
    ("ecs", 71),
    // 66, was 69: the *TagsOfAnEvsResource*Deprecated pages type their `Content-Type` header `Object` (a doc
    // defect: a header is text); they are in the spec now, with a string header and a doc-defect note, while
    // their keys keep `Object`.
    ("evs", 66),
    ("ims", 26),
    ("rds", 69),
    ("kafka", 63),
    ("iam", 67),
    ("smn", 21),
    ("vpc", 180),
    // 94, not 95: DeletingAForwardingPolicy types its path parameter `Object` (a doc defect: a path segment is
    // text); the spec has a string parameter with a doc-defect note, the key keeps the page's `Object`.
    ("elb", 94),
    ("cce", 50),
    ("ces", 39),
    ("dcs", 83),
    ("lts", 60),
    ("apig", 197),
    ("functiongraph", 52),
];

/// Pages matching their key under `scripts/compare_spellings.py` (the same comparer reading the type
/// spellings the keys copy from older pages: `Array of objects`, `list`, `Dictionary data structure. …`), at
/// least, per service; "matched (+spellings)" in `scripts/corpus-match`. Measured 2026-12-01 after the s7 merges.
const FLOORS_WITH_SPELLINGS: &[(&str, usize)] = &[
    ("ecs", 140),
    ("evs", 134),
    ("ims", 45),
    ("rds", 159),
    ("kafka", 63),
    ("iam", 143),
    ("smn", 30),
    ("vpc", 184),
    // 127, was 128: QueryingAllBackendServersExtensionApi lists the response field `members_links` (with its
    // object table) among its query parameters (a doc defect); the spec leaves it out with a note, the key
    // keeps it as a query parameter (listed in disagreements.tsv).
    ("elb", 127),
    ("cce", 62),
    ("ces", 62),
    ("dcs", 99),
    ("lts", 63),
    ("apig", 199),
    ("functiongraph", 52),
];

/// Pages matching their key under `scripts/compare_spellings.py` but for failures listed in
/// `fixtures/corpus/disagreements.tsv` (each with why the spec is right: a defect of the key, or of the page that
/// the spec records while the key copies it), at least, per service; "(+listed)" in `scripts/corpus-match`.
const FLOORS_BUT_LISTED: &[(&str, usize)] = &[
    ("apig", 199),
    ("cce", 66),
    ("ces", 63),
    ("dcs", 99),
    ("ecs", 141),
    ("elb", 133),
    ("evs", 142),
    ("functiongraph", 57),
    ("iam", 145),
    ("ims", 45),
    ("kafka", 63),
    ("lts", 63),
    ("rds", 161),
    ("smn", 30),
    ("vpc", 188),
];

/// Runs the comparer, and the comparer with the keys' older spellings, once over every `(key, spec)` pair;
/// prints three verdicts (`1` or `0`) per pair, in order (the third: matched with the spellings, or but for listed
/// disagreements), then a `STALE` line per listed disagreement no page showed.
const DRIVER: &str = r#"
import contextlib, io, os, sys
sys.path.insert(0, sys.argv[1])
sys.path.insert(0, sys.argv[3])
import compare_transcription as c
import corpus_view
import compare_spellings
import disagreements
extended = compare_spellings.extend(compare_spellings.load_comparer(sys.argv[1]))
listed = disagreements.load()
seen = set()

def run(comparer, key, spec):
    """(verdict 1 or 0, the comparer's output)."""
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            ok = comparer.main([key, spec, "--quiet"]) == 0
    except Exception as e:
        return 0, "FAIL  the comparer raised %r" % e
    return (1 if ok else 0), out.getvalue()

for line in open(sys.argv[2], encoding="utf-8"):
    key, spec = line.rstrip("\n").split("\t")
    service = os.path.basename(os.path.dirname(os.path.dirname(key)))
    page = os.path.splitext(os.path.basename(key))[0]
    # What the tables say: the fields reconciliation added from the examples are in no key.
    corpus_view.table_view(spec, spec)
    matched, _ = run(c, key, spec)
    spelled, text = run(extended, key, spec)
    fails = disagreements.failures(text)
    seen.update((service, page, f) for f in fails)
    but_listed = 1 if spelled or disagreements.matched_but_listed(listed, service, page, fails) else 0
    print(matched, spelled, but_listed)
# A listed disagreement the comparer no longer reports is stale (its page changed, or the spec did).
for (service, page), lines in sorted(listed.items()):
    for failure in sorted(lines):
        if (service, page, failure) not in seen:
            print("STALE", service, page, failure, sep="\t")
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
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stale: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("STALE\t"))
        .collect();
    // Per pair: (matches, matches with the older spellings read, or but for listed disagreements).
    let verdicts: Vec<(bool, bool, bool)> = stdout
        .lines()
        .filter(|l| !l.starts_with("STALE\t"))
        .map(|l| {
            let mut v = l.split_whitespace().map(|x| x == "1");
            (
                v.next().unwrap_or(false),
                v.next().unwrap_or(false),
                v.next().unwrap_or(false),
            )
        })
        .collect();
    let mut verdicts = verdicts.into_iter();
    let mut short = Vec::new();
    for (service, floor, compared) in services {
        let spelled_floor = FLOORS_WITH_SPELLINGS
            .iter()
            .find(|(s, _)| *s == service)
            .map_or(0, |(_, f)| *f);
        let listed_floor = FLOORS_BUT_LISTED
            .iter()
            .find(|(s, _)| *s == service)
            .map_or(0, |(_, f)| *f);
        let (mut matched, mut spelled, mut but_listed) = (0, 0, 0);
        for _ in &compared {
            let (m, s, l) = verdicts.next().unwrap_or((false, false, false));
            matched += usize::from(m);
            spelled += usize::from(s);
            but_listed += usize::from(l);
        }
        eprintln!(
            "{service}: {matched} pages match their key (floor {floor}), {spelled} with the older spellings read (floor {spelled_floor}), {but_listed} but for listed disagreements (floor {listed_floor})"
        );
        if but_listed < listed_floor {
            short.push(format!(
                "{service} (+listed): {but_listed} < {listed_floor}"
            ));
        }
        if matched < floor {
            short.push(format!("{service}: {matched} < {floor}"));
        }
        if spelled < spelled_floor {
            short.push(format!(
                "{service} (+spellings): {spelled} < {spelled_floor}"
            ));
        }
    }
    assert!(
        verdicts.next().is_none(),
        "the comparer judged more pairs than given"
    );
    assert!(short.is_empty(), "fewer pages match than before: {short:?}");
    assert!(
        stale.is_empty(),
        "listed disagreements the comparer no longer reports (remove them from \
         codegen/tests/fixtures/corpus/disagreements.tsv):\n{}",
        stale.join("\n")
    );
}
