//! Stage 1: load a spec file with source positions and validate it, collecting every problem.

mod check;
mod diagnostic;
pub mod model;
mod read;
pub mod yaml;

use std::path::Path;

pub use check::{COMPACT_DATETIME, path_placeholders};
pub use diagnostic::{Diagnostic, Diagnostics, QUOTE_LIMIT, shown, shown_input};
pub use model::*;

use diagnostic::Sink;
use yaml::Pos;

/// Reads and validates `path`. All problems of the file are reported together.
pub fn load(path: &Path) -> Result<Spec, Diagnostics> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&text, path),
        Err(e) => Err(Diagnostics::new(
            path,
            vec![Diagnostic {
                pos: Pos::default(),
                message: format!("cannot read the spec: {e}"),
                help: None,
            }],
        )),
    }
}

/// The parser's resource budget, scaled to the input: a node or event takes at least a byte or so of text, so a
/// budget proportional to the length still stops alias bombs while letting large specs (thousands of
/// operations) through, where the fixed default (250,000 nodes) would refuse them.
fn yaml_options(text: &str) -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_nodes = budget.max_nodes.max(text.len());
    budget.max_events = budget.max_events.max(2 * text.len());
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options
}

/// Validates spec `text`; `path` is only used in messages.
pub fn parse(text: &str, path: &Path) -> Result<Spec, Diagnostics> {
    let root: yaml::Node =
        serde_saphyr::from_str_with_options(text, yaml_options(text)).map_err(|e| {
            let pos = e.location().map(Pos::from).unwrap_or_default();
            let message = e.without_snippet().to_string();
            let message = message.lines().next().unwrap_or("invalid YAML").to_owned();
            Diagnostics::new(
                path,
                vec![Diagnostic {
                    pos,
                    message: format!("invalid YAML: {message}"),
                    help: Some("fix the YAML syntax at this position".into()),
                }],
            )
        })?;
    let mut sink = Sink::default();
    let spec = read::document(&root, &mut sink);
    if let Some(spec) = &spec {
        check::check(spec, &mut sink);
    }
    match spec {
        Some(spec) if sink.is_empty() => Ok(spec),
        _ => Err(sink.into_diagnostics(path)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_specs_are_within_the_parser_budget() {
        // 300,000 nodes: more than serde-saphyr's fixed default budget of 250,000.
        let mut text = String::from("a:\n");
        for _ in 0..300_000 {
            text.push_str("- 0\n");
        }
        assert!(
            serde_saphyr::from_str::<yaml::Node>(&text).is_err(),
            "the default budget would refuse it"
        );
        serde_saphyr::from_str_with_options::<yaml::Node>(&text, yaml_options(&text))
            .expect("within the scaled budget");
    }
}
