//! End to end against the stateful emulator, for services other than Kafka (issue 14, item 4): the
//! emulator serves the repository's spec of the service (`spec/<service>.yaml`), and the service's
//! *generated client* walks every resource the emulator infers from it: create → show → list (sees
//! it) → update → show (sees the change) → delete → show (404), each step the resource has.
//!
//! Nothing here names an operation or a resource: the walk is driven by the inferred model
//! ([`MockServer::resources`]), the requests by the dispatch table of each generated crate (built by
//! `build.rs` from the crate's source: `calls_<service>.rs`), the inputs by the spec (examples made
//! to conform, values synthesized from schemas). The oracle of each step is the previous step's
//! input: the show must hold the id the create answered and the field value the create (or the
//! update) sent.
//!
//! As the raw-HTTP walk of the emulator's tests (mock/tests/stateful_corpus.rs) does, every resource
//! with a create holds an item before the walks (parents first); a resource without a create walks
//! from a stored item, under parents that hold one; one with neither a create nor a stored item is
//! created by the PUT on its item path when the inference says that PUT creates (`update_creates`).
//! A resource with neither whose items an action batch adds (infer rule 11: tags without an item path,
//! rule 12) is created by that batch. After its walk, every action batch of a resource is called with
//! every action it documents, on one item: the store holds an item added after, no longer holds one removed,
//! and is unchanged by any other action (`restart`).
//! Each test asserts that the resources walked are exactly the inferred ones, that every inferred batch
//! action was called, and that the service keeps at least the resources, creates, full walks and batch
//! calls it has today, so the walk cannot silently shrink. Kafka walks here too, generically (its own
//! test, e2e_stateful.rs, checks more of it): a show checks only the fields its answer documents.

use std::collections::BTreeMap;
use std::path::PathBuf;

use codegen::spec::{Operation, SchemaKind, Spec};
use huaweicloud_core::{Credentials, Error, RetryConfig};
use huaweicloud_mock::conform::{conform, synthesize};
use huaweicloud_mock::{ActionBatch, BatchEffect, MockServer, Paging, Resource};
use sdk_tests::calls::{CallError, Called, Inputs};
use serde_json::Value;

const AK: &str = "E2EWALKSACCESSKEY000";
const SK: &str = "e2e-walks-secret";
const PROJECT: &str = "e2ewalks0123456789abcdef01234567";

/// The dispatch table of one generated crate (`calls_<service>.rs`), with what it needs in scope.
macro_rules! dispatch {
    ($service:ident, $krate:ident) => {
        mod $service {
            #![allow(dead_code)]
            use sdk_tests::calls::{CallError, Called, Inputs, into_input};

            async fn send<R>(client: &$krate::Client, request: R) -> Result<Called, CallError>
            where
                R: huaweicloud_core::ApiRequest,
                R::Response: serde::Serialize,
            {
                let response = client.execute(request).await.map_err(CallError::Sdk)?;
                Ok(Called {
                    operation: R::OPERATION.id,
                    response: serde_json::to_value(&response).map_err(|e| {
                        CallError::Input(format!("the response does not encode: {e}"))
                    })?,
                })
            }

            include!(concat!(
                env!("OUT_DIR"),
                "/calls_",
                stringify!($service),
                ".rs"
            ));
        }
    };
}

dispatch!(dcs, huaweicloud_dcs);
dispatch!(functiongraph, huaweicloud_functiongraph);
dispatch!(apig, huaweicloud_apig);
dispatch!(kafka, huaweicloud_kafka);

/// The generated client of one service.
enum Sdk {
    Dcs(huaweicloud_dcs::Client),
    Functiongraph(huaweicloud_functiongraph::Client),
    Apig(huaweicloud_apig::Client),
    Kafka(huaweicloud_kafka::Client),
}

impl Sdk {
    /// Calls `op` with the generated client; panics when the crate has no such operation.
    async fn call(&self, op: &str, inputs: &Inputs) -> Result<Called, CallError> {
        match self {
            Sdk::Dcs(c) => dcs::call(c, op, inputs).await,
            Sdk::Functiongraph(c) => functiongraph::call(c, op, inputs).await,
            Sdk::Apig(c) => apig::call(c, op, inputs).await,
            Sdk::Kafka(c) => kafka::call(c, op, inputs).await,
        }
        .unwrap_or_else(|| panic!("{op} is not in the generated crate's dispatch table"))
    }
}

