//! Gradescope's autograder `results.json`: the total score and one entry per hidden test,
//! named `NN-name::test`, with its points and, for anything but a pass, why.

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
    number: String,
    score: u32,
    max_score: u32,
    status: &'static str,
    output: String,
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
            });
        }
    }
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
