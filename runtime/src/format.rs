//! Types for OpenAPI string `format`s that have a natural Rust type and that generated crates use:
//! `byte` ([`Base64Bytes`]: bytes, base64 on the wire) and `binary` ([`Binary`]: bytes, a file part of a
//! `multipart/form-data` body, written by [`Multipart`]). `date-time` and `date` are [`jiff::Timestamp`] and
//! [`jiff::civil::Date`] (re-exported as [`crate::jiff`], so generated crates need no dependency of their
//! own), encoded as RFC 3339 / ISO 8601 text by jiff's serde support.

use std::fmt;

use sha2::Digest;

use crate::{Error, Result};

/// Bytes that travel as base64 text (OpenAPI `type: string, format: byte`, RFC 4648 §4).
///
/// Encoding writes the standard alphabet with padding; decoding also accepts the URL-safe alphabet, missing
/// padding and ASCII whitespace (line breaks of MIME-style base64), as servers write all of them. Anything
/// else is a decoding error naming the offending character.
///
/// ```
/// use huaweicloud_core::format::Base64Bytes;
/// let bytes = Base64Bytes::from(&b"hi!"[..]);
/// assert_eq!(serde_json::to_string(&bytes).unwrap(), r#""aGkh""#);
/// let back: Base64Bytes = serde_json::from_str(r#""aGkh""#).unwrap();
/// assert_eq!(back.as_ref(), b"hi!");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Base64Bytes(pub Vec<u8>);

impl Base64Bytes {
    /// The bytes.
    pub fn into_vec(self) -> Vec<u8> {
        self.0
    }

    /// Decodes base64 text (see the type's documentation for what is accepted).
    pub fn decode(text: &str) -> Result<Self, String> {
        decode(text).map(Self)
    }
}

impl From<Vec<u8>> for Base64Bytes {
    fn from(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }
}

impl From<&[u8]> for Base64Bytes {
    fn from(bytes: &[u8]) -> Self {
        Self(bytes.to_vec())
    }
}

impl<const N: usize> From<&[u8; N]> for Base64Bytes {
    fn from(bytes: &[u8; N]) -> Self {
        Self(bytes.to_vec())
    }
}

impl AsRef<[u8]> for Base64Bytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl std::ops::Deref for Base64Bytes {
    type Target = Vec<u8>;

    fn deref(&self) -> &Vec<u8> {
        &self.0
    }
}

/// The base64 text, as sent in a query parameter or header.
impl fmt::Display for Base64Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&encode(&self.0))
    }
}

impl serde::Serialize for Base64Bytes {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&encode(&self.0))
    }
}

impl<'de> serde::Deserialize<'de> for Base64Bytes {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Text;
        impl serde::de::Visitor<'_> for Text {
            type Value = Base64Bytes;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("base64 text")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Base64Bytes, E> {
                Base64Bytes::decode(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Text)
    }
}

/// Raw bytes (OpenAPI `type: string, format: binary`): a file of a `multipart/form-data` body, sent as a part
/// of its own with its file name and media type.
///
/// JSON has no bytes: inside a JSON body the value is written as a string (it must then be UTF-8 text, else
/// encoding fails) and a string decodes into its UTF-8 bytes.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Binary {
    /// The bytes.
    pub data: Vec<u8>,
    /// The part's `filename` (multipart); without one the part's name is used, as servers expect a file name
    /// on a file part.
    pub file_name: Option<String>,
    /// The part's `Content-Type` (multipart); `application/octet-stream` when unset.
    pub content_type: Option<String>,
}

impl Binary {
    /// A file: its name and bytes.
    pub fn file(file_name: impl Into<String>, data: impl Into<Vec<u8>>) -> Self {
        Self {
            data: data.into(),
            file_name: Some(file_name.into()),
            content_type: None,
        }
    }

    /// Sets the media type of the part.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

/// Only the size and names: the bytes may be large or secret.
impl fmt::Debug for Binary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Binary")
            .field("len", &self.data.len())
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// The bytes as text (invalid UTF-8 replaced), for a query parameter or header.
impl fmt::Display for Binary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&String::from_utf8_lossy(&self.data))
    }
}

impl From<Vec<u8>> for Binary {
    fn from(data: Vec<u8>) -> Self {
        Self {
            data,
            ..Self::default()
        }
    }
}

impl From<&[u8]> for Binary {
    fn from(data: &[u8]) -> Self {
        Self::from(data.to_vec())
    }
}

impl serde::Serialize for Binary {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match std::str::from_utf8(&self.data) {
            Ok(text) => serializer.serialize_str(text),
            Err(_) => Err(serde::ser::Error::custom(
                "binary data that is not UTF-8 text cannot be written in JSON",
            )),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Binary {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|text| Self::from(text.into_bytes()))
    }
}

