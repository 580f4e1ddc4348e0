//! The stateful emulator on other services than Kafka: each service's doc pages from the corpus
//! (`../shared/corpus/<service>/pages`) are transcribed into a spec here, the emulator infers its
//! resources, and a raw signed HTTP client walks every resource: create → show → list (sees it) →
//! update → show (sees the change) → delete → show (404), the steps each resource has. Nothing
//! names an operation: the steps come from the inferred model, the inputs from the spec (examples
//! made to conform, values synthesized from schemas), the oracle of each step from the previous
//! step's input.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use codegen::spec::{Operation, ParamLocation, Spec};
use common::*;
use huaweicloud_mock::conform::{conform, synthesize};
use huaweicloud_mock::{MockServer, Resource};
use serde_json::{Map, Value};

/// `../shared` next to the checkout, or `HUAWEICLOUD_SHARED_DIR`.
fn shared_dir() -> PathBuf {
    std::env::var_os("HUAWEICLOUD_SHARED_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"),
        PathBuf::from,
    )
}

/// The spec of a corpus service, transcribed from its pages (the error-code page excepted: it
/// documents no operation).
fn transcribed(service: &str) -> Spec {
    let dir = shared_dir().join("corpus").join(service).join("pages");
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt") && !p.ends_with("ErrorCode.txt"))
        .collect();
    pages.sort();
    let options = codegen::transcribe::Options {
        service: Some(service.to_owned()),
        allow_unplaced: true,
        regions: Some(shared_dir().join("oracle/regions.tsv")),
        ..Default::default()
    };
    let out = codegen::transcribe::transcribe(&pages, &options)
        .unwrap_or_else(|e| panic!("{service} does not transcribe: {e}"));
    codegen::spec::parse(&out.yaml, std::path::Path::new(service))
        .unwrap_or_else(|e| panic!("{service}: the transcribed spec does not load: {e}"))
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Percent-encodes a path segment (unreserved characters kept).
fn segment(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

struct Walker<'a> {
    server: &'a MockServer,
    spec: &'a Spec,
}

/// A request of one operation.
struct Call {
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Option<Value>,
}

impl Walker<'_> {
    fn op(&self, id: &str) -> &Operation {
        self.spec
            .operations
            .iter()
            .find(|o| o.id == id)
            .unwrap_or_else(|| panic!("{id} is not in the spec"))
    }

    /// The request of `op` with `values` for its parameters (others synthesized when required).
    fn request(&self, op: &Operation, values: &BTreeMap<String, String>) -> Call {
        let value = |name: &str, schema| {
            values
                .get(name)
                .cloned()
                .unwrap_or_else(|| match synthesize(self.spec, schema) {
                    Value::String(s) => s,
                    other => other.to_string(),
                })
        };
        let mut path = op.path.clone();
        let mut query = Vec::new();
        let mut headers = Vec::new();
        for p in &op.parameters {
            match p.location {
                ParamLocation::Path => {
                    let v = if p.from_credentials.is_some() {
                        PROJECT.to_owned()
                    } else {
                        value(&p.name, &p.schema)
                    };
                    path = path.replace(&format!("{{{}}}", p.name), &segment(&v));
                }
                ParamLocation::Query if p.required || values.contains_key(&p.name) => {
                    query.push((p.name.clone(), value(&p.name, &p.schema)));
                }
                // Sent unsigned: the signature covers the headers it lists only.
                ParamLocation::Header if p.required => {
                    headers.push((p.name.clone(), value(&p.name, &p.schema)));
                }
                _ => {}
            }
        }
        let body = op.request_body.as_ref().map(|b| match &b.example {
            Some(example) => conform(self.spec, &b.schema, example).value,
            None => synthesize(self.spec, &b.schema),
        });
        Call {
            path,
            query,
            headers,
            body,
        }
    }

    async fn send(&self, method: &str, call: &Call) -> Answer {
        let addr = self.server.addr();
        let query: Vec<(&str, &str)> = call
            .query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let body = call
            .body
            .as_ref()
            .map(|b| b.to_string().into_bytes())
            .unwrap_or_default();
        let mut wire = sign_now(addr, method, &call.path, &query, &body);
        for (name, value) in &call.headers {
            if !wire
                .headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(name))
            {
                wire.headers.push((name.clone(), value.clone()));
            }
        }
        send(addr, &wire).await.answer()
    }

    async fn ok(&self, op_id: &str, call: &Call) -> Value {
        let op = self.op(op_id);
        let method = format!("{:?}", op.method).to_ascii_uppercase();
        let a = self.send(&method, call).await;
        assert!(
            (200..300).contains(&a.status),
            "{op_id} {method} {}: {} {}",
            call.path,
            a.status,
            String::from_utf8_lossy(&a.body)
        );
        if a.body.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&a.body).unwrap_or(Value::Null)
        }
    }

    /// Walks one resource; returns the steps done.
    async fn walk(&self, r: &Resource) -> Vec<&'static str> {
        let mut steps = Vec::new();
        let any = [&r.create, &r.list, &r.show, &r.update, &r.delete]
            .into_iter()
            .flatten()
            .next()
            .expect("an operation");
        let Some(mut ids) = self.server.existing_path_ids(any) else {
            return vec!["skipped: no parent item"];
        };
        ids.remove(&r.id_param);
        let mut known = Map::new();
        let mut expected: Option<(String, Value)> = None;
        let marker = |r: &Resource, body: &Value| -> Option<String> {
            body.as_object()?
                .iter()
                .find(|(k, v)| v.is_string() && r.fields.contains(k) && **k != r.id_field)
                .map(|(k, _)| k.clone())
        };
        let id = match &r.create {
            Some(create) => {
                let mut call = self.request(self.op(create), &ids);
                // A client-chosen id (a scalar named like the id field: not an object such as
                // a `tag` holding key and value) must be new.
                if let Some(b) = call.body.as_mut().and_then(Value::as_object_mut)
                    && b.get(&r.id_field)
                        .is_some_and(|v| v.is_string() || v.is_number())
                {
                    b.insert(r.id_field.clone(), Value::from("walk-created"));
                }
                if let Some(b) = call.body.as_mut()
                    && let Some(field) = marker(r, b)
                {
                    b[&field] = Value::from("walk-marker-1");
                    expected = Some((field, Value::from("walk-marker-1")));
                }
                let body = call.body.clone().unwrap_or(Value::Null);
                if let Some(b) = body.as_object() {
                    known.extend(b.clone());
                }
                let answer = self.ok(create, &call).await;
                steps.push("create");
                // The id: in the answer (at its root or one level down), or the one the body chose.
                let keys = [r.id_field.as_str(), r.id_param.as_str()];
                let nested = answer
                    .as_object()
                    .into_iter()
                    .flat_map(|o| o.values())
                    .map(|v| {
                        if v.is_array() {
                            v[0].clone()
                        } else {
                            v.clone()
                        }
                    });
                let answered = std::iter::once(answer.clone())
                    .chain(nested)
                    .flat_map(|v| keys.map(|k| v[k].clone()))
                    .chain([body[&r.id_field].clone()])
                    .find_map(|v| text(&v));
                // The newest item under the parents is the one just created (the store is newest
                // first): it says what the item holds, for the list's filters.
                let stored = self.server.stored(&r.item);
                let newest = stored
                    .iter()
                    .find(|(p, _)| {
                        r.parents
                            .iter()
                            .zip(p)
                            .all(|(parent, v)| ids.get(&parent.param) == Some(v))
                    })
                    .map(|(_, item)| item.clone())
                    .unwrap_or_default();
                let newest_id = text(&newest[&r.id_field]);
                if let Some(i) = newest.as_object() {
                    known.extend(i.clone());
                }
                match answered.or(newest_id) {
                    Some(id) => id,
                    None => return vec!["create answers no id"],
                }
            }
            None => {
                let stored = self.server.stored(&r.item);
                let seeded = stored.iter().find(|(p, _)| {
                    r.parents
                        .iter()
                        .zip(p)
                        .all(|(parent, v)| ids.get(&parent.param) == Some(v))
                });
                match seeded {
                    Some((_, item)) => {
                        if let Some(i) = item.as_object() {
                            known.extend(i.clone());
                        }
                        text(&item[&r.id_field]).expect("a seeded id")
                    }
                    // Nothing seeded and no create: a PUT on the item's path creates the item.
                    None => {
                        let Some(update) = r.update.as_ref().filter(|_| r.update_creates) else {
                            return vec!["skipped: nothing seeded"];
                        };
                        let mut with_id = ids.clone();
                        with_id.insert(r.id_param.clone(), "walk-created".to_owned());
                        self.ok(update, &self.request(self.op(update), &with_id))
                            .await;
                        steps.push("create by update");
                        "walk-created".to_owned()
                    }
                }
            }
        };
        let mut with_id = ids.clone();
        with_id.insert(r.id_param.clone(), id.clone());

        let show = async |expected: Option<(String, Value)>| {
            let Some(show) = &r.show else { return false };
            let answer = self.ok(show, &self.request(self.op(show), &with_id)).await;
            let item = match &r.show_field {
                Some(f) => &answer[f],
                None => &answer,
            };
            assert_eq!(
                text(&item[&r.id_field]).as_deref(),
                Some(id.as_str()),
                "{show}: {answer}"
            );
            if let Some((field, value)) = expected {
                assert_eq!(item[&field], value, "{show}: `{field}` in {answer}");
            }
            true
        };
        if show(expected.clone()).await {
            steps.push("show");
        }
        let list_values = || {
            let mut values = ids.clone();
            for f in &r.filters {
                if self
                    .op(r.list.as_deref().unwrap_or_default())
                    .parameters
                    .iter()
                    .any(|p| p.name == *f && p.required)
                    && let Some(v) = known.get(f).and_then(text)
                {
                    values.insert(f.clone(), v);
                }
            }
            values
        };
        if let (Some(list), true) = (&r.list, r.items_field.is_some() || r.list_is_array) {
            let answer = self
                .ok(list, &self.request(self.op(list), &list_values()))
                .await;
            let items = r
                .listed_items(&answer)
                .unwrap_or_else(|| panic!("{list}: {answer}"));
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
            let mut call = self.request(self.op(update), &with_id);
            let mut changed = None;
            if let Some(b) = call.body.as_mut()
                && let Some(field) = marker(r, b)
            {
                b[&field] = Value::from("walk-marker-2");
                changed = Some((field, Value::from("walk-marker-2")));
            }
            self.ok(update, &call).await;
            steps.push("update");
            if changed.is_some() && show(changed).await {
                steps.push("show after update");
            }
        }
        if let Some(delete) = &r.delete {
            self.ok(delete, &self.request(self.op(delete), &with_id))
                .await;
            steps.push("delete");
            if let Some(show) = &r.show {
                let op = self.op(show);
                let method = format!("{:?}", op.method).to_ascii_uppercase();
                self.send(&method, &self.request(op, &with_id))
                    .await
                    .assert_error(404, "DMS.00404001");
                steps.push("show is 404");
            }
        }
        steps
    }
}

