//! The HTTP client: endpoint, credentials, authorization (see [`crate::auth`]), timeouts, retries
//! and tracing.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use tracing::Instrument;
use tracing::field::Empty;

use crate::auth::{AkSkSignature, Authorize, Outgoing, Secret, Secrets};
use crate::credentials::{ChainProvider, ProvideCredentials};
use crate::env::Env;
use crate::operation::build_path;
use crate::paginate::PageLimits;
use crate::region::{Endpoint, default_endpoint, parse_endpoint, resolve_endpoint};
use crate::retry::{FullJitter, Jitter, is_idempotent, is_retryable_status, parse_retry_after};
use crate::sign::QueryValue;
use crate::time::{Clock, Opaque, Sleep, SystemClock, TokioSleep};
use crate::transport::proxy::Proxy;
use crate::transport::{BodyLimits, Transport};
use crate::{
    ApiRequest, Credentials, Error, Operation, OperationInput, RawResponse, Region, Result,
    RetryConfig, ServiceError, TimeoutKind,
};

/// Default connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default per-attempt timeout (sending the request and reading the whole response).
pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default operation timeout (all attempts and back-off).
pub const DEFAULT_OPERATION_TIMEOUT: Duration = Duration::from_secs(120);
/// Default for the largest successful (2xx) response body read; a larger one is
/// [`Error::ResponseTooLarge`] (see [`ClientBuilder::max_response_body`]). The largest pages of the
/// documented list operations are well under 1 MiB.
pub const MAX_RESPONSE_BODY: usize = 64 * 1024 * 1024;
/// How much of an error answer (any status but 2xx) is kept: the service's error bodies are small
/// JSON objects (under 1 KiB in every documented example) and a proxy's HTML error page is a few
/// KiB. A longer body is parsed from its start and the rest is never read, so a hostile or broken
/// server cannot make an error hold megabytes ([`ServiceError::is_body_cut`] tells).
pub const MAX_ERROR_BODY: usize = 64 * 1024;

/// Static facts about one service, emitted by the generator from the spec.
#[derive(Debug)]
pub struct ServiceDescriptor {
    /// The service name used in the endpoint environment variable, e.g. `kafka` →
    /// `HUAWEICLOUD_SDK_REGION_KAFKA_<REGION>`.
    pub name: &'static str,
    /// The default endpoint: with a `{region}` placeholder for a regional service (e.g.
    /// `https://dms.{region}.myhuaweicloud.com`), a fixed URL (`https://api.example.com`), or empty when
    /// the spec names no server and every client needs [`ClientBuilder::endpoint`].
    pub endpoint_template: &'static str,
    /// The region ids the service is known in (empty: any region, for a regional template).
    pub regions: &'static [&'static str],
    /// Regions whose endpoint does not follow the template.
    pub region_endpoints: &'static [(&'static str, &'static str)],
    /// The generated crate's user agent, e.g. `huaweicloud-kafka/0.1.0`.
    pub user_agent: &'static str,
}

/// Builds a [`Client`], or a generated crate's client `C` (any `C: From<Client>`). Every setting
/// has a sane default except where the client is: a region for a regional service, an endpoint
/// for a service whose spec names no server (a service with one fixed endpoint needs neither).
pub struct ClientBuilder<C = Client> {
    service: &'static ServiceDescriptor,
    region: Option<Region>,
    endpoint: Option<String>,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    credentials_required: bool,
    bearer_token: Option<Secret>,
    api_key: Option<Secret>,
    connect_timeout: Duration,
    attempt_timeout: Duration,
    operation_timeout: Duration,
    retry: RetryConfig,
    env: Env,
    clock: Arc<dyn Clock>,
    sleep: Arc<dyn Sleep>,
    jitter: Arc<dyn Jitter>,
    user_agent_suffix: Option<String>,
    proxy: ProxySetting,
    extra_roots: Vec<Vec<u8>>,
    max_response_body: usize,
    page_limits: PageLimits,
    target: PhantomData<fn() -> C>,
}

