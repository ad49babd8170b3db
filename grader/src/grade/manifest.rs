//! Stage 1: read `manifest.toml` and refuse to go on unless it agrees with the files.
//!
//! The manifest is the one source of truth for exercise order, titles, difficulty, hints, tests and
//! points. Everything the later stages rely on is checked here, before anything is built, and every
//! problem is reported as one error that names the file and the field.

use std::collections::BTreeSet;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use crate::files::cargo_toml::CARGO_TOML;
use crate::files::walk;
use crate::grade::integrity::Kind;
use crate::project::Project;

/// The file name of the manifest inside a hidden-tests directory.
pub(crate) const MANIFEST_FILE: &str = "manifest.toml";
/// The hidden tests of one exercise, inside its hidden-tests folder.
pub(crate) const TESTS_FILE: &str = "tests.rs";

/// The validated manifest.
#[derive(Debug)]
pub(crate) struct Manifest {
    /// Where it was read from, for messages.
    pub(crate) path: PathBuf,
    /// Exercises in the order learners take them.
    pub(crate) exercises: Vec<Exercise>,
    /// The `[gradescope]` table: settings of `--format gradescope` alone.
    pub(crate) gradescope: GradescopeSettings,
}

/// The manifest's `[gradescope]` table.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GradescopeSettings {
    /// Adds a `leaderboard` to `results.json` (the score, the tests passed, the test time).
    #[serde(default)]
    pub(crate) leaderboard: bool,
}

/// When Gradescope shows a test's result to the student (its `visibility` values).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Visibility {
    /// Always shown (Gradescope's default).
    #[default]
    Visible,
    /// Never shown to students.
    Hidden,
    /// Shown once the assignment's due date has passed.
    AfterDueDate,
    /// Shown once the grades are published.
    AfterPublished,
}

impl Visibility {
    /// Every value, in the order messages list them.
    pub(crate) const ALL: [Visibility; 4] = [
        Visibility::Visible,
        Visibility::Hidden,
        Visibility::AfterDueDate,
        Visibility::AfterPublished,
    ];

    /// Gradescope's name for it, which the manifest uses too.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Visibility::Visible => "visible",
            Visibility::Hidden => "hidden",
            Visibility::AfterDueDate => "after_due_date",
            Visibility::AfterPublished => "after_published",
        }
    }
}

/// Limits that apply to each test process.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub(crate) timeout: Duration,
    pub(crate) memory_limit_bytes: u64,
    pub(crate) output_limit_bytes: usize,
}

/// One exercise as the grader needs it.
#[derive(Debug)]
pub(crate) struct Exercise {
    pub(crate) name: String,
    pub(crate) title: String,
    /// The book section, relative to `book/src/` (`02-my-rc.md`).
    pub(crate) chapter: String,
    pub(crate) difficulty: Difficulty,
    pub(crate) hints: Vec<String>,
    /// The name hidden tests `use` the crate under test by.
    pub(crate) crate_name: String,
    /// `grader/hidden/NN-name` (or the teacher's `--hidden-dir`).
    pub(crate) hidden_dir: PathBuf,
    pub(crate) tests: Vec<TestSpec>,
    /// The integrity kinds this exercise legitimately needs (`integrity_allows`): findings of
    /// these kinds are not reported for it.
    pub(crate) integrity_allows: Vec<Kind>,
}

/// How hard an exercise is, as shown to the learner.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Difficulty {
    Easy,
    Medium,
    Hard,
}

/// One graded test.
#[derive(Debug)]
pub(crate) struct TestSpec {
    pub(crate) name: String,
    pub(crate) points: u32,
    pub(crate) limits: Limits,
    pub(crate) kind: TestKind,
    /// For exercises built in stages: the stage this test belongs to (`check --stage N` runs
    /// stages 1 to N, so every stage re-runs the earlier stages' tests).
    pub(crate) stage: Option<u32>,
    /// When Gradescope shows the test's result to the student.
    pub(crate) visibility: Visibility,
    /// Where the test is written, for the reports that show it.
    pub(crate) source: TestSource,
    /// The hint (1-based) `cargo grade hint` starts from when this is the first test that fails.
    pub(crate) hint: Option<usize>,
}

