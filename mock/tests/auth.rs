//! Authentication: the emulator checks `SDK-HMAC-SHA256` like the gateway. A correctly signed
//! request passes; every failure mode and every tampered signed component is a 401 `APIGW.0301`;
//! a wrong project is a 403 `APIGW.0302`; `--lenient-auth` only relaxes the signature (an
//! `Authorization` header is still required).

mod common;

use common::*;
use huaweicloud_core::Credentials;
use huaweicloud_mock::{Clock, MockServer};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/test.yaml");

fn t0() -> jiff::Timestamp {
    "2024-05-06T07:08:09Z".parse().expect("time")
}

async fn server_at(now: jiff::Timestamp) -> MockServer {
    MockServer::builder()
        .spec(FIXTURE)
        .credentials(AK, SK, PROJECT)
        .clock(Clock::fixed(now))
        .start()
        .await
        .expect("start")
}

fn topic_path() -> String {
    format!("/v2/{PROJECT}/instances/i-1/topics")
}

const BODY: &[u8] = br#"{"id":"topic-1","partition":3}"#;

fn signed_post(server: &MockServer) -> Wire {
    sign(
        server.addr(),
        &creds(),
        "POST",
        &topic_path(),
        &[("x", "1")],
        BODY,
        t0(),
    )
}

fn signed_get(server: &MockServer, query: &[(&str, &str)]) -> Wire {
    let path = format!("/v2/{PROJECT}/products");
    sign(server.addr(), &creds(), "GET", &path, query, b"", t0())
}

#[tokio::test]
async fn correctly_signed_requests_pass() {
    let server = server_at(t0()).await;
    let a = send(server.addr(), &signed_post(&server)).await.answer();
    assert_eq!(a.status, 200, "{}", String::from_utf8_lossy(&a.body));
    assert_eq!(a.json(), serde_json::json!({"name": "topic-1"}));
    let a = send(
        server.addr(),
        &signed_get(&server, &[("engine", "kafka"), ("limit", "1")]),
    )
    .await
    .answer();
    assert_eq!(a.status, 200, "{}", String::from_utf8_lossy(&a.body));
    // Headers that are not signed may change (proxies add them).
    let mut w = signed_post(&server);
    w.headers.push(("Accept".into(), "*/*".into()));
    w.headers
        .push(("X_Custom_Underscore".into(), "not signed".into()));
    assert_eq!(send(server.addr(), &w).await.answer().status, 200);
}

