//! End to end against the stateful emulator: for every resource the emulator infers from the spec,
//! the generated client walks create → show → list (sees it) → update → show (sees the change) →
//! delete → show (404), each step the resource has; and every operation with an id in its path
//! answers 404 when one of its ids does not exist.
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
use huaweicloud_mock::{MockServer, Resource};
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
        .find(|(k, v)| v.is_string() && r.fields.contains(k) && **k != r.id_field)
        .map(|(k, _)| k.clone())
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
            // A client-chosen id must be new.
            if let Some(body) = input.body.as_mut().and_then(Value::as_object_mut)
                && body.contains_key(&r.id_field)
            {
                body.insert(r.id_field.clone(), Value::from("walk-created"));
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
                .or_else(|| text(&body[&r.id_field]))
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
                text(&item[&r.id_field]).as_deref(),
                Some(with_id[&r.id_param].as_str()),
                "{show}: another item: {answer}"
            );
            if let Some((field, value)) = expected {
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
            .items_field
            .as_ref()
            .and_then(|f| answer[f].as_array())
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

    if let Some(update) = &r.update {
        let op = operation(spec, update);
        let mut input = inputs(spec, op, &with_id);
        let mut changed = None;
        if let Some(body) = input.body.as_mut()
            && let Some(field) = marker_field(r, body)
        {
            body[&field] = Value::from("walk-marker-2");
            changed = Some((field, Value::from("walk-marker-2")));
        }
        call(update, input)
            .await
            .unwrap_or_else(|e| panic!("{update}: {e}"));
        steps.push("update");
        if changed.is_some() && show(changed).await {
            steps.push("show after update");
        }
    }

    if let Some(delete) = &r.delete {
        call(delete, inputs(spec, operation(spec, delete), &with_id))
            .await
            .unwrap_or_else(|e| panic!("{delete}: {e}"));
        steps.push("delete");
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
            let items = r.items_field.as_ref().and_then(|f| answer[f].as_array());
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
