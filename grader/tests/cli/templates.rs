//! The classroom CI templates in `grader/templates/`, run here: each test reads a template, takes
//! the commands its grading steps run, and runs them with `bash` on a sample class laid out as
//! the workflow's checkouts would be, then checks what a teacher and a student would see.
//!
//! The templates are YAML, read by a small purpose-built reader instead of a YAML parser (one
//! dev-dependency less for what it would do here): it knows the shapes the templates use and
//! fails, naming the line, on any other. GitHub Actions: steps that start with `- name:`, with a
//! `run:` that is one line or a `|` block, and a `working-directory:`. GitLab CI: top-level
//! jobs, a `script:` list of one-line or `- |` items, `parallel:` and `reports: junit:`.
//! `${{ … }}` expressions are replaced by what GitHub would put there; an expression the test
//! does not know fails it. `cargo` on the scripts' `PATH` is a shim that runs this build's
//! grader for `cargo grade` (so the command text is the template's, unchanged).
//!
//! Steps that are GitHub's or GitLab's own (checkouts, artifacts, caches) do not run: the test
//! lays the folders out as they would leave them. The roster's clone loop runs with a `git`
//! shim that clones from local folders.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::fixtures::{copy_dir, patch_fn_region, pristine_exercises};
use crate::project_root;

const GITHUB_STUDENT: &str = "grader/templates/github/grade-student.yml";
const GITHUB_CLASS: &str = "grader/templates/github/grade-class.yml";
const GITLAB_STUDENT: &str = "grader/templates/gitlab/grade-student.gitlab-ci.yml";
const GITLAB_CLASS: &str = "grader/templates/gitlab/grade-class.gitlab-ci.yml";
const TEACHERS_CHAPTER: &str = "book/src/teachers.md";

/// Subcommands the templates use that were being written on other branches when these tests
/// were: while one is missing from this build, the tests that need it say so on stderr and stop
/// there. Once it exists, the tests fail until it is taken off this list, so that a later
/// rename cannot turn into a silent skip.
const PENDING_COMMANDS: &[&str] = &[];

/// The one exercise the sample class is graded on: small, and quick to build.
const EXERCISE: &str = "01-refcount";

// ---------------------------------------------------------------------------------------------
// The tests

/// The student workflow: the grading step fails for a stub below the minimum and passes for the
/// solution; a failure at the student's line is an `::error` annotation whose file the runner
/// maps into the student's repository; the job summary lands in `$GITHUB_STEP_SUMMARY`; the
/// `MIN_SCORE` variable moves the bar.
#[test]
fn github_student_workflow_grades_a_push() {
    let text = template(GITHUB_STUDENT);
    let steps = github_steps(GITHUB_STUDENT, &text);
    let grade = step(&steps, "Grade");
    let class = SampleClass::new();

    for (student, min_score, passes) in [
        ("stub", "80", false),
        ("solved", "80", true),
        ("slip", "80", true),
        ("slip", "95", false),
    ] {
        // The runner: the student's repository is the workspace, the grader was moved to
        // $RUNNER_TEMP/grader (with its private hidden/), the summary is a file of its own.
        let runner = tempfile::tempdir().expect("temp dir");
        let runner = canonical(runner.path());
        let workspace = runner.join("work/repo");
        copy_dir(&class.student(student), &workspace);
        let temp = runner.join("_temp");
        let grader_checkout = temp.join("grader");
        copy_dir(&class.hidden, &grader_checkout.join("hidden"));
        let summary = runner.join("step_summary.md");
        fs::write(&summary, "").expect("write summary file");

        let expressions = BTreeMap::from([
            ("vars.MIN_SCORE || 80", min_score.to_string()),
            ("runner.temp", path(&temp).to_string()),
        ]);
        let cwd = PathBuf::from(substitute(
            GITHUB_STUDENT,
            grade.working_directory.as_deref().unwrap_or("."),
            &expressions,
        ));
        assert_eq!(
            cwd, grader_checkout,
            "the Grade step runs in the grader's checkout"
        );
        let output = run_script(
            &substitute(GITHUB_STUDENT, &grade.run, &expressions),
            &cwd,
            &[
                ("GITHUB_WORKSPACE", path(&workspace)),
                ("RUNNER_TEMP", path(&temp)),
                ("GITHUB_STEP_SUMMARY", path(&summary)),
            ],
        );
        let stdout = String::from_utf8_lossy(&output.stdout);
        let context = describe(&format!("{student} at --min-score {min_score}"), &output);
        assert_eq!(output.status.success(), passes, "{context}");
        assert_eq!(
            output.status.code(),
            Some(if passes { 0 } else { 1 }),
            "{context}"
        );
        let written = fs::read_to_string(&summary).expect("readable summary");
        assert!(
            written.contains("## gc-workbook:"),
            "no job summary: {written}\n{context}"
        );
        assert!(written.contains(EXERCISE), "{written}");

        match student {
            "stub" => assert!(
                stdout.contains("::notice title=gc-workbook::") && stdout.contains("not started"),
                "{context}"
            ),
            "solved" => assert!(!stdout.contains("::error"), "{context}"),
            _ => {
                let file = annotated_file(&stdout).unwrap_or_else(|| panic!("{context}"));
                // The runner makes an absolute path relative to the workspace (the student's
                // repository): the annotation lands on the student's own file.
                let in_repository = Path::new(&file)
                    .strip_prefix(&workspace)
                    .unwrap_or_else(|_| panic!("{file} is not in the student's repository"));
                assert_eq!(
                    in_repository,
                    Path::new("exercises").join(EXERCISE).join("src/lib.rs"),
                    "{context}"
                );
                assert!(workspace.join(in_repository).is_file());
            }
        }
    }
}

