//! `codegen transcribe`: documentation page text → OpenAPI 3.0.3 spec (spec/README.md).
//!
//! ```text
//! page text ──parse──▶ Page ──link──▶ tables linked ──build──▶ schemas, operation ──naming──▶ names
//!   (one paragraph or cell per line)                                                          │
//!                                           existing spec ──merge (keeps overrides)──▶ YAML ◀──┘
//! ```
//!
//! Every non-blank line of every page is either placed in the spec or listed in the [`Report`] with the
//! reason (page chrome, SDK sample code, pointers to other documents). A line the transcriber cannot place is
//! an [`Error`] with `file:line:column`, unless [`Options::allow_unplaced`] lists it in the report instead.

mod build;
mod checks;
mod ids;
mod labels;
mod link;
mod lint_page;
mod merge;
mod naming;
mod page;
mod parse;
mod reconcile;
mod report;
mod run;
mod servers;
pub mod service;
mod value_table;
mod yaml;

pub(crate) use lint_page::lint_page;
use serde::Serialize;
use std::fmt;

use crate::spec::{shown, shown_input};
use std::path::{Component, Path, PathBuf};

/// How to transcribe.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `info.x-service` (`--service NAME`); kept from the existing spec when not given.
    pub service: Option<String>,
    /// The existing spec to merge into (`--merge-into EXISTING.yaml`); its overrides are kept.
    pub merge_into: Option<PathBuf>,
    /// List lines that cannot be placed in the report instead of failing (`--allow-unplaced`).
    pub allow_unplaced: bool,
    /// The directory `info.x-sources` names pages relative to. Default: the nearest ancestor directory
    /// named `shared` (so `../shared/seed/x.txt` is `seed/x.txt`), else the page's file name.
    pub source_root: Option<PathBuf>,
    /// The regions file (`--regions FILE`, columns `service`, `region`, `endpoints`) a new spec's `servers`
    /// come from, for the service `service` names; a spec that already has `servers` keeps them.
    pub regions: Option<PathBuf>,
    /// The pages are the service's whole API reference (`--prune`): operations of the spec merged into that
    /// none of them documents are removed (with their hand-written overrides), and `info.x-sources` lists only
    /// these pages. Without it, a merge keeps every operation the pages do not mention.
    pub prune: bool,
}

/// One page to transcribe, already read.
#[derive(Debug, Clone)]
pub struct PageInput {
    /// The file, for messages (`file:line:column`). Its stem is the operation id of corpus pages.
    pub path: PathBuf,
    /// The page's name in `info.x-sources`.
    pub source: String,
    /// The page text.
    pub text: String,
}

/// An existing spec to merge into, already read.
#[derive(Debug, Clone)]
pub struct BaseSpec {
    /// The file, for messages.
    pub path: PathBuf,
    /// The YAML text.
    pub text: String,
}

/// The result of a transcription.
#[derive(Debug, Clone)]
pub struct Output {
    /// The OpenAPI document, as YAML.
    pub yaml: String,
    /// What happened to every line that is not in the spec.
    pub report: Report,
}

/// Per page: what was kept out of the spec, what could not be placed, and remarks.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// One entry per page, in input order.
    pub pages: Vec<PageReport>,
}

/// What happened to one page.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PageReport {
    /// The file.
    pub file: String,
    /// Its `x-sources` name.
    pub source: String,
    /// The operation it documents (none for the error-code page).
    pub operation_id: Option<String>,
    /// Where the operation id comes from: `sdk-sample`, `file-name`, `api-name` (the page's `API name`
    /// line), or `derived` (made from the page's title, else its method and path: no name on the page).
    pub operation_id_from: Option<&'static str>,
    /// Non-blank lines.
    pub lines: usize,
    /// Lines placed in the spec.
    pub placed: usize,
    /// Lines kept out of the spec (listed in `kept`).
    pub kept_lines: usize,
    /// Blocks of lines deliberately kept out of the spec (chrome, SDK samples, pointers), verbatim.
    pub kept: Vec<KeptBlock>,
    /// Lines that could not be placed (only with `allow_unplaced`; otherwise they are errors).
    pub unplaced: Vec<LineRef>,
    /// Remarks: oddities of the page and how they were handled.
    pub notes: Vec<NoteRef>,
}

