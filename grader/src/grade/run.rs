//! Stage 4: run every hidden test in its own process and say what happened to it.
//!
//! Each test runs as `EXE --exact NAME` in a process group of its own, under an address-space
//! limit (set by `sh -c 'ulimit -v'`, so no `unsafe` pre-exec hook is needed), with a wall-clock
//! timeout and a cap on the output kept. When it ends, whatever it left behind in its group is
//! killed. A pass needs the proof file that `grader_support::prove` writes after the test's
//! assertions, holding the secret this one test process was given on its stdin (and nowhere
//! else): printed text and exit codes are never enough, and neither is another test's proof.

use std::collections::BTreeSet;
use std::fs;
use std::io::{Read, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;

use crate::grade::manifest::Limits;
use crate::grade::outcome::{
    Crash, CrashCause, Failure, Location, Outcome, Output, Panic, Sides, TestResult,
};
use crate::grade::sandbox::{Ended, Launch, Running, Sandbox};

/// One test to run.
#[derive(Debug, Clone)]
pub(crate) struct Job {
    /// The hidden-test executable.
    pub(crate) executable: PathBuf,
    /// The test's name in the executable.
    pub(crate) test: String,
    /// Time, memory and output limits.
    pub(crate) limits: Limits,
    /// Stress mode: `GRADER_STRESS=1` in the test's environment (removed otherwise, so only
    /// `--stress` turns it on).
    pub(crate) stress: bool,
}

/// Runs `jobs` on `parallelism` threads; results come back in the order of `jobs`.
/// `on_finish(done, total)` is called after each test.
pub(crate) fn run_all(
    jobs: &[Job],
    parallelism: usize,
    run_dir: &Path,
    sandbox: &Sandbox,
    on_finish: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<TestResult>> {
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<TestResult>>>> =
        Mutex::new((0..jobs.len()).map(|_| None).collect());
    thread::scope(|scope| {
        for _ in 0..parallelism.clamp(1, jobs.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::SeqCst);
                    let Some(job) = jobs.get(index) else { break };
                    let result_dir = run_dir.join(index.to_string());
                    let outcome = secret().and_then(|secret| {
                        let result = run_one(job, &result_dir, &secret, Backtrace::Off, sandbox)?;
                        locate_in_own_code(job, result, &result_dir, &secret, sandbox)
                    });
                    results.lock().expect("no panics while holding the lock")[index] =
                        Some(outcome);
                    on_finish(done.fetch_add(1, Ordering::SeqCst) + 1, jobs.len());
                }
            });
        }
    });
    results
        .into_inner()
        .expect("no panics while holding the lock")
        .into_iter()
        .map(|result| result.expect("every job ran"))
        .collect()
}

/// The test names a hidden-test executable holds (`--list --format terse`), asked inside the
/// sandbox like any test: the executable holds learner code. `result_dir` is a fresh folder
/// for it.
pub(crate) fn list_tests(
    executable: &Path,
    result_dir: &Path,
    sandbox: &Sandbox,
) -> Result<BTreeSet<String>> {
    fs::create_dir_all(result_dir)
        .with_context(|| format!("cannot create {}", result_dir.display()))?;
    let (output_reader, output_writer) = std::io::pipe()?;
    let running = sandbox.spawn(
        Launch {
            program: executable,
            args: &["--list", "--format", "terse"],
            result_dir,
            memory_bytes: Some(LIST_MEMORY_BYTES),
        },
        Stdio::null(),
        output_writer,
        |command| {
            command.env_remove(grader_support::RESULT_DIR_ENV);
        },
    )?;
    let capture = Arc::new(Mutex::new(Capture::new(LIST_OUTPUT_BYTES)));
    let reader_done = start_reader(output_reader, &capture);
    let (running, waited) = wait_and_clean_up(running, LIST_TIMEOUT)?;
    let _ = reader_done.recv_timeout(Duration::from_secs(2));
    let text = capture
        .lock()
        .expect("the reader does not panic")
        .output()
        .text;
    let ended = running.finish(waited, &text)?;
    match ended.status {
        Some(status) if status.success() => Ok(text
            .lines()
            .filter_map(|line| line.strip_suffix(": test"))
            .map(str::to_owned)
            .collect()),
        Some(status) => bail!(
            "{} --list failed ({status}): {}",
            executable.display(),
            text.trim()
        ),
        None => bail!(
            "{} --list did not finish within {} s",
            executable.display(),
            LIST_TIMEOUT.as_secs()
        ),
    }
}

