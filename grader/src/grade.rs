//! The pipeline, top to bottom: harness → build → list tests → run → compile-fail → score.
//!
//! The manifest has been read and validated before this runs; what comes out is a [`Report`]
//! that any output format can render.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use anyhow::{Context, Result};

use crate::build;
use crate::cache::Cache;
use crate::harness;
use crate::manifest::{Manifest, TestKind};
use crate::project::Project;
use crate::run::{self, Job};
use crate::score::{self, Outcome, Report, Status};

/// How to run the graded tests.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Settings {
    /// Test processes at once.
    pub(crate) jobs: usize,
    /// `--stress`: hidden tests replay longer programs and collectors collect on every
    /// allocation; every timeout is ten times as long.
    pub(crate) stress: bool,
}

/// Grades the `selected` exercises (manifest indices) of the crates in `tree`.
///
/// `on_progress(done, total)` is called as tests finish, for a progress line.
pub(crate) fn grade(
    project: &Project,
    manifest: &Manifest,
    selected: &[usize],
    tree: &Path,
    settings: Settings,
    on_progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Report> {
    let (harness, unbuildable) = harness::prepare(project, manifest, selected, tree)?;
    let built = build::build_tests(&harness)?;
    let mut cache = Cache::open(&project.grader_target_dir(), tree);

    // Exercise errors, by manifest index: setup failures, compile errors, a test binary that
    // does not hold the tests the manifest lists.
    let mut diagnostics: BTreeMap<usize, String> = unbuildable.into_iter().collect();
    for (crate_index, errors) in &built.errors {
        diagnostics.insert(harness.crates[*crate_index].exercise, errors.clone());
    }
    for (crate_index, executable) in &built.executables {
        let exercise = &manifest.exercises[harness.crates[*crate_index].exercise];
        let listed = match cache.listed(executable) {
            Some(listed) => listed,
            None => {
                let listed = run::list_tests(executable)?;
                cache.set_listed(executable, &listed);
                listed
            }
        };
        let missing: Vec<&str> = exercise
            .tests
            .iter()
            .filter(|t| matches!(t.kind, TestKind::Run) && !listed.contains(&t.name))
            .map(|t| t.name.as_str())
            .collect();
        if !missing.is_empty() {
            diagnostics.insert(
                harness.crates[*crate_index].exercise,
                format!(
                    "the hidden-test binary has no test named {} (is the manifest out of date?)",
                    missing.join(", ")
                ),
            );
        }
    }

    // Runtime tests, all exercises at once so the slow ones overlap.
    let mut jobs = Vec::new();
    let mut job_keys = Vec::new();
    for (crate_index, executable) in &built.executables {
        let harness_crate = &harness.crates[*crate_index];
        if diagnostics.contains_key(&harness_crate.exercise) {
            continue;
        }
        for (test_index, test) in manifest.exercises[harness_crate.exercise]
            .tests
            .iter()
            .enumerate()
        {
            if matches!(test.kind, TestKind::Run) {
                let mut limits = test.limits;
                if settings.stress {
                    limits.timeout *= 10;
                }
                jobs.push(Job {
                    executable: executable.clone(),
                    crate_dir: harness_crate.dir.clone(),
                    test: test.name.clone(),
                    limits,
                    stress: settings.stress,
                });
                job_keys.push((harness_crate.exercise, test_index));
            }
        }
    }
    let run_dir = project
        .grader_target_dir()
        .join("runs")
        .join(format!("{}", std::process::id()));
    let runs = run_unless_kept(&jobs, settings, &run_dir, &mut cache, on_progress);
    cache.save();
    // Records of a finished run are of no further use; a failure to tidy up is not an error.
    let _ = fs::remove_dir_all(&run_dir);
    let mut outcomes: BTreeMap<(usize, usize), Outcome> = BTreeMap::new();
    for (key, run) in job_keys.into_iter().zip(runs?) {
        outcomes.insert(
            key,
            Outcome {
                status: run.status,
                message: run.message,
                output: Some(run.output),
                duration_ms: run.duration.as_millis() as u64,
            },
        );
    }

    // Compile-fail cases, only where the tests they require passed.
    let mut examples = Vec::new();
    let mut example_keys = BTreeMap::new();
    for (crate_index, harness_crate) in harness.crates.iter().enumerate() {
        let exercise_index = harness_crate.exercise;
        if diagnostics.contains_key(&exercise_index) {
            continue;
        }
        let exercise = &manifest.exercises[exercise_index];
        for (test_name, example) in &harness_crate.compile_fail {
            let test_index = exercise
                .tests
                .iter()
                .position(|t| &t.name == test_name)
                .expect("compile-fail tests come from the manifest");
            let TestKind::CompileFail { requires, .. } = &exercise.tests[test_index].kind else {
                continue;
            };
            let blocked = requires.iter().find_map(|required| {
                let required_index = exercise.tests.iter().position(|t| &t.name == required)?;
                let status = outcomes.get(&(exercise_index, required_index))?.status;
                (status != Status::Pass).then(|| (required.clone(), status))
            });
            match blocked {
                Some((required, status)) => {
                    let outcome_status = if status == Status::Todo {
                        Status::Todo
                    } else {
                        Status::Fail
                    };
                    outcomes.insert(
                        (exercise_index, test_index),
                        Outcome::new(
                            outcome_status,
                            Some(format!(
                                "graded once `{required}` passes (it is `{}`): a guarantee of a type that does not work yet is worth nothing",
                                status.as_str()
                            )),
                        ),
                    );
                }
                None => {
                    examples.push((crate_index, example.clone()));
                    example_keys.insert(example.clone(), (exercise_index, test_index));
                }
            }
        }
    }
    let compiled = build::compile_examples(&harness, &examples)?;
    for (example, errors) in compiled {
        let key = example_keys[&example];
        let TestKind::CompileFail { expect, .. } = &manifest.exercises[key.0].tests[key.1].kind
        else {
            continue;
        };
        outcomes.insert(key, score::judge_compile_fail(expect, &errors));
    }

    let exercises = selected
        .iter()
        .map(|&index| {
            let exercise = &manifest.exercises[index];
            let exercise_outcomes = (0..exercise.tests.len())
                .map(|test_index| {
                    outcomes.remove(&(index, test_index)).unwrap_or_else(|| {
                        Outcome::new(Status::Error, Some("the test did not run".to_string()))
                    })
                })
                .collect();
            score::score_exercise(exercise, exercise_outcomes, diagnostics.remove(&index))
        })
        .collect();
    let mut report = score::total(project.relative(tree), exercises);
    shorten_paths(&mut report, project);
    Ok(report)
}

/// Runs the `jobs` whose outcome the cache does not hold, and keeps what is worth keeping;
/// results come back in the order of `jobs`.
fn run_unless_kept(
    jobs: &[Job],
    settings: Settings,
    run_dir: &Path,
    cache: &mut Cache,
    on_progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<run::TestRun>> {
    let mut runs: Vec<Option<run::TestRun>> = jobs
        .iter()
        .map(|job| cache.run(&job.executable, &job.test, &job.limits, job.stress))
        .collect();
    let (to_run, indices): (Vec<Job>, Vec<usize>) = jobs
        .iter()
        .enumerate()
        .filter(|(index, _)| runs[*index].is_none())
        .map(|(index, job)| (job.clone(), index))
        .unzip();
    let kept = jobs.len() - to_run.len();
    let progress = |done: usize, _total: usize| on_progress(kept + done, jobs.len());
    let fresh = run::run_all(&to_run, settings.jobs, run_dir, &progress)?;
    for ((job, index), run) in to_run.iter().zip(indices).zip(fresh) {
        cache.set_run(&job.executable, &job.test, &job.limits, job.stress, &run);
        runs[index] = Some(run);
    }
    Ok(runs
        .into_iter()
        .map(|run| run.expect("every job ran or was kept"))
        .collect())
}

/// Paths inside the checkout are shown relative to it: shorter, and the same on every machine.
fn shorten_paths(report: &mut Report, project: &Project) {
    let root = format!("{}/", project.root().display());
    let shorten = |text: &mut String| {
        if text.contains(&root) {
            *text = text.replace(&root, "");
        }
    };
    for exercise in &mut report.exercises {
        if let Some(diagnostics) = &mut exercise.diagnostics {
            shorten(diagnostics);
        }
        for test in &mut exercise.tests {
            if let Some(message) = &mut test.message {
                shorten(message);
            }
            if let Some(output) = &mut test.output {
                shorten(output);
            }
        }
    }
}

/// Checks that `tree` exists before anything is built.
pub(crate) fn check_tree(tree: &Path) -> Result<()> {
    fs::read_dir(tree)
        .map(|_| ())
        .with_context(|| format!("cannot read the folder to grade, {}", tree.display()))
}
