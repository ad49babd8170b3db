//! `cargo grade outputs [--update]`: every Python snippet of the book and every quiz program
//! run, and compared with the outputs kept beside them; with `--update`, the differing outputs
//! written (after a backup).

use std::fs;

use anyhow::{Context as _, Result};

use super::{Checked, Fix, Problem, Pythons};
use crate::files;
use crate::project::Project;

/// Checks every kept output against its program (the quiz's programs in `quiz_dir`), running
/// `jobs` at once; with `update`, fixes what can be fixed. Says what it found on stdout.
/// Returns whether every output is (now) right.
pub(crate) fn run(
    project: &Project,
    quiz_dir: &std::path::Path,
    jobs: usize,
    update: bool,
) -> Result<bool> {
    let pythons = super::find_pythons()?;
    let (checked, problems) = super::check(
        &pythons,
        &project.book_src_dir(),
        quiz_dir,
        &project.grader_target_dir(),
        jobs,
    )?;
    say_what_ran(&pythons, &checked);
    if problems.is_empty() {
        anstream::println!("every output is what the program prints");
        return Ok(true);
    }
    let left = fix_or_list(project, &problems, update)?;
    if left == 0 {
        return Ok(true);
    }
    let fixable = problems.iter().filter(|p| p.fix.is_some()).count();
    if !update && fixable > 0 {
        anstream::eprintln!(
            "{left} problem(s); `cargo grade outputs --update` writes the actual outputs of {fixable} of them (check them before you commit)"
        );
    } else {
        anstream::eprintln!("{left} problem(s)");
    }
    Ok(false)
}

/// What ran, on which CPython versions, and which versions are missing here.
fn say_what_ran(pythons: &Pythons, checked: &Checked) {
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
}

/// With `update`, applies each problem's fix (after a backup) and lists the others; without,
/// lists them all. Returns how many are left.
fn fix_or_list(project: &Project, problems: &[Problem], update: bool) -> Result<usize> {
    let backups = project.new_backup_dir("outputs");
    let mut left = 0;
    for problem in problems {
        match (&problem.fix, update) {
            (Some(fix), true) => apply(project, fix, &backups)?,
            _ => {
                left += 1;
                let root = format!("{}/", project.root().display());
                anstream::println!("{}", problem.message.replace(&root, ""));
            }
        }
    }
    if update && backups.is_dir() {
        anstream::println!("previous files kept in {}", project.relative(&backups));
    }
    Ok(left)
}

/// Writes or removes the file `fix` names, first copying it into `backups`.
fn apply(project: &Project, fix: &Fix, backups: &std::path::Path) -> Result<()> {
    let path = match fix {
        Fix::Write(path, _) | Fix::Remove(path) => path,
    };
    if path.is_file() {
        files::back_up(path, &backups.join(project.relative(path)))?;
    }
    match fix {
        Fix::Write(path, text) => {
            fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
            anstream::println!("wrote {}", project.relative(path));
        }
        Fix::Remove(path) => {
            fs::remove_file(path).with_context(|| format!("cannot remove {}", path.display()))?;
            anstream::println!("removed {}", project.relative(path));
        }
    }
    Ok(())
}
