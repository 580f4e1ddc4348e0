//! Versions a generated crate across spec updates, between rendering and writing: which version the crate gets
//! and what its changelog says.
//!
//! **The record.** Every generated crate carries [`RECORD`] (`openapi.yaml`): the spec it was generated from,
//! byte for byte after a one-line `@generated` header (a JSON spec stays JSON, which is YAML), listed in the
//! manifest like every generated file. The next `generate` diffs the record against the new spec with
//! [`crate::diff`] and so needs no git history and no copy kept by hand; users of the crate get the API
//! description it was built from.
//!
//! **The version** lives in the generated `Cargo.toml` (`[package] version`), which is read back:
//! - no record (a first generation, or a crate generated before records existed): the version is kept (a new
//!   crate starts at `0.1.0`), and [`CHANGELOG`] gets an "initial generation" entry;
//! - the record is the new spec: nothing changes, not a byte, no date (a no-op regeneration, and `check`);
//! - otherwise the version is bumped by the diff's verdict with Cargo's rules ([`Version::bumped`]: under
//!   `0.x` a breaking change bumps the minor, anything else the patch) and the changelog gets an entry: the
//!   date, the new version and the changes grouped as breaking, added, changed and documentation. A spec whose
//!   text changed without any change the diff lists (a comment, key order) refreshes the record only.
//!
//! [`Versioning::crate_version`] (`generate --crate-version X.Y.Z`) sets the version instead; it may not go
//! below the current one, nor stay at it when the API changed.
//!
//! **The date** of an entry is `SOURCE_DATE_EPOCH` (seconds since 1970, as reproducible builds define it) when
//! set, else today's date (UTC); it is read only when an entry is written.

use std::fmt::Write as _;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::diff::{self, Change, Kind, Loaded, Semver, Version};
use crate::rust::{GeneratedFile, escape};
use crate::spec::{self, Diagnostics};

/// The record of the spec a crate was generated from, in the crate directory.
pub const RECORD: &str = "openapi.yaml";

/// The changelog, in the crate directory.
pub const CHANGELOG: &str = "CHANGELOG.md";

/// The largest record read (a spec of thousands of operations is a few megabytes).
const MAX_RECORD_BYTES: u64 = 64 << 20;

/// The largest changelog read (thousands of entries).
const MAX_CHANGELOG_BYTES: u64 = 64 << 20;

/// The largest generated `Cargo.toml` read (a few kilobytes with one feature per API group).
const MAX_MANIFEST_BYTES: u64 = 1 << 20;

/// How a generation versions its crate.
#[derive(Debug, Clone, Default)]
pub struct Versioning {
    /// The version to give the crate (`--crate-version`), instead of the one the diff calls for.
    pub crate_version: Option<Version>,
    /// The date of a new changelog entry (`YYYY-MM-DD`); default: `SOURCE_DATE_EPOCH`, else today (UTC).
    pub date: Option<String>,
}

/// Why a crate cannot be versioned; nothing is written then.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading a file of the crate directory failed.
    #[error("{path}: {source}; nothing was written", path = .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What failed.
        source: io::Error,
    },
    /// A file of the crate directory is not what codegen wrote there.
    #[error("{path}:{line}:{column}: {message}; nothing was written\n  help: {help}", path = .path.display())]
    Damaged {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
        /// What to do.
        help: String,
    },
    /// The record no longer loads (edited, or written by a codegen that accepted more).
    #[error(
        "{0}\n  help: the crate's record of its previous spec ({RECORD}) cannot be read, so the update cannot be \
         versioned; restore it from version control, or delete it (the next generation then keeps the version in \
         Cargo.toml and notes a new initial generation in the changelog)"
    )]
    Record(Diagnostics),
    /// `--crate-version` does not move forward.
    #[error(
        "--crate-version {given}: the crate is at {current}{why}; nothing was written\n  help: give a higher \
         version, or leave --crate-version out to have the change's semver verdict pick it"
    )]
    Backwards {
        /// The version asked for.
        given: Version,
        /// The crate's version.
        current: Version,
        /// Why the same version is not enough either, when it is the same.
        why: String,
    },
    /// `SOURCE_DATE_EPOCH` is not a number of seconds.
    #[error(
        "SOURCE_DATE_EPOCH=`{0}` is not a number of seconds since 1970-01-01; nothing was written\n  help: set it \
         to an integer (e.g. `$(git log -1 --format=%ct)`) or unset it to date the changelog entry today"
    )]
    SourceDateEpoch(String),
}

