//! The words of the page layout, in English and Chinese, and the type spellings of the tables.

use crate::spec::keys;

/// A heading that starts a section of an API page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Heading {
    /// "Function" / "功能介绍": the operation's description.
    Function,
    /// "Calling Method" / "调用方法": a pointer to the general calling guide.
    CallingMethod,
    /// "Authorization" / "授权信息": a pointer to the permission guide.
    Authorization,
    /// "Debugging" / "调试": a pointer to API Explorer.
    Debugging,
    /// "URI": the request line, path and query tables.
    Uri,
    /// "Request Parameters" / "请求参数".
    Request,
    /// "Response Parameters" / "响应参数".
    Response,
    /// "Example Requests" / "请求示例".
    ExampleRequests,
    /// "Example Responses" / "响应示例".
    ExampleResponses,
    /// "SDK Sample Code" / "SDK代码示例".
    SdkSamples,
    /// "Status Codes" / "状态码": the status-code table (no caption).
    StatusCodes,
    /// "Error Codes" / "错误码": a pointer to the error-code page.
    ErrorCodes,
    /// "Related Documents" / "相关文档": links.
    Related,
    /// "Returned Value" (older layouts): a pointer to the general status-code page.
    ReturnedValue,
}

impl Heading {
    /// The heading a line is, if it is one.
    pub(crate) fn of(line: &str) -> Option<Heading> {
        Some(match line {
            "Function" | "功能介绍" => Heading::Function,
            "Calling Method" | "调用方法" => Heading::CallingMethod,
            "Authorization" | "Authorization Information" | "授权信息" => {
                Heading::Authorization
            }
            "Debugging" | "调试" => Heading::Debugging,
            "URI" => Heading::Uri,
            // Older layouts head the sections `Request` and `Response`.
            "Request Parameters" | "Request" | "请求参数" => Heading::Request,
            "Response Parameters" | "Response" | "响应参数" => Heading::Response,
            "Example Requests" | "Example Request" | "请求示例" => Heading::ExampleRequests,
            "Example Responses" | "Example Response" | "响应示例" => Heading::ExampleResponses,
            "SDK Sample Code" | "SDK代码示例" => Heading::SdkSamples,
            // Older layouts: `Status Code` (RDS) or `Returned Values` (ECS, IMS) head the status codes.
            "Status Codes" | "Status Code" | "Returned Values" | "状态码" => {
                Heading::StatusCodes
            }
            "Error Codes" | "Error Code" | "错误码" => Heading::ErrorCodes,
            "Related Documents" | "相关文档" => Heading::Related,
            _ => return Heading::of_older_layout(line),
        })
    }

    /// Older layouts spell some headings in sentence case or singular (`Example request`, `Request
    /// parameters`, `Response parameter`) and add `Returned Value` and `Status Code` (exactly so: it is also
    /// the status-code table's first header cell, which that section reads before looking for headings,
    /// while a description paragraph reads `Status code`). Only these whole lines count: a table cell
    /// reading `Description` must not end a section.
    fn of_older_layout(line: &str) -> Option<Heading> {
        Some(match line.to_ascii_lowercase().as_str() {
            "request parameters" | "request parameter" => Heading::Request,
            "response parameters" | "response parameter" => Heading::Response,
            "example request" | "example requests" | "request example" => Heading::ExampleRequests,
            "example response" | "example responses" | "response example" => {
                Heading::ExampleResponses
            }
            "returned value" | "returned values" => Heading::ReturnedValue,
            _ if line == "Status Code" => Heading::StatusCodes,
            _ => return None,
        })
    }
}

/// `API name`: older layouts give the operation's API name on the line after this label, under a
/// `Description` line after the title.
pub(crate) fn is_api_name_label(line: &str) -> bool {
    line.eq_ignore_ascii_case("API name")
}

/// `URI format`: the label older layouts put before the request line.
pub(crate) fn is_uri_format_label(line: &str) -> bool {
    line.trim_end_matches([':', '：'])
        .eq_ignore_ascii_case("URI format")
}

/// `PATH: /v1/{project_id}/…`: the path line of older layouts (with `Method: GET` beside it).
pub(crate) fn path_label(line: &str) -> Option<&str> {
    let (label, rest) = line.split_once(':')?;
    label
        .trim()
        .eq_ignore_ascii_case("path")
        .then(|| rest.trim())
}

/// `Method: GET`: the method line of older layouts (with `PATH: /…` beside it).
pub(crate) fn method_label(line: &str) -> Option<&str> {
    let (label, rest) = line.split_once(':')?;
    label
        .trim()
        .eq_ignore_ascii_case("method")
        .then(|| rest.trim())
}

/// `Updated on 2024-07-04 GMT+08:00` / `更新时间:2024-12-16 GMT+08:00`.
pub(crate) fn is_updated_on(line: &str) -> bool {
    line.starts_with("Updated on ")
        || line.starts_with("Updated at ")
        || line.starts_with("更新时间:")
        || line.starts_with("更新时间：")
}

/// `Share` / `分享`.
pub(crate) fn is_share(line: &str) -> bool {
    matches!(line, "Share" | "分享")
}

/// `None` / `N/A` / `无`: a section with nothing in it.
pub(crate) fn is_none(line: &str) -> bool {
    matches!(
        line,
        "None"
            | "N/A"
            | "无"
            | "The request has no message body."
            | "The response has no message body."
    )
}

/// The most characters a key placeholder name cell runs to (the corpus's longest, `{User defined key}`,
/// has 18); a longer braced line is a sentence or a JSON value.
const MAX_KEY_PLACEHOLDER_LEN: usize = 40;

/// A name cell that names no field but stands for keys the caller chooses (`{User defined key}`,
/// `{Customized_key}`): letters, digits, blanks, `_` and `-` in braces. Its row gives the type of every
/// value of the object, which is then a map (`additionalProperties`).
pub(crate) fn is_key_placeholder(name: &str) -> bool {
    name.len() <= MAX_KEY_PLACEHOLDER_LEN
        && name
            .strip_prefix('{')
            .and_then(|n| n.strip_suffix('}'))
            .is_some_and(|inner| {
                inner.chars().any(|c| c.is_ascii_alphabetic())
                    && inner
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '_' | '-'))
            })
}

