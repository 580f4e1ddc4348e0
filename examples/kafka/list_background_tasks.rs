//! Lists the background tasks of a DMS for Kafka instance and prints the answer as JSON.
//!
//! ```text
//! cargo run -p huaweicloud-kafka --example list_background_tasks -- --instance-id ID
//!     [--endpoint URL | --region R] [--start N] [--limit N]
//!     [--begin-time YYYYMMDDHHmmss] [--end-time YYYYMMDDHHmmss] [--timeout-secs N]
//!     [--all [--json-lines] [--max-pages N] [--max-items N]]
//! ```
//!
//! Credentials come from the environment (`HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK`,
//! `HUAWEICLOUD_SDK_PROJECT_ID`, or `CLOUD_SDK_AK`/`CLOUD_SDK_SK`).
//!
//! `--all` pages through every task with the stream and prints each task as it arrives, so memory
//! holds one page however long the listing: a JSON array with one task per line, or with
//! `--json-lines` one JSON object per line and no array. The listing is bounded (10,000 pages and
//! 100,000 tasks by default; `--max-pages`, `--max-items`).
//!
//! On failure the error (status, request id, code, message; the server's text escaped and cut) goes
//! to stderr and the exit status is 1; bad arguments exit with 2. An error in the middle of `--all`
//! comes after the tasks already printed, and the array is left unclosed: a partial listing is not
//! valid JSON, so no program reading the output can take it for the whole one.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use futures_util::StreamExt;
use huaweicloud_core::error::printable;
use huaweicloud_core::paginate::PageLimits;
use huaweicloud_kafka::{Client, Credentials, Error};

#[derive(Debug, Default)]
struct Args {
    instance_id: String,
    endpoint: Option<String>,
    region: Option<String>,
    start: Option<i32>,
    limit: Option<i32>,
    begin_time: Option<String>,
    end_time: Option<String>,
    all: bool,
    json_lines: bool,
    max_pages: Option<u64>,
    max_items: Option<u64>,
    timeout_secs: Option<u64>,
}

const USAGE: &str = "usage: list_background_tasks --instance-id ID [--endpoint URL | --region R] [--start N] \
                     [--limit N] [--begin-time YYYYMMDDHHmmss] [--end-time YYYYMMDDHHmmss] [--timeout-secs N] \
                     [--all [--json-lines] [--max-pages N] [--max-items N]]";

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args::default();
    while let Some(flag) = args.next() {
        if flag == "--all" {
            parsed.all = true;
            continue;
        }
        if flag == "--json-lines" {
            parsed.json_lines = true;
            continue;
        }
        if flag == "--help" || flag == "-h" {
            return Err(USAGE.to_owned());
        }
        let value = args
            .next()
            .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        let number = |v: &str| {
            v.parse::<i64>()
                .map_err(|_| format!("{flag} takes a number, not {v:?}"))
        };
        match flag.as_str() {
            "--instance-id" => parsed.instance_id = value,
            "--endpoint" => parsed.endpoint = Some(value),
            "--region" => parsed.region = Some(value),
            "--start" => {
                parsed.start = Some(i32::try_from(number(&value)?).map_err(|e| e.to_string())?)
            }
            "--limit" => {
                parsed.limit = Some(i32::try_from(number(&value)?).map_err(|e| e.to_string())?)
            }
            "--begin-time" => parsed.begin_time = Some(value),
            "--end-time" => parsed.end_time = Some(value),
            "--timeout-secs" => {
                parsed.timeout_secs =
                    Some(u64::try_from(number(&value)?).map_err(|e| e.to_string())?)
            }
            "--max-pages" => {
                parsed.max_pages = Some(u64::try_from(number(&value)?).map_err(|e| e.to_string())?)
            }
            "--max-items" => {
                parsed.max_items = Some(u64::try_from(number(&value)?).map_err(|e| e.to_string())?)
            }
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    if parsed.instance_id.is_empty() {
        return Err(format!("--instance-id is required\n{USAGE}"));
    }
    if !parsed.all
        && (parsed.json_lines || parsed.max_pages.is_some() || parsed.max_items.is_some())
    {
        return Err(format!(
            "--json-lines, --max-pages and --max-items go with --all\n{USAGE}"
        ));
    }
    Ok(parsed)
}

/// What went wrong, for the exit status.
enum Failure {
    /// The SDK's error, reported on stderr.
    Sdk(Error),
    /// Standard output is gone (e.g. a closed pipe): nothing more to say.
    Output(std::io::Error),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Self::Sdk(e)
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Self::Output(e)
    }
}

