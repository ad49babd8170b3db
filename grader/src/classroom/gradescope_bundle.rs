//! The autograder zip a teacher uploads to Gradescope (`cargo grade gradescope-bundle`).
//!
//! Gradescope unpacks the zip into `/autograder/source`, runs `setup.sh` once when it builds
//! the autograder's image, and runs `run_autograder` for each submission, which must write
//! `/autograder/results/results.json`. The zip holds both scripts at its root, the workspace
//! under `workbook/` (everything but build output, so the grader builds there) and the
//! teacher's `--hidden-dir` under `hidden/`. Both scripts take the root from
//! `GRADESCOPE_AUTOGRADER_ROOT` (default `/autograder`), so the tests run them in a temporary
//! folder laid out the same way.
//!
//! The zip is written by the small stored (uncompressed) writer below: no crate in the lock
//! file writes zips, and Gradescope reads stored entries like any other.

use std::fs;
use std::path::Path;

use anyhow::{Context as _, Result, bail};

use crate::files::walk;
use crate::project::Project;

/// The environment variable that moves `/autograder` (for tests and local trials).
pub(crate) const ROOT_VARIABLE: &str = "GRADESCOPE_AUTOGRADER_ROOT";

/// Gradescope's setup script: Rust when cargo is missing, then the grader built once.
const SETUP_SH: &str = r#"#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image: it installs Rust
# with rustup when cargo is missing, fetches the crates, and builds the grader once so that
# grading a submission starts warm. GRADESCOPE_AUTOGRADER_ROOT moves /autograder.
set -euo pipefail
root="${GRADESCOPE_AUTOGRADER_ROOT:-/autograder}"
if ! command -v cargo >/dev/null 2>&1 && [ -f "$HOME/.cargo/env" ]; then
    . "$HOME/.cargo/env"
fi
if ! command -v cargo >/dev/null 2>&1; then
    if ! command -v curl >/dev/null 2>&1 || ! command -v cc >/dev/null 2>&1; then
        apt-get install -y curl ca-certificates build-essential
    fi
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs |
        sh -s -- -y --profile minimal --default-toolchain stable
    . "$HOME/.cargo/env"
fi
cd "$root/source/workbook"
# The crates of this machine's platform only (grading builds offline from them).
cargo fetch --locked --target "$(rustc -vV | sed -n 's/^host: //p')"
cargo build --locked -q -p grader
"#;

/// Gradescope's per-submission script: grade, and always leave a `results.json`.
const RUN_AUTOGRADER: &str = r#"#!/usr/bin/env bash
# Gradescope runs this for every submission. It grades /autograder/submission (a whole student
# repository with exercises/ inside, or the exercise folders themselves) with the hidden tests
# and writes /autograder/results/results.json. GRADESCOPE_AUTOGRADER_ROOT moves /autograder;
# GRADESCOPE_GRADER_ARGS adds options to cargo grade (for example: --timeout 30 --jobs 2).
set -uo pipefail
root="${GRADESCOPE_AUTOGRADER_ROOT:-/autograder}"
results="$root/results"
mkdir -p "$results"
if ! command -v cargo >/dev/null 2>&1 && [ -f "$HOME/.cargo/env" ]; then
    . "$HOME/.cargo/env"
fi
submission="$root/submission"
tree="$submission"
if [ -d "$submission/exercises" ]; then
    tree="$submission/exercises"
