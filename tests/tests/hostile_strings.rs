//! Hostile text in every text field of a spec still gives a crate that builds, lints and documents cleanly, and
//! the strings that are data (wire names, enum values, operation ids and paths, the crate's description) reach
//! the output verbatim.
//!
//! One spec puts every payload of [`PAYLOADS`] (quotes, backslashes, CR, NUL and the other C0 controls, DEL,
//! comment and attribute openers, template braces, HTML, backticks and fences, bidi overrides, emoji, CJK,
//! U+2028, blank edges, a 10k string) into the title, version, descriptions, summaries, parameter and property
//! names and descriptions, enum values, examples, the server description, the doc group and schema names. The
//! slow test generates it into a temp crate and runs `cargo clippy -D warnings` and `cargo doc` with
//! `RUSTDOCFLAGS=-D warnings` on it, sharing the workspace's target directory; the oracles for "verbatim" are
//! cargo's own TOML reader and `syn` reading the generated literals, not the generator.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use sdk_tests::repo_root;

/// Each payload is one thing a generator has to escape somewhere.
const PAYLOADS: &[&str] = &[
    "\"",
    "\\",
    "\r",
    "\n",
    "\r\n",
    "\0",
    "\u{1}",
    "\u{7}",
    "\u{8}",
    "\t",
    "\u{b}",
    "\u{c}",
    "\u{1b}[31m",
    "\u{1f}",
    "\u{7f}",
    "\u{85}",
    "\u{9b}",
    "*/",
    "/*",
    "#[",
    "#![",
    "\"#",
    "r#\"",
    "]]",
    "[[",
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "<b>",
    "</i>",
    "<!--",
    "-->",
    "`",
    "``",
    "```",
    "~~~",
    "\u{202e}",
    "\u{2066}",
    "\u{200b}",
    "😀",
    "中文",
    "\u{2028}",
    "\u{2029}",
    "\u{feff}",
    "https://example.com/a_b",
    "(https://example.com/x)",
    "<https://example.com>",
    "[link]",
    "[`Client`]",
    "[x]: https://example.com",
    "&amp;",
    "&#0;",
    "|",
    "---",
    "===",
    "# heading",
    "    four spaces",
    "- item",
    "1. item",
    "> quote",
    "$x",
    "'",
    "\\u{0}",
    "\\n",
];

/// Every payload in one text, between blank edges.
fn hostile() -> String {
    format!("  Hostile {}  ", PAYLOADS.join(" "))
}

/// A 10k-character text with quotes and backslashes all along.
fn long() -> String {
    "ab\"c\\d ".repeat(1430)
}

