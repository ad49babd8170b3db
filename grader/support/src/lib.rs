//! What every hidden-test binary links against.
//!
//! The grader runs each hidden test in its own process and believes a test passed only when the
//! test itself says so: [`prove`] runs the test body and, once every assertion in it has held,
//! writes the run's secret nonce to a proof file that only the grader knows to look for. Output on
//! stdout, an exit code, or a `std::process::exit(0)` inside learner code prove nothing.
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
use std::io::Write;
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
/// Environment variable holding the run's nonce, the proof that a test finished.
pub const NONCE_ENV: &str = "GRADER_NONCE";
/// File (inside the result directory) that holds the nonce once the test body returned.
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
    body();
    if let (Some(dir), Some(nonce)) = (result_dir(), std::env::var_os(NONCE_ENV)) {
        let path = dir.join(PROOF_FILE);
        let written =
            File::create(&path).and_then(|mut file| file.write_all(nonce.as_encoded_bytes()));
        if let Err(err) = written {
            panic!(
                "grader-support: cannot write the proof file {}: {err}",
                path.display()
            );
        }
    }
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
