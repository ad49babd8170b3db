//! The command line: `cargo grade [COMMAND] [OPTIONS]`.
//!
//! One module per subcommand, each with an `Args` struct and an `execute` function; the options
//! every subcommand shares are in [`Options`].

mod batch;
mod check;
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

use anyhow::{Context as _, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};

use crate::manifest::{self, Manifest};
use crate::outcome::{ExerciseReport, Report};
use crate::project::{self, Project};
use crate::quiz::answers::Answers;
use crate::quiz::{Chapter, Quiz};
use crate::report::Format;
use crate::score;

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
    let cli = Cli::parse();
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
    let project = Project::locate(cli.options.root.clone())?;
    let context = Context {
        project,
        options: cli.options,
    };
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
        Some(Command::Batch(args)) => batch::execute(args, &context),
        Some(Command::Gradebook(args)) => gradebook::execute(args, &context),
    }
}

/// What every subcommand gets: where the project is and the shared options.
struct Context {
    project: Project,
    options: Options,
}

impl Context {
    /// `grader/hidden`, or the teacher's `--hidden-dir`.
    fn hidden_dir(&self) -> Result<PathBuf> {
        match &self.options.hidden_dir {
            Some(dir) => project::absolute(dir).context("--hidden-dir"),
            None => Ok(self.project.hidden_dir()),
        }
    }

    fn manifest(&self) -> Result<Manifest> {
        manifest::load(
            &self.project,
            &self.hidden_dir()?,
            self.options.timeout.map(Duration::from_secs),
        )
    }

    /// The quiz items of the hidden directory (none when it has no `quiz/` folder).
    fn quiz(&self) -> Result<Quiz> {
        crate::quiz::load(&self.project, &self.hidden_dir()?)
    }

    /// The graded tree's answers file, read: `exercises/quiz.toml` (or the submission's, or
    /// `solutions/quiz.toml`). Warnings about answers to no item go to stderr.
    fn quiz_answers(&self, quiz: &Quiz) -> Result<Answers> {
        let path = self.tree()?.join(crate::quiz::ANSWERS_FILE);
        let (answers, warnings) =
            crate::quiz::answers::read(&path, &self.project.relative(&path), quiz)?;
        for warning in warnings {
            anstream::eprintln!("warning: {warning}");
        }
        Ok(answers)
    }

    /// The quiz's report entry for `chapters`; an answers file that cannot be read makes it an
    /// `error` entry, so the exercises still grade.
    fn quiz_entry(&self, quiz: &Quiz, chapters: &[&Chapter]) -> ExerciseReport {
        match self.quiz_answers(quiz) {
            Ok(answers) => score::score_quiz(chapters, &answers),
            Err(error) => score::quiz_error(chapters, format!("{error:#}")),
        }
    }

    /// The folder whose crates are graded.
    fn tree(&self) -> Result<PathBuf> {
        let tree = if self.options.solutions {
            self.project.solutions_dir()
        } else if let Some(dir) = &self.options.submission {
            project::absolute(dir).context("--submission")?
        } else {
            self.project.exercises_dir()
        };
        crate::grade::check_tree(&tree)?;
        Ok(tree)
    }

    fn settings(&self) -> crate::grade::Settings {
        let jobs = self
            .options
            .jobs
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
        crate::grade::Settings {
            jobs,
            stress: self.options.stress,
            keep_results: self.options.submission.is_none() && self.options.hidden_dir.is_none(),
        }
    }

    /// Grades `selected` exercises of the chosen tree, with a progress line on a terminal.
    fn grade(&self, manifest: &Manifest, selected: &[usize]) -> Result<Report> {
        let tree = self.tree()?;
        self.grade_tree(manifest, selected, &tree)
    }

    /// Grades `selected` exercises of the crates in `tree`.
    fn grade_tree(
        &self,
        manifest: &Manifest,
        selected: &[usize],
        tree: &std::path::Path,
    ) -> Result<Report> {
        let show_progress = self.options.format == Format::Human && std::io::stderr().is_terminal();
        if show_progress {
            eprint!("building hidden tests…\r");
        }
        let progress = |done: usize, total: usize| {
            if show_progress {
                eprint!("\x1b[2Krunning tests {done}/{total}\r");
            }
        };
        let report = crate::grade::grade(
            &self.project,
            manifest,
            selected,
            tree,
            self.settings(),
            &progress,
        );
        if show_progress {
            eprint!("\x1b[2K");
        }
        report
    }

