//! Doc comments from spec text.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc]` attributes for `text`, one per line, escaped so rustdoc renders the doc's prose as written
/// (no accidental links, HTML tags or emphasis) and warns about nothing.
pub fn doc(text: &str) -> TokenStream {
    let lines: Vec<String> = text
        .trim()
        .lines()
        .map(|l| format!(" {}", escape(l.trim_end())))
        .collect();
    quote! { #( #[doc = #lines] )* }
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
