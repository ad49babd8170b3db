//! Every outcome rendered in every format, compared with the files under
//! `grader/tests/snapshots/report/`. The outcomes are built here as values (no process, no
//! build), so these tests take milliseconds. After an intended change of wording, rewrite the
//! files with `UPDATE_SNAPSHOTS=1 cargo test -p grader --bin grader snapshots` and review the
//! diff.

use std::path::PathBuf;
use std::time::Duration;

use crate::grade::integrity::{Finding, Kind};
use crate::grade::outcome::{
    Crash, CrashCause, ExerciseReport, ExerciseStatus, Failure, FormatError, Location, Mismatch,
    Outcome, Output, Panic, Problem, Report, SandboxReport, Sides, Status, TestReport, WrongAnswer,
};
use crate::grade::score::total;

fn test(name: &str, outcome: Outcome) -> TestReport {
    let passed = outcome == Outcome::Pass;
    TestReport {
        name: name.to_string(),
        outcome,
        points: if passed { 2 } else { 0 },
        max_points: 2,
        output: None,
        duration: Duration::ZERO,
        explanation: None,
    }
}

/// `report` as a test process left it (the scorer keeps no output of a pass).
fn ran(mut report: TestReport, output: &str) -> TestReport {
    report.output = (report.outcome != Outcome::Pass).then(|| Output {
        text: output.to_string(),
        truncated_at: None,
        abandoned: false,
    });
    report.duration = Duration::from_millis(12);
    report
}

fn panic(message: &str, sides: Option<(&str, &str)>) -> Panic {
    Panic {
        message: message.to_string(),
        location: Some(Location("tests.rs:10:5".into())),
        sides: sides.map(|(got, expected)| Sides {
            got: got.into(),
            expected: expected.into(),
        }),
    }
}

fn crash(signal: &str, cause: CrashCause) -> Outcome {
    Outcome::Crash(Crash {
        signal: signal.into(),
        cause,
    })
}

fn exercise(
    name: &str,
    status: ExerciseStatus,
    problem: Option<Problem>,
    tests: Vec<TestReport>,
) -> ExerciseReport {
    ExerciseReport {
        name: name.to_string(),
        title: format!("The {name} exercise"),
        difficulty: "medium".to_string(),
        status,
        score: tests.iter().map(|t| t.points).sum(),
        max_score: tests.iter().map(|t| t.max_points).sum(),
        problem,
        tests,
        ignored_files: Vec::new(),
        integrity: Vec::new(),
    }
}

