//! The resources of a spec, inferred from its paths: what the stateful emulator keeps
//! ([`crate::MockServerBuilder::stateful`]). Nothing here knows a service: every rule reads the
//! path templates, methods, parameters and response schemas of the spec.
//!
//! # Rules
//!
//! 1. **Item and collection.** An operation with GET, PUT, PATCH or DELETE whose path is
//!    `C/{p}` (a path `C` plus one bare parameter segment) names an item of the collection `C`,
//!    with the id parameter `p`. Its GET is the *show*, its PUT (else PATCH) the *update*, its
//!    DELETE the *delete*.
//!    A parameter filled from the credentials (`x-from-credentials`: the project id) never names
//!    an item: the item it names exists as long as the credentials' project does, and no request
//!    creates or deletes it, so `/v3/projects/{project_id}` is not an item of `/v3/projects`.
//!
//!    **Items under extra literal segments.** When `C` is `X/S…/L` (`X` ends with a parameter,
//!    `S…` one or more literal segments, `L` the last one) and has neither a GET nor a POST, while
//!    `X/L` has one of them, no item path of its own (no item operation on `X/L/{q}`) and no
//!    other such path joins it, then `X/S…/L/{p}` is the item path of the collection `X/L`
//!    (`…/{instance_id}/management/topics/{topic}` of `…/{instance_id}/topics`). Its show, update
//!    and delete are the operations on that item path.
//! 2. **List and create.** The GET on `C` is the *list*; the POST on `C` is the *create*. When `C`
//!    has no POST, a POST on a path with exactly the literal segments of `C` in the same order (only
//!    the parameters differ: `/v2/{engine}/{project_id}/instances` for `/v2/{project_id}/instances`)
//!    and ending with a literal is the create, when there is exactly one such.
//! 3. A collection whose list has `x-paginated` is left to the paginated store
//!    (see [stateful listings](crate#stateful-listings)): it is not a resource here.
//!    A collection with neither a list nor a create is not a resource (nothing could make its
//!    items); its ids may still be checked (rule 8). Nor is one without a create, a show, or a
//!    list answer holding items (rule 6): no item could be created or seeded, so its ids would
//!    answer 404 forever.
//! 4. **Fields.** The item fields are the properties of the list's item schema (rule 6) and of the
//!    show's item (rule 6). The **id field** is the first of `p`, `id`, `p_id`, `p_name` among the
//!    list item's properties, else among the show answer's scalar root properties, else among
//!    the properties of one of its object properties; without any, `p` itself (the emulator
//!    stores the id under that name).
//!
//!    **Id fields by description.** Pages often name the id differently in each schema (a topic is
//!    `id` in the create body, `name` in the list, `topic` in the show). A field *describes the
//!    id* when it is a string or integer property whose description's first sentence is the id
//!    parameter's (`Topic name.`, case and final period aside), and it is the only such
//!    property of its schema. Such a field of the list item comes before the show answer's
//!    candidates above. The show answer's item is found by the id field, else by a candidate
//!    name or a field describing the id; that field is an **alias** of the id. Every item holds
//!    its id under the id field and its aliases. The create body names the new item with the id
//!    field, else with the member named `p` or describing the id (the **create id**).
//! 5. **Parents.** A parameter of `C` is a parent id when the template up to it is the item path of
//!    another resource (`/v2/{project_id}/instances/{instance_id}` for the collection
//!    `/v2/{project_id}/instances/{instance_id}/connector/tasks`). Items are kept per parent: a
//!    connector task of instance A is not one of instance B.
//! 6. **Shapes.** The list answer's items are its first root property that is an array of
//!    objects; its total is the `x-paginated` total, else the first integer root property whose
//!    name contains `total` or `count` or ends with `_num`. The show answer holds the item at its
//!    root when the root has the id field, else in the root object property that has it.
//! 7. **Paging** of the list, from its query parameters: `x-paginated` (offset from its `first`);
//!    else `offset` + `limit` (from 0), `start` + `limit` (from 1), `marker` + `limit` (the id
//!    of the item before the page), or `page` / `page_no` / `pageNo` + `page_size` / `pageSize` /
//!    `limit` (pages from 1). **Filters**: every other query parameter of the list named like an item
//!    field.
//! 8. **Ids in other paths.** A path parameter of any operation is the id of a resource when the
//!    operation's template up to it is that resource's item path, or else when it is named like the
//!    id parameter of exactly one resource and the literal segments right before it end with that
//!    resource's name (`…/kafka/instances/{instance_id}/topics` names an instance,
//!    `…/management/groups/{group}` a group; `…/tasks/{task_id}` is not a `connector/tasks` item).
//!    These ids must exist: an unknown one is a 404.
//! 9. **Batch delete.** A POST or DELETE on `C/delete` or `C/batch-delete` (its last segment's
//!    words, split on `-` and `_`, are `delete` or `batch delete`) deletes the items its body
//!    lists: the body has exactly one root array property whose items are ids (strings or
//!    integers), or objects with a member named like the id field, the id parameter or `id`
//!    (`{"topics": ["t1"]}`, `{"servers": [{"id": "s1"}]}`). Listed ids that do not exist are
//!    skipped (the pages answer success with per-item failures).
//! 10. **Batch update.** A PUT on `C` itself whose body has exactly one root array property, of
//!     objects with a member named like the id field, the id parameter, the create id or an alias
//!     (`{"topics": [{"id": "t1", "retention_time": 72}]}`), changes the items it lists: each
//!     object's members named like item fields are written over the item with its id. Listed ids
//!     that do not exist are skipped.
//! 11. **Batches by action.** A POST, PUT or DELETE on `C/L` whose body lists items (one root array property
//!     of ids, or of objects with a member named like the id field, the id parameter, the create id, an alias
//!     or `id`; of several such arrays, the only one named like `C`'s last segment: `tags` beside `sys_tags`)
//!     is an *action batch* of `C` (`Resource::action_batches`) when
//!     - `L` is `action` or starts with the word `batch`, and the body has a string member `action`: the
//!       value a request gives it says what the request does (`{"action": "create", "tags": […]}`). The
//!       values the spec documents are the member's enum, else the values the request examples give it and
//!       the words `create`, `add`, `delete`, `remove` of its description (`The value can be restart or
//!       delete.`);
//!     - or `L`'s words are `create`, `add` or `delete`, after an optional `batch` (`tags/create`,
//!       `batch-add`): the path says it; so does a DELETE with a body on `C` itself (a delete).
//!
//!     The batch delete of rule 9 is not one. An action value whose words hold `create` or `add` adds the
//!     listed items, one holding `delete` or `remove` removes them, any other (`restart`, `reject`) keeps
//!     them ([`BatchEffect::of`]).
//! 12. **Collections without an item path.** A path `C` ending with a literal, with a GET that is not
//!     `x-paginated` and whose answer lists objects (rule 6), is a collection when an action batch of rule 11
//!     adds or removes its items (`…/tags` listed, `…/tags/action` posted) and its items have a member
//!     `key`, `id`, `<C's last segment without its final s>_id` or `name` (the first is the id). Its item path
//!     is `C/{id}`, which no operation has: its items are listed and batched only.

