//! Merging a transcription into an existing spec: the pages' facts replace the transcribed ones, everything
//! else stays.
//!
//! For each kind of object the transcriber *owns* a fixed set of keys (those it writes). A re-transcribed
//! object gets the new values of those keys, in the new order; the keys it does not own (hand-written
//! overrides such as `x-rust-name`, `x-numeric-string`, `x-json-string`, `x-paginated`, `enum`, and any other
//! extension) are kept after them, in their old order. Parameters, properties, responses and media types are
//! matched by name; the ones the page no longer has are dropped. Operations are matched by `operationId` and
//! move when the page changes their path or method (an operation still at the same method and path kept its
//! id before, in [`super::ids`]); the run's schemas take the spec's names where they sit at the same place
//! (`keep_schema_names`), so a doc update renames no Rust type of an operation that stays. With `prune`, the
//! operations no page documents are removed. Top-level `info`, `servers`, `security` and
//! `components.securitySchemes` are kept, except `info.x-sources` (extended, or replaced with `prune`) and
//! `info.x-service` (set when given).

use super::build::REF_PREFIX;
use super::naming::SCHEMA_KEYS;
use crate::spec::keys;
use crate::spec::yaml::{Key, Map, Node, Value};
use std::collections::BTreeSet;

/// What a run transcribed.
#[derive(Debug, Clone, Default)]
pub(crate) struct Transcription {
    /// Operations in page order.
    pub ops: Vec<OpOut>,
    /// Schemas in output order.
    pub schemas: Map,
    /// `x-sources` entries of the pages.
    pub sources: Vec<String>,
    /// `x-error-codes`, when the error-code page was among the pages.
    pub error_codes: Option<Node>,
    /// `info.x-service`.
    pub service: Option<String>,
    /// `servers`, from the regions file; written only where the spec has none.
    pub servers: Option<Node>,
    /// Remove the operations no page of the run documents (see [`super::Options::prune`]).
    pub prune: bool,
}

/// One transcribed operation.
#[derive(Debug, Clone)]
pub(crate) struct OpOut {
    /// `operationId`.
    pub id: String,
    /// Path template.
    pub path: String,
    /// Lower-case method.
    pub method: String,
    /// The operation object.
    pub node: Node,
}

/// The `paths` key of an operation that shares its method and path with others (action APIs: one
/// `POST …/action`, a body per action, each its own page): `<path>#<operationId>`. A fragment is never
/// sent, so the key still says where the request goes, each operation keeps its own parameters, bodies and
/// responses (one Rust method each), and the generator reads the path without the fragment.
pub(crate) fn action_path(path: &str, id: &str) -> String {
    format!("{path}#{id}")
}

