//! The client against a local scripted HTTP server: wire format, signatures, errors, retries,
//! timeouts, tracing. No test sleeps for real longer than a few hundred milliseconds.

mod common;

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{
    AK, CREATE_TOPIC, KAFKA, LIST_TASKS, PROJECT_ID, Reply, SK, TestServer, independent_verify,
};
use huaweicloud_core::retry::NoJitter;
use huaweicloud_core::{
    ApiRequest, Client, ClientBuilder, Credentials, Error, Operation, OperationInput, RetryConfig,
    TimeoutKind,
};

const OK_BODY: &str = r#"{"task_count": "4", "tasks": [{"id": "t1", "params": "{\"a\":1}"}]}"#;

fn credentials() -> Credentials {
    Credentials::new(AK, SK).with_project_id(PROJECT_ID)
}

type Sleeps = Arc<Mutex<Vec<Duration>>>;

/// A client for `server` with a recording sleep, no jitter and a clock that steps one second per
/// reading (starting at 2024-05-06T07:08:09Z).
fn builder(server: &TestServer) -> (ClientBuilder, Sleeps) {
    let sleeps: Sleeps = Arc::default();
    let rec = sleeps.clone();
    let tick = Arc::new(AtomicI64::new(1_714_979_289));
    let b = Client::builder(&KAFKA)
        .endpoint(&server.base)
        .credentials(credentials())
        .env_lookup(|_| None)
        .sleep_impl(move |d| {
            rec.lock().unwrap().push(d);
            std::future::ready(())
        })
        .jitter(NoJitter)
        .clock(move || jiff::Timestamp::from_second(tick.fetch_add(1, Ordering::SeqCst)).unwrap());
    (b, sleeps)
}

fn list_input(instance_id: &str) -> OperationInput {
    OperationInput {
        path: vec![("instance_id", instance_id.to_owned())],
        ..OperationInput::default()
    }
}

fn sleeps_of(s: &Sleeps) -> Vec<Duration> {
    s.lock().unwrap().clone()
}

#[tokio::test]
async fn get_sends_the_official_headers_and_a_verifiable_signature() {
    let server = TestServer::start(vec![
        Reply::json(200, OK_BODY).with_header("X-Request-Id", "req-ok-1"),
    ])
    .await;
    let (b, _) = builder(&server);
    let client = b.build().unwrap();
    let input = OperationInput {
        headers: Vec::new(),
        path: vec![("instance_id", "5d3c2a1b".into())],
        query: vec![
            ("start", "1".into()),
            ("limit", "10".into()),
            ("begin_time", "20240101000000".into()),
            ("end_time", "20241231235959".into()),
        ],
        body: None,
        content_type: None,
    };
    let resp = client.execute(&LIST_TASKS, input).await.unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.request_id(), Some("req-ok-1"));
    assert_eq!(resp.body(), OK_BODY.as_bytes());

    let reqs = server.requests();
    assert_eq!(reqs.len(), 1);
    let r = &reqs[0];
    assert_eq!(r.method, "GET");
    assert_eq!(
        r.target,
        format!(
            "/v2/{PROJECT_ID}/instances/5d3c2a1b/tasks?begin_time=20240101000000&end_time=20241231235959&limit=10&start=1"
        ),
        "the wire query is the canonical (sorted) query"
    );
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.header("x-project-id"), Some(PROJECT_ID));
    assert_eq!(r.header("x-sdk-date"), Some("20240506T070809Z"));
    assert_eq!(r.header("host"), Some(server.authority.as_str()));
    assert_eq!(r.header("x-security-token"), None);
    let ua = r.header("user-agent").unwrap();
    assert_eq!(
        ua,
        format!(
            "huaweicloud-sdk-rust/{}; huaweicloud-kafka/0.1.0",
            huaweicloud_core::VERSION
        )
    );
    let auth = r.header("authorization").unwrap();
    assert!(
        auth.starts_with(&format!(
            "SDK-HMAC-SHA256 Access={AK}, SignedHeaders=content-type;host;user-agent;x-project-id;x-sdk-date, Signature="
        )),
        "{auth}"
    );
    independent_verify(r, SK).unwrap();
    r.verify_with_crate(SK).unwrap();
}