/// What a generation records about its crate's version.
#[derive(Debug, Clone)]
pub struct Release {
    /// The crate version to write.
    pub version: Version,
    /// The version the crate had (none when the directory held no crate).
    pub previous: Option<Version>,
    /// The changes since the record (empty when there was none or it is the new spec).
    pub changes: Vec<Change>,
    /// Whether a record existed.
    pub recorded: bool,
    /// The record and the changelog, to write with the crate.
    pub files: Vec<GeneratedFile>,
}

/// Decides the version of the crate generated from `new` (whose text is `text`, named `source` in headers)
/// into `out_dir`, from what the directory holds.
pub fn plan(
    text: &str,
    new: &Loaded,
    out_dir: &Path,
    source: &str,
    versioning: &Versioning,
) -> Result<Release, Error> {
    let text = text.trim_start_matches('\u{feff}');
    let record = format!(
        "# {} from {}: the spec this crate was generated from; the next `generate` diffs against it to version \
         the crate. Do not edit.\n{text}{}",
        crate::write::GENERATED_MARKER,
        escape::one_line(source),
        if text.ends_with('\n') { "" } else { "\n" }
    );
    let previous = crate_version(&out_dir.join("Cargo.toml"))?;
    let current = previous.unwrap_or_default();
    let record_path = out_dir.join(RECORD);
    let old_record = read_bounded(&record_path, MAX_RECORD_BYTES)?;
    let changes = match &old_record {
        Some(old) if *old != record => {
            let spec = spec::parse(old, &record_path).map_err(Error::Record)?;
            let service = crate::ir::build(&spec, &record_path).map_err(Error::Record)?;
            diff::diff(&Loaded { spec, service }, new)
        }
        _ => Vec::new(),
    };
    let semver = diff::semver(&changes);
    let version = match versioning.crate_version {
        None if old_record.is_some() => current.bumped(semver),
        None => current,
        Some(given) => {
            let order = |v: Version| (v.major, v.minor, v.patch);
            if order(given) < order(current) || (given == current && semver != Semver::None) {
                let why = if given == current {
                    format!(
                        " and the API changed (semver {}), so the version must move",
                        semver_name(semver)
                    )
                } else {
                    String::new()
                };
                return Err(Error::Backwards {
                    given,
                    current,
                    why,
                });
            }
            given
        }
    };
    let changelog_path = out_dir.join(CHANGELOG);
    let old_changelog = read_bounded(&changelog_path, MAX_CHANGELOG_BYTES)?;
    let earlier = old_changelog.as_deref().map_or("", entries);
    let entry = if old_record.is_none() {
        Some(format!(
            "## {version} ({date})\n\nInitial generation from `{source}`: {count} operation(s).\n",
            date = date(versioning)?,
            source = escape::one_line(source),
            count = new.service.operations.len(),
        ))
    } else if version != current {
        Some(update_entry(
            version,
            current,
            semver,
            &changes,
            &date(versioning)?,
            source,
        ))
    } else {
        None
    };
    let mut changelog = format!(
        "<!-- {} from {}: one entry per generation that changed the API, newest first. Do not edit. -->\n\
         # Changelog of {}\n\n",
        crate::write::GENERATED_MARKER,
        escape::html_comment(source),
        new.service.crate_name
    );
    if let Some(entry) = entry {
        changelog.push_str(&entry);
        if !earlier.is_empty() {
            changelog.push('\n');
        }
    }
    changelog.push_str(earlier);
    Ok(Release {
        version,
        previous,
        changes,
        recorded: old_record.is_some(),
        files: vec![
            GeneratedFile {
                path: RECORD.into(),
                contents: record,
            },
            GeneratedFile {
                path: CHANGELOG.into(),
                contents: changelog,
            },
        ],
    })
}

