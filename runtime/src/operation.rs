//! What generated code hands to [`Client::execute`](crate::Client::execute), and what it gets
//! back.

use std::fmt;

use bytes::Bytes;
use serde::de::DeserializeOwned;

use crate::error::DECODE_EXCERPT_CHARS;
use crate::excerpt::safe_excerpt;
use crate::sign::QUOTE_SET;
use crate::{Error, Result};

/// One API operation; the generator emits one `const` per operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operation {
    /// The spec's operation id, e.g. `ListBackgroundTasks` (used in logs and errors).
    pub id: &'static str,
    /// The HTTP method.
    pub method: http::Method,
    /// The path template, e.g. `/v2/{project_id}/instances/{instance_id}/tasks`.
    pub path: &'static str,
}

/// A typed request of one operation; the generator implements it for every request struct.
///
/// [`Client::send`](crate::Client::send) turns it into an [`OperationInput`], sends it and decodes
/// the response with [`decode`](Self::decode).
pub trait ApiRequest {
    /// The decoded response.
    type Response;

    /// The operation this request belongs to.
    const OPERATION: &'static Operation;

    /// The path values, query parameters and body; an error rejects the request before sending
    /// (e.g. an invalid `YYYYMMDDHHmmss` value).
    fn into_input(self) -> Result<OperationInput>;

    /// Decodes a 2xx response.
    fn decode(response: RawResponse) -> Result<Self::Response>;
}

/// The parameters of one call, filled in by generated code.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct OperationInput {
    /// Raw (not encoded) values of the template's `{name}`s. The runtime encodes each value as one
    /// path segment, so `/`, `?`, `#`, `%`, spaces and unicode can never change the route.
    /// `{project_id}` is taken from the credentials when it is not given here.
    pub path: Vec<(&'static str, String)>,
    /// Query parameters in spec order (the wire order is the canonical, sorted one).
    pub query: Vec<(&'static str, String)>,
    /// Header parameters, sent (and signed, unless the name contains `_`, as the official signer does) after
    /// the standard headers.
    pub headers: Vec<(&'static str, String)>,
    /// The JSON body, sent as it is.
    pub body: Option<Vec<u8>>,
}

impl fmt::Debug for OperationInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OperationInput")
            .field("path", &self.path)
            .field("query", &self.query)
            .field(
                "headers",
                &self.headers.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
            )
            // Bodies may carry passwords (e.g. ResetPassword): show only the size.
            .field(
                "body",
                &self.body.as_ref().map(|b| format!("{} bytes", b.len())),
            )
            .finish()
    }
}