/// A YAML double-quoted scalar holding exactly `s` (everything outside printable ASCII and ordinary Unicode
/// letters is a `\u` escape, so YAML's line folding and its own idea of line breaks never apply).
fn q(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            c if (c as u32) < 0xa0
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{200b}')
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c) =>
            {
                write!(out, "\\u{:04x}", c as u32).unwrap();
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The enum values: every payload behind a distinct tag, the payloads alone, the empty value and the 10k text.
fn enum_values() -> Vec<String> {
    let mut values: Vec<String> = PAYLOADS
        .iter()
        .enumerate()
        .map(|(i, p)| format!("v{i}{p}"))
        .collect();
    values.extend(PAYLOADS.iter().map(|p| (*p).to_owned()));
    values.push(String::new());
    values.push(long());
    let mut seen = BTreeSet::new();
    values.retain(|v| seen.insert(v.clone()));
    values
}

/// Property (wire) names: hostile, distinct, each with its own letters so their Rust names differ.
fn property_names() -> Vec<String> {
    PAYLOADS
        .iter()
        .enumerate()
        .map(|(i, p)| format!("p{i}{p}"))
        .collect()
}

/// Query parameter (wire) names.
fn query_names() -> Vec<String> {
    ["\"", "\\", "\r\n", "\u{202e}", "中文", "`", "a b", "#["]
        .iter()
        .enumerate()
        .map(|(i, p)| format!("q{i}{p}"))
        .collect()
}

/// The region: the README's example and the client's region list quote it.
const REGION: &str = "cn-\"north\\4\r\n`";
/// A region outside the URL template, and its endpoint.
const OTHER_REGION: &str = "eu-\"west\u{202e}\0";
const OTHER_ENDPOINT: &str = "https://x.example.eu/\"\\\r\n";
/// A schema name with characters no Rust name has.
const SCHEMA: &str = "Item`s \"<b>\"|\r\n";
/// A path with backticks, quotes and a pipe in a literal segment.
const PATH: &str = "/v1/{project_id}/it`e\"m|s\\";

fn spec_yaml() -> String {
    let h = q(&hostile());
    let long = q(&long());
    let mut y = String::new();
    writeln!(y, "openapi: 3.0.3").unwrap();
    writeln!(y, "info:").unwrap();
    writeln!(y, "  title: {h}").unwrap();
    writeln!(y, "  version: {h}").unwrap();
    writeln!(
        y,
        "  description: {}",
        q(&format!("{}{}", hostile(), self::long()))
    )
    .unwrap();
    writeln!(y, "  x-service: hostile").unwrap();
    writeln!(y, "servers:").unwrap();
    writeln!(y, "  - url: https://hostile.{{region}}.example.com").unwrap();
    writeln!(y, "    description: {h}").unwrap();
    writeln!(y, "    variables:").unwrap();
    writeln!(y, "      region:").unwrap();
    writeln!(y, "        default: {}", q(REGION)).unwrap();
    writeln!(y, "        description: {h}").unwrap();
    writeln!(y, "        enum: [{}]", q(REGION)).unwrap();
    writeln!(y, "    x-region-endpoints:").unwrap();
    writeln!(y, "      {}: {}", q(OTHER_REGION), q(OTHER_ENDPOINT)).unwrap();
    writeln!(y, "security:\n  - AkSk: []").unwrap();
    writeln!(y, "paths:").unwrap();
    writeln!(y, "  {}:", q(PATH)).unwrap();
    writeln!(y, "    get:").unwrap();
    writeln!(y, "      operationId: ListItems").unwrap();
    writeln!(y, "      summary: {h}").unwrap();
    writeln!(y, "      description: {h}").unwrap();
    writeln!(y, "      x-doc-group: {h}").unwrap();
    writeln!(y, "      tags: [{h}]").unwrap();
    writeln!(y, "      parameters:").unwrap();
    writeln!(
        y,
        "        - name: project_id\n          in: path\n          required: true"
    )
    .unwrap();
    writeln!(y, "          description: {h}").unwrap();
    writeln!(y, "          schema: {{type: string}}").unwrap();
    writeln!(y, "          x-from-credentials: project_id").unwrap();
    for name in query_names() {
        writeln!(y, "        - name: {}\n          in: query", q(&name)).unwrap();
        writeln!(y, "          description: {h}").unwrap();
        writeln!(y, "          schema: {{type: string}}").unwrap();
    }
    writeln!(
        y,
        "        - name: {}\n          in: header",
        q("X-\"Head`er\r")
    )
    .unwrap();
    writeln!(y, "          description: {h}").unwrap();
    writeln!(y, "          schema: {{type: string}}").unwrap();
    writeln!(y, "      responses:").unwrap();
    writeln!(y, "        '200':").unwrap();
    writeln!(y, "          description: {h}").unwrap();
    writeln!(y, "          x-example-summary: {h}").unwrap();
    writeln!(y, "          content:\n            application/json:").unwrap();
    writeln!(
        y,
        "              schema: {{$ref: {}}}",
        q(&format!("#/components/schemas/{SCHEMA}"))
    )
    .unwrap();
    writeln!(
        y,
        "              example: {{{}: {h}}}",
        q(&property_names()[0])
    )
    .unwrap();
    writeln!(y, "        '400':").unwrap();
    writeln!(y, "          description: {h}").unwrap();
    writeln!(y, "      x-request-examples:").unwrap();
    writeln!(y, "        - description: {h}\n          text: {h}").unwrap();
    writeln!(y, "        - text: {long}").unwrap();
    writeln!(y, "    post:").unwrap();
    writeln!(y, "      operationId: CreateItems").unwrap();
    writeln!(y, "      summary: {h}").unwrap();
    writeln!(y, "      description: {long}").unwrap();
    writeln!(y, "      x-doc-group: {}", q("中文 \"group\"\r")).unwrap();
    writeln!(y, "      parameters:").unwrap();
    writeln!(
        y,
        "        - name: project_id\n          in: path\n          required: true"
    )
    .unwrap();
    writeln!(y, "          schema: {{type: string}}").unwrap();
    writeln!(y, "          x-from-credentials: project_id").unwrap();
    writeln!(y, "      requestBody:\n        required: true").unwrap();
    writeln!(y, "        description: {h}").unwrap();
    writeln!(y, "        content:\n          application/json:").unwrap();
    writeln!(
        y,
        "            schema: {{$ref: {}}}",
        q(&format!("#/components/schemas/{SCHEMA}"))
    )
    .unwrap();
    writeln!(
        y,
        "            example: {{{}: {h}}}",
        q(&property_names()[1])
    )
    .unwrap();
    writeln!(y, "      responses:").unwrap();
    writeln!(y, "        '204':").unwrap();
    writeln!(y, "          description: {h}").unwrap();
    writeln!(y, "components:").unwrap();
    writeln!(y, "  securitySchemes:").unwrap();
    writeln!(
        y,
        "    AkSk: {{type: apiKey, in: header, name: Authorization, x-signing: SDK-HMAC-SHA256}}"
    )
    .unwrap();
    writeln!(y, "  schemas:").unwrap();
    writeln!(y, "    {}:", q(SCHEMA)).unwrap();
    writeln!(y, "      type: object").unwrap();
    writeln!(y, "      description: {h}").unwrap();
    writeln!(y, "      x-caption: {h}").unwrap();
    writeln!(y, "      properties:").unwrap();
    for name in property_names() {
        writeln!(y, "        {}:", q(&name)).unwrap();
        writeln!(y, "          type: string").unwrap();
        writeln!(y, "          description: {h}").unwrap();
    }
    writeln!(y, "        status:").unwrap();
    writeln!(y, "          type: string").unwrap();
    writeln!(y, "          description: {h}").unwrap();
    let mut values: Vec<String> = enum_values().iter().map(|v| q(v)).collect();
    // A value listed twice (JSON Schema says values SHOULD be unique, not MUST) is one value.
    values.push(values[0].clone());
    writeln!(y, "          enum: [{}]", values.join(", ")).unwrap();
    writeln!(y, "        count:").unwrap();
    writeln!(y, "          type: string").unwrap();
    writeln!(y, "          description: {long}").unwrap();
    writeln!(y, "          x-numeric-string: true").unwrap();
    writeln!(y, "        secret_token:").unwrap();
    writeln!(y, "          type: string").unwrap();
    writeln!(y, "          description: {h}").unwrap();
    writeln!(y, "        nested:").unwrap();
    writeln!(y, "          type: object").unwrap();
    writeln!(y, "          description: {h}").unwrap();
    writeln!(y, "          properties:").unwrap();
    writeln!(y, "            {}:", q(&property_names()[2])).unwrap();
    writeln!(y, "              type: integer").unwrap();
    writeln!(y, "              description: {h}").unwrap();
    writeln!(y, "              x-accept-string: true").unwrap();
    y
}

/// The hostile spec in a temp dir.
fn write_spec(dir: &Path) -> PathBuf {
    let path = dir.join("hostile.yaml");
    std::fs::write(&path, spec_yaml()).unwrap();
    path
}

fn render(spec: &Path, runtime: &Path) -> Vec<codegen::GeneratedFile> {
    let options = codegen::CrateOptions {
        source: "hostile \"spec\"\r\n-->.yaml".into(),
        runtime_path: runtime.display().to_string(),
        examples: vec![],
        name: None,
    };
    match codegen::render_crate(spec, &options) {
        Ok(files) => files,
        Err(e) => panic!("the hostile spec does not generate: {e}"),
    }
}

fn generated(dir: &Path) -> Vec<codegen::GeneratedFile> {
    let spec = write_spec(dir);
    render(&spec, &repo_root().join("runtime").canonicalize().unwrap())
}

fn file<'a>(files: &'a [codegen::GeneratedFile], path: &str) -> &'a str {
    &files
        .iter()
        .find(|f| f.path == Path::new(path))
        .unwrap_or_else(|| panic!("no {path}"))
        .contents
}