/// One test of every outcome, each exercise status, and a quiz.
fn every_outcome() -> Report {
    const LIBTEST: &str = "\nrunning 1 test\ntest t ... printed by the code\n\nthread 't' panicked at tests.rs:10:5:\nboom\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\nFAILED\n\nfailures:\n    t\n\ntest result: FAILED. 0 passed; 1 failed\n";
    let mut truncated = ran(
        test(
            "exit_code",
            Outcome::Fail(Failure::Exited {
                code: Some(3),
                proved: false,
            }),
        ),
        "line\nline\n",
    );
    truncated.output.as_mut().unwrap().truncated_at = Some(64 * 1024);
    let mut abandoned = ran(
        test(
            "exit_proved",
            Outcome::Fail(Failure::Exited {
                code: Some(0),
                proved: true,
            }),
        ),
        "started a daemon\n",
    );
    abandoned.output.as_mut().unwrap().abandoned = true;
    let mut quiz_right = test("03-cycles.right", Outcome::Pass);
    quiz_right.explanation = Some("The argument of the call holds one more reference.".into());
    let mut quiz_choice = test(
        "03-cycles.choice",
        Outcome::Fail(Failure::WrongAnswer(WrongAnswer {
            why: Mismatch::Choice {
                expected: ('b', "2".into()),
                given: ('c', "3".into()),
            },
            line: Some(4),
            sides: None,
        })),
    );
    quiz_choice.explanation = Some("Two handles, count 2.".into());
    let mut quiz_output = test(
        "03-cycles.output",
        Outcome::Fail(Failure::WrongAnswer(WrongAnswer {
            why: Mismatch::Output,
            line: Some(7),
            sides: Some(Sides {
                got: "2\n1\n".into(),
                expected: "2\n0\n".into(),
            }),
        })),
    );
    quiz_output.explanation = Some("The cycle is collected.".into());
    let mut quiz_unanswered = test("03-cycles.unanswered", Outcome::Unanswered { format: None });
    quiz_unanswered.explanation = Some("Never shown.".into());
    // A choice's text instead of its letter: not answered, and nothing about the right choice.
    let mut quiz_not_a_letter = test(
        "03-cycles.not-a-letter",
        Outcome::Unanswered {
            format: Some(FormatError::NotALetter {
                given: "b) its counts are plain integers in a Cell".into(),
                last: 'd',
            }),
        },
    );
    quiz_not_a_letter.explanation = Some("Never shown either.".into());
    let mut report = total(
        "exercises".into(),
        vec![
            exercise(
                "01-outcomes",
                ExerciseStatus::Fail,
                None,
                vec![
                    ran(test("passes", Outcome::Pass), "quiet\n"),
                    ran(
                        test(
                            "assert_eq",
                            Outcome::Fail(Failure::Panic(panic(
                                "assertion `left == right` failed: counts\n  left: [1, 2]\n right: [1, 3]",
                                Some(("[1, 2]", "[1, 3]")),
                            ))),
                        ),
                        LIBTEST,
                    ),
                    ran(
                        test(
                            "panic_in_learner_code",
                            Outcome::Fail(Failure::Panic(Panic {
                                message: "index out of bounds: the len is 0 but the index is 0"
                                    .into(),
                                location: Some(Location("src/lib.rs:7:9".into())),
                                sides: None,
                            })),
                        ),
                        LIBTEST,
                    ),
                    ran(
                        test(
                            "plain_panic",
                            Outcome::Fail(Failure::Panic(Panic {
                                message: "boom".into(),
                                location: None,
                                sides: None,
                            })),
                        ),
                        LIBTEST,
                    ),
                    ran(
                        test(
                            "exit_zero",
                            Outcome::Fail(Failure::Exited {
                                code: Some(0),
                                proved: false,
                            }),
                        ),
                        "test result: ok. 1 passed\n",
                    ),
                    truncated,
                    abandoned,
                    test(
                        "no_exit_code",
                        Outcome::Fail(Failure::Exited {
                            code: None,
                            proved: false,
                        }),
                    ),
                    ran(
                        test(
                            "todo",
                            Outcome::Todo {
                                location: Some(Location("src/lib.rs:3:5".into())),
                            },
                        ),
                        "",
                    ),
                    ran(
                        test(
                            "timeout",
                            Outcome::Timeout {
                                limit: Duration::from_millis(2500),
                            },
                        ),
                        "",
                    ),
                    ran(
                        test("stack", crash("SIGABRT", CrashCause::StackOverflow)),
                        "\nthread 't' has overflowed its stack\nfatal runtime error: stack overflow\n",
                    ),
                    ran(
                        test(
                            "memory",
                            crash(
                                "SIGABRT",
                                CrashCause::OutOfMemory {
                                    report: "memory allocation of 1048576 bytes failed".into(),
                                    limit_bytes: 512 << 20,
                                },
                            ),
                        ),
                        "memory allocation of 1048576 bytes failed\n",
                    ),
                    ran(
                        test(
                            "panic_in_drop",
                            crash(
                                "SIGABRT",
                                CrashCause::AfterPanic(panic("panic in a destructor", None)),
                            ),
                        ),
                        "",
                    ),
                    ran(test("abort", crash("SIGABRT", CrashCause::Abort)), ""),
                    ran(test("segv", crash("SIGSEGV", CrashCause::Signal)), ""),
                    test(
                        "blocked",
                        Outcome::Blocked {
                            required: "assert_eq".into(),
                            required_status: Status::Fail,
                        },
                    ),
                    test(
                        "compiled",
                        Outcome::Fail(Failure::Compiled {
                            expected: vec!["E0277".into(), "Send".into()],
                        }),
                    ),
                    test(
                        "other_errors",
                        Outcome::Fail(Failure::OtherErrors {
                            missing: vec!["E0277".into()],
                            got: vec!["error[E0599]: no method named `borrow_mut`".into()],
                        }),
                    ),
                    test(
                        "not_built",
                        Outcome::Fail(Failure::NotBuilt {
                            cargo: "error: failed to load manifest".into(),
                        }),
                    ),
                    test("not_run", Outcome::NotRun),
                ],
            ),
            exercise(
                "02-stub",
                ExerciseStatus::Todo,
                None,
                vec![
                    ran(
                        test(
                            "todo",
                            Outcome::Todo {
                                location: Some(Location("src/lib.rs:3:5".into())),
                            },
                        ),
                        "",
                    ),
                    test(
                        "blocked_by_todo",
                        Outcome::Blocked {
                            required: "todo".into(),
                            required_status: Status::Todo,
                        },
                    ),
                ],
            ),
            exercise(
                "03-broken",
                ExerciseStatus::Error,
                Some(Problem::CompileErrors(
                    "error[E0308]: mismatched types\n --> src/lib.rs:1:1".into(),
                )),
                vec![test("a", Outcome::NotCompiled)],
            ),
            exercise(
                "04-stale",
                ExerciseStatus::Error,
                Some(Problem::MissingTests(vec!["gone".into(), "renamed".into()])),
                vec![test("gone", Outcome::NotCompiled)],
            ),
            exercise(
                "05-setup",
                ExerciseStatus::Error,
                Some(Problem::Setup(
                    "cannot read exercises/05-setup/Cargo.toml (is the exercise missing?)".into(),
                )),
                vec![test("a", Outcome::NotCompiled)],
            ),
            exercise(
                "05-constructor",
                ExerciseStatus::Error,
                Some(Problem::CodeOutsideMain(vec![
                    ".init_array (8 bytes)".into(),
                ])),
                vec![test("a", Outcome::NotCompiled)],
            ),
            exercise(
                "06-passes",
                ExerciseStatus::Pass,
                None,
                vec![ran(test("passes", Outcome::Pass), "")],
            ),
            exercise(
                "07-hangs",
                ExerciseStatus::Error,
                Some(Problem::BuildTimedOut {
                    limit: Duration::from_secs(300),
                }),
                vec![test("a", Outcome::NotCompiled)],
            ),
            exercise(
                "quiz",
                ExerciseStatus::Fail,
                None,
                vec![
                    quiz_right,
                    quiz_choice,
                    quiz_output,
                    quiz_unanswered,
                    quiz_not_a_letter,
                ],
            ),
        ],
    );
    // A submission's notes: a file grading left out, and tests that were not isolated.
    report.exercises[0].ignored_files = vec!["01-outcomes/build.rs".into()];
    report.sandbox = Some(SandboxReport {
        network_isolated: false,
        files_protected: false,
        note: "test processes had the network and the grader's rights: `unshare` failed".into(),
        missing: vec!["`unshare` failed".into()],
    });
    report
}

