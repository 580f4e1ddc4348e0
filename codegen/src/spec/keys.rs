//! The spec vocabulary: every `x-` extension key the project writes or reads, and the OpenAPI keys both sides
//! must agree on, one constant each.
//!
//! The reader (`spec::read`), the checks, the transcriber, lint and the emulator name every `x-` key through
//! these constants, so the side that writes a spec and the side that reads it cannot spell a key two ways.
//! What each extension means is documented once, in spec/README.md's "`x-` extensions" table; the comments
//! here only say where the key sits. A test below fails when a `"x-…"` string literal appears in
//! `codegen/src` or `mock/src` outside this module, and when the README's table and [`EXTENSIONS`] differ.

/// What starts the name of every OpenAPI extension (`x-…`); the reader keeps any such key without reading it
/// unless it is one of [`EXTENSIONS`].
pub const EXTENSION_PREFIX: &str = "x-";

/// `info.x-service`: the short service name.
pub const X_SERVICE: &str = "x-service";
/// `info.x-sources`: the doc pages the spec was transcribed from.
pub const X_SOURCES: &str = "x-sources";
/// Root `x-error-codes`: the error-code page's rows.
pub const X_ERROR_CODES: &str = "x-error-codes";
/// `servers[].x-region-endpoints`: endpoints of regions outside the URL template.
pub const X_REGION_ENDPOINTS: &str = "x-region-endpoints";
/// Security scheme `x-signing`: the signing algorithm the gateway checks.
pub const X_SIGNING: &str = "x-signing";
/// Operation `x-request-examples`: the page's example requests, verbatim.
pub const X_REQUEST_EXAMPLES: &str = "x-request-examples";
/// Operation `x-response-examples-text`: example responses that are not JSON, by status.
pub const X_RESPONSE_EXAMPLES_TEXT: &str = "x-response-examples-text";
/// Response `x-status-unstated`: the `2XX` response of a page that states no status.
pub const X_STATUS_UNSTATED: &str = "x-status-unstated";
/// Response `x-example-summary`: the caption of the page's example response.
pub const X_EXAMPLE_SUMMARY: &str = "x-example-summary";
/// Operation `x-doc-group`: the documentation section (module and feature of the generated crate).
pub const X_DOC_GROUP: &str = "x-doc-group";
/// Operation `x-paginated`: the parameters and fields that page a list.
pub const X_PAGINATED: &str = "x-paginated";
/// Operation, schema or property `x-rust-name`: a Rust name override.
pub const X_RUST_NAME: &str = "x-rust-name";
/// Parameter or property `x-required-inferred`: `required` was inferred, not stated by the page.
pub const X_REQUIRED_INFERRED: &str = "x-required-inferred";
/// Parameter or property `x-type-unstated`: the page's table has no Type column.
pub const X_TYPE_UNSTATED: &str = "x-type-unstated";
/// Parameter `x-from-credentials`: the value comes from the credentials.
pub const X_FROM_CREDENTIALS: &str = "x-from-credentials";
/// Parameter `x-from-path`: a path parameter for a placeholder no row of the page documents.
pub const X_FROM_PATH: &str = "x-from-path";
/// Schema or property `x-datetime-format`: the layout of a timestamp held in a string.
pub const X_DATETIME_FORMAT: &str = "x-datetime-format";
/// Schema or property `x-numeric-string`: the string holds a number.
pub const X_NUMERIC_STRING: &str = "x-numeric-string";
/// Schema or property `x-json-string`: the string holds a JSON document.
pub const X_JSON_STRING: &str = "x-json-string";
/// Schema or property `x-from-example`: only the page's example documents the property.
pub const X_FROM_EXAMPLE: &str = "x-from-example";
/// Schema or property `x-example-type`: the JSON type the page's examples give where the table says another.
pub const X_EXAMPLE_TYPE: &str = "x-example-type";
/// Schema or property `x-accept-string`: a number or boolean the service also sends as a string.
pub const X_ACCEPT_STRING: &str = "x-accept-string";
/// Schema or property `x-sensitive`: whether the value is a secret.
pub const X_SENSITIVE: &str = "x-sensitive";
/// Schema `x-caption`: the doc table caption the schema was transcribed from.
pub const X_CAPTION: &str = "x-caption";