/// Consecutive lines kept out of the spec for one reason.
#[derive(Debug, Clone, Serialize)]
pub struct KeptBlock {
    /// First line (1-based).
    pub first_line: usize,
    /// Last line (1-based).
    pub last_line: usize,
    /// Why (`page chrome`, `SDK sample code (java)`, …).
    pub reason: String,
    /// The lines, verbatim.
    pub text: String,
}

/// A line and why it could not be placed.
#[derive(Debug, Clone, Serialize)]
pub struct LineRef {
    /// Line (1-based).
    pub line: usize,
    /// Column of its first character (1-based).
    pub column: usize,
    /// The line.
    pub text: String,
    /// Why it could not be placed.
    pub reason: String,
}

/// A remark about a page.
#[derive(Debug, Clone, Serialize)]
pub struct NoteRef {
    /// Line (1-based).
    pub line: usize,
    /// Short kind.
    pub kind: String,
    /// What and how it was handled.
    pub message: String,
}

impl Report {
    /// How many lines could not be placed, over all pages.
    pub fn unplaced_count(&self) -> usize {
        self.pages.iter().map(|p| p.unplaced.len()).sum()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.pages {
            writeln!(
                f,
                "{}: {}{} — {} of {} lines placed, {} kept, {} unplaced, {} notes",
                p.file,
                p.operation_id.as_deref().unwrap_or("(error codes)"),
                if p.operation_id_from == Some("derived") {
                    " (derived)"
                } else {
                    ""
                },
                p.placed,
                p.lines,
                p.kept_lines,
                p.unplaced.len(),
                p.notes.len()
            )?;
            for k in &p.kept {
                writeln!(
                    f,
                    "  {}:{}-{}: kept: {}",
                    p.file, k.first_line, k.last_line, k.reason
                )?;
            }
            for u in &p.unplaced {
                writeln!(
                    f,
                    "  {}:{}:{}: unplaced: {} ({})",
                    p.file,
                    u.line,
                    u.column,
                    shown_input(&u.text),
                    shown(&u.reason)
                )?;
            }
            for n in &p.notes {
                writeln!(
                    f,
                    "  {}:{}: note [{}]: {}",
                    p.file,
                    n.line,
                    n.kind,
                    shown(&n.message)
                )?;
            }
        }
        Ok(())
    }
}

/// A problem that stops the transcription, with where it is and what to do. Shown on a terminal, input text
/// quoted in the message is cut to a few hundred characters ([`shown`]); the fields keep it whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The page or spec file.
    pub file: PathBuf,
    /// Line (1-based).
    pub line: usize,
    /// Column (1-based).
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}\n  help: {}",
            self.file.display(),
            self.line,
            self.column,
            shown(&self.message),
            shown(&self.help)
        )
    }
}

/// Every problem found in one run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Errors(pub Vec<Error>);

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Errors {}

