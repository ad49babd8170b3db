//! Where learner code runs: every hidden-test process (and every `--list` of a hidden-test
//! executable) starts in a sandbox the kernel enforces, as far as this machine allows.
//!
//! On Linux, util-linux's `unshare` starts the grader binary itself as the sandbox's first
//! process ([`init`]) in new network, mount, IPC and pid namespaces. There the test has no
//! network (a loopback device, down); every mount is read-only except its own result folder; it
//! gets a private `/tmp` and `/dev/shm` that vanish with it; the hidden tests, the harness and
//! the private copies of submissions are covered by empty, unreadable mounts; `/proc` is an
//! empty `tmpfs` (no `/proc/self/mem`, no other process); it is its own pid namespace, so
//! nothing it starts outlives it and it cannot see or signal the grader. As root, the test runs
//! as user `nobody` with no groups; always with no capabilities and `no_new_privs`. Where a
//! memory control group can be created ([`cgroup`]), all the test's processes share one memory
//! cap and a cap on their number. When the grader is not root, a user namespace stands in for
//! root inside the sandbox (the test keeps the grader's own user id outside it).
//!
//! [`probe`] tries the strongest set-up first, on a scratch folder, once per grading run, and
//! falls back step by step; [`Sandbox::describe`] is the line every report carries, naming each
//! part this machine did not give. A failure is found before any test runs and never shows up
//! as a failing test.

pub(crate) mod cgroup;
pub(crate) mod init;

use std::io::{PipeReader, PipeWriter, Read};
use std::os::unix::process::CommandExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};

use anyhow::{Context, Result, bail};

use crate::grade::outcome::SandboxReport;
use cgroup::{Groups, TestGroup};
use init::Plan;

/// The user and group a test runs as when the grader is root: `nobody`/`nogroup`.
const NOBODY: (u32, u32) = (65534, 65534);

/// Memory a test's control group may hold beyond the test's own limit: the kernel's bookkeeping
/// for its processes (page tables, stacks of threads) is charged there too.
const GROUP_SLACK_BYTES: u64 = 16 << 20;

/// How this grading run starts test processes.
#[derive(Debug, Clone)]
pub(crate) struct Sandbox {
    mode: Mode,
}

#[derive(Debug, Clone)]
enum Mode {
    /// In namespaces, through the grader's own [`init`].
    Isolated(Box<Isolation>),
    /// As plain processes, and why.
    Plain { why: String },
}

/// One way of isolating tests, and what it leaves out.
#[derive(Debug, Clone)]
struct Isolation {
    /// `unshare`'s flags.
    unshare: Vec<&'static str>,
    /// The grader binary, which is the sandbox's first process.
    init: PathBuf,
    /// Folders the tests must not read.
    hidden: Vec<PathBuf>,
    /// The user the tests run as (root only).
    user: Option<(u32, u32)>,
    /// Where each test gets its control groups.
    groups: Option<Groups>,
    /// Whether mounts are made read-only, temp folders private, `/proc` and hidden folders
    /// covered.
    files: bool,
    /// Whether each test is its own pid namespace.
    pid_namespace: bool,
    /// Each isolation this machine did not give, and why.
    missing: Vec<String>,
}

/// One process to start in the sandbox.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Launch<'a> {
    /// The executable and its arguments.
    pub(crate) program: &'a Path,
    pub(crate) args: &'a [&'a str],
    /// The one folder it may write; its working directory in the sandbox.
    pub(crate) result_dir: &'a Path,
    /// The memory all its processes together may use (each one's address space, too).
    pub(crate) memory_bytes: Option<u64>,
}

/// A started process.
#[derive(Debug)]
pub(crate) struct Running {
    /// The process the grader waits for: `unshare`, or the test itself when not isolated.
    pub(crate) child: Child,
    /// Where the init reports the test's wait status (isolated only).
    status: Option<PipeReader>,
    /// The test's control groups, removed when this is dropped.
    group: Option<TestGroup>,
}

