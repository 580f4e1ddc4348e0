//! The encoding primitives of the canonical request, exactly as the official Python SDK computes
//! them (`urllib.parse.quote`/`unquote`, `str.strip`), and the allocation-free plumbing the signer
//! and the verifier share: a [`Sink`] the canonical request is streamed into (straight into
//! SHA-256, or into a buffer when the text is wanted), hex encoding on the stack, and a small
//! inline list.

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode, utf8_percent_encode};
use sha2::{Digest, Sha256};

/// Characters that Python's `quote(s, safe='~')` (and `quote(s, safe='')`) leaves as they are:
/// the RFC 3986 unreserved set `A-Z a-z 0-9 - _ . ~`. Everything else is UTF-8 percent-encoded with
/// upper-case hex.
pub(crate) const QUOTE_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// [`QUOTE_SET`] without `/`: quoting a decoded path with it gives the same text as splitting the
/// path on `/`, quoting each segment and joining the segments with `/`.
const PATH_SET: &AsciiSet = &QUOTE_SET.remove(b'/');

/// Python's `quote(s, safe='~')`.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_quoted(&mut out, s);
    out
}

/// Appends Python's `quote(s, safe='~')` to `out`.
pub(crate) fn push_quoted(out: &mut String, s: &str) {
    out.extend(utf8_percent_encode(s, QUOTE_SET));
}

/// Python's `unquote(s)`: `%XX` sequences are decoded (invalid ones are kept as they are), the
/// resulting bytes are read as UTF-8 with invalid sequences replaced by U+FFFD. Like Python, only
/// ASCII runs are decoded; non-ASCII characters are copied.
pub fn unquote(s: &str) -> String {
    unquote_cow(s).into_owned()
}

/// [`unquote`], borrowing when there is nothing to decode.
pub(crate) fn unquote_cow(s: &str) -> Cow<'_, str> {
    if !s.contains('%') {
        return Cow::Borrowed(s);
    }
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let ascii = bytes[i].is_ascii();
        while i < bytes.len() && bytes[i].is_ascii() == ascii {
            i += 1;
        }
        // ASCII bytes are always char boundaries, so both slices are valid.
        let run = &s[start..i];
        if ascii {
            let decoded: Cow<'_, [u8]> = percent_decode(run.as_bytes()).into();
            out.push_str(&String::from_utf8_lossy(&decoded));
        } else {
            out.push_str(run);
        }
    }
    Cow::Owned(out)
}

/// The canonical URI of a resource path: decode the whole path, split it on `/`, encode each
/// segment, join with `/`, and end with `/`.
///
/// An encoded `%2F` inside a segment therefore becomes a separator here (the official SDK's quirk,
/// kept so signatures match).
pub fn canonical_uri(path: &str) -> String {
    let mut out = Vec::with_capacity(path.len() + 1);
    put_canonical_uri(&mut out, path);
    bytes_to_string(out)
}

/// Writes the canonical URI of `path` (see [`canonical_uri`]) to `sink`.
pub(crate) fn put_canonical_uri<S: Sink + ?Sized>(sink: &mut S, path: &str) {
    let decoded = unquote_cow(path);
    for chunk in utf8_percent_encode(&decoded, PATH_SET) {
        sink.put(chunk.as_bytes());
    }
    if !decoded.ends_with('/') {
        sink.put_byte(b'/');
    }
}

/// Python's `str.strip()`: removes leading and trailing whitespace (Unicode `White_Space` plus the
/// ASCII separators U+001C–U+001F, which Python also counts).
pub fn python_strip(s: &str) -> &str {
    // Fast path: nothing to strip at either end (the usual case).
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(&f), Some(&l)) if is_plain(f) && is_plain(l) => s,
        _ => s.trim_matches(|c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)),
    }
}

