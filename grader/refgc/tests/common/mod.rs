//! What the tests that check refgc against CPython share: finding `python3`, and running many
//! emitted programs in one python3 process (each in a child forked from a clean parent, so
//! they cannot see each other's collector state, without paying for a new interpreter each).

use std::fs;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The usable `python3`, or `None` (after saying why) when there is none. Without it the test
/// fails when `CI` is set.
pub(crate) fn python() -> Option<&'static str> {
    let found = Command::new("python3")
        .args([
            "-c",
            "import sys, _testcapi; print(sys.version_info >= (3, 11))",
        ])
        .output()
        .ok()
        .filter(|output| output.status.success() && output.stdout.starts_with(b"True"));
    if found.is_some() {
        return Some("python3");
    }
    let why = "python3 (3.11 or newer, with _testcapi) is needed to check refgc against CPython";
    assert!(std::env::var_os("CI").is_none(), "{why}");
    eprintln!("skipped: {why}");
    None
}

/// What one program did on CPython.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Outcome {
    /// Its standard output, line by line.
    pub(crate) lines: Vec<String>,
    /// Its standard error (empty when all went well: an exception in a finalizer or a callback
    /// is printed there by CPython's unraisable hook).
    pub(crate) stderr: String,
    /// Whether it ran to its end.
    pub(crate) success: bool,
}

/// The parent process: reads each program, forks, runs it in the child with its output sent
/// to files, waits (a child taking more than 20 s is killed).
const RUNNER: &str = r#"
import gc, os, signal, sys, weakref, _testcapi
folder, count = sys.argv[1], int(sys.argv[2])
for i in range(count):
    with open(f'{folder}/{i}.py') as f:
        code = compile(f.read(), f'scenario {i}', 'exec')
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        out = os.open(f'{folder}/{i}.out', os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        err = os.open(f'{folder}/{i}.err', os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(out, 1)
        os.dup2(err, 2)
        signal.alarm(20)
        status = 0
        try:
            exec(code, {'__name__': '__main__', '__builtins__': __builtins__})
        except BaseException:
            import traceback
            traceback.print_exc()
            status = 1
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    _, status = os.waitpid(pid, 0)
    with open(f'{folder}/{i}.status', 'w') as f:
        f.write(str(status))
"#;

/// Runs every program on `python` in one process; their outcomes, in order.
pub(crate) fn run_batch(python: &str, programs: &[String]) -> Vec<Outcome> {
    static BATCHES: AtomicUsize = AtomicUsize::new(0);
    let folder: PathBuf = std::env::temp_dir().join(format!(
        "refgc-cpython-{}-{}",
        std::process::id(),
        BATCHES.fetch_add(1, Ordering::Relaxed)
    ));
    fs::create_dir_all(&folder).expect("a temporary folder");
    for (i, program) in programs.iter().enumerate() {
        fs::write(folder.join(format!("{i}.py")), program).expect("program written");
    }
    let status = Command::new(python)
        .args(["-c", RUNNER])
        .arg(&folder)
        .arg(programs.len().to_string())
        .status()
        .expect("python3 runs");
    assert!(status.success(), "the batch runner failed: {status}");
    let read = |i: usize, ext: &str| {
        fs::read_to_string(folder.join(format!("{i}.{ext}"))).unwrap_or_default()
    };
    let outcomes = (0..programs.len())
        .map(|i| Outcome {
            lines: read(i, "out").lines().map(str::to_string).collect(),
            stderr: read(i, "err"),
            success: read(i, "status").trim() == "0",
        })
        .collect();
    let _ = fs::remove_dir_all(&folder);
    outcomes
}