/// A quiz whose answers file is not valid TOML, and a quiz not started.
fn quiz_states() -> (Report, Report) {
    let unreadable = exercise(
        "quiz",
        ExerciseStatus::Error,
        Some(Problem::AnswersUnreadable(
            "exercises/quiz.toml is not a valid answers file: line 1".into(),
        )),
        vec![test("03-cycles.a", Outcome::NotCompiled)],
    );
    let not_started = exercise(
        "quiz",
        ExerciseStatus::Todo,
        None,
        vec![test("03-cycles.a", Outcome::Unanswered { format: None })],
    );
    (
        total("exercises".into(), vec![unreadable]),
        total("exercises".into(), vec![not_started]),
    )
}

/// A submission that passes, with integrity findings in one exercise (one of them about a
/// whole file, without a line of text) and none in the other.
fn with_integrity() -> Report {
    let finding = |file: &str, line, kind, item: &str, text: &str| Finding {
        file: file.to_string(),
        line,
        kind,
        item: item.to_string(),
        text: text.to_string(),
    };
    let mut forged = exercise(
        "01-refcount",
        ExerciseStatus::Pass,
        None,
        vec![test("counts", Outcome::Pass)],
    );
    forged.integrity = vec![
        finding(
            "01-refcount/src/lib.rs",
            3,
            Kind::Env,
            "std::env::var",
            "let nonce = std::env::var(\"GRADER_NONCE\").unwrap();",
        ),
        finding(
            "01-refcount/src/lib.rs",
            5,
            Kind::Proc,
            "\"/proc/self/environ\"",
            "let env = std::fs::read(\"/proc/self/environ\"); // a | in a table",
        ),
        finding(
            "01-refcount/src/lib.rs",
            5,
            Kind::File,
            "std::fs::read",
            "let env = std::fs::read(\"/proc/self/environ\"); // a | in a table",
        ),
        finding(
            "01-refcount/src/lib.rs",
            9,
            Kind::Exit,
            "quit (std::process::exit)",
            "quit(0);",
        ),
        finding(
            "01-refcount/src/leak.rs",
            1,
            Kind::Include,
            "a symbolic link to /etc/passwd",
            "",
        ),
    ];
    let clean = exercise(
        "02-my-rc",
        ExerciseStatus::Pass,
        None,
        vec![test("clone_shares_the_value", Outcome::Pass)],
    );
    total("submission".into(), vec![forged, clean])
}

