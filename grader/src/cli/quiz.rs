//! `cargo grade quiz [CHAPTER]`: grade the answers file, every item with its explanation.

use std::process::ExitCode;

use anyhow::Result;

use super::Context;
use crate::learner::quiz::Chapter;
use crate::report::Detail;

/// Arguments of `cargo grade quiz`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// Only this chapter's items, as `03-cycles` or `cycles` [default: every chapter].
    chapter: Option<String>,
}

/// Grades the quiz answers of the graded tree and prints every item.
pub(super) fn execute(args: Args, context: &Context) -> Result<ExitCode> {
    let (_manifest, quiz, shown) = context.load()?;
    let session = &context.session;
    if quiz.is_empty() {
        anstream::println!(
            "there is no quiz: {} has no quiz/ folder",
            session.project.relative(&session.hidden_dir()?)
        );
        return Ok(ExitCode::SUCCESS);
    }
    let chapters: Vec<&Chapter> = match &args.chapter {
        Some(name) => vec![quiz.chapter(name)?],
        None => quiz.chapters.iter().collect(),
    };
    // Here a malformed answers file is the error itself: exit 2, naming the file and the line.
    let report = session.grade_quiz(&quiz, &chapters)?;
    context.finish(&report, Detail::Every, &shown)
}
