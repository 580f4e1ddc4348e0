//! The stateful emulator on a made-up spec whose items are added and removed in batches
//! (`fixtures/stateful_batches.yaml`): operations whose body's `action` says what they do (rule 11), on a
//! collection with an item path (shelves) and on one without (tags, rule 12), and operations whose path says
//! it (`labels/create`, `labels/delete`, with a second list beside the labels in each body). Each rule has
//! its counter-case, a variant of the fixture where it must not apply. Every expectation is written out by
//! hand from the fixture.

mod common;

use common::*;
use huaweicloud_mock::{ActionBatch, BatchEffect, MockServer, ResourceModel, SpecSource, infer};
use serde_json::{Value, json};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/stateful_batches.yaml"
);

fn model_of(edit: impl Fn(String) -> String) -> ResourceModel {
    let text = std::fs::read_to_string(FIXTURE).expect("the fixture");
    let source = SpecSource::Text {
        text: edit(text),
        name: "stateful-batches-variant.yaml".to_owned(),
    };
    infer(&source.into_spec().expect("the spec loads"))
}

fn resource<'a>(model: &'a ResourceModel, name: &str) -> Option<&'a huaweicloud_mock::Resource> {
    model.resources.iter().find(|r| r.name == name)
}

#[test]
fn an_action_member_says_what_a_batch_does() {
    assert_eq!(BatchEffect::of("create"), BatchEffect::Create);
    assert_eq!(BatchEffect::of("batch-add"), BatchEffect::Create);
    assert_eq!(BatchEffect::of("DELETE"), BatchEffect::Delete);
    assert_eq!(BatchEffect::of("batch_remove"), BatchEffect::Delete);
    assert_eq!(BatchEffect::of("restart"), BatchEffect::Other);
    assert_eq!(BatchEffect::of("readdress"), BatchEffect::Other);
}

#[test]
fn a_post_on_the_collections_action_with_an_action_member_is_a_batch() {
    let model = model_of(|t| t);
    let shelves = resource(&model, "shelves").unwrap_or_else(|| panic!("no shelves:\n{model}"));
    assert_eq!(
        shelves.action_batches,
        [ActionBatch {
            operation: "BatchRestartOrDeleteShelves".into(),
            field: "shelves".into(),
            key: None,
            member: Some("action".into()),
            // The enum.
            actions: vec!["restart".into(), "delete".into()],
        }]
    );
    // Without the `action` member, `shelves/action` says nothing of what it does.
    let model = model_of(|t| {
        t.replacen(
            "              required:\n                - action\n              properties:\n                action:\n                  type: string\n                  description: What to do.\n                  enum:\n                    - restart\n                    - delete\n",
            "              properties:\n                mode:\n                  type: string\n",
            1,
        )
    });
    let shelves = resource(&model, "shelves").expect("shelves");
    assert!(shelves.action_batches.is_empty(), "{model}");
}

#[test]
fn a_listed_collection_without_an_item_path_that_a_batch_adds_to_is_a_resource() {
    let model = model_of(|t| t);
    let tags = resource(&model, "tags").unwrap_or_else(|| panic!("no tags:\n{model}"));
    assert_eq!(tags.collection, "/v1/{project_id}/shelves/{shelf_id}/tags");
    assert_eq!(tags.item, "/v1/{project_id}/shelves/{shelf_id}/tags/{key}");
    assert_eq!(
        (tags.id_param.as_str(), tags.id_field.as_str()),
        ("key", "key")
    );
    assert_eq!(tags.list.as_deref(), Some("ListShelfTags"));
    assert_eq!(
        (&tags.create, &tags.show, &tags.delete),
        (&None, &None, &None)
    );
    assert_eq!(tags.parents.len(), 1);
    assert_eq!(model.resources[tags.parents[0].resource].name, "shelves");
    assert_eq!(
        tags.action_batches,
        [ActionBatch {
            operation: "BatchCreateOrDeleteShelfTags".into(),
            field: "tags".into(),
            key: Some("key".into()),
            member: Some("action".into()),
            // No enum: the values of the request examples.
            actions: vec!["create".into(), "delete".into()],
        }]
    );
    // `tags/rename` says nothing of adding or removing: the tags are no resource.
    let model = model_of(|t| t.replacen("/tags/action:", "/tags/rename:", 1));
    assert!(resource(&model, "tags").is_none(), "{model}");
    // Nor without a list of them.
    let model = model_of(|t| {
        t.replacen(
            "  /v1/{project_id}/shelves/{shelf_id}/tags:\n",
            "  /v1/{project_id}/shelves/{shelf_id}/tag-list:\n",
            1,
        )
    });
    assert!(resource(&model, "tags").is_none(), "{model}");
}

#[test]
fn a_path_saying_create_or_delete_is_a_batch_of_the_list_named_like_the_collection() {
    let model = model_of(|t| t);
    let labels = resource(&model, "labels").unwrap_or_else(|| panic!("no labels:\n{model}"));
    type Shape<'a> = (
        &'a str,
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
        &'a [String],
    );
    let batches: Vec<Shape> = labels
        .action_batches
        .iter()
        .map(|b| {
            (
                b.operation.as_str(),
                b.field.as_str(),
                b.key.as_deref(),
                b.member.as_deref(),
                b.actions.as_slice(),
            )
        })
        .collect();
    assert_eq!(
        batches,
        [
            (
                "CreateShelfLabels",
                "labels",
                Some("key"),
                None,
                &["create".to_owned()][..]
            ),
            (
                "DeleteShelfLabels",
                "labels",
                Some("key"),
                None,
                &["delete".to_owned()][..]
            ),
        ]
    );
    // Two lists, neither named like the collection: which one the batch acts on is not clear.
    let model = model_of(|t| {
        t.replace(
            "        labels:\n          type: array",
            "        user_labels:\n          type: array",
        )
    });
    assert!(resource(&model, "labels").is_none(), "{model}");
}