/// Where the proxy comes from.
enum ProxySetting {
    /// The `*_proxy` environment variables (see [`crate::transport::proxy`]).
    FromEnv,
    /// [`ClientBuilder::proxy`].
    Explicit(String),
    /// [`ClientBuilder::no_proxy`].
    Never,
}

impl<C> ClientBuilder<C> {
    /// A builder for `service` with the defaults: connect timeout 10 s, attempt timeout 30 s,
    /// operation timeout 120 s, [`RetryConfig::standard`], credentials from the default chain.
    pub fn new(service: &'static ServiceDescriptor) -> Self {
        Self {
            service,
            region: None,
            endpoint: None,
            credentials: None,
            credentials_required: true,
            bearer_token: None,
            api_key: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            attempt_timeout: DEFAULT_ATTEMPT_TIMEOUT,
            operation_timeout: DEFAULT_OPERATION_TIMEOUT,
            retry: RetryConfig::standard(),
            env: Env::process(),
            clock: Arc::new(SystemClock),
            sleep: Arc::new(TokioSleep),
            jitter: Arc::new(FullJitter),
            user_agent_suffix: None,
            proxy: ProxySetting::FromEnv,
            extra_roots: Vec::new(),
            max_response_body: MAX_RESPONSE_BODY,
            page_limits: PageLimits::default(),
            target: PhantomData,
        }
    }

    /// The region (see [`crate::region`] for how it becomes an endpoint).
    pub fn region(mut self, region: impl Into<Region>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// An explicit endpoint such as `https://dms.cn-north-4.myhuaweicloud.com` or
    /// `http://127.0.0.1:8080`; it wins over the region. Without a scheme, `https://` is used.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// The credentials. Without this call, [`build`](Self::build) uses the default chain (see
    /// [`crate::credentials`]).
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(Arc::new(credentials));
        self
    }

    /// Does not require AK/SK credentials: for a service whose operations are not signed (the
    /// generated `Client::builder` calls it). Credentials found by the default chain are still
    /// used (for a signed operation and the project id); none found is not an error.
    pub fn credentials_optional(mut self) -> Self {
        self.credentials_required = false;
        self
    }