/// An ASCII byte that is not whitespace for [`python_strip`] (a non-ASCII byte may start or end a
/// whitespace character, so it is not "plain").
fn is_plain(b: u8) -> bool {
    b.is_ascii() && !b.is_ascii_whitespace() && !matches!(b, 0x0b | 0x1c..=0x1f)
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(data: &[u8]) -> String {
    Hex64::of(&sha256(data)).as_str().to_owned()
}

/// SHA-256.
pub(crate) fn sha256(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}

/// Text that is UTF-8 by construction (everything written to a [`Sink`] comes from `&str`).
pub(crate) fn bytes_to_string(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

// ---------------------------------------------------------------------------------------------
// Streaming the canonical request.
// ---------------------------------------------------------------------------------------------

/// Where a canonical request is written, piece by piece.
pub(crate) trait Sink {
    /// Appends bytes.
    fn put(&mut self, bytes: &[u8]);
    /// Appends one byte (separators; cheaper than a one-byte slice).
    fn put_byte(&mut self, byte: u8) {
        self.put(&[byte]);
    }
    /// SHA-256 of everything written so far.
    fn digest(&mut self) -> [u8; 32];
}

/// Keeps the text (for [`SignedRequest`](super::SignedRequest) and error messages); hashed at the
/// end.
impl Sink for Vec<u8> {
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
    fn put_byte(&mut self, byte: u8) {
        self.push(byte);
    }
    fn digest(&mut self) -> [u8; 32] {
        sha256(self)
    }
}

/// Bytes gathered before they reach SHA-256: a multiple of the 64-byte block, so the hasher always
/// gets whole blocks and never copies into its own buffer.
const HASH_BUFFER: usize = 256;

/// Hashes the canonical request as it is written, without keeping it: small pieces are gathered
/// in a stack buffer and handed to SHA-256 in whole blocks.
pub(crate) struct HashSink {
    hasher: Sha256,
    buf: [u8; HASH_BUFFER],
    len: usize,
}

impl HashSink {
    pub(crate) fn new() -> Self {
        Self {
            hasher: Sha256::new(),
            buf: [0; HASH_BUFFER],
            len: 0,
        }
    }
}

impl Sink for HashSink {
    #[inline]
    fn put_byte(&mut self, byte: u8) {
        self.buf[self.len] = byte;
        self.len += 1;
        if self.len == HASH_BUFFER {
            self.hasher.update(&self.buf[..]);
            self.len = 0;
        }
    }

    fn put(&mut self, mut bytes: &[u8]) {
        loop {
            let room = HASH_BUFFER - self.len;
            if bytes.len() < room {
                self.buf[self.len..self.len + bytes.len()].copy_from_slice(bytes);
                self.len += bytes.len();
                return;
            }
            let (head, rest) = bytes.split_at(room);
            self.buf[self.len..].copy_from_slice(head);
            self.hasher.update(&self.buf[..]);
            self.len = 0;
            // Whole blocks of a long piece go to the hasher directly.
            let whole = rest.len() - rest.len() % 64;
            self.hasher.update(&rest[..whole]);
            bytes = &rest[whole..];
        }
    }

    fn digest(&mut self) -> [u8; 32] {
        let mut hasher = std::mem::take(&mut self.hasher);
        hasher.update(&self.buf[..self.len]);
        self.len = 0;
        hasher.finalize().into()
    }
}

/// Writes `s` upper-cased (ASCII only, as `str::to_ascii_uppercase`) without allocating.
pub(crate) fn put_uppercase<S: Sink + ?Sized>(sink: &mut S, s: &str) {
    if !s.bytes().any(|b| b.is_ascii_lowercase()) {
        sink.put(s.as_bytes());
        return;
    }
    let mut buf = [0u8; 64];
    for chunk in s.as_bytes().chunks(buf.len()) {
        let out = &mut buf[..chunk.len()];
        out.copy_from_slice(chunk);
        out.make_ascii_uppercase();
        sink.put(out);
    }
}

/// Compares two header names as their ASCII lower-case forms would compare, without building them.
pub(crate) fn cmp_lowercase(a: &str, b: &str) -> std::cmp::Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

// ---------------------------------------------------------------------------------------------
// Hex on the stack.
// ---------------------------------------------------------------------------------------------

/// Lower-case hex of a 32-byte digest, on the stack.
#[derive(Clone, Copy)]
pub(crate) struct Hex64([u8; 64]);

impl Hex64 {
    pub(crate) fn of(bytes: &[u8; 32]) -> Self {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut out = [0u8; 64];
        for (pair, b) in out.chunks_exact_mut(2).zip(bytes) {
            pair[0] = DIGITS[usize::from(b >> 4)];
            pair[1] = DIGITS[usize::from(b & 0x0f)];
        }
        Self(out)
    }

    pub(crate) fn as_str(&self) -> &str {
        // Always ASCII.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_table() {
        assert_eq!(quote("AZaz09-_.~"), "AZaz09-_.~");
        assert_eq!(quote("a b+c*d=e/f"), "a%20b%2Bc%2Ad%3De%2Ff");
        assert_eq!(quote("中"), "%E4%B8%AD");
        assert_eq!(quote("%"), "%25");
    }

    #[test]
    fn unquote_table() {
        assert_eq!(unquote("a%20b"), "a b");
        assert_eq!(unquote("%zz%2"), "%zz%2");
        assert_eq!(unquote("%E4%B8%AD中"), "中中");
        assert_eq!(unquote("%FF"), "\u{fffd}");
        assert_eq!(unquote("%E4中"), "\u{fffd}中");
        assert!(matches!(unquote_cow("/a/b"), Cow::Borrowed("/a/b")));
    }

    #[test]
    fn canonical_uri_table() {
        assert_eq!(canonical_uri("/"), "/");
        assert_eq!(canonical_uri("/a/b"), "/a/b/");
        assert_eq!(canonical_uri("/a/b/"), "/a/b/");
        assert_eq!(
            canonical_uri("/i/inst%2F1%20a%2Bb%25/t"),
            "/i/inst/1%20a%2Bb%25/t/"
        );
        assert_eq!(canonical_uri(""), "/");
        assert_eq!(canonical_uri("//"), "//");
        assert_eq!(canonical_uri("/é x"), "/%C3%A9%20x/");
    }

    /// The streaming canonical URI is the split/quote/join of the description.
    #[test]
    fn canonical_uri_is_split_quote_join() {
        for path in [
            "", "/", "//", "a", "/a", "/a/", "/%2F", "/%2F/", "/a%2Fb/c", "/%zz/%E4", "x/%2f%2F",
        ] {
            let decoded = unquote(path);
            let mut expected = decoded.split('/').map(quote).collect::<Vec<_>>().join("/");
            if !expected.ends_with('/') {
                expected.push('/');
            }
            assert_eq!(canonical_uri(path), expected, "{path:?}");
        }
    }

    #[test]
    fn strip_table() {
        assert_eq!(python_strip("  a b \t"), "a b");
        assert_eq!(python_strip("\u{1c}x\u{3000}"), "x");
        assert_eq!(python_strip("x\u{0b}"), "x");
        assert_eq!(python_strip("\u{85}x\u{a0}"), "x");
        assert_eq!(python_strip("é"), "é");
        assert_eq!(python_strip(""), "");
        assert_eq!(python_strip("ab"), "ab");
    }

    #[test]
    fn hash_sink_matches_one_shot_hashing() {
        let data: Vec<u8> = (0..2000u32).map(|i| (i * 7 + i / 13) as u8).collect();
        for split in [
            &[1usize, 2, 3][..],
            &[1],
            &[255, 1, 64],
            &[256],
            &[300, 700],
            &[63, 65, 128, 1000],
        ] {
            let mut sink = HashSink::new();
            let mut rest = &data[..];
            let mut i = 0;
            while !rest.is_empty() {
                let n = split[i % split.len()].min(rest.len());
                if n == 1 {
                    sink.put_byte(rest[0]);
                } else {
                    sink.put(&rest[..n]);
                }
                rest = &rest[n..];
                i += 1;
            }
            assert_eq!(sink.digest(), sha256(&data), "{split:?}");
        }
        assert_eq!(HashSink::new().digest(), sha256(b""));
    }

    #[test]
    fn hex_and_case() {
        assert_eq!(
            Hex64::of(&sha256(b"")).as_str(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        let long = "x-Ab".repeat(40) + "é";
        let mut out = Vec::new();
        put_uppercase(&mut out, &long);
        assert_eq!(bytes_to_string(out), long.to_ascii_uppercase());
        assert_eq!(
            cmp_lowercase("X-B", "x-a"),
            "x-b".cmp("x-a"),
            "compares lower-cased"
        );
    }
}
