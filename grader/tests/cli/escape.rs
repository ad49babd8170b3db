//! Learner code that tries to get out of the sandbox (issue 25, points 3 and 7), through the
//! binary: it reads its own memory through `/proc`, writes a cargo configuration where the next
//! grading's build would read it, leaves a process behind, reads the hidden tests, fills the
//! temp folder and signals everything it can. Each route is closed by the kernel: the attempt
//! fails inside the test, nothing outside the result folder changes, nothing outlives the test,
//! and the next grading is unaffected.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::fixtures::{copy_dir, stub_with};
use crate::{exercise, json_report, project_root};

/// Learner code: each test takes the route numbered by its position in the sorted test list
/// (mod 7), prints what happened as `escape: route N: …`, and exits with code 0.
const ESCAPE: &str = r#"
/// Tries to get out of the sandbox (the grader's own tests: every attempt must fail).
pub fn escape() -> ! {
    use std::io::Write;
    let args: Vec<String> = std::env::args().collect();
    let listed = std::process::Command::new(&args[0])
        .args(["--list", "--format", "terse"])
        .output()
        .expect("list the tests");
    let mut names: Vec<String> = String::from_utf8_lossy(&listed.stdout)
        .lines()
        .filter_map(|line| line.strip_suffix(": test"))
        .map(str::to_owned)
        .collect();
    names.sort();
    let index = names.iter().position(|name| *name == args[1]).expect("own test listed");
    let route = index % 7;
    let report = |what: String| {
        println!("escape: route {route}: {what}");
        let _ = std::io::stdout().flush();
    };
    // The path to /proc/self/mem, built at run time so no scan of the source sees it.
    let proc_path = |tail: &str| {
        let mut path = String::from_utf8(vec![47, 112, 114, 111, 99]).unwrap();
        path.push_str(tail);
        path
    };
    match route {
        // Its own memory, through the file system (no `unsafe`).
        0 => {
            let maps = std::fs::read_to_string(proc_path("/self/maps"));
            let mem = std::fs::File::open(proc_path("/self/mem"));
            report(format!("maps readable: {}, mem opened: {}", maps.is_ok(), mem.is_ok()));
        }
        // A cargo configuration above the checkout, in cargo's home, in every folder on PATH,
        // and in the grader's build folder: where the next grading's build would find it.
        1 => {
            let mut folders: Vec<std::path::PathBuf> = Vec::new();
            let exe = std::path::PathBuf::from(&args[0]);
            folders.extend(exe.ancestors().skip(1).map(|dir| dir.join(".cargo")));
            if let Some(home) = std::env::var_os("HOME") {
                folders.push(std::path::Path::new(&home).join(".cargo"));
            }
            if let Some(path) = std::env::var_os("PATH") {
                folders.extend(std::env::split_paths(&path));
            }
            let mut written = Vec::new();
            for dir in folders {
                let _ = std::fs::create_dir_all(&dir);
                let marker = dir.join("MARKER");
                if std::fs::write(&marker, b"[build]\nrustc-wrapper = \"/x\"\n").is_ok() {
                    // Tidied at once: the test fails anyway, and the machine stays clean.
                    let _ = std::fs::remove_file(&marker);
                    written.push(dir.display().to_string());
                }
            }
            for dir in &written {
                report(format!("wrote into {dir}"));
            }
            report("done".to_string());
        }
        // A process that outlives the test, in a session of its own.
        2 => {
            let child = std::process::Command::new("setsid")
                .args(["sleep", "SLEEP_MARK"])
                .spawn();
            report(format!("child started: {}", child.is_ok()));
            std::thread::sleep(std::time::Duration::from_millis(300));
        }
        // The hidden tests and the harness that names them, from the folders around the
        // executable and the checkout.
        3 => {
            let exe = std::path::PathBuf::from(&args[0]);
            let mut found = Vec::new();
            for dir in exe.ancestors() {
                for name in ["grader/hidden/01-refcount/tests.rs", "solutions/01-refcount/src/lib.rs"] {
                    if let Ok(text) = std::fs::read_to_string(dir.join(name)) {
                        found.push(text.lines().next().unwrap_or("").to_string());
                    }
                }
                if let Ok(entries) = std::fs::read_dir(dir) {
                    for entry in entries.flatten() {
                        let name = entry.file_name().to_string_lossy().into_owned();
                        if name.starts_with("harness-") || name.starts_with("sources-") {
                            let manifest = entry.path().join("01-refcount/Cargo.toml");
                            if let Ok(text) = std::fs::read_to_string(manifest) {
                                found.push(text);
                            }
                        }
                    }
                }
            }
            let here = std::fs::read_dir(".").map(|d| d.count()).unwrap_or(0);
            report(format!("found {} files: {found:?}; {here} entries here", found.len()));
        }
        // A big file in the temp folder, then the time limit.
        4 => {
            let file = std::path::Path::new("/tmp").join("TMP_MARK");
            let written = std::fs::write(&file, vec![7u8; 8 << 20]);
            report(format!("temp file written: {}", written.is_ok()));
            std::thread::sleep(std::time::Duration::from_secs(60));
        }
        // A signal to every process it may signal.
        // Only where the test is alone in a pid namespace (its pid is small there): outside
        // one, as root, this would stop every process of the machine.
        5 => {
            if std::process::id() < 100 {
                report("stopping every process it may signal".to_string());
                let _ = std::process::Command::new("kill").args(["-STOP", "-1"]).status();
            } else {
                report(format!("not in a pid namespace (pid {})", std::process::id()));
            }
        }
        // Root's powers: mount the checkout writable again, change its owner.
        _ => {
            let remount = std::process::Command::new("mount")
                .args(["-o", "remount,rw", "/"])
                .status()
                .map(|status| status.success());
            let exe = std::path::PathBuf::from(&args[0]);
            let chown = std::process::Command::new("chown")
                .args(["65534"])
                .arg(&exe)
                .status()
                .map(|status| status.success());
            report(format!("remount: {remount:?}, chown: {chown:?}"));
        }
    }
    std::process::exit(0)
}
"#;

