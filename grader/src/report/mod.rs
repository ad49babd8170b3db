//! The last stage: render a graded [`Report`] for people or for machines. [`write()`] is the one
//! entry, for every format; what a format shows beside the report (where tests are written,
//! Gradescope's visibility, the job summary file) is its [`Context`], gathered once from what
//! the pipeline loaded. Every sentence a person reads about an outcome is written here (this
//! module's [`message`] and friends) and nowhere before.
//!
//! `human` writes a colored summary (or every test, for `check`); `json` writes the documented
//! schema; `junit` and `gradescope` feed CI test views and Gradescope's autograder; `github`
//! writes GitHub Actions annotations and a job summary, `exercism` Exercism's `results.json`;
//! each also shows the integrity findings (see [`integrity_message`]) where its reader looks.
//! A new format is a module here, a [`Format`] variant and an arm of [`write()`].

pub(crate) mod exercism;
pub(crate) mod github;
pub(crate) mod gradescope;
pub(crate) mod human;
pub(crate) mod json;
pub(crate) mod junit;

#[cfg(test)]
pub(crate) mod snapshots;

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Result;

use crate::grade::integrity::{Finding, Kind};
use crate::grade::manifest::Manifest;
use crate::grade::outcome::{
    Crash, CrashCause, ExerciseReport, Failure, FormatError, Mismatch, Outcome, Output, Panic,
    Problem, Report, Status, TestReport, WrongAnswer,
};
use crate::learner::quiz::{self, Quiz};
use crate::project::Project;
pub(crate) use human::Detail;

/// The output formats of `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// A colored summary for a terminal.
    Human,
    /// One JSON document on stdout (schema in the book's grader reference).
    Json,
    /// JUnit XML, for CI test-report views.
    Junit,
    /// Gradescope's autograder `results.json`.
    Gradescope,
    /// GitHub Actions: error annotations, and a job summary in `$GITHUB_STEP_SUMMARY`.
    Github,
    /// Exercism's test-runner `results.json` (version 3).
    Exercism,
}

/// What the formats show beside a report that the report itself does not carry, gathered once
/// from what the pipeline loaded (no format reads a file of its own).
#[derive(Debug, Default)]
pub(crate) struct Context {
    /// JUnit: where each hidden test is written.
    junit: junit::TestFiles,
    /// Gradescope: when each test's result is shown, and the leaderboard.
    gradescope: gradescope::Settings,
    /// Exercism: each test's code and stage.
    exercism: exercism::Sources,
    /// GitHub: the job summary file (`$GITHUB_STEP_SUMMARY`), if any.
    github_summary: Option<PathBuf>,
    /// People: chapters and stages, for what comes next and locked stages.
    pub(crate) guide: human::Guide,
}

impl Context {
    /// The context of reports on `manifest`'s exercises and `quiz`'s items; file names are
    /// shown relative to `project`.
    pub(crate) fn new(project: &Project, manifest: &Manifest, quiz: &Quiz) -> Self {
        let mut context = Context {
            gradescope: gradescope::Settings::from_manifest(manifest),
            github_summary: github::summary_path(std::env::var_os(github::SUMMARY_VARIABLE)),
            ..Context::default()
        };
        for exercise in &manifest.exercises {
            context
                .guide
                .chapters
                .push((exercise.name.clone(), exercise.chapter.clone()));
            for test in &exercise.tests {
                if let Some(stage) = test.stage {
                    let key = (exercise.name.clone(), test.name.clone());
                    context.guide.stages.insert(key, stage);
                }
                let source = &test.source;
                context.junit.insert(
                    &exercise.name,
                    &test.name,
                    project.relative(&source.file),
                    source.line,
                );
                let code = source.code.clone();
                let task_id = test.stage;
                let shown = exercism::TestSource { code, task_id };
                context.exercism.insert(&exercise.name, &test.name, shown);
            }
        }
        for chapter in &quiz.chapters {
            for item in &chapter.items {
                let name = quiz::item_key(&chapter.name, &item.id);
                let file = chapter.file.clone();
                context.junit.insert(quiz::REPORT_NAME, &name, file, None);
                let code = item.question.clone();
                let shown = exercism::TestSource {
                    code,
                    task_id: None,
                };
                context.exercism.insert(quiz::REPORT_NAME, &name, shown);
            }
        }
        context
    }
}

