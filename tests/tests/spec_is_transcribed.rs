//! `spec/kafka.yaml` is the transcription of the seed page and the 62 corpus pages (plus the hand-written `x-`
//! overrides the transcriber keeps): transcribing them again into it changes no byte.

use std::path::PathBuf;

use sdk_tests::{repo_root, shared_dir};

#[test]
fn the_kafka_spec_is_what_the_pages_transcribe_to() {
    let shared = shared_dir();
    let mut pages: Vec<PathBuf> = vec![shared.join("seed/000_2077a7f428de1ba1.txt")];
    let mut corpus: Vec<PathBuf> = std::fs::read_dir(shared.join("corpus/kafka/pages"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    corpus.sort();
    assert_eq!(
        corpus.len(),
        63,
        "62 operation pages and the error-code page"
    );
    pages.extend(corpus);
    let spec = repo_root().join("spec/kafka.yaml");
    let options = codegen::transcribe::Options {
        merge_into: Some(spec.clone()),
        ..Default::default()
    };
    let out = codegen::transcribe::transcribe(&pages, &options).expect("the pages transcribe");
    assert_eq!(out.report.unplaced_count(), 0);
    let committed = std::fs::read_to_string(&spec).unwrap();
    assert!(
        out.yaml == committed,
        "spec/kafka.yaml differs from the transcription of the pages: run `cargo run -p codegen -- transcribe \
         ../shared/seed/*.txt ../shared/corpus/kafka/pages/*.txt --merge-into spec/kafka.yaml -o spec/kafka.yaml`"
    );
}
