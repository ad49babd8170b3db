//! The mutation-testing summary, `MUTANTS.md`: one table row per exercise, then each exercise's
//! survivors with the reason they are equivalent (or the plain statement that a test is missing).

use std::fmt::Write as _;

use crate::author::mutants::{GOAL_PERCENT, Record};

/// The whole summary for `exercises` in manifest order (`None`: never measured).
pub(crate) fn summary(exercises: &[(&str, Option<&Record>)]) -> String {
    let mut out = String::new();
    out.push_str(
        "# Mutation testing of the hidden tests\n\n\
         Written by `cargo grade mutants`; do not edit (the records are `NN-name/mutants.json`).\n\
         cargo-mutants changes the lines a learner writes (the solution regions) one mutation at a\n\
         time and runs the exercise's hidden tests on each mutant, one process per test.\n\n\
         - *viable*: mutants that compiled; *killed*: caught by a failing test or timed out;\n\
         - *equivalent*: survivors that behave exactly as the solution, each listed with its reason\n  \
         in `NN-name/equivalent-mutants.toml`;\n",
    );
    let _ = writeln!(
        out,
        "- *killed %* = killed / (viable − equivalent); the goal is at least {GOAL_PERCENT} % and no\n  \
         unexplained survivor.\n"
    );
    out.push_str(
        "| exercise | mutants | unviable | viable | caught | timed out | survived | equivalent | killed % |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for (name, record) in exercises {
        match record {
            Some(r) => {
                let _ = writeln!(
                    out,
                    "| {name} | {} | {} | {} | {} | {} | {} | {} | {:.1} |",
                    r.generated,
                    r.unviable,
                    r.viable(),
                    r.caught,
                    r.timeout,
                    r.survivors.len(),
                    r.equivalent(),
                    r.percent()
                );
            }
            None => {
                let _ = writeln!(out, "| {name} | not measured | | | | | | | |");
            }
        }
    }
    for (name, record) in exercises {
        let Some(record) = record else { continue };
        let _ = write!(
            out,
            "\n## {name}\n\nMeasured with cargo-mutants {} on solution and tests `{}`.\n\n",
            record.cargo_mutants, record.fingerprint
        );
        if record.survivors.is_empty() {
            out.push_str("Every viable mutant was killed.\n");
        }
        for survivor in &record.survivors {
            match &survivor.equivalent {
                Some(why) => {
                    let _ = writeln!(out, "- `{}` — equivalent: {why}", survivor.mutant);
                }
                None => {
                    let _ = writeln!(
                        out,
                        "- `{}` — **survived: no hidden test catches it**",
                        survivor.mutant
                    );
                }
            }
        }
    }
    out
}
