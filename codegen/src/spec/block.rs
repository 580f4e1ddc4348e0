//! The positioned tree of a block-style YAML document, read directly instead of through serde-saphyr.
//!
//! serde-saphyr's spanned values are about a quarter of what `generate` spends on a spec (all of it on the
//! serial path before the IR). The specs this project writes (`spec/*.yaml`, by `transcribe::yaml`) use a small
//! part of YAML: block mappings and sequences, single-line plain and quoted scalars, literal blocks (`|`), and
//! `[]`/`{}`. This reader builds the same [`Node`] tree as serde-saphyr, with the same positions (line, and
//! column in characters), for documents made only of that part; on anything else it gives up ([`None`]) and
//! serde-saphyr reads the document as before, so every other document, and every error, is read and reported
//! exactly as before. It gives up on: comments, tabs, carriage returns, a byte-order mark, characters YAML
//! does not allow, directives and document markers, anchors, aliases, tags, flow collections other than `[]`
//! and `{}`, folded blocks (`>`), scalars over several lines, explicit (`?`) or `<<` keys, duplicate keys,
//! compact nested sequences (`- - x`), lines made only of spaces, a document that does not end with a line
//! break, nesting deeper than [`MAX_DEPTH`], and anything it does not recognise.
//!
//! Plain scalars resolve as serde-saphyr resolves them (YAML 1.1 booleans, YAML 1.2 numbers, its null
//! spellings): the common spellings (text that cannot be anything but text, `true`/`false`-like words, null
//! words, decimal integers) are resolved here by serde-saphyr's rules; every other scalar that could be a number
//! is handed to serde-saphyr alone, so the rarer spellings (`0x1F`, `1_000`, `+1`, `1e3`, `.inf`, `3.0.3`)
//! resolve by its code, not by a copy of it.

use super::yaml::{Key, Map, Node, Pos, Value};

/// The deepest nesting of collections read here; serde-saphyr's default limit is 64 (counted its way), so
/// deeper documents are left to it, also to report the error.
pub const MAX_DEPTH: usize = 48;

/// The longest document read here: serde-saphyr caps the scalar bytes of a document at 64 MiB, so larger
/// documents are left to it.
const MAX_LEN: usize = 32 << 20;

/// The longest implicit key read here (serde-saphyr's simple-key lookahead is 1,024 characters).
const MAX_KEY_LEN: usize = 512;

/// The tree of YAML `text`, or `None` when serde-saphyr must read it (see the module docs).
pub fn read(text: &str) -> Option<Node> {
    if text.len() > MAX_LEN || !text.ends_with('\n') || !plain_characters(text) {
        return None;
    }
    let lines: Vec<&str> = text[..text.len() - 1].split('\n').collect();
    for line in &lines {
        // Document markers, directives, and lines of blanks (whose meaning depends on where they are).
        if line.starts_with("---")
            || line.starts_with("...")
            || line.starts_with('%')
            || (!line.is_empty() && line.bytes().all(|b| b == b' '))
        {
            return None;
        }
    }
    let mut reader = Reader {
        lines,
        next: 0,
        depth: 0,
    };
    reader.skip_empty();
    let first = reader.lines.get(reader.next)?;
    if indent_of(first) != 0 {
        return None;
    }
    let root = reader.collection(0, false)?;
    reader.skip_empty();
    (reader.next == reader.lines.len()).then_some(root)
}

/// Whether every character of `text` is one this reader takes as it is: printable, no tab, no carriage
/// return, no byte-order mark, none of the characters YAML 1.1 reads as line breaks.
fn plain_characters(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes
        .iter()
        .all(|&b| (0x20..0x7F).contains(&b) || b == b'\n')
    {
        return true;
    }
    text.chars().all(|c| {
        matches!(c, '\n' | ' '..='~' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
            && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}')
            || c >= '\u{10000}'
    })
}

fn indent_of(line: &str) -> usize {
    line.bytes().take_while(|&b| b == b' ').count()
}

/// The 1-based column, in characters, of byte offset `at` of `line`.
fn column(line: &str, at: usize) -> u64 {
    let before = &line.as_bytes()[..at];
    before.iter().filter(|b| (**b & 0xC0) != 0x80).count() as u64 + 1
}

