//! The machine-readable report: one JSON document, schema version 1 (the book's grader
//! reference, `book/src/grader-reference.md`, "The JSON report"). The fields keep their meaning
//! from before the typed outcome model: `message`, `diff` and `output` are written here from
//! each test's [`Outcome`](crate::grade::outcome::Outcome).

use std::io::Write;

use anyhow::{Context, Result};
use serde::Serialize;

use crate::grade::outcome::Report;

/// The version of the document's shape; bumped when a field changes meaning or goes away.
pub(crate) const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct JsonReport<'a> {
    schema_version: u32,
    tree: &'a str,
    score: u32,
    max_score: u32,
    percent: f64,
    exercises: Vec<JsonExercise<'a>>,
    sandbox: Option<JsonSandbox<'a>>,
}

#[derive(Serialize)]
struct JsonSandbox<'a> {
    network_isolated: bool,
    files_protected: bool,
    note: &'a str,
    missing: &'a [String],
}

#[derive(Serialize)]
struct JsonExercise<'a> {
    name: &'a str,
    title: &'a str,
    difficulty: &'a str,
    status: &'static str,
    score: u32,
    max_score: u32,
    diagnostics: Option<String>,
    tests: Vec<JsonTest<'a>>,
    ignored_files: &'a [String],
    integrity: Vec<JsonFinding<'a>>,
}

/// One integrity finding (`book/src/grader-reference.md`, "The JSON report").
#[derive(Serialize)]
struct JsonFinding<'a> {
    file: &'a str,
    line: usize,
    kind: &'static str,
    message: String,
    item: &'a str,
    text: &'a str,
    /// Whether it counts as a finding (`false` for unsafe code an exercise teaches).
    counts: bool,
}

#[derive(Serialize)]
struct JsonTest<'a> {
    name: &'a str,
    status: &'static str,
    points: u32,
    max_points: u32,
    message: Option<String>,
    diff: Option<JsonDiff<'a>>,
    output: Option<String>,
    duration_ms: u64,
}

#[derive(Serialize)]
struct JsonDiff<'a> {
    got: &'a str,
    expected: &'a str,
}

/// Writes `report` as one pretty-printed JSON document and a newline.
pub(crate) fn write(report: &Report, out: &mut impl Write) -> Result<()> {
    let document = JsonReport {
        schema_version: SCHEMA_VERSION,
        tree: &report.tree,
        score: report.score,
        max_score: report.max_score,
        percent: report.percent,
        exercises: report
            .exercises
            .iter()
            .map(|exercise| JsonExercise {
                name: &exercise.name,
                title: &exercise.title,
                difficulty: &exercise.difficulty,
                status: exercise.status.as_str(),
                score: exercise.score,
                max_score: exercise.max_score,
                diagnostics: exercise.problem.as_ref().map(super::diagnostics),
                tests: exercise
                    .tests
                    .iter()
                    .map(|test| JsonTest {
                        name: &test.name,
                        status: test.status().as_str(),
                        points: test.points,
                        max_points: test.max_points,
                        message: super::message(exercise, test),
                        diff: test.outcome.sides().map(|sides| JsonDiff {
                            got: &sides.got,
                            expected: &sides.expected,
                        }),
                        output: test.output.as_ref().map(super::output_text),
                        duration_ms: test.duration.as_millis() as u64,
                    })
                    .collect(),
                ignored_files: &exercise.ignored_files,
                integrity: exercise
                    .integrity
                    .iter()
                    .map(|finding| JsonFinding {
                        file: &finding.file,
                        line: finding.line,
                        kind: finding.kind.as_str(),
                        message: super::integrity_message(finding),
                        item: &finding.item,
                        text: &finding.text,
                        counts: finding.counts(),
                    })
                    .collect(),
            })
            .collect(),
        sandbox: report.sandbox.as_ref().map(|sandbox| JsonSandbox {
            network_isolated: sandbox.network_isolated,
            files_protected: sandbox.files_protected,
            note: &sandbox.note,
            missing: &sandbox.missing,
        }),
    };
    serde_json::to_writer_pretty(&mut *out, &document).context("cannot write the JSON report")?;
    writeln!(out).context("cannot write the JSON report")?;
    Ok(())
}
