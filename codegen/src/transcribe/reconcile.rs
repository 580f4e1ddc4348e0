//! Reconciling a page's tables with the page's own examples (spec/README.md, "Reconciled with the examples").
//!
//! The tables are the transcription; the examples are what the service was seen to send. Where they disagree
//! the spec keeps the table and adds what only the example says:
//!
//! - a key of an example that no table row documents is added to its object's schema, typed from the example
//!   value (objects and arrays recursively) and marked `x-from-example: true`;
//! - a value whose JSON type differs from its row's type marks the property `x-example-type: <type>`
//!   (`integer`, `number`, `string` or `boolean`), and the generator and the emulator accept both spellings
//!   where that is safe;
//! - a value in another shape than its row's type that still reads as the row's value without loss (a list of
//!   the documented objects, one object for a documented list, `""` for an object, an object for a text) marks
//!   the property `x-example-shape: <shape>` ([`Shape`]); other shapes stay type conflicts;
//! - an integer past int32 in a row the table types `Integer` (int32: millisecond timestamps) widens the
//!   property to int64, which is what the service sends and decodes every int32 too;
//! - a key that is most likely a misspelling of a documented field the example lacks (edit distance 1–2:
//!   `deliver_time_interva`), and keys that belong to the nested table of a wrapper field the example leaves
//!   out (ShowGroup's flat example of `group`), are not added: they are remarks in the report and lint
//!   findings, so nothing is dropped silently.
//!
//! The same walk gives `codegen lint` its findings ([`compare`]), so the lint and the spec cannot disagree.

use super::labels::{self, TypeSpec};
use super::link::Links;
use super::page::{Group, Line, Page, Row, Text};
use crate::spec::keys;
use crate::spec::yaml::{Key, Map, Node, Value};

/// How deep the walk follows nested example objects and arrays; deeper values are left as they are. Page
/// examples nest four or five levels; this only stops a pathological page from exhausting the stack.
pub(crate) const MAX_DEPTH: usize = 32;

/// The longest edit distance at which an unknown example key is taken for a misspelt table field.
const TYPO_DISTANCE: usize = 2;

/// Names shorter than this are never called typos of each other (`id` and `ip` are different fields).
const TYPO_MIN_LEN: usize = 4;

/// One step from a property's schema into the schema of its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// An array's `items`.
    Items,
    /// A map's `additionalProperties`.
    Values,
}

/// What an example says that its tables do not.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    /// `key` is in no row of table `table`; `value` is the example's value.
    ExampleOnly {
        /// The table (0 the top table of the body).
        table: usize,
        /// The example's key.
        key: String,
        /// The example's value.
        value: Node,
    },
    /// The value of row `row` of table `table` (after `route` into arrays and maps) has another JSON type.
    TypeConflict {
        /// The table.
        table: usize,
        /// The row.
        row: usize,
        /// From the property's schema to the one the value belongs to.
        route: Vec<Step>,
        /// The row's type cell, as written.
        documented: String,
        /// The example value's JSON type (`integer`, `number`, `string`, `boolean`, `array`, `object`).
        example: &'static str,
    },
    /// The value of row `row` of table `table` (after `route`) has another shape than the row's type, one that
    /// reads safely as the documented value ([`Shape`]): the property is marked `x-example-shape: <shape>`.
    ShapeConflict {
        /// The table.
        table: usize,
        /// The row.
        row: usize,
        /// From the property's schema to the one the value belongs to.
        route: Vec<Step>,
        /// The row's type cell, as written.
        documented: String,
        /// The example value's JSON type.
        example: &'static str,
        /// How the value reads as the documented one.
        shape: Shape,
    },
    /// An integer past int32 in row `row` of table `table`, which the table types `Integer` (int32).
    PastInt32 {
        /// The table.
        table: usize,
        /// The row.
        row: usize,
        /// From the property's schema to the one the value belongs to.
        route: Vec<Step>,
        /// The row's type cell, as written.
        documented: String,
        /// The example's integer, as written.
        value: String,
    },
    /// A text value outside the values the row's description enumerates.
    NotInEnum {
        /// The example's value.
        value: String,
        /// The documented values.
        allowed: Vec<String>,
    },
    /// The unknown key `key` is most likely the documented field `field`, which the example lacks.
    LikelyTypo {
        /// The example's key.
        key: String,
        /// The table's field.
        field: String,
    },
    /// The example gives the fields of `wrapper`'s table directly, without the `wrapper` object around them.
    Unwrapped {
        /// The documented field the example leaves out.
        wrapper: String,
        /// The example's keys that are fields of `wrapper`'s table.
        keys: Vec<String>,
    },
    /// `null` for the mandatory row `row` of table `table`: the field is there, without a value.
    NullForMandatory {
        /// The table.
        table: usize,
        /// The row.
        row: usize,
        /// The row's type cell, as written.
        documented: String,
    },
    /// The mandatory row `row` of table `table`, which the example object lacks.
    RequiredAbsent {
        /// The table.
        table: usize,
        /// The row.
        row: usize,
        /// The field.
        field: String,
    },
}

/// A shape an example gives where its table documents another, and that still reads as the documented value
/// without losing anything (spec/README.md, `x-example-shape`). Other shape conflicts (an object where a list
/// of strings is documented, an object of other keys than the table's) have no safe reading: they stay
/// type conflicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// An array of the documented values where the table documents one (an object with the table's fields, a
    /// text): the value is a list of them, and one alone is read as a list of one.
    Array,
    /// One value of the documented array's items where the table documents the array: read as a list of one.
    Single,
    /// `""` where an object is documented, or `{}` where a text is: nothing is set, read as absent.
    Empty,
    /// A JSON object or array where the table documents a text: the text is its JSON.
    Json,
}