/// Writes `report` in `format` to `out`; `detail` is how much the human format shows. What is
/// for the person running the grader rather than for the document's reader (Exercism's
/// integrity notes) goes to `notes`.
pub(crate) fn write(
    report: &Report,
    format: Format,
    detail: Detail,
    context: &Context,
    mut out: &mut dyn Write,
    notes: &mut dyn Write,
) -> Result<()> {
    match format {
        Format::Human => human::write(report, detail, &context.guide, &mut out),
        Format::Json => json::write(report, &mut out),
        Format::Junit => junit::write(report, &context.junit, &mut out),
        Format::Gradescope => gradescope::write(report, &context.gradescope, &mut out),
        Format::Github => github::write(report, &mut out, context.github_summary.as_deref()),
        Format::Exercism => {
            exercism::write(report, &context.exercism, &mut out)?;
            notes.write_all(exercism::integrity_notes(report).as_bytes())?;
            Ok(())
        }
    }
}

/// [`write()`] to the standard streams: the human format through the color-aware stream (colors
/// as `--color` and the terminal decide), the others as they are.
pub(crate) fn print(
    report: &Report,
    format: Format,
    detail: Detail,
    context: &Context,
) -> Result<()> {
    let mut notes = std::io::stderr().lock();
    if format == Format::Human {
        let mut out = anstream::stdout().lock();
        write(report, format, detail, context, &mut out, &mut notes)
    } else {
        let mut out = std::io::stdout().lock();
        write(report, format, detail, context, &mut out, &mut notes)
    }
}

/// Why `test` did not pass, in words (for a quiz item: the verdict, then `Why: ` and its
/// explanation). `None` for a pass with nothing to explain. This is the JSON `message` field.
pub(crate) fn message(exercise: &ExerciseReport, test: &TestReport) -> Option<String> {
    let reason = reason(exercise, &test.outcome);
    let why = test
        .explanation
        .as_deref()
        .filter(|_| {
            !matches!(
                test.outcome,
                Outcome::Unanswered { .. } | Outcome::NotCompiled
            )
        })
        .map(|explanation| format!("Why: {explanation}"));
    match (reason, why) {
        (Some(reason), Some(why)) => Some(format!("{reason}\n{why}")),
        (reason, why) => reason.or(why),
    }
}

/// The sentence for one outcome (`None` for a pass).
fn reason(exercise: &ExerciseReport, outcome: &Outcome) -> Option<String> {
    Some(match outcome {
        Outcome::Pass => return None,
        Outcome::Fail(failure) => failure_reason(failure),
        Outcome::Todo { location } => with_location(
            "not yet implemented",
            location.as_ref().map(|l| l.0.as_str()),
        ),
        Outcome::Timeout { limit } => format!(
            "did not finish within {} s (an endless loop or a deadlock?)",
            limit.as_secs_f64()
        ),
        Outcome::Crash(crash) => crash_reason(crash),
        Outcome::Blocked {
            required,
            required_status,
        } => format!(
            "graded once `{required}` passes (it is `{}`): a guarantee of a type that does not work yet is worth nothing",
            required_status.as_str()
        ),
        Outcome::NotCompiled => match exercise.problem {
            Some(Problem::AnswersUnreadable(_)) => "the answers file could not be read",
            Some(Problem::BuildTimedOut { .. }) => "the exercise's build timed out",
            Some(Problem::CodeOutsideMain(_)) => {
                "not run: the crate has code that runs before main or after it"
            }
            _ => "the exercise did not compile",
        }
        .to_string(),
        Outcome::NotRun => "the test did not run".to_string(),
        Outcome::Unanswered { format: None } => "not answered".to_string(),
        Outcome::Unanswered {
            format: Some(format),
        } => format_error(format),
    })
}

fn failure_reason(failure: &Failure) -> String {
    match failure {
        Failure::Panic(panic) => panic_text(panic),
        Failure::Exited {
            code: Some(0),
            proved: true,
        } => "the test finished but the process did not exit cleanly".to_string(),
        Failure::Exited { code: Some(0), .. } => {
            "the process exited with code 0 before the test finished \
             (did the code call std::process::exit?)"
                .to_string()
        }
        Failure::Exited {
            code: Some(code), ..
        } => format!("the process exited with code {code} before the test finished"),
        Failure::Exited { code: None, .. } => "the process ended without an exit code".to_string(),
        Failure::Compiled { expected } => format!(
            "this program compiled, but your crate must reject it (expected: {})",
            expected.join(", ")
        ),
        Failure::OtherErrors { missing, got } => format!(
            "this program failed to compile, but not for the expected reason: missing {}; its errors: {}",
            missing.join(", "),
            got.join(" | ")
        ),
        Failure::NotBuilt { cargo } => {
            format!("this program was not built (cargo stopped before it):\n{cargo}")
        }
        Failure::WrongAnswer(WrongAnswer { why, line, .. }) => {
            let sentence = mismatch(why);
            // Where to fix it: in the first line of the message, after the sentence.
            let at = line
                .map(|line| format!(" (line {line})"))
                .unwrap_or_default();
            match why {
                // The diff of the two outputs follows.
                Mismatch::Output => format!("{sentence}{at}:"),
                _ => format!("{sentence}{at}"),
            }
        }
    }
}

