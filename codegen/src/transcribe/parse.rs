//! Page text → [`Page`]: one paragraph or table cell per line, blank lines between, tables as caption, header
//! cells, then cells row by row; code blocks verbatim.
//!
//! Every line the parser consumes is marked placed or kept; what it cannot read is marked unplaced with the
//! reason, and any line left unmarked at the end is unplaced too, so nothing is dropped silently.

use super::labels::{self, Column, ErrorColumn, Heading, TableKind};
use super::page::*;
use super::value_table::{self, ValueTable};
use crate::spec::yaml::Node;

/// Parses one page.
pub(crate) fn parse(text: &str) -> Page {
    let lines: Vec<Line> = split_lines(text)
        .map(|raw| Line {
            raw: raw.to_owned(),
            text: raw.trim().to_owned(),
        })
        .collect();
    let marks = vec![Mark::Unseen; lines.len()];
    let mut p = Parser {
        page: Page {
            lines,
            marks,
            title: None,
            description: Vec::new(),
            request_line: None,
            params: Vec::new(),
            request_body: None,
            responses: Vec::new(),
            request_examples: Vec::new(),
            response_examples: Vec::new(),
            status_codes: Vec::new(),
            sdk_samples: Vec::new(),
            error_codes: None,
            notes: Vec::new(),
            api_name: None,
        },
        i: 0,
        example_lead: Vec::new(),
        last_section: None,
        value_tables: Vec::new(),
        request_objects: Vec::new(),
    };
    p.page_body();
    value_table::attach(&mut p.page, std::mem::take(&mut p.value_tables));
    let mut page = p.page;
    response_fields_in_request(&mut page, p.request_objects);
    settle_unstated_statuses(&mut page);
    merge_examples_of_one_status(&mut page);
    super::link::borrow_request_tables(&mut page);
    for at in 0..page.lines.len() {
        if page.marks[at] == Mark::Unseen && !page.lines[at].text.is_empty() {
            page.marks[at] = Mark::Unplaced("the transcriber did not recognize this line".into());
        }
    }
    page
}

/// A response field listed among a GET's query parameters (ELB v2.0 `GET /v2.0/lbaas/members`: the request
/// table's `members_links` / `Array` / `This parameter exists only in the response body …`, then `Table 2
/// members_links parameter description`). An object table after the query table of a bodiless request
/// (`tables`, in page order) describes a field of no request body; when it is named after a query row and
/// a response body has a field of that name, the row is that response field, listed in the request by
/// mistake (doc defect `response-field-in-request`): a query string has no form for an object, so the row is
/// no parameter and is taken out of its table; its table, a copy of what the response describes, is read
/// with it. Any other such table stays unplaced, as nothing on the page says where it belongs.
fn response_fields_in_request(page: &mut Page, tables: Vec<Table>) {
    let in_response = |page: &Page, name: &str| {
        page.responses
            .iter()
            .filter_map(|s| s.body.as_ref())
            .flat_map(|g| (0..g.len()).filter_map(|i| g.table(i)))
            .any(|t| {
                t.rows
                    .iter()
                    .any(|r| r.name.text.to_ascii_lowercase() == name)
            })
    };
    for table in tables {
        // `members_links parameter description` → `members_links`.
        let name = super::link::caption_key(table.link_name().unwrap_or_default());
        let row = page
            .params
            .iter()
            .enumerate()
            .filter(|(_, t)| t.kind == TableKind::Query)
            .find_map(|(t, tb)| {
                let r = tb
                    .rows
                    .iter()
                    .position(|r| r.name.text.to_ascii_lowercase() == name)?;
                Some((t, r))
            });
        match row {
            Some((t, r)) if !name.is_empty() && in_response(page, &name) => {
                let query = &mut page.params[t];
                let row = query.rows.remove(r);
                let message = format!(
                    "`{}` is a row of the request table `{}`, described by `{}`, but it is a field of the response body: a query parameter has no form for an object, so it is not one (doc defect)",
                    row.name.text, query.caption.text, table.caption.text
                );
                page.note(row.name.at, "response-field-in-request", message);
            }
            _ => {
                for at in table.lines() {
                    page.unplace(at, "an object table with no body table before it");
                }
            }
        }
    }
}

/// Gives the responses and examples the page states no status for the status it implies: its only
/// success status (of the status-code table and the stated response sections; when those name none, of the
/// examples that state a status), else `default`.
fn settle_unstated_statuses(page: &mut Page) {
    /// The status that has no body.
    const NO_CONTENT: u16 = 204;
    let success = |s: &u16| (200..300).contains(s);
    let mut successes: std::collections::BTreeSet<u16> = page
        .status_codes
        .iter()
        .map(|r| r.status)
        .chain(page.responses.iter().filter(|s| s.stated).map(|s| s.status))
        .filter(success)
        .collect();
    // A page that links its status codes elsewhere may still show its one success under `Status code: 201`
    // above the example: a body table with no status line is that response's, so table and example meet.
    if successes.is_empty() {
        successes = page
            .response_examples
            .iter()
            .filter(|e| e.stated)
            .map(|e| e.status)
            .filter(success)
            .collect();
    }
    let (status, why) = match successes.iter().collect::<Vec<_>>()[..] {
        [only] => (*only, format!("the page's only success status, {only}")),
        _ => (
            DEFAULT_STATUS,
            "the `default` response (the page lists no single success status)".to_owned(),
        ),
    };
    let mut notes = Vec::new();
    for s in page.responses.iter_mut().filter(|s| !s.stated) {
        s.status = status;
        notes.push((
            s.at,
            format!("the page gives no status code for this response table; it is {why}"),
        ));
    }
    // `204 No Content` has no body (RFC 9110, 15.3.5): a body the page shows without a status, and without a
    // body table that would make it the 204's, is not the 204's (IAM shows a failed request's body there).
    // It is `default`'s, which the generator reads as the error response beside a listed 2xx.
    let no_content = status == NO_CONTENT
        && !page
            .responses
            .iter()
            .any(|s| s.status == NO_CONTENT && s.body.is_some());
    let (example_status, example_why) = if no_content {
        (
            DEFAULT_STATUS,
            "the `default` response: the page's only success status, 204, has no body".to_owned(),
        )
    } else {
        (status, why)
    };
    for e in page.response_examples.iter_mut().filter(|e| !e.stated) {
        e.status = example_status;
        notes.push((
            e.at,
            format!("the page gives no status code for this example response; it is {example_why}"),
        ));
    }
    for (at, message) in notes {
        page.note(at, "status-unstated", message);
    }
}

/// Several example responses of one status (IMS: `Example response when action is set to count` /
/// `STATUS CODE 200` / `{…}` / `Example response when action is set to filter` / `STATUS CODE 200` / `{…}`;
/// or examples of an unstated status under two headings) are that status's examples: one example with their
/// paragraphs and blocks in page order, each block an entry of `examples` (its caption the paragraphs
/// before it). Noted, since the page repeats the status instead of listing the examples under one.
fn merge_examples_of_one_status(page: &mut Page) {
    let mut merged: Vec<ResponseExample> = Vec::new();
    let mut notes = Vec::new();
    for e in std::mem::take(&mut page.response_examples) {
        match merged.iter_mut().find(|m| m.status == e.status) {
            Some(m) => {
                notes.push((
                    e.at,
                    format!(
                        "a second example response for status {}; it is another entry of that status's examples",
                        labels::status_key(e.status)
                    ),
                ));
                m.paragraphs.extend(e.paragraphs);
                m.blocks.extend(e.blocks);
                m.paragraphs.sort_by_key(|t| t.at);
                m.blocks.sort_by_key(|b| b.first);
            }
            None => merged.push(e),
        }
    }
    page.response_examples = merged;
    for (at, message) in notes {
        page.note(at, "several-examples-of-one-status", message);
    }
}

/// The lines of a page. A line ends at LF, CR LF or a bare CR: a CR inside a table cell (pasted from a Windows
/// table, or an old Mac line end) is a paragraph break like any other, so it never reaches the spec, whose
/// paragraphs are joined with `\n`. Line numbers in messages count these lines.
fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let text = rest?;
        match text.find(['\r', '\n']) {
            Some(end) => {
                let next = if text[end..].starts_with("\r\n") {
                    end + 2
                } else {
                    end + 1
                };
                rest = Some(&text[next..]);
                Some(&text[..end])
            }
            None => {
                rest = None;
                Some(text)
            }
        }
    })
}

/// The most paragraphs a status description runs to before its `None` (the corpus has one); more is not a
/// description but a section the table reader must look at.
const MAX_STATUS_PARAGRAPHS: usize = 4;

/// The most characters of a Module cell of an error-code table (`Cloud Eye`, `Public`); longer is a
/// paragraph of a cell.
const MAX_MODULE_CELL_LEN: usize = 40;

/// A cell of an error-code table's Module column: a short name, not a sentence (a paragraph more of the
/// row before would end with a period).
fn is_module_cell(s: &str) -> bool {
    s.len() <= MAX_MODULE_CELL_LEN && !s.ends_with(['.', ':', ';', ','])
}

/// The fewest digits of an all-digit error code (IAM's `1100`): a status has three.
const MIN_NUMERIC_ERROR_CODE_LEN: usize = 4;

/// How many lines an error-code page may give before its table's header (the corpus's longest lead, Cloud
/// Eye's with a glossary, runs to about 70).
const MAX_ERROR_CODE_LEAD_LINES: usize = 1000;

/// How many description paragraphs may follow an inline example before the next row of its table (the
/// corpus has at most two); past that, the example is taken to follow the table.
const MAX_PARAGRAPHS_AFTER_INLINE_EXAMPLE: usize = 4;

struct Parser {
    page: Page,
    /// The next line to look at.
    i: usize,
    /// Paragraphs at the end of a table section, right before an example heading, that no table or label
    /// took (EVS: `The following example shows how to query …` / `Example request`): the lead of the
    /// examples that follow, which take them as the first example's description.
    example_lead: Vec<Text>,
    /// The kind of the section read last (a recipe step's response section counts as example requests).
    last_section: Option<Heading>,
    /// Tables of values, not fields (see [`value_table`]), placed once the whole page is read.
    value_tables: Vec<ValueTable>,
    /// Object tables in the request section of a GET/HEAD after its query table: no body for them to
    /// describe. Placed once the whole page is read (see [`response_fields_in_request`]), else unplaced.
    request_objects: Vec<Table>,
}

/// Where body tables go while reading "Request Parameters" / "Response Parameters".
#[derive(Clone, Copy, PartialEq, Eq)]
enum Current {
    None,
    /// The URI section: a table whose caption names no other kind is the URI's parameter table.
    Uri,
    Request,
    Response(usize),
}

impl Parser {
    fn text(&self, at: usize) -> &str {
        self.page.lines.get(at).map_or("", |l| l.text.as_str())
    }

    fn txt(&self, at: usize) -> Text {
        Text {
            at,
            text: self.text(at).to_owned(),
        }
    }

    fn mark(&mut self, at: usize, mark: Mark) {
        if let Some(m) = self.page.marks.get_mut(at) {
            *m = mark;
        }
    }

    fn place(&mut self, at: usize) {
        self.mark(at, Mark::Placed);
    }

    fn next_nonblank(&self, from: usize) -> Option<usize> {
        (from..self.page.lines.len()).find(|&j| !self.page.lines[j].text.is_empty())
    }

    /// The next non-blank line of the current section: `None` at a heading or the end.
    fn next_in_section(&self) -> Option<usize> {
        let j = self.next_nonblank(self.i)?;
        (Heading::of(self.text(j)).is_none() || self.names_a_row(j)).then_some(j)
    }

    /// Whether line `j`, which reads as a heading, is the name cell of a table row: a Yes/No or type cell
    /// follows (IAM `Authorization` / `Yes` / `String` in a request-header table, where reading it as the
    /// `Authorization` heading ended the table and dropped the parameter as a pointer to another document).
    fn names_a_row(&self, j: usize) -> bool {
        self.next_nonblank(j + 1).is_some_and(|k| {
            let cell = self.text(k);
            labels::yes_no(cell).is_some() || labels::parse_type(cell).is_some()
        })
    }

    fn page_body(&mut self) {
        while let Some(j) = self.next_nonblank(self.i) {
            let t = self.text(j);
            if labels::is_updated_on(t) || labels::is_share(t) {
                self.mark(j, Mark::Kept(Kept::Chrome));
                self.i = j + 1;
            } else {
                break;
            }
        }
        if let Some(j) = self.next_nonblank(self.i)
            && Heading::of(self.text(j)) != Some(Heading::Function)
        {
            self.page.title = Some(self.txt(j));
            self.place(j);
            self.i = j + 1;
        }
        self.api_name();
        if self.error_code_header() || self.error_code_lead() {
            self.error_code_table();
        }
        self.lead_paragraphs();
        while let Some(j) = self.next_nonblank(self.i) {
            self.i = j + 1;
            match Heading::of(self.text(j)) {
                Some(h) if self.is_recipe_step_response(h, j) => {
                    self.place(j);
                    self.recipe_step_response(j);
                    self.last_section = Some(Heading::ExampleRequests);
                }
                Some(h) => {
                    self.place(j);
                    self.section(h);
                    self.last_section = Some(h);
                }
                None => self.page.unplace(j, "a line outside any known section"),
            }
        }
    }

    /// Paragraphs between the title and the first heading (ECS tag pages, LTS, RDS: the page opens with what
    /// the API does, with or without a `Function` section after): the first paragraphs of the description. A
    /// page with no heading after them has no sections to read; its lines stay unplaced.
    fn lead_paragraphs(&mut self) {
        let Some(first_heading) =
            (self.i..self.page.lines.len()).find(|&j| Heading::of(self.text(j)).is_some())
        else {
            return;
        };
        while let Some(j) = self.next_nonblank(self.i).filter(|&j| j < first_heading) {
            let t = self.txt(j);
            self.page.description.push(t);
            self.place(j);
            self.i = j + 1;
        }
    }

    /// `Description` / `API name` / `ListTopics` after the title (older layouts): the page's own API name.
    fn api_name(&mut self) {
        let Some(j) = self.next_nonblank(self.i) else {
            return;
        };
        let (heading, label) = if labels::is_api_name_label(self.text(j)) {
            (None, j)
        } else if self.text(j) == "Description"
            && let Some(k) = self.next_nonblank(j + 1)
            && labels::is_api_name_label(self.text(k))
        {
            (Some(j), k)
        } else {
            return;
        };
        let Some(n) = self
            .next_nonblank(label + 1)
            .filter(|&n| is_operation_name(self.text(n)))
        else {
            return;
        };
        if let Some(h) = heading {
            self.place(h);
        }
        self.place(label);
        self.place(n);
        self.page.api_name = Some(self.txt(n));
        self.i = n + 1;
    }

    fn section(&mut self, h: Heading) {
        match h {
            Heading::Function => {
                while let Some(j) = self.next_in_section() {
                    let t = self.txt(j);
                    self.page.description.push(t);
                    self.place(j);
                    self.i = j + 1;
                }
            }
            Heading::CallingMethod
            | Heading::Authorization
            | Heading::Debugging
            | Heading::ErrorCodes
            | Heading::Related => {
                while let Some(j) = self.next_in_section() {
                    self.mark(j, Mark::Kept(Kept::Pointer));
                    self.i = j + 1;
                }
            }
            Heading::Uri => {
                self.request_line();
                self.tables(Current::Uri);
            }
            Heading::Request => self.tables(Current::Request),
            Heading::Response => self.tables(Current::None),
            Heading::ExampleRequests => self.example_requests(),
            Heading::ExampleResponses => self.example_responses(),
            Heading::SdkSamples => self.sdk_samples(),
            Heading::StatusCodes => self.status_codes(),
            Heading::ReturnedValue => self.returned_values(),
        }
    }

    /// The request line at the start of the URI section: `GET /v2/…` (recent layout), after a `URI format`
    /// label in older layouts, where it may also be a full URL (`GET https://{Endpoint}/v3/…?limit={limit}`)
    /// or two lines `PATH: /v1/…` and `Method: GET` (either order).
    fn request_line(&mut self) {
        if let Some(j) = self.next_in_section()
            && labels::is_uri_format_label(self.text(j))
        {
            self.place(j);
            self.i = j + 1;
        }
        let Some(j) = self.next_in_section() else {
            return;
        };
        if let Some((method, path)) = uri_line(self.text(j)) {
            self.page.request_line = Some(RequestLine {
                at: j,
                method,
                path,
            });
            self.place(j);
            self.i = j + 1;
            return;
        }
        let Some(k) = self
            .next_nonblank(j + 1)
            .filter(|&k| Heading::of(self.text(k)).is_none())
        else {
            return;
        };
        let pair = match (
            labels::path_label(self.text(j)),
            labels::method_label(self.text(k)),
        ) {
            (Some(path), Some(method)) => Some((path, method)),
            _ => labels::method_label(self.text(j))
                .zip(labels::path_label(self.text(k)))
                .map(|(m, p)| (p, m)),
        };
        if let Some((path, method)) = pair
            && let Some((method, path)) = uri_line(&format!("{method} {path}"))
        {
            self.page.request_line = Some(RequestLine {
                at: j,
                method,
                path,
            });
            self.place(j);
            self.place(k);
            self.i = k + 1;
        }
    }

    /// Tables and `Status code: N` lines up to the next heading.
    fn tables(&mut self, mut current: Current) {
        let mut between: Vec<Text> = Vec::new();
        // The kind named by a label above tables captioned without `Table N` (`Parameters in the request
        // header`): it holds for those tables until a status line or a `Table N` caption.
        let mut label_kind: Option<TableKind> = None;
        while let Some(mut j) = self.next_in_section() {
            let t = self.text(j).to_owned();
            if let Some(status) = labels::status_line(&t) {
                label_kind = None;
                self.keep_labels(&mut between);
                self.place(j);
                self.i = j + 1;
                self.page.responses.push(ResponseSection {
                    at: j,
                    status,
                    stated: true,
                    body: None,
                    headers: None,
                    description: Vec::new(),
                });
                current = Current::Response(self.page.responses.len() - 1);
                self.status_description();
                continue;
            }
            if labels::is_none(&t) {
                self.place(j);
                self.i = j + 1;
                continue;
            }
            // Older layouts (RDS v1) put `Normal Response` inside the Request section: what follows is the
            // response.
            if matches!(current, Current::Request | Current::Uri) && labels::is_response_label(&t) {
                self.keep_labels(&mut between);
                current = Current::None;
            }
            // IAM: `Parameters in the request header`, then tables captioned by what they are for (one per way
            // of calling): the label says what kind they are.
            if labels::caption(&t).is_none()
                && !self.header_follows(j)
                && let Some(kind) = labels::parameter_label_kind(&t)
                && self.next_nonblank(j + 1).is_some_and(|k| {
                    labels::caption(self.text(k)).is_none() && self.header_follows(k)
                })
            {
                self.keep_labels(&mut between);
                label_kind = Some(kind);
                self.place(j);
                self.i = j + 1;
                continue;
            }
            // A `Table N` caption over a header without a name cell: a table of values, documentation of
            // the field pointing at it.
            if labels::caption(&t).is_some() && !t.ends_with('.') && self.value_table(j) {
                self.keep_labels(&mut between);
                continue;
            }
            let kind = match labels::caption(&t) {
                // `Table 2 describes the request parameters.` is a sentence about a table, not its caption.
                Some((_, kind)) if self.header_follows(j) || !t.ends_with('.') => {
                    label_kind = None;
                    kind
                }
                // Older layouts caption a table without `Table N` (`URI parameters`): a line followed by the
                // name column's header cell; under a kind label, a caption naming no kind is of the label's.
                None if self.header_follows(j) => match (labels::table_kind(&t), &label_kind) {
                    (TableKind::Nested(_), Some(kind)) => kind.clone(),
                    (kind, _) => kind,
                },
                // `Request parameter` above `Table 1 Request parameter`: the table's label.
                None if self.labels_next_caption(j) => {
                    self.place(j);
                    self.i = j + 1;
                    continue;
                }
                // Header cells right after the heading or a label (ECS): the table has no caption; the line
                // before stands for it.
                None if self.header_follows(self.prev_nonblank(j)) => {
                    let cap = self.prev_nonblank(j);
                    let is_label = between.last().is_some_and(|b| b.at == cap);
                    if !(is_label || Heading::of(self.text(cap)).is_some()) {
                        self.between_tables(j, current, &mut between);
                        continue;
                    }
                    between.retain(|b| b.at != cap);
                    j = cap;
                    labels::table_kind(self.text(cap))
                }
                _ => {
                    self.between_tables(j, current, &mut between);
                    continue;
                }
            };
            self.keep_labels(&mut between);
            // Older layouts give the response table no status line: it starts a response of unstated status
            // (the page's only success status or `default`, decided when the page is read).
            if current == Current::None
                && matches!(kind, TableKind::Nested(_) | TableKind::ResponseBody)
            {
                self.page.responses.push(ResponseSection {
                    at: j,
                    status: labels::UNSTATED_STATUS,
                    stated: false,
                    body: None,
                    headers: None,
                    description: Vec::new(),
                });
                current = Current::Response(self.page.responses.len() - 1);
            }
            let bodiless = self
                .page
                .request_line
                .as_ref()
                .is_some_and(|r| matches!(r.method.as_str(), "GET" | "HEAD"));
            let kind = match (kind, current) {
                (TableKind::Nested(_), Current::Uri) => TableKind::Uri,
                // A GET has no body: the request section's first table of an older-layout GET lists its
                // query parameters (`Request filter parameters`, ELB v2.0 `GET /v2.0/lbaas/members`); an object
                // table after it describes no body (see `response_fields_in_request`).
                (TableKind::Nested(n), Current::Request)
                    if self.page.request_body.is_none() && bodiless =>
                {
                    if self.page.params.iter().any(|t| t.kind == TableKind::Query) {
                        TableKind::Nested(n)
                    } else {
                        TableKind::Query
                    }
                }
                (TableKind::Nested(_), Current::Response(r))
                    if self.page.responses.get(r).is_some_and(|s| s.body.is_none()) =>
                {
                    TableKind::ResponseBody
                }
                // Older layouts caption the request body's table like any other (`Parameter description`):
                // the first object table of the request section is the body.
                (TableKind::Nested(_), Current::Request) if self.page.request_body.is_none() => {
                    TableKind::RequestBody
                }
                // The first object table after a status line is its body, under any caption.
                (TableKind::Nested(_), Current::Response(r))
                    if self.page.responses.get(r).is_some_and(|s| s.body.is_none()) =>
                {
                    TableKind::ResponseBody
                }
                // Older layouts give a response's tables under `Response` with no `Status code: N` line: the
                // first object table is the body of a response whose status is settled later.
                (
                    kind @ (TableKind::Nested(_)
                    | TableKind::ResponseBody
                    | TableKind::ResponseHeader),
                    Current::None,
                ) => {
                    self.page.responses.push(ResponseSection {
                        at: j,
                        status: labels::UNSTATED_STATUS,
                        stated: false,
                        body: None,
                        headers: None,
                        description: Vec::new(),
                    });
                    current = Current::Response(self.page.responses.len() - 1);
                    match kind {
                        TableKind::ResponseHeader => kind,
                        _ => TableKind::ResponseBody,
                    }
                }
                (kind, _) => kind,
            };
            let table = self.table(j, kind.clone());
            match (kind, current) {
                (
                    TableKind::Uri | TableKind::Path | TableKind::Query | TableKind::RequestHeader,
                    _,
                ) => {
                    self.page.params.push(table);
                }
                (TableKind::RequestBody, _) => {
                    if self.page.request_body.is_some() {
                        self.unplace_table(&table, "a second request body table");
                    } else {
                        self.page.request_body = Some(Group {
                            top: table,
                            nested: Vec::new(),
                        });
                        current = Current::Request;
                    }
                }
                (TableKind::ResponseBody, Current::Response(r)) => {
                    match self.page.responses.get_mut(r) {
                        Some(section) if section.body.is_none() => {
                            section.body = Some(Group {
                                top: table,
                                nested: Vec::new(),
                            });
                        }
                        _ => self.unplace_table(&table, "a second body table for one status"),
                    }
                }
                (TableKind::ResponseHeader, Current::Response(r)) => {
                    match self.page.responses.get_mut(r) {
                        Some(section) if section.headers.is_none() => section.headers = Some(table),
                        _ => self.unplace_table(&table, "a second header table for one status"),
                    }
                }
                (TableKind::ResponseBody | TableKind::ResponseHeader, _) => {
                    self.unplace_table(&table, "a response table before any `Status code: N` line");
                }
                (TableKind::Nested(_), Current::Request) => match self.page.request_body.as_mut() {
                    Some(g) => g.nested.push(table),
                    // Decided once the response is read: it may be a response field's table.
                    None if bodiless => self.request_objects.push(table),
                    None => {
                        self.unplace_table(&table, "an object table with no body table before it")
                    }
                },
                (TableKind::Nested(_), Current::Response(r)) => {
                    match self.page.responses.get_mut(r).and_then(|s| s.body.as_mut()) {
                        Some(g) => g.nested.push(table),
                        None => self
                            .unplace_table(&table, "an object table with no body table before it"),
                    }
                }
                (TableKind::Nested(_), Current::None | Current::Uri) => {
                    self.unplace_table(&table, "an object table with no body table before it");
                }
            }
        }
        self.lead_of_examples(&mut between);
        self.keep_labels(&mut between);
    }

