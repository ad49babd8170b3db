//! Stage 3: build the harness with cargo and read what happened from its JSON messages.
//!
//! One `cargo build --tests --keep-going` builds every exercise's hidden tests, so one exercise that
//! does not compile does not stop the others. Compiler errors are attributed to an exercise by the
//! manifest path of the crate they come from (the graded crate or its harness crate).
//! Compile-fail cases are built later, by [`compile_examples`], once their required tests passed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result};
use serde::Deserialize;

use crate::harness::Harness;

/// What the build produced for each harness crate (by its index in `Harness::crates`).
#[derive(Debug, Default)]
pub(crate) struct BuildOutcome {
    /// The hidden-test executable of each crate that compiled.
    pub(crate) executables: BTreeMap<usize, PathBuf>,
    /// Rendered compiler errors per crate that did not compile.
    pub(crate) errors: BTreeMap<usize, String>,
}

/// One compiler error, as needed to check a compile-fail case.
#[derive(Debug, Clone)]
pub(crate) struct CompilerError {
    /// The error code, such as `E0277`, when the error has one.
    pub(crate) code: Option<String>,
    /// The full rendered text: message, labels, notes.
    pub(crate) rendered: String,
}

#[derive(Deserialize)]
struct Message {
    reason: String,
    #[serde(default)]
    manifest_path: Option<PathBuf>,
    #[serde(default)]
    target: Option<Target>,
    #[serde(default)]
    profile: Option<Profile>,
    #[serde(default)]
    executable: Option<PathBuf>,
    #[serde(default)]
    message: Option<Diagnostic>,
}

#[derive(Deserialize)]
struct Target {
    name: String,
    kind: Vec<String>,
}

#[derive(Deserialize)]
struct Profile {
    test: bool,
}

#[derive(Deserialize)]
struct Diagnostic {
    level: String,
    #[serde(default)]
    code: Option<Code>,
    #[serde(default)]
    rendered: Option<String>,
    message: String,
}

#[derive(Deserialize)]
struct Code {
    code: String,
}

/// Builds every crate's hidden tests. Errors only when cargo itself cannot run; compile errors
/// are part of the outcome.
pub(crate) fn build_tests(harness: &Harness) -> Result<BuildOutcome> {
    let mut outcome = BuildOutcome::default();
    if harness.crates.is_empty() {
        return Ok(outcome);
    }
    let mut command = cargo(harness, &["build", "--tests", "--keep-going"]);
    for harness_crate in &harness.crates {
        command.args(["-p", &harness_crate.package]);
    }
    let output = command
        .output()
        .context("cannot run cargo to build the hidden tests (is cargo on PATH?)")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    for message in messages(&stdout) {
        let Some(index) = message
            .manifest_path
            .as_deref()
            .and_then(|path| crate_of(harness, path))
        else {
            continue;
        };
        match message.reason.as_str() {
            "compiler-artifact" => {
                let is_test = message.profile.as_ref().is_some_and(|p| p.test)
                    && message
                        .target
                        .as_ref()
                        .is_some_and(|t| t.kind.iter().any(|k| k == "test"));
                if let (true, Some(exe)) = (is_test, message.executable) {
                    outcome.executables.insert(index, exe);
                }
            }
            "compiler-message" => {
                if let Some(diagnostic) = message.message.filter(is_error) {
                    let text = outcome.errors.entry(index).or_default();
                    text.push_str(
                        diagnostic
                            .rendered
                            .as_deref()
                            .unwrap_or(&diagnostic.message),
                    );
                }
            }
            _ => {}
        }
    }
    // A crate with no executable and no compiler error failed some other way (a bad manifest,
    // a missing dependency): cargo's own words are on stderr.
    let stderr = String::from_utf8_lossy(&output.stderr);
    for index in 0..harness.crates.len() {
        if !outcome.executables.contains_key(&index) && !outcome.errors.contains_key(&index) {
            outcome.errors.insert(index, cargo_failure_text(&stderr));
        }
    }
    Ok(outcome)
}

/// Builds the named compile-fail examples and returns, per example name, the errors it got
/// (an empty list: it compiled).
pub(crate) fn compile_examples(
    harness: &Harness,
    examples: &[(usize, String)],
) -> Result<BTreeMap<String, Vec<CompilerError>>> {
    let mut results = BTreeMap::new();
    if examples.is_empty() {
        return Ok(results);
    }
    let mut command = cargo(harness, &["build", "--keep-going"]);
    for (index, example) in examples {
        command.args(["-p", &harness.crates[*index].package, "--example", example]);
        results.insert(example.clone(), Vec::new());
    }
    let output = command
        .output()
        .context("cannot run cargo to build the compile-fail cases")?;
    for message in messages(&String::from_utf8_lossy(&output.stdout)) {
        if message.reason != "compiler-message" {
            continue;
        }
        let (Some(target), Some(diagnostic)) = (message.target, message.message) else {
            continue;
        };
        if let Some(errors) = results
            .get_mut(&target.name)
            .filter(|_| is_error(&diagnostic))
        {
            errors.push(CompilerError {
                code: diagnostic.code.map(|code| code.code),
                rendered: diagnostic.rendered.unwrap_or(diagnostic.message),
            });
        }
    }
    if !output.status.success() {
        // An example that failed without any compiler error of its own (its dependency did not
        // build, or cargo failed) must not look like a program that compiled.
        let stderr = String::from_utf8_lossy(&output.stderr);
        for errors in results.values_mut().filter(|errors| errors.is_empty()) {
            errors.push(CompilerError {
                code: None,
                rendered: cargo_failure_text(&stderr),
            });
        }
    }
    Ok(results)
}

/// `cargo SUBCOMMAND…` on the harness workspace, honouring `$CARGO` as cargo's own tools do.
fn cargo(harness: &Harness, subcommand: &[&str]) -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .args(subcommand)
        .args(["--quiet", "--color=never"])
        .current_dir(&harness.dir)
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_BUILD_TARGET_DIR")
        .stdin(Stdio::null());
    command.args([
        "--message-format=json".as_ref(),
        "--manifest-path".as_ref(),
        harness.dir.join("Cargo.toml").as_os_str(),
        "--target-dir".as_ref(),
        harness.target_dir.as_os_str(),
    ]);
    command
}

fn messages(stdout: &str) -> impl Iterator<Item = Message> + '_ {
    stdout
        .lines()
        .filter(|line| line.starts_with('{'))
        .filter_map(|line| serde_json::from_str(line).ok())
}

fn is_error(diagnostic: &Diagnostic) -> bool {
    diagnostic.level == "error" || diagnostic.level == "error: internal compiler error"
}

/// Which harness crate a manifest path belongs to: its own or the graded crate's.
fn crate_of(harness: &Harness, manifest_path: &Path) -> Option<usize> {
    // cargo normalizes paths; ours are canonical, so compare canonical forms.
    let dir = manifest_path.parent()?.canonicalize().ok()?;
    harness
        .crates
        .iter()
        .position(|c| c.dir == dir || c.graded_dir == dir)
}

fn cargo_failure_text(stderr: &str) -> String {
    let text = stderr.trim();
    if text.is_empty() {
        "cargo failed without saying why".to_string()
    } else {
        text.to_string()
    }
}
