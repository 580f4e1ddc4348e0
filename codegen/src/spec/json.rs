//! The positioned tree of a JSON document, read directly instead of through the YAML parser.
//!
//! JSON is YAML flow syntax, and [`super::read_tree`] reads both through serde-saphyr, whose spanned values cost
//! several times what the JSON text takes to scan (a 400 KiB document: most of what `generate` spends before the
//! IR). This reader builds the same [`Node`] tree, with the same positions (line, and column in characters),
//! for the documents whose YAML reading is plain: it gives up ([`None`]), and the YAML parser reads the document
//! as before, on anything whose YAML meaning could differ from the JSON one or that the YAML parser reports:
//! a duplicate or `<<` key, a number that is not a plain integer or decimal, a surrogate `\u` escape, a
//! character YAML does not allow in a document, a tab or carriage return between tokens, a byte-order mark,
//! nesting deeper than [`MAX_DEPTH`]. It is run only on text that serde_json has accepted, so it need not
//! explain syntax errors either: on one it gives up too.

use super::yaml::{Key, Map, Node, Pos, Value};

/// The deepest nesting of arrays and objects read here (serde_json's own limit, which the JSON syntax check
/// applies before): deeper documents are left to the YAML parser.
pub const MAX_DEPTH: usize = 128;

/// The tree of JSON `text`, or `None` when the YAML parser must read it (see the module docs).
pub fn read(text: &str) -> Option<Node> {
    let mut reader = Reader {
        text: text.as_bytes(),
        at: 0,
        line: 1,
        mark: 0,
        mark_column: 1,
    };
    reader.skip_space()?;
    let root = reader.value(0)?;
    reader.skip_space()?;
    (reader.at == reader.text.len()).then_some(root)
}

struct Reader<'a> {
    text: &'a [u8],
    /// The next byte to read.
    at: usize,
    /// The line of `at`.
    line: u64,
    /// A byte offset on the current line whose column is known, so that a column is counted from the last
    /// one asked for rather than from the line's start (a minified document is one long line).
    mark: usize,
    /// The column (in characters, 1-based) of `mark`.
    mark_column: u64,
}

impl<'a> Reader<'a> {
    /// The position of the next byte.
    fn pos(&mut self) -> Pos {
        let chars = self.text[self.mark..self.at]
            .iter()
            .filter(|b| (**b & 0xC0) != 0x80)
            .count() as u64;
        self.mark = self.at;
        self.mark_column += chars;
        Pos {
            line: self.line,
            column: self.mark_column,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    /// Skips spaces and line feeds; `None` on a tab or carriage return, which YAML treats differently from JSON
    /// (a tab can be an indentation error there, a carriage return is a line break of its own).
    fn skip_space(&mut self) -> Option<()> {
        while let Some(b) = self.peek() {
            match b {
                b' ' => self.at += 1,
                b'\n' => {
                    self.at += 1;
                    self.line += 1;
                    self.mark = self.at;
                    self.mark_column = 1;
                }
                b'\t' | b'\r' => return None,
                _ => break,
            }
        }
        Some(())
    }

    fn value(&mut self, depth: usize) -> Option<Node> {
        let pos = self.pos();
        let value = match self.peek()? {
            b'{' => self.object(depth + 1)?,
            b'[' => self.array(depth + 1)?,
            b'"' => Value::Str(self.string()?),
            b't' => self.word("true", Value::Bool(true))?,
            b'f' => self.word("false", Value::Bool(false))?,
            b'n' => self.word("null", Value::Null)?,
            _ => self.number()?,
        };
        Some(Node { pos, value })
    }

    fn word(&mut self, word: &str, value: Value) -> Option<Value> {
        self.text[self.at..].starts_with(word.as_bytes()).then(|| {
            self.at += word.len();
            value
        })
    }

    fn object(&mut self, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.at += 1;
        let mut entries = Map::new();
        self.skip_space()?;
        if self.peek()? == b'}' {
            self.at += 1;
            return Some(Value::Map(entries));
        }
        loop {
            self.skip_space()?;
            let pos = self.pos();
            if self.peek()? != b'"' {
                return None;
            }
            let name = self.string()?;
            if name == "<<" {
                return None;
            }
            if entries.contains_key(name.as_str()) {
                return None;
            }
            self.skip_space()?;
            if self.peek()? != b':' {
                return None;
            }
            self.at += 1;
            self.skip_space()?;
            let value = self.value(depth)?;
            let key = Key {
                pos,
                name,
                is_text: true,
            };
            entries.insert(key, value);
            self.skip_space()?;
            match self.peek()? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    return Some(Value::Map(entries));
                }
                _ => return None,
            }
        }
    }

