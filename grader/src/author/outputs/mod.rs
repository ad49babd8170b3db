//! Checked outputs (maintainers): every CPython output the book shows, and every expected output
//! of a quiz "what does this print?" item, comes from running the program next to it.
//!
//! - **Book snippets**: `book/src/python/PAGE/NAME.py` with `NAME.out`, its output on CPython
//!   3.11 (the baseline every machine has), and `NAME.3.12.out`, `NAME.3.13.out`, `NAME.3.14.out`
//!   where that version prints something else. Each runs on every one of those interpreters that
//!   is installed, in its own folder, with `PYTHONHASHSEED=0 PYTHONDONTWRITEBYTECODE=1` and
//!   stderr merged into stdout. In an expected output, `…` matches any text within its line (an
//!   address, a timing); nothing else is masked.
//! - **The book's shape**: every ```` ```python ```` fence holds only `{{#include python/…}}`
//!   lines, every include names a file that exists, and every expected output is included by
//!   some page (so the book shows what is checked).
//! - **Packages from PyPI**: a snippet whose opening comments say `# requires: NAME==VERSION …`
//!   runs in a virtual environment holding those packages, made once per version ([`tools`]).
//! - **Quiz programs**: `QUIZ/programs/CHAPTER/NAME.py` (CPython 3.11) or `NAME.rs` (compiled
//!   with `rustc --edition 2024 -O`) with `NAME.out`, exact, no masks.
//!
//! [`check`] runs everything and returns the problems; each problem that running can fix
//! carries the fix, which `cargo grade outputs --update` writes after a backup.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::{Context as _, Result, bail};

use crate::files::walk;

mod tools;

/// The version every expected output is first written for (`NAME.out`).
pub(crate) const BASELINE: &str = "3.11";
/// Versions checked too where installed; each has `NAME.VERSION.out` files where it differs.
pub(crate) const OTHER_VERSIONS: [&str; 3] = ["3.12", "3.13", "3.14"];
/// The mask: matches any text within one line of an expected output.
pub(crate) const MASK: char = '…';
/// How long one program may run.
const TIME_LIMIT: Duration = Duration::from_secs(120);

/// One CPython found on this machine.
#[derive(Debug, Clone)]
pub(crate) struct Python {
    /// `3.11`.
    pub(crate) version: String,
    /// `3.11.7`.
    pub(crate) full_version: String,
    program: PathBuf,
}

/// The interpreters to check with: the baseline (required) and the other versions found.
#[derive(Debug)]
pub(crate) struct Pythons {
    pub(crate) baseline: Python,
    pub(crate) others: Vec<Python>,
    /// Versions of [`OTHER_VERSIONS`] not installed here: their outputs are not checked.
    pub(crate) missing: Vec<&'static str>,
}

/// Finds `python3.11` (or a `python3` that is 3.11) and the other versions: `pythonX.Y` on the
/// `PATH`, else pyenv's `versions/X.Y.*` folders.
pub(crate) fn find_pythons() -> Result<Pythons> {
    let baseline = [format!("python{BASELINE}"), "python3".to_string()]
        .iter()
        .filter_map(|name| probe(Path::new(name)))
        .find(|python| python.version == BASELINE);
    let Some(baseline) = baseline else {
        bail!(
            "no CPython {BASELINE} found (tried python{BASELINE} and python3 on the PATH): the book's outputs are checked against it"
        );
    };
    let pyenv_versions = pyenv_root().map(|root| root.join("versions"));
    let mut others = Vec::new();
    let mut missing = Vec::new();
    for version in OTHER_VERSIONS {
        let on_path = probe(Path::new(&format!("python{version}")));
        let found = on_path
            .filter(|python| python.version == version)
            .or_else(|| {
                pyenv_versions
                    .as_deref()
                    .and_then(|dir| in_pyenv(dir, version))
            });
        match found {
            Some(python) => others.push(python),
            None => missing.push(version),
        }
    }
    Ok(Pythons {
        baseline,
        others,
        missing,
    })
}

