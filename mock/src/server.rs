//! Starting and stopping the emulator: [`MockServer`] and its builder.

use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use codegen::spec::Spec;
use hyper_util::rt::{TokioIo, TokioTimer};
use serde_json::Value;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinHandle;

use crate::answers::{prepare, text_examples};
use crate::auth::{Auth, Clock, Identity};
use crate::conform::Conformer;
use crate::conn::{ConnLimits, Gate, LONGEST_TIMEOUT, MAX_HEAD_BYTES_CEILING, MAX_HEADERS};
use crate::faults::{FaultRule, Faults};
use crate::handler::{RecordedRequest, Shared, handle};
use crate::infer::{ResourceModel, infer};
use crate::resources::{Deleted, item_routes};
use crate::routes::Routes;
use crate::state::{DEFAULT_MAX_ITEMS, State};
use crate::store::seed_all;
use crate::validate::Validator;

/// The access key accepted when none is configured.
pub const DEFAULT_ACCESS_KEY: &str = "MOCKACCESSKEYID00000";
/// The secret key of [`DEFAULT_ACCESS_KEY`]. Public: the emulator is for local use only.
pub const DEFAULT_SECRET_KEY: &str = "mock-secret-key-do-not-use-in-production";
/// The project id of [`DEFAULT_ACCESS_KEY`].
pub const DEFAULT_PROJECT_ID: &str = "0123456789abcdef0123456789abcdef";
/// The largest request body read (larger bodies get 413).
pub const DEFAULT_BODY_LIMIT: usize = 8 * 1024 * 1024;
/// How many connections are served at once by default: well under a 256-descriptor limit, far
/// above what a test or an SDK's pool opens.
pub const DEFAULT_MAX_CONNECTIONS: usize = 128;

/// The spec embedded in the crate: `spec/kafka.yaml` of this repository.
pub const KAFKA_SPEC: &str = include_str!("../../spec/kafka.yaml");

/// Where the emulator's spec comes from.
#[derive(Clone, Debug)]
pub enum SpecSource {
    /// A YAML file.
    Path(PathBuf),
    /// YAML text; `name` is used in error messages.
    Text {
        /// The YAML.
        text: String,
        /// A file name for messages.
        name: String,
    },
    /// A spec already loaded with [`codegen::spec::load`].
    Loaded(Box<Spec>),
}

impl SpecSource {
    /// The DMS for Kafka spec embedded in the crate ([`KAFKA_SPEC`]).
    pub fn kafka() -> Self {
        Self::Text {
            text: KAFKA_SPEC.to_owned(),
            name: "spec/kafka.yaml (embedded)".to_owned(),
        }
    }

    /// Loads the spec (every problem is listed in the error).
    pub fn into_spec(self) -> Result<Spec, StartError> {
        self.load().map(|(spec, _)| spec)
    }

    /// The spec, and its YAML text when there is one (for the extensions the model does not
    /// keep, such as `x-response-examples-text`).
    fn load(self) -> Result<(Spec, Option<String>), StartError> {
        match self {
            SpecSource::Path(p) => match std::fs::read_to_string(&p) {
                Ok(text) => codegen::spec::parse(&text, &p)
                    .map(|spec| (spec, Some(text)))
                    .map_err(StartError::Spec),
                // `load` reports the unreadable file the way every other spec error is reported.
                Err(_) => codegen::spec::load(&p)
                    .map(|spec| (spec, None))
                    .map_err(StartError::Spec),
            },
            SpecSource::Text { text, name } => codegen::spec::parse(&text, Path::new(&name))
                .map(|spec| (spec, Some(text)))
                .map_err(StartError::Spec),
            SpecSource::Loaded(spec) => Ok((*spec, None)),
        }
    }
}

impl From<&Path> for SpecSource {
    fn from(p: &Path) -> Self {
        Self::Path(p.to_path_buf())
    }
}
impl From<PathBuf> for SpecSource {
    fn from(p: PathBuf) -> Self {
        Self::Path(p)
    }
}
impl From<&str> for SpecSource {
    /// A file path.
    fn from(p: &str) -> Self {
        Self::Path(PathBuf::from(p))
    }
}
impl From<String> for SpecSource {
    /// A file path.
    fn from(p: String) -> Self {
        Self::Path(PathBuf::from(p))
    }
}
impl From<Spec> for SpecSource {
    fn from(s: Spec) -> Self {
        Self::Loaded(Box::new(s))
    }
}