/// Compares `actual` with the snapshot file `name`, or rewrites it under `UPDATE_SNAPSHOTS=1`.
pub(crate) fn check(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots/report")
        .join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|error| {
        panic!(
            "cannot read {} ({error}); write it with UPDATE_SNAPSHOTS=1",
            path.display()
        )
    });
    if expected != actual {
        let diff = similar::TextDiff::from_lines(expected.as_str(), actual)
            .unified_diff()
            .header("expected", "actual")
            .to_string();
        panic!("{name} differs from its snapshot (UPDATE_SNAPSHOTS=1 rewrites it):\n{diff}");
    }
}

fn human(report: &Report, detail: super::human::Detail) -> String {
    let mut out = anstream::StripStream::new(Vec::new());
    super::human::write(report, detail, &super::human::Guide::default(), &mut out).unwrap();
    String::from_utf8(out.into_inner()).unwrap()
}

pub(crate) fn rendered(write: impl FnOnce(&mut Vec<u8>) -> anyhow::Result<()>) -> String {
    let mut out = Vec::new();
    write(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn human_summary() {
    check(
        "human-summary.txt",
        &human(&every_outcome(), super::human::Detail::Summary),
    );
}

#[test]
fn human_every_test() {
    check(
        "human-every.txt",
        &human(&every_outcome(), super::human::Detail::Every),
    );
}

#[test]
fn human_list() {
    check(
        "human-list.txt",
        &human(&every_outcome(), super::human::Detail::List),
    );
}

/// A learner's run with the guide the manifest gives: a staged exercise failing in stage 1
/// (stages 2 and 3 locked), one passing, the rest not started; `check` of each; `--stage 1`.
#[test]
fn human_guides_the_learner() {
    use super::human::{Detail, Guide};
    let staged = |first: Outcome| {
        exercise(
            "02-staged",
            ExerciseStatus::Fail,
            None,
            vec![
                test("stage1_counts", Outcome::Pass),
                test("stage1_thresholds", first),
                test(
                    "stage2_collects",
                    Outcome::Todo {
                        location: Some(Location("src/lib.rs:9:5".into())),
                    },
                ),
                test("stage2_moves", Outcome::Pass),
                test("stage3_finalizes", Outcome::Todo { location: None }),
            ],
        )
    };
    let wrong = Outcome::Fail(Failure::Panic(panic("assertion failed: count == 1", None)));
    let passed = exercise(
        "01-done",
        ExerciseStatus::Pass,
        None,
        vec![test("works", Outcome::Pass)],
    );
    let not_started = |name: &str| {
        exercise(
            name,
            ExerciseStatus::Todo,
            None,
            vec![test("todo", Outcome::Todo { location: None })],
        )
    };
    let mut guide = Guide::default();
    for (name, chapter) in [
        ("01-done", "01-done.md"),
        ("02-staged", "02-staged.md"),
        ("03-next", "03-next.md"),
        ("04-later", "04-later.md"),
        ("05-last", "05-last.md"),
    ] {
        guide.chapters.push((name.into(), chapter.into()));
    }
    for (test_name, stage) in [
        ("stage1_counts", 1),
        ("stage1_thresholds", 1),
        ("stage2_collects", 2),
        ("stage2_moves", 2),
        ("stage3_finalizes", 3),
    ] {
        guide
            .stages
            .insert(("02-staged".into(), test_name.into()), stage);
    }
    let render = |report: &Report, detail, guide: &Guide| {
        let mut out = anstream::StripStream::new(Vec::new());
        super::human::write(report, detail, guide, &mut out).unwrap();
        String::from_utf8(out.into_inner()).unwrap()
    };
    let run = total(
        "exercises".into(),
        vec![
            passed.clone(),
            staged(wrong.clone()),
            not_started("03-next"),
            not_started("04-later"),
            not_started("05-last"),
        ],
    );
    let fresh = total(
        "exercises".into(),
        ["01-done", "02-staged", "03-next", "04-later", "05-last"]
            .map(not_started)
            .to_vec(),
    );
    let one = |report: ExerciseReport| total("exercises".into(), vec![report]);
    let mut stage_one = guide.clone();
    stage_one.stage_limit = Some(1);
    let only_stage_one = exercise(
        "02-staged",
        ExerciseStatus::Pass,
        None,
        vec![
            test("stage1_counts", Outcome::Pass),
            test("stage1_thresholds", Outcome::Pass),
        ],
    );
    let text = [
        "== cargo grade, a fresh clone".to_string(),
        render(&fresh, Detail::Summary, &guide),
        "== cargo grade, one exercise done and one failing in stage 1".to_string(),
        render(&run, Detail::Summary, &guide),
        "== cargo grade check 02-staged".to_string(),
        render(&one(staged(wrong)), Detail::Every, &guide),
        "== cargo grade check 01-done".to_string(),
        render(&one(passed), Detail::Every, &guide),
        "== cargo grade check 02-staged --stage 1".to_string(),
        render(&one(only_stage_one), Detail::Every, &stage_one),
    ]
    .join("\n");
    check("human-guide.txt", &text);
    assert!(
        !text.contains("stage2_collects"),
        "a locked stage's tests are not listed as failures:\n{text}"
    );
}

#[test]
fn human_quiz_states() {
    let (unreadable, not_started) = quiz_states();
    let text = [
        human(&unreadable, super::human::Detail::Summary),
        human(&not_started, super::human::Detail::Summary),
    ]
    .join("\n");
    check("human-quiz-states.txt", &text);
}

#[test]
fn json() {
    let text = rendered(|out| super::json::write(&every_outcome(), out));
    check("report.json", &text);
    let (unreadable, _) = quiz_states();
    check(
        "quiz-unreadable.json",
        &rendered(|out| super::json::write(&unreadable, out)),
    );
    // Schema 1: every documented field, with its documented type.
    let document: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(document["schema_version"], 1);
    for exercise in document["exercises"].as_array().unwrap() {
        for field in [
            "name",
            "title",
            "difficulty",
            "status",
            "score",
            "max_score",
        ] {
            assert!(!exercise[field].is_null(), "{field}: {exercise:#}");
        }
        assert!(exercise.get("diagnostics").is_some());
        for test in exercise["tests"].as_array().unwrap() {
            for field in ["name", "status", "points", "max_points", "duration_ms"] {
                assert!(!test[field].is_null(), "{field}: {test:#}");
            }
            for field in ["message", "diff", "output"] {
                assert!(test.get(field).is_some(), "{field}: {test:#}");
            }
        }
    }
}

/// Where [`every_outcome`]'s hidden tests are, as `junit::test_files` finds them in a checkout.
fn junit_test_files() -> super::junit::TestFiles {
    let mut files = super::junit::TestFiles::default();
    for exercise in every_outcome().exercises {
        for (index, test) in exercise.tests.iter().enumerate() {
            let (file, line) = match (exercise.name.as_str(), test.name.as_str()) {
                ("quiz", _) => ("grader/hidden/quiz/03-cycles.toml".to_string(), None),
                ("01-outcomes", "compiled") => {
                    ("grader/hidden/01-outcomes/ui/not_send.rs".to_string(), None)
                }
                (name, _) => (
                    format!("grader/hidden/{name}/tests.rs"),
                    Some(10 * index + 3),
                ),
            };
            files.insert(&exercise.name, &test.name, file, line);
        }
    }
    files
}

#[test]
fn junit() {
    check(
        "report.junit.xml",
        &rendered(|out| super::junit::write(&every_outcome(), &junit_test_files(), out)),
    );
}

#[test]
fn gradescope() {
    let default = super::gradescope::Settings::default();
    check(
        "gradescope.json",
        &rendered(|out| super::gradescope::write(&every_outcome(), &default, out)),
    );
    // A teacher's manifest: some tests hidden until later, and a leaderboard.
    let mut settings = super::gradescope::Settings::default();
    settings.leaderboard = true;
    use crate::grade::manifest::Visibility;
    for (test, visibility) in [
        ("passes", Visibility::Visible),
        ("assert_eq", Visibility::Hidden),
        ("timeout", Visibility::AfterDueDate),
        ("segv", Visibility::AfterPublished),
    ] {
        settings.set_visibility("01-outcomes", test, visibility);
    }
    check(
        "gradescope-leaderboard.json",
        &rendered(|out| super::gradescope::write(&every_outcome(), &settings, out)),
    );
}

/// What Exercism's format shows beside some tests of [`every_outcome`]: code, and a stage.
fn exercism_sources() -> super::exercism::Sources {
    use super::exercism::TestSource;
    let mut sources = super::exercism::Sources::default();
    let test_fn =
        |name: &str| format!("fn {name}() {{\n    assert_eq!(counts(), [1, 3], \"counts\");\n}}");
    for (test, stage) in [
        ("passes", Some(1)),
        ("assert_eq", Some(1)),
        ("timeout", Some(2)),
    ] {
        let code = test_fn(test);
        sources.insert(
            "01-outcomes",
            test,
            TestSource {
                code,
                task_id: stage,
            },
        );
    }
    sources.insert(
        "01-outcomes",
        "compiled",
        TestSource {
            code:
                "fn main() {\n    let rc = MyRc::new(1);\n    std::thread::spawn(move || rc);\n}\n"
                    .into(),
            task_id: None,
        },
    );
    sources.insert(
        "quiz",
        "03-cycles.choice",
        TestSource {
            code: "How many references does `sys.getrefcount(x)` report?".into(),
            task_id: None,
        },
    );
    sources
}

#[test]
fn github() {
    let annotations = rendered(|out| super::github::write(&every_outcome(), out, None));
    check("github-annotations.txt", &annotations);
    check(
        "github-summary.md",
        &super::github::summary(&every_outcome()),
    );
    let (unreadable, not_started) = quiz_states();
    let quiz = [
        rendered(|out| super::github::write(&unreadable, out, None)),
        super::github::summary(&unreadable),
        rendered(|out| super::github::write(&not_started, out, None)),
        super::github::summary(&not_started),
    ]
    .join("\n");
    check("github-quiz-states.txt", &quiz);
    // GitHub's workflow-command shape: at most ten errors, each on one line.
    let errors: Vec<&str> = annotations
        .lines()
        .filter(|line| line.starts_with("::error "))
        .collect();
    assert_eq!(errors.len(), 10, "{annotations}");
    for line in &errors {
        let (properties, _message) = line["::error ".len()..].split_once("::").unwrap();
        for property in properties.split(',') {
            let (key, _) = property.split_once('=').unwrap();
            assert!(["file", "line", "title"].contains(&key), "{line}");
        }
    }
}

#[test]
fn github_summary_is_appended_to_the_step_summary_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("step_summary.md");
    std::fs::write(&path, "# An earlier step\n").unwrap();
    let summary = super::github::summary_path(Some(path.clone().into_os_string()));
    let mut out = Vec::new();
    super::github::write(&every_outcome(), &mut out, summary.as_deref()).unwrap();
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        written,
        format!(
            "# An earlier step\n{}",
            super::github::summary(&every_outcome())
        )
    );
    // A file that cannot be written is an error naming it.
    let unwritable = dir.path().join("no-such-folder/summary.md");
    let error =
        super::github::write(&every_outcome(), &mut Vec::new(), Some(&unwritable)).unwrap_err();
    let error = format!("{error:#}");
    assert!(error.contains("no-such-folder/summary.md"), "{error}");
    assert!(error.contains("GITHUB_STEP_SUMMARY"), "{error}");
}