    /// What Exercism's format shows beside each result: the hidden test's source (a
    /// compile-fail case's program, a quiz item's question) and its stage.
    fn exercism_sources(&self) -> Result<crate::report::exercism::Sources> {
        use crate::report::exercism::TestSource;
        let mut sources = crate::report::exercism::Sources::default();
        for exercise in &self.manifest()?.exercises {
            let tests_file = exercise.hidden_dir.join(manifest::TESTS_FILE);
            let tests_source = std::fs::read_to_string(&tests_file)
                .with_context(|| format!("cannot read {}", tests_file.display()))?;
            for test in &exercise.tests {
                let code = match &test.kind {
                    manifest::TestKind::Run => {
                        manifest::test_function_source(&tests_source, &test.name)
                            .unwrap_or_default()
                    }
                    manifest::TestKind::CompileFail { case, .. } => {
                        std::fs::read_to_string(case)
                            .with_context(|| format!("cannot read {}", case.display()))?
                    }
                };
                let task_id = test.stage;
                sources.insert(&exercise.name, &test.name, TestSource { code, task_id });
            }
        }
        for chapter in &self.quiz()?.chapters {
            for item in &chapter.items {
                let source = TestSource {
                    code: item.question.clone(),
                    task_id: None,
                };
                let name = crate::quiz::item_key(&chapter.name, &item.id);
                sources.insert(crate::quiz::REPORT_NAME, &name, source);
            }
        }
        Ok(sources)
    }

    /// Prints `report` in the chosen format and turns `--min-score` into the exit code.
    fn finish(&self, report: &Report, detail: crate::report::human::Detail) -> Result<ExitCode> {
        match self.options.format {
            Format::Human => {
                let mut out = anstream::stdout().lock();
                crate::report::human::write(report, detail, &mut out)?;
            }
            Format::Json => crate::report::json::write(report, &mut std::io::stdout().lock())?,
            Format::Junit => crate::report::junit::write(
                report,
                &crate::report::junit::test_files(&self.project, &self.manifest()?, &self.quiz()?)?,
                &mut std::io::stdout().lock(),
            )?,
            Format::Gradescope => crate::report::gradescope::write(
                report,
                &crate::report::gradescope::Settings::from_manifest(&self.manifest()?),
                &mut std::io::stdout().lock(),
            )?,
            Format::Github => {
                let summary = crate::report::github::summary_path(std::env::var_os(
                    crate::report::github::SUMMARY_VARIABLE,
                ));
                crate::report::github::write(
                    report,
                    &mut std::io::stdout().lock(),
                    summary.as_deref(),
                )?
            }
            Format::Exercism => {
                crate::report::exercism::write(
                    report,
                    &self.exercism_sources()?,
                    &mut std::io::stdout().lock(),
                )?;
                eprint!("{}", crate::report::exercism::integrity_notes(report));
            }
        }
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

/// Grades every exercise in manifest order, then the quiz, and prints the report with `detail`.
fn grade_all(context: &Context, detail: crate::report::human::Detail) -> Result<ExitCode> {
    let manifest = context.manifest()?;
    let quiz = context.quiz()?;
    let all: Vec<usize> = (0..manifest.exercises.len()).collect();
    let report = context.grade(&manifest, &all)?;
    if context.options.solutions {
        grade::warn_slow_tests(&manifest, &report, context.options.stress);
    }
    let report = with_quiz(report, context, &quiz);
    context.finish(&report, detail)
}

/// `report` with the whole quiz as its last entry (unchanged when there is no quiz).
fn with_quiz(report: Report, context: &Context, quiz: &Quiz) -> Report {
    if quiz.is_empty() {
        return report;
    }
    let chapters: Vec<&Chapter> = quiz.chapters.iter().collect();
    let mut exercises = report.exercises;
    exercises.push(context.quiz_entry(quiz, &chapters));
    score::total(report.tree, exercises)
}

/// The manifest index of the exercise called `name`, or an error listing the known ones.
fn find_exercise(manifest: &Manifest, name: &str) -> Result<usize> {
    manifest
        .exercises
        .iter()
        .position(|e| e.name == name || manifest::exercise_stem(&e.name) == Some(name))
        .with_context(|| {
            let known: Vec<&str> = manifest.exercises.iter().map(|e| e.name.as_str()).collect();
            format!(
                "unknown exercise {name:?} (not in {}); known: {}",
                manifest.path.display(),
                known.join(", ")
            )
        })
}
