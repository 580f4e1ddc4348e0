//! Huawei-style error answers: `{"error_code", "error_msg"}` with the status the gateway or the
//! service would use.
//!
//! | status | `error_code` | when |
//! |---|---|---|
//! | 400 | [`codes::MISSING_PARAMETER`] `DMS.00400001` | a required parameter or body is missing |
//! | 400 | [`codes::INVALID_PARAMETER`] `DMS.00400002` | a parameter does not match its schema (type, range, pattern, enum, timestamp) |
//! | 400 | [`codes::INVALID_BODY`] `DMS.00400003` | the JSON body is not JSON or does not match its schema |
//! | 401 | [`codes::AUTH`] `APIGW.0301` | any signature problem: no/malformed `Authorization`, unknown AK, bad signature, tampered signed part, missing or skewed `X-Sdk-Date` |
//! | 403 | [`codes::FORBIDDEN`] `APIGW.0302` | the project id in the path or in `X-Project-Id` is not the signer's project |
//! | 404 | [`codes::NOT_FOUND`] `APIGW.0101` | no operation has this path |
//! | 404 | [`codes::RESOURCE_NOT_FOUND`] `DMS.00404001` | the item of a store does not exist, or the resource (or one above it) was deleted (see [`crate::resources`](crate#resources)); stateful: an id in the path that does not exist |
//! | 403 | [`codes::QUOTA`] `DMS.00403001` | stateful: a create past [`crate::MockServerBuilder::max_items`] |
//! | 409 | [`codes::CONFLICT`] `DMS.00409001` | stateful: a create whose client-chosen id exists (see [stateful resources](crate#stateful-resources)) |
//! | 405 | [`codes::NOT_FOUND`] `APIGW.0101` | the path exists, the method does not (`Allow` lists the methods) |
//! | 400 | [`codes::REQUEST_ERROR`] `APIGW.0201` | the request cannot be parsed: a NUL, control or non-ASCII byte in the target, a bad `Content-Length` or `Transfer-Encoding`, a malformed request line or header line, a body shorter than its `Content-Length` or badly chunked |
//! | 408 | [`codes::REQUEST_ERROR`] `APIGW.0201` | the head or the body did not arrive in time (see [`crate::MockServerBuilder::header_timeout`]) |
//! | 413 | [`codes::REQUEST_ERROR`] `APIGW.0201` | the body is larger than the limit |
//! | 431 | [`codes::REQUEST_ERROR`] `APIGW.0201` | the request head is too large or has too many header fields |
//! | 429 | [`codes::THROTTLED`] `APIGW.0308` | injected fault |
//! | 500 | [`codes::INTERNAL`] `DMS.00500000` | injected fault |
//! | 502, 503 | [`codes::BACKEND_UNAVAILABLE`] `APIGW.0202` | injected fault |
//! | 504 | [`codes::BACKEND_TIMEOUT`] `APIGW.0203` | injected fault |
//! | other | `DMS.00<status>000` | injected fault |
//!
//! The body also carries the `request_id` (the same as the `X-Request-Id` header), as the
//! gateway's answers do; the official SDK reads the header. The `APIGW.0201` answers to requests
//! that cannot be read to the end carry `Connection: close`.
//!
//! A connection idle past [`crate::MockServerBuilder::idle_timeout`] is closed without an
//! answer: nothing was asked (see [connections](crate#connections)).

use axum::http::StatusCode;

