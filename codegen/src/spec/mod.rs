//! Stage 1: load a spec file with source positions and validate it, collecting every problem.
//!
//! The input is OpenAPI 3.0.x as YAML or JSON. Both go through the one YAML parser (JSON is YAML 1.2 flow
//! syntax), so every value of either has its `line:column`; a JSON document is first checked by a JSON parser
//! so that what YAML would tolerate but JSON forbids (a trailing comma) is reported as a JSON error, in place,
//! and is then read by a JSON reader that builds the same tree faster (the private `json` module). A YAML
//! document in the block style this project writes is read by a block-YAML reader that builds the same tree
//! faster (the private `block` module); both hand anything else to the YAML parser. That tree
//! ([`yaml::Node`]) is also the one the transcriber builds and writes: there is one spec tree.

mod block;
mod check;
mod diagnostic;
mod fold;
mod json;
pub mod keys;
mod merge;
pub mod model;
mod read;
pub mod yaml;

use std::path::Path;

pub use check::{COMPACT_DATETIME, Resolved, path_placeholders};
pub use diagnostic::{Diagnostic, Diagnostics, QUOTE_LIMIT, shown, shown_input};
pub use model::*;

use diagnostic::Sink;
use yaml::Pos;

/// Reads and validates `path`. All problems of the file are reported together.
pub fn load(path: &Path) -> Result<Spec, Diagnostics> {
    let fail = |pos: Pos, message: String, help: Option<String>| {
        Diagnostics::new(path, vec![Diagnostic { pos, message, help }])
    };
    let bytes = std::fs::read(path)
        .map_err(|e| fail(Pos::default(), format!("cannot read the spec: {e}"), None))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        fail(
            end_of(valid),
            "the spec is not valid UTF-8: this byte is not part of a UTF-8 character".into(),
            Some("save the file as UTF-8".into()),
        )
    })?;
    parse(&text, path)
}

/// The position just after `prefix` (which ends where something of interest starts).
fn end_of(prefix: &[u8]) -> Pos {
    let line_start = prefix
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&prefix[line_start..])
        .chars()
        .count();
    Pos {
        line: prefix.iter().filter(|b| **b == b'\n').count() as u64 + 1,
        column: column as u64 + 1,
    }
}

/// Whether the document is written as JSON: an object is the only valid top level of a JSON OpenAPI document.
fn is_json(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
}

/// A JSON syntax error of `text`, at its position.
fn json_syntax(text: &str) -> Option<Diagnostic> {
    let e =
        serde_json::from_str::<serde::de::IgnoredAny>(text.trim_start_matches('\u{feff}')).err()?;
    if !e.is_syntax() && !e.is_eof() {
        return None;
    }
    let message = e.to_string();
    // serde_json appends " at line L column C"; the position is shown in front instead.
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(m, _)| m);
    Some(Diagnostic {
        pos: yaml_position(text, e.line(), e.column()),
        message: format!("invalid JSON: {message}"),
        help: Some("fix the JSON syntax at this position".into()),
    })
}

/// serde_json's position (lines end at `\n` only, the column counts bytes) as the rest of the spec stage counts:
/// lines end where YAML ends them (`\r\n`, `\r`, `\n`) and columns count characters, so a JSON error and a YAML
/// one point at a text the same way.
fn yaml_position(text: &str, json_line: usize, json_column: usize) -> Pos {
    let line_start = if json_line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(json_line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    let mut offset = (line_start + json_column.saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let mut line = 1u64;
    let mut line_begins = 0;
    let mut chars = before.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let crlf = c == '\r' && chars.peek().is_some_and(|&(_, next)| next == '\n');
        if crlf {
            continue;
        }
        if c == '\n' || c == '\r' {
            line += 1;
            line_begins = i + 1;
        }
    }
    Pos {
        line,
        column: before[line_begins..].chars().count() as u64 + 1,
    }
}

/// The parser's resource budget, scaled to the input: a node or event takes at least a byte or so of text, so a
/// budget proportional to the length still stops alias bombs while letting large specs (thousands of
/// operations) through, where the fixed default (250,000 nodes) would refuse them.
fn yaml_options(text: &str) -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_nodes = budget.max_nodes.max(text.len());
    budget.max_events = budget.max_events.max(2 * text.len());
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options
}

