//! Lists the background tasks of a DMS for Kafka instance and prints the answer as JSON.
//!
//! ```text
//! cargo run -p huaweicloud-kafka --example list_background_tasks -- --instance-id ID
//!     [--endpoint URL | --region R] [--start N] [--limit N]
//!     [--begin-time YYYYMMDDHHmmss] [--end-time YYYYMMDDHHmmss] [--all] [--timeout-secs N]
//! ```
//!
//! Credentials come from the environment (`HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK`,
//! `HUAWEICLOUD_SDK_PROJECT_ID`, or `CLOUD_SDK_AK`/`CLOUD_SDK_SK`). `--all` pages through every task with the
//! stream and prints them as one JSON array. On failure the error (status, request id, code, message) goes to
//! stderr and the exit status is 1; bad arguments exit with 2.

use std::process::ExitCode;
use std::time::Duration;

use futures_util::TryStreamExt;
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
    timeout_secs: Option<u64>,
}

const USAGE: &str = "usage: list_background_tasks --instance-id ID [--endpoint URL | --region R] [--start N] \
                     [--limit N] [--begin-time YYYYMMDDHHmmss] [--end-time YYYYMMDDHHmmss] [--all] [--timeout-secs N]";

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args::default();
    while let Some(flag) = args.next() {
        if flag == "--all" {
            parsed.all = true;
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
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    if parsed.instance_id.is_empty() {
        return Err(format!("--instance-id is required\n{USAGE}"));
    }
    Ok(parsed)
}

async fn run(args: Args) -> Result<serde_json::Value, Error> {
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
    let client = builder.build()?;
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
    if args.all {
        let tasks: Vec<_> = request.into_stream().try_collect().await?;
        to_json(&tasks)
    } else {
        to_json(&request.send().await?)
    }
}

fn to_json(value: &impl serde::Serialize) -> Result<serde_json::Value, Error> {
    serde_json::to_value(value).map_err(|e| Error::decode(e.to_string(), b""))
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
    match run(args).await {
        Ok(value) => {
            println!(
                "{}",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            if let Some(service) = error.as_service() {
                eprintln!("  status:     {}", service.status());
                eprintln!("  request id: {}", service.request_id().unwrap_or("-"));
                eprintln!("  error code: {}", service.error_code());
                eprintln!("  message:    {}", service.error_msg());
            }
            ExitCode::from(1)
        }
    }
}
