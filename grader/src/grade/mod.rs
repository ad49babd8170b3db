//! The grading pipeline, its stages in the order data flows through them:
//!
//! 1. [`manifest`] reads and validates `manifest.toml` and the hidden tests it names;
//! 2. [`harness`] writes the generated workspace of hidden-test crates under `target/grader/`;
//! 3. [`build`] builds it with cargo and reads its JSON messages (test executables, compiler
//!    errors);
//! 4. [`run`] lists each executable's tests and runs each test in its own process, inside the
//!    [`sandbox`];
//! 5. [`compile_fail`] judges each compile-fail case from its own build;
//! 6. [`score`] turns results into points and a [`Report`].
//!
//! Beside the stages: [`outcome`] holds the values that flow between them, [`cache`] keeps what
//! a warm run need not redo, and [`integrity`] scans each graded crate's source for what its
//! exercise does not need. [`grade`] below runs the stages top to bottom; [`session`] is what a
//! command grades with: which tree, which hidden tests, the quiz merged into the report.

// Stage 1.
pub(crate) mod manifest;
// Stage 2.
pub(crate) mod harness;
// Stage 3, with what the compiler says about the learner's crate (checked before anything
// of it runs).
pub(crate) mod build;
pub(crate) mod compiler_findings;
pub(crate) mod constructors;
pub(crate) mod rustc_wrapper;
// Stage 4.
pub(crate) mod run;
pub(crate) mod sandbox;
// Stage 5.
pub(crate) mod compile_fail;
// Stage 6.
pub(crate) mod score;

pub(crate) mod cache;
pub(crate) mod integrity;
pub(crate) mod outcome;
pub(crate) mod session;
pub(crate) mod untouched;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result};

use crate::project::Project;
use build::BuildOutcome;
use cache::Cache;
use harness::Harness;
use integrity::Kind;
use manifest::{Manifest, TestKind};
use outcome::{ExerciseIndex, Outcome, Problem, Report, Status, TestIndex, TestKey, TestResult};
use run::Job;
use sandbox::Sandbox;

/// How to run the graded tests.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Settings {
    /// Test processes at once.
    pub(crate) jobs: usize,
    /// `--stress`: hidden tests replay longer programs and collectors collect on every
    /// allocation; every timeout is ten times as long.
    pub(crate) stress: bool,
    /// Reuse, and keep, the passes and todos of unchanged test executables (see
    /// [`crate::grade::cache`]); off when grading a submission or a teacher's hidden tests.
    pub(crate) keep_results: bool,
    /// Report an exercise still exactly as its stub "not started" without building it (see
    /// [`untouched`]); off for a teacher's hidden tests and under `--build-untouched`.
    pub(crate) skip_untouched: bool,
    /// `--build-timeout`: the wall-clock limit of each cargo build of the graded crates and
    /// hidden tests (the grader's own dependencies are built before, without it).
    pub(crate) build_timeout: Duration,
}

/// How far grading has come, for a progress line. The pipeline says what happens; whoever
/// listens decides what a person sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Progress {
    /// The hidden tests of `total` exercises are being built; `built` of them are.
    Building { built: usize, total: usize },
    /// `done` of `total` tests have finished.
    Running { done: usize, total: usize },
    /// Grading is over (a progress line can be cleared).
    Finished,
}

/// Exercises that have no test results of their own, and why.
type Problems = BTreeMap<ExerciseIndex, Problem>;

/// Every test result so far.
type Results = BTreeMap<TestKey, TestResult>;

