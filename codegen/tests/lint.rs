//! `codegen lint` and the reconciliation of tables with examples, on small hand-written pages whose defects are
//! known: each expected finding names the page line it must point at, found by its text (not by the code under
//! test).

use codegen::lint::{DefectKind, lint_inputs};
use codegen::transcribe::{Options, PageInput, transcribe_inputs};
use serde_json::{Value, json};

/// One paragraph or cell per entry; the page joins them with blank lines, as the corpus pages are laid out.
fn page(lines: &[&str]) -> String {
    lines.join("\n\n") + "\n"
}

/// The 1-based line of the only line of `text` that is exactly `needle` (trimmed).
fn line_of(text: &str, needle: &str) -> usize {
    let found: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == needle)
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(found.len(), 1, "`{needle}` must be on exactly one line");
    found[0]
}

/// A page with one defect of each kind the lint knows but `missing-wrapper` (see [`flat_page`]).
fn widgets_page() -> String {
    page(&[
        "Querying Widgets",
        "Function",
        "This API is used to query widgets.",
        "URI",
        "POST /v1/{project_id}/widgets",
        "Table 1 Path Parameters",
        "Parameter",
        "Mandatory",
        "Type",
        "Description",
        "project_id",
        "Yes",
        "String",
        "Project ID.",
        "Table 2 Query Parameters",
        "Parameter",
        "Mandatory",
        "Type",
        "Description",
        "offset",
        "No",
        "Integer",
        "Offset.",
        "region",
        "Yes",
        "String",
        "Region.",
        "Request Parameters",
        "Table 3 Request body parameters",
        "Parameter",
        "Mandatory",
        "Type",
        "Description",
        "name",
        "Yes",
        "String",
        "Name.",
        "size",
        "No",
        "String",
        "Size.",
        "mode",
        "No",
        "String",
        "Mode. Options:",
        "fast: quick.",
        "slow: careful.",
        "colour_code",
        "No",
        "String",
        "Colour.",
        "Response Parameters",
        "Status code: 200",
        "Table 4 Response body parameters",
        "Parameter",
        "Type",
        "Description",
        "count",
        "Integer",
        "Count.",
        "widgets",
        "Array of widget objects",
        "Widgets.",
        "Table 5 widget",
        "Parameter",
        "Type",
        "Description",
        "id",
        "String",
        "ID.",
        "enabled",
        "Boolean",
        "Enabled.",
        "Status code: 202",
        "Table 6 Response body parameters",
        "Parameter",
        "Type",
        "Description",
        "job_id",
        "String",
        "Job.",
        "Example Requests",
        "POST https://{endpoint}/v1/{project_id}/widgets?offest=1",
        "{\n  \"size\" : 3,\n  \"mode\" : \"medium\",\n  \"colour_cod\" : \"red\"\n}",
        "Example Responses",
        "Status code: 200",
        "OK.",
        "{\n  \"count\" : 1,\n  \"widgets\" : [ {\n    \"id\" : \"w1\",\n    \"enabled\" : \"true\",\n    \"weight\" : 2.5,\n    \"tags\" : [ {\n      \"k\" : \"v\"\n    } ]\n  } ]\n}",
        "Status code: 404",
        "Not found.",
        "{\n  \"error_code\" : \"X\"\n}",
        "Status Codes",
        "Status Code",
        "Description",
        "200",
        "OK.",
        "202",
        "Accepted.",
    ])
}

fn input(name: &str, text: String) -> PageInput {
    PageInput {
        path: name.into(),
        source: name.into(),
        text,
    }
}

