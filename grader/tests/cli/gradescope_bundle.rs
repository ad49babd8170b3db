//! `cargo grade gradescope-bundle`: the zip is built through the binary, unpacked by Python's
//! `zipfile` (an independent reader) into a temporary folder laid out as Gradescope's
//! `/autograder`, and its `setup.sh` and `run_autograder` are run there with
//! `GRADESCOPE_AUTOGRADER_ROOT` pointing at it. The `results.json` they write must follow
//! Gradescope's spec and give a copy of the solutions full marks, whether the submission is a
//! whole student repository or the exercise folders themselves.
//!
//! The teacher's `--hidden-dir` grades `01-refcount` alone (a subset, so the test builds one
//! exercise), and `CARGO_TARGET_DIR` points at `target/gradescope-bundle-test/`, so the
//! grader's registry crates build once and are reused by later runs.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use serde_json::Value;

use crate::fixtures::{checksums, copy_dir};
use crate::{grader, project_root};

/// A teacher's hidden directory: the manifest's `01-refcount` entry alone, its first test
/// shown after the due date, and a leaderboard.
fn one_exercise_hidden_dir() -> tempfile::TempDir {
    let root = project_root();
    let hidden = tempfile::tempdir().expect("temp dir");
    let manifest = fs::read_to_string(root.join("grader/hidden/manifest.toml")).expect("manifest");
    let mut parts = manifest.split("[[exercise]]");
    let head = parts.next().expect("the manifest's head");
    let entry = parts
        .find(|part| part.contains("name = \"01-refcount\""))
        .expect("01-refcount in the manifest");
    let at = entry.find("\npoints = ").expect("a test with points") + 1;
    let end = at + entry[at..].find('\n').expect("line end");
    let entry = format!(
        "{}\nvisibility = \"after_due_date\"{}",
        &entry[..end],
        &entry[end..]
    );
    fs::write(
        hidden.path().join("manifest.toml"),
        format!("{head}[gradescope]\nleaderboard = true\n\n[[exercise]]{entry}"),
    )
    .expect("write manifest");
    copy_dir(
        &root.join("grader/hidden/01-refcount"),
        &hidden.path().join("01-refcount"),
    );
    hidden
}