/// The GitLab student job: its script writes JUnit XML where `reports: junit:` looks for it,
/// also when the score is below the minimum and the job fails.
#[test]
fn gitlab_student_job_writes_the_junit_report() {
    let text = template(GITLAB_STUDENT);
    let jobs = gitlab_jobs(GITLAB_STUDENT, &text);
    let grade = job(&jobs, "grade");
    let report = grade
        .junit
        .clone()
        .expect("the grade job has artifacts:reports:junit");
    let class = SampleClass::new();

    for (student, passes) in [("slip", true), ("stub", false)] {
        let runner = tempfile::tempdir().expect("temp dir");
        let runner = canonical(runner.path());
        let project = runner.join("builds/class/student");
        copy_dir(&class.student(student), &project);
        // The before_script's clone of the teacher's project.
        let grader_dir = runner.join("grader");
        copy_dir(&class.hidden, &grader_dir.join("hidden"));

        let output = run_script(
            &runnable_script(&grade.script),
            &project,
            &[
                ("CI_PROJECT_DIR", path(&project)),
                ("GRADER_DIR", path(&grader_dir)),
                ("MIN_SCORE", "80"),
            ],
        );
        let context = describe(student, &output);
        assert_eq!(output.status.success(), passes, "{context}");
        let junit = fs::read_to_string(project.join(&report))
            .unwrap_or_else(|err| panic!("no {report} in the project ({err}): {context}"));
        assert!(
            junit.starts_with("<?xml")
                && junit.contains("<testsuite")
                && junit.contains("<testcase"),
            "not JUnit XML: {junit}"
        );
        // The slip fails one test; the stub fails every one (not started).
        let failures = junit.matches("<failure").count();
        let tests = junit.matches("<testcase").count();
        let expected = if student == "slip" { 1 } else { tests };
        assert_eq!(failures, expected, "failed tests are <failure>s: {junit}");
    }
}

/// The GitHub class workflow: the hidden tests checked on the solutions, then one job per shard
/// of the matrix, then the merge: one gradebook with every student once.
#[test]
fn github_class_workflow_grades_every_student_once() {
    let text = template(GITHUB_CLASS);
    let steps = github_steps(GITHUB_CLASS, &text);
    let shards = github_matrix_shards(GITHUB_CLASS, &text);
    assert!(shards.len() >= 2, "the class is graded in several shards");
    let class = SampleClass::new();
    let teacher = class.teacher_checkout();

    let check = step(&steps, "Check the hidden tests on the solutions");
    let output = run_script(&check.run, &teacher, &[]);
    assert!(
        output.status.success(),
        "{}",
        describe("solutions", &output)
    );
    if skip_unless_built(&["batch", "gradebook"], "github_class_workflow") {
        return;
    }

    // Every shard's job, in a checkout of its own with the class artifact downloaded.
    let grade = step(&steps, "Grade this shard");
    let merge_checkout = class.teacher_checkout();
    let mut shard_books = Vec::new();
    for shard in &shards {
        let checkout = class.teacher_checkout();
        let expressions = BTreeMap::from([
            ("matrix.shard", shard.to_string()),
            ("strategy.job-total", shards.len().to_string()),
        ]);
        let output = run_script(
            &substitute(GITHUB_CLASS, &grade.run, &expressions),
            &checkout,
            &[],
        );
        assert!(output.status.success(), "{}", describe("shard", &output));
        let book = format!("gradebook-{shard}.csv");
        let written = checkout.join(&book);
        assert!(written.is_file(), "shard {shard} wrote no {book}");
        // upload-artifact, then download-artifact with merge-multiple: side by side.
        fs::copy(&written, merge_checkout.join(&book)).expect("copy gradebook");
        shard_books.push(fs::read_to_string(&written).expect("readable gradebook"));
    }
    let in_shards: Vec<String> = shard_books
        .iter()
        .flat_map(|book| students_in(book))
        .collect();
    assert_every_student_once(&in_shards, "the shards' gradebooks together");

    let merge = step(&steps, "Merge the gradebooks");
    let output = run_script(&merge.run, &merge_checkout, &[]);
    assert!(output.status.success(), "{}", describe("merge", &output));
    let merged = fs::read_to_string(merge_checkout.join("gradebook.csv")).expect("gradebook.csv");
    assert_every_student_once(&students_in(&merged), "the merged gradebook");
}

