//! Shared inputs of the benchmarks: a `ListBackgroundTasks` page of any size and the
//! hand-written `serde` structs the generated types are compared with.
//!
//! The benches live in `benches/`, the loopback load generator in `src/bin/rps.rs`, and
//! `run.sh` drives everything and writes `BENCHMARKS.md`.

#![deny(missing_docs)]

use serde::Deserialize;

/// The JSON body of a `ListBackgroundTasks` answer with `tasks` tasks, shaped like the
/// emulator's (and the API reference's) answer: `task_count` as a string, eight string members
/// per task.
pub fn background_tasks_page(tasks: usize) -> Vec<u8> {
    let mut out = String::with_capacity(64 + tasks * 360);
    out.push_str(&format!("{{\"task_count\":\"{tasks}\",\"tasks\":["));
    for i in 0..tasks {
        if i > 0 {
            out.push(',');
        }
        let minute = i % 60;
        let hour = (i / 60) % 24;
        out.push_str(&format!(
            concat!(
                "{{\"id\":\"a9b0c6d4-1d2c-4f3e-8b7a-{i:012x}\",",
                "\"name\":\"bindInstancePublicIp\",",
                "\"user_name\":\"paas_dms_user_{u}\",",
                "\"user_id\":\"0a3f5e7c9b1d4e6f8a2c4e6f8a0b2c4{u}\",",
                "\"params\":\"{{\\\"public_bandwidth\\\":{bw},\\\"enable_public_ip\\\":true}}\",",
                "\"status\":\"{status}\",",
                "\"created_at\":\"2024-01-01T{hour:02}:{minute:02}:00.000+0000\",",
                "\"updated_at\":\"2024-01-01T{hour:02}:{minute:02}:30.000+0000\"}}"
            ),
            i = i,
            u = i % 10,
            bw = 100 + i % 900,
            status = if i % 7 == 0 { "EXECUTING" } else { "SUCCESS" },
            hour = hour,
            minute = minute,
        ));
    }
    out.push_str("]}");
    out.into_bytes()
}

/// What a person would write by hand for the same answer: plain `serde`, no helpers.
#[derive(Debug, Deserialize)]
pub struct HandPage {
    /// Number of tasks (a string on the wire).
    pub task_count: Option<String>,
    /// The tasks.
    pub tasks: Option<Vec<HandTask>>,
}

/// One task of [`HandPage`].
#[derive(Debug, Deserialize)]
pub struct HandTask {
    /// Task id.
    pub id: Option<String>,
    /// Task name.
    pub name: Option<String>,
    /// User name.
    pub user_name: Option<String>,
    /// User id.
    pub user_id: Option<String>,
    /// Task parameters (a JSON document in a string).
    pub params: Option<String>,
    /// Task status.
    pub status: Option<String>,
    /// Start time.
    pub created_at: Option<String>,
    /// End time.
    pub updated_at: Option<String>,
}

/// The request both the signing bench and the profiling example sign: a ListBackgroundTasks page
/// with three query parameters and the headers the client sends.
pub struct SigningFixture {
    /// AK/SK and project id.
    pub credentials: huaweicloud_core::Credentials,
    /// `start`, `limit`, `begin_time`.
    pub query: Vec<(String, huaweicloud_core::sign::QueryValue)>,
    /// `Content-Type` and `User-Agent`.
    pub headers: Vec<(String, String)>,
    /// 2024-01-01T00:00:00Z.
    pub now: jiff::Timestamp,
}

impl SigningFixture {
    /// The fixture.
    pub fn new() -> Self {
        use huaweicloud_core::sign::QueryValue;
        Self {
            credentials: huaweicloud_core::Credentials::new(
                "HPUAXXXXXXXXXXXXXXXX",
                "bench-secret-key-0123456789abcdef",
            )
            .with_project_id("0123456789abcdef0123456789abcdef"),
            query: vec![
                ("start".to_owned(), QueryValue::from("1")),
                ("limit".to_owned(), QueryValue::from("10")),
                ("begin_time".to_owned(), QueryValue::from("20240101000000")),
            ],
            headers: vec![
                ("Content-Type".to_owned(), "application/json".to_owned()),
                (
                    "User-Agent".to_owned(),
                    "huaweicloud-kafka/0.1.0".to_owned(),
                ),
            ],
            now: jiff::Timestamp::from_second(1_704_067_200).unwrap_or(jiff::Timestamp::UNIX_EPOCH),
        }
    }

    /// The request, borrowing the fixture.
    pub fn request(&self) -> huaweicloud_core::sign::SignableRequest<'_> {
        huaweicloud_core::sign::SignableRequest {
            method: "GET",
            host: "dms.cn-north-4.myhuaweicloud.com",
            path: "/v2/0123456789abcdef0123456789abcdef/instances/5d3c2a1b-1234-4cde-9f00-0123456789ab/tasks",
            query: &self.query,
            headers: &self.headers,
            body: b"",
        }
    }
}

impl Default for SigningFixture {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_decodes_with_both_structs() {
        let body = background_tasks_page(3);
        let hand: HandPage = serde_json::from_slice(&body).unwrap();
        let generated: huaweicloud_kafka::types::ListBackgroundTasksResponse =
            serde_json::from_slice(&body).unwrap();
        assert_eq!(hand.tasks.as_ref().map(Vec::len), Some(3));
        assert_eq!(generated.task_count.as_deref(), Some("3"));
        assert_eq!(
            generated.tasks.unwrap()[2].id,
            hand.tasks.unwrap()[2].id.clone()
        );
    }
}
