//! What the emulator answers: the spec's media type and status, examples made to conform to their
//! schemas, store items read and deleted by id, and deleted resources staying deleted.

mod common;

use common::*;
use huaweicloud_mock::MockServer;
use serde_json::{Value, json};

async fn kafka(seed: usize) -> MockServer {
    MockServer::builder()
        .credentials(AK, SK, PROJECT)
        .seed_tasks(seed)
        .start()
        .await
        .expect("start")
}

async fn call(server: &MockServer, method: &str, path: &str, body: &str) -> Answer {
    let path = path.replace("{p}", PROJECT);
    send(
        server.addr(),
        &sign_now(server.addr(), method, &path, &[], body.as_bytes()),
    )
    .await
    .answer()
}

#[tokio::test]
async fn media_types_follow_the_spec() {
    let server = kafka(0).await;
    // CreateKafkaConsumerGroup documents a `text/plain` 200 whose example is `success`.
    let a = call(
        &server,
        "POST",
        "/v2/{p}/kafka/instances/i/group",
        r#"{"group_name":"test"}"#,
    )
    .await;
    assert_eq!(a.status, 200);
    assert_eq!(a.header("content-type"), Some("text/plain;charset=UTF-8"));
    assert_eq!(a.body, b"success");
    // … and its 400 is JSON, as documented.
    let a = call(&server, "POST", "/v2/{p}/kafka/instances/i/group", "{}").await;
    a.assert_error(400, "DMS.00400001");
    assert_eq!(
        a.header("content-type"),
        Some("application/json;charset=UTF-8")
    );
    // UpdateInstanceAutoCreateTopic documents a 200 without a body: none, and no Content-Type.
    let a = call(
        &server,
        "POST",
        "/v2/{p}/instances/i/autotopic",
        r#"{"enable_auto_topic":true}"#,
    )
    .await;
    assert_eq!(a.status, 200);
    assert!(a.body.is_empty());
    assert_eq!(a.header("content-type"), None);
    // A 204.
    let a = call(&server, "DELETE", "/v2/{p}/instances/i/groups/g", "").await;
    assert_eq!(a.status, 204);
    assert_eq!(a.header("content-type"), None);
    // JSON.
    let a = call(&server, "GET", "/v2/{p}/instances/i", "").await;
    assert_eq!(a.status, 200);
    assert_eq!(
        a.header("content-type"),
        Some("application/json;charset=UTF-8")
    );
}

#[tokio::test]
async fn examples_are_served_as_their_schemas_say() {
    let server = kafka(0).await;
    // "false" in the doc's example, a Boolean in its table.
    let topics = call(&server, "GET", "/v2/{p}/instances/i/topics", "")
        .await
        .json();
    assert_eq!(topics["topics"][0]["sync_replication"], json!(false));
    assert_eq!(topics["topics"][0]["sync_message_flush"], json!(false));
    // null objects dropped.
    let tasks = call(&server, "GET", "/v2/{p}/instances/i/connector/tasks", "")
        .await
        .json();
    assert!(tasks["tasks"][0].get("sink_task").is_none(), "{tasks}");
    assert!(tasks["tasks"][0]["source_task"].is_object(), "{tasks}");
    // The flat example regrouped under the table's `group`.
    let group = call(&server, "GET", "/v2/{p}/instances/i/groups/g", "")
        .await
        .json();
    assert_eq!(group["group"]["group_id"], "test-consumer-group", "{group}");
    assert_eq!(group["group"]["coordinator_id"], 2, "{group}");
    assert!(group.get("group_id").is_none(), "{group}");
}

#[tokio::test]
async fn allow_lists_the_methods_of_the_most_specific_template() {
    let server = kafka(0).await;
    for (path, allow) in [
        ("/v2/{p}/instances/action", "POST"),
        ("/v2/{p}/instances/i/groups/batch-delete", "POST"),
        ("/v2/{p}/instances/i", "DELETE, GET, PUT"),
        ("/v2/{p}/instances/i/topics", "POST, GET, PUT"),
    ] {
        let a = call(&server, "OPTIONS", path, "").await;
        a.assert_error(405, "APIGW.0101");
        let mut got: Vec<&str> = a.header("allow").unwrap_or_default().split(", ").collect();
        let mut want: Vec<&str> = allow.split(", ").collect();
        got.sort_unstable();
        want.sort_unstable();
        assert_eq!(got, want, "{path}");
    }
    // The method still picks among the templates: GET `/instances/action` is ShowInstance.
    server.clear_requests();
    let a = call(&server, "GET", "/v2/{p}/instances/action", "").await;
    assert_eq!(a.status, 200);
    assert_eq!(
        server.requests()[0].operation.as_deref(),
        Some("ShowInstance")
    );
}

