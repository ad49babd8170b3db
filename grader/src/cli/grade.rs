//! `cargo grade` / `cargo grade grade`: every exercise, a summary.

use std::process::ExitCode;

use anyhow::Result;

use super::Context;
use crate::report::Detail;

/// Arguments of `cargo grade grade` (none besides the shared options).
#[derive(Debug, clap::Args)]
pub(super) struct Args {}

/// Grades every exercise in manifest order and prints the summary.
pub(super) fn execute(_args: Args, context: &Context) -> Result<ExitCode> {
    super::grade_all(context, Detail::Summary)
}
