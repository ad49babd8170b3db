//! Mutation testing: the records `cargo grade mutants` keeps must be current, meet the goal, and
//! agree with `MUTANTS.md`; `--check` verifies that without running cargo-mutants.

use std::fs;

use crate::fixtures::copy_dir;
use crate::{grader, project_root};

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn the_kept_mutation_records_are_current_and_meet_the_goal() {
    let output = grader(&project_root(), &["mutants", "--check"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "`cargo grade mutants --check` found a problem (run `cargo grade mutants NAME` after changing an exercise):\n{}{}",
        stdout(&output),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_changed_test_or_an_unexplained_survivor_fails_the_check() {
    let hidden = tempfile::tempdir().expect("a temporary folder");
    copy_dir(&project_root().join("grader/hidden"), hidden.path());
    let hidden_dir = hidden.path().to_str().expect("a UTF-8 path");

    // The hidden tests change after the record was made: the record is out of date.
    let tests = hidden.path().join("01-refcount/tests.rs");
    let mut text = fs::read_to_string(&tests).unwrap();
    text.push_str("\n// an edit after the mutation run\n");
    fs::write(&tests, text).unwrap();
    // A survivor nobody explained.
    let record_path = hidden.path().join("02-my-rc/mutants.json");
    let mut record: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&record_path).unwrap()).unwrap();
    record["survivors"] = serde_json::json!([{ "mutant": "src/lib.rs:1:1: replace f with ()" }]);
    fs::write(&record_path, record.to_string()).unwrap();

    let output = grader(
        &project_root(),
        &["--hidden-dir", hidden_dir, "mutants", "--check"],
    );
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{out}");
    assert!(
        out.contains("01-refcount: the solution or the hidden tests changed"),
        "{out}"
    );
    assert!(
        out.contains("02-my-rc: survivor not killed and not listed in equivalent-mutants.toml: src/lib.rs:1:1: replace f with ()"),
        "{out}"
    );
    assert!(
        out.contains("MUTANTS.md does not match the records"),
        "{out}"
    );
    assert!(
        !out.contains("03-cycles:"),
        "an untouched exercise has nothing to report: {out}"
    );
}
