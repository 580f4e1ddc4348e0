//! Snapshots of every generated file, reviewed like code (`tests/tests/snapshots/`). A change to the generator
//! shows up here as a diff to accept deliberately (`INSTA_UPDATE=always cargo test -p sdk-tests --test snapshots`).

use sdk_tests::repo_root;

#[test]
fn every_generated_file_matches_its_snapshot() {
    let root = repo_root();
    let spec = root.join("spec/kafka.yaml");
    let files = codegen::render_crate(&spec, &codegen::repo_options(&root, &spec)).expect("render");
    assert!(files.len() >= 5);
    for file in files {
        let name = file.path.to_string_lossy().replace('/', "__");
        insta::assert_snapshot!(name, file.contents);
    }
}

#[test]
fn the_build_rs_module_matches_its_snapshot() {
    let module =
        codegen::generate_module(&repo_root().join("spec/kafka.yaml")).expect("render module");
    insta::assert_snapshot!("module.rs", module);
}
