//! Stubs from solutions: `exercises/NN-name` is generated from `solutions/NN-name`.
//!
//! Solution regions become `todo!()` (or nothing), stub-only lines lose their marker, and the
//! crate's `-solution` name loses its suffix. The rules are in `grader/AUTHORING.md`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::files::cargo_toml::CargoToml;
use crate::files::{self, Drift, Leave, crate_files};

/// Files of one generated stub crate: path relative to the crate → contents.
pub(crate) type StubFiles = BTreeMap<PathBuf, Vec<u8>>;

/// Generates the stub of the solution crate in `solution_dir`, whose package is `STEM-solution`.
pub(crate) fn generate(solution_dir: &Path, stem: &str) -> Result<StubFiles> {
    let mut files = StubFiles::new();
    let edition = CargoToml::read(solution_dir)?.edition().to_owned();
    for relative in crate_files(solution_dir, STUB_FILES)? {
        let path = solution_dir.join(&relative);
        let bytes = fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let generated = match comment_marker(&relative) {
            Some(comment) => {
                let text = String::from_utf8(bytes)
                    .with_context(|| format!("{} is not UTF-8", path.display()))?;
                let stub = apply_markers(&text, comment)
                    .with_context(|| format!("in {}", path.display()))?;
                let stub = rename_crate(&stub, stem);
                if comment == "//" {
                    // Renaming and `todo!()` change line lengths: format as `cargo fmt` would,
                    // so the learner's `cargo fmt` does not turn a fresh stub into a change.
                    rustfmt(&stub, &edition).with_context(|| format!("in {}", path.display()))?
                } else {
                    stub
                }
                .into_bytes()
            }
            None => match String::from_utf8(bytes) {
                Ok(text) => rename_crate(&text, stem).into_bytes(),
                Err(err) => err.into_bytes(),
            },
        };
        files.insert(relative, generated);
    }
    Ok(files)
}

/// What a crate's files are, for stubs: build output and hidden files are left out.
const STUB_FILES: &[Leave] = &[Leave::BuildOutput, Leave::Hidden];

