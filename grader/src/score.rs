//! Stage 5: turn outcomes into points, exercise statuses and totals.
//!
//! A test earns its points only with status `pass`. An exercise that did not compile gets
//! `error` for every test. The [`Report`] is what every output format renders; its JSON form is
//! the documented schema (README, "The JSON report").

use serde::Serialize;

use crate::build::CompilerError;
use crate::manifest::{Exercise, TestSpec};
use crate::quiz::answers::{self, Answers, Verdict};
use crate::quiz::{self, Chapter, Kind};

/// The outcome of one test: the six statuses of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Status {
    /// The test proved it passed.
    Pass,
    /// An assertion failed or the test panicked.
    Fail,
    /// The code under test reached `todo!()`: not started.
    Todo,
    /// The test ran out of time.
    Timeout,
    /// The process died: abort, stack overflow, out of memory, a signal.
    Crash,
    /// The exercise did not compile (or could not be set up).
    Error,
}

impl Status {
    /// The lowercase name used in every report.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Todo => "todo",
            Status::Timeout => "timeout",
            Status::Crash => "crash",
            Status::Error => "error",
        }
    }
}

/// The status of a whole exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum ExerciseStatus {
    /// Every test passed.
    Pass,
    /// Some test did not pass (and not every test is `todo`).
    Fail,
    /// Every test is `todo`: the exercise is not started.
    Todo,
    /// The exercise did not compile.
    Error,
}

/// The whole grading run.
#[derive(Debug, Serialize)]
pub(crate) struct Report {
    /// Version of this document's shape.
    pub(crate) schema_version: u32,
    /// The graded tree (`exercises`, `solutions`, or the submission folder).
    pub(crate) tree: String,
    /// Points earned.
    pub(crate) score: u32,
    /// Points available.
    pub(crate) max_score: u32,
    /// `score / max_score` in percent (100 when nothing is available).
    pub(crate) percent: f64,
    /// One entry per graded exercise, in manifest order.
    pub(crate) exercises: Vec<ExerciseReport>,
}

/// One exercise's result.
#[derive(Debug, Serialize)]
pub(crate) struct ExerciseReport {
    pub(crate) name: String,
    pub(crate) title: String,
    pub(crate) difficulty: String,
    pub(crate) status: ExerciseStatus,
    pub(crate) score: u32,
    pub(crate) max_score: u32,
    /// Compiler errors (or the reason it could not be built), for status `error`.
    pub(crate) diagnostics: Option<String>,
    pub(crate) tests: Vec<TestReport>,
}

/// One test's result.
#[derive(Debug, Serialize)]
pub(crate) struct TestReport {
    pub(crate) name: String,
    pub(crate) status: Status,
    pub(crate) points: u32,
    pub(crate) max_points: u32,
    /// Why it did not pass: the panic message, the signal, the missing error…
    pub(crate) message: Option<String>,
    /// For a failed `assert_eq!(got, expected)`: both sides' `Debug` text.
    pub(crate) diff: Option<Diff>,
    /// Captured output of the test process, for anything but a pass.
    pub(crate) output: Option<String>,
    /// Wall-clock milliseconds of the test process (0 for compile-fail tests).
    pub(crate) duration_ms: u64,
}

/// Both sides of a failed equality assertion.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(crate) struct Diff {
    pub(crate) got: String,
    pub(crate) expected: String,
}

/// What the pipeline learned about one test, before points.
#[derive(Debug, Clone)]
pub(crate) struct Outcome {
    pub(crate) status: Status,
    pub(crate) message: Option<String>,
    pub(crate) output: Option<String>,
    pub(crate) duration_ms: u64,
}

impl Outcome {
    /// An outcome with no output and no duration.
    pub(crate) fn new(status: Status, message: Option<String>) -> Self {
        Self {
            status,
            message,
            output: None,
            duration_ms: 0,
        }
    }
}

