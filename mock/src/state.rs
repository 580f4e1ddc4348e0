//! The stateful emulator's store: the items of every [inferred resource](mod@crate::infer), what
//! create, list, show, update and delete do to them, and the `--state` file.
//!
//! # What the operations do
//!
//! - **Ids in the path** ([rule 8](mod@crate::infer)): every id parameter of a request must name an
//!   item that exists under the request's parents, outermost first; else the answer is a 404
//!   `DMS.00404001` naming the parameter (a topic of an unknown instance is a 404 for the instance).
//! - **Create** stores a new item, newest first: the resource's template item (the first item of
//!   the list's example, else the show's example item) with every member of the JSON body named
//!   like an item field, the id (the body's id field or create id when it has one, a client-chosen id, which must
//!   be new under the parent: else 409 `DMS.00409001`; else a new id shaped like the template's:
//!   a number one above the largest held when the id field is an integer, 32 hex digits, a UUID, or `<template>-<n>`) and every template field holding a time (RFC 3339
//!   or epoch milliseconds) set to now. The answer is the create's own example answer with each of
//!   its members that the item has taken from the item, and the id under the id field's name, the
//!   id parameter's name or `id`; the same one level down, in an object or a list of objects (kept
//!   to one entry) that has such an id member (`{"instances": [{"instance_id": …}]}`).
//! - **List** answers the list's example with the items of the request's parents that match the
//!   filters (equal as text), paged ([rule 7](mod@crate::infer)): a page has the `limit`/page size
//!   asked for, or [`crate::DEFAULT_LIMIT`] items; the total counts every matching item (a string
//!   when the example writes it as one).
//! - **Show** answers the show's example with the item's members written over it (at the root,
//!   or in the field holding the item).
//! - **Update** writes the body's members named like item fields (the id excepted) over the item;
//!   the answer is the update's example, with the item's members where it has them. For a resource
//!   with no create, a PUT on an unknown item's path creates it (`Resource::update_creates`).
//! - **Delete** removes the item and every item below it (a deleted instance's connector tasks);
//!   the answer is the delete's example answer.
//! - **Batch delete** ([rule 9](mod@crate::infer)) does the same for every id its body lists
//!   (at most [`crate::MockServerBuilder::max_items`] of them) that exists under the request's
//!   parents, and skips the others; the answer is its example answer.
//! - **Batch update** ([rule 10](mod@crate::infer)) writes each listed object's members named
//!   like item fields (the id excepted) over the item it names (at most
//!   [`crate::MockServerBuilder::max_items`] objects; unknown ids are skipped); the answer is its
//!   example answer.
//! - **Action batch** ([rule 11](mod@crate::infer)): by the body's `action` value (or the path), adds each
//!   listed item that does not exist under the request's parents (the template item with the listed object's
//!   members named like item fields; a listed item that exists takes those members, as a tag takes its new
//!   value; past the quota the rest is not added), removes each listed one as a batch delete does, or (any
//!   other action) changes nothing; at most [`crate::MockServerBuilder::max_items`] listed items are read.
//!   The answer is its example answer.
//!
//! Every item holds its id under the id field and its aliases ([rule 4](mod@crate::infer)); a
//! create body names a client-chosen id by the id field or by the resource's create id (a topic's
//! `id`), and no body changes an id field.
//!
//! Every answer is made to conform to its response schema ([`crate::conform`]). An operation that
//! is none of these, on ids that exist, keeps its example answer.
//!
//! # Seed data
//!
//! Deterministic: each resource starts with the items of its list's example (else the item of its
//! show's example), under the first item of its innermost parent; an example item without an id,
//! or whose id is already taken (examples often repeat a masked id), gets a generated one. The ids
//! generated are the same on every run.
//!
//! # Limits
//!
//! At most [`DEFAULT_MAX_ITEMS`] items per resource ([`crate::MockServerBuilder::max_items`]);
//! a create past it is a 403 `DMS.00403001` (the quota). A request body is at most
//! [`crate::DEFAULT_BODY_LIMIT`], so an item is too.
//!
//! # The state file
//!
//! With [`crate::MockServerBuilder::state_file`] (`--state FILE`), the store is read from the file
//! at start when it exists (instead of the seed data), and written after every change (to a
//! temporary file renamed over it, so the file is always whole): JSON,
//! `{"format": "huaweicloud-mock-state/1", "counter": N, "resources": {"<item path>": [{"parent":
//! ["<parent id>", …], "item": {…}}]}}`. A file that does not read is an error at start, with its
//! line and column; a resource the spec does not have is an error too.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use codegen::spec::Spec;
use http::StatusCode;
use serde_json::{Map, Value};

