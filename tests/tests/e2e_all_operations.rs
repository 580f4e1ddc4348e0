//! End to end, every operation: the generated client calls each operation of the spec exactly once
//! against the emulator over 127.0.0.1, signatures checked, and each call succeeds (2xx) and decodes
//! into the operation's response type.
//!
//! Nothing here names an operation. The operations come from the spec the emulator serves
//! (`codegen`'s model of `spec/kafka.yaml`), the requests from the dispatch table `build.rs` writes
//! from the generated crate (`sdk_tests::calls`: `<Operation>Request::new(…)` with the required
//! parameters, then `client.execute(…)`), and the inputs from the spec:
//! - a required parameter gets a value built from its schema
//!   ([`huaweicloud_mock::conform::synthesize`]: the first `enum` value, `0`, a word …), except the
//!   id of a store item, which must exist: the emulator says which ids its store holds
//!   ([`MockServer::item_ids`]);
//! - the body is the spec's request example made to conform to the body schema
//!   ([`huaweicloud_mock::conform::conform`]: several doc examples contradict their tables, each
//!   change is printed), or, without an example, one synthesized from the schema's required fields.
//!
//! Deletes come last, deepest path first: the emulator answers 404 for a deleted resource and
//! everything below it.
//!
//! The negative side: for every operation whose body is required and has required members, a request
//! without its first required member (built by the generated request, then changed before it is
//! signed and sent) is a 400 `DMS.00400001` naming that member.

use std::collections::{BTreeMap, BTreeSet};

use codegen::spec::{Method, Operation, Schema, SchemaKind, Spec};
use huaweicloud_kafka::{Client, Credentials, Error, RetryConfig};
use huaweicloud_mock::MockServer;
use huaweicloud_mock::conform::{conform, synthesize};
use sdk_tests::calls::{self, CallError, Inputs};
use serde_json::Value;

const AK: &str = "E2EALLOPSACCESSKEY00";
const SK: &str = "e2e-all-operations-secret";
const PROJECT: &str = "e2eall0123456789abcdef0123456789";

