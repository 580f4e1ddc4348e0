//! The one error type of the SDK.
//!
//! [`Error`] tells apart what a caller reacts to differently: the service answered with an error
//! ([`Error::Service`]), the network failed ([`Error::Transport`]), a deadline passed
//! ([`Error::Timeout`]), a response could not be decoded ([`Error::Decode`]), the request was
//! rejected before anything was sent ([`Error::InvalidRequest`]) and the client could not be set up
//! ([`Error::Config`], which includes missing or incomplete credentials).
//!
//! No variant ever shows the secret key, the security token or a signature.

use std::fmt;
use std::time::Duration;

use crate::excerpt::safe_excerpt;

type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Characters of a response body shown in [`Error::Decode`].
pub(crate) const DECODE_EXCERPT_CHARS: usize = 200;
/// Characters of `error_msg` shown by `ServiceError`'s `Display`.
const DISPLAY_MSG_CHARS: usize = 512;

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
        /// The decoder's message, with the path of the failing field when known.
        message: String,
        /// A short excerpt of the input (at most 200 characters, secrets redacted).
        excerpt: String,
        /// The HTTP status of the response, when the input was a response body.
        status: Option<u16>,
        /// The `X-Request-Id` of the response, when there was one.
        request_id: Option<String>,
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

fn fmt_decode(message: &str, excerpt: &str, status: Option<u16>, rid: Option<&str>) -> String {
    let mut s = String::from("could not decode the response");
    match (status, rid) {
        (Some(st), Some(r)) => s.push_str(&format!(" (HTTP {st}, request id {r})")),
        (Some(st), None) => s.push_str(&format!(" (HTTP {st})")),
        (None, Some(r)) => s.push_str(&format!(" (request id {r})")),
        (None, None) => {}
    }
    s.push_str(": ");
    s.push_str(message);
    if excerpt.is_empty() {
        s.push_str("; the input is empty");
    } else {
        s.push_str("; input starts with: ");
        s.push_str(excerpt);
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
            Self::Decode { .. } | Self::InvalidRequest { .. } | Self::Config { .. } => false,
        }
    }

    /// The `X-Request-Id` of the response this error is about, if any. Quote it to support.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Service(e) => e.request_id.as_deref(),
            Self::Decode { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// The HTTP status of the response this error is about, if any.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Service(e) => Some(e.status),
            Self::Decode { status, .. } => *status,
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

    /// An [`Error::Decode`] for `input` that failed with `message` (the excerpt is made safe here).
    pub fn decode(message: impl Into<String>, input: &[u8]) -> Self {
        Self::Decode {
            message: message.into(),
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

impl From<ServiceError> for Error {
    fn from(e: ServiceError) -> Self {
        Self::Service(e)
    }
}

/// An error answer of the service (HTTP status ≥ 400), with the fields of the official SDKs'
/// `ServiceResponseException`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceError {
    /// The HTTP status.
    pub status: u16,
    /// The `X-Request-Id` response header (the body's `request_id` member is not used, as in the
    /// official SDK).
    pub request_id: Option<String>,
    /// The service's error code (e.g. `DMS.00404022`); the status as text when the body has none.
    pub error_code: String,
    /// The service's message; the raw body when it has none.
    pub error_msg: String,
    /// IAM's encoded explanation of an authorisation failure, when the body carries one.
    pub encoded_authorization_message: Option<String>,
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
        }
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
            write!(f, ", request id {rid}")?;
        }
        write!(
            f,
            ", error_code {}, error_msg {}",
            safe_excerpt(self.error_code.as_bytes(), DISPLAY_MSG_CHARS),
            safe_excerpt(self.error_msg.as_bytes(), DISPLAY_MSG_CHARS)
        )?;
        if let Some(m) = &self.encoded_authorization_message {
            write!(
                f,
                ", encoded_authorization_message {}",
                safe_excerpt(m.as_bytes(), DISPLAY_MSG_CHARS)
            )?;
        }
        Ok(())
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
