//! Each oddity of the corpus (corpus/kafka/NOTES.md) and how the transcriber handles it, one test each.

#[path = "fixtures/transcribe/common.rs"]
mod common;

use codegen::transcribe::{Options, Output, PageInput, transcribe_inputs};
use common::*;
use serde_json::json;

fn page(name: &str) -> std::path::PathBuf {
    shared_dir().join(format!("corpus/kafka/pages/{name}.txt"))
}

fn one(name: &str) -> (Output, O) {
    let out = transcribe_files(&[page(name)], &Options::default());
    let d = doc(&out.yaml);
    (out, d)
}

fn notes(out: &Output, kind: &str) -> Vec<String> {
    out.report
        .pages
        .iter()
        .flat_map(|p| p.notes.iter())
        .filter(|n| n.kind == kind)
        .map(|n| n.message.clone())
        .collect()
}

fn schema<'d>(d: &'d O, name: &str) -> &'d O {
    &d["components"]["schemas"][name]
}

#[test]
fn quoted_example_request_line_is_kept_verbatim() {
    let (out, d) = one("ListBackgroundTasks");
    let (_, _, op) = find_op(&d, "ListBackgroundTasks").expect("op");
    let text = op["x-request-examples"][0]["text"].as_str().expect("text");
    assert!(
        text.starts_with("'GET https://") && text.ends_with('\''),
        "{text}"
    );
    assert!(
        notes(&out, "example-request")
            .iter()
            .any(|n| n.contains("single quotes"))
    );
}

