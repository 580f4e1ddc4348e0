//! `codegen lint`: documentation defects of API reference pages, per operation, with the page's `file:line`.
//!
//! What a page says against itself: example fields that no table documents, table/example type conflicts,
//! example values outside a documented enumeration, likely typos (an example key 1–2 edits from a table field
//! the example lacks), examples that leave out a wrapper object, mandatory fields and query parameters absent
//! from the example request, and status codes that the examples and the status table do not agree on. The
//! comparison of examples with tables is the transcriber's own (`transcribe::reconcile`), so what the lint
//! reports is what the spec reconciles.
//!
//! The reports of the corpus are committed under `spec/lint/<service>.md`; `codegen check` regenerates them
//! and fails when one is stale ([`check_committed`]).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::spec::keys;
use crate::spec::shown;
use crate::transcribe::{PageInput, source_name};

/// What kind of defect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DefectKind {
    /// A key of an example that no table documents (the spec adds it, `x-from-example`).
    FieldNotInTable,
    /// An example value whose JSON type is not the table's (the spec marks it, `x-example-type`).
    TypeConflict,
    /// An example text value outside the values the field's description enumerates.
    ValueNotInEnum,
    /// An example key 1–2 edits away from a table field the example lacks.
    LikelyTypo,
    /// An example that gives the fields of a wrapper object's table without the wrapper.
    MissingWrapper,
    /// A mandatory field or query parameter that the example request (or a mandatory field that the example
    /// response) does not have.
    RequiredNotInExample,
    /// A query parameter of the example request that the query table does not have.
    QueryParameterNotInTable,
    /// A status of the examples that the status-code table does not list.
    StatusNotInTable,
    /// A success status (2xx) with a documented body that no example shows.
    StatusWithoutExample,
}

impl DefectKind {
    /// The kind as the reports spell it.
    pub fn name(self) -> &'static str {
        match self {
            DefectKind::FieldNotInTable => "field-not-in-table",
            DefectKind::TypeConflict => "type-conflict",
            DefectKind::ValueNotInEnum => "value-not-in-enum",
            DefectKind::LikelyTypo => "likely-typo",
            DefectKind::MissingWrapper => "missing-wrapper",
            DefectKind::RequiredNotInExample => "required-not-in-example",
            DefectKind::QueryParameterNotInTable => "query-parameter-not-in-table",
            DefectKind::StatusNotInTable => "status-not-in-table",
            DefectKind::StatusWithoutExample => "status-without-example",
        }
    }
}

/// One defect of a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Defect {
    /// Line of the page (1-based).
    pub line: usize,
    /// What kind.
    pub kind: DefectKind,
    /// Where: an example path (`body.node_cnt`, `200.instances[].ipv6_enable`), `query.offset`, `status 400`.
    pub location: String,
    /// What is wrong, in words.
    pub message: String,
}

/// The defects of one page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageLint {
    /// The page, as `info.x-sources` names it (`corpus/kafka/pages/ShowGroup.txt`).
    pub file: String,
    /// The operation it documents; `None` for pages that are not operation pages.
    pub operation: Option<String>,
    /// Why the page was not linted (the error-code page, a page without a request line).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
    /// Its defects, by line.
    pub defects: Vec<Defect>,
}

/// The lint of a set of pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// What was linted (a service name).
    pub title: String,
    /// One entry per page, in input order.
    pub pages: Vec<PageLint>,
}

/// Lints pages already read.
pub fn lint_inputs(title: &str, inputs: &[PageInput]) -> Report {
    Report {
        title: title.to_owned(),
        pages: inputs.iter().map(crate::transcribe::lint_page).collect(),
    }
}

impl Report {
    /// How many defects of each kind.
    pub fn counts(&self) -> BTreeMap<DefectKind, usize> {
        let mut out = BTreeMap::new();
        for d in self.pages.iter().flat_map(|p| &p.defects) {
            *out.entry(d.kind).or_insert(0) += 1;
        }
        out
    }

    /// The report in Markdown: a summary table, then the defects per operation with `file:line`.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let total: usize = self.pages.iter().map(|p| p.defects.len()).sum();
        let ops = self.pages.iter().filter(|p| p.operation.is_some()).count();
        let with = self.pages.iter().filter(|p| !p.defects.is_empty()).count();
        let _ = writeln!(out, "# Documentation lint: {}\n", shown(&self.title));
        let _ = writeln!(
            out,
            "{total} defect(s) in {with} of {ops} operation page(s). Written by `codegen lint` (see spec/README.md, \
             \"Documentation lint\"); do not edit.\n"
        );
        let counts = self.counts();
        if !counts.is_empty() {
            out.push_str("| kind | defects |\n|---|---|\n");
            for (kind, n) in &counts {
                let _ = writeln!(out, "| {} | {n} |", kind.name());
            }
            out.push('\n');
        }
        for p in &self.pages {
            if let Some(why) = &p.skipped {
                let _ = writeln!(out, "- `{}`: not linted: {}", shown(&p.file), shown(why));
            }
        }
        for p in self.pages.iter().filter(|p| !p.defects.is_empty()) {
            let op = p.operation.as_deref().unwrap_or("(no operation)");
            let _ = writeln!(out, "\n## {}\n", shown(op));
            for d in &p.defects {
                let _ = writeln!(
                    out,
                    "- `{}:{}` {} `{}`: {}",
                    shown(&p.file),
                    d.line,
                    d.kind.name(),
                    shown(&d.location),
                    shown(&d.message)
                );
            }
        }
        out
    }

    /// The report as JSON (`{"title", "pages": [{"file", "operation", "skipped"?, "defects": [{"line", "kind",
    /// "location", "message"}]}]}`).
    pub fn json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }
}

