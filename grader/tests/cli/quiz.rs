//! The quiz: answers graded right, wrong (with a diff) or not answered; a malformed answers file
//! or a bad quiz file refused with the file and the line or field named; the quiz as the `quiz`
//! entry of every report format, counted by `--min-score`.
//!
//! The items are the fixture quiz in `grader/tests/fixtures/quiz/`, given as a teacher's
//! `--hidden-dir` whose manifest grades only `01-refcount`.

use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::fixtures::{checksums, copy_dir};
use crate::{exercise, grader, json_report, project_root};

/// A hidden directory with the fixture quiz and a manifest of `01-refcount` alone.
pub(crate) fn fixture_hidden_dir() -> tempfile::TempDir {
    let root = project_root();
    let hidden = tempfile::tempdir().expect("temp dir");
    let manifest = fs::read_to_string(root.join("grader/hidden/manifest.toml")).expect("manifest");
    let mut parts = manifest.split("[[exercise]]");
    let head = parts.next().expect("the manifest's head");
    let first = parts
        .find(|part| part.contains("name = \"01-refcount\""))
        .expect("01-refcount in the manifest");
    fs::write(
        hidden.path().join("manifest.toml"),
        format!("{head}[[exercise]]{first}"),
    )
    .expect("write manifest");
    copy_dir(
        &root.join("grader/hidden/01-refcount"),
        &hidden.path().join("01-refcount"),
    );
    copy_dir(
        &root.join("grader/tests/fixtures/quiz"),
        &hidden.path().join("quiz"),
    );
    hidden
}

/// A submission folder holding only `quiz.toml` with `answers`.
fn answers_tree(answers: &str) -> tempfile::TempDir {
    let tree = tempfile::tempdir().expect("temp dir");
    fs::write(tree.path().join("quiz.toml"), answers).expect("write answers");
    tree
}

/// Grading the submission `tree` with the hidden tests and quiz of `hidden`.
fn submission_args<'a>(hidden: &'a tempfile::TempDir, tree: &'a tempfile::TempDir) -> [&'a str; 4] {
    [
        "--hidden-dir",
        path(hidden.path()),
        "--submission",
        path(tree.path()),
    ]
}

/// `cargo grade quiz` of the answers in `tree` with the quiz of `hidden`.
fn quiz_args<'a>(hidden: &'a tempfile::TempDir, tree: &'a tempfile::TempDir) -> [&'a str; 5] {
    let [hidden_flag, hidden, submission_flag, submission] = submission_args(hidden, tree);
    [hidden_flag, hidden, submission_flag, submission, "quiz"]
}

fn path(dir: &Path) -> &str {
    dir.to_str().expect("UTF-8 temp path")
}

const MIXED_ANSWERS: &str = r#"[01-refcount]
getrefcount-of-a-new-list = " One "
rc-strong-count = "c"
drop-order = ""

[03-cycles]
del-does-not-free-a-cycle = "b)"
collect-returns = """
2
1
"""
"#;

fn test<'a>(quiz: &'a Value, name: &str) -> &'a Value {
    quiz["tests"]
        .as_array()
        .expect("tests")
        .iter()
        .find(|t| t["name"] == name)
        .unwrap_or_else(|| panic!("no quiz item {name}: {quiz:#}"))
}

