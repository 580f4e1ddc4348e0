//! Older page layouts (ECS, EVS, IMS, RDS, issue 11): small pages written after the corpus pages, each showing
//! one rule, with the expected spec written by hand from what the page says.

#[path = "fixtures/transcribe/common.rs"]
mod common;

use common::*;

fn param<'d>(op: &'d O, name: &str) -> &'d O {
    op["parameters"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["name"] == name))
        .unwrap_or_else(|| panic!("no parameter {name}"))
}

/// The EVS layout: `URI format`, a URI table without Type column, a response table with no status line, a
/// nested table linked by `see Parameters in the error field`, and `Normal` / `200` under Status Codes.
#[test]
fn untyped_uri_tables_unstated_statuses_and_caption_links() {
    let out = transcribe_lines(
        "DeleteDisk",
        &[
            "Updated on 2024-06-04 GMT+08:00",
            "Share",
            "Deleting a Disk",
            "Function",
            "This API is used to delete a disk.",
            "URI",
            "URI format",
            "DELETE /v2/{project_id}/cloudvolumes/{volume_id}",
            "Parameter description",
            "Parameter",
            "Mandatory",
            "Description",
            "project_id",
            "Yes",
            "The project ID.",
            "volume_id",
            "Yes",
            "The disk ID.",
            "Request",
            "Example request",
            "DELETE https://{endpoint}/v2/{project_id}/cloudvolumes/b104",
            "Response",
            "Response parameters",
            "Parameter",
            "Type",
            "Description",
            "job_id",
            "String",
            "The task ID.",
            "error",
            "Object",
            "The error message. For details, see Parameters in the error field.",
            "Parameters in the error field",
            "Parameter",
            "Type",
            "Description",
            "message",
            "String",
            "The error message.",
            "Example response",
            "{\n    \"job_id\": \"70a5\"\n}",
            "Status Codes",
            "Normal",
            "200",
            "Error Codes",
            "For details, see Error Codes.",
        ],
    );
    assert_eq!(unplaced(&out), Vec::<String>::new());
    let d = doc(&out.yaml);
    let (path, method, op) = find_op(&d, "DeleteDisk").expect("operation");
    assert_eq!(
        (path, method),
        ("/v2/{project_id}/cloudvolumes/{volume_id}", "delete")
    );
    let volume = param(op, "volume_id");
    assert_eq!(volume["in"], "path");
    assert_eq!(volume["required"], O::Bool(true));
    assert_eq!(volume["description"], "The disk ID.");
    // The page gives no type: the wire form, and a mark saying the page did not say.
    assert_eq!(volume["schema"]["type"], "string");
    assert_eq!(volume["x-type-unstated"], O::Bool(true));
    // The only status the page gives is 200: the response table is its body; its description is the reason
    // phrase, the page having none.
    let ok = &op["responses"]["200"];
    assert_eq!(ok["description"], "OK");
    let body = resolve(&d, &ok["content"]["application/json"]["schema"]);
    assert_eq!(names(body), ["job_id", "error"]);
    let error = resolve(&d, &body["properties"]["error"]);
    assert_eq!(names(error), ["message"]);
    assert_eq!(
        op["responses"].as_map().map(|m| m.len()),
        Some(1),
        "only 200"
    );
    assert!(
        op["x-request-examples"]
            .as_array()
            .is_some_and(|e| e.len() == 1)
    );
}

/// The ECS layout: `Table N` captions after a sentence about the table, Type before Mandatory, `Array of
/// objects` linked by `see Table 3`, a status section that only points elsewhere (no responses at all).
#[test]
fn type_before_mandatory_and_see_table_n_links() {
    let out = transcribe_lines(
        "TagServer",
        &[
            "Adding Tags",
            "Function",
            "This API is used to add tags.",
            "URI",
            "POST /v1/{project_id}/cloudservers/{server_id}/tags/action",
            "Table 1 describes the parameters in the URI.",
            "Table 1 Parameter description",
            "Parameter",
            "Mandatory",
            "Description",
            "project_id",
            "Yes",
            "Specifies the project ID.",
            "server_id",
            "Yes",
            "Specifies the ECS ID.",
            "Request",
            "Table 2 describes the request parameters.",
            "Table 2 Request parameters",
            "Parameter",
            "Type",
            "Mandatory",
            "Description",
            "tags",
            "Array of objects",
            "Yes",
            "Specifies tags. For details, see Table 3.",
            "action",
            "String",
            "Yes",
            "Specifies the operation.",
            "Table 3 tags field description",
            "Parameter",
            "Type",
            "Mandatory",
            "Description",
            "key",
            "String",
            "Yes",
            "Specifies the tag key.",
            "value",
            "String",
            "No",
            "Specifies the tag value.",
            "Response",
            "None",
            "Returned Values",
            "See Returned Values for General Requests.",
        ],
    );
    assert_eq!(unplaced(&out), Vec::<String>::new());
    let d = doc(&out.yaml);
    let (_, _, op) = find_op(&d, "TagServer").expect("operation");
    assert_eq!(param(op, "server_id")["in"], "path");
    let body = resolve(
        &d,
        &op["requestBody"]["content"]["application/json"]["schema"],
    );
    assert_eq!(names(body), ["tags", "action"]);
    assert_eq!(
        body["required"],
        O::Seq(vec![O::Str("tags".into()), O::Str("action".into())])
    );
    let tags = &body["properties"]["tags"];
    assert_eq!(tags["type"], "array");
    let tag = resolve(&d, &tags["items"]);
    assert_eq!(names(tag), ["key", "value"]);
    assert_eq!(tag["required"], O::Seq(vec![O::Str("key".into())]));
    // The page gives no status: the success range, marked as not the page's word.
    let responses = op["responses"].as_map().expect("responses");
    assert_eq!(responses.len(), 1, "{responses:?}");
    assert_eq!(op["responses"]["2XX"]["x-status-unstated"], O::Bool(true));
}

