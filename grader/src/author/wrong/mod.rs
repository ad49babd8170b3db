//! Known-wrong solutions: the mistakes each exercise's hidden tests must catch.
//!
//! An exercise keeps them as `wrong/NAME.toml` beside its hidden tests: a one-line `about` and a
//! list of exact-text replacements in the solution crate. This stage reads them and writes each
//! one out as a graded tree under `target/grader/wrong/`: a copy of `solutions/NN-name` with the
//! edits applied. The grading itself is the usual pipeline; `cargo grade wrong` runs it and
//! fails when a known-wrong solution scores full marks.
//!
//! Variants are grouped in rounds: round `r` holds the `r`-th variant of every exercise that
//! has one, so one build grades a variant of each exercise at once. The rounds of one set of
//! hidden tests live in their own folder (`target/grader/wrong/<hidden-dir key>/round-N`), and
//! a run only writes the crates it grades, so runs for different sets or exercises can overlap.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use crate::files::hash::tree_key;
use crate::files::walk;
use crate::files::{Leave, crate_files, write_if_changed};
use crate::grade::manifest::Manifest;
use crate::grade::outcome::ExerciseStatus;
use crate::project::Project;

/// The folder of known-wrong solutions inside an exercise's hidden-tests folder.
pub(crate) const WRONG_DIR: &str = "wrong";

