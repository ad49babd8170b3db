//! What a command grades with: the checkout, the hidden tests (the project's or a teacher's),
//! the tree whose crates are graded, and how tests run. A [`Session`] runs the pipeline
//! ([`super::grade`]) on the exercises a command selects and merges the quiz into the report,
//! so every command that grades gets the same report for the same tree.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context as _, Result};

pub(crate) use super::Progress;
use super::manifest::{self, Manifest};
use super::outcome::{ExerciseReport, Report};
use super::{Settings, score};
use crate::learner::quiz::answers::{self, Answers};
use crate::learner::quiz::{self, Chapter, Quiz};
use crate::project::{self, Project};

/// Which crates are graded.
#[derive(Debug, Clone)]
pub(crate) enum Tree {
    /// The learner's `exercises/`.
    Exercises,
    /// The reference `solutions/` (they must score 100 %).
    Solutions,
    /// A folder laid out like `exercises/`, as given on the command line.
    Submission(PathBuf),
}

/// How a session grades, as the command line says.
#[derive(Debug, Clone)]
pub(crate) struct SessionOptions {
    /// The teacher's `--hidden-dir`, as given.
    pub(crate) teachers_hidden_dir: Option<PathBuf>,
    /// `--timeout`: the default per-test limit.
    pub(crate) timeout: Option<Duration>,
    /// Test processes at once.
    pub(crate) jobs: usize,
    /// `--stress`.
    pub(crate) stress: bool,
    /// `--build-untouched`: build and run the hidden tests of an exercise still exactly as its
    /// stub too (maintainers: the proof that the shortcut reports what grading finds).
    pub(crate) build_untouched: bool,
    /// `--build-timeout`: the limit of each build of the graded crates and hidden tests.
    pub(crate) build_timeout: Duration,
}

/// Everything a command needs to grade.
pub(crate) struct Session {
    pub(crate) project: Project,
    /// The teacher's `--hidden-dir`, as given.
    teachers_hidden_dir: Option<PathBuf>,
    tree: Tree,
    /// `--timeout`: the default per-test limit.
    timeout: Option<Duration>,
    pub(crate) settings: Settings,
    /// Told as grading goes on (nothing is told when `None`).
    on_progress: Option<Box<dyn Fn(Progress) + Sync>>,
}

impl Session {
    /// A session on `project`; what the settings keep and skip is decided here: a submission or
    /// a teacher's hidden tests keep nothing, and with a teacher's hidden tests (or
    /// `build_untouched`) an untouched stub is graded for real.
    pub(crate) fn new(project: Project, tree: Tree, options: SessionOptions) -> Self {
        let own_tests = options.teachers_hidden_dir.is_none();
        let keep_results = matches!(tree, Tree::Exercises | Tree::Solutions) && own_tests;
        let skip_untouched =
            !matches!(tree, Tree::Solutions) && own_tests && !options.build_untouched;
        Self {
            project,
            teachers_hidden_dir: options.teachers_hidden_dir,
            tree,
            timeout: options.timeout,
            settings: Settings {
                jobs: options.jobs,
                stress: options.stress,
                keep_results,
                skip_untouched,
                build_timeout: options.build_timeout,
            },
            on_progress: None,
        }
    }

    /// Tells `on_progress` how grading goes.
    pub(crate) fn with_progress(mut self, on_progress: impl Fn(Progress) + Sync + 'static) -> Self {
        self.on_progress = Some(Box::new(on_progress));
        self
    }

    /// The teacher's `--hidden-dir`, made absolute (`None` without one).
    pub(crate) fn teachers_hidden_dir(&self) -> Result<Option<PathBuf>> {
        self.teachers_hidden_dir
            .as_deref()
            .map(|dir| project::absolute(dir).context("--hidden-dir"))
            .transpose()
    }

    /// `grader/hidden`, or the teacher's `--hidden-dir`.
    pub(crate) fn hidden_dir(&self) -> Result<PathBuf> {
        Ok(self
            .teachers_hidden_dir()?
            .unwrap_or_else(|| self.project.hidden_dir()))
    }

