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
//!
//! # Two entry points, one implementation
//!
//! - [`sign_for_wire`] is what the HTTP client calls: it returns [`SignedHeaders`], exactly what
//!   goes on the wire (the headers in wire order with `Authorization` last, and the request
//!   target), and can append the headers to an [`http::HeaderMap`] with
//!   [`SignedHeaders::append_to`]. The canonical request is streamed into SHA-256 through a stack
//!   buffer and never exists as a string; header names are lower-cased and sorted in place; the
//!   digests are hex-encoded on the stack; header names and values are borrowed, not copied. One
//!   `String` holds the request target and the `Authorization` value: that is the only allocation
//!   for a request with at most 12 headers (signer's included), 16 query parameters, no list
//!   values and no `%` in the path.
//! - [`sign_request`] returns [`SignedRequest`] with every intermediate string (canonical request,
//!   string to sign, …) for tests and debugging. It runs the same code as [`sign_for_wire`] with
//!   the canonical request also recorded, so the two cannot drift.

mod canonical;
mod verify;

use smallvec::SmallVec;
use std::cmp::Ordering;
use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

pub(crate) use canonical::{HashSink, QUOTE_SET};
use canonical::{
    Hex64, Sink, bytes_to_string, cmp_lowercase, push_quoted, put_canonical_uri, put_uppercase,
    sha256,
};
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

/// Python's ordering of the values, where Python has one (numbers and booleans by value, strings by
/// code point, lists element by element); where Python would raise `TypeError` (a string beside a
/// number or a list), the kinds in a fixed order: numbers, then strings, then lists. Comparing the
/// texts instead was no total order (`10` > `true` > `"5"` > `10`), and sorting panics on one.
fn cmp_values(a: &QueryValue, b: &QueryValue) -> Ordering {
    fn kind(v: &QueryValue) -> u8 {
        match v {
            QueryValue::Int(_) | QueryValue::Bool(_) => 0,
            QueryValue::Str(_) => 1,
            QueryValue::List(_) => 2,
        }
    }
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
        _ => kind(a).cmp(&kind(b)),
    }
}

/// The canonical query string: the pairs sorted on the raw key (code-point order) then the value,
/// each written `quote(key)=quote(value)`, joined with `&`. This is also the query sent on the
/// wire. No pairs give the empty string.
pub fn canonical_query<K: AsRef<str>>(pairs: &[(K, QueryValue)]) -> String {
    let mut out = String::with_capacity(query_capacity(pairs));
    push_canonical_query(&mut out, pairs);
    out
}

/// Appends the canonical query string (see [`canonical_query`]) to `out`, without allocating for
/// string, integer and boolean values (lists allocate to sort their elements).
fn push_canonical_query<K: AsRef<str>>(out: &mut String, pairs: &[(K, QueryValue)]) {
    let mut order: SmallVec<[usize; 16]> = SmallVec::new();
    for i in 0..pairs.len() {
        order.push(i);
    }
    // Stable, like Python's sort.
    order.as_mut_slice().sort_by(|&a, &b| {
        let ((ka, va), (kb, vb)) = (&pairs[a], &pairs[b]);
        ka.as_ref()
            .cmp(kb.as_ref())
            .then_with(|| cmp_values(va, vb))
    });
    let mut first = true;
    let mut pair = |out: &mut String, key: &str, value: &str| {
        if !std::mem::take(&mut first) {
            out.push('&');
        }
        push_quoted(out, key);
        out.push('=');
        push_quoted(out, value);
    };
    for &i in order.as_slice() {
        let (key, value) = &pairs[i];
        let key = key.as_ref();
        match value {
            QueryValue::Str(s) => pair(out, key, s),
            QueryValue::Int(n) => {
                let mut digits = IntText::default();
                pair(out, key, digits.format(*n));
            }
            QueryValue::Bool(b) => pair(out, key, if *b { "true" } else { "false" }),
            QueryValue::List(_) => value.texts().iter().for_each(|t| pair(out, key, t)),
        }
    }
}

