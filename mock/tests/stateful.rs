//! The stateful emulator on a made-up spec (`fixtures/stateful.yaml`): the inferred model, paging by
//! marker and by page number, filters, nested resources, client-chosen ids, 404s for unknown ids,
//! the item limit and the state file. Every expectation is written out by hand from the fixture.

mod common;

use std::path::PathBuf;

use common::*;
use huaweicloud_mock::{Clock, MockServer, MockServerBuilder, Paging, SpecSource, infer};
use serde_json::{Value, json};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/stateful.yaml");
const SEEDED: &str = "0b7e5a3c-1111-4d2e-9f00-aaaaaaaaaaaa";

fn builder() -> MockServerBuilder {
    MockServer::builder()
        .spec(FIXTURE)
        .credentials(AK, SK, PROJECT)
        .stateful(true)
}

fn widgets() -> String {
    format!("/v1/{PROJECT}/widgets")
}

async fn call(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    query: &[(&str, &str)],
    body: Value,
) -> Answer {
    let body = if body.is_null() {
        Vec::new()
    } else {
        body.to_string().into_bytes()
    };
    send(addr, &sign_now(addr, method, path, query, &body))
        .await
        .answer()
}

fn ids(list: &Value, field: &str) -> Vec<String> {
    list[field]
        .as_array()
        .expect("items")
        .iter()
        .map(|w| {
            w["id"]
                .as_str()
                .or(w["part_name"].as_str())
                .expect("id")
                .to_owned()
        })
        .collect()
}

#[test]
fn the_model_of_the_fixture() {
    let spec = SpecSource::from(FIXTURE)
        .into_spec()
        .expect("the fixture loads");
    let model = infer(&spec);
    assert_eq!(model.resources.len(), 2, "{model}");
    let w = &model.resources[0];
    assert_eq!(w.name, "widgets");
    assert_eq!(w.item, "/v1/{project_id}/widgets/{widget_id}");
    assert_eq!(
        (w.id_param.as_str(), w.id_field.as_str()),
        ("widget_id", "id")
    );
    assert_eq!(w.create.as_deref(), Some("CreateWidget"));
    assert_eq!(w.list.as_deref(), Some("ListWidgets"));
    assert_eq!(w.show.as_deref(), Some("ShowWidget"));
    assert_eq!(w.update.as_deref(), Some("UpdateWidget"));
    assert_eq!(w.delete.as_deref(), Some("DeleteWidget"));
    assert_eq!(w.items_field.as_deref(), Some("widgets"));
    assert_eq!(w.total_field.as_deref(), Some("total_count"));
    assert_eq!(w.show_field.as_deref(), Some("widget"));
    assert_eq!(
        w.paging,
        Paging::Marker {
            marker: "marker".into(),
            limit: Some("limit".into())
        }
    );
    assert_eq!(w.filters, ["color"]);
    let p = &model.resources[1];
    assert_eq!(p.name, "parts");
    assert_eq!(
        (p.id_param.as_str(), p.id_field.as_str()),
        ("part_name", "part_name")
    );
    assert_eq!(p.parents.len(), 1);
    assert_eq!(
        (p.parents[0].param.as_str(), p.parents[0].resource),
        ("widget_id", 0)
    );
    assert_eq!(p.create.as_deref(), Some("CreatePart"));
    assert_eq!(p.show, None);
    assert_eq!(p.total_field.as_deref(), Some("count"));
    assert_eq!(
        p.paging,
        Paging::Page {
            page: "page".into(),
            size: Some("page_size".into())
        }
    );
    // PolishWidget, an action on a widget, checks the widget id.
    let polish = spec
        .operations
        .iter()
        .position(|o| o.id == "PolishWidget")
        .expect("op");
    assert_eq!(model.ids[polish], [("widget_id".to_owned(), 0)]);
    let delete_part = spec
        .operations
        .iter()
        .position(|o| o.id == "DeletePart")
        .expect("op");
    assert_eq!(
        model.ids[delete_part],
        [("widget_id".to_owned(), 0), ("part_name".to_owned(), 1)]
    );
}

