//! Re-transcription into an existing spec: the pages' edits appear, hand-written overrides survive, a rerun
//! changes no byte; and the run's errors name `file:line:column`.
//!
//! `fixtures/transcribe/overrides.yaml` is the transcription of ListInstanceConsumerGroups and
//! ShowCoordinators with hand-written overrides added: `info`, `servers`, the security scheme's description,
//! `x-rust-name` / `x-doc-group` / `x-paginated` on the operation, `x-numeric-string` and `enum` on query
//! parameters, `x-rust-name` on a schema and a property, `enum` and `x-json-string` on properties, and a
//! hand-written schema no page has.

#[path = "fixtures/transcribe/common.rs"]
mod common;

use codegen::transcribe::{BaseSpec, Options, Output, PageInput, transcribe_inputs};
use common::*;

fn page_path(name: &str) -> std::path::PathBuf {
    shared_dir().join(format!("corpus/kafka/pages/{name}.txt"))
}

fn page_text(name: &str) -> String {
    std::fs::read_to_string(page_path(name)).expect("page")
}

fn base(text: &str) -> BaseSpec {
    BaseSpec {
        path: fixtures().join("overrides.yaml"),
        text: text.to_owned(),
    }
}

fn overrides() -> String {
    std::fs::read_to_string(fixtures().join("overrides.yaml")).expect("fixture")
}

fn run(pages: Vec<(&str, String)>, spec: &str) -> Result<Output, codegen::transcribe::Errors> {
    let inputs: Vec<PageInput> = pages
        .into_iter()
        .map(|(name, text)| input(&page_path(name), text))
        .collect();
    transcribe_inputs(&inputs, Some(&base(spec)), &Options::default())
}

/// The page edited: one description changed, one row added, one row removed, one query type changed.
fn edited_page() -> String {
    let text = page_text("ListInstanceConsumerGroups");
    let text = text.replacen("Consumer group ID.", "Consumer group ID (edited).", 1);
    let text = text.replacen(
        "lag\n\nLong\n\nNumber of accumulated messages.",
        "lag\n\nLong\n\nNumber of accumulated messages.\n\nmember_count\n\nInteger\n\nNumber of members (new row).",
        1,
    );
    let text = text.replacen(
        "group_desc\n\nString\n\nConsumer group description.\n\n",
        "",
        1,
    );
    assert!(text.contains("limit\n\nNo\n\nString\n\n"));
    text.replacen("limit\n\nNo\n\nString\n\n", "limit\n\nNo\n\nInteger\n\n", 1)
}

#[test]
fn unchanged_pages_change_no_byte() {
    let spec = overrides();
    let out = run(
        vec![
            (
                "ListInstanceConsumerGroups",
                page_text("ListInstanceConsumerGroups"),
            ),
            ("ShowCoordinators", page_text("ShowCoordinators")),
        ],
        &spec,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.yaml, spec);
}

