//! The mock interview's record as Markdown (`target/grader/interview-<seed>.md`): the score,
//! what was right, what was missed with the right answer and the explanation, the exercise's
//! result, and which chapters to re-read.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::grade::manifest::Manifest;
use crate::grade::outcome::{ExerciseStatus, Status};
use crate::learner::interview::{Asked, Record};
use crate::learner::quiz::answers::{Verdict, right_answer};
use crate::learner::quiz::{Kind, item_key, letter};

/// The whole report. `title_of(chapter)` gives a book chapter's title.
pub(crate) fn markdown(
    record: &Record<'_>,
    manifest: &Manifest,
    title_of: &dyn Fn(&str) -> String,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Mock interview, seed {}\n", record.plan.seed);
    write_score(record, &mut out);
    let (rights, missed): (Vec<&Asked<'_>>, Vec<&Asked<'_>>) = record
        .questions
        .iter()
        .partition(|q| q.judged.verdict == Verdict::Right);
    write_right(&rights, &mut out);
    out.push_str("\n## Missed\n");
    if missed.is_empty() {
        out.push_str("\nNone.\n");
    }
    for asked in &missed {
        write_missed(asked, &mut out);
    }
    write_exercise(record, manifest, &mut out);
    write_reread(record, manifest, &missed, title_of, &mut out);
    out
}

/// The score of the questions and the exercise together, the time used, and the command that
/// draws the same interview again.
fn write_score(record: &Record<'_>, out: &mut String) {
    let plan = &record.plan;
    let quiz_points: u32 = record
        .questions
        .iter()
        .filter(|q| q.judged.verdict == Verdict::Right)
        .map(|q| q.item.points)
        .sum();
    let quiz_max: u32 = record.questions.iter().map(|q| q.item.points).sum();
    let right = record
        .questions
        .iter()
        .filter(|q| q.judged.verdict == Verdict::Right)
        .count();
    // An exercise that could not be graded counts as 0 %.
    let exercise = match &record.exercise {
        Some(Ok(report)) => Some((report.score, report.max_score)),
        Some(Err(_)) => Some((0, 1)),
        None => None,
    };
    let percent = weighted_percent((quiz_points, quiz_max), exercise);
    let exercise_part = match (&record.exercise, exercise) {
        (Some(Ok(_)), Some((points, max))) => format!(
            "exercise {points}/{max} points ({:.0} %)",
            part_percent(points, max)
        ),
        (Some(Err(_)), _) => "the exercise could not be graded (0 %)".to_string(),
        _ => "no exercise".to_string(),
    };
    let _ = writeln!(
        out,
        "- **Score: {percent:.1} %** — questions: {right} of {} right, {quiz_points}/{quiz_max} \
         points ({:.0} %); {exercise_part}. The questions and the exercise weigh the same.",
        record.questions.len(),
        part_percent(quiz_points, quiz_max)
    );
    let _ = writeln!(
        out,
        "- Time: {} of {} used{}",
        clock(record.used.as_secs()),
        clock((record.minutes * 60.0).round() as u64),
        if record.timed_out {
            " — **the time ran out**"
        } else {
            ""
        }
    );
    let _ = writeln!(
        out,
        "- The same interview again: `cargo grade interview --seed {} --questions {} --minutes {}`",
        plan.seed,
        plan.questions.len(),
        record.minutes
    );
}