/// The emulator serving `spec/<service>.yaml`, statefully.
async fn server(service: &str) -> MockServer {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../spec")
        .join(format!("{service}.yaml"));
    MockServer::builder()
        .spec(path)
        .credentials(AK, SK, PROJECT)
        .stateful(true)
        .start()
        .await
        .unwrap_or_else(|e| panic!("the emulator starts with spec/{service}.yaml: {e}"))
}

/// A client builder pointed at the emulator, with the test's credentials and no retries.
fn builder<C>(
    mut b: huaweicloud_core::ClientBuilder<C>,
    server: &MockServer,
) -> huaweicloud_core::ClientBuilder<C> {
    b = b
        .endpoint(server.url())
        .credentials(Credentials::new(AK, SK).with_project_id(PROJECT))
        .retry(RetryConfig::disabled());
    b
}

fn operation<'a>(spec: &'a Spec, id: &str) -> &'a Operation {
    spec.operations
        .iter()
        .find(|o| o.id == id)
        .unwrap_or_else(|| panic!("{id} is not in the spec"))
}

/// Inputs for `op`: the given path ids, every other required parameter synthesized from its schema,
/// the body from the spec's example (made to conform) or synthesized.
fn inputs(spec: &Spec, op: &Operation, ids: &BTreeMap<String, String>) -> Inputs {
    let mut params = BTreeMap::new();
    for p in op.parameters.iter().filter(|p| p.required) {
        if p.from_credentials.is_some() {
            continue;
        }
        let value = match ids.get(&p.name) {
            Some(id) => Value::from(id.clone()),
            None => synthesize(spec, &p.schema),
        };
        params.insert(p.name.clone(), value);
    }
    let body = op.request_body.as_ref().map(|b| match &b.example {
        Some(example) => conform(spec, &b.schema, example).value,
        None => synthesize(spec, &b.schema),
    });
    Inputs { params, body }
}

/// An id as text.
fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A string member of `body` that is an item field (not the id) with a value we can change.
fn marker_field(r: &Resource, body: &Value) -> Option<String> {
    body.as_object()?
        .iter()
        .find(|(k, v)| v.is_string() && r.fields.contains(k) && **k != r.id_field)
        .map(|(k, _)| k.clone())
}

/// The id a create answered: under the id field's or the id parameter's name, at the answer's root
/// or one level down (in an object, or the first entry of a list).
fn answered_id(r: &Resource, answer: &Value) -> Option<String> {
    let keys = [r.id_field.as_str(), r.id_param.as_str()];
    let nested = answer
        .as_object()
        .into_iter()
        .flat_map(|o| o.values())
        .map(|v| if v.is_array() { &v[0] } else { v });
    std::iter::once(answer)
        .chain(nested)
        .flat_map(|v| keys.map(|k| &v[k]))
        .find_map(text)
}

fn not_found(outcome: Result<Called, CallError>, what: &str) {
    match outcome {
        Err(CallError::Sdk(Error::Service(e))) => {
            assert_eq!(e.status(), 404, "{what}: {e}");
            assert_eq!(e.error_code(), "DMS.00404001", "{what}: {e}");
            assert!(
                e.request_id().is_some_and(|id| id.len() == 32),
                "{what}: no X-Request-Id"
            );
        }
        Err(e) => panic!("{what}: not a service error: {e}"),
        Ok(c) => panic!("{what}: succeeded: {}", c.response),
    }
}

/// The stored items of `r` under the parents named in `ids`, newest first.
fn stored_under(server: &MockServer, r: &Resource, ids: &BTreeMap<String, String>) -> Vec<Value> {
    server
        .stored(&r.item)
        .into_iter()
        .filter(|(p, _)| {
            r.parents
                .iter()
                .zip(p)
                .all(|(parent, v)| ids.get(&parent.param) == Some(v))
        })
        .map(|(_, item)| item)
        .collect()
}