/// Time, memory and output allowed to list a hidden-test executable's tests.
const LIST_TIMEOUT: Duration = Duration::from_secs(60);
const LIST_MEMORY_BYTES: u64 = 1 << 30;
const LIST_OUTPUT_BYTES: usize = 1 << 20;

/// Whether a test process prints a backtrace when it panics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Backtrace {
    Off,
    Short,
}

/// A panic raised inside Rust's standard library (`Instant + Duration` overflowing, an
/// `unwrap` on `None`…) points into `library/core`, where nobody can act on it. Such a test is
/// run once more with a backtrace, and the panic is located at the first frame outside the
/// standard library: the learner's line that called it (or the hidden test's). Everything else
/// of the first run stays.
fn locate_in_own_code(
    job: &Job,
    mut result: TestResult,
    result_dir: &Path,
    secret: &[u8],
    sandbox: &Sandbox,
) -> Result<TestResult> {
    let Outcome::Fail(Failure::Panic(panic)) = &mut result.outcome else {
        return Ok(result);
    };
    let Some(std_location) = panic.location.clone().filter(|at| is_in_std(&at.0)) else {
        return Ok(result);
    };
    let again = run_one(job, result_dir, secret, Backtrace::Short, sandbox)?;
    let Some(frame) = again.output.as_ref().and_then(|o| first_own_frame(&o.text)) else {
        return Ok(result);
    };
    panic.location = Some(Location(frame));
    panic.message = format!(
        "{}\n(raised inside Rust's standard library, {}: the line below called it)",
        panic.message, std_location.0
    );
    Ok(result)
}

/// Whether `location` (`FILE:LINE:COL`) is in the standard library's sources.
fn is_in_std(location: &str) -> bool {
    location.starts_with("/rustc/")
        || ["library/core/", "library/std/", "library/alloc/"]
            .iter()
            .any(|dir| location.starts_with(dir) || location.contains(&format!("/{dir}")))
}

/// The first frame of the (short) backtrace in `output` whose source is not the standard
/// library's, a registry crate's or `grader-support`'s: `FILE:LINE:COL`.
fn first_own_frame(output: &str) -> Option<String> {
    output
        .lines()
        .skip_while(|line| !line.starts_with("stack backtrace:"))
        .filter_map(|line| line.trim().strip_prefix("at "))
        .find(|at| {
            !is_in_std(at)
                && !at.contains("/.cargo/registry/")
                && !at.contains("grader/support/src/")
        })
        .map(|at| at.strip_prefix("./").unwrap_or(at).to_string())
}

