//! Server text made safe to print: short excerpts of response bodies for error messages, and
//! [`printable`] for the service's own text (`error_msg`, `error_code`, request ids).
//!
//! Both replace the values of JSON members whose name looks secret (password, token, secret, …)
//! by `***`, escape control characters (so that ESC, CR and LF in a server's answer cannot move the
//! cursor or forge output lines) and cut to a maximum number of characters. They work on truncated
//! or invalid JSON too, because they only tokenise strings.

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
        push_escaped(c, &mut escaped);
    }
    if cut == body.len() && escaped.chars().count() <= max_chars {
        return escaped;
    }
    let mut out: String = escaped.chars().take(max_chars.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// `text` (server-provided, e.g. a service error's `error_msg`) made safe to print on a terminal.
///
/// - At most `max_chars` characters of `text` are shown; when more follow, a note says how much was
///   left out: `… (48.2 MB more)`. Only the shown part is looked at, so a huge text costs nothing.
/// - Control characters are escaped: `\n`, `\r`, `\t`, and `\u{1b}` for ESC and every other
///   C0/C1 control or DEL; so are the Unicode bidirectional controls and line separators
///   (`\u{202e}`, `\u{2028}`, …), which can reorder or break what a terminal shows. An escape
///   counts as one character of the `max_chars`, so the result can be longer than `max_chars`
///   (at most ten times, plus the note).
/// - Values of JSON members whose name looks secret (`password`, `token`, `secret`, `sk`, …) are
///   replaced by `***`, as in every excerpt this crate prints.
///
/// ```
/// use huaweicloud_core::error::printable;
///
/// assert_eq!(printable("bad\x1b[2J\r\nOK", 100), r"bad\u{1b}[2J\r\nOK");
/// assert_eq!(printable(&"x".repeat(2_000_005), 3), "xxx… (2.0 MB more)");
/// ```
pub fn printable(text: &str, max_chars: usize) -> String {
    let shown_bytes = text
        .char_indices()
        .nth(max_chars)
        .map_or(text.len(), |(at, _)| at);
    let (shown, rest) = text.split_at(shown_bytes);
    let mut out = String::with_capacity(shown.len() + 16);
    for c in redact_json_secrets(shown).chars() {
        push_escaped(c, &mut out);
    }
    if !rest.is_empty() {
        out.push_str(&format!("… ({} more)", human_size(rest.len())));
    }
    out
}

/// Pushes `c`, or its escape when a terminal would act on it instead of showing it.
fn push_escaped(c: char, out: &mut String) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if c.is_control() || is_layout_control(c) => {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        }
        c => out.push(c),
    }
}

/// Unicode format characters that change how the text around them is laid out: the
/// bidirectional marks, embeddings, overrides and isolates ("Trojan Source", CVE-2021-42574) and
/// the line and paragraph separators.
fn is_layout_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
}

/// A byte count for people: `512 bytes`, `1.5 kB`, `48.2 MB`, `3.1 GB` (decimal units).
fn human_size(bytes: usize) -> String {
    let b = bytes as f64;
    match bytes {
        1 => "1 byte".to_owned(),
        0..1_000 => format!("{bytes} bytes"),
        1_000..1_000_000 => format!("{:.1} kB", b / 1e3),
        1_000_000..1_000_000_000 => format!("{:.1} MB", b / 1e6),
        _ => format!("{:.1} GB", b / 1e9),
    }
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
    use super::{printable, safe_excerpt};

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

    #[test]
    fn printable_escapes_what_a_terminal_acts_on() {
        // One line per case: input, expected output (written by hand from the escaping rules).
        let cases = [
            ("plain text", "plain text"),
            ("a\x1b[31mred\x1b[0m", r"a\u{1b}[31mred\u{1b}[0m"),
            ("line\r\nForged: ok", r"line\r\nForged: ok"),
            ("tab\there", r"tab\there"),
            ("nul\0del\x7f", r"nul\u{0}del\u{7f}"),
            ("csi\u{9b}2J", r"csi\u{9b}2J"),
            ("rtl\u{202e}txt.exe\u{2066}", r"rtl\u{202e}txt.exe\u{2066}"),
            ("sep\u{2028}x", r"sep\u{2028}x"),
            ("中文 ok", "中文 ok"),
            (r#"{"password":"hunter2"}"#, r#"{"password":"***"}"#),
        ];
        for (input, expected) in cases {
            assert_eq!(printable(input, 100), expected, "{input:?}");
        }
    }

    #[test]
    fn printable_cuts_with_a_note_of_what_is_left_out() {
        assert_eq!(printable("abc", 3), "abc");
        assert_eq!(printable("abcd", 3), "abc… (1 byte more)");
        assert_eq!(
            printable(&"é".repeat(1000), 500),
            format!("{}… (1.0 kB more)", "é".repeat(500))
        );
        let huge = "\n".repeat(50_000_000);
        let shown = printable(&huge, 512);
        assert_eq!(shown, format!("{}… (50.0 MB more)", r"\n".repeat(512)));
        assert_eq!(printable(&"x".repeat(1 << 20), 0), "… (1.0 MB more)");
        assert_eq!(
            printable(&"x".repeat(1499), 500),
            format!("{}… (999 bytes more)", "x".repeat(500))
        );
    }
}
