//! The one error type of the SDK.
//!
//! [`Error`] tells apart what a caller reacts to differently: the service answered with an error
//! ([`Error::Service`]), the network failed ([`Error::Transport`]), a deadline passed
//! ([`Error::Timeout`]), a response could not be decoded ([`Error::Decode`]), the request was
//! rejected before anything was sent ([`Error::InvalidRequest`]) and the client could not be set up
//! ([`Error::Config`], which includes missing or incomplete credentials). Two bounds have their own
//! variants: a response too large to read ([`Error::ResponseTooLarge`]) and a listing that cannot be
//! followed to its end ([`Error::Paging`]).
//!
//! No variant ever shows the secret key, the security token or a signature. Text from the server
//! (`error_msg`, `error_code`, request ids, excerpts of bodies) is shown escaped and cut by
//! `Display` and `Debug` (see [`printable`]); [`ServiceError`]'s accessors give it raw.

use std::fmt;
use std::time::Duration;

pub use crate::excerpt::printable;
use crate::excerpt::safe_excerpt;

type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Characters of a response body shown in [`Error::Decode`].
pub(crate) const DECODE_EXCERPT_CHARS: usize = 200;
/// Characters of `error_msg` (and of the decoder's message) shown by `Display` and `Debug`.
const DISPLAY_MSG_CHARS: usize = 512;
/// Characters of a request id or an error code shown by `Display` and `Debug` (real ones are
/// under 64).
const DISPLAY_ID_CHARS: usize = 128;

/// An error from this SDK.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The service answered with a status that is not 2xx (in practice ≥ 400).
    #[error(transparent)]
    Service(ServiceError),

    /// The request could not be sent or the response could not be received (connection refused,
    /// reset or closed, DNS or TLS failure, a body cut short).
    #[error("transport error: {message}")]
    Transport {
        /// What failed, with the chain of causes.
        message: String,
        /// `true` when no connection could be established, so the request was certainly not sent.
        connect: bool,
        /// The underlying error.
        #[source]
        source: Option<BoxError>,
    },

    /// A deadline passed.
    #[error("{kind} timeout of {} exceeded", fmt_duration(*.limit))]
    Timeout {
        /// Which deadline.
        kind: TimeoutKind,
        /// The configured limit.
        limit: Duration,
    },

    /// A response (or a value inside one) could not be decoded.
    #[error("{}", fmt_decode(.message, .excerpt, *.status, .request_id.as_deref()))]
    Decode {
        /// The decoder's message, with the path of the failing field when known (made
        /// [`printable`] and cut to 512 characters when this crate makes the error).
        message: String,
        /// A short excerpt of the input (at most 200 characters, secrets redacted).
        excerpt: String,
        /// The HTTP status of the response, when the input was a response body.
        status: Option<u16>,
        /// The `X-Request-Id` of the response, when there was one.
        request_id: Option<String>,
    },

    /// A successful response's body was longer than the client reads
    /// ([`ClientBuilder::max_response_body`](crate::ClientBuilder::max_response_body), 64 MiB by
    /// default). Not retried: the same request would get the same answer.
    #[error(
        "the response body (HTTP {status}{}) is larger than the limit of {limit} bytes; raise it with \
         `ClientBuilder::max_response_body`",
        fmt_request_id(.request_id.as_deref())
    )]
    ResponseTooLarge {
        /// The HTTP status of the response.
        status: u16,
        /// The limit, in bytes.
        limit: usize,
        /// The `X-Request-Id` of the response, when there was one.
        request_id: Option<String>,
    },

    /// A listing could not be followed to its end (see [`crate::paginate`]): it needed more pages
    /// or items than the limits allow, or the service's pages contradict each other. The items
    /// yielded before this error are what the service sent; the listing is incomplete.
    #[error("listing stopped after {pages} pages and {items} items: {problem}")]
    Paging {
        /// What went wrong.
        problem: PagingProblem,
        /// Pages received before the error.
        pages: u64,
        /// Items yielded before the error.
        items: u64,
    },

    /// The request was rejected before it was sent (a missing or unusable parameter).
    #[error("invalid request: {message}")]
    InvalidRequest {
        /// What is wrong and how to fix it.
        message: String,
    },

    /// The client is not configured correctly (endpoint, region, credentials).
    #[error("configuration error: {message}")]
    Config {
        /// What is wrong and how to fix it.
        message: String,
    },
}

