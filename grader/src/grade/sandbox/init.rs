//! The first process inside a test's sandbox: the grader binary itself, started by `unshare` as
//! `grader __sandbox-init …` in fresh network, mount, IPC and pid namespaces, where it is pid 1.
//!
//! It sets the sandbox up from inside, in this order, then starts the test and waits for it:
//!
//! 1. joins the test's control groups (one memory cap for all the test's processes);
//! 2. gives the test a private `/tmp` and `/dev/shm` (empty `tmpfs`, gone with the namespace),
//!    covers the folder of this run's result folders (the other tests' proofs), and binds back
//!    below those only the folders the test needs (its executable's folder when the checkout
//!    lives in `/tmp`, its own result folder);
//! 3. remounts every mount read-only except the result folder and the private temp folders;
//! 4. covers the hidden tests, the harness and the private sources with empty, unreadable mounts;
//! 5. replaces `/proc` with an empty `tmpfs` holding only `self/exe` (a link to the test's
//!    executable, so a backtrace can still be symbolized): no `/proc/self/mem`, no other process;
//! 6. limits the address space and core dumps, moves to the result folder, and starts the test
//!    through util-linux's `setpriv`: as an unprivileged user with no groups when asked
//!    (`--user`), with an empty capability bounding set and `no_new_privs` always.
//!
//! The test is a child, not this process, because pid 1 of a namespace ignores the signals it has
//! no handler for: a test that is pid 1 could not die of its own `abort()`. When the test ends
//! its raw wait status goes to this process's stdout (`status N`), which the grader reads from a
//! pipe the test never holds (the test's stdout and stderr both go to this process's stderr),
//! and this process exits; the kernel then kills whatever the test left behind in the
//! namespace. A failure to set up exits with [`SETUP_FAILED`] after saying why on stderr.

use std::ffi::{OsStr, OsString};
use std::fs;
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use anyhow::{Context, Result, bail};
use nix::mount::{MsFlags, mount};
use nix::sys::resource::{Resource, setrlimit};
use nix::sys::statvfs::{FsFlags, statvfs};

/// The first argument that makes the grader binary this init instead of `cargo grade`.
pub(crate) const INIT_ARG: &str = "__sandbox-init";

/// Exit code of the init when the sandbox could not be set up.
pub(crate) const SETUP_FAILED: i32 = 120;

/// The prefix of the line on the init's stdout that carries the test's wait status.
pub(crate) const STATUS_PREFIX: &str = "status ";

/// What the init is asked to do; [`Plan::to_args`] and [`Plan::parse`] are each other's inverse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Plan {
    /// The one folder the test may write (besides its private temp folders).
    pub(crate) result_dir: PathBuf,
    /// Folders the test must not read.
    pub(crate) hidden: Vec<PathBuf>,
    /// Address-space limit of every process of the test, in KiB.
    pub(crate) memory_kib: Option<u64>,
    /// Size of the private `/tmp` and `/dev/shm`, in bytes.
    pub(crate) tmp_bytes: u64,
    /// Control-group folders to join.
    pub(crate) groups: Vec<PathBuf>,
    /// User and group id to run the test as (only when the grader runs as root).
    pub(crate) user: Option<(u32, u32)>,
    /// Whether the mount and file-system part is set up (off for a probe of the rest alone).
    pub(crate) isolate_files: bool,
    /// The test's program and its arguments.
    pub(crate) program: PathBuf,
    pub(crate) args: Vec<OsString>,
}

impl Plan {
    /// The init's command-line arguments for this plan (after [`INIT_ARG`]).
    pub(crate) fn to_args(&self) -> Vec<OsString> {
        let mut args: Vec<OsString> = vec!["--result".into(), self.result_dir.clone().into()];
        for dir in &self.hidden {
            args.extend(["--hide".into(), dir.clone().into()]);
        }
        if let Some(kib) = self.memory_kib {
            args.extend(["--memory-kib".into(), kib.to_string().into()]);
        }
        args.extend(["--tmp-bytes".into(), self.tmp_bytes.to_string().into()]);
        for group in &self.groups {
            args.extend(["--group".into(), group.clone().into()]);
        }
        if let Some((uid, gid)) = self.user {
            args.extend(["--user".into(), format!("{uid}:{gid}").into()]);
        }
        if !self.isolate_files {
            args.push("--keep-files".into());
        }
        args.push("--".into());
        args.push(self.program.clone().into());
        args.extend(self.args.iter().cloned());
        args
    }

