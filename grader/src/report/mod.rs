//! Stage 6: render a [`Report`](crate::score::Report) for people or for machines.
//!
//! `human` writes a colored summary (or every test, for `check`); `json` writes the documented
//! schema. Both write to a stream they are given, so tests can read what would be printed.

pub(crate) mod human;
pub(crate) mod json;

/// The output formats of `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// A colored summary for a terminal.
    Human,
    /// One JSON document on stdout (schema in the README).
    Json,
}
