//! What the generator makes of the OpenAPI semantics beyond shapes (`tests/fixtures/openapi/semantics.yaml`):
//! formats, `deprecated`, `readOnly`/`writeOnly`, `default`, `additionalProperties` beside properties,
//! multipart bodies, several successes and `default` responses. The expectations are what spec/README.md says;
//! tests/tests/openapi_samples.rs builds the crate and exercises it on JSON and wire bytes.

use std::path::{Path, PathBuf};

use codegen::ir::{
    Access, Output, Part, PartKind, Service, StatusBody, StructDef, TypeDef, TypeRef,
};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/openapi/semantics.yaml")
}

fn service() -> Service {
    codegen::load_service(&fixture()).expect("the fixture generates")
}

fn structure<'a>(service: &'a Service, name: &str) -> &'a StructDef {
    match service.types.iter().find(|t| t.name() == name) {
        Some(TypeDef::Struct(s)) => s,
        other => panic!("{name}: {other:?}"),
    }
}

fn field_type(service: &Service, ty: &str, field: &str) -> TypeRef {
    let s = structure(service, ty);
    s.fields
        .iter()
        .find(|f| f.wire_name == field)
        .unwrap_or_else(|| panic!("{ty}.{field}"))
        .ty
        .clone()
}

#[test]
fn string_formats_with_a_natural_rust_type_get_it() {
    let service = service();
    let ty = |f: &str| field_type(&service, "Thing", f);
    assert_eq!(ty("created_at"), TypeRef::Timestamp);
    assert_eq!(ty("birthday"), TypeRef::Date);
    assert_eq!(ty("avatar"), TypeRef::Base64);
    assert_eq!(ty("id"), TypeRef::String, "uuid stays text");
    assert_eq!(
        ty("stamp"),
        TypeRef::CompactDateTime,
        "the doc's own layout wins"
    );
    assert_eq!(ty("ratio"), TypeRef::F32);
    assert_eq!(ty("weight"), TypeRef::F64);
    assert_eq!(ty("size"), TypeRef::I64);
    assert_eq!(ty("count"), TypeRef::I32);
    assert_eq!(
        field_type(&service, "UploadRequestBody", "file"),
        TypeRef::Binary
    );
    let show = service
        .operations
        .iter()
        .find(|o| o.id == "ShowThing")
        .unwrap();
    let params: Vec<(&str, &TypeRef)> = show
        .params
        .iter()
        .map(|p| (p.wire_name.as_str(), &p.ty))
        .collect();
    assert_eq!(
        params,
        [
            ("thing_id", &TypeRef::String),
            ("since", &TypeRef::Timestamp),
            ("day", &TypeRef::Date),
            ("token", &TypeRef::Base64),
            ("begin_time", &TypeRef::CompactDateTime),
            ("legacy", &TypeRef::String),
        ]
    );
}

#[test]
fn deprecated_reaches_operations_parameters_types_and_fields() {
    let service = service();
    let deprecated_ops: Vec<&str> = service
        .operations
        .iter()
        .filter(|o| o.deprecated)
        .map(|o| o.id.as_str())
        .collect();
    assert_eq!(deprecated_ops, ["ListOld"]);
    let show = service
        .operations
        .iter()
        .find(|o| o.id == "ShowThing")
        .unwrap();
    let params: Vec<&str> = show
        .params
        .iter()
        .filter(|p| p.deprecated)
        .map(|p| p.wire_name.as_str())
        .collect();
    assert_eq!(params, ["legacy"]);
    assert!(structure(&service, "Old").deprecated);
    assert!(!structure(&service, "Thing").deprecated);
    let fields: Vec<&str> = structure(&service, "Thing")
        .fields
        .iter()
        .filter(|f| f.deprecated)
        .map(|f| f.wire_name.as_str())
        .collect();
    assert_eq!(fields, ["old_field"]);
    assert!(service.has_deprecated());
    // And the crate allows its own uses, which a spec without deprecations does not need.
    let lib = |service: &Service| {
        codegen::rust::render_crate(
            service,
            &codegen::CrateOptions {
                source: "t.yaml".into(),
                runtime_path: "../runtime".into(),
                examples: vec![],
                name: None,
            },
        )
        .unwrap()
        .into_iter()
        .find(|f| f.path.ends_with("lib.rs"))
        .unwrap()
        .contents
    };
    assert!(lib(&service).contains("#![allow(deprecated)]"));
    let plain = codegen::load_service(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/openapi/seed-plain.yaml"),
    )
    .unwrap();
    assert!(!lib(&plain).contains("allow(deprecated)"));
}

