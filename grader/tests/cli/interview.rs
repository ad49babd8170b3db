//! `cargo grade interview` driven through stdin: a seed always draws the same questions, piped
//! answers are graded into the Markdown report, and the interview ends when time runs out even
//! though stdin stays open.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::project_root;
use crate::quiz::fixture_hidden_dir;

/// Runs an interview on the fixture quiz (`01-refcount` as the exercise, graded in solutions/),
/// with `stdin` piped in and then closed.
fn interview(hidden: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = command(hidden, args).spawn().expect("the grader runs");
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(stdin.as_bytes())
        .expect("write answers");
    child.wait_with_output().expect("the grader finishes")
}

fn command(hidden: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_grader"));
    command
        .arg("--root")
        .arg(project_root())
        .args(["--color", "never", "--solutions", "--hidden-dir"])
        .arg(hidden)
        .arg("interview")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

fn report_path(seed: u64) -> PathBuf {
    project_root().join(format!("target/grader/interview-{seed}.md"))
}

/// The `chapter.id` of each question, in the order the summary lists them.
fn asked(stdout: &str) -> Vec<String> {
    let summary = stdout
        .split("Questions: ")
        .nth(1)
        .expect("a summary of the questions");
    summary
        .lines()
        .skip(1)
        .take_while(|line| line.starts_with("  "))
        .map(|line| line.split_whitespace().last().unwrap().to_string())
        .collect()
}

fn right_answer(key: &str) -> &'static str {
    match key {
        "01-refcount.getrefcount-of-a-new-list" => "1\n",
        "01-refcount.rc-strong-count" => "B\n",
        "01-refcount.drop-order" => "end of main\ndrop second\ndrop first\n.\n",
        "03-cycles.collect-returns" => "2\n0\n.\n",
        "03-cycles.del-does-not-free-a-cycle" => "b\n",
        other => panic!("no fixture item {other}"),
    }
}

#[test]
fn a_seed_draws_the_same_interview_and_piped_answers_are_graded() {
    let hidden = fixture_hidden_dir();
    let first = interview(hidden.path(), &["--seed", "4242", "--questions", "4"], "");
    let stdout = String::from_utf8_lossy(&first.stdout);
    assert_eq!(
        first.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let order = asked(&stdout);
    assert_eq!(order.len(), 4, "{stdout}");
    let chapters: std::collections::BTreeSet<&str> = order
        .iter()
        .map(|key| key.split('.').next().unwrap())
        .collect();
    assert_eq!(
        chapters.len(),
        2,
        "questions come from both chapters: {order:?}"
    );

    // The same seed again, answered: all right but the last, which is wrong.
    let mut answers = String::new();
    for key in &order[..3] {
        answers.push_str(right_answer(key));
    }
    let last = &order[3];
    let is_choice = last.ends_with("rc-strong-count") || last.ends_with("free-a-cycle");
    answers.push_str(
        if last.ends_with("drop-order") || last.ends_with("collect-returns") {
            "nothing\n.\n"
        } else if is_choice {
            // A choice's text is not a letter: asked again, then a wrong letter.
            "b) its text\na\n"
        } else {
            "zzz\n"
        },
    );
    answers.push('\n'); // Enter: grade the exercise.
    let second = interview(
        hidden.path(),
        &["--seed", "4242", "--questions", "4"],
        &answers,
    );
    let stdout = String::from_utf8_lossy(&second.stdout);
    assert_eq!(
        asked(&stdout),
        order,
        "same seed, same questions:\n{stdout}"
    );
    assert!(stdout.contains("Questions: 3 of 4 right"), "{stdout}");
    if is_choice {
        assert!(
            stdout.contains("answer with a letter from a to "),
            "a format slip is told, not judged: {stdout}"
        );
    }
    assert!(stdout.contains("The exercise: 01-refcount"), "{stdout}");
    assert!(
        stdout.contains("Exercise 01-refcount: 19/19 points"),
        "{stdout}"
    );
    assert!(
        stdout.contains("target/grader/interview-4242.md"),
        "{stdout}"
    );

    let report = std::fs::read_to_string(report_path(4242)).expect("the report is written");
    let missed = report.split("## Missed").nth(1).unwrap();
    let missed = missed.split("## The exercise").next().unwrap();
    assert!(missed.contains(&format!("### {last} (0/")), "{report}");
    assert!(missed.contains("— wrong"), "{report}");
    assert!(
        missed.contains("Why: "),
        "explanations of missed items: {report}"
    );
    let right = report
        .split("## Right")
        .nth(1)
        .unwrap()
        .split("## Missed")
        .next()
        .unwrap();
    for key in &order[..3] {
        assert!(right.contains(key.as_str()), "{key} is right: {report}");
    }
    let reread = report.split("## Re-read").nth(1).unwrap();
    let chapter = last.split('.').next().unwrap();
    assert!(
        reread.contains(&format!("book/src/{chapter}.md")),
        "{report}"
    );
    assert!(
        report.contains("Result: **pass**, 19/19 points"),
        "{report}"
    );
}

#[test]
fn the_interview_ends_when_time_runs_out() {
    let hidden = fixture_hidden_dir();
    // 0.02 minutes: 1.2 s. Stdin stays open and silent: only the deadline can end the wait.
    let started = Instant::now();
    let mut child = command(hidden.path(), &["--seed", "77", "--minutes", "0.02"])
        .spawn()
        .expect("the grader runs");
    let stdin = child.stdin.take();
    let output = loop {
        if let Some(_status) = child.try_wait().expect("wait") {
            break child.wait_with_output().expect("output");
        }
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "the interview did not end at its deadline"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    drop(stdin);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("Time is up."), "{stdout}");
    assert!(stdout.contains("Questions: 0 of"), "{stdout}");
    let report = std::fs::read_to_string(report_path(77)).expect("the report is written");
    assert!(report.contains("the time ran out"), "{report}");
    assert!(report.contains("— not answered"), "{report}");
}
