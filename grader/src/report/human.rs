//! The report for people: a colored line per exercise, a line per test that did not pass, a
//! character diff for a failed `assert_eq!`, compiler errors for an exercise that did not build.

use std::collections::HashMap;
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

/// What the human report says besides the report itself: where each exercise's chapter is and
/// which stage each test belongs to (for "what next" and locked stages), which exercise is in
/// focus, and whether only some stages were graded. Built from the manifest
/// ([`super::Context::new`]); empty, it says nothing of the kind.
#[derive(Debug, Default, Clone)]
pub(crate) struct Guide {
    /// Each exercise in manifest order, with its book chapter (`02-my-rc.md`).
    pub(crate) chapters: Vec<(String, String)>,
    /// The stage of each test of an exercise built in stages, by exercise and test name.
    pub(crate) stages: HashMap<(String, String), u32>,
    /// The exercise to show in detail in a summary (the one just saved); by default the first
    /// that fails or does not compile.
    pub(crate) focus: Option<String>,
    /// `check --stage N`: only stages 1 to N were graded.
    pub(crate) stage_limit: Option<u32>,
}

impl Guide {
    fn stage(&self, exercise: &str, test: &str) -> Option<u32> {
        self.stages
            .get(&(exercise.to_string(), test.to_string()))
            .copied()
    }

    /// The stages of `exercise`, in order (empty when it is not built in stages).
    fn stages_of(&self, exercise: &str) -> Vec<u32> {
        let mut stages: Vec<u32> = self
            .stages
            .iter()
            .filter(|((name, _), _)| name == exercise)
            .map(|(_, &stage)| stage)
            .collect();
        stages.sort_unstable();
        stages.dedup();
        stages
    }

    fn chapter(&self, exercise: &str) -> Option<&str> {
        self.chapters
            .iter()
            .find(|(name, _)| name == exercise)
            .map(|(_, chapter)| chapter.as_str())
    }

    /// The exercise after `exercise` in manifest order.
    fn after(&self, exercise: &str) -> Option<&str> {
        let index = self
            .chapters
            .iter()
            .position(|(name, _)| name == exercise)?;
        self.chapters.get(index + 1).map(|(name, _)| name.as_str())
    }
}

/// Names of exercises not started, listed on their one line before "and N more".
const NOT_STARTED_SHOWN: usize = 3;

/// Writes the report. `out` is expected to strip styles when color is off (an `anstream` stream).
pub(crate) fn write(
    report: &Report,
    detail: Detail,
    guide: &Guide,
    out: &mut impl Write,
) -> Result<()> {
    let width = report
        .exercises
        .iter()
        .map(|e| e.name.len())
        .max()
        .unwrap_or(0);
    match detail {
        Detail::List => {
            for exercise in &report.exercises {
                write_exercise_line(exercise, width, out)?;
            }
        }
        Detail::Every => {
            for exercise in &report.exercises {
                write_exercise_line(exercise, width, out)?;
                write_stage_scope(exercise, guide, out)?;
                write_details(exercise, detail, guide, out)?;
            }
        }
        Detail::Summary => write_summary(report, guide, width, out)?,
    }
    if detail != Detail::List {
        write_integrity(report, out)?;
    }
    write_score(report, out)?;
    write_submission_notes(report, out)?;
    if detail != Detail::List {
        write_next_step(report, detail, guide, out)?;
    }
    Ok(())
}