use serde_json::Value;
use std::fmt;

use codegen::spec::{Method, Operation, ParamLocation, Schema, SchemaKind, Spec};

/// How a list is paged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Paging {
    /// No paging parameter: the whole collection.
    None,
    /// An offset counted from `first`, and a page size.
    Offset {
        /// The offset parameter.
        offset: String,
        /// The page size parameter, if any.
        limit: Option<String>,
        /// The offset of the first item (0 or 1).
        first: i64,
    },
    /// The id of the item before the page, and a page size.
    Marker {
        /// The marker parameter.
        marker: String,
        /// The page size parameter, if any.
        limit: Option<String>,
    },
    /// A page number (from 1) and a page size.
    Page {
        /// The page number parameter.
        page: String,
        /// The page size parameter, if any.
        size: Option<String>,
    },
}

impl Paging {
    /// The query parameters the paging uses.
    pub fn parameters(&self) -> Vec<&str> {
        match self {
            Paging::None => Vec::new(),
            Paging::Offset { offset, limit, .. } => [Some(offset), limit.as_ref()]
                .into_iter()
                .flatten()
                .map(String::as_str)
                .collect(),
            Paging::Marker { marker, limit } => [Some(marker), limit.as_ref()]
                .into_iter()
                .flatten()
                .map(String::as_str)
                .collect(),
            Paging::Page { page, size } => [Some(page), size.as_ref()]
                .into_iter()
                .flatten()
                .map(String::as_str)
                .collect(),
        }
    }
}

/// A parent of a resource: the path parameter holding its id, and which resource it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parent {
    /// The path parameter.
    pub param: String,
    /// The index of the parent in [`ResourceModel::resources`].
    pub resource: usize,
}

/// One inferred resource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resource {
    /// The collection's literal segments after its last parameter (`instances`,
    /// `connector/tasks`).
    pub name: String,
    /// The collection path template.
    pub collection: String,
    /// The item path template (`collection/{id_param}`).
    pub item: String,
    /// The path parameter naming an item.
    pub id_param: String,
    /// The item field holding the id.
    pub id_field: String,
    /// Whether the id field is an integer (new ids are numbers then).
    pub id_integer: bool,
    /// Parents, outermost first.
    pub parents: Vec<Parent>,
    /// The operation creating an item.
    pub create: Option<String>,
    /// The operation listing the items.
    pub list: Option<String>,
    /// The operation reading one item.
    pub show: Option<String>,
    /// The operation changing one item.
    pub update: Option<String>,
    /// Whether the update creates the item when its id is unknown: a PUT on the item's path of a resource
    /// with no create (PUT creates or replaces, RFC 9110, 9.3.4: ECS's `PUT …/servers/{id}/tags/{tag}`).
    pub update_creates: bool,
    /// The operation removing one item.
    pub delete: Option<String>,
    /// The list answer's field holding the items.
    pub items_field: Option<String>,
    /// Whether the list answer is the array of items itself, with no object around it (a body table whose
    /// only row, `[items]`, stands for the elements: CCE and FunctionGraph list answers).
    pub list_is_array: bool,
    /// The list answer's field holding the total.
    pub total_field: Option<String>,
    /// The show answer's field holding the item (`None`: the answer is the item).
    pub show_field: Option<String>,
    /// How the list is paged.
    pub paging: Paging,
    /// The list's query parameters that filter on the item field of the same name.
    pub filters: Vec<String>,
    /// The item fields.
    pub fields: Vec<String>,
    /// Other item fields holding the id (rule 4: `topic` in the show answer of items the list
    /// names by `name`).
    pub id_aliases: Vec<String>,
    /// The create body's member naming the new item, when it is not the id field (rule 4: `id`).
    pub create_id: Option<String>,
    /// The fields of the show answer's item.
    pub show_fields: Vec<String>,
    /// The operation deleting the items its body lists (rule 9).
    pub batch_delete: Option<Batch>,
    /// The operation changing the items its body lists (rule 10).
    pub batch_update: Option<Batch>,
    /// The operations adding or removing the items their body lists, as their body's `action` (or their
    /// path) says (rule 11).
    pub action_batches: Vec<ActionBatch>,
}

impl Resource {
    /// The items of a list answer: its items field, or the answer itself when the list answers a bare array.
    pub fn listed_items<'a>(&self, answer: &'a Value) -> Option<&'a Vec<Value>> {
        match &self.items_field {
            Some(field) => answer.get(field)?.as_array(),
            None if self.list_is_array => answer.as_array(),
            None => None,
        }
    }
}

/// An operation acting on the items its body lists (rules 9 and 10).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Batch {
    /// The operation.
    pub operation: String,
    /// The body's array property listing the items.
    pub field: String,
    /// The member of each listed object holding the id (`None`: the array holds the ids).
    pub key: Option<String>,
}