/// Formats Rust source with the toolchain's `rustfmt`, as `cargo fmt` would.
fn rustfmt(source: &str, edition: &str) -> Result<String> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let rustfmt = std::env::var_os("RUSTFMT").unwrap_or_else(|| "rustfmt".into());
    let mut child = Command::new(rustfmt)
        .args(["--edition", edition, "--emit", "stdout", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("cannot run rustfmt (install it with `rustup component add rustfmt`)")?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let input = source.to_owned();
    // Write on a thread: rustfmt may start answering before it has read everything.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().context("rustfmt did not finish")?;
    writer
        .join()
        .expect("the writer does not panic")
        .context("cannot write to rustfmt")?;
    if !output.status.success() {
        bail!(
            "rustfmt rejected the generated stub: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    String::from_utf8(output.stdout).context("rustfmt wrote something that is not UTF-8")
}

/// The comment that starts markers in this kind of file (`//` in Rust, `#` in TOML), if any.
pub(crate) fn comment_marker(path: &Path) -> Option<&'static str> {
    match path.extension()?.to_str()? {
        "rs" => Some("//"),
        "toml" => Some("#"),
        _ => None,
    }
}

/// What one line of a marked solution file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marked<'a> {
    /// An ordinary line, the same in solution and stub.
    Plain(&'a str),
    /// `solution:begin`: in the stub, `todo!()` at this indentation (`None` for `remove`).
    Begin(Option<&'a str>),
    /// `solution:end`.
    End,
    /// A line inside a region: the learner's to write.
    Solution,
    /// A stub-only line: its indentation, the text after the marker, its line ending.
    StubOnly(&'a str, &'a str, &'a str),
}

/// Classifies every line of `text` (lines keep their newline), checking the markers pair up.
fn classify<'a>(text: &'a str, comment: &str) -> Result<Vec<Marked<'a>>> {
    let begin = format!("{comment} solution:begin");
    let end = format!("{comment} solution:end");
    let stub_only = format!("{comment}~");
    let mut lines = Vec::new();
    // The line number of the open region's begin marker, while inside one.
    let mut region: Option<usize> = None;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let number = index + 1;
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim_start();
        let indent = &body[..body.len() - trimmed.len()];
        let marked = if let Some(rest) = trimmed.strip_prefix(&begin) {
            if let Some(open) = region {
                bail!("line {number}: solution:begin inside the region opened on line {open}");
            }
            region = Some(number);
            match rest.trim() {
                "" if comment == "//" => Marked::Begin(Some(indent)),
                "" => {
                    bail!("line {number}: a TOML solution region must be `solution:begin remove`")
                }
                "remove" => Marked::Begin(None),
                other => bail!(
                    "line {number}: unknown solution:begin option {other:?} (expected nothing or `remove`)"
                ),
            }
        } else if trimmed.starts_with(&end) {
            if region.take().is_none() {
                bail!("line {number}: solution:end without a solution:begin");
            }
            Marked::End
        } else if region.is_some() {
            Marked::Solution
        } else if let Some(rest) = trimmed.strip_prefix(&stub_only) {
            let newline = &line[body.len()..];
            Marked::StubOnly(indent, rest.strip_prefix(' ').unwrap_or(rest), newline)
        } else {
            Marked::Plain(line)
        };
        lines.push(marked);
    }
    if let Some(open) = region {
        bail!("line {open}: solution:begin is never closed with solution:end");
    }
    Ok(lines)
}

/// Applies the solution-region and stub-only-line markers to one file's text.
pub(crate) fn apply_markers(text: &str, comment: &str) -> Result<String> {
    let mut out = String::with_capacity(text.len());
    for line in classify(text, comment)? {
        match line {
            Marked::Plain(line) => out.push_str(line),
            Marked::Begin(Some(indent)) => {
                out.push_str(indent);
                out.push_str("todo!()\n");
            }
            Marked::StubOnly(indent, rest, newline) => {
                out.push_str(indent);
                out.push_str(rest);
                out.push_str(newline);
            }
            Marked::Begin(None) | Marked::End | Marked::Solution => {}
        }
    }
    Ok(out)
}

/// The numbers (from 1) of the lines inside solution regions: the code the learner writes.
pub(crate) fn solution_lines(text: &str, comment: &str) -> Result<Vec<usize>> {
    Ok(classify(text, comment)?
        .iter()
        .enumerate()
        .filter(|(_, line)| **line == Marked::Solution)
        .map(|(index, _)| index + 1)
        .collect())
}

/// `my-rc-solution` → `my-rc` and `my_rc_solution` → `my_rc`.
fn rename_crate(text: &str, stem: &str) -> String {
    let package = format!("{stem}-solution");
    let library = format!("{}_solution", stem.replace('-', "_"));
    text.replace(&package, stem)
        .replace(&library, &stem.replace('-', "_"))
}

/// Compares `dir` with `expected` without changing anything.
pub(crate) fn drift(dir: &Path, expected: &StubFiles) -> Result<Drift> {
    let mut drift = Drift::default();
    for (relative, contents) in expected {
        match fs::read(dir.join(relative)) {
            Ok(actual) if &actual == contents => {}
            _ => drift.changed.push(relative.clone()),
        }
    }
    if dir.is_dir() {
        for relative in crate_files(dir, STUB_FILES)? {
            if !expected.contains_key(&relative) {
                drift.extra.push(relative);
            }
        }
    }
    Ok(drift)
}

/// Makes `dir` hold exactly `expected`, first copying every file it changes or removes into
/// `backup_dir` (same relative paths). Returns how many files were backed up.
pub(crate) fn write_with_backup(
    dir: &Path,
    expected: &StubFiles,
    backup_dir: &Path,
) -> Result<usize> {
    let drift = drift(dir, expected)?;
    files::write_with_backup(dir, expected, &drift, backup_dir)
}

pub(crate) mod command;
pub(crate) mod quiz;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_become_todo_and_stub_lines_appear() {
        let solution = "fn f(x: u8) -> u8 {\n    //~ // TODO: double it\n    // solution:begin\n    x * 2\n    // solution:end\n}\n// solution:begin remove\nfn helper() {}\n// solution:end\n";
        let stub = apply_markers(solution, "//").unwrap();
        assert_eq!(
            stub,
            "fn f(x: u8) -> u8 {\n    // TODO: double it\n    todo!()\n}\n"
        );
    }

    #[test]
    fn toml_stub_lines_are_uncommented() {
        let solution = "[package]\nname = \"x\"\n#~ [lints.rust]\n#~ dead_code = \"allow\"\n";
        let stub = apply_markers(solution, "#").unwrap();
        assert_eq!(
            stub,
            "[package]\nname = \"x\"\n[lints.rust]\ndead_code = \"allow\"\n"
        );
    }

    #[test]
    fn unbalanced_markers_name_the_line() {
        let err = apply_markers("a\n// solution:begin\nb\n", "//").unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
        let err = apply_markers("a\n// solution:end\n", "//").unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
    }

    #[test]
    fn crate_names_lose_their_suffix() {
        let text = "name = \"my-rc-solution\"\nuse my_rc_solution::MyRc;\n";
        assert_eq!(
            rename_crate(text, "my-rc"),
            "name = \"my-rc\"\nuse my_rc::MyRc;\n"
        );
    }
}
