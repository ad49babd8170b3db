//! GitHub Actions: error annotations as workflow commands on stdout (GitHub shows them on the
//! run and beside the learner's lines), and a Markdown job summary appended to the file
//! `$GITHUB_STEP_SUMMARY` names.
//!
//! GitHub shows at most ten error annotations per step, so the most useful come first: a
//! failure at a line of the learner's code (a panic in their crate, a wrong quiz answer, a
//! compile error), then other failures, then timeouts and crashes. Tests not started are one
//! notice, not an error each. Integrity findings are warnings at their lines only in the room
//! the failures leave under ten (a learner's failures come first), and a section of the job
//! summary always.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::grade::outcome::{
    CrashCause, ExerciseReport, ExerciseStatus, Failure, Outcome, Problem, Report, Status,
    TestReport,
};
use crate::learner::quiz;

/// The environment variable naming the job summary file.
pub(crate) const SUMMARY_VARIABLE: &str = "GITHUB_STEP_SUMMARY";

/// Error annotations GitHub shows per step; the rest would be dropped silently.
const MAX_ANNOTATIONS: usize = 10;

/// Lines of a message kept in an annotation (the summary has the whole message).
const ANNOTATION_LINES: usize = 20;

/// The summary file from the value of `GITHUB_STEP_SUMMARY` (unset or empty: none).
pub(crate) fn summary_path(value: Option<OsString>) -> Option<PathBuf> {
    value.filter(|value| !value.is_empty()).map(PathBuf::from)
}

/// Writes the annotations to `out` and, when `summary` names a file, appends the job summary.
pub(crate) fn write(report: &Report, out: &mut impl Write, summary: Option<&Path>) -> Result<()> {
    out.write_all(annotations(report).as_bytes())
        .context("cannot write the GitHub annotations")?;
    if let Some(path) = summary {
        append_summary(report, path)?;
    }
    Ok(())
}

fn append_summary(report: &Report, path: &Path) -> Result<()> {
    let context = || {
        format!(
            "cannot append the job summary to {} (named by {SUMMARY_VARIABLE})",
            path.display()
        )
    };
    let mut file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .with_context(context)?;
    file.write_all(summary(report).as_bytes())
        .with_context(context)
}

/// How useful an annotation is: lower first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    /// At a line of the learner's code.
    AtLearnersLine,
    /// A failure without such a line.
    Failure,
    /// A timeout or a crash.
    TimeoutOrCrash,
}

struct Annotation {
    rank: Rank,
    /// The file and line, relative to the repository.
    place: Option<(String, usize)>,
    title: String,
    message: String,
}

/// Every workflow command for `report`, one a line.
fn annotations(report: &Report) -> String {
    let mut found = Vec::new();
    let mut not_started = 0;
    for exercise in &report.exercises {
        if let Some(problem) = &exercise.problem {
            found.push(problem_annotation(report, exercise, problem));
            continue;
        }
        for test in &exercise.tests {
            match test.status() {
                Status::Pass => {}
                Status::Todo => not_started += 1,
                _ => found.push(test_annotation(report, exercise, test)),
            }
        }
    }
    // Stable: within a rank, the report's order.
    found.sort_by_key(|annotation| annotation.rank);
    let mut text = String::new();
    for annotation in found.iter().take(MAX_ANNOTATIONS) {
        let mut properties = Vec::new();
        if let Some((file, line)) = &annotation.place {
            properties.push(format!("file={}", escape_property(file)));
            properties.push(format!("line={line}"));
        }
        properties.push(format!("title={}", escape_property(&annotation.title)));
        let _ = writeln!(
            text,
            "::error {}::{}",
            properties.join(","),
            escape_data(&first_lines(&annotation.message))
        );
    }
    write_integrity_warnings(
        report,
        MAX_ANNOTATIONS.saturating_sub(found.len()),
        &mut text,
    );
    if found.len() > MAX_ANNOTATIONS {
        let _ = writeln!(
            text,
            "::notice title=gc-workbook::{}",
            escape_data(&format!(
                "{} did not pass (GitHub shows ten errors per step): see the job summary",
                tests(found.len() - MAX_ANNOTATIONS, "more test")
            ))
        );
    }
    if not_started > 0 {
        let _ = writeln!(
            text,
            "::notice title=gc-workbook::{}",
            escape_data(&format!(
                "{} not started (todo)",
                tests(not_started, "test")
            ))
        );
    }
    let _ = writeln!(
        text,
        "gc-workbook: {}/{} ({:.1} %)",
        report.score, report.max_score, report.percent
    );
    text
}

