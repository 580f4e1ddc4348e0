//! `codegen diff`: each change kind on a small hand-written spec pair, with the kind, location and verdicts
//! written by hand from the rules (not from what the code printed); the JSON output's shape and the exit codes;
//! and the real history of the Kafka API reference (2022-12-09 → 2024-07-04 → 2024-08-23), transcribed from the
//! pages, whose operations added and removed must be exactly those of the snapshots' `operations.tsv`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use codegen::diff::{self, Change, Kind, Report, Semver, Version};

/// A small service: three operations, parameters of every location, a request body with a nested object and an
/// enum, a JSON success response with an array of objects.
const BASE: &str = r#"openapi: 3.0.3
info:
  title: Diff Test Service
  version: v1
  x-service: difftest
servers:
  - url: https://difftest.{region}.example.com
    variables:
      region:
        default: r-1
        enum: [r-1, r-2]
security:
  - AkSk: []
paths:
  /v1/{project_id}/items:
    get:
      operationId: ListItems
      summary: Listing items
      description: Lists the items.
      parameters:
        - name: project_id
          in: path
          required: true
          schema: {type: string}
          x-from-credentials: project_id
        - name: limit
          in: query
          required: false
          description: Page size.
          schema: {type: integer, format: int32}
        - name: kind
          in: query
          required: false
          schema: {type: string, enum: [small, large]}
        - name: X-Trace
          in: header
          required: false
          schema: {type: string}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
                required: [count]
                properties:
                  count: {type: integer, format: int32}
                  items:
                    type: array
                    items:
                      type: object
                      properties:
                        name: {type: string, description: The name.}
                        size: {type: integer, format: int32}
                        state: {type: string, enum: [ready, busy]}
        '400':
          description: Bad request
    post:
      operationId: CreateItem
      summary: Creating an item
      parameters:
        - name: project_id
          in: path
          required: true
          schema: {type: string}
          x-from-credentials: project_id
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [name]
              properties:
                name: {type: string}
                size: {type: integer, format: int32}
                mode: {type: string, enum: [fast, safe]}
                spec:
                  type: object
                  properties:
                    cpu: {type: integer, format: int32}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  id: {type: string}
  /v1/{project_id}/items/{item_id}:
    delete:
      operationId: DeleteItem
      parameters:
        - name: project_id
          in: path
          required: true
          schema: {type: string}
          x-from-credentials: project_id
        - name: item_id
          in: path
          required: true
          schema: {type: string}
      responses:
        '204':
          description: Deleted
components:
  securitySchemes:
    AkSk:
      type: apiKey
      in: header
      name: Authorization
      x-signing: SDK-HMAC-SHA256
"#;

/// `BASE` with each `(from, to)` replaced exactly once (a missing `from` is a mistake in the test).
fn edited(edits: &[(&str, &str)]) -> String {
    let mut text = BASE.to_owned();
    for (from, to) in edits {
        assert_eq!(
            text.matches(from).count(),
            1,
            "`{from}` must occur once in the base spec"
        );
        text = text.replacen(from, to, 1);
    }
    text
}

fn load_text(dir: &Path, name: &str, text: &str) -> diff::Loaded {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    diff::load(&path).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The changes from `BASE` to `BASE` with `edits`.
fn changes(edits: &[(&str, &str)]) -> Vec<Change> {
    changes_between(&[], edits)
}

/// The changes from `BASE` with `old_edits` to `BASE` with `new_edits`.
fn changes_between(old_edits: &[(&str, &str)], new_edits: &[(&str, &str)]) -> Vec<Change> {
    let dir = tempfile::tempdir().unwrap();
    let old = load_text(dir.path(), "old.yaml", &edited(old_edits));
    let new = load_text(dir.path(), "new.yaml", &edited(new_edits));
    diff::diff(&old, &new)
}

const LIST: &str = "/paths/~1v1~1{project_id}~1items/get";
const CREATE: &str = "/paths/~1v1~1{project_id}~1items/post";
const LIST_BODY: &str =
    "/paths/~1v1~1{project_id}~1items/get/responses/200/content/application~1json/schema";
const CREATE_BODY: &str =
    "/paths/~1v1~1{project_id}~1items/post/requestBody/content/application~1json/schema";

/// One expected change: kind, operation, location, breaks_wire, breaks_rust_api.
type Expected<'a> = (Kind, Option<&'a str>, String, bool, bool);

