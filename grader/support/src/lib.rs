//! What every hidden-test binary links against.
//!
//! The grader runs each hidden test in its own process and believes a test passed only when the
//! test itself says so. The grader hands each test process a fresh secret on its stdin (a pipe
//! whose write end is already closed) and nowhere else: not in the environment, not in the
//! arguments. [`prove`] reads it before the test body runs, so the pipe is empty by the time
//! learner code could look (reading stdin or `/proc/self/fd/0` then gives end-of-file), and once
//! every assertion has held it writes the secret to a proof file the grader reads. Output on
//! stdout, an exit code, or a `std::process::exit(0)` inside learner code prove nothing.
//!
//! What code in the same process can still do: read the process's own memory (with `unsafe`, or
//! through `/proc/self/mem`) and search for the secret while the body runs, or run before `main`
//! (a `link_section` constructor, which Rust 2024 spells `#[unsafe(...)]`). The grader's
//! integrity report lists every `unsafe`, every `/proc` path and every file access in a
//! submission, so a teacher sees such an attempt.
//!
//! [`prove`] also records the first panic of the process (its message and location), so the
//! grader can tell a failed assertion from a `todo!()` that was never filled in, without parsing
//! the default panic hook's output.
//!
//! Outside the grader (a plain `cargo test` of the hidden tests) none of the environment variables
//! are set and [`prove`] is just a call of its closure.
//!
//! The module [`alloc`] counts heap use for leak tests, [`drops`] counts destructor runs, and
//! [`replay`] runs seeded random programs on a learner's collector and on [`refgc`], shrinking
//! a difference to the shortest program that shows it.

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::Once;

pub mod alloc;
pub mod drops;
pub mod replay;

/// The reference collector, for hidden tests that compare a learner's collector with it.
pub use refgc;

pub use alloc::{CountingAlloc, Usage};
pub use drops::{DropToken, Drops};

/// Environment variable naming the directory where one test process leaves its records.
pub const RESULT_DIR_ENV: &str = "GRADER_RESULT_DIR";
/// File (inside the result directory) that holds the secret once the test body returned.
pub const PROOF_FILE: &str = "proof";
/// File (inside the result directory) that holds the first panic: location, newline, message.
pub const PANIC_FILE: &str = "panic";

/// Runs one hidden test's body and, if it returns, proves to the grader that the test passed.
///
/// Write every hidden test as `#[test] fn name() { prove(|| { ... }) }`. The proof is written
/// after the closure (and everything it owns) is gone, so a destructor that panics or aborts
/// still fails the test.
///
/// ```
/// grader_support::prove(|| {
///     assert_eq!(1 + 1, 2);
/// });
/// ```
pub fn prove(body: impl FnOnce()) {
    record_panics();
    // Taken before the body runs: learner code finds the pipe empty.
    let secret = take_secret();
    body();
    if let (Some(dir), Some(secret)) = (result_dir(), secret) {
        let path = dir.join(PROOF_FILE);
        let written = File::create(&path).and_then(|mut file| file.write_all(&secret));
        if let Err(err) = written {
            panic!(
                "grader-support: cannot write the proof file {}: {err}",
                path.display()
            );
        }
    }
}

/// Under the grader (a result directory is set), the secret the grader wrote into this process's
/// stdin: everything up to end-of-file, read once. `None` outside the grader, or when something
/// emptied stdin first (then the test cannot pass, which is the point).
fn take_secret() -> Option<Vec<u8>> {
    result_dir()?;
    let mut secret = Vec::new();
    std::io::stdin().lock().read_to_end(&mut secret).ok()?;
    (!secret.is_empty()).then_some(secret)
}

fn result_dir() -> Option<PathBuf> {
    std::env::var_os(RESULT_DIR_ENV).map(PathBuf::from)
}

/// Installs (once per process) a panic hook that keeps the first panic's location and message
/// in the result directory, then hands over to the previous hook so the usual output still shows.
/// Panics inside [`replay`]'s shrinking (explored, not reported) are neither kept nor shown.
pub(crate) fn record_panics() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let dir = result_dir();
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if replay::is_quiet() {
                return;
            }
            if let Some(dir) = &dir {
                let location = info
                    .location()
                    .map(|at| format!("{}:{}:{}", at.file(), at.line(), at.column()))
                    .unwrap_or_default();
                let payload = info.payload();
                let message = payload
                    .downcast_ref::<&str>()
                    .map(|text| text.to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "Box<dyn Any> (a panic with a non-string payload)".into());
                // create_new: the first panic is the cause, later ones are fallout.
                if let Ok(mut file) = OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(dir.join(PANIC_FILE))
                {
                    let _ = write!(file, "{location}\n{message}");
                }
            }
            previous(info);
        }));
    });
}
