//! `SDK-HMAC-SHA256` request signing, usable on its own.
//!
//! [`sign_request`] reproduces the official Python SDK (`huaweicloudsdkcore` 3.1.219,
//! `signer/signer.py`) byte for byte; the 27 official vectors in
//! `shared/oracle/signing_vectors.json` are the test. [`verify`] is the server side, used by the
//! local emulator and the tests.
//!
//! The algorithm, in the order the official SDK applies it to the header list (insertion order is
//! what goes on the wire):
//!
//! 1. `X-Project-Id` is added when the credentials have a project id, then `X-Security-Token`
//!    when they have a security token.
//! 2. A `Content-Type` that does not start with `application/json` or `application/bson` adds
//!    `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` (itself signed).
//! 3. `X-Sdk-Date` (`YYYYMMDDTHHMMSSZ`, UTC) is added unless present; a present one is used.
//! 4. `Host` is added unless present.
//! 5. Signed headers: every header name without `_`, lower-cased, sorted.
//! 6. Canonical request: `METHOD\ncanonical URI\ncanonical query\ncanonical headers\nsigned
//!    headers\npayload hash`, where the canonical URI is the decoded path re-encoded segment by
//!    segment with a trailing `/` ([`canonical_uri`]), the canonical query is the `(key, value)`
//!    pairs sorted on the raw strings then encoded ([`canonical_query`]), each canonical header is
//!    `name:value\n` with the value stripped, and the payload hash is SHA-256 of the body (of `""`
//!    when empty, `UNSIGNED-PAYLOAD` when step 2 applied).
//! 7. String to sign: `SDK-HMAC-SHA256\n<X-Sdk-Date>\n<hex SHA-256 of the canonical request>`.
//! 8. Signature: hex HMAC-SHA256 keyed with the secret key; `Authorization: SDK-HMAC-SHA256
//!    Access=<AK>, SignedHeaders=<list>, Signature=<hex>`.
//! 9. The wire URI is the path plus `?` and the canonical query string.

mod canonical;
mod verify;

use std::cmp::Ordering;
use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

pub(crate) use canonical::QUOTE_SET;
pub use canonical::{canonical_uri, python_strip, quote, sha256_hex, unquote};
pub use verify::{ReceivedRequest, VerifiedRequest, VerifyError, VerifyOptions, verify};

use crate::{Credentials, Error, Result};

/// The algorithm name, first word of the `Authorization` header and of the string to sign.
pub const ALGORITHM: &str = "SDK-HMAC-SHA256";
/// SHA-256 of the empty string: the payload hash of a request without a body.
pub const EMPTY_PAYLOAD_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
/// The payload hash used for non-JSON content types.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
/// The signing-time header.
pub const HEADER_SDK_DATE: &str = "X-Sdk-Date";
/// The header that carries `UNSIGNED-PAYLOAD`.
pub const HEADER_CONTENT_SHA256: &str = "X-Sdk-Content-Sha256";
/// The project id header added for credentials with a project id.
pub const HEADER_PROJECT_ID: &str = "X-Project-Id";
/// The security token header added for temporary credentials.
pub const HEADER_SECURITY_TOKEN: &str = "X-Security-Token";

/// A query parameter value, typed like the Python values the official signer sorts.
///
/// The type matters in two corner cases only: repeated integer values sort numerically
/// (`limit=9&limit=10`), and booleans are written `true`/`false`. The client sends every value as
/// [`QueryValue::Str`], which is exact for the Kafka API (no repeated keys).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QueryValue {
    /// A string, sent as it is.
    Str(String),
    /// An integer, sent in decimal.
    Int(i64),
    /// A boolean, sent as `true`/`false`.
    Bool(bool),
    /// A list: its elements are sorted and each is sent as a repeated `key=value` pair. (Elements
    /// that are lists themselves are flattened; booleans inside a list are written `True`/`False`,
    /// as Python's `str()` does.)
    List(Vec<QueryValue>),
}

impl From<&str> for QueryValue {
    fn from(v: &str) -> Self {
        Self::Str(v.to_owned())
    }
}
impl From<String> for QueryValue {
    fn from(v: String) -> Self {
        Self::Str(v)
    }
}
impl From<i64> for QueryValue {
    fn from(v: i64) -> Self {
        Self::Int(v)
    }
}
impl From<bool> for QueryValue {
    fn from(v: bool) -> Self {
        Self::Bool(v)
    }
}
impl<T: Into<QueryValue>> From<Vec<T>> for QueryValue {
    fn from(v: Vec<T>) -> Self {
        Self::List(v.into_iter().map(Into::into).collect())
    }
}