/// Why the emulator did not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The spec does not load (every problem is listed).
    #[error("the spec does not load:\n{0}")]
    Spec(#[source] codegen::spec::Diagnostics),
    /// The address cannot be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: io::Error,
    },
    /// The state file does not read (its place and why).
    #[error("{0}")]
    State(String),
    /// A fault rule names an operation the spec does not have.
    #[error("fault `{0}` names an operation the spec does not have")]
    UnknownOperation(String),
}

/// Configures a [`MockServer`]; start it with [`MockServerBuilder::start`].
#[derive(Debug)]
#[must_use = "the emulator only runs after `.start().await`"]
pub struct MockServerBuilder {
    spec: Option<SpecSource>,
    identities: Vec<Identity>,
    seed: usize,
    lenient: bool,
    clock: Clock,
    listen: SocketAddr,
    faults: Vec<FaultRule>,
    body_limit: usize,
    limits: ConnLimits,
    max_connections: usize,
    stateful: bool,
    state_file: Option<PathBuf>,
    max_items: usize,
}

impl Default for MockServerBuilder {
    fn default() -> Self {
        Self {
            spec: None,
            identities: Vec::new(),
            seed: 0,
            lenient: false,
            clock: Clock::system(),
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            faults: Vec::new(),
            body_limit: DEFAULT_BODY_LIMIT,
            limits: ConnLimits::default(),
            max_connections: DEFAULT_MAX_CONNECTIONS,
            stateful: false,
            state_file: None,
            max_items: DEFAULT_MAX_ITEMS,
        }
    }
}

impl MockServerBuilder {
    /// The spec to serve (a path, YAML via [`SpecSource::Text`], or a loaded [`Spec`]). Default: the
    /// embedded Kafka spec.
    pub fn spec(mut self, spec: impl Into<SpecSource>) -> Self {
        self.spec = Some(spec.into());
        self
    }

    /// Accepts this AK/SK pair, whose requests must use `project_id`. Call it again to accept more
    /// pairs. Default (when never called): [`DEFAULT_ACCESS_KEY`], [`DEFAULT_SECRET_KEY`],
    /// [`DEFAULT_PROJECT_ID`].
    pub fn credentials(
        mut self,
        access_key: impl Into<String>,
        secret_key: impl Into<String>,
        project_id: impl Into<String>,
    ) -> Self {
        self.identities.push(Identity {
            access_key: access_key.into(),
            secret_key: secret_key.into(),
            project_id: Some(project_id.into()),
        });
        self
    }

    /// Accepts this AK/SK pair with any project (the path's project id must then only agree with
    /// `X-Project-Id` when that is sent).
    pub fn credentials_any_project(
        mut self,
        access_key: impl Into<String>,
        secret_key: impl Into<String>,
    ) -> Self {
        self.identities.push(Identity {
            access_key: access_key.into(),
            secret_key: secret_key.into(),
            project_id: None,
        });
        self
    }

    /// Adds `n` generated items to the store of every paginated operation (for Kafka: `n` more
    /// background tasks). Deterministic. Default 0.
    pub fn seed_tasks(mut self, n: usize) -> Self {
        self.seed = n;
        self
    }

    /// Accepts requests whose signature does not verify (logged as a warning), for tools that
    /// cannot sign: they only need to send some `Authorization` header, which the spec declares.
    /// Routing and validation stay as they are. Default off.
    pub fn lenient_auth(mut self, on: bool) -> Self {
        self.lenient = on;
        self
    }

    /// The clock `X-Sdk-Date` is checked against (±15 minutes). Default: the system clock.
    pub fn clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// The address to listen on. Default `127.0.0.1:0` (a free port; see [`MockServer::addr`]).
    pub fn listen(mut self, addr: SocketAddr) -> Self {
        self.listen = addr;
        self
    }

    /// A fault rule in force from the start (more can be set with [`MockServer::faults`]).
    pub fn fault(mut self, rule: FaultRule) -> Self {
        self.faults.push(rule);
        self
    }