/// Every extension of the vocabulary, in the order of spec/README.md's table (which lists `x-rust-name` twice:
/// for operations and for schemas).
pub const EXTENSIONS: &[&str] = &[
    X_SERVICE,
    X_SOURCES,
    X_ERROR_CODES,
    X_REGION_ENDPOINTS,
    X_SIGNING,
    X_REQUEST_EXAMPLES,
    X_RESPONSE_EXAMPLES_TEXT,
    X_STATUS_UNSTATED,
    X_EXAMPLE_SUMMARY,
    X_DOC_GROUP,
    X_PAGINATED,
    X_RUST_NAME,
    X_REQUIRED_INFERRED,
    X_TYPE_UNSTATED,
    X_FROM_CREDENTIALS,
    X_FROM_PATH,
    X_DATETIME_FORMAT,
    X_NUMERIC_STRING,
    X_JSON_STRING,
    X_FROM_EXAMPLE,
    X_EXAMPLE_TYPE,
    X_ACCEPT_STRING,
    X_SENSITIVE,
    X_CAPTION,
];

// OpenAPI 3.0 keys the transcriber writes and the reader reads (their meaning is the OpenAPI specification's;
// spec/README.md says which the generator reads). Named here so that lists of keys the two sides must agree on
// (the keys a re-transcription owns, for one) are spelled once.

/// Root `openapi`: the OpenAPI version.
pub const OPENAPI: &str = "openapi";
/// Root `info`.
pub const INFO: &str = "info";
/// `info.title`.
pub const TITLE: &str = "title";
/// `info.version`.
pub const VERSION: &str = "version";
/// Root `servers`.
pub const SERVERS: &str = "servers";
/// `servers[].url`.
pub const URL: &str = "url";
/// `servers[].variables`.
pub const VARIABLES: &str = "variables";
/// Root `paths`.
pub const PATHS: &str = "paths";
/// Root `components`.
pub const COMPONENTS: &str = "components";
/// `components.schemas`.
pub const SCHEMAS: &str = "schemas";
/// `components.securitySchemes`.
pub const SECURITY_SCHEMES: &str = "securitySchemes";
/// Root or operation `security`.
pub const SECURITY: &str = "security";
/// Operation `operationId`.
pub const OPERATION_ID: &str = "operationId";
/// Operation `summary`.
pub const SUMMARY: &str = "summary";
/// `description` of an operation, parameter, body, response or schema.
pub const DESCRIPTION: &str = "description";
/// Operation or path-item `parameters` (and `components.parameters`).
pub const PARAMETERS: &str = "parameters";
/// Operation `requestBody`.
pub const REQUEST_BODY: &str = "requestBody";
/// Operation `responses` (and `components.responses`).
pub const RESPONSES: &str = "responses";
/// Parameter `name`.
pub const NAME: &str = "name";
/// Parameter `in`: where the parameter goes.
pub const IN: &str = "in";
/// `required` of a parameter or body (a boolean), or of an object schema (the list of required properties).
pub const REQUIRED: &str = "required";
/// Parameter or media type `schema`.
pub const SCHEMA: &str = "schema";
/// Request body or response `content`: media type → media type object.
pub const CONTENT: &str = "content";
/// Response `headers`.
pub const HEADERS: &str = "headers";
/// Media type or schema `example`.
pub const EXAMPLE: &str = "example";
/// Media type `examples`: several named examples (each an object with `value` and maybe `summary`).
pub const EXAMPLES: &str = "examples";
/// Schema `type`.
pub const TYPE: &str = "type";
/// Schema `format`.
pub const FORMAT: &str = "format";
/// Schema `properties`.
pub const PROPERTIES: &str = "properties";
/// Array schema `items`.
pub const ITEMS: &str = "items";
/// Schema `additionalProperties`.
pub const ADDITIONAL_PROPERTIES: &str = "additionalProperties";
/// `$ref`: a reference to a component.
pub const REF: &str = "$ref";
/// String schema `pattern`.
pub const PATTERN: &str = "pattern";
/// Schema `enum`.
pub const ENUM: &str = "enum";

