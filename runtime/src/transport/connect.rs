//! Opening a connection: TCP, an optional proxy tunnel, TLS, then the HTTP/1.1 handshake.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use hyper::client::conn::http1::{self, SendRequest};
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName};
use tokio_rustls::rustls::{self, ClientConfig, RootCertStore};

use super::body::RequestBody;
use super::proxy::{Proxy, tunnel};
use crate::error::error_chain;
use crate::region::Endpoint;
use crate::{Error, Result, TimeoutKind};

/// The TLS client configuration: the webpki roots (Mozilla's list, compiled in), plus
/// `extra_roots` (DER or PEM). Certificates and host names are always verified.
///
/// Without extra roots the configuration is built once per process and shared.
pub(crate) fn tls_config(extra_roots: &[Vec<u8>]) -> Result<Arc<ClientConfig>> {
    static DEFAULT: OnceLock<Arc<ClientConfig>> = OnceLock::new();
    if extra_roots.is_empty()
        && let Some(config) = DEFAULT.get()
    {
        return Ok(config.clone());
    }
    let mut roots = RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    for (i, cert) in extra_roots.iter().enumerate() {
        let bad = |why: String| Error::config(format!("root certificate #{}: {why}", i + 1));
        let ders: Vec<CertificateDer<'static>> = if cert.starts_with(b"-----BEGIN") {
            CertificateDer::pem_slice_iter(cert)
                .collect::<std::result::Result<_, _>>()
                // The PEM reader's errors quote raw bytes; say it plainly instead.
                .map_err(|_| {
                    bad(
                        "the PEM text is not valid (check the BEGIN/END lines and the base64)"
                            .into(),
                    )
                })?
        } else {
            vec![CertificateDer::from(cert.clone())]
        };
        if ders.is_empty() {
            return Err(bad("the PEM text holds no certificate".into()));
        }
        for der in ders {
            roots
                .add(der)
                .map_err(|e| bad(format!("not a usable certificate: {e}")))?;
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::config(format!("cannot configure TLS: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    let config = Arc::new(config);
    if extra_roots.is_empty() {
        return Ok(DEFAULT.get_or_init(|| config).clone());
    }
    Ok(config)
}

/// Opens connections to one endpoint.
pub(super) struct Connector {
    host: String,
    port: u16,
    /// `host:port` as sent in a `CONNECT` request.
    authority: String,
    tls: Option<(TlsConnector, ServerName<'static>)>,
    proxy: Option<Proxy>,
    timeout: Duration,
}

impl Connector {
    pub(super) fn new(
        endpoint: &Endpoint,
        proxy: Option<Proxy>,
        extra_roots: &[Vec<u8>],
        timeout: Duration,
    ) -> Result<Self> {
        let tls = if endpoint.tls {
            let name = ServerName::try_from(endpoint.host.clone()).map_err(|_| {
                Error::config(format!(
                    "`{}` is not a valid host name for TLS",
                    endpoint.host
                ))
            })?;
            Some((TlsConnector::from(tls_config(extra_roots)?), name))
        } else {
            None
        };
        let authority = if endpoint.host.contains(':') {
            format!("[{}]:{}", endpoint.host, endpoint.port)
        } else {
            format!("{}:{}", endpoint.host, endpoint.port)
        };
        Ok(Self {
            host: endpoint.host.clone(),
            port: endpoint.port,
            authority,
            tls,
            proxy,
            timeout,
        })
    }

    pub(super) fn proxy(&self) -> Option<&Proxy> {
        self.proxy.as_ref()
    }

    /// A new connection, ready for a request; bounded by the connect timeout (TCP, proxy tunnel
    /// and TLS together).
    pub(super) async fn connect(&self) -> Result<SendRequest<RequestBody>> {
        match tokio::time::timeout(self.timeout, self.open()).await {
            Ok(result) => result,
            Err(_) => Err(Error::Timeout {
                kind: TimeoutKind::Connect,
                limit: self.timeout,
            }),
        }
    }

    async fn open(&self) -> Result<SendRequest<RequestBody>> {
        let (host, port) = match &self.proxy {
            Some(p) => (p.host.as_str(), p.port),
            None => (self.host.as_str(), self.port),
        };
        let mut tcp = TcpStream::connect((host, port)).await.map_err(|e| {
            let via = if self.proxy.is_some() {
                "the proxy "
            } else {
                ""
            };
            connect_error(format!("cannot connect to {via}{host}:{port}"), e)
        })?;
        // Requests are small and written at once; do not wait for more.
        let _ = tcp.set_nodelay(true);
        if let (Some(_), Some(proxy)) = (&self.tls, &self.proxy) {
            tunnel(&mut tcp, &self.authority, proxy).await?;
        }
        match &self.tls {
            Some((connector, name)) => {
                let stream = connector.connect(name.clone(), tcp).await.map_err(|e| {
                    connect_error(format!("TLS handshake with {} failed", self.authority), e)
                })?;
                handshake(stream).await
            }
            None => handshake(tcp).await,
        }
    }
}

async fn handshake<T>(io: T) -> Result<SendRequest<RequestBody>>
where
    T: AsyncRead + AsyncWrite + Send + Unpin + 'static,
{
    let (sender, connection) = http1::handshake(TokioIo::new(io))
        .await
        .map_err(|e| connect_error("HTTP/1.1 handshake failed".to_owned(), e))?;
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            tracing::debug!(error = %error_chain(&e), "connection closed with an error");
        }
    });
    Ok(sender)
}

pub(super) fn connect_error<E>(context: String, e: E) -> Error
where
    E: std::error::Error + Send + Sync + 'static,
{
    Error::transport(
        format!("{context}: {}", error_chain(&e)),
        true,
        Some(Box::new(e)),
    )
}