    fn array(&mut self, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.at += 1;
        let mut items = Vec::new();
        self.skip_space()?;
        if self.peek()? == b']' {
            self.at += 1;
            return Some(Value::Seq(items));
        }
        loop {
            self.skip_space()?;
            items.push(self.value(depth)?);
            self.skip_space()?;
            match self.peek()? {
                b',' => self.at += 1,
                b']' => {
                    self.at += 1;
                    return Some(Value::Seq(items));
                }
                _ => return None,
            }
        }
    }

    /// A string at `"`, unescaped.
    fn string(&mut self) -> Option<String> {
        self.at += 1;
        let run = self.run()?;
        match self.peek()? {
            b'"' => {
                self.at += 1;
                Some(run.to_owned())
            }
            b'\\' => {
                let mut text = String::with_capacity(run.len() + 16);
                text.push_str(run);
                self.escaped(text)
            }
            // A control character: a JSON error.
            _ => None,
        }
    }

    /// The characters from here to the next `"`, `\` or control character; `None` when one of them is not
    /// allowed in a YAML document.
    fn run(&mut self) -> Option<&'a str> {
        let start = self.at;
        let mut ascii = true;
        while let Some(b) = self.peek() {
            if b == b'"' || b == b'\\' || b < 0x20 {
                break;
            }
            ascii &= b < 0x80;
            self.at += 1;
        }
        let text: &'a [u8] = self.text;
        let run = std::str::from_utf8(&text[start..self.at]).ok()?;
        (ascii || run.chars().all(yaml_printable)).then_some(run)
    }

    /// The rest of a string from a `\`, appended to `text`.
    fn escaped(&mut self, mut text: String) -> Option<String> {
        loop {
            text.push_str(self.run()?);
            match self.peek()? {
                b'"' => {
                    self.at += 1;
                    return Some(text);
                }
                b'\\' => {
                    let escape = *self.text.get(self.at + 1)?;
                    self.at += 2;
                    let c = match escape {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hex =
                                std::str::from_utf8(self.text.get(self.at..self.at + 4)?).ok()?;
                            let code = u32::from_str_radix(hex, 16).ok()?;
                            self.at += 4;
                            // A surrogate (half of a UTF-16 pair) is left to the YAML parser's rules.
                            char::from_u32(code)?
                        }
                        _ => return None,
                    };
                    text.push(c);
                }
                _ => return None,
            }
        }
    }

    /// A number: an integer that fits `i64` (or `u64` when positive), or a decimal without an exponent.
    fn number(&mut self) -> Option<Value> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        let mut decimal = false;
        while let Some(b) = self.peek() {
            match b {
                b'0'..=b'9' => self.at += 1,
                b'.' => {
                    decimal = true;
                    self.at += 1;
                }
                b',' | b'}' | b']' | b' ' | b'\n' => break,
                _ => return None,
            }
        }
        // Only ASCII was consumed.
        let text = std::str::from_utf8(&self.text[start..self.at]).ok()?;
        if decimal {
            return text.parse().ok().map(Value::Float);
        }
        match text.parse::<i64>() {
            Ok(i) => Some(Value::Int(i)),
            Err(_) => text.parse::<u64>().ok().map(Value::UInt),
        }
    }
}

