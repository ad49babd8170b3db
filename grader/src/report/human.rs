//! The report for people: a colored line per exercise, a line per test that did not pass, a
//! character diff for a failed `assert_eq!`, compiler errors for an exercise that did not build.

use std::io::Write;
use std::time::Duration;

use anstyle::{AnsiColor, Style};
use anyhow::Result;
use similar::{ChangeTag, TextDiff};

use crate::grade::outcome::{
    ExerciseReport, ExerciseStatus, Failure, Outcome, Problem, Report, Sides, Status, TestReport,
};
use crate::learner::quiz;

/// How much to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Detail {
    /// Exercises, and the tests that did not pass (`cargo grade`).
    Summary,
    /// Every test of every exercise, with output of crashes (`cargo grade check NAME`).
    Every,
    /// One line per exercise, nothing else (`cargo grade list`).
    List,
}

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const GREEN: Style = AnsiColor::Green.on_default();
const YELLOW: Style = AnsiColor::Yellow.on_default();
const RED: Style = AnsiColor::Red.on_default();
const CYAN: Style = AnsiColor::Cyan.on_default();
const MAGENTA: Style = AnsiColor::Magenta.on_default();

/// Lines of compiler output or test output shown before cutting.
const SHOWN_LINES: usize = 40;

/// Writes the report. `out` is expected to strip styles when color is off (an `anstream` stream).
pub(crate) fn write(report: &Report, detail: Detail, out: &mut impl Write) -> Result<()> {
    let width = report
        .exercises
        .iter()
        .map(|e| e.name.len())
        .max()
        .unwrap_or(0);
    for exercise in &report.exercises {
        write_exercise_line(exercise, width, out)?;
        match detail {
            Detail::List => {}
            Detail::Summary
                if exercise.status == ExerciseStatus::Todo
                    && exercise.name == quiz::REPORT_NAME =>
            {
                writeln!(
                    out,
                    "        {DIM}not started: answer in {}/{}, then `cargo grade quiz`{DIM:#}",
                    report.tree,
                    quiz::ANSWERS_FILE
                )?;
            }
            Detail::Summary if exercise.status == ExerciseStatus::Todo => {
                writeln!(
                    out,
                    "        {DIM}not started: edit exercises/{name}, then `cargo grade check {name}`{DIM:#}",
                    name = exercise.name
                )?;
            }
            Detail::Summary | Detail::Every => write_details(exercise, detail, out)?,
        }
    }
    if detail != Detail::List {
        write_integrity(report, out)?;
    }
    let percent = report.percent;
    let style = if report.score == report.max_score {
        GREEN.bold()
    } else {
        BOLD
    };
    writeln!(
        out,
        "\n{style}Score: {}/{} ({percent:.1} %){style:#}  {DIM}graded: {}/{DIM:#}",
        report.score, report.max_score, report.tree
    )?;
    write_submission_notes(report, out)
}

/// What a teacher grading a submission should know: the files grading left out, and whether the
/// tests were isolated.
fn write_submission_notes(report: &Report, out: &mut impl Write) -> Result<()> {
    const SHOWN: usize = 8;
    let ignored: Vec<&String> = report
        .exercises
        .iter()
        .flat_map(|exercise| &exercise.ignored_files)
        .collect();
    if !ignored.is_empty() {
        let mut list = ignored
            .iter()
            .take(SHOWN)
            .map(|file| file.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        if ignored.len() > SHOWN {
            list.push_str(&format!(" and {} more", ignored.len() - SHOWN));
        }
        writeln!(
            out,
            "{DIM}Not used (a submission is compiled from its src/ with the grader's Cargo.toml): {list}{DIM:#}"
        )?;
    }
    if let Some(sandbox) = &report.sandbox {
        let style = if sandbox.network_isolated && sandbox.files_protected {
            DIM
        } else {
            YELLOW
        };
        writeln!(out, "{style}Sandbox: {}{style:#}", sandbox.note)?;
    }
    Ok(())
}

/// The integrity section, for the teacher: each finding with its place, what it is, and its
/// line. Nothing at all when there is nothing out of place (a learner's usual run).
fn write_integrity(report: &Report, out: &mut impl Write) -> Result<()> {
    let findings = super::integrity_findings(report);
    if findings.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "\n{YELLOW}{BOLD}Integrity{BOLD:#}{YELLOW:#}, for the teacher: {} of source out of place for its exercise",
        super::findings_count(findings.len())
    )?;
    for (_, finding) in findings {
        writeln!(
            out,
            "    {BOLD}{}/{}:{}{BOLD:#}  {YELLOW}[{}]{YELLOW:#} {}",
            report.tree,
            finding.file,
            finding.line,
            finding.kind.as_str(),
            super::integrity_message(finding)
        )?;
        if !finding.text.is_empty() {
            writeln!(out, "        {DIM}{}{DIM:#}", finding.text)?;
        }
    }
    Ok(())
}

