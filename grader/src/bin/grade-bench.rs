//! `cargo run --release -p grader --bin grade-bench`: how fast `cargo grade` is, as ratio lines.
//!
//! Works on a copy of the checkout (every tracked and untracked-but-not-ignored file) under
//! `target/grade-bench/`, with its own target dir, so neither the repository nor the learner's
//! files change. It grades `solutions/` there (every exercise solved) and prints:
//!
//! - `case=cold-all`: a fresh clone's first `cargo grade`: building the grader, then grading
//!   (absolute seconds, with the core count);
//! - `case=warm-all`: `cargo grade` again with nothing changed (median of three), against the sum
//!   of bare `cargo test` runs of the same hidden tests, one process per test, in the harness
//!   the grader generated (same profile, same target dir: nothing to build);
//! - `case=warm-split`: what the steps of a run cost when nothing changed: cargo's up-to-date
//!   check of the grader and of the harness, building the compile-fail cases (a failed build
//!   leaves nothing for cargo to reuse; a warm `cargo grade` skips the cases it kept as rejected
//!   in `target/grader/cache/`), listing the test binaries (also kept);
//! - `case=edit-one`: `cargo grade check NAME` after an edit of one exercise, against
//!   `cargo test` of its hidden tests after the same kind of edit (both rebuild);
//! - `case=margin`: the largest share of its time limit any reference test used in the cold run
//!   (the goal is at most 1/5).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

#[path = "shared/checkout.rs"]
mod checkout;
use checkout::copy_checkout;

/// The exercise edited for `case=edit-one`: the one with the heaviest hidden tests.
const EDITED: &str = "07-trial-deletion";

fn main() -> Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .context("the grader is in the checkout")?
        .to_path_buf();
    let work = root.join("target").join("grade-bench");
    let clone = work.join("clone");
    if work.exists() {
        fs::remove_dir_all(&work).with_context(|| format!("cannot clear {}", work.display()))?;
    }
    copy_checkout(&root, &clone)?;
    eprintln!("grade-bench: working in {}", clone.display());
    let cold_report = cold_all(&clone)?;
    let harness = harness_dir(&clone)?;
    let target = clone.join("target/grader/build-checked");
    let tests = hidden_tests(&cold_report);
    warm_all(&clone, &harness, &target, &tests)?;
    warm_split(&clone, &harness, &target)?;
    edit_one(&clone, &harness, &target, &tests)?;
    margin(&clone, &cold_report)?;
    eprintln!("grade-bench: done; {} can be removed", work.display());
    Ok(())
}

/// Case `cold-all`: a fresh clone's first `cargo grade`, the grader's build included. Returns
/// its JSON report.
fn cold_all(clone: &Path) -> Result<serde_json::Value> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (grader_build, _) = timed(cargo(clone, &["build", "-q", "-p", "grader"]))?;
    let (cold, cold_json) = timed(cargo(
        clone,
        &[
            "grade",
            "--solutions",
            "--format",
            "json",
            "--jobs",
            &cores.to_string(),
        ],
    ))?;
    let cold_report: serde_json::Value =
        serde_json::from_slice(&cold_json).context("the cold run's JSON report")?;
    check_full_score(&cold_report)?;
    println!(
        "case=cold-all cores={cores} grader_build_s={:.2} grade_s={:.2} total_s={:.2}",
        secs(grader_build),
        secs(cold),
        secs(grader_build + cold)
    );
    Ok(cold_report)
}

/// Case `warm-all`: nothing changed (the median of three runs), against `cargo test` of every
/// hidden test on its own.
fn warm_all(clone: &Path, harness: &Path, target: &Path, tests: &[(String, String)]) -> Result<()> {
    let mut warm = Vec::new();
    for _ in 0..3 {
        warm.push(timed(cargo(clone, &["grade", "--solutions"]))?.0);
    }
    warm.sort();
    let warm = warm[1];
    let mut baseline = Duration::ZERO;
    for (exercise, test) in tests {
        baseline += bare_cargo_test(harness, target, exercise, Some(test))?;
    }
    println!(
        "case=warm-all tests={} grade_s={:.2} baseline_s={:.2} ratio={:.3}",
        tests.len(),
        secs(warm),
        secs(baseline),
        secs(warm) / secs(baseline)
    );
    Ok(())
}

