//! Runs one client-overhead case N times, for instruction counts under
//! `valgrind --tool=callgrind` (repeatable on a shared machine, unlike wall time):
//!
//! ```text
//! profile sign 1000              # sign the benchmark request 1000 times (`sign_request`, with
//!                                # every intermediate string)
//! profile sign-wire 1000         # … with `sign_for_wire` (what goes on the wire only)
//! profile sign-wire-map 1000     # … with `sign_for_wire` + `append_to` a new `http::HeaderMap`
//! profile decode-hand 2          # decode the 10,000-task page with the hand-written struct
//! profile decode-generated 2     # … with the generated type (serde_json::from_slice)
//! profile decode-client 2        # … through ApiRequest::decode (the client's path)
//! ```
//!
//! `bench/measure.py` runs each case with N and with 0 and reports the difference divided by N.

use std::hint::black_box;

use bench::{HandPage, background_tasks_page};
use huaweicloud_core::sign::{sign_for_wire, sign_request};
use huaweicloud_core::{ApiRequest, RawResponse};
use huaweicloud_kafka::operations::background_task_management::ListBackgroundTasksRequest;
use huaweicloud_kafka::types::ListBackgroundTasksResponse;

/// How `sign` signs.
#[derive(Clone, Copy, PartialEq)]
enum SignPath {
    Full,
    Wire,
    WireIntoHeaderMap,
}

fn sign(n: usize, path: SignPath) {
    let fixture = bench::SigningFixture::new();
    let (request, credentials, now) = (fixture.request(), &fixture.credentials, fixture.now);
    for _ in 0..n {
        match path {
            SignPath::Full => {
                black_box(sign_request(black_box(&request), credentials, now).expect("signed"));
            }
            SignPath::Wire => {
                black_box(sign_for_wire(black_box(&request), credentials, now).expect("signed"));
            }
            SignPath::WireIntoHeaderMap => {
                let signed = sign_for_wire(black_box(&request), credentials, now).expect("signed");
                let mut headers = http::HeaderMap::with_capacity(signed.header_count());
                signed.append_to(&mut headers).expect("valid headers");
                black_box((headers, signed.target().len()));
            }
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let case = args.next().unwrap_or_else(|| "sign".to_owned());
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    match case.as_str() {
        "sign" => return sign(n, SignPath::Full),
        "sign-wire" => return sign(n, SignPath::Wire),
        "sign-wire-map" => return sign(n, SignPath::WireIntoHeaderMap),
        _ => {}
    }
    let body = bytes::Bytes::from(background_tasks_page(10_000));
    for _ in 0..n {
        match case.as_str() {
            "decode-hand" => {
                black_box(serde_json::from_slice::<HandPage>(black_box(&body)).expect("decodes"));
            }
            "decode-generated" => {
                black_box(
                    serde_json::from_slice::<ListBackgroundTasksResponse>(black_box(&body))
                        .expect("decodes"),
                );
            }
            "decode-client" => {
                let raw = RawResponse::new(200, http::HeaderMap::new(), body.clone());
                black_box(ListBackgroundTasksRequest::decode(raw).expect("decodes"));
            }
            other => panic!("unknown case {other}"),
        }
    }
}