/// Every string literal in `tokens`, macro bodies included.
fn string_literals(tokens: proc_macro2::TokenStream, out: &mut Vec<String>) {
    for tree in tokens {
        match tree {
            proc_macro2::TokenTree::Group(g) => string_literals(g.stream(), out),
            proc_macro2::TokenTree::Literal(l) => {
                if let Ok(s) = syn::parse_str::<syn::LitStr>(&l.to_string()) {
                    out.push(s.value());
                }
            }
            _ => {}
        }
    }
}

#[test]
fn every_generated_rust_file_parses_and_holds_no_raw_control_character() {
    let dir = tempfile::tempdir().unwrap();
    for f in generated(dir.path()) {
        let text = &f.contents;
        let bad: Vec<(usize, char)> = text
            .char_indices()
            .filter(|&(_, c)| {
                (c.is_control() && c != '\n' && c != '\t') || ('\u{202a}'..='\u{202e}').contains(&c)
            })
            .take(5)
            .collect();
        assert!(
            bad.is_empty(),
            "{}: raw control characters at {bad:?}",
            f.path.display()
        );
        if f.path.extension().is_some_and(|e| e == "rs") {
            // proc-macro2's lexer, like rustc's, rejects a bare CR in a doc comment.
            if let Err(e) = syn::parse_file(text) {
                panic!("{} does not parse: {e}", f.path.display());
            }
        }
    }
    // The same spec as one module, for a `build.rs`.
    let module = match codegen::generate_module(&dir.path().join("hostile.yaml")) {
        Ok(module) => module,
        Err(e) => panic!("the hostile spec does not generate a module: {e}"),
    };
    assert!(!module.contains(['\r', '\0', '\u{202e}']));
    if let Err(e) = syn::parse_file(&module) {
        panic!("the build.rs module does not parse: {e}");
    }
}