/// Whether `key` names an OpenAPI extension (`x-…`), known to the vocabulary or not.
pub fn is_extension(key: &str) -> bool {
    key.starts_with(EXTENSION_PREFIX)
}

/// Whether `key` is an extension the vocabulary does not define (kept by the reader, but read by nothing).
pub fn is_unknown_extension(key: &str) -> bool {
    is_extension(key) && !EXTENSIONS.contains(&key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};

    /// The `.rs` files under `dir`, recursively, in a stable order.
    fn sources(dir: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).expect("readable source dir") {
                let path = entry.expect("dir entry").path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|x| x == "rs") {
                    out.push(path);
                }
            }
        }
        out.sort();
        out
    }

    /// The lines of `text` that are code: before its test module, not comments.
    fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
        text.split("#[cfg(test)]")
            .next()
            .unwrap_or(text)
            .lines()
            .enumerate()
            .filter(|(_, line)| !line.trim_start().starts_with("//"))
            .map(|(i, line)| (i + 1, line))
    }

    #[test]
    fn extension_keys_are_spelled_nowhere_else() {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let this = manifest.join("src/spec/keys.rs");
        let mut found = Vec::new();
        let mut files = 0;
        for dir in [manifest.join("src"), manifest.join("../mock/src")] {
            for file in sources(&dir) {
                files += 1;
                if file == this {
                    continue;
                }
                let text = std::fs::read_to_string(&file).expect("readable source");
                for (line, code) in code_lines(&text) {
                    if code.contains("\"x-") {
                        found.push(format!("{}:{line}: {}", file.display(), code.trim()));
                    }
                }
            }
        }
        // The walk saw both crates (a moved directory must not make this test pass vacuously).
        assert!(files > 40, "only {files} source files found");
        assert!(
            found.is_empty(),
            "`x-` keys are named through codegen::spec::keys, not spelled as literals:\n{}",
            found.join("\n")
        );
    }

    #[test]
    fn the_readme_table_and_the_vocabulary_agree() {
        let readme = include_str!("../../../spec/README.md");
        let table = readme
            .split("## `x-` extensions")
            .nth(1)
            .expect("spec/README.md has an `x-` extensions section");
        let table = table.split("\n## ").next().unwrap_or(table);
        let documented: BTreeSet<&str> = table
            .lines()
            .filter(|l| l.starts_with('|'))
            .filter_map(|l| l.split('|').nth(2))
            .filter_map(|cell| cell.trim().strip_prefix('`')?.strip_suffix('`'))
            .filter(|key| is_extension(key))
            .collect();
        let defined: BTreeSet<&str> = EXTENSIONS.iter().copied().collect();
        assert!(documented.len() > 10, "table not found: {documented:?}");
        assert_eq!(documented, defined, "spec/README.md's table vs EXTENSIONS");
    }

    #[test]
    fn every_extension_the_readme_mentions_is_defined() {
        // Outside the table too (the overrides list, the transcriber's conventions); `x-www-form-urlencoded`
        // is part of a media type, not a key.
        let readme = include_str!("../../../spec/README.md");
        for (i, _) in readme.match_indices('`') {
            let rest = &readme[i + 1..];
            let Some(word) = rest.split('`').next() else {
                continue;
            };
            let key = word.rsplit('.').next().unwrap_or(word);
            if is_extension(key) && key.len() > EXTENSION_PREFIX.len() && !key.contains(' ') {
                assert!(
                    EXTENSIONS.contains(&key),
                    "spec/README.md names `{key}`, which codegen::spec::keys lacks"
                );
            }
        }
    }

    #[test]
    fn unknown_extensions_are_told_apart() {
        assert!(!is_unknown_extension("x-caption"));
        assert!(is_unknown_extension("x-captions"));
        assert!(!is_unknown_extension("caption"));
    }
}
