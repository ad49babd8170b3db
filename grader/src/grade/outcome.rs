//! The data that flows from `run` to `report`: what happened to each test, as values.
//!
//! `run` and the compile-fail stage produce an [`Outcome`] per test (with its [`Output`]),
//! `score` counts points into a [`Report`], and only `report/` turns these values into
//! sentences. Nothing here is text meant to be parsed again: a location is a field, `todo` is a
//! variant, a timeout carries its limit, an abandoned output pipe is a flag.

use std::fmt;
use std::time::Duration;

/// An exercise's index in the manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct ExerciseIndex(pub(crate) usize);

/// A test's index in its exercise's `tests`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct TestIndex(pub(crate) usize);

/// One test of one exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct TestKey {
    pub(crate) exercise: ExerciseIndex,
    pub(crate) test: TestIndex,
}

/// The six statuses of the report (JSON `tests[].status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    /// The test proved it passed.
    Pass,
    /// An assertion failed, the test panicked, or it did not end as a test must.
    Fail,
    /// The code under test reached `todo!()`: not started.
    Todo,
    /// The test ran out of time.
    Timeout,
    /// The process died: abort, stack overflow, out of memory, a signal.
    Crash,
    /// The exercise did not compile (or could not be set up).
    Error,
}

impl Status {
    /// The lowercase name used in every report.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Todo => "todo",
            Status::Timeout => "timeout",
            Status::Crash => "crash",
            Status::Error => "error",
        }
    }
}

/// The status of a whole exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExerciseStatus {
    /// Every test passed.
    Pass,
    /// Some test did not pass (and not every test is `todo`).
    Fail,
    /// Every test is `todo`: the exercise is not started.
    Todo,
    /// The exercise did not compile.
    Error,
}

impl ExerciseStatus {
    /// The lowercase name used in every report.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ExerciseStatus::Pass => "pass",
            ExerciseStatus::Fail => "fail",
            ExerciseStatus::Todo => "todo",
            ExerciseStatus::Error => "error",
        }
    }
}

/// Where a panic happened, as the panic hook saw it: `file:line:column`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Location(pub(crate) String);

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Both sides of a failed equality: `assert_eq!`'s `left` (what the code gave) and `right`
/// (what the test expected), or a quiz answer and the program's real output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sides {
    pub(crate) got: String,
    pub(crate) expected: String,
}

/// A test's first panic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Panic {
    /// The panic message, whole (an assertion's message includes its `left`/`right` lines).
    pub(crate) message: String,
    /// Where it panicked, when the hook recorded it.
    pub(crate) location: Option<Location>,
    /// For a failed `assert_eq!`: both sides' `Debug` text.
    pub(crate) sides: Option<Sides>,
}

/// What happened to one test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// It proved it passed.
    Pass,
    /// It ran and did not pass.
    Fail(Failure),
    /// The code under test reached `todo!()` / `unimplemented!()`.
    Todo { location: Option<Location> },
    /// It did not finish within its time limit and was killed.
    Timeout { limit: Duration },
    /// The process died.
    Crash(Crash),
    /// A compile-fail case not graded because a test it `requires` did not pass.
    Blocked {
        required: String,
        required_status: Status,
    },
    /// The exercise did not compile (or the quiz's answers could not be read): see the
    /// exercise's [`Problem`].
    NotCompiled,
    /// No stage produced an outcome for it (a grader bug, shown rather than hidden).
    NotRun,
    /// A quiz item with no answer, or with one not in the item's format (a choice's text instead
    /// of its letter): that counts as no answer, so it costs nothing and reveals nothing.
    Unanswered { format: Option<FormatError> },
}

/// How a test that ran did not pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Failure {
    /// It panicked (an assertion failed).
    Panic(Panic),
    /// The process ended without the test's proof and without a panic.
    Exited {
        /// The exit code (none: ended some other way).
        code: Option<i32>,
        /// The test wrote its proof, but the process then failed.
        proved: bool,
    },
    /// A compile-fail case compiled: the learner's crate lets it through.
    Compiled { expected: Vec<String> },
    /// A compile-fail case failed to compile, but its own errors miss some expected ones.
    OtherErrors {
        missing: Vec<String>,
        /// The first line of each of the case's own errors.
        got: Vec<String>,
    },
    /// A compile-fail case was not built at all (cargo stopped before it), with cargo's words.
    NotBuilt { cargo: String },
    /// A quiz item answered wrongly.
    WrongAnswer(WrongAnswer),
}