/// Where a hidden test is written and what it says: its `#[test] fn` in `tests.rs`, or a
/// compile-fail case's program.
#[derive(Debug, Clone)]
pub(crate) struct TestSource {
    /// `tests.rs`, or the compile-fail case.
    pub(crate) file: PathBuf,
    /// The 1-based line of the `#[test] fn` (none for a compile-fail case).
    pub(crate) line: Option<usize>,
    /// The test function's text, from `fn` to its closing brace, or the whole case program.
    pub(crate) code: String,
}

/// What running a test means.
#[derive(Debug)]
pub(crate) enum TestKind {
    /// A `#[test]` in the exercise's `tests.rs`, run in its own process.
    Run,
    /// A program that must fail to compile with the expected errors.
    CompileFail {
        case: PathBuf,
        expect: Vec<String>,
        requires: Vec<String>,
    },
}

impl Manifest {
    /// The index of the exercise `name` means (see [`find_name`]), or an error with a "did you
    /// mean" and the names it knows.
    pub(crate) fn find(&self, name: &str) -> Result<usize> {
        let names: Vec<&str> = self.exercises.iter().map(|e| e.name.as_str()).collect();
        if let Some(index) = find_name(&names, name) {
            return Ok(index);
        }
        let suggestion = closest_name(&names, name)
            .map(|close| format!("; did you mean {close}?"))
            .unwrap_or_default();
        bail!(
            "unknown exercise {name:?}{suggestion} (exercises are named by number, name or both: \
             15, ttl-cache, 15-ttl-cache); {} lists: {}",
            self.path.display(),
            names.join(", ")
        )
    }
}

impl Exercise {
    /// The total points of the exercise.
    pub(crate) fn max_score(&self) -> u32 {
        self.tests.iter().map(|test| test.points).sum()
    }

    /// The stages the exercise is built in, in order (none when it is not built in stages).
    pub(crate) fn stages(&self) -> BTreeSet<u32> {
        self.tests.iter().filter_map(|test| test.stage).collect()
    }

    /// Keeps only the tests of stages 1 to `stage` (and those of no stage): each stage re-runs
    /// the tests of the stages before it.
    pub(crate) fn keep_stages_up_to(&mut self, stage: u32) {
        self.tests
            .retain(|test| test.stage.is_none_or(|of| of <= stage));
    }
}

impl fmt::Display for Difficulty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Difficulty::Easy => "easy",
            Difficulty::Medium => "medium",
            Difficulty::Hard => "hard",
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    #[serde(default)]
    defaults: RawLimits,
    #[serde(default, rename = "exercise")]
    exercises: Vec<RawExercise>,
    #[serde(default)]
    gradescope: GradescopeSettings,
}