fn run_one(
    job: &Job,
    result_dir: &Path,
    secret: &[u8],
    backtrace: Backtrace,
    sandbox: &Sandbox,
) -> Result<TestResult> {
    if result_dir.exists() {
        fs::remove_dir_all(result_dir)
            .with_context(|| format!("cannot clear {}", result_dir.display()))?;
    }
    fs::create_dir_all(result_dir)
        .with_context(|| format!("cannot create {}", result_dir.display()))?;
    let started = Instant::now();
    let (output_reader, output_writer) = std::io::pipe()?;
    // The secret waits in a pipe whose write end is closed before the test starts: the test
    // reads it to the end, and after that nobody can.
    let (secret_reader, mut secret_writer) = std::io::pipe()?;
    secret_writer.write_all(secret)?;
    drop(secret_writer);
    let args = [
        job.test.as_str(),
        "--exact",
        "--nocapture",
        "--test-threads=1",
    ];
    let running = sandbox.spawn(
        Launch {
            program: &job.executable,
            args: &args,
            result_dir,
            memory_bytes: Some(job.limits.memory_limit_bytes),
        },
        Stdio::from(secret_reader),
        // One pipe for both streams keeps the process's own order of writes.
        output_writer,
        |command| {
            if job.stress {
                command.env(grader_support::replay::STRESS_ENV, "1");
            } else {
                command.env_remove(grader_support::replay::STRESS_ENV);
            }
            command
                .env(grader_support::RESULT_DIR_ENV, result_dir)
                .env(
                    "RUST_BACKTRACE",
                    match backtrace {
                        Backtrace::Off => "0",
                        Backtrace::Short => "1",
                    },
                )
                .env_remove("CARGO_MANIFEST_DIR")
                .env_remove("RUST_TEST_THREADS");
        },
    )?;
    let capture = Arc::new(Mutex::new(Capture::new(job.limits.output_limit_bytes)));
    let reader_done = start_reader(output_reader, &capture);
    let (running, waited) = wait_and_clean_up(running, job.limits.timeout)?;
    let duration = started.elapsed();
    // The reader finishes when every writer of the pipe is gone; a process that escaped the
    // group could hold one open, so don't wait for ever.
    let output_complete = reader_done.recv_timeout(Duration::from_secs(2)).is_ok();
    let mut output = capture.lock().expect("the reader does not panic").output();
    output.abandoned = !output_complete;
    let ended = running.finish(waited, &output.text)?;

    let proof = fs::read(result_dir.join(grader_support::PROOF_FILE)).ok();
    let panic = fs::read_to_string(result_dir.join(grader_support::PANIC_FILE)).ok();
    let outcome = classify(
        ended,
        proof.as_deref() == Some(secret),
        panic.as_deref().map(parse_panic),
        &output.text,
        &job.limits,
    );
    Ok(TestResult {
        outcome,
        output: Some(output),
        duration,
    })
}

/// Decides the outcome from everything the process left: exit status, proof, first panic, output.
fn classify(
    ended: Ended,
    proved: bool,
    panic: Option<Panic>,
    output: &str,
    limits: &Limits,
) -> Outcome {
    let Some(exit) = ended.status else {
        return Outcome::Timeout {
            limit: limits.timeout,
        };
    };
    if proved && exit.success() {
        return Outcome::Pass;
    }
    if let Some(signal) = exit.signal() {
        let name = Signal::try_from(signal)
            .map(|signal| signal.as_str().to_string())
            .unwrap_or_else(|_| format!("signal {signal}"));
        let cause = if output.contains("has overflowed its stack") {
            CrashCause::StackOverflow
        } else if let Some(line) = output.lines().find(|line| is_allocation_failure(line)) {
            CrashCause::OutOfMemory {
                report: line.to_string(),
                limit_bytes: limits.memory_limit_bytes,
            }
        } else if ended.out_of_memory {
            CrashCause::OutOfMemory {
                report: GROUP_OUT_OF_MEMORY.to_string(),
                limit_bytes: limits.memory_limit_bytes,
            }
        } else if let Some(panic) = panic {
            CrashCause::AfterPanic(panic)
        } else if signal == Signal::SIGABRT as i32 {
            CrashCause::Abort
        } else {
            CrashCause::Signal
        };
        return Outcome::Crash(Crash {
            signal: name,
            cause,
        });
    }
    if let Some(panic) = panic {
        if panic.message.starts_with("not yet implemented")
            || panic.message.starts_with("not implemented")
        {
            return Outcome::Todo {
                location: panic.location,
            };
        }
        return Outcome::Fail(Failure::Panic(panic));
    }
    Outcome::Fail(Failure::Exited {
        code: exit.code(),
        proved,
    })
}

/// The panic record `grader_support`'s hook writes: the location on the first line, the
/// message after it.
fn parse_panic(record: &str) -> Panic {
    let (location, message) = record.split_once('\n').unwrap_or(("", record));
    Panic {
        message: message.to_string(),
        location: (!location.is_empty()).then(|| Location(location.to_string())),
        sides: assertion_sides(message),
    }
}