/// The GitLab class pipeline: `parallel:` jobs (CI_NODE_INDEX of CI_NODE_TOTAL), then the merge.
#[test]
fn gitlab_class_pipeline_grades_every_student_once() {
    let text = template(GITLAB_CLASS);
    let jobs = gitlab_jobs(GITLAB_CLASS, &text);
    let grade = job(&jobs, "grade-class");
    let total = grade.parallel.expect("grade-class has parallel:");
    assert!(total >= 2, "the class is graded in several parallel jobs");
    let class = SampleClass::new();

    let collect = job(&jobs, "collect-class");
    let project = class.teacher_checkout();
    let output = run_script(&runnable_script(&collect.script), &project, &[]);
    assert!(
        output.status.success(),
        "{}",
        describe("collect-class", &output)
    );
    if skip_unless_built(&["batch", "gradebook"], "gitlab_class_pipeline") {
        return;
    }

    let merge_project = class.teacher_checkout();
    for index in 1..=total {
        let project = class.teacher_checkout();
        let output = run_script(
            &runnable_script(&grade.script),
            &project,
            &[
                ("CI_NODE_INDEX", &index.to_string()),
                ("CI_NODE_TOTAL", &total.to_string()),
            ],
        );
        assert!(
            output.status.success(),
            "{}",
            describe("grade-class", &output)
        );
        for entry in fs::read_dir(&project).expect("readable project") {
            let name = entry.expect("entry").file_name();
            if name.to_string_lossy().starts_with("gradebook-") {
                fs::copy(project.join(&name), merge_project.join(&name)).expect("copy artifact");
            }
        }
    }
    let merge = job(&jobs, "merge-gradebook");
    let output = run_script(&runnable_script(&merge.script), &merge_project, &[]);
    assert!(
        output.status.success(),
        "{}",
        describe("merge-gradebook", &output)
    );
    let merged = fs::read_to_string(merge_project.join("gradebook.csv")).expect("gradebook.csv");
    assert_every_student_once(&students_in(&merged), "the merged gradebook");
}

/// Every `cargo grade` command in the templates and in the teachers' chapter names a subcommand
/// and flags this grader has: a renamed flag breaks this test, not a teacher's CI.
#[test]
fn every_command_of_the_templates_exists() {
    let mut commands = Vec::new();
    for file in [GITHUB_STUDENT, GITHUB_CLASS] {
        for step in github_steps(file, &template(file)) {
            commands.extend(grade_commands(file, &step.run));
        }
    }
    for file in [GITLAB_STUDENT, GITLAB_CLASS] {
        for job in gitlab_jobs(file, &template(file)) {
            commands.extend(grade_commands(file, &job.script.join("\n")));
        }
    }
    commands.extend(chapter_commands());
    assert!(
        commands.len() >= 8,
        "the templates and the chapter run cargo grade: {commands:?}"
    );

    let help = Help::new();
    let mut checked = 0;
    for (file, command) in &commands {
        match help.check(&placeholders(command)) {
            Ok(()) => checked += 1,
            Err(Missing::Pending(name)) => {
                eprintln!("not checked, `cargo grade {name}` is not built yet ({file}): {command}");
            }
            Err(Missing::Wrong(what)) => panic!("{file}: `{command}`: {what}"),
        }
    }
    assert!(checked > 0, "no command could be checked");
    skip_unless_built(&[], "the pending list");
}