impl Shape {
    /// The value of `x-example-shape`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Shape::Array => "array",
            Shape::Single => "single",
            Shape::Empty => "empty",
            Shape::Json => "json",
        }
    }
}

/// One finding, at a line of the page (0-based index).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Finding {
    /// The example line the finding is about.
    pub at: usize,
    /// Where in the example: `body.node_cnt`, `200.instances[].ipv6_enable`.
    pub path: String,
    /// What.
    pub kind: Kind,
}

impl Finding {
    /// What makes two findings the same defect (array elements repeat their keys).
    fn identity(&self) -> String {
        let what = match &self.kind {
            Kind::ExampleOnly { .. } => "only".to_owned(),
            Kind::TypeConflict { example, .. } | Kind::ShapeConflict { example, .. } => {
                format!("type {example}")
            }
            Kind::PastInt32 { .. } => "int64".to_owned(),
            Kind::NotInEnum { value, .. } => format!("enum {value}"),
            Kind::LikelyTypo { .. } => "typo".to_owned(),
            Kind::Unwrapped { .. } => "unwrapped".to_owned(),
            Kind::RequiredAbsent { .. } => "required".to_owned(),
            Kind::NullForMandatory { .. } => "null".to_owned(),
        };
        format!("{}\u{0}{what}", self.path)
    }
}

/// Drops repeated findings (the same path and defect, from another array element or example), keeping the
/// first.
pub(crate) fn dedup(findings: Vec<Finding>) -> Vec<Finding> {
    let mut seen = std::collections::HashSet::new();
    findings
        .into_iter()
        .filter(|f| seen.insert(f.identity()))
        .collect()
}

/// The JSON type of an example value, as `x-example-type` and the lint spell it.
pub(crate) fn json_type(v: &Node) -> &'static str {
    match &v.value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Int(_) | Value::UInt(_) => "integer",
        Value::Float(_) => "number",
        Value::Str(_) => "string",
        Value::Seq(_) => "array",
        Value::Map(_) => "object",
    }
}

/// Compares one example (`value`, its code block spanning lines `first..=last`) with the tables of `group`.
/// `what` starts the paths (`body`, `200`); `array_of`: the body is an array of the top table's objects
/// ([`array_body`]).
pub(crate) fn compare(
    lines: &[Line],
    (first, last): (usize, usize),
    group: &Group,
    links: &Links,
    (value, array_of): (&Node, bool),
    what: &str,
) -> Vec<Finding> {
    let mut walk = Walk {
        group,
        links,
        lines,
        last,
        cursor: first,
        out: Vec::new(),
    };
    match &value.value {
        // The body is an array of the top table's objects ([`array_body`]): each element is one.
        Value::Seq(items) if array_of => {
            for item in items {
                walk.object(0, item, &format!("{what}[]"), 0);
            }
        }
        _ => walk.object(0, value, what, 0),
    }
    // A failure's body given beside the success example of its status lacks the success's fields because
    // it is another answer, not because the service omits them.
    if is_error_example(value) {
        walk.out
            .retain(|f| !matches!(f.kind, Kind::RequiredAbsent { .. }));
    }
    walk.out
}

/// A walk over one example, in its text order (so each key's line is found after the previous one's).
struct Walk<'a> {
    group: &'a Group,
    links: &'a Links,
    lines: &'a [Line],
    last: usize,
    cursor: usize,
    out: Vec<Finding>,
}

