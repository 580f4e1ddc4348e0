//! The generated API does not break needlessly (spec/README.md, "Compatibility of the generated API"): one small
//! user program, written the way the generated docs say (request body through `new(required…)` and `with_…`,
//! the request through the client method and through `Request::new`, response fields read, an open enum matched
//! with a `_` arm), compiles against a crate generated from a spec and against the crate of the same spec with
//! one more optional request-body field, one more optional query parameter, one more response field (even a
//! required one) and one more enum value. It does not compile against the crate of the spec without a response
//! field it reads, and code that uses struct literals or matches a generated enum exhaustively does not compile
//! even against the first crate: the `#[non_exhaustive]` types keep users off the code that additions would break.
//!
//! The last test checks the same rules on every type of the committed Kafka crate, from its syntax tree.
//!
//! Each crate is generated into a temp dir and checked (`cargo check`, no linking) with the workspace's target
//! directory, where the runtime is already built.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use quote::ToTokens;

use sdk_tests::repo_root;

/// What the spec of [`spec`] has beyond (or short of) the first version.
#[derive(Clone, Copy, PartialEq)]
enum Version {
    /// The spec the user program was written against.
    First,
    /// + optional request-body field `colour`, optional query parameter `dry_run`, required response field
    ///   `created_at`, enum value `deleting`.
    Grown,
    /// - the response field `id`, which the user program reads.
    Shrunk,
}

/// A service with one operation: `POST /v1/zones/{zone}/widgets`, a body with a required and an optional field
/// and a nested struct, a response with a string field and an open enum.
fn spec(version: Version) -> serde_json::Value {
    let mut body_props = serde_json::json!({
        "name": {"type": "string", "description": "Widget name."},
        "size": {"type": "integer", "format": "int32"},
        "placement": {"$ref": "#/components/schemas/Placement"}
    });
    let mut query = vec![serde_json::json!({
        "name": "zone", "in": "path", "required": true, "schema": {"type": "string"}
    })];
    let mut response_props = serde_json::json!({
        "id": {"type": "string"},
        "status": {"$ref": "#/components/schemas/WidgetStatus"}
    });
    let mut response_required = vec![];
    let mut statuses = vec!["creating", "ready"];
    match version {
        Version::First => {}
        Version::Grown => {
            body_props["colour"] = serde_json::json!({"type": "string"});
            query.push(serde_json::json!({
                "name": "dry_run", "in": "query", "required": false, "schema": {"type": "boolean"}
            }));
            response_props["created_at"] = serde_json::json!({"type": "string"});
            response_required.push("created_at");
            statuses.push("deleting");
        }
        Version::Shrunk => {
            response_props.as_object_mut().unwrap().remove("id");
        }
    }
    serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "Compat", "version": "1", "x-service": "compat"},
        "servers": [{"url": "https://compat.example.com"}],
        "paths": {
            "/v1/zones/{zone}/widgets": {
                "post": {
                    "operationId": "CreateWidget",
                    "x-doc-group": "Widgets",
                    "security": [],
                    "parameters": query,
                    "requestBody": {
                        "required": true,
                        "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/CreateWidgetRequestBody"}
                        }}
                    },
                    "responses": {"200": {
                        "description": "Created.",
                        "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/CreateWidgetResponse"}
                        }}
                    }}
                }
            }
        },
        "components": {"schemas": {
            "CreateWidgetRequestBody": {
                "type": "object", "required": ["name"], "properties": body_props
            },
            "Placement": {
                "type": "object", "required": ["rack"],
                "properties": {"rack": {"type": "string"}, "slot": {"type": "integer", "format": "int32"}}
            },
            "CreateWidgetResponse": {
                "type": "object", "required": response_required, "properties": response_props
            },
            "WidgetStatus": {"type": "string", "enum": statuses}
        }}
    })
}

/// Written against [`Version::First`] the way the generated docs say; touches every kind of generated item.
const USER: &str = r#"
use huaweicloud_compat::Client;
use huaweicloud_compat::operations::widgets::CreateWidgetRequest;
use huaweicloud_compat::types::{CreateWidgetRequestBody, CreateWidgetResponse, Placement, WidgetStatus};

pub fn body() -> CreateWidgetRequestBody {
    let mut body = CreateWidgetRequestBody::new("w-1")
        .with_size(3)
        .with_placement(Placement::new("r-7").with_slot(2));
    body.name.push_str("-a");
    body
}

pub fn request() -> CreateWidgetRequest {
    CreateWidgetRequest::new("zone-1", body())
}