struct Reader<'a> {
    lines: Vec<&'a str>,
    /// The next line to read.
    next: usize,
    /// How many collections are open.
    depth: usize,
}

/// What starts at a place on a line: a mapping key, or a value.
enum Start {
    Key(Key, usize),
    Value,
}

impl<'a> Reader<'a> {
    fn skip_empty(&mut self) {
        while self.lines.get(self.next).is_some_and(|l| l.is_empty()) {
            self.next += 1;
        }
    }

    fn pos(&self, line: usize, at: usize) -> Pos {
        Pos {
            line: line as u64 + 1,
            column: column(self.lines[line], at),
        }
    }

    /// The indentation of the next line that is not empty, and whether it is a sequence entry.
    fn peek(&mut self) -> Option<(usize, bool)> {
        self.skip_empty();
        let line = self.lines.get(self.next)?;
        let indent = indent_of(line);
        Some((indent, is_entry(&line[indent..])))
    }

    /// A block collection whose first line is the next line, indented by `indent`; `compact` when it is a
    /// sequence at the indentation of the mapping whose value it is.
    fn collection(&mut self, indent: usize, compact: bool) -> Option<Node> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let line = self.next;
        let node = if is_entry(&self.lines[line][indent..]) {
            self.sequence(indent, compact)
        } else {
            self.next += 1;
            match self.start(line, indent)? {
                Start::Key(key, after) => self.mapping(line, indent, key, after),
                Start::Value => None,
            }
        };
        self.depth -= 1;
        node
    }

    /// A block sequence whose first `-` is on the next line, at `indent`; `compact` as for [`Self::collection`].
    fn sequence(&mut self, indent: usize, compact: bool) -> Option<Node> {
        let mut pos = self.pos(self.next, indent);
        let mut items = Vec::new();
        while let Some((at, true)) = self.peek() {
            if at != indent {
                break;
            }
            let line = self.next;
            self.next += 1;
            let text = self.lines[line];
            let rest = &text[indent + 1..];
            let blanks = rest.bytes().take_while(|&b| b == b' ').count();
            let item = if blanks == rest.len() {
                // `-` alone: the item is on the lines below, or null.
                self.below(line, indent + 1, indent, false)?
            } else {
                let start = indent + 1 + blanks;
                if is_entry(&text[start..]) {
                    return None;
                }
                match self.start(line, start)? {
                    Start::Key(key, after) => {
                        self.depth += 1;
                        if self.depth > MAX_DEPTH {
                            return None;
                        }
                        let map = self.mapping(line, start, key, after)?;
                        self.depth -= 1;
                        map
                    }
                    Start::Value => self.inline(line, start, indent)?,
                }
            };
            if compact && items.is_empty() {
                // serde-saphyr places a sequence at its key's indentation where its first item's text starts
                // (checked here for one blank after the `-` only).
                if text.as_bytes().get(indent + 2).is_none_or(|&b| b == b' ') {
                    return None;
                }
                pos = self.pos(line, indent + 2);
            }
            items.push(item);
            if let Some((at, _)) = self.peek()
                && at > indent
            {
                return None;
            }
        }
        Some(Node {
            pos,
            value: Value::Seq(items),
        })
    }

    /// A block mapping whose keys are at `indent`; its first `key` is on `line` (already consumed), its value
    /// starting at byte `after` (just after the `:`).
    fn mapping(&mut self, line: usize, indent: usize, key: Key, after: usize) -> Option<Node> {
        let pos = key.pos;
        let mut entries = Map::new();
        let (mut key, mut line, mut after) = (key, line, after);
        loop {
            if key.name == "<<" {
                return None;
            }
            if entries.contains_key(key.name.as_str()) {
                return None;
            }
            let text = self.lines[line];
            let rest = &text[after..];
            let blanks = rest.bytes().take_while(|&b| b == b' ').count();
            let value = if blanks == rest.len() {
                self.below(line, after, indent, true)?
            } else if blanks == 0 {
                return None;
            } else {
                self.inline(line, after + blanks, indent)?
            };
            entries.insert(key, value);
            match self.peek() {
                Some((at, false)) if at == indent => {
                    line = self.next;
                    self.next += 1;
                    match self.start(line, indent)? {
                        Start::Key(next_key, next_after) => {
                            key = next_key;
                            after = next_after;
                        }
                        Start::Value => return None,
                    }
                }
                Some((at, _)) if at >= indent => return None,
                _ => break,
            }
        }
        Some(Node {
            pos,
            value: Value::Map(entries),
        })
    }

    /// The value of a key or `-` that ends its line (at byte `end` of `line`): the collection on the lines
    /// below, or null. `parent` is the indentation of the collection the key or `-` belongs to; a sequence may
    /// sit at the indentation of the mapping whose value it is (`in_mapping`).
    fn below(&mut self, line: usize, end: usize, parent: usize, in_mapping: bool) -> Option<Node> {
        match self.peek() {
            Some((at, _)) if at > parent => self.collection(at, false),
            Some((at, true)) if at == parent && in_mapping => self.collection(at, true),
            _ => Some(Node {
                pos: self.empty_pos(line, end, in_mapping),
                value: Value::Null,
            }),
        }
    }

    /// Where serde-saphyr places an empty value whose indicator ends at byte `end` of `line`: at a key's `:`,
    /// after the blanks that follow a `-`.
    fn empty_pos(&self, line: usize, end: usize, in_mapping: bool) -> Pos {
        if in_mapping {
            self.pos(line, end - 1)
        } else {
            self.pos(line, self.lines[line].len())
        }
    }

    /// What starts at byte `at` of `line`: a key (with the byte just after its `:`) or a value.
    fn start(&self, line: usize, at: usize) -> Option<Start> {
        let text = self.lines[line];
        let rest = &text[at..];
        let pos = self.pos(line, at);
        let first = rest.as_bytes()[0];
        if first == b'\'' || first == b'"' {
            let (name, len) = quoted(rest)?;
            let after = &rest[len..];
            if after.starts_with(':') && after[1..].is_empty() || after.starts_with(": ") {
                if len > MAX_KEY_LEN {
                    return None;
                }
                let key = Key {
                    pos,
                    name,
                    is_text: true,
                };
                return Some(Start::Key(key, at + len + 1));
            }
            return after.bytes().all(|b| b == b' ').then_some(Start::Value);
        }
        if !plain_start(rest) {
            // `[]`, `{}`, `|` and the like are values; anything else here is given up on by the value reader.
            return Some(Start::Value);
        }
        let (len, colon) = plain(rest)?;
        let Some(colon) = colon else {
            return Some(Start::Value);
        };
        if len > MAX_KEY_LEN {
            return None;
        }
        let (name, is_text) = key_text(resolve(&rest[..len])?)?;
        let key = Key { pos, name, is_text };
        Some(Start::Key(key, at + colon + 1))
    }

    /// A value that starts at byte `at` of `line` and is not a key; `parent` is the indentation of the
    /// collection it belongs to.
    fn inline(&mut self, line: usize, at: usize, parent: usize) -> Option<Node> {
        let text = self.lines[line];
        let rest = &text[at..];
        let pos = self.pos(line, at);
        let value = match rest.as_bytes()[0] {
            b'\'' | b'"' => {
                let (s, len) = quoted(rest)?;
                if !rest[len..].bytes().all(|b| b == b' ') {
                    return None;
                }
                Value::Str(s)
            }
            b'|' => {
                let (text, pos) = self.literal(&rest[1..], parent)?;
                return Some(Node {
                    pos,
                    value: Value::Str(text),
                });
            }
            b'[' | b'{' => match rest.trim_end_matches(' ') {
                "[]" => Value::Seq(Vec::new()),
                "{}" => Value::Map(Map::new()),
                _ => return None,
            },
            _ => {
                if !plain_start(rest) {
                    return None;
                }
                let (len, colon) = plain(rest)?;
                if colon.is_some() {
                    return None;
                }
                resolve(&rest[..len])?
            }
        };
        Some(Node { pos, value })
    }

    /// The text of a literal block whose header follows the `|` (`header`, the rest of its line); its lines
    /// are the lines below. `parent` is the indentation of the collection the block belongs to.
    fn literal(&mut self, header: &str, parent: usize) -> Option<(String, Pos)> {
        let mut explicit = None;
        let mut chomp = b' ';
        for b in header.trim_end_matches(' ').bytes() {
            match b {
                b'1'..=b'9' if explicit.is_none() => explicit = Some(usize::from(b - b'0')),
                b'-' | b'+' if chomp == b' ' => chomp = b,
                _ => return None,
            }
        }
        let first = self.next;
        let mut content = first;
        while self.lines.get(content).is_some_and(|l| l.is_empty()) {
            content += 1;
        }
        let detected = self.lines.get(content).map_or(0, |l| indent_of(l));
        let indent = match explicit {
            Some(m) => parent + m,
            None => detected,
        };
        if detected <= parent || detected < indent {
            // An empty block, or one whose first line is less indented than it says: left to serde-saphyr.
            return None;
        }
        // serde-saphyr places a block at its first line with text, at the block's indentation.
        let pos = self.pos(content, indent);
        let mut last = first;
        let mut end = first;
        while let Some(l) = self.lines.get(end) {
            if l.is_empty() {
                end += 1;
            } else if indent_of(l) >= indent {
                end += 1;
                last = end;
            } else {
                break;
            }
        }
        let mut text = String::new();
        for (i, l) in self.lines[first..last].iter().enumerate() {
            if i > 0 {
                text.push('\n');
            }
            text.push_str(l.get(indent..).unwrap_or(""));
        }
        match chomp {
            b'-' => {}
            b'+' => text.extend(std::iter::repeat_n('\n', 1 + end - last)),
            _ => text.push('\n'),
        }
        self.next = end;
        Some((text, pos))
    }
}