/// A name cell in words where a table's first row belongs (ECS `Network address of the ECS` / `List(Dict)`,
/// `User customization` / `String`): older pages name the keys the service chooses by what they hold (their
/// examples use the words as the key). Two words or more, from a capital, of letters, digits, blanks, `_` and
/// `-` (no sentence punctuation): the placeholder `{…}` of those words, read as [`is_key_placeholder`] reads it.
pub(crate) fn worded_key_placeholder(name: &str) -> Option<String> {
    let worded = name.contains(' ')
        && name.starts_with(|c: char| c.is_ascii_uppercase())
        && !name.ends_with(' ');
    let placeholder = format!("{{{name}}}");
    (worded && is_key_placeholder(&placeholder)).then_some(placeholder)
}

/// A line of punctuation only (ELB QueryingForwardingPolicies' `_` between the header and the first row): a
/// stray mark of the page's source, no cell.
pub(crate) fn is_stray_mark(line: &str) -> bool {
    (1..=MAX_STRAY_MARK_LEN).contains(&line.len()) && line.chars().all(|c| c.is_ascii_punctuation())
}

/// The longest line [`is_stray_mark`] takes for a stray mark (`_`, `--`); longer runs of punctuation may be
/// meant (an ASCII rule), and stay for the table reader.
const MAX_STRAY_MARK_LEN: usize = 3;

/// `Constraints` (ELB QueryingHealthChecks, after the URI line): a label whose paragraphs say when the API
/// may be called, part of what the page says the API does.
pub(crate) fn is_constraints_label(line: &str) -> bool {
    matches!(
        line.trim_end_matches(':'),
        "Constraints" | "Constraint" | "约束与限制"
    )
}

/// A short line in words that reads as a label but is none the transcriber knows (RDS `Pequest parameters`,
/// `Parameter parameters`: typos of `Request parameters`): one to [`MAX_LABEL_WORDS`] words of letters, from a
/// capital, no sentence punctuation (a trailing `:` aside).
pub(crate) fn is_label_like(line: &str) -> bool {
    let words = line.trim_end_matches(':');
    (1..=MAX_LABEL_WORDS).contains(&words.split_whitespace().count())
        && words.starts_with(|c: char| c.is_ascii_uppercase())
        && words.chars().all(|c| c.is_ascii_alphabetic() || c == ' ')
}

/// The most words [`is_label_like`] takes for a label: the corpus's labels have at most four (`Request
/// filter parameters`); a longer line is a sentence.
const MAX_LABEL_WORDS: usize = 4;

/// Whether a sentence names `Table n` of the page (`… a response containing the parameter in Table 3 is
/// returned.`), not `Table 31`.
pub(crate) fn names_table(line: &str, n: u32) -> bool {
    let name = format!("Table {n}");
    line.ends_with('.')
        && line
            .match_indices(&name)
            .any(|(at, _)| !line[at + name.len()..].starts_with(|c: char| c.is_ascii_digit()))
}

/// A name cell that names no field but the elements of a body that is an array (Cloud Eye `[Array
/// element]` / `Array elements`, typed `Array of EventItem objects`; IMS `[Array]` / `Array of objects`, the
/// JSON patch the examples send as `[{"op": …}]`; CCE and FunctionGraph `[items]`, typed `Array of ChartResp
/// objects`, the brackets saying it is no member name): the body is the row's array.
pub(crate) fn is_element_placeholder(name: &str) -> bool {
    let bracketed = name.strip_prefix('[').and_then(|n| n.strip_suffix(']'));
    let words = bracketed.unwrap_or(name).to_ascii_lowercase();
    matches!(words.as_str(), "array element" | "array elements")
        || (bracketed.is_some() && matches!(words.as_str(), "array" | "items" | "item"))
}

/// `NOTE:` / `IMPORTANT:` / `Note: Curly brackets {} …`: a remark the doc sets off from the text; the
/// paragraphs after a bare label belong to it.
pub(crate) fn is_note(line: &str) -> bool {
    [
        "NOTE:",
        "Note:",
        "IMPORTANT:",
        "CAUTION:",
        "WARNING:",
        "NOTICE:",
    ]
    .iter()
    .any(|l| line.starts_with(l))
}

/// Whether a bare note label opens a note whose paragraphs follow (`NOTE:` alone on its line).
pub(crate) fn is_note_label(line: &str) -> bool {
    is_note(line) && line.ends_with(':') && !line.contains(' ')
}

/// `The following table describes the response parameters.`: a sentence about the table after it.
pub(crate) fn is_next_table_sentence(line: &str) -> bool {
    line.starts_with("The following table describes") && line.ends_with('.')
}

/// `For details about the response parameters, see Table 3.`: a sentence that sends the reader to table `N`
/// of the page (not a caption: it ends with a full stop and says `see`).
pub(crate) fn table_reference(line: &str) -> Option<u32> {
    if !line.ends_with('.') {
        return None;
    }
    let at = line.find("see Table ")?;
    let digits: String = line[at + "see Table ".len()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// `Status code: 200` / `状态码: 200` (ASCII or full-width colon).
pub(crate) fn status_line(line: &str) -> Option<u16> {
    // `STATUS CODE 200`: the example responses of older layouts (IMS).
    let rest = [
        "Status code:",
        "Status Code:",
        "STATUS CODE ",
        "状态码:",
        "状态码：",
    ]
    .iter()
    .find_map(|p| line.strip_prefix(p))?;
    status_code(rest.trim())
}

/// A three-digit HTTP status.
pub(crate) fn status_code(s: &str) -> Option<u16> {
    if s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok().filter(|c| (100..600).contains(c))
    } else {
        None
    }
}

/// `Yes` / `No` / `是` / `否` in a Mandatory column; also the column's own word for yes, `Mandatory` / `必选`,
/// and `Optional` / `可选` for no (IAM ObtainingATemporaryAkSk: `credential` / `Mandatory` / `Object` under
/// `Parameter` / `Mandatory` / `Type` / `Description`, beside `duration_seconds` / `No` / `Int`).
pub(crate) fn yes_no(line: &str) -> Option<bool> {
    match line {
        "Yes" | "yes" | "是" | "必选" | "Mandatory" => Some(true),
        "No" | "no" | "否" | "可选" | "Optional" => Some(false),
        _ => None,
    }
}

/// `Yes (If …, this parameter is optional.)`: a Yes/No cell with a condition in brackets, and the condition.
pub(crate) fn yes_no_remark(cell: &str) -> Option<(bool, &str)> {
    let (word, rest) = cell.split_once(" (")?;
    let remark = rest.strip_suffix(')')?.trim();
    Some((yes_no(word)?, remark)).filter(|_| !remark.is_empty())
}

/// A column of a parameter table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Column {
    /// Parameter name.
    Name,
    /// Mandatory (Yes/No).
    Mandatory,
    /// Type spelling.
    Type,
    /// Description paragraphs.
    Description,
    /// Remarks beside the description (VPC `Constraint`, `Remarks`; ECS `CRUD`, `Default Value`): a row's cell in it is read as one more
    /// paragraph of its description, in page order.
    Remark,
    /// `Sub-Parameter` after the name column (LTS): `-` or `N/A` there marks a top-level row (see
    /// [`is_no_sub_parameter`]).
    SubName,
}

