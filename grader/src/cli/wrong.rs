//! `cargo grade wrong [NAME]`: grade every known-wrong solution; each must score below 100 %.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Result, bail};
use serde::Serialize;

use super::{Context, find_exercise};
use crate::report::Format;
use crate::score::{ExerciseStatus, Status};
use crate::wrong;

/// Arguments of `cargo grade wrong`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// Only this exercise's known-wrong solutions, as `04-my-weak` or `my-weak`.
    name: Option<String>,
}

/// One known-wrong solution's result (the `--format json` schema).
#[derive(Debug, Serialize)]
struct VariantResult {
    exercise: String,
    variant: String,
    /// The variant file, relative to the checkout.
    file: String,
    about: String,
    /// The exercise status it got: `fail` is the expected one; `error` means it did not compile.
    status: ExerciseStatus,
    score: u32,
    max_score: u32,
    /// Scored below full marks.
    rejected: bool,
    /// The tests that did not pass.
    failed_tests: Vec<String>,
}

#[derive(Debug, Serialize)]
struct WrongReport {
    total: usize,
    rejected: usize,
    variants: Vec<VariantResult>,
}

/// Writes every known-wrong solution as a graded tree, grades it, and exits 1 when one of them
/// scores full marks (the hidden tests miss that mistake).
pub(super) fn execute(args: Args, context: &Context) -> Result<ExitCode> {
    if !matches!(context.options.format, Format::Human | Format::Json) {
        bail!("`cargo grade wrong` prints --format human or json");
    }
    if context.options.solutions || context.options.submission.is_some() {
        bail!(
            "`cargo grade wrong` always grades edited copies of solutions/; drop --solutions/--submission"
        );
    }
    let manifest = context.manifest()?;
    let selected: Vec<usize> = match &args.name {
        Some(name) => vec![find_exercise(&manifest, name)?],
        None => (0..manifest.exercises.len()).collect(),
    };
    let variants = wrong::load(&manifest, &selected)?;
    let rounds = wrong::write_rounds(&context.project, &manifest, &variants)?;
    let mut results = Vec::new();
    for round in &rounds {
        let exercises: Vec<usize> = round.variants.iter().map(|v| v.exercise).collect();
        let report = context.grade_tree(&manifest, &exercises, &round.tree)?;
        for variant in &round.variants {
            let name = &manifest.exercises[variant.exercise].name;
            let graded = report
                .exercises
                .iter()
                .find(|e| &e.name == name)
                .expect("every graded exercise is in the report");
            results.push(VariantResult {
                exercise: name.clone(),
                variant: variant.name.clone(),
                file: context.project.relative(&variant.path),
                about: variant.about.clone(),
                status: graded.status,
                score: graded.score,
                max_score: graded.max_score,
                rejected: graded.score < graded.max_score,
                failed_tests: graded
                    .tests
                    .iter()
                    .filter(|t| t.status != Status::Pass)
                    .map(|t| t.name.clone())
                    .collect(),
            });
        }
    }
    results.sort_by_key(|r| {
        let index = manifest.exercises.iter().position(|e| e.name == r.exercise);
        (index, r.variant.clone())
    });
    let report = WrongReport {
        total: results.len(),
        rejected: results.iter().filter(|r| r.rejected).count(),
        variants: results,
    };
    match context.options.format {
        Format::Json => {
            let mut out = std::io::stdout().lock();
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        _ => write_human(&report, &mut anstream::stdout().lock())?,
    }
    Ok(if report.rejected == report.total {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn write_human(report: &WrongReport, out: &mut impl Write) -> Result<()> {
    let good = anstyle::AnsiColor::Green.on_default();
    let bad = anstyle::AnsiColor::Red.on_default().bold();
    if report.total == 0 {
        writeln!(
            out,
            "no known-wrong solutions (grader/hidden/NN-name/wrong/*.toml)"
        )?;
        return Ok(());
    }
    let width = report
        .variants
        .iter()
        .map(|r| r.exercise.len() + r.variant.len() + 1)
        .max()
        .unwrap_or(0);
    for result in &report.variants {
        let label = format!("{}/{}", result.exercise, result.variant);
        let (style, verdict) = match (result.rejected, result.status) {
            (true, ExerciseStatus::Error) => (good, "rejected (does not compile)"),
            (true, _) => (good, "rejected"),
            (false, _) => (bad, "NOT REJECTED: the hidden tests miss this mistake"),
        };
        writeln!(
            out,
            "{label:width$}  {:>3}/{:<3}  {style}{verdict}{style:#}",
            result.score, result.max_score
        )?;
        writeln!(out, "{:width$}  {}", "", result.about)?;
        if result.rejected && result.status != ExerciseStatus::Error {
            writeln!(
                out,
                "{:width$}  caught by: {}",
                "",
                result.failed_tests.join(", ")
            )?;
        }
    }
    writeln!(
        out,
        "{} of {} known-wrong solutions rejected",
        report.rejected, report.total
    )?;
    Ok(())
}
