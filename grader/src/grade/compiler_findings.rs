//! What the compiler saw, as integrity findings (issue 25, points 1, 2 and the compile-time half
//! of 7). Runs right after the build, before any executable of the harness is run (listing its
//! tests included).
//!
//! From [`BuildOutcome::graded`], for each graded crate:
//! - every `unsafe_code` diagnostic, at its file and line in the learner's files and at each
//!   macro call it came through ([`Kind::Unsafe`] where the exercise forbids it — the build has
//!   failed with the compiler's error — and [`Kind::UnsafeTaught`] where it teaches it, for a
//!   submission only: the teacher reads each use, a learner's own run stays quiet);
//! - every file the compiler read (its dep-info) outside the crate's `src/`, or inside it but
//!   not Rust source ([`Kind::Include`]): the hidden tests read at compile time show up here;
//! - every constructor or destructor entry in its object code ([`Kind::Constructor`], and a
//!   [`Problem::CodeOutsideMain`]: the exercise's executable is dropped from the build's outcome,
//!   so it is never run, and the exercise scores 0).
//!
//! Files are named as the token scan names them: relative to the graded tree (the submission's,
//! not its private copy's).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::grade::build::{BuildOutcome, GradedBuild, UnsafeUse};
use crate::grade::constructors;
use crate::grade::harness::{Harness, HarnessCrate};
use crate::grade::integrity::{Finding, Kind};
use crate::grade::manifest::Manifest;
use crate::grade::outcome::{ExerciseIndex, Problem};

/// The compiler's findings and the exercises refused for code outside `main`.
#[derive(Debug, Default)]
pub(crate) struct CompilerCheck {
    /// Findings per exercise, in no particular order (the report sorts them with the scan's).
    pub(crate) findings: BTreeMap<ExerciseIndex, Vec<Finding>>,
    /// Exercises whose crate carries a constructor or destructor (or object code that could not
    /// be read), with what was found.
    pub(crate) refused: BTreeMap<ExerciseIndex, Problem>,
}

/// Reads what the build says about each graded crate; drops from `built` the executable of every
/// exercise it refuses or that did not compile, so nothing of it runs.
pub(crate) fn check(
    manifest: &Manifest,
    harness: &Harness,
    built: &mut BuildOutcome,
) -> CompilerCheck {
    let mut check = CompilerCheck::default();
    for (crate_index, graded) in &built.graded {
        let harness_crate = &harness.crates[*crate_index];
        let exercise = &manifest.exercises[harness_crate.exercise];
        let names = Names {
            graded_dir: canonical(&harness_crate.graded_dir),
            exercise: &exercise.name,
        };
        let allows = &exercise.integrity_allows;
        let mut findings = unsafe_findings(
            &names,
            &graded.unsafe_code,
            allows.contains(&Kind::Unsafe),
            is_private_copy(harness_crate),
        );
        if !allows.contains(&Kind::Include) {
            findings.extend(dep_info_findings(&names, graded));
        }
        if let Some((problem, found)) = constructor_check(&names, graded) {
            findings.extend(found);
            check
                .refused
                .insert(ExerciseIndex(harness_crate.exercise), problem);
        }
        if !findings.is_empty() {
            check
                .findings
                .entry(ExerciseIndex(harness_crate.exercise))
                .or_default()
                .extend(findings);
        }
    }
    // A crate the build calls failed is never run either. Normally it has no executable; it can
    // when a cached build replayed `unsafe_code` warnings where the policy now forbids unsafe.
    let failed: Vec<usize> = built.errors.keys().copied().collect();
    built
        .executables
        .retain(|crate_index, _| !failed.contains(crate_index));
    for (crate_index, harness_crate) in harness.crates.iter().enumerate() {
        if check
            .refused
            .contains_key(&ExerciseIndex(harness_crate.exercise))
        {
            built.executables.remove(&crate_index);
        }
    }
    check
}

/// How a graded crate's files are shown.
struct Names<'a> {
    /// The folder compiled (canonical): the crate, or its private copy.
    graded_dir: PathBuf,
    /// The exercise's name, the crate's folder in the graded tree.
    exercise: &'a str,
}

