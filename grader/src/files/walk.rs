//! The grader's one way to list folders: the entries of one folder, or every file below one.
//!
//! Every stage that looks at a tree (stubs, known-wrong copies, the book's snippets, quiz files,
//! the solutions a manifest must list) goes through here, so listings are sorted the same way,
//! symbolic links are treated the same way (listed, never followed), and an error names the
//! folder that could not be read.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// One entry of a folder.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// The folder's path joined with the entry's name ([`entries`]), or the path relative to
    /// the walked folder ([`below`]).
    pub(crate) path: PathBuf,
    /// Whether it is a folder (a symbolic link never is).
    pub(crate) is_dir: bool,
}

impl Entry {
    /// The entry's own name, lossily as text.
    pub(crate) fn name(&self) -> String {
        self.path
            .file_name()
            .map_or_else(String::new, |name| name.to_string_lossy().into_owned())
    }

    /// Whether its name ends in `.extension`.
    pub(crate) fn has_extension(&self, extension: &str) -> bool {
        self.path.extension().is_some_and(|ext| ext == extension)
    }
}

/// The entries of `dir`, sorted by name; each `path` is `dir` joined with the name.
pub(crate) fn entries(dir: &Path) -> Result<Vec<Entry>> {
    let listing = || format!("cannot list {}", dir.display());
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).with_context(listing)? {
        let entry = entry.with_context(listing)?;
        let kind = entry.file_type().with_context(listing)?;
        found.push(Entry {
            path: entry.path(),
            is_dir: kind.is_dir(),
        });
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(found)
}

/// Every file and folder below `dir`, as paths relative to it, sorted (a folder comes before
/// what it holds). `skip` sees each relative path first: a skipped file is left out, a skipped
/// folder is neither listed nor entered.
pub(crate) fn below(dir: &Path, skip: impl Fn(&Path) -> bool) -> Result<Vec<Entry>> {
    let mut found = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        for entry in entries(&dir.join(&relative))? {
            let path = relative.join(entry.path.file_name().expect("an entry has a name"));
            if skip(&path) {
                continue;
            }
            if entry.is_dir {
                pending.push(path.clone());
            }
            found.push(Entry {
                path,
                is_dir: entry.is_dir,
            });
        }
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(found)
}

/// Every file below `dir` (not the folders), as paths relative to it, sorted; `skip` as for
/// [`below`].
pub(crate) fn files_below(dir: &Path, skip: impl Fn(&Path) -> bool) -> Result<Vec<PathBuf>> {
    Ok(below(dir, skip)?
        .into_iter()
        .filter(|entry| !entry.is_dir)
        .map(|entry| entry.path)
        .collect())
}

/// The sorted names of the sub-folders of `dir`, hidden ones (`.name`) left out; none when
/// `dir` does not exist.
pub(crate) fn subfolders(dir: &Path) -> Result<Vec<String>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    Ok(entries(dir)?
        .iter()
        .filter(|entry| entry.is_dir)
        .map(Entry::name)
        .filter(|name| !name.starts_with('.'))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_below_are_relative_sorted_and_skip_what_is_asked() {
        let dir = tempfile::tempdir().unwrap();
        for file in [
            "b.rs",
            "src/lib.rs",
            "src/a/mod.rs",
            "target/debug/x",
            "src/target/y",
        ] {
            let path = dir.path().join(file);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "").unwrap();
        }
        let files = files_below(dir.path(), |path| path == Path::new("target")).unwrap();
        let expected = ["b.rs", "src/a/mod.rs", "src/lib.rs", "src/target/y"].map(PathBuf::from);
        assert_eq!(files, expected);
    }

    #[test]
    fn an_unreadable_folder_is_named_in_the_error() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing");
        let error = format!("{:#}", entries(&missing).unwrap_err());
        assert!(error.contains(&missing.display().to_string()), "{error}");
        assert_eq!(subfolders(&missing).unwrap(), Vec::<String>::new());
    }
}
