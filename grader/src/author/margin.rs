//! The reference solutions' margin: every hidden test of a solution must finish within a fifth
//! of its time limit, so a correct learner solution a few times slower, or a slower machine,
//! never gets `timeout`. `cargo grade --solutions` warns about each test over the margin.

use std::time::Duration;

use crate::grade::manifest::Manifest;
use crate::grade::outcome::Report;

/// A reference solution's test must finish within this share of its time limit, so a correct
/// learner solution a few times slower, or a slower machine, still passes.
pub(crate) const MARGIN_DIVISOR: u32 = 5;

/// A test that took more than a fifth of its time limit.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SlowTest {
    pub(crate) exercise: String,
    pub(crate) test: String,
    pub(crate) duration: Duration,
    pub(crate) limit: Duration,
}

/// The tests of `report` that ran longer than their limit (the manifest's, ten times it under
/// `--stress`) divided by [`MARGIN_DIVISOR`], slowest share first.
pub(crate) fn slow_tests(manifest: &Manifest, report: &Report, stress: bool) -> Vec<SlowTest> {
    let mut slow = Vec::new();
    for exercise in &report.exercises {
        let Some(spec) = manifest.exercises.iter().find(|e| e.name == exercise.name) else {
            continue; // the quiz
        };
        for test in &exercise.tests {
            let Some(test_spec) = spec.tests.iter().find(|t| t.name == test.name) else {
                continue;
            };
            let limit = test_spec.limits.timeout * if stress { 10 } else { 1 };
            let duration = test.duration;
            if duration > limit / MARGIN_DIVISOR {
                slow.push(SlowTest {
                    exercise: exercise.name.clone(),
                    test: test.name.clone(),
                    duration,
                    limit,
                });
            }
        }
    }
    slow.sort_by(|a, b| {
        let share = |t: &SlowTest| t.duration.as_secs_f64() / t.limit.as_secs_f64();
        share(b).total_cmp(&share(a))
    });
    slow
}

/// `cargo grade --solutions`: warns on stderr (whatever the format, so JSON on stdout stays
/// clean) about each reference test over the margin, with what to do about it.
pub(crate) fn warn_slow_tests(manifest: &Manifest, report: &Report, stress: bool) {
    for slow in slow_tests(manifest, report, stress) {
        anstream::eprintln!(
            "warning: {} `{}` took {:.2} s, more than 1/{MARGIN_DIVISOR} of its {} s limit: \
             make it faster or raise its timeout_secs in the manifest",
            slow.exercise,
            slow.test,
            slow.duration.as_secs_f64(),
            slow.limit.as_secs_f64()
        );
    }
}
