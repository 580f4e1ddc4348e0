//! Validation against the spec: every rejected request is a 400 with a DMS-style code and a
//! message naming the parameter; valid requests pass.

mod common;

use common::*;
use huaweicloud_mock::MockServer;

/// Query pairs, and the expected error code and the parameter its message names (`None`: 200).
type Query<'a> = &'a [(&'a str, &'a str)];
type Expect<'a> = Option<(&'a str, &'a str)>;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/test.yaml");

async fn server(spec: Option<&str>) -> MockServer {
    let b = MockServer::builder().credentials(AK, SK, PROJECT);
    let b = match spec {
        Some(s) => b.spec(s),
        None => b,
    };
    b.start().await.expect("start")
}

#[tokio::test]
async fn kafka_query_parameters() {
    let server = server(None).await;
    let addr = server.addr();
    let path = tasks_path("inst-1");
    let cases: &[(Query, Expect)] = &[
        (&[], None),
        (&[("start", "1"), ("limit", "10")], None),
        (
            &[
                ("begin_time", "20200101000000"),
                ("end_time", "20251231235959"),
            ],
            None,
        ),
        (&[("limit", "-5"), ("start", "0")], None),
        (&[("limit", "abc")], Some(("DMS.00400002", "limit"))),
        (&[("limit", "")], Some(("DMS.00400002", "limit"))),
        (&[("limit", "1.5")], Some(("DMS.00400002", "limit"))),
        (&[("start", "2147483648")], Some(("DMS.00400002", "start"))),
        (&[("start", "-2147483649")], Some(("DMS.00400002", "start"))),
        (
            &[("begin_time", "2020")],
            Some(("DMS.00400002", "begin_time")),
        ),
        (
            &[("begin_time", "2020-01-01T00:00:00Z")],
            Some(("DMS.00400002", "begin_time")),
        ),
        (
            &[("end_time", "2020010100000a")],
            Some(("DMS.00400002", "end_time")),
        ),
        (
            &[("end_time", "20201301000000")],
            Some(("DMS.00400002", "end_time")),
        ),
        (
            &[("end_time", "20200230000000")],
            Some(("DMS.00400002", "end_time")),
        ),
        (
            &[("limit", "1"), ("limit", "2")],
            Some(("DMS.00400002", "limit")),
        ),
        // Undeclared parameters are ignored.
        (&[("unknown", "x")], None),
    ];
    for (query, want) in cases {
        let a = send(addr, &sign_now(addr, "GET", &path, query, b""))
            .await
            .answer();
        match want {
            None => assert_eq!(
                a.status,
                200,
                "{query:?}: {}",
                String::from_utf8_lossy(&a.body)
            ),
            Some((code, name)) => {
                a.assert_error(400, code);
                assert!(
                    a.error_msg().contains(&format!("'{name}'")),
                    "{query:?}: {}",
                    a.error_msg()
                );
            }
        }
    }
}

#[tokio::test]
async fn fixture_query_types_and_required() {
    let server = server(Some(FIXTURE)).await;
    let addr = server.addr();
    let path = format!("/v2/{PROJECT}/products");
    let cases: &[(Query, Expect)] = &[
        (&[("engine", "kafka")], None),
        (
            &[
                ("engine", "rabbitmq"),
                ("ratio", "0.5"),
                ("flag", "true"),
                ("big", "9007199254740993"),
            ],
            None,
        ),
        (&[], Some(("DMS.00400001", "engine"))),
        (&[("engine", "redis")], Some(("DMS.00400002", "engine"))),
        (
            &[("engine", "kafka"), ("ratio", "x")],
            Some(("DMS.00400002", "ratio")),
        ),
        (
            &[("engine", "kafka"), ("ratio", "NaN")],
            Some(("DMS.00400002", "ratio")),
        ),
        (
            &[("engine", "kafka"), ("flag", "yes")],
            Some(("DMS.00400002", "flag")),
        ),
        (
            &[("engine", "kafka"), ("big", "99999999999999999999")],
            Some(("DMS.00400002", "big")),
        ),
    ];
    for (query, want) in cases {
        let a = send(addr, &sign_now(addr, "GET", &path, query, b""))
            .await
            .answer();
        match want {
            None => assert_eq!(
                a.status,
                200,
                "{query:?}: {}",
                String::from_utf8_lossy(&a.body)
            ),
            Some((code, name)) => {
                a.assert_error(400, code);
                assert!(
                    a.error_msg().contains(&format!("'{name}'")),
                    "{query:?}: {}",
                    a.error_msg()
                );
            }
        }
    }
}

