//! Value tables: a `Table N` caption whose header has no name (`Parameter`) cell documents values, not
//! fields: a field's options (ELB `Security Policy` / `TLS Version` / `Cipher Suite`), the codes an
//! `error_code` field takes, reserved tag names, how one service's statuses map to another's. No schema can
//! be made of them; the table is documentation of the field or parameter whose row points at it (`see
//! Table N`, or its name leads the caption: `tls_ciphers_policy parameter description`), else of the
//! operation. It is appended to that description as its caption and a Markdown table (cells escaped for
//! `|`), so every line of it is placed and a reader of the generated docs still sees it.

use super::labels;
use super::page::{Group, Page, Row, Table, Text};

/// The most header cells a value table is read with (the corpus's widest, DCS's configuration parameters,
/// has 7); a longer run of header-like lines is cut here and the rest read as cells.
pub(crate) const MAX_VALUE_TABLE_COLUMNS: usize = 8;

/// The most words of a header cell (`Image Status in Glance` has 4); longer is a sentence.
const MAX_HEADER_CELL_WORDS: usize = 5;

/// Short words a title-cased header cell leaves in lower case (`Image Status in Glance`).
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "and", "by", "for", "in", "of", "on", "or", "per", "the", "to", "with",
];

/// Whether a line reads as a header cell of a value table: a column name the transcriber knows
/// (`Description`), or a short title-cased phrase of letters (`Parameter ID`, `TLS Version`, `Image Status
/// in Glance`). Values are not: they hold digits or punctuation (`1`, `dcs.08.0001`, `__type_baremetal`),
/// start in lower case (`queued`, `tls-1-0`), are sentences, or a single word in capitals (`ACTIVE`).
pub(crate) fn is_header_cell(cell: &str) -> bool {
    if labels::column(cell).is_some() {
        return true;
    }
    let words: Vec<&str> = cell.split(' ').collect();
    cell.starts_with(|c: char| c.is_ascii_uppercase())
        && words.len() <= MAX_HEADER_CELL_WORDS
        && cell
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == ' ' || c == '-')
        && words
            .iter()
            .all(|w| w.starts_with(|c: char| c.is_ascii_uppercase()) || FUNCTION_WORDS.contains(w))
        && (words.len() != 1 || cell.chars().any(|c| c.is_ascii_lowercase()))
}

/// A value table as read from the page.
#[derive(Debug, Clone)]
pub(crate) struct ValueTable {
    /// The caption line (`Table 4 Reserved tag parameters`).
    pub caption: Text,
    /// `N` of the caption.
    pub number: u32,
    /// The header cells.
    pub header: Vec<String>,
    /// The lines after the header, in page order.
    pub cells: Vec<String>,
}

/// A cell for a Markdown table row: `|` escaped, so the cell stays one cell.
fn markdown_cell(cell: &str) -> String {
    cell.replace('|', "\\|")
}

impl ValueTable {
    /// The rows, when the cells make whole rows of one line per cell: as many lines as a number of rows
    /// times the header's cells, none of them reading as a header cell. A cell of several paragraphs (or a
    /// cell merged over rows) makes the count uneven, and the page text then does not say where a cell
    /// ends: `None`. An even count is not proof (DCS's `Instance Type` cell spans every row and a
    /// paragraph more makes up for it); a cell that reads as a header cell (`Integer`, SMN's `Sid` read as
    /// the header's fourth cell) says the header or the rows were not told apart right: `None` too, so a
    /// table is never shown with its cells shifted.
    fn rows(&self) -> Option<Vec<&[String]>> {
        let width = self.header.len();
        (width > 0
            && !self.cells.is_empty()
            && self.cells.len().is_multiple_of(width)
            && !self.cells.iter().any(|c| is_header_cell(c)))
        .then(|| self.cells.chunks(width).collect())
    }

    /// The table as documentation: its caption, then a Markdown table; when the cells cannot be told apart
    /// into rows, the header cells on one line and each further line as a paragraph, verbatim.
    pub(crate) fn doc(&self) -> String {
        let mut out = vec![self.caption.text.clone(), String::new()];
        let line = |cells: &[String]| {
            let cells: Vec<String> = cells.iter().map(|c| markdown_cell(c)).collect();
            format!("| {} |", cells.join(" | "))
        };
        match self.rows() {
            Some(rows) => {
                out.push(line(&self.header));
                out.push(format!("|{}", " --- |".repeat(self.header.len())));
                out.extend(rows.into_iter().map(line));
            }
            None => {
                out.push(self.header.join(" / "));
                for c in &self.cells {
                    out.push(String::new());
                    out.push(c.clone());
                }
            }
        }
        out.join("\n")
    }

    /// Whether the row documents the field the table gives the values of: its description points at the
    /// table (`see Table 4`, `Table 3 shows …`), or its name is the caption's first word
    /// (`tls_ciphers_policy parameter description`).
    fn documents(&self, row: &Row) -> bool {
        let first_word = labels::caption_title(&self.caption.text)
            .and_then(|t| t.split(' ').next())
            .unwrap_or_default();
        row.name.text == first_word
            || row
                .description
                .iter()
                .any(|d| mentions_table(&d.text, self.number))
    }
}

