//! Stage 3: build the harness with cargo and read what happened from its JSON messages.
//!
//! One `cargo build --tests --keep-going` builds every exercise's hidden tests, so one exercise that
//! does not compile does not stop the others. Compiler errors are attributed to an exercise by the
//! manifest path of the crate they come from (the graded crate or its harness crate).
//! Compile-fail cases are built later, by [`compile_examples`], once their required tests passed.
//!
//! A learner's crate can make the compiler work for ever (a `const` evaluated in an endless
//! loop), so each of those builds has a wall-clock limit: cargo runs in its own process group,
//! killed whole at the limit, and what was built by then counts. The grader's own dependencies
//! ([`TRUSTED_PACKAGES`]) are built first without a limit, so a cold machine's slow build of
//! them is not charged to the learner.

use std::collections::BTreeMap;
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{ChildStdout, Command, Stdio};
use std::thread::JoinHandle;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;
use serde::Deserialize;

use crate::grade::harness::Harness;
use crate::grade::run::wait_with_timeout;
use crate::grade::rustc_wrapper::Policy;

/// What the build produced for each harness crate (by its index in `Harness::crates`).
#[derive(Debug, Default)]
pub(crate) struct BuildOutcome {
    /// The hidden-test executable of each crate that compiled.
    pub(crate) executables: BTreeMap<usize, PathBuf>,
    /// Rendered compiler errors per crate that did not compile.
    pub(crate) errors: BTreeMap<usize, String>,
    /// Crates with neither an executable nor an error when the build was stopped at its time
    /// limit, with that limit.
    pub(crate) timed_out: BTreeMap<usize, Duration>,
    /// What the compiler said and wrote about each graded crate (the learner's), by the same
    /// index: its unsafe code, its object code, the files it read.
    pub(crate) graded: BTreeMap<usize, GradedBuild>,
}

/// The compiler's word on one graded crate.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct GradedBuild {
    /// Its library target's name (`my_rc`), as cargo's messages give it.
    pub(crate) lib_name: Option<String>,
    /// Its rlib, when it compiled (the object code the constructor check reads).
    pub(crate) rlib: Option<PathBuf>,
    /// The compiler's dep-info for it: every file it read. Found from the rlib, or for a crate
    /// that did not compile, in the deps folder (rustc writes dep-info before its lints run).
    pub(crate) dep_info: Option<PathBuf>,
    /// Each `unsafe_code` diagnostic (an error where `unsafe` is forbidden, a warning where it
    /// is taught; cargo replays a cached crate's warnings on every build).
    pub(crate) unsafe_code: Vec<UnsafeUse>,
}

/// One `unsafe_code` diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UnsafeUse {
    /// The compiler's message: `usage of an \`unsafe\` block`, `declaration of a static with
    /// \`link_section\``…
    pub(crate) message: String,
    /// Where: the primary span first, then each macro call it came through, outermost last.
    pub(crate) places: Vec<Place>,
}

/// A place in a source file, as the compiler's span names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Place {
    /// The file, absolute (a relative name is joined to the harness folder, rustc's cwd).
    pub(crate) file: PathBuf,
    /// Its line, from 1.
    pub(crate) line: usize,
    /// The line's text as the compiler quotes it.
    pub(crate) text: String,
    /// The macro whose call this place is (`pull!`), for the places of an expansion chain.
    pub(crate) via_macro: Option<String>,
}

/// The default wall-clock limit of one build of a tree's crates and hidden tests
/// (`--build-timeout`).
///
/// Measured on a 2-core machine (issue 25) for the 16 reference solutions and their hidden
/// tests: 34 s cold, the grader's dependencies included, on a quiet machine; 77 s cold for the
/// graded crates and hidden tests alone (dependencies built) while other builds loaded the
/// machine (load average 8); 2.4 s warm. Ten minutes is more than seven times the slowest, so
/// only a build that would never end reaches it.
pub(crate) const DEFAULT_BUILD_TIMEOUT: Duration = Duration::from_secs(600);