/// Walks every resource of `service`, transcribed from the corpus; returns "name: steps" lines.
async fn walk_service(service: &str) -> Vec<String> {
    walk_spec(service, transcribed(service)).await
}

/// Walks every resource of `spec`; returns "name: steps" lines.
async fn walk_spec(service: &str, spec: Spec) -> Vec<String> {
    let server = MockServer::builder()
        .spec(spec.clone())
        .credentials(AK, SK, PROJECT)
        .stateful(true)
        .start()
        .await
        .expect("the emulator starts");
    let model = server.resources();
    let walker = Walker {
        server: &server,
        spec: &spec,
    };
    // Every resource with a create holds an item before the walks (parents first), so that a
    // child whose parent is neither listed nor shown, hence not seeded (vpc's EIP tags under EIPs),
    // has a parent.
    for r in &model.resources {
        if let Some(create) = &r.create
            && server.stored(&r.item).is_empty()
            && let Some(ids) = server.existing_path_ids(create)
        {
            walker
                .ok(create, &walker.request(walker.op(create), &ids))
                .await;
        }
    }
    let mut report = Vec::new();
    // Children first, so that deleting a parent does not take the next resource's parent away.
    for r in model.resources.iter().rev() {
        let steps = walker.walk(r).await;
        report.push(format!("{} {}: {}", r.name, r.item, steps.join(" → ")));
    }
    eprintln!("{service}:\n  {}", report.join("\n  "));
    report
}