#[test]
fn answers_are_right_wrong_or_not_answered() {
    let hidden = fixture_hidden_dir();
    let tree = answers_tree(MIXED_ANSWERS);
    let before = checksums(tree.path());
    let args = quiz_args(&hidden, &tree);
    let (report, output) = json_report(&project_root(), &args);
    assert_eq!(output.status.code(), Some(0), "{report:#}");
    let quiz = exercise(&report, "quiz");
    assert_eq!(quiz["status"], "fail");
    assert_eq!(
        (quiz["score"].as_u64(), quiz["max_score"].as_u64()),
        (Some(2), Some(7))
    );
    assert_eq!(report["score"], 2, "the report is the quiz alone");

    let right = test(quiz, "01-refcount.getrefcount-of-a-new-list");
    assert_eq!(right["status"], "pass");
    assert_eq!(right["points"], 1);
    let message = right["message"].as_str().unwrap();
    assert!(
        message.contains("argument of the call"),
        "explanation shown: {message}"
    );

    let letter_with_paren = test(quiz, "03-cycles.del-does-not-free-a-cycle");
    assert_eq!(letter_with_paren["status"], "pass", "`b)` is the letter b");

    let wrong_choice = test(quiz, "01-refcount.rc-strong-count");
    assert_eq!(wrong_choice["status"], "fail");
    let message = wrong_choice["message"].as_str().unwrap();
    assert!(
        message.contains("expected b) 2; you answered c)"),
        "{message}"
    );
    assert!(
        message.contains("two handles, count 2"),
        "explanation shown: {message}"
    );

    let wrong_output = test(quiz, "03-cycles.collect-returns");
    assert_eq!(wrong_output["status"], "fail");
    assert_eq!(wrong_output["points"], 0);
    assert_eq!(wrong_output["diff"]["expected"], "2\n0\n");
    assert_eq!(wrong_output["diff"]["got"], "2\n1\n");

    let unanswered = test(quiz, "01-refcount.drop-order");
    assert_eq!(unanswered["status"], "todo");
    assert_eq!(
        unanswered["message"], "not answered",
        "no explanation before an answer"
    );

    // The human report: a line diff of the output, the explanations.
    let output = grader(&project_root(), &args);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("- 0"), "expected line: {text}");
    assert!(text.contains("+ 1"), "given line: {text}");
    assert!(text.contains("Why: Two objects in one cycle"), "{text}");
    assert!(text.contains("Score: 2/7"), "{text}");
    assert_eq!(
        before,
        checksums(tree.path()),
        "grading changed the answers"
    );

    // One chapter.
    let mut one = args.to_vec();
    one.push("cycles");
    let (report, _) = json_report(&project_root(), &one);
    let names: Vec<&str> = exercise(&report, "quiz")["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "03-cycles.collect-returns",
            "03-cycles.del-does-not-free-a-cycle"
        ]
    );
}

#[test]
fn a_choice_answered_with_its_text_is_a_format_error_that_reveals_nothing() {
    let hidden = fixture_hidden_dir();
    // The right choice's text, and a wrong one's: neither is a letter.
    let tree = answers_tree(
        "[01-refcount]\nrc-strong-count = \"b) 2\"\n\n\
         [03-cycles]\ndel-does-not-free-a-cycle = \"at the second del\"\n",
    );
    let args = quiz_args(&hidden, &tree);
    let (report, output) = json_report(&project_root(), &args);
    assert_eq!(output.status.code(), Some(0), "{report:#}");
    let quiz = exercise(&report, "quiz");
    assert_eq!(quiz["score"], 0, "{quiz:#}");
    for (name, given, last) in [
        ("01-refcount.rc-strong-count", "b) 2", 'c'),
        (
            "03-cycles.del-does-not-free-a-cycle",
            "at the second del",
            'c',
        ),
    ] {
        let item = test(quiz, name);
        assert_eq!(item["status"], "todo", "counted as not answered: {item:#}");
        assert_eq!(item["points"], 0);
        let message = item["message"].as_str().unwrap();
        assert_eq!(
            message,
            format!("answer with a letter from a to {last} (you wrote {given:?})"),
            "the format, and no right choice, no explanation"
        );
    }
    let text = String::from_utf8_lossy(&grader(&project_root(), &args).stdout).into_owned();
    assert!(text.contains("answer with a letter from a to c"), "{text}");
    assert!(!text.contains("expected"), "no right choice named: {text}");
    assert!(
        !text.contains("Why:"),
        "no explanation before an answer: {text}"
    );
}

#[test]
fn a_malformed_answers_file_is_refused_with_its_line() {
    let hidden = fixture_hidden_dir();
    let text = "[01-refcount]\nrc-strong-count = \"b\n";
    let tree = answers_tree(text);
    let output = grader(
        &project_root(),
        &[
            "--hidden-dir",
            path(hidden.path()),
            "--submission",
            path(tree.path()),
            "quiz",
        ],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("quiz.toml"), "the file is named: {stderr}");
    assert!(stderr.contains("line 2"), "the line is named: {stderr}");
    assert_eq!(
        fs::read_to_string(tree.path().join("quiz.toml")).unwrap(),
        text
    );
}