fn write_exercise_line(
    exercise: &ExerciseReport,
    width: usize,
    out: &mut impl Write,
) -> Result<()> {
    let (label, style) = match exercise.status {
        ExerciseStatus::Pass => ("PASS", GREEN.bold()),
        ExerciseStatus::Fail => ("FAIL", RED.bold()),
        ExerciseStatus::Todo => ("TODO", YELLOW.bold()),
        ExerciseStatus::Error => ("ERROR", MAGENTA.bold()),
    };
    writeln!(
        out,
        "{style}{label:<5}{style:#}  {BOLD}{name:<width$}{BOLD:#}  {points:>7}  {DIM}{difficulty:<6}{DIM:#}  {title}",
        name = exercise.name,
        points = format!("{}/{}", exercise.score, exercise.max_score),
        difficulty = exercise.difficulty,
        title = exercise.title,
    )?;
    Ok(())
}

fn write_details(exercise: &ExerciseReport, detail: Detail, out: &mut impl Write) -> Result<()> {
    let is_quiz = exercise.name == quiz::REPORT_NAME;
    if let Some(problem) = &exercise.problem {
        let what = match problem {
            Problem::AnswersUnreadable(_) => "could not be read:",
            Problem::CompileErrors(_) | Problem::Setup(_) | Problem::MissingTests(_) => {
                "did not compile:"
            }
        };
        writeln!(out, "        {MAGENTA}{what}{MAGENTA:#}")?;
        write_indented(&super::diagnostics(problem), out)?;
        return Ok(());
    }
    // Sixty unanswered questions are one line in the summary; `cargo grade quiz` lists them.
    // An answer in the wrong format is shown: it was meant as an answer.
    let mut unanswered = 0;
    for test in &exercise.tests {
        if test.status() == Status::Pass && detail != Detail::Every {
            continue;
        }
        let blank = matches!(test.outcome, Outcome::Unanswered { format: None });
        if is_quiz && blank && detail != Detail::Every {
            unanswered += 1;
            continue;
        }
        write_test(exercise, test, detail, out)?;
    }
    if unanswered > 0 {
        writeln!(
            out,
            "        {YELLOW}{unanswered} not answered{YELLOW:#} {DIM}(`cargo grade quiz` lists every item){DIM:#}"
        )?;
    }
    Ok(())
}

fn write_test(
    exercise: &ExerciseReport,
    test: &TestReport,
    detail: Detail,
    out: &mut impl Write,
) -> Result<()> {
    let status = test.status();
    let style = status_style(status);
    let time = if test.duration.as_millis() > 0 {
        format!(" {DIM}{:.2?}{DIM:#}", round_to_millis(test.duration))
    } else {
        String::new()
    };
    writeln!(
        out,
        "        {style}{:<7}{style:#} {} {DIM}({}/{}){DIM:#}{time}",
        status.as_str(),
        test.name,
        test.points,
        test.max_points,
    )?;
    match (&test.outcome, test.outcome.sides()) {
        // A diff says it better than an assertion's left/right lines.
        (Outcome::Fail(Failure::Panic(panic)), Some(sides)) => {
            write_indented(panic.message.lines().next().unwrap_or_default(), out)?;
            write_diff(sides, out)?;
            if let Some(location) = &panic.location {
                writeln!(out, "            {DIM}(at {location}){DIM:#}")?;
            }
        }
        // Anything after the first line (a quiz item's explanation) follows the diff.
        (_, sides) => {
            let message = super::message(exercise, test).unwrap_or_default();
            let (first, rest) = message.split_once('\n').unwrap_or((&message, ""));
            if !first.is_empty() {
                write_indented(first, out)?;
            }
            if let Some(sides) = sides {
                write_diff(sides, out)?;
            }
            if !rest.is_empty() {
                write_indented(rest, out)?;
            }
        }
    }
    let Some(output) = test.output.as_ref().filter(|_| detail == Detail::Every) else {
        return Ok(());
    };
    let learner_output = without_libtest_lines(&output.text);
    if !learner_output.is_empty() {
        writeln!(out, "            {DIM}output (last lines):{DIM:#}")?;
        let tail =
            learner_output[learner_output.len().saturating_sub(SHOWN_LINES / 2)..].join("\n");
        write_indented(&tail, out)?;
    }
    for note in super::output_notes(output) {
        writeln!(out, "            {DIM}{}{DIM:#}", note.trim())?;
    }
    Ok(())
}

