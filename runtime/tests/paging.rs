//! Paging over HTTP against scripted servers that misbehave: a total that never ends, a page
//! served twice, an empty page below the total. Each must end the stream with `Error::Paging`
//! after a known number of requests, never loop or stop silently.

mod common;

use common::*;
use futures_util::StreamExt;
use huaweicloud_core::paginate::{self, Page, PageLimits, PagedRequest};
use huaweicloud_core::{
    ApiRequest, Client, Credentials, Error, Operation, OperationInput, PagingProblem, RawResponse,
};

/// A list request of the shape generated code writes: a 1-based `start` offset, a `limit`.
#[derive(Clone, Debug)]
struct ListTasks {
    start: Option<i64>,
}

#[derive(Debug, serde::Deserialize)]
struct TasksPage {
    task_count: Option<String>,
    tasks: Option<Vec<Task>>,
}

#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
struct Task {
    id: String,
}

impl ApiRequest for ListTasks {
    type Response = TasksPage;
    const OPERATION: &'static Operation = &LIST_TASKS;

    fn into_input(self) -> huaweicloud_core::Result<OperationInput> {
        let mut query = vec![("limit", PAGE.to_string())];
        if let Some(start) = self.start {
            query.push(("start", start.to_string()));
        }
        Ok(OperationInput {
            path: vec![("instance_id", "inst".to_owned())],
            query,
            ..OperationInput::default()
        })
    }

    fn decode(response: RawResponse) -> huaweicloud_core::Result<TasksPage> {
        response.json()
    }
}

impl PagedRequest for ListTasks {
    type Item = Task;

    fn first_offset(&self) -> i64 {
        self.start.unwrap_or(1)
    }

    fn at_offset(&self, offset: i64) -> huaweicloud_core::Result<Self> {
        Ok(Self {
            start: Some(offset),
        })
    }

    fn page(response: TasksPage) -> huaweicloud_core::Result<Page<Task>> {
        let total = response.task_count.and_then(|t| t.parse().ok());
        Ok(Page::new(response.tasks.unwrap_or_default(), total))
    }
}

const PAGE: usize = 4;

/// A page of tasks `first..first + n` with `task_count` as the service writes it.
fn page(first: usize, n: usize, task_count: &str) -> Reply {
    let tasks: Vec<String> = (first..first + n)
        .map(|i| format!(r#"{{"id":"task-{i}","name":"t"}}"#))
        .collect();
    Reply::json(
        200,
        &format!(
            r#"{{"task_count":"{task_count}","tasks":[{}]}}"#,
            tasks.join(",")
        ),
    )
}

fn client(server: &TestServer, limits: Option<PageLimits>) -> Client {
    let mut builder = Client::builder(&KAFKA)
        .endpoint(&server.base)
        .credentials(Credentials::new(AK, SK).with_project_id(PROJECT_ID))
        .env_lookup(|_| None);
    if let Some(limits) = limits {
        builder = builder.page_limits(limits);
    }
    builder.build().unwrap()
}

async fn drain(client: Client) -> (Vec<String>, Option<Error>) {
    let mut stream = Box::pin(paginate::items(client, ListTasks { start: None }));
    let mut ids = Vec::new();
    while let Some(next) = stream.next().await {
        match next {
            Ok(task) => ids.push(task.id),
            Err(e) => {
                assert!(stream.next().await.is_none(), "the error ends the stream");
                return (ids, Some(e));
            }
        }
    }
    (ids, None)
}

fn paging(e: Option<Error>) -> (PagingProblem, u64, u64) {
    match e {
        Some(Error::Paging {
            problem,
            pages,
            items,
        }) => (problem, pages, items),
        other => panic!("expected Error::Paging, got {other:?}"),
    }
}

/// The `start` values the server was asked for.
fn starts(server: &TestServer) -> Vec<String> {
    server
        .requests()
        .iter()
        .map(|r| {
            r.query()
                .split('&')
                .find_map(|p| p.strip_prefix("start="))
                .unwrap_or("-")
                .to_owned()
        })
        .collect()
}

#[tokio::test]
async fn a_full_page_with_a_huge_total_every_time_stops_at_the_page_bound() {
    // More distinct pages than the bound: a client without one would ask for all of them (and then
    // for the last one again and again).
    const BOUND: u64 = 25;
    let replies = (0..40)
        .map(|p| page(1 + p * PAGE, PAGE, "1000000000"))
        .collect();
    let server = TestServer::start(replies).await;
    let limits = PageLimits::default().with_max_pages(BOUND);
    let (ids, error) = drain(client(&server, Some(limits))).await;
    let items = BOUND * PAGE as u64;
    assert_eq!(
        paging(error),
        (PagingProblem::TooManyPages { limit: BOUND }, BOUND, items)
    );
    assert_eq!(ids.len() as u64, items);
    assert_eq!(ids.last().map(String::as_str), Some("task-100"));
    assert_eq!(
        server.requests().len() as u64,
        BOUND,
        "exactly the bound of requests"
    );
    // The offsets advance by the items received, 1-based.
    assert_eq!(starts(&server)[..3], ["1", "5", "9"]);
}

#[tokio::test]
async fn the_item_bound_is_set_on_the_client() {
    let replies = (0..40)
        .map(|p| page(1 + p * PAGE, PAGE, "1000000000"))
        .collect();
    let server = TestServer::start(replies).await;
    let limits = PageLimits::default().with_max_items(10);
    let (ids, error) = drain(client(&server, Some(limits))).await;
    assert_eq!(
        paging(error),
        (PagingProblem::TooManyItems { limit: 10 }, 3, 10)
    );
    assert_eq!(ids.len(), 10);
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn a_page_served_twice_is_an_error() {
    // The server ignores `start`: the same page again.
    let server = TestServer::start(vec![page(1, PAGE, "100")]).await;
    let (ids, error) = drain(client(&server, None)).await;
    assert_eq!(
        paging(error),
        (PagingProblem::RepeatedPage { offset: 5 }, 2, 4)
    );
    assert_eq!(ids, ["task-1", "task-2", "task-3", "task-4"]);
    assert_eq!(starts(&server), ["1", "5"]);
}

#[tokio::test]
async fn an_empty_page_with_total_100_after_10_items_is_an_error() {
    let server = TestServer::start(vec![
        page(1, 4, "100"),
        page(5, 4, "100"),
        page(9, 2, "100"),
        page(11, 0, "100"),
    ])
    .await;
    let (ids, error) = drain(client(&server, None)).await;
    assert_eq!(
        paging(error),
        (
            PagingProblem::EndedShort {
                offset: 11,
                total: 100
            },
            4,
            10
        )
    );
    assert_eq!(ids.len(), 10);
    assert_eq!(starts(&server), ["1", "5", "9", "11"]);
    let message = Error::Paging {
        problem: PagingProblem::EndedShort {
            offset: 11,
            total: 100,
        },
        pages: 4,
        items: 10,
    }
    .to_string();
    assert_eq!(
        message,
        "listing stopped after 4 pages and 10 items: the page at offset 11 is empty but the service \
         reports 100 items in all"
    );
}

#[tokio::test]
async fn a_consistent_listing_ends_without_an_error_and_without_an_extra_request() {
    let server = TestServer::start(vec![page(1, 4, "6"), page(5, 2, "6")]).await;
    let (ids, error) = drain(client(&server, None)).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(ids.len(), 6);
    assert_eq!(server.requests().len(), 2);
}