/// Grades the `selected` exercises (manifest indices) of the crates in `tree`.
///
/// `on_progress` is told as the hidden tests build and as tests finish, for a progress line.
pub(crate) fn grade(
    project: &Project,
    manifest: &Manifest,
    selected: &[usize],
    tree: &Path,
    settings: Settings,
    on_progress: &(dyn Fn(Progress) + Sync),
) -> Result<Report> {
    let untouched = if settings.skip_untouched {
        untouched::find(project, manifest, selected, tree)
    } else {
        Default::default()
    };
    let to_build: Vec<usize> = selected
        .iter()
        .copied()
        .filter(|index| !untouched.contains(index))
        .collect();
    if to_build.is_empty() {
        on_progress(Progress::Finished);
        return Ok(not_started(project, manifest, selected, tree));
    }
    let (harness, unbuildable) = harness::prepare(project, manifest, &to_build, tree)?;
    let total = harness.crates.len();
    on_progress(Progress::Building { built: 0, total });
    let policy = rustc_wrapper::Policy::new(manifest, &harness);
    let mut built = build::build_tests(
        &harness,
        &policy,
        settings.build_timeout,
        &|built, total| {
            on_progress(Progress::Building { built, total });
        },
    )?;
    // Before any executable runs (listing its tests included): an exercise whose crate has code
    // outside `main` loses its executable here.
    let compiler = compiler_findings::check(manifest, &harness, &mut built);
    let mut cache = if settings.keep_results {
        Cache::open(&project.grader_target_dir(), tree)
    } else {
        Cache::off()
    };
    // Learner code runs only in the sandbox, from listing the tests on: it must neither change
    // what decides its grade nor read the hidden tests.
    let hidden_root = manifest
        .path
        .parent()
        .map_or_else(|| project.hidden_dir(), Path::to_path_buf);
    sandbox::protect_grader();
    let sandbox = sandbox::probe(
        &project.grader_target_dir(),
        private_folders(project, hidden_root),
    );
    let run_dir = project
        .grader_target_dir()
        .join("runs")
        .join(format!("{}", std::process::id()));
    let problems = exercise_problems(
        manifest,
        &harness,
        unbuildable,
        &built,
        Listing {
            cache: &mut cache,
            sandbox: &sandbox,
            run_dir: &run_dir,
        },
    );
    let mut problems = match problems {
        Ok(problems) => problems,
        Err(err) => {
            let _ = fs::remove_dir_all(&run_dir);
            return Err(err);
        }
    };
    problems.extend(compiler.refused);
    let results = run_tests(
        manifest,
        &harness,
        &built,
        &problems,
        Runner {
            settings,
            cache: &mut cache,
            sandbox: &sandbox,
            run_dir: &run_dir,
            on_progress,
        },
    );
    let results = results.and_then(|mut results| {
        judge_compile_fail_cases(
            manifest,
            Builder {
                harness: &harness,
                policy: &policy,
                timeout: settings.build_timeout,
            },
            &built,
            &problems,
            &mut cache,
            &mut results,
        )?;
        Ok(results)
    });
    cache.save();
    on_progress(Progress::Finished);
    let mut results = results?;
    add_untouched(&mut results, manifest, untouched.iter().copied());
    let mut report = score_selected(
        manifest,
        selected,
        results,
        problems,
        project.relative(tree),
    );
    scan_integrity(&mut report, manifest, selected, tree);
    add_compiler_findings(&mut report, manifest, compiler.findings);
    report.sandbox = Some(sandbox.describe());
    point_at_the_submission(&mut report, manifest, &harness);
    shorten_paths(&mut report, project);
    Ok(report)
}

/// The report of `selected` exercises that are all untouched stubs: nothing built, nothing run,
/// no sandbox to describe.
fn not_started(project: &Project, manifest: &Manifest, selected: &[usize], tree: &Path) -> Report {
    let mut results = Results::new();
    add_untouched(&mut results, manifest, selected.iter().copied());
    let mut report = score_selected(
        manifest,
        selected,
        results,
        Problems::new(),
        project.relative(tree),
    );
    scan_integrity(&mut report, manifest, selected, tree);
    report
}

/// The results of the untouched exercises `indices`, as grading their stubs finds them.
fn add_untouched(results: &mut Results, manifest: &Manifest, indices: impl Iterator<Item = usize>) {
    for index in indices {
        let exercise = &manifest.exercises[index];
        for (test, result) in untouched::results(exercise).into_iter().enumerate() {
            let key = TestKey {
                exercise: ExerciseIndex(index),
                test: TestIndex(test),
            };
            results.insert(key, result);
        }
    }
}

