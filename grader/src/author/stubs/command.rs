//! `cargo grade stubs [--check]`: every exercise's stub and the quiz's generated files compared
//! with what their sources make now, and rewritten (after a backup) or, with `--check`, listed.

use anyhow::Result;

use super::quiz as quiz_files;
use crate::files::{self, Drift};
use crate::grade::manifest::{self, Manifest};
use crate::learner::quiz::Quiz;
use crate::project::Project;

/// Regenerates (or with `check`, compares) `exercises/` and the quiz's files; says what it did
/// on stdout. Returns whether anything was out of date.
pub(crate) fn run(
    project: &Project,
    manifest: &Manifest,
    quiz: &Quiz,
    check: bool,
) -> Result<bool> {
    let backup_root = project.new_backup_dir("stubs");
    let drifted = exercises(project, manifest, check, &backup_root)?;
    let quiz_drifted = quiz_pages(project, quiz, check, &backup_root)?;
    if check {
        summary_lists_every_quiz_page(project, quiz);
    }
    if check && (drifted > 0 || quiz_drifted) {
        if drifted > 0 {
            anstream::eprintln!(
                "exercises/ is out of date with solutions/ in {drifted} exercise(s): run `cargo grade stubs`"
            );
        }
        if quiz_drifted {
            anstream::eprintln!(
                "the quiz's generated files are out of date with its items: run `cargo grade stubs`"
            );
        }
        return Ok(true);
    }
    if drifted == 0 && !quiz_drifted {
        anstream::println!("exercises/ is up to date with solutions/");
    }
    Ok(false)
}

/// Writes what `exercises/` should hold (every exercise's stub and the quiz's answers file) into
/// the new folder `out`, touching nothing else: a pristine copy of the exercises to grade or
/// compare with, whatever the learner did to `exercises/`. An existing non-empty `out` is
/// refused.
pub(crate) fn write_to(
    project: &Project,
    manifest: &Manifest,
    quiz: &Quiz,
    out: &std::path::Path,
) -> Result<()> {
    if std::fs::read_dir(out).is_ok_and(|mut entries| entries.next().is_some()) {
        anyhow::bail!(
            "{} is not empty: `cargo grade stubs --out` writes only into a new or empty folder",
            out.display()
        );
    }
    for exercise in &manifest.exercises {
        let stem = manifest::exercise_stem(&exercise.name).expect("validated by the manifest");
        let expected = super::generate(&project.solutions_dir().join(&exercise.name), stem)?;
        for (relative, contents) in &expected {
            files::write_file(&out.join(&exercise.name).join(relative), contents)?;
        }
    }
    let answers = project
        .exercises_dir()
        .join(crate::learner::quiz::ANSWERS_FILE);
    if let Some(text) = quiz_files::expected_files(project, quiz)?.get(&answers) {
        files::write_file(&out.join(crate::learner::quiz::ANSWERS_FILE), text)?;
    }
    anstream::println!(
        "wrote the stubs of {} exercises into {}",
        manifest.exercises.len(),
        out.display()
    );
    Ok(())
}

/// Each exercise's stub: listed when it differs (`check`), or rewritten after a backup in
/// `backup_root/NN-name`. Returns how many exercises differed.
fn exercises(
    project: &Project,
    manifest: &Manifest,
    check: bool,
    backup_root: &std::path::Path,
) -> Result<usize> {
    let mut drifted = 0;
    for exercise in &manifest.exercises {
        let stem = manifest::exercise_stem(&exercise.name).expect("validated by the manifest");
        let solution = project.solutions_dir().join(&exercise.name);
        let stub_dir = project.exercises_dir().join(&exercise.name);
        let expected = super::generate(&solution, stem)?;
        let drift = super::drift(&stub_dir, &expected)?;
        if drift.is_empty() {
            continue;
        }
        drifted += 1;
        if check {
            list(&drift, &|path| {
                format!("exercises/{}/{}", exercise.name, path.display())
            });
        } else {
            let backups = backup_root.join(&exercise.name);
            let saved = files::write_with_backup(&stub_dir, &expected, &drift, &backups)?;
            anstream::println!("regenerated exercises/{}", exercise.name);
            say_backed_up(project, saved, &backups);
        }
    }
    Ok(drifted)
}

/// The quiz's generated files (answers files, book pages): listed when they differ (`check`),
/// or rewritten after a backup in `backup_root/quiz`. Returns whether any differed.
fn quiz_pages(
    project: &Project,
    quiz: &Quiz,
    check: bool,
    backup_root: &std::path::Path,
) -> Result<bool> {
    let expected = quiz_files::expected_files(project, quiz)?;
    let drift = quiz_files::drift(project, &expected)?;
    if drift.is_empty() {
        return Ok(false);
    }
    if check {
        list(&drift, &|path| project.relative(path));
    } else {
        let backups = backup_root.join("quiz");
        let saved = files::write_with_backup(project.root(), &expected, &drift, &backups)?;
        for path in drift.changed.iter().chain(&drift.extra) {
            anstream::println!("regenerated {}", project.relative(path));
        }
        say_backed_up(project, saved, &backups);
    }
    Ok(true)
}

/// Every chapter with a quiz has its quiz page in `book/src/SUMMARY.md` (only said, for
/// `--check`: the maintainer places the line).
fn summary_lists_every_quiz_page(project: &Project, quiz: &Quiz) {
    let summary =
        std::fs::read_to_string(project.book_src_dir().join("SUMMARY.md")).unwrap_or_default();
    for chapter in &quiz.chapters {
        let listed = summary
            .lines()
            .any(|line| quiz_files::quiz_link_chapter(line) == Some(chapter.name.as_str()));
        if !listed {
            anstream::println!(
                "not in book/src/SUMMARY.md: the quiz page of {name}, `- [Quiz](quiz/{name}.md)` under {name}.md",
                name = chapter.name
            );
        }
    }
}

/// One line per file that differs or that nothing generates.
fn list(drift: &Drift, shown: &dyn Fn(&std::path::Path) -> String) {
    for path in &drift.changed {
        anstream::println!("differs: {}", shown(path));
    }
    for path in &drift.extra {
        anstream::println!("not generated: {}", shown(path));
    }
}

fn say_backed_up(project: &Project, saved: usize, backups: &std::path::Path) {
    if saved > 0 {
        anstream::println!(
            "  {saved} file(s) backed up in {}",
            project.relative(backups)
        );
    }
}