/// Reads spec `text` (YAML, or JSON, which is checked as JSON first) into the positioned tree: the one loader of
/// every spec the project reads (`generate`, `--merge-into`, the transcriber's read-back of what it writes,
/// lint, the emulator), so all of them have the same parser budget, reject duplicate keys and report a
/// problem at its `line:column`.
pub fn read_tree(text: &str) -> Result<yaml::Node, Diagnostic> {
    if is_json(text) {
        if let Some(error) = json_syntax(text) {
            return Err(error);
        }
        // The same tree, read without the YAML parser's layers when nothing in it needs them.
        if let Some(root) = json::read(text) {
            return Ok(root);
        }
    } else if let Some(root) = block::read(text) {
        // The same tree, read without the YAML parser's layers: a block-style document without the YAML
        // features whose reading is the parser's to decide.
        return Ok(root);
    }
    serde_saphyr::from_str_with_options(text, yaml_options(text)).map_err(|e| {
        let pos = e.location().map(Pos::from).unwrap_or_default();
        let message = e.without_snippet().to_string();
        let message = message.lines().next().unwrap_or("invalid YAML").to_owned();
        Diagnostic {
            pos,
            message: format!("invalid YAML: {message}"),
            help: Some("fix the YAML syntax at this position".into()),
        }
    })
}

/// Validates spec `text`; `path` is only used in messages.
pub fn parse(text: &str, path: &Path) -> Result<Spec, Diagnostics> {
    parse_with_notes(text, path).map(|(spec, _)| spec)
}