fn pyenv_root() -> Option<PathBuf> {
    if let Some(root) = std::env::var_os("PYENV_ROOT") {
        return Some(PathBuf::from(root));
    }
    let output = Command::new("pyenv").arg("root").output().ok()?;
    output
        .status
        .success()
        .then(|| PathBuf::from(String::from_utf8_lossy(&output.stdout).trim()))
}

/// The newest `VERSION.*` install in pyenv's `versions` folder.
fn in_pyenv(versions: &Path, version: &str) -> Option<Python> {
    let candidates: Vec<PathBuf> = walk::entries(versions)
        .ok()?
        .into_iter()
        .filter(|entry| {
            entry
                .name()
                .strip_prefix(version)
                .and_then(|rest| rest.strip_prefix('.'))
                .is_some_and(|patch| patch.chars().all(|c| c.is_ascii_digit()))
        })
        .map(|entry| entry.path.join("bin").join(format!("python{version}")))
        .collect();
    candidates.iter().rev().find_map(|program| probe(program))
}

/// Asks `program` for its version.
fn probe(program: &Path) -> Option<Python> {
    let output = Command::new(program)
        .args(["-c", "import sys; print(sys.version.split()[0])"])
        .env_remove("PYENV_VERSION")
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let full_version = String::from_utf8_lossy(&output.stdout).trim().to_string();
    let version = full_version
        .splitn(3, '.')
        .take(2)
        .collect::<Vec<_>>()
        .join(".");
    Some(Python {
        version,
        full_version,
        program: program.to_path_buf(),
    })
}

/// Something wrong, and how running can fix it (when it can).
#[derive(Debug)]
pub(crate) struct Problem {
    pub(crate) message: String,
    pub(crate) fix: Option<Fix>,
}

/// What `--update` does for a [`Problem`].
#[derive(Debug)]
pub(crate) enum Fix {
    /// Write the actual output.
    Write(PathBuf, String),
    /// Remove a version file that says what the baseline's file says.
    Remove(PathBuf),
}

/// What was checked, for the summary.
#[derive(Debug, Default)]
pub(crate) struct Checked {
    pub(crate) snippets: usize,
    pub(crate) quiz_python: usize,
    pub(crate) quiz_rust: usize,
}

/// A snippet of the book: its script and its expected outputs by version.
#[derive(Debug)]
struct Snippet {
    script: PathBuf,
    expected: BTreeMap<String, PathBuf>,
    /// The PyPI packages its `# requires:` line names, pinned and sorted.
    requires: Vec<String>,
}

/// Checks the book below `book_src` and the quiz programs below `quiz_dir` (if it exists),
/// compiling Rust programs and keeping the snippets' environments below `work_dir`.
pub(crate) fn check(
    pythons: &Pythons,
    book_src: &Path,
    quiz_dir: &Path,
    work_dir: &Path,
    jobs: usize,
) -> Result<(Checked, Vec<Problem>)> {
    let build_dir = &work_dir.join("quiz-programs");
    let mut problems = Vec::new();
    let snippets = book_snippets(&book_src.join("python"), &mut problems)?;
    book_shape(book_src, &quiz_dir.join("programs"), &mut problems)?;
    let programs = quiz_programs(&quiz_dir.join("programs"), &mut problems)?;
    let with_tools = with_tools(pythons, &snippets, &work_dir.join("python-tools"))?;

    let mut tasks: Vec<Task<'_>> = snippets.iter().map(Task::Snippet).collect();
    for program in &programs {
        tasks.push(Task::Quiz(program));
    }
    let results = run_all(&tasks, jobs, |task| match task {
        Task::Snippet(snippet) if snippet.requires.is_empty() => check_snippet(snippet, pythons),
        Task::Snippet(snippet) => check_snippet(snippet, with_tools.as_ref().unwrap_or(pythons)),
        Task::Quiz(program) => check_quiz_program(program, &pythons.baseline, quiz_dir, build_dir),
    });
    for result in results {
        problems.extend(result?);
    }
    let checked = Checked {
        snippets: snippets.len(),
        quiz_python: programs.iter().filter(|p| has_extension(p, "py")).count(),
        quiz_rust: programs.iter().filter(|p| has_extension(p, "rs")).count(),
    };
    Ok((checked, problems))
}