/// What a harness crate depends on besides the graded crate (see `harness`): the grader's own
/// code, trusted, built before the learner's crates and without their time limit. Building it
/// builds the rest of the grader's dependencies (`refgc`, `similar`).
const TRUSTED_PACKAGES: &[&str] = &["grader-support"];

/// What building one compile-fail case produced, from the messages cargo tagged with its target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CaseBuild {
    /// It compiled (cargo reported its artifact).
    Compiled,
    /// It did not compile; these are its own errors.
    Errors(Vec<CompilerError>),
    /// Cargo reported neither: it stopped before this case. Cargo's words about it.
    NotBuilt(String),
    /// Cargo reported neither before the build was stopped at this time limit.
    TimedOut(Duration),
}

/// One compiler error, as needed to check a compile-fail case.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    #[serde(default)]
    filenames: Vec<PathBuf>,
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
    #[serde(default)]
    spans: Vec<Span>,
}

#[derive(Deserialize)]
struct Span {
    file_name: PathBuf,
    line_start: usize,
    is_primary: bool,
    #[serde(default)]
    text: Vec<SpanText>,
    #[serde(default)]
    expansion: Option<Box<Expansion>>,
}

#[derive(Deserialize)]
struct SpanText {
    text: String,
}

#[derive(Deserialize)]
struct Expansion {
    span: Span,
    macro_decl_name: String,
}

#[derive(Deserialize)]
struct Code {
    code: String,
}

