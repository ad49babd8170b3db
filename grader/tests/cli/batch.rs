//! `cargo grade batch`: a small generated class, broken and hostile students included, graded
//! through the binary into a gradebook; shards merged; a run killed mid-way and resumed; a
//! student whose build never ends stopped at the build time limit while the class goes on.
//!
//! Only `01-refcount` is graded (`--exercise`), so each distinct crate is one small build.
//! Results are kept per crate content in the checkout's `target/grader/batch/`, so the tests
//! share what one of them graded; the resume test makes its crates unique to its run.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::Value;

use crate::fixtures::{checksums, copy_dir, patch_fn_region, pristine_exercises};
use crate::{grader, project_root};

const EXERCISE: &str = "01-refcount";

/// The student whose folder name needs CSV quoting.
const QUOTED: &str = "carol, \"cc\" the third";

/// A class of every kind of student, with a roster that names one more. With `fresh`, every
/// crate carries a comment unique to this run, so no earlier run's results stand in for grading.
fn class(dir: &Path, fresh: bool) -> std::path::PathBuf {
    let root = project_root();
    let solution = root.join("solutions").join(EXERCISE);
    let stub = pristine_exercises().join(EXERCISE);
    let class = dir.join("class");
    // A whole student repository, solved.
    copy_dir(&solution, &class.join("alice/exercises").join(EXERCISE));
    // The exercise folders themselves, untouched.
    copy_dir(&stub, &class.join("bob").join(EXERCISE));
    // The same solution as alice's: graded once for both.
    copy_dir(&solution, &class.join(QUOTED).join(EXERCISE));
    // Does not compile.
    let dave = class.join("dave");
    copy_dir(&solution, &dave.join(EXERCISE));
    patch_fn_region(
        &dave,
        &format!("{EXERCISE}/src/lib.rs"),
        "count_handles",
        "\"not a number\"",
    );
    // Hostile: an endless loop, an abort, a memory eater.
    let eve = class.join("eve");
    copy_dir(&solution, &eve.join(EXERCISE));
    let lib = format!("{EXERCISE}/src/lib.rs");
    patch_fn_region(
        &eve,
        &lib,
        "count_handles",
        "loop { std::hint::spin_loop() }",
    );
    patch_fn_region(
        &eve,
        &lib,
        "predict_locals_drop_order",
        "std::process::abort()",
    );
    patch_fn_region(
        &eve,
        &lib,
        "into_owned",
        "let mut hog: Vec<Vec<u8>> = Vec::new(); loop { hog.push(std::hint::black_box(vec![0u8; 1 << 26])); }",
    );
    // Not gradable at all.
    fs::write(class.join("frank.txt"), "a file, not a folder").unwrap();
    fs::create_dir_all(class.join("gina")).unwrap();
    std::os::unix::fs::symlink("loop", class.join("loop")).unwrap();
    fs::write(dir.join("roster.txt"), "# the class\nalice\nbob\nhenry\n").unwrap();
    if fresh {
        let nonce = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        for student in ["alice/exercises", "bob", QUOTED, "dave", "eve"] {
            let lib = class.join(student).join(EXERCISE).join("src/lib.rs");
            let text = fs::read_to_string(&lib).unwrap();
            // alice and carol keep one crate between them.
            let who = if student == QUOTED {
                "alice/exercises"
            } else {
                student
            };
            fs::write(&lib, format!("{text}// {who} {nonce}\n")).unwrap();
        }
    }
    class
}