/// Why a listing stopped with [`Error::Paging`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PagingProblem {
    /// The listing needed more requests than [`PageLimits::max_pages`](crate::paginate::PageLimits::max_pages).
    TooManyPages {
        /// The limit.
        limit: u64,
    },
    /// The listing has more items than [`PageLimits::max_items`](crate::paginate::PageLimits::max_items).
    TooManyItems {
        /// The limit.
        limit: u64,
    },
    /// A page is the previous one again (same length, first and last items): the service ignores
    /// the offset.
    RepeatedPage {
        /// The offset asked for.
        offset: i64,
    },
    /// The listing ended with an empty page while the reported total says more items exist.
    EndedShort {
        /// The offset of the empty page.
        offset: i64,
        /// The last total the service reported.
        total: u64,
    },
}

impl fmt::Display for PagingProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooManyPages { limit } => write!(
                f,
                "the listing goes on beyond the limit of {limit} pages (raise `PageLimits::max_pages` \
                 or ask for larger pages)"
            ),
            Self::TooManyItems { limit } => write!(
                f,
                "the listing goes on beyond the limit of {limit} items (raise `PageLimits::max_items`)"
            ),
            Self::RepeatedPage { offset } => write!(
                f,
                "the page at offset {offset} repeats the previous one: the service ignores the offset"
            ),
            Self::EndedShort { offset, total } => write!(
                f,
                "the page at offset {offset} is empty but the service reports {total} items in all"
            ),
        }
    }
}

/// Which deadline an [`Error::Timeout`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// Establishing the connection (TCP and TLS).
    Connect,
    /// One attempt: sending the request and receiving the whole response.
    Attempt,
    /// The whole operation, retries and back-off included.
    Operation,
}

impl fmt::Display for TimeoutKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Connect => "connect",
            Self::Attempt => "attempt",
            Self::Operation => "operation",
        })
    }
}

fn fmt_duration(d: Duration) -> String {
    if d.subsec_nanos() == 0 {
        format!("{}s", d.as_secs())
    } else {
        format!("{}ms", d.as_millis())
    }
}

fn fmt_request_id(rid: Option<&str>) -> String {
    rid.map(|r| format!(", request id {}", printable(r, DISPLAY_ID_CHARS)))
        .unwrap_or_default()
}

fn fmt_decode(message: &str, excerpt: &str, status: Option<u16>, rid: Option<&str>) -> String {
    let mut s = String::from("could not decode the response");
    // The decoder's message quotes the input (`invalid type: string "…"`), and the fields are
    // public: everything is made printable again here.
    let message = printable(message, DISPLAY_MSG_CHARS);
    let excerpt = printable(excerpt, DECODE_EXCERPT_CHARS);
    let rid = rid.map(|r| printable(r, DISPLAY_ID_CHARS));
    match (status, rid) {
        (Some(st), Some(r)) => s.push_str(&format!(" (HTTP {st}, request id {r})")),
        (Some(st), None) => s.push_str(&format!(" (HTTP {st})")),
        (None, Some(r)) => s.push_str(&format!(" (request id {r})")),
        (None, None) => {}
    }
    s.push_str(": ");
    s.push_str(&message);
    if excerpt.is_empty() {
        s.push_str("; the input is empty");
    } else {
        s.push_str("; input starts with: ");
        s.push_str(&excerpt);
    }
    s
}

impl Error {
    /// Whether trying the same call again may succeed: throttling (429), gateway errors
    /// (502/503/504), transport errors and timeouts.
    ///
    /// The client's own retries already follow this rule for idempotent methods; this accessor is
    /// for callers that add their own retry loop.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Service(e) => crate::retry::is_retryable_status(e.status),
            Self::Transport { .. } | Self::Timeout { .. } => true,
            Self::Decode { .. }
            | Self::ResponseTooLarge { .. }
            | Self::Paging { .. }
            | Self::InvalidRequest { .. }
            | Self::Config { .. } => false,
        }
    }

    /// The `X-Request-Id` of the response this error is about, if any. Quote it to support.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Service(e) => e.request_id.as_deref(),
            Self::Decode { request_id, .. } | Self::ResponseTooLarge { request_id, .. } => {
                request_id.as_deref()
            }
            _ => None,
        }
    }

    /// The HTTP status of the response this error is about, if any.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Service(e) => Some(e.status),
            Self::Decode { status, .. } => *status,
            Self::ResponseTooLarge { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The service error, if this is one.
    pub fn as_service(&self) -> Option<&ServiceError> {
        match self {
            Self::Service(e) => Some(e),
            _ => None,
        }
    }

    /// An [`Error::InvalidRequest`] with this message.
    pub fn invalid_request(message: impl Into<String>) -> Self {
        Self::InvalidRequest {
            message: message.into(),
        }
    }

    /// An [`Error::Config`] with this message.
    pub fn config(message: impl Into<String>) -> Self {
        Self::Config {
            message: message.into(),
        }
    }

    /// An [`Error::Decode`] for `input` that failed with `message` (the message is made
    /// [`printable`] and the excerpt safe here).
    pub fn decode(message: impl Into<String>, input: &[u8]) -> Self {
        Self::Decode {
            message: decode_message(&message.into()),
            excerpt: safe_excerpt(input, DECODE_EXCERPT_CHARS),
            status: None,
            request_id: None,
        }
    }

    pub(crate) fn transport(
        message: impl Into<String>,
        connect: bool,
        source: Option<BoxError>,
    ) -> Self {
        Self::Transport {
            message: message.into(),
            connect,
            source,
        }
    }
}