#[tokio::test]
async fn create_list_show_update_delete_with_paging_filters_and_parents() {
    let now = jiff::Timestamp::now();
    let server = builder()
        .clock(Clock::fixed(now))
        .start()
        .await
        .expect("start");
    let addr = server.addr();
    let list = call(addr, "GET", &widgets(), &[], Value::Null).await;
    assert_eq!(list.status, 200);
    assert_eq!(list.json()["total_count"], 1, "seeded from the example");
    assert_eq!(ids(&list.json(), "widgets"), [SEEDED]);

    let mut created = Vec::new();
    for (name, color) in [("a", "blue"), ("b", "red"), ("c", "blue")] {
        let a = call(
            addr,
            "POST",
            &widgets(),
            &[],
            json!({"name": name, "color": color}),
        )
        .await;
        assert_eq!(a.status, 201, "{}", String::from_utf8_lossy(&a.body));
        let id = a.json()["id"].as_str().expect("an id").to_owned();
        // Shaped like the example's id: a UUID.
        assert_eq!(
            id.split('-').map(str::len).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12],
            "{id}"
        );
        assert!(id != SEEDED && !created.contains(&id));
        created.push(id);
    }
    let (a, b, c) = (&created[0], &created[1], &created[2]);

    // Newest first; marker paging; the total counts every match.
    let page = call(addr, "GET", &widgets(), &[("limit", "2")], Value::Null)
        .await
        .json();
    assert_eq!(ids(&page, "widgets"), [c.as_str(), b.as_str()]);
    assert_eq!(page["total_count"], 4);
    let page = call(
        addr,
        "GET",
        &widgets(),
        &[("limit", "2"), ("marker", b)],
        Value::Null,
    )
    .await
    .json();
    assert_eq!(ids(&page, "widgets"), [a.as_str(), SEEDED]);
    let blue = call(addr, "GET", &widgets(), &[("color", "blue")], Value::Null)
        .await
        .json();
    assert_eq!(ids(&blue, "widgets"), [c.as_str(), a.as_str()]);
    assert_eq!(blue["total_count"], 2);

    // Show: the item under `widget`, with the create's fields, the seed's others, a new time.
    let shown = call(addr, "GET", &format!("{}/{c}", widgets()), &[], Value::Null).await;
    assert_eq!(shown.status, 200);
    let ms = now.as_millisecond();
    let created_at = format!(
        "{}.{:03}Z",
        now.strftime("%Y-%m-%dT%H:%M:%S"),
        ms.rem_euclid(1000)
    );
    assert_eq!(
        shown.json(),
        json!({"widget": {"id": c, "name": "c", "color": "blue", "size": 1, "created_at": created_at}})
    );

    // Update, then show sees it.
    let u = call(
        addr,
        "PUT",
        &format!("{}/{c}", widgets()),
        &[],
        json!({"name": "c2", "id": "ignored"}),
    )
    .await;
    assert_eq!(u.status, 204);
    let shown = call(addr, "GET", &format!("{}/{c}", widgets()), &[], Value::Null)
        .await
        .json();
    assert_eq!(shown["widget"]["name"], "c2");
    assert_eq!(shown["widget"]["id"], c.as_str(), "the id does not change");

    // An action keeps its example answer, on ids that exist only.
    let polish = call(
        addr,
        "POST",
        &format!("{}/{c}/polish", widgets()),
        &[],
        Value::Null,
    )
    .await;
    assert_eq!(
        (polish.status, polish.json()),
        (200, json!({"job_id": "job-1"}))
    );
    call(
        addr,
        "POST",
        &format!("{}/nope/polish", widgets()),
        &[],
        Value::Null,
    )
    .await
    .assert_error(404, "DMS.00404001");

    // Nested, client-chosen ids, page paging.
    let parts = format!("{}/{c}/parts", widgets());
    for name in ["p1", "p2", "p3"] {
        let a = call(
            addr,
            "POST",
            &parts,
            &[],
            json!({"part_name": name, "weight": 5}),
        )
        .await;
        assert_eq!(a.status, 204, "{}", String::from_utf8_lossy(&a.body));
    }
    call(addr, "POST", &parts, &[], json!({"part_name": "p1"}))
        .await
        .assert_error(409, "DMS.00409001");
    let page1 = call(
        addr,
        "GET",
        &parts,
        &[("page", "1"), ("page_size", "2")],
        Value::Null,
    )
    .await
    .json();
    assert_eq!(ids(&page1, "parts"), ["p3", "p2"]);
    assert_eq!(page1["count"], 3);
    let page2 = call(
        addr,
        "GET",
        &parts,
        &[("page", "2"), ("page_size", "2")],
        Value::Null,
    )
    .await
    .json();
    assert_eq!(ids(&page2, "parts"), ["p1"]);
    // Another widget's parts are its own.
    let other = call(
        addr,
        "GET",
        &format!("{}/{a}/parts", widgets()),
        &[],
        Value::Null,
    )
    .await
    .json();
    assert_eq!(other["count"], 0);
    call(
        addr,
        "DELETE",
        &format!("{}/{a}/parts/p1", widgets()),
        &[],
        Value::Null,
    )
    .await
    .assert_error(404, "DMS.00404001");

    // Delete takes the parts along; everything on the widget is a 404 after.
    let d = call(
        addr,
        "DELETE",
        &format!("{}/{c}", widgets()),
        &[],
        Value::Null,
    )
    .await;
    assert_eq!(d.status, 204);
    for (method, path) in [
        ("GET", format!("{}/{c}", widgets())),
        ("PUT", format!("{}/{c}", widgets())),
        ("DELETE", format!("{}/{c}", widgets())),
        ("GET", parts.clone()),
        ("DELETE", format!("{parts}/p1")),
    ] {
        let body = if method == "PUT" {
            json!({"name": "x"})
        } else {
            Value::Null
        };
        let a = call(addr, method, &path, &[], body).await;
        a.assert_error(404, "DMS.00404001");
        assert!(
            a.error_msg().contains("widget_id"),
            "{method} {path}: {}",
            a.error_msg()
        );
    }
    let page = call(addr, "GET", &widgets(), &[], Value::Null).await.json();
    assert_eq!(ids(&page, "widgets"), [b.as_str(), a.as_str(), SEEDED]);
    assert_eq!(
        server.stored("/v1/{project_id}/widgets/{widget_id}/parts/{part_name}"),
        []
    );
}

