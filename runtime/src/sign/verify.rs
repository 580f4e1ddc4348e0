//! The server side of `SDK-HMAC-SHA256`: checks a received request the way the API gateway does.
//!
//! It works from what is on the wire (raw path, raw query string, headers, body), not from the
//! client's structured request, so it checks the signer end to end.

use std::borrow::Cow;
use std::time::Duration;

use hmac::Mac;

use super::canonical::{Hex64, Sink, bytes_to_string, push_quoted, sha256};
use super::{
    ALGORITHM, EMPTY_PAYLOAD_SHA256, HashSink, UNSIGNED_PAYLOAD, parse_sdk_date,
    put_canonical_request, python_strip, string_to_sign_mac, unquote,
};

/// A request as a server received it.
#[derive(Clone, Copy, Debug)]
pub struct ReceivedRequest<'a> {
    /// The method.
    pub method: &'a str,
    /// The path exactly as received (still percent-encoded).
    pub path: &'a str,
    /// The query string exactly as received, without `?` (empty when none).
    pub query: &'a str,
    /// The headers.
    pub headers: &'a http::HeaderMap,
    /// The body.
    pub body: &'a [u8],
}

impl<'a> ReceivedRequest<'a> {
    /// From the parts of an `http::Request` (as axum and hyper give them) and the collected body.
    pub fn from_parts(parts: &'a http::request::Parts, body: &'a [u8]) -> Self {
        Self {
            method: parts.method.as_str(),
            path: parts.uri.path(),
            query: parts.uri.query().unwrap_or(""),
            headers: &parts.headers,
            body,
        }
    }
}

/// How [`verify`] checks the signing time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyOptions {
    /// The largest accepted difference between `X-Sdk-Date` and now; `None` skips the check.
    pub max_clock_skew: Option<Duration>,
    /// "Now"; `None` means the system clock.
    pub now: Option<jiff::Timestamp>,
}

impl Default for VerifyOptions {
    /// A 15-minute skew window around the system clock, as the gateway allows.
    fn default() -> Self {
        Self {
            max_clock_skew: Some(Duration::from_secs(15 * 60)),
            now: None,
        }
    }
}

impl VerifyOptions {
    /// The default 15-minute window around the given time.
    pub fn at(now: jiff::Timestamp) -> Self {
        Self {
            now: Some(now),
            ..Self::default()
        }
    }

    /// No check of the signing time (for replaying recorded requests).
    pub fn without_clock_check() -> Self {
        Self {
            max_clock_skew: None,
            now: None,
        }
    }
}

/// What a successful [`verify`] learned about the request. `Debug` hides the security token.
#[derive(Clone, PartialEq, Eq)]
pub struct VerifiedRequest {
    /// The access key that signed the request.
    pub access_key: String,
    /// The signed header names, as listed in `Authorization`.
    pub signed_headers: Vec<String>,
    /// The signing time (`X-Sdk-Date`).
    pub sdk_date: jiff::Timestamp,
    /// The `X-Project-Id` header, if sent.
    pub project_id: Option<String>,
    /// The `X-Security-Token` header, if sent.
    pub security_token: Option<String>,
}

impl std::fmt::Debug for VerifiedRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerifiedRequest")
            .field("access_key", &self.access_key)
            .field("signed_headers", &self.signed_headers)
            .field("sdk_date", &self.sdk_date)
            .field("project_id", &self.project_id)
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| "***"),
            )
            .finish()
    }
}