#[test]
fn edits_appear_and_overrides_survive() {
    let spec = overrides();
    let out = run(vec![("ListInstanceConsumerGroups", edited_page())], &spec)
        .unwrap_or_else(|e| panic!("{e}"));
    let d = doc(&out.yaml);
    let group = &d["components"]["schemas"]["GroupInfoSimple"];

    // The edits.
    assert_eq!(
        group["properties"]["group_id"]["description"],
        "Consumer group ID (edited)."
    );
    assert_eq!(group["properties"]["member_count"]["type"], "integer");
    // The removed row is no table field any more; the page's example still has the key, so reconciliation
    // keeps it as an example-only field (no description, `x-from-example`).
    let removed = &group["properties"]["group_desc"];
    assert!(removed["x-from-example"] == true, "removed row is gone");
    assert!(removed.get("description").is_none(), "removed row is gone");
    let (_, _, op) = find_op(&d, "ListInstanceConsumerGroups").expect("op");
    let limit = op["parameters"]
        .as_array()
        .unwrap_or_default()
        .iter()
        .find(|p| p["name"] == "limit")
        .expect("limit");
    assert_eq!(limit["schema"]["type"], "integer");
    assert_eq!(limit["schema"]["format"], "int32");

    // The overrides.
    assert_eq!(group["x-rust-name"], "ConsumerGroup");
    assert_eq!(
        group["properties"]["createdAt"]["x-rust-name"],
        "created_at"
    );
    assert_eq!(
        group["properties"]["state"]["enum"]
            .as_array()
            .map(<[_]>::len),
        Some(5)
    );
    assert_eq!(
        limit["schema"]["enum"].json(),
        serde_json::json!(["10", "50"])
    );
    let offset = op["parameters"]
        .as_array()
        .unwrap_or_default()
        .iter()
        .find(|p| p["name"] == "offset")
        .expect("offset");
    assert_eq!(offset["schema"]["x-numeric-string"], true);
    assert_eq!(op["x-rust-name"], "list_consumer_groups");
    assert_eq!(op["x-doc-group"], "Consumer Group Management");
    assert_eq!(op["x-paginated"]["items"], "groups");
    assert_eq!(
        d["info"]["title"],
        "Distributed Message Service for Kafka (hand-edited)"
    );
    assert_eq!(d["info"]["description"], "Hand-written, kept.");
    assert_eq!(
        d["servers"][0]["x-region-endpoints"]["eu-west-101"],
        "https://dms.eu-west-101.myhuaweicloud.eu"
    );
    assert_eq!(
        d["components"]["securitySchemes"]["AkSk"]["description"],
        "Hand-written scheme description."
    );
    assert!(d["components"]["schemas"].get("HandWritten").is_some());
    // The operation not transcribed this time is untouched.
    let before = doc(&spec);
    assert_eq!(
        find_op(&d, "ShowCoordinators").map(|o| o.2.json()),
        find_op(&before, "ShowCoordinators").map(|o| o.2.json())
    );

    // Only the edited lines changed (plus the new row); the rest of the file is the same text.
    let changed: Vec<_> = diff_lines(&spec, &out.yaml);
    assert!(changed.len() < 20, "{changed:#?}");

    // And transcribing the edited page again changes no byte.
    let again = run(
        vec![("ListInstanceConsumerGroups", edited_page())],
        &out.yaml,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again.yaml, out.yaml);
}

/// Lines of `b` not in `a` (a rough diff for the assertion message).
fn diff_lines(a: &str, b: &str) -> Vec<String> {
    let old: std::collections::HashSet<&str> = a.lines().collect();
    b.lines()
        .filter(|l| !old.contains(l))
        .map(str::to_owned)
        .collect()
}

#[test]
fn a_moved_operation_keeps_its_overrides() {
    let text = page_text("ListInstanceConsumerGroups").replacen(
        "GET /v2/{project_id}/instances/{instance_id}/groups",
        "GET /v2/{project_id}/kafka/instances/{instance_id}/groups",
        1,
    );
    let out = run(vec![("ListInstanceConsumerGroups", text)], &overrides())
        .unwrap_or_else(|e| panic!("{e}"));
    let d = doc(&out.yaml);
    let (path, _, op) = find_op(&d, "ListInstanceConsumerGroups").expect("op");
    assert_eq!(
        path,
        "/v2/{project_id}/kafka/instances/{instance_id}/groups"
    );
    assert_eq!(op["x-rust-name"], "list_consumer_groups");
    assert!(
        d["paths"]
            .get("/v2/{project_id}/instances/{instance_id}/groups")
            .is_none()
    );
}

#[test]
fn schemas_nobody_uses_any_more_are_dropped() {
    // ShowCoordinators without its nested table: `coordinators` becomes a list of strings.
    let text = page_text("ShowCoordinators");
    let (head, tail) = text
        .split_once("Table 3 coordinators")
        .expect("nested table");
    let rest = tail
        .split_once("Example Requests")
        .map(|(_, r)| r)
        .expect("examples");
    let head = head.replacen("Array of coordinators objects", "Array of strings", 1);
    let text = format!("{head}Example Requests{rest}");
    // The example now contradicts the table; that is a note, not an error.
    let out = run(vec![("ShowCoordinators", text)], &overrides()).unwrap_or_else(|e| panic!("{e}"));
    let d = doc(&out.yaml);
    assert!(
        d["components"]["schemas"]
            .get("ShowCoordinatorsRespCoordinators")
            .is_none()
    );
    assert!(
        d["components"]["schemas"].get("HandWritten").is_some(),
        "hand-written schemas stay"
    );
    assert!(
        d["components"]["schemas"].get("GroupInfoSimple").is_some(),
        "other operations' schemas stay"
    );
}