/// Builds every crate's hidden tests. Errors only when cargo itself cannot run; compile errors
/// and a build stopped at `limit` are part of the outcome. `on_built(built, total)` is told each
/// time an exercise's hidden tests are built (or fail to), as cargo reports it.
pub(crate) fn build_tests(
    harness: &Harness,
    policy: &Policy,
    limit: Duration,
    on_built: &dyn Fn(usize, usize),
) -> Result<BuildOutcome> {
    let mut outcome = BuildOutcome::default();
    if harness.crates.is_empty() {
        return Ok(outcome);
    }
    if harness.offline {
        fetch(harness)?;
    }
    build_trusted(harness, policy)?;
    let mut command = cargo(harness, policy, &["build", "--tests", "--keep-going"])?;
    for harness_crate in &harness.crates {
        command.args(["-p", &harness_crate.package]);
    }
    let mut build = Limited::spawn(command, limit)
        .context("cannot run cargo to build the hidden tests (is cargo on PATH?)")?;
    let stdout = std::io::BufReader::new(build.take_stdout());
    let mut finished = std::collections::BTreeSet::new();
    for line in std::io::BufRead::lines(stdout) {
        let Ok(line) = line else { break };
        let Some(message) = parse(&line) else {
            continue;
        };
        let Some(index) = message
            .manifest_path
            .as_deref()
            .and_then(|path| crate_of(harness, path))
        else {
            continue;
        };
        if let Some(index) = graded_crate_of(harness, &message) {
            read_graded(harness, policy, index, &message, &mut outcome);
        }
        match message.reason.as_str() {
            "compiler-artifact" => {
                let is_test = message.profile.as_ref().is_some_and(|p| p.test)
                    && message
                        .target
                        .as_ref()
                        .is_some_and(|t| t.kind.iter().any(|k| k == "test"));
                if let (true, Some(exe)) = (is_test, message.executable) {
                    outcome.executables.insert(index, exe);
                    if finished.insert(index) {
                        on_built(finished.len(), harness.crates.len());
                    }
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
    let ended = build
        .wait()
        .context("cannot wait for cargo building the hidden tests")?;
    // A crate with no executable and no compiler error was still building when the build was
    // stopped, or failed some other way (a bad manifest, a missing dependency): cargo's own
    // words are on stderr.
    let stderr = String::from_utf8_lossy(&ended.stderr);
    for index in 0..harness.crates.len() {
        if outcome.executables.contains_key(&index) || outcome.errors.contains_key(&index) {
            continue;
        }
        if ended.timed_out {
            outcome.timed_out.insert(index, limit);
        } else {
            outcome.errors.insert(index, cargo_failure_text(&stderr));
        }
    }
    for (index, graded) in &mut outcome.graded {
        if graded.dep_info.is_none()
            && let Some(name) = &graded.lib_name
        {
            graded.dep_info = newest_dep_info(harness, name, &harness.crates[*index].graded_dir);
        }
    }
    Ok(outcome)
}

/// Builds [`TRUSTED_PACKAGES`] (and so every dependency of the grader's), with no time limit:
/// only the learner's crates and the hidden tests count against it. Quick when they are built
/// already. Their failure is not reported here: the hidden tests' build meets it again and
/// reports it per exercise.
fn build_trusted(harness: &Harness, policy: &Policy) -> Result<()> {
    let mut command = cargo(harness, policy, &["build"])?;
    for package in TRUSTED_PACKAGES {
        command.args(["-p", package]);
    }
    command
        .output()
        .context("cannot run cargo to build the grader's dependencies (is cargo on PATH?)")?;
    Ok(())
}

/// The index of the harness crate whose graded crate (not its hidden tests) `message` is about.
fn graded_crate_of(harness: &Harness, message: &Message) -> Option<usize> {
    let dir = message
        .manifest_path
        .as_deref()?
        .parent()?
        .canonicalize()
        .ok()?;
    harness.crates.iter().position(|c| {
        c.graded_dir == dir
            || c.graded_dir
                .canonicalize()
                .is_ok_and(|graded| graded == dir)
    })
}

/// Keeps what a message about the graded crate `index` says: its lib's name, rlib and dep-info,
/// and its `unsafe_code` diagnostics. Where `unsafe` is forbidden, such a diagnostic is an error
/// even at warning level: a cached build from before the exercise's policy changed replays its
/// warnings, and must not pass for that.
fn read_graded(
    harness: &Harness,
    policy: &Policy,
    index: usize,
    message: &Message,
    outcome: &mut BuildOutcome,
) {
    let graded = outcome.graded.entry(index).or_default();
    if let Some(target) = &message.target
        && target
            .kind
            .iter()
            .any(|kind| kind == "lib" || kind == "rlib")
    {
        graded.lib_name = Some(target.name.clone());
    }
    match message.reason.as_str() {
        "compiler-artifact" => {
            if let Some(rlib) = message
                .filenames
                .iter()
                .find(|file| file.extension().is_some_and(|ext| ext == "rlib"))
            {
                graded.dep_info = dep_info_beside(rlib);
                graded.rlib = Some(rlib.clone());
            }
        }
        "compiler-message" => {
            let Some(diagnostic) = &message.message else {
                return;
            };
            if diagnostic
                .code
                .as_ref()
                .is_none_or(|code| code.code != "unsafe_code")
            {
                return;
            }
            graded.unsafe_code.push(UnsafeUse {
                message: diagnostic.message.clone(),
                places: places(harness, &diagnostic.spans),
            });
            let graded_dir = &harness.crates[index].graded_dir;
            let canonical = graded_dir
                .canonicalize()
                .unwrap_or_else(|_| graded_dir.clone());
            if !is_error(diagnostic) && policy.allows_unsafe(&canonical) == Some(false) {
                outcome.errors.entry(index).or_default().push_str(
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

/// The places of a diagnostic: each primary span, then the macro calls it came through.
fn places(harness: &Harness, spans: &[Span]) -> Vec<Place> {
    let mut places = Vec::new();
    for span in spans.iter().filter(|span| span.is_primary) {
        places.push(place(harness, span, None));
        let mut expansion = span.expansion.as_deref();
        while let Some(step) = expansion {
            places.push(place(harness, &step.span, Some(&step.macro_decl_name)));
            expansion = step.span.expansion.as_deref();
        }
    }
    places
}

fn place(harness: &Harness, span: &Span, via_macro: Option<&str>) -> Place {
    Place {
        file: harness.dir.join(&span.file_name),
        line: span.line_start,
        text: span
            .text
            .first()
            .map(|text| text.text.trim().to_string())
            .unwrap_or_default(),
        via_macro: via_macro.map(str::to_owned),
    }
}

/// `deps/NAME-HASH.d` for `deps/libNAME-HASH.rlib`: rustc writes its dep-info there.
fn dep_info_beside(rlib: &Path) -> Option<PathBuf> {
    let stem = rlib.file_stem()?.to_str()?;
    let name = stem.strip_prefix("lib")?;
    let path = rlib.with_file_name(format!("{name}.d"));
    path.is_file().then_some(path)
}

/// For a crate that did not compile (no artifact names its files): the newest `NAME-*.d` in the
/// deps folder that names a file of `graded_dir`.
fn newest_dep_info(harness: &Harness, name: &str, graded_dir: &Path) -> Option<PathBuf> {
    let deps = harness.target_dir.join("debug").join("deps");
    let prefix = format!("{name}-");
    let graded = graded_dir.to_string_lossy().into_owned();
    std::fs::read_dir(deps)
        .ok()?
        .flatten()
        .filter_map(|entry| {
            let file_name = entry.file_name().into_string().ok()?;
            let is_dep_info = file_name.starts_with(&prefix) && file_name.ends_with(".d");
            let modified = entry.metadata().ok()?.modified().ok()?;
            (is_dep_info
                && std::fs::read_to_string(entry.path()).is_ok_and(|text| text.contains(&graded)))
            .then(|| (modified, entry.path()))
        })
        .max()
        .map(|(_, path)| path)
}

/// Builds the named compile-fail examples in one `cargo build --keep-going` and returns, per
/// example name, what became of it. Each case is judged by the messages cargo tags with its own
/// target: its artifact (it compiled) or its errors; never by the build's overall status, which
/// fails whenever any case is rejected as it should be.
/// The build has the wall-clock `limit`; a case it had not reached by then is
/// [`CaseBuild::TimedOut`].
pub(crate) fn compile_examples(
    harness: &Harness,
    policy: &Policy,
    examples: &[(usize, String)],
    limit: Duration,
) -> Result<BTreeMap<String, CaseBuild>> {
    if examples.is_empty() {
        return Ok(BTreeMap::new());
    }
    let mut command = cargo(harness, policy, &["build", "--keep-going"])?;
    for (index, example) in examples {
        command.args(["-p", &harness.crates[*index].package, "--example", example]);
    }
    let mut build = Limited::spawn(command, limit)
        .context("cannot run cargo to build the compile-fail cases")?;
    let mut stdout = Vec::new();
    std::io::Read::read_to_end(&mut build.take_stdout(), &mut stdout)
        .context("cannot read cargo's messages about the compile-fail cases")?;
    let ended = build
        .wait()
        .context("cannot wait for cargo building the compile-fail cases")?;
    let names: Vec<&str> = examples.iter().map(|(_, name)| name.as_str()).collect();
    Ok(cases_from_messages(
        &names,
        &String::from_utf8_lossy(&stdout),
        &String::from_utf8_lossy(&ended.stderr),
        ended.timed_out.then_some(limit),
    ))
}

/// Sorts cargo's JSON messages (`stdout`) by the compile-fail case they are about; a case with
/// none is [`CaseBuild::TimedOut`] when the build was stopped at `timed_out`.
fn cases_from_messages(
    names: &[&str],
    stdout: &str,
    stderr: &str,
    timed_out: Option<Duration>,
) -> BTreeMap<String, CaseBuild> {
    let mut compiled = BTreeMap::new();
    let mut errors: BTreeMap<&str, Vec<CompilerError>> = BTreeMap::new();
    for message in messages(stdout) {
        let Some(target) = message
            .target
            .as_ref()
            .filter(|t| t.kind.iter().any(|k| k == "example"))
        else {
            continue;
        };
        let Some(&name) = names.iter().find(|name| **name == target.name) else {
            continue;
        };
        match (message.reason.as_str(), message.message) {
            ("compiler-artifact", _) => {
                compiled.insert(name, ());
            }
            ("compiler-message", Some(diagnostic)) if is_error(&diagnostic) => {
                errors.entry(name).or_default().push(CompilerError {
                    code: diagnostic.code.map(|code| code.code),
                    rendered: diagnostic.rendered.unwrap_or(diagnostic.message),
                });
            }
            _ => {}
        }
    }
    names
        .iter()
        .map(|&name| {
            let build = if let Some(errors) = errors.remove(name) {
                CaseBuild::Errors(errors)
            } else if compiled.contains_key(name) {
                CaseBuild::Compiled
            } else if let Some(limit) = timed_out {
                CaseBuild::TimedOut(limit)
            } else {
                CaseBuild::NotBuilt(cargo_words_about(name, stderr))
            };
            (name.to_string(), build)
        })
        .collect()
}

/// A cargo build in its own process group, with piped output, waited for on a thread that
/// kills the whole group (cargo and every rustc it started) when it outlives its limit.
struct Limited {
    /// Cargo's JSON messages, for the caller to read as they come.
    stdout: Option<ChildStdout>,
    /// Cargo's stderr, read on its own thread so neither pipe can fill up and stall cargo.
    stderr: JoinHandle<Vec<u8>>,
    /// Cargo's end, and whether it was killed at the limit.
    waiter: JoinHandle<std::io::Result<bool>>,
}

/// How a [`Limited`] build ended.
struct Ended {
    /// Cargo's stderr.
    stderr: Vec<u8>,
    /// Stopped at its limit.
    timed_out: bool,
}

impl Limited {
    /// Starts `command` (stdout and stderr piped) with the wall-clock `limit`.
    fn spawn(mut command: Command, limit: Duration) -> std::io::Result<Self> {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0)
            .spawn()?;
        let stdout = child.stdout.take();
        let mut stderr_pipe = child.stderr.take().expect("stderr is piped");
        let stderr = std::thread::spawn(move || {
            let mut text = Vec::new();
            let _ = std::io::Read::read_to_end(&mut stderr_pipe, &mut text);
            text
        });
        let waiter = std::thread::spawn(move || {
            if wait_with_timeout(&mut child, limit)
                .map_err(std::io::Error::other)?
                .is_some()
            {
                return Ok(false);
            }
            // Cargo is still running, so the group (its process id) is still its own.
            let group = Pid::from_raw(i32::try_from(child.id()).map_err(std::io::Error::other)?);
            let _ = killpg(group, Signal::SIGKILL);
            child.wait()?;
            Ok(true)
        });
        Ok(Self {
            stdout,
            stderr,
            waiter,
        })
    }

    /// Cargo's stdout, to read its messages as they come (once).
    fn take_stdout(&mut self) -> ChildStdout {
        self.stdout.take().expect("stdout is piped and taken once")
    }

    /// Waits for cargo to end, on its own or killed at the limit, and for its stderr.
    fn wait(self) -> std::io::Result<Ended> {
        let timed_out = self
            .waiter
            .join()
            .map_err(|_| std::io::Error::other("the thread waiting for cargo panicked"))??;
        let stderr = self.stderr.join().unwrap_or_default();
        Ok(Ended { stderr, timed_out })
    }
}

/// The lines of cargo's stderr that name `example`, or all of it when none does.
fn cargo_words_about(example: &str, stderr: &str) -> String {
    let tag = format!("example \"{example}\"");
    let lines: Vec<&str> = stderr.lines().filter(|line| line.contains(&tag)).collect();
    if lines.is_empty() {
        cargo_failure_text(stderr)
    } else {
        lines.join("\n")
    }
}

/// Downloads what the harness needs, before an offline build. Every manifest in the harness is
/// the grader's (a submission brings only `src/`), so this fetches nothing a learner chose; it
/// is quick when everything is there already.
fn fetch(harness: &Harness) -> Result<()> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["fetch", "--quiet", "--color=never", "--manifest-path"])
        .arg(harness.dir.join("Cargo.toml"))
        .current_dir(&harness.dir)
        .stdin(Stdio::null())
        .output()
        .context("cannot run cargo fetch for the hidden tests (is cargo on PATH?)")?;
    if !output.status.success() {
        bail!(
            "cargo fetch for {} failed: {}",
            harness.dir.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(())
}

/// `cargo SUBCOMMAND…` on the harness workspace, honouring `$CARGO` as cargo's own tools do;
/// offline for a submission; every rustc through the grader, with `policy` (see
/// [`crate::grade::rustc_wrapper`]).
fn cargo(harness: &Harness, policy: &Policy, subcommand: &[&str]) -> Result<Command> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .args(subcommand)
        .args(["--quiet", "--color=never"])
        .current_dir(&harness.dir)
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_BUILD_TARGET_DIR")
        .stdin(Stdio::null());
    if harness.offline {
        command.arg("--offline");
    }
    command.args([
        "--message-format=json".as_ref(),
        "--manifest-path".as_ref(),
        harness.dir.join("Cargo.toml").as_os_str(),
        "--target-dir".as_ref(),
        harness.target_dir.as_os_str(),
    ]);
    policy.apply(&mut command)?;
    Ok(command)
}

fn messages(stdout: &str) -> impl Iterator<Item = Message> + '_ {
    stdout.lines().filter_map(parse)
}

/// One line of cargo's JSON messages (`None` for anything else).
fn parse(line: &str) -> Option<Message> {
    line.starts_with('{')
        .then(|| serde_json::from_str(line).ok())
        .flatten()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn artifact(name: &str) -> String {
        format!(
            r#"{{"reason":"compiler-artifact","target":{{"name":"{name}","kind":["example"]}},"profile":{{"test":false}}}}"#
        )
    }

    fn error(name: &str, code: &str, text: &str) -> String {
        format!(
            r#"{{"reason":"compiler-message","target":{{"name":"{name}","kind":["example"]}},"message":{{"level":"error","code":{{"code":"{code}"}},"rendered":"{text}","message":"{text}"}}}}"#
        )
    }

    #[test]
    fn each_case_gets_its_own_diagnostics() {
        let stdout = [
            error("rejected", "E0277", "cannot be sent"),
            artifact("compiled"),
        ]
        .join("\n");
        let stderr =
            "error: could not compile `hidden` (example \"rejected\") due to 1 previous error";
        let cases = cases_from_messages(&["rejected", "compiled", "never"], &stdout, stderr, None);
        assert_eq!(
            cases["rejected"],
            CaseBuild::Errors(vec![CompilerError {
                code: Some("E0277".into()),
                rendered: "cannot be sent".into()
            }])
        );
        // The build failed (because of `rejected`), but `compiled` did compile.
        assert_eq!(cases["compiled"], CaseBuild::Compiled);
        assert_eq!(cases["never"], CaseBuild::NotBuilt(stderr.into()));
    }

    #[test]
    fn a_case_not_reached_before_the_limit_timed_out() {
        let stdout = artifact("compiled");
        let limit = Duration::from_secs(20);
        let cases = cases_from_messages(&["compiled", "hangs"], &stdout, "", Some(limit));
        assert_eq!(cases["compiled"], CaseBuild::Compiled);
        assert_eq!(cases["hangs"], CaseBuild::TimedOut(limit));
    }

    #[test]
    fn a_build_past_its_limit_is_killed_with_its_whole_group() {
        let marker = format!("limited-{}", std::process::id());
        // A "cargo" that starts a "rustc" of its own and never ends; the read below sees the
        // end of its output only once both are gone.
        let mut command = Command::new("sh");
        command.args(["-c", "sleep 1000 & echo started; wait", &marker]);
        let started = std::time::Instant::now();
        let mut build = Limited::spawn(command, Duration::from_millis(300)).unwrap();
        let mut stdout = String::new();
        std::io::Read::read_to_string(&mut build.take_stdout(), &mut stdout).unwrap();
        let ended = build.wait().unwrap();
        assert!(ended.timed_out);
        assert_eq!(stdout, "started\n");
        assert!(started.elapsed() < Duration::from_secs(10));

        let quick = Limited::spawn(Command::new("true"), Duration::from_secs(60)).unwrap();
        assert!(!quick.wait().unwrap().timed_out);
    }
}
