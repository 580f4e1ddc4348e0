//! Tables, captions and type spellings of the older layouts (issue 11): small pages written after the corpus
//! pages, each showing one rule, with the expected spec written by hand from what the page says; then the
//! corpus pages each rule brought into their service's spec, transcribed in strict mode and judged by the
//! corpus's comparer against their answer keys.

#[path = "fixtures/transcribe/common.rs"]
mod common;

use codegen::transcribe::{Options, Output, transcribe_inputs};
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn kept(out: &Output) -> Vec<(String, String)> {
    out.report.pages[0]
        .kept
        .iter()
        .map(|k| (k.text.clone(), k.reason.clone()))
        .collect()
}

/// ELB / VPC / CCE: `Status code: 204`, then the status in words, then `None` (no body). The words are the
/// status's description; the status-code table says the same.
#[test]
fn words_between_a_status_line_and_none_describe_the_status() {
    let mut lines = head(
        "Deleting a Pool",
        "DELETE /v3/{project_id}/elb/pools/{pool_id}",
    );
    lines.extend([
        "Table 1 Path Parameters",
        "Parameter",
        "Mandatory",
        "Type",
        "Description",
        "project_id",
        "Yes",
        "String",
        "The project ID.",
        "pool_id",
        "Yes",
        "String",
        "The pool ID.",
        "Response Parameters",
        "Status code: 204",
        "Successful request.",
        "None",
        "Status code: 404",
        "The pool does not exist.",
        "None",
        "Status Codes",
        "Status Code",
        "Description",
        "204",
        "Successful request.",
        "404",
        "Not found.",
    ]);
    let out = transcribe_lines("DeletePool", &lines);
    assert_eq!(unplaced(&out), Vec::<String>::new());
    let d = doc(&out.yaml);
    let (_, _, op) = find_op(&d, "DeletePool").expect("operation");
    assert_eq!(op["responses"]["204"]["description"], "Successful request.");
    assert_eq!(op["responses"]["204"].get("content"), None);
    // Described twice in different words: the status-code table's words are kept, and a note says so.
    assert_eq!(op["responses"]["404"]["description"], "Not found.");
    let notes = &out.report.pages[0].notes;
    assert!(
        notes
            .iter()
            .any(|n| n.kind == "status-description-differs" && n.message.contains("404")),
        "{notes:?}"
    );
}

/// CCE: `For details about the response parameters, see Table 3.` before `Table 3 …`; ECS: `The following
/// table describes the response parameters.` before a caption; `N/A` for an empty section; a `NOTE:` label
/// and its paragraph between tables (IMS, CES). All are kept in the report, none unplaced.
#[test]
fn sentences_about_tables_notes_and_n_a_between_tables() {
    let mut lines = head("Listing Add-ons", "GET /api/v3/addons");
    lines.extend([
        "NOTE:",
        "You can type a question mark (?) at the end of the URI to define search criteria.",
        "Table 1 Query parameters",
        "Parameter",
        "Mandatory",
        "Type",
        "Description",
        "cluster_id",
        "Yes",
        "String",
        "The cluster ID.",
        "Request",
        "Request parameters:",
        "N/A",
        "Response",
        "Response parameters:",
        "For details about the response parameters, see Table 3.",
        "The following table describes the response parameters.",
        "Table 3 Response body parameters",
        "Parameter",
        "Type",
        "Description",
        "kind",
        "String",
        "API type.",
    ]);
    let out = transcribe_lines("ListAddonInstances", &lines);
    assert_eq!(unplaced(&out), Vec::<String>::new());
    let kept = kept(&out);
    for (line, reason) in [
        (
            "For details about the response parameters, see Table 3.",
            "sentence about a table of the page",
        ),
        (
            "The following table describes the response parameters.",
            "sentence about a table of the page",
        ),
        ("NOTE:", "a label or remark between tables"),
    ] {
        assert!(
            kept.iter()
                .any(|(text, why)| text.contains(line) && why == reason),
            "{line}: {kept:?}"
        );
    }
    let d = doc(&out.yaml);
    let (_, _, op) = find_op(&d, "ListAddonInstances").expect("operation");
    // No status stated anywhere: the body is the `default` response's.
    let body = resolve(
        &d,
        &op["responses"]["default"]["content"]["application/json"]["schema"],
    );
    assert_eq!(names(body), ["kind"]);
}