pub fn read(response: &CreateWidgetResponse) -> String {
    let status = match &response.status {
        Some(WidgetStatus::Ready) => "ready",
        Some(WidgetStatus::Creating) => "creating",
        Some(_) => "other",
        None => "unknown",
    };
    format!("{:?} {status}", response.id)
}

pub async fn send(client: &Client) -> huaweicloud_compat::Result<String> {
    let response = client.create_widget("zone-1", body()).send().await?;
    let again = client.execute(request()).await?;
    Ok(read(&response) + &read(&again))
}
"#;

/// Builds a request body with a struct literal: a field added later would break it.
const USER_WITH_STRUCT_LITERAL: &str = r#"
use huaweicloud_compat::types::CreateWidgetRequestBody;

pub fn body() -> CreateWidgetRequestBody {
    CreateWidgetRequestBody { name: "w-1".into(), size: None, placement: None }
}
"#;

/// Matches every known value without `_`: a value added later would break it.
const USER_WITH_EXHAUSTIVE_MATCH: &str = r#"
use huaweicloud_compat::types::WidgetStatus;

pub fn name(status: &WidgetStatus) -> &'static str {
    match status {
        WidgetStatus::Creating => "creating",
        WidgetStatus::Ready => "ready",
        WidgetStatus::Unknown(_) => "unknown",
    }
}
"#;

/// The workspace's target directory, where the runtime is already built (see `hostile_strings.rs`).
fn target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(dir);
    }
    let exe = std::env::current_exe().unwrap();
    exe.ancestors().nth(3).unwrap().to_path_buf()
}

/// Generates the crate of `version` into `dir/sdk` and the user crate with `source` into `dir/user`.
fn user_crate(dir: &Path, version: Version, source: &str) -> PathBuf {
    let spec_path = dir.join("compat.json");
    std::fs::write(&spec_path, spec(version).to_string()).unwrap();
    let options = codegen::CrateOptions {
        source: "compat.json".into(),
        runtime_path: repo_root()
            .join("runtime")
            .canonicalize()
            .unwrap()
            .display()
            .to_string(),
        examples: vec![],
        name: None,
    };
    let files = codegen::render_crate(&spec_path, &options).expect("the spec generates");
    for f in &files {
        let path = dir.join("sdk").join(&f.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &f.contents).unwrap();
    }
    let user = dir.join("user");
    std::fs::create_dir_all(user.join("src")).unwrap();
    std::fs::write(
        user.join("Cargo.toml"),
        "[package]\nname = \"compat-user\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nhuaweicloud-compat = { path = \"../sdk\" }\n\n[workspace]\n",
    )
    .unwrap();
    std::fs::write(user.join("src/lib.rs"), source).unwrap();
    // The workspace's lock pins the versions already built there.
    std::fs::copy(repo_root().join("Cargo.lock"), user.join("Cargo.lock")).unwrap();
    user
}

/// `cargo check` of the user crate: `Ok` or the compiler's messages.
fn check(version: Version, source: &str) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let user = user_crate(dir.path(), version, source);
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["check", "--offline", "--quiet", "--message-format", "short"])
        .current_dir(&user)
        .env("CARGO_TARGET_DIR", target_dir())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if output.status.success() {
        Ok(())
    } else {
        Err(stderr)
    }
}

/// About 5 s per crate checked once the target directory holds the runtime (its first build there for this
/// crate's feature set takes a minute).
#[test]
fn adding_optional_request_fields_and_response_fields_does_not_break_a_user() {
    let started = std::time::Instant::now();
    if let Err(errors) = check(Version::First, USER) {
        panic!("the user program does not compile against the first crate:\n{errors}");
    }
    if let Err(errors) = check(Version::Grown, USER) {
        panic!(
            "adding optional request fields and response fields broke the user program:\n{errors}"
        );
    }
    // The oracle can fail: a removed field the program reads is a compile error.
    match check(Version::Shrunk, USER) {
        Ok(()) => panic!("removing the response field `id` did not break the user program"),
        Err(errors) => assert!(errors.contains("no field `id`"), "{errors}"),
    }
    eprintln!("three crates checked in {:.1?}", started.elapsed());
}

/// The code that additions would break does not compile in the first place: no struct literals of generated
/// types (E0639), no exhaustive matches of generated enums (E0004).
#[test]
fn generated_types_cannot_be_built_with_literals_or_matched_exhaustively() {
    match check(Version::First, USER_WITH_STRUCT_LITERAL) {
        Ok(()) => panic!("a generated struct can be built with a struct literal"),
        Err(errors) => assert!(errors.contains("E0639"), "{errors}"),
    }
    match check(Version::First, USER_WITH_EXHAUSTIVE_MATCH) {
        Ok(()) => panic!("a generated enum can be matched without `_`"),
        Err(errors) => assert!(errors.contains("E0004"), "{errors}"),
    }
}