/// Scores one exercise. `outcomes` is parallel to `exercise.tests`; `diagnostics` is set when
/// the exercise did not compile, and then overrides every outcome.
pub(crate) fn score_exercise(
    exercise: &Exercise,
    outcomes: Vec<Outcome>,
    diagnostics: Option<String>,
) -> ExerciseReport {
    let tests: Vec<TestReport> = exercise
        .tests
        .iter()
        .zip(outcomes)
        .map(|(spec, outcome)| match &diagnostics {
            Some(_) => test_report(
                spec,
                Outcome::new(
                    Status::Error,
                    Some("the exercise did not compile".to_string()),
                ),
            ),
            None => test_report(spec, outcome),
        })
        .collect();
    let score = tests.iter().map(|test| test.points).sum();
    let status = if diagnostics.is_some() {
        ExerciseStatus::Error
    } else if tests.iter().all(|test| test.status == Status::Pass) {
        ExerciseStatus::Pass
    } else if tests.iter().all(|test| test.status == Status::Todo) {
        ExerciseStatus::Todo
    } else {
        ExerciseStatus::Fail
    };
    ExerciseReport {
        name: exercise.name.clone(),
        title: exercise.title.clone(),
        difficulty: exercise.difficulty.to_string(),
        status,
        score,
        max_score: exercise.max_score(),
        diagnostics,
        tests,
    }
}

fn test_report(spec: &TestSpec, outcome: Outcome) -> TestReport {
    let passed = outcome.status == Status::Pass;
    let diff = outcome.message.as_deref().and_then(assertion_sides);
    TestReport {
        name: spec.name.clone(),
        status: outcome.status,
        points: if passed { spec.points } else { 0 },
        max_points: spec.points,
        message: outcome.message,
        diff,
        output: outcome.output.filter(|_| !passed),
        duration_ms: outcome.duration_ms,
    }
}

/// The quiz as one more entry of the report, named `quiz`: one test per item of `chapters`,
/// named `chapter.id`, `pass` when right, `fail` when wrong, `todo` when not answered. The
/// message of an answered item ends with its explanation; a wrong output carries a diff.
pub(crate) fn score_quiz(chapters: &[&Chapter], answers: &Answers) -> ExerciseReport {
    let mut tests = Vec::new();
    for chapter in chapters {
        for item in &chapter.items {
            let judged = answers::judge(item, answers.get(&chapter.name, &item.id));
            let explanation = item.explanation.trim();
            let (status, message, diff) = match judged.verdict {
                Verdict::Right => (Status::Pass, format!("Why: {explanation}"), None),
                Verdict::Wrong => {
                    let diff = match &item.kind {
                        Kind::Output { expected, .. } => Some(Diff {
                            got: judged.given.clone(),
                            expected: expected.clone(),
                        }),
                        _ => None,
                    };
                    let mut why = judged.why_wrong.unwrap_or_default();
                    if let Some(line) = answers.line(&chapter.name, &item.id).filter(|&l| l > 0) {
                        // Where to fix it: the first line of the message, after the sentence.
                        why = match why.strip_suffix(':') {
                            Some(sentence) => format!("{sentence} (line {line}):"),
                            None => format!("{why} (line {line})"),
                        };
                    }
                    (Status::Fail, format!("{why}\nWhy: {explanation}"), diff)
                }
                Verdict::NotAnswered => (Status::Todo, "not answered".to_string(), None),
            };
            tests.push(TestReport {
                name: quiz::item_key(&chapter.name, &item.id),
                points: if status == Status::Pass {
                    item.points
                } else {
                    0
                },
                max_points: item.points,
                status,
                message: Some(message),
                diff,
                output: None,
                duration_ms: 0,
            });
        }
    }
    quiz_entry(chapters, tests, None)
}

/// The quiz's entry when the answers could not be read: every item `error`, the reason as the
/// diagnostics (as an exercise that does not compile; the rest of the run still grades).
pub(crate) fn quiz_error(chapters: &[&Chapter], reason: String) -> ExerciseReport {
    let tests = chapters
        .iter()
        .flat_map(|chapter| {
            chapter.items.iter().map(|item| TestReport {
                name: quiz::item_key(&chapter.name, &item.id),
                status: Status::Error,
                points: 0,
                max_points: item.points,
                message: Some("the answers file could not be read".to_string()),
                diff: None,
                output: None,
                duration_ms: 0,
            })
        })
        .collect();
    quiz_entry(chapters, tests, Some(reason))
}

