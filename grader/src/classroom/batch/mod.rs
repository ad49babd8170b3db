//! A class at once: `cargo grade batch CLASS_DIR` grades one folder per student and writes a
//! gradebook.
//!
//! It works above [`grade::grade`], which grades one tree of exercise crates. Students who hand
//! in the same crate (the untouched stub, the same copied solution) are graded once:
//!
//! 1. **Read** every student's folder: a whole student repository (`exercises/NN-name/` inside)
//!    or the exercise folders themselves. Of each selected exercise only `src/` is taken (the
//!    grader compiles it with its own `exercises/NN-name/Cargo.toml`). A folder that cannot be
//!    read, or holds no exercise, is that student's error row.
//! 2. **Group** the crates of each exercise by their exact bytes (every file of `src/`, by
//!    relative path): each distinct crate is a *variant*.
//! 3. **Reuse** what an earlier run kept: a variant's result is kept in
//!    `target/grader/batch/results/NN-name/KEY.json`, where the key covers the crate's content,
//!    the exercise's hidden tests, compile-fail cases and limits, `grader-support` and `refgc`,
//!    the grader's executable, `--stress` and the replay seed. The record holds the crate's
//!    files, compared byte for byte on reuse, so no hash collision can hand one student another's
//!    result. A rerun after an interruption grades only what is missing.
//! 4. **Grade** the rest in *virtual trees* `target/grader/batch/trees/tree-N`: tree N holds,
//!    for each exercise, its N-th variant still to grade. Each tree is one [`grade::grade`] (one
//!    harness workspace, all building into cargo's one target dir, tests run `--jobs` at once),
//!    and its results are kept as soon as it is done.
//! 5. **Map** results back to the students, in sorted order, into a [`Gradebook`].
//!
//! A crate that fails does not fail the class: compile errors, timeouts, crashes are outcomes of
//! that exercise; a tree whose grading fails as a whole is graded again one exercise at a time,
//! and an exercise that still fails is an error for the students who handed it in. A tree's
//! build has a time limit (`--build-timeout`): a crate whose build never ends is stopped there
//! and is that exercise's "build timed out"; when more than one crate of a tree was stopped,
//! each is built again alone, so a crate held up behind another's endless build gets its own
//! chance. A timed-out result is not kept: the next run builds that crate again.

mod csv;
pub(crate) mod gradebook;

use std::collections::BTreeMap;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use crate::files::hash::{Fingerprint, grader_stamp};
use crate::files::walk;
use crate::files::{Leave, crate_files, write_bytes_if_changed};
use crate::grade::manifest::{Manifest, TESTS_FILE, TestKind};
use crate::grade::outcome::{Outcome, Problem, TestResult};
use crate::grade::score;
use crate::grade::{self, Settings};
use crate::project::Project;
use gradebook::{Column, ExerciseResult, Gradebook, StudentRow};

/// The folder of a student repository that holds the exercise folders.
const EXERCISES_DIR: &str = "exercises";

/// A submitted crate's `src/` larger than this is not graded (an error for that exercise): the
/// limit the harness puts on any submission's copy.
const MAX_CRATE_BYTES: u64 = crate::grade::harness::MAX_SOURCE_BYTES;

/// Bumped when the kept records change shape or meaning (2: results carry their findings).
const RECORD_FORMAT: u32 = 2;

/// `--shard K/N`: the students whose position in the sorted list is `K-1` modulo `N`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Shard {
    /// `K`, from 1.
    pub(crate) index: usize,
    /// `N`.
    pub(crate) count: usize,
}

impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let usage = || format!("{text:?} is not K/N (for example 2/4: the second of four shards)");
        let (k, n) = text.split_once('/').ok_or_else(usage)?;
        let index: usize = k.trim().parse().map_err(|_| usage())?;
        let count: usize = n.trim().parse().map_err(|_| usage())?;
        if count == 0 || index == 0 || index > count {
            return Err(format!(
                "{text:?}: K must be from 1 to N and N at least 1 (got K={index}, N={count})"
            ));
        }
        Ok(Self { index, count })
    }
}

