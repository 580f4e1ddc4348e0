//! Standard OpenAPI documents that other people wrote (`../shared/openapi-samples/`) and plain hand-written ones
//! (`codegen/tests/fixtures/openapi/`) generate crates that build: each is generated into one temporary
//! workspace, which one `cargo clippy --all-targets -D warnings` and one `cargo doc` with `-D warnings` check,
//! sharing this build's target directory (so the runtime and the dependencies are already compiled).

use std::path::{Path, PathBuf};
use std::process::Command;

use sdk_tests::{repo_root, shared_dir};

/// `(member directory, spec, --name)`: what each document exercises is said at the top of the fixtures and in
/// `../shared/openapi-samples/README.md`.
fn documents() -> Vec<(&'static str, PathBuf, Option<&'static str>)> {
    let samples = shared_dir().join("openapi-samples");
    let fixtures = repo_root().join("codegen/tests/fixtures/openapi");
    vec![
        // No x-service, no servers, bearer header parameters, titled bodies, uint64: named from its title.
        ("keeper", samples.join("keeper.json"), None),
        // Parameter names of the generated code, an operationId with a dot, a boolean path parameter: named
        // with --name.
        (
            "param-collision",
            samples.join("param-collision.json"),
            Some("param-collision"),
        ),
        // Media types with parameters, text and octet-stream bodies, allOf of one $ref, oneOf with `{}`,
        // a "one or many" query parameter, a null among enum values.
        ("buildomat", samples.join("buildomat.json"), None),
        // The seed operation without any x- key, on a fixed server.
        ("seed-plain", fixtures.join("seed-plain.yaml"), None),
        (
            "generated-names",
            fixtures.join("generated-names.yaml"),
            None,
        ),
        ("security", fixtures.join("security.yaml"), None),
        ("bodies", fixtures.join("bodies.yaml"), None),
    ]
}

fn cargo(workspace: &Path, args: &[&str], rustdocflags: Option<&str>) {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| repo_root().join("target"), PathBuf::from);
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command
        // The locked versions of the repository, without asking the registry.
        .args(["--offline"])
        .args(args)
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", target);
    if let Some(flags) = rustdocflags {
        command.env("RUSTDOCFLAGS", flags);
    }
    let out = command.output().expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn standard_documents_generate_crates_that_pass_clippy_and_rustdoc() {
    let dir = tempfile::tempdir().unwrap();
    let runtime = repo_root().join("runtime");
    let mut members = Vec::new();
    let mut crate_names = Vec::new();
    for (member, spec, name) in documents() {
        let options = codegen::CrateOptions {
            source: spec.file_name().unwrap().to_string_lossy().into_owned(),
            runtime_path: runtime.to_string_lossy().into_owned(),
            examples: vec![],
            name: name.map(str::to_owned),
        };
        codegen::generate_crate(&spec, &dir.path().join(member), &options)
            .unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
        let manifest = std::fs::read_to_string(dir.path().join(member).join("Cargo.toml")).unwrap();
        let crate_name = manifest
            .lines()
            .find_map(|l| l.strip_prefix("name = "))
            .unwrap()
            .trim_matches('"')
            .to_owned();
        members.push(format!("{member:?}"));
        crate_names.push(crate_name);
    }
    // From the titles ("Keeper API", "Distributed Message Service for Kafka", "Generated names") and --name.
    assert_eq!(
        crate_names,
        [
            "huaweicloud-keeper-api",
            "huaweicloud-param-collision",
            "huaweicloud-buildomat",
            "huaweicloud-distributed-message",
            "huaweicloud-generated-names",
            "huaweicloud-security-schemes",
            "huaweicloud-bodies",
        ]
    );
    std::fs::write(
        dir.path().join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .unwrap();
    std::fs::copy(
        repo_root().join("Cargo.lock"),
        dir.path().join("Cargo.lock"),
    )
    .unwrap();
    cargo(
        dir.path(),
        &["clippy", "--all-targets", "--", "-D", "warnings"],
        None,
    );
    cargo(dir.path(), &["doc", "--no-deps"], Some("-D warnings"));
}
