//! Every scenario in `scenarios/` must print the same lines on refgc and on CPython (`python3`,
//! 3.11 or newer). Without python3 the test fails when `CI` is set and says it skipped otherwise.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use refgc::{python, scenario};

fn scenario_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("scenarios/ exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "gc"))
        .collect();
    files.sort();
    files
}

/// The usable `python3`, or `None` (after saying why) when there is none.
fn python() -> Option<&'static str> {
    let found = Command::new("python3")
        .args([
            "-c",
            "import sys, _testcapi; print(sys.version_info >= (3, 11))",
        ])
        .output()
        .ok()
        .filter(|output| output.status.success() && output.stdout.starts_with(b"True"));
    if found.is_some() {
        return Some("python3");
    }
    let why = "python3 (3.11 or newer, with _testcapi) is needed to check refgc against CPython";
    assert!(std::env::var_os("CI").is_none(), "{why}");
    eprintln!("skipped: {why}");
    None
}

#[test]
fn there_are_enough_scenarios() {
    assert!(
        scenario_files().len() >= 25,
        "the issue asks for at least 25 scenarios"
    );
}

#[test]
fn scenarios_print_the_same_on_refgc_and_cpython() {
    let Some(python) = python() else { return };
    let mut failures = Vec::new();
    for file in scenario_files() {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let text = fs::read_to_string(&file).expect("readable scenario");
        let ops = scenario::parse(&text).unwrap_or_else(|err| panic!("{name}: {err}"));
        let expected = scenario::replay(&ops).unwrap_or_else(|err| panic!("{name}: {err}"));
        let program = python::to_python(&ops).unwrap_or_else(|err| panic!("{name}: {err}"));
        let output = Command::new(python)
            .args(["-c", &program])
            .output()
            .expect("python3 runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let got: Vec<&str> = stdout.lines().collect();
        if !output.status.success() || !stderr.is_empty() || got != expected {
            failures.push(format!(
                "{name}:\n  refgc:   {expected:?}\n  CPython: {got:?}\n  stderr: {stderr}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} scenario(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
