//! Connection limits and malformed requests, with raw TCP clients: idle, stalled-in-head and
//! stalled-in-body connections are closed (or answered 408) after their timeouts; past the
//! connection limit, new connections wait and are served once stalled ones time out; every
//! malformed request gets the gateway's JSON error with an `X-Request-Id`.
//!
//! The timeouts are set short on the builder so that no test waits more than about 2 s.

mod common;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use common::*;
use huaweicloud_mock::MockServer;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/test.yaml");

/// Short limits: idle 400 ms, head 300 ms, body 300 ms.
fn builder() -> huaweicloud_mock::MockServerBuilder {
    MockServer::builder()
        .spec(FIXTURE)
        .credentials(AK, SK, PROJECT)
        .idle_timeout(Duration::from_millis(400))
        .header_timeout(Duration::from_millis(300))
        .body_timeout(Duration::from_millis(300))
}

fn products_path() -> String {
    format!("/v2/{PROJECT}/products")
}

/// Everything the server sends until it closes the connection (or `limit` passes: `None`).
async fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut chunk = [0u8; 4096];
    tokio::time::timeout(limit, async {
        loop {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => out.extend_from_slice(&chunk[..n]),
            }
        }
    })
    .await
    .ok()?;
    Some(out)
}

/// The status, headers and body of one answer in `bytes`.
fn parse_answer(bytes: &[u8]) -> Answer {
    let text = String::from_utf8_lossy(bytes);
    let (head, body) = text
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("no answer head in {text:?}"));
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {text:?}"));
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    Answer {
        status,
        headers,
        body: body.as_bytes().to_vec(),
        truncated: false,
    }
}

/// Writes raw bytes on a new connection and returns everything sent back until the close.
async fn exchange(addr: SocketAddr, bytes: &[u8]) -> Vec<u8> {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream.write_all(bytes).await.expect("write");
    read_until_closed(&mut stream, Duration::from_secs(5))
        .await
        .expect("the connection is closed after the answer")
}

/// A correctly signed request, as bytes, with `Connection: close`.
fn signed_bytes(addr: SocketAddr) -> Vec<u8> {
    let w = sign_now(addr, "GET", &products_path(), &[("engine", "kafka")], b"");
    let mut out = format!("{} {} HTTP/1.1\r\n", w.method, w.target).into_bytes();
    for (n, v) in &w.headers {
        out.extend_from_slice(format!("{n}: {v}\r\n").as_bytes());
    }
    out.extend_from_slice(b"Connection: close\r\n\r\n");
    out
}

#[tokio::test]
async fn an_idle_connection_is_closed_after_the_idle_timeout() {
    let server = builder().start().await.expect("start");
    let mut stream = TcpStream::connect(server.addr()).await.expect("connect");
    let started = Instant::now();
    let got = read_until_closed(&mut stream, Duration::from_secs(2))
        .await
        .expect("closed within 2 s (the old emulator kept it open forever)");
    let waited = started.elapsed();
    assert!(got.is_empty(), "nothing is answered: {got:?}");
    assert!(
        waited >= Duration::from_millis(350),
        "closed after the idle timeout, not at once: {waited:?}"
    );

    // The same after an answer on a kept-alive connection: the idle time starts at the answer.
    let mut stream = TcpStream::connect(server.addr()).await.expect("connect");
    let w = sign_now(
        server.addr(),
        "GET",
        &products_path(),
        &[("engine", "kafka")],
        b"",
    );
    let mut out = format!("{} {} HTTP/1.1\r\n", w.method, w.target).into_bytes();
    for (n, v) in &w.headers {
        out.extend_from_slice(format!("{n}: {v}\r\n").as_bytes());
    }
    out.extend_from_slice(b"\r\n");
    stream.write_all(&out).await.expect("write");
    let got = read_until_closed(&mut stream, Duration::from_secs(2))
        .await
        .expect("closed within 2 s");
    assert_eq!(parse_answer(&got).status, 200);
}