    /// The token that operations secured by an HTTP bearer scheme send as
    /// `Authorization: Bearer <token>` (never shown in `Debug` or logs).
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.bearer_token = Some(Secret::new(token));
        self
    }

    /// The key that operations secured by an API key scheme send in their header or query
    /// parameter (never shown in `Debug` or logs).
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(Secret::new(key));
        self
    }

    /// A credentials provider, asked once by [`build`](Self::build).
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(Arc::new(provider));
        self
    }

    /// Timeout for establishing a connection (default 10 s).
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.connect_timeout = d;
        self
    }

    /// Timeout for one attempt: sending the request and receiving the whole response (default
    /// 30 s).
    pub fn attempt_timeout(mut self, d: Duration) -> Self {
        self.attempt_timeout = d;
        self
    }

    /// Overall deadline of an operation, retries and back-off included (default 120 s).
    pub fn operation_timeout(mut self, d: Duration) -> Self {
        self.operation_timeout = d;
        self
    }

    /// The retry policy (default [`RetryConfig::standard`]).
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// Where environment variables are read (default: the process environment). Used for the
    /// default credentials chain and the endpoint override variables.
    pub fn env_lookup(
        mut self,
        lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> Self {
        self.env = Env::from_fn(lookup);
        self
    }

    /// The wall clock used for `X-Sdk-Date` and `Retry-After` dates (default: the system clock).
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// The sleep used between retries (default: tokio's).
    pub fn sleep_impl(mut self, sleep: impl Sleep + 'static) -> Self {
        self.sleep = Arc::new(sleep);
        self
    }

    /// The back-off jitter (default: [`FullJitter`]).
    pub fn jitter(mut self, jitter: impl Jitter + 'static) -> Self {
        self.jitter = Arc::new(jitter);
        self
    }

    /// Text appended to the `User-Agent` header (e.g. your application's name and version).
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// An HTTP proxy for every request, `http://[user:password@]host[:port]`, whatever the
    /// environment says: `https` endpoints are reached through a `CONNECT` tunnel (TLS end to
    /// end), `http` ones by forwarding. Without this call the `https_proxy`, `http_proxy`,
    /// `all_proxy` and `no_proxy` variables are honoured (see [`crate::transport::proxy`]).
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = ProxySetting::Explicit(url.into());
        self
    }

    /// Connects directly, ignoring the proxy environment variables.
    pub fn no_proxy(mut self) -> Self {
        self.proxy = ProxySetting::Never;
        self
    }

    /// Trusts one more root certificate (DER, or PEM text with one or more certificates) besides
    /// the built-in webpki roots, e.g. for a private gateway. Certificates and host names are
    /// always verified.
    pub fn add_root_certificate(mut self, certificate: impl Into<Vec<u8>>) -> Self {
        self.extra_roots.push(certificate.into());
        self
    }

    /// The largest successful response body read, in bytes (default [`MAX_RESPONSE_BODY`],
    /// 64 MiB); a larger one is [`Error::ResponseTooLarge`]. Error answers are always cut at
    /// [`MAX_ERROR_BODY`].
    pub fn max_response_body(mut self, bytes: usize) -> Self {
        self.max_response_body = bytes;
        self
    }

    /// The bounds of every listing streamed with this client (default [`PageLimits::default`]:
    /// 10,000 pages, 100,000 items); see [`crate::paginate`].
    pub fn page_limits(mut self, limits: PageLimits) -> Self {
        self.page_limits = limits;
        self
    }

    /// Resolves the endpoint and the credentials and builds the client.
    ///
    /// Errors ([`Error::Config`]): no region or endpoint where the service has no fixed one, an
    /// unknown region without an endpoint override, an invalid endpoint, missing or incomplete
    /// credentials, an unusable proxy or root certificate.
    pub fn build(self) -> Result<C>
    where
        C: From<Client>,
    {
        self.build_core().map(C::from)
    }

    fn build_core(self) -> Result<Client> {
        let raw_endpoint = match (&self.endpoint, &self.region) {
            (Some(e), _) => e.clone(),
            (None, Some(r)) => resolve_endpoint(self.service, r, &self.env)?,
            (None, None) => default_endpoint(self.service)?.to_owned(),
        };
        let endpoint = parse_endpoint(&raw_endpoint)?;
        let credentials = match &self.credentials {
            Some(p) => Some(p.provide()?.ok_or_else(|| {
                Error::config(format!("the credentials provider `{}` gave none", p.name()))
            })?),
            None if self.credentials_required => {
                Some(ChainProvider::default_chain(self.env.clone()).resolve()?)
            }
            None => ChainProvider::default_chain(self.env.clone())
                .resolve()
                .ok(),
        };
        if let Some(c) = &credentials
            && (c.access_key().is_empty() || c.secret_key().is_empty())
        {
            return Err(Error::config(
                "the access key and the secret key must not be empty",
            ));
        }
        let proxy = match &self.proxy {
            ProxySetting::FromEnv => Proxy::from_env(&self.env, &endpoint)?,
            ProxySetting::Explicit(url) => Some(
                Proxy::parse(url)
                    .map_err(|why| Error::config(format!("the proxy is not usable: {why}")))?,
            ),
            ProxySetting::Never => None,
        };
        let http = Transport::new(&endpoint, proxy, &self.extra_roots, self.connect_timeout)?;
        let mut user_agent = format!(
            "huaweicloud-sdk-rust/{}; {}",
            crate::VERSION,
            self.service.user_agent
        );
        if let Some(s) = &self.user_agent_suffix {
            user_agent.push_str("; ");
            user_agent.push_str(s);
        }
        http::HeaderValue::from_str(&user_agent)
            .map_err(|_| Error::config("the user agent must be printable ASCII"))?;
        tracing::debug!(
            service = self.service.name,
            endpoint = %endpoint.base,
            proxy = ?http.proxy(),
            access_key = credentials.as_ref().map(Credentials::access_key),
            "huaweicloud client built"
        );
        Ok(Client {
            inner: Arc::new(Inner {
                service: self.service,
                endpoint,
                secrets: Secrets {
                    credentials,
                    bearer_token: self.bearer_token,
                    api_key: self.api_key,
                },
                http,
                connect_timeout: self.connect_timeout,
                attempt_timeout: self.attempt_timeout,
                operation_timeout: self.operation_timeout,
                retry: self.retry,
                clock: self.clock,
                sleep: self.sleep,
                jitter: self.jitter,
                user_agent,
                body_limits: BodyLimits {
                    success: self.max_response_body,
                    error: MAX_ERROR_BODY,
                },
                page_limits: self.page_limits,
            }),
        })
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("service", &self.service.name)
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("credentials", &self.credentials)
            .field("bearer_token", &self.bearer_token)
            .field("api_key", &self.api_key)
            .field("connect_timeout", &self.connect_timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("operation_timeout", &self.operation_timeout)
            .field("retry", &self.retry)
            .field("extra_roots", &self.extra_roots.len())
            .finish_non_exhaustive()
    }
}