/// The `x-sources` name of a page file (see [`Options::source_root`]).
pub fn source_name(path: &Path, root: Option<&Path>) -> String {
    let slash = |p: &Path| {
        p.components()
            .filter_map(|c| match c {
                Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("/")
    };
    if let Some(rel) = root.and_then(|r| path.strip_prefix(r).ok()) {
        return slash(rel);
    }
    let parts: Vec<Component<'_>> = path.components().collect();
    if let Some(i) = parts
        .iter()
        .rposition(|c| matches!(c, Component::Normal(s) if *s == "shared"))
    {
        let rest: PathBuf = parts[i + 1..].iter().collect();
        if rest.components().next().is_some() {
            return slash(&rest);
        }
    }
    path.file_name()
        .map_or_else(|| slash(path), |n| n.to_string_lossy().into_owned())
}

/// Writes `text` to `path` unless the file already holds exactly that; returns whether it wrote.
/// Creates missing parent directories.
pub fn write_if_changed(path: &Path, text: &str) -> std::io::Result<bool> {
    if std::fs::read(path).is_ok_and(|old| old == text.as_bytes()) {
        return Ok(false);
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    // A fresh sibling (never an existing file, whatever the output is called), renamed over `path` so a reader
    // never sees half a spec, and removed again when anything fails.
    let name = path
        .file_name()
        .map_or_else(|| "spec".into(), |n| n.to_string_lossy().into_owned());
    let tmp = path.with_file_name(format!(".{name}.codegen-tmp-{}", std::process::id()));
    let mut file = std::fs::File::create_new(&tmp)?;
    let written = std::io::Write::write_all(&mut file, text.as_bytes())
        .and_then(|()| file.sync_all())
        .and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    Ok(true)
}

fn io_error(path: &Path, what: &str, e: &dyn fmt::Display) -> Error {
    Error {
        file: path.to_path_buf(),
        line: 1,
        column: 1,
        message: format!("cannot read the {what}: {e}"),
        help: "check the path and that the file is UTF-8 text".into(),
    }
}

/// Transcribes page files (`codegen transcribe PAGE.txt…`), merging into `options.merge_into` when given.
pub fn transcribe(pages: &[PathBuf], options: &Options) -> Result<Output, Errors> {
    let mut errors = Vec::new();
    let mut inputs = Vec::new();
    for p in pages {
        match std::fs::read_to_string(p) {
            Ok(text) => inputs.push(PageInput {
                path: p.clone(),
                source: source_name(p, options.source_root.as_deref()),
                text,
            }),
            Err(e) => errors.push(io_error(p, "page", &e)),
        }
    }
    let base = match &options.merge_into {
        Some(p) => match std::fs::read_to_string(p) {
            Ok(text) => Some(BaseSpec {
                path: p.clone(),
                text,
            }),
            Err(e) => {
                errors.push(io_error(p, "spec to merge into", &e));
                None
            }
        },
        None => None,
    };
    if !errors.is_empty() {
        return Err(Errors(errors));
    }
    transcribe_inputs(&inputs, base.as_ref(), options)
}

/// Transcribes pages already read (the library form of [`transcribe`]; `options.merge_into` is ignored in
/// favour of `base`).
pub fn transcribe_inputs(
    inputs: &[PageInput],
    base: Option<&BaseSpec>,
    options: &Options,
) -> Result<Output, Errors> {
    run::run(inputs, base, options)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::yaml::{Node, Value};

    #[test]
    fn writing_a_spec_leaves_nothing_else_touched_or_behind() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("svc.yaml");
        // A file that happens to have the name the old writer used for its temporary copy.
        let bystander = tmp.path().join("svc.yaml.tmp");
        std::fs::write(&bystander, "mine").unwrap();
        assert!(write_if_changed(&out, "a: 1\n").unwrap());
        assert!(!write_if_changed(&out, "a: 1\n").unwrap());
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "a: 1\n");
        assert_eq!(std::fs::read_to_string(&bystander).unwrap(), "mine");

        // The rename fails (the output is a non-empty directory): an error, and no temporary file left.
        let blocked = tmp.path().join("blocked.yaml");
        std::fs::create_dir(&blocked).unwrap();
        std::fs::write(blocked.join("keep"), "x").unwrap();
        assert!(write_if_changed(&blocked, "b: 2\n").is_err());
        let mut names: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["blocked.yaml", "svc.yaml", "svc.yaml.tmp"]);
    }

    #[test]
    fn an_older_layout_uri_table_gives_path_and_query_parameters() {
        // The IAM layout: `URI format`, then a table captioned `URI parameters` without `Table N`, holding the
        // path's placeholder and a query parameter together.
        let text = [
            "Deleting an Agency",
            "Function",
            "This API is used to delete an agency.",
            "URI",
            "URI format",
            "DELETE /v3.0/OS-AGENCY/agencies/{agency_id}",
            "URI parameters",
            "Parameter",
            "Mandatory",
            "Type",
            "Description",
            "agency_id",
            "Yes",
            "String",
            "ID of an agency.",
            "force",
            "No",
            "Boolean",
            "Delete even when in use.",
        ]
        .join("\n\n");
        let input = PageInput {
            path: "DeleteAgency.txt".into(),
            source: "DeleteAgency.txt".into(),
            text,
        };
        let out = transcribe_inputs(&[input], None, &Options::default())
            .unwrap_or_else(|e| panic!("{e}"));
        let doc = yaml::from_str(&out.yaml).unwrap();
        let params = doc
            .path(&[
                "paths",
                "/v3.0/OS-AGENCY/agencies/{agency_id}",
                "delete",
                "parameters",
            ])
            .and_then(Node::as_seq)
            .unwrap();
        let found: Vec<(&str, &str)> = params
            .iter()
            .map(|p| {
                let get = |k: &str| p.path(&[k]).and_then(Node::as_str).unwrap_or("");
                (get("name"), get("in"))
            })
            .collect();
        assert_eq!(found, [("agency_id", "path"), ("force", "query")]);
    }

    #[test]
    fn a_placeholder_key_row_makes_its_object_a_map() {
        // APIG ShowDetailsOfGatewayResponseTypeV2: the response body's only row is `{User defined key}` of
        // `Map<String,ResponseInfoResp>`, and the example is `{"ACCESS_DENIED": {"status": 403}}`: keys the
        // service chooses, each holding a `ResponseInfoResp`.
        let text = [
            "Querying a Response",
            "Function",
            "This API is used to query a response.",
            "URI",
            "GET /v2/{project_id}/responses",
            "Table 1 Path Parameters",
            "Parameter",
            "Mandatory",
            "Type",
            "Description",
            "project_id",
            "Yes",
            "String",
            "Project ID.",
            "Response Parameters",
            "Status code: 200",
            "Table 2 Response body parameters",
            "Parameter",
            "Type",
            "Description",
            "{User defined key}",
            "Map<String,ResponseInfoResp>",
            "OK",
            "Table 3 ResponseInfoResp",
            "Parameter",
            "Type",
            "Description",
            "status",
            "Integer",
            "HTTP status code of the response.",
        ]
        .join("\n\n");
        let input = PageInput {
            path: "ShowResponse.txt".into(),
            source: "ShowResponse.txt".into(),
            text,
        };
        let out = transcribe_inputs(&[input], None, &Options::default())
            .unwrap_or_else(|e| panic!("{e}"));
        let doc = yaml::from_str(&out.yaml).unwrap();
        let body = doc
            .path(&["components", "schemas", "ShowResponseResponse"])
            .unwrap_or_else(|| panic!("{}", out.yaml));
        assert_eq!(body.path(&["properties"]), None, "{}", out.yaml);
        let values = body
            .path(&["additionalProperties", "$ref"])
            .and_then(Node::as_str);
        assert_eq!(
            values,
            Some("#/components/schemas/ResponseInfoResp"),
            "{}",
            out.yaml
        );
        assert_eq!(
            body.path(&["additionalProperties", "description"])
                .and_then(Node::as_str),
            Some("OK")
        );
    }

    #[test]
    fn a_table_listing_the_entries_of_a_map_of_strings_gives_its_properties() {
        // EVS AddingMetadataOfAnEvsDisk: `metadata` / `Map<String,String>` points at `Parameter in the
        // metadata field`, whose one row `key_val` / `String` is an entry of the map.
        let text = [
            "Adding Metadata",
            "Function",
            "This API is used to add metadata.",
            "URI",
            "URI format",
            "POST /v3/{project_id}/metadata",
            "Parameter description",
            "Parameter",
            "Mandatory",
            "Description",
            "project_id",
            "Yes",
            "The project ID.",
            "Request",
            "Request parameters",
            "Parameter",
            "Type",
            "Mandatory",
            "Description",
            "metadata",
            "Map<String,String>",
            "Yes",
            "The metadata. For details, see Parameter in the metadata field.",
            "Parameter in the metadata field",
            "Parameter",
            "Type",
            "Mandatory",
            "Description",
            "key_val",
            "String",
            "No",
            "A key-value pair.",
            "Response",
            "None",
        ]
        .join("\n\n");
        let input = PageInput {
            path: "AddMetadata.txt".into(),
            source: "AddMetadata.txt".into(),
            text,
        };
        let out = transcribe_inputs(&[input], None, &Options::default())
            .unwrap_or_else(|e| panic!("{e}"));
        let doc = yaml::from_str(&out.yaml).unwrap();
        let schemas = doc.path(&["components", "schemas"]).unwrap();
        let metadata = schemas
            .path(&["AddMetadataRequestBody", "properties", "metadata", "$ref"])
            .and_then(Node::as_str)
            .unwrap_or_else(|| panic!("{}", out.yaml));
        let name = metadata.rsplit('/').next().unwrap_or_default();
        let map = schemas.path(&[name]).unwrap();
        assert!(
            map.path(&["properties", "key_val"]).is_some(),
            "{}",
            out.yaml
        );
        assert_eq!(
            map.path(&["additionalProperties", "type"])
                .and_then(Node::as_str),
            Some("string"),
            "{}",
            out.yaml
        );
    }

    #[test]
    fn a_response_row_pointing_at_a_request_table_refers_to_its_schema() {
        // RDS CreateManualBackup: the response's `databases` / `Array of objects` / `see Table 3.`, Table 3
        // being the request's `databases field data structure description` (pages number tables through the
        // whole page). The response's items used to be free-form objects.
        let (out, doc) = strict(&[
            "Creating a Manual Backup",
            "Function",
            "This API is used to create a manual backup.",
            "URI",
            "URI format",
            "POST /v3/{project_id}/backups",
            "Table 1 Parameter description",
            "Name",
            "Mandatory",
            "Description",
            "project_id",
            "Yes",
            "The project ID.",
            "Request",
            "Table 2 Parameter description",
            "Name",
            "Mandatory",
            "Type",
            "Description",
            "databases",
            "No",
            "Array of objects",
            "The databases. For details, see Table 3.",
            "Table 3 databases field data structure description",
            "Name",
            "Mandatory",
            "Type",
            "Description",
            "name",
            "Yes",
            "String",
            "The database name.",
            "Response",
            "Table 4 Parameter description",
            "Name",
            "Type",
            "Description",
            "backup",
            "Object",
            "The backup. For details, see Table 5.",
            "Table 5 backup field data structure description",
            "Name",
            "Type",
            "Description",
            "id",
            "String",
            "The backup ID.",
            "databases",
            "Array of objects",
            "The databases. For details, see Table 3.",
        ]);
        let schemas = doc.path(&["components", "schemas"]).unwrap();
        let items_ref = |schema: &str, property: &str| {
            let schema = schemas
                .as_map()
                .and_then(|m| {
                    m.iter()
                        .find(|(k, _)| k.as_str() == schema || k.ends_with(schema))
                })
                .map(|(_, v)| v)
                .unwrap_or_else(|| panic!("{schema}: {}", out.yaml));
            schema
                .path(&["properties", property, "items", "$ref"])
                .and_then(Node::as_str)
                .map(str::to_owned)
        };
        let request = items_ref("ListThingsRequestBody", "databases");
        assert!(request.is_some(), "{}", out.yaml);
        let backup = doc
            .path(&["components", "schemas"])
            .and_then(Node::as_map)
            .and_then(|m| {
                m.iter()
                    .find(|(_, v)| {
                        v.get("x-caption").and_then(Node::as_str)
                            == Some("Table 5 backup field data structure description")
                    })
                    .map(|(k, _)| k.clone())
            })
            .unwrap_or_else(|| panic!("{}", out.yaml));
        // Either the request's schema itself or the response's copy of Table 3 (`table-from-request`, the
        // rule that runs first when every table of the response is linked): its rows, its caption.
        let response = items_ref(&backup, "databases").unwrap_or_else(|| panic!("{}", out.yaml));
        let described = schemas
            .get(response.trim_start_matches("#/components/schemas/"))
            .unwrap_or_else(|| panic!("{response}: {}", out.yaml));
        assert_eq!(
            described.get("x-caption").and_then(Node::as_str),
            Some("Table 3 databases field data structure description"),
            "{}",
            out.yaml
        );
        assert!(
            described.path(&["properties", "name"]).is_some(),
            "{}",
            out.yaml
        );
        let kinds = note_kinds(&out);
        assert!(
            kinds.contains(&"table-of-another-body") || kinds.contains(&"table-from-request"),
            "{kinds:?}"
        );
    }

    #[test]
    fn a_second_whole_body_is_an_alternative_and_prose_before_the_body_describes_the_request() {
        // IMS GlanceUpdateImage: a sentence before the body's table (which Content-Type picks which body),
        // `Table 2 v2.1 request message body` / `[Array]`, then `Table 4 v2.0 request message body` with the
        // same row. The page used to be left out (the sentence and Table 4 unplaced).
        let (out, doc) = strict(&[
            "Modifying an Image",
            "Function",
            "This API is used to modify image information.",
            "URI",
            "PATCH /v2/images/{image_id}",
            "Table 1 Parameter description",
            "Parameter",
            "Mandatory",
            "Type",
            "Description",
            "image_id",
            "Yes",
            "String",
            "The image ID.",
            "Request",
            "Request parameters",
            "Two methods update an image. The Content-Type header picks one.",
            "Table 2 v2.1 request message body",
            "Parameter",
            "Mandatory",
            "Type",
            "Description",
            "[Array]",
            "Yes",
            "Array of objects",
            "For details, see Table 3.",
            "Table 3 Data structure description of the [Array] field",
            "Parameter",
            "Type",
            "Mandatory",
            "Description",
            "op",
            "String",
            "Yes",
            "The operation.",
            "Table 4 v2.0 request message body",
            "Parameter",
            "Mandatory",
            "Type",
            "Description",
            "[Array]",
            "Yes",
            "Array of objects",
            "For details, see Table 5.",
            "Table 5 Data structure description of the [Array] field",
            "Parameter",
            "Type",
            "Mandatory",
            "Description",
            "replace",
            "String",
            "Yes",
            "The attribute to replace.",
            "Response",
            "None",
        ]);
        let op = doc
            .path(&["paths", "/v2/images/{image_id}", "patch"])
            .unwrap_or_else(|| panic!("{}", out.yaml));
        let description = op.get("description").and_then(Node::as_str);
        assert_eq!(
            description,
            Some(
                "This API is used to modify image information.\nTwo methods update an image. The \
                 Content-Type header picks one."
            ),
            "{}",
            out.yaml
        );
        // The body is a choice of the two tables, Table 2 first (what the answer key describes), each
        // branch titled by what tells its caption from the other's.
        let branches = op
            .path(&[
                "requestBody",
                "content",
                "application/json",
                "schema",
                "oneOf",
            ])
            .and_then(Node::as_seq)
            .unwrap_or_else(|| panic!("{}", out.yaml));
        let branch = |i: usize| {
            let b = &branches[i];
            let name = b
                .get("$ref")
                .and_then(Node::as_str)
                .and_then(|r| r.rsplit('/').next())
                .unwrap_or_else(|| panic!("{}", out.yaml));
            let title = b.get("title").and_then(Node::as_str).unwrap_or_default();
            (doc.path(&["components", "schemas", name]).unwrap(), title)
        };
        assert_eq!(branches.len(), 2, "{}", out.yaml);
        // `[Array]` stands for the elements: each body is an array of its table's objects.
        let element = |body: &Node| {
            let item = body
                .path(&["items", "$ref"])
                .and_then(Node::as_str)
                .and_then(|r| r.rsplit('/').next())
                .unwrap_or_else(|| panic!("{}", out.yaml));
            let item = doc.path(&["components", "schemas", item]).unwrap();
            item.get("properties")
                .and_then(Node::as_map)
                .map(|m| m.keys().map(|k| k.name.clone()).collect::<Vec<String>>())
                .unwrap_or_default()
        };
        let (first, first_title) = branch(0);
        let (second, second_title) = branch(1);
        assert_eq!(
            first.get("type").and_then(Node::as_str),
            Some("array"),
            "{}",
            out.yaml
        );
        assert_eq!(element(first), ["op"], "{}", out.yaml);
        assert_eq!(element(second), ["replace"], "{}", out.yaml);
        assert_eq!((first_title, second_title), ("V21", "V20"));
        let kinds = note_kinds(&out);
        assert!(kinds.contains(&"alternative-table"), "{kinds:?}");
        assert!(kinds.contains(&"request-prose"), "{kinds:?}");
    }

    /// ELB `GET /v2.0/lbaas/members` (QueryingAllBackendServersExtensionApi), cut down: the request table lists
    /// `members_links`, a response field, and its object table follows; the response describes the field.
    /// `response_rows` are the rows of the response's `members` table.
    fn members_page<'a>(response_rows: &[&'a str]) -> Vec<&'a str> {
        let mut lines = vec![
            "Querying All Backend Servers (Extension API)",
            "Function",
            "This API is used to query all backend servers.",
            "URI",
            "GET /v2.0/lbaas/members",
            "Request",
            "Table 1 Parameter description",
            "Parameter",
            "Mandatory",
            "Type",
            "Description",
            "limit",
            "No",
            "Integer",
            "Specifies the number of backend servers on each page.",
            "members_links",
            "No",
            "Array",
            "Provides links to the previous or next page during pagination query, respectively.",
            "This parameter exists only in the response body of pagination query. For details, see Table 5.",
            "Table 2 members_links parameter description",
            "Parameter",
            "Type",
            "Description",
            "href",
            "String",
            "Provides links to the previous or next page during pagination query, respectively.",
            "Response",
            "Table 3 Parameter description",
            "Parameter",
            "Type",
            "Description",
            "members",
            "Array",
            "Lists the backend servers. For details, see Table 4.",
            "Table 4 members parameter description",
            "Parameter",
            "Type",
            "Description",
            "id",
            "String",
            "Specifies the backend server ID.",
        ];
        lines.extend_from_slice(response_rows);
        lines
    }

    #[test]
    fn a_response_field_in_a_get_request_table_is_no_query_parameter() {
        // The response has `members_links` (with its own Table 5): the request's row is that field, listed in
        // the request by mistake; it and its Table 2 are read, and it is no query parameter.
        let (out, doc) = strict(&members_page(&[
            "members_links",
            "Array",
            "Provides links to the previous or next page during pagination query, respectively.",
            "This parameter exists only in the response body of pagination query. For details, see Table 5.",
            "Table 5 members_links parameter description",
            "Parameter",
            "Type",
            "Description",
            "href",
            "String",
            "Provides links to the previous or next page during pagination query, respectively.",
        ]));
        let params = doc
            .path(&["paths", "/v2.0/lbaas/members", "get", "parameters"])
            .and_then(Node::as_seq)
            .unwrap_or_else(|| panic!("{}", out.yaml));
        let names: Vec<_> = params
            .iter()
            .filter_map(|p| p.get("name").and_then(Node::as_str))
            .collect();
        assert_eq!(names, ["limit"], "{}", out.yaml);
        let links = doc
            .path(&["components", "schemas"])
            .and_then(Node::as_map)
            .and_then(|m| {
                m.values().find(|v| {
                    v.get("x-caption").and_then(Node::as_str)
                        == Some("Table 4 members parameter description")
                })
            })
            .and_then(|t| t.path(&["properties", "members_links"]));
        assert!(links.is_some(), "{}", out.yaml);
        assert!(
            note_kinds(&out).contains(&"response-field-in-request"),
            "{:?}",
            note_kinds(&out)
        );

        // No response field of that name: nothing says where the row's table belongs; it stays unplaced.
        let lines = members_page(&[]);
        let input = PageInput {
            path: "ListThings.txt".into(),
            source: "ListThings.txt".into(),
            text: lines.join("\n\n"),
        };
        let err = transcribe_inputs(&[input], None, &Options::default())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains("cannot place `Table 2 members_links parameter description`"),
            "{err}"
        );
    }

    #[test]
    fn source_names() {
        assert_eq!(
            source_name(Path::new("../shared/seed/000_x.txt"), None),
            "seed/000_x.txt"
        );
        assert_eq!(
            source_name(
                Path::new("/work/shared/corpus/kafka/pages/ShowGroup.txt"),
                None
            ),
            "corpus/kafka/pages/ShowGroup.txt"
        );
        assert_eq!(
            source_name(Path::new("pages/ShowGroup.txt"), None),
            "ShowGroup.txt"
        );
        assert_eq!(
            source_name(
                Path::new("docs/kafka/ShowGroup.txt"),
                Some(Path::new("docs"))
            ),
            "kafka/ShowGroup.txt"
        );
    }

    /// Transcribes one page, given as its lines, in strict mode (a line left unplaced fails the test).
    fn strict(lines: &[&str]) -> (Output, Node) {
        let input = PageInput {
            path: "ListThings.txt".into(),
            source: "ListThings.txt".into(),
            text: lines.join("\n\n"),
        };
        let out = transcribe_inputs(&[input], None, &Options::default())
            .unwrap_or_else(|e| panic!("{e}"));
        let doc = yaml::from_str(&out.yaml).unwrap();
        (out, doc)
    }

    fn int(n: Option<&Node>) -> Option<i64> {
        match n?.value {
            Value::Int(i) => Some(i),
            Value::UInt(u) => i64::try_from(u).ok(),
            _ => None,
        }
    }

    fn note_kinds(out: &Output) -> Vec<&str> {
        out.report.pages[0]
            .notes
            .iter()
            .map(|n| n.kind.as_str())
            .collect()
    }

    /// A GET page with a 200 body table, then `examples` (the example-response section) and a status table.
    fn with_example_responses<'a>(examples: &[&'a str]) -> Vec<&'a str> {
        let mut lines = vec![
            "Listing Things",
            "Function",
            "This API lists things.",
            "URI",
            "GET /v1/things",
            "Response Parameters",
            "Status code: 200",
            "Table 1 Response body parameters",
            "Parameter",
            "Type",
            "Description",
            "total",
            "Integer",
            "How many things.",
            "Example Responses",
        ];
        lines.extend(examples);
        lines.extend(["Status Codes", "Status Code", "Description", "200", "OK"]);
        lines
    }

    #[test]
    fn several_example_responses_each_under_its_own_status_line_are_entries_of_its_examples() {
        // IMS ListImageByTags: each example has its caption and its own `STATUS CODE 200` line.
        let (out, doc) = strict(&with_example_responses(&[
            "Example response when counting",
            "STATUS CODE 200",
            "{\"total\": 1}",
            "Example response when listing",
            "STATUS CODE 200",
            "{\"total\": 2}",
        ]));
        let media = doc
            .path(&[
                "paths",
                "/v1/things",
                "get",
                "responses",
                "200",
                "content",
                "application/json",
            ])
            .unwrap();
        let text = |k: &[&str]| media.path(k).and_then(Node::as_str);
        assert_eq!(
            int(media.path(&["examples", "example1", "value", "total"])),
            Some(1)
        );
        assert_eq!(
            text(&["examples", "example1", "summary"]),
            Some("Example response when counting")
        );
        assert_eq!(
            int(media.path(&["examples", "example2", "value", "total"])),
            Some(2)
        );
        assert_eq!(
            text(&["examples", "example2", "summary"]),
            Some("Example response when listing")
        );
        assert!(note_kinds(&out).contains(&"several-examples-of-one-status"));
    }

    #[test]
    fn a_block_that_is_not_json_among_several_is_a_text_example() {
        // EVS: `{…}` / `or` / a block with a stray word in it (a doc defect): the JSON one is the example, the
        // other is kept verbatim as the status's text example, noted; `or` is only the boundary.
        let (out, doc) = strict(&with_example_responses(&[
            "{\"total\": 1}",
            "or",
            "{\"total\": ta 2}",
        ]));
        let op = doc.path(&["paths", "/v1/things", "get"]).unwrap();
        let media = op
            .path(&["responses", "200", "content", "application/json"])
            .unwrap();
        assert_eq!(int(media.path(&["example", "total"])), Some(1));
        assert!(media.path(&["examples"]).is_none());
        assert_eq!(
            op.path(&["x-response-examples-text", "200"])
                .and_then(Node::as_str),
            Some("{\"total\": ta 2}")
        );
        assert!(note_kinds(&out).contains(&"example-not-json"));

        // Only blocks that are not JSON: the caption before the first, each one's own paragraph, and the
        // paragraphs after the last are all in the text, in page order.
        let (_, doc) = strict(&with_example_responses(&[
            "Body:",
            "{\"total\": 1,}",
            "Another body:",
            "{\"total\": 2,}",
            "The end.",
        ]));
        let op = doc.path(&["paths", "/v1/things", "get"]).unwrap();
        assert_eq!(
            op.path(&["x-response-examples-text", "200"])
                .and_then(Node::as_str),
            Some("Body:\n{\"total\": 1,}\n\nAnother body:\n{\"total\": 2,}\n\nThe end.")
        );
    }

    #[test]
    fn or_between_two_json_examples_is_the_boundary_not_a_caption() {
        let (_, doc) = strict(&with_example_responses(&[
            "{\"total\": 1}",
            "or",
            "{\"total\": 2}",
        ]));
        let examples = doc
            .path(&[
                "paths",
                "/v1/things",
                "get",
                "responses",
                "200",
                "content",
                "application/json",
                "examples",
            ])
            .unwrap();
        assert_eq!(int(examples.path(&["example2", "value", "total"])), Some(2));
        assert!(examples.path(&["example2", "summary"]).is_none());
    }
}
