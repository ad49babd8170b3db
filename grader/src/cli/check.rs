//! `cargo grade check NAME`: one exercise, every test.

use std::process::ExitCode;

use anyhow::Result;

use super::{Context, find_exercise};
use crate::report::human::Detail;

/// Arguments of `cargo grade check`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// The exercise, as `02-my-rc` or `my-rc`.
    name: String,
}

/// Grades one exercise and prints every test with its outcome.
pub(super) fn execute(args: Args, context: &Context) -> Result<ExitCode> {
    let manifest = context.manifest()?;
    let index = find_exercise(&manifest, &args.name)?;
    let report = context.grade(&manifest, &[index])?;
    context.finish(&report, Detail::Every)
}