impl Walk<'_> {
    /// The line of the next `"key"` of the example at or after the current one (the current one if the
    /// text does not have it, as when the example is not pretty-printed).
    fn locate(&mut self, key: &str) -> usize {
        let needle = format!("\"{key}\"");
        let end = self.last.min(self.lines.len().saturating_sub(1));
        if let Some(i) = (self.cursor..=end).find(|&i| self.lines[i].text.contains(&needle)) {
            self.cursor = i;
        }
        self.cursor
    }

    fn object(&mut self, t: usize, value: &Node, path: &str, depth: usize) {
        let (Some(table), Value::Map(m)) = (self.group.table(t), &value.value) else {
            return;
        };
        if depth > MAX_DEPTH || super::build::is_bare_value(table) {
            return;
        }
        let at_object = self.cursor;
        let mut unknown: Vec<(usize, &str, &Node)> = Vec::new();
        // A `{User defined key}` row: every key the table does not name is one of its entries.
        let placeholder = table
            .rows
            .iter()
            .position(|r| labels::is_key_placeholder(&r.name.text));
        for (k, v) in m {
            let at = self.locate(k);
            match table.rows.iter().position(|r| r.name.text == *k) {
                None if let Some(r) = placeholder => {
                    let row = &table.rows[r];
                    let child = self
                        .links
                        .child
                        .get(t)
                        .and_then(|rows| rows.get(r).copied().flatten());
                    // The row spells the whole object's type (`Map<String,ResponseInfoResp>`), as the
                    // schema reads it; `Object` is any value.
                    let values = match &row.ty {
                        TypeSpec::Map(inner) => inner.as_ref(),
                        TypeSpec::Object if child.is_none() => &TypeSpec::Any,
                        ty => ty,
                    };
                    let field = Field { t, r, row, child };
                    self.typed(
                        &field,
                        values,
                        &mut Vec::new(),
                        v,
                        &format!("{path}.{k}"),
                        depth,
                    );
                }
                None => unknown.push((at, k, v)),
                Some(r) => {
                    let row = &table.rows[r];
                    let child = self
                        .links
                        .child
                        .get(t)
                        .and_then(|rows| rows.get(r).copied().flatten());
                    let field = Field { t, r, row, child };
                    self.typed(
                        &field,
                        &row.ty,
                        &mut Vec::new(),
                        v,
                        &format!("{path}.{k}"),
                        depth,
                    );
                }
            }
        }
        let absent: Vec<(usize, &Row)> = table
            .rows
            .iter()
            .enumerate()
            // `"group": null` beside group's fields (ShowGroup) leaves the wrapper out as much as no key does.
            .filter(|(_, r)| {
                r.name.text != "-"
                    && !labels::is_key_placeholder(&r.name.text)
                    && m.get(&r.name.text).is_none_or(|v| *v == Node::NULL)
            })
            .collect();
        let mut explained: Vec<&str> = Vec::new();
        // A wrapper the example leaves out: most unknown keys are fields of one absent row's table.
        for &(r, row) in &absent {
            let Some(c) = self
                .links
                .child
                .get(t)
                .and_then(|rows| rows.get(r).copied().flatten())
            else {
                continue;
            };
            let Some(inner) = self.group.table(c) else {
                continue;
            };
            let keys: Vec<&str> = unknown
                .iter()
                .map(|u| u.1)
                .filter(|k| inner.rows.iter().any(|ir| ir.name.text == *k))
                .collect();
            if !keys.is_empty()
                && (keys.len() >= 2 || keys.len() == unknown.len())
                && keys.len() * 2 >= unknown.len()
            {
                let at = unknown
                    .iter()
                    .find(|u| u.1 == keys[0])
                    .map_or(at_object, |u| u.0);
                self.out.push(Finding {
                    at,
                    path: path.to_owned(),
                    kind: Kind::Unwrapped {
                        wrapper: row.name.text.clone(),
                        keys: keys.iter().map(|k| (*k).to_owned()).collect(),
                    },
                });
                explained.push(&row.name.text);
                unknown.retain(|u| !keys.contains(&u.1));
                break;
            }
        }
        for (at, key, v) in unknown {
            let typo = absent
                .iter()
                .map(|(_, row)| row.name.text.as_str())
                .filter(|f| !explained.contains(f))
                .find(|f| is_likely_typo(key, f));
            let kind = match typo {
                Some(field) => {
                    explained.push(field);
                    Kind::LikelyTypo {
                        key: key.to_owned(),
                        field: field.to_owned(),
                    }
                }
                None => Kind::ExampleOnly {
                    table: t,
                    key: key.to_owned(),
                    value: v.clone(),
                },
            };
            self.out.push(Finding {
                at,
                path: format!("{path}.{key}"),
                kind,
            });
        }
        for (r, row) in absent {
            if row.mandatory == Some(true)
                && !m.contains_key(&row.name.text)
                && !explained.contains(&row.name.text.as_str())
            {
                self.out.push(Finding {
                    at: at_object,
                    path: format!("{path}.{}", row.name.text),
                    kind: Kind::RequiredAbsent {
                        table: t,
                        row: r,
                        field: row.name.text.clone(),
                    },
                });
            }
        }
    }

    fn typed(
        &mut self,
        field: &Field<'_>,
        ty: &TypeSpec,
        route: &mut Vec<Step>,
        v: &Node,
        path: &str,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        let ok = match (ty, &v.value) {
            // The field itself (not an element of it) is `null` although the table makes it mandatory.
            (_, Value::Null) if route.is_empty() && field.row.mandatory == Some(true) => {
                self.out.push(Finding {
                    at: self.cursor,
                    path: path.to_owned(),
                    kind: Kind::NullForMandatory {
                        table: field.t,
                        row: field.r,
                        documented: field.row.type_text.text.clone(),
                    },
                });
                true
            }
            // The elements of a bare `list` / `Array` row that links a table (`see Table 5`) are that table's
            // objects (the schema's items are its `$ref`): their keys are checked like a `Table(_)` row's.
            (TypeSpec::Any, Value::Map(_)) if field.child.is_some() => {
                if let Some(c) = field.child {
                    self.object(c, v, path, depth + 1);
                }
                true
            }
            // Any JSON value (a bare `list`'s elements, a member whose page gives `None` as its type).
            (_, Value::Null) | (TypeSpec::Any, _) | (TypeSpec::File, Value::Str(_)) => true,
            (TypeSpec::String, Value::Str(s)) => {
                let allowed = documented_values(&field.row.description);
                // An empty text is "not set", not a value.
                if !s.is_empty() && !allowed.is_empty() && !allowed.iter().any(|a| a == s) {
                    self.out.push(Finding {
                        at: self.cursor,
                        path: path.to_owned(),
                        kind: Kind::NotInEnum {
                            value: s.clone(),
                            allowed,
                        },
                    });
                }
                true
            }
            (TypeSpec::Integer, Value::Int(_) | Value::UInt(_)) => {
                self.integer_width(field, route, v, path);
                true
            }
            (TypeSpec::Long, Value::Int(_) | Value::UInt(_))
            | (
                TypeSpec::Double | TypeSpec::Float | TypeSpec::Number,
                Value::Int(_) | Value::UInt(_) | Value::Float(_),
            )
            | (TypeSpec::Boolean, Value::Bool(_)) => true,
            // `Object` with no table of its own is any object; one whose row links a table (`Object` /
            // `For details, see Table 3.`, as older pages spell it) is that table, like `Table(_)`.
            (TypeSpec::Object, Value::Map(_)) if field.child.is_none() => true,
            (TypeSpec::Map(inner), Value::Map(m)) => {
                route.push(Step::Values);
                for (k, item) in m {
                    self.locate(k);
                    self.typed(field, inner, route, item, &format!("{path}.{k}"), depth + 1);
                }
                route.pop();
                true
            }
            (TypeSpec::Array(inner), Value::Seq(items)) => {
                route.push(Step::Items);
                for item in items {
                    self.typed(field, inner, route, item, &format!("{path}[]"), depth + 1);
                }
                route.pop();
                true
            }
            (TypeSpec::Table(_) | TypeSpec::Object, Value::Map(_)) => {
                if let Some(c) = field.child {
                    self.object(c, v, path, depth + 1);
                }
                true
            }
            _ => false,
        };
        if ok {
            return;
        }
        let shape = self.shape(field, ty, v);
        let (at, documented) = (self.cursor, field.row.type_text.text.clone());
        let (table, row, example) = (field.t, field.r, json_type(v));
        self.out.push(Finding {
            at,
            path: path.to_owned(),
            kind: match shape {
                Some(shape) => Kind::ShapeConflict {
                    table,
                    row,
                    route: route.clone(),
                    documented,
                    example,
                    shape,
                },
                None => Kind::TypeConflict {
                    table,
                    row,
                    route: route.clone(),
                    documented,
                    example,
                },
            },
        });
        // The values read as the documented ones are checked like them (their tables' keys, their types).
        match (shape, &v.value) {
            (Some(Shape::Array), Value::Seq(items)) => {
                for item in items {
                    self.typed(field, ty, route, item, &format!("{path}[]"), depth + 1);
                }
            }
            (Some(Shape::Single), _) => {
                if let TypeSpec::Array(inner) = ty {
                    route.push(Step::Items);
                    self.typed(field, inner, route, v, path, depth + 1);
                    route.pop();
                }
            }
            _ => {}
        }
    }

    /// How `v`, which is not a value of `ty`, still reads safely as one ([`Shape`]), if it does.
    fn shape(&self, field: &Field<'_>, ty: &TypeSpec, v: &Node) -> Option<Shape> {
        // A `{User defined key}` row stands for the entries of a map, no property a reading could mark.
        if labels::is_key_placeholder(&field.row.name.text) {
            return None;
        }
        let object_like = matches!(ty, TypeSpec::Table(_) | TypeSpec::Object | TypeSpec::Map(_))
            || (*ty == TypeSpec::Any && field.child.is_some());
        match (ty, &v.value) {
            (TypeSpec::Array(_), Value::Seq(_)) => None,
            (_, Value::Seq(items))
                if !items.is_empty() && items.iter().all(|i| self.fits(field, ty, i)) =>
            {
                Some(Shape::Array)
            }
            (TypeSpec::Array(inner), _) if self.fits(field, inner, v) => Some(Shape::Single),
            (_, Value::Str(s)) if s.is_empty() && object_like => Some(Shape::Empty),
            (TypeSpec::String, Value::Map(m)) if m.is_empty() => Some(Shape::Empty),
            // A text row that links a table is that table's object (the schema is its `$ref`), not a text.
            (TypeSpec::String, Value::Map(_) | Value::Seq(_)) if field.child.is_none() => {
                Some(Shape::Json)
            }
            _ => None,
        }
    }

    /// Whether `v` is a value of `ty` at its top: the JSON type, and for an object of a linked table, keys of
    /// which at least half are the table's fields (an object of other keys is another thing, not the table's).
    fn fits(&self, field: &Field<'_>, ty: &TypeSpec, v: &Node) -> bool {
        let table_keys = |m: &Map| {
            let Some(table) = field.child.and_then(|c| self.group.table(c)) else {
                return true;
            };
            let known = m
                .keys()
                .filter(|k| table.rows.iter().any(|r| r.name.text == k.as_str()))
                .count();
            known >= 1 && known * 2 >= m.len()
        };
        match (ty, &v.value) {
            (TypeSpec::String, Value::Str(_))
            | (TypeSpec::Integer | TypeSpec::Long, Value::Int(_) | Value::UInt(_))
            | (
                TypeSpec::Double | TypeSpec::Float | TypeSpec::Number,
                Value::Int(_) | Value::UInt(_) | Value::Float(_),
            )
            | (TypeSpec::Boolean, Value::Bool(_)) => true,
            (TypeSpec::Map(inner), Value::Map(m)) => m.values().all(|x| self.fits(field, inner, x)),
            (TypeSpec::Table(_) | TypeSpec::Object | TypeSpec::Any, Value::Map(m))
                if field.child.is_some() =>
            {
                table_keys(m)
            }
            (TypeSpec::Object | TypeSpec::Table(_), Value::Map(_)) => true,
            (TypeSpec::Any, _) => field.child.is_none(),
            (TypeSpec::Array(inner), Value::Seq(items)) => {
                items.iter().all(|i| self.fits(field, inner, i))
            }
            _ => false,
        }
    }
}