#[test]
fn every_kind_of_defect_is_found_at_its_line() {
    let text = widgets_page();
    let report = lint_inputs("test", &[input("ListWidgets.txt", text.clone())]);
    let page = &report.pages[0];
    assert_eq!(page.operation.as_deref(), Some("ListWidgets"));
    let request_line = line_of(
        &text,
        "POST https://{endpoint}/v1/{project_id}/widgets?offest=1",
    );
    // The request body block starts two lines below its request line (a blank line between).
    let request_body = request_line + 2;
    let mut got: Vec<(usize, DefectKind, &str)> = page
        .defects
        .iter()
        .map(|d| (d.line, d.kind, d.location.as_str()))
        .collect();
    got.sort();
    let mut want = vec![
        (request_line, DefectKind::LikelyTypo, "query.offest"),
        (
            request_line,
            DefectKind::RequiredNotInExample,
            "query.region",
        ),
        (request_body, DefectKind::RequiredNotInExample, "body.name"),
        (
            line_of(&text, "\"size\" : 3,"),
            DefectKind::TypeConflict,
            "body.size",
        ),
        (
            line_of(&text, "\"mode\" : \"medium\","),
            DefectKind::ValueNotInEnum,
            "body.mode",
        ),
        (
            line_of(&text, "\"colour_cod\" : \"red\""),
            DefectKind::LikelyTypo,
            "body.colour_cod",
        ),
        (
            line_of(&text, "\"enabled\" : \"true\","),
            DefectKind::TypeConflict,
            "200.widgets[].enabled",
        ),
        (
            line_of(&text, "\"weight\" : 2.5,"),
            DefectKind::FieldNotInTable,
            "200.widgets[].weight",
        ),
        (
            line_of(&text, "\"tags\" : [ {"),
            DefectKind::FieldNotInTable,
            "200.widgets[].tags",
        ),
        (
            line_of(&text, "Status code: 404"),
            DefectKind::StatusNotInTable,
            "status 404",
        ),
        (
            line_of(&text, "202"),
            DefectKind::StatusWithoutExample,
            "status 202",
        ),
    ];
    want.sort();
    assert_eq!(got, want);

    let md = report.markdown();
    assert!(
        md.contains(&format!(
            "- `ListWidgets.txt:{}` type-conflict `body.size`: the table says String, the example gives integer",
            line_of(&text, "\"size\" : 3,")
        )),
        "{md}"
    );
    let json: Value = serde_json::from_str(&report.json()).unwrap();
    assert_eq!(json["pages"][0]["defects"].as_array().unwrap().len(), 11);
    assert!(
        json["pages"][0]["defects"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["kind"] == "likely-typo" && d["location"] == "body.colour_cod")
    );
}

