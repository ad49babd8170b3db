//! Stage 4: run every hidden test in its own process and say what happened to it.
//!
//! Each test runs as `EXE --exact NAME` in a process group of its own, stdin closed, under an
//! address-space limit (set by `sh -c 'ulimit -v'`, so no `unsafe` pre-exec hook is needed), with
//! a wall-clock timeout and a cap on the output kept. When it ends, whatever it left behind in its
//! group is killed. A pass needs the proof file that `grader_support::prove` writes after the
//! test's assertions, holding this run's nonce: printed text and exit codes are never enough.

use std::collections::BTreeSet;
use std::fs;
use std::io::Read;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;

use crate::manifest::Limits;
use crate::score::Status;

/// One test to run.
#[derive(Debug, Clone)]
pub(crate) struct Job {
    /// The hidden-test executable.
    pub(crate) executable: PathBuf,
    /// The harness crate's folder: the working directory, as under `cargo test`.
    pub(crate) crate_dir: PathBuf,
    /// The test's name in the executable.
    pub(crate) test: String,
    /// Time, memory and output limits.
    pub(crate) limits: Limits,
    /// Stress mode: `GRADER_STRESS=1` in the test's environment (removed otherwise, so only
    /// `--stress` turns it on).
    pub(crate) stress: bool,
}

/// What happened when one test ran (kept for warm runs by [`crate::cache`]).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct TestRun {
    /// The outcome.
    pub(crate) status: Status,
    /// Why, for anything but a pass: a panic message, a signal, a timeout.
    pub(crate) message: Option<String>,
    /// Captured stdout and stderr, interleaved, capped.
    pub(crate) output: String,
    /// Wall-clock time of the process.
    pub(crate) duration: Duration,
}

