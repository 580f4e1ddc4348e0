//! Stage 4: puts a rendered crate on disk so that a reader never sees half of it, and leaves the directory
//! untouched (mtimes included) when nothing changed.
//!
//! The new tree is assembled next to the old one (`.<name>.codegen-new`): unchanged files are hard-linked from
//! the old tree, so they keep their mtime and cargo does not rebuild for nothing; changed files are written.
//! Then the old tree is moved aside and the new one moved in (two renames), and the old one is deleted. A run
//! interrupted between the renames is repaired by the next run, which finds the old tree aside.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::rust::GeneratedFile;

/// What a write or check found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Files that would be / were created.
    pub added: Vec<PathBuf>,
    /// Files whose contents differ.
    pub modified: Vec<PathBuf>,
    /// Files that are not generated any more.
    pub removed: Vec<PathBuf>,
}

impl Changes {
    /// Whether the directory already matched.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.modified.is_empty() && self.removed.is_empty()
    }

    /// Every differing file, with a marker: `+` added, `~` modified, `-` removed.
    pub fn lines(&self) -> Vec<String> {
        let mark = |m: &str, v: &[PathBuf]| {
            v.iter()
                .map(|p| format!("{m} {}", p.display()))
                .collect::<Vec<_>>()
        };
        [
            mark("+", &self.added),
            mark("~", &self.modified),
            mark("-", &self.removed),
        ]
        .concat()
    }
}

/// Files currently under `dir`, relative, skipping `target/` (a crate built in place).
fn existing_files(dir: &Path) -> io::Result<BTreeSet<PathBuf>> {
    let mut out = BTreeSet::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in fs::read_dir(&current)? {
            let entry = entry?;
            let path = entry.path();
            let relative = path
                .strip_prefix(dir)
                .map_err(io::Error::other)?
                .to_path_buf();
            if relative == Path::new("target") {
                continue;
            }
            if entry.file_type()?.is_dir() {
                stack.push(path);
            } else {
                out.insert(relative);
            }
        }
    }
    Ok(out)
}

/// Compares `files` with what is in `dir`, writing nothing.
pub fn diff(dir: &Path, files: &[GeneratedFile]) -> io::Result<Changes> {
    let mut existing = existing_files(dir)?;
    let mut changes = Changes::default();
    for file in files {
        if existing.remove(&file.path) {
            if fs::read(dir.join(&file.path))? != file.contents.as_bytes() {
                changes.modified.push(file.path.clone());
            }
        } else {
            changes.added.push(file.path.clone());
        }
    }
    changes.removed = existing.into_iter().collect();
    Ok(changes)
}

fn sibling(dir: &Path, suffix: &str) -> io::Result<PathBuf> {
    let name = dir
        .file_name()
        .ok_or_else(|| io::Error::other(format!("{} has no directory name", dir.display())))?;
    let mut sibling = OsStringExt::from(".");
    sibling.push(name);
    sibling.push(suffix);
    Ok(dir.with_file_name(sibling))
}

type OsStringExt = std::ffi::OsString;

/// Makes `dir` contain exactly `files`. Returns what changed; when nothing did, nothing is touched.
pub fn write(dir: &Path, files: &[GeneratedFile]) -> io::Result<Changes> {
    let aside = sibling(dir, ".codegen-old")?;
    let staging = sibling(dir, ".codegen-new")?;
    // Repair an earlier run that stopped between its two renames.
    if !dir.exists() && aside.exists() {
        fs::rename(&aside, dir)?;
    }
    let changes = diff(dir, files)?;
    if changes.is_empty() {
        return Ok(changes);
    }
    if staging.exists() {
        fs::remove_dir_all(&staging)?;
    }
    for file in files {
        let target = staging.join(&file.path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        let unchanged =
            !changes.added.contains(&file.path) && !changes.modified.contains(&file.path);
        if !(unchanged && fs::hard_link(dir.join(&file.path), &target).is_ok()) {
            fs::write(&target, &file.contents)?;
        }
    }
    // A crate built in place keeps its build directory.
    let target_dir = dir.join("target");
    if target_dir.is_dir() {
        fs::rename(&target_dir, staging.join("target"))?;
    }
    if aside.exists() {
        fs::remove_dir_all(&aside)?;
    }
    if dir.exists() {
        fs::rename(dir, &aside)?;
    } else if let Some(parent) = dir.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::rename(&staging, dir)?;
    if aside.exists() {
        fs::remove_dir_all(&aside)?;
    }
    Ok(changes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime};

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile {
            path: path.into(),
            contents: contents.into(),
        }
    }

    fn mtime(path: &Path) -> SystemTime {
        fs::metadata(path).unwrap().modified().unwrap()
    }

    #[test]
    fn writes_then_keeps_unchanged_files_untouched() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("kafka");
        let v1 = [file("Cargo.toml", "a"), file("src/lib.rs", "b")];
        let first = write(&dir, &v1).unwrap();
        assert_eq!(first.added.len(), 2);
        let old = SystemTime::now() - Duration::from_secs(3600);
        for f in ["Cargo.toml", "src/lib.rs"] {
            fs::File::options()
                .write(true)
                .open(dir.join(f))
                .unwrap()
                .set_modified(old)
                .unwrap();
        }
        assert!(write(&dir, &v1).unwrap().is_empty());
        assert_eq!(mtime(&dir.join("src/lib.rs")), old);

        let v2 = [
            file("Cargo.toml", "a"),
            file("src/lib.rs", "c"),
            file("src/x.rs", "d"),
        ];
        let second = write(&dir, &v2).unwrap();
        assert_eq!(second.modified, vec![PathBuf::from("src/lib.rs")]);
        assert_eq!(second.added, vec![PathBuf::from("src/x.rs")]);
        assert_eq!(
            mtime(&dir.join("Cargo.toml")),
            old,
            "unchanged file keeps its mtime"
        );
        assert_eq!(fs::read_to_string(dir.join("src/lib.rs")).unwrap(), "c");
        assert!(!sibling(&dir, ".codegen-new").unwrap().exists());
        assert!(!sibling(&dir, ".codegen-old").unwrap().exists());

        let third = write(&dir, &v2[..2]).unwrap();
        assert_eq!(third.removed, vec![PathBuf::from("src/x.rs")]);
        assert!(!dir.join("src/x.rs").exists());
    }

    #[test]
    fn an_interrupted_swap_is_repaired() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("kafka");
        let v1 = [file("Cargo.toml", "a")];
        write(&dir, &v1).unwrap();
        // Simulate a stop between "move old aside" and "move new in".
        fs::rename(&dir, sibling(&dir, ".codegen-old").unwrap()).unwrap();
        assert!(write(&dir, &v1).unwrap().is_empty());
        assert_eq!(fs::read_to_string(dir.join("Cargo.toml")).unwrap(), "a");
    }
}
