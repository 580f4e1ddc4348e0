//! The request pipeline: route → fault → body → authentication → validation → answer.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::Request;
use axum::response::Response;
use bytes::{Bytes, BytesMut};
use codegen::spec::Spec;
use futures_util::StreamExt;
use http::{HeaderValue, StatusCode, header};
use huaweicloud_core::sign::ReceivedRequest;
use serde_json::Value;

use crate::answers::{Canned, JSON_CONTENT_TYPE};
use crate::auth::Auth;
use crate::conform::Conformer;
use crate::conn::{ConnState, Refusal};
use crate::error::{ApiError, codes};
use crate::faults::{Fault, Faults};
use crate::resources::{Deleted, ItemAction, ItemRoute, item_answer};
use crate::routes::{Resolution, Routes, decoded_segments};
use crate::store::Listing;
use crate::validate::Validator;

/// The header carrying the request id on every answer.
pub const REQUEST_ID_HEADER: &str = "X-Request-Id";

/// How many requests [`crate::MockServer::requests`] keeps (the oldest are dropped).
pub const REQUEST_LOG_CAPACITY: usize = 10_000;

/// One request the emulator received, and what it answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedRequest {
    /// The method.
    pub method: String,
    /// The path as received (percent-encoded). For a malformed request refused before it could be
    /// parsed: its target as far as it was read, with control characters escaped.
    pub path: String,
    /// The query string as received (without `?`).
    pub query: String,
    /// The operation the route resolved to.
    pub operation: Option<String>,
    /// The decoded path parameters.
    pub path_params: Vec<(String, String)>,
    /// The status answered; `None` when the connection was closed without an answer.
    pub status: Option<u16>,
    /// The `error_code` answered, for errors.
    pub error_code: Option<String>,
    /// The `X-Request-Id` answered.
    pub request_id: String,
}

/// What every request shares.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) spec: Spec,
    pub(crate) routes: Routes,
    pub(crate) validator: Validator,
    pub(crate) auth: Auth,
    pub(crate) listings: Mutex<HashMap<String, Listing>>,
    /// The success answer of each operation (spec order).
    pub(crate) answers: Vec<Canned>,
    /// The store item each operation reads or removes (spec order).
    pub(crate) item_routes: Vec<Option<ItemRoute>>,
    /// Deleted resources (when not stateful).
    pub(crate) deleted: Deleted,
    /// The stateful store ([`crate::MockServerBuilder::stateful`]).
    pub(crate) state: Option<crate::state::State>,
    pub(crate) conformer: Conformer,
    pub(crate) faults: Faults,
    pub(crate) log: Mutex<std::collections::VecDeque<RecordedRequest>>,
    pub(crate) body_limit: usize,
    /// How long reading a request body may take.
    pub(crate) body_timeout: Duration,
}

fn new_request_id() -> String {
    let mut rng = fastrand::Rng::new();
    format!("{:016x}{:016x}", rng.u64(..), rng.u64(..))
}

