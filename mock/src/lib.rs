//! A local emulator of Huawei Cloud APIs, driven by the OpenAPI spec of a service (`spec/*.yaml`).
//!
//! It behaves like the real service at the edges that matter to a client: it checks
//! `SDK-HMAC-SHA256` signatures the way the API gateway does, validates requests against the
//! spec, answers from the spec's examples, keeps paginated listings in a stateful store, and can
//! inject faults. Every operation added to the spec is served without new code.
//!
//! ```no_run
//! # async fn demo() -> Result<(), huaweicloud_mock::StartError> {
//! use huaweicloud_mock::{Fault, FaultScope, MockServer};
//!
//! let server = MockServer::builder()
//!     .spec("spec/kafka.yaml")                     // default: the embedded Kafka spec
//!     .credentials("my-ak", "my-sk", "my-project") // default: DEFAULT_ACCESS_KEY/…
//!     .seed_tasks(1000)
//!     .start()
//!     .await?;
//! println!("endpoint: {}", server.url());           // http://127.0.0.1:<free port>
//! server.faults().set("ListBackgroundTasks", Fault::Status { code: 503, retry_after: None }, Some(2));
//! server.faults().set(FaultScope::Global, Fault::Delay(std::time::Duration::from_millis(50)), None);
//! server.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! # What a request goes through
//!
//! 1. **Routing** ([`routes`](self#routing)): method + path template of every operation. The path
//!    is split on `/` before percent-decoding, so `a%2Fb` is one segment. Unknown path → 404,
//!    known path with another method → 405 with `Allow` (the methods of the most specific
//!    template matching the path).
//! 2. **Faults** ([`faults`]): an injected status, delay, truncated body or closed connection.
//! 3. **Authentication** ([`auth`]): the signature (401) and the project (403). `--lenient-auth`
//!    accepts any `Authorization` header without checking it.
//! 4. **Validation** ([`validate`](self#validation)): parameters and JSON body → 400.
//! 5. **Answer** ([`answers`](self#answers)): the operation's first 2xx response, with the
//!    spec's media type for it: its example made to conform to the response schema
//!    ([`conform`]), a body synthesized from the schema, `text/plain` text, or no body (204, or
//!    a status documented without content). An operation with `x-paginated` answers from its
//!    [store](self#stateful-listings); reads and deletes of one item or of a deleted resource
//!    follow [what the emulator keeps](self#resources). A [stateful](self#stateful-resources)
//!    emulator first checks that every id in the path exists, and answers the create, list, show,
//!    update and delete of its inferred resources from its store.
//!
//! Every answer carries `X-Request-Id` (32 hex digits); errors are
//! `{"error_code", "error_msg", "request_id"}`, with the codes listed in [`error`].
//!
//! # Connections
//!
//! HTTP/1.1 with keep-alive, served by hyper behind a gate that reads each request head before
//! hyper does. The gate refuses what hyper would refuse with an empty answer (a NUL, control or
//! non-ASCII byte in the target, a bad `Content-Length` or `Transfer-Encoding`, a malformed line,
//! a head over [`MockServerBuilder::max_head_bytes`] or with more than [`MAX_HEADERS`] fields)
//! and has it answered like any error: JSON, `X-Request-Id`, `APIGW.0201`, `Connection: close`.
//!
//! Timeouts are at most [`LONGEST_TIMEOUT`] (a year; longer ones are lowered to it).
//!
//! | limit | default | past it |
//! |---|---|---|
//! | [`MockServerBuilder::idle_timeout`] | [`DEFAULT_IDLE_TIMEOUT`] 60 s | the connection is closed (nothing was asked) |
//! | [`MockServerBuilder::header_timeout`] | [`DEFAULT_HEADER_TIMEOUT`] 10 s from the head's first byte | 408, closed |
//! | [`MockServerBuilder::body_timeout`] | [`DEFAULT_BODY_TIMEOUT`] 30 s | 408, closed |
//! | [`MockServerBuilder::body_limit`] | [`DEFAULT_BODY_LIMIT`] 8 MiB | 413, closed |
//! | [`MockServerBuilder::max_head_bytes`] | [`DEFAULT_MAX_HEAD_BYTES`] 32 KiB | 431, closed |
//! | [`MockServerBuilder::max_connections`] | [`DEFAULT_MAX_CONNECTIONS`] 128 | new connections wait in the listen queue until one closes |
//!
//! Past the connection limit, connections wait rather than being refused: a proper refusal
//! would have to read the request first, and a reset loses the answer; the timeouts bound how
//! long any connection holds its place, so a waiting one is served within about the idle
//! timeout. The gate follows `Content-Length` and chunked bodies to find where each head starts;
//! a chunked body whose framing it cannot follow is refused by hyper too (400, closed).
//!
//! # Routing
//!
//! When two templates with the method match the same path, the more specific one wins: compared
//! segment by segment from the left, a literal beats a parameter (`/instances/count` before
//! `/instances/{instance_id}`). A template without the method does not hide one with it
//! (`GET /instances/action` is ShowInstance for the instance `action`, `POST /instances/action`
//! is BatchRestartOrDeleteInstances); when no template has the method, the 405's `Allow` lists
//! exactly the methods of the most specific matching template (`OPTIONS /instances/action` →
//! `Allow: POST`). A parameter never matches an empty segment, and paths are not normalised:
//! `..` is an ordinary segment value.
//!
//! # Answers
//!
//! Computed once at start-up from the spec. The doc's examples are kept verbatim in the spec even
//! where they contradict their tables; the emulator answers what the tables say: each example is
//! made to conform to its response schema by [`conform::conform`] (drop `null`s, `"false"` →
//! `false`, `"10"` → `10`, `10` → `"10"`, members regrouped under a documented wrapper …; every
//! change is logged at debug level, target `huaweicloud_mock::conform`). Without an example the
//! body is [`conform::synthesize`]d from the schema. A `text/plain` answer is the operation's
//! `x-response-examples-text` (CreateKafkaConsumerGroup: `success`). Content-Type is the spec's
//! media type for the status answered (`application/json;charset=UTF-8` or
//! `text/plain;charset=UTF-8`; none without a body). Errors are always JSON.
//!
//! # Validation
//!
//! Required parameters, integers and their `int32` range, numbers, booleans, `enum`, `pattern`,
//! `x-datetime-format: YYYYMMDDHHmmss` (a real date), a declared query parameter given twice;
//! the JSON body against its schema. Undeclared query parameters and headers are ignored. A body
//! property with `x-example-type` (its examples carry another JSON type than its table says)
//! accepts both forms: `2` or `"2"` for a string `node_cnt` whose examples send integers (also
//! `true` for a string whose examples send booleans, `0`/`1` for a boolean whose examples send bits).
//!
//! # Stateful listings
//!
//! An operation with `x-paginated` (for Kafka, ListBackgroundTasks) answers from an in-memory
//! store, seeded from the items of its example plus [`MockServerBuilder::seed_tasks`] generated
//! items (deterministic: each copies an example item with a new `id` and timestamps 45–90 minutes
//! older than the previous one, so the store is newest first). Replace the items with
//! [`MockServer::set_items`].
//!
//! - Time filters: query parameters with `x-datetime-format` whose name starts with
//!   `begin`/`start`/`from` (lower bound) or `end`/`to` (upper bound), inclusive, read as UTC, on
//!   the item's creation time (the first timestamp field, preferring a name containing `create`:
//!   `created_at`), compared to the second.
//! - Paging: the `offset` parameter counts items from `first` (`start=1` is the first task); an
//!   offset below `first` reads as `first`; without `limit` a page has [`DEFAULT_LIMIT`] items; a
//!   `limit` of 0 or less gives an empty page.
//! - The `total` field (`task_count`) is the number of items matching the filters, written as a
//!   string when the schema says string.
//!
//! # Stateful resources
//!
//! With [`MockServerBuilder::stateful`] (`--stateful`; implied by
//! [`MockServerBuilder::state_file`], `--state FILE`) the emulator keeps the resources it
//! [infers](mod@infer) from the spec's paths (`--print-resources` shows them): a collection
//! `…/topics` with GET (list) and POST (create), and its items `…/topics/{topic}` with GET
//! (show), PUT (update) and DELETE (delete), nested under their parents' ids; an item path under
//! extra literal segments (`…/management/topics/{topic}`) when it is the only way to its items; a
//! batch delete (`POST …/topics/delete` listing the ids); batches whose body's `action` (or path) says
//! they add or remove the items they list (`POST …/tags/action` with `{"action": "create", "tags": […]}`),
//! and the listed collections without an item path that such a batch adds to (tags). Create stores the
//! request's fields with a new id and times; list, show, update and delete act on the store; list
//! honours the documented paging (offset/limit, start/limit, marker/limit, page/page_size) and the
//! query parameters named like item fields. Every id in a request's path must exist, parents
//! first: else a 404 `DMS.00404001` with `X-Request-Id` (a topic of an unknown instance is a 404).
//! Operations that act on no resource keep their example answers (they are still 404 on unknown
//! ids). The store starts from the examples' items (deterministic), or from the state file, which
//! is rewritten after every change. At most [`DEFAULT_MAX_ITEMS`] items per resource
//! ([`MockServerBuilder::max_items`]). The details are in the [`infer`](mod@infer) module and in
//! `src/state.rs`.
//!
//! Stateful mode is off by default: without it, any id is accepted and answered from the examples
//! (what the existing tests and tools expect), except the items of paginated stores and deleted
//! paths described next. [`MockServer::existing_path_ids`] tells a test which ids exist.
//!
//! # Resources
//!
//! What GET and DELETE of one resource do:
//!
//! - **Items of a store.** A GET or DELETE whose template is a paginated operation's template plus
//!   one parameter (`…/tasks/{task_id}`) reads or removes the store item with that id (its `id`
//!   field). ShowBackgroundTask answers `{"task_count": "1", "tasks": [the task]}`,
//!   DeleteBackgroundTask removes the task from the listing; an unknown id is a 404
//!   `DMS.00404001`. [`MockServer::item_ids`] tells which ids exist.
//! - **Other resources** are not stored: a GET of any id answers the example. But a successful
//!   DELETE is remembered (its decoded path): afterwards every request whose path starts with a
//!   deleted one (the resource and everything below it) is a 404 `DMS.00404001`, until a
//!   successful POST to a path above it (`POST …/connector/tasks` after
//!   `DELETE …/connector/tasks/t1`) creates it again.

