//! `exercises/` is what `cargo grade stubs` would generate from `solutions/`, and regenerating
//! over a learner's work keeps a backup.

use std::fs;
use std::path::Path;

use crate::fixtures::{checksums, copy_dir};
use crate::{first_exercise_dir, grader, project_root};

#[test]
fn exercises_are_generated_from_solutions() {
    let output = grader(&project_root(), &["stubs", "--check"]);
    assert!(
        output.status.success(),
        "exercises/ differs from what `cargo grade stubs` generates from solutions/:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A throwaway copy of the checkout with what the grader reads.
fn project_copy() -> tempfile::TempDir {
    let root = project_root();
    let copy = tempfile::tempdir().expect("temp dir");
    for dir in ["exercises", "solutions", "grader/hidden", "book/src"] {
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