/// Warnings at the first `room` integrity findings' lines, and a notice for the rest.
fn write_integrity_warnings(report: &Report, room: usize, text: &mut String) {
    let findings = super::integrity_findings(report);
    for (_, finding) in findings.iter().take(room) {
        let message = match finding.text.as_str() {
            "" => super::integrity_message(finding),
            code => format!("{}\n{code}", super::integrity_message(finding)),
        };
        let _ = writeln!(
            text,
            "::warning file={},line={},title={}::{}",
            escape_property(&format!("{}/{}", report.tree, finding.file)),
            finding.line,
            escape_property(&format!("integrity: {}", finding.kind.as_str())),
            escape_data(&message)
        );
    }
    if findings.len() > room {
        let _ = writeln!(
            text,
            "::notice title=gc-workbook integrity::{}",
            escape_data(&format!(
                "{} out of place for its exercise: see the job summary",
                super::findings_count(findings.len())
            ))
        );
    }
}

/// `1 test`, `2 tests`.
fn tests(count: usize, noun: &str) -> String {
    match count {
        1 => format!("1 {noun}"),
        _ => format!("{count} {noun}s"),
    }
}

fn problem_annotation(report: &Report, exercise: &ExerciseReport, problem: &Problem) -> Annotation {
    let what = match problem {
        Problem::CompileErrors(_) => "did not compile",
        Problem::BuildTimedOut { .. } => "build timed out",
        Problem::AnswersUnreadable(_) => "could not be read",
        Problem::Setup(_) | Problem::MissingTests(_) => "could not be graded",
        Problem::CodeOutsideMain(_) => "was not run",
    };
    let place = problem_line(report, exercise, problem);
    Annotation {
        rank: if place.is_some() {
            Rank::AtLearnersLine
        } else {
            Rank::Failure
        },
        place,
        title: format!("{} {what}", exercise.name),
        message: super::diagnostics(problem),
    }
}

fn test_annotation(report: &Report, exercise: &ExerciseReport, test: &TestReport) -> Annotation {
    let place = learner_line(report, exercise, test);
    let rank = match test.status() {
        Status::Timeout | Status::Crash => Rank::TimeoutOrCrash,
        _ if place.is_some() => Rank::AtLearnersLine,
        _ => Rank::Failure,
    };
    Annotation {
        rank,
        place,
        title: format!(
            "{}::{} ({})",
            exercise.name,
            test.name,
            test.status().as_str()
        ),
        message: super::message(exercise, test)
            .unwrap_or_else(|| test.status().as_str().to_string()),
    }
}

/// The line of the learner's own files a test's outcome points at, as a repository path and a
/// line: a panic (or the panic before a crash) or a `todo!()` in the learner's crate, a wrong
/// quiz answer's line of the answers file; `None` when the outcome points elsewhere (the hidden
/// tests, the standard library) or nowhere. JUnit's `file`/`line` use it too.
pub(super) fn learner_line(
    report: &Report,
    exercise: &ExerciseReport,
    test: &TestReport,
) -> Option<(String, usize)> {
    match &test.outcome {
        Outcome::Fail(Failure::Panic(panic))
        | Outcome::Crash(crate::grade::outcome::Crash {
            cause: CrashCause::AfterPanic(panic),
            ..
        }) => panic
            .location
            .as_ref()
            .and_then(|location| learner_place(report, exercise, &location.0)),
        Outcome::Todo {
            location: Some(location),
        } => learner_place(report, exercise, &location.0),
        Outcome::Fail(Failure::WrongAnswer(wrong)) => {
            wrong.line.map(|line| (answers_file(report), line))
        }
        _ => None,
    }
}

/// The learner's line an exercise's problem points at: the first compile error's, or the
/// answers file of a quiz that could not be read.
pub(super) fn problem_line(
    report: &Report,
    exercise: &ExerciseReport,
    problem: &Problem,
) -> Option<(String, usize)> {
    match problem {
        Problem::CompileErrors(text) => {
            compiler_location(text).and_then(|location| learner_place(report, exercise, location))
        }
        Problem::AnswersUnreadable(_) => {
            Some((answers_file(report), 1)).filter(|_| exercise.name == quiz::REPORT_NAME)
        }
        Problem::Setup(_)
        | Problem::MissingTests(_)
        | Problem::BuildTimedOut { .. }
        | Problem::CodeOutsideMain(_) => None,
    }
}