/// A sentence that points at a table the page does not have is no table reference: it stays unplaced.
#[test]
fn a_pointer_to_a_missing_table_is_unplaced() {
    let mut lines = head("Listing Add-ons", "GET /api/v3/addons");
    lines.extend([
        "Response",
        "For details about the response parameters, see Table 7.",
        "Table 3 Response body parameters",
        "Parameter",
        "Type",
        "Description",
        "kind",
        "String",
        "API type.",
    ]);
    let out = transcribe_lines("ListAddonInstances", &lines);
    assert_eq!(
        unplaced(&out).len(),
        1,
        "the sentence about Table 7: {:?}",
        unplaced(&out)
    );
}

/// ECS tag pages, LTS, RDS: paragraphs between the title and the first heading say what the API does; they
/// open the operation's description.
#[test]
fn paragraphs_before_the_first_heading_open_the_description() {
    let out = transcribe_lines(
        "AddServerTag",
        &[
            "Updated on 2024-05-28 GMT+08:00",
            "Share",
            "Adding a Tag to an ECS",
            "This API is used to add a tag to an ECS.",
            "Constraints",
            "The tag contains a maximum of 80 characters.",
            "URI",
            "PUT /v2.1/{project_id}/servers/{server_id}/tags/{tag}",
            "Table 1 Parameter description",
            "Parameter",
            "Mandatory",
            "Description",
            "project_id",
            "Yes",
            "The project ID.",
            "server_id",
            "Yes",
            "The ECS ID.",
            "tag",
            "Yes",
            "The tag.",
        ],
    );
    assert_eq!(unplaced(&out), Vec::<String>::new());
    let d = doc(&out.yaml);
    let (_, _, op) = find_op(&d, "AddServerTag").expect("operation");
    assert_eq!(
        op["description"],
        "This API is used to add a tag to an ECS.\nConstraints\nThe tag contains a maximum of 80 characters."
    );
}

/// VPC ports: a row's description gives an inline example (`Example:` / a JSON line, or a request line) and
/// goes on; the next row follows. The example does not end the table.
#[test]
fn an_inline_example_followed_by_more_rows_stays_in_the_table() {
    let mut lines = head("Creating a Port", "POST /v2.0/ports");
    lines.extend([
        "Request Parameters",
        "Table 1 Request parameter",
        "Parameter",
        "Mandatory",
        "Type",
        "Description",
        "port",
        "Yes",
        "port object",
        "The port.",
        "Table 2 port objects",
        "Parameter",
        "Mandatory",
        "Type",
        "Description",
        "binding:profile",
        "No",
        "Object",
        "Instructions:",
        "The disable_security_groups field is in boolean type. Example:",
        "Example:",
        "{\"disable_security_groups\": true }",
        "Currently, the value can only be set to true.",
        "binding:vnic_type",
        "No",
        "String",
        "The type of the bound vNIC.",
        "device_id",
        "No",
        "String",
        "The device ID. Call the API for querying ports. Example:",
        "GET https://{Endpoint}/v1/{project_id}/ports?network_id={network_id}",
        "name",
        "No",
        "String",
        "The port name.",
    ]);
    let out = transcribe_lines("NeutronCreatePort", &lines);
    assert_eq!(unplaced(&out), Vec::<String>::new());
    let d = doc(&out.yaml);
    let (_, _, op) = find_op(&d, "NeutronCreatePort").expect("operation");
    let body = resolve(
        &d,
        &op["requestBody"]["content"]["application/json"]["schema"],
    );
    let port = resolve(&d, &body["properties"]["port"]);
    assert_eq!(
        names(port),
        ["binding:profile", "binding:vnic_type", "device_id", "name"]
    );
    let profile = port["properties"]["binding:profile"]["description"]
        .as_str()
        .unwrap_or_default();
    assert!(
        profile.contains("{\"disable_security_groups\": true }"),
        "{profile}"
    );
    assert!(
        profile.ends_with("Currently, the value can only be set to true."),
        "{profile}"
    );
}