#[tokio::test]
async fn without_stateful_any_id_answers_the_example() {
    let server = MockServer::builder()
        .spec(FIXTURE)
        .credentials(AK, SK, PROJECT)
        .start()
        .await
        .expect("start");
    let a = call(
        server.addr(),
        "POST",
        &format!("{}/nope/polish", widgets()),
        &[],
        Value::Null,
    )
    .await;
    assert_eq!(a.status, 200);
    assert_eq!(server.existing_path_ids("PolishWidget"), None);
}

#[tokio::test]
async fn a_create_past_the_item_limit_is_a_403() {
    let server = builder().max_items(2).start().await.expect("start");
    let addr = server.addr();
    let ok = call(addr, "POST", &widgets(), &[], json!({"name": "second"})).await;
    assert_eq!(ok.status, 201);
    call(addr, "POST", &widgets(), &[], json!({"name": "third"}))
        .await
        .assert_error(403, "DMS.00403001");
}

fn temp_file(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "huaweicloud-mock-state-{}-{name}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("state.json");
    let _ = std::fs::remove_file(&file);
    file
}

#[tokio::test]
async fn the_state_file_is_written_after_changes_and_read_at_start() {
    let file = temp_file("round-trip");
    let server = builder().state_file(&file).start().await.expect("start");
    let addr = server.addr();
    assert!(!file.exists(), "nothing changed yet");
    let a = call(addr, "POST", &widgets(), &[], json!({"name": "kept"})).await;
    let id = a.json()["id"].as_str().expect("id").to_owned();
    let saved: Value =
        serde_json::from_slice(&std::fs::read(&file).expect("written")).expect("JSON");
    assert_eq!(saved["format"], "huaweicloud-mock-state/1");
    let items = &saved["resources"]["/v1/{project_id}/widgets/{widget_id}"];
    assert_eq!(items[0]["item"]["name"], "kept");
    assert_eq!(items[0]["parent"], json!([]));
    assert_eq!(items[1]["item"]["id"], SEEDED);
    server.shutdown().await;

    // A new emulator starts from the file, not from the seed: delete the seeded item in the file
    // to tell them apart.
    let mut edited = saved.clone();
    edited["resources"]["/v1/{project_id}/widgets/{widget_id}"]
        .as_array_mut()
        .expect("items")
        .remove(1);
    std::fs::write(&file, edited.to_string()).expect("edit");
    let server = builder().state_file(&file).start().await.expect("restart");
    let addr = server.addr();
    let list = call(addr, "GET", &widgets(), &[], Value::Null).await.json();
    assert_eq!(ids(&list, "widgets"), [id.as_str()]);
    // The id generator goes on where it was: the next id is new.
    let next = call(addr, "POST", &widgets(), &[], json!({"name": "next"}))
        .await
        .json();
    assert_ne!(next["id"], id.as_str());
    server.shutdown().await;
    let _ = std::fs::remove_file(&file);
}

