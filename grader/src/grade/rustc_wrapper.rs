//! The compiler enforces `unsafe` (stage 3, issue 25 point 1): the grader is its own
//! `RUSTC_WRAPPER` while it builds the harness.
//!
//! A token scan cannot see what a macro or an `include!` produces; the compiler can. So the
//! harness build runs every rustc through this binary ([`Policy::apply`] sets the environment on
//! the cargo command), and [`run_if_asked`] — the first thing `main` does — adds one flag to the
//! rustc call that compiles a graded crate: `-F unsafe_code` where the exercise does not teach
//! `unsafe` (a learner's `#![allow(unsafe_code)]` is then itself an error, E0453, and
//! `#[unsafe(link_section)]`, `no_mangle`, `export_name` and `global_asm!` are refused as
//! `unsafe_code`: measured on rustc 1.95), `--force-warn unsafe_code` where it does (every unsafe
//! block, function, impl and attribute is a warning that no `#![allow]` silences, which
//! [`crate::grade::compiler_findings`] turns into findings at their lines). Every other rustc
//! call (cargo's `-vV` probes, the dependencies, the hidden tests) runs unchanged.
//!
//! The policy travels in one environment variable, [`POLICY_VAR`], rather than a file: two
//! gradings of the same tree side by side (say `cargo grade` and `cargo grade check NAME`) each
//! keep their own, and nothing is left behind.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use crate::grade::harness::Harness;
use crate::grade::integrity::Kind;
use crate::grade::manifest::Manifest;

/// The environment variable that puts the grader in wrapper mode; its value is the policy, one
/// line per graded crate: `forbid` or `warn`, a tab, the crate's canonical folder.
pub(crate) const POLICY_VAR: &str = "GC_WORKBOOK_GRADER_RUSTC_POLICY";

/// What the compiler is told about `unsafe` in each graded crate of one harness build.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Policy {
    /// Per graded crate (its canonical folder): whether its exercise teaches `unsafe`.
    crates: Vec<(PathBuf, bool)>,
}

impl Policy {
    /// The policy of every crate of `harness`, from its exercise's `integrity_allows`.
    pub(crate) fn new(manifest: &Manifest, harness: &Harness) -> Policy {
        let crates = harness
            .crates
            .iter()
            .map(|harness_crate| {
                let dir = harness_crate
                    .graded_dir
                    .canonicalize()
                    .unwrap_or_else(|_| harness_crate.graded_dir.clone());
                let allows = manifest.exercises[harness_crate.exercise]
                    .integrity_allows
                    .contains(&Kind::Unsafe);
                (dir, allows)
            })
            .collect();
        Policy { crates }
    }

    /// Whether the graded crate in `dir` (canonical) may hold `unsafe`; `None` when it is not
    /// a graded crate of this build.
    pub(crate) fn allows_unsafe(&self, dir: &Path) -> Option<bool> {
        self.crates
            .iter()
            .find(|(graded, _)| graded == dir)
            .map(|(_, allows)| *allows)
    }

    /// Makes `command` (a cargo build of the harness) compile through this binary with this
    /// policy. Any other wrapper is switched off: an empty `RUSTC_WORKSPACE_WRAPPER` overrides a
    /// `build.rustc-workspace-wrapper` from a config file, as cargo documents for both.
    pub(crate) fn apply(&self, command: &mut Command) -> anyhow::Result<()> {
        use anyhow::Context as _;
        let exe = std::env::current_exe()
            .context("cannot find the grader's own executable, to wrap rustc with")?;
        command
            .env("RUSTC_WRAPPER", exe)
            .env("RUSTC_WORKSPACE_WRAPPER", "")
            .env_remove("CARGO_BUILD_RUSTC_WRAPPER")
            .env_remove("CARGO_BUILD_RUSTC_WORKSPACE_WRAPPER")
            .env(POLICY_VAR, self.encode());
        Ok(())
    }