/// An upper bound of the canonical query's length for pairs of strings, a fair guess otherwise.
fn query_capacity<K: AsRef<str>>(pairs: &[(K, QueryValue)]) -> usize {
    fn value_len(v: &QueryValue) -> (usize, usize) {
        match v {
            QueryValue::Str(s) => (1, s.len()),
            QueryValue::Int(_) => (1, 20),
            QueryValue::Bool(_) => (1, 5),
            QueryValue::List(items) => items
                .iter()
                .map(value_len)
                .fold((0, 0), |(n, l), (m, k)| (n + m, l + k)),
        }
    }
    pairs
        .iter()
        .map(|(k, v)| {
            let (texts, len) = value_len(v);
            // Each byte is at most `%XX`; `=` and `&` per text.
            texts * (3 * k.as_ref().len() + 2) + 3 * len
        })
        .sum()
}

/// Decimal text of an `i64` on the stack (the same text as `i64::to_string`).
#[derive(Default)]
struct IntText([u8; 20]);

impl IntText {
    fn format(&mut self, n: i64) -> &str {
        let mut i = self.0.len();
        let mut v = n.unsigned_abs();
        loop {
            i -= 1;
            // `v % 10` is a single digit.
            self.0[i] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        if n < 0 {
            i -= 1;
            self.0[i] = b'-';
        }
        std::str::from_utf8(&self.0[i..]).unwrap_or_default()
    }
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

/// The result of [`sign_request`]: the headers to send and every intermediate value.
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
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl fmt::Debug for SignedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignedRequest")
            .field(
                "headers",
                &RedactedHeaders(|| self.headers.iter().map(|(n, v)| (n.as_str(), v.as_str()))),
            )
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

/// Headers for `Debug`, with the values of `Authorization` and `X-Security-Token` hidden.
struct RedactedHeaders<F>(F);

impl<'h, F, I> fmt::Debug for RedactedHeaders<F>
where
    F: Fn() -> I,
    I: Iterator<Item = (&'h str, &'h str)>,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries((self.0)().map(|(n, v)| {
                let hidden = n.eq_ignore_ascii_case("authorization")
                    || n.eq_ignore_ascii_case(HEADER_SECURITY_TOKEN);
                (n, if hidden { "***" } else { v })
            }))
            .finish()
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

/// Formats a time as an `X-Sdk-Date` value (`20240506T070809Z`, UTC).
pub fn format_sdk_date(t: jiff::Timestamp) -> String {
    SdkDate::new(t).as_str().to_owned()
}

/// An `X-Sdk-Date` value on the stack.
#[derive(Clone, Copy)]
struct SdkDate {
    buf: [u8; 24],
    len: usize,
}

impl SdkDate {
    /// `YYYYMMDDTHHMMSSZ` in UTC; each field zero-padded like `{:04}`/`{:02}` (which only matters
    /// for years outside 0–9999).
    fn new(t: jiff::Timestamp) -> Self {
        let dt = jiff::tz::Offset::UTC.to_datetime(t);
        let mut date = Self {
            buf: [0; 24],
            len: 0,
        };
        let fields = [
            (i32::from(dt.month()), 2),
            (i32::from(dt.day()), 2),
            (-1, 0),
            (i32::from(dt.hour()), 2),
            (i32::from(dt.minute()), 2),
            (i32::from(dt.second()), 2),
        ];
        let year = i32::from(dt.year());
        if (0..=9999).contains(&year) {
            date.digits(year, 4);
            for (v, width) in fields {
                if width == 0 {
                    date.push(b'T');
                } else {
                    date.digits(v, width);
                }
            }
            date.push(b'Z');
        } else {
            use fmt::Write as _;
            // Out of the four-digit range (never for a real clock): the formatter pads the sign.
            let _ = write!(
                date,
                "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
                dt.year(),
                dt.month(),
                dt.day(),
                dt.hour(),
                dt.minute(),
                dt.second()
            );
        }
        date
    }

    fn push(&mut self, b: u8) {
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = b;
            self.len += 1;
        }
    }

    /// A non-negative number in exactly `width` digits.
    fn digits(&mut self, v: i32, width: u32) {
        for p in (0..width).rev() {
            // A single digit.
            self.push(b'0' + (v / 10i32.pow(p) % 10) as u8);
        }
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or_default()
    }
}

impl fmt::Write for SdkDate {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        let slot = self.buf.get_mut(self.len..end).ok_or(fmt::Error)?;
        slot.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
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

/// The parts of the string to sign, in order: `SDK-HMAC-SHA256\n<date>\n<hex hash>`.
fn string_to_sign_parts<'s>(sdk_date: &'s str, canonical_hash_hex: &'s str) -> [&'s str; 5] {
    [ALGORITHM, "\n", sdk_date, "\n", canonical_hash_hex]
}

/// The string to sign for a canonical request.
pub fn string_to_sign(sdk_date: &str, canonical_request: &str) -> String {
    let hash = Hex64::of(&sha256(canonical_request.as_bytes()));
    string_to_sign_parts(sdk_date, hash.as_str()).concat()
}

/// HMAC-SHA256 keyed with `secret`, fed the string to sign piece by piece (the string itself is
/// never built). `None` only if the HMAC implementation refused the key, which it never does.
fn string_to_sign_mac(
    secret: &str,
    sdk_date: &str,
    canonical_hash_hex: &str,
) -> Option<Hmac<Sha256>> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).ok()?;
    for part in string_to_sign_parts(sdk_date, canonical_hash_hex) {
        mac.update(part.as_bytes());
    }
    Some(mac)
}