/// The two sides of `assert_eq!`'s panic message (Rust 1.73 and later):
/// ``assertion `left == right` failed[: msg]\n  left: L\n right: R``.
fn assertion_sides(message: &str) -> Option<Sides> {
    if !message.starts_with("assertion `left == right` failed") {
        return None;
    }
    let left_at = message.find("\n  left: ")?;
    let after_left = &message[left_at + "\n  left: ".len()..];
    let right_at = after_left.find("\n right: ")?;
    Some(Sides {
        got: after_left[..right_at].to_string(),
        expected: after_left[right_at + "\n right: ".len()..].to_string(),
    })
}

fn is_allocation_failure(line: &str) -> bool {
    line.starts_with("memory allocation of ") && line.ends_with("failed")
}

/// What the kernel did, in the words of a runtime's own out-of-memory line: the test's
/// processes together went over their control group's cap and one was killed.
const GROUP_OUT_OF_MEMORY: &str =
    "killed by the kernel: the test's processes together went over their memory cap";

/// Waits for `running` at most `timeout`, then kills its process group (whatever it started
/// there, and the sandbox with it): `None` when it was still running at the limit.
fn wait_and_clean_up(
    mut running: Running,
    timeout: Duration,
) -> Result<(Running, Option<ExitStatus>)> {
    let status = wait_with_timeout(&mut running.child, timeout)?;
    // The test is over: nothing it started may outlive it.
    let _ = killpg(Pid::from_raw(running.child.id() as i32), Signal::SIGKILL);
    if status.is_none() {
        running.child.wait()?;
    }
    Ok((running, status))
}

/// Waits for `child` at most `timeout`; `None` when it is still running then.
pub(crate) fn wait_with_timeout(
    child: &mut Child,
    timeout: Duration,
) -> Result<Option<ExitStatus>> {
    let deadline = Instant::now() + timeout;
    let mut pause = Duration::from_millis(1);
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        let now = Instant::now();
        if now >= deadline {
            return Ok(None);
        }
        thread::sleep(pause.min(deadline - now));
        pause = (pause * 2).min(Duration::from_millis(20));
    }
}

/// Output kept from one process: at most `limit` bytes, then a mark.
struct Capture {
    bytes: Vec<u8>,
    limit: usize,
    truncated: bool,
}

impl Capture {
    fn new(limit: usize) -> Self {
        Self {
            bytes: Vec::new(),
            limit,
            truncated: false,
        }
    }

    fn push(&mut self, chunk: &[u8]) {
        let room = self.limit.saturating_sub(self.bytes.len());
        self.bytes
            .extend_from_slice(&chunk[..chunk.len().min(room)]);
        self.truncated |= chunk.len() > room;
    }

    fn output(&self) -> Output {
        Output {
            text: String::from_utf8_lossy(&self.bytes).into_owned(),
            truncated_at: self.truncated.then_some(self.limit),
            abandoned: false,
        }
    }
}

/// Drains the output pipe on a thread (so the child never blocks on a full pipe); it sends on
/// the returned channel when the pipe closes.
fn start_reader(
    mut pipe: std::io::PipeReader,
    capture: &Arc<Mutex<Capture>>,
) -> mpsc::Receiver<()> {
    let (done, finished) = mpsc::channel();
    let capture = Arc::clone(capture);
    thread::spawn(move || {
        let mut buffer = [0u8; 8192];
        while let Ok(read @ 1..) = pipe.read(&mut buffer) {
            capture
                .lock()
                .expect("the reader does not panic")
                .push(&buffer[..read]);
        }
        let _ = done.send(());
    });
    finished
}

