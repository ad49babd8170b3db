//! `cargo grade reset NAME`: put one exercise back to its stub, keeping a backup of the old files.

use std::process::ExitCode;

use anyhow::Result;

use super::{Context, find_exercise};
use crate::author::stubs;
use crate::grade::manifest;

/// Arguments of `cargo grade reset`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// The exercise, as `02-my-rc` or `my-rc`.
    name: String,
}

/// Regenerates one exercise's stub over the learner's files after copying them to a backup.
pub(super) fn execute(args: Args, context: &Context) -> Result<ExitCode> {
    let manifest = context.session.manifest()?;
    let exercise = &manifest.exercises[find_exercise(&manifest, &args.name)?];
    let project = &context.session.project;
    let stem = manifest::exercise_stem(&exercise.name).expect("validated by the manifest");
    let expected = stubs::generate(&project.solutions_dir().join(&exercise.name), stem)?;
    let stub_dir = project.exercises_dir().join(&exercise.name);
    let backups = project.new_backup_dir("reset").join(&exercise.name);
    let saved = stubs::write_with_backup(&stub_dir, &expected, &backups)?;
    anstream::println!("exercises/{} is back to its stub", exercise.name);
    if saved > 0 {
        let backups = project.relative(&backups);
        anstream::println!(
            "your {saved} changed file(s) are kept in {backups}; to put them back:\n  cp -R {backups}/. exercises/{}/",
            exercise.name
        );
    } else {
        anstream::println!("it was untouched: nothing to back up");
    }
    Ok(ExitCode::SUCCESS)
}
