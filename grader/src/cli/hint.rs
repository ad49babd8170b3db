//! `cargo grade hint NAME [N]`: the first N hints of an exercise.

use std::process::ExitCode;

use anyhow::{Result, bail};

use super::{Context, find_exercise};

/// Arguments of `cargo grade hint`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// The exercise, as `02-my-rc` or `my-rc`.
    name: String,
    /// How many hints to show, from the gentlest.
    #[arg(default_value_t = 1)]
    count: usize,
}

/// Prints hints 1 to N and says how to ask for the next one.
pub(super) fn execute(args: Args, context: &Context) -> Result<ExitCode> {
    let manifest = context.session.manifest()?;
    let exercise = &manifest.exercises[find_exercise(&manifest, &args.name)?];
    if exercise.hints.is_empty() {
        bail!(
            "{} has no hints in {}",
            exercise.name,
            manifest.path.display()
        );
    }
    if args.count == 0 {
        bail!("ask for at least one hint");
    }
    let shown = args.count.min(exercise.hints.len());
    anstream::println!("Hints for {} — {}", exercise.name, exercise.title);
    for (number, hint) in exercise.hints.iter().take(shown).enumerate() {
        anstream::println!("\n{}. {hint}", number + 1);
    }
    if shown < exercise.hints.len() {
        anstream::println!(
            "\n({} more: `cargo grade hint {} {}`)",
            exercise.hints.len() - shown,
            exercise.name,
            shown + 1
        );
    }
    Ok(ExitCode::SUCCESS)
}
