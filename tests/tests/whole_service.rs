//! A whole service's pages transcribe into a spec `generate` accepts with no hand edit (issue 11): `info.x-service`
//! from `--service`, `servers` from the regions file (`../shared/oracle/regions.tsv`), the AK/SK `security`.

use std::collections::BTreeSet;
use std::path::PathBuf;

use sdk_tests::repo_root;

fn shared() -> PathBuf {
    repo_root().join("../shared")
}

fn options(service: &str, regions: PathBuf) -> codegen::transcribe::Options {
    codegen::transcribe::Options {
        service: Some(service.into()),
        regions: Some(regions),
        ..Default::default()
    }
}

#[test]
fn every_kafka_page_at_once_makes_a_spec_the_generator_accepts() {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(shared().join("corpus/kafka/pages"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    pages.sort();
    let regions = shared().join("oracle/regions.tsv");
    let out = codegen::transcribe::transcribe(&pages, &options("kafka", regions.clone()))
        .unwrap_or_else(|e| panic!("the pages transcribe: {e}"));
    let spec: serde_json::Value = serde_saphyr::from_str(&out.yaml).unwrap();
    assert_eq!(spec["info"]["x-service"], "kafka");
    assert_eq!(spec["security"], serde_json::json!([{"AkSk": []}]));
    assert_eq!(
        spec["components"]["securitySchemes"]["AkSk"]["x-signing"],
        "SDK-HMAC-SHA256"
    );

    // The oracle, read straight from the regions file: kafka's regions whose endpoint is
    // https://dms.<region>.myhuaweicloud.com are the template's; the others are listed with their endpoint.
    let text = std::fs::read_to_string(&regions).unwrap();
    let (mut templated, mut others) = (BTreeSet::new(), BTreeSet::new());
    for line in text.lines().skip(1) {
        let cells: Vec<&str> = line.split('\t').collect();
        if cells[0] != "kafka" {
            continue;
        }
        if cells[3] == format!("https://dms.{}.myhuaweicloud.com", cells[2]) {
            templated.insert(cells[2].to_owned());
        } else {
            others.insert((cells[2].to_owned(), cells[3].to_owned()));
        }
    }
    assert!(templated.len() > 20 && !others.is_empty());
    let server = &spec["servers"][0];
    assert_eq!(server["url"], "https://dms.{region}.myhuaweicloud.com");
    let listed: BTreeSet<String> = server["variables"]["region"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(listed, templated);
    let extra: BTreeSet<(String, String)> = server["x-region-endpoints"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(r, e)| (r.clone(), e.as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(extra, others);

    // `generate` reads it as it is.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kafka.yaml");
    std::fs::write(&path, &out.yaml).unwrap();
    let files = codegen::render_crate(&path, &codegen::repo_options(&repo_root(), &path))
        .unwrap_or_else(|e| panic!("generate rejects the fresh spec: {e}"));
    assert!(files.len() > 10);
}

#[test]
fn a_service_missing_from_the_regions_file_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let regions = dir.path().join("regions.tsv");
    std::fs::write(
        &regions,
        "service\tapi_version\tregion\tendpoints\nother\tv1\tr1\thttps://o.r1.myhuaweicloud.com\n",
    )
    .unwrap();
    let page = shared().join("corpus/kafka/pages/ShowGroup.txt");
    let e = codegen::transcribe::transcribe(&[page], &options("kafka", regions.clone()))
        .expect_err("no row for kafka");
    assert_eq!(e.0.len(), 1);
    assert_eq!(e.0[0].file, regions);
    assert!(e.0[0].message.contains("no row for service `kafka`"), "{e}");
}
