//! Problems found in a spec, each with its position and what to do about it, and how any diagnostic of the
//! generator (the transcriber's too) shows input text on a terminal: [`shown`].

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
            write!(
                f,
                "{}:{}: error: {}",
                self.file.display(),
                d.pos,
                shown(&d.message)
            )?;
            if let Some(help) = &d.help {
                write!(f, "\n  help: {}", shown(help))?;
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

/// The most characters of input text (a quoted name, value or page line) a diagnostic shows: enough to
/// recognise it next to its `file:line:column`, few enough that a 5 MB line does not flood the terminal.
pub const QUOTE_LIMIT: usize = 200;

/// The most characters of a message's own wording between two quotes (it can carry a parser's or the
/// system's text, which may echo input).
const PROSE_LIMIT: usize = 1000;

/// The most characters a message is shown with in all; a message of thousands of tiny quotes stops here.
const MESSAGE_LIMIT: usize = 2000;

/// `message` as it is shown on a terminal. Messages quote input text between backticks (`` unknown schema
/// `X` ``); each quote is cut to [`QUOTE_LIMIT`] characters, saying how many were left out, and control
/// characters in it are escaped (`\u{1b}`), so neither a huge line nor escape sequences in a spec or page
/// reach the terminal as they are. The whole message is kept under 2,000 characters.
pub fn shown(message: &str) -> String {
    shown_from(message, false)
}

/// Input `text` (a page line, a value) as it is shown on a terminal, like a quote of [`shown`].
pub fn shown_input(text: &str) -> String {
    shown_from(text, true)
}

fn shown_from(message: &str, quoted: bool) -> String {
    let mut out = String::with_capacity(message.len().min(MESSAGE_LIMIT + 64));
    let mut written = 0usize;
    let mut in_quote = quoted;
    let mut segment = 0usize;
    let mut skipped = 0usize;
    let flush_skipped = |out: &mut String, skipped: &mut usize| {
        if *skipped > 0 {
            out.push_str(&format!("… ({skipped} more characters)"));
            *skipped = 0;
        }
    };
    for c in message.chars() {
        if written >= MESSAGE_LIMIT {
            out.push_str(" … (message cut)");
            return out;
        }
        if c == '`' && !quoted {
            flush_skipped(&mut out, &mut skipped);
            out.push(c);
            written += 1;
            in_quote = !in_quote;
            segment = 0;
            continue;
        }
        let limit = if in_quote { QUOTE_LIMIT } else { PROSE_LIMIT };
        if segment >= limit {
            skipped += 1;
            continue;
        }
        segment += 1;
        written += 1;
        let own_line_break = c == '\n' && !in_quote;
        if c.is_control() && !own_line_break {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    flush_skipped(&mut out, &mut skipped);
    out
}

/// Collects problems while a spec is read, and notes: what is not a problem but likely a mistake.
#[derive(Debug, Default)]
pub(crate) struct Sink {
    items: Vec<Diagnostic>,
    notes: Vec<Diagnostic>,
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

    /// Records something the spec may keep but that nothing reads (an unknown `x-` extension).
    pub(crate) fn note(&mut self, pos: Pos, message: impl Into<String>, help: impl Into<String>) {
        self.notes.push(Diagnostic {
            pos,
            message: message.into(),
            help: Some(help.into()),
        });
    }

    /// The notes, in file order.
    pub(crate) fn take_notes(&mut self, file: &Path) -> Diagnostics {
        Diagnostics::new(file, std::mem::take(&mut self.notes))
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub(crate) fn into_diagnostics(self, file: &Path) -> Diagnostics {
        Diagnostics::new(file, self.items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_messages_are_shown_as_they_are() {
        let message = "type `decimal` is not supported";
        assert_eq!(shown(message), message);
        assert_eq!(shown("a\nb"), "a\nb", "the message's own line breaks stay");
    }

    #[test]
    fn long_quotes_are_cut_and_say_how_much_is_left_out() {
        let message = format!("type `{}` is not supported", "q".repeat(5_000_000));
        let expected = format!(
            "type `{}… (4999800 more characters)` is not supported",
            "q".repeat(200)
        );
        assert_eq!(shown(&message), expected);
    }

    #[test]
    fn input_text_is_one_quote() {
        let shown = shown_input(&"`a".repeat(1000));
        assert_eq!(
            shown.chars().count(),
            200 + "… (1800 more characters)".chars().count()
        );
    }

    #[test]
    fn control_characters_in_quotes_are_escaped() {
        assert_eq!(
            shown("unknown key `a\u{1b}[31mb\nc`"),
            "unknown key `a\\u{1b}[31mb\\nc`"
        );
    }

    #[test]
    fn a_message_of_many_quotes_stays_bounded() {
        let message = "`".repeat(1_000_000);
        let shown = shown(&message);
        assert!(
            shown.chars().count() < MESSAGE_LIMIT + 20,
            "{}",
            shown.len()
        );
        assert!(shown.ends_with("(message cut)"));
    }
}