/// Runs `jobs` on `parallelism` threads; results come back in the order of `jobs`.
/// `on_finish(done, total)` is called after each test.
pub(crate) fn run_all(
    jobs: &[Job],
    parallelism: usize,
    run_dir: &Path,
    on_finish: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<TestRun>> {
    let nonce = nonce();
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<TestRun>>>> =
        Mutex::new((0..jobs.len()).map(|_| None).collect());
    thread::scope(|scope| {
        for _ in 0..parallelism.clamp(1, jobs.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::SeqCst);
                    let Some(job) = jobs.get(index) else { break };
                    let result_dir = run_dir.join(index.to_string());
                    let outcome = run_one(job, &result_dir, &nonce);
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

/// The test names a hidden-test executable holds (`--list --format terse`).
pub(crate) fn list_tests(executable: &Path) -> Result<BTreeSet<String>> {
    let output = Command::new(executable)
        .args(["--list", "--format", "terse"])
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("cannot run {}", executable.display()))?;
    if !output.status.success() {
        bail!(
            "{} --list failed: {}",
            executable.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.strip_suffix(": test"))
        .map(str::to_owned)
        .collect())
}

fn run_one(job: &Job, result_dir: &Path, nonce: &str) -> Result<TestRun> {
    if result_dir.exists() {
        fs::remove_dir_all(result_dir)
            .with_context(|| format!("cannot clear {}", result_dir.display()))?;
    }
    fs::create_dir_all(result_dir)
        .with_context(|| format!("cannot create {}", result_dir.display()))?;
    let memory_kib = (job.limits.memory_limit_bytes / 1024).max(1);
    let started = Instant::now();
    let (output_reader, output_writer) = std::io::pipe()?;
    let mut command = Command::new("/bin/sh");
    if job.stress {
        command.env(grader_support::replay::STRESS_ENV, "1");
    } else {
        command.env_remove(grader_support::replay::STRESS_ENV);
    }
    let mut child = command
        // `ulimit -v` limits the address space of the shell, which `exec` turns into the test.
        .args([
            "-c",
            r#"ulimit -v "$1" 2>/dev/null; shift; exec "$@""#,
            "sh",
        ])
        .arg(memory_kib.to_string())
        .arg(&job.executable)
        .args([&job.test, "--exact", "--nocapture", "--test-threads=1"])
        .current_dir(&job.crate_dir)
        .env(grader_support::RESULT_DIR_ENV, result_dir)
        .env(grader_support::NONCE_ENV, nonce)
        .env("CARGO_MANIFEST_DIR", &job.crate_dir)
        .env("RUST_BACKTRACE", "0")
        .env_remove("RUST_TEST_THREADS")
        .stdin(Stdio::null())
        // One pipe for both streams keeps the process's own order of writes.
        .stdout(Stdio::from(output_writer.try_clone()?))
        .stderr(Stdio::from(output_writer))
        .process_group(0)
        .spawn()
        .with_context(|| format!("cannot start {}", job.executable.display()))?;
    // Dropping the command closes our copies of the write end: only the child holds it now,
    // so the reader sees the end of the output when the test exits.
    drop(command);
    let capture = Arc::new(Mutex::new(Capture::new(job.limits.output_limit_bytes)));
    let reader_done = start_reader(output_reader, &capture);

    let status = wait_with_timeout(&mut child, job.limits.timeout)?;
    // The test is over: nothing it started may outlive it.
    let _ = killpg(Pid::from_raw(child.id() as i32), Signal::SIGKILL);
    let status = match status {
        Some(status) => Some(status),
        None => {
            child.wait()?;
            None
        }
    };
    let duration = started.elapsed();
    // The reader finishes when every writer of the pipe is gone; a process that escaped the
    // group could hold one open, so don't wait for ever.
    let output_complete = reader_done.recv_timeout(Duration::from_secs(2)).is_ok();
    let mut output = capture.lock().expect("the reader does not panic").text();
    if !output_complete {
        output.push_str(OUTPUT_ABANDONED);
    }

    let proof = fs::read(result_dir.join(grader_support::PROOF_FILE)).ok();
    let panic = fs::read_to_string(result_dir.join(grader_support::PANIC_FILE)).ok();
    let (status, message) = classify(
        status,
        proof.as_deref() == Some(nonce.as_bytes()),
        panic.as_deref(),
        &output,
        &job.limits,
    );
    Ok(TestRun {
        status,
        message,
        output,
        duration,
    })
}

/// Appended to the output of a test whose pipe stayed open 2 s after it ended.
const OUTPUT_ABANDONED: &str =
    "\n[the rest of the output was abandoned: a process the test started still held it]\n";

/// Decides the outcome from everything the process left: exit status, proof, first panic, output.
fn classify(
    exit: Option<ExitStatus>,
    proved: bool,
    panic: Option<&str>,
    output: &str,
    limits: &Limits,
) -> (Status, Option<String>) {
    let Some(exit) = exit else {
        return (
            Status::Timeout,
            Some(format!(
                "did not finish within {} s (an endless loop or a deadlock?)",
                limits.timeout.as_secs_f64()
            )),
        );
    };
    if proved && exit.success() {
        return (Status::Pass, None);
    }
    let panic = panic.map(|record| {
        let (location, message) = record.split_once('\n').unwrap_or(("", record));
        (location.to_string(), message.to_string())
    });
    if let Some(signal) = exit.signal() {
        let name = Signal::try_from(signal)
            .map(|signal| signal.as_str().to_string())
            .unwrap_or_else(|_| format!("signal {signal}"));
        let why = if output.contains("has overflowed its stack") {
            format!("stack overflow ({name}): unbounded recursion?")
        } else if let Some(line) = output.lines().find(|line| is_allocation_failure(line)) {
            format!(
                "out of memory ({name}): {line} (the limit is {} MiB)",
                limits.memory_limit_bytes >> 20
            )
        } else if let Some((location, message)) = &panic {
            format!("{name} after a panic at {location}: {message}")
        } else if signal == Signal::SIGABRT as i32 {
            format!("aborted ({name})")
        } else {
            format!("killed by {name}")
        };
        return (Status::Crash, Some(why));
    }
    if let Some((location, message)) = panic {
        let status = if message.starts_with("not yet implemented")
            || message.starts_with("not implemented")
        {
            Status::Todo
        } else {
            Status::Fail
        };
        let message = if location.is_empty() {
            message
        } else {
            format!("{message}\n(at {location})")
        };
        return (status, Some(message));
    }
    let why = match exit.code() {
        Some(0) if proved => "the test finished but the process did not exit cleanly".to_string(),
        Some(0) => "the process exited with code 0 before the test finished \
                    (did the code call std::process::exit?)"
            .to_string(),
        Some(code) => format!("the process exited with code {code} before the test finished"),
        None => "the process ended without an exit code".to_string(),
    };
    (Status::Fail, Some(why))
}

fn is_allocation_failure(line: &str) -> bool {
    line.starts_with("memory allocation of ") && line.ends_with("failed")
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

    fn text(&self) -> String {
        let mut text = String::from_utf8_lossy(&self.bytes).into_owned();
        if self.truncated {
            text.push_str(&format!(
                "\n[output truncated: only the first {} KiB are kept]",
                self.limit / 1024
            ));
        }
        text
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
fn nonce() -> String {
    use std::hash::{BuildHasher, RandomState};
    let first = RandomState::new().hash_one(std::process::id());
    let second = RandomState::new().hash_one(std::time::SystemTime::now());
    format!("{first:016x}{second:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capture_keeps_the_first_bytes_and_marks_the_cut() {
        let mut capture = Capture::new(4);
        capture.push(b"abc");
        capture.push(b"def");
        let text = capture.text();
        assert!(text.starts_with("abcd\n[output truncated"), "{text}");
    }

    #[test]
    fn nonces_differ() {
        assert_ne!(nonce(), nonce());
    }

    /// Runs a shell script as if it were a hidden-test binary (it gets the same arguments and
    /// environment), with a short timeout.
    fn run_script(script: &str, limits: Limits) -> (TestRun, tempfile::TempDir) {
        run_script_with(script, limits, false)
    }

    fn run_script_with(script: &str, limits: Limits, stress: bool) -> (TestRun, tempfile::TempDir) {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fake-test");
        fs::write(&path, format!("#!/bin/sh\n{script}\n")).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
        let job = Job {
            executable: path,
            crate_dir: dir.path().to_path_buf(),
            test: "some_test".into(),
            limits,
            stress,
        };
        let run = run_one(&job, &dir.path().join("result"), "the-nonce").unwrap();
        (run, dir)
    }

    #[test]
    fn the_output_ends_with_the_test_and_is_not_waited_for() {
        // The grader's own copies of the pipe's write end must be closed after the spawn, or
        // every test would wait out the 2 s given to escaped processes.
        let (run, _dir) = run_script("echo done", QUICK);
        assert!(run.output.contains("done"), "{}", run.output);
        assert!(
            !run.output.contains(OUTPUT_ABANDONED),
            "the reader saw the end of the output: {}",
            run.output
        );
    }

    #[test]
    fn stress_mode_is_in_the_environment_only_with_stress() {
        let script = "echo \"stress=${GRADER_STRESS:-unset}\"";
        let (run, _dir) = run_script_with(script, QUICK, true);
        assert!(run.output.contains("stress=1"), "{}", run.output);
        let (run, _dir) = run_script_with(script, QUICK, false);
        assert!(run.output.contains("stress=unset"), "{}", run.output);
    }

    const QUICK: Limits = Limits {
        timeout: Duration::from_millis(500),
        memory_limit_bytes: 512 << 20,
        output_limit_bytes: 1024,
    };

    #[test]
    fn only_the_right_nonce_in_the_proof_file_passes() {
        let (run, _dir) = run_script(
            r#"printf %s "$GRADER_NONCE" > "$GRADER_RESULT_DIR/proof""#,
            QUICK,
        );
        assert_eq!(run.status, Status::Pass, "{run:?}");
        let (run, _dir) = run_script(r#"printf forged > "$GRADER_RESULT_DIR/proof""#, QUICK);
        assert_eq!(run.status, Status::Fail, "{run:?}");
        let (run, _dir) = run_script("echo 'test result: ok. 1 passed'; exit 0", QUICK);
        assert_eq!(run.status, Status::Fail, "{run:?}");
    }

    #[test]
    fn a_slow_test_times_out_and_is_killed() {
        let started = Instant::now();
        let (run, _dir) = run_script("sleep 30", QUICK);
        assert_eq!(run.status, Status::Timeout, "{run:?}");
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "killed, not waited for"
        );
    }

    #[test]
    fn processes_left_behind_are_killed_with_the_group() {
        let (run, dir) = run_script(r#"sleep 60 & echo $! > "$PWD/orphan.pid"; exit 0"#, QUICK);
        assert_eq!(run.status, Status::Fail, "{run:?}");
        let pid = fs::read_to_string(dir.path().join("orphan.pid")).unwrap();
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
        assert!(run.output.len() < 2048, "{} bytes kept", run.output.len());
        assert!(run.output.contains("[output truncated"), "{}", run.output);
    }

    #[test]
    fn the_memory_limit_is_the_address_space_limit() {
        let (run, _dir) = run_script("ulimit -v", QUICK);
        assert_eq!(run.output.trim(), (512 * 1024).to_string());
    }

    #[test]
    fn a_signal_is_a_crash_with_its_name() {
        let (run, _dir) = run_script("kill -SEGV $$", QUICK);
        assert_eq!(run.status, Status::Crash, "{run:?}");
        assert!(run.message.unwrap().contains("SIGSEGV"));
    }
}
