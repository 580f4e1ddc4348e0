//! Which object table each `X object` / `Array of X objects` cell points at.
//!
//! Tables follow their parent depth first, in the order the parent's rows link them, and captions repeat
//! (ShowCesHierarchy has two `queues` and two `partitions` tables), so a link goes to the next unused table
//! with its caption, not to the first table with that caption. A caption linked a second time after its table
//! was used (one `TagEntity` table for two fields) goes to that table again.
//!
//! Older layouts link more loosely, and each of these is a link too (never a guess across names):
//! - a table captioned with the type's name in other words: `floatingip objects`, `Description of the
//!   bandwidth field`, `pools parameter description` for `floatingip object`, `bandwidth object`, …;
//! - a table numbered as the type says (`Array of Table 1 objects`) or as the description points
//!   (`For details, see Table 2.`);
//! - an `Object` row (no type name) followed by a table captioned with the field's name (`group`) or its
//!   dotted path from the body (`group.links`); an `Object` row that no table describes stays free-form;
//! - a scalar row (`String`) whose description says `see Table N` of a table no row linked yet: the type
//!   cell and the table disagree (doc defect, noted); the field keeps its stated type, as the answer keys do
//!   (SMN `value` is a policy document sent as a string), unless the page's examples give the field an object
//!   or a list of objects (ELB `quota`, `loadbalancers`): then the table and the examples agree against the
//!   type cell, and the field is the table's object (or a list of them);
//! - last, a list row and the very next table captioned with one item of it (`tags` → `tag field
//!   description` or `resource_tag field description`, `floating_ips` → `floating_ip objects`).

use super::labels::{self, TypeSpec};
use super::page::{Group, Page, Row, Table};
use crate::spec::yaml::{Node, Value};
use std::collections::BTreeSet;

/// The links of one body.
#[derive(Debug, Clone)]
pub(crate) struct Links {
    /// `child[t][r]`: the table row `r` of table `t` links to.
    pub child: Vec<Vec<Option<usize>>>,
    /// `(t, r)` → the type row `r` of table `t` has instead of its type cell: a scalar cell whose linked
    /// table the page's examples agree with (an object, or a list of objects, where the cell says `String`).
    pub retyped: Vec<((usize, usize), TypeSpec)>,
    /// `(first, t)`: table `t` is another way to fill what linked table `first` describes (an alternative
    /// table, see [`alternative_of`]); `first` is never itself an alternative. The spec makes the references
    /// to `first` a `oneOf` of `first`, then its alternatives in page order.
    pub alternatives: Vec<(usize, usize)>,
}

