//! `scripts/compare_spellings.py`: the corpus's comparer reading the type spellings the answer keys copy from
//! older pages (issue 11). The expectations are written here by hand from the spellings' meaning (and
//! spec/README.md's conventions), not taken from the script: a table of spellings and the kind each must read
//! as, and a hand-made key with a spec that satisfies it and specs that each break one field, which must fail
//! under the extended reading as the official comparer fails them (it must be able to fail).
//!
//! Needs Python 3 with PyYAML: `.venv/bin/python` in the checkout, else `python3`.

#[path = "fixtures/transcribe/common.rs"]
mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn python() -> PathBuf {
    let venv = repo_root().join(".venv/bin/python");
    if venv.exists() {
        venv
    } else {
        PathBuf::from("python3")
    }
}

fn script() -> PathBuf {
    repo_root().join("scripts/compare_spellings.py")
}

fn run(mut command: Command) -> Output {
    let python = python();
    command
        .env("CORPUS", shared_dir().join("corpus"))
        .output()
        .unwrap_or_else(|e| panic!("{}: {e} (Python 3 with PyYAML is needed)", python.display()))
}

/// Each spelling and the kind it must read as (`None`: not read, the comparer's "unknown type spelling").
const SPELLINGS: &[(&str, Option<&str>)] = &[
    // The comparer's own readings stay.
    ("String", Some("string")),
    ("Array of strings", Some("array:string")),
    ("Array of Tag objects", Some("array:object")),
    ("Map<String,String>", Some("map:string")),
    ("Object", Some("any")),
    // Scalars in any case, short names.
    ("string", Some("string")),
    ("Int", Some("integer")),
    ("int", Some("integer")),
    ("integer", Some("integer")),
    ("Int64", Some("long")),
    ("Bool", Some("boolean")),
    ("boolean", Some("boolean")),
    ("datetime", Some("string")),
    // Lists of anything.
    ("Array", Some("array:anything")),
    ("List", Some("array:anything")),
    ("list", Some("array:anything")),
    ("array", Some("array:anything")),
    ("JSONArray", Some("array:anything")),
    ("Json Array", Some("array:anything")),
    // Lists of objects.
    ("Array of objects", Some("array:object")),
    ("Array of Objects", Some("array:object")),
    ("Array of Object", Some("array:object")),
    ("List of objects", Some("array:object")),
    ("Array of firewall_rules_link Object", Some("array:object")),
    // The comparer's `X object` pattern takes these as objects; `Array of` says a list.
    ("Array of Volume object", Some("array:object")),
    ("Array of firewall Policy object", Some("array:object")),
    ("Tags structure array", Some("array:object")),
    ("Resource_tag structure array", Some("array:object")),
    ("List<resource_tag>", Some("array:object")),
    ("List<Transfer>", Some("array:object")),
    ("Array<Object>", Some("array:object")),
    ("List(Dict)", Some("array:object")),
    (
        "List data structure. For details, see Table 3.",
        Some("array:object"),
    ),
    ("List data structure", Some("array:object")),
    ("Array. For details, see Table 9.", Some("array:object")),
    // Lists of scalars and of maps.
    ("List<String>", Some("array:string")),
    ("Set<String>", Some("array:string")),
    ("Array of string", Some("array:string")),
    ("Array of Strings", Some("array:string")),
    ("String array", Some("array:string")),
    ("String list", Some("array:string")),
    ("list<map<String,String>>", Some("array:map:string")),
    ("list<map<String, String>>", Some("array:map:string")),
    // Objects.
    ("object", Some("object")),
    ("Objects", Some("object")),
    ("JSONObject", Some("object")),
    ("Dict", Some("object")),
    ("dict", Some("object")),
    (
        "Dictionary data structure. For details, see Table 3.",
        Some("object"),
    ),
    ("Dictionary data structure", Some("object")),
    ("Table 7", Some("object")),
    ("Resource_tag structure", Some("object")),
    ("deleteOption Object", Some("object")),
    // The rest.
    ("Map", Some("map:any")),
    ("json", Some("any")),
    ("File", Some("binary")),
    ("file", Some("binary")),
    ("Null", Some("any")),
    ("None", Some("any")),
    // A plural of a table's objects without `Array of`: a list, as the plural says.
    ("MasterSpec objects", Some("array:object")),
    ("ClusterEndpoints objects", Some("array:object")),
    ("items objects", Some("array:object")),
    // Lists of lists at any depth, in both spellings: one `array:` per level.
    ("Array<Array<AvailabilityZone>>", Some("array:array:object")),
    ("List<List<String>>", Some("array:array:string")),
    (
        "Array<Array<Array<Zone>>>",
        Some("array:array:array:object"),
    ),
    ("List<List>", Some("array:array:anything")),
    (
        "Array of arrays of Dimension objects",
        Some("array:array:object"),
    ),
    ("Array of arrays of strings", Some("array:array:string")),
    ("Array of Array of numbers", Some("array:array:number")),
    (
        "Array of arrays of arrays of Dimension objects",
        Some("array:array:array:object"),
    ),
    // Not types, or not saying which: left unknown.
    ("No", None),
    ("-", None),
    ("Value list", None),
    ("Array of arrays of", None),
];