use crate::answers::Canned;
use crate::conform::Conformer;
use crate::error::ApiError;
use crate::infer::{Batch, BatchEffect, Paging, Resource, ResourceModel, Role, success_schema};
use crate::store::{DEFAULT_LIMIT, generated_id, read_time, write_time};
use crate::validate::QueryValues;

/// How many items a resource holds at most, by default.
pub const DEFAULT_MAX_ITEMS: usize = 10_000;

/// The `format` of a state file.
const STATE_FORMAT: &str = "huaweicloud-mock-state/1";

/// The seed of the id generator: fixed, so the ids are the same on every run.
const ID_SEED: u64 = 0x1D5_EED;

/// One stored item.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Stored {
    /// The ids of its parents, outermost first.
    pub(crate) parent: Vec<String>,
    /// The item.
    pub(crate) item: Map<String, Value>,
}

#[derive(Debug, Default)]
struct Inner {
    /// Per resource, newest first.
    items: Vec<Vec<Stored>>,
    /// How many ids were generated (the generator's position).
    counter: u64,
}

/// What a resource operation answers.
pub(crate) enum Reply {
    /// The operation's example answer, as it is.
    Canned,
    /// This JSON, with the operation's success status.
    Json(Value),
}

/// The store of the stateful emulator.
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) model: ResourceModel,
    /// Per resource: the item new items start from.
    templates: Vec<Map<String, Value>>,
    inner: Mutex<Inner>,
    file: Option<PathBuf>,
    max_items: usize,
}

/// Writes the item's members over the members of `answer` it has, and the id over the members
/// named like the id (`id_keys`) that the item does not have.
fn fill(answer: &mut Map<String, Value>, item: &Map<String, Value>, id_keys: &[&str], id: &Value) {
    for (k, v) in answer.iter_mut() {
        if let Some(x) = item.get(k) {
            *v = x.clone();
        } else if id_keys.contains(&k.as_str()) && !id.is_null() {
            *v = id.clone();
        }
    }
}

/// Stores `id` under the id field of `r` and its aliases ([`Resource::id_aliases`]).
fn set_id(r: &Resource, item: &mut Map<String, Value>, id: Value) {
    for alias in &r.id_aliases {
        item.insert(alias.clone(), id.clone());
    }
    item.insert(r.id_field.clone(), id);
}

/// Whether `field` of `r` holds the id (the id field or an alias): a body does not change it.
fn is_id(r: &Resource, field: &str) -> bool {
    r.id_field == field || r.id_aliases.iter().any(|a| a == field)
}

/// The id of an item, as text.
fn id_text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// The example item of a resource: the list example's first item, else the show example's item.
fn example_items(r: &Resource, spec: &Spec, answers: &[Canned]) -> Vec<Map<String, Value>> {
    let answer = |op: &Option<String>| {
        let i = spec
            .operations
            .iter()
            .position(|o| Some(&o.id) == op.as_ref())?;
        answers.get(i)?.json.clone()
    };
    if let Some(list) = answer(&r.list) {
        let items: Vec<Map<String, Value>> = r
            .listed_items(&list)
            .map(|a| a.iter().filter_map(Value::as_object).cloned().collect())
            .unwrap_or_default();
        if !items.is_empty() {
            return items;
        }
    }
    let Some(show) = answer(&r.show) else {
        return Vec::new();
    };
    let item = match &r.show_field {
        Some(f) => show.get(f).cloned(),
        None => Some(show),
    };
    item.and_then(|v| v.as_object().cloned())
        .into_iter()
        .collect()
}

impl Inner {
    /// A new id for resource `r` (at `index`), shaped like `template`: a number one above the
    /// largest numeric id held (when the id field is an integer or the template a number), else text
    /// ([`generated_id`]).
    fn new_id(&mut self, r: &Resource, index: usize, template: Option<&Value>) -> Value {
        if r.id_integer || template.is_some_and(Value::is_number) {
            let largest = self.items[index]
                .iter()
                .filter_map(|s| s.item.get(&r.id_field).and_then(Value::as_i64))
                .chain(template.and_then(Value::as_i64))
                .max()
                .unwrap_or(0);
            return Value::from(largest.saturating_add(1));
        }
        let mut rng = fastrand::Rng::with_seed(ID_SEED ^ self.counter.wrapping_mul(0x9E37_79B9));
        self.counter += 1;
        let shape = template.and_then(Value::as_str).unwrap_or("id");
        Value::from(generated_id(shape, &mut rng, self.counter as usize))
    }
}

