//! `cargo grade mutants [NAME] [--check]`: mutation testing of the hidden tests (maintainers).
//!
//! Without `--check` it runs cargo-mutants on each selected exercise's solution (slow: minutes
//! per exercise; too slow for CI), keeps the outcome beside the hidden tests and rewrites the
//! summary. With `--check` it runs nothing and only verifies what is kept: every exercise has a
//! record measured on its current solution and tests, meeting the goal, and the summary matches
//! the records. `cargo test` runs the check. With `--write-summary` it only rewrites the summary
//! from the records, as after a merge of branches that each measured their own exercise.

use std::fs;
use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context as _, Result, bail};

use super::{Context, find_exercise};
use crate::author::mutants::{self, Record};
use crate::grade::manifest::Manifest;
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
    let selected: Vec<usize> = match &args.name {
        Some(name) => vec![find_exercise(&manifest, name)?],
        None => (0..manifest.exercises.len()).collect(),
    };
    let mut shortfalls = Vec::new();
    if args.write_summary {
        // Nothing measured or checked: the summary only.
    } else if args.check {
        for &index in &selected {
            shortfalls.extend(check_record(context, &manifest, index)?);
        }
    } else {
        mutants::check_tools(&context.session.project)?;
        for &index in &selected {
            shortfalls.extend(measure(context, &manifest, index)?);
        }
    }
    let records = manifest
        .exercises
        .iter()
        .map(mutants::read_record)
        .collect::<Result<Vec<_>>>()?;
    let rows: Vec<(&str, Option<&Record>)> = manifest
        .exercises
        .iter()
        .zip(&records)
        .map(|(exercise, record)| (exercise.name.as_str(), record.as_ref()))
        .collect();
    let summary = crate::author::mutants::report::summary(&rows);
    let summary_path = manifest
        .path
        .parent()
        .expect("the manifest is in a folder")
        .join(mutants::SUMMARY_FILE);
    if args.check {
        if fs::read_to_string(&summary_path).ok().as_deref() != Some(summary.as_str()) {
            shortfalls.push(format!(
                "{} does not match the records: run `cargo grade mutants` (or write it from the records)",
                context.session.project.relative(&summary_path)
            ));
        }
    } else {
        crate::files::write_if_changed(&summary_path, &summary)?;
    }
    let mut out = anstream::stdout().lock();
    let table: String = summary
        .lines()
        .filter(|line| line.starts_with('|'))
        .map(|line| format!("{line}\n"))
        .collect();
    write!(out, "{table}")?;
    if args.write_summary {
        writeln!(
            out,
            "wrote {} from the kept records (`cargo grade mutants --check` verifies them)",
            context.session.project.relative(&summary_path)
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    if shortfalls.is_empty() {
        writeln!(
            out,
            "the {} meet the goal ({} % of viable mutants killed, each survivor explained)",
            if args.check {
                "kept records"
            } else {
                "measured exercises"
            },
            mutants::GOAL_PERCENT
        )?;
        Ok(ExitCode::SUCCESS)
    } else {
        for shortfall in &shortfalls {
            writeln!(out, "- {shortfall}")?;
        }
        Ok(ExitCode::from(1))
    }
}

/// Runs cargo-mutants on one exercise and keeps the record; returns its shortfalls.
fn measure(context: &Context, manifest: &Manifest, index: usize) -> Result<Vec<String>> {
    let exercise = &manifest.exercises[index];
    let solution_dir = context.session.project.solutions_dir().join(&exercise.name);
    let equivalents = mutants::load_equivalents(exercise)?;
    let fingerprint = mutants::fingerprint(&context.session.project, &solution_dir, exercise)?;
    let dir = mutants::prepare(&context.session.project, exercise, &solution_dir)
        .with_context(|| format!("preparing {} for cargo-mutants", exercise.name))?;
    eprintln!(
        "== {}: cargo mutants in {}",
        exercise.name,
        context.session.project.relative(&dir)
    );
    let started = Instant::now();
    let outcomes = mutants::run(&context.session.project, &dir)?;
    let (record, stale) = mutants::record(exercise, fingerprint, &outcomes, &equivalents);
    eprintln!(
        "== {}: {:.1} % killed in {:.0} s",
        exercise.name,
        record.percent(),
        started.elapsed().as_secs_f64()
    );
    mutants::write_record(exercise, &record)?;
    let mut shortfalls = record.shortfalls();
    for entry in stale {
        shortfalls.push(format!(
            "{}: {} lists {:?} as equivalent, but no surviving mutant has that name: remove it",
            exercise.name,
            mutants::EQUIVALENT_FILE,
            entry.name
        ));
    }
    Ok(shortfalls)
}

/// Verifies one exercise's kept record without running anything; returns its shortfalls.
fn check_record(context: &Context, manifest: &Manifest, index: usize) -> Result<Vec<String>> {
    let exercise = &manifest.exercises[index];
    let solution_dir = context.session.project.solutions_dir().join(&exercise.name);
    let Some(record) = mutants::read_record(exercise)? else {
        return Ok(vec![format!(
            "{}: never measured: run `cargo grade mutants {}`",
            exercise.name, exercise.name
        )]);
    };
    let mut shortfalls = Vec::new();
    if record.fingerprint
        != mutants::fingerprint(&context.session.project, &solution_dir, exercise)?
    {
        shortfalls.push(format!(
            "{}: the solution or the hidden tests changed since the record was made: run `cargo grade mutants {}`",
            exercise.name, exercise.name
        ));
    }
    // The reasons in the record must be the ones listed now (an entry edited or removed since).
    let equivalents = mutants::load_equivalents(exercise)?;
    for survivor in &record.survivors {
        let listed = equivalents
            .iter()
            .find(|e| e.name == mutants::without_position(&survivor.mutant))
            .map(|e| &e.why);
        if listed != survivor.equivalent.as_ref() {
            shortfalls.push(format!(
                "{}: {} and the record disagree about {}: run `cargo grade mutants {}`",
                exercise.name,
                mutants::EQUIVALENT_FILE,
                survivor.mutant,
                exercise.name
            ));
        }
    }
    shortfalls.extend(record.shortfalls());
    Ok(shortfalls)
}