/// The path ids for walking `r` with `any_op` (one of its operations): those of the first stored items
/// ([`MockServer::existing_path_ids`]), except the parents' when they hold no item of `r` that the walk needs
/// (`r` has no create) or do not exist: the parents of the newest item of `r` then, else the newest item of
/// the innermost parent. The first parent items are the newest: a create of an earlier step (a page check, a
/// parent made for the walks) makes a parent that holds none of the seeded children.
fn parent_ids(server: &MockServer, r: &Resource, any_op: &str) -> Option<BTreeMap<String, String>> {
    let first = server.existing_path_ids(any_op);
    let holds_an_item = |ids: &BTreeMap<String, String>| !stored_under(server, r, ids).is_empty();
    if r.parents.is_empty()
        || first
            .as_ref()
            .is_some_and(|ids| r.create.is_some() || holds_an_item(ids))
    {
        return first;
    }
    let of_an_item = server
        .stored(&r.item)
        .into_iter()
        .next()
        .map(|(parents, _)| parents);
    let of_the_parent = || {
        let model = server.resources();
        let owner = &model.resources[r.parents.last()?.resource];
        let (mut key, item) = server.stored(&owner.item).into_iter().next()?;
        key.push(text(&item[&owner.id_field])?);
        Some(key)
    };
    let key = of_an_item
        .or_else(of_the_parent)
        .filter(|k| k.len() == r.parents.len())?;
    let mut ids = first.unwrap_or_default();
    for (parent, id) in r.parents.iter().zip(key) {
        ids.insert(parent.param.clone(), id);
    }
    Some(ids)
}

/// The first action batch of `r` adding items, with the action value that adds.
fn batch_adding(r: &Resource) -> Option<(&ActionBatch, &str)> {
    r.action_batches.iter().find_map(|b| {
        let action = b
            .actions
            .iter()
            .find(|a| BatchEffect::of(a) == BatchEffect::Create)?;
        Some((b, action.as_str()))
    })
}

/// Inputs for the action batch `batch` of `r` doing `action` on the item `id`: the operation's inputs
/// ([`inputs`]) with the action value and a list of that one item (the example's first entry naming it).
fn batch_inputs(
    spec: &Spec,
    r: &Resource,
    batch: &ActionBatch,
    action: &str,
    ids: &BTreeMap<String, String>,
    id: &str,
) -> Inputs {
    let mut input = inputs(spec, operation(spec, &batch.operation), ids);
    let body = input
        .body
        .get_or_insert_with(|| Value::Object(Default::default()));
    if let (Some(member), Some(o)) = (&batch.member, body.as_object_mut()) {
        o.insert(member.clone(), Value::from(action));
    }
    let id_value = match id.parse::<i64>() {
        Ok(n) if r.id_integer => Value::from(n),
        _ => Value::from(id),
    };
    let entry = match &batch.key {
        Some(key) => {
            let mut entry = body[&batch.field]
                .get(0)
                .filter(|e| e.is_object())
                .cloned()
                .unwrap_or_else(|| Value::Object(Default::default()));
            entry[key] = id_value;
            entry
        }
        None => id_value,
    };
    if let Some(o) = body.as_object_mut() {
        o.insert(batch.field.clone(), Value::Array(vec![entry]));
    }
    input
}