impl State {
    /// The store: read from `file` when it exists, else seeded from the examples.
    pub(crate) fn new(
        spec: &Spec,
        model: ResourceModel,
        answers: &[Canned],
        file: Option<PathBuf>,
        max_items: usize,
    ) -> Result<Self, String> {
        let examples: Vec<Vec<Map<String, Value>>> = model
            .resources
            .iter()
            .map(|r| example_items(r, spec, answers))
            .collect();
        let templates = examples
            .iter()
            .map(|e| e.first().cloned().unwrap_or_default())
            .collect();
        let mut state = State {
            templates,
            inner: Mutex::new(Inner {
                items: vec![Vec::new(); model.resources.len()],
                counter: 0,
            }),
            model,
            file,
            max_items,
        };
        match &state.file {
            Some(path) if path.exists() => state.load(&path.clone())?,
            _ => state.seed(examples),
        }
        Ok(state)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn seed(&mut self, examples: Vec<Vec<Map<String, Value>>>) {
        let inner = self.inner.get_mut().unwrap_or_else(|e| e.into_inner());
        for (i, (r, items)) in self.model.resources.iter().zip(examples).enumerate() {
            // Under the first item of the innermost parent.
            let parent = match r.parents.last() {
                None => Vec::new(),
                Some(p) => {
                    let owner = &self.model.resources[p.resource];
                    let Some(first) = inner.items[p.resource].first() else {
                        continue;
                    };
                    let Some(id) = id_text(first.item.get(&owner.id_field)) else {
                        continue;
                    };
                    let mut key = first.parent.clone();
                    key.push(id);
                    if key.len() != r.parents.len() {
                        continue;
                    }
                    key
                }
            };
            for mut item in items.into_iter().take(self.max_items) {
                let taken = |id: &str, list: &[Stored]| {
                    list.iter()
                        .any(|s| id_text(s.item.get(&r.id_field)).as_deref() == Some(id))
                };
                let old = item.get(&r.id_field).cloned();
                let id = match id_text(old.as_ref()) {
                    Some(id) if !taken(&id, &inner.items[i]) => old.unwrap_or_default(),
                    _ => inner.new_id(r, i, old.as_ref()),
                };
                set_id(r, &mut item, id);
                inner.items[i].push(Stored {
                    parent: parent.clone(),
                    item,
                });
            }
        }
    }

    fn load(&mut self, path: &Path) -> Result<(), String> {
        let shown = path.display();
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{shown}: cannot read the state file: {e}"))?;
        let doc: Value = serde_json::from_str(&text).map_err(|e| {
            format!(
                "{shown}:{}:{}: the state file is not JSON: {e}",
                e.line(),
                e.column()
            )
        })?;
        if doc.get("format").and_then(Value::as_str) != Some(STATE_FORMAT) {
            return Err(format!(
                "{shown}: not a state file (`format` is not `{STATE_FORMAT}`)"
            ));
        }
        let inner = self.inner.get_mut().unwrap_or_else(|e| e.into_inner());
        inner.counter = doc.get("counter").and_then(Value::as_u64).unwrap_or(0);
        let resources = doc
            .get("resources")
            .and_then(Value::as_object)
            .ok_or_else(|| format!("{shown}: `resources` is not an object"))?;
        for (path_template, entries) in resources {
            let Some(i) = self
                .model
                .resources
                .iter()
                .position(|r| &r.item == path_template)
            else {
                return Err(format!(
                    "{shown}: the resource `{path_template}` is not one the spec has (see --print-resources)"
                ));
            };
            let entries = entries
                .as_array()
                .ok_or_else(|| format!("{shown}: `{path_template}` is not a list"))?;
            if entries.len() > self.max_items {
                return Err(format!(
                    "{shown}: `{path_template}` has {} items, more than the limit of {}",
                    entries.len(),
                    self.max_items
                ));
            }
            let want = self.model.resources[i].parents.len();
            for (n, e) in entries.iter().enumerate() {
                let bad = || {
                    format!(
                        "{shown}: `{path_template}` item {n}: expected {{\"parent\": [{want} id(s)], \"item\": {{…}}}}"
                    )
                };
                let parent: Vec<String> = e
                    .get("parent")
                    .and_then(Value::as_array)
                    .ok_or_else(bad)?
                    .iter()
                    .map(|v| v.as_str().map(str::to_owned))
                    .collect::<Option<_>>()
                    .ok_or_else(bad)?;
                let item = e.get("item").and_then(Value::as_object).ok_or_else(bad)?;
                if parent.len() != want {
                    return Err(bad());
                }
                inner.items[i].push(Stored {
                    parent,
                    item: item.clone(),
                });
            }
        }
        Ok(())
    }

    /// Writes the state file (when there is one).
    fn save(&self, inner: &Inner) {
        let Some(path) = &self.file else {
            return;
        };
        let mut resources = Map::new();
        for (r, items) in self.model.resources.iter().zip(&inner.items) {
            let list: Vec<Value> = items
                .iter()
                .map(|s| serde_json::json!({"parent": s.parent, "item": s.item}))
                .collect();
            resources.insert(r.item.clone(), Value::Array(list));
        }
        let doc = serde_json::json!({
            "format": STATE_FORMAT,
            "counter": inner.counter,
            "resources": resources,
        });
        let tmp = path.with_extension("tmp");
        let written = serde_json::to_vec_pretty(&doc)
            .map_err(std::io::Error::other)
            .and_then(|bytes| std::fs::write(&tmp, bytes))
            .and_then(|()| std::fs::rename(&tmp, path));
        if let Err(e) = written {
            tracing::error!(file = %path.display(), error = %e, "cannot write the state file");
        }
    }

    /// The items of resource `r` (parents' ids and item), newest first.
    pub(crate) fn items(&self, r: usize) -> Vec<Stored> {
        self.lock().items.get(r).cloned().unwrap_or_default()
    }

    /// The parent key of resource `r` in a request (`None` when a parent parameter is absent).
    fn parent_key(&self, r: usize, params: &[(String, String)]) -> Option<Vec<String>> {
        self.model.resources[r]
            .parents
            .iter()
            .map(|p| param(params, &p.param).map(str::to_owned))
            .collect()
    }

    fn position(
        &self,
        inner: &Inner,
        r: usize,
        parent: Option<&[String]>,
        id: &str,
    ) -> Option<usize> {
        let field = &self.model.resources[r].id_field;
        inner.items[r].iter().position(|s| {
            parent.is_none_or(|p| s.parent == p)
                && id_text(s.item.get(field)).as_deref() == Some(id)
        })
    }

    /// A new item of resource `r`: its template with the body's members named like item fields over it (the
    /// id excepted: the caller decides it).
    fn new_item(&self, r: usize, body: &Map<String, Value>) -> Map<String, Value> {
        let resource = &self.model.resources[r];
        let mut item = self.templates[r].clone();
        for (k, v) in body {
            if resource.fields.contains(k) && !is_id(resource, k) {
                item.insert(k.clone(), v.clone());
            }
        }
        item
    }

    /// Checks that every id in the request's path exists (outermost first).
    pub(crate) fn check_ids(&self, op: usize, params: &[(String, String)]) -> Result<(), ApiError> {
        let Some(ids) = self.model.ids.get(op) else {
            return Ok(());
        };
        let inner = self.lock();
        for (name, r) in ids {
            // The item a PUT creates need not exist yet (`Resource::update_creates`).
            let resource = &self.model.resources[*r];
            if resource.update_creates
                && *name == resource.id_param
                && self.model.roles.get(op) == Some(&Some((*r, Role::Update)))
            {
                continue;
            }
            let id = param(params, name).unwrap_or_default();
            let parent = self.parent_key(*r, params);
            if self.position(&inner, *r, parent.as_deref(), id).is_none() {
                return Err(ApiError::resource_not_found(format!(
                    "{} '{id}' is not found",
                    name
                )));
            }
        }
        Ok(())
    }

    /// What a request of operation `op` that passed every check does, when it acts on a resource.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn act(
        &self,
        spec: &Spec,
        op: usize,
        params: &[(String, String)],
        query: &QueryValues,
        body: &[u8],
        canned: &Canned,
        conformer: &Conformer,
        now: jiff::Timestamp,
    ) -> Option<Result<Reply, ApiError>> {
        let (r, role) = (*self.model.roles.get(op)?)?;
        let operation = spec.operations.get(op)?;
        let resource = &self.model.resources[r];
        let parent = self.parent_key(r, params).unwrap_or_default();
        let body: Map<String, Value> = serde_json::from_slice::<Value>(body)
            .ok()
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default();
        let conform = |v: Value| match success_schema(operation) {
            Some(schema) => conformer.conform_root(schema, &v).value,
            None => v,
        };
        // The example answer with the members the item has taken from it.
        let echo = |item: &Map<String, Value>| -> Reply {
            match canned.json.as_ref().and_then(Value::as_object) {
                Some(answer) => {
                    let mut out = answer.clone();
                    let id = item.get(&resource.id_field).cloned().unwrap_or(Value::Null);
                    let mut id_keys = vec![resource.id_field.as_str(), resource.id_param.as_str()];
                    id_keys.extend(resource.id_aliases.iter().map(String::as_str));
                    id_keys.push("id");
                    fill(&mut out, item, &id_keys, &id);
                    // One level down: an object or a list of objects holding the id (`{"instances":
                    // [{"instance_id": …}]}`) describes the new item; a list keeps one entry.
                    for v in out.values_mut() {
                        match v {
                            Value::Object(o) if id_keys.iter().any(|k| o.contains_key(*k)) => {
                                fill(o, item, &id_keys, &id)
                            }
                            Value::Array(list)
                                if list.first().and_then(Value::as_object).is_some_and(|o| {
                                    id_keys.iter().any(|k| o.contains_key(*k))
                                }) =>
                            {
                                list.truncate(1);
                                if let Some(Value::Object(o)) = list.first_mut() {
                                    fill(o, item, &id_keys, &id);
                                }
                            }
                            _ => {}
                        }
                    }
                    Reply::Json(conform(Value::Object(out)))
                }
                None => Reply::Canned,
            }
        };
        let mut inner = self.lock();
        let reply = match role {
            Role::Create => {
                let total: usize = inner.items[r].len();
                if total >= self.max_items {
                    return Some(Err(ApiError::new(
                        StatusCode::FORBIDDEN,
                        crate::error::codes::QUOTA,
                        format!(
                            "The quota is used up: {} holds {total} items already (the emulator's limit)",
                            resource.name
                        ),
                    )));
                }
                let mut item = self.new_item(r, &body);
                // The body names the new item by the id field, else by the create id (rule 4).
                let named = resource.create_id.as_ref().unwrap_or(&resource.id_field);
                let id = match id_text(body.get(named)) {
                    Some(id) => {
                        if self.position(&inner, r, Some(&parent), &id).is_some() {
                            return Some(Err(ApiError::new(
                                StatusCode::CONFLICT,
                                crate::error::codes::CONFLICT,
                                format!("{} '{id}' already exists", resource.id_field),
                            )));
                        }
                        body.get(named).cloned().unwrap_or_default()
                    }
                    None => inner.new_id(resource, r, self.templates[r].get(&resource.id_field)),
                };
                for (k, v) in self.templates[r].iter() {
                    if body.contains_key(k) {
                        continue;
                    }
                    if let Some((_, repr)) = read_time(v) {
                        item.insert(k.clone(), write_time(now.as_millisecond(), repr));
                    }
                }
                set_id(resource, &mut item, id);
                let reply = echo(&item);
                inner.items[r].insert(0, Stored { parent, item });
                self.save(&inner);
                reply
            }
            Role::List => Reply::Json(conform(self.list(&inner, r, &parent, query, canned))),
            Role::BatchDelete => {
                let Some(batch) = &resource.batch_delete else {
                    return Some(Ok(Reply::Canned));
                };
                let listed = body.get(&batch.field).and_then(Value::as_array);
                let ids: Vec<String> = listed
                    .into_iter()
                    .flatten()
                    .filter_map(|v| match &batch.key {
                        Some(key) => id_text(v.get(key)),
                        None => id_text(Some(v)),
                    })
                    // No more than a resource can hold: the rest could not all exist.
                    .take(self.max_items)
                    .collect();
                self.remove_all(&mut inner, r, &parent, ids);
                self.save(&inner);
                Reply::Canned
            }
            Role::ActionBatch(b) => {
                let Some(batch) = resource.action_batches.get(b) else {
                    return Some(Ok(Reply::Canned));
                };
                let listed: Vec<&Value> = body
                    .get(&batch.field)
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    // No more than a resource can hold: the rest could not all be stored.
                    .take(self.max_items)
                    .collect();
                let id_of = |v: &Value| match &batch.key {
                    Some(key) => id_text(v.get(key)),
                    None => id_text(Some(v)),
                };
                match batch.effect(&body) {
                    BatchEffect::Create => {
                        for entry in listed {
                            let Some(id) = id_of(entry) else { continue };
                            let members = entry.as_object().cloned().unwrap_or_default();
                            match self.position(&inner, r, Some(&parent), &id) {
                                // A listed item that exists takes the entry's members (a tag's new value).
                                Some(at) => {
                                    let stored = &mut inner.items[r][at].item;
                                    for (k, v) in members {
                                        if resource.fields.contains(&k) && !is_id(resource, &k) {
                                            stored.insert(k, v);
                                        }
                                    }
                                }
                                // Past the quota the rest is not stored, as a create past it is refused.
                                None if inner.items[r].len() >= self.max_items => break,
                                None => {
                                    let mut item = self.new_item(r, &members);
                                    // The id as listed: a number stays one.
                                    let listed_id = match &batch.key {
                                        Some(key) => entry.get(key),
                                        None => Some(entry),
                                    };
                                    let id = listed_id
                                        .filter(|v| v.is_string() || v.is_number())
                                        .cloned()
                                        .unwrap_or_else(|| Value::from(id.clone()));
                                    set_id(resource, &mut item, id);
                                    inner.items[r].insert(
                                        0,
                                        Stored {
                                            parent: parent.clone(),
                                            item,
                                        },
                                    );
                                }
                            }
                        }
                    }
                    BatchEffect::Delete => {
                        let ids: Vec<String> = listed.into_iter().filter_map(id_of).collect();
                        self.remove_all(&mut inner, r, &parent, ids);
                    }
                    BatchEffect::Other => {}
                }
                self.save(&inner);
                Reply::Canned
            }
            Role::BatchUpdate => {
                let Some(Batch {
                    field,
                    key: Some(key),
                    ..
                }) = &resource.batch_update
                else {
                    return Some(Ok(Reply::Canned));
                };
                let listed = body.get(field).and_then(Value::as_array);
                // No more than a resource can hold: the rest could not all exist.
                for entry in listed.into_iter().flatten().take(self.max_items) {
                    let Some(entry) = entry.as_object() else {
                        continue;
                    };
                    let Some(id) = id_text(entry.get(key)) else {
                        continue;
                    };
                    // Ids that do not exist are skipped, as a batch delete skips them.
                    if let Some(at) = self.position(&inner, r, Some(&parent), &id) {
                        let stored = &mut inner.items[r][at].item;
                        for (k, v) in entry {
                            if resource.fields.contains(k) && !is_id(resource, k) {
                                stored.insert(k.clone(), v.clone());
                            }
                        }
                    }
                }
                self.save(&inner);
                Reply::Canned
            }
            Role::Show | Role::Update | Role::Delete => {
                let id = param(params, &resource.id_param).unwrap_or_default();
                let Some(at) = self.position(&inner, r, Some(&parent), id) else {
                    // A resource nothing else creates is created by a PUT on the item's path.
                    if role == Role::Update && resource.update_creates && !id.is_empty() {
                        let mut item = self.new_item(r, &body);
                        set_id(resource, &mut item, Value::from(id));
                        let reply = echo(&item);
                        inner.items[r].insert(0, Stored { parent, item });
                        self.save(&inner);
                        return Some(Ok(reply));
                    }
                    return Some(Err(ApiError::resource_not_found(format!(
                        "{} '{id}' is not found",
                        resource.id_param
                    ))));
                };
                match role {
                    Role::Show => {
                        let item = &inner.items[r][at].item;
                        let mut answer = canned
                            .json
                            .clone()
                            .unwrap_or_else(|| Value::Object(Map::new()));
                        let target = match &resource.show_field {
                            Some(f) => {
                                let obj = answer.as_object_mut()?;
                                let slot = obj.entry(f.clone()).or_insert(Value::Null);
                                if !slot.is_object() {
                                    *slot = Value::Object(Map::new());
                                }
                                slot
                            }
                            None => &mut answer,
                        };
                        match target.as_object_mut() {
                            Some(t) => t.extend(item.clone()),
                            None => *target = Value::Object(item.clone()),
                        }
                        Reply::Json(conform(answer))
                    }
                    Role::Update => {
                        let stored = &mut inner.items[r][at].item;
                        for (k, v) in &body {
                            if resource.fields.contains(k) && !is_id(resource, k) {
                                stored.insert(k.clone(), v.clone());
                            }
                        }
                        let item = stored.clone();
                        self.save(&inner);
                        echo(&item)
                    }
                    _ => {
                        let removed = inner.items[r].remove(at);
                        let mut key = removed.parent;
                        key.push(id.to_owned());
                        self.remove_below(&mut inner, r, &key);
                        self.save(&inner);
                        Reply::Canned
                    }
                }
            }
        };
        Some(Ok(reply))
    }