#[test]
fn exercism() {
    let text = rendered(|out| super::exercism::write(&every_outcome(), &exercism_sources(), out));
    check("exercism.json", &text);
    let (unreadable, not_started) = quiz_states();
    let none = super::exercism::Sources::default();
    let quiz = [
        rendered(|out| super::exercism::write(&unreadable, &none, out)),
        rendered(|out| super::exercism::write(&not_started, &none, out)),
    ]
    .join("\n");
    check("exercism-quiz-states.json", &quiz);
    // The interface, version 3: the fields it names, with their types and values.
    let document: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(document["version"], 3);
    assert_eq!(document["status"], "fail");
    assert!(document.get("message").is_none());
    for test in document["tests"].as_array().unwrap() {
        let status = test["status"].as_str().unwrap();
        assert!(["pass", "fail", "error"].contains(&status), "{test:#}");
        assert!(
            test["name"].is_string() && test["test_code"].is_string(),
            "{test:#}"
        );
        if status != "pass" {
            assert!(test["message"].is_string(), "{test:#}");
        }
        if let Some(output) = test.get("output") {
            assert!(output.as_str().unwrap().chars().count() <= 500, "{test:#}");
        }
        if let Some(task) = test.get("task_id") {
            assert!(task.as_u64().unwrap() >= 1, "{test:#}");
        }
    }
    let error: serde_json::Value = serde_json::from_str(&rendered(|out| {
        super::exercism::write(&unreadable, &none, out)
    }))
    .unwrap();
    assert_eq!(error["status"], "error");
    assert!(error["message"].is_string());
}

