//! The stateful listing of paginated operations (ListBackgroundTasks for Kafka): seeding,
//! `begin_time`/`end_time` filtering on `created_at`, 1-based `start`/`limit` paging and
//! `task_count` as the string total of matching tasks.

mod common;

use common::*;
use huaweicloud_mock::{DEFAULT_LIMIT, MockServer};
use serde_json::{Value, json};

const OP: &str = "ListBackgroundTasks";
const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/test.yaml");

async fn server(seed: usize) -> MockServer {
    MockServer::builder()
        .credentials(AK, SK, PROJECT)
        .seed_tasks(seed)
        .start()
        .await
        .expect("start")
}

async fn list(server: &MockServer, query: &[(&str, &str)]) -> Value {
    let addr = server.addr();
    let a = send(
        addr,
        &sign_now(addr, "GET", &tasks_path("inst"), query, b""),
    )
    .await
    .answer();
    assert_eq!(
        a.status,
        200,
        "{query:?}: {}",
        String::from_utf8_lossy(&a.body)
    );
    a.json()
}

fn ids(v: &Value) -> Vec<String> {
    v["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .map(|t| t["id"].as_str().expect("id").to_owned())
        .collect()
}

fn created(t: &Value) -> jiff::Timestamp {
    t["created_at"]
        .as_str()
        .expect("created_at")
        .parse()
        .expect("RFC 3339")
}

#[tokio::test]
async fn unseeded_store_is_the_example() {
    let server = server(0).await;
    let v = list(&server, &[]).await;
    assert_eq!(v["task_count"], json!("2"));
    assert_eq!(
        ids(&v),
        [
            "8abfa7b372160bfd0172165864064079",
            "8abfa7b372160bfd017216560af83e6e"
        ]
    );
    // The tasks are the example's, verbatim.
    let example = server.spec().operations[0].responses[0]
        .example
        .clone()
        .expect("example");
    assert_eq!(v["tasks"], example["tasks"]);
}

#[tokio::test]
async fn seeded_store_is_deterministic_sorted_and_well_formed() {
    let a = server(1000).await;
    let b = server(1000).await;
    let items = a.items(OP).expect("paginated");
    assert_eq!(items.len(), 1002);
    assert_eq!(items, b.items(OP).expect("paginated"));
    // Fewer seeds give a prefix of the same tasks.
    let c = server(10).await;
    assert_eq!(c.items(OP).expect("paginated")[..], items[..12]);
    let mut seen = std::collections::HashSet::new();
    for pair in items.windows(2) {
        assert!(created(&pair[0]) >= created(&pair[1]), "newest first");
    }
    for t in &items {
        let id = t["id"].as_str().expect("id");
        assert!(
            id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()),
            "{id}"
        );
        assert!(seen.insert(id.to_owned()), "unique ids");
        let updated: jiff::Timestamp = t["updated_at"]
            .as_str()
            .expect("updated_at")
            .parse()
            .expect("time");
        assert!(updated >= created(t));
        for field in ["name", "user_name", "user_id", "params", "status"] {
            assert!(t[field].is_string(), "{field} in {t}");
        }
        assert!(
            t["created_at"]
                .as_str()
                .is_some_and(|s| s.len() == 24 && s.ends_with('Z'))
        );
    }
}

#[tokio::test]
async fn start_and_limit_page_from_one() {
    let server = server(95).await;
    let all: Vec<String> = server
        .items(OP)
        .expect("paginated")
        .iter()
        .map(|t| t["id"].as_str().expect("id").to_owned())
        .collect();
    assert_eq!(all.len(), 97);
    // Default page.
    let v = list(&server, &[]).await;
    assert_eq!(ids(&v), all[..DEFAULT_LIMIT as usize]);
    assert_eq!(v["task_count"], json!("97"));
    for (start, limit) in [
        (1, 10),
        (2, 10),
        (11, 10),
        (91, 10),
        (97, 10),
        (98, 10),
        (500, 10),
        (1, 1),
        (1, 200),
        (5, 0),
        (5, -1),
    ] {
        let v = list(
            &server,
            &[("start", &start.to_string()), ("limit", &limit.to_string())],
        )
        .await;
        let from = (start - 1).min(all.len());
        let to = (from + usize::try_from(limit).unwrap_or(0)).min(all.len());
        assert_eq!(ids(&v), all[from..to], "start {start} limit {limit}");
        assert_eq!(
            v["task_count"],
            json!("97"),
            "task_count is the total, a string"
        );
    }
    // An offset below `first` reads as `first`.
    for start in ["0", "-3"] {
        let v = list(&server, &[("start", start), ("limit", "3")]).await;
        assert_eq!(ids(&v), all[..3], "start {start}");
    }
    // Paging through with the stream's rule (start += items received) sees every task once.
    let mut got = Vec::new();
    let mut start = 1;
    loop {
        let v = list(&server, &[("start", &start.to_string()), ("limit", "10")]).await;
        let page = ids(&v);
        if page.is_empty() {
            break;
        }
        start += page.len();
        got.extend(page);
    }
    assert_eq!(got, all);
}

