//! The report: per page, what is kept out of the spec (verbatim, with the reason), what could not be placed,
//! and the remarks about the page's oddities.

use super::page::{Kept, Mark, Page};
use super::run::Role;
use super::{KeptBlock, LineRef, NoteRef, PageInput, PageReport, Report};

/// The column of the first character of line `at` (1-based).
pub(crate) fn column_of(page: &Page, at: usize) -> usize {
    page.lines.get(at).map_or(1, |l| {
        l.raw.chars().take_while(|c| c.is_whitespace()).count() + 1
    })
}

/// Builds the report of a run.
pub(crate) fn build(inputs: &[PageInput], pages: &[Page], roles: &[Role]) -> Report {
    let mut out = Report::default();
    for ((input, page), role) in inputs.iter().zip(pages).zip(roles) {
        let mut r = PageReport {
            file: input.path.display().to_string(),
            source: input.source.clone(),
            operation_id: match role {
                Role::Operation { id, .. } => Some(id.clone()),
                _ => None,
            },
            operation_id_from: match role {
                Role::Operation { from, .. } => Some(from.as_str()),
                _ => None,
            },
            ..PageReport::default()
        };
        let sdk_language = |at: usize| {
            page.sdk_samples
                .iter()
                .find(|s| (s.first..=s.last).contains(&at))
                .map(|s| s.language)
        };
        let mut block: Option<KeptBlock> = None;
        for (at, mark) in page.marks.iter().enumerate() {
            let line = &page.lines[at];
            match mark {
                Mark::Placed => r.placed += 1,
                Mark::Unplaced(why) => r.unplaced.push(LineRef {
                    line: at + 1,
                    column: column_of(page, at),
                    text: line.text.clone(),
                    reason: why.clone(),
                }),
                _ => {}
            }
            if line.text.is_empty() {
                // Blank lines neither start nor end a block; a block that continues past them includes them.
                continue;
            }
            r.lines += 1;
            if matches!(mark, Mark::Kept(_)) {
                r.kept_lines += 1;
            }
            let reason = match mark {
                Mark::Kept(Kept::SdkCode) => Some(format!(
                    "{} ({})",
                    Kept::SdkCode.reason(),
                    sdk_language(at).unwrap_or("unknown")
                )),
                Mark::Kept(k) => Some(k.reason().to_owned()),
                _ => None,
            };
            match (reason, block.as_mut()) {
                (Some(reason), Some(b)) if b.reason == reason => {
                    // `last_line` is 1-based, so it is the index of the first line after the block.
                    for l in &page.lines[b.last_line..=at] {
                        b.text.push('\n');
                        b.text.push_str(&l.raw);
                    }
                    b.last_line = at + 1;
                }
                (Some(reason), _) => {
                    r.kept.extend(block.take());
                    block = Some(KeptBlock {
                        first_line: at + 1,
                        last_line: at + 1,
                        reason,
                        text: line.raw.clone(),
                    });
                }
                (None, _) => r.kept.extend(block.take()),
            }
        }
        if let Some(done) = block.take() {
            r.kept.push(done);
        }
        r.notes = page
            .notes
            .iter()
            .map(|n| NoteRef {
                line: n.at + 1,
                kind: n.kind.to_owned(),
                message: n.message.clone(),
            })
            .collect();
        out.pages.push(r);
    }
    out
}