/// The error codes the emulator answers with.
pub mod codes {
    /// A required parameter (or the required body) is absent.
    pub const MISSING_PARAMETER: &str = "DMS.00400001";
    /// A parameter value does not match its schema.
    pub const INVALID_PARAMETER: &str = "DMS.00400002";
    /// The JSON body is invalid or does not match its schema.
    pub const INVALID_BODY: &str = "DMS.00400003";
    /// The API gateway's "Incorrect IAM authentication information" (HTTP 401).
    pub const AUTH: &str = "APIGW.0301";
    /// The API gateway's "The IAM user is not authorized to access the API" (HTTP 403).
    pub const FORBIDDEN: &str = "APIGW.0302";
    /// The API gateway's "The API does not exist" (HTTP 404, and 405 for a wrong method).
    pub const NOT_FOUND: &str = "APIGW.0101";
    /// The service's "The requested URL does not exist" (HTTP 404): an unknown or deleted
    /// resource.
    pub const RESOURCE_NOT_FOUND: &str = "DMS.00404001";
    /// The emulator's "quota used up" (HTTP 403): a create past
    /// [`crate::MockServerBuilder::max_items`].
    pub const QUOTA: &str = "DMS.00403001";
    /// The emulator's "already exists" (HTTP 409): a create with a client-chosen id that is taken.
    pub const CONFLICT: &str = "DMS.00409001";
    /// The API gateway's "API request error": a request that cannot be read (400, 408, 413,
    /// 431).
    pub const REQUEST_ERROR: &str = "APIGW.0201";
    /// The API gateway's "The throttling threshold has been reached" (HTTP 429).
    pub const THROTTLED: &str = "APIGW.0308";
    /// An internal error of the service (HTTP 500).
    pub const INTERNAL: &str = "DMS.00500000";
    /// The API gateway's "Backend unavailable" (HTTP 502/503).
    pub const BACKEND_UNAVAILABLE: &str = "APIGW.0202";
    /// The API gateway's "Backend timeout" (HTTP 504).
    pub const BACKEND_TIMEOUT: &str = "APIGW.0203";
}

/// An error answer: status, `error_code`, `error_msg`, and extra headers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// `error_code`.
    pub code: String,
    /// `error_msg`.
    pub message: String,
    /// Extra headers (`Allow`, `Retry-After`).
    pub headers: Vec<(&'static str, String)>,
}

impl ApiError {
    /// An error with the given status, code and message.
    pub fn new(status: StatusCode, code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            status,
            code: code.into(),
            message: message.into(),
            headers: Vec::new(),
        }
    }

    /// Adds a header to the answer.
    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// 401 `APIGW.0301` with the gateway's message prefix.
    pub fn auth(detail: impl std::fmt::Display) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            codes::AUTH,
            format!("Incorrect IAM authentication information: {detail}"),
        )
    }

    /// `APIGW.0201` with the given status: a request that cannot be read to the end.
    pub fn request_error(status: StatusCode, detail: impl std::fmt::Display) -> Self {
        Self::new(status, codes::REQUEST_ERROR, detail.to_string())
    }

    /// 403 `APIGW.0302`.
    pub fn forbidden(detail: impl std::fmt::Display) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            codes::FORBIDDEN,
            format!("The IAM user is not authorized to access the API: {detail}"),
        )
    }

    /// 404 `DMS.00404001`: the resource the path names does not exist.
    pub fn resource_not_found(detail: impl std::fmt::Display) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            codes::RESOURCE_NOT_FOUND,
            format!("The requested URL does not exist: {detail}"),
        )
    }

    /// 400 `DMS.00400001`: `name` is required.
    pub fn missing(what: &str, name: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            codes::MISSING_PARAMETER,
            format!("Missing required {what} parameter '{name}'."),
        )
    }

    /// 400 `DMS.00400002`: `name` is invalid.
    pub fn invalid(what: &str, name: &str, why: impl std::fmt::Display) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            codes::INVALID_PARAMETER,
            format!("Invalid {what} parameter '{name}': {why}."),
        )
    }

    /// 400 `DMS.00400003`: the body is invalid.
    pub fn invalid_body(why: impl std::fmt::Display) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            codes::INVALID_BODY,
            format!("Invalid request body: {why}."),
        )
    }

    /// The answer for an injected status: the code the gateway or service would use.
    pub fn injected(status: StatusCode) -> Self {
        let (code, message) = match status.as_u16() {
            429 => (
                codes::THROTTLED.to_owned(),
                "The throttling threshold has been reached".to_owned(),
            ),
            500 => (
                codes::INTERNAL.to_owned(),
                "Internal service error".to_owned(),
            ),
            502 | 503 => (
                codes::BACKEND_UNAVAILABLE.to_owned(),
                "Backend unavailable".to_owned(),
            ),
            504 => (
                codes::BACKEND_TIMEOUT.to_owned(),
                "Backend timeout".to_owned(),
            ),
            n => (
                format!("DMS.00{n:03}000"),
                status
                    .canonical_reason()
                    .unwrap_or("Injected error")
                    .to_owned(),
            ),
        };
        Self::new(status, code, format!("{message} (injected fault)"))
    }

    /// The JSON body.
    pub fn body(&self, request_id: &str) -> serde_json::Value {
        serde_json::json!({
            "error_code": self.code,
            "error_msg": self.message,
            "request_id": request_id,
        })
    }
}