#[test]
fn read_only_write_only_and_defaults() {
    let service = service();
    let thing = structure(&service, "Thing");
    let field = |name: &str| thing.fields.iter().find(|f| f.wire_name == name).unwrap();
    assert_eq!(field("id").access, Access::ReadOnly);
    assert_eq!(field("created_at").access, Access::ReadOnly);
    assert_eq!(field("secret_key").access, Access::WriteOnly);
    assert_eq!(field("name").access, Access::ReadWrite);
    // Required, yet an `Option`: one way lacks it.
    assert!(field("id").required && field("id").is_option());
    assert!(field("secret_key").required && field("secret_key").is_option());
    assert!(!field("name").is_option());
    // Literal defaults of the field's own type replace the `Option`; others are documented only.
    for (name, value) in [
        ("size", serde_json::json!(10)),
        ("ratio", serde_json::json!(0.5)),
        ("color", serde_json::json!("blue")),
        ("enabled", serde_json::json!(true)),
    ] {
        assert_eq!(field(name).default_literal(), Some(&value), "{name}");
        assert!(!field(name).is_option(), "{name}");
    }
    assert_eq!(field("shape").default, Some(serde_json::json!("round")));
    assert_eq!(field("shape").default_literal(), None);
    assert!(field("shape").is_option());
}

#[test]
fn additional_properties_beside_properties_are_a_map_field() {
    let service = service();
    let labels = structure(&service, "Labels");
    let additional = labels.additional.as_ref().expect("a map field");
    assert_eq!(
        (additional.rust_name.as_str(), &additional.ty),
        ("additional_properties", &TypeRef::String)
    );
    assert_eq!(
        structure(&service, "Annotations")
            .additional
            .as_ref()
            .map(|a| &a.ty),
        Some(&TypeRef::Json)
    );
    assert_eq!(structure(&service, "Closed").additional, None);
    assert!(matches!(
        service.types.iter().find(|t| t.name() == "Counts"),
        Some(TypeDef::Newtype(n)) if n.inner == TypeRef::Map(Box::new(TypeRef::I32))
    ));
}

#[test]
fn several_successes_are_an_enum_by_status_and_default_types_the_error() {
    let service = service();
    let op = |id: &str| service.operations.iter().find(|o| o.id == id).unwrap();
    let Output::ByStatus { name, variants } = &op("CreateThing").output else {
        panic!("{:?}", op("CreateThing").output)
    };
    assert_eq!(name, "CreateThingOutput");
    let shape: Vec<(&str, &str, &StatusBody)> = variants
        .iter()
        .map(|v| (v.status.as_str(), v.rust_name.as_str(), &v.body))
        .collect();
    assert_eq!(
        shape,
        [
            (
                "201",
                "Created",
                &StatusBody::Json(TypeRef::Named("Thing".into()))
            ),
            (
                "202",
                "Accepted",
                &StatusBody::Json(TypeRef::Named("Job".into()))
            ),
            ("204", "NoContent", &StatusBody::Empty),
        ]
    );
    assert!(matches!(
        &op("UpdateLabels").output,
        Output::ByStatus { variants, .. } if variants[1].body == StatusBody::Text && variants[1].rust_name == "PartialContent"
    ));
    // One body: the plain output.
    assert!(matches!(&op("ShowThing").output, Output::Json { .. }));
    assert_eq!(
        op("CreateThing").error_type,
        Some(TypeRef::Named("Failure".into()))
    );
    assert_eq!(op("ListOld").error_type, None);
}

#[test]
fn a_multipart_body_is_a_part_per_sent_property() {
    let service = service();
    let upload = service
        .operations
        .iter()
        .find(|o| o.id == "Upload")
        .unwrap();
    let parts: Vec<(&str, bool, PartKind, bool)> = upload
        .body
        .as_ref()
        .unwrap()
        .parts
        .iter()
        .map(|p: &Part| (p.wire_name.as_str(), p.optional, p.kind, p.repeated))
        .collect();
    // `id` is read-only: never sent.
    assert_eq!(
        parts,
        [
            ("name", false, PartKind::Text, false),
            ("file", false, PartKind::File, false),
            ("extra", true, PartKind::File, true),
            ("tags", true, PartKind::Text, true),
            ("size", true, PartKind::Text, false),
            ("mode", true, PartKind::Text, false),
            ("meta", true, PartKind::Json, false),
        ]
    );
}