/// A problem reading what to lint.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct InputError {
    /// The file or directory.
    pub path: PathBuf,
    /// What went wrong.
    pub message: String,
}

/// Most pages one directory may hold; the largest corpus service has about 200.
pub const MAX_PAGES_PER_DIR: usize = 10_000;

/// The pages of the given paths: `.txt` page files, directories of them (their `*.txt`, sorted), or specs
/// (`.yaml`/`.json`: the pages their `info.x-sources` names, relative to `source_root`), each with the
/// service it belongs to (a spec's stem; for pages, the folder above `pages/` or their own folder).
pub fn collect(
    paths: &[PathBuf],
    source_root: Option<&Path>,
) -> Result<Vec<(String, Vec<PageInput>)>, InputError> {
    let mut services: Vec<(String, Vec<PageInput>)> = Vec::new();
    let mut add =
        |service: String, page: PageInput| match services.iter_mut().find(|(s, _)| *s == service) {
            Some((_, list)) => list.push(page),
            None => services.push((service, vec![page])),
        };
    for path in paths {
        let err = |message: String| InputError {
            path: path.clone(),
            message,
        };
        if path.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|e| err(e.to_string()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                .take(MAX_PAGES_PER_DIR + 1)
                .collect();
            if files.len() > MAX_PAGES_PER_DIR {
                return Err(err(format!("more than {MAX_PAGES_PER_DIR} pages")));
            }
            files.sort();
            for f in files {
                add(service_of(&f), read_page(&f, source_root)?);
            }
        } else if path
            .extension()
            .is_some_and(|x| x == "yaml" || x == "yml" || x == "json")
        {
            let service = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            for f in spec_sources(path, source_root)? {
                add(service.clone(), read_page(&f, source_root)?);
            }
        } else {
            add(service_of(path), read_page(path, source_root)?);
        }
    }
    Ok(services)
}

/// The service a page file belongs to: the folder above `pages/`, else its own folder.
fn service_of(page: &Path) -> String {
    let dir = page.parent();
    let named = |p: Option<&Path>| {
        p.and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
    };
    match named(dir).as_deref() {
        Some("pages") => named(dir.and_then(Path::parent)).unwrap_or_else(|| "pages".into()),
        Some(name) => name.to_owned(),
        None => "pages".into(),
    }
}

fn read_page(path: &Path, source_root: Option<&Path>) -> Result<PageInput, InputError> {
    let text = std::fs::read_to_string(path).map_err(|e| InputError {
        path: path.to_path_buf(),
        message: format!("cannot read the page: {e}"),
    })?;
    Ok(PageInput {
        path: path.to_path_buf(),
        source: source_name(path, source_root),
        text,
    })
}

/// The page files a spec's `info.x-sources` names, relative to `source_root` (default: `../shared`).
fn spec_sources(spec: &Path, source_root: Option<&Path>) -> Result<Vec<PathBuf>, InputError> {
    let err = |message: String| InputError {
        path: spec.to_path_buf(),
        message,
    };
    let text =
        std::fs::read_to_string(spec).map_err(|e| err(format!("cannot read the spec: {e}")))?;
    let doc = crate::spec::read_tree(&text)
        .map_err(|e| err(format!("{}: {}", e.pos, e.message)))?
        .to_json();
    let root = source_root.map_or_else(|| PathBuf::from("../shared"), Path::to_path_buf);
    let sources = doc[keys::INFO][keys::X_SOURCES]
        .as_array()
        .ok_or_else(|| err("the spec has no `info.x-sources` naming its pages".into()))?;
    Ok(sources
        .iter()
        .filter_map(|s| s.as_str())
        .map(|s| root.join(s))
        .collect())
}

/// Where the committed reports live, under the repository root.
pub const REPORT_DIR: &str = "spec/lint";

/// The corpus a repository's reports are made from: `$HUAWEICLOUD_SHARED_DIR/corpus`, else `../shared/corpus`
/// next to the repository.
pub fn corpus_dir(root: &Path) -> PathBuf {
    match std::env::var_os("HUAWEICLOUD_SHARED_DIR") {
        Some(dir) => PathBuf::from(dir).join("corpus"),
        None => root.join("../shared/corpus"),
    }
}

/// The report of one corpus service (`corpus/<service>/pages/*.txt`), in Markdown, as committed.
pub fn corpus_report(corpus: &Path, service: &str) -> Result<String, InputError> {
    let pages = corpus.join(service).join("pages");
    let root = corpus.parent().map(Path::to_path_buf);
    let services = collect(std::slice::from_ref(&pages), root.as_deref())?;
    let inputs = services
        .into_iter()
        .flat_map(|(_, p)| p)
        .collect::<Vec<_>>();
    Ok(lint_inputs(service, &inputs).markdown())
}

/// The committed reports that differ from what `codegen lint` writes now (`spec/lint/<service>.md` against
/// `corpus/<service>/pages`), as `(file, why)`.
pub fn check_committed(root: &Path) -> Result<Vec<(PathBuf, String)>, InputError> {
    check_reports(&root.join(REPORT_DIR), &corpus_dir(root))
}

/// The reports `dir/<service>.md` that differ from the lint of `corpus/<service>/pages`, as `(file, why)`.
pub fn check_reports(dir: &Path, corpus: &Path) -> Result<Vec<(PathBuf, String)>, InputError> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    let mut stale = Vec::new();
    for file in files {
        let service = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let want = corpus_report(corpus, &service)?;
        let have = std::fs::read_to_string(&file).unwrap_or_default();
        if have != want {
            stale.push((
                file,
                format!(
                    "differs from the lint of {}",
                    corpus.join(&service).join("pages").display()
                ),
            ));
        }
    }
    Ok(stale)
}