/// A decoder's message as [`Error::Decode`] keeps it: it may quote a whole string of the input,
/// so it is made [`printable`] and cut.
pub(crate) fn decode_message(message: &str) -> String {
    printable(message, DISPLAY_MSG_CHARS)
}

impl From<ServiceError> for Error {
    fn from(e: ServiceError) -> Self {
        Self::Service(e)
    }
}

/// An error answer of the service (HTTP status ≥ 400), with the fields of the official SDKs'
/// `ServiceResponseException`.
///
/// The fields are the server's text, **raw**: the accessors return them as received, so they may
/// hold control characters (ESC, CR, LF) and be megabytes long. `Display` and `Debug` show them
/// escaped and cut (see [`printable`]); a program that prints a field on its own should pass it
/// through [`printable`] too.
#[derive(Clone, PartialEq, Eq)]
pub struct ServiceError {
    status: u16,
    request_id: Option<String>,
    error_code: String,
    error_msg: String,
    encoded_authorization_message: Option<String>,
    body_cut: bool,
    /// The body as received (at most [`MAX_ERROR_BODY`](crate::client::MAX_ERROR_BODY) bytes), for the
    /// documented error types: [`body_json`](Self::body_json). Shared, not a `Vec`: `Error` stays small
    /// enough to return by value (clippy's `result_large_err`), and clones do not copy it.
    body: std::sync::Arc<[u8]>,
}

