//! A broken manifest stops the grader before anything is built: exit code 2 and one message that
//! names the file and the field.

use std::fs;
use std::path::Path;

use crate::fixtures::copy_dir;
use crate::{grader, project_root};

/// A private copy of `grader/hidden` (as a teacher's `--hidden-dir` would be), changed by
/// `edit`; returns the grader's exit code and stderr for `cargo grade ARGS…`.
fn grade_with_hidden(edit: impl FnOnce(&Path), args: &[&str]) -> (Option<i32>, String) {
    let hidden = tempfile::tempdir().expect("temp dir");
    copy_dir(&project_root().join("grader/hidden"), hidden.path());
    edit(hidden.path());
    let hidden_dir = hidden.path().to_str().expect("UTF-8 temp path");
    let mut all = vec!["--hidden-dir", hidden_dir];
    all.extend_from_slice(args);
    let output = grader(&project_root(), &all);
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// [`grade_with_hidden`] with `edit` applied to the manifest's text.
fn grade_with_manifest(edit: impl FnOnce(&str) -> String, args: &[&str]) -> (Option<i32>, String) {
    grade_with_hidden(
        |dir| {
            let manifest = dir.join("manifest.toml");
            let text = fs::read_to_string(&manifest).expect("manifest");
            fs::write(&manifest, edit(&text)).expect("write manifest");
        },
        args,
    )
}

/// Replaces the first `points = N` of the manifest.
fn first_points(text: &str, replacement: &str) -> String {
    let start = text.find("\npoints = ").expect("a test with points") + 1;
    let end = start + text[start..].find('\n').expect("line end");
    format!("{}{replacement}{}", &text[..start], &text[end..])
}

fn assert_manifest_error(code: Option<i32>, stderr: &str, needles: &[&str]) {
    assert_eq!(
        code,
        Some(2),
        "a manifest error exits with 2; stderr:\n{stderr}"
    );
    assert!(
        stderr.contains("manifest.toml"),
        "the file is named:\n{stderr}"
    );
    for needle in needles {
        assert!(stderr.contains(needle), "expected {needle:?} in:\n{stderr}");
    }
}

#[test]
fn zero_points_are_refused() {
    let (code, stderr) = grade_with_manifest(|text| first_points(text, "points = 0"), &[]);
    assert_manifest_error(
        code,
        &stderr,
        &["exercise[0]", "points", "above zero, got 0"],
    );
}

#[test]
fn an_unknown_gradescope_visibility_is_refused() {
    let (code, stderr) = grade_with_manifest(
        |text| first_points(text, "points = 2\nvisibility = \"secret\""),
        &[],
    );
    assert_manifest_error(
        code,
        &stderr,
        &[
            "exercise[0]",
            "visibility",
            "visible, hidden, after_due_date, after_published",
            "got \"secret\"",
        ],
    );
}

#[test]
fn negative_points_are_refused() {
    let (code, stderr) = grade_with_manifest(|text| first_points(text, "points = -3"), &[]);
    assert_manifest_error(code, &stderr, &["points", "got -3"]);
}

#[test]
fn a_test_missing_from_the_hidden_tests_is_refused() {
    let (code, stderr) = grade_with_manifest(
        |text| format!("{text}\n[[exercise.test]]\nname = \"no_such_test\"\npoints = 1\n"),
        &[],
    );
    assert_manifest_error(code, &stderr, &["no_such_test", "tests.rs"]);
}

#[test]
fn a_hidden_test_missing_from_the_manifest_is_refused() {
    let (code, stderr) = grade_with_hidden(
        |dir| {
            let first = crate::first_exercise_dir(dir);
            let tests = first.join("tests.rs");
            let mut text = fs::read_to_string(&tests).expect("tests.rs");
            text.push_str("\n#[test]\nfn unlisted_extra() {}\n");
            fs::write(&tests, text).expect("write tests.rs");
        },
        &[],
    );
    assert_manifest_error(code, &stderr, &["unlisted_extra", "does not list"]);
}

#[test]
fn unknown_fields_are_refused() {
    let (code, stderr) = grade_with_manifest(|text| text.replacen("points =", "pionts =", 1), &[]);
    assert_manifest_error(code, &stderr, &["pionts"]);
}

#[test]
fn a_missing_chapter_is_refused() {
    let (code, stderr) = grade_with_manifest(
        |text| {
            let start = text.find("chapter = ").expect("a chapter");
            let end = start + text[start..].find('\n').expect("line end");
            format!(
                "{}chapter = \"no-such-chapter.md\"{}",
                &text[..start],
                &text[end..]
            )
        },
        &[],
    );
    assert_manifest_error(code, &stderr, &["chapter", "no-such-chapter.md"]);
}

#[test]
fn an_unknown_exercise_is_refused() {
    let output = grader(&project_root(), &["check", "99-no-such-exercise"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("unknown exercise"), "{stderr}");
    assert!(stderr.contains("manifest.toml"), "{stderr}");
}

#[test]
fn an_unknown_integrity_kind_is_refused() {
    let (code, stderr) = grade_with_manifest(
        |text| {
            text.replacen(
                "integrity_allows = [\"unsafe\"]",
                "integrity_allows = [\"unsafe\", \"threads\"]",
                1,
            )
        },
        &[],
    );
    assert_manifest_error(
        code,
        &stderr,
        &[
            "exercise[1] (\"02-my-rc\").integrity_allows",
            "unknown kind \"threads\"",
            "panic_hook",
        ],
    );
}
