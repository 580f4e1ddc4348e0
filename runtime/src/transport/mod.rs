//! HTTP/1.1 to one endpoint over TCP, TLS (rustls, certificates verified against the webpki roots)
//! and optionally an HTTP proxy, with a pool of kept-alive connections.
//!
//! Built on hyper's connection API rather than a full HTTP client: the SDK talks to exactly one
//! host per client, needs no redirects, cookies or decompression, and this keeps the dependency
//! tree small (no URL/IDNA/Unicode tables).

mod body;
mod connect;
pub mod proxy;

use std::sync::Mutex;
use std::time::Duration;

use bytes::Bytes;
use http_body::Body as _;
use hyper::client::conn::http1::SendRequest;
use tokio::time::Instant;

use crate::error::error_chain;
use crate::region::Endpoint;
use crate::{Error, Result};

use body::RequestBody;
use proxy::Proxy;

/// Idle connections kept per client.
const MAX_IDLE: usize = 32;
/// An idle connection older than this is closed instead of reused (gateways close idle
/// keep-alive connections after about a minute).
const IDLE_TIMEOUT: Duration = Duration::from_secs(50);

/// A response read to the end (or, for an error answer, to the limit kept of it).
pub(crate) struct Response {
    pub status: u16,
    pub headers: http::HeaderMap,
    pub body: Vec<u8>,
    /// An error answer longer than the limit kept of it: `body` is its start.
    pub body_cut: bool,
}

/// How much of a response body is read.
#[derive(Clone, Copy, Debug)]
pub(crate) struct BodyLimits {
    /// A 2xx body longer than this is [`Error::ResponseTooLarge`].
    pub success: usize,
    /// Of any other answer, this much is kept and the rest is not read (the connection is closed).
    pub error: usize,
}

/// Connections to one endpoint.
pub(crate) struct Transport {
    connector: connect::Connector,
    /// The request target prefix: empty, or `http://authority` when a proxy forwards plain HTTP.
    absolute_prefix: Option<String>,
    idle: Mutex<Vec<Idle>>,
}

struct Idle {
    sender: SendRequest<RequestBody>,
    since: Instant,
}

impl Transport {
    pub(crate) fn new(
        endpoint: &Endpoint,
        proxy: Option<Proxy>,
        extra_roots: &[Vec<u8>],
        connect_timeout: Duration,
    ) -> Result<Self> {
        let absolute_prefix = match (&proxy, endpoint.tls) {
            (Some(_), false) => Some(endpoint.base.clone()),
            _ => None,
        };
        Ok(Self {
            connector: connect::Connector::new(endpoint, proxy, extra_roots, connect_timeout)?,
            absolute_prefix,
            idle: Mutex::new(Vec::new()),
        })
    }

    /// The proxy used, if any.
    pub(crate) fn proxy(&self) -> Option<&Proxy> {
        self.connector.proxy()
    }

