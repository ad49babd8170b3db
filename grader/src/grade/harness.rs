//! Stage 2: write the generated workspace that holds the hidden tests.
//!
//! For every graded exercise a crate `hidden-NN-name` is written under `target/grader/`. It
//! depends by path on the crate being graded (renamed to the name hidden tests `use`) and on
//! `grader-support`; its one test target is the exercise's `tests.rs`, its examples are the
//! compile-fail cases. All of them form one workspace per graded tree, and every tree builds into
//! the same target dir, so dependencies build once and an unchanged exercise is not rebuilt.
//! Nothing is ever written inside the graded crate.
//!
//! A submission (any tree but the project's own `exercises/` and `solutions/`) is only its
//! source: each exercise's `src/` is copied into `target/grader/sources-KEY/NN-name/`, beside the
//! grader's own `Cargo.toml` for that exercise, and that copy is what gets compiled. So a
//! submitted `build.rs`, an added dependency or proc macro, a changed profile or a `[patch]` never
//! take part; every other file of the submitted crate is listed in the report as ignored.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::files::cargo_toml::{CARGO_TOML, CargoToml};
use crate::files::hash::tree_key;
use crate::files::walk;
use crate::files::{toml_path, toml_string, write_bytes_if_changed, write_if_changed};
use crate::grade::manifest::{Exercise, Manifest, TestKind};
use crate::project::Project;

/// The generated workspace for one graded tree.
#[derive(Debug)]
pub(crate) struct Harness {
    /// The workspace folder (holds the workspace `Cargo.toml`).
    pub(crate) dir: PathBuf,
    /// The target dir shared by every harness.
    pub(crate) target_dir: PathBuf,
    /// One crate per exercise that could be set up.
    pub(crate) crates: Vec<HarnessCrate>,
    /// Build without the network (a submission: the dependencies, all named by the grader's
    /// own manifests, are fetched first).
    pub(crate) offline: bool,
}

/// The generated crate of one exercise.
#[derive(Debug)]
pub(crate) struct HarnessCrate {
    /// Index of the exercise in the manifest.
    pub(crate) exercise: usize,
    /// Package name, `hidden-NN-name`.
    pub(crate) package: String,
    /// Folder of the generated crate.
    pub(crate) dir: PathBuf,
    /// Folder of the crate being compiled: the graded crate, or its private copy.
    pub(crate) graded_dir: PathBuf,
    /// Folder of the crate in the graded tree (differs from `graded_dir` for a private copy).
    pub(crate) source_dir: PathBuf,
    /// Files of the graded crate that grading does not use, relative to the graded tree.
    pub(crate) ignored_files: Vec<String>,
    /// Compile-fail cases: (test name, example target name).
    pub(crate) compile_fail: Vec<(String, String)>,
}

/// Writes (or leaves alone, when unchanged) the harness for grading `tree`; `crates` holds the
/// `selected` exercises (manifest indices).
///
/// Returns the harness and, for exercises that cannot be graded at all, why (a missing crate or
/// an unreadable `Cargo.toml` in the graded tree): those score zero with status `error`.
pub(crate) fn prepare(
    project: &Project,
    manifest: &Manifest,
    selected: &[usize],
    tree: &Path,
) -> Result<(Harness, Vec<(usize, String)>)> {
    let grader_dir = project.grader_target_dir();
    let dir = grader_dir.join(format!("harness-{}", tree_key(tree)));
    // Outside the harness workspace, so cargo names the copies' files by absolute paths, which
    // the report turns back into the submission's.
    let sources_dir = grader_dir.join(format!("sources-{}", tree_key(tree)));
    // Not `build`, the folder of graders before the compiler checked `unsafe`: cargo does not
    // fingerprint a rustc wrapper or the flags it adds (measured on cargo 1.95: adding
    // `RUSTC_WRAPPER` left every crate fresh), so an artifact built there without `-F
    // unsafe_code` would be reused as if checked. See `grade::rustc_wrapper`.
    let target_dir = grader_dir.join("build-checked");
    let mut crates = Vec::new();
    let mut unbuildable = Vec::new();
    let mut members = Vec::new();
    let mut graded_packages = std::collections::BTreeSet::new();
    // Every exercise that can be set up is a member, whatever is selected, so the workspace
    // file is the same for `cargo grade` and `cargo grade check NAME` running side by side;
    // the build selects packages with `-p`.
    let private = is_submission(project, tree);
    for (index, exercise) in manifest.exercises.iter().enumerate() {
        let is_selected = selected.contains(&index);
        let source_dir = tree.join(&exercise.name);
        let prepared = if private {
            private_copy(project, &sources_dir, exercise, &source_dir)
        } else {
            graded_package_name(&source_dir).map(|name| (source_dir.clone(), name, Vec::new()))
        };
        let (graded_dir, package_name, ignored_files) = match prepared {
            Ok(prepared) => prepared,
            Err(err) => {
                if is_selected {
                    unbuildable.push((index, format!("{err:#}")));
                }
                continue;
            }
        };
        let crate_dir = dir.join(&exercise.name);
        let (manifest_text, compile_fail) =
            crate_manifest(project, exercise, &graded_dir, &package_name);
        write_if_changed(&crate_dir.join("Cargo.toml"), &manifest_text)?;
        members.push(exercise.name.as_str());
        graded_packages.insert(package_name);
        if is_selected {
            crates.push(HarnessCrate {
                exercise: index,
                package: format!("hidden-{}", exercise.name),
                dir: crate_dir,
                graded_dir,
                source_dir,
                ignored_files,
                compile_fail,
            });
        }
    }
    let mut workspace = String::from(
        "# Generated by the gc-workbook grader; rewritten on every run.\n[workspace]\nresolver = \"3\"\nmembers = [\n",
    );
    for name in members {
        let _ = writeln!(workspace, "    {},", toml_string(name));
    }
    workspace.push_str("]\n");
    workspace.push_str(&profile(&graded_packages));
    write_if_changed(&dir.join("Cargo.toml"), &workspace)?;
    Ok((
        Harness {
            dir,
            target_dir,
            crates,
            offline: private,
        },
        unbuildable,
    ))
}

