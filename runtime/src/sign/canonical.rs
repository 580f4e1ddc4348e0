//! The encoding primitives of the canonical request, exactly as the official Python SDK computes
//! them (`urllib.parse.quote`/`unquote`, `str.strip`).

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

/// Python's `quote(s, safe='~')`.
pub fn quote(s: &str) -> String {
    utf8_percent_encode(s, QUOTE_SET).to_string()
}

/// Python's `unquote(s)`: `%XX` sequences are decoded (invalid ones are kept as they are), the
/// resulting bytes are read as UTF-8 with invalid sequences replaced by U+FFFD. Like Python, only
/// ASCII runs are decoded; non-ASCII characters are copied.
pub fn unquote(s: &str) -> String {
    if !s.contains('%') {
        return s.to_owned();
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
            let decoded: Vec<u8> = percent_decode(run.as_bytes()).collect();
            out.push_str(&String::from_utf8_lossy(&decoded));
        } else {
            out.push_str(run);
        }
    }
    out
}

/// The canonical URI of a resource path: decode the whole path, split it on `/`, encode each
/// segment, join with `/`, and end with `/`.
///
/// An encoded `%2F` inside a segment therefore becomes a separator here (the official SDK's quirk,
/// kept so signatures match).
pub fn canonical_uri(path: &str) -> String {
    let decoded = unquote(path);
    let mut out = decoded.split('/').map(quote).collect::<Vec<_>>().join("/");
    if !out.ends_with('/') {
        out.push('/');
    }
    out
}

/// Python's `str.strip()`: removes leading and trailing whitespace (Unicode `White_Space` plus the
/// ASCII separators U+001C–U+001F, which Python also counts).
pub fn python_strip(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c))
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
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
    }

    #[test]
    fn strip_table() {
        assert_eq!(python_strip("  a b \t"), "a b");
        assert_eq!(python_strip("\u{1c}x\u{3000}"), "x");
    }
}
