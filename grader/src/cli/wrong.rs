//! `cargo grade wrong [NAME]`: grade every known-wrong solution; each must score below 100 %.

use std::process::ExitCode;

use anyhow::{Result, bail};

use super::{Context, find_exercise};
use crate::author::wrong::{self, VariantResult, WrongReport};
use crate::grade::outcome::Status;
use crate::report::Format;

/// Arguments of `cargo grade wrong`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// Only this exercise's known-wrong solutions, as `04-my-weak` or `my-weak`.
    name: Option<String>,
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
    let manifest = context.session.manifest()?;
    let selected: Vec<usize> = match &args.name {
        Some(name) => vec![find_exercise(&manifest, name)?],
        None => (0..manifest.exercises.len()).collect(),
    };
    let variants = wrong::load(&manifest, &selected)?;
    let rounds = wrong::write_rounds(&context.session.project, &manifest, &variants)?;
    let mut results = Vec::new();
    for round in &rounds {
        let exercises: Vec<usize> = round.variants.iter().map(|v| v.exercise).collect();
        let report = context
            .session
            .grade_tree(&manifest, &exercises, &round.tree)?;
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
                file: context.session.project.relative(&variant.path),
                about: variant.about.clone(),
                status: graded.status,
                score: graded.score,
                max_score: graded.max_score,
                rejected: graded.score < graded.max_score,
                failed_tests: graded
                    .tests
                    .iter()
                    .filter(|t| t.status() != Status::Pass)
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
            crate::author::wrong::report::write_json(&report, &mut std::io::stdout().lock())?
        }
        _ => crate::author::wrong::report::write_human(&report, &mut anstream::stdout().lock())?,
    }
    Ok(if report.rejected == report.total {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