impl Walk<'_> {
    /// Records an integer `v` of an `Integer` (int32) row that int32 cannot hold.
    fn integer_width(&mut self, field: &Field<'_>, route: &[Step], v: &Node, path: &str) {
        let value = match &v.value {
            Value::Int(i) if i32::try_from(*i).is_err() => i.to_string(),
            Value::UInt(u) => u.to_string(),
            _ => return,
        };
        self.out.push(Finding {
            at: self.cursor,
            path: path.to_owned(),
            kind: Kind::PastInt32 {
                table: field.t,
                row: field.r,
                route: route.to_vec(),
                documented: field.row.type_text.text.clone(),
                value,
            },
        });
    }
}

/// A documented field being checked: table `t`, row `r`, and the table its type links to.
struct Field<'a> {
    t: usize,
    r: usize,
    row: &'a Row,
    child: Option<usize>,
}

/// Whether `key` is most likely a misspelling of `field`: both long enough, and 1 or 2 edits apart.
pub(crate) fn is_likely_typo(key: &str, field: &str) -> bool {
    key.chars().count() >= TYPO_MIN_LEN
        && field.chars().count() >= TYPO_MIN_LEN
        && (1..=TYPO_DISTANCE).contains(&edit_distance(key, field, TYPO_DISTANCE + 1))
}

