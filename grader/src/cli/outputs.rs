//! `cargo grade outputs [--update]`: run every Python snippet of the book and every quiz program,
//! and compare with the outputs kept beside them (maintainers).
//!
//! `cargo test` runs it. With `--update` it writes the actual outputs (keeping `…` masks that
//! still match, and a backup of every file it overwrites or removes in `.grade-backups/`).

use std::process::ExitCode;

use anyhow::{Result, bail};

use super::Context;
use crate::author::outputs::command;
use crate::report::Format;

/// Arguments of `cargo grade outputs`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// Write the actual outputs where they differ (after a backup), and remove version files
    /// that say what the 3.11 file says.
    #[arg(long)]
    update: bool,
}

/// Checks (or updates) every kept output; exit 1 when one differs and was not updated.
pub(super) fn execute(args: Args, context: &Context) -> Result<ExitCode> {
    if context.options.format != Format::Human {
        bail!("`cargo grade outputs` prints --format human only");
    }
    let session = &context.session;
    let quiz_dir = session.hidden_dir()?.join("quiz");
    let jobs = session.settings.jobs;
    let right = command::run(&session.project, &quiz_dir, jobs, args.update)?;
    Ok(if right {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