/// How a started process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ended {
    /// The test's own wait status; `None` when it was still running at its time limit.
    pub(crate) status: Option<ExitStatus>,
    /// The kernel killed one of its processes for going over the group's memory cap.
    pub(crate) out_of_memory: bool,
}

impl Sandbox {
    /// Tests run as plain processes (grader unit tests, and machines without namespaces).
    pub(crate) fn none(why: &str) -> Self {
        Sandbox {
            mode: Mode::Plain {
                why: why.to_string(),
            },
        }
    }

    /// What the report says about the test processes' isolation.
    pub(crate) fn describe(&self) -> SandboxReport {
        let isolation = match &self.mode {
            Mode::Isolated(isolation) => isolation,
            Mode::Plain { why } => {
                return SandboxReport {
                    network_isolated: false,
                    files_protected: false,
                    note: format!("test processes had the network and the grader's rights: {why}"),
                    missing: vec![why.clone()],
                };
            }
        };
        let mut held = vec!["no network".to_string()];
        if isolation.files {
            held.extend([
                "files read-only but their result folder".to_string(),
                "a private /tmp".to_string(),
                "no /proc of their own".to_string(),
                "hidden tests unreadable".to_string(),
            ]);
        }
        if isolation.pid_namespace {
            held.push("a pid namespace each".into());
        }
        held.push(match isolation.user {
            Some((uid, _)) => format!("user nobody ({uid}) without capabilities"),
            None => "no capabilities".to_string(),
        });
        if let Some(groups) = &isolation.groups {
            held.push(groups.describe());
        }
        let mut note = format!("tests ran with {}", held.join(", "));
        if !isolation.missing.is_empty() {
            note.push_str("; missing here: ");
            note.push_str(&isolation.missing.join("; "));
        }
        SandboxReport {
            network_isolated: true,
            files_protected: isolation.files,
            note,
            missing: isolation.missing.clone(),
        }
    }

    /// Starts `launch.program` in the sandbox. `configure` sets its environment; its stdout and
    /// stderr go to `output`, its stdin is `stdin`. Wait for [`Running::child`] (killing its
    /// process group at a time limit), then call [`Running::finish`].
    pub(crate) fn spawn(
        &self,
        launch: Launch<'_>,
        stdin: Stdio,
        output: PipeWriter,
        configure: impl FnOnce(&mut Command),
    ) -> Result<Running> {
        let memory_kib = launch.memory_bytes.map(|bytes| (bytes / 1024).max(1));
        let isolation = match &self.mode {
            Mode::Isolated(isolation) => isolation,
            Mode::Plain { .. } => {
                let memory = memory_kib.map_or_else(|| "unlimited".into(), |kib| kib.to_string());
                let mut command = Command::new("/bin/sh");
                command
                    .args([
                        "-c",
                        r#"ulimit -v "$1" 2>/dev/null; shift; exec "$@""#,
                        "sh",
                    ])
                    .arg(memory)
                    .arg(launch.program)
                    .args(launch.args)
                    .current_dir(launch.result_dir)
                    .stdin(stdin)
                    .stdout(Stdio::from(output.try_clone()?))
                    .stderr(Stdio::from(output))
                    .process_group(0);
                configure(&mut command);
                let child = command
                    .spawn()
                    .with_context(|| format!("cannot start {}", launch.program.display()))?;
                return Ok(Running {
                    child,
                    status: None,
                    group: None,
                });
            }
        };
        let group = match (&isolation.groups, launch.memory_bytes) {
            (Some(groups), Some(bytes)) => Some(groups.create(bytes + GROUP_SLACK_BYTES)?),
            _ => None,
        };
        if let Some((uid, gid)) = isolation.user {
            nix::unistd::chown(
                launch.result_dir,
                Some(nix::unistd::Uid::from_raw(uid)),
                Some(nix::unistd::Gid::from_raw(gid)),
            )
            .with_context(|| format!("cannot hand {} to the test", launch.result_dir.display()))?;
        }
        // Mounts are named by their real paths: compare like with like.
        let result_dir = launch
            .result_dir
            .canonicalize()
            .with_context(|| format!("cannot find {}", launch.result_dir.display()))?;
        let program = launch
            .program
            .canonicalize()
            .with_context(|| format!("cannot find {}", launch.program.display()))?;
        let plan = Plan {
            result_dir,
            hidden: isolation.hidden.clone(),
            memory_kib,
            tmp_bytes: launch.memory_bytes.unwrap_or(256 << 20),
            groups: group.as_ref().map(|g| g.dirs.clone()).unwrap_or_default(),
            user: isolation.user,
            isolate_files: isolation.files,
            program,
            args: launch.args.iter().map(Into::into).collect(),
        };
        let (status_reader, status_writer) = std::io::pipe()?;
        let mut command = Command::new("unshare");
        command
            .args(&isolation.unshare)
            .arg("--")
            .arg(&isolation.init)
            .arg(init::INIT_ARG)
            .args(plan.to_args())
            .current_dir(launch.result_dir)
            .stdin(stdin)
            .stdout(Stdio::from(status_writer))
            .stderr(Stdio::from(output))
            .process_group(0);
        configure(&mut command);
        let child = command
            .spawn()
            .with_context(|| format!("cannot start {} in the sandbox", launch.program.display()))?;
        // Dropping the command closes the grader's copies of the pipes' write ends.
        drop(command);
        Ok(Running {
            child,
            status: Some(status_reader),
            group,
        })
    }
}

