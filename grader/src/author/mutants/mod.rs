//! Mutation testing: how many plausible wrong versions of a solution the hidden tests reject.
//!
//! Known-wrong solutions (see [`crate::author::wrong`]) are the mistakes the authors thought of;
//! cargo-mutants makes the ones nobody listed. For each exercise this stage writes a standalone
//! crate under `target/grader/mutants/NN-name/`: the solution's `Cargo.toml` and `src/`, its
//! library renamed to the name the hidden tests `use`, and the hidden tests as its only test
//! target. cargo-mutants then mutates only the lines the learner writes (the solution regions,
//! handed over as a diff with `--in-diff`) and runs the hidden tests on each mutant with nextest,
//! one process per test as the grader runs them (the counting allocator is process-wide).
//!
//! The outcome of each exercise is kept beside its hidden tests as `mutants.json`, with a
//! fingerprint of the solution and the tests it was measured on, and all of them are summed up
//! in `MUTANTS.md` next to the manifest. Survivors that no test can kill because they do not
//! change behaviour are listed in `equivalent-mutants.toml` with a reason a reviewer can check.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use crate::author::stubs;
use crate::files::cargo_toml::{CARGO_TOML, CargoToml};
use crate::files::hash::Fingerprint;
use crate::files::{Leave, crate_files, write_if_changed};
use crate::grade::manifest::{Exercise, TESTS_FILE};
use crate::project::Project;

/// The cargo-mutants release the records are made with (`grader/install-cargo-mutants`).
pub(crate) const CARGO_MUTANTS_VERSION: &str = "27.1.0";
/// An exercise's measured outcome, beside its hidden tests.
pub(crate) const RECORD_FILE: &str = "mutants.json";
/// An exercise's survivors that are equivalent to the solution, beside its hidden tests.
pub(crate) const EQUIVALENT_FILE: &str = "equivalent-mutants.toml";
/// The summary of every exercise, beside the manifest.
pub(crate) const SUMMARY_FILE: &str = "MUTANTS.md";
/// The share of viable, non-equivalent mutants every exercise's hidden tests must kill.
pub(crate) const GOAL_PERCENT: f64 = 90.0;

/// What cargo-mutants found for one exercise, as kept in `mutants.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Record {
    /// `NN-name`.
    pub(crate) exercise: String,
    /// Hash of the solution crate and the hidden tests measured (see [`fingerprint`]).
    pub(crate) fingerprint: String,
    /// The cargo-mutants version that made it.
    pub(crate) cargo_mutants: String,
    /// Mutants generated in the learner's lines.
    pub(crate) generated: u32,
    /// Mutants that did not compile (nothing to test).
    pub(crate) unviable: u32,
    /// Mutants a hidden test failed on.
    pub(crate) caught: u32,
    /// Mutants that made the hidden tests run past cargo-mutants' time limit (the grader's
    /// limit would reject them too).
    pub(crate) timeout: u32,
    /// Mutants every hidden test passed on.
    pub(crate) survivors: Vec<Survivor>,
}

/// A mutant the hidden tests did not reject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Survivor {
    /// cargo-mutants' name: `src/lib.rs:12:9: replace == with != in f`.
    pub(crate) mutant: String,
    /// Why it behaves as the solution does, when `equivalent-mutants.toml` says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) equivalent: Option<String>,
}

impl Record {
    /// Mutants that compiled.
    pub(crate) fn viable(&self) -> u32 {
        self.generated - self.unviable
    }

    /// Mutants rejected: caught or timed out.
    pub(crate) fn killed(&self) -> u32 {
        self.caught + self.timeout
    }

    /// Survivors listed as equivalent.
    pub(crate) fn equivalent(&self) -> usize {
        self.survivors
            .iter()
            .filter(|s| s.equivalent.is_some())
            .count()
    }

    /// Survivors nobody explained: each one a mistake the hidden tests let through.
    pub(crate) fn unexplained(&self) -> impl Iterator<Item = &Survivor> {
        self.survivors.iter().filter(|s| s.equivalent.is_none())
    }

    /// Killed mutants in percent of the viable mutants that are not equivalent (100 when none).
    pub(crate) fn percent(&self) -> f64 {
        let judged = self.viable() as usize - self.equivalent();
        if judged == 0 {
            100.0
        } else {
            100.0 * f64::from(self.killed()) / judged as f64
        }
    }