    /// Reads the arguments [`Plan::to_args`] wrote.
    pub(crate) fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Plan> {
        let mut args = args.into_iter();
        let mut plan = Plan {
            result_dir: PathBuf::new(),
            hidden: Vec::new(),
            memory_kib: None,
            tmp_bytes: 0,
            groups: Vec::new(),
            user: None,
            isolate_files: true,
            program: PathBuf::new(),
            args: Vec::new(),
        };
        let text = |value: Option<OsString>, flag: &str| -> Result<String> {
            value
                .and_then(|value| value.into_string().ok())
                .with_context(|| format!("{flag} needs a value"))
        };
        while let Some(flag) = args.next() {
            match flag.to_str() {
                Some("--result") => plan.result_dir = args.next().context("--result")?.into(),
                Some("--hide") => plan.hidden.push(args.next().context("--hide")?.into()),
                Some("--group") => plan.groups.push(args.next().context("--group")?.into()),
                Some("--memory-kib") => {
                    plan.memory_kib = Some(text(args.next(), "--memory-kib")?.parse()?);
                }
                Some("--tmp-bytes") => {
                    plan.tmp_bytes = text(args.next(), "--tmp-bytes")?.parse()?
                }
                Some("--user") => {
                    let value = text(args.next(), "--user")?;
                    let (uid, gid) = value.split_once(':').context("--user is UID:GID")?;
                    plan.user = Some((uid.parse()?, gid.parse()?));
                }
                Some("--keep-files") => plan.isolate_files = false,
                Some("--") => {
                    plan.program = args.next().context("no program after --")?.into();
                    plan.args = args.collect();
                    return Ok(plan);
                }
                _ => bail!("unknown sandbox argument {flag:?}"),
            }
        }
        bail!("no program to run")
    }
}