#[tokio::test]
async fn time_filters_are_inclusive_on_created_at() {
    let server = server(300).await;
    let items = server.items(OP).expect("paginated");
    let compact = |t: jiff::Timestamp| t.strftime("%Y%m%d%H%M%S").to_string();
    let floor = |t: jiff::Timestamp| jiff::Timestamp::from_second(t.as_second()).expect("time");
    // Bounds taken from real tasks, to hit the edges.
    let newest = floor(created(&items[0]));
    let mid = floor(created(&items[150]));
    let old = floor(created(&items[280]));
    let count = |lo: Option<jiff::Timestamp>, hi: Option<jiff::Timestamp>| {
        items
            .iter()
            .filter(|t| {
                let c = floor(created(t));
                lo.is_none_or(|l| c >= l) && hi.is_none_or(|h| c <= h)
            })
            .count()
    };
    let one_s = jiff::SignedDuration::from_secs(1);
    let cases = [
        (Some(mid), None),
        (None, Some(mid)),
        (Some(old), Some(mid)),
        (Some(mid), Some(mid)),
        (Some(mid.checked_add(one_s).expect("t")), Some(mid)),
        (Some(newest), None),
        (Some(newest.checked_add(one_s).expect("t")), None),
        (
            None,
            Some(
                old.checked_sub(jiff::SignedDuration::from_hours(24 * 365 * 5))
                    .expect("t"),
            ),
        ),
    ];
    for (lo, hi) in cases {
        let lo_s = lo.map(compact);
        let hi_s = hi.map(compact);
        let mut q: Vec<(&str, &str)> = vec![("limit", "1000")];
        if let Some(s) = &lo_s {
            q.push(("begin_time", s));
        }
        if let Some(s) = &hi_s {
            q.push(("end_time", s));
        }
        let v = list(&server, &q).await;
        let want = count(lo, hi);
        assert_eq!(v["task_count"], json!(want.to_string()), "{q:?}");
        assert_eq!(v["tasks"].as_array().map(Vec::len), Some(want), "{q:?}");
        for t in v["tasks"].as_array().expect("tasks") {
            let c = floor(created(t));
            assert!(lo.is_none_or(|l| c >= l) && hi.is_none_or(|h| c <= h));
        }
    }
    // The boundary second is included: the example's first task was created at 03:19:51.046.
    let v = list(
        &server,
        &[
            ("begin_time", "20200515031951"),
            ("end_time", "20200515031951"),
        ],
    )
    .await;
    assert_eq!(ids(&v), ["8abfa7b372160bfd0172165864064079"]);
    // Filters and paging combine: task_count is the filtered total.
    let lo = compact(old);
    let hi = compact(mid);
    let v = list(
        &server,
        &[
            ("begin_time", &lo),
            ("end_time", &hi),
            ("start", "3"),
            ("limit", "5"),
        ],
    )
    .await;
    assert_eq!(
        v["task_count"],
        json!(count(Some(old), Some(mid)).to_string())
    );
    assert_eq!(v["tasks"].as_array().map(Vec::len), Some(5));
}

#[tokio::test]
async fn items_can_be_replaced() {
    let server = server(0).await;
    let mine = vec![
        json!({"id": "a", "created_at": "2024-01-01T00:00:00.000Z"}),
        json!({"id": "b"}),
    ];
    assert!(server.set_items(OP, mine.clone()));
    assert!(!server.set_items("NoSuchOperation", vec![]));
    let v = list(&server, &[]).await;
    assert_eq!(v["task_count"], json!("2"));
    assert_eq!(v["tasks"], json!(mine));
    // An item without a creation time never matches a time filter.
    let v = list(&server, &[("begin_time", "20000101000000")]).await;
    assert_eq!(ids(&v), ["a"]);
}

#[tokio::test]
async fn other_shapes_from_x_paginated() {
    // Zero-based offset, numeric total, epoch-millisecond times: all read from the spec.
    let server = MockServer::builder()
        .spec(FIXTURE)
        .credentials(AK, SK, PROJECT)
        .seed_tasks(20)
        .start()
        .await
        .expect("start");
    let addr = server.addr();
    let path = format!("/v2/{PROJECT}/products");
    let a = send(
        addr,
        &sign_now(
            addr,
            "GET",
            &path,
            &[("engine", "kafka"), ("offset", "0"), ("limit", "3")],
            b"",
        ),
    )
    .await
    .answer();
    let v = a.json();
    assert_eq!(v["total"], json!(22));
    let products = v["products"].as_array().expect("products");
    assert_eq!(products[0]["product_id"], "p1");
    assert_eq!(products.len(), 3);
    assert!(products[2]["created"].is_i64());
    let items = server.items("ListProducts").expect("paginated");
    let a = send(
        addr,
        &sign_now(
            addr,
            "GET",
            &path,
            &[("engine", "kafka"), ("offset", "21"), ("limit", "3")],
            b"",
        ),
    )
    .await
    .answer();
    assert_eq!(a.json()["products"], json!([items[21]]));
}
