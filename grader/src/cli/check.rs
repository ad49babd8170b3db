//! `cargo grade check NAME`: one exercise, every test.

use std::process::ExitCode;

use anyhow::{Result, bail};

use super::{Context, find_exercise};
use crate::report::Detail;

/// Arguments of `cargo grade check`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// The exercise, as `02-my-rc` or `my-rc`.
    name: String,
    /// For an exercise built in stages: grade stages 1 to N only (each stage re-runs the tests
    /// of the stages before it).
    #[arg(long, value_name = "N")]
    stage: Option<u32>,
}

/// Grades one exercise and prints every test with its outcome.
pub(super) fn execute(args: Args, context: &Context) -> Result<ExitCode> {
    let (mut manifest, _quiz, mut shown) = context.load()?;
    let index = find_exercise(&manifest, &args.name)?;
    if let Some(stage) = args.stage {
        let exercise = &mut manifest.exercises[index];
        let stages = exercise.stages();
        if stages.is_empty() {
            bail!("{} is not built in stages; drop --stage", exercise.name);
        }
        if !stages.contains(&stage) {
            bail!(
                "{} has no stage {stage}; its stages: {}",
                exercise.name,
                stages
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        exercise.keep_stages_up_to(stage);
        shown.guide.stage_limit = Some(stage);
    }
    let report = context.session.grade(&manifest, &[index])?;
    if context.options.solutions {
        crate::author::margin::warn_slow_tests(&manifest, &report, context.options.stress);
    }
    context.finish(&report, Detail::Every, &shown)
}