/// IAM `JSONArray` / `dict`, SMN `Tags structure array` / `String list`, ECS `Null`, APIG `File`: type
/// spellings in words, with their tables linked like `Array of X objects`.
#[test]
fn type_spellings_in_words_are_read_and_linked() {
    let mut lines = head(
        "Querying Tags",
        "POST /v2/{project_id}/servers/{server_id}/action",
    );
    lines.extend([
        "Request",
        "Table 2 Request parameters",
        "Parameter",
        "Mandatory",
        "Type",
        "Description",
        "os-start",
        "Yes",
        "Null",
        "Starts the ECS. The data structure is empty.",
        "Response",
        "Parameters in the response body",
        "Parameter",
        "Type",
        "Description",
        "groups",
        "JSONArray",
        "The groups.",
        "links",
        "dict",
        "Links.",
        "tags",
        "Tags structure array",
        "Tag list. For details, see Table 1.",
        "file",
        "File",
        "The exported file.",
        "groups",
        "Parameter",
        "Type",
        "Description",
        "id",
        "String",
        "Group ID.",
        "Table 1 Tags structure",
        "Parameter",
        "Type",
        "Description",
        "key",
        "String",
        "The tag key.",
        "values",
        "String list",
        "The tag values.",
    ]);
    let out = transcribe_lines("StartServer", &lines);
    assert_eq!(unplaced(&out), Vec::<String>::new());
    let d = doc(&out.yaml);
    let (_, _, op) = find_op(&d, "StartServer").expect("operation");
    let req = resolve(
        &d,
        &op["requestBody"]["content"]["application/json"]["schema"],
    );
    // `Null`: a member whose value carries nothing; any JSON value (no type).
    let start = &req["properties"]["os-start"];
    assert_eq!(start.get("type"), None, "{start:?}");
    assert_eq!(req["required"][0], "os-start");
    let resp = &op["responses"].as_map().expect("responses")[0].1;
    let body = resolve(&d, &resp["content"]["application/json"]["schema"]);
    assert_eq!(names(body), ["groups", "links", "tags", "file"]);
    let groups = &body["properties"]["groups"];
    assert_eq!(groups["type"], "array");
    assert_eq!(names(resolve(&d, &groups["items"])), ["id"]);
    assert_eq!(body["properties"]["links"]["type"], "object");
    let tags = &body["properties"]["tags"];
    assert_eq!(tags["type"], "array");
    let tag = resolve(&d, &tags["items"]);
    assert_eq!(names(tag), ["key", "values"]);
    assert_eq!(tag["properties"]["values"]["type"], "array");
    assert_eq!(tag["properties"]["values"]["items"]["type"], "string");
    let file = &body["properties"]["file"];
    assert_eq!(file["type"], "string");
    assert_eq!(file["format"], "binary");
}

/// Corpus pages left out of their service's spec by a table, caption or type-spelling error before these
/// rules; each now transcribes in strict mode. `true`: the page also matches its answer key (judged by the
/// corpus's comparer on the table view, as `scripts/corpus-match` does).
const FIXED_PAGES: &[(&str, &str, bool)] = &[
    // Status in words before `None`.
    ("elb", "DeleteCertificate", true),
    ("vpc", "DeleteFirewall", true),
    ("cce", "DeleteJob", true),
    // `see Table N` / `N/A`.
    ("cce", "ListAddonInstances", false),
    ("cce", "ShowVersion", false),
    // Type spellings in words.
    ("iam", "KeystoneListGroups", false),
    ("smn", "ListProjectTags", false),
    ("ecs", "StartingAnEcs", false),
    ("ims", "UploadingAnImageNativeOpenstackApi", false),
    // A placeholder no row documents (`generate` rejected the service's spec with it); the key lists no
    // parameter for it, and the table view leaves the `x-from-path` parameter out.
    ("vpc", "NeutronShowRouter", true),
    ("iam", "KeystoneShowProtocol", true),
    ("ims", "GlanceAddImageMember", true),
    // A response field (`members_links`, and its object table) among a GET's query parameters: no parameter,
    // with a doc-defect note. The key keeps the row as a query parameter (listed in disagreements.tsv).
    ("elb", "QueryingAllBackendServersExtensionApi", false),
];

