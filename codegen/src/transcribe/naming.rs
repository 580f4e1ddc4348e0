//! Schema names: deterministic, readable, collision-free (spec/README.md, "Bodies").
//!
//! - top tables: `<Op>RequestBody`, `<Op>Response` (first 2xx body), `<Op>Response<status>`;
//! - a table captioned with a PascalCase name (`TagEntity`) keeps it when every occurrence (on every page of
//!   the run, and in the existing spec) has the same shape, else it is `<Op><Caption>`;
//! - a table captioned with a field name (`tasks`) is `<Op>Req<Caption>` / `<Op>Resp<Caption>`;
//! - when a candidate is taken by a different shape, the next one is tried: prefixed with the parent field
//!   (`<Op>Resp<Parent><Caption>`), then with the status for non-2xx bodies, then with the whole field path,
//!   then numbered (`…2`, `…3`);
//! - a candidate taken by the same shape is shared (identical shapes may share a name).
//!
//! Names are compared case- and punctuation-insensitively, as the generator's case conversion would.
//! "Shape" is the schema as transcribed, nested tables inlined, without `x-caption` and without the
//! hand-written overrides, so an existing schema with an `x-rust-name` still matches its page.

use super::build::{Body, REF_PREFIX, parse_temp_ref, top_name};
use super::page::{DEFAULT_STATUS, Page, status_key};
use crate::spec::keys;
use crate::spec::yaml::{Map, Node, Value};
use heck::ToUpperCamelCase;
use std::collections::{BTreeMap, HashMap};

/// The keys of a schema the transcriber writes (the rest are kept overrides).
pub(crate) const SCHEMA_KEYS: &[&str] = &[
    keys::TYPE,
    keys::FORMAT,
    keys::DESCRIPTION,
    keys::PROPERTIES,
    keys::REQUIRED,
    keys::ITEMS,
    keys::ADDITIONAL_PROPERTIES,
    keys::REF,
    keys::PATTERN,
    keys::X_DATETIME_FORMAT,
    keys::X_REQUIRED_INFERRED,
    keys::X_TYPE_UNSTATED,
    keys::X_CAPTION,
    keys::X_FROM_EXAMPLE,
    keys::X_EXAMPLE_TYPE,
    keys::X_EXAMPLE_SHAPE,
    keys::X_EXAMPLE_ABSENT,
    keys::X_TABLE_FORMAT,
    keys::ONE_OF,
    keys::TITLE,
];

/// The shape of a schema: owned keys only, references inlined, no caption.
pub(crate) fn canon<'a>(
    node: &'a Node,
    resolve: &dyn Fn(&str) -> Option<&'a Node>,
    stack: &mut Vec<String>,
) -> Node {
    let Value::Map(m) = &node.value else {
        return node.clone();
    };
    let mut out = Map::new();
    for (k, v) in m {
        match k.as_str() {
            keys::REF => {
                let r = v.as_str().unwrap_or_default().to_owned();
                if let Some(pos) = stack.iter().position(|s| *s == r) {
                    out.insert("$cycle".into(), Node::int((stack.len() - pos) as i64));
                } else if let Some(target) = resolve(&r) {
                    stack.push(r);
                    let c = canon(target, resolve, stack);
                    stack.pop();
                    out.insert(keys::REF.into(), c);
                } else {
                    out.insert(keys::REF.into(), Node::str(r));
                }
            }
            keys::PROPERTIES => {
                let props = v
                    .as_map()
                    .map(|p| {
                        p.iter()
                            .map(|(name, s)| (name.clone(), canon(s, resolve, stack)))
                            .collect()
                    })
                    .unwrap_or_default();
                out.insert(k.clone(), Node::map(props));
            }
            keys::ITEMS | keys::ADDITIONAL_PROPERTIES => {
                out.insert(k.clone(), canon(v, resolve, stack));
            }
            keys::ONE_OF => {
                let branches = match &v.value {
                    Value::Seq(items) => items.iter().map(|i| canon(i, resolve, stack)).collect(),
                    _ => Vec::new(),
                };
                out.insert(k.clone(), Node::seq(branches));
            }
            keys::X_CAPTION => {}
            _ if SCHEMA_KEYS.contains(&k.as_str()) => {
                out.insert(k.clone(), v.clone());
            }
            _ => {}
        }
    }
    Node::map(out)
}