async fn server() -> MockServer {
    MockServer::builder()
        .credentials(AK, SK, PROJECT)
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

fn resolve<'a>(spec: &'a Spec, mut schema: &'a Schema) -> &'a Schema {
    while let SchemaKind::Ref(name) = &schema.kind {
        match spec.schemas.iter().find(|s| &s.name == name) {
            Some(s) => schema = &s.schema,
            None => break,
        }
    }
    schema
}

/// The inputs of one call of `op`, and the repairs its body example needed.
fn inputs(server: &MockServer, spec: &Spec, op: &Operation) -> (Inputs, Vec<String>) {
    let item = server.item_ids(&op.id);
    let mut params = BTreeMap::new();
    for p in op.parameters.iter().filter(|p| p.required) {
        // The runtime fills `project_id` from the credentials.
        if p.from_credentials.is_some() {
            continue;
        }
        let value = match &item {
            Some((param, ids)) if *param == p.name => {
                let id = match op.method {
                    Method::Delete => ids.last(),
                    _ => ids.first(),
                };
                Value::from(id.expect("the store holds items").clone())
            }
            _ => synthesize(spec, &p.schema),
        };
        params.insert(p.name.clone(), value);
    }
    let (body, changes) = match &op.request_body {
        Some(b) => match &b.example {
            Some(example) => {
                let c = conform(spec, &b.schema, example);
                (Some(c.value), c.changes)
            }
            None => (
                Some(synthesize(spec, &b.schema)),
                vec!["no example: synthesized from the schema".to_owned()],
            ),
        },
        None => (None, Vec::new()),
    };
    (Inputs { params, body }, changes)
}

/// Non-deletes in spec order, then deletes, deepest path first.
fn call_order(spec: &Spec) -> Vec<&Operation> {
    let mut ops: Vec<&Operation> = spec.operations.iter().collect();
    ops.sort_by_key(|op| {
        let delete = op.method == Method::Delete;
        let depth = if delete {
            op.path.split('/').count()
        } else {
            0
        };
        (delete, std::cmp::Reverse(depth))
    });
    ops
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_is_called_once_and_succeeds() {
    let server = server().await;
    let client = client(&server);
    let spec = server.spec().clone();

    // The generated crate and the spec have the same operations.
    let in_spec: BTreeSet<&str> = spec.operations.iter().map(|o| o.id.as_str()).collect();
    let generated: BTreeSet<&str> = calls::OPERATION_IDS.iter().copied().collect();
    assert_eq!(in_spec, generated, "spec vs generated crate");
    assert_eq!(spec.operations.len(), 62, "the whole Kafka corpus");

    let mut failures = Vec::new();
    let mut repaired = 0;
    for op in call_order(&spec) {
        let (inputs, changes) = inputs(&server, &spec, op);
        if !changes.is_empty() {
            repaired += 1;
            eprintln!(
                "{}: the request example contradicts its schema:\n  {}",
                op.id,
                changes.join("\n  ")
            );
        }
        let outcome = calls::call(&client, &op.id, &inputs)
            .await
            .unwrap_or_else(|| panic!("{} is not in the dispatch table", op.id));
        match outcome {
            Ok(called) => {
                assert_eq!(called.operation, op.id);
                let documents_a_body = op
                    .responses
                    .iter()
                    .any(|r| r.status.starts_with('2') && (r.schema.is_some() || r.text));
                if documents_a_body && called.response.is_null() {
                    failures.push(format!("{}: the decoded response is empty", op.id));
                }
            }
            Err(CallError::Sdk(e)) => failures.push(format!("{}: {e}", op.id)),
            Err(e) => failures.push(format!("{}: {e}", op.id)),
        }
    }
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!("{repaired} request example(s) needed repairs to match their schema");

    // The emulator saw each operation exactly once, signed, and answered 2xx.
    let log = server.requests();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &log {
        let op = r.operation.as_deref().unwrap_or("<no route>");
        *seen.entry(op).or_default() += 1;
        assert!(
            r.status.is_some_and(|s| (200..300).contains(&s)),
            "{op}: {:?} {:?}",
            r.status,
            r.error_code
        );
    }
    let once: BTreeMap<&str, usize> = in_spec.iter().map(|id| (*id, 1)).collect();
    assert_eq!(seen, once);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_required_body_member_is_a_400_naming_it() {
    let server = server().await;
    let client = client(&server);
    let spec = server.spec().clone();
    let mut checked = 0;
    for op in &spec.operations {
        let Some(body) = op.request_body.as_ref().filter(|b| b.required) else {
            continue;
        };
        let SchemaKind::Object(object) = &resolve(&spec, &body.schema).kind else {
            continue;
        };
        let Some(member) = object.properties.iter().find(|p| p.required) else {
            continue;
        };
        let (inputs, _) = inputs(&server, &spec, op);
        let (operation, mut input) = calls::input(&op.id, &inputs)
            .unwrap_or_else(|| panic!("{} is not in the dispatch table", op.id))
            .unwrap_or_else(|e| panic!("{}: {e}", op.id));
        let mut json: Value =
            serde_json::from_slice(input.body.as_deref().expect("a body")).expect("JSON body");
        assert!(
            json.as_object_mut()
                .and_then(|o| o.remove(&member.name))
                .is_some(),
            "{}: the body has no `{}`",
            op.id,
            member.name
        );
        input.body = Some(serde_json::to_vec(&json).expect("encode"));
        server.clear_requests();
        let err = client
            .core()
            .execute(operation, input)
            .await
            .expect_err("a body without a required member is refused");
        let Error::Service(e) = &err else {
            panic!("{}: not a service error: {err}", op.id);
        };
        assert_eq!(e.status(), 400, "{}: {e}", op.id);
        assert_eq!(e.error_code(), "DMS.00400001", "{}: {e}", op.id);
        assert!(
            e.error_msg().contains(&format!("'body.{}'", member.name)),
            "{}: {}",
            op.id,
            e.error_msg()
        );
        let log = server.requests();
        assert_eq!(log.len(), 1, "{}", op.id);
        assert_eq!(log[0].operation.as_deref(), Some(op.id.as_str()));
        assert_eq!(e.request_id(), Some(log[0].request_id.as_str()));
        checked += 1;
    }
    assert!(
        checked >= 5,
        "only {checked} operations with a required body member"
    );
}