    /// Removes the items of `r` under `parent` with these ids, and the items below them. Ids that do not
    /// exist are skipped: the pages answer success with per-item failures.
    fn remove_all(&self, inner: &mut Inner, r: usize, parent: &[String], ids: Vec<String>) {
        for id in ids {
            if let Some(at) = self.position(inner, r, Some(parent), &id) {
                let removed = inner.items[r].remove(at);
                let mut key = removed.parent;
                key.push(id);
                self.remove_below(inner, r, &key);
            }
        }
    }

    /// Removes the items below the item of `r` whose full key (parents and id) is `key`.
    fn remove_below(&self, inner: &mut Inner, r: usize, key: &[String]) {
        for (s, child) in self.model.resources.iter().enumerate() {
            if let Some(k) = child.parents.iter().position(|p| p.resource == r) {
                inner.items[s].retain(|item| item.parent.get(..=k) != Some(key));
            }
        }
    }

    /// The list answer: the example with the matching items of the page.
    fn list(
        &self,
        inner: &Inner,
        r: usize,
        parent: &[String],
        query: &QueryValues,
        canned: &Canned,
    ) -> Value {
        let resource = &self.model.resources[r];
        let matching: Vec<&Map<String, Value>> = inner.items[r]
            .iter()
            .filter(|s| s.parent == parent)
            .map(|s| &s.item)
            .filter(|item| {
                resource.filters.iter().all(|f| match query.get(f) {
                    None => true,
                    Some(want) => match item.get(f) {
                        Some(Value::String(s)) => s == want,
                        Some(v) => want.as_str() == v.to_string().as_str(),
                        None => false,
                    },
                })
            })
            .collect();
        let number = |name: &Option<String>| -> Option<i64> {
            name.as_ref()
                .and_then(|n| query.get(n))
                .and_then(|v| v.parse::<i64>().ok())
        };
        let (skip, size) = match &resource.paging {
            Paging::None => (0, None),
            Paging::Offset {
                offset,
                limit,
                first,
            } => (
                number(&Some(offset.clone())).map_or(0, |o| o.max(*first) - first),
                number(limit),
            ),
            Paging::Marker { marker, limit } => {
                let after = query.get(marker).and_then(|m| {
                    matching.iter().position(|item| {
                        id_text(item.get(&resource.id_field)).as_deref() == Some(m.as_str())
                    })
                });
                (after.map_or(0, |i| i as i64 + 1), number(limit))
            }
            Paging::Page { page, size } => {
                let size_v = number(size).unwrap_or(DEFAULT_LIMIT);
                let page = number(&Some(page.clone())).unwrap_or(1).max(1);
                (
                    page.saturating_sub(1).saturating_mul(size_v.max(0)),
                    Some(size_v),
                )
            }
        };
        let take = match (&resource.paging, size) {
            (Paging::None, _) => usize::MAX,
            (_, Some(n)) => usize::try_from(n).unwrap_or(0),
            (_, None) => DEFAULT_LIMIT as usize,
        };
        let page: Vec<Value> = matching
            .iter()
            .skip(usize::try_from(skip).unwrap_or(usize::MAX))
            .take(take)
            .map(|m| Value::Object((*m).clone()))
            .collect();
        if resource.list_is_array {
            return Value::Array(page);
        }
        let mut out = canned
            .json
            .as_ref()
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        if let Some(field) = &resource.items_field {
            out.insert(field.clone(), Value::Array(page));
        }
        if let Some(total) = &resource.total_field {
            let n = matching.len();
            let v = if out.get(total).is_some_and(Value::is_string) {
                Value::from(n.to_string())
            } else {
                Value::from(n)
            };
            out.insert(total.clone(), v);
        }
        Value::Object(out)
    }
}