/// The schema names a node refers to, in order (properties, then `items` / `additionalProperties`).
pub(crate) fn refs_in_order(node: &Node, out: &mut Vec<String>) {
    match &node.value {
        Value::Map(m) => {
            for (k, v) in m {
                if k == keys::REF {
                    if let Some(name) = v.as_str().and_then(|r| r.strip_prefix(REF_PREFIX)) {
                        out.push(name.to_owned());
                    }
                } else {
                    refs_in_order(v, out);
                }
            }
        }
        Value::Seq(items) => items.iter().for_each(|i| refs_in_order(i, out)),
        _ => {}
    }
}

/// The collision key of a name: letters and digits, lower case.
pub(crate) fn key(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn is_pascal(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_uppercase())
        && s.chars().all(|c| c.is_ascii_alphanumeric())
        && s.chars().any(|c| c.is_ascii_lowercase())
}

#[derive(Debug, Clone)]
enum Owner {
    /// Table `t` of body `b` of this run.
    New(usize, usize),
    /// A schema of the existing spec not owned by the operations of this run.
    Foreign(String),
    /// A body's top schema.
    Top,
}

struct Taken {
    name: String,
    canon: Node,
    owner: Owner,
}

/// The decided names.
#[derive(Debug, Default)]
pub(crate) struct Names {
    /// Name of table `t` of body `b`.
    pub by_table: HashMap<(usize, usize), String>,
    /// Tables whose schema is written, in output order.
    pub origins: Vec<(usize, usize)>,
    /// Remarks: (page, line index, message).
    pub notes: Vec<(usize, usize, String)>,
    /// Conflicts that stop the run: (page, line index, message, help).
    pub errors: Vec<(usize, usize, String, String)>,
}

/// Decides every schema name of the run.
///
/// `op_ids[b]` is the operation of body `b`; `existing` the existing spec's schemas, of which `foreign`
/// (in order) are not owned by the operations of this run.
pub(crate) fn assign(
    bodies: &[Body],
    pages: &[Page],
    op_ids: &[String],
    existing: &Map,
    foreign: &[String],
) -> Names {
    let mut namer = Namer {
        bodies,
        pages,
        op_ids,
        existing,
        taken: HashMap::new(),
        names: Names::default(),
        canon_cache: HashMap::new(),
    };
    for name in foreign {
        if !existing.contains_key(name) {
            continue;
        }
        let c = namer.canon_existing(name);
        namer.taken.entry(key(name)).or_insert(Taken {
            name: name.clone(),
            canon: c,
            owner: Owner::Foreign(name.clone()),
        });
    }
    namer.reserve_tops();
    let consistent = namer.consistent_pascal(foreign);
    for b in 0..bodies.len() {
        namer.names.origins.push((b, 0));
        namer.walk(b, 0, &[], &consistent);
        namer.name_alternatives(b, 0, &[], &consistent);
    }
    namer.note_repeated_captions();
    namer.names
}

struct Namer<'a> {
    bodies: &'a [Body],
    pages: &'a [Page],
    op_ids: &'a [String],
    existing: &'a Map,
    taken: HashMap<String, Taken>,
    names: Names,
    canon_cache: HashMap<(usize, usize), Node>,
}

impl<'a> Namer<'a> {
    fn canon_existing(&self, name: &str) -> Node {
        let existing = self.existing;
        let resolve = move |r: &str| r.strip_prefix(REF_PREFIX).and_then(|n| existing.get(n));
        existing.get(name).map_or(Node::NULL, |node| {
            canon(node, &resolve, &mut vec![format!("{REF_PREFIX}{name}")])
        })
    }

    fn canon_new(&mut self, b: usize, t: usize) -> Node {
        if let Some(c) = self.canon_cache.get(&(b, t)) {
            return c.clone();
        }
        let bodies = self.bodies;
        let resolve =
            move |r: &str| parse_temp_ref(r).and_then(|(b, t)| bodies.get(b)?.temp.get(t));
        let c = bodies
            .get(b)
            .and_then(|body| body.temp.get(t))
            .map_or(Node::NULL, |n| {
                canon(n, &resolve, &mut vec![super::build::temp_ref(b, t)])
            });
        self.canon_cache.insert((b, t), c.clone());
        c
    }