#[derive(Deserialize, Default, Clone, Copy)]
#[serde(deny_unknown_fields)]
struct RawLimits {
    timeout_secs: Option<i64>,
    memory_limit_mib: Option<i64>,
    output_limit_kib: Option<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExercise {
    name: String,
    title: String,
    chapter: String,
    difficulty: Difficulty,
    #[serde(default)]
    hints: Vec<String>,
    #[serde(rename = "crate")]
    crate_name: Option<String>,
    #[serde(default, rename = "test")]
    tests: Vec<RawTest>,
    #[serde(default)]
    integrity_allows: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTest {
    name: String,
    points: i64,
    timeout_secs: Option<i64>,
    memory_limit_mib: Option<i64>,
    output_limit_kib: Option<i64>,
    compile_fail: Option<String>,
    #[serde(default)]
    expect: Vec<String>,
    #[serde(default)]
    requires: Vec<String>,
    stage: Option<i64>,
    visibility: Option<String>,
    hint: Option<i64>,
}

const DEFAULT_LIMITS: Limits = Limits {
    timeout: Duration::from_secs(10),
    memory_limit_bytes: 2048 << 20,
    output_limit_bytes: 256 << 10,
};

/// Reads and validates `hidden_dir/manifest.toml` against the project's folders.
///
/// `default_timeout` (the `--timeout` flag) replaces the manifest's default, not the per-test
/// overrides, which say that one test needs longer.
pub(crate) fn load(
    project: &Project,
    hidden_dir: &Path,
    default_timeout: Option<Duration>,
) -> Result<Manifest> {
    let path = hidden_dir.join(MANIFEST_FILE);
    let text = fs::read_to_string(&path)
        .with_context(|| format!("cannot read the manifest {}", path.display()))?;
    let raw: RawManifest = toml::from_str(&text)
        .with_context(|| format!("{}: not a valid manifest", path.display()))?;
    let shown = project.relative(&path);
    let field_error = |field: String, what: String| anyhow::anyhow!("{shown}: {field}: {what}");

    let mut defaults = merge_limits(DEFAULT_LIMITS, raw.defaults)
        .map_err(|(field, what)| field_error(format!("defaults.{field}"), what))?;
    if let Some(timeout) = default_timeout {
        defaults.timeout = timeout;
    }

    let mut exercises = Vec::with_capacity(raw.exercises.len());
    let mut seen_names = BTreeSet::new();
    for (index, raw_exercise) in raw.exercises.into_iter().enumerate() {
        let at = format!("exercise[{index}] ({:?})", raw_exercise.name);
        let exercise = validate_exercise(project, hidden_dir, defaults, raw_exercise)
            .map_err(|(field, what)| field_error(format!("{at}.{field}"), what))?;
        if !seen_names.insert(exercise.name.clone()) {
            return Err(field_error(format!("{at}.name"), "listed twice".into()));
        }
        exercises.push(exercise);
    }
    if exercises.is_empty() {
        bail!("{shown}: exercise: the manifest lists no exercises");
    }

    // The other direction: every solution crate must be graded by the project's own manifest (a
    // teacher's private manifest may grade a subset).
    let own_manifest = hidden_dir == project.hidden_dir();
    for entry in walk::subfolders(&project.solutions_dir())?
        .into_iter()
        .filter(|_| own_manifest)
    {
        if !seen_names.contains(&entry) {
            bail!(
                "{shown}: exercise: solutions/{entry} has no [[exercise]] entry (unknown exercise)"
            );
        }
    }
    Ok(Manifest {
        path,
        exercises,
        gradescope: raw.gradescope,
    })
}

type FieldResult<T> = std::result::Result<T, (String, String)>;

/// Checks one `[[exercise]]` entry against the project's files and the hidden tests it names,
/// and turns it into an [`Exercise`]. The error names the field (relative to the entry).
fn validate_exercise(
    project: &Project,
    hidden_root: &Path,
    defaults: Limits,
    raw: RawExercise,
) -> FieldResult<Exercise> {
    let stem = check_name_shape(&raw.name)?;
    check_title_is_given(&raw.title)?;
    check_chapter_exists(project, &raw.chapter)?;
    check_solution_exists(project, &raw.name)?;
    let hidden_dir = hidden_root.join(&raw.name);
    let hidden = HiddenTests::read(project, &hidden_dir)?;
    let tests = validate_tests(&hidden, defaults, raw.tests)?;
    check_requirements_are_runtime_tests(&tests)?;
    check_test_names_match_tests_rs(&hidden, &tests)?;
    check_hints_exist(&tests, raw.hints.len())?;
    if tests.is_empty() {
        return Err(field_error("test", "the exercise has no tests".into()));
    }
    let integrity_allows = check_integrity_allows(&raw.integrity_allows)?;
    let crate_name = raw.crate_name.unwrap_or_else(|| stem.replace('-', "_"));
    Ok(Exercise {
        name: raw.name,
        title: raw.title,
        chapter: raw.chapter,
        difficulty: raw.difficulty,
        hints: raw.hints,
        crate_name,
        hidden_dir,
        tests,
        integrity_allows,
    })
}

/// A test's `hint` names one of the exercise's hints, counted from 1.
fn check_hints_exist(tests: &[TestSpec], hints: usize) -> FieldResult<()> {
    for (index, test) in tests.iter().enumerate() {
        if let Some(hint) = test.hint
            && !(1..=hints).contains(&hint)
        {
            return Err((
                format!("test[{index}] ({:?}).hint", test.name),
                format!(
                    "must be the number of one of the exercise's {hints} hints (from 1), got {hint}"
                ),
            ));
        }
    }
    Ok(())
}

impl Exercise {
    /// The hint (1-based) to start from when `test` is the first that fails: the test's own
    /// `hint`, else the first hint of its stage ("Stage N: …"), else the first.
    pub(crate) fn hint_for(&self, test: &str) -> usize {
        let Some(spec) = self.tests.iter().find(|t| t.name == test) else {
            return 1;
        };
        if let Some(hint) = spec.hint {
            return hint;
        }
        spec.stage
            .and_then(|stage| {
                let label = format!("stage {stage}:");
                self.hints
                    .iter()
                    .position(|hint| hint.to_ascii_lowercase().starts_with(&label))
            })
            .map_or(1, |index| index + 1)
    }
}

/// Each value of `integrity_allows` must name an integrity kind.
fn check_integrity_allows(names: &[String]) -> FieldResult<Vec<Kind>> {
    names
        .iter()
        .map(|name| {
            Kind::parse(name).ok_or_else(|| {
                let known: Vec<&str> = Kind::ALL.iter().map(|kind| kind.as_str()).collect();
                field_error(
                    "integrity_allows",
                    format!("unknown kind {name:?} (known: {})", known.join(", ")),
                )
            })
        })
        .collect()
}

/// A `(field, what is wrong)` error for a field of the entry being checked.
fn field_error(field: &str, what: String) -> (String, String) {
    (field.to_string(), what)
}

/// The exercise's name must be `NN-name`; returns the `name` part.
fn check_name_shape(name: &str) -> FieldResult<&str> {
    exercise_stem(name).ok_or_else(|| {
        field_error(
            "name",
            "must look like NN-name (two digits, a dash, lowercase words joined by dashes)".into(),
        )
    })
}

/// The title is shown to the learner: it must say something.
fn check_title_is_given(title: &str) -> FieldResult<()> {
    if title.trim().is_empty() {
        return Err(field_error("title", "is empty".into()));
    }
    Ok(())
}

/// The book section named by `chapter` must exist under `book/src/`.
fn check_chapter_exists(project: &Project, chapter: &str) -> FieldResult<()> {
    let chapter = project.book_src_dir().join(chapter);
    if !chapter.is_file() {
        return Err(field_error(
            "chapter",
            format!(
                "the book section {} does not exist",
                project.relative(&chapter)
            ),
        ));
    }
    Ok(())
}

/// Every graded exercise has a reference solution crate, `solutions/NN-name`.
fn check_solution_exists(project: &Project, name: &str) -> FieldResult<()> {
    let solution = project.solutions_dir().join(name);
    if !solution.join(CARGO_TOML).is_file() {
        return Err(field_error(
            "name",
            format!(
                "unknown exercise: {} has no Cargo.toml",
                project.relative(&solution)
            ),
        ));
    }
    Ok(())
}

/// One exercise's hidden tests, which its `[[exercise.test]]` entries are checked against.
struct HiddenTests<'a> {
    project: &'a Project,
    /// `grader/hidden/NN-name`: compile-fail cases are named relative to it.
    dir: &'a Path,
    /// Its `tests.rs`.
    file: PathBuf,
    /// The text of `file`.
    source: String,
    /// The `#[test] fn`s found in `file`.
    names: BTreeSet<String>,
}

impl<'a> HiddenTests<'a> {
    /// Reads the names of the `#[test] fn`s in `dir/tests.rs`.
    fn read(project: &'a Project, dir: &'a Path) -> FieldResult<Self> {
        let file = dir.join(TESTS_FILE);
        let source = fs::read_to_string(&file).map_err(|error| {
            field_error(
                "name",
                format!(
                    "cannot read the hidden tests {}: {error}",
                    project.relative(&file)
                ),
            )
        })?;
        Ok(Self {
            project,
            dir,
            names: test_functions(&source),
            source,
            file,
        })
    }

