//! A second service proves the generator is not Kafka-specific: three pages written the way the API reference
//! writes them (`tests/fixtures/sample/pages/`), with shapes the Kafka corpus lacks (header parameters,
//! `Number`, arrays of arrays, 201 and 204 answers), transcribed into `tests/fixtures/sample/spec.yaml` and
//! generated into `tests/fixtures/sample/crate` (a workspace member, so it is compiled, linted and doc-checked
//! with everything else). No code in the generator knows about either service.

use std::path::PathBuf;

use huaweicloud_core::Credentials;
use huaweicloud_mock::MockServer;
use huaweicloud_sample::Client;
use huaweicloud_sample::types::{CreateAlarmRuleReqCondition, CreateAlarmRuleRequestBody};
use sdk_tests::repo_root;

fn fixture() -> PathBuf {
    repo_root().join("tests/fixtures/sample")
}

fn crate_options() -> codegen::CrateOptions {
    let mut options = codegen::repo_options(&repo_root(), &fixture().join("spec.yaml"));
    options.runtime_path = "../../../../runtime".into();
    options
}

#[test]
fn transcribing_the_pages_again_changes_no_byte() {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(fixture().join("pages"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    pages.sort();
    assert_eq!(pages.len(), 3);
    let options = codegen::transcribe::Options {
        merge_into: Some(fixture().join("spec.yaml")),
        ..Default::default()
    };
    let out = codegen::transcribe::transcribe(&pages, &options).expect("the pages transcribe");
    assert_eq!(out.report.unplaced_count(), 0);
    assert_eq!(
        out.yaml,
        std::fs::read_to_string(fixture().join("spec.yaml")).unwrap()
    );
}

#[test]
fn the_committed_crate_is_what_the_generator_writes() {
    let changes = codegen::check_crate(
        &fixture().join("spec.yaml"),
        &fixture().join("crate"),
        &crate_options(),
    )
    .unwrap();
    assert!(changes.is_empty(), "stale: {:?}", changes.lines());
}

#[test]
fn header_parameters_arrays_of_arrays_and_numbers_are_typed() {
    let krate = sdk_tests::reflect::read_crate(&fixture().join("crate/src"));
    let show = &krate.requests["ShowMetricData"];
    let headers: Vec<(&str, bool)> = show
        .sent
        .iter()
        .filter(|s| s.location == "headers")
        .map(|s| (s.wire.as_str(), s.optional))
        .collect();
    assert_eq!(headers, [("X-Language", true), ("X-Trace-Id", true)]);
    let create = &krate.requests["CreateAlarmRule"];
    assert!(
        create
            .sent
            .iter()
            .any(|s| s.location == "headers" && s.wire == "X-Client-Token" && !s.optional)
    );
    assert_eq!(krate.requests["DeleteAlarmRule"].response, "()");
    let response = &krate.structs["ShowMetricDataResponse"];
    let matrix = response.iter().find(|f| f.wire == "matrix").unwrap();
    assert_eq!(matrix.ty, "Option<Vec<Vec<f64>>>");
    let point = &krate.structs["ShowMetricDataRespDatapoints"];
    assert_eq!(
        point.iter().find(|f| f.wire == "average").unwrap().ty,
        "Option<f64>"
    );
    assert_eq!(
        point.iter().find(|f| f.wire == "timestamp").unwrap().ty,
        "Option<i64>"
    );
    let tags = &krate.structs["CreateAlarmRuleRequestBody"];
    assert_eq!(
        tags.iter().find(|f| f.wire == "tags").unwrap().ty,
        "Option<BTreeMap<String,String>>"
    );
    assert_eq!(
        tags.iter().find(|f| f.wire == "extra").unwrap().ty,
        "Option<Value>"
    );
}

#[tokio::test]
async fn the_generated_client_works_against_the_emulator_of_the_second_service() {
    let server = MockServer::builder()
        .spec(fixture().join("spec.yaml"))
        .credentials("SAMPLEAK", "SAMPLESK", "project-1")
        .start()
        .await
        .expect("emulator starts");
    let client = Client::builder()
        .endpoint(server.url())
        .credentials(Credentials::new("SAMPLEAK", "SAMPLESK").with_project_id("project-1"))
        .build()
        .unwrap();

    let data = client
        .show_metric_data("SYS.ECS", "cpu_util")
        .period(300)
        .x_language("en-us")
        .send()
        .await
        .expect("signed request with header parameters");
    assert_eq!(data.metric_name.as_deref(), Some("cpu_util"));
    assert!(data.datapoints.unwrap_or_default()[0].average.is_some());

    // Built the way a caller must (the types are `#[non_exhaustive]`): constructors with the required members,
    // `with_…` for the optional ones.
    let body = CreateAlarmRuleRequestBody::new(
        "cpu-high",
        CreateAlarmRuleReqCondition::new(">=", 80.5).with_count(3),
    );
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        serde_json::json!({
            "alarm_name": "cpu-high",
            "condition": {"comparison_operator": ">=", "threshold": 80.5, "count": 3}
        })
    );
    let created = client
        .create_alarm_rule("token-1", body)
        .send()
        .await
        .expect("201");
    assert!(created.alarm_id.is_some());

    client
        .delete_alarm_rule("al-1")
        .send()
        .await
        .expect("204 decodes as ()");

    let log = server.requests();
    let statuses: Vec<(Option<String>, Option<u16>)> = log
        .iter()
        .map(|r| (r.operation.clone(), r.status))
        .collect();
    assert_eq!(
        statuses,
        [
            (Some("ShowMetricData".to_owned()), Some(200)),
            (Some("CreateAlarmRule".to_owned()), Some(201)),
            (Some("DeleteAlarmRule".to_owned()), Some(204)),
        ]
    );
}
