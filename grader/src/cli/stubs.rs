//! `cargo grade stubs [--check]`: regenerate exercises/ from solutions/, and the quiz's files
//! from its items (`exercises/quiz.toml`, `solutions/quiz.toml`, `book/src/quiz/*.md` and their
//! lines in `book/src/SUMMARY.md`).
//!
//! Files that would be overwritten or removed are first copied to `.grade-backups/`, so a
//! learner who runs this over their work loses nothing.

use std::process::ExitCode;

use anyhow::Result;

use super::Context;
use crate::author::stubs;
use crate::author::stubs::quiz as quiz_files;
use crate::grade::manifest;

/// Arguments of `cargo grade stubs`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// Only compare: list what differs and exit with code 1 if anything does.
    #[arg(long)]
    check: bool,
}

/// Generates every exercise's stub and writes it (after a backup) or compares it.
pub(super) fn execute(args: Args, context: &Context) -> Result<ExitCode> {
    let manifest = context.session.manifest()?;
    let quiz = context.session.quiz()?;
    let project = &context.session.project;
    let backup_root = project.new_backup_dir("stubs");
    let mut drifted = 0;
    for exercise in &manifest.exercises {
        let stem = manifest::exercise_stem(&exercise.name).expect("validated by the manifest");
        let solution = project.solutions_dir().join(&exercise.name);
        let stub_dir = project.exercises_dir().join(&exercise.name);
        let expected = stubs::generate(&solution, stem)?;
        let drift = stubs::drift(&stub_dir, &expected)?;
        if drift.is_empty() {
            continue;
        }
        drifted += 1;
        if args.check {
            for path in &drift.changed {
                anstream::println!("differs: exercises/{}/{}", exercise.name, path.display());
            }
            for path in &drift.extra {
                anstream::println!(
                    "not generated: exercises/{}/{}",
                    exercise.name,
                    path.display()
                );
            }
        } else {
            let backups = backup_root.join(&exercise.name);
            let saved = stubs::write_with_backup(&stub_dir, &expected, &backups)?;
            anstream::println!("regenerated exercises/{}", exercise.name);
            if saved > 0 {
                anstream::println!(
                    "  {saved} file(s) backed up in {}",
                    project.relative(&backups)
                );
            }
        }
    }
    let expected = quiz_files::expected_files(project, &quiz)?;
    let drift = quiz_files::drift(project, &expected)?;
    let quiz_drifted = !drift.changed.is_empty() || !drift.extra.is_empty();
    if args.check {
        for path in &drift.changed {
            anstream::println!("differs: {}", project.relative(path));
        }
        for path in &drift.extra {
            anstream::println!("not generated: {}", project.relative(path));
        }
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
    } else if quiz_drifted {
        let backups = backup_root.join("quiz");
        let saved = quiz_files::write_with_backup(project, &expected, &drift, &backups)?;
        for path in drift.changed.iter().chain(&drift.extra) {
            anstream::println!("regenerated {}", project.relative(path));
        }
        if saved > 0 {
            anstream::println!(
                "  {saved} file(s) backed up in {}",
                project.relative(&backups)
            );
        }
    }
    if args.check && (drifted > 0 || quiz_drifted) {
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
        return Ok(ExitCode::from(1));
    }
    if drifted == 0 && !quiz_drifted {
        anstream::println!("exercises/ is up to date with solutions/");
    }
    Ok(ExitCode::SUCCESS)
}