/// A fresh secret for this run, so only a test that reached `prove`'s end can write it.
/// A fresh secret for one test process: 32 bytes from the kernel's random source, raw (no
/// pattern a search of memory could look for).
fn secret() -> Result<Vec<u8>> {
    let mut secret = vec![0; 32];
    fs::File::open("/dev/urandom")
        .and_then(|mut random| random.read_exact(&mut secret))
        .context("cannot read /dev/urandom for a test's secret")?;
    Ok(secret)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capture_keeps_the_first_bytes_and_marks_the_cut() {
        let mut capture = Capture::new(4);
        capture.push(b"abc");
        capture.push(b"def");
        let output = capture.output();
        assert_eq!(output.text, "abcd");
        assert_eq!(output.truncated_at, Some(4));
    }

    fn text(run: &TestResult) -> &str {
        &run.output.as_ref().expect("a process ran").text
    }

    #[test]
    fn a_panic_in_std_is_located_at_the_first_frame_outside_it() {
        let output = "thread 'x' panicked at /rustc/17067e9/library/core/src/time.rs:1170:31:
overflow when adding duration to instant
stack backtrace:
   0: rust_begin_unwind
             at /rustc/17067e9/library/std/src/panicking.rs:665:5
   1: core::option::expect_failed
             at /rustc/17067e9/library/core/src/option.rs:2070:5
   2: grader_support::replay::run
             at /home/u/.cargo/registry/src/x/similar/src/lib.rs:1:1
   3: ttl_cache::TtlCache::set
             at /work/exercises/15-ttl-cache/src/lib.rs:42:17
   4: tests::expires
             at ./tests.rs:10:5
";
        assert!(is_in_std("/rustc/17067e9/library/core/src/time.rs:1170:31"));
        assert!(!is_in_std("/work/exercises/15-ttl-cache/src/lib.rs:42:17"));
        assert_eq!(
            first_own_frame(output).as_deref(),
            Some("/work/exercises/15-ttl-cache/src/lib.rs:42:17")
        );
        assert_eq!(first_own_frame("no backtrace here"), None);
    }

    #[test]
    fn panic_records_are_split_into_location_message_and_sides() {
        let panic = parse_panic(
            "a.rs:1:2\nassertion `left == right` failed: counts\n  left: [1, 2]\n right: [1, 3]",
        );
        assert_eq!(panic.location, Some(Location("a.rs:1:2".into())));
        assert_eq!(
            panic.sides,
            Some(Sides {
                got: "[1, 2]".into(),
                expected: "[1, 3]".into()
            })
        );
        assert_eq!(parse_panic("\nboom").location, None);
        assert_eq!(parse_panic("a.rs:1:2\nboom").sides, None);
    }

    #[test]
    fn secrets_differ() {
        assert_ne!(secret().unwrap(), secret().unwrap());
    }

    /// Runs a shell script as if it were a hidden-test binary (it gets the same arguments and
    /// environment), with a short timeout.
    fn run_script(script: &str, limits: Limits) -> (TestResult, tempfile::TempDir) {
        run_script_with(script, limits, false)
    }

    fn run_script_with(
        script: &str,
        limits: Limits,
        stress: bool,
    ) -> (TestResult, tempfile::TempDir) {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fake-test");
        fs::write(&path, format!("#!/bin/sh\n{script}\n")).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
        let job = Job {
            executable: path,
            test: "some_test".into(),
            limits,
            stress,
        };
        let run = run_one(
            &job,
            &dir.path().join("result"),
            b"the-secret",
            Backtrace::Off,
            &Sandbox::none("unit tests"),
        )
        .unwrap();
        (run, dir)
    }

    #[test]
    fn the_output_ends_with_the_test_and_is_not_waited_for() {
        // The grader's own copies of the pipe's write end must be closed after the spawn, or
        // every test would wait out the 2 s given to escaped processes.
        let (run, _dir) = run_script("echo done", QUICK);
        let output = run.output.unwrap();
        assert!(output.text.contains("done"), "{output:?}");
        assert!(
            !output.abandoned,
            "the reader saw the end of the output: {output:?}"
        );
    }

    #[test]
    fn stress_mode_is_in_the_environment_only_with_stress() {
        let script = "echo \"stress=${GRADER_STRESS:-unset}\"";
        let (run, _dir) = run_script_with(script, QUICK, true);
        assert!(text(&run).contains("stress=1"), "{run:?}");
        let (run, _dir) = run_script_with(script, QUICK, false);
        assert!(text(&run).contains("stress=unset"), "{run:?}");
    }

    const QUICK: Limits = Limits {
        timeout: Duration::from_millis(500),
        memory_limit_bytes: 512 << 20,
        output_limit_bytes: 1024,
    };

    #[test]
    fn only_the_secret_from_stdin_in_the_proof_file_passes() {
        let (run, _dir) = run_script(r#"cat > "$GRADER_RESULT_DIR/proof""#, QUICK);
        assert_eq!(run.outcome, Outcome::Pass, "{run:?}");
        let (run, _dir) = run_script(r#"printf forged > "$GRADER_RESULT_DIR/proof""#, QUICK);
        assert!(
            matches!(run.outcome, Outcome::Fail(Failure::Exited { .. })),
            "{run:?}"
        );
        let (run, _dir) = run_script("echo 'test result: ok. 1 passed'; exit 0", QUICK);
        assert!(
            matches!(run.outcome, Outcome::Fail(Failure::Exited { .. })),
            "{run:?}"
        );
    }

    #[test]
    fn the_secret_is_in_no_environment_variable_or_argument_and_is_read_once() {
        let script = r#"env > "$PWD/env"; printf '%s\n' "$0" "$@" > "$PWD/args"
            cat > /dev/null; cat /proc/self/fd/0 > "$GRADER_RESULT_DIR/proof""#;
        let (run, dir) = run_script(script, QUICK);
        assert!(
            matches!(run.outcome, Outcome::Fail(Failure::Exited { .. })),
            "a second read finds the pipe empty: {run:?}"
        );
        for file in ["env", "args"] {
            let text = fs::read_to_string(dir.path().join("result").join(file)).unwrap();
            assert!(!text.contains("the-secret"), "{file}: {text}");
        }
    }

    #[test]
    fn a_slow_test_times_out_and_is_killed() {
        let started = Instant::now();
        let (run, _dir) = run_script("sleep 30", QUICK);
        assert_eq!(
            run.outcome,
            Outcome::Timeout {
                limit: QUICK.timeout
            },
            "{run:?}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "killed, not waited for"
        );
    }

    #[test]
    fn processes_left_behind_are_killed_with_the_group() {
        let (run, dir) = run_script(r#"sleep 60 & echo $! > "$PWD/orphan.pid"; exit 0"#, QUICK);
        assert!(
            matches!(run.outcome, Outcome::Fail(Failure::Exited { .. })),
            "{run:?}"
        );
        let pid = fs::read_to_string(dir.path().join("result/orphan.pid")).unwrap();
        let stat = format!("/proc/{}/stat", pid.trim());
        let deadline = Instant::now() + Duration::from_secs(5);
        // Gone, or a zombie waiting for init to reap it: either way it no longer runs.
        while fs::read_to_string(&stat).is_ok_and(|s| !s.contains(") Z ")) {
            assert!(Instant::now() < deadline, "the orphan {pid} still runs");
            thread::sleep(Duration::from_millis(20));
        }
    }

    #[test]
    fn output_is_capped_and_marked() {
        let (run, _dir) = run_script("yes | head -c 100000; exit 1", QUICK);
        let output = run.output.unwrap();
        assert_eq!(output.text.len(), 1024);
        assert_eq!(output.truncated_at, Some(1024));
    }

    #[test]
    fn the_memory_limit_is_the_address_space_limit() {
        let (run, _dir) = run_script("ulimit -v", QUICK);
        assert_eq!(text(&run).trim(), (512 * 1024).to_string());
    }

    #[test]
    fn a_signal_is_a_crash_with_its_name() {
        let (run, _dir) = run_script("kill -SEGV $$", QUICK);
        assert_eq!(
            run.outcome,
            Outcome::Crash(Crash {
                signal: "SIGSEGV".into(),
                cause: CrashCause::Signal
            })
        );
    }
}
