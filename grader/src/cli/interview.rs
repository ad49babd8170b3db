//! `cargo grade interview`: a timed mock interview at the terminal (see
//! [`crate::learner::interview::terminal`]).

use std::process::ExitCode;

use anyhow::Result;

use super::Context;
use crate::learner::interview::terminal::{self, Options};

/// Arguments of `cargo grade interview`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// The same seed draws the same interview (give a class one) [default: a random seed,
    /// printed].
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
    /// Time for the whole interview, in minutes (fractions are fine: 0.5).
    #[arg(long, value_name = "M", default_value_t = 30.0)]
    minutes: f64,
    /// How many quiz questions to ask (spread across chapters).
    #[arg(long, value_name = "K", default_value_t = 8)]
    questions: usize,
    /// Draw the exercise from every exercise [default: from those you have started, or the
    /// first when none is].
    #[arg(long)]
    any_exercise: bool,
}

/// Runs the interview and writes its report.
pub(super) fn execute(args: Args, context: &Context) -> Result<ExitCode> {
    let options = Options {
        seed: args.seed,
        minutes: args.minutes,
        questions: args.questions,
        any_exercise: args.any_exercise,
    };
    terminal::run(&context.session, options)?;
    Ok(ExitCode::SUCCESS)
}
