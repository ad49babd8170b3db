//! `cargo grade gradescope-bundle [--out FILE] [--hidden-dir DIR]`: write the autograder zip a
//! teacher uploads to Gradescope (see [`crate::classroom::gradescope_bundle`]).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result};

use super::Context;
use crate::classroom::gradescope_bundle::{Bundle, ROOT_VARIABLE};
use crate::files;

/// Arguments of `cargo grade gradescope-bundle`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// Where to write the zip [default: target/gradescope-autograder.zip in the checkout]. An
    /// existing file is backed up to .grade-backups/ first.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// Writes the bundle and says where.
pub(super) fn execute(args: Args, context: &Context) -> Result<ExitCode> {
    let project = &context.session.project;
    // Refuse a bundle whose hidden tests the grader itself would refuse.
    let manifest = context.session.manifest()?;
    let out = match args.out {
        Some(out) => out,
        None => project.root().join("target/gradescope-autograder.zip"),
    };
    let out = std::path::absolute(&out).with_context(|| format!("--out {}", out.display()))?;
    let hidden_dir = context.session.teachers_hidden_dir()?;
    let bundle = Bundle::of(project, hidden_dir.as_deref(), &out)?;
    if out.exists() {
        let backup = project
            .new_backup_dir("gradescope-bundle")
            .join(out.file_name().context("--out names a file")?);
        files::back_up(&out, &backup)?;
        anstream::eprintln!(
            "the earlier {} is kept in {}",
            out.display(),
            project.relative(&backup)
        );
    }
    files::write_file(&out, &bundle.bytes)?;
    anstream::println!(
        "wrote {} ({} files, {} KiB; {} exercises): upload it as the Gradescope autograder",
        out.display(),
        bundle.entries(),
        bundle.bytes.len() / 1024,
        manifest.exercises.len()
    );
    anstream::println!(
        "to try it here: unzip it into DIR/source, put a submission in DIR/submission, then run \
         {ROOT_VARIABLE}=DIR bash DIR/source/setup.sh and {ROOT_VARIABLE}=DIR bash \
         DIR/source/run_autograder; DIR/results/results.json is what Gradescope reads"
    );
    Ok(ExitCode::SUCCESS)
}