#[tokio::test]
async fn background_tasks_are_read_and_deleted_in_the_store() {
    let server = kafka(3).await;
    let items = server.items("ListBackgroundTasks").expect("a store");
    assert_eq!(items.len(), 5);
    let (param, ids) = server.item_ids("ShowBackgroundTask").expect("an item read");
    assert_eq!(param, "task_id");
    assert_eq!(
        server.item_ids("DeleteBackgroundTask").map(|(p, _)| p),
        Some(param)
    );
    assert_eq!(ids.len(), 5);
    assert_eq!(server.item_ids("ListBackgroundTasks"), None);

    let one = |id: &str| format!("/v2/{{p}}/instances/any/tasks/{id}");
    let a = call(&server, "GET", &one(&ids[1]), "").await;
    assert_eq!(a.status, 200);
    assert_eq!(
        a.json(),
        json!({"task_count": "1", "tasks": [items[1].clone()]})
    );

    let a = call(&server, "GET", &one("no-such-task"), "").await;
    a.assert_error(404, "DMS.00404001");
    assert!(
        a.error_msg().contains("task_id 'no-such-task'"),
        "{}",
        a.error_msg()
    );

    let a = call(&server, "DELETE", &one(&ids[1]), "").await;
    assert_eq!(a.status, 204);
    assert!(a.body.is_empty());
    call(&server, "GET", &one(&ids[1]), "")
        .await
        .assert_error(404, "DMS.00404001");
    call(&server, "DELETE", &one(&ids[1]), "")
        .await
        .assert_error(404, "DMS.00404001");
    let left: Vec<Value> = server.items("ListBackgroundTasks").expect("a store");
    assert_eq!(left.len(), 4);
    assert!(left.iter().all(|t| t["id"] != ids[1].as_str()));
    let list = call(&server, "GET", "/v2/{p}/instances/any/tasks", "")
        .await
        .json();
    assert_eq!(list["task_count"], "4");
    // The other tasks are still there.
    assert_eq!(call(&server, "GET", &one(&ids[0]), "").await.status, 200);
}

#[tokio::test]
async fn deleted_resources_stay_deleted_until_created_again() {
    let server = kafka(0).await;
    let task = "/v2/{p}/instances/i/connector/tasks/t1";
    assert_eq!(call(&server, "GET", task, "").await.status, 200);
    assert_eq!(call(&server, "DELETE", task, "").await.status, 204);
    let a = call(&server, "GET", task, "").await;
    a.assert_error(404, "DMS.00404001");
    assert!(a.error_msg().contains("was deleted"), "{}", a.error_msg());
    // Pausing it is no better; another task, or the same id in another instance, is fine.
    call(&server, "PUT", &format!("{task}/pause"), "")
        .await
        .assert_error(404, "DMS.00404001");
    let other = "/v2/{p}/instances/i/connector/tasks/t2";
    assert_eq!(call(&server, "GET", other, "").await.status, 200);
    let elsewhere = "/v2/{p}/instances/j/connector/tasks/t1";
    assert_eq!(call(&server, "GET", elsewhere, "").await.status, 200);
    // Creating a task in the collection brings it back.
    let a = call(
        &server,
        "POST",
        "/v2/{p}/instances/i/connector/tasks",
        r#"{"task_name":"again"}"#,
    )
    .await;
    assert_eq!(a.status, 200, "{}", String::from_utf8_lossy(&a.body));
    assert_eq!(call(&server, "GET", task, "").await.status, 200);

    // Deleting an instance removes what is below it.
    assert_eq!(
        call(&server, "DELETE", "/v2/{p}/instances/gone", "")
            .await
            .status,
        204
    );
    for path in [
        "/v2/{p}/instances/gone",
        "/v2/{p}/instances/gone/topics",
        "/v2/{p}/instances/gone/groups/g",
    ] {
        call(&server, "GET", path, "")
            .await
            .assert_error(404, "DMS.00404001");
    }
    assert_eq!(
        call(&server, "GET", "/v2/{p}/instances/kept/topics", "")
            .await
            .status,
        200
    );
}