/// What was expected of a quiz answer and what was given, in a sentence.
pub(crate) fn mismatch(why: &Mismatch) -> String {
    match why {
        Mismatch::Choice { expected, given } => format!(
            "expected {}) {}; you answered {}) {}",
            expected.0, expected.1, given.0, given.1
        ),
        Mismatch::Short { accepted, given } => format!(
            "expected {}; you answered {given:?}",
            accepted
                .iter()
                .map(|a| format!("{a:?}"))
                .collect::<Vec<_>>()
                .join(" or ")
        ),
        Mismatch::Output => "the output differs".to_string(),
    }
}

/// What to write instead of an answer in the wrong format. It names no right answer: the item
/// counts as not answered.
pub(crate) fn format_error(format: &FormatError) -> String {
    match format {
        FormatError::NotALetter { given, last } => format!(
            "answer with a letter from a to {last} (you wrote {:?})",
            shortened(given, 20)
        ),
    }
}

/// `text` cut to at most `max` characters, at a space if there is one, with `…` where it was cut.
fn shortened(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let kept: String = text.chars().take(max).collect();
    let kept = kept
        .rsplit_once(' ')
        .map_or(kept.as_str(), |(words, _)| words);
    format!("{}…", kept.trim_end())
}

fn crash_reason(crash: &Crash) -> String {
    let name = &crash.signal;
    match &crash.cause {
        CrashCause::StackOverflow => format!("stack overflow ({name}): unbounded recursion?"),
        CrashCause::OutOfMemory {
            report,
            limit_bytes,
        } => format!(
            "out of memory ({name}): {report} (the limit is {} MiB)",
            limit_bytes >> 20
        ),
        CrashCause::AfterPanic(panic) => match &panic.location {
            Some(location) => format!("{name} after a panic at {location}: {}", panic.message),
            None => format!("{name} after a panic: {}", panic.message),
        },
        CrashCause::Abort => format!("aborted ({name})"),
        CrashCause::Signal => format!("killed by {name}"),
    }
}

/// A panic's message and, on its own line, where it happened.
fn panic_text(panic: &Panic) -> String {
    with_location(
        &panic.message,
        panic.location.as_ref().map(|l| l.0.as_str()),
    )
}

fn with_location(text: &str, location: Option<&str>) -> String {
    match location {
        Some(location) => format!("{text}\n(at {location})"),
        None => text.to_string(),
    }
}

/// An exercise's problem in words (the JSON `diagnostics` field).
pub(crate) fn diagnostics(problem: &Problem) -> String {
    match problem {
        Problem::CompileErrors(text) | Problem::Setup(text) | Problem::AnswersUnreadable(text) => {
            text.clone()
        }
        Problem::CodeOutsideMain(found) => format!(
            "the crate's object code has code that runs before main or after it, outside every \
             test ({}): its tests were not run, and the exercise scores 0",
            found.join("; ")
        ),
        Problem::MissingTests(names) => format!(
            "the hidden-test binary has no test named {} (is the manifest out of date?)",
            names.join(", ")
        ),
        Problem::BuildTimedOut { limit } => format!(
            "build timed out after {}: the compiler was still at work on this crate or its \
             hidden tests and was stopped (a `const` evaluated in an endless loop?); \
             nothing of it was graded",
            limit_text(*limit)
        ),
    }
}

/// A build's time limit in words: `5 min`, `90 s`.
fn limit_text(limit: Duration) -> String {
    let seconds = limit.as_secs();
    if seconds >= 60 && seconds.is_multiple_of(60) {
        format!("{} min", seconds / 60)
    } else {
        format!("{seconds} s")
    }
}

/// The output as kept, with a line for what was not kept.
pub(crate) fn output_text(output: &Output) -> String {
    let mut text = output.text.clone();
    text.push_str(&output_notes(output).join(""));
    text
}

/// What the kept output lacks, one line each (empty when it is whole).
fn output_notes(output: &Output) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(kept) = output.truncated_at {
        notes.push(format!(
            "\n[output truncated: only the first {} KiB are kept]",
            kept / 1024
        ));
    }
    if output.abandoned {
        notes.push(
            "\n[the rest of the output was abandoned: a process the test started still held it]\n"
                .to_string(),
        );
    }
    notes
}

