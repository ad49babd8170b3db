//! `cargo grade list`: a line per exercise with its status and points.

use std::process::ExitCode;

use anyhow::Result;

use super::Context;
use crate::report::Detail;

/// Arguments of `cargo grade list` (none besides the shared options).
#[derive(Debug, clap::Args)]
pub(super) struct Args {}

/// Grades every exercise and prints one line for each.
pub(super) fn execute(_args: Args, context: &Context) -> Result<ExitCode> {
    super::grade_all(context, Detail::List)
}