#[tokio::test]
async fn odd_path_values_cannot_change_the_route() {
    let server = TestServer::start(vec![Reply::json(200, "{}")]).await;
    let (b, _) = builder(&server);
    let client = b.build().unwrap();
    let ids = [
        "../x",
        "a/b?c#d e",
        "inst/1 a+b%中",
        "..%2F..",
        "~ok-1_2.3",
        "😀",
    ];
    for id in ids {
        client.execute(&LIST_TASKS, list_input(id)).await.unwrap();
    }
    let reqs = server.requests();
    let paths: Vec<&str> = reqs.iter().map(|r| r.target.as_str()).collect();
    let prefix = format!("/v2/{PROJECT_ID}/instances/");
    assert_eq!(
        paths,
        [
            format!("{prefix}..%2Fx/tasks"),
            format!("{prefix}a%2Fb%3Fc%23d%20e/tasks"),
            format!("{prefix}inst%2F1%20a%2Bb%25%E4%B8%AD/tasks"),
            format!("{prefix}..%252F../tasks"),
            format!("{prefix}~ok-1_2.3/tasks"),
            format!("{prefix}%F0%9F%98%80/tasks"),
        ]
    );
    for r in &reqs {
        independent_verify(r, SK).unwrap();
        r.verify_with_crate(SK).unwrap();
    }
    for bad in ["", ".", ".."] {
        let e = client
            .execute(&LIST_TASKS, list_input(bad))
            .await
            .unwrap_err();
        assert!(matches!(e, Error::InvalidRequest { .. }), "{bad:?}: {e}");
    }
    assert_eq!(
        server.requests().len(),
        ids.len(),
        "rejected requests are not sent"
    );
}

