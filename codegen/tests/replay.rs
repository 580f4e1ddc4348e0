//! The doc-update workflow replayed on the real history of the DMS for Kafka API reference
//! (`../shared/corpus/kafka/history/{2022-12-09,2024-07-04,2024-08-23}`): transcribe the first snapshot, add a
//! hand-written override, generate; then for each later snapshot transcribe its pages into the spec
//! (`--merge-into --prune`), diff against the crate's record and regenerate. The oracles are the snapshots'
//! `operations.tsv` (which operations exist when), Cargo's semver rules and the override written here; no
//! operation that stays is renamed and no Rust type of one is (the updates rename tables: `TagEntity` becomes
//! one table per page in 2024-07-04).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use codegen::diff::{self, Kind};
use codegen::release::{CHANGELOG, RECORD};
use codegen::{Adopt, CrateOptions, Versioning};

fn shared() -> PathBuf {
    std::env::var_os("HUAWEICLOUD_SHARED_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"),
        PathBuf::from,
    )
}

/// The snapshots, oldest first, with the crate version each generation must reach: every update removes or
/// changes something the Rust API has (checked below), so each is breaking, which under 0.x bumps the minor.
const STEPS: [(&str, &str); 3] = [
    ("2022-12-09", "0.1.0"),
    ("2024-07-04", "0.2.0"),
    ("2024-08-23", "0.3.0"),
];

/// The hand-written override: the client method of `ListInstances` gets another name.
const OVERRIDE: &str = "      x-rust-name: list_all_instances\n";

/// The operation an `operations.tsv` row names: a `_N` suffix is how the page saver told apart two pages
/// claiming one name (`ListProducts_0`); it names the plain operation when nothing else does.
fn claimed_name(name: &str, all: &BTreeSet<String>) -> String {
    match name.rsplit_once('_') {
        Some((stem, n))
            if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && !all.contains(stem) =>
        {
            stem.to_owned()
        }
        _ => name.to_owned(),
    }
}

