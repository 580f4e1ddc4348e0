//! Where a page's tables and its own examples meet (spec/README.md, "Reconciled with the examples" and
//! "Responses"): small pages written by hand, each showing one rule, with the expected spec taken from what
//! the page says.

#[path = "fixtures/transcribe/common.rs"]
mod common;

use common::*;

/// The response `status` of operation `id`.
fn response<'d>(d: &'d O, id: &str, status: &str) -> &'d O {
    let (_, _, op) = find_op(d, id).expect("operation");
    &op["responses"][status]
}

/// An older layout links a nested table from an `Object` row (`For details, see Table 3.`): the example's
/// values inside that object are compared with Table 3 like any linked table's, so `"40"` for an Integer is
/// recorded and a key Table 3 lacks is added.
#[test]
fn an_object_row_that_links_a_table_is_reconciled_with_that_table() {
    let mut lines = head(
        "Querying a Disk",
        "GET /v1/{project_id}/servers/{server_id}/disk",
    );
    lines.extend([
        "Response",
        "Table 2 describes the response parameters.",
        "Table 2 Response parameters",
        "Parameter",
        "Type",
        "Description",
        "volumeAttachment",
        "Object",
        "Specifies the disk. For details, see Table 3.",
        "Table 3 volumeAttachment parameters",
        "Parameter",
        "Type",
        "Description",
        "id",
        "String",
        "Specifies the disk ID.",
        "size",
        "Integer",
        "Specifies the disk size, in GiB.",
        "Example Response",
        "{\n    \"volumeAttachment\": {\n        \"id\": \"a268\",\n        \"size\": \"40\",\n        \"bus\": \"virtio\"\n    }\n}",
        "Returned Values",
        "Normal",
        "200",
    ]);
    let out = transcribe_lines("ShowDisk", &lines);
    let d = doc(&out.yaml);
    let body = response(&d, "ShowDisk", "200")["content"]["application/json"]["schema"].clone();
    let outer = resolve(&d, &body);
    let inner = resolve(&d, &outer["properties"]["volumeAttachment"]);
    assert_eq!(names(inner), ["id", "size", "bus"], "{inner:?}");
    assert_eq!(inner["properties"]["size"]["type"], "integer");
    assert_eq!(inner["properties"]["size"]["x-example-type"], "string");
    assert_eq!(inner["properties"]["bus"]["type"], "string");
    assert_eq!(inner["properties"]["bus"]["x-from-example"], O::Bool(true));
}

/// A page that links its status codes elsewhere and gives its body table without a status line, but its
/// example under `Status code: 201`: the table is the 201's, where the example is, not `default`'s.
#[test]
fn a_status_less_body_table_takes_the_status_its_example_states() {
    let mut lines = head("Creating a Floating IP", "POST /v2.0/floatingips");
    lines.extend([
        "Request Parameters",
        "None",
        "Response Parameters",
        "Table 1 Response parameter",
        "Parameter",
        "Type",
        "Description",
        "id",
        "String",
        "Specifies the floating IP address ID.",
        "Example Request",
        "POST https://{Endpoint}/v2.0/floatingips",
        "Example Response",
        "Status code: 201",
        "Normal response to POST requests",
        "{\n    \"id\": \"b997\"\n}",
        "Status Code",
        "See Status Codes.",
    ]);
    let out = transcribe_lines("CreateFloatingIp", &lines);
    let d = doc(&out.yaml);
    let (_, _, op) = find_op(&d, "CreateFloatingIp").expect("operation");
    assert!(op["responses"].get("default").is_none(), "{op:?}");
    let media = &response(&d, "CreateFloatingIp", "201")["content"]["application/json"];
    assert_eq!(
        media["schema"]["$ref"],
        "#/components/schemas/CreateFloatingIpResponse"
    );
    assert_eq!(media["example"]["id"], "b997");
}

/// `204 No Content` has no body: an example the page gives without a status line (a failed request's body)
/// is not the 204's but `default`'s, the error response beside the listed 2xx.
#[test]
fn a_status_less_example_beside_a_lone_204_is_the_default_response() {
    let mut lines = head(
        "Deleting an Agency",
        "DELETE /v3.0/OS-AGENCY/agencies/{agency_id}",
    );
    lines.extend([
        "Response Parameters",
        "Example response (request failed)",
        "{\n    \"error\": {\n        \"message\": \"Could not find agency\",\n        \"code\": 404\n    }\n}",
        "Status Codes",
        "Status Code",
        "Description",
        "204",
        "The request is successful.",
        "404",
        "The requested resource cannot be found.",
    ]);
    let out = transcribe_lines("DeleteAgency", &lines);
    let d = doc(&out.yaml);
    let no_content = response(&d, "DeleteAgency", "204");
    assert_eq!(no_content["description"], "The request is successful.");
    assert!(no_content.get("content").is_none(), "{no_content:?}");
    let default = response(&d, "DeleteAgency", "default");
    assert_eq!(
        default["content"]["application/json"]["example"]["error"]["code"],
        O::Num(404.into())
    );
    // An error body: not typed from its example (only success bodies are).
    assert!(
        default["content"]["application/json"]
            .get("schema")
            .is_none(),
        "{default:?}"
    );
}

