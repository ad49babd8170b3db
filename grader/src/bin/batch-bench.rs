//! `cargo run --release -p grader --bin batch-bench [-- --class N --exercise NAME…]`: how fast
//! `cargo grade batch` grades a class, as ratio lines.
//!
//! Works on a copy of the checkout (every tracked and untracked-but-not-ignored file) under
//! `target/batch-bench/`, with its own target dir, so neither the repository nor its build
//! output changes and the first batch is truly cold. It generates a class of N students
//! (default 100) in `target/batch-bench/class/`, half of them as whole student repositories
//! (`exercises/NN-name/`), half as bare exercise folders. Per exercise each student hands in,
//! drawn with a fixed seed: the solution (40 %), the untouched stub (25 %), one of the
//! exercise's known-wrong solutions (`grader/hidden/NN-name/wrong/*.toml`, 20 %), or the
//! solution with a comment of their own, a harmless edit that makes the crate distinct (15 %).
//! Every crate has the stub's `Cargo.toml` and visible tests, as a learner's would.
//!
//! It prints one line:
//!
//! `class=… exercises=… distinct_crates=… cold_s=… per_submission_s=… warm_s=…
//! baseline_per_submission_s=… ratio=…`
//!
//! - `cold_s`: the first `cargo grade batch` (nothing kept; the hidden tests' shared
//!   dependencies built once inside it), `per_submission_s` that divided by the class size;
//! - `warm_s`: the same batch again, nothing changed (everything is kept);
//! - `baseline_per_submission_s`: `cargo grade --submission DIR` run once per student,
//!   sequentially, on the first three students (after the cold batch, so the shared
//!   dependencies are built and only the student's own crates are), averaged;
//! - `ratio`: baseline per submission over batch per submission.
//!
//! and a second line with the same comparison in CPU seconds (user and system, of every process
//! each side ran), which the load of other work on the machine changes less than wall time:
//!
//! `class=… cold_cpu_s=… cpu_per_submission_s=… baseline_cpu_per_submission_s=… cpu_ratio=…`
//!
//! It also checks the gradebook: a solution (edited or not) scores full marks, a stub zero, a
//! known-wrong solution less than full marks.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

#[path = "shared/checkout.rs"]
mod checkout;
use checkout::copy_checkout;
use serde::Deserialize;

/// Students the baseline grades one by one.
const BASELINE_SAMPLE: usize = 3;

/// What one student hands in for one exercise.
#[derive(Debug, Clone)]
enum Handed {
    Solution,
    Stub,
    /// The known-wrong solution of this file.
    Wrong(PathBuf),
    /// The solution with a comment naming the student.
    Edited,
}

