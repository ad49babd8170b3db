//! Every scenario in `scenarios/` must print the same lines on refgc and on CPython (`python3`,
//! 3.11 or newer). Without python3 the test fails when `CI` is set and says it skipped otherwise.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use refgc::{python, scenario};

use common::run_batch;

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

#[test]
fn there_are_enough_scenarios() {
    assert!(
        scenario_files().len() >= 25,
        "the issue asks for at least 25 scenarios"
    );
}

#[test]
fn scenarios_print_the_same_on_refgc_and_cpython() {
    let Some(python3) = common::python() else {
        return;
    };
    let mut names = Vec::new();
    let mut expected = Vec::new();
    let mut programs = Vec::new();
    for file in scenario_files() {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let text = fs::read_to_string(&file).expect("readable scenario");
        let ops = scenario::parse(&text).unwrap_or_else(|err| panic!("{name}: {err}"));
        expected.push(scenario::replay(&ops).unwrap_or_else(|err| panic!("{name}: {err}")));
        programs.push(python::to_python(&ops).unwrap_or_else(|err| panic!("{name}: {err}")));
        names.push(name);
    }
    let mut failures = Vec::new();
    for (i, outcome) in run_batch(python3, &programs).iter().enumerate() {
        if !outcome.success || !outcome.stderr.is_empty() || outcome.lines != expected[i] {
            failures.push(format!(
                "{}:\n  refgc:   {:?}\n  CPython: {:?}\n  stderr: {}",
                names[i], expected[i], outcome.lines, outcome.stderr
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
