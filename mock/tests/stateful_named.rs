//! The stateful emulator on a made-up spec whose items are named otherwise in each schema
//! (`fixtures/stateful_named.yaml`), one test per inference rule it exercises: an item path under
//! extra literal segments joins its collection (rule 1), the id fields found by their description
//! (rule 4: `id` in the create body, `title` in the list, `book` in the show), a batch delete
//! (rule 9) and a batch update (rule 10). Each rule also has its counter-case, a variant of the
//! fixture where it must not apply. Every expectation is written out by hand from the fixture.

mod common;

use common::*;
use huaweicloud_mock::{Batch, MockServer, ResourceModel, SpecSource, infer};
use serde_json::{Value, json};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/stateful_named.yaml"
);

fn fixture() -> String {
    std::fs::read_to_string(FIXTURE).expect("the fixture")
}

/// The model of the fixture with `edit` applied to its text.
fn model_of(edit: impl Fn(String) -> String) -> ResourceModel {
    let source = SpecSource::Text {
        text: edit(fixture()),
        name: "stateful-named-variant.yaml".to_owned(),
    };
    infer(&source.into_spec().expect("the spec loads"))
}

/// The fixture with `paths` added before `components:`.
fn with_paths(paths: &str) -> impl Fn(String) -> String + '_ {
    move |text| text.replacen("\ncomponents:\n", &format!("\n{paths}components:\n"), 1)
}

fn books(model: &ResourceModel) -> Option<&huaweicloud_mock::Resource> {
    model.resources.iter().find(|r| r.name == "books")
}

#[test]
fn an_item_path_under_extra_literals_joins_its_collection() {
    let model = model_of(|t| t);
    let b = books(&model).unwrap_or_else(|| panic!("no books:\n{model}"));
    assert_eq!(b.collection, "/v1/{project_id}/shelves/{shelf_id}/books");
    assert_eq!(
        b.item,
        "/v1/{project_id}/shelves/{shelf_id}/admin/books/{book}"
    );
    assert_eq!(b.id_param, "book");
    assert_eq!(b.create.as_deref(), Some("CreateBook"));
    assert_eq!(b.list.as_deref(), Some("ListBooks"));
    assert_eq!(b.show.as_deref(), Some("ShowBook"));
    assert_eq!((b.update.as_deref(), b.delete.as_deref()), (None, None));
    assert_eq!(b.parents.len(), 1, "{model}");
    assert_eq!(model.resources[b.parents[0].resource].name, "shelves");
    // An operation below the joined item path checks the book too.
    let spec = SpecSource::from(FIXTURE).into_spec().expect("loads");
    let chapters = spec
        .operations
        .iter()
        .position(|o| o.id == "ListChapters")
        .expect("op");
    let named: Vec<(&str, &str)> = model.ids[chapters]
        .iter()
        .map(|(p, r)| (p.as_str(), model.resources[*r].name.as_str()))
        .collect();
    assert_eq!(named, [("shelf_id", "shelves"), ("book", "books")]);
}

#[test]
fn two_item_paths_under_extra_literals_join_nothing() {
    // `ops/books/{book}` as well as `admin/books/{book}`: which one is the item is not clear.
    let model = model_of(with_paths(
        r#"  /v1/{project_id}/shelves/{shelf_id}/ops/books/{book}:
    get:
      operationId: ShowBookOps
      summary: Show a book, for operators
      parameters:
        - $ref: '#/components/parameters/project_id'
        - $ref: '#/components/parameters/shelf_id'
        - $ref: '#/components/parameters/book'
      responses:
        '204':
          description: OK.
"#,
    ));
    assert!(books(&model).is_none(), "{model}");
}