fn python() -> PathBuf {
    let venv = repo_root().join(".venv/bin/python");
    if venv.exists() {
        venv
    } else {
        PathBuf::from("python3")
    }
}

#[test]
fn corpus_pages_fixed_by_these_rules_transcribe_strictly() {
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for &(service, page, matches) in FIXED_PAGES {
        let corpus = shared_dir().join("corpus").join(service);
        let path = corpus.join("pages").join(format!("{page}.txt"));
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let options = Options {
            service: Some(service.to_owned()),
            ..Options::default()
        };
        let out = match transcribe_inputs(&[input(&path, text)], None, &options) {
            Ok(out) => out,
            Err(e) => {
                failures.push(format!("{service}/{page}: {e}"));
                continue;
            }
        };
        if !matches {
            continue;
        }
        let spec = dir.path().join(format!("{service}-{page}.yaml"));
        std::fs::write(&spec, &out.yaml).unwrap();
        let view = Command::new(python())
            .arg(repo_root().join("scripts/corpus_view.py"))
            .args([&spec, &spec])
            .status()
            .expect("python");
        assert!(view.success(), "corpus_view.py on {service}/{page}");
        let compare = Command::new(python())
            .arg(shared_dir().join("corpus/compare_transcription.py"))
            .arg(corpus.join("answers").join(format!("{page}.json")))
            .arg(&spec)
            .arg("--quiet")
            .output()
            .expect("python");
        if !compare.status.success() {
            failures.push(format!(
                "{service}/{page} does not match its key:\n{}",
                String::from_utf8_lossy(&compare.stdout)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// VPC `DELETE /v2.0/routers/{router_id}` with `Request Parameters` / `None`: a placeholder no row documents
/// is a required string path parameter marked `x-from-path` (OpenAPI and `generate` need one per
/// placeholder), with a note naming the gap; a documented placeholder keeps its row. The spec loads.
#[test]
fn a_placeholder_no_row_documents_is_a_string_path_parameter() {
    let mut lines = head(
        "Deleting a Router",
        "DELETE /v2.0/{project_id}/routers/{router_id}",
    );
    lines.extend([
        "Table 1 Path Parameters",
        "Parameter",
        "Mandatory",
        "Type",
        "Description",
        "project_id",
        "Yes",
        "String",
        "The project ID.",
        "Request Parameters",
        "None",
        "Response Parameters",
        "None",
    ]);
    let out = transcribe_lines("NeutronDeleteRouter", &lines);
    assert_eq!(unplaced(&out), Vec::<String>::new());
    let d = doc(&out.yaml);
    let (_, _, op) = find_op(&d, "NeutronDeleteRouter").expect("operation");
    let params = op["parameters"].as_array().expect("parameters");
    let path: Vec<&str> = params
        .iter()
        .filter(|p| p["in"] == "path")
        .map(|p| p["name"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(path, ["project_id", "router_id"]);
    let router = params.iter().find(|p| p["name"] == "router_id").unwrap();
    assert_eq!(router["required"], O::Bool(true));
    assert_eq!(router["schema"]["type"], "string");
    assert_eq!(router["x-from-path"], O::Bool(true));
    let project = params.iter().find(|p| p["name"] == "project_id").unwrap();
    assert_eq!(project["description"], "The project ID.");
    assert_eq!(project.get("x-from-path"), None);
    assert!(
        out.report.pages[0]
            .notes
            .iter()
            .any(|n| n.kind == "path-parameter-undocumented" && n.message.contains("{router_id}")),
        "{:?}",
        out.report.pages[0].notes
    );
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec.yaml");
    std::fs::write(&spec, &out.yaml).unwrap();
    if let Err(e) = codegen::spec::load(&spec) {
        panic!("the spec does not load: {e:?}");
    }
}

/// EVS `Content-Type` / `Object` in the request header table: a header value is text, so the parameter is
/// a string, and a note calls the type a doc defect (`generate` rejects object-valued headers).
#[test]
fn an_object_typed_header_parameter_is_a_string_with_a_note() {
    let mut lines = head("Adding Tags", "POST /v2/{project_id}/tags");
    lines.extend([
        "Request",
        "Description of the request header parameter",
        "Parameter",
        "Type",
        "Mandatory",
        "Description",
        "Content-Type",
        "Object",
        "Yes",
        "The type. The value can be application/json.",
        "Response",
        "None",
    ]);
    let out = transcribe_lines("AddingTags", &lines);
    assert_eq!(unplaced(&out), Vec::<String>::new());
    let d = doc(&out.yaml);
    let (_, _, op) = find_op(&d, "AddingTags").expect("operation");
    let p = op["parameters"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["name"] == "Content-Type"))
        .unwrap_or_else(|| panic!("{}", out.yaml));
    assert_eq!(p["in"], "header");
    assert_eq!(p["schema"]["type"], "string");
    assert!(
        out.report.pages[0]
            .notes
            .iter()
            .any(|n| n.kind == "header-parameter-object"),
        "{:?}",
        out.report.pages[0].notes
    );
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec.yaml");
    std::fs::write(&spec, &out.yaml).unwrap();
    if let Err(e) = codegen::spec::load(&spec) {
        panic!("the spec does not load: {e:?}");
    }
}

/// ELB `l7policy_id` / `Object` in the URI table: a path segment is text, so the parameter is a string, and
/// a note calls the type a doc defect.
#[test]
fn an_object_typed_path_parameter_is_a_string_with_a_note() {
    let mut lines = head(
        "Deleting a Forwarding Policy",
        "DELETE /v2.0/lbaas/l7policies/{l7policy_id}",
    );
    lines.extend([
        "Table 1 Parameter description",
        "Parameter",
        "Mandatory",
        "Type",
        "Description",
        "l7policy_id",
        "Yes",
        "Object",
        "Specifies the forwarding policy ID.",
        "Request",
        "None",
        "Response",
        "None",
    ]);
    let out = transcribe_lines("DeletingAForwardingPolicy", &lines);
    assert_eq!(unplaced(&out), Vec::<String>::new());
    let d = doc(&out.yaml);
    let (_, _, op) = find_op(&d, "DeletingAForwardingPolicy").expect("operation");
    let p = &op["parameters"][0];
    assert_eq!(
        (p["name"].as_str(), p["in"].as_str()),
        (Some("l7policy_id"), Some("path"))
    );
    assert_eq!(p["schema"]["type"], "string");
    assert!(
        out.report.pages[0]
            .notes
            .iter()
            .any(|n| n.kind == "path-parameter-object"),
        "{:?}",
        out.report.pages[0].notes
    );
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec.yaml");
    std::fs::write(&spec, &out.yaml).unwrap();
    if let Err(e) = codegen::spec::load(&spec) {
        panic!("the spec does not load: {e:?}");
    }
}

/// VPC `NeutronCreateFirewallRule`: a `Constraint` column between Type and Description; each row's cell in
/// it is one more paragraph of the row's description, nothing unplaced.
#[test]
fn a_constraint_column_is_read_into_the_description() {
    let mut lines = head(
        "Creating a Firewall Rule",
        "POST /v2.0/fwaas/firewall_rules",
    );
    lines.extend([
        "Request Parameters",
        "Table 1 Request parameter",
        "Parameter",
        "Mandatory",
        "Type",
        "Constraint",
        "Description",
        "name",
        "No",
        "String",
        "The value can contain no more than 255 characters.",
        "Specifies the firewall rule name.",
        "enabled",
        "No",
        "Boolean",
        "The value can be true or false.",
        "Specifies whether the rule is enabled.",
    ]);
    let out = transcribe_lines("NeutronCreateFirewallRule", &lines);
    assert_eq!(unplaced(&out), Vec::<String>::new());
    let d = doc(&out.yaml);
    let (_, _, op) = find_op(&d, "NeutronCreateFirewallRule").expect("operation");
    let body = resolve(
        &d,
        &op["requestBody"]["content"]["application/json"]["schema"],
    );
    assert_eq!(names(body), ["name", "enabled"]);
    assert_eq!(
        body["properties"]["name"]["description"],
        "The value can contain no more than 255 characters.\nSpecifies the firewall rule name."
    );
    assert_eq!(body["properties"]["enabled"]["type"], "boolean");
}

/// `x-from-path` is the transcriber's: when a later version of the page documents the placeholder,
/// re-transcribing into the spec drops the mark (it is not kept like a hand-written override).
#[test]
fn a_placeholder_documented_later_loses_its_mark_on_merge() {
    let undocumented = {
        let mut l = head("Deleting a Router", "DELETE /v2.0/routers/{router_id}");
        l.extend(["Request Parameters", "None", "Response Parameters", "None"]);
        l
    };
    let documented = {
        let mut l = head("Deleting a Router", "DELETE /v2.0/routers/{router_id}");
        l.extend([
            "Table 1 Path Parameters",
            "Parameter",
            "Mandatory",
            "Type",
            "Description",
            "router_id",
            "Yes",
            "String",
            "The router ID.",
            "Request Parameters",
            "None",
            "Response Parameters",
            "None",
        ]);
        l
    };
    let first = transcribe_lines("NeutronDeleteRouter", &undocumented);
    let path = Path::new("pages").join("NeutronDeleteRouter.txt");
    let base = codegen::transcribe::BaseSpec {
        path: PathBuf::from("spec.yaml"),
        text: first.yaml.clone(),
    };
    let out = transcribe_inputs(
        &[input(&path, documented.join("\n\n"))],
        Some(&base),
        &Options::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let d = doc(&out.yaml);
    let (_, _, op) = find_op(&d, "NeutronDeleteRouter").expect("operation");
    let router = &op["parameters"][0];
    assert_eq!(router["description"], "The router ID.");
    assert_eq!(router.get("x-from-path"), None, "{router:?}");
}

/// IAM KeystoneShowGroup: a table captioned `Query parameters` whose row names the path's `{group_id}`
/// (no path table documents it); ELB quotas: `project_id` among a GET's request parameters. The row is that
/// path parameter (noted), not a query parameter beside an undocumented path one; the other rows stay query.
#[test]
fn a_query_row_named_by_a_path_placeholder_is_the_path_parameter() {
    let mut lines = head("Querying User Group Details", "GET /v3/groups/{group_id}");
    lines.extend([
        "Query parameters",
        "Parameter",
        "Mandatory",
        "Type",
        "Description",
        "fields",
        "No",
        "String",
        "The fields to return.",
        "group_id",
        "Yes",
        "String",
        "ID of a user group.",
        "Response",
        "None",
    ]);
    let out = transcribe_lines("KeystoneShowGroup", &lines);
    assert_eq!(unplaced(&out), Vec::<String>::new());
    let d = doc(&out.yaml);
    let (_, _, op) = find_op(&d, "KeystoneShowGroup").expect("operation");
    let params: Vec<(Option<&str>, Option<&str>, Option<&str>)> = op["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .map(|p| {
            (
                p["name"].as_str(),
                p["in"].as_str(),
                p["description"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        params,
        [
            (Some("fields"), Some("query"), Some("The fields to return.")),
            (Some("group_id"), Some("path"), Some("ID of a user group.")),
        ]
    );
    assert!(
        out.report.pages[0]
            .notes
            .iter()
            .any(|n| n.kind == "query-row-in-path"),
        "{:?}",
        out.report.pages[0].notes
    );
}
