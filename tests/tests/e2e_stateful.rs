//! End to end against the stateful emulator: for every resource the emulator infers from the spec,
//! the generated client walks create → show → list (sees it) → update → show (sees the change) →
//! delete → show (404), each step the resource has; and every operation with an id in its path
//! answers 404 when one of its ids does not exist. A resource changed or deleted only in batches
//! (a PUT on the collection, a POST on `…/delete` listing ids) walks them with a list of one, and
//! sees a change in the list when its show does not document the field.
//!
//! Nothing here names an operation or a resource: the walk is driven by the model the emulator
//! infers ([`MockServer::resources`]), the requests by the dispatch table of the generated crate
//! (`sdk_tests::calls`), the inputs by the spec (examples made to conform, values synthesized from
//! schemas). The oracle of each step is the previous step's input: the show must hold the id the
//! create answered and the field value the create (or the update) sent.

use std::collections::BTreeMap;

use codegen::spec::{Operation, Spec};
use huaweicloud_kafka::{Client, Credentials, Error, RetryConfig};
use huaweicloud_mock::conform::{conform, synthesize};
use huaweicloud_mock::{Batch, MockServer, Resource};
use sdk_tests::calls::{self, CallError, Inputs};
use serde_json::Value;

const AK: &str = "E2ESTATEFULACCESSKEY";
const SK: &str = "e2e-stateful-secret";
const PROJECT: &str = "e2estate0123456789abcdef01234567";

async fn server() -> MockServer {
    MockServer::builder()
        .credentials(AK, SK, PROJECT)
        .stateful(true)
        .start()
        .await
        .expect("the emulator starts")
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .endpoint(server.url())
        .credentials(Credentials::new(AK, SK).with_project_id(PROJECT))
        .retry(RetryConfig::disabled())
        .build()
        .expect("client")
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

/// The item inside a show answer.
fn shown<'a>(r: &Resource, answer: &'a Value) -> &'a Value {
    match &r.show_field {
        Some(f) => &answer[f],
        None => answer,
    }
}

/// The id of an item as text.
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
        .find(|(k, v)| {
            v.is_string() && r.fields.contains(k) && **k != r.id_field && !r.id_aliases.contains(k)
        })
        .map(|(k, _)| k.clone())
}

/// The id an item shown holds: under the id field, else under an alias of it (a show answer that
/// names the id otherwise than the list).
fn shown_id(r: &Resource, item: &Value) -> Option<String> {
    std::iter::once(&r.id_field)
        .chain(&r.id_aliases)
        .find_map(|f| text(&item[f]))
}

/// The body of a batch delete listing `id`: the example's other members, and the list of one.
fn batch_delete_inputs(
    spec: &Spec,
    batch: &Batch,
    ids: &BTreeMap<String, String>,
    id: &str,
) -> Inputs {
    let mut input = inputs(spec, operation(spec, &batch.operation), ids);
    let entry = match &batch.key {
        Some(key) => serde_json::json!({ key: id }),
        None => Value::from(id),
    };
    let body = input.body.get_or_insert_with(|| serde_json::json!({}));
    body[&batch.field] = Value::Array(vec![entry]);
    input
}