#[test]
fn a_collection_with_its_own_item_path_is_joined_by_no_other() {
    // `books/{book_id}` is the item path of `books`: `admin/books/{book}` is not.
    let model = model_of(with_paths(
        r#"  /v1/{project_id}/shelves/{shelf_id}/books/{book_id}:
    delete:
      operationId: DeleteBook
      summary: Delete a book
      parameters:
        - $ref: '#/components/parameters/project_id'
        - $ref: '#/components/parameters/shelf_id'
        - name: book_id
          in: path
          required: true
          description: Book title.
          schema:
            type: string
      responses:
        '204':
          description: Deleted.
"#,
    ));
    let b = books(&model).unwrap_or_else(|| panic!("no books:\n{model}"));
    assert_eq!(
        b.item,
        "/v1/{project_id}/shelves/{shelf_id}/books/{book_id}"
    );
    assert_eq!(b.show, None);
    assert_eq!(b.delete.as_deref(), Some("DeleteBook"));
}

#[test]
fn the_id_fields_are_found_by_their_description() {
    let model = model_of(|t| t);
    let b = books(&model).unwrap_or_else(|| panic!("no books:\n{model}"));
    // The list's `title` is described as the path's `book` ("Book title."); the show names it
    // `book` (the parameter's name); the create body `id` ("Book title. It starts…").
    assert_eq!(b.id_field, "title");
    assert_eq!(b.id_aliases, ["book"]);
    assert_eq!(b.create_id.as_deref(), Some("id"));
    assert_eq!(b.show_field, None);
    assert_eq!(b.show_fields, ["book", "pages"]);
}

#[test]
fn a_description_two_fields_share_names_no_id() {
    // The list items have `subtitle` described as `title` is: neither is the id; the show's
    // `book` (the parameter's name) is, and the list holds it under no other name.
    let model = model_of(|t| {
        t.replacen(
            "                        pages:\n                          type: integer\n                          description: Number of pages.\n",
            "                        pages:\n                          type: integer\n                          description: Number of pages.\n                        subtitle:\n                          type: string\n                          description: Book title.\n",
            1,
        )
    });
    let b = books(&model).unwrap_or_else(|| panic!("no books:\n{model}"));
    assert!(b.fields.contains(&"subtitle".to_owned()), "{model}");
    assert_eq!(b.id_field, "book");
    assert!(b.id_aliases.is_empty(), "{model}");
    assert_eq!(b.create_id.as_deref(), Some("id"));
}

#[test]
fn a_post_on_the_collections_delete_lists_the_ids_it_deletes() {
    let model = model_of(|t| t);
    let b = books(&model).unwrap_or_else(|| panic!("no books:\n{model}"));
    assert_eq!(
        b.batch_delete,
        Some(Batch {
            operation: "BatchDeleteBooks".into(),
            field: "books".into(),
            key: None
        })
    );
    // Objects holding the id under the id field.
    let model = model_of(|t| {
        t.replacen(
            "                books:\n                  type: array\n                  items:\n                    type: string\n",
            "                books:\n                  type: array\n                  items:\n                    type: object\n                    properties:\n                      title:\n                        type: string\n",
            1,
        )
    });
    let b = books(&model).unwrap_or_else(|| panic!("no books:\n{model}"));
    assert_eq!(
        b.batch_delete.as_ref().map(|d| d.key.as_deref()),
        Some(Some("title"))
    );
}

#[test]
fn a_batch_delete_needs_one_list_of_ids_and_a_delete_segment() {
    // Two lists of ids: which one deletes is not clear.
    let model = model_of(|t| {
        t.replacen(
            "                books:\n                  type: array\n                  items:\n                    type: string\n",
            "                books:\n                  type: array\n                  items:\n                    type: string\n                keep:\n                  type: array\n                  items:\n                    type: string\n",
            1,
        )
    });
    assert_eq!(books(&model).expect("books").batch_delete, None, "{model}");
    // `books/remove-all` does not say it deletes what its body lists.
    let model = model_of(|t| t.replacen("/books/delete:", "/books/remove-all:", 1));
    assert_eq!(books(&model).expect("books").batch_delete, None, "{model}");
    // `books/batch-delete` does.
    let model = model_of(|t| t.replacen("/books/delete:", "/books/batch-delete:", 1));
    assert!(
        books(&model).expect("books").batch_delete.is_some(),
        "{model}"
    );
}

