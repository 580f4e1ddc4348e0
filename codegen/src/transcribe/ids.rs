//! Operation ids that stay put: a page saved under a suffixed name (`ListProducts_0.txt`) gets a deterministic
//! id, and an operation the spec being merged into already has at the page's method and path keeps the spec's
//! `operationId`, so a doc update that renames an operation (or its page) never renames its Rust method and
//! types. Both run right after the pages are identified, before duplicates are reconciled and schemas named
//! (schema names derive from operation ids).

use crate::spec::keys;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::merge;
use super::page::Page;
use super::run::Role;
use crate::spec::yaml::Node;

/// The plain name of a `Name_N` page-file stem (how a page saver tells apart two pages claiming one name), if
/// `stem` has that shape.
pub(crate) fn unsuffixed(stem: &str) -> Option<&str> {
    let (name, n) = stem.rsplit_once('_')?;
    let pascal = name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric());
    (pascal && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())).then_some(name)
}

/// A path template with its placeholders' names left out: `/v2/{project_id}/x` and `/v2/{pid}/x` are one path.
fn path_shape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut inside = false;
    for c in path.chars() {
        match c {
            '{' => {
                inside = true;
                out.push('{');
            }
            '}' => {
                inside = false;
                out.push('}');
            }
            _ if inside => {}
            _ => out.push(c),
        }
    }
    out
}

/// The method (upper case) and path shape of a page's request line.
fn endpoint(page: &Page) -> Option<(String, String)> {
    page.request_line
        .as_ref()
        .map(|rl| (rl.method.to_ascii_uppercase(), path_shape(&rl.path)))
}

/// Settles the operation ids of `roles` (one per page): suffixed page names, then the ids `base` has for the
/// same method and path (unless the request bodies say it is another operation). Returns remarks: (page, line index, message).
pub(crate) fn settle(
    roles: &mut [Role],
    pages: &[Page],
    base: Option<&Node>,
) -> Vec<(usize, usize, String)> {
    let mut notes = Vec::new();
    let at = |p: usize| {
        pages
            .get(p)
            .and_then(|page| page.request_line.as_ref().map(|r| r.at))
            .unwrap_or(0)
    };
    // 1. `Name_N` (the id came from the file name: SDK request classes have no `_`).
    let ids: Vec<Option<String>> = roles.iter().map(id_of).collect();
    for p in 0..roles.len() {
        let Some(id) = ids[p].as_deref() else {
            continue;
        };
        let Some(plain) = unsuffixed(id) else {
            continue;
        };
        let others: Vec<usize> = (0..roles.len())
            .filter(|&q| q != p && ids[q].as_deref() == Some(plain))
            .collect();
        let same_endpoint = others
            .iter()
            .all(|&q| endpoint(&pages[q]) == endpoint(&pages[p]));
        let message = if others.is_empty() {
            format!(
                "operation id `{plain}` derived from the file name `{id}` (a `_N` suffix tells apart pages \
                 saved under one name; no other page claims `{plain}`)"
            )
        } else if same_endpoint {
            format!(
                "operation id `{plain}` derived from the file name `{id}`: another page documents `{plain}` \
                 with the same method and path"
            )
        } else {
            notes.push((
                p,
                at(p),
                format!(
                    "operation id `{id}` kept as the file name says: another page documents `{plain}` with \
                     another method or path"
                ),
            ));
            continue;
        };
        set_id(&mut roles[p], plain.to_owned());
        notes.push((p, at(p), message));
    }
    // 2. The spec's id for the same method and path.
    if let Some(base) = base {
        let mut by_endpoint: HashMap<(String, String), (String, BTreeSet<String>)> = HashMap::new();
        for (path, method, id, op) in merge::operations(base) {
            let fields = spec_request_fields(base, op);
            by_endpoint.insert(
                (method.to_ascii_uppercase(), path_shape(&path)),
                (id, fields),
            );
        }
        let mut claimed: BTreeMap<String, usize> = BTreeMap::new();
        for role in roles.iter() {
            if let Some(id) = id_of(role) {
                *claimed.entry(id).or_default() += 1;
            }
        }
        for (p, role) in roles.iter_mut().enumerate() {
            let (Some(id), Some(key)) = (id_of(role), pages.get(p).and_then(endpoint)) else {
                continue;
            };
            let Some((kept, kept_fields)) = by_endpoint.get(&key) else {
                continue;
            };
            // Action APIs share a method and path and differ by their bodies: a page whose body fields
            // neither contain nor are contained in the spec operation's is another operation.
            if !same_operation(&request_fields(&pages[p]), kept_fields) {
                continue;
            }
            if *kept == id {
                continue;
            }
            if claimed.get(kept).copied().unwrap_or(0) > 0 {
                // Another page of the run documents the spec's operation under its id: merging says which
                // is which (or fails clearly), as without this pass.
                continue;
            }
            notes.push((
                p,
                at(p),
                format!(
                    "operation id `{kept}` kept from the spec being merged into (same method and path); the page \
                     calls it `{id}`"
                ),
            ));
            set_id(role, kept.clone());
        }
    }
    // Pages of one operation: the first one's id wins, later ones are reconciled with it.
    let mut first: HashMap<String, usize> = HashMap::new();
    for (p, role) in roles.iter_mut().enumerate() {
        if let Role::Operation { id, dup_of, .. } = role {
            *dup_of = first.get(id.as_str()).copied();
            first.entry(id.clone()).or_insert(p);
        }
    }
    notes
}