/// The collecting steps (GitHub's prepare job, GitLab's collect-class) read `students.txt`
/// (comments and blank lines skipped), clone each repository into `class/NAME` without its
/// `.git`, and leave an empty folder, with a warning, for a repository that cannot be cloned.
/// `git` is a shim that "clones" from local folders named after the repository.
#[test]
fn the_class_is_collected_from_the_roster() {
    let class = SampleClass::new();
    let remotes = canonical(class.dir.path()).join("class");
    let git_shim = tempfile::tempdir().expect("temp dir");
    write_executable(
        &git_shim.path().join("git"),
        "#!/bin/sh\n\
         # git clone [options] URL DIR, from $GRADER_TEMPLATE_TEST_REMOTES/<repository name>\n\
         [ \"$1\" = clone ] || { echo \"the test's git only clones\" >&2; exit 2; }\n\
         for arg in \"$@\"; do url=$dir; dir=$arg; done\n\
         name=$(basename \"$url\" .git)\n\
         [ -d \"$GRADER_TEMPLATE_TEST_REMOTES/$name\" ] || { echo \"fatal: '$url' not found\" >&2; exit 128; }\n\
         cp -R \"$GRADER_TEMPLATE_TEST_REMOTES/$name\" \"$dir\" && mkdir \"$dir/.git\"\n",
    );
    let roster = "# name   repository\n\nslip     class/slip\nsolved   class/solved   # resubmitted\n\
                  stub     class/stub\nghost    class/ghost\n";

    let github_text = template(GITHUB_CLASS);
    let github_steps = github_steps(GITHUB_CLASS, &github_text);
    let github = step(&github_steps, "Clone the students' repositories");
    let gitlab_text = template(GITLAB_CLASS);
    let gitlab_jobs = gitlab_jobs(GITLAB_CLASS, &gitlab_text);
    let gitlab = job(&gitlab_jobs, "collect-class")
        .script
        .iter()
        .filter(|item| item.contains("students.txt") || item.starts_with("mkdir"))
        .cloned()
        .collect::<Vec<_>>()
        .join("\n");
    for (file, script, warning) in [
        (
            GITHUB_CLASS,
            github.run.clone(),
            "::warning title=gc-workbook::cannot clone class/ghost for ghost",
        ),
        (
            GITLAB_CLASS,
            gitlab,
            "warning: cannot clone class/ghost for ghost",
        ),
    ] {
        let checkout = canonical(class.dir.path()).join(format!("collect-{}", file.len()));
        fs::create_dir_all(&checkout).expect("create checkout");
        fs::write(checkout.join("students.txt"), roster).expect("write roster");
        let output = run_script_with(
            &script,
            &checkout,
            &[
                ("GRADER_TEMPLATE_TEST_REMOTES", path(&remotes)),
                ("CLASS_TOKEN", "token"),
                ("CI_SERVER_HOST", "gitlab.example"),
            ],
            Some(git_shim.path()),
        );
        let context = describe(file, &output);
        assert!(output.status.success(), "{context}");
        assert!(
            String::from_utf8_lossy(&output.stdout).contains(warning),
            "{context}"
        );
        let mut folders: Vec<String> = fs::read_dir(checkout.join("class"))
            .expect("a class folder")
            .map(|entry| {
                entry
                    .expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        folders.sort();
        assert_eq!(folders, ["ghost", "slip", "solved", "stub"], "{context}");
        for student in STUDENTS {
            let folder = checkout.join("class").join(student);
            assert!(
                folder.join("exercises").join(EXERCISE).is_dir(),
                "{context}"
            );
            assert!(
                !folder.join(".git").exists(),
                "{file}: .git (with the token) left in {student}"
            );
        }
        let ghost = fs::read_dir(checkout.join("class/ghost")).expect("ghost folder");
        assert_eq!(ghost.count(), 0, "{context}");
    }
}

/// The check above catches what it is for: a misspelt flag, a flag given to the wrong
/// subcommand, a subcommand that does not exist.
#[test]
fn the_help_check_catches_a_wrong_command() {
    let help = Help::new();
    assert!(
        help.check("cargo grade --submission x --hidden-dir hidden --format github")
            .is_ok()
    );
    assert!(
        help.check("cargo grade --submission x check 02-my-rc --format exercism")
            .is_ok()
    );
    for wrong in [
        "cargo grade --submision x",
        "cargo grade hint 02-my-rc --stage 2",
        "cargo grade grade-all",
    ] {
        assert!(
            matches!(help.check(wrong), Err(Missing::Wrong(_))),
            "not caught: {wrong}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The sample class

/// Students made from the project's crates, graded with a private hidden directory of one
/// exercise: `solved` (the solution), `stub` (the untouched stub) and `slip` (the solution with
/// one function that panics at the student's own line).
struct SampleClass {
    dir: tempfile::TempDir,
    /// The teacher's private hidden tests: a manifest of [`EXERCISE`] alone.
    hidden: PathBuf,
    /// How many checkouts [`SampleClass::teacher_checkout`] made.
    checkouts: std::cell::Cell<usize>,
}

const STUDENTS: [&str; 3] = ["slip", "solved", "stub"];

impl SampleClass {
    fn new() -> SampleClass {
        let root = project_root();
        let dir = tempfile::tempdir().expect("temp dir");
        let hidden = canonical(dir.path()).join("hidden");
        fs::create_dir_all(&hidden).expect("create hidden dir");
        let manifest = fs::read_to_string(root.join("grader/hidden/manifest.toml"))
            .expect("readable manifest");
        let mut parts = manifest.split("[[exercise]]");
        let head = parts.next().expect("the manifest's head");
        let entry = parts
            .find(|part| part.contains(&format!("name = \"{EXERCISE}\"")))
            .expect("the exercise in the manifest");
        fs::write(
            hidden.join("manifest.toml"),
            format!("{head}[[exercise]]{entry}"),
        )
        .expect("write manifest");
        copy_dir(
            &root.join("grader/hidden").join(EXERCISE),
            &hidden.join(EXERCISE),
        );

        let class = SampleClass {
            dir,
            hidden,
            checkouts: std::cell::Cell::new(0),
        };
        for student in STUDENTS {
            // A student repository: the stub crate, and the student's src/.
            let exercises = class.student(student).join("exercises");
            let crate_dir = exercises.join(EXERCISE);
            copy_dir(&pristine_exercises().join(EXERCISE), &crate_dir);
            if student != "stub" {
                let src = root.join("solutions").join(EXERCISE).join("src");
                for entry in fs::read_dir(&src).expect("readable src") {
                    let entry = entry.expect("entry");
                    let text = fs::read_to_string(entry.path()).expect("readable source");
                    fs::write(
                        crate_dir.join("src").join(entry.file_name()),
                        text.replace("refcount_solution", "refcount"),
                    )
                    .expect("write source");
                }
            }
            if student == "slip" {
                patch_fn_region(
                    &exercises,
                    &format!("{EXERCISE}/src/lib.rs"),
                    "predict_vec_drop_order",
                    "    panic!(\"not sure which goes first\")",
                );
            }
        }
        class
    }

    /// The student's repository (a folder holding `exercises/`).
    fn student(&self, name: &str) -> PathBuf {
        canonical(self.dir.path()).join("class").join(name)
    }

    /// A fresh checkout of the teacher's private repository, as a class job sees it: the
    /// private `hidden/`, and the class as the collecting job left it in `class/`.
    fn teacher_checkout(&self) -> PathBuf {
        self.checkouts.set(self.checkouts.get() + 1);
        let checkout =
            canonical(self.dir.path()).join(format!("checkout-{}", self.checkouts.get()));
        copy_dir(&self.hidden, &checkout.join("hidden"));
        copy_dir(
            &canonical(self.dir.path()).join("class"),
            &checkout.join("class"),
        );
        fs::write(
            checkout.join("students.txt"),
            "# the sample class\nslip    class/slip\nsolved  class/solved\nstub    class/stub\n",
        )
        .expect("write roster");
        checkout
    }
}

/// The student names of a gradebook: the first field of each line after the header.
fn students_in(csv: &str) -> Vec<String> {
    csv.lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let first = line.split(',').next().unwrap_or("");
            first.trim().trim_matches('"').to_string()
        })
        .collect()
}

fn assert_every_student_once(found: &[String], what: &str) {
    let mut sorted = found.to_vec();
    sorted.sort();
    assert_eq!(sorted, STUDENTS, "{what}: every student once");
}

// ---------------------------------------------------------------------------------------------
// Running a script as the CI runner would

/// Runs `script` as GitHub's and GitLab's runners run a step: `bash -eo pipefail`, in `cwd`,
/// with `cargo` on the `PATH` being the shim.
fn run_script(script: &str, cwd: &Path, env: &[(&str, &str)]) -> Output {
    run_script_with(script, cwd, env, None)
}

/// [`run_script`], with `extra` (a folder of more shims) first on the `PATH`.
fn run_script_with(script: &str, cwd: &Path, env: &[(&str, &str)], extra: Option<&Path>) -> Output {
    let shim = shim_dir();
    let path = std::env::join_paths(
        extra
            .map(Path::to_path_buf)
            .into_iter()
            .chain(std::iter::once(shim.path().to_path_buf()))
            .chain(std::env::split_paths(
                &std::env::var_os("PATH").unwrap_or_default(),
            )),
    )
    .expect("a PATH");
    let mut command = Command::new("bash");
    command
        .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
        .current_dir(cwd)
        .env("PATH", path)
        .env("CARGO", real_cargo())
        .env("GRADER_TEMPLATE_TEST_BIN", env!("CARGO_BIN_EXE_grader"))
        .env("GRADER_TEMPLATE_TEST_ROOT", project_root())
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("NO_COLOR");
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().expect("bash runs");
    drop(shim);
    output
}

/// A folder holding `cargo`: `cargo grade ARGS` is this build's grader on this checkout (what
/// the alias in `.cargo/config.toml` runs); anything else is the real cargo.
fn shim_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write_executable(
        &dir.path().join("cargo"),
        "#!/bin/sh\n\
         if [ \"$1\" = grade ]; then\n\
         \x20 shift\n\
         \x20 exec \"$GRADER_TEMPLATE_TEST_BIN\" --root \"$GRADER_TEMPLATE_TEST_ROOT\" \"$@\"\n\
         fi\n\
         exec \"$CARGO\" \"$@\"\n",
    );
    dir
}

/// Writes a shell script and makes it executable.
fn write_executable(file: &Path, script: &str) {
    fs::write(file, script).unwrap_or_else(|err| panic!("{}: {err}", file.display()));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(file, fs::Permissions::from_mode(0o755))
            .unwrap_or_else(|err| panic!("{}: {err}", file.display()));
    }
}

fn real_cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| env!("CARGO").to_string())
}