/// The column a header cell names.
pub(crate) fn column(cell: &str) -> Option<Column> {
    Some(match cell {
        // IAM's response header tables head the name column `Response Item`.
        // ECS's network tables head the name column `Attribute` (`Attribute` / `Type` / `CRUD` / `Default Value`
        // / `Constraint` / `Remarks`).
        "Parameter" | "Name" | "Response Item" | "Attribute" | "参数" | "名称" | "参数名" => {
            Column::Name
        }
        "Mandatory" | "Required" | "是否必选" | "必选" => Column::Mandatory,
        "Type" | "参数类型" | "类型" => Column::Type,
        "Description" | "描述" | "说明" => Column::Description,
        "Constraint" | "Constraints" | "Remarks" | "Remark" | "CRUD" | "Default Value" => {
            Column::Remark
        }
        "Sub-Parameter" | "Sub-parameter" => Column::SubName,
        _ => return None,
    })
}

/// `-` / `N/A` in a `Sub-Parameter` cell: the row is a parameter of its own, not a member of another.
pub(crate) fn is_no_sub_parameter(cell: &str) -> bool {
    matches!(cell, "-" | "N/A" | "—")
}

/// The status a response has when the page gives none: OpenAPI's `default`. Sections and examples without a
/// status line start with [`UNSTATED_STATUS`]; when the page has done, a response takes the page's only success
/// status, else this (`responses.default`).
pub(crate) const DEFAULT_STATUS: u16 = 0;

/// The status of a response section or example the page gives no status line for, until the page is read.
pub(crate) const UNSTATED_STATUS: u16 = 1;

/// The key of a status in `responses`: the number, or `default` for [`DEFAULT_STATUS`].
pub(crate) fn status_key(status: u16) -> String {
    if status == DEFAULT_STATUS {
        keys::DEFAULT.to_owned()
    } else {
        status.to_string()
    }
}

/// The response key of an operation whose page states no status code: any 2xx.
pub(crate) const SUCCESS_RANGE: &str = "2XX";

/// Its description.
pub(crate) const NO_STATUS_DESCRIPTION: &str = "Success. The page states no status code.";

/// The description of a status the page describes in no words: the standard reason phrase (RFC 9110).
pub(crate) fn reason_phrase(status: u16) -> &'static str {
    match status {
        DEFAULT_STATUS => "The response the page gives without a status code.",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non-Authoritative Information",
        204 => "No Content",
        206 => "Partial Content",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Response",
    }
}

/// `400 Bad Request`: a status cell of older layouts' status tables, the code and its reason phrase.
pub(crate) fn status_with_phrase(cell: &str) -> Option<u16> {
    let (code, phrase) = cell.split_once(' ')?;
    let phrase = phrase.trim();
    (!phrase.is_empty()
        && phrase
            .split(' ')
            .all(|w| w.starts_with(|c: char| c.is_ascii_uppercase())))
    .then(|| status_code(code))
    .flatten()
}

/// The status a sentence says is returned (ELB v2.0 `If the operation succeeds, 202 Accepted is returned. For
/// details, see …`, the only status such a Status Codes section gives): a code followed by its own standard
/// reason phrase, in a sentence saying it `is returned`. Only one such code: a sentence naming two is not read.
pub(crate) fn status_in_sentence(line: &str) -> Option<u16> {
    if !line.contains(" is returned") {
        return None;
    }
    let mut found = line
        .match_indices(|c: char| c.is_ascii_digit())
        .filter_map(|(at, _)| {
            // A code starts a word: no digit or letter just before it.
            let before = line[..at].chars().next_back();
            if before.is_some_and(|c| c.is_ascii_alphanumeric()) {
                return None;
            }
            let code = line.get(at..at + 3)?;
            let status = status_code(code)?;
            let phrase = reason_phrase(status);
            // `Response` is the word for a code with no standard phrase here: not a phrase to find.
            (phrase != "Response" && line[at + 3..].strip_prefix(' ')?.starts_with(phrase))
                .then_some(status)
        });
    let status = found.next()?;
    found.next().is_none().then_some(status)
}

/// `or` alone between two example blocks (EVS `{…}` / `or` / `{…}`): the boundary between them, no caption of
/// either.
pub(crate) fn is_example_separator(line: &str) -> bool {
    matches!(line.to_ascii_lowercase().as_str(), "or" | "或")
}

/// `Example request`, `Normal response`, `Example normal response`: the labels older layouts put before example
/// requests, response tables and example responses, inside the Request and Response sections.
pub(crate) fn is_example_label(line: &str) -> bool {
    matches!(
        line.trim_end_matches(':').to_ascii_lowercase().as_str(),
        "example"
            | "examples"
            | "example request"
            | "request example"
            | "example response"
            | "response example"
            | "example normal response"
            | "example abnormal response"
            | "normal response"
            | "abnormal response"
    )
}

/// A label older layouts put between the tables of a section: `Parameter description`, `Request parameters`,
/// an example label, or a sentence about the next table (`Table 2 describes the request parameters.`).
pub(crate) fn is_table_label(line: &str) -> bool {
    is_example_label(line)
        || (caption(line).is_some() && line.ends_with('.'))
        || matches!(
            line.trim_end_matches(':').to_ascii_lowercase().as_str(),
            "parameter description"
                | "parameters description"
                | "parameters"
                | "request parameters"
                | "request parameter"
                | "request filter parameters"
                | "request query parameters"
                | "response parameters"
                | "response parameter"
                | "request body"
                | "response body"
        )
}

/// `Normal Response`, `Example normal response`: a label that starts the response part of a section.
pub(crate) fn is_response_label(line: &str) -> bool {
    is_example_label(line) && line.to_ascii_lowercase().contains("response")
}

/// `Normal` / `Abnormal`: the labels older layouts group the status codes under.
pub(crate) fn is_status_group_label(line: &str) -> bool {
    matches!(line, "Normal" | "Abnormal")
}

/// `Returned Value` / `Description`: the header cells of older layouts' status tables.
pub(crate) fn is_returned_value_header(cell: &str) -> bool {
    matches!(cell, "Returned Value" | "Returned Values" | "Status Code")
}