    /// The paragraphs that end a table section right before an example heading, after its last label or
    /// note: they introduce the examples (`The following example shows how to query …`), so they are
    /// carried to the example section instead of being unplaced here. Labels and notes stay for
    /// `keep_labels`.
    fn lead_of_examples(&mut self, between: &mut Vec<Text>) {
        let before_examples = self.next_nonblank(self.i).is_some_and(|j| {
            matches!(
                Heading::of(self.text(j)),
                Some(Heading::ExampleRequests | Heading::ExampleResponses)
            )
        });
        if !before_examples {
            return;
        }
        self.example_lead = self.trailing_prose(between);
    }

    /// The paragraphs at the end of `between` after its last label or note (placed, and taken out of it):
    /// what introduces the example that follows.
    fn trailing_prose(&mut self, between: &mut Vec<Text>) -> Vec<Text> {
        let prose = between
            .iter()
            .rev()
            .take_while(|t| !labels::is_table_label(&t.text) && !labels::is_note(&t.text))
            .count();
        let lead = between.split_off(between.len() - prose);
        for t in &lead {
            self.place(t.at);
        }
        lead
    }

    /// Paragraphs after a `Status code: N` line that end at the `None` saying the status has no body
    /// (`Successful request.`, `No Content`): the last response's description. Paragraphs followed by
    /// anything else (a table, an example) are left for the table reader.
    fn status_description(&mut self) {
        let mut paragraphs = Vec::new();
        let mut k = self.i;
        while let Some(j) = self.next_nonblank(k) {
            let t = self.text(j);
            if labels::is_none(t) {
                break;
            }
            if Heading::of(t).is_some()
                || labels::status_line(t).is_some()
                || labels::caption(t).is_some()
                || self.header_follows(j)
                || self.code_block(j).is_some()
                || labels::is_table_label(t)
            {
                return;
            }
            if paragraphs.len() == MAX_STATUS_PARAGRAPHS {
                return;
            }
            paragraphs.push(j);
            k = j + 1;
        }
        if paragraphs.is_empty() || self.next_nonblank(k).is_none() {
            return;
        }
        let texts: Vec<Text> = paragraphs.iter().map(|&j| self.txt(j)).collect();
        for &j in &paragraphs {
            self.place(j);
        }
        self.i = k;
        if let Some(section) = self.page.responses.last_mut() {
            section.description = texts;
        }
    }

    /// A line between the tables of a section (older layouts): an example request (line and JSON body), an
    /// example response (a JSON block), a pointer to another page, or a label kept for the report.
    fn between_tables(&mut self, j: usize, current: Current, between: &mut Vec<Text>) {
        let t = self.text(j).to_owned();
        self.i = j + 1;
        // RDS `URI example` / `https://{Endpoint}/v3/…`: a URL alone is a request line with the URI's method.
        let line = example_request_line(&t).or_else(|| self.method_unstated(j, &t));
        if let Some((method, url)) = line {
            self.place(j);
            let body = self.json_after(j);
            let mut last = j;
            if let Some(b) = &body {
                self.place_block(b);
                last = b.last;
                self.i = b.last + 1;
            }
            let text = self.page.lines[j..=last]
                .iter()
                .map(|l| l.raw.as_str())
                .collect::<Vec<_>>()
                .join("\n");
            let description = std::mem::take(between);
            for d in &description {
                self.place(d.at);
            }
            self.page.request_examples.push(RequestExample {
                description,
                at: j,
                text,
                method,
                url,
                body,
            });
            return;
        }
        let block = self
            .code_block(j)
            .or_else(|| self.text_example(j, current, between));
        if let Some(b) = block {
            self.i = b.last + 1;
            self.place_block(&b);
            match current {
                Current::Request | Current::Uri => {
                    // The paragraphs just before the body: between a request line and its body (DCS
                    // `Example request with allFailure set to false:`) they stay in the example's text,
                    // verbatim; before a body of its own (CCE `Updating only the custom SAN of the cluster
                    // certificate`) they describe it.
                    let paragraphs = self.trailing_prose(between);
                    self.keep_labels(between);
                    let n = self.page.request_examples.len();
                    if n > 0 && self.page.request_examples[n - 1].body.is_none() {
                        let text = (!paragraphs.is_empty())
                            .then(|| self.verbatim(self.page.request_examples[n - 1].at, b.last));
                        let e = &mut self.page.request_examples[n - 1];
                        match text {
                            Some(text) => e.text = text,
                            None => {
                                e.text.push('\n');
                                e.text.push_str(&b.text);
                            }
                        }
                        e.body = Some(b);
                    } else {
                        // `Example request` and a body without a request line (EVS).
                        self.own_request_example(b, paragraphs);
                    }
                }
                Current::Response(_) | Current::None => {
                    let (status, stated) = match current {
                        Current::Response(r) => self
                            .page
                            .responses
                            .get(r)
                            .map_or((labels::UNSTATED_STATUS, false), |s| (s.status, s.stated)),
                        _ => (labels::UNSTATED_STATUS, false),
                    };
                    let paragraphs = std::mem::take(between);
                    for p in &paragraphs {
                        self.place(p.at);
                    }
                    match self
                        .page
                        .response_examples
                        .iter_mut()
                        .find(|e| e.status == status)
                    {
                        Some(e) => {
                            e.paragraphs.extend(paragraphs);
                            e.blocks.push(b);
                        }
                        None => self.page.response_examples.push(ResponseExample {
                            at: j,
                            status,
                            stated,
                            paragraphs,
                            blocks: vec![b],
                        }),
                    }
                }
            }
            return;
        }
        if labels::is_pointer_sentence(&t) {
            self.keep_labels(between);
            self.mark(j, Mark::Kept(Kept::Pointer));
            return;
        }
        between.push(self.txt(j));
    }

    /// A response section's last line right after an example response label (CCE DeleteAddonInstance:
    /// `Example response:` / `success`, then the status codes): the example, as text.
    fn text_example(&self, j: usize, current: Current, between: &[Text]) -> Option<CodeBlock> {
        // `Abnormal response` / `For details, see Abnormal Request Results.` (RDS) is a pointer, not an example.
        let after_label = between.last().is_some_and(|b| {
            labels::is_response_label(&b.text) && b.text.to_ascii_lowercase().contains("example")
        }) && !labels::is_pointer_sentence(self.text(j));
        let ends_section = self
            .next_nonblank(j + 1)
            .is_none_or(|k| Heading::of(self.text(k)).is_some());
        (after_label && ends_section && matches!(current, Current::Response(_) | Current::None))
            .then(|| CodeBlock {
                first: j,
                last: j,
                text: self.page.lines[j].raw.clone(),
                json: None,
            })
    }

    /// The last non-blank line before `j` (`j` itself when there is none).
    fn prev_nonblank(&self, j: usize) -> usize {
        (0..j)
            .rev()
            .find(|&k| !self.page.lines[k].text.is_empty())
            .unwrap_or(j)
    }

    /// The JSON block right after line `j`, if the next line starts one.
    fn json_after(&self, j: usize) -> Option<CodeBlock> {
        let k = self.next_nonblank(j + 1)?;
        if Heading::of(self.text(k)).is_some() {
            return None;
        }
        self.code_block(k)
    }

    /// Lines between tables that no example request took: labels are kept in the report; anything else
    /// (a sentence that fits nowhere) is unplaced.
    fn keep_labels(&mut self, between: &mut Vec<Text>) {
        // After a bare `NOTE:` label, the paragraphs up to the next table are the note's.
        let mut in_note = false;
        // After a `Constraints` label, the paragraphs up to the next table are the constraints.
        let mut in_constraints = false;
        for t in between.drain(..) {
            if labels::is_table_label(&t.text) {
                self.mark(t.at, Mark::Kept(Kept::Label));
            } else if let Some(n) = labels::table_reference(&t.text)
                && self.has_table(n)
            {
                self.mark(t.at, Mark::Kept(Kept::TableReference));
            } else if labels::is_next_table_sentence(&t.text)
                && (self.header_follows(t.at)
                    || self
                        .next_nonblank(t.at + 1)
                        .is_some_and(|k| labels::caption(self.text(k)).is_some()))
            {
                self.mark(t.at, Mark::Kept(Kept::TableReference));
            } else if in_note || labels::is_note(&t.text) {
                in_note = in_note || labels::is_note_label(&t.text);
                self.mark(t.at, Mark::Kept(Kept::Label));
            } else if in_constraints || labels::is_constraints_label(&t.text) {
                // ELB `Constraints` / `Parameters marker, limit, and page_reverse are used …` after the URI
                // line: what the page says about calling the API, with its function text (as when the
                // label comes under `Function`).
                in_constraints = true;
                self.place(t.at);
                self.page.description.push(t);
            } else if let Some(caption) = self
                .next_nonblank(t.at + 1)
                .filter(|&k| labels::caption(self.text(k)).is_some() || self.header_follows(t.at))
            {
                self.before_table(t, caption);
            } else {
                self.page.unplace(
                    t.at,
                    "expected a table caption (`Table N …`), a label, an example or a pointer to another page",
                );
            }
        }
    }

    /// A line right before a table (line `caption`: its caption, or its header cells) that keep_labels knows
    /// as no label: a sentence naming that table (DCS `If the value of the allFailure parameter in the URI is
    /// true, a response containing the parameter in Table 3 is returned.` / `Table 3 …`) is about it; a short
    /// line in words (RDS `Pequest parameters`) is a label the page misspells (doc defect, noted: the table
    /// is read by its own caption); anything else is unplaced.
    fn before_table(&mut self, t: Text, caption: usize) {
        let named = labels::caption(self.text(caption))
            .is_some_and(|(n, _)| labels::names_table(&t.text, n));
        if named {
            self.mark(t.at, Mark::Kept(Kept::TableReference));
        } else if labels::is_label_like(&t.text) {
            self.page.note(
                t.at,
                "unknown-label",
                format!(
                    "`{}` above `{}` is no label the transcriber knows (doc defect); the table is read by its caption and section",
                    t.text,
                    self.text(caption)
                ),
            );
            self.mark(t.at, Mark::Kept(Kept::Label));
        } else if self.last_section == Some(Heading::Request)
            && self.page.request_body.is_none()
            && is_sentence(&t.text)
        {
            // IMS GlanceUpdateImage `Glance has two methods of updating image information. The method is
            // specified by Content-Type …` before the body's first table: what the page says about the request
            // as a whole (as a `Constraints` paragraph does), so the operation's description.
            self.page.note(
                t.at,
                "request-prose",
                "a paragraph before the request body's first table, about the request as a whole: it joins the operation's description",
            );
            self.place(t.at);
            self.page.description.push(t);
        } else {
            self.page.unplace(
                t.at,
                "expected a table caption (`Table N …`), a label, an example or a pointer to another page",
            );
        }
    }

    /// Reads a value table (see [`value_table`]) captioned at line `j`: header cells (lines that read as
    /// header cells, even one that reads as a heading: `Error Code`), none of them the name column, then
    /// every line up to what ends a table (a heading, a caption, a status line, an example, a note).
    /// `false`, reading nothing, when the header has a name cell or no cell at all.
    fn value_table(&mut self, j: usize) -> bool {
        let Some((number, _)) = labels::caption(self.text(j)) else {
            return false;
        };
        let mut header = Vec::new();
        let mut k = j + 1;
        while header.len() < value_table::MAX_VALUE_TABLE_COLUMNS
            && let Some(n) = self.next_nonblank(k)
            && value_table::is_header_cell(self.text(n))
        {
            header.push(n);
            k = n + 1;
        }
        // A name and a type cell right after the header (ECS `Attribute` / `Type` / `CRUD` / …, then
        // `version` / `Integer`): rows of fields under a name column spelled otherwise, left to the table
        // reader. The header may hold a cell in capitals (`CRUD`) the header run stops at, so the lines
        // after the caption are looked at, up to a header's width and a row's name and type.
        let mut field_rows = false;
        let mut after_header = true;
        let mut at = j + 1;
        for _ in 0..value_table::MAX_VALUE_TABLE_COLUMNS + 2 {
            let Some(n) = self.next_nonblank(at) else {
                break;
            };
            let t = self.text(n);
            let header_like =
                value_table::is_header_cell(t) || t.chars().all(|c| c.is_ascii_uppercase());
            if after_header
                && !header_like
                && is_param_name(t)
                && self
                    .next_nonblank(n + 1)
                    .is_some_and(|m| labels::parse_type(self.text(m)).is_some())
            {
                field_rows = true;
                break;
            }
            after_header = header_like;
            at = n + 1;
        }
        if header.is_empty()
            || field_rows
            || header
                .iter()
                .any(|&h| labels::column(self.text(h)) == Some(Column::Name))
        {
            return false;
        }
        let mut cells = Vec::new();
        while let Some(n) = self.next_nonblank(k) {
            let t = self.text(n);
            if Heading::of(t).is_some()
                || labels::caption(t).is_some()
                || labels::status_line(t).is_some()
                || labels::is_example_label(t)
                || labels::is_note(t)
                || labels::is_next_table_sentence(t)
                || example_request_line(t).is_some()
                || t.starts_with(['{', '['])
                || self.header_follows(n)
            {
                break;
            }
            cells.push(n);
            k = n + 1;
        }
        for &at in std::iter::once(&j).chain(&header).chain(&cells) {
            self.place(at);
        }
        self.i = k;
        self.value_tables.push(ValueTable {
            caption: self.txt(j),
            number,
            header: header.iter().map(|&h| self.text(h).to_owned()).collect(),
            cells: cells.iter().map(|&c| self.text(c).to_owned()).collect(),
        });
        true
    }

    /// Whether the page has a table captioned `Table n …`.
    fn has_table(&self, n: u32) -> bool {
        self.page
            .lines
            .iter()
            .any(|l| labels::caption(&l.text).is_some_and(|(m, _)| m == n))
    }

    /// Whether line `j` repeats the title of the caption on the next line (`Request parameter` /
    /// `Table 1 Request parameter`).
    fn labels_next_caption(&self, j: usize) -> bool {
        self.next_nonblank(j + 1)
            .and_then(|k| labels::caption_title(self.text(k)))
            .is_some_and(|title| title.eq_ignore_ascii_case(self.text(j)))
    }

    fn unplace_table(&mut self, table: &Table, why: &str) {
        for at in table.lines() {
            self.page.unplace(at, why);
        }
    }

    /// Reads a table starting at its caption line `j`.
    /// Whether the line after `j` is the header cell of a table's name column (`Parameter`, `Name`).
    fn header_follows(&self, j: usize) -> bool {
        self.next_nonblank(j + 1).is_some_and(|k| {
            labels::column(self.text(k)) == Some(Column::Name)
                && self
                    .next_nonblank(k + 1)
                    .is_some_and(|l| labels::column(self.text(l)).is_some())
        })
    }

    /// Whether line `k`, among the header cells `columns` read so far, is a type spelling standing where the
    /// `Type` header cell belongs (CCE `Parameter` / `Mandatory` / `String` / `Description`, every row then
    /// giving its type): after the name cell, with no Type cell yet, and followed by another header cell.
    fn type_spelled_header(&self, k: usize, columns: &[Column]) -> bool {
        columns.first() == Some(&Column::Name)
            && !columns.contains(&Column::Type)
            && labels::parse_type(self.text(k)).is_some()
            && self.next_nonblank(k + 1).is_some_and(|n| {
                labels::column(self.text(n))
                    .is_some_and(|c| c != Column::Name && !columns.contains(&c))
            })
    }

    fn table(&mut self, j: usize, kind: TableKind) -> Table {
        let caption = self.txt(j);
        self.place(j);
        self.i = j + 1;
        let mut columns = Vec::new();
        while let Some(k) = self.next_in_section() {
            match labels::column(self.text(k)) {
                // Remark columns may be several (ECS `CRUD` / `Default Value` / `Constraint` / `Remarks`).
                Some(c) if c == Column::Remark || !columns.contains(&c) => {
                    columns.push(c);
                    self.place(k);
                    self.i = k + 1;
                }
                None if self.type_spelled_header(k, &columns) => {
                    self.page.note(
                        k,
                        "type-spelled-header",
                        format!(
                            "the header cell `{}` is a type spelling where `Type` belongs (doc defect); read as the Type column",
                            self.text(k)
                        ),
                    );
                    columns.push(Column::Type);
                    self.place(k);
                    self.i = k + 1;
                }
                _ => break,
            }
        }
        let mut table = Table {
            caption,
            kind,
            columns,
            rows: Vec::new(),
        };
        let has_mandatory = table.has_mandatory_column();
        let typed = table.columns.contains(&Column::Type);
        // `Parameter` / `Type` / `Mandatory` / `Description` (EVS, ECS): the type cell before the Yes/No one.
        let position = |c: Column| table.columns.iter().position(|x| *x == c);
        let type_first = has_mandatory && position(Column::Type) < position(Column::Mandatory);
        let sub_named = table.columns.contains(&Column::SubName);
        // Without a Type column a row is a name and a Yes/No cell (older layouts' URI tables); without either,
        // a name (an identifier) and a description paragraph.
        if !table.columns.contains(&Column::Name) {
            self.page.unplace(
                j,
                "a table without `Parameter` and `Type` (or `Mandatory`) header cells; the transcriber cannot read its rows",
            );
            return table;
        }
        // After a row the transcriber cannot read, its description paragraphs are unplaced with it (never
        // merged into the row before it), up to the next readable row.
        let mut unreadable: Option<String> = None;
        while let Some(k) = self.next_in_section() {
            let t = self.text(k);
            if self.caption_without_table(k) {
                self.page.note(
                    k,
                    "caption-without-table",
                    format!(
                        "`{t}` is the caption a row points at, but the next table's caption follows it with no table of its own (doc defect); it ends `{}`, and the field pointing at it has no table",
                        table.caption.text
                    ),
                );
                self.place(k);
                self.i = k + 1;
                break;
            }
            if labels::caption(t).is_some()
                || labels::status_line(t).is_some()
                || self.ends_table(k)
            {
                break;
            }
            // ELB `_` between the header and the first row: a stray mark of the page's source (doc defect).
            // A mark followed by a type or Yes/No cell names a row (`-` / `String`: one unnamed value).
            if table.rows.is_empty() && labels::is_stray_mark(t) && !self.names_a_row(k) {
                self.page.note(
                    k,
                    "stray-mark",
                    format!(
                        "`{t}` stands alone between the header and the first row of `{}` (doc defect); skipped",
                        table.caption.text
                    ),
                );
                self.place(k);
                self.i = k + 1;
                continue;
            }
            let start = if typed && sub_named && !type_first {
                self.sub_named_row_at(k, has_mandatory)
            } else if typed && type_first {
                self.type_first_or_swapped_row_at(k)
            } else if typed {
                self.row_at(k, has_mandatory)
            } else if has_mandatory {
                self.untyped_row_at(k)
            } else {
                self.name_only_row_at(k)
            };
            let start = match start {
                RowStart::No if table.rows.is_empty() && typed && !type_first && !sub_named => {
                    self.worded_first_row_at(k, has_mandatory)
                }
                start => start,
            };
            match start {
                RowStart::Row(row, next) => {
                    table.rows.push(row);
                    self.i = next;
                    unreadable = None;
                }
                RowStart::BadType(name, type_at) => {
                    let msg = format!(
                        "`{}` looks like a row of table `{}` but `{}` is not a known type spelling",
                        name,
                        table.caption.text,
                        self.text(type_at)
                    );
                    for at in k..=type_at {
                        if !self.text(at).is_empty() {
                            self.page.unplace(at, msg.clone());
                        }
                    }
                    self.i = type_at + 1;
                    unreadable = Some(msg);
                }
                // A name followed by what reads as a type nobody knows (`tags` / `Tags record array`)
                // is a row the transcriber cannot read, never more paragraphs of the previous row.
                RowStart::No if self.unknown_type_row(k) => {
                    let type_at = self.next_nonblank(k + 1).unwrap_or(k);
                    let msg = format!(
                        "`{}` looks like a row of table `{}` but `{}` is not a known type spelling",
                        self.text(k),
                        table.caption.text,
                        self.text(type_at)
                    );
                    self.page.unplace(k, msg.clone());
                    self.page.unplace(type_at, msg.clone());
                    self.i = type_at + 1;
                    unreadable = Some(msg);
                }
                RowStart::No if unreadable.is_some() => {
                    let why = unreadable.clone().unwrap_or_default();
                    self.page
                        .unplace(k, format!("a paragraph of an unreadable row: {why}"));
                    self.i = k + 1;
                }
                RowStart::No => {
                    let t = self.txt(k);
                    match table.rows.last_mut() {
                        Some(row) => {
                            row.description.push(t);
                            self.place(k);
                        }
                        None => self.page.unplace(
                            k,
                            "expected the first row of the table: a name, (Yes/No,) and a type",
                        ),
                    }
                    self.i = k + 1;
                }
            }
        }
        table
    }

