//! Interop with Python tools, run from the project's venv (`.venv`, created by `.ci/run` from
//! `tests/requirements.txt`):
//!
//! - the official SDK (`huaweicloudsdkkafka` 3.1.219): `KafkaClient.list_background_tasks`
//!   against the emulator succeeds and decodes the same tasks the emulator holds, pages like our
//!   client, reaches the right instance for an id with `/`, space, `+`, `%` and non-ASCII (its
//!   signer's `%2F` quirk included), and a wrong SK gives a 401 parsed as
//!   `ClientRequestException` with our `error_code` and request id;
//! - `schemathesis` against the emulator with lenient auth and a fixed seed finds no failure (nor
//!   warning), and every operation answers 2xx at least once.
//!
//! The Python side is in `tests/interop/`; every expectation is checked here.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use huaweicloud_mock::MockServer;
use serde_json::{Value, json};

const AK: &str = "INTEROPACCESSKEY0000";
const SK: &str = "interop-secret-key";
const PROJECT: &str = "interop0123456789abcdef01234567";
const OP: &str = "ListBackgroundTasks";
const ODD_ID: &str = "a/b c+中../%";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace root")
        .to_path_buf()
}

fn python() -> PathBuf {
    let python = std::env::var_os("INTEROP_PYTHON")
        .map_or_else(|| root().join(".venv/bin/python"), PathBuf::from);
    assert!(
        python.exists(),
        "{} not found: run `bash .ci/run` once (it creates .venv from tests/requirements.txt), or set INTEROP_PYTHON",
        python.display()
    );
    python
}

async fn run(args: Vec<String>) -> Output {
    let python = python();
    tokio::task::spawn_blocking(move || Command::new(python).args(args).output())
        .await
        .expect("join")
        .expect("run python")
}

/// `2020-05-15T03:19:51.046Z` → `20200515031951`.
fn compact(rfc3339: &str) -> String {
    rfc3339
        .chars()
        .filter(char::is_ascii_digit)
        .take(14)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn official_python_sdk_against_the_emulator() {
    let server = MockServer::builder()
        .credentials(AK, SK, PROJECT)
        .seed_tasks(60)
        .start()
        .await
        .expect("the emulator starts");
    let items = server.items(OP).expect("paginated");
    let begin = compact(items[40]["created_at"].as_str().expect("time"));
    let end = compact(items[10]["created_at"].as_str().expect("time"));
    let config = json!({
        "endpoint": server.url(),
        "ak": AK,
        "sk": SK,
        "project_id": PROJECT,
        "instance_id": "inst-1",
        "odd_instance_id": ODD_ID,
        "begin_time": begin,
        "end_time": end,
    });
    let config_path = std::env::temp_dir().join(format!(
        "huaweicloud-interop-{}-{}.json",
        std::process::id(),
        server.addr().port()
    ));
    std::fs::write(&config_path, config.to_string()).expect("write the config");
    let script = root().join("tests/interop/official_sdk.py");
    let started = Instant::now();
    let out = run(vec![
        script.display().to_string(),
        config_path.display().to_string(),
    ])
    .await;
    let _ = std::fs::remove_file(&config_path);
    assert!(
        out.status.success(),
        "official_sdk.py failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("official SDK scenarios took {:?}", started.elapsed());
    let results: Value = serde_json::from_slice(&out.stdout).expect("JSON from the script");
    let ok = |name: &str| -> &Value {
        let r = &results[name];
        assert_eq!(r["ok"], true, "{name}: {r}");
        r
    };

    // Success and decoding: the same tasks, field by field.
    let first = ok("first_page");
    assert_eq!(first["status"], 200);
    assert_eq!(first["task_count"], "62");
    assert_eq!(first["tasks"], json!(items[..10]));
    let page = ok("page_2_of_5");
    assert_eq!(page["tasks"], json!(items[5..10]));
    let filtered = ok("filtered");
    let want: Vec<&Value> = items
        .iter()
        .filter(|t| {
            let c = compact(t["created_at"].as_str().unwrap_or_default());
            c >= begin && c <= end
        })
        .collect();
    assert!(want.len() > 20, "the filter keeps a good part");
    assert_eq!(filtered["task_count"], want.len().to_string());
    assert_eq!(filtered["tasks"], json!(want));
    let all = ok("all_pages");
    assert_eq!(all["tasks"], json!(items));
    assert_eq!(all["pages"], 9);

    // The odd instance id reached ListBackgroundTasks intact.
    ok("odd_instance_id");
    let log = server.requests();
    assert!(
        log.iter().any(|r| r.status == Some(200)
            && r.path_params
                .iter()
                .any(|(k, v)| k == "instance_id" && v == ODD_ID)),
        "no request for {ODD_ID:?}: {log:#?}"
    );

    // A wrong SK: 401 parsed by the official error handler.
    let e = &results["wrong_sk"];
    assert_eq!(e["ok"], false);
    assert_eq!(e["exception"], "ClientRequestException", "{e}");
    assert_eq!(e["status_code"], 401);
    assert_eq!(e["error_code"], "APIGW.0301");
    assert_eq!(
        e["error_msg"],
        "Incorrect IAM authentication information: verify aksk signature fail"
    );
    let rid = e["request_id"].as_str().expect("request id");
    assert!(
        log.iter()
            .any(|r| r.request_id == rid && r.status == Some(401)),
        "request id {rid} not answered with 401"
    );

    // A validation error: 400 with our DMS code.
    let e = &results["invalid_begin_time"];
    assert_eq!(e["exception"], "ClientRequestException", "{e}");
    assert_eq!(e["status_code"], 400);
    assert_eq!(e["error_code"], "DMS.00400002");
    assert!(
        e["error_msg"]
            .as_str()
            .is_some_and(|m| m.contains("'begin_time'")),
        "{e}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schemathesis_finds_no_failure() {
    let server = MockServer::builder()
        .lenient_auth(true)
        .seed_tasks(30)
        .start()
        .await
        .expect("the emulator starts");
    let script = root().join("tests/interop/schemathesis_run.py");
    let spec = root().join("spec/kafka.yaml");
    let mut args = vec![
        script.display().to_string(),
        spec.display().to_string(),
        server.url(),
    ];
    // Ids the store holds, which schemathesis cannot guess: reads get the first item, deletes the
    // last, so the reads keep finding theirs.
    for op in &server.spec().operations {
        if let Some((param, ids)) = server.item_ids(&op.id) {
            let id = match op.method {
                codegen::spec::Method::Delete => ids.last(),
                _ => ids.first(),
            };
            if let Some(id) = id {
                args.extend(["--value".to_owned(), format!("{}:{param}={id}", op.id)]);
            }
        }
    }
    let started = Instant::now();
    let out = run(args).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "schemathesis found failures:\n{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("schemathesis took {:?}:\n{stdout}", started.elapsed());
    assert!(stdout.contains("No issues found"), "{stdout}");
    // It really exercised the emulator, including requests it had to reject, and every operation
    // answered successfully at least once.
    let log = server.requests();
    assert!(log.len() > 50, "only {} requests", log.len());
    assert!(log.iter().any(|r| r.status == Some(400)));
    for op in &server.spec().operations {
        assert!(
            log.iter()
                .any(|r| r.operation.as_deref() == Some(op.id.as_str())
                    && r.status.is_some_and(|s| (200..300).contains(&s))),
            "{} never answered 2xx",
            op.id
        );
    }
}
