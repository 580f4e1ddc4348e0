//! Problems found in a spec, each with its position and what to do about it.

use std::fmt;
use std::path::{Path, PathBuf};

use super::yaml::Pos;

/// One problem in a spec file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where the problem is.
    pub pos: Pos,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
}

/// Every problem found in one spec file, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics {
    /// The spec file.
    pub file: PathBuf,
    /// The problems, sorted by position.
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Wraps the problems of `file`, sorted by position.
    pub fn new(file: &Path, mut items: Vec<Diagnostic>) -> Self {
        items.sort_by(|a, b| a.pos.cmp(&b.pos).then_with(|| a.message.cmp(&b.message)));
        items.dedup();
        Diagnostics {
            file: file.to_path_buf(),
            items,
        }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.items.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}:{}: error: {}", self.file.display(), d.pos, d.message)?;
            if let Some(help) = &d.help {
                write!(f, "\n  help: {help}")?;
            }
        }
        write!(
            f,
            "\n{} error(s) in {}",
            self.items.len(),
            self.file.display()
        )
    }
}

impl std::error::Error for Diagnostics {}

/// Collects problems while a spec is read.
#[derive(Debug, Default)]
pub(crate) struct Sink {
    items: Vec<Diagnostic>,
}

impl Sink {
    pub(crate) fn error(&mut self, pos: Pos, message: impl Into<String>) {
        self.items.push(Diagnostic {
            pos,
            message: message.into(),
            help: None,
        });
    }

    pub(crate) fn error_help(
        &mut self,
        pos: Pos,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.items.push(Diagnostic {
            pos,
            message: message.into(),
            help: Some(help.into()),
        });
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub(crate) fn into_diagnostics(self, file: &Path) -> Diagnostics {
        Diagnostics::new(file, self.items)
    }
}