#[tokio::test]
async fn a_head_stalled_halfway_is_answered_408_and_closed() {
    let server = builder().start().await.expect("start");
    let mut stream = TcpStream::connect(server.addr()).await.expect("connect");
    stream
        .write_all(b"GET /v2/p/instances/i/tasks HTTP/1.1\r\nHost: x\r\nUser-Ag")
        .await
        .expect("write");
    let started = Instant::now();
    let got = read_until_closed(&mut stream, Duration::from_secs(2))
        .await
        .expect("closed within 2 s (the old emulator kept it open forever)");
    assert!(started.elapsed() >= Duration::from_millis(250));
    let a = parse_answer(&got);
    a.assert_error(408, "APIGW.0201");
    assert!(a.error_msg().contains("request head"), "{}", a.error_msg());
    assert_eq!(a.header("connection"), Some("close"));
}

#[tokio::test]
async fn a_body_stalled_halfway_is_answered_408_and_closed() {
    let server = builder().start().await.expect("start");
    let addr = server.addr();
    let path = format!("/v2/{PROJECT}/instances/i-1/topics");
    let w = sign_now(addr, "POST", &path, &[], &[b'x'; 100]);
    let mut out = format!("{} {} HTTP/1.1\r\n", w.method, w.target).into_bytes();
    for (n, v) in &w.headers {
        out.extend_from_slice(format!("{n}: {v}\r\n").as_bytes());
    }
    out.extend_from_slice(b"Content-Length: 100\r\n\r\n");
    out.extend_from_slice(&[b'x'; 10]);
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream.write_all(&out).await.expect("write");
    let got = read_until_closed(&mut stream, Duration::from_secs(2))
        .await
        .expect("closed within 2 s (the old emulator kept it open forever)");
    let a = parse_answer(&got);
    a.assert_error(408, "APIGW.0201");
    assert!(a.error_msg().contains("body"), "{}", a.error_msg());
    let logged = server.requests();
    assert_eq!(logged.last().and_then(|r| r.status), Some(408));
}

