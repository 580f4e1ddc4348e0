//! `huaweicloud-mock`: serves a spec on a local port. `--help` lists the options.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use huaweicloud_mock::faults::parse_duration;
use huaweicloud_mock::{
    DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID, DEFAULT_SECRET_KEY, FaultRule, MockServer, SpecSource,
};

/// Local emulator of Huawei Cloud APIs, driven by the spec: signature checks like the API gateway,
/// validation, stateful background tasks, fault injection.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// The OpenAPI spec to serve [default: the embedded spec/kafka.yaml].
    #[arg(long)]
    spec: Option<PathBuf>,
    /// Address to listen on (port 0 picks a free port; the address is printed).
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Accepted access key id [default: the built-in demo key].
    #[arg(long, env = "HUAWEICLOUD_SDK_AK")]
    ak: Option<String>,
    /// Its secret access key [default: the built-in demo secret].
    #[arg(long, env = "HUAWEICLOUD_SDK_SK", hide_env_values = true)]
    sk: Option<String>,
    /// The project id requests must use [default: the built-in demo project].
    #[arg(long, env = "HUAWEICLOUD_SDK_PROJECT_ID")]
    project_id: Option<String>,
    /// Generated background tasks added to the example ones (deterministic).
    #[arg(long, default_value_t = 0)]
    seed_tasks: usize,
    /// Accept any `Authorization` header without checking the signature (for tools that cannot
    /// sign; they still have to send the header).
    #[arg(long)]
    lenient_auth: bool,
    /// Keep the resources inferred from the spec: create, list, show, update and delete act on a
    /// store, unknown ids in paths answer 404 (see --print-resources).
    #[arg(long)]
    stateful: bool,
    /// Read the store from FILE at start when it exists, write it there after every change
    /// (implies --stateful).
    #[arg(long, value_name = "FILE")]
    state: Option<std::path::PathBuf>,
    /// Items each resource of the stateful store holds at most; a create past it answers 403.
    #[arg(long, default_value_t = huaweicloud_mock::DEFAULT_MAX_ITEMS)]
    max_items: usize,
    /// Print the resources inferred from the spec and exit.
    #[arg(long)]
    print_resources: bool,
    /// Inject a fault (repeatable), e.g. `status=503`, `op=ListBackgroundTasks,status=429,retry-after=2,times=1`,
    /// `delay=500ms`, `truncate`, `close,times=1`.
    #[arg(long = "fault", value_name = "RULE")]
    faults: Vec<FaultRule>,
    /// Close a kept-alive connection that sends nothing for this long (`60s`, `500ms`).
    #[arg(long, default_value_t = Span(huaweicloud_mock::DEFAULT_IDLE_TIMEOUT))]
    idle_timeout: Span,
    /// Answer 408 to a request head (request line and headers) not complete this long after its
    /// first byte.
    #[arg(long, default_value_t = Span(huaweicloud_mock::DEFAULT_HEADER_TIMEOUT))]
    header_timeout: Span,
    /// Answer 408 to a request body not complete this long after the emulator starts reading it.
    #[arg(long, default_value_t = Span(huaweicloud_mock::DEFAULT_BODY_TIMEOUT))]
    body_timeout: Span,
    /// Connections served at once; more wait in the listen queue until one closes (1 to 65536).
    #[arg(long, default_value_t = huaweicloud_mock::DEFAULT_MAX_CONNECTIONS)]
    max_connections: usize,
    /// Largest request head in bytes; a larger one is answered 431 (at most 65534).
    #[arg(long, default_value_t = huaweicloud_mock::DEFAULT_MAX_HEAD_BYTES)]
    max_head_bytes: usize,
}

/// A duration flag: read with the fault rules' syntax, shown as `60s` or `500ms` (so the defaults
/// in `--help` come from the library's constants).
#[derive(Clone, Copy, Debug)]
struct Span(Duration);

impl std::str::FromStr for Span {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        parse_duration(text)
            .map(Span)
            .ok_or_else(|| format!("`{text}` is not a duration like 60s, 1.5s or 500ms"))
    }
}

impl std::fmt::Display for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.subsec_nanos() == 0 {
            write!(f, "{}s", self.0.as_secs())
        } else {
            write!(f, "{}ms", self.0.as_millis())
        }
    }
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(run(args))
}

async fn run(args: Args) -> ExitCode {
    let spec = args.spec.map_or_else(SpecSource::kafka, SpecSource::from);
    if args.print_resources {
        return match spec.into_spec() {
            Ok(spec) => {
                print!("{}", huaweicloud_mock::infer(&spec));
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let using_default = args.ak.is_none() && args.sk.is_none();
    let (ak, sk) = match (args.ak, args.sk) {
        (Some(ak), Some(sk)) => (ak, sk),
        (None, None) => (DEFAULT_ACCESS_KEY.to_owned(), DEFAULT_SECRET_KEY.to_owned()),
        _ => {
            eprintln!(
                "error: give both --ak and --sk (or HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK), or neither"
            );
            return ExitCode::FAILURE;
        }
    };
    let project = args
        .project_id
        .unwrap_or_else(|| DEFAULT_PROJECT_ID.to_owned());
    let mut builder = MockServer::builder()
        .spec(spec)
        .credentials(ak.clone(), sk, project.clone())
        .seed_tasks(args.seed_tasks)
        .lenient_auth(args.lenient_auth)
        .stateful(args.stateful)
        .max_items(args.max_items)
        .idle_timeout(args.idle_timeout.0)
        .header_timeout(args.header_timeout.0)
        .body_timeout(args.body_timeout.0)
        .max_connections(args.max_connections)
        .max_head_bytes(args.max_head_bytes)
        .listen(args.listen);
    if let Some(file) = args.state {
        builder = builder.state_file(file);
    }
    for rule in args.faults {
        tracing::info!(%rule, "fault rule");
        builder = builder.fault(rule);
    }
    let server = match builder.start().await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let spec = server.spec();
    println!(
        "huaweicloud-mock: serving {} ({} operation(s)) on {}",
        spec.title,
        spec.operations.len(),
        server.url()
    );
    if using_default {
        println!(
            "huaweicloud-mock: demo credentials: AK {ak}, SK {DEFAULT_SECRET_KEY}, project {project}"
        );
    } else {
        println!("huaweicloud-mock: accepting AK {ak} (SK not shown), project {project}");
    }
    if args.lenient_auth {
        println!(
            "huaweicloud-mock: WARNING: --lenient-auth is on: signatures are NOT checked (any Authorization header passes)"
        );
    }
    wait_for_stop().await;
    server.shutdown().await;
    ExitCode::SUCCESS
}

/// Waits for Ctrl-C, or SIGTERM on Unix.
async fn wait_for_stop() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
                return;
            }
            Err(e) => eprintln!("warning: cannot listen for SIGTERM: {e}"),
        }
    }
    if let Err(e) = tokio::signal::ctrl_c().await {
        eprintln!("error: cannot wait for Ctrl-C: {e}");
    }
}
