//! An ordered JSON/YAML tree: what the transcriber builds, merges and writes.
//!
//! Key order is the order of insertion (an [`IndexMap`]), so two runs over the same input give the same bytes
//! without any sorting pass. Examples from the pages are parsed into it straight from JSON, keeping the
//! page's key order. A spec file is never read here: it goes through the one spec loader
//! ([`crate::spec::read_tree`]), and [`Node::from_tree`] turns the positioned tree into this one.

use crate::spec::yaml;
use indexmap::IndexMap;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// One value of the document.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer that fits `i64`.
    Int(i64),
    /// An integer above `i64::MAX`.
    UInt(u64),
    /// A floating-point number.
    Float(f64),
    /// Text.
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping with text keys, in insertion order.
    Map(Map),
}

/// A mapping with text keys, in insertion order.
pub type Map = IndexMap<String, Node>;

impl Node {
    /// A text node.
    pub fn str(s: impl Into<String>) -> Node {
        Node::Str(s.into())
    }

    /// The mapping, if this is one.
    pub fn as_map(&self) -> Option<&Map> {
        match self {
            Node::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The mapping, mutably, if this is one.
    pub fn as_map_mut(&mut self) -> Option<&mut Map> {
        match self {
            Node::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The sequence, if this is one.
    pub fn as_seq(&self) -> Option<&Vec<Node>> {
        match self {
            Node::Seq(s) => Some(s),
            _ => None,
        }
    }

    /// The text, if this is text.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::Str(s) => Some(s),
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

    /// Parses JSON text, keeping the key order of every object.
    pub fn from_json(text: &str) -> Result<Node, serde_json::Error> {
        let mut de = serde_json::Deserializer::from_str(text);
        let node = NodeSeed.deserialize(&mut de)?;
        de.end()?;
        Ok(node)
    }

    /// The tree the spec loader read (positions dropped, key order kept; keys are their text, as the reader
    /// takes them). The loader has already rejected duplicate keys and bounded the tree by its budget.
    pub fn from_tree(tree: &yaml::Node) -> Node {
        match &tree.value {
            yaml::Value::Null => Node::Null,
            yaml::Value::Bool(b) => Node::Bool(*b),
            yaml::Value::Int(i) => Node::Int(*i),
            yaml::Value::UInt(u) => Node::UInt(*u),
            yaml::Value::Float(f) => Node::Float(*f),
            yaml::Value::Str(s) => Node::Str(s.clone()),
            yaml::Value::Seq(items) => Node::Seq(items.iter().map(Node::from_tree).collect()),
            yaml::Value::Map(entries) => Node::Map(
                entries
                    .iter()
                    .map(|(key, value)| (key.name.clone(), Node::from_tree(value)))
                    .collect(),
            ),
        }
    }

    /// A short name of the node's kind, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Node::Null => "null",
            Node::Bool(_) => "a boolean",
            Node::Int(_) | Node::UInt(_) => "an integer",
            Node::Float(_) => "a number",
            Node::Str(_) => "text",
            Node::Seq(_) => "a sequence",
            Node::Map(_) => "a mapping",
        }
    }
}

impl From<&str> for Node {
    fn from(s: &str) -> Node {
        Node::Str(s.to_owned())
    }
}

impl From<String> for Node {
    fn from(s: String) -> Node {
        Node::Str(s)
    }
}

impl From<bool> for Node {
    fn from(b: bool) -> Node {
        Node::Bool(b)
    }
}

impl From<Map> for Node {
    fn from(m: Map) -> Node {
        Node::Map(m)
    }
}

impl From<Vec<Node>> for Node {
    fn from(v: Vec<Node>) -> Node {
        Node::Seq(v)
    }
}

/// Builds a [`Node`] from JSON (the pages' examples), keeping key order.
struct NodeSeed;

impl<'de> DeserializeSeed<'de> for NodeSeed {
    type Value = Node;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON or YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Int(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(i64::try_from(v).map_or(Node::UInt(v), Node::Int))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Float(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(v))
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        NodeSeed.deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(NodeSeed)? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Node, A::Error> {
        let mut map = Map::new();
        while let Some(key) = access.next_key_seed(NodeSeed)? {
            // JSON object keys are always text.
            let Node::Str(key) = key else {
                return Err(de::Error::custom(format!(
                    "a mapping key must be text, found {}",
                    key.kind()
                )));
            };
            let value = access.next_value_seed(NodeSeed)?;
            if map.insert(key.clone(), value).is_some() {
                return Err(de::Error::custom(format!("duplicate key `{key}`")));
            }
        }
        Ok(Node::Map(map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_keeps_key_order() {
        let n = Node::from_json(r#"{"b": 1, "a": [true, null, 1.5, "x"], "c": {"z": 0, "y": -1}}"#)
            .expect("valid JSON");
        let keys: Vec<_> = n
            .as_map()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        assert_eq!(keys, ["b", "a", "c"]);
        assert_eq!(
            n.get("a"),
            Some(&Node::Seq(vec![
                Node::Bool(true),
                Node::Null,
                Node::Float(1.5),
                Node::str("x")
            ]))
        );
        assert_eq!(n.path(&["c", "y"]), Some(&Node::Int(-1)));
    }

    #[test]
    fn json_rejects_trailing_text() {
        assert!(Node::from_json("{} x").is_err());
        assert!(Node::from_json("success").is_err());
    }
}