/// Whether YAML allows `c` in a document (its `c-printable`); JSON allows any character in a string.
fn yaml_printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        || c >= '\u{10000}'
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree the YAML parser reads from `text`: the oracle every tree read here must equal.
    fn yaml_tree(text: &str) -> Node {
        serde_saphyr::from_str_with_options(text, super::super::yaml_options(text))
            .expect("the YAML parser reads it")
    }

    /// Asserts the same tree: values, key order, positions and key spellings.
    fn assert_identical(ours: &Node, theirs: &Node) {
        assert!(ours.identical(theirs), "{ours:?}\n{theirs:?}");
    }

    #[test]
    fn every_public_sample_reads_as_the_yaml_parser_reads_it() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/openapi-samples");
        let mut read_here = 0;
        for entry in std::fs::read_dir(&dir).expect("shared/openapi-samples") {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|x| x != "json") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            if let Some(tree) = read(&text) {
                assert!(tree.identical(&yaml_tree(&text)), "{}", path.display());
                read_here += 1;
            }
        }
        // nexus.json, buildomat.json, keeper.json, param-collision.json: all plain JSON.
        assert!(
            read_here >= 4,
            "only {read_here} samples took the fast path"
        );
    }

    #[test]
    fn positions_count_characters_on_lines() {
        let text = "{\"é\": [1, \"x\"],\n  \"b\": {\"c\": null}}";
        let tree = read(text).expect("plain JSON");
        assert_identical(&tree, &yaml_tree(text));
        let Value::Map(top) = &tree.value else {
            panic!()
        };
        // Hand-counted: `[` is the 7th character of line 1, `"b"` starts at column 3 of line 2.
        assert_eq!(top.get_index(0).unwrap().1.pos, Pos { line: 1, column: 7 });
        assert_eq!(top.get_index(1).unwrap().0.pos, Pos { line: 2, column: 3 });
    }

    #[test]
    fn what_yaml_could_read_differently_is_left_to_the_yaml_parser() {
        for text in [
            "{\"a\": 1, \"a\": 2}",
            "{\"<<\": {\"a\": 1}}",
            "{\"a\": 1e3}",
            "{\"a\":\t1}",
            "{\"a\": 1}\r\n",
            "\u{feff}{\"a\": 1}",
            "{\"a\": \"\\ud83d\\ude00\"}",
            "{\"a\": \"\u{fffe}\"}",
            "{\"a\": 123456789012345678901234567890}",
        ] {
            assert_eq!(read(text), None, "{text:?}");
        }
        let deep = format!(
            "{{\"a\": {}{}}}",
            "[".repeat(MAX_DEPTH),
            "]".repeat(MAX_DEPTH)
        );
        assert_eq!(read(&deep), None);
    }

    #[test]
    fn escapes_and_numbers_read_as_yaml_reads_them() {
        let text = r#"{"s": "a\"b\\c\/d\b\f\n\r\t\u00e9\u0000", "i": -12, "u": 18446744073709551615, "f": -0.5, "z": 0, "e": [], "o": {}, "t": true, "n": null}"#;
        let tree = read(text).expect("plain JSON");
        assert_identical(&tree, &yaml_tree(text));
    }

    proptest::proptest! {
        #[test]
        fn generated_documents_read_as_the_yaml_parser_reads_them(
            value in json_value(),
            pretty in proptest::bool::ANY,
        ) {
            let document = serde_json::json!({ "root": value });
            let text = if pretty {
                serde_json::to_string_pretty(&document).unwrap()
            } else {
                serde_json::to_string(&document).unwrap()
            };
            if let Some(tree) = read(&text) {
                let oracle = yaml_tree(&text);
                proptest::prop_assert!(tree.identical(&oracle), "{:?}\n{:?}", tree, oracle);
            }
        }
    }

    fn json_value() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            any::<u64>().prop_map(serde_json::Value::from),
            (-1e6f64..1e6).prop_map(serde_json::Value::from),
            any::<String>().prop_map(serde_json::Value::from),
            "[ -~é\u{2028}\u{85}\t\n\r\"\\\\/]{0,12}".prop_map(serde_json::Value::from),
        ];
        leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::from),
                proptest::collection::btree_map("[a-z<]{0,3}", inner, 0..6)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }
}