/// The build profile of the harness (`cargo build` uses `dev`): what the hidden tests run with.
///
/// Chosen by measurement on a 2-core machine (grader/AUTHORING.md, "How the hidden tests are
/// built"): dependencies the learner does not write (`grader-support`, `refgc`, `similar`) at
/// `opt-level = 3` without debug info; the graded crates and the hidden tests at `opt-level = 1`
/// with line tables (backtraces name files and lines: 13-tracemalloc's call sites). Debug
/// assertions and overflow checks stay on everywhere, as in any `dev` build, so a learner's
/// overflow panics as it would under `cargo test`.
fn profile(graded_packages: &std::collections::BTreeSet<String>) -> String {
    let mut text = String::from(
        "\n# The grading profile (see the grader's AUTHORING.md).\n\
         [profile.dev]\nopt-level = 1\ndebug = \"line-tables-only\"\n\
         debug-assertions = true\noverflow-checks = true\n\n\
         [profile.dev.package.\"*\"]\nopt-level = 3\ndebug = false\n",
    );
    // `"*"` is every package outside the harness workspace, the graded crates included: give
    // those back the members' settings.
    for package in graded_packages {
        let _ = write!(
            text,
            "\n[profile.dev.package.{}]\nopt-level = 1\ndebug = \"line-tables-only\"\n",
            toml_string(package)
        );
    }
    text
}

fn crate_manifest(
    project: &Project,
    exercise: &Exercise,
    graded_dir: &Path,
    package_name: &str,
) -> (String, Vec<(String, String)>) {
    let mut text = String::new();
    let _ = write!(
        text,
        "# Generated by the gc-workbook grader; rewritten on every run.\n\
         [package]\nname = {package}\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\
         autobins = false\nautoexamples = false\nautotests = false\nautobenches = false\n\n\
         [dependencies]\n{alias} = {{ path = {graded}, package = {graded_package} }}\n\
         grader-support = {{ path = {support} }}\n\n\
         [[test]]\nname = \"hidden\"\npath = {tests}\n",
        package = toml_string(&format!("hidden-{}", exercise.name)),
        alias = exercise.crate_name,
        graded = toml_path(graded_dir),
        graded_package = toml_string(package_name),
        support = toml_path(&project.support_crate_dir()),
        tests = toml_path(&exercise.hidden_dir.join(crate::grade::manifest::TESTS_FILE)),
    );
    let mut compile_fail = Vec::new();
    for test in &exercise.tests {
        if let TestKind::CompileFail { case, .. } = &test.kind {
            // Example names must be unique across the harness workspace: one build selects them.
            let example = format!("{}__{}", exercise.crate_name, test.name);
            let _ = write!(
                text,
                "\n[[example]]\nname = {}\npath = {}\ntest = false\ndoc = false\n",
                toml_string(&example),
                toml_path(case)
            );
            compile_fail.push((test.name.clone(), example));
        }
    }
    (text, compile_fail)
}