/// What an action batch does with the items its body lists (rule 11).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BatchEffect {
    /// Adds them (`create`, `add`).
    Create,
    /// Removes them (`delete`, `remove`).
    Delete,
    /// Neither (`restart`, `enable`): the items stay as they are.
    Other,
}

impl BatchEffect {
    /// What an `action` value (or a path's last segment) says: its words, split on `-`, `_` and
    /// spaces, hold `create` or `add` (adds), else `delete` or `remove` (removes).
    pub fn of(value: &str) -> BatchEffect {
        let words: Vec<String> = value
            .split(['-', '_', ' '])
            .map(str::to_ascii_lowercase)
            .collect();
        let has = |w: &[&str]| words.iter().any(|x| w.contains(&x.as_str()));
        if has(&["create", "add"]) {
            BatchEffect::Create
        } else if has(&["delete", "remove"]) {
            BatchEffect::Delete
        } else {
            BatchEffect::Other
        }
    }
}

/// An operation adding or removing the items its body lists (rule 11).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionBatch {
    /// The operation.
    pub operation: String,
    /// The body's array property listing the items.
    pub field: String,
    /// The member of each listed object holding the id (`None`: the array holds the ids).
    pub key: Option<String>,
    /// The body's member saying what to do (`action`); `None`: the path says it (`tags/create`).
    pub member: Option<String>,
    /// The values of `member` the spec documents (its enum, else the values in the request examples),
    /// in spec order; for an operation whose path says what it does, that segment.
    pub actions: Vec<String>,
}

impl ActionBatch {
    /// What a request with `body` does: the effect of its `action` value, or of the path.
    pub fn effect(&self, body: &serde_json::Map<String, Value>) -> BatchEffect {
        match &self.member {
            Some(m) => body
                .get(m)
                .and_then(Value::as_str)
                .map_or(BatchEffect::Other, BatchEffect::of),
            None => self
                .actions
                .first()
                .map_or(BatchEffect::Other, |a| BatchEffect::of(a)),
        }
    }
}

/// What an operation does to a resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    Create,
    List,
    Show,
    Update,
    Delete,
    BatchDelete,
    BatchUpdate,
    /// The action batch at this index of [`Resource::action_batches`].
    ActionBatch(usize),
}

/// The resources of a spec, and which path parameters of every operation are ids.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResourceModel {
    /// The resources, parents before their children.
    pub resources: Vec<Resource>,
    /// The operation ids, in spec order.
    pub operations: Vec<String>,
    /// For every operation (spec order): its path parameters that are ids, outermost first, with
    /// the resource each names.
    pub ids: Vec<Vec<(String, usize)>>,
    /// For every operation (spec order): the resource it creates, lists, shows, updates or deletes.
    pub(crate) roles: Vec<Option<(usize, Role)>>,
}

fn segments(path: &str) -> Vec<&str> {
    path.split('/').skip(1).collect()
}

fn is_param(segment: &str) -> bool {
    segment.starts_with('{') && segment.ends_with('}') && segment.len() > 2
}

fn literals(path: &str) -> Vec<&str> {
    segments(path)
        .into_iter()
        .filter(|s| !s.contains('{'))
        .collect()
}

fn resolve<'a>(spec: &'a Spec, mut schema: &'a Schema) -> Option<&'a Schema> {
    for _ in 0..64 {
        match &schema.kind {
            SchemaKind::Ref(name) => {
                schema = &spec.schemas.iter().find(|s| &s.name == name)?.schema
            }
            _ => return Some(schema),
        }
    }
    None
}

/// The properties of an object schema: (name, schema).
fn properties<'a>(spec: &'a Spec, schema: &'a Schema) -> Vec<(&'a str, &'a Schema)> {
    match resolve(spec, schema).map(|s| &s.kind) {
        Some(SchemaKind::Object(o)) => o
            .properties
            .iter()
            .map(|p| (p.name.as_str(), &p.schema))
            .collect(),
        _ => Vec::new(),
    }
}

/// The schema of an operation's first 2xx answer.
pub(crate) fn success_schema(op: &Operation) -> Option<&Schema> {
    op.responses.iter().find_map(|r| {
        let status: u16 = r.status.parse().ok()?;
        (200..300)
            .contains(&status)
            .then_some(r.schema.as_ref())
            .flatten()
    })
}

/// The list answer's items field (`None`: the answer is the array of items) and the item schema.
fn list_items<'a>(spec: &'a Spec, op: &'a Operation) -> Option<(Option<String>, &'a Schema)> {
    let schema = success_schema(op)?;
    if let SchemaKind::Array(item) = &resolve(spec, schema)?.kind {
        let item = resolve(spec, item)?;
        return matches!(item.kind, SchemaKind::Object(_)).then_some((None, item));
    }
    properties(spec, schema)
        .into_iter()
        .find_map(|(name, s)| match &resolve(spec, s)?.kind {
            SchemaKind::Array(item) => {
                let item = resolve(spec, item)?;
                matches!(item.kind, SchemaKind::Object(_)).then(|| (Some(name.to_owned()), item))
            }
            _ => None,
        })
}

fn list_total(spec: &Spec, op: &Operation) -> Option<String> {
    if let Some(p) = &op.paginated {
        return p.total.clone();
    }
    let schema = success_schema(op)?;
    properties(spec, schema)
        .into_iter()
        .find(|(name, s)| {
            let n = name.to_ascii_lowercase();
            (n.contains("total") || n.contains("count") || n.ends_with("_num"))
                && resolve(spec, s).is_some_and(|s| matches!(s.kind, SchemaKind::Integer { .. }))
        })
        .map(|(name, _)| name.to_owned())
}

fn query_params(op: &Operation) -> Vec<&str> {
    op.parameters
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
        .map(|p| p.name.as_str())
        .collect()
}

