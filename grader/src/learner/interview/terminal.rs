//! The timed mock interview at the terminal (`cargo grade interview`).
//!
//! A seed draws quiz questions across chapters and one exercise (or one stage); the candidate
//! answers on stdin against a countdown, then works on the exercise and presses Enter. A reader
//! thread feeds stdin's lines through a channel and the main thread waits on it only until the
//! deadline, so the interview is graded the moment time runs out, however the input stalls.
//! Piped input works the same way (the tests drive it so); a closed stdin ends the answers.

use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anstyle::Style;
use anyhow::{Result, bail};

use super::report::{clock, markdown};
use super::{Asked, Plan, Record};
use crate::files;
use crate::grade::manifest::Manifest;
use crate::grade::outcome::ExerciseReport;
use crate::grade::session::Session;
use crate::grade::untouched;
use crate::learner::quiz::answers::{self, Judged, Verdict};
use crate::learner::quiz::{self, Item, Kind, Quiz, letter};

/// What the candidate asked for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Options {
    /// The seed that draws the interview (a random one when `None`).
    pub(crate) seed: Option<u64>,
    /// Time for the whole interview, in minutes.
    pub(crate) minutes: f64,
    /// How many quiz questions to ask.
    pub(crate) questions: usize,
    /// Draw the exercise from every exercise, not only those the learner has started.
    pub(crate) any_exercise: bool,
}

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();

/// Runs the interview on `session`'s tree and writes its report to
/// `target/grader/interview-<seed>.md`.
pub(crate) fn run(session: &Session, options: Options) -> Result<()> {
    if !(options.minutes.is_finite() && options.minutes > 0.0 && options.minutes <= 600.0) {
        bail!(
            "--minutes must be above 0 and at most 600, got {}",
            options.minutes
        );
    }
    let manifest = session.manifest()?;
    let quiz = session.quiz()?;
    let tree = session.tree()?;
    let seed = options.seed.unwrap_or_else(random_seed);
    let all: Vec<usize> = (0..manifest.exercises.len()).collect();
    let exercises = if options.any_exercise {
        all
    } else {
        let untouched = untouched::find(&session.project, &manifest, &all, &tree);
        super::exercises_to_draw(all.len(), &untouched)
    };
    let plan = super::draw(&quiz, &manifest, &exercises, seed, options.questions);
    let total = Duration::from_secs_f64(options.minutes * 60.0);
    let started = Instant::now();
    let mut input = Input::start(started + total, total);
    introduce(&plan, total);
    let (questions, timed_out) = ask_questions(&plan, &quiz, &mut input);
    let workplace = session.project.relative(&tree);
    let (manifest, exercise, timed_out) =
        grade_the_exercise(session, manifest, &plan, &workplace, &mut input, timed_out);
    let record = Record {
        plan,
        minutes: options.minutes,
        used: started.elapsed().min(total),
        timed_out,
        questions,
        exercise,
    };
    let path = keep_report(session, &record, &manifest)?;
    print_summary(&record);
    anstream::println!(
        "\nThe report (what was right, what was missed and why, what to re-read):\n  {}",
        session.project.relative(&path)
    );
    Ok(())
}

/// The greeting: the seed, what comes, how to answer.
fn introduce(plan: &Plan, total: Duration) {
    let seed = plan.seed;
    anstream::println!(
        "{BOLD}Mock interview, seed {seed}{BOLD:#}  {DIM}(the same interview again: --seed {seed}){DIM:#}\n"
    );
    anstream::println!(
        "{} question(s) from the quiz, then one exercise; {} in all, shown before each question.\n\
         Answer a choice with its letter (b), a short answer with a word or a number, and\n\
         \"what does this print?\" with the output, line by line, then a line with only `.`.\n\
         An empty answer skips the question; nothing is graded before the end.",
        plan.questions.len(),
        clock(total.as_secs()),
    );
}

/// Asks the plan's questions in order and judges each answer; after the time runs out (or
/// stdin closes) the rest are judged unanswered without being shown. Returns whether the time
/// ran out.
fn ask_questions<'q>(plan: &Plan, quiz: &'q Quiz, input: &mut Input) -> (Vec<Asked<'q>>, bool) {
    let mut asked = Vec::with_capacity(plan.questions.len());
    let mut timed_out = false;
    for (number, &(chapter_index, item_index)) in plan.questions.iter().enumerate() {
        let chapter = &quiz.chapters[chapter_index];
        let item = &chapter.items[item_index];
        let judged = if timed_out || input.closed {
            // Not shown: time is up, or stdin is closed and nothing more can be answered.
            answers::judge(item, None)
        } else {
            show_question(number + 1, plan.questions.len(), &chapter.name, item, input);
            let (answer, end) = read_answer(item, input);
            timed_out = end == End::TimeUp;
            answers::judge(item, answer.as_deref())
        };
        asked.push(Asked {
            chapter: &chapter.name,
            item,
            judged,
        });
    }
    (asked, timed_out)
}