/// Gives every operation of the run that shares its method and path with another one its
/// [`action_path`].
pub(crate) fn separate_shared_paths(ops: &mut [OpOut]) {
    let mut count: std::collections::HashMap<(String, String), usize> =
        std::collections::HashMap::new();
    for op in ops.iter() {
        *count
            .entry((op.method.clone(), op.path.clone()))
            .or_default() += 1;
    }
    for op in ops.iter_mut() {
        if count.get(&(op.method.clone(), op.path.clone())) > Some(&1) {
            op.path = action_path(&op.path, &op.id);
        }
    }
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

const OP_KEYS: &[&str] = &[
    keys::OPERATION_ID,
    keys::SUMMARY,
    keys::DESCRIPTION,
    keys::PARAMETERS,
    keys::REQUEST_BODY,
    keys::RESPONSES,
    keys::X_REQUEST_EXAMPLES,
    keys::X_RESPONSE_EXAMPLES_TEXT,
];
const PARAM_KEYS: &[&str] = &[
    keys::NAME,
    keys::IN,
    keys::REQUIRED,
    keys::DESCRIPTION,
    keys::SCHEMA,
    keys::X_REQUIRED_INFERRED,
    keys::X_TYPE_UNSTATED,
    keys::X_FROM_CREDENTIALS,
    keys::X_FROM_PATH,
];
const REQUEST_BODY_KEYS: &[&str] = &[keys::DESCRIPTION, keys::CONTENT, keys::REQUIRED];
const RESPONSE_KEYS: &[&str] = &[
    keys::DESCRIPTION,
    keys::CONTENT,
    keys::HEADERS,
    keys::X_EXAMPLE_SUMMARY,
    keys::X_STATUS_UNSTATED,
];
const MEDIA_KEYS: &[&str] = &[keys::SCHEMA, keys::EXAMPLE, keys::EXAMPLES];

/// The AK/SK security scheme every Huawei Cloud API uses.
fn security_scheme() -> Node {
    let mut m = Map::new();
    m.insert(keys::TYPE.into(), "apiKey".into());
    m.insert(keys::IN.into(), "header".into());
    m.insert(keys::NAME.into(), "Authorization".into());
    m.insert(
        keys::DESCRIPTION.into(),
        "AK/SK signature (SDK-HMAC-SHA256) over the canonical request; see the API reference \"AK/SK-based authentication\".".into(),
    );
    m.insert(keys::X_SIGNING.into(), "SDK-HMAC-SHA256".into());
    Node::map(m)
}

/// A new document for a run without `--merge-into`.
pub(crate) fn skeleton(t: &Transcription) -> Node {
    let mut versions: Vec<(String, usize)> = Vec::new();
    for op in &t.ops {
        if let Some(v) = op.path.split('/').find(|s| {
            s.len() >= 2 && s.starts_with('v') && s[1..].chars().all(|c| c.is_ascii_digit())
        }) {
            match versions.iter_mut().find(|(x, _)| x == v) {
                Some(e) => e.1 += 1,
                None => versions.push((v.to_owned(), 1)),
            }
        }
    }
    let version = versions
        .iter()
        .max_by_key(|(_, n)| *n)
        .map_or_else(|| "v1".to_owned(), |(v, _)| v.clone());
    let mut info = Map::new();
    let title = match &t.service {
        Some(s) => format!("Huawei Cloud {s} API"),
        None => "Huawei Cloud API".to_owned(),
    };
    info.insert(keys::TITLE.into(), title.into());
    info.insert(keys::VERSION.into(), version.into());
    let mut doc = Map::new();
    doc.insert(keys::OPENAPI.into(), "3.0.3".into());
    doc.insert(keys::INFO.into(), Node::map(info));
    let mut req = Map::new();
    req.insert("AkSk".into(), Node::seq(Vec::new()));
    doc.insert(keys::SECURITY.into(), Node::seq(vec![Node::map(req)]));
    doc.insert(keys::PATHS.into(), Node::map(Map::new()));
    let mut schemes = Map::new();
    schemes.insert("AkSk".into(), security_scheme());
    let mut components = Map::new();
    components.insert(keys::SECURITY_SCHEMES.into(), Node::map(schemes));
    components.insert(keys::SCHEMAS.into(), Node::map(Map::new()));
    doc.insert(keys::COMPONENTS.into(), Node::map(components));
    Node::map(doc)
}

/// All schema names `node` refers to, transitively through `schemas`.
pub(crate) fn reachable(roots: &[&Node], schemas: &Map) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut todo: Vec<String> = Vec::new();
    for r in roots {
        collect_refs(r, &mut todo);
    }
    while let Some(name) = todo.pop() {
        if out.insert(name.clone())
            && let Some(s) = schemas.get(&name)
        {
            collect_refs(s, &mut todo);
        }
    }
    out
}

fn collect_refs(node: &Node, out: &mut Vec<String>) {
    match &node.value {
        Value::Map(m) => {
            for (k, v) in m {
                if k == keys::REF {
                    if let Some(n) = v.as_str().and_then(|r| r.strip_prefix(REF_PREFIX)) {
                        out.push(n.to_owned());
                    }
                } else {
                    collect_refs(v, out);
                }
            }
        }
        Value::Seq(items) => items.iter().for_each(|i| collect_refs(i, out)),
        _ => {}
    }
}

/// Every operation of a document: (path, method, operationId, node).
pub(crate) fn operations(doc: &Node) -> Vec<(String, String, String, &Node)> {
    let mut out = Vec::new();
    if let Some(paths) = doc.get(keys::PATHS).and_then(Node::as_map) {
        for (path, item) in paths {
            if let Some(item) = item.as_map() {
                for (method, op) in item {
                    if METHODS.contains(&method.as_str())
                        && let Some(id) = op.get(keys::OPERATION_ID).and_then(Node::as_str)
                    {
                        out.push((path.name.clone(), method.name.clone(), id.to_owned(), op));
                    }
                }
            }
        }
    }
    out
}

