//! Files and hashing, for every part of the grader: how a folder is listed ([`walk`]), which
//! files make up a crate ([`crate_files`]), how a crate's `Cargo.toml` is read ([`cargo_toml`]),
//! how files are fingerprinted and the running grader stamped ([`hash`]), and how generated
//! files are written without touching what has not changed ([`write_if_changed`]).

pub(crate) mod cargo_toml;
pub(crate) mod hash;
pub(crate) mod walk;

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// What a listing of a crate's files leaves out, besides what it always lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Leave {
    /// Build output: a `target` folder.
    BuildOutput,
    /// A `Cargo.lock`: cargo writes one beside a crate built on its own.
    LockFile,
    /// Files and folders whose name starts with a dot (an editor's or git's).
    Hidden,
}

/// Every file of the crate folder `dir`, relative to it and sorted, without what `leave_out`
/// names (at any depth).
///
/// ```ignore
/// let sources = crate_files(dir, &[Leave::BuildOutput, Leave::Hidden])?;
/// ```
pub(crate) fn crate_files(dir: &Path, leave_out: &[Leave]) -> Result<Vec<PathBuf>> {
    walk::files_below(dir, |relative| {
        let Some(name) = relative.file_name() else {
            return false;
        };
        leave_out.iter().any(|leave| match leave {
            Leave::BuildOutput => name == "target",
            Leave::LockFile => name == "Cargo.lock",
            Leave::Hidden => name.to_string_lossy().starts_with('.'),
        })
    })
}

/// Writes `contents` to the file `path`, creating its folder first; errors name the file.
pub(crate) fn write_file(path: &Path, contents: impl AsRef<[u8]>) -> Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create the folder of {}", path.display()))?;
    }
    fs::write(path, contents).with_context(|| format!("cannot write {}", path.display()))
}

/// Copies the file `path` to `backup` (creating its folder) before something overwrites or
/// removes it.
pub(crate) fn back_up(path: &Path, backup: &Path) -> Result<()> {
    fs::create_dir_all(backup.parent().expect("a file has a parent"))
        .with_context(|| format!("cannot create {}", backup.display()))?;
    fs::copy(path, backup)
        .with_context(|| format!("cannot back up {} to {}", path.display(), backup.display()))?;
    Ok(())
}

/// How generated files on disk differ from what their generator makes now.
#[derive(Debug, Default)]
pub(crate) struct Drift {
    /// Files missing or holding something else.
    pub(crate) changed: Vec<PathBuf>,
    /// Files present that the generator would not write.
    pub(crate) extra: Vec<PathBuf>,
}

impl Drift {
    /// Whether the files on disk are exactly the generated ones.
    pub(crate) fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.extra.is_empty()
    }
}

/// Makes the files below `dir` hold `expected` (paths below `dir`, or absolute paths inside
/// it): writes what `drift` found changed and removes what it found extra, first copying every
/// file it overwrites or removes into `backup_dir`, at the same path below it. Returns how many
/// files were backed up.
pub(crate) fn write_with_backup<C: AsRef<[u8]>>(
    dir: &Path,
    expected: &std::collections::BTreeMap<PathBuf, C>,
    drift: &Drift,
    backup_dir: &Path,
) -> Result<usize> {
    let below_dir = |path: &Path| path.strip_prefix(dir).unwrap_or(path).to_path_buf();
    let mut backed_up = 0;
    for path in drift.changed.iter().chain(&drift.extra) {
        let current = dir.join(path);
        if current.is_file() {
            back_up(&current, &backup_dir.join(below_dir(&current)))?;
            backed_up += 1;
        }
    }
    for path in &drift.changed {
        write_file(&dir.join(path), expected[path].as_ref())?;
    }
    for path in &drift.extra {
        let target = dir.join(path);
        fs::remove_file(&target).with_context(|| format!("cannot remove {}", target.display()))?;
    }
    Ok(backed_up)
}

/// `text` as a TOML string literal, quoted and escaped.
pub(crate) fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// `path` as a TOML string literal (lossily, for a path that is not UTF-8).
pub(crate) fn toml_path(path: &Path) -> String {
    toml_string(&path.to_string_lossy())
}

/// Writes `contents` to `path` unless it already holds exactly that, so cargo sees no change.
/// The write goes through a temporary file and a rename, so a grader running at the same time
/// never reads half a file.
pub(crate) fn write_if_changed(path: &Path, contents: &str) -> Result<()> {
    write_bytes_if_changed(path, contents.as_bytes())
}

/// [`write_if_changed`] for bytes that need not be text.
pub(crate) fn write_bytes_if_changed(path: &Path, contents: &[u8]) -> Result<()> {
    if fs::read(path).is_ok_and(|current| current == contents) {
        return Ok(());
    }
    fs::create_dir_all(path.parent().expect("a file has a parent"))
        .with_context(|| format!("cannot create the folder of {}", path.display()))?;
    let temporary = path.with_extension(format!("tmp-{}", std::process::id()));
    fs::write(&temporary, contents)
        .with_context(|| format!("cannot write {}", temporary.display()))?;
    fs::rename(&temporary, path).with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_files_leave_out_what_they_are_told() {
        let dir = tempfile::tempdir().unwrap();
        for file in [
            "Cargo.toml",
            "Cargo.lock",
            "src/lib.rs",
            "target/x",
            ".git/y",
            "src/.z",
        ] {
            let path = dir.path().join(file);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "").unwrap();
        }
        let names = |leave: &[Leave]| -> Vec<String> {
            crate_files(dir.path(), leave)
                .unwrap()
                .iter()
                .map(|p| p.display().to_string())
                .collect()
        };
        assert_eq!(
            names(&[Leave::BuildOutput, Leave::Hidden]),
            ["Cargo.lock", "Cargo.toml", "src/lib.rs"]
        );
        assert_eq!(
            names(&[Leave::BuildOutput, Leave::LockFile]),
            [".git/y", "Cargo.toml", "src/.z", "src/lib.rs"]
        );
    }

    #[test]
    fn an_unchanged_file_is_not_written_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b.txt");
        write_if_changed(&path, "one").unwrap();
        let before = fs::metadata(&path).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        write_if_changed(&path, "one").unwrap();
        assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), before);
        write_if_changed(&path, "two").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "two");
    }
}