/// The marker the left-behind process carries in its arguments (a `sleep` time no one else uses).
const SLEEP_MARK: &str = "987.654321";

/// Whether a process with `mark` in its command line runs on this machine (zombies excluded).
fn running_with(mark: &str) -> bool {
    fs::read_dir("/proc")
        .expect("/proc")
        .flatten()
        .filter(|entry| entry.file_name().to_string_lossy().parse::<u32>().is_ok())
        .any(|entry| {
            let cmdline = fs::read(entry.path().join("cmdline")).unwrap_or_default();
            let stat = fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
            String::from_utf8_lossy(&cmdline).contains(mark) && !stat.contains(") Z ")
        })
}

/// The `escape: route N: …` line of each test that took route `route`.
fn route_lines(graded: &Value, route: usize) -> Vec<String> {
    let tag = format!("escape: route {route}: ");
    graded["tests"]
        .as_array()
        .expect("tests")
        .iter()
        .filter_map(|test| test["output"].as_str())
        .flat_map(|output| output.lines())
        .filter_map(|line| line.find(&tag).map(|at| line[at + tag.len()..].to_owned()))
        .collect()
}

/// Every folder a route-1 write aimed at, on the real machine.
fn escape_targets(root: &Path) -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> = root.ancestors().map(|dir| dir.join(".cargo")).collect();
    folders.push(root.join("target/grader/build-checked/.cargo"));
    folders.push(root.join("target/grader/build-checked/debug/.cargo"));
    if let Some(home) = std::env::var_os("HOME") {
        folders.push(Path::new(&home).join(".cargo"));
    }
    if let Some(path) = std::env::var_os("PATH") {
        folders.extend(std::env::split_paths(&path));
    }
    folders
}