/// Case `edit-one`: one edited exercise; both sides rebuild it once.
fn edit_one(clone: &Path, harness: &Path, target: &Path, tests: &[(String, String)]) -> Result<()> {
    let lib = clone.join("solutions").join(EDITED).join("src/lib.rs");
    append(&lib, "\n// grade-bench: edit 1\n")?;
    let (edited, _) = timed(cargo(clone, &["grade", "check", EDITED, "--solutions"]))?;
    append(&lib, "// grade-bench: edit 2\n")?;
    let own: Vec<&(String, String)> = tests.iter().filter(|(e, _)| e == EDITED).collect();
    let mut edited_baseline = Duration::ZERO;
    for (exercise, test) in &own {
        edited_baseline += bare_cargo_test(harness, target, exercise, Some(test))?;
    }
    println!(
        "case=edit-one exercise={EDITED} tests={} grade_s={:.2} baseline_s={:.2} ratio={:.3}",
        own.len(),
        secs(edited),
        secs(edited_baseline),
        secs(edited) / secs(edited_baseline)
    );
    Ok(())
}

/// Case `margin`: the worst share of its time limit a test took in the cold (uncached) run.
fn margin(clone: &Path, cold_report: &serde_json::Value) -> Result<()> {
    let limits = time_limits(&clone.join("grader/hidden/manifest.toml"))?;
    let mut worst: Option<(f64, String, f64, f64)> = None;
    let mut over = 0;
    for exercise in cold_report["exercises"].as_array().into_iter().flatten() {
        let name = exercise["name"].as_str().unwrap_or_default();
        for test in exercise["tests"].as_array().into_iter().flatten() {
            let test_name = test["name"].as_str().unwrap_or_default();
            let Some(limit) = limits.get(&(name.to_owned(), test_name.to_owned())) else {
                continue;
            };
            let took = test["duration_ms"].as_f64().unwrap_or(0.0) / 1000.0;
            let share = took / limit;
            if share > 0.2 {
                over += 1;
            }
            if worst.as_ref().is_none_or(|w| share > w.0) {
                worst = Some((share, format!("{name}/{test_name}"), took, *limit));
            }
        }
    }
    if let Some((share, test, took, limit)) = worst {
        println!(
            "case=margin worst_share={share:.3} goal<=0.200 over_goal={over} test={test} duration_s={took:.2} limit_s={limit:.0}"
        );
    }
    Ok(())
}

/// Costs of a warm run that are not running tests.
fn warm_split(clone: &Path, harness: &Path, target: &Path) -> Result<()> {
    let (grader_check, _) = timed(cargo(
        clone,
        &["run", "-q", "-p", "grader", "--", "--version"],
    ))?;
    let packages = harness_packages(harness)?;
    let mut build = cargo(harness, &["build", "-q", "--tests"]);
    build.arg("--target-dir").arg(target);
    for (package, _) in &packages {
        build.args(["-p", package]);
    }
    let (harness_check, _) = timed(build)?;
    let mut examples = cargo(harness, &["build", "-q", "--keep-going"]);
    examples.arg("--target-dir").arg(target);
    let mut any_example = false;
    for (package, names) in &packages {
        for name in names {
            examples.args(["-p", package, "--example", name]);
            any_example = true;
        }
    }
    let compile_fail = if any_example {
        timed_allow_failure(examples)?
    } else {
        Duration::ZERO
    };
    let mut listing = Duration::ZERO;
    for executable in test_executables(harness, target)? {
        let mut list = Command::new(executable);
        list.args(["--list", "--format", "terse"]);
        listing += timed(list)?.0;
    }
    println!(
        "case=warm-split grader_up_to_date_s={:.2} harness_up_to_date_s={:.2} compile_fail_s={:.2} list_tests_s={:.2}",
        secs(grader_check),
        secs(harness_check),
        secs(compile_fail),
        secs(listing)
    );
    Ok(())
}

/// `cargo test` of one hidden test (or all of an exercise's) in the generated harness.
fn bare_cargo_test(
    harness: &Path,
    target: &Path,
    exercise: &str,
    test: Option<&str>,
) -> Result<Duration> {
    let package = format!("hidden-{exercise}");
    let mut command = cargo(harness, &["test", "-q", "-p", &package, "--test", "hidden"]);
    command.arg("--target-dir").arg(target).arg("--");
    if let Some(test) = test {
        command.args([test, "--exact"]);
    }
    Ok(timed(command)?.0)
}

fn cargo(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_BUILD_TARGET_DIR")
        .stdin(Stdio::null());
    command
}