#[test]
fn dash_row_and_non_json_example_make_a_text_body() {
    let (out, d) = one("CreateKafkaConsumerGroup");
    let (_, _, op) = find_op(&d, "CreateKafkaConsumerGroup").expect("op");
    let media = &op["responses"]["200"]["content"]["text/plain"];
    assert_eq!(
        media["schema"]["$ref"],
        "#/components/schemas/CreateKafkaConsumerGroupResponse"
    );
    let body = schema(&d, "CreateKafkaConsumerGroupResponse");
    assert_eq!(body["type"], "string");
    assert!(
        body["description"]
            .as_str()
            .is_some_and(|s| s.starts_with("Specified IPv4 private IP addresses."))
    );
    assert_eq!(op["x-response-examples-text"]["200"], "success");
    assert!(media.get("example").is_none());
    // The 400 body is an ordinary error object.
    assert_eq!(
        op["responses"]["400"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/CreateKafkaConsumerGroupResponse400"
    );
    assert!(
        notes(&out, "source-text")
            .iter()
            .any(|n| n.contains("row named `-`"))
    );
    assert!(
        notes(&out, "example-not-json")
            .iter()
            .any(|n| n.contains("`success`"))
    );
}

#[test]
fn flat_example_kept_while_the_table_wraps_it_in_group() {
    let (out, d) = one("ShowGroup");
    let body = schema(&d, "ShowGroupResponse");
    assert_eq!(body["properties"].keys(), ["group"]);
    let (_, _, op) = find_op(&d, "ShowGroup").expect("op");
    let example = &op["responses"]["200"]["content"]["application/json"]["example"];
    // The example has `"group": null` and the group's fields beside it.
    assert!(example.get("group_id").is_some() && example.get("group") == Some(&O::Null));
    assert!(
        notes(&out, "example-contradicts-table")
            .iter()
            .any(|n| n.contains("`group_id`"))
    );
}

#[test]
fn example_keys_missing_from_the_table_are_reported() {
    let (out, d) = one("ShowInstance");
    let msgs = notes(&out, "example-contradicts-table");
    for key in [
        "enable_log_collection",
        "management_connect_address",
        "ipv6_enable",
        "agent_enable",
    ] {
        assert!(
            msgs.iter().any(|m| m.contains(&format!("`{key}`"))),
            "{key}: {msgs:?}"
        );
        // Reconciled: the field is in the schema, marked as known from the example only.
        assert!(schema(&d, "ShowInstanceResponse")["properties"][key]["x-from-example"] == true);
    }
    let reconciled = notes(&out, "reconciled-with-example");
    assert_eq!(reconciled.len(), 7, "{reconciled:?}");
}

#[test]
fn example_query_parameters_not_in_the_table() {
    for (name, param, table) in [
        (
            "ListInstanceConsumerGroups",
            "offest",
            ["offset", "limit", "group"].as_slice(),
        ),
        (
            "ListTopicPartitions",
            "start",
            ["offset", "limit"].as_slice(),
        ),
    ] {
        let (out, d) = one(name);
        let (_, _, op) = find_op(&d, name).expect("op");
        let query: Vec<&str> = op["parameters"]
            .as_array()
            .unwrap_or_default()
            .iter()
            .filter(|p| p["in"] == "query")
            .filter_map(|p| p["name"].as_str())
            .collect();
        assert_eq!(query, table, "{name}");
        assert!(
            notes(&out, "example-request")
                .iter()
                .any(|n| n.contains(&format!("`{param}`"))),
            "{name}"
        );
    }
}

#[test]
fn example_path_with_the_engine_filled_in() {
    let (out, d) = one("ListEngineProducts");
    let (path, _, _) = find_op(&d, "ListEngineProducts").expect("op");
    assert_eq!(path, "/v2/{engine}/products");
    assert!(
        notes(&out, "example-request")
            .iter()
            .any(|n| n.contains("/v2/kafka/products"))
    );
}

#[test]
fn source_damage_is_kept_verbatim_and_reported() {
    let (out, d) = one("CreateInstanceByEngine");
    let bss = schema(&d, "BssParam");
    let period_type = bss["properties"]["period_type"]["description"]
        .as_str()
        .unwrap_or_default();
    assert!(period_type.ends_with("prePaid. **"), "{period_type}");
    let description = schema(&d, "CreateInstanceByEngineRequestBody")["properties"]["description"]
        ["description"]
        .as_str()
        .unwrap_or_default();
    assert!(
        description.contains("NOTE:\nThe backslash () and quotation mark"),
        "{description}"
    );
    let msgs = notes(&out, "source-text");
    assert_eq!(
        msgs.iter().filter(|m| m.contains("`**`")).count(),
        2,
        "{msgs:?}"
    );
    assert!(msgs.iter().any(|m| m.contains("backslash")));
    let (out, _) = one("UpdateInstance");
    assert!(
        notes(&out, "source-text")
            .iter()
            .any(|m| m.contains("backslash"))
    );
}

#[test]
fn note_lines_in_cells_stay_in_the_description() {
    let (_, d) = one("UpdateInstanceCrossVpcIp");
    let text = d["components"]["schemas"]
        .as_map()
        .unwrap_or_default()
        .iter()
        .flat_map(|(_, s)| s["properties"].as_map().unwrap_or_default().iter())
        .filter_map(|(_, p)| p["description"].as_str())
        .any(|d| d.contains("\nNOTE:\n"));
    assert!(text);
}

#[test]
fn repeated_captions_on_one_page() {
    let (out, d) = one("ShowCesHierarchy");
    let item = |schema_name: &str, field: &str| {
        schema(&d, schema_name)["properties"][field]["items"]["$ref"]
            .as_str()
            .unwrap_or_default()
            .trim_start_matches("#/components/schemas/")
            .to_owned()
    };
    assert_eq!(
        item("ShowCesHierarchyResponse", "queues"),
        "ShowCesHierarchyRespQueues"
    );
    assert_eq!(
        item("ShowCesHierarchyResponse", "groups"),
        "ShowCesHierarchyRespGroups"
    );
    assert_eq!(
        item("ShowCesHierarchyRespGroups", "queues"),
        "ShowCesHierarchyRespGroupsQueues"
    );
    // The two `partitions` tables are identical: one schema.
    assert_eq!(
        item("ShowCesHierarchyRespQueues", "partitions"),
        "ShowCesHierarchyRespPartitions"
    );
    assert_eq!(
        item("ShowCesHierarchyRespGroupsQueues", "partitions"),
        "ShowCesHierarchyRespPartitions"
    );
    // The two `queues` tables differ in one description.
    assert_eq!(
        schema(&d, "ShowCesHierarchyRespQueues")["properties"]["partitions"]["description"],
        "Partition list."
    );
    assert_eq!(
        schema(&d, "ShowCesHierarchyRespGroupsQueues")["properties"]["partitions"]["description"],
        "Partition information."
    );
    assert_eq!(
        schema(&d, "ShowCesHierarchyRespQueues")["x-caption"],
        "Table 7 queues"
    );
    assert_eq!(
        schema(&d, "ShowCesHierarchyRespGroupsQueues")["x-caption"],
        "Table 10 queues"
    );
    assert_eq!(notes(&out, "schema-names").len(), 2);
}

#[test]
fn same_caption_different_shapes_across_pages() {
    let pages: Vec<_> = [
        "ListTopicPartitions",
        "ShowCesHierarchy",
        "ShowInstanceTopicDetail",
        "UpdateTopicReplica",
        "BatchDeleteInstanceTopic",
        "UpdateInstanceTopic",
        "BatchRestartOrDeleteInstances",
        "UpdateInstanceCrossVpcIp",
        "ShowGroup",
        "ShowGroups",
        "CreateInstanceTopic",
        "ListInstanceTopics",
    ]
    .iter()
    .map(|n| page(n))
    .collect();
    let out = transcribe_files(&pages, &Options::default());
    let d = doc(&out.yaml);
    let names = d["components"]["schemas"].keys();
    for n in [
        "ListTopicPartitionsRespPartitions",
        "ShowCesHierarchyRespPartitions",
        "ShowInstanceTopicDetailRespPartitions",
        "UpdateTopicReplicaReqPartitions",
        "BatchDeleteInstanceTopicRespTopics",
        "UpdateInstanceTopicReqTopics",
        "BatchRestartOrDeleteInstancesRespResults",
        "UpdateInstanceCrossVpcIpRespResults",
        "ShowGroupRespMembers",
        "ShowGroupsRespMembers",
        "CreateInstanceTopicReqTopicOtherConfigs",
        "ListInstanceTopicsRespTopicOtherConfigs",
        "UpdateInstanceTopicReqTopicOtherConfigs",
    ] {
        assert!(names.contains(&n), "{n} missing from {names:?}");
    }
    assert!(
        !names
            .iter()
            .any(|n| ["partitions", "topics", "results", "members", "Partitions"].contains(n))
    );
}

#[test]
fn pascal_case_captions_are_shared_when_every_page_agrees() {
    let pages: Vec<_> = [
        "BatchCreateOrDeleteKafkaTag",
        "CreateInstanceByEngine",
        "ListInstances",
        "ShowInstance",
        "ShowKafkaTags",
        "CreateConnectorTask",
        "ListConnectorTasks",
        "ShowConnectorTask",
    ]
    .iter()
    .map(|n| page(n))
    .collect();
    let out = transcribe_files(&pages, &Options::default());
    let d = doc(&out.yaml);
    let names = d["components"]["schemas"].keys();
    for n in [
        "TagEntity",
        "SmartConnectTaskRespSourceConfig",
        "SmartConnectTaskRespSinkConfig",
        "ShowInstanceResp",
        "BssParam",
    ] {
        assert!(names.contains(&n), "{n}");
    }
    assert!(
        !names
            .iter()
            .any(|n| n.ends_with("TagEntity") && *n != "TagEntity"),
        "{names:?}"
    );
    let tag_refs = out
        .yaml
        .matches("$ref: '#/components/schemas/TagEntity'")
        .count();
    assert_eq!(tag_refs, 5);
}

#[test]
fn a_pascal_caption_with_two_shapes_gets_operation_names() {
    // Change one TagEntity description on one page: the shapes differ, so neither keeps the bare name.
    let a = page("BatchCreateOrDeleteKafkaTag");
    let b = page("ShowKafkaTags");
    let text_b =
        std::fs::read_to_string(&b)
            .expect("page")
            .replacen("Tag key.", "Tag key (edited).", 1);
    let inputs = vec![
        input(&a, std::fs::read_to_string(&a).expect("page")),
        PageInput {
            text: text_b,
            ..input(&b, String::new())
        },
    ];
    let out = transcribe_inputs(&inputs, None, &Options::default()).expect("transcribes");
    let d = doc(&out.yaml);
    let names = d["components"]["schemas"].keys();
    assert!(
        names.contains(&"BatchCreateOrDeleteKafkaTagTagEntity"),
        "{names:?}"
    );
    assert!(names.contains(&"ShowKafkaTagsTagEntity"), "{names:?}");
    assert!(!names.contains(&"TagEntity"));
}

#[test]
fn name_typos_are_data() {
    let (_, d) = one("ResetUserPasswrod");
    assert!(find_op(&d, "ResetUserPasswrod").is_some());
    let (_, d) = one("ShowKafkaProjectTags");
    assert!(
        d["components"]["schemas"]
            .get("TagMultyValueEntity")
            .is_some()
    );
}

#[test]
fn paths_that_break_the_pattern() {
    for (name, path) in [
        (
            "ShowTopicAccessPolicy",
            "/v1/{project_id}/instances/{instance_id}/topics/{topic_name}/accesspolicy",
        ),
        (
            "UpdateTopicAccessPolicy",
            "/v1/{project_id}/instances/{instance_id}/topics/accesspolicy",
        ),
        (
            "CreateReassignmentTask",
            "/v2/kafka/{project_id}/instances/{instance_id}/reassign",
        ),
        ("ListEngineProducts", "/v2/{engine}/products"),
        ("ListAvailableZones", "/v2/available-zones"),
    ] {
        let key = answer(name);
        assert_eq!(key["path"], path, "the key moved: {name}");
        let (_, d) = one(name);
        let (got, _, _) = find_op(&d, name).expect("op");
        assert_eq!(got, path);
    }
    for name in ["ListAvailableZones", "ShowMaintainWindows"] {
        let (_, d) = one(name);
        let (_, _, op) = find_op(&d, name).expect("op");
        assert!(
            op["parameters"]
                .as_array()
                .unwrap_or_default()
                .iter()
                .all(|p| p["in"] != "path")
        );
        assert!(!doc_contains(&d, "x-from-credentials"));
    }
}

fn doc_contains(d: &O, key: &str) -> bool {
    match d {
        O::Map(m) => m.iter().any(|(k, v)| k == key || doc_contains(v, key)),
        O::Seq(s) => s.iter().any(|v| doc_contains(v, key)),
        _ => false,
    }
}

#[test]
fn methods_that_break_the_pattern() {
    for (name, method) in [
        ("BatchDeleteInstanceUsers", "put"),
        ("DeleteConnector", "post"),
        ("PauseConnectorTask", "put"),
        ("ResumeConnectorTask", "put"),
        ("RestartConnectorTask", "put"),
    ] {
        let (_, d) = one(name);
        let (_, got, _) = find_op(&d, name).expect("op");
        assert_eq!(got, method, "{name}");
    }
}

#[test]
fn every_type_spelling_pattern() {
    let (_, d) = one("ShowKafkaTopicPartitionDiskusage");
    let found = d["components"]["schemas"]
        .as_map()
        .unwrap_or_default()
        .iter()
        .flat_map(|(_, s)| s["properties"].as_map().unwrap_or_default().iter())
        .any(|(_, p)| p["type"] == "number" && p["format"] == "double");
    assert!(found, "Double → number/double");
    let (_, d) = one("ListInstanceTopics");
    let ext = &schema(&d, "TopicEntity")["properties"]["external_configs"];
    assert_eq!(
        ext.json(),
        json!({"type": "object", "description": ext["description"].json()})
    );
    let (_, d) = one("ShowEngineInstanceExtendProductInfo");
    let maps = d["components"]["schemas"]
        .as_map()
        .unwrap_or_default()
        .iter()
        .flat_map(|(_, s)| s["properties"].as_map().unwrap_or_default().iter())
        .filter(|(_, p)| p["additionalProperties"]["type"] == "string")
        .count();
    assert!(
        maps >= 1,
        "Map<String,String> → additionalProperties string"
    );
    let (_, d) = one("ShowGroups");
    let group = &schema(&d, "ShowGroupsResponse")["properties"]["group"];
    assert_eq!(group["$ref"], "#/components/schemas/ShowGroupsRespGroup");
    assert!(group["description"].as_str().is_some());
}

#[test]
fn response_structures() {
    let (_, d) = one("CreateInstanceUser");
    let (_, _, op) = find_op(&d, "CreateInstanceUser").expect("op");
    assert_eq!(op["responses"].keys(), ["204", "400", "403"]);
    assert!(op["responses"]["204"].get("content").is_none());
    for s in ["400", "403"] {
        let r = resolve(
            &d,
            &op["responses"][s]["content"]["application/json"]["schema"],
        );
        assert_eq!(r["properties"].keys(), ["error_code", "error_msg"]);
    }
    let (_, d) = one("BatchRestartOrDeleteInstances");
    let (_, _, op) = find_op(&d, "BatchRestartOrDeleteInstances").expect("op");
    assert_eq!(op["responses"].keys(), ["200", "204"]);
    assert!(op["responses"]["204"].get("content").is_none());
    assert_eq!(op["x-request-examples"].as_array().map(<[_]>::len), Some(3));
    let (_, d) = one("ShowInstanceMessages");
    let (_, _, op) = find_op(&d, "ShowInstanceMessages").expect("op");
    assert_eq!(op["responses"].keys(), ["200", "400", "403"]);
}

#[test]
fn several_example_requests_keep_their_descriptions() {
    for (name, n) in [
        ("ResetMessageOffset", 2),
        ("UpdateInstance", 3),
        ("BatchRestartOrDeleteInstances", 3),
    ] {
        let (_, d) = one(name);
        let (_, _, op) = find_op(&d, name).expect("op");
        let list = op["x-request-examples"].as_array().unwrap_or_default();
        assert_eq!(list.len(), n, "{name}");
        assert!(
            list.iter().all(|e| e["description"].as_str().is_some()),
            "{name}"
        );
        let first_body = list[0]["text"]
            .as_str()
            .unwrap_or_default()
            .split_once("\n\n")
            .map(|(_, b)| b);
        let first_body: serde_json::Value =
            serde_json::from_str(first_body.unwrap_or("null")).expect("json");
        assert_eq!(
            op["requestBody"]["content"]["application/json"]["example"].json(),
            first_body
        );
    }
}

#[test]
fn example_types_contradicting_the_table() {
    for (name, what) in [
        (
            "CreateConnector",
            "body.node_cnt is documented as String but the example gives integer 2",
        ),
        (
            "CreateInstanceTopic",
            "body.sync_replication is documented as Boolean but the example gives text \"false\"",
        ),
        (
            "CreateInstanceTopic",
            "body.topic_other_configs[].value is documented as String",
        ),
        (
            "ListInstanceTopics",
            "200.topics[].sync_replication is documented as Boolean",
        ),
        (
            "ListInstanceTopics",
            "200.topics[].sync_message_flush is documented as Boolean",
        ),
        (
            "UpdateInstanceTopic",
            "body.topics[].topic_other_configs[].value is documented as String",
        ),
    ] {
        let (out, _) = one(name);
        let msgs = notes(&out, "example-contradicts-table");
        assert!(
            msgs.iter().any(|m| m.contains(what)),
            "{name}: {what}\n{msgs:#?}"
        );
    }
    // The spec follows the table.
    let (_, d) = one("CreateConnector");
    assert_eq!(
        schema(&d, "CreateConnectorRequestBody")["properties"]["node_cnt"]["type"],
        "string"
    );
}

#[test]
fn error_code_header_with_plural_column_name() {
    let text = std::fs::read_to_string(page("ErrorCode")).expect("page");
    assert!(text.contains("\nError Codes\n\nError Message\n"));
    let (out, d) = one("ErrorCode");
    assert_eq!(out.report.pages[0].operation_id, None);
    assert_eq!(d["x-error-codes"][0]["error_code"], "DMS.00400002");
    let singular = text.replacen(
        "\nError Codes\n\nError Message\n",
        "\nError Code\n\nError Message\n",
        1,
    );
    let p = page("ErrorCode");
    let out = transcribe_inputs(
        &[PageInput {
            text: singular,
            ..input(&p, String::new())
        }],
        None,
        &Options::default(),
    )
    .expect("transcribes");
    assert_eq!(
        doc(&out.yaml)["x-error-codes"].as_array().map(<[_]>::len),
        Some(173)
    );
}

#[test]
fn pages_without_chrome_transcribe_the_same() {
    let p = page("ShowCoordinators");
    let text = std::fs::read_to_string(&p).expect("page");
    let stripped = text
        .lines()
        .filter(|l| !l.starts_with("Updated on ") && *l != "Share")
        .collect::<Vec<_>>()
        .join("\n");
    let with =
        transcribe_inputs(&[input(&p, text)], None, &Options::default()).expect("with chrome");
    let without =
        transcribe_inputs(&[input(&p, stripped)], None, &Options::default()).expect("without");
    assert_eq!(with.yaml, without.yaml);
    assert_eq!(with.report.pages[0].kept[0].reason, "page chrome");
}

#[test]
fn missing_mandatory_cells_are_inferred_and_marked() {
    let out = transcribe_files(&[seed_page()], &Options::default());
    let d = doc(&out.yaml);
    let (_, _, op) = find_op(&d, "ListBackgroundTasks").expect("op");
    let required: Vec<(String, bool)> = op["parameters"]
        .as_array()
        .unwrap_or_default()
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap_or_default().to_owned(),
                p["required"] == true,
            )
        })
        .collect();
    assert_eq!(
        required,
        [
            ("project_id", true),
            ("instance_id", true),
            ("start", false),
            ("limit", false),
            ("begin_time", false),
            ("end_time", false)
        ]
        .map(|(n, r)| (n.to_owned(), r))
    );
    assert!(
        op["parameters"]
            .as_array()
            .unwrap_or_default()
            .iter()
            .all(|p| p["x-required-inferred"] == true)
    );
    // A request body field without its Mandatory cell is marked too.
    let p = page("ResetPassword");
    let text = std::fs::read_to_string(&p).expect("page");
    let (head, tail) = text.split_once("Request Parameters").expect("section");
    let tail = tail.replacen("\n\nYes\n", "\n", 1);
    let out = transcribe_inputs(
        &[input(&p, format!("{head}Request Parameters{tail}"))],
        None,
        &Options::default(),
    )
    .expect("transcribes");
    let d = doc(&out.yaml);
    let body = schema(&d, "ResetPasswordRequestBody");
    let first = body["properties"].keys()[0].to_owned();
    assert_eq!(
        body["properties"][first.as_str()]["x-required-inferred"],
        true
    );
    assert!(
        !body["required"]
            .as_array()
            .unwrap_or_default()
            .iter()
            .any(|r| *r == first.as_str())
    );
}

