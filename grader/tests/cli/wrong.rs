//! Known-wrong solutions: every one the project keeps scores below 100 % (the hidden tests catch
//! that mistake), and `cargo grade wrong` says so loudly, with exit code 1, when one does not.

use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::fixtures::{checksums, copy_dir};
use crate::{grader, project_root};

/// `cargo grade wrong ARGS… --format json`: the exit code and the parsed report.
fn wrong_report(args: &[&str]) -> (Option<i32>, Value) {
    let mut all = vec!["--format", "json", "wrong"];
    all.extend_from_slice(args);
    let output = grader(&project_root(), &all);
    let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|err| {
        panic!(
            "no JSON report ({err}); exit {:?}\nstderr:\n{}",
            output.status.code(),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code(), report)
}

/// The exercise folders under `grader/hidden`.
fn hidden_exercises(hidden: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(hidden)
        .expect("readable grader/hidden")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.join("tests.rs").is_file())
        .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn every_known_wrong_solution_compiles_and_is_rejected() {
    let root = project_root();
    let before = checksums(&root.join("solutions"));
    let (code, report) = wrong_report(&[]);
    let variants = report["variants"].as_array().expect("variants");
    for exercise in hidden_exercises(&root.join("grader/hidden")) {
        let kept = variants
            .iter()
            .filter(|v| v["exercise"] == exercise)
            .count();
        assert!(
            kept >= 2,
            "{exercise} keeps {kept} known-wrong solutions; every exercise keeps at least two"
        );
    }
    for variant in variants {
        assert_eq!(
            variant["status"], "fail",
            "compiles, some test fails: {variant:#}"
        );
        assert_eq!(variant["rejected"], true, "{variant:#}");
        assert!(
            variant["score"].as_u64() < variant["max_score"].as_u64(),
            "{variant:#}"
        );
        assert!(
            !variant["failed_tests"].as_array().unwrap().is_empty(),
            "{variant:#}"
        );
    }
    assert_eq!(code, Some(0), "all rejected exits 0: {report:#}");
    assert_eq!(
        before,
        checksums(&root.join("solutions")),
        "grading known-wrong solutions changed a solution file"
    );
}

/// A teacher's copy of the hidden tests with one more known-wrong solution for 01-refcount.
fn hidden_with_variant(name: &str, text: &str) -> tempfile::TempDir {
    let hidden = tempfile::tempdir().expect("temp dir");
    copy_dir(&project_root().join("grader/hidden"), hidden.path());
    let dir = hidden.path().join("01-refcount/wrong");
    fs::create_dir_all(&dir).expect("wrong/ folder");
    fs::write(dir.join(name), text).expect("variant file");
    hidden
}

#[test]
fn a_mistake_the_hidden_tests_miss_is_reported_with_exit_code_1() {
    // Changing a doc comment is no mistake at all: nothing can catch it.
    let hidden = hidden_with_variant(
        "harmless.toml",
        "about = \"changes a comment only\"\n\n[[replace]]\nfile = \"src/lib.rs\"\n\
         find = \"/// The value it was made with.\"\nwith = \"/// The value.\"\n",
    );
    let dir = hidden.path().to_str().expect("UTF-8 path");
    let (code, report) = wrong_report(&["--hidden-dir", dir, "01-refcount"]);
    assert_eq!(code, Some(1), "{report:#}");
    let harmless = report["variants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["variant"] == "harmless")
        .expect("the added variant is graded");
    assert_eq!(harmless["rejected"], false);
    assert_eq!(harmless["score"], harmless["max_score"]);
    assert_eq!(
        report["rejected"].as_u64(),
        Some(report["total"].as_u64().unwrap() - 1)
    );

    let output = grader(
        &project_root(),
        &["--hidden-dir", dir, "wrong", "01-refcount"],
    );
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("01-refcount/harmless"), "{text}");
    assert!(text.contains("NOT REJECTED"), "{text}");
}

#[test]
fn a_variant_whose_find_text_is_not_in_the_solution_is_an_error_naming_the_file() {
    let hidden = hidden_with_variant(
        "stale.toml",
        "about = \"edits code that is no longer there\"\n\n[[replace]]\nfile = \"src/lib.rs\"\n\
         find = \"this text is not in the solution\"\nwith = \"x\"\n",
    );
    let dir = hidden.path().to_str().expect("UTF-8 path");
    let output = grader(
        &project_root(),
        &["--hidden-dir", dir, "wrong", "01-refcount"],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("stale.toml"), "{stderr}");
    assert!(stderr.contains("occurs 0 times"), "{stderr}");
}
