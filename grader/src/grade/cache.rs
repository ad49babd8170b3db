//! Warm runs: what an unchanged hidden-test executable said last time.
//!
//! cargo relinks a hidden-test executable whenever anything it is built from changes: the graded
//! crate, the exercise's `tests.rs`, `grader-support`, the profile. An executable with the same
//! path, size and modification time is the same program, and a hidden test is a deterministic
//! program: run again with the same limits, stress mode and seed, it does what it did. So a warm
//! `cargo grade` lists no test binary and runs no test whose executable did not change, and takes
//! its outcome from `target/grader/cache/TREE.json` instead.
//!
//! Only outcomes that cannot depend on the machine's load are kept: `pass` (the test proved it)
//! and `todo` (it reached `todo!()`). A failure, a timeout or a crash runs again every time, so a
//! test that failed because the machine was busy gets its fair second try. The file is tied to
//! the grader's own executable: a rebuilt grader starts from nothing. Removing the folder is
//! always safe.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::files::hash::{Fingerprint, file_stamp, grader_stamp, tree_key};
use crate::files::write_if_changed;
use crate::grade::manifest::Limits;
use crate::grade::outcome::{Location, Outcome, TestResult};

/// Bumped when the file's shape or meaning changes.
const FORMAT: u32 = 1;