#[test]
fn schemas_of_other_operations_are_not_overwritten() {
    // The spec has ShowKafkaTags with `TagEntity`; a page whose TagEntity differs gets its own name.
    let tags = input(&page_path("ShowKafkaTags"), page_text("ShowKafkaTags"));
    let first = transcribe_inputs(&[tags], None, &Options::default()).expect("transcribes");
    let edited =
        page_text("BatchCreateOrDeleteKafkaTag").replacen("Tag key.", "Tag key (edited).", 1);
    let spec = BaseSpec {
        path: "spec.yaml".into(),
        text: first.yaml.clone(),
    };
    let out = transcribe_inputs(
        &[input(&page_path("BatchCreateOrDeleteKafkaTag"), edited)],
        Some(&spec),
        &Options::default(),
    )
    .expect("transcribes");
    let d = doc(&out.yaml);
    let before = doc(&first.yaml);
    assert_eq!(
        d["components"]["schemas"]["TagEntity"].json(),
        before["components"]["schemas"]["TagEntity"].json()
    );
    assert!(
        d["components"]["schemas"]
            .get("BatchCreateOrDeleteKafkaTagTagEntity")
            .is_some()
    );
    // Unedited, the same shape: the name is shared.
    let out = transcribe_inputs(
        &[input(
            &page_path("BatchCreateOrDeleteKafkaTag"),
            page_text("BatchCreateOrDeleteKafkaTag"),
        )],
        Some(&spec),
        &Options::default(),
    )
    .expect("transcribes");
    let d = doc(&out.yaml);
    assert!(
        d["components"]["schemas"]
            .get("BatchCreateOrDeleteKafkaTagTagEntity")
            .is_none()
    );
    assert_eq!(
        out.yaml
            .matches("$ref: '#/components/schemas/TagEntity'")
            .count(),
        2
    );
}

#[test]
fn an_unplaced_line_is_an_error_with_its_position() {
    let text = page_text("ShowCoordinators").replacen(
        "Response Parameters\n\n",
        "Response Parameters\n\nThis sentence fits nowhere.\n\n",
        1,
    );
    let line = text
        .lines()
        .position(|l| l == "This sentence fits nowhere.")
        .expect("inserted")
        + 1;
    let path = page_path("ShowCoordinators");
    let err = transcribe_inputs(&[input(&path, text.clone())], None, &Options::default())
        .expect_err("unplaced");
    assert_eq!(err.0.len(), 1, "{err}");
    let e = &err.0[0];
    assert_eq!((e.line, e.column), (line, 1));
    assert_eq!(e.file, path);
    let shown = err.to_string();
    assert!(
        shown.starts_with(&format!(
            "{}:{line}:1: cannot place `This sentence fits nowhere.`",
            path.display()
        )),
        "{shown}"
    );
    assert!(shown.contains("--allow-unplaced"), "{shown}");

    let allowed = Options {
        allow_unplaced: true,
        ..Options::default()
    };
    let out = transcribe_inputs(&[input(&path, text)], None, &allowed).expect("allowed");
    assert_eq!(out.report.unplaced_count(), 1);
    assert_eq!(out.report.pages[0].unplaced[0].line, line);
    assert!(
        out.report
            .to_string()
            .contains("unplaced: This sentence fits nowhere.")
    );
}

#[test]
// Two typos from `String`: one typo away would be read as `String` with a doc-defect note.
fn an_unknown_type_spelling_is_an_error() {
    let text = page_text("ShowCoordinators").replacen("Yes\n\nString", "Yes\n\nStrnigg", 1);
    let err = transcribe_inputs(
        &[input(&page_path("ShowCoordinators"), text)],
        None,
        &Options::default(),
    )
    .expect_err("bad type");
    assert!(
        err.to_string()
            .contains("`Strnigg` is not a known type spelling"),
        "{err}"
    );
}

#[test]
fn a_table_nobody_links_to_is_an_error() {
    let text = page_text("ShowCoordinators").replacen(
        "Array of coordinators objects",
        "Array of strings",
        1,
    );
    let err = transcribe_inputs(
        &[input(&page_path("ShowCoordinators"), text)],
        None,
        &Options::default(),
    )
    .expect_err("orphan table");
    assert!(
        err.to_string()
            .contains("no row links to table `Table 3 coordinators`"),
        "{err}"
    );
}

