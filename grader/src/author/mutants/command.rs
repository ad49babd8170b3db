//! `cargo grade mutants [NAME] [--check | --write-summary]`: measure the hidden tests with
//! cargo-mutants, or verify the kept records, then keep `MUTANTS.md` in step with them.

use std::fs;
use std::io::Write;
use std::time::Instant;

use anyhow::{Context as _, Result};

use super::{Record, report};
use crate::author::mutants;
use crate::files::write_if_changed;
use crate::grade::manifest::Manifest;
use crate::project::Project;

/// What `cargo grade mutants` was asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Run cargo-mutants on each selected exercise and keep its record.
    Measure,
    /// Run nothing: check that the kept records are current and meet the goal.
    Check,
    /// Run nothing: rewrite the summary from the kept records.
    WriteSummary,
}

/// Measures (or checks) the `selected` exercises, then writes (or checks) the summary and
/// prints its table and the shortfalls. Returns whether every selected exercise meets the goal.
pub(crate) fn run(
    project: &Project,
    manifest: &Manifest,
    selected: &[usize],
    mode: Mode,
) -> Result<bool> {
    let mut shortfalls = Vec::new();
    match mode {
        Mode::WriteSummary => {}
        Mode::Check => {
            for &index in selected {
                shortfalls.extend(check_record(project, manifest, index)?);
            }
        }
        Mode::Measure => {
            mutants::check_tools(project)?;
            for &index in selected {
                shortfalls.extend(measure(project, manifest, index)?);
            }
        }
    }
    let (summary, summary_path) = summary(manifest)?;
    if mode == Mode::Check {
        if fs::read_to_string(&summary_path).ok().as_deref() != Some(summary.as_str()) {
            shortfalls.push(format!(
                "{} does not match the records: run `cargo grade mutants` (or write it from the records)",
                project.relative(&summary_path)
            ));
        }
    } else {
        write_if_changed(&summary_path, &summary)?;
    }
    say(project, mode, &summary, &summary_path, &shortfalls)?;
    Ok(shortfalls.is_empty())
}

/// The summary as the kept records make it, and where it is kept.
fn summary(manifest: &Manifest) -> Result<(String, std::path::PathBuf)> {
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
    let summary = report::summary(&rows);
    let summary_path = manifest
        .path
        .parent()
        .expect("the manifest is in a folder")
        .join(mutants::SUMMARY_FILE);
    Ok((summary, summary_path))
}

/// The summary's table, then what was written or what falls short.
fn say(
    project: &Project,
    mode: Mode,
    summary: &str,
    summary_path: &std::path::Path,
    shortfalls: &[String],
) -> Result<()> {
    let mut out = anstream::stdout().lock();
    let table: String = summary
        .lines()
        .filter(|line| line.starts_with('|'))
        .map(|line| format!("{line}\n"))
        .collect();
    write!(out, "{table}")?;
    if mode == Mode::WriteSummary {
        writeln!(
            out,
            "wrote {} from the kept records (`cargo grade mutants --check` verifies them)",
            project.relative(summary_path)
        )?;
        return Ok(());
    }
    if shortfalls.is_empty() {
        writeln!(
            out,
            "the {} meet the goal ({} % of viable mutants killed, each survivor explained)",
            if mode == Mode::Check {
                "kept records"
            } else {
                "measured exercises"
            },
            mutants::GOAL_PERCENT
        )?;
    } else {
        for shortfall in shortfalls {
            writeln!(out, "- {shortfall}")?;
        }
    }
    Ok(())
}

/// Runs cargo-mutants on one exercise and keeps the record; returns its shortfalls.
fn measure(project: &Project, manifest: &Manifest, index: usize) -> Result<Vec<String>> {
    let exercise = &manifest.exercises[index];
    let solution_dir = project.solutions_dir().join(&exercise.name);
    let equivalents = mutants::load_equivalents(exercise)?;
    let fingerprint = mutants::fingerprint(project, &solution_dir, exercise)?;
    let dir = mutants::prepare(project, exercise, &solution_dir)
        .with_context(|| format!("preparing {} for cargo-mutants", exercise.name))?;
    eprintln!(
        "== {}: cargo mutants in {}",
        exercise.name,
        project.relative(&dir)
    );
    let started = Instant::now();
    let outcomes = mutants::run(project, &dir)?;
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
fn check_record(project: &Project, manifest: &Manifest, index: usize) -> Result<Vec<String>> {
    let exercise = &manifest.exercises[index];
    let solution_dir = project.solutions_dir().join(&exercise.name);
    let Some(record) = mutants::read_record(exercise)? else {
        return Ok(vec![format!(
            "{}: never measured: run `cargo grade mutants {}`",
            exercise.name, exercise.name
        )]);
    };
    let mut shortfalls = Vec::new();
    if record.fingerprint != mutants::fingerprint(project, &solution_dir, exercise)? {
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
