//! `cargo grade claims`: hold the book's claims records (`book/claims/`) to the book, and print
//! per page the claims checked, found wrong and fixed (maintainers). `cargo test` runs it.

use std::process::ExitCode;

use anyhow::{Result, bail};

use super::Context;
use crate::author::claims;
use crate::report::Format;

/// Arguments of `cargo grade claims`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {}

/// Checks every record; exit 1 when one does not hold.
pub(super) fn execute(_args: Args, context: &Context) -> Result<ExitCode> {
    if context.options.format != Format::Human {
        bail!("`cargo grade claims` prints --format human only");
    }
    let session = &context.session;
    let quiz_dir = session.hidden_dir()?.join("quiz");
    let right = claims::run(session.project.root(), &quiz_dir)?;
    Ok(if right {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
