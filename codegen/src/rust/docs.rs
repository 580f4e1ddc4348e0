//! Doc comments from spec text.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc]` attributes for `text`, escaped so rustdoc renders the doc's prose as written (no accidental
/// links, HTML tags or emphasis) and warns about nothing.
pub fn doc(text: &str) -> TokenStream {
    doc_markdown(&prose_markdown(text))
}

/// The doc's prose as Markdown: each line of the spec text is a paragraph of the page; the short lines after
/// a line ending in `:` ("Options:") are the items of a list the page showed with bullets.
pub fn prose_markdown(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut in_list = false;
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

/// Like [`doc`], for optional text.
pub fn doc_opt(text: Option<&str>) -> TokenStream {
    text.map(doc).unwrap_or_default()
}

/// Lines that are already Markdown written by the generator (not spec prose).
pub fn doc_markdown(text: &str) -> TokenStream {
    let lines: Vec<String> = text
        .lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            }
        })
        .collect();
    quote! { #( #[doc = #lines] )* }
}

/// Inner (`//!`) doc attributes for generator-written Markdown.
pub fn inner_doc_markdown(text: &str) -> TokenStream {
    let lines: Vec<String> = text
        .lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            }
        })
        .collect();
    quote! { #( #![doc = #lines] )* }
}

/// Escapes what Markdown or rustdoc would interpret; bare URLs become autolinks.
pub fn escape(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for (i, word) in line.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if word.starts_with("http://") || word.starts_with("https://") {
            out.push('<');
            out.push_str(word);
            out.push('>');
            continue;
        }
        for c in word.chars() {
            if matches!(
                c,
                '[' | ']' | '<' | '>' | '*' | '_' | '`' | '#' | '|' | '\\'
            ) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// A fenced block shown verbatim.
pub fn verbatim_block(text: &str) -> String {
    format!("```text\n{}\n```", text.trim_end())
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
        ] {
            assert_eq!(escape(raw), escaped);
        }
    }
}