fn quiz_entry(
    chapters: &[&Chapter],
    tests: Vec<TestReport>,
    diagnostics: Option<String>,
) -> ExerciseReport {
    let status = if diagnostics.is_some() {
        ExerciseStatus::Error
    } else if tests.iter().all(|test| test.status == Status::Pass) {
        ExerciseStatus::Pass
    } else if tests.iter().all(|test| test.status == Status::Todo) {
        ExerciseStatus::Todo
    } else {
        ExerciseStatus::Fail
    };
    let title = match chapters {
        [one] => format!("Quiz: {}", one.name),
        _ => format!("Quiz: {} chapters", chapters.len()),
    };
    ExerciseReport {
        name: quiz::REPORT_NAME.to_string(),
        title,
        difficulty: "mixed".to_string(),
        status,
        score: tests.iter().map(|test| test.points).sum(),
        max_score: tests.iter().map(|test| test.max_points).sum(),
        diagnostics,
        tests,
    }
}

/// Totals a run.
pub(crate) fn total(tree: String, exercises: Vec<ExerciseReport>) -> Report {
    let score = exercises.iter().map(|e| e.score).sum();
    let max_score: u32 = exercises.iter().map(|e| e.max_score).sum();
    let percent = if max_score == 0 {
        100.0
    } else {
        f64::from(score) * 100.0 / f64::from(max_score)
    };
    Report {
        schema_version: 1,
        tree,
        score,
        max_score,
        percent,
        exercises,
    }
}

/// Judges a compile-fail case from the errors its build produced. Every expected entry must
/// match some error: `E` and four digits as the error code, anything else as text in it.
pub(crate) fn judge_compile_fail(expect: &[String], errors: &[CompilerError]) -> Outcome {
    if errors.is_empty() {
        return Outcome::new(
            Status::Fail,
            Some(format!(
                "this program compiled, but your crate must reject it (expected: {})",
                expect.join(", ")
            )),
        );
    }
    let missing: Vec<&String> = expect
        .iter()
        .filter(|wanted| {
            !errors.iter().any(|error| {
                if is_error_code(wanted) {
                    error.code.as_deref() == Some(wanted.as_str())
                } else {
                    error.rendered.contains(wanted.as_str())
                }
            })
        })
        .collect();
    if missing.is_empty() {
        return Outcome::new(Status::Pass, None);
    }
    let seen: Vec<String> = errors
        .iter()
        .map(|error| {
            let first = error.rendered.lines().next().unwrap_or_default();
            first.to_string()
        })
        .collect();
    Outcome::new(
        Status::Fail,
        Some(format!(
            "the program failed to compile, but not for the expected reason: missing {}; got: {}",
            missing
                .iter()
                .map(|m| m.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            seen.join(" | ")
        )),
    )
}

fn is_error_code(text: &str) -> bool {
    text.len() == 5 && text.starts_with('E') && text[1..].bytes().all(|b| b.is_ascii_digit())
}

/// The two sides of `assert_eq!`'s panic message (Rust 1.73 and later):
/// ``assertion `left == right` failed[: msg]\n  left: L\n right: R``.
fn assertion_sides(message: &str) -> Option<Diff> {
    if !message.starts_with("assertion `left == right` failed") {
        return None;
    }
    let left_at = message.find("\n  left: ")?;
    let after_left = &message[left_at + "\n  left: ".len()..];
    let right_at = after_left.find("\n right: ")?;
    let got = &after_left[..right_at];
    let rest = &after_left[right_at + "\n right: ".len()..];
    // The grader appends "\n(at FILE:LINE:COL)" to panic messages.
    let expected = rest.split("\n(at ").next().unwrap_or(rest);
    Some(Diff {
        got: got.to_string(),
        expected: expected.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assertion_sides_are_parsed() {
        let message = "assertion `left == right` failed: counts\n  left: [1, 2]\n right: [1, 3]\n(at a.rs:1:1)";
        assert_eq!(
            assertion_sides(message),
            Some(Diff {
                got: "[1, 2]".into(),
                expected: "[1, 3]".into()
            })
        );
        assert_eq!(assertion_sides("boom"), None);
    }

    #[test]
    fn compile_fail_needs_every_expected_error() {
        let errors = [CompilerError {
            code: Some("E0277".into()),
            rendered: "error[E0277]: `MyRc<i32>` cannot be sent between threads safely\n  = help: the trait `Send` is not implemented".into(),
        }];
        let expect = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            judge_compile_fail(&expect(&["E0277", "Send"]), &errors).status,
            Status::Pass
        );
        assert_eq!(
            judge_compile_fail(&expect(&["E0599"]), &errors).status,
            Status::Fail
        );
        assert_eq!(
            judge_compile_fail(&expect(&["E0277"]), &[]).status,
            Status::Fail
        );
    }
}
