//! Doc comments from spec text. prettyplease prints each `#[doc]` line as a `///` comment, raw: what rustc
//! refuses there (a bare CR, bidi controls) or what rustdoc would read as Markdown (links, HTML, emphasis,
//! code fences, bare URLs) is escaped here, for every doc line the generator writes.

use proc_macro2::TokenStream;
use quote::quote;

use super::escape::{is_invisible, is_line_break, unicode_escape};

/// `#[doc]` attributes for `text`, escaped so rustdoc renders the doc's prose as written (no accidental
/// links, HTML tags or emphasis) and warns about nothing.
pub fn doc(text: &str) -> TokenStream {
    doc_markdown(&prose_markdown(text))
}

/// `text` with every line break (CR LF, a bare CR, LS, …) as `\n`.
fn normalise_line_breaks(text: &str) -> String {
    // Most text has no line break but `\n`: copied whole, not a character at a time (~1 % of a generate). The
    // bytes looked for are the other breaks' (`\r`, VT, FF) and the lead bytes of the non-ASCII ones (U+0085,
    // U+2028, U+2029), which other characters share: those take the slow way, to the same result.
    if !text
        .bytes()
        .any(|b| matches!(b, b'\r' | 0x0b | 0x0c | 0xc2 | 0xe2))
    {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        out.push(if is_line_break(c) { '\n' } else { c });
    }
    out
}

/// The doc's prose as Markdown: each line of the spec text is a paragraph of the page; the short lines after
/// a line ending in `:` ("Options:") are the items of a list the page showed with bullets.
pub fn prose_markdown(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut in_list = false;
    let text = normalise_line_breaks(text);
    for line in text.trim().lines().map(str::trim).filter(|l| !l.is_empty()) {
        let item =
            in_list && line.chars().count() <= 60 && !line.ends_with('.') && !line.ends_with(':');
        if item {
            out.push(format!("- {}", escape(line)));
            continue;
        }
        if !out.is_empty() {
            out.push(String::new());
        }
        out.push(escape(line));
        in_list = line.ends_with(':');
    }
    out.join("\n")
}