/// Exercises that cannot be graded test by test: setup failures, compile errors, a test
/// binary that does not hold the tests the manifest lists.
fn exercise_problems(
    manifest: &Manifest,
    harness: &Harness,
    unbuildable: Vec<(usize, String)>,
    built: &BuildOutcome,
    listing: Listing<'_>,
) -> Result<Problems> {
    let Listing {
        cache,
        sandbox,
        run_dir,
    } = listing;
    let mut problems: Problems = unbuildable
        .into_iter()
        .map(|(index, reason)| (ExerciseIndex(index), Problem::Setup(reason)))
        .collect();
    for (crate_index, errors) in &built.errors {
        problems.insert(
            ExerciseIndex(harness.crates[*crate_index].exercise),
            Problem::CompileErrors(errors.clone()),
        );
    }
    for (crate_index, &limit) in &built.timed_out {
        problems.insert(
            ExerciseIndex(harness.crates[*crate_index].exercise),
            Problem::BuildTimedOut { limit },
        );
    }
    for (crate_index, executable) in &built.executables {
        let exercise_index = harness.crates[*crate_index].exercise;
        let listed = match cache.listed(executable) {
            Some(listed) => listed,
            None => {
                let list_dir = run_dir.join(format!("list-{crate_index}"));
                let listed = run::list_tests(executable, &list_dir, sandbox)?;
                cache.set_listed(executable, &listed);
                listed
            }
        };
        let missing: Vec<String> = manifest.exercises[exercise_index]
            .tests
            .iter()
            .filter(|t| matches!(t.kind, TestKind::Run) && !listed.contains(&t.name))
            .map(|t| t.name.clone())
            .collect();
        if !missing.is_empty() {
            problems.insert(
                ExerciseIndex(exercise_index),
                Problem::MissingTests(missing),
            );
        }
    }
    Ok(problems)
}

/// Runs the runtime tests of every exercise without a problem, all at once so the slow ones
/// overlap.
fn run_tests(
    manifest: &Manifest,
    harness: &Harness,
    built: &BuildOutcome,
    problems: &Problems,
    runner: Runner<'_>,
) -> Result<Results> {
    let Runner {
        settings,
        cache,
        sandbox,
        run_dir,
        on_progress,
    } = runner;
    let mut jobs = Vec::new();
    let mut keys = Vec::new();
    for (crate_index, executable) in &built.executables {
        let harness_crate = &harness.crates[*crate_index];
        let exercise = ExerciseIndex(harness_crate.exercise);
        if problems.contains_key(&exercise) {
            continue;
        }
        for (test_index, test) in manifest.exercises[exercise.0].tests.iter().enumerate() {
            if !matches!(test.kind, TestKind::Run) {
                continue;
            }
            let mut limits = test.limits;
            if settings.stress {
                limits.timeout *= 10;
            }
            jobs.push(Job {
                executable: executable.clone(),
                test: test.name.clone(),
                limits,
                stress: settings.stress,
            });
            keys.push(TestKey {
                exercise,
                test: TestIndex(test_index),
            });
        }
    }
    let runs = run_unless_kept(&jobs, settings, run_dir, cache, sandbox, on_progress);
    // Records of a finished run are of no further use; a failure to tidy up is not an error.
    let _ = fs::remove_dir_all(run_dir);
    Ok(keys.into_iter().zip(runs?).collect())
}

/// How the tests of each executable are listed: the warm-run cache, and the sandbox with a
/// folder for its result folders.
struct Listing<'a> {
    cache: &'a mut Cache,
    sandbox: &'a Sandbox,
    run_dir: &'a Path,
}

/// The folders no test may read: the hidden tests, every generated harness (its manifests name
/// the hidden tests' files), every private copy of a submission, and the reference solutions.
fn private_folders(project: &Project, hidden_root: std::path::PathBuf) -> Vec<std::path::PathBuf> {
    let grader_dir = project.grader_target_dir();
    let mut folders = vec![
        hidden_root,
        project.hidden_dir(),
        project.root().join("solutions"),
    ];
    if let Ok(entries) = fs::read_dir(&grader_dir) {
        folders.extend(entries.flatten().map(|entry| entry.path()).filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with("harness-") || name.starts_with("sources-"))
        }));
    }
    folders
}

/// How tests run: the settings, the warm-run cache, the sandbox, and whom to tell as they
/// finish.
struct Runner<'a> {
    settings: Settings,
    cache: &'a mut Cache,
    sandbox: &'a Sandbox,
    /// This run's result folders (removed when the tests are over).
    run_dir: &'a Path,
    on_progress: &'a (dyn Fn(Progress) + Sync),
}