/// `For details, see Status Codes.` / `See Returned Values for General Requests.`: a sentence that only points
/// to another page.
pub(crate) fn is_pointer_sentence(line: &str) -> bool {
    (line.starts_with("For details, see ")
        || line.starts_with("See ")
        || line.starts_with("For details about "))
        && line.ends_with('.')
        && !line.contains("Table ")
}

/// The header cells of the status-code table.
pub(crate) fn is_status_code_header(cell: &str) -> bool {
    matches!(cell, "Status Code" | "状态码")
}

/// The description header cell of the status-code table.
pub(crate) fn is_description_header(cell: &str) -> bool {
    matches!(cell, "Description" | "描述")
}

/// A column of the error-code table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ErrorColumn {
    /// HTTP status.
    Status,
    /// `DMS.00400002`.
    Code,
    /// The `error_msg` text.
    Message,
    /// What it means.
    Description,
    /// What to do.
    Solution,
    /// The part of the service the code belongs to (VPC `Public`, Cloud Eye `API`), given once for the rows
    /// it spans.
    Module,
    /// The error's name where a table gives no code (RDS `Table 3 Trove error codes`: `Error Type` /
    /// `badRequest`, the member naming an OpenStack fault body, `{"badRequest": {"code": 400, …}}`).
    Type,
}

/// The error-code column a header cell names. The corpus spells the code column `Error Codes` (plural), the
/// status column `HTTP Status Code` (ECS) or `Response Code` (RDS), the solution `Measure` (IAM) or
/// `Troubleshooting` (CCE).
pub(crate) fn error_column(cell: &str) -> Option<ErrorColumn> {
    Some(match cell {
        "Status Code" | "HTTP Status Code" | "Response Code" | "状态码" => ErrorColumn::Status,
        "Error Code" | "Error Codes" | "错误码" => ErrorColumn::Code,
        "Error Message" | "Message" | "错误信息" => ErrorColumn::Message,
        "Description" | "Error Description" | "Error Code Description" | "描述" => {
            ErrorColumn::Description
        }
        "Solution" | "Handling Measure" | "Measure" | "Troubleshooting" | "处理措施" => {
            ErrorColumn::Solution
        }
        "Module" => ErrorColumn::Module,
        "Error Type" | "Error Types" => ErrorColumn::Type,
        _ => return None,
    })
}

/// What a table caption says the table is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TableKind {
    /// The URI's parameters in one table (older layouts): a row named by a `{placeholder}` of the path is a
    /// path parameter, any other row a query parameter.
    Uri,
    /// Path parameters.
    Path,
    /// Query parameters.
    Query,
    /// Request header parameters.
    RequestHeader,
    /// The request body's top table.
    RequestBody,
    /// A response body's top table.
    ResponseBody,
    /// Response headers.
    ResponseHeader,
    /// An object table, linked from a type cell by this name.
    Nested(String),
}

/// The title of a caption line (`Response body parameters` of `Table 3 Response body parameters`).
pub(crate) fn caption_title(line: &str) -> Option<&str> {
    let rest = line
        .strip_prefix("Table ")
        .or_else(|| line.strip_prefix("表"))?
        .trim_start();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let title = rest[digits..].trim();
    (digits > 0 && !title.is_empty()).then_some(title)
}

/// Splits `Table 3 Response body parameters` / `表3 响应Body参数` into its number and kind.
pub(crate) fn caption(line: &str) -> Option<(u32, TableKind)> {
    let rest = line
        .strip_prefix("Table ")
        .or_else(|| line.strip_prefix("表"))?
        .trim_start();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let number = rest[..digits].parse().ok()?;
    let title = rest[digits..].trim();
    if title.is_empty() {
        return None;
    }
    Some((number, table_kind(title)))
}

/// What a caption's title (`Path Parameters`, after `Table N`) says the table is. Older layouts caption the
/// URI's table `URI parameters` (placeholders and query together) and the header table `Parameters in the
/// request header`.
pub(crate) fn table_kind(title: &str) -> TableKind {
    match title.to_ascii_lowercase().as_str() {
        "uri parameters" | "uri parameter" => TableKind::Uri,
        "parameters in the request header" => TableKind::RequestHeader,
        "parameters in the request body" => TableKind::RequestBody,
        "parameters in the response body" => TableKind::ResponseBody,
        "parameters in the response header" => TableKind::ResponseHeader,
        "path parameters" | "路径参数" => TableKind::Path,
        "query parameters" | "query参数" => TableKind::Query,
        "request header parameters" | "请求header参数" => TableKind::RequestHeader,
        "request body parameters" | "请求body参数" => TableKind::RequestBody,
        "response body parameters" | "响应body参数" => TableKind::ResponseBody,
        "response header parameters" | "响应header参数" => TableKind::ResponseHeader,
        // `Description of the request header parameter` (EVS).
        t if t.contains("request header") => TableKind::RequestHeader,
        _ => TableKind::Nested(title.to_owned()),
    }
}

/// The kind a label line names when it stands above tables that carry captions of their own (IAM
/// `Parameters in the request header` above one header table per way of calling): only the kinds of flat
/// parameter tables, whose rows link to no object table, so the label cannot swallow a body's object tables.
pub(crate) fn parameter_label_kind(line: &str) -> Option<TableKind> {
    match table_kind(line) {
        kind @ (TableKind::Uri
        | TableKind::Path
        | TableKind::Query
        | TableKind::RequestHeader
        | TableKind::ResponseHeader) => Some(kind),
        _ => None,
    }
}

/// A type cell, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TypeSpec {
    /// `String`.
    String,
    /// `Integer` (int32).
    Integer,
    /// `Long` (int64).
    Long,
    /// `Boolean`.
    Boolean,
    /// `Double`.
    Double,
    /// `Float`.
    Float,
    /// `Number`.
    Number,
    /// `Object` with no table: free-form.
    Object,
    /// `Array of …`.
    Array(Box<TypeSpec>),
    /// `X object`: the table captioned `X`.
    Table(String),
    /// `Map<String,V>`.
    Map(Box<TypeSpec>),
    /// The table has no Type column (older layouts' URI tables): the page does not say.
    Unstated,
    /// Any JSON value: the elements of a bare `list` (EVS), whose type the page does not give.
    Any,
    /// `File`: a file uploaded in a form (`FormData parameters`) or returned as the body: binary data.
    File,
}