/// An answer before the request id and faults are applied.
struct Answer {
    status: StatusCode,
    headers: Vec<(&'static str, String)>,
    /// The body and its media type.
    body: Option<(Bytes, &'static str)>,
    error_code: Option<String>,
}

impl Answer {
    fn json(status: StatusCode, v: &Value) -> Self {
        Answer {
            status,
            headers: Vec::new(),
            body: Some((
                Bytes::from(serde_json::to_vec(v).unwrap_or_default()),
                JSON_CONTENT_TYPE,
            )),
            error_code: None,
        }
    }

    fn canned(c: &Canned) -> Self {
        Answer {
            status: c.status,
            headers: Vec::new(),
            body: c.body.clone(),
            error_code: None,
        }
    }

    fn error(e: ApiError, request_id: &str) -> Self {
        let mut a = Self::json(e.status, &e.body(request_id));
        a.headers = e.headers;
        a.error_code = Some(e.code);
        a
    }
}

impl Shared {
    fn lock_listings(&self) -> std::sync::MutexGuard<'_, HashMap<String, Listing>> {
        self.listings.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn items(&self, operation: &str) -> Option<Vec<Value>> {
        self.lock_listings()
            .get(operation)
            .map(|l| l.items().to_vec())
    }

    pub(crate) fn set_items(&self, operation: &str, items: Vec<Value>) -> bool {
        match self.lock_listings().get_mut(operation) {
            Some(l) => {
                l.set_items(items);
                true
            }
            None => false,
        }
    }

    fn record(&self, r: RecordedRequest) {
        let mut log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        if log.len() >= REQUEST_LOG_CAPACITY {
            log.pop_front();
        }
        log.push_back(r);
    }

    /// The answer of a request that passed every check: from the store, from the deleted
    /// resources, or the operation's success answer.
    fn success(
        &self,
        op_index: usize,
        params: &[(String, String)],
        path: &[String],
        query: &crate::validate::QueryValues,
        body: &[u8],
        request_id: &str,
    ) -> Answer {
        let (Some(op), Some(canned)) = (
            self.spec.operations.get(op_index),
            self.answers.get(op_index),
        ) else {
            return Answer::json(StatusCode::OK, &Value::Object(Default::default()));
        };
        if let Some(state) = &self.state {
            if let Err(e) = state.check_ids(op_index, params) {
                return Answer::error(e, request_id);
            }
            let now = self.auth.clock.now();
            match state.act(
                &self.spec,
                op_index,
                params,
                query,
                body,
                canned,
                &self.conformer,
                now,
            ) {
                Some(Ok(crate::state::Reply::Json(v))) => return Answer::json(canned.status, &v),
                Some(Ok(crate::state::Reply::Canned)) => return Answer::canned(canned),
                Some(Err(e)) => return Answer::error(e, request_id),
                None => {}
            }
        } else if let Some(gone) = self.deleted.covering(path) {
            let e = ApiError::resource_not_found(format!("/{} was deleted", gone.join("/")));
            return Answer::error(e, request_id);
        }
        if let Some(route) = self.item_routes.get(op_index).and_then(Option::as_ref) {
            return self.item(route, params, canned, op, request_id);
        }
        let answer = match self.lock_listings().get(&op.id) {
            Some(listing) if op.paginated.is_some() => {
                Answer::json(canned.status, &listing.answer(query))
            }
            _ => Answer::canned(canned),
        };
        match op.method {
            _ if self.state.is_some() => {}
            codegen::spec::Method::Delete => self.deleted.record(path.to_vec()),
            codegen::spec::Method::Post => self.deleted.recreate_below(path),
            _ => {}
        }
        answer
    }

    /// Reads or removes an item of a store.
    fn item(
        &self,
        route: &ItemRoute,
        params: &[(String, String)],
        canned: &Canned,
        op: &codegen::spec::Operation,
        request_id: &str,
    ) -> Answer {
        let id = params
            .iter()
            .find(|(k, _)| *k == route.param)
            .map_or("", |(_, v)| v.as_str());
        let mut listings = self.lock_listings();
        let Some(listing) = listings.get_mut(&route.store) else {
            return Answer::canned(canned);
        };
        let not_found = || {
            let e = ApiError::resource_not_found(format!("{} '{id}' is not found", route.param));
            Answer::error(e, request_id)
        };
        match route.action {
            ItemAction::Delete if listing.remove(&route.field, id) => Answer::canned(canned),
            ItemAction::Read => match listing.find(&route.field, id) {
                Some(item) => {
                    let value = item_answer(canned.json.as_ref(), listing, item.clone());
                    let value = match op.responses.iter().find_map(|r| {
                        let s: u16 = r.status.parse().ok()?;
                        (200..300)
                            .contains(&s)
                            .then_some(r.schema.as_ref())
                            .flatten()
                    }) {
                        Some(schema) => {
                            let c = self.conformer.conform_root(schema, &value);
                            for change in &c.changes {
                                tracing::debug!(
                                    target: "huaweicloud_mock::conform",
                                    operation = %op.id,
                                    "store item repaired: {change}"
                                );
                            }
                            c.value
                        }
                        None => value,
                    };
                    Answer::json(canned.status, &value)
                }
                None => not_found(),
            },
            ItemAction::Delete => not_found(),
        }
    }
}

/// Builds the response; `truncate` cuts the body in half while keeping the full `Content-Length`.
fn into_response(answer: Answer, request_id: &str, is_head: bool, truncate: bool) -> Response {
    let mut builder = Response::builder().status(answer.status);
    if let Ok(v) = HeaderValue::from_str(request_id) {
        builder = builder.header(REQUEST_ID_HEADER, v);
    }
    for (name, value) in &answer.headers {
        if let Ok(v) = HeaderValue::from_str(value) {
            builder = builder.header(*name, v);
        }
    }
    let body = match answer.body {
        Some((body, content_type)) => {
            builder = builder.header(header::CONTENT_TYPE, content_type);
            body
        }
        None => Bytes::new(),
    };
    let response = if truncate {
        // An empty body is announced as 2 bytes so that the client still sees a short read.
        let declared = body.len().max(2);
        let sent = body.slice(..body.len() / 2);
        // The error comes a moment later so that the head and the first half are flushed first.
        let rest = futures_util::stream::once(async {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            Err::<Bytes, _>(std::io::Error::new(
                std::io::ErrorKind::ConnectionAborted,
                "injected fault: truncated body",
            ))
        });
        let chunks = futures_util::stream::iter([Ok(sent)]).chain(rest);
        builder
            .header(header::CONTENT_LENGTH, declared)
            .body(Body::from_stream(chunks))
    } else if is_head {
        builder.body(Body::empty())
    } else {
        builder.body(Body::from(body))
    };
    response.unwrap_or_else(|_| {
        let mut r = Response::new(Body::empty());
        *r.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
        r
    })
}

/// Why a request body could not be read.
enum BodyError {
    TooLarge,
    TimedOut,
    Broken,
}

/// Reads the whole body: at most `limit` bytes, within `timeout`.
async fn read_body(body: Body, limit: usize, timeout: Duration) -> Result<Bytes, BodyError> {
    let mut stream = body.into_data_stream();
    let mut collected = BytesMut::new();
    let read = async {
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|_| BodyError::Broken)?;
            if collected.len() + chunk.len() > limit {
                return Err(BodyError::TooLarge);
            }
            collected.extend_from_slice(&chunk);
        }
        Ok(())
    };
    match tokio::time::timeout(timeout, read).await {
        Ok(Ok(())) => Ok(collected.freeze()),
        Ok(Err(e)) => Err(e),
        Err(_) => Err(BodyError::TimedOut),
    }
}