    fn encode(&self) -> String {
        let mut text = String::new();
        for (dir, allows) in &self.crates {
            let rule = if *allows { "warn" } else { "forbid" };
            let _ = writeln!(text, "{rule}\t{}", dir.display());
        }
        text
    }

    fn decode(text: &str) -> Policy {
        let crates = text
            .lines()
            .filter_map(|line| {
                let (rule, dir) = line.split_once('\t')?;
                Some((PathBuf::from(dir), rule == "warn"))
            })
            .collect();
        Policy { crates }
    }
}

/// Wrapper mode: when [`POLICY_VAR`] is set, this process is cargo's `RUSTC_WRAPPER` and becomes
/// the rustc it was asked to run (`argv[1]`), with the policy's flag added for a graded crate.
/// `None` when not asked (the grader's normal run); otherwise only when rustc cannot be started.
pub(crate) fn run_if_asked() -> Option<ExitCode> {
    let policy = std::env::var(POLICY_VAR).ok()?;
    let mut args = std::env::args_os().skip(1);
    let Some(rustc) = args.next() else {
        eprintln!("error: the grader was run as a rustc wrapper without a rustc to run");
        return Some(ExitCode::from(2));
    };
    let args: Vec<OsString> = args.collect();
    let allows = std::env::var_os("CARGO_MANIFEST_DIR")
        .and_then(|dir| Path::new(&dir).canonicalize().ok())
        .and_then(|dir| Policy::decode(&policy).allows_unsafe(&dir));
    let mut command = Command::new(&rustc);
    match allows {
        Some(allows) => {
            command.args(graded_args(&args, allows));
        }
        None => {
            command.args(&args);
        }
    }
    // `exec` replaces this process: rustc's stdio, exit status and signals are cargo's, as
    // with no wrapper at all. It returns only on failure.
    let error = command.env_remove(POLICY_VAR).exec();
    eprintln!(
        "error: the grader's rustc wrapper cannot run {}: {error}",
        Path::new(&rustc).display()
    );
    Some(ExitCode::from(2))
}

/// The rustc arguments of a graded crate: its own, with any `--cap-lints` taken out (a capped
/// lint could not be forbidden), and the policy's flag last.
fn graded_args(args: &[OsString], allows_unsafe: bool) -> Vec<OsString> {
    let mut out = Vec::with_capacity(args.len() + 2);
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if arg == "--cap-lints" {
            iter.next();
            continue;
        }
        if arg.to_str().is_some_and(|a| a.starts_with("--cap-lints=")) {
            continue;
        }
        out.push(arg.clone());
    }
    if allows_unsafe {
        out.extend(["--force-warn".into(), "unsafe_code".into()]);
    } else {
        out.extend(["-F".into(), "unsafe_code".into()]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_round_trips_through_its_variable() {
        let policy = Policy {
            crates: vec![
                (PathBuf::from("/t/01-refcount"), false),
                (PathBuf::from("/t/02 my rc"), true),
            ],
        };
        let decoded = Policy::decode(&policy.encode());
        assert_eq!(decoded, policy);
        assert_eq!(decoded.allows_unsafe(Path::new("/t/02 my rc")), Some(true));
        assert_eq!(
            decoded.allows_unsafe(Path::new("/t/01-refcount")),
            Some(false)
        );
        assert_eq!(decoded.allows_unsafe(Path::new("/t/other")), None);
    }

    #[test]
    fn a_graded_crate_gets_its_flag_and_loses_any_cap() {
        let args: Vec<OsString> = [
            "--crate-name",
            "x",
            "--cap-lints",
            "allow",
            "--cap-lints=warn",
        ]
        .iter()
        .map(OsString::from)
        .collect();
        assert_eq!(
            graded_args(&args, false),
            ["--crate-name", "x", "-F", "unsafe_code"]
                .map(OsString::from)
                .to_vec()
        );
        assert_eq!(
            graded_args(&args[..2], true),
            ["--crate-name", "x", "--force-warn", "unsafe_code"]
                .map(OsString::from)
                .to_vec()
        );
    }
}