fn semver_name(s: Semver) -> &'static str {
    match s {
        Semver::None => "none",
        Semver::Patch => "patch",
        Semver::Minor => "minor",
        Semver::Major => "major",
    }
}

/// The entries of a changelog this module wrote: everything from the first `## ` heading on.
fn entries(text: &str) -> &str {
    if text.starts_with("## ") {
        return text;
    }
    text.find("\n## ").map_or("", |i| &text[i + 1..])
}

/// Whether a change belongs in a changelog group (the first group it belongs to takes it).
type InGroup = fn(&Change) -> bool;

/// A changelog entry for an update from `current` to `version`.
fn update_entry(
    version: Version,
    current: Version,
    semver: Semver,
    changes: &[Change],
    date: &str,
    source: &str,
) -> String {
    let mut out = format!("## {version} ({date})\n\n");
    let _ = write!(
        out,
        "Regenerated from `{}`, previously {current}: semver **{}**",
        escape::one_line(source),
        semver_name(semver),
    );
    if version != current.bumped(semver) {
        out.push_str(" (the version was set by `--crate-version`)");
    }
    let _ = writeln!(out, "; {} change(s).", changes.len());
    let groups: [(&str, InGroup); 4] = [
        ("Breaking", |c| c.breaks_rust_api || c.breaks_wire),
        ("Added", |c| c.adds),
        ("Changed", |c| c.kind != Kind::DescriptionChanged),
        ("Documentation", |_| true),
    ];
    let mut placed = vec![false; changes.len()];
    for (title, belongs) in groups {
        let mut lines = String::new();
        for (i, c) in changes.iter().enumerate() {
            if placed[i] || !belongs(c) {
                continue;
            }
            placed[i] = true;
            lines.push_str(&item(c, title == "Breaking"));
        }
        if !lines.is_empty() {
            let _ = write!(out, "\n### {title}\n\n{lines}");
        }
    }
    out
}

/// One change as a Markdown list item; the note (why it breaks) only for breaking ones.
fn item(c: &Change, why: bool) -> String {
    let mut line = format!("- {}", c.kind.as_str());
    if let Some(op) = &c.operation {
        let _ = write!(line, " {}", code(op));
    }
    let _ = write!(line, " at {}", code(&c.location));
    if c.old.is_some() || c.new.is_some() {
        let shown = |v: &Option<String>| v.as_deref().map_or_else(|| "—".to_owned(), code);
        let _ = write!(line, ": {} → {}", shown(&c.old), shown(&c.new));
    }
    if why {
        let wire = if c.breaks_wire { "wire" } else { "" };
        let rust = if c.breaks_rust_api { "Rust API" } else { "" };
        let what = [wire, rust]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        let _ = write!(line, " (breaks: {what}; {})", escape::one_line(&c.note));
    }
    line.push('\n');
    line
}

/// Spec text as a Markdown code span, on one line and cut to [`spec::QUOTE_LIMIT`] characters.
fn code(text: &str) -> String {
    let text = spec::shown_input(text);
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

/// The date of a new entry.
fn date(versioning: &Versioning) -> Result<String, Error> {
    if let Some(d) = &versioning.date {
        return Ok(d.clone());
    }
    let seconds = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => v
            .trim()
            .parse::<i64>()
            .map_err(|_| Error::SourceDateEpoch(spec::shown_input(&v)))?,
        Err(std::env::VarError::NotUnicode(v)) => {
            return Err(Error::SourceDateEpoch(spec::shown_input(
                &v.to_string_lossy(),
            )));
        }
        Err(std::env::VarError::NotPresent) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX)),
    };
    Ok(civil_date(seconds.div_euclid(86_400)))
}

