//! Shared test helpers: where `shared/` is, an independent signature verifier, and a tiny
//! HTTP/1.1 server that replays scripted replies and records what it received.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use huaweicloud_core::{Operation, ServiceDescriptor};

/// The service the tests call (two regions, one with its own endpoint).
pub static KAFKA: ServiceDescriptor = ServiceDescriptor {
    name: "kafka",
    endpoint_template: "https://dms.{region}.myhuaweicloud.com",
    regions: &["cn-north-4", "eu-west-101"],
    region_endpoints: &[("eu-west-101", "https://dms.eu-west-101.myhuaweicloud.eu")],
    user_agent: "huaweicloud-kafka/0.1.0",
};

pub const LIST_TASKS: Operation = Operation {
    id: "ListBackgroundTasks",
    method: http::Method::GET,
    path: "/v2/{project_id}/instances/{instance_id}/tasks",
};

pub const CREATE_TOPIC: Operation = Operation {
    id: "CreateInstanceTopic",
    method: http::Method::POST,
    path: "/v2/{project_id}/instances/{instance_id}/topics",
};

pub const AK: &str = "HPUATESTAK0000000001";
pub const SK: &str = "TestSecretKey0000000000000000000000000001";
pub const PROJECT_ID: &str = "0123456789abcdef0123456789abcdef";

/// `shared/` next to the checkout (`<X>/main` and `<X>/shared`), or `HUAWEICLOUD_SHARED_DIR`.
pub fn shared_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("HUAWEICLOUD_SHARED_DIR") {
        return PathBuf::from(dir);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared")
}

// ---------------------------------------------------------------------------------------------
// An independent verifier, written from the algorithm's description (OFFICIAL_SDK.md §1) with
// its own encoding code; it shares nothing with the crate's signer but the hash primitives.
// ---------------------------------------------------------------------------------------------

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')
}

/// RFC 3986 encoding of every byte outside the unreserved set, upper-case hex.
pub fn encode(s: &str) -> String {
    let mut out = String::new();
    for &b in s.as_bytes() {
        if is_unreserved(b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn hex_val(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Percent-decoding of `%XX` (others kept), then UTF-8 with replacement.
pub fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex_val(b[i + 1]), hex_val(b[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn strip(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c))
}

/// A request as seen on the wire.
#[derive(Clone, Debug)]
pub struct WireRequest {
    pub method: String,
    /// Path and query as on the request line.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl WireRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn path(&self) -> &str {
        self.target.split_once('?').map_or(&self.target, |(p, _)| p)
    }

    pub fn query(&self) -> &str {
        self.target.split_once('?').map_or("", |(_, q)| q)
    }

    pub fn header_map(&self) -> http::HeaderMap {
        let mut map = http::HeaderMap::new();
        for (n, v) in &self.headers {
            map.append(
                http::HeaderName::from_bytes(n.as_bytes()).unwrap(),
                http::HeaderValue::from_bytes(v.as_bytes()).unwrap(),
            );
        }
        map
    }

    /// Checks with the crate's verifier, clock check off.
    pub fn verify_with_crate(&self, secret: &str) -> Result<(), String> {
        let headers = self.header_map();
        let req = huaweicloud_core::sign::ReceivedRequest {
            method: &self.method,
            path: self.path(),
            query: self.query(),
            headers: &headers,
            body: &self.body,
        };
        huaweicloud_core::sign::verify(
            &req,
            |_| Some(secret.to_owned()),
            &huaweicloud_core::sign::VerifyOptions::without_clock_check(),
        )
        .map(|_| ())
        .map_err(|e| e.to_string())
    }
}

/// The canonical request the independent verifier computes for a wire request.
pub fn independent_canonical_request(req: &WireRequest, signed: &[&str]) -> Result<String, String> {
    let path = decode(req.path());
    let mut uri = path.split('/').map(encode).collect::<Vec<_>>().join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    let mut pairs: Vec<(String, String)> = req
        .query()
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(p), String::new()),
        })
        .collect();
    pairs.sort();
    let query = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let mut headers = String::new();
    for name in signed {
        let values: Vec<&str> = req
            .headers
            .iter()
            .filter(|(n, _)| n.to_ascii_lowercase() == *name)
            .map(|(_, v)| v.as_str())
            .collect();
        if values.len() != 1 {
            return Err(format!(
                "signed header {name} appears {} times",
                values.len()
            ));
        }
        headers.push_str(&format!("{name}:{}\n", strip(values[0])));
    }
    let payload = if req.body.is_empty() {
        hex::encode(Sha256::digest(b""))
    } else if let Some(v) = req.header("x-sdk-content-sha256") {
        strip(v).to_owned()
    } else {
        hex::encode(Sha256::digest(&req.body))
    };
    Ok(format!(
        "{}\n{uri}\n{query}\n{headers}\n{}\n{payload}",
        req.method.to_ascii_uppercase(),
        signed.join(";")
    ))
}