/// Whether a paragraph mentions `Table n` (not `Table n0`).
fn mentions_table(text: &str, n: u32) -> bool {
    let needle = format!("Table {n}");
    text.match_indices(&needle)
        .any(|(i, _)| !text[i + needle.len()..].starts_with(|c: char| c.is_ascii_digit()))
}

/// Every parameter and body table of the page.
fn tables_mut(page: &mut Page) -> Vec<&mut Table> {
    fn of_group(g: &mut Group) -> impl Iterator<Item = &mut Table> {
        std::iter::once(&mut g.top).chain(g.nested.iter_mut())
    }
    let mut tables: Vec<&mut Table> = page.params.iter_mut().collect();
    if let Some(g) = page.request_body.as_mut() {
        tables.extend(of_group(g));
    }
    for s in &mut page.responses {
        if let Some(g) = s.body.as_mut() {
            tables.extend(of_group(g));
        }
        tables.extend(s.headers.iter_mut());
    }
    tables
}

/// Appends a paragraph holding `doc` to a description, after a blank line when it has text already (so
/// the caption and table stand as blocks of their own in Markdown).
fn append(description: &mut Vec<Text>, at: usize, doc: &str) {
    let text = if description.is_empty() {
        doc.to_owned()
    } else {
        format!("\n{doc}")
    };
    description.push(Text { at, text });
}

/// Places each value table in the description of the row that documents its field (the first such row of
/// each table), else of the operation, with a note saying where it went.
pub(crate) fn attach(page: &mut Page, tables: Vec<ValueTable>) {
    for t in tables {
        let doc = t.doc();
        let mut fields = Vec::new();
        // Once per table: several rows of one table pointing at it (DCS `param_id`, `param_name`, … each
        // `see the … column in Table 4`) are shown together, and the first of them carries it.
        for table in tables_mut(page) {
            if let Some(row) = table.rows.iter_mut().find(|r| t.documents(r)) {
                append(&mut row.description, t.caption.at, &doc);
                fields.push(format!("`{}`", row.name.text));
            }
        }
        let place = if fields.is_empty() {
            append(&mut page.description, t.caption.at, &doc);
            "the operation's".to_owned()
        } else {
            fields.dedup();
            fields.join(", ") + "'s"
        };
        let form = if t.rows().is_some() {
            "a Markdown table"
        } else {
            "text (its cells do not divide into rows of one line per header cell)"
        };
        page.note(
            t.caption.at,
            "value-table",
            format!(
                "`{}` documents values, not fields (no `Parameter` header cell): kept as {form} in {place} description",
                t.caption.text
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_cells_are_short_title_cased_phrases() {
        for h in [
            "Tag Name",
            "Description",
            "Parameter ID",
            "TLS Version",
            "Image Status in Glance",
            "Error Code",
        ] {
            assert!(is_header_cell(h), "{h}");
        }
        for v in [
            "__type_baremetal",
            "queued",
            "tls-1-0",
            "1",
            "dcs.08.0001",
            "ACTIVE",
            "Single-node Redis 4.0 or 5.0",
            "Specifies that the server is a BMS.",
        ] {
            assert!(!is_header_cell(v), "{v}");
        }
    }

    #[test]
    fn table_mentions_are_whole_numbers() {
        assert!(mentions_table("For details, see Table 4.", 4));
        assert!(mentions_table("Table 3 shows the mapping", 3));
        assert!(!mentions_table("see Table 40.", 4));
        assert!(!mentions_table("see Table 5.", 4));
    }

    fn table(header: &[&str], cells: &[&str]) -> ValueTable {
        ValueTable {
            caption: Text {
                at: 0,
                text: "Table 4 Reserved tag parameters".into(),
            },
            number: 4,
            header: header.iter().map(|s| s.to_string()).collect(),
            cells: cells.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn whole_rows_make_a_markdown_table_with_pipes_escaped() {
        let t = table(
            &["Tag Name", "Description"],
            &["__type_baremetal", "A BMS.", "a|b", "Either a or b."],
        );
        assert_eq!(
            t.doc(),
            "Table 4 Reserved tag parameters\n\n| Tag Name | Description |\n| --- | --- |\n\
             | __type_baremetal | A BMS. |\n| a\\|b | Either a or b. |"
        );
    }

    #[test]
    fn a_cell_reading_as_a_header_cell_keeps_the_table_text() {
        // DCS: `Instance Type` spans every row, and a paragraph more evens the count; `Integer` is a cell.
        let t = table(
            &["Instance Type", "ID", "Type"],
            &["Single-node", "1", "Integer", "2", "String", "More."],
        );
        assert_eq!(
            t.doc(),
            "Table 4 Reserved tag parameters\n\nInstance Type / ID / Type\n\nSingle-node\n\n1\n\nInteger\n\n\
             2\n\nString\n\nMore."
        );
    }

    #[test]
    fn uneven_cells_stay_text_in_page_order() {
        let t = table(&["Policy", "Suite"], &["tls-1-1", "TLS 1.2", "tls-1-2"]);
        assert_eq!(
            t.doc(),
            "Table 4 Reserved tag parameters\n\nPolicy / Suite\n\ntls-1-1\n\nTLS 1.2\n\ntls-1-2"
        );
    }
}
