//! `cargo grade watch`: grade everything once, then re-grade each exercise whose files change
//! (and the quiz when its answers file changes).
//!
//! Polls file sizes and modification times (no file-notification dependency); an exercise is
//! graded again once its files have stopped changing for one poll, so an editor that saves in
//! several steps triggers one run. Stop with Ctrl-C.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use anyhow::Result;

use crate::files::{Leave, crate_files};
use crate::grade::manifest::Manifest;
use crate::grade::outcome::Report;
use crate::grade::score;
use crate::grade::session::Session;
use crate::learner::quiz::{self, Chapter, Quiz};
use crate::report::Detail;

/// Files of one exercise crate: relative path → (size, modified).
type Snapshot = BTreeMap<PathBuf, (u64, Option<SystemTime>)>;

/// Grades everything and `show`s it, then loops for ever, polling every `poll`: re-grades an
/// exercise when its files change, the quiz when its answers file does.
pub(crate) fn run(
    session: &Session,
    manifest: &Manifest,
    quiz: &Quiz,
    poll: Duration,
    show: &dyn Fn(&Report, Detail) -> Result<()>,
) -> Result<()> {
    let tree = session.tree()?;
    let report = session.grade_all(manifest, quiz)?;
    show(&report, Detail::Summary)?;
    let answers_file = tree.join(quiz::ANSWERS_FILE);
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
            anstream::println!("\n── {} changed ──", quiz::ANSWERS_FILE);
            let chapters: Vec<&Chapter> = quiz.chapters.iter().collect();
            let entry = session.quiz_entry(quiz, &chapters);
            let report = score::total(report.tree.clone(), vec![entry]);
            show(&report, Detail::Every)?;
        }
        for (index, exercise) in manifest.exercises.iter().enumerate() {
            let dir = tree.join(&exercise.name);
            let now = snapshot(&dir);
            if now == seen[index] {
                continue;
            }
            seen[index] = settled(&dir, now, poll);
            anstream::println!("\n── {} changed ──", exercise.name);
            match session.grade(manifest, &[index]) {
                Ok(report) => show(&report, Detail::Every)?,
                Err(err) => anstream::eprintln!("error: {err:#}"),
            }
        }
    }
}

/// The files of `dir` once they have stopped changing for one poll (the editor is done
/// writing), starting from `now`.
fn settled(dir: &Path, mut now: Snapshot, poll: Duration) -> Snapshot {
    loop {
        std::thread::sleep(poll);
        let again = snapshot(dir);
        if again == now {
            return now;
        }
        now = again;
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