/// A wrong quiz answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WrongAnswer {
    /// What was expected and what was given.
    pub(crate) why: Mismatch,
    /// The line of the answers file holding it.
    pub(crate) line: Option<usize>,
    /// For a "what does this print?" item: the answer and the program's output.
    pub(crate) sides: Option<Sides>,
}

/// How a quiz answer differs from the right one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Mismatch {
    /// Another choice: the right one and the one given, each as its letter and text.
    Choice {
        expected: (char, String),
        given: (char, String),
    },
    /// None of the accepted answers.
    Short {
        accepted: Vec<String>,
        given: String,
    },
    /// Another output; the [`Sides`] carry both.
    Output,
}

/// Why a quiz answer could not be judged. It is judged as not answered: a format slip is not a
/// wrong answer, and the message must not say which answer is right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FormatError {
    /// A choice item's answer that is not one of its letters (which run from `a` to `last`).
    NotALetter { given: String, last: char },
}

/// How a test process died.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Crash {
    /// The signal's name, such as `SIGSEGV` (or `signal 42`).
    pub(crate) signal: String,
    pub(crate) cause: CrashCause,
}

/// Why the process got its signal, as far as its output tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CrashCause {
    /// The runtime reported a stack overflow.
    StackOverflow,
    /// An allocation failed under the memory limit.
    OutOfMemory {
        /// The runtime's line, `memory allocation of N bytes failed`.
        report: String,
        limit_bytes: u64,
    },
    /// It panicked first, then died (a panic while panicking aborts).
    AfterPanic(Panic),
    /// `abort()` without a panic.
    Abort,
    /// Any other signal.
    Signal,
}

/// What a test process printed (stdout and stderr interleaved), as kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Output {
    /// The first bytes of the output, as text.
    pub(crate) text: String,
    /// Set when more was printed than kept: the number of bytes kept.
    pub(crate) truncated_at: Option<usize>,
    /// A process the test started still held the pipe 2 s after the test ended; the rest of
    /// the output was not waited for.
    pub(crate) abandoned: bool,
}

/// Why a whole exercise has no test results of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Problem {
    /// The compiler's (or cargo's) rendered errors.
    CompileErrors(String),
    /// The harness could not be set up for it (the reason, as an error chain).
    Setup(String),
    /// The hidden-test binary lacks tests the manifest lists.
    MissingTests(Vec<String>),
    /// The quiz's answers file could not be read (the reason).
    AnswersUnreadable(String),
    /// The build of its crate and hidden tests was stopped at the build time limit (a `const`
    /// evaluated without end, say): nothing of it ran.
    BuildTimedOut { limit: Duration },
    /// The graded crate's object code has code that runs before `main` or after it (each
    /// constructor or destructor section found, or why the object code could not be read): the
    /// exercise's tests were never run (see `grade::constructors`).
    CodeOutsideMain(Vec<String>),
}

/// One test's result, scored.
#[derive(Debug, Clone)]
pub(crate) struct TestReport {
    pub(crate) name: String,
    pub(crate) outcome: Outcome,
    pub(crate) points: u32,
    pub(crate) max_points: u32,
    /// Captured output of a test process (none for compile-fail cases and quiz items).
    pub(crate) output: Option<Output>,
    /// Wall-clock time of the test process (zero for compile-fail cases and quiz items).
    pub(crate) duration: Duration,
    /// A quiz item's explanation, shown with its verdict.
    pub(crate) explanation: Option<String>,
}

impl TestReport {
    /// The report status of this test's outcome.
    pub(crate) fn status(&self) -> Status {
        self.outcome.status()
    }
}

impl Outcome {
    /// The report status: what the outcome counts as.
    pub(crate) fn status(&self) -> Status {
        match self {
            Outcome::Pass => Status::Pass,
            Outcome::Fail(_) => Status::Fail,
            Outcome::Todo { .. } | Outcome::Unanswered { .. } => Status::Todo,
            Outcome::Timeout { .. } => Status::Timeout,
            Outcome::Crash(_) => Status::Crash,
            // Blocked by a test not started, the case is not started either.
            Outcome::Blocked {
                required_status: Status::Todo,
                ..
            } => Status::Todo,
            Outcome::Blocked { .. } => Status::Fail,
            Outcome::NotCompiled | Outcome::NotRun => Status::Error,
        }
    }

    /// For a failed equality: both sides.
    pub(crate) fn sides(&self) -> Option<&Sides> {
        match self {
            Outcome::Fail(Failure::Panic(panic)) => panic.sides.as_ref(),
            Outcome::Fail(Failure::WrongAnswer(wrong)) => wrong.sides.as_ref(),
            _ => None,
        }
    }
}