/// The schemas of `doc` owned by the operations `ids` (reachable from them and from nothing else), and the
/// others (foreign), in document order.
pub(crate) fn ownership(doc: &Node, ids: &BTreeSet<String>) -> (BTreeSet<String>, Vec<String>) {
    let empty = Map::new();
    let schemas = doc
        .path(&[keys::COMPONENTS, keys::SCHEMAS])
        .and_then(Node::as_map)
        .unwrap_or(&empty);
    let ops = operations(doc);
    let mine: Vec<&Node> = ops
        .iter()
        .filter(|o| ids.contains(&o.2))
        .map(|o| o.3)
        .collect();
    let mut others: Vec<&Node> = ops
        .iter()
        .filter(|o| !ids.contains(&o.2))
        .map(|o| o.3)
        .collect();
    // References from outside the paths (other components, extensions) keep their targets foreign too.
    let mut outside = Map::new();
    if let Some(m) = doc.as_map() {
        for (k, v) in m {
            if k != keys::PATHS && k != keys::COMPONENTS {
                outside.insert(k.clone(), v.clone());
            }
        }
    }
    if let Some(c) = doc.get(keys::COMPONENTS).and_then(Node::as_map) {
        for (k, v) in c {
            if k != keys::SCHEMAS {
                outside.insert(format!("components.{k}").into(), v.clone());
            }
        }
    }
    let outside = Node::map(outside);
    others.push(&outside);
    let mine = reachable(&mine, schemas);
    let theirs = reachable(&others, schemas);
    let owned: BTreeSet<String> = mine.difference(&theirs).cloned().collect();
    let foreign = schemas
        .keys()
        .filter(|k| !owned.contains(k.as_str()))
        .map(|k| k.name.clone())
        .collect();
    (owned, foreign)
}

/// Merges `t` into `base` (or into a new document).
pub(crate) fn merge(base: Option<Node>, t: &Transcription) -> Result<Node, String> {
    let mut doc = match base {
        Some(Node {
            value: Value::Map(m),
            ..
        }) => Node::map(m),
        Some(other) => {
            return Err(format!(
                "the spec must be a mapping, found {}",
                other.kind()
            ));
        }
        None => skeleton(t),
    };
    let ids: BTreeSet<String> = t.ops.iter().map(|o| o.id.clone()).collect();
    // Pruned operations' schemas go too when nothing else uses them.
    let pruned: BTreeSet<String> = if t.prune {
        operations(&doc)
            .into_iter()
            .map(|o| o.2)
            .filter(|id| !ids.contains(id))
            .collect()
    } else {
        BTreeSet::new()
    };
    let replaced: BTreeSet<String> = ids.union(&pruned).cloned().collect();
    let kept = keep_schema_names(&doc, t, &replaced);
    let t = kept.as_ref().unwrap_or(t);
    let (owned_old, _) = ownership(&doc, &replaced);
    let Some(root) = doc.as_map_mut() else {
        return Err("the spec must be a mapping".into());
    };
    merge_info(root, t);
    if let Some(servers) = &t.servers
        && !root.contains_key(keys::SERVERS)
    {
        // Where OpenAPI documents usually have it: after `info`.
        let at = root.get_index_of(keys::INFO).map_or(root.len(), |i| i + 1);
        root.shift_insert(at, keys::SERVERS.into(), servers.clone());
    }
    let paths = ensure_map(root, keys::PATHS)?;
    prune(paths, &pruned);
    for op in &t.ops {
        merge_operation(paths, op)?;
    }
    let components = ensure_map(root, keys::COMPONENTS)?;
    let schemas = ensure_map(components, keys::SCHEMAS)?;
    for (name, node) in &t.schemas {
        match schemas.get_mut(name) {
            Some(old) => *old = merge_schema(old, node),
            None => {
                schemas.insert(name.clone(), node.clone());
            }
        }
    }
    if let Some(codes) = &t.error_codes {
        root.insert(keys::X_ERROR_CODES.into(), codes.clone());
    }
    // Drop the schemas the re-transcribed operations used to own and nothing refers to any more.
    let ops: Vec<Node> = operations(&doc).into_iter().map(|o| o.3.clone()).collect();
    let schemas_now = doc
        .path(&[keys::COMPONENTS, keys::SCHEMAS])
        .and_then(Node::as_map)
        .cloned()
        .unwrap_or_default();
    let mut roots: Vec<&Node> = ops.iter().collect();
    let mut outside = doc.clone();
    if let Some(m) = outside.as_map_mut() {
        m.shift_remove(keys::PATHS);
        if let Some(c) = m.get_mut(keys::COMPONENTS).and_then(Node::as_map_mut) {
            c.shift_remove(keys::SCHEMAS);
        }
    }
    roots.push(&outside);
    let used = reachable(&roots, &schemas_now);
    if let Some(schemas) = doc
        .as_map_mut()
        .and_then(|m| m.get_mut(keys::COMPONENTS))
        .and_then(Node::as_map_mut)
        .and_then(|c| c.get_mut(keys::SCHEMAS))
        .and_then(Node::as_map_mut)
    {
        schemas.retain(|name, _| {
            !owned_old.contains(name.as_str())
                || used.contains(name.as_str())
                || t.schemas.contains_key(name.as_str())
        });
    }
    Ok(doc)
}