/// Runs `command`, fails unless it succeeds; returns its wall time and stdout.
fn timed(mut command: Command) -> Result<(Duration, Vec<u8>)> {
    let started = Instant::now();
    let output = command
        .stderr(Stdio::piped())
        .output()
        .with_context(|| format!("cannot run {command:?}"))?;
    let took = started.elapsed();
    if !output.status.success() {
        bail!(
            "{command:?} failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok((took, output.stdout))
}

fn timed_allow_failure(mut command: Command) -> Result<Duration> {
    let started = Instant::now();
    command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .with_context(|| format!("cannot run {command:?}"))?;
    Ok(started.elapsed())
}

fn secs(duration: Duration) -> f64 {
    duration.as_secs_f64()
}

fn check_full_score(report: &serde_json::Value) -> Result<()> {
    if report["percent"].as_f64() != Some(100.0) {
        bail!(
            "the solutions do not score 100 % (they score {}): fix that first",
            report["percent"]
        );
    }
    Ok(())
}

/// (exercise, test) of every test that ran as a process (a compile-fail case has no duration).
fn hidden_tests(report: &serde_json::Value) -> Vec<(String, String)> {
    let mut tests = Vec::new();
    for exercise in report["exercises"].as_array().into_iter().flatten() {
        let name = exercise["name"].as_str().unwrap_or_default();
        if name == "quiz" {
            continue;
        }
        for test in exercise["tests"].as_array().into_iter().flatten() {
            if test["duration_ms"].as_u64().unwrap_or(0) > 0 {
                tests.push((
                    name.to_owned(),
                    test["name"].as_str().unwrap_or_default().to_owned(),
                ));
            }
        }
    }
    tests
}

/// Each test's time limit in seconds, by (exercise, test), from the manifest.
fn time_limits(manifest: &Path) -> Result<BTreeMap<(String, String), f64>> {
    let text = fs::read_to_string(manifest)
        .with_context(|| format!("cannot read {}", manifest.display()))?;
    let table: toml::Table = toml::from_str(&text).context("the manifest is TOML")?;
    let default = table
        .get("defaults")
        .and_then(|d| d.get("timeout_secs"))
        .and_then(toml::Value::as_integer)
        .unwrap_or(10) as f64;
    let mut limits = BTreeMap::new();
    for exercise in table
        .get("exercise")
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
    {
        let name = exercise
            .get("name")
            .and_then(toml::Value::as_str)
            .unwrap_or_default();
        for test in exercise
            .get("test")
            .and_then(toml::Value::as_array)
            .into_iter()
            .flatten()
        {
            let test_name = test
                .get("name")
                .and_then(toml::Value::as_str)
                .unwrap_or_default();
            let limit = test
                .get("timeout_secs")
                .and_then(toml::Value::as_integer)
                .map_or(default, |secs| secs as f64);
            limits.insert((name.to_owned(), test_name.to_owned()), limit);
        }
    }
    Ok(limits)
}

/// The harness the grader generated for `solutions/` in the clone.
fn harness_dir(clone: &Path) -> Result<PathBuf> {
    let grader = clone.join("target/grader");
    for entry in
        fs::read_dir(&grader).with_context(|| format!("cannot read {}", grader.display()))?
    {
        let path = entry?.path();
        let is_solutions = path
            .file_name()
            .and_then(|name| name.to_str())
            .is_some_and(|name| name.starts_with("harness-solutions-"));
        if is_solutions {
            return Ok(path);
        }
    }
    bail!("no harness for solutions/ under {}", grader.display())
}

/// Each harness package with its compile-fail example names.
fn harness_packages(harness: &Path) -> Result<Vec<(String, Vec<String>)>> {
    let mut packages = Vec::new();
    for entry in fs::read_dir(harness)? {
        let manifest = entry?.path().join("Cargo.toml");
        let Ok(text) = fs::read_to_string(&manifest) else {
            continue;
        };
        let table: toml::Table =
            toml::from_str(&text).with_context(|| format!("{} is TOML", manifest.display()))?;
        let Some(name) = table
            .get("package")
            .and_then(|p| p.get("name"))
            .and_then(toml::Value::as_str)
        else {
            continue;
        };
        let examples = table
            .get("example")
            .and_then(toml::Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|e| {
                e.get("name")
                    .and_then(toml::Value::as_str)
                    .map(str::to_owned)
            })
            .collect();
        packages.push((name.to_owned(), examples));
    }
    packages.sort();
    Ok(packages)
}

/// The hidden-test executables, as cargo reports them (nothing is rebuilt).
fn test_executables(harness: &Path, target: &Path) -> Result<Vec<PathBuf>> {
    let mut command = cargo(
        harness,
        &[
            "test",
            "--no-run",
            "-q",
            "--message-format=json",
            "--workspace",
            "--test",
            "hidden",
        ],
    );
    command.arg("--target-dir").arg(target);
    let (_, stdout) = timed(command)?;
    Ok(String::from_utf8_lossy(&stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| message["reason"] == "compiler-artifact")
        .filter_map(|message| message["executable"].as_str().map(PathBuf::from))
        .collect())
}

fn append(path: &Path, text: &str) -> Result<()> {
    let mut contents =
        fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    contents.push_str(text);
    fs::write(path, contents).with_context(|| format!("cannot write {}", path.display()))
}
