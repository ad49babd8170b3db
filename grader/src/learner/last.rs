//! What the last grading of the learner's `exercises/` found, test by test, so that
//! `cargo grade hint NAME` can start from the hint of the first test that did not pass. Kept in
//! `target/grader/last-results.json`: one entry per exercise, replaced whenever that exercise is
//! graded again. A file that cannot be read or written only means hints start from the first.

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::files;
use crate::grade::outcome::{Report, Status};
use crate::project::Project;

/// Per exercise, each test's name and whether it passed, in manifest order.
#[derive(Debug, Default, Serialize, Deserialize)]
struct LastResults {
    exercises: BTreeMap<String, Vec<(String, bool)>>,
}

fn path(project: &Project) -> PathBuf {
    project.grader_target_dir().join("last-results.json")
}

fn read(project: &Project) -> LastResults {
    fs::read(path(project))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// Keeps what `report` found for each of its exercises (the quiz aside).
pub(crate) fn keep(project: &Project, report: &Report) {
    let mut last = read(project);
    for exercise in &report.exercises {
        let tests = exercise
            .tests
            .iter()
            .map(|test| (test.name.clone(), test.status() == Status::Pass))
            .collect();
        last.exercises.insert(exercise.name.clone(), tests);
    }
    if let Ok(text) = serde_json::to_string(&last) {
        let _ = files::write_if_changed(&path(project), &text);
    }
}

/// The first test of `exercise` that did not pass when it was last graded (`None` when it
/// passed, or was never graded here).
pub(crate) fn first_failing(project: &Project, exercise: &str) -> Option<String> {
    read(project)
        .exercises
        .remove(exercise)?
        .into_iter()
        .find(|(_, passed)| !passed)
        .map(|(test, _)| test)
}
