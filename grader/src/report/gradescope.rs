//! Gradescope's autograder `results.json`: the total score and one entry per hidden test,
//! named `NN-name::test`, with its points and, for anything but a pass, why.
//!
//! The integrity findings are one more entry, `Integrity`, worth no points and `hidden` (in
//! Gradescope's specification a hidden test is shown to instructors only), failed when there
//! is a finding; it is there even when there is none, so a teacher sees the scan ran.

use std::io::Write;

use anyhow::{Context, Result};
use serde::Serialize;

use crate::outcome::Report;

#[derive(Serialize)]
struct Results {
    score: u32,
    max_score: u32,
    output: String,
    tests: Vec<TestResult>,
}

#[derive(Serialize)]
struct TestResult {
    name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    number: String,
    score: u32,
    max_score: u32,
    status: &'static str,
    output: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    visibility: Option<&'static str>,
}

/// The `Integrity` entry: 0 points, for instructors only.
fn integrity_test(report: &Report) -> TestResult {
    let findings = super::integrity_findings(report);
    let output = if findings.is_empty() {
        "Nothing in the submission's source is out of place for its exercise.".to_string()
    } else {
        let mut lines = vec![format!(
            "{} (source out of place for its exercise):",
            super::findings_count(findings.len())
        )];
        for (_, finding) in &findings {
            lines.push(super::integrity_line(None, finding));
        }
        lines.join("\n")
    };
    TestResult {
        name: "Integrity".to_string(),
        number: String::new(),
        score: 0,
        max_score: 0,
        status: if findings.is_empty() {
            "passed"
        } else {
            "failed"
        },
        output,
        visibility: Some("hidden"),
    }
}

/// Writes `report` in Gradescope's `results.json` shape.
pub(crate) fn write(report: &Report, out: &mut impl Write) -> Result<()> {
    let mut tests = Vec::new();
    for (exercise_number, exercise) in report.exercises.iter().enumerate() {
        for (test_number, test) in exercise.tests.iter().enumerate() {
            tests.push(TestResult {
                name: format!(
                    "{}::{} ({})",
                    exercise.name,
                    test.name,
                    test.status().as_str()
                ),
                number: format!("{}.{}", exercise_number + 1, test_number + 1),
                score: test.points,
                max_score: test.max_points,
                status: if super::passed(test) {
                    "passed"
                } else {
                    "failed"
                },
                output: super::message(exercise, test)
                    .or_else(|| exercise.problem.as_ref().map(super::diagnostics))
                    .unwrap_or_default(),
                visibility: None,
            });
        }
    }
    tests.push(integrity_test(report));
    let results = Results {
        score: report.score,
        max_score: report.max_score,
        output: format!(
            "gc-workbook: {}/{} ({:.1} %)",
            report.score, report.max_score, report.percent
        ),
        tests,
    };
    serde_json::to_writer_pretty(&mut *out, &results).context("cannot write results.json")?;
    writeln!(out).context("cannot write results.json")?;
    Ok(())
}
