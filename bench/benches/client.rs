//! Client overhead: signing, building a request, decoding a 10,000-task page.
//!
//! `cargo bench -p bench --bench client`. Under `cargo test --all-targets` criterion runs each
//! function once; the page is then 100 tasks so that stays fast.

use std::hint::black_box;

use bench::{HandPage, background_tasks_page};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use huaweicloud_core::sign::{sign_for_wire, sign_request};
use huaweicloud_core::{ApiRequest, RawResponse};
use huaweicloud_kafka::operations::background_task_management::ListBackgroundTasksRequest;
use huaweicloud_kafka::types::ListBackgroundTasksResponse;

/// Tasks in the decoded page: 10,000 when measuring (`cargo bench` passes `--bench`), 100 otherwise.
fn page_tasks() -> usize {
    if std::env::args().any(|a| a == "--bench") {
        10_000
    } else {
        100
    }
}

fn signing(c: &mut Criterion) {
    let fixture = bench::SigningFixture::new();
    let (request, credentials, now) = (fixture.request(), &fixture.credentials, fixture.now);
    // The same request three ways: `sign_request` keeping every intermediate string (the only
    // path before the fast one; it was `sign/list_background_tasks`), `sign_for_wire` (what goes
    // on the wire, nothing else), and `sign_for_wire` plus appending the headers to a new
    // `http::HeaderMap` (everything the client does to sign a request).
    let mut group = c.benchmark_group("sign");
    group.bench_function("full_with_intermediates", |b| {
        b.iter(|| sign_request(black_box(&request), black_box(credentials), now).expect("signed"))
    });
    group.bench_function("wire", |b| {
        b.iter(|| sign_for_wire(black_box(&request), black_box(credentials), now).expect("signed"))
    });
    group.bench_function("wire_into_header_map", |b| {
        b.iter(|| {
            let signed =
                sign_for_wire(black_box(&request), black_box(credentials), now).expect("signed");
            let mut headers = http::HeaderMap::with_capacity(signed.header_count());
            signed.append_to(&mut headers).expect("valid headers");
            (headers, signed.target().len())
        })
    });
    group.finish();
}

fn building(c: &mut Criterion) {
    c.bench_function("build/list_background_tasks_into_input", |b| {
        b.iter(|| {
            let mut request = ListBackgroundTasksRequest::new(black_box("5d3c2a1b-1234-4cde-9f00"));
            request.start = Some(1);
            request.limit = Some(10);
            request.begin_time = Some(black_box("20240101000000").into());
            request.end_time = Some(black_box("20241231235959").into());
            request.into_input().expect("valid")
        })
    });
}

fn decoding(c: &mut Criterion) {
    let body = bytes::Bytes::from(background_tasks_page(page_tasks()));
    let mut group = c.benchmark_group("decode_page");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("hand_written_serde", |b| {
        b.iter(|| serde_json::from_slice::<HandPage>(black_box(&body)).expect("decodes"))
    });
    group.bench_function("generated_type_serde_json", |b| {
        b.iter(|| {
            serde_json::from_slice::<ListBackgroundTasksResponse>(black_box(&body))
                .expect("decodes")
        })
    });
    group.bench_function("generated_client_decode", |b| {
        b.iter(|| {
            let raw = RawResponse::new(200, http::HeaderMap::new(), black_box(body.clone()));
            ListBackgroundTasksRequest::decode(raw).expect("decodes")
        })
    });
    group.finish();
}

criterion_group!(benches, signing, building, decoding);
criterion_main!(benches);
