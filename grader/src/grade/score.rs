//! Stage 5: count points. A test earns its points only when it passed; an exercise's status
//! follows from its tests' statuses; the run's totals from the exercises'.
//!
//! The values come from [`crate::grade::outcome`] and go to `report/`, which writes every sentence.

use crate::grade::manifest::Exercise;
use crate::grade::outcome::{
    ExerciseReport, ExerciseStatus, Failure, Mismatch, Outcome, Problem, Report, Sides, Status,
    TestReport, TestResult, WrongAnswer,
};
use crate::learner::quiz::answers::{self, Answers, Verdict};
use crate::learner::quiz::{self, Chapter, Kind};

/// Scores one exercise. `results` is parallel to `exercise.tests`; `problem` is set when the
/// exercise did not compile, and then every test is [`Outcome::NotCompiled`].
pub(crate) fn score_exercise(
    exercise: &Exercise,
    results: Vec<TestResult>,
    problem: Option<Problem>,
) -> ExerciseReport {
    let tests = exercise
        .tests
        .iter()
        .zip(results)
        .map(|(spec, result)| {
            let result = match problem {
                Some(_) => TestResult::without_process(Outcome::NotCompiled),
                None => result,
            };
            test_report(spec.name.clone(), spec.points, result, None)
        })
        .collect();
    let report = exercise_report(
        exercise.name.clone(),
        exercise.title.clone(),
        exercise.difficulty.to_string(),
        tests,
        problem,
    );
    debug_assert_eq!(report.max_score, exercise.max_score());
    report
}

/// Points for one test: all of them for a pass, none otherwise. Output is kept only for a test
/// that did not pass.
fn test_report(
    name: String,
    max_points: u32,
    result: TestResult,
    explanation: Option<String>,
) -> TestReport {
    let passed = result.outcome.status() == Status::Pass;
    TestReport {
        name,
        points: if passed { max_points } else { 0 },
        max_points,
        outcome: result.outcome,
        output: result.output.filter(|_| !passed),
        duration: result.duration,
        explanation,
    }
}

/// An exercise's score and status from its tests.
fn exercise_report(
    name: String,
    title: String,
    difficulty: String,
    tests: Vec<TestReport>,
    problem: Option<Problem>,
) -> ExerciseReport {
    let status = if problem.is_some() {
        ExerciseStatus::Error
    } else if tests.iter().all(|test| test.status() == Status::Pass) {
        ExerciseStatus::Pass
    } else if tests.iter().all(|test| test.status() == Status::Todo) {
        ExerciseStatus::Todo
    } else {
        ExerciseStatus::Fail
    };
    ExerciseReport {
        name,
        title,
        difficulty,
        status,
        score: tests.iter().map(|test| test.points).sum(),
        max_score: tests.iter().map(|test| test.max_points).sum(),
        problem,
        tests,
        ignored_files: Vec::new(),
        integrity: Vec::new(),
    }
}

/// The quiz as one more entry of the report, named `quiz`: one test per item of `chapters`,
/// named `chapter.id`, passed when right, failed when wrong, [`Outcome::Unanswered`] when not
/// answered or answered in the wrong format (which costs nothing); every item carries its
/// explanation.
pub(crate) fn score_quiz(chapters: &[&Chapter], answers: &Answers) -> ExerciseReport {
    let mut tests = Vec::new();
    for chapter in chapters {
        for item in &chapter.items {
            let judged = answers::judge(item, answers.get(&chapter.name, &item.id));
            let outcome = match judged.verdict {
                Verdict::Right => Outcome::Pass,
                Verdict::Wrong => Outcome::Fail(Failure::WrongAnswer(WrongAnswer {
                    why: judged.why_wrong.unwrap_or(Mismatch::Output),
                    line: answers.line(&chapter.name, &item.id).filter(|&l| l > 0),
                    sides: match &item.kind {
                        Kind::Output { expected, .. } => Some(Sides {
                            got: judged.given.clone(),
                            expected: expected.clone(),
                        }),
                        _ => None,
                    },
                })),
                Verdict::NotAnswered => Outcome::Unanswered {
                    format: judged.format,
                },
            };
            tests.push(test_report(
                quiz::item_key(&chapter.name, &item.id),
                item.points,
                TestResult::without_process(outcome),
                Some(item.explanation.trim().to_string()),
            ));
        }
    }
    quiz_entry(chapters, tests, None)
}