/// A response table on a page that names no success status is the `default` response.
#[test]
fn a_response_with_no_status_anywhere_is_the_default() {
    let out = transcribe_lines(
        "ShowThing",
        &[
            "Querying a Thing",
            "URI",
            "GET /v2.1/{project_id}/things/{thing_id}",
            "Response",
            "Table 1 Response parameters",
            "Parameter",
            "Type",
            "Description",
            "thing",
            "Object",
            "Specifies the thing. For details, see Table 2.",
            "Table 2 thing field description",
            "Parameter",
            "Type",
            "Description",
            "id",
            "String",
            "Specifies the thing ID.",
            "Example Response",
            "{\n    \"thing\": {\"id\": \"a\"}\n}",
            "Returned Values",
            "See Returned Values for General Requests.",
        ],
    );
    assert_eq!(unplaced(&out), Vec::<String>::new());
    let d = doc(&out.yaml);
    let (_, _, op) = find_op(&d, "ShowThing").expect("operation");
    // Path placeholders the page has no table for are path parameters only because the path has them:
    // required strings marked `x-from-path`, nothing else claimed.
    let params = op["parameters"].as_array().expect("parameters");
    assert_eq!(params.len(), 2);
    for (p, name) in params.iter().zip(["project_id", "thing_id"]) {
        assert_eq!(
            (p["name"].as_str(), p["in"].as_str()),
            (Some(name), Some("path"))
        );
        assert_eq!(p["x-from-path"], O::Bool(true));
        assert_eq!(p["schema"]["type"], "string");
    }
    let default = &op["responses"]["default"];
    assert!(!default["description"].as_str().unwrap_or("").is_empty());
    let body = resolve(&d, &default["content"]["application/json"]["schema"]);
    let thing = resolve(&d, &body["properties"]["thing"]);
    assert_eq!(names(thing), ["id"]);
}

/// RDS v1: `PATH:` / `Method:` lines, `Normal Response` inside the Request section (what follows is the
/// response, not query parameters), a Name/Description-only table, an inline `Example:` in a description.
#[test]
fn normal_response_inside_the_request_section_and_name_only_tables() {
    let out = transcribe_lines(
        "ListFlavors",
        &[
            "Querying Flavors",
            "URI",
            "URI format",
            "PATH: /rds/v1/{project_id}/flavors",
            "Method: GET",
            "Parameter description",
            "Table 1 Parameter description",
            "Name",
            "Mandatory",
            "Description",
            "project_id",
            "Yes",
            "Specifies the project ID.",
            "Request",
            "None",
            "Normal Response",
            "Table 2 Parameter description",
            "Name",
            "Description",
            "workflowId",
            "Indicates the workflow ID.",
            "Example:",
            "\"workflowId\": \"a1\"",
            "instanceId",
            "Indicates the DB instance ID.",
            "Example normal response",
            "{\n    \"workflowId\": \"a1\"\n}",
            "Abnormal Response",
            "For details, see Abnormal Request Results.",
            "Status Code",
            "Normal",
            "200",
            "Abnormal",
            "For details, see Status Codes.",
        ],
    );
    assert_eq!(unplaced(&out), Vec::<String>::new());
    let d = doc(&out.yaml);
    let (path, method, op) = find_op(&d, "ListFlavors").expect("operation");
    assert_eq!((path, method), ("/rds/v1/{project_id}/flavors", "get"));
    assert_eq!(op["parameters"].as_array().map(<[O]>::len), Some(1));
    let body = resolve(
        &d,
        &op["responses"]["200"]["content"]["application/json"]["schema"],
    );
    assert_eq!(names(body), ["workflowId", "instanceId"]);
    assert_eq!(
        body["properties"]["workflowId"]["description"],
        "Indicates the workflow ID.\nExample:\n\"workflowId\": \"a1\""
    );
}

/// Between the tables of an older page, a sentence that is no label, example or pointer still cannot be
/// placed (and is an error in strict mode).
#[test]
fn a_stray_sentence_between_older_tables_is_unplaced() {
    let out = transcribe_lines(
        "ShowThing",
        &[
            "Querying a Thing",
            "URI",
            "GET /v2.1/{project_id}/things",
            "Response",
            "This sentence fits nowhere.",
            "Table 1 Response parameters",
            "Parameter",
            "Type",
            "Description",
            "id",
            "String",
            "Specifies the thing ID.",
        ],
    );
    let u = unplaced(&out);
    assert_eq!(u.len(), 1, "{u:?}");
    assert!(u[0].starts_with("9: This sentence fits nowhere."), "{u:?}");
}