/// The body schemas of an operation: (`request` | status, media type, key path to the schema from the
/// operation object).
fn body_schemas(op: &Node) -> Vec<(String, Vec<String>)> {
    fn media(at: &str, prefix: &[&str], body: &Node, out: &mut Vec<(String, Vec<String>)>) {
        if let Some(content) = body.get(keys::CONTENT).and_then(Node::as_map) {
            for (m, v) in content {
                if v.get(keys::SCHEMA).is_some() {
                    let mut path: Vec<String> = prefix.iter().map(|k| (*k).to_owned()).collect();
                    path.extend([
                        keys::CONTENT.to_owned(),
                        m.name.clone(),
                        keys::SCHEMA.to_owned(),
                    ]);
                    out.push((format!("{at} {m}"), path));
                }
            }
        }
    }
    let mut out = Vec::new();
    if let Some(body) = op.get(keys::REQUEST_BODY) {
        media("request", &[keys::REQUEST_BODY], body, &mut out);
    }
    if let Some(responses) = op.get(keys::RESPONSES).and_then(Node::as_map) {
        for (status, r) in responses {
            media(status, &[keys::RESPONSES, status], r, &mut out);
        }
    }
    out
}

/// Where a `$ref` is: in an operation of the run (by index) or in a schema of the run (by name), at a key path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Holder {
    Op(usize),
    Schema(String),
}

/// One schema name of the spec and the run's name found at the same place.
struct Pair {
    new: String,
    old: String,
    holder: Holder,
    path: Vec<String>,
}

/// The spec's and the run's schemas, side by side.
struct Sides<'a> {
    old: &'a Map,
    new: &'a Map,
}

/// The schema name a `$ref` node points to.
pub(crate) fn schema_ref(n: &Node) -> Option<String> {
    n.get(keys::REF)
        .and_then(Node::as_str)
        .and_then(|r| r.strip_prefix(REF_PREFIX))
        .map(str::to_owned)
}

/// Pairs the schema names of `old` and `new` found at the same place (the same property, item or map value of
/// the same body of one operation), walking both in step; `seen` stops at pairs already walked.
fn pair_names(
    (old, new): (&Node, &Node),
    (holder, path): (&Holder, &mut Vec<String>),
    sides: &Sides<'_>,
    seen: &mut BTreeSet<(String, String)>,
    pairs: &mut Vec<Pair>,
) {
    if path.len() > crate::diff::MAX_DEPTH * 3 {
        return;
    }
    match (schema_ref(old), schema_ref(new)) {
        (Some(o), Some(n)) => {
            pairs.push(Pair {
                new: n.clone(),
                old: o.clone(),
                holder: holder.clone(),
                path: path.clone(),
            });
            if seen.insert((o.clone(), n.clone()))
                && let (Some(os), Some(ns)) = (sides.old.get(&o), sides.new.get(&n))
            {
                let holder = Holder::Schema(n);
                pair_names((os, ns), (&holder, &mut Vec::new()), sides, seen, pairs);
            }
            return;
        }
        (None, None) => {}
        _ => return,
    }
    if let (Some(op), Some(np)) = (
        old.get(keys::PROPERTIES).and_then(Node::as_map),
        new.get(keys::PROPERTIES).and_then(Node::as_map),
    ) {
        for (k, nv) in np {
            if let Some(ov) = op.get(k) {
                path.extend([keys::PROPERTIES.to_owned(), k.name.clone()]);
                pair_names((ov, nv), (holder, path), sides, seen, pairs);
                path.truncate(path.len() - 2);
            }
        }
    }
    for key in [keys::ITEMS, keys::ADDITIONAL_PROPERTIES] {
        if let (Some(o), Some(n)) = (old.get(key), new.get(key)) {
            path.push(key.to_owned());
            pair_names((o, n), (holder, path), sides, seen, pairs);
            path.pop();
        }
    }
}