impl Links {
    /// The type row `r` of table `t` has instead of its type cell, if the examples overrule the cell.
    pub(crate) fn retyped(&self, t: usize, r: usize) -> Option<&TypeSpec> {
        self.retyped
            .iter()
            .find(|(at, _)| *at == (t, r))
            .map(|(_, ty)| ty)
    }

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
        retyped: Vec::new(),
        alternatives: Vec::new(),
    };
    let mut used = vec![false; n];
    used[0] = true;
    let mut stack = vec![0usize];
    let mut missing = Vec::new();
    visit(
        group,
        0,
        &[],
        &mut links,
        &mut used,
        &mut stack,
        &mut missing,
    );
    link_the_only_pair(group, page, &mut links, &mut used, &mut missing);
    link_misspelled_captions(group, page, &mut links, &mut used, &mut missing);
    link_types_to_their_lists(group, page, &mut links, &mut used, &mut missing);
    // A row naming a table the page does not have (CCE `metadata object`, no `metadata` table): when every
    // table of the body is linked, no table can be the one meant, so the page lacks it (doc defect) and the
    // field stays a free-form object with a note. With a table left over, the row may be meant to link to
    // it under another name: both stay unplaced.
    for t in 0..n {
        let Some(table) = group.table(t) else {
            continue;
        };
        for (r, row) in table.rows.iter().enumerate() {
            let linked = links.child[t].get(r).copied().flatten();
            if let Some(c) = linked
                && row.ty.scalar_map_value().is_some()
                && let Some(child) = group.table(c)
            {
                page.note(
                    row.type_text.at,
                    "map-entries-table",
                    format!(
                        "`{}` is `{}` and `{}` lists its entries: the map's schema gives them as properties, its values keep their type",
                        row.name.text, row.type_text.text, child.caption.text
                    ),
                );
            }
            if let Some(c) = linked
                && row.ty.is_scalar()
                && let Some(child) = group.table(c)
            {
                let mut path = path_to(group, &links, t);
                path.push(row.name.text.clone());
                if let Some(shape) = example_shape(page, &path) {
                    let (ty, what) = match shape {
                        Shape::Object => (TypeSpec::Object, "an object"),
                        Shape::Objects => (
                            TypeSpec::Array(Box::new(TypeSpec::Object)),
                            "a list of objects",
                        ),
                    };
                    page.note(
                        row.type_text.at,
                        "scalar-type-against-table-and-example",
                        format!(
                            "`{}` is `{}` but its description points at `{}` and the examples give it {what} (doc defect); the field is {what} of that table",
                            row.name.text, row.type_text.text, child.caption.text
                        ),
                    );
                    links.retyped.push(((t, r), ty));
                    continue;
                }
                page.note(
                    row.type_text.at,
                    "scalar-type-with-table",
                    format!(
                        "`{}` is `{}` but its description points at `{}` (doc defect); the field keeps its stated type",
                        row.name.text, row.type_text.text, child.caption.text
                    ),
                );
            }
        }
    }
    note_rows_in_descriptions(group, page);
    note_pointers_elsewhere(group, page, &links);
    let all_linked = used.iter().all(|u| *u);
    // A row still wanting a table (`Tag object` with no `Tag` table, `tags` / `Array of objects` with none)
    // may be meant to link to a table left over: then no left-over table is set aside as describing nothing.
    let a_named_type_wants_a_table = !missing.is_empty();
    let a_row_wants_a_table = a_named_type_wants_a_table
        || (0..n).filter(|&t| used[t]).any(|t| {
            group.table(t).is_some_and(|tb| {
                tb.rows.iter().enumerate().any(|(r, row)| {
                    links.child[t].get(r).copied().flatten().is_none() && is_plain_object(&row.ty)
                })
            })
        });
    for (at, declared, field, spelled) in missing {
        if all_linked {
            page.note(
                at,
                "type-without-table",
                format!("`{field}` is `{spelled}` but no table of the page describes `{declared}` (doc defect); the field is a free-form object"),
            );
        } else {
            page.unplace(
                at,
                format!("no table captioned `{declared}` follows for field `{field}`"),
            );
        }
    }
    let ways = ways_of_calling(page);
    // In page order, so a left-out table takes the tables after it that its rows link (`token.catalog`, then
    // `token.catalog.endpoints`) before they are looked at on their own.
    for t in 1..n {
        if !used[t]
            && let Some(table) = group.table(t)
        {
            // A caption that names its field in so many words (`roles.links`, `Parameters in the
            // VolumeDetailForTag field`) is no other row's table, so an `Object` row still wanting one does
            // not hold it back; a named type still wanting its table (`Tag object`) may be misspelled.
            let held_back =
                a_named_type_wants_a_table || (a_row_wants_a_table && !names_a_field(table));
            if !held_back && let Some(name) = names_no_field_of(group, table) {
                page.note(
                    table.caption.at,
                    "table-without-field",
                    format!(
                        "`{}` describes `{name}`, but no row of the body is `{name}` or points at the table (doc defect); its rows, and the tables they link, are left out of the spec",
                        table.caption.text
                    ),
                );
                link_left_out(group, t, name, &mut links, &mut used);
                continue;
            }
            if let Some((first, why)) = alternative_of(group, &links, &used, t)
                .or_else(|| body_of_a_way_of_calling(&ways, group, t))
            {
                // An alternative of an alternative (IMS CreateImage's third body, named like the second) is
                // one more way to fill the first.
                let root = links
                    .alternatives
                    .iter()
                    .find(|(_, a)| *a == first)
                    .map_or(first, |(r, _)| *r);
                let first = group.table(first).map_or("", |tb| tb.caption.text.as_str());
                // A table that only a field keeping its scalar type points at (RDS `task_detail`, `String`)
                // is no schema: there is no reference to make a choice of.
                let is_schema = root == 0
                    || links.child.iter().enumerate().any(|(p, rows)| {
                        rows.iter().enumerate().any(|(r, c)| {
                            *c == Some(root)
                                && group
                                    .table(p)
                                    .and_then(|tb| tb.rows.get(r))
                                    .is_some_and(|row| {
                                        refers_to_its_table(links.retyped(p, r).unwrap_or(&row.ty))
                                    })
                        })
                    });
                let placed = if is_schema {
                    links.alternatives.push((root, t));
                    "the spec makes it a later branch of a `oneOf` whose first branch is the first table, as the answer keys read it"
                } else {
                    "the first is no schema of its own (its field keeps a scalar type), so this table's rows, and the tables they link, are left out of the spec"
                };
                page.note(
                    table.caption.at,
                    "alternative-table",
                    format!(
                        "`{}` is another way to fill what `{first}` describes ({why}); {placed}",
                        table.caption.text
                    ),
                );
                let name = table.link_name().unwrap_or_default().to_owned();
                link_left_out(group, t, &name, &mut links, &mut used);
                continue;
            }
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

/// Notes a row the page's layout merged into the previous row's description: a name cell naming either of
/// two fields (IAM ObtainingATemporaryAkSk: `domain_name or domain_id` / `Mandatory` / `String` after
/// `agency_name`'s description), which the table reader does not take for a row. It stays in the
/// description (the spec cannot say "one of these two fields" without another choice); the note makes it
/// visible.
fn note_rows_in_descriptions(group: &Group, page: &mut Page) {
    let either = |text: &str| {
        text.split_once(" or ").is_some_and(|(a, b)| {
            let ident = |s: &str| {
                s.starts_with(|c: char| c.is_ascii_alphabetic())
                    && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            };
            ident(a) && ident(b)
        })
    };
    let mut found = Vec::new();
    for t in 0..group.len() {
        let Some(table) = group.table(t) else {
            continue;
        };
        for row in &table.rows {
            for w in row.description.windows(3) {
                if either(&w[0].text)
                    && labels::yes_no(&w[1].text).is_some()
                    && labels::parse_type(&w[2].text).is_some()
                {
                    found.push((
                        w[0].at,
                        format!(
                            "`{}` / `{}` / `{}` in `{}`'s description reads as a row of `{}` naming either of two fields, which the table's layout does not give a row (doc defect); it is kept in the description, not made a field",
                            w[0].text, w[1].text, w[2].text, row.name.text, table.caption.text
                        ),
                    ));
                }
            }
        }
    }
    for (at, message) in found {
        page.note(at, "row-in-description", message);
    }
}

/// Whether a row of type `ty` linked to a table refers to the table's schema (`Tag object`, `Array of Tag
/// objects`), not only points at it (`String`, `Array of strings`).
fn refers_to_its_table(ty: &TypeSpec) -> bool {
    fn has_ref(node: &Node) -> bool {
        match &node.value {
            Value::Map(m) => m
                .iter()
                .any(|(k, v)| k == crate::spec::keys::REF || has_ref(v)),
            Value::Seq(items) => items.iter().any(has_ref),
            _ => false,
        }
    }
    has_ref(&Node::map(super::build::type_schema(ty, Some("table"))))
}

/// The field path from the body to table `t`: the names of the rows linking to it, outermost first (the
/// first linking row of each table; at most one step per table, so a cycle of links ends).
fn path_to(group: &Group, links: &Links, t: usize) -> Vec<String> {
    let mut path = Vec::new();
    let mut at = t;
    for _ in 0..group.len() {
        let parent = (0..group.len()).find_map(|p| {
            let r = links.child.get(p)?.iter().position(|c| *c == Some(at))?;
            Some((p, group.table(p)?.rows.get(r)?.name.text.clone()))
        });
        match parent {
            Some((p, name)) if at != 0 => {
                path.push(name);
                at = p;
            }
            _ => break,
        }
    }
    path.reverse();
    path
}

/// What the page's JSON examples give a field at `path` from a body's root (lists on the way are looked
/// through).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// An object every time.
    Object,
    /// A non-empty list of objects every time.
    Objects,
}

/// The shape every JSON example of the page (request bodies and responses) gives the field at `path`, when
/// it is the same in all that have the field; `None` when none has it, or one gives a scalar, `null`, an
/// empty list or another shape.
fn example_shape(page: &Page, path: &[String]) -> Option<Shape> {
    let requests = page
        .request_examples
        .iter()
        .filter_map(|e| e.body.as_ref()?.json.as_ref());
    let responses = page
        .response_examples
        .iter()
        .flat_map(|e| e.blocks.iter())
        .filter_map(|b| b.json.as_ref());
    let mut values: Vec<&Node> = requests.chain(responses).collect();
    for name in path {
        values = values
            .into_iter()
            .flat_map(|v| match &v.value {
                Value::Seq(items) => items.iter().collect(),
                _ => vec![v],
            })
            .filter_map(|v| v.as_map()?.get(name.as_str()))
            .collect();
    }
    let shape_of = |v: &Node| match &v.value {
        Value::Map(_) => Some(Shape::Object),
        Value::Seq(items)
            if !items.is_empty() && items.iter().all(|i| matches!(i.value, Value::Map(_))) =>
        {
            Some(Shape::Objects)
        }
        _ => None,
    };
    let first = shape_of(values.first()?)?;
    values
        .iter()
        .all(|v| shape_of(v) == Some(first))
        .then_some(first)
}

/// Whether `table`'s caption names the field it describes in so many words: a dotted path from the body
/// (`roles.links`, `token.catalog`) or a name among caption words (`Parameters in the VolumeDetailForTag
/// field`, `security_options field description`). A bare one-word caption (`CreateOpenIDConnectConfig`) may be
/// a type's name that an `object` row lost the link to (see `link_the_only_pair`).
fn names_a_field(table: &Table) -> bool {
    table.link_name().is_some_and(|title| {
        let title = title.trim();
        let words = title.split_whitespace().count();
        (words == 1 && title.contains('.')) || words > 1
    })
}

/// The linked table that unlinked table `t` is an alternative of, and why: pages document one field or body
/// once per way of calling, each in its own table, and link only the first.
/// - a row linked to one table points at `t` too (ELB `members`: `If action is set to add, see Table 3 … If
///   action is set to delete, see Table 4`; RDS `instance`: `… see Table 3. For … a read replica, see
///   Table 4.`);
/// - or `t` shares at least a third of its fields (two or more) with a linked table: the same body again
///   (IMS CreateImage: `Parameters for creating an image using an image file uploaded to the OBS bucket`,
///   8 of its 17 fields named as in the body's `Parameters for creating a system or data disk image from an
///   ECS`; RDS `Table 3 Parameter for Replica creation`, 7 of 8). A table of another object shares a field
///   or two (`id`, `name`) with few tables, and is then still unplaced;
/// - or `t` names exactly the fields of the body's top table (IMS GlanceUpdateImage `Table 4 v2.0 request
///   message body`, `[Array]` like `Table 2 v2.1 request message body`): the whole body, another way.
fn alternative_of(
    group: &Group,
    links: &Links,
    used: &[bool],
    t: usize,
) -> Option<(usize, String)> {
    let table = group.table(t)?;
    let number = labels::caption(&table.caption.text).map(|(n, _)| n);
    for (p, rows) in links.child.iter().enumerate() {
        for (r, linked) in rows.iter().enumerate() {
            let (Some(c), Some(row)) = (linked, group.table(p).and_then(|tb| tb.rows.get(r)))
            else {
                continue;
            };
            let said = std::iter::once(row.type_text.text.as_str())
                .chain(row.description.iter().map(|d| d.text.as_str()));
            let points = number.is_some_and(|n| said.clone().any(|text| mentions_table(text, n)));
            if *c != t && used[p] && points {
                let caption = group.table(*c).map_or("", |tb| tb.caption.text.as_str());
                return Some((
                    *c,
                    format!(
                        "`{}` points at both `{caption}` and `{}`",
                        row.name.text, table.caption.text
                    ),
                ));
            }
        }
    }
    // Every field named as in the body's top table (IMS GlanceUpdateImage `Table 4 v2.0 request message
    // body`, `[Array]` as in `Table 2 v2.1 request message body`): the whole body again, another way.
    if t != 0
        && !table.rows.is_empty()
        && group
            .table(0)
            .is_some_and(|top| field_names(top) == field_names(table))
    {
        return Some((
            0,
            "its fields are named as the body's top table's".to_owned(),
        ));
    }
    let fields = table.rows.len();
    (0..group.len())
        .filter(|&p| p != t && used[p])
        .filter_map(|p| {
            let other = group.table(p)?;
            let shared = table
                .rows
                .iter()
                .filter(|row| other.rows.iter().any(|o| o.name.text == row.name.text))
                .count();
            (shared >= 2 && shared * 3 >= fields).then_some((p, shared))
        })
        .max_by_key(|&(p, shared)| (shared, std::cmp::Reverse(p)))
        .map(|(p, shared)| {
            (
                p,
                format!("{shared} of its {fields} fields are named as there"),
            )
        })
}

/// The names of `table`'s rows.
fn field_names(table: &Table) -> BTreeSet<&str> {
    table.rows.iter().map(|r| r.name.text.as_str()).collect()
}

/// The captions of the page's parameter tables that stand for ways of calling: tables captioned without
/// `Table N`, in words, under a label naming their kind (IAM ObtainingATemporaryAkSk: `Parameters in the
/// request header`, then `Obtaining a temporary AK/SK with an agency token (methods is set to
/// assume_role)` and `… with a user token or a federated token (methods is set to token)`, one header
/// table per way).
fn ways_of_calling(page: &Page) -> Vec<String> {
    page.params
        .iter()
        .filter(|t| labels::caption(&t.caption.text).is_none())
        .filter(|t| t.caption.text.split_whitespace().count() > 3)
        .map(|t| t.caption.text.clone())
        .collect()
}

/// Unlinked table `t` of a body captioned as one of the page's ways of calling ([`ways_of_calling`]): the
/// body to send that way, another way to fill the body's top table (IAM ObtainingATemporaryAkSk's two last
/// request tables, captioned as its header tables; the answer key keeps the first body table as the
/// request body and these as variants).
fn body_of_a_way_of_calling(ways: &[String], group: &Group, t: usize) -> Option<(usize, String)> {
    let table = group.table(t)?;
    ways.contains(&table.caption.text).then(|| {
        (
            0,
            "it is captioned as a way of calling the page's header tables document".to_owned(),
        )
    })
}

/// Links the rows of table `t`, left out of the spec as describing field `name` that the body lacks, to the
/// tables after it that they name (`token.catalog`'s `endpoints` → `token.catalog.endpoints`), as the body's
/// rows would: those tables are left out with it, not reported as linked by no row. `name` is the field's
/// path (`token.catalog`) or name.
fn link_left_out(group: &Group, t: usize, name: &str, links: &mut Links, used: &mut [bool]) {
    used[t] = true;
    let path: Vec<&str> = name.split('.').collect();
    let mut stack = vec![t];
    // Its rows are left out with it, so a named type without its table there is nothing to report.
    let mut missing = Missing::new();
    visit(group, t, &path, links, used, &mut stack, &mut missing);
}

/// The recent layout's type cell is a link to a table captioned with a one-word name (`OpenIDConnectConfig`);
/// the page text keeps only `object` (IAM `openid_connect_config`: `object`, then `Table 4
/// CreateOpenIDConnectConfig`), or the caption has a typo (`login_protect` → `Table 4 Login_project`). When
/// exactly one `object` / `Array of objects` row of the body has no table and exactly one table after it is
/// linked by no row, with a one-word caption, that table is the row's: no other reading places both. A
/// caption of several words (`Parameters in the VolumeDetailForTag field`) or a dotted path (`roles.links`)
/// names a field, and a row of another name does not take it. Noted, as the page never says it.
fn link_the_only_pair(
    group: &Group,
    page: &mut Page,
    links: &mut Links,
    used: &mut [bool],
    missing: &mut Missing,
) {
    let unlinked_objects: Vec<(usize, usize)> = (0..group.len())
        .filter(|&t| used[t])
        .flat_map(|t| {
            let rows = group.table(t).map_or(&[][..], |tb| &tb.rows[..]);
            let child = &links.child[t];
            rows.iter()
                .enumerate()
                .filter(move |(r, row)| {
                    child.get(*r).copied().flatten().is_none() && is_plain_object(&row.ty)
                })
                .map(move |(r, _)| (t, r))
        })
        .collect();
    let unused: Vec<usize> = (1..group.len()).filter(|&i| !used[i]).collect();
    let ([(t, r)], [i]) = (&unlinked_objects[..], &unused[..]) else {
        return;
    };
    let (Some(row), Some(table)) = (
        group.table(*t).and_then(|tb| tb.rows.get(*r)),
        group.table(*i),
    ) else {
        return;
    };
    // A caption naming a field (several words, or a dotted path like `roles.links`) is not a lost type name.
    if *i <= *t || names_a_field(table) {
        return;
    }
    page.note(
        row.type_text.at,
        "linked-by-elimination",
        format!(
            "`{}` is `{}` and names no table; `{}` is the only table no row links to, so it describes the field (the page text lost the link)",
            row.name.text, row.type_text.text, table.caption.text
        ),
    );
    let name = row.name.text.clone();
    let mut stack = vec![0, *t];
    link_to(
        group,
        *t,
        *r,
        *i,
        true,
        &[name.as_str()],
        links,
        used,
        &mut stack,
        missing,
    );
}

/// A row naming a table no caption names (`spec object`), while exactly one table no row links to has a
/// caption naming a field one typo away (CCE UpdateAddonInstance `Table 8 Data structure of the spce field`:
/// two letters swapped; the example has `spec`): that table is the row's, and the caption's typo a doc defect,
/// noted. The only such table: two candidates, or a row whose name is that of another field of its table,
/// leave both unplaced.
fn link_misspelled_captions(
    group: &Group,
    page: &mut Page,
    links: &mut Links,
    used: &mut [bool],
    missing: &mut Missing,
) {
    let mut m = 0;
    while m < missing.len() {
        let (at, declared, field, spelled) = &missing[m];
        let near = |i: &usize| {
            group
                .table(*i)
                .and_then(Table::link_name)
                .is_some_and(|title| {
                    one_typo_apart(&caption_key(title), &declared.to_ascii_lowercase())
                })
        };
        let unused: Vec<usize> = (1..group.len()).filter(|&i| !used[i] && near(&i)).collect();
        let row_at = (0..group.len()).filter(|&t| used[t]).find_map(|t| {
            let rows = group.table(t).map_or(&[][..], |tb| &tb.rows[..]);
            rows.iter()
                .position(|row| row.type_text.at == *at)
                .filter(|&r| links.child[t].get(r).copied().flatten().is_none())
                .map(|r| (t, r))
        });
        let (Some((t, r)), [i]) = (row_at, &unused[..]) else {
            m += 1;
            continue;
        };
        let caption = group.table(*i).map_or("", |tb| tb.caption.text.as_str());
        page.note(
            *at,
            "caption-misspelled",
            format!(
                "`{field}` is `{spelled}`, and the only table no row links to, `{caption}`, names it with a typo (doc defect); the table describes the field"
            ),
        );
        let name = field.clone();
        let mut stack = vec![0, t];
        let i = *i;
        missing.remove(m);
        link_to(
            group,
            t,
            r,
            i,
            true,
            &[name.as_str()],
            links,
            used,
            &mut stack,
            missing,
        );
    }
}

/// A row naming a type no caption names (EVS ListVolumes `volumes_links` / `Array of Link objects`, no `Link`
/// table) while exactly one table is captioned with a field named as the type's plural (`Parameters in the
/// links field`, the list of `Link` each disk has, `href` / `rel`): that table describes one `Link`, and the
/// row takes it too, linked or not (one schema for both fields). The recent layout's type cell was a link to
/// the table, which the page text lost; noted, as the page never says it in words. Two such tables, or none,
/// leave the row to `link`'s missing-table rule.
fn link_types_to_their_lists(
    group: &Group,
    page: &mut Page,
    links: &mut Links,
    used: &mut [bool],
    missing: &mut Missing,
) {
    let mut m = 0;
    while m < missing.len() {
        let (at, declared, field, spelled) = &missing[m];
        let plural = format!("{}s", declared.to_ascii_lowercase().replace(' ', "_"));
        let lists: Vec<usize> = (1..group.len())
            .filter(|&i| {
                group
                    .table(i)
                    .filter(|tb| names_a_field(tb))
                    .and_then(Table::link_name)
                    .is_some_and(|title| {
                        let mut words = title
                            .split_whitespace()
                            .filter(|w| !CAPTION_WORDS.contains(&w.to_ascii_lowercase().as_str()));
                        matches!((words.next(), words.next()), (Some(name), None) if name.eq_ignore_ascii_case(&plural))
                    })
            })
            .collect();
        let row_at = (0..group.len()).filter(|&t| used[t]).find_map(|t| {
            let rows = group.table(t).map_or(&[][..], |tb| &tb.rows[..]);
            rows.iter()
                .position(|row| row.type_text.at == *at)
                .filter(|&r| links.child[t].get(r).copied().flatten().is_none())
                .map(|r| (t, r))
        });
        let (Some((t, r)), [i]) = (row_at, &lists[..]) else {
            m += 1;
            continue;
        };
        let i = *i;
        let caption = group.table(i).map_or("", |tb| tb.caption.text.as_str());
        page.note(
            *at,
            "type-named-by-its-list",
            format!(
                "`{field}` is `{spelled}` and no table is captioned `{declared}`; `{caption}` describes a list of them, so it describes `{declared}` (the page text lost the type cell's link)"
            ),
        );
        let name = field.clone();
        let mut stack = vec![0, t];
        let fresh = !used[i];
        missing.remove(m);
        link_to(
            group,
            t,
            r,
            i,
            fresh,
            &[name.as_str()],
            links,
            used,
            &mut stack,
            missing,
        );
    }
}

/// Whether `a` and `b` differ by one typo: a letter added, dropped or changed, or two neighbours swapped
/// (`spce` for `spec`). Equal names are no typo.
pub(crate) fn one_typo_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a == b {
        return false;
    }
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[head..], &b[head..]);
    match a.len().abs_diff(b.len()) {
        0 => a[1..] == b[1..] || (a.len() >= 2 && a[0] == b[1] && a[1] == b[0] && a[2..] == b[2..]),
        1 if a.len() > b.len() => a[1..] == *b,
        1 => b[1..] == *a,
        _ => false,
    }
}