/// `null` for a field the table makes mandatory: the member is there without a value, so the field stays
/// required and becomes `nullable` (the generated field is an `Option` that decodes `null`). A `null` for an
/// optional field changes nothing.
#[test]
fn null_for_a_mandatory_field_makes_it_nullable() {
    let mut lines = head("Querying Networks", "GET /v2/{project_id}/networks");
    lines.extend([
        "Response",
        "Table 2 Response parameters",
        "Parameter",
        "Mandatory",
        "Type",
        "Description",
        "cidr",
        "Yes",
        "String",
        "The value can only be null.",
        "label",
        "Yes",
        "String",
        "The network label.",
        "note",
        "No",
        "String",
        "A note.",
        "Example Response",
        "{\n    \"cidr\": null,\n    \"label\": \"private\",\n    \"note\": null\n}",
        "Returned Values",
        "Normal",
        "200",
    ]);
    let out = transcribe_lines("ListNetworks", &lines);
    let d = doc(&out.yaml);
    let body = response(&d, "ListNetworks", "200")["content"]["application/json"]["schema"].clone();
    let body = resolve(&d, &body);
    let required: Vec<&str> = body["required"]
        .as_array()
        .map(|s| s.iter().filter_map(O::as_str).collect())
        .unwrap_or_default();
    assert_eq!(required, ["cidr", "label"], "{body:?}");
    assert_eq!(body["properties"]["cidr"]["nullable"], O::Bool(true));
    assert!(body["properties"]["label"].get("nullable").is_none());
    assert!(body["properties"]["note"].get("nullable").is_none());
}

/// A list response whose table documents one element while the example is a JSON array of such elements
/// (a layout without the `[items]` row): the body is an array of the table's objects, marked
/// `x-from-example`, and each element is reconciled with the table (a key only an element has is added).
/// A page whose example is one object keeps the object body.
#[test]
fn an_array_example_of_a_one_element_table_makes_an_array_body() {
    let page = |example: &str| {
        let mut lines = head("Listing Charts", "GET /v2/charts");
        lines.extend([
            "Response Parameters",
            "Status code: 200",
            "Table 1 Response body parameters",
            "Parameter",
            "Type",
            "Description",
            "id",
            "String",
            "Chart ID.",
            "version",
            "String",
            "Chart version.",
            "Example Responses",
            "Status code: 200",
            "OK",
        ]);
        lines.push(example);
        lines.extend(["Status Codes", "Status Code", "Description", "200", "OK"]);
        transcribe_lines("ListCharts", &lines)
    };
    let out = page(
        "[ {\n  \"id\" : \"1abd\",\n  \"version\" : \"1.0.0\"\n}, {\n  \"id\" : \"2abd\",\n  \"icon_url\" : \"https://example.com/a.png\"\n} ]",
    );
    let d = doc(&out.yaml);
    let schema = &response(&d, "ListCharts", "200")["content"]["application/json"]["schema"];
    assert_eq!(schema["type"], "array", "{schema:?}");
    assert_eq!(schema["x-from-example"], O::Bool(true));
    let item = resolve(&d, &schema["items"]);
    assert_eq!(names(item), ["id", "version", "icon_url"], "{item:?}");
    assert_eq!(
        item["properties"]["icon_url"]["x-from-example"],
        O::Bool(true)
    );
    // One object: the table's object, as before.
    let out = page("{\n  \"id\" : \"1abd\",\n  \"version\" : \"1.0.0\"\n}");
    let d = doc(&out.yaml);
    let schema = &response(&d, "ListCharts", "200")["content"]["application/json"]["schema"];
    assert!(schema.get("$ref").is_some(), "{schema:?}");
}