/// The answer to a request that cannot be read to the end; the connection is closed after it,
/// as what follows on it cannot be framed.
fn unreadable(status: StatusCode, reason: impl std::fmt::Display) -> ApiError {
    ApiError::request_error(status, reason).with_header("Connection", "close")
}

/// The single handler behind every route. `refusal` is set when the request is the stand-in of a
/// head the connection's gate refused ([`crate::conn`]).
pub(crate) async fn handle(
    shared: Arc<Shared>,
    conn: Arc<ConnState>,
    refusal: Option<Refusal>,
    request: Request,
) -> Response {
    let started = Instant::now();
    let request_id = new_request_id();
    let (parts, body) = request.into_parts();
    let method = parts.method.clone();
    let path = parts.uri.path().to_owned();
    let query = parts.uri.query().unwrap_or("").to_owned();
    let mut record = RecordedRequest {
        method: method.to_string(),
        path: path.clone(),
        query: query.clone(),
        operation: None,
        path_params: Vec::new(),
        status: None,
        error_code: None,
        request_id: request_id.clone(),
    };
    let mut truncate = false;

    let answer: Option<Answer> = async {
        if let Some(refusal) = refusal {
            record.method = refusal.method;
            record.path = refusal.target;
            record.query = String::new();
            let e = unreadable(refusal.status, refusal.reason);
            return Some(Answer::error(e, &request_id));
        }
        let (op_index, params) = match shared.routes.resolve(&method, &path) {
            Resolution::Found { operation, params } => (operation, params),
            Resolution::MethodNotAllowed(allowed) => {
                let allow = allowed.iter().map(http::Method::as_str).collect::<Vec<_>>().join(", ");
                let e = ApiError::new(
                    StatusCode::METHOD_NOT_ALLOWED,
                    codes::NOT_FOUND,
                    format!("The API does not exist: {method} is not a method of this path (allowed: {allow})"),
                )
                .with_header("Allow", allow);
                return Some(Answer::error(e, &request_id));
            }
            Resolution::NotFound => {
                let e = ApiError::new(
                    StatusCode::NOT_FOUND,
                    codes::NOT_FOUND,
                    "The API does not exist or has not been published in the environment",
                );
                return Some(Answer::error(e, &request_id));
            }
        };
        // Read before the operation is named: operations sharing a method and path are told apart by it.
        let body = match read_body(body, shared.body_limit, shared.body_timeout).await {
            Ok(b) => b,
            Err(why) => {
                let e = match why {
                    BodyError::TooLarge => unreadable(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        format!("Request entity too large (the limit is {} bytes)", shared.body_limit),
                    ),
                    BodyError::TimedOut => unreadable(
                        StatusCode::REQUEST_TIMEOUT,
                        format!(
                            "the request body did not arrive within {} s",
                            shared.body_timeout.as_secs_f64()
                        ),
                    ),
                    BodyError::Broken => unreadable(
                        StatusCode::BAD_REQUEST,
                        "the request body is shorter than its Content-Length or badly chunked",
                    ),
                };
                return Some(Answer::error(e, &request_id));
            }
        };
        let op_index = pick_by_body(&shared, op_index, &body);
        let op = shared.spec.operations.get(op_index)?;
        record.operation = Some(op.id.clone());
        record.path_params = params.clone();

        match shared.faults.take(&op.id) {
            Some(Fault::Status { code, retry_after }) => {
                let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                let mut e = ApiError::injected(status);
                if let Some(secs) = retry_after {
                    e = e.with_header("Retry-After", secs.to_string());
                }
                return Some(Answer::error(e, &request_id));
            }
            Some(Fault::Delay(d)) => tokio::time::sleep(d).await,
            Some(Fault::TruncatedBody) => truncate = true,
            Some(Fault::CloseConnection) => {
                conn.kill();
                return None;
            }
            None => {}
        }

        let received = ReceivedRequest::from_parts(&parts, &body);
        if let Err(e) = shared.auth.check(&received, op, &params) {
            return Some(Answer::error(e, &request_id));
        }
        let values = match shared
            .validator
            .check_request(op, &params, &query, &parts.headers, &body)
        {
            Ok(v) => v,
            Err(e) => return Some(Answer::error(e, &request_id)),
        };
        Some(shared.success(
            op_index,
            &params,
            &decoded_segments(&path),
            &values,
            &body,
            &request_id,
        ))
    }
    .await;

    let response = match answer {
        Some(a) => {
            record.status = Some(a.status.as_u16());
            record.error_code = a.error_code.clone();
            into_response(a, &request_id, method == http::Method::HEAD, truncate)
        }
        None => {
            // The connection is marked closed: whatever is written now fails and hyper drops it.
            let mut r = Response::new(Body::empty());
            *r.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
            r
        }
    };
    tracing::info!(
        target: "huaweicloud_mock::request",
        method = %record.method,
        path = %record.path,
        operation = record.operation.as_deref().unwrap_or("-"),
        status = record.status.map_or_else(|| "closed".to_owned(), |s| s.to_string()),
        error_code = record.error_code.as_deref().unwrap_or("-"),
        request_id = %request_id,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "request"
    );
    shared.record(record);
    response
}

/// Among the operations sharing `op_index`'s method and path (action APIs), the one whose request schema the
/// body fits best; ties go to the first in spec order.
fn pick_by_body(shared: &Shared, op_index: usize, body: &[u8]) -> usize {
    let siblings = shared.routes.siblings(op_index);
    if siblings.is_empty() {
        return op_index;
    }
    let json: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
    siblings
        .into_iter()
        .filter_map(|i| Some((i, shared.spec.operations.get(i)?)))
        .max_by_key(|(i, op)| (shared.validator.body_fit(op, &json), std::cmp::Reverse(*i)))
        .map_or(op_index, |(i, _)| i)
}
