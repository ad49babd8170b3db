//! `cargo grade`: grades gc-workbook exercises with hidden tests.
//!
//! The pipeline, one module per stage: [`manifest`] (read and validate) → [`harness`] (write the
//! generated crates) → [`build`] (cargo, JSON messages) → [`run`] (one process per test) →
//! [`compile_fail`] (each case's verdict) → [`score`] (points) → [`report`] (every sentence:
//! human, JSON, JUnit, Gradescope). [`outcome`] holds the values that flow between them. [`grade`] runs it top to bottom, [`cache`] keeps what a warm run need not redo; [`cli`] is the
//! command line; [`stubs`] makes exercises/ from solutions/; [`wrong`] writes the known-wrong
//! solutions out as trees to grade; [`mutants`] measures the hidden tests with cargo-mutants; [`outputs`] runs the book's Python
//! snippets and the quiz programs against the outputs kept beside them; [`batch`] grades a class
//! at once above [`grade`]. Shared by several stages:
//! [`walk`] lists folders, [`cargo_toml`] reads a crate's `Cargo.toml`.

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
    match cli::run() {
        Ok(code) => code,
        Err(err) => {
            anstream::eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