/// The init's `main`: `args` are those after [`INIT_ARG`].
pub(crate) fn main(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    match Plan::parse(args).and_then(|plan| run(&plan)) {
        Ok(status) => {
            let line = format!("{STATUS_PREFIX}{status}\n");
            if std::io::stdout().write_all(line.as_bytes()).is_err() {
                return ExitCode::from(SETUP_FAILED as u8);
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("grader sandbox: {err:#}");
            ExitCode::from(SETUP_FAILED as u8)
        }
    }
}

/// Sets the sandbox up, runs the test, and returns its raw wait status.
fn run(plan: &Plan) -> Result<i32> {
    for group in &plan.groups {
        // "0" is the writing process: this one, and every process it starts from now on.
        fs::write(group.join("cgroup.procs"), "0")
            .with_context(|| format!("cannot join the control group {}", group.display()))?;
    }
    if plan.isolate_files {
        isolate_files(plan)?;
    }
    std::env::set_current_dir(&plan.result_dir)
        .with_context(|| format!("cannot enter {}", plan.result_dir.display()))?;
    if let Some(kib) = plan.memory_kib {
        let bytes = kib.saturating_mul(1024);
        setrlimit(Resource::RLIMIT_AS, bytes, bytes).context("cannot limit the address space")?;
    }
    setrlimit(Resource::RLIMIT_CORE, 0, 0).context("cannot switch core dumps off")?;

    let mut command = Command::new("setpriv");
    if let Some((uid, gid)) = plan.user {
        command.args([
            format!("--reuid={uid}"),
            format!("--regid={gid}"),
            "--clear-groups".to_string(),
        ]);
    }
    // The test's stdout joins its stderr: this process's stdout carries only the status.
    let output = std::os::fd::AsFd::as_fd(&std::io::stderr())
        .try_clone_to_owned()
        .context("cannot share the output pipe")?;
    let status = command
        .args([
            "--bounding-set=-all",
            "--inh-caps=-all",
            "--no-new-privs",
            "--",
        ])
        .arg(&plan.program)
        .args(&plan.args)
        .stdin(Stdio::inherit())
        .stdout(Stdio::from(output))
        .stderr(Stdio::inherit())
        .status()
        .context("cannot start the test through setpriv")?;
    Ok(status.into_raw())
}

/// Steps 2–5 of the module's list: private temp folders, everything else read-only, the hidden
/// folders covered, `/proc` replaced.
fn isolate_files(plan: &Plan) -> Result<()> {
    let result = &plan.result_dir;
    let program_dir = plan
        .program
        .parent()
        .context("the test's program has no folder")?
        .to_path_buf();
    // What the test needs, held open before anything is mounted over it.
    let needed = [(result.clone(), true), (program_dir, false)];
    let held: Vec<(PathBuf, bool, fs::File)> = needed
        .into_iter()
        .map(|(dir, writable)| {
            let handle =
                fs::File::open(&dir).with_context(|| format!("cannot open {}", dir.display()))?;
            Ok((dir, writable, handle))
        })
        .collect::<Result<_>>()?;

    let private = [Path::new("/tmp"), Path::new("/dev/shm")];
    let tmp_options = format!("size={},mode=1777", plan.tmp_bytes.max(1 << 20));
    for dir in private.iter().filter(|dir| dir.is_dir()) {
        mount(
            Some("tmpfs"),
            *dir,
            Some("tmpfs"),
            MsFlags::MS_NOSUID | MsFlags::MS_NODEV,
            Some(tmp_options.as_str()),
        )
        .with_context(|| format!("cannot mount a private {}", dir.display()))?;
    }
    // The folder of this run's result folders: the other tests' folders (their proofs, their
    // panics) are covered too, wherever the checkout lives.
    let runs = result
        .parent()
        .context("the result folder has no parent")?
        .to_path_buf();
    fs::create_dir_all(&runs).with_context(|| format!("cannot recreate {}", runs.display()))?;
    mount(
        Some("tmpfs"),
        &runs,
        Some("tmpfs"),
        MsFlags::MS_NOSUID | MsFlags::MS_NODEV | MsFlags::MS_NOEXEC,
        Some("size=64k,mode=755"),
    )
    .with_context(|| format!("cannot cover {}", runs.display()))?;
    let covers: Vec<&Path> = private.iter().copied().chain([runs.as_path()]).collect();
    // Bind each needed folder back in place: below a cover it was just hidden, elsewhere the
    // bind is harmless, and the result folder's bind is what stays writable.
    for (dir, writable, handle) in &held {
        if !writable && !covers.iter().any(|cover| dir.starts_with(cover)) {
            continue;
        }
        fs::create_dir_all(dir).with_context(|| format!("cannot recreate {}", dir.display()))?;
        let source = PathBuf::from(format!("/proc/self/fd/{}", raw_fd(handle)));
        mount(
            Some(&source),
            dir,
            None::<&str>,
            MsFlags::MS_BIND | MsFlags::MS_REC,
            None::<&str>,
        )
        .with_context(|| format!("cannot bind {}", dir.display()))?;
    }
    let bound: Vec<PathBuf> = held.into_iter().map(|(dir, ..)| dir).collect();

    for point in mount_points()? {
        let writable = point == *result || private.contains(&point.as_path());
        // Mounts the host has below a cover are out of sight now, except the folders bound
        // back in (the covers themselves are made read-only, but the private temp folders).
        let covered = covers
            .iter()
            .any(|cover| point.starts_with(cover) && point != *cover)
            && !bound.contains(&point);
        if writable || covered || point.starts_with("/proc") {
            continue;
        }
        remount_read_only(&point)?;
    }
    for dir in plan.hidden.iter().filter(|dir| dir.is_dir()) {
        mount(
            Some("tmpfs"),
            dir,
            Some("tmpfs"),
            MsFlags::MS_RDONLY | MsFlags::MS_NOSUID | MsFlags::MS_NODEV | MsFlags::MS_NOEXEC,
            Some("size=4k,mode=000"),
        )
        .with_context(|| format!("cannot hide {}", dir.display()))?;
    }
    replace_proc(&plan.program)
}

/// The file descriptor number of an open file.
fn raw_fd(file: &fs::File) -> i32 {
    std::os::fd::AsRawFd::as_raw_fd(file)
}

/// Every mount point of this mount namespace, in `/proc/self/mountinfo`'s order (parents first).
fn mount_points() -> Result<Vec<PathBuf>> {
    let text = fs::read_to_string("/proc/self/mountinfo").context("cannot read the mounts")?;
    Ok(text
        .lines()
        .filter_map(|line| line.split(' ').nth(4))
        .map(|field| PathBuf::from(OsStr::from_bytes(&unescape(field))))
        .collect())
}

/// A mountinfo field with its octal escapes (`\040` for a space) decoded.
fn unescape(field: &str) -> Vec<u8> {
    let bytes = field.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let escaped = bytes.get(index + 1..index + 4).filter(|digits| {
            bytes[index] == b'\\' && digits.iter().all(|digit| (b'0'..=b'7').contains(digit))
        });
        match escaped {
            Some(digits) => {
                out.push(
                    digits
                        .iter()
                        .fold(0u8, |n, d| n.wrapping_mul(8) + (d - b'0')),
                );
                index += 4;
            }
            None => {
                out.push(bytes[index]);
                index += 1;
            }
        }
    }
    out
}