#[test]
fn example_captions_that_differ_from_the_status_description() {
    let (_, d) = one("ShowInstance");
    let (_, _, op) = find_op(&d, "ShowInstance").expect("op");
    assert_eq!(
        op["responses"]["200"]["description"],
        "Specified instance queried."
    );
    assert_eq!(
        op["responses"]["200"]["x-example-summary"],
        "Specified instance queried.\nThe instance is queried. An example returned result is as follows."
    );
    // A caption that repeats the status description (the seed, most English pages) adds nothing.
    let (_, d) = one("ListBackgroundTasks");
    let (_, _, op) = find_op(&d, "ListBackgroundTasks").expect("op");
    assert!(op["responses"]["200"].get("x-example-summary").is_none());
}

#[test]
fn error_code_text_is_verbatim_even_when_run_together() {
    let (_, d) = one("ErrorCode");
    let row = d["x-error-codes"]
        .as_array()
        .unwrap_or_default()
        .iter()
        .find(|r| r["error_code"] == "DMS.00400012")
        .expect("DMS.00400012");
    let key = answer("ErrorCode");
    let want = key["error_codes"]
        .as_array()
        .and_then(|a| a.iter().find(|r| r["error_code"] == "DMS.00400012"))
        .expect("in the key");
    assert_eq!(row["error_msg"], want["error_message"]);
    assert!(
        row["error_msg"]
            .as_str()
            .is_some_and(|m| m.contains("must:"))
    );
}