/// A `multipart/form-data` body (RFC 7578), built part by part in the schema's property order: text parts
/// for scalars, `application/json` parts for objects, file parts for [`Binary`] values.
///
/// The boundary is derived from the parts (a SHA-256 of their names and contents), so the same request
/// encodes to the same bytes every time (and signs the same), and a boundary that occurs in a part is
/// replaced by another one.
///
/// ```
/// use huaweicloud_core::format::{Binary, Multipart};
/// let mut form = Multipart::new();
/// form.text("name", "report");
/// form.file("file", &Binary::file("a.txt", b"hi".to_vec()));
/// let (body, content_type) = form.finish().unwrap();
/// let boundary = content_type.strip_prefix("multipart/form-data; boundary=").unwrap();
/// let text = String::from_utf8(body).unwrap();
/// assert!(text.starts_with(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nreport\r\n")));
/// assert!(text.ends_with(&format!("--{boundary}--\r\n")));
/// ```
#[derive(Default)]
pub struct Multipart {
    parts: Vec<Part>,
}

struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    data: Vec<u8>,
}

/// How many boundaries are tried before giving up (each is found in a part with probability ~2^-128, so only
/// parts made to contain them get past the first).
const BOUNDARY_ATTEMPTS: u32 = 8;

impl Multipart {
    /// An empty body.
    pub fn new() -> Self {
        Self::default()
    }

    /// A text part.
    pub fn text(&mut self, name: &str, value: impl fmt::Display) {
        self.parts.push(Part {
            name: name.to_owned(),
            file_name: None,
            content_type: None,
            data: value.to_string().into_bytes(),
        });
    }

    /// An `application/json` part holding `value`.
    pub fn json<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<()> {
        let data = serde_json::to_vec(value).map_err(|e| {
            Error::invalid_request(format!("cannot encode the multipart part `{name}`: {e}"))
        })?;
        self.parts.push(Part {
            name: name.to_owned(),
            file_name: None,
            content_type: Some("application/json".to_owned()),
            data,
        });
        Ok(())
    }

    /// A file part.
    pub fn file(&mut self, name: &str, value: &Binary) {
        self.parts.push(Part {
            name: name.to_owned(),
            file_name: Some(value.file_name.clone().unwrap_or_else(|| name.to_owned())),
            content_type: Some(
                value
                    .content_type
                    .clone()
                    .unwrap_or_else(|| "application/octet-stream".to_owned()),
            ),
            data: value.data.clone(),
        });
    }

    /// The body and its `Content-Type` (with the boundary).
    pub fn finish(self) -> Result<(Vec<u8>, String)> {
        let mut digest = sha2::Sha256::new();
        for part in &self.parts {
            for piece in [part.name.as_bytes(), &part.data] {
                digest.update((piece.len() as u64).to_be_bytes());
                digest.update(piece);
            }
        }
        let seed = digest.finalize();
        let candidates = (0..BOUNDARY_ATTEMPTS).map(|attempt| {
            let hash = sha2::Sha256::new()
                .chain_update(seed)
                .chain_update(attempt.to_be_bytes())
                .finalize();
            let hex: String = hash[..16].iter().map(|b| format!("{b:02x}")).collect();
            format!("huaweicloud-{hex}")
        });
        match self.pick_boundary(candidates) {
            Some(boundary) => Ok((
                self.encode(&boundary),
                format!("multipart/form-data; boundary={boundary}"),
            )),
            None => Err(Error::invalid_request(
                "cannot encode the multipart body: every boundary tried occurs in a part",
            )),
        }
    }

    /// The first candidate that no part contains.
    fn pick_boundary(&self, mut candidates: impl Iterator<Item = String>) -> Option<String> {
        candidates.find(|b| self.parts.iter().all(|p| !contains(&p.data, b.as_bytes())))
    }