    /// What keeps this record from meeting the goal, one sentence each.
    pub(crate) fn shortfalls(&self) -> Vec<String> {
        let mut shortfalls = Vec::new();
        if self.percent() < GOAL_PERCENT {
            shortfalls.push(format!(
                "{}: {:.1} % of viable mutants killed, the goal is {GOAL_PERCENT} %",
                self.exercise,
                self.percent()
            ));
        }
        for survivor in self.unexplained() {
            shortfalls.push(format!(
                "{}: survivor not killed and not listed in {EQUIVALENT_FILE}: {}",
                self.exercise, survivor.mutant
            ));
        }
        shortfalls
    }
}

/// One entry of `equivalent-mutants.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Equivalent {
    /// The mutant's name without its line and column: `src/lib.rs: replace == with != in f`
    /// (so the entry survives edits elsewhere in the file).
    pub(crate) name: String,
    /// Why no test can tell it from the solution.
    pub(crate) why: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EquivalentFile {
    #[serde(default, rename = "mutant")]
    mutants: Vec<Equivalent>,
}

/// The equivalent mutants listed for `exercise` (none when the file does not exist).
pub(crate) fn load_equivalents(exercise: &Exercise) -> Result<Vec<Equivalent>> {
    let path = exercise.hidden_dir.join(EQUIVALENT_FILE);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => return Err(err).with_context(|| format!("cannot read {}", path.display())),
    };
    let file: EquivalentFile = toml::from_str(&text).with_context(|| {
        format!(
            "{} is not a list of [[mutant]] entries with `name` and `why`",
            path.display()
        )
    })?;
    for entry in &file.mutants {
        if entry.why.trim().is_empty() {
            bail!(
                "{}: the entry for {:?} gives no reason (`why`)",
                path.display(),
                entry.name
            );
        }
    }
    Ok(file.mutants)
}

/// `src/lib.rs:12:9: replace == with != in f` → `src/lib.rs: replace == with != in f`.
pub(crate) fn without_position(mutant: &str) -> String {
    let Some((location, what)) = mutant.split_once(": ") else {
        return mutant.to_owned();
    };
    let mut parts = location.rsplitn(3, ':');
    let (column, line, file) = (parts.next(), parts.next(), parts.next());
    let is_number = |part: Option<&str>| part.is_some_and(|p| p.parse::<u32>().is_ok());
    match file {
        Some(file) if is_number(line) && is_number(column) => format!("{file}: {what}"),
        _ => mutant.to_owned(),
    }
}

/// A hash of what a record was measured on: the solution's `Cargo.toml` and `src/`, the hidden
/// tests, and `grader-support`'s `src/` (its replays decide the collector exercises' verdicts).
/// A record whose fingerprint differs is out of date.
pub(crate) fn fingerprint(
    project: &Project,
    solution_dir: &Path,
    exercise: &Exercise,
) -> Result<String> {
    let mut files = vec![(PathBuf::from(CARGO_TOML), solution_dir.join(CARGO_TOML))];
    for relative in source_files(solution_dir)? {
        files.push((relative.clone(), solution_dir.join(relative)));
    }
    files.push((
        PathBuf::from("hidden").join(TESTS_FILE),
        exercise.hidden_dir.join(TESTS_FILE),
    ));
    let support = project.support_crate_dir();
    for relative in source_files(&support)? {
        files.push((Path::new("support").join(&relative), support.join(relative)));
    }
    let mut hash = Fingerprint::new();
    for (name, path) in files {
        hash = hash.read(&name, &path)?;
    }
    Ok(hash.hex())
}

/// The files under `src/` of a crate, relative to the crate, sorted.
fn source_files(crate_dir: &Path) -> Result<Vec<PathBuf>> {
    Ok(
        crate_files(crate_dir, &[Leave::BuildOutput, Leave::Hidden])?
            .into_iter()
            .filter(|path| path.starts_with("src"))
            .collect(),
    )
}