/// Calls every action batch of `r` with each action it documents, on one item: an action adding items adds a
/// new one (the store holds it after), one removing items removes one (an item added before, else one made by
/// the create, else the newest stored one; the store no longer holds it), any other keeps the items. Returns
/// the steps done (`<operation> <action>`).
async fn batches(sdk: &Sdk, server: &MockServer, spec: &Spec, r: &Resource) -> Vec<String> {
    let mut steps = Vec::new();
    let mut added: Vec<String> = Vec::new();
    for (n, batch) in r.action_batches.iter().enumerate() {
        let Some(mut ids) = parent_ids(server, r, &batch.operation) else {
            continue;
        };
        ids.remove(&r.id_param);
        let held = |ids: &BTreeMap<String, String>| -> Vec<String> {
            stored_under(server, r, ids)
                .iter()
                .filter_map(|i| text(&i[&r.id_field]))
                .collect()
        };
        for (a, action) in batch.actions.iter().enumerate() {
            let effect = BatchEffect::of(action);
            let id = match effect {
                BatchEffect::Create => format!("walk-batch-{n}-{a}"),
                _ => match added.pop() {
                    Some(id) => id,
                    None => {
                        if let (BatchEffect::Delete, Some(create)) = (effect, &r.create) {
                            sdk.call(create, &inputs(spec, operation(spec, create), &ids))
                                .await
                                .unwrap_or_else(|e| panic!("{create} (for {action}): {e}"));
                        }
                        match held(&ids).into_iter().next() {
                            Some(id) => id,
                            None if effect == BatchEffect::Other => "walk-none".to_owned(),
                            None => continue,
                        }
                    }
                },
            };
            let before = held(&ids);
            let input = batch_inputs(spec, r, batch, action, &ids, &id);
            sdk.call(&batch.operation, &input)
                .await
                .unwrap_or_else(|e| panic!("{} {action} {id}: {e}", batch.operation));
            let after = held(&ids);
            match effect {
                BatchEffect::Create => {
                    assert!(
                        after.contains(&id),
                        "{} {action}: {id} is not stored",
                        batch.operation
                    );
                    added.push(id);
                }
                BatchEffect::Delete => assert!(
                    !after.contains(&id) && before.contains(&id),
                    "{} {action}: {id} is still stored (or was not before)",
                    batch.operation
                ),
                BatchEffect::Other => {
                    assert_eq!(
                        after, before,
                        "{} {action}: the items changed",
                        batch.operation
                    );
                    if id != "walk-none" {
                        added.push(id);
                    }
                }
            }
            steps.push(format!("{} {action}", batch.operation));
        }
    }
    steps
}