impl Shard {
    /// Whether the student at `position` (from 0) of the sorted list is in this shard.
    fn holds(self, position: usize) -> bool {
        position % self.count == self.index - 1
    }
}

/// What to grade and how.
#[derive(Debug)]
pub(crate) struct Batch<'a> {
    /// One folder per student.
    pub(crate) class_dir: &'a Path,
    /// Students expected (one name a line); a name without a folder is an error row.
    pub(crate) roster: Option<&'a Path>,
    pub(crate) shard: Option<Shard>,
    /// Test processes at once, stress mode (kept results are never used in place of a run:
    /// `keep_results` is ignored).
    pub(crate) settings: Settings,
}

/// How much work a batch did.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Stats {
    /// Students in this run (this shard).
    pub(crate) students: usize,
    /// Distinct crates across the class, all exercises together.
    pub(crate) distinct_crates: usize,
    /// Of those, graded in this run.
    pub(crate) graded: usize,
    /// Of those, taken from an earlier run.
    pub(crate) reused: usize,
    /// Virtual trees graded.
    pub(crate) trees: usize,
}

/// Grades the class and returns its gradebook and what it cost.
///
/// The phases: read every student's crates; find the distinct crates of each exercise; take
/// those an earlier run graded from its records; grade the rest, one virtual tree per round
/// (round `k` holds the `k`-th ungraded crate of each exercise); fill in the gradebook.
pub(crate) fn run(
    project: &Project,
    manifest: &Manifest,
    selected: &[usize],
    batch: &Batch<'_>,
) -> Result<(Gradebook, Stats)> {
    let submissions = read_class(batch, manifest, selected)?;
    let variants = distinct_crates(&submissions, selected.len());
    let base = project.grader_target_dir().join("batch");
    let _lock = Lock::acquire(&base.join("lock"))?;
    let keys = RecordKeys::new(project, manifest, selected, batch.settings.stress)?;
    let mut stats = Stats {
        students: submissions.len(),
        ..Stats::default()
    };
    let (mut results, to_grade) = take_kept(&keys, &base, &variants, &mut stats);
    let tree_count = to_grade.iter().map(Vec::len).max().unwrap_or(0);
    eprintln!(
        "batch: {} students, {} distinct crates ({} kept from an earlier run), {tree_count} trees to grade",
        stats.students, stats.distinct_crates, stats.reused
    );
    let rounds = Rounds {
        project,
        manifest,
        selected,
        base: &base,
        keys: &keys,
        settings: batch.settings,
    };
    for round in 0..tree_count {
        rounds.grade(round, tree_count, &to_grade, &mut results, &mut stats)?;
    }
    let book = gradebook(manifest, selected, submissions, &results, &variants);
    Ok((book, stats))
}

/// Each student of the class (of this shard), with what they handed in for each selected
/// exercise, or why nothing of theirs can be graded.
type Submissions = Vec<(String, Result<Vec<Source>, String>)>;

/// For each selected exercise, the distinct crates and their ids (in the order first met).
type Variants = Vec<BTreeMap<Files, usize>>;

/// For each selected exercise, the result of each distinct crate, by id.
type Results = Vec<BTreeMap<usize, ExerciseResult>>;

/// For each selected exercise, the distinct crates still to grade, with their ids.
type ToGrade<'a> = Vec<Vec<(usize, &'a Files)>>;

/// The students of the class (of this shard) and their crates, read.
fn read_class(batch: &Batch<'_>, manifest: &Manifest, selected: &[usize]) -> Result<Submissions> {
    let mut students = list_students(batch.class_dir, batch.roster)?;
    if let Some(shard) = batch.shard {
        students = students
            .into_iter()
            .enumerate()
            .filter(|(position, _)| shard.holds(*position))
            .map(|(_, name)| name)
            .collect();
    }
    Ok(students
        .into_iter()
        .map(|name| {
            let read = read_student(batch.class_dir, &name, manifest, selected);
            (name, read)
        })
        .collect())
}