/// Writes the crate cargo-mutants works on for `exercise` and returns its folder.
///
/// Everything in it is generated: `src/` is a fresh copy of the solution's, `Cargo.toml` the
/// solution's with the library renamed, the hidden tests as the only test target, its own
/// `[workspace]` and a profile that runs the tests at near-release speed, and `regions.diff`
/// the solution regions as added lines.
pub(crate) fn prepare(
    project: &Project,
    exercise: &Exercise,
    solution_dir: &Path,
) -> Result<PathBuf> {
    let dir = project
        .grader_target_dir()
        .join("mutants")
        .join(&exercise.name);
    let src = dir.join("src");
    if src.exists() {
        fs::remove_dir_all(&src).with_context(|| format!("cannot clear {}", src.display()))?;
    }
    let mut diff = String::new();
    for relative in source_files(solution_dir)? {
        let from = solution_dir.join(&relative);
        let text =
            fs::read_to_string(&from).with_context(|| format!("cannot read {}", from.display()))?;
        write_if_changed(&dir.join(&relative), &text)?;
        if let Some(comment) = stubs::comment_marker(&relative) {
            let lines = stubs::solution_lines(&text, comment)
                .with_context(|| format!("in {}", from.display()))?;
            // A file without regions has no hunk, and a header alone would not parse.
            if !lines.is_empty() {
                diff.push_str(&added_lines_diff(&relative, &text, &lines));
            }
        }
    }
    if diff.is_empty() {
        bail!(
            "{} has no solution regions under src/: nothing for cargo-mutants to mutate",
            solution_dir.display()
        );
    }
    write_if_changed(&dir.join("regions.diff"), &diff)?;
    let manifest = mutation_manifest(project, exercise, solution_dir)?;
    write_if_changed(&dir.join(CARGO_TOML), &manifest)?;
    Ok(dir)
}

/// A unified diff that adds `lines` (numbers from 1) of `text` to a file that lacked them.
fn added_lines_diff(relative: &Path, text: &str, lines: &[usize]) -> String {
    let all: Vec<&str> = text.lines().collect();
    let path = relative.to_string_lossy().replace('\\', "/");
    let mut diff = format!("--- a/{path}\n+++ b/{path}\n");
    let mut index = 0;
    while index < lines.len() {
        let first = lines[index];
        let mut last = first;
        while index + 1 < lines.len() && lines[index + 1] == last + 1 {
            index += 1;
            last += 1;
        }
        index += 1;
        // In the file without the regions, the hunk goes after the lines not added before it.
        let kept_before = first - 1 - lines.iter().filter(|&&n| n < first).count();
        diff.push_str(&format!(
            "@@ -{kept_before},0 +{first},{} @@\n",
            last - first + 1
        ));
        for number in first..=last {
            diff.push('+');
            diff.push_str(all[number - 1]);
            diff.push('\n');
        }
    }
    diff
}

/// The solution's `Cargo.toml`, turned into the crate the hidden tests run against.
fn mutation_manifest(
    project: &Project,
    exercise: &Exercise,
    solution_dir: &Path,
) -> Result<String> {
    let solution_manifest = CargoToml::read(solution_dir)?;
    let path = solution_manifest.path().to_owned();
    let mut table = solution_manifest.into_table();
    let package = table
        .get_mut("package")
        .and_then(toml::Value::as_table_mut)
        .with_context(|| format!("{}: no [package] table", path.display()))?;
    for auto in ["autotests", "autobenches", "autoexamples", "autobins"] {
        package.insert(auto.into(), false.into());
    }
    let lib = table
        .entry("lib")
        .or_insert_with(|| toml::Table::new().into())
        .as_table_mut()
        .with_context(|| format!("{}: [lib] is not a table", path.display()))?;
    lib.insert("name".into(), exercise.crate_name.clone().into());
    lib.insert("doctest".into(), false.into());
    let mut support = toml::Table::new();
    support.insert(
        "path".into(),
        project
            .support_crate_dir()
            .to_string_lossy()
            .into_owned()
            .into(),
    );
    let dev = table
        .entry("dev-dependencies")
        .or_insert_with(|| toml::Table::new().into())
        .as_table_mut()
        .with_context(|| format!("{}: [dev-dependencies] is not a table", path.display()))?;
    dev.insert("grader-support".into(), support.into());
    let mut test = toml::Table::new();
    test.insert("name".into(), "hidden".into());
    test.insert(
        "path".into(),
        exercise
            .hidden_dir
            .join(TESTS_FILE)
            .to_string_lossy()
            .into_owned()
            .into(),
    );
    table.insert("test".into(), toml::Value::Array(vec![test.into()]));
    // Its own workspace: the folder sits inside this project's, which must not adopt it.
    table.insert("workspace".into(), toml::Table::new().into());
    let profiles: toml::Table = toml::from_str(PROFILE).expect("the profile is valid TOML");
    table.insert("profile".into(), profiles["profile"].clone());
    Ok(format!(
        "# Generated by `cargo grade mutants`; rewritten on every run.\n{}",
        toml::to_string(&table).context("cannot write the mutation crate's Cargo.toml")?
    ))
}

