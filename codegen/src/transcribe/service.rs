//! A whole corpus service at once (`codegen transcribe-service`): every page of `<corpus>/<service>/pages`, in
//! the order of the service's `operations.tsv`, transcribed in strict mode into one spec.
//!
//! Strict mode is the goal, and a page that cannot be transcribed (a line it cannot place, a layout it does not
//! read, a clash with another page) fails the whole run. So that a service still gets a spec while some of its
//! pages fail, the run is repeated without the pages the errors name, until it succeeds: the spec holds every
//! page that transcribes strictly, and [`ServiceRun::left_out`] lists every page left out with the errors that
//! put it out (written to `spec/reports/<service>.md` by the command). Nothing is bent to pass: a page is
//! either transcribed as strictly as alone, or it is out and reported.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::{BaseSpec, Error, Errors, Options, Output, PageInput, source_name, transcribe_inputs};
use crate::spec::keys;
use crate::spec::shown;

/// At most this many rows are read from an `operations.tsv` (the largest corpus service has about 200).
pub const MAX_OPERATIONS: usize = 10_000;

/// A page left out of the spec, and why.
#[derive(Debug, Clone)]
pub struct LeftOut {
    /// The page's `x-sources` name (`corpus/vpc/pages/ListVpcs.txt`).
    pub source: String,
    /// The errors that named it, in the order the transcriber gave them.
    pub errors: Vec<Error>,
}

/// The result of transcribing a whole service.
#[derive(Debug, Clone)]
pub struct ServiceRun {
    /// The service's short name.
    pub service: String,
    /// The pages given, in order.
    pub pages: usize,
    /// The spec of the pages that transcribe, and the transcriber's report of them.
    pub output: Output,
    /// The pages left out, in page order.
    pub left_out: Vec<LeftOut>,
    /// How many transcription runs it took (one when every page transcribes).
    pub rounds: usize,
}

/// One page of a corpus service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServicePage {
    /// The page file.
    pub path: PathBuf,
    /// The documentation section the page is in, from the folder of its `source_file` in `operations.tsv`
    /// (`apis/topic_operations/creating_a_topic.rst` → `Topic Operations`); none for a page at the top or
    /// not in the list. It becomes the operation's `x-doc-group` (the crate's module and Cargo feature) unless
    /// the spec has one.
    pub group: Option<String>,
}

/// The pages of `<corpus>/<service>`: the `operation` column of its `operations.tsv` in row order
/// (`pages/<operation>.txt`), then the other pages of `pages/` (the error-code page) by name.
pub fn service_pages(corpus: &Path, service: &str) -> Result<Vec<ServicePage>, Errors> {
    let dir = corpus.join(service);
    let tsv = dir.join("operations.tsv");
    let fail = |file: &Path, line: usize, message: String, help: &str| {
        Errors(vec![Error {
            file: file.to_path_buf(),
            line,
            column: 1,
            message,
            help: help.to_owned(),
        }])
    };
    let text = std::fs::read_to_string(&tsv).map_err(|e| {
        fail(
            &tsv,
            1,
            format!("cannot read the service's operation list: {e}"),
            "a corpus service is a folder with `operations.tsv` and `pages/`",
        )
    })?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let Some(column) = header.iter().position(|c| c.trim() == "operation") else {
        return Err(fail(
            &tsv,
            1,
            "the header has no `operation` column".into(),
            "the first line names the tab-separated columns, one of them `operation`",
        ));
    };
    let source_column = header.iter().position(|c| c.trim() == "source_file");
    let pages_dir = dir.join("pages");
    let mut pages: Vec<ServicePage> = Vec::new();
    for (i, line) in lines.enumerate() {
        if i >= MAX_OPERATIONS {
            return Err(fail(
                &tsv,
                i + 2,
                format!("more than {MAX_OPERATIONS} operations"),
                "split the service, or raise MAX_OPERATIONS",
            ));
        }
        if line.trim().is_empty() {
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        let name = cells.get(column).copied().unwrap_or("").trim();
        let page = pages_dir.join(format!("{name}.txt"));
        if name.is_empty() || name.contains(['/', '\\']) || !page.is_file() {
            return Err(fail(
                &tsv,
                i + 2,
                format!("no page {} for operation `{}`", page.display(), shown(name)),
                "every row names a page file `pages/<operation>.txt`",
            ));
        }
        if !pages.iter().any(|p| p.path == page) {
            let group = source_column
                .and_then(|c| cells.get(c))
                .and_then(|source| section_name(source));
            pages.push(ServicePage { path: page, group });
        }
    }
    let entries = std::fs::read_dir(&pages_dir).map_err(|e| {
        fail(
            &pages_dir,
            1,
            format!("cannot list the pages: {e}"),
            "a corpus service is a folder with `operations.tsv` and `pages/`",
        )
    })?;
    let mut others: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "txt") && !pages.iter().any(|s| s.path == *p)
        })
        .collect();
    others.sort();
    pages.extend(
        others
            .into_iter()
            .map(|path| ServicePage { path, group: None }),
    );
    Ok(pages)
}

