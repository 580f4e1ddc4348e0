//! The spec vocabulary: every `x-` extension key the project writes or reads, and the OpenAPI keys both sides
//! must agree on, one constant each.
//!
//! The reader (`spec::read`), the checks, the transcriber, lint and the emulator name every `x-` key through
//! these constants, so the side that writes a spec and the side that reads it cannot spell a key two ways;
//! both also hold a spec in one tree, [`super::yaml::Node`] (the reader parses into it, the transcriber builds,
//! merges and writes it), loaded by the one loader, [`super::read_tree`].
//! What each extension means is documented once, in spec/README.md's "`x-` extensions" table; the comments
//! here only say where the key sits. Tests below fail when a `"x-…"` string literal appears in
//! `codegen/src` or `mock/src` outside this module, when the quoted spelling of one of the OpenAPI keys
//! below does (outside the uses listed as not being keys), and when
//! the README's table and [`EXTENSIONS`] differ.

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
/// Schema or property `x-example-shape`: the shape the page's examples give where the table says another,
/// read safely as the table's value (`array`, `single`, `empty`, `json`).
pub const X_EXAMPLE_SHAPE: &str = "x-example-shape";
/// Property `x-example-absent`: mandatory in its table, but absent from the page's example response.
pub const X_EXAMPLE_ABSENT: &str = "x-example-absent";
/// Schema or property `x-table-format`: the `format` the page's table gives, where the transcriber widened it.
pub const X_TABLE_FORMAT: &str = "x-table-format";
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
    X_EXAMPLE_SHAPE,
    X_EXAMPLE_ABSENT,
    X_TABLE_FORMAT,
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
/// Schema, parameter or server-variable `default`; also the `default` entry of `responses` (any status not
/// listed).
pub const DEFAULT: &str = "default";
/// Schema `allOf`: the value satisfies every schema of the list.
pub const ALL_OF: &str = "allOf";
/// Schema `oneOf`: the value satisfies exactly one schema of the list.
pub const ONE_OF: &str = "oneOf";
/// Schema `anyOf`: the value satisfies at least one schema of the list.
pub const ANY_OF: &str = "anyOf";
/// Schema `not`.
pub const NOT: &str = "not";
/// Schema `discriminator`: the property whose value names the branch of a choice.
pub const DISCRIMINATOR: &str = "discriminator";
/// `discriminator.propertyName`.
pub const PROPERTY_NAME: &str = "propertyName";
/// `discriminator.mapping`: property value → schema.
pub const MAPPING: &str = "mapping";
/// Schema `nullable`.
pub const NULLABLE: &str = "nullable";
/// Schema `readOnly`: sent by the server only.
pub const READ_ONLY: &str = "readOnly";
/// Schema `writeOnly`: sent by the client only.
pub const WRITE_ONLY: &str = "writeOnly";
/// `deprecated` of an operation, parameter or schema.
pub const DEPRECATED: &str = "deprecated";
/// Root, operation or schema `externalDocs`.
pub const EXTERNAL_DOCS: &str = "externalDocs";
/// Root or operation `tags`.
pub const TAGS: &str = "tags";
/// `info.contact`.
pub const CONTACT: &str = "contact";
/// `info.license`.
pub const LICENSE: &str = "license";
/// `info.termsOfService`.
pub const TERMS_OF_SERVICE: &str = "termsOfService";
/// `components.requestBodies`.
pub const REQUEST_BODIES: &str = "requestBodies";
/// Response `links` (and `components.links`).
pub const LINKS: &str = "links";
/// Operation `callbacks` (and `components.callbacks`).
pub const CALLBACKS: &str = "callbacks";
/// Security scheme `scheme`: the HTTP authentication scheme (`basic`, `bearer`…).
pub const SCHEME: &str = "scheme";
/// Security scheme `bearerFormat`.
pub const BEARER_FORMAT: &str = "bearerFormat";
/// Security scheme `flows` (OAuth 2).
pub const FLOWS: &str = "flows";
/// Security scheme `openIdConnectUrl`.
pub const OPEN_ID_CONNECT_URL: &str = "openIdConnectUrl";
/// Parameter `allowEmptyValue`.
pub const ALLOW_EMPTY_VALUE: &str = "allowEmptyValue";
/// Parameter `style`: how a value is serialised.
pub const STYLE: &str = "style";
/// Parameter `explode`.
pub const EXPLODE: &str = "explode";
/// Media type `encoding`.
pub const ENCODING: &str = "encoding";
/// Example object `value`.
pub const VALUE: &str = "value";
/// Schema `minimum`.
pub const MINIMUM: &str = "minimum";
/// Schema `maximum`.
pub const MAXIMUM: &str = "maximum";
/// Schema `exclusiveMinimum`.
pub const EXCLUSIVE_MINIMUM: &str = "exclusiveMinimum";
/// Schema `exclusiveMaximum`.
pub const EXCLUSIVE_MAXIMUM: &str = "exclusiveMaximum";
/// Schema `minLength`.
pub const MIN_LENGTH: &str = "minLength";
/// Schema `maxLength`.
pub const MAX_LENGTH: &str = "maxLength";
/// Schema `minItems`.
pub const MIN_ITEMS: &str = "minItems";
/// Schema `maxItems`.
pub const MAX_ITEMS: &str = "maxItems";
/// Schema `uniqueItems`.
pub const UNIQUE_ITEMS: &str = "uniqueItems";
/// Schema `minProperties`.
pub const MIN_PROPERTIES: &str = "minProperties";
/// Schema `maxProperties`.
pub const MAX_PROPERTIES: &str = "maxProperties";
/// Schema `multipleOf`.
pub const MULTIPLE_OF: &str = "multipleOf";