/// One exercise's result, scored.
#[derive(Debug, Clone)]
pub(crate) struct ExerciseReport {
    pub(crate) name: String,
    pub(crate) title: String,
    pub(crate) difficulty: String,
    pub(crate) status: ExerciseStatus,
    pub(crate) score: u32,
    pub(crate) max_score: u32,
    /// Why it has no results of its own, for status `error`.
    pub(crate) problem: Option<Problem>,
    pub(crate) tests: Vec<TestReport>,
    /// Files of a submitted crate that grading did not use (everything outside `src/`: a
    /// submission is compiled from its `src/` with the grader's own `Cargo.toml`), relative to
    /// the graded tree.
    pub(crate) ignored_files: Vec<String>,
    /// What in its source is out of place for the exercise, for the teacher (see
    /// [`crate::grade::integrity`]); empty for the quiz.
    pub(crate) integrity: Vec<crate::grade::integrity::Finding>,
}

/// Whether the test processes were isolated from the network and from the files that grading
/// must not change (see `crate::grade::sandbox`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SandboxReport {
    /// The tests had no network.
    pub(crate) network_isolated: bool,
    /// The checkout, the hidden tests and the graded tree were read-only for the tests.
    pub(crate) files_protected: bool,
    /// One sentence for the report: what held, or why it could not.
    pub(crate) note: String,
    /// Each isolation this machine did not give (empty when every part held).
    pub(crate) missing: Vec<String>,
}

/// The whole grading run.
#[derive(Debug, Clone)]
pub(crate) struct Report {
    /// The graded tree (`exercises`, `solutions`, or the submission folder).
    pub(crate) tree: String,
    /// Points earned.
    pub(crate) score: u32,
    /// Points available.
    pub(crate) max_score: u32,
    /// `score / max_score` in percent (100 when nothing is available).
    pub(crate) percent: f64,
    /// One entry per graded exercise, in manifest order (the quiz last).
    pub(crate) exercises: Vec<ExerciseReport>,
    /// How the test processes ran; `None` when no test process ran (the quiz alone).
    pub(crate) sandbox: Option<SandboxReport>,
}

impl Report {
    /// Applies `edit` to every free text of the report that may quote a path: compiler
    /// errors, panic messages and locations, output.
    pub(crate) fn edit_texts(&mut self, edit: &dyn Fn(&mut String)) {
        for exercise in &mut self.exercises {
            match &mut exercise.problem {
                Some(Problem::CompileErrors(text) | Problem::Setup(text)) => edit(text),
                Some(
                    Problem::MissingTests(_)
                    | Problem::AnswersUnreadable(_)
                    | Problem::BuildTimedOut { .. }
                    | Problem::CodeOutsideMain(_),
                )
                | None => {}
            }
            for finding in &mut exercise.integrity {
                edit(&mut finding.item);
            }
            for test in &mut exercise.tests {
                if let Some(output) = &mut test.output {
                    edit(&mut output.text);
                }
                let panic = match &mut test.outcome {
                    Outcome::Fail(Failure::Panic(panic))
                    | Outcome::Crash(Crash {
                        cause: CrashCause::AfterPanic(panic),
                        ..
                    }) => panic,
                    Outcome::Fail(Failure::NotBuilt { cargo }) => {
                        edit(cargo);
                        continue;
                    }
                    Outcome::Fail(Failure::OtherErrors { got, .. }) => {
                        got.iter_mut().for_each(edit);
                        continue;
                    }
                    Outcome::Todo {
                        location: Some(location),
                    } => {
                        edit(&mut location.0);
                        continue;
                    }
                    _ => continue,
                };
                edit(&mut panic.message);
                if let Some(location) = &mut panic.location {
                    edit(&mut location.0);
                }
            }
        }
    }
}

/// What the pipeline learned about one test, before points.
#[derive(Debug, Clone)]
pub(crate) struct TestResult {
    pub(crate) outcome: Outcome,
    /// The test process's output (none for compile-fail cases).
    pub(crate) output: Option<Output>,
    /// Wall-clock time of the test process.
    pub(crate) duration: Duration,
}

impl TestResult {
    /// A result with no process behind it: no output, no duration.
    pub(crate) fn without_process(outcome: Outcome) -> Self {
        Self {
            outcome,
            output: None,
            duration: Duration::ZERO,
        }
    }
}
