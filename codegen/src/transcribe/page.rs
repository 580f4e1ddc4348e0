//! What one page says, as parsed from its text, with the line every fact came from.

use super::labels::{Column, TableKind, TypeSpec};
use crate::spec::yaml::Node;

/// One line of the page file.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    /// The line as written (without the line break).
    pub raw: String,
    /// The line without leading and trailing blanks.
    pub text: String,
}

/// What became of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Mark {
    /// Not looked at yet (blank lines stay here).
    Unseen,
    /// Part of the transcription (structure, or a value that ends up in the spec).
    Placed,
    /// Deliberately not in the spec; listed in the report with the reason.
    Kept(Kept),
    /// Could not be placed: an error unless `--allow-unplaced`.
    Unplaced(String),
}

/// Why a line is kept in the report instead of the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kept {
    /// `Updated on …` / `Share`: page chrome.
    Chrome,
    /// A section that only points at another document (calling method, error codes, related documents).
    Pointer,
    /// Text of the SDK sample code section.
    SdkText,
    /// The line-number gutter of an SDK code block.
    SdkGutter,
    /// An SDK sample code block.
    SdkCode,
    /// A sentence about a table of the page (`Table 3 describes the response parameter.`): the table itself
    /// is transcribed.
    TableReference,
    /// A label or remark between the tables of older layouts (`Parameter description`, `Normal response`,
    /// `Table 2 describes the request parameters.`): it names what follows, which the spec already says.
    Label,
    /// The text an error-code page gives before its table (what an error response looks like, an example
    /// error body, a glossary): the spec keeps the table's rows.
    ErrorCodeLead,
}

impl Kept {
    /// The reason, as the report spells it.
    pub(crate) fn reason(self) -> &'static str {
        match self {
            Kept::Chrome => "page chrome",
            Kept::Pointer => "pointer to another document",
            Kept::SdkText => "SDK sample code section text",
            Kept::SdkGutter => "SDK sample code line numbers",
            Kept::SdkCode => "SDK sample code",
            Kept::TableReference => "sentence about a table of the page",
            Kept::Label => "a label or remark between tables",
            Kept::ErrorCodeLead => "text of the error-code page before its table",
        }
    }
}

/// A paragraph or cell line, with its index in [`Page::lines`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Text {
    /// Index into [`Page::lines`] (0-based).
    pub at: usize,
    /// The text, trimmed.
    pub text: String,
}

/// Paragraphs joined the way the answer keys and the spec join them: one per line.
pub(crate) fn join(texts: &[Text]) -> String {
    texts
        .iter()
        .map(|t| t.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `GET /v2/{project_id}/instances/{instance_id}/tasks`.
#[derive(Debug, Clone)]
pub(crate) struct RequestLine {
    /// Line index.
    pub at: usize,
    /// Upper-case HTTP method.
    pub method: String,
    /// The path template.
    pub path: String,
}

/// A parameter table row.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    /// The name cell.
    pub name: Text,
    /// The Mandatory cell; `None` when the row has no such cell.
    pub mandatory: Option<bool>,
    /// The type cell, parsed.
    pub ty: TypeSpec,
    /// The type cell as written.
    pub type_text: Text,
    /// The description cell, one entry per paragraph.
    pub description: Vec<Text>,
}

/// A captioned table.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    /// The caption line.
    pub caption: Text,
    /// What the caption says the table is.
    pub kind: TableKind,
    /// The header cells.
    pub columns: Vec<Column>,
    /// The rows.
    pub rows: Vec<Row>,
}

impl Table {
    /// Whether the header has a Mandatory column.
    pub(crate) fn has_mandatory_column(&self) -> bool {
        self.columns.contains(&Column::Mandatory)
    }

    /// The name nested tables are linked by (`tasks`, `TagEntity`), for nested tables.
    pub(crate) fn link_name(&self) -> Option<&str> {
        match &self.kind {
            TableKind::Nested(name) => Some(name),
            _ => None,
        }
    }

    /// Every line index the table occupies (for marking it unplaced).
    pub(crate) fn lines(&self) -> Vec<usize> {
        let mut v = vec![self.caption.at];
        for r in &self.rows {
            v.push(r.name.at);
            v.push(r.type_text.at);
            v.extend(r.description.iter().map(|d| d.at));
        }
        v
    }
}

/// A body: its top table and the object tables that follow it.
#[derive(Debug, Clone)]
pub(crate) struct Group {
    /// The top table (`Request body parameters` / `Response body parameters`).
    pub top: Table,
    /// The object tables after it, in page order.
    pub nested: Vec<Table>,
}

impl Group {
    /// Table `i`: 0 is the top table, `1..` the nested ones.
    pub(crate) fn table(&self, i: usize) -> Option<&Table> {
        if i == 0 {
            Some(&self.top)
        } else {
            self.nested.get(i - 1)
        }
    }

    /// How many tables, the top one included.
    pub(crate) fn len(&self) -> usize {
        1 + self.nested.len()
    }
}

pub(crate) use super::labels::{DEFAULT_STATUS, status_key};