/// Why a request failed verification. Messages never contain the expected signature or a secret.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// No `Authorization` header.
    #[error("missing Authorization header")]
    MissingAuthorization,
    /// The `Authorization` header is not `SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…`
    /// with a lower-case hex signature, or it is sent more than once.
    #[error("malformed Authorization header: {0}")]
    MalformedAuthorization(&'static str),
    /// Another algorithm than `SDK-HMAC-SHA256`.
    #[error("unsupported signing algorithm `{0}`")]
    UnsupportedAlgorithm(String),
    /// The access key is not known.
    #[error("unknown access key `{0}`")]
    UnknownAccessKey(String),
    /// `host` or `x-sdk-date` is not among the signed headers.
    #[error("signed headers must include `{0}`")]
    RequiredHeaderNotSigned(&'static str),
    /// A signed header is absent.
    #[error("signed header `{0}` is missing from the request")]
    MissingSignedHeader(String),
    /// A signed header is present more than once.
    #[error("signed header `{0}` is present more than once")]
    DuplicateSignedHeader(String),
    /// `X-Sdk-Date` is not `YYYYMMDDTHHMMSSZ`.
    #[error("X-Sdk-Date is not in the format YYYYMMDDTHHMMSSZ")]
    InvalidDate,
    /// `X-Sdk-Date` is too far from now.
    #[error("X-Sdk-Date is {skew_seconds} s away from the server clock")]
    ClockSkew {
        /// Signing time minus now, in seconds.
        skew_seconds: i64,
    },
    /// `X-Sdk-Content-Sha256` is present but unsigned, or is a hash that does not match the body.
    #[error("X-Sdk-Content-Sha256 is unsigned or does not match the body")]
    ContentHashMismatch,
    /// The signature does not match.
    #[error("signature mismatch; the server's canonical request was {canonical_request:?}")]
    SignatureMismatch {
        /// The canonical request the server computed (for debugging a client).
        canonical_request: String,
    },
}

struct Authorization<'a> {
    access: &'a str,
    signed_headers: Vec<&'a str>,
    signature: Vec<u8>,
}

fn parse_authorization(value: &str) -> Result<Authorization<'_>, VerifyError> {
    let rest = match value.strip_prefix(ALGORITHM) {
        Some(r) if r.starts_with(' ') => r,
        // The right algorithm and nothing after it: say what is missing, not "unsupported".
        Some("") => {
            return Err(VerifyError::MalformedAuthorization(
                "nothing after SDK-HMAC-SHA256; expected `Access=…, SignedHeaders=…, Signature=…`",
            ));
        }
        _ => {
            let algorithm: String = value
                .split(' ')
                .next()
                .unwrap_or("")
                .chars()
                .take(40)
                .collect();
            return Err(VerifyError::UnsupportedAlgorithm(algorithm));
        }
    };
    if rest.trim().is_empty() {
        return Err(VerifyError::MalformedAuthorization(
            "nothing after SDK-HMAC-SHA256; expected `Access=…, SignedHeaders=…, Signature=…`",
        ));
    }
    let (mut access, mut signed, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let (k, v) = part
            .trim()
            .split_once('=')
            .ok_or(VerifyError::MalformedAuthorization(
                "a part is not `Key=value`; expected `Access=…, SignedHeaders=…, Signature=…`",
            ))?;
        let slot = match k {
            "Access" => &mut access,
            "SignedHeaders" => &mut signed,
            "Signature" => &mut signature,
            _ => {
                return Err(VerifyError::MalformedAuthorization(
                    "unknown part; only Access, SignedHeaders and Signature are allowed",
                ));
            }
        };
        if slot.replace(v).is_some() {
            return Err(VerifyError::MalformedAuthorization("a part is repeated"));
        }
    }
    let access = access
        .filter(|a| !a.is_empty())
        .ok_or(VerifyError::MalformedAuthorization(
            "Access= is missing or empty",
        ))?;
    let signed = signed.ok_or(VerifyError::MalformedAuthorization(
        "SignedHeaders= is missing",
    ))?;
    let signature =
        signature.ok_or(VerifyError::MalformedAuthorization("Signature= is missing"))?;
    let signed_headers: Vec<&str> = signed.split(';').collect();
    if signed_headers
        .iter()
        .any(|h| h.is_empty() || h.bytes().any(|b| b.is_ascii_uppercase()))
    {
        return Err(VerifyError::MalformedAuthorization(
            "SignedHeaders must be lower-case names separated by `;`",
        ));
    }
    let signature = decode_lower_hex_32(signature).ok_or(VerifyError::MalformedAuthorization(
        if signature.len() == 64 && signature.bytes().all(|b| b.is_ascii_hexdigit()) {
            "Signature has upper-case hex digits; the gateway compares lower-case hex text"
        } else {
            "Signature is not 64 lower-case hex digits"
        },
    ))?;
    Ok(Authorization {
        access,
        signed_headers,
        signature,
    })
}

/// 64 lower-case hex digits as 32 bytes. Upper case is refused: the gateway compares the hex
/// text of the signature with the one it computes (lower-case, as every official signer writes
/// it), so an upper-case signature never verifies there.
fn decode_lower_hex_32(text: &str) -> Option<Vec<u8>> {
    let digits = text.as_bytes();
    if digits.len() != 64 {
        return None;
    }
    let nibble = |d: u8| match d {
        b'0'..=b'9' => Some(d - b'0'),
        b'a'..=b'f' => Some(d - b'a' + 10),
        _ => None,
    };
    digits
        .chunks_exact(2)
        .map(|pair| Some((nibble(pair[0])? << 4) | nibble(pair[1])?))
        .collect()
}