/// Whether `rest` (a line from its first non-blank) is a sequence entry: `-` then a blank or the line's end.
fn is_entry(rest: &str) -> bool {
    rest == "-" || rest.starts_with("- ")
}

/// Whether a plain scalar may start `rest` (non-empty), within what this reader takes: not an indicator, and
/// `-` only before a character that is not a blank (`-1`).
fn plain_start(rest: &str) -> bool {
    match rest.as_bytes() {
        [b'-', next, ..] => *next != b' ',
        [first, ..] => !b"-?:,[]{}#&*!|>'\"%@`".contains(first),
        [] => false,
    }
}

/// The length of the plain scalar at the start of `rest` (trailing blanks excluded), and the offset of the `:`
/// that follows it when it is a key; `None` on a comment.
fn plain(rest: &str) -> Option<(usize, Option<usize>)> {
    let bytes = rest.as_bytes();
    let mut end = bytes.len();
    let mut colon = None;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b':' if bytes.get(i + 1).is_none_or(|&n| n == b' ') => {
                end = i;
                colon = Some(i);
                break;
            }
            b'#' if i > 0 && bytes[i - 1] == b' ' => return None,
            _ => {}
        }
    }
    let len = rest[..end].trim_end_matches(' ').len();
    (len > 0).then_some((len, colon))
}