#[test]
fn spellings_read_as_their_kinds() {
    let driver = r#"
import sys
sys.path.insert(0, sys.argv[1])
import compare_spellings as cs
c = cs.extend(cs.load_comparer())
for line in open(sys.argv[2], encoding="utf-8"):
    print(c.classify(line.rstrip("\n")))
"#;
    let input: String = SPELLINGS.iter().map(|(s, _)| format!("{s}\n")).collect();
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("spellings.txt");
    std::fs::write(&list, input).unwrap();
    let mut command = Command::new(python());
    command
        .arg("-c")
        .arg(driver)
        .arg(repo_root().join("scripts"))
        .arg(&list);
    let out = run(command);
    assert!(
        out.status.success(),
        "the driver failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(got.len(), SPELLINGS.len(), "one kind per spelling: {got:?}");
    let wrong: Vec<String> = SPELLINGS
        .iter()
        .zip(&got)
        .filter(|((_, want), got)| want.unwrap_or("None") != got.as_str())
        .map(|((s, want), got)| format!("{s:?}: want {want:?}, got {got}"))
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// A key using older spellings at every level: a list of objects with a nested dictionary, a bare list, a
/// list of string maps, a map of lists of objects, a file, an `Int` and a `Null` member; lists of lists in both
/// spellings (their fields listed one level down, `dims[].name`), a plural without `Array of`, and a map of
/// strings whose nested table lists its entries.
const KEY: &str = r#"{
  "operation": "ShowThing", "method": "POST", "path": "/v1/things",
  "path_params": [], "query_params": [], "header_params": [],
  "request_body": [
    {"name": "upload", "required": true, "type": "File", "description": "The file."},
    {"name": "count", "required": false, "type": "Int", "description": "How many."},
    {"name": "reset", "required": false, "type": "Null", "description": "An action."},
    {"name": "dims", "required": true, "type": "Array of arrays of Dimension objects", "description": "Dims.",
     "children": [{"name": "name", "required": true, "type": "String", "description": "Name."}]},
    {"name": "labels", "required": false, "type": "Map<String,String>", "description": "Labels.",
     "children": [{"name": "owner", "required": false, "type": "String", "description": "Owner label."}]}
  ],
  "responses": {"200": {"description": "OK", "body": [
    {"name": "things", "required": null, "type": "Array of objects", "description": "Things.", "children": [
      {"name": "id", "required": null, "type": "string", "description": "Id."},
      {"name": "owner", "required": null, "type": "Dictionary data structure. For details, see Table 3.",
       "description": "Owner.", "children": [
        {"name": "name", "required": null, "type": "String", "description": "Name."}]}]},
    {"name": "extras", "required": null, "type": "list", "description": "Anything."},
    {"name": "links", "required": null, "type": "list<map<String, String>>", "description": "Links."},
    {"name": "addresses", "required": null, "type": "Map<String, Array of objects>", "description": "By net.",
     "children": [{"name": "version", "required": null, "type": "String", "description": "IP version."}]},
    {"name": "zones", "required": null, "type": "Array<Array<Zone>>", "description": "Zones.",
     "children": [{"name": "code", "required": null, "type": "String", "description": "Code."}]},
    {"name": "masters", "required": null, "type": "MasterSpec objects", "description": "Masters.",
     "children": [{"name": "zone", "required": null, "type": "String", "description": "Zone."}]}
  ]}}
}"#;

/// A spec that says what [`KEY`] says.
const SPEC: &str = r#"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /v1/things:
    post:
      operationId: ShowThing
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              required: [upload, dims]
              properties:
                upload: {type: string, format: binary, description: The file.}
                count: {type: integer, format: int32, description: How many.}
                reset: {description: An action.}
                dims:
                  type: array
                  description: Dims.
                  items:
                    type: array
                    items: {$ref: '#/components/schemas/Dimension'}
                labels:
                  type: object
                  description: Labels.
                  properties:
                    owner: {type: string, description: Owner label.}
                  additionalProperties: {type: string}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  things:
                    type: array
                    description: Things.
                    items: {$ref: '#/components/schemas/Thing'}
                  extras: {type: array, description: Anything., items: {}}
                  links:
                    type: array
                    description: Links.
                    items: {type: object, additionalProperties: {type: string}}
                  addresses:
                    type: object
                    description: By net.
                    additionalProperties:
                      type: array
                      items:
                        type: object
                        properties:
                          version: {type: string, description: IP version.}
                  zones:
                    type: array
                    description: Zones.
                    items:
                      type: array
                      items:
                        type: object
                        properties:
                          code: {type: string, description: Code.}
                  masters:
                    type: array
                    description: Masters.
                    items:
                      type: object
                      properties:
                        zone: {type: string, description: Zone.}
components:
  schemas:
    Dimension:
      type: object
      required: [name]
      properties:
        name: {type: string, description: Name.}
    Thing:
      type: object
      properties:
        id: {type: string, description: Id.}
        owner:
          type: object
          description: Owner.
          properties:
            name: {type: string, description: Name.}
"#;

fn compare(dir: &Path, name: &str, spec: &str, extended: bool) -> (bool, String) {
    let key = dir.join("key.json");
    std::fs::write(&key, KEY).unwrap();
    let path = dir.join(format!("{name}.yaml"));
    std::fs::write(&path, spec).unwrap();
    let mut command = Command::new(python());
    if extended {
        command.arg(script());
    } else {
        command.arg(shared_dir().join("corpus/compare_transcription.py"));
    }
    command.arg(&key).arg(&path).arg("--quiet");
    let out = run(command);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{name}: the comparer could not run: {text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn a_spec_that_says_what_the_key_says_matches_only_under_the_extended_reading() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, text) = compare(dir.path(), "right", SPEC, true);
    assert!(ok, "the extended reading rejects a right spec:\n{text}");
    // The official comparer stops at the same spec: the spellings are what it cannot read.
    let (ok, text) = compare(dir.path(), "right", SPEC, false);
    assert!(
        !ok && text.contains("unknown type spelling 'Array of objects'"),
        "{text}"
    );
}

#[test]
fn a_wrong_schema_fails_under_the_extended_reading() {
    // Each: what to change in SPEC, and the failure it must cause.
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "nested field's type, below `Array of objects`",
            "id: {type: string, description: Id.}",
            "id: {type: integer, description: Id.}",
            "body.things[].id: type string: want string",
        ),
        (
            "a field of the dictionary, below `Dictionary data structure`",
            "name: {type: string, description: Name.}",
            "nom: {type: string, description: Name.}",
            "body.things[].owner.name: present: missing",
        ),
        (
            "a file without format binary",
            "upload: {type: string, format: binary, description: The file.}",
            "upload: {type: string, description: The file.}",
            "body.upload: type File: want string of format binary",
        ),
        (
            "`Int` as a long",
            "count: {type: integer, format: int32, description: How many.}",
            "count: {type: integer, format: int64, description: How many.}",
            "body.count: type Int: want integer",
        ),
        (
            "a list of string maps whose values are integers",
            "additionalProperties: {type: string}",
            "additionalProperties: {type: integer}",
            "body.links: type list<map<String, String>>: array items: additionalProperties must be",
        ),
        (
            "a bare list that is not a list",
            "extras: {type: array, description: Anything., items: {}}",
            "extras: {type: object, description: Anything.}",
            "body.extras: type list: want array",
        ),
        (
            "a field of the elements of a map's lists",
            "version: {type: string, description: IP version.}",
            "ip_version: {type: string, description: IP version.}",
            "body.addresses{*}.version: present: missing",
        ),
        (
            "a map of objects for a map of lists",
            "                      type: array\n                      items:\n",
            "                      type: object\n                      x-items:\n",
            "body.addresses: type Map<String, Array of objects>: additionalProperties: want array",
        ),
        (
            "a `Null` member typed as a string",
            "reset: {description: An action.}",
            "reset: {type: string, description: An action.}",
            "body.reset: type Null: want object or an untyped schema",
        ),
        (
            "a list of objects for `Array of arrays of Dimension objects`",
            "                    type: array\n                    items: {$ref: '#/components/schemas/Dimension'}\n",
            "                    $ref: '#/components/schemas/Dimension'\n",
            "body.dims: type Array of arrays of Dimension objects: array items: want array",
        ),
        (
            "a field of the innermost elements, below a list of lists",
            "code: {type: string, description: Code.}",
            "kode: {type: string, description: Code.}",
            "body.zones[].code: present: missing",
        ),
        (
            "a list of lists of strings for `Array<Array<Zone>>`",
            "                        type: object\n                        properties:\n                          code:",
            "                        type: string\n                        x-properties:\n                          code:",
            "body.zones: type Array<Array<Zone>>: array items: array items: want object",
        ),
        (
            "a mandatory field of the innermost elements made optional",
            "      required: [name]\n",
            "",
            "body.dims[].name: required=true: spec says required=false",
        ),
        (
            "an entry of a map of strings missing",
            "owner: {type: string, description: Owner label.}",
            "holder: {type: string, description: Owner label.}",
            "body.labels{*}.owner: present: missing",
        ),
        (
            "one object for `MasterSpec objects`",
            "                    type: array\n                    description: Masters.\n                    items:\n                      type: object\n",
            "                    type: object\n                    description: Masters.\n                    x-items:\n                      type: object\n",
            "body.masters: type MasterSpec objects: want array",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (i, (what, from, to, failure)) in cases.iter().enumerate() {
        assert!(SPEC.contains(from), "{what}: {from:?} is not in SPEC");
        let (ok, text) = compare(
            dir.path(),
            &format!("wrong{i}"),
            &SPEC.replace(from, to),
            true,
        );
        assert!(
            !ok,
            "{what}: the extended reading accepts a wrong spec:\n{text}"
        );
        assert!(
            text.lines()
                .any(|l| l.starts_with("FAIL") && l.contains(failure)),
            "{what}: want a failure containing {failure:?}, got:\n{text}"
        );
    }
}
