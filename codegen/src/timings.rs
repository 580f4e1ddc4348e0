//! Per-stage timestamps for profiling `generate` (`CODEGEN_TIMINGS=1`): each mark prints, on stderr, the
//! milliseconds since the first mark of the process and the thread it ran on, so the serial path (what runs
//! before the first emit job and after the last) can be read off a single run without a profiler.

use std::sync::OnceLock;
use std::time::Instant;

/// The environment variable that turns the marks on.
pub const ENV: &str = "CODEGEN_TIMINGS";

/// When the first mark was taken, if marks are on (`None` when they are off, decided once).
fn start() -> Option<Instant> {
    static START: OnceLock<Option<Instant>> = OnceLock::new();
    *START.get_or_init(|| std::env::var_os(ENV).map(|_| Instant::now()))
}

/// Prints `label` with the time since the first mark, when `CODEGEN_TIMINGS` is set; costs one load otherwise.
pub fn mark(label: &str) {
    if let Some(start) = start() {
        let thread = std::thread::current();
        eprintln!(
            "[timings] {:>9.3} ms  {:<10} {label}",
            start.elapsed().as_secs_f64() * 1e3,
            thread.name().unwrap_or("worker"),
        );
    }
}
