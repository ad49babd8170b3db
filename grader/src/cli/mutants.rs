//! `cargo grade mutants [NAME] [--check]`: mutation testing of the hidden tests (maintainers).
//!
//! Without `--check` it runs cargo-mutants on each selected exercise's solution (slow: minutes
//! per exercise; too slow for CI), keeps the outcome beside the hidden tests and rewrites the
//! summary. With `--check` it runs nothing and only verifies what is kept: every exercise has a
//! record measured on its current solution and tests, meeting the goal, and the summary matches
//! the records. `cargo test` runs the check. With `--write-summary` it only rewrites the summary
//! from the records, as after a merge of branches that each measured their own exercise.

use std::process::ExitCode;

use anyhow::{Result, bail};

use super::{Context, select};
use crate::author::mutants::command::{self, Mode};
use crate::report::Format;

/// Arguments of `cargo grade mutants`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// Only this exercise, as `04-my-weak` or `my-weak`.
    name: Option<String>,
    /// Run nothing: check that the kept records are current and meet the goal.
    #[arg(long)]
    check: bool,
    /// Run nothing: rewrite the summary from the kept records (after merging branches that
    /// each measured their own exercise).
    #[arg(long, conflicts_with = "check")]
    write_summary: bool,
}

/// Measures (or, with `--check`, verifies) the selected exercises; exit 1 when one falls short.
pub(super) fn execute(args: Args, context: &Context) -> Result<ExitCode> {
    if context.options.format != Format::Human {
        bail!("`cargo grade mutants` prints --format human only (the records are JSON already)");
    }
    if context.options.solutions || context.options.submission.is_some() {
        bail!("`cargo grade mutants` always mutates solutions/; drop --solutions/--submission");
    }
    let manifest = context.session.manifest()?;
    let selected = select(&manifest, args.name.as_deref())?;
    let mode = if args.write_summary {
        Mode::WriteSummary
    } else if args.check {
        Mode::Check
    } else {
        Mode::Measure
    };
    let met = command::run(&context.session.project, &manifest, &selected, mode)?;
    Ok(if met {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