/// Lines that are already Markdown written by the generator (not spec prose).
pub fn doc_markdown(text: &str) -> TokenStream {
    let lines = doc_lines(text).into_iter().map(|l| doc_literal(&l));
    quote! { #( #[doc = #lines] )* }
}

/// Inner (`//!`) doc attributes for generator-written Markdown.
pub fn inner_doc_markdown(text: &str) -> TokenStream {
    let lines = doc_lines(text).into_iter().map(|l| doc_literal(&l));
    quote! { #( #![doc = #lines] )* }
}

/// One [`doc_lines`] value as a raw string literal (`r#"…"#`). prettyplease prints a one-line `#[doc]` value as a
/// `///` comment whatever the literal's spelling, so the file is the same as with a quoted literal; but a quoted
/// one is escaped character by character here and unescaped again by syn and by prettyplease, a round trip that
/// was ~7 % of a whole `generate` (callgrind, spec/kafka.yaml). A raw literal is copied as it is. A value a raw
/// literal cannot hold (a CR, which `doc_lines` never leaves) is quoted as before.
fn doc_literal(line: &str) -> proc_macro2::Literal {
    // The delimiter needs one `#` more than the longest run of `#` after a `"` in the text.
    let mut hashes = 0;
    for (i, _) in line.match_indices('"') {
        let run = line[i + 1..].bytes().take_while(|&b| b == b'#').count();
        hashes = hashes.max(run + 1);
    }
    let fence = "#".repeat(hashes);
    if line.contains('\r') {
        return proc_macro2::Literal::string(line);
    }
    format!("r{fence}\"{line}\"{fence}")
        .parse()
        .unwrap_or_else(|_| proc_macro2::Literal::string(line))
}

/// The `#[doc]` values of `text`, one per line, each after a space as in `/// text` (prettyplease prints a value
/// holding a line break as a `/** … */` block, which a `*/` in the text would end). Spec text reaches here
/// already escaped; any line break or invisible character still in it is made harmless all the same, since
/// prettyplease writes each value raw into a `///` comment, where rustc refuses a bare CR and bidi controls. A
/// tab (in a verbatim block) becomes four spaces: clippy warns about tabs in doc comments.
fn doc_lines(text: &str) -> Vec<String> {
    normalise_line_breaks(text)
        .lines()
        .map(|l| {
            let mut line = String::with_capacity(l.len() + 1);
            if !l.is_empty() {
                line.push(' ');
            }
            // Most lines have nothing to replace: copied whole (the loop below costs a push per character).
            if !l.chars().any(|c| c == '\t' || is_invisible(c)) {
                line.push_str(l);
                return line;
            }
            for c in l.chars() {
                if c == '\t' {
                    line.push_str("    ");
                } else if is_invisible(c) {
                    line.push_str(&unicode_escape(c));
                } else {
                    line.push(c);
                }
            }
            line
        })
        .collect()
}

/// One line of prose as Markdown that renders as written: what Markdown or rustdoc would interpret is
/// backslash-escaped, URLs become autolinks (a bare one is a rustdoc warning), invisible characters show as
/// `\u{…}` escapes and a line break or tab inside the text becomes a space (clippy flags tabs in docs). Blanks
/// around the text are dropped: it is a sentence or part of one.
pub fn escape(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for (i, word) in line.trim().split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let mut rest = word;
        while let Some((before, url, after)) = split_url(rest) {
            escape_text(before, &mut out);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = after;
        }
        escape_text(rest, &mut out);
    }
    out
}

fn escape_text(text: &str, out: &mut String) {
    for c in text.chars() {
        if is_line_break(c) || c == '\t' {
            out.push(' ');
        } else if is_invisible(c) {
            out.push_str(&unicode_escape(c));
        } else {
            if matches!(
                c,
                '[' | ']' | '<' | '>' | '*' | '_' | '`' | '#' | '|' | '\\' | '~' | '&'
            ) {
                out.push('\\');
            }
            out.push(c);
        }
    }
}

/// A word split around the first `http://` or `https://` URL in it, if any: the URL runs to the first
/// character an autolink cannot hold, without trailing punctuation (`(https://x.y/a).` → `(`,
/// `https://x.y/a`, `).`).
fn split_url(word: &str) -> Option<(&str, &str, &str)> {
    let start = word.match_indices("http").map(|(i, _)| i).find(|&i| {
        let rest = &word[i..];
        rest.starts_with("http://") || rest.starts_with("https://")
    })?;
    let rest = &word[start..];
    let len = rest
        .find(|c: char| {
            c.is_whitespace()
                || c.is_control()
                || is_invisible(c)
                || matches!(c, '<' | '>' | '`' | '"')
        })
        .unwrap_or(rest.len());
    let url =
        rest[..len].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '\'', ']', '*', '_']);
    // Only a scheme and `//` is no link; the text stays text.
    if url.ends_with("//") {
        return None;
    }
    Some((&word[..start], url, &word[start + url.len()..]))
}