#[tokio::test]
async fn every_signature_failure_is_401() {
    let server = server_at(t0()).await;
    let addr = server.addr();
    let mut cases: Vec<(&str, Wire)> = Vec::new();

    let mut w = signed_post(&server);
    w.remove_header("authorization");
    cases.push(("no Authorization", w));

    let unknown = Credentials::new("UNKNOWNAK", SK).with_project_id(PROJECT);
    cases.push((
        "unknown AK",
        sign(addr, &unknown, "POST", &topic_path(), &[], BODY, t0()),
    ));

    let wrong_sk = Credentials::new(AK, "not-the-secret").with_project_id(PROJECT);
    cases.push((
        "wrong SK",
        sign(addr, &wrong_sk, "POST", &topic_path(), &[], BODY, t0()),
    ));

    let mut w = signed_post(&server);
    let auth = w
        .header("authorization")
        .unwrap_or_default()
        .replace("SDK-HMAC-SHA256", "SDK-HMAC-SM3");
    w.set_header("Authorization", &auth);
    cases.push(("other algorithm", w));

    let mut w = signed_post(&server);
    w.set_header("Authorization", "SDK-HMAC-SHA256 garbage");
    cases.push(("malformed Authorization", w));

    let mut w = signed_post(&server);
    let auth = w.header("authorization").unwrap_or_default().to_owned();
    let flipped = if auth.ends_with('0') {
        format!("{}1", &auth[..auth.len() - 1])
    } else {
        format!("{}0", &auth[..auth.len() - 1])
    };
    w.set_header("Authorization", &flipped);
    cases.push(("signature off by one digit", w));

    // Tampering with each signed component.
    let mut w = signed_post(&server);
    w.target = w.target.replace("i-1", "i-2");
    cases.push(("path", w));

    let mut w = signed_post(&server);
    w.target = w.target.replace("x=1", "x=2");
    cases.push(("query value", w));

    let mut w = signed_post(&server);
    w.target.push_str("&y=1");
    cases.push(("query parameter added", w));

    let mut w = signed_post(&server);
    w.target = w.target.replace("?x=1", "");
    cases.push(("query parameter removed", w));

    let mut w = signed_post(&server);
    w.method = "PUT".into();
    cases.push((
        "method (PUT is not routed, but auth is not reached either)",
        w,
    ));

    let mut w = signed_post(&server);
    w.body = br#"{"id":"topic-2","partition":3}"#.to_vec();
    cases.push(("body", w));

    let mut w = signed_post(&server);
    w.body = Vec::new();
    cases.push(("body removed", w));

    let mut w = signed_post(&server);
    w.set_header("User-Agent", "someone-else/1.0");
    cases.push(("signed header User-Agent", w));

    let mut w = signed_post(&server);
    w.set_header("Content-Type", "application/json;charset=UTF-8");
    cases.push(("signed header Content-Type", w));

    let mut w = signed_post(&server);
    w.set_header("Host", "example.com");
    cases.push(("signed header Host", w));

    let mut w = signed_post(&server);
    w.set_header("X-Sdk-Date", "20240506T070810Z");
    cases.push(("signed header X-Sdk-Date (one second later)", w));

    let mut w = signed_post(&server);
    w.remove_header("User-Agent");
    cases.push(("signed header removed", w));

    let mut w = signed_post(&server);
    w.remove_header("X-Sdk-Date");
    cases.push(("X-Sdk-Date missing", w));

    let mut w = signed_post(&server);
    w.set_header("X-Sdk-Date", "2024-05-06T07:08:09Z");
    cases.push(("X-Sdk-Date in another format", w));

    let mut w = signed_post(&server);
    w.headers
        .push(("X-Sdk-Content-Sha256".into(), "UNSIGNED-PAYLOAD".into()));
    cases.push(("unsigned X-Sdk-Content-Sha256", w));

    for (what, wire) in cases {
        let a = send(addr, &wire).await.answer();
        if what.starts_with("method") {
            a.assert_error(405, "APIGW.0101");
            continue;
        }
        assert_eq!(
            a.status,
            401,
            "{what}: {}",
            String::from_utf8_lossy(&a.body)
        );
        a.assert_error(401, "APIGW.0301");
        assert!(
            a.error_msg()
                .starts_with("Incorrect IAM authentication information"),
            "{what}"
        );
    }
    assert!(server.requests().iter().all(|r| r.status != Some(200)));
}

#[tokio::test]
async fn messages_say_what_is_wrong() {
    let server = server_at(t0()).await;
    let addr = server.addr();
    let unknown = Credentials::new("UNKNOWNAK", SK).with_project_id(PROJECT);
    let a = send(
        addr,
        &sign(addr, &unknown, "POST", &topic_path(), &[], BODY, t0()),
    )
    .await
    .answer();
    assert!(a.error_msg().contains("ak not exist"), "{}", a.error_msg());
    let wrong = Credentials::new(AK, "nope").with_project_id(PROJECT);
    let a = send(
        addr,
        &sign(addr, &wrong, "POST", &topic_path(), &[], BODY, t0()),
    )
    .await
    .answer();
    assert!(
        a.error_msg().contains("verify aksk signature fail"),
        "{}",
        a.error_msg()
    );
    assert!(!String::from_utf8_lossy(&a.body).contains("nope"));
    assert!(!String::from_utf8_lossy(&a.body).contains(SK));
    let mut w = signed_post(&server);
    w.remove_header("X-Sdk-Date");
    let a = send(addr, &w).await.answer();
    assert!(a.error_msg().contains("X-Sdk-Date"), "{}", a.error_msg());
}

