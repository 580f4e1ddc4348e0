//! Stage 1: load a spec file with source positions and validate it, collecting every problem.

mod check;
mod diagnostic;
pub mod model;
mod read;
pub mod yaml;

use std::path::Path;

pub use check::{COMPACT_DATETIME, path_placeholders};
pub use diagnostic::{Diagnostic, Diagnostics};
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

/// Validates spec `text`; `path` is only used in messages.
pub fn parse(text: &str, path: &Path) -> Result<Spec, Diagnostics> {
    let root: yaml::Node = serde_saphyr::from_str(text).map_err(|e| {
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