/// A quoted scalar at the start of `rest` (at its quote) closed on the same line: its text and its length in
/// bytes, quotes included.
fn quoted(rest: &str) -> Option<(String, usize)> {
    let bytes = rest.as_bytes();
    if bytes[0] == b'\'' {
        let mut text = String::new();
        let mut from = 1;
        loop {
            let close = from + rest[from..].find('\'')?;
            text.push_str(&rest[from..close]);
            if bytes.get(close + 1) == Some(&b'\'') {
                text.push('\'');
                from = close + 2;
            } else {
                return Some((text, close + 1));
            }
        }
    }
    let mut text = String::new();
    let mut chars = rest.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((text, i + 1)),
            '\\' => {
                let (_, e) = chars.next()?;
                let mut hex = |n: usize| -> Option<char> {
                    let mut code = 0u32;
                    for _ in 0..n {
                        code = code * 16 + chars.next()?.1.to_digit(16)?;
                    }
                    char::from_u32(code)
                };
                let c = match e {
                    '0' => '\0',
                    'a' => '\u{7}',
                    'b' => '\u{8}',
                    't' => '\t',
                    'n' => '\n',
                    'v' => '\u{b}',
                    'f' => '\u{c}',
                    'r' => '\r',
                    'e' => '\u{1b}',
                    ' ' => ' ',
                    '"' => '"',
                    '/' => '/',
                    '\\' => '\\',
                    'N' => '\u{85}',
                    '_' => '\u{a0}',
                    'L' => '\u{2028}',
                    'P' => '\u{2029}',
                    'x' => hex(2)?,
                    'u' => hex(4)?,
                    'U' => hex(8)?,
                    _ => return None,
                };
                text.push(c);
            }
            c => text.push(c),
        }
    }
    None
}

