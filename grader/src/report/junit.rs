//! JUnit XML for CI systems that show test reports: one `<testsuite>` per exercise, one
//! `<testcase>` per hidden test; anything but a pass is a `<failure>` (or an `<error>` for
//! `error`, `crash` and `timeout`), with the message and the captured output.
//!
//! Each `<testcase>` has `file` and `line` attributes, relative to the repository root, as
//! GitLab's unit test report and the JUnit report actions of GitHub read them: for a test that
//! did not pass, the learner's line it points at when there is one (a panic or a `todo!()` in
//! their crate, a compile error, a wrong quiz answer), else the hidden test; for a pass, the
//! hidden test. A file outside the checkout (a submission or a `--hidden-dir` graded from
//! elsewhere) is not given: no repository view could open it. The rules a consumer holds the
//! document to are in `grader/tests/specs/junit.schema.json`, checked by the tests.
//!
//! An exercise whose source has integrity findings gets one more `<testcase name="integrity">`
//! that fails with them. GitLab, the consumer this format is mostly for, shows only what is
//! inside a `<testcase>` (a testsuite's `<properties>` and `<system-err>` are not displayed), so
//! a failed case is where a teacher sees them; a clean exercise has no such case.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use crate::grade::outcome::{ExerciseReport, Report, Status, TestReport};

/// Where each hidden test is defined: the file, relative to the repository root, and the line
/// of its `fn` when it is a `#[test] fn` (none for a compile-fail case or a quiz item).
#[derive(Debug, Default)]
pub(crate) struct TestFiles(HashMap<(String, String), (String, Option<usize>)>);

impl TestFiles {
    /// Records where `exercise`'s test `test` is defined.
    pub(crate) fn insert(&mut self, exercise: &str, test: &str, file: String, line: Option<usize>) {
        self.0
            .insert((exercise.to_string(), test.to_string()), (file, line));
    }

    fn get(&self, exercise: &str, test: &str) -> Option<(&str, Option<usize>)> {
        self.0
            .get(&(exercise.to_string(), test.to_string()))
            .map(|(file, line)| (file.as_str(), *line))
    }
}

/// Writes `report` as one JUnit XML document; `files` says where each hidden test is.
pub(crate) fn write(report: &Report, files: &TestFiles, out: &mut impl Write) -> Result<()> {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let integrity_cases = report
        .exercises
        .iter()
        .filter(|e| !e.integrity.is_empty())
        .count();
    let tests: usize = report
        .exercises
        .iter()
        .map(|e| e.tests.len())
        .sum::<usize>()
        + integrity_cases;
    let failures = count(report, |s| matches!(s, Status::Fail | Status::Todo)) + integrity_cases;
    let errors = count(report, is_error);
    let _ = writeln!(
        xml,
        "<testsuites name=\"gc-workbook\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">"
    );
    for exercise in &report.exercises {
        write_suite(report, exercise, files, &mut xml);
    }
    xml.push_str("</testsuites>\n");
    out.write_all(xml.as_bytes())
        .context("cannot write the JUnit report")
}

/// One exercise as a `<testsuite>`: a case per test, then its integrity case if it has one.
fn write_suite(report: &Report, exercise: &ExerciseReport, files: &TestFiles, xml: &mut String) {
    let integrity_case = usize::from(!exercise.integrity.is_empty());
    let suite_errors = exercise
        .tests
        .iter()
        .filter(|t| is_error(t.status()))
        .count();
    let suite_failures =
        exercise.tests.iter().filter(|t| !super::passed(t)).count() - suite_errors + integrity_case;
    let _ = writeln!(
        xml,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{suite_failures}\" errors=\"{suite_errors}\">",
        escape(&exercise.name),
        exercise.tests.len() + integrity_case
    );
    for test in &exercise.tests {
        write_case(report, exercise, test, files, xml);
    }
    write_integrity_case(report, exercise, xml);
    xml.push_str("  </testsuite>\n");
}