/// Walks one resource with the generated client; returns the steps done.
async fn walk(sdk: &Sdk, server: &MockServer, spec: &Spec, r: &Resource) -> Vec<&'static str> {
    let mut steps = Vec::new();
    let call = |op: &str, ids: &BTreeMap<String, String>| inputs(spec, operation(spec, op), ids);
    // The parents: ids that exist (the first stored parent items).
    let any_op = [&r.create, &r.list, &r.show, &r.update, &r.delete]
        .into_iter()
        .flatten()
        .next()
        .expect("a resource has an operation");
    let mut ids = parent_ids(server, r, any_op)
        .unwrap_or_else(|| panic!("{}: no parent item exists", r.item));
    ids.remove(&r.id_param);

    // Create (or take a seeded item). `known` gathers what the item holds, for the list's filters.
    let mut expected: Option<(String, Value)> = None;
    let mut known = serde_json::Map::new();
    let id = match &r.create {
        Some(create) => {
            let mut input = call(create, &ids);
            // A client-chosen id (a scalar named like the id field, or the create's own name for it: not an
            // object such as a `tag` holding key and value) must be new.
            let named = r.create_id.as_ref().unwrap_or(&r.id_field);
            if let Some(body) = input.body.as_mut().and_then(Value::as_object_mut)
                && body
                    .get(named)
                    .is_some_and(|v| v.is_string() || v.is_number())
            {
                body.insert(named.clone(), Value::from("walk-created"));
            }
            if let Some(body) = input.body.as_mut()
                && let Some(field) = marker_field(r, body)
            {
                body[&field] = Value::from("walk-marker-1");
                expected = Some((field, Value::from("walk-marker-1")));
            }
            let body = input.body.clone().unwrap_or(Value::Null);
            let before = stored_under(server, r, &ids).len();
            let created = sdk
                .call(create, &input)
                .await
                .unwrap_or_else(|e| panic!("{create}: {e}"));
            steps.push("create");
            let newest = stored_under(server, r, &ids);
            assert_eq!(newest.len(), before + 1, "{create} stored no new item");
            let newest = newest[0].clone();
            if let Some(i) = newest.as_object() {
                known.extend(i.clone());
            }
            // The id the client saw, else the one the body chose, else (a create answer without
            // the id in its schema) the item the create just stored.
            answered_id(r, &created.response)
                .or_else(|| text(&body[named]))
                .or_else(|| text(&newest[&r.id_field]))
                .unwrap_or_else(|| panic!("{create}: no id in {}", created.response))
        }
        None => match stored_under(server, r, &ids).into_iter().next() {
            Some(item) => {
                if let Some(i) = item.as_object() {
                    known.extend(i.clone());
                }
                text(&item[&r.id_field]).expect("a seeded id")
            }
            // Nothing seeded and no create: an action batch adding items makes one.
            None if batch_adding(r).is_some() => {
                let (batch, action) = batch_adding(r).expect("a batch adding items");
                let input = batch_inputs(spec, r, batch, action, &ids, "walk-created");
                sdk.call(&batch.operation, &input)
                    .await
                    .unwrap_or_else(|e| panic!("{} (creating): {e}", batch.operation));
                steps.push("create by batch");
                "walk-created".to_owned()
            }
            // Nothing seeded and no create: a PUT on the item's path creates the item (the inference's
            // `update_creates`).
            None => {
                let update = r
                    .update
                    .as_ref()
                    .filter(|_| r.update_creates)
                    .unwrap_or_else(|| {
                        panic!(
                            "{}: nothing seeded, no create, no update that creates",
                            r.item
                        )
                    });
                let mut with_id = ids.clone();
                with_id.insert(r.id_param.clone(), "walk-created".to_owned());
                sdk.call(update, &call(update, &with_id))
                    .await
                    .unwrap_or_else(|e| panic!("{update} (creating): {e}"));
                steps.push("create by update");
                "walk-created".to_owned()
            }
        },
    };
    // A list's required filter takes the item's value.
    let list_inputs = |op: &str| {
        let mut input = call(op, &ids);
        for f in &r.filters {
            if let (Some(slot), Some(v)) = (input.params.get_mut(f), known.get(f)) {
                *slot = v.clone();
            }
        }
        input
    };
    let mut with_id = ids.clone();
    with_id.insert(r.id_param.clone(), id.clone());

    // The emulator stores an id that no schema names under the id parameter's name; the generated
    // types do not carry it, so the client sees such an item by its other fields only.
    let id_visible = r.fields.contains(&r.id_field);
    let show = async |expected: Option<(String, Value)>| {
        let Some(show) = &r.show else { return false };
        let answer = sdk
            .call(show, &call(show, &with_id))
            .await
            .unwrap_or_else(|e| panic!("{show} {id}: {e}"))
            .response;
        let item = match &r.show_field {
            Some(f) => &answer[f],
            None => &answer,
        };
        // The show names the id by the id field, else by an alias (a Kafka topic's `topic`).
        let shown_id = std::iter::once(&r.id_field)
            .chain(&r.id_aliases)
            .find(|f| r.show_fields.contains(f))
            .unwrap_or(&r.id_field);
        if id_visible {
            assert_eq!(
                text(&item[shown_id]).as_deref(),
                Some(id.as_str()),
                "{show}: another item: {answer}"
            );
        }
        // Only a field the show answer documents (a Kafka topic's `topic_desc` is created, not shown).
        if let Some((field, value)) = expected
            && (r.show_fields.is_empty() || r.show_fields.contains(&field))
        {
            assert_eq!(item[&field], value, "{show}: `{field}` in {answer}");
        }
        true
    };
    if show(expected.clone()).await {
        steps.push("show");
    }

    if let Some(list) = &r.list {
        let answer = sdk
            .call(list, &list_inputs(list))
            .await
            .unwrap_or_else(|e| panic!("{list}: {e}"))
            .response;
        let items = r
            .listed_items(&answer)
            .unwrap_or_else(|| panic!("{list}: no items in {answer}"));
        let listed = items.iter().find(|i| match (&expected, id_visible) {
            (_, true) => text(&i[&r.id_field]).as_deref() == Some(id.as_str()),
            (Some((field, value)), false) => &i[field] == value,
            (None, false) => true,
        });
        let listed = listed.unwrap_or_else(|| panic!("{list}: {id} is not listed: {answer}"));
        // A field the list's item type does not have (a show-only field) is not in the listing.
        if let Some((field, value)) = &expected
            && listed.get(field).is_some()
        {
            assert_eq!(&listed[field], value, "{list}: `{field}`");
        }
        steps.push("list");
    }

    if let Some(update) = &r.update {
        let mut input = call(update, &with_id);
        let mut changed = None;
        if let Some(body) = input.body.as_mut()
            && let Some(field) = marker_field(r, body)
        {
            body[&field] = Value::from("walk-marker-2");
            changed = Some((field, Value::from("walk-marker-2")));
        }
        sdk.call(update, &input)
            .await
            .unwrap_or_else(|e| panic!("{update}: {e}"));
        steps.push("update");
        if changed.is_some() && show(changed).await {
            steps.push("show after update");
        }
    }

    if let Some(delete) = &r.delete {
        sdk.call(delete, &call(delete, &with_id))
            .await
            .unwrap_or_else(|e| panic!("{delete}: {e}"));
        steps.push("delete");
        if let Some(show) = &r.show {
            let outcome = sdk.call(show, &call(show, &with_id)).await;
            not_found(outcome, &format!("{show} after {delete}"));
            steps.push("show is 404");
        }
        if let (Some(list), true) = (&r.list, id_visible) {
            let answer = sdk
                .call(list, &list_inputs(list))
                .await
                .unwrap_or_else(|e| panic!("{list}: {e}"))
                .response;
            assert!(
                r.listed_items(&answer)
                    .is_none_or(|items| items
                        .iter()
                        .all(|i| text(&i[&r.id_field]).as_deref() != Some(id.as_str()))),
                "{list}: {id} is still listed after {delete}"
            );
        }
    }
    steps
}