/// `t` with its schemas named as the spec named them where the operation and the place are the same: the
/// naming pass decides names from this run's pages alone, and a doc update that changes a table's caption, or
/// makes two tables of one caption differ or agree, would otherwise rename Rust types users name.
///
/// Every `$ref` of the run is paired with the spec's at the same place (same operation, body, property path).
/// A name paired with one old name everywhere takes it (a schema of the run holding that name for a new
/// operation moves to `<Operation><Name>`); a name paired with several keeps its name where the old one was
/// the same, and elsewhere a copy takes the old name. An old name is taken only when nothing else of the run
/// pairs with it and no operation outside `replaced` (the run's, and those `--prune` removes) uses it. `None`
/// when nothing changes.
fn keep_schema_names(
    doc: &Node,
    t: &Transcription,
    replaced: &BTreeSet<String>,
) -> Option<Transcription> {
    use std::collections::BTreeMap;
    let empty = Map::new();
    let sides = Sides {
        old: doc
            .path(&[keys::COMPONENTS, keys::SCHEMAS])
            .and_then(Node::as_map)
            .unwrap_or(&empty),
        new: &t.schemas,
    };
    let old_ops = operations(doc);
    let mut pairs = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, op) in t.ops.iter().enumerate() {
        let Some((.., old)) = old_ops.iter().find(|o| o.2 == op.id) else {
            continue;
        };
        let old_bodies = body_schemas(old);
        for (at, mut path) in body_schemas(&op.node) {
            let Some((_, old_path)) = old_bodies.iter().find(|(a, _)| *a == at) else {
                continue;
            };
            if let (Some(o), Some(n)) = (old.path(&keys(old_path)), op.node.path(&keys(&path))) {
                pair_names(
                    (o, n),
                    (&Holder::Op(i), &mut path),
                    &sides,
                    &mut seen,
                    &mut pairs,
                );
            }
        }
    }
    let (_, foreign) = ownership(doc, replaced);
    let mut olds_of: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut news_of: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for p in &pairs {
        olds_of.entry(&p.new).or_default().insert(&p.old);
        news_of.entry(&p.old).or_default().insert(&p.new);
    }
    // An old name can be taken when no operation outside the run uses it and it is not a name of the run
    // paired with something itself (then it stays where it is).
    let takeable = |old: &str| !foreign.iter().any(|f| f == old) && !olds_of.contains_key(old);
    let same_but_caption = |a: &str, b: &str| {
        let strip = |n: &str| {
            let mut node = t.schemas.get(n).cloned();
            if let Some(m) = node.as_mut().and_then(Node::as_map_mut) {
                m.shift_remove(keys::X_CAPTION);
            }
            node
        };
        strip(a) == strip(b)
    };
    let mut renames: BTreeMap<String, String> = BTreeMap::new();
    for (old, news) in &news_of {
        let news: Vec<&str> = news.iter().copied().collect();
        // Names paired with this old name only; several of them only when they are one table (the docs
        // repeating it on several pages), which the spec had as one schema.
        let only_this = news
            .iter()
            .all(|n| olds_of.get(n).is_some_and(|o| o.len() == 1));
        if takeable(old) && only_this && news.iter().all(|n| same_but_caption(n, news[0])) {
            for n in news {
                renames.insert(n.to_owned(), (*old).to_owned());
            }
        }
    }
    let mut copies: Vec<(String, String)> = Vec::new();
    for (new, olds) in &olds_of {
        if olds.len() < 2 {
            continue;
        }
        for old in olds {
            if takeable(old)
                && news_of.get(old).is_some_and(|s| s.len() == 1)
                && !t.schemas.contains_key(*old)
            {
                copies.push(((*new).to_owned(), (*old).to_owned()));
            }
        }
    }
    // A schema of the run that holds a name another takes (a new operation's table, paired with nothing)
    // moves to `<Operation><Name>`, its first user's id in front.
    let mut evicted: BTreeMap<String, String> = BTreeMap::new();
    let targets: BTreeSet<String> = renames.values().cloned().collect();
    for name in &targets {
        if !t.schemas.contains_key(name) || renames.contains_key(name) {
            continue;
        }
        let user = t
            .ops
            .iter()
            .find(|op| reachable(&[&op.node], &t.schemas).contains(name));
        let moved = user.map(|op| format!("{}{name}", op.id));
        match moved {
            Some(m)
                if !t.schemas.contains_key(&m)
                    && !sides.old.contains_key(&m)
                    && !targets.contains(&m) =>
            {
                evicted.insert(name.clone(), m);
            }
            _ => {
                // Nowhere to move it: the run's naming stands for this one.
                renames.retain(|_, to| to != name);
            }
        }
    }
    renames.extend(evicted);
    if renames.is_empty() && copies.is_empty() {
        return None;
    }
    let mut out = t.clone();
    // Copies first, each at the places it pairs (paths are those of the run's own names).
    for (new, old) in &copies {
        if let Some(schema) = t.schemas.get(new) {
            out.schemas.insert(old.clone().into(), schema.clone());
        }
        for p in pairs.iter().filter(|p| p.new == *new && p.old == *old) {
            let holder = match &p.holder {
                Holder::Op(i) => out.ops.get_mut(*i).map(|o| &mut o.node),
                Holder::Schema(name) => out.schemas.get_mut(name),
            };
            if let Some(node) = holder.and_then(|h| path_mut(h, &p.path)) {
                *node = Node::map(Map::from_iter([(
                    keys::REF.into(),
                    Node::str(format!("{REF_PREFIX}{old}")),
                )]));
            }
        }
    }
    for op in &mut out.ops {
        rename_refs(&mut op.node, &renames);
    }
    out.schemas = out
        .schemas
        .into_iter()
        .map(|(name, mut node)| {
            rename_refs(&mut node, &renames);
            let renamed = renames.get(name.as_str()).map(Key::from);
            (renamed.unwrap_or(name), node)
        })
        .collect();
    Some(out)
}

