//! Test helpers: a raw HTTP/1.1 client (full control of the path, headers and body, so tampered
//! requests can be sent byte for byte) and signing with the runtime's signer.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::time::Duration;

use huaweicloud_core::Credentials;
use huaweicloud_core::sign::{QueryValue, SignableRequest, sign_request};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub const AK: &str = "TESTAK0123456789ABCD";
pub const SK: &str = "test-secret-key";
pub const PROJECT: &str = "p0123456789";

pub fn creds() -> Credentials {
    Credentials::new(AK, SK).with_project_id(PROJECT)
}

pub fn tasks_path(instance: &str) -> String {
    format!("/v2/{PROJECT}/instances/{instance}/tasks")
}

/// A request on the wire: request line target and headers in order.
#[derive(Clone, Debug)]
pub struct Wire {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Wire {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn set_header(&mut self, name: &str, value: &str) {
        match self
            .headers
            .iter_mut()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            Some(h) => h.1 = value.to_owned(),
            None => self.headers.push((name.to_owned(), value.to_owned())),
        }
    }

    pub fn remove_header(&mut self, name: &str) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    }
}

/// Signs a request like the official SDK does (Content-Type: application/json and a User-Agent,
/// both signed).
pub fn sign(
    addr: SocketAddr,
    credentials: &Credentials,
    method: &str,
    path: &str,
    query: &[(&str, &str)],
    body: &[u8],
    now: jiff::Timestamp,
) -> Wire {
    let query: Vec<(String, QueryValue)> = query
        .iter()
        .map(|(k, v)| ((*k).to_owned(), QueryValue::from(*v)))
        .collect();
    let headers = vec![
        ("User-Agent".to_owned(), "mock-tests/1.0".to_owned()),
        ("Content-Type".to_owned(), "application/json".to_owned()),
    ];
    let host = addr.to_string();
    let signed = sign_request(
        &SignableRequest {
            method,
            host: &host,
            path,
            query: &query,
            headers: &headers,
            body,
        },
        credentials,
        now,
    )
    .expect("signable");
    Wire {
        method: method.to_owned(),
        target: signed.uri.clone(),
        headers: signed.headers.clone(),
        body: body.to_vec(),
    }
}

pub fn sign_now(
    addr: SocketAddr,
    method: &str,
    path: &str,
    query: &[(&str, &str)],
    body: &[u8],
) -> Wire {
    sign(
        addr,
        &creds(),
        method,
        path,
        query,
        body,
        jiff::Timestamp::now(),
    )
}

/// What tools that cannot sign send in lenient mode.
pub const FAKE_AUTHORIZATION: &str =
    "SDK-HMAC-SHA256 Access=anyone, SignedHeaders=host;x-sdk-date, Signature=0";

/// An unsigned request with a fake `Authorization` header.
pub fn fake_signed(addr: SocketAddr, method: &str, target: &str, body: &[u8]) -> Wire {
    let mut w = unsigned(addr, method, target, body);
    w.headers
        .push(("Authorization".to_owned(), FAKE_AUTHORIZATION.to_owned()));
    w
}

/// An unsigned request.
pub fn unsigned(addr: SocketAddr, method: &str, target: &str, body: &[u8]) -> Wire {
    Wire {
        method: method.to_owned(),
        target: target.to_owned(),
        headers: vec![
            ("Host".to_owned(), addr.to_string()),
            ("Content-Type".to_owned(), "application/json".to_owned()),
        ],
        body: body.to_vec(),
    }
}

/// What came back.
#[derive(Clone, Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// `Content-Length` was announced but fewer bytes arrived.
    pub truncated: bool,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn error_code(&self) -> String {
        self.json()["error_code"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    pub fn error_msg(&self) -> String {
        self.json()["error_msg"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Asserts an error answer: status, code, `X-Request-Id` equal to the body's `request_id`.
    #[track_caller]
    pub fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(
            self.status,
            status,
            "body: {}",
            String::from_utf8_lossy(&self.body)
        );
        let v = self.json();
        assert_eq!(v["error_code"], code, "body: {v}");
        assert!(
            v["error_msg"].as_str().is_some_and(|m| !m.is_empty()),
            "{v}"
        );
        let rid = self.header("x-request-id").expect("X-Request-Id");
        assert_eq!(v["request_id"], rid);
    }
}

/// The outcome of a raw exchange.
#[derive(Debug)]
pub enum Outcome {
    Answer(Answer),
    /// The connection closed before a status line arrived.
    Closed,
}

impl Outcome {
    #[track_caller]
    pub fn answer(self) -> Answer {
        match self {
            Outcome::Answer(a) => a,
            Outcome::Closed => panic!("the connection was closed without an answer"),
        }
    }
}

/// Sends `wire` on a new connection (`Connection: close`, unsigned) and reads the whole answer.
pub async fn send(addr: SocketAddr, wire: &Wire) -> Outcome {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let mut out = format!("{} {} HTTP/1.1\r\n", wire.method, wire.target).into_bytes();
    for (n, v) in &wire.headers {
        out.extend_from_slice(n.as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(v.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    if !wire.body.is_empty() || wire.method == "POST" || wire.method == "PUT" {
        out.extend_from_slice(format!("Content-Length: {}\r\n", wire.body.len()).as_bytes());
    }
    out.extend_from_slice(b"Connection: close\r\n\r\n");
    out.extend_from_slice(&wire.body);
    stream.write_all(&out).await.expect("write");
    let mut buf = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(20), async {
        // A reset after a fault is an end like any other.
        let mut chunk = [0u8; 8192];
        loop {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
    })
    .await;
    assert!(read.is_ok(), "no answer within 20 s");
    parse(&buf)
}

fn parse(buf: &[u8]) -> Outcome {
    let Some(split) = buf.windows(4).position(|w| w == b"\r\n\r\n") else {
        return Outcome::Closed;
    };
    let head = String::from_utf8_lossy(&buf[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status: u16 = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let mut body = buf[split + 4..].to_vec();
    let length = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok());
    let chunked = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    let mut truncated = false;
    if let Some(len) = length {
        truncated = body.len() < len;
        body.truncate(len);
    } else if chunked {
        body = dechunk(&body);
    }
    Outcome::Answer(Answer {
        status,
        headers,
        body,
        truncated,
    })
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = b.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&b[..eol]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = eol + 2;
        let end = (start + size).min(b.len());
        out.extend_from_slice(&b[start..end]);
        b = b.get(end + 2..).unwrap_or_default();
    }
    out
}