#[tokio::test]
async fn past_the_connection_limit_new_connections_wait_for_a_free_slot() {
    const LIMIT: usize = 3;
    let server = builder()
        .max_connections(LIMIT)
        .start()
        .await
        .expect("start");
    let addr = server.addr();
    // More stalled connections than the limit: idle ones, and ones stuck in a head.
    let mut stalled = Vec::new();
    for i in 0..LIMIT + 2 {
        let mut s = TcpStream::connect(addr).await.expect("connect");
        if i % 2 == 1 {
            s.write_all(b"GET / HTTP/1.1\r\nHo").await.expect("write");
        }
        stalled.push(s);
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    // A normal request waits in the listen queue, then is served once stalled connections time
    // out (idle 400 ms, head 300 ms; the two past the limit then time out in turn).
    let started = Instant::now();
    let got = exchange(addr, &signed_bytes(addr)).await;
    let waited = started.elapsed();
    let a = parse_answer(&got);
    assert_eq!(a.status, 200, "{}", String::from_utf8_lossy(&a.body));
    assert!(
        waited >= Duration::from_millis(200),
        "it waited for a slot: {waited:?}"
    );
    assert!(waited < Duration::from_secs(2), "{waited:?}");
    // Without stalled connections it is served at once.
    drop(stalled);
    let started = Instant::now();
    let a = parse_answer(&exchange(addr, &signed_bytes(addr)).await);
    assert_eq!(a.status, 200);
    assert!(started.elapsed() < Duration::from_millis(300));
}

#[tokio::test]
async fn held_slots_are_the_limit_not_the_descriptors() {
    // Many more idle connections than the limit do not stop the emulator: it holds `LIMIT` of
    // them and leaves the rest in the listen queue, and serves a request once they time out.
    const LIMIT: usize = 4;
    let server = builder()
        .max_connections(LIMIT)
        .idle_timeout(Duration::from_millis(200))
        .start()
        .await
        .expect("start");
    let addr = server.addr();
    let mut idle = Vec::new();
    for _ in 0..40 {
        idle.push(TcpStream::connect(addr).await.expect("connect"));
    }
    let a = parse_answer(&exchange(addr, &signed_bytes(addr)).await);
    assert_eq!(a.status, 200);
}

#[tokio::test]
async fn malformed_requests_get_json_errors_with_a_request_id() {
    let server = builder().max_head_bytes(4096).start().await.expect("start");
    let addr = server.addr();
    let huge = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "a".repeat(5000)
    );
    let many: String = (0..120).map(|i| format!("X-H{i}: v\r\n")).collect();
    let many = format!("GET / HTTP/1.1\r\n{many}\r\n");
    let cases: Vec<(&str, Vec<u8>, u16)> =
        vec![
        (
            "NUL in the path",
            b"GET /v2/a\0b HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
            400,
        ),
        (
            "bad UTF-8 in the path",
            b"GET /v2/\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
            400,
        ),
        (
            "raw UTF-8 in the path",
            "GET /v2/café HTTP/1.1\r\nHost: x\r\n\r\n".as_bytes().to_vec(),
            400,
        ),
        (
            "Content-Length not a number",
            b"POST /v2/x HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n".to_vec(),
            400,
        ),
        (
            "Content-Length past what hyper can count",
            b"POST /v2/x HTTP/1.1\r\nHost: x\r\nContent-Length: 18446744073709551615\r\n\r\n"
                .to_vec(),
            400,
        ),
        (
            "two Content-Lengths",
            b"POST /v2/x HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"
                .to_vec(),
            400,
        ),
        (
            "Transfer-Encoding not chunked",
            b"POST /v2/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n".to_vec(),
            400,
        ),
        (
            "control character in a header value",
            b"GET / HTTP/1.1\r\nHost: x\r\nX-A: a\x01b\r\n\r\n".to_vec(),
            400,
        ),
        ("oversized head", huge.into_bytes(), 431),
        ("too many headers", many.into_bytes(), 431),
        (
            "head cut by a half-close",
            b"GET / HTTP/1.1\r\nHost: x\r\nX-A".to_vec(),
            400,
        ),
    ];
    for (what, bytes, status) in cases {
        let mut stream = TcpStream::connect(addr).await.expect("connect");
        stream.write_all(&bytes).await.expect("write");
        if what.contains("half-close") {
            stream.shutdown().await.expect("half-close");
        }
        let got = read_until_closed(&mut stream, Duration::from_secs(5))
            .await
            .unwrap_or_else(|| panic!("{what}: not closed"));
        let a = parse_answer(&got);
        assert_eq!(
            a.status,
            status,
            "{what}: {}",
            String::from_utf8_lossy(&got)
        );
        a.assert_error(status, "APIGW.0201");
        assert_eq!(
            a.header("content-type"),
            Some("application/json;charset=UTF-8"),
            "{what}"
        );
        assert_eq!(a.header("connection"), Some("close"), "{what}");
    }
    // Each was logged, with a printable method and target.
    let log = server.requests();
    assert!(
        log.iter()
            .any(|r| r.path == "/v2/a\\u{0}b" && r.status == Some(400))
    );
    assert!(log.iter().any(|r| r.status == Some(431)));
}