    fn caption(&self, b: usize, t: usize) -> Option<(&'a str, usize)> {
        let body = self.bodies.get(b)?;
        let page = self.pages.get(body.page)?;
        let table = super::build::group(page, body.sel)?.table(t)?;
        Some((table.link_name()?, table.caption.at))
    }

    fn reserve_tops(&mut self) {
        let mut first_success: HashMap<usize, u16> = HashMap::new();
        for body in self.bodies {
            if let Some(s) = body.status.filter(|s| (200..300).contains(s)) {
                let e = first_success.entry(body.op).or_insert(s);
                *e = (*e).min(s);
            }
        }
        for (b, body) in self.bodies.iter().enumerate() {
            let op = &self.op_ids[b];
            // A `default` body of an operation with no 2xx body is its success body (older layouts state
            // no status for the only response they document).
            let first = body.status.is_some()
                && (first_success.get(&body.op) == body.status.as_ref()
                    || (body.status == Some(DEFAULT_STATUS)
                        && !first_success.contains_key(&body.op)));
            let name = top_name(op, body.status, first);
            let k = key(&name);
            if let Some(t) = self.taken.get(&k) {
                let at = self.caption_line(b, 0);
                self.names.errors.push((
                    body.page,
                    at,
                    format!("the body schema name `{name}` is already used by `{}`", t.name),
                    "rename the other schema in the spec, or give the operation another operationId".into(),
                ));
                continue;
            }
            self.taken.insert(
                k,
                Taken {
                    name: name.clone(),
                    canon: Node::str("\u{0}top"),
                    owner: Owner::Top,
                },
            );
            self.names.by_table.insert((b, 0), name);
        }
    }

    fn caption_line(&self, b: usize, t: usize) -> usize {
        self.bodies
            .get(b)
            .and_then(|body| {
                let page = self.pages.get(body.page)?;
                Some(super::build::group(page, body.sel)?.table(t)?.caption.at)
            })
            .unwrap_or(0)
    }

    /// Tables reachable from the top of body `b`, depth first.
    fn reachable(&self, b: usize) -> Vec<usize> {
        let mut seen = vec![0];
        let mut stack = vec![0];
        while let Some(t) = stack.pop() {
            for c in self.bodies[b].links.children(t).into_iter().rev() {
                if !seen.contains(&c) {
                    seen.push(c);
                    stack.push(c);
                }
            }
        }
        seen
    }

    fn consistent_pascal(&mut self, foreign: &[String]) -> BTreeMap<String, bool> {
        let mut shapes: BTreeMap<String, Vec<Node>> = BTreeMap::new();
        for b in 0..self.bodies.len() {
            for t in self.reachable(b).into_iter().filter(|&t| t > 0) {
                if let Some((cap, _)) = self.caption(b, t)
                    && is_pascal(cap)
                {
                    let c = self.canon_new(b, t);
                    shapes.entry(cap.to_owned()).or_default().push(c);
                }
            }
        }
        let mut out = BTreeMap::new();
        for (cap, list) in shapes {
            let mut same = list.windows(2).all(|w| w[0] == w[1]);
            if same
                && foreign.contains(&cap)
                && let Some(first) = list.first()
            {
                same = self.canon_existing(&cap) == *first;
            }
            out.insert(cap, same);
        }
        out
    }

    fn walk(&mut self, b: usize, t: usize, path: &[String], consistent: &BTreeMap<String, bool>) {
        let Some(body) = self.bodies.get(b) else {
            return;
        };
        let rows = body.links.child.get(t).cloned().unwrap_or_default();
        for (r, child) in rows.into_iter().enumerate() {
            let Some(c) = child else {
                continue;
            };
            if self.names.by_table.contains_key(&(b, c)) {
                continue;
            }
            let field = self.row_name(b, t, r);
            let mut field_path = path.to_vec();
            field_path.push(field);
            let candidates = self.candidates(b, c, &field_path, consistent);
            self.place(b, c, candidates, &field_path, consistent);
            self.name_alternatives(b, c, &field_path, consistent);
        }
    }

