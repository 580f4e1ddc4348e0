//! End to end, faults: each fault mode of the emulator maps to the right typed error of the
//! generated client, or to a successful retry when the mode is transient and retries are on.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use huaweicloud_core::TimeoutKind;
use huaweicloud_core::retry::NoJitter;
use huaweicloud_kafka::{Client, Credentials, Error, RetryConfig};
use huaweicloud_mock::{Fault, MockServer};

const AK: &str = "E2EACCESSKEY00000000";
const SK: &str = "e2e-secret-key";
const PROJECT: &str = "e2e0123456789abcdef0123456789abc";
const OP: &str = "ListBackgroundTasks";

async fn server() -> MockServer {
    MockServer::builder()
        .credentials(AK, SK, PROJECT)
        .start()
        .await
        .expect("the emulator starts")
}

/// A client whose back-off sleeps are recorded instead of waited for.
fn new_client(server: &MockServer, retry: RetryConfig) -> (Client, Arc<Mutex<Vec<Duration>>>) {
    let slept = Arc::new(Mutex::new(Vec::new()));
    let record = slept.clone();
    let client = Client::builder()
        .endpoint(server.url())
        .credentials(Credentials::new(AK, SK).with_project_id(PROJECT))
        .retry(retry)
        .jitter(NoJitter)
        .sleep_impl(move |d: Duration| {
            record.lock().expect("lock").push(d);
            async {}
        })
        .attempt_timeout(Duration::from_millis(400))
        .build()
        .expect("client");
    (client, slept)
}

async fn list(
    client: &Client,
) -> Result<huaweicloud_kafka::types::ListBackgroundTasksResponse, Error> {
    client.list_background_tasks("inst-1").limit(1).send().await
}

fn status(code: u16, retry_after: Option<u32>) -> Fault {
    Fault::Status { code, retry_after }
}

#[tokio::test]
async fn transient_statuses_are_retried_until_success() {
    for code in [429, 502, 503, 504] {
        let server = server().await;
        server.faults().set(OP, status(code, None), Some(2));
        let (client, slept) = new_client(&server, RetryConfig::standard());
        let page = list(&client)
            .await
            .unwrap_or_else(|e| panic!("{code}: {e}"));
        assert_eq!(page.task_count.as_deref(), Some("2"));
        let statuses: Vec<Option<u16>> = server.requests().iter().map(|r| r.status).collect();
        assert_eq!(statuses, [Some(code), Some(code), Some(200)], "{code}");
        assert_eq!(slept.lock().expect("lock").len(), 2, "{code}");
    }
}

#[tokio::test]
async fn persistent_statuses_end_in_typed_service_errors() {
    for (code, error_code, attempts) in [
        (503, "APIGW.0202", 3),
        (502, "APIGW.0202", 3),
        (504, "APIGW.0203", 3),
        (429, "APIGW.0308", 3),
        // 500 is not retried: the request may have had an effect.
        (500, "DMS.00500000", 1),
    ] {
        let server = server().await;
        server.faults().set(OP, status(code, None), None);
        let (client, _) = new_client(&server, RetryConfig::standard());
        let err = list(&client).await.expect_err("fails");
        let Error::Service(e) = &err else {
            panic!("{code}: not a service error: {err}");
        };
        assert_eq!(e.status(), code);
        assert_eq!(e.error_code(), error_code);
        assert!(e.error_msg().contains("injected"), "{}", e.error_msg());
        let log = server.requests();
        assert_eq!(log.len(), attempts, "{code}");
        // The request id is the last attempt's.
        assert_eq!(e.request_id(), Some(log[attempts - 1].request_id.as_str()));
        assert_eq!(err.is_retryable(), code != 500, "{code}");
        assert_eq!(e.is_server_error(), code >= 500);
    }
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = server().await;
    server.faults().set(OP, status(429, Some(2)), Some(1));
    let (client, slept) = new_client(&server, RetryConfig::standard());
    list(&client).await.expect("succeeds on the second attempt");
    assert_eq!(*slept.lock().expect("lock"), [Duration::from_secs(2)]);
}

#[tokio::test]
async fn without_retries_the_first_error_is_returned() {
    let server = server().await;
    server.faults().set(OP, status(503, Some(1)), None);
    let (client, slept) = new_client(&server, RetryConfig::disabled());
    let err = list(&client).await.expect_err("fails");
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.requests().len(), 1);
    assert!(slept.lock().expect("lock").is_empty());
}

#[tokio::test]
async fn slow_answers_time_out_then_succeed_on_retry() {
    let server = server().await;
    server
        .faults()
        .set(OP, Fault::Delay(Duration::from_millis(1500)), None);
    let (client, _) = new_client(&server, RetryConfig::disabled());
    let err = list(&client).await.expect_err("times out");
    assert!(
        matches!(
            err,
            Error::Timeout {
                kind: TimeoutKind::Attempt,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.is_retryable());
    server
        .faults()
        .set(OP, Fault::Delay(Duration::from_millis(1500)), Some(1));
    let (client, _) = new_client(&server, RetryConfig::standard());
    list(&client).await.expect("the second attempt is fast");
}

#[tokio::test]
async fn truncated_bodies_are_transport_errors_and_retried() {
    let server = server().await;
    server.faults().set(OP, Fault::TruncatedBody, None);
    let (client, _) = new_client(&server, RetryConfig::disabled());
    let err = list(&client).await.expect_err("cut short");
    assert!(
        matches!(err, Error::Transport { connect: false, .. }),
        "{err:?}"
    );
    assert!(err.is_retryable());
    server.faults().set(OP, Fault::TruncatedBody, Some(1));
    let (client, _) = new_client(&server, RetryConfig::standard());
    let page = list(&client).await.expect("the retry gets the whole body");
    assert_eq!(page.task_count.as_deref(), Some("2"));
}

#[tokio::test]
async fn closed_connections_are_transport_errors_and_retried() {
    let server = server().await;
    server.faults().set(OP, Fault::CloseConnection, None);
    let (client, _) = new_client(&server, RetryConfig::disabled());
    let err = list(&client).await.expect_err("closed");
    assert!(
        matches!(err, Error::Transport { connect: false, .. }),
        "{err:?}"
    );
    assert!(err.is_retryable());
    server.faults().set(OP, Fault::CloseConnection, Some(2));
    let (client, slept) = new_client(&server, RetryConfig::standard());
    list(&client).await.expect("the third attempt is answered");
    assert_eq!(slept.lock().expect("lock").len(), 2);
}
