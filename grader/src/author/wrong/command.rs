//! `cargo grade wrong [NAME]`: every known-wrong solution of the selected exercises written out
//! as a graded tree (a round holds one variant per exercise), graded, and reported: each must
//! score below 100 %.

use anyhow::Result;

use super::{VariantResult, WrongReport};
use crate::grade::manifest::Manifest;
use crate::grade::outcome::Status;
use crate::grade::session::Session;

/// Grades every known-wrong solution of the `selected` exercises.
pub(crate) fn run(
    session: &Session,
    manifest: &Manifest,
    selected: &[usize],
) -> Result<WrongReport> {
    let project = &session.project;
    let variants = super::load(manifest, selected)?;
    let rounds = super::write_rounds(project, manifest, &variants)?;
    let mut results = Vec::new();
    for round in &rounds {
        let exercises: Vec<usize> = round.variants.iter().map(|v| v.exercise).collect();
        let report = session.grade_tree(manifest, &exercises, &round.tree)?;
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
                file: project.relative(&variant.path),
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
    Ok(WrongReport {
        total: results.len(),
        rejected: results.iter().filter(|r| r.rejected).count(),
        variants: results,
    })
}