#[tokio::test]
async fn json_bodies() {
    let server = server(Some(FIXTURE)).await;
    let addr = server.addr();
    let path = format!("/v2/{PROJECT}/instances/i/topics");
    let cases: &[(&str, Option<(&str, &str)>)] = &[
        (r#"{"id":"t-1"}"#, None),
        (
            r#"{"id":"t-1","partition":3,"replication":2,"retention_hours":1.5,"sync":false,"tags":[{"key":"k","value":"v"}],"configs":{"a":"b"},"unknown":[1]}"#,
            None,
        ),
        (r#"{"id":"t-1","partition":3.0}"#, None),
        ("", Some(("DMS.00400001", "body"))),
        ("not json", Some(("DMS.00400003", "not JSON"))),
        ("[]", Some(("DMS.00400003", "body: expected an object"))),
        (r#"{}"#, Some(("DMS.00400001", "body.id"))),
        (r#"{"id":null}"#, Some(("DMS.00400001", "body.id"))),
        (r#"{"id":5}"#, Some(("DMS.00400003", "body.id"))),
        (r#"{"id":"Upper"}"#, Some(("DMS.00400003", "body.id"))),
        (
            r#"{"id":"t","partition":"3"}"#,
            Some(("DMS.00400003", "body.partition")),
        ),
        (
            r#"{"id":"t","partition":1.5}"#,
            Some(("DMS.00400003", "body.partition")),
        ),
        (
            r#"{"id":"t","partition":3000000000}"#,
            Some(("DMS.00400003", "body.partition")),
        ),
        (
            r#"{"id":"t","replication":4}"#,
            Some(("DMS.00400003", "body.replication")),
        ),
        (
            r#"{"id":"t","retention_hours":"1"}"#,
            Some(("DMS.00400003", "body.retention_hours")),
        ),
        (
            r#"{"id":"t","sync":"true"}"#,
            Some(("DMS.00400003", "body.sync")),
        ),
        (
            r#"{"id":"t","tags":{}}"#,
            Some(("DMS.00400003", "body.tags")),
        ),
        (
            r#"{"id":"t","tags":[{"value":"v"}]}"#,
            Some(("DMS.00400001", "body.tags[0].key")),
        ),
        (
            r#"{"id":"t","tags":[{"key":"k"},{"key":1}]}"#,
            Some(("DMS.00400003", "body.tags[1].key")),
        ),
        (
            r#"{"id":"t","configs":{"a":1}}"#,
            Some(("DMS.00400003", "body.configs.a")),
        ),
        // A `nullable` field accepts null (and its type); no other field accepts null, at any depth.
        (r#"{"id":"t-1","label":null}"#, None),
        (r#"{"id":"t-1","label":"x"}"#, None),
        (
            r#"{"id":"t-1","label":1}"#,
            Some(("DMS.00400003", "body.label")),
        ),
        (
            r#"{"id":"t-1","partition":null}"#,
            Some(("DMS.00400003", "body.partition: null is not allowed")),
        ),
        (
            r#"{"id":"t","tags":null}"#,
            Some(("DMS.00400003", "body.tags: null")),
        ),
        (
            r#"{"id":"t","tags":[null]}"#,
            Some(("DMS.00400003", "body.tags[0]: null")),
        ),
        (
            r#"{"id":"t","tags":[{"key":"k","value":null}]}"#,
            Some(("DMS.00400003", "body.tags[0].value: null")),
        ),
        (
            r#"{"id":"t","configs":{"a":null}}"#,
            Some(("DMS.00400003", "body.configs.a: null")),
        ),
        ("null", Some(("DMS.00400003", "body: null"))),
        // `x-example-type`: both the table's form and the examples' form are accepted.
        (r#"{"id":"t-1","node_cnt":"2"}"#, None),
        (r#"{"id":"t-1","node_cnt":2}"#, None),
        // Any JSON number is read as the string the table asks for (`"2.5"` is a valid value of the table's type).
        (r#"{"id":"t-1","node_cnt":2.5}"#, None),
        (
            r#"{"id":"t","node_cnt":true}"#,
            Some(("DMS.00400003", "body.node_cnt")),
        ),
        (r#"{"id":"t-1","shards":3}"#, None),
        (r#"{"id":"t-1","shards":"3"}"#, None),
        (
            r#"{"id":"t","shards":"three"}"#,
            Some(("DMS.00400003", "body.shards")),
        ),
        // Without the key, the other form is still refused.
        (
            r#"{"id":"t","partition":"3"}"#,
            Some(("DMS.00400003", "body.partition")),
        ), // `x-example-shape`: one item for a list, `""` / `{}` for an object, a JSON value for a text; the item
        // alone is still checked, and other shapes are refused.
        (r#"{"id":"t-1","owners":{"key":"k"}}"#, None),
        (r#"{"id":"t-1","owners":[{"key":"k"}]}"#, None),
        (
            r#"{"id":"t","owners":{"value":"v"}}"#,
            Some(("DMS.00400001", "body.owners.key")),
        ),
        (r#"{"id":"t-1","owner":""}"#, None),
        (r#"{"id":"t-1","owner":{}}"#, None),
        (
            r#"{"id":"t","owner":"x"}"#,
            Some(("DMS.00400003", "body.owner")),
        ),
        (r#"{"id":"t-1","extra":{"a":[1]}}"#, None),
        (r#"{"id":"t-1","extra":"text"}"#, None),
        (
            r#"{"id":"t","extra":3}"#,
            Some(("DMS.00400003", "body.extra")),
        ),
    ];
    for (body, want) in cases {
        let a = send(addr, &sign_now(addr, "POST", &path, &[], body.as_bytes()))
            .await
            .answer();
        match want {
            None => assert_eq!(
                a.status,
                200,
                "{body}: {}",
                String::from_utf8_lossy(&a.body)
            ),
            Some((code, needle)) => {
                a.assert_error(400, code);
                assert!(a.error_msg().contains(needle), "{body}: {}", a.error_msg());
            }
        }
    }
}

#[tokio::test]
async fn oversized_bodies_are_413() {
    let server = MockServer::builder()
        .spec(FIXTURE)
        .credentials(AK, SK, PROJECT)
        .body_limit(64)
        .start()
        .await
        .expect("start");
    let addr = server.addr();
    let body = format!(r#"{{"id":"t","configs":{{"a":"{}"}}}}"#, "x".repeat(100));
    let path = format!("/v2/{PROJECT}/instances/i/topics");
    let a = send(addr, &sign_now(addr, "POST", &path, &[], body.as_bytes()))
        .await
        .answer();
    a.assert_error(413, "APIGW.0201");
}

#[tokio::test]
async fn authentication_comes_before_validation() {
    let server = server(None).await;
    let addr = server.addr();
    let a = send(
        addr,
        &unsigned(addr, "GET", &format!("{}?limit=abc", tasks_path("i")), b""),
    )
    .await
    .answer();
    a.assert_error(401, "APIGW.0301");
}

/// Where a page's examples give another JSON type than its table (`x-example-type`), the emulator accepts both:
/// CreateConnector's `node_cnt` is a String in the table and `2` in the examples (and in the official SDK).
#[tokio::test]
async fn example_types_are_accepted_beside_the_table_types() {
    let server = server(None).await;
    let addr = server.addr();
    let path = format!("/v2/{PROJECT}/instances/i/connector");
    let cases: &[(&str, Option<&str>)] = &[
        (r#"{"node_cnt":2}"#, None),
        (r#"{"node_cnt":"2"}"#, None),
        (r#"{"node_cnt":true}"#, Some("body.node_cnt")),
        (r#"{"node_cnt":[2]}"#, Some("body.node_cnt")),
    ];
    for (body, want) in cases {
        let a = send(addr, &sign_now(addr, "POST", &path, &[], body.as_bytes()))
            .await
            .answer();
        match want {
            None => assert_eq!(
                a.status,
                200,
                "{body}: {}",
                String::from_utf8_lossy(&a.body)
            ),
            Some(needle) => {
                a.assert_error(400, "DMS.00400003");
                assert!(a.error_msg().contains(needle), "{body}: {}", a.error_msg());
            }
        }
    }
}
