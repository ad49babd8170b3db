//! `cargo grade`: grades gc-workbook exercises with hidden tests.
//!
//! The pipeline, one module per stage: [`manifest`] (read and validate) → [`harness`] (write the
//! generated crates) → [`build`] (cargo, JSON messages) → [`run`] (one process per test) →
//! [`score`] (points) → [`report`] (human, JSON). [`grade`] runs it top to bottom, [`cache`] keeps what a warm run need not redo; [`cli`] is the
//! command line; [`stubs`] makes exercises/ from solutions/; [`wrong`] writes the known-wrong
//! solutions out as trees to grade; [`mutants`] measures the hidden tests with cargo-mutants; [`outputs`] runs the book's Python
//! snippets and the quiz programs against the outputs kept beside them.

mod build;
mod cache;
mod cli;
mod grade;
mod harness;
mod interview;
mod manifest;
mod mutants;
mod outputs;
mod project;
mod quiz;
mod report;
mod run;
mod score;
mod stubs;
mod wrong;

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
