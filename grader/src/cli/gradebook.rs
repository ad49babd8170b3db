//! `cargo grade gradebook merge A.csv B.csv … --out all.csv`: join the gradebooks of shards.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, bail};

use super::Context;
use crate::classroom::batch::gradebook;
use crate::files::write_file;

/// Arguments of `cargo grade gradebook`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Join shard gradebooks (all CSV or all JSON) into one; a student in two of them, or
    /// gradebooks of different exercises, is an error naming the file.
    Merge {
        /// The gradebooks of the shards.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// The merged gradebook (same kind as the inputs: `.csv` or `.json`).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

/// Merges the gradebooks and writes the result.
pub(super) fn execute(args: Args, _context: &Context) -> Result<ExitCode> {
    let Command::Merge { files, out } = args.command;
    let is_json = |path: &Path| path.extension().is_some_and(|ext| ext == "json");
    let json = is_json(&out);
    if let Some(other) = files.iter().find(|file| is_json(file) != json) {
        bail!(
            "{} is not a {} gradebook like --out {}: merge CSV with CSV, JSON with JSON",
            other.display(),
            if json { "JSON" } else { "CSV" },
            out.display()
        );
    }
    let files: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let text = if json {
        gradebook::merge_json(&files)?
    } else {
        gradebook::merge_csv(&files)?
    };
    write_file(&out, &text)?;
    println!("merged {} gradebooks into {}", files.len(), out.display());
    Ok(ExitCode::SUCCESS)
}