/// The interpreters of the environments that hold every package some snippet requires (one
/// environment per version, so each is made once); None when no snippet requires one.
fn with_tools(pythons: &Pythons, snippets: &[Snippet], dir: &Path) -> Result<Option<Pythons>> {
    let requirements: BTreeSet<&String> = snippets.iter().flat_map(|s| &s.requires).collect();
    if requirements.is_empty() {
        return Ok(None);
    }
    let requirements: Vec<String> = requirements.into_iter().cloned().collect();
    let environment = |python: &Python| tools::environment(python, &requirements, dir);
    Ok(Some(Pythons {
        baseline: environment(&pythons.baseline)?,
        others: pythons
            .others
            .iter()
            .map(environment)
            .collect::<Result<_>>()?,
        missing: pythons.missing.clone(),
    }))
}

enum Task<'a> {
    Snippet(&'a Snippet),
    Quiz(&'a PathBuf),
}

/// Runs `work` on every task, `jobs` at a time, results in task order.
fn run_all<T: Sync, R: Send>(tasks: &[T], jobs: usize, work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..tasks.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..jobs.max(1) {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(task) = tasks.get(index) else {
                        break;
                    };
                    let result = work(task);
                    results.lock().expect("no worker panicked")[index] = Some(result);
                }
            });
        }
    });
    results
        .into_inner()
        .expect("no worker panicked")
        .into_iter()
        .map(|result| result.expect("every task ran"))
        .collect()
}

/// Every `NAME.py` with a `NAME.out` below `dir`, with its version files. An expected output
/// without its script is a problem.
fn book_snippets(dir: &Path, problems: &mut Vec<Problem>) -> Result<Vec<Snippet>> {
    let mut snippets = Vec::new();
    for path in files_below(dir)? {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(stem) = name.strip_suffix(".out") else {
            continue;
        };
        let (script_stem, version) = match OTHER_VERSIONS
            .iter()
            .find_map(|v| stem.strip_suffix(&format!(".{v}")).map(|s| (s, *v)))
        {
            Some((script_stem, version)) => (script_stem, version),
            None => (stem, BASELINE),
        };
        let script = path.with_file_name(format!("{script_stem}.py"));
        let baseline_out = path.with_file_name(format!("{script_stem}.out"));
        if !script.is_file() {
            problems.push(Problem {
                message: format!(
                    "{}: no script {} next to it",
                    path.display(),
                    file_name(&script)
                ),
                fix: None,
            });
        } else if version != BASELINE && !baseline_out.is_file() {
            problems.push(Problem {
                message: format!(
                    "{}: a CPython {version} output without the {BASELINE} one ({})",
                    path.display(),
                    file_name(&baseline_out)
                ),
                fix: None,
            });
        }
        if version == BASELINE && script.is_file() {
            let requires = tools::requirements(&script, &read(&script)?)?;
            snippets.push(Snippet {
                script,
                expected: BTreeMap::new(),
                requires,
            });
        }
    }
    for snippet in &mut snippets {
        let stem = snippet.script.with_extension("");
        snippet
            .expected
            .insert(BASELINE.to_string(), with_suffix(&stem, ".out"));
        for version in OTHER_VERSIONS {
            let path = with_suffix(&stem, &format!(".{version}.out"));
            if path.is_file() {
                snippet.expected.insert(version.to_string(), path);
            }
        }
    }
    Ok(snippets)
}

fn with_suffix(stem: &Path, suffix: &str) -> PathBuf {
    let mut name = stem.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

fn has_extension(path: &Path, extension: &str) -> bool {
    path.extension().is_some_and(|e| e == extension)
}

/// Every file below `dir` (none when it does not exist), sorted, Python's `__pycache__`
/// folders left out.
fn files_below(dir: &Path) -> Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let files = walk::files_below(dir, |relative| {
        relative.file_name().is_some_and(|n| n == "__pycache__")
    })?;
    Ok(files.into_iter().map(|file| dir.join(file)).collect())
}

