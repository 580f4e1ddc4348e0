//! Freshness: generating from each `spec/<service>.yaml` gives exactly what is committed in `generated/<service>/`.

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

/// Every spec of the repository, by its stem: `spec/<stem>.yaml` generates `generated/<stem>/`.
fn specs() -> Vec<String> {
    let mut stems: Vec<String> = std::fs::read_dir(repo_root().join("spec"))
        .unwrap()
        .flatten()
        .filter_map(|e| {
            let path = e.path();
            (path.extension()? == "yaml").then(|| path.file_stem()?.to_str().map(str::to_owned))?
        })
        .collect();
    stems.sort();
    assert!(stems.iter().any(|s| s == "kafka"), "{stems:?}");
    stems
}

#[test]
fn regenerating_into_a_temp_dir_equals_generated_byte_for_byte() {
    let root = repo_root();
    for stem in specs() {
        let spec = root.join(format!("spec/{stem}.yaml"));
        let options = codegen::repo_options(&root, &spec);
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join(&stem);
        // The version and the changelog are history, not a function of the spec (`codegen::release`): they are
        // carried over with the record of the spec they belong to; everything else is generated afresh.
        std::fs::create_dir_all(&out).unwrap();
        for file in ["Cargo.toml", "CHANGELOG.md", "openapi.yaml"] {
            std::fs::copy(root.join("generated").join(&stem).join(file), out.join(file)).unwrap();
        }
        codegen::generate_crate(&spec, &out, &options).expect("generate");
        let fresh = files_under(&out);
        let committed = files_under(&root.join("generated").join(&stem));
        let names = |v: &[(String, Vec<u8>)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        assert_eq!(names(&fresh), names(&committed), "{stem}: same files");
        for ((name, a), (_, b)) in fresh.iter().zip(&committed) {
            assert!(
                a == b,
                "generated/{stem}/{name} differs from a fresh generation: run `cargo run -p codegen -- generate`"
            );
        }
        // A second generation into the same directory changes nothing.
        assert!(
            codegen::generate_crate(&spec, &out, &options)
                .unwrap()
                .is_empty()
        );
    }
}

#[test]
fn check_reports_nothing_on_the_committed_crates() {
    let root = repo_root();
    for stem in specs() {
        let spec = root.join(format!("spec/{stem}.yaml"));
        let changes = codegen::check_crate(
            &spec,
            &root.join("generated").join(&stem),
            &codegen::repo_options(&root, &spec),
        )
        .unwrap();
        assert!(
            changes.is_empty(),
            "generated/{stem} is stale: {:?}",
            changes.lines()
        );
    }
}
