//! Tracing output of a request, in a test binary of its own: `tracing` caches per call site
//! whether anyone listens, and tests running in parallel without a subscriber would race with
//! the thread-local one installed here.

mod common;

use std::sync::{Arc, Mutex};

use common::{AK, KAFKA, LIST_TASKS, PROJECT_ID, Reply, SK, TestServer};
use huaweicloud_core::retry::NoJitter;
use huaweicloud_core::{Client, ClientBuilder, Credentials, OperationInput};

const OK_BODY: &str = r#"{"task_count": "4", "tasks": [{"id": "t1"}]}"#;

fn credentials() -> Credentials {
    Credentials::new(AK, SK).with_project_id(PROJECT_ID)
}

fn builder(server: &TestServer) -> ClientBuilder {
    Client::builder(&KAFKA)
        .endpoint(&server.base)
        .credentials(credentials())
        .env_lookup(|_| None)
        .sleep_impl(|_| std::future::ready(()))
        .jitter(NoJitter)
}

fn list_input(instance_id: &str) -> OperationInput {
    OperationInput {
        path: vec![("instance_id", instance_id.to_owned())],
        ..OperationInput::default()
    }
}

/// A `tracing` writer into a shared buffer.
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Buffer {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn tracing_records_the_request_without_secrets() {
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = TestServer::start(vec![
        Reply::json(503, "busy"),
        Reply::json(200, OK_BODY).with_header("X-Request-Id", "req-trace-1"),
    ])
    .await;
    let client = builder(&server)
        .credentials(credentials().with_security_token("SECRET-TOKEN-VALUE"))
        .build()
        .unwrap();
    client.execute(&LIST_TASKS, list_input("i")).await.unwrap();
    let logs = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    for needle in [
        "operation=\"ListBackgroundTasks\"",
        "method=GET",
        "attempt=1",
        "attempt=2",
        "status=200",
        "request_id=\"req-trace-1\"",
        "latency_ms=",
        "retrying",
    ] {
        assert!(logs.contains(needle), "missing {needle} in:\n{logs}");
    }
    let signatures: Vec<String> = server
        .requests()
        .iter()
        .map(|r| {
            r.header("authorization")
                .unwrap()
                .rsplit('=')
                .next()
                .unwrap()
                .to_owned()
        })
        .collect();
    for secret in [SK, "SECRET-TOKEN-VALUE", &signatures[0], &signatures[1]] {
        assert!(
            !logs.contains(secret),
            "a secret leaked into the logs:\n{logs}"
        );
    }
}
