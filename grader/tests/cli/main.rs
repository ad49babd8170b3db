//! The grader's own tests: they run the real `cargo grade` binary on the project's solutions and
//! stubs and on fixture submissions, and assert on its JSON report and exit code.

mod batch;
mod claims;
mod compiler;
mod escape;
mod fixtures;
mod forgery;
mod gradescope_bundle;
mod grading;
mod integrity;
mod interview;
mod manifest_errors;
mod mutants;
mod outputs;
mod quiz;
mod specs;
mod stages;
mod stubs;
mod templates;
mod wrong;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// The checkout this test binary was built from.
pub(crate) fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("grader/ has a parent")
        .to_path_buf()
}

/// `cargo grade ARGS…` for the checkout at `root`, colors off.
pub(crate) fn grader(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_grader"))
        .arg("--root")
        .arg(root)
        .args(["--color", "never"])
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("the grader binary runs")
}

/// Runs the grader with `--format json` and returns the parsed report, failing with the
/// grader's stderr when it did not print one.
pub(crate) fn json_report(root: &Path, args: &[&str]) -> (Value, Output) {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let output = grader(root, &all);
    let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|err| {
        panic!(
            "no JSON report ({err}); exit {:?}\nstderr:\n{}\nstdout:\n{}",
            output.status.code(),
            String::from_utf8_lossy(&output.stderr),
            String::from_utf8_lossy(&output.stdout)
        )
    });
    (report, output)
}

/// The report's exercise called `name`.
pub(crate) fn exercise<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["exercises"]
        .as_array()
        .expect("exercises is an array")
        .iter()
        .find(|e| e["name"] == name)
        .unwrap_or_else(|| panic!("no exercise {name} in the report: {report:#}"))
}

/// The names of the exercises in the project's manifest, in order.
pub(crate) fn exercise_names(report: &Value) -> Vec<String> {
    report["exercises"]
        .as_array()
        .expect("exercises is an array")
        .iter()
        .map(|e| e["name"].as_str().expect("name is a string").to_string())
        .collect()
}

/// The first `NN-name` folder (in name order) below `dir`.
pub(crate) fn first_exercise_dir(dir: &Path) -> PathBuf {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("readable folder")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    dirs.into_iter()
        .next()
        .expect("at least one exercise folder")
}