fn paging(op: &Operation) -> Paging {
    if let Some(p) = &op.paginated {
        return Paging::Offset {
            offset: p.offset.clone(),
            limit: Some(p.limit.clone()),
            first: p.first,
        };
    }
    let query = query_params(op);
    let find = |names: &[&str]| -> Option<String> {
        names
            .iter()
            .find(|n| query.contains(n))
            .map(|n| (*n).to_owned())
    };
    let limit = find(&["limit"]);
    if let Some(offset) = find(&["offset"]) {
        return Paging::Offset {
            offset,
            limit,
            first: 0,
        };
    }
    if let Some(offset) = find(&["start"]) {
        return Paging::Offset {
            offset,
            limit,
            first: 1,
        };
    }
    if let Some(marker) = find(&["marker"]) {
        return Paging::Marker { marker, limit };
    }
    if let Some(page) = find(&["page", "page_no", "pageNo"]) {
        let size = find(&["page_size", "pageSize", "limit"]);
        return Paging::Page { page, size };
    }
    Paging::None
}

/// The show answer's scalar root fields, and its object root properties with their fields.
fn show_shape(spec: &Spec, op: &Operation) -> (Vec<String>, Vec<(String, Vec<String>)>) {
    let Some(schema) = success_schema(op) else {
        return Default::default();
    };
    let mut scalars = Vec::new();
    let mut objects = Vec::new();
    for (name, s) in properties(spec, schema) {
        match resolve(spec, s).map(|s| &s.kind) {
            Some(SchemaKind::Object(_)) => objects.push((
                name.to_owned(),
                properties(spec, s)
                    .iter()
                    .map(|(n, _)| (*n).to_owned())
                    .collect(),
            )),
            _ => scalars.push(name.to_owned()),
        }
    }
    (scalars, objects)
}

/// The collection `X/L` that the items of `collection` (`X/S…/L`) join (rule 1), if any.
fn joined_collection(
    spec: &Spec,
    collection: &str,
    collections: &[(String, String)],
) -> Option<String> {
    let has = |method: Method, path: &str| {
        spec.operations
            .iter()
            .any(|o| o.method == method && o.path == path)
    };
    if has(Method::Get, collection) || has(Method::Post, collection) {
        return None;
    }
    let segs = segments(collection);
    let last_param = segs.iter().rposition(|s| is_param(s))?;
    // At least one literal between the parameter and the last segment.
    if segs.len() < last_param + 3 {
        return None;
    }
    let target = format!("/{}/{}", segs[..=last_param].join("/"), segs.last()?);
    let listed = spec
        .operations
        .iter()
        .find(|o| o.method == Method::Get && o.path == target);
    let joinable = (listed.is_some() || has(Method::Post, &target))
        && listed.is_none_or(|l| l.paginated.is_none())
        && !collections.iter().any(|(c, _)| *c == target);
    joinable.then_some(target)
}

/// The first sentence of a description, to compare what two fields say they hold: lower case,
/// without its final period (`Topic name. A topic…` → `topic name`).
fn first_sentence(text: Option<&str>) -> Option<String> {
    let text = text?.trim();
    let end = [text.find(". "), text.find('\n')]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(text.len());
    let sentence = text[..end]
        .trim()
        .trim_end_matches('.')
        .trim()
        .to_lowercase();
    (!sentence.is_empty()).then_some(sentence)
}

/// The only string or integer property of `props` whose description says it holds what `want`
/// (a [`first_sentence`]) says (rule 4).
fn describing(spec: &Spec, props: &[(&str, &Schema)], want: Option<&str>) -> Option<String> {
    let want = want?;
    let mut found = props.iter().filter(|(_, s)| {
        let resolved = resolve(spec, s);
        let description = s
            .description
            .as_deref()
            .or_else(|| resolved.and_then(|r| r.description.as_deref()));
        first_sentence(description).as_deref() == Some(want)
            && resolved
                .is_some_and(|r| matches!(r.kind, SchemaKind::String | SchemaKind::Integer { .. }))
    });
    match (found.next(), found.next()) {
        (Some((name, _)), None) => Some((*name).to_owned()),
        _ => None,
    }
}

/// Whether a path's last segment says that the path deletes what its body lists (rule 9).
fn is_batch_delete_segment(segment: &str) -> bool {
    let words: Vec<String> = segment
        .split(['-', '_'])
        .map(str::to_ascii_lowercase)
        .collect();
    words == ["delete"] || words == ["batch", "delete"]
}

