//! Fuzzing the transcriber with real pages, damaged: any page of `shared/corpus/*/pages` (every service) or the
//! seed page, alone or beside its undamaged self (the same operation on two pages), and the spec a page is
//! merged into. Whatever the damage, the transcriber never panics, every error and every report entry has a
//! position within its file, the shown errors stay short, and what it writes is a spec the spec stage reads
//! without panicking. Cases: `HUAWEICLOUD_FUZZ_CASES` (default 300).

#[path = "fixtures/transcribe/common.rs"]
mod common;
#[path = "fixtures/fuzz.rs"]
mod fuzz;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use codegen::transcribe::{BaseSpec, Options, Output, PageInput, transcribe_inputs};
use common::{input, seed_page, shared_dir};
use proptest::prelude::*;
use proptest::sample::Index;

/// What is inserted most: the words and punctuation the pages' structure hangs on, in both languages.
const PAGE_TOKENS: &[&str] = &[
    "\n\n",
    "Table 1 ",
    "Table 2 tasks",
    "Parameter",
    "Mandatory",
    "Type",
    "Description",
    "Yes",
    "No",
    "String",
    "Integer",
    "Long",
    "Boolean",
    "Array of strings",
    "Array of tasks objects",
    "tasks object",
    "Object",
    "Map<String,String>",
    "Status code: 200",
    "Status Code",
    "URI",
    "GET /v2/{project_id}/instances/{x}",
    "POST https://h/v2/x",
    "Request Parameters",
    "Response Parameters",
    "Example Requests",
    "Example Responses",
    "SDK Sample Code",
    "Share",
    "Updated on 2024-01-01",
    "Function",
    "Path Parameters",
    "Query Parameters",
    "-",
    "{",
    "}",
    "[",
    "]",
    "\"",
    ":",
    ",",
    "表1",
    "参数",
    "是否必选",
    "参数类型",
    "描述",
    "响应参数",
    "请求示例",
    "状态码： 200",
    "是",
    "否",
    "\t",
    "\r",
    "\u{feff}",
    "  ",
];

/// Every page of the corpus and the seed page.
fn pages() -> &'static [PathBuf] {
    static PAGES: OnceLock<Vec<PathBuf>> = OnceLock::new();
    PAGES.get_or_init(|| {
        let corpus = shared_dir().join("corpus");
        let mut pages = vec![seed_page()];
        let mut services: Vec<PathBuf> = std::fs::read_dir(&corpus)
            .expect("shared/corpus")
            .flatten()
            .map(|e| e.path().join("pages"))
            .filter(|p| p.is_dir())
            .collect();
        services.sort();
        for dir in services {
            let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
                .unwrap()
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                .collect();
            found.sort();
            pages.extend(found);
        }
        assert!(pages.len() > 100, "the corpus is there");
        pages
    })
}

/// Checks one transcription's errors or report against the inputs (and the base spec).
fn check(
    result: &Result<Output, codegen::transcribe::Errors>,
    inputs: &[PageInput],
    base: Option<&BaseSpec>,
) -> Result<(), TestCaseError> {
    let lines_of = |file: &Path| -> Option<Vec<&str>> {
        if let Some(page) = inputs.iter().find(|i| i.path == file) {
            return Some(fuzz::page_lines(&page.text));
        }
        base.filter(|b| b.path == file)
            .map(|b| fuzz::yaml_lines(&b.text))
    };
    match result {
        Err(errors) => {
            prop_assert!(!errors.0.is_empty());
            for e in &errors.0 {
                let lines = lines_of(&e.file);
                prop_assert!(
                    lines.is_some(),
                    "an error names a file that is not an input: {e}"
                );
                let (line, column) = (e.line as u64, e.column as u64);
                prop_assert!(
                    fuzz::within(&lines.unwrap(), line, column),
                    "{}:{line}:{column} is outside the file: {}",
                    e.file.display(),
                    codegen::spec::shown(&e.message)
                );
                let shown = e.to_string();
                prop_assert!(
                    shown.len() < 4096,
                    "{} bytes: {}",
                    shown.len(),
                    &shown[..300]
                );
            }
        }
        Ok(output) => {
            for (page, report) in inputs.iter().zip(&output.report.pages) {
                let lines = fuzz::page_lines(&page.text);
                for u in &report.unplaced {
                    prop_assert!(fuzz::within(&lines, u.line as u64, u.column as u64));
                }
                for n in &report.notes {
                    prop_assert!(fuzz::within(&lines, n.line as u64, 1), "note at {}", n.line);
                }
                for k in &report.kept {
                    prop_assert!(k.first_line <= k.last_line);
                    prop_assert!(fuzz::within(&lines, k.last_line as u64, 1));
                }
            }
            // What the transcriber writes, the spec stage reads: problems, if any, are positioned in it.
            let yaml_lines = fuzz::yaml_lines(&output.yaml);
            if let Err(diagnostics) = codegen::spec::parse(&output.yaml, Path::new("out.yaml")) {
                for d in &diagnostics.items {
                    prop_assert!(fuzz::within(&yaml_lines, d.pos.line, d.pos.column));
                }
            }
        }
    }
    Ok(())
}

fn transcribe_both_ways(
    inputs: &[PageInput],
    base: Option<&BaseSpec>,
) -> Result<(), TestCaseError> {
    for allow_unplaced in [false, true] {
        let options = Options {
            allow_unplaced,
            ..Options::default()
        };
        check(&transcribe_inputs(inputs, base, &options), inputs, base)?;
    }
    // `codegen lint` reads the same pages: a report (never a panic), every defect on a line of its page.
    let report = codegen::lint::lint_inputs("fuzz", inputs);
    for (page, input) in report.pages.iter().zip(inputs) {
        let lines = input.text.lines().count().max(1);
        for d in &page.defects {
            prop_assert!(
                (1..=lines).contains(&d.line),
                "{}: defect at line {} of {lines}",
                page.file,
                d.line
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: fuzz::cases(300),
        rng_seed: fuzz::seed(),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn damaged_pages_give_positioned_errors_or_a_readable_spec(
        which in any::<Index>(),
        mutations in fuzz::mutations(PAGE_TOKENS),
        beside_the_original in any::<bool>(),
    ) {
        let path = &pages()[which.index(pages().len())];
        let text = std::fs::read_to_string(path).unwrap();
        let damaged = input(path, fuzz::apply(&text, &mutations));
        let inputs = if beside_the_original {
            // The same operation on a second page (another folder, same file name).
            let copy = Path::new("original").join(path.file_name().unwrap());
            vec![input(&copy, text), damaged]
        } else {
            vec![damaged]
        };
        transcribe_both_ways(&inputs, None)?;
    }

    #[test]
    fn a_damaged_spec_to_merge_into_gives_positioned_errors(
        mutations in fuzz::mutations(&[": ", "- ", "[", "{", "'", "\"", "#", "&a ", "*a", "x-rust-name: ", "\t"]),
    ) {
        let seed = seed_page();
        let page = input(&seed, std::fs::read_to_string(&seed).unwrap());
        let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/transcribe/kafka-seed.yaml");
        let base = BaseSpec {
            text: fuzz::apply(&std::fs::read_to_string(&spec).unwrap(), &mutations),
            path: spec,
        };
        transcribe_both_ways(&[page], Some(&base))?;
    }
}