    /// `tests.rs` as shown in messages.
    fn shown(&self) -> String {
        self.project.relative(&self.file)
    }
}

/// Checks every test entry in order; a name listed twice is an error. Errors name the entry
/// (`test[2] ("name").points`).
fn validate_tests(
    hidden: &HiddenTests<'_>,
    defaults: Limits,
    raw_tests: Vec<RawTest>,
) -> FieldResult<Vec<TestSpec>> {
    let mut tests: Vec<TestSpec> = Vec::with_capacity(raw_tests.len());
    for (index, raw_test) in raw_tests.into_iter().enumerate() {
        let at = format!("test[{index}] ({:?})", raw_test.name);
        let in_entry = |(field, what): (String, String)| (format!("{at}.{field}"), what);
        if tests.iter().any(|test| test.name == raw_test.name) {
            return Err(in_entry(field_error("name", "listed twice".into())));
        }
        tests.push(validate_test(hidden, defaults, raw_test).map_err(in_entry)?);
    }
    Ok(tests)
}

/// Checks one test entry: its points, stage, limits (the exercise's defaults, overridden) and
/// what running it means. The error names the field (relative to the entry).
fn validate_test(
    hidden: &HiddenTests<'_>,
    defaults: Limits,
    raw: RawTest,
) -> FieldResult<TestSpec> {
    let points = check_points(raw.points)?;
    let stage = check_stage(raw.stage)?;
    let visibility = check_visibility(raw.visibility.as_deref())?;
    let limits = merge_limits(
        defaults,
        RawLimits {
            timeout_secs: raw.timeout_secs,
            memory_limit_mib: raw.memory_limit_mib,
            output_limit_kib: raw.output_limit_kib,
        },
    )?;
    let (kind, source) = match raw.compile_fail {
        None => (
            runtime_test_kind(hidden, &raw.name, &raw.expect, &raw.requires)?,
            TestSource {
                file: hidden.file.clone(),
                line: test_function_line(&hidden.source, &raw.name),
                code: test_function_source(&hidden.source, &raw.name).unwrap_or_default(),
            },
        ),
        Some(case) => compile_fail_test_kind(hidden, &case, raw.expect, raw.requires)?,
    };
    Ok(TestSpec {
        name: raw.name,
        points,
        limits,
        kind,
        stage,
        visibility,
        source,
        hint: raw.hint.map(|hint| hint.max(0) as usize),
    })
}

/// A test is worth a whole number of points above zero.
fn check_points(points: i64) -> FieldResult<u32> {
    match u32::try_from(points) {
        Ok(points) if points > 0 => Ok(points),
        _ => Err(field_error(
            "points",
            format!("must be a whole number above zero, got {points}"),
        )),
    }
}

/// A stage, when given, is a whole number from 1.
fn check_stage(stage: Option<i64>) -> FieldResult<Option<u32>> {
    match stage {
        None => Ok(None),
        Some(stage) => match u32::try_from(stage) {
            Ok(stage) if stage > 0 => Ok(Some(stage)),
            _ => Err(field_error(
                "stage",
                format!("must be a whole number from 1, got {stage}"),
            )),
        },
    }
}

/// A visibility, when given, is one of Gradescope's four values.
fn check_visibility(visibility: Option<&str>) -> FieldResult<Visibility> {
    let Some(given) = visibility else {
        return Ok(Visibility::default());
    };
    Visibility::ALL
        .into_iter()
        .find(|known| known.as_str() == given)
        .ok_or_else(|| {
            let known: Vec<&str> = Visibility::ALL.iter().map(|v| v.as_str()).collect();
            field_error(
                "visibility",
                format!("must be one of {}, got {given:?}", known.join(", ")),
            )
        })
}

/// A runtime test: its `#[test] fn` must be in `tests.rs`, and it expects no compile errors.
fn runtime_test_kind(
    hidden: &HiddenTests<'_>,
    name: &str,
    expect: &[String],
    requires: &[String],
) -> FieldResult<TestKind> {
    if !hidden.names.contains(name) {
        return Err(field_error(
            "name",
            format!("no #[test] fn {name} in {}", hidden.shown()),
        ));
    }
    if !expect.is_empty() || !requires.is_empty() {
        return Err(field_error(
            "expect",
            "`expect` and `requires` are only for compile_fail tests".into(),
        ));
    }
    Ok(TestKind::Run)
}

/// A compile-fail test: its case must be a readable file next to `tests.rs`, and it names at
/// least one expected error.
fn compile_fail_test_kind(
    hidden: &HiddenTests<'_>,
    case: &str,
    expect: Vec<String>,
    requires: Vec<String>,
) -> FieldResult<(TestKind, TestSource)> {
    let case_path = hidden.dir.join(case);
    if !case_path.is_file() {
        return Err(field_error(
            "compile_fail",
            format!("{} does not exist", hidden.project.relative(&case_path)),
        ));
    }
    let code = fs::read_to_string(&case_path).map_err(|error| {
        field_error(
            "compile_fail",
            format!(
                "cannot read {}: {error}",
                hidden.project.relative(&case_path)
            ),
        )
    })?;
    if expect.is_empty() {
        return Err(field_error(
            "expect",
            "a compile_fail test must name at least one expected error".into(),
        ));
    }
    let source = TestSource {
        file: case_path.clone(),
        line: None,
        code,
    };
    let kind = TestKind::CompileFail {
        case: case_path,
        expect,
        requires,
    };
    Ok((kind, source))
}

/// A compile-fail test's `requires` must name runtime tests of the same exercise.
fn check_requirements_are_runtime_tests(tests: &[TestSpec]) -> FieldResult<()> {
    for (index, test) in tests.iter().enumerate() {
        let TestKind::CompileFail { requires, .. } = &test.kind else {
            continue;
        };
        for required in requires {
            let known = tests
                .iter()
                .any(|t| &t.name == required && matches!(t.kind, TestKind::Run));
            if !known {
                return Err((
                    format!("test[{index}] ({:?}).requires", test.name),
                    format!("{required:?} is not a runtime test of this exercise"),
                ));
            }
        }
    }
    Ok(())
}

/// Every `#[test] fn` in `tests.rs` must be listed (and so given points); the other direction
/// is checked entry by entry in [`runtime_test_kind`].
fn check_test_names_match_tests_rs(
    hidden: &HiddenTests<'_>,
    tests: &[TestSpec],
) -> FieldResult<()> {
    let unlisted = hidden
        .names
        .iter()
        .find(|name| !tests.iter().any(|test| &test.name == *name));
    if let Some(unlisted) = unlisted {
        return Err(field_error(
            "test",
            format!(
                "{} has #[test] fn {unlisted}, which the manifest does not list (give it points)",
                hidden.shown()
            ),
        ));
    }
    Ok(())
}

/// `base`, with the limits `raw` gives replacing it; each must be a whole number above zero.
fn merge_limits(base: Limits, raw: RawLimits) -> FieldResult<Limits> {
    let positive = |field: &str, value: i64| {
        if value > 0 {
            Ok(value as u64)
        } else {
            Err((
                field.to_string(),
                format!("must be a whole number above zero, got {value}"),
            ))
        }
    };
    let mut limits = base;
    if let Some(secs) = raw.timeout_secs {
        limits.timeout = Duration::from_secs(positive("timeout_secs", secs)?);
    }
    if let Some(mib) = raw.memory_limit_mib {
        limits.memory_limit_bytes = positive("memory_limit_mib", mib)? << 20;
    }
    if let Some(kib) = raw.output_limit_kib {
        limits.output_limit_bytes = (positive("output_limit_kib", kib)? << 10) as usize;
    }
    Ok(limits)
}

/// `"02-my-rc"` → `Some("my-rc")`; `None` unless the name is two digits, a dash and a slug.
pub(crate) fn exercise_stem(name: &str) -> Option<&str> {
    let (number, stem) = name.split_once('-')?;
    let number_ok = number.len() == 2 && number.bytes().all(|b| b.is_ascii_digit());
    let stem_ok = !stem.is_empty()
        && !stem.starts_with('-')
        && !stem.ends_with('-')
        && stem
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    (number_ok && stem_ok).then_some(stem)
}

/// Finds the one of `names` (`NN-name`s) that `wanted` means: the whole name (`15-ttl-cache`),
/// its name without the number (`ttl-cache`) or its number (`15`, `5`); a trailing `/` and an
/// `exercises/` or `solutions/` in front are ignored, so a path typed with completion works.
/// `None` when nothing matches.
pub(crate) fn find_name(names: &[&str], wanted: &str) -> Option<usize> {
    let wanted = wanted.trim().trim_end_matches('/');
    let wanted = wanted
        .rsplit_once('/')
        .map_or(wanted, |(_, last)| last)
        .to_ascii_lowercase();
    let number = |name: &str| name.split_once('-').map(|(n, _)| n.to_string());
    names.iter().position(|&name| {
        name == wanted
            || exercise_stem(name) == Some(wanted.as_str())
            || wanted
                .parse::<u32>()
                .is_ok_and(|n| number(name).and_then(|own| own.parse::<u32>().ok()) == Some(n))
    })
}

/// The name of `names` closest to `wanted` when it is a likely typo of it (a few letters off, or
/// the start of it), for a "did you mean".
pub(crate) fn closest_name<'a>(names: &[&'a str], wanted: &str) -> Option<&'a str> {
    let wanted = wanted.trim().trim_end_matches('/').to_ascii_lowercase();
    names
        .iter()
        .filter_map(|&name| {
            let stem = exercise_stem(name).unwrap_or(name);
            let distance = edit_distance(&wanted, stem).min(edit_distance(&wanted, name));
            let starts =
                wanted.len() >= 3 && (stem.starts_with(&wanted) || name.starts_with(&wanted));
            let near = distance <= (stem.len() / 4).clamp(1, 3);
            (starts || near).then_some((if starts { 0 } else { distance }, name))
        })
        .min()
        .map(|(_, name)| name)
}

