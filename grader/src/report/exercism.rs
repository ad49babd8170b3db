//! Exercism's test-runner interface, `results.json` version 3: an overall status, and per test
//! its status, message, output, the code it ran (`test_code`) and the task it belongs to
//! (`task_id`, an exercise's stage).
//!
//! Exercism knows three test statuses: a test that did not pass is `fail` when it ran to an
//! end (an assertion, a wrong answer, not started) and `error` when it did not (a timeout, a
//! crash, a build that failed). The overall status is `error` only when no test ran at all.
//! `output` is what the learner's code printed, as the interface asks: not libtest's lines.
//!
//! The interface has no place for integrity findings: every field of `results.json` is shown to
//! the student, and its only free text outside a test (`message`) is for a run that errored.
//! So they go to stderr ([`integrity_notes`]), the test runner's log, which the maintainers of a
//! track read and the student does not: the least surprising place, and `results.json` keeps
//! exactly the interface's shape.

use std::collections::HashMap;
use std::io::Write;

use anyhow::{Context, Result};
use serde::Serialize;

use crate::grade::outcome::{Report, Status, TestReport};

/// The version of the interface this document follows.
const VERSION: u32 = 3;

/// Characters of a test's output kept (the interface's limit).
const OUTPUT_CHARS: usize = 500;

/// What the report does not carry about a test: its code and its task.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct TestSource {
    /// The hidden test function's source, a compile-fail case's program, a quiz question.
    pub(crate) code: String,
    /// The exercise's stage the test belongs to (1-based), for exercises built in stages.
    pub(crate) task_id: Option<u32>,
}

/// Each test's [`TestSource`], by exercise name and test name.
#[derive(Debug, Default)]
pub(crate) struct Sources(HashMap<(String, String), TestSource>);

impl Sources {
    pub(crate) fn insert(&mut self, exercise: &str, test: &str, source: TestSource) {
        self.0
            .insert((exercise.to_string(), test.to_string()), source);
    }

    fn get(&self, exercise: &str, test: &str) -> Option<&TestSource> {
        self.0.get(&(exercise.to_string(), test.to_string()))
    }
}

#[derive(Serialize)]
struct Results<'a> {
    version: u32,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
    tests: Vec<TestResult<'a>>,
}

#[derive(Serialize)]
struct TestResult<'a> {
    name: String,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    output: Option<String>,
    test_code: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    task_id: Option<u32>,
}

/// Writes `report` as one `results.json` document, in the order of the report (the hidden
/// tests' manifest order). Test names are prefixed by their exercise (`NN-name::test`) when the
/// report holds more than one exercise.
pub(crate) fn write(report: &Report, sources: &Sources, out: &mut impl Write) -> Result<()> {
    let prefixed = report.exercises.len() > 1;
    let mut tests = Vec::new();
    for exercise in &report.exercises {
        for test in &exercise.tests {
            let source = sources.get(&exercise.name, &test.name);
            tests.push(TestResult {
                name: if prefixed {
                    format!("{}::{}", exercise.name, test.name)
                } else {
                    test.name.clone()
                },
                status: test_status(test),
                // Required for `fail` and `error`; a pass keeps its explanation, if any.
                message: super::message(exercise, test)
                    .or_else(|| exercise.problem.as_ref().map(super::diagnostics)),
                output: test.output.as_ref().and_then(learner_output),
                test_code: source.map_or("", |source| source.code.as_str()),
                task_id: source.and_then(|source| source.task_id),
            });
        }
    }
    let nothing_ran = !tests.is_empty()
        && tests.iter().all(|test| test.status == "error")
        && report
            .exercises
            .iter()
            .all(|exercise| exercise.problem.is_some());
    let status = if nothing_ran {
        "error"
    } else if tests.iter().all(|test| test.status == "pass") {
        "pass"
    } else {
        "fail"
    };
    let message = nothing_ran.then(|| {
        report
            .exercises
            .iter()
            .filter_map(|exercise| {
                let problem = exercise.problem.as_ref()?;
                Some(format!(
                    "{}:\n{}",
                    exercise.name,
                    super::diagnostics(problem)
                ))
            })
            .collect::<Vec<_>>()
            .join("\n\n")
    });
    let results = Results {
        version: VERSION,
        status,
        message,
        tests,
    };
    serde_json::to_writer_pretty(&mut *out, &results)
        .context("cannot write the Exercism results.json")?;
    writeln!(out).context("cannot write the Exercism results.json")?;
    Ok(())
}

/// The integrity findings as lines for stderr (`integrity: FILE:LINE [kind] what`, then the
/// code), then the submission's notes (files not used, the sandbox line); empty when there is
/// nothing to say.
pub(crate) fn integrity_notes(report: &Report) -> String {
    let mut notes: String = super::integrity_findings(report)
        .into_iter()
        .map(|(_, finding)| {
            format!(
                "integrity: {}\n",
                super::integrity_line(Some(&report.tree), finding)
            )
        })
        .collect();
    if let Some(more) = super::submission_notes(report) {
        for line in more.lines() {
            notes.push_str(&format!("integrity: {line}\n"));
        }
    }
    notes
}

/// What the code under test printed (libtest's frame and the panic already in `message` left
/// out), with the notes on what was not kept, capped; `None` when that is nothing.
fn learner_output(output: &crate::grade::outcome::Output) -> Option<String> {
    let mut text = super::human::without_libtest_lines(&output.text).join("\n");
    for note in super::output_notes(output) {
        text.push_str(&note);
    }
    let text = text.trim();
    (!text.is_empty()).then(|| capped(text))
}

fn test_status(test: &TestReport) -> &'static str {
    match test.status() {
        Status::Pass => "pass",
        Status::Fail | Status::Todo => "fail",
        Status::Timeout | Status::Crash | Status::Error => "error",
    }
}

/// The output's last [`OUTPUT_CHARS`] characters at most (the end says what went wrong), with
/// a first line saying it was cut.
fn capped(text: &str) -> String {
    let count = text.chars().count();
    if count <= OUTPUT_CHARS {
        return text.to_string();
    }
    let note = "[output cut: the last characters follow]\n";
    let keep = OUTPUT_CHARS - note.chars().count();
    let tail: String = text.chars().skip(count - keep).collect();
    format!("{note}{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_is_capped_at_the_interface_limit() {
        let long = "é".repeat(800);
        let cut = capped(&long);
        assert_eq!(cut.chars().count(), OUTPUT_CHARS);
        assert!(cut.starts_with("[output cut"));
        assert_eq!(capped("short"), "short");
    }
}