/// The canonical request's layout, written to `sink`; shared by the signer and the verifier.
/// `headers` writes the canonical headers (`name:value\n` each).
fn put_canonical_request<S: Sink + ?Sized>(
    sink: &mut S,
    method: &str,
    path: &str,
    canonical_query: &str,
    headers: impl FnOnce(&mut S),
    signed_headers: &str,
    payload_hash: &str,
) {
    put_uppercase(sink, method);
    sink.put_byte(b'\n');
    put_canonical_uri(sink, path);
    sink.put_byte(b'\n');
    sink.put(canonical_query.as_bytes());
    sink.put_byte(b'\n');
    headers(sink);
    sink.put_byte(b'\n');
    sink.put(signed_headers.as_bytes());
    sink.put_byte(b'\n');
    sink.put(payload_hash.as_bytes());
}

// ---------------------------------------------------------------------------------------------
// Signing.
// ---------------------------------------------------------------------------------------------

/// Headers kept inline in [`SignedHeaders`] before it spills to the heap.
const INLINE_HEADERS: usize = 12;

/// A header value: borrowed from the request or the credentials, or the `X-Sdk-Date` the signer
/// formatted (kept in [`SignedHeaders`] itself).
#[derive(Clone, Copy)]
enum Value<'a> {
    Text(&'a str),
    Date,
}

#[derive(Clone, Copy)]
struct Entry<'a> {
    name: &'a str,
    value: Value<'a>,
}

/// What goes on the wire for a signed request: the headers in wire order (`Authorization` last)
/// and the request target. Made by [`sign_for_wire`].
///
/// Header names and values borrow from the [`SignableRequest`] and the [`Credentials`] where they
/// can; one `String` holds the request target and the `Authorization` value. `Debug` hides the
/// `Authorization` value (the signature) and the security token.
#[derive(Clone)]
pub struct SignedHeaders<'a> {
    /// Wire order, values stripped, without `Authorization`.
    headers: SmallVec<[Entry<'a>; INLINE_HEADERS]>,
    date: SdkDate,
    /// `<path>[?<canonical query>]SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…`.
    text: String,
    query_start: usize,
    target_end: usize,
    signed_start: usize,
    signed_end: usize,
    signature_start: usize,
}