impl TypeSpec {
    /// The table this type links to, if any.
    pub(crate) fn table(&self) -> Option<&str> {
        match self {
            TypeSpec::Table(name) => Some(name),
            TypeSpec::Array(inner) | TypeSpec::Map(inner) => inner.table(),
            _ => None,
        }
    }

    /// A type cell that names a scalar (`String`, `Integer`, …): no table describes such a value unless the
    /// page is wrong.
    pub(crate) fn is_scalar(&self) -> bool {
        matches!(
            self,
            TypeSpec::String
                | TypeSpec::Integer
                | TypeSpec::Long
                | TypeSpec::Boolean
                | TypeSpec::Double
                | TypeSpec::Float
                | TypeSpec::Number
        )
    }

    /// The value type of a map of scalars, or of the maps a list holds (`list<map<String,String>>` →
    /// `String`): such a map has no fields, so a table its row points at lists the map's keys.
    pub(crate) fn scalar_map_value(&self) -> Option<&TypeSpec> {
        match self {
            TypeSpec::Map(value) => value.is_scalar().then_some(&**value),
            TypeSpec::Array(inner) => inner.scalar_map_value(),
            _ => None,
        }
    }
}

fn scalar(word: &str) -> Option<TypeSpec> {
    Some(match word.to_ascii_lowercase().as_str() {
        "string" => TypeSpec::String,
        "integer" | "int" | "int32" => TypeSpec::Integer,
        "long" | "int64" => TypeSpec::Long,
        "boolean" | "bool" => TypeSpec::Boolean,
        "double" => TypeSpec::Double,
        "float" => TypeSpec::Float,
        "number" | "bigdecimal" => TypeSpec::Number,
        "object" => TypeSpec::Object,
        _ => return None,
    })
}