/// One known-wrong solution of one exercise.
#[derive(Debug, Clone)]
pub(crate) struct Variant {
    /// Index of the exercise in the manifest.
    pub(crate) exercise: usize,
    /// The file it was read from.
    pub(crate) path: PathBuf,
    /// The file name without `.toml`: what the mistake is.
    pub(crate) name: String,
    /// What this solution gets wrong, in one line.
    pub(crate) about: String,
    replacements: Vec<Replacement>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct VariantFile {
    about: String,
    #[serde(rename = "replace")]
    replacements: Vec<Replacement>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Replacement {
    file: PathBuf,
    find: String,
    with: String,
}

/// One known-wrong solution's result, as `cargo grade wrong` reports it.
#[derive(Debug)]
pub(crate) struct VariantResult {
    pub(crate) exercise: String,
    pub(crate) variant: String,
    /// The variant file, relative to the checkout.
    pub(crate) file: String,
    pub(crate) about: String,
    /// The exercise status it got: `fail` is the expected one; `error` means it did not compile.
    pub(crate) status: ExerciseStatus,
    pub(crate) score: u32,
    pub(crate) max_score: u32,
    /// Scored below full marks.
    pub(crate) rejected: bool,
    /// The tests that did not pass.
    pub(crate) failed_tests: Vec<String>,
}

/// Every known-wrong solution's result.
#[derive(Debug)]
pub(crate) struct WrongReport {
    pub(crate) total: usize,
    pub(crate) rejected: usize,
    pub(crate) variants: Vec<VariantResult>,
}

/// The graded trees of one round: one folder laid out like `exercises/`, and which variant each
/// of its exercises is.
#[derive(Debug)]
pub(crate) struct Round {
    /// `target/grader/wrong/<hidden-dir key>/round-N`.
    pub(crate) tree: PathBuf,
    /// The variants graded in this round, one per exercise.
    pub(crate) variants: Vec<Variant>,
}

/// Reads the known-wrong solutions of the `selected` exercises, in manifest order and file-name
/// order within an exercise. A malformed file is an error naming it.
pub(crate) fn load(manifest: &Manifest, selected: &[usize]) -> Result<Vec<Variant>> {
    let mut variants = Vec::new();
    for &index in selected {
        let dir = manifest.exercises[index].hidden_dir.join(WRONG_DIR);
        if !dir.is_dir() {
            continue;
        }
        let paths = walk::entries(&dir)?
            .into_iter()
            .filter(|entry| !entry.is_dir && entry.has_extension("toml"))
            .map(|entry| entry.path);
        for path in paths {
            variants.push(read_variant(index, &path)?);
        }
    }
    Ok(variants)
}

fn read_variant(exercise: usize, path: &Path) -> Result<Variant> {
    let text =
        fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let file: VariantFile = toml::from_str(&text)
        .with_context(|| format!("{} is not a known-wrong solution file", path.display()))?;
    if file.about.trim().is_empty() {
        bail!(
            "{}: `about` is empty; say what the mistake is",
            path.display()
        );
    }
    if file.replacements.is_empty() {
        bail!(
            "{}: no [[replace]] entry; a known-wrong solution changes something",
            path.display()
        );
    }
    for (number, replacement) in file.replacements.iter().enumerate() {
        if replacement.file.is_absolute()
            || replacement
                .file
                .components()
                .any(|part| matches!(part, std::path::Component::ParentDir))
        {
            bail!(
                "{}: replace #{}: `file` must be a path inside the crate, got {}",
                path.display(),
                number + 1,
                replacement.file.display()
            );
        }
        if replacement.find.is_empty() {
            bail!(
                "{}: replace #{}: `find` is empty",
                path.display(),
                number + 1
            );
        }
    }
    let name = path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Variant {
        exercise,
        path: path.to_path_buf(),
        name,
        about: file.about.trim().to_string(),
        replacements: file.replacements,
    })
}

/// Writes the graded tree of every round under `target/grader/wrong/` (unchanged files are left
/// alone, so an unchanged variant is not rebuilt) and returns the rounds.
pub(crate) fn write_rounds(
    project: &Project,
    manifest: &Manifest,
    variants: &[Variant],
) -> Result<Vec<Round>> {
    let hidden_root = manifest
        .path
        .parent()
        .expect("the manifest is a file in a folder");
    let base = project
        .grader_target_dir()
        .join(WRONG_DIR)
        .join(tree_key(hidden_root));
    let mut rounds: Vec<Round> = Vec::new();
    let mut seen_per_exercise = std::collections::BTreeMap::<usize, usize>::new();
    for variant in variants {
        let round = seen_per_exercise.entry(variant.exercise).or_insert(0);
        if rounds.len() <= *round {
            rounds.push(Round {
                tree: base.join(format!("round-{}", rounds.len() + 1)),
                variants: Vec::new(),
            });
        }
        rounds[*round].variants.push(variant.clone());
        *round += 1;
    }
    for round in &rounds {
        fs::create_dir_all(&round.tree)
            .with_context(|| format!("cannot create {}", round.tree.display()))?;
        for variant in &round.variants {
            let name = &manifest.exercises[variant.exercise].name;
            write_variant(
                &project.solutions_dir().join(name),
                &round.tree.join(name),
                variant,
            )?;
        }
    }
    Ok(rounds)
}

/// Mirrors the solution crate `from` into `to` with the variant's edits applied.
fn write_variant(from: &Path, to: &Path, variant: &Variant) -> Result<()> {
    let files = crate_files(from, &[Leave::BuildOutput, Leave::LockFile])?;
    let mut contents: Vec<(PathBuf, String)> = Vec::new();
    for relative in &files {
        let path = from.join(relative);
        let text =
            fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        contents.push((relative.clone(), text));
    }
    for (number, replacement) in variant.replacements.iter().enumerate() {
        let Some((_, text)) = contents
            .iter_mut()
            .find(|(relative, _)| *relative == replacement.file)
        else {
            bail!(
                "{}: replace #{}: the solution has no file {}",
                variant.path.display(),
                number + 1,
                replacement.file.display()
            );
        };
        let found = text.matches(replacement.find.as_str()).count();
        if found != 1 {
            bail!(
                "{}: replace #{}: `find` occurs {found} times in {} (it must occur exactly once)",
                variant.path.display(),
                number + 1,
                from.join(&replacement.file).display()
            );
        }
        *text = text.replacen(replacement.find.as_str(), &replacement.with, 1);
    }
    for (relative, text) in &contents {
        write_if_changed(&to.join(relative), text)?;
    }
    remove_files_not_in(to, &files)
}

/// Removes every file and folder below `dir` that `keep` (paths relative to `dir`) neither
/// lists nor holds.
fn remove_files_not_in(dir: &Path, keep: &[PathBuf]) -> Result<()> {
    let mut removed_folders: Vec<PathBuf> = Vec::new();
    // Sorted: a folder comes before what it holds, which goes with it.
    for entry in walk::below(dir, |_| false)? {
        if removed_folders
            .iter()
            .any(|folder| entry.path.starts_with(folder))
        {
            continue;
        }
        let path = dir.join(&entry.path);
        if entry.is_dir {
            if !keep.iter().any(|file| file.starts_with(&entry.path)) {
                fs::remove_dir_all(&path)
                    .with_context(|| format!("cannot remove {}", path.display()))?;
                removed_folders.push(entry.path);
            }
        } else if !keep.contains(&entry.path) {
            fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
        }
    }
    Ok(())
}

pub(crate) mod command;
pub(crate) mod report;

#[cfg(test)]
mod tests {
    use super::*;