fn main() -> Result<()> {
    let (class_size, only) = arguments()?;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .context("the grader is in the checkout")?
        .to_path_buf();
    let work = root.join("target").join("batch-bench");
    let clone = work.join("clone");
    if work.exists() {
        fs::remove_dir_all(&work).with_context(|| format!("cannot clear {}", work.display()))?;
    }
    copy_checkout(&root, &clone)?;
    // One grader binary for every run, built in the checkout (the clone grades with it).
    let (grader_build, _) = timed(cargo(
        &root,
        &["build", "-q", "-p", "grader", "--bin", "grader"],
    ))?;
    let grader = root.join("target/debug/grader");
    eprintln!(
        "batch-bench: grader built in {:.1} s; working in {}",
        grader_build.as_secs_f64(),
        work.display()
    );

    let exercises = exercise_names(&clone, &only)?;
    let class = work.join("class");
    let plan = generate_class(&clone, &class, class_size, &exercises)?;

    let mut filters = Vec::new();
    for name in &only {
        filters.extend(["--exercise".to_string(), name.clone()]);
    }
    let gradebook = work.join("gradebook.json");
    let batch_args = |out: &str| {
        let mut args = vec![
            "batch".to_string(),
            class.display().to_string(),
            "--out".to_string(),
            work.join(out).display().to_string(),
            "--json".to_string(),
            gradebook.display().to_string(),
        ];
        args.extend(filters.iter().cloned());
        args
    };
    let cpu_before = children_cpu_s();
    let (cold, summary) = timed(grade(&grader, &clone, &batch_args("cold.csv")))?;
    let cold_cpu = children_cpu_s() - cpu_before;
    let summary = String::from_utf8_lossy(&summary).into_owned();
    eprintln!("batch-bench: cold: {}", summary.trim());
    let distinct = summary_field(&summary, "distinct_crates=")?;
    check_gradebook(&gradebook, &plan)?;
    let (warm, summary) = timed(grade(&grader, &clone, &batch_args("warm.csv")))?;
    let summary = String::from_utf8_lossy(&summary).into_owned();
    if summary_field(&summary, "graded=")? != 0 {
        bail!("the warm batch graded crates again: {summary}");
    }

    let (baseline, baseline_cpu, sample) = baseline(&grader, &clone, &class, &plan, &only)?;
    let per_submission = cold.as_secs_f64() / class_size as f64;
    let baseline_per_submission = baseline.as_secs_f64() / sample as f64;
    println!(
        "class={class_size} exercises={} distinct_crates={distinct} cold_s={:.1} per_submission_s={:.2} warm_s={:.2} baseline_per_submission_s={:.2} ratio={:.1}",
        exercises.len(),
        cold.as_secs_f64(),
        per_submission,
        warm.as_secs_f64(),
        baseline_per_submission,
        baseline_per_submission / per_submission
    );
    let cpu_per_submission = cold_cpu / class_size as f64;
    let baseline_cpu_per_submission = baseline_cpu / sample as f64;
    println!(
        "class={class_size} cold_cpu_s={cold_cpu:.1} cpu_per_submission_s={cpu_per_submission:.2} baseline_cpu_per_submission_s={baseline_cpu_per_submission:.2} cpu_ratio={:.1}",
        baseline_cpu_per_submission / cpu_per_submission
    );
    Ok(())
}

/// The baseline: the first students of `plan` graded one by one, as `cargo grade --submission`
/// (`check NAME` when one exercise is benchmarked). Returns the wall time, the CPU time of the
/// grader processes, and how many students were graded.
fn baseline(
    grader: &Path,
    clone: &Path,
    class: &Path,
    plan: &BTreeMap<String, Vec<(String, Handed)>>,
    only: &[String],
) -> Result<(Duration, f64, usize)> {
    let mut baseline = Duration::ZERO;
    let cpu_before = children_cpu_s();
    let sample = BASELINE_SAMPLE.min(plan.len());
    for (student, _) in plan.iter().take(sample) {
        let dir = class.join(student);
        let tree = if dir.join("exercises").is_dir() {
            dir.join("exercises")
        } else {
            dir
        };
        let mut args = vec![
            "--submission".to_string(),
            tree.display().to_string(),
            "--format".to_string(),
            "json".to_string(),
        ];
        // `cargo grade` grades every exercise; `check NAME` one. Several: the whole tree.
        if only.len() == 1 {
            args.insert(0, only[0].clone());
            args.insert(0, "check".to_string());
        }
        let (took, _) = timed(grade(grader, clone, &args))?;
        eprintln!(
            "batch-bench: baseline {student}: {:.1} s",
            took.as_secs_f64()
        );
        baseline += took;
    }
    let baseline_cpu = children_cpu_s() - cpu_before;
    Ok((baseline, baseline_cpu, sample))
}

/// `--class N` and `--exercise NAME` (repeatable).
fn arguments() -> Result<(usize, Vec<String>)> {
    let mut class_size = 100;
    let mut only = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--class" => {
                class_size = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|n| *n > 0)
                    .context("--class takes a number of students above 0")?;
            }
            "--exercise" => only.push(args.next().context("--exercise takes a name")?),
            other => bail!("unknown argument {other:?}; use --class N, --exercise NAME"),
        }
    }
    Ok((class_size, only))
}