/// `NUMBER`, `HTTP_COOKIE`: two or more capital letters (digits and `_` allowed), no lower case.
fn is_capitals(s: &str) -> bool {
    s.bytes().filter(u8::is_ascii_uppercase).count() >= 2
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

/// `Table 1`: older layouts name a type by its table's number (`Array of Table 1 objects`).
fn is_table_number(s: &str) -> bool {
    s.strip_prefix("Table ")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

fn is_identifier(s: &str) -> bool {
    if is_table_number(s) {
        return true;
    }
    is_plain_identifier(s) || is_namespaced_identifier(s)
}

fn is_plain_identifier(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// An OpenStack extension attribute's name, `namespace:name` (VPC `binding:vif_details object`, captioned
/// `Table 8 binding:vif_details object`): the namespace may have `-` (`OS-EXT-IPS:type`), the name is an
/// identifier.
fn is_namespaced_identifier(s: &str) -> bool {
    s.split_once(':').is_some_and(|(namespace, name)| {
        namespace.starts_with(|c: char| c.is_ascii_alphabetic())
            && namespace
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            && is_plain_identifier(name)
    })
}

/// A table's name in `Array of X objects`: an identifier, or (VPC: `Array of Security Group Rule objects`,
/// `Array of firewall Policy object`) up to three identifier words, which the table's caption repeats.
fn is_table_name(s: &str) -> bool {
    let words: Vec<&str> = s.split(' ').collect();
    is_identifier(s)
        || (words.len() <= 3
            && words
                .iter()
                .all(|w| is_identifier(w) && !is_table_number(w)))
}

/// Parses a type cell: `String`, `Integer`, `Long`, `Boolean`, `Double`, `Float`, `Number`, `Object`,
/// `Array of strings|integers|…`, `Array of X objects`, `X object`, `Map<String,V>`.
///
/// A cell in capitals (`NUMBER`, `STRING`) is not a type: the doc spells types `String`/`string`, and capitals
/// are enumeration values listed in the previous row's description (`Enumeration values:` / `STRING` /
/// `NUMBER`), which must stay there rather than become a field `STRING` of type `Number`.
pub(crate) fn parse_type(cell: &str) -> Option<TypeSpec> {
    let cell = cell.trim();
    if is_capitals(cell) {
        return None;
    }
    if let Some(t) = older_type(cell).or_else(|| loose_type(cell)) {
        return Some(t);
    }
    if let Some(t) = scalar(cell) {
        return Some(t);
    }
    // Older layouts: `JSON object` for a free-form object; `AnyType` for any JSON value.
    if cell.eq_ignore_ascii_case("JSON object") || cell == "AnyType" {
        return Some(TypeSpec::Object);
    }
    // `Array<String>` (inside map spellings); `Array<Array<AvailabilityZone>>` (ELB ListAvailabilityZones):
    // a table's name inside, as in `Map<String,ResponseInfo>`.
    if let Some(of) = cell
        .strip_prefix("Array<")
        .and_then(|r| r.strip_suffix('>'))
    {
        let of = of.trim();
        return parse_type(of)
            .or_else(|| {
                (is_identifier(of) && !is_capitals(of)).then(|| TypeSpec::Table(of.to_owned()))
            })
            .map(|inner| TypeSpec::Array(Box::new(inner)));
    }
    if let Some(of) = cell
        .strip_prefix("Array of ")
        .or_else(|| cell.strip_prefix("array of "))
    {
        let of = of.trim();
        // Arrays nest: `Array of Array of numbers`, `Array of arrays of Dimension objects`.
        if of.starts_with("Array of ") || of.starts_with("array of ") {
            return parse_type(of).map(|inner| TypeSpec::Array(Box::new(inner)));
        }
        if let Some(rest) = of
            .strip_prefix("arrays of ")
            .or_else(|| of.strip_prefix("Arrays of "))
        {
            return parse_type(&format!("Array of {rest}"))
                .map(|inner| TypeSpec::Array(Box::new(inner)));
        }
        // `Array of firewall_rules_link Object` (VPC): the word in either case.
        if let Some(name) = [" objects", " object", " Objects", " Object"]
            .iter()
            .find_map(|s| of.strip_suffix(s))
        {
            // `Array of Map<String,String> objects` (EVS `tags`): the objects are maps, spelled as a type.
            if let Some(map) = parse_type(name).filter(|t| matches!(t, TypeSpec::Map(_))) {
                return Some(TypeSpec::Array(Box::new(map)));
            }
            return is_table_name(name.trim())
                .then(|| TypeSpec::Array(Box::new(TypeSpec::Table(name.trim().to_owned()))));
        }
        let singular = of.strip_suffix('s').unwrap_or(of);
        return scalar(singular).map(|t| TypeSpec::Array(Box::new(t)));
    }
    if let Some(t) = captioned_type(cell) {
        return Some(t);
    }
    // `deleteOption Object` (CCE DeleteCluster): the word in either case, as in `Array of X Object`.
    if let Some(name) = cell
        .strip_suffix(" object")
        .or_else(|| cell.strip_suffix(" Object"))
    {
        return is_identifier(name).then(|| TypeSpec::Table(name.to_owned()));
    }
    // `MasterSpec objects` (CCE): the plural without `Array of`, a list of them.
    if let Some(name) = cell.strip_suffix(" objects") {
        return is_identifier(name)
            .then(|| TypeSpec::Array(Box::new(TypeSpec::Table(name.to_owned()))));
    }
    if let Some(args) = cell.strip_prefix("Map<").and_then(|r| r.strip_suffix('>')) {
        let (key, value) = args.split_once(',')?;
        if !key.trim().eq_ignore_ascii_case("string") {
            return None;
        }
        // The value: a scalar, another spelling (`Array<String>`, `Map<String,…>`), or a table's name
        // (`Map<String,ResponseInfo>`).
        let value = value.trim();
        let value = parse_type(value).or_else(|| {
            is_identifier(value)
                .then(|| TypeSpec::Table(value.to_owned()))
                .filter(|_| !is_capitals(value))
        })?;
        return Some(TypeSpec::Map(Box::new(value)));
    }
    None
}

/// `Table6 Data structure of the nodeTemplate field object` (CCE UpdateNodePool): a type cell that gives a
/// table's whole caption and `object`, the link the page text lost. The number may be glued to `Table` and
/// may not be the table's (that page's `Table 6` is another table), so the title alone names the table:
/// the object the table titled so describes. A title of one word is the recent layout's `X object`.
fn captioned_type(cell: &str) -> Option<TypeSpec> {
    let rest = cell.strip_prefix("Table")?.trim_start();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let title = rest[digits..].trim().strip_suffix(" object")?.trim();
    (digits > 0 && title.split_whitespace().count() >= 2).then(|| TypeSpec::Table(title.to_owned()))
}

/// The type spellings of older layouts: `Dictionary data structure. For details, see Table 3.` (an object
/// whose table the sentence names), `List data structure. …` / `Array. …` (a list of such objects), a bare
/// `list` / `List` / `Array` (elements of no stated type), `List<String>`, `Set<String>`, `List<resource_tag>`,
/// `list<map<String,String>>`.
fn older_type(cell: &str) -> Option<TypeSpec> {
    let head = cell.split('.').next().unwrap_or(cell).trim();
    match head {
        "Dictionary data structure" => return Some(TypeSpec::Object),
        "List data structure" => return Some(TypeSpec::Array(Box::new(TypeSpec::Object))),
        "Array" if cell != head => return Some(TypeSpec::Array(Box::new(TypeSpec::Object))),
        _ => {}
    }
    if matches!(cell, "list" | "List" | "Array") {
        return Some(TypeSpec::Array(Box::new(TypeSpec::Any)));
    }
    let lower = cell.to_ascii_lowercase();
    let inner = ["list<", "set<"]
        .iter()
        .find_map(|p| lower.starts_with(p).then(|| &cell[p.len()..]))?
        .strip_suffix('>')?
        .trim();
    let of = if let Some(args) = inner
        .strip_prefix("map<")
        .or_else(|| inner.strip_prefix("Map<"))
    {
        parse_type(&format!("Map<{args}"))?
    } else if let Some(t) = scalar(inner) {
        t
    } else if is_identifier(inner) {
        TypeSpec::Table(inner.to_owned())
    } else {
        return None;
    };
    Some(TypeSpec::Array(Box::new(of)))
}

/// Type spellings written in words rather than the recent layout's forms (IAM, SMN, CES, CCE, IMS, APIG):
/// - `JSONArray`, `Json Array`, a lower-case `array`, `List of objects`: a list whose elements the page
///   describes in a table named after the field, or not at all (like a bare `list`);
/// - `dict` / `Dict`, `Objects`, `JSONObject`, `json`: a free-form object (like `JSON object`), linked like an
///   `Object` row;
/// - `Resource_tag structure`, `Match condition structure`: the table captioned `Resource_tag …` (like
///   `Resource_tag object`);
/// - `Tags structure array`, `String array` (IAM `String Array`), `String list`: a list of those;
/// - `Table 3`: the object that table describes (like `Array of Table 1 objects`, without the list);
/// - `File` / `file`: binary data (a form's file field or a downloaded body);
/// - `datetime`: a time, as text;
/// - `Map` / `map`: an object of named values of no stated type (like `Map<String,Object>`).
fn loose_type(cell: &str) -> Option<TypeSpec> {
    match cell {
        "JSONArray" | "JSON array" | "Json Array" | "Json array" | "array" | "List of objects" => {
            return Some(TypeSpec::Array(Box::new(TypeSpec::Any)));
        }
        // CCE ShowClusterEndpoints `metadata` / `json` / `Metadata.`: a JSON object of no stated fields.
        "dict" | "Dict" | "Objects" | "JSONObject" | "json" | "Json" => {
            return Some(TypeSpec::Object);
        }
        // ECS QueryingTheSpecifiedNetworkOfAnEcs `List(Dict)`: a list of objects (like `List data structure`).
        "List(Dict)" | "List(dict)" | "list(dict)" => {
            return Some(TypeSpec::Array(Box::new(TypeSpec::Object)));
        }
        "File" | "file" => return Some(TypeSpec::File),
        // EVS replication pages: `created_at` / `datetime` and the example's `"2017-09-28T05:08:32.839953"`, a
        // time as text (with no offset, so not RFC 3339's `date-time`). Unknown, the row used to be merged
        // into the previous row's description.
        "datetime" => return Some(TypeSpec::String),
        // SMN ListTopicAttributes: `attributes` / `Map` / `Attribute key-value pair`, values of no stated type.
        // Unknown, the row used to be merged into the previous row's description.
        "Map" | "map" => return Some(TypeSpec::Map(Box::new(TypeSpec::Any))),
        _ => {}
    }
    if is_table_number(cell) {
        return Some(TypeSpec::Table(cell.to_owned()));
    }
    if let Some(of) = cell
        .strip_suffix(" array")
        .or_else(|| cell.strip_suffix(" Array"))
        .or_else(|| cell.strip_suffix(" list"))
    {
        let of = of.trim();
        // Only a scalar or a structure: `Value list` / `Status code` are words of a description.
        return scalar(of)
            .filter(|t| *t != TypeSpec::Object)
            .or_else(|| structure(of))
            .map(|t| TypeSpec::Array(Box::new(t)));
    }
    structure(cell)
}

/// `Resource_tag structure`: the table that describes `Resource_tag`.
fn structure(cell: &str) -> Option<TypeSpec> {
    let name = cell.strip_suffix(" structure")?.trim();
    // `Data structure` / `List structure` say what kind of value, not which table.
    let generic =
        ["data", "dictionary", "list", "array"].contains(&name.to_ascii_lowercase().as_str());
    (is_table_name(name) && !generic).then(|| TypeSpec::Table(name.to_owned()))
}

/// The scalar type spellings a misspelled type cell is compared with (see [`misspelled_type`]).
const SCALAR_SPELLINGS: &[&str] = &[
    "String", "Integer", "Long", "Boolean", "Double", "Float", "Number", "Object",
];

/// A type cell one typo away from exactly one scalar type spelling (IMS CreateImage `type` / `No` / `Sting`):
/// the page misspells that type (doc defect), and the row is read with it rather than left out. One typo is
/// a letter added, dropped or changed, or two neighbours swapped, letter case aside; a cell near two spellings
/// (none today) or a short one (three letters or fewer, where one typo makes another word) is no type. Only a
/// row with a Yes/No cell asks (the caller's rule), so a description word is never read as a type.
pub(crate) fn misspelled_type(cell: &str) -> Option<(TypeSpec, &'static str)> {
    let cell = cell.trim();
    if cell.chars().count() < 4 || !cell.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let lower = cell.to_ascii_lowercase();
    let mut near = SCALAR_SPELLINGS
        .iter()
        .filter(|s| super::link::one_typo_apart(&lower, &s.to_ascii_lowercase()));
    match (near.next(), near.next()) {
        (Some(s), None) => scalar(s).map(|t| (t, *s)),
        _ => None,
    }
}

/// `None` / `Null` in the type cell of a row with a Yes/No cell (ECS `os-start`, RDS `restart`): a member whose
/// value carries nothing (the examples send `{}` or `null`); the page gives it no type, so any JSON value.
/// Only in a row with a Yes/No cell (before or after it): a bare `None` elsewhere is an empty section.
pub(crate) fn empty_value_type(cell: &str) -> Option<TypeSpec> {
    matches!(cell.trim(), "None" | "Null").then_some(TypeSpec::Any)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn element_placeholders() {
        for name in [
            "[Array element]",
            "Array elements",
            "[items]",
            "[item]",
            "[Items]",
        ] {
            assert!(is_element_placeholder(name), "{name}");
        }
        // Without brackets `items` is a member's name (a paged list's `items`).
        for name in ["items", "item", "[itemz]", "array_elements"] {
            assert!(!is_element_placeholder(name), "{name}");
        }
    }

    #[test]
    fn a_namespaced_attribute_names_its_table() {
        // VPC NeutronShowPort: `binding:vif_details` / `binding:vif_details object` / `see Table 8`, and
        // `Table 8 binding:vif_details object`.
        use TypeSpec::*;
        assert_eq!(
            parse_type("binding:vif_details object"),
            Some(Table("binding:vif_details".into()))
        );
        assert_eq!(
            parse_type("Array of OS-EXT:rule objects"),
            Some(Array(Box::new(Table("OS-EXT:rule".into()))))
        );
        for not_a_name in ["NOTE: object", ":x object", "a:b:c object", "a: b object"] {
            assert_eq!(parse_type(not_a_name), None, "{not_a_name}");
        }
    }

    #[test]
    fn older_type_spellings() {
        use TypeSpec::*;
        let arr = |t| Some(Array(Box::new(t)));
        for (cell, want) in [
            (
                "Dictionary data structure. For details, see Table 3.",
                Some(Object),
            ),
            ("Dictionary data structure", Some(Object)),
            (
                "List data structure. For details, see Table 4.",
                arr(Object),
            ),
            ("Array. For details, see Table 9.", arr(Object)),
            ("list", arr(Any)),
            ("Array", arr(Any)),
            ("List<String>", arr(String)),
            ("Set<String>", arr(String)),
            ("List<resource_tag>", arr(Table("resource_tag".into()))),
            ("list<map<String,String>>", arr(Map(Box::new(String)))),
            ("list<map<String, String>>", arr(Map(Box::new(String)))),
            ("Int", Some(Integer)),
            ("List<two words>", None),
            ("Listing", None),
        ] {
            assert_eq!(parse_type(cell), want, "{cell}");
        }
    }

    #[test]
    fn type_spellings_in_words() {
        use TypeSpec::*;
        let arr = |t| Some(Array(Box::new(t)));
        let table = |n: &str| Table(n.to_owned());
        // Each from a corpus page that was left out of its service's spec for this spelling.
        for (cell, want) in [
            ("JSONArray", arr(Any)),       // IAM KeystoneListGroups
            ("Json Array", arr(Any)),      // IAM KeystoneValidateToken
            ("array", arr(Any)),           // IAM KeystoneListFederationDomains
            ("List of objects", arr(Any)), // IAM KeystoneListProtocols
            ("dict", Some(Object)),        // IAM QueryingEndpoints
            ("Dict", Some(Object)),        // IAM QueryingRoleAssignmentsDiscarded
            ("JSONObject", Some(Object)),  // IAM KeystoneListUsersForGroupByAdmin
            ("json", Some(Object)),        // CCE ShowClusterEndpoints
            ("List(Dict)", arr(Object)),   // ECS QueryingTheSpecifiedNetworkOfAnEcs
            ("deleteOption Object", Some(table("deleteOption"))), // CCE DeleteCluster
            (
                "Table6 Data structure of the nodeTemplate field object",
                Some(table("Data structure of the nodeTemplate field")),
            ), // CCE UpdateNodePool
            (
                "Match condition structure array",
                arr(table("Match condition")),
            ), // SMN ListResourceInstances
            ("Objects", Some(Object)),     // CES QueryingASpecifiedApiVersion
            ("File", Some(File)),          // APIG ImportApiDefinitionsV2
            ("file", Some(File)),          // IMS UploadingAnImageNativeOpenstackApi
            ("datetime", Some(String)),    // EVS CreatingAnEvsReplicationPairDeprecated
            ("Map", Some(Map(Box::new(Any)))), // SMN ListTopicAttributes
            (
                "Array<Array<AvailabilityZone>>",
                arr(Array(Box::new(table("AvailabilityZone")))),
            ), // ELB ListAvailabilityZones
            ("Table 3", Some(table("Table 3"))), // CCE UpdateClusterEip
            ("Resource_tag structure", Some(table("Resource_tag"))), // SMN CreateResourceTag
            ("Versions structure", Some(table("Versions"))), // SMN ListVersions
            ("Tags structure array", arr(table("Tags"))), // SMN ListProjectTags
            ("Links structure array", arr(table("Links"))),
            ("String array", arr(String)), // SMN ListMessageTemplates
            ("String Array", arr(String)), // IAM ObtainingATemporaryAkSk
            ("String list", arr(String)),  // SMN ListProjectTags (values)
            (
                "Array of Security Group Rule objects",
                arr(table("Security Group Rule")),
            ), // VPC
            (
                "Array of firewall Policy object",
                arr(table("firewall Policy")),
            ),
            ("Array of one two three four objects", None),
            (
                "Array of Map<String,String> objects",
                arr(Map(Box::new(String))),
            ), // EVS QueryingDetailsOfEvsDisksByTag
            ("Array of Map<String,x y> objects", None),
            (
                "Array of firewall_rules_link Object",
                arr(table("firewall_rules_link")),
            ), // VPC
            // Words of descriptions stay no type.
            ("Value list", None),
            ("Object list", None),
            ("Data structure", None),
            ("one two three four structure", None),
            ("Table", None),
            ("Null", None),
            ("None", None),
        ] {
            assert_eq!(parse_type(cell), want, "{cell}");
        }
        assert_eq!(empty_value_type("Null"), Some(Any));
        assert_eq!(empty_value_type("None"), Some(Any));
        assert_eq!(empty_value_type("String"), None);
    }

    #[test]
    fn enumeration_values_in_capitals_are_not_types() {
        // From the API Gateway pages: the values of `type` read `STRING` / `NUMBER`.
        assert_eq!(parse_type("NUMBER"), None);
        assert_eq!(parse_type("STRING"), None);
        assert_eq!(parse_type("Number"), Some(TypeSpec::Number));
        assert_eq!(parse_type("string"), Some(TypeSpec::String));
    }

    #[test]
    fn misspelled_types() {
        let read = misspelled_type;
        assert_eq!(read("Sting"), Some((TypeSpec::String, "String")));
        assert_eq!(read("Strnig"), Some((TypeSpec::String, "String")));
        assert_eq!(read("Integr"), Some((TypeSpec::Integer, "Integer")));
        assert_eq!(read("boolen"), Some((TypeSpec::Boolean, "Boolean")));
        // Correct spellings are `parse_type`'s; words two typos away, short words and phrases are no type.
        assert_eq!(read("String"), None);
        assert_eq!(read("Stng"), None);
        assert_eq!(read("Lon"), None);
        assert_eq!(read("Stage"), None);
        assert_eq!(read("Sting ray"), None);
        assert_eq!(read("Yes"), None);
    }

    #[test]
    fn type_spellings() {
        use TypeSpec::*;
        let arr = |t| Some(Array(Box::new(t)));
        for (cell, want) in [
            ("String", Some(String)),
            ("Integer", Some(Integer)),
            ("Long", Some(Long)),
            ("Boolean", Some(Boolean)),
            ("Double", Some(Double)),
            ("Float", Some(Float)),
            ("Number", Some(Number)),
            ("Object", Some(Object)),
            ("Array of strings", arr(String)),
            ("Array of integers", arr(Integer)),
            ("Array of String", arr(String)),
            ("Array of tasks objects", arr(Table("tasks".into()))),
            ("Array of TagEntity objects", arr(Table("TagEntity".into()))),
            ("BssParam object", Some(Table("BssParam".into()))),
            ("MasterSpec objects", arr(Table("MasterSpec".into()))),
            (
                "Map<String,Array<PackageOptions>>",
                Some(Map(Box::new(Array(Box::new(Table(
                    "PackageOptions".into(),
                )))))),
            ),
            ("Advanced objects.", None),
            ("group object", Some(Table("group".into()))),
            ("Map<String,String>", Some(Map(Box::new(String)))),
            (
                "Array of Array of numbers",
                Some(Array(Box::new(Array(Box::new(Number))))),
            ),
            (
                "Array of Array of TagEntity objects",
                Some(Array(Box::new(Array(Box::new(Table("TagEntity".into())))))),
            ),
            ("Array of Array of", None),
            ("Map<String, String>", Some(Map(Box::new(String)))),
            ("Map<Integer,String>", None),
            ("AnyType", Some(Object)),
            ("Map<String,Object>", Some(Map(Box::new(Object)))),
            (
                "Map<String,ResponseInfo>",
                Some(Map(Box::new(Table("ResponseInfo".into())))),
            ),
            (
                "Map<String,Map<String,Array<String>>>",
                Some(Map(Box::new(Map(Box::new(Array(Box::new(String))))))),
            ),
            (
                "Array of arrays of Dimension objects",
                Some(Array(Box::new(Array(Box::new(Table("Dimension".into())))))),
            ),
            ("Map<String,two words>", None),
            ("Array of two objects please", None),
            ("Instance ID.", None),
            ("project_id", None),
            ("Yes", None),
        ] {
            assert_eq!(parse_type(cell), want, "{cell}");
        }
    }

    #[test]
    fn captions() {
        assert_eq!(
            caption("Table 1 Path Parameters"),
            Some((1, TableKind::Path))
        );
        assert_eq!(caption("表2 Query参数"), Some((2, TableKind::Query)));
        assert_eq!(
            caption("表3 响应Body参数"),
            Some((3, TableKind::ResponseBody))
        );
        assert_eq!(
            caption("Table 2 Request body parameters"),
            Some((2, TableKind::RequestBody))
        );
        assert_eq!(
            caption("表4 tasks"),
            Some((4, TableKind::Nested("tasks".into())))
        );
        assert_eq!(caption("Table of contents"), None);
        // Older layouts (IAM).
        assert_eq!(
            caption("Table 8 Parameters in the response header"),
            Some((8, TableKind::ResponseHeader))
        );
        assert_eq!(
            caption("Table 9 Parameters in the response body"),
            Some((9, TableKind::ResponseBody))
        );
        assert_eq!(
            caption("Table 2 Parameters in the request body"),
            Some((2, TableKind::RequestBody))
        );
        assert_eq!(caption("Table 3"), None);
    }

    #[test]
    fn status_lines() {
        assert_eq!(status_line("Status code: 200"), Some(200));
        assert_eq!(status_line("状态码: 204"), Some(204));
        assert_eq!(status_line("状态码：403"), Some(403));
        assert_eq!(status_line("Status code: two"), None);
        assert_eq!(status_code("999"), None);
    }
}