/// The top-level request body fields of a page.
fn request_fields(page: &Page) -> BTreeSet<String> {
    page.request_body
        .iter()
        .flat_map(|g| &g.top.rows)
        .map(|r| r.name.text.clone())
        .collect()
}

/// The top-level request body fields of operation `op` of `doc` (its schema inline or referenced).
fn spec_request_fields(doc: &Node, op: &Node) -> BTreeSet<String> {
    let Some(content) = op
        .path(&[keys::REQUEST_BODY, keys::CONTENT])
        .and_then(Node::as_map)
    else {
        return BTreeSet::new();
    };
    let mut schema = content.values().find_map(|m| m.get(keys::SCHEMA));
    // A bounded walk: a chain of references longer than the schemas there are is a cycle.
    let schemas = doc
        .path(&[keys::COMPONENTS, keys::SCHEMAS])
        .and_then(Node::as_map);
    for _ in 0..=schemas.map_or(0, |s| s.len()) {
        let Some(target) = schema.and_then(merge::schema_ref) else {
            break;
        };
        schema = schemas.and_then(|s| s.get(&target));
    }
    schema
        .and_then(|s| s.get(keys::PROPERTIES))
        .and_then(Node::as_map)
        .map(|p| p.keys().map(|k| k.name.clone()).collect())
        .unwrap_or_default()
}

/// Whether two operations' request fields can be one operation's before and after a doc update: one set holds
/// the other (a field added or removed), and they share a field unless both are empty.
fn same_operation(page: &BTreeSet<String>, spec: &BTreeSet<String>) -> bool {
    let nested = page.is_subset(spec) || spec.is_subset(page);
    let share = (page.is_empty() && spec.is_empty()) || !page.is_disjoint(spec);
    nested && share
}

fn id_of(role: &Role) -> Option<String> {
    match role {
        Role::Operation { id, .. } => Some(id.clone()),
        _ => None,
    }
}

fn set_id(role: &mut Role, new: String) {
    if let Role::Operation { id, .. } = role {
        *id = new;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_bodies_tell_action_apis_apart() {
        let set = |f: &[&str]| f.iter().map(|s| (*s).to_owned()).collect::<BTreeSet<_>>();
        for (page, spec, same) in [
            (&[][..], &[][..], true),
            (&["subject", "message"], &["subject", "message"], true),
            (
                &["subject", "message", "tags"],
                &["subject", "message"],
                true,
            ),
            (&["subject"], &["subject", "message"], true),
            (
                &["subject", "message_structure"],
                &["subject", "message"],
                false,
            ),
            (&["addSecurityGroup"], &["removeSecurityGroup"], false),
            (&["reboot"], &[], false),
            (&[], &["reboot"], false),
        ] {
            assert_eq!(
                same_operation(&set(page), &set(spec)),
                same,
                "{page:?} {spec:?}"
            );
        }
    }

    #[test]
    fn suffixed_stems() {
        assert_eq!(unsuffixed("ListProducts_0"), Some("ListProducts"));
        assert_eq!(unsuffixed("ListProducts_12"), Some("ListProducts"));
        assert_eq!(unsuffixed("ListProducts_"), None);
        assert_eq!(unsuffixed("ListProducts_x"), None);
        assert_eq!(unsuffixed("list_0"), None);
        assert_eq!(unsuffixed("ListProducts"), None);
    }

    #[test]
    fn placeholder_names_do_not_make_another_path() {
        assert_eq!(path_shape("/v2/{project_id}/x/{id}"), "/v2/{}/x/{}");
        assert_eq!(
            path_shape("/v2/{pid}/x/{i}"),
            path_shape("/v2/{project_id}/x/{id}")
        );
    }
}
