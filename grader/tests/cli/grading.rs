//! Grading for real: solutions score 100 %, stubs 0 % with every test `todo`, and each kind of
//! broken submission gets its own status and 0 points while the rest of the run is unaffected.

use std::path::Path;

use serde_json::Value;

use crate::fixtures::{checksums, copy_dir, patch_fn_region, pristine_exercises};
use crate::{exercise, exercise_names, grader, json_report, project_root};

#[test]
fn solutions_score_full_marks() {
    let root = project_root();
    let before = checksums(&root.join("solutions"));
    let (report, output) = json_report(&root, &["--solutions", "--min-score", "100"]);
    assert_eq!(output.status.code(), Some(0), "{report:#}");
    assert_eq!(report["score"], report["max_score"], "{report:#}");
    assert!(report["max_score"].as_u64().unwrap() > 0);
    for exercise in report["exercises"].as_array().unwrap() {
        assert_eq!(exercise["status"], "pass", "{exercise:#}");
        // The manifest's `integrity_allows` covers what each solution needs.
        assert_eq!(exercise["integrity"], serde_json::json!([]), "{exercise:#}");
        for test in exercise["tests"].as_array().unwrap() {
            assert_eq!(test["status"], "pass", "{test:#}");
            assert_eq!(test["points"], test["max_points"]);
        }
    }
    assert_eq!(
        before,
        checksums(&root.join("solutions")),
        "grading changed a file"
    );
}

