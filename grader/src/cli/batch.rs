//! `cargo grade batch CLASS_DIR --out gradebook.csv`: a whole class, one folder per student.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};

use super::{Context, find_exercise};
use crate::classroom::batch::{self, Batch, Shard};
use crate::files::write_file;
use crate::report::Format;

/// Arguments of `cargo grade batch`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// The class: one folder per student, each a student repository (with `exercises/`) or the
    /// exercise folders themselves.
    class_dir: PathBuf,
    /// The CSV gradebook to write: one row per student.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Also write the JSON gradebook (the same rows with every test's status).
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
    /// Grade only the students at positions K-1, K-1+N, … of the sorted list (1 ≤ K ≤ N): N
    /// jobs of a CI matrix cover the class once; join them with `cargo grade gradebook merge`.
    #[arg(long, value_name = "K/N")]
    shard: Option<Shard>,
    /// Grade only this exercise (`02-my-rc` or `my-rc`); repeat for more [default: all].
    #[arg(long = "exercise", value_name = "NAME")]
    exercises: Vec<String>,
    /// The students expected, one folder name a line: a name without a folder is an error row.
    #[arg(long, value_name = "FILE")]
    roster: Option<PathBuf>,
}

/// Grades every student of the class and writes the gradebook(s), then prints a summary and a
/// line per student with integrity findings. Exits 0 once they are written, whatever the
/// students scored; a student that could not be graded is an error row.
pub(super) fn execute(args: Args, context: &Context) -> Result<ExitCode> {
    if context.options.solutions || context.options.submission.is_some() {
        bail!("`cargo grade batch` grades the folders of CLASS_DIR; drop --solutions/--submission");
    }
    if context.options.min_score.is_some() {
        bail!("`cargo grade batch` writes a gradebook; --min-score applies to one submission");
    }
    if context.options.format != Format::Human {
        bail!("`cargo grade batch` writes --out (CSV) and --json files; drop --format");
    }
    let manifest = context.session.manifest()?;
    let mut selected = Vec::new();
    for name in &args.exercises {
        let index = find_exercise(&manifest, name)?;
        if !selected.contains(&index) {
            selected.push(index);
        }
    }
    if selected.is_empty() {
        selected = (0..manifest.exercises.len()).collect();
    }
    selected.sort_unstable();
    let class_dir = crate::project::absolute(&args.class_dir)
        .map_err(|err| anyhow::anyhow!("cannot read the class folder: {err}"))?;
    let batch = Batch {
        class_dir: &class_dir,
        roster: args.roster.as_deref(),
        shard: args.shard,
        settings: context.session.settings,
    };
    let (book, stats) = batch::run(&context.session.project, &manifest, &selected, &batch)?;
    write_file(&args.out, book.to_csv())?;
    if let Some(json) = &args.json {
        write_file(json, &book.to_json()?)?;
    }
    let errors = book
        .students
        .iter()
        .filter(|s| s.status == batch::gradebook::ERROR)
        .count();
    println!(
        "graded {} students ({errors} could not be graded): distinct_crates={} graded={} reused={} trees={}; wrote {}{}",
        stats.students,
        stats.distinct_crates,
        stats.graded,
        stats.reused,
        stats.trees,
        args.out.display(),
        args.json
            .as_ref()
            .map(|json| format!(" and {}", json.display()))
            .unwrap_or_default()
    );
    for row in &book.students {
        let flagged: Vec<(&str, usize, &[String])> = row
            .exercises
            .iter()
            .filter(|e| e.findings.count > 0)
            .map(|e| {
                (
                    e.name.as_str(),
                    e.findings.count,
                    e.findings.kinds.as_slice(),
                )
            })
            .collect();
        if !flagged.is_empty() {
            println!(
                "{}",
                crate::report::batch_findings_line(&row.student, &flagged)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