/// Runs `snippet` on every interpreter and compares with the output expected for each version.
/// Another version needs a file of its own only where it prints something else than 3.11
/// prints now (so a wrong `NAME.out` is reported once, not once per version).
fn check_snippet(snippet: &Snippet, pythons: &Pythons) -> Result<Vec<Problem>> {
    let dir = snippet.script.parent().expect("a file has a folder");
    let run = |python: &Python| {
        let mut command = Command::new(&python.program);
        command.arg(file_name(&snippet.script)).current_dir(dir);
        run_merged(command, &snippet.script)
    };
    let baseline_path = &snippet.expected[BASELINE];
    let baseline_expected = read(baseline_path)?;
    let baseline_actual = run(&pythons.baseline)?;
    let mut problems = Vec::new();
    if !matches(&baseline_expected, &baseline_actual) {
        problems.push(mismatch(
            baseline_path,
            &baseline_expected,
            &baseline_actual,
            &pythons.baseline,
        ));
    }
    for python in &pythons.others {
        let actual = run(python)?;
        let like_baseline = actual == baseline_actual || matches(&baseline_expected, &actual);
        match snippet.expected.get(&python.version) {
            Some(path) if like_baseline => problems.push(Problem {
                message: format!(
                    "{}: CPython {} prints what CPython {} does: the version file is not needed",
                    path.display(),
                    python.full_version,
                    pythons.baseline.full_version,
                ),
                fix: Some(Fix::Remove(path.clone())),
            }),
            Some(path) => {
                let expected = read(path)?;
                if !matches(&expected, &actual) {
                    problems.push(mismatch(path, &expected, &actual, python));
                }
            }
            None if !like_baseline => {
                let path = with_suffix(
                    &snippet.script.with_extension(""),
                    &format!(".{}.out", python.version),
                );
                problems.push(Problem {
                    message: format!(
                        "{}: CPython {} prints something else than CPython {}; keep its output in {} and show it in the book, labelled\n{}",
                        snippet.script.display(),
                        python.full_version,
                        pythons.baseline.full_version,
                        file_name(&path),
                        diff(&baseline_actual, &actual)
                    ),
                    fix: Some(Fix::Write(path, actual)),
                });
            }
            None => {}
        }
    }
    Ok(problems)
}

fn mismatch(path: &Path, expected: &str, actual: &str, python: &Python) -> Problem {
    Problem {
        message: format!(
            "{}: CPython {} prints something else\n{}",
            path.display(),
            python.full_version,
            diff(expected, actual)
        ),
        fix: Some(Fix::Write(path.to_path_buf(), keep_masks(expected, actual))),
    }
}

/// The expected text with every line that matches kept as it is (masks included), the others
/// replaced by the actual lines; the actual text when the line counts differ.
pub(crate) fn keep_masks(expected: &str, actual: &str) -> String {
    let expected_lines: Vec<&str> = expected.lines().collect();
    let actual_lines: Vec<&str> = actual.lines().collect();
    if expected_lines.len() != actual_lines.len() {
        return actual.to_string();
    }
    let mut merged: String = expected_lines
        .iter()
        .zip(&actual_lines)
        .map(|(e, a)| if line_matches(e, a) { *e } else { *a })
        .collect::<Vec<_>>()
        .join("\n");
    if actual.ends_with('\n') {
        merged.push('\n');
    }
    merged
}

fn diff(expected: &str, actual: &str) -> String {
    similar::TextDiff::from_lines(expected, actual)
        .unified_diff()
        .header("expected", "actual")
        .to_string()
}

fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

/// Whether `actual` is what `expected` shows: line by line, `…` matching any text within a
/// line; a missing newline at the very end does not count.
pub(crate) fn matches(expected: &str, actual: &str) -> bool {
    let expected: Vec<&str> = expected.trim_end_matches('\n').split('\n').collect();
    let actual: Vec<&str> = actual.trim_end_matches('\n').split('\n').collect();
    expected.len() == actual.len()
        && expected
            .iter()
            .zip(&actual)
            .all(|(e, a)| line_matches(e, a))
}

