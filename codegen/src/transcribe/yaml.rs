//! Writes the spec tree ([`Node`], the one the reader reads) as block-style YAML in the house style of
//! `spec/*.yaml`, and reads a spec through the one spec loader ([`crate::spec::read_tree`]).
//!
//! The house style (that of the hand-written `spec/kafka.yaml`): two-space indentation, sequences indented
//! under their key (`servers:` / `  - url: …`), plain scalars where every YAML reader agrees on the text,
//! single quotes otherwise (`'200'`, `'#/components/…'`, `'4'`, text containing a quote character), literal
//! blocks (`|-`) for multi-line text, double quotes only for text that needs escapes. No line folding.
//!
//! serde-saphyr's emitter always double-quotes and quotes `3.0.3` and `/v2/{project_id}/…` keys, so it cannot
//! produce that style; [`to_string`] therefore writes the text itself and then reads it back through the spec
//! loader, refusing to return anything that does not read back as the same tree.

use crate::spec;
use crate::spec::yaml::{self, Map, Node, Value};
use std::fmt::Write as _;

/// Writes `node` (a mapping at the top) as a YAML document, verified by reading it back.
pub fn to_string(node: &Node) -> Result<String, String> {
    let mut out = String::new();
    match &node.value {
        Value::Map(m) if !m.is_empty() => write_map(&mut out, m, 0),
        _ => {
            write_indent(&mut out, 0);
            write_inline(&mut out, &node.value, 0);
            out.push('\n');
        }
    }
    match spec::read_tree(&out) {
        Err(e) => Err(format!(
            "the written YAML does not parse: {}: {}",
            e.pos, e.message
        )),
        Ok(back) => match first_non_text_key(&back) {
            Some(pos) => Err(format!(
                "the written YAML has a key at {pos} that YAML readers do not read as text"
            )),
            // `==` compares values only (not positions, nor key order, which the writer keeps anyway).
            None if back == *node => Ok(out),
            None => Err("the written YAML does not read back as the same document".to_owned()),
        },
    }
}

/// Where the first mapping key of `tree` that was not written as text is (`200:` unquoted reads as a number:
/// the writer should have quoted it).
fn first_non_text_key(tree: &yaml::Node) -> Option<yaml::Pos> {
    match &tree.value {
        yaml::Value::Seq(items) => items.iter().find_map(first_non_text_key),
        yaml::Value::Map(entries) => entries.iter().find_map(|(key, value)| {
            if key.is_text {
                first_non_text_key(value)
            } else {
                Some(key.pos)
            }
        }),
        _ => None,
    }
}

/// Reads a spec (YAML or JSON) into a [`Node`] through the one spec loader: its parser budget, duplicate keys
/// rejected. The error is the problem's line and column (1-based) and message.
pub fn from_str(text: &str) -> Result<Node, (usize, usize, String)> {
    spec::read_tree(text).map_err(|e| {
        (
            usize::try_from(e.pos.line).unwrap_or(usize::MAX).max(1),
            usize::try_from(e.pos.column).unwrap_or(usize::MAX).max(1),
            e.message,
        )
    })
}

fn write_indent(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

fn write_map(out: &mut String, map: &Map, indent: usize) {
    for (i, (key, value)) in map.iter().enumerate() {
        // The first entry of a sequence item sits on the `- ` line, already indented.
        if i > 0 || !out.ends_with("- ") {
            write_indent(out, indent);
        }
        write_key(out, key);
        out.push(':');
        write_value(out, value, indent);
    }
}

fn write_seq(out: &mut String, items: &[Node], indent: usize) {
    for item in items {
        write_indent(out, indent);
        out.push('-');
        match &item.value {
            Value::Map(m) if !m.is_empty() => {
                out.push(' ');
                write_map(out, m, indent + 2);
            }
            Value::Seq(s) if !s.is_empty() => {
                out.push('\n');
                write_seq(out, s, indent + 2);
            }
            other => {
                out.push(' ');
                write_inline(out, other, indent + 2);
                out.push('\n');
            }
        }
    }
}

/// Writes what follows `key:`.
fn write_value(out: &mut String, value: &Node, indent: usize) {
    match &value.value {
        Value::Map(m) if !m.is_empty() => {
            out.push('\n');
            write_map(out, m, indent + 2);
        }
        Value::Seq(s) if !s.is_empty() => {
            out.push('\n');
            write_seq(out, s, indent + 2);
        }
        other => {
            out.push(' ');
            write_inline(out, other, indent + 2);
            out.push('\n');
        }
    }
}

/// Writes a scalar or an empty collection; `block_indent` is the indentation of a literal block's lines.
fn write_inline(out: &mut String, value: &Value, block_indent: usize) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::UInt(u) => {
            let _ = write!(out, "{u}");
        }
        Value::Float(f) => out.push_str(&float_text(*f)),
        Value::Str(s) => write_str(out, s, block_indent),
        Value::Seq(_) => out.push_str("[]"),
        Value::Map(_) => out.push_str("{}"),
    }
}

