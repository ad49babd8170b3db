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
    let part = format!("{comment} solution:part");
    let stub_only = format!("{comment}~");
    let mut lines = Vec::new();
    // The open region (its begin marker's line number and stage), while inside one.
    let mut region: Option<(usize, Option<u32>)> = None;
    // The open part of a region (its marker's line number), while inside one.
    let mut open_part: Option<usize> = None;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let number = index + 1;
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim_start();
        let indent = &body[..body.len() - trimmed.len()];
        let marked = if let Some(rest) = trimmed.strip_prefix(&begin) {
            if let Some((open, _)) = region {
                bail!("line {number}: solution:begin inside the region opened on line {open}");
            }
            let (remove, stage) = begin_options(rest).with_context(|| format!("line {number}"))?;
            region = Some((number, stage));
            match (remove, comment) {
                (false, "//") => Marked::Begin(Some(indent)),
                (false, _) => {
                    bail!("line {number}: a TOML solution region must be `solution:begin remove`")
                }
                (true, _) => Marked::Begin(None),
            }
        } else if trimmed.starts_with(&end) {
            if region.take().is_none() {
                bail!("line {number}: solution:end without a solution:begin");
            }
            if let Some(open) = open_part {
                bail!("line {number}: the solution:part opened on line {open} is not closed");
            }
            Marked::End
        } else if let Some(rest) = trimmed.strip_prefix(&part) {
            let Some((_, region_stage)) = region else {
                bail!("line {number}: solution:part outside a solution region");
            };
            match (rest.trim(), open_part) {
                ("end", Some(_)) => open_part = None,
                ("end", None) => bail!("line {number}: solution:part end without a solution:part"),
                (_, Some(open)) => {
                    bail!("line {number}: solution:part inside the part opened on line {open}")
                }
                (option, None) => {
                    let stage = stage_option(option).with_context(|| format!("line {number}"))?;
                    if region_stage.is_none_or(|region_stage| stage <= region_stage) {
                        bail!(
                            "line {number}: solution:part stage={stage} must be in a region of an earlier stage"
                        );
                    }
                    open_part = Some(number);
                }
            }
            Marked::Solution
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
    if let Some((open, _)) = region {
        bail!("line {open}: solution:begin is never closed with solution:end");
    }
    Ok(lines)
}

/// The options after `solution:begin`: `remove` and `stage=N`, in that order, each optional.
/// The stage only says when the learner writes the region (`grader/AUTHORING.md`, "Stages"):
/// the stub is the same without it.
fn begin_options(rest: &str) -> Result<(bool, Option<u32>)> {
    let mut words = rest.split_whitespace().peekable();
    let remove = words.next_if_eq(&"remove").is_some();
    let stage = words.next().map(stage_option).transpose()?;
    if let Some(extra) = words.next() {
        bail!("unknown solution:begin option {extra:?} (expected `remove`, then `stage=N`)");
    }
    Ok((remove, stage))
}

/// `stage=N`, N a whole number from 1.
fn stage_option(option: &str) -> Result<u32> {
    match option.strip_prefix("stage=").map(str::parse::<u32>) {
        Some(Ok(stage)) if stage > 0 => Ok(stage),
        _ => bail!("expected `stage=N` (N from 1), got {option:?}"),
    }
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
    fn stages_and_parts_leave_the_stub_as_without_them() {
        let staged = "fn f(x: u8) -> u8 {\n    // solution:begin stage=2\n    let y = x * 2;\n    // solution:part stage=3\n    let y = y + 1;\n    // solution:part end\n    y\n    // solution:end\n}\n// solution:begin remove stage=2\nfn helper() {}\n// solution:end\n";
        let plain = "fn f(x: u8) -> u8 {\n    // solution:begin\n    x * 2\n    // solution:end\n}\n// solution:begin remove\nfn helper() {}\n// solution:end\n";
        assert_eq!(
            apply_markers(staged, "//").unwrap(),
            apply_markers(plain, "//").unwrap()
        );
        assert_eq!(
            solution_lines(staged, "//").unwrap(),
            [3, 4, 5, 6, 7, 11],
            "a part's markers are the learner's lines too"
        );
    }

    #[test]
    fn bad_stages_and_parts_name_the_line() {
        for (text, expected) in [
            ("// solution:begin stage=0\nx\n// solution:end\n", "line 1"),
            (
                "// solution:begin stage=two\nx\n// solution:end\n",
                "line 1",
            ),
            (
                "// solution:begin stage=1 remove\nx\n// solution:end\n",
                "line 1",
            ),
            (
                "x\n// solution:part stage=2\n",
                "line 2: solution:part outside",
            ),
            (
                "// solution:begin stage=2\n// solution:part stage=3\nx\n// solution:end\n",
                "line 4: the solution:part opened on line 2",
            ),
            (
                "// solution:begin stage=2\n// solution:part stage=2\n// solution:part end\n// solution:end\n",
                "line 2: solution:part stage=2 must be in a region of an earlier stage",
            ),
            (
                "// solution:begin\n// solution:part stage=2\n// solution:part end\n// solution:end\n",
                "line 2",
            ),
            (
                "// solution:begin stage=1\n// solution:part end\n// solution:end\n",
                "line 2: solution:part end without",
            ),
        ] {
            let err = apply_markers(text, "//").unwrap_err();
            assert!(format!("{err:#}").contains(expected), "{text:?}: {err:#}");
        }
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