/// Asserts that `edits` produce exactly `expected` (in any order), ignoring description-only changes unless
/// they are expected.
fn assert_changes(edits: &[(&str, &str)], expected: &[Expected<'_>]) {
    assert_changes_between(&[], edits, expected);
}

/// [`assert_changes`] from `BASE` with `old_edits` to `BASE` with `edits`.
fn assert_changes_between(
    old_edits: &[(&str, &str)],
    edits: &[(&str, &str)],
    expected: &[Expected<'_>],
) {
    let found = changes_between(old_edits, edits);
    let wants_docs = expected.iter().any(|e| e.0 == Kind::DescriptionChanged);
    let mut got: Vec<Expected<'_>> = found
        .iter()
        .filter(|c| wants_docs || c.kind != Kind::DescriptionChanged)
        .map(|c| {
            (
                c.kind,
                expected
                    .iter()
                    .find_map(|e| e.1.filter(|o| Some(*o) == c.operation.as_deref())),
                c.location.clone(),
                c.breaks_wire,
                c.breaks_rust_api,
            )
        })
        .collect();
    let mut want = expected.to_vec();
    got.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    want.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    assert_eq!(got, want, "edits {edits:?}\nall changes: {found:#?}");
}

#[test]
fn identical_specs_have_no_changes() {
    assert!(changes(&[]).is_empty());
    assert_eq!(
        Report::new(Vec::new(), Version::default()).semver,
        Semver::None
    );
}

#[test]
fn operations_added_removed_renamed_and_moved() {
    let get = "    get:\n      operationId: ListItems\n";
    // Removed: the GET is gone (its path item keeps the POST).
    let removed_get = BASE[BASE.find(get).unwrap()..BASE.find("    post:").unwrap()].to_owned();
    assert_changes(
        &[(&removed_get, "")],
        &[(
            Kind::OperationRemoved,
            Some("ListItems"),
            LIST.into(),
            true,
            true,
        )],
    );
    // Added: the reverse.
    let dir = tempfile::tempdir().unwrap();
    let old = load_text(dir.path(), "old.yaml", &edited(&[(&removed_get, "")]));
    let new = load_text(dir.path(), "new.yaml", BASE);
    let found = diff::diff(&old, &new);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        (
            found[0].kind,
            found[0].location.as_str(),
            found[0].breaks_wire,
            found[0].breaks_rust_api
        ),
        (Kind::OperationAdded, LIST, false, false)
    );
    assert_eq!(Report::new(found, Version::default()).semver, Semver::Minor);
    // Renamed: same method and path, new operationId; the client method and types are renamed.
    assert_changes(
        &[("operationId: ListItems", "operationId: ListAllItems")],
        &[
            (
                Kind::OperationRenamed,
                Some("ListAllItems"),
                format!("{LIST}/operationId"),
                false,
                true,
            ),
            // The types hoisted from its inline schemas are named after the operation too.
            (
                Kind::TypeRenamed,
                Some("ListAllItems"),
                format!("{LIST}/parameters/query/kind"),
                false,
                true,
            ),
            (
                Kind::TypeRenamed,
                Some("ListAllItems"),
                LIST_BODY.into(),
                false,
                true,
            ),
            (
                Kind::TypeRenamed,
                Some("ListAllItems"),
                format!("{LIST_BODY}/properties/items/items"),
                false,
                true,
            ),
            (
                Kind::TypeRenamed,
                Some("ListAllItems"),
                format!("{LIST_BODY}/properties/items/items/properties/state"),
                false,
                true,
            ),
        ],
    );
    // Renamed, but every generated name is the same (types are named after `camel(operationId)`, the method
    // after `snake(operationId)`, so a change of case alone keeps them): the Rust API is the same. (x-rust-name
    // keeps only the method name: the request type would still be renamed.)
    assert_changes(
        &[("operationId: ListItems", "operationId: listItems")],
        &[(
            Kind::OperationRenamed,
            Some("listItems"),
            format!("{LIST}/operationId"),
            false,
            false,
        )],
    );
    // Method changed: same operationId, PUT instead of POST.
    assert_changes(
        &[(
            "    post:\n      operationId: CreateItem",
            "    put:\n      operationId: CreateItem",
        )],
        &[(
            Kind::MethodChanged,
            Some("CreateItem"),
            "/paths/~1v1~1{project_id}~1items/put".into(),
            true,
            false,
        )],
    );
}

#[test]
fn path_changed_keeps_the_operation() {
    let dir = tempfile::tempdir().unwrap();
    // Move the whole path item to another path: both operations keep their ids.
    let new = edited(&[("  /v1/{project_id}/items:", "  /v2/{project_id}/items:")]);
    let old = load_text(dir.path(), "old.yaml", BASE);
    let new = load_text(dir.path(), "new.yaml", &new);
    let found = diff::diff(&old, &new);
    let kinds: Vec<(Kind, Option<&str>, bool, bool)> = found
        .iter()
        .map(|c| {
            (
                c.kind,
                c.operation.as_deref(),
                c.breaks_wire,
                c.breaks_rust_api,
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            (Kind::PathChanged, Some("ListItems"), true, false),
            (Kind::PathChanged, Some("CreateItem"), true, false)
        ],
        "{found:#?}"
    );
    assert_eq!(found[0].old.as_deref(), Some("/v1/{project_id}/items"));
    assert_eq!(found[0].new.as_deref(), Some("/v2/{project_id}/items"));
    // Only the wire changed: a patch.
    assert_eq!(Report::new(found, Version::default()).semver, Semver::Patch);
}

#[test]
fn parameters() {
    let q = |name: &str| format!("{LIST}/parameters/query/{name}");
    let h = |name: &str| format!("{LIST}/parameters/header/{name}");
    let op = Some("ListItems");
    let new_param = |required: &str| {
        format!(
            "        - name: X-Trace\n          in: header\n          required: false\n          schema: {{type: string}}\n        - name: offset\n          in: query\n          required: {required}\n          schema: {{type: integer}}\n"
        )
    };
    let trace = "        - name: X-Trace\n          in: header\n          required: false\n          schema: {type: string}\n";
    // Added, optional: fine on the wire, a new field of the #[non_exhaustive] request struct: an addition.
    assert_changes(
        &[(trace, &new_param("false"))],
        &[(Kind::ParameterAdded, op, q("offset"), false, false)],
    );
    // Added, required: old clients do not send it.
    assert_changes(
        &[(trace, &new_param("true"))],
        &[(Kind::ParameterAdded, op, q("offset"), true, true)],
    );
    // Removed.
    assert_changes(
        &[(trace, "")],
        &[(Kind::ParameterRemoved, op, h("X-Trace"), true, true)],
    );
    // Moved from the query to a header: the Rust field is the same.
    assert_changes(
        &[(
            "        - name: limit\n          in: query",
            "        - name: limit\n          in: header",
        )],
        &[(Kind::ParameterMoved, op, h("limit"), true, false)],
    );
    // Retyped: int32 → boolean breaks both; int32 → int64 is a wider number (old values still valid);
    // int32 → string accepts every old value.
    let limit = "description: Page size.\n          schema: {type: integer, format: int32}";
    assert_changes(
        &[(
            limit,
            "description: Page size.\n          schema: {type: boolean}",
        )],
        &[(Kind::ParameterRetyped, op, q("limit"), true, true)],
    );
    assert_changes(
        &[(
            limit,
            "description: Page size.\n          schema: {type: integer, format: int64}",
        )],
        &[(Kind::ParameterRetyped, op, q("limit"), false, true)],
    );
    assert_changes(
        &[(
            limit,
            "description: Page size.\n          schema: {type: string}",
        )],
        &[(Kind::ParameterRetyped, op, q("limit"), false, true)],
    );
    // Required-ness: optional → required breaks old clients that leave it out; required → optional only the
    // Rust API (`T` → `Option<T>`).
    assert_changes(
        &[(
            "        - name: limit\n          in: query\n          required: false",
            "        - name: limit\n          in: query\n          required: true",
        )],
        &[(Kind::RequiredChanged, op, q("limit"), true, true)],
    );
    // Enum value of a query parameter: added is wire-safe; removed breaks clients that send it.
    assert_changes(
        &[("enum: [small, large]", "enum: [small, large, huge]")],
        &[(
            Kind::EnumValueAdded,
            op,
            format!("{}/enum/huge", q("kind")),
            false,
            false,
        )],
    );
    assert_changes(
        &[("enum: [small, large]", "enum: [small]")],
        &[(
            Kind::EnumValueRemoved,
            op,
            format!("{}/enum/large", q("kind")),
            true,
            true,
        )],
    );
    // Description only.
    assert_changes(
        &[(
            "description: Page size.",
            "description: How many items per page.",
        )],
        &[(
            Kind::DescriptionChanged,
            op,
            format!("{}/description", q("limit")),
            false,
            false,
        )],
    );
}

#[test]
fn request_fields() {
    let op = Some("CreateItem");
    let at = |name: &str| format!("{CREATE_BODY}/properties/{name}");
    let body = "                size: {type: integer, format: int32}\n                mode:";
    // Added optional: wire-safe; a new field of a struct users build literally.
    assert_changes(
        &[(
            body,
            "                size: {type: integer, format: int32}\n                color: {type: string}\n                mode:",
        )],
        &[(Kind::FieldAdded, op, at("color"), false, false)],
    );
    // Added required.
    assert_changes(
        &[
            (
                body,
                "                size: {type: integer, format: int32}\n                color: {type: string}\n                mode:",
            ),
            (
                "              required: [name]\n",
                "              required: [name, color]\n",
            ),
        ],
        &[(Kind::FieldAdded, op, at("color"), true, true)],
    );
    // Removed.
    assert_changes(
        &[(body, "                mode:")],
        &[(Kind::FieldRemoved, op, at("size"), true, true)],
    );
    // Retyped to a string: breaks both (unlike a parameter, a JSON number is not a JSON string).
    assert_changes(
        &[(
            body,
            "                size: {type: string}\n                mode:",
        )],
        &[(Kind::FieldRetyped, op, at("size"), true, true)],
    );
    // Widened: what old clients send stays valid.
    assert_changes(
        &[(
            body,
            "                size: {type: integer, format: int64}\n                mode:",
        )],
        &[(Kind::FieldRetyped, op, at("size"), false, true)],
    );
    // Nested field, made required; and a required one made optional.
    assert_changes(
        &[(
            "                  type: object\n                  properties:\n                    cpu:",
            "                  type: object\n                  required: [cpu]\n                  properties:\n                    cpu:",
        )],
        &[(
            Kind::RequiredChanged,
            op,
            format!("{}/properties/cpu", at("spec")),
            true,
            true,
        )],
    );
    assert_changes(
        &[("              required: [name]\n", "")],
        &[(Kind::RequiredChanged, op, at("name"), false, true)],
    );
    // A rename on the docs' side is a removal and an addition (see the module docs of `diff`).
    assert_changes(
        &[(
            body,
            "                length: {type: integer, format: int32}\n                mode:",
        )],
        &[
            (Kind::FieldRemoved, op, at("size"), true, true),
            (Kind::FieldAdded, op, at("length"), false, false),
        ],
    );
    // Enum values the client sends.
    assert_changes(
        &[("enum: [fast, safe]", "enum: [fast, safe, slow]")],
        &[(
            Kind::EnumValueAdded,
            op,
            format!("{}/enum/slow", at("mode")),
            false,
            false,
        )],
    );
    assert_changes(
        &[("enum: [fast, safe]", "enum: [fast]")],
        &[(
            Kind::EnumValueRemoved,
            op,
            format!("{}/enum/safe", at("mode")),
            true,
            true,
        )],
    );
    // The body itself: made optional; media type changed; removed.
    assert_changes(
        &[(
            "      requestBody:\n        required: true",
            "      requestBody:\n        required: false",
        )],
        &[(
            Kind::RequiredChanged,
            op,
            format!("{CREATE}/requestBody"),
            false,
            true,
        )],
    );
    assert_changes(
        &[(
            "        content:\n          application/json:\n            schema:\n              type: object\n              required: [name]",
            "        content:\n          text/plain:\n            schema:\n              type: object\n              required: [name]",
        )],
        &[(
            Kind::MediaTypeChanged,
            op,
            format!("{CREATE}/requestBody/content"),
            true,
            true,
        )],
    );
}

/// `readOnly`/`writeOnly` and `default` of a field: verdicts from the rules (a one-way field is an `Option` with
/// no setter the other way; an optional field with a literal default is not an `Option`).
#[test]
fn access_and_default_changes() {
    let op = Some("CreateItem");
    let at = |name: &str| format!("{CREATE_BODY}/properties/{name}");
    // The request body's `size` (the response's is indented deeper, and followed by `state`).
    let size = "                size: {type: integer, format: int32}\n                mode:";
    let size_with = |extra: &str| {
        format!(
            "                size: {{type: integer, format: int32, {extra}}}\n                mode:"
        )
    };
    let (read_only, write_only) = (size_with("readOnly: true"), size_with("writeOnly: true"));
    // Made readOnly: old clients still send it; its setter goes.
    assert_changes(
        &[(size, &read_only)],
        &[(Kind::AccessChanged, op, at("size"), true, true)],
    );
    // readOnly switched to writeOnly: narrowed the other way.
    assert_changes_between(
        &[(size, &read_only)],
        &[(size, &write_only)],
        &[(Kind::AccessChanged, op, at("size"), true, true)],
    );
    // writeOnly dropped: both ways again; old clients keep working, the Rust API changes.
    assert_changes_between(
        &[(size, &write_only)],
        &[],
        &[(Kind::AccessChanged, op, at("size"), false, true)],
    );
    // A default on an optional field: `Option<i32>` becomes `i32`; and a struct with a documented default no
    // longer derives `Default` (the rule of `TraitRemoved`).
    let (five, six) = (size_with("default: 5"), size_with("default: 6"));
    let no_default = (
        Kind::TraitRemoved,
        None,
        "/x-rust-types/CreateItemRequestBody".to_owned(),
        false,
        true,
    );
    assert_changes(
        &[(size, &five)],
        &[
            no_default,
            (
                Kind::DefaultChanged,
                op,
                format!("{}/default", at("size")),
                false,
                true,
            ),
        ],
    );
    // Another value: the type stays.
    assert_changes_between(
        &[(size, &five)],
        &[(size, &six)],
        &[(
            Kind::DefaultChanged,
            op,
            format!("{}/default", at("size")),
            false,
            false,
        )],
    );
    // A default on a required field does not change its type.
    assert_changes(
        &[(
            "                name: {type: string}\n",
            "                name: {type: string, default: x}\n",
        )],
        &[(
            Kind::DefaultChanged,
            op,
            format!("{}/default", at("name")),
            false,
            false,
        )],
    );
    let change = changes(&[(size, &five)])
        .into_iter()
        .find(|c| c.kind == Kind::DefaultChanged)
        .unwrap();
    assert_eq!(
        (change.old.as_deref(), change.new.as_deref()),
        (None, Some("5"))
    );
}

#[test]
fn response_fields_and_statuses() {
    let op = Some("ListItems");
    let items = |name: &str| format!("{LIST_BODY}/properties/items/items/properties/{name}");
    let size = "                        size: {type: integer, format: int32}\n";
    // Added: old clients ignore it, but response structs are not #[non_exhaustive] today.
    assert_changes(
        &[(
            size,
            "                        size: {type: integer, format: int32}\n                        owner: {type: string}\n",
        )],
        &[(Kind::FieldAdded, op, items("owner"), false, false)],
    );
    // Removed.
    assert_changes(
        &[(size, "")],
        &[(Kind::FieldRemoved, op, items("size"), true, true)],
    );
    // Retyped, even widened: old clients cannot decode an i64 that does not fit.
    assert_changes(
        &[(
            size,
            "                        size: {type: integer, format: int64}\n",
        )],
        &[(Kind::FieldRetyped, op, items("size"), true, true)],
    );
    // Required → optional: old clients fail on a response without it.
    assert_changes(
        &[("                required: [count]\n", "")],
        &[(
            Kind::RequiredChanged,
            op,
            format!("{LIST_BODY}/properties/count"),
            true,
            true,
        )],
    );
    // Enum values the client reads: an added one decodes as `Unknown` on old clients.
    let state = |v: &str| format!("{}/enum/{v}", items("state"));
    assert_changes(
        &[("enum: [ready, busy]", "enum: [ready, busy, gone]")],
        &[(Kind::EnumValueAdded, op, state("gone"), false, false)],
    );
    assert_changes(
        &[("enum: [ready, busy]", "enum: [ready]")],
        &[(Kind::EnumValueRemoved, op, state("busy"), false, true)],
    );
    // Statuses: documentation of the answers only.
    assert_changes(
        &[(
            "        '400':\n          description: Bad request\n",
            "        '400':\n          description: Bad request\n        '404':\n          description: Not found\n",
        )],
        &[(
            Kind::ResponseStatusAdded,
            op,
            format!("{LIST}/responses/404"),
            false,
            false,
        )],
    );
    assert_changes(
        &[("        '400':\n          description: Bad request\n", "")],
        &[(
            Kind::ResponseStatusRemoved,
            op,
            format!("{LIST}/responses/400"),
            false,
            false,
        )],
    );
    // Description of a nested field.
    assert_changes(
        &[("description: The name.", "description: The item's name.")],
        &[(
            Kind::DescriptionChanged,
            op,
            format!("{}/description", items("name")),
            false,
            false,
        )],
    );
}

#[test]
fn servers_and_regions() {
    assert_changes(
        &[("enum: [r-1, r-2]", "enum: [r-1, r-3]")],
        &[
            (
                Kind::RegionRemoved,
                None,
                "/servers/0/variables/region/enum/r-2".into(),
                true,
                false,
            ),
            (
                Kind::RegionAdded,
                None,
                "/servers/0/variables/region/enum/r-3".into(),
                false,
                false,
            ),
        ],
    );
    assert_changes(
        &[(
            "https://difftest.{region}.example.com",
            "https://items.{region}.example.com",
        )],
        &[(
            Kind::ServerChanged,
            None,
            "/servers/0/url".into(),
            true,
            false,
        )],
    );
}

#[test]
fn semver_and_next_version_follow_cargo_rules() {
    let v = |s: &str| s.parse::<Version>().unwrap();
    // Under 0.x a breaking change bumps the minor, anything else the patch; under 0.0.z every change bumps z.
    let cases = [
        ("0.1.0", Semver::Major, "0.2.0"),
        ("0.1.3", Semver::Minor, "0.1.4"),
        ("0.1.3", Semver::Patch, "0.1.4"),
        ("0.1.3", Semver::None, "0.1.3"),
        ("0.0.7", Semver::Major, "0.0.8"),
        ("1.2.3", Semver::Major, "2.0.0"),
        ("1.2.3", Semver::Minor, "1.3.0"),
        ("1.2.3", Semver::Patch, "1.2.4"),
    ];
    for (from, bump, to) in cases {
        assert_eq!(v(from).bumped(bump).to_string(), to, "{from} {bump:?}");
    }
    for bad in [
        "1.2",
        "1.2.3.4",
        "1.2.x",
        "01.2.3",
        "1.2.3-beta",
        "",
        "1..3",
    ] {
        assert!(bad.parse::<Version>().is_err(), "{bad}");
    }
}

fn codegen(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn json_output_has_exactly_the_documented_shape() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.yaml");
    let new = dir.path().join("new.yaml");
    std::fs::write(&old, BASE).unwrap();
    std::fs::write(
        &new,
        edited(&[("enum: [ready, busy]", "enum: [ready, busy, gone]")]),
    )
    .unwrap();
    let out = codegen(&[
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--format",
        "json",
        "--crate-version",
        "0.3.1",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let top: BTreeSet<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(top, BTreeSet::from(["changes", "next_version", "semver"]));
    // An added enum value is an addition (the enum is #[non_exhaustive]): minor, which under 0.x bumps the
    // patch: 0.3.1 → 0.3.2.
    assert_eq!(json["semver"], "minor");
    assert_eq!(json["next_version"], "0.3.2");
    let changes = json["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{json}");
    let c = changes[0].as_object().unwrap();
    let keys: BTreeSet<&str> = c.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        BTreeSet::from([
            "kind",
            "operation",
            "location",
            "old",
            "new",
            "breaks_wire",
            "breaks_rust_api",
            "note"
        ])
    );
    assert_eq!(c["kind"], "enum-value-added");
    assert_eq!(c["operation"], "ListItems");
    assert_eq!(
        c["location"],
        format!("{LIST_BODY}/properties/items/items/properties/state/enum/gone")
    );
    assert_eq!(c["old"], serde_json::Value::Null);
    assert_eq!(c["new"], "gone");
    assert_eq!(c["breaks_wire"], false);
    assert_eq!(c["breaks_rust_api"], false);
    assert!(c["note"].as_str().unwrap().contains("Unknown"), "{c:?}");
    // The raw text keeps the documented key order.
    let text = String::from_utf8_lossy(&out.stdout);
    let order = ["\"semver\"", "\"next_version\"", "\"changes\""].map(|k| text.find(k).unwrap());
    assert!(order.is_sorted(), "{text}");

    // Markdown (the default): the verdict and the change, breaking first.
    let out = codegen(&["diff", old.to_str().unwrap(), new.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(
        md.contains("semver: **minor**, next version: **0.1.1**"),
        "{md}"
    );
    assert!(md.contains("## Additions"), "{md}");
    assert!(!md.contains("## Breaking"), "{md}");
    assert!(md.contains("**enum-value-added** ListItems"), "{md}");
}

#[test]
fn unreadable_or_invalid_inputs_exit_2_with_the_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.yaml");
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&good, BASE).unwrap();
    std::fs::write(
        &bad,
        BASE.replacen("{type: string, enum: [small, large]}", "{type: decimal}", 1),
    )
    .unwrap();
    let out = codegen(&["diff", good.to_str().unwrap(), bad.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("bad.yaml:"), "{err}");
    assert!(err.contains("decimal"), "{err}");
    assert!(out.stdout.is_empty());
    let missing = dir.path().join("missing.yaml");
    let out = codegen(&["diff", missing.to_str().unwrap(), good.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.yaml"));
    let out = codegen(&[
        "diff",
        good.to_str().unwrap(),
        good.to_str().unwrap(),
        "--crate-version",
        "1.x",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

fn shared() -> PathBuf {
    std::env::var_os("HUAWEICLOUD_SHARED_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"),
        PathBuf::from,
    )
}

/// The snapshots of the Kafka API reference, oldest first.
const SNAPSHOTS: [&str; 3] = ["2022-12-09", "2024-07-04", "2024-08-23"];

/// The operation a page or `operations.tsv` row names: a `_N` suffix is how the page saver told apart two
/// pages claiming one name (`ListProducts_0`), so it is dropped when nothing else has the plain name.
fn claimed_name(name: &str, all: &BTreeSet<String>) -> String {
    match name.rsplit_once('_') {
        Some((stem, n))
            if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && !all.contains(stem) =>
        {
            stem.to_owned()
        }
        _ => name.to_owned(),
    }
}

/// The operations of a snapshot per its `operations.tsv`, names resolved as [`claimed_name`] does.
fn tsv_operations(snapshot: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(snapshot.join("operations.tsv")).unwrap();
    let mut lines = text.lines();
    assert!(
        lines.next().unwrap().starts_with("operation\t"),
        "the header of operations.tsv"
    );
    let names: BTreeSet<String> = lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split('\t').next().unwrap().to_owned())
        .collect();
    names.iter().map(|n| claimed_name(n, &names)).collect()
}

/// Transcribes a snapshot's pages (after the seed page, as the README does) into `dir/<snapshot>.yaml`. A page
/// whose file name has a `_N` suffix documents the operation of the plain name when no other page claims it
/// (the transcriber says so in a note, checked below).
fn transcribe_snapshot(snapshot: &Path, dir: &Path) -> PathBuf {
    let pages_dir = snapshot.join("pages");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&pages_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let stems: BTreeSet<String> = files
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    let name = snapshot.file_name().unwrap().to_string_lossy().into_owned();
    let mut pages = vec![shared().join("seed/000_2077a7f428de1ba1.txt")];
    pages.extend(files);
    let options = codegen::transcribe::Options {
        source_root: Some(shared()),
        ..Default::default()
    };
    let out = codegen::transcribe::transcribe(&pages, &options)
        .unwrap_or_else(|e| panic!("{}: {e}", snapshot.display()));
    let report = out.report.to_string();
    for stem in &stems {
        let claimed = claimed_name(stem, &stems);
        if claimed != *stem {
            assert!(
                report.contains(&format!(
                    "operation id `{claimed}` derived from the file name `{stem}`"
                )),
                "{report}"
            );
        }
    }
    let spec = dir.join(format!("{name}.yaml"));
    std::fs::write(&spec, out.yaml).unwrap();
    spec
}

#[test]
fn the_real_doc_history_diffs_as_its_operation_lists_say() {
    let dir = tempfile::tempdir().unwrap();
    let history = shared().join("corpus/kafka/history");
    let started = Instant::now();
    let specs: Vec<(BTreeSet<String>, diff::Loaded)> = SNAPSHOTS
        .iter()
        .map(|s| {
            let snapshot = history.join(s);
            let spec = transcribe_snapshot(&snapshot, dir.path());
            let loaded = diff::load(&spec).unwrap_or_else(|e| panic!("{s}: {e}"));
            let tsv = tsv_operations(&snapshot);
            let ids: BTreeSet<String> = loaded
                .spec
                .operations
                .iter()
                .map(|o| o.id.clone())
                .collect();
            assert_eq!(
                ids, tsv,
                "{s}: the transcribed operations are those of operations.tsv"
            );
            (tsv, loaded)
        })
        .collect();
    let transcribed = started.elapsed();
    for (i, pair) in specs.windows(2).enumerate() {
        let ((old_ops, old), (new_ops, new)) = (&pair[0], &pair[1]);
        let changes = diff::diff(old, new);
        let of = |kind: Kind| -> BTreeSet<String> {
            changes
                .iter()
                .filter(|c| c.kind == kind)
                .map(|c| c.operation.clone().unwrap())
                .collect()
        };
        let step = format!("{} → {}", SNAPSHOTS[i], SNAPSHOTS[i + 1]);
        let removed: BTreeSet<String> = old_ops.difference(new_ops).cloned().collect();
        let added: BTreeSet<String> = new_ops.difference(old_ops).cloned().collect();
        assert_eq!(of(Kind::OperationRemoved), removed, "{step}: removed");
        assert_eq!(of(Kind::OperationAdded), added, "{step}: added");
        // No operation of the history kept its method and path under a new name, or moved.
        for kind in [
            Kind::OperationRenamed,
            Kind::MethodChanged,
            Kind::PathChanged,
        ] {
            assert!(of(kind).is_empty(), "{step}: {kind:?} {:?}", of(kind));
        }
        for c in changes.iter().filter(|c| c.kind == Kind::OperationRemoved) {
            assert!(c.breaks_wire && c.breaks_rust_api, "{step}: {c:?}");
        }
        let mut per_kind: BTreeMap<String, usize> = BTreeMap::new();
        for c in &changes {
            *per_kind.entry(c.kind.as_str()).or_default() += 1;
        }
        let report = Report::new(changes, Version::default());
        eprintln!(
            "{step}: {} changes, {:?}, {per_kind:?}",
            report.changes.len(),
            report.semver
        );
        assert_eq!(report.semver, Semver::Major, "{step}");
        assert_eq!(report.next_version, "0.2.0", "{step}");
    }
    eprintln!("transcribing the three snapshots took {transcribed:?}");
}

#[test]
fn bodies_names_and_auth() {
    let create = Some("CreateItem");
    let list = Some("ListItems");
    let request_body_start = BASE.find("      requestBody:\n").unwrap();
    let request_body = &BASE[request_body_start
        ..BASE[request_body_start..].find("      responses:").unwrap() + request_body_start];
    // The request body removed; and added back (required) to a spec without it.
    assert_changes(
        &[(request_body, "")],
        &[(
            Kind::BodyRemoved,
            create,
            format!("{CREATE}/requestBody"),
            true,
            true,
        )],
    );
    let dir = tempfile::tempdir().unwrap();
    let old = load_text(dir.path(), "old.yaml", &edited(&[(request_body, "")]));
    let new = load_text(dir.path(), "new.yaml", BASE);
    let found: Vec<(Kind, String, bool, bool)> = diff::diff(&old, &new)
        .into_iter()
        .map(|c| (c.kind, c.location, c.breaks_wire, c.breaks_rust_api))
        .collect();
    assert_eq!(
        found,
        [(Kind::BodyAdded, format!("{CREATE}/requestBody"), true, true)]
    );
    // The success response of CreateItem loses its body: old clients cannot decode an empty answer.
    let create_response = "        '200':\n          description: OK\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  id: {type: string}\n";
    assert_changes(
        &[(
            create_response,
            "        '200':\n          description: OK\n",
        )],
        &[(
            Kind::ResponseBodyRemoved,
            create,
            format!("{CREATE}/responses/200/content"),
            true,
            true,
        )],
    );
    // ... or becomes text.
    assert_changes(
        &[(
            create_response,
            "        '200':\n          description: OK\n          content:\n            text/plain:\n              schema: {type: string}\n",
        )],
        &[(
            Kind::MediaTypeChanged,
            create,
            format!("{CREATE}/responses/200/content"),
            true,
            true,
        )],
    );
    // A property renamed in Rust only (x-rust-name): same wire name, new field name.
    assert_changes(
        &[(
            "                        size: {type: integer, format: int32}\n",
            "                        size: {type: integer, format: int32, x-rust-name: byte_size}\n",
        )],
        &[(
            Kind::RustNameChanged,
            list,
            format!("{LIST_BODY}/properties/items/items/properties/size"),
            false,
            true,
        )],
    );
    // A named item type renamed: same shape on the wire, a new Rust name.
    let item_schema = "                    items:\n                      type: object\n                      properties:\n                        name: {type: string, description: The name.}\n                        size: {type: integer, format: int32}\n                        state: {type: string, enum: [ready, busy]}\n";
    let named = |name: &str| {
        edited(&[
            (
                item_schema,
                &format!("                    items: {{$ref: '#/components/schemas/{name}'}}\n"),
            ),
            (
                "components:\n",
                &format!(
                    "components:\n  schemas:\n    {name}:\n      type: object\n      properties:\n        name: {{type: string, description: The name.}}\n        size: {{type: integer, format: int32}}\n"
                ),
            ),
        ])
    };
    let old = load_text(dir.path(), "old.yaml", &named("Item"));
    let new = load_text(dir.path(), "new.yaml", &named("Thing"));
    let found: Vec<(Kind, String, bool, bool)> = diff::diff(&old, &new)
        .into_iter()
        .map(|c| (c.kind, c.location, c.breaks_wire, c.breaks_rust_api))
        .collect();
    assert_eq!(
        found,
        [(
            Kind::TypeRenamed,
            format!("{LIST_BODY}/properties/items/items"),
            false,
            true
        )]
    );
    // An operation made anonymous.
    assert_changes(
        &[(
            "      summary: Listing items\n",
            "      summary: Listing items\n      security: []\n",
        )],
        &[(
            Kind::AuthChanged,
            list,
            format!("{LIST}/security"),
            true,
            false,
        )],
    );
}

#[test]
fn a_renamed_path_placeholder_is_the_same_operation_and_parameter() {
    let path = "  /v1/{project_id}/items/{item_id}:";
    let param = "        - name: item_id\n";
    let at = "/paths/~1v1~1{project_id}~1items~1{id}/delete";
    assert_changes(
        &[
            (path, "  /v1/{project_id}/items/{id}:"),
            (param, "        - name: id\n"),
        ],
        &[
            // Same URL on the wire, same client method.
            (
                Kind::PathChanged,
                Some("DeleteItem"),
                at.into(),
                false,
                false,
            ),
            // The request field and the argument are renamed.
            (
                Kind::RustNameChanged,
                Some("DeleteItem"),
                format!("{at}/parameters/path/id"),
                false,
                true,
            ),
        ],
    );
}

#[test]
fn a_float_or_json_field_takes_eq_away_and_that_breaks_the_rust_api() {
    let size = "                        size: {type: integer, format: int32}\n";
    // An integer field added: every type keeps `Eq`, only an addition.
    let found = changes(&[(
        size,
        "                        size: {type: integer, format: int32}\n                        rank: {type: integer}\n",
    )]);
    assert!(
        found.iter().all(|c| c.kind != Kind::TraitRemoved),
        "{found:#?}"
    );
    // A float field added to the listed item: the item struct and the response holding a `Vec` of it can no
    // longer derive `Eq` (f64 is not `Eq`), so code using them where `Eq` is required stops compiling.
    let found = changes(&[(
        size,
        "                        size: {type: integer, format: int32}\n                        weight: {type: number, format: double}\n",
    )]);
    let lost: Vec<&Change> = found
        .iter()
        .filter(|c| c.kind == Kind::TraitRemoved)
        .collect();
    assert_eq!(lost.len(), 2, "the item type and the response: {found:#?}");
    for c in &lost {
        assert!(c.breaks_rust_api && !c.breaks_wire, "{c:?}");
        assert_eq!(c.old.as_deref(), Some("Eq"));
        assert!(c.location.starts_with("/x-rust-types/"), "{c:?}");
    }
    assert_eq!(diff::semver(&found), Semver::Major);
    // Free-form JSON does the same.
    let found = changes(&[(
        size,
        "                        size: {type: integer, format: int32}\n                        extra: {}\n",
    )]);
    assert_eq!(
        found
            .iter()
            .filter(|c| c.kind == Kind::TraitRemoved)
            .count(),
        2,
        "{found:#?}"
    );
}
