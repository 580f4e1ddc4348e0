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
        // Formats, deprecated, readOnly/writeOnly, defaults, additionalProperties beside properties, multipart,
        // several successes, a `default` error response.
        ("semantics", fixtures.join("semantics.yaml"), None),
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
            "huaweicloud-semantics",
        ]
    );
    // Hand-written JSON the compositions crate must decode as the spec says (and encode back).
    let checks = dir.path().join("checks");
    std::fs::create_dir_all(checks.join("src")).unwrap();
    std::fs::create_dir_all(checks.join("tests")).unwrap();
    std::fs::write(
        checks.join("Cargo.toml"),
        "[package]\nname = \"checks\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nhuaweicloud-compositions = { path = \"../compositions\" }\n\
         huaweicloud-semantics = { path = \"../semantics\" }\nhuaweicloud-core = { path = \"RUNTIME\" }\n\
         serde_json = \"1\"\n"
            .replace("RUNTIME", &runtime.to_string_lossy()),
    )
    .unwrap();
    std::fs::write(checks.join("src/lib.rs"), SEMANTICS_DEPRECATIONS).unwrap();
    std::fs::write(checks.join("tests/decode.rs"), COMPOSITIONS_CHECKS).unwrap();
    std::fs::write(checks.join("tests/semantics.rs"), SEMANTICS_CHECKS).unwrap();
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
        &[
            "test",
            "-p",
            "checks",
            "--test",
            "decode",
            "--test",
            "semantics",
        ],
        None,
    );
}

/// Built by the `clippy -D warnings` above: each use of what `semantics.yaml` deprecates expects the
/// `deprecated` warning, so a missing `#[deprecated]` is an unfulfilled expectation (a warning, hence an
/// error), and a use of something not deprecated outside them would be one too.
const SEMANTICS_DEPRECATIONS: &str = r##"//! Checks only.
use huaweicloud_semantics::operations::things::ShowThingRequest;
#[expect(deprecated)]
use huaweicloud_semantics::types::Old;
use huaweicloud_semantics::types::Thing;

#[expect(deprecated)]
pub fn a_deprecated_operation(client: &huaweicloud_semantics::Client) {
    let _ = client.list_old();
}

#[expect(deprecated)]
pub fn a_deprecated_field(thing: &Thing) -> Option<&str> {
    thing.old_field.as_deref()
}

#[expect(deprecated)]
pub fn a_deprecated_parameter(request: &ShowThingRequest) -> Option<&str> {
    request.legacy.as_deref()
}

#[expect(deprecated)]
pub fn a_deprecated_type(old: &Old) -> Option<&str> {
    old.v.as_deref()
}

pub fn nothing_deprecated(thing: &Thing) -> &str {
    &thing.name
}
"##;

/// Checks for `codegen/tests/fixtures/openapi/semantics.yaml`, against JSON and wire bytes written by hand from
/// the spec and RFC 3339 / RFC 4648 / RFC 7578 (what spec/README.md says the generator makes of it).
const SEMANTICS_CHECKS: &str = r##"
use huaweicloud_core::http::HeaderMap;
use huaweicloud_core::{jiff, ApiRequest, RawResponse, ServiceError};
use huaweicloud_semantics::operations::things::*;
use huaweicloud_semantics::operations::uploads::*;
use huaweicloud_semantics::types::*;
use serde_json::json;

fn thing(json: &str) -> Thing {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"))
}