/// For a resource listed with an offset and a limit: pages of one item, offset by offset, are the
/// unpaged listing's items in the same order, and every page's total counts them all. Two items
/// are created first when the resource has a create. Returns whether the paging was checked (ids
/// the client sees, two items or more).
async fn pages(sdk: &Sdk, server: &MockServer, spec: &Spec, r: &Resource) -> bool {
    let (
        Some(list),
        Paging::Offset {
            offset,
            limit: Some(limit),
            first,
        },
    ) = (&r.list, &r.paging)
    else {
        return false;
    };
    if r.items_field.is_none() && !r.list_is_array {
        return false;
    }
    if !r.fields.contains(&r.id_field) {
        return false;
    }
    let Some(mut ids) = server.existing_path_ids(list) else {
        return false;
    };
    ids.remove(&r.id_param);
    if let Some(create) = &r.create {
        for n in 0..2 {
            let mut input = inputs(spec, operation(spec, create), &ids);
            // A client-chosen id (under the id field, or the create's own name for it) must be new.
            let named = r.create_id.as_ref().unwrap_or(&r.id_field);
            if let Some(body) = input.body.as_mut().and_then(Value::as_object_mut)
                && body
                    .get(named)
                    .is_some_and(|v| v.is_string() || v.is_number())
            {
                body.insert(named.clone(), Value::from(format!("page-created-{n}")));
            }
            sdk.call(create, &input)
                .await
                .unwrap_or_else(|e| panic!("{create}: {e}"));
        }
    }
    // A required filter takes the value of the newest item.
    let newest = stored_under(server, r, &ids).into_iter().next();
    let listing = async |page: Option<i64>| {
        let mut input = inputs(spec, operation(spec, list), &ids);
        for f in &r.filters {
            if let (Some(slot), Some(v)) = (
                input.params.get_mut(f),
                newest.as_ref().and_then(|n| n.get(f)),
            ) {
                *slot = v.clone();
            }
        }
        if let Some(o) = page {
            let op = operation(spec, list);
            input
                .params
                .insert(offset.clone(), number_param(op, offset, first + o));
            input
                .params
                .insert(limit.clone(), number_param(op, limit, 1));
        }
        let answer = sdk
            .call(list, &input)
            .await
            .unwrap_or_else(|e| panic!("{list}: {e}"))
            .response;
        let listed: Vec<String> = r
            .listed_items(&answer)
            .unwrap_or_else(|| panic!("{list}: no items in {answer}"))
            .iter()
            .filter_map(|i| text(&i[&r.id_field]))
            .collect();
        let total = r.total_field.as_ref().and_then(|t| text(&answer[t]));
        (listed, total)
    };
    let (all, _) = listing(None).await;
    if all.len() < 2 {
        return false;
    }
    for (o, want) in all.iter().enumerate() {
        let (page, total) = listing(Some(o as i64)).await;
        assert_eq!(
            page,
            std::slice::from_ref(want),
            "{list}: {offset}={} {limit}=1",
            first + o as i64
        );
        if let Some(total) = total {
            assert_eq!(total, all.len().to_string(), "{list}: the total of a page");
        }
    }
    true
}

