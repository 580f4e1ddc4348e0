//! The one spec tree: a YAML (or JSON) document as nodes that each know their source position.
//!
//! The reader parses spec files into it: typed deserialization stops at the first problem, while walking this
//! tree lets validation report every problem of a file in one run, each with its `line:column`. The
//! transcriber builds, merges and writes the same tree (its nodes have no position, [`Pos::default`]); the
//! key names both use are [`super::keys`].

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;

use indexmap::IndexMap;
use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// A 1-based line and column in the spec file (0 when unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    /// Line, 1-based.
    pub line: u64,
    /// Column, 1-based.
    pub column: u64,
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

impl From<serde_saphyr::Location> for Pos {
    fn from(location: serde_saphyr::Location) -> Self {
        Pos {
            line: location.line(),
            column: location.column(),
        }
    }
}

/// One value with the position where it starts.
///
/// `==` compares values only: positions are ignored, and mappings compare as mappings (the same keys with equal
/// values, in any order), what "the same document" means to the transcriber's read-back check.
/// [`Node::same_in_order`] and [`Node::identical`] are the stricter comparisons.
#[derive(Debug, Clone, Default)]
pub struct Node {
    /// Where the value starts (0:0 for a node built in memory).
    pub pos: Pos,
    /// The value.
    pub value: Value,
}

/// The value of a [`Node`].
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    /// `~`, `null` or nothing.
    #[default]
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer that fits `i64`.
    Int(i64),
    /// An integer above `i64::MAX` (kept exact, so a spec read and written again keeps it).
    UInt(u64),
    /// A float.
    Float(f64),
    /// A string.
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in file (or insertion) order.
    Map(Map),
}

/// A mapping: keys in file or insertion order (so writing a tree twice gives the same bytes without sorting),
/// looked up by their text (`map.get("type")`).
pub type Map = IndexMap<Key, Node>;

/// A mapping key (scalars only; they are read as text) with its position.
///
/// Keys hash, compare and order by their text alone: a [`Map`] is looked up with a `&str`, and a key built in
/// memory equals the same key read from a file.
#[derive(Debug, Clone)]
pub struct Key {
    /// Where the key starts (0:0 for a key built in memory).
    pub pos: Pos,
    /// The key as text.
    pub name: String,
    /// Whether the key was written as text; `false` for a number, boolean or null key read as text (`200:`
    /// unquoted), which other YAML readers do not read as text.
    pub is_text: bool,
}

impl Key {
    /// A key built in memory: text, no position.
    pub fn new(name: impl Into<String>) -> Key {
        Key {
            pos: Pos::default(),
            name: name.into(),
            is_text: true,
        }
    }

    /// The key's text.
    pub fn as_str(&self) -> &str {
        &self.name
    }

    /// The same text, position and spelling (`is_text`).
    pub fn identical(&self, other: &Key) -> bool {
        self.name == other.name && self.pos == other.pos && self.is_text == other.is_text
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        self.name == other.name
    }
}

impl Eq for Key {}

impl std::hash::Hash for Key {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // As the `str` hashes, which `Borrow<str>` requires.
        self.name.as_str().hash(state);
    }
}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Key) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Key {
    fn cmp(&self, other: &Key) -> std::cmp::Ordering {
        self.name.cmp(&other.name)
    }
}

impl Borrow<str> for Key {
    fn borrow(&self) -> &str {
        &self.name
    }
}

/// So that a map is looked up with a `&String` too.
impl Borrow<String> for Key {
    fn borrow(&self) -> &String {
        &self.name
    }
}

impl AsRef<str> for Key {
    fn as_ref(&self) -> &str {
        &self.name
    }
}

impl Deref for Key {
    type Target = str;