/// A success response with an example but no body table (`Response Parameters` / `None`, then an example
/// body): its schema is typed from the example, marked `x-from-example`, so the generated type keeps what the
/// service was seen to send. `{}` shows no member and adds no schema.
#[test]
fn a_success_example_without_a_table_types_the_body() {
    let page = |example: &str| {
        let mut lines = head(
            "Deleting a Parameter Template",
            "DELETE /v3/{project_id}/configurations/{config_id}",
        );
        lines.extend(["Request", "None", "Normal Response"]);
        lines.push(example);
        lines.extend([
            "Abnormal Response",
            "For details, see Abnormal Request Results.",
        ]);
        transcribe_lines("DeleteConfiguration", &lines)
    };
    let out = page(
        "{\n    \"errCode\": \"RDS.0041\",\n    \"externalMessage\": \"Operation successful.\",\n    \"count\": 2\n}",
    );
    let d = doc(&out.yaml);
    let (_, _, op) = find_op(&d, "DeleteConfiguration").expect("operation");
    let (status, response) = op["responses"]
        .as_map()
        .and_then(|m| m.iter().next())
        .expect("a response");
    let schema = resolve(&d, &response["content"]["application/json"]["schema"]);
    assert_eq!(schema["type"], "object", "{status}: {response:?}");
    assert_eq!(schema["x-from-example"], O::Bool(true));
    assert_eq!(names(schema), ["errCode", "externalMessage", "count"]);
    assert_eq!(schema["properties"]["count"]["type"], "integer");
    let out = page("{}");
    let d = doc(&out.yaml);
    let (_, _, op) = find_op(&d, "DeleteConfiguration").expect("operation");
    let response = &op["responses"]
        .as_map()
        .and_then(|m| m.iter().next())
        .expect("a response")
        .1;
    assert!(
        response["content"]["application/json"]
            .get("schema")
            .is_none(),
        "{response:?}"
    );
}

/// An example value in another shape than its row's type marks the property `x-example-shape` where it reads as
/// the row's value without loss: a list of the linked table's objects for one (`array`), one object for a list
/// of them (`single`), `""` for an object (`empty`), an object for a text (`json`). An object of other keys than
/// the table's, or for a list of texts, has no such reading and is not marked. The elements of a bare `list`
/// that links a table are that table's objects: a key the table lacks is added to it.
#[test]
fn example_shapes_that_read_as_the_table_are_marked() {
    let mut lines = head(
        "Querying a Server",
        "GET /v1/{project_id}/servers/{server_id}",
    );
    lines.extend([
        "Response",
        "Table 2 Response parameters",
        "Parameter",
        "Type",
        "Description",
        "versions",
        "Object",
        "The versions. For details, see Table 3.",
        "flavors",
        "List data structure. For details, see Table 3.",
        "The flavors.",
        "image",
        "Object",
        "The image. For details, see Table 3.",
        "metadata",
        "String",
        "The metadata.",
        "resources",
        "Array of strings",
        "The resources.",
        "endpoints",
        "List data structure. For details, see Table 3.",
        "The endpoints.",
        "nics",
        "list",
        "The NICs. For details, see Table 3.",
        "Table 3 id parameters",
        "Parameter",
        "Type",
        "Description",
        "id",
        "String",
        "The ID.",
        "Example Response",
        "{\n    \"versions\": [{\"id\": \"v1\"}, {\"id\": \"v2\"}],\n    \"flavors\": {\"id\": \"f\"},\n    \"image\": \"\",\n    \"metadata\": {\"os\": \"x\"},\n    \"resources\": {\"uri\": [\"/a\"]},\n    \"endpoints\": {\"Internal\": \"https://a\"},\n    \"nics\": [{\"id\": \"n\", \"mac\": \"m\"}]\n}",
        "Returned Values",
        "Normal",
        "200",
    ]);
    let out = transcribe_lines("ShowServer", &lines);
    let d = doc(&out.yaml);
    let body = response(&d, "ShowServer", "200")["content"]["application/json"]["schema"].clone();
    let outer = resolve(&d, &body);
    let props = &outer["properties"];
    let shape = |name: &str| props[name].get("x-example-shape").and_then(O::as_str);
    assert_eq!(shape("versions"), Some("array"), "{props:?}");
    assert_eq!(shape("flavors"), Some("single"));
    assert_eq!(shape("image"), Some("empty"));
    assert_eq!(shape("metadata"), Some("json"));
    assert_eq!(shape("resources"), None, "an object is no list of texts");
    assert_eq!(shape("endpoints"), None, "other keys than the table's");
    assert_eq!(shape("nics"), None);
    let nic = resolve(&d, &props["nics"]["items"]);
    assert_eq!(names(nic), ["id", "mac"], "{nic:?}");
    assert_eq!(nic["properties"]["mac"]["x-from-example"], O::Bool(true));
}