/// Tests of each mutant run optimized (the hidden tests walk million-object heaps) with debug
/// assertions and overflow checks kept, so an overflowing mutant still panics as it would for
/// a learner.
const PROFILE: &str = r#"
[profile.dev]
opt-level = 1
debug = "line-tables-only"
[profile.dev.package.refgc]
opt-level = 3
[profile.dev.package.grader-support]
opt-level = 3
"#;

/// Fails with what to run when cargo-mutants (the pinned release) or cargo-nextest is missing.
pub(crate) fn check_tools(project: &Project) -> Result<()> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let version = Command::new(&cargo).args(["mutants", "--version"]).output();
    let installed = match &version {
        Ok(output) if output.status.success() => {
            String::from_utf8_lossy(&output.stdout).trim().to_owned()
        }
        _ => String::new(),
    };
    if installed != format!("cargo-mutants {CARGO_MUTANTS_VERSION}") {
        let script = project.relative(&project.root().join("grader/install-cargo-mutants"));
        bail!(
            "cargo-mutants {CARGO_MUTANTS_VERSION} is needed ({}); install it with `bash {script}`",
            if installed.is_empty() {
                "not installed".to_owned()
            } else {
                format!("found {installed}")
            }
        );
    }
    let nextest = Command::new(&cargo).args(["nextest", "--version"]).output();
    if !nextest.is_ok_and(|output| output.status.success()) {
        bail!(
            "cargo-nextest is needed to run each hidden test in its own process; install it with `cargo install --locked cargo-nextest`"
        );
    }
    Ok(())
}

/// Runs cargo-mutants on the crate `prepare` wrote, showing its progress, and returns its
/// outcome. Every exercise builds into one shared target folder.
pub(crate) fn run(project: &Project, dir: &Path) -> Result<Outcomes> {
    let out = dir.join("mutants.out");
    if out.exists() {
        fs::remove_dir_all(&out).with_context(|| format!("cannot clear {}", out.display()))?;
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .arg("mutants")
        .arg("--dir")
        .arg(dir)
        .args([
            "--in-place",
            "--no-config",
            "--no-shuffle",
            "--test-tool",
            "nextest",
        ])
        .arg("--in-diff")
        .arg(dir.join("regions.diff"))
        .arg("--output")
        .arg(dir)
        .env(
            "CARGO_TARGET_DIR",
            project.grader_target_dir().join("mutants").join("build"),
        );
    // The hidden tests must run as a plain `cargo test` would: no proof files, no stress mode.
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("GRADER_") {
            command.env_remove(name);
        }
    }
    let status = command
        .status()
        .context("cannot run cargo mutants (install it with grader/install-cargo-mutants)")?;
    // 0: every mutant caught; 2: some missed; 3: some timed out. Anything else means the
    // mutants were not tested (4: the hidden tests fail on the unmutated solution).
    if !matches!(status.code(), Some(0 | 2 | 3)) {
        bail!(
            "cargo mutants failed ({status}) for {}; its log: {}",
            dir.display(),
            out.join("log").display()
        );
    }
    let path = out.join("outcomes.json");
    let text =
        fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("cannot understand {}", path.display()))
}

/// The part of cargo-mutants' `outcomes.json` the record needs.
#[derive(Debug, Deserialize)]
pub(crate) struct Outcomes {
    total_mutants: u32,
    caught: u32,
    timeout: u32,
    unviable: u32,
    cargo_mutants_version: String,
    outcomes: Vec<Outcome>,
}

#[derive(Debug, Deserialize)]
struct Outcome {
    scenario: serde_json::Value,
    summary: String,
}

