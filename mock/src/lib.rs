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
//!    known path with another method → 405 with `Allow`.
//! 2. **Faults** ([`faults`]): an injected status, delay, truncated body or closed connection.
//! 3. **Authentication** ([`auth`]): the signature (401) and the project (403). `--lenient-auth`
//!    accepts any `Authorization` header without checking it.
//! 4. **Validation** ([`validate`](self#validation)): parameters and JSON body → 400.
//! 5. **Answer**: the operation's first 2xx response: its example (or `{}`, or no body for 204).
//!    An operation with `x-paginated` answers from its [store](self#stateful-listings).
//!
//! Every answer carries `X-Request-Id` (32 hex digits); errors are
//! `{"error_code", "error_msg", "request_id"}`, with the codes listed in [`error`].
//!
//! # Routing
//!
//! When two templates match the same path, the one with more literal segments wins
//! (`/instances/count` before `/instances/{instance_id}`). A parameter never matches an empty
//! segment, and paths are not normalised: `..` is an ordinary segment value.
//!
//! # Validation
//!
//! Required parameters, integers and their `int32` range, numbers, booleans, `enum`, `pattern`,
//! `x-datetime-format: YYYYMMDDHHmmss` (a real date), a declared query parameter given twice;
//! the JSON body against its schema. Undeclared query parameters and headers are ignored.
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

#![deny(missing_docs)]

pub mod auth;
pub mod error;
pub mod faults;
mod handler;
mod routes;
mod server;
mod store;
mod validate;

pub use auth::{Clock, MAX_CLOCK_SKEW};
pub use error::ApiError;
pub use faults::{Fault, FaultParseError, FaultRule, FaultScope, Faults};
pub use handler::{REQUEST_ID_HEADER, REQUEST_LOG_CAPACITY, RecordedRequest};
pub use server::{
    DEFAULT_ACCESS_KEY, DEFAULT_BODY_LIMIT, DEFAULT_PROJECT_ID, DEFAULT_SECRET_KEY, KAFKA_SPEC,
    MockServer, MockServerBuilder, SpecSource, StartError,
};
pub use store::DEFAULT_LIMIT;

/// Re-exported so users can load and build specs without naming `codegen`.
pub use codegen::spec::Spec;