/// The single value of a header as text (raw UTF-8 bytes are accepted), or an error.
fn single_header<'h>(
    headers: &'h http::HeaderMap,
    name: &str,
) -> Result<Option<Cow<'h, str>>, VerifyError> {
    let mut values = headers.get_all(name).iter();
    let Some(first) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err(VerifyError::DuplicateSignedHeader(name.to_owned()));
    }
    Ok(Some(String::from_utf8_lossy(first.as_bytes())))
}

/// The canonical query strings worth trying for a received query: sorted on (key, value), and,
/// when a key repeats, sorted on the key only with the received order kept among equal keys (the
/// official signer sorts repeated integer values numerically, which a server cannot see).
fn query_candidates(raw: &str) -> Vec<String> {
    let pairs: Vec<(String, String)> = raw
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (unquote(k), unquote(v))
        })
        .collect();
    let render = |pairs: &[(String, String)]| {
        let mut out = String::with_capacity(raw.len() + raw.len() / 2);
        for (i, (k, v)) in pairs.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            push_quoted(&mut out, k);
            out.push('=');
            push_quoted(&mut out, v);
        }
        out
    };
    let mut by_pair = pairs.clone();
    by_pair.sort();
    let mut by_key = pairs;
    by_key.sort_by(|a, b| a.0.cmp(&b.0));
    let first = render(&by_pair);
    let second = render(&by_key);
    if first == second {
        vec![first]
    } else {
        vec![first, second]
    }
}

/// Verifies the `SDK-HMAC-SHA256` signature of a received request.
///
/// `secret_for` maps an access key to its secret key (`None`: unknown key). The signed headers
/// must include `host` and `x-sdk-date`; the signing time is checked against `options`.
pub fn verify(
    request: &ReceivedRequest<'_>,
    secret_for: impl FnOnce(&str) -> Option<String>,
    options: &VerifyOptions,
) -> Result<VerifiedRequest, VerifyError> {
    let auth_value = match single_header(request.headers, "authorization") {
        Ok(Some(v)) => v,
        Ok(None) => return Err(VerifyError::MissingAuthorization),
        Err(_) => {
            return Err(VerifyError::MalformedAuthorization(
                "more than one Authorization header",
            ));
        }
    };
    let auth = parse_authorization(&auth_value)?;
    for required in ["host", "x-sdk-date"] {
        if !auth.signed_headers.contains(&required) {
            return Err(VerifyError::RequiredHeaderNotSigned(required));
        }
    }

    let mut canonical_headers = String::new();
    let mut sdk_date = None;
    for name in &auth.signed_headers {
        let header_name = http::HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
            VerifyError::MalformedAuthorization("SignedHeaders lists an invalid header name")
        })?;
        let value = single_header(request.headers, header_name.as_str())?
            .ok_or_else(|| VerifyError::MissingSignedHeader((*name).to_owned()))?;
        let value = python_strip(&value);
        if *name == "x-sdk-date" {
            sdk_date = Some(value.to_owned());
        }
        canonical_headers.push_str(name);
        canonical_headers.push(':');
        canonical_headers.push_str(value);
        canonical_headers.push('\n');
    }
    let sdk_date_text = sdk_date.ok_or(VerifyError::InvalidDate)?;
    let sdk_date = parse_sdk_date(&sdk_date_text).ok_or(VerifyError::InvalidDate)?;
    if let Some(max) = options.max_clock_skew {
        let now = options.now.unwrap_or_else(jiff::Timestamp::now);
        let skew = sdk_date.as_second().saturating_sub(now.as_second());
        if skew.unsigned_abs() > max.as_secs() {
            return Err(VerifyError::ClockSkew { skew_seconds: skew });
        }
    }

    let body_hash;
    let payload_hash: Cow<'_, str> = if request.body.is_empty() {
        Cow::Borrowed(EMPTY_PAYLOAD_SHA256)
    } else {
        match single_header(request.headers, "x-sdk-content-sha256")? {
            Some(v) => {
                let v = python_strip(&v).to_owned();
                let signed = auth.signed_headers.contains(&"x-sdk-content-sha256");
                let matches = v == UNSIGNED_PAYLOAD
                    || v.eq_ignore_ascii_case(Hex64::of(&sha256(request.body)).as_str());
                if !signed || !matches {
                    return Err(VerifyError::ContentHashMismatch);
                }
                Cow::Owned(v)
            }
            None => {
                body_hash = Hex64::of(&sha256(request.body));
                Cow::Borrowed(body_hash.as_str())
            }
        }
    };

    let secret = secret_for(auth.access)
        .ok_or_else(|| VerifyError::UnknownAccessKey(auth.access.to_owned()))?;
    let signed_list = auth.signed_headers.join(";");
    let write = |sink: &mut dyn Sink, query: &str| {
        put_canonical_request(
            sink,
            request.method,
            request.path,
            query,
            |sink| sink.put(canonical_headers.as_bytes()),
            &signed_list,
            &payload_hash,
        );
    };
    let candidates = query_candidates(request.query);
    for query in &candidates {
        let mut sink = HashSink::new();
        write(&mut sink, query);
        let hash = Hex64::of(&sink.digest());
        let Some(mac) = string_to_sign_mac(&secret, &sdk_date_text, hash.as_str()) else {
            break;
        };
        if mac.verify_slice(&auth.signature).is_ok() {
            let text = |name: &str| {
                request
                    .headers
                    .get(name)
                    .map(|v| python_strip(&String::from_utf8_lossy(v.as_bytes())).to_owned())
            };
            return Ok(VerifiedRequest {
                access_key: auth.access.to_owned(),
                signed_headers: auth
                    .signed_headers
                    .iter()
                    .map(|s| (*s).to_owned())
                    .collect(),
                sdk_date,
                project_id: text("x-project-id"),
                security_token: text("x-security-token"),
            });
        }
    }
    // The first candidate's canonical request, to help debug a client.
    let mut first_canonical = Vec::new();
    if let Some(query) = candidates.first() {
        write(&mut first_canonical, query);
    }
    Err(VerifyError::SignatureMismatch {
        canonical_request: bytes_to_string(first_canonical),
    })
}