/// One line per exercise the learner has touched, details only for the one in focus, every
/// exercise not started on one line, then the quiz.
fn write_summary(report: &Report, guide: &Guide, width: usize, out: &mut impl Write) -> Result<()> {
    let focus = focus(report, guide);
    let mut not_started = Vec::new();
    let mut quiz_entry = None;
    for exercise in &report.exercises {
        if exercise.name == quiz::REPORT_NAME {
            quiz_entry = Some(exercise);
        } else if exercise.status == ExerciseStatus::Todo {
            not_started.push(exercise.name.as_str());
        } else {
            write_exercise_line(exercise, width, out)?;
            if Some(exercise.name.as_str()) == focus {
                write_details(exercise, Detail::Summary, guide, out)?;
            }
        }
    }
    if !not_started.is_empty() {
        let style = YELLOW.bold();
        let mut names = not_started
            .iter()
            .take(NOT_STARTED_SHOWN)
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        if not_started.len() > NOT_STARTED_SHOWN {
            names.push_str(&format!(
                " and {} more",
                not_started.len() - NOT_STARTED_SHOWN
            ));
        }
        writeln!(
            out,
            "{style}TODO {style:#}  {} not started: {names}",
            not_started.len()
        )?;
    }
    if let Some(quiz) = quiz_entry {
        write_exercise_line(quiz, width, out)?;
        write_quiz_summary(quiz, &report.tree, out)?;
    }
    Ok(())
}

/// The exercise a summary shows in detail: the guide's, or the first that fails or does not
/// compile.
fn focus<'a>(report: &'a Report, guide: &'a Guide) -> Option<&'a str> {
    guide.focus.as_deref().or_else(|| {
        report
            .exercises
            .iter()
            .find(|e| {
                e.name != quiz::REPORT_NAME
                    && matches!(e.status, ExerciseStatus::Fail | ExerciseStatus::Error)
            })
            .map(|e| e.name.as_str())
    })
}

/// The quiz in a summary: how to start, or how many items are wrong and not answered.
fn write_quiz_summary(quiz: &ExerciseReport, tree: &str, out: &mut impl Write) -> Result<()> {
    if quiz.problem.is_some() {
        return write_details(quiz, Detail::Summary, &Guide::default(), out);
    }
    if quiz.status == ExerciseStatus::Todo {
        writeln!(
            out,
            "        {DIM}not started: answer in {tree}/{}, then `cargo grade quiz`{DIM:#}",
            quiz::ANSWERS_FILE
        )?;
        return Ok(());
    }
    let count =
        |of: &dyn Fn(&Outcome) -> bool| quiz.tests.iter().filter(|t| of(&t.outcome)).count();
    let wrong = count(&|outcome| matches!(outcome, Outcome::Fail(_)));
    let unanswered = count(&|outcome| matches!(outcome, Outcome::Unanswered { format: None }));
    let misformatted = count(&|outcome| matches!(outcome, Outcome::Unanswered { format: Some(_) }));
    let mut parts = vec![format!("{wrong} wrong")];
    if misformatted > 0 {
        parts.push(format!("{misformatted} not answered with a letter"));
    }
    parts.push(format!("{unanswered} not answered"));
    if wrong + unanswered + misformatted > 0 {
        writeln!(
            out,
            "        {DIM}{}: `cargo grade quiz` shows each item{DIM:#}",
            parts.join(", ")
        )?;
    }
    Ok(())
}

/// `Score: …`, with how many exercises are done.
fn write_score(report: &Report, out: &mut impl Write) -> Result<()> {
    let percent = report.percent;
    let style = if report.score == report.max_score {
        GREEN.bold()
    } else {
        BOLD
    };
    let exercises: Vec<&ExerciseReport> = report
        .exercises
        .iter()
        .filter(|e| e.name != quiz::REPORT_NAME)
        .collect();
    let done = exercises
        .iter()
        .filter(|e| e.status == ExerciseStatus::Pass)
        .count();
    let progress = if exercises.len() > 1 {
        format!(" · {done}/{} exercises done", exercises.len())
    } else {
        String::new()
    };
    writeln!(
        out,
        "\n{style}Score: {}/{} ({percent:.1} %){style:#}{progress}  {DIM}graded: {}/{DIM:#}",
        report.score, report.max_score, report.tree
    )?;
    Ok(())
}

