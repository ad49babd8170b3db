//! Gradescope's autograder `results.json`: the total score and one entry per hidden test,
//! named `NN-name::test`, with its points, its `visibility` (the manifest's, `visible` by
//! default) and, for anything but a pass, why; with the manifest's `[gradescope] leaderboard
//! = true`, a `leaderboard` too.
//!
//! The published specification is transcribed in
//! `grader/tests/specs/gradescope-results.schema.json`, which the tests validate against.
//!
//! The integrity findings are one more entry, `Integrity`, worth no points and `hidden` (in
//! Gradescope's specification a hidden test is shown to instructors only), failed when there
//! is a finding; it is there even when there is none, so a teacher sees the scan ran.

use std::collections::HashMap;
use std::io::Write;

use anyhow::{Context, Result};
use serde::Serialize;

use crate::grade::manifest::{Manifest, Visibility};
use crate::grade::outcome::Report;

/// What `results.json` takes from the manifest: each test's visibility, and whether to add a
/// leaderboard.
#[derive(Debug, Default)]
pub(crate) struct Settings {
    /// By exercise name and test name; a test not listed (a quiz item) is `visible`.
    visibility: HashMap<(String, String), Visibility>,
    /// Whether `results.json` has a `leaderboard`.
    pub(crate) leaderboard: bool,
}

impl Settings {
    /// The visibility of every test of `manifest` and its `[gradescope]` table.
    pub(crate) fn from_manifest(manifest: &Manifest) -> Self {
        let mut settings = Settings {
            leaderboard: manifest.gradescope.leaderboard,
            ..Settings::default()
        };
        for exercise in &manifest.exercises {
            for test in &exercise.tests {
                settings.set_visibility(&exercise.name, &test.name, test.visibility);
            }
        }
        settings
    }

    /// Sets when the result of `exercise`'s test `test` is shown.
    pub(crate) fn set_visibility(&mut self, exercise: &str, test: &str, visibility: Visibility) {
        self.visibility
            .insert((exercise.to_string(), test.to_string()), visibility);
    }

    fn visibility(&self, exercise: &str, test: &str) -> Visibility {
        self.visibility
            .get(&(exercise.to_string(), test.to_string()))
            .copied()
            .unwrap_or_default()
    }
}

/// The top level. Gradescope takes the assignment's points from its own settings: the spec has
/// no top-level `max_score`, and `score` overrides the sum of the tests' scores.
#[derive(Serialize)]
struct Results {
    score: u32,
    output: String,
    tests: Vec<TestResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    leaderboard: Option<Vec<LeaderboardEntry>>,
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
    visibility: &'static str,
}

/// One column of the leaderboard.
#[derive(Serialize)]
struct LeaderboardEntry {
    name: &'static str,
    value: f64,
    /// `asc` when lower ranks higher (Gradescope's default is `desc`).
    #[serde(skip_serializing_if = "Option::is_none")]
    order: Option<&'static str>,
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
    let output = [Some(output), super::submission_notes(report)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("\n");
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
        visibility: "hidden",
    }
}

/// Writes `report` in Gradescope's `results.json` shape.
pub(crate) fn write(report: &Report, settings: &Settings, out: &mut impl Write) -> Result<()> {
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
                visibility: settings.visibility(&exercise.name, &test.name).as_str(),
            });
        }
    }
    tests.push(integrity_test(report));
    let results = Results {
        score: report.score,
        output: format!(
            "gc-workbook: {}/{} ({:.1} %)",
            report.score, report.max_score, report.percent
        ),
        tests,
        leaderboard: settings.leaderboard.then(|| leaderboard(report)),
    };
    serde_json::to_writer_pretty(&mut *out, &results).context("cannot write results.json")?;
    writeln!(out).context("cannot write results.json")?;
    Ok(())
}

/// The score, the tests passed (higher first) and the time the tests took (lower first).
fn leaderboard(report: &Report) -> Vec<LeaderboardEntry> {
    let tests = report.exercises.iter().flat_map(|e| &e.tests);
    let passed = tests.clone().filter(|test| super::passed(test)).count();
    let seconds: f64 = tests.map(|test| test.duration.as_secs_f64()).sum();
    vec![
        LeaderboardEntry {
            name: "Score (%)",
            value: (report.percent * 10.0).round() / 10.0,
            order: None,
        },
        LeaderboardEntry {
            name: "Tests passed",
            value: passed as f64,
            order: None,
        },
        LeaderboardEntry {
            name: "Test time (s)",
            value: (seconds * 1000.0).round() / 1000.0,
            order: Some("asc"),
        },
    ]
}
