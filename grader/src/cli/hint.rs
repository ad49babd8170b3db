//! `cargo grade hint NAME [N]`: the first N hints of an exercise.

use std::process::ExitCode;

use anyhow::{Result, bail};

use super::{Context, find_exercise};
use crate::learner::last;

/// Arguments of `cargo grade hint`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// The exercise, as `02-my-rc`, `my-rc` or `2`.
    name: String,
    /// Show hints 1 to N [default: the hint for the first test that failed when you last
    /// graded the exercise, or the first hint].
    count: Option<usize>,
}

/// Prints the hint for the first failing test (or hints 1 to N) and says how to ask for more.
pub(super) fn execute(args: Args, context: &Context) -> Result<ExitCode> {
    let manifest = context.session.manifest()?;
    let exercise = &manifest.exercises[find_exercise(&manifest, &args.name)?];
    let hints = &exercise.hints;
    if hints.is_empty() {
        bail!(
            "{} has no hints in {}",
            exercise.name,
            manifest.path.display()
        );
    }
    if args.count == Some(0) {
        bail!("ask for at least one hint");
    }
    anstream::println!("Hints for {} — {}", exercise.name, exercise.title);
    let (first, last) = match args.count {
        Some(count) => (1, count.min(hints.len())),
        None => {
            let failing = last::first_failing(&context.session.project, &exercise.name);
            let start = failing
                .as_deref()
                .map_or(1, |test| exercise.hint_for(test))
                .min(hints.len());
            if let Some(test) = &failing {
                anstream::println!(
                    "(for `{test}`, the first test that failed when you last graded it)"
                );
            }
            (start, start)
        }
    };
    for number in first..=last {
        anstream::println!("\n{number}. {}", hints[number - 1]);
    }
    if first > 1 {
        anstream::println!(
            "\n(the hints before it: `cargo grade hint {} {}`)",
            exercise.name,
            first - 1
        );
    }
    if last < hints.len() {
        anstream::println!(
            "\n({} more: `cargo grade hint {} {}`)",
            hints.len() - last,
            exercise.name,
            last + 1
        );
    }
    Ok(ExitCode::SUCCESS)
}