/// Shows the drawn exercise (when there is time left), waits for Enter or the end of the time,
/// and grades it (only its stage's tests and the stages' before it). Returns the manifest as
/// graded, the exercise's result and whether the time ran out.
fn grade_the_exercise(
    session: &Session,
    mut manifest: Manifest,
    plan: &Plan,
    workplace: &str,
    input: &mut Input,
    mut timed_out: bool,
) -> (Manifest, Option<Result<ExerciseReport, String>>, bool) {
    let Some(index) = plan.exercise else {
        if timed_out {
            anstream::println!("\n{BOLD}Time is up.{BOLD:#}");
        }
        return (manifest, None, timed_out);
    };
    if let Some(stage) = plan.stage {
        manifest.exercises[index].keep_stages_up_to(stage);
    }
    let picked = &manifest.exercises[index];
    if !timed_out && !input.closed {
        let stage = plan
            .stage
            .map(|n| format!(", stage {n} (with the stages before it)"))
            .unwrap_or_default();
        anstream::println!(
            "\n{} {BOLD}The exercise: {} — {}{stage}{BOLD:#}\n\
             Work in {workplace}/{}/ (the chapter: book/src/{}). Press Enter to have it graded;\n\
             when the time runs out it is graded as it is.",
            input.label(),
            picked.name,
            picked.title,
            picked.name,
            picked.chapter,
        );
        input.prompt(" > ");
        timed_out = input.next_line() == Line::TimeUp;
    }
    if timed_out {
        anstream::println!("\n{BOLD}Time is up.{BOLD:#}");
    }
    anstream::println!("grading {}…", picked.name);
    let exercise = session
        .grade(&manifest, &[index])
        .map(|mut report| report.exercises.remove(0))
        .map_err(|error| format!("{error:#}"));
    (manifest, Some(exercise), timed_out)
}

/// Writes the record as Markdown to `target/grader/interview-<seed>.md` and returns the path.
fn keep_report(session: &Session, record: &Record<'_>, manifest: &Manifest) -> Result<PathBuf> {
    let project = &session.project;
    let text = markdown(record, manifest, &|chapter| {
        quiz::chapter_title(project, chapter)
    });
    let path = project
        .grader_target_dir()
        .join(format!("interview-{}.md", record.plan.seed));
    files::write_file(&path, &text)?;
    Ok(path)
}

fn show_question(number: usize, count: usize, chapter: &str, item: &Item, input: &Input) {
    let points = if item.points == 1 { "point" } else { "points" };
    anstream::println!(
        "\n{} {BOLD}Question {number}/{count}{BOLD:#} {DIM}· {chapter} · {} {points}{DIM:#}\n{}",
        input.label(),
        item.points,
        item.question.trim()
    );
    match &item.kind {
        Kind::Choice { choices, .. } => {
            for (index, choice) in choices.iter().enumerate() {
                anstream::println!("  {}) {}", letter(index), choice.trim());
            }
        }
        Kind::Short { .. } => {}
        Kind::Output { program, .. } => {
            let text = std::fs::read_to_string(program).unwrap_or_default();
            anstream::println!();
            for line in text.lines() {
                anstream::println!("    {line}");
            }
            anstream::println!("{DIM}(the output, then a line with only `.`){DIM:#}");
        }
    }
}

/// How reading an answer ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    Answered,
    Closed,
    TimeUp,
}

/// One line for a choice or a short answer; lines up to `.` for an output. An answer in the wrong
/// format (a choice's text instead of its letter) is not judged: the candidate is told the format,
/// as the quiz's report does, and asked again.
fn read_answer(item: &Item, input: &mut Input) -> (Option<String>, End) {
    if !matches!(item.kind, Kind::Output { .. }) {
        loop {
            input.prompt(" > ");
            return match input.next_line() {
                Line::Text(text) => {
                    if let Some(format) = answers::judge(item, Some(&text)).format {
                        anstream::println!("{}", crate::report::format_error(&format));
                        continue;
                    }
                    (Some(text), End::Answered)
                }
                Line::Closed => (None, End::Closed),
                Line::TimeUp => (None, End::TimeUp),
            };
        }
    }
    let mut lines = Vec::new();
    let end = loop {
        input.prompt(" | ");
        match input.next_line() {
            Line::Text(text) if text.trim_end() == "." => break End::Answered,
            Line::Text(text) => lines.push(text),
            Line::Closed => break End::Closed,
            Line::TimeUp => break End::TimeUp,
        }
    };
    // What was typed before the time ran out still counts.
    (Some(lines.join("\n")).filter(|t| !t.is_empty()), end)
}