impl ServiceError {
    /// Parses an error response the way the official SDK does.
    ///
    /// The body is read as JSON. In an object, the member pairs `error_code`/`error_msg`,
    /// `errorCode`/`errorMsg` and `code`/`message` are tried in this order, a pair counting only
    /// when both members are present; if none matches, nested objects are searched the same way,
    /// depth first in member order. `encoded_authorization_message` is taken when present. Then
    /// the fallbacks: `error_code` = the status as text, `error_msg` = the body as text. Non-JSON
    /// bodies, arrays and objects with half a pair therefore keep their whole body as the message.
    pub fn from_response(status: u16, headers: &http::HeaderMap, body: &[u8]) -> Self {
        let request_id = headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let mut found = Found::default();
        if let Ok(serde_json::Value::Object(map)) =
            serde_json::from_slice::<serde_json::Value>(body)
        {
            search(&map, &mut found);
        }
        let error_code = found
            .code
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| status.to_string());
        let error_msg = found
            .msg
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| String::from_utf8_lossy(body).into_owned());
        Self {
            status,
            request_id,
            error_code,
            error_msg,
            encoded_authorization_message: found.encoded_auth,
            body_cut: false,
            body: body.into(),
        }
    }

    /// The body as received, raw (the start of it when [`is_body_cut`](Self::is_body_cut)).
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body decoded as JSON into `T` (the error type the spec documents for the operation: generated
    /// request types have an `error_body` function that names it), or `None` when it is not such JSON.
    pub fn body_json<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The `X-Request-Id` response header, raw (the body's `request_id` member is not used, as in
    /// the official SDK).
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The service's error code (e.g. `DMS.00404022`), raw; the status as text when the body has
    /// none.
    pub fn error_code(&self) -> &str {
        &self.error_code
    }

    /// The service's message, raw (unescaped, uncut: pass it through [`printable`] before
    /// showing it); the body as text when it has none.
    pub fn error_msg(&self) -> &str {
        &self.error_msg
    }

    /// IAM's encoded explanation of an authorisation failure, raw, when the body carries one.
    pub fn encoded_authorization_message(&self) -> Option<&str> {
        self.encoded_authorization_message.as_deref()
    }

    /// Whether the error body was longer than the client keeps of an error answer
    /// ([`MAX_ERROR_BODY`](crate::client::MAX_ERROR_BODY)) and was parsed from its start only.
    pub fn is_body_cut(&self) -> bool {
        self.body_cut
    }

    /// Notes that the body this error was parsed from was cut.
    pub(crate) fn with_body_cut(mut self, cut: bool) -> Self {
        self.body_cut = cut;
        self
    }

    /// Whether the status is 4xx (the official SDK's `ClientRequestException`).
    pub fn is_client_error(&self) -> bool {
        (400..500).contains(&self.status)
    }

    /// Whether the status is 5xx (the official SDK's `ServerResponseException`).
    pub fn is_server_error(&self) -> bool {
        self.status >= 500
    }
}

#[derive(Default)]
struct Found {
    code: Option<String>,
    msg: Option<String>,
    encoded_auth: Option<String>,
}

const KEY_PAIRS: [(&str, &str); 3] = [
    ("error_code", "error_msg"),
    ("errorCode", "errorMsg"),
    ("code", "message"),
];

/// Returns true when a pair was found (the search stops there).
fn search(map: &serde_json::Map<String, serde_json::Value>, found: &mut Found) -> bool {
    if found.encoded_auth.is_none()
        && let Some(v) = map.get("encoded_authorization_message")
    {
        found.encoded_auth = value_text(v);
    }
    for (code_key, msg_key) in KEY_PAIRS {
        if let (Some(code), Some(msg)) = (map.get(code_key), map.get(msg_key)) {
            found.code = value_text(code);
            found.msg = value_text(msg);
            return true;
        }
    }
    // serde_json limits nesting to 128 levels, so this recursion is bounded.
    map.values().any(|v| match v {
        serde_json::Value::Object(inner) => search(inner, found),
        _ => false,
    })
}

/// A member's value as text: strings as they are, `null` as nothing, anything else as JSON.
fn value_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "service error: HTTP {}", self.status)?;
        if let Some(rid) = &self.request_id {
            write!(f, ", request id {}", printable(rid, DISPLAY_ID_CHARS))?;
        }
        write!(
            f,
            ", error_code {}, error_msg {}",
            printable(&self.error_code, DISPLAY_ID_CHARS),
            printable(&self.error_msg, DISPLAY_MSG_CHARS)
        )?;
        if let Some(m) = &self.encoded_authorization_message {
            write!(
                f,
                ", encoded_authorization_message {}",
                printable(m, DISPLAY_MSG_CHARS)
            )?;
        }
        if self.body_cut {
            f.write_str(" (the error body was cut: it is longer than the client keeps)")?;
        }
        Ok(())
    }
}

/// Shows the server's text the way `Display` does, so that `{:?}` is as safe and as short.
impl fmt::Debug for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceError")
            .field("status", &self.status)
            .field(
                "request_id",
                &self
                    .request_id
                    .as_deref()
                    .map(|r| Shown(printable(r, DISPLAY_ID_CHARS))),
            )
            .field(
                "error_code",
                &Shown(printable(&self.error_code, DISPLAY_ID_CHARS)),
            )
            .field(
                "error_msg",
                &Shown(printable(&self.error_msg, DISPLAY_MSG_CHARS)),
            )
            .field(
                "encoded_authorization_message",
                &self
                    .encoded_authorization_message
                    .as_deref()
                    .map(|m| Shown(printable(m, DISPLAY_MSG_CHARS))),
            )
            .field("body_cut", &self.body_cut)
            .finish()
    }
}

/// Text already made printable, shown in quotes by `Debug` without a second round of escaping
/// (only its quotes are escaped, so that the value cannot seem to end early).
struct Shown(String);

impl fmt::Debug for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\"", self.0.replace('"', "\\\""))
    }
}

impl std::error::Error for ServiceError {}

/// The message of an error and of all its sources, joined with `: `.
pub(crate) fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    let mut depth = 0;
    while let Some(src) = cur {
        let msg = src.to_string();
        if !s.contains(&msg) {
            s.push_str(": ");
            s.push_str(&msg);
        }
        cur = src.source();
        depth += 1;
        if depth > 16 {
            break;
        }
    }
    s
}