#[test]
fn a_put_on_the_collection_listing_objects_named_like_the_item_changes_them() {
    let model = model_of(|t| t);
    let b = books(&model).unwrap_or_else(|| panic!("no books:\n{model}"));
    // The listed objects name the book as the create body does: `id`.
    assert_eq!(
        b.batch_update,
        Some(Batch {
            operation: "BatchUpdateBooks".into(),
            field: "books".into(),
            key: Some("id".into())
        })
    );
    // Objects without any name of the id: nothing says which item each one changes.
    let model = model_of(|t| {
        t.replacen(
            "                    properties:\n                      id:\n                        type: string\n                      pages:",
            "                    properties:\n                      label:\n                        type: string\n                      pages:",
            1,
        )
    });
    assert_eq!(books(&model).expect("books").batch_update, None, "{model}");
}

async fn call(addr: std::net::SocketAddr, method: &str, path: &str, body: Value) -> Answer {
    let body = if body.is_null() {
        Vec::new()
    } else {
        body.to_string().into_bytes()
    };
    send(addr, &sign_now(addr, method, path, &[], &body))
        .await
        .answer()
}

fn titles(list: &Value) -> Vec<String> {
    list["books"]
        .as_array()
        .expect("books")
        .iter()
        .map(|b| b["title"].as_str().expect("title").to_owned())
        .collect()
}

#[tokio::test]
async fn create_show_list_change_and_delete_a_book_named_otherwise_in_each_schema() {
    let server = MockServer::builder()
        .spec(FIXTURE)
        .credentials(AK, SK, PROJECT)
        .stateful(true)
        .start()
        .await
        .expect("start");
    let addr = server.addr();
    let books = format!("/v1/{PROJECT}/shelves/shelf-1/books");
    let show = |id: &str| format!("/v1/{PROJECT}/shelves/shelf-1/admin/books/{id}");

    // The seeded book is shown by its title under the show's name for it.
    let seeded = call(addr, "GET", &show("seeded-book"), Value::Null).await;
    assert_eq!(seeded.status, 200);
    // (Undeclared members, the list's `title`, are kept as in every answer.)
    let seeded = seeded.json();
    assert_eq!(
        (&seeded["book"], &seeded["pages"]),
        (&json!("seeded-book"), &json!(7))
    );

    // The create names the book `id`; the answer, the list and the show name it each their way.
    let created = call(addr, "POST", &books, json!({"id": "dune", "pages": 412})).await;
    assert_eq!(
        created.status,
        200,
        "{}",
        String::from_utf8_lossy(&created.body)
    );
    assert_eq!(created.json(), json!({"title": "dune"}));
    let again = call(addr, "POST", &books, json!({"id": "dune"})).await;
    again.assert_error(409, "DMS.00409001");
    let listed = call(addr, "GET", &books, Value::Null).await.json();
    assert_eq!(titles(&listed), ["dune", "seeded-book"]);
    assert_eq!(listed["books"][0]["pages"], 412);
    assert_eq!(listed["total"], 2);
    let shown = call(addr, "GET", &show("dune"), Value::Null).await;
    assert_eq!(shown.status, 200);
    assert_eq!(shown.json()["book"], "dune");
    assert_eq!(shown.json()["pages"], 412);
    // The operations below the item path check the book; an unknown one is a 404.
    let chapters = |id: &str| format!("{}/chapters", show(id));
    assert_eq!(
        call(addr, "GET", &chapters("dune"), Value::Null)
            .await
            .status,
        200
    );
    call(addr, "GET", &chapters("nope"), Value::Null)
        .await
        .assert_error(404, "DMS.00404001");
    call(addr, "GET", &show("nope"), Value::Null)
        .await
        .assert_error(404, "DMS.00404001");

    // The batch update changes the listed books that exist and skips the others.
    let changed = call(
        addr,
        "PUT",
        &books,
        json!({"books": [{"id": "dune", "pages": 500}, {"id": "nope", "pages": 1}]}),
    )
    .await;
    assert_eq!(
        changed.status,
        204,
        "{}",
        String::from_utf8_lossy(&changed.body)
    );
    let listed = call(addr, "GET", &books, Value::Null).await.json();
    assert_eq!(titles(&listed), ["dune", "seeded-book"]);
    assert_eq!(listed["books"][0]["pages"], 500);
    assert_eq!(listed["books"][1]["pages"], 7);

    // The batch delete removes the listed books that exist and skips the others.
    let deleted = call(
        addr,
        "POST",
        &format!("{books}/delete"),
        json!({"books": ["dune", "nope"]}),
    )
    .await;
    assert_eq!(
        deleted.status,
        204,
        "{}",
        String::from_utf8_lossy(&deleted.body)
    );
    call(addr, "GET", &show("dune"), Value::Null)
        .await
        .assert_error(404, "DMS.00404001");
    let listed = call(addr, "GET", &books, Value::Null).await.json();
    assert_eq!(titles(&listed), ["seeded-book"]);
    // A book of an unknown shelf is a 404.
    call(
        addr,
        "GET",
        &format!("/v1/{PROJECT}/shelves/nope/admin/books/seeded-book"),
        Value::Null,
    )
    .await
    .assert_error(404, "DMS.00404001");
    server.shutdown().await;
}