    /// The largest request body accepted (larger ones get 413). Default [`DEFAULT_BODY_LIMIT`].
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// How long a kept-alive connection may wait for the first byte of its next request before
    /// it is closed (without an answer: nothing was asked). Default [`DEFAULT_IDLE_TIMEOUT`](crate::DEFAULT_IDLE_TIMEOUT),
    /// at most [`LONGEST_TIMEOUT`].
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.limits.idle_timeout = timeout.min(LONGEST_TIMEOUT);
        self
    }

    /// How long a request head (request line and headers) may take from its first byte; a late
    /// one is answered 408 `APIGW.0201` and the connection closed. Default
    /// [`DEFAULT_HEADER_TIMEOUT`](crate::DEFAULT_HEADER_TIMEOUT),
    /// at most [`LONGEST_TIMEOUT`].
    pub fn header_timeout(mut self, timeout: Duration) -> Self {
        self.limits.header_timeout = timeout.min(LONGEST_TIMEOUT);
        self
    }

    /// How long a request body may take, from when the emulator starts reading it (right after
    /// routing and faults); a late one is answered 408 `APIGW.0201` and the connection closed.
    /// Default [`DEFAULT_BODY_TIMEOUT`](crate::DEFAULT_BODY_TIMEOUT),
    /// at most [`LONGEST_TIMEOUT`].
    pub fn body_timeout(mut self, timeout: Duration) -> Self {
        self.limits.body_timeout = timeout.min(LONGEST_TIMEOUT);
        self
    }

    /// The largest request head (request line and headers) in bytes; a larger one is answered 431
    /// `APIGW.0201`. Default [`DEFAULT_MAX_HEAD_BYTES`](crate::DEFAULT_MAX_HEAD_BYTES); at most [`MAX_HEAD_BYTES_CEILING`]
    /// (larger values are lowered to it: hyper refuses longer targets itself, with an empty
    /// answer). A head may also have at most [`MAX_HEADERS`] header fields.
    pub fn max_head_bytes(mut self, bytes: usize) -> Self {
        self.limits.max_head_bytes = bytes.min(MAX_HEAD_BYTES_CEILING);
        self
    }

    /// How many connections are served at once (at least 1, at most 65 536). Past it, new connections are not
    /// accepted until one closes: they wait in the system's listen queue, and are served in turn.
    /// They are not refused, because a refusal would have to read the request to answer it
    /// properly (or reset the connection, losing the answer), and because the timeouts already
    /// bound how long a connection that sends nothing useful holds its place. Default
    /// [`DEFAULT_MAX_CONNECTIONS`].
    pub fn max_connections(mut self, n: usize) -> Self {
        self.max_connections = n.clamp(1, 65_536);
        self
    }

    /// Keeps the resources inferred from the spec (see [stateful resources](crate#stateful-resources)):
    /// create, list, show, update and delete act on a store, and unknown ids in paths are 404s.
    /// Default off.
    pub fn stateful(mut self, on: bool) -> Self {
        self.stateful = on;
        self
    }

    /// Reads the store from `path` at start when the file exists, and writes it there after every
    /// change. Implies [`MockServerBuilder::stateful`].
    pub fn state_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.state_file = Some(path.into());
        self.stateful = true;
        self
    }

    /// How many items each resource of the stateful store holds at most (a create past it is a
    /// 403). Default [`DEFAULT_MAX_ITEMS`]; at least 1.
    pub fn max_items(mut self, n: usize) -> Self {
        self.max_items = n.max(1);
        self
    }

    /// Loads the spec, binds the address and starts serving in a background task of the current
    /// tokio runtime.
    pub async fn start(self) -> Result<MockServer, StartError> {
        let (spec, yaml) = self.spec.unwrap_or_else(SpecSource::kafka).load()?;
        for rule in &self.faults {
            if let crate::FaultScope::Operation(id) = &rule.scope
                && !spec.operations.iter().any(|o| &o.id == id)
            {
                return Err(StartError::UnknownOperation(rule.to_string()));
            }
        }
        let identities = if self.identities.is_empty() {
            vec![Identity {
                access_key: DEFAULT_ACCESS_KEY.to_owned(),
                secret_key: DEFAULT_SECRET_KEY.to_owned(),
                project_id: Some(DEFAULT_PROJECT_ID.to_owned()),
            }]
        } else {
            self.identities
        };
        if self.lenient {
            tracing::warn!(
                "LENIENT AUTH IS ON: any Authorization header is accepted without checking the signature; never use this to test signing"
            );
        }
        let faults = Faults::default();
        for rule in self.faults {
            faults.add(rule);
        }
        let conformer = Conformer::new(&spec);
        let texts = yaml.as_deref().map(text_examples).unwrap_or_default();
        let answers = prepare(&spec, &conformer, &texts);
        let listings = seed_all(&spec, self.seed, &answers);
        let item_routes = item_routes(&spec, &listings);
        let state = if self.stateful {
            let model = infer(&spec);
            Some(
                State::new(&spec, model, &answers, self.state_file, self.max_items)
                    .map_err(StartError::State)?,
            )
        } else {
            None
        };
        let shared = Arc::new(Shared {
            routes: Routes::new(&spec),
            validator: Validator::new(&spec),
            listings: Mutex::new(listings),
            answers,
            item_routes,
            deleted: Deleted::default(),
            state,
            conformer,
            auth: Auth {
                identities,
                lenient: self.lenient,
                clock: self.clock,
            },
            faults: faults.clone(),
            log: Mutex::new(Default::default()),
            body_limit: self.body_limit,
            body_timeout: self.limits.body_timeout,
            spec,
        });
        let listener = TcpListener::bind(self.listen)
            .await
            .map_err(|source| StartError::Bind {
                addr: self.listen,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| StartError::Bind {
            addr: self.listen,
            source,
        })?;
        let (tx, rx) = watch::channel(false);
        let task = tokio::spawn(serve(
            listener,
            shared.clone(),
            self.limits,
            self.max_connections,
            rx,
        ));
        Ok(MockServer {
            addr,
            shared,
            faults,
            stop: Some(tx),
            task: Some(task),
        })
    }
}