impl QueryValue {
    /// Python's `str(value)` for a list element.
    fn element_text(&self, out: &mut Vec<String>) {
        match self {
            Self::Str(s) => out.push(s.clone()),
            Self::Int(i) => out.push(i.to_string()),
            Self::Bool(true) => out.push("True".to_owned()),
            Self::Bool(false) => out.push("False".to_owned()),
            Self::List(items) => items.iter().for_each(|i| i.element_text(out)),
        }
    }

    /// The texts sent for this value (one, or one per list element).
    fn texts(&self) -> Vec<String> {
        match self {
            Self::Str(s) => vec![s.clone()],
            Self::Int(i) => vec![i.to_string()],
            Self::Bool(b) => vec![b.to_string()],
            Self::List(items) => {
                let mut sorted = items.clone();
                sorted.sort_by(cmp_values);
                let mut out = Vec::with_capacity(sorted.len());
                sorted.iter().for_each(|i| i.element_text(&mut out));
                out
            }
        }
    }
}

/// Python's ordering of the values, where Python has one; a deterministic fallback (compare the
/// texts) where Python would raise `TypeError`.
fn cmp_values(a: &QueryValue, b: &QueryValue) -> Ordering {
    use QueryValue::*;
    match (a, b) {
        (Str(x), Str(y)) => x.cmp(y),
        (Int(x), Int(y)) => x.cmp(y),
        (Bool(x), Bool(y)) => x.cmp(y),
        (Int(x), Bool(y)) => x.cmp(&i64::from(*y)),
        (Bool(x), Int(y)) => i64::from(*x).cmp(y),
        (List(x), List(y)) => {
            for (p, q) in x.iter().zip(y) {
                let o = cmp_values(p, q);
                if o != Ordering::Equal {
                    return o;
                }
            }
            x.len().cmp(&y.len())
        }
        _ => a.texts().cmp(&b.texts()),
    }
}

/// The canonical query string: the pairs sorted on the raw key (code-point order) then the value,
/// each written `quote(key)=quote(value)`, joined with `&`. This is also the query sent on the
/// wire. No pairs give the empty string.
pub fn canonical_query<K: AsRef<str>>(pairs: &[(K, QueryValue)]) -> String {
    let mut order: Vec<&(K, QueryValue)> = pairs.iter().collect();
    // Stable, like Python's sort.
    order.sort_by(|(ka, va), (kb, vb)| {
        ka.as_ref()
            .cmp(kb.as_ref())
            .then_with(|| cmp_values(va, vb))
    });
    let mut parts = Vec::with_capacity(order.len());
    for (k, v) in order {
        let key = quote(k.as_ref());
        for text in v.texts() {
            parts.push(format!("{key}={}", quote(&text)));
        }
    }
    parts.join("&")
}

/// A request to sign. All parts are borrowed; nothing is encoded for you except what the algorithm
/// encodes.
#[derive(Clone, Copy, Debug)]
pub struct SignableRequest<'a> {
    /// The HTTP method (upper-cased for signing).
    pub method: &'a str,
    /// The endpoint's host, with `:port` when the endpoint names one; sent as `Host` unless
    /// `headers` has one.
    pub host: &'a str,
    /// The resource path exactly as it goes on the wire (path parameters already encoded).
    pub path: &'a str,
    /// The query parameters, in any order.
    pub query: &'a [(String, QueryValue)],
    /// Headers before signing, in wire order. Names must be unique (ignoring case).
    pub headers: &'a [(String, String)],
    /// The exact body bytes (empty for none).
    pub body: &'a [u8],
}

/// The result of signing: the headers to send and every intermediate value.
///
/// `Debug` hides the signature, the `Authorization` value and the security token.
#[derive(Clone, PartialEq, Eq)]
pub struct SignedRequest {
    /// All headers to send, in wire order, values stripped, `Authorization` last.
    pub headers: Vec<(String, String)>,
    /// The request target: the path, plus `?` and the canonical query when there is one.
    pub uri: String,
    /// The canonical query string (also the wire query).
    pub canonical_query: String,
    /// The canonical request.
    pub canonical_request: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// The signed header names joined with `;`.
    pub signed_headers: String,
    /// The hex signature.
    pub signature: String,
    /// The `Authorization` header value.
    pub authorization: String,
    /// The `X-Sdk-Date` value used.
    pub sdk_date: String,
}

