//! Loopback load generator: the generated client (`huaweicloud-kafka`) calling
//! `ListBackgroundTasks` against the emulator with a fixed number of concurrent workers.
//!
//! ```text
//! rps --endpoint http://127.0.0.1:PORT --ak AK --sk SK --project PROJECT --instance ID \
//!     [--workers 8] [--requests 20000] [--max-seconds 30] [--limit 10]
//! ```
//!
//! Prints one JSON line: `{"side":"rust","workers":8,"requests":…,"errors":…,"seconds":…,"rps":…}`.

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use huaweicloud_kafka::{Client, Credentials};

struct Args {
    endpoint: String,
    ak: String,
    sk: String,
    project: String,
    instance: String,
    workers: usize,
    requests: usize,
    max_seconds: f64,
    limit: i32,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        endpoint: String::new(),
        ak: String::new(),
        sk: String::new(),
        project: String::new(),
        instance: String::new(),
        workers: 8,
        requests: 20_000,
        max_seconds: 30.0,
        limit: 10,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let number = |v: &str| v.parse::<f64>().map_err(|e| format!("{flag}: {e}"));
        match flag.as_str() {
            "--endpoint" => args.endpoint = value,
            "--ak" => args.ak = value,
            "--sk" => args.sk = value,
            "--project" => args.project = value,
            "--instance" => args.instance = value,
            "--workers" => args.workers = number(&value)? as usize,
            "--requests" => args.requests = number(&value)? as usize,
            "--max-seconds" => args.max_seconds = number(&value)?,
            "--limit" => args.limit = number(&value)? as i32,
            other => return Err(format!("unknown flag {other}")),
        }
    }
    if args.endpoint.is_empty() || args.instance.is_empty() {
        return Err("--endpoint and --instance are required".to_owned());
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(
            std::thread::available_parallelism()
                .map_or(2, |n| n.get())
                .min(args.workers.max(1)),
        )
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(run(args))
}

async fn run(args: Args) -> ExitCode {
    let client = match Client::builder()
        .endpoint(args.endpoint.clone())
        .credentials(
            Credentials::new(args.ak.clone(), args.sk.clone())
                .with_project_id(args.project.clone()),
        )
        .build()
    {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    // One request first, so that a misconfiguration is an error and not a fast failure rate.
    if let Err(e) = client
        .list_background_tasks(args.instance.clone())
        .limit(args.limit)
        .send()
        .await
    {
        eprintln!("error: the first request failed: {e}");
        return ExitCode::FAILURE;
    }
    let next = Arc::new(AtomicUsize::new(0));
    let errors = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(AtomicUsize::new(0));
    let deadline = Instant::now() + Duration::from_secs_f64(args.max_seconds);
    let cpu_before = process_cpu_seconds();
    let started = Instant::now();
    let workers: Vec<_> = (0..args.workers)
        .map(|_| {
            let (client, next, errors, done) =
                (client.clone(), next.clone(), errors.clone(), done.clone());
            let (instance, total, limit) = (args.instance.clone(), args.requests, args.limit);
            tokio::spawn(async move {
                while next.fetch_add(1, Ordering::Relaxed) < total && Instant::now() < deadline {
                    match client
                        .list_background_tasks(instance.clone())
                        .limit(limit)
                        .send()
                        .await
                    {
                        Ok(page) => {
                            std::hint::black_box(page);
                        }
                        Err(_) => {
                            errors.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    done.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    for w in futures_util::future::join_all(workers).await {
        if w.is_err() {
            eprintln!("error: a worker panicked");
            return ExitCode::FAILURE;
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let cpu_seconds = process_cpu_seconds() - cpu_before;
    let requests = done.load(Ordering::Relaxed);
    println!(
        "{{\"side\":\"rust\",\"workers\":{},\"requests\":{},\"errors\":{},\"seconds\":{:.3},\"rps\":{:.1},\"cpu_seconds\":{:.3}}}",
        args.workers,
        requests,
        errors.load(Ordering::Relaxed),
        seconds,
        requests as f64 / seconds,
        cpu_seconds
    );
    ExitCode::SUCCESS
}

/// User + system CPU time of this process so far, from `/proc/self/stat` (clock ticks of 1/100 s;
/// 0 where `/proc` is missing).
fn process_cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the `(comm)`: state is field 3, utime 14, stime 15.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}