#[test]
fn reconciliation_adds_example_only_fields_and_marks_type_conflicts() {
    let out = transcribe_inputs(
        &[input("ListWidgets.txt", widgets_page())],
        None,
        &Options::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let doc: Value = serde_saphyr::from_str(&out.yaml).unwrap();
    let schemas = &doc["components"]["schemas"];
    let widget = &schemas["ListWidgetsRespWidget"]["properties"];
    assert_eq!(
        widget["weight"],
        json!({"type": "number", "format": "double", "x-from-example": true})
    );
    assert_eq!(
        widget["tags"],
        json!({"type": "array", "items": {"type": "object", "properties": {"k": {"type": "string"}}},
               "x-from-example": true})
    );
    assert_eq!(
        widget["enabled"]["type"], "boolean",
        "the table's type stays"
    );
    assert_eq!(widget["enabled"]["x-example-type"], "string");
    assert!(widget["id"].get("x-example-type").is_none());
    let body = &schemas["ListWidgetsRequestBody"]["properties"];
    assert_eq!(body["size"]["x-example-type"], "integer");
    // A likely typo is reported, not added.
    assert!(body.get("colour_cod").is_none());
    assert!(body.get("colour_code").is_some());
    let notes: Vec<&str> = out.report.pages[0]
        .notes
        .iter()
        .filter(|n| n.kind == "reconciled-with-example")
        .map(|n| n.message.as_str())
        .collect();
    assert_eq!(notes.len(), 5, "{notes:#?}");
}

/// A page whose example gives millisecond timestamps, past int32, in rows the table types `Integer` (int32), as
/// Cloud Eye's and LTS's pages do.
fn timestamps_page() -> String {
    page(&[
        "Querying Events",
        "Function",
        "This API is used to query events.",
        "URI",
        "GET /v1/events",
        "Response Parameters",
        "Status code: 200",
        "Table 1 Response body parameters",
        "Parameter",
        "Type",
        "Description",
        "create_time",
        "Integer",
        "Creation time, in milliseconds.",
        "marks",
        "Array of integers",
        "Marks, in milliseconds.",
        "count",
        "Integer",
        "Count.",
        "size",
        "Long",
        "Size.",
        "ratio",
        "Number",
        "Ratio.",
        "Example Requests",
        "GET https://{endpoint}/v1/events",
        "Example Responses",
        "Status code: 200",
        "OK.",
        "{\n  \"create_time\" : 1585302825070,\n  \"marks\" : [ 1, 1594370987422 ],\n  \"count\" : -2147483648,\n  \"size\" : 1635890506328,\n  \"ratio\" : 1635890506328\n}",
        "Status Codes",
        "Status Code",
        "Description",
        "200",
        "OK.",
    ])
}

/// An integer past int32 in an `Integer` row widens the property to int64 (so the generated type decodes the
/// example) with a note, and is a type conflict for the lint; int32 values, `Long` and `Number` rows stay.
#[test]
fn integers_past_int32_widen_integer_rows_to_int64() {
    let text = timestamps_page();
    let report = lint_inputs("test", &[input("ListEvents.txt", text.clone())]);
    let got: Vec<(usize, DefectKind, &str)> = report.pages[0]
        .defects
        .iter()
        .map(|d| (d.line, d.kind, d.location.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                line_of(&text, "\"create_time\" : 1585302825070,"),
                DefectKind::TypeConflict,
                "200.create_time"
            ),
            (
                line_of(&text, "\"marks\" : [ 1, 1594370987422 ],"),
                DefectKind::TypeConflict,
                "200.marks[]"
            ),
        ]
    );
    let out = transcribe_inputs(&[input("ListEvents.txt", text)], None, &Options::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let doc: Value = serde_saphyr::from_str(&out.yaml).unwrap();
    let props = &doc["components"]["schemas"]["ListEventsResponse"]["properties"];
    assert_eq!(props["create_time"]["type"], "integer");
    assert_eq!(props["create_time"]["format"], "int64");
    assert_eq!(
        props["create_time"]["x-table-format"], "int32",
        "the table's word is kept"
    );
    assert_eq!(props["marks"]["items"]["format"], "int64");
    assert_eq!(props["marks"]["items"]["x-table-format"], "int32");
    assert!(
        props["size"].get("x-table-format").is_none(),
        "Long rows are not widened"
    );
    assert_eq!(
        props["count"]["format"], "int32",
        "int32's least value fits"
    );
    assert_eq!(props["size"]["format"], "int64");
    assert_eq!(props["ratio"]["type"], "number");
    assert!(props["ratio"].get("format").is_none());
    let notes: Vec<&str> = out.report.pages[0]
        .notes
        .iter()
        .filter(|n| n.kind == "reconciled-with-example")
        .map(|n| n.message.as_str())
        .collect();
    assert_eq!(
        notes,
        [
            "200.create_time is documented as Integer (int32) but the example gives 1585302825070, past int32; \
             widened to int64",
            "200.marks[] is documented as Array of integers (int32) but the example gives 1594370987422, past \
             int32; widened to int64",
        ]
    );
}

/// A page whose example leaves out the wrapper object its table documents (as ShowGroup's does).
fn flat_page() -> String {
    page(&[
        "Querying a Gadget",
        "Function",
        "This API is used to query a gadget.",
        "URI",
        "GET /v1/gadgets/{gadget_id}",
        "Table 1 Path Parameters",
        "Parameter",
        "Mandatory",
        "Type",
        "Description",
        "gadget_id",
        "Yes",
        "String",
        "Gadget ID.",
        "Response Parameters",
        "Status code: 200",
        "Table 2 Response body parameters",
        "Parameter",
        "Type",
        "Description",
        "gadget",
        "gadget object",
        "The gadget.",
        "Table 3 gadget",
        "Parameter",
        "Type",
        "Description",
        "gadget_id",
        "String",
        "ID.",
        "state",
        "String",
        "State.",
        "Example Requests",
        "GET https://{endpoint}/v1/gadgets/g1",
        "Example Responses",
        "Status code: 200",
        "OK.",
        "{\n  \"gadget\" : null,\n  \"gadget_id\" : \"g1\",\n  \"state\" : \"on\"\n}",
        "Status Codes",
        "Status Code",
        "Description",
        "200",
        "OK.",
    ])
}

#[test]
fn an_example_without_its_wrapper_is_reported_and_not_added() {
    let text = flat_page();
    let report = lint_inputs("test", &[input("ShowGadget.txt", text.clone())]);
    let got: Vec<(usize, DefectKind, &str)> = report.pages[0]
        .defects
        .iter()
        .map(|d| (d.line, d.kind, d.location.as_str()))
        .collect();
    assert_eq!(
        got,
        [(
            line_of(&text, "\"gadget_id\" : \"g1\","),
            DefectKind::MissingWrapper,
            "200"
        )]
    );
    let out = transcribe_inputs(&[input("ShowGadget.txt", text)], None, &Options::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let doc: Value = serde_saphyr::from_str(&out.yaml).unwrap();
    let top = &doc["components"]["schemas"]["ShowGadgetResponse"]["properties"];
    let names: Vec<&String> = top.as_object().unwrap().keys().collect();
    assert_eq!(names, ["gadget"]);
}

#[test]
fn pages_that_are_not_operations_are_listed_not_linted() {
    let report = lint_inputs(
        "test",
        &[input("Notes.txt", page(&["Some title", "Some text."]))],
    );
    assert_eq!(report.pages[0].operation, None);
    assert!(report.pages[0].skipped.is_some());
    assert!(report.markdown().contains("`Notes.txt`: not linted"));
}

/// `x-example-type` reads as the lenient spelling where one is safe (a number or boolean in a string, text in a
/// number or boolean, a bit in a boolean), records the disagreement otherwise, and anything but the four JSON
/// scalar types is a diagnostic at its position.
#[test]
fn example_types_read_as_the_lenient_spellings() {
    use codegen::spec::ExampleReading;
    let spec = |props: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    S:\n      type: object\n      properties:\n{props}"
        )
    };
    let text = spec(
        "        a: {type: string, x-example-type: integer}\n        b: {type: boolean, x-example-type: string}\n        c: {type: integer, x-example-type: string}\n        d: {type: string, x-example-type: boolean}\n        e: {type: integer}\n        f: {type: boolean, x-example-type: integer}\n        g: {type: integer, x-example-type: number}\n        h: {type: integer, x-accept-string: true}\n",
    );
    let parsed = codegen::spec::parse(&text, std::path::Path::new("t.yaml")).unwrap();
    let codegen::spec::SchemaKind::Object(object) = &parsed.schemas[0].schema.kind else {
        panic!("an object");
    };
    let readings: Vec<(&str, ExampleReading)> = object
        .properties
        .iter()
        .map(|p| (p.name.as_str(), p.schema.reading))
        .collect();
    assert_eq!(
        readings,
        [
            ("a", ExampleReading::NumericString),
            ("b", ExampleReading::StringTolerant),
            ("c", ExampleReading::StringTolerant),
            ("d", ExampleReading::StringOrScalar),
            ("e", ExampleReading::Documented),
            ("f", ExampleReading::BoolOrBit),
            ("g", ExampleReading::Documented),
            ("h", ExampleReading::StringTolerant),
        ]
    );
    // A hand-written reading that does not fit the type is a diagnostic.
    let misplaced = spec("        a: {type: boolean, x-numeric-string: true}\n");
    let e = codegen::spec::parse(&misplaced, std::path::Path::new("t.yaml"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("applies to string schemas only"), "{e}");
    let bad = spec("        a: {type: string, x-example-type: object}\n");
    let e = codegen::spec::parse(&bad, std::path::Path::new("t.yaml"))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("t.yaml:9:")
            && e.contains("`x-example-type` must be integer, number, string or boolean"),
        "{e}"
    );
}