impl Names<'_> {
    /// `path` relative to the graded tree (`01-refcount/src/lib.rs`), or `None` outside the
    /// crate.
    fn in_crate(&self, path: &Path) -> Option<String> {
        let path = canonical(path);
        let relative = path.strip_prefix(&self.graded_dir).ok()?;
        Some(format!(
            "{}/{}",
            self.exercise,
            relative.to_string_lossy().replace('\\', "/")
        ))
    }

    /// Whether `path` lies inside the crate's `src/`.
    fn in_src(&self, path: &Path) -> bool {
        canonical(path).starts_with(self.graded_dir.join("src"))
    }

    /// The crate's `src/`, for a finding about the crate as a whole.
    fn src(&self) -> String {
        format!("{}/src", self.exercise)
    }
}

fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

fn is_private_copy(harness_crate: &HarnessCrate) -> bool {
    harness_crate.graded_dir != harness_crate.source_dir
}

/// One finding per place of each `unsafe_code` diagnostic that lies in the crate's files (the
/// place itself and each macro call in the learner's files it came through).
fn unsafe_findings(
    names: &Names<'_>,
    uses: &[UnsafeUse],
    taught: bool,
    private_copy: bool,
) -> Vec<Finding> {
    if taught && !private_copy {
        return Vec::new();
    }
    let kind = if taught {
        Kind::UnsafeTaught
    } else {
        Kind::Unsafe
    };
    let mut findings = Vec::new();
    for unsafe_use in uses {
        let mut any = false;
        for place in &unsafe_use.places {
            let Some(file) = names.in_crate(&place.file) else {
                continue;
            };
            any = true;
            let item = match &place.via_macro {
                Some(name) => format!("{} (through {name}!)", unsafe_use.message),
                None => format!("{} (the compiler's unsafe_code lint)", unsafe_use.message),
            };
            findings.push(Finding {
                file,
                line: place.line,
                kind,
                item,
                text: place.text.clone(),
            });
        }
        if !any {
            findings.push(Finding {
                file: names.src(),
                line: 1,
                kind,
                item: unsafe_use.message.clone(),
                text: String::new(),
            });
        }
    }
    findings
}

/// A finding for each file the compiler read that lies outside the crate's `src/`, or is not
/// Rust source.
fn dep_info_findings(names: &Names<'_>, graded: &GradedBuild) -> Vec<Finding> {
    let Some(dep_info) = &graded.dep_info else {
        return Vec::new();
    };
    let Ok(text) = std::fs::read_to_string(dep_info) else {
        return vec![Finding {
            file: names.src(),
            line: 1,
            kind: Kind::Unscanned,
            item: format!(
                "the compiler's list of files it read ({}) cannot be read",
                dep_info.display()
            ),
            text: String::new(),
        }];
    };
    let mut findings = Vec::new();
    for read in read_files(&text) {
        let not_rust = read.extension().is_none_or(|ext| ext != "rs");
        let inside = names.in_src(&read);
        if inside && !not_rust {
            continue;
        }
        let (file, item) = match names.in_crate(&read) {
            Some(shown) if inside => (
                shown.clone(),
                format!("read at compile time, not Rust source: {shown}"),
            ),
            Some(shown) => (
                names.src(),
                format!("read at compile time, outside src/: {shown}"),
            ),
            None => (
                names.src(),
                format!(
                    "read at compile time, outside src/: {}",
                    canonical(&read).display()
                ),
            ),
        };
        findings.push(Finding {
            file,
            line: 1,
            kind: Kind::Include,
            item,
            text: String::new(),
        });
    }
    findings
}

/// The files a dep-info file lists: each `PATH:` rule without prerequisites (rustc writes one
/// per file read), with make's `\ ` unescaped. Comments (`# env-dep:…`) are skipped.
fn read_files(dep_info: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for line in dep_info.lines() {
        if line.starts_with('#') {
            continue;
        }
        let Some(path) = line.strip_suffix(':') else {
            continue;
        };
        let path = path.replace("\\ ", " ").replace("\\#", "#");
        let path = PathBuf::from(path);
        if !files.contains(&path) {
            files.push(path);
        }
    }
    files
}