/// The repository path and line of a `file:line:column` location in the learner's crate
/// (`src/…` of the exercise, as rustc names it relative to the crate, the checkout or a
/// private copy); `None` for anywhere else (the hidden tests, the standard library).
fn learner_place(
    report: &Report,
    exercise: &ExerciseReport,
    location: &str,
) -> Option<(String, usize)> {
    let mut parts = location.rsplitn(3, ':');
    let (_column, line, file) = (parts.next()?, parts.next()?, parts.next()?);
    let line: usize = line.parse().ok()?;
    let in_crate = match file.strip_prefix("src/") {
        Some(_) => file,
        None => {
            let marker = format!("{}/src/", exercise.name);
            let at = file.find(&marker)?;
            &file[at + exercise.name.len() + 1..]
        }
    };
    Some((
        format!("{}/{}/{in_crate}", report.tree, exercise.name),
        line,
    ))
}

/// The first ` --> file:line:column` of rustc's rendered errors.
fn compiler_location(text: &str) -> Option<&str> {
    text.lines()
        .find_map(|line| line.trim_start().strip_prefix("--> "))
        .map(str::trim)
}

fn answers_file(report: &Report) -> String {
    format!("{}/{}", report.tree, quiz::ANSWERS_FILE)
}

/// An annotation holds the start of a message; the summary has all of it.
fn first_lines(message: &str) -> String {
    let lines: Vec<&str> = message.lines().collect();
    if lines.len() <= ANNOTATION_LINES {
        return message.trim_end().to_string();
    }
    format!(
        "{}\n… {} more lines in the job summary",
        lines[..ANNOTATION_LINES].join("\n"),
        lines.len() - ANNOTATION_LINES
    )
}

/// Escapes a workflow command's message (GitHub's `escapeData`).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value (GitHub's `escapeProperty`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The Markdown job summary: the score, a table of the exercises, and each test that did not
/// pass with its message.
pub(crate) fn summary(report: &Report) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "## gc-workbook: {}/{} ({:.1} %)\n\nGraded: `{}`\n",
        report.score, report.max_score, report.percent, report.tree
    );
    md.push_str("| exercise | status | points | title |\n|---|---|---:|---|\n");
    for exercise in &report.exercises {
        let _ = writeln!(
            md,
            "| `{}` | {} {} | {}/{} | {} |",
            exercise.name,
            status_mark(exercise.status),
            exercise.status.as_str(),
            exercise.score,
            exercise.max_score,
            table_cell(&exercise.title)
        );
    }
    for exercise in &report.exercises {
        write_exercise_details(exercise, &mut md);
    }
    write_integrity_summary(report, &mut md);
    if let Some(notes) = super::submission_notes(report) {
        for line in notes.lines() {
            let _ = writeln!(md, "\n{}", table_cell(line));
        }
    }
    md
}

/// The integrity section: one line when nothing is out of place, else a table of findings.
fn write_integrity_summary(report: &Report, md: &mut String) {
    md.push_str("\n### Integrity (for the teacher)\n\n");
    let findings = super::integrity_findings(report);
    if findings.is_empty() {
        md.push_str("Nothing in the source is out of place for its exercise.\n");
        return;
    }
    let _ = writeln!(
        md,
        "{} of source out of place for its exercise:\n\n| file | line | kind | what | code |\n|---|---:|---|---|---|",
        super::findings_count(findings.len())
    );
    for (_, finding) in findings {
        let code = match finding.text.as_str() {
            "" => String::new(),
            text => format!("<code>{}</code>", literal_cell(text)),
        };
        let _ = writeln!(
            md,
            "| <code>{}/{}</code> | {} | {} | {} | {code} |",
            report.tree,
            literal_cell(&finding.file),
            finding.line,
            finding.kind.as_str(),
            literal_cell(&super::integrity_message(finding)),
        );
    }
}

fn write_exercise_details(exercise: &ExerciseReport, md: &mut String) {
    match exercise.status {
        ExerciseStatus::Pass => return,
        ExerciseStatus::Todo => {
            let _ = writeln!(md, "\n### `{}`: not started", exercise.name);
            return;
        }
        ExerciseStatus::Fail | ExerciseStatus::Error => {}
    }
    let _ = writeln!(
        md,
        "\n### `{}`: {} ({}/{})",
        exercise.name,
        exercise.status.as_str(),
        exercise.score,
        exercise.max_score
    );
    if let Some(problem) = &exercise.problem {
        md.push('\n');
        md.push_str(&code_block(&super::diagnostics(problem)));
        return;
    }
    let mut not_started = Vec::new();
    for test in &exercise.tests {
        match test.status() {
            Status::Pass => continue,
            Status::Todo => {
                not_started.push(format!("`{}`", test.name));
                continue;
            }
            _ => {}
        }
        let _ = writeln!(
            md,
            "\n- **`{}`**: {} ({}/{})\n",
            test.name,
            test.status().as_str(),
            test.points,
            test.max_points
        );
        let mut blocks = Vec::new();
        blocks.extend(super::message(exercise, test).map(|message| code_block(&message)));
        if let Some(sides) = test.outcome.sides() {
            blocks.push(format!("got:\n{}", code_block(&sides.got)));
            blocks.push(format!("expected:\n{}", code_block(&sides.expected)));
        }
        for line in blocks.concat().lines() {
            let _ = writeln!(md, "  {line}");
        }
    }
    if !not_started.is_empty() {
        let _ = writeln!(md, "\nNot started: {}", not_started.join(", "));
    }
}

