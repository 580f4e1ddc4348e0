//! Credentials, regions, errors, pagination and wire helpers, without a network.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use futures_util::{StreamExt, TryStreamExt};
use huaweicloud_core::credentials::{
    ChainProvider, EnvProvider, ProfileProvider, ProvideCredentials,
};
use huaweicloud_core::env::Env;
use huaweicloud_core::paginate::{Page, PageLimits, offset_stream, offset_stream_with_limits};
use huaweicloud_core::wire::{self, CompactDateTime};
use huaweicloud_core::{
    Client, Credentials, Error, PagingProblem, Region, ServiceDescriptor, ServiceError,
};

static KAFKA: ServiceDescriptor = ServiceDescriptor {
    name: "kafka",
    endpoint_template: "https://dms.{region}.myhuaweicloud.com",
    regions: &["cn-north-4", "eu-west-101"],
    region_endpoints: &[("eu-west-101", "https://dms.eu-west-101.myhuaweicloud.eu")],
    user_agent: "huaweicloud-kafka/0.1.0",
};

fn lookup(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + Send + Sync + 'static {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    move |name| map.get(name).cloned()
}

fn config_message(e: Error) -> String {
    match e {
        Error::Config { message } => message,
        other => panic!("expected a config error, got {other:?}"),
    }
}

