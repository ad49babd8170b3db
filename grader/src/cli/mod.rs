//! The command line: `cargo grade [COMMAND] [OPTIONS]`.
//!
//! One module per subcommand, each with an `Args` struct and an `execute` function that calls
//! into the grader and prints; the options every subcommand shares are in [`Options`]. What to
//! grade and how is the pipeline's ([`crate::grade::session`]); how a report looks is
//! [`crate::report`]'s. Here: arguments, the progress line, and `--min-score`'s exit code.

mod batch;
mod check;
mod claims;
mod grade;
mod gradebook;
mod gradescope_bundle;
mod hint;
mod interview;
mod list;
mod mutants;
mod outputs;
mod quiz;
mod reset;
mod stubs;
mod watch;
mod wrong;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Result, bail};
use clap::{CommandFactory as _, FromArgMatches as _, Parser, Subcommand, ValueEnum};

use crate::grade::manifest::Manifest;
use crate::grade::outcome::Report;
use crate::grade::session::{Progress, Session, SessionOptions, Tree};
use crate::learner::quiz::Quiz;
use crate::project::Project;
use crate::report::{self, Detail, Format};

/// Grades gc-workbook exercises with hidden tests.
#[derive(Debug, Parser)]
#[command(name = "cargo grade", bin_name = "cargo grade", version)]
#[command(
    after_help = "Exit codes: 0 grading ran, 1 --min-score not met (or `stubs --check` \
    found drift), 2 usage or manifest error."
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    options: Options,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Grade every exercise (the default).
    Grade(grade::Args),
    /// Grade one exercise and show every test.
    Check(check::Args),
    /// Write the autograder zip Gradescope runs (setup.sh, run_autograder, the grader's source
    /// and the --hidden-dir tests) (teachers).
    GradescopeBundle(gradescope_bundle::Args),
    /// Show each exercise with its status and points.
    List(list::Args),
    /// Grade everything, then grade again each exercise you save.
    Watch(watch::Args),
    /// Grade your quiz answers (exercises/quiz.toml), all chapters or one.
    Quiz(quiz::Args),
    /// A timed mock interview: quiz questions and one exercise, then a report.
    Interview(interview::Args),
    /// Show the hints of an exercise, one more each time you ask for more.
    Hint(hint::Args),
    /// Regenerate exercises/ from solutions/ (maintainers); --check only compares.
    Stubs(stubs::Args),
    /// Put one exercise back to its untouched stub, after backing up your files.
    Reset(reset::Args),
    /// Grade the known-wrong solutions (maintainers): each must score below 100 %.
    Wrong(wrong::Args),
    /// Mutation-test the hidden tests with cargo-mutants (maintainers; slow); --check only
    /// verifies the kept records.
    Mutants(mutants::Args),
    /// Run the book's Python snippets and the quiz programs, and compare with the outputs kept
    /// beside them (maintainers); --update writes the actual ones.
    Outputs(outputs::Args),
    /// Hold the claims records (book/claims/) to the book and count, per page, the claims
    /// checked, found wrong and fixed (maintainers).
    Claims(claims::Args),
    /// Grade a class, one folder per student, into a gradebook (CSV, JSON); --shard K/N
    /// grades one of N parts.
    Batch(batch::Args),
    /// Work with gradebooks: `merge` joins the gradebooks of shards.
    Gradebook(gradebook::Args),
}

/// Options every subcommand takes.
#[derive(Debug, clap::Args)]
pub(crate) struct Options {
    /// Grade solutions/ instead of exercises/ (maintainers: must score 100 %).
    #[arg(long, global = true, conflicts_with = "submission")]
    solutions: bool,
    /// Grade the crates in DIR, a folder laid out like exercises/.
    #[arg(long, global = true, value_name = "DIR")]
    submission: Option<PathBuf>,
    /// Read the manifest and hidden tests from DIR instead of grader/hidden (a teacher's private set).
    #[arg(long, global = true, value_name = "DIR")]
    hidden_dir: Option<PathBuf>,
    /// Output format.
    #[arg(long, global = true, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// When to color human output (NO_COLOR is honoured by `auto`).
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
    /// Test processes to run at once [default: the number of CPUs].
    #[arg(long, short, global = true, value_name = "N")]
    jobs: Option<usize>,
    /// Exit with code 1 when the score is below PERCENT.
    #[arg(long, global = true, value_name = "PERCENT")]
    min_score: Option<f64>,
    /// Stress mode: hidden tests replay ten times longer random programs, and collector
    /// exercises collect on every allocation (as DEBUG_STRESS_GC does); timeouts are ten
    /// times as long.
    #[arg(long, global = true)]
    stress: bool,
    /// Default per-test timeout in seconds (the manifest's per-test overrides still apply).
    #[arg(long, global = true, value_name = "SECS")]
    timeout: Option<u64>,
    /// Wall-clock limit in seconds of each build of the graded crates and their hidden tests;
    /// an exercise still building then scores 0 ("build timed out").
    #[arg(long, global = true, value_name = "SECONDS",
          default_value_t = crate::grade::build::DEFAULT_BUILD_TIMEOUT.as_secs())]
    build_timeout: u64,
    /// Build and run the hidden tests of exercises still exactly as their stub too (maintainers:
    /// they are otherwise reported "not started" without a build).
    #[arg(long, global = true, hide = true)]
    build_untouched: bool,
    /// The gc-workbook checkout [default: found from the current directory].
    #[arg(long, global = true, value_name = "DIR", hide = true)]
    root: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// Parses the command line and runs the subcommand. The exit code is the grader's contract.
