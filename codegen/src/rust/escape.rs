//! Spec text escaped for each kind of generated text it is written into, other than doc comments (those are
//! Markdown, in [`super::docs`]). Any spec string may hold quotes, backslashes, line breaks, NUL and other
//! control characters, bidi overrides or template syntax; every emitter that writes one into a file goes
//! through a function here, so no such character can end a string, a comment or a line early.
//!
//! - TOML (`Cargo.toml`): [`toml_string`] (a basic string holding the text exactly), [`toml_key`].
//! - Rust source written as text, outside `quote!` (the README's example, the `deserialize_struct!` bodies):
//!   [`rust_string`], proc-macro2's own literal escaping, the same one `quote!` uses.
//! - One-line text (`//` and `#` comments, the manifest's description): [`one_line`]; `<!-- -->`:
//!   [`html_comment`].

/// Whether `c` breaks a line: Unicode's mandatory line breaks (LF, CR, VT, FF, NEL, LS, PS), which editors,
/// terminals and Markdown renderers may all treat as a new line. A CR LF pair is one break.
pub fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Whether `c` is invisible and would change what a reader sees (or what rustc accepts) if written raw into a
/// comment or a document: control characters other than tab (C0, DEL, C1), the bidi controls that reorder text
/// (embeddings, overrides, isolates and marks; rustc denies some in comments), the invisible word joiner and
/// operators, and a byte order mark. Zero-width spaces and joiners stay: emoji sequences and several scripts
/// need them.
pub fn is_invisible(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(
            c,
            '\u{61c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{feff}'
        )
}

/// `c` as Rust writes it in an escape: `\u{202e}`.
pub fn unicode_escape(c: char) -> String {
    format!("\\u{{{:x}}}", c as u32)
}

/// `text` on one line with nothing invisible: line breaks and invisible characters become `\u{…}` escapes.
/// For one-line comments (`// @generated … from <spec path>`) and for the manifest's `description`, which cargo
/// prints in terminals and hands to rustc in an environment variable (`CARGO_PKG_DESCRIPTION`), where a NUL
/// cannot go.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_line_break(c) || is_invisible(c) {
            out.push_str(&unicode_escape(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// [`one_line`] for the inside of an HTML comment (`<!-- … -->`), which must not hold `--`.
pub fn html_comment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in one_line(text).chars() {
        if c == '-' && out.ends_with('-') {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// A TOML basic string, quotes included, that a TOML reader turns back into exactly `text`: `"` and `\` are
/// escaped, and every control character (TOML allows none raw but tab), bidi control and other invisible
/// character is a `\uXXXX` escape, so the file also reads plainly in a terminal.
pub fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_invisible(c) || is_line_break(c) => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML key: bare when it is one (letters, digits, `-`, `_`), else a quoted [`toml_string`].
pub fn toml_key(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare {
        key.to_owned()
    } else {
        toml_string(key)
    }
}

/// A Rust string literal holding exactly `text`, as source text (`"a\"b"`). proc-macro2 writes it, as for the
/// literals `quote!` emits: quotes, backslashes and non-printable characters (controls, bidi overrides, line
/// separators) are escaped.
pub fn rust_string(text: &str) -> String {
    proc_macro2::Literal::string(text).to_string()
}

/// Texts for property tests: any characters, with the ones escaping is about (line breaks, controls, bidi,
/// quotes, Markdown and URL punctuation) much more frequent than chance makes them.
#[cfg(test)]
pub(crate) fn hostile_text() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let special = proptest::sample::select(vec![
        '\r', '\n', '\0', '\t', '\u{b}', '\u{1b}', '\u{7f}', '\u{85}', '\u{2028}', '\u{202e}',
        '\u{200f}', '\u{feff}', '"', '\\', '`', '<', '>', '[', ']', '*', '_', '~', '&', '#', '|',
        '-', '/', ':', ' ', 'h', 't', 'p', 's', '.',
    ]);
    proptest::collection::vec(prop_oneof![any::<char>(), special], 0..80)
        .prop_map(|chars| chars.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_strings() {
        for (text, toml) in [
            ("plain", r#""plain""#),
            ("a\"b\\c", r#""a\"b\\c""#),
            ("l1\r\nl2\rl3\n", r#""l1\r\nl2\rl3\n""#),
            (
                "\0\u{1}\u{1b}[0m\u{7f}\u{85}",
                r#""\u0000\u0001\u001B[0m\u007F\u0085""#,
            ),
            ("rtl \u{202e} ls \u{2028}", r#""rtl \u202E ls \u2028""#),
            (
                "tab\tcjk 中文 😀 {{ }} '''",
                "\"tab\\tcjk 中文 😀 {{ }} '''\"",
            ),
            (
                "family 👨\u{200d}👩 lrm\u{200e}",
                "\"family 👨\u{200d}👩 lrm\\u200E\"",
            ),
        ] {
            assert_eq!(toml_string(text), toml, "{text:?}");
        }
    }

    #[test]
    fn toml_keys() {
        assert_eq!(toml_key("topic_management"), "topic_management");
        assert_eq!(toml_key("a-b2"), "a-b2");
        assert_eq!(toml_key("a.b"), r#""a.b""#);
        assert_eq!(toml_key(""), r#""""#);
        assert_eq!(toml_key("中文"), r#""中文""#);
    }

    #[test]
    fn rust_strings_read_back_with_syn() {
        let text = "q\" b\\ cr\r lf\n nul\0 7\0 \u{1b}[31m del\u{7f} rtl\u{202e} ls\u{2028} 中文 😀 \"# r#\"";
        let literal = rust_string(text);
        assert!(
            !literal.contains(['\r', '\n', '\0', '\u{202e}', '\u{2028}']),
            "{literal}"
        );
        let read: syn::LitStr = syn::parse_str(&literal).unwrap();
        assert_eq!(read.value(), text);
    }

    proptest::proptest! {
        /// Any text comes back from its Rust literal (read by syn) unchanged, and from one line of comment
        /// text with no line break or invisible character.
        #[test]
        fn any_text_round_trips_through_rust_literals(text in hostile_text()) {
            let literal = rust_string(&text);
            let read: syn::LitStr = syn::parse_str(&literal).unwrap();
            proptest::prop_assert_eq!(read.value(), text.clone());
            let line = one_line(&text);
            proptest::prop_assert!(!line.chars().any(|c| is_line_break(c) || is_invisible(c)), "{line:?}");
            let toml = toml_string(&text);
            proptest::prop_assert!(!toml.chars().any(|c| is_line_break(c) || is_invisible(c)), "{toml:?}");
        }
    }

    #[test]
    fn one_line_texts() {
        assert_eq!(one_line("spec/kafka.yaml"), "spec/kafka.yaml");
        assert_eq!(
            one_line("a\r\nb\u{202e}\0\t中"),
            "a\\u{d}\\u{a}b\\u{202e}\\u{0}\t中"
        );
        assert_eq!(html_comment("x-->y"), "x- ->y");
        assert_eq!(html_comment("x--->y\n"), "x- - ->y\\u{a}");
    }
}
