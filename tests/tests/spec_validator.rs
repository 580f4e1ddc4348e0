//! `spec/*.yaml` must be valid OpenAPI 3.0.3 for ordinary tools: checked with `openapi-spec-validator`, which
//! `.ci/run` installs into `.venv`.

use std::process::Command;

use sdk_tests::repo_root;

#[test]
fn specs_pass_openapi_spec_validator() {
    let root = repo_root();
    let validator = std::env::var_os("OPENAPI_SPEC_VALIDATOR")
        .map_or_else(|| root.join(".venv/bin/openapi-spec-validator"), Into::into);
    assert!(
        validator.exists(),
        "{} not found: run `bash .ci/run` once (it creates .venv), or set OPENAPI_SPEC_VALIDATOR",
        validator.display()
    );
    let mut specs: Vec<_> = std::fs::read_dir(root.join("spec"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    specs.sort();
    assert!(!specs.is_empty());
    for spec in specs {
        let out = Command::new(&validator)
            .arg(&spec)
            .output()
            .expect("run openapi-spec-validator");
        assert!(
            out.status.success(),
            "{} is not valid OpenAPI:\n{}{}",
            spec.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