/// The value `n` for the parameter `name` of `op`: text when its schema says string (Kafka's `offset`).
fn number_param(op: &Operation, name: &str, n: i64) -> Value {
    let text = op
        .parameters
        .iter()
        .any(|p| p.name == name && matches!(p.schema.kind, SchemaKind::String));
    if text {
        Value::from(n.to_string())
    } else {
        Value::from(n)
    }
}

const FULL: &str = "create → show → list → update → show after update → delete → show is 404";

/// What a service's walk must keep at least: floors at today's numbers (see the test of each
/// service), so that neither inference nor the walk can shrink unnoticed.
struct Floor {
    /// Resources inferred (each is walked).
    resources: usize,
    /// Resources whose walk starts with the create.
    created: usize,
    /// Resources walking every step ([`FULL`]).
    full: usize,
    /// Resources listed with an offset and a limit whose pages were checked ([`pages`]).
    paged: usize,
    /// Action batch calls done ([`batches`]): every action of every action batch inferred.
    batches: usize,
}

/// Walks every inferred resource of `service` with its generated client; checks that the
/// resources walked are exactly the inferred ones, and the floor.
/// Runs `walk` to completion on a thread with a 64 MiB stack: the generated clients' dispatch over every
/// operation of a service (196 for apig) makes futures too large for a test thread's 2 MiB stack in a debug build.
fn on_a_big_stack(walk: impl std::future::Future<Output = ()> + Send + 'static) {
    let thread = std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .thread_stack_size(64 << 20)
                .enable_all()
                .build()
                .expect("a runtime")
                .block_on(walk)
        })
        .expect("a thread");
    if let Err(panic) = thread.join() {
        std::panic::resume_unwind(panic);
    }
}