/// The distinct crates of each of `exercises` exercises (position in `selected`).
fn distinct_crates(submissions: &Submissions, exercises: usize) -> Variants {
    let mut variants: Variants = vec![BTreeMap::new(); exercises];
    for (_, read) in submissions {
        for (slot, source) in read.iter().flatten().enumerate() {
            if let Source::Crate(files) = source {
                let next = variants[slot].len();
                variants[slot].entry(files.clone()).or_insert(next);
            }
        }
    }
    variants
}

/// The results an earlier run kept for these very crates, and the crates still to grade.
fn take_kept<'a>(
    keys: &RecordKeys,
    base: &Path,
    variants: &'a Variants,
    stats: &mut Stats,
) -> (Results, ToGrade<'a>) {
    let mut results: Results = vec![BTreeMap::new(); variants.len()];
    let mut to_grade: ToGrade<'a> = vec![Vec::new(); variants.len()];
    for (slot, exercise_variants) in variants.iter().enumerate() {
        let mut ordered: Vec<(&Files, &usize)> = exercise_variants.iter().collect();
        ordered.sort_by_key(|(_, id)| **id);
        for (files, &id) in ordered {
            stats.distinct_crates += 1;
            match keys.load(base, slot, files) {
                Some(result) => {
                    stats.reused += 1;
                    results[slot].insert(id, result);
                }
                None => to_grade[slot].push((id, files)),
            }
        }
    }
    (results, to_grade)
}

/// What grading a round needs.
struct Rounds<'a> {
    project: &'a Project,
    manifest: &'a Manifest,
    selected: &'a [usize],
    /// `target/grader/batch`.
    base: &'a Path,
    keys: &'a RecordKeys,
    settings: Settings,
}

impl Rounds<'_> {
    /// Writes round `round`'s virtual tree, grades it, and keeps each crate's result.
    fn grade(
        &self,
        round: usize,
        tree_count: usize,
        to_grade: &ToGrade<'_>,
        results: &mut Results,
        stats: &mut Stats,
    ) -> Result<()> {
        let started = Instant::now();
        let members: Vec<(usize, &Files)> = to_grade
            .iter()
            .enumerate()
            .filter_map(|(slot, list)| list.get(round).map(|(_, files)| (slot, *files)))
            .collect();
        let tree = self.base.join("trees").join(format!("tree-{}", round + 1));
        let (project, manifest, selected) = (self.project, self.manifest, self.selected);
        write_tree(project, manifest, selected, &tree, &members)?;
        let graded = grade_tree(project, manifest, selected, &tree, &members, self.settings);
        for (slot, result) in graded {
            let (id, files) = to_grade[slot][round];
            if let Ok(graded) = &result
                && !graded.build_timed_out
            {
                self.keys.save(self.base, slot, files, &graded.result);
            }
            let result = result.map(|graded| graded.result).unwrap_or_else(|why| {
                error_result(
                    manifest,
                    selected[slot],
                    format!("the grader failed: {why}"),
                )
            });
            results[slot].insert(id, result);
            stats.graded += 1;
        }
        stats.trees += 1;
        eprintln!(
            "batch: tree {}/{tree_count} graded ({} crates) in {:.1} s",
            round + 1,
            members.len(),
            started.elapsed().as_secs_f64()
        );
        Ok(())
    }
}