    fn deref(&self) -> &str {
        &self.name
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

impl PartialEq<str> for Key {
    fn eq(&self, other: &str) -> bool {
        self.name == other
    }
}

impl PartialEq<&str> for Key {
    fn eq(&self, other: &&str) -> bool {
        self.name == *other
    }
}

impl PartialEq<String> for Key {
    fn eq(&self, other: &String) -> bool {
        self.name == *other
    }
}

impl PartialEq<Key> for str {
    fn eq(&self, other: &Key) -> bool {
        self == other.name
    }
}

impl PartialEq<Key> for &str {
    fn eq(&self, other: &Key) -> bool {
        *self == other.name
    }
}

impl PartialEq<Key> for String {
    fn eq(&self, other: &Key) -> bool {
        *self == other.name
    }
}

impl From<&str> for Key {
    fn from(name: &str) -> Key {
        Key::new(name)
    }
}

impl From<String> for Key {
    fn from(name: String) -> Key {
        Key::new(name)
    }
}

impl From<&String> for Key {
    fn from(name: &String) -> Key {
        Key::new(name.as_str())
    }
}

impl From<Key> for String {
    fn from(key: Key) -> String {
        key.name
    }
}

impl Value {
    /// What kind of value this is, for error messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Int(_) | Value::UInt(_) => "an integer",
            Value::Float(_) => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

impl PartialEq for Node {
    fn eq(&self, other: &Node) -> bool {
        self.value == other.value
    }
}

impl Node {
    /// `null`, built in memory.
    pub const NULL: Node = Node {
        pos: Pos { line: 0, column: 0 },
        value: Value::Null,
    };

    /// A mapping built in memory.
    pub fn map(map: Map) -> Node {
        Value::Map(map).into()
    }

    /// A sequence built in memory.
    pub fn seq(items: Vec<Node>) -> Node {
        Value::Seq(items).into()
    }

    /// Text built in memory.
    pub fn str(s: impl Into<String>) -> Node {
        Value::Str(s.into()).into()
    }

    /// An integer built in memory.
    pub fn int(i: i64) -> Node {
        Value::Int(i).into()
    }

    /// A boolean built in memory.
    pub fn bool(b: bool) -> Node {
        Value::Bool(b).into()
    }

    /// What kind of value this is, for error messages.
    pub fn kind(&self) -> &'static str {
        self.value.kind()
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// The mapping, if this is one.
    pub fn as_map(&self) -> Option<&Map> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The mapping, mutably, if this is one.
    pub fn as_map_mut(&mut self) -> Option<&mut Map> {
        match &mut self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The sequence, if this is one.
    pub fn as_seq(&self) -> Option<&Vec<Node>> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }

    /// The sequence, mutably, if this is one.
    pub fn as_seq_mut(&mut self) -> Option<&mut Vec<Node>> {
        match &mut self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }

    /// The text, if this is text.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// `self[key]` for a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map().and_then(|m| m.get(key))
    }

    /// Follows a path of mapping keys.
    pub fn path(&self, keys: &[&str]) -> Option<&Node> {
        keys.iter().try_fold(self, |n, k| n.get(k))
    }

    /// Equal values, with every mapping's keys in the same order (positions ignored).
    pub fn same_in_order(&self, other: &Node) -> bool {
        match (&self.value, &other.value) {
            (Value::Seq(a), Value::Seq(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same_in_order(y))
            }
            (Value::Map(a), Value::Map(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .zip(b)
                        .all(|((ka, va), (kb, vb))| ka == kb && va.same_in_order(vb))
            }
            (a, b) => a == b,
        }
    }

    /// [`Node::same_in_order`], and every node and key at the same position, every key spelt the same way.
    pub fn identical(&self, other: &Node) -> bool {
        if self.pos != other.pos {
            return false;
        }
        match (&self.value, &other.value) {
            (Value::Seq(a), Value::Seq(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.identical(y))
            }
            (Value::Map(a), Value::Map(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .zip(b)
                        .all(|((ka, va), (kb, vb))| ka.identical(kb) && va.identical(vb))
            }
            (a, b) => a == b,
        }
    }

    /// Parses JSON text (a page's example) into a tree built in memory, keeping the key order of every object;
    /// a duplicate key is an error.
    pub fn from_json(text: &str) -> Result<Node, serde_json::Error> {
        let mut de = serde_json::Deserializer::from_str(text);
        let node = JsonSeed.deserialize(&mut de)?;
        de.end()?;
        Ok(node)
    }

    /// The value as a JSON value (for examples), keeping mapping order.
    pub fn to_json(&self) -> serde_json::Value {
        match &self.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Int(i) => serde_json::Value::from(*i),
            Value::UInt(u) => serde_json::Value::from(*u),
            Value::Float(x) => serde_json::Number::from_f64(*x)
                .map_or(serde_json::Value::Null, serde_json::Value::Number),
            Value::Str(s) => serde_json::Value::String(s.clone()),
            Value::Seq(items) => items.iter().map(Node::to_json).collect(),
            Value::Map(entries) => serde_json::Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.name.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

impl From<Value> for Node {
    fn from(value: Value) -> Node {
        Node {
            pos: Pos::default(),
            value,
        }
    }
}

impl From<&str> for Node {
    fn from(s: &str) -> Node {
        Node::str(s)
    }
}

impl From<String> for Node {
    fn from(s: String) -> Node {
        Node::str(s)
    }
}

impl From<bool> for Node {
    fn from(b: bool) -> Node {
        Node::bool(b)
    }
}

impl From<Map> for Node {
    fn from(m: Map) -> Node {
        Node::map(m)
    }
}

impl From<Vec<Node>> for Node {
    fn from(v: Vec<Node>) -> Node {
        Node::seq(v)
    }
}

/// Builds a [`Node`] from JSON (the pages' examples), keeping key order; serde_json gives no spans, so the
/// nodes have no position.
struct JsonSeed;

impl<'de> DeserializeSeed<'de> for JsonSeed {
    type Value = Node;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(i64::try_from(v).map_or(Value::UInt(v), Value::Int).into())
    }
    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Value::Float(v).into())
    }
    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::str(v))
    }
    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::str(v))
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::NULL)
    }
    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::NULL)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        JsonSeed.deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(JsonSeed)? {
            items.push(item);
        }
        Ok(Node::seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Node, A::Error> {
        let mut map = Map::new();
        // JSON object keys are always text.
        while let Some(key) = access.next_key::<String>()? {
            if map.contains_key(key.as_str()) {
                return Err(de::Error::custom(format!("duplicate key `{key}`")));
            }
            let value = access.next_value_seed(JsonSeed)?;
            map.insert(Key::new(key), value);
        }
        Ok(Node::map(map))
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<Value>::deserialize(deserializer)?;
        Ok(Node {
            pos: spanned.referenced.into(),
            value: spanned.value,
        })
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<Value>::deserialize(deserializer)?;
        let is_text = matches!(spanned.value, Value::Str(_));
        let name = match spanned.value {
            Value::Str(s) => s,
            Value::Int(i) => i.to_string(),
            Value::UInt(u) => u.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Float(x) => x.to_string(),
            Value::Null => "null".to_owned(),
            other => {
                return Err(de::Error::custom(format!(
                    "a mapping key must be a scalar, found {}",
                    other.kind()
                )));
            }
        };
        Ok(Key {
            pos: spanned.referenced.into(),
            name,
            is_text,
        })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::UInt(v), Value::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Map::new();
        while let Some(key) = map.next_key::<Key>()? {
            // Keys that differ as YAML but read as the same text (`1:` and `'1':`) are one key to the reader.
            if entries.contains_key(key.as_str()) {
                return Err(de::Error::custom(format!("duplicate key `{key}`")));
            }
            let value = map.next_value::<Node>()?;
            entries.insert(key, value);
        }
        Ok(Value::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Entry `i` of mapping `m`, which the test knows is there.
    fn entry(m: &Map, i: usize) -> (&Key, &Node) {
        m.get_index(i).expect("the entry is there")
    }

    #[test]
    fn positions_are_kept_at_every_depth() {
        let text = "a:\n  b: [1, x]\n  'c': {d: ~}\n";
        let root: Node = serde_saphyr::from_str(text).unwrap();
        let Value::Map(top) = &root.value else {
            panic!("not a map: {root:?}")
        };
        assert_eq!(entry(top, 0).0.name, "a");
        assert_eq!(entry(top, 0).0.pos, Pos { line: 1, column: 1 });
        let Value::Map(inner) = &entry(top, 0).1.value else {
            panic!()
        };
        assert_eq!(entry(inner, 0).0.pos, Pos { line: 2, column: 3 });
        let Value::Seq(items) = &entry(inner, 0).1.value else {
            panic!()
        };
        assert_eq!(
            items[1].pos,
            Pos {
                line: 2,
                column: 10
            }
        );
        assert_eq!(items[1].value, Value::Str("x".into()));
        assert_eq!(entry(inner, 1).0.name, "c");
        let Value::Map(d) = &entry(inner, 1).1.value else {
            panic!()
        };
        assert_eq!(entry(d, 0).1.value, Value::Null);
    }

    #[test]
    fn duplicate_keys_are_rejected_with_a_position() {
        let err = serde_saphyr::from_str::<Node>("a: 1\na: 2\n").unwrap_err();
        let location = err.location().expect("location");
        assert_eq!(location.line(), 2);
    }

    #[test]
    fn keys_that_read_as_the_same_text_are_duplicates() {
        assert!(serde_saphyr::from_str::<Node>("1: a\n'1': b\n").is_err());
        assert!(Node::from_json(r#"{"a": 1, "a": 2}"#).is_err());
    }

    #[test]
    fn mappings_are_looked_up_by_text() {
        let root: Node = serde_saphyr::from_str("200: a\n'x': {z: 1}\n").unwrap();
        assert_eq!(root.get("200"), Some(&Node::str("a")));
        assert_eq!(root.path(&["x", "z"]), Some(&Node::int(1)));
        let m = root.as_map().unwrap();
        assert!(!entry(m, 0).0.is_text && entry(m, 1).0.is_text);
        assert_eq!(
            m["x"],
            Node::map(Map::from_iter([("z".into(), Node::int(1))]))
        );
    }

    #[test]
    fn equality_ignores_positions_and_key_order_the_stricter_ones_do_not() {
        let read: Node = serde_saphyr::from_str("a: 1\nb: [x]\n").unwrap();
        let built = Node::map(Map::from_iter([
            ("a".into(), Node::int(1)),
            ("b".into(), Node::seq(vec![Node::str("x")])),
        ]));
        let swapped = Node::map(Map::from_iter([
            ("b".into(), Node::seq(vec![Node::str("x")])),
            ("a".into(), Node::int(1)),
        ]));
        assert_eq!(read, built);
        assert_eq!(read, swapped);
        assert!(read.same_in_order(&built) && !read.same_in_order(&swapped));
        assert!(!read.identical(&built) && read.identical(&read.clone()));
        // Sequences keep their order under `==`.
        assert_ne!(
            Node::seq(vec![Node::int(1), Node::int(2)]),
            Node::seq(vec![Node::int(2), Node::int(1)])
        );
        assert_ne!(read, Node::NULL);
    }

    #[test]
    fn json_keeps_key_order() {
        let n = Node::from_json(r#"{"b": 1, "a": [true, null, 1.5, "x"], "c": {"z": 0, "y": -1}}"#)
            .expect("valid JSON");
        let keys: Vec<&str> = n
            .as_map()
            .map(|m| m.keys().map(Key::as_str).collect())
            .unwrap_or_default();
        assert_eq!(keys, ["b", "a", "c"]);
        assert_eq!(
            n.get("a"),
            Some(&Node::seq(vec![
                Node::bool(true),
                Node::NULL,
                Value::Float(1.5).into(),
                Node::str("x")
            ]))
        );
        assert_eq!(n.path(&["c", "y"]), Some(&Node::int(-1)));
        assert_eq!(
            Node::from_json("18446744073709551615")
                .ok()
                .map(|n| n.value),
            Some(Value::UInt(u64::MAX))
        );
    }

    #[test]
    fn json_rejects_trailing_text() {
        assert!(Node::from_json("{} x").is_err());
        assert!(Node::from_json("success").is_err());
    }
}