fn keys(path: &[String]) -> Vec<&str> {
    path.iter().map(String::as_str).collect()
}

fn path_mut<'a>(node: &'a mut Node, path: &[String]) -> Option<&'a mut Node> {
    path.iter()
        .try_fold(node, |n, k| n.as_map_mut().and_then(|m| m.get_mut(k)))
}

fn rename_refs(node: &mut Node, renames: &std::collections::BTreeMap<String, String>) {
    match &mut node.value {
        Value::Map(m) => {
            for (k, v) in m.iter_mut() {
                if k == keys::REF
                    && let Some(name) = v.as_str().and_then(|r| r.strip_prefix(REF_PREFIX))
                    && let Some(to) = renames.get(name)
                {
                    *v = Node::str(format!("{REF_PREFIX}{to}"));
                } else {
                    rename_refs(v, renames);
                }
            }
        }
        Value::Seq(items) => items.iter_mut().for_each(|i| rename_refs(i, renames)),
        _ => {}
    }
}

fn ensure_map<'m>(m: &'m mut Map, key: &str) -> Result<&'m mut Map, String> {
    let entry = m.entry(key.into()).or_insert_with(|| Node::map(Map::new()));
    entry
        .as_map_mut()
        .ok_or_else(|| format!("`{key}` must be a mapping"))
}

/// Removes the operations `ids` (and path items left empty).
fn prune(paths: &mut Map, ids: &BTreeSet<String>) {
    if ids.is_empty() {
        return;
    }
    for item in paths.values_mut() {
        if let Some(item) = item.as_map_mut() {
            item.retain(|method, op| {
                !(METHODS.contains(&method.as_str())
                    && op
                        .get(keys::OPERATION_ID)
                        .and_then(Node::as_str)
                        .is_some_and(|id| ids.contains(id)))
            });
        }
    }
    paths.retain(|_, item| item.as_map().is_none_or(|m| !m.is_empty()));
}

fn merge_info(root: &mut Map, t: &Transcription) {
    let Some(info) = root
        .entry(keys::INFO.into())
        .or_insert_with(|| Node::map(Map::new()))
        .as_map_mut()
    else {
        return;
    };
    if let Some(s) = &t.service {
        info.insert(keys::X_SERVICE.into(), Node::str(s));
    }
    let sources = info
        .entry(keys::X_SOURCES.into())
        .or_insert_with(|| Node::seq(Vec::new()));
    if let Value::Seq(list) = &mut sources.value {
        if t.prune {
            list.clear();
        }
        for s in &t.sources {
            if !list.iter().any(|x| x.as_str() == Some(s)) {
                list.push(Node::str(s));
            }
        }
    }
}