/// The problem and findings of a crate whose object code has a constructor or destructor (or
/// cannot be read); `None` when it has none or was not built.
fn constructor_check(names: &Names<'_>, graded: &GradedBuild) -> Option<(Problem, Vec<Finding>)> {
    let rlib = graded.rlib.as_ref()?;
    let entries = match constructors::find(rlib) {
        Ok(entries) if entries.is_empty() => return None,
        Ok(entries) => entries,
        Err(error) => {
            let why = format!("its object code could not be read: {error:#}");
            let finding = Finding {
                file: names.src(),
                line: 1,
                kind: Kind::Constructor,
                item: why.clone(),
                text: String::new(),
            };
            return Some((Problem::CodeOutsideMain(vec![why]), vec![finding]));
        }
    };
    let sections: Vec<String> = entries
        .iter()
        .map(|entry| format!("{} ({} bytes)", entry.section, entry.size))
        .collect();
    let item = sections.join(", ");
    // Where the source put it: the compiler's `link_section` or `global_asm!` lint, when it
    // reported one (where `unsafe` is taught it does); else the crate as a whole.
    let mut findings: Vec<Finding> = graded
        .unsafe_code
        .iter()
        .filter(|unsafe_use| {
            unsafe_use.message.contains("link_section") || unsafe_use.message.contains("global_asm")
        })
        .filter_map(|unsafe_use| {
            let place = unsafe_use
                .places
                .iter()
                .find(|place| names.in_crate(&place.file).is_some())?;
            Some(Finding {
                file: names.in_crate(&place.file)?,
                line: place.line,
                kind: Kind::Constructor,
                item: item.clone(),
                text: place.text.clone(),
            })
        })
        .collect();
    if findings.is_empty() {
        findings.push(Finding {
            file: names.src(),
            line: 1,
            kind: Kind::Constructor,
            item,
            text: String::new(),
        });
    }
    Some((Problem::CodeOutsideMain(sections), findings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dep_info_lists_each_file_once_with_spaces_unescaped() {
        let text = "/t/deps/x-1.d: /t/src/lib.rs /t/src/a\\ b.txt\n\n\
                    /t/deps/libx-1.rlib: /t/src/lib.rs /t/src/a\\ b.txt\n\n\
                    /t/src/lib.rs:\n/t/src/a\\ b.txt:\n\n# env-dep:X=1\n";
        assert_eq!(
            read_files(text),
            vec![
                PathBuf::from("/t/src/lib.rs"),
                PathBuf::from("/t/src/a b.txt")
            ]
        );
    }

    #[test]
    fn files_outside_src_or_not_rust_are_findings() {
        let dir = tempfile::tempdir().unwrap();
        let crate_dir = dir.path().join("copy");
        std::fs::create_dir_all(crate_dir.join("src")).unwrap();
        for file in ["src/lib.rs", "src/evil.txt", "Cargo.toml"] {
            std::fs::write(crate_dir.join(file), "").unwrap();
        }
        std::fs::write(dir.path().join("tests.rs"), "").unwrap();
        let dep_info = dir.path().join("x.d");
        let list = |names: &[&str]| -> String {
            names
                .iter()
                .map(|name| format!("{}:\n", dir.path().join(name).display()))
                .collect()
        };
        std::fs::write(
            &dep_info,
            list(&[
                "copy/src/lib.rs",
                "copy/src/evil.txt",
                "copy/Cargo.toml",
                "tests.rs",
            ]),
        )
        .unwrap();
        let names = Names {
            graded_dir: canonical(&crate_dir),
            exercise: "01-refcount",
        };
        let graded = GradedBuild {
            dep_info: Some(dep_info),
            ..GradedBuild::default()
        };
        let found: Vec<(String, String)> = dep_info_findings(&names, &graded)
            .into_iter()
            .map(|finding| (finding.file, finding.item))
            .collect();
        let tests = canonical(&dir.path().join("tests.rs"));
        assert_eq!(
            found,
            vec![
                (
                    "01-refcount/src/evil.txt".to_string(),
                    "read at compile time, not Rust source: 01-refcount/src/evil.txt".to_string()
                ),
                (
                    "01-refcount/src".to_string(),
                    "read at compile time, outside src/: 01-refcount/Cargo.toml".to_string()
                ),
                (
                    "01-refcount/src".to_string(),
                    format!("read at compile time, outside src/: {}", tests.display())
                ),
            ]
        );
    }
}