/// Runs the `jobs` whose outcome the cache does not hold, and keeps what is worth keeping;
/// results come back in the order of `jobs`.
fn run_unless_kept(
    jobs: &[Job],
    settings: Settings,
    run_dir: &Path,
    cache: &mut Cache,
    sandbox: &Sandbox,
    on_progress: &(dyn Fn(Progress) + Sync),
) -> Result<Vec<TestResult>> {
    let mut results: Vec<Option<TestResult>> = jobs
        .iter()
        .map(|job| cache.run(&job.executable, &job.test, &job.limits, job.stress))
        .collect();
    let (to_run, indices): (Vec<Job>, Vec<usize>) = jobs
        .iter()
        .enumerate()
        .filter(|(index, _)| results[*index].is_none())
        .map(|(index, job)| (job.clone(), index))
        .unzip();
    let kept = jobs.len() - to_run.len();
    let progress = |done: usize, _total: usize| {
        on_progress(Progress::Running {
            done: kept + done,
            total: jobs.len(),
        });
    };
    let fresh = run::run_all(&to_run, settings.jobs, run_dir, sandbox, &progress)?;
    for ((job, index), result) in to_run.iter().zip(indices).zip(fresh) {
        cache.set_run(&job.executable, &job.test, &job.limits, job.stress, &result);
        results[index] = Some(result);
    }
    Ok(results
        .into_iter()
        .map(|result| result.expect("every job ran or was kept"))
        .collect())
}

/// What builds more of a harness: the harness, the compiler's policy for its graded crates, and
/// the build time limit.
struct Builder<'a> {
    harness: &'a Harness,
    policy: &'a rustc_wrapper::Policy,
    timeout: Duration,
}

/// Builds the compile-fail cases whose required tests passed and judges each from its own
/// build; the others are [`Outcome::Blocked`].
fn judge_compile_fail_cases(
    manifest: &Manifest,
    builder: Builder<'_>,
    built: &BuildOutcome,
    problems: &Problems,
    cache: &mut Cache,
    results: &mut Results,
) -> Result<()> {
    let Builder {
        harness,
        policy,
        timeout: build_timeout,
    } = builder;
    let mut examples = Vec::new();
    let mut cases = BTreeMap::new();
    for (crate_index, harness_crate) in harness.crates.iter().enumerate() {
        let exercise = ExerciseIndex(harness_crate.exercise);
        if problems.contains_key(&exercise) {
            continue;
        }
        for (test_name, example) in &harness_crate.compile_fail {
            let tests = &manifest.exercises[exercise.0].tests;
            let test = TestIndex(
                tests
                    .iter()
                    .position(|t| &t.name == test_name)
                    .expect("compile-fail tests come from the manifest"),
            );
            let key = TestKey { exercise, test };
            let TestKind::CompileFail {
                case,
                requires,
                expect,
            } = &tests[test.0].kind
            else {
                continue;
            };
            if let Some(blocked) = blocked_by(manifest, key, requires, results) {
                results.insert(key, TestResult::without_process(blocked));
                continue;
            }
            // A warm run: the same build of the graded crate rejected the same case before.
            let executable = built.executables.get(&crate_index);
            let cache_key = executable.and(Cache::case_key(example, case, expect));
            if let (Some(executable), Some(cache_key)) = (executable, &cache_key)
                && cache.case_rejected(executable, cache_key)
            {
                results.insert(key, TestResult::without_process(Outcome::Pass));
                continue;
            }
            examples.push((crate_index, example.clone()));
            cases.insert(example.clone(), (key, expect, crate_index, cache_key));
        }
    }
    for (example, build) in build::compile_examples(harness, policy, &examples, build_timeout)? {
        let (key, expect, crate_index, cache_key) = &cases[&example];
        let outcome = compile_fail::judge(expect, build);
        if outcome == Outcome::Pass
            && let (Some(executable), Some(cache_key)) =
                (built.executables.get(crate_index), cache_key)
        {
            cache.set_case_rejected(executable, cache_key);
        }
        results.insert(*key, TestResult::without_process(outcome));
    }
    Ok(())
}