    /// Whether line `k`, among a table's rows, is a caption whose table the page lost: a row elsewhere says
    /// `see <the line>` (EVS CinderListQuotas `See Parameters in the QuotaDetailSnapshotsESSD field.`) and the
    /// next line is another table's caption, right before its header (`Parameters in the
    /// QuotaDetailVolumesSATA field` / `Parameter` / `Type`). Read as more of the last row's description, it
    /// would silently merge the caption into a field's text.
    fn caption_without_table(&self, k: usize) -> bool {
        let t = self.text(k);
        if t.is_empty() || self.header_follows(k) {
            return false;
        }
        let next_is_caption = self
            .next_nonblank(k + 1)
            .is_some_and(|n| self.header_follows(n));
        let cited = |line: &str| {
            ["see ", "See "]
                .iter()
                .any(|see| line.contains(&format!("{see}{t}")))
        };
        next_is_caption
            && self
                .page
                .lines
                .iter()
                .enumerate()
                .any(|(i, l)| i != k && cited(&l.text))
    }

    /// Whether line `k`, inside a table's rows, starts what follows the table in older layouts: the next
    /// table's caption without `Table N` (a line before header cells), an example label, request line or
    /// JSON block.
    fn ends_table(&self, k: usize) -> bool {
        let t = self.text(k);
        // A `{` right after `"eips": [` is inside a description's inline example (ELB ListLoadBalancers), not a
        // JSON block after the table.
        let inline_json = (0..k)
            .rev()
            .find(|&i| !self.text(i).is_empty())
            .is_some_and(|i| self.text(i).ends_with(['[', ',']));
        if self.header_follows(k) {
            return true;
        }
        if example_request_line(t).is_some() || (t == "{" && !inline_json) {
            return !self.row_follows_example(k);
        }
        // `Example:` inside a description introduces an inline example; a label before a block, a request
        // line, `None`, a caption, a heading or a pointer ends the table.
        labels::is_example_label(t)
            && !self
                .next_nonblank(k + 1)
                .is_some_and(|n| self.row_follows_example(n))
            && self.next_nonblank(k + 1).is_none_or(|n| {
                let n = self.text(n);
                n.starts_with(['{', '['])
                    || example_request_line(n).is_some()
                    || labels::is_none(n)
                    || labels::caption(n).is_some()
                    || Heading::of(n).is_some()
                    || labels::is_pointer_sentence(n)
            })
    }

    /// Whether the example starting at line `k` (a request line or a JSON block) sits inside a row's
    /// description: a few more paragraphs at most, then the next row of the table (VPC: `Example:` /
    /// `{"disable_security_groups": true }` / a sentence / `binding:vnic_type` / `No` / `String`). An example
    /// after a table is followed by a label, a heading or another table, never by a row.
    fn row_follows_example(&self, k: usize) -> bool {
        let last = match self.code_block(k) {
            Some(b) => b.last,
            None if example_request_line(self.text(k)).is_some() => k,
            None => return false,
        };
        let mut j = last + 1;
        for _ in 0..MAX_PARAGRAPHS_AFTER_INLINE_EXAMPLE {
            let Some(n) = self.next_nonblank(j) else {
                return false;
            };
            let t = self.text(n);
            if Heading::of(t).is_some()
                || labels::caption(t).is_some()
                || labels::status_line(t).is_some()
                || labels::is_example_label(t)
                || example_request_line(t).is_some()
                || t.starts_with(['{', '['])
                || self.header_follows(n)
            {
                return false;
            }
            let row = is_param_name(t)
                && self.next_nonblank(n + 1).is_some_and(|m| {
                    let c = self.text(m);
                    labels::yes_no(c).is_some() || labels::parse_type(c).is_some()
                });
            if row {
                return true;
            }
            j = n + 1;
        }
        false
    }

    /// A row of a table without a Type column: a name and its Yes/No cell.
    fn untyped_row_at(&mut self, k: usize) -> RowStart {
        let name = self.text(k).to_owned();
        if !is_param_name(&name) {
            return RowStart::No;
        }
        let Some(a) = self.next_nonblank(k + 1) else {
            return RowStart::No;
        };
        let Some(mandatory) = labels::yes_no(self.text(a)) else {
            return RowStart::No;
        };
        self.place(k);
        self.place(a);
        let row = Row {
            name: self.txt(k),
            mandatory: Some(mandatory),
            ty: labels::TypeSpec::Unstated,
            type_text: self.txt(a),
            description: Vec::new(),
        };
        RowStart::Row(row, a + 1)
    }

    /// A row of a table with only Name and Description columns (RDS): an identifier followed by a paragraph
    /// that is not one (`workflowId` / `Indicates the workflow ID.`).
    fn name_only_row_at(&mut self, k: usize) -> RowStart {
        let identifier = |s: &str| {
            is_param_name(s)
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'))
        };
        if !identifier(self.text(k)) {
            return RowStart::No;
        }
        let Some(d) = self.next_nonblank(k + 1) else {
            return RowStart::No;
        };
        if identifier(self.text(d)) || Heading::of(self.text(d)).is_some() {
            return RowStart::No;
        }
        self.place(k);
        let row = Row {
            name: self.txt(k),
            mandatory: None,
            ty: labels::TypeSpec::Unstated,
            type_text: self.txt(k),
            description: Vec::new(),
        };
        RowStart::Row(row, k + 1)
    }

    /// A row of a table whose Type column comes before its Mandatory column: name, type, Yes/No.
    fn type_first_row_at(&mut self, k: usize) -> RowStart {
        let name = self.text(k).to_owned();
        if !is_param_name(&name) {
            return RowStart::No;
        }
        let Some(type_at) = self.next_nonblank(k + 1) else {
            return RowStart::No;
        };
        let Some(a) = self.next_nonblank(type_at + 1) else {
            return RowStart::No;
        };
        let Some(mandatory) = labels::yes_no(self.text(a)) else {
            return RowStart::No;
        };
        // ECS `lock` / `Null` / `Yes`: a member that carries nothing, as in name-first tables.
        let ty = labels::parse_type(self.text(type_at))
            .or_else(|| labels::empty_value_type(self.text(type_at)));
        let Some(ty) = ty else {
            return RowStart::No;
        };
        self.place(k);
        self.place(type_at);
        self.place(a);
        let row = Row {
            name: self.txt(k),
            mandatory: Some(mandatory),
            ty,
            type_text: self.txt(type_at),
            description: Vec::new(),
        };
        RowStart::Row(row, a + 1)
    }

    /// A row of a table whose Type column comes before its Mandatory column, or a row of such a table that
    /// gives its cells in the other order (EVS CreatingEvsDisks2 `count` / `No` / `Integer` under `Parameter`
    /// / `Type` / `Mandatory`; doc defect, noted) rather than more paragraphs of the row before it.
    fn type_first_or_swapped_row_at(&mut self, k: usize) -> RowStart {
        match self.type_first_row_at(k) {
            RowStart::No => match self.row_at(k, true) {
                RowStart::Row(row, next) => {
                    self.page.note(
                        k,
                        "row-cells-swapped",
                        format!(
                            "row `{}` gives its Mandatory cell before its Type cell, unlike the table's header (doc defect); read as the cells say",
                            row.name.text
                        ),
                    );
                    RowStart::Row(row, next)
                }
                _ => RowStart::No,
            },
            other => other,
        }
    }

    fn row_at(&mut self, k: usize, has_mandatory: bool) -> RowStart {
        self.row_cells_at(k, k, has_mandatory)
    }

    /// A row of a table with a `Sub-Parameter` column after the name (LTS): the name, `-` or `N/A` (a
    /// top-level row), then the cells [`Self::row_at`] reads. A row naming a sub-parameter there is a member
    /// of another row's object, a layout no corpus page uses: it is unreadable (unplaced), not merged.
    fn sub_named_row_at(&mut self, k: usize, has_mandatory: bool) -> RowStart {
        if !is_param_name(self.text(k)) {
            return RowStart::No;
        }
        let Some(sub) = self.next_nonblank(k + 1) else {
            return RowStart::No;
        };
        if !labels::is_no_sub_parameter(self.text(sub)) {
            return RowStart::BadType(self.text(k).to_owned(), sub);
        }
        match self.row_cells_at(k, sub, has_mandatory) {
            RowStart::Row(row, next) => {
                self.place(sub);
                RowStart::Row(row, next)
            }
            other => other,
        }
    }

    /// A table's first row named in words (ECS `Network address of the ECS` / `List(Dict)`), its other cells
    /// as [`Self::row_at`] reads them: the placeholder of the keys the service chooses
    /// ([`labels::worded_key_placeholder`]), its object a map. Only where the first row belongs: after a
    /// row, such a line is more of its description.
    fn worded_first_row_at(&mut self, k: usize, has_mandatory: bool) -> RowStart {
        let Some(placeholder) = labels::worded_key_placeholder(self.text(k)) else {
            return RowStart::No;
        };
        match self.row_cells_of(k, k, has_mandatory) {
            RowStart::Row(mut row, next) => {
                self.page.note(
                    k,
                    "worded-key-placeholder",
                    format!(
                        "row `{}` is named in words, not a field name: read as the placeholder `{placeholder}` of the keys the service chooses",
                        row.name.text
                    ),
                );
                row.name.text = placeholder;
                RowStart::Row(row, next)
            }
            // A name in words and a Yes/No cell, then no type: not a row either.
            _ => RowStart::No,
        }
    }

    /// A row named on line `k` whose other cells start after line `cells` (`k`, or a `Sub-Parameter` cell).
    fn row_cells_at(&mut self, k: usize, cells: usize, has_mandatory: bool) -> RowStart {
        if !is_param_name(self.text(k)) {
            return RowStart::No;
        }
        self.row_cells_of(k, cells, has_mandatory)
    }

    /// The cells of a row named on line `k` (any name), its other cells starting after line `cells`.
    fn row_cells_of(&mut self, k: usize, cells: usize, has_mandatory: bool) -> RowStart {
        let name = self.text(k).to_owned();
        let Some(a) = self.next_nonblank(cells + 1) else {
            return RowStart::No;
        };
        // `Yes (If the volume is created from a snapshot, this parameter is optional.)` (ECS): a Yes/No cell
        // with a condition, which becomes the first paragraph of the description (it comes first on the page).
        let remark = labels::yes_no_remark(self.text(a))
            .filter(|_| has_mandatory)
            .map(|(m, remark)| (m, remark.to_owned()));
        let (mandatory, mut type_at) =
            match labels::yes_no(self.text(a)).or(remark.as_ref().map(|r| r.0)) {
                Some(m) if has_mandatory => match self.next_nonblank(a + 1) {
                    Some(b) => (Some(m), b),
                    None => return RowStart::No,
                },
                _ => (None, a),
            };
        // `masters` / `No` / `MasterSpec objects` in a table with no Mandatory column (CCE ShowCluster, a
        // response table copied from a request one): a Yes/No cell the header does not have, then the type. It
        // used to be read as more paragraphs of the row before; it is this row, the stray cell noted (doc
        // defect) and not read as a requirement the table does not state.
        let stray_mandatory = (!has_mandatory && labels::yes_no(self.text(a)).is_some())
            .then(|| self.next_nonblank(a + 1))
            .flatten()
            .filter(|&b| labels::parse_type(self.text(b)).is_some());
        if let Some(b) = stray_mandatory {
            type_at = b;
        }
        // `Key type. Value range:` / `string` / `list` / `set`: values a description lists, not a row `string`
        // of type `list` (a lower-case type cell right after a paragraph that introduces values).
        let listed_value = mandatory.is_none()
            && self.text(type_at).chars().all(|c| c.is_ascii_lowercase())
            && (0..k)
                .rev()
                .find(|&i| !self.text(i).is_empty())
                .is_some_and(|i| self.text(i).ends_with(':'));
        // `Condition` / `number` / `Integer` (LTS UpdateKeywordsAlarmRule): the last paragraph of a row's
        // description, then the next row `number` of type `Integer`, not a row `Condition` of type `number`
        // whose description starts with a type spelling.
        let next_row_named_like_a_type = mandatory.is_none()
            && is_param_name(self.text(type_at))
            && self
                .next_nonblank(type_at + 1)
                .is_some_and(|d| labels::parse_type(self.text(d)).is_some());
        if listed_value || next_row_named_like_a_type {
            return RowStart::No;
        }
        let dash = self.dash_type_at(type_at);
        let ty = labels::parse_type(self.text(type_at))
            .or_else(|| mandatory.and_then(|_| labels::empty_value_type(self.text(type_at))))
            .or_else(|| mandatory.and_then(|_| self.misspelled_type_at(type_at)))
            .or(dash.clone());
        let Some(ty) = ty else {
            return if mandatory.is_some() {
                RowStart::BadType(name, type_at)
            } else {
                RowStart::No
            };
        };
        self.place(k);
        if mandatory.is_some() {
            self.place(a);
        }
        if stray_mandatory.is_some() {
            self.place(a);
            self.page.note(
                a,
                "mandatory-cell-without-column",
                format!(
                    "row `{name}` gives a Yes/No cell (`{}`) in a table with no Mandatory column (doc defect); read as a row, the cell not read as a requirement",
                    self.text(a)
                ),
            );
        }
        if dash.is_some() {
            self.page.note(
                type_at,
                "type-not-given",
                format!(
                    "row `{name}` gives `-` as its type: the page states none (doc defect); the field is any JSON value"
                ),
            );
        }
        self.place(type_at);
        let description = remark
            .map(|(_, text)| Text { at: a, text })
            .into_iter()
            .collect();
        let row = Row {
            name: self.txt(k),
            mandatory,
            ty,
            type_text: self.txt(type_at),
            description,
        };
        RowStart::Row(row, type_at + 1)
    }

    /// The type a misspelled type cell on line `at` stands for ([`labels::misspelled_type`]), noted as a doc
    /// defect with the page's line.
    fn misspelled_type_at(&mut self, at: usize) -> Option<labels::TypeSpec> {
        let (ty, spelling) = labels::misspelled_type(self.text(at))?;
        self.page.note(
            at,
            "type-misspelled",
            format!(
                "type `{}` read as `{spelling}` (doc defect: one typo away from that type spelling and from no other)",
                self.text(at)
            ),
        );
        Some(ty)
    }

    /// `-` in a type cell (CCE ObtainingClusterCertificatesDeprecated `preferences` / `-` / `This field is not
    /// used currently and is left unspecified by default.`): the page gives the field no type, so any JSON
    /// value. It used to be merged, with its name, into the description of the row before. Only when a
    /// paragraph in words follows (the row's description): `-` is also a description cell of its own (`users`
    /// / `users object` / `-`), and then a row or a caption follows.
    fn dash_type_at(&self, type_at: usize) -> Option<labels::TypeSpec> {
        if self.text(type_at) != "-" {
            return None;
        }
        let d = self.next_nonblank(type_at + 1)?;
        let text = self.text(d);
        (text.contains(char::is_whitespace)
            && labels::caption(text).is_none()
            && labels::status_line(text).is_none()
            && Heading::of(text).is_none()
            && labels::parse_type(text).is_none())
        .then_some(labels::TypeSpec::Any)
    }