/// `x-example-shape` reads as what decoding also accepts where that is safe: `array` makes a list of the value
/// (one alone accepted), `single` keeps a list, `empty` an object or text, `json` a text; elsewhere it only records
/// the disagreement, and an unknown shape is a diagnostic at its position.
#[test]
fn example_shapes_read_as_what_decoding_accepts() {
    use codegen::spec::{ExampleShape, SchemaKind};
    let spec = |props: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    S:\n      type: object\n      properties:\n{props}"
        )
    };
    let text = spec(
        "        a: {$ref: '#/components/schemas/S', x-example-shape: array}\n        b: {type: array, items: {type: string}, x-example-shape: single}\n        c: {type: object, x-example-shape: empty}\n        d: {type: string, x-example-shape: json}\n        e: {type: integer, x-example-shape: json}\n        f: {type: array, items: {type: string}, x-example-shape: array}\n",
    );
    let parsed = codegen::spec::parse(&text, std::path::Path::new("t.yaml")).unwrap();
    let SchemaKind::Object(object) = &parsed.schemas[0].schema.kind else {
        panic!("an object");
    };
    let read: Vec<(&str, Option<ExampleShape>, bool)> = object
        .properties
        .iter()
        .map(|p| {
            (
                p.name.as_str(),
                p.schema.example_shape,
                matches!(p.schema.kind, SchemaKind::Array(_)),
            )
        })
        .collect();
    assert_eq!(
        read,
        [
            ("a", Some(ExampleShape::OneOrMany), true),
            ("b", Some(ExampleShape::OneOrMany), true),
            ("c", Some(ExampleShape::EmptyAsAbsent), false),
            ("d", Some(ExampleShape::JsonText), false),
            ("e", None, false),
            ("f", None, true),
        ]
    );
    let SchemaKind::Array(item) = &object.properties[0].schema.kind else {
        panic!("a list");
    };
    assert_eq!(item.kind, SchemaKind::Ref("S".into()));
    let bad = spec("        a: {type: string, x-example-shape: list}\n");
    let e = codegen::spec::parse(&bad, std::path::Path::new("t.yaml"))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("t.yaml:9:")
            && e.contains("`x-example-shape` must be array, single, empty or json"),
        "{e}"
    );
}

