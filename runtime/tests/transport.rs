//! The transport against local servers: kept-alive connections and their reuse, connections the
//! server closed while idle, TLS with certificate and host-name verification, and HTTP proxies
//! (`CONNECT` tunnels for https, absolute-form forwarding for http).
//!
//! The TLS certificates in `tests/tls/` are test-only (see its README): a CA and a leaf for
//! `localhost` and `127.0.0.1`.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{CREATE_TOPIC, KAFKA, LIST_TASKS};
use huaweicloud_core::{Client, ClientBuilder, Credentials, Error, OperationInput, RetryConfig};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};

const CA_PEM: &[u8] = include_bytes!("tls/ca.pem");
const SERVER_PEM: &[u8] = include_bytes!("tls/server.pem");
const SERVER_KEY: &[u8] = include_bytes!("tls/server.key");
const BODY: &str = r#"{"task_count":0,"tasks":[]}"#;

trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// Answers every request of a connection, keeping it open.
    KeepAlive,
    /// Closes the connection after each answer without saying so (no `Connection: close`), like
    /// a gateway dropping an idle connection.
    CloseSilently,
}

/// A server answering `200 BODY` to every request, counting connections and recording request
/// heads (`request line` + headers).
struct Server {
    port: u16,
    connections: Arc<AtomicUsize>,
    heads: Arc<Mutex<Vec<String>>>,
}

impl Server {
    async fn start(bind: &str, mode: Mode, tls: bool) -> Self {
        let listener = TcpListener::bind((bind, 0)).await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let connections = Arc::new(AtomicUsize::new(0));
        let heads = Arc::new(Mutex::new(Vec::new()));
        let acceptor = tls.then(tls_acceptor);
        let (conns, rec) = (connections.clone(), heads.clone());
        tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                conns.fetch_add(1, Ordering::SeqCst);
                let (rec, acceptor) = (rec.clone(), acceptor.clone());
                tokio::spawn(async move {
                    let io: Box<dyn Io> = match acceptor {
                        Some(a) => match a.accept(tcp).await {
                            Ok(s) => Box::new(s),
                            Err(_) => return,
                        },
                        None => Box::new(tcp),
                    };
                    serve(io, mode, rec).await;
                });
            }
        });
        Self {
            port,
            connections,
            heads,
        }
    }

    fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    fn heads(&self) -> Vec<String> {
        self.heads.lock().unwrap().clone()
    }
}

fn tls_acceptor() -> TlsAcceptor {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(SERVER_PEM)
        .collect::<Result<_, _>>()
        .unwrap();
    let key = PrivateKeyDer::from_pem_slice(SERVER_KEY).unwrap();
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    TlsAcceptor::from(Arc::new(config))
}

/// Reads one request head and its `Content-Length` body; `None` at end of stream.
async fn read_head(io: &mut (impl AsyncRead + Unpin), buf: &mut Vec<u8>) -> Option<String> {
    let end = loop {
        if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break p;
        }
        let mut chunk = [0u8; 4096];
        let n = io.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..end]).into_owned();
    let len: usize = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(n, _)| n.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or(0);
    while buf.len() < end + 4 + len {
        let mut chunk = [0u8; 4096];
        let n = io.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    buf.drain(..end + 4 + len);
    Some(head)
}

async fn serve(mut io: Box<dyn Io>, mode: Mode, heads: Arc<Mutex<Vec<String>>>) {
    let mut buf = Vec::new();
    while let Some(head) = read_head(&mut io, &mut buf).await {
        heads.lock().unwrap().push(head);
        let answer = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{BODY}",
            BODY.len()
        );
        if io.write_all(answer.as_bytes()).await.is_err() {
            return;
        }
        let _ = io.flush().await;
        if mode == Mode::CloseSilently {
            let _ = io.shutdown().await;
            return;
        }
    }
}

