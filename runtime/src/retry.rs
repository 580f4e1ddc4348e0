//! Retry policy.
//!
//! On by default: 3 attempts in all, exponential back-off from 100 ms capped at 5 s, with full
//! jitter (each delay is uniform in `[0, min(cap, base · 2^(n-1))]`).
//!
//! What is retried:
//! - for the idempotent methods `GET`, `HEAD`, `PUT`, `DELETE` (and `OPTIONS`): HTTP 429, 502,
//!   503 and 504, transport errors and attempt timeouts;
//! - for every method: failures to connect (the request was certainly not sent).
//!
//! A `Retry-After` header (seconds or an HTTP date) replaces the back-off delay. No retry starts
//! when its delay would pass the operation deadline; the last error is returned instead. Every
//! attempt is signed again, with a fresh `X-Sdk-Date`.

use std::time::Duration;

/// The random part of the back-off.
///
/// Implemented for closures `Fn(Duration) -> Duration`, which get the ceiling and return the delay.
pub trait Jitter: Send + Sync {
    /// A delay in `[0, ceiling]`.
    fn jitter(&self, ceiling: Duration) -> Duration;
}

impl<F> Jitter for F
where
    F: Fn(Duration) -> Duration + Send + Sync,
{
    fn jitter(&self, ceiling: Duration) -> Duration {
        self(ceiling)
    }
}

/// Full jitter: uniform in `[0, ceiling]` (the default).
#[derive(Clone, Copy, Debug, Default)]
pub struct FullJitter;

impl Jitter for FullJitter {
    fn jitter(&self, ceiling: Duration) -> Duration {
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        // Multiply-shift maps 64 random bits onto 0..=nanos (bias below 2^-64 per value).
        let r = (u128::from(random_u64()) * (u128::from(nanos) + 1)) >> 64;
        Duration::from_nanos(u64::try_from(r).unwrap_or(nanos))
    }
}

/// A per-thread xorshift64* generator seeded from the standard library's per-process random
/// hasher keys: plenty for spreading retries, and one dependency fewer than a random crate.
fn random_u64() -> u64 {
    use std::cell::Cell;
    use std::hash::{BuildHasher, RandomState};
    thread_local! {
        static STATE: Cell<u64> = Cell::new(
            RandomState::new().hash_one((std::process::id(), std::time::SystemTime::now())) | 1,
        );
    }
    STATE.with(|state| {
        let mut x = state.get();
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        state.set(x);
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    })
}

/// No jitter: always the ceiling.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoJitter;

impl Jitter for NoJitter {
    fn jitter(&self, ceiling: Duration) -> Duration {
        ceiling
    }
}

/// How often and how patiently to retry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryConfig {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self::standard()
    }
}

impl RetryConfig {
    /// 3 attempts, back-off from 100 ms capped at 5 s.
    pub fn standard() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(5),
        }
    }

    /// One attempt, no retry.
    pub fn disabled() -> Self {
        Self {
            max_attempts: 1,
            ..Self::standard()
        }
    }

    /// Attempts in all, the first included (0 is read as 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The back-off ceiling before the first retry; it doubles for each further retry.
    pub fn with_initial_backoff(mut self, delay: Duration) -> Self {
        self.initial_backoff = delay;
        self
    }

    /// The largest back-off ceiling.
    pub fn with_max_backoff(mut self, delay: Duration) -> Self {
        self.max_backoff = delay;
        self
    }

    /// Attempts in all, the first included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The back-off ceiling before the first retry.
    pub fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// The largest back-off ceiling.
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// The back-off ceiling before retry number `retry` (1 for the first retry):
    /// `min(max_backoff, initial_backoff · 2^(retry-1))`.
    pub fn backoff_ceiling(&self, retry: u32) -> Duration {
        let factor = 1u32
            .checked_shl(retry.saturating_sub(1))
            .unwrap_or(u32::MAX);
        self.initial_backoff
            .checked_mul(factor)
            .unwrap_or(self.max_backoff)
            .min(self.max_backoff)
    }
}

/// HTTP statuses worth retrying: 429, 502, 503, 504.
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 502 | 503 | 504)
}

/// Methods that can be sent twice without changing the outcome.
pub fn is_idempotent(method: &http::Method) -> bool {
    matches!(
        *method,
        http::Method::GET
            | http::Method::HEAD
            | http::Method::PUT
            | http::Method::DELETE
            | http::Method::OPTIONS
    )
}

/// The delay a `Retry-After` value asks for: delay-seconds, or an HTTP date (relative to `now`;
/// a past date gives zero). `None` when unparsable.
pub fn parse_retry_after(value: &str, now: jiff::Timestamp) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let at = jiff::fmt::rfc2822::parse(value).ok()?.timestamp();
    let secs = at.as_second().saturating_sub(now.as_second());
    Some(Duration::from_secs(u64::try_from(secs).unwrap_or(0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        let r = RetryConfig::standard();
        let ms = |n| r.backoff_ceiling(n).as_millis();
        assert_eq!(
            [ms(1), ms(2), ms(3), ms(6), ms(7), ms(100)],
            [100, 200, 400, 3200, 5000, 5000]
        );
        assert_eq!(
            RetryConfig::standard().with_max_attempts(0).max_attempts(),
            1
        );
    }

    #[test]
    fn retry_after_forms() {
        let now = jiff::Timestamp::from_second(784_111_777).unwrap();
        assert_eq!(parse_retry_after(" 7 ", now), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:27 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
        assert!(parse_retry_after("99999999999999999999999", now).is_some());
    }

    #[test]
    fn full_jitter_stays_in_range() {
        for _ in 0..100 {
            assert!(FullJitter.jitter(Duration::from_millis(5)) <= Duration::from_millis(5));
        }
        assert_eq!(FullJitter.jitter(Duration::ZERO), Duration::ZERO);
        assert!(FullJitter.jitter(Duration::MAX) <= Duration::MAX);
    }

    #[test]
    fn full_jitter_is_spread_uniformly() {
        // 20,000 draws over [0, 1000] ns in 10 buckets: each holds 2,000 ± 300 (over 6 standard
        // deviations), and both ends are reached.
        let mut buckets = [0u32; 10];
        let (mut lowest, mut highest) = (u128::MAX, 0);
        for _ in 0..20_000 {
            let n = FullJitter.jitter(Duration::from_nanos(999)).as_nanos();
            buckets[(n / 100) as usize] += 1;
            lowest = lowest.min(n);
            highest = highest.max(n);
        }
        assert!(
            buckets.iter().all(|b| (1_700..=2_300).contains(b)),
            "{buckets:?}"
        );
        assert!(lowest < 5 && highest > 994, "{lowest}..{highest}");
    }
}