#[test]
fn wire_names_enum_values_ids_and_paths_reach_the_source_verbatim() {
    let dir = tempfile::tempdir().unwrap();
    let files = generated(dir.path());
    let mut literals = Vec::new();
    for f in files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "rs"))
    {
        let tokens: proc_macro2::TokenStream = f.contents.parse().unwrap();
        string_literals(tokens, &mut literals);
    }
    let literals: BTreeSet<String> = literals.into_iter().collect();
    let mut expected: Vec<String> = enum_values();
    expected.extend(property_names());
    expected.extend(query_names());
    expected.extend([
        "X-\"Head`er\r".to_owned(),
        PATH.to_owned(),
        REGION.to_owned(),
        OTHER_REGION.to_owned(),
        OTHER_ENDPOINT.to_owned(),
    ]);
    let missing: Vec<&String> = expected.iter().filter(|e| !literals.contains(*e)).collect();
    assert!(missing.is_empty(), "not in any string literal: {missing:?}");

    // The enum's `From<&str>` maps exactly the spec's values (and nothing else) to known variants.
    let types: syn::File = syn::parse_file(file(&files, "src/types.rs")).unwrap();
    let mut arms = Vec::new();
    for item in &types.items {
        let syn::Item::Impl(imp) = item else { continue };
        let tokens = quote::ToTokens::to_token_stream(imp);
        if !tokens.to_string().contains("From < & str > for") {
            continue;
        }
        // The match arms, not the `#[cfg]` above the impl.
        let mut lits = Vec::new();
        for item in &imp.items {
            string_literals(quote::ToTokens::to_token_stream(item), &mut lits);
        }
        arms.push(lits);
    }
    let expected = enum_values();
    let closest = arms
        .iter()
        .max_by_key(|a| a.iter().filter(|v| expected.contains(v)).count());
    assert_eq!(
        closest,
        Some(&expected),
        "no `From<&str>` maps exactly the spec's enum values"
    );
}