/// Grades the fixture quiz with its items file `file` edited by `edit`; returns exit code and stderr.
fn with_bad_quiz(edit: impl FnOnce(&Path)) -> (Option<i32>, String) {
    let hidden = fixture_hidden_dir();
    edit(&hidden.path().join("quiz"));
    let output = grader(
        &project_root(),
        &["--hidden-dir", path(hidden.path()), "quiz"],
    );
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn replace_in(file: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(file).expect("quiz file");
    assert!(text.contains(from), "{from:?} in {}", file.display());
    fs::write(file, text.replacen(from, to, 1)).expect("write quiz file");
}

/// A way to break the fixture quiz: what it is, the edit of the quiz folder, what the error names.
type BadQuiz = (
    &'static str,
    Box<dyn FnOnce(&Path)>,
    &'static [&'static str],
);

#[test]
fn bad_quiz_files_are_refused_naming_the_file_and_field() {
    let cases: [BadQuiz; 7] = [
        (
            "an unknown field",
            Box::new(|dir| {
                replace_in(
                    &dir.join("03-cycles.toml"),
                    "explanation =",
                    "explenation =",
                )
            }),
            &["03-cycles.toml", "explenation"],
        ),
        (
            "a missing .out",
            Box::new(|dir| {
                fs::remove_file(dir.join("programs/03-cycles/collect_returns.out")).unwrap()
            }),
            &[
                "03-cycles.toml",
                "item[0]",
                "program",
                "collect_returns.out",
            ],
        ),
        (
            "a missing program",
            Box::new(|dir| {
                replace_in(&dir.join("03-cycles.toml"), "collect_returns.py", "gone.py")
            }),
            &["03-cycles.toml", "program", "gone.py"],
        ),
        (
            "a duplicate id",
            Box::new(|dir| {
                replace_in(
                    &dir.join("03-cycles.toml"),
                    "\"del-does-not-free-a-cycle\"",
                    "\"collect-returns\"",
                )
            }),
            &[
                "03-cycles.toml",
                "item[1]",
                "\"collect-returns\"",
                "id",
                "twice",
            ],
        ),
        (
            "a choice answer that is no letter of the choices",
            Box::new(|dir| {
                replace_in(
                    &dir.join("03-cycles.toml"),
                    "answer = \"B\"",
                    "answer = \"d\"",
                )
            }),
            &[
                "03-cycles.toml",
                "del-does-not-free-a-cycle",
                "answer",
                "a to c",
            ],
        ),
        (
            "an empty accept list",
            Box::new(|dir| {
                replace_in(
                    &dir.join("01-refcount.toml"),
                    "accept = [\"1\", \"one\"]",
                    "accept = []",
                )
            }),
            &["01-refcount.toml", "getrefcount-of-a-new-list", "accept"],
        ),
        (
            "a chapter with no book page",
            Box::new(|dir| {
                let text = fs::read_to_string(dir.join("03-cycles.toml")).unwrap();
                fs::write(
                    dir.join("99-nowhere.toml"),
                    text.replace("\"03-cycles\"", "\"99-nowhere\""),
                )
                .unwrap();
            }),
            &["99-nowhere.toml", "chapter", "book/src/99-nowhere.md"],
        ),
    ];
    for (what, edit, needles) in cases {
        let (code, stderr) = with_bad_quiz(edit);
        assert_eq!(code, Some(2), "{what}: exit 2; stderr:\n{stderr}");
        for needle in needles {
            assert!(stderr.contains(needle), "{what}: {needle:?} in:\n{stderr}");
        }
    }
}