/// A row linked to a table captioned with its name whose description points at another table of the body
/// (RDS `instances`: `see Table 4`, linked to `Table 3 instances field data structure description`, whose
/// `instance` row is the one pointing at Table 4, as the example's `instances[].instance` shows): the caption
/// wins and the pointer is a doc defect, noted.
fn note_pointers_elsewhere(group: &Group, page: &mut Page, links: &Links) {
    let number = |i: usize| {
        group
            .table(i)
            .and_then(|tb| labels::caption(&tb.caption.text))
            .map(|(n, _)| n)
    };
    for (t, rows) in links.child.iter().enumerate() {
        for (r, linked) in rows.iter().enumerate() {
            let (Some(c), Some(row)) = (linked, group.table(t).and_then(|tb| tb.rows.get(r)))
            else {
                continue;
            };
            // Older layouts say it in the type cell (`List data structure. For details, see Table 4.`) or
            // the description.
            let Some(pointed) = see_table_in(&row.type_text.text).or_else(|| see_table(row)) else {
                continue;
            };
            let exists = (1..group.len()).any(|i| number(i) == Some(pointed));
            if number(*c) != Some(pointed) && exists {
                let caption = group.table(*c).map_or("", |tb| tb.caption.text.as_str());
                page.note(
                    row.type_text.at,
                    "pointer-elsewhere",
                    format!(
                        "`{}` says `see Table {pointed}` but `{caption}` is the table named after it (doc defect); the field is that table's",
                        row.name.text
                    ),
                );
            }
        }
    }
}

/// `Object` / `object` / `Array of objects`: an object named by no table name.
fn is_plain_object(ty: &TypeSpec) -> bool {
    match ty {
        TypeSpec::Object => true,
        TypeSpec::Array(inner) => **inner == TypeSpec::Object,
        _ => false,
    }
}

/// Rows whose type names a table no link was found for: the type cell's line, the table's name, the field,
/// the type cell.
type Missing = Vec<(usize, String, String, String)>;