    /// Whether line `k` starts a row whose type cell is no known spelling: a name cell, then a short cell
    /// that names a kind of value (`Tags record array`). Words that
    /// are also plain English in descriptions (`Value list`, `Status code`) do not count.
    fn unknown_type_row(&self, k: usize) -> bool {
        const TYPE_WORDS: &[&str] = &[
            "array",
            "arrays",
            "object",
            "objects",
            "structure",
            "file",
            "jsonarray",
            "json",
        ];
        if !is_param_name(self.text(k)) {
            return false;
        }
        let Some(t) = self.next_nonblank(k + 1).map(|j| self.text(j)) else {
            return false;
        };
        // `delete` / `Table 3 tag objects`: the last value of a description, then the next table's caption.
        if labels::caption(t).is_some() {
            return false;
        }
        let words: Vec<String> = t
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_ascii_lowercase)
            .collect();
        labels::parse_type(t).is_none()
            && labels::yes_no(t).is_none()
            // `STRING` / `NUMBER`: enumeration values in capitals, not a row.
            && t.chars().any(|c| c.is_ascii_lowercase())
            && !t.ends_with(['.', ':', ';', ','])
            && (1..=4).contains(&t.split_whitespace().count())
            && t.starts_with(|c: char| c.is_ascii_uppercase())
            && words.last().is_some_and(|w| TYPE_WORDS.contains(&w.as_str()))
    }

    /// A balanced JSON block starting at line `k`, verbatim.
    fn code_block(&self, k: usize) -> Option<CodeBlock> {
        let first = self.text(k);
        if !(first.starts_with('{') || first.starts_with('[')) {
            return None;
        }
        let mut depth = 0usize;
        let mut in_string = false;
        let mut escaped = false;
        for j in k..self.page.lines.len() {
            for c in self.page.lines[j].raw.chars() {
                if in_string {
                    match c {
                        _ if escaped => escaped = false,
                        '\\' => escaped = true,
                        '"' => in_string = false,
                        _ => {}
                    }
                    continue;
                }
                match c {
                    '"' => in_string = true,
                    '{' | '[' => depth += 1,
                    '}' | ']' => depth = depth.saturating_sub(1),
                    _ => {}
                }
            }
            if depth == 0 && !in_string {
                let text = self.page.lines[k..=j]
                    .iter()
                    .map(|l| l.raw.as_str())
                    .collect::<Vec<_>>()
                    .join("\n");
                let json = Node::from_json(&text).ok();
                return Some(CodeBlock {
                    first: k,
                    last: j,
                    text,
                    json,
                });
            }
        }
        None
    }

    fn place_block(&mut self, b: &CodeBlock) {
        for at in b.first..=b.last {
            if !self.text(at).is_empty() {
                self.place(at);
            }
        }
    }

    /// The example request section: request lines (with or without a method), their bodies, bodies without a
    /// request line, and the paragraphs describing them. Every line ends up in an example; text with no
    /// example to belong to is unplaced.
    fn example_requests(&mut self) {
        // Examples before this section (a URI section's `Example` line) are not this section's to extend.
        let first_here = self.page.request_examples.len();
        self.example_requests_after(first_here);
    }

    /// Whether the example-response heading `h` at line `j` heads the response of a recipe's step rather than
    /// the operation's (ELB AddingABackendServer: `Example Request` / `Step 1: Query the subnet …` / `GET
    /// https://{VPCEndpoint}/v2.0/ports?…` / `Example response` / `{…}` / `Step 2: …` / `POST …` / `{…}` /
    /// `Example Response` / `Example response` / `{…}`): it comes right after the example requests, with no
    /// example response read yet, a body right after it and no status line in it, and another example-response
    /// section follows it directly. The operation's own example responses are the last such section.
    fn is_recipe_step_response(&self, h: Heading, j: usize) -> bool {
        if h != Heading::ExampleResponses
            || self.last_section != Some(Heading::ExampleRequests)
            || self.page.request_examples.is_empty()
            || !self.page.response_examples.is_empty()
        {
            return false;
        }
        let Some(first) = self.next_nonblank(j + 1) else {
            return false;
        };
        let Some(block) = self.code_block(first) else {
            return false;
        };
        // The section's other lines (bounded by the page): none states a status; the heading after them heads
        // example responses again.
        let mut k = block.last + 1;
        while let Some(n) = self.next_nonblank(k) {
            let t = self.text(n);
            if Heading::of(t).is_some() && !self.names_a_row(n) {
                return Heading::of(t) == Some(Heading::ExampleResponses);
            }
            if labels::status_line(t).is_some() {
                return false;
            }
            k = n + 1;
        }
        false
    }

    /// A recipe step's example-response section (see [`Self::is_recipe_step_response`]): its heading and the
    /// body right after it end the text of the last example request, verbatim (noted); the rest of the
    /// section goes on with the example requests (the next steps, their bodies, a closing sentence).
    fn recipe_step_response(&mut self, heading: usize) {
        if let Some(n) = self.next_in_section()
            && let Some(b) = self.code_block(n)
        {
            self.place_block(&b);
            self.i = b.last + 1;
            let e_at = self.page.request_examples.last().map_or(heading, |e| e.at);
            let text = self.verbatim(e_at, b.last);
            if let Some(e) = self.page.request_examples.last_mut() {
                e.text = text;
            }
            self.page.note(
                heading,
                "recipe-step-response",
                "an example response between the example requests, with the operation's example responses after it: the response of the step before it, kept verbatim at the end of that example's text",
            );
        }
        // The last example may take what follows (its body, the recipe's closing sentence).
        let first_here = self.page.request_examples.len().saturating_sub(1);
        self.example_requests_after(first_here);
    }

    /// The lines of an example request section from the current line on; `first_here` is the first example
    /// request the section may extend (with a body or trailing text).
    fn example_requests_after(&mut self, first_here: usize) {
        let mut pending: Vec<Text> = std::mem::take(&mut self.example_lead);
        let mut first_line = pending.is_empty();
        while let Some(j) = self.next_in_section() {
            self.i = j + 1;
            let t = self.text(j).to_owned();
            let opens_section = std::mem::replace(&mut first_line, false);
            // `None` first in the section: the page gives no example request.
            if labels::is_none(&t)
                && pending.is_empty()
                && (opens_section || self.page.request_examples.is_empty())
            {
                self.place(j);
                continue;
            }
            if labels::is_response_label(&t) {
                self.response_after_example_requests(j, pending, first_here);
                return;
            }
            if let Some(b) = self.code_block(j) {
                self.place_block(&b);
                self.i = b.last + 1;
                self.body_without_request_line(b, &mut pending, first_here);
                continue;
            }
            let line = example_request_line(&t).or_else(|| self.method_unstated(j, &t));
            let Some((method, url)) = line else {
                pending.push(self.txt(j));
                self.place(j);
                continue;
            };
            self.place(j);
            let mut last = j;
            let body = self.json_after(j);
            if let Some(b) = &body {
                self.place_block(b);
                last = b.last;
                self.i = b.last + 1;
            }
            let text = self.verbatim(j, last);
            self.page.request_examples.push(RequestExample {
                description: std::mem::take(&mut pending),
                at: j,
                text,
                method,
                url,
                body,
            });
        }
        self.trailing_example_text(pending, first_here);
    }

    /// `Normal Response` at line `j` inside the example request section (RDS v1: `Request example` / `{…}` /
    /// `Normal Response` / `Parameter description` / `Table 3 …`, no heading between): the examples end there
    /// and the response part starts, as in a Request section ([`Self::tables`]). Were it read as text after
    /// the last example, the response tables would vanish into that example's text. A response label with an
    /// example block right after it starts the example responses instead.
    fn response_after_example_requests(&mut self, j: usize, pending: Vec<Text>, first_here: usize) {
        self.trailing_example_text(pending, first_here);
        self.i = j;
        let example_follows = self
            .next_nonblank(j + 1)
            .is_some_and(|n| self.code_block(n).is_some());
        if example_follows {
            self.example_responses();
        } else {
            self.tables(Current::Request);
        }
    }

    /// Lines `first..=last`, verbatim, joined with `\n`.
    fn verbatim(&self, first: usize, last: usize) -> String {
        self.page.lines[first..=last]
            .iter()
            .map(|l| l.raw.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// A URL or absolute path alone on line `j` (`https://{endpoint}/v2/…`, `/v2/{project_id}/…`): a request
    /// line that leaves out its method, which is then the URI line's (noted). `None` without a URI line.
    fn method_unstated(&mut self, j: usize, line: &str) -> Option<(String, String)> {
        let url = url_alone(line)?;
        let method = self.page.request_line.as_ref()?.method.clone();
        self.page.note(
            j,
            "request-method-unstated",
            format!("the example request line gives no method; it is the URI's, {method}"),
        );
        Some((method, url.to_owned()))
    }

    /// A JSON body in the example request section with no request line of its own: the body of the example
    /// just before it when that one has none (`POST …` / `Example:` / `{…}`: the paragraphs between stay in
    /// its text, verbatim), else a request to the page's own URI line, `pending` its description (noted).
    fn body_without_request_line(
        &mut self,
        b: CodeBlock,
        pending: &mut Vec<Text>,
        first_here: usize,
    ) {
        let n = self.page.request_examples.len();
        if n > first_here && self.page.request_examples[n - 1].body.is_none() {
            let e_at = self.page.request_examples[n - 1].at;
            let text = self.verbatim(e_at, b.last);
            let e = &mut self.page.request_examples[n - 1];
            e.text = text;
            e.body = Some(b);
            pending.clear();
            return;
        }
        self.own_request_example(b, std::mem::take(pending));
    }

    /// A request body example the page gives without a request line (`Example request` and a JSON body): an
    /// example of a request to the page's own URI line, which gives its method and path (noted). Without a
    /// URI line it cannot be placed.
    fn own_request_example(&mut self, b: CodeBlock, description: Vec<Text>) {
        let Some(r) = self.page.request_line.clone() else {
            for at in (b.first..=b.last).chain(description.iter().map(|d| d.at)) {
                self.page.unplace(
                    at,
                    "an example request body with no request line, and the page has no URI line to take one from",
                );
            }
            return;
        };
        self.page.note(
            b.first,
            "request-line-unstated",
            format!(
                "the example request gives a body and no request line; it is a request to the URI line, {} {}",
                r.method, r.path
            ),
        );
        self.page.request_examples.push(RequestExample {
            description,
            at: b.first,
            text: b.text.clone(),
            method: r.method,
            url: r.path,
            body: Some(b),
        });
    }

    /// Paragraphs after the last example request of the section, with no request or body after them (a
    /// recipe's last step: `3. Run the following command … to delete the file.` / `rm file.json`): the end of
    /// that example's text, verbatim (noted). With no example of the section to end, they are unplaced.
    fn trailing_example_text(&mut self, pending: Vec<Text>, first_here: usize) {
        let (Some(first), Some(last)) = (pending.first(), pending.last()) else {
            return;
        };
        if self.page.request_examples.len() <= first_here {
            for p in pending {
                self.page.unplace(
                    p.at,
                    "text after the last example request, with no request line after it",
                );
            }
            return;
        }
        let (first, last) = (first.at, last.at);
        let e_at = self.page.request_examples.last().map_or(first, |e| e.at);
        let text = self.verbatim(e_at, last);
        if let Some(e) = self.page.request_examples.last_mut() {
            e.text = text;
        }
        self.page.note(
            first,
            "example-trailing-text",
            "text after the last example request, with no request line or body after it; kept verbatim at the end of that example",
        );
    }

    fn example_responses(&mut self) {
        // The lead paragraphs of a table section before this heading: paragraphs before the first status
        // line or block, as if they opened this section.
        let lead = std::mem::take(&mut self.example_lead);
        let mut current: Option<ResponseExample> = lead.first().map(|t| ResponseExample {
            at: t.at,
            status: labels::UNSTATED_STATUS,
            stated: false,
            paragraphs: lead.clone(),
            blocks: Vec::new(),
        });
        while let Some(j) = self.next_in_section() {
            self.i = j + 1;
            let t = self.text(j).to_owned();
            if let Some(status) = labels::status_line(&t) {
                self.place(j);
                // Paragraphs before the first status line caption that status's example.
                let carried = match current.take() {
                    Some(done) if !done.stated && done.blocks.is_empty() => done.paragraphs,
                    Some(done) => {
                        self.page.response_examples.push(done);
                        Vec::new()
                    }
                    None => Vec::new(),
                };
                current = Some(ResponseExample {
                    at: j,
                    status,
                    stated: true,
                    paragraphs: carried,
                    blocks: Vec::new(),
                });
                continue;
            }
            if labels::is_none(&t) && current.is_none() {
                self.place(j);
                continue;
            }
            // Older layouts give example responses no status line: the example is of the unstated status
            // the response table has (decided when the page is read).
            let ex = current.get_or_insert_with(|| ResponseExample {
                at: j,
                status: labels::UNSTATED_STATUS,
                stated: false,
                paragraphs: Vec::new(),
                blocks: Vec::new(),
            });
            if let Some(b) = self.code_block(j) {
                self.i = b.last + 1;
                ex.blocks.push(b.clone());
                self.place_block(&b);
            } else {
                ex.paragraphs.push(Text { at: j, text: t });
                self.place(j);
            }
        }
        if let Some(done) = current {
            self.page.response_examples.push(done);
        }
    }

    fn status_codes(&mut self) {
        // Before the rows: the header cells, read directly (`状态码` / `Status Code` is also the heading's own
        // word); in older layouts also a caption (`Table 4 Status code`), a sentence about the table (`Table 4
        // describes …`) and pointers to the general status-code page (`See Status Codes.`).
        while let Some(j) = self.next_nonblank(self.i) {
            let t = self.text(j);
            if labels::is_status_code_header(t) {
                self.place(j);
                self.i = j + 1;
                if let Some(k) = self.next_nonblank(self.i)
                    && labels::is_description_header(self.text(k))
                {
                    self.place(k);
                    self.i = k + 1;
                }
                break;
            }
            if Heading::of(t).is_some() || labels::status_code(t).is_some() {
                break;
            }
            if labels::caption_title(t).is_some() {
                let caption = self
                    .next_nonblank(j + 1)
                    .is_some_and(|k| labels::is_status_code_header(self.text(k)));
                self.mark(
                    j,
                    if caption {
                        Mark::Placed
                    } else {
                        Mark::Kept(Kept::TableReference)
                    },
                );
            } else if t.starts_with("See ") || t.starts_with("For details") {
                self.mark(j, Mark::Kept(Kept::Pointer));
            } else {
                break;
            }
            self.i = j + 1;
        }
        // Older layouts: `Normal` / `200` / `Abnormal` / `For details, see Status Codes.`, or a table
        // `Returned Value` / `Description` / `400 Bad Request` / `Request error.` under `Abnormal`.
        let mut group_label = false;
        while let Some(j) = self.next_in_section() {
            self.i = j + 1;
            let t = self.txt(j);
            let after_label = std::mem::take(&mut group_label);
            if let Some(status) = labels::status_code(&t.text) {
                self.place(j);
                self.page.status_codes.push(StatusRow {
                    at: j,
                    status,
                    description: Vec::new(),
                });
            } else if let Some(status) = labels::status_with_phrase(&t.text) {
                // The reason phrase is the standard one for the code; the description is the next cell.
                self.place(j);
                self.page.status_codes.push(StatusRow {
                    at: j,
                    status,
                    description: Vec::new(),
                });
            } else if labels::is_status_group_label(&t.text) {
                self.place(j);
                group_label = true;
            } else if (after_label || self.page.status_codes.is_empty())
                && labels::is_pointer_sentence(&t.text)
            {
                self.mark(j, Mark::Kept(Kept::Pointer));
            } else if labels::is_returned_value_header(&t.text) {
                self.place(j);
                if let Some(k) = self.next_nonblank(self.i)
                    && labels::is_description_header(self.text(k))
                {
                    self.place(k);
                    self.i = k + 1;
                }
            } else if self.page.status_codes.is_empty()
                && let Some(status) = labels::status_in_sentence(&t.text)
            {
                // The section's only status, stated in a sentence: described by its reason phrase, as the
                // sentence says no more of it.
                self.place(j);
                self.page.status_codes.push(StatusRow {
                    at: j,
                    status,
                    description: Vec::new(),
                });
            } else if let Some(row) = self.page.status_codes.last_mut() {
                row.description.push(t);
                self.place(j);
            } else {
                self.page.unplace(j, "expected a status code row");
            }
        }
    }

    /// `Returned Values` (older layouts): the statuses in prose, `Normal` / `200` / `Abnormal` / a table
    /// `Returned Value` / `Description` with rows `400 Bad Request` / `Request error.`; or a pointer to the
    /// general page (`See Returned Values for General Requests.`). A status without a description of its own
    /// is described by its reason phrase, else by its group's label (`Normal`).
    fn returned_values(&mut self) {
        let mut label: Option<Text> = None;
        // Per row added here: the reason phrase of its line, and the label it is under.
        let mut fallbacks: Vec<(usize, Option<Text>)> = Vec::new();
        while let Some(j) = self.next_nonblank(self.i) {
            let t = self.text(j).to_owned();
            let heading = Heading::of(&t);
            // `Returned Value` is also the first header cell of the table.
            if heading.is_some_and(|h| h != Heading::ReturnedValue) {
                break;
            }
            self.i = j + 1;
            if heading.is_some() || labels::is_description_header(&t) {
                self.place(j);
            } else if t.starts_with("See ") {
                self.mark(j, Mark::Kept(Kept::Pointer));
            } else if matches!(t.as_str(), "Normal" | "Abnormal") {
                self.place(j);
                label = Some(self.txt(j));
            } else if let Some((status, reason)) = status_with_reason(&t) {
                self.place(j);
                let fallback = match reason {
                    Some(r) => Some(Text {
                        at: j,
                        text: r.to_owned(),
                    }),
                    None => label.clone(),
                };
                fallbacks.push((self.page.status_codes.len(), fallback));
                self.page.status_codes.push(StatusRow {
                    at: j,
                    status,
                    description: Vec::new(),
                });
            } else if !self.page.status_codes.is_empty() {
                let text = self.txt(j);
                if let Some(row) = self.page.status_codes.last_mut() {
                    row.description.push(text);
                }
                self.place(j);
            } else {
                self.page
                    .unplace(j, "expected a status code (`200`, `400 Bad Request`)");
            }
        }
        for (r, fallback) in fallbacks {
            if let Some(row) = self.page.status_codes.get_mut(r)
                && row.description.is_empty()
            {
                row.description.extend(fallback);
            }
        }
    }

    fn sdk_samples(&mut self) {
        while let Some(j) = self.next_in_section() {
            let n = self.gutter_len(j);
            if n > 0 && j + 2 * n <= self.page.lines.len() {
                for at in j..j + n {
                    self.mark(at, Mark::Kept(Kept::SdkGutter));
                }
                let (first, last) = (j + n, j + 2 * n - 1);
                for at in first..=last {
                    self.mark(at, Mark::Kept(Kept::SdkCode));
                }
                let code: Vec<&str> = self.page.lines[first..=last]
                    .iter()
                    .map(|l| l.raw.as_str())
                    .collect();
                let sample = SdkSample {
                    first,
                    last,
                    language: sdk_language(&code),
                    request_classes: request_classes(&code),
                };
                self.page.sdk_samples.push(sample);
                self.i = last + 1;
            } else {
                self.mark(j, Mark::Kept(Kept::SdkText));
                self.i = j + 1;
            }
        }
    }

    /// The length of a line-number gutter (` 1`, ` 2`, … on consecutive lines) starting at `j`, or 0.
    fn gutter_len(&self, j: usize) -> usize {
        let mut n = 0;
        while let Some(l) = self.page.lines.get(j + n) {
            if l.text == (n + 1).to_string() {
                n += 1;
            } else {
                break;
            }
        }
        n
    }

    fn error_code_header(&self) -> bool {
        self.error_code_header_at(self.i).is_some()
    }

    /// The header of an error-code table starting at the first non-blank line from `from`: at least three
    /// columns, among them the status and the code. `Some(end)`, the line after the header, when the line
    /// there is not one more header cell (a label repeating a header cell, Cloud Eye's `Error Code
    /// Description` above `Module`, is not the header's start).
    fn error_code_header_at(&self, from: usize) -> Option<usize> {
        let mut at = from;
        let mut seen = Vec::new();
        while let Some(j) = self.next_nonblank(at) {
            match labels::error_column(self.text(j)) {
                Some(c) if !seen.contains(&c) => seen.push(c),
                Some(_) => return None,
                None => break,
            }
            at = j + 1;
        }
        (seen.len() >= 3
            && seen.contains(&ErrorColumn::Status)
            && seen.contains(&ErrorColumn::Code))
        .then_some(at)
    }

    /// A page titled `Error Codes` whose table does not start right away (ECS, CCE, VPC, RDS: paragraphs on
    /// what an error response looks like, an example error body, a glossary, a caption, then the table):
    /// that text is kept in the report and the table is read from its header. Looks at most
    /// [`MAX_ERROR_CODE_LEAD_LINES`] lines ahead.
    fn error_code_lead(&mut self) -> bool {
        let titled = self
            .page
            .title
            .as_ref()
            .is_some_and(|t| Heading::of(&t.text) == Some(Heading::ErrorCodes));
        if !titled {
            return false;
        }
        let end = self
            .page
            .lines
            .len()
            .min(self.i + MAX_ERROR_CODE_LEAD_LINES);
        let Some(header) = (self.i..end)
            .filter(|&j| !self.text(j).is_empty())
            .find(|&j| self.error_code_header_at(j).is_some())
        else {
            return false;
        };
        for j in self.i..header {
            if !self.text(j).is_empty() {
                self.mark(j, Mark::Kept(Kept::ErrorCodeLead));
            }
        }
        self.i = header;
        true
    }

    fn error_code_table(&mut self) {
        let mut columns = Vec::new();
        while let Some(j) = self.next_nonblank(self.i) {
            match labels::error_column(self.text(j)) {
                Some(c) if !columns.contains(&c) => {
                    columns.push(c);
                    self.place(j);
                    self.i = j + 1;
                }
                _ => break,
            }
        }
        let column_of = |c: ErrorColumn| columns.iter().position(|x| *x == c);
        let (Some(status_at), Some(code_at)) =
            (column_of(ErrorColumn::Status), column_of(ErrorColumn::Code))
        else {
            return;
        };
        // A row is found by its status and code cells, next to each other in the header's order (`400` /
        // `DCS.5050`, or RDS's `DBS.108000` / `500`); cells before them (`Module`) are given once, on the
        // first row they span, and stand for the rows after it until the next such cell.
        let status_first = status_at < code_at;
        let lead = status_at.min(code_at);
        let row_len = columns.len() - lead;
        let lines: Vec<usize> = (self.i..self.page.lines.len())
            .filter(|&j| !self.text(j).is_empty())
            .collect();
        let lines = self.continued_error_tables(lines, &columns);
        self.i = self.page.lines.len();
        let anchor = |p: &Parser, k: usize| {
            let (Some(&a), Some(&b)) = (lines.get(k), lines.get(k + 1)) else {
                return false;
            };
            let (status, code) = if status_first { (a, b) } else { (b, a) };
            status_at.abs_diff(code_at) == 1
                && statuses(p.text(status)).is_some()
                && (is_error_code(p.text(code)) || spaced_error_code(p.text(code)))
        };
        let anchors: Vec<usize> = (0..lines.len()).filter(|&k| anchor(self, k)).collect();
        let mut rows = Vec::new();
        // The spanned cells the next row takes, and whether a row has taken them yet.
        let mut spanned: Vec<usize> =
            lines[..anchors.first().copied().unwrap_or(lines.len())].to_vec();
        let mut fresh = true;
        if spanned.len() != lead {
            let why = if anchors.is_empty() {
                "a line after the error-code table's header that starts no row (a status and an error code)"
            } else {
                "a line between the error-code table's header and its first row"
            };
            for &at in &spanned {
                self.page.unplace(at, why);
            }
        }
        for (n, &a) in anchors.iter().enumerate() {
            let last = n + 1 == anchors.len();
            let chunk = &lines[a..anchors.get(n + 1).copied().unwrap_or(lines.len())];
            // The row's own cells, then (before another row) the spanned cells of the next one; after the
            // last row, text that ends the page (RDS: a table of another layout), unplaced.
            let (own, rest) = chunk.split_at(row_len.min(chunk.len()));
            // Before another row, lines past the row's cells are the spanned cells of the next row and, before
            // them, further paragraphs of the row's last cell (a browser copy puts each paragraph of a cell on
            // its own line: ECS `NOTE:` + its text, IMS a list of rules).
            let spans_at = rest.len().saturating_sub(lead);
            let next_spans = !last
                && lead > 0
                && rest.len() >= lead
                && rest[spans_at..]
                    .iter()
                    .all(|&at| is_module_cell(self.text(at)));
            let (more, tail) = if last {
                (&[][..], rest)
            } else {
                rest.split_at(if next_spans { spans_at } else { rest.len() })
            };
            let fits = spanned.len() == lead
                && own.len() == row_len
                && self.are_cell_paragraphs(more)
                && (tail.is_empty() || next_spans || last);
            if fits {
                let cells: Vec<usize> = spanned.iter().chain(own).copied().collect();
                let text_of = |i: usize| {
                    let mut text = self.text(cells[i]).to_owned();
                    if i + 1 == cells.len() {
                        for &at in more {
                            text.push('\n');
                            text.push_str(self.text(at));
                        }
                    }
                    text
                };
                let cell = |c: ErrorColumn| column_of(c).map(text_of);
                // `404/500`: one row for several statuses is one entry per status, in the cell's order.
                let status_cells = cell(ErrorColumn::Status)
                    .and_then(|s| statuses(&s))
                    .unwrap_or_default();
                let code = cell(ErrorColumn::Code).unwrap_or_default();
                let message = cell(ErrorColumn::Message).unwrap_or_default();
                let description = cell(ErrorColumn::Description).unwrap_or_default();
                let solution = cell(ErrorColumn::Solution).unwrap_or_default();
                let module = cell(ErrorColumn::Module);
                if spaced_error_code(&code) {
                    self.page.note(
                        cells[code_at],
                        "error-code-blank",
                        format!(
                            "the error code `{code}` has a blank inside (doc defect); kept verbatim, the service's code likely being `{}`",
                            code.replace(' ', "")
                        ),
                    );
                }
                for status in status_cells {
                    rows.push(ErrorRow {
                        status,
                        code: code.clone(),
                        message: message.clone(),
                        description: description.clone(),
                        solution: solution.clone(),
                        module: module.clone(),
                        error_type: None,
                    });
                }
                for &at in cells.iter().chain(more) {
                    self.place(at);
                }
                fresh = false;
                if last {
                    for &at in tail {
                        self.page.unplace(
                            at,
                            "a line after the last error-code row that starts no row (a status and an error code)",
                        );
                    }
                }
            } else {
                let msg = format!(
                    "an error-code row with {} cells where the header has {}",
                    lead + chunk.len(),
                    columns.len()
                );
                let news = if fresh { &spanned[..] } else { &[][..] };
                for &at in news.iter().chain(chunk) {
                    self.page.unplace(at, msg.clone());
                }
            }
            if next_spans {
                spanned = tail.to_vec();
                fresh = true;
            }
        }
        // The rows of tables that name errors by type (`continued_error_tables`) come after the codes.
        rows.extend(self.page.error_codes.take().unwrap_or_default());
        self.page.error_codes = Some(rows);
    }

    /// The error-code table's lines without the captions and header cells of the tables that continue it
    /// (RDS `Table 2 V1 error codes` after `Table 1 V3 error codes`, under the same header): the caption is
    /// kept in the report as a label, the header cells placed, and the row before ends at the caption
    /// instead of taking them as more paragraphs. A table under another header (RDS `Error Type` /
    /// `Response Code` / `Description`) is not one of them: its lines are unplaced, with its caption named.
    fn continued_error_tables(&mut self, lines: Vec<usize>, columns: &[ErrorColumn]) -> Vec<usize> {
        let mut kept = Vec::with_capacity(lines.len());
        let mut k = 0;
        while k < lines.len() {
            let at = lines[k];
            if labels::caption_title(self.text(at)).is_some() {
                let header: Vec<usize> = lines[k + 1..]
                    .iter()
                    .copied()
                    .take_while(|&h| labels::error_column(self.text(h)).is_some())
                    .collect();
                let same = header.len() == columns.len()
                    && header
                        .iter()
                        .zip(columns)
                        .all(|(&h, c)| labels::error_column(self.text(h)) == Some(*c));
                if same {
                    self.mark(at, Mark::Kept(Kept::Label));
                    for &h in &header {
                        self.place(h);
                    }
                    k += 1 + header.len();
                    continue;
                }
                if let Some(types) =
                    self.error_type_table(at, &header, &lines[k + 1 + header.len()..])
                {
                    self.page.error_codes = Some(types);
                    return kept;
                }
                let why = format!(
                    "a table of another layout after the error-code table (`{}`): its header is not the error-code table's, so its rows are not read",
                    self.text(at)
                );
                for &rest in &lines[k..] {
                    self.page.unplace(rest, why.clone());
                }
                return kept;
            }
            kept.push(at);
            k += 1;
        }
        kept
    }

    /// The rows of a table after the error-code table that names its errors by type, not code (RDS `Table 3
    /// Trove error codes`: `Error Type` / `Response Code` / `Description`, rows `badRequest` / `400` / `The
    /// server could not comply …`): each row is an `x-error-codes` entry with `error_type` for `error_code`.
    /// The header gives the type, then the status, then the other cells; a row starts with an identifier and
    /// a status, and further paragraphs join its last cell. Placed only when every line after the header is such a
    /// row (`None` otherwise: the caller reports the table), the caption kept as a label. The table ends the
    /// page: the lines after its header are all its rows'.
    fn error_type_table(
        &mut self,
        caption: usize,
        header: &[usize],
        lines: &[usize],
    ) -> Option<Vec<ErrorRow>> {
        let columns: Vec<ErrorColumn> = header
            .iter()
            .filter_map(|&h| labels::error_column(self.text(h)))
            .collect();
        let column_of = |c: ErrorColumn| columns.iter().position(|x| *x == c);
        let (Some(0), Some(1), None) = (
            column_of(ErrorColumn::Type),
            column_of(ErrorColumn::Status),
            column_of(ErrorColumn::Code),
        ) else {
            return None;
        };
        let starts_row = |p: &Parser, k: usize| {
            lines
                .get(k + 1)
                .is_some_and(|&s| statuses(p.text(s)).is_some())
                && is_plain_param_name(p.text(lines[k]))
        };
        let anchors: Vec<usize> = (0..lines.len())
            .filter(|&k| k + columns.len() <= lines.len() && starts_row(self, k))
            .collect();
        if anchors.first() != Some(&0) {
            return None;
        }
        // Rows must not overlap: a row's own cells end before the next row starts.
        if anchors.windows(2).any(|w| w[1] - w[0] < columns.len()) {
            return None;
        }
        let mut rows = Vec::new();
        for (n, &a) in anchors.iter().enumerate() {
            let chunk = &lines[a..anchors.get(n + 1).copied().unwrap_or(lines.len())];
            let (own, more) = chunk.split_at(columns.len());
            if !self.are_cell_paragraphs(more) {
                return None;
            }
            let text_of = |i: usize| {
                let mut text = self.text(own[i]).to_owned();
                if i + 1 == own.len() {
                    for &at in more {
                        text.push('\n');
                        text.push_str(self.text(at));
                    }
                }
                text
            };
            let cell = |c: ErrorColumn| column_of(c).map(text_of).unwrap_or_default();
            for status in statuses(&cell(ErrorColumn::Status)).unwrap_or_default() {
                rows.push(ErrorRow {
                    status,
                    code: String::new(),
                    message: cell(ErrorColumn::Message),
                    description: cell(ErrorColumn::Description),
                    solution: cell(ErrorColumn::Solution),
                    module: None,
                    error_type: Some(cell(ErrorColumn::Type)),
                });
            }
        }
        self.mark(caption, Mark::Kept(Kept::Label));
        for &at in header.iter().chain(lines) {
            self.place(at);
        }
        Some(rows)
    }

    /// Whether lines between an error-code row's cells and the next row can be further paragraphs of the
    /// row's last cell: none is a caption or a header cell (a table of another layout starts: RDS) or
    /// looks like the start of a row the anchor test missed (`404/500` / `VPC.0105`, `400` / `DCS. 4855`),
    /// so no row is silently merged into the one before it.
    fn are_cell_paragraphs(&self, lines: &[usize]) -> bool {
        lines.iter().enumerate().all(|(k, &at)| {
            let text = self.text(at);
            let next = lines.get(k + 1).map(|&n| self.text(n));
            labels::caption_title(text).is_none()
                && labels::error_column(text).is_none()
                && !is_loose_row_start(text, next)
        })
    }
}

/// Prose: words with blanks between them, ending as a sentence ends (`.`), not a label or a value.
fn is_sentence(s: &str) -> bool {
    s.ends_with('.') && s.split_whitespace().count() >= 4 && s.starts_with(char::is_alphabetic)
}

/// The statuses of an error-code row's status cell: one (`400`) or several joined by `/` (VPC `404/500`).
fn statuses(cell: &str) -> Option<Vec<u16>> {
    cell.split('/')
        .map(|s| labels::status_code(s.trim()))
        .collect()
}

/// An error code written with one blank after its prefix's dot (DCS `DCS. 4855`, a doc defect): an error
/// code once the blank is taken out.
fn spaced_error_code(cell: &str) -> bool {
    cell.matches(' ').count() == 1 && cell.contains(". ") && is_error_code(&cell.replace(". ", "."))
}

/// A line that may start an error-code row the anchor test missed: a status or several (`404/500`), or an
/// error code, blanks aside (`DCS. 4855`), before a status (RDS gives the code first).
fn is_loose_row_start(line: &str, next: Option<&str>) -> bool {
    let statuses = |s: &str| {
        s.split('/')
            .all(|s| labels::status_code(s.trim()).is_some())
    };
    let code_like = |s: &str| {
        let packed: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        is_error_code(&packed)
    };
    statuses(line) || (code_like(line) && next.is_some_and(statuses))
}

enum RowStart {
    /// A row; the index after its type cell.
    Row(Row, usize),
    /// Name and Mandatory cells followed by something that is not a type.
    BadType(String, usize),
    /// Not a row start.
    No,
}

/// A name cell: no blanks, no sentence punctuation at the end; or a placeholder for keys the caller
/// chooses (`{User defined key}`, see [`labels::is_key_placeholder`]) or for a body's array elements
/// (`[Array element]`, see [`labels::is_element_placeholder`]).
fn is_param_name(s: &str) -> bool {
    labels::is_key_placeholder(s) || labels::is_element_placeholder(s) || is_plain_param_name(s)
}

/// A name cell with no blanks and no sentence punctuation at the end.
fn is_plain_param_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 128
        && !s.contains(char::is_whitespace)
        && !s.ends_with(['.', ',', ':', ';'])
        && s.chars().all(|c| c.is_ascii_graphic())
        && labels::yes_no(s).is_none()
}