async fn walk_service(service: &str, sdk: impl FnOnce(&MockServer) -> Sdk, floor: Floor) {
    let server = server(service).await;
    let sdk = sdk(&server);
    let spec = server.spec().clone();
    let model = server.resources();
    // Every resource with a create holds an item before the walks (parents first), so that a child whose
    // parent is neither listed nor shown, hence not seeded, has a parent.
    for r in &model.resources {
        if let Some(create) = &r.create
            && server.stored(&r.item).is_empty()
            && let Some(ids) = server.existing_path_ids(create)
        {
            sdk.call(create, &inputs(&spec, operation(&spec, create), &ids))
                .await
                .unwrap_or_else(|e| panic!("{create} (a parent for the walks): {e}"));
        }
    }
    let mut paged = 0;
    for r in &model.resources {
        if pages(&sdk, &server, &spec, r).await {
            paged += 1;
        }
    }
    let mut report = BTreeMap::new();
    let mut batched = Vec::new();
    // Children first, so that deleting a parent does not take the next resource's parent away.
    for r in model.resources.iter().rev() {
        let steps = walk(&sdk, &server, &spec, r).await;
        let batch_steps = batches(&sdk, &server, &spec, r).await;
        // Only a list (nothing creates, shows, changes or deletes an item) is no walk.
        assert!(
            steps.len() + batch_steps.len() >= 2,
            "{}: walked only {steps:?}",
            r.item
        );
        report.insert(r.item.clone(), steps.join(" → "));
        batched.extend(batch_steps);
    }
    // Every action of every action batch inferred was called.
    let inferred_batches: usize = model
        .resources
        .iter()
        .flat_map(|r| &r.action_batches)
        .map(|b| b.actions.len())
        .sum();
    eprintln!("{service}: batches called: {batched:?}");
    let lines: Vec<String> = report.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    eprintln!(
        "{service}: {} resource(s)\n  {}",
        lines.len(),
        lines.join("\n  ")
    );
    let mut inferred: Vec<&str> = model.resources.iter().map(|r| r.item.as_str()).collect();
    inferred.sort();
    let walked: Vec<&str> = report.keys().map(String::as_str).collect();
    assert_eq!(walked, inferred, "{service}: walked ≠ inferred");
    let created = report.values().filter(|s| s.starts_with("create")).count();
    let full = report.values().filter(|s| *s == FULL).count();
    eprintln!("{service}: {paged} resource(s) paged by offset and limit");
    assert_eq!(
        batched.len(),
        inferred_batches,
        "{service}: batches called ≠ inferred: {batched:?}"
    );
    assert!(
        walked.len() >= floor.resources
            && created >= floor.created
            && full >= floor.full
            && paged >= floor.paged
            && batched.len() >= floor.batches,
        "{service}: {} resource(s), {created} created, {full} full walk(s), {paged} paged, {} batch call(s); want at least {}, {}, {}, {}, {}:\n  {}",
        walked.len(),
        batched.len(),
        floor.resources,
        floor.created,
        floor.full,
        floor.paged,
        floor.batches,
        lines.join("\n  ")
    );
}

/// dcs: 9 resources; instances (v1.0 and v2), backups, hotkey and bigkey analysis tasks and migration tasks are
/// created, background tasks (no create) walk from a seeded item; instances walk every step; 3 lists page by
/// offset.
#[test]
fn dcs_resources_walk_with_the_generated_client() {
    on_a_big_stack(walk_service(
        "dcs",
        |s| {
            Sdk::Dcs(
                builder(huaweicloud_dcs::Client::builder(), s)
                    .build()
                    .expect("client"),
            )
        },
        Floor {
            resources: 9,
            created: 7,
            full: 2,
            paged: 4,
            batches: 1,
        },
    ));
}

/// functiongraph: 4 resources, all created (dependency versions too); aliases and async-invocation events walk
/// every step (its lists page by marker, or not at all).
#[test]
fn functiongraph_resources_walk_with_the_generated_client() {
    on_a_big_stack(walk_service(
        "functiongraph",
        |s| {
            Sdk::Functiongraph(
                builder(huaweicloud_functiongraph::Client::builder(), s)
                    .build()
                    .expect("client"),
            )
        },
        Floor {
            resources: 5,
            created: 4,
            full: 2,
            paged: 0,
            batches: 2,
        },
    ));
}

/// apig: 27 resources, nested up to three deep under instances (domain certificates under domains under API
/// groups), 25 of them created; 14 walk every step; 19 page by offset.
#[test]
fn apig_resources_walk_with_the_generated_client() {
    on_a_big_stack(walk_service(
        "apig",
        |s| {
            Sdk::Apig(
                builder(huaweicloud_apig::Client::builder(), s)
                    .build()
                    .expect("client"),
            )
        },
        Floor {
            resources: 30,
            created: 26,
            full: 14,
            paged: 19,
            batches: 5,
        },
    ));
}

/// kafka: 6 resources (tags without an item path among them), 3 created, instances walk every step; 3 lists
/// page by offset; 4 batch calls (tags create and delete, instances restart and delete). The generic walk of Kafka's spec, as for the other services (tests/e2e_stateful.rs walks Kafka its
/// own way, with every check of the service).
#[test]
fn kafka_resources_walk_with_the_generated_client() {
    on_a_big_stack(walk_service(
        "kafka",
        |s| {
            Sdk::Kafka(
                builder(huaweicloud_kafka::Client::builder(), s)
                    .build()
                    .expect("client"),
            )
        },
        Floor {
            resources: 6,
            created: 3,
            full: 1,
            paged: 3,
            batches: 4,
        },
    ));
}
