//! The committed documentation-lint reports (`spec/lint/<service>.md`) are what `codegen lint` writes for the
//! corpus now, there is one per corpus service, and the Kafka report has the defects the corpus NOTES.md lists
//! by hand (the oracle), each at the page line that holds it.

use sdk_tests::{repo_root, shared_dir};

#[test]
fn the_committed_lint_reports_are_current_and_cover_every_service() {
    let stale = codegen::lint::check_committed(&repo_root()).expect("the corpus is readable");
    assert!(
        stale.is_empty(),
        "stale lint reports {stale:?}: run `cargo run -p codegen -- lint --write spec/lint ../shared/corpus/*/pages`"
    );
    let mut services: Vec<String> = std::fs::read_dir(shared_dir().join("corpus"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("pages").is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    services.sort();
    let mut reports: Vec<String> = std::fs::read_dir(repo_root().join("spec/lint"))
        .unwrap()
        .flatten()
        .filter_map(|e| {
            e.file_name()
                .to_string_lossy()
                .strip_suffix(".md")
                .map(str::to_owned)
        })
        .collect();
    reports.sort();
    assert_eq!(reports, services);
}

/// The 1-based line of `page` holding `needle` (the first, or the `nth` one).
fn line(page: &str, needle: &str, nth: usize) -> usize {
    let text = std::fs::read_to_string(shared_dir().join("corpus/kafka/pages").join(page)).unwrap();
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.contains(needle))
        .nth(nth)
        .map(|(i, _)| i + 1)
        .unwrap_or_else(|| panic!("{page}: no `{needle}`"))
}

#[test]
fn the_kafka_report_has_the_defects_the_corpus_notes_list() {
    let report = std::fs::read_to_string(repo_root().join("spec/lint/kafka.md")).unwrap();
    let mut want: Vec<(String, &str, String)> = Vec::new();
    // NOTES.md: "ShowInstance's example has 7 keys with no table rows" (and ListInstances' instances the same),
    // and ListEngineProducts' `billing_code`.
    for key in [
        "enable_log_collection",
        "management_connect_address",
        "ipv6_enable",
        "ipv6_connect_addresses",
        "rest_enable",
        "trace_enable",
        "agent_enable",
    ] {
        for (page, path) in [
            ("ShowInstance.txt", format!("200.{key}")),
            ("ListInstances.txt", format!("200.instances[].{key}")),
        ] {
            let at = line(page, &format!("\"{key}\""), 0);
            want.push((format!("{page}:{at}"), "field-not-in-table", path));
        }
    }
    let at = line("ListEngineProducts.txt", "\"billing_code\"", 0);
    want.push((
        format!("ListEngineProducts.txt:{at}"),
        "field-not-in-table",
        "200.products[].billing_code".into(),
    ));
    // NOTES.md's list of example values whose JSON type contradicts the documented type.
    for (page, needle, nth, path) in [
        (
            "CreateConnector.txt",
            "\"node_cnt\" : 2",
            0,
            "body.node_cnt",
        ),
        (
            "CreateInstanceTopic.txt",
            "\"sync_replication\"",
            0,
            "body.sync_replication",
        ),
        (
            "CreateInstanceTopic.txt",
            "\"value\" : 10485760",
            0,
            "body.topic_other_configs[].value",
        ),
        (
            "ListInstanceTopics.txt",
            "\"sync_replication\"",
            0,
            "200.topics[].sync_replication",
        ),
        (
            "ListInstanceTopics.txt",
            "\"sync_message_flush\"",
            0,
            "200.topics[].sync_message_flush",
        ),
        (
            "UpdateInstanceTopic.txt",
            "\"value\" : 10485760",
            0,
            "body.topics[].topic_other_configs[].value",
        ),
    ] {
        let at = line(page, needle, nth);
        want.push((format!("{page}:{at}"), "type-conflict", path.into()));
    }
    // The typos: an example key and an example query parameter; ShowGroup's flat example.
    let at = line("ListConnectorTasks.txt", "\"deliver_time_interva\"", 0);
    want.push((
        format!("ListConnectorTasks.txt:{at}"),
        "likely-typo",
        "200.tasks[].sink_task.deliver_time_interva".into(),
    ));
    let at = line("ListInstanceConsumerGroups.txt", "offest=", 0);
    want.push((
        format!("ListInstanceConsumerGroups.txt:{at}"),
        "likely-typo",
        "query.offest".into(),
    ));
    let at = line("ListTopicPartitions.txt", "?start=", 0);
    want.push((
        format!("ListTopicPartitions.txt:{at}"),
        "query-parameter-not-in-table",
        "query.start".into(),
    ));
    let at = line("ShowGroup.txt", "\"members\"", 0);
    want.push((
        format!("ShowGroup.txt:{at}"),
        "missing-wrapper",
        "200".into(),
    ));

    for (place, kind, path) in &want {
        let entry = format!("- `corpus/kafka/pages/{place}` {kind} `{path}`:");
        assert!(
            report.lines().any(|l| l.starts_with(&entry)),
            "spec/lint/kafka.md lacks `{entry}`"
        );
    }
    let counted = |kind: &str| {
        report
            .lines()
            .filter(|l| l.starts_with("- `") && l.contains(&format!("` {kind} `")))
            .count()
    };
    assert_eq!(
        counted("field-not-in-table"),
        15,
        "the 15 example-only fields"
    );
    assert_eq!(counted("type-conflict"), 6);
}

#[test]
fn a_report_that_differs_from_the_corpus_is_stale() {
    let tmp = tempfile::tempdir().unwrap();
    let committed = repo_root().join("spec/lint");
    let kafka = std::fs::read_to_string(committed.join("kafka.md")).unwrap();
    std::fs::write(
        tmp.path().join("kafka.md"),
        kafka.replacen("node_cnt", "node_count", 1),
    )
    .unwrap();
    std::fs::copy(committed.join("smn.md"), tmp.path().join("smn.md")).unwrap();
    let stale = codegen::lint::check_reports(tmp.path(), &shared_dir().join("corpus")).unwrap();
    let names: Vec<_> = stale
        .iter()
        .map(|(f, _)| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["kafka.md"]);
}