fn status_mark(status: ExerciseStatus) -> &'static str {
    match status {
        ExerciseStatus::Pass => "✅",
        ExerciseStatus::Fail => "❌",
        ExerciseStatus::Todo => "⏳",
        ExerciseStatus::Error => "💥",
    }
}

/// A table cell's text: a `|` would end the cell, a newline the row, and `<T>` would be taken
/// for an HTML tag and vanish (`MyRc<T> from scratch`).
fn table_cell(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace('\n', " ")
}

/// A submission's text (a source line, a file name) in a table cell, shown as it is: every ASCII
/// punctuation character becomes a numeric character reference, so no Markdown or HTML in it
/// takes effect (GitHub parses Markdown inside `<code>` in a table), and line breaks become
/// spaces.
fn literal_cell(text: &str) -> String {
    let mut cell = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' => cell.push(' '),
            c if c.is_ascii_punctuation() => cell.push_str(&format!("&#{};", c as u32)),
            c if c.is_control() => cell.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => cell.push(c),
        }
    }
    cell
}

/// `text` in a fenced block whose fence is longer than any run of backticks inside it.
fn code_block(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}text\n{}\n{fence}\n", text.trim_end())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_submissions_text_in_the_summary_stays_text() {
        let cell = literal_cell("let _ = **x** | [link](http://a) <b>\n`tick` \u{1b}[2J");
        for markup in ["**", "|", "[", "](", "<b>", "`", "\u{1b}", "\n"] {
            assert!(!cell.contains(markup), "{markup:?} in {cell}");
        }
        assert!(
            cell.starts_with("let &#95; &#61; &#42;&#42;x&#42;&#42; &#124;"),
            "{cell}"
        );
        assert!(cell.ends_with("\\u{1b}&#91;2J"), "{cell}");
    }

    use super::*;

    #[test]
    fn messages_and_properties_are_escaped_as_github_reads_them() {
        assert_eq!(
            escape_data("100% done\r\nnext: a, b"),
            "100%25 done%0D%0Anext: a, b"
        );
        assert_eq!(
            escape_property("02-my-rc::drop, twice (50%)\n"),
            "02-my-rc%3A%3Adrop%2C twice (50%25)%0A"
        );
        // `%` first, so an escape is not escaped again.
        assert_eq!(escape_data("%0A"), "%250A");
    }

    #[test]
    fn learner_lines_are_found_in_the_graded_tree() {
        let report = crate::grade::score::total("submission".into(), Vec::new());
        let exercise = ExerciseReport {
            name: "02-my-rc".into(),
            title: String::new(),
            difficulty: String::new(),
            status: ExerciseStatus::Fail,
            score: 0,
            max_score: 0,
            problem: None,
            tests: Vec::new(),
            ignored_files: Vec::new(),
            integrity: Vec::new(),
        };
        let place = |location| learner_place(&report, &exercise, location);
        let expected = Some(("submission/02-my-rc/src/lib.rs".to_string(), 7));
        assert_eq!(place("src/lib.rs:7:9"), expected);
        assert_eq!(place("/tmp/copy/02-my-rc/src/lib.rs:7:9"), expected);
        assert_eq!(place("tests.rs:10:5"), None);
        assert_eq!(place("/rustc/abc/library/core/src/cell.rs:3:1"), None);
    }

    #[test]
    fn an_empty_summary_variable_is_no_file() {
        assert_eq!(summary_path(None), None);
        assert_eq!(summary_path(Some(OsString::new())), None);
        assert_eq!(
            summary_path(Some("/tmp/summary.md".into())),
            Some(PathBuf::from("/tmp/summary.md"))
        );
    }

    #[test]
    fn titles_stay_text_in_a_table() {
        assert_eq!(table_cell("MyRc<T> | a\nb"), "MyRc&lt;T&gt; \\| a b");
    }

    #[test]
    fn a_fence_is_longer_than_the_backticks_it_holds() {
        assert_eq!(code_block("a ``` b"), "````text\na ``` b\n````\n");
        assert_eq!(code_block("plain"), "```text\nplain\n```\n");
    }
}