/// The cache of one graded tree, read at the start of a run and written at its end.
#[derive(Debug)]
pub(crate) struct Cache {
    /// Where it is kept; `None` when this run keeps nothing (see [`Cache::off`]).
    path: Option<PathBuf>,
    file: CacheFile,
    changed: bool,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct CacheFile {
    /// Which grader wrote it: its format and its executable's stamp.
    grader: String,
    /// By executable path.
    executables: BTreeMap<PathBuf, Executable>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Executable {
    /// Size and modification time when these were recorded.
    stamp: String,
    /// What `--list` said.
    listed: Option<BTreeSet<String>>,
    /// Kept runs, by [`run_key`].
    runs: BTreeMap<String, KeptRun>,
    /// Compile-fail cases that failed to compile for the expected reason against this build
    /// of the graded crate, by [`Cache::case_key`].
    #[serde(default)]
    rejected_cases: BTreeSet<String>,
}

/// A kept outcome: only those that cannot depend on the machine's load.
#[derive(Debug, Clone, Serialize, Deserialize)]
enum KeptRun {
    /// The test proved it passed, in this many milliseconds.
    Pass { duration_ms: u64 },
    /// The code under test reached `todo!()` here.
    Todo {
        location: Option<String>,
        duration_ms: u64,
    },
}

impl KeptRun {
    /// The outcome worth keeping of `result`, if any.
    fn of(result: &TestResult) -> Option<Self> {
        let duration_ms = u64::try_from(result.duration.as_millis()).unwrap_or(u64::MAX);
        match &result.outcome {
            Outcome::Pass => Some(KeptRun::Pass { duration_ms }),
            Outcome::Todo { location } => Some(KeptRun::Todo {
                location: location.as_ref().map(|l| l.0.clone()),
                duration_ms,
            }),
            _ => None,
        }
    }

    /// The result it stands for (no output: a pass or a todo shows none).
    fn result(&self) -> TestResult {
        let (outcome, duration_ms) = match self {
            KeptRun::Pass { duration_ms } => (Outcome::Pass, *duration_ms),
            KeptRun::Todo {
                location,
                duration_ms,
            } => (
                Outcome::Todo {
                    location: location.clone().map(Location),
                },
                *duration_ms,
            ),
        };
        TestResult {
            outcome,
            output: None,
            duration: std::time::Duration::from_millis(duration_ms),
        }
    }
}

impl Cache {
    /// The cache of `tree` (empty when there is none, it cannot be read, or another grader
    /// wrote it).
    pub(crate) fn open(grader_target_dir: &Path, tree: &Path) -> Self {
        let path = grader_target_dir
            .join("cache")
            .join(format!("{}.json", tree_key(tree)));
        let grader = format!("format {FORMAT}, grader {}", grader_stamp());
        let file = fs::read(&path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<CacheFile>(&bytes).ok())
            .filter(|file| file.grader == grader)
            .unwrap_or(CacheFile {
                grader,
                executables: BTreeMap::new(),
            });
        Self {
            path: Some(path),
            file,
            changed: false,
        }
    }

    /// A cache that holds nothing and keeps nothing: for grading a submission or with a
    /// teacher's hidden tests, where every test runs every time and nothing from an earlier
    /// run (or from a file the submission brought along) can stand in for it.
    pub(crate) fn off() -> Self {
        Self {
            path: None,
            file: CacheFile::default(),
            changed: false,
        }
    }

    /// The record of `executable`, emptied when the executable changed since it was written.
    fn executable(&mut self, executable: &Path) -> &mut Executable {
        let stamp = file_stamp(executable).unwrap_or_default();
        let entry = self
            .file
            .executables
            .entry(executable.to_path_buf())
            .or_default();
        if entry.stamp != stamp || stamp.is_empty() {
            *entry = Executable {
                stamp,
                ..Executable::default()
            };
            self.changed = true;
        }
        entry
    }

    /// The test names `executable --list` printed, when it did not change since.
    pub(crate) fn listed(&mut self, executable: &Path) -> Option<BTreeSet<String>> {
        self.executable(executable).listed.clone()
    }

    /// Records what `executable --list` printed.
    pub(crate) fn set_listed(&mut self, executable: &Path, names: &BTreeSet<String>) {
        self.executable(executable).listed = Some(names.clone());
        self.changed = true;
    }

    /// The kept run of `test` in `executable` under these limits, if there is one.
    pub(crate) fn run(
        &mut self,
        executable: &Path,
        test: &str,
        limits: &Limits,
        stress: bool,
    ) -> Option<TestResult> {
        let key = run_key(test, limits, stress);
        self.executable(executable)
            .runs
            .get(&key)
            .map(KeptRun::result)
    }

    /// Keeps `run` when its outcome cannot depend on the machine's load.
    pub(crate) fn set_run(
        &mut self,
        executable: &Path,
        test: &str,
        limits: &Limits,
        stress: bool,
        result: &TestResult,
    ) {
        let Some(kept) = KeptRun::of(result) else {
            return;
        };
        let key = run_key(test, limits, stress);
        self.executable(executable).runs.insert(key, kept);
        self.changed = true;
    }

    /// What a compile-fail verdict depends on besides the graded crate (whose every change
    /// relinks the exercise's test executable): the case's name and source and the errors it
    /// must produce. `None` when the case cannot be read (then it is built, and the build says
    /// why).
    pub(crate) fn case_key(example: &str, case: &Path, expect: &[String]) -> Option<String> {
        let source = fs::read(case).ok()?;
        let hash = Fingerprint::new()
            .bytes(&source)
            .bytes(expect.join("\n").as_bytes())
            .hex();
        Some(format!("{example} {hash}"))
    }

    /// Whether the case of `key` was rejected as expected against `executable`'s build.
    pub(crate) fn case_rejected(&mut self, executable: &Path, key: &str) -> bool {
        self.executable(executable).rejected_cases.contains(key)
    }

    /// Keeps that the case of `key` was rejected as expected (only that verdict is kept: a
    /// case that compiled, or failed for another reason, is built again next time).
    pub(crate) fn set_case_rejected(&mut self, executable: &Path, key: &str) {
        self.executable(executable)
            .rejected_cases
            .insert(key.to_string());
        self.changed = true;
    }

    /// Writes the cache back when it changed. A cache that cannot be written is no error: the
    /// next run is simply not faster.
    pub(crate) fn save(self) {
        let Some(path) = self.path.as_deref().filter(|_| self.changed) else {
            return;
        };
        // Executables that are gone (a `cargo clean`, a renamed exercise) are forgotten.
        let mut file = self.file;
        file.executables.retain(|path, _| path.exists());
        if let Ok(text) = serde_json::to_string(&file) {
            let _ = write_if_changed(path, &text);
        }
    }
}

/// A run is reused only for the same test under the same limits, stress mode and replay seed.
fn run_key(test: &str, limits: &Limits, stress: bool) -> String {
    let seed = std::env::var(grader_support::replay::SEED_ENV).unwrap_or_default();
    format!(
        "{test} timeout={:?} memory={} output={} stress={stress} seed={seed}",
        limits.timeout, limits.memory_limit_bytes, limits.output_limit_bytes
    )
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::grade::outcome::Failure;

    fn limits() -> Limits {
        Limits {
            timeout: Duration::from_secs(10),
            memory_limit_bytes: 1 << 30,
            output_limit_bytes: 1 << 16,
        }
    }

    fn result(outcome: Outcome) -> TestResult {
        TestResult {
            outcome,
            output: None,
            duration: Duration::from_millis(7),
        }
    }

    #[test]
    fn passes_and_todos_are_kept_failures_run_again_and_a_changed_executable_forgets() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target");
        let tree = dir.path().join("exercises");
        let executable = dir.path().join("hidden-tests");
        fs::write(&executable, b"one build").unwrap();
        let mut cache = Cache::open(&target, &tree);
        cache.set_run(
            &executable,
            "passes",
            &limits(),
            false,
            &result(Outcome::Pass),
        );
        let todo = Outcome::Todo {
            location: Some(Location("src/lib.rs:3:5".into())),
        };
        cache.set_run(
            &executable,
            "not_started",
            &limits(),
            false,
            &result(todo.clone()),
        );
        let failed = Outcome::Fail(Failure::Exited {
            code: Some(1),
            proved: false,
        });
        cache.set_run(&executable, "fails", &limits(), false, &result(failed));
        cache.save();

        let mut cache = Cache::open(&target, &tree);
        let kept = cache.run(&executable, "passes", &limits(), false).unwrap();
        assert_eq!(kept.outcome, Outcome::Pass);
        assert_eq!(kept.duration, Duration::from_millis(7));
        let kept = cache
            .run(&executable, "not_started", &limits(), false)
            .unwrap();
        assert_eq!(kept.outcome, todo, "a todo keeps its location");
        assert!(
            cache.run(&executable, "fails", &limits(), false).is_none(),
            "a failure runs again"
        );
        assert!(
            cache.run(&executable, "passes", &limits(), true).is_none(),
            "another mode (--stress) is another run"
        );

        // A rebuilt executable (another size or time) is another program: nothing is kept.
        fs::write(&executable, b"another build, longer").unwrap();
        let mut cache = Cache::open(&target, &tree);
        assert!(cache.run(&executable, "passes", &limits(), false).is_none());
    }

    #[test]
    fn a_rejected_compile_fail_case_is_kept_for_its_source_and_expected_errors() {
        let dir = tempfile::tempdir().unwrap();
        let case = dir.path().join("not_send.rs");
        fs::write(&case, "fn main() {}").unwrap();
        let expect = vec!["E0277".to_string()];
        let key = Cache::case_key("rc__not_send", &case, &expect).unwrap();
        assert_ne!(
            Some(key.clone()),
            Cache::case_key("rc__not_send", &case, &["E0599".to_string()]),
            "other expected errors, another verdict"
        );
        let executable = dir.path().join("hidden-tests");
        fs::write(&executable, b"one build").unwrap();
        let mut cache = Cache::open(&dir.path().join("target"), dir.path());
        assert!(!cache.case_rejected(&executable, &key));
        cache.set_case_rejected(&executable, &key);
        cache.save();
        let mut cache = Cache::open(&dir.path().join("target"), dir.path());
        assert!(cache.case_rejected(&executable, &key));
        fs::write(&case, "fn main() { let changed = 1; }").unwrap();
        let changed = Cache::case_key("rc__not_send", &case, &expect).unwrap();
        assert!(
            !cache.case_rejected(&executable, &changed),
            "a changed case is built again"
        );
    }

    #[test]
    fn a_cache_that_is_off_keeps_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let executable = dir.path().join("hidden-tests");
        fs::write(&executable, b"one build").unwrap();
        let mut cache = Cache::off();
        cache.set_run(
            &executable,
            "passes",
            &limits(),
            false,
            &result(Outcome::Pass),
        );
        cache.save();
        assert!(!dir.path().join("target").exists());
        let mut reopened = Cache::open(&dir.path().join("target"), dir.path());
        assert!(
            reopened
                .run(&executable, "passes", &limits(), false)
                .is_none()
        );
    }
}