#[tokio::test]
async fn a_bad_state_file_stops_the_start_with_its_place() {
    let file = temp_file("bad");
    for (text, want) in [
        ("{\n  \"format\": ", "state.json:2:"),
        (r#"{"format": "other"}"#, "not a state file"),
        (
            r#"{"format": "huaweicloud-mock-state/1", "resources": {"/v1/{project_id}/gadgets/{g}": []}}"#,
            "`/v1/{project_id}/gadgets/{g}` is not one the spec has",
        ),
        (
            r#"{"format": "huaweicloud-mock-state/1", "resources": {"/v1/{project_id}/widgets/{widget_id}/parts/{part_name}": [{"parent": [], "item": {}}]}}"#,
            "item 0: expected",
        ),
    ] {
        std::fs::write(&file, text).expect("write");
        let err = builder().state_file(&file).start().await.expect_err(text);
        let message = err.to_string();
        assert!(message.contains(want), "{text}: {message}");
    }
    let _ = std::fs::remove_file(&file);
}

#[tokio::test]
async fn the_seed_and_the_ids_are_the_same_on_every_run() {
    let mut runs = Vec::new();
    for _ in 0..2 {
        let server = builder().start().await.expect("start");
        let addr = server.addr();
        let a = call(addr, "POST", &widgets(), &[], json!({"name": "n"})).await;
        let id = a.json()["id"].clone();
        let b = call(addr, "POST", &widgets(), &[], json!({"name": "m"})).await;
        runs.push((
            id,
            b.json()["id"].clone(),
            server.stored("/v1/{project_id}/widgets/{widget_id}").len(),
        ));
    }
    assert_eq!(runs[0], runs[1]);
    assert_ne!(runs[0].0, runs[0].1);
    assert_eq!(runs[0].2, 3);
}

#[test]
fn print_resources_shows_the_model_and_exits() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_huaweicloud-mock"))
        .args(["--spec", FIXTURE, "--print-resources"])
        .output()
        .expect("run the emulator");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    for line in [
        "2 resource(s)",
        "widgets /v1/{project_id}/widgets/{widget_id}",
        "  id: path {widget_id}, field id",
        "  list answer: items widgets, total total_count; paging marker + limit; filters color",
        "  show answer: the item in widget",
        "parts /v1/{project_id}/widgets/{widget_id}/parts/{part_name}",
        "  parents: {widget_id} (widgets)",
        "  list answer: items parts, total count; paging page (from 1) + page_size; filters -",
        "  DeletePart: {widget_id} (widgets), {part_name} (parts)",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "no line {line:?} in:\n{text}"
        );
    }
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_huaweicloud-mock"))
        .args(["--spec", "/nonexistent/spec.yaml", "--print-resources"])
        .output()
        .expect("run the emulator");
    assert!(!bad.status.success());
    assert!(bad.stdout.is_empty());
}