#[cfg(test)]
mod tests {
    use super::{VerifyError, decode_lower_hex_32, parse_authorization};

    #[test]
    fn signatures_are_64_lower_case_hex_digits() {
        let lower = "00ff10a0".repeat(8);
        let bytes = [0x00, 0xff, 0x10, 0xa0].repeat(8);
        assert_eq!(decode_lower_hex_32(&lower), Some(bytes));
        for bad in [
            "",
            &lower[..62],
            &format!("{lower}00"),
            &lower.replacen('0', "g", 1),
            &lower.replacen("00", "é", 1),
            &lower.to_ascii_uppercase(),
            &lower.replacen('f', "F", 1),
        ] {
            assert_eq!(decode_lower_hex_32(bad), None, "{bad}");
        }
    }

    #[test]
    fn malformed_authorization_says_what_is_wrong() {
        let sig = "ab".repeat(32);
        let cases = [
            ("SDK-HMAC-SHA256", "nothing after SDK-HMAC-SHA256"),
            ("SDK-HMAC-SHA256   ", "nothing after SDK-HMAC-SHA256"),
            ("SDK-HMAC-SHA256 garbage", "not `Key=value`"),
            (
                &format!("SDK-HMAC-SHA256 SignedHeaders=host, Signature={sig}"),
                "Access= is missing",
            ),
            (
                &format!("SDK-HMAC-SHA256 Access=AK, Signature={sig}"),
                "SignedHeaders= is missing",
            ),
            (
                "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host",
                "Signature= is missing",
            ),
            (
                &format!(
                    "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature={}",
                    sig.to_ascii_uppercase()
                ),
                "upper-case hex",
            ),
        ];
        for (value, expected) in cases {
            match parse_authorization(value) {
                Err(VerifyError::MalformedAuthorization(m)) => {
                    assert!(m.contains(expected), "{value}: {m}");
                }
                Err(other) => panic!("{value}: {other}"),
                Ok(_) => panic!("{value}: accepted"),
            }
        }
        assert!(matches!(
            parse_authorization("SDK-HMAC-SM3 Access=AK"),
            Err(VerifyError::UnsupportedAlgorithm(a)) if a == "SDK-HMAC-SM3"
        ));
    }
}