#[test]
fn the_quiz_counts_in_the_score_and_every_format() {
    let root = project_root();
    let hidden = fixture_hidden_dir();
    let tree = tempfile::tempdir().expect("temp dir");
    copy_dir(
        &root.join("solutions/01-refcount"),
        &tree.path().join("01-refcount"),
    );
    fs::write(tree.path().join("quiz.toml"), MIXED_ANSWERS).expect("write answers");
    let base = submission_args(&hidden, &tree);

    let mut args = base.to_vec();
    args.extend(["--min-score", "100"]);
    let (report, output) = json_report(&root, &args);
    assert_eq!(
        output.status.code(),
        Some(1),
        "the exercise has full marks, the quiz does not: below 100 %"
    );
    let names: Vec<&str> = report["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["01-refcount", "quiz"], "the quiz is the last entry");
    let refcount = exercise(&report, "01-refcount");
    assert_eq!(refcount["score"], refcount["max_score"]);
    assert_eq!(
        report["score"].as_u64(),
        Some(refcount["score"].as_u64().unwrap() + 2)
    );
    assert_eq!(
        report["max_score"].as_u64(),
        Some(refcount["max_score"].as_u64().unwrap() + 7)
    );

    let format = |name: &str| {
        let mut args = base.to_vec();
        args.extend(["--format", name]);
        String::from_utf8(grader(&root, &args).stdout).expect("UTF-8 report")
    };
    let junit = format("junit");
    crate::specs::assert_valid_junit(&junit, "--format junit");
    assert!(
        junit.contains("<testsuite name=\"quiz\" tests=\"5\" failures=\"3\" errors=\"0\">"),
        "{junit}"
    );
    assert!(
        junit.contains("name=\"03-cycles.collect-returns\""),
        "{junit}"
    );
    let gradescope: Value = serde_json::from_str(&format("gradescope")).expect("results.json");
    crate::specs::assert_valid_json(
        "gradescope-results.schema.json",
        &gradescope,
        "--format gradescope",
    );
    let item = gradescope["tests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| {
            t["name"]
                .as_str()
                .unwrap()
                .starts_with("quiz::01-refcount.rc-strong-count")
        })
        .unwrap_or_else(|| panic!("the quiz item in results.json: {gradescope:#}"));
    assert_eq!(item["status"], "failed");
    assert_eq!(item["max_score"], 1);
    assert_eq!(gradescope["score"], report["score"]);
    let human = format("human");
    assert!(human.contains("quiz"), "{human}");
    assert!(
        human.contains("1 not answered"),
        "unanswered items are one line: {human}"
    );

    // A malformed answers file costs the quiz, not the exercises.
    fs::write(tree.path().join("quiz.toml"), "[03-cycles\n").expect("write answers");
    let (report, output) = json_report(&root, &base);
    assert_eq!(output.status.code(), Some(0), "{report:#}");
    let quiz = exercise(&report, "quiz");
    assert_eq!(quiz["status"], "error");
    assert!(
        quiz["diagnostics"].as_str().unwrap().contains("line 1"),
        "{quiz:#}"
    );
    assert_eq!(exercise(&report, "01-refcount")["status"], "pass");
}

/// Grading the quiz with the exercises keeps what grading the exercises said about the run:
/// the sandbox, each exercise's ignored files and integrity findings (the quiz merge once
/// rebuilt the report and dropped the sandbox).
#[test]
fn the_quiz_merge_keeps_every_report_level_field() {
    let root = project_root();
    let hidden = fixture_hidden_dir();
    let tree = tempfile::tempdir().expect("temp dir");
    let crate_dir = tree.path().join("01-refcount");
    copy_dir(&root.join("solutions/01-refcount"), &crate_dir);
    fs::write(crate_dir.join("NOTES.txt"), "not graded\n").expect("write a stray file");
    let lib = crate_dir.join("src/lib.rs");
    let mut source = fs::read_to_string(&lib).expect("lib.rs");
    source.push_str("\npub fn peek() -> bool {\n    std::env::var(\"HOME\").is_ok()\n}\n");
    fs::write(&lib, source).expect("write lib.rs");
    fs::write(tree.path().join("quiz.toml"), MIXED_ANSWERS).expect("write answers");
    let base = submission_args(&hidden, &tree);

    let (report, output) = json_report(&root, &base);
    assert_eq!(output.status.code(), Some(0), "{report:#}");
    assert_eq!(
        crate::exercise_names(&report),
        ["01-refcount", "quiz"],
        "the quiz is merged: {report:#}"
    );
    assert!(
        report["sandbox"]["note"]
            .as_str()
            .is_some_and(|n| !n.is_empty()),
        "the sandbox survives the quiz merge: {report:#}"
    );
    let refcount = exercise(&report, "01-refcount");
    assert!(
        refcount["ignored_files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "01-refcount/NOTES.txt"),
        "{refcount:#}"
    );
    let lines: Vec<u64> = refcount["integrity"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "env")
        .map(|f| f["line"].as_u64().unwrap())
        .collect();
    assert!(!lines.is_empty(), "the env read is found: {refcount:#}");
    assert_eq!(
        report["score"].as_u64(),
        Some(refcount["score"].as_u64().unwrap() + 2),
        "the totals count the quiz: {report:#}"
    );

    let mut args = base.to_vec();
    args.extend(["--format", "human"]);
    let human = String::from_utf8(grader(&root, &args).stdout).expect("UTF-8 report");
    assert!(
        human.lines().any(|line| line.starts_with("Sandbox: ")),
        "the Sandbox line: {human}"
    );
    assert!(human.contains("01-refcount/NOTES.txt"), "{human}");
    assert!(human.contains("reads the environment"), "{human}");
}