    fn encode(&self, boundary: &str) -> Vec<u8> {
        let mut out = Vec::new();
        for part in &self.parts {
            out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            out.extend_from_slice(b"Content-Disposition: form-data; name=\"");
            out.extend_from_slice(quoted(&part.name).as_bytes());
            out.push(b'"');
            if let Some(file_name) = &part.file_name {
                out.extend_from_slice(b"; filename=\"");
                out.extend_from_slice(quoted(file_name).as_bytes());
                out.push(b'"');
            }
            out.extend_from_slice(b"\r\n");
            if let Some(content_type) = &part.content_type {
                out.extend_from_slice(
                    format!("Content-Type: {}\r\n", quoted(content_type)).as_bytes(),
                );
            }
            out.extend_from_slice(b"\r\n");
            out.extend_from_slice(&part.data);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        out
    }
}

/// A name as it may stand between quotes in a part header: `"`, `\`, CR and LF percent-encoded (as browsers
/// do, RFC 7578 §2), so no name can end the header or add one.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("%22"),
            '\\' => out.push_str("%5C"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Standard or URL-safe base64, padded or not, ASCII whitespace ignored.
fn decode(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut acc, mut bits, mut padding) = (0u32, 0u32, 0usize);
    for (i, c) in text.char_indices() {
        let value = match c {
            'A'..='Z' => c as u32 - 'A' as u32,
            'a'..='z' => c as u32 - 'a' as u32 + 26,
            '0'..='9' => c as u32 - '0' as u32 + 52,
            '+' | '-' => 62,
            '/' | '_' => 63,
            '=' => {
                padding += 1;
                continue;
            }
            c if c.is_ascii_whitespace() => continue,
            c => return Err(format!("not base64: {c:?} at byte {i}")),
        };
        if padding > 0 {
            return Err(format!("not base64: data after `=` at byte {i}"));
        }
        acc = acc << 6 | value;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // 6 leftover bits cannot end a valid encoding (a lone character after the last full group).
    if bits >= 6 || padding > 2 {
        return Err("not base64: the text ends in the middle of a byte".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4648 §10 test vectors.
    const VECTORS: [(&str, &str); 7] = [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ];

    #[test]
    fn rfc_4648_vectors_both_ways() {
        for (plain, encoded) in VECTORS {
            assert_eq!(encode(plain.as_bytes()), encoded, "{plain}");
            assert_eq!(decode(encoded).unwrap(), plain.as_bytes(), "{encoded}");
            assert_eq!(
                decode(encoded.trim_end_matches('=')).unwrap(),
                plain.as_bytes(),
                "{encoded} unpadded"
            );
        }
    }

    #[test]
    fn url_safe_alphabet_and_line_breaks_decode() {
        // 0xfb 0xff: `+/8=` in the standard alphabet, `-_8=` in the URL-safe one.
        assert_eq!(encode(&[0xfb, 0xff]), "+/8=");
        assert_eq!(decode("-_8").unwrap(), [0xfb, 0xff]);
        assert_eq!(decode("Zm9v\r\nYmFy").unwrap(), b"foobar");
    }

    #[test]
    fn a_multipart_body_is_the_rfc_7578_layout_with_a_boundary_from_its_parts() {
        let build = |file: &[u8]| {
            let mut form = Multipart::new();
            form.text("name", 42);
            form.json("meta", &serde_json::json!({"a": 1})).unwrap();
            form.file("file", &Binary::file("x\"y.bin", file.to_vec()));
            form.file("raw", &Binary::from(vec![0u8, 255]));
            form.finish().unwrap()
        };
        let (body, content_type) = build(b"\x01\x02");
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap()
            .to_owned();
        let mut expected = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n42\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{{\"a\":1}}\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x%22y.bin\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n",
            b = boundary
        )
        .into_bytes();
        expected.extend_from_slice(b"\x01\x02\r\n");
        expected.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"raw\"; filename=\"raw\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
        );
        expected.extend_from_slice(&[0, 255]);
        expected.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        assert_eq!(
            String::from_utf8_lossy(&body),
            String::from_utf8_lossy(&expected)
        );
        // The same parts, the same bytes; other parts, another boundary.
        assert_eq!(build(b"\x01\x02").0, body);
        assert_ne!(build(b"\x01\x03").1, content_type);
        // A boundary that occurs in a part is passed over.
        let mut form = Multipart::new();
        form.file("f", &Binary::from(&b"..--AAA.."[..]));
        let candidates = ["AAA", "BBB"].map(str::to_owned);
        assert_eq!(
            form.pick_boundary(candidates.clone().into_iter())
                .as_deref(),
            Some("BBB")
        );
        assert_eq!(form.pick_boundary(candidates[..1].iter().cloned()), None);
    }

    #[test]
    fn binary_in_json_is_its_utf8_text() {
        assert_eq!(
            serde_json::to_string(&Binary::from(&b"ab"[..])).unwrap(),
            r#""ab""#
        );
        assert!(serde_json::to_string(&Binary::from(vec![0xff])).is_err());
        let back: Binary = serde_json::from_str(r#""ab""#).unwrap();
        assert_eq!(back.data, b"ab");
        assert!(!format!("{:?}", Binary::from(&b"secret"[..])).contains("115"));
    }

    #[test]
    fn what_is_not_base64_is_an_error() {
        assert!(decode("Zm9v!").unwrap_err().contains("'!'"));
        assert!(decode("Zg==Zg").is_err());
        assert!(decode("Z").is_err());
        assert!(serde_json::from_str::<Base64Bytes>("12").is_err());
    }
}