/// Levenshtein distance between `a` and `b`, or `cap` when it is `cap` or more (the scan stops there).
pub(crate) fn edit_distance(a: &str, b: &str, cap: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) >= cap {
        return cap;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = prev[j] + usize::from(ca != cb);
            cur[j + 1] = substitute.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        if cur.iter().all(|&d| d >= cap) {
            return cap;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()].min(cap)
}

/// The values a description enumerates: the paragraphs after one ending in `Enumeration values:` or
/// `Options:`, each a single word, alone or before `: explanation` (`prePaid: yearly/monthly billing.`), up
/// to the first paragraph that is not one. Fewer than two such values enumerate nothing.
pub(crate) fn documented_values(description: &[Text]) -> Vec<String> {
    let Some(start) = description.iter().position(|p| {
        let t = p.text.trim_end();
        t.ends_with("Enumeration values:") || t.ends_with("Options:")
    }) else {
        return Vec::new();
    };
    let mut values = Vec::new();
    for p in &description[start + 1..] {
        let word = p
            .text
            .split_once(": ")
            .map_or(p.text.as_str(), |(w, _)| w)
            .trim();
        let word = word.strip_suffix(':').unwrap_or(word);
        if word.is_empty() || word.len() > 64 || word.contains(char::is_whitespace) {
            break;
        }
        values.push(word.to_owned());
    }
    if values.len() < 2 {
        values.clear();
    }
    values
}

/// The schema of an example value: `string`, `integer` (int64: the example cannot say how wide), `number`,
/// `boolean`, arrays of the merged schema of their items, objects with a property per key; `null` says
/// nothing (an empty schema, any value).
pub(crate) fn schema_of(v: &Node, depth: usize) -> Map {
    let mut m = Map::new();
    match &v.value {
        Value::Null => {}
        Value::Bool(_) => {
            m.insert(keys::TYPE.into(), "boolean".into());
        }
        Value::Int(_) | Value::UInt(_) => {
            m.insert(keys::TYPE.into(), "integer".into());
            m.insert(keys::FORMAT.into(), "int64".into());
        }
        Value::Float(_) => {
            m.insert(keys::TYPE.into(), "number".into());
            m.insert(keys::FORMAT.into(), "double".into());
        }
        Value::Str(_) => {
            m.insert(keys::TYPE.into(), "string".into());
        }
        Value::Seq(items) => {
            m.insert(keys::TYPE.into(), "array".into());
            let mut item = Map::new();
            if depth < MAX_DEPTH {
                for i in items {
                    merge_schema(&mut item, schema_of(i, depth + 1));
                }
            }
            m.insert(keys::ITEMS.into(), Node::map(item));
        }
        Value::Map(fields) => {
            m.insert(keys::TYPE.into(), "object".into());
            if depth < MAX_DEPTH && !fields.is_empty() {
                let props = fields
                    .iter()
                    .map(|(k, f)| (k.clone(), Node::map(schema_of(f, depth + 1))))
                    .collect();
                m.insert(keys::PROPERTIES.into(), Node::map(props));
            }
        }
    }
    m
}

/// Folds the schema of another example value of the same place into `old`: an empty schema (from `null`)
/// takes the new one, objects gain the new properties, arrays merge their items; otherwise the first wins.
pub(crate) fn merge_schema(old: &mut Map, new: Map) {
    if !old.contains_key(keys::TYPE) {
        let keep: Vec<(Key, Node)> = old.drain(..).collect();
        old.extend(new);
        old.extend(keep);
        return;
    }
    match (
        old.get(keys::TYPE).and_then(Node::as_str),
        new.get(keys::TYPE).and_then(Node::as_str),
    ) {
        (Some("object"), Some("object")) => {
            let Some(Node {
                value: Value::Map(new_props),
                ..
            }) = new.get(keys::PROPERTIES).cloned()
            else {
                return;
            };
            let props = old
                .entry(keys::PROPERTIES.into())
                .or_insert_with(|| Node::map(Map::new()));
            if let Value::Map(props) = &mut props.value {
                for (k, s) in new_props {
                    match (props.get_mut(&k), s) {
                        (
                            Some(Node {
                                value: Value::Map(o),
                                ..
                            }),
                            Node {
                                value: Value::Map(n),
                                ..
                            },
                        ) => merge_schema(o, n),
                        (None, s) => {
                            props.insert(k, s);
                        }
                        _ => {}
                    }
                }
            }
        }
        (Some("array"), Some("array")) => {
            if let (
                Some(Node {
                    value: Value::Map(o),
                    ..
                }),
                Some(Node {
                    value: Value::Map(n),
                    ..
                }),
            ) = (old.get_mut(keys::ITEMS), new.get(keys::ITEMS).cloned())
            {
                merge_schema(o, n);
            }
        }
        _ => {}
    }
}