#[test]
fn readme_quotes_the_region_as_a_rust_literal_and_keeps_its_table() {
    let dir = tempfile::tempdir().unwrap();
    let files = generated(dir.path());
    let readme = file(&files, "README.md");
    let code = readme
        .split("```rust,no_run\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("a rust code block");
    let code: String = code
        .lines()
        .map(|l| l.strip_prefix("# ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    let parsed: syn::File = syn::parse_file(&code).expect("the README's example parses");
    let mut literals = Vec::new();
    string_literals(quote::ToTokens::to_token_stream(&parsed), &mut literals);
    assert!(literals.contains(&REGION.to_owned()), "{literals:?}");
    // One table row per operation, four cells each.
    let rows: Vec<&str> = readme.lines().filter(|l| l.starts_with("| `")).collect();
    assert_eq!(rows.len(), 2, "{readme}");
    for row in rows {
        let cells = row.replace("\\|", "").matches('|').count();
        assert_eq!(cells, 5, "{row}");
    }
}

/// `text` with every control character but tab, and every line separator and bidi control of [`PAYLOADS`]
/// and the BOM, as `\u{hex}` (the zero-width space stays).
fn visible_one_line(text: &str) -> String {
    text.chars()
        .map(|c| {
            let invisible = matches!(
                c,
                '\u{2028}' | '\u{2029}' | '\u{202e}' | '\u{2066}' | '\u{feff}'
            );
            if (c.is_control() && c != '\t') || invisible {
                format!("\\u{{{:x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The workspace's target directory (the test binary is `<target>/debug/deps/hostile_strings-…`), so the
/// runtime and its dependencies are already built.
fn target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(dir);
    }
    let exe = std::env::current_exe().unwrap();
    exe.ancestors().nth(3).unwrap().to_path_buf()
}

fn cargo(krate: &Path, args: &[&str]) -> std::process::Output {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(args)
        .current_dir(krate)
        .env("CARGO_TARGET_DIR", target_dir())
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "cargo {} failed on the hostile crate:\n{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The slow part: one crate, linted and documented. About 6 s on 2 cores once the target directory holds the
/// runtime built for a crate like this one; the first run in a target directory builds the runtime and its
/// network stack (tokio, hyper, rustls) again for this crate's feature set: 65 s measured.
#[test]
fn the_hostile_crate_builds_lints_and_documents_without_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let files = generated(dir.path());
    let krate = dir.path().join("crate");
    for f in &files {
        let path = krate.join(&f.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &f.contents).unwrap();
    }
    // The workspace's lock pins the versions already built there.
    std::fs::copy(repo_root().join("Cargo.lock"), krate.join("Cargo.lock")).unwrap();
    let started = std::time::Instant::now();
    cargo(
        &krate,
        &[
            "clippy",
            "--offline",
            "--quiet",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    );
    cargo(&krate, &["doc", "--offline", "--quiet", "--no-deps"]);
    eprintln!(
        "clippy + doc of the hostile crate: {:.1?}",
        started.elapsed()
    );

    // Cargo's own TOML reader gives back the title and version, on one line with the invisible characters
    // spelled as escapes (cargo prints the description and hands it to rustc in an environment variable).
    let metadata = cargo(
        &krate,
        &[
            "metadata",
            "--offline",
            "--no-deps",
            "--format-version",
            "1",
        ],
    );
    let metadata: serde_json::Value = serde_json::from_slice(&metadata.stdout).unwrap();
    let description = metadata["packages"][0]["description"].as_str().unwrap();
    assert_eq!(
        description,
        format!(
            "Rust SDK for Huawei Cloud {h} (API {h}), generated from its documentation.",
            h = visible_one_line(&hostile())
        )
    );
}

/// A CR inside a table cell of a page (a cell pasted from a Windows table, or an old Mac line end) is a
/// paragraph break, as a line break is: the spec gets `\n`-joined paragraphs (spec/README.md) and the crate
/// parses.
#[test]
fn a_cr_inside_a_table_cell_goes_page_to_spec_to_a_crate_that_parses() {
    let fixture = repo_root().join("tests/fixtures/sample");
    let page = std::fs::read_to_string(fixture.join("pages/DeleteAlarmRule.txt")).unwrap();
    assert!(page.contains("\nID of the alarm rule.\n"));
    let page = page.replace(
        "\nID of the alarm rule.\n",
        "\nID of the\ralarm rule.\r\nSecond\r\rThird.\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let page_path = dir.path().join("DeleteAlarmRule.txt");
    std::fs::write(&page_path, page).unwrap();
    let options = codegen::transcribe::Options {
        merge_into: Some(fixture.join("spec.yaml")),
        ..Default::default()
    };
    let out = match codegen::transcribe::transcribe(&[page_path], &options) {
        Ok(out) => out,
        Err(e) => panic!("the page does not transcribe: {e}"),
    };
    let spec: serde_json::Value = serde_saphyr::from_str(&out.yaml).unwrap();
    let params = &spec["paths"]["/v1.0/{project_id}/alarms/{alarm_id}"]["delete"]["parameters"];
    let alarm_id = params
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "alarm_id")
        .unwrap();
    assert_eq!(
        alarm_id["description"],
        "ID of the\nalarm rule.\nSecond\nThird."
    );

    let spec_path = dir.path().join("spec.yaml");
    std::fs::write(&spec_path, &out.yaml).unwrap();
    let files = render(&spec_path, &repo_root().join("runtime"));
    for f in files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "rs"))
    {
        assert!(!f.contents.contains('\r'), "{}", f.path.display());
        if let Err(e) = syn::parse_file(&f.contents) {
            panic!("{} does not parse: {e}", f.path.display());
        }
    }
}

/// An operation id is any string in OpenAPI: one that is no identifier still generates, its Rust names derived
/// (and every generated file parses).
#[test]
fn operation_ids_that_are_no_identifiers_still_generate() {
    let base = spec_yaml();
    let yaml = base
        .replacen(
            "operationId: CreateItems",
            &format!("operationId: {}", q("Create\"Items\r\n")),
            1,
        )
        .replacen(
            "operationId: ListItems",
            &format!("operationId: {}", q("List Items 😀")),
            1,
        );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.yaml");
    std::fs::write(&path, yaml).unwrap();
    let options = codegen::CrateOptions {
        source: "hostile.yaml".into(),
        runtime_path: "runtime".into(),
        examples: vec![],
        name: None,
    };
    let files = codegen::render_crate(&path, &options).unwrap_or_else(|e| panic!("{e}"));
    for f in files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|x| x == "rs"))
    {
        if let Err(e) = syn::parse_file(&f.contents) {
            panic!("{} does not parse: {e}", f.path.display());
        }
    }
}

/// What cannot become Rust (an `x-rust-name` that is no Rust name) is refused with the file, line and column of
/// the value, and nothing is rendered.
#[test]
fn names_that_cannot_be_rust_are_refused_with_their_position() {
    let base = spec_yaml();
    // (text replaced, its replacement, the text on the line the error must name: for an `x-rust-name` the
    // start of the object it names).
    for (find, replace, named) in [
        (
            "x-caption: ",
            format!("x-rust-name: {}\n      x-caption: ", q("Item\"s")),
            "      type: object\n      description",
        ),
        (
            "x-doc-group: ",
            format!("x-rust-name: {}\n      x-doc-group: ", q("list\ritems")),
            "      operationId: ListItems",
        ),
    ] {
        let at = base.find(named).unwrap();
        let line = base[..at].matches('\n').count() + 1;
        let yaml = base.replacen(find, &replace, 1);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hostile.yaml");
        std::fs::write(&path, yaml).unwrap();
        let options = codegen::CrateOptions {
            source: "hostile.yaml".into(),
            runtime_path: "runtime".into(),
            examples: vec![],
            name: None,
        };
        match codegen::render_crate(&path, &options) {
            Ok(_) => panic!("{replace:?} is rendered"),
            Err(e) => {
                let message = e.to_string();
                let position = format!("{}:{line}:", path.display());
                assert!(message.contains(&position), "{replace:?}: {message}");
            }
        }
    }
}
