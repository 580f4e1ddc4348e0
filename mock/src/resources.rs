//! What reads and deletes of one resource do: items of a store, and deleted resources.
//!
//! # Items of a store
//!
//! A GET or DELETE whose path template is the template of a paginated operation plus one
//! parameter segment (`…/tasks/{task_id}` below `…/tasks`) reads or removes one item of that
//! operation's store ([`crate::store`]): the item whose `id` field (or, without one, the field
//! named like the parameter) equals the parameter. The store is the same for every instance, as
//! the listing is. An unknown id is a 404 `DMS.00404001`.
//!
//! - The GET (ShowBackgroundTask) answers its own response shape: when its example holds the
//!   store's item array (`tasks`), that array with the one item and the total (`task_count`) 1,
//!   else the item itself; the result is made to conform to its response schema.
//! - The DELETE (DeleteBackgroundTask) removes the item: the listing no longer has it, the GET of
//!   it is a 404.
//!
//! # Other resources
//!
//! The emulator keeps no other resources: a GET of any id answers the example. But what a client
//! deletes stays deleted: a successful DELETE of an operation that is not a store item (DeleteGroup,
//! DeleteInstance, DeleteConnectorTask …) records its path (the decoded segments, project id
//! included). Afterwards every request whose path starts with a recorded one answers 404
//! `DMS.00404001`: the resource itself and everything below it (after `DELETE /instances/X`,
//! `GET /instances/X/topics` too). The last 10 000 deleted paths are remembered. A successful POST to a path that a recorded one starts with
//! (the collection the resource lives in: `POST …/connector/tasks` after
//! `DELETE …/connector/tasks/T`) creates it again: the record is dropped.

use std::collections::HashMap;
use std::sync::Mutex;

use codegen::spec::{Method, Spec};
use serde_json::Value;

use crate::store::Listing;

/// What an item operation does to its store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ItemAction {
    /// GET: answer the item.
    Read,
    /// DELETE: remove the item.
    Delete,
}

/// An operation that reads or removes one item of a store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ItemRoute {
    /// The paginated operation owning the store.
    pub(crate) store: String,
    /// The path parameter naming the item.
    pub(crate) param: String,
    /// The item field holding the id.
    pub(crate) field: String,
    /// Read or delete.
    pub(crate) action: ItemAction,
}

/// The item route of every operation (in spec order; `None`: not an item operation).
pub(crate) fn item_routes(
    spec: &Spec,
    listings: &HashMap<String, Listing>,
) -> Vec<Option<ItemRoute>> {
    spec.operations
        .iter()
        .map(|op| {
            let action = match op.method {
                Method::Get => ItemAction::Read,
                Method::Delete => ItemAction::Delete,
                _ => return None,
            };
            let (parent, last) = op.path.rsplit_once('/')?;
            let param = last.strip_prefix('{')?.strip_suffix('}')?;
            if param.contains(['{', '}']) {
                return None;
            }
            let store = spec
                .operations
                .iter()
                .find(|o| o.path == parent && o.paginated.is_some())?;
            let listing = listings.get(&store.id)?;
            let field = ["id", param]
                .into_iter()
                .find(|f| listing.fields().iter().any(|name| name == f))?;
            Some(ItemRoute {
                store: store.id.clone(),
                param: param.to_owned(),
                field: field.to_owned(),
                action,
            })
        })
        .collect()
}

/// The answer of an item read: `template` (the read operation's own example, conformed) with
/// the item in the store's array and a total of 1, or the item itself.
pub(crate) fn item_answer(template: Option<&Value>, listing: &Listing, item: Value) -> Value {
    let (items, total) = listing.fields_of_page();
    match template.and_then(Value::as_object) {
        Some(t) if t.get(items).is_some_and(Value::is_array) => {
            let mut out = t.clone();
            out.insert(items.to_owned(), Value::Array(vec![item]));
            if let Some(total) = total
                && let Some(old) = out.get(total)
            {
                let one = if old.is_string() {
                    Value::from("1")
                } else {
                    Value::from(1)
                };
                out.insert(total.to_owned(), one);
            }
            Value::Object(out)
        }
        _ => item,
    }
}

/// How many deleted paths are remembered (the oldest are forgotten first).
const MAX_DELETED: usize = 10_000;

/// The paths of deleted resources (decoded segments).
#[derive(Debug, Default)]
pub(crate) struct Deleted(Mutex<Vec<Vec<String>>>);

impl Deleted {
    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Vec<String>>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The deleted path that `path` starts with, if any.
    pub(crate) fn covering(&self, path: &[String]) -> Option<Vec<String>> {
        self.lock().iter().find(|d| path.starts_with(d)).cloned()
    }

    /// Records a deleted resource.
    pub(crate) fn record(&self, path: Vec<String>) {
        let mut deleted = self.lock();
        if !deleted.contains(&path) {
            if deleted.len() >= MAX_DELETED {
                deleted.remove(0);
            }
            deleted.push(path);
        }
    }

    /// Forgets the deleted resources below `path` (a successful POST to their collection).
    pub(crate) fn recreate_below(&self, path: &[String]) {
        self.lock()
            .retain(|d| !(d.len() > path.len() && d.starts_with(path)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segs(p: &str) -> Vec<String> {
        p.split('/').skip(1).map(str::to_owned).collect()
    }

    #[test]
    fn deleted_paths_cover_their_subtree_until_recreated() {
        let d = Deleted::default();
        d.record(segs("/v2/p/instances/i/connector/tasks/t"));
        d.record(segs("/v2/p/instances/j"));
        assert!(
            d.covering(&segs("/v2/p/instances/i/connector/tasks/t"))
                .is_some()
        );
        assert!(
            d.covering(&segs("/v2/p/instances/i/connector/tasks/u"))
                .is_none()
        );
        assert!(d.covering(&segs("/v2/p/instances/j/topics")).is_some());
        assert!(d.covering(&segs("/v2/p/instances/jj")).is_none());
        assert!(d.covering(&segs("/v2/p/instances")).is_none());
        // A POST to the resource itself is not a creation of it.
        d.recreate_below(&segs("/v2/p/instances/j"));
        assert!(d.covering(&segs("/v2/p/instances/j")).is_some());
        d.recreate_below(&segs("/v2/p/instances/i/connector/tasks"));
        assert!(
            d.covering(&segs("/v2/p/instances/i/connector/tasks/t"))
                .is_none()
        );
        assert!(d.covering(&segs("/v2/p/instances/j")).is_some());
    }
}