pub(crate) fn run() -> Result<ExitCode> {
    let command = Cli::command();
    let template = help_template(&command);
    let matches = command.help_template(template).get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|error| error.exit());
    anstream::ColorChoice::write_global(match cli.options.color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    });
    if let Some(min) = cli.options.min_score
        && !(0.0..=100.0).contains(&min)
    {
        bail!("--min-score must be a percentage from 0 to 100, got {min}");
    }
    if cli.options.jobs == Some(0) {
        bail!("--jobs must be at least 1");
    }
    if cli.options.timeout == Some(0) {
        bail!("--timeout must be at least 1 second");
    }
    if cli.options.build_timeout == 0 {
        bail!("--build-timeout must be at least 1 second");
    }
    let project = Project::locate(cli.options.root.clone())?;
    let context = Context::new(project, cli.options);
    match cli.command {
        None => grade::execute(grade::Args {}, &context),
        Some(Command::Grade(args)) => grade::execute(args, &context),
        Some(Command::Check(args)) => check::execute(args, &context),
        Some(Command::GradescopeBundle(args)) => gradescope_bundle::execute(args, &context),
        Some(Command::List(args)) => list::execute(args, &context),
        Some(Command::Watch(args)) => watch::execute(args, &context),
        Some(Command::Quiz(args)) => quiz::execute(args, &context),
        Some(Command::Interview(args)) => interview::execute(args, &context),
        Some(Command::Hint(args)) => hint::execute(args, &context),
        Some(Command::Stubs(args)) => stubs::execute(args, &context),
        Some(Command::Reset(args)) => reset::execute(args, &context),
        Some(Command::Wrong(args)) => wrong::execute(args, &context),
        Some(Command::Mutants(args)) => mutants::execute(args, &context),
        Some(Command::Outputs(args)) => outputs::execute(args, &context),
        Some(Command::Claims(args)) => claims::execute(args, &context),
        Some(Command::Batch(args)) => batch::execute(args, &context),
        Some(Command::Gradebook(args)) => gradebook::execute(args, &context),
    }
}

/// The subcommands under their readers' headings, learners first (clap lists them in one block).
const COMMAND_GROUPS: [(&str, &[&str]); 3] = [
    (
        "Commands",
        &[
            "grade",
            "check",
            "list",
            "watch",
            "hint",
            "reset",
            "quiz",
            "interview",
        ],
    ),
    (
        "Commands for teachers",
        &["batch", "gradebook", "gradescope-bundle"],
    ),
    (
        "Commands for maintainers",
        &["stubs", "wrong", "mutants", "outputs", "claims"],
    ),
];

/// `--help`'s layout: clap's, with the subcommands grouped by [`COMMAND_GROUPS`] (a command in
/// no group goes to the first).
fn help_template(command: &clap::Command) -> String {
    let subcommands: Vec<&clap::Command> = command
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set())
        .collect();
    let width = subcommands
        .iter()
        .map(|sub| sub.get_name().len())
        .max()
        .unwrap_or(0);
    let line = |sub: &clap::Command| {
        let about = sub
            .get_about()
            .map(|about| about.to_string())
            .unwrap_or_default();
        format!("  {:<width$}  {about}\n", sub.get_name())
    };
    let mut sections = String::new();
    for (index, (heading, names)) in COMMAND_GROUPS.iter().enumerate() {
        let members: Vec<&&clap::Command> = subcommands
            .iter()
            .filter(|sub| {
                let name = sub.get_name();
                names.contains(&name)
                    || (index == 0
                        && name != "help"
                        && COMMAND_GROUPS.iter().all(|(_, all)| !all.contains(&name)))
            })
            .collect();
        if members.is_empty() {
            continue;
        }
        sections.push_str(&format!("{heading}:\n"));
        for sub in members {
            sections.push_str(&line(sub));
        }
        sections.push('\n');
    }
    format!(
        "{{before-help}}{{about-with-newline}}\n{{usage-heading}} {{usage}}\n\n{sections}Options:\n{{options}}{{after-help}}"
    )
}

