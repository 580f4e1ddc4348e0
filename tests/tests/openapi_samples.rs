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
        // A large API: choices tagged by a property and untagged, choices between strings as parameters,
        // nullable fields, a form body.
        ("nexus", samples.join("nexus.json"), None),
        // The seed operation without any x- key, on a fixed server.
        ("seed-plain", fixtures.join("seed-plain.yaml"), None),
        (
            "generated-names",
            fixtures.join("generated-names.yaml"),
            None,
        ),
        // Spec names that collide once made Rust names, resolved by the naming pass.
        (
            "name-collisions",
            fixtures.join("name-collisions.yaml"),
            None,
        ),
        ("security", fixtures.join("security.yaml"), None),
        ("bodies", fixtures.join("bodies.yaml"), None),
        ("compositions", fixtures.join("compositions.yaml"), None),
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
            "huaweicloud-oxide-region-api",
            "huaweicloud-distributed-message",
            "huaweicloud-generated-names",
            "huaweicloud-name-collisions",
            "huaweicloud-security-schemes",
            "huaweicloud-bodies",
            "huaweicloud-compositions",
        ]
    );
    // Hand-written JSON the compositions crate must decode as the spec says (and encode back).
    let checks = dir.path().join("checks");
    std::fs::create_dir_all(checks.join("src")).unwrap();
    std::fs::create_dir_all(checks.join("tests")).unwrap();
    std::fs::write(
        checks.join("Cargo.toml"),
        "[package]\nname = \"checks\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nhuaweicloud-compositions = { path = \"../compositions\" }\nserde_json = \"1\"\n",
    )
    .unwrap();
    std::fs::write(checks.join("src/lib.rs"), "//! Checks only.\n").unwrap();
    std::fs::write(checks.join("tests/decode.rs"), COMPOSITIONS_CHECKS).unwrap();
    members.push("\"checks\"".to_owned());
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
    cargo(
        dir.path(),
        &["test", "-p", "checks", "--test", "decode"],
        None,
    );
}

/// Decoding checks for `codegen/tests/fixtures/openapi/compositions.yaml`, against JSON written by hand from the
/// spec (the types and variant names are what spec/README.md says the generator makes of it).
const COMPOSITIONS_CHECKS: &str = r##"
use huaweicloud_compositions::types::*;

fn shapes(json: &str) -> Shapes {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"))
}

#[test]
fn a_choice_tagged_by_a_property() {
    let s = shapes(r#"{"source": {"type": "url", "url": "https://x"}, "updated": null, "state": null, "range": null}"#);
    // Fields are compared one by one: generated structs may be `#[non_exhaustive]`.
    assert!(matches!(&s.source, Source::Url(u) if u.url == "https://x"), "{s:?}");
    let s = shapes(r#"{"source": {"type": "you_upload_it"}, "updated": "2024-01-01T00:00:00Z", "state": "ready", "range": {"first": 1}}"#);
    assert_eq!(s.source, Source::YouUploadIt);
    assert_eq!(s.updated.as_deref(), Some("2024-01-01T00:00:00Z"));
    assert_eq!(s.state, Some(ShapesState::Ready));
    assert_eq!(s.range.map(|r| r.first), Some(1));
    // Encoding writes the tag back, and a required field that is null stays there as null.
    let back = serde_json::to_value(shapes(r#"{"source": {"type": "url", "url": "u"}, "updated": null, "state": null, "range": null}"#)).unwrap();
    assert_eq!(back, serde_json::json!({"source": {"type": "url", "url": "u"}, "updated": null, "state": null, "range": null}));
    // An unknown tag is no source.
    assert!(serde_json::from_str::<Source>(r#"{"type": "ftp"}"#).is_err());
}

#[test]
fn a_required_nullable_field_must_still_be_there() {
    assert!(serde_json::from_str::<Shapes>(r#"{"source": {"type": "you_upload_it"}, "state": null, "range": null}"#).is_err());
}

#[test]
fn untagged_choices_take_the_first_shape_that_fits() {
    let s = shapes(r#"{"source": {"type": "you_upload_it"}, "updated": null, "state": null, "range": null,
        "values": [{"first": 2}, 1.5, [3], {"type": "url", "url": "v"}],
        "expr": {"not": {"not": {"literal": "x"}}}, "name_or_id": "db-1"}"#);
    let values = s.values.unwrap();
    assert!(matches!(&values[0], Value::Range(Range { first: 2, last: None, .. })), "{values:?}");
    assert_eq!(values[1], Value::Number(1.5));
    assert_eq!(values[2], Value::List(vec![Value::Number(3.0)]));
    assert!(matches!(&values[3], Value::Source(Source::Url(_))), "{values:?}");
    let Some(Expr::Not(outer)) = s.expr else { panic!("not") };
    let Expr::Not(inner) = *outer.not else { panic!("not not") };
    assert!(matches!(&*inner.not, Expr::Literal(l) if l.literal == "x"), "{inner:?}");
    assert_eq!(s.name_or_id.map(|n| n.0).as_deref(), Some("db-1"));
}

#[test]
fn a_discriminator_chooses_the_variant_whatever_the_shape() {
    let pets: Vec<Pet> = serde_json::from_str(
        r#"[{"pet_type": "kitty", "name": "Tom"}, {"pet_type": "cat", "name": "Kit"}, {"pet_type": "Dog", "name": "Rex"}]"#,
    )
    .unwrap();
    assert!(matches!(&pets[0], Pet::Cat(c) if c.name == "Tom" && c.pet_type == "kitty"), "{pets:?}");
    assert!(matches!(&pets[1], Pet::Cat(c) if c.name == "Kit"), "{pets:?}");
    // Rex fits Cat's shape too: the discriminator says Dog.
    assert!(matches!(&pets[2], Pet::Dog(d) if d.name.as_deref() == Some("Rex")), "{pets:?}");
    let back = serde_json::to_value(&pets[0]).unwrap();
    assert_eq!(back, serde_json::json!({"pet_type": "kitty", "name": "Tom"}));
    let err = serde_json::from_str::<Pet>(r#"{"pet_type": "cow", "name": "x"}"#).unwrap_err();
    assert!(err.to_string().contains("names no variant of Pet"), "{err}");
    assert!(serde_json::from_str::<Pet>(r#"{"name": "x"}"#).is_err());
}

#[test]
fn all_of_is_one_struct_with_every_member_s_fields() {
    let l: Labeled = serde_json::from_str(r#"{"first": 1, "label": "a"}"#).unwrap();
    assert_eq!((l.first, l.last, l.label.as_str()), (1, None, "a"));
    // `label` is required by its member, `first` by Range.
    assert!(serde_json::from_str::<Labeled>(r#"{"first": 1}"#).is_err());
    assert!(serde_json::from_str::<Labeled>(r#"{"label": "a"}"#).is_err());
}

#[test]
fn a_choice_between_strings_is_a_string_or_an_open_enum() {
    assert_eq!(SortMode::from("id_ascending"), SortMode::IdAscending);
    assert_eq!(SortMode::from("name_ascending").as_str(), "name_ascending");
}
"##;