/// The gateway compares the signature's lower-case hex text (OFFICIAL_SDK.md §1 h: every official
/// signer writes lower-case), so an upper-case signature is refused; a duplicated or malformed
/// `Authorization` header is named as such, not as "not found" or "unsupported algorithm".
#[tokio::test]
async fn authorization_header_problems_are_named() {
    let server = server_at(t0()).await;
    let addr = server.addr();
    let good = signed_post(&server);
    assert_eq!(send(addr, &good).await.answer().status, 200);
    let auth = good.header("authorization").unwrap_or_default().to_owned();
    let (head, signature) = auth.split_once("Signature=").expect("a signature");
    assert_eq!(signature.len(), 64, "{auth}");
    assert!(signature.bytes().any(|b| b.is_ascii_lowercase()), "{auth}");

    let cases: Vec<(&str, Vec<String>, &str)> = vec![
        (
            "upper-case signature",
            vec![format!(
                "{head}Signature={}",
                signature.to_ascii_uppercase()
            )],
            "upper-case hex",
        ),
        (
            "two Authorization headers",
            vec![auth.clone(), auth.clone()],
            "more than one Authorization header",
        ),
        (
            "bare algorithm",
            vec!["SDK-HMAC-SHA256".to_owned()],
            "nothing after SDK-HMAC-SHA256",
        ),
        (
            "no Access",
            vec![auth.replacen("Access=", "Acces=", 1)],
            "unknown part",
        ),
        (
            "Access dropped",
            vec![format!(
                "SDK-HMAC-SHA256 {}",
                auth.split_once(", ").expect("parts").1
            )],
            "Access= is missing",
        ),
        (
            "no Signature",
            vec![head.trim_end_matches([',', ' ']).to_owned()],
            "Signature= is missing",
        ),
        (
            "junk",
            vec!["SDK-HMAC-SHA256 garbage".to_owned()],
            "not `Key=value`",
        ),
    ];
    for (what, values, expected) in cases {
        let mut w = good.clone();
        w.remove_header("Authorization");
        for v in values {
            w.headers.push(("Authorization".to_owned(), v));
        }
        let a = send(addr, &w).await.answer();
        a.assert_error(401, "APIGW.0301");
        let msg = a.error_msg();
        assert!(msg.contains(expected), "{what}: {msg}");
        assert!(!msg.contains("not found"), "{what}: {msg}");
        assert!(!msg.contains("unsupported"), "{what}: {msg}");
    }
}

#[tokio::test]
async fn signing_time_must_be_within_15_minutes() {
    for (offset_secs, ok) in [
        (0, true),
        (14 * 60, true),
        (-14 * 60, true),
        (15 * 60, true),
        (15 * 60 + 1, false),
        (-(15 * 60 + 1), false),
        (16 * 60, false),
        (-16 * 60, false),
        (24 * 3600, false),
    ] {
        let server_now = t0()
            .checked_add(jiff::SignedDuration::from_secs(offset_secs))
            .expect("time");
        let server = server_at(server_now).await;
        let a = send(server.addr(), &signed_post(&server)).await.answer();
        if ok {
            assert_eq!(
                a.status,
                200,
                "offset {offset_secs}: {}",
                String::from_utf8_lossy(&a.body)
            );
        } else {
            a.assert_error(401, "APIGW.0301");
            assert!(a.error_msg().contains("X-Sdk-Date"), "{}", a.error_msg());
        }
    }
}

#[tokio::test]
async fn system_clock_is_the_default() {
    let server = MockServer::builder()
        .spec(FIXTURE)
        .credentials(AK, SK, PROJECT)
        .start()
        .await
        .expect("start");
    let now = jiff::Timestamp::now();
    let w = sign(
        server.addr(),
        &creds(),
        "POST",
        &topic_path(),
        &[],
        BODY,
        now,
    );
    assert_eq!(send(server.addr(), &w).await.answer().status, 200);
    let old = now
        .checked_sub(jiff::SignedDuration::from_secs(20 * 60))
        .expect("time");
    let w = sign(
        server.addr(),
        &creds(),
        "POST",
        &topic_path(),
        &[],
        BODY,
        old,
    );
    send(server.addr(), &w)
        .await
        .answer()
        .assert_error(401, "APIGW.0301");
}

#[tokio::test]
async fn project_must_match() {
    let server = server_at(t0()).await;
    let addr = server.addr();
    // Right signature, path with another project.
    let other_path = "/v2/other-project/instances/i-1/topics";
    let a = send(
        addr,
        &sign(addr, &creds(), "POST", other_path, &[], BODY, t0()),
    )
    .await
    .answer();
    a.assert_error(403, "APIGW.0302");
    assert!(a.error_msg().contains("project_id"), "{}", a.error_msg());
    // Credentials that send another X-Project-Id (signed).
    let other = Credentials::new(AK, SK).with_project_id("other-project");
    let a = send(
        addr,
        &sign(addr, &other, "POST", other_path, &[], BODY, t0()),
    )
    .await
    .answer();
    a.assert_error(403, "APIGW.0302");
    assert!(a.error_msg().contains("X-Project-Id"), "{}", a.error_msg());
    // No X-Project-Id at all: the path still has to name the configured project.
    let bare = Credentials::new(AK, SK);
    let a = send(
        addr,
        &sign(addr, &bare, "POST", &topic_path(), &[], BODY, t0()),
    )
    .await
    .answer();
    assert_eq!(a.status, 200);
    let a = send(
        addr,
        &sign(addr, &bare, "POST", other_path, &[], BODY, t0()),
    )
    .await
    .answer();
    a.assert_error(403, "APIGW.0302");
}

