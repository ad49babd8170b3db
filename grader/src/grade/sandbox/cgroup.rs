//! One memory cap for all the processes of a test: a control group per test process tree.
//!
//! An address-space limit (`ulimit -v`) holds each process on its own; a test that starts ten
//! children, or fills the private `/tmp` (a `tmpfs`, whose pages count as memory), is held only
//! by a control group. [`Groups::find`] looks for a memory controller this process may create
//! groups under — cgroup v1's `memory` hierarchy, or a cgroup v2 group whose
//! `cgroup.subtree_control` enables `memory` — and, beside it, the `pids` controller (a cap on
//! processes and threads). [`Groups::create`] makes one group per test; the sandbox's init joins
//! it before it starts the test, and the group is removed when the [`TestGroup`] is dropped.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::{Context, Result};

/// The most processes and threads one test may have at once.
pub(crate) const MAX_TASKS: u32 = 1024;

/// Where this process may create control groups.
#[derive(Debug, Clone)]
pub(crate) struct Groups {
    /// The parent of each test's memory group.
    memory: PathBuf,
    /// The parent of each test's pids group (cgroup v1 keeps it in another hierarchy).
    pids: Option<PathBuf>,
    /// cgroup v2 (one hierarchy: `memory` and `pids` are the same folder).
    unified: bool,
}

/// The control groups of one test.
#[derive(Debug)]
pub(crate) struct TestGroup {
    /// Each folder the test joins.
    pub(crate) dirs: Vec<PathBuf>,
    /// The folder with the memory controller's files.
    memory: PathBuf,
    unified: bool,
}

impl Groups {
    /// The controllers available to this process, or why there are none.
    pub(crate) fn find() -> std::result::Result<Groups, String> {
        let mountinfo = fs::read_to_string("/proc/self/mountinfo")
            .map_err(|err| format!("cannot read /proc/self/mountinfo: {err}"))?;
        let membership = fs::read_to_string("/proc/self/cgroup")
            .map_err(|err| format!("cannot read /proc/self/cgroup: {err}"))?;
        if let Some(memory) = v1_dir(&mountinfo, &membership, "memory") {
            if writable(&memory) {
                let pids = v1_dir(&mountinfo, &membership, "pids").filter(|dir| writable(dir));
                return Ok(Groups {
                    memory,
                    pids,
                    unified: false,
                });
            }
            return Err(format!(
                "no memory cap for a test's processes together: {} is not writable",
                memory.display()
            ));
        }
        if let Some(own) = v2_dir(&mountinfo, &membership) {
            let enabled =
                fs::read_to_string(own.join("cgroup.subtree_control")).unwrap_or_default();
            if enabled.split_whitespace().any(|name| name == "memory") && writable(&own) {
                return Ok(Groups {
                    pids: enabled
                        .split_whitespace()
                        .any(|name| name == "pids")
                        .then(|| own.clone()),
                    memory: own,
                    unified: true,
                });
            }
            return Err(format!(
                "no memory cap for a test's processes together: the control group {} does not \
                 delegate the memory controller",
                own.display()
            ));
        }
        Err(
            "no memory cap for a test's processes together: no memory control group is mounted"
                .to_string(),
        )
    }

    /// A fresh group for one test whose processes together may use `memory_bytes`.
    pub(crate) fn create(&self, memory_bytes: u64) -> Result<TestGroup> {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "gc-grader-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        let memory = self.memory.join(&name);
        fs::create_dir(&memory)
            .with_context(|| format!("cannot create the control group {}", memory.display()))?;
        let mut group = TestGroup {
            dirs: vec![memory.clone()],
            memory: memory.clone(),
            unified: self.unified,
        };
        if self.unified {
            write(&memory, "memory.max", memory_bytes)?;
            // Swap would let the group hold more than its cap; not every kernel has the file.
            let _ = fs::write(memory.join("memory.swap.max"), "0");
            if self.pids.is_some() {
                write(&memory, "pids.max", MAX_TASKS.into())?;
            }
        } else {
            write(&memory, "memory.limit_in_bytes", memory_bytes)?;
            // Memory plus swap, where swap accounting is on: no more than the cap either.
            let _ = fs::write(
                memory.join("memory.memsw.limit_in_bytes"),
                memory_bytes.to_string(),
            );
            if let Some(parent) = &self.pids {
                let pids = parent.join(&name);
                fs::create_dir(&pids).with_context(|| {
                    format!("cannot create the control group {}", pids.display())
                })?;
                group.dirs.push(pids.clone());
                write(&pids, "pids.max", MAX_TASKS.into())?;
            }
        }
        Ok(group)
    }

    /// Whether each test's processes and threads are capped too (a `pids` controller).
    pub(crate) fn caps_tasks(&self) -> bool {
        self.pids.is_some()
    }

    /// What the report says the groups cap.
    pub(crate) fn describe(&self) -> String {
        let version = if self.unified {
            "cgroup v2"
        } else {
            "cgroup v1"
        };
        match self.pids {
            Some(_) => format!("one memory cap and at most {MAX_TASKS} tasks per test ({version})"),
            None => format!("one memory cap per test ({version})"),
        }
    }
}