/// A client for one service at one endpoint. Cheap to clone (the state is shared).
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    service: &'static ServiceDescriptor,
    endpoint: Endpoint,
    secrets: Secrets,
    http: Transport,
    connect_timeout: Duration,
    attempt_timeout: Duration,
    operation_timeout: Duration,
    retry: RetryConfig,
    clock: Arc<dyn Clock>,
    sleep: Arc<dyn Sleep>,
    jitter: Arc<dyn Jitter>,
    user_agent: String,
    body_limits: BodyLimits,
    page_limits: PageLimits,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct("Client")
            .field("service", &i.service.name)
            .field("endpoint", &i.endpoint.base)
            .field("proxy", &i.http.proxy())
            .field("secrets", &i.secrets)
            .field("connect_timeout", &i.connect_timeout)
            .field("attempt_timeout", &i.attempt_timeout)
            .field("operation_timeout", &i.operation_timeout)
            .field("retry", &i.retry)
            .field("body_limits", &i.body_limits)
            .field("page_limits", &i.page_limits)
            .field("clock", &Opaque(".."))
            .finish_non_exhaustive()
    }
}

/// The parts of a request that stay the same across attempts.
struct Prepared {
    path: String,
    query: Vec<(String, QueryValue)>,
    headers: Vec<(String, String)>,
    body: Option<Bytes>,
}

/// What one attempt ended with.
enum Outcome {
    /// 2xx.
    Success(RawResponse),
    /// Any other status, not yet turned into an error.
    Failure(RawResponse),
}

impl Client {
    /// A builder for `service`.
    pub fn builder(service: &'static ServiceDescriptor) -> ClientBuilder {
        ClientBuilder::new(service)
    }

    /// The project id of the credentials.
    pub fn project_id(&self) -> Option<&str> {
        self.inner
            .secrets
            .credentials
            .as_ref()
            .and_then(Credentials::project_id)
    }

    /// The endpoint, `scheme://host[:port]`.
    pub fn endpoint(&self) -> &str {
        &self.inner.endpoint.base
    }