#[tokio::test]
async fn a_malformed_request_pipelined_after_a_good_one_is_answered_in_order() {
    let server = builder().start().await.expect("start");
    let addr = server.addr();
    let w = sign_now(addr, "GET", &products_path(), &[("engine", "kafka")], b"");
    let mut out = format!("{} {} HTTP/1.1\r\n", w.method, w.target).into_bytes();
    for (n, v) in &w.headers {
        out.extend_from_slice(format!("{n}: {v}\r\n").as_bytes());
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(b"GET /a\0 HTTP/1.1\r\nHost: x\r\n\r\n");
    let got = exchange(addr, &out).await;
    let text = String::from_utf8_lossy(&got);
    let second = text.rfind("HTTP/1.1 ").expect("two answers");
    assert!(text.starts_with("HTTP/1.1 200 "), "{text}");
    parse_answer(&got[second..]).assert_error(400, "APIGW.0201");
}

#[tokio::test]
async fn a_kept_alive_connection_serves_several_requests_with_bodies() {
    // The gate follows Content-Length across requests: bodies of several sizes, then a request
    // whose head arrives in pieces, all on one connection.
    let server = builder().start().await.expect("start");
    let addr = server.addr();
    let path = format!("/v2/{PROJECT}/instances/i-1/topics");
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let mut all = Vec::new();
    for body in [
        &br#"{"id":"a","partition":1}"#[..],
        br#"{"id":"topic-with-a-longer-name","partition":12}"#,
    ] {
        let w = sign_now(addr, "POST", &path, &[], body);
        all.extend_from_slice(format!("{} {} HTTP/1.1\r\n", w.method, w.target).as_bytes());
        for (n, v) in &w.headers {
            all.extend_from_slice(format!("{n}: {v}\r\n").as_bytes());
        }
        all.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
        all.extend_from_slice(body);
    }
    all.extend_from_slice(&signed_bytes(addr));
    for piece in all.chunks(37) {
        stream.write_all(piece).await.expect("write");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let got = read_until_closed(&mut stream, Duration::from_secs(5))
        .await
        .expect("closed after the last request");
    let text = String::from_utf8_lossy(&got);
    assert_eq!(text.matches("HTTP/1.1 200 ").count(), 3, "{text}");
}

/// A signed POST of `body`, sent chunked in pieces of `piece` bytes (with an extension and a
/// trailer, as RFC 9112 §7.1 allows).
fn chunked_post(addr: SocketAddr, body: &[u8], piece: usize) -> Vec<u8> {
    let path = format!("/v2/{PROJECT}/instances/i-1/topics");
    let w = sign_now(addr, "POST", &path, &[], body);
    let mut out = format!("{} {} HTTP/1.1\r\n", w.method, w.target).into_bytes();
    for (n, v) in &w.headers {
        out.extend_from_slice(format!("{n}: {v}\r\n").as_bytes());
    }
    out.extend_from_slice(b"Transfer-Encoding: chunked\r\n\r\n");
    for chunk in body.chunks(piece) {
        out.extend_from_slice(format!("{:x};x=1\r\n", chunk.len()).as_bytes());
        out.extend_from_slice(chunk);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"0\r\nX-Trailer: t\r\n\r\n");
    out
}

#[tokio::test]
async fn after_a_chunked_request_heads_are_still_checked() {
    let server = builder().start().await.expect("start");
    let addr = server.addr();
    let body = br#"{"id":"chunked-topic","partition":2}"#;
    // A chunked request, a good request, then a malformed one, all on one connection.
    let mut out = chunked_post(addr, body, 7);
    let w = sign_now(addr, "GET", &products_path(), &[("engine", "kafka")], b"");
    out.extend_from_slice(format!("{} {} HTTP/1.1\r\n", w.method, w.target).as_bytes());
    for (n, v) in &w.headers {
        out.extend_from_slice(format!("{n}: {v}\r\n").as_bytes());
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(b"GET /a HTTP/1.1\r\nContent-Length: -1\r\n\r\n");
    let got = exchange(addr, &out).await;
    let text = String::from_utf8_lossy(&got);
    let starts: Vec<usize> = text.match_indices("HTTP/1.1 ").map(|(i, _)| i).collect();
    assert_eq!(starts.len(), 3, "{text}");
    assert!(text.starts_with("HTTP/1.1 200 "), "{text}");
    assert!(text[starts[1]..].starts_with("HTTP/1.1 200 "), "{text}");
    parse_answer(&got[starts[2]..]).assert_error(400, "APIGW.0201");
}

#[tokio::test]
async fn huge_timeouts_mean_never_and_do_not_overflow() {
    // `Instant + Duration::MAX` panics; the builder lowers timeouts to a year.
    let server = builder()
        .idle_timeout(Duration::MAX)
        .header_timeout(Duration::MAX)
        .body_timeout(Duration::MAX)
        .start()
        .await
        .expect("start");
    let addr = server.addr();
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream
        .write_all(b"GET / HTTP/1.1\r\nHo")
        .await
        .expect("write");
    tokio::time::sleep(Duration::from_millis(50)).await;
    stream.write_all(b"st: x\r\n\r\n").await.expect("write");
    stream.write_all(&signed_bytes(addr)).await.expect("write");
    let got = read_until_closed(&mut stream, Duration::from_secs(5))
        .await
        .expect("answered and closed");
    let text = String::from_utf8_lossy(&got);
    assert!(text.starts_with("HTTP/1.1 404 "), "{text}");
    assert_eq!(text.matches("HTTP/1.1 200 ").count(), 1, "{text}");
}
