//! `cargo grade wrong`'s report: for each known-wrong solution, whether the hidden tests reject
//! it and which tests catch it; as text for people or as JSON.

use std::io::Write;

use anyhow::{Context, Result};
use serde::Serialize;

use crate::author::wrong::WrongReport;
use crate::grade::outcome::ExerciseStatus;

#[derive(Serialize)]
struct JsonWrongReport<'a> {
    total: usize,
    rejected: usize,
    variants: Vec<JsonVariant<'a>>,
}

#[derive(Serialize)]
struct JsonVariant<'a> {
    exercise: &'a str,
    variant: &'a str,
    file: &'a str,
    about: &'a str,
    status: &'static str,
    score: u32,
    max_score: u32,
    rejected: bool,
    failed_tests: &'a [String],
}

/// Writes `report` as one JSON document (fields as `grader/AUTHORING.md`, "Known-wrong
/// solutions", describes).
pub(crate) fn write_json(report: &WrongReport, out: &mut impl Write) -> Result<()> {
    let document = JsonWrongReport {
        total: report.total,
        rejected: report.rejected,
        variants: report
            .variants
            .iter()
            .map(|v| JsonVariant {
                exercise: &v.exercise,
                variant: &v.variant,
                file: &v.file,
                about: &v.about,
                status: v.status.as_str(),
                score: v.score,
                max_score: v.max_score,
                rejected: v.rejected,
                failed_tests: &v.failed_tests,
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &document).context("cannot write the report")?;
    writeln!(out).context("cannot write the report")?;
    Ok(())
}

/// Writes `report` for people: a verdict per known-wrong solution, then the count.
pub(crate) fn write_human(report: &WrongReport, out: &mut impl Write) -> Result<()> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::author::wrong::VariantResult;
    use crate::report::snapshots::{check, rendered};

    fn wrong_report() -> WrongReport {
        let variant = |name: &str, status, score, failed: &[&str]| VariantResult {
            exercise: "02-my-rc".into(),
            variant: name.into(),
            file: format!("grader/hidden/02-my-rc/wrong/{name}.toml"),
            about: format!("{name}: a likely mistake"),
            status,
            score,
            max_score: 10,
            rejected: score < 10,
            failed_tests: failed.iter().map(|s| s.to_string()).collect(),
        };
        let variants = vec![
            variant(
                "caught",
                ExerciseStatus::Fail,
                4,
                &["clone_counts", "drop_frees"],
            ),
            variant("no-compile", ExerciseStatus::Error, 0, &["clone_counts"]),
            variant("missed", ExerciseStatus::Pass, 10, &[]),
        ];
        WrongReport {
            total: variants.len(),
            rejected: variants.iter().filter(|v| v.rejected).count(),
            variants,
        }
    }

    #[test]
    fn wrong_human_and_json() {
        let mut out = anstream::StripStream::new(Vec::new());
        write_human(&wrong_report(), &mut out).unwrap();
        check("wrong.txt", &String::from_utf8(out.into_inner()).unwrap());
        check(
            "wrong.json",
            &rendered(|out| write_json(&wrong_report(), out)),
        );
    }
}
