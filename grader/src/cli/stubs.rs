//! `cargo grade stubs [--check]`: regenerate exercises/ from solutions/.
//!
//! Files that would be overwritten or removed are first copied to `.grade-backups/`, so a
//! learner who runs this over their work loses nothing.

use std::process::ExitCode;

use anyhow::Result;

use super::Context;
use crate::manifest;
use crate::stubs;

/// Arguments of `cargo grade stubs`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// Only compare: list what differs and exit with code 1 if anything does.
    #[arg(long)]
    check: bool,
}

/// Generates every exercise's stub and writes it (after a backup) or compares it.
pub(super) fn execute(args: Args, context: &Context) -> Result<ExitCode> {
    let manifest = context.manifest()?;
    let project = &context.project;
    let backup_root = project.backups_dir().join(super::reset::timestamp("stubs"));
    let mut drifted = 0;
    for exercise in &manifest.exercises {
        let stem = manifest::exercise_stem(&exercise.name).expect("validated by the manifest");
        let solution = project.solutions_dir().join(&exercise.name);
        let stub_dir = project.exercises_dir().join(&exercise.name);
        let expected = stubs::generate(&solution, stem)?;
        let drift = stubs::drift(&stub_dir, &expected)?;
        if drift.is_empty() {
            continue;
        }
        drifted += 1;
        if args.check {
            for path in &drift.changed {
                anstream::println!("differs: exercises/{}/{}", exercise.name, path.display());
            }
            for path in &drift.extra {
                anstream::println!(
                    "not generated: exercises/{}/{}",
                    exercise.name,
                    path.display()
                );
            }
        } else {
            let backups = backup_root.join(&exercise.name);
            let saved = stubs::write_with_backup(&stub_dir, &expected, &backups)?;
            anstream::println!("regenerated exercises/{}", exercise.name);
            if saved > 0 {
                anstream::println!(
                    "  {saved} file(s) backed up in {}",
                    project.relative(&backups)
                );
            }
        }
    }
    if args.check && drifted > 0 {
        anstream::eprintln!(
            "exercises/ is out of date with solutions/ in {drifted} exercise(s): run `cargo grade stubs`"
        );
        return Ok(ExitCode::from(1));
    }
    if drifted == 0 {
        anstream::println!("exercises/ is up to date with solutions/");
    }
    Ok(ExitCode::SUCCESS)
}