/// Whether one actual line is what one expected line shows, `…` matching any text.
fn line_matches(expected: &str, actual: &str) -> bool {
    let mut parts = expected.split(MASK);
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = actual.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// Runs `command` with the checked environment, stdout and stderr into one pipe, and returns
/// what it printed. A program that does not end in time is an error naming `script`.
fn run_merged(mut command: Command, script: &Path) -> Result<String> {
    let (mut reader, writer) = std::io::pipe()?;
    command
        .env("PYTHONHASHSEED", "0")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env_remove("PYENV_VERSION")
        .stdin(Stdio::null())
        .stdout(writer.try_clone()?)
        .stderr(writer);
    let mut child = command
        .spawn()
        .with_context(|| format!("cannot run {}", script.display()))?;
    // Our copies of the writing end go with `command`, so the pipe ends when the child does.
    drop(command);
    let collector = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = reader.read_to_end(&mut bytes);
        bytes
    });
    let status = crate::grade::run::wait_with_timeout(&mut child, TIME_LIMIT)?;
    if status.is_none() {
        let _ = child.kill();
        let _ = child.wait();
        bail!(
            "{} did not end within {} s",
            script.display(),
            TIME_LIMIT.as_secs()
        );
    }
    let bytes = collector.join().expect("the collector does not panic");
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Checks the book's pages: Python only through includes, includes that resolve, and every
/// expected output shown somewhere. The quiz pages (`book/src/quiz/`, generated) include their
/// programs from `quiz_programs`, which this command runs too.
fn book_shape(book_src: &Path, quiz_programs: &Path, problems: &mut Vec<Problem>) -> Result<()> {
    let python_dir = book_src.join("python");
    let quiz_programs = normalize(quiz_programs);
    let mut included: BTreeSet<PathBuf> = BTreeSet::new();
    for page in files_below(book_src)? {
        if !has_extension(&page, "md") || page.starts_with(&python_dir) {
            continue;
        }
        let text = read(&page)?;
        let page_dir = page.parent().expect("a file has a folder");
        let mut fence: Option<String> = None;
        // One report per fence, at its first line that is not an include.
        let mut reported = false;
        for (number, line) in text.lines().enumerate() {
            let trimmed = line.trim_start();
            if let Some(info) = trimmed.strip_prefix("```") {
                fence = match fence {
                    Some(_) => None,
                    None => Some(info.split([',', ' ']).next().unwrap_or("").to_string()),
                };
                reported = false;
                continue;
            }
            let include = include_target(trimmed);
            if let Some(target) = &include {
                let resolved = normalize(&page_dir.join(target));
                if !resolved.is_file() {
                    problems.push(Problem {
                        message: format!(
                            "{}:{}: includes {target}, which does not exist",
                            page.display(),
                            number + 1
                        ),
                        fix: None,
                    });
                }
                included.insert(resolved);
            }
            if fence.as_deref() == Some("python") && !trimmed.is_empty() {
                let in_python_dir = include.as_ref().is_some_and(|t| {
                    let target = normalize(&page_dir.join(t));
                    target.starts_with(&python_dir) || target.starts_with(&quiz_programs)
                });
                if !in_python_dir && !reported {
                    reported = true;
                    problems.push(Problem {
                        message: format!(
                            "{}:{}: Python in the book lives in book/src/python/ and is shown with {{{{#include python/…}}}}, so that `cargo grade outputs` runs it",
                            page.display(),
                            number + 1
                        ),
                        fix: None,
                    });
                }
            }
        }
    }
    for file in files_below(&python_dir)? {
        if has_extension(&file, "out") && !included.contains(&normalize(&file)) {
            problems.push(Problem {
                message: format!(
                    "{}: checked, but no page of the book includes it",
                    file.display()
                ),
                fix: None,
            });
        }
    }
    Ok(())
}

/// The file of an mdBook `{{#include FILE}}` (or `FILE:range`, `FILE:anchor`) on this line.
fn include_target(line: &str) -> Option<String> {
    let start = line.find("{{#include ")? + "{{#include ".len();
    let end = start + line[start..].find("}}")?;
    let target = line[start..end].trim();
    Some(target.split(':').next().unwrap_or(target).to_string())
}

/// `path` with `.` and `..` resolved lexically.
fn normalize(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    normal
}

