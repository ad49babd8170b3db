//! Stage 4b: the verdict of each compile-fail case, from its own build.
//!
//! A case passes when its own errors include every expected one (`E` and four digits as the
//! error code, anything else as text in an error). A case that compiled fails: the learner's
//! crate lets through a program it must reject.

use crate::grade::build::{CaseBuild, CompilerError};
use crate::grade::outcome::{Failure, Outcome};

/// Judges a compile-fail case that expects the errors `expect` from what its build produced.
pub(crate) fn judge(expect: &[String], build: CaseBuild) -> Outcome {
    let errors = match build {
        CaseBuild::Compiled => {
            return Outcome::Fail(Failure::Compiled {
                expected: expect.to_vec(),
            });
        }
        CaseBuild::NotBuilt(cargo) => return Outcome::Fail(Failure::NotBuilt { cargo }),
        // The case's build was stopped at the build time limit: the learner's crate makes the
        // compiler work without end, as a test that never ends.
        CaseBuild::TimedOut(limit) => return Outcome::Timeout { limit },
        CaseBuild::Errors(errors) => errors,
    };
    let missing: Vec<String> = expect
        .iter()
        .filter(|wanted| !errors.iter().any(|error| matches(wanted, error)))
        .cloned()
        .collect();
    if missing.is_empty() {
        return Outcome::Pass;
    }
    Outcome::Fail(Failure::OtherErrors {
        missing,
        got: errors
            .iter()
            .map(|error| {
                error
                    .rendered
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect(),
    })
}

fn matches(wanted: &str, error: &CompilerError) -> bool {
    if is_error_code(wanted) {
        error.code.as_deref() == Some(wanted)
    } else {
        error.rendered.contains(wanted)
    }
}

fn is_error_code(text: &str) -> bool {
    text.len() == 5 && text.starts_with('E') && text[1..].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expect(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    fn not_send() -> CaseBuild {
        CaseBuild::Errors(vec![CompilerError {
            code: Some("E0277".into()),
            rendered: "error[E0277]: `MyRc<i32>` cannot be sent between threads safely\n  = help: the trait `Send` is not implemented".into(),
        }])
    }

    #[test]
    fn every_expected_error_is_needed() {
        assert_eq!(
            judge(&expect(&["E0277", "Send"]), not_send()),
            Outcome::Pass
        );
        assert_eq!(
            judge(&expect(&["E0599"]), not_send()),
            Outcome::Fail(Failure::OtherErrors {
                missing: expect(&["E0599"]),
                got: expect(&["error[E0277]: `MyRc<i32>` cannot be sent between threads safely"]),
            })
        );
    }

    #[test]
    fn a_case_that_compiled_fails_as_compiled() {
        assert_eq!(
            judge(&expect(&["E0277"]), CaseBuild::Compiled),
            Outcome::Fail(Failure::Compiled {
                expected: expect(&["E0277"])
            })
        );
    }
}