impl<'a> SignedHeaders<'a> {
    /// The request target: the path, plus `?` and the canonical query when there is one.
    pub fn target(&self) -> &str {
        &self.text[..self.target_end]
    }

    /// The canonical query string (also the wire query; empty when there is none).
    pub fn canonical_query(&self) -> &str {
        &self.text[self.query_start..self.target_end]
    }

    /// The `X-Sdk-Date` value the request was signed with.
    pub fn sdk_date(&self) -> &str {
        self.date.as_str()
    }

    /// The signed header names joined with `;`.
    pub fn signed_headers(&self) -> &str {
        &self.text[self.signed_start..self.signed_end]
    }

    /// The `Authorization` header value (it contains the signature).
    pub fn authorization(&self) -> &str {
        &self.text[self.target_end..]
    }

    /// The hex signature.
    fn signature(&self) -> &str {
        &self.text[self.signature_start..]
    }

    /// How many headers [`iter`](Self::iter) yields (at least three: `X-Sdk-Date`, `Host`,
    /// `Authorization`).
    pub fn header_count(&self) -> usize {
        self.headers.as_slice().len() + 1
    }

    /// The headers to send as `(name, value)`, in wire order, values stripped, `Authorization`
    /// last. Names are spelled as given (the request's) or as the official SDK spells them
    /// (`X-Sdk-Date`, `Host`, `X-Project-Id`, …).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.headers
            .as_slice()
            .iter()
            .map(|e| (e.name, self.value(e)))
            .chain(std::iter::once(("Authorization", self.authorization())))
    }

    fn value<'s>(&'s self, entry: &Entry<'a>) -> &'s str {
        match entry.value {
            Value::Text(v) => v,
            Value::Date => self.date.as_str(),
        }
    }

    /// Appends the headers to `map` in wire order (`HeaderMap` lower-cases the names, as HTTP/2
    /// requires and HTTP/1.1 allows). The values of `Authorization` and `X-Security-Token` are
    /// marked sensitive (hidden from `Debug`, never indexed by HPACK).
    ///
    /// The signer's own header names, `Host`, `Authorization` and the standard names the client
    /// sends (`Content-Type`, `User-Agent`) cost no allocation; the values are copied once, into
    /// one buffer that all the `HeaderValue`s share (two allocations in all).
    ///
    /// Errors ([`Error::InvalidRequest`]): a name that is not a valid HTTP header name (`` `{name}`
    /// is not a valid header name``), a value with characters HTTP cannot carry, such as a line
    /// break (``the value of header `{name}` contains characters that cannot be sent``). On an
    /// error, the headers before the failing one have been appended.
    pub fn append_to(&self, map: &mut http::HeaderMap) -> Result<()> {
        // All values are copied into one buffer, then each `HeaderValue` is a slice of it: two
        // allocations (the buffer and its shared handle) instead of one per header.
        let entries = self.headers.as_slice();
        let len =
            entries.iter().map(|e| self.value(e).len()).sum::<usize>() + self.authorization().len();
        let mut buf = Vec::with_capacity(len);
        for entry in entries {
            buf.extend_from_slice(self.value(entry).as_bytes());
        }
        buf.extend_from_slice(self.authorization().as_bytes());
        let buf = bytes::Bytes::from(buf);
        map.reserve(self.header_count());
        let mut at = 0;
        for entry in entries {
            let name = header_name(entry.name)?;
            let end = at + self.value(entry).len();
            let mut value = header_value(entry.name, buf.slice(at..end))?;
            at = end;
            if name == "x-security-token" {
                value.set_sensitive(true);
            }
            map.append(name, value);
        }
        let mut authorization = header_value("Authorization", buf.slice(at..))?;
        authorization.set_sensitive(true);
        map.append(http::header::AUTHORIZATION, authorization);
        Ok(())
    }
}