/// `Status code: N` under "Response Parameters", with what follows it.
#[derive(Debug, Clone)]
pub(crate) struct ResponseSection {
    /// The status line (the first table's caption when the page states no status).
    pub at: usize,
    /// The status ([`DEFAULT_STATUS`] for `default`).
    pub status: u16,
    /// Whether the page states the status (`Status code: N`); older layouts give a response table without
    /// one, and its status is settled after the whole page is read.
    pub stated: bool,
    /// The body tables.
    pub body: Option<Group>,
    /// A response-header table.
    pub headers: Option<Table>,
    /// Paragraphs between the status line and the `None` that says the status has no body
    /// (`Status code: 204` / `Successful request.` / `None`): the status's description.
    pub description: Vec<Text>,
}

/// A verbatim code block.
#[derive(Debug, Clone)]
pub(crate) struct CodeBlock {
    /// First line index.
    pub first: usize,
    /// Last line index.
    pub last: usize,
    /// The lines, verbatim, joined with `\n`.
    pub text: String,
    /// The block parsed as JSON, when it is JSON.
    pub json: Option<Node>,
}

/// One example request: description paragraphs, the request line and an optional body.
#[derive(Debug, Clone)]
pub(crate) struct RequestExample {
    /// Paragraphs before the request line.
    pub description: Vec<Text>,
    /// The request line index.
    pub at: usize,
    /// The request line and body, verbatim.
    pub text: String,
    /// HTTP method of the request line.
    pub method: String,
    /// URL of the request line.
    pub url: String,
    /// The body block.
    pub body: Option<CodeBlock>,
}

/// The example responses given for one status.
#[derive(Debug, Clone)]
pub(crate) struct ResponseExample {
    /// The status line index (the first line of the example when the page states no status).
    pub at: usize,
    /// The status ([`DEFAULT_STATUS`] for `default`).
    pub status: u16,
    /// Whether the page states the status; see [`ResponseSection::stated`].
    pub stated: bool,
    /// Paragraphs (captions, and a non-JSON example as the last one).
    pub paragraphs: Vec<Text>,
    /// JSON code blocks.
    pub blocks: Vec<CodeBlock>,
}

/// A row of the status-code table.
#[derive(Debug, Clone)]
pub(crate) struct StatusRow {
    /// The code cell.
    pub at: usize,
    /// The status.
    pub status: u16,
    /// The description cell.
    pub description: Vec<Text>,
}

/// An SDK sample code block (kept in the report).
#[derive(Debug, Clone)]
pub(crate) struct SdkSample {
    /// First code line index.
    pub first: usize,
    /// Last code line index.
    pub last: usize,
    /// `java`, `python`, `go`, or `unknown`.
    pub language: &'static str,
    /// `XxxRequest` class names the code uses.
    pub request_classes: Vec<String>,
}

/// A row of the error-code table.
#[derive(Debug, Clone)]
pub(crate) struct ErrorRow {
    /// HTTP status.
    pub status: u16,
    /// `DMS.00400002`.
    pub code: String,
    /// Error message.
    pub message: String,
    /// Description.
    pub description: String,
    /// Solution.
    pub solution: String,
    /// The module the row is listed under, when the table has a Module column.
    pub module: Option<String>,
    /// The error's name, for a row of a table that names errors by type rather than code (then `code` is
    /// empty; see [`super::labels::ErrorColumn::Type`]).
    pub error_type: Option<String>,
}

/// A remark about a page worth a reader's attention (an oddity handled deliberately).
#[derive(Debug, Clone)]
pub(crate) struct Note {
    /// Line index.
    pub at: usize,
    /// Short kind (`example-contradicts-table`, `source-damage`, …).
    pub kind: &'static str,
    /// What and how it was handled.
    pub message: String,
}

/// Everything one page says.
#[derive(Debug, Clone)]
pub(crate) struct Page {
    /// The lines of the file.
    pub lines: Vec<Line>,
    /// What became of each line.
    pub marks: Vec<Mark>,
    /// The title line (the summary).
    pub title: Option<Text>,
    /// "Function" paragraphs.
    pub description: Vec<Text>,
    /// The URI line.
    pub request_line: Option<RequestLine>,
    /// Path, query and header parameter tables.
    pub params: Vec<Table>,
    /// The request body.
    pub request_body: Option<Group>,
    /// Response sections, by status line.
    pub responses: Vec<ResponseSection>,
    /// Example requests.
    pub request_examples: Vec<RequestExample>,
    /// Example responses.
    pub response_examples: Vec<ResponseExample>,
    /// The status-code table.
    pub status_codes: Vec<StatusRow>,
    /// SDK samples.
    pub sdk_samples: Vec<SdkSample>,
    /// The error-code table, on the error-code page.
    pub error_codes: Option<Vec<ErrorRow>>,
    /// Remarks.
    pub notes: Vec<Note>,
    /// The API name older layouts give under the title (`API name` / `ListTopics`).
    pub api_name: Option<Text>,
}

impl Page {
    /// Marks line `at` unplaced with a reason (keeps the first reason).
    pub(crate) fn unplace(&mut self, at: usize, why: impl Into<String>) {
        if let Some(m) = self.marks.get_mut(at)
            && !matches!(m, Mark::Unplaced(_))
        {
            *m = Mark::Unplaced(why.into());
        }
    }

    /// Adds a remark.
    pub(crate) fn note(&mut self, at: usize, kind: &'static str, message: impl Into<String>) {
        self.notes.push(Note {
            at,
            kind,
            message: message.into(),
        });
    }
}