/// The quiz's entry when the answers could not be read: every item [`Outcome::NotCompiled`],
/// the reason as the problem (as an exercise that does not compile; the rest still grades).
pub(crate) fn quiz_error(chapters: &[&Chapter], reason: String) -> ExerciseReport {
    let tests = chapters
        .iter()
        .flat_map(|chapter| {
            chapter.items.iter().map(|item| {
                test_report(
                    quiz::item_key(&chapter.name, &item.id),
                    item.points,
                    TestResult::without_process(Outcome::NotCompiled),
                    None,
                )
            })
        })
        .collect();
    quiz_entry(chapters, tests, Some(Problem::AnswersUnreadable(reason)))
}

fn quiz_entry(
    chapters: &[&Chapter],
    tests: Vec<TestReport>,
    problem: Option<Problem>,
) -> ExerciseReport {
    let title = match chapters {
        [one] => format!("Quiz: {}", one.name),
        _ => format!("Quiz: {} chapters", chapters.len()),
    };
    exercise_report(
        quiz::REPORT_NAME.to_string(),
        title,
        "mixed".to_string(),
        tests,
        problem,
    )
}

/// Totals a run.
pub(crate) fn total(tree: String, exercises: Vec<ExerciseReport>) -> Report {
    let mut report = Report {
        tree,
        score: 0,
        max_score: 0,
        percent: 100.0,
        exercises,
        sandbox: None,
    };
    count_totals(&mut report);
    report
}

/// `report` with `entry` (the quiz) added last and its totals counted again; every other
/// report-level field, the sandbox included, is kept.
pub(crate) fn add_entry(mut report: Report, entry: ExerciseReport) -> Report {
    report.exercises.push(entry);
    count_totals(&mut report);
    report
}

/// Sets the report's score, maximum and percent from its exercises.
fn count_totals(report: &mut Report) {
    report.score = report.exercises.iter().map(|e| e.score).sum();
    report.max_score = report.exercises.iter().map(|e| e.max_score).sum();
    report.percent = if report.max_score == 0 {
        100.0
    } else {
        f64::from(report.score) * 100.0 / f64::from(report.max_score)
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::outcome::Location;

    fn test(outcome: Outcome) -> TestReport {
        test_report("t".into(), 2, TestResult::without_process(outcome), None)
    }

    #[test]
    fn only_a_pass_earns_points() {
        assert_eq!(test(Outcome::Pass).points, 2);
        assert_eq!(test(Outcome::Todo { location: None }).points, 0);
        assert_eq!(test(Outcome::NotRun).points, 0);
    }

    #[test]
    fn an_exercise_is_todo_only_when_every_test_is() {
        let todo = || {
            test(Outcome::Todo {
                location: Some(Location("src/lib.rs:1:1".into())),
            })
        };
        let status = |tests| {
            exercise_report(String::new(), String::new(), String::new(), tests, None).status
        };
        assert_eq!(status(vec![todo(), todo()]), ExerciseStatus::Todo);
        assert_eq!(
            status(vec![todo(), test(Outcome::Pass)]),
            ExerciseStatus::Fail
        );
        assert_eq!(status(vec![test(Outcome::Pass)]), ExerciseStatus::Pass);
        let blocked_by_todo = test(Outcome::Blocked {
            required: "r".into(),
            required_status: Status::Todo,
        });
        assert_eq!(status(vec![todo(), blocked_by_todo]), ExerciseStatus::Todo);
    }
}