/// A header name for `http`, without an allocation for the names the signer adds.
fn header_name(name: &str) -> Result<http::HeaderName> {
    use http::HeaderName;
    let known = match name.len() {
        4 if name.eq_ignore_ascii_case("host") => Some(http::header::HOST),
        10 if name.eq_ignore_ascii_case(HEADER_SDK_DATE) => {
            Some(HeaderName::from_static("x-sdk-date"))
        }
        12 if name.eq_ignore_ascii_case(HEADER_PROJECT_ID) => {
            Some(HeaderName::from_static("x-project-id"))
        }
        16 if name.eq_ignore_ascii_case(HEADER_SECURITY_TOKEN) => {
            Some(HeaderName::from_static("x-security-token"))
        }
        20 if name.eq_ignore_ascii_case(HEADER_CONTENT_SHA256) => {
            Some(HeaderName::from_static("x-sdk-content-sha256"))
        }
        _ => None,
    };
    match known {
        Some(n) => Ok(n),
        None => HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::invalid_request(format!("`{name}` is not a valid header name"))),
    }
}

fn header_value(name: &str, value: bytes::Bytes) -> Result<http::HeaderValue> {
    http::HeaderValue::from_maybe_shared(value).map_err(|_| {
        Error::invalid_request(format!(
            "the value of header `{name}` contains characters that cannot be sent"
        ))
    })
}

impl fmt::Debug for SignedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignedHeaders")
            .field("target", &self.target())
            .field("headers", &RedactedHeaders(|| self.iter()))
            .field("sdk_date", &self.sdk_date())
            .field("signed_headers", &self.signed_headers())
            .finish_non_exhaustive()
    }
}

fn find_entry(entries: &[Entry<'_>], name: &str) -> Option<usize> {
    entries
        .iter()
        .position(|e| e.name.eq_ignore_ascii_case(name))
}

/// Sets a header, replacing an existing one of the same name (ignoring case) in place, like the
/// Python dict assignment the official SDK does.
fn set_entry<'a>(
    entries: &mut SmallVec<[Entry<'a>; INLINE_HEADERS]>,
    name: &'a str,
    value: &'a str,
) {
    match find_entry(entries.as_slice(), name) {
        Some(i) => entries.as_mut_slice()[i].value = Value::Text(value),
        None => entries.push(Entry {
            name,
            value: Value::Text(value),
        }),
    }
}

/// Signs `request` for sending: the headers to send and the request target, nothing else kept.
///
/// Same algorithm, same inputs, same errors and byte-identical output as [`sign_request`] (whose
/// `headers` and `uri` are [`SignedHeaders::iter`] and [`SignedHeaders::target`]), several times
/// faster: no canonical request or string to sign is built.
///
/// From an HTTP client:
///
/// ```
/// # use huaweicloud_core::{Credentials, sign::{self, SignableRequest}};
/// # fn main() -> huaweicloud_core::Result<()> {
/// let credentials = Credentials::new("AK", "SK").with_project_id("p");
/// let query = [("limit".to_owned(), "10".into())];
/// let headers = [("Content-Type".to_owned(), "application/json".to_owned())];
/// let signed = sign::sign_for_wire(
///     &SignableRequest {
///         method: "GET",
///         host: "dms.cn-north-4.myhuaweicloud.com",
///         path: "/v2/p/instances",
///         query: &query,
///         headers: &headers,
///         body: b"",
///     },
///     &credentials,
///     jiff::Timestamp::UNIX_EPOCH,
/// )?;
/// let url = format!("https://dms.cn-north-4.myhuaweicloud.com{}", signed.target());
/// let mut map = http::HeaderMap::with_capacity(signed.header_count());
/// signed.append_to(&mut map)?;
/// assert_eq!(url, "https://dms.cn-north-4.myhuaweicloud.com/v2/p/instances?limit=10");
/// assert_eq!(map["x-sdk-date"], "19700101T000000Z");
/// # Ok(())
/// # }
/// ```
///
/// Errors ([`Error::InvalidRequest`]): an empty path, duplicate header names, an existing
/// `Authorization` header, an unparsable `X-Sdk-Date` header.
pub fn sign_for_wire<'a>(
    request: &SignableRequest<'a>,
    credentials: &'a Credentials,
    now: jiff::Timestamp,
) -> Result<SignedHeaders<'a>> {
    sign_with(request, credentials, now, &mut HashSink::new())
}