/// Validates spec `text` like [`parse`], and also returns the notes: the `x-` extensions the reader met in the
/// objects it reads that the vocabulary ([`keys::EXTENSIONS`]) does not define.
pub fn parse_with_notes(text: &str, path: &Path) -> Result<(Spec, Diagnostics), Diagnostics> {
    let root = read_tree(text).map_err(|error| Diagnostics::new(path, vec![error]))?;
    let mut sink = Sink::default();
    let spec = read::document(&root, &mut sink);
    if let Some(spec) = &spec {
        check::check(spec, &mut sink);
    }
    let notes = sink.take_notes(path);
    match spec {
        Some(spec) if sink.is_empty() => Ok((spec, notes)),
        _ => Err(sink.into_diagnostics(path)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(result: Result<Spec, Diagnostics>) -> Vec<(u64, u64, String)> {
        let diagnostics = result.expect_err("the spec has a problem");
        diagnostics
            .items
            .into_iter()
            .map(|d| (d.pos.line, d.pos.column, d.message))
            .collect()
    }

    const JSON: &str = r#"{
  "openapi": "3.0.3",
  "info": {"title": "T", "version": "1", "x-service": "t"},
  "servers": [{"url": "https://t.{region}.example.com"}],
  "paths": {
    "/items": {
      "get": {
        "operationId": "ListItems",
        "responses": {"200": {"description": "ok",
          "content": {"application/json": {"schema": {"type": "decimal"}}}}}
      }
    }
  }
}
"#;

    #[test]
    fn json_values_have_their_line_and_column() {
        let found = errors(parse(JSON, Path::new("t.json")));
        // `"type": "decimal"` is on line 10; the type's value starts at column 63 (1-based, counted by hand).
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].0, found[0].1), (10, 63), "{found:?}");
        assert!(found[0].2.contains("type `decimal`"), "{found:?}");
    }

    #[test]
    fn json_positions_count_lines_and_columns_as_yaml_does() {
        // serde_json counts `\n` lines and byte columns; YAML also breaks at a bare CR, and columns are characters.
        let text = "{\"a\":\r1,\r\n\"é\": x}";
        // serde_json: line 2 (after the one `\n`), byte column of `x`.
        let json_column = "\"é\": x".len();
        assert_eq!(
            yaml_position(text, 2, json_column),
            Pos { line: 3, column: 6 }
        );
        assert_eq!(yaml_position(text, 1, 1), Pos { line: 1, column: 1 });
        // Out of range positions stay inside the text.
        let end = yaml_position(text, 99, 99);
        assert_eq!(end.line, 3);
    }

    #[test]
    fn json_syntax_errors_are_json_errors_at_their_position() {
        // A trailing comma is valid YAML flow syntax but not JSON: line 3, the `}` after the comma (column 59).
        let text = JSON.replacen(r#""x-service": "t"}"#, r#""x-service": "t",}"#, 1);
        let found = errors(parse(&text, Path::new("t.json")));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].0, found[0].1), (3, 59), "{found:?}");
        assert!(found[0].2.starts_with("invalid JSON"), "{found:?}");
        // Without the closing `}` line, the text ends on line 13 (`  }`): the error is there, not at 0:0.
        let found = errors(parse(&JSON[..JSON.len() - 3], Path::new("t.json")));
        assert_eq!((found[0].0, found[0].1), (13, 3), "{found:?}");
        assert!(found[0].2.starts_with("invalid JSON"), "{found:?}");
    }

    #[test]
    fn a_tab_in_the_indentation_is_reported_on_its_line() {
        let text = "openapi: 3.0.3\ninfo:\n\ttitle: T\n";
        let found = errors(parse(text, Path::new("t.yaml")));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, 3, "{found:?}");
        assert_ne!(found[0].1, 0, "{found:?}");
    }

    #[test]
    fn an_invalid_utf8_byte_is_reported_at_its_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.yaml");
        // Line 3, after `  title: "é` (the é is one character, two bytes): column 12.
        std::fs::write(&path, b"openapi: 3.0.3\ninfo:\n  title: \"\xc3\xa9\xff\"\n").unwrap();
        let found = errors(load(&path));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].0, found[0].1), (3, 12), "{found:?}");
        assert!(found[0].2.contains("not valid UTF-8"), "{found:?}");
    }

    #[test]
    fn a_ring_of_schemas_that_only_refer_to_each_other_is_reported_with_both_positions() {
        let text = "openapi: 3.0.3\ninfo: {title: T, version: v1}\npaths: {}\ncomponents:\n  schemas:\n    \
                    Start: {$ref: '#/components/schemas/A'}\n    \
                    A: {$ref: '#/components/schemas/B'}\n    \
                    B: {allOf: [{$ref: '#/components/schemas/A'}], description: B}\n    \
                    C: {$ref: '#/components/schemas/C'}\n    \
                    D: {type: object, properties: {d: {$ref: '#/components/schemas/D'}}}\n";
        let found = errors(parse(text, Path::new("t.yaml")));
        // A (line 7) → B (line 8) → A, once, at A, naming B's position; C (line 9) alone. `Start` leads into
        // the ring without being in it; D holds itself through a field, which boxing handles.
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!((found[0].0, found[0].1), (7, 5), "{found:?}");
        assert!(found[0].2.contains("`A` → `B` → `A`"), "{found:?}");
        assert!(found[0].2.contains("`B` at 8:5"), "{found:?}");
        assert_eq!((found[1].0, found[1].1), (9, 5), "{found:?}");
        assert!(
            found[1].2.contains("`C` is only a `$ref` to itself"),
            "{found:?}"
        );
    }

    #[test]
    fn large_specs_are_within_the_parser_budget() {
        // 300,000 nodes: more than serde-saphyr's fixed default budget of 250,000.
        let mut text = String::from("a:\n");
        for _ in 0..300_000 {
            text.push_str("- 0\n");
        }
        assert!(
            serde_saphyr::from_str::<yaml::Node>(&text).is_err(),
            "the default budget would refuse it"
        );
        serde_saphyr::from_str_with_options::<yaml::Node>(&text, yaml_options(&text))
            .expect("within the scaled budget");
    }
}