/// The schema of a success body that no table documents, typed from its JSON examples (several merged), marked
/// `x-from-example: true`: what the page shows the service sends, which the generated type then keeps. Only an
/// object with members or a non-empty array shows a shape; `{}`, `null`, `[]` and scalars give no schema (the
/// response stays bodiless, as the page's words say nothing more).
pub(crate) fn schema_from_examples(examples: &[Node]) -> Option<Map> {
    let shows = |e: &Node| match &e.value {
        Value::Map(m) => !m.is_empty() && !is_error_body(e),
        Value::Seq(items) => !items.is_empty(),
        _ => false,
    };
    let mut shown = examples.iter().filter(|e| shows(e));
    let mut schema = schema_of(shown.next()?, 0);
    for e in shown {
        merge_schema(&mut schema, schema_of(e, 0));
    }
    schema.insert(keys::X_FROM_EXAMPLE.into(), true.into());
    Some(schema)
}

/// The member pairs of a Huawei Cloud error body, as the official SDKs (and `huaweicloud_core::ServiceError`)
/// read them.
pub(crate) const ERROR_PAIRS: [(&str, &str); 3] = [
    ("error_code", "error_msg"),
    ("errorCode", "errorMsg"),
    ("code", "message"),
];

/// Whether an example body is an error body: an object of exactly one error member pair (`{"code": "xxx",
/// "message": "xxxxx"}`). A page that gives one under a success status (VPC DeletePublicip's `None` / `Or` /
/// error body) shows what a failure answers, not the success's shape, so it types nothing.
pub(crate) fn is_error_body(example: &Node) -> bool {
    let Value::Map(m) = &example.value else {
        return false;
    };
    m.len() == 2
        && ERROR_PAIRS
            .iter()
            .any(|(code, message)| m.contains_key(*code) && m.contains_key(*message))
}

/// Whether an example is an error body: bare ([`is_error_body`]) or the one member of an object, as
/// OpenStack-style APIs answer (`{"error": {"code": 400, "message": "…", "title": "Bad Request"}}`,
/// `{"badRequest": {"message": "…", "code": 400}}`), the inner object having an error member pair.
pub(crate) fn is_error_example(example: &Node) -> bool {
    let Value::Map(m) = &example.value else {
        return false;
    };
    is_error_body(example)
        || (m.len() == 1
            && m.values().all(|inner| match &inner.value {
                Value::Map(inner) => ERROR_PAIRS.iter().any(|(code, message)| {
                    inner.contains_key(*code) && inner.contains_key(*message)
                }),
                _ => false,
            }))
}

/// The scalar JSON types `x-example-type` names.
const EXAMPLE_TYPES: &[&str] = &["integer", "number", "string", "boolean"];