/// The record of one run: the outcome, with survivors matched against the equivalent list.
/// Also returns the equivalent entries that matched no survivor (stale: the mutant is killed
/// now or no longer generated).
pub(crate) fn record(
    exercise: &Exercise,
    fingerprint: String,
    outcomes: &Outcomes,
    equivalents: &[Equivalent],
) -> (Record, Vec<Equivalent>) {
    let mut used = vec![false; equivalents.len()];
    let survivors = outcomes
        .outcomes
        .iter()
        .filter(|outcome| outcome.summary == "MissedMutant")
        .filter_map(|outcome| outcome.scenario["Mutant"]["name"].as_str())
        .map(|mutant| {
            let key = without_position(mutant);
            let equivalent = equivalents.iter().position(|e| e.name == key).map(|at| {
                used[at] = true;
                equivalents[at].why.clone()
            });
            Survivor {
                mutant: mutant.to_owned(),
                equivalent,
            }
        })
        .collect();
    let stale = equivalents
        .iter()
        .zip(&used)
        .filter(|(_, used)| !**used)
        .map(|(entry, _)| entry.clone())
        .collect();
    let record = Record {
        exercise: exercise.name.clone(),
        fingerprint,
        cargo_mutants: outcomes.cargo_mutants_version.clone(),
        generated: outcomes.total_mutants,
        unviable: outcomes.unviable,
        caught: outcomes.caught,
        timeout: outcomes.timeout,
        survivors,
    };
    (record, stale)
}

/// The record kept for `exercise`, if it was ever measured.
pub(crate) fn read_record(exercise: &Exercise) -> Result<Option<Record>> {
    let path = exercise.hidden_dir.join(RECORD_FILE);
    match fs::read_to_string(&path) {
        Ok(text) => serde_json::from_str(&text)
            .map(Some)
            .with_context(|| format!("{} is not a mutation record", path.display())),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(err).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// Keeps `record` beside the exercise's hidden tests.
pub(crate) fn write_record(exercise: &Exercise, record: &Record) -> Result<()> {
    let text = serde_json::to_string_pretty(record).context("cannot write a mutation record")?;
    write_if_changed(&exercise.hidden_dir.join(RECORD_FILE), &format!("{text}\n"))
}

pub(crate) mod command;
pub(crate) mod report;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_dropped_from_mutant_names() {
        assert_eq!(
            without_position("src/lib.rs:12:9: replace == with != in f"),
            "src/lib.rs: replace == with != in f"
        );
        assert_eq!(
            without_position("src/a.rs: replace x"),
            "src/a.rs: replace x",
            "a name without a position stays"
        );
    }

    #[test]
    fn the_diff_adds_exactly_the_region_lines() {
        let text = "a\n// solution:begin\nb\nc\n// solution:end\nd\n// solution:begin\ne\n// solution:end\n";
        let lines = stubs::solution_lines(text, "//").unwrap();
        assert_eq!(lines, [3, 4, 8]);
        assert_eq!(
            added_lines_diff(Path::new("src/lib.rs"), text, &lines),
            "--- a/src/lib.rs\n+++ b/src/lib.rs\n@@ -2,0 +3,2 @@\n+b\n+c\n@@ -5,0 +8,1 @@\n+e\n"
        );
    }

    #[test]
    fn percent_leaves_out_equivalent_survivors() {
        let survivor = |equivalent: Option<&str>| Survivor {
            mutant: "src/lib.rs:1:1: replace f with ()".into(),
            equivalent: equivalent.map(str::to_owned),
        };
        let record = Record {
            exercise: "01-x".into(),
            fingerprint: String::new(),
            cargo_mutants: CARGO_MUTANTS_VERSION.into(),
            generated: 22,
            unviable: 2,
            caught: 17,
            timeout: 1,
            survivors: vec![survivor(Some("same result")), survivor(None)],
        };
        assert_eq!(record.viable(), 20);
        assert!((record.percent() - 100.0 * 18.0 / 19.0).abs() < 1e-9);
        let shortfalls = record.shortfalls();
        assert_eq!(shortfalls.len(), 1, "{shortfalls:?}");
        assert!(shortfalls[0].contains("not listed"), "{shortfalls:?}");
    }
}
