//! `cargo grade interview`: a timed mock interview at the terminal.
//!
//! A seed draws quiz questions across chapters and one exercise (or one stage); the candidate
//! answers on stdin against a countdown, then works on the exercise and presses Enter. A reader
//! thread feeds stdin's lines through a channel and the main thread waits on it only until the
//! deadline, so the interview is graded the moment time runs out, however the input stalls.
//! Piped input works the same way (the tests drive it so); a closed stdin ends the answers.

use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anstyle::Style;
use anyhow::{Context as _, Result, bail};

use super::Context;
use crate::learner::interview::report::{clock, markdown};
use crate::learner::interview::{self, Asked, Record};
use crate::learner::quiz::answers::{self, Judged, Verdict};
use crate::learner::quiz::{self, Item, Kind, letter};

/// Arguments of `cargo grade interview`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// The same seed draws the same interview (give a class one) [default: a random seed,
    /// printed].
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
    /// Time for the whole interview, in minutes (fractions are fine: 0.5).
    #[arg(long, value_name = "M", default_value_t = 30.0)]
    minutes: f64,
    /// How many quiz questions to ask (spread across chapters).
    #[arg(long, value_name = "K", default_value_t = 8)]
    questions: usize,
}

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();

/// Runs the interview and writes its report to `target/grader/interview-<seed>.md`.
pub(super) fn execute(args: Args, context: &Context) -> Result<ExitCode> {
    if !(args.minutes.is_finite() && args.minutes > 0.0 && args.minutes <= 600.0) {
        bail!(
            "--minutes must be above 0 and at most 600, got {}",
            args.minutes
        );
    }
    let session = &context.session;
    let mut manifest = session.manifest()?;
    let quiz = session.quiz()?;
    let tree = session.tree()?;
    let seed = args.seed.unwrap_or_else(random_seed);
    let plan = interview::draw(&quiz, &manifest, seed, args.questions);
    let total = Duration::from_secs_f64(args.minutes * 60.0);
    let started = Instant::now();
    let mut input = Input::start(started + total, total);

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

    let mut asked = Vec::with_capacity(plan.questions.len());
    let mut timed_out = false;
    for (number, &(chapter_index, item_index)) in plan.questions.iter().enumerate() {
        let chapter = &quiz.chapters[chapter_index];
        let item = &chapter.items[item_index];
        let judged = if timed_out || input.closed {
            // Not shown: time is up, or stdin is closed and nothing more can be answered.
            answers::judge(item, None)
        } else {
            show_question(
                number + 1,
                plan.questions.len(),
                &chapter.name,
                item,
                &input,
            );
            let (answer, end) = read_answer(item, &mut input);
            timed_out = end == End::TimeUp;
            answers::judge(item, answer.as_deref())
        };
        asked.push(Asked {
            chapter: &chapter.name,
            item,
            judged,
        });
    }

    let mut exercise = None;
    if let Some(index) = plan.exercise {
        if let Some(stage) = plan.stage {
            manifest.exercises[index]
                .tests
                .retain(|test| test.stage.is_none_or(|of| of <= stage));
        }
        let picked = &manifest.exercises[index];
        if !timed_out && !input.closed {
            let stage = plan
                .stage
                .map(|n| format!(", stage {n} (with the stages before it)"))
                .unwrap_or_default();
            anstream::println!(
                "\n{} {BOLD}The exercise: {} — {}{stage}{BOLD:#}\n\
                 Work in {}/{}/ (the chapter: book/src/{}). Press Enter to have it graded;\n\
                 when the time runs out it is graded as it is.",
                input.label(),
                picked.name,
                picked.title,
                session.project.relative(&tree),
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
        exercise = Some(
            session
                .grade(&manifest, &[index])
                .map(|mut report| report.exercises.remove(0))
                .map_err(|error| format!("{error:#}")),
        );
    } else if timed_out {
        anstream::println!("\n{BOLD}Time is up.{BOLD:#}");
    }

    let record = Record {
        plan,
        minutes: args.minutes,
        used: started.elapsed().min(total),
        timed_out,
        questions: asked,
        exercise,
    };
    let text = markdown(&record, &manifest, &|chapter| {
        quiz::chapter_title(&session.project, chapter)
    });
    let path = session
        .project
        .grader_target_dir()
        .join(format!("interview-{seed}.md"));
    std::fs::create_dir_all(session.project.grader_target_dir())
        .with_context(|| format!("cannot create {}", session.project.relative(&path)))?;
    std::fs::write(&path, &text)
        .with_context(|| format!("cannot write {}", session.project.relative(&path)))?;
    print_summary(&record);
    anstream::println!(
        "\nThe report (what was right, what was missed and why, what to re-read):\n  {}",
        session.project.relative(&path)
    );
    Ok(ExitCode::SUCCESS)
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

/// One line for a choice or a short answer; lines up to `.` for an output.
fn read_answer(item: &Item, input: &mut Input) -> (Option<String>, End) {
    if !matches!(item.kind, Kind::Output { .. }) {
        input.prompt(" > ");
        return match input.next_line() {
            Line::Text(text) => (Some(text), End::Answered),
            Line::Closed => (None, End::Closed),
            Line::TimeUp => (None, End::TimeUp),
        };
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
}

/// A seed short enough to write on a board.
fn random_seed() -> u64 {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_nanos() as u64);
    (nanos ^ u64::from(std::process::id()).rotate_left(32)) % 1_000_000
}