#[test]
fn formats_decode_into_their_types() {
    let t = thing(r#"{"id": "0b8a3f4e-2c1d-4e5f-9a8b-7c6d5e4f3a2b", "name": "n", "created_at": "2024-05-06T07:08:09Z",
        "birthday": "2000-02-29", "avatar": "aGkh", "stamp": "20240101000000", "weight": 1.5, "count": 7, "size": 3}"#);
    let at = jiff::civil::date(2024, 5, 6).at(7, 8, 9, 0).to_zoned_datetime(jiff::tz::TimeZone::UTC).unwrap().timestamp();
    assert_eq!(t.created_at, Some(at));
    assert_eq!(t.birthday, Some(jiff::civil::date(2000, 2, 29)));
    assert_eq!(t.avatar.as_deref().map(Vec::as_slice), Some(&b"hi!"[..]));
    // uuid stays text.
    assert_eq!(t.id.as_deref(), Some("0b8a3f4e-2c1d-4e5f-9a8b-7c6d5e4f3a2b"));
    assert_eq!(t.stamp.as_ref().map(|s| s.as_str()), Some("20240101000000"));
    assert_eq!((t.weight, t.count), (Some(1.5), Some(7)));
    // What is not the format is a decoding error.
    let bad = |json: &str| serde_json::from_str::<Thing>(json).is_err();
    assert!(bad(r#"{"id": "i", "name": "n", "created_at": "yesterday"}"#));
    assert!(bad(r#"{"id": "i", "name": "n", "birthday": "2001-02-29"}"#));
    assert!(bad(r#"{"id": "i", "name": "n", "avatar": "a!"}"#));
}

#[test]
fn defaults_fill_absent_members_and_read_only_fields_are_never_sent() {
    // A response: read-only members there, the write-only one absent, defaults absent.
    let t = thing(r#"{"id": "i", "name": "n", "created_at": "2024-05-06T07:08:09Z", "size": 3}"#);
    assert_eq!((t.size, t.ratio, t.color.as_str(), t.enabled), (3, 0.5, "blue", true));
    assert_eq!(t.secret_key, None);
    // A default that is not a literal of the field's type (an enum) is documented only.
    assert_eq!(t.shape, None);
    assert_eq!(
        serde_json::to_value(&t).unwrap(),
        json!({"name": "n", "size": 3, "ratio": 0.5, "color": "blue", "enabled": true})
    );
    // A request: `new` takes the required members that are sent (the write-only one too, not the read-only ones).
    let sent = Thing::new("n", "s3cret")
        .with_birthday(jiff::civil::date(2000, 2, 29))
        .with_avatar(b"hi!".to_vec());
    assert_eq!(
        serde_json::to_value(&sent).unwrap(),
        json!({"name": "n", "secret_key": "s3cret", "birthday": "2000-02-29", "avatar": "aGkh",
               "size": 10, "ratio": 0.5, "color": "blue", "enabled": true})
    );
    assert!(!format!("{sent:?}").contains("s3cret"));
}

#[test]
fn parameters_are_sent_in_their_format() {
    let at = jiff::civil::date(2024, 5, 6).at(7, 8, 9, 0).to_zoned_datetime(jiff::tz::TimeZone::UTC).unwrap().timestamp();
    let mut request = ShowThingRequest::new("t-1");
    request.since = Some(at);
    request.day = Some(jiff::civil::date(2000, 2, 29));
    request.token = Some(b"foob".to_vec().into());
    let input = request.into_input().unwrap();
    assert_eq!(
        input.query,
        [("since", "2024-05-06T07:08:09Z".to_owned()), ("day", "2000-02-29".to_owned()), ("token", "Zm9vYg==".to_owned())]
    );
}

#[test]
fn additional_properties_beside_properties_are_a_flattened_map() {
    let json = json!({"owner": "o", "x": "1", "y": "2"});
    let labels: Labels = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(labels.owner, "o");
    assert_eq!(labels.additional_properties.get("x").map(String::as_str), Some("1"));
    assert_eq!(labels.additional_properties.len(), 2);
    assert_eq!(serde_json::to_value(&labels).unwrap(), json);
    // The other members have the declared type; the documented ones are still required.
    assert!(serde_json::from_value::<Labels>(json!({"owner": "o", "x": 1})).is_err());
    assert!(serde_json::from_value::<Labels>(json!({"x": "1"})).is_err());
    let any = json!({"note": "n", "more": [1, {"a": null}]});
    let annotations: Annotations = serde_json::from_value(any.clone()).unwrap();
    assert_eq!(annotations.additional_properties["more"], json!([1, {"a": null}]));
    assert_eq!(serde_json::to_value(&annotations).unwrap(), any);
    // `additionalProperties: false`: no map; other members are not kept (nor sent back).
    let closed: Closed = serde_json::from_value(json!({"only": "a", "zzz": 1})).unwrap();
    assert_eq!(serde_json::to_value(&closed).unwrap(), json!({"only": "a"}));
    // Only additionalProperties: a map.
    let counts: Counts = serde_json::from_value(json!({"a": 1})).unwrap();
    assert_eq!(counts.0.get("a"), Some(&1));
}

fn response(status: u16, body: &str) -> RawResponse {
    RawResponse::new(status, HeaderMap::new(), body.as_bytes().to_vec())
}

#[test]
fn several_successes_are_told_apart_by_status() {
    let created = CreateThingRequest::decode(response(201, r#"{"id": "i", "name": "n"}"#)).unwrap();
    assert!(matches!(&created, CreateThingOutput::Created(t) if t.name == "n" && t.id.as_deref() == Some("i")), "{created:?}");
    let accepted = CreateThingRequest::decode(response(202, r#"{"job_id": "j"}"#)).unwrap();
    assert!(matches!(&accepted, CreateThingOutput::Accepted(j) if j.job_id == "j"), "{accepted:?}");
    assert_eq!(CreateThingRequest::decode(response(204, "")).unwrap(), CreateThingOutput::NoContent);
    let undocumented = CreateThingRequest::decode(response(200, "{}")).unwrap_err();
    assert!(undocumented.to_string().contains("HTTP 200 is not a documented success of CreateThing"), "{undocumented}");
    let text = UpdateLabelsRequest::decode(response(206, "some")).unwrap();
    assert_eq!(text, UpdateLabelsOutput::PartialContent("some".to_owned()));
    let all = UpdateLabelsRequest::decode(response(200, r#"{"owner": "o"}"#)).unwrap();
    assert!(matches!(&all, UpdateLabelsOutput::Ok(l) if l.owner == "o"), "{all:?}");
}

#[test]
fn the_default_response_types_the_error_body() {
    let error = huaweicloud_core::Error::from(ServiceError::from_response(
        409,
        &HeaderMap::new(),
        br#"{"code": "E.1", "message": "taken"}"#,
    ));
    let body = CreateThingRequest::error_body(&error).expect("a Failure");
    assert_eq!((body.code.as_deref(), body.message.as_deref()), (Some("E.1"), Some("taken")));
    let other = huaweicloud_core::Error::from(ServiceError::from_response(500, &HeaderMap::new(), b"<html>"));
    assert!(ShowThingRequest::error_body(&other).is_none());
}

#[test]
fn a_multipart_body_has_a_part_per_property() {
    let body = UploadRequestBody::new("report", huaweicloud_core::format::Binary::file("a.txt", b"hello".to_vec()).with_content_type("text/plain"))
        .with_tags(vec!["x".to_owned(), "y".to_owned()])
        .with_size(5)
        .with_mode(UploadRequestBodyMode::Fast)
        .with_meta(Annotations::new().with_note("n"));
    let input = UploadRequest::new(body).into_input().unwrap();
    let content_type = &input.headers.iter().find(|(k, _)| *k == "Content-Type").expect("content type").1;
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect(content_type);
    let part = |name: &str, value: &str| {
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
    };
    let expected = [
        part("name", "report"),
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\
             Content-Type: text/plain\r\n\r\nhello\r\n"
        ),
        part("tags", "x"),
        part("tags", "y"),
        part("size", "5"),
        part("mode", "fast"),
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"meta\"\r\n\
             Content-Type: application/json\r\n\r\n{{\"note\":\"n\"}}\r\n"
        ),
        format!("--{boundary}--\r\n"),
    ]
    .concat();
    assert_eq!(String::from_utf8(input.body.clone().unwrap()).unwrap(), expected);
}
"##;

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
    // `format: date-time`: a timestamp.
    assert_eq!(s.updated.map(|t| t.as_second()), Some(1_704_067_200));
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