/// `200`, or `400 Bad Request`: a status and its reason phrase.
fn status_with_reason(s: &str) -> Option<(u16, Option<&str>)> {
    let (code, reason) = match s.split_once(' ') {
        Some((code, reason)) => (code, Some(reason.trim())),
        None => (s, None),
    };
    let status = labels::status_code(code)?;
    let phrase = |r: &str| {
        r.starts_with(|c: char| c.is_ascii_uppercase())
            && r.chars()
                .all(|c| c.is_ascii_alphabetic() || c == ' ' || c == '-')
    };
    match reason {
        Some(r) if !phrase(r) => None,
        _ => Some((status, reason)),
    }
}

/// `ListTopics`: a PascalCase identifier, as API names and operation ids are written.
pub(crate) fn is_operation_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_uppercase())
        && s.len() <= 128
        && s.chars().all(|c| c.is_ascii_alphanumeric())
}

/// `DMS.00400002`.
fn is_error_code(s: &str) -> bool {
    // Numeric codes (DCS `111400002`, IAM `1100`): longer than a status, so `400` / `404` is never one.
    if s.len() >= MIN_NUMERIC_ERROR_CODE_LEN && s.chars().all(|c| c.is_ascii_digit()) {
        return true;
    }
    match s.split_once('.') {
        Some((prefix, rest)) => {
            !prefix.is_empty()
                && prefix.chars().all(|c| c.is_ascii_alphanumeric())
                && !rest.is_empty()
                && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
        }
        None => false,
    }
}

const METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

/// `GET /v2/{project_id}/…` (the URI section), or with the scheme and host older layouts write
/// (`GET https://{Endpoint}/v3/…`): the path is what follows the host, without the query string or a URI
/// template's `{?name}` expansion (the query parameters are documented in the tables).
fn uri_line(s: &str) -> Option<(String, String)> {
    let (method, path) = s.split_once(' ')?;
    let mut path = path.trim();
    if let Some(rest) = path
        .strip_prefix("https://")
        .or_else(|| path.strip_prefix("http://"))
    {
        path = &rest[rest.find('/')?..];
    }
    // A query string, or a URI template's query expansion (`…/{port_id}{?reserve_port}`, RFC 6570).
    let path = path
        .find('?')
        .map_or(path, |i| path[..i].strip_suffix('{').unwrap_or(&path[..i]));
    (METHODS.contains(&method) && path.starts_with('/') && !path.contains(' '))
        .then(|| (method.to_owned(), path.to_owned()))
}

/// `POST https://{endpoint}/…`, possibly wrapped in single quotes (the ListBackgroundTasks pages), or a
/// `curl` command line (older layouts).
fn example_request_line(s: &str) -> Option<(String, String)> {
    if let Some(found) = curl_request_line(s) {
        return Some(found);
    }
    let inner = s
        .strip_prefix('\'')
        .and_then(|r| r.strip_suffix('\''))
        .unwrap_or(s);
    let (method, url) = inner.split_once(' ')?;
    let mut url = url.trim();
    // A bare path followed by curl options (CCE `POST /v2/charts -H "X-Auth-Token:$token" -F …`: a curl
    // command without `curl`): the path is the first word; the options stay in the example's verbatim text.
    if url.starts_with('/')
        && let Some((path, options)) = url.split_once(' ')
        && options.trim_start().starts_with('-')
    {
        url = path;
    }
    // A full URL may hold a stray blank (SMN's `…/urn:smn:regionId: f961…/publish`, a doc defect the
    // example keeps verbatim); a bare path may not, or prose like `GET it done` would read as a request.
    (METHODS.contains(&method)
        && (url.starts_with("https://")
            || url.starts_with("http://")
            || (url.starts_with('/') && !url.contains(' '))))
    .then(|| (method.to_owned(), url.to_owned()))
}

/// A URL or an absolute path alone on a line, with no blank: `https://{dcs_endpoint}/v2/…/stats`,
/// `/v2/{project_id}/lts/…`. A bare `/` or a path without a second segment is not taken (too little to be a
/// request).
fn url_alone(s: &str) -> Option<&str> {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .map_or(Some(s), |r| r.find('/').map(|i| &r[i..]))?;
    (rest.starts_with('/') && rest[1..].contains('/') && !s.contains(char::is_whitespace))
        .then_some(s)
}

/// `curl -i -k -H '…' -X PATCH -d'{…}' https://host/v3/groups/…`: the method of `-X` (else `POST` with
/// `-d`, else `GET`, as curl does) and the URL (the first argument that is one).
fn curl_request_line(s: &str) -> Option<(String, String)> {
    let args = s.strip_prefix("curl ")?;
    let words: Vec<&str> = args.split_whitespace().collect();
    // curl takes the last `-X`: a page that writes a header after a stray `-X` (`-X "X-Auth-Token:$token"
    // -X GET`) still says GET.
    let explicit = words
        .iter()
        .enumerate()
        .filter_map(|(i, w)| match *w {
            "-X" | "--request" => words.get(i + 1).copied(),
            _ => w.strip_prefix("-X").filter(|m| !m.is_empty()),
        })
        .next_back();
    let has_data = words
        .iter()
        .any(|w| w.starts_with("-d") || w.starts_with("--data"));
    let method = match explicit {
        Some(m) => m.trim_matches(['\'', '"']).to_ascii_uppercase(),
        None if has_data => "POST".to_owned(),
        None => "GET".to_owned(),
    };
    let unquoted: Vec<&str> = words.iter().map(|w| w.trim_matches(['\'', '"'])).collect();
    // A full URL, else a path with no host (`-X GET /v3/auth/projects`) that is no option's argument. A URL
    // glued to the quoted argument before it (IAM `-d '{…}'https://…`, a missing blank) is still the URL.
    fn glued<'w>(w: &&'w str) -> Option<&'w str> {
        ["https://", "http://"]
            .iter()
            .find_map(|scheme| w.find(scheme))
            .map(|i| &w[i..])
    }
    let url = unquoted
        .iter()
        .find(|w| w.starts_with("https://") || w.starts_with("http://"))
        .copied()
        .or_else(|| words.iter().find_map(glued))
        .or_else(|| {
            unquoted
                .iter()
                .enumerate()
                .rfind(|(i, w)| {
                    w.starts_with('/') && (*i == 0 || !unquoted[i - 1].starts_with('-'))
                })
                .map(|(_, w)| *w)
        })?;
    METHODS
        .contains(&method.as_str())
        .then(|| (method, url.to_owned()))
}

fn sdk_language(code: &[&str]) -> &'static str {
    let has = |p: &str| code.iter().any(|l| l.trim_start().starts_with(p));
    if has("package main") || has("func main(") {
        "go"
    } else if has("package ") || has("public class ") || has("import com.") {
        "java"
    } else if has("# coding") || has("from huaweicloudsdk") || has("import os") || has("def ") {
        "python"
    } else {
        "unknown"
    }
}