/// The gradebook: a row per student, each exercise's result taken from its crate's.
fn gradebook(
    manifest: &Manifest,
    selected: &[usize],
    submissions: Submissions,
    results: &Results,
    variants: &Variants,
) -> Gradebook {
    let columns: Vec<Column> = selected
        .iter()
        .map(|&index| Column {
            name: manifest.exercises[index].name.clone(),
            max_score: manifest.exercises[index].max_score(),
        })
        .collect();
    let max_score = columns.iter().map(|c| c.max_score).sum();
    let rows = submissions
        .into_iter()
        .map(|(student, read)| match read {
            Err(why) => StudentRow::error(student, max_score, why),
            Ok(sources) => {
                let exercises = sources
                    .iter()
                    .enumerate()
                    .map(|(slot, source)| match source {
                        Source::Crate(files) => results[slot][&variants[slot][files]].clone(),
                        Source::Problem(why) => error_result(manifest, selected[slot], why.clone()),
                    })
                    .collect();
                StudentRow::graded(student, exercises)
            }
        })
        .collect();
    Gradebook::new(columns, rows)
}

/// The files of one crate's `src/`: relative path (with `/`) → bytes, in path order.
type Files = Vec<(String, Vec<u8>)>;

/// What a student handed in for one exercise.
#[derive(Debug)]
enum Source {
    /// The crate's `src/`.
    Crate(Files),
    /// Nothing gradable: why (the exercise scores 0 with status `error`).
    Problem(String),
}

/// The students: every entry of `class_dir` but hidden ones (`.git`), and every name of the
/// roster, sorted by name (byte order).
fn list_students(class_dir: &Path, roster: Option<&Path>) -> Result<Vec<String>> {
    let mut names: Vec<String> = walk::entries(class_dir)
        .with_context(|| format!("cannot read the class folder {}", class_dir.display()))?
        .iter()
        .map(walk::Entry::name)
        .filter(|name| !name.starts_with('.'))
        .collect();
    if let Some(roster) = roster {
        let text = fs::read_to_string(roster)
            .with_context(|| format!("cannot read the roster {}", roster.display()))?;
        for (number, line) in text.lines().enumerate() {
            let name = line.trim();
            if name.is_empty() || name.starts_with('#') {
                continue;
            }
            if name.contains(['/', '\\']) || name == "." || name == ".." {
                bail!(
                    "{}:{}: {name:?} is not a folder name",
                    roster.display(),
                    number + 1
                );
            }
            names.push(name.to_string());
        }
    }
    names.sort();
    names.dedup();
    Ok(names)
}

/// A student's crates, one [`Source`] per selected exercise, or why the folder cannot be graded.
fn read_student(
    class_dir: &Path,
    name: &str,
    manifest: &Manifest,
    selected: &[usize],
) -> Result<Vec<Source>, String> {
    let dir = class_dir.join(name);
    let metadata = match fs::metadata(&dir) {
        Ok(metadata) => metadata,
        Err(err) if err.kind() == ErrorKind::NotFound && fs::symlink_metadata(&dir).is_err() => {
            return Err(format!(
                "missing: no folder {name} in {}",
                class_dir.display()
            ));
        }
        Err(err) => return Err(format!("cannot read {}: {err}", dir.display())),
    };
    if !metadata.is_dir() {
        return Err(format!(
            "{} is a file, not a folder of exercises",
            dir.display()
        ));
    }
    fs::read_dir(&dir).map_err(|err| format!("cannot read {}: {err}", dir.display()))?;
    let (root, prefix) = if dir.join(EXERCISES_DIR).is_dir() {
        (dir.join(EXERCISES_DIR), format!("{EXERCISES_DIR}/"))
    } else {
        (dir.clone(), String::new())
    };
    let sources: Vec<Source> = selected
        .iter()
        .map(|&index| {
            let exercise = &manifest.exercises[index].name;
            read_crate(&root.join(exercise), &format!("{prefix}{exercise}"))
        })
        .collect();
    let found = sources.iter().any(|source| match source {
        Source::Crate(_) => true,
        Source::Problem(why) => !why.starts_with("missing"),
    });
    if !found {
        let names: Vec<&str> = selected
            .iter()
            .map(|&index| manifest.exercises[index].name.as_str())
            .collect();
        return Err(format!(
            "no exercise in {}: expected {EXERCISES_DIR}/NN-name/src/ or NN-name/src/ for {}",
            dir.display(),
            names.join(", ")
        ));
    }
    Ok(sources)
}

