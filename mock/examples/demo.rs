//! The SDK working with no cloud account: starts the emulator in-process, lists the background
//! tasks of an instance with the generated client, and prints them.
//!
//! ```text
//! cargo run -p huaweicloud-mock --example demo            # a table
//! cargo run -p huaweicloud-mock --example demo -- --json  # the same tasks as JSON
//! ```

use std::process::ExitCode;

use futures_util::TryStreamExt;
use huaweicloud_kafka::types::BackgroundTask;
use huaweicloud_kafka::{Client, Credentials};
use huaweicloud_mock::{DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID, DEFAULT_SECRET_KEY, MockServer};

const INSTANCE: &str = "demo-instance";
const SEEDED: usize = 42;
const PAGE: i32 = 10;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let json = match std::env::args().skip(1).collect::<Vec<_>>().as_slice() {
        [] => false,
        [flag] if flag == "--json" => true,
        _ => {
            eprintln!("usage: demo [--json]");
            return ExitCode::from(2);
        }
    };
    match run(json).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(json: bool) -> Result<(), Box<dyn std::error::Error>> {
    // The emulator checks signatures like the real gateway: these are its demo credentials.
    let server = MockServer::builder()
        .credentials(DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, DEFAULT_PROJECT_ID)
        .seed_tasks(SEEDED)
        .start()
        .await?;
    let client = Client::builder()
        .endpoint(server.url())
        .credentials(
            Credentials::new(DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY)
                .with_project_id(DEFAULT_PROJECT_ID),
        )
        .build()?;

    // One page...
    let page = client
        .list_background_tasks(INSTANCE)
        .limit(PAGE)
        .send()
        .await?;
    let tasks = page.tasks.clone().unwrap_or_default();
    let total = page.task_count_i64()?.unwrap_or(0);
    // ...and every task, page after page, as a stream.
    let all: Vec<BackgroundTask> = client
        .list_background_tasks(INSTANCE)
        .limit(PAGE)
        .into_stream()
        .try_collect()
        .await?;

    if json {
        println!("{}", serde_json::to_string_pretty(&page)?);
    } else {
        println!(
            "Background tasks of instance {INSTANCE} (emulator at {}):\n",
            server.url()
        );
        print_table(&tasks);
        println!(
            "\n{} of {total} tasks (task_count); into_stream() fetched all {} in {} pages.",
            tasks.len(),
            all.len(),
            server.requests().len() - 1
        );
    }
    server.shutdown().await;
    Ok(())
}

fn print_table(tasks: &[BackgroundTask]) {
    let text = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".to_owned());
    let rows: Vec<[String; 5]> = tasks
        .iter()
        .map(|t| {
            [
                text(&t.id),
                text(&t.name),
                text(&t.status),
                text(&t.created_at),
                text(&t.user_name),
            ]
        })
        .collect();
    let header = ["ID", "NAME", "STATUS", "CREATED AT (UTC)", "USER"];
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| {
        cells
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_owned()
    };
    println!("{}", line(&header.map(str::to_owned)));
    println!("{}", line(&widths.map(|w| "-".repeat(w))));
    for row in &rows {
        println!("{}", line(row));
    }
}
