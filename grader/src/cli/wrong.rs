//! `cargo grade wrong [NAME]`: grade every known-wrong solution; each must score below 100 %.

use std::process::ExitCode;

use anyhow::{Result, bail};

use super::{Context, select};
use crate::author::wrong::{command, report};
use crate::report::Format;

/// Arguments of `cargo grade wrong`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// Only this exercise's known-wrong solutions, as `04-my-weak` or `my-weak`.
    name: Option<String>,
}

/// Writes every known-wrong solution as a graded tree, grades it, and exits 1 when one of them
/// scores full marks (the hidden tests miss that mistake).
pub(super) fn execute(args: Args, context: &Context) -> Result<ExitCode> {
    if !matches!(context.options.format, Format::Human | Format::Json) {
        bail!("`cargo grade wrong` prints --format human or json");
    }
    if context.options.solutions || context.options.submission.is_some() {
        bail!(
            "`cargo grade wrong` always grades edited copies of solutions/; drop --solutions/--submission"
        );
    }
    let manifest = context.session.manifest()?;
    let selected = select(&manifest, args.name.as_deref())?;
    let verdicts = command::run(&context.session, &manifest, &selected)?;
    match context.options.format {
        Format::Json => report::write_json(&verdicts, &mut std::io::stdout().lock())?,
        _ => report::write_human(&verdicts, &mut anstream::stdout().lock())?,
    }
    Ok(if verdicts.rejected == verdicts.total {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