/// A GitLab `script:` as the runner runs it, minus the items that need the network (`git
/// clone`): the test laid out what they would leave.
fn runnable_script(items: &[String]) -> String {
    items
        .iter()
        .filter(|item| !item.contains("git clone"))
        .cloned()
        .collect::<Vec<_>>()
        .join("\n")
}

/// Replaces each `${{ expression }}` by its value in `values`; an unknown one fails the test.
fn substitute(file: &str, text: &str, values: &BTreeMap<&str, String>) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${{") {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find("}}")
            .unwrap_or_else(|| panic!("{file}: an unclosed ${{{{ in {text}"))
            + start;
        let expression = rest[start + 3..end].trim();
        let value = values.get(expression).unwrap_or_else(|| {
            panic!("{file}: the test knows no value for ${{{{ {expression} }}}}")
        });
        out.push_str(value);
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    out
}

/// `text` with each `${{ expression }}` replaced by one word, as a value in a command line.
fn placeholders(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${{") {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find("}}")
            .map_or(rest.len(), |end| start + end + 2);
        out.push_str("EXPRESSION");
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The file of the first `::error` annotation with one.
fn annotated_file(stdout: &str) -> Option<String> {
    stdout
        .lines()
        .filter_map(|line| line.strip_prefix("::error "))
        .find_map(|properties| {
            let file = properties
                .split([',', ':'])
                .find_map(|p| p.strip_prefix("file="))?;
            Some(
                file.replace("%3A", ":")
                    .replace("%2C", ",")
                    .replace("%25", "%"),
            )
        })
}

fn describe(what: &str, output: &Output) -> String {
    format!(
        "{what}: exit {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn template(file: &str) -> String {
    fs::read_to_string(project_root().join(file)).unwrap_or_else(|err| panic!("{file}: {err}"))
}

fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().expect("an existing path")
}

fn path(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

// ---------------------------------------------------------------------------------------------
// Commands that are not built yet

/// True (after saying so on stderr) when one of `needed` is a pending subcommand missing from
/// this build; fails when a pending subcommand exists, so that the list is emptied after the
/// merge.
fn skip_unless_built(needed: &[&str], test: &str) -> bool {
    let help = Help::new();
    for name in PENDING_COMMANDS {
        assert!(
            !help.commands.contains(*name),
            "`cargo grade {name}` exists now: take it off PENDING_COMMANDS in \
             grader/tests/cli/templates.rs, so that its tests run"
        );
    }
    let missing: Vec<&&str> = needed
        .iter()
        .filter(|name| !help.commands.contains(**name))
        .collect();
    if missing.is_empty() {
        return false;
    }
    eprintln!(
        "{test}: NOT RUN: `cargo grade {}` does not exist in this build yet",
        missing
            .iter()
            .map(|name| name.to_string())
            .collect::<Vec<_>>()
            .join("`, `cargo grade ")
    );
    true
}

// ---------------------------------------------------------------------------------------------
// The grader's --help

/// What `cargo grade --help` (and each subcommand's) offers.
struct Help {
    /// Top-level subcommands.
    commands: std::collections::BTreeSet<String>,
}

enum Missing {
    /// A subcommand on [`PENDING_COMMANDS`], not built yet.
    Pending(String),
    /// A subcommand or flag the grader does not have.
    Wrong(String),
}

impl Help {
    fn new() -> Help {
        Help {
            commands: subcommands(&help_text(&[])),
        }
    }

    /// Checks one `cargo grade …` command line: its subcommands exist, and each `--flag` is in
    /// the help of the subcommand it is given to.
    fn check(&self, command: &str) -> Result<(), Missing> {
        let words = shell_words(command);
        let mut path: Vec<String> = Vec::new();
        let mut available = self.commands.clone();
        let mut help = help_text(&[]);
        let mut flags = Vec::new();
        let mut index = 0;
        while index < words.len() {
            let word = &words[index];
            if let Some(flag) = word.strip_prefix("--") {
                let name = flag.split('=').next().unwrap_or(flag);
                flags.push((path.clone(), name.to_string()));
                if !flag.contains('=') && takes_value(&help, name) {
                    index += 1;
                }
            } else if available.contains(word.as_str()) {
                path.push(word.clone());
                let args: Vec<&str> = path.iter().map(String::as_str).collect();
                help = help_text(&args);
                available = subcommands(&help);
            } else if path.is_empty() && PENDING_COMMANDS.contains(&word.as_str()) {
                return Err(Missing::Pending(word.clone()));
            } else if path.is_empty() {
                return Err(Missing::Wrong(format!(
                    "`{word}` is not a subcommand of cargo grade"
                )));
            }
            // Anything else is a positional argument (an exercise, a class folder, a file).
            index += 1;
        }
        for (at, flag) in flags {
            let args: Vec<&str> = path.iter().map(String::as_str).collect();
            let help = help_text(&args);
            if !help.contains(&format!("--{flag}")) {
                return Err(Missing::Wrong(format!(
                    "`cargo grade {}` has no --{flag} (given after `{}`)",
                    args.join(" "),
                    at.join(" ")
                )));
            }
        }
        Ok(())
    }
}

/// `grader ARGS… --help`.
fn help_text(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_grader"))
        .args(args)
        .arg("--help")
        .output()
        .expect("the grader runs");
    assert!(output.status.success(), "{}", describe("--help", &output));
    String::from_utf8(output.stdout).expect("UTF-8 help")
}

/// The names under the `Commands…:` headings of a help text (learners', teachers' and
/// maintainers' commands are listed apart).
fn subcommands(help: &str) -> std::collections::BTreeSet<String> {
    let mut names = std::collections::BTreeSet::new();
    let mut in_commands = false;
    for line in help.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            in_commands = false;
        } else if !line.starts_with(' ') {
            in_commands = trimmed.starts_with("Commands") && trimmed.ends_with(':');
        } else if in_commands && let Some(name) = trimmed.split_whitespace().next() {
            names.insert(name.to_string());
        }
    }
    names.remove("help");
    names
}