/// The section name of a doc source file: its folder's name, words capitalised
/// (`apis_v2/topic_management/x.rst` → `Topic Management`); none at the top.
fn section_name(source_file: &str) -> Option<String> {
    let folder = Path::new(source_file.trim())
        .parent()?
        .file_name()?
        .to_str()?;
    let words: Vec<String> = folder
        .split(['_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        })
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Sets `x-doc-group` of each operation of `yaml` that has none to the section of the page that documents it
/// (`report` says which operation each page is); a hand-written group is kept.
fn with_doc_groups(
    yaml: &str,
    report: &super::Report,
    groups: &[(String, String)],
) -> Result<String, String> {
    use crate::spec::yaml::Node;
    let by_op: std::collections::HashMap<&str, &str> = report
        .pages
        .iter()
        .filter_map(|p| {
            let group = groups.iter().find(|(source, _)| *source == p.source)?;
            Some((p.operation_id.as_deref()?, group.1.as_str()))
        })
        .collect();
    if by_op.is_empty() {
        return Ok(yaml.to_owned());
    }
    let mut doc =
        super::yaml::from_str(yaml).map_err(|(line, column, m)| format!("{line}:{column}: {m}"))?;
    let Some(paths) = doc
        .as_map_mut()
        .and_then(|m| m.get_mut(keys::PATHS))
        .and_then(Node::as_map_mut)
    else {
        return Ok(yaml.to_owned());
    };
    for item in paths.values_mut() {
        let Some(item) = item.as_map_mut() else {
            continue;
        };
        for op in item.values_mut() {
            let Some(op) = op.as_map_mut() else { continue };
            let group = op
                .get(keys::OPERATION_ID)
                .and_then(Node::as_str)
                .and_then(|id| by_op.get(id));
            if let Some(group) = group
                && !op.contains_key(keys::X_DOC_GROUP)
            {
                op.insert(keys::X_DOC_GROUP.into(), Node::str(*group));
            }
        }
    }
    super::yaml::to_string(&doc)
}

/// Transcribes `pages` strictly into one spec (merged into `base`) that `accept` takes (the command passes
/// `generate`'s checks), leaving out the pages that fail (see the module's doc).
///
/// A page is left out when the transcriber names it in an error, or when `accept` rejects the spec and the
/// page is the first whose addition makes it reject: the shortest failing prefix of the pages still in,
/// found by bisection (a spec that is rejected stays rejected when pages are added). At most one round per
/// page plus one: every failed round leaves out one page or more.
///
/// Errors only for what leaving pages out cannot fix: an unreadable page, an error in the base spec or the
/// regions file, a base spec `accept` rejects without any page.
pub fn transcribe_service(
    service: &str,
    pages: &[ServicePage],
    base: Option<&BaseSpec>,
    options: &Options,
    accept: &dyn Fn(&str) -> Result<(), String>,
) -> Result<ServiceRun, Errors> {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    let mut groups = Vec::new();
    for page in pages {
        let p = &page.path;
        if let Some(group) = &page.group {
            groups.push((
                source_name(p, options.source_root.as_deref()),
                group.clone(),
            ));
        }
        match std::fs::read_to_string(p) {
            Ok(text) => inputs.push(PageInput {
                path: p.clone(),
                source: source_name(p, options.source_root.as_deref()),
                text,
            }),
            Err(e) => errors.push(Error {
                file: p.clone(),
                line: 1,
                column: 1,
                message: format!("cannot read the page: {e}"),
                help: "check the path and that the file is UTF-8 text".into(),
            }),
        }
    }
    if !errors.is_empty() {
        return Err(Errors(errors));
    }
    let options = Options {
        service: Some(service.to_owned()),
        allow_unplaced: false,
        ..options.clone()
    };
    let total = inputs.len();
    let transcribe = |kept: &[usize]| {
        let run: Vec<PageInput> = kept.iter().map(|&i| inputs[i].clone()).collect();
        let mut output = transcribe_inputs(&run, base, &options)?;
        output.yaml = with_doc_groups(&output.yaml, &output.report, &groups).map_err(|m| {
            Errors(vec![Error {
                file: PathBuf::from("<transcription>"),
                line: 1,
                column: 1,
                message: format!("internal error while adding doc groups: {m}"),
                help: "this is a transcriber bug; please report it with the pages".into(),
            }])
        })?;
        Ok(output)
    };
    let mut left_out: Vec<(usize, LeftOut)> = Vec::new();
    // The index in `pages` of each input still in.
    let mut kept: Vec<usize> = (0..total).collect();
    for round in 1..=total + 1 {
        let errors = match transcribe(&kept) {
            Ok(output) => match accept(&output.yaml) {
                Ok(()) => {
                    left_out.sort_by_key(|(i, _)| *i);
                    return Ok(ServiceRun {
                        service: service.to_owned(),
                        pages: total,
                        output,
                        left_out: left_out.into_iter().map(|(_, l)| l).collect(),
                        rounds: round,
                    });
                }
                Err(_) => {
                    let (k, message) = first_rejected(&kept, &transcribe, accept)?;
                    let i = kept.remove(k);
                    let error = Error {
                        file: inputs[i].path.clone(),
                        line: 1,
                        column: 1,
                        message: format!("`generate` rejects the spec with this page: {message}"),
                        help: "fix the transcription of the page (or the generator)".into(),
                    };
                    left_out.push((
                        i,
                        LeftOut {
                            source: inputs[i].source.clone(),
                            errors: vec![error],
                        },
                    ));
                    continue;
                }
            },
            Err(Errors(errors)) => errors,
        };
        let mut out = Vec::new();
        for e in &errors {
            match kept.iter().position(|&i| inputs[i].path == e.file) {
                Some(k) if !out.contains(&k) => out.push(k),
                Some(_) => {}
                // Not a page's error (the base spec, the regions file): leaving pages out cannot fix it.
                None => return Err(Errors(errors)),
            }
        }
        out.sort_unstable();
        for &k in out.iter().rev() {
            let i = kept.remove(k);
            let page_errors = errors
                .iter()
                .filter(|e| e.file == inputs[i].path)
                .cloned()
                .collect();
            left_out.push((
                i,
                LeftOut {
                    source: inputs[i].source.clone(),
                    errors: page_errors,
                },
            ));
        }
    }
    // Unreachable in practice: with every page out, the run has nothing to fail on.
    Err(Errors(vec![Error {
        file: pages.first().map(|p| p.path.clone()).unwrap_or_default(),
        line: 1,
        column: 1,
        message: format!("{service}: no subset of the pages transcribes"),
        help: "this is a transcriber bug; please report it with the pages".into(),
    }]))
}

/// The position in `kept` of the page whose addition makes `accept` reject the spec of the pages before it
/// (the shortest rejected prefix ends with it), and the rejection. `kept` as a whole is rejected.
fn first_rejected(
    kept: &[usize],
    transcribe: &dyn Fn(&[usize]) -> Result<Output, Errors>,
    accept: &dyn Fn(&str) -> Result<(), String>,
) -> Result<(usize, String), Errors> {
    let verdict = |n: usize| match transcribe(&kept[..n]) {
        Ok(output) => accept(&output.yaml).err(),
        Err(e) => Some(e.to_string()),
    };
    if let Some(message) = verdict(0) {
        // No page to blame: the spec merged into is rejected on its own.
        return Err(Errors(vec![Error {
            file: PathBuf::from("<spec merged into>"),
            line: 1,
            column: 1,
            message: format!("`generate` rejects the spec without any page: {message}"),
            help: "fix the spec by hand (or the generator), then run again".into(),
        }]));
    }
    // Invariant: the first `good` pages are accepted, the first `bad` are not.
    let (mut good, mut bad) = (0, kept.len());
    let mut message = String::new();
    while bad - good > 1 {
        let mid = good + (bad - good) / 2;
        match verdict(mid) {
            Some(m) => {
                bad = mid;
                message = m;
            }
            None => good = mid,
        }
    }
    if message.is_empty() {
        message = verdict(bad).unwrap_or_default();
    }
    Ok((bad - 1, message))
}

/// At most this many errors of one left-out page are listed in the report (the count is always given).
pub const MAX_ERRORS_SHOWN: usize = 3;

impl ServiceRun {
    /// The report committed next to the spec (`spec/reports/<service>.md`): counts, then every page left out
    /// with its first errors. Deterministic (no times, paths relative to the shared directory), so it is
    /// rewritten only when the outcome changes.
    pub fn markdown(&self) -> String {
        let transcribed = self.pages - self.left_out.len();
        let operations = self
            .output
            .report
            .pages
            .iter()
            .filter(|p| p.operation_id.is_some())
            .count();
        let notes: usize = self.output.report.pages.iter().map(|p| p.notes.len()).sum();
        let mut md = String::new();
        let _ = writeln!(md, "# {}: transcription report\n", self.service);
        let _ = writeln!(
            md,
            "Written by `scripts/transcribe-services` (`codegen transcribe-service`); do not edit.\n"
        );
        let _ = writeln!(md, "| | |\n|---|---|");
        let _ = writeln!(md, "| pages | {} |", self.pages);
        let _ = writeln!(
            md,
            "| transcribed in strict mode (in the spec) | {transcribed} |"
        );
        let _ = writeln!(md, "| operation pages among them | {operations} |");
        let _ = writeln!(
            md,
            "| left out (below, with the errors) | {} |",
            self.left_out.len()
        );
        let _ = writeln!(
            md,
            "| transcriber notes on the pages in the spec | {notes} |"
        );
        let _ = writeln!(
            md,
            "| strict-clean (every page in the spec) | {} |",
            if self.left_out.is_empty() {
                "yes"
            } else {
                "no"
            }
        );
        self.notes_markdown(&mut md);
        if self.left_out.is_empty() {
            return md;
        }
        let _ = writeln!(md, "\n## Pages left out\n");
        for l in &self.left_out {
            let _ = writeln!(md, "- `{}` ({} error(s))", l.source, l.errors.len());
            for e in l.errors.iter().take(MAX_ERRORS_SHOWN) {
                let _ = writeln!(
                    md,
                    "  - {}:{}: {}",
                    e.line,
                    e.column,
                    one_line(&shown(&e.message))
                );
            }
        }
        md
    }
}

impl ServiceRun {
    /// The transcriber's notes in the report, so that nothing it handled quietly is invisible in the committed
    /// files: a count per kind, then every note of every page in the spec, at its line.
    fn notes_markdown(&self, md: &mut String) {
        let pages = &self.output.report.pages;
        let mut kinds: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
        for p in pages {
            let mut seen = std::collections::BTreeSet::new();
            for n in &p.notes {
                let k = kinds.entry(n.kind.as_str()).or_default();
                k.0 += 1;
                if seen.insert(n.kind.as_str()) {
                    k.1 += 1;
                }
            }
        }
        if kinds.is_empty() {
            return;
        }
        let _ = writeln!(md, "\n## Transcriber notes by kind\n");
        let _ = writeln!(md, "| kind | notes | pages |\n|---|---|---|");
        for (kind, (notes, on)) in &kinds {
            let _ = writeln!(md, "| `{kind}` | {notes} | {on} |");
        }
        let _ = writeln!(md, "\n## Transcriber notes per page\n");
        for p in pages.iter().filter(|p| !p.notes.is_empty()) {
            match &p.operation_id {
                Some(id) => {
                    let _ = writeln!(md, "### `{}` ({id})\n", p.source);
                }
                None => {
                    let _ = writeln!(md, "### `{}`\n", p.source);
                }
            }
            // In page order (the transcriber notes as it goes, not line by line).
            let mut notes: Vec<_> = p.notes.iter().collect();
            notes.sort_by_key(|n| n.line);
            for n in notes {
                let _ = writeln!(
                    md,
                    "- {}: `{}`: {}",
                    n.line,
                    n.kind,
                    one_line(&shown(&n.message))
                );
            }
            md.push('\n');
        }
        // One trailing newline, as the sections above end.
        while md.ends_with("\n\n") {
            md.pop();
        }
    }
}

/// Why `generate` rejects a spec, for the report: the first problem of its message (`error` is the error's
/// text), without the `file:line:column` prefix and the ` (at LINE:COLUMN)` references, which point into a spec
/// never written, so the report changes only when the reason does.
pub fn rejection_reason(error: &str) -> String {
    let first = error.lines().next().unwrap_or_default();
    let message = first
        .split_once(": error: ")
        .map_or(first, |(_, message)| message);
    without_positions(message)
}

/// `message` without its ` (at LINE:COLUMN)` references.
fn without_positions(message: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(at) = rest.find(" (at ") {
        out.push_str(&rest[..at]);
        let after = &rest[at + " (at ".len()..];
        let end = after.find(')');
        let position = &after[..end.unwrap_or(0)];
        let is_position = end.is_some()
            && !position.is_empty()
            && position
                .split(':')
                .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if !is_position {
            out.push_str(" (at ");
        }
        rest = match end {
            Some(end) if is_position => &after[end + 1..],
            _ => after,
        };
    }
    out.push_str(rest);
    out
}

/// `text` on one line, without backticks that would open code spans across the list.
fn one_line(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('`', "'")
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "Deleting a Thing\n\nFunction\n\nThis API is used to delete a thing.\n\nURI\n\n\
        DELETE /v1/things/{thing_id}\n\nTable 1 Path Parameters\n\nParameter\n\nMandatory\n\nType\n\n\
        Description\n\nthing_id\n\nYes\n\nString\n\nThe thing.\n";

    fn corpus(pages: &[(&str, &str)], tsv: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("svc/pages")).unwrap();
        std::fs::write(dir.path().join("svc/operations.tsv"), tsv).unwrap();
        for (name, text) in pages {
            std::fs::write(dir.path().join(format!("svc/pages/{name}.txt")), text).unwrap();
        }
        dir
    }

    #[test]
    fn pages_come_in_operations_tsv_order_then_the_others_by_name() {
        let dir = corpus(
            &[("B", GOOD), ("A", GOOD), ("ErrorCode", ""), ("C", GOOD)],
            "method\toperation\nGET\tC\nGET\tA\nGET\tB\n",
        );
        let names: Vec<String> = service_pages(dir.path(), "svc")
            .unwrap()
            .iter()
            .map(|p| p.path.file_stem().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["C", "A", "B", "ErrorCode"]);
    }

    #[test]
    fn a_row_without_its_page_is_an_error_at_its_line() {
        let dir = corpus(&[("A", GOOD)], "operation\nA\nMissing\n");
        let e = service_pages(dir.path(), "svc").unwrap_err();
        assert_eq!(e.0[0].line, 3);
        assert!(e.0[0].message.contains("Missing"), "{e}");
    }

    #[test]
    fn a_failing_page_is_left_out_with_its_error_and_the_others_make_the_spec() {
        // `Bad` has no request line: strict mode fails on it; `DeleteThing` transcribes.
        let bad = "Something Else\n\nFunction\n\nNo request line here.\n";
        let dir = corpus(
            &[("DeleteThing", GOOD), ("Bad", bad)],
            "operation\nBad\nDeleteThing\n",
        );
        let pages = service_pages(dir.path(), "svc").unwrap();
        let options = Options {
            source_root: Some(dir.path().to_path_buf()),
            ..Options::default()
        };
        let run = transcribe_service("svc", &pages, None, &options, &|_| Ok(()))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(run.pages, 2);
        assert_eq!(run.rounds, 2);
        assert_eq!(run.left_out.len(), 1);
        assert_eq!(run.left_out[0].source, "svc/pages/Bad.txt");
        assert!(run.left_out[0].errors[0].message.contains("request line"));
        assert!(run.output.yaml.contains("operationId: DeleteThing"));
        assert!(!run.output.yaml.contains("Something Else"));
        let md = run.markdown();
        assert!(
            md.contains("| left out (below, with the errors) | 1 |"),
            "{md}"
        );
        assert!(md.contains("`svc/pages/Bad.txt`"), "{md}");
        assert!(
            md.contains("| strict-clean (every page in the spec) | no |"),
            "{md}"
        );
    }

    #[test]
    fn the_page_whose_spec_generate_rejects_is_left_out_and_only_it() {
        // Three pages that transcribe; `accept` (standing in for `generate`) rejects any spec holding the
        // operation of the second. Bisection must blame that page, not the last one.
        let page = |id: &str, path: &str| {
            GOOD.replace("/v1/things/{thing_id}", path)
                .replace("Deleting a Thing", id)
        };
        let dir = corpus(
            &[
                (
                    "DeleteThing",
                    &page("Deleting a Thing", "/v1/things/{thing_id}"),
                ),
                (
                    "DeleteOther",
                    &page("Deleting Another", "/v1/others/{thing_id}"),
                ),
                (
                    "DeleteThird",
                    &page("Deleting a Third", "/v1/thirds/{thing_id}"),
                ),
            ],
            "operation\nDeleteThing\nDeleteOther\nDeleteThird\n",
        );
        let pages = service_pages(dir.path(), "svc").unwrap();
        let options = Options {
            source_root: Some(dir.path().to_path_buf()),
            ..Options::default()
        };
        let accept = |yaml: &str| {
            if yaml.contains("/v1/others/") {
                Err("no others".to_owned())
            } else {
                Ok(())
            }
        };
        let run = transcribe_service("svc", &pages, None, &options, &accept)
            .unwrap_or_else(|e| panic!("{e}"));
        let out: Vec<&str> = run.left_out.iter().map(|l| l.source.as_str()).collect();
        assert_eq!(out, ["svc/pages/DeleteOther.txt"]);
        assert!(run.left_out[0].errors[0].message.contains("no others"));
        assert!(run.output.yaml.contains("operationId: DeleteThing"));
        assert!(run.output.yaml.contains("operationId: DeleteThird"));
        assert_eq!(run.rounds, 2);

        // A rejection no page causes (here: every spec) is an error, not an empty spec.
        assert!(
            transcribe_service("svc", &pages, None, &options, &|_| Err("never".into())).is_err()
        );
    }

    #[test]
    fn the_source_files_folder_is_the_doc_group_and_a_hand_written_one_is_kept() {
        let other = GOOD
            .replace("/v1/things/{thing_id}", "/v1/others/{thing_id}")
            .replace("Deleting a Thing", "Deleting Another");
        let dir = corpus(
            &[("DeleteThing", GOOD), ("DeleteOther", &other)],
            "operation\tsource_file\nDeleteThing\tapis_v1/thing_management/deleting.rst\n\
             DeleteOther\ttop.rst\n",
        );
        let pages = service_pages(dir.path(), "svc").unwrap();
        let groups: Vec<Option<&str>> = pages.iter().map(|p| p.group.as_deref()).collect();
        assert_eq!(groups, [Some("Thing Management"), None]);
        let run =
            transcribe_service("svc", &pages, None, &Options::default(), &|_| Ok(())).unwrap();
        let doc = super::super::yaml::from_str(&run.output.yaml).unwrap();
        let group = |path: &str| {
            doc.path(&["paths", path, "delete", "x-doc-group"])
                .and_then(crate::spec::yaml::Node::as_str)
                .map(str::to_owned)
        };
        assert_eq!(
            group("/v1/things/{thing_id}").as_deref(),
            Some("Thing Management")
        );
        assert_eq!(group("/v1/others/{thing_id}"), None);

        // Re-run into the spec with the group changed by hand: the hand-written one stays.
        let edited = run
            .output
            .yaml
            .replace("x-doc-group: Thing Management", "x-doc-group: Mine");
        let base = BaseSpec {
            path: "svc.yaml".into(),
            text: edited,
        };
        let again =
            transcribe_service("svc", &pages, Some(&base), &Options::default(), &|_| Ok(()))
                .unwrap();
        assert!(
            again.output.yaml.contains("x-doc-group: Mine"),
            "{}",
            again.output.yaml
        );
        assert!(!again.output.yaml.contains("Thing Management"));
    }

    #[test]
    fn every_page_transcribing_takes_one_round_and_is_strict_clean() {
        let dir = corpus(&[("DeleteThing", GOOD)], "operation\nDeleteThing\n");
        let pages = service_pages(dir.path(), "svc").unwrap();
        let run =
            transcribe_service("svc", &pages, None, &Options::default(), &|_| Ok(())).unwrap();
        assert_eq!((run.rounds, run.left_out.len()), (1, 0));
        assert!(
            run.markdown()
                .contains("| strict-clean (every page in the spec) | yes |")
        );
    }

    #[test]
    fn every_note_is_in_the_report_at_its_page_and_line_with_a_count_per_kind() {
        let note = |line: usize, kind: &str, message: &str| super::super::NoteRef {
            line,
            kind: kind.to_owned(),
            message: message.to_owned(),
        };
        let page = |source: &str, id: Option<&str>, notes| super::super::PageReport {
            source: source.to_owned(),
            operation_id: id.map(str::to_owned),
            notes,
            ..Default::default()
        };
        let run = ServiceRun {
            service: "svc".into(),
            pages: 3,
            output: Output {
                yaml: String::new(),
                report: super::super::Report {
                    pages: vec![
                        page(
                            "svc/pages/A.txt",
                            Some("A"),
                            vec![
                                note(9, "doc-typo", "a typo"),
                                note(7, "alternative-table", "`Table 4` is an alternative"),
                            ],
                        ),
                        page("svc/pages/B.txt", Some("B"), vec![]),
                        page(
                            "svc/pages/C.txt",
                            None,
                            vec![note(3, "doc-typo", "another\ntypo")],
                        ),
                    ],
                },
            },
            left_out: vec![],
            rounds: 1,
        };
        let md = run.markdown();
        assert!(md.contains("| `alternative-table` | 1 | 1 |"), "{md}");
        assert!(md.contains("| `doc-typo` | 2 | 2 |"), "{md}");
        assert!(md.contains("### `svc/pages/A.txt` (A)\n\n- 7: `alternative-table`: 'Table 4' is an alternative\n- 9: `doc-typo`: a typo\n"), "{md}");
        assert!(
            md.contains("### `svc/pages/C.txt`\n\n- 3: `doc-typo`: another typo\n"),
            "{md}"
        );
        assert!(
            !md.contains("B.txt"),
            "a page without notes has no section: {md}"
        );
        assert!(md.ends_with("typo\n"), "{md:?}");
    }

    #[test]
    fn positions_are_taken_out_of_generate_messages_and_nothing_else() {
        assert_eq!(
            rejection_reason("spec/x.yaml:3:4: error: `A` and `a` (at 9:9) clash\n  help: rename"),
            "`A` and `a` clash"
        );
        assert_eq!(
            without_positions("`A` and `a` (at 8580:9) both become `a`"),
            "`A` and `a` both become `a`"
        );
        assert_eq!(without_positions("x (at home) y"), "x (at home) y");
        assert_eq!(without_positions("x (at 1:2"), "x (at 1:2");
        assert_eq!(without_positions("plain"), "plain");
    }
}