/// Signs `request` with `credentials` at time `now` (used for `X-Sdk-Date` unless the request
/// already has that header), keeping every intermediate string. [`sign_for_wire`] is the fast
/// path for sending.
///
/// Errors ([`Error::InvalidRequest`]): an empty path, duplicate header names, an existing
/// `Authorization` header, an unparsable `X-Sdk-Date` header.
pub fn sign_request(
    request: &SignableRequest<'_>,
    credentials: &Credentials,
    now: jiff::Timestamp,
) -> Result<SignedRequest> {
    let mut canonical = Vec::with_capacity(512);
    let signed = sign_with(request, credentials, now, &mut canonical)?;
    let canonical_hash = Hex64::of(&canonical.digest());
    let sdk_date = signed.sdk_date().to_owned();
    Ok(SignedRequest {
        headers: signed
            .iter()
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
            .collect(),
        uri: signed.target().to_owned(),
        canonical_query: signed.canonical_query().to_owned(),
        canonical_request: bytes_to_string(canonical),
        string_to_sign: string_to_sign_parts(&sdk_date, canonical_hash.as_str()).concat(),
        signed_headers: signed.signed_headers().to_owned(),
        signature: signed.signature().to_owned(),
        authorization: signed.authorization().to_owned(),
        sdk_date,
    })
}