/// Whether the help shows `--flag <VALUE>`.
fn takes_value(help: &str, flag: &str) -> bool {
    help.contains(&format!("--{flag} <"))
}

/// The words of a command after `cargo grade`, up to the first shell operator, quotes removed.
fn shell_words(command: &str) -> Vec<String> {
    let after = command
        .split_once("cargo grade")
        .map(|(_, rest)| rest)
        .unwrap_or("");
    after
        .split_whitespace()
        .take_while(|word| !matches!(*word, ">" | ">>" | "|" | "&&" | "||" | ";" | "2>&1"))
        .map(|word| word.trim_matches('"').trim_matches('\'').to_string())
        .collect()
}

/// Every `cargo grade` command line in `script`, with its file.
fn grade_commands(file: &str, script: &str) -> Vec<(String, String)> {
    script
        .lines()
        .map(str::trim)
        .filter(|line| line.starts_with("cargo grade"))
        .map(|line| (file.to_string(), line.to_string()))
        .collect()
}

/// The `cargo grade` lines of the teachers' chapter's shell blocks.
fn chapter_commands() -> Vec<(String, String)> {
    let text = template(TEACHERS_CHAPTER);
    let mut commands = Vec::new();
    let mut in_shell = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if let Some(fence) = trimmed.strip_prefix("```") {
            in_shell = !in_shell && matches!(fence, "sh" | "bash" | "console");
            continue;
        }
        if in_shell && trimmed.starts_with("cargo grade") {
            commands.push((TEACHERS_CHAPTER.to_string(), trimmed.to_string()));
        }
    }
    commands
}