    fn variant_from(text: &str) -> Result<Variant> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mistake.toml");
        fs::write(&path, text).unwrap();
        read_variant(0, &path)
    }

    #[test]
    fn a_variant_edits_a_copy_of_the_solution() {
        let solution = tempfile::tempdir().unwrap();
        fs::create_dir_all(solution.path().join("src")).unwrap();
        fs::write(solution.path().join("Cargo.toml"), "[package]\n").unwrap();
        fs::write(solution.path().join("src/lib.rs"), "fn f() { 1 }\n").unwrap();
        let variant = variant_from(
            "about = \"returns two\"\n[[replace]]\nfile = \"src/lib.rs\"\nfind = \"{ 1 }\"\nwith = \"{ 2 }\"\n",
        )
        .unwrap();
        let out = tempfile::tempdir().unwrap();
        fs::write(out.path().join("stale.rs"), "").unwrap();
        write_variant(solution.path(), out.path(), &variant).unwrap();
        assert_eq!(
            fs::read_to_string(out.path().join("src/lib.rs")).unwrap(),
            "fn f() { 2 }\n"
        );
        assert!(out.path().join("Cargo.toml").is_file());
        assert!(!out.path().join("stale.rs").exists(), "stale files go");
        assert_eq!(
            fs::read_to_string(solution.path().join("src/lib.rs")).unwrap(),
            "fn f() { 1 }\n",
            "the solution itself is untouched"
        );
    }

    #[test]
    fn a_find_that_is_missing_or_ambiguous_is_an_error_naming_the_file() {
        let solution = tempfile::tempdir().unwrap();
        fs::create_dir_all(solution.path().join("src")).unwrap();
        fs::write(solution.path().join("src/lib.rs"), "a a b\n").unwrap();
        let out = tempfile::tempdir().unwrap();
        for (find, count) in [("c", 0), ("a", 2)] {
            let variant = variant_from(&format!(
                "about = \"x\"\n[[replace]]\nfile = \"src/lib.rs\"\nfind = \"{find}\"\nwith = \"z\"\n"
            ))
            .unwrap();
            let err = write_variant(solution.path(), out.path(), &variant).unwrap_err();
            let message = format!("{err:#}");
            assert!(message.contains("mistake.toml"), "{message}");
            assert!(
                message.contains(&format!("occurs {count} times")),
                "{message}"
            );
        }
    }

    #[test]
    fn malformed_variant_files_are_refused() {
        for (text, expected) in [
            ("about = \"x\"\nreplace = []\n", "no [[replace]]"),
            (
                "about = \" \"\n[[replace]]\nfile = \"a\"\nfind = \"b\"\nwith = \"c\"\n",
                "`about` is empty",
            ),
            (
                "about = \"x\"\n[[replace]]\nfile = \"../a\"\nfind = \"b\"\nwith = \"c\"\n",
                "inside the crate",
            ),
            (
                "about = \"x\"\n[[replace]]\nfile = \"a\"\nfind = \"b\"\nwith = \"c\"\nextra = 1\n",
                "not a known-wrong",
            ),
        ] {
            let message = format!("{:#}", variant_from(text).unwrap_err());
            assert!(message.contains(expected), "{text:?}: {message}");
        }
    }
}