impl Running {
    /// How the process ended, from what the grader waited for (`None` after a time limit) and,
    /// in the sandbox, the status the init reported. `output` is what the process printed (the
    /// init's reason when it could not set the sandbox up).
    pub(crate) fn finish(self, waited: Option<ExitStatus>, output: &str) -> Result<Ended> {
        let out_of_memory = self.group.as_ref().is_some_and(TestGroup::out_of_memory);
        let Some(mut pipe) = self.status else {
            return Ok(Ended {
                status: waited,
                out_of_memory,
            });
        };
        let Some(waited) = waited else {
            return Ok(Ended {
                status: None,
                out_of_memory,
            });
        };
        let mut text = String::new();
        let _ = pipe.read_to_string(&mut text);
        let reported = text
            .lines()
            .find_map(|line| line.strip_prefix(init::STATUS_PREFIX))
            .and_then(|raw| raw.trim().parse::<i32>().ok());
        match reported {
            Some(raw) => Ok(Ended {
                status: Some(ExitStatus::from_raw(raw)),
                out_of_memory,
            }),
            None if waited.code() == Some(init::SETUP_FAILED) => {
                bail!("the sandbox could not be set up: {}", output.trim())
            }
            // The init itself was killed (by the memory cap, say): its status stands for the
            // test's.
            None => Ok(Ended {
                status: Some(waited),
                out_of_memory,
            }),
        }
    }
}

/// Makes the grader's own memory unreadable to the test processes it starts: a process that is
/// not "dumpable" can be read through `/proc/PID/mem` or traced only with `CAP_SYS_PTRACE`. The
/// grader holds every running test's secret. Best effort, and a second wall where the sandbox
/// already hides every other process.
pub(crate) fn protect_grader() {
    #[cfg(target_os = "linux")]
    let _ = nix::sys::prctl::set_dumpable(false);
}

