//! The `list_background_tasks` example as a user runs it: `--all` prints tasks as they arrive (a
//! valid JSON array, or JSON lines), an error in the middle comes after what was printed with a
//! non-zero exit, the listing is bounded, and the server's text reaches the terminal escaped.
//!
//! The example binary is built with the cargo running the tests (examples have no
//! `CARGO_BIN_EXE_*`), and talks to a scripted server in this file that holds pages back on demand.

use std::io::Read;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, mpsc};

/// The example binary, built once per test run.
fn example_binary() -> &'static PathBuf {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let out = Command::new(cargo)
            .args([
                "build",
                "--quiet",
                "-p",
                "huaweicloud-kafka",
                "--example",
                "list_background_tasks",
                "--message-format=json",
            ])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stderr(Stdio::inherit())
            .output()
            .expect("run cargo build");
        assert!(out.status.success(), "cargo build of the example failed");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .filter(|m| m["target"]["name"] == "list_background_tasks")
            .find_map(|m| m["executable"].as_str().map(PathBuf::from))
            .expect("the example's executable in cargo's messages")
    })
}

/// What the scripted server answers for the page at `start` (1-based).
type Script = Arc<dyn Fn(u64) -> (u16, String) + Send + Sync>;

/// A server for `GET …/tasks?start=N`: page 1 at once, every later page only after a permit of
/// `gate` is released by the test. Records the `start` of each request.
struct PageServer {
    base: String,
    gate: Arc<Semaphore>,
    starts: Arc<Mutex<Vec<u64>>>,
}

impl PageServer {
    async fn start(script: Script) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let gate = Arc::new(Semaphore::new(0));
        let starts = Arc::new(Mutex::new(Vec::new()));
        let (g, s) = (gate.clone(), starts.clone());
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let (gate, starts, script) = (g.clone(), s.clone(), script.clone());
                tokio::spawn(async move {
                    let mut head = Vec::new();
                    let mut buf = [0u8; 4096];
                    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                        match stream.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => head.extend_from_slice(&buf[..n]),
                        }
                    }
                    let head = String::from_utf8_lossy(&head);
                    let target = head.split(' ').nth(1).unwrap_or("");
                    let start: u64 = target
                        .split(['?', '&'])
                        .find_map(|p| p.strip_prefix("start="))
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(1);
                    starts.lock().unwrap().push(start);
                    if start > 1 {
                        match gate.acquire().await {
                            Ok(permit) => permit.forget(),
                            Err(_) => return,
                        }
                    }
                    let (status, body) = script(start);
                    let reply = format!(
                        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nX-Request-Id: rid-{start}\r\n\
                         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = stream.write_all(reply.as_bytes()).await;
                    let _ = stream.shutdown().await;
                });
            }
        });
        Self { base, gate, starts }
    }

    fn open(&self, pages: usize) {
        self.gate.add_permits(pages);
    }

    fn starts(&self) -> Vec<u64> {
        self.starts.lock().unwrap().clone()
    }
}

const PAGE: u64 = 10;

/// A page of tasks `start..start + n` with `task_count`.
fn tasks(start: u64, n: u64, task_count: u64) -> String {
    let tasks: Vec<Value> = (start..start + n)
        .map(|i| {
            serde_json::json!({
                "id": format!("task-{i}"),
                "name": "restart",
                "status": "SUCCESS",
                "created_at": "2024-01-01T00:00:00Z",
            })
        })
        .collect();
    serde_json::json!({ "task_count": task_count.to_string(), "tasks": tasks }).to_string()
}