/// Applies the findings of one body's examples to its provisional table schemas (`temp[t]`): adds the
/// example-only fields, marks the type conflicts, and (in a `response`) the mandatory fields an example lacks.
/// Returns the remarks for the report (line, message).
pub(crate) fn apply(
    findings: &[Finding],
    group: &Group,
    temp: &mut [Node],
    response: bool,
) -> Vec<(usize, String)> {
    let mut notes = Vec::new();
    for f in findings {
        match &f.kind {
            Kind::ExampleOnly { table, key, value } => {
                let Some(props) = temp
                    .get_mut(*table)
                    .and_then(Node::as_map_mut)
                    .and_then(|m| m.get_mut(keys::PROPERTIES))
                    .and_then(Node::as_map_mut)
                else {
                    continue;
                };
                let schema = schema_of(value, 0);
                match props.get_mut(key).and_then(Node::as_map_mut) {
                    Some(old) => {
                        // Seen in an earlier array element or example: fold this value's shape in.
                        let mark = old.shift_remove(keys::X_FROM_EXAMPLE);
                        merge_schema(old, schema);
                        if let Some(mark) = mark {
                            old.insert(keys::X_FROM_EXAMPLE.into(), mark);
                        }
                    }
                    None => {
                        let mut s = schema;
                        s.insert(keys::X_FROM_EXAMPLE.into(), true.into());
                        props.insert(key.clone().into(), Node::map(s));
                        notes.push((
                            f.at,
                            format!(
                                "{} is in the example but in no table; added to the schema, typed from the example \
                                 (x-from-example)",
                                f.path
                            ),
                        ));
                    }
                }
            }
            Kind::TypeConflict {
                table,
                row,
                route,
                documented,
                example,
            } if EXAMPLE_TYPES.contains(example) => {
                if let Some(schema) = row_schema(group, temp, *table, *row, route)
                    && !schema.contains_key(keys::X_EXAMPLE_TYPE)
                {
                    schema.insert(keys::X_EXAMPLE_TYPE.into(), (*example).into());
                    notes.push((
                        f.at,
                        format!(
                            "{} is documented as {documented} but the example gives {example}; marked \
                             x-example-type: {example}",
                            f.path
                        ),
                    ));
                }
            }
            Kind::ShapeConflict {
                table,
                row,
                route,
                documented,
                example,
                shape,
            } => {
                // The first reading of the place wins (another example may have marked it already).
                if let Some(schema) = row_schema(group, temp, *table, *row, route)
                    && !schema.contains_key(keys::X_EXAMPLE_SHAPE)
                {
                    schema.insert(keys::X_EXAMPLE_SHAPE.into(), shape.name().into());
                    notes.push((
                        f.at,
                        format!(
                            "{} is documented as {documented} but the example gives {example}; marked \
                             x-example-shape: {}",
                            f.path,
                            shape.name()
                        ),
                    ));
                }
            }
            Kind::PastInt32 {
                table,
                row,
                route,
                documented,
                value,
            } => {
                // Only an int32 schema widens (another example of the place may have widened it already).
                if let Some(schema) = row_schema(group, temp, *table, *row, route)
                    && schema.get(keys::FORMAT).and_then(Node::as_str) == Some("int32")
                {
                    schema.insert(keys::FORMAT.into(), "int64".into());
                    // What the table said stays readable next to what the example proved.
                    schema.insert(keys::X_TABLE_FORMAT.into(), "int32".into());
                    notes.push((
                        f.at,
                        format!(
                            "{} is documented as {documented} (int32) but the example gives {value}, past \
                             int32; widened to int64",
                            f.path
                        ),
                    ));
                }
            }
            Kind::LikelyTypo { key, field } => notes.push((
                f.at,
                format!(
                    "{} is not in the table; most likely a misspelling of `{field}`, not added (`{key}`)",
                    f.path
                ),
            )),
            Kind::Unwrapped { wrapper, keys } => notes.push((
                f.at,
                format!(
                    "{} gives the fields of `{wrapper}` ({}) without the `{wrapper}` object around them; not added",
                    f.path,
                    keys.join(", ")
                ),
            )),
            Kind::NullForMandatory {
                table,
                row,
                documented,
            } => {
                // Mandatory still: the member is always there, but it may hold `null` (spec/README.md,
                // `nullable`), which the generated field decodes as `None`.
                if let Some(schema) = row_schema(group, temp, *table, *row, &[])
                    && !schema.contains_key(keys::NULLABLE)
                {
                    schema.insert(keys::NULLABLE.into(), true.into());
                    notes.push((
                        f.at,
                        format!(
                            "{} is mandatory ({documented}) but the example gives null; marked nullable",
                            f.path
                        ),
                    ));
                }
            }
            // What the service was seen to send lacks it: it decodes as optional. A request example that
            // lacks one only shows a trimmed request (the service still requires it): a lint finding.
            Kind::RequiredAbsent { table, row, field } if response => {
                if let Some(schema) = row_schema(group, temp, *table, *row, &[])
                    && !schema.contains_key(keys::X_EXAMPLE_ABSENT)
                {
                    schema.insert(keys::X_EXAMPLE_ABSENT.into(), true.into());
                    notes.push((
                        f.at,
                        format!(
                            "{} is mandatory but the example response lacks `{field}`; marked x-example-absent \
                             (read as optional)",
                            f.path
                        ),
                    ));
                }
            }
            Kind::TypeConflict { .. } | Kind::NotInEnum { .. } | Kind::RequiredAbsent { .. } => {}
        }
    }
    notes
}

/// The schema of row `row` of table `table` in the provisional schemas `temp`, after `route` into its
/// arrays' items and maps' values.
fn row_schema<'a>(
    group: &Group,
    temp: &'a mut [Node],
    table: usize,
    row: usize,
    route: &[Step],
) -> Option<&'a mut Map> {
    let name = &group.table(table)?.rows.get(row)?.name.text;
    let mut at =
        child_mut(temp.get_mut(table)?, keys::PROPERTIES).and_then(|p| child_mut(p, name))?;
    for step in route {
        at = child_mut(
            at,
            match step {
                Step::Items => keys::ITEMS,
                Step::Values => keys::ADDITIONAL_PROPERTIES,
            },
        )?;
    }
    at.as_map_mut()
}

/// `node[key]`, mutably, for a mapping.
fn child_mut<'a>(node: &'a mut Node, key: &str) -> Option<&'a mut Node> {
    node.as_map_mut()?.get_mut(key)
}

/// The examples of one body: (first line, last line, JSON value, path prefix).
pub(crate) fn examples_of(page: &Page, status: Option<u16>) -> Vec<((usize, usize), Node, String)> {
    match status {
        None => page
            .request_examples
            .iter()
            .filter_map(|e| {
                let b = e.body.as_ref()?;
                Some(((b.first, b.last), b.json.clone()?, "body".to_owned()))
            })
            .collect(),
        Some(status) => page
            .response_examples
            .iter()
            .filter(|e| e.status == status)
            // Every example of the status, when the page gives several.
            .flat_map(|e| &e.blocks)
            .filter_map(|b| Some(((b.first, b.last), b.json.clone()?, status.to_string())))
            .collect(),
    }
}

/// Whether the body of `status` (`None`: the request) is an array of its top table's objects: a response whose
/// every example is one ([`super::build::is_array_of_top`]). A request body stays what its table says.
pub(crate) fn array_body(page: &Page, status: Option<u16>, group: &Group) -> bool {
    let values: Vec<Node> = examples_of(page, status)
        .into_iter()
        .map(|(_, value, _)| value)
        .collect();
    status.is_some() && super::build::is_array_of_top(group, &values)
}