/// The signer: the canonical request goes to `sink` (hashed on the fly, or recorded); returns what
/// goes on the wire.
#[inline]
fn sign_with<'a, S: Sink>(
    request: &SignableRequest<'a>,
    credentials: &'a Credentials,
    now: jiff::Timestamp,
    sink: &mut S,
) -> Result<SignedHeaders<'a>> {
    if request.path.is_empty() {
        return Err(Error::invalid_request(
            "cannot sign a request with an empty path",
        ));
    }
    let mut headers: SmallVec<[Entry<'a>; INLINE_HEADERS]> = SmallVec::new();
    for (name, value) in request.headers {
        if find_entry(headers.as_slice(), name).is_some() {
            return Err(Error::invalid_request(format!(
                "header `{name}` is given more than once"
            )));
        }
        headers.push(Entry {
            name,
            value: Value::Text(value),
        });
    }
    if find_entry(headers.as_slice(), "authorization").is_some() {
        return Err(Error::invalid_request(
            "the request already has an Authorization header",
        ));
    }
    if let Some(project_id) = credentials.project_id() {
        set_entry(&mut headers, HEADER_PROJECT_ID, project_id);
    }
    if let Some(token) = credentials.security_token() {
        set_entry(&mut headers, HEADER_SECURITY_TOKEN, token);
    }
    if let Some(i) = find_entry(headers.as_slice(), "content-type")
        && let Value::Text(ct) = headers.as_slice()[i].value
        && !ct.starts_with("application/json")
        && !ct.starts_with("application/bson")
    {
        set_entry(&mut headers, HEADER_CONTENT_SHA256, UNSIGNED_PAYLOAD);
    }
    let date = match find_entry(headers.as_slice(), HEADER_SDK_DATE) {
        Some(i) => {
            let given = match headers.as_slice()[i].value {
                Value::Text(v) => python_strip(v),
                Value::Date => "",
            };
            let t = parse_sdk_date(given).ok_or_else(|| {
                Error::invalid_request(format!(
                    "the {HEADER_SDK_DATE} header is not in the format YYYYMMDDTHHMMSSZ"
                ))
            })?;
            SdkDate::new(t)
        }
        None => {
            headers.push(Entry {
                name: HEADER_SDK_DATE,
                value: Value::Date,
            });
            SdkDate::new(now)
        }
    };
    if find_entry(headers.as_slice(), "host").is_none() {
        headers.push(Entry {
            name: "Host",
            value: Value::Text(request.host),
        });
    }
    for entry in headers.as_mut_slice() {
        if let Value::Text(v) = &mut entry.value {
            *v = python_strip(v);
        }
    }

    // Signed headers: names without `_`, in the order of their lower-case forms.
    let entries = headers.as_slice();
    let mut order: SmallVec<[usize; INLINE_HEADERS]> = SmallVec::new();
    for (i, e) in entries.iter().enumerate() {
        if !e.name.contains('_') {
            order.push(i);
        }
    }
    // Names are unique ignoring ASCII case, so the order is total.
    order
        .as_mut_slice()
        .sort_unstable_by(|&a, &b| cmp_lowercase(entries[a].name, entries[b].name));
    let order = order.as_slice();

    // The request target, then the `Authorization` value up to the signature, in one buffer.
    let access_key = credentials.access_key();
    let signed_len: usize = order.iter().map(|&i| entries[i].name.len() + 1).sum();
    let mut text = String::with_capacity(
        request.path.len()
            + 1
            + query_capacity(request.query)
            + ALGORITHM.len()
            + " Access=, SignedHeaders=, Signature=".len()
            + access_key.len()
            + signed_len
            + 64,
    );
    text.push_str(request.path);
    text.push('?');
    let query_start = text.len();
    push_canonical_query(&mut text, request.query);
    if text.len() == query_start {
        text.pop();
    }
    let target_end = text.len();
    let query_start = query_start.min(target_end);
    text.push_str(ALGORITHM);
    text.push_str(" Access=");
    text.push_str(access_key);
    text.push_str(", SignedHeaders=");
    let signed_start = text.len();
    for (n, &i) in order.iter().enumerate() {
        if n > 0 {
            text.push(';');
        }
        text.push_str(entries[i].name);
    }
    let signed_end = text.len();
    text[signed_start..signed_end].make_ascii_lowercase();

    let body_hash;
    let payload_hash = if request.body.is_empty() {
        EMPTY_PAYLOAD_SHA256
    } else if let Some(i) = find_entry(entries, HEADER_CONTENT_SHA256)
        && let Value::Text(v) = entries[i].value
    {
        v
    } else {
        body_hash = Hex64::of(&sha256(request.body));
        body_hash.as_str()
    };
    put_canonical_request(
        sink,
        request.method,
        request.path,
        &text[query_start..target_end],
        |sink| {
            // Each lower-case name is in the `SignedHeaders` list already (same length as the
            // name: only ASCII letters change).
            let mut at = signed_start;
            for &i in order {
                let e = &entries[i];
                sink.put(&text.as_bytes()[at..at + e.name.len()]);
                at += e.name.len() + 1;
                sink.put_byte(b':');
                let value = match e.value {
                    Value::Text(v) => v,
                    Value::Date => date.as_str(),
                };
                sink.put(value.as_bytes());
                sink.put_byte(b'\n');
            }
        },
        &text[signed_start..signed_end],
        payload_hash,
    );
    let canonical_hash = Hex64::of(&sink.digest());
    let mac = string_to_sign_mac(
        credentials.secret_key(),
        date.as_str(),
        canonical_hash.as_str(),
    )
    .ok_or_else(|| Error::invalid_request("the secret key cannot be used as an HMAC key"))?;
    let tag: [u8; 32] = mac.finalize().into_bytes().into();
    text.push_str(", Signature=");
    let signature_start = text.len();
    text.push_str(Hex64::of(&tag).as_str());
    Ok(SignedHeaders {
        headers,
        date,
        text,
        query_start,
        target_end,
        signed_start,
        signed_end,
        signature_start,
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