/// `(operation, "METHOD path")` of each row of a snapshot's `operations.tsv`.
fn tsv_operations(snapshot: &Path) -> BTreeSet<(String, String)> {
    let text = std::fs::read_to_string(snapshot.join("operations.tsv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    assert_eq!(header[..3], ["operation", "method", "path"]);
    let rows: Vec<Vec<&str>> = lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
        .collect();
    let names: BTreeSet<String> = rows.iter().map(|r| r[0].to_owned()).collect();
    rows.iter()
        .map(|r| (claimed_name(r[0], &names), format!("{} {}", r[1], r[2])))
        .collect()
}

/// The seed page (error codes) and the snapshot's pages, in name order.
fn pages(snapshot: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(snapshot.join("pages"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let mut pages = vec![shared().join("seed/000_2077a7f428de1ba1.txt")];
    pages.extend(files);
    pages
}

fn crate_version(out: &Path) -> String {
    let cargo = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    let line = cargo.lines().find(|l| l.starts_with("version = ")).unwrap();
    line["version = ".len()..].trim_matches('"').to_owned()
}

#[test]
fn the_kafka_doc_history_replays_into_versioned_crates() {
    let started = Instant::now();
    let tmp = tempfile::tempdir().unwrap();
    let spec = tmp.path().join("spec/kafka.yaml");
    let out = tmp.path().join("generated/kafka");
    std::fs::create_dir_all(spec.parent().unwrap()).unwrap();
    let options = CrateOptions {
        source: "spec/kafka.yaml".into(),
        runtime_path: "../../runtime".into(),
        examples: Vec::new(),
        name: None,
    };
    let history = shared().join("corpus/kafka/history");
    let mut previous: Option<BTreeSet<(String, String)>> = None;
    for (i, (snapshot, version)) in STEPS.iter().enumerate() {
        let dir = history.join(snapshot);
        let expected = tsv_operations(&dir);
        let transcribe = codegen::transcribe::Options {
            service: Some("kafka".into()),
            merge_into: (i > 0).then(|| spec.clone()),
            source_root: Some(shared()),
            prune: i > 0,
            ..Default::default()
        };
        let output = codegen::transcribe::transcribe(&pages(&dir), &transcribe)
            .unwrap_or_else(|e| panic!("{snapshot}: {e}"));
        let mut text = output.yaml;
        if i == 0 {
            let at = text
                .find("      operationId: ListInstances\n")
                .expect("ListInstances in the first snapshot");
            let end = at + text[at..].find('\n').unwrap() + 1;
            text.insert_str(end, OVERRIDE);
        }
        std::fs::write(&spec, &text).unwrap();
        let new = diff::load(&spec).unwrap_or_else(|e| panic!("{snapshot}: {e}"));

        // The spec has exactly the snapshot's operations, at their methods and paths.
        let ops: BTreeSet<(String, String)> = new
            .spec
            .operations
            .iter()
            .map(|o| (o.id.clone(), format!("{} {}", o.method.as_str(), o.path)))
            .collect();
        assert_eq!(
            ops, expected,
            "{snapshot}: the operations of operations.tsv"
        );
        // The override survives every merge.
        let list = new
            .service
            .operations
            .iter()
            .find(|o| o.id == "ListInstances")
            .unwrap();
        assert_eq!(list.method_name, "list_all_instances", "{snapshot}");
        assert!(text.contains(OVERRIDE), "{snapshot}");

        if let Some(before) = &previous {
            // The diff against the crate's record lists exactly the operations added and removed.
            let old = diff::load(&out.join(RECORD)).unwrap();
            let changes = diff::diff(&old, &new);
            let of = |kind: Kind| -> BTreeSet<String> {
                changes
                    .iter()
                    .filter(|c| c.kind == kind)
                    .map(|c| c.operation.clone().unwrap())
                    .collect()
            };
            let names = |s: &BTreeSet<(String, String)>| -> BTreeSet<String> {
                s.iter().map(|(n, _)| n.clone()).collect()
            };
            let removed: BTreeSet<String> = names(before)
                .difference(&names(&expected))
                .cloned()
                .collect();
            let added: BTreeSet<String> = names(&expected)
                .difference(&names(before))
                .cloned()
                .collect();
            assert_eq!(of(Kind::OperationRemoved), removed, "{snapshot}: removed");
            assert_eq!(of(Kind::OperationAdded), added, "{snapshot}: added");
            for kind in [
                Kind::OperationRenamed,
                Kind::MethodChanged,
                Kind::PathChanged,
                Kind::RustNameChanged,
                Kind::TypeRenamed,
            ] {
                assert!(of(kind).is_empty(), "{snapshot}: {kind:?} {:?}", of(kind));
            }
            for c in changes.iter().filter(|c| c.kind == Kind::OperationRemoved) {
                assert!(c.breaks_wire && c.breaks_rust_api, "{snapshot}: {c:?}");
            }
            eprintln!(
                "{snapshot}: {} operations, {} added, {} removed, {} changes",
                expected.len(),
                added.len(),
                removed.len(),
                changes.len()
            );
        }

        let versioning = Versioning {
            crate_version: None,
            date: Some((*snapshot).to_owned()),
        };
        let written =
            codegen::generate_crate_with(&spec, &out, &options, Adopt::Recognised, &versioning)
                .unwrap_or_else(|e| panic!("{snapshot}: {e}"));
        assert!(!written.is_empty());
        assert_eq!(crate_version(&out), *version, "{snapshot}");
        // Regenerating the same spec changes nothing.
        let again =
            codegen::generate_crate_with(&spec, &out, &options, Adopt::Recognised, &versioning)
                .unwrap();
        assert!(again.is_empty(), "{snapshot}: {again:?}");
        let client = std::fs::read_to_string(out.join("src/client.rs")).unwrap();
        assert!(client.contains(&format!("huaweicloud-kafka/{version}")));

        let log = std::fs::read_to_string(out.join(CHANGELOG)).unwrap();
        let headings: Vec<&str> = log.lines().filter(|l| l.starts_with("## ")).collect();
        let want: Vec<String> = STEPS[..=i]
            .iter()
            .rev()
            .map(|(s, v)| format!("## {v} ({s})"))
            .collect();
        assert_eq!(headings, want, "{snapshot}");
        if let Some(before) = &previous {
            let entry = &log[log.find("\n## ").unwrap()..];
            let entry = &entry[..entry[1..].find("\n## ").unwrap()];
            let breaking = entry.split("### Breaking\n\n").nth(1).unwrap_or_default();
            let breaking = breaking.split("\n\n").next().unwrap();
            for (name, _) in before
                .iter()
                .filter(|(n, _)| !expected.iter().any(|(m, _)| m == n))
            {
                assert!(
                    breaking.contains(&format!("- operation-removed `{name}` at ")),
                    "{snapshot}: {name} in the changelog's breaking changes:\n{entry}"
                );
            }
            for (name, _) in expected
                .iter()
                .filter(|(n, _)| !before.iter().any(|(m, _)| m == n))
            {
                assert!(
                    entry.contains(&format!("- operation-added `{name}` at ")),
                    "{snapshot}: {name} in the changelog:\n{entry}"
                );
            }
        }
        previous = Some(expected);
    }
    eprintln!("replay took {:?}", started.elapsed());
}