fn visit(
    group: &Group,
    t: usize,
    path: &[&str],
    links: &mut Links,
    used: &mut [bool],
    stack: &mut Vec<usize>,
    missing: &mut Missing,
) {
    let Some(table) = group.table(t) else {
        return;
    };
    for (r, row) in table.rows.iter().enumerate() {
        let mut field_path = path.to_vec();
        field_path.push(&row.name.text);
        let declared = row.ty.table();
        if declared.is_none() && !is_object_like(&row.ty) {
            // A map of scalars (EVS `metadata` `Map<String,String>`, `links` `list<map<String, String>>`)
            // whose description names a table no row has linked (`see Parameters in the links field`): the
            // table lists the map's entries.
            if row.ty.scalar_map_value().is_some() {
                let pointed = (1..group.len())
                    .find(|&i| !used[i] && group.table(i).is_some_and(|tb| points_at(row, tb)));
                if let Some(i) = pointed {
                    link_to(
                        group,
                        t,
                        r,
                        i,
                        true,
                        &field_path,
                        links,
                        used,
                        stack,
                        missing,
                    );
                }
                continue;
            }
            if !row.ty.is_scalar() {
                continue;
            }
            // A scalar row whose description says `see Table N` of a table no row has linked yet (ELB
            // `quota` `String`, see Table 3): the table describes the field and the type cell disagrees (doc
            // defect, noted by `link`); the field keeps its stated type.
            let numbered = see_table(row).or_else(|| listed_table(row)).and_then(|n| {
                (1..group.len()).find(|&i| {
                    !used[i]
                        && group.table(i).is_some_and(|tb| {
                            labels::caption(&tb.caption.text).map(|(m, _)| m) == Some(n)
                        })
                })
            });
            // Or no row has linked a table captioned with the field's name (ELB `loadbalancers` `String`,
            // `Table 6 loadbalancers parameter description`): the same disagreement.
            let named = || {
                (1..group.len()).find(|&i| {
                    !used[i]
                        && group
                            .table(i)
                            .is_some_and(|tb| names_field(tb, row, &field_path))
                })
            };
            if let Some(i) = numbered.or_else(named) {
                link_to(
                    group,
                    t,
                    r,
                    i,
                    true,
                    &field_path,
                    links,
                    used,
                    stack,
                    missing,
                );
            }
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
        // First a table captioned with the type's name (or the field's, in other words, by number); else one
        // the row points at (older layouts' `see Table N`, `tags field description`).
        let captioned = |i: usize| {
            group
                .table(i)
                .is_some_and(|tb| describes(tb, row, declared, &field_path))
        };
        let pointed = |i: usize| group.table(i).is_some_and(|tb| points_at(row, tb));
        // Last, the very next table when its caption names the row's items (`tags` → `tag field
        // description`, `resource_tag field description`): only next in order, so it cannot take a table
        // another row names.
        let next_names_items = || {
            (1..group.len())
                .find(|&i| !used[i])
                .filter(|&i| group.table(i).is_some_and(|tb| names_items(tb, row)))
                .map(|i| (i, true))
        };
        // Before all, a table captioned with the field's whole dotted path (`mappings.links`): IAM pages give
        // both `links` (the body's) and `mappings.links`, and the nested `links` row, visited first, must not
        // take the body's table by its bare name.
        let dotted = field_path.join(".");
        let whole_path = |i: usize| {
            field_path.len() > 1
                && group
                    .table(i)
                    .and_then(Table::link_name)
                    .is_some_and(|title| title == dotted)
        };
        // Only a table no row has taken: IAM KeystoneListGroups captions the body's links `groups.links` and
        // the group's `links`, and the body's `links` row, visited first, has taken `groups.links` by its last
        // segment (as the example has it).
        let fresh_whole_path = (1..group.len())
            .find(|&i| !used[i] && whole_path(i))
            .map(|i| (i, true));
        let target = fresh_whole_path
            .or_else(|| find(&captioned))
            .or_else(|| find(&pointed))
            .or_else(next_names_items);
        match target {
            Some((i, fresh)) => {
                link_to(
                    group,
                    t,
                    r,
                    i,
                    fresh,
                    &field_path,
                    links,
                    used,
                    stack,
                    missing,
                );
            }
            // An `Object` row no table is linked to is a free-form object.
            None if declared.is_none() => {}
            None => missing.push((
                row.type_text.at,
                declared.unwrap_or_default().to_owned(),
                row.name.text.clone(),
                row.type_text.text.clone(),
            )),
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
    field_path: &[&str],
    links: &mut Links,
    used: &mut [bool],
    stack: &mut Vec<usize>,
    missing: &mut Missing,
) {
    if let Some(slot) = links.child.get_mut(t).and_then(|rows| rows.get_mut(r)) {
        *slot = Some(i);
    }
    if fresh {
        used[i] = true;
        stack.push(i);
        visit(group, i, field_path, links, used, stack, missing);
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

/// The field or type an unlinked table's caption names, when that name is of no row of the body and no row
/// points at the table: ECS UpdateServer's `Table 4 security_options field description` with no
/// `security_options` row, ELB's `listeners parameter description` under load balancers that list no
/// `listeners`, EVS `Parameters in the VolumeDetailForTag field`. Nothing on the page says where the table
/// belongs, so it is a doc defect, noted, and the rest of the page is transcribed (the answer keys list such
/// tables as unlinked). Only while no row of the body wants a table (see `link`). A caption of several words after the filler (`Parameters for creating an image
/// using …`) may describe a whole alternative body, and a row that names or points at the table may be
/// meant to link to it: both stay unplaced.
fn names_no_field_of<'a>(group: &Group, table: &'a Table) -> Option<&'a str> {
    let title = table.link_name()?;
    let mut words = title
        .split_whitespace()
        .filter(|w| !CAPTION_WORDS.contains(&w.to_ascii_lowercase().as_str()));
    let (Some(name), None) = (words.next(), words.next()) else {
        return None;
    };
    let number = labels::caption(&table.caption.text).map(|(n, _)| n);
    let rows = (0..group.len())
        .filter_map(|t| group.table(t))
        .flat_map(|tb| tb.rows.iter());
    for row in rows {
        let row_name = row.name.text.as_str();
        if name.eq_ignore_ascii_case(row_name)
            || name
                .rsplit('.')
                .next()
                .is_some_and(|last| last.eq_ignore_ascii_case(row_name))
        {
            return None;
        }
        let said = std::iter::once(row.type_text.text.as_str())
            .chain(row.description.iter().map(|d| d.text.as_str()));
        for text in said {
            if number.is_some_and(|n| mentions_table(text, n))
                || text.contains(title)
                || text.contains(name)
            {
                return None;
            }
        }
    }
    Some(name)
}

/// Whether `text` says `Table n` (not `Table n0`).
fn mentions_table(text: &str, n: u32) -> bool {
    let needle = format!("Table {n}");
    text.match_indices(&needle)
        .any(|(at, _)| !text[at + needle.len()..].starts_with(|c: char| c.is_ascii_digit()))
}

/// Words captions put around a field or type name (`Description of the bandwidth field`).
const CAPTION_FILLER: &[&str] = &[
    "description",
    "of",
    "the",
    "field",
    "data",
    "structure",
    "parameter",
    "parameters",
    "object",
    "objects",
];

/// A caption's title without the filler words, lower case, words joined by `_`
/// (`Firewall Rule objects` → `firewall_rule`).
pub(crate) fn caption_key(title: &str) -> String {
    title
        .split_whitespace()
        .filter(|w| !CAPTION_FILLER.contains(&w.to_ascii_lowercase().as_str()))
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("_")
}

/// `N` of `Table N`.
fn table_number(name: &str) -> Option<u32> {
    name.strip_prefix("Table ")?.trim().parse().ok()
}

/// `N` of `see Table N` in one cell's text.
fn see_table_in(text: &str) -> Option<u32> {
    let at = text.find("see Table ")?;
    let digits: String = text[at + "see Table ".len()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// `N` of a description's `see Table N` (`For details, see Table 2.`).
fn see_table(row: &Row) -> Option<u32> {
    row.description.iter().find_map(|d| {
        let at = d.text.find("see Table ")?;
        let digits: String = d.text[at + "see Table ".len()..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse().ok()
    })
}

/// `N` of the first description paragraph that is a bare `Table N` (RDS ListJobInfoDetail `task_detail`:
/// `For details, see the following:` / `Table 6` / `Table 7`, the links the page text kept as plain lines):
/// a pointer like `see Table N`. Only a whole paragraph: `Table 6` inside a sentence is read by [`see_table`]
/// when it says `see`.
fn listed_table(row: &Row) -> Option<u32> {
    row.description
        .iter()
        .find_map(|d| table_number(d.text.trim_end_matches('.')))
}

/// The table of `other` (another body of the same page) that an unlinked object row of `own` points at
/// with `see Table N`, when `own` has no table `N` (RDS CreateManualBackup: the response's `databases` /
/// `Array of objects` / `For details, see Table 3.`, Table 3 being the request's `databases field data
/// structure description`): pages number their tables through the whole page, so the pointer names the other
/// body's table, which then describes both fields. Only an `Object` / `Array of objects` row: a scalar row's
/// pointer elsewhere stays the type cell's word.
pub(crate) fn table_in_other_body(row: &Row, own: &Group, other: &Group) -> Option<usize> {
    if !is_plain_object(&row.ty) {
        return None;
    }
    let n = see_table(row)?;
    let numbered = |g: &Group| {
        (0..g.len()).find(|&i| {
            g.table(i)
                .is_some_and(|tb| labels::caption(&tb.caption.text).map(|(m, _)| m) == Some(n))
        })
    };
    if numbered(own).is_some() {
        return None;
    }
    numbered(other)
}

/// Whether an older layout's caption names `row` in words (`loadbalancers parameter description`, `Description
/// of the bandwidth field`): its words without the filler are the field's name or path. A one-word caption
/// (the recent layout's schema or field name) is linked by the type cell only.
fn names_field(table: &Table, row: &Row, field_path: &[&str]) -> bool {
    let Some(title) = table.link_name() else {
        return false;
    };
    if title.split_whitespace().count() < 2 {
        return false;
    }
    let key = caption_key(title);
    key == row.name.text.to_ascii_lowercase() || key == field_path.join(".").to_ascii_lowercase()
}

/// Whether `table`'s caption names one item of `row` (`tags`, `floating_ips`) in older layouts' words: the
/// singular (`tag field description`, `floating_ip objects`) or the singular with a qualifier before it
/// (`resource_tag field description`).
fn names_items(table: &Table, row: &Row) -> bool {
    let Some(title) = table.link_name() else {
        return false;
    };
    let key = caption_key(title);
    let name = row.name.text.to_ascii_lowercase();
    let Some(item) = name.strip_suffix('s').filter(|item| !item.is_empty()) else {
        return false;
    };
    key == item
        || key
            .strip_suffix(item)
            .is_some_and(|head| head.ends_with('_'))
}

/// Whether `table` is the one that describes `row` (of type `declared` object, or `Object`), at
/// `field_path` from the body.
fn describes(table: &Table, row: &Row, declared: Option<&str>, field_path: &[&str]) -> bool {
    let Some(title) = table.link_name() else {
        return false;
    };
    let number = labels::caption(&table.caption.text).map(|(n, _)| n);
    if let Some(name) = declared {
        if title == name {
            return true;
        }
        if let Some(n) = table_number(name) {
            return number == Some(n);
        }
    }
    if number.is_some() && number == see_table(row) {
        return true;
    }
    // `endpoints.links` for `endpoint.links`: a dotted caption names the field by its last segment (the
    // parent part has typos on some pages).
    if title.contains('.') && title.rsplit('.').next() == Some(row.name.text.as_str()) {
        return true;
    }
    let key = caption_key(title);
    let mut names = vec![
        row.name.text.to_ascii_lowercase(),
        field_path.join(".").to_ascii_lowercase(),
    ];
    if let Some(name) = declared {
        names.push(name.to_ascii_lowercase().replace(' ', "_"));
    }
    // `Data structure of the primaryNic/extNics field`: one table for several fields, named with `/`.
    !key.is_empty()
        && (names.contains(&key)
            || key
                .split('/')
                .any(|one| !one.is_empty() && names.iter().any(|n| n == one)))
}

/// Gives each response body the request body's tables that its rows name and its own section lacks.
///
/// A page may give a table once, in the request section, and type a response row with it (CCE CreateNode:
/// the response's `spec` has `login object`, `Volume object`, `publicIP object`, and only the request
/// section has `Table 9 Data structure of the login field` …; UpdateClusterEip's response `spec` row is
/// typed `Table 4`, the request's `spec-spec` table). A named type (`X object`, `Array of X objects`,
/// `Table N`) that no table of its own section is captioned with is described by the request's table of
/// that name or number, and so is an `Object` row whose description points at a `Table N` its section
/// lacks (RDS CreateManualBackup `databases`: `see Table 3.`, the request's): a copy of that table joins the
/// response's tables (with the request tables it wants in turn, when the response lacks them too), so the
/// response's schema and its reconciliation with the response example are its own. An `Object` row that
/// points nowhere names no table, and stays free-form without one of its own. Noted at the row's type cell
/// (`table-from-request`), as the page leaves the reader to find it.
pub(crate) fn borrow_request_tables(page: &mut Page) {
    let Some(request) = page.request_body.clone() else {
        return;
    };
    let mut notes = Vec::new();
    for section in &mut page.responses {
        if let Some(group) = section.body.as_mut() {
            notes.extend(borrow_tables(group, &request));
        }
    }
    for (at, message) in notes {
        page.note(at, "table-from-request", message);
    }
}

/// Appends to `group` the tables of `elsewhere` its rows want (see [`borrow_request_tables`]); returns a
/// note per row so linked. Each round borrows a table of `elsewhere` or ends, so there are at most as many
/// rounds as `elsewhere` has tables. A borrowed table that linking then gives to no row (a row of the
/// section took another table after all) is given back, so no line of it is reported twice.
fn borrow_tables(group: &mut Group, elsewhere: &Group) -> Vec<(usize, String)> {
    let own = group.len();
    // Per table appended: its index in `elsewhere`.
    let mut appended: Vec<usize> = Vec::new();
    // (index in `elsewhere`, line, message).
    let mut notes = Vec::new();
    for _ in 0..elsewhere.len() {
        let mut added = false;
        for (t, r) in rows_wanting_a_table(group) {
            let Some(row) = group.table(t).and_then(|tb| tb.rows.get(r)) else {
                continue;
            };
            let found = (1..elsewhere.len()).find(|&i| {
                elsewhere
                    .table(i)
                    .is_some_and(|tb| is_the_table_wanted(tb, row))
            });
            let (Some(i), Some(table)) = (found, found.and_then(|i| elsewhere.table(i))) else {
                continue;
            };
            notes.push((
                i,
                row.type_text.at,
                format!(
                    "`{}` is `{}` and the response section has no table for it; the request section's `{}` describes it (the page gives that table once)",
                    row.name.text, row.type_text.text, table.caption.text
                ),
            ));
            if !appended.contains(&i) {
                appended.push(i);
                added = true;
                group.nested.push(table.clone());
            }
        }
        if !added {
            break;
        }
    }
    let (_, used) = dry_visit(group);
    let mut kept = Vec::new();
    let mut nested = std::mem::take(&mut group.nested).into_iter();
    group.nested.extend(nested.by_ref().take(own - 1));
    for (k, table) in nested.enumerate() {
        if used.get(own + k).copied().unwrap_or(false) {
            group.nested.push(table);
            kept.extend(appended.get(k).copied());
        }
    }
    notes
        .into_iter()
        .filter(|(i, _, _)| kept.contains(i))
        .map(|(_, at, message)| (at, message))
        .collect()
}

/// The links and the tables reached, linking `group` without touching its page (no notes, nothing
/// unplaced).
fn dry_visit(group: &Group) -> (Links, Vec<bool>) {
    let n = group.len();
    let mut links = Links {
        child: (0..n)
            .map(|t| vec![None; group.table(t).map_or(0, |tb| tb.rows.len())])
            .collect(),
        retyped: Vec::new(),
        alternatives: Vec::new(),
    };
    let mut used = vec![false; n];
    used[0] = true;
    let mut missing = Vec::new();
    visit(
        group,
        0,
        &[],
        &mut links,
        &mut used,
        &mut vec![0],
        &mut missing,
    );
    (links, used)
}

/// The rows (table, row) of the tables linking reaches in `group` that want a table `group` does not have,
/// when linking reaches every table of `group`:
/// a named type (`login object`, `Volume object`, `Table 4`) no table of `group` is captioned with, and
/// linked to no table or to one another row links too (CCE CreateNode's volume `metadata` row is
/// `dataVolumeMetadata object`, and the response's `metadata` table, named after the field, is the
/// body's `metadata`), or an `Object` row
/// linked to no table whose description points at a `Table N` that `group` lacks (RDS CreateManualBackup
/// `databases` / `Array of objects` / `For details, see Table 3.`, the request's table).
fn rows_wanting_a_table(group: &Group) -> Vec<(usize, usize)> {
    let n = group.len();
    let (links, used) = dry_visit(group);
    // A table of the section no row links to may be the one a row means under another name (CCE
    // UpdateAddonInstance `spec object` and `Table 8 Data structure of the spce field`): `link` decides.
    if used.contains(&false) {
        return Vec::new();
    }
    let tables: Vec<&Table> = (1..n).filter_map(|t| group.table(t)).collect();
    // How many rows link to each table.
    let mut linkers = vec![0usize; n];
    for c in links.child.iter().flatten().flatten() {
        if let Some(count) = linkers.get_mut(*c) {
            *count += 1;
        }
    }
    let mut out = Vec::new();
    for t in (0..n).filter(|&t| used[t]) {
        let Some(table) = group.table(t) else {
            continue;
        };
        for (r, row) in table.rows.iter().enumerate() {
            let linked = links.child[t].get(r).copied().flatten();
            // A table of its own that no other row links (IMS ListImageByTags: `tags` / `Array of Tags
            // objects` and `Table 9 Data structure description of the resource_tag field`) is the row's.
            let has_its_own = linked.is_some_and(|c| linkers.get(c) == Some(&1));
            let wants = match row.ty.table() {
                Some(_) if has_its_own => false,
                Some(declared) => !tables.iter().any(|tb| captioned_with_type(tb, declared)),
                None => {
                    is_plain_object(&row.ty)
                        && linked.is_none()
                        && see_table(row).is_some_and(|n| {
                            !tables.iter().any(|tb| {
                                labels::caption(&tb.caption.text).map(|(m, _)| m) == Some(n)
                            })
                        })
                }
            };
            if wants {
                out.push((t, r));
            }
        }
    }
    out
}

/// Whether `table` (of another section) is the one `row` wants: captioned with its type's name or number,
/// or numbered as its description points (`see Table 3`).
fn is_the_table_wanted(table: &Table, row: &Row) -> bool {
    match row.ty.table() {
        Some(declared) => captioned_with_type(table, declared),
        None => {
            see_table(row).is_some()
                && labels::caption(&table.caption.text).map(|(m, _)| m) == see_table(row)
        }
    }
}

/// Whether `table`'s caption names type `declared`: the very name (`Volume`), the number (`Table 4`), or
/// the name among the caption's filler words (`Data structure of the Volume field`, one of the fields of
/// `Data structure of the spec/extendParam field`), in any case.
fn captioned_with_type(table: &Table, declared: &str) -> bool {
    let Some(title) = table.link_name() else {
        return false;
    };
    if title == declared {
        return true;
    }
    if let Some(n) = table_number(declared) {
        return labels::caption(&table.caption.text).map(|(m, _)| m) == Some(n);
    }
    let key = caption_key(title);
    let name = declared.to_ascii_lowercase().replace(' ', "_");
    !key.is_empty() && (key == name || key.split('/').any(|one| one == name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcribe::page::Mark;
    use crate::transcribe::parse::parse;

    /// A page whose 200 response body is `tables` (each: caption, then rows of name, type, description).
    fn response_page(tables: &[(&str, &[[&str; 3]])]) -> Page {
        let mut lines = vec![
            "Title",
            "URI",
            "GET /x",
            "Response Parameters",
            "Status code: 200",
        ];
        for (caption, rows) in tables {
            lines.extend([*caption, "Parameter", "Type", "Description"]);
            for row in rows.iter() {
                lines.extend(row.iter());
            }
        }
        parse(&lines.join("\n\n"))
    }

    /// The response body of a page made of `tables` (each: caption, then rows of name, type, description),
    /// linked: the caption each row of each table links to.
    fn linked(tables: &[(&str, &[[&str; 3]])]) -> (Vec<Vec<Option<String>>>, Vec<String>) {
        let mut page = response_page(tables);
        let group = page.responses[0].body.clone().expect("a body");
        let links = link(&group, &mut page);
        let captions = links
            .child
            .iter()
            .map(|rows| {
                rows.iter()
                    .map(|c| c.and_then(|c| Some(group.table(c)?.caption.text.clone())))
                    .collect()
            })
            .collect();
        let unplaced = page
            .marks
            .iter()
            .enumerate()
            .filter(|(_, m)| matches!(m, Mark::Unplaced(_)))
            .map(|(i, _)| page.lines[i].text.clone())
            .collect();
        (captions, unplaced)
    }

    #[test]
    fn object_rows_link_to_tables_captioned_with_their_name_or_path() {
        // IAM: `group` (Object) → table `group`; its `links` (Object) → table `group.links`; `extra`
        // (Object) has no table and stays free-form.
        let (links, unplaced) = linked(&[
            (
                "Parameters in the response body",
                &[
                    ["group", "Object", "Group."],
                    ["extra", "Object", "Anything."],
                ],
            ),
            ("group", &[["links", "Object", "Links."]]),
            ("group.links", &[["self", "String", "Link."]]),
        ]);
        assert_eq!(unplaced, Vec::<String>::new());
        assert_eq!(links[0], [Some("group".to_owned()), None]);
        assert_eq!(links[1], [Some("group.links".to_owned())]);
        // KeystoneShowEndpoint captions `endpoint`'s links table `endpoints.links`.
        let (links, _) = linked(&[
            (
                "Table 1 Response body parameters",
                &[["endpoint", "Object", "E."]],
            ),
            ("endpoint", &[["links", "Object", "Links."]]),
            ("endpoints.links", &[["self", "String", "Link."]]),
        ]);
        assert_eq!(links[1], [Some("endpoints.links".to_owned())]);
    }

    #[test]
    fn a_table_captioned_with_the_whole_path_is_taken_before_one_with_the_bare_name() {
        // IAM KeystoneListMappings: the body's `links` and `mappings[].links` both `Object`; tables `mappings`,
        // `links` (the body's: self, previous, next) and `mappings.links`. The nested row, visited first,
        // used to take `links`, leaving the body's `links` with `mappings.links`.
        let (links, unplaced) = linked(&[
            (
                "Parameters in the response body",
                &[
                    ["mappings", "Array", "Mappings."],
                    ["links", "Object", "Links."],
                ],
            ),
            ("mappings", &[["links", "Object", "Its links."]]),
            (
                "links",
                &[["self", "String", "S."], ["previous", "String", "P."]],
            ),
            ("mappings.links", &[["self", "String", "S."]]),
        ]);
        assert_eq!(unplaced, Vec::<String>::new());
        assert_eq!(
            links[0],
            [Some("mappings".to_owned()), Some("links".to_owned())]
        );
        assert_eq!(links[1], [Some("mappings.links".to_owned())]);
        // KeystoneListGroups: the body's `links` comes first and takes `groups.links` by its last segment;
        // the group's `links` then takes `links`, not `groups.links` a second time (which left `links` unlinked).
        let (links, unplaced) = linked(&[
            (
                "Parameters in the response body",
                &[
                    ["links", "Object", "Links."],
                    ["groups", "Array", "Groups."],
                ],
            ),
            ("groups", &[["links", "Object", "Its links."]]),
            (
                "groups.links",
                &[["self", "String", "S."], ["previous", "String", "P."]],
            ),
            ("links", &[["self", "String", "S."]]),
        ]);
        assert_eq!(unplaced, Vec::<String>::new());
        assert_eq!(
            links[0],
            [Some("groups.links".to_owned()), Some("groups".to_owned())]
        );
        assert_eq!(links[1], [Some("links".to_owned())]);
    }

    #[test]
    fn a_map_of_scalars_links_the_table_its_description_names() {
        // EVS AddingMetadataOfAnEvsDisk: `metadata` / `Map<String,String>` / `… see Parameter in the
        // metadata field.`; `links` / `list<map<String,String>>` likewise.
        let (links, unplaced) = linked(&[
            (
                "Table 1 Response body parameters",
                &[
                    [
                        "metadata",
                        "Map<String,String>",
                        "The metadata. For details, see Parameter in the metadata field.",
                    ],
                    [
                        "links",
                        "list<map<String,String>>",
                        "The URIs. For details, see Parameters in the links field.",
                    ],
                    ["tags", "Map<String,String>", "Tags."],
                ],
            ),
            (
                "Parameter in the metadata field",
                &[["key_val", "String", "A key-value pair."]],
            ),
            (
                "Parameters in the links field",
                &[["href", "String", "The link."]],
            ),
        ]);
        assert_eq!(unplaced, Vec::<String>::new());
        assert_eq!(
            links[0],
            [
                Some("Parameter in the metadata field".to_owned()),
                Some("Parameters in the links field".to_owned()),
                None
            ]
        );
    }

    #[test]
    fn a_caption_naming_several_fields_with_a_slash_describes_each() {
        // CCE CreateNode: `primaryNic object` and `Array of extNics objects` share `Table 7 Data structure
        // of the primaryNic/extNics field`.
        let (links, unplaced) = linked(&[
            (
                "Table 6 Data structure of the nodeNicSpec field",
                &[
                    ["primaryNic", "primaryNic object", "Primary NIC."],
                    ["extNics", "Array of extNics objects", "Extension NICs."],
                ],
            ),
            (
                "Table 7 Data structure of the primaryNic/extNics field",
                &[["subnetId", "String", "Subnet."]],
            ),
        ]);
        assert_eq!(unplaced, Vec::<String>::new());
        let table7 = Some("Table 7 Data structure of the primaryNic/extNics field".to_owned());
        assert_eq!(links[0], [table7.clone(), table7]);
    }

    #[test]
    fn tables_named_by_number_or_in_other_words() {
        // SMN `Array of Table 1 objects`; VPC `floatingip object` → `floatingip objects`, `bandwidth
        // object` → `Description of the bandwidth field`, and a description's `see Table 5`.
        let (links, unplaced) = linked(&[
            (
                "Table 9 Response body parameters",
                &[
                    ["topics", "Array of Table 1 objects", "Topics."],
                    ["floatingip", "floatingip object", "IP."],
                    ["bandwidth", "bandwidth object", "Bandwidth."],
                    ["rule", "Rule object", "For details, see Table 5."],
                ],
            ),
            ("Table 1 Topic structure", &[["name", "String", "Name."]]),
            ("Table 2 floatingip objects", &[["id", "String", "ID."]]),
            (
                "Table 3 Description of the bandwidth field",
                &[["size", "Integer", "Size."]],
            ),
            (
                "Table 5 Firewall policy",
                &[["action", "String", "Action."]],
            ),
        ]);
        assert_eq!(unplaced, Vec::<String>::new());
        assert_eq!(
            links[0],
            [
                Some("Table 1 Topic structure".to_owned()),
                Some("Table 2 floatingip objects".to_owned()),
                Some("Table 3 Description of the bandwidth field".to_owned()),
                Some("Table 5 Firewall policy".to_owned()),
            ]
        );
    }

    #[test]
    fn object_rows_link_to_the_next_table_captioned_with_one_item() {
        // ECS (older layouts): `tags` (Array of objects) → `tag field description` or `resource_tag field
        // description`; `floating_ips` → `floating_ip objects`. A caption naming another field
        // (`metadata_tag`, no `_` before the item in `metatag`) does not link.
        for (name, caption, links_it) in [
            ("tags", "Table 3 tag field description", true),
            ("tags", "Table 3 resource_tag field description", true),
            ("floating_ips", "Table 3 floating_ip objects", true),
            ("tags", "Table 3 metatag field description", false),
            ("tags", "Table 3 tags_extra field description", false),
        ] {
            let (links, unplaced) = linked(&[
                (
                    "Table 2 Request parameters",
                    &[[name, "Array of objects", "Items."]],
                ),
                (caption, &[["key", "String", "Key."]]),
            ]);
            let expected = links_it.then(|| caption.to_owned());
            assert_eq!(links[0], [expected], "{name} → {caption}");
            assert_eq!(unplaced, Vec::<String>::new(), "{name} → {caption}");
            // A caption naming another field describes a field the body lacks: reported as such.
            let (noted, _) = left_out(&[
                (
                    "Table 2 Request parameters",
                    &[[name, "Array of objects", "Items."]],
                ),
                (caption, &[["key", "String", "Key."]]),
            ]);
            assert_eq!(noted.is_empty(), links_it, "{name} → {caption}: {noted:?}");
        }
    }

    #[test]
    fn a_scalar_row_pointing_at_an_unlinked_table_by_number_links_it() {
        // ELB QueryingCurrentResourceQuotas: `quota` is `String` but says `see Table 3` (doc defect); a
        // `String` row that points nowhere, or at a table already linked, links nothing.
        let (links, unplaced) = linked(&[
            (
                "Table 2 Response parameters",
                &[
                    ["quota", "String", "Quotas. For details, see Table 3."],
                    ["name", "String", "Name. For details, see Table 9."],
                    ["rule", "Rule object", "Rule."],
                    ["again", "String", "For details, see Table 4."],
                ],
            ),
            (
                "Table 3 quota parameter description",
                &[["pool", "Integer", "Pools."]],
            ),
            ("Table 4 Rule", &[["id", "String", "ID."]]),
        ]);
        assert_eq!(unplaced, Vec::<String>::new());
        assert_eq!(
            links[0],
            [
                Some("Table 3 quota parameter description".to_owned()),
                None,
                Some("Table 4 Rule".to_owned()),
                None,
            ]
        );
    }

    #[test]
    fn bare_table_numbers_in_a_description_point_at_those_tables() {
        // RDS ListJobInfoDetail: `task_detail` / `String` / `For details, see the following:` / `Table 6` /
        // `Table 7`, one table per kind of task. Both tables used to be unplaced (the page left out of the
        // spec); the first is the field's, the second an alternative of it. `Table 5` inside a sentence
        // without `see` points nowhere.
        let mut page = response_page(&[
            (
                "Table 4 Jobs field data structure description",
                &[
                    [
                        "task_detail",
                        "String",
                        "Varies with the task.\n\nFor details, see the following:\n\nTable 6\n\nTable 7",
                    ],
                    ["name", "String", "Unlike Table 5 here."],
                ],
            ),
            (
                "Table 5 name field data structure description",
                &[["first", "String", "First."]],
            ),
            (
                "Table 6 task_detail field data structure description (restoring)",
                &[["backupId", "String", "Backup."]],
            ),
            (
                "Table 7 task_detail field data structure description (backing up)",
                &[["instanceId", "String", "Instance."]],
            ),
        ]);
        let group = page.responses[0].body.clone().expect("a body");
        let links = link(&group, &mut page);
        let caption = |c: Option<usize>| c.and_then(|c| Some(group.table(c)?.caption.text.clone()));
        assert_eq!(
            caption(links.child[0][0]).as_deref(),
            Some("Table 6 task_detail field data structure description (restoring)")
        );
        let alternatives: Vec<_> = page
            .notes
            .iter()
            .filter(|n| n.kind == "alternative-table")
            .map(|n| page.lines[n.at].text.clone())
            .collect();
        assert_eq!(
            alternatives,
            ["Table 7 task_detail field data structure description (backing up)"]
        );
        let unplaced: Vec<_> = page
            .marks
            .iter()
            .enumerate()
            .filter(|(_, m)| matches!(m, Mark::Unplaced(_)))
            .map(|(i, _)| page.lines[i].text.clone())
            .collect();
        // Table 5 is named after `name`, a String row: linked by its caption, as before.
        assert_eq!(unplaced, Vec::<String>::new());
    }

    #[test]
    fn a_named_type_without_its_table_is_unplaced_while_a_table_is_left_over() {
        // `Tag object` and a table no row links to (`Labels`): the row may be meant to link to it; both are
        // reported.
        let (links, unplaced) = linked(&[
            (
                "Table 1 Response body parameters",
                &[["tag", "Tag object", "Tag."]],
            ),
            ("Table 2 Labels", &[["key", "String", "Key."]]),
        ]);
        assert_eq!(links[0], [None]);
        assert!(unplaced.contains(&"Tag object".to_owned()), "{unplaced:?}");
        assert!(
            unplaced.contains(&"Table 2 Labels".to_owned()),
            "{unplaced:?}"
        );
    }

    #[test]
    fn a_type_named_by_no_caption_takes_the_table_of_its_list() {
        // EVS ListVolumes: `volumes_links` is `Array of Link objects` and no table is captioned `Link`; the
        // disks' `links` (`see Parameters in the links field`) are a list of the same `href` / `rel` links.
        let (links, unplaced) = linked(&[
            (
                "Table 1 Response body parameters",
                &[
                    [
                        "volumes",
                        "Array of objects",
                        "See Parameters in the volumes field.",
                    ],
                    ["volumes_links", "Array of Link objects", "Marker."],
                ],
            ),
            (
                "Parameters in the volumes field",
                &[[
                    "links",
                    "Array of objects",
                    "See Parameters in the links field.",
                ]],
            ),
            (
                "Parameters in the links field",
                &[["href", "String", "Link."]],
            ),
        ]);
        assert_eq!(unplaced, Vec::<String>::new());
        assert_eq!(
            links[0],
            [
                Some("Parameters in the volumes field".to_owned()),
                Some("Parameters in the links field".to_owned())
            ]
        );
        // Two tables naming such a list: neither is taken, the type stays without its table.
        let (links, _) = linked(&[
            (
                "Table 1 Response body parameters",
                &[["volumes_links", "Array of Link objects", "Marker."]],
            ),
            ("links field description", &[["href", "String", "Link."]]),
            (
                "Description of the links field",
                &[["rel", "String", "Rel."]],
            ),
        ]);
        assert_eq!(links[0], [None]);
    }

    /// The links of the first response body of an older-layout page: a `Response` table whose `quota` row is
    /// typed `quota_type` and points at Table 2, Table 2, and `example` as the example response.
    fn scalar_row_with_table(quota_type: &str, example: &str) -> (Links, Page) {
        let mut lines = vec![
            "Title",
            "URI",
            "GET /v2.0/lbaas/quotas",
            "Response",
            "Table 1 Response parameters",
            "Parameter",
            "Type",
            "Description",
            "quota",
            quota_type,
            "Specifies the resource quotas. For details, see Table 2.",
            "Table 2 quota parameter description",
            "Parameter",
            "Type",
            "Description",
            "pool",
            "Integer",
            "Specifies the pool quota.",
            "Example Response",
            "Example response",
        ];
        lines.extend(example.lines());
        let mut page = parse(&lines.join("\n\n"));
        let group = page.responses[0].body.clone().expect("a body");
        let links = link(&group, &mut page);
        (links, page)
    }

    #[test]
    fn a_scalar_row_the_table_and_the_examples_overrule_takes_the_tables_shape() {
        // ELB QueryingCurrentResourceQuotas: `quota` / `String` / `see Table 3`, and the example gives an object.
        let (links, page) = scalar_row_with_table("String", "{\n\"quota\": {\"pool\": 500}\n}");
        assert_eq!(links.child[0], [Some(1)]);
        assert_eq!(links.retyped(0, 0), Some(&TypeSpec::Object));
        assert!(
            page.notes
                .iter()
                .any(|n| n.kind == "scalar-type-against-table-and-example"),
            "{:?}",
            page.notes
        );
        // ELB QueryingBackendServerGroups: `loadbalancers` / `String`, the examples give a list of `{"id": …}`.
        let (links, _) =
            scalar_row_with_table("String", "{\n\"quota\": [{\"pool\": 1}, {\"pool\": 2}]\n}");
        assert_eq!(
            links.retyped(0, 0),
            Some(&TypeSpec::Array(Box::new(TypeSpec::Object)))
        );
        // SMN UpdateTopicAttribute: `value` / `String` points at a table of the policy it holds as text; an
        // example giving a string (or no example at all) keeps the stated type.
        let (links, page) = scalar_row_with_table("String", "{\n\"quota\": \"{}\"\n}");
        assert_eq!(links.child[0], [Some(1)]);
        assert_eq!(links.retyped(0, 0), None);
        assert!(
            page.notes
                .iter()
                .any(|n| n.kind == "scalar-type-with-table"),
            "{:?}",
            page.notes
        );
        let (links, _) = scalar_row_with_table("String", "{\n\"other\": {}\n}");
        assert_eq!(links.retyped(0, 0), None);
    }

    #[test]
    fn a_named_type_whose_table_the_page_lacks_is_a_free_form_object_with_a_note() {
        // CCE DeleteCluster: `metadata object`, and no table on the page describes `metadata`; every table
        // is linked, so none can be meant.
        let lines = [
            "Title",
            "URI",
            "GET /x",
            "Response Parameters",
            "Status code: 200",
            "Table 1 Response body parameters",
            "Parameter",
            "Type",
            "Description",
            "metadata",
            "metadata object",
            "Cluster metadata.",
        ];
        let mut page = parse(&lines.join("\n\n"));
        let group = page.responses[0].body.clone().expect("a body");
        let links = link(&group, &mut page);
        assert_eq!(links.child[0], [None]);
        assert!(
            !page.marks.iter().any(|m| matches!(m, Mark::Unplaced(_))),
            "nothing unplaced"
        );
        assert!(
            page.notes
                .iter()
                .any(|n| n.kind == "type-without-table" && n.message.contains("`metadata object`")),
            "{:?}",
            page.notes
        );
    }

    #[test]
    fn a_table_naming_a_field_the_body_lacks_is_noted_not_left_out() {
        // ELB QueryingLoadBalancers: `Table 4 listeners parameter description` and `Table 5 pools parameter
        // description` under a load balancer table with no `listeners` / `pools` row; EVS
        // `Parameters in the VolumeDetailForTag field` with no row of that type. The answer keys call them
        // unlinked tables.
        let lines = [
            "Title",
            "URI",
            "GET /x",
            "Response Parameters",
            "Status code: 200",
            "Table 3 loadbalancer parameter description",
            "Parameter",
            "Type",
            "Description",
            "id",
            "String",
            "Specifies the load balancer ID.",
            "Table 4 listeners parameter description",
            "Parameter",
            "Type",
            "Description",
            "id",
            "String",
            "Specifies the ID of the associated listener.",
            "Parameters in the VolumeDetailForTag field",
            "Parameter",
            "Type",
            "Description",
            "id",
            "String",
            "The disk ID.",
        ];
        let mut page = parse(&lines.join("\n\n"));
        let group = page.responses[0].body.clone().expect("a body");
        link(&group, &mut page);
        assert!(
            !page.marks.iter().any(|m| matches!(m, Mark::Unplaced(_))),
            "nothing unplaced"
        );
        let noted: Vec<&str> = page
            .notes
            .iter()
            .filter(|n| n.kind == "table-without-field")
            .map(|n| page.lines[n.at].text.as_str())
            .collect();
        assert_eq!(
            noted,
            [
                "Table 4 listeners parameter description",
                "Parameters in the VolumeDetailForTag field"
            ]
        );
    }

    /// The captions of the tables `link` notes as `table-without-field`, in page order.
    fn left_out(tables: &[(&str, &[[&str; 3]])]) -> (Vec<String>, Vec<String>) {
        let mut page = response_page(tables);
        let group = page.responses[0].body.clone().expect("a body");
        link(&group, &mut page);
        let unplaced = page
            .marks
            .iter()
            .enumerate()
            .filter(|(_, m)| matches!(m, Mark::Unplaced(_)))
            .map(|(i, _)| page.lines[i].text.clone())
            .collect();
        let noted = page
            .notes
            .iter()
            .filter(|n| n.kind == "table-without-field")
            .map(|n| page.lines[n.at].text.clone())
            .collect();
        (noted, unplaced)
    }

    #[test]
    fn a_left_out_table_takes_the_tables_its_rows_link() {
        // IAM CreateUnscopedTokenWithIdToken: `token` has no `roles` or `catalog` row, and `token.catalog`'s
        // `endpoints` row links `Table 14 token.catalog.endpoints`: left out with its parent (the answer key
        // lists `token.catalog` with `endpoints` and its fields as one unlinked table).
        let (noted, unplaced) = left_out(&[
            (
                "Table 4 Parameters in the response body",
                &[["token", "object", "Token."]],
            ),
            ("Table 5 token", &[["expires_at", "String", "When."]]),
            ("Table 12 token.roles", &[["id", "String", "ID."]]),
            (
                "Table 13 token.catalog",
                &[["endpoints", "Array of objects", "Endpoints."]],
            ),
            (
                "Table 14 token.catalog.endpoints",
                &[["url", "String", "URL."]],
            ),
        ]);
        assert_eq!(unplaced, Vec::<String>::new());
        assert_eq!(noted, ["Table 12 token.roles", "Table 13 token.catalog"]);
    }

    #[test]
    fn a_caption_naming_its_field_is_left_out_while_an_object_row_wants_a_table() {
        // IAM ListDomainPermissionsForAgency: `roles` has no `links` row, while `Condition` (`Object`) has no
        // table; EVS QueryingDetailsOfEvsDisksByTag: `resource_detail` (`object`) has none, and
        // `Parameters in the VolumeDetailForTag field` names a field no row has. A caption naming a field is
        // not an `Object` row of another name's table.
        let (noted, unplaced) = left_out(&[
            (
                "Parameters in the response body",
                &[["roles", "Array of objects", "Roles."]],
            ),
            (
                "roles",
                &[
                    ["name", "String", "Name."],
                    ["Condition", "Object", "Conditions."],
                ],
            ),
            ("roles.links", &[["self", "String", "Link."]]),
        ]);
        assert_eq!(unplaced, Vec::<String>::new(), "{noted:?}");
        assert_eq!(noted, ["roles.links"]);
        let (noted, unplaced) = left_out(&[
            (
                "Parameters in the response body",
                &[["resource_detail", "object", "The disk details."]],
            ),
            (
                "Parameters in the VolumeDetailForTag field",
                &[[
                    "links",
                    "Array of Objects",
                    "For details, see Parameters in the links field.",
                ]],
            ),
            (
                "Parameters in the links field",
                &[["href", "String", "Link."]],
            ),
        ]);
        assert_eq!(unplaced, Vec::<String>::new());
        assert_eq!(noted, ["Parameters in the VolumeDetailForTag field"]);
        // A one-word caption may be a type's name the `object` row lost its link to: held back.
        let (noted, unplaced) = left_out(&[
            (
                "Parameters in the response body",
                &[["a", "object", "A."], ["b", "object", "B."]],
            ),
            ("Settings", &[["x", "String", "X."]]),
        ]);
        assert_eq!(noted, Vec::<String>::new());
        assert!(unplaced.contains(&"Settings".to_owned()), "{unplaced:?}");
    }

    #[test]
    fn a_namespaced_attribute_links_its_table() {
        // VPC NeutronShowPort: `binding:vif_details` / `binding:vif_details object`, `Table 8
        // binding:vif_details object`.
        let (links, unplaced) = linked(&[
            (
                "Table 3 port objects",
                &[[
                    "binding:vif_details",
                    "binding:vif_details object",
                    "For details, see Table 8.",
                ]],
            ),
            (
                "Table 8 binding:vif_details object",
                &[["port_filter", "Boolean", "Filter."]],
            ),
        ]);
        assert_eq!(unplaced, Vec::<String>::new());
        assert_eq!(
            links[0],
            [Some("Table 8 binding:vif_details object".to_owned())]
        );
    }

    #[test]
    fn a_row_naming_either_of_two_fields_merged_into_a_description_is_noted() {
        // IAM ObtainingATemporaryAkSk, the assume_role table.
        let lines = [
            "Title",
            "URI",
            "POST /x",
            "Request Parameters",
            "Table 1 Request body",
            "Parameter",
            "Mandatory",
            "Type",
            "Description",
            "agency_name",
            "Mandatory",
            "String",
            "Name of the agency created by a delegating party.",
            "domain_name or domain_id",
            "Mandatory",
            "String",
            "domain.name: Name of the domain which the delegating party belongs to.",
        ];
        let mut page = parse(&lines.join("\n\n"));
        let group = page.request_body.clone().expect("a request body");
        link(&group, &mut page);
        let noted: Vec<&str> = page
            .notes
            .iter()
            .filter(|n| n.kind == "row-in-description")
            .map(|n| page.lines[n.at].text.as_str())
            .collect();
        assert_eq!(noted, ["domain_name or domain_id"]);
    }

    /// The captions of the tables `link` notes as alternatives, and the unplaced lines.
    fn alternatives(tables: &[(&str, &[[&str; 3]])]) -> (Vec<String>, Vec<String>) {
        let mut lines = vec!["Title", "URI", "POST /x", "Request Parameters"];
        for (caption, rows) in tables {
            lines.extend([*caption, "Parameter", "Type", "Description"]);
            for row in rows.iter() {
                lines.extend(row.iter());
            }
        }
        let mut page = parse(&lines.join("\n\n"));
        let group = page.request_body.clone().expect("a request body");
        link(&group, &mut page);
        let unplaced = page
            .marks
            .iter()
            .enumerate()
            .filter(|(_, m)| matches!(m, Mark::Unplaced(_)))
            .map(|(i, _)| page.lines[i].text.clone())
            .collect();
        let noted = page
            .notes
            .iter()
            .filter(|n| n.kind == "alternative-table")
            .map(|n| page.lines[n.at].text.clone())
            .collect();
        (noted, unplaced)
    }

    #[test]
    fn a_table_a_linked_row_also_points_at_is_an_alternative() {
        // ELB BatchUpdatingBackendServers: `members` / `Array` / `… see Table 3 … see Table 4 …`, one table
        // per action; the answer key's `members` has Table 3's fields.
        let (noted, unplaced) = alternatives(&[
            (
                "Table 2 Request parameters",
                &[[
                    "members",
                    "Array",
                    "If action is add, see Table 3. If action is delete, see Table 4.",
                ]],
            ),
            (
                "Table 3 members parameter description",
                &[["address", "String", "IP."]],
            ),
            (
                "Table 4 members parameter description",
                &[["id", "String", "ID."]],
            ),
        ]);
        assert_eq!(unplaced, Vec::<String>::new());
        assert_eq!(noted, ["Table 4 members parameter description"]);
    }

    #[test]
    fn a_table_sharing_a_third_of_its_fields_with_a_linked_one_is_an_alternative() {
        // IMS CreateWholeImage: a request body table per way of calling, each starting `name`,
        // `description`; the second's own `backup_id` links nothing. Its nested table goes with it.
        let (noted, unplaced) = alternatives(&[
            (
                "Parameters for creating a full-ECS image using an ECS",
                &[
                    ["name", "String", "Name."],
                    ["description", "String", "Description."],
                    ["instance_id", "String", "ECS."],
                ],
            ),
            (
                "Parameters in the request body when a CSBS backup is used",
                &[
                    ["name", "String", "Name."],
                    ["description", "String", "Description."],
                    ["backup_id", "String", "Backup."],
                    ["schedule", "Object", "See Table 1."],
                    ["x1", "String", "X."],
                    ["x2", "String", "X."],
                ],
            ),
            ("Table 1 schedule field", &[["at", "String", "When."]]),
        ]);
        assert_eq!(unplaced, Vec::<String>::new());
        assert_eq!(
            noted,
            ["Parameters in the request body when a CSBS backup is used"]
        );
        // One shared field of four is not the same body: still unplaced.
        let (noted, unplaced) = alternatives(&[
            (
                "Parameters for creating a full-ECS image using an ECS",
                &[["name", "String", "Name."], ["id", "String", "ID."]],
            ),
            (
                "Parameters of something else entirely",
                &[
                    ["name", "String", "Name."],
                    ["a", "String", "A."],
                    ["b", "String", "B."],
                    ["c", "String", "C."],
                ],
            ),
        ]);
        assert_eq!(noted, Vec::<String>::new());
        assert!(
            unplaced.contains(&"Parameters of something else entirely".to_owned()),
            "{unplaced:?}"
        );
    }

    #[test]
    fn a_table_a_row_names_or_points_at_stays_unplaced_when_unlinked() {
        // A row named like the caption (CCE `deleteOption`) may be meant to link.
        let (_, unplaced) = linked(&[
            (
                "Table 1 Response body parameters",
                &[["deleteOption", "String", "Whether."]],
            ),
            ("Table 7 deleteOption", &[["x", "String", "X."]]),
        ]);
        assert!(
            unplaced.contains(&"Table 7 deleteOption".to_owned()),
            "{unplaced:?}"
        );
    }

    #[test]
    fn a_caption_one_typo_from_the_field_describes_it_when_it_is_the_only_one() {
        // CCE UpdateAddonInstance: `spec` / `spec object`, and `Table 8 Data structure of the spce field`.
        let body = (
            "Table 6 Parameters in the response body",
            &[["spec", "spec object", "Details."]][..],
        );
        let spce = (
            "Table 8 Data structure of the spce field",
            &[["clusterID", "String", "The cluster."]][..],
        );
        let (links, unplaced) = linked(&[body, spce]);
        assert_eq!(unplaced, Vec::<String>::new());
        assert_eq!(links[0], [Some(spce.0.to_owned())]);
        // Two such tables: neither is the one meant, both stay unplaced with the row.
        let spcc = (
            "Table 9 Data structure of the spcc field",
            &[["id", "String", "The id."]][..],
        );
        let (links, unplaced) = linked(&[body, spce, spcc]);
        assert_eq!(links[0], [None]);
        assert!(unplaced.contains(&"spec object".to_owned()), "{unplaced:?}");
        assert!(unplaced.contains(&spce.0.to_owned()), "{unplaced:?}");
    }

    #[test]
    fn one_typo() {
        for (a, b, want) in [
            ("spce", "spec", true),  // two neighbours swapped
            ("spc", "spec", true),   // a letter dropped
            ("specs", "spec", true), // a letter added
            ("spex", "spec", true),  // a letter changed
            ("spec", "spec", false),
            ("psce", "spec", false),
            ("status", "spec", false),
            ("", "a", true),
            ("", "", false),
        ] {
            assert_eq!(one_typo_apart(a, b), want, "{a} {b}");
            assert_eq!(one_typo_apart(b, a), want, "{b} {a}");
        }
    }

    /// A page with a request body (`request`) and a 201 response body (`response`), each a list of tables
    /// (caption, rows of name, type, description), parsed, every body linked; the unplaced lines.
    fn request_and_response(
        request: &[(&str, &[[&str; 3]])],
        response: &[(&str, &[[&str; 3]])],
    ) -> (Page, Vec<String>) {
        fn add<'a>(lines: &mut Vec<&'a str>, tables: &[(&'a str, &[[&'a str; 3]])]) {
            for (caption, rows) in tables {
                lines.extend([*caption, "Parameter", "Type", "Description"]);
                for row in rows.iter() {
                    lines.extend(row.iter());
                }
            }
        }
        let mut lines = vec!["Title", "URI", "POST /x", "Request Parameters"];
        add(&mut lines, request);
        lines.extend(["Response Parameters", "Status code: 201"]);
        add(&mut lines, response);
        let mut page = parse(&lines.join("\n\n"));
        let groups: Vec<Group> = page
            .request_body
            .iter()
            .chain(page.responses.iter().filter_map(|s| s.body.as_ref()))
            .cloned()
            .collect();
        for group in &groups {
            link(group, &mut page);
        }
        let unplaced = page
            .marks
            .iter()
            .enumerate()
            .filter(|(_, m)| matches!(m, Mark::Unplaced(_)))
            .map(|(i, _)| page.lines[i].text.clone())
            .collect();
        (page, unplaced)
    }

    #[test]
    fn a_named_type_the_response_section_lacks_links_the_request_table() {
        // CCE CreateNode: the response's `spec` has `login object` and `Volume object`; only the request
        // section gives `login`'s and `Volume`'s tables, and `Volume`'s `metadata` row, `volumeMetadata
        // object`, links a table of the request section too, not the response's `metadata` table (the
        // body's, named after the field only). The response's own tables stay its own.
        let request: &[(&str, &[[&str; 3]])] = &[
            (
                "Table 1 Parameters in the request body",
                &[["spec", "spec object", "S."]],
            ),
            (
                "Table 2 Data structure of the spec field",
                &[
                    ["login", "login object", "L."],
                    ["rootVolume", "Volume object", "V."],
                ],
            ),
            (
                "Table 3 Data structure of the login field",
                &[["sshKey", "String", "K."]],
            ),
            (
                "Table 4 Data structure of the Volume field",
                &[["metadata", "volumeMetadata object", "M."]],
            ),
            (
                "Table 5 Data structure of the volumeMetadata field",
                &[["__system__encrypted", "String", "E."]],
            ),
        ];
        let response: &[(&str, &[[&str; 3]])] = &[
            (
                "Table 6 Response parameters",
                &[
                    ["metadata", "metadata object", "M."],
                    ["spec", "spec object", "S."],
                ],
            ),
            (
                "Table 7 Data structure of the metadata field",
                &[["uid", "String", "U."]],
            ),
            (
                "Table 8 Data structure of the spec field",
                &[
                    ["login", "login object", "L."],
                    ["dataVolumes", "Array of Volume objects", "D."],
                ],
            ),
        ];
        let (page, unplaced) = request_and_response(request, response);
        assert_eq!(unplaced, Vec::<String>::new());
        assert!(
            !page.notes.iter().any(|n| n.kind == "type-without-table"),
            "{:?}",
            page.notes
        );
        let group = page.responses[0].body.clone().expect("a response body");
        let captions: Vec<&str> = (0..group.len())
            .filter_map(|t| Some(group.table(t)?.caption.text.as_str()))
            .collect();
        assert_eq!(
            captions,
            [
                "Table 6 Response parameters",
                "Table 7 Data structure of the metadata field",
                "Table 8 Data structure of the spec field",
                "Table 3 Data structure of the login field",
                "Table 4 Data structure of the Volume field",
                "Table 5 Data structure of the volumeMetadata field",
            ]
        );
        let mut page = page;
        let links = link(&group, &mut page);
        assert_eq!(links.child[0], [Some(1), Some(2)]);
        assert_eq!(links.child[2], [Some(3), Some(4)]);
        assert_eq!(links.child[4], [Some(5)]);
        let noted: Vec<&str> = page
            .notes
            .iter()
            .filter(|n| n.kind == "table-from-request")
            .map(|n| page.lines[n.at].text.as_str())
            .collect();
        assert_eq!(
            noted,
            [
                "login object",
                "Array of Volume objects",
                "volumeMetadata object"
            ]
        );
        // The request keeps its own tables.
        assert_eq!(page.request_body.as_ref().map(Group::len), Some(5));
    }

    #[test]
    fn an_object_row_pointing_at_a_request_table_by_number_links_it() {
        // RDS CreateManualBackup: the response's `databases` / `Array of objects` says `For details, see
        // Table 3.`, the request section's table.
        let request: &[(&str, &[[&str; 3]])] = &[
            (
                "Table 2 Parameter description",
                &[["databases", "Array of objects", "For details, see Table 3."]],
            ),
            (
                "Table 3 databases field data structure description",
                &[["name", "String", "Name."]],
            ),
        ];
        let response: &[(&str, &[[&str; 3]])] = &[
            (
                "Table 4 Parameter description",
                &[["backup", "Object", "For details, see Table 5."]],
            ),
            (
                "Table 5 backup field data structure description",
                &[["databases", "Array of objects", "For details, see Table 3."]],
            ),
        ];
        let (mut page, unplaced) = request_and_response(request, response);
        assert_eq!(unplaced, Vec::<String>::new());
        let group = page.responses[0].body.clone().expect("a response body");
        let links = link(&group, &mut page);
        let linked = links.child[1][0].and_then(|c| Some(group.table(c)?.caption.text.clone()));
        assert_eq!(
            linked.as_deref(),
            Some("Table 3 databases field data structure description")
        );
    }

    #[test]
    fn a_response_row_typed_with_a_request_table_number_links_it() {
        // CCE UpdateClusterEip: the response's `spec` table types its `spec` row `Table 4`, the request
        // section's `Table 4 Data structure of the spec-spec field`.
        let request: &[(&str, &[[&str; 3]])] = &[
            ("Table 2 Parameter description", &[["spec", "Table 3", "-"]]),
            (
                "Table 3 Data structure of the spec field",
                &[["spec", "Table 4", "EIP."]],
            ),
            (
                "Table 4 Data structure of the spec-spec field",
                &[["id", "String", "ID."]],
            ),
        ];
        let response: &[(&str, &[[&str; 3]])] = &[
            ("Table 5 Response parameters", &[["spec", "Table 6", "-"]]),
            (
                "Table 6 Data structure of the spec field",
                &[["spec", "Table 4", "EIP."]],
            ),
        ];
        let (mut page, unplaced) = request_and_response(request, response);
        assert_eq!(unplaced, Vec::<String>::new());
        let group = page.responses[0].body.clone().expect("a response body");
        let links = link(&group, &mut page);
        let linked = links.child[1][0].and_then(|c| Some(group.table(c)?.caption.text.clone()));
        assert_eq!(
            linked.as_deref(),
            Some("Table 4 Data structure of the spec-spec field")
        );
    }

    #[test]
    fn a_table_of_the_responses_own_is_not_taken_from_the_request() {
        // Both sections give `login`: the response's row links its own table, nothing is borrowed; and
        // a plain `Object` row with no table of its own stays free-form.
        let login: &[[&str; 3]] = &[["sshKey", "String", "K."]];
        let (page, unplaced) = request_and_response(
            &[
                (
                    "Table 1 Parameters in the request body",
                    &[["login", "login object", "L."], ["extra", "Object", "E."]],
                ),
                ("Table 2 Data structure of the login field", login),
                ("Table 3 extra", login),
            ],
            &[
                (
                    "Table 4 Response parameters",
                    &[["login", "login object", "L."], ["extra", "Object", "E."]],
                ),
                ("Table 5 Data structure of the login field", login),
            ],
        );
        assert_eq!(unplaced, Vec::<String>::new());
        assert_eq!(page.request_body.as_ref().map(Group::len), Some(3));
        assert_eq!(page.responses[0].body.as_ref().map(Group::len), Some(2));
        assert_took_nothing_from_the_request(&page);
    }

    fn assert_took_nothing_from_the_request(page: &Page) {
        assert!(
            !page.notes.iter().any(|n| n.kind == "table-from-request"),
            "{:?}",
            page.notes
        );
    }

    #[test]
    fn a_response_row_with_a_table_of_its_own_takes_nothing_from_the_request() {
        // IMS ListImageByTags: the response's `tags` / `Array of Tags objects` has `Table 9 … resource_tag
        // field` (its items); the request's `Table 2 … tags field` is the query's, not taken.
        let (page, unplaced) = request_and_response(
            &[
                (
                    "Table 1 Request parameters",
                    &[["tags", "Array of objects", "For details, see Table 2."]],
                ),
                (
                    "Table 2 Data structure description of the tags field",
                    &[["values", "Array of strings", "Values."]],
                ),
            ],
            &[
                (
                    "Table 8 Response parameters",
                    &[["tags", "Array of Tags objects", "Tags."]],
                ),
                (
                    "Table 9 Data structure description of the resource_tag field",
                    &[["value", "String", "Value."]],
                ),
            ],
        );
        assert_eq!(unplaced, Vec::<String>::new());
        assert_eq!(page.responses[0].body.as_ref().map(Group::len), Some(2));
        assert_took_nothing_from_the_request(&page);
    }

    #[test]
    fn a_response_with_a_table_left_over_takes_nothing_from_the_request() {
        // CCE UpdateAddonInstance: the response's `spec object` and its `Table 8 Data structure of the spce
        // field` (a misspelt caption, linked by `link`); the request's `spec` table is not taken.
        let (page, unplaced) = request_and_response(
            &[
                (
                    "Table 4 Parameters in the request body",
                    &[["spec", "spec object", "S."]],
                ),
                (
                    "Table 5 Data structure of the spec field",
                    &[["clusterID", "String", "C."]],
                ),
            ],
            &[
                (
                    "Table 7 Response parameters",
                    &[["spec", "spec object", "S."]],
                ),
                (
                    "Table 8 Data structure of the spce field",
                    &[["description", "String", "D."]],
                ),
            ],
        );
        assert_eq!(unplaced, Vec::<String>::new());
        assert_eq!(page.responses[0].body.as_ref().map(Group::len), Some(2));
        assert_took_nothing_from_the_request(&page);
    }

    #[test]
    fn a_body_table_captioned_as_a_way_of_calling_is_an_alternative() {
        // IAM ObtainingATemporaryAkSk: one header table per way of calling, captioned in words, and after the
        // request body's tables one more table per way, with the same captions, that no row links to.
        let way =
            "Obtaining a temporary AK/SK with an agency token (methods is set to assume_role)";
        let lines = [
            "Title",
            "URI",
            "POST /x",
            "Parameters in the request header",
            way,
            "Parameter",
            "Mandatory",
            "Type",
            "Description",
            "X-Auth-Token",
            "Yes",
            "String",
            "Token.",
            "Request Parameters",
            "Parameters in the request body",
            "Parameter",
            "Mandatory",
            "Type",
            "Description",
            "auth",
            "Yes",
            "String",
            "Authentication.",
            way,
            "Parameter",
            "Mandatory",
            "Type",
            "Description",
            "agency_name",
            "Mandatory",
            "String",
            "Name of the agency.",
        ];
        let mut page = parse(&lines.join("\n\n"));
        let group = page.request_body.clone().expect("a request body");
        assert_eq!(group.len(), 2);
        link(&group, &mut page);
        let unplaced: Vec<&str> = page
            .marks
            .iter()
            .enumerate()
            .filter(|(_, m)| matches!(m, Mark::Unplaced(_)))
            .map(|(i, _)| page.lines[i].text.as_str())
            .collect();
        assert_eq!(unplaced, Vec::<&str>::new());
        let noted: Vec<&str> = page
            .notes
            .iter()
            .filter(|n| n.kind == "alternative-table")
            .map(|n| page.lines[n.at].text.as_str())
            .collect();
        assert_eq!(noted, [way]);
    }
}