// ---------------------------------------------------------------------------------------------
// The YAML reader

/// A GitHub Actions step.
#[derive(Debug)]
struct Step {
    name: String,
    /// The script, or "" for a step that `uses:` an action.
    run: String,
    working_directory: Option<String>,
}

fn step<'a>(steps: &'a [Step], name: &str) -> &'a Step {
    let found: Vec<&Step> = steps.iter().filter(|s| s.name == name).collect();
    assert_eq!(found.len(), 1, "one step named {name:?}: {steps:#?}");
    found[0]
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Every step of a workflow, in order.
fn github_steps(file: &str, text: &str) -> Vec<Step> {
    let lines: Vec<&str> = text.lines().collect();
    let mut steps = Vec::new();
    for (at, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("- uses:") || trimmed.starts_with("- run:") {
            panic!("{file}:{}: every step starts with `- name:`", at + 1);
        }
        let Some(name) = trimmed.strip_prefix("- name:") else {
            continue;
        };
        let key_indent = indent(line) + 2;
        let mut step = Step {
            name: unquote(name),
            run: String::new(),
            working_directory: None,
        };
        let mut next = at + 1;
        while next < lines.len()
            && (lines[next].trim().is_empty() || indent(lines[next]) >= key_indent)
        {
            let here = lines[next];
            if indent(here) == key_indent {
                let key_line = here.trim();
                if let Some(value) = key_line.strip_prefix("run:") {
                    let (script, end) = scalar(file, &lines, next, key_indent, value.trim());
                    step.run = script;
                    next = end;
                    continue;
                }
                if let Some(value) = key_line.strip_prefix("working-directory:") {
                    step.working_directory = Some(unquote(value));
                }
            }
            next += 1;
        }
        steps.push(step);
    }
    assert!(!steps.is_empty(), "{file}: no steps found");
    steps
}