/// What to do next, for a learner grading their exercises: fix the exercise in focus, or go on
/// to the next one (its chapter and its check command).
fn write_next_step(
    report: &Report,
    detail: Detail,
    guide: &Guide,
    out: &mut impl Write,
) -> Result<()> {
    if guide.chapters.is_empty() {
        return Ok(());
    }
    let exercises: Vec<&ExerciseReport> = report
        .exercises
        .iter()
        .filter(|e| e.name != quiz::REPORT_NAME)
        .collect();
    let next = match detail {
        // `check NAME`: after a pass, the exercise that follows it.
        Detail::Every => match exercises.as_slice() {
            [one] if one.status == ExerciseStatus::Pass && guide.stage_limit.is_none() => {
                match guide.after(&one.name) {
                    Some(after) => Next::Start(after),
                    None => Next::AllDone,
                }
            }
            _ => return Ok(()),
        },
        _ => match focus(report, guide) {
            Some(name) => Next::Fix(name),
            None => match exercises.iter().find(|e| e.status != ExerciseStatus::Pass) {
                Some(exercise) => Next::Start(&exercise.name),
                None => Next::AllDone,
            },
        },
    };
    let line = match next {
        Next::Fix(name) => format!(
            "Next: make {name} pass — `cargo grade check {name}` shows every test, `cargo grade hint {name}` gives a hint"
        ),
        Next::Start(name) => {
            let chapter = guide.chapter(name).unwrap_or_default();
            format!(
                "Next: {name} — read book/src/{chapter}, edit exercises/{name}/, then `cargo grade check {name}`"
            )
        }
        Next::AllDone => "Next: every exercise passes — the quiz (`cargo grade quiz`) and a mock interview (`cargo grade interview`) remain".to_string(),
    };
    writeln!(out, "{CYAN}{line}{CYAN:#}")?;
    Ok(())
}

