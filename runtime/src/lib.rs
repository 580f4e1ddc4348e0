//! Runtime for the generated Huawei Cloud SDK crates.
//!
//! Every generated service crate (for example `huaweicloud-kafka`) is a thin layer of types and
//! fluent builders over this crate, which does the work that is the same for every service:
//!
//! - [`sign`]: `SDK-HMAC-SHA256` request signing, byte for byte what the official SDKs send, and a
//!   verifier (used by the local emulator and the tests);
//! - [`credentials`]: AK/SK credentials from code, the environment or the profile file, with a
//!   documented provider chain;
//! - [`auth`]: how each operation is authorized (AK/SK signature, none, bearer token, API key),
//!   chosen by the generator from the spec's `security`;
//! - [`region`]: region ids and endpoint resolution (descriptor template, exceptions, environment
//!   override, explicit endpoint);
//! - [`Client`]: the HTTP client with timeouts, retries, re-signing and tracing, over
//!   [`transport`] (HTTP/1.1 on hyper, TLS by rustls with the webpki roots, HTTP proxies, a
//!   connection pool);
//! - [`Error`]: one error type that tells service errors, transport failures, timeouts, decoding
//!   failures and invalid input apart;
//! - [`paginate`]: offset/limit pagination as a stream;
//! - [`wire`]: serde helpers for the documented quirks of the wire format;
//! - [`mod@format`]: types of OpenAPI string formats (base64 bytes).
//!
//! Secrets (the secret key, the security token, signatures) never appear in `Debug`, `Display`,
//! errors or logs.
//!
//! # What generated code does with it
//!
//! ```no_run
//! use huaweicloud_core::{Client, Credentials, Operation, OperationInput, Region, ServiceDescriptor};
//!
//! static KAFKA: ServiceDescriptor = ServiceDescriptor {
//!     name: "kafka",
//!     endpoint_template: "https://dms.{region}.myhuaweicloud.com",
//!     regions: &["cn-north-4"],
//!     region_endpoints: &[],
//!     user_agent: "huaweicloud-kafka/0.1.0",
//! };
//! const LIST_TASKS: Operation = Operation {
//!     id: "ListBackgroundTasks",
//!     method: http::Method::GET,
//!     path: "/v2/{project_id}/instances/{instance_id}/tasks",
//! };
//!
//! # async fn run() -> huaweicloud_core::Result<()> {
//! let client = Client::builder(&KAFKA)
//!     .region(Region::CN_NORTH_4)
//!     .credentials(Credentials::new("AK", "SK").with_project_id("0123456789abcdef"))
//!     .build()?;
//! let input = OperationInput {
//!     path: vec![("instance_id", "5d3c2a1b-1234".to_owned())],
//!     query: vec![("limit", "10".to_owned())],
//!     ..OperationInput::default()
//! };
//! let response = client.execute(&LIST_TASKS, input).await?;
//! let tasks: serde_json::Value = response.json()?;
//! # Ok(()) }
//! ```

#![deny(missing_docs)]

pub mod auth;
pub mod client;
pub mod credentials;
pub mod env;
pub mod error;
pub mod format;
pub mod operation;
pub mod paginate;
pub mod region;
pub mod retry;
pub mod sign;
pub mod time;
pub mod transport;
pub mod wire;

mod excerpt;

pub use client::{Client, ClientBuilder, ServiceDescriptor};
pub use credentials::Credentials;
pub use error::{Error, PagingProblem, ServiceError, TimeoutKind};
pub use operation::{ApiRequest, Operation, OperationInput, RawResponse};
pub use region::Region;
pub use retry::RetryConfig;

/// The `jiff` crate (with its serde support), re-exported for generated types of `format: date-time` and
/// `format: date` (`jiff::Timestamp`, `jiff::civil::Date`): generated crates depend on this crate only.
pub use jiff;

/// The `http` crate, re-exported so generated code can name `http::Method` without depending on it.
pub use http;

/// The result type of this crate and of the generated crates.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The version of this runtime crate, as sent in the `User-Agent` header.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
