//! `cargo grade outputs [--update]`: run every Python snippet of the book and every quiz program,
//! and compare with the outputs kept beside them (maintainers).
//!
//! `cargo test` runs it. With `--update` it writes the actual outputs (keeping `…` masks that
//! still match, and a backup of every file it overwrites or removes in `.grade-backups/`).

use std::fs;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};

use super::Context;
use crate::author::outputs::{self, Fix};
use crate::files;
use crate::report::Format;

/// Arguments of `cargo grade outputs`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// Write the actual outputs where they differ (after a backup), and remove version files
    /// that say what the 3.11 file says.
    #[arg(long)]
    update: bool,
}

/// Checks (or updates) every kept output; exit 1 when one differs and was not updated.
pub(super) fn execute(args: Args, context: &Context) -> Result<ExitCode> {
    if context.options.format != Format::Human {
        bail!("`cargo grade outputs` prints --format human only");
    }
    let project = &context.session.project;
    let quiz_dir = context.session.hidden_dir()?.join("quiz");
    let pythons = outputs::find_pythons()?;
    let (checked, problems) = outputs::check(
        &pythons,
        &project.book_src_dir(),
        &quiz_dir,
        &project.grader_target_dir().join("quiz-programs"),
        context.session.settings.jobs,
    )?;
    let mut versions = vec![format!("{} (the baseline)", pythons.baseline.full_version)];
    versions.extend(pythons.others.iter().map(|p| p.full_version.clone()));
    anstream::println!(
        "book: {} snippets run on CPython {}",
        checked.snippets,
        versions.join(", ")
    );
    for version in &pythons.missing {
        anstream::println!(
            "book: CPython {version} is not installed here: its outputs are not checked"
        );
    }
    anstream::println!(
        "quiz: {} Python programs run on CPython {}, {} Rust programs",
        checked.quiz_python,
        pythons.baseline.full_version,
        checked.quiz_rust
    );
    if problems.is_empty() {
        anstream::println!("every output is what the program prints");
        return Ok(ExitCode::SUCCESS);
    }
    let backups = project.new_backup_dir("outputs");
    let mut left = 0;
    for problem in &problems {
        match (&problem.fix, args.update) {
            (Some(fix), true) => {
                let path = match fix {
                    Fix::Write(path, _) | Fix::Remove(path) => path,
                };
                if path.is_file() {
                    files::back_up(path, &backups.join(project.relative(path)))?;
                }
                match fix {
                    Fix::Write(path, text) => {
                        fs::write(path, text)
                            .with_context(|| format!("cannot write {}", path.display()))?;
                        anstream::println!("wrote {}", project.relative(path));
                    }
                    Fix::Remove(path) => {
                        fs::remove_file(path)
                            .with_context(|| format!("cannot remove {}", path.display()))?;
                        anstream::println!("removed {}", project.relative(path));
                    }
                }
            }
            _ => {
                left += 1;
                let root = format!("{}/", project.root().display());
                anstream::println!("{}", problem.message.replace(&root, ""));
            }
        }
    }
    if args.update && backups.is_dir() {
        anstream::println!("previous files kept in {}", project.relative(&backups));
    }
    if left == 0 {
        return Ok(ExitCode::SUCCESS);
    }
    let fixable = problems.iter().filter(|p| p.fix.is_some()).count();
    if !args.update && fixable > 0 {
        anstream::eprintln!(
            "{left} problem(s); `cargo grade outputs --update` writes the actual outputs of {fixable} of them (check them before you commit)"
        );
    } else {
        anstream::eprintln!("{left} problem(s)");
    }
    Ok(ExitCode::from(1))
}