async fn run(args: Args, out: &mut impl Write) -> Result<(), Failure> {
    let mut builder = Client::builder().credentials(Credentials::from_env()?);
    if let Some(endpoint) = args.endpoint {
        builder = builder.endpoint(endpoint);
    }
    if let Some(region) = args.region {
        builder = builder.region(region);
    }
    if let Some(secs) = args.timeout_secs {
        builder = builder.operation_timeout(Duration::from_secs(secs));
    }
    let mut limits = PageLimits::default();
    if let Some(pages) = args.max_pages {
        limits = limits.with_max_pages(pages);
    }
    if let Some(items) = args.max_items {
        limits = limits.with_max_items(items);
    }
    let client = builder.page_limits(limits).build()?;
    let mut request = client.list_background_tasks(args.instance_id);
    if let Some(start) = args.start {
        request = request.start(start);
    }
    if let Some(limit) = args.limit {
        request = request.limit(limit);
    }
    if let Some(begin) = args.begin_time {
        request = request.begin_time(begin);
    }
    if let Some(end) = args.end_time {
        request = request.end_time(end);
    }
    if !args.all {
        let page = request.send().await?;
        writeln!(out, "{}", terminal_safe(to_json(&page, true)?))?;
        return Ok(());
    }
    // Each task is written (and, stdout being line-buffered, flushed) as soon as it arrives.
    let mut tasks = std::pin::pin!(request.into_stream());
    let mut first = true;
    if !args.json_lines {
        write!(out, "[")?;
    }
    while let Some(task) = tasks.next().await {
        let line = terminal_safe(to_json(&task?, false)?);
        match (args.json_lines, first) {
            (true, _) => writeln!(out, "{line}")?,
            (false, true) => write!(out, "\n{line}")?,
            (false, false) => write!(out, ",\n{line}")?,
        }
        out.flush()?;
        first = false;
    }
    if !args.json_lines {
        writeln!(out, "{}]", if first { "" } else { "\n" })?;
    }
    Ok(())
}

fn to_json(value: &impl serde::Serialize, pretty: bool) -> Result<String, Error> {
    let json = if pretty {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    };
    json.map_err(|e| Error::decode(e.to_string(), b""))
}

/// JSON with the characters a terminal acts on escaped: serde_json already writes C0 controls as
/// `\u00XX`; C1 controls (such as CSI, U+009B), DEL and the bidirectional controls pass through it
/// raw. They can only occur inside strings, where `\uXXXX` is the same value, so the output stays
/// the same JSON.
fn terminal_safe(json: String) -> String {
    let unsafe_char = |c: char| {
        c.is_control()
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
    };
    if !json.contains(unsafe_char) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if unsafe_char(c) && c != '\n' {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// The error on stderr, the server's text escaped and cut.
fn report(error: &Error) {
    eprintln!("error: {error}");
    if let Some(service) = error.as_service() {
        eprintln!("  status:     {}", service.status());
        eprintln!(
            "  request id: {}",
            printable(service.request_id().unwrap_or("-"), 128)
        );
        eprintln!("  error code: {}", printable(service.error_code(), 128));
        eprintln!("  message:    {}", printable(service.error_msg(), 2_000));
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match run(args, &mut out).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Sdk(error)) => {
            // What was printed so far stays; the error follows it.
            let _ = out.flush();
            report(&error);
            ExitCode::from(1)
        }
        Err(Failure::Output(e)) => {
            eprintln!("error: writing the output: {e}");
            ExitCode::from(1)
        }
    }
}