/// The `src/` of the crate in `dir` (`shown` is how messages name it).
fn read_crate(dir: &Path, shown: &str) -> Source {
    match fs::symlink_metadata(dir) {
        Err(err) if err.kind() == ErrorKind::NotFound => {
            return Source::Problem(format!("missing: no folder {shown}"));
        }
        Err(err) => return Source::Problem(format!("cannot read {shown}: {err}")),
        Ok(metadata) if !metadata.is_dir() => {
            return Source::Problem(format!(
                "{shown} is not a folder (a symbolic link or a file)"
            ));
        }
        Ok(_) => {}
    }
    let src = dir.join("src");
    match fs::symlink_metadata(&src) {
        Ok(metadata) if metadata.is_dir() => {}
        Ok(_) => {
            return Source::Problem(format!(
                "{shown}/src is not a folder (a symbolic link or a file)"
            ));
        }
        Err(err) => return Source::Problem(format!("cannot read {shown}/src: {err}")),
    }
    match read_files(&src, &format!("{shown}/src")) {
        Ok(files) => Source::Crate(files),
        Err(why) => Source::Problem(why),
    }
}

/// Every file below `src`, as plain files only: a symbolic link could bring in any file of the
/// machine (the teacher's hidden tests), so it makes the crate an error.
fn read_files(src: &Path, shown: &str) -> Result<Files, String> {
    let entries = walk::below(src, |_| false).map_err(|err| format!("{err:#}"))?;
    let mut files = Files::new();
    let mut total = 0;
    for entry in entries.iter().filter(|entry| !entry.is_dir) {
        let relative = entry
            .path
            .components()
            .map(|part| part.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let path = src.join(&entry.path);
        let metadata = fs::symlink_metadata(&path)
            .map_err(|err| format!("cannot read {shown}/{relative}: {err}"))?;
        if !metadata.is_file() {
            return Err(format!(
                "{shown}/{relative} is a symbolic link or a special file; a submission holds plain files"
            ));
        }
        total += metadata.len();
        if total > MAX_CRATE_BYTES {
            return Err(format!(
                "{shown} holds more than {} MiB; not graded",
                MAX_CRATE_BYTES >> 20
            ));
        }
        let bytes =
            fs::read(&path).map_err(|err| format!("cannot read {shown}/{relative}: {err}"))?;
        files.push((relative, bytes));
    }
    Ok(files)
}

/// An exercise result with no tests run: status `error`, no points, and why.
fn error_result(manifest: &Manifest, index: usize, why: String) -> ExerciseResult {
    let spec = &manifest.exercises[index];
    let results = vec![TestResult::without_process(Outcome::NotRun); spec.tests.len()];
    ExerciseResult::of(&score::score_exercise(
        spec,
        results,
        Some(Problem::Setup(why)),
    ))
}

/// Writes tree `tree`: for each `(slot, files)` of `members`, the exercise's folder with the
/// grader's own `Cargo.toml` and the crate's `src/`. Unchanged files are left alone (cargo
/// rebuilds nothing for them); other exercises' folders go.
fn write_tree(
    project: &Project,
    manifest: &Manifest,
    selected: &[usize],
    tree: &Path,
    members: &[(usize, &Files)],
) -> Result<()> {
    fs::create_dir_all(tree).with_context(|| format!("cannot create {}", tree.display()))?;
    let names: Vec<&str> = members
        .iter()
        .map(|(slot, _)| manifest.exercises[selected[*slot]].name.as_str())
        .collect();
    for entry in walk::entries(tree)? {
        if !names.contains(&entry.name().as_str()) {
            remove(&entry.path)?;
        }
    }
    for (&(_, files), name) in members.iter().zip(&names) {
        let crate_dir = tree.join(name);
        let manifest_file = project.exercises_dir().join(name).join("Cargo.toml");
        let cargo_toml = fs::read(&manifest_file)
            .with_context(|| format!("cannot read {}", manifest_file.display()))?;
        write_bytes_if_changed(&crate_dir.join("Cargo.toml"), &cargo_toml)?;
        if crate_dir.exists() {
            for entry in walk::below(&crate_dir, |_| false)? {
                let relative = entry.path.to_string_lossy().replace('\\', "/");
                let kept = relative == "Cargo.toml"
                    || relative == "src"
                    || relative.strip_prefix("src/").is_some_and(|inside| {
                        files.iter().any(|(file, _)| {
                            file == inside
                                || (entry.is_dir && file.starts_with(&format!("{inside}/")))
                        })
                    });
                let path = crate_dir.join(&entry.path);
                if !kept && path.exists() {
                    remove(&path)?;
                }
            }
        }
        for (relative, bytes) in files {
            write_bytes_if_changed(&crate_dir.join("src").join(relative), bytes)?;
        }
    }
    Ok(())
}

/// Removes a file or a folder with what it holds.
fn remove(path: &Path) -> Result<()> {
    let metadata =
        fs::symlink_metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
    if metadata.is_dir() {
        fs::remove_dir_all(path)
    } else {
        fs::remove_file(path)
    }
    .with_context(|| format!("cannot remove {}", path.display()))
}

/// One crate's result from grading a tree.
struct Graded {
    result: ExerciseResult,
    /// Its build was stopped at the time limit (so the result is not kept for a later run).
    build_timed_out: bool,
}

/// Grades the `members` of `tree`; one result per member slot. A tree whose grading fails as a
/// whole is graded again one exercise at a time, so the failure lands on the crate causing it;
/// so are the crates of a tree whose build was stopped at its time limit with more than one
/// of them unbuilt.
fn grade_tree(
    project: &Project,
    manifest: &Manifest,
    selected: &[usize],
    tree: &Path,
    members: &[(usize, &Files)],
    settings: Settings,
) -> Vec<(usize, Result<Graded, String>)> {
    let settings = Settings {
        keep_results: false,
        ..settings
    };
    let grade_slots = |slots: &[usize]| -> Result<Vec<(usize, Graded)>> {
        let mut indices: Vec<usize> = slots.iter().map(|&slot| selected[slot]).collect();
        indices.sort_unstable();
        let mut report = grade::grade(project, manifest, &indices, tree, settings, &|_| {})?;
        // Paths into the virtual tree would differ from run to run: name the crate instead.
        let absolute = format!("{}/", tree.display());
        let relative = format!("{}/", project.relative(tree));
        report.edit_texts(&|text: &mut String| {
            if text.contains(&relative) {
                *text = text.replace(&absolute, "").replace(&relative, "");
            }
        });
        Ok(slots
            .iter()
            .map(|&slot| {
                let name = &manifest.exercises[selected[slot]].name;
                let exercise = report
                    .exercises
                    .iter()
                    .find(|e| &e.name == name)
                    .expect("every graded exercise is in the report");
                let graded = Graded {
                    result: ExerciseResult::of(exercise),
                    build_timed_out: matches!(
                        exercise.problem,
                        Some(Problem::BuildTimedOut { .. })
                    ),
                };
                (slot, graded)
            })
            .collect())
    };
    let alone = |slot: usize| match grade_slots(&[slot]) {
        Ok(mut results) => (slot, Ok(results.remove(0).1)),
        Err(err) => (slot, Err(format!("{err:#}"))),
    };
    let slots: Vec<usize> = members.iter().map(|(slot, _)| *slot).collect();
    match grade_slots(&slots) {
        Ok(results) => {
            let timed_out = results
                .iter()
                .filter(|(_, graded)| graded.build_timed_out)
                .count();
            // Two crates stopped together may have waited on each other for the compiler.
            results
                .into_iter()
                .map(|(slot, graded)| {
                    if graded.build_timed_out && timed_out > 1 {
                        alone(slot)
                    } else {
                        (slot, Ok(graded))
                    }
                })
                .collect()
        }
        Err(err) if slots.len() == 1 => vec![(slots[0], Err(format!("{err:#}")))],
        Err(_) => slots.iter().map(|&slot| alone(slot)).collect(),
    }
}

/// What a kept result is valid for, besides the crate itself.
struct RecordKeys {
    /// Per selected exercise: its name and the fingerprint of everything grading it reads.
    exercises: Vec<(String, String)>,
}

/// A kept result, `target/grader/batch/results/NN-name/KEY.json`.
#[derive(Serialize, Deserialize)]
struct Record {
    /// Everything but the crate that the result depends on.
    key: String,
    /// The crate's files, compared on reuse.
    files: Vec<RecordFile>,
    result: ExerciseResult,
}

/// One file of a kept crate.
#[derive(Serialize, Deserialize, PartialEq)]
struct RecordFile {
    path: String,
    contents: Contents,
}

/// A file's bytes: as text when they are UTF-8 (source files), else as numbers.
#[derive(Serialize, Deserialize, PartialEq)]
#[serde(untagged)]
enum Contents {
    Text(String),
    Bytes(Vec<u8>),
}

impl RecordKeys {
    /// The keys of the `selected` exercises: fingerprints of what grading them reads.
    fn new(
        project: &Project,
        manifest: &Manifest,
        selected: &[usize],
        stress: bool,
    ) -> Result<Self> {
        let mut shared = Fingerprint::new();
        for dir in [
            project.support_crate_dir(),
            project.root().join("grader/refgc"),
        ] {
            shared = hash_dir(shared, &dir)?;
        }
        let seed = std::env::var(grader_support::replay::SEED_ENV).unwrap_or_default();
        let mut exercises = Vec::new();
        for &index in selected {
            let exercise = &manifest.exercises[index];
            // The exercise's manifest entry: tests, points, limits, compile-fail cases.
            let mut hash = shared.bytes(format!("{exercise:?}").as_bytes());
            let mut files = vec![
                exercise.hidden_dir.join(TESTS_FILE),
                project
                    .exercises_dir()
                    .join(&exercise.name)
                    .join("Cargo.toml"),
            ];
            for test in &exercise.tests {
                if let TestKind::CompileFail { case, .. } = &test.kind {
                    files.push(case.clone());
                }
            }
            for file in files {
                hash = hash.read(&file, &file)?;
            }
            let key = format!(
                "format={RECORD_FORMAT} exercise={} hidden={} grader={} stress={stress} seed={seed}",
                exercise.name,
                hash.hex(),
                grader_stamp()
            );
            exercises.push((exercise.name.clone(), key));
        }
        Ok(Self { exercises })
    }

    /// The record file of `files` for the exercise at `slot`.
    fn path(&self, base: &Path, slot: usize, files: &Files) -> PathBuf {
        let (name, key) = &self.exercises[slot];
        let hash = files
            .iter()
            .fold(
                Fingerprint::new().bytes(key.as_bytes()),
                |hash, (path, bytes)| hash.file(path, bytes),
            )
            .hex();
        base.join("results").join(name).join(format!("{hash}.json"))
    }

    /// The kept result of `files`, if an earlier run graded exactly them under the same key.
    fn load(&self, base: &Path, slot: usize, files: &Files) -> Option<ExerciseResult> {
        let bytes = fs::read(self.path(base, slot, files)).ok()?;
        let record: Record = serde_json::from_slice(&bytes).ok()?;
        (record.key == self.exercises[slot].1 && record.files == record_files(files))
            .then_some(record.result)
    }

    /// Keeps `result` for `files`. A record that cannot be written is no error: the next run
    /// grades that crate again.
    fn save(&self, base: &Path, slot: usize, files: &Files, result: &ExerciseResult) {
        let record = Record {
            key: self.exercises[slot].1.clone(),
            files: record_files(files),
            result: result.clone(),
        };
        if let Ok(text) = serde_json::to_string(&record) {
            let _ = write_bytes_if_changed(&self.path(base, slot, files), text.as_bytes());
        }
    }
}

/// `files` as a record keeps them.
fn record_files(files: &Files) -> Vec<RecordFile> {
    files
        .iter()
        .map(|(path, bytes)| RecordFile {
            path: path.clone(),
            contents: match String::from_utf8(bytes.clone()) {
                Ok(text) => Contents::Text(text),
                Err(_) => Contents::Bytes(bytes.clone()),
            },
        })
        .collect()
}

/// Continues `hash` over every file of the crate-like folder `dir` (build output and lock
/// files left out), each known by its path below `dir`.
fn hash_dir(mut hash: Fingerprint, dir: &Path) -> Result<Fingerprint> {
    if !dir.is_dir() {
        return Ok(hash);
    }
    for relative in crate_files(dir, &[Leave::BuildOutput, Leave::LockFile])? {
        hash = hash.read(&relative, &dir.join(&relative))?;
    }
    Ok(hash)
}

/// One batch at a time per checkout: the virtual trees are shared folders. The lock file holds
/// the owner's process id; a lock whose owner is gone (a killed run) is taken over.
struct Lock {
    path: PathBuf,
}

impl Lock {
    /// Takes the lock at `path`, waiting while a live process holds it.
    fn acquire(path: &Path) -> Result<Self> {
        fs::create_dir_all(path.parent().expect("the lock is in a folder"))
            .with_context(|| format!("cannot create the folder of {}", path.display()))?;
        let mut told = false;
        loop {
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
            {
                Ok(file) => {
                    use std::io::Write as _;
                    let mut file = file;
                    write!(file, "{}", std::process::id())
                        .with_context(|| format!("cannot write {}", path.display()))?;
                    return Ok(Self {
                        path: path.to_path_buf(),
                    });
                }
                Err(err) if err.kind() == ErrorKind::AlreadyExists => {
                    let owner = fs::read_to_string(path)
                        .ok()
                        .and_then(|text| text.trim().parse::<i32>().ok());
                    let alive = owner.is_some_and(|pid| {
                        nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), None)
                            != Err(nix::errno::Errno::ESRCH)
                    });
                    if owner.is_some() && !alive {
                        // Its owner is gone; a failure means another run took it over first.
                        let _ = fs::remove_file(path);
                        continue;
                    }
                    if !told {
                        eprintln!(
                            "batch: waiting for another batch run ({}) to finish",
                            path.display()
                        );
                        told = true;
                    }
                    std::thread::sleep(Duration::from_millis(200));
                }
                Err(err) => {
                    return Err(err).with_context(|| format!("cannot create {}", path.display()));
                }
            }
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_and_cover_every_position_once() {
        let shard: Shard = "2/3".parse().unwrap();
        assert_eq!(shard, Shard { index: 2, count: 3 });
        for bad in ["0/2", "3/2", "1/0", "a/b", "2", "-1/2"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
        let shards: Vec<Shard> = (1..=3).map(|k| Shard { index: k, count: 3 }).collect();
        for position in 0..10 {
            assert_eq!(shards.iter().filter(|s| s.holds(position)).count(), 1);
        }
    }

    #[test]
    fn a_symbolic_link_in_src_makes_the_crate_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("src");
        fs::create_dir_all(&src).unwrap();
        fs::write(src.join("lib.rs"), "pub fn f() {}\n").unwrap();
        let files = read_files(&src, "01-x/src").unwrap();
        assert_eq!(
            files,
            vec![("lib.rs".to_string(), b"pub fn f() {}\n".to_vec())]
        );
        std::os::unix::fs::symlink("/etc/hostname", src.join("secret.rs")).unwrap();
        let why = read_files(&src, "01-x/src").unwrap_err();
        assert!(
            why.contains("01-x/src/secret.rs is a symbolic link"),
            "{why}"
        );
    }
}