fn not_found(outcome: Result<calls::Called, CallError>, what: &str) {
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

/// Walks one resource; returns the steps done.
async fn walk(
    client: &Client,
    server: &MockServer,
    spec: &Spec,
    r: &Resource,
) -> Vec<&'static str> {
    let mut steps = Vec::new();
    let call = |op: &str, inputs: Inputs| {
        let op = op.to_owned();
        async move {
            calls::call(client, &op, &inputs)
                .await
                .unwrap_or_else(|| panic!("{op} is not in the dispatch table"))
        }
    };
    // The parents: ids that exist (the first stored parent items).
    let any_op = [&r.create, &r.list, &r.show, &r.update, &r.delete]
        .into_iter()
        .flatten()
        .next()
        .expect("a resource has an operation");
    let mut ids = server
        .existing_path_ids(any_op)
        .unwrap_or_else(|| panic!("{}: no parent exists", r.name));
    ids.remove(&r.id_param);

    // Create (or take a seeded item). `known` gathers what the item holds, for the list's filters.
    let mut expected: Option<(String, Value)> = None;
    let mut known = serde_json::Map::new();
    let id = match &r.create {
        Some(create) => {
            let op = operation(spec, create);
            let mut input = inputs(spec, op, &ids);
            // A client-chosen id (under the id field, or the create's own name for it) must be new.
            let named = r.create_id.as_ref().unwrap_or(&r.id_field);
            if let Some(body) = input.body.as_mut().and_then(Value::as_object_mut)
                && body.contains_key(named)
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
            if let Some(b) = body.as_object() {
                known.extend(b.clone());
            }
            let created = call(create, input)
                .await
                .unwrap_or_else(|e| panic!("{create}: {e}"));
            steps.push("create");
            text(&created.response[&r.id_field])
                .or_else(|| text(&created.response[&r.id_param]))
                .or_else(|| text(&body[named]))
                .unwrap_or_else(|| panic!("{create}: no id in the answer {}", created.response))
        }
        None => {
            let stored = server.stored(&r.item);
            let (_, item) = stored
                .iter()
                .find(|(p, _)| {
                    r.parents
                        .iter()
                        .zip(p)
                        .all(|(parent, v)| ids.get(&parent.param) == Some(v))
                })
                .unwrap_or_else(|| panic!("{}: nothing seeded", r.name));
            if let Some(i) = item.as_object() {
                known.extend(i.clone());
            }
            text(&item[&r.id_field]).expect("a seeded id")
        }
    };
    // A list's required filter (Kafka's `engine`) takes the item's value.
    let list_inputs = |op: &Operation| {
        let mut input = inputs(spec, op, &ids);
        for f in &r.filters {
            if let (Some(slot), Some(v)) = (input.params.get_mut(f), known.get(f)) {
                *slot = v.clone();
            }
        }
        input
    };
    let mut with_id = ids.clone();
    with_id.insert(r.id_param.clone(), id.clone());

    let show = |expected: Option<(String, Value)>| {
        let with_id = with_id.clone();
        async move {
            let Some(show) = &r.show else { return false };
            let answer = call(show, inputs(spec, operation(spec, show), &with_id))
                .await
                .unwrap_or_else(|e| panic!("{show} {id}: {e}", id = with_id[&r.id_param]))
                .response;
            let item = shown(r, &answer);
            assert_eq!(
                shown_id(r, item).as_deref(),
                Some(with_id[&r.id_param].as_str()),
                "{show}: another item: {answer}"
            );
            // A field the show's answer documents (the list may document more).
            if let Some((field, value)) = expected
                && r.show_fields.contains(&field)
            {
                assert_eq!(item[&field], value, "{show}: `{field}` in {answer}");
            }
            true
        }
    };
    if show(expected.clone()).await {
        steps.push("show");
    }

    if let Some(list) = &r.list {
        let answer = call(list, list_inputs(operation(spec, list)))
            .await
            .unwrap_or_else(|e| panic!("{list}: {e}"))
            .response;
        let items = r
            .listed_items(&answer)
            .unwrap_or_else(|| panic!("{list}: no items in {answer}"));
        let listed = items
            .iter()
            .find(|i| text(&i[&r.id_field]).as_deref() == Some(id.as_str()))
            .unwrap_or_else(|| panic!("{list}: {id} is not listed: {answer}"));
        if let Some((field, value)) = &expected {
            assert_eq!(&listed[field], value, "{list}: `{field}`");
        }
        steps.push("list");
    }

    // The update of the item, else the batch update listing it alone; each marks a field.
    let mark = |body: Option<&mut Value>| {
        let body = body?;
        let field = marker_field(r, body)?;
        body[&field] = Value::from("walk-marker-2");
        Some((field, Value::from("walk-marker-2")))
    };
    let update = match (&r.update, &r.batch_update) {
        (Some(update), _) => {
            let mut input = inputs(spec, operation(spec, update), &with_id);
            let changed = mark(input.body.as_mut());
            Some((update, input, changed, "update"))
        }
        (None, Some(batch)) => {
            let mut input = inputs(spec, operation(spec, &batch.operation), &ids);
            let body = input.body.get_or_insert_with(|| serde_json::json!({}));
            let mut entry = body[&batch.field][0].clone();
            if !entry.is_object() {
                entry = serde_json::json!({});
            }
            if let Some(key) = &batch.key {
                entry[key] = Value::from(id.clone());
            }
            let changed = mark(Some(&mut entry));
            body[&batch.field] = Value::Array(vec![entry]);
            Some((&batch.operation, input, changed, "batch update"))
        }
        (None, None) => None,
    };
    if let Some((update, input, changed, step)) = update {
        call(update, input)
            .await
            .unwrap_or_else(|e| panic!("{update}: {e}"));
        steps.push(step);
        // The change is seen where the field is documented: the show, else the list.
        match changed {
            Some((field, value)) if r.show.is_some() && r.show_fields.contains(&field) => {
                // The guard saw a show: `show` calls it (and answers true).
                let _ = show(Some((field, value))).await;
                steps.push("show after update");
            }
            Some((field, value)) if r.list.is_some() => {
                let list = r.list.as_ref().expect("a list");
                let answer = call(list, list_inputs(operation(spec, list)))
                    .await
                    .unwrap_or_else(|e| panic!("{list}: {e}"))
                    .response;
                let listed = r
                    .listed_items(&answer)
                    .and_then(|items| {
                        items
                            .iter()
                            .find(|i| text(&i[&r.id_field]).as_deref() == Some(id.as_str()))
                    })
                    .unwrap_or_else(|| panic!("{list}: {id} is not listed: {answer}"));
                assert_eq!(listed[&field], value, "{list} after {update}: `{field}`");
                steps.push("list after update");
            }
            _ => {}
        }
    }

    // The delete of the item, else the batch delete listing it alone.
    let deleted = match (&r.delete, &r.batch_delete) {
        (Some(delete), _) => Some((
            delete,
            inputs(spec, operation(spec, delete), &with_id),
            "delete",
        )),
        (None, Some(batch)) => Some((
            &batch.operation,
            batch_delete_inputs(spec, batch, &ids, &id),
            "batch delete",
        )),
        (None, None) => None,
    };
    if let Some((delete, input, step)) = deleted {
        call(delete, input)
            .await
            .unwrap_or_else(|e| panic!("{delete}: {e}"));
        steps.push(step);
        if let Some(show) = &r.show {
            let outcome = call(show, inputs(spec, operation(spec, show), &with_id)).await;
            not_found(outcome, &format!("{show} after {delete}"));
            steps.push("show is 404");
        }
        if let Some(list) = &r.list {
            let answer = call(list, list_inputs(operation(spec, list)))
                .await
                .unwrap_or_else(|e| panic!("{list}: {e}"))
                .response;
            let items = r.listed_items(&answer);
            assert!(
                items.is_none_or(|items| items
                    .iter()
                    .all(|i| text(&i[&r.id_field]).as_deref() != Some(id.as_str()))),
                "{list}: {id} is still listed"
            );
        }
    }
    steps
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_inferred_resource_walks_create_show_list_update_delete() {
    let server = server().await;
    let client = client(&server);
    let spec = server.spec().clone();
    let model = server.resources();
    let mut report = Vec::new();
    // Children first, so that deleting a parent does not take the next resource's parent away.
    for r in model.resources.iter().rev() {
        let steps = walk(&client, &server, &spec, r).await;
        report.push(format!("{}: {}", r.name, steps.join(" → ")));
    }
    eprintln!("{}", report.join("\n"));
    // The Kafka spec has at least a full walk (instances) and a nested resource with a create.
    let full = [
        "create",
        "show",
        "list",
        "update",
        "show after update",
        "delete",
        "show is 404",
    ]
    .join(" → ");
    assert!(
        report.iter().any(|r| r.ends_with(&full)),
        "no resource walked every step:\n{}",
        report.join("\n")
    );
    assert!(
        model
            .resources
            .iter()
            .any(|r| !r.parents.is_empty() && r.create.is_some()),
        "no nested resource with a create"
    );
    // And a nested resource whose items are named otherwise in each schema, shown under extra
    // literal segments, changed and deleted in batches (infer rules 1, 4, 9 and 10) walks every
    // step it has.
    let named = [
        "create",
        "show",
        "list",
        "batch update",
        "list after update",
        "batch delete",
        "show is 404",
    ]
    .join(" → ");
    assert!(
        model
            .resources
            .iter()
            .zip(report.iter().rev())
            .any(|(r, line)| {
                !r.parents.is_empty()
                    && !r.id_aliases.is_empty()
                    && r.create_id.is_some()
                    && r.item != format!("{}/{{{}}}", r.collection, r.id_param)
                    && line.ends_with(&named)
            }),
        "no nested resource with aliases, a joined item path and batches walked:\n{}",
        report.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_id_is_a_404_for_every_operation_with_ids_in_its_path() {
    let server = server().await;
    let client = client(&server);
    let spec = server.spec().clone();
    let model = server.resources();
    let mut checked = 0;
    for (op, ids) in spec.operations.iter().zip(&model.ids) {
        let existing = server
            .existing_path_ids(&op.id)
            .unwrap_or_else(|| panic!("{}: no existing ids", op.id));
        // Each id in turn is unknown, the others exist: the outermost unknown one is named.
        for (param, _) in ids {
            let mut wrong = existing.clone();
            wrong.insert(param.clone(), "no-such-id".to_owned());
            let outcome = calls::call(&client, &op.id, &inputs(&spec, op, &wrong))
                .await
                .unwrap_or_else(|| panic!("{} is not in the dispatch table", op.id));
            not_found(outcome, &format!("{} with an unknown {param}", op.id));
            let log = server.requests();
            let last = log.last().expect("a request");
            assert_eq!(last.operation.as_deref(), Some(op.id.as_str()));
            checked += 1;
        }
    }
    eprintln!("{checked} unknown ids answered 404");
    assert!(checked >= 40, "only {checked} ids checked");
}