/// The fixture with ListBooks answering the bare array of books (no object around it, as list answers
/// whose only documented row is `[items]`).
fn list_answers_a_bare_array(text: String) -> String {
    let wrapped = "              schema:
                type: object
                properties:
                  books:
                    type: array
                    items:
                      type: object
                      properties:
                        title:
                          type: string
                          description: Book title.
                        pages:
                          type: integer
                          description: Number of pages.
                  total:
                    type: integer
              example:
                books:
                  - title: seeded-book
                    pages: 7
                total: 1
";
    let bare = "              schema:
                type: array
                items:
                  type: object
                  properties:
                    title:
                      type: string
                      description: Book title.
                    pages:
                      type: integer
                      description: Number of pages.
              example:
                - title: seeded-book
                  pages: 7
";
    assert!(
        text.contains(wrapped),
        "the fixture's ListBooks answer changed"
    );
    text.replacen(wrapped, bare, 1)
}

#[test]
fn a_list_answering_a_bare_array_lists_the_items_in_it() {
    let wrapped = model_of(|t| t);
    let b = books(&wrapped).unwrap_or_else(|| panic!("no books:\n{wrapped}"));
    assert_eq!(
        (b.items_field.as_deref(), b.list_is_array),
        (Some("books"), false)
    );
    let bare = model_of(list_answers_a_bare_array);
    let b = books(&bare).unwrap_or_else(|| panic!("no books:\n{bare}"));
    assert_eq!((b.items_field.as_deref(), b.list_is_array), (None, true));
    assert_eq!(b.list.as_deref(), Some("ListBooks"));
    let answer = json!([{"title": "a"}, {"title": "b"}]);
    assert_eq!(b.listed_items(&answer).map(Vec::len), Some(2));
    assert_eq!(b.listed_items(&json!({"books": []})), None);
}

#[tokio::test]
async fn a_bare_array_list_answers_the_stored_items() {
    let server = MockServer::builder()
        .spec(SpecSource::Text {
            text: list_answers_a_bare_array(fixture()),
            name: "stateful-named-bare-list.yaml".to_owned(),
        })
        .credentials(AK, SK, PROJECT)
        .stateful(true)
        .start()
        .await
        .expect("start");
    let addr = server.addr();
    let books = format!("/v1/{PROJECT}/shelves/shelf-1/books");
    let created = call(addr, "POST", &books, json!({"id": "dune", "pages": 412})).await;
    assert_eq!(created.status, 200);
    let listed = call(addr, "GET", &books, Value::Null).await;
    assert_eq!(listed.status, 200);
    let listed = listed.json();
    let mut titles: Vec<&str> = listed
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {listed}"))
        .iter()
        .filter_map(|b| b["title"].as_str())
        .collect();
    titles.sort_unstable();
    assert_eq!(titles, ["dune", "seeded-book"], "{listed}");
}
