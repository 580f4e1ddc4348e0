//! Fuzzing the spec stage with real specs, damaged: YAML (`spec/kafka.yaml`, the seed spec, the second
//! service's spec) and JSON (the seed spec written as JSON, and the public OpenAPI documents in
//! `shared/openapi-samples`; the loader reads JSON as the YAML it is). Whatever the damage, loading,
//! lowering to the IR and rendering never panic, every problem has a position within the input, and the shown
//! diagnostics stay short. Cases: `HUAWEICLOUD_FUZZ_CASES` (default 100).

#[path = "fixtures/fuzz.rs"]
mod fuzz;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::sample::Index;

/// What is inserted most: the punctuation and words YAML and OpenAPI are made of.
const YAML_TOKENS: &[&str] = &[
    ": ",
    "- ",
    "-",
    "[",
    "]",
    "{",
    "}",
    ",",
    "'",
    "\"",
    "#",
    "&a ",
    "*a",
    "!!str ",
    "? ",
    "|",
    ">",
    "~",
    "\t",
    "  ",
    "    ",
    "\\",
    "%YAML 1.2\n",
    "---\n",
    "...\n",
    "$ref: ",
    "#/components/schemas/",
    "type: ",
    "object",
    "array",
    "integer",
    "string",
    "required: ",
    "true",
    "items:",
    "properties:",
    "enum: [a, a]",
    "x-rust-name: ",
    "x-paginated: ",
    "operationId: ",
    "in: path",
    "name: ",
    "format: int64",
    "additionalProperties: ",
    "\u{feff}",
    "é",
    "名称",
];

/// The same for JSON.
const JSON_TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    "\\u0000",
    "\\ud800",
    "null",
    "true",
    "1e999",
    "-0",
    "\"$ref\": ",
    "\"#/components/schemas/",
    "\"type\": ",
    "\"object\"",
    "\"array\"",
    "\"items\": {}",
    "\"required\": ",
    "\"operationId\": ",
    "\"x-rust-name\": ",
    "\"in\": \"path\"",
    "\"enum\": [1, 1]",
    "/*",
    "'",
    "é",
];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn shared() -> PathBuf {
    std::env::var_os("HUAWEICLOUD_SHARED_DIR")
        .map_or_else(|| repo().join("../shared"), PathBuf::from)
}

/// The undamaged inputs: (name, text).
fn yaml_inputs() -> &'static [(String, String)] {
    static INPUTS: OnceLock<Vec<(String, String)>> = OnceLock::new();
    INPUTS.get_or_init(|| {
        [
            "spec/kafka.yaml",
            "codegen/tests/fixtures/transcribe/kafka-seed.yaml",
            "tests/fixtures/sample/spec.yaml",
        ]
        .iter()
        .map(|p| {
            (
                p.to_string(),
                std::fs::read_to_string(repo().join(p)).expect(p),
            )
        })
        .collect()
    })
}

fn json_inputs() -> &'static [(String, String)] {
    static INPUTS: OnceLock<Vec<(String, String)>> = OnceLock::new();
    INPUTS.get_or_init(|| {
        let seed = &yaml_inputs()[1].1;
        let value: serde_json::Value = serde_saphyr::from_str(seed).expect("the seed spec is YAML");
        let seed_json = serde_json::to_string_pretty(&value).unwrap();
        codegen::spec::parse(&seed_json, Path::new("seed.json"))
            .expect("the seed spec, as JSON, is a spec");
        let mut inputs = vec![("seed.json".to_owned(), seed_json)];
        let mut samples: Vec<PathBuf> = std::fs::read_dir(shared().join("openapi-samples"))
            .expect("shared/openapi-samples")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        samples.sort();
        for path in samples {
            let text = std::fs::read_to_string(&path).unwrap();
            inputs.push((path.display().to_string(), text));
        }
        inputs
    })
}

/// Runs the spec stage (and, when it passes, the IR and the renderer) on `text`; fails the case on a problem
/// without a position within `text`, or on a long diagnostic.
fn run_spec_stage(name: &str, text: &str) -> Result<(), TestCaseError> {
    let path = Path::new("fuzz.yaml");
    let lines = fuzz::yaml_lines(text);
    let check = |diagnostics: &codegen::spec::Diagnostics| -> Result<(), TestCaseError> {
        prop_assert!(!diagnostics.items.is_empty());
        for d in &diagnostics.items {
            prop_assert!(
                fuzz::within(&lines, d.pos.line, d.pos.column),
                "{name}: `{}` at {} is outside the input",
                codegen::spec::shown(&d.message),
                d.pos
            );
        }
        let shown = diagnostics.to_string();
        prop_assert!(
            shown.len() <= 4096 * diagnostics.items.len(),
            "{name}: {} bytes for {} diagnostics",
            shown.len(),
            diagnostics.items.len()
        );
        Ok(())
    };
    let spec = match codegen::spec::parse(text, path) {
        Ok(spec) => spec,
        Err(diagnostics) => return check(&diagnostics),
    };
    let service = match codegen::ir::build(&spec, path) {
        Ok(service) => service,
        Err(diagnostics) => return check(&diagnostics),
    };
    // Rendering a large crate takes seconds on a debug build; the small specs cover the renderer.
    if text.len() < 50_000 {
        let options = codegen::repo_options(&repo(), Path::new("spec/fuzz.yaml"));
        let rendered = codegen::rust::render_crate(&service, &options);
        prop_assert!(
            rendered.is_ok(),
            "{name}: a spec that passes validation renders: {rendered:?}"
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: fuzz::cases(100),
        rng_seed: fuzz::seed(),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn damaged_yaml_specs_give_positioned_errors(
        which in any::<Index>(),
        mutations in fuzz::mutations(YAML_TOKENS),
    ) {
        let (name, text) = &yaml_inputs()[which.index(yaml_inputs().len())];
        run_spec_stage(name, &fuzz::apply(text, &mutations))?;
    }

    #[test]
    fn damaged_json_specs_give_positioned_errors(
        which in any::<Index>(),
        mutations in fuzz::mutations(JSON_TOKENS),
    ) {
        let (name, text) = &json_inputs()[which.index(json_inputs().len())];
        run_spec_stage(name, &fuzz::apply(text, &mutations))?;
    }

    #[test]
    fn arbitrary_text_gives_positioned_errors(text in "(?s).{0,400}") {
        run_spec_stage("arbitrary", &text)?;
    }
}
