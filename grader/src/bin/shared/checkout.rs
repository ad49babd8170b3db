//! What the benchmark binaries share: each times grading on a fresh copy of the checkout.

use std::fs;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

/// Copies the checkout's files (tracked, and untracked but not ignored) to `to`.
pub(crate) fn copy_checkout(root: &Path, to: &Path) -> Result<()> {
    let output = Command::new("git")
        .args([
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ])
        .current_dir(root)
        .output()
        .context("cannot run git ls-files (is git installed?)")?;
    if !output.status.success() {
        bail!("git ls-files failed in {}", root.display());
    }
    for name in output
        .stdout
        .split(|byte| *byte == 0)
        .filter(|name| !name.is_empty())
    {
        let relative = Path::new(std::str::from_utf8(name).context("a file name is UTF-8")?);
        let from = root.join(relative);
        if !from.is_file() {
            continue; // deleted in the working tree
        }
        let destination = to.join(relative);
        fs::create_dir_all(destination.parent().expect("a file has a parent"))?;
        fs::copy(&from, &destination).with_context(|| format!("cannot copy {}", from.display()))?;
    }
    Ok(())
}