/// One test as a `<testcase>`: where it is written, and for a test that did not pass, a
/// `<failure>` or `<error>` with the message and the output.
fn write_case(
    report: &Report,
    exercise: &ExerciseReport,
    test: &TestReport,
    files: &TestFiles,
    xml: &mut String,
) {
    let _ = write!(
        xml,
        "    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3}\"",
        escape(&exercise.name),
        escape(&test.name),
        test.duration.as_secs_f64()
    );
    if let Some((file, line)) = place(report, exercise, test, files) {
        let _ = write!(xml, " file=\"{}\"", escape(&file));
        if let Some(line) = line {
            let _ = write!(xml, " line=\"{line}\"");
        }
    }
    if super::passed(test) {
        xml.push_str("/>\n");
        return;
    }
    let element = if is_error(test.status()) {
        "error"
    } else {
        "failure"
    };
    let message = super::message(exercise, test)
        .or_else(|| exercise.problem.as_ref().map(super::diagnostics))
        .unwrap_or_default();
    let _ = writeln!(
        xml,
        ">\n      <{element} type=\"{}\" message=\"{}\">{}</{element}>",
        test.status().as_str(),
        escape(message.lines().next().unwrap_or("")),
        escape(&message)
    );
    if let Some(output) = &test.output {
        let _ = writeln!(
            xml,
            "      <system-out>{}</system-out>",
            escape(&super::output_text(output))
        );
    }
    xml.push_str("    </testcase>\n");
}

/// The `integrity` case of an exercise with findings: at the first finding's file and line, a
/// `<failure>` listing each.
fn write_integrity_case(report: &Report, exercise: &ExerciseReport, xml: &mut String) {
    let Some(first) = exercise.integrity.first() else {
        return;
    };
    let listing: Vec<String> = exercise
        .integrity
        .iter()
        .map(|finding| super::integrity_line(Some(&report.tree), finding))
        .collect();
    // As for the tests: a file outside the checkout is in no repository a CI view could open.
    let file = format!("{}/{}", report.tree, first.file);
    let place = if Path::new(&file).is_absolute() {
        String::new()
    } else {
        format!(" file=\"{}\" line=\"{}\"", escape(&file), first.line)
    };
    let _ = writeln!(
        xml,
        "    <testcase classname=\"{}\" name=\"integrity\"{place} time=\"0.000\">\n      \
         <failure type=\"integrity\" message=\"{}\">{}</failure>\n    </testcase>",
        escape(&exercise.name),
        escape(&format!(
            "{} for the teacher: source out of place for this exercise",
            super::findings_count(exercise.integrity.len())
        )),
        escape(&listing.join("\n"))
    );
}

/// Whether a test that did not pass is a JUnit `<error>` (it did not run to an end) rather
/// than a `<failure>`.
fn is_error(status: Status) -> bool {
    matches!(status, Status::Error | Status::Crash | Status::Timeout)
}

/// The `file` and `line` of a test case: the learner's line a test that did not pass points
/// at, else where the hidden test is.
fn place(
    report: &Report,
    exercise: &crate::grade::outcome::ExerciseReport,
    test: &crate::grade::outcome::TestReport,
    files: &TestFiles,
) -> Option<(String, Option<usize>)> {
    let learners = if super::passed(test) {
        None
    } else {
        super::github::learner_line(report, exercise, test).or_else(|| {
            exercise
                .problem
                .as_ref()
                .and_then(|problem| super::github::problem_line(report, exercise, problem))
        })
    };
    // A file outside the checkout (a submission or a `--hidden-dir` elsewhere) is in no
    // repository a CI view could open.
    let in_checkout = |(file, _): &(String, Option<usize>)| !Path::new(file).is_absolute();
    learners
        .map(|(file, line)| (file, Some(line)))
        .filter(in_checkout)
        .or_else(|| {
            files
                .get(&exercise.name, &test.name)
                .map(|(file, line)| (file.to_string(), line))
                .filter(in_checkout)
        })
}

fn count(report: &Report, which: impl Fn(Status) -> bool) -> usize {
    report
        .exercises
        .iter()
        .flat_map(|e| &e.tests)
        .filter(|t| which(t.status()))
        .count()
}

/// XML text and attribute escaping; control characters other than tab and newline (which XML
/// 1.0 cannot hold at all) become U+FFFD.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\t' | '\n' | '\r' => escaped.push(c),
            c if (c as u32) < 0x20 => escaped.push('\u{FFFD}'),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_control_characters_are_escaped() {
        assert_eq!(
            escape("a<b & \"c\"\u{1b}[31m"),
            "a&lt;b &amp; &quot;c&quot;\u{FFFD}[31m"
        );
    }
}