/// What a `$ref` to a schema of the same document starts with; the schema's name follows.
pub const SCHEMA_REF_PREFIX: &str = "#/components/schemas/";

// Keys inside the objects of two extensions (`x-request-examples` items and `x-paginated`); spec/README.md
// documents them with their extension. Their spellings are common words (a parameter named `limit`), so the
// literal check below does not look for them.

/// `x-request-examples[].text`: the example request, verbatim.
pub const REQUEST_EXAMPLE_TEXT: &str = "text";
/// `x-paginated.offset`: the query parameter that says where a page starts.
pub const PAGINATED_OFFSET: &str = "offset";
/// `x-paginated.limit`: the query parameter that says how long a page is.
pub const PAGINATED_LIMIT: &str = "limit";
/// `x-paginated.items`: the response field that holds a page's items.
pub const PAGINATED_ITEMS: &str = "items";
/// `x-paginated.total`: the response field that holds the number of items in all pages.
pub const PAGINATED_TOTAL: &str = "total";
/// `x-paginated.first`: the offset of the first page.
pub const PAGINATED_FIRST: &str = "first";

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
    use std::collections::{BTreeMap, BTreeSet};
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

    /// The OpenAPI keys of this module, spelling → constant name, read from its source: every
    /// `pub const NAME: &str = "…";` except the `x-` extensions (checked above, with their prefix) and the keys
    /// inside extension objects (`PAGINATED_*`, `REQUEST_EXAMPLE_*`: `offset`, `limit`, `text`… are also the
    /// names of parameters and fields the generator reads, so their spelling says nothing by itself).
    fn openapi_keys(source: &str) -> BTreeMap<String, String> {
        source
            .lines()
            .filter_map(|line| {
                let rest = line.strip_prefix("pub const ")?;
                let (name, rest) = rest.split_once(": &str = \"")?;
                let spelling = rest.strip_suffix("\";")?;
                let extension = name.starts_with("X_") || name == "EXTENSION_PREFIX";
                let inside_extension =
                    name.starts_with("PAGINATED_") || name.starts_with("REQUEST_EXAMPLE_");
                (!extension && !inside_extension).then(|| (spelling.to_owned(), name.to_owned()))
            })
            .collect()
    }

    /// The quoted spellings of `spellings` in the code lines of `text` (see [`code_lines`]), as (line, spelling).
    fn key_literals<'a>(
        text: &str,
        spellings: &'a BTreeMap<String, String>,
    ) -> Vec<(usize, &'a str)> {
        let mut found = Vec::new();
        for (line, code) in code_lines(text) {
            for spelling in spellings.keys() {
                if code.contains(&format!("\"{spelling}\"")) {
                    found.push((line, spelling.as_str()));
                }
            }
        }
        found
    }

    /// Quoted spellings of OpenAPI keys that are not keys where they are: (file, spelling, what it is there).
    /// An entry that no longer matches anything fails the test too, so the list cannot outlive its reason.
    const NOT_KEYS: &[(&str, &str, &str)] = &[
        ("codegen/src/naming.rs", "enum", "Rust keyword"),
        (
            "mock/src/infer.rs",
            "name",
            "a body field that identifies a listed item (tags by `key`, else `id`, else `name`)",
        ),
        ("codegen/src/naming.rs", "in", "Rust keyword"),
        (
            "codegen/src/transcribe/value_table.rs",
            "in",
            "an English function word of a header cell",
        ),
        (
            "codegen/src/transcribe/labels.rs",
            "items",
            "the `[items]` placeholder of a doc table's name cell",
        ),
        ("codegen/src/naming.rs", "type", "Rust keyword"),
        (
            "codegen/src/naming.rs",
            "value",
            "the Rust name of a nameless value",
        ),
        ("codegen/src/ir/names.rs", "default", "Cargo feature name"),
        (
            "codegen/src/ir/names.rs",
            "type",
            "naming scope shown in reports",
        ),
        ("codegen/src/ir/names.rs", "value", "suffix of a Rust name"),
        ("codegen/src/diff.rs", "summary", "changelog wording"),
        ("codegen/src/diff.rs", "description", "changelog wording"),
        ("codegen/src/diff.rs", "required", "changelog wording"),
        ("codegen/src/diff.rs", "readOnly", "changelog wording"),
        ("codegen/src/diff.rs", "writeOnly", "changelog wording"),
        (
            "codegen/src/rust/types.rs",
            "required",
            "name of a runtime decoding helper",
        ),
        ("codegen/src/lib.rs", "examples", "directory name"),
        ("codegen/src/release.rs", "version", "text of a git tag"),
        (
            "codegen/src/transcribe/labels.rs",
            "example",
            "label of a doc page",
        ),
        (
            "codegen/src/transcribe/labels.rs",
            "examples",
            "label of a doc page",
        ),
        (
            "codegen/src/transcribe/labels.rs",
            "parameters",
            "label of a doc page",
        ),
        (
            "codegen/src/transcribe/link.rs",
            "parameters",
            "word of a doc table caption",
        ),
        (
            "codegen/src/transcribe/link.rs",
            "description",
            "word of a doc table caption",
        ),
        (
            "codegen/src/transcribe/link.rs",
            "in",
            "word of a doc table caption",
        ),
        (
            "codegen/src/transcribe/parse.rs",
            "example",
            "word of a doc page label",
        ),
        (
            "codegen/src/transcribe/reconcile.rs",
            "required",
            "kind of an example finding in reports",
        ),
        (
            "codegen/src/transcribe/run.rs",
            "title",
            "word of a report note",
        ),
        ("mock/src/main.rs", "info", "log level"),
        ("mock/src/conform.rs", "value", "word of an error message"),
        (
            "mock/src/state.rs",
            "format",
            "key of the emulator's own state file",
        ),
    ];

    #[test]
    fn openapi_keys_are_spelled_nowhere_else() {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let root = manifest
            .parent()
            .expect("the workspace holds the codegen crate");
        let this = manifest.join("src/spec/keys.rs");
        let spellings = openapi_keys(&std::fs::read_to_string(&this).expect("readable keys.rs"));
        // The parse saw the whole vocabulary (a changed declaration style must not make this test vacuous).
        for key in [
            OPENAPI,
            PATHS,
            REF,
            PROPERTIES,
            ALL_OF,
            MULTIPLE_OF,
            SCHEMA_REF_PREFIX,
        ] {
            assert!(spellings.contains_key(key), "{key} not parsed from keys.rs");
        }
        assert!(!spellings.contains_key(X_CAPTION) && !spellings.contains_key(PAGINATED_LIMIT));
        let mut found = Vec::new();
        let mut allowed_seen = BTreeSet::new();
        let mut files = 0;
        for dir in [root.join("codegen/src"), root.join("mock/src")] {
            for file in sources(&dir) {
                let rel = file
                    .strip_prefix(root)
                    .expect("under the workspace")
                    .to_string_lossy()
                    .replace('\\', "/");
                if file == this {
                    continue;
                }
                files += 1;
                let text = std::fs::read_to_string(&file).expect("readable source");
                for (line, spelling) in key_literals(&text, &spellings) {
                    match NOT_KEYS
                        .iter()
                        .position(|(f, s, _)| *f == rel && *s == spelling)
                    {
                        Some(i) => {
                            allowed_seen.insert(i);
                        }
                        None => found.push(format!(
                            "{rel}:{line}: \"{spelling}\" (keys::{})",
                            spellings[spelling]
                        )),
                    }
                }
            }
        }
        assert!(files > 30, "only {files} source files checked");
        assert!(
            found.is_empty(),
            "OpenAPI keys are named through codegen::spec::keys, not spelled as literals (a use that is no key \
             goes in NOT_KEYS, with what it is):\n{}",
            found.join("\n")
        );
        let stale: Vec<_> = (0..NOT_KEYS.len())
            .filter(|i| !allowed_seen.contains(i))
            .map(|i| NOT_KEYS[i])
            .collect();
        assert!(
            stale.is_empty(),
            "NOT_KEYS entries that match nothing: {stale:?}"
        );
    }

    #[test]
    fn key_literals_are_found_in_code_only() {
        let spellings = openapi_keys(
            "pub const PROPERTIES: &str = \"properties\";\npub const X_CAPTION: &str = \"x-caption\";\n",
        );
        assert_eq!(spellings.len(), 1, "{spellings:?}");
        let text = "let a = f.get(\"properties\");\nlet b = f.get(keys::PROPERTIES);\n// \"properties\"\n\
                    let c = \"x-caption\";\n#[cfg(test)]\nlet d = \"properties\";\n";
        assert_eq!(key_literals(text, &spellings), [(1, "properties")]);
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
