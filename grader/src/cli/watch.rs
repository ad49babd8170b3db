//! `cargo grade watch`: grade everything once, then re-grade each exercise whose files change
//! (see [`crate::learner::watch`]). Stop with Ctrl-C.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::Result;

use super::Context;
use crate::learner::watch;

/// Arguments of `cargo grade watch`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// Seconds between two looks at the files.
    #[arg(long, default_value_t = 0.5, value_name = "SECS")]
    poll: f64,
}

/// Grades everything, then re-grades what changes, until stopped.
pub(super) fn execute(args: Args, context: &Context) -> Result<ExitCode> {
    let (manifest, quiz, shown) = context.load()?;
    let poll = Duration::from_secs_f64(args.poll.clamp(0.05, 60.0));
    let show = |report: &_, detail| context.finish(report, detail, &shown).map(|_| ());
    watch::run(&context.session, &manifest, &quiz, poll, &show)?;
    Ok(ExitCode::SUCCESS)
}