/// What every subcommand gets: the grading session the options describe, and the options.
struct Context {
    session: Session,
    options: Options,
}

impl Context {
    fn new(project: Project, options: Options) -> Self {
        let tree = if options.solutions {
            Tree::Solutions
        } else if let Some(dir) = &options.submission {
            Tree::Submission(dir.clone())
        } else {
            Tree::Exercises
        };
        let jobs = options
            .jobs
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
        let session_options = SessionOptions {
            teachers_hidden_dir: options.hidden_dir.clone(),
            timeout: options.timeout.map(Duration::from_secs),
            jobs,
            stress: options.stress,
            build_untouched: options.build_untouched,
            build_timeout: Duration::from_secs(options.build_timeout),
        };
        let session = Session::new(project, tree, session_options);
        let session = if options.format == Format::Human {
            session.with_progress(ProgressLine::new(std::io::stderr().is_terminal()).into_fn())
        } else {
            session
        };
        Self { session, options }
    }

    /// The manifest and the quiz, and what the report formats show beside a report of them.
    fn load(&self) -> Result<(Manifest, Quiz, report::Context)> {
        let manifest = self.session.manifest()?;
        let quiz = self.session.quiz()?;
        let shown = report::Context::new(&self.session.project, &manifest, &quiz);
        Ok((manifest, quiz, shown))
    }

    /// Prints `report` in the chosen format and turns `--min-score` into the exit code.
    fn finish(&self, report: &Report, detail: Detail, shown: &report::Context) -> Result<ExitCode> {
        report::print(report, self.options.format, detail, shown)?;
        let below = self
            .options
            .min_score
            .is_some_and(|min| report.percent < min);
        if below && self.options.format == Format::Human {
            anstream::eprintln!(
                "score {:.1} % is below --min-score {}",
                report.percent,
                self.options.min_score.unwrap_or_default()
            );
        }
        Ok(if below {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        })
    }
}

/// What grading is doing, on stderr: on a terminal one line redrawn in place with the time so
/// far; otherwise one line per phase.
struct ProgressLine {
    live: bool,
    /// When this grading started, and the phase last shown (`None` between gradings).
    state: std::sync::Mutex<(std::time::Instant, Option<Progress>)>,
}

impl ProgressLine {
    fn new(live: bool) -> Self {
        Self {
            live,
            state: std::sync::Mutex::new((std::time::Instant::now(), None)),
        }
    }

    fn into_fn(self) -> impl Fn(Progress) + Sync + 'static {
        move |progress| self.show(progress)
    }

    fn show(&self, progress: Progress) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let (started, shown) = &mut *state;
        if shown.is_none() {
            *started = std::time::Instant::now();
        }
        let elapsed = crate::report::human::duration_text(started.elapsed());
        let line = match (progress, *shown) {
            (Progress::Finished, None) => return,
            (Progress::Finished, Some(_)) if self.live => "\x1b[2K".to_string(),
            (Progress::Finished, Some(_)) => format!("graded in {elapsed}\n"),
            (Progress::Building { built, total }, _) if self.live => {
                format!("\x1b[2Kbuilding hidden tests: {built}/{total} exercises · {elapsed}\r")
            }
            (Progress::Running { done, total }, _) if self.live => {
                format!("\x1b[2Krunning tests: {done}/{total} · {elapsed}\r")
            }
            (Progress::Building { total, .. }, None) => {
                format!("building the hidden tests of {total} exercise(s)…\n")
            }
            (Progress::Running { total, .. }, None | Some(Progress::Building { .. })) => {
                format!("running {total} test(s)…\n")
            }
            _ => return,
        };
        *shown = (progress != Progress::Finished).then_some(progress);
        eprint!("{line}");
    }
}

/// Grades every exercise in manifest order, then the quiz, and prints the report with `detail`.
fn grade_all(context: &Context, detail: Detail) -> Result<ExitCode> {
    let (manifest, quiz, shown) = context.load()?;
    let report = context.session.grade_all(&manifest, &quiz)?;
    if context.options.solutions {
        crate::author::margin::warn_slow_tests(&manifest, &report, context.options.stress);
    }
    context.finish(&report, detail, &shown)
}

/// The exercise called `name`, or every exercise when no name is given (manifest indices).
fn select(manifest: &Manifest, name: Option<&str>) -> Result<Vec<usize>> {
    match name {
        Some(name) => Ok(vec![find_exercise(manifest, name)?]),
        None => Ok((0..manifest.exercises.len()).collect()),
    }
}

/// The manifest index of the exercise `name` means, or an error with a "did you mean".
fn find_exercise(manifest: &Manifest, name: &str) -> Result<usize> {
    manifest.find(name)
}