/// The proleptic Gregorian date `days` after 1970-01-01, as `YYYY-MM-DD` (H. Hinnant's `civil_from_days`).
pub fn civil_date(days: i64) -> String {
    // Clamped to years 0..=9999 and beyond: the arithmetic stays far from overflow.
    let z = days.clamp(-800_000_000, 800_000_000) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// A file's text, when it exists (at most `limit` bytes).
fn read_bounded(path: &Path, limit: u64) -> Result<Option<String>, Error> {
    let io_error = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    // Like `write`, never through a symbolic link: what is there is ours or not there.
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_file() => {}
        Ok(_) => {
            return Err(Error::Damaged {
                path: path.to_path_buf(),
                line: 1,
                column: 1,
                message: "not a regular file".into(),
                help: "this file is generated: remove what is there and restore it from version control".into(),
            });
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_error(e)),
    }
    let file = fs::File::open(path).map_err(io_error)?;
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if bytes.len() as u64 > limit {
        return Err(Error::Damaged {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            message: format!("larger than the {limit} bytes codegen reads here"),
            help: "this file is generated: restore it from version control".into(),
        });
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| Error::Damaged {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            message: "not UTF-8".into(),
            help: "this file is generated: restore it from version control".into(),
        })
}

/// The `[package] version` of the generated `Cargo.toml` at `path`, if there is one.
fn crate_version(path: &Path) -> Result<Option<Version>, Error> {
    let Some(text) = read_bounded(path, MAX_MANIFEST_BYTES)? else {
        return Ok(None);
    };
    let mut in_package = false;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_package = trimmed == "[package]";
            continue;
        }
        let Some(value) = trimmed
            .strip_prefix("version")
            .map(str::trim_start)
            .and_then(|r| r.strip_prefix('='))
        else {
            continue;
        };
        if !in_package {
            continue;
        }
        let value = value.trim();
        let column = line.len() - line.trim_start().len() + trimmed.len() - value.len() + 1;
        let parsed = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .ok_or_else(|| "the version is not a TOML string".to_owned())
            .and_then(str::parse::<Version>);
        return parsed.map(Some).map_err(|message| Error::Damaged {
            path: path.to_path_buf(),
            line: i + 1,
            column,
            message,
            help: "Cargo.toml is generated: set the version with `codegen generate --crate-version X.Y.Z`".into(),
        });
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_days_since_1970() {
        // Hand-checked against `date -u -d @SECONDS`.
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(-1), "1969-12-31");
        assert_eq!(civil_date(11_016), "2000-02-29");
        assert_eq!(civil_date(1_796_083_200 / 86_400), "2026-12-01");
        assert_eq!(civil_date(59), "1970-03-01");
    }

    #[test]
    fn the_package_version_is_read_from_its_section_only() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("Cargo.toml");
        fs::write(
            &path,
            "[package]\nname = \"x\"\nversion = \"1.2.3\"\n[dependencies]\ny = { version = \"9\" }\n",
        )
        .unwrap();
        assert_eq!(
            crate_version(&path).unwrap(),
            Some(Version {
                major: 1,
                minor: 2,
                patch: 3
            })
        );
        fs::write(&path, "[dependencies]\nversion = \"1.0.0\"\n").unwrap();
        assert_eq!(crate_version(&path).unwrap(), None);
        fs::write(&path, "[package]\nname = \"x\"\n  version = \"1.x\"\n").unwrap();
        let err = crate_version(&path).unwrap_err();
        assert!(
            matches!(
                err,
                Error::Damaged {
                    line: 3,
                    column: 13,
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn entries_are_what_follows_the_title() {
        assert_eq!(
            entries("<!-- h -->\n# Changelog\n\n## 0.1.0\nx\n"),
            "## 0.1.0\nx\n"
        );
        assert_eq!(entries("<!-- h -->\n# Changelog\n"), "");
    }
}