#[test]
fn integrity_in_every_format() {
    let report = with_integrity();
    let human = [
        human(&report, super::human::Detail::Summary),
        human(&report, super::human::Detail::List),
    ]
    .join("\n");
    check("integrity-human.txt", &human);
    let json = rendered(|out| super::json::write(&report, out));
    check("integrity.json", &json);
    let document: serde_json::Value = serde_json::from_str(&json).unwrap();
    for exercise in document["exercises"].as_array().unwrap() {
        for finding in exercise["integrity"].as_array().unwrap() {
            for field in ["file", "kind", "message", "item", "text"] {
                assert!(finding[field].is_string(), "{field}: {finding:#}");
            }
            assert!(finding["line"].as_u64().unwrap() >= 1, "{finding:#}");
        }
    }
    assert_eq!(document["exercises"][0]["integrity"][3]["kind"], "exit");
    assert_eq!(document["exercises"][1]["integrity"], serde_json::json!([]));
    check(
        "integrity.junit.xml",
        &rendered(|out| super::junit::write(&report, &junit_test_files(), out)),
    );
    let gradescope = rendered(|out| {
        super::gradescope::write(&report, &super::gradescope::Settings::default(), out)
    });
    check("integrity.gradescope.json", &gradescope);
    let document: serde_json::Value = serde_json::from_str(&gradescope).unwrap();
    let integrity = document["tests"].as_array().unwrap().last().unwrap();
    assert_eq!(integrity["name"], "Integrity");
    assert_eq!(integrity["visibility"], "hidden");
    assert_eq!(integrity["max_score"], 0);
    assert_eq!(
        document["score"], report.score,
        "the Integrity entry is worth no points"
    );
    let github = [
        rendered(|out| super::github::write(&report, out, None)),
        super::github::summary(&report),
    ]
    .join("\n");
    check("integrity-github.txt", &github);
    check(
        "integrity-exercism-stderr.txt",
        &super::exercism::integrity_notes(&report),
    );
}

#[test]
fn integrity_warnings_only_fill_the_room_failures_leave() {
    let mut report = every_outcome();
    report.exercises[0].integrity = with_integrity().exercises[0].integrity.clone();
    let annotations = rendered(|out| super::github::write(&report, out, None));
    assert!(!annotations.contains("::warning"), "{annotations}");
    assert!(
        annotations.contains("::notice title=gc-workbook integrity::5 findings"),
        "{annotations}"
    );
    // Without failures, every finding is a warning at its line.
    let annotations = rendered(|out| super::github::write(&with_integrity(), out, None));
    let warnings: Vec<&str> = annotations
        .lines()
        .filter(|line| line.starts_with("::warning "))
        .collect();
    assert_eq!(warnings.len(), 5, "{annotations}");
    assert!(
        warnings[0].starts_with(
            "::warning file=submission/01-refcount/src/lib.rs,line=3,title=integrity%3A env::"
        ),
        "{annotations}"
    );
}
