//! `cargo grade stubs [--check]`: regenerate exercises/ from solutions/, and the quiz's files
//! from its items (`exercises/quiz.toml`, `solutions/quiz.toml`, `book/src/quiz/*.md` and their
//! lines in `book/src/SUMMARY.md`); see [`crate::author::stubs`].
//!
//! Files that would be overwritten or removed are first copied to `.grade-backups/`, so a
//! learner who runs this over their work loses nothing.

use std::process::ExitCode;

use anyhow::Result;

use super::Context;
use crate::author::stubs::command;

/// Arguments of `cargo grade stubs`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// Only compare: list what differs and exit with code 1 if anything does.
    #[arg(long)]
    check: bool,
    /// Write the stubs (and the quiz's answers file) into DIR, a new or empty folder, instead:
    /// exercises/ is not touched.
    #[arg(long, value_name = "DIR", conflicts_with = "check")]
    out: Option<std::path::PathBuf>,
}

/// Generates every exercise's stub and writes it (after a backup) or compares it.
pub(super) fn execute(args: Args, context: &Context) -> Result<ExitCode> {
    let session = &context.session;
    let manifest = session.manifest()?;
    let quiz = session.quiz()?;
    if let Some(out) = &args.out {
        command::write_to(&session.project, &manifest, &quiz, out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let out_of_date = command::run(&session.project, &manifest, &quiz, args.check)?;
    Ok(if out_of_date {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
