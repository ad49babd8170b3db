//! `exercises/` is what `cargo grade stubs` would generate from `solutions/`, and regenerating
//! over a learner's work keeps a backup.

use std::fs;
use std::path::Path;

use crate::fixtures::{checksums, copy_dir, pristine_exercises};
use crate::{first_exercise_dir, grader, json_report, project_root};

/// A maintainer who changed `solutions/` (or the stub rules) and forgot `cargo grade stubs`
/// fails here. A learner's own work in `exercises/` does not count: the check passes when
/// either the working tree or the commit it was checked out at (git's `HEAD`) holds exactly the
/// generated stubs, so a fresh clone is checked as it is and a learner's edits are not mistaken
/// for drift.
#[test]
fn exercises_are_generated_from_solutions() {
    let root = project_root();
    let output = grader(&root, &["stubs", "--check"]);
    if output.status.success() {
        return;
    }
    let working_tree = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let Some(committed) = committed_project_copy() else {
        panic!(
            "exercises/ differs from what `cargo grade stubs` generates from solutions/ (and \
             git cannot show the committed exercises/):\n{working_tree}"
        );
    };
    let output = grader(committed.path(), &["stubs", "--check"]);
    assert!(
        output.status.success(),
        "exercises/ differs from what `cargo grade stubs` generates from solutions/, in the \
         working tree and in git's HEAD (run `cargo grade stubs`, which backs up what it \
         overwrites, and commit the result):\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A copy of the checkout with `exercises/` as git's `HEAD` holds it (`None` without git or
/// outside a repository).
fn committed_project_copy() -> Option<tempfile::TempDir> {
    let root = project_root();
    let copy = project_copy_with(&[]);
    let archive = std::process::Command::new("git")
        .arg("-C")
        .arg(&root)
        .args(["archive", "--format=tar", "HEAD", "exercises"])
        .output()
        .ok()
        .filter(|output| output.status.success())?;
    let mut tar = std::process::Command::new("tar")
        .arg("-x")
        .arg("-C")
        .arg(copy.path())
        .stdin(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    std::io::Write::write_all(&mut tar.stdin.take()?, &archive.stdout).ok()?;
    tar.wait().ok().filter(|status| status.success())?;
    Some(copy)
}

/// A throwaway copy of the checkout with what the grader reads; `exercises/` is the pristine
/// stubs (not the working tree's, which a learner may have edited).
fn project_copy() -> tempfile::TempDir {
    let copy = project_copy_with(&[]);
    copy_dir(pristine_exercises(), &copy.path().join("exercises"));
    copy
}

/// A throwaway copy of the checkout's `Cargo.toml`, `solutions/`, `grader/hidden/` and
/// `book/src/`, and of `dirs` besides.
fn project_copy_with(dirs: &[&str]) -> tempfile::TempDir {
    let root = project_root();
    let copy = tempfile::tempdir().expect("temp dir");
    for dir in ["solutions", "grader/hidden", "book/src"]
        .iter()
        .chain(dirs)
    {
        copy_dir(&root.join(dir), &copy.path().join(dir));
    }
    fs::copy(root.join("Cargo.toml"), copy.path().join("Cargo.toml")).expect("copy");
    copy
}

#[test]
fn reset_backs_up_the_learners_files_first() {
    let copy = project_copy();
    let exercise = first_exercise_dir(&copy.path().join("exercises"));
    let name = exercise.file_name().unwrap().to_str().unwrap().to_string();
    let lib = exercise.join("src/lib.rs");
    let stub = fs::read_to_string(&lib).expect("stub lib.rs");
    let work = format!("{stub}\n// the learner's work in progress\n");
    fs::write(&lib, &work).expect("write");
    fs::write(exercise.join("src/notes.rs"), "// a file of my own\n").expect("write");

    let output = grader(copy.path(), &["reset", &name]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        fs::read_to_string(&lib).unwrap(),
        stub,
        "lib.rs is the stub again"
    );
    assert!(
        !exercise.join("src/notes.rs").exists(),
        "files the stub lacks are moved away"
    );

    let backups = copy.path().join(".grade-backups");
    let saved: Vec<_> = fs::read_dir(&backups).expect("a backup folder").collect();
    assert_eq!(saved.len(), 1, "one backup of this reset");
    let backup = saved[0].as_ref().unwrap().path().join(&name);
    assert_eq!(fs::read_to_string(backup.join("src/lib.rs")).unwrap(), work);
    assert!(backup.join("src/notes.rs").is_file());
    assert!(
        stdout.contains(".grade-backups"),
        "the learner is told where: {stdout}"
    );
}

#[test]
fn stubs_check_reports_drift_without_writing() {
    let copy = project_copy();
    let exercise = first_exercise_dir(&copy.path().join("exercises"));
    fs::write(exercise.join("src/lib.rs"), "// edited\n").expect("write");
    let before = checksums(Path::new(copy.path()));
    let output = grader(copy.path(), &["stubs", "--check"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stdout).contains("differs: exercises/"));
    assert_eq!(before, checksums(copy.path()), "--check writes nothing");
}

/// Runs the grader on `copy` and returns its stdout, failing with both streams unless it exits
/// with `code`.
fn run_expecting(copy: &Path, args: &[&str], code: i32) -> String {
    let output = grader(copy, args);
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert_eq!(
        output.status.code(),
        Some(code),
        "cargo grade {args:?}:\n{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

#[test]
fn the_quiz_files_are_generated_and_checked() {
    let copy = project_copy();
    let root = copy.path();
    let _ = fs::remove_dir_all(root.join("grader/hidden/quiz"));
    copy_dir(
        &project_root().join("grader/tests/fixtures/quiz"),
        &root.join("grader/hidden/quiz"),
    );
    // Start from no generated quiz file at all.
    for file in ["exercises/quiz.toml", "solutions/quiz.toml"] {
        let _ = fs::remove_file(root.join(file));
    }
    let _ = fs::remove_dir_all(root.join("book/src/quiz"));
    let summary_path = root.join("book/src/SUMMARY.md");
    let summary: String = fs::read_to_string(&summary_path)
        .unwrap()
        .lines()
        .filter(|line| !line.contains("](quiz/"))
        .map(|line| format!("{line}\n"))
        .collect();
    fs::write(&summary_path, &summary).unwrap();

    let before = checksums(root);
    let stdout = run_expecting(root, &["stubs", "--check"], 1);
    for needle in [
        "differs: exercises/quiz.toml",
        "differs: solutions/quiz.toml",
        "differs: book/src/quiz/03-cycles.md",
        "differs: book/src/SUMMARY.md",
        "not in book/src/SUMMARY.md: the quiz page of 03-cycles",
    ] {
        assert!(stdout.contains(needle), "{needle:?} in:\n{stdout}");
    }
    assert_eq!(before, checksums(root), "--check writes nothing");

    run_expecting(root, &["stubs"], 0);
    run_expecting(root, &["stubs", "--check"], 0);

    let summary = fs::read_to_string(&summary_path).unwrap();
    assert!(
        summary.contains("(03-cycles.md)\n    - [Quiz](quiz/03-cycles.md)\n"),
        "the quiz page is nested under its chapter:\n{summary}"
    );
    let page = fs::read_to_string(root.join("book/src/quiz/03-cycles.md")).unwrap();
    assert!(page.contains("cargo grade quiz 03-cycles"), "{page}");
    assert!(page.contains("- **b)** at the next collection"), "{page}");
    assert!(
        !page.contains("Their counts stay"),
        "no explanation in the book: {page}"
    );
    let include = page
        .lines()
        .find_map(|line| line.strip_prefix("{{#include ")?.strip_suffix("}}"))
        .expect("the program is included");
    assert!(
        root.join("book/src/quiz").join(include).is_file(),
        "the include {include} resolves from the page"
    );
    let stub = fs::read_to_string(root.join("exercises/quiz.toml")).unwrap();
    assert!(stub.contains("\n[03-cycles]\n"), "{stub}");
    assert!(stub.contains("#   b) at the next collection"), "{stub}");
    assert!(
        stub.contains("del-does-not-free-a-cycle = \"\"\n"),
        "{stub}"
    );
    assert!(
        !stub.contains("Their counts stay"),
        "no explanation in the stub: {stub}"
    );

    // The untouched stub scores 0 %, the solutions 100 %.
    let (report, _) = json_report(root, &["quiz"]);
    assert_eq!(report["score"], 0, "{report:#}");
    assert!(report["max_score"].as_u64().unwrap() > 0);
    let (report, _) = json_report(root, &["--solutions", "quiz"]);
    assert_eq!(report["percent"], 100.0, "{report:#}");

    // Regenerating over the learner's answers keeps them in a backup.
    let answered = stub.replace(
        "del-does-not-free-a-cycle = \"\"",
        "del-does-not-free-a-cycle = \"b\"",
    );
    fs::write(root.join("exercises/quiz.toml"), &answered).unwrap();
    let stdout = run_expecting(root, &["stubs"], 0);
    assert!(stdout.contains(".grade-backups"), "{stdout}");
    let backup = fs::read_dir(root.join(".grade-backups"))
        .unwrap()
        .map(|entry| entry.unwrap().path().join("quiz/exercises/quiz.toml"))
        .find(|path| path.is_file())
        .expect("a backup of exercises/quiz.toml");
    assert_eq!(fs::read_to_string(backup).unwrap(), answered);
    assert_eq!(
        fs::read_to_string(root.join("exercises/quiz.toml")).unwrap(),
        stub
    );

    // A quiz page that SUMMARY.md does not list is reported.
    fs::write(
        &summary_path,
        summary.replace("    - [Quiz](quiz/03-cycles.md)\n", ""),
    )
    .unwrap();
    let stdout = run_expecting(root, &["stubs", "--check"], 1);
    assert!(
        stdout.contains("not in book/src/SUMMARY.md: the quiz page of 03-cycles"),
        "{stdout}"
    );
}