/// Levenshtein distance, over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The names of top-level `#[test] fn`s in a hidden-tests file.
///
/// Hidden tests are written by maintainers in one plain shape (see AUTHORING.md), so a line scan
/// is enough; after the build, the test binary's own `--list` is checked against it again.
pub(crate) fn test_functions(source: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut after_test_attribute = false;
    for line in source.lines() {
        let line = line.trim();
        if line == "#[test]" {
            after_test_attribute = true;
        } else if after_test_attribute {
            if let Some(rest) = line.strip_prefix("fn ") {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                names.insert(name);
                after_test_attribute = false;
            } else if !line.starts_with("#[") && !line.is_empty() && !line.starts_with("//") {
                after_test_attribute = false;
            }
        }
    }
    names
}

/// The text of the top-level `fn name` item in a hidden-tests file, from its `fn` line to its
/// closing brace (what Exercism's `test_code` shows); `None` when there is no such item.
///
/// Braces inside comments, strings and character literals are skipped, so a test that checks
/// a `"{"` is still cut at its own end.
fn test_function_source(source: &str, name: &str) -> Option<String> {
    let mut offset = 0;
    let start = source.split_inclusive('\n').find_map(|line| {
        let at = offset;
        offset += line.len();
        is_fn_line(line, name).then_some(at)
    })?;
    let item = &source[start..];
    let end = item_end(item)?;
    Some(item[..end].to_string())
}

