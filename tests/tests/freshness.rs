//! Freshness: generating from `spec/` gives exactly what is committed in `generated/`.

use std::path::Path;

use sdk_tests::repo_root;

fn files_under(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            if path.file_name().is_some_and(|n| n == "target") {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.push((rel, std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn regenerating_into_a_temp_dir_equals_generated_byte_for_byte() {
    let root = repo_root();
    let spec = root.join("spec/kafka.yaml");
    let options = codegen::repo_options(&root, &spec);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("kafka");
    // The version and the changelog are history, not a function of the spec (`codegen::release`): they are
    // carried over with the record of the spec they belong to; everything else is generated afresh.
    std::fs::create_dir_all(&out).unwrap();
    for file in ["Cargo.toml", "CHANGELOG.md", "openapi.yaml"] {
        std::fs::copy(root.join("generated/kafka").join(file), out.join(file)).unwrap();
    }
    codegen::generate_crate(&spec, &out, &options).expect("generate");
    let fresh = files_under(&out);
    let committed = files_under(&root.join("generated/kafka"));
    let names = |v: &[(String, Vec<u8>)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&fresh), names(&committed), "same files");
    for ((name, a), (_, b)) in fresh.iter().zip(&committed) {
        assert!(
            a == b,
            "{name} differs from a fresh generation: run `cargo run -p codegen -- generate`"
        );
    }
    // A second generation into the same directory changes nothing.
    assert!(
        codegen::generate_crate(&spec, &out, &options)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn check_reports_nothing_on_the_committed_crate() {
    let root = repo_root();
    let spec = root.join("spec/kafka.yaml");
    let changes = codegen::check_crate(
        &spec,
        &root.join("generated/kafka"),
        &codegen::repo_options(&root, &spec),
    )
    .unwrap();
    assert!(
        changes.is_empty(),
        "generated/kafka is stale: {:?}",
        changes.lines()
    );
}