#[tokio::test]
async fn security_token_and_body_are_sent_and_signed() {
    let server = TestServer::start(vec![Reply::json(200, r#"{"id":"topic-1"}"#)]).await;
    let (b, _) = builder(&server);
    let client = b
        .credentials(credentials().with_security_token("TEMPTOKEN+/=="))
        .build()
        .unwrap();
    let body = br#"{"id":"topic-1","partition":3}"#.to_vec();
    let input = OperationInput {
        path: vec![("instance_id", "i-1".into())],
        body: Some(body.clone()),
        ..Default::default()
    };
    client.execute(&CREATE_TOPIC, input).await.unwrap();
    let r = &server.requests()[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.body, body);
    assert_eq!(r.header("x-security-token"), Some("TEMPTOKEN+/=="));
    assert!(
        r.header("authorization")
            .unwrap()
            .contains("x-sdk-date;x-security-token")
    );
    independent_verify(r, SK).unwrap();
    r.verify_with_crate(SK).unwrap();
}

#[tokio::test]
async fn server_error_500_is_parsed_and_not_retried() {
    let server = TestServer::start(vec![Reply::Respond {
        status: 500,
        headers: vec![("Content-Type".into(), "text/html".into())],
        body: b"<html>Internal Server Error</html>".to_vec(),
    }])
    .await;
    let (b, sleeps) = builder(&server);
    let e = b
        .build()
        .unwrap()
        .execute(&LIST_TASKS, list_input("i"))
        .await
        .unwrap_err();
    let s = e.as_service().expect("service error");
    assert_eq!(s.status(), 500);
    assert_eq!(s.request_id(), None);
    assert_eq!(s.error_code(), "500");
    assert_eq!(s.error_msg(), "<html>Internal Server Error</html>");
    assert!(!e.is_retryable());
    assert_eq!(server.requests().len(), 1);
    assert!(sleeps_of(&sleeps).is_empty());
}

#[tokio::test]
async fn gateway_errors_are_retried_with_backoff_and_fresh_signatures() {
    let server = TestServer::start(vec![
        Reply::json(503, r#"{"error_code":"DMS.503","error_msg":"busy"}"#),
        Reply::json(502, "bad gateway"),
        Reply::json(200, OK_BODY),
    ])
    .await;
    let (b, sleeps) = builder(&server);
    let resp = b
        .build()
        .unwrap()
        .execute(&LIST_TASKS, list_input("i"))
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(
        sleeps_of(&sleeps),
        [Duration::from_millis(100), Duration::from_millis(200)]
    );
    let reqs = server.requests();
    assert_eq!(reqs.len(), 3);
    let dates: Vec<&str> = reqs
        .iter()
        .map(|r| r.header("x-sdk-date").unwrap())
        .collect();
    assert_eq!(dates[0], "20240506T070809Z");
    assert!(
        dates[0] != dates[1] && dates[1] != dates[2],
        "re-signed each attempt: {dates:?}"
    );
    for r in &reqs {
        independent_verify(r, SK).unwrap();
    }
}

#[tokio::test]
async fn retries_stop_after_max_attempts() {
    let server = TestServer::start(vec![
        Reply::json(504, "timeout").with_header("X-Request-Id", "r504"),
    ])
    .await;
    let (b, sleeps) = builder(&server);
    let e = b
        .retry(RetryConfig::standard().with_max_attempts(4))
        .build()
        .unwrap()
        .execute(&LIST_TASKS, list_input("i"))
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(504));
    assert_eq!(e.request_id(), Some("r504"));
    assert!(e.is_retryable());
    assert_eq!(server.requests().len(), 4);
    assert_eq!(
        sleeps_of(&sleeps),
        [100, 200, 400].map(Duration::from_millis),
        "exponential back-off"
    );
}

#[tokio::test]
async fn throttling_429_honours_retry_after() {
    let server = TestServer::start(vec![
        Reply::json(
            429,
            r#"{"error_code": "APIGW.0308", "error_msg": "throttled"}"#,
        )
        .with_header("Retry-After", "7"),
        Reply::json(200, OK_BODY),
    ])
    .await;
    let (b, sleeps) = builder(&server);
    let resp = b
        .build()
        .unwrap()
        .execute(&LIST_TASKS, list_input("i"))
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(sleeps_of(&sleeps), [Duration::from_secs(7)]);
}

#[tokio::test]
async fn retry_after_beyond_the_deadline_returns_the_error_at_once() {
    let server = TestServer::start(vec![
        Reply::json(
            429,
            r#"{"error_code": "APIGW.0308", "error_msg": "throttled"}"#,
        )
        .with_header("Retry-After", "3600"),
    ])
    .await;
    let (b, sleeps) = builder(&server);
    let e = b
        .build()
        .unwrap()
        .execute(&LIST_TASKS, list_input("i"))
        .await
        .unwrap_err();
    assert_eq!(e.as_service().unwrap().error_code(), "APIGW.0308");
    assert!(sleeps_of(&sleeps).is_empty());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn throttled_post_is_not_retried() {
    let server = TestServer::start(vec![
        Reply::json(
            429,
            r#"{"error_code": "APIGW.0308", "error_msg": "throttled"}"#,
        )
        .with_header("X-Request-Id", "req-err-0429b"),
    ])
    .await;
    let (b, sleeps) = builder(&server);
    let input = OperationInput {
        path: vec![("instance_id", "i".into())],
        body: Some(b"{}".to_vec()),
        ..Default::default()
    };
    let e = b
        .build()
        .unwrap()
        .execute(&CREATE_TOPIC, input)
        .await
        .unwrap_err();
    let s = e.as_service().unwrap();
    assert_eq!(
        (s.status(), s.error_code(), s.error_msg()),
        (429, "APIGW.0308", "throttled")
    );
    assert_eq!(s.request_id(), Some("req-err-0429b"));
    assert_eq!(server.requests().len(), 1);
    assert!(sleeps_of(&sleeps).is_empty());
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_per_attempt() {
    let server = TestServer::start(vec![Reply::Hang]).await;
    let (b, sleeps) = builder(&server);
    let started = std::time::Instant::now();
    let e = b
        .attempt_timeout(Duration::from_millis(100))
        .retry(RetryConfig::standard().with_max_attempts(2))
        .build()
        .unwrap()
        .execute(&LIST_TASKS, list_input("i"))
        .await
        .unwrap_err();
    assert!(
        matches!(e, Error::Timeout { kind: TimeoutKind::Attempt, limit } if limit == Duration::from_millis(100)),
        "{e:?}"
    );
    assert!(e.is_retryable());
    assert_eq!(server.requests().len(), 2, "the GET was retried once");
    assert_eq!(sleeps_of(&sleeps).len(), 1);
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn the_operation_deadline_bounds_everything() {
    let server = TestServer::start(vec![Reply::Hang]).await;
    let (b, _) = builder(&server);
    let e = b
        .attempt_timeout(Duration::from_secs(30))
        .operation_timeout(Duration::from_millis(150))
        .build()
        .unwrap()
        .execute(&LIST_TASKS, list_input("i"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            Error::Timeout {
                kind: TimeoutKind::Operation,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(e.to_string(), "operation timeout of 150ms exceeded");
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_with_a_safe_excerpt() {
    let body = r#"{"task_count": "4", "password": "hunter2", "tasks": [{"id": "t1""#;
    let server = TestServer::start(vec![
        Reply::json(200, body).with_header("X-Request-Id", "rid-7"),
    ])
    .await;
    let (b, _) = builder(&server);
    let resp = b
        .build()
        .unwrap()
        .execute(&LIST_TASKS, list_input("i"))
        .await
        .unwrap();
    let e = resp.json::<serde_json::Value>().unwrap_err();
    match &e {
        Error::Decode {
            message,
            excerpt,
            status,
            request_id,
        } => {
            assert!(message.contains("EOF"), "{message}");
            assert!(excerpt.starts_with(r#"{"task_count": "4""#), "{excerpt}");
            assert!(!excerpt.contains("hunter2"), "{excerpt}");
            assert_eq!(*status, Some(200));
            assert_eq!(request_id.as_deref(), Some("rid-7"));
        }
        other => panic!("{other:?}"),
    }
    assert!(!e.to_string().contains("hunter2"));
    assert!(!e.is_retryable());
}

#[derive(Debug, serde::Deserialize, PartialEq)]
struct Tasks {
    task_count: Option<String>,
    tasks: Option<Vec<Task>>,
}

#[derive(Debug, serde::Deserialize, PartialEq)]
struct Task {
    id: Option<String>,
}

#[tokio::test]
async fn decode_errors_name_the_failing_member() {
    let server = TestServer::start(vec![Reply::json(
        200,
        r#"{"tasks": [{"id": "a"}, {"id": 123}]}"#,
    )])
    .await;
    let (b, _) = builder(&server);
    let resp = b
        .build()
        .unwrap()
        .execute(&LIST_TASKS, list_input("i"))
        .await
        .unwrap();
    let e = resp.json::<Tasks>().unwrap_err();
    assert!(e.to_string().contains("tasks[1].id"), "{e}");
}

#[tokio::test]
async fn empty_and_unknown_members_decode() {
    let server = TestServer::start(vec![
        Reply::Respond {
            status: 204,
            headers: vec![],
            body: vec![],
        },
        Reply::json(
            200,
            r#"{"task_count": "4", "extra": {"x": 1}, "tasks": [{"id": "a", "more": true}]}"#,
        ),
    ])
    .await;
    let (b, _) = builder(&server);
    let client = b.build().unwrap();
    let empty = client.execute(&LIST_TASKS, list_input("i")).await.unwrap();
    assert_eq!(empty.status(), 204);
    assert_eq!(
        empty.json::<Tasks>().unwrap(),
        Tasks {
            task_count: None,
            tasks: None
        }
    );
    assert_eq!(empty.json::<Option<Vec<Task>>>().unwrap(), None);
    let full = client.execute(&LIST_TASKS, list_input("i")).await.unwrap();
    assert_eq!(
        full.json::<Tasks>().unwrap(),
        Tasks {
            task_count: Some("4".into()),
            tasks: Some(vec![Task {
                id: Some("a".into())
            }])
        }
    );
}

#[tokio::test]
async fn a_closed_connection_is_a_retried_transport_error() {
    let server = TestServer::start(vec![Reply::Close]).await;
    let (b, sleeps) = builder(&server);
    let e = b
        .build()
        .unwrap()
        .execute(&LIST_TASKS, list_input("i"))
        .await
        .unwrap_err();
    assert!(
        matches!(e, Error::Transport { connect: false, .. }),
        "{e:?}"
    );
    assert!(e.is_retryable());
    assert_eq!(server.requests().len(), 3);
    assert_eq!(sleeps_of(&sleeps).len(), 2);
}

#[tokio::test]
async fn a_body_cut_short_is_a_transport_error() {
    let raw = b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{\"task_count\""
        .to_vec();
    let server = TestServer::start(vec![Reply::Raw(raw)]).await;
    let (b, _) = builder(&server);
    let e = b
        .retry(RetryConfig::disabled())
        .build()
        .unwrap()
        .execute(&LIST_TASKS, list_input("i"))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Transport { .. }), "{e:?}");
}

#[tokio::test]
async fn refused_connections_are_retried_even_for_post() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let sleeps: Sleeps = Arc::default();
    let rec = sleeps.clone();
    let client = Client::builder(&KAFKA)
        .endpoint(format!("http://{addr}"))
        .credentials(credentials())
        .sleep_impl(move |d| {
            rec.lock().unwrap().push(d);
            std::future::ready(())
        })
        .build()
        .unwrap();
    let input = OperationInput {
        path: vec![("instance_id", "i".into())],
        body: Some(b"{}".to_vec()),
        ..Default::default()
    };
    let e = client.execute(&CREATE_TOPIC, input).await.unwrap_err();
    assert!(matches!(e, Error::Transport { connect: true, .. }), "{e:?}");
    assert_eq!(
        sleeps_of(&sleeps).len(),
        2,
        "nothing was sent, so even POST is retried"
    );
    for d in sleeps_of(&sleeps) {
        assert!(
            d <= Duration::from_millis(200),
            "full jitter stays under the ceiling: {d:?}"
        );
    }
}

#[tokio::test]
async fn error_bodies_follow_the_official_key_cascade() {
    let server = TestServer::start(vec![
        Reply::json(400, r#"{"error_code": "DMS.00400001", "error_msg": "bad"}"#)
            .with_header("X-Request-Id", "req-err-0400"),
        Reply::json(404, r#"{"errorCode": "DMS.00404022", "errorMsg": "instance not found"}"#)
            .with_header("x-request-id", "req-err-0404"),
        Reply::json(
            401,
            r#"{"error_msg": "verify aksk signature fail", "error_code": "APIGW.0301", "request_id": "body-request-id", "encoded_authorization_message": "ENCODED..."}"#,
        )
        .with_header("X-Request-Id", "req-err-0401"),
        Reply::json(403, r#"{"error": {"code": "DMS.00403000", "message": "forbidden", "title": "x"}}"#),
        Reply::json(400, r#"{"error_code": "DMS.00400002"}"#),
    ])
    .await;
    let (b, _) = builder(&server);
    let client = b.build().unwrap();
    let mut got = Vec::new();
    for _ in 0..5 {
        let e = client
            .execute(&LIST_TASKS, list_input("i"))
            .await
            .unwrap_err();
        let s = e.as_service().unwrap().clone();
        got.push((
            s.status(),
            s.request_id().map(str::to_owned),
            s.error_code().to_owned(),
            s.error_msg().to_owned(),
            s.encoded_authorization_message().map(str::to_owned),
        ));
    }
    let some = |s: &str| Some(s.to_owned());
    assert_eq!(
        got,
        [
            (
                400,
                some("req-err-0400"),
                "DMS.00400001".into(),
                "bad".into(),
                None
            ),
            (
                404,
                some("req-err-0404"),
                "DMS.00404022".into(),
                "instance not found".into(),
                None
            ),
            (
                401,
                some("req-err-0401"),
                "APIGW.0301".into(),
                "verify aksk signature fail".into(),
                some("ENCODED...")
            ),
            (403, None, "DMS.00403000".into(), "forbidden".into(), None),
            (
                400,
                None,
                "400".into(),
                r#"{"error_code": "DMS.00400002"}"#.into(),
                None
            ),
        ]
    );
}

#[tokio::test]
async fn missing_project_id_is_an_invalid_request() {
    let server = TestServer::start(vec![Reply::json(200, "{}")]).await;
    let (b, _) = builder(&server);
    let client = b.credentials(Credentials::new(AK, SK)).build().unwrap();
    let e = client
        .execute(&LIST_TASKS, list_input("i"))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::InvalidRequest { .. }), "{e:?}");
    assert!(e.to_string().contains("project_id"), "{e}");
    // Given in the input, it is used (and no X-Project-Id is sent, as in the official SDK).
    let input = OperationInput {
        path: vec![("project_id", "p1".into()), ("instance_id", "i".into())],
        ..Default::default()
    };
    client.execute(&LIST_TASKS, input).await.unwrap();
    let r = &server.requests()[0];
    assert_eq!(r.path(), "/v2/p1/instances/i/tasks");
    assert_eq!(r.header("x-project-id"), None);
    independent_verify(r, SK).unwrap();
}

#[test]
fn debug_output_never_shows_secrets() {
    let creds = credentials().with_security_token("SECRET-TOKEN-VALUE");
    let b = Client::builder(&KAFKA)
        .endpoint("http://127.0.0.1:1")
        .credentials(creds.clone());
    let builder_debug = format!("{b:?}");
    let client = b.build().unwrap();
    for text in [
        format!("{creds:?}"),
        format!("{creds}"),
        builder_debug,
        format!("{client:?}"),
    ] {
        assert!(!text.contains(SK), "{text}");
        assert!(!text.contains("SECRET-TOKEN-VALUE"), "{text}");
        assert!(text.contains(AK), "the access key is not a secret: {text}");
    }
}

struct ListRequest {
    instance_id: String,
    limit: Option<i32>,
}

impl ApiRequest for ListRequest {
    type Response = Tasks;
    const OPERATION: &'static Operation = &LIST_TASKS;

    fn into_input(self) -> huaweicloud_core::Result<OperationInput> {
        if self.limit == Some(0) {
            return Err(Error::invalid_request("limit must be positive"));
        }
        let mut input = list_input(&self.instance_id);
        if let Some(l) = self.limit {
            input.query.push(("limit", l.to_string()));
        }
        Ok(input)
    }

    fn decode(response: huaweicloud_core::RawResponse) -> huaweicloud_core::Result<Tasks> {
        response.json()
    }
}

/// What a generated crate's client looks like.
#[derive(Clone, Debug)]
struct ServiceClient(Client);

impl From<Client> for ServiceClient {
    fn from(c: Client) -> Self {
        Self(c)
    }
}

fn assert_send<T: Send>(t: T) -> T {
    t
}

#[tokio::test]
async fn typed_requests_through_a_wrapping_client() {
    let server = TestServer::start(vec![Reply::json(200, OK_BODY)]).await;
    let client: ServiceClient = ClientBuilder::<ServiceClient>::new(&KAFKA)
        .endpoint(&server.base)
        .credentials(credentials())
        .build()
        .unwrap();
    let tasks = assert_send(client.0.send(ListRequest {
        instance_id: "i".into(),
        limit: Some(5),
    }))
    .await
    .unwrap();
    assert_eq!(tasks.task_count.as_deref(), Some("4"));
    assert_eq!(server.requests()[0].query(), "limit=5");
    let e = client
        .0
        .send(ListRequest {
            instance_id: "i".into(),
            limit: Some(0),
        })
        .await
        .unwrap_err();
    assert!(matches!(e, Error::InvalidRequest { .. }));
    assert_eq!(server.requests().len(), 1, "an invalid request is not sent");
    drop(assert_send(client.0.execute(&LIST_TASKS, list_input("i"))));
    assert_eq!(
        huaweicloud_core::wire::json_body(&serde_json::json!({"a": 1})).unwrap(),
        br#"{"a":1}"#
    );
}

/// Operations of a service that does not sign: a bearer token, an API key in the query, none.
struct BearerRequest;
struct QueryKeyRequest;
struct AnonymousRequest;

const PING: Operation = Operation {
    id: "Ping",
    method: http::Method::GET,
    path: "/v1/ping",
};

impl ApiRequest for BearerRequest {
    type Response = ();
    const OPERATION: &'static Operation = &PING;
    const AUTH: &'static dyn huaweicloud_core::auth::Authorize =
        &huaweicloud_core::auth::BearerToken;
    fn into_input(self) -> huaweicloud_core::Result<OperationInput> {
        Ok(OperationInput::default())
    }
    fn decode(_: huaweicloud_core::RawResponse) -> huaweicloud_core::Result<()> {
        Ok(())
    }
}

impl ApiRequest for QueryKeyRequest {
    type Response = ();
    const OPERATION: &'static Operation = &PING;
    const AUTH: &'static dyn huaweicloud_core::auth::Authorize =
        &huaweicloud_core::auth::ApiKey::query("api_key");
    fn into_input(self) -> huaweicloud_core::Result<OperationInput> {
        Ok(OperationInput {
            query: vec![("q", "a b".into())],
            ..OperationInput::default()
        })
    }
    fn decode(_: huaweicloud_core::RawResponse) -> huaweicloud_core::Result<()> {
        Ok(())
    }
}

impl ApiRequest for AnonymousRequest {
    type Response = ();
    const OPERATION: &'static Operation = &PING;
    const AUTH: &'static dyn huaweicloud_core::auth::Authorize = &huaweicloud_core::auth::Anonymous;
    fn into_input(self) -> huaweicloud_core::Result<OperationInput> {
        Ok(OperationInput::default())
    }
    fn decode(_: huaweicloud_core::RawResponse) -> huaweicloud_core::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn each_operation_is_authorized_as_its_spec_says_without_ak_sk_credentials() {
    let server = TestServer::start(vec![
        Reply::json(200, "{}"),
        Reply::json(200, "{}"),
        Reply::json(200, "{}"),
    ])
    .await;
    let client = Client::builder(&KAFKA)
        .endpoint(&server.base)
        .env_lookup(|_| None)
        .credentials_optional()
        .bearer_token("tok-123")
        .api_key("key-456")
        .build()
        .expect("no AK/SK needed");
    assert!(!format!("{client:?}").contains("tok-123"));
    client.send(BearerRequest).await.unwrap();
    client.send(QueryKeyRequest).await.unwrap();
    client.send(AnonymousRequest).await.unwrap();
    // A signed operation needs the credentials the client was not given: a clear error, nothing sent.
    let mut input = list_input("i");
    input.path.push(("project_id", "p".into()));
    let e = client.execute(&LIST_TASKS, input).await.unwrap_err();
    assert!(e.to_string().contains(".credentials("), "{e}");
    let reqs = server.requests();
    assert_eq!(reqs.len(), 3);
    assert_eq!(reqs[0].target, "/v1/ping");
    assert_eq!(reqs[0].header("authorization"), Some("Bearer tok-123"));
    assert_eq!(reqs[0].header("host"), Some(server.authority.as_str()));
    assert_eq!(reqs[0].header("x-sdk-date"), None);
    assert_eq!(reqs[1].target, "/v1/ping?api_key=key-456&q=a%20b");
    assert_eq!(reqs[1].header("authorization"), None);
    assert_eq!(reqs[2].target, "/v1/ping");
    assert_eq!(reqs[2].header("authorization"), None);
    // Without `credentials_optional`, a client still demands AK/SK credentials when it is built.
    assert!(
        Client::builder(&KAFKA)
            .endpoint(&server.base)
            .env_lookup(|_| None)
            .build()
            .is_err()
    );
}

#[tokio::test]
async fn a_body_goes_with_its_media_type() {
    let server = TestServer::start(vec![Reply::json(200, "{}"), Reply::json(200, "{}")]).await;
    let (b, _) = builder(&server);
    let client = b.build().unwrap();
    let input = OperationInput {
        body: Some(b"\x00\x01raw".to_vec()),
        content_type: Some("application/octet-stream"),
        ..OperationInput::default()
    };
    client
        .execute_with(&PING, &huaweicloud_core::auth::Anonymous, input)
        .await
        .unwrap();
    // Signed too: the signer marks a body that is not JSON as an unsigned payload, as the official SDK does.
    let input = OperationInput {
        body: Some(b"name".to_vec()),
        content_type: Some("text/plain"),
        ..OperationInput::default()
    };
    client.execute(&PING, input).await.unwrap();
    let reqs = server.requests();
    assert_eq!(
        reqs[0].header("content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(reqs[0].body, b"\x00\x01raw");
    assert_eq!(reqs[1].header("content-type"), Some("text/plain"));
    assert_eq!(
        reqs[1].header("x-sdk-content-sha256"),
        Some("UNSIGNED-PAYLOAD")
    );
    assert_eq!(reqs[1].body, b"name");
}

#[tokio::test]
async fn a_content_type_header_parameter_replaces_the_media_type() {
    let server = TestServer::start(vec![Reply::json(200, "{}")]).await;
    let (b, _) = builder(&server);
    let client = b.build().unwrap();
    let mut form = huaweicloud_core::format::Multipart::new();
    form.text("name", "x");
    let (body, content_type) = form.finish().unwrap();
    let input = OperationInput {
        body: Some(body.clone()),
        headers: vec![("Content-Type", content_type.clone())],
        ..OperationInput::default()
    };
    client.execute(&PING, input).await.unwrap();
    let reqs = server.requests();
    // Once, the boundary's; and the body is signed as what it is (not JSON: an unsigned payload).
    assert_eq!(reqs[0].header("content-type"), Some(content_type.as_str()));
    assert_eq!(
        reqs[0]
            .headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("content-type"))
            .count(),
        1
    );
    assert_eq!(
        reqs[0].header("x-sdk-content-sha256"),
        Some("UNSIGNED-PAYLOAD")
    );
    assert_eq!(reqs[0].body, body);
}