/// Runs `bash SCRIPT` in `autograder` (Gradescope's working directory) with the root moved
/// there; panics with its output unless it succeeds.
fn run_script(autograder: &Path, script: &str) {
    let started = Instant::now();
    let output = Command::new("bash")
        .arg(autograder.join("source").join(script))
        .current_dir(autograder)
        .env("GRADESCOPE_AUTOGRADER_ROOT", autograder)
        .env(
            "CARGO_TARGET_DIR",
            project_root().join("target/gradescope-bundle-test"),
        )
        // Everything the lock file names is in the local registry already.
        .env("CARGO_NET_OFFLINE", "true")
        .output()
        .expect("bash runs");
    assert!(
        output.status.success(),
        "{script} failed ({:?})\nstdout:\n{}\nstderr:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    eprintln!("{script}: {:.1} s", started.elapsed().as_secs_f64());
}

/// The `results.json` a run left: valid per Gradescope's spec, full marks, every test passed.
fn assert_full_marks(autograder: &Path) -> Value {
    let path = autograder.join("results/results.json");
    let text = fs::read_to_string(&path).expect("run_autograder writes results/results.json");
    let results: Value = serde_json::from_str(&text).expect("results.json is JSON");
    crate::specs::assert_valid_json("gradescope-results.schema.json", &results, "results.json");
    let tests = results["tests"].as_array().expect("tests");
    assert!(!tests.is_empty(), "{results:#}");
    let max: u64 = tests.iter().map(|t| t["max_score"].as_u64().unwrap()).sum();
    assert_eq!(results["score"].as_u64(), Some(max), "{results:#}");
    for test in tests {
        assert_eq!(test["status"], "passed", "{test:#}");
        if test["name"] == "Integrity" {
            // The teacher's entry: no points, hidden from students, nothing found.
            assert_eq!(test["visibility"], "hidden", "{test:#}");
            assert_eq!(test["max_score"], 0, "{test:#}");
            continue;
        }
        assert!(test["name"].as_str().unwrap().starts_with("01-refcount::"));
    }
    results
}

#[test]
fn the_gradescope_bundle_grades_a_submission_as_gradescope_runs_it() {
    let started = Instant::now();
    let root = project_root();
    let hidden = one_exercise_hidden_dir();
    let hidden_before = checksums(hidden.path());
    let work = tempfile::tempdir().expect("temp dir");
    let zip = work.path().join("out/autograder.zip");
    fs::create_dir_all(zip.parent().unwrap()).unwrap();
    fs::write(&zip, "an earlier bundle").unwrap();

    let output = grader(
        &root,
        &[
            "--hidden-dir",
            hidden.path().to_str().unwrap(),
            "gradescope-bundle",
            "--out",
            zip.to_str().unwrap(),
        ],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("wrote"), "{stdout}");
    assert_eq!(
        checksums(hidden.path()),
        hidden_before,
        "the hidden dir is only read"
    );

    // The earlier file was backed up before being overwritten.
    let backups = root.join(".grade-backups");
    let backup = fs::read_dir(&backups)
        .expect(".grade-backups exists")
        .map(|entry| entry.unwrap().path())
        .filter(|dir| dir.to_string_lossy().ends_with("-gradescope-bundle"))
        .find(|dir| fs::read(dir.join("autograder.zip")).is_ok_and(|b| b == b"an earlier bundle"))
        .expect("the earlier bundle in .grade-backups/");
    fs::remove_dir_all(&backup).unwrap();

    // Gradescope's layout: source/ (the unpacked zip), submission/, results/.
    let autograder = work.path().join("autograder");
    let unzip = Command::new("python3")
        .args([
            "-c",
            "import os, sys, zipfile\n\
             archive = zipfile.ZipFile(sys.argv[1])\n\
             assert archive.testzip() is None, 'a CRC does not match'\n\
             for info in archive.infolist():\n\
             \x20   path = archive.extract(info, sys.argv[2])\n\
             \x20   os.chmod(path, (info.external_attr >> 16) & 0o777)\n",
        ])
        .arg(&zip)
        .arg(autograder.join("source"))
        .output()
        .expect("python3 runs");
    assert!(
        unzip.status.success(),
        "python's zipfile reads the bundle: {}",
        String::from_utf8_lossy(&unzip.stderr)
    );
    let source = autograder.join("source");
    for file in [
        "setup.sh",
        "run_autograder",
        "workbook/Cargo.toml",
        "workbook/Cargo.lock",
        "workbook/.cargo/config.toml",
        "workbook/grader/src/main.rs",
        "workbook/solutions/01-refcount/Cargo.toml",
        "hidden/manifest.toml",
        "hidden/01-refcount/tests.rs",
    ] {
        assert!(source.join(file).is_file(), "{file} in the bundle");
    }
    assert!(!source.join("workbook/target").exists(), "no build output");
    assert!(!source.join("workbook/.git").exists(), "no history");
    use std::os::unix::fs::PermissionsExt as _;
    let mode = fs::metadata(source.join("run_autograder"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o111, 0o111, "run_autograder is executable");

    // A whole student repository: exercises/ inside.
    let submission = autograder.join("submission");
    copy_dir(
        &root.join("solutions/01-refcount"),
        &submission.join("exercises/01-refcount"),
    );
    fs::create_dir_all(autograder.join("results")).unwrap();
    let submitted = checksums(&submission);
    run_script(&autograder, "setup.sh");
    run_script(&autograder, "run_autograder");
    let results = assert_full_marks(&autograder);
    assert_eq!(
        results["tests"][0]["visibility"], "after_due_date",
        "{results:#}"
    );
    assert_eq!(results["tests"][1]["visibility"], "visible", "{results:#}");
    assert_eq!(
        results["leaderboard"][0]["name"], "Score (%)",
        "{results:#}"
    );
    assert_eq!(
        checksums(&submission),
        submitted,
        "the submission is only read"
    );

    // The exercise folders themselves.
    fs::remove_dir_all(&submission).unwrap();
    copy_dir(
        &root.join("solutions/01-refcount"),
        &submission.join("01-refcount"),
    );
    fs::remove_file(autograder.join("results/results.json")).unwrap();
    run_script(&autograder, "run_autograder");
    assert_full_marks(&autograder);
    eprintln!(
        "gradescope bundle, build and two gradings: {:.1} s",
        started.elapsed().as_secs_f64()
    );
}