/// A fresh directory under the system temp dir.
fn temp_dir(name: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "hwc-core-test-{}-{name}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

// ---------------------------------------------------------------------------------------------
// Credentials
// ---------------------------------------------------------------------------------------------

#[test]
fn env_credentials_full_set() {
    let c = Credentials::from_env_with(lookup(&[
        ("HUAWEICLOUD_SDK_AK", "AK1"),
        ("HUAWEICLOUD_SDK_SK", "SK1"),
        ("HUAWEICLOUD_SDK_PROJECT_ID", "P1"),
        ("HUAWEICLOUD_SDK_SECURITY_TOKEN", "T1"),
        ("CLOUD_SDK_AK", "ignored"),
        ("CLOUD_SDK_SK", "ignored"),
    ]))
    .unwrap();
    assert_eq!(
        (
            c.access_key(),
            c.secret_key(),
            c.project_id(),
            c.security_token()
        ),
        ("AK1", "SK1", Some("P1"), Some("T1"))
    );
}

#[test]
fn env_credentials_fall_back_to_the_documentation_names() {
    let c = Credentials::from_env_with(lookup(&[
        ("CLOUD_SDK_AK", "AK2"),
        ("CLOUD_SDK_SK", "SK2"),
        ("HUAWEICLOUD_SDK_PROJECT_ID", "P2"),
    ]))
    .unwrap();
    assert_eq!(
        (c.access_key(), c.secret_key(), c.project_id()),
        ("AK2", "SK2", Some("P2"))
    );
}

#[test]
fn half_set_env_credentials_name_the_missing_variable() {
    let cases: [(&[(&str, &str)], &str); 5] = [
        (&[("HUAWEICLOUD_SDK_AK", "a")], "HUAWEICLOUD_SDK_SK is not"),
        (&[("HUAWEICLOUD_SDK_SK", "s")], "HUAWEICLOUD_SDK_AK is not"),
        (
            &[("HUAWEICLOUD_SDK_AK", "a"), ("HUAWEICLOUD_SDK_SK", "  ")],
            "HUAWEICLOUD_SDK_SK is not",
        ),
        (&[("CLOUD_SDK_AK", "a")], "CLOUD_SDK_SK is not"),
        (
            &[("HUAWEICLOUD_SDK_SECURITY_TOKEN", "t")],
            "HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK are not",
        ),
    ];
    for (vars, expected) in cases {
        let msg = config_message(Credentials::from_env_with(lookup(vars)).unwrap_err());
        assert!(msg.contains(expected), "{vars:?}: {msg}");
        for (_, v) in vars {
            if v.trim().len() > 1 {
                assert!(!msg.contains(v), "values are never printed: {msg}");
            }
        }
    }
    let none = config_message(Credentials::from_env_with(lookup(&[])).unwrap_err());
    assert!(none.contains("HUAWEICLOUD_SDK_AK"), "{none}");
    assert!(
        EnvProvider::new(Env::from_pairs([("X", "y")]))
            .provide()
            .unwrap()
            .is_none()
    );
}

#[test]
fn profile_file_sections_and_keys() {
    let dir = temp_dir("profile");
    let file = dir.join("credentials");
    std::fs::write(
        &file,
        "# comment\n[basic]\nak = BASIC_AK\nsk = BASIC_SK\n\n[basiccredentials]\nAK = CHAIN_AK\nsk=CHAIN_SK\nproject_id = P3\nsecurity_token = T3\n",
    )
    .unwrap();
    let c = Credentials::from_profile_file(&file).unwrap();
    assert_eq!(
        (
            c.access_key(),
            c.secret_key(),
            c.project_id(),
            c.security_token()
        ),
        ("CHAIN_AK", "CHAIN_SK", Some("P3"), Some("T3")),
        "[basiccredentials] first, as the official implicit chain"
    );

    std::fs::write(&file, "[basic]\nak = BASIC_AK\nsk = BASIC_SK\n").unwrap();
    let c = Credentials::from_profile_with(lookup(&[(
        "HUAWEICLOUD_SDK_CREDENTIALS_FILE",
        file.to_str().unwrap(),
    )]))
    .unwrap();
    assert_eq!(c.access_key(), "BASIC_AK");

    std::fs::write(&file, "[basic]\nak = A\nsk = \n").unwrap();
    let msg = config_message(Credentials::from_profile_file(&file).unwrap_err());
    assert!(msg.contains("[basic]") && msg.contains("`sk`"), "{msg}");

    std::fs::write(
        &file,
        "[basic]\nak = A\nthis line has the secret SECRETVALUE\n",
    )
    .unwrap();
    let msg = config_message(Credentials::from_profile_file(&file).unwrap_err());
    assert!(
        msg.contains("line 3") && !msg.contains("SECRETVALUE"),
        "{msg}"
    );

    let missing = dir.join("nope");
    let msg = config_message(
        Credentials::from_profile_with(lookup(&[(
            "HUAWEICLOUD_SDK_CREDENTIALS_FILE",
            missing.to_str().unwrap(),
        )]))
        .unwrap_err(),
    );
    assert!(msg.contains("cannot read"), "{msg}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn profile_file_in_the_home_directory() {
    let home = temp_dir("home");
    let env = Env::from_pairs([("HOME", home.to_str().unwrap())]);
    assert!(
        ProfileProvider::new(env.clone())
            .provide()
            .unwrap()
            .is_none(),
        "no file: not configured"
    );
    std::fs::create_dir_all(home.join(".huaweicloud")).unwrap();
    std::fs::write(
        home.join(".huaweicloud/credentials"),
        "[basiccredentials]\nak = HOME_AK\nsk = HOME_SK\n",
    )
    .unwrap();
    let c = ProfileProvider::new(env).provide().unwrap().unwrap();
    assert_eq!(c.access_key(), "HOME_AK");
    std::fs::remove_dir_all(&home).unwrap();
}

#[test]
fn default_chain_order() {
    let home = temp_dir("chain");
    std::fs::create_dir_all(home.join(".huaweicloud")).unwrap();
    std::fs::write(
        home.join(".huaweicloud/credentials"),
        "[basiccredentials]\nak = FILE_AK\nsk = FILE_SK\nproject_id = FILE_P\n",
    )
    .unwrap();
    let h = home.to_str().unwrap().to_owned();

    let env_first = Credentials::from_default_chain_with(lookup(&[
        ("HOME", &h),
        ("HUAWEICLOUD_SDK_AK", "ENV_AK"),
        ("HUAWEICLOUD_SDK_SK", "ENV_SK"),
    ]))
    .unwrap();
    assert_eq!(env_first.access_key(), "ENV_AK");

    let file_next = Credentials::from_default_chain_with(lookup(&[("HOME", &h)])).unwrap();
    assert_eq!(
        (file_next.access_key(), file_next.project_id()),
        ("FILE_AK", Some("FILE_P"))
    );

    let broken_env =
        Credentials::from_default_chain_with(lookup(&[("HOME", &h), ("HUAWEICLOUD_SDK_AK", "A")]));
    assert!(
        config_message(broken_env.unwrap_err()).contains("HUAWEICLOUD_SDK_SK"),
        "a half-set source is an error, not skipped"
    );

    let nothing = config_message(Credentials::from_default_chain_with(lookup(&[])).unwrap_err());
    for hint in [
        "HUAWEICLOUD_SDK_AK",
        "CLOUD_SDK_AK",
        "credentials",
        ".credentials(",
    ] {
        assert!(nothing.contains(hint), "{nothing}");
    }

    // The client builder uses the chain when given no credentials.
    let client = Client::builder(&KAFKA)
        .region(Region::CN_NORTH_4)
        .env_lookup(lookup(&[("HOME", &h)]))
        .build()
        .unwrap();
    assert_eq!(client.project_id(), Some("FILE_P"));
    let chain = ChainProvider::default_chain(Env::from_pairs([("HOME", h.as_str())]));
    assert_eq!(chain.resolve().unwrap().access_key(), "FILE_AK");
    std::fs::remove_dir_all(&home).unwrap();
}

#[test]
fn credentials_never_print_secrets() {
    let c = Credentials::new("AKID", "THE-SECRET-KEY")
        .with_project_id("proj")
        .with_security_token("THE-TOKEN");
    for text in [format!("{c:?}"), format!("{c}"), format!("{:?}", Some(&c))] {
        assert!(
            !text.contains("THE-SECRET-KEY") && !text.contains("THE-TOKEN"),
            "{text}"
        );
        assert!(text.contains("AKID"), "{text}");
    }
    assert_eq!(
        format!("{:?}", Env::from_pairs([("A", "secret")])),
        "Env { .. }"
    );
}

// ---------------------------------------------------------------------------------------------
// Regions and endpoints
// ---------------------------------------------------------------------------------------------

fn client_for(region: &str, env: &[(&str, &str)]) -> Result<Client, Error> {
    Client::builder(&KAFKA)
        .region(region)
        .credentials(Credentials::new("a", "s"))
        .env_lookup(lookup(env))
        .build()
}

#[test]
fn endpoints_from_regions() {
    assert_eq!(
        client_for("cn-north-4", &[]).unwrap().endpoint(),
        "https://dms.cn-north-4.myhuaweicloud.com"
    );
    assert_eq!(
        client_for("eu-west-101", &[]).unwrap().endpoint(),
        "https://dms.eu-west-101.myhuaweicloud.eu"
    );
    let env = [(
        "HUAWEICLOUD_SDK_REGION_KAFKA_CN_NORTH_4",
        " , https://override.example.com:8443, https://second.example.com",
    )];
    assert_eq!(
        client_for("cn-north-4", &env).unwrap().endpoint(),
        "https://override.example.com:8443",
        "the first non-empty endpoint of the list"
    );
    let private = [(
        "HUAWEICLOUD_SDK_REGION_KAFKA_XX_NEW_1",
        "dms.xx-new-1.example.com",
    )];
    assert_eq!(
        client_for("xx-new-1", &private).unwrap().endpoint(),
        "https://dms.xx-new-1.example.com",
        "the environment makes an unknown region usable; no scheme means https"
    );
}

/// A service with one fixed endpoint, one whose spec names no server, and a regional one whose spec
/// lists no regions: none of them assumes Huawei's regions.
static FIXED: ServiceDescriptor = ServiceDescriptor {
    name: "keeper",
    endpoint_template: "https://keeper.example.com",
    regions: &[],
    region_endpoints: &[],
    user_agent: "huaweicloud-keeper/0.1.0",
};
static NO_SERVER: ServiceDescriptor = ServiceDescriptor {
    endpoint_template: "",
    ..FIXED
};
static ANY_REGION: ServiceDescriptor = ServiceDescriptor {
    endpoint_template: "https://api.{region}.example.com",
    ..FIXED
};

#[test]
fn endpoints_without_huawei_regions() {
    let build = |service: &'static ServiceDescriptor, region: Option<&str>| {
        let mut builder = Client::builder(service)
            .credentials(Credentials::new("a", "s"))
            .env_lookup(lookup(&[]));
        if let Some(region) = region {
            builder = builder.region(region);
        }
        builder.build()
    };
    assert_eq!(
        build(&FIXED, None).unwrap().endpoint(),
        "https://keeper.example.com",
        "a fixed endpoint needs no region"
    );
    let msg = config_message(build(&FIXED, Some("cn-north-4")).unwrap_err());
    assert!(
        msg.contains("no regional endpoints") && msg.contains("remove `.region"),
        "{msg}"
    );
    let msg = config_message(build(&NO_SERVER, None).unwrap_err());
    assert!(
        msg.contains("keeper") && msg.contains(".endpoint(\"https://"),
        "{msg}"
    );
    assert!(!msg.contains(".region("), "no region can help: {msg}");
    assert!(build(&NO_SERVER, Some("cn-north-4")).is_err());
    assert_eq!(
        Client::builder(&NO_SERVER)
            .endpoint("http://127.0.0.1:9")
            .credentials(Credentials::new("a", "s"))
            .build()
            .unwrap()
            .endpoint(),
        "http://127.0.0.1:9"
    );
    assert_eq!(
        build(&ANY_REGION, Some("lunar-2")).unwrap().endpoint(),
        "https://api.lunar-2.example.com",
        "a template without a region list takes any region"
    );
    let msg = config_message(build(&ANY_REGION, None).unwrap_err());
    assert!(msg.contains(".region("), "{msg}");
}

#[test]
fn unknown_region_explains_how_to_set_an_endpoint() {
    let msg = config_message(client_for("mars-1", &[]).unwrap_err());
    for hint in [
        "mars-1",
        "cn-north-4",
        ".endpoint(",
        "HUAWEICLOUD_SDK_REGION_KAFKA_MARS_1",
    ] {
        assert!(msg.contains(hint), "missing {hint}: {msg}");
    }
    let msg = config_message(
        Client::builder(&KAFKA)
            .credentials(Credentials::new("a", "s"))
            .build()
            .unwrap_err(),
    );
    assert!(
        msg.contains(".region(") && msg.contains(".endpoint("),
        "{msg}"
    );
}

#[test]
fn explicit_endpoint_wins() {
    let c = Client::builder(&KAFKA)
        .region("mars-1")
        .endpoint("http://127.0.0.1:18080")
        .credentials(Credentials::new("a", "s").with_project_id("p"))
        .build()
        .unwrap();
    assert_eq!(c.endpoint(), "http://127.0.0.1:18080");
    assert_eq!(c.project_id(), Some("p"));
    let bad = Client::builder(&KAFKA)
        .endpoint("https://x.example.com/some/path")
        .credentials(Credentials::new("a", "s"))
        .build()
        .unwrap_err();
    assert!(matches!(bad, Error::Config { .. }));
}

// ---------------------------------------------------------------------------------------------
// Service errors (OFFICIAL_SDK.md §4) and error accessors
// ---------------------------------------------------------------------------------------------

fn parse(status: u16, body: &str) -> ServiceError {
    let mut headers = http::HeaderMap::new();
    headers.insert("x-request-id", http::HeaderValue::from_static("rid"));
    ServiceError::from_response(status, &headers, body.as_bytes())
}

#[test]
fn service_error_key_cascade() {
    let table: [(&str, &str, &str); 12] = [
        (r#"{"error_code":"E1","error_msg":"m1"}"#, "E1", "m1"),
        (r#"{"errorCode":"E2","errorMsg":"m2"}"#, "E2", "m2"),
        (r#"{"code":"E3","message":"m3"}"#, "E3", "m3"),
        (
            r#"{"code":"E3","message":"m3","error_code":"E1","error_msg":"m1"}"#,
            "E1",
            "m1",
        ),
        (r#"{"error":{"code":"E4","message":"m4"}}"#, "E4", "m4"),
        (
            r#"{"a":1,"b":{"c":{"errorCode":"E5","errorMsg":"m5"}}}"#,
            "E5",
            "m5",
        ),
        (r#"{"error_code":"E6"}"#, "400", r#"{"error_code":"E6"}"#),
        (r#"{"error_code":7,"error_msg":"m7"}"#, "7", "m7"),
        (r#"[1,2]"#, "400", "[1,2]"),
        ("<html>oops</html>", "400", "<html>oops</html>"),
        ("", "400", ""),
        (
            r#"{"error_code":null,"error_msg":null}"#,
            "400",
            r#"{"error_code":null,"error_msg":null}"#,
        ),
    ];
    for (body, code, msg) in table {
        let e = parse(400, body);
        assert_eq!((e.error_code(), e.error_msg()), (code, msg), "{body}");
        assert_eq!(e.request_id(), Some("rid"));
    }
    let e = parse(
        401,
        r#"{"error_msg":"x","error_code":"APIGW.0301","request_id":"body","encoded_authorization_message":"ENC"}"#,
    );
    assert_eq!(e.encoded_authorization_message(), Some("ENC"));
    assert_eq!(e.request_id(), Some("rid"), "the header, not the body");
    assert!(e.is_client_error() && !e.is_server_error());
    let deep = format!("{}1{}", "{\"a\":".repeat(200), "}".repeat(200));
    assert_eq!(
        parse(500, &deep).error_code(),
        "500",
        "deep nesting does not crash"
    );
}

#[test]
fn error_display_and_accessors() {
    let e = Error::Service(parse(
        404,
        r#"{"errorCode":"DMS.00404022","errorMsg":"instance not found"}"#,
    ));
    assert_eq!(
        e.to_string(),
        "service error: HTTP 404, request id rid, error_code DMS.00404022, error_msg instance not found"
    );
    assert_eq!(
        (e.status(), e.request_id(), e.is_retryable()),
        (Some(404), Some("rid"), false)
    );
    assert!(Error::Service(parse(429, "")).is_retryable());
    assert!(Error::Service(parse(503, "")).is_retryable());
    assert!(!Error::Service(parse(500, "")).is_retryable());
    let long = "x".repeat(5000);
    assert!(
        Error::Service(parse(500, &long)).to_string().len() < 700,
        "Display is bounded"
    );
    let invalid = Error::invalid_request("bad id");
    assert_eq!(invalid.to_string(), "invalid request: bad id");
    assert_eq!(
        (
            invalid.status(),
            invalid.request_id(),
            invalid.is_retryable()
        ),
        (None, None, false)
    );
    let decode = Error::decode("expected value", br#"{"token":"SECRET","x":1}"#);
    assert!(!decode.to_string().contains("SECRET"), "{decode}");
}

// ---------------------------------------------------------------------------------------------
// Pagination
// ---------------------------------------------------------------------------------------------

type Asked = Arc<Mutex<Vec<i64>>>;

/// A listing of `n` items served `page` at a time from offset `base`; records the offsets asked.
fn listing(
    n: i64,
    page: i64,
    base: i64,
    total: Option<u64>,
) -> (
    Asked,
    impl FnMut(i64) -> std::future::Ready<huaweicloud_core::Result<Page<i64>>> + Send,
) {
    let asked = Arc::new(Mutex::new(Vec::new()));
    let rec = asked.clone();
    let fetch = move |offset: i64| {
        rec.lock().unwrap().push(offset);
        let start = offset - base;
        let items: Vec<i64> = (start..(start + page).min(n)).collect();
        std::future::ready(Ok(Page::new(items, total)))
    };
    (asked, fetch)
}

#[tokio::test]
async fn pages_until_an_empty_page() {
    let (asked, fetch) = listing(7, 3, 0, None);
    let all: Vec<i64> = offset_stream(0, fetch).try_collect().await.unwrap();
    assert_eq!(all, (0..7).collect::<Vec<_>>());
    assert_eq!(*asked.lock().unwrap(), [0, 3, 6, 7]);
}

#[tokio::test]
async fn pages_until_the_total_with_one_based_offsets() {
    let (asked, fetch) = listing(7, 3, 1, Some(7));
    let all: Vec<i64> = offset_stream(1, fetch).try_collect().await.unwrap();
    assert_eq!(all, (0..7).collect::<Vec<_>>());
    assert_eq!(
        *asked.lock().unwrap(),
        [1, 4, 7],
        "no extra request once the total is reached"
    );
}

/// The items before the error, and the error (`None` when the stream ended cleanly).
async fn drain<T>(
    stream: impl futures_util::Stream<Item = huaweicloud_core::Result<T>>,
) -> (Vec<T>, Option<Error>) {
    let mut stream = Box::pin(stream);
    let mut items = Vec::new();
    while let Some(next) = stream.next().await {
        match next {
            Ok(item) => items.push(item),
            Err(e) => {
                assert!(stream.next().await.is_none(), "the error ends the stream");
                return (items, Some(e));
            }
        }
    }
    (items, None)
}

fn paging_problem(e: Option<Error>) -> (PagingProblem, u64, u64) {
    match e {
        Some(Error::Paging {
            problem,
            pages,
            items,
        }) => (problem, pages, items),
        other => panic!("expected a paging error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_repeated_page_is_an_error() {
    let calls = Arc::new(AtomicUsize::new(0));
    let c = calls.clone();
    let stream = offset_stream(0, move |_offset| {
        c.fetch_add(1, Ordering::SeqCst);
        // A server that ignores the offset.
        std::future::ready(Ok(Page::new(vec!["a", "b"], None)))
    });
    let (items, error) = drain(stream).await;
    assert_eq!(
        items,
        ["a", "b"],
        "the repeated page's items are not yielded"
    );
    assert_eq!(
        paging_problem(error),
        (PagingProblem::RepeatedPage { offset: 2 }, 2, 2)
    );
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

/// A server that always answers a full, new page and a total of a billion.
fn endless(
    page: i64,
) -> (
    Asked,
    impl FnMut(i64) -> std::future::Ready<huaweicloud_core::Result<Page<i64>>> + Send,
) {
    listing(i64::MAX, page, 0, Some(1_000_000_000))
}

#[tokio::test]
async fn a_huge_total_stops_at_the_default_page_limit() {
    // Pages of 5: the 10,000-page bound comes before the 100,000-item one.
    let (asked, fetch) = endless(5);
    let (items, error) = drain(offset_stream(0, fetch)).await;
    assert_eq!(
        paging_problem(error),
        (
            PagingProblem::TooManyPages { limit: 10_000 },
            10_000,
            50_000
        )
    );
    assert_eq!(items.len(), 50_000);
    assert_eq!(
        asked.lock().unwrap().len(),
        10_000,
        "exactly the bound of requests"
    );
}

#[tokio::test]
async fn a_huge_total_stops_at_the_default_item_limit() {
    // Pages of 30: 3,334 pages hold 100,020 items; the last is cut to the 100,000 allowed.
    let (asked, fetch) = endless(30);
    let (items, error) = drain(offset_stream(0, fetch)).await;
    assert_eq!(
        paging_problem(error),
        (
            PagingProblem::TooManyItems { limit: 100_000 },
            3_334,
            100_000
        )
    );
    assert_eq!(items, (0..100_000).collect::<Vec<_>>());
    assert_eq!(asked.lock().unwrap().len(), 3_334);
}

#[tokio::test]
async fn limits_are_per_listing_and_a_listing_within_them_succeeds() {
    let limits = PageLimits::default().with_max_pages(3).with_max_items(9);
    // 9 items in pages of 3 with the total: exactly at both limits, and done.
    let (asked, fetch) = listing(9, 3, 0, Some(9));
    let (items, error) = drain(offset_stream_with_limits(0, limits, fetch)).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!((items.len(), asked.lock().unwrap().len()), (9, 3));
    // Without a total, the empty page that ends the listing would be a fourth request.
    let (asked, fetch) = listing(9, 3, 0, None);
    let (items, error) = drain(offset_stream_with_limits(0, limits, fetch)).await;
    assert_eq!(
        paging_problem(error),
        (PagingProblem::TooManyItems { limit: 9 }, 3, 9)
    );
    assert_eq!((items.len(), asked.lock().unwrap().len()), (9, 3));
    let (asked, fetch) = listing(100, 3, 0, None);
    let limits = limits.with_max_items(1_000);
    let (items, error) = drain(offset_stream_with_limits(0, limits, fetch)).await;
    assert_eq!(
        paging_problem(error),
        (PagingProblem::TooManyPages { limit: 3 }, 3, 9)
    );
    assert_eq!((items.len(), asked.lock().unwrap().len()), (9, 3));
}

#[tokio::test]
async fn an_empty_page_below_the_total_is_an_error() {
    // 10 items, then an empty page that still says 100.
    let (asked, fetch) = listing(10, 5, 0, Some(100));
    let (items, error) = drain(offset_stream(0, fetch)).await;
    assert_eq!(items, (0..10).collect::<Vec<_>>());
    assert_eq!(
        paging_problem(error),
        (
            PagingProblem::EndedShort {
                offset: 10,
                total: 100
            },
            3,
            10
        )
    );
    assert_eq!(*asked.lock().unwrap(), [0, 5, 10]);
    // The empty page reports no total: the last one reported counts.
    let mut n = 0;
    let stream = offset_stream(1, move |offset| {
        n += 1;
        std::future::ready(Ok(if n == 1 {
            Page::new(vec![offset, offset + 1], Some(5))
        } else {
            Page::new(vec![], None)
        }))
    });
    let (items, error) = drain(stream).await;
    assert_eq!(items, [1, 2]);
    assert_eq!(
        paging_problem(error).0,
        PagingProblem::EndedShort {
            offset: 3,
            total: 5
        }
    );
}

#[tokio::test]
async fn a_listing_started_further_on_ends_cleanly_below_the_total() {
    // 25 items at 1-based offsets, asked from offset 11: 15 items, then an empty page that still
    // reports 25 in all. The 10 items before the start are not missing.
    let (asked, fetch) = listing(25, 4, 1, Some(25));
    let (items, error) = drain(offset_stream(11, fetch)).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(items, (10..25).collect::<Vec<_>>());
    assert_eq!(*asked.lock().unwrap(), [11, 15, 19, 23, 26]);
    // The same from 0-based offset 10 (the first offset counts exactly as items skipped).
    let (_, fetch) = listing(25, 4, 0, Some(25));
    let (items, error) = drain(offset_stream(10, fetch)).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(items.len(), 15);
    // One item short from offset 10, 0-based, is an error.
    let (_, fetch) = listing(24, 4, 0, Some(25));
    let (items, error) = drain(offset_stream(10, fetch)).await;
    assert_eq!(items.len(), 14);
    assert_eq!(
        paging_problem(error).0,
        PagingProblem::EndedShort {
            offset: 24,
            total: 25
        }
    );
}

#[tokio::test]
async fn totals_that_change_while_paging_follow_the_latest() {
    // Pages of 2; the total drops from 10 to 4 on the second page (items deleted): done at 4.
    let mut totals = vec![10, 4].into_iter();
    let stream = offset_stream(0, move |offset| {
        let total = totals.next().unwrap_or(4);
        std::future::ready(Ok(Page::new(vec![offset, offset + 1], Some(total))))
    });
    let (items, error) = drain(stream).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(items, [0, 1, 2, 3]);
    // The total grows from 3 to 5 (items created): paging goes on to 5; a short page in between
    // (the service capping the page size) is not the end.
    let mut pages = vec![(vec![0, 1], 3), (vec![2], 5), (vec![3, 4], 5)].into_iter();
    let stream = offset_stream(0, move |_| {
        let (items, total) = pages.next().unwrap_or_default();
        std::future::ready(Ok(Page::new(items, Some(total))))
    });
    let (items, error) = drain(stream).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(items, [0, 1, 2, 3, 4]);
}

#[tokio::test]
async fn an_error_is_yielded_once_after_the_items_fetched() {
    let mut n = 0;
    let stream = offset_stream(0, move |offset| {
        n += 1;
        std::future::ready(if n == 1 {
            Ok(Page::new(vec![offset, offset + 1], Some(10)))
        } else {
            Err(Error::invalid_request("boom"))
        })
    });
    let got: Vec<Result<i64, String>> =
        stream.map(|r| r.map_err(|e| e.to_string())).collect().await;
    assert_eq!(got, [Ok(0), Ok(1), Err("invalid request: boom".to_owned())]);
}

#[tokio::test]
async fn an_empty_listing_yields_nothing() {
    let (asked, fetch) = listing(0, 3, 0, Some(0));
    let all: Vec<i64> = offset_stream(0, fetch).try_collect().await.unwrap();
    assert!(all.is_empty());
    assert_eq!(*asked.lock().unwrap(), [0]);
}

// ---------------------------------------------------------------------------------------------
// Wire helpers
// ---------------------------------------------------------------------------------------------

#[derive(Debug, serde::Deserialize, serde::Serialize, PartialEq)]
struct Count {
    #[serde(default, with = "huaweicloud_core::wire::string_or_number")]
    task_count: Option<String>,
}

#[test]
fn string_or_number_accepts_the_documented_forms() {
    for (json, expected) in [
        (r#"{"task_count":"4"}"#, Some("4")),
        (r#"{"task_count":4}"#, Some("4")),
        (r#"{"task_count":-4}"#, Some("-4")),
        (r#"{"task_count":4.5}"#, Some("4.5")),
        (r#"{"task_count":null}"#, None),
        (r#"{}"#, None),
    ] {
        let c: Count = serde_json::from_str(json).unwrap();
        assert_eq!(c.task_count.as_deref(), expected, "{json}");
    }
    assert!(serde_json::from_str::<Count>(r#"{"task_count":[1]}"#).is_err());
    assert!(serde_json::from_str::<Count>(r#"{"task_count":true}"#).is_err());
    let out = serde_json::to_string(&Count {
        task_count: Some("4".into()),
    })
    .unwrap();
    assert_eq!(out, r#"{"task_count":"4"}"#);
}

#[test]
fn json_and_numeric_strings() {
    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Params {
        old_storage_space: i64,
    }
    let p: Option<Params> = wire::parse_json_string(Some(r#"{"old_storage_space":300}"#)).unwrap();
    assert_eq!(
        p,
        Some(Params {
            old_storage_space: 300
        })
    );
    assert_eq!(wire::parse_json_string::<Params>(Some("  ")).unwrap(), None);
    assert_eq!(wire::parse_json_string::<Params>(None).unwrap(), None);
    let e = wire::parse_json_string::<Params>(Some(r#"{"old_storage_space":"x"}"#)).unwrap_err();
    assert!(
        matches!(e, Error::Decode { .. }) && e.to_string().contains("old_storage_space"),
        "{e}"
    );

    assert_eq!(wire::parse_numeric_string(Some("4")).unwrap(), Some(4));
    assert_eq!(wire::parse_numeric_string(Some(" 12 ")).unwrap(), Some(12));
    assert_eq!(wire::parse_numeric_string(None).unwrap(), None);
    assert_eq!(wire::parse_numeric_string(Some("")).unwrap(), None);
    for bad in ["abc", "4.5", "99999999999999999999"] {
        assert!(
            matches!(
                wire::parse_numeric_string(Some(bad)),
                Err(Error::Decode { .. })
            ),
            "{bad}"
        );
    }
}

#[test]
fn compact_date_time() {
    let t: jiff::Timestamp = "2024-05-06T07:08:09Z".parse().unwrap();
    assert_eq!(CompactDateTime::from(t).as_str(), "20240506070809");
    let dt = jiff::civil::date(2024, 1, 2).at(3, 4, 5, 0);
    let c = CompactDateTime::from(dt);
    assert_eq!(c.to_string(), "20240102030405");
    assert_eq!(c.to_datetime(), Some(dt));
    assert!(c.validate("begin_time").is_ok());
    assert_eq!(serde_json::to_string(&c).unwrap(), r#""20240102030405""#);
    assert_eq!(
        serde_json::from_str::<CompactDateTime>(r#""x""#)
            .unwrap()
            .as_str(),
        "x"
    );
    for bad in [
        "",
        "2024010203040",
        "20241301000000",
        "20240230000000",
        "2024-01-02T03:0",
        "２０２４0102030405",
    ] {
        let raw = CompactDateTime::from(bad);
        assert_eq!(raw.as_str(), bad, "kept verbatim");
        let e = raw.validate("end_time").unwrap_err();
        assert!(
            matches!(e, Error::InvalidRequest { .. }) && e.to_string().contains("end_time"),
            "{bad}: {e}"
        );
    }
}