/// Identifiers ending in `Request` (`ListBackgroundTasksRequest`), in order of first use.
fn request_classes(code: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in code {
        for word in line.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
            if word.len() > "Request".len()
                && word.ends_with("Request")
                && word.starts_with(|c: char| c.is_ascii_uppercase())
                && !out.iter().any(|w| w == word)
            {
                out.push(word.to_owned());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(lines: &[&str]) -> Page {
        parse(&lines.join("\n\n"))
    }

    fn unplaced(p: &Page) -> Vec<(usize, String)> {
        p.marks
            .iter()
            .enumerate()
            .filter_map(|(i, m)| match m {
                Mark::Unplaced(why) => Some((i, why.clone())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_value_table_documents_the_field_pointing_at_it() {
        // DCS QueryingDcsInstanceBackupRecords: the codes `error_code` takes, under a header without a
        // `Parameter` cell (and an `Error Code` cell that reads as a heading elsewhere).
        let p = page(&[
            "Title",
            "URI",
            "GET /v1/x",
            "Response",
            "Table 3 Response parameters",
            "Parameter",
            "Type",
            "Description",
            "error_code",
            "String",
            "Error code returned if backup fails. For details, see Table 4.",
            "Table 4 Error codes returned in case of a backup or restoration failure",
            "Error Code",
            "Description",
            "dcs.08.0001",
            "Failed to start the backup and restore tool.",
            "dcs.08.0002",
            "Operation timed out.",
            "Example response",
            "{",
            "}",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        let body = p.responses[0].body.as_ref().expect("a body");
        assert!(body.nested.is_empty(), "a value table is no schema");
        assert_eq!(
            join(&body.top.rows[0].description),
            "Error code returned if backup fails. For details, see Table 4.\n\n\
             Table 4 Error codes returned in case of a backup or restoration failure\n\n\
             | Error Code | Description |\n| --- | --- |\n\
             | dcs.08.0001 | Failed to start the backup and restore tool. |\n\
             | dcs.08.0002 | Operation timed out. |"
        );
        assert!(p.description.is_empty());
        assert_eq!(
            p.response_examples.len(),
            1,
            "the example after the table is read"
        );
    }

    #[test]
    fn a_value_table_several_rows_of_one_table_point_at_is_placed_once() {
        // DCS QueryingConfigurationParameters: `param_id` and `param_name` both point at Table 2's columns.
        let p = page(&[
            "Title",
            "URI",
            "GET /v1/x",
            "Response",
            "Table 1 Response parameters",
            "Parameter",
            "Type",
            "Description",
            "param_id",
            "String",
            "For the possible values, see the Parameter ID column in Table 2.",
            "param_name",
            "String",
            "For the possible values, see the Parameter Name column in Table 2.",
            "Table 2 Configuration parameters",
            "Parameter ID",
            "Parameter Name",
            "1",
            "timeout",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        let rows = &p.responses[0].body.as_ref().expect("a body").top.rows;
        assert!(join(&rows[0].description).ends_with("| 1 | timeout |"));
        assert_eq!(
            join(&rows[1].description),
            "For the possible values, see the Parameter Name column in Table 2."
        );
    }

    #[test]
    fn a_table_of_fields_under_another_name_column_is_no_value_table() {
        // ECS QueryingTheNetworksOfASpecifiedEcs: `Attribute` / `Type` / …, then `version` / `Integer`.
        let p = page(&[
            "Title",
            "URI",
            "GET /v1/x",
            "Response",
            "Table 3 Response parameters",
            "Parameter",
            "Type",
            "Description",
            "addresses",
            "Array of objects",
            "See Table 4.",
            "Table 4 ECS network parameter structure description",
            "Attribute",
            "Type",
            "CRUD",
            "Remarks",
            "version",
            "Integer",
            "The IP address version.",
        ]);
        assert!(p.notes.iter().all(|n| n.kind != "value-table"));
        // The field table reader takes it (`Attribute` names, `CRUD` and `Remarks` are remark columns).
        assert_eq!(unplaced(&p), vec![]);
    }

    #[test]
    fn a_value_table_no_row_points_at_documents_the_operation() {
        // ECS AddingTagsToAnEcs: reserved tag names, after the response table, pointed at by no row.
        let p = page(&[
            "Title",
            "Function",
            "Adds tags.",
            "URI",
            "PUT /v1/tags",
            "Response",
            "Table 3 Response parameters",
            "Parameter",
            "Mandatory",
            "Type",
            "Description",
            "tags",
            "Yes",
            "Array of strings",
            "Specifies ECS tags.",
            "Table 4 Reserved tag parameters",
            "Tag Name",
            "Description",
            "__type_baremetal",
            "Specifies that the server is a BMS.",
            "Example Request",
            "PUT https://{endpoint}/v1/tags",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        assert_eq!(
            join(&p.description),
            "Adds tags.\n\nTable 4 Reserved tag parameters\n\n| Tag Name | Description |\n| --- | --- |\n\
             | __type_baremetal | Specifies that the server is a BMS. |"
        );
        let rows = &p.responses[0].body.as_ref().expect("a body").top.rows;
        assert_eq!(join(&rows[0].description), "Specifies ECS tags.");
        assert_eq!(p.request_examples.len(), 1);
    }

    #[test]
    fn a_caption_right_before_another_tables_caption_is_no_rows_text() {
        // EVS CinderListQuotas: `Parameters in the QuotaDetailSnapshotsESSD field`, which `snapshots_ESSD`
        // points at, stands right before `Parameters in the QuotaDetailVolumesSATA field` and its table: the
        // page lost that table (doc defect). It used to be merged into the last row's description.
        let p = page(&[
            "Title",
            "URI",
            "GET /v2/quotas",
            "Response",
            "Response parameters",
            "Parameter",
            "Type",
            "Description",
            "volumes",
            "Object",
            "See Parameters in the Volumes field.",
            "snapshots",
            "Object",
            "See Parameters in the Snapshots field.",
            "gigabytes",
            "Object",
            "See Parameters in the Gigabytes field.",
            "Parameters in the Volumes field",
            "Parameter",
            "Type",
            "Description",
            "in_use",
            "Integer",
            "The used quota.",
            "Parameters in the Snapshots field",
            "Parameters in the Gigabytes field",
            "Parameter",
            "Type",
            "Description",
            "in_use",
            "Integer",
            "The used quota.",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        let body = p.responses[0].body.as_ref().expect("a body");
        let captions: Vec<&str> = body
            .nested
            .iter()
            .map(|t| t.caption.text.as_str())
            .collect();
        assert_eq!(
            captions,
            [
                "Parameters in the Volumes field",
                "Parameters in the Gigabytes field"
            ]
        );
        assert_eq!(join(&body.nested[0].rows[0].description), "The used quota.");
        assert!(
            p.notes.iter().any(|n| n.kind == "caption-without-table"
                && n.message.contains("Parameters in the Snapshots field")),
            "{:?}",
            p.notes
        );
    }

    #[test]
    fn rows_with_multi_paragraph_cells() {
        let p = page(&[
            "Title",
            "URI",
            "GET /v1/{id}",
            "Table 1 Path Parameters",
            "Parameter",
            "Mandatory",
            "Type",
            "Description",
            "id",
            "Yes",
            "String",
            "First paragraph.",
            "Options:",
            "X86",
            "2.3.0",
            "name",
            "No",
            "Array of strings",
            "",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        let rows = &p.params[0].rows;
        assert_eq!(rows.len(), 2);
        assert_eq!(
            join(&rows[0].description),
            "First paragraph.\nOptions:\nX86\n2.3.0"
        );
        assert_eq!(rows[1].mandatory, Some(false));
        assert!(rows[1].description.is_empty());
    }

    #[test]
    fn a_datetime_row_is_a_row() {
        // EVS replication pages: a `datetime` row was read as more paragraphs of the row before it.
        let p = page(&[
            "Title",
            "URI",
            "GET /v1/x",
            "Response",
            "Parameter description",
            "Parameter",
            "Type",
            "Description",
            "status",
            "String",
            "The status.",
            "created_at",
            "datetime",
            "The creation time.",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        let rows = &p.responses[0].body.as_ref().expect("a body").top.rows;
        let names: Vec<&str> = rows.iter().map(|r| r.name.text.as_str()).collect();
        assert_eq!(names, ["status", "created_at"]);
        assert_eq!(join(&rows[0].description), "The status.");
        assert_eq!(rows[1].ty, labels::TypeSpec::String);
    }

    #[test]
    fn a_sub_parameter_column_with_placeholders() {
        // LTS CreatingALogGroup: `Parameter` / `Sub-Parameter` / `Mandatory` / `Type` / `Description`, every
        // row `-` or `N/A` in the second column. The header used to stop at `Sub-Parameter`, and the rows were
        // read as fields `String` / `Int`.
        let p = page(&[
            "Title",
            "URI",
            "POST /v1/x",
            "Request",
            "Table 2 Parameter description",
            "Parameter",
            "Sub-Parameter",
            "Mandatory",
            "Type",
            "Description",
            "log_group_name",
            "N/A",
            "Yes",
            "String",
            "Log group name.",
            "ttl_in_days",
            "-",
            "No",
            "Int",
            "Retention.",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        let rows = &p.request_body.as_ref().expect("a body").top.rows;
        let got: Vec<(&str, Option<bool>, &str)> = rows
            .iter()
            .map(|r| (r.name.text.as_str(), r.mandatory, r.type_text.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("log_group_name", Some(true), "String"),
                ("ttl_in_days", Some(false), "Int")
            ]
        );
        assert_eq!(join(&rows[1].description), "Retention.");
        // A row that names a sub-parameter is not read (unplaced), never merged into the row before.
        let p = page(&[
            "Title",
            "URI",
            "POST /v1/x",
            "Request",
            "Table 2 Parameter description",
            "Parameter",
            "Sub-Parameter",
            "Mandatory",
            "Type",
            "Description",
            "a",
            "-",
            "Yes",
            "String",
            "A.",
            "b",
            "c",
            "Yes",
            "String",
            "C.",
        ]);
        let body = p.request_body.as_ref().expect("a body");
        assert_eq!(body.top.rows.len(), 1);
        assert_eq!(join(&body.top.rows[0].description), "A.");
        assert!(!unplaced(&p).is_empty());
    }

    #[test]
    fn a_null_type_before_the_mandatory_cell_is_a_row() {
        // ECS LockingAnEcs: `Parameter` / `Type` / `Mandatory` / `Description`, `lock` / `Null` / `Yes`.
        let p = page(&[
            "Title",
            "URI",
            "POST /v1/x",
            "Request",
            "Table 2 Request parameters",
            "Parameter",
            "Type",
            "Mandatory",
            "Description",
            "lock",
            "Null",
            "Yes",
            "Locks an ECS.",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        let rows = &p.request_body.as_ref().expect("a body").top.rows;
        assert_eq!(rows[0].name.text, "lock");
        assert_eq!(rows[0].ty, labels::TypeSpec::Any);
        assert_eq!(rows[0].mandatory, Some(true));
    }

    #[test]
    fn a_row_named_like_a_heading_is_a_row() {
        // IAM CreateUnscopedTokenWithIdToken: the request-header row `Authorization` used to be read as the
        // `Authorization` heading: the table ended and the row was kept as a pointer to another document.
        let p = page(&[
            "Title",
            "URI",
            "POST /v3/x",
            "Request Parameters",
            "Table 2 Parameters in the request header",
            "Parameter",
            "Mandatory",
            "Type",
            "Description",
            "Authorization",
            "Yes",
            "String",
            "ID token of the identity provider.",
            "Authorization",
            "The permissions needed.",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        let rows = &p.params[0].rows;
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].name.text, "Authorization");
        assert_eq!(
            join(&rows[0].description),
            "ID token of the identity provider."
        );
        // The heading after the table is still a heading: its paragraph is kept as a pointer.
        assert!(
            matches!(p.marks[28], Mark::Kept(Kept::Pointer)),
            "{:?}",
            p.marks[28]
        );
    }

    #[test]
    fn a_yes_no_cell_in_a_table_without_a_mandatory_column_is_part_of_its_row() {
        // CCE ShowCluster: `Parameter` / `Type` / `Description`, then `masters` / `No` / `MasterSpec objects`:
        // the row used to be merged into the description of the row before it.
        let p = page(&[
            "Title",
            "URI",
            "GET /v1/x",
            "Response",
            "Table 2 Response body parameters",
            "Parameter",
            "Type",
            "Description",
            "name",
            "String",
            "The name.",
            "count",
            "No",
            "Integer",
            "How many.",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        let rows = &p.responses[0].body.as_ref().expect("a body").top.rows;
        let got: Vec<(&str, Option<bool>, &str)> = rows
            .iter()
            .map(|r| (r.name.text.as_str(), r.mandatory, r.type_text.text.as_str()))
            .collect();
        assert_eq!(got, [("name", None, "String"), ("count", None, "Integer")]);
        assert_eq!(join(&rows[0].description), "The name.");
        assert_eq!(join(&rows[1].description), "How many.");
        assert!(
            p.notes
                .iter()
                .any(|n| n.kind == "mandatory-cell-without-column" && n.message.contains("`count`")),
            "{:?}",
            p.notes
        );
    }

    #[test]
    fn a_row_with_its_cells_swapped_is_a_row_with_a_note() {
        // EVS CreatingEvsDisks2: `Parameter` / `Type` / `Mandatory` / `Description`, then `count` / `No` /
        // `Integer`: the row used to be merged into the description of the row before it.
        let p = page(&[
            "Title",
            "URI",
            "POST /v1/x",
            "Request",
            "Table 2 Request parameters",
            "Parameter",
            "Type",
            "Mandatory",
            "Description",
            "name",
            "String",
            "No",
            "The name.",
            "count",
            "No",
            "Integer",
            "How many.",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        let rows = &p.request_body.as_ref().expect("a body").top.rows;
        let got: Vec<(&str, Option<bool>, &str)> = rows
            .iter()
            .map(|r| (r.name.text.as_str(), r.mandatory, r.type_text.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("name", Some(false), "String"),
                ("count", Some(false), "Integer")
            ]
        );
        assert_eq!(join(&rows[0].description), "The name.");
        assert_eq!(
            p.notes.iter().map(|n| n.kind).collect::<Vec<_>>(),
            ["row-cells-swapped"]
        );
    }

    #[test]
    fn a_dash_type_cell_before_a_description_is_a_row_of_any_value() {
        // CCE ObtainingClusterCertificatesDeprecated: `preferences` / `-` / `This field is not used …` used to
        // be merged into `apiVersion`'s description; a `-` description cell (`users` / `users object` / `-`)
        // stays a description.
        let p = page(&[
            "Title",
            "URI",
            "GET /v1/x",
            "Response Parameters",
            "Status code: 200",
            "Table 3 Response parameters",
            "Parameter",
            "Type",
            "Description",
            "apiVersion",
            "String",
            "API version.",
            "preferences",
            "-",
            "This field is not used currently and is left unspecified by default.",
            "users",
            "Object",
            "-",
            "kind",
            "String",
            "API type.",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        let rows = &p.responses[0].body.as_ref().expect("a body").top.rows;
        let got: Vec<(&str, &labels::TypeSpec, String)> = rows
            .iter()
            .map(|r| (r.name.text.as_str(), &r.ty, join(&r.description)))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "apiVersion",
                    &labels::TypeSpec::String,
                    "API version.".into()
                ),
                (
                    "preferences",
                    &labels::TypeSpec::Any,
                    "This field is not used currently and is left unspecified by default.".into()
                ),
                ("users", &labels::TypeSpec::Object, "-".into()),
                ("kind", &labels::TypeSpec::String, "API type.".into()),
            ]
        );
        assert_eq!(
            p.notes.iter().map(|n| n.kind).collect::<Vec<_>>(),
            ["type-not-given"]
        );
    }

    #[test]
    fn mandatory_and_optional_cells_say_yes_and_no() {
        // IAM ObtainingATemporaryAkSk: `credential` / `Mandatory` / `Object` under `Parameter` / `Mandatory`
        // / `Type` / `Description`; the row used to be read as a field named `Mandatory`.
        let p = page(&[
            "Title",
            "URI",
            "POST /v1/x",
            "Response Parameters",
            "Status code: 201",
            "Parameters in the response body",
            "Parameter",
            "Mandatory",
            "Type",
            "Description",
            "credential",
            "Mandatory",
            "Object",
            "Authentication information.",
            "methods",
            "Optional",
            "String Array",
            "Fill token in this field.",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        let body = p.responses[0].body.as_ref().expect("a body");
        let got: Vec<(&str, Option<bool>, &labels::TypeSpec)> = body
            .top
            .rows
            .iter()
            .map(|r| (r.name.text.as_str(), r.mandatory, &r.ty))
            .collect();
        assert_eq!(
            got,
            [
                ("credential", Some(true), &labels::TypeSpec::Object),
                (
                    "methods",
                    Some(false),
                    &labels::TypeSpec::Array(Box::new(labels::TypeSpec::String))
                )
            ]
        );
    }

    #[test]
    fn a_paragraph_before_a_row_named_like_a_type_is_a_paragraph() {
        // LTS UpdateKeywordsAlarmRule: `condition` / `String` / `Condition` / `number` / `Integer` / `…`: the
        // description `Condition` and the row `number`, not a row `Condition` of type `number`.
        let p = page(&[
            "Title",
            "URI",
            "GET /v1/x",
            "Response",
            "Table 3 Response body parameters",
            "Parameter",
            "Type",
            "Description",
            "condition",
            "String",
            "Condition",
            "number",
            "Integer",
            "Number of lines.",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        let rows = &p.responses[0].body.as_ref().expect("a body").top.rows;
        let got: Vec<(&str, &str, String)> = rows
            .iter()
            .map(|r| {
                (
                    r.name.text.as_str(),
                    r.type_text.text.as_str(),
                    join(&r.description),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("condition", "String", "Condition".to_owned()),
                ("number", "Integer", "Number of lines.".to_owned())
            ]
        );
    }

    #[test]
    fn a_yes_with_a_condition_is_mandatory_and_the_condition_is_described() {
        // ECS CreatingADiskDiscarded: `size` / `Yes (If the volume is created from a snapshot, this parameter
        // is optional.)` / `Integer`: the row used to be merged into the description of the row before it.
        let p = page(&[
            "Title",
            "URI",
            "POST /v1/x",
            "Request",
            "Table 2 Request parameters",
            "Parameter",
            "Mandatory",
            "Type",
            "Description",
            "name",
            "No",
            "String",
            "The name.",
            "size",
            "Yes (If created from a snapshot, this parameter is optional.)",
            "Integer",
            "The size.",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        let rows = &p.request_body.as_ref().expect("a body").top.rows;
        assert_eq!(rows.len(), 2);
        assert_eq!(join(&rows[0].description), "The name.");
        assert_eq!(rows[1].mandatory, Some(true));
        assert_eq!(
            join(&rows[1].description),
            "If created from a snapshot, this parameter is optional.\nThe size."
        );
    }

    #[test]
    fn missing_mandatory_cells_are_none() {
        let p = page(&[
            "标题",
            "URI",
            "GET /v2/{project_id}/x",
            "表1 路径参数",
            "参数",
            "是否必选",
            "参数类型",
            "描述",
            "project_id",
            "String",
            "项目ID",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        assert_eq!(p.params[0].rows[0].mandatory, None);
        assert!(p.params[0].has_mandatory_column());
    }

    #[test]
    fn unknown_type_after_yes_is_unplaced() {
        // A cell one typo from a type (`Strng`) is read as it (see
        // `a_type_cell_one_typo_from_a_type_is_read_as_it_with_a_note`); `Text` is near no type.
        let p = page(&[
            "T",
            "URI",
            "GET /x",
            "Table 1 Query Parameters",
            "Parameter",
            "Mandatory",
            "Type",
            "Description",
            "a",
            "Yes",
            "Text",
            "desc",
        ]);
        let u = unplaced(&p);
        assert!(
            u.iter()
                .any(|(_, why)| why.contains("`Text` is not a known type")),
            "{u:?}"
        );
    }

    #[test]
    fn sdk_gutters_take_their_line_count() {
        let text = "T\n\nSDK代码示例\n\n 1\n 2\n 3\nclass A {\n\n  new FooRequest();\n 1\n 2\nx = BarRequest()\n}\n\n尾注";
        let p = parse(text);
        assert_eq!(p.sdk_samples.len(), 2);
        assert_eq!(p.sdk_samples[0].request_classes, ["FooRequest"]);
        assert_eq!(p.sdk_samples[1].request_classes, ["BarRequest"]);
        assert_eq!(unplaced(&p), vec![]);
        assert!(p.marks.contains(&Mark::Kept(Kept::SdkText)));
    }

    #[test]
    fn lines_end_at_lf_crlf_and_bare_cr() {
        for (text, lines) in [
            ("", vec![""]),
            ("a", vec!["a"]),
            ("a\n", vec!["a", ""]),
            ("a\nb", vec!["a", "b"]),
            ("a\r\nb\r\n", vec!["a", "b", ""]),
            ("a\rb", vec!["a", "b"]),
            ("a\r\rb", vec!["a", "", "b"]),
            ("a\n\rb\r", vec!["a", "", "b", ""]),
        ] {
            assert_eq!(split_lines(text).collect::<Vec<_>>(), lines, "{text:?}");
        }
    }

    #[test]
    fn request_lines() {
        assert_eq!(
            example_request_line("'GET https://{endpoint}/v2/x?a={a}'"),
            Some(("GET".into(), "https://{endpoint}/v2/x?a={a}".into()))
        );
        assert_eq!(example_request_line("GET it done"), None);
        assert_eq!(example_request_line("GET /it done"), None);
        // A bare path followed by curl options (CCE UploadChart): the path is the first word.
        assert_eq!(
            example_request_line(
                "POST /v2/charts -H \"X-Auth-Token:$token\" -F parameters='{\"a\":true}' -F content=@/root/c.tgz"
            ),
            Some(("POST".into(), "/v2/charts".into()))
        );
        assert_eq!(
            example_request_line("POST https://{e}/v2/topics/urn:smn:r: f96/publish"),
            Some((
                "POST".into(),
                "https://{e}/v2/topics/urn:smn:r: f96/publish".into()
            ))
        );
        assert_eq!(
            uri_line("DELETE /v2/{p}/x"),
            Some(("DELETE".into(), "/v2/{p}/x".into()))
        );
        assert_eq!(uri_line("Get /x"), None);
        // Older layouts: scheme and host before the path, the query string after it (RDS pages).
        assert_eq!(
            uri_line("GET https://{Endpoint}/v3/{project_id}/x?offset={offset}&limit={limit}"),
            Some(("GET".into(), "/v3/{project_id}/x".into()))
        );
        assert_eq!(uri_line("GET https://host-without-path"), None);
        // A URI template's query expansion (ECS pages).
        assert_eq!(
            uri_line("DELETE /v2.1/{p}/os-interface/{port_id}{?reserve_port}"),
            Some(("DELETE".into(), "/v2.1/{p}/os-interface/{port_id}".into()))
        );
    }

    #[test]
    fn enumeration_values_stay_in_the_description() {
        // The API Gateway layout: a row's description lists its values in capitals, one per line; `STRING`
        // followed by `NUMBER` must not read as a row `STRING` of type `Number`.
        let p = page(&[
            "Title",
            "URI",
            "GET /v1/x",
            "Response Parameters",
            "Status code: 200",
            "Table 1 Response body parameters",
            "Parameter",
            "Type",
            "Description",
            "type",
            "String",
            "Parameter type.",
            "Enumeration values:",
            "STRING",
            "NUMBER",
            "location",
            "String",
            "Parameter location.",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        let body = p.responses[0].body.as_ref().unwrap();
        let names: Vec<&str> = body.top.rows.iter().map(|r| r.name.text.as_str()).collect();
        assert_eq!(names, ["type", "location"]);
        assert_eq!(
            join(&body.top.rows[0].description),
            "Parameter type.\nEnumeration values:\nSTRING\nNUMBER"
        );
    }

    #[test]
    fn an_older_layout_request_section_has_its_body_table_under_any_caption() {
        // The ELB v2.0 layout: a `Request` heading and the body table captioned `Parameter description`.
        let p = page(&[
            "Title",
            "URI",
            "POST /v2.0/lbaas/pools/{pool_id}/members",
            "Request",
            "Table 2 Parameter description",
            "Parameter",
            "Mandatory",
            "Type",
            "Description",
            "member",
            "Yes",
            "Object",
            "Specifies the backend server.",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        assert!(p.params.is_empty());
        let body = p.request_body.as_ref().unwrap();
        assert_eq!(body.top.rows[0].name.text, "member");
    }

    #[test]
    fn older_layouts_label_the_request_line() {
        let request = |p: &Page| {
            p.request_line
                .as_ref()
                .map(|r| (r.at, r.method.clone(), r.path.clone()))
        };
        // `URI format`, then the request line (EVS, IAM pages).
        let p = page(&["Title", "URI", "URI format", "DELETE /v3/groups/{group_id}"]);
        assert_eq!(
            request(&p),
            Some((6, "DELETE".into(), "/v3/groups/{group_id}".into()))
        );
        assert_eq!(unplaced(&p), vec![]);
        // `PATH:` and `Method:` lines, in either order (RDS v1 pages).
        for lines in [
            ["PATH: /v1.0/{project_id}/flavors", "Method: GET"],
            ["Method: GET", "PATH: /v1.0/{project_id}/flavors"],
        ] {
            let p = page(&["Title", "URI", "URI format", lines[0], lines[1]]);
            assert_eq!(
                request(&p),
                Some((6, "GET".into(), "/v1.0/{project_id}/flavors".into()))
            );
            assert_eq!(unplaced(&p), vec![]);
        }
        // A label and nothing usable after it: no request line (the run reports the page).
        let p = page(&["Title", "URI", "URI format", "PATH: /x", "Method: FETCH"]);
        assert_eq!(request(&p), None);
    }

    #[test]
    fn a_line_above_a_header_starts_a_new_table() {
        // The IAM layout: tables captioned without `Table N`; the body table's caption must not become a
        // paragraph of the header table's last row, nor its rows header parameters.
        let p = page(&[
            "Title",
            "URI",
            "URI format",
            "POST /v3.0/OS-AGENCY/agencies",
            "Request Parameters",
            "Parameters in the request header",
            "Parameter",
            "Mandatory",
            "Type",
            "Description",
            "X-Auth-Token",
            "Yes",
            "String",
            "Token.",
            "Parameters in the request body",
            "Parameter",
            "Mandatory",
            "Type",
            "Description",
            "agency",
            "Yes",
            "Object",
            "Agency information.",
            "agency",
            "Parameter",
            "Mandatory",
            "Type",
            "Description",
            "name",
            "Yes",
            "String",
            "Name of an agency.",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        assert_eq!(p.params.len(), 1);
        assert_eq!(p.params[0].rows.len(), 1);
        assert_eq!(join(&p.params[0].rows[0].description), "Token.");
        let body = p.request_body.as_ref().unwrap();
        assert_eq!(body.top.rows[0].name.text, "agency");
        assert_eq!(body.nested.len(), 1);
        assert_eq!(body.nested[0].rows[0].name.text, "name");
    }

    fn response_without_status(status_rows: &[&str]) -> Page {
        let mut lines = vec![
            "Title",
            "URI",
            "GET /v3/groups",
            "Response Parameters",
            "Parameters in the response header",
            "Parameter",
            "Type",
            "Description",
            "X-Subject-Token",
            "String",
            "Token.",
            "Parameters in the response body",
            "Parameter",
            "Type",
            "Description",
            "groups",
            "Array of objects",
            "Groups.",
            "Example response",
            "{\"groups\": []}",
            "Status Codes",
            "Status Code",
            "Description",
        ];
        lines.extend_from_slice(status_rows);
        page(&lines)
    }

    #[test]
    fn a_response_table_without_a_status_takes_the_only_success_status() {
        let p =
            response_without_status(&["200", "The request is successful.", "404", "Not found."]);
        assert_eq!(unplaced(&p), vec![]);
        assert_eq!(p.responses.len(), 1);
        assert_eq!(p.responses[0].status, 200);
        assert!(!p.responses[0].stated);
        assert!(p.responses[0].body.is_some());
        assert_eq!(
            p.responses[0].headers.as_ref().unwrap().rows[0].name.text,
            "X-Subject-Token"
        );
        assert_eq!(p.response_examples.len(), 1);
        assert_eq!(p.response_examples[0].status, 200);
        assert!(p.notes.iter().any(|n| n.kind == "status-unstated"));
    }

    #[test]
    fn a_response_table_without_a_status_is_default_when_no_single_success_status() {
        for rows in [
            &["200", "OK.", "201", "Created."][..],
            &["400", "Bad request."][..],
            &[][..],
        ] {
            let p = response_without_status(rows);
            assert_eq!(p.responses[0].status, DEFAULT_STATUS, "{rows:?}");
            assert_eq!(p.response_examples[0].status, DEFAULT_STATUS, "{rows:?}");
        }
        assert_eq!(status_key(DEFAULT_STATUS), "default");
        assert_eq!(status_key(204), "204");
    }

    #[test]
    fn paragraphs_before_the_first_status_line_caption_its_example() {
        let p = page(&[
            "Title",
            "URI",
            "GET /x",
            "Example Responses",
            "A caption.",
            "Status code: 200",
            "{}",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        assert_eq!(p.response_examples.len(), 1);
        assert_eq!(p.response_examples[0].status, 200);
        assert_eq!(join(&p.response_examples[0].paragraphs), "A caption.");
    }

    #[test]
    fn type_before_mandatory_columns() {
        // VPC v2.0 pages: Parameter, Type, Mandatory, Description.
        let p = page(&[
            "Title",
            "URI",
            "POST /v2.0/x",
            "Request Parameters",
            "Table 1 Request parameter",
            "Parameter",
            "Type",
            "Mandatory",
            "Description",
            "floatingip",
            "floatingip object",
            "Yes",
            "The floating IP. For details, see Table 2.",
            "Table 2 floatingip objects",
            "Parameter",
            "Type",
            "Mandatory",
            "Description",
            "id",
            "String",
            "No",
            "ID.",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        let body = p.request_body.as_ref().unwrap();
        assert_eq!(body.top.rows[0].mandatory, Some(true));
        assert_eq!(
            join(&body.top.rows[0].description),
            "The floating IP. For details, see Table 2."
        );
        assert_eq!(body.nested[0].rows[0].mandatory, Some(false));
    }

    #[test]
    fn older_layout_labels_and_headings() {
        // SMN: `Description` / `API name` / the name under the title; sentence-case headings; a label
        // repeating the next caption's title; a curl example request.
        let p = page(&[
            "Querying Topics",
            "Description",
            "API name",
            "ListTopics",
            "Function",
            "Query the topics.",
            "URI",
            "URI format",
            "GET /v2/topics",
            "Request parameter",
            "Table 1 Request parameter",
            "Parameter",
            "Mandatory",
            "Type",
            "Description",
            "limit",
            "No",
            "Integer",
            "Limit.",
            "Example request",
            "curl -i -k -H 'Accept:application/json' -X PATCH -d'{\"a\": 1}' https://host/v2/topics",
            "Returned Value",
            "See Returned Value.",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        assert_eq!(
            p.api_name.as_ref().map(|t| t.text.as_str()),
            Some("ListTopics")
        );
        assert_eq!(join(&p.description), "Query the topics.");
        assert_eq!(p.request_examples.len(), 1);
        assert_eq!(p.request_examples[0].method, "PATCH");
        assert_eq!(p.request_examples[0].url, "https://host/v2/topics");
    }

    #[test]
    fn curl_command_lines() {
        assert_eq!(
            curl_request_line("curl -X POST 'https://h/v3/x' -d '{}'"),
            Some(("POST".into(), "https://h/v3/x".into()))
        );
        assert_eq!(
            curl_request_line("curl -d'{}' https://h/x"),
            Some(("POST".into(), "https://h/x".into()))
        );
        assert_eq!(
            curl_request_line("curl -i https://h/x"),
            Some(("GET".into(), "https://h/x".into()))
        );
        // curl takes the last `-X` (IAM pages pass a header after a stray `-X`).
        assert_eq!(
            curl_request_line(
                "curl -i -k -H 'Accept:application/json' -X \"X-Auth-Token:$token\" -X GET https://h/x"
            ),
            Some(("GET".into(), "https://h/x".into()))
        );
        // A path without a host, after the method (IAM KeystoneListAuthProjects).
        assert_eq!(
            curl_request_line("curl -i -k -H 'Accept:application/json' -X GET /v3/auth/projects"),
            Some(("GET".into(), "/v3/auth/projects".into()))
        );
        // A URL glued to the quoted body before it (IAM UpdateProjectStatus, a missing blank).
        assert_eq!(
            curl_request_line(
                "curl -i -k -X PUT -d '{\"project\": {\"status\":\"suspended\"}}'https://h/v3-ext/projects/p1"
            ),
            Some(("PUT".into(), "https://h/v3-ext/projects/p1".into()))
        );
        assert_eq!(curl_request_line("curl -X FETCH https://h/x"), None);
        assert_eq!(curl_request_line("curl --help"), None);
    }

    #[test]
    fn an_inline_json_example_in_a_description_does_not_end_the_table() {
        // ELB ListLoadBalancers: `"eips": [` / `{` … inside the `eips` description, then the next row.
        let p = page(&[
            "Title",
            "URI",
            "GET /x",
            "Table 1 Query Parameters",
            "Parameter",
            "Mandatory",
            "Type",
            "Description",
            "eips",
            "No",
            "Array of strings",
            "The EIPs. The following is an example:",
            "\"eips\": [",
            "{",
            "\"eip_id\": \"e9b7\"",
            "}",
            "]",
            "publicips",
            "No",
            "Array of strings",
            "The public IPs.",
        ]);
        let names: Vec<&str> = p.params[0]
            .rows
            .iter()
            .map(|r| r.name.text.as_str())
            .collect();
        assert_eq!(names, ["eips", "publicips"]);
    }

    #[test]
    fn a_value_before_the_next_caption_is_not_an_unreadable_row() {
        // VPC BatchAddingOrDeletingEipTags: `action` lists `create` / `delete`, then `Table 3 tag objects`.
        let p = page(&[
            "Title",
            "URI",
            "POST /x",
            "Request Parameters",
            "Table 1 Request parameter",
            "Parameter",
            "Type",
            "Mandatory",
            "Description",
            "tags",
            "Array of tag objects",
            "Yes",
            "Tags. For details, see Table 2.",
            "action",
            "String",
            "Yes",
            "The action. Values:",
            "create",
            "delete",
            "Table 2 tag objects",
            "Parameter",
            "Type",
            "Mandatory",
            "Description",
            "key",
            "String",
            "Yes",
            "The key.",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        assert_eq!(p.request_body.as_ref().unwrap().len(), 2);
    }

    #[test]
    fn values_listed_after_a_colon_are_not_rows() {
        // DCS CreateBigkeyScanTask: `string` / `list` are values of `type`, not a row `string` of type `list`.
        let p = page(&[
            "Title",
            "URI",
            "GET /x",
            "Response Parameters",
            "Status code: 200",
            "Table 1 Response body parameters",
            "Parameter",
            "Type",
            "Description",
            "type",
            "String",
            "Key type. Value range:",
            "string",
            "list",
            "set",
            "size",
            "Long",
            "Size.",
        ]);
        let body = p.responses[0].body.as_ref().unwrap();
        let names: Vec<&str> = body.top.rows.iter().map(|r| r.name.text.as_str()).collect();
        assert_eq!(names, ["type", "size"]);
        assert_eq!(
            join(&body.top.rows[0].description),
            "Key type. Value range:\nstring\nlist\nset"
        );
    }

    #[test]
    fn statuses_in_prose_under_returned_values() {
        // Cloud Eye: `Normal` / `200` / `Abnormal`, then a table `Returned Value` / `Description` whose rows
        // are `400 Bad Request` / `Request error.`.
        let p = page(&[
            "Title",
            "URI",
            "GET /x",
            "Returned Values",
            "Normal",
            "200",
            "Abnormal",
            "Returned Value",
            "Description",
            "400 Bad Request",
            "Request error.",
            "503 Service Unavailable",
            "Error Codes",
            "See Error Codes.",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        let rows: Vec<(u16, String)> = p
            .status_codes
            .iter()
            .map(|r| (r.status, join(&r.description)))
            .collect();
        // `Normal` is the group's label, not the status's words: the status has none (the spec gets its
        // reason phrase, `OK`).
        assert_eq!(
            rows,
            [
                (200, String::new()),
                (400, "Request error.".to_owned()),
                (503, "Service Unavailable".to_owned())
            ]
        );
        // The pointer form.
        let p = page(&[
            "Title",
            "URI",
            "GET /x",
            "Returned Values",
            "See Returned Values for General Requests.",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        assert!(p.status_codes.is_empty());
        assert_eq!(
            status_with_reason("400 Bad Request"),
            Some((400, Some("Bad Request")))
        );
        assert_eq!(status_with_reason("200"), Some((200, None)));
        assert_eq!(status_with_reason("200 requests were sent."), None);
    }

    #[test]
    fn a_status_stated_in_a_sentence_under_status_codes() {
        // ELB v2.0 BatchUpdatingBackendServers: `Response` / `None`, and the status only in a sentence.
        let p = page(&[
            "Title",
            "URI",
            "PUT /v2.0/lbaas/pools/{pool_id}/members",
            "Response",
            "None",
            "Status Codes",
            "If the operation succeeds, 202 Accepted is returned. For details, see HTTP Status Codes of Shared Load Balancers.",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        let rows: Vec<(u16, String)> = p
            .status_codes
            .iter()
            .map(|r| (r.status, join(&r.description)))
            .collect();
        assert_eq!(rows, [(202, String::new())]);
        // A code without its own reason phrase, two codes, or no `is returned`: not a stated status.
        assert_eq!(
            labels::status_in_sentence("If it succeeds, 202 is returned."),
            None
        );
        assert_eq!(
            labels::status_in_sentence("Either 200 OK or 202 Accepted is returned."),
            None
        );
        assert_eq!(
            labels::status_in_sentence("The API returns 202 Accepted."),
            None
        );
        assert_eq!(
            labels::status_in_sentence(
                "Since 2026 Accepted values are returned; 1202 Accepted is returned."
            ),
            None
        );
    }

    #[test]
    fn sentences_about_tables_and_a_captioned_status_table() {
        // DCS: `Table 3 describes …` is a sentence, not a caption; `Status Code` heads a status-code table
        // captioned `Table 4 Status code`.
        let p = page(&[
            "Title",
            "URI",
            "POST /x",
            "Response",
            "Response parameters",
            "Table 3 describes the response parameter.",
            "Table 3 Parameter description",
            "Parameter",
            "Type",
            "Description",
            "backup_id",
            "String",
            "ID.",
            "Status Code",
            "Table 4 describes the status code of successful operations. For details about other status codes, see Table 1.",
            "Table 4 Status code",
            "Status Code",
            "Description",
            "200",
            "Backup task created successfully.",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        assert_eq!(p.responses.len(), 1);
        assert_eq!(p.responses[0].status, 200);
        assert_eq!(
            p.responses[0].body.as_ref().unwrap().top.rows[0].name.text,
            "backup_id"
        );
        assert_eq!(p.status_codes.len(), 1);
        assert_eq!(
            join(&p.status_codes[0].description),
            "Backup task created successfully."
        );
        assert_eq!(
            p.marks
                .iter()
                .filter(|m| matches!(m, Mark::Kept(Kept::TableReference | Kept::Label)))
                .count(),
            2
        );
    }

    #[test]
    fn a_row_of_an_unknown_type_is_not_merged_into_the_previous_row() {
        // SMN/CES tables without a Mandatory column: `tags` / `Tags record array` (a spelling no page uses,
        // shaped like SMN's `Tags structure array`, which is read now) must not become two more paragraphs of
        // `name`'s description.
        let p = page(&[
            "Title",
            "URI",
            "GET /x",
            "Response",
            "Table 1 Parameter description",
            "Parameter",
            "Type",
            "Description",
            "name",
            "String",
            "Name.",
            "Options:",
            // Plain paragraphs that only look like a row: `Definition` / `Value list`, `Status code`.
            "Definition",
            "Value list",
            "Status code",
            "tags",
            "Tags record array",
            "Tags.",
            "count",
            "Integer",
            "Count.",
        ]);
        let body = p.responses[0].body.as_ref().unwrap();
        assert_eq!(
            join(&body.top.rows[0].description),
            "Name.\nOptions:\nDefinition\nValue list\nStatus code"
        );
        let u = unplaced(&p);
        assert!(
            u.iter()
                .any(|(_, why)| why.contains("`Tags record array` is not a known type spelling")),
            "{u:?}"
        );
        // `Tags.` belongs to the unreadable row: reported, not merged either.
        assert!(!join(&body.top.rows[0].description).contains("Tags."));
        assert_eq!(body.top.rows.last().unwrap().name.text, "count");
    }

    #[test]
    fn a_type_cell_one_typo_from_a_type_is_read_as_it_with_a_note() {
        // IMS CreateImage: `type` / `No` / `Sting` (doc defect). The row used to be unreadable and the whole
        // page left out of the service's spec; it is a `String` row, the typo noted with its line.
        let p = page(&[
            "Title",
            "URI",
            "POST /v2/cloudimages/action",
            "Request",
            "Table 1 Parameter description",
            "Parameter",
            "Mandatory",
            "Type",
            "Description",
            "name",
            "Yes",
            "String",
            "Name.",
            "type",
            "No",
            "Sting",
            "Specifies the image type.",
            "count",
            "No",
            "Integr",
            "Count.",
        ]);
        assert!(unplaced(&p).is_empty(), "{:?}", unplaced(&p));
        let body = p.request_body.as_ref().unwrap();
        let rows: Vec<_> = body
            .top
            .rows
            .iter()
            .map(|r| {
                (
                    r.name.text.as_str(),
                    r.ty.clone(),
                    r.type_text.text.as_str(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("name", labels::TypeSpec::String, "String"),
                ("type", labels::TypeSpec::String, "Sting"),
                ("count", labels::TypeSpec::Integer, "Integr"),
            ]
        );
        assert_eq!(
            join(&body.top.rows[1].description),
            "Specifies the image type."
        );
        let notes: Vec<_> = p
            .notes
            .iter()
            .filter(|n| n.kind == "type-misspelled")
            .map(|n| (n.at, n.message.as_str()))
            .collect();
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert_eq!(p.lines[notes[0].0].text, "Sting");
        assert!(
            notes[0].1.contains("type `Sting` read as `String`"),
            "{notes:?}"
        );
        assert!(
            notes[1].1.contains("type `Integr` read as `Integer`"),
            "{notes:?}"
        );
    }

    #[test]
    fn the_request_table_of_a_get_lists_query_parameters() {
        let p = page(&[
            "Title",
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
            "Page size.",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        assert!(p.request_body.is_none());
        assert_eq!(p.params.len(), 1);
        assert_eq!(p.params[0].kind, TableKind::Query);
        // A second table (the structure of an `Array` row) is no more query parameters.
        let p = page(&[
            "Title",
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
            "Page size.",
            "Table 2 members_links parameter description",
            "Parameter",
            "Type",
            "Description",
            "href",
            "String",
            "Link.",
        ]);
        assert_eq!(p.params.len(), 1);
        assert_eq!(p.params[0].rows.len(), 1);
        assert!(p.request_body.is_none());
        assert!(
            unplaced(&p)
                .iter()
                .any(|(_, why)| why.contains("no body table"))
        );
    }

    /// An example request as the tests see it: description, method, URL, whether it has a body, text.
    type Example = (String, String, String, bool, String);

    /// The request examples of a page with the URI line `PUT /v1/x` and these lines after it.
    fn request_examples(after_uri: &[&str]) -> (Page, Vec<Example>) {
        let mut lines = vec!["Title", "URI", "PUT /v1/x"];
        lines.extend(after_uri);
        let p = page(&lines);
        let examples = p
            .request_examples
            .iter()
            .map(|e| {
                (
                    join(&e.description),
                    e.method.clone(),
                    e.url.clone(),
                    e.body.is_some(),
                    e.text.clone(),
                )
            })
            .collect();
        (p, examples)
    }

    fn notes(p: &Page) -> Vec<&'static str> {
        p.notes.iter().map(|n| n.kind).collect()
    }

    #[test]
    fn an_example_body_without_a_request_line_is_a_request_to_the_uri_line() {
        let ex = |d: &str, text: &str| {
            (
                d.to_owned(),
                "PUT".to_owned(),
                "/v1/x".to_owned(),
                true,
                text.to_owned(),
            )
        };
        for (lines, want) in [
            // EVS: `Example request` and a body.
            (
                &["Example request", "{\"a\": 1}"][..],
                vec![ex("", "{\"a\": 1}")],
            ),
            // APIG: a description and a body, several times.
            (
                &[
                    "Example Requests",
                    "Updating A",
                    "{\"a\": 1}",
                    "Updating B",
                    "[1]",
                ][..],
                vec![ex("Updating A", "{\"a\": 1}"), ex("Updating B", "[1]")],
            ),
        ] {
            let (p, got) = request_examples(lines);
            assert_eq!(got, want, "{lines:?}");
            assert_eq!(unplaced(&p), vec![], "{lines:?}");
            assert_eq!(
                notes(&p),
                vec!["request-line-unstated"; want.len()],
                "{lines:?}"
            );
        }
        // Without a URI line there is no request to make it: unplaced, with the reason.
        let p = page(&["Title", "Example request", "Updating A", "{}"]);
        assert!(p.request_examples.is_empty());
        let why = "an example request body with no request line, and the page has no URI line to take one from";
        assert_eq!(unplaced(&p), vec![(4, why.to_owned()), (6, why.to_owned())]);
    }

    #[test]
    fn a_body_after_a_label_belongs_to_the_request_line_before_it() {
        // DCS: `Request URL:` / `POST …` / `Example:` / `{…}`: one example, its text verbatim.
        let (p, got) = request_examples(&[
            "Example request",
            "Request URL:",
            "POST https://h/v1/x",
            "Example:",
            "{\"a\": 1}",
        ]);
        let text = "POST https://h/v1/x\n\nExample:\n\n{\"a\": 1}";
        assert_eq!(
            got,
            vec![(
                "Request URL:".into(),
                "POST".into(),
                "https://h/v1/x".into(),
                true,
                text.into()
            )]
        );
        assert_eq!(unplaced(&p), vec![]);
        assert_eq!(notes(&p), Vec::<&str>::new());
    }

    #[test]
    fn text_after_the_last_example_request_ends_that_example() {
        // IAM: a three-step recipe (template, curl command, clean-up).
        let (p, got) = request_examples(&[
            "Example request",
            "1. Create f.json",
            "{\"a\": 1}",
            "2. Run",
            "curl -X POST -d @f.json https://h/v1/x",
            "3. Delete f.json",
            "rm f.json",
        ]);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].0, "1. Create f.json");
        assert_eq!(
            got[1].4,
            "curl -X POST -d @f.json https://h/v1/x\n\n3. Delete f.json\n\nrm f.json"
        );
        assert_eq!(unplaced(&p), vec![]);
        assert_eq!(
            notes(&p),
            vec!["request-line-unstated", "example-trailing-text"]
        );
        // With no example in the section, such text stays unplaced.
        let (p, got) = request_examples(&["Example request", "Some words"]);
        assert!(got.is_empty());
        assert_eq!(
            unplaced(&p),
            vec![(
                8,
                "text after the last example request, with no request line after it".to_owned()
            )]
        );
    }

    #[test]
    fn a_response_label_ends_the_example_requests() {
        // RDS v1: `Request example` / `{…}` / `Normal Response` / the response tables, no heading between.
        let (p, got) = request_examples(&[
            "Request example",
            "{\"restart\": {}}",
            "Normal Response",
            "Parameter description",
            "Table 3 Parameter description",
            "Name",
            "Type",
            "Description",
            "jobs",
            "String",
            "The job.",
            "Response example",
            "{\"jobs\": \"x\"}",
        ]);
        assert_eq!(got.len(), 1);
        assert_eq!(
            got[0].4, "{\"restart\": {}}",
            "the label is not example text"
        );
        assert_eq!(unplaced(&p), vec![]);
        assert_eq!(p.responses.len(), 1);
        let body = p.responses[0].body.as_ref().expect("a response body");
        assert_eq!(body.top.rows[0].name.text, "jobs");
        assert_eq!(p.response_examples.len(), 1);
        // A response label with an example right after it starts the example responses.
        let (p, got) = request_examples(&[
            "Request example",
            "{\"restart\": {}}",
            "Normal Response",
            "{\"jobs\": \"x\"}",
        ]);
        assert_eq!(got.len(), 1);
        assert_eq!(unplaced(&p), vec![]);
        assert!(p.responses.is_empty());
        assert_eq!(p.response_examples.len(), 1);
        assert_eq!(p.response_examples[0].blocks.len(), 1);
    }

    #[test]
    fn a_recipe_steps_response_between_example_requests_ends_that_steps_text() {
        // ELB AddingABackendServer: step 1 queries another service and shows its response under an
        // `Example response` heading; step 2 is the operation's request; the operation's own example response
        // comes last, under `Example Response` / `Example response`.
        let p = page(&[
            "Adding a Thing",
            "URI",
            "POST /v1/things",
            "Example Request",
            "Step 1: Query the port.",
            "GET https://{VPCEndpoint}/v1/ports",
            "Example response",
            "{\"ports\": []}",
            "Step 2: Add the thing.",
            "POST https://{Endpoint}/v1/things",
            "{\"thing\": {}}",
            "Example Response",
            "Example response",
            "{\"thing\": {\"id\": \"t1\"}}",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        let got: Vec<(&str, &str)> = p
            .request_examples
            .iter()
            .map(|e| (e.method.as_str(), e.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "GET",
                    "GET https://{VPCEndpoint}/v1/ports\n\nExample response\n\n{\"ports\": []}"
                ),
                (
                    "POST",
                    "POST https://{Endpoint}/v1/things\n\n{\"thing\": {}}"
                ),
            ]
        );
        assert_eq!(
            join(&p.request_examples[1].description),
            "Step 2: Add the thing."
        );
        assert_eq!(p.response_examples.len(), 1);
        let blocks: Vec<&str> = p.response_examples[0]
            .blocks
            .iter()
            .map(|b| b.text.as_str())
            .collect();
        assert_eq!(blocks, ["{\"thing\": {\"id\": \"t1\"}}"]);
        assert!(notes(&p).contains(&"recipe-step-response"));

        // Without another example-response section after it, the section is the operation's responses.
        let p = page(&[
            "Adding a Thing",
            "URI",
            "POST /v1/things",
            "Example Request",
            "POST https://{Endpoint}/v1/things",
            "{\"thing\": {}}",
            "Example response",
            "{\"thing\": {\"id\": \"t1\"}}",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        assert_eq!(p.request_examples.len(), 1);
        assert_eq!(p.response_examples.len(), 1);
    }

    #[test]
    fn a_url_alone_is_a_request_line_with_the_uri_method() {
        for (line, url) in [
            (
                "https://{dcs_endpoint}/v2/123/x",
                Some("https://{dcs_endpoint}/v2/123/x"),
            ),
            ("/v2/{project_id}/x", Some("/v2/{project_id}/x")),
            ("/", None),
            ("/x", None),
            ("https://h", None),
            ("/v2/x and more", None),
            ("Updating A", None),
        ] {
            assert_eq!(url_alone(line), url, "{line}");
        }
        let (p, got) = request_examples(&["Example Requests", "https://h/v1/x"]);
        assert_eq!(
            got,
            vec![(
                "".into(),
                "PUT".into(),
                "https://h/v1/x".into(),
                false,
                "https://h/v1/x".into()
            )]
        );
        assert_eq!(unplaced(&p), vec![]);
        assert_eq!(notes(&p), vec!["request-method-unstated"]);
    }

    #[test]
    fn a_sentence_ending_a_table_section_before_an_example_heading_describes_that_example() {
        // EVS ListSnapshots: the request section has no table, only a sentence introducing the example.
        let (p, ex) = request_examples(&[
            "Request",
            "The following example shows how to query the available ones.",
            "Example request",
            "GET https://{endpoint}/v1/x?status=available",
            "Response",
            "The following example shows the response.",
            "Example response",
            "{\"count\": 1}",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        assert_eq!(ex.len(), 1);
        assert_eq!(
            ex[0].0,
            "The following example shows how to query the available ones."
        );
        assert_eq!(ex[0].2, "https://{endpoint}/v1/x?status=available");
        assert_eq!(p.response_examples.len(), 1);
        assert_eq!(
            join(&p.response_examples[0].paragraphs),
            "The following example shows the response."
        );
        // A sentence before any other heading still fits nowhere.
        let (p, _) = request_examples(&["Request", "Something unexpected.", "Status Codes"]);
        assert_eq!(unplaced(&p).len(), 1);
    }

    #[test]
    fn a_type_spelling_in_place_of_the_type_header_cell_is_the_type_column() {
        // CCE CreateCluster: `Parameter` / `Mandatory` / `String` / `Description`, each row giving its type.
        let p = page(&[
            "Title",
            "URI",
            "POST /v1/x",
            "Request",
            "Table 2 Parameters in the request header",
            "Parameter",
            "Mandatory",
            "String",
            "Description",
            "Content-Type",
            "Yes",
            "String",
            "Message body type.",
            "X-Count",
            "No",
            "Integer",
            "How many.",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        assert_eq!(notes(&p), vec!["type-spelled-header"]);
        let rows: Vec<(&str, Option<bool>, &str)> = p.params[0]
            .rows
            .iter()
            .map(|r| (r.name.text.as_str(), r.mandatory, r.type_text.text.as_str()))
            .collect();
        assert_eq!(
            rows,
            [
                ("Content-Type", Some(true), "String"),
                ("X-Count", Some(false), "Integer")
            ]
        );
    }

    fn error_rows(p: &Page) -> Vec<(u16, String, String, Option<String>)> {
        p.error_codes
            .iter()
            .flatten()
            .map(|r| {
                (
                    r.status,
                    r.code.clone(),
                    r.solution.clone(),
                    r.module.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn an_error_code_page_with_text_before_its_table_and_a_module_column() {
        // VPC / Cloud Eye: paragraphs and an example error body before the table, a label repeating a header
        // cell, then `Module` given once for the rows it spans.
        let p = page(&[
            "Error Codes",
            "If an error occurs, error information is returned.",
            "{",
            "\"code\": \"VPC.0002\"",
            "}",
            "Error Code Description",
            "Module",
            "Status Code",
            "Error Code",
            "Error Code Description",
            "Handling Measure",
            "Public",
            "400",
            "VPC.0002",
            "The AZ is left blank.",
            "Specify the AZ.",
            "404",
            "VPC.0003",
            "The VPC does not exist.",
            "Check the VPC.",
            "Subnet",
            "400",
            "1100",
            "Invalid subnet.",
            "Check the subnet.",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        let public = Some("Public".to_owned());
        assert_eq!(
            error_rows(&p),
            [
                (
                    400,
                    "VPC.0002".into(),
                    "Specify the AZ.".into(),
                    public.clone()
                ),
                (404, "VPC.0003".into(), "Check the VPC.".into(), public),
                (
                    400,
                    "1100".into(),
                    "Check the subnet.".into(),
                    Some("Subnet".into())
                ),
            ]
        );
        assert_eq!(
            p.marks[2],
            Mark::Kept(Kept::ErrorCodeLead),
            "the lead paragraph is kept"
        );
    }

    #[test]
    fn a_multi_paragraph_error_code_cell_joins_the_rows_last_cell() {
        // ECS ErrorCode: the Solution cell of `Ecs.0001` is three paragraphs (`NOTE:` and its text), each on
        // its own line; the next row starts at the next status and error code.
        let p = page(&[
            "Error Codes",
            "HTTP Status Code",
            "Error Code",
            "Error Message",
            "Description",
            "Solution",
            "400",
            "Ecs.0001",
            "Insufficient ECS quota. Contact customer service to increase quota.",
            "The number of ECSs has reached the maximum allowed.",
            "Apply for higher quotas of the corresponding resources based on the returned error message.",
            "NOTE:",
            "When applying for increasing ECS resource quotas, you need to evaluate the number of ECSs, vCPUs, and memory capacity (RAM) required.",
            "400",
            "Ecs.0002",
            "A system exception occurred. Try again later or contact customer service.",
            "Failed to submit the task.",
            "Contact technical support to locate the fault.",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        assert_eq!(
            error_rows(&p),
            [
                (
                    400,
                    "Ecs.0001".into(),
                    "Apply for higher quotas of the corresponding resources based on the returned error \
                     message.\nNOTE:\nWhen applying for increasing ECS resource quotas, you need to evaluate \
                     the number of ECSs, vCPUs, and memory capacity (RAM) required."
                        .into(),
                    None
                ),
                (
                    400,
                    "Ecs.0002".into(),
                    "Contact technical support to locate the fault.".into(),
                    None
                ),
            ]
        );
    }

    #[test]
    fn rows_of_several_statuses_or_a_spaced_code_are_read() {
        // VPC `404/500` (one row for two statuses: an entry per status) and DCS `DCS. 4855` (a blank inside
        // the code: kept verbatim, noted as a doc defect) start rows; they were reported with the row before.
        for (status, code, statuses) in [
            ("404/500", "VPC.0105", &[404, 500][..]),
            ("400", "DCS. 4855", &[400][..]),
        ] {
            let p = page(&[
                "Error Codes",
                "Status Code",
                "Error Code",
                "Error Message",
                "Description",
                "Solution",
                "400",
                "VPC.0101",
                "getVpc error vpcId is invalid.",
                "VPC parameters are incorrect.",
                "Ensure that the specified VPC ID is correct.",
                status,
                code,
                "Neutron error.",
                "Calling the backend service fails.",
                "Contact technical support.",
                "500",
                "VPC.0106",
                "get router is null.",
                "An error is returned for the failure to call the backend service.",
                "Contact technical support.",
            ]);
            let mut expected = vec![(
                400,
                "VPC.0101".to_owned(),
                "Ensure that the specified VPC ID is correct.".to_owned(),
                None,
            )];
            for &s in statuses {
                expected.push((
                    s,
                    code.to_owned(),
                    "Contact technical support.".into(),
                    None,
                ));
            }
            expected.push((
                500,
                "VPC.0106".into(),
                "Contact technical support.".into(),
                None,
            ));
            assert_eq!(error_rows(&p), expected, "{status} {code}");
            assert_eq!(unplaced(&p), vec![], "{status} {code}");
            let blank_noted = p.notes.iter().any(|n| n.kind == "error-code-blank");
            assert_eq!(blank_noted, code.contains(' '), "{status} {code}");
        }
    }

    #[test]
    fn an_error_code_table_may_give_the_code_before_the_status() {
        // RDS: `Error Code` / `Response Code` / `Description`; a second paragraph joins the last cell; a
        // second table under the same header continues the first (its caption and header end the row before
        // them: DBS.200001 was reported); a table naming its errors by type (Trove) is read after them.
        let p = page(&[
            "Error Codes",
            "Table 1 V3 error codes",
            "Error Code",
            "Response Code",
            "Description",
            "DBS.108000",
            "500",
            "Server failure.",
            "DBS.108002",
            "500",
            "Server failure.",
            "A second paragraph.",
            "DBS.200001",
            "400",
            "Bad request.",
            "Table 2 V1 error codes",
            "Error Code",
            "Response Code",
            "Description",
            "RDS.9999",
            "500",
            "Failed to process the request.",
            "Table 3 Trove error codes",
            "Error Type",
            "Response Code",
            "Description",
            "badRequest",
            "400",
            "The request is malformed.",
        ]);
        assert_eq!(
            error_rows(&p),
            [
                (500, "DBS.108000".into(), String::new(), None),
                (500, "DBS.108002".into(), String::new(), None),
                (400, "DBS.200001".into(), String::new(), None),
                (500, "RDS.9999".into(), String::new(), None),
                (400, String::new(), String::new(), None),
            ]
        );
        let descriptions: Vec<&str> = p
            .error_codes
            .iter()
            .flatten()
            .map(|r| r.description.as_str())
            .collect();
        assert_eq!(
            descriptions[1..3],
            ["Server failure.\nA second paragraph.", "Bad request."],
            "the second paragraph joins the row's last cell; the next caption ends the row"
        );
        assert_eq!(p.marks[30], Mark::Kept(Kept::Label), "the second caption");
        assert_eq!(p.marks[44], Mark::Kept(Kept::Label), "the Trove caption");
        assert_eq!(unplaced(&p), vec![]);
        let trove = p.error_codes.iter().flatten().last().unwrap();
        assert_eq!(
            (trove.error_type.as_deref(), trove.description.as_str()),
            (Some("badRequest"), "The request is malformed.")
        );
    }

    #[test]
    fn a_table_of_error_types_is_read_only_when_every_line_is_a_row() {
        // RDS `Table 3 Trove error codes` read as error types; a line no row explains (`conflict` without its
        // status) leaves the whole table unplaced, named, not half read.
        let mut lines = vec![
            "Error Codes",
            "Table 1 V3 error codes",
            "Error Code",
            "Response Code",
            "Description",
            "DBS.108000",
            "500",
            "Server failure.",
            "Table 3 Trove error codes",
            "Error Type",
            "Response Code",
            "Description",
            "badRequest",
            "400",
            "Malformed.",
            "Still the description.",
            "overLimit",
            "413",
            "Quota exceeded",
        ];
        let p = page(&lines);
        assert_eq!(unplaced(&p), vec![]);
        let types: Vec<_> = p
            .error_codes
            .iter()
            .flatten()
            .map(|r| (r.status, r.error_type.clone(), r.description.clone()))
            .collect();
        assert_eq!(
            types,
            [
                (500, None, "Server failure.".to_owned()),
                (
                    400,
                    Some("badRequest".to_owned()),
                    "Malformed.\nStill the description.".to_owned()
                ),
                (
                    413,
                    Some("overLimit".to_owned()),
                    "Quota exceeded".to_owned()
                ),
            ]
        );
        lines.splice(12..12, ["conflict", "Conflict"]);
        let p = page(&lines);
        let unplaced = unplaced(&p);
        assert_eq!(unplaced.len(), 13, "{unplaced:?}");
        assert!(
            unplaced[0].1.contains("`Table 3 Trove error codes`"),
            "{}",
            unplaced[0].1
        );
        assert_eq!(p.error_codes.iter().flatten().count(), 1);
    }

    #[test]
    fn paragraphs_before_a_body_in_the_request_section_describe_it() {
        // CCE UpdateCluster: `Example request:`, then a sentence and a body, twice, with no request line.
        let (p, ex) = request_examples(&[
            "Request",
            "Example request:",
            "Updating the description of a cluster",
            "{\"a\": 1}",
            "Updating only the custom SAN",
            "{\"b\": 2}",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        let described: Vec<(&str, bool)> = ex.iter().map(|e| (e.0.as_str(), e.3)).collect();
        assert_eq!(
            described,
            [
                ("Updating the description of a cluster", true),
                ("Updating only the custom SAN", true)
            ]
        );
    }

    #[test]
    fn a_url_alone_between_tables_is_an_example_request() {
        // RDS ListInspectionHistories: `Request parameters` / `None` / `URI example` / the URL.
        let (p, ex) = request_examples(&[
            "Request",
            "Request parameters",
            "None",
            "URI example",
            "https://{Endpoint}/v1/x?offset=0",
            "Response",
            "None",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        assert_eq!(ex.len(), 1);
        assert_eq!(
            (ex[0].0.as_str(), ex[0].1.as_str(), ex[0].2.as_str()),
            ("URI example", "PUT", "https://{Endpoint}/v1/x?offset=0")
        );
        assert_eq!(notes(&p), vec!["request-method-unstated"]);
    }

    #[test]
    fn paragraphs_between_a_request_line_and_its_body_stay_in_its_text() {
        // DCS BatchDeletingDcsInstances: `DELETE https://…` / `Example request with allFailure set to false:`
        // / the body.
        let (p, ex) = request_examples(&[
            "Request",
            "Request URL:",
            "DELETE https://{endpoint}/v1/x?all={all}",
            "Example request with all set to false:",
            "{\"a\": 1}",
            "Response",
            "None",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        assert_eq!(ex.len(), 1);
        assert!(ex[0].3, "the body is the example's");
        assert_eq!(
            ex[0].4,
            "DELETE https://{endpoint}/v1/x?all={all}\n\nExample request with all set to false:\n\n{\"a\": 1}"
        );
    }

    #[test]
    fn a_response_header_table_may_head_its_name_column_response_item() {
        // IAM CreateUnscopeTokenByIdpInitiated: `Parameters in the response header` / `Response Item` /
        // `Type` / `Description`.
        let p = page(&[
            "Title",
            "URI",
            "POST /v3/x",
            "Response Parameters",
            "Parameters in the response header",
            "Response Item",
            "Type",
            "Description",
            "X-Subject-Token",
            "String",
            "Signed unscoped token.",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        let headers = p.responses[0].headers.as_ref().expect("a header table");
        assert_eq!(headers.rows[0].name.text, "X-Subject-Token");
    }

    #[test]
    fn a_kind_label_above_tables_with_their_own_captions_gives_their_kind() {
        // IAM ObtainingATemporaryAkSk: `Parameters in the request header`, then one header table per way of
        // calling, each captioned by that way (not by `Table N`). The label, not the URI section, says what
        // the tables are: header parameters, not the URI's query parameters.
        let p = page(&[
            "Title",
            "URI",
            "POST /v3.0/OS-CREDENTIAL/securitytokens",
            "Parameters in the request header",
            "Obtaining a temporary AK/SK with an agency token (methods is set to assume_role)",
            "Parameter",
            "Mandatory",
            "Type",
            "Description",
            "X-Auth-Token",
            "Yes",
            "String",
            "Token with permissions of the Agent Operator policy.",
            "Obtaining a temporary AK/SK with a user token or a federated token (methods is set to token)",
            "Parameter",
            "Mandatory",
            "Type",
            "Description",
            "Content-Type",
            "Yes",
            "String",
            "Fill application/json;charset=utf8 in this field.",
            "Request Parameters",
            "Parameters in the request body",
            "Name",
            "Type",
            "Mandatory",
            "Description",
            "auth",
            "TokenAuth object",
            "Yes",
            "Authentication information.",
            "auth",
            "Name",
            "Type",
            "Mandatory",
            "Description",
            "identity",
            "String",
            "Yes",
            "Authentication parameters.",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        let kinds: Vec<_> = p.params.iter().map(|t| t.kind.clone()).collect();
        assert_eq!(
            kinds,
            vec![TableKind::RequestHeader, TableKind::RequestHeader]
        );
        // The body's object table, captioned by its path, is still an object table.
        let body = p.request_body.as_ref().expect("a body table");
        assert_eq!(body.nested.len(), 1);
    }

    #[test]
    fn a_sub_parameter_column_of_n_a_cells_is_skipped() {
        // LTS CreatingALogGroup: `Parameter` / `Sub-Parameter` / `Mandatory` / `Type` / `Description`, the
        // second cell `N/A` (or `-`) on every row.
        let p = page(&[
            "Title",
            "URI",
            "POST /v2/x",
            "Request",
            "Table 2 Parameter description",
            "Parameter",
            "Sub-Parameter",
            "Mandatory",
            "Type",
            "Description",
            "log_group_name",
            "N/A",
            "Yes",
            "String",
            "Log group name.",
            "ttl_in_days",
            "-",
            "No",
            "Integer",
            "Retention.",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        let rows: Vec<(&str, Option<bool>)> = p
            .request_body
            .as_ref()
            .expect("a body")
            .top
            .rows
            .iter()
            .map(|r| (r.name.text.as_str(), r.mandatory))
            .collect();
        assert_eq!(
            rows,
            [("log_group_name", Some(true)), ("ttl_in_days", Some(false))]
        );
    }

    #[test]
    fn a_last_line_after_an_example_response_label_is_a_text_example() {
        // CCE DeleteAddonInstance: `Response parameters:` / `N/A` / `Example response:` / `success`.
        let p = page(&[
            "Title",
            "URI",
            "DELETE /v1/x",
            "Response",
            "Response parameters:",
            "N/A",
            "Example response:",
            "success",
            "Status Codes",
            "Status Code",
            "Description",
            "200",
            "OK",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        assert_eq!(p.response_examples.len(), 1);
        let b = &p.response_examples[0].blocks[0];
        assert_eq!((b.text.as_str(), b.json.is_none()), ("success", true));
        // RDS: after `Abnormal response`, the section's last line is a pointer, not an example.
        let p = page(&[
            "Title",
            "URI",
            "DELETE /v1/x",
            "Response",
            "Abnormal response",
            "For details, see Abnormal Request Results.",
            "Status Codes",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        assert!(p.response_examples.is_empty());
        // Not in the middle of a section: a sentence there fits nowhere.
        let p = page(&[
            "Title",
            "URI",
            "DELETE /v1/x",
            "Response",
            "Example response:",
            "success",
            "Something else.",
            "Status Codes",
        ]);
        assert!(!unplaced(&p).is_empty());
    }

    #[test]
    fn a_null_type_before_the_mandatory_cell_is_any_value() {
        // ECS LockingAnEcs: `Parameter` / `Type` / `Mandatory` / `Description`, row `lock` / `Null` / `Yes`.
        let p = page(&[
            "Title",
            "URI",
            "POST /v2/x/action",
            "Request",
            "Table 2 Request parameters",
            "Parameter",
            "Type",
            "Mandatory",
            "Description",
            "lock",
            "Null",
            "Yes",
            "Locks an ECS.",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        let row = &p.request_body.as_ref().expect("a body").top.rows[0];
        assert_eq!(
            (row.name.text.as_str(), &row.ty),
            ("lock", &labels::TypeSpec::Any)
        );
    }

    #[test]
    fn a_stray_mark_before_the_first_row_is_skipped_with_a_note() {
        // ELB QueryingForwardingPolicies: `_` between the header and `marker` left the page out.
        let p = page(&[
            "Title",
            "URI",
            "GET /v2.0/lbaas/l7policies",
            "Request",
            "Table 1 Parameter description",
            "Parameter",
            "Mandatory",
            "Type",
            "Description",
            "_",
            "marker",
            "No",
            "String",
            "Where the page starts.",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        let rows: Vec<&str> = p.params[0]
            .rows
            .iter()
            .map(|r| r.name.text.as_str())
            .collect();
        assert_eq!(rows, ["marker"]);
        assert_eq!(notes(&p), ["stray-mark"]);
        assert_eq!(p.notes[0].at, 18);
        // `-` / `String` (CCE, LTS, APIG `-` / `File`): a row named `-`, the body's one unnamed value.
        let p = page(&[
            "Title",
            "URI",
            "GET /x",
            "Response Parameters",
            "Status code: 200",
            "Table 3 Response body parameters",
            "Parameter",
            "Type",
            "Description",
            "-",
            "String",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        let rows = &p.responses[0].body.as_ref().expect("a body").top.rows;
        assert_eq!(rows[0].name.text, "-");
        assert_eq!(notes(&p), Vec::<&str>::new());
    }

    #[test]
    fn a_first_row_named_in_words_is_a_key_placeholder() {
        // ECS QueryingTheSpecifiedNetworkOfAnEcs: the keys are network names; the page names the row by what
        // the key holds, and its example uses the words as the key.
        let p = page(&[
            "Title",
            "URI",
            "GET /v2.1/x",
            "Response",
            "Table 3 Response parameters",
            "Parameter",
            "Type",
            "Description",
            "Network address of the ECS",
            "List(Dict)",
            "Specifies the network where the ECS accesses.",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        let rows = &p.responses[0].body.as_ref().expect("a body").top.rows;
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].name.text, "{Network address of the ECS}");
        assert!(labels::is_key_placeholder(&rows[0].name.text));
        assert_eq!(rows[0].name.at, 16);
        assert_eq!(
            join(&rows[0].description),
            "Specifies the network where the ECS accesses."
        );
        assert_eq!(notes(&p)[0], "worded-key-placeholder");
    }

    #[test]
    fn a_row_named_in_words_after_a_row_is_more_of_its_description() {
        // Only the first row may be named in words: after a row, `Some words` / `String` stays its text.
        let p = page(&[
            "Title",
            "URI",
            "GET /v2.1/x",
            "Response",
            "Table 3 Response parameters",
            "Parameter",
            "Type",
            "Description",
            "name",
            "String",
            "The name.",
            "Allowed values",
            "String",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        let rows = &p.responses[0].body.as_ref().expect("a body").top.rows;
        assert_eq!(rows.len(), 1);
        assert_eq!(
            join(&rows[0].description),
            "The name.\nAllowed values\nString"
        );
    }

    #[test]
    fn a_constraints_label_between_sections_is_part_of_the_description() {
        // ELB QueryingHealthChecks: `Constraints` and its paragraph after the URI line, before `Request`.
        let p = page(&[
            "Title",
            "Function",
            "This API queries health checks.",
            "URI",
            "GET /v2.0/lbaas/healthmonitors",
            "Constraints",
            "Parameters marker and limit are used for pagination query.",
            "Request",
            "None",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        assert_eq!(
            join(&p.description),
            "This API queries health checks.\nConstraints\nParameters marker and limit are used for pagination query."
        );
    }

    #[test]
    fn an_unknown_label_above_a_caption_is_a_noted_label() {
        // RDS ShowQuotas `Pequest parameters`, ListSslCertDownloadLink `Parameter parameters`: the table below
        // comes in by its caption, the misspelt label is a doc defect.
        let p = page(&[
            "Title",
            "URI",
            "GET /v3/x",
            "Request",
            "Pequest parameters",
            "Table 2 Request header parameters",
            "Parameter",
            "Mandatory",
            "Type",
            "Description",
            "X-Auth-Token",
            "Yes",
            "String",
            "The user token.",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        assert_eq!(p.marks[8], Mark::Kept(Kept::Label));
        assert_eq!(p.params[0].kind, TableKind::RequestHeader);
        assert_eq!(notes(&p), ["unknown-label"]);
        assert_eq!(p.notes[0].at, 8);
    }

    #[test]
    fn a_sentence_before_a_table_is_unplaced_unless_it_names_that_table() {
        // DCS BatchDeletingDcsInstances: a sentence naming `Table 3` right above `Table 3 …` is about it; a
        // sentence naming no table there fits nowhere.
        let lines = |sentence: &'static str| {
            page(&[
                "Title",
                "URI",
                "DELETE /v1.0/x",
                "Response",
                "Response parameters",
                sentence,
                "Table 3 Parameter description",
                "Parameter",
                "Type",
                "Description",
                "results",
                "String",
                "The results.",
            ])
        };
        let p = lines(
            "If allFailure is true, a response containing the parameter in Table 3 is returned.",
        );
        assert_eq!(unplaced(&p), vec![]);
        assert_eq!(p.marks[10], Mark::Kept(Kept::TableReference));
        let p = lines(
            "If allFailure is true, a response containing the parameter in Table 31 is returned.",
        );
        assert_eq!(unplaced(&p).iter().map(|u| u.0).collect::<Vec<_>>(), [10]);
    }

    #[test]
    fn several_remark_columns_are_read_as_description() {
        // ECS network tables: `Attribute` / `Type` / `CRUD` / `Default Value` / `Constraint` / `Remarks`.
        let p = page(&[
            "Title",
            "URI",
            "GET /v2.1/x",
            "Response",
            "Table 4 ECS network parameter structure description",
            "Attribute",
            "Type",
            "CRUD",
            "Default Value",
            "Constraint",
            "Remarks",
            "version",
            "Integer",
            "R",
            "N/A",
            "4 or 6",
            "The IP address version.",
        ]);
        assert_eq!(unplaced(&p), vec![]);
        let rows = &p.responses[0].body.as_ref().expect("a body").top.rows;
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].name.text, "version");
        assert_eq!(
            join(&rows[0].description),
            "R\nN/A\n4 or 6\nThe IP address version."
        );
    }
}
