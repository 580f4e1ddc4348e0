//! Fault injection: each mode does what it says, per operation or globally, for a number of
//! requests, set from the library or from rules in the command-line form.

mod common;

use std::time::{Duration, Instant};

use common::*;
use huaweicloud_mock::{Fault, FaultRule, FaultScope, MockServer, StartError};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/test.yaml");
const OP: &str = "ListBackgroundTasks";

async fn server() -> MockServer {
    MockServer::builder()
        .credentials(AK, SK, PROJECT)
        .start()
        .await
        .expect("start")
}

async fn get(server: &MockServer) -> Outcome {
    let addr = server.addr();
    send(addr, &sign_now(addr, "GET", &tasks_path("i"), &[], b"")).await
}

#[tokio::test]
async fn status_faults_answer_huawei_errors_then_stop() {
    let server = server().await;
    for (code, error_code) in [
        (500, "DMS.00500000"),
        (502, "APIGW.0202"),
        (503, "APIGW.0202"),
        (504, "APIGW.0203"),
        (429, "APIGW.0308"),
        (418, "DMS.00418000"),
    ] {
        server.faults().set(
            OP,
            Fault::Status {
                code,
                retry_after: None,
            },
            Some(2),
        );
        for _ in 0..2 {
            let a = get(&server).await.answer();
            a.assert_error(code, error_code);
            assert!(a.error_msg().contains("injected"));
            assert_eq!(a.header("retry-after"), None);
        }
        assert_eq!(get(&server).await.answer().status, 200, "after {code} ×2");
    }
    assert!(server.faults().rules().is_empty());
}

#[tokio::test]
async fn throttling_with_retry_after() {
    let server = server().await;
    server.faults().set(
        OP,
        Fault::Status {
            code: 429,
            retry_after: Some(3),
        },
        Some(1),
    );
    let a = get(&server).await.answer();
    a.assert_error(429, "APIGW.0308");
    assert_eq!(a.header("retry-after"), Some("3"));
    assert_eq!(get(&server).await.answer().status, 200);
}

#[tokio::test]
async fn faults_come_before_authentication() {
    let server = server().await;
    server.faults().set(
        FaultScope::Global,
        Fault::Status {
            code: 503,
            retry_after: None,
        },
        None,
    );
    let addr = server.addr();
    let a = send(addr, &unsigned(addr, "GET", &tasks_path("i"), b""))
        .await
        .answer();
    a.assert_error(503, "APIGW.0202");
    // Unknown routes are never faulted.
    let a = send(addr, &unsigned(addr, "GET", "/nope", b""))
        .await
        .answer();
    a.assert_error(404, "APIGW.0101");
    // Unlimited until cleared.
    for _ in 0..3 {
        assert_eq!(get(&server).await.answer().status, 503);
    }
    server.faults().clear(FaultScope::Global);
    assert_eq!(get(&server).await.answer().status, 200);
}

#[tokio::test]
async fn delay() {
    let server = server().await;
    server
        .faults()
        .set(OP, Fault::Delay(Duration::from_millis(300)), Some(1));
    let t = Instant::now();
    assert_eq!(get(&server).await.answer().status, 200);
    assert!(
        t.elapsed() >= Duration::from_millis(300),
        "{:?}",
        t.elapsed()
    );
    let t = Instant::now();
    assert_eq!(get(&server).await.answer().status, 200);
    assert!(
        t.elapsed() < Duration::from_millis(300),
        "{:?}",
        t.elapsed()
    );
}

#[tokio::test]
async fn truncated_body() {
    let server = server().await;
    server.faults().set(OP, Fault::TruncatedBody, Some(1));
    let a = get(&server).await.answer();
    assert_eq!(a.status, 200);
    assert!(a.truncated, "fewer bytes than Content-Length");
    let declared: usize = a
        .header("content-length")
        .and_then(|v| v.parse().ok())
        .expect("length");
    assert!(declared > 0);
    assert!(serde_json::from_slice::<serde_json::Value>(&a.body).is_err());
    let full = get(&server).await.answer();
    assert!(!full.truncated);
    assert_eq!(full.body.len(), declared);
}

#[tokio::test]
async fn truncated_empty_body() {
    let server = MockServer::builder()
        .spec(FIXTURE)
        .credentials(AK, SK, PROJECT)
        .start()
        .await
        .expect("start");
    server
        .faults()
        .set("DeleteInstance", Fault::TruncatedBody, None);
    let addr = server.addr();
    let path = format!("/v2/{PROJECT}/instances/i");
    let a = send(addr, &sign_now(addr, "DELETE", &path, &[], b""))
        .await
        .answer();
    assert_eq!(a.status, 204);
    assert!(a.truncated);
}

#[tokio::test]
async fn closed_connection() {
    let server = server().await;
    server.faults().set(OP, Fault::CloseConnection, Some(2));
    for _ in 0..2 {
        assert!(matches!(get(&server).await, Outcome::Closed));
    }
    assert_eq!(get(&server).await.answer().status, 200);
    let log = server.requests();
    assert_eq!(
        log.iter().map(|r| r.status).collect::<Vec<_>>(),
        [None, None, Some(200)]
    );
}

#[tokio::test]
async fn per_operation_rules_win_over_global_ones() {
    let server = MockServer::builder()
        .spec(FIXTURE)
        .credentials(AK, SK, PROJECT)
        .start()
        .await
        .expect("start");
    let addr = server.addr();
    server.faults().set(
        FaultScope::Global,
        Fault::Status {
            code: 500,
            retry_after: None,
        },
        None,
    );
    server.faults().set(
        "CountInstances",
        Fault::Status {
            code: 429,
            retry_after: None,
        },
        Some(1),
    );
    let count = format!("/v2/{PROJECT}/instances/count");
    let delete = format!("/v2/{PROJECT}/instances/x");
    assert_eq!(
        send(addr, &sign_now(addr, "GET", &count, &[], b""))
            .await
            .answer()
            .status,
        429
    );
    assert_eq!(
        send(addr, &sign_now(addr, "GET", &count, &[], b""))
            .await
            .answer()
            .status,
        500
    );
    assert_eq!(
        send(addr, &sign_now(addr, "DELETE", &delete, &[], b""))
            .await
            .answer()
            .status,
        500
    );
    server.faults().clear_all();
    assert_eq!(
        send(addr, &sign_now(addr, "DELETE", &delete, &[], b""))
            .await
            .answer()
            .status,
        204
    );
}

#[tokio::test]
async fn rules_from_text_at_start() {
    let rules: Vec<FaultRule> = [
        "op=ListBackgroundTasks,status=503,times=1",
        "status=429,retry-after=1,times=1",
    ]
    .iter()
    .map(|s| s.parse().expect("rule"))
    .collect();
    let mut b = MockServer::builder().credentials(AK, SK, PROJECT);
    for r in rules {
        b = b.fault(r);
    }
    let server = b.start().await.expect("start");
    assert_eq!(get(&server).await.answer().status, 503);
    assert_eq!(get(&server).await.answer().status, 429);
    assert_eq!(get(&server).await.answer().status, 200);
    // A rule naming an unknown operation is refused at start.
    let err = MockServer::builder()
        .fault("op=Nope,close".parse().expect("rule"))
        .start()
        .await
        .expect_err("unknown operation");
    assert!(matches!(err, StartError::UnknownOperation(_)), "{err}");
}
