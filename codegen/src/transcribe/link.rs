//! Which object table each `X object` / `Array of X objects` cell points at.
//!
//! Tables follow their parent depth first, in the order the parent's rows link them, and captions repeat
//! (ShowCesHierarchy has two `queues` and two `partitions` tables), so a link goes to the next unused table
//! with its caption, not to the first table with that caption. A caption linked a second time after its table
//! was used (one `TagEntity` table for two fields) goes to that table again.

use super::labels::{self, TypeSpec};
use super::page::{Group, Page, Row, Table};

/// The links of one body.
#[derive(Debug, Clone)]
pub(crate) struct Links {
    /// `child[t][r]`: the table row `r` of table `t` links to.
    pub child: Vec<Vec<Option<usize>>>,
}

impl Links {
    /// The tables `t` links to, in row order.
    pub(crate) fn children(&self, t: usize) -> Vec<usize> {
        self.child
            .get(t)
            .map(|rows| rows.iter().flatten().copied().collect())
            .unwrap_or_default()
    }
}

/// Resolves the links of `group`; marks rows whose table is missing and tables nobody links to as unplaced.
pub(crate) fn link(group: &Group, page: &mut Page) -> Links {
    let n = group.len();
    let mut links = Links {
        child: (0..n)
            .map(|t| vec![None; group.table(t).map_or(0, |tb| tb.rows.len())])
            .collect(),
    };
    let mut used = vec![false; n];
    used[0] = true;
    let mut stack = vec![0usize];
    visit(group, 0, &mut links, &mut used, &mut stack, page);
    for (t, was_used) in used.iter().enumerate() {
        if !was_used && let Some(table) = group.table(t) {
            let why = format!(
                "no row links to table `{}` (expected a type cell `{} object` or `Array of {} objects` before it)",
                table.caption.text,
                table.link_name().unwrap_or("?"),
                table.link_name().unwrap_or("?"),
            );
            for at in table.lines() {
                page.unplace(at, why.clone());
            }
        }
    }
    links
}

fn visit(
    group: &Group,
    t: usize,
    links: &mut Links,
    used: &mut [bool],
    stack: &mut Vec<usize>,
    page: &mut Page,
) {
    let Some(table) = group.table(t) else {
        return;
    };
    for (r, row) in table.rows.iter().enumerate() {
        let by_name = row.ty.table();
        if by_name.is_none() && !is_object_like(&row.ty) {
            continue;
        }
        let find = |matches: &dyn Fn(usize) -> bool| {
            let next_unused = (1..group.len()).find(|&i| !used[i]);
            match next_unused {
                Some(i) if matches(i) => Some((i, true)),
                _ => (1..group.len())
                    .find(|&i| !used[i] && matches(i))
                    .map(|i| (i, true))
                    .or_else(|| {
                        (1..group.len())
                            .find(|&i| used[i] && matches(i) && !stack.contains(&i))
                            .map(|i| (i, false))
                    }),
            }
        };
        let captioned =
            |i: usize| by_name.is_some() && group.table(i).and_then(|tb| tb.link_name()) == by_name;
        let pointed = |i: usize| group.table(i).is_some_and(|tb| points_at(row, tb));
        let target = find(&captioned).or_else(|| find(&pointed));
        let Some(name) = by_name else {
            // An `Object` row no table is linked to is a free-form object.
            if let Some((i, fresh)) = target {
                link_to(group, t, r, i, fresh, links, used, stack, page);
            }
            continue;
        };
        match target {
            Some((i, fresh)) => link_to(group, t, r, i, fresh, links, used, stack, page),
            None => page.unplace(
                row.type_text.at,
                format!(
                    "no table captioned `{name}` follows for field `{}`",
                    row.name.text
                ),
            ),
        }
    }
}

/// Links row `r` of table `t` to table `i`, and visits `i` when it is `fresh` (not linked before).
#[allow(clippy::too_many_arguments)]
fn link_to(
    group: &Group,
    t: usize,
    r: usize,
    i: usize,
    fresh: bool,
    links: &mut Links,
    used: &mut [bool],
    stack: &mut Vec<usize>,
    page: &mut Page,
) {
    if let Some(slot) = links.child.get_mut(t).and_then(|rows| rows.get_mut(r)) {
        *slot = Some(i);
    }
    if fresh {
        used[i] = true;
        stack.push(i);
        visit(group, i, links, used, stack, page);
        stack.pop();
    }
}

/// `Object`, `Array of objects`: a type cell that names no table, whose table older layouts link otherwise.
fn is_object_like(ty: &TypeSpec) -> bool {
    match ty {
        TypeSpec::Object | TypeSpec::Any => true,
        TypeSpec::Array(inner) | TypeSpec::Map(inner) => is_object_like(inner),
        _ => false,
    }
}

/// Words of older layouts' captions that say what a table is, not which field it describes.
const CAPTION_WORDS: &[&str] = &[
    "parameter",
    "parameters",
    "field",
    "fields",
    "description",
    "data",
    "structure",
    "of",
    "the",
    "in",
    "table",
    "object",
    "objects",
    "request",
    "response",
];

/// Whether an older layout's row points at `table`: its description says `see Table N` (the table's
/// number) or names the table's caption (`see Parameters in the error field`), or the caption names the row
/// (`tags field description`, `Data structure description of the quotas.resources field`).
fn points_at(row: &Row, table: &Table) -> bool {
    let caption = table.caption.text.as_str();
    let (number, title) = match labels::caption(caption) {
        Some((n, _)) => (
            Some(n),
            caption
                .split_once(char::is_whitespace)
                .map_or("", |(_, rest)| rest)
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .trim(),
        ),
        None => (None, caption),
    };
    let words: Vec<&str> = title.split_whitespace().collect();
    if words.len() < 2 {
        // A one-word caption is a recent layout's schema or field name: linked by the type cell only.
        return false;
    }
    let said = std::iter::once(row.type_text.text.as_str())
        .chain(row.description.iter().map(|d| d.text.as_str()));
    for text in said {
        if let Some(n) = number
            && mentions_table(text, n)
        {
            return true;
        }
        if text.contains(title) {
            return true;
        }
    }
    let name = row.name.text.as_str();
    !CAPTION_WORDS.contains(&name.to_ascii_lowercase().as_str())
        && words.iter().any(|w| {
            let w = w.trim_matches(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'));
            w == name || w.rsplit('.').next() == Some(name)
        })
}

/// Whether `text` says `Table n` (not `Table n0`).
fn mentions_table(text: &str, n: u32) -> bool {
    let needle = format!("Table {n}");
    text.match_indices(&needle)
        .any(|(at, _)| !text[at + needle.len()..].starts_with(|c: char| c.is_ascii_digit()))
}