    /// Sends one request and reads the whole response (within `limits`).
    ///
    /// `target` is the origin-form request target (`/path?query`). A request that could not be
    /// written on a pooled connection (closed by the server while idle) is sent again on a new
    /// one; anything else is reported, with `connect: true` only when no connection was made.
    pub(crate) async fn send(
        &self,
        method: http::Method,
        target: &str,
        headers: http::HeaderMap,
        body: Option<Bytes>,
        limits: BodyLimits,
    ) -> Result<Response> {
        let uri = match &self.absolute_prefix {
            Some(prefix) => format!("{prefix}{target}"),
            None => target.to_owned(),
        };
        let mut request = http::Request::new(RequestBody::new(body));
        *request.method_mut() = method;
        *request.uri_mut() = uri.parse().map_err(|_| {
            Error::invalid_request(format!("`{target}` is not a valid request target"))
        })?;
        *request.headers_mut() = headers;
        if self.absolute_prefix.is_some() {
            // Forwarded plain HTTP: the proxy reads its credentials from the request itself.
            if let Some(auth) = self.proxy().and_then(|p| p.authorization.as_deref()) {
                let mut value = http::HeaderValue::from_str(auth).map_err(|_| {
                    Error::config("the proxy credentials contain characters that cannot be sent")
                })?;
                value.set_sensitive(true);
                request
                    .headers_mut()
                    .insert(http::header::PROXY_AUTHORIZATION, value);
            }
        }

        let mut request = Some(request);
        loop {
            let Some(req) = request.take() else {
                return Err(Error::transport("no request to send", false, None));
            };
            let (mut sender, reused) = match self.checkout().await {
                Some(sender) => (sender, true),
                None => (self.connector.connect().await?, false),
            };
            match sender.try_send_request(req).await {
                Ok(response) => {
                    let response = read_to_end(response, limits).await?;
                    // A body left unread makes the connection unusable: it is dropped instead.
                    if !response.body_cut {
                        self.checkin(sender);
                    }
                    return Ok(response);
                }
                Err(mut e) => match e.take_message() {
                    // Never written: the pooled connection had been closed. Use a new one.
                    Some(req) if reused => {
                        tracing::debug!("pooled connection was closed; reconnecting");
                        request = Some(req);
                    }
                    _ => {
                        let e = e.into_error();
                        return Err(Error::transport(error_chain(&e), false, Some(Box::new(e))));
                    }
                },
            }
        }
    }

    /// An idle connection that is still open and ready, if there is one.
    async fn checkout(&self) -> Option<SendRequest<RequestBody>> {
        loop {
            let idle = self.idle.lock().ok()?.pop()?;
            if idle.sender.is_closed() || idle.since.elapsed() > IDLE_TIMEOUT {
                continue;
            }
            let mut sender = idle.sender;
            if sender.ready().await.is_ok() {
                return Some(sender);
            }
        }
    }

    fn checkin(&self, sender: SendRequest<RequestBody>) {
        if sender.is_closed() {
            return;
        }
        if let Ok(mut idle) = self.idle.lock() {
            let now = Instant::now();
            idle.retain(|i| !i.sender.is_closed() && now - i.since <= IDLE_TIMEOUT);
            if idle.len() < MAX_IDLE {
                idle.push(Idle { sender, since: now });
            }
        }
    }
}

/// Reads the body within `limits`: a 2xx body over its limit is an error (and the connection is
/// dropped); another answer is kept up to its limit and the rest left unread.
async fn read_to_end(
    response: http::Response<hyper::body::Incoming>,
    limits: BodyLimits,
) -> Result<Response> {
    let (parts, mut incoming) = response.into_parts();
    let status = parts.status.as_u16();
    let success = parts.status.is_success();
    let limit = if success {
        limits.success
    } else {
        limits.error
    };
    let hint = incoming.size_hint().exact().unwrap_or(0);
    // The declared length is only a hint: never more than the limit (or 1 MiB) up front.
    let capacity = usize::try_from(hint)
        .unwrap_or(usize::MAX)
        .min(limit)
        .min(1 << 20);
    let mut body = Vec::with_capacity(capacity);
    let mut body_cut = false;
    while let Some(frame) =
        std::future::poll_fn(|cx| std::pin::Pin::new(&mut incoming).poll_frame(cx)).await
    {
        let frame = frame.map_err(|e| {
            Error::transport(
                format!("reading the response body: {}", error_chain(&e)),
                false,
                Some(Box::new(e)),
            )
        })?;
        if let Ok(chunk) = frame.into_data() {
            if body.len() + chunk.len() > limit {
                if success {
                    return Err(Error::ResponseTooLarge {
                        status,
                        limit,
                        request_id: request_id(&parts.headers),
                    });
                }
                body.extend_from_slice(&chunk[..limit - body.len()]);
                body_cut = true;
                break;
            }
            body.extend_from_slice(&chunk);
        }
    }
    Ok(Response {
        status,
        headers: parts.headers,
        body,
        body_cut,
    })
}

fn request_id(headers: &http::HeaderMap) -> Option<String> {
    headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}