/// The questions answered right, a line each.
fn write_right(rights: &[&Asked<'_>], out: &mut String) {
    out.push_str("\n## Right\n\n");
    if rights.is_empty() {
        out.push_str("None.\n");
    }
    for asked in rights {
        let _ = writeln!(
            out,
            "- **{}** ({}/{}): {}",
            item_key(asked.chapter, &asked.item.id),
            asked.item.points,
            asked.item.points,
            first_sentence(&asked.item.question)
        );
    }
}

/// The drawn exercise: its result, a table of its tests, why the failing ones failed.
fn write_exercise(record: &Record<'_>, manifest: &Manifest, out: &mut String) {
    let plan = &record.plan;
    out.push_str("\n## The exercise\n\n");
    let (Some(index), Some(result)) = (plan.exercise, &record.exercise) else {
        out.push_str("None was drawn.\n");
        return;
    };
    let exercise = &manifest.exercises[index];
    let stage = plan
        .stage
        .map(|n| format!(", stage {n} (with the stages before it)"))
        .unwrap_or_default();
    let _ = writeln!(out, "**{}** — {}{stage}\n", exercise.name, exercise.title);
    let report = match result {
        Ok(report) => report,
        Err(error) => {
            let _ = writeln!(out, "It could not be graded: {error}");
            return;
        }
    };
    let status = match report.status {
        ExerciseStatus::Pass => "pass",
        ExerciseStatus::Fail => "fail",
        ExerciseStatus::Todo => "not started",
        ExerciseStatus::Error => "did not compile",
    };
    let _ = writeln!(
        out,
        "Result: **{status}**, {}/{} points.\n\n| test | status | points |\n|---|---|---:|",
        report.score, report.max_score
    );
    for test in &report.tests {
        let _ = writeln!(
            out,
            "| `{}` | {} | {}/{} |",
            test.name,
            test.status().as_str(),
            test.points,
            test.max_points
        );
    }
    let failed: Vec<_> = report
        .tests
        .iter()
        .filter(|t| !matches!(t.status(), Status::Pass | Status::Todo))
        .filter_map(|t| Some((t, crate::report::message(report, t)?)))
        .collect();
    if !failed.is_empty() {
        out.push_str("\nWhy the failing tests failed:\n\n");
        for (test, message) in failed {
            let _ = writeln!(out, "- `{}`: {}", test.name, first_line(&message));
        }
    }
    let _ = writeln!(
        out,
        "\nThe whole story: `cargo grade check {}{}`.",
        exercise.name,
        plan.stage
            .map(|n| format!(" --stage {n}"))
            .unwrap_or_default()
    );
}

/// Chapters to re-read: those of missed questions, and the exercise's if it did not pass.
fn write_reread(
    record: &Record<'_>,
    manifest: &Manifest,
    missed: &[&Asked<'_>],
    title_of: &dyn Fn(&str) -> String,
    out: &mut String,
) {
    let mut reread: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for asked in missed {
        reread
            .entry(format!("{}.md", asked.chapter))
            .or_default()
            .push(format!("`{}`", asked.item.id));
    }
    if let (Some(index), Some(Ok(report))) = (record.plan.exercise, &record.exercise)
        && report.status != ExerciseStatus::Pass
    {
        let exercise = &manifest.exercises[index];
        reread
            .entry(exercise.chapter.clone())
            .or_default()
            .push(format!("the exercise {}", exercise.name));
    }
    out.push_str("\n## Re-read\n\n");
    if reread.is_empty() {
        out.push_str("Nothing: everything was right.\n");
    }
    for (page, why) in &reread {
        let chapter = page.strip_suffix(".md").unwrap_or(page);
        let _ = writeln!(
            out,
            "- [{}](../../book/src/{page}) (`book/src/{page}`): {}",
            title_of(chapter),
            why.join(", ")
        );
    }
}

fn write_missed(asked: &Asked<'_>, out: &mut String) {
    let item = asked.item;
    let how = match asked.judged.verdict {
        Verdict::NotAnswered => "not answered",
        _ => "wrong",
    };
    let _ = write!(
        out,
        "\n### {} (0/{}) — {how}\n\n{}\n",
        item_key(asked.chapter, &item.id),
        item.points,
        item.question.trim()
    );
    if let Kind::Choice { choices, .. } = &item.kind {
        out.push('\n');
        for (index, choice) in choices.iter().enumerate() {
            let _ = writeln!(out, "- {}) {}", letter(index), choice.trim());
        }
    }
    let right = right_answer(item);
    match &item.kind {
        Kind::Output { .. } => {
            if asked.judged.verdict == Verdict::Wrong {
                let _ = write!(
                    out,
                    "\nYour answer:\n\n```text\n{}\n```\n",
                    asked.judged.given.trim_end()
                );
            }
            let _ = write!(out, "\nThe output:\n\n```text\n{}\n```\n", right.trim_end());
        }
        _ => {
            if asked.judged.verdict == Verdict::Wrong {
                let _ = write!(out, "\nYour answer: `{}`. ", asked.judged.given.trim());
            } else {
                out.push('\n');
            }
            let _ = writeln!(out, "The answer: `{right}`.");
        }
    }
    let _ = writeln!(out, "\nWhy: {}", item.explanation.trim());
}

fn first_line(text: &str) -> &str {
    text.trim().lines().next().unwrap_or_default()
}

/// A question's first sentence, its lines joined (a question in the quiz file wraps): never
/// cut in the middle of a sentence.
fn first_sentence(text: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let end = joined
        .char_indices()
        .find(|&(at, c)| {
            matches!(c, '.' | '?' | '!' | ':') && joined[at + c.len_utf8()..].starts_with(' ')
        })
        .map_or(joined.len(), |(at, c)| at + c.len_utf8());
    joined[..end].to_string()
}

/// `points` of `max` in percent (100 when there was nothing to earn).
fn part_percent(points: u32, max: u32) -> f64 {
    if max == 0 {
        100.0
    } else {
        f64::from(points) * 100.0 / f64::from(max)
    }
}

/// The interview's score: the questions' percent and the exercise's, weighing the same (a
/// 39-point exercise does not drown three questions); the questions alone when no exercise was
/// drawn.
pub(crate) fn weighted_percent(questions: (u32, u32), exercise: Option<(u32, u32)>) -> f64 {
    let questions = part_percent(questions.0, questions.1);
    match exercise {
        Some((points, max)) => (questions + part_percent(points, max)) / 2.0,
        None => questions,
    }
}

/// `mm:ss`.
pub(crate) fn clock(seconds: u64) -> String {
    format!("{:02}:{:02}", seconds / 60, seconds % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_question_is_shown_to_the_end_of_its_first_sentence() {
        let question = "What does `sys.getrefcount(x)` print\n  for a fresh list bound to x? It counts\nits own argument.";
        assert_eq!(
            first_sentence(question),
            "What does `sys.getrefcount(x)` print for a fresh list bound to x?"
        );
        assert_eq!(
            first_sentence("gc.collect() on 3.11"),
            "gc.collect() on 3.11"
        );
    }

    #[test]
    fn questions_and_exercise_weigh_the_same() {
        // Three questions right, a 39-point exercise not started: half, not 3/42.
        assert_eq!(weighted_percent((3, 3), Some((0, 39))), 50.0);
        assert_eq!(weighted_percent((1, 4), None), 25.0);
        assert_eq!(weighted_percent((0, 0), Some((39, 39))), 100.0);
    }
}