#[test]
fn operation_id_sources_must_agree() {
    // The seed's SDK sample says ListBackgroundTasks; a file named otherwise is an error.
    let seed = std::fs::read_to_string(seed_page()).expect("seed");
    let err = transcribe_inputs(
        &[PageInput {
            path: "pages/ShowGroup.txt".into(),
            source: "ShowGroup.txt".into(),
            text: seed.clone(),
        }],
        None,
        &Options::default(),
    )
    .expect_err("disagree");
    assert!(
        err.to_string()
            .contains("the SDK sample says the operation is `ListBackgroundTasks`"),
        "{err}"
    );
}

#[test]
fn a_page_that_names_no_operation_gets_a_derived_id_reported_as_derived() {
    // Neither an SDK sample nor an operation file name (a topic-id file like `as_06_0101.txt`): the id is
    // the title's words, `Querying a Specific Consumer Group`, and the report says it is derived.
    let out = transcribe_inputs(
        &[PageInput {
            path: "pages/as_06_0101.txt".into(),
            source: "as_06_0101.txt".into(),
            text: page_text("ShowGroup"),
        }],
        None,
        &Options::default(),
    )
    .expect("a derived id");
    let page = &out.report.pages[0];
    assert_eq!(
        page.operation_id.as_deref(),
        Some("QueryingASpecificConsumerGroup")
    );
    assert_eq!(page.operation_id_from, Some("derived"));
    assert!(
        page.notes.iter().any(|n| n.kind == "operation-id-derived"),
        "{:?}",
        page.notes
    );
    assert!(
        out.report
            .to_string()
            .contains("QueryingASpecificConsumerGroup (derived)")
    );
    assert!(
        out.yaml
            .contains("operationId: QueryingASpecificConsumerGroup")
    );
    // The file name, when it is an operation name, comes first.
    let out = transcribe_inputs(
        &[PageInput {
            path: "pages/ShowGroup.txt".into(),
            source: "ShowGroup.txt".into(),
            text: page_text("ShowGroup"),
        }],
        None,
        &Options::default(),
    )
    .expect("named by its file");
    assert_eq!(out.report.pages[0].operation_id_from, Some("file-name"));

    // Merged into a spec that already has the operation at its method and path, a derived id gives way to
    // the spec's name: re-transcription keeps `ShowGroup` and adds no second operation.
    let again = transcribe_inputs(
        &[PageInput {
            path: "pages/as_06_0101.txt".into(),
            source: "as_06_0101.txt".into(),
            text: page_text("ShowGroup"),
        }],
        Some(&base(&out.yaml)),
        &Options::default(),
    )
    .expect("merged");
    let page = &again.report.pages[0];
    assert_eq!(page.operation_id.as_deref(), Some("ShowGroup"));
    assert!(
        page.notes.iter().any(|n| n.kind == "operation-id-kept"),
        "{:?}",
        page.notes
    );
    assert_eq!(again.yaml.matches("operationId:").count(), 1);
    assert!(!again.yaml.contains("QueryingASpecificConsumerGroup"));
}

#[test]
fn two_pages_of_one_operation_must_agree() {
    let seed = std::fs::read_to_string(seed_page()).expect("seed");
    let english = page_text("ListBackgroundTasks").replacen(
        "limit\n\nNo\n\nInteger",
        "limit\n\nNo\n\nLong",
        1,
    );
    let err = transcribe_inputs(
        &[
            input(&seed_page(), seed),
            input(&page_path("ListBackgroundTasks"), english),
        ],
        None,
        &Options::default(),
    )
    .expect_err("disagree");
    assert!(err.to_string().contains("limit: Long"), "{err}");
}

#[test]
fn a_broken_spec_to_merge_into_names_its_position() {
    let err = run(
        vec![("ShowCoordinators", page_text("ShowCoordinators"))],
        "openapi: 3.0.3\ninfo: [\n",
    )
    .expect_err("bad yaml");
    let e = &err.0[0];
    assert!(e.file.ends_with("overrides.yaml"));
    assert!(
        e.line >= 1 && e.message.contains("cannot read the spec"),
        "{err}"
    );
}