    /// Names the alternatives of table `first` of body `b` (see `link::Links::alternatives`): the first
    /// table's name and the branch's title (`…InstanceReadReplica`), else numbered.
    fn name_alternatives(
        &mut self,
        b: usize,
        first: usize,
        path: &[String],
        consistent: &BTreeMap<String, bool>,
    ) {
        let Some(first_name) = self.names.by_table.get(&(b, first)).cloned() else {
            return;
        };
        let body = &self.bodies[b];
        let Some(group) = self
            .pages
            .get(body.page)
            .and_then(|p| super::build::group(p, body.sel))
        else {
            return;
        };
        let branches = super::build::alternative_branches(group, &body.links)
            .into_iter()
            .find(|(root, _)| *root == first)
            .map(|(_, branches)| branches)
            .unwrap_or_default();
        let limit =
            self.bodies.iter().map(|b| b.temp.len()).sum::<usize>() + self.existing.len() + 2;
        for (a, title) in branches.into_iter().skip(1) {
            if self.names.by_table.contains_key(&(b, a)) {
                continue;
            }
            // A field's alternative is named after the field (`<Op>ReqInstanceReadReplica`), as a table
            // captioned with the field would be; the body's after its top schema.
            let side = if body.status.is_some() { "Resp" } else { "Req" };
            let op = &self.op_ids[b];
            let mut candidates: Vec<String> = path
                .last()
                .map(|field| format!("{op}{side}{}{title}", field.to_upper_camel_case()))
                .into_iter()
                .collect();
            candidates.push(format!("{first_name}{title}"));
            let name = candidates[0].clone();
            candidates.extend((2..=limit + 1).map(|n| format!("{name}{n}")));
            self.place(b, a, candidates, path, consistent);
        }
    }

    /// Gives table `c` of body `b` the first of `candidates` that is free or taken by the same shape.
    fn place(
        &mut self,
        b: usize,
        c: usize,
        candidates: Vec<String>,
        field_path: &[String],
        consistent: &BTreeMap<String, bool>,
    ) {
        {
            let shape = self.canon_new(b, c);
            let mut chosen = None;
            for cand in candidates {
                match self.taken.get(&key(&cand)) {
                    None => {
                        chosen = Some((cand, None));
                        break;
                    }
                    Some(tk) if tk.canon == shape => {
                        chosen = Some((tk.name.clone(), Some(tk.owner.clone())));
                        break;
                    }
                    Some(_) => {}
                }
            }
            match chosen {
                Some((name, None)) => {
                    self.taken.insert(
                        key(&name),
                        Taken {
                            name: name.clone(),
                            canon: shape,
                            owner: Owner::New(b, c),
                        },
                    );
                    self.names.by_table.insert((b, c), name);
                    self.names.origins.push((b, c));
                    self.walk(b, c, field_path, consistent);
                }
                Some((name, Some(owner))) => self.adopt(b, c, name, &owner),
                None => {}
            }
        }
    }

    /// Table `c` of body `b` has the same shape as `owner`'s schema `name`: it and its tables take the names
    /// of `owner`'s.
    fn adopt(&mut self, b: usize, c: usize, name: String, owner: &Owner) {
        if self.names.by_table.contains_key(&(b, c)) {
            return;
        }
        self.names.by_table.insert((b, c), name);
        let mine = self.bodies[b].links.children(c);
        let theirs: Vec<(String, Owner)> = match owner {
            Owner::New(ob, oc) => self.bodies[*ob]
                .links
                .children(*oc)
                .into_iter()
                .filter_map(|x| {
                    let n = self.names.by_table.get(&(*ob, x))?.clone();
                    Some((n, Owner::New(*ob, x)))
                })
                .collect(),
            Owner::Foreign(n) => {
                let mut refs = Vec::new();
                if let Some(node) = self.existing.get(n) {
                    refs_in_order(node, &mut refs);
                }
                refs.into_iter()
                    .map(|r| (r.clone(), Owner::Foreign(r)))
                    .collect()
            }
            Owner::Top => Vec::new(),
        };
        for (child, (child_name, child_owner)) in mine.into_iter().zip(theirs) {
            self.adopt(b, child, child_name, &child_owner);
        }
    }

    fn row_name(&self, b: usize, t: usize, r: usize) -> String {
        self.bodies
            .get(b)
            .and_then(|body| {
                let page = self.pages.get(body.page)?;
                Some(
                    super::build::group(page, body.sel)?
                        .table(t)?
                        .rows
                        .get(r)?
                        .name
                        .text
                        .clone(),
                )
            })
            .unwrap_or_default()
    }