/// Reconciles one body of `page` (`status`: `None` for the request) with its examples: changes `temp` and
/// notes what it did on the page.
pub(crate) fn reconcile_body(
    page: &mut Page,
    status: Option<u16>,
    group: &Group,
    links: &Links,
    temp: &mut [Node],
) {
    let mut findings = Vec::new();
    let array_of = array_body(page, status, group);
    for (span, value, what) in examples_of(page, status) {
        findings.extend(compare(
            &page.lines,
            span,
            group,
            links,
            (&value, array_of),
            &what,
        ));
    }
    for (at, message) in apply(&findings, group, temp, status.is_some()) {
        page.note(at, "reconciled-with-example", message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_examples_bare_or_wrapped() {
        let json = |text: &str| Node::from_json(text).unwrap();
        for error in [
            r#"{"code": "xxx", "message": "xxxxx"}"#,
            r#"{"error": {"code": 400, "message": "bad", "title": "Bad Request"}}"#,
            r#"{"badRequest": {"message": "bad", "code": 400}}"#,
        ] {
            assert!(is_error_example(&json(error)), "{error}");
        }
        for success in [
            r#"{"agency": {"id": "a", "name": "n"}}"#,
            r#"{"error": {"code": 400}}"#,
            r#"{"error": {"code": 400, "message": "m"}, "id": "x"}"#,
            r#"{"code": 0, "message": "ok", "id": "x"}"#,
            r#"[{"code": 0, "message": "ok"}]"#,
        ] {
            assert!(!is_error_example(&json(success)), "{success}");
        }
    }

    #[test]
    fn edit_distances() {
        for (a, b, d) in [
            ("deliver_time_interva", "deliver_time_interval", 1),
            ("offest", "offset", 2),
            ("offset", "offset", 0),
            ("abc", "xyz", 3),
            ("", "abcd", 3),
            ("kitten", "sitting", 3),
        ] {
            assert_eq!(edit_distance(a, b, 3), d, "{a} / {b}");
        }
        assert!(is_likely_typo(
            "deliver_time_interva",
            "deliver_time_interval"
        ));
        assert!(
            !is_likely_typo("id", "ip"),
            "short names are different fields"
        );
        assert!(!is_likely_typo("name", "name"));
    }

    #[test]
    fn enumerated_values_from_descriptions() {
        let text = |s: &[&str]| -> Vec<Text> {
            s.iter()
                .enumerate()
                .map(|(at, t)| Text {
                    at,
                    text: (*t).to_owned(),
                })
                .collect()
        };
        assert_eq!(
            documented_values(&text(&[
                "Billing mode.",
                "Options:",
                "prePaid: yearly/monthly billing.",
                "postPaid: pay-per-use billing.",
                "The default value is postPaid."
            ])),
            ["prePaid", "postPaid"]
        );
        assert_eq!(
            documented_values(&text(&[
                "Minimum SSL version.",
                "Enumeration values:",
                "TLSv1.1",
                "TLSv1.2"
            ])),
            ["TLSv1.1", "TLSv1.2"]
        );
        // One value, or none, is not an enumeration.
        assert!(documented_values(&text(&["Options:", "only"])).is_empty());
        assert!(documented_values(&text(&["Free text.", "a", "b"])).is_empty());
    }

    #[test]
    fn success_bodies_typed_from_examples() {
        let json = |s: &str| Node::from_json(s).unwrap();
        // Several examples merge; the schema is marked.
        let s = schema_from_examples(&[
            json(r#"{"errCode": "RDS.0041", "externalMessage": "Operation successful."}"#),
            json(r#"{"errCode": "RDS.0041", "jobId": "j1"}"#),
        ])
        .expect("a schema");
        let props: Vec<&str> = s[keys::PROPERTIES]
            .as_map()
            .unwrap()
            .keys()
            .map(Key::as_str)
            .collect();
        assert_eq!(props, ["errCode", "externalMessage", "jobId"]);
        assert_eq!(s[keys::X_FROM_EXAMPLE], Node::bool(true));
        // An array shows its elements.
        let s = schema_from_examples(&[json(r#"[{"id": "a"}]"#)]).expect("a schema");
        assert_eq!(s[keys::TYPE], Node::str("array"));
        // Nothing to type: empty, null, scalars, and error bodies of every official pair.
        for nothing in [
            "{}",
            "null",
            "[]",
            "1",
            r#"{"code": "xxx", "message": "xxxxx"}"#,
            r#"{"error_code": "LTS.0201", "error_msg": "The log group does not existed"}"#,
            r#"{"errorCode": "E", "errorMsg": "m"}"#,
        ] {
            assert_eq!(schema_from_examples(&[json(nothing)]), None, "{nothing}");
        }
        // A pair among other members is a success body that reports a code.
        assert!(!is_error_body(&json(
            r#"{"code": "0", "message": "ok", "id": "x"}"#
        )));
    }

    #[test]
    fn example_schemas() {
        let v = Node::from_json(
            r#"{"a": [{"x": 1}, {"y": "t", "x": null}], "b": null, "c": 1.5, "d": true}"#,
        )
        .unwrap();
        let s = Node::map(schema_of(&v, 0));
        let want = Node::from_json(
            r#"{"type":"object","properties":{
                "a":{"type":"array","items":{"type":"object","properties":{"x":{"type":"integer","format":"int64"},"y":{"type":"string"}}}},
                "b":{},
                "c":{"type":"number","format":"double"},
                "d":{"type":"boolean"}}}"#,
        )
        .unwrap();
        assert_eq!(s, want);
    }
}