/// What an integrity finding means, in a sentence for the teacher, with what the code names
/// (the JSON `integrity[].message`).
pub(crate) fn integrity_message(finding: &Finding) -> String {
    let what = match finding.kind {
        Kind::Exit => "ends the process",
        Kind::Env => "reads the environment",
        Kind::Proc => "names the process's own files (/proc, /dev/fd)",
        Kind::File => "uses files or file descriptors",
        Kind::Network => "uses the network",
        Kind::Process => "starts other processes",
        Kind::Unsafe => "has unsafe code, which this exercise does not teach",
        Kind::Include => {
            "takes source or data from outside the crate's src/, or a file that is not Rust source"
        }
        Kind::Linker => {
            "gives the linker code or symbols (which can run before main or replace a function)"
        }
        Kind::PanicHook => "replaces the panic hook",
        Kind::Unscanned => "could not be scanned",
        Kind::Constructor => {
            "has code that runs before main or after it (a constructor or destructor in its \
             object code): the exercise was not run and scores 0"
        }
        Kind::UnsafeTaught => {
            "has unsafe code, which this exercise teaches (listed for the teacher to read; not \
             counted as a finding)"
        }
    };
    format!("{what}: {}", finding.item)
}

/// A finding on one line, `FILE:LINE [kind] what: item` (the file below `tree/` when one is
/// given), then its code indented on a second line when it has some.
pub(crate) fn integrity_line(tree: Option<&str>, finding: &Finding) -> String {
    let file = match tree {
        Some(tree) => format!("{tree}/{}", finding.file),
        None => finding.file.clone(),
    };
    let mut line = format!(
        "{file}:{} [{}] {}",
        finding.line,
        finding.kind.as_str(),
        integrity_message(finding)
    );
    if !finding.text.is_empty() {
        line.push_str("\n    ");
        line.push_str(&finding.text);
    }
    line
}

/// Every integrity finding of `report` with its exercise, in report order.
pub(crate) fn integrity_findings(report: &Report) -> Vec<(&ExerciseReport, &Finding)> {
    report
        .exercises
        .iter()
        .flat_map(|exercise| exercise.integrity.iter().map(move |f| (exercise, f)))
        .collect()
}

/// `1 finding`, `2 findings`.
pub(crate) fn findings_count(count: usize) -> String {
    match count {
        1 => "1 finding".to_string(),
        _ => format!("{count} findings"),
    }
}

/// The line `cargo grade batch` prints after its summary for a student whose exercises have
/// integrity findings: the student, then each such exercise with how many and of which kinds,
/// `findings: eve: 01-refcount 2 findings (exit, proc); 02-my-rc 1 finding (unsafe)`.
pub(crate) fn batch_findings_line(student: &str, exercises: &[(&str, usize, &[String])]) -> String {
    let each: Vec<String> = exercises
        .iter()
        .map(|(exercise, count, kinds)| {
            format!(
                "{exercise} {} ({})",
                findings_count(*count),
                kinds.join(", ")
            )
        })
        .collect();
    format!("findings: {}: {}", visible(student), each.join("; "))
}

/// The report's status of `test`, for formats that only know pass and fail.
fn passed(test: &TestReport) -> bool {
    test.status() == Status::Pass
}

/// For the teacher, in formats without a place of their own for it: the files of a submission
/// that grading did not use, and how the test processes were isolated. `None` when there is
/// nothing to say (no submission notes and no test ran).
pub(crate) fn submission_notes(report: &Report) -> Option<String> {
    let mut lines = Vec::new();
    let ignored: Vec<&str> = report
        .exercises
        .iter()
        .flat_map(|exercise| exercise.ignored_files.iter().map(String::as_str))
        .collect();
    if !ignored.is_empty() {
        lines.push(format!(
            "Not used (a submission is compiled from its src/ with the grader's Cargo.toml): {}",
            ignored.join(", ")
        ));
    }
    if let Some(sandbox) = &report.sandbox {
        lines.push(format!("Sandbox: {}", sandbox.note));
    }
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// `text` with every character that could steer a terminal escaped, for the human report:
/// control characters other than newline and tab (an escape sequence could clear the screen and
/// draw a fake verdict; a carriage return could overwrite a line) and the invisible characters
/// that reorder text (bidirectional overrides), each written as `\u{…}`.
pub(crate) fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    fn steers(c: char) -> bool {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    }
    if !text.chars().any(steers) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if steers(c) {
            shown.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            shown.push(c);
        }
    }
    std::borrow::Cow::Owned(shown)
}