/// Runs the example against `server`; stdout arrives on the channel as it is written.
fn spawn(server: &PageServer, extra: &[&str]) -> (Child, Output) {
    let mut child = Command::new(example_binary())
        .args(["--instance-id", "inst", "--endpoint", &server.base])
        .args(extra)
        .env("HUAWEICLOUD_SDK_AK", "AKEXAMPLE0000000001")
        .env(
            "HUAWEICLOUD_SDK_SK",
            "SKEXAMPLE000000000000000000000000000001",
        )
        .env(
            "HUAWEICLOUD_SDK_PROJECT_ID",
            "0123456789abcdef0123456789abcdef",
        )
        .env("no_proxy", "*")
        .env("NO_PROXY", "*")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn the example");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::unbounded_channel();
    std::thread::spawn(move || {
        let mut stdout = stdout;
        let mut buf = [0u8; 8192];
        while let Ok(n @ 1..) = stdout.read(&mut buf) {
            if tx.send(buf[..n].to_vec()).is_err() {
                return;
            }
        }
    });
    (
        child,
        Output {
            rx,
            text: String::new(),
        },
    )
}

/// The child's standard output so far.
struct Output {
    rx: mpsc::UnboundedReceiver<Vec<u8>>,
    text: String,
}

impl Output {
    /// Reads until `done` holds for the output so far (at most 60 s); false when stdout closed first.
    async fn until(&mut self, done: impl Fn(&str) -> bool) -> bool {
        while !done(&self.text) {
            let chunk = tokio::time::timeout(Duration::from_secs(60), self.rx.recv())
                .await
                .expect("output within 60 s");
            match chunk {
                Some(bytes) => self.text.push_str(&String::from_utf8_lossy(&bytes)),
                None => return false,
            }
        }
        true
    }

    /// Everything, once stdout is closed.
    async fn all(mut self) -> String {
        self.until(|_| false).await;
        self.text
    }
}