/// A float as both YAML 1.1 and 1.2 readers read it back: a `.` in the mantissa and a signed exponent.
fn float_text(f: f64) -> String {
    if f.is_nan() {
        return ".nan".to_owned();
    }
    if f.is_infinite() {
        return if f > 0.0 { ".inf" } else { "-.inf" }.to_owned();
    }
    let s = format!("{f:?}");
    match s.split_once('e') {
        Some((mantissa, exp)) => {
            let mantissa = if mantissa.contains('.') {
                mantissa.to_owned()
            } else {
                format!("{mantissa}.0")
            };
            let exp = if exp.starts_with('-') {
                exp.to_owned()
            } else {
                format!("+{exp}")
            };
            format!("{mantissa}e{exp}")
        }
        None if s.contains('.') => s,
        None => format!("{s}.0"),
    }
}

fn write_key(out: &mut String, key: &str) {
    if is_plain_safe(key) {
        out.push_str(key);
    } else if key.chars().any(needs_escape) || key.contains('\n') {
        write_double_quoted(out, key);
    } else {
        write_single_quoted(out, key);
    }
}

fn write_str(out: &mut String, s: &str, block_indent: usize) {
    if is_plain_safe(s) {
        out.push_str(s);
    } else if s.contains('\n') && literal_block_ok(s) {
        write_literal(out, s, block_indent);
    } else if s.chars().any(needs_escape) || s.contains('\n') {
        write_double_quoted(out, s);
    } else {
        write_single_quoted(out, s);
    }
}

/// A character that only a double-quoted scalar can carry.
fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\n') || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// Whether a literal block (`|`) carries `s` exactly: no escapes needed, no line made only of blanks (those
/// are ambiguous against the block's indentation) and no trailing blank on a line.
fn literal_block_ok(s: &str) -> bool {
    s.chars().any(|c| !c.is_whitespace())
        && !s.chars().any(needs_escape)
        && !s.contains('\t')
        && s.split('\n')
            .all(|l| l.is_empty() || (!l.trim().is_empty() && !l.ends_with(' ')))
}

fn write_literal(out: &mut String, s: &str, indent: usize) {
    let body = s.trim_end_matches('\n');
    let trailing = s.len() - body.len();
    out.push('|');
    if body
        .split('\n')
        .find(|l| !l.is_empty())
        .is_some_and(|l| l.starts_with(' '))
    {
        out.push('2');
    }
    match trailing {
        0 => out.push('-'),
        1 => {}
        _ => out.push('+'),
    }
    for line in s.strip_suffix('\n').unwrap_or(s).split('\n') {
        out.push('\n');
        if !line.is_empty() {
            write_indent(out, indent);
            out.push_str(line);
        }
    }
}

fn write_single_quoted(out: &mut String, s: &str) {
    out.push('\'');
    out.push_str(&s.replace('\'', "''"));
    out.push('\'');
}

fn write_double_quoted(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Whether `s` can be written without quotes and every YAML 1.1 or 1.2 reader reads it back as this text.
///
/// Quoted on top of what YAML requires: any text containing a quote character (the house style of the
/// hand-written spec).
pub(crate) fn is_plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s.starts_with(' ') || s.ends_with(' ') || s.ends_with(':') {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) || s.starts_with("...") {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.contains(['\'', '"', '\n', '\t', '\r']) {
        return false;
    }
    if s.chars().any(needs_escape) {
        return false;
    }
    !resolves_to_non_text(s)
}

/// Whether a plain scalar `s` would be read as something other than text by a YAML 1.1 reader (PyYAML, what
/// `openapi-spec-validator` uses) or by a YAML 1.2 core-schema reader.
fn resolves_to_non_text(s: &str) -> bool {
    const WORDS: &[&str] = &[
        "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "yes",
        "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N",
        "=", "<<", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
        ".nan", ".NaN", ".NAN",
    ];
    WORDS.contains(&s) || looks_numeric(s) || looks_like_timestamp(s)
}

/// YAML 1.1 ints (decimal, `0b`, `0x`, octal, sexagesimal, with `_`), YAML 1.1 floats as PyYAML resolves
/// them, and YAML 1.2 core ints and floats (`0o7`, `1e5`).
fn looks_numeric(s: &str) -> bool {
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
    let digits_ = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == '_');
    let radix = |t: &str, prefix: &str, ok: fn(char) -> bool| {
        t.strip_prefix(prefix)
            .is_some_and(|r| !r.is_empty() && r.chars().all(|c| ok(c) || c == '_'))
    };
    if radix(unsigned, "0x", |c| c.is_ascii_hexdigit())
        || radix(unsigned, "0o", |c| matches!(c, '0'..='7'))
        || radix(unsigned, "0b", |c| matches!(c, '0' | '1'))
    {
        return true;
    }
    if unsigned.starts_with(|c: char| c.is_ascii_digit()) && digits_(unsigned) {
        return true;
    }
    // Sexagesimal (1.1): 1:20 or 1:20.5
    if unsigned.starts_with(|c: char| c.is_ascii_digit())
        && unsigned.contains(':')
        && unsigned.split(':').all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_digit() || c == '_' || c == '.')
        })
    {
        return true;
    }
    // Floats: mantissa with digits and at most one '.', optional exponent with optional sign.
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && e.chars().all(|c| c.is_ascii_digit())
    });
    let mut parts = mantissa.splitn(2, '.');
    let int_part = parts.next().unwrap_or("");
    let frac_part = parts.next();
    let int_ok = int_part.is_empty() || digits_(int_part);
    let frac_ok = frac_part.is_none_or(|f| f.is_empty() || digits_(f));
    let has_digit = mantissa.chars().any(|c| c.is_ascii_digit());
    has_digit && int_ok && frac_ok && exponent_ok && (frac_part.is_some() || exponent.is_some())
}