/// A scalar value starting at `lines[at]`: one line, or a `|` block of the lines indented
/// deeper than `key_indent`. Returns it and the index of the line after it.
fn scalar(
    file: &str,
    lines: &[&str],
    at: usize,
    key_indent: usize,
    value: &str,
) -> (String, usize) {
    match value {
        "|" | "|-" => {
            let mut end = at + 1;
            let mut block = Vec::new();
            while end < lines.len()
                && (lines[end].trim().is_empty() || indent(lines[end]) > key_indent)
            {
                block.push(lines[end]);
                end += 1;
            }
            while block.last().is_some_and(|line| line.trim().is_empty()) {
                block.pop();
            }
            let depth = block
                .iter()
                .filter(|line| !line.trim().is_empty())
                .map(|line| indent(line))
                .min()
                .unwrap_or(0);
            let text: Vec<&str> = block
                .iter()
                .map(|line| {
                    if line.len() >= depth {
                        &line[depth..]
                    } else {
                        ""
                    }
                })
                .collect();
            (text.join("\n"), end)
        }
        _ if value.starts_with('>') || value.starts_with('|') => {
            panic!(
                "{file}:{}: the test's reader takes `|` blocks and one-line values only",
                at + 1
            )
        }
        _ => (unquote(value), at + 1),
    }
}

fn unquote(value: &str) -> String {
    let value = value.trim();
    value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
        .unwrap_or(value)
        .to_string()
}

/// The numbers of `shard: [1, 2, 3]` in a workflow's matrix.
fn github_matrix_shards(file: &str, text: &str) -> Vec<usize> {
    let list = text
        .lines()
        .find_map(|line| line.trim().strip_prefix("shard:"))
        .unwrap_or_else(|| panic!("{file}: no `shard:` matrix"));
    let inner = list
        .trim()
        .strip_prefix('[')
        .and_then(|l| l.strip_suffix(']'))
        .unwrap_or_else(|| panic!("{file}: `shard:` is not a [list]"));
    inner
        .split(',')
        .map(|n| {
            n.trim()
                .parse()
                .unwrap_or_else(|_| panic!("{file}: shard {n:?}"))
        })
        .collect()
}

/// A GitLab CI job.
#[derive(Debug)]
struct Job {
    name: String,
    /// The items of `script:`, each a command or a block of them.
    script: Vec<String>,
    parallel: Option<usize>,
    /// `artifacts: reports: junit:`.
    junit: Option<String>,
}

fn job<'a>(jobs: &'a [Job], name: &str) -> &'a Job {
    jobs.iter()
        .find(|job| job.name == name)
        .unwrap_or_else(|| panic!("no job {name:?}: {jobs:#?}"))
}

/// The jobs of a `.gitlab-ci.yml`: top-level keys other than GitLab's global ones and hidden
/// (`.name`) templates.
fn gitlab_jobs(file: &str, text: &str) -> Vec<Job> {
    const GLOBAL: &[&str] = &[
        "stages",
        "default",
        "variables",
        "include",
        "workflow",
        "image",
    ];
    let lines: Vec<&str> = text.lines().collect();
    let mut jobs = Vec::new();
    for (at, line) in lines.iter().enumerate() {
        if line.starts_with([' ', '#', '.']) || line.trim().is_empty() {
            continue;
        }
        let name = line
            .strip_suffix(':')
            .unwrap_or_else(|| panic!("{file}:{}: a top-level key ends with `:`", at + 1));
        if GLOBAL.contains(&name) {
            continue;
        }
        let mut job = Job {
            name: name.to_string(),
            script: Vec::new(),
            parallel: None,
            junit: None,
        };
        let mut next = at + 1;
        while next < lines.len() && (lines[next].trim().is_empty() || lines[next].starts_with(' '))
        {
            let here = lines[next];
            let trimmed = here.trim();
            if indent(here) == 2 && trimmed == "script:" {
                next += 1;
                while next < lines.len()
                    && (lines[next].trim().is_empty() || indent(lines[next]) > 2)
                {
                    let item = lines[next];
                    let content = item.trim();
                    if let Some(value) = content.strip_prefix("- ") {
                        let (script, end) = scalar(file, &lines, next, indent(item), value);
                        job.script.push(script);
                        next = end;
                    } else {
                        assert!(
                            content.is_empty() || content.starts_with('#'),
                            "{file}:{}: a script item starts with `- `",
                            next + 1
                        );
                        next += 1;
                    }
                }
                continue;
            }
            if let Some(value) = trimmed
                .strip_prefix("parallel:")
                .filter(|_| indent(here) == 2)
            {
                job.parallel = Some(
                    value
                        .trim()
                        .parse()
                        .unwrap_or_else(|_| panic!("{file}:{}: parallel: a number", next + 1)),
                );
            }
            if let Some(value) = trimmed.strip_prefix("junit:") {
                job.junit = Some(unquote(value));
            }
            next += 1;
        }
        jobs.push(job);
    }
    assert!(!jobs.is_empty(), "{file}: no jobs found");
    jobs
}