    fn candidates(
        &mut self,
        b: usize,
        c: usize,
        field_path: &[String],
        consistent: &BTreeMap<String, bool>,
    ) -> Vec<String> {
        let op = self.op_ids[b].clone();
        let body = &self.bodies[b];
        let side = if body.status.is_some() { "Resp" } else { "Req" };
        let caption = self.caption(b, c).map_or("", |(cap, _)| cap).to_owned();
        let pascal = is_pascal(&caption);
        let base = if pascal {
            caption.clone()
        } else {
            caption.to_upper_camel_case()
        };
        let parent =
            (field_path.len() >= 2).then(|| field_path[field_path.len() - 2].to_upper_camel_case());
        let full: String = field_path[..field_path.len().saturating_sub(1)]
            .iter()
            .map(|f| f.to_upper_camel_case())
            .collect();
        let mut out = Vec::new();
        if pascal {
            if consistent.get(&caption).copied().unwrap_or(false) {
                out.push(caption.clone());
            }
            out.push(format!("{op}{base}"));
        }
        out.push(format!("{op}{side}{base}"));
        if let Some(p) = &parent {
            out.push(format!("{op}{side}{p}{base}"));
        }
        if let Some(s) = body.status.filter(|s| !(200..300).contains(s)) {
            let s = status_key(s).to_upper_camel_case();
            out.push(format!("{op}{side}{s}{base}"));
        }
        if !full.is_empty() {
            out.push(format!("{op}{side}{full}{base}"));
        }
        let first = out
            .first()
            .cloned()
            .unwrap_or_else(|| format!("{op}{side}{base}"));
        let limit =
            self.bodies.iter().map(|b| b.temp.len()).sum::<usize>() + self.existing.len() + 2;
        out.extend((2..=limit + 1).map(|n| format!("{first}{n}")));
        out
    }

    fn note_repeated_captions(&mut self) {
        for (b, body) in self.bodies.iter().enumerate() {
            let mut by_caption: BTreeMap<&str, Vec<(usize, String)>> = BTreeMap::new();
            for t in 1..body.temp.len() {
                if let (Some((cap, at)), Some(name)) =
                    (self.caption(b, t), self.names.by_table.get(&(b, t)))
                {
                    by_caption.entry(cap).or_default().push((at, name.clone()));
                }
            }
            for (cap, list) in by_caption {
                if list.len() > 1 {
                    let names: Vec<_> = list.iter().map(|(_, n)| format!("`{n}`")).collect();
                    let shared =
                        (1..list.len()).any(|i| list[..i].iter().any(|(_, n)| *n == list[i].1));
                    self.names.notes.push((
                        body.page,
                        list[0].0,
                        format!(
                            "caption `{cap}` names {} tables on this page; they became {}{}",
                            list.len(),
                            names.join(", "),
                            if shared {
                                " (identical tables share one schema)"
                            } else {
                                ""
                            }
                        ),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_case_and_punctuation() {
        assert_eq!(
            key("ListBackgroundTasksRespTasks"),
            "listbackgroundtasksresptasks"
        );
        assert_eq!(key("Foo_Bar"), key("FooBar"));
    }

    #[test]
    fn pascal_captions() {
        for (c, want) in [
            ("TagEntity", true),
            ("BssParam", true),
            ("tasks", false),
            ("group_message_offsets", false),
            ("ABC", false),
            ("Tag Entity", false),
        ] {
            assert_eq!(is_pascal(c), want, "{c}");
        }
    }

    #[test]
    fn canon_inlines_refs_and_drops_overrides() {
        let a = Node::from_json(
            r##"{"type":"object","properties":{"t":{"type":"array","items":{"$ref":"#/components/schemas/A"}}},"x-caption":"Table 3 x","x-rust-name":"Q"}"##,
        )
        .expect("json");
        let inner = Node::from_json(r#"{"type":"object","properties":{"id":{"type":"string","enum":["x"]}},"x-caption":"t"}"#)
            .expect("json");
        let resolve = |r: &str| (r == "#/components/schemas/A").then_some(&inner);
        let c = canon(&a, &resolve, &mut Vec::new());
        let want = Node::from_json(
            r#"{"type":"object","properties":{"t":{"type":"array","items":{"$ref":{"type":"object","properties":{"id":{"type":"string"}}}}}}}"#,
        )
        .expect("json");
        assert_eq!(c, want);
    }
}
