//! One spec vocabulary: what the transcriber writes is what the reader reads. The committed corpus specs
//! (`spec/*.yaml`, the transcriber's output) read back through the generator's reader with no `x-` key the
//! vocabulary (`codegen::spec::keys`) lacks, and a misspelt extension is noted at its position.

use std::path::{Path, PathBuf};

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn every_corpus_spec_reads_back_with_no_unknown_extension() {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(repo_root().join("spec"))
        .expect("spec/ is readable")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    specs.sort();
    // The 14 corpus services and the hand-written kafka spec; fewer means the directory moved.
    assert!(specs.len() >= 10, "only {} specs in spec/", specs.len());
    let mut unknown = Vec::new();
    for path in &specs {
        let text = std::fs::read_to_string(path).expect("readable spec");
        let (_, notes) = codegen::spec::parse_with_notes(&text, path)
            .unwrap_or_else(|e| panic!("{} does not read:\n{e}", path.display()));
        if !notes.items.is_empty() {
            unknown.push(notes.to_string());
        }
    }
    assert!(unknown.is_empty(), "{}", unknown.join("\n"));
}

const SPEC: &str = "openapi: 3.0.3
info:
  title: T
  version: v1
  x-service: t
paths:
  /items:
    get:
      operationId: ListItems
      x-doc-group: Items
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Item'
components:
  schemas:
    Item:
      type: object
      x-caption: Table 1 Item
      properties:
        id:
          type: string
          x-numeric-strnig: true
";

#[test]
fn an_unknown_extension_is_noted_at_its_position_and_known_ones_are_not() {
    let (_, notes) =
        codegen::spec::parse_with_notes(SPEC, Path::new("t.yaml")).expect("a valid spec");
    // `x-numeric-strnig` is on line 26, indented by 10 spaces (counted by hand).
    let found: Vec<_> = notes
        .items
        .iter()
        .map(|d| (d.pos.line, d.pos.column, d.message.as_str()))
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].0, found[0].1), (26, 11), "{found:?}");
    assert!(found[0].2.contains("`x-numeric-strnig`"), "{found:?}");

    let fixed = SPEC.replace("x-numeric-strnig", "x-numeric-string");
    let (spec, notes) =
        codegen::spec::parse_with_notes(&fixed, Path::new("t.yaml")).expect("a valid spec");
    assert!(notes.items.is_empty(), "{notes}");
    assert_eq!(spec.operations.len(), 1);
}