/// A running emulator. Dropping it stops it (without waiting); [`MockServer::shutdown`] waits.
pub struct MockServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    faults: Faults,
    stop: Option<watch::Sender<bool>>,
    task: Option<JoinHandle<()>>,
}

impl MockServer {
    /// Configures an emulator.
    pub fn builder() -> MockServerBuilder {
        MockServerBuilder::default()
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Its base URL, `http://127.0.0.1:<port>`: the endpoint to give a client.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The fault rules (change them at any time).
    pub fn faults(&self) -> &Faults {
        &self.faults
    }

    /// The spec it serves.
    pub fn spec(&self) -> &Spec {
        &self.shared.spec
    }

    /// The items in the store of a paginated operation (`None`: not a paginated operation).
    pub fn items(&self, operation_id: &str) -> Option<Vec<Value>> {
        self.shared.items(operation_id)
    }

    /// For an operation that reads or deletes one item of a store (for Kafka ShowBackgroundTask
    /// and DeleteBackgroundTask): the path parameter naming the item and the ids of the items the
    /// store holds now, in store order. `None` for other operations.
    pub fn item_ids(&self, operation_id: &str) -> Option<(String, Vec<String>)> {
        let index = self
            .shared
            .spec
            .operations
            .iter()
            .position(|o| o.id == operation_id)?;
        let route = self.shared.item_routes.get(index)?.as_ref()?;
        let items = self.shared.items(&route.store)?;
        let ids = items
            .iter()
            .filter_map(|i| i.get(&route.field).and_then(Value::as_str))
            .map(str::to_owned)
            .collect();
        Some((route.param.clone(), ids))
    }

    /// The resources inferred from the spec ([`crate::infer::infer`]); the stateful
    /// emulator keeps these.
    pub fn resources(&self) -> ResourceModel {
        match &self.shared.state {
            Some(state) => state.model.clone(),
            None => infer(&self.shared.spec),
        }
    }

    /// The items the stateful store holds for the resource whose item path is `item_path`
    /// ([`crate::Resource::item`]), newest first, each with its parents' ids (outermost first).
    /// Empty when the emulator is not stateful or has no such resource.
    pub fn stored(&self, item_path: &str) -> Vec<(Vec<String>, Value)> {
        let Some(state) = &self.shared.state else {
            return Vec::new();
        };
        let Some(r) = state
            .model
            .resources
            .iter()
            .position(|r| r.item == item_path)
        else {
            return Vec::new();
        };
        state
            .items(r)
            .into_iter()
            .map(|s| (s.parent, Value::Object(s.item)))
            .collect()
    }

    /// For an operation of the stateful emulator: ids that exist now for each id parameter of its
    /// path (the first stored item, under the ids chosen for its parents). `None` when the
    /// emulator is not stateful, the operation is unknown, or an id parameter has no item.
    pub fn existing_path_ids(
        &self,
        operation_id: &str,
    ) -> Option<std::collections::BTreeMap<String, String>> {
        let state = self.shared.state.as_ref()?;
        let index = self
            .shared
            .spec
            .operations
            .iter()
            .position(|o| o.id == operation_id)?;
        let mut chosen = std::collections::BTreeMap::new();
        for (param, r) in state.model.ids.get(index)? {
            let resource = &state.model.resources[*r];
            let parent: Option<Vec<String>> = resource
                .parents
                .iter()
                .map(|p| chosen.get(&p.param).cloned())
                .collect();
            let item = state
                .items(*r)
                .into_iter()
                .find(|s| parent.as_ref().is_none_or(|p| &s.parent == p))?;
            let id = match item.item.get(&resource.id_field)? {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            // The parents' ids of the item chosen, when the path does not name them.
            for (p, v) in resource.parents.iter().zip(&item.parent) {
                chosen.entry(p.param.clone()).or_insert_with(|| v.clone());
            }
            chosen.insert(param.clone(), id);
        }
        Some(chosen)
    }

    /// Replaces the items in the store of a paginated operation; `false` when it is not one.
    pub fn set_items(&self, operation_id: &str, items: Vec<Value>) -> bool {
        self.shared.set_items(operation_id, items)
    }

    /// The requests received so far (the last [`crate::REQUEST_LOG_CAPACITY`]), oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        let log = self.shared.log.lock().unwrap_or_else(|e| e.into_inner());
        log.iter().cloned().collect()
    }

    /// Forgets the recorded requests.
    pub fn clear_requests(&self) {
        self.shared
            .log
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    /// Stops accepting connections, lets open ones finish (idle keep-alive connections are closed
    /// at once) and waits up to 5 seconds for that.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(true);
        }
        if let Some(mut task) = self.task.take()
            && tokio::time::timeout(Duration::from_secs(5), &mut task)
                .await
                .is_err()
        {
            task.abort();
        }
    }
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("addr", &self.addr)
            .field("service", &self.shared.spec.service)
            .field("lenient_auth", &self.shared.auth.lenient)
            .finish_non_exhaustive()
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(true);
        }
    }
}