/// Every quiz program (`.py`, `.rs`) below `dir`; one without its `.out` is a problem.
fn quiz_programs(dir: &Path, problems: &mut Vec<Problem>) -> Result<Vec<PathBuf>> {
    let mut programs = Vec::new();
    for path in files_below(dir)? {
        if has_extension(&path, "py") || has_extension(&path, "rs") {
            let out = path.with_extension("out");
            if out.is_file() {
                programs.push(path);
            } else {
                problems.push(Problem {
                    message: format!("{}: no {} next to it", path.display(), file_name(&out)),
                    fix: None,
                });
            }
        }
    }
    Ok(programs)
}

/// Runs one quiz program (Python on the baseline, Rust compiled first) and compares exactly.
fn check_quiz_program(
    program: &Path,
    baseline: &Python,
    quiz_dir: &Path,
    build_dir: &Path,
) -> Result<Vec<Problem>> {
    let dir = program.parent().expect("a file has a folder");
    let expected_path = program.with_extension("out");
    let expected = read(&expected_path)?;
    let command = if has_extension(program, "py") {
        let mut command = Command::new(&baseline.program);
        command.arg(file_name(program));
        command
    } else {
        let relative = program.strip_prefix(quiz_dir).unwrap_or(program);
        let binary = build_dir.join(relative.with_extension(""));
        fs::create_dir_all(binary.parent().expect("a file has a folder"))?;
        let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
        let compiled = Command::new(rustc)
            .args(["--edition", "2024", "-O", "-o"])
            .arg(&binary)
            .arg(program)
            .output()
            .with_context(|| format!("cannot run rustc on {}", program.display()))?;
        if !compiled.status.success() {
            return Ok(vec![Problem {
                message: format!(
                    "{}: does not compile\n{}",
                    program.display(),
                    String::from_utf8_lossy(&compiled.stderr)
                ),
                fix: None,
            }]);
        }
        Command::new(binary)
    };
    let mut command = command;
    command.current_dir(dir);
    let actual = run_merged(command, program)?;
    let mut problems = Vec::new();
    if expected.contains(MASK) {
        problems.push(Problem {
            message: format!(
                "{}: a quiz answer is compared exactly: no `{MASK}` masks (choose a program whose output does not change from run to run)",
                expected_path.display()
            ),
            fix: None,
        });
    } else if expected.trim_end_matches('\n') != actual.trim_end_matches('\n') {
        problems.push(Problem {
            message: format!(
                "{}: the program prints something else\n{}",
                expected_path.display(),
                diff(&expected, &actual)
            ),
            fix: Some(Fix::Write(expected_path.clone(), actual)),
        });
    }
    Ok(problems)
}

pub(crate) mod command;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mask_matches_any_text_within_its_line() {
        assert!(matches("at 0x…\n", "at 0x7f3a\n"));
        assert!(matches("took … ms, … left", "took 12 ms, 3 left"));
        assert!(matches("…", ""));
        assert!(!matches("at 0x…\nend", "at 0x7f3a"), "one line is missing");
        assert!(
            !matches("took … ms", "took 12 s"),
            "the text after the mask differs"
        );
        assert!(
            !matches("a…b…c", "a b"),
            "every literal part must be there, in order"
        );
        assert!(
            matches("same\n", "same"),
            "a missing final newline does not count"
        );
        assert!(!matches("same", "Same"));
    }

    #[test]
    fn updating_keeps_the_masks_that_still_match() {
        assert_eq!(
            keep_masks("at 0x…\nold\n", "at 0x1234\nnew\n"),
            "at 0x…\nnew\n"
        );
        assert_eq!(keep_masks("one line\n", "two\nlines\n"), "two\nlines\n");
    }

    #[test]
    fn an_include_names_its_file_without_range_or_anchor() {
        assert_eq!(
            include_target("{{#include python/a/b.py:3:10}}").as_deref(),
            Some("python/a/b.py")
        );
        assert_eq!(
            include_target("  {{#include ../python/x.out}}").as_deref(),
            Some("../python/x.out")
        );
        assert_eq!(include_target("no include"), None);
    }
}
