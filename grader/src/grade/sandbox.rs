//! Where test processes run: without a network, and unable to change the grader's files, the
//! teacher's hidden tests or the submission, wherever the operating system allows it.
//!
//! Learner code runs inside every hidden-test process with the grader's user id. On Linux each
//! test process is started by util-linux's `unshare` in a new network namespace (only a loopback
//! device, down) and a new mount namespace in which the checkout, the hidden-test folder and the
//! graded tree are bind-mounted read-only; only the test's own result folder stays writable
//! there (`/tmp` stays writable too). Then `setpriv` empties the capability bounding set and sets
//! `no_new_privs`, so the test cannot mount them writable again, even as root. When the user may
//! not create namespaces (no `unshare`, or unprivileged user namespaces switched off), tests run
//! as before and the report says so: [`Sandbox::describe`] is the line every report carries.
//!
//! [`probe`] tries the real set-up once per grading run on a scratch folder, so a failure is
//! found before any test runs and never shows up as a failing test.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::grade::outcome::SandboxReport;

/// The shell script that sets up the mount namespace, then limits memory and becomes the test.
///
/// It exits with code 120 if a mount fails (which the probe makes unlikely). Arguments: memory
/// limit in KiB, the writable result folder, how many read-only folders follow,
/// those folders, then the command. Mount order matters: the result folder is bound first so the
/// recursive bind of a read-only folder that contains it carries it along, still writable, and
/// `cd "$(pwd -P)"` makes the working directory resolve through the new mounts (an old handle would
/// still write to the folder underneath).
const SANDBOXED_SCRIPT: &str = r#"memory=$1; result=$2; count=$3; shift 3
mount --bind "$result" "$result" || exit 120
while [ "$count" -gt 0 ]; do
  mount --rbind "$1" "$1" && mount -o remount,bind,ro "$1" || exit 120
  shift; count=$((count - 1))
done
cd "$(pwd -P)" || exit 120
ulimit -v "$memory" 2>/dev/null
exec setpriv --bounding-set=-all --inh-caps=-all --no-new-privs -- "$@""#;

/// The plain script: a memory limit, then the test.
const PLAIN_SCRIPT: &str = r#"ulimit -v "$1" 2>/dev/null; shift; exec "$@""#;

/// How this grading run starts test processes.
#[derive(Debug, Clone)]
pub(crate) struct Sandbox {
    /// `unshare` and its flags, when namespaces work here.
    unshare: Option<Vec<&'static str>>,
    /// Folders mounted read-only for the tests.
    read_only: Vec<PathBuf>,
    /// Why tests are not isolated (when `unshare` is `None`).
    why_not: String,
}

impl Sandbox {
    /// Tests run as plain processes (grader unit tests, and machines without namespaces).
    pub(crate) fn none(why: &str) -> Self {
        Sandbox {
            unshare: None,
            read_only: Vec::new(),
            why_not: why.to_string(),
        }
    }

    /// What the report says about the test processes' isolation.
    pub(crate) fn describe(&self) -> SandboxReport {
        match &self.unshare {
            Some(_) => SandboxReport {
                network_isolated: true,
                files_protected: true,
                note: format!(
                    "test processes ran without a network and could not write to {}",
                    self.read_only
                        .iter()
                        .map(|dir| dir.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            },
            None => SandboxReport {
                network_isolated: false,
                files_protected: false,
                note: format!(
                    "test processes had the network and the grader's rights: {}",
                    self.why_not
                ),
            },
        }
    }

    /// The command that runs `program args…` under `memory_kib` of address space (no limit for
    /// `None`), in the sandbox when there is one, with `result_dir` writable.
    pub(crate) fn command(
        &self,
        memory_kib: Option<u64>,
        result_dir: &Path,
        program: &Path,
        args: &[&str],
    ) -> Command {
        let memory = memory_kib.map_or_else(|| "unlimited".to_string(), |kib| kib.to_string());
        let mut command;
        match &self.unshare {
            Some(flags) => {
                command = Command::new("unshare");
                command
                    .args(flags)
                    .args(["--", "/bin/sh", "-c", SANDBOXED_SCRIPT, "sh"])
                    .arg(&memory)
                    .arg(result_dir)
                    .arg(self.read_only.len().to_string())
                    .args(&self.read_only);
            }
            None => {
                command = Command::new("/bin/sh");
                command.args(["-c", PLAIN_SCRIPT, "sh"]).arg(&memory);
            }
        }
        command.arg(program).args(args);
        command
    }
}

/// Makes the grader's own memory unreadable to the test processes it starts: they share its user
/// id, and a process that is not "dumpable" can be read through `/proc/PID/mem` or traced only
/// with `CAP_SYS_PTRACE`, which the sandbox takes away. The grader holds every running test's
/// secret. Best effort: nothing else depends on it.
pub(crate) fn protect_grader() {
    #[cfg(target_os = "linux")]
    let _ = nix::sys::prctl::set_dumpable(false);
}

/// Finds out whether test processes can be isolated here, by setting up the sandbox once for
/// `true` in a scratch folder below `scratch`, with `read_only` (existing folders) protected.
pub(crate) fn probe(scratch: &Path, read_only: Vec<PathBuf>) -> Sandbox {
    if !cfg!(target_os = "linux") {
        return Sandbox::none("namespaces are Linux's");
    }
    let mut read_only: Vec<PathBuf> = read_only
        .into_iter()
        .filter_map(|dir| dir.canonicalize().ok())
        .collect();
    read_only.sort();
    read_only.dedup();
    // A folder inside another one is already covered.
    let covered: Vec<PathBuf> = read_only
        .iter()
        .filter(|dir| {
            read_only
                .iter()
                .any(|other| other != *dir && dir.starts_with(other))
        })
        .cloned()
        .collect();
    read_only.retain(|dir| !covered.contains(dir));

    let probe_dir = scratch.join(format!("sandbox-probe-{}", std::process::id()));
    if let Err(err) = std::fs::create_dir_all(&probe_dir) {
        return Sandbox::none(&format!("cannot create {}: {err}", probe_dir.display()));
    }
    let as_root = nix::unistd::Uid::effective().is_root();
    let mut candidates: Vec<Vec<&'static str>> = Vec::new();
    if as_root {
        candidates.push(vec!["--net", "--mount"]);
    }
    candidates.push(vec!["--user", "--map-root-user", "--net", "--mount"]);
    let mut why = String::new();
    for flags in candidates {
        let sandbox = Sandbox {
            unshare: Some(flags),
            read_only: read_only.clone(),
            why_not: String::new(),
        };
        let mut command = sandbox.command(None, &probe_dir, Path::new("true"), &[]);
        match command
            .current_dir(&probe_dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
        {
            Ok(output) if output.status.success() => {
                let _ = std::fs::remove_dir_all(&probe_dir);
                return sandbox;
            }
            Ok(output) => {
                why = format!(
                    "`unshare` failed ({}): {}",
                    output.status,
                    String::from_utf8_lossy(&output.stderr).trim()
                );
            }
            Err(err) => why = format!("cannot run `unshare`: {err}"),
        }
    }
    let _ = std::fs::remove_dir_all(&probe_dir);
    Sandbox::none(&why)
}