/// `YYYY-M-D…`: YAML 1.1 timestamps (dates, and date-times in any of their spellings).
fn looks_like_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 6 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-' && b[5].is_ascii_digit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_or_quoted() {
        for (s, plain) in [
            ("3.0.3", true),
            ("/v2/{project_id}/instances/{instance_id}/tasks", true),
            ("^[0-9]{14}$", true),
            ("https://dms.{region}.myhuaweicloud.com", true),
            ("8abfa7b372160bfd0172165864064079", true),
            ("3df5acbc24a54fadb62a043c9000a307", true),
            ("项目ID,获取方式请参见获取项目ID", true),
            ("v2", true),
            ("200", false),
            ("4", false),
            ("-1", false),
            ("1.5", false),
            ("1e5", false),
            ("0x1F", false),
            ("1:20", false),
            ("2020-05-15T03:19:51.046Z", false),
            ("2024-07-04", false),
            ("#/components/schemas/X", false),
            ("{\"a\":1}", false),
            ("'GET x'", false),
            ("say \"hi\"", false),
            ("yes", false),
            ("No", false),
            ("null", false),
            ("", false),
            (" lead", false),
            ("a: b", false),
            ("a #b", false),
            ("key:", false),
            ("- item", false),
            ("...", false),
            ("a\nb", false),
        ] {
            assert_eq!(is_plain_safe(s), plain, "{s:?}");
        }
    }

    #[test]
    fn writes_house_style_and_reads_back() {
        let doc = Node::from_json(
            r#"{"openapi":"3.0.3","servers":[{"url":"https://x.{region}.com","variables":{"region":{"enum":["a","b"]}}}],
               "security":[{"AkSk":[]}],"paths":{"/v2/{id}":{"get":{"responses":{"200":{"description":"ok"}}}}},
               "multi":"line one\nline two","lead":"  indented\nnext","trail":"x\n","q":"it's","e":"","n":null,
               "f":[1.0, 2.5e20, -3e-7],"nested":[[1,2],[]],"empty":{}}"#,
        )
        .expect("valid JSON");
        let text = to_string(&doc).expect("round-trips");
        assert!(
            text.starts_with("openapi: 3.0.3\nservers:\n  - url: https://x.{region}.com\n"),
            "{text}"
        );
        assert!(text.contains("\n  - AkSk: []\n"), "{text}");
        assert!(text.contains("\n  /v2/{id}:\n"), "{text}");
        assert!(text.contains("\n        '200':\n"), "{text}");
        assert!(
            text.contains("multi: |-\n  line one\n  line two\n"),
            "{text}"
        );
        assert!(text.contains("q: 'it''s'\n"), "{text}");
        assert!(text.contains("e: ''\n"), "{text}");
    }

    #[test]
    fn a_spec_is_read_with_the_generators_parser_budget() {
        // 300,000 nodes: more than serde-saphyr's fixed default budget of 250,000, which `generate` lifts for
        // large specs; a spec `generate` reads must be one `--merge-into` reads.
        let mut text = String::from("a:\n");
        for _ in 0..300_000 {
            text.push_str("- 0\n");
        }
        let doc = from_str(&text).expect("within the loader's budget");
        assert_eq!(
            doc.get("a").and_then(Node::as_seq).map(Vec::len),
            Some(300_000)
        );
    }

    #[test]
    fn integers_above_i64_read_and_write_back_exactly() {
        let text = "big: 18446744073709551615\nsmall: -9223372036854775808\n";
        let doc = from_str(text).expect("valid YAML");
        assert_eq!(doc.get("big"), Some(&Value::UInt(u64::MAX).into()));
        assert_eq!(doc.get("small"), Some(&Node::int(i64::MIN)));
        assert_eq!(to_string(&doc).as_deref(), Ok(text));
    }

    #[test]
    fn a_key_written_as_a_number_is_found() {
        let tree = spec::read_tree("a:\n  '200': x\n  201: y\n").expect("valid YAML");
        assert_eq!(
            first_non_text_key(&tree),
            Some(yaml::Pos { line: 3, column: 3 })
        );
        let tree = spec::read_tree("a:\n  '200': x\n").expect("valid YAML");
        assert_eq!(first_non_text_key(&tree), None);
    }

    #[test]
    fn floats_read_back() {
        for f in [0.5, 1.0, 2.5e20, -3e-7, 1e300] {
            let t = float_text(f);
            assert_eq!(t.parse::<f64>().ok(), Some(f), "{t}");
            assert!(t.contains('.'), "{t}");
        }
    }
}