fn merge_operation(paths: &mut Map, op: &OpOut) -> Result<(), String> {
    // Where the operation is now.
    let mut old: Option<(String, String, Node)> = None;
    for (path, item) in paths.iter() {
        if let Some(item) = item.as_map() {
            for (method, o) in item {
                if METHODS.contains(&method.as_str())
                    && o.get(keys::OPERATION_ID).and_then(Node::as_str) == Some(op.id.as_str())
                {
                    old = Some((path.name.clone(), method.name.clone(), o.clone()));
                }
            }
        }
    }
    let merged = match &old {
        Some((_, _, o)) => merge_op(o, &op.node),
        None => op.node.clone(),
    };
    // An action API keeps its fragment key; an operation whose method and path another operation of the
    // spec holds gets one.
    let separate = action_path(&op.path, &op.id);
    let taken_by_other = |paths: &Map, path: &str| {
        paths
            .get(path)
            .and_then(|item| item.get(&op.method))
            .and_then(|o| o.get(keys::OPERATION_ID))
            .and_then(Node::as_str)
            .is_some_and(|other| other != op.id)
    };
    let target = if old
        .as_ref()
        .is_some_and(|(path, method, _)| *path == separate && *method == op.method)
        || taken_by_other(paths, &op.path)
    {
        separate
    } else {
        op.path.clone()
    };
    let op = &OpOut {
        path: target,
        ..op.clone()
    };
    if let Some((path, method, _)) = &old
        && (path != &op.path || method != &op.method)
        && let Some(item) = paths.get_mut(path).and_then(Node::as_map_mut)
    {
        item.shift_remove(method);
        if item.is_empty() {
            paths.shift_remove(path);
        }
    }
    let item = paths
        .entry(op.path.clone().into())
        .or_insert_with(|| Node::map(Map::new()))
        .as_map_mut()
        .ok_or_else(|| format!("path item `{}` must be a mapping", op.path))?;
    if let Some(other) = item.get(&op.method)
        && other.get(keys::OPERATION_ID).and_then(Node::as_str) != Some(op.id.as_str())
    {
        return Err(format!(
            "`{} {}` is operation `{}` in the spec, but the page says it is `{}`",
            op.method.to_uppercase(),
            op.path,
            other
                .get(keys::OPERATION_ID)
                .and_then(Node::as_str)
                .unwrap_or("?"),
            op.id
        ));
    }
    item.insert(op.method.clone().into(), merged);
    Ok(())
}

/// New values for the owned keys (merged by `child` where both sides have them), then the old unowned keys.
fn merge_owned(
    old: &Node,
    new: &Node,
    owned: &[&str],
    child: &dyn Fn(&str, &Node, &Node) -> Node,
) -> Node {
    let (Some(o), Some(n)) = (old.as_map(), new.as_map()) else {
        return new.clone();
    };
    let mut out = Map::new();
    for (k, nv) in n {
        let v = match o.get(k) {
            Some(ov) => child(k, ov, nv),
            None => nv.clone(),
        };
        out.insert(k.clone(), v);
    }
    for (k, ov) in o {
        if !n.contains_key(k) && !owned.contains(&k.as_str()) {
            out.insert(k.clone(), ov.clone());
        }
    }
    Node::map(out)
}

/// The new map's entries, each merged with the old entry of the same key.
fn merge_entries(old: &Node, new: &Node, each: &dyn Fn(&Node, &Node) -> Node) -> Node {
    let (Some(o), Some(n)) = (old.as_map(), new.as_map()) else {
        return new.clone();
    };
    Node::map(
        n.iter()
            .map(|(k, nv)| {
                let v = o.get(k).map_or_else(|| nv.clone(), |ov| each(ov, nv));
                (k.clone(), v)
            })
            .collect(),
    )
}

fn merge_op(old: &Node, new: &Node) -> Node {
    merge_owned(old, new, OP_KEYS, &|k, o, n| match k {
        keys::PARAMETERS => merge_params(o, n),
        keys::REQUEST_BODY => merge_owned(o, n, REQUEST_BODY_KEYS, &|k, o, n| match k {
            keys::CONTENT => merge_entries(o, n, &merge_media),
            _ => n.clone(),
        }),
        keys::RESPONSES => merge_entries(o, n, &|o, n| {
            merge_owned(o, n, RESPONSE_KEYS, &|k, o, n| match k {
                keys::CONTENT => merge_entries(o, n, &merge_media),
                _ => n.clone(),
            })
        }),
        _ => n.clone(),
    })
}