/// The stubs, graded for real (`--build-untouched`: every hidden test built and run), score 0
/// with every test `todo`; and graded as a learner's untouched exercises are (reported "not
/// started" without a build), they get exactly the same statuses and points, with no test
/// process at all. The stubs are the pristine ones generated from `solutions/`, so a learner's
/// edits to `exercises/` change nothing here.
#[test]
fn stubs_score_zero_with_every_test_todo() {
    let root = project_root();
    let stubs = pristine_exercises().to_str().expect("UTF-8 path");
    let before = checksums(pristine_exercises());
    let (report, output) = json_report(
        &root,
        &[
            "--submission",
            stubs,
            "--build-untouched",
            "--min-score",
            "1",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "below --min-score exits 1");
    assert_eq!(report["score"], 0, "{report:#}");
    assert_eq!(report["percent"], 0.0);
    for exercise in report["exercises"].as_array().unwrap() {
        assert_eq!(exercise["status"], "todo", "{exercise:#}");
        for test in exercise["tests"].as_array().unwrap() {
            assert_eq!(test["status"], "todo", "{test:#}");
            assert_eq!(test["points"], 0);
        }
    }
    assert!(report["sandbox"].is_object(), "the tests ran: {report:#}");

    let (shortcut, _) = json_report(&root, &["--submission", stubs]);
    let outcomes = |report: &Value| -> Vec<(Value, Value, Value, Value)> {
        report["exercises"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|exercise| {
                exercise["tests"].as_array().unwrap().iter().map(|test| {
                    (
                        exercise["name"].clone(),
                        test["name"].clone(),
                        test["status"].clone(),
                        test["points"].clone(),
                    )
                })
            })
            .collect()
    };
    assert_eq!(outcomes(&report), outcomes(&shortcut));
    assert!(
        shortcut["sandbox"].is_null(),
        "nothing was built or run for untouched stubs: {shortcut:#}"
    );
    assert_eq!(
        before,
        checksums(pristine_exercises()),
        "grading changed a file"
    );
}

#[test]
fn check_shows_every_test_of_one_exercise() {
    let root = project_root();
    let (all, _) = json_report(&root, &["--solutions"]);
    let names = exercise_names(&all);
    let (report, _) = json_report(&root, &["--solutions", "check", &names[0]]);
    assert_eq!(exercise_names(&report), [names[0].clone()]);
    let output = grader(&root, &["--solutions", "check", &names[0]]);
    let text = String::from_utf8_lossy(&output.stdout);
    for test in exercise(&all, &names[0])["tests"].as_array().unwrap() {
        let name = test["name"].as_str().unwrap();
        assert!(text.contains(name), "check lists {name}:\n{text}");
    }
}

#[test]
fn list_and_hint_answer() {
    let root = project_root();
    let output = grader(&root, &["--solutions", "list"]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{text}");
    assert!(text.contains("PASS"), "{text}");
    let (report, _) = json_report(&root, &["--solutions"]);
    let first = &exercise_names(&report)[0];
    let output = grader(&root, &["hint", first]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{text}");
    assert!(text.contains("1. "), "{text}");
}

/// One way to break a solution, and what the grader must say about it.
struct Sabotage {
    exercise: &'static str,
    file: &'static str,
    /// The function whose solution region is replaced.
    function: &'static str,
    /// What replaces it.
    body: &'static str,
    /// The status of every affected test.
    status: &'static str,
    /// Text the affected tests' messages must contain.
    message: &'static str,
}

/// Grades a copy of `solutions/` with `sabotage` applied; checks that nothing in the copy
/// changed, that the other exercises kept full marks, and returns the sabotaged exercise.
fn grade_sabotaged(sabotage: &Sabotage) -> Value {
    let root = project_root();
    let tree = tempfile::tempdir().expect("temp dir");
    copy_dir(&root.join("solutions"), tree.path());
    patch_fn_region(
        tree.path(),
        &format!("{}/{}", sabotage.exercise, sabotage.file),
        sabotage.function,
        sabotage.body,
    );
    let before = checksums(tree.path());
    let submission = tree.path().to_str().expect("UTF-8 temp path");
    let (report, output) = json_report(&root, &["--submission", submission, "--timeout", "3"]);
    assert_eq!(output.status.code(), Some(0), "{report:#}");
    assert_eq!(
        before,
        checksums(Path::new(submission)),
        "grading changed a file"
    );
    for name in exercise_names(&report) {
        if name != sabotage.exercise {
            let other = exercise(&report, &name);
            assert_eq!(other["score"], other["max_score"], "unaffected: {other:#}");
        }
    }
    exercise(&report, sabotage.exercise).clone()
}

/// Every test that did not pass has the sabotage's status, 0 points and its message; at least
/// one test is affected. Compile-fail tests blocked by an affected test are skipped.
fn assert_affected(graded: &Value, sabotage: &Sabotage) {
    let tests = graded["tests"].as_array().unwrap();
    let affected: Vec<&Value> = tests
        .iter()
        .filter(|test| test["status"] != "pass")
        .filter(|test| {
            !test["message"]
                .as_str()
                .unwrap_or("")
                .starts_with("graded once")
        })
        .collect();
    assert!(
        !affected.is_empty(),
        "the sabotage affected no test: {graded:#}"
    );
    for test in &affected {
        assert_eq!(test["status"], sabotage.status, "{test:#}");
        assert_eq!(test["points"], 0, "{test:#}");
        let message = test["message"].as_str().unwrap_or("");
        assert!(message.contains(sabotage.message), "{test:#}");
    }
    assert!(
        tests.iter().any(|test| test["status"] == "pass"),
        "tests that do not touch the sabotage still pass: {graded:#}"
    );
}

/// Breaks `MyRc::strong_count` (a `usize`), which some hidden tests use and others do not.
fn sabotage(body: &'static str, status: &'static str, message: &'static str) -> Sabotage {
    Sabotage {
        exercise: "02-my-rc",
        file: "src/lib.rs",
        function: "strong_count",
        body,
        status,
        message,
    }
}

#[test]
fn a_failed_assertion_is_fail_with_a_diff() {
    let s = sabotage("usize::MAX", "fail", "");
    let graded = grade_sabotaged(&s);
    assert_affected(&graded, &s);
    let diffs = graded["tests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|test| test["diff"].is_object())
        .count();
    assert!(
        diffs > 0,
        "an assert_eq! failure carries got/expected: {graded:#}"
    );
}

#[test]
fn an_endless_loop_is_timeout() {
    let s = sabotage(
        "loop { std::hint::spin_loop() }",
        "timeout",
        "did not finish within 3 s",
    );
    assert_affected(&grade_sabotaged(&s), &s);
}

#[test]
fn a_stack_overflow_is_crash() {
    let s = sabotage(
        "{ fn deeper(depth: u64) -> u64 { 1 + deeper(std::hint::black_box(depth + 1)) } deeper(0) as usize }",
        "crash",
        "stack overflow",
    );
    assert_affected(&grade_sabotaged(&s), &s);
}

#[test]
fn an_abort_is_crash() {
    let s = sabotage("std::process::abort()", "crash", "SIGABRT");
    assert_affected(&grade_sabotaged(&s), &s);
}

#[test]
fn exit_zero_is_not_a_pass() {
    let s = sabotage("std::process::exit(0)", "fail", "exited with code 0");
    assert_affected(&grade_sabotaged(&s), &s);
}

#[test]
fn a_forged_success_line_is_not_a_pass() {
    let s = sabotage(
        "{ println!(\"test result: ok. 1 passed; 0 failed; 0 ignored\"); std::process::exit(0) }",
        "fail",
        "exited with code 0",
    );
    assert_affected(&grade_sabotaged(&s), &s);
}

#[test]
fn code_that_does_not_compile_is_error_and_the_rest_still_grades() {
    let s = sabotage("\"not a number\"", "error", "did not compile");
    let graded = grade_sabotaged(&s);
    assert_eq!(graded["status"], "error", "{graded:#}");
    assert_eq!(graded["score"], 0);
    let diagnostics = graded["diagnostics"].as_str().unwrap_or("");
    assert!(diagnostics.contains("error[E0308]"), "{diagnostics}");
    for test in graded["tests"].as_array().unwrap() {
        assert_eq!(test["status"], "error", "{test:#}");
    }
}

/// A crate that lets a must-not-compile case compile gets `fail` for that case, with a verdict
/// about that case alone, while the other case (rejected as it should be, in the same build)
/// still passes on its own errors.
#[test]
fn a_compile_fail_case_that_compiles_is_fail_with_its_own_verdict() {
    let root = project_root();
    let tree = tempfile::tempdir().expect("temp dir");
    copy_dir(&root.join("solutions"), tree.path());
    let lib = tree.path().join("02-my-rc/src/lib.rs");
    let mut text = std::fs::read_to_string(&lib).expect("02-my-rc's lib.rs");
    text.push_str("\n// SAFETY: none; a learner's mistake.\nunsafe impl<T> Send for MyRc<T> {}\n");
    std::fs::write(&lib, text).expect("write lib.rs");
    let submission = tree.path().to_str().expect("UTF-8 temp path");
    let (report, output) = json_report(&root, &["--submission", submission, "check", "02-my-rc"]);
    assert_eq!(output.status.code(), Some(0), "{report:#}");
    let graded = exercise(&report, "02-my-rc");
    let test = |name: &str| {
        graded["tests"]
            .as_array()
            .unwrap()
            .iter()
            .find(|test| test["name"] == name)
            .unwrap_or_else(|| panic!("no test {name}: {graded:#}"))
            .clone()
    };
    let not_send = test("my_rc_is_not_send");
    assert_eq!(not_send["status"], "fail", "{not_send:#}");
    assert_eq!(not_send["points"], 0);
    assert_eq!(
        not_send["message"],
        "this program compiled, but your crate must reject it (expected: E0277, Send)",
        "{not_send:#}"
    );
    let no_deref_mut = test("my_rc_gives_no_mutable_access_through_deref");
    assert_eq!(no_deref_mut["status"], "pass", "{no_deref_mut:#}");
}

/// A panic raised inside the standard library (here `Instant + Duration` overflowing, whose own
/// location is in `library/std`) is located at the learner's line that called it.
#[test]
fn a_panic_inside_std_points_at_the_learners_line() {
    let root = project_root();
    let tree = tempfile::tempdir().expect("temp dir");
    copy_dir(
        &root.join("solutions/01-refcount"),
        &tree.path().join("01-refcount"),
    );
    patch_fn_region(
        tree.path(),
        "01-refcount/src/lib.rs",
        "count_handles",
        "    let _ = (value, steps, log);\n    let _ = std::time::Instant::now() + std::time::Duration::MAX;\n    Vec::new()",
    );
    let submission = tree.path().to_str().expect("UTF-8 temp path");
    let (report, _) = json_report(&root, &["--submission", submission, "check", "01-refcount"]);
    let test = exercise(&report, "01-refcount")["tests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "count_handles_measures_any_program")
        .cloned()
        .expect("the test");
    assert_eq!(test["status"], "fail", "{test:#}");
    let message = test["message"].as_str().unwrap();
    assert!(
        message.contains("raised inside Rust's standard library"),
        "{message}"
    );
    let at = message
        .lines()
        .last()
        .and_then(|line| line.strip_prefix("(at "))
        .unwrap_or_else(|| panic!("a location: {message}"));
    assert!(
        at.contains("01-refcount/src/lib.rs:"),
        "the learner's file, not the standard library's: {message}"
    );
}

/// A panic message that draws on the terminal (clear the screen, move the cursor home, write a
/// fake verdict, return to the line's start) is shown escaped in the human report, even in
/// colour: the submission cannot repaint the teacher's screen.
#[test]
fn a_message_cannot_repaint_the_terminal() {
    let root = project_root();
    let tree = tempfile::tempdir().expect("temp dir");
    copy_dir(
        &root.join("solutions/02-my-rc"),
        &tree.path().join("02-my-rc"),
    );
    patch_fn_region(
        tree.path(),
        "02-my-rc/src/lib.rs",
        "strong_count",
        r#"panic!("\x1b[2J\x1b[HPASS   02-my-rc  28/28\r\u{202e}")"#,
    );
    let submission = tree.path().to_str().expect("UTF-8 temp path");
    let output = grader(
        &root,
        &[
            "check",
            "02-my-rc",
            "--submission",
            submission,
            "--color",
            "always",
            "--timeout",
            "3",
        ],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    for raw in ["\x1b[2J", "\x1b[H", "\r", "\u{202e}"] {
        assert!(
            !stdout.contains(raw),
            "{raw:?} reached the terminal:\n{stdout}"
        );
    }
    assert!(
        stdout.contains(r"\u{1b}[2J\u{1b}[HPASS   02-my-rc  28/28\u{d}\u{202e}"),
        "the message, escaped:\n{stdout}"
    );
}