/// The exercises graded: `only`, or every `NN-name` folder of `solutions/`.
fn exercise_names(clone: &Path, only: &[String]) -> Result<Vec<String>> {
    if !only.is_empty() {
        return Ok(only.to_vec());
    }
    let mut names: Vec<String> = fs::read_dir(clone.join("solutions"))?
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().join("Cargo.toml").is_file())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    Ok(names)
}

/// A small deterministic generator (64-bit LCG), so every run generates the same class.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// Writes the class; returns, by student, what each handed in per exercise.
fn generate_class(
    clone: &Path,
    class: &Path,
    size: usize,
    exercises: &[String],
) -> Result<BTreeMap<String, Vec<(String, Handed)>>> {
    let mut random = Lcg(14);
    let mut plan = BTreeMap::new();
    for number in 0..size {
        let student = format!("student-{number:03}");
        let repository = number % 2 == 0;
        let base = if repository {
            class.join(&student).join("exercises")
        } else {
            class.join(&student)
        };
        let mut handed_in = Vec::new();
        for exercise in exercises {
            let wrong = known_wrong(clone, exercise)?;
            let roll = random.below(100);
            let handed = match roll {
                0..40 => Handed::Solution,
                40..65 => Handed::Stub,
                65..85 if !wrong.is_empty() => {
                    Handed::Wrong(wrong[random.below(wrong.len())].clone())
                }
                _ => Handed::Edited,
            };
            write_crate(clone, exercise, &base.join(exercise), &handed, &student)?;
            handed_in.push((exercise.clone(), handed));
        }
        plan.insert(student, handed_in);
    }
    Ok(plan)
}

/// The known-wrong solution files of `exercise`.
fn known_wrong(clone: &Path, exercise: &str) -> Result<Vec<PathBuf>> {
    let dir = clone.join("grader/hidden").join(exercise).join("wrong");
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    files.sort();
    Ok(files)
}

/// A known-wrong solution file: only its replacements matter here.
#[derive(Deserialize)]
struct WrongFile {
    replace: Vec<Replacement>,
}

/// One exact-text edit of the solution (`grader/AUTHORING.md`, "Known-wrong solutions").
#[derive(Deserialize)]
struct Replacement {
    file: PathBuf,
    find: String,
    with: String,
}

/// One student's crate: the stub's `Cargo.toml` and visible tests, and a `src/` as `handed`.
fn write_crate(
    clone: &Path,
    exercise: &str,
    to: &Path,
    handed: &Handed,
    student: &str,
) -> Result<()> {
    let stub = clone.join("exercises").join(exercise);
    let solution = clone.join("solutions").join(exercise);
    copy_dir(&stub, to)?;
    if matches!(handed, Handed::Stub) {
        return Ok(());
    }
    fs::remove_dir_all(to.join("src"))?;
    copy_dir(&solution.join("src"), &to.join("src"))?;
    match handed {
        Handed::Wrong(file) => {
            let text = fs::read_to_string(file)?;
            let wrong: WrongFile =
                toml::from_str(&text).with_context(|| format!("{}", file.display()))?;
            for replacement in wrong.replace {
                let path = to.join(&replacement.file);
                let text = fs::read_to_string(&path)
                    .with_context(|| format!("{}: no {}", file.display(), path.display()))?;
                fs::write(
                    &path,
                    text.replacen(&replacement.find, &replacement.with, 1),
                )?;
            }
        }
        Handed::Edited => {
            let lib = to.join("src/lib.rs");
            let text = fs::read_to_string(&lib)?;
            fs::write(&lib, format!("{text}\n// Handed in by {student}.\n"))?;
        }
        Handed::Solution | Handed::Stub => {}
    }
    // The solution's crate name, as the stub has it.
    let stem = exercise.split_once('-').map_or(exercise, |(_, stem)| stem);
    let solution_name = format!("{}_solution", stem.replace('-', "_"));
    for entry in walk_files(&to.join("src"))? {
        let text = fs::read_to_string(&entry)?;
        if text.contains(&solution_name) {
            fs::write(
                &entry,
                text.replace(&solution_name, &stem.replace('-', "_")),
            )?;
        }
    }
    Ok(())
}