fn merge_media(old: &Node, new: &Node) -> Node {
    merge_owned(old, new, MEDIA_KEYS, &|_, _, n| n.clone())
}

fn merge_params(old: &Node, new: &Node) -> Node {
    let (Some(o), Some(n)) = (old.as_seq(), new.as_seq()) else {
        return new.clone();
    };
    let id = |p: &Node| {
        (
            p.get(keys::NAME).and_then(Node::as_str).map(str::to_owned),
            p.get(keys::IN).and_then(Node::as_str).map(str::to_owned),
        )
    };
    Node::seq(
        n.iter()
            .map(|np| match o.iter().find(|op| id(op) == id(np)) {
                Some(op) => merge_owned(op, np, PARAM_KEYS, &|k, o, n| match k {
                    keys::SCHEMA => merge_schema(o, n),
                    _ => n.clone(),
                }),
                None => np.clone(),
            })
            .collect(),
    )
}

/// Merges a schema (component, property, parameter schema, `items`).
pub(crate) fn merge_schema(old: &Node, new: &Node) -> Node {
    merge_owned(old, new, SCHEMA_KEYS, &|k, o, n| match k {
        keys::PROPERTIES => merge_entries(o, n, &merge_schema),
        keys::ITEMS | keys::ADDITIONAL_PROPERTIES => merge_schema(o, n),
        _ => n.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn j(s: &str) -> Node {
        Node::from_json(s).expect("json")
    }

    #[test]
    fn owned_keys_replaced_overrides_kept() {
        let old = j(
            r#"{"type":"object","description":"old","properties":{"a":{"type":"string","x-numeric-string":true,"enum":["1"]},"gone":{"type":"string"}},"x-caption":"T","x-rust-name":"Nice"}"#,
        );
        let new = j(
            r#"{"type":"object","description":"new","properties":{"a":{"type":"string","description":"A"},"b":{"type":"integer"}},"x-caption":"T2"}"#,
        );
        let m = merge_schema(&old, &new);
        let want = j(
            r#"{"type":"object","description":"new","properties":{"a":{"type":"string","description":"A","x-numeric-string":true,"enum":["1"]},"b":{"type":"integer"}},"x-caption":"T2","x-rust-name":"Nice"}"#,
        );
        assert_eq!(m, want);
    }

    #[test]
    fn params_matched_by_name_and_location() {
        let old = j(
            r#"[{"name":"a","in":"query","schema":{"type":"string","enum":["x","y"]},"x-required-inferred":true}]"#,
        );
        let new = j(r#"[{"name":"a","in":"query","required":true,"schema":{"type":"string"}}]"#);
        let want = j(
            r#"[{"name":"a","in":"query","required":true,"schema":{"type":"string","enum":["x","y"]}}]"#,
        );
        assert_eq!(merge_params(&old, &new), want);
    }

    #[test]
    fn the_owned_keys_are_those_spec_readme_documents() {
        // spec/README.md: "for each object the transcriber writes a fixed set of keys (operation: `…`; …)".
        let readme = include_str!("../../../spec/README.md").replace('\n', " ");
        let list = readme
            .split("writes a fixed set of keys (")
            .nth(1)
            .and_then(|rest| rest.split("). Those are").next())
            .expect("spec/README.md lists the keys the transcriber owns");
        let documented: Vec<(&str, Vec<&str>)> = list
            .split("`; ")
            .filter_map(|entry| {
                let (what, keys) = entry.split_once(": `")?;
                Some((
                    what.trim(),
                    keys.trim_end_matches('`').split_whitespace().collect(),
                ))
            })
            .collect();
        let owned = [
            ("operation", OP_KEYS),
            ("parameter", PARAM_KEYS),
            ("request body", REQUEST_BODY_KEYS),
            ("response", RESPONSE_KEYS),
            ("media type", MEDIA_KEYS),
            ("schema / property", SCHEMA_KEYS),
        ];
        assert_eq!(documented.len(), owned.len(), "{documented:?}");
        for ((what, keys), (want_what, want_keys)) in documented.iter().zip(owned) {
            assert_eq!(*what, want_what);
            assert_eq!(keys.as_slice(), want_keys, "{what}");
        }
    }
}
