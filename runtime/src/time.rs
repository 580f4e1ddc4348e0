//! Injectable time: the wall clock (for `X-Sdk-Date` and `Retry-After` dates) and the sleep used
//! between retries.
//!
//! Tests give the client a fixed or stepping clock and a sleep that records the delay and returns
//! at once, so retry behaviour is exact and fast. Timeouts (connect, attempt, operation) use
//! tokio's timer, which tests can pause with `tokio::time::pause`.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

/// A boxed future returned by [`Sleep::sleep`].
pub type SleepFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

/// The wall clock.
///
/// Implemented for closures `Fn() -> jiff::Timestamp`.
pub trait Clock: Send + Sync {
    /// Now.
    fn now(&self) -> jiff::Timestamp;
}

impl<F> Clock for F
where
    F: Fn() -> jiff::Timestamp + Send + Sync,
{
    fn now(&self) -> jiff::Timestamp {
        self()
    }
}

/// The system clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> jiff::Timestamp {
        jiff::Timestamp::now()
    }
}

/// Waiting between retries.
///
/// Implemented for closures `Fn(Duration) -> impl Future<Output = ()>`.
pub trait Sleep: Send + Sync {
    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> SleepFuture;
}

impl<F, Fut> Sleep for F
where
    F: Fn(Duration) -> Fut + Send + Sync,
    Fut: Future<Output = ()> + Send + 'static,
{
    fn sleep(&self, duration: Duration) -> SleepFuture {
        Box::pin(self(duration))
    }
}

/// tokio's sleep.
#[derive(Clone, Copy, Debug, Default)]
pub struct TokioSleep;

impl Sleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> SleepFuture {
        Box::pin(tokio::time::sleep(duration))
    }
}

pub(crate) struct Opaque(pub &'static str);

impl fmt::Debug for Opaque {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}