/// Every spec of the repository (`spec/*.yaml`): whatever services it holds, each of their
/// inferred resources walks (none is skipped for want of a parent or an item), and at least half of the specs infer a resource (a spec whose transcribed pages
/// hold no collection and item pair yet, such as evs today, infers none; it is listed).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_spec_of_the_repository_walks() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    specs.sort();
    assert!(!specs.is_empty(), "no spec in {}", dir.display());
    let (mut total, mut without) = (0, 0);
    for path in specs {
        let spec = codegen::spec::load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let name = path.display().to_string();
        let operations = spec.operations.len();
        let report = walk_spec(&name, spec).await;
        // A resource is walked, not skipped: its parents exist, its items can be found.
        let skipped: Vec<&String> = report
            .iter()
            .filter(|l| l.contains("skipped") || l.contains("no id"))
            .collect();
        assert!(skipped.is_empty(), "{name}: {skipped:#?}");
        if report.is_empty() {
            eprintln!("{name}: no resource inferred from {operations} operations");
            without += 1;
        }
        total += 1;
    }
    assert!(
        without * 2 <= total,
        "{without} of {total} specs infer no resource"
    );
}

const FULL: &str = "create → show → list → update → show after update → delete → show is 404";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dcs_resources_walk() {
    let report = walk_service("dcs").await;
    assert!(report.len() >= 5, "{report:#?}");
    assert!(report.iter().any(|l| l.ends_with(FULL)), "{report:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn functiongraph_resources_walk() {
    let report = walk_service("functiongraph").await;
    assert!(report.len() >= 4, "{report:#?}");
    assert!(report.iter().any(|l| l.ends_with(FULL)), "{report:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apig_resources_walk() {
    let report = walk_service("apig").await;
    assert!(report.len() >= 10, "{report:#?}");
    assert!(report.iter().any(|l| l.ends_with(FULL)), "{report:#?}");
}
