//! `cargo grade`: grades gc-workbook exercises with hidden tests.
//!
//! The folders are the design (`grader/DESIGN.md` maps them): [`grade`] is the pipeline, its
//! stages in the order data flows (manifest → harness → build → run → compile-fail → score),
//! and a session that says what to grade; [`report`] renders a graded report in every format;
//! [`learner`] holds the quiz and the mock interview, [`classroom`] the batch gradebook and the
//! Gradescope bundle, [`author`] the maintainers' tools (stubs, known-wrong solutions, mutation
//! testing, checked outputs); [`files`] is how every part lists, hashes and writes files, and
//! [`project`] where the checkout's folders are. [`cli`] parses the command line and calls one
//! function per command; `main` only maps its result to an exit code.

mod author;
mod classroom;
mod cli;
mod files;
mod grade;
mod learner;
mod project;
mod report;

use std::process::ExitCode;

fn main() -> ExitCode {
    // Cargo runs the grader as its rustc wrapper while it builds the hidden tests.
    if let Some(code) = grade::rustc_wrapper::run_if_asked() {
        return code;
    }
    // Started by the grader itself as a test's sandbox (see `grade::sandbox::init`).
    let mut args = std::env::args_os().skip(1);
    if args
        .next()
        .is_some_and(|first| first == grade::sandbox::init::INIT_ARG)
    {
        return grade::sandbox::init::main(args);
    }
    match cli::run() {
        Ok(code) => code,
        Err(err) => {
            anstream::eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
