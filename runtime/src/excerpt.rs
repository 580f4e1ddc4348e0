//! Short, safe excerpts of response bodies for error messages.
//!
//! An excerpt is the start of the body, with the values of JSON members whose name looks secret
//! (password, token, secret, …) replaced by `***`, control characters escaped, and cut to a
//! maximum number of characters. It works on truncated or invalid JSON too, because it only
//! tokenises strings.

/// How many bytes of the body are looked at; enough for any excerpt we print.
const SCAN_BYTES: usize = 4096;

/// Member names (lower-cased, `-` read as `_`) whose values are never shown.
fn is_sensitive_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase().replace('-', "_");
    const PARTS: [&str; 10] = [
        "password",
        "passwd",
        "pwd",
        "secret",
        "token",
        "credential",
        "private_key",
        "privatekey",
        "authorization",
        "signature",
    ];
    PARTS.iter().any(|p| key.contains(p)) || key == "sk" || key.ends_with("_sk")
}

/// The start of `body` as safe, printable text of at most `max_chars` characters (ending in `…`
/// when cut).
pub(crate) fn safe_excerpt(body: &[u8], max_chars: usize) -> String {
    let cut = body.len().min(SCAN_BYTES);
    let text = String::from_utf8_lossy(&body[..cut]);
    let mut escaped = String::with_capacity(text.len());
    for c in redact_json_secrets(&text).chars() {
        match c {
            '\n' => escaped.push_str("\\n"),
            '\r' => escaped.push_str("\\r"),
            '\t' => escaped.push_str("\\t"),
            c if c.is_control() => escaped.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => escaped.push(c),
        }
    }
    if cut == body.len() && escaped.chars().count() <= max_chars {
        return escaped;
    }
    let mut out: String = escaped.chars().take(max_chars.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Replaces the value of every JSON member whose name is sensitive by `"***"` (strings) or `***`
/// (other scalars). Objects and arrays under such a name are kept, their own members are checked.
fn redact_json_secrets(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0usize;
    // Set after a `"sensitive-name":`; cleared by the next value.
    let mut redact_next = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '"' {
            let end = string_end(&chars, i);
            let content: String = chars[i + 1..end.min(chars.len())].iter().collect();
            let closed = end < chars.len();
            let after = if closed { end + 1 } else { chars.len() };
            if redact_next {
                out.push_str("\"***");
                if closed {
                    out.push('"');
                }
                redact_next = false;
            } else {
                out.push('"');
                out.push_str(&content);
                if closed {
                    out.push('"');
                }
                let mut j = after;
                while j < chars.len() && chars[j].is_whitespace() {
                    j += 1;
                }
                if j < chars.len() && chars[j] == ':' && is_sensitive_key(&unescape_lossy(&content))
                {
                    redact_next = true;
                }
            }
            i = after;
            continue;
        }
        if redact_next && !c.is_whitespace() && c != ':' {
            if c == '{' || c == '[' {
                redact_next = false;
            } else {
                // A bare scalar (number, true, null, …): hide it up to the next delimiter.
                out.push_str("***");
                while i < chars.len() && !matches!(chars[i], ',' | '}' | ']') {
                    if chars[i].is_whitespace() {
                        break;
                    }
                    i += 1;
                }
                redact_next = false;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Index of the closing quote of the string starting at `start`, or `chars.len()` if unclosed.
fn string_end(chars: &[char], start: usize) -> usize {
    let mut j = start + 1;
    while j < chars.len() {
        match chars[j] {
            '\\' => j += 2,
            '"' => return j,
            _ => j += 1,
        }
    }
    chars.len()
}

/// Good enough unescaping of a JSON member name for the sensitivity check.
fn unescape_lossy(s: &str) -> String {
    serde_json::from_str::<String>(&format!("\"{s}\"")).unwrap_or_else(|_| s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::safe_excerpt;

    #[test]
    fn redacts_sensitive_members() {
        let body = br#"{"name":"x","password":"hunter2","nested":{"user_token": "abc"},"sk":12345,"ok":1}"#;
        let e = safe_excerpt(body, 200);
        assert!(!e.contains("hunter2"), "{e}");
        assert!(!e.contains("abc"), "{e}");
        assert!(!e.contains("12345"), "{e}");
        assert!(e.contains(r#""name":"x""#), "{e}");
        assert!(e.contains(r#""ok":1"#), "{e}");
    }

    #[test]
    fn truncated_and_invalid_input_is_handled() {
        assert_eq!(
            safe_excerpt(br#"{"password":"hun"#, 200),
            r#"{"password":"***"#
        );
        assert_eq!(safe_excerpt(b"\"", 200), "\"");
        assert_eq!(safe_excerpt(b"\"\\", 200), "\"\\");
        assert_eq!(safe_excerpt(b"a\nb\x01", 200), "a\\nb\\u{1}");
        assert_eq!(safe_excerpt(&[0xff, b'a'], 200), "\u{fffd}a");
    }

    #[test]
    fn cuts_to_max_chars() {
        let body = "é".repeat(300);
        let e = safe_excerpt(body.as_bytes(), 200);
        assert_eq!(e.chars().count(), 200);
        assert_eq!(safe_excerpt(&[b'a'; 200], 200).chars().count(), 200);
        assert!(!safe_excerpt(&[b'a'; 200], 200).ends_with('…'));
        assert!(e.ends_with('…'));
    }
}