/// Accepts connections (at most `max_connections` open at once) and serves each until `stop`
/// says true; then lets the open ones finish (idle ones are closed at once) and returns.
async fn serve(
    listener: TcpListener,
    shared: Arc<Shared>,
    limits: ConnLimits,
    max_connections: usize,
    mut stop: watch::Receiver<bool>,
) {
    let slots = Arc::new(Semaphore::new(max_connections));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.max_headers(MAX_HEADERS)
        .timer(TokioTimer::new())
        // A backstop for what the gate does not follow (after a chunked request): bounds the idle
        // time and the head together, a second later than the gate's own timeouts can fire.
        .header_read_timeout(limits.idle_timeout + limits.header_timeout + Duration::from_secs(1));
    // Warned once each time the slots run out, not for every connection that then waits.
    let mut warned = false;
    loop {
        let slot = match slots.clone().try_acquire_owned() {
            Ok(slot) => {
                warned = false;
                slot
            }
            Err(_) => {
                if !std::mem::replace(&mut warned, true) {
                    tracing::warn!(
                        max_connections,
                        "every connection slot is taken; new connections wait until one closes"
                    );
                }
                tokio::select! {
                    slot = slots.clone().acquire_owned() => match slot {
                        Ok(slot) => slot,
                        Err(_) => break,
                    },
                    _ = stopped(&mut stop) => break,
                }
            }
        };
        let stream = tokio::select! {
            stream = accept(&listener) => stream,
            _ = stopped(&mut stop) => break,
        };
        let (gate, conn) = Gate::new(stream, limits);
        let shared = shared.clone();
        let service =
            hyper::service::service_fn(move |request: http::Request<hyper::body::Incoming>| {
                // Called as soon as hyper has parsed the head: the connection is busy from here on.
                let (refusal, busy) = conn.begin_request();
                let answer = handle(
                    shared.clone(),
                    conn.clone(),
                    refusal,
                    request.map(axum::body::Body::new),
                );
                async move {
                    let response = answer.await;
                    drop(busy);
                    Ok::<_, Infallible>(response)
                }
            });
        let connection = http.serve_connection(TokioIo::new(gate), service);
        let mut stop = stop.clone();
        tokio::spawn(async move {
            let _slot = slot;
            tokio::pin!(connection);
            let result = tokio::select! {
                result = connection.as_mut() => result,
                _ = stopped(&mut stop) => {
                    connection.as_mut().graceful_shutdown();
                    connection.await
                }
            };
            if let Err(e) = result {
                tracing::debug!(error = %e, "connection ended with an error");
            }
        });
    }
    // Every slot free again: every connection is closed.
    let all = u32::try_from(max_connections).unwrap_or(u32::MAX);
    let _ = slots.acquire_many_owned(all).await;
}

/// Returns once the emulator is told to stop (or can no longer be).
async fn stopped(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|stopped| *stopped).await;
}

/// The next accepted connection. Accepting fails when the process is out of file descriptors and
/// the like: wait a little then, as axum does.
async fn accept(listener: &TcpListener) -> TcpStream {
    loop {
        match listener.accept().await {
            Ok((stream, _)) => {
                let _ = stream.set_nodelay(true);
                return stream;
            }
            Err(e) => {
                tracing::warn!(error = %e, "accept failed");
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    }
}
