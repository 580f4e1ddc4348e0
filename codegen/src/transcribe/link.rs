//! Which object table each `X object` / `Array of X objects` cell points at.
//!
//! Tables follow their parent depth first, in the order the parent's rows link them, and captions repeat
//! (ShowCesHierarchy has two `queues` and two `partitions` tables), so a link goes to the next unused table
//! with its caption, not to the first table with that caption. A caption linked a second time after its table
//! was used (one `TagEntity` table for two fields) goes to that table again.

use super::page::{Group, Page};

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
        let Some(name) = row.ty.table() else {
            continue;
        };
        let captioned = |i: usize| group.table(i).and_then(|tb| tb.link_name()) == Some(name);
        let next_unused = (1..group.len()).find(|&i| !used[i]);
        let target = match next_unused {
            Some(i) if captioned(i) => Some((i, true)),
            _ => (1..group.len())
                .find(|&i| !used[i] && captioned(i))
                .map(|i| (i, true))
                .or_else(|| {
                    (1..group.len())
                        .find(|&i| used[i] && captioned(i) && !stack.contains(&i))
                        .map(|i| (i, false))
                }),
        };
        match target {
            Some((i, fresh)) => {
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