    /// The service this client is for.
    pub fn service(&self) -> &'static ServiceDescriptor {
        self.inner.service
    }

    /// The `User-Agent` sent.
    pub fn user_agent(&self) -> &str {
        &self.inner.user_agent
    }

    /// The bounds of the listings streamed with this client ([`ClientBuilder::page_limits`]).
    pub fn page_limits(&self) -> PageLimits {
        self.inner.page_limits
    }

    /// Sends a typed request: [`ApiRequest::into_input`], [`execute_with`](Self::execute_with)
    /// its operation's [`ApiRequest::AUTH`], [`ApiRequest::decode`].
    pub fn send<R: ApiRequest>(
        &self,
        request: R,
    ) -> impl Future<Output = Result<R::Response>> + Send + '_ {
        // Converted before the future is created, so the future does not hold the request.
        let input = request.into_input();
        async move {
            let response = self.execute_with(R::OPERATION, R::AUTH, input?).await?;
            R::decode(response)
        }
    }

    /// Sends one operation signed with the AK/SK credentials: [`execute_with`](Self::execute_with)
    /// [`AkSkSignature`].
    pub async fn execute(&self, op: &Operation, input: OperationInput) -> Result<RawResponse> {
        self.execute_with(op, &AkSkSignature, input).await
    }

    /// Sends one operation: builds the path and query, authorizes with `auth` (each attempt
    /// again), sends, retries per the policy.
    ///
    /// A 2xx response is `Ok`; any other status is [`Error::Service`] (parsed like the official
    /// SDK, see [`ServiceError::from_response`]).
    pub async fn execute_with(
        &self,
        op: &Operation,
        auth: &dyn Authorize,
        input: OperationInput,
    ) -> Result<RawResponse> {
        let prepared = self.prepare(op, input)?;
        let span = tracing::info_span!(
            "huaweicloud.operation",
            service = self.inner.service.name,
            operation = op.id,
            method = %op.method,
            attempts = Empty,
            status = Empty,
            request_id = Empty,
            latency_ms = Empty,
        );
        let started = tokio::time::Instant::now();
        let limit = self.inner.operation_timeout;
        async {
            let result =
                match tokio::time::timeout(limit, self.run(op, auth, &prepared, started)).await {
                    Ok(r) => r,
                    Err(_) => Err(Error::Timeout {
                        kind: TimeoutKind::Operation,
                        limit,
                    }),
                };
            let span = tracing::Span::current();
            span.record("latency_ms", started.elapsed().as_millis() as u64);
            match &result {
                Ok(r) => {
                    span.record("status", r.status());
                    if let Some(rid) = r.request_id() {
                        span.record("request_id", rid);
                    }
                    tracing::debug!("operation succeeded");
                }
                Err(e) => {
                    if let Some(s) = e.status() {
                        span.record("status", s);
                    }
                    if let Some(rid) = e.request_id() {
                        span.record("request_id", rid);
                    }
                    tracing::debug!(error = %e, "operation failed");
                }
            }
            result
        }
        .instrument(span)
        .await
    }

    fn prepare(&self, op: &Operation, input: OperationInput) -> Result<Prepared> {
        let path = build_path(op, &input.path, self.project_id())?;
        let query = input
            .query
            .into_iter()
            .map(|(k, v)| (k.to_owned(), QueryValue::Str(v)))
            .collect();
        // A `Content-Type` among the header parameters (a multipart body's, which names its boundary) replaces
        // the body's media type.
        let explicit_type = input
            .headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case("content-type"));
        let mut headers = vec![("User-Agent".to_owned(), self.inner.user_agent.clone())];
        if !explicit_type {
            headers.insert(
                0,
                (
                    "Content-Type".to_owned(),
                    input.content_type.unwrap_or("application/json").to_owned(),
                ),
            );
        }
        for (name, value) in input.headers {
            if http::HeaderName::from_bytes(name.as_bytes()).is_err()
                || http::HeaderValue::from_str(&value).is_err()
            {
                return Err(Error::invalid_request(format!(
                    "header parameter `{name}` has a value that cannot be sent in a header"
                )));
            }
            headers.push((name.to_owned(), value));
        }
        let body = match input.body {
            Some(b) => Some(Bytes::from(b)),
            // Servers expect a Content-Length on body-carrying methods, as the official client
            // sends.
            None if matches!(
                op.method,
                http::Method::POST | http::Method::PUT | http::Method::PATCH
            ) =>
            {
                Some(Bytes::new())
            }
            None => None,
        };
        Ok(Prepared {
            path,
            query,
            headers,
            body,
        })
    }

    /// The retry loop.
    async fn run(
        &self,
        op: &Operation,
        auth: &dyn Authorize,
        prepared: &Prepared,
        started: tokio::time::Instant,
    ) -> Result<RawResponse> {
        let inner = &*self.inner;
        let idempotent = is_idempotent(&op.method);
        let mut attempt = 1u32;
        loop {
            tracing::Span::current().record("attempts", attempt);
            let outcome = self.attempt(op, auth, prepared, attempt).await;
            let (error, retry_after) = match outcome {
                Ok(Outcome::Success(r)) => return Ok(r),
                Ok(Outcome::Failure(r)) => {
                    let retry_after = r
                        .headers()
                        .get(http::header::RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| parse_retry_after(v, inner.clock.now()));
                    let retryable = idempotent && is_retryable_status(r.status());
                    let e = ServiceError::from_response(r.status(), r.headers(), r.body())
                        .with_body_cut(r.body_cut);
                    (Error::Service(e), retryable.then_some(retry_after))
                }
                Err(e) => {
                    let retryable = match &e {
                        Error::Transport { connect: true, .. } => true,
                        Error::Timeout {
                            kind: TimeoutKind::Connect,
                            ..
                        } => true,
                        Error::Transport { .. } | Error::Timeout { .. } => idempotent,
                        _ => false,
                    };
                    (e, retryable.then_some(None))
                }
            };
            // `None`: not retryable; `Some(retry_after)`: retryable.
            let Some(retry_after) = retry_after else {
                return Err(error);
            };
            if attempt >= inner.retry.max_attempts() {
                return Err(error);
            }
            let delay = retry_after.unwrap_or_else(|| {
                let ceiling = inner.retry.backoff_ceiling(attempt);
                inner.jitter.jitter(ceiling).min(ceiling)
            });
            if started.elapsed().saturating_add(delay) >= inner.operation_timeout {
                tracing::debug!(
                    delay_ms = delay.as_millis() as u64,
                    "not retrying: the delay would pass the operation deadline"
                );
                return Err(error);
            }
            tracing::debug!(
                attempt,
                delay_ms = delay.as_millis() as u64,
                error = %error,
                "retrying"
            );
            inner.sleep.sleep(delay).await;
            attempt += 1;
        }
    }

    /// One authorized attempt, bounded by the attempt timeout.
    async fn attempt(
        &self,
        op: &Operation,
        auth: &dyn Authorize,
        prepared: &Prepared,
        attempt: u32,
    ) -> Result<Outcome> {
        let inner = &*self.inner;
        let span = tracing::debug_span!(
            "huaweicloud.attempt",
            attempt,
            status = Empty,
            request_id = Empty,
            latency_ms = Empty,
        );
        let started = tokio::time::Instant::now();
        let result = async {
            let body: &[u8] = prepared.body.as_deref().unwrap_or(&[]);
            let authorized = auth.authorize(
                &Outgoing {
                    method: op.method.as_str(),
                    host: &inner.endpoint.authority,
                    path: &prepared.path,
                    query: &prepared.query,
                    headers: &prepared.headers,
                    body,
                },
                &inner.secrets,
                inner.clock.now(),
            )?;
            let send = inner.http.send(
                op.method.clone(),
                &authorized.target,
                authorized.headers,
                prepared.body.clone(),
                inner.body_limits,
            );
            let limit = inner.attempt_timeout;
            match tokio::time::timeout(limit, send).await {
                Ok(r) => r.map(|r| {
                    let mut raw = RawResponse::new(r.status, r.headers, r.body);
                    raw.body_cut = r.body_cut;
                    if (200..300).contains(&r.status) {
                        Outcome::Success(raw)
                    } else {
                        Outcome::Failure(raw)
                    }
                }),
                Err(_) => Err(Error::Timeout {
                    kind: TimeoutKind::Attempt,
                    limit,
                }),
            }
        }
        .instrument(span.clone())
        .await;
        span.record("latency_ms", started.elapsed().as_millis() as u64);
        let _enter = span.enter();
        match &result {
            Ok(Outcome::Success(r) | Outcome::Failure(r)) => {
                span.record("status", r.status());
                if let Some(rid) = r.request_id() {
                    span.record("request_id", rid);
                }
                tracing::debug!(status = r.status(), "attempt finished");
            }
            Err(e) => tracing::debug!(error = %e, "attempt failed"),
        }
        result
    }
}