/// Runs `pages` (file name, text) against `spec` with `options`.
fn run_named(
    pages: Vec<(&str, String)>,
    spec: Option<&str>,
    options: &Options,
) -> Result<Output, codegen::transcribe::Errors> {
    let inputs: Vec<PageInput> = pages
        .into_iter()
        .map(|(file, text)| input(std::path::Path::new(file), text))
        .collect();
    transcribe_inputs(&inputs, spec.map(base).as_ref(), options)
}

#[test]
fn an_operation_at_the_same_method_and_path_keeps_the_specs_operation_id() {
    // The docs renamed the page (and so the operation): the spec's id, its overrides and the names derived
    // from it stay.
    let out = run_named(
        vec![(
            "pages/ListConsumerGroupsOfInstance.txt",
            page_text("ListInstanceConsumerGroups"),
        )],
        Some(&overrides()),
        &Options::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let d = doc(&out.yaml);
    let (path, _, op) = find_op(&d, "ListInstanceConsumerGroups").expect("the spec's id");
    assert_eq!(path, "/v2/{project_id}/instances/{instance_id}/groups");
    assert_eq!(op["x-rust-name"], "list_consumer_groups");
    assert!(find_op(&d, "ListConsumerGroupsOfInstance").is_none());
    assert!(out.report.to_string().contains(
        "operation id `ListInstanceConsumerGroups` kept from the spec being merged into (same method and path); \
         the page calls it `ListConsumerGroupsOfInstance`"
    ));
    // The placeholders' names do not matter.
    let renamed = page_text("ListInstanceConsumerGroups").replacen(
        "GET /v2/{project_id}/instances/{instance_id}/groups",
        "GET /v2/{project_id}/instances/{id}/groups",
        1,
    );
    let out = run_named(
        vec![("pages/ListGroups.txt", renamed)],
        Some(&overrides()),
        &Options::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(find_op(&doc(&out.yaml), "ListInstanceConsumerGroups").is_some());
}

#[test]
fn a_suffixed_page_name_gets_a_deterministic_operation_id() {
    let page = page_text("ShowCoordinators");
    // Alone, `ShowCoordinators_0` documents `ShowCoordinators`.
    let out = run_named(
        vec![("pages/ShowCoordinators_0.txt", page.clone())],
        None,
        &Options::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(find_op(&doc(&out.yaml), "ShowCoordinators").is_some());
    assert!(out.report.to_string().contains(
        "operation id `ShowCoordinators` derived from the file name `ShowCoordinators_0`"
    ));
    // Beside a page of that name at another path, it keeps its own name: two operations, none lost.
    let moved = page.replacen("/management/coordinators", "/management/coordinators-v1", 1);
    assert_ne!(moved, page);
    let out = run_named(
        vec![
            ("pages/ShowCoordinators.txt", page.clone()),
            ("pages/ShowCoordinators_0.txt", moved),
        ],
        None,
        &Options::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let d = doc(&out.yaml);
    let (path, ..) = find_op(&d, "ShowCoordinators_0").expect("its own id");
    assert!(path.ends_with("/coordinators-v1"), "{path}");
    assert!(find_op(&d, "ShowCoordinators").is_some());
    // At the same path, the two pages document one operation (and must agree, as any two pages of one).
    let out = run_named(
        vec![
            ("pages/ShowCoordinators.txt", page.clone()),
            ("pages/ShowCoordinators_0.txt", page),
        ],
        None,
        &Options::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let d = doc(&out.yaml);
    assert!(find_op(&d, "ShowCoordinators").is_some());
    assert!(find_op(&d, "ShowCoordinators_0").is_none());
}

#[test]
fn prune_removes_the_operations_no_page_documents_and_their_schemas() {
    let pages = || vec![("pages/ShowCoordinators.txt", page_text("ShowCoordinators"))];
    // Without --prune, the other operation stays.
    let kept = run_named(pages(), Some(&overrides()), &Options::default()).unwrap();
    assert!(find_op(&doc(&kept.yaml), "ListInstanceConsumerGroups").is_some());
    let options = Options {
        prune: true,
        ..Default::default()
    };
    let out = run_named(pages(), Some(&overrides()), &options).unwrap_or_else(|e| panic!("{e}"));
    let d = doc(&out.yaml);
    assert!(find_op(&d, "ListInstanceConsumerGroups").is_none());
    assert!(
        d["paths"]
            .get("/v2/{project_id}/instances/{instance_id}/groups")
            .is_none(),
        "the emptied path item goes"
    );
    assert!(find_op(&d, "ShowCoordinators").is_some());
    let schemas = &d["components"]["schemas"];
    assert!(
        schemas.get("GroupInfoSimple").is_none(),
        "the removed operation's schema goes: {:?}",
        schemas.keys()
    );
    assert!(
        schemas.get("HandWritten").is_some(),
        "hand-written schemas stay"
    );
    let sources: Vec<&str> = d["info"]["x-sources"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s.as_str())
        .collect();
    assert_eq!(sources, ["ShowCoordinators.txt"]);
}

#[test]
fn a_table_renamed_in_the_docs_keeps_its_schema_name_and_overrides() {
    // The docs call the table `ConsumerGroupBrief` now: same place (ListInstanceConsumerGroups' response,
    // `groups` items), so the spec's name `GroupInfoSimple` (and its `x-rust-name`) stays.
    let text = page_text("ListInstanceConsumerGroups")
        .replace(
            "Array of GroupInfoSimple objects",
            "Array of ConsumerGroupBrief objects",
        )
        .replace("Table 4 GroupInfoSimple", "Table 4 ConsumerGroupBrief");
    let out = run(vec![("ListInstanceConsumerGroups", text)], &overrides())
        .unwrap_or_else(|e| panic!("{e}"));
    let d = doc(&out.yaml);
    let schemas = &d["components"]["schemas"];
    assert!(
        schemas.get("ConsumerGroupBrief").is_none(),
        "{:?}",
        schemas.keys()
    );
    assert_eq!(schemas["GroupInfoSimple"]["x-rust-name"], "ConsumerGroup");
    assert_eq!(
        schemas["GroupInfoSimple"]["x-caption"], "Table 4 ConsumerGroupBrief",
        "what the page says now"
    );
    // A new operation has nothing to keep: its tables are named from the page.
    let fresh = run_named(
        vec![(
            "pages/ListInstanceConsumerGroups.txt",
            page_text("ListInstanceConsumerGroups")
                .replace(
                    "Array of GroupInfoSimple objects",
                    "Array of ConsumerGroupBrief objects",
                )
                .replace("Table 4 GroupInfoSimple", "Table 4 ConsumerGroupBrief"),
        )],
        None,
        &Options::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        doc(&fresh.yaml)["components"]["schemas"]
            .get("ConsumerGroupBrief")
            .is_some()
    );
}

/// The spec to merge into is read by the generator's loader: a duplicate key (which a YAML reader could
/// silently resolve) is an error at the second key's line and column, counted by hand.
#[test]
fn a_duplicate_key_in_the_spec_to_merge_into_is_an_error_at_its_position() {
    let spec = overrides();
    // Repeat `info.title` right after itself: the copy is on the line after the first and starts at column 3.
    let title_line = spec
        .lines()
        .position(|l| l.starts_with("  title:"))
        .expect("the fixture has info.title");
    let title = spec.lines().nth(title_line).unwrap_or_default();
    let doubled = spec.replacen(title, &format!("{title}\n{title}"), 1);
    let err = run(
        vec![("ShowCoordinators", page_text("ShowCoordinators"))],
        &doubled,
    )
    .expect_err("duplicate key");
    let e = &err.0[0];
    assert!(e.file.ends_with("overrides.yaml"), "{err}");
    assert_eq!((e.line, e.column), (title_line + 2, 3), "{err}");
    assert!(
        e.message.contains("cannot read the spec to merge into"),
        "{err}"
    );
    assert!(e.message.contains("duplicate"), "{err}");
}

/// A JSON spec to merge into is checked as JSON, as `generate` checks it: a trailing comma (valid YAML flow
/// syntax) is an error at the `}` after it.
#[test]
fn a_json_spec_to_merge_into_is_checked_as_json_at_its_position() {
    let err = run(
        vec![("ShowCoordinators", page_text("ShowCoordinators"))],
        "{\n  \"openapi\": \"3.0.3\",\n  \"paths\": {},\n}\n",
    )
    .expect_err("trailing comma");
    let e = &err.0[0];
    assert_eq!((e.line, e.column), (4, 1), "{err}");
    assert!(e.message.contains("invalid JSON"), "{err}");
}