    /// The manifest of the hidden tests, read and validated.
    pub(crate) fn manifest(&self) -> Result<Manifest> {
        manifest::load(&self.project, &self.hidden_dir()?, self.timeout)
    }

    /// The quiz items of the hidden tests (none when they have no `quiz/` folder).
    pub(crate) fn quiz(&self) -> Result<Quiz> {
        quiz::load(&self.project, &self.hidden_dir()?)
    }

    /// The folder whose crates are graded; an error when it cannot be read.
    pub(crate) fn tree(&self) -> Result<PathBuf> {
        let tree = match &self.tree {
            Tree::Exercises => self.project.exercises_dir(),
            Tree::Solutions => self.project.solutions_dir(),
            Tree::Submission(dir) => project::absolute(dir).context("--submission")?,
        };
        super::check_tree(&tree)?;
        Ok(tree)
    }

    /// The graded tree's answers file, read: `exercises/quiz.toml` (or the submission's, or
    /// `solutions/quiz.toml`). Warnings about answers to no item go to stderr.
    pub(crate) fn quiz_answers(&self, quiz: &Quiz) -> Result<Answers> {
        let path = self.tree()?.join(quiz::ANSWERS_FILE);
        let (answers, warnings) = answers::read(&path, &self.project.relative(&path), quiz)?;
        for warning in warnings {
            anstream::eprintln!("warning: {warning}");
        }
        Ok(answers)
    }

    /// The quiz's report entry for `chapters`; an answers file that cannot be read makes it an
    /// `error` entry, so the exercises still grade.
    pub(crate) fn quiz_entry(&self, quiz: &Quiz, chapters: &[&Chapter]) -> ExerciseReport {
        match self.quiz_answers(quiz) {
            Ok(answers) => score::score_quiz(chapters, &answers),
            Err(error) => score::quiz_error(chapters, format!("{error:#}")),
        }
    }

    /// A report of the quiz alone, for `chapters`; an answers file that cannot be read is the
    /// error itself.
    pub(crate) fn grade_quiz(&self, quiz: &Quiz, chapters: &[&Chapter]) -> Result<Report> {
        let answers = self.quiz_answers(quiz)?;
        let tree = self.tree()?;
        Ok(score::total(
            self.project.relative(&tree),
            vec![score::score_quiz(chapters, &answers)],
        ))
    }

    /// Grades every exercise in manifest order, then the whole quiz (its entry comes last;
    /// the report keeps everything the exercises' grading said, the sandbox included).
    pub(crate) fn grade_all(&self, manifest: &Manifest, quiz: &Quiz) -> Result<Report> {
        let all: Vec<usize> = (0..manifest.exercises.len()).collect();
        let report = self.grade(manifest, &all)?;
        if quiz.is_empty() {
            return Ok(report);
        }
        let chapters: Vec<&Chapter> = quiz.chapters.iter().collect();
        Ok(score::add_entry(report, self.quiz_entry(quiz, &chapters)))
    }

    /// Grades the `selected` exercises (manifest indices) of the session's tree.
    pub(crate) fn grade(&self, manifest: &Manifest, selected: &[usize]) -> Result<Report> {
        let report = self.run(manifest, selected, &self.tree()?, self.settings)?;
        if matches!(self.tree, Tree::Exercises) && self.teachers_hidden_dir.is_none() {
            crate::learner::last::keep(&self.project, &report);
        }
        Ok(report)
    }

    /// Grades the `selected` exercises of the crates in `tree` (another tree than the
    /// session's: a known-wrong solution's, graded for real whatever it holds).
    pub(crate) fn grade_tree(
        &self,
        manifest: &Manifest,
        selected: &[usize],
        tree: &Path,
    ) -> Result<Report> {
        let settings = Settings {
            skip_untouched: false,
            ..self.settings
        };
        self.run(manifest, selected, tree, settings)
    }

    fn run(
        &self,
        manifest: &Manifest,
        selected: &[usize],
        tree: &Path,
        settings: Settings,
    ) -> Result<Report> {
        let tell = |progress| {
            if let Some(on_progress) = &self.on_progress {
                on_progress(progress);
            }
        };
        let report = super::grade(&self.project, manifest, selected, tree, settings, &tell);
        tell(Progress::Finished);
        report
    }
}