/// Waits for the child (in a blocking thread) and returns its exit code and stderr.
async fn finish(mut child: Child) -> (Option<i32>, String) {
    tokio::task::spawn_blocking(move || {
        let mut stderr = String::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = e.read_to_string(&mut stderr);
        }
        let status = child.wait().expect("wait");
        (status.code(), stderr)
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn all_prints_the_first_page_before_the_next_is_answered() {
    // 25 tasks: pages at start 1, 11, 21.
    let server = PageServer::start(Arc::new(|start| {
        (200, tasks(start, PAGE.min(26 - start), 25))
    }))
    .await;
    let (child, mut out) = spawn(&server, &["--all", "--limit", "10"]);
    // Page 2 is held back: the first page's ten tasks must be out already.
    assert!(
        out.until(|text| text.contains(r#""id":"task-10""#)).await,
        "the first page printed before page 2 is answered"
    );
    // The next page is asked for once the first one has been taken.
    for _ in 0..600 {
        if server.starts().len() == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(server.starts(), [1, 11], "page 2 asked for, not answered");
    assert!(!out.text.contains("task-11"));
    server.open(2);
    let text = out.all().await;
    let (code, stderr) = finish(child).await;
    assert_eq!(code, Some(0), "{stderr}");
    let lines: Vec<&str> = text.lines().collect();
    let all: Value = serde_json::from_str(&text).expect("a valid JSON array");
    let ids: Vec<&str> = all
        .as_array()
        .expect("array")
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    let expected: Vec<String> = (1..=25).map(|i| format!("task-{i}")).collect();
    assert_eq!(ids, expected);
    assert_eq!(lines.len(), 27, "one task per line between [ and ]");
    assert_eq!(server.starts(), [1, 11, 21]);
}

#[tokio::test]
async fn json_lines_and_an_empty_listing() {
    let server = PageServer::start(Arc::new(|start| {
        (200, tasks(start, PAGE.min(13 - start), 12))
    }))
    .await;
    server.open(10);
    let (child, out) = spawn(&server, &["--all", "--json-lines"]);
    let text = out.all().await;
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(finish(child).await.0, Some(0));
    assert_eq!(lines.len(), 12);
    for (i, line) in lines.iter().enumerate() {
        let task: Value = serde_json::from_str(line).expect("one JSON object per line");
        assert_eq!(task["id"], format!("task-{}", i + 1));
    }
    let empty = PageServer::start(Arc::new(|start| (200, tasks(start, 0, 0)))).await;
    let (child, out) = spawn(&empty, &["--all"]);
    assert_eq!(out.all().await, "[]\n");
    assert_eq!(finish(child).await.0, Some(0));
}

/// Server text meant to clear the screen, retitle the terminal and forge an output line.
const HOSTILE: &str = "quota\x1b[2J\x1b]0;owned\x07\r\nerror: none\u{9b}1m\u{202e}";

#[tokio::test]
async fn an_error_mid_stream_follows_the_printed_tasks_on_stderr() {
    let server = PageServer::start(Arc::new(|start| {
        if start == 1 {
            (200, tasks(1, PAGE, 100))
        } else {
            // Long, but within what the client keeps of an error body (64 KiB).
            let msg = format!("{HOSTILE}{}", "z".repeat(30_000));
            let body = serde_json::json!({ "error_code": "DMS.\u{1b}[31m1", "error_msg": msg });
            (400, body.to_string())
        }
    }))
    .await;
    server.open(10);
    let (child, out) = spawn(&server, &["--all"]);
    let text = out.all().await;
    let lines: Vec<&str> = text.lines().collect();
    let (code, stderr) = finish(child).await;
    assert_eq!(code, Some(1));
    assert_eq!(
        lines.len(),
        11,
        "the array opened and the ten tasks: {lines:?}"
    );
    assert!(
        serde_json::from_str::<Value>(&text).is_err(),
        "a partial listing is left unclosed, not valid JSON"
    );
    for line in &lines[1..] {
        let task: Value =
            serde_json::from_str(line.trim_end_matches(',')).expect("a task per line");
        assert!(task["id"].as_str().unwrap().starts_with("task-"));
    }
    assert!(stderr.contains("HTTP 400"), "{stderr}");
    assert!(stderr.contains("rid-11"), "{stderr}");
    assert!(
        !stderr
            .chars()
            .any(|c| (c.is_control() && c != '\n') || c == '\u{202e}'),
        "raw control characters on stderr: {stderr:?}"
    );
    assert!(
        stderr.contains(r"quota\u{1b}[2J\u{1b}]0;owned\u{7}\r\nerror: none\u{9b}1m\u{202e}"),
        "{stderr}"
    );
    assert!(stderr.contains(r"DMS.\u{1b}[31m1"), "{stderr}");
    assert!(
        stderr.len() < 10_000,
        "stderr is bounded: {} bytes",
        stderr.len()
    );
    assert!(stderr.contains("kB more)"), "the cut is said: {stderr}");
}

#[tokio::test]
async fn a_listing_that_never_ends_stops_at_the_page_bound() {
    let server =
        PageServer::start(Arc::new(|start| (200, tasks(start, PAGE, 1_000_000_000)))).await;
    server.open(100);
    let (child, out) = spawn(&server, &["--all", "--json-lines", "--max-pages", "3"]);
    let text = out.all().await;
    let (code, stderr) = finish(child).await;
    assert_eq!(code, Some(1));
    assert_eq!(text.lines().count(), 30);
    assert_eq!(
        server.starts(),
        [1, 11, 21],
        "exactly the bound of requests"
    );
    assert!(stderr.contains("limit of 3 pages"), "{stderr}");
}

#[tokio::test]
async fn task_names_with_terminal_controls_are_printed_as_json_escapes() {
    let server = PageServer::start(Arc::new(|_| {
        let body = serde_json::json!({
            "task_count": "1",
            "tasks": [{ "id": "t-1", "name": HOSTILE }],
        });
        (200, body.to_string())
    }))
    .await;
    let (child, out) = spawn(&server, &[]);
    let out = out.all().await;
    assert_eq!(finish(child).await.0, Some(0));
    assert!(
        !out.chars()
            .any(|c| c.is_control() && c != '\n' || c == '\u{202e}'),
        "{out:?}"
    );
    let page: Value = serde_json::from_str(&out).expect("still JSON");
    assert_eq!(page["tasks"][0]["name"], HOSTILE, "the same value, escaped");
}