fn problems(text: &str) -> Vec<(u64, String)> {
    let path = Path::new("t.yaml");
    let spec = match codegen::spec::parse(text, path) {
        Ok(spec) => spec,
        Err(d) => {
            return d
                .items
                .iter()
                .map(|d| (d.pos.line, d.message.clone()))
                .collect();
        }
    };
    match codegen::ir::build(&spec, path) {
        Ok(_) => Vec::new(),
        Err(d) => d
            .items
            .iter()
            .map(|d| (d.pos.line, d.message.clone()))
            .collect(),
    }
}

#[test]
fn multipart_that_cannot_be_sent_is_a_diagnostic_at_its_place() {
    let spec = |media: &str, schema: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: v1}}\npaths:\n  /up:\n    post:\n      operationId: Up\n      \
             requestBody:\n        content:\n          {media}:\n            schema: {schema}\n      \
             responses: {{'204': {{description: ok}}}}\n"
        )
    };
    assert_eq!(
        problems(&spec(
            "multipart/form-data",
            "{type: object, properties: {a: {type: string}}}"
        )),
        []
    );
    let found = problems(&spec(
        "multipart/form-data",
        "{type: array, items: {type: string}}",
    ));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, 10, "{found:?}");
    assert!(
        found[0].1.contains("`multipart/form-data` body of `Up`"),
        "{found:?}"
    );
    let found = problems(&spec("multipart/mixed", "{type: object}"));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, 9, "{found:?}");
    assert!(found[0].1.contains("`multipart/mixed`"), "{found:?}");
}

#[test]
fn a_paging_total_that_is_always_there_is_not_read_as_an_option() {
    let spec = |total: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: v1}}\npaths:\n  /items:\n    get:\n      operationId: ListItems\n      \
             parameters:\n        - {{name: offset, in: query, schema: {{type: integer}}}}\n        \
             - {{name: limit, in: query, schema: {{type: integer}}}}\n      responses:\n        '200':\n          \
             description: ok\n          content:\n            application/json:\n              schema:\n                \
             type: object\n                properties:\n                  items: {{type: array, items: {{type: string}}}}\n                  \
             total: {total}\n"
        )
    };
    let paging = |total: &str| {
        let path = Path::new("t.yaml");
        let spec = codegen::spec::parse(&spec(total), path).expect("valid");
        let service = codegen::ir::build(&spec, path).expect("ir");
        service.operations[0].pagination.clone().expect("pages")
    };
    assert!(paging("{type: integer}").total.is_some());
    // With a default the field is an `i32`, not an `Option` (the generated `page` would not compile).
    assert_eq!(paging("{type: integer, default: 0}").total, None);
}

#[test]
fn default_is_the_success_when_no_2xx_is_listed_else_an_error() {
    // `default` is every status the operation does not list (OpenAPI): with no 2xx listed, successes too.
    let spec = "openapi: 3.0.3\ninfo: {title: T, version: v1}\npaths:\n  /a:\n    get:\n      operationId: OnlyDefault\n      \
                responses:\n        default:\n          description: no status\n          content:\n            \
                application/json:\n              schema: {$ref: '#/components/schemas/Thing'}\n  /b:\n    get:\n      \
                operationId: OkAndDefault\n      responses:\n        '204': {description: ok}\n        default:\n          \
                description: error\n          content:\n            application/json:\n              \
                schema: {$ref: '#/components/schemas/Thing'}\ncomponents:\n  schemas:\n    Thing:\n      type: object\n      \
                properties: {id: {type: string}}\n";
    let path = Path::new("t.yaml");
    let spec = codegen::spec::parse(spec, path).expect("valid");
    let service = codegen::ir::build(&spec, path).expect("ir");
    let op = |id: &str| service.operations.iter().find(|o| o.id == id).unwrap();
    assert!(
        matches!(&op("OnlyDefault").output, Output::Json { ty: TypeRef::Named(n), .. } if n == "Thing"),
        "{:?}",
        op("OnlyDefault").output
    );
    assert_eq!(op("OnlyDefault").error_type, None);
    assert!(matches!(&op("OkAndDefault").output, Output::Empty));
    assert_eq!(
        op("OkAndDefault").error_type,
        Some(TypeRef::Named("Thing".into()))
    );
}