/// A key's text, and whether it was written as text, as [`Key`]'s reading through serde-saphyr makes it.
fn key_text(value: Value) -> Option<(String, bool)> {
    let is_text = matches!(value, Value::Str(_));
    let name = match value {
        Value::Str(s) => s,
        Value::Int(i) => i.to_string(),
        Value::UInt(u) => u.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Float(x) => x.to_string(),
        Value::Null => "null".to_owned(),
        Value::Seq(_) | Value::Map(_) => return None,
    };
    Some((name, is_text))
}

/// The value of a single-line plain scalar `s` (trimmed, not empty), as serde-saphyr resolves it; `None` when
/// its resolution is an error there.
fn resolve(s: &str) -> Option<Value> {
    let bytes = s.as_bytes();
    let first = bytes[0];
    if first.is_ascii_digit() || first == b'-' {
        // A decimal integer without a leading zero and short enough not to overflow.
        let digits = s.strip_prefix('-').unwrap_or(s).as_bytes();
        if !digits.is_empty()
            && digits.len() <= 18
            && digits.iter().all(u8::is_ascii_digit)
            && (digits[0] != b'0' || digits.len() == 1)
        {
            return s.parse().ok().map(Value::Int);
        }
    }
    if first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.') {
        // Could be a number in one of YAML's other spellings: serde-saphyr reads it alone.
        return resolve_by_parser(s);
    }
    if bytes.len() <= 5 {
        match s {
            "~" | "null" | "Null" | "NULL" => return Some(Value::Null),
            _ => {}
        }
        // YAML 1.1 booleans, which serde-saphyr accepts in any case.
        for (word, b) in [
            ("true", true),
            ("yes", true),
            ("y", true),
            ("on", true),
            ("false", false),
            ("no", false),
            ("n", false),
            ("off", false),
        ] {
            if s.eq_ignore_ascii_case(word) {
                return Some(Value::Bool(b));
            }
        }
    }
    Some(Value::Str(s.to_owned()))
}