#[derive(Debug, PartialEq, Eq)]
enum Line {
    Text(String),
    Closed,
    TimeUp,
}

/// Stdin's lines, read on their own thread, and the deadline.
struct Input {
    lines: Receiver<String>,
    deadline: Instant,
    /// Width of the time in the label, so it redraws in place.
    width: usize,
    /// On a terminal, the label before the prompt is redrawn every second while waiting.
    live: bool,
    /// Whether the terminal echoes what is typed (stdin is a terminal).
    echo: bool,
    closed: bool,
}

impl Input {
    fn start(deadline: Instant, total: Duration) -> Self {
        let (sender, lines) = mpsc::channel();
        // The thread may stay blocked in read after the deadline; the process ends without it.
        std::thread::spawn(move || {
            for line in std::io::stdin().lock().lines() {
                let Ok(line) = line else { break };
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        Self {
            lines,
            deadline,
            width: clock(total.as_secs()).len(),
            live: std::io::stdin().is_terminal() && std::io::stdout().is_terminal(),
            echo: std::io::stdin().is_terminal(),
            closed: false,
        }
    }

    fn left(&self) -> Duration {
        self.deadline.saturating_duration_since(Instant::now())
    }

    /// `[mm:ss left]`, the time rounded up.
    fn label(&self) -> String {
        let left = self.left();
        let seconds = left.as_secs() + u64::from(left.subsec_nanos() > 0);
        format!("[{:>width$} left]", clock(seconds), width = self.width)
    }

    fn prompt(&self, after: &str) {
        if self.closed {
            return;
        }
        let mut out = std::io::stdout().lock();
        let _ = write!(out, "{}{after}", self.label());
        let _ = out.flush();
    }

    /// The next line, or why there is none. Never waits past the deadline.
    fn next_line(&mut self) -> Line {
        if self.closed {
            return Line::Closed;
        }
        loop {
            let left = self.left();
            if left.is_zero() {
                println!();
                return Line::TimeUp;
            }
            let wait = if self.live {
                left.min(Duration::from_secs(1))
            } else {
                left
            };
            match self.lines.recv_timeout(wait) {
                Ok(line) => {
                    if !self.echo {
                        // Piped answers: echo them, so the transcript reads as a dialogue.
                        println!("{line}");
                    }
                    return Line::Text(line);
                }
                Err(RecvTimeoutError::Timeout) => {
                    if self.live {
                        // Save the cursor, rewrite the label at the start of the line, restore:
                        // what the candidate is typing stays where it is.
                        let mut out = std::io::stdout().lock();
                        let _ = write!(out, "\x1b7\r{}\x1b8", self.label());
                        let _ = out.flush();
                    }
                }
                Err(RecvTimeoutError::Disconnected) => {
                    self.closed = true;
                    println!("(end of input: what is not answered yet counts as not answered)");
                    return Line::Closed;
                }
            }
        }
    }
}

fn print_summary(record: &Record<'_>) {
    let right: Vec<&Asked<'_>> = record
        .questions
        .iter()
        .filter(|q| q.judged.verdict == Verdict::Right)
        .collect();
    let points: u32 = right.iter().map(|q| q.item.points).sum();
    let max: u32 = record.questions.iter().map(|q| q.item.points).sum();
    anstream::println!(
        "\n{BOLD}Questions: {} of {} right, {points}/{max} points{BOLD:#}",
        right.len(),
        record.questions.len()
    );
    for asked in &record.questions {
        let Judged { verdict, .. } = &asked.judged;
        let mark = match verdict {
            Verdict::Right => "right",
            Verdict::Wrong => "wrong",
            Verdict::NotAnswered => "not answered",
        };
        anstream::println!(
            "  {mark:<12} {}",
            quiz::item_key(asked.chapter, &asked.item.id)
        );
    }
    match &record.exercise {
        Some(Ok(report)) => anstream::println!(
            "{BOLD}Exercise {}: {}/{} points{BOLD:#}",
            report.name,
            report.score,
            report.max_score
        ),
        Some(Err(error)) => anstream::println!("Exercise: could not be graded: {error}"),
        None => {}
    }
    let exercise = match &record.exercise {
        Some(Ok(report)) => Some((report.score, report.max_score)),
        Some(Err(_)) => Some((0, 1)),
        None => None,
    };
    let percent = super::report::weighted_percent((points, max), exercise);
    let weighing = if exercise.is_some() {
        " (the questions and the exercise weigh the same)"
    } else {
        ""
    };
    anstream::println!("{BOLD}Score: {percent:.1} %{BOLD:#}{weighing}");
}

/// A seed short enough to write on a board.
fn random_seed() -> u64 {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_nanos() as u64);
    (nanos ^ u64::from(std::process::id()).rotate_left(32)) % 1_000_000
}