/// Durations are shown to the millisecond, as the JSON report has them.
fn round_to_millis(duration: Duration) -> Duration {
    Duration::from_millis(duration.as_millis() as u64)
}

/// The lines of a test's output that are not libtest's frame or the panic already shown: what
/// the code printed, and the runtime's last words (a stack overflow, an allocation failure).
pub(super) fn without_libtest_lines(output: &str) -> Vec<&str> {
    let mut kept = Vec::new();
    let mut in_panic = false;
    let mut in_failures = false;
    for line in output.lines() {
        if line.starts_with("thread '") && line.contains(" panicked at ") {
            in_panic = true;
            continue;
        }
        if in_panic {
            // The panic message runs until the backtrace note or the FAILED line.
            if line.starts_with("note: run with `RUST_BACKTRACE=1`") || line == "FAILED" {
                in_panic = false;
            }
            continue;
        }
        // Code that prints without a newline lands after libtest's "test NAME ... ".
        let line = match line
            .split_once(" ... ")
            .filter(|(test, _)| test.starts_with("test "))
        {
            Some((_, rest)) if rest != "ok" && rest != "FAILED" => rest,
            Some(_) => continue,
            None => line,
        };
        if line == "failures:" {
            in_failures = true;
            continue;
        }
        let libtest = line.trim().is_empty()
            || line == "FAILED"
            || line.starts_with("running ")
            || line.starts_with("test result: ")
            || (in_failures && line.starts_with("    "));
        if !libtest {
            in_failures = false;
            kept.push(line);
        }
    }
    kept
}

fn status_style(status: Status) -> Style {
    match status {
        Status::Pass => GREEN,
        Status::Fail => RED,
        Status::Todo => YELLOW,
        Status::Timeout => CYAN,
        Status::Crash | Status::Error => MAGENTA,
    }
}

fn write_indented(text: &str, out: &mut impl Write) -> Result<()> {
    let lines: Vec<&str> = text.lines().collect();
    for line in lines.iter().take(SHOWN_LINES) {
        writeln!(out, "            {line}")?;
    }
    if lines.len() > SHOWN_LINES {
        writeln!(
            out,
            "            {DIM}… {} more lines (see --format json){DIM:#}",
            lines.len() - SHOWN_LINES
        )?;
    }
    Ok(())
}

/// `got` and `expected` on two lines, with the characters that differ highlighted; text of
/// several lines (a program's output) as a line diff instead.
fn write_diff(diff: &Sides, out: &mut impl Write) -> Result<()> {
    if diff.got.contains('\n') || diff.expected.contains('\n') {
        return write_line_diff(diff, out);
    }
    let text_diff = TextDiff::configure()
        .timeout(Duration::from_millis(200))
        .diff_chars(diff.got.as_str(), diff.expected.as_str());
    let mut got = String::new();
    let mut expected = String::new();
    for change in text_diff.iter_all_changes() {
        let value = change.value();
        match change.tag() {
            ChangeTag::Equal => {
                got.push_str(value);
                expected.push_str(value);
            }
            ChangeTag::Delete => {
                got.push_str(&format!("{}{value}{:#}", RED.bold().underline(), RED))
            }
            ChangeTag::Insert => {
                expected.push_str(&format!("{}{value}{:#}", GREEN.bold().underline(), GREEN))
            }
        }
    }
    writeln!(out, "            {RED}got:      {got}{RED:#}")?;
    writeln!(out, "            {GREEN}expected: {expected}{GREEN:#}")?;
    Ok(())
}

/// A line diff of `expected` → `got`: `-` lines were expected, `+` lines were given.
fn write_line_diff(diff: &Sides, out: &mut impl Write) -> Result<()> {
    let text_diff = TextDiff::configure()
        .timeout(Duration::from_millis(200))
        .diff_lines(diff.expected.as_str(), diff.got.as_str());
    writeln!(out, "            {DIM}(- expected, + got){DIM:#}")?;
    for change in text_diff.iter_all_changes() {
        let line = change.value().trim_end_matches(['\n', '\r']);
        match change.tag() {
            ChangeTag::Equal => writeln!(out, "              {line}")?,
            ChangeTag::Delete => writeln!(out, "            {GREEN}- {line}{GREEN:#}")?,
            ChangeTag::Insert => writeln!(out, "            {RED}+ {line}{RED:#}")?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libtest_frame_and_panic_are_not_repeated_as_output() {
        let output = "\nrunning 1 test\ntest adds ... hello from learner\n\nthread 'adds' (1) panicked at a.rs:1:1:\nboom\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\nFAILED\n\nfailures:\n\nfailures:\n    adds\n\ntest result: FAILED. 0 passed; 1 failed\n";
        assert_eq!(without_libtest_lines(output), ["hello from learner"]);
    }
}