/// The batch delete of the collection `collection` (rule 9), if it has one.
fn batch_delete(spec: &Spec, collection: &str, id_keys: &[&str]) -> Option<Batch> {
    let mut found = spec.operations.iter().filter_map(|op| {
        if !matches!(op.method, Method::Post | Method::Delete) {
            return None;
        }
        let (parent, last) = op.path.rsplit_once('/')?;
        if parent != collection || !is_batch_delete_segment(last) {
            return None;
        }
        let body = op.request_body.as_ref()?;
        let mut lists = properties(spec, &body.schema)
            .into_iter()
            .filter_map(|(name, s)| {
                let SchemaKind::Array(item) = &resolve(spec, s)?.kind else {
                    return None;
                };
                match &resolve(spec, item)?.kind {
                    SchemaKind::String | SchemaKind::Integer { .. } => Some((name, None)),
                    SchemaKind::Object(_) => {
                        let members = properties(spec, item);
                        let key = id_keys
                            .iter()
                            .find(|k| members.iter().any(|(n, _)| n == *k))?;
                        Some((name, Some((*key).to_owned())))
                    }
                    _ => None,
                }
            });
        match (lists.next(), lists.next()) {
            (Some((field, key)), None) => Some(Batch {
                operation: op.id.clone(),
                field: field.to_owned(),
                key,
            }),
            _ => None,
        }
    });
    match (found.next(), found.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

/// The batch update of the collection `collection` (rule 10), if it has one: the PUT on it whose
/// body has exactly one root array property, of objects with a member in `id_keys`.
fn batch_update(spec: &Spec, collection: &str, id_keys: &[&str]) -> Option<Batch> {
    let op = spec
        .operations
        .iter()
        .find(|o| o.method == Method::Put && o.path == collection)?;
    let body = op.request_body.as_ref()?;
    let mut lists = properties(spec, &body.schema)
        .into_iter()
        .filter_map(|(name, s)| match &resolve(spec, s)?.kind {
            SchemaKind::Array(item) => Some((name, item)),
            _ => None,
        });
    let (field, item) = match (lists.next(), lists.next()) {
        (Some(one), None) => one,
        _ => return None,
    };
    let members = properties(spec, item);
    let key = id_keys
        .iter()
        .find(|k| members.iter().any(|(n, _)| n == *k))?;
    Some(Batch {
        operation: op.id.clone(),
        field: field.to_owned(),
        key: Some((*key).to_owned()),
    })
}

/// The last segment of a path, lower case words split on `-` and `_`.
fn last_words(path: &str) -> Vec<String> {
    path.rsplit('/')
        .next()
        .unwrap_or_default()
        .split(['-', '_'])
        .map(str::to_ascii_lowercase)
        .collect()
}

/// Whether a path's last segment says what the operation does to the items its body lists (rule 11:
/// `create`, `batch-create`, `batch-add`, `delete`, `batch-delete`).
fn is_said_batch_segment(words: &[String]) -> bool {
    let words = match words {
        [batch, rest @ ..] if batch == "batch" => rest,
        all => all,
    };
    matches!(words, [w] if ["create", "add", "delete"].contains(&w.as_str()))
}

/// The body's array listing the items an operation acts on (rules 11): its root array properties of ids, or
/// of objects with a member in `id_keys`; exactly one, else the only one named `name` (the collection's last
/// segment: `tags` of `tags` and `sys_tags`). With the member of each object holding the id.
fn listed_array(
    spec: &Spec,
    schema: &Schema,
    id_keys: &[&str],
    name: &str,
) -> Option<(String, Option<String>)> {
    let lists: Vec<(String, Option<String>)> = properties(spec, schema)
        .into_iter()
        .filter_map(|(n, s)| {
            let SchemaKind::Array(item) = &resolve(spec, s)?.kind else {
                return None;
            };
            match &resolve(spec, item)?.kind {
                SchemaKind::String | SchemaKind::Integer { .. } => Some((n.to_owned(), None)),
                SchemaKind::Object(_) => {
                    let members = properties(spec, item);
                    let key = id_keys
                        .iter()
                        .find(|k| members.iter().any(|(m, _)| m == *k))?;
                    Some((n.to_owned(), Some((*key).to_owned())))
                }
                _ => None,
            }
        })
        .collect();
    match lists.as_slice() {
        [one] => Some(one.clone()),
        _ => {
            let mut named = lists.iter().filter(|(n, _)| n == name);
            match (named.next(), named.next()) {
                (Some(one), None) => Some(one.clone()),
                _ => None,
            }
        }
    }
}

/// The values of the body member `member` the operation documents: the enum of its schema, else the values
/// the request examples give it (the body's example, and the JSON of each `x-request-examples` text).
fn action_values(spec: &Spec, op: &Operation, member: &str) -> Vec<String> {
    let Some(body) = &op.request_body else {
        return Vec::new();
    };
    let schema = properties(spec, &body.schema)
        .into_iter()
        .find(|(n, _)| *n == member)
        .and_then(|(_, s)| resolve(spec, s));
    let mut values: Vec<String> = schema.map(|s| s.enum_values.clone()).unwrap_or_default();
    if values.is_empty() {
        // What the member's description names among the values that add or remove (`The value can be
        // restart or delete.`), after those of the examples.
        let described: Vec<String> = schema
            .and_then(|s| s.description.as_deref())
            .map(|d| {
                d.split(|c: char| !c.is_ascii_alphanumeric() && c != '_' && c != '-')
                    .filter(|w| ["create", "add", "delete", "remove"].contains(w))
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        let texts = op.request_examples.iter().filter_map(|e| {
            let text = e.text.as_str();
            serde_json::from_str::<Value>(&text[text.find('{')?..]).ok()
        });
        for example in body.example.clone().into_iter().chain(texts) {
            if let Some(v) = example.get(member).and_then(Value::as_str)
                && !values.iter().any(|x| x == v)
            {
                values.push(v.to_owned());
            }
        }
        for v in described {
            if !values.contains(&v) {
                values.push(v);
            }
        }
    }
    values
}

/// The action batches of the collection `collection` (rule 11), but `except` (the batch delete of rule 9).
fn action_batches(
    spec: &Spec,
    collection: &str,
    id_keys: &[&str],
    except: Option<&str>,
) -> Vec<ActionBatch> {
    let name = collection.rsplit('/').next().unwrap_or_default();
    spec.operations
        .iter()
        .filter_map(|op| {
            if !matches!(op.method, Method::Post | Method::Put | Method::Delete)
                || except == Some(op.id.as_str())
            {
                return None;
            }
            // A DELETE on the collection itself with a body deletes what the body lists.
            let on_itself = op.method == Method::Delete && op.path == collection;
            let (parent, _) = op.path.rsplit_once('/')?;
            if parent != collection && !on_itself {
                return None;
            }
            let words = if on_itself {
                vec!["delete".to_owned()]
            } else {
                last_words(&op.path)
            };
            let body = op.request_body.as_ref()?;
            let (field, key) = listed_array(spec, &body.schema, id_keys, name)?;
            // The body's `action` says what to do, on `C/action` or `C/batch-…`; else the path does.
            let member = properties(spec, &body.schema)
                .into_iter()
                .find(|(n, s)| {
                    *n == "action"
                        && resolve(spec, s).is_some_and(|s| matches!(s.kind, SchemaKind::String))
                })
                .map(|(n, _)| n.to_owned());
            let (member, actions) = match member {
                Some(m) if words == ["action"] || words.first().is_some_and(|w| w == "batch") => {
                    let actions = action_values(spec, op, &m);
                    (Some(m), actions)
                }
                _ if on_itself => (None, words),
                _ if is_said_batch_segment(&words) => {
                    (None, vec![op.path.rsplit('/').next()?.to_owned()])
                }
                _ => return None,
            };
            Some(ActionBatch {
                operation: op.id.clone(),
                field,
                key,
                member,
                actions,
            })
        })
        .collect()
}

/// Infers the resources of `spec` (see the [rules](self)).
pub fn infer(spec: &Spec) -> ResourceModel {
    let ops = &spec.operations;
    let find =
        |method: Method, path: &str| ops.iter().find(|o| o.method == method && o.path == path);
    // Collections, in order of their first item operation.
    let mut collections: Vec<(String, String)> = Vec::new();
    for op in ops {
        if !matches!(
            op.method,
            Method::Get | Method::Put | Method::Patch | Method::Delete
        ) {
            continue;
        }
        let Some((collection, last)) = op.path.rsplit_once('/') else {
            continue;
        };
        let Some(param) = last.strip_prefix('{').and_then(|l| l.strip_suffix('}')) else {
            continue;
        };
        if param.is_empty() || param.contains(['{', '}']) || collection.is_empty() {
            continue;
        }
        // The collection must end with a literal: `/{engine}/{id}` is not a collection.
        if segments(collection).last().is_none_or(|s| s.contains('{')) {
            continue;
        }
        if find(Method::Get, collection).is_some_and(|l| l.paginated.is_some()) {
            continue;
        }
        if op
            .parameters
            .iter()
            .any(|p| p.name == param && p.from_credentials.is_some())
        {
            continue;
        }
        let entry = (collection.to_owned(), param.to_owned());
        if !collections.contains(&entry) {
            collections.push(entry);
        }
    }
    // Items under extra literal segments join their collection (rule 1): (collection, id
    // parameter, item path).
    let joins: Vec<Option<String>> = collections
        .iter()
        .map(|(c, _)| joined_collection(spec, c, &collections))
        .collect();
    let mut collections: Vec<(String, String, String)> = collections
        .iter()
        .zip(&joins)
        .map(|((c, p), join)| {
            let item = format!("{c}/{{{p}}}");
            match join {
                Some(target)
                    if joins.iter().filter(|j| j.as_ref() == Some(target)).count() == 1 =>
                {
                    (target.clone(), p.clone(), item)
                }
                _ => (c.clone(), p.clone(), item),
            }
        })
        .collect();
    // Collections without an item path (rule 12): a listed collection whose items a batch adds or removes.
    for op in ops {
        if !matches!(op.method, Method::Post | Method::Put | Method::Delete) {
            continue;
        }
        let Some((collection, _)) = op.path.rsplit_once('/') else {
            continue;
        };
        let words = last_words(&op.path);
        let says_action = (words == ["action"] || words.first().is_some_and(|w| w == "batch"))
            && op.request_body.as_ref().is_some_and(|b| {
                properties(spec, &b.schema)
                    .iter()
                    .any(|(n, _)| *n == "action")
            });
        if !(says_action || is_said_batch_segment(&words))
            || segments(collection).last().is_none_or(|s| s.contains('{'))
            || collections.iter().any(|(c, _, _)| c == collection)
        {
            continue;
        }
        let Some(list) = find(Method::Get, collection).filter(|l| l.paginated.is_none()) else {
            continue;
        };
        let Some((_, item)) = list_items(spec, list) else {
            continue;
        };
        let fields = properties(spec, item);
        let name = collection.rsplit('/').next().unwrap_or_default();
        // `alarm_id` of `alarms`.
        let singular_id =
            format!("{}_id", name.strip_suffix('s').unwrap_or(name)).replace('-', "_");
        let Some(key) = ["key", "id", singular_id.as_str(), "name"]
            .into_iter()
            .find(|k| fields.iter().any(|(n, _)| n == k))
        else {
            continue;
        };
        let body = op.request_body.as_ref();
        if body
            .and_then(|b| listed_array(spec, &b.schema, &[key], name))
            .is_none()
        {
            continue;
        }
        collections.push((
            collection.to_owned(),
            key.to_owned(),
            format!("{collection}/{{{key}}}"),
        ));
    }
    // Parents before children: shorter collections first (a parent's item path is a prefix).
    collections.sort_by_key(|(c, _, _)| segments(c).len());

    let mut resources: Vec<Resource> = Vec::new();
    for (collection, param, item) in collections {
        let id_of = |m: Method| find(m, &item).map(|o| o.id.clone());
        let list = find(Method::Get, &collection);
        let create = find(Method::Post, &collection).or_else(|| {
            let want = literals(&collection);
            // A create posts to a collection: its path ends with a literal. It is scoped by the
            // credentials as the items are (`/v2/images/{image_id}/tags` is not created by
            // `POST /v2/{project_id}/images/{image_id}/tags`, another API with the same literals).
            let credentials = |o: &Operation| {
                o.parameters
                    .iter()
                    .filter(|p| p.from_credentials.is_some())
                    .count()
            };
            let scope = ops.iter().find(|o| o.path == item).map(credentials);
            let mut candidates = ops.iter().filter(|o| {
                o.method == Method::Post
                    && o.path != collection
                    && literals(&o.path) == want
                    && scope.is_none_or(|c| credentials(o) == c)
                    && segments(&o.path).last().is_some_and(|s| !s.contains('{'))
            });
            match (candidates.next(), candidates.next()) {
                (Some(one), None) => Some(one),
                _ => None,
            }
        });
        // Only an item path is not a resource: nothing could create or list its items.
        if list.is_none() && create.is_none() {
            continue;
        }
        let candidates: Vec<String> = vec![
            param.clone(),
            "id".to_owned(),
            format!("{param}_id"),
            format!("{param}_name"),
        ];
        let listed = list.and_then(|l| list_items(spec, l));
        let list_is_array = listed.as_ref().is_some_and(|(field, _)| field.is_none());
        let (items_field, list_fields) = match listed {
            Some((field, schema)) => (
                field,
                properties(spec, schema)
                    .iter()
                    .map(|(n, _)| (*n).to_owned())
                    .collect::<Vec<_>>(),
            ),
            None => (None, Vec::new()),
        };
        let show = find(Method::Get, &item);
        if create.is_none() && show.is_none() && items_field.is_none() && !list_is_array {
            continue;
        }
        // The integer fields of the list's items and of the show answer (one level down too).
        let mut integers: Vec<String> = Vec::new();
        let mut note_integers = |schema: &Schema| {
            for (n, s) in properties(spec, schema) {
                if resolve(spec, s).is_some_and(|s| matches!(s.kind, SchemaKind::Integer { .. })) {
                    integers.push(n.to_owned());
                }
            }
        };
        if let Some((_, schema)) = list.and_then(|l| list_items(spec, l)) {
            note_integers(schema);
        }
        if let Some(schema) = find(Method::Get, &item).and_then(success_schema) {
            note_integers(schema);
            for (_, s) in properties(spec, schema) {
                note_integers(s);
            }
        }
        let (show_scalars, show_objects) = show.map(|s| show_shape(spec, s)).unwrap_or_default();
        // What the id parameter's description says it holds, to find the fields holding the id
        // under other names (rule 4).
        let described = ops
            .iter()
            .filter(|o| o.path == item)
            .flat_map(|o| &o.parameters)
            .find(|p| p.name == param && p.location == ParamLocation::Path)
            .and_then(|p| first_sentence(p.description.as_deref()));
        let describing = |props: &[(&str, &Schema)]| describing(spec, props, described.as_deref());
        let list_props = list
            .and_then(|l| list_items(spec, l))
            .map(|(_, schema)| properties(spec, schema))
            .unwrap_or_default();
        let show_props = show
            .and_then(success_schema)
            .map(|s| properties(spec, s))
            .unwrap_or_default();
        // The id field: named in the list's items, else at the show answer's root, else in one
        // of its objects.
        let pick = |fields: &[String]| candidates.iter().find(|c| fields.contains(c)).cloned();
        let id_field = pick(&list_fields)
            .or_else(|| describing(&list_props))
            .or_else(|| pick(&show_scalars))
            .or_else(|| show_objects.iter().find_map(|(_, f)| pick(f)))
            .unwrap_or_else(|| param.clone());
        // The show answer's item: where the id field is, else where an alias of it is.
        let object_props = |name: &str| {
            show_props
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, s)| properties(spec, s))
                .unwrap_or_default()
        };
        let (show_field, show_fields, show_id) = if show_scalars.contains(&id_field) {
            (None, show_scalars, id_field.clone())
        } else if let Some((name, fields)) = show_objects
            .iter()
            .find(|(_, f)| f.contains(&id_field))
            .cloned()
        {
            (Some(name), fields, id_field.clone())
        } else if let Some(alias) = pick(&show_scalars).or_else(|| describing(&show_props)) {
            (None, show_scalars, alias)
        } else if let Some((name, fields, alias)) = show_objects.iter().find_map(|(n, f)| {
            let alias = pick(f).or_else(|| describing(&object_props(n)))?;
            Some((n.clone(), f.clone(), alias))
        }) {
            (Some(name), fields, alias)
        } else {
            (None, show_scalars, id_field.clone())
        };
        let id_aliases: Vec<String> = [show_id].into_iter().filter(|a| *a != id_field).collect();
        // The create body's member naming the new item, when it is not the id field.
        let create_id = create.and_then(|c| c.request_body.as_ref()).and_then(|b| {
            let props = properties(spec, &b.schema);
            if props.iter().any(|(n, _)| *n == id_field) {
                return None;
            }
            props
                .iter()
                .find(|(n, _)| *n == param)
                .map(|(n, _)| (*n).to_owned())
                .or_else(|| describing(&props))
        });
        let mut fields = list_fields;
        for f in &show_fields {
            if !fields.contains(f) {
                fields.push(f.clone());
            }
        }
        let segs = segments(&collection);
        let name = {
            let start = segs.iter().rposition(|s| is_param(s)).map_or(0, |i| i + 1);
            segs[start..].join("/")
        };
        let mut parents = Vec::new();
        for (i, s) in segs.iter().enumerate() {
            if !is_param(s) {
                continue;
            }
            let prefix = format!("/{}", segs[..=i].join("/"));
            if let Some(r) = resources.iter().position(|r| r.item == prefix) {
                parents.push(Parent {
                    param: s[1..s.len() - 1].to_owned(),
                    resource: r,
                });
            }
        }
        let (paging, filters) = match list {
            Some(l) => {
                let paging = paging(l);
                let used = paging.parameters();
                let filters = query_params(l)
                    .into_iter()
                    .filter(|q| !used.contains(q) && fields.iter().any(|f| f == q))
                    .map(str::to_owned)
                    .collect();
                (paging, filters)
            }
            None => (Paging::None, Vec::new()),
        };
        let batch_delete = batch_delete(spec, &collection, &[&id_field, &param, "id"]);
        // The listed objects name an item as the create body does (a topic's `id`).
        let mut update_keys = vec![id_field.as_str(), param.as_str()];
        update_keys.extend(create_id.as_deref());
        update_keys.extend(id_aliases.iter().map(String::as_str));
        let batch_update = batch_update(spec, &collection, &update_keys);
        update_keys.push("id");
        let action_batches = action_batches(
            spec,
            &collection,
            &update_keys,
            batch_delete.as_ref().map(|b| b.operation.as_str()),
        );
        resources.push(Resource {
            name,
            collection: collection.clone(),
            item: item.clone(),
            id_param: param.clone(),
            id_integer: integers.contains(&id_field),
            id_field,
            parents,
            create: create.map(|o| o.id.clone()),
            list: list.map(|o| o.id.clone()),
            show: show.map(|o| o.id.clone()),
            update_creates: create.is_none() && id_of(Method::Put).is_some(),
            update: id_of(Method::Put).or_else(|| id_of(Method::Patch)),
            delete: id_of(Method::Delete),
            items_field,
            list_is_array,
            total_field: list.and_then(|l| list_total(spec, l)),
            show_field,
            paging,
            filters,
            fields,
            batch_delete,
            batch_update,
            action_batches,
            id_aliases,
            create_id,
            show_fields,
        });
    }

    let roles = ops
        .iter()
        .map(|op| {
            resources.iter().enumerate().find_map(|(i, r)| {
                let batch_delete = r.batch_delete.as_ref().map(|b| &b.operation);
                let batch_update = r.batch_update.as_ref().map(|b| &b.operation);
                let role = [
                    (r.create.as_ref(), Role::Create),
                    (r.list.as_ref(), Role::List),
                    (r.show.as_ref(), Role::Show),
                    (r.update.as_ref(), Role::Update),
                    (r.delete.as_ref(), Role::Delete),
                    (batch_delete, Role::BatchDelete),
                    (batch_update, Role::BatchUpdate),
                ]
                .into_iter()
                .find(|(id, _)| id.map(String::as_str) == Some(op.id.as_str()))
                .map(|(_, role)| role)
                .or_else(|| {
                    r.action_batches
                        .iter()
                        .position(|b| b.operation == op.id)
                        .map(Role::ActionBatch)
                })?;
                Some((i, role))
            })
        })
        .collect();
    let ids = ops
        .iter()
        .map(|op| id_params(&resources, &op.path))
        .collect();
    ResourceModel {
        resources,
        operations: ops.iter().map(|o| o.id.clone()).collect(),
        ids,
        roles,
    }
}

/// The path parameters of `path` that are ids of resources (rule 8), outermost first.
fn id_params(resources: &[Resource], path: &str) -> Vec<(String, usize)> {
    let segs = segments(path);
    let mut out = Vec::new();
    for (i, s) in segs.iter().enumerate() {
        if !is_param(s) {
            continue;
        }
        let name = &s[1..s.len() - 1];
        let prefix = format!("/{}", segs[..=i].join("/"));
        let by_prefix = resources.iter().position(|r| r.item == prefix);
        let by_name = || {
            // The literal segments right before the parameter must end with the resource's name.
            let start = segs[..i]
                .iter()
                .rposition(|s| s.contains('{'))
                .map_or(0, |j| j + 1);
            let run = segs[start..i].join("/");
            let mut matching = resources.iter().enumerate().filter(|(_, r)| {
                r.id_param == name && (run == r.name || run.ends_with(&format!("/{}", r.name)))
            });
            match (matching.next(), matching.next()) {
                (Some((r, _)), None) => Some(r),
                _ => None,
            }
        };
        if let Some(r) = by_prefix.or_else(by_name) {
            out.push((name.to_owned(), r));
        }
    }
    out
}

impl fmt::Display for ResourceModel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} resource(s)", self.resources.len())?;
        for r in &self.resources {
            writeln!(f, "\n{} {}", r.name, r.item)?;
            writeln!(f, "  id: path {{{}}}, field {}", r.id_param, r.id_field)?;
            if !r.id_aliases.is_empty() {
                writeln!(f, "  id also in: {}", r.id_aliases.join(", "))?;
            }
            if let Some(create_id) = &r.create_id {
                writeln!(f, "  create names it: {create_id}")?;
            }
            if !r.parents.is_empty() {
                let parents: Vec<String> = r
                    .parents
                    .iter()
                    .map(|p| format!("{{{}}} ({})", p.param, self.resources[p.resource].name))
                    .collect();
                writeln!(f, "  parents: {}", parents.join(", "))?;
            }
            for (what, op) in [
                ("create", &r.create),
                ("list", &r.list),
                ("show", &r.show),
                ("update", &r.update),
                ("delete", &r.delete),
            ] {
                writeln!(f, "  {what}: {}", op.as_deref().unwrap_or("-"))?;
            }
            if let Some(b) = &r.batch_delete {
                let key = b.key.as_ref().map(|k| format!(".{k}")).unwrap_or_default();
                writeln!(f, "  batch delete: {} ({}[]{key})", b.operation, b.field)?;
            }
            if let Some(b) = &r.batch_update {
                let key = b.key.as_deref().unwrap_or("-");
                writeln!(f, "  batch update: {} ({}[].{key})", b.operation, b.field)?;
            }
            for b in &r.action_batches {
                let key = b.key.as_ref().map(|k| format!(".{k}")).unwrap_or_default();
                let by = match &b.member {
                    Some(m) => format!("{m}: {}", b.actions.join(" | ")),
                    None => format!("by its path: {}", b.actions.join(" | ")),
                };
                writeln!(
                    f,
                    "  action batch: {} ({}[]{key}; {by})",
                    b.operation, b.field
                )?;
            }
            if r.list.is_some() {
                let paging = match &r.paging {
                    Paging::None => "none".to_owned(),
                    Paging::Offset {
                        offset,
                        limit,
                        first,
                    } => format!(
                        "{offset} (from {first}) + {}",
                        limit.as_deref().unwrap_or("-")
                    ),
                    Paging::Marker { marker, limit } => {
                        format!("{marker} + {}", limit.as_deref().unwrap_or("-"))
                    }
                    Paging::Page { page, size } => {
                        format!("{page} (from 1) + {}", size.as_deref().unwrap_or("-"))
                    }
                };
                writeln!(
                    f,
                    "  list answer: items {}, total {}; paging {paging}; filters {}",
                    match (&r.items_field, r.list_is_array) {
                        (Some(f), _) => f.as_str(),
                        (None, true) => "(the answer)",
                        (None, false) => "-",
                    },
                    r.total_field.as_deref().unwrap_or("-"),
                    if r.filters.is_empty() {
                        "-".to_owned()
                    } else {
                        r.filters.join(", ")
                    }
                )?;
            }
            if let Some(field) = &r.show_field {
                writeln!(f, "  show answer: the item in {field}")?;
            }
        }
        let checked: Vec<String> = self
            .operations
            .iter()
            .zip(&self.ids)
            .filter(|(_, ids)| !ids.is_empty())
            .map(|(op, ids)| {
                let ids: Vec<String> = ids
                    .iter()
                    .map(|(p, r)| format!("{{{p}}} ({})", self.resources[*r].name))
                    .collect();
                format!("  {op}: {}", ids.join(", "))
            })
            .collect();
        writeln!(f, "\nids that must exist ({} operation(s)):", checked.len())?;
        for line in checked {
            writeln!(f, "{line}")?;
        }
        Ok(())
    }
}