else
    for nested in "$submission"/*/exercises; do
        if [ -d "$nested" ]; then
            tree="$nested"
            break
        fi
    done
fi
hidden=()
if [ -d "$root/source/hidden" ]; then
    hidden=(--hidden-dir "$root/source/hidden")
fi
cd "$root/source/workbook" || exit 1
# GRADESCOPE_GRADER_ARGS is split into words on purpose.
# shellcheck disable=SC2086
cargo run --locked -q -p grader -- --submission "$tree" "${hidden[@]}" \
    --format gradescope ${GRADESCOPE_GRADER_ARGS:-} >"$results/results.json.partial"
status=$?
if [ "$status" -eq 0 ] && [ -s "$results/results.json.partial" ]; then
    mv "$results/results.json.partial" "$results/results.json"
else
    rm -f "$results/results.json.partial"
    printf '{"score": 0, "output": "The autograder could not grade this submission (cargo grade exited with %s): the instructor sees why in its output.", "tests": []}\n' \
        "$status" >"$results/results.json"
fi
"#;

/// Folders of the checkout left out of the bundle: build output, version control, backups,
/// the built book.
fn is_left_out(relative: &Path) -> bool {
    let name = relative.file_name().and_then(|name| name.to_str());
    matches!(name, Some("target" | ".git" | "__pycache__"))
        || relative == Path::new(".grade-backups")
        || relative == Path::new("book/book")
}

/// A finished bundle: the zip's bytes.
pub(crate) struct Bundle {
    pub(crate) bytes: Vec<u8>,
}

impl Bundle {
    /// The bundle of the checkout `project`, with the teacher's `hidden_dir` under `hidden/`
    /// when there is one; the file `out` (where it will be written) is not put inside it.
    pub(crate) fn of(project: &Project, hidden_dir: Option<&Path>, out: &Path) -> Result<Self> {
        let mut zip = ZipWriter::default();
        zip.add("setup.sh", SETUP_SH.as_bytes(), 0o755)?;
        zip.add("run_autograder", RUN_AUTOGRADER.as_bytes(), 0o755)?;
        add_folder(&mut zip, project.root(), "workbook", out)?;
        if let Some(hidden) = hidden_dir {
            add_folder(&mut zip, hidden, "hidden", out)?;
        }
        Ok(Self {
            bytes: zip.finish()?,
        })
    }

    /// The number of files in the zip (its end record says).
    pub(crate) fn entries(&self) -> u16 {
        zip_entries(&self.bytes)
    }
}

/// Adds every file below `dir` (but what [`is_left_out`] names, and the bundle itself) under
/// `prefix/` in the zip.
fn add_folder(zip: &mut ZipWriter, dir: &Path, prefix: &str, out: &Path) -> Result<()> {
    for relative in walk::files_below(dir, is_left_out)? {
        let path = dir.join(&relative);
        if path == out {
            continue;
        }
        let bytes = fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let mode = file_mode(&path);
        let name = format!("{prefix}/{}", relative.display());
        zip.add(&name, &bytes, mode)?;
    }
    Ok(())
}

/// A file's permission bits, so scripts in the checkout stay executable.
fn file_mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    fs::metadata(path).map_or(0o644, |meta| meta.permissions().mode() & 0o777)
}

/// The number of entries of a finished zip (its end record says).
fn zip_entries(bytes: &[u8]) -> u16 {
    let end = bytes.len() - END_RECORD_LEN;
    u16::from_le_bytes([bytes[end + 10], bytes[end + 11]])
}

/// The length of the end-of-central-directory record (without a comment).
const END_RECORD_LEN: usize = 22;

/// A zip of stored (uncompressed) entries, built in memory: a local header and the bytes per
/// entry, then the central directory and its end record (APPNOTE.TXT, sections 4.3 and 4.4).
#[derive(Default)]
struct ZipWriter {
    /// Local headers and file data, in order.
    body: Vec<u8>,
    /// The central directory's records.
    directory: Vec<u8>,
    entries: usize,
}

impl ZipWriter {
    /// Adds the file `name` (with `/` between folders) holding `bytes`, with Unix permissions
    /// `mode`.
    fn add(&mut self, name: &str, bytes: &[u8], mode: u32) -> Result<()> {
        let offset = u32::try_from(self.body.len());
        let size = u32::try_from(bytes.len());
        let (Ok(offset), Ok(size)) = (offset, size) else {
            bail!("the bundle would pass 4 GiB at {name}, more than a plain zip holds");
        };
        let name_len = u16::try_from(name.len()).context("a file name too long for a zip")?;
        let crc = crc32(bytes);
        // Version 2.0; bit 11: the name is UTF-8; method 0: stored; the DOS time of 1980-01-01
        // 00:00, so one checkout always gives the same bytes.
        let (version, flags, method, time, date) = (20u16, 1u16 << 11, 0u16, 0u16, 0x21u16);
        let mut local = Vec::with_capacity(30 + name.len());
        local.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        for field in [version, flags, method, time, date] {
            local.extend_from_slice(&field.to_le_bytes());
        }
        for field in [crc, size, size] {
            local.extend_from_slice(&field.to_le_bytes());
        }
        local.extend_from_slice(&name_len.to_le_bytes());
        local.extend_from_slice(&0u16.to_le_bytes());
        local.extend_from_slice(name.as_bytes());

        let central = &mut self.directory;
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        // Made by: Unix (3), so readers apply the permissions in the external attributes.
        central.extend_from_slice(&((3u16 << 8) | version).to_le_bytes());
        for field in [version, flags, method, time, date] {
            central.extend_from_slice(&field.to_le_bytes());
        }
        for field in [crc, size, size] {
            central.extend_from_slice(&field.to_le_bytes());
        }
        // Name, extra field and comment lengths, disk number, internal attributes.
        for field in [name_len, 0, 0, 0, 0] {
            central.extend_from_slice(&field.to_le_bytes());
        }
        // External attributes: a regular file (0o100000) with `mode`, in the high half.
        central.extend_from_slice(&((0o100_000 | mode) << 16).to_le_bytes());
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());

        self.body.extend_from_slice(&local);
        self.body.extend_from_slice(bytes);
        self.entries += 1;
        Ok(())
    }

    /// The whole zip.
    fn finish(self) -> Result<Vec<u8>> {
        let entries = u16::try_from(self.entries).context("more than 65535 files for a zip")?;
        let too_big = || anyhow::anyhow!("the bundle passes 4 GiB, more than a plain zip holds");
        let directory_offset = u32::try_from(self.body.len()).map_err(|_| too_big())?;
        let directory_len = u32::try_from(self.directory.len()).map_err(|_| too_big())?;
        let mut zip = self.body;
        zip.extend_from_slice(&self.directory);
        zip.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        // This disk, the directory's disk, entries on this disk, entries in all.
        for field in [0, 0, entries, entries] {
            zip.extend_from_slice(&field.to_le_bytes());
        }
        zip.extend_from_slice(&directory_len.to_le_bytes());
        zip.extend_from_slice(&directory_offset.to_le_bytes());
        zip.extend_from_slice(&0u16.to_le_bytes());
        Ok(zip)
    }
}

/// The CRC-32 of zip (and PNG, gzip): reflected polynomial 0xEDB88320.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn a_zip_lists_its_entries_in_its_end_record() {
        let mut zip = ZipWriter::default();
        zip.add("setup.sh", b"#!/bin/sh\n", 0o755).unwrap();
        zip.add("a/b.txt", b"b", 0o644).unwrap();
        let bytes = zip.finish().unwrap();
        assert_eq!(zip_entries(&bytes), 2);
        assert_eq!(&bytes[..4], b"PK\x03\x04");
        // The end record points at the central directory, which starts with its signature.
        let end = bytes.len() - END_RECORD_LEN;
        let offset = u32::from_le_bytes(bytes[end + 16..end + 20].try_into().unwrap()) as usize;
        assert_eq!(&bytes[offset..offset + 4], b"PK\x01\x02");
    }

    #[test]
    fn build_output_and_history_are_left_out() {
        for path in [
            "target",
            "exercises/01-refcount/target",
            ".git",
            ".grade-backups",
        ] {
            assert!(is_left_out(Path::new(path)), "{path}");
        }
        for path in ["grader", "book/src", "exercises/01-refcount/src"] {
            assert!(!is_left_out(Path::new(path)), "{path}");
        }
    }
}
