//! Routing: every operation of the spec is reachable by method + path template; unknown paths are
//! 404, wrong methods 405, odd path parameter values stay inside their segment, and every answer
//! has an `X-Request-Id`.

mod common;

use common::*;
use huaweicloud_mock::{MockServer, conform};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/test.yaml");

async fn kafka() -> MockServer {
    MockServer::builder()
        .credentials(AK, SK, PROJECT)
        .start()
        .await
        .expect("start")
}

async fn fixture() -> MockServer {
    MockServer::builder()
        .spec(FIXTURE)
        .credentials(AK, SK, PROJECT)
        .start()
        .await
        .expect("the fixture spec loads")
}

/// Every operation once, with its required query parameters and its body (the spec's example,
/// conformed to the body schema, or one synthesized from it). Store items are named by ids the
/// store holds; deletes come last, deepest path first, since a deleted resource and everything
/// below it answer 404.
#[tokio::test]
async fn signed_request_to_every_kafka_operation_succeeds() {
    let server = kafka().await;
    let spec = server.spec().clone();
    let mut ops: Vec<&codegen::spec::Operation> = spec.operations.iter().collect();
    ops.sort_by_key(|op| {
        let delete = op.method == codegen::spec::Method::Delete;
        (
            delete,
            std::cmp::Reverse(if delete { op.path.len() } else { 0 }),
        )
    });
    for op in ops {
        let item = server.item_ids(&op.id);
        let value = |p: &codegen::spec::Parameter| -> String {
            match &item {
                _ if p.name == "project_id" => PROJECT.to_owned(),
                Some((param, ids)) if *param == p.name => ids[0].clone(),
                _ => {
                    let v = conform::synthesize(&spec, &p.schema);
                    v.as_str().map_or_else(|| v.to_string(), str::to_owned)
                }
            }
        };
        let mut path = op.path.clone();
        let mut query: Vec<(String, String)> = Vec::new();
        for p in op.parameters.iter().filter(|p| p.required) {
            match p.location {
                codegen::spec::ParamLocation::Path => {
                    path = path.replace(&format!("{{{}}}", p.name), &value(p));
                }
                codegen::spec::ParamLocation::Query => query.push((p.name.clone(), value(p))),
                codegen::spec::ParamLocation::Header => {}
            }
        }
        let query: Vec<(&str, &str)> = query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let body = op.request_body.as_ref().map(|b| match &b.example {
            Some(example) => conform::conform(&spec, &b.schema, example).value,
            None => conform::synthesize(&spec, &b.schema),
        });
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let wire = sign_now(
            server.addr(),
            op.method.as_str(),
            &path,
            &query,
            body.as_bytes(),
        );
        let a = send(server.addr(), &wire).await.answer();
        assert!(
            (200..300).contains(&a.status),
            "{} {}: {}",
            op.id,
            a.status,
            String::from_utf8_lossy(&a.body)
        );
        assert_eq!(a.header("x-request-id").map(str::len), Some(32));
    }
    let log = server.requests();
    assert_eq!(log.len(), spec.operations.len());
}

#[tokio::test]
async fn unknown_path_is_404_and_wrong_method_is_405() {
    let server = kafka().await;
    let a = send(
        server.addr(),
        &sign_now(server.addr(), "GET", "/v2/nothing/here", &[], b""),
    )
    .await
    .answer();
    a.assert_error(404, "APIGW.0101");
    let a = send(
        server.addr(),
        &sign_now(server.addr(), "POST", &tasks_path("i"), &[], b"{}"),
    )
    .await
    .answer();
    a.assert_error(405, "APIGW.0101");
    assert_eq!(a.header("allow"), Some("GET"));
    // Even unsigned requests get the routing answer first.
    let a = send(
        server.addr(),
        &unsigned(server.addr(), "DELETE", &tasks_path("i"), b""),
    )
    .await
    .answer();
    a.assert_error(405, "APIGW.0101");
    for target in [
        "/",
        "/v2",
        &format!("{}/", tasks_path("i")),
        &tasks_path("a/b"),
        "/v2/p/instances//tasks",
    ] {
        let a = send(server.addr(), &unsigned(server.addr(), "GET", target, b""))
            .await
            .answer();
        a.assert_error(404, "APIGW.0101");
    }
}