/// The step a learner takes next.
enum Next<'a> {
    Fix(&'a str),
    Start(&'a str),
    AllDone,
}

/// For `check NAME --stage N`: which stages were graded and which comes next.
fn write_stage_scope(exercise: &ExerciseReport, guide: &Guide, out: &mut impl Write) -> Result<()> {
    let Some(limit) = guide.stage_limit else {
        return Ok(());
    };
    let stages = guide.stages_of(&exercise.name);
    let last = stages.last().copied().unwrap_or(limit);
    let covered = if limit == 1 {
        "stage 1".to_string()
    } else {
        format!("stages 1–{limit}")
    };
    let next = if limit < last {
        format!(
            "; next: stage {} (`cargo grade check {} --stage {}`)",
            limit + 1,
            exercise.name,
            limit + 1
        )
    } else {
        String::new()
    };
    writeln!(out, "        {DIM}graded {covered} of {last}{next}{DIM:#}")?;
    Ok(())
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
            .map(|file| super::visible(file))
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
            super::visible(&finding.file),
            finding.line,
            finding.kind.as_str(),
            super::visible(&super::integrity_message(finding))
        )?;
        if !finding.text.is_empty() {
            writeln!(out, "        {DIM}{}{DIM:#}", super::visible(&finding.text))?;
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

fn write_details(
    exercise: &ExerciseReport,
    detail: Detail,
    guide: &Guide,
    out: &mut impl Write,
) -> Result<()> {
    let is_quiz = exercise.name == quiz::REPORT_NAME;
    if let Some(problem) = &exercise.problem {
        let what = match problem {
            Problem::AnswersUnreadable(_) => "could not be read:",
            Problem::BuildTimedOut { .. } => "did not finish building:",
            Problem::CodeOutsideMain(_) => "was not run:",
            Problem::CompileErrors(_) | Problem::Setup(_) | Problem::MissingTests(_) => {
                "did not compile:"
            }
        };
        writeln!(out, "        {MAGENTA}{what}{MAGENTA:#}")?;
        write_indented(&super::diagnostics(problem), out)?;
        return Ok(());
    }
    // A stage after the first unfinished one is locked: its tests are one line, not failures.
    let open_up_to = first_unfinished_stage(exercise, guide);
    let mut locked: Vec<(u32, u32)> = Vec::new();
    // Sixty unanswered questions are one line in the summary; `cargo grade quiz` lists them.
    // An answer in the wrong format is shown: it was meant as an answer.
    let mut unanswered = 0;
    for test in &exercise.tests {
        if let (Some(open), Some(stage)) = (open_up_to, guide.stage(&exercise.name, &test.name))
            && stage > open
        {
            match locked.iter_mut().find(|(s, _)| *s == stage) {
                Some((_, points)) => *points += test.max_points,
                None => locked.push((stage, test.max_points)),
            }
            continue;
        }
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
    if let (Some(open), Some(first), Some(last)) = (
        open_up_to,
        locked.iter().map(|(s, _)| *s).min(),
        locked.iter().map(|(s, _)| *s).max(),
    ) {
        let points: u32 = locked.iter().map(|(_, p)| p).sum();
        let stages = if first == last {
            format!("stage {first}")
        } else {
            format!("stages {first}–{last}")
        };
        writeln!(
            out,
            "        {DIM}locked  {stages} ({points} points): they open once stage {open} passes{DIM:#}"
        )?;
    }
    Ok(())
}

/// The first stage of a staged exercise with a test that did not pass (`None` for an exercise
/// not built in stages, or one whose every stage passes).
fn first_unfinished_stage(exercise: &ExerciseReport, guide: &Guide) -> Option<u32> {
    exercise
        .tests
        .iter()
        .filter(|test| test.status() != Status::Pass)
        .filter_map(|test| guide.stage(&exercise.name, &test.name))
        .min()
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
        format!(" {DIM}{}{DIM:#}", duration_text(test.duration))
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
                writeln!(
                    out,
                    "            {DIM}(at {}){DIM:#}",
                    super::visible(&location.to_string())
                )?;
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
        writeln!(
            out,
            "            {DIM}{}{DIM:#}",
            super::visible(note.trim())
        )?;
    }
    Ok(())
}

/// A duration as a person reads it: `53 ms` below a second, `1.2 s` from one second on (the
/// JSON report has the milliseconds).
pub(crate) fn duration_text(duration: Duration) -> String {
    let millis = duration.as_millis();
    if millis < 1000 {
        format!("{millis} ms")
    } else {
        format!("{:.1} s", duration.as_secs_f64())
    }
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
        writeln!(out, "            {}", super::visible(line))?;
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
        let value = super::visible(change.value());
        match change.tag() {
            ChangeTag::Equal => {
                got.push_str(&value);
                expected.push_str(&value);
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
        let line = super::visible(change.value().trim_end_matches(['\n', '\r']));
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
    #[test]
    fn text_that_steers_a_terminal_is_shown_escaped() {
        assert_eq!(
            super::super::visible("plain\ttext\nlines"),
            "plain\ttext\nlines"
        );
        assert_eq!(
            super::super::visible("\x1b[2J\rdone\u{202e}\u{7}"),
            "\\u{1b}[2J\\u{d}done\\u{202e}\\u{7}"
        );
    }

    use super::*;

    #[test]
    fn durations_read_as_milliseconds_or_seconds() {
        assert_eq!(duration_text(Duration::from_micros(53_400)), "53 ms");
        assert_eq!(duration_text(Duration::from_millis(999)), "999 ms");
        assert_eq!(duration_text(Duration::from_millis(1_000)), "1.0 s");
        assert_eq!(duration_text(Duration::from_millis(1_249)), "1.2 s");
        assert_eq!(duration_text(Duration::from_secs(75)), "75.0 s");
    }

    #[test]
    fn libtest_frame_and_panic_are_not_repeated_as_output() {
        let output = "\nrunning 1 test\ntest adds ... hello from learner\n\nthread 'adds' (1) panicked at a.rs:1:1:\nboom\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\nFAILED\n\nfailures:\n\nfailures:\n    adds\n\ntest result: FAILED. 0 passed; 1 failed\n";
        assert_eq!(without_libtest_lines(output), ["hello from learner"]);
    }
}