/// Whether `tree` is a submission, graded from private copies: anything but the project's own
/// `exercises/` and `solutions/`.
fn is_submission(project: &Project, tree: &Path) -> bool {
    let same = |dir: PathBuf| match (dir.canonicalize(), tree.canonicalize()) {
        (Ok(dir), Ok(tree)) => dir == tree,
        _ => dir == tree,
    };
    !same(project.exercises_dir()) && !same(project.solutions_dir())
}

/// At most this many files of a submitted `src/` are copied (a hostile tree is cut off, with an
/// error for that exercise, before it fills the disk).
const MAX_SOURCE_FILES: usize = 1_000;
/// At most this many bytes of a submitted `src/` are copied.
pub(crate) const MAX_SOURCE_BYTES: u64 = 16 << 20;

/// Copies the regular files of `source_dir/src` into `sources_dir/NAME/src` (only the
/// files that changed, so cargo rebuilds only what it must; files gone from the submission are
/// removed from the copy) and writes the grader's own `Cargo.toml` for the exercise beside it.
/// Returns the copy's folder, its package name, and every other file of the submitted crate
/// (symbolic links and special files inside `src/` included), relative to the graded tree.
fn private_copy(
    project: &Project,
    sources_dir: &Path,
    exercise: &Exercise,
    source_dir: &Path,
) -> Result<(PathBuf, String, Vec<String>)> {
    let source_src = source_dir.join("src");
    if !source_src.is_dir() {
        bail!(
            "{} does not exist (is the exercise missing?)",
            source_src.display()
        );
    }
    let reference_dir = project.exercises_dir().join(&exercise.name);
    let reference = fs::read_to_string(reference_dir.join(CARGO_TOML)).with_context(|| {
        format!(
            "cannot read the grader's own manifest {}",
            reference_dir.join(CARGO_TOML).display()
        )
    })?;
    let package_name = graded_package_name(&reference_dir)?;
    let copy_dir = sources_dir.join(&exercise.name);
    let copy_src = copy_dir.join("src");
    let prefix = Path::new(&exercise.name);
    let mut ignored = Vec::new();
    let mut copied = std::collections::BTreeSet::new();
    let mut bytes = 0;
    for entry in walk::below(&source_src, |_| false)? {
        if entry.is_dir {
            continue;
        }
        let from = source_src.join(&entry.path);
        let metadata = fs::symlink_metadata(&from)
            .with_context(|| format!("cannot read {}", from.display()))?;
        if !metadata.is_file() {
            ignored.push(prefix.join("src").join(&entry.path));
            continue;
        }
        bytes += metadata.len();
        if copied.len() == MAX_SOURCE_FILES || bytes > MAX_SOURCE_BYTES {
            bail!(
                "{} holds more than {MAX_SOURCE_FILES} files or {} MiB: not graded",
                source_src.display(),
                MAX_SOURCE_BYTES >> 20
            );
        }
        let contents =
            fs::read(&from).with_context(|| format!("cannot read {}", from.display()))?;
        write_bytes_if_changed(&copy_src.join(&entry.path), &contents)?;
        copied.insert(entry.path);
    }
    if copy_src.is_dir() {
        for stale in walk::files_below(&copy_src, |_| false)? {
            if !copied.contains(&stale) {
                let path = copy_src.join(&stale);
                fs::remove_file(&path)
                    .with_context(|| format!("cannot remove {}", path.display()))?;
            }
        }
    }
    write_if_changed(&copy_dir.join(CARGO_TOML), &reference)?;
    for entry in walk::below(source_dir, |path| {
        path == Path::new("src") || path == Path::new("target") || path == Path::new(".git")
    })? {
        if !entry.is_dir {
            ignored.push(prefix.join(&entry.path));
        }
    }
    ignored.sort();
    let ignored = ignored
        .iter()
        .map(|path| path.to_string_lossy().into_owned())
        .collect();
    Ok((copy_dir, package_name, ignored))
}

/// The `[package] name` of the crate to grade, with an error that names its `Cargo.toml`.
fn graded_package_name(graded_dir: &Path) -> Result<String> {
    let path = graded_dir.join(CARGO_TOML);
    if !path.exists() {
        bail!(
            "{} does not exist (is the exercise missing?)",
            path.display()
        );
    }
    Ok(CargoToml::read(graded_dir)?.package_name()?.to_owned())
}