impl TestGroup {
    /// Whether the kernel killed a process of the group for going over its memory cap.
    pub(crate) fn out_of_memory(&self) -> bool {
        let (file, key) = if self.unified {
            ("memory.events", "oom_kill")
        } else {
            ("memory.oom_control", "oom_kill")
        };
        fs::read_to_string(self.memory.join(file))
            .unwrap_or_default()
            .lines()
            .filter_map(|line| line.split_once(' '))
            .any(|(name, count)| name == key && count.trim().parse::<u64>().is_ok_and(|n| n > 0))
    }
}

impl Drop for TestGroup {
    /// Removes the groups; the kernel refuses while a process is still leaving, so it retries
    /// for a moment. A group that stays is empty and harmless.
    fn drop(&mut self) {
        for dir in &self.dirs {
            for _ in 0..50 {
                if fs::remove_dir(dir).is_ok() || !dir.exists() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(10));
            }
        }
    }
}

/// `value` into the control file `dir/name`.
fn write(dir: &Path, name: &str, value: u64) -> Result<()> {
    let path = dir.join(name);
    fs::write(&path, value.to_string())
        .with_context(|| format!("cannot write {} to {}", value, path.display()))
}

/// Whether this process can create a folder in `dir` (it tries).
fn writable(dir: &Path) -> bool {
    let probe = dir.join(format!("gc-grader-probe-{}", std::process::id()));
    let made = fs::create_dir(&probe).is_ok();
    if made {
        let _ = fs::remove_dir(&probe);
    }
    made
}

/// This process's group in the cgroup v1 hierarchy of `controller`, as a folder.
fn v1_dir(mountinfo: &str, membership: &str, controller: &str) -> Option<PathBuf> {
    let (root, point) = mountinfo.lines().find_map(|line| {
        let (before, after) = line.split_once(" - ")?;
        let mut after = after.split(' ');
        let (fs_type, _source, options) = (after.next()?, after.next()?, after.next()?);
        let has = options.split(',').any(|option| option == controller);
        (fs_type == "cgroup" && has).then(|| {
            let fields: Vec<&str> = before.split(' ').collect();
            (fields[3].to_string(), fields[4].to_string())
        })
    })?;
    let path = membership.lines().find_map(|line| {
        let mut fields = line.splitn(3, ':');
        let (_id, controllers, path) = (fields.next()?, fields.next()?, fields.next()?);
        controllers
            .split(',')
            .any(|name| name == controller)
            .then(|| path.to_string())
    })?;
    join_below(&point, &root, &path)
}

/// This process's cgroup v2 group, as a folder.
fn v2_dir(mountinfo: &str, membership: &str) -> Option<PathBuf> {
    let (root, point) = mountinfo.lines().find_map(|line| {
        let (before, after) = line.split_once(" - ")?;
        (after.split(' ').next()? == "cgroup2").then(|| {
            let fields: Vec<&str> = before.split(' ').collect();
            (fields[3].to_string(), fields[4].to_string())
        })
    })?;
    let path = membership
        .lines()
        .find_map(|line| line.strip_prefix("0::"))?;
    join_below(&point, &root, path)
}

/// The folder of group `path` in a hierarchy whose folder `root` is mounted at `point`.
fn join_below(point: &str, root: &str, path: &str) -> Option<PathBuf> {
    let relative = Path::new(path).strip_prefix(root).ok()?;
    let dir = Path::new(point).join(relative);
    dir.is_dir().then_some(dir)
}

/// Fails unless every group of `group` exists (a check for tests).
#[cfg(test)]
fn exists(group: &TestGroup) -> Result<()> {
    for dir in &group.dirs {
        if !dir.is_dir() {
            anyhow::bail!("{} is missing", dir.display());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOUNTINFO: &str = "\
35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
39 31 0:36 /outer /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw";

    const MEMBERSHIP: &str = "8:pids:/outer/inner\n4:memory:/a/b\n0::/\n";

    #[test]
    fn a_v1_group_is_found_below_its_mount() {
        // The folders need not exist for the path arithmetic; `join_below` checks, so use `/`.
        assert_eq!(
            join_below("/", "/outer", "/outer"),
            Some(PathBuf::from("/"))
        );
        assert_eq!(join_below("/sys", "/outer", "/elsewhere"), None);
        assert_eq!(v1_dir(MOUNTINFO, MEMBERSHIP, "cpu"), None);
        assert_eq!(v2_dir(MOUNTINFO, "0::/nope/nope\n"), None);
    }

    #[test]
    fn a_group_is_made_capped_and_removed_where_the_machine_allows() {
        let Ok(groups) = Groups::find() else {
            return; // No delegated memory controller here: nothing to check.
        };
        let group = groups.create(64 << 20).expect("a group");
        exists(&group).expect("created");
        assert!(!group.out_of_memory());
        let dirs = group.dirs.clone();
        drop(group);
        assert!(dirs.iter().all(|dir| !dir.exists()), "removed: {dirs:?}");
    }
}