#[test]
fn learner_code_cannot_get_out_of_the_sandbox() {
    let root = project_root();
    let work = tempfile::tempdir().expect("temp dir");
    let tree = work.path().join("submission");
    let tmp_mark = format!("gc-grader-escape-{}", std::process::id());
    let code = ESCAPE
        .replace("SLEEP_MARK", SLEEP_MARK)
        .replace("TMP_MARK", &tmp_mark);
    stub_with(&tree, "01-refcount", &code, "crate::escape()");
    let first_line_of_hidden = fs::read_to_string(root.join("grader/hidden/01-refcount/tests.rs"))
        .expect("hidden tests")
        .lines()
        .next()
        .expect("a first line")
        .to_string();

    let started = Instant::now();
    let tree_arg = tree.to_str().expect("UTF-8 temp path");
    let (report, output) = json_report(
        &root,
        &[
            "--submission",
            tree_arg,
            "--timeout",
            "3",
            "check",
            "01-refcount",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{report:#}");
    let graded = exercise(&report, "01-refcount");
    assert_eq!(graded["score"], 0, "{graded:#}");
    let sandbox = &report["sandbox"];
    assert_eq!(sandbox["missing"], Value::Array(Vec::new()), "{sandbox:#}");

    // 0: no /proc of its own.
    let lines = route_lines(graded, 0);
    assert!(!lines.is_empty(), "route 0 ran: {graded:#}");
    for line in &lines {
        assert_eq!(line, "maps readable: false, mem opened: false");
    }
    // 1: nothing written outside the result folder.
    // (The test's private /tmp is writable: a checkout below /tmp has ancestors there.)
    let lines = route_lines(graded, 1);
    assert!(
        lines.iter().any(|line| line == "done"),
        "route 1 ran: {graded:#}"
    );
    for line in &lines {
        let private = ["wrote into /tmp", "wrote into /dev/shm"]
            .iter()
            .any(|start| line.starts_with(start));
        assert!(line == "done" || private, "{line}");
    }
    for dir in escape_targets(&root) {
        assert!(
            !dir.join("MARKER").exists(),
            "a test wrote into {}",
            dir.display()
        );
    }
    // 2: the child in its own session did not outlive its test.
    assert!(
        route_lines(graded, 2)
            .iter()
            .all(|line| line == "child started: true"),
        "{graded:#}"
    );
    let deadline = Instant::now() + Duration::from_secs(5);
    while running_with(SLEEP_MARK) {
        assert!(Instant::now() < deadline, "a test's child outlived it");
        std::thread::sleep(Duration::from_millis(50));
    }
    // 3: neither the hidden tests, nor the harness, nor the reference solution were readable.
    let lines = route_lines(graded, 3);
    assert!(!lines.is_empty(), "route 3 ran: {graded:#}");
    for line in &lines {
        assert!(line.starts_with("found 0 files: []"), "{line}");
        assert!(!line.contains(&first_line_of_hidden), "{line}");
    }
    // 4: the temp folder was the test's own, and went with it.
    let lines = route_lines(graded, 4);
    assert!(
        lines.iter().all(|line| line == "temp file written: true"),
        "{lines:?}"
    );
    assert!(
        !Path::new("/tmp").join(&tmp_mark).exists(),
        "the temp file outlived its test"
    );
    // 5: stopping every process it could signal stopped only its own: the grader finished.
    assert!(
        !route_lines(graded, 5).is_empty(),
        "route 5 ran: {graded:#}"
    );
    // 6: no power to remount or to change an owner.
    for line in route_lines(graded, 6) {
        assert_eq!(line, "remount: Ok(false), chown: Ok(false)");
    }
    assert!(
        started.elapsed() < Duration::from_secs(300),
        "grading was held up"
    );

    // The next grading (of the reference solutions) builds and passes as ever.
    let solutions = work.path().join("solutions");
    copy_dir(&root.join("solutions"), &solutions);
    let (report, _) = json_report(
        &root,
        &[
            "--submission",
            solutions.to_str().expect("UTF-8 temp path"),
            "check",
            "01-refcount",
        ],
    );
    let graded = exercise(&report, "01-refcount");
    assert_eq!(graded["score"], graded["max_score"], "{graded:#}");
}

/// Learner code for the memory cap: the first test starts three processes that each stay under
/// the per-process limit (2 GiB of address space) but together hold 3.6 GiB, and reports how
/// each ended; every other test just exits.
const HOG: &str = r#"
/// Holds more memory than allowed, spread over processes (the grader's own tests).
pub fn hog() -> ! {
    let args: Vec<String> = std::env::args().collect();
    if args[1] == "FIRST_TEST" {
        let children: Vec<_> = (0..3)
            .map(|_| {
                std::process::Command::new("python3")
                    .args(["-c", "import time; x = b'x' * (1200 << 20); time.sleep(4)"])
                    .spawn()
                    .expect("python3 starts")
            })
            .collect();
        for mut child in children {
            println!("hog: child ended: {:?}", child.wait().map(|status| status.to_string()));
        }
    }
    std::process::exit(0)
}
"#;

#[test]
fn a_tests_processes_share_one_memory_cap() {
    let root = project_root();
    let work = tempfile::tempdir().expect("temp dir");
    let tree = work.path().join("submission");
    // The test the hog runs in: the first of 01's hidden tests, by name.
    let first = "basics_counts_follow_the_seed";
    stub_with(
        &tree,
        "01-refcount",
        &HOG.replace("FIRST_TEST", first),
        "crate::hog()",
    );
    let tree_arg = tree.to_str().expect("UTF-8 temp path");
    let (report, output) = json_report(
        &root,
        &[
            "--submission",
            tree_arg,
            "--timeout",
            "20",
            "check",
            "01-refcount",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{report:#}");
    let graded = exercise(&report, "01-refcount");
    let test = graded["tests"]
        .as_array()
        .expect("tests")
        .iter()
        .find(|test| test["name"] == first)
        .expect("the hog's test");
    let output = test["output"].as_str().unwrap_or_default();
    let ended: Vec<&str> = output
        .lines()
        .filter_map(|line| line.split("hog: child ended: ").nth(1))
        .collect();
    assert_eq!(ended.len(), 3, "{test:#}");
    assert!(
        ended.iter().any(|line| line.contains("SIGKILL")),
        "the kernel stopped a process of the group: {test:#}"
    );
    assert_eq!(test["points"], 0, "{test:#}");
}