async fn call(addr: std::net::SocketAddr, method: &str, path: &str, body: Value) -> Answer {
    let body = if body.is_null() {
        Vec::new()
    } else {
        body.to_string().into_bytes()
    };
    send(addr, &sign_now(addr, method, path, &[], &body))
        .await
        .answer()
}

fn keys(list: &Value, field: &str) -> Vec<(String, String)> {
    list[field]
        .as_array()
        .unwrap_or_else(|| panic!("no {field} in {list}"))
        .iter()
        .map(|t| {
            (
                t["key"].as_str().unwrap_or_default().to_owned(),
                t["value"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn batches_add_and_remove_the_items_their_body_lists() {
    let server = MockServer::builder()
        .spec(FIXTURE)
        .credentials(AK, SK, PROJECT)
        .stateful(true)
        .start()
        .await
        .expect("start");
    let addr = server.addr();
    let tags = |shelf: &str| format!("/v1/{PROJECT}/shelves/{shelf}/tags");
    let ok = |a: &Answer, what: &str| {
        assert_eq!(
            a.status,
            204,
            "{what}: {}",
            String::from_utf8_lossy(&a.body)
        )
    };

    // The seeded tag is the first shelf's.
    let listed = call(addr, "GET", &tags("shelf-1"), Value::Null)
        .await
        .json();
    assert_eq!(keys(&listed, "tags"), [("colour".into(), "red".into())]);
    let listed = call(addr, "GET", &tags("shelf-2"), Value::Null)
        .await
        .json();
    assert_eq!(keys(&listed, "tags"), []);

    // `create` adds the listed tags, and gives a listed one that exists its new value.
    let action = format!("{}/action", tags("shelf-1"));
    let body = json!({"action": "create", "tags": [{"key": "size", "value": "large"}, {"key": "colour", "value": "blue"}]});
    ok(&call(addr, "POST", &action, body).await, "create");
    let listed = call(addr, "GET", &tags("shelf-1"), Value::Null)
        .await
        .json();
    assert_eq!(
        keys(&listed, "tags"),
        [
            ("size".into(), "large".into()),
            ("colour".into(), "blue".into())
        ]
    );
    // Another shelf's tags are its own.
    let listed = call(addr, "GET", &tags("shelf-2"), Value::Null)
        .await
        .json();
    assert_eq!(keys(&listed, "tags"), []);
    // `delete` removes the listed ones that exist and skips the others.
    let body = json!({"action": "delete", "tags": [{"key": "colour"}, {"key": "nope"}]});
    ok(&call(addr, "POST", &action, body).await, "delete");
    let listed = call(addr, "GET", &tags("shelf-1"), Value::Null)
        .await
        .json();
    assert_eq!(keys(&listed, "tags"), [("size".into(), "large".into())]);
    // The tags of an unknown shelf are a 404.
    call(
        addr,
        "POST",
        &format!("{}/action", tags("nope")),
        json!({"action": "create", "tags": []}),
    )
    .await
    .assert_error(404, "DMS.00404001");

    // Labels: the path says it; the system labels beside them are no labels.
    let labels = format!("/v1/{PROJECT}/shelves/shelf-1/labels");
    let body = json!({"labels": [{"key": "a", "value": "1"}, {"key": "b", "value": "2"}], "sys_labels": [{"key": "s", "value": "3"}]});
    ok(
        &call(addr, "POST", &format!("{labels}/create"), body).await,
        "labels/create",
    );
    let listed = call(addr, "GET", &labels, Value::Null).await.json();
    assert_eq!(
        keys(&listed, "labels"),
        [("b".into(), "2".into()), ("a".into(), "1".into())]
    );
    let body = json!({"labels": [{"key": "a"}], "sys_labels": [{"key": "b"}]});
    ok(
        &call(addr, "DELETE", &format!("{labels}/delete"), body).await,
        "labels/delete",
    );
    let listed = call(addr, "GET", &labels, Value::Null).await.json();
    assert_eq!(keys(&listed, "labels"), [("b".into(), "2".into())]);

    // Shelves: `restart` keeps them, `delete` removes them and what is below them.
    let shelves = format!("/v1/{PROJECT}/shelves");
    let body = json!({"action": "restart", "shelves": ["shelf-1", "shelf-2"]});
    ok(
        &call(addr, "POST", &format!("{shelves}/action"), body).await,
        "restart",
    );
    assert_eq!(
        call(addr, "GET", &format!("{shelves}/shelf-1"), Value::Null)
            .await
            .status,
        200
    );
    let body = json!({"action": "delete", "shelves": ["shelf-1", "nope"]});
    ok(
        &call(addr, "POST", &format!("{shelves}/action"), body).await,
        "delete shelves",
    );
    call(addr, "GET", &format!("{shelves}/shelf-1"), Value::Null)
        .await
        .assert_error(404, "DMS.00404001");
    call(addr, "GET", &tags("shelf-1"), Value::Null)
        .await
        .assert_error(404, "DMS.00404001");
    assert_eq!(
        call(addr, "GET", &format!("{shelves}/shelf-2"), Value::Null)
            .await
            .status,
        200
    );
    assert!(
        server
            .stored("/v1/{project_id}/shelves/{shelf_id}/labels/{key}")
            .is_empty(),
        "the deleted shelf's labels are gone"
    );
    server.shutdown().await;
}