/// The 1-based line of the top-level `fn name` item in a hidden-tests file (where JUnit's
/// `line` points); `None` when there is no such item.
fn test_function_line(source: &str, name: &str) -> Option<usize> {
    source
        .lines()
        .position(|line| is_fn_line(line, name))
        .map(|index| index + 1)
}

/// Whether `line` starts the item `fn name(` (or `fn name<`).
fn is_fn_line(line: &str, name: &str) -> bool {
    line.trim_start()
        .strip_prefix("fn ")
        .and_then(|rest| rest.strip_prefix(name))
        .is_some_and(|rest| rest.starts_with('(') || rest.starts_with('<'))
}

/// The byte index just past the brace that closes the first `{` of `item`.
fn item_end(item: &str) -> Option<usize> {
    let bytes = item.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i += item[i..].find('\n').unwrap_or(item.len() - i);
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += item[i..].find("*/").map_or(item.len() - i, |end| end + 2);
                continue;
            }
            b'r' if matches!(bytes.get(i + 1), Some(b'"' | b'#'))
                && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_')) =>
            {
                let hashes = item[i + 1..].bytes().take_while(|&b| b == b'#').count();
                if bytes.get(i + 1 + hashes) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let close = format!("\"{}", "#".repeat(hashes));
                let body = i + 2 + hashes;
                i = body + item[body..].find(&close)? + close.len();
                continue;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            // A character literal ('{', '\'', '\u{7b}'), not a lifetime ('a).
            b'\'' => {
                if bytes.get(i + 1) == Some(&b'\\') {
                    i += 2 + item[i + 2..].find('\'')?;
                } else if let Some(c) = item[i + 1..].chars().next()
                    && item[i + 1 + c.len_utf8()..].starts_with('\'')
                {
                    i += 1 + c.len_utf8();
                }
            }
            b'{' => depth += 1,
            b'}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_follow_the_nn_name_shape() {
        assert_eq!(exercise_stem("02-my-rc"), Some("my-rc"));
        assert_eq!(exercise_stem("2-my-rc"), None);
        assert_eq!(exercise_stem("02-My-rc"), None);
        assert_eq!(exercise_stem("02-"), None);
        assert_eq!(exercise_stem("02--x"), None);
    }

    #[test]
    fn exercises_are_found_by_number_name_or_both() {
        let names = ["01-refcount", "02-my-rc", "15-ttl-cache"];
        for wanted in [
            "15",
            "15-ttl-cache",
            "ttl-cache",
            "exercises/15-ttl-cache/",
            "TTL-Cache",
        ] {
            assert_eq!(find_name(&names, wanted), Some(2), "{wanted}");
        }
        assert_eq!(find_name(&names, "1"), Some(0));
        assert_eq!(find_name(&names, "02"), Some(1));
        assert_eq!(find_name(&names, "16"), None);
        assert_eq!(find_name(&names, "rc"), None);
    }

    #[test]
    fn a_typo_gets_a_did_you_mean() {
        let names = ["01-refcount", "02-my-rc", "15-ttl-cache", "16-lru-cache"];
        assert_eq!(closest_name(&names, "ttl-cahce"), Some("15-ttl-cache"));
        assert_eq!(closest_name(&names, "refcnt"), Some("01-refcount"));
        assert_eq!(closest_name(&names, "lru"), Some("16-lru-cache"));
        assert_eq!(closest_name(&names, "myrc"), Some("02-my-rc"));
        assert_eq!(closest_name(&names, "generations"), None);
    }

    #[test]
    fn test_functions_are_found_after_their_attribute() {
        let source =
            "#[test]\nfn one() {}\n\n#[test]\n#[allow(unused)]\nfn two() {}\nfn helper() {}\n";
        let names: Vec<_> = test_functions(source).into_iter().collect();
        assert_eq!(names, ["one", "two"]);
    }

    #[test]
    fn a_test_function_is_cut_at_its_own_closing_brace() {
        let source = "use x::*;\n\n#[test]\nfn braces_in_text() {\n    // a } in a comment\n    let s = \"}{\";\n    let r = r#\"}\"#;\n    let c = '}';\n    let l: &'static str = \"\\\"}\";\n    if true { assert!(s.len() == 2); }\n}\n\n#[test]\nfn braces_in_text_too() {}\n";
        let item = test_function_source(source, "braces_in_text").unwrap();
        assert!(item.starts_with("fn braces_in_text() {"), "{item}");
        assert!(
            item.ends_with("if true { assert!(s.len() == 2); }\n}"),
            "{item}"
        );
        assert_eq!(
            test_function_source(source, "braces_in_text_too").as_deref(),
            Some("fn braces_in_text_too() {}")
        );
        assert_eq!(test_function_source(source, "braces"), None);
    }
}