/// Finds out how test processes can be isolated here, trying each set-up once for real in a
/// scratch folder below `scratch`, strongest first. `hidden` are the folders tests must not read
/// (those that exist).
pub(crate) fn probe(scratch: &Path, hidden: Vec<PathBuf>) -> Sandbox {
    if !cfg!(target_os = "linux") {
        return Sandbox::none("namespaces are Linux's");
    }
    let init = match std::env::current_exe() {
        Ok(init) => init,
        Err(err) => return Sandbox::none(&format!("cannot find the grader's own binary: {err}")),
    };
    let mut hidden: Vec<PathBuf> = hidden
        .into_iter()
        .filter_map(|dir| dir.canonicalize().ok())
        .collect();
    hidden.sort();
    hidden.dedup();
    let probe_dir = scratch.join(format!("sandbox-probe-{}", std::process::id()));
    if let Err(err) = std::fs::create_dir_all(&probe_dir) {
        return Sandbox::none(&format!("cannot create {}: {err}", probe_dir.display()));
    }
    let probe_dir = probe_dir.canonicalize().unwrap_or(probe_dir);
    let (groups, no_groups) = match Groups::find() {
        Ok(groups) => (Some(groups), None),
        Err(why) => (None, Some(why)),
    };
    let mut missing: Vec<String> = no_groups.into_iter().collect();
    if groups.as_ref().is_some_and(|groups| !groups.caps_tasks()) {
        missing.push("a cap on a test's processes and threads (no pids control group)".into());
    }
    let full = Isolation {
        unshare: Vec::new(),
        init,
        hidden,
        user: None,
        groups,
        files: true,
        pid_namespace: true,
        missing,
    };
    let mut why = String::new();
    for candidate in candidates(&full) {
        let sandbox = Sandbox {
            mode: Mode::Isolated(Box::new(candidate)),
        };
        match try_out(&sandbox, &probe_dir) {
            Ok(()) => {
                let _ = std::fs::remove_dir_all(&probe_dir);
                return sandbox;
            }
            Err(err) => {
                if why.is_empty() {
                    why = format!("{err:#}");
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&probe_dir);
    Sandbox::none(&format!("no sandbox could be set up here ({why})"))
}

/// The set-ups to try, strongest first, each saying what it leaves out.
fn candidates(full: &Isolation) -> Vec<Isolation> {
    let namespaces = [
        "--net",
        "--mount",
        "--ipc",
        "--pid",
        "--fork",
        "--kill-child",
    ];
    let as_root = nix::unistd::Uid::effective().is_root();
    let mut list = Vec::new();
    let with = |unshare: &[&'static str], change: &dyn Fn(&mut Isolation)| {
        let mut isolation = full.clone();
        isolation.unshare = unshare.to_vec();
        change(&mut isolation);
        isolation
    };
    if as_root {
        list.push(with(&namespaces, &|i| i.user = Some(NOBODY)));
        list.push(with(&namespaces, &|i| {
            i.missing
                .push("a user other than root (user nobody cannot run the tests here)".into());
        }));
    }
    let user_namespace = ["--user", "--map-root-user"];
    let mut in_user_namespace = user_namespace.to_vec();
    in_user_namespace.extend(namespaces);
    let no_groups = |i: &mut Isolation| {
        if i.groups.take().is_some() {
            i.missing.push("a memory cap for a test's processes together (the control group cannot be joined from a user namespace)".into());
        }
    };
    list.push(with(&in_user_namespace, &|_| {}));
    list.push(with(&in_user_namespace, &|i| no_groups(i)));
    let mut without_pid = user_namespace.to_vec();
    without_pid.extend(["--net", "--mount", "--ipc"]);
    list.push(with(&without_pid, &|i| {
        no_groups(i);
        i.pid_namespace = false;
        i.missing
            .push("a pid namespace (a test's processes may outlive it)".into());
    }));
    list.push(with(&without_pid, &|i| {
        no_groups(i);
        i.pid_namespace = false;
        i.files = false;
        i.missing.push("a pid namespace (a test's processes may outlive it)".into());
        i.missing.push("read-only files, a private /tmp, no /proc and hidden tests kept out of reach (mounts failed)".into());
    }));
    // In a user namespace only root is mapped: a grader running as root keeps root's user id
    // outside (without capabilities).
    for isolation in list.iter_mut() {
        if as_root && isolation.user.is_none() {
            isolation.missing.insert(
                0,
                "a user other than root (user nobody cannot run the tests here)".into(),
            );
        }
    }
    list
}

/// Runs the grader's own `--version` in `sandbox` (so the sandbox's user must be able to reach
/// and run the files of the build folder), and fails with the reason unless it succeeded.
fn try_out(sandbox: &Sandbox, probe_dir: &Path) -> Result<()> {
    let Mode::Isolated(isolation) = &sandbox.mode else {
        return Ok(());
    };
    let result_dir = probe_dir.join("result");
    std::fs::create_dir_all(&result_dir)?;
    let (mut reader, writer) = std::io::pipe()?;
    let running = sandbox.spawn(
        Launch {
            program: &isolation.init,
            args: &["--version"],
            result_dir: &result_dir,
            memory_bytes: Some(1 << 30),
        },
        Stdio::null(),
        writer,
        |_| {},
    )?;
    let mut running = running;
    let waited = crate::grade::run::wait_with_timeout(
        &mut running.child,
        std::time::Duration::from_secs(30),
    )?;
    if waited.is_none() {
        let _ = running.child.kill();
        let _ = running.child.wait();
    }
    let mut output = String::new();
    let _ = reader.read_to_string(&mut output);
    let ended = running.finish(waited, &output)?;
    match ended.status {
        Some(status) if status.success() => Ok(()),
        Some(status) => bail!("`unshare` failed ({status}): {}", output.trim()),
        None => bail!("the sandbox did not start within 30 s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> Isolation {
        Isolation {
            unshare: Vec::new(),
            init: PathBuf::from("/grader"),
            hidden: Vec::new(),
            user: None,
            groups: None,
            files: true,
            pid_namespace: true,
            missing: Vec::new(),
        }
    }

    #[test]
    fn each_weaker_set_up_names_what_it_leaves_out() {
        let candidates = candidates(&full());
        let strongest = &candidates[0];
        if nix::unistd::Uid::effective().is_root() {
            assert_eq!(strongest.user, Some(NOBODY));
            assert!(strongest.missing.is_empty(), "{:?}", strongest.missing);
        }
        for weaker in &candidates[1..] {
            if weaker.user.is_none() && nix::unistd::Uid::effective().is_root() {
                assert!(
                    weaker
                        .missing
                        .iter()
                        .any(|why| why.contains("user other than root")),
                    "{:?}",
                    weaker.missing
                );
            }
            if !weaker.pid_namespace {
                assert!(!weaker.unshare.contains(&"--pid"));
                assert!(
                    weaker
                        .missing
                        .iter()
                        .any(|why| why.contains("pid namespace"))
                );
            }
            if !weaker.files {
                assert!(
                    weaker
                        .missing
                        .iter()
                        .any(|why| why.contains("read-only files"))
                );
            }
        }
        let last = candidates.last().expect("a last resort");
        assert!(!last.files && !last.pid_namespace);
    }

    #[test]
    fn the_report_lists_what_held_and_what_is_missing() {
        let mut isolation = full();
        isolation.user = Some(NOBODY);
        isolation.pid_namespace = false;
        isolation.missing = vec!["a pid namespace (a test's processes may outlive it)".into()];
        let report = Sandbox {
            mode: Mode::Isolated(Box::new(isolation)),
        }
        .describe();
        assert!(report.network_isolated && report.files_protected);
        assert!(
            report.note.contains("no /proc of their own"),
            "{}",
            report.note
        );
        assert!(
            report.note.contains("user nobody (65534)"),
            "{}",
            report.note
        );
        assert!(
            !report.note.contains("a pid namespace each"),
            "{}",
            report.note
        );
        assert!(
            report
                .note
                .ends_with("; missing here: a pid namespace (a test's processes may outlive it)"),
            "{}",
            report.note
        );
        assert_eq!(report.missing.len(), 1);
    }
}