#![deny(missing_docs)]

mod answers;
pub mod auth;
pub mod conform;
mod conn;
pub mod error;
pub mod faults;
mod handler;
pub mod infer;
mod resources;
mod routes;
mod server;
mod state;
mod store;
mod validate;

pub use auth::{Clock, MAX_CLOCK_SKEW};
pub use conn::{
    DEFAULT_BODY_TIMEOUT, DEFAULT_HEADER_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_HEAD_BYTES,
    LONGEST_TIMEOUT, MAX_HEAD_BYTES_CEILING, MAX_HEADERS,
};
pub use error::ApiError;
pub use faults::{Fault, FaultParseError, FaultRule, FaultScope, Faults};
pub use handler::{REQUEST_ID_HEADER, REQUEST_LOG_CAPACITY, RecordedRequest};
pub use infer::{ActionBatch, Batch, BatchEffect, Paging, Parent, Resource, ResourceModel, infer};
pub use server::{
    DEFAULT_ACCESS_KEY, DEFAULT_BODY_LIMIT, DEFAULT_MAX_CONNECTIONS, DEFAULT_PROJECT_ID,
    DEFAULT_SECRET_KEY, KAFKA_SPEC, MockServer, MockServerBuilder, SpecSource, StartError,
};
pub use state::DEFAULT_MAX_ITEMS;
pub use store::DEFAULT_LIMIT;

/// Re-exported so users can load and build specs without naming `codegen`.
pub use codegen::spec::Spec;