/// The value of plain scalar `s` as serde-saphyr resolves it, read by serde-saphyr as a document of its own.
fn resolve_by_parser(s: &str) -> Option<Value> {
    if s.starts_with("---") || s.starts_with("...") {
        return None;
    }
    match serde_saphyr::from_str::<Value>(s).ok()? {
        Value::Seq(_) | Value::Map(_) => None,
        scalar => Some(scalar),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree serde-saphyr reads from `text`: the oracle every tree read here must equal.
    fn saphyr(text: &str) -> Result<Node, String> {
        serde_saphyr::from_str_with_options(text, super::super::yaml_options(text))
            .map_err(|e| e.to_string())
    }

    /// Asserts that `text` is read here as serde-saphyr reads it, or given up on; returns whether it was read.
    fn same_or_given_up(text: &str) -> bool {
        match read(text) {
            Some(tree) => {
                assert_same(&tree, text, "");
                true
            }
            None => false,
        }
    }

    /// Asserts that `tree` is serde-saphyr's tree of `text`, naming the first node that differs.
    fn assert_same(tree: &Node, text: &str, what: &str) {
        let oracle =
            saphyr(text).unwrap_or_else(|e| panic!("{what}: serde-saphyr rejects it: {e}"));
        if let Some(difference) = first_difference(tree, &oracle) {
            let short: String = text.chars().take(400).collect();
            panic!("{what} {short:?}: {difference}");
        }
    }

    /// Where `ours` first differs from `theirs`.
    fn first_difference(ours: &Node, theirs: &Node) -> Option<String> {
        if ours.pos != theirs.pos {
            return Some(
                format!(
                    "node at {} here, at {} by serde-saphyr: {:?}",
                    ours.pos, theirs.pos, theirs.value
                )
                .chars()
                .take(300)
                .collect(),
            );
        }
        match (&ours.value, &theirs.value) {
            (Value::Seq(a), Value::Seq(b)) if a.len() == b.len() => {
                a.iter().zip(b).find_map(|(x, y)| first_difference(x, y))
            }
            (Value::Map(a), Value::Map(b)) if a.len() == b.len() => {
                a.iter().zip(b).find_map(|((ka, va), (kb, vb))| {
                    if !ka.identical(kb) {
                        Some(format!("key {ka:?} here, {kb:?} by serde-saphyr"))
                    } else {
                        first_difference(va, vb)
                    }
                })
            }
            (a, b) if a == b => None,
            (a, b) => Some(
                format!("at {}: {:?} here, {:?} by serde-saphyr", ours.pos, a, b)
                    .chars()
                    .take(300)
                    .collect(),
            ),
        }
    }

    #[test]
    fn positions_and_values_of_the_house_style() {
        let text = "openapi: 3.0.3\ninfo:\n  title: T é\n  n: 12\n  list:\n    - a\n    - 'b'' c'\n    - k: v\n      \
                    k2: \"x\\ty\"\n    -\n      - 1\n  e: []\n  m: {}\n  z:\n  t: |-\n    one\n\n      two\n  \
                    u: |\n    x\n  '200': ok\n  201: no\n";
        assert!(same_or_given_up(text));
        let tree = read(text).unwrap();
        let Value::Map(top) = &tree.value else {
            panic!()
        };
        // Hand-counted: `info`'s mapping starts at `title` (line 3, column 3).
        assert_eq!(top.get_index(1).unwrap().1.pos, Pos { line: 3, column: 3 });
    }

    #[test]
    fn literal_blocks_read_as_serde_saphyr_reads_them() {
        for text in [
            "a: |\n  x\n  y\n",
            "a: |-\n  x\n\n  y\nb: 1\n",
            "a: |+\n  x\n\n\nb: 1\n",
            "a: |+\n  x\n",
            "a:\n  b: |2-\n     x\n    y\n",
            "a:\n  - |2-\n     x\n    y\n",
            "a:\n  - b: |2-\n       x\n      y\n",
            "- |\n  # not a comment: here\n  - nor an entry\n- x\n",
            "a: |\n\n  x\n",
        ] {
            same_or_given_up(text);
        }
        assert!(same_or_given_up("a: |2-\n   x\n  y\n"));
    }

    #[test]
    fn what_could_read_differently_is_given_up_on() {
        for text in [
            "a: 1 # note\n",
            "# note\na: 1\n",
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: [1, 2]\n",
            "a: >\n  folded\n",
            "a: b\n  c\n",
            "a: 'b\n  c'\n",
            "? a\n: 1\n",
            "a: 1\na: 2\n",
            "<<: {}\n",
            "- - x\n",
            "---\na: 1\n",
            "\u{feff}a: 1\n",
            "a:\t1\n",
            "a: 1\r\n",
            "a: 1",
            "a: b: c\n",
            "a: 1\n  \n",
            "plain\n",
        ] {
            assert_eq!(read(text), None, "{text:?}");
        }
    }

    #[test]
    fn scalars_resolve_as_serde_saphyr_resolves_them() {
        let words = [
            "~",
            "null",
            "Null",
            "NULL",
            "nULL",
            "true",
            "True",
            "TRUE",
            "tRuE",
            "yes",
            "Yes",
            "y",
            "Y",
            "on",
            "ON",
            "off",
            "no",
            "N",
            "n",
            "false",
            "0",
            "-0",
            "+0",
            "00",
            "012",
            "12",
            "-12",
            "+12",
            "0x1F",
            "0X1F",
            "0o17",
            "0b101",
            "1_000",
            "1__0",
            "3.0.3",
            "1.5",
            "-1.5",
            "1.",
            ".5",
            "1e3",
            "1E3",
            "1e+3",
            "-1e-3",
            ".inf",
            "-.inf",
            "+.inf",
            ".nan",
            "-.nan",
            ".NaN",
            "inf",
            "nan",
            "1e999",
            "9223372036854775807",
            "9223372036854775808",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "123456789012345678",
            "1234567890123456789",
            "2020-01-01",
            "12:30",
            "1:2",
            "-",
            "-x",
            ".",
            "+",
            "v2",
            "/v2/{project_id}",
            "a:b",
            "a, b",
            "a [b]",
            "é",
            "1.0.0-beta",
        ];
        for word in words {
            same_or_given_up(&format!("{word}: {word}\nk: {word}\nl:\n  - {word}\n"));
        }
    }

    #[test]
    fn broken_documents_are_left_to_serde_saphyr_to_report() {
        let seed = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/transcribe/kafka-seed.yaml"),
        )
        .unwrap();
        assert!(read(&seed).is_some(), "the seed is read here");
        let broken = [
            ("  title: ", "  title: ["),
            ("  title: ", "  title: 'open\n"),
            ("  title: ", "  title: \"open\n"),
            ("  title: ", "   title: "),
            ("  title: ", " title: "),
            ("  title: ", "  title "),
            ("  title: ", "  - title: "),
            ("  title: ", "  title: a: "),
            ("  title: ", "\ttitle: "),
            ("  title: ", "  title: \"\\q\""),
            ("  version: ", "  title: "),
            ("info:\n", "info:\n  - x\n"),
            ("info:\n", "info: x\n"),
            ("paths:\n", "paths: |\n"),
        ];
        for (from, to) in broken {
            let text = seed.replacen(from, to, 1);
            assert_ne!(text, seed, "{from:?} is in the seed");
            match saphyr(&text) {
                Err(_) => assert_eq!(
                    read(&text),
                    None,
                    "{to:?}: read here, rejected by serde-saphyr"
                ),
                Ok(_) => {
                    same_or_given_up(&text);
                }
            }
        }
    }

    #[test]
    fn every_spec_of_the_repository_is_read_here_as_serde_saphyr_reads_it() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
        let mut read_here = 0;
        for entry in std::fs::read_dir(&dir).expect("spec/") {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|x| x != "yaml") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let tree = read(&text)
                .unwrap_or_else(|| panic!("{} is not read by the fast reader", path.display()));
            assert_same(&tree, &text, &path.display().to_string());
            read_here += 1;
        }
        assert!(read_here >= 15, "only {read_here} specs");
    }

    #[test]
    fn every_yaml_fixture_reads_as_serde_saphyr_reads_it() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut seen = 0;
        for dir in [
            "tests/fixtures/openapi",
            "tests/fixtures/transcribe",
            "../tests/fixtures/sample",
            "../tests/fixtures/sample/crate",
            "../../shared/openapi-samples",
        ] {
            let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
                continue;
            };
            for entry in entries {
                let path = entry.unwrap().path();
                if !path.extension().is_some_and(|x| x == "yaml" || x == "yml") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                same_or_given_up(&text);
                seen += 1;
            }
        }
        assert!(seen >= 9, "only {seen} YAML fixtures");
    }

    /// A document to write in one of several styles: each scalar carries how it is written.
    #[derive(Debug, Clone)]
    enum Doc {
        Scalar(String, u8),
        Seq(Vec<Doc>),
        Map(Vec<(String, u8, Doc)>),
    }

    /// How a document is laid out: the indentation step, and whether a sequence under a key sits at the key's
    /// indentation.
    #[derive(Debug, Clone, Copy)]
    struct Layout {
        step: usize,
        compact: bool,
    }

    fn pad(out: &mut String, indent: usize) {
        out.extend(std::iter::repeat_n(' ', indent));
    }

    /// Writes scalar `s` in `style`: 0 plain, 1 single-quoted, 2 double-quoted, 3 a literal block (at
    /// `block` indentation, `step` more than its collection) when it has lines, plain otherwise.
    fn write_scalar(out: &mut String, s: &str, style: u8, block: usize, step: usize) {
        match style % 4 {
            1 => {
                out.push('\'');
                out.push_str(&s.replace('\'', "''"));
                out.push('\'');
            }
            2 => {
                out.push('"');
                for c in s.chars() {
                    match c {
                        '"' => out.push_str("\\\""),
                        '\\' => out.push_str("\\\\"),
                        '\n' => out.push_str("\\n"),
                        '\t' => out.push_str("\\t"),
                        c => out.push(c),
                    }
                }
                out.push('"');
            }
            3 if s.contains('\n') => {
                let body = s.trim_end_matches('\n');
                out.push('|');
                if body.starts_with(' ') {
                    out.push_str(&step.to_string());
                }
                out.push(match s.len() - body.len() {
                    0 => '-',
                    1 => ' ',
                    _ => '+',
                });
                for line in s.strip_suffix('\n').unwrap_or(s).split('\n') {
                    out.push('\n');
                    if !line.is_empty() {
                        pad(out, block);
                        out.push_str(line);
                    }
                }
            }
            _ => out.push_str(s),
        }
    }

    fn write_value(out: &mut String, doc: &Doc, indent: usize, layout: Layout) {
        match doc {
            Doc::Map(entries) if !entries.is_empty() => {
                out.push('\n');
                write_map(out, entries, indent + layout.step, layout);
            }
            Doc::Seq(items) if !items.is_empty() => {
                out.push('\n');
                let at = if layout.compact {
                    indent
                } else {
                    indent + layout.step
                };
                write_seq(out, items, at, layout);
            }
            other => {
                out.push(' ');
                write_inline(out, other, indent, layout);
                out.push('\n');
            }
        }
    }

    fn write_inline(out: &mut String, doc: &Doc, indent: usize, layout: Layout) {
        match doc {
            Doc::Scalar(s, style) => {
                write_scalar(out, s, *style, indent + layout.step, layout.step)
            }
            Doc::Seq(_) => out.push_str("[]"),
            Doc::Map(_) => out.push_str("{}"),
        }
    }

    fn write_map(out: &mut String, entries: &[(String, u8, Doc)], indent: usize, layout: Layout) {
        for (i, (key, style, value)) in entries.iter().enumerate() {
            if i > 0 || !out.ends_with("- ") {
                pad(out, indent);
            }
            write_scalar(out, key, style % 3, 0, layout.step);
            out.push(':');
            write_value(out, value, indent, layout);
        }
    }

    fn write_seq(out: &mut String, items: &[Doc], indent: usize, layout: Layout) {
        for item in items {
            pad(out, indent);
            out.push('-');
            match item {
                Doc::Map(entries) if !entries.is_empty() => {
                    out.push(' ');
                    write_map(out, entries, indent + 2, layout);
                }
                Doc::Seq(inner) if !inner.is_empty() => {
                    out.push('\n');
                    write_seq(out, inner, indent + layout.step, layout);
                }
                other => {
                    out.push(' ');
                    write_inline(out, other, indent, layout);
                    out.push('\n');
                }
            }
        }
    }

    fn doc() -> impl proptest::strategy::Strategy<Value = Doc> {
        use proptest::prelude::*;
        let text = prop_oneof![
            "[ a-z0-9:#'\"\\\\.~é_+-]{0,8}",
            "[ a-z:#'-]{0,4}\n[ a-z:#-]{0,4}\n{0,2}",
            proptest::sample::select(vec![
                "true",
                "No",
                "y",
                "null",
                "~",
                "0",
                "012",
                "-0",
                "+1",
                "0x1F",
                "1_000",
                "1e3",
                "-1.5",
                ".inf",
                ".nan",
                "3.0.3",
                "200",
                "9223372036854775808",
                "- x",
                "-x",
                "a: b",
                "a #b",
                "a:b",
                "? x",
                "[a]",
                "{}",
                "&a",
                "*a",
                "!t",
                "|",
                ">",
                "%x",
                "@x",
                "`x",
                "---",
                "...",
                "",
                " x",
                "x ",
                "é: ü",
            ])
            .prop_map(str::to_owned),
        ];
        let leaf = (text.clone(), any::<u8>()).prop_map(|(s, style)| Doc::Scalar(s, style));
        leaf.prop_recursive(4, 40, 5, move |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..5).prop_map(Doc::Seq),
                proptest::collection::vec((text.clone(), any::<u8>(), inner), 0..5)
                    .prop_map(Doc::Map),
            ]
        })
    }

    proptest::proptest! {
        #[test]
        fn generated_documents_read_as_serde_saphyr_reads_them(
            root in doc(),
            step in 2usize..5,
            compact in proptest::bool::ANY,
        ) {
            let layout = Layout { step, compact };
            let mut text = String::new();
            match &root {
                Doc::Map(entries) if !entries.is_empty() => write_map(&mut text, entries, 0, layout),
                Doc::Seq(items) if !items.is_empty() => write_seq(&mut text, items, 0, layout),
                _ => return Ok(()),
            }
            if let Some(tree) = read(&text) {
                match saphyr(&text) {
                    Ok(oracle) => {
                        let difference = first_difference(&tree, &oracle);
                        proptest::prop_assert!(difference.is_none(), "{:?}: {:?}", text, difference);
                    }
                    Err(e) => proptest::prop_assert!(false, "{:?} read here, rejected by serde-saphyr: {}", text, e),
                }
            }
        }
    }
}