/// Verifies `req` against `secret`; returns the canonical request on success.
pub fn independent_verify(req: &WireRequest, secret: &str) -> Result<String, String> {
    let auth = req.header("authorization").ok_or("no Authorization")?;
    let rest = auth
        .strip_prefix("SDK-HMAC-SHA256 ")
        .ok_or("wrong algorithm")?;
    let mut access = None;
    let mut signed = None;
    let mut signature = None;
    for part in rest.split(", ") {
        let (k, v) = part.split_once('=').ok_or("bad part")?;
        match k {
            "Access" => access = Some(v),
            "SignedHeaders" => signed = Some(v),
            "Signature" => signature = Some(v),
            _ => return Err("unknown part".into()),
        }
    }
    let _access = access.ok_or("no Access")?;
    let signed: Vec<&str> = signed.ok_or("no SignedHeaders")?.split(';').collect();
    if !signed.contains(&"host") || !signed.contains(&"x-sdk-date") {
        return Err("host and x-sdk-date must be signed".into());
    }
    let mut sorted = signed.clone();
    sorted.sort();
    if sorted != signed {
        return Err("signed headers not sorted".into());
    }
    let date = req.header("x-sdk-date").ok_or("no X-Sdk-Date")?;
    let canonical = independent_canonical_request(req, &signed)?;
    let sts = format!(
        "SDK-HMAC-SHA256\n{}\n{}",
        strip(date),
        hex::encode(Sha256::digest(canonical.as_bytes()))
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(sts.as_bytes());
    let expected = hex::encode(mac.finalize().into_bytes());
    if Some(expected.as_str()) == signature {
        Ok(canonical)
    } else {
        Err(format!(
            "signature mismatch; canonical request {canonical:?}"
        ))
    }
}

// ---------------------------------------------------------------------------------------------
// A scripted HTTP/1.1 server.
// ---------------------------------------------------------------------------------------------

/// What the server does with the n-th request (the last reply repeats).
#[derive(Clone, Debug)]
pub enum Reply {
    /// A complete response (Content-Length set, connection closed after it).
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Reads the request, then closes the connection without answering.
    Close,
    /// Reads the request and never answers (the connection stays open).
    Hang,
    /// Writes these bytes as they are, then closes.
    Raw(Vec<u8>),
}

impl Reply {
    pub fn json(status: u16, body: &str) -> Self {
        Self::Respond {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
        }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        if let Self::Respond { headers, .. } = &mut self {
            headers.push((name.into(), value.into()));
        }
        self
    }
}

pub struct TestServer {
    pub base: String,
    pub authority: String,
    received: Arc<Mutex<Vec<WireRequest>>>,
}

impl TestServer {
    pub async fn start(replies: Vec<Reply>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let received = Arc::new(Mutex::new(Vec::new()));
        let counter = Arc::new(AtomicUsize::new(0));
        let replies = Arc::new(replies);
        let rec = received.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let (rec, counter, replies) = (rec.clone(), counter.clone(), replies.clone());
                tokio::spawn(async move {
                    serve(stream, rec, counter, replies).await;
                });
            }
        });
        Self {
            base: format!("http://{addr}"),
            authority: addr.to_string(),
            received,
        }
    }

    pub fn requests(&self) -> Vec<WireRequest> {
        self.received.lock().unwrap().clone()
    }
}

async fn read_request(stream: &mut TcpStream) -> Option<WireRequest> {
    let mut buf = Vec::new();
    let head_end = loop {
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break p;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?.to_owned();
    // Header values may carry raw UTF-8: take them from the bytes.
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let len: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < len {
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some(WireRequest {
        method,
        target,
        headers,
        body,
    })
}

async fn serve(
    mut stream: TcpStream,
    received: Arc<Mutex<Vec<WireRequest>>>,
    counter: Arc<AtomicUsize>,
    replies: Arc<Vec<Reply>>,
) {
    let Some(req) = read_request(&mut stream).await else {
        return;
    };
    received.lock().unwrap().push(req);
    let n = counter.fetch_add(1, Ordering::SeqCst);
    let reply = replies
        .get(n)
        .or_else(|| replies.last())
        .cloned()
        .unwrap_or(Reply::Close);
    match reply {
        Reply::Respond {
            status,
            headers,
            body,
        } => {
            let mut out = format!("HTTP/1.1 {status} X\r\n");
            for (n, v) in &headers {
                out.push_str(&format!("{n}: {v}\r\n"));
            }
            out.push_str(&format!(
                "Content-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            ));
            let mut bytes = out.into_bytes();
            bytes.extend_from_slice(&body);
            let _ = stream.write_all(&bytes).await;
            let _ = stream.shutdown().await;
        }
        Reply::Close => {
            let _ = stream.shutdown().await;
        }
        Reply::Hang => {
            std::future::pending::<()>().await;
        }
        Reply::Raw(bytes) => {
            let _ = stream.write_all(&bytes).await;
            let _ = stream.shutdown().await;
        }
    }
}
