//! JUnit XML for CI systems that show test reports: one `<testsuite>` per exercise, one
//! `<testcase>` per hidden test; anything but a pass is a `<failure>` (or an `<error>` for
//! `error`, `crash` and `timeout`), with the message and the captured output.
//!
//! An exercise whose source has integrity findings gets one more `<testcase name="integrity">`
//! that fails with them. GitLab, the consumer this format is mostly for, shows only what is
//! inside a `<testcase>` (a testsuite's `<properties>` and `<system-err>` are not displayed), so
//! a failed case is where a teacher sees them; a clean exercise has no such case.

use std::fmt::Write as _;
use std::io::Write;

use anyhow::{Context, Result};

use crate::outcome::{ExerciseReport, Report, Status};

/// Writes `report` as one JUnit XML document.
pub(crate) fn write(report: &Report, out: &mut impl Write) -> Result<()> {
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
    let errors = count(report, |s| {
        matches!(s, Status::Error | Status::Crash | Status::Timeout)
    });
    let _ = writeln!(
        xml,
        "<testsuites name=\"gc-workbook\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">"
    );
    for exercise in &report.exercises {
        let integrity_case = usize::from(!exercise.integrity.is_empty());
        let suite_failures =
            exercise.tests.iter().filter(|t| !super::passed(t)).count() + integrity_case;
        let _ = writeln!(
            xml,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{suite_failures}\">",
            escape(&exercise.name),
            exercise.tests.len() + integrity_case
        );
        for test in &exercise.tests {
            let _ = write!(
                xml,
                "    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3}\"",
                escape(&exercise.name),
                escape(&test.name),
                test.duration.as_secs_f64()
            );
            if super::passed(test) {
                xml.push_str("/>\n");
                continue;
            }
            let element = match test.status() {
                Status::Error | Status::Crash | Status::Timeout => "error",
                _ => "failure",
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
        write_integrity_case(report, exercise, &mut xml);
        xml.push_str("  </testsuite>\n");
    }
    xml.push_str("</testsuites>\n");
    out.write_all(xml.as_bytes())
        .context("cannot write the JUnit report")
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
    let _ = writeln!(
        xml,
        "    <testcase classname=\"{}\" name=\"integrity\" file=\"{}\" line=\"{}\" time=\"0.000\">\n      \
         <failure type=\"integrity\" message=\"{}\">{}</failure>\n    </testcase>",
        escape(&exercise.name),
        escape(&format!("{}/{}", report.tree, first.file)),
        first.line,
        escape(&format!(
            "{} for the teacher: source out of place for this exercise",
            super::findings_count(exercise.integrity.len())
        )),
        escape(&listing.join("\n"))
    );
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