/// `text` as an inline code span showing it exactly: a backtick fence longer than any run of backticks in it,
/// padded when it starts or ends with one; line breaks, tabs and invisible characters as `\u{…}` escapes.
pub fn code(text: &str) -> String {
    let mut body = String::with_capacity(text.len());
    for c in text.chars() {
        if is_line_break(c) || is_invisible(c) || c == '\t' {
            body.push_str(&unicode_escape(c));
        } else {
            body.push(c);
        }
    }
    // Markdown has no empty code span (two backticks are text): an empty name shows as a blank one.
    if body.is_empty() {
        return "` `".to_owned();
    }
    let fence = "`".repeat(longest_backtick_run(&body) + 1);
    let pad = if body.starts_with(['`', ' ']) || body.ends_with(['`', ' ']) {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{body}{pad}{fence}")
}

/// Markdown for one cell of a table: a `|` would end the cell, even inside a code span, unless escaped.
pub fn table_cell(markdown: &str) -> String {
    markdown.replace('|', "\\|")
}

fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// A fenced block shown verbatim: a fence longer than any backtick run inside, so nothing in the text closes
/// it; line breaks normalised, invisible characters as `\u{…}` escapes.
pub fn verbatim_block(text: &str) -> String {
    let text: String = normalise_line_breaks(text)
        .chars()
        .map(|c| {
            if c != '\n' && is_invisible(c) {
                unicode_escape(c)
            } else {
                c.to_string()
            }
        })
        .collect();
    let fence = "`".repeat(longest_backtick_run(&text).max(2) + 1);
    format!("{fence}text\n{}\n{fence}", text.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_option_lists() {
        for (text, markdown) in [
            ("One line.", "One line."),
            ("First.\nSecond.", "First.\n\nSecond."),
            ("Options:\n1.1.0\n2.3.0", "Options:\n- 1.1.0\n- 2.3.0"),
            (
                "Values:\nA\nB\nA sentence ends the list.",
                "Values:\n- A\n- B\n\nA sentence ends the list.",
            ),
            (
                "NOTE:\nThis is a note in a cell.",
                "NOTE:\n\nThis is a note in a cell.",
            ),
        ] {
            assert_eq!(prose_markdown(text), markdown, "{text:?}");
        }
    }

    #[test]
    fn prose_is_escaped() {
        for (raw, escaped) in [
            ("plain text", "plain text"),
            ("Array of [tasks] objects", "Array of \\[tasks\\] objects"),
            ("Map<String,String>", "Map\\<String,String\\>"),
            ("**bold** and user_name", "\\*\\*bold\\*\\* and user\\_name"),
            ("see https://x.y/a_b now", "see <https://x.y/a_b> now"),
            ("格式为YYYYMMDDHHmmss。", "格式为YYYYMMDDHHmmss。"),
            ("~~gone~~ &amp;", "\\~\\~gone\\~\\~ \\&amp;"),
            ("a\rb\u{2028}c\td", "a b c d"),
            ("  title\r\n", "title"),
            (
                "nul\0 esc\u{1b}[0m rtl\u{202e}",
                "nul\\u{0} esc\\u{1b}\\[0m rtl\\u{202e}",
            ),
            ("(https://x.y/a).", "(<https://x.y/a>)."),
            ("<https://x.y>", "\\<<https://x.y>\\>"),
            ("x:https://a.b,http://c.d", "x:<https://a.b,http://c.d>"),
            ("\"https://a.b\"", "\"<https://a.b>\""),
            ("https:// alone", "https:// alone"),
            ("https://a.b\tc", "<https://a.b> c"),
        ] {
            assert_eq!(escape(raw), escaped, "{raw:?}");
        }
    }

    #[test]
    fn every_line_break_is_a_paragraph_break() {
        assert_eq!(
            prose_markdown("a\r\nb\rc\u{2028}d\u{b}e"),
            "a\n\nb\n\nc\n\nd\n\ne"
        );
    }

    #[test]
    fn code_spans_hold_any_text() {
        for (raw, span) in [
            ("GET /v1/items", "`GET /v1/items`"),
            ("", "` `"),
            ("a`b", "``a`b``"),
            ("`x``", "``` `x`` ```"),
            (" lead", "`  lead `"),
            ("cr\r\nnul\0\ttab", "`cr\\u{d}\\u{a}nul\\u{0}\\u{9}tab`"),
        ] {
            assert_eq!(code(raw), span, "{raw:?}");
        }
    }

    #[test]
    fn verbatim_blocks_cannot_be_closed_from_inside() {
        assert_eq!(verbatim_block("GET /x\r\n"), "```text\nGET /x\n```");
        assert_eq!(
            verbatim_block("a\n```\nb\rc\u{202e}"),
            "````text\na\n```\nb\nc\\u{202e}\n````"
        );
    }

    /// The file prettyplease prints for `text`'s doc lines on a struct, then on an inner module: with
    /// [`doc_markdown`] / [`inner_doc_markdown`] (`raw`) or with every line as a quoted literal.
    fn printed_both_ways(text: &str, raw: bool) -> String {
        let (outer, inner) = if raw {
            (doc_markdown(text), inner_doc_markdown(text))
        } else {
            let lines = doc_lines(text);
            (
                quote!(#( #[doc = #lines] )*),
                quote!(#( #![doc = #lines] )*),
            )
        };
        let file: syn::File = syn::parse2(quote!(#outer struct S; mod m { #inner })).unwrap();
        prettyplease::unparse(&file)
    }

    #[test]
    fn raw_doc_literals_hold_quotes_and_hashes() {
        for text in [
            "plain",
            "a \"quoted\" word",
            "r#\"raw\"# and \"## and \"###\"",
            "ends in a quote\"",
            "\"#",
            "back\\slash \\n and \\\"",
        ] {
            let raw = printed_both_ways(text, true);
            assert_eq!(raw, printed_both_ways(text, false), "{text:?}");
            assert!(
                raw.contains(&format!(
                    "///{}",
                    doc_lines(text).first().map_or("", |l| l.as_str())
                )),
                "{raw}"
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 256, ..Default::default() })]

        /// Any text, as prose, a code span or a verbatim block, prints as `///` lines that rustc's lexer (here
        /// proc-macro2's, which refuses the same bare CR) accepts, with nothing invisible left raw.
        #[test]
        fn any_text_makes_doc_lines_that_parse(text in super::super::escape::hostile_text()) {
            let markdown = format!("{}\n\n{}\n\n{}", prose_markdown(&text), code(&text), verbatim_block(&text));
            let docs = doc_markdown(&markdown);
            let file: syn::File = syn::parse2(quote!(#docs struct S;)).unwrap();
            let printed = prettyplease::unparse(&file);
            proptest::prop_assert!(syn::parse_file(&printed).is_ok(), "{printed:?}");
            proptest::prop_assert!(printed.lines().all(|l| l.starts_with("/// ") || l == "///" || l == "struct S;"), "{printed:?}");
            let raw = printed.chars().find(|&c| c != '\n' && (is_line_break(c) || is_invisible(c)));
            proptest::prop_assert_eq!(raw, None, "{:?}", printed);
        }

        /// Doc lines as raw literals print exactly as they do as quoted literals (`Literal::string`, the spelling
        /// `quote!` gives a `String`), whatever the text: the raw spelling is only a shortcut.
        #[test]
        fn raw_doc_literals_print_as_quoted_ones(text in super::super::escape::hostile_text(), extra in "[\"#a ]{0,8}") {
            let markdown = format!("{}\n\n{}{extra}\n\n{}", prose_markdown(&text), code(&text), verbatim_block(&text));
            proptest::prop_assert_eq!(printed_both_ways(&markdown, false), printed_both_ways(&markdown, true));
        }

        /// A code span is one line, and its fence is longer than any backtick run inside.
        #[test]
        fn code_spans_are_closed_by_their_own_fence(text in super::super::escape::hostile_text()) {
            let span = code(&text);
            let fence = span.chars().take_while(|&c| c == '`').count();
            proptest::prop_assert!(!span.contains('\n'));
            proptest::prop_assert!(longest_backtick_run(&span[fence..span.len() - fence]) < fence, "{span:?}");
        }
    }

    #[test]
    fn doc_lines_hold_nothing_rustc_refuses() {
        let tokens = doc_markdown("a\rb\u{202e}\tc");
        let text = tokens.to_string();
        assert!(!text.contains(['\r', '\u{202e}', '\t']), "{text}");
        let file: syn::File = syn::parse2(quote!(#tokens struct S;)).unwrap();
        let printed = prettyplease::unparse(&file);
        assert_eq!(printed, "/// a\n/// b\\u{202e}    c\nstruct S;\n");
    }
}