/// A page whose example response lacks mandatory fields and spells two scalars in another JSON type than the
/// table (a boolean as `0`, a string as `true`), followed by a failure's body under the same status.
fn absent_page() -> String {
    page(&[
        "Querying a Sprocket",
        "Function",
        "This API is used to query a sprocket.",
        "URI",
        "GET /v1/sprockets/{sprocket_id}",
        "Table 1 Path Parameters",
        "Parameter",
        "Mandatory",
        "Type",
        "Description",
        "sprocket_id",
        "Yes",
        "String",
        "Sprocket ID.",
        "Response Parameters",
        "Status code: 200",
        "Table 2 Response body parameters",
        "Parameter",
        "Mandatory",
        "Type",
        "Description",
        "id",
        "Yes",
        "String",
        "ID.",
        "owner",
        "Yes",
        "String",
        "Owner.",
        "shared",
        "Yes",
        "Boolean",
        "Whether it is shared.",
        "label",
        "No",
        "String",
        "Label.",
        "Example Requests",
        "GET https://{endpoint}/v1/sprockets/s1",
        "Example Responses",
        "Status code: 200",
        "OK.",
        "{\n  \"id\" : \"s1\",\n  \"shared\" : 0,\n  \"label\" : true\n}",
        "Failed.",
        "{\n  \"error\" : {\n    \"code\" : 400,\n    \"message\" : \"bad\"\n  }\n}",
        "Status Codes",
        "Status Code",
        "Description",
        "200",
        "OK.",
    ])
}

/// A mandatory field the example response lacks is marked `x-example-absent` (the generated field is then
/// optional) and is a `required-not-in-example` finding; a failure's body beside the success example says
/// nothing of the kind. `0` for a Boolean and `true` for a String mark `x-example-type`, which the spec reader
/// turns into readings that accept them.
#[test]
fn mandatory_fields_the_example_response_lacks_are_marked_absent() {
    let text = absent_page();
    let report = lint_inputs("test", &[input("ShowSprocket.txt", text.clone())]);
    let got: Vec<(DefectKind, &str)> = report.pages[0]
        .defects
        .iter()
        .filter(|d| d.kind == DefectKind::RequiredNotInExample)
        .map(|d| (d.kind, d.location.as_str()))
        .collect();
    assert_eq!(got, [(DefectKind::RequiredNotInExample, "200.owner")]);
    let out = transcribe_inputs(
        &[input("ShowSprocket.txt", text)],
        None,
        &Options::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let doc: Value = serde_saphyr::from_str(&out.yaml).unwrap();
    let schema = &doc["components"]["schemas"]["ShowSprocketResponse"];
    let props = &schema["properties"];
    assert_eq!(props["owner"]["x-example-absent"], true);
    assert_eq!(
        schema["required"],
        json!(["id", "owner", "shared"]),
        "the table's word stays"
    );
    for present in ["id", "shared", "label"] {
        assert!(
            props[present].get("x-example-absent").is_none(),
            "{present}"
        );
    }
    assert_eq!(props["shared"]["x-example-type"], "integer");
    assert_eq!(props["label"]["x-example-type"], "boolean");
    let spec = codegen::spec::parse(&out.yaml, std::path::Path::new("sprocket.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let object = spec
        .schemas
        .iter()
        .find(|s| s.name == "ShowSprocketResponse")
        .and_then(|s| match &s.schema.kind {
            codegen::spec::SchemaKind::Object(o) => Some(o),
            _ => None,
        })
        .expect("the response object");
    let read = |name: &str| {
        let p = object.properties.iter().find(|p| p.name == name).unwrap();
        (p.required, p.schema.example_absent, p.schema.reading)
    };
    use codegen::spec::ExampleReading;
    assert_eq!(read("owner"), (true, true, ExampleReading::Documented));
    assert_eq!(read("shared"), (true, false, ExampleReading::BoolOrBit));
    assert_eq!(
        read("label"),
        (false, false, ExampleReading::StringOrScalar)
    );
}