/// Remounts the mount at `point` read-only, keeping its other flags (a remount must repeat the
/// ones it cannot drop).
fn remount_read_only(point: &Path) -> Result<()> {
    let current = match statvfs(point) {
        Ok(stats) => stats.flags(),
        // Gone from sight (below a covered folder): nothing to protect there.
        Err(nix::errno::Errno::ENOENT) => return Ok(()),
        Err(err) => {
            return Err(err)
                .with_context(|| format!("cannot inspect the mount {}", point.display()));
        }
    };
    let mut flags = MsFlags::MS_REMOUNT | MsFlags::MS_BIND | MsFlags::MS_RDONLY;
    for (has, keep) in [
        (FsFlags::ST_NOSUID, MsFlags::MS_NOSUID),
        (FsFlags::ST_NODEV, MsFlags::MS_NODEV),
        (FsFlags::ST_NOEXEC, MsFlags::MS_NOEXEC),
        (FsFlags::ST_NOATIME, MsFlags::MS_NOATIME),
        (FsFlags::ST_NODIRATIME, MsFlags::MS_NODIRATIME),
        (FsFlags::ST_RELATIME, MsFlags::MS_RELATIME),
    ] {
        if current.contains(has) {
            flags |= keep;
        }
    }
    match mount(None::<&str>, point, None::<&str>, flags, None::<&str>) {
        // A mount point another mount now covers: what is seen there is that mount, made
        // read-only in its own turn.
        Err(nix::errno::Errno::EINVAL) => Ok(()),
        result => result.with_context(|| format!("cannot make {} read-only", point.display())),
    }
}

/// Covers `/proc` with an empty `tmpfs` holding only `self/exe`, a link to `program`.
fn replace_proc(program: &Path) -> Result<()> {
    let proc = Path::new("/proc");
    mount(
        Some("tmpfs"),
        proc,
        Some("tmpfs"),
        MsFlags::MS_NOSUID | MsFlags::MS_NODEV | MsFlags::MS_NOEXEC,
        Some("size=4k,mode=755"),
    )
    .context("cannot cover /proc")?;
    fs::create_dir(proc.join("self")).context("cannot make /proc/self")?;
    std::os::unix::fs::symlink(program, proc.join("self/exe"))
        .context("cannot link /proc/self/exe")?;
    remount_read_only(proc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_survives_its_arguments() {
        let plan = Plan {
            result_dir: "/r s".into(),
            hidden: vec!["/h1".into(), "/h2".into()],
            memory_kib: Some(42),
            tmp_bytes: 7,
            groups: vec!["/sys/fs/cgroup/memory/x".into()],
            user: Some((65534, 65534)),
            isolate_files: false,
            program: "/bin/prog".into(),
            args: vec!["--exact".into(), "--".into()],
        };
        assert_eq!(Plan::parse(plan.to_args()).unwrap(), plan);
    }

    #[test]
    fn mountinfo_escapes_are_decoded() {
        assert_eq!(unescape(r"/a\040b\134c"), b"/a b\\c");
        assert_eq!(unescape(r"/plain\0"), b"/plain\\0");
    }
}
