//! The corpus services (issue 11): `spec/<svc>.yaml` and `spec/reports/<svc>.md` are what
//! `scripts/transcribe-services` writes from `../shared/corpus/<svc>/pages`, every page is accounted for (in the
//! spec or listed as left out), the specs carry the service's name and endpoints from the regions file, and the
//! emulator loads and routes every one of them.
//!
//! A service is a pipeline service when `spec/reports/<svc>.md` exists (kafka's spec is kept by its own command,
//! see `spec_is_transcribed.rs`); the list comes from the repository, not from this file.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use codegen::transcribe::service;
use sdk_tests::{repo_root, shared_dir};

/// The services whose spec the pipeline writes, by their report.
fn pipeline_services() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(repo_root().join("spec/reports"))
        .expect("spec/reports")
        .flatten()
        .filter_map(|e| {
            let path = e.path();
            (path.extension()? == "md").then(|| path.file_stem()?.to_str().map(str::to_owned))?
        })
        .collect();
    names.sort();
    names
}

fn spec_path(svc: &str) -> PathBuf {
    repo_root().join(format!("spec/{svc}.yaml"))
}

fn read_yaml(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_corpus_service_has_a_spec_a_report_and_a_crate() {
    // The oracle: the corpus folders (each with operations.tsv) other than those with a spec of their own.
    let corpus: BTreeSet<String> = std::fs::read_dir(shared_dir().join("corpus"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("operations.tsv").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let pipeline: BTreeSet<String> = pipeline_services().into_iter().collect();
    let mut expected = corpus.clone();
    expected.retain(|s| !pipeline.contains(s));
    for own in &expected {
        // A corpus service outside the pipeline must still have its spec and crate (kafka).
        assert!(
            spec_path(own).is_file(),
            "{own}: no spec/{own}.yaml and no report"
        );
    }
    assert!(
        pipeline.is_subset(&corpus),
        "reports without a corpus service: {pipeline:?}"
    );
    assert!(pipeline.len() >= 14, "{pipeline:?}");
    for svc in &corpus {
        let manifest = repo_root().join(format!("generated/{svc}/Cargo.toml"));
        let text = std::fs::read_to_string(&manifest)
            .unwrap_or_else(|e| panic!("{}: {e}", manifest.display()));
        assert!(
            text.contains(&format!("name = \"huaweicloud-{svc}\"")),
            "{svc}: crate name"
        );
    }
}

#[test]
fn every_page_is_in_the_spec_or_listed_as_left_out_and_the_counts_add_up() {
    for svc in pipeline_services() {
        // The pages, listed straight from the corpus folder.
        let dir = shared_dir().join(format!("corpus/{svc}/pages"));
        let pages: BTreeSet<String> = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| format!("corpus/{svc}/pages/{}", e.file_name().to_string_lossy()))
            .collect();
        let spec = read_yaml(&spec_path(&svc));
        let sources: BTreeSet<String> = spec["info"]["x-sources"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let report =
            std::fs::read_to_string(repo_root().join(format!("spec/reports/{svc}.md"))).unwrap();
        let left_out: BTreeSet<String> = report
            .lines()
            .filter_map(|l| l.strip_prefix("- `")?.split('`').next().map(str::to_owned))
            .collect();
        assert!(
            sources.is_disjoint(&left_out),
            "{svc}: a page both in the spec and left out"
        );
        let accounted: BTreeSet<String> = sources.union(&left_out).cloned().collect();
        let missing: Vec<_> = pages.difference(&accounted).collect();
        let unknown: Vec<_> = accounted.difference(&pages).collect();
        assert!(
            missing.is_empty() && unknown.is_empty(),
            "{svc}: pages neither in x-sources nor left out: {missing:?}; listed but not in the corpus: {unknown:?}"
        );
        let row = |name: &str| {
            report
                .lines()
                .find_map(|l| {
                    l.strip_prefix(&format!("| {name} | "))?
                        .strip_suffix(" |")
                        .map(str::to_owned)
                })
                .unwrap_or_else(|| panic!("{svc}: report row {name}"))
        };
        assert_eq!(row("pages"), pages.len().to_string(), "{svc}");
        assert_eq!(
            row("transcribed in strict mode (in the spec)"),
            sources.len().to_string(),
            "{svc}"
        );
        assert_eq!(
            row("left out (below, with the errors)"),
            left_out.len().to_string(),
            "{svc}"
        );
        let clean = if left_out.is_empty() { "yes" } else { "no" };
        assert_eq!(row("strict-clean (every page in the spec)"), clean, "{svc}");
        // Each operation of the spec comes from one of its pages: as many operations as operation pages.
        let operations = spec["paths"]
            .as_object()
            .map(|paths| {
                paths
                    .values()
                    .filter_map(|item| item.as_object())
                    .flat_map(|item| item.values())
                    .filter(|op| op.get("operationId").is_some())
                    .count()
            })
            .unwrap_or(0);
        assert_eq!(
            row("operation pages among them"),
            operations.to_string(),
            "{svc}"
        );
    }
}

#[test]
fn the_specs_name_their_service_and_its_endpoints_from_the_regions_file() {
    let regions = std::fs::read_to_string(shared_dir().join("oracle/regions.tsv")).unwrap();
    for svc in pipeline_services() {
        let spec = read_yaml(&spec_path(&svc));
        assert_eq!(spec["info"]["x-service"], svc.as_str(), "{svc}");
        assert_eq!(spec["security"], serde_json::json!([{"AkSk": []}]), "{svc}");
        // The oracle: the host most of the service's endpoints use, from the file itself.
        let mut hosts: Vec<(String, usize)> = Vec::new();
        let mut listed = 0;
        for line in regions.lines().skip(1) {
            let cells: Vec<&str> = line.split('\t').collect();
            if cells[0] != svc {
                continue;
            }
            listed += 1;
            let suffix = format!(".{}.myhuaweicloud.com", cells[2]);
            if let Some(host) = cells[3]
                .split([',', ' '])
                .next()
                .and_then(|e| e.strip_prefix("https://")?.strip_suffix(&suffix))
            {
                match hosts.iter_mut().find(|(h, _)| h == host) {
                    Some((_, n)) => *n += 1,
                    None => hosts.push((host.to_owned(), 1)),
                }
            }
        }
        assert!(listed > 0, "{svc} is in the regions file");
        let top = hosts.iter().map(|(_, n)| *n).max().unwrap();
        let candidates: Vec<String> = hosts
            .iter()
            .filter(|(_, n)| *n == top)
            .map(|(h, _)| format!("https://{h}.{{region}}.myhuaweicloud.com"))
            .collect();
        let url = spec["servers"][0]["url"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(
            candidates.contains(&url),
            "{svc}: {url} not among {candidates:?}"
        );
    }
}

#[test]
fn the_specs_and_reports_are_what_the_pipeline_writes() {
    // The services are independent and this is the suite's longest test (a debug build of the transcriber,
    // re-run per page `generate` rejects): they run side by side, one worker per available core.
    let services = pipeline_services();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    std::thread::scope(|scope| {
        for _ in 0..workers.min(services.len()) {
            scope.spawn(|| {
                while let Some(svc) =
                    services.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
                {
                    pipeline_writes_the_committed_spec_and_report(svc);
                }
            });
        }
    });
}

/// What `codegen transcribe-service` does for `svc`, through the library: merged into the committed spec,
/// checked by what `generate` does. The committed files must come out byte for byte.
fn pipeline_writes_the_committed_spec_and_report(svc: &str) {
    let root = repo_root();
    let spec = spec_path(svc);
    let base = codegen::transcribe::BaseSpec {
        path: spec.clone(),
        text: std::fs::read_to_string(&spec).unwrap(),
    };
    let options = codegen::transcribe::Options {
        regions: Some(shared_dir().join("oracle/regions.tsv")),
        ..Default::default()
    };
    let crate_options = codegen::repo_options(&root, &spec);
    let accept = |text: &str| {
        codegen::render_crate_from_text(text, &spec, &crate_options)
            .map(drop)
            .map_err(|e| service::rejection_reason(&e.to_string()))
    };
    let pages = service::service_pages(&shared_dir().join("corpus"), svc).unwrap();
    let run = service::transcribe_service(svc, &pages, Some(&base), &options, &accept)
        .unwrap_or_else(|e| panic!("{svc}: {e}"));
    assert!(
        run.output.yaml == base.text,
        "spec/{svc}.yaml is not what the pages transcribe to: run scripts/transcribe-services"
    );
    let report = std::fs::read_to_string(root.join(format!("spec/reports/{svc}.md"))).unwrap();
    // The generate messages of left-out pages differ in their positions only (the command drops them).
    let counts = |md: &str| {
        md.split("## Pages left out")
            .next()
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(
        counts(&run.markdown()),
        counts(&report),
        "spec/reports/{svc}.md"
    );
}

/// One request per operation of each spec to the emulator serving it, with the page's example body: each
/// reaches its operation (the emulator's record names it), none is answered 5xx. Bounded: one request per operation, every spec once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_emulator_loads_and_routes_every_spec() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut services = pipeline_services();
    services.push("kafka".into());
    let mut problems = Vec::new();
    let mut sent = 0;
    for svc in services {
        let path = spec_path(&svc);
        let server = huaweicloud_mock::MockServer::builder()
            .spec(path.as_path())
            .lenient_auth(true)
            .credentials(
                "AKROUTES0000000000000",
                "sk",
                "0123456789abcdef0123456789abcdef",
            )
            .start()
            .await
            .unwrap_or_else(|e| panic!("the emulator serves spec/{svc}.yaml: {e}"));
        let spec = codegen::spec::load(&path).unwrap_or_else(|e| panic!("{e}"));
        for op in &spec.operations {
            // Every placeholder gets a word of its own, so no two parameters look alike.
            let mut target = String::new();
            for (i, part) in op.path.split('{').enumerate() {
                match part.split_once('}') {
                    Some((_, rest)) if i > 0 => target.push_str(&format!("p{i}{rest}")),
                    _ => target.push_str(part),
                }
            }
            // The page's example body, else none: operations sharing a method and path (action APIs) are
            // told apart by their bodies.
            let body = op
                .request_body
                .as_ref()
                .and_then(|rb| rb.example.as_ref())
                .map(|e| e.to_string())
                .unwrap_or_default();
            let request = format!(
                "{} {target} HTTP/1.1\r\nHost: localhost\r\nAuthorization: x\r\nContent-Type: application/json\r\n\
                 Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                op.method.as_str(),
                body.len()
            );
            let mut stream = tokio::net::TcpStream::connect(server.addr()).await.unwrap();
            stream.write_all(request.as_bytes()).await.unwrap();
            let mut answer = Vec::new();
            stream.read_to_end(&mut answer).await.unwrap();
            sent += 1;
        }
        let records = server.requests();
        // Operations sharing a method and path (action APIs) are told apart by their bodies: without an
        // example body to send, any of them is a right answer.
        let shape = |p: &str| -> String {
            p.split('{')
                .map(|part| part.split_once('}').map_or(part, |(_, rest)| rest))
                .collect::<Vec<_>>()
                .join("{}")
        };
        for (op, record) in spec.operations.iter().zip(&records) {
            let status = record.status.unwrap_or(0);
            let no_body = op
                .request_body
                .as_ref()
                .is_none_or(|rb| rb.example.is_none());
            fn example(o: &codegen::spec::Operation) -> Option<&serde_json::Value> {
                o.request_body.as_ref().and_then(|rb| rb.example.as_ref())
            }
            // A sibling is as right when the body cannot tell them apart: no example body, or the page gives
            // the sibling's very example (IAM's MFA token page starts with the password call's body).
            let right = |id: &str| {
                id == op.id
                    || spec.operations.iter().any(|o| {
                        o.id == id
                            && o.method == op.method
                            && shape(&o.path) == shape(&op.path)
                            && (no_body || example(o) == example(op))
                    })
            };
            if !record.operation.as_deref().is_some_and(right) || !(200..500).contains(&status) {
                problems.push(format!(
                    "{svc} {} {}: routed to {:?}, status {status}, {:?}",
                    op.method.as_str(),
                    op.path,
                    record.operation,
                    record.error_code
                ));
            }
        }
        assert_eq!(
            records.len(),
            spec.operations.len(),
            "{svc}: one record per request"
        );
        server.shutdown().await;
    }
    assert!(sent > 300, "{sent} requests");
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}