#[tokio::test]
async fn credentials_without_a_project_check_against_x_project_id() {
    let server = MockServer::builder()
        .spec(FIXTURE)
        .credentials_any_project(AK, SK)
        .clock(Clock::fixed(t0()))
        .start()
        .await
        .expect("start");
    let addr = server.addr();
    let a = send(
        addr,
        &sign(addr, &creds(), "POST", &topic_path(), &[], BODY, t0()),
    )
    .await
    .answer();
    assert_eq!(a.status, 200);
    let a = send(
        addr,
        &sign(
            addr,
            &creds(),
            "POST",
            "/v2/zzz/instances/i/topics",
            &[],
            BODY,
            t0(),
        ),
    )
    .await
    .answer();
    a.assert_error(403, "APIGW.0302");
    let bare = Credentials::new(AK, SK);
    let a = send(
        addr,
        &sign(
            addr,
            &bare,
            "POST",
            "/v2/zzz/instances/i/topics",
            &[],
            BODY,
            t0(),
        ),
    )
    .await
    .answer();
    assert_eq!(a.status, 200);
}

#[tokio::test]
async fn several_key_pairs() {
    let server = MockServer::builder()
        .spec(FIXTURE)
        .credentials(AK, SK, PROJECT)
        .credentials("AK2", "SK2", "project-2")
        .clock(Clock::fixed(t0()))
        .start()
        .await
        .expect("start");
    let addr = server.addr();
    let second = Credentials::new("AK2", "SK2").with_project_id("project-2");
    let a = send(
        addr,
        &sign(
            addr,
            &second,
            "POST",
            "/v2/project-2/instances/i/topics",
            &[],
            BODY,
            t0(),
        ),
    )
    .await
    .answer();
    assert_eq!(a.status, 200);
    let a = send(
        addr,
        &sign(addr, &second, "POST", &topic_path(), &[], BODY, t0()),
    )
    .await
    .answer();
    a.assert_error(403, "APIGW.0302");
}

#[tokio::test]
async fn lenient_auth_skips_the_signature_only() {
    let server = MockServer::builder()
        .spec(FIXTURE)
        .credentials(AK, SK, PROJECT)
        .lenient_auth(true)
        .clock(Clock::fixed(t0()))
        .start()
        .await
        .expect("start");
    let addr = server.addr();
    let a = send(
        addr,
        &fake_signed(addr, "POST", "/v2/any-project/instances/i/topics", BODY),
    )
    .await
    .answer();
    assert_eq!(a.status, 200, "{}", String::from_utf8_lossy(&a.body));
    // The header the spec declares must still be there.
    let a = send(
        addr,
        &unsigned(addr, "POST", "/v2/any-project/instances/i/topics", BODY),
    )
    .await
    .answer();
    a.assert_error(401, "APIGW.0301");
    let wrong = Credentials::new(AK, "wrong").with_project_id(PROJECT);
    let a = send(
        addr,
        &sign(addr, &wrong, "POST", &topic_path(), &[], BODY, t0()),
    )
    .await
    .answer();
    assert_eq!(a.status, 200);
    // Routing and validation are unchanged.
    send(addr, &fake_signed(addr, "GET", "/nope", b""))
        .await
        .answer()
        .assert_error(404, "APIGW.0101");
    send(
        addr,
        &fake_signed(addr, "POST", "/v2/p/instances/i/topics", b"{}"),
    )
    .await
    .answer()
    .assert_error(400, "DMS.00400001");
    // A valid signature still gets the project check.
    let a = send(
        addr,
        &sign(
            addr,
            &creds(),
            "POST",
            "/v2/other/instances/i/topics",
            &[],
            BODY,
            t0(),
        ),
    )
    .await
    .answer();
    a.assert_error(403, "APIGW.0302");
}