impl SignedRequest {
    /// The value of a header (name compared ignoring case).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name).map(|i| self.headers[i].1.as_str())
    }
}

impl fmt::Debug for SignedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(n, v)| {
                let hidden = n.eq_ignore_ascii_case("authorization")
                    || n.eq_ignore_ascii_case(HEADER_SECURITY_TOKEN);
                (n.as_str(), if hidden { "***" } else { v.as_str() })
            })
            .collect();
        f.debug_struct("SignedRequest")
            .field("headers", &headers)
            .field("uri", &self.uri)
            .field(
                "canonical_request",
                &redact_token_line(&self.canonical_request),
            )
            .field("string_to_sign", &self.string_to_sign)
            .field("signed_headers", &self.signed_headers)
            .field("signature", &"***")
            .field("sdk_date", &self.sdk_date)
            .finish_non_exhaustive()
    }
}

/// The canonical request with the security token's value hidden.
fn redact_token_line(canonical_request: &str) -> String {
    canonical_request
        .split('\n')
        .map(|line| {
            if line.starts_with("x-security-token:") {
                "x-security-token:***"
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn find_header(headers: &[(String, String)], name: &str) -> Option<usize> {
    headers
        .iter()
        .position(|(n, _)| n.eq_ignore_ascii_case(name))
}

/// Sets a header, replacing an existing one of the same name (ignoring case) in place, like the
/// Python dict assignment the official SDK does.
fn set_header(headers: &mut Vec<(String, String)>, name: &str, value: String) {
    match find_header(headers, name) {
        Some(i) => headers[i].1 = value,
        None => headers.push((name.to_owned(), value)),
    }
}

/// Formats a time as an `X-Sdk-Date` value (`20240506T070809Z`, UTC).
pub fn format_sdk_date(t: jiff::Timestamp) -> String {
    let dt = t.to_zoned_datetime(jiff::tz::TimeZone::UTC).datetime();
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second()
    )
}

/// Parses an `X-Sdk-Date` value (exactly `YYYYMMDDTHHMMSSZ`, a valid UTC date-time).
pub fn parse_sdk_date(s: &str) -> Option<jiff::Timestamp> {
    let b = s.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<i32> {
        let part = s.get(r)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let dt = jiff::civil::DateTime::new(
        i16::try_from(digits(0..4)?).ok()?,
        i8::try_from(digits(4..6)?).ok()?,
        i8::try_from(digits(6..8)?).ok()?,
        i8::try_from(digits(9..11)?).ok()?,
        i8::try_from(digits(11..13)?).ok()?,
        i8::try_from(digits(13..15)?).ok()?,
        0,
    )
    .ok()?;
    dt.to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp())
}

/// Hex HMAC-SHA256 of `message` keyed with `key`.
pub(crate) fn hmac_hex(key: &[u8], message: &[u8]) -> String {
    // HMAC accepts keys of any length.
    let mut mac = match Hmac::<Sha256>::new_from_slice(key) {
        Ok(m) => m,
        Err(_) => return String::new(),
    };
    mac.update(message);
    hex::encode(mac.finalize().into_bytes())
}

/// The string to sign for a canonical request.
pub fn string_to_sign(sdk_date: &str, canonical_request: &str) -> String {
    format!(
        "{ALGORITHM}\n{sdk_date}\n{}",
        sha256_hex(canonical_request.as_bytes())
    )
}

/// Signs `request` with `credentials` at time `now` (used for `X-Sdk-Date` unless the request
/// already has that header).
///
/// Errors ([`Error::InvalidRequest`]): an empty path, duplicate header names, an existing
/// `Authorization` header, an unparsable `X-Sdk-Date` header.
pub fn sign_request(
    request: &SignableRequest<'_>,
    credentials: &Credentials,
    now: jiff::Timestamp,
) -> Result<SignedRequest> {
    if request.path.is_empty() {
        return Err(Error::invalid_request(
            "cannot sign a request with an empty path",
        ));
    }
    let mut headers: Vec<(String, String)> = Vec::with_capacity(request.headers.len() + 6);
    for (name, value) in request.headers {
        if find_header(&headers, name).is_some() {
            return Err(Error::invalid_request(format!(
                "header `{name}` is given more than once"
            )));
        }
        headers.push((name.clone(), value.clone()));
    }
    if find_header(&headers, "authorization").is_some() {
        return Err(Error::invalid_request(
            "the request already has an Authorization header",
        ));
    }
    if let Some(project_id) = credentials.project_id() {
        set_header(&mut headers, HEADER_PROJECT_ID, project_id.to_owned());
    }
    if let Some(token) = credentials.security_token() {
        set_header(&mut headers, HEADER_SECURITY_TOKEN, token.to_owned());
    }
    if let Some(i) = find_header(&headers, "content-type") {
        let ct = &headers[i].1;
        if !ct.starts_with("application/json") && !ct.starts_with("application/bson") {
            set_header(
                &mut headers,
                HEADER_CONTENT_SHA256,
                UNSIGNED_PAYLOAD.to_owned(),
            );
        }
    }
    let sdk_date = match find_header(&headers, HEADER_SDK_DATE) {
        Some(i) => {
            let given = python_strip(&headers[i].1);
            let t = parse_sdk_date(given).ok_or_else(|| {
                Error::invalid_request(format!(
                    "the {HEADER_SDK_DATE} header is not in the format YYYYMMDDTHHMMSSZ"
                ))
            })?;
            format_sdk_date(t)
        }
        None => {
            let d = format_sdk_date(now);
            headers.push((HEADER_SDK_DATE.to_owned(), d.clone()));
            d
        }
    };
    if find_header(&headers, "host").is_none() {
        headers.push(("Host".to_owned(), request.host.to_owned()));
    }
    for (_, value) in headers.iter_mut() {
        let stripped = python_strip(value);
        if stripped.len() != value.len() {
            *value = stripped.to_owned();
        }
    }

    let mut signed: Vec<(String, &str)> = headers
        .iter()
        .filter(|(n, _)| !n.contains('_'))
        .map(|(n, v)| (n.to_ascii_lowercase(), v.as_str()))
        .collect();
    signed.sort_by(|a, b| a.0.cmp(&b.0));
    let signed_headers = signed
        .iter()
        .map(|(n, _)| n.as_str())
        .collect::<Vec<_>>()
        .join(";");
    let canonical_headers: String = signed.iter().map(|(n, v)| format!("{n}:{v}\n")).collect();

    let payload_hash = if request.body.is_empty() {
        EMPTY_PAYLOAD_SHA256.to_owned()
    } else if let Some(i) = find_header(&headers, HEADER_CONTENT_SHA256) {
        headers[i].1.clone()
    } else {
        sha256_hex(request.body)
    };
    let canonical_query = canonical_query(request.query);
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        request.method.to_ascii_uppercase(),
        canonical_uri(request.path),
        canonical_query,
        canonical_headers,
        signed_headers,
        payload_hash
    );
    let string_to_sign = string_to_sign(&sdk_date, &canonical_request);
    let signature = hmac_hex(
        credentials.secret_key().as_bytes(),
        string_to_sign.as_bytes(),
    );
    let authorization = format!(
        "{ALGORITHM} Access={}, SignedHeaders={signed_headers}, Signature={signature}",
        credentials.access_key()
    );
    headers.push(("Authorization".to_owned(), authorization.clone()));
    let uri = if canonical_query.is_empty() {
        request.path.to_owned()
    } else {
        format!("{}?{canonical_query}", request.path)
    };
    Ok(SignedRequest {
        headers,
        uri,
        canonical_query,
        canonical_request,
        string_to_sign,
        signed_headers,
        signature,
        authorization,
        sdk_date,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sdk_date_round_trip() {
        let t = parse_sdk_date("20240506T070809Z");
        assert_eq!(t.map(format_sdk_date).as_deref(), Some("20240506T070809Z"));
        for bad in [
            "",
            "20240506T070809",
            "20241306T070809Z",
            "+0240506T070809Z",
            "20240230T000000Z",
            "20240506T250000Z",
            "2024０506T070809Z",
        ] {
            assert_eq!(parse_sdk_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn query_value_ordering() {
        let q: Vec<(String, QueryValue)> = vec![
            ("limit".into(), 10.into()),
            ("limit".into(), 9.into()),
            ("b".into(), true.into()),
            ("ids".into(), vec![3i64, 1, 2].into()),
            ("flags".into(), vec![true, false].into()),
        ];
        assert_eq!(
            canonical_query(&q),
            "b=true&flags=False&flags=True&ids=1&ids=2&ids=3&limit=9&limit=10"
        );
    }
}
