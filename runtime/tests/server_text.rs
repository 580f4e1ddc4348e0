//! What a server says reaches a terminal only escaped and bounded: control characters in
//! `error_msg`/`error_code` cannot move the cursor or forge lines, a 50 MB message is not printed
//! (nor, over HTTP, even kept), and a body larger than the client reads is a typed error.

mod common;

use common::*;
use huaweicloud_core::error::printable;
use huaweicloud_core::{Client, Credentials, Error, OperationInput, ServiceError};

/// Text with every kind of character a terminal acts on.
const HOSTILE: &str = "denied\x1b[2J\x1b]0;pwned\x07\r\nerror: forged line\u{9b}31m\u{202e}gnp.exe";

/// No raw control character (C0, DEL, C1) nor bidi override in `text`.
fn assert_printable(text: &str) {
    let bad: Vec<char> = text
        .chars()
        .filter(|c| c.is_control() || ('\u{202a}'..='\u{202e}').contains(c))
        .collect();
    assert!(bad.is_empty(), "raw control characters {bad:?} in {text:?}");
}

/// An error body of `size` bytes whose `error_msg` starts with the hostile text; as JSON (the
/// control characters escaped as JSON allows) it decodes back to that text.
fn hostile_body(size: usize) -> Vec<u8> {
    let start = serde_json::to_string(&format!("{HOSTILE} ")).unwrap();
    let head = format!(
        r#"{{"error_code":"APIGW.\u001b[31m0301","error_msg":{}"#,
        &start[..start.len() - 1]
    );
    let mut body = head.into_bytes();
    body.resize(size - 2, b'x');
    body.extend_from_slice(b"\"}");
    body
}

#[test]
fn display_and_debug_of_a_50_mb_hostile_error_are_escaped_and_short() {
    let body = hostile_body(50_000_000);
    let e = ServiceError::from_response(500, &http::HeaderMap::new(), &body);
    // The accessors give the raw text.
    assert!(e.error_msg().starts_with(HOSTILE));
    assert!(e.error_msg().len() > 49_999_900);
    assert_eq!(e.error_code(), "APIGW.\x1b[31m0301");
    for shown in [
        e.to_string(),
        format!("{e:?}"),
        Error::Service(e.clone()).to_string(),
        format!("{:?}", Error::Service(e.clone())),
    ] {
        assert_printable(&shown);
        assert!(shown.len() < 2_000, "{} bytes", shown.len());
        assert!(
            shown.contains(
                r"denied\u{1b}[2J\u{1b}]0;pwned\u{7}\r\nerror: forged line\u{9b}31m\u{202e}gnp.exe"
            ),
            "{shown}"
        );
        assert!(shown.contains(r"APIGW.\u{1b}[31m0301"), "{shown}");
        // 512 characters of the message are shown; the rest is counted.
        assert!(shown.contains("… (50.0 MB more)"), "{shown}");
    }
}

#[test]
fn a_non_json_body_with_control_characters_is_shown_escaped() {
    let e = ServiceError::from_response(502, &http::HeaderMap::new(), HOSTILE.as_bytes());
    assert_eq!(e.error_msg(), HOSTILE);
    assert_printable(&e.to_string());
    assert_eq!(
        printable(e.error_msg(), 512),
        r"denied\u{1b}[2J\u{1b}]0;pwned\u{7}\r\nerror: forged line\u{9b}31m\u{202e}gnp.exe"
    );
}

#[test]
fn a_decode_error_quoting_hostile_text_is_escaped_and_short() {
    // A string where a number belongs: serde's message quotes the whole string.
    let value = format!("{HOSTILE}{}", "y".repeat(1_000_000));
    let body = serde_json::to_vec(&serde_json::json!({ "count": value })).unwrap();
    let e = huaweicloud_core::RawResponse::new(200, http::HeaderMap::new(), body)
        .json::<Count>()
        .unwrap_err();
    let Error::Decode { message, .. } = &e else {
        panic!("expected a decode error, got {e:?}");
    };
    assert!(message.len() < 2_000, "kept short: {} bytes", message.len());
    for shown in [e.to_string(), format!("{e:?}")] {
        assert_printable(&shown);
        assert!(shown.len() < 3_000, "{} bytes", shown.len());
    }
}

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
struct Count {
    count: i64,
}

fn client(server: &TestServer) -> huaweicloud_core::ClientBuilder {
    Client::builder(&KAFKA)
        .endpoint(&server.base)
        .credentials(Credentials::new(AK, SK).with_project_id(PROJECT_ID))
        .env_lookup(|_| None)
}

fn input() -> OperationInput {
    OperationInput {
        path: vec![("instance_id", "inst".to_owned())],
        ..OperationInput::default()
    }
}

#[tokio::test]
async fn over_http_an_error_body_is_kept_up_to_64_kib_only() {
    let body = hostile_body(50_000_000);
    let server = TestServer::start(vec![Reply::Respond {
        status: 500,
        headers: vec![("X-Request-Id".into(), "rid-1".into())],
        body,
    }])
    .await;
    let e = client(&server)
        .build()
        .unwrap()
        .execute(&LIST_TASKS, input())
        .await
        .unwrap_err();
    let s = e.as_service().expect("a service error");
    assert_eq!((s.status(), s.request_id()), (500, Some("rid-1")));
    assert!(s.is_body_cut());
    // The kept start is not valid JSON: the fallbacks apply, on 64 KiB at most.
    assert_eq!(s.error_code(), "500");
    assert_eq!(
        s.error_msg().len(),
        huaweicloud_core::client::MAX_ERROR_BODY
    );
    let shown = e.to_string();
    assert_printable(&shown);
    assert!(shown.len() < 2_000, "{} bytes", shown.len());
    assert!(shown.contains("the error body was cut"), "{shown}");
    assert_printable(&format!("{e:?}"));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_success_body_over_the_limit_is_a_typed_error_and_not_retried() {
    let body = format!(r#"{{"tasks":[],"pad":"{}"}}"#, "x".repeat(2_000));
    let server = TestServer::start(vec![
        Reply::json(200, &body).with_header("X-Request-Id", "rid-big"),
    ])
    .await;
    let e = client(&server)
        .max_response_body(1_000)
        .build()
        .unwrap()
        .execute(&LIST_TASKS, input())
        .await
        .unwrap_err();
    assert!(
        matches!(
            &e,
            Error::ResponseTooLarge {
                status: 200,
                limit: 1_000,
                request_id: Some(r),
            } if r == "rid-big"
        ),
        "{e:?}"
    );
    assert!(!e.is_retryable());
    assert_eq!((e.status(), e.request_id()), (Some(200), Some("rid-big")));
    assert_eq!(server.requests().len(), 1, "not retried");
    // Within the limit, the same body is read.
    let ok = client(&server)
        .max_response_body(body.len())
        .build()
        .unwrap()
        .execute(&LIST_TASKS, input())
        .await
        .unwrap();
    assert_eq!(ok.body().len(), body.len());
}
