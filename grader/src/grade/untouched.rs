//! Exercises still exactly as their stub. Every hidden test of an untouched stub is `todo` (a
//! compile-fail case is blocked by the `todo` test it requires), so the pipeline reports them
//! "not started" without building anything: a fresh clone's first `cargo grade` builds no
//! hidden tests at all. `grader/tests/cli/grading.rs` proves the shortcut by grading the stubs
//! for real (`--build-untouched`) and comparing.

use std::collections::BTreeSet;
use std::path::Path;

use crate::author::stubs;
use crate::grade::manifest::{self, Exercise, Manifest, TestKind};
use crate::grade::outcome::{Outcome, Status, TestResult};
use crate::project::Project;

/// The `selected` exercises whose crate in `tree` holds exactly the files `cargo grade stubs`
/// generates from the solution (an exercise whose stub cannot be generated counts as touched).
pub(crate) fn find(
    project: &Project,
    manifest: &Manifest,
    selected: &[usize],
    tree: &Path,
) -> BTreeSet<usize> {
    selected
        .iter()
        .copied()
        .filter(|&index| {
            let exercise = &manifest.exercises[index];
            shortcut_applies(exercise) && is_untouched(project, exercise, tree)
        })
        .collect()
}

/// Whether every test of `exercise` has a known outcome on its stub: a compile-fail case with
/// no required test is built against the stub and could pass, so it needs a real grading.
fn shortcut_applies(exercise: &Exercise) -> bool {
    exercise.tests.iter().all(|test| match &test.kind {
        TestKind::Run => true,
        TestKind::CompileFail { requires, .. } => !requires.is_empty(),
    })
}

fn is_untouched(project: &Project, exercise: &Exercise, tree: &Path) -> bool {
    let Some(stem) = manifest::exercise_stem(&exercise.name) else {
        return false;
    };
    let solution = project.solutions_dir().join(&exercise.name);
    let Ok(expected) = stubs::generate(&solution, stem) else {
        return false;
    };
    stubs::drift(&tree.join(&exercise.name), &expected).is_ok_and(|drift| drift.is_empty())
}

/// The result of each test of an untouched `exercise`, in manifest order: `todo` for a runtime
/// test, blocked by its first required test for a compile-fail case (as grading the stub finds).
pub(crate) fn results(exercise: &Exercise) -> Vec<TestResult> {
    exercise
        .tests
        .iter()
        .map(|test| {
            let outcome = match &test.kind {
                TestKind::Run => Outcome::Todo { location: None },
                TestKind::CompileFail { requires, .. } => Outcome::Blocked {
                    required: requires[0].clone(),
                    required_status: Status::Todo,
                },
            };
            TestResult::without_process(outcome)
        })
        .collect()
}