/// The gradebook agrees with what each student handed in.
fn check_gradebook(path: &Path, plan: &BTreeMap<String, Vec<(String, Handed)>>) -> Result<()> {
    let book: serde_json::Value = serde_json::from_slice(&fs::read(path)?)?;
    let students = book["students"].as_array().context("students")?;
    if students.len() != plan.len() {
        bail!("{} rows for {} students", students.len(), plan.len());
    }
    for row in students {
        let name = row["student"].as_str().unwrap_or_default();
        let handed = plan
            .get(name)
            .with_context(|| format!("unknown row {name}"))?;
        for (exercise, handed) in handed {
            let graded = row["exercises"]
                .as_array()
                .and_then(|all| all.iter().find(|e| e["name"] == exercise.as_str()))
                .with_context(|| format!("{name}: no {exercise} in {row}"))?;
            let (score, max) = (graded["score"].as_u64(), graded["max_score"].as_u64());
            let right = match handed {
                Handed::Solution | Handed::Edited => score == max,
                Handed::Stub => score == Some(0),
                Handed::Wrong(_) => score < max,
            };
            if !right {
                bail!("{name} handed in {handed:?} for {exercise} and got {score:?}/{max:?}");
            }
        }
    }
    Ok(())
}

/// `grader --root CLONE ARGS…`, its output piped.
fn grade(grader: &Path, clone: &Path, args: &[String]) -> Command {
    let mut command = Command::new(grader);
    command
        .arg("--root")
        .arg(clone)
        .args(["--color", "never"])
        .args(args)
        .stdin(Stdio::null());
    command
}

/// The number after `name` in the batch's summary line.
fn summary_field(summary: &str, name: &str) -> Result<usize> {
    let start = summary
        .find(name)
        .with_context(|| format!("no {name} in {summary:?}"))?
        + name.len();
    summary[start..]
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .and_then(|n| n.parse().ok())
        .with_context(|| format!("no number after {name} in {summary:?}"))
}

/// `cargo ARGS…` in `dir` (honouring `$CARGO`).
fn cargo(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.args(args).current_dir(dir).stdin(Stdio::null());
    command
}

/// CPU seconds (user and system) of every child process waited for so far, and of theirs:
/// `cutime` and `cstime` of `/proc/self/stat`, in Linux's fixed 100 ticks a second. Steadier
/// than wall time on a machine others are using.
fn children_cpu_s() -> f64 {
    let Ok(stat) = fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // The fields after the command name, which ends at the last `)`: state is the first,
    // cutime the 14th, cstime the 15th.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or(Vec::new(), |(_, rest)| rest.split_whitespace().collect());
    let ticks = |index: usize| fields.get(index).and_then(|f| f.parse::<f64>().ok());
    ticks(13)
        .zip(ticks(14))
        .map_or(0.0, |(user, system)| (user + system) / 100.0)
}

/// Runs `command` (its stderr shows the batch's progress), fails unless it succeeds; returns
/// its wall time and stdout.
fn timed(mut command: Command) -> Result<(Duration, Vec<u8>)> {
    let started = Instant::now();
    let output = command
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("cannot run {command:?}"))?;
    let took = started.elapsed();
    if !output.status.success() {
        bail!("{command:?} failed (its messages are above)");
    }
    Ok((took, output.stdout))
}

/// Every file below `dir`.
fn walk_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(here) = pending.pop() {
        for entry in fs::read_dir(&here).with_context(|| format!("{}", here.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    Ok(files)
}

/// Copies `from` into `to`, build output (`target/`) left out.
fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to).with_context(|| format!("cannot create {}", to.display()))?;
    for entry in fs::read_dir(from).with_context(|| format!("cannot list {}", from.display()))? {
        let entry = entry?;
        if entry.file_name() == "target" {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()))?;
        } else {
            fs::copy(&path, to.join(entry.file_name()))
                .with_context(|| format!("cannot copy {}", path.display()))?;
        }
    }
    Ok(())
}
