//! `cargo grade watch`: grade everything once, then re-grade each exercise whose files change.
//!
//! Polls file sizes and modification times twice a second (no file-notification dependency);
//! an exercise is graded again once its files have stopped changing for one poll, so an editor
//! that saves in several steps triggers one run. Stop with Ctrl-C.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use anyhow::Result;

use super::Context;
use crate::files::{Leave, crate_files};
use crate::report::Detail;

/// Arguments of `cargo grade watch`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// Seconds between two looks at the files.
    #[arg(long, default_value_t = 0.5, value_name = "SECS")]
    poll: f64,
}

/// Files of one exercise crate: relative path → (size, modified).
type Snapshot = BTreeMap<PathBuf, (u64, Option<SystemTime>)>;

/// Grades everything, then loops: re-grades an exercise when its files change.
pub(super) fn execute(args: Args, context: &Context) -> Result<ExitCode> {
    let (manifest, quiz, shown) = context.load()?;
    let session = &context.session;
    let tree = session.tree()?;
    let report = session.grade_all(&manifest, &quiz)?;
    context.finish(&report, Detail::Summary, &shown)?;
    let answers_file = tree.join(crate::learner::quiz::ANSWERS_FILE);
    let answers_stamp = |path: &Path| {
        std::fs::metadata(path)
            .ok()
            .map(|m| (m.len(), m.modified().ok()))
    };
    let mut answers_seen = answers_stamp(&answers_file);
    anstream::println!(
        "\nwatching {} for changes (Ctrl-C to stop)…",
        tree.display()
    );

    let poll = Duration::from_secs_f64(args.poll.clamp(0.05, 60.0));
    let mut seen: Vec<Snapshot> = manifest
        .exercises
        .iter()
        .map(|e| snapshot(&tree.join(&e.name)))
        .collect();
    loop {
        std::thread::sleep(poll);
        let answers_now = answers_stamp(&answers_file);
        if answers_now != answers_seen && !quiz.is_empty() {
            answers_seen = answers_now;
            anstream::println!("\n── {} changed ──", crate::learner::quiz::ANSWERS_FILE);
            let chapters: Vec<&crate::learner::quiz::Chapter> = quiz.chapters.iter().collect();
            let entry = session.quiz_entry(&quiz, &chapters);
            let report = crate::grade::score::total(report.tree.clone(), vec![entry]);
            context.finish(&report, Detail::Every, &shown)?;
        }
        for (index, exercise) in manifest.exercises.iter().enumerate() {
            let now = snapshot(&tree.join(&exercise.name));
            if now == seen[index] {
                continue;
            }
            // Wait until the editor is done writing.
            let mut settled = now;
            loop {
                std::thread::sleep(poll);
                let again = snapshot(&tree.join(&exercise.name));
                if again == settled {
                    break;
                }
                settled = again;
            }
            seen[index] = settled;
            anstream::println!("\n── {} changed ──", exercise.name);
            match session.grade(&manifest, &[index]) {
                Ok(report) => {
                    context.finish(&report, Detail::Every, &shown)?;
                }
                Err(err) => anstream::eprintln!("error: {err:#}"),
            }
        }
    }
}

fn snapshot(dir: &Path) -> Snapshot {
    crate_files(dir, &[Leave::BuildOutput, Leave::Hidden])
        .unwrap_or_default()
        .into_iter()
        .filter_map(|relative| {
            let metadata = std::fs::metadata(dir.join(&relative)).ok()?;
            Some((relative, (metadata.len(), metadata.modified().ok())))
        })
        .collect()
}