/// The first test of `requires` that did not pass, as the outcome of the case it blocks.
fn blocked_by(
    manifest: &Manifest,
    case: TestKey,
    requires: &[String],
    results: &Results,
) -> Option<Outcome> {
    let tests = &manifest.exercises[case.exercise.0].tests;
    requires.iter().find_map(|required| {
        let index = tests.iter().position(|t| &t.name == required)?;
        let key = TestKey {
            exercise: case.exercise,
            test: TestIndex(index),
        };
        let status = results.get(&key)?.outcome.status();
        (status != Status::Pass).then(|| Outcome::Blocked {
            required: required.clone(),
            required_status: status,
        })
    })
}

/// Scores the `selected` exercises in that order.
fn score_selected(
    manifest: &Manifest,
    selected: &[usize],
    mut results: Results,
    mut problems: Problems,
    tree: String,
) -> Report {
    let exercises = selected
        .iter()
        .map(|&index| {
            let exercise = ExerciseIndex(index);
            let spec = &manifest.exercises[index];
            let exercise_results = (0..spec.tests.len())
                .map(|test| {
                    results
                        .remove(&TestKey {
                            exercise,
                            test: TestIndex(test),
                        })
                        .unwrap_or_else(|| TestResult::without_process(Outcome::NotRun))
                })
                .collect();
            score::score_exercise(spec, exercise_results, problems.remove(&exercise))
        })
        .collect();
    score::total(tree, exercises)
}

/// The integrity section: what each crate's source holds that its exercise does not need.
fn scan_integrity(report: &mut Report, manifest: &Manifest, selected: &[usize], tree: &Path) {
    for (exercise, &index) in report.exercises.iter_mut().zip(selected) {
        let spec = &manifest.exercises[index];
        exercise.integrity = integrity::scan(tree, &spec.name, &spec.integrity_allows);
    }
}

/// Adds what the compiler found to each exercise's integrity section: the places the token scan
/// already names with the same kind are not listed twice; sorted by file and line as the scan's.
fn add_compiler_findings(
    report: &mut Report,
    manifest: &Manifest,
    findings: BTreeMap<ExerciseIndex, Vec<integrity::Finding>>,
) {
    for (exercise, found) in findings {
        let name = &manifest.exercises[exercise.0].name;
        let Some(exercise) = report.exercises.iter_mut().find(|e| &e.name == name) else {
            continue;
        };
        for finding in found {
            let listed = exercise.integrity.iter().any(|f| {
                (&f.file, f.line, f.kind, &f.item)
                    == (&finding.file, finding.line, finding.kind, &finding.item)
                    || (f.kind == Kind::Unsafe
                        && finding.kind == Kind::Unsafe
                        && (&f.file, f.line) == (&finding.file, finding.line))
            });
            if !listed {
                exercise.integrity.push(finding);
            }
        }
        exercise
            .integrity
            .sort_by(|a, b| (&a.file, a.line, a.kind).cmp(&(&b.file, b.line, b.kind)));
    }
}

/// A submission is compiled from private copies: its report lists the files that were not used,
/// and names the submitted files, not the copies, in compiler errors and panic locations.
fn point_at_the_submission(report: &mut Report, manifest: &Manifest, harness: &Harness) {
    let mut copies = Vec::new();
    for harness_crate in &harness.crates {
        if harness_crate.graded_dir == harness_crate.source_dir {
            continue;
        }
        let name = &manifest.exercises[harness_crate.exercise].name;
        if let Some(exercise) = report.exercises.iter_mut().find(|e| &e.name == name) {
            exercise.ignored_files = harness_crate.ignored_files.clone();
        }
        copies.push((
            format!("{}/", harness_crate.graded_dir.display()),
            format!("{}/", harness_crate.source_dir.display()),
        ));
    }
    report.edit_texts(&|text: &mut String| {
        for (copy, source) in &copies {
            if text.contains(copy) {
                *text = text.replace(copy, source);
            }
        }
    });
}

/// Paths inside the checkout are shown relative to it: shorter, and the same on every machine.
fn shorten_paths(report: &mut Report, project: &Project) {
    let root = format!("{}/", project.root().display());
    report.edit_texts(&|text: &mut String| {
        if text.contains(&root) {
            *text = text.replace(&root, "");
        }
    });
}

/// Checks that `tree` exists before anything is built.
pub(crate) fn check_tree(tree: &Path) -> Result<()> {
    fs::read_dir(tree)
        .map(|_| ())
        .with_context(|| format!("cannot read the folder to grade, {}", tree.display()))
}