/// The fixture with `/v1/projects` and `/v1/projects/{project_id}` added, `project_id` filled from
/// the credentials (as in iam's `/v3/projects/{project_id}`).
fn with_credentials_item() -> SpecSource {
    let text = std::fs::read_to_string(FIXTURE).expect("the fixture");
    let projects = r#"
  /v1/projects:
    get:
      operationId: ListProjects
      summary: List projects
      responses:
        '200':
          description: OK.
          content:
            application/json:
              schema:
                type: object
                properties:
                  projects:
                    type: array
                    items:
                      type: object
                      properties:
                        id:
                          type: string
                        name:
                          type: string
              example:
                projects:
                  - id: 0123456789abcdef0123456789abcdef
                    name: example
  /v1/projects/{project_id}:
    get:
      operationId: ShowProject
      summary: Show a project
      parameters:
        - $ref: '#/components/parameters/project_id'
      responses:
        '200':
          description: OK.
          content:
            application/json:
              schema:
                type: object
                properties:
                  project:
                    type: object
                    properties:
                      id:
                        type: string
                      name:
                        type: string
              example:
                project:
                  id: 0123456789abcdef0123456789abcdef
                  name: example
components:
"#;
    assert!(text.contains("\ncomponents:\n"));
    SpecSource::Text {
        text: text.replacen("\ncomponents:\n", projects, 1),
        name: "stateful-with-projects.yaml".to_owned(),
    }
}

#[tokio::test]
async fn a_path_parameter_from_the_credentials_is_never_an_item_id() {
    let spec = with_credentials_item().into_spec().expect("the spec loads");
    let model = infer(&spec);
    // Widgets and parts, as without the projects: `/v1/projects/{project_id}` is no item.
    let names: Vec<&str> = model.resources.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["widgets", "parts"], "{model}");
    let show = spec
        .operations
        .iter()
        .position(|o| o.id == "ShowProject")
        .expect("op");
    assert!(model.ids[show].is_empty(), "{model}");
    // The credentials' project exists: showing it answers the example, not a 404.
    let server = MockServer::builder()
        .spec(with_credentials_item())
        .credentials(AK, SK, PROJECT)
        .stateful(true)
        .start()
        .await
        .expect("start");
    let addr = server.addr();
    let shown = call(
        addr,
        "GET",
        &format!("/v1/projects/{PROJECT}"),
        &[],
        Value::Null,
    )
    .await;
    assert_eq!(
        shown.status,
        200,
        "{}",
        String::from_utf8_lossy(&shown.body)
    );
}

#[tokio::test]
async fn a_collection_whose_items_could_never_exist_is_not_a_resource() {
    // Gadgets: a list whose answer holds no items and a delete; no create, no show. Nothing could
    // ever create or seed a gadget, so it is no resource (its delete would answer 404 forever).
    let text = std::fs::read_to_string(FIXTURE).expect("the fixture");
    let gadgets = r#"
  /v1/{project_id}/gadgets:
    get:
      operationId: ListGadgets
      summary: List gadgets
      parameters:
        - $ref: '#/components/parameters/project_id'
      responses:
        '200':
          description: OK.
          content:
            application/json:
              schema:
                type: object
                properties:
                  count:
                    type: integer
              example:
                count: 0
  /v1/{project_id}/gadgets/{gadget_id}:
    delete:
      operationId: DeleteGadget
      summary: Delete a gadget
      parameters:
        - $ref: '#/components/parameters/project_id'
        - name: gadget_id
          in: path
          required: true
          schema:
            type: string
      responses:
        '204':
          description: Deleted.
components:
"#;
    let source = || SpecSource::Text {
        text: text.replacen("\ncomponents:\n", gadgets, 1),
        name: "stateful-with-gadgets.yaml".to_owned(),
    };
    let spec = source().into_spec().expect("the spec loads");
    let model = infer(&spec);
    let names: Vec<&str> = model.resources.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["widgets", "parts"], "{model}");
    let server = MockServer::builder()
        .spec(source())
        .credentials(AK, SK, PROJECT)
        .stateful(true)
        .start()
        .await
        .expect("start");
    let addr = server.addr();
    let path = format!("/v1/{PROJECT}/gadgets/any");
    let deleted = call(addr, "DELETE", &path, &[], Value::Null).await;
    assert_eq!(
        deleted.status,
        204,
        "{}",
        String::from_utf8_lossy(&deleted.body)
    );
}