/// `cargo grade batch CLASS --exercise 01-refcount --timeout 3 ARGS…`: the exit code, stdout
/// and stderr.
fn batch(class: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let mut all = vec![
        "batch",
        class.to_str().unwrap(),
        "--exercise",
        EXERCISE,
        "--timeout",
        "3",
    ];
    all.extend_from_slice(args);
    let output = grader(&project_root(), &all);
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn path(dir: &Path, name: &str) -> String {
    dir.join(name).to_str().unwrap().to_string()
}

#[test]
fn every_student_is_a_row_whatever_their_folder_holds() {
    let dir = tempfile::tempdir().unwrap();
    let class = class(dir.path(), true);
    let (csv, json) = (path(dir.path(), "book.csv"), path(dir.path(), "book.json"));
    let roster = path(dir.path(), "roster.txt");
    let (code, stdout, stderr) = batch(
        &class,
        &["--out", &csv, "--json", &json, "--roster", &roster],
    );
    assert_eq!(code, Some(0), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("graded 9 students (4 could not be graded)"),
        "{stdout}"
    );
    // alice and carol share one crate: solution, stub, dave's, eve's.
    assert!(stdout.contains("distinct_crates=4"), "{stdout}");

    let text = fs::read_to_string(&csv).unwrap();
    let lines: Vec<&str> = text.split_terminator("\r\n").collect();
    assert_eq!(
        lines[0],
        format!(
            "student,score,max_score,percent,{EXERCISE},{EXERCISE} findings,\
             {EXERCISE} finding kinds,status,error"
        )
    );
    assert_eq!(lines[1], "alice,19,19,100.0,19,0,,graded,");
    assert_eq!(lines[2], "bob,0,19,0.0,0,0,,graded,");
    assert_eq!(
        lines[3], "\"carol, \"\"cc\"\" the third\",19,19,100.0,19,0,,graded,",
        "RFC 4180 quoting"
    );
    assert!(
        lines[4].starts_with("dave,0,19,0.0,0,0,,graded,01-refcount: "),
        "{}",
        lines[4]
    );
    assert!(lines[5].starts_with("eve,"), "{}", lines[5]);
    assert!(
        lines[5].contains("timeout") && lines[5].contains("crash"),
        "{}",
        lines[5]
    );
    assert!(
        lines[6].starts_with("frank.txt,0,19,0.0,,,,error,") && lines[6].contains("not a folder"),
        "{}",
        lines[6]
    );
    assert!(
        lines[7].starts_with("gina,0,19,0.0,,,,error,no exercise in"),
        "{}",
        lines[7]
    );
    assert!(
        lines[8].starts_with("henry,0,19,0.0,,,,error,missing: no folder henry"),
        "{}",
        lines[8]
    );
    assert!(
        lines[9].starts_with("loop,0,19,0.0,,,,error,") && lines[9].contains("symbolic links"),
        "{}",
        lines[9]
    );
    assert_eq!(lines.len(), 10, "{text}");

    let book: Value = serde_json::from_str(&fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(book["schema_version"], 1);
    assert_eq!(book["exercises"][0]["name"], EXERCISE);
    let student = |name: &str| {
        book["students"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["student"] == name)
            .unwrap_or_else(|| panic!("no {name} in {book:#}"))
            .clone()
    };
    assert_eq!(student(QUOTED)["exercises"], student("alice")["exercises"]);
    let statuses = |name: &str| -> Vec<String> {
        student(name)["exercises"][0]["tests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["status"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(
        statuses("bob").iter().all(|s| s == "todo"),
        "{:?}",
        statuses("bob")
    );
    assert!(statuses("dave").iter().all(|s| s == "error"));
    let eve = statuses("eve");
    for expected in ["pass", "timeout", "crash"] {
        assert!(
            eve.iter().any(|s| s == expected),
            "eve has a {expected}: {eve:?}"
        );
    }
    let dave = &student("dave")["exercises"][0];
    assert!(
        dave["problem"].as_str().unwrap().contains("E0308"),
        "{dave:#}"
    );
    assert_eq!(student("henry")["exercises"], Value::Array(Vec::new()));
}

#[test]
fn two_shards_merged_are_one_unsharded_run() {
    let dir = tempfile::tempdir().unwrap();
    let class = class(dir.path(), false);
    let file = |name: &str| path(dir.path(), name);
    let (code, _, stderr) = batch(
        &class,
        &["--out", &file("all.csv"), "--json", &file("all.json")],
    );
    assert_eq!(code, Some(0), "{stderr}");
    for k in ["1/2", "2/2"] {
        let n = &k[..1];
        let (code, _, stderr) = batch(
            &class,
            &[
                "--shard",
                k,
                "--out",
                &file(&format!("{n}.csv")),
                "--json",
                &file(&format!("{n}.json")),
            ],
        );
        assert_eq!(code, Some(0), "{stderr}");
    }
    let first = fs::read_to_string(file("1.csv")).unwrap();
    assert_eq!(
        first.lines().count(),
        1 + 4,
        "alice, carol, eve, gina: {first}"
    );
    for ext in ["csv", "json"] {
        let merged = file(&format!("merged.{ext}"));
        let output = grader(
            &project_root(),
            &[
                "gradebook",
                "merge",
                &file(&format!("1.{ext}")),
                &file(&format!("2.{ext}")),
                "--out",
                &merged,
            ],
        );
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(
            fs::read_to_string(&merged).unwrap(),
            fs::read_to_string(file(&format!("all.{ext}"))).unwrap(),
            "merged {ext} shards differ from the unsharded run"
        );
    }

    // Overlapping shards and other exercises are refused, naming the file.
    let output = grader(
        &project_root(),
        &[
            "gradebook",
            "merge",
            &file("1.csv"),
            &file("all.csv"),
            "--out",
            &file("x.csv"),
        ],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("in both") && stderr.contains("all.csv"),
        "{stderr}"
    );
    let other = file("other.csv");
    fs::write(
        &other,
        fs::read_to_string(file("2.csv"))
            .unwrap()
            .replacen(EXERCISE, "02-my-rc", 1),
    )
    .unwrap();
    let output = grader(
        &project_root(),
        &[
            "gradebook",
            "merge",
            &file("1.csv"),
            &other,
            "--out",
            &file("x.csv"),
        ],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("other.csv") && stderr.contains("exercise columns"),
        "{stderr}"
    );
    let output = grader(
        &project_root(),
        &[
            "gradebook",
            "merge",
            &file("1.json"),
            &file("all.json"),
            "--out",
            &file("x.json"),
        ],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("in both") && stderr.contains("all.json"),
        "{stderr}"
    );

    for bad in ["0/2", "3/2", "1/0", "two"] {
        let (code, _, stderr) = batch(&class, &["--shard", bad, "--out", &file("x.csv")]);
        assert_eq!(code, Some(2), "--shard {bad}: {stderr}");
        assert!(
            stderr.contains("--shard") && stderr.contains("K"),
            "{stderr}"
        );
    }
}

#[test]
fn a_killed_run_resumes_and_unchanged_students_are_not_graded_again() {
    let dir = tempfile::tempdir().unwrap();
    let class = dir.path().join("class");
    // Crates no other run graded: a comment unique to this run in each.
    let nonce = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    for student in ["ann", "ben", "cat"] {
        let crate_dir = class.join(student).join(EXERCISE);
        copy_dir(&project_root().join("solutions").join(EXERCISE), &crate_dir);
        let lib = crate_dir.join("src/lib.rs");
        let text = fs::read_to_string(&lib).unwrap();
        fs::write(
            &lib,
            format!("// {student} {nonce} {}\n{text}", std::process::id()),
        )
        .unwrap();
    }
    let csv = path(dir.path(), "book.csv");
    let mut child = Command::new(env!("CARGO_BIN_EXE_grader"))
        .arg("--root")
        .arg(project_root())
        .args([
            "batch",
            class.to_str().unwrap(),
            "--exercise",
            EXERCISE,
            "--timeout",
            "3",
            "--out",
            &csv,
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut seen = String::new();
    for line in BufReader::new(child.stderr.take().unwrap()).lines() {
        let line = line.unwrap();
        seen.push_str(&line);
        seen.push('\n');
        if line.starts_with("batch: tree 1/3 graded") {
            child.kill().unwrap();
            break;
        }
    }
    child.wait().unwrap();
    assert!(seen.contains("tree 1/3 graded"), "{seen}");
    assert!(!Path::new(&csv).exists(), "killed before the gradebook");

    let (code, stdout, stderr) = batch(&class, &["--out", &csv]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("graded 3 students"), "{stdout}");
    // At least the first tree's crate was kept; at most the other two are graded now.
    let graded: usize = field(&stdout, "graded=");
    assert!((0..=2).contains(&graded), "{stdout}");
    assert_eq!(field(&stdout, "reused="), 3 - graded, "{stdout}");

    // Nothing changed: nothing graded. One student changed: that crate alone.
    let (_, stdout, _) = batch(&class, &["--out", &csv]);
    assert!(stdout.contains("graded=0 reused=3 trees=0"), "{stdout}");
    let lib = class.join("ben").join(EXERCISE).join("src/lib.rs");
    let text = fs::read_to_string(&lib).unwrap();
    fs::write(&lib, format!("// edited\n{text}")).unwrap();
    let (_, stdout, _) = batch(&class, &["--out", &csv]);
    assert!(stdout.contains("graded=1 reused=2 trees=1"), "{stdout}");
    let text = fs::read_to_string(&csv).unwrap();
    assert_eq!(text.matches(",100.0,").count(), 3, "{text}");
}

/// Three students, each with a crate of their own (unique to this run) solving `EXERCISE`; the
/// middle one's also holds a constant the compiler evaluates for 2⁶⁴ steps, the lint that would
/// stop it allowed (issue 25).
fn class_with_endless_build(dir: &Path) -> std::path::PathBuf {
    let class = dir.join("class");
    let nonce = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    for student in ["ann", "ben", "cat"] {
        let crate_dir = class.join(student).join(EXERCISE);
        copy_dir(&project_root().join("solutions").join(EXERCISE), &crate_dir);
        let lib = crate_dir.join("src/lib.rs");
        let mut text = fs::read_to_string(&lib).unwrap();
        text.push_str(&format!("// {student} {nonce} {}\n", std::process::id()));
        if student == "ben" {
            text = format!(
                "#![allow(long_running_const_eval)]\n{text}\
                 const _: u64 = {{ let mut i: u64 = 0; while i < u64::MAX {{ i += 1; }} i }};\n"
            );
        }
        fs::write(&lib, text).unwrap();
    }
    class
}

/// The processes whose command line holds `marker` and that started before the process
/// `now` (a child of this test started when "now" was).
fn started_before(now: &std::process::Child, marker: &str) -> Vec<String> {
    // Field 22 of /proc/PID/stat, counted after the command name (which may hold spaces).
    let start_time = |pid: &str| -> Option<u64> {
        let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        let after_name = &stat[stat.rfind(')')? + 2..];
        after_name.split(' ').nth(19)?.parse().ok()
    };
    let now_ticks = start_time(&now.id().to_string()).expect("the clock process runs");
    let mut found = Vec::new();
    for entry in fs::read_dir("/proc").unwrap().flatten() {
        let pid = entry.file_name().to_string_lossy().into_owned();
        if !pid.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let Ok(cmdline) = fs::read(entry.path().join("cmdline")) else {
            continue;
        };
        let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
        if cmdline.contains(marker) && start_time(&pid).is_some_and(|t| t <= now_ticks) {
            found.push(format!("{pid}: {cmdline}"));
        }
    }
    found
}

#[test]
fn a_build_that_never_ends_is_stopped_and_the_class_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let class = class_with_endless_build(dir.path());
    let before = checksums(&class);
    let (csv, json) = (path(dir.path(), "book.csv"), path(dir.path(), "book.json"));
    let (code, stdout, stderr) = batch(
        &class,
        &["--build-timeout", "20", "--out", &csv, "--json", &json],
    );
    // A clock: a process started now. Batches of one checkout run one at a time, so a process
    // of another test's batch starts after this one.
    let mut now = Command::new("sleep").arg("30").spawn().unwrap();
    // ben's crate is the second distinct crate, built in the second tree: cargo on its harness,
    // rustc on its private copy.
    let grader_dir = project_root().join("target/grader");
    let mut left = Vec::new();
    for folder in ["harness-tree_2-", "sources-tree_2-"] {
        let marker = format!("{}/{folder}", grader_dir.display());
        left.extend(started_before(&now, &marker));
    }
    now.kill().unwrap();
    now.wait().unwrap();
    assert_eq!(code, Some(0), "{stdout}\n{stderr}");
    assert!(left.is_empty(), "the stopped build left {left:#?}");
    assert!(
        stderr.contains("tree 2/3 graded") && stderr.contains("tree 3/3 graded"),
        "{stderr}"
    );

    let text = fs::read_to_string(&csv).unwrap();
    let lines: Vec<&str> = text.split_terminator("\r\n").collect();
    assert!(lines[1].starts_with("ann,19,19,100.0,19,"), "{text}");
    assert!(
        lines[2].starts_with("ben,0,19,0.0,0,")
            && lines[2].contains("01-refcount: build timed out after 20 s"),
        "{text}"
    );
    assert!(lines[3].starts_with("cat,19,19,100.0,19,"), "{text}");

    let book: Value = serde_json::from_str(&fs::read_to_string(&json).unwrap()).unwrap();
    let ben = &book["students"][1];
    assert_eq!(ben["student"], "ben");
    let exercise = &ben["exercises"][0];
    assert_eq!(exercise["status"], "error", "{exercise:#}");
    assert!(
        exercise["problem"]
            .as_str()
            .unwrap()
            .starts_with("build timed out after 20 s"),
        "{exercise:#}"
    );
    for test in exercise["tests"].as_array().unwrap() {
        assert_eq!(
            test["message"], "the exercise's build timed out",
            "{test:#}"
        );
    }
    assert_eq!(
        checksums(&class),
        before,
        "grading changed the class folder"
    );
}

#[test]
fn findings_stand_beside_the_grades_and_name_the_student() {
    let dir = tempfile::tempdir().unwrap();
    let class = dir.path().join("class");
    let solution = project_root().join("solutions").join(EXERCISE);
    copy_dir(&solution, &class.join("gus").join(EXERCISE));
    // Solved, and with code no exercise needs beside it: an exit and a read of its own
    // environment through /proc.
    let fay = class.join("fay").join(EXERCISE);
    copy_dir(&solution, &fay);
    let lib = fay.join("src/lib.rs");
    let text = fs::read_to_string(&lib).unwrap();
    fs::write(
        &lib,
        format!(
            "{text}\n/// Never called.\npub fn leave() -> ! {{\n    \
             let _ = std::hint::black_box(\"/proc/self/environ\");\n    \
             std::process::exit(0)\n}}\n"
        ),
    )
    .unwrap();
    let before = checksums(&class);
    let (csv, json) = (path(dir.path(), "book.csv"), path(dir.path(), "book.json"));
    let (code, stdout, stderr) = batch(&class, &["--out", &csv, "--json", &json]);
    assert_eq!(code, Some(0), "{stdout}\n{stderr}");

    let text = fs::read_to_string(&csv).unwrap();
    let lines: Vec<&str> = text.split_terminator("\r\n").collect();
    assert!(
        lines[0].ends_with(&format!(
            ",{EXERCISE},{EXERCISE} findings,{EXERCISE} finding kinds,status,error"
        )),
        "{text}"
    );
    // The pass stands; the findings stand beside it.
    assert_eq!(lines[1], "fay,19,19,100.0,19,2,exit;proc,graded,", "{text}");
    assert_eq!(lines[2], "gus,19,19,100.0,19,0,,graded,", "{text}");

    let book: Value = serde_json::from_str(&fs::read_to_string(&json).unwrap()).unwrap();
    let findings = |student: usize| book["students"][student]["exercises"][0]["findings"].clone();
    assert_eq!(
        findings(0),
        serde_json::json!({"count": 2, "kinds": ["exit", "proc"]}),
        "{book:#}"
    );
    assert_eq!(findings(1), serde_json::json!({"count": 0, "kinds": []}));

    let printed: Vec<&str> = stdout
        .lines()
        .filter(|line| line.starts_with("findings:"))
        .collect();
    assert_eq!(
        printed,
        [format!("findings: fay: {EXERCISE} 2 findings (exit, proc)")],
        "{stdout}"
    );
    assert_eq!(
        checksums(&class),
        before,
        "grading changed the class folder"
    );
}

/// The number after `name` in the summary line.
fn field(summary: &str, name: &str) -> usize {
    let start = summary
        .find(name)
        .unwrap_or_else(|| panic!("no {name} in {summary}"))
        + name.len();
    summary[start..]
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .unwrap()
        .parse()
        .unwrap()
}
