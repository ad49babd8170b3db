//! Stage 6: render a [`Report`](crate::score::Report) for people or for machines.
//!
//! `human` writes a colored summary (or every test, for `check`); `json` writes the documented
//! schema; `junit` and `gradescope` feed CI test views and Gradescope's autograder; `mutants`
//! writes the mutation-testing summary. Both write to a stream they are given, so tests can read what would be printed.

pub(crate) mod gradescope;
pub(crate) mod human;
pub(crate) mod interview;
pub(crate) mod json;
pub(crate) mod junit;
pub(crate) mod mutants;

/// The output formats of `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// A colored summary for a terminal.
    Human,
    /// One JSON document on stdout (schema in the README).
    Json,
    /// JUnit XML, for CI test-report views.
    Junit,
    /// Gradescope's autograder `results.json`.
    Gradescope,
}
