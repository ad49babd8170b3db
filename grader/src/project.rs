//! Where things are: the project root and the folders the pipeline reads and writes.
//!
//! The grader writes only below `target/grader/` (harness crates, build output, per-run records)
//! and, for `stubs` and `reset`, into `exercises/` after a backup in `.grade-backups/`.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Result, bail};

/// The gc-workbook checkout the grader works in.
#[derive(Debug, Clone)]
pub(crate) struct Project {
    root: PathBuf,
}

impl Project {
    /// The project at `root`, or the one found by walking up from the current directory.
    pub(crate) fn locate(root: Option<PathBuf>) -> Result<Self> {
        if let Some(root) = root {
            let root = absolute(&root)?;
            if !Self::is_root(&root) {
                bail!(
                    "{} is not a gc-workbook checkout (no grader/hidden/manifest.toml)",
                    root.display()
                );
            }
            return Ok(Self { root });
        }
        let cwd = std::env::current_dir()?;
        if let Some(root) = cwd.ancestors().find(|dir| Self::is_root(dir)) {
            return Ok(Self {
                root: absolute(root)?,
            });
        }
        // `cargo run` from anywhere else still knows where the grader was built from.
        let built_from = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        if Self::is_root(&built_from) {
            return Ok(Self {
                root: absolute(&built_from)?,
            });
        }
        bail!(
            "cannot find the gc-workbook checkout from {} (looked for grader/hidden/manifest.toml); pass --root DIR",
            cwd.display()
        )
    }

    fn is_root(dir: &Path) -> bool {
        dir.join("grader/hidden/manifest.toml").is_file() && dir.join("Cargo.toml").is_file()
    }

    /// The checkout's top folder.
    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    /// `exercises/`, the learner's stubs.
    pub(crate) fn exercises_dir(&self) -> PathBuf {
        self.root.join("exercises")
    }

    /// `solutions/`, the reference answers and the source of the stubs.
    pub(crate) fn solutions_dir(&self) -> PathBuf {
        self.root.join("solutions")
    }

    /// `grader/hidden/`, the hidden tests and the manifest.
    pub(crate) fn hidden_dir(&self) -> PathBuf {
        self.root.join("grader/hidden")
    }

    /// `grader/support/`, the library every hidden test links against.
    pub(crate) fn support_crate_dir(&self) -> PathBuf {
        self.root.join("grader/support")
    }

    /// `book/src/`.
    pub(crate) fn book_src_dir(&self) -> PathBuf {
        self.root.join("book/src")
    }

    /// `target/grader/`, everything the grader generates.
    pub(crate) fn grader_target_dir(&self) -> PathBuf {
        self.root.join("target/grader")
    }

    /// `.grade-backups/`, where files are kept before anything overwrites them.
    pub(crate) fn backups_dir(&self) -> PathBuf {
        self.root.join(".grade-backups")
    }

    /// A new folder under `.grade-backups/` for what a command called `what` is about to
    /// overwrite: `1764012345-reset` (names sort by time).
    pub(crate) fn new_backup_dir(&self, what: &str) -> PathBuf {
        let seconds = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_secs());
        self.backups_dir().join(format!("{seconds}-{what}"))
    }

    /// `path` relative to the root when it is inside, for messages.
    pub(crate) fn relative(&self, path: &Path) -> String {
        path.strip_prefix(&self.root)
            .unwrap_or(path)
            .display()
            .to_string()
    }
}

/// `path` made absolute and canonical (cargo reports normalized paths; comparisons need one form).
pub(crate) fn absolute(path: &Path) -> Result<PathBuf> {
    path.canonicalize()
        .map_err(|err| anyhow::anyhow!("{}: {err}", path.display()))
}