fn builder(endpoint: &str) -> ClientBuilder {
    Client::builder(&KAFKA)
        .endpoint(endpoint)
        .credentials(Credentials::new("AK", "SK").with_project_id("p1"))
        .env_lookup(|_| None)
        .retry(RetryConfig::disabled())
        .attempt_timeout(Duration::from_secs(10))
}

fn list() -> OperationInput {
    OperationInput {
        path: vec![("instance_id", "i1".to_owned())],
        ..OperationInput::default()
    }
}

fn create() -> OperationInput {
    OperationInput {
        path: vec![("instance_id", "i1".to_owned())],
        body: Some(br#"{"id":"t"}"#.to_vec()),
        ..OperationInput::default()
    }
}

#[tokio::test]
async fn sequential_requests_share_one_kept_alive_connection() {
    let server = Server::start("127.0.0.1", Mode::KeepAlive, false).await;
    let client = builder(&format!("http://127.0.0.1:{}", server.port))
        .build()
        .unwrap();
    for _ in 0..10 {
        let r = client.execute(&LIST_TASKS, list()).await.unwrap();
        assert_eq!(r.body(), BODY.as_bytes());
    }
    assert_eq!(server.heads().len(), 10);
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn concurrent_requests_open_at_most_one_connection_each_then_reuse_them() {
    let server = Server::start("127.0.0.1", Mode::KeepAlive, false).await;
    let client = builder(&format!("http://127.0.0.1:{}", server.port))
        .build()
        .unwrap();
    for _ in 0..3 {
        let calls = (0..4).map(|_| client.execute(&LIST_TASKS, list()));
        for r in futures_join_all(calls).await {
            r.unwrap();
        }
    }
    assert_eq!(server.heads().len(), 12);
    assert!(server.connections() <= 4, "{}", server.connections());
}

/// Runs futures concurrently on the current task (no extra dependency).
async fn futures_join_all<F: std::future::Future>(
    futures: impl Iterator<Item = F>,
) -> Vec<F::Output> {
    let handles: Vec<_> = futures.map(Box::pin).collect();
    let mut outputs: Vec<Option<F::Output>> = handles.iter().map(|_| None).collect();
    let mut handles: Vec<_> = handles.into_iter().map(Some).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (slot, out) in handles.iter_mut().zip(outputs.iter_mut()) {
            if let Some(f) = slot {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => {
                        *out = Some(v);
                        *slot = None;
                    }
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    outputs.into_iter().map(Option::unwrap).collect()
}

#[tokio::test]
async fn connections_the_server_closed_while_idle_are_replaced_even_for_post() {
    let server = Server::start("127.0.0.1", Mode::CloseSilently, false).await;
    let client = builder(&format!("http://127.0.0.1:{}", server.port))
        .build()
        .unwrap();
    for _ in 0..3 {
        // Retries are off: each call must succeed on its own.
        client.execute(&CREATE_TOPIC, create()).await.unwrap();
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
    assert_eq!(server.heads().len(), 3);
    assert_eq!(server.connections(), 3);
}

#[tokio::test]
async fn tls_certificates_are_verified_against_the_roots() {
    let server = Server::start("127.0.0.1", Mode::KeepAlive, true).await;
    let endpoint = format!("https://localhost:{}", server.port);
    // The test CA is not among the webpki roots: the handshake must fail before any request.
    let e = builder(&endpoint)
        .build()
        .unwrap()
        .execute(&LIST_TASKS, list())
        .await
        .unwrap_err();
    match &e {
        Error::Transport {
            connect, message, ..
        } => {
            assert!(*connect, "{e}");
            assert!(message.contains("TLS handshake"), "{message}");
            assert!(message.to_lowercase().contains("certificate"), "{message}");
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
    assert!(server.heads().is_empty());

    // Trusting the test CA (PEM), both by name and by IP address (the certificate names both).
    for endpoint in [endpoint, format!("https://127.0.0.1:{}", server.port)] {
        let client = builder(&endpoint)
            .add_root_certificate(CA_PEM)
            .build()
            .unwrap();
        for _ in 0..3 {
            let r = client.execute(&LIST_TASKS, list()).await.unwrap();
            assert_eq!(r.body(), BODY.as_bytes());
        }
    }
    assert_eq!(server.heads().len(), 6);
    // 2 clients, each kept its connection; plus the rejected handshake.
    assert_eq!(server.connections(), 3);
}

#[tokio::test]
async fn tls_host_names_are_verified() {
    // The certificate names localhost and 127.0.0.1, not 127.0.0.2.
    let Ok(probe) = TcpListener::bind(("127.0.0.2", 0)).await else {
        eprintln!("127.0.0.2 is not available here; skipped");
        return;
    };
    drop(probe);
    let server = Server::start("127.0.0.2", Mode::KeepAlive, true).await;
    let e = builder(&format!("https://127.0.0.2:{}", server.port))
        .add_root_certificate(CA_PEM)
        .build()
        .unwrap()
        .execute(&LIST_TASKS, list())
        .await
        .unwrap_err();
    assert!(
        matches!(&e, Error::Transport { connect: true, message, .. } if message.contains("TLS")),
        "{e:?}"
    );
    assert!(server.heads().is_empty());
}

#[test]
fn unusable_root_certificates_are_configuration_errors() {
    for (cert, why) in [
        (
            b"-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n".to_vec(),
            "PEM",
        ),
        (b"-----BEGIN CERTIFICATE-----\nAAAA\n".to_vec(), "PEM"),
        (
            b"-----BEGIN NOTHING-----\nAAAA\n-----END NOTHING-----\n".to_vec(),
            "no certificate",
        ),
        (b"\x30\x03\x02\x01\x01".to_vec(), "certificate"),
    ] {
        let e = builder("https://localhost:1")
            .add_root_certificate(cert)
            .build()
            .unwrap_err();
        assert!(matches!(e, Error::Config { .. }), "{e:?}");
        assert!(e.to_string().contains("root certificate #1"), "{e}");
        assert!(e.to_string().contains(why), "{e}");
    }
}

/// A `CONNECT` proxy: records each request head, then answers `status` and, for 200, pipes the
/// tunnel to the target port on 127.0.0.1.
async fn connect_proxy(status: u16) -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let heads = Arc::new(Mutex::new(Vec::new()));
    let rec = heads.clone();
    tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            let rec = rec.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let Some(head) = read_head(&mut client, &mut buf).await else {
                    return;
                };
                rec.lock().unwrap().push(head.clone());
                if status != 200 {
                    let answer = format!(
                        "HTTP/1.1 {status} Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n"
                    );
                    let _ = client.write_all(answer.as_bytes()).await;
                    return;
                }
                let target = head.split(' ').nth(1).unwrap_or_default().to_owned();
                let port = target.rsplit(':').next().unwrap_or_default().to_owned();
                let Ok(mut upstream) = TcpStream::connect(format!("127.0.0.1:{port}")).await else {
                    return;
                };
                let _ = client
                    .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                    .await;
                let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
            });
        }
    });
    (port, heads)
}

#[tokio::test]
async fn https_goes_through_a_connect_tunnel_with_proxy_credentials() {
    let server = Server::start("127.0.0.1", Mode::KeepAlive, true).await;
    let (proxy_port, proxy_heads) = connect_proxy(200).await;
    let client = builder(&format!("https://localhost:{}", server.port))
        .add_root_certificate(CA_PEM)
        .proxy(format!("http://user:p%40ss@127.0.0.1:{proxy_port}"))
        .build()
        .unwrap();
    assert!(!format!("{client:?}").contains("dXNlcjpwQHNz"));
    for _ in 0..3 {
        client.execute(&LIST_TASKS, list()).await.unwrap();
    }
    let heads = proxy_heads.lock().unwrap().clone();
    assert_eq!(heads.len(), 1, "one tunnel, kept alive: {heads:?}");
    let connect = &heads[0];
    assert!(
        connect.starts_with(&format!("CONNECT localhost:{} HTTP/1.1", server.port)),
        "{connect}"
    );
    // "user:p@ss", percent-decoded from the URL.
    assert!(
        connect.contains("Proxy-Authorization: Basic dXNlcjpwQHNz"),
        "{connect}"
    );
    // TLS end to end: the server got origin-form requests without the proxy's credentials.
    for head in server.heads() {
        assert!(
            head.starts_with("GET /v2/p1/instances/i1/tasks HTTP/1.1"),
            "{head}"
        );
        assert!(
            !head.to_lowercase().contains("proxy-authorization"),
            "{head}"
        );
    }
}

#[tokio::test]
async fn a_proxy_refusing_the_tunnel_is_a_connect_error() {
    let (proxy_port, _) = connect_proxy(407).await;
    let e = builder("https://dms.cn-north-4.myhuaweicloud.com")
        .proxy(format!("http://user:secret@127.0.0.1:{proxy_port}"))
        .build()
        .unwrap()
        .execute(&LIST_TASKS, list())
        .await
        .unwrap_err();
    let text = e.to_string();
    assert!(matches!(e, Error::Transport { connect: true, .. }), "{e:?}");
    assert!(
        text.contains("407") && text.contains("dms.cn-north-4.myhuaweicloud.com:443"),
        "{text}"
    );
    assert!(!text.contains("secret"), "{text}");
}

#[tokio::test]
async fn plain_http_is_forwarded_in_absolute_form() {
    // The "proxy" answers itself; the endpoint's host does not have to resolve.
    let proxy = Server::start("127.0.0.1", Mode::KeepAlive, false).await;
    let client = builder("http://dms.example.invalid:8080")
        .proxy(format!("127.0.0.1:{}", proxy.port))
        .build()
        .unwrap();
    client.execute(&CREATE_TOPIC, create()).await.unwrap();
    client.execute(&LIST_TASKS, list()).await.unwrap();
    let heads = proxy.heads();
    assert_eq!(proxy.connections(), 1);
    assert!(
        heads[0]
            .starts_with("POST http://dms.example.invalid:8080/v2/p1/instances/i1/topics HTTP/1.1"),
        "{}",
        heads[0]
    );
    assert!(
        heads[1]
            .starts_with("GET http://dms.example.invalid:8080/v2/p1/instances/i1/tasks HTTP/1.1")
    );
    assert!(
        heads[0]
            .to_lowercase()
            .contains("host: dms.example.invalid:8080")
    );
}

#[tokio::test]
async fn the_environment_proxy_is_used_and_no_proxy_respected() {
    let proxy = Server::start("127.0.0.1", Mode::KeepAlive, false).await;
    let proxy_url = format!("http://127.0.0.1:{}", proxy.port);
    let env = move |no_proxy: &'static str| {
        let proxy_url = proxy_url.clone();
        move |name: &str| match name {
            "http_proxy" => Some(proxy_url.clone()),
            "NO_PROXY" => Some(no_proxy.to_owned()),
            _ => None,
        }
    };
    let client = builder("http://dms.example.invalid")
        .env_lookup(env(""))
        .build()
        .unwrap();
    client.execute(&LIST_TASKS, list()).await.unwrap();
    assert_eq!(proxy.heads().len(), 1);
    assert!(proxy.heads()[0].starts_with("GET http://dms.example.invalid/v2/"));

    // Named in NO_PROXY, or `.no_proxy()` (which ignores the environment): a direct connection,
    // which fails (the host does not resolve), and the proxy sees nothing more.
    let direct = [
        builder("http://dms.example.invalid").env_lookup(env("example.invalid")),
        builder("http://dms.example.invalid")
            .env_lookup(env(""))
            .no_proxy(),
    ];
    for b in direct {
        let e = b
            .connect_timeout(Duration::from_secs(5))
            .build()
            .unwrap()
            .execute(&LIST_TASKS, list())
            .await
            .unwrap_err();
        assert!(
            matches!(
                e,
                Error::Transport { connect: true, .. } | Error::Timeout { .. }
            ),
            "{e:?}"
        );
        assert_eq!(proxy.heads().len(), 1);
    }
}