#[tokio::test]
async fn odd_instance_ids_stay_in_their_segment() {
    let server = kafka().await;
    for (encoded, decoded) in [
        ("..%2Fx", "../x"),
        ("a%2Fb", "a/b"),
        ("%E4%B8%AD%E6%96%87", "中文"),
        ("%2E%2E", ".."),
        ("..", ".."),
        ("a%20b%2Bc", "a b+c"),
        ("%3Fq%3D1%23f", "?q=1#f"),
    ] {
        server.clear_requests();
        let wire = sign_now(server.addr(), "GET", &tasks_path(encoded), &[], b"");
        let a = send(server.addr(), &wire).await.answer();
        assert_eq!(
            a.status,
            200,
            "{encoded}: {}",
            String::from_utf8_lossy(&a.body)
        );
        let log = server.requests();
        assert_eq!(log.len(), 1);
        assert_eq!(log[0].operation.as_deref(), Some("ListBackgroundTasks"));
        assert_eq!(
            log[0].path_params,
            vec![
                ("project_id".to_owned(), PROJECT.to_owned()),
                ("instance_id".to_owned(), decoded.to_owned())
            ],
            "{encoded}"
        );
    }
}

#[tokio::test]
async fn literal_segments_win_and_methods_are_per_template() {
    let server = fixture().await;
    let count = format!("/v2/{PROJECT}/instances/count");
    let a = send(
        server.addr(),
        &sign_now(server.addr(), "GET", &count, &[], b""),
    )
    .await
    .answer();
    assert_eq!(a.status, 200);
    assert_eq!(a.json(), serde_json::json!({"count": 3}));
    // `/instances/abc` only has DELETE.
    let one = format!("/v2/{PROJECT}/instances/abc");
    let a = send(
        server.addr(),
        &sign_now(server.addr(), "GET", &one, &[], b""),
    )
    .await
    .answer();
    a.assert_error(405, "APIGW.0101");
    assert_eq!(a.header("allow"), Some("DELETE"));
    // DELETE answers 204 without a body.
    let a = send(
        server.addr(),
        &sign_now(server.addr(), "DELETE", &one, &[], b""),
    )
    .await
    .answer();
    assert_eq!(a.status, 204);
    assert!(a.body.is_empty());
    assert_eq!(a.header("x-request-id").map(str::len), Some(32));
    // DELETE on `count` is the instance with id "count".
    server.clear_requests();
    let a = send(
        server.addr(),
        &sign_now(server.addr(), "DELETE", &count, &[], b""),
    )
    .await
    .answer();
    assert_eq!(a.status, 204);
    assert_eq!(
        server.requests()[0].operation.as_deref(),
        Some("DeleteInstance")
    );
}

#[tokio::test]
async fn request_ids_are_unique_and_recorded() {
    let server = kafka().await;
    let mut ids = std::collections::HashSet::new();
    for _ in 0..20 {
        let a = send(server.addr(), &unsigned(server.addr(), "GET", "/nope", b""))
            .await
            .answer();
        ids.insert(a.header("x-request-id").unwrap_or_default().to_owned());
    }
    assert_eq!(ids.len(), 20);
    let log = server.requests();
    assert_eq!(log.len(), 20);
    assert!(log.iter().all(|r| r.status == Some(404)
        && r.error_code.as_deref() == Some("APIGW.0101")
        && ids.contains(&r.request_id)));
}

/// Operations sharing a method and path (action APIs) are told apart by the request body: by its top-level
/// key, by a key deeper down, or by a value the page's example gives.
#[tokio::test]
async fn action_apis_on_one_path_are_told_apart_by_their_bodies() {
    let server = MockServer::builder()
        .spec(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/actions.yaml"
        ))
        .credentials(AK, SK, PROJECT)
        .start()
        .await
        .expect("the fixture spec loads");
    for (path, body, want) in [
        (
            "/v1/servers/action",
            r#"{"removeSecurityGroup":{"name":"sg"}}"#,
            "RemoveSecurityGroup",
        ),
        (
            "/v1/servers/action",
            r#"{"addSecurityGroup":{"name":"sg"}}"#,
            "AddSecurityGroup",
        ),
        (
            "/v1/tags/action",
            r#"{"action":"delete","tags":[{"key":"a"}]}"#,
            "DeleteTags",
        ),
        (
            "/v1/tags/action",
            r#"{"action":"create","tags":[{"key":"a"}]}"#,
            "CreateTags",
        ),
        (
            "/v1/tables/action",
            r#"{"table":{"subnets":{"disassociate":["s"]}}}"#,
            "Disassociate",
        ),
        (
            "/v1/tables/action",
            r#"{"table":{"subnets":{"associate":["s"]}}}"#,
            "Associate",
        ),
    ] {
        server.clear_requests();
        let a = send(
            server.addr(),
            &sign_now(server.addr(), "POST", path, &[], body.as_bytes()),
        )
        .await
        .answer();
        assert!(a.status < 300, "{body}: {}", a.status);
        assert_eq!(
            server.requests()[0].operation.as_deref(),
            Some(want),
            "{body}"
        );
    }
}