/// What the syntax tree of a generated crate says about one type: `#[non_exhaustive]` or not, and the
/// methods of its inherent impls.
#[derive(Default)]
struct Shapes {
    /// Structs with public named fields, and enums, with whether they are `#[non_exhaustive]`.
    non_exhaustive: BTreeMap<String, bool>,
    /// Methods of inherent impls, by type.
    methods: BTreeMap<String, BTreeSet<String>>,
    /// Structs declared in `src/types.rs`.
    in_types: BTreeSet<String>,
}

fn is_non_exhaustive(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("non_exhaustive"))
}

fn shapes(src: &Path) -> Shapes {
    let mut out = Shapes::default();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let file = syn::parse_file(&std::fs::read_to_string(&path).unwrap()).unwrap();
            for item in &file.items {
                match item {
                    // Data structs: the builders and the client have private fields only.
                    syn::Item::Struct(s)
                        if matches!(s.fields, syn::Fields::Named(_))
                            && s.fields
                                .iter()
                                .any(|f| matches!(f.vis, syn::Visibility::Public(_))) =>
                    {
                        out.non_exhaustive
                            .insert(s.ident.to_string(), is_non_exhaustive(&s.attrs));
                        if path.ends_with("src/types.rs") {
                            out.in_types.insert(s.ident.to_string());
                        }
                    }
                    syn::Item::Enum(e) => {
                        out.non_exhaustive
                            .insert(e.ident.to_string(), is_non_exhaustive(&e.attrs));
                    }
                    syn::Item::Impl(imp) if imp.trait_.is_none() => {
                        let ty = imp.self_ty.to_token_stream().to_string();
                        let methods = out.methods.entry(ty).or_default();
                        for f in &imp.items {
                            if let syn::ImplItem::Fn(f) = f {
                                methods.insert(f.sig.ident.to_string());
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    out
}

/// The rules of spec/README.md hold for every type of the committed Kafka crate, checked from its syntax tree:
/// every struct and enum is `#[non_exhaustive]`; the structs of `types` that a request reaches (followed from
/// the request structs' field types, an independent walk over the generated code) have `new` and one
/// `with_<field>` per optional field, and the others have neither.
#[test]
fn every_kafka_type_follows_the_compatibility_rules() {
    let src = repo_root().join("generated/kafka/src");
    let krate = sdk_tests::reflect::read_crate(&src);
    let shapes = shapes(&src);
    let open: Vec<_> = shapes
        .non_exhaustive
        .iter()
        .filter(|(_, closed)| !**closed)
        .map(|(name, _)| name)
        .collect();
    assert!(open.is_empty(), "not #[non_exhaustive]: {open:?}");
    assert!(
        shapes.non_exhaustive.len() > 150,
        "{}",
        shapes.non_exhaustive.len()
    );

    // Types a caller sends: reachable from a request struct's fields.
    let mut sent = BTreeSet::new();
    let mut stack: Vec<String> = krate
        .requests
        .values()
        .map(|r| r.request_type.clone())
        .collect();
    while let Some(name) = stack.pop() {
        let name = krate.resolve(&name).to_owned();
        let Some(fields) = krate.structs.get(&name) else {
            continue;
        };
        if !sent.insert(name) {
            continue;
        }
        for f in fields {
            stack.extend(
                f.ty.split(|c: char| !c.is_alphanumeric() && c != '_')
                    .filter(|w| !w.is_empty())
                    .map(str::to_owned),
            );
        }
    }
    let mut built = 0;
    for name in &shapes.in_types {
        let methods = shapes.methods.get(name).cloned().unwrap_or_default();
        let setters: BTreeSet<String> = methods
            .iter()
            .filter(|m| m.starts_with("with_"))
            .cloned()
            .collect();
        if sent.contains(name) {
            let optional: BTreeSet<String> = krate.structs[name]
                .iter()
                .filter(|f| f.ty.starts_with("Option<"))
                .map(|f| format!("with_{}", f.ident))
                .collect();
            assert!(methods.contains("new"), "{name} is sent but has no `new`");
            assert_eq!(setters, optional, "{name}: setters");
            built += 1;
        } else {
            assert!(
                !methods.contains("new") && setters.is_empty(),
                "{name} is only received but has a constructor or setters: {methods:?}"
            );
        }
    }
    assert!(
        built > 20 && built < shapes.in_types.len(),
        "{built} of {}",
        shapes.in_types.len()
    );
}