/// Fills the path template of `op` with `values` (raw, not encoded); `{project_id}` falls back to
/// `project_id` (the credentials' one).
///
/// Every value is percent-encoded as a single segment (Python's `quote(v, safe='')`: only
/// `A-Z a-z 0-9 - _ . ~` stay), so `/`, `?`, `#`, `%` and spaces cannot change the route. Empty
/// values and the dot segments `.` and `..` are rejected ([`Error::InvalidRequest`]), since no
/// encoding keeps URL normalisation from removing them; so is a name without a value.
pub fn build_path(
    op: &Operation,
    values: &[(&'static str, String)],
    project_id: Option<&str>,
) -> Result<String> {
    let mut out = String::with_capacity(op.path.len() + 64);
    let mut rest = op.path;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or_else(|| {
            Error::invalid_request(format!(
                "operation {}: the path template `{}` has an unclosed `{{`",
                op.id, op.path
            ))
        })?;
        let name = &after[..close];
        let value = values
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
            .or_else(|| (name == "project_id").then_some(project_id).flatten());
        let value = value.ok_or_else(|| {
            if name == "project_id" {
                Error::invalid_request(format!(
                    "operation {}: path parameter `project_id` has no value: set the project id \
                     on the credentials (`Credentials::with_project_id`, HUAWEICLOUD_SDK_PROJECT_ID \
                     or `project_id` in the credentials file)",
                    op.id
                ))
            } else {
                Error::invalid_request(format!(
                    "operation {}: path parameter `{name}` has no value",
                    op.id
                ))
            }
        })?;
        if value.is_empty() || value == "." || value == ".." {
            return Err(Error::invalid_request(format!(
                "operation {}: path parameter `{name}` must not be empty, `.` or `..`",
                op.id
            )));
        }
        out.extend(percent_encoding::utf8_percent_encode(value, QUOTE_SET));
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    if out.is_empty() {
        return Err(Error::invalid_request(format!(
            "operation {}: the path is empty",
            op.id
        )));
    }
    Ok(out)
}

/// A response with a 2xx status.
#[derive(Clone)]
pub struct RawResponse {
    pub(crate) status: u16,
    pub(crate) headers: http::HeaderMap,
    pub(crate) body: Bytes,
}

impl RawResponse {
    /// A response from its parts (for tests and custom transports).
    pub fn new(status: u16, headers: http::HeaderMap, body: impl Into<Bytes>) -> Self {
        Self {
            status,
            headers,
            body: body.into(),
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &http::HeaderMap {
        &self.headers
    }

    /// The `X-Request-Id` header.
    pub fn request_id(&self) -> Option<&str> {
        self.headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
    }

    /// The body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body as text, for operations documented with a `text/plain` answer (e.g. a bare `success`).
    /// A body that is not UTF-8 is [`Error::Decode`].
    pub fn text(&self) -> Result<String> {
        String::from_utf8(self.body.to_vec())
            .map_err(|e| Error::decode(format!("the body is not UTF-8 text: {e}"), &self.body))
    }

    /// Decodes the JSON body. Unknown members are ignored by the generated types. An empty body
    /// decodes as `{}` (or, failing that, `null`), so an empty 200/204 gives a value whose fields
    /// are all `None`, as in the official SDK.
    ///
    /// Failure is [`Error::Decode`] with the serde message, the path of the failing member (e.g.
    /// `tasks[1].id`) and a short, redacted excerpt of the body.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        let body: &[u8] = &self.body;
        if body.iter().all(u8::is_ascii_whitespace) {
            return decode_path(b"{}")
                .or_else(|_| decode_path(b"null"))
                .map_err(|_| self.decode_error("the body is empty".to_owned()));
        }
        decode_path(body).map_err(|m| self.decode_error(m))
    }

    fn decode_error(&self, message: String) -> Error {
        Error::Decode {
            message,
            excerpt: safe_excerpt(&self.body, DECODE_EXCERPT_CHARS),
            status: Some(self.status),
            request_id: self.request_id().map(str::to_owned),
        }
    }
}

/// Deserializes JSON, describing a failure with the member path when there is one.
///
/// Tracking the path costs about half again the decoding time (callgrind: 1.49× a plain decode of 10,000
/// tasks), so the body is decoded plainly first and only a failure is decoded again to name the member.
pub(crate) fn decode_path<T: DeserializeOwned>(input: &[u8]) -> std::result::Result<T, String> {
    if let Ok(value) = serde_json::from_slice(input) {
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_slice(input);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        if path == "." {
            e.into_inner().to_string()
        } else {
            format!("at `{path}`: {}", e.into_inner())
        }
    })?;
    de.end().map_err(|e| e.to_string())?;
    Ok(value)
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("request_id", &self.request_id())
            .field("body", &format!("{} bytes", self.body.len()))
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OP: Operation = Operation {
        id: "ListBackgroundTasks",
        method: http::Method::GET,
        path: "/v2/{project_id}/instances/{instance_id}/tasks",
    };

    fn build(id: &str, project: Option<&str>) -> Result<String> {
        build_path(&OP, &[("instance_id", id.to_owned())], project)
    }

    #[test]
    fn path_values_are_single_segments() {
        let p = Some("p");
        assert_eq!(build("abc", p).unwrap(), "/v2/p/instances/abc/tasks");
        assert_eq!(build("../x", p).unwrap(), "/v2/p/instances/..%2Fx/tasks");
        assert_eq!(
            build("a/b?c#d e", p).unwrap(),
            "/v2/p/instances/a%2Fb%3Fc%23d%20e/tasks"
        );
        assert_eq!(
            build("inst/1 a+b%中", p).unwrap(),
            "/v2/p/instances/inst%2F1%20a%2Bb%25%E4%B8%AD/tasks"
        );
        assert_eq!(
            build("~a-b_c.d", p).unwrap(),
            "/v2/p/instances/~a-b_c.d/tasks"
        );
        for bad in ["", ".", ".."] {
            assert!(
                matches!(build(bad, p), Err(Error::InvalidRequest { .. })),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn project_id_comes_from_input_then_credentials() {
        assert!(
            build("i", None)
                .unwrap_err()
                .to_string()
                .contains("project_id")
        );
        let given = build_path(
            &OP,
            &[("project_id", "mine".into()), ("instance_id", "i".into())],
            Some("creds"),
        );
        assert_eq!(given.unwrap(), "/v2/mine/instances/i/tasks");
        let missing = build_path(&OP, &[], Some("p")).unwrap_err();
        assert!(missing.to_string().contains("instance_id"), "{missing}");
        let unclosed = Operation {
            path: "/v2/{x",
            ..OP
        };
        assert!(build_path(&unclosed, &[], None).is_err());
    }
}
