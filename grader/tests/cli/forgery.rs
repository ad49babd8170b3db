//! Submissions that try to pass without doing the work (issue 14, point 1): every route to the
//! proof of a pass that the grader closes is tried by real learner code, through the binary, and
//! each scores 0.

use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::fixtures::{checksums, copy_dir, patch_fn_region, stub_with};
use crate::{exercise, json_report, project_root};

/// Learner code that forges a pass: it finds a candidate proof by one route, writes it where the
/// proof goes, says which route it took, and exits with code 0 before the test's assertions.
///
/// Each test of the exercise takes the route numbered by its position in the test list (mod
/// [`ROUTES`]), so one grading run tries every route on more than one test.
const FORGE: &str = r#"
/// Forges a pass (the grader's own tests: this must score 0).
pub fn forge() -> ! {
    use std::io::{Read, Write};
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
    let route = index % 6;
    let candidate: Vec<u8> = match route {
        // The route of the issue: a nonce in the environment.
        0 => std::env::var_os("GRADER_NONCE")
            .map(|nonce| nonce.into_encoded_bytes())
            .unwrap_or_default(),
        // Everything in the environment, as the kernel keeps it.
        1 => {
            let environ = std::fs::read("/proc/self/environ").unwrap_or_default();
            environ
                .split(|byte| *byte == 0)
                .filter(|entry| !entry.starts_with(b"GRADER_RESULT_DIR="))
                .filter(|entry| entry.starts_with(b"GRADER_"))
                .filter_map(|entry| entry.splitn(2, |byte| *byte == b'=').nth(1))
                .last()
                .unwrap_or_default()
                .to_vec()
        }
        // The command line.
        2 => std::fs::read("/proc/self/cmdline")
            .unwrap_or_default()
            .split(|byte| *byte == 0)
            .filter(|arg| !arg.is_empty())
            .last()
            .unwrap_or_default()
            .to_vec(),
        // Standard input.
        3 => {
            let mut all = Vec::new();
            let _ = std::io::stdin().read_to_end(&mut all);
            all
        }
        // Standard input opened again, through /proc.
        4 => std::fs::read("/proc/self/fd/0").unwrap_or_default(),
        // Every open file descriptor, opened again without blocking (O_NONBLOCK): the output
        // pipe, say, would never end.
        _ => {
            use std::os::unix::fs::OpenOptionsExt;
            let mut found = Vec::new();
            // (The sandbox has no /proc: then there is nothing to read.)
            let entries = std::fs::read_dir("/proc/self/fd").into_iter().flatten();
            for entry in entries.flatten() {
                let mut bytes = Vec::new();
                let opened = std::fs::OpenOptions::new()
                    .read(true)
                    .custom_flags(0o4000)
                    .open(entry.path());
                if let Ok(mut file) = opened {
                    let _ = file.read_to_end(&mut bytes);
                }
                if !bytes.is_empty() {
                    found = bytes;
                }
            }
            found
        }
    };
    if let Some(dir) = std::env::var_os("GRADER_RESULT_DIR") {
        let _ = std::fs::write(std::path::Path::new(&dir).join("proof"), &candidate);
    }
    println!("forge: route {route} wrote {} bytes", candidate.len());
    let _ = std::io::stdout().flush();
    std::process::exit(0)
}
"#;

/// How many routes [`FORGE`] knows.
const ROUTES: usize = 6;

fn grade(tree: &Path, exercise: &str) -> Value {
    grade_with(tree, None, exercise)
}

/// `cargo grade --submission TREE [--hidden-dir HIDDEN] check EXERCISE`, JSON, exit code 0.
fn grade_with(tree: &Path, hidden: Option<&Path>, exercise: &str) -> Value {
    let mut args = vec!["--submission", tree.to_str().expect("UTF-8 temp path")];
    if let Some(hidden) = hidden {
        args.extend(["--hidden-dir", hidden.to_str().expect("UTF-8 temp path")]);
    }
    args.extend(["--timeout", "10", "check", exercise]);
    let (report, output) = json_report(&project_root(), &args);
    assert_eq!(output.status.code(), Some(0), "{report:#}");
    report
}

#[test]
fn every_route_to_a_forged_pass_scores_zero() {
    let tree = tempfile::tempdir().expect("temp dir");
    stub_with(tree.path(), "01-refcount", FORGE, "crate::forge()");
    let report = grade(tree.path(), "01-refcount");
    let graded = exercise(&report, "01-refcount");
    assert_eq!(graded["score"], 0, "{graded:#}");
    let mut routes_tried = [false; ROUTES];
    for test in graded["tests"].as_array().expect("tests") {
        assert_eq!(test["points"], 0, "{test:#}");
        let output = test["output"].as_str().unwrap_or("");
        for (route, tried) in routes_tried.iter_mut().enumerate() {
            if output.contains(&format!("forge: route {route} wrote")) {
                *tried = true;
                assert_eq!(test["status"], "fail", "{test:#}");
                assert!(
                    test["message"]
                        .as_str()
                        .unwrap_or("")
                        .contains("exited with code 0 before the test finished"),
                    "{test:#}"
                );
            }
        }
    }
    assert_eq!(
        routes_tried, [true; ROUTES],
        "every route was tried by some test: {graded:#}"
    );
}

/// A test that passes leaves its proof behind; another test of the same run tries to copy it. In
/// the sandbox the other tests' result folders are covered; without one, each test process has
/// its own secret, so the copy proves nothing.
#[test]
fn a_proof_copied_from_another_test_scores_zero() {
    let root = project_root();
    let tree = tempfile::tempdir().expect("temp dir");
    copy_dir(&root.join("solutions"), tree.path());
    patch_fn_region(
        tree.path(),
        "01-refcount/src/lib.rs",
        "predict_vec_drop_order",
        r#"    {
        let dir = std::path::PathBuf::from(std::env::var_os("GRADER_RESULT_DIR").unwrap());
        let runs = dir.parent().unwrap().to_path_buf();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3);
        let mut copied = 0;
        while copied == 0 && std::time::Instant::now() < deadline {
            for entry in std::fs::read_dir(&runs).unwrap().flatten() {
                if entry.path() != dir
                    && let Ok(proof) = std::fs::read(entry.path().join("proof"))
                {
                    std::fs::write(dir.join("proof"), &proof).unwrap();
                    copied += 1;
                }
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        println!("forge: copied {copied} proofs");
        std::process::exit(0)
    }"#,
    );
    let report = grade(tree.path(), "01-refcount");
    let graded = exercise(&report, "01-refcount");
    let tests = graded["tests"].as_array().expect("tests");
    let forged: Vec<&Value> = tests
        .iter()
        .filter(|test| {
            test["output"]
                .as_str()
                .is_some_and(|output| output.contains("forge: copied"))
        })
        .collect();
    assert!(!forged.is_empty(), "the forging test ran: {graded:#}");
    // In the sandbox the other tests' result folders are out of sight; without one the proofs
    // are there to copy, and a copy holds another test's secret.
    let isolated = report["sandbox"]["files_protected"] == true;
    for test in forged {
        let output = test["output"].as_str().unwrap_or("");
        assert_eq!(
            output.contains("forge: copied 0 proofs"),
            isolated,
            "another test's proof was in sight only without the sandbox: {test:#}"
        );
        assert_eq!(test["status"], "fail", "{test:#}");
        assert_eq!(test["points"], 0, "{test:#}");
    }
    assert!(
        tests.iter().any(|test| test["status"] == "pass"),
        "the other tests pass and leave proofs: {graded:#}"
    );
}

/// Learner code that tries to change what decides its grade, then fakes a pass: it writes to
/// each of `TARGETS` (replaced by a list of absolute paths) and connects to `ADDRESS` (a
/// listener of the test's own), printing what happened to each attempt.
const TAMPER: &str = r#"    {
        use std::io::Write;
        for path in TARGETS {
            let opened = std::fs::OpenOptions::new().append(true).open(path);
            let result = opened.and_then(|mut file| file.write_all(b"\n// tampered\n"));
            println!("tamper: write {path}: {result:?}");
        }
        let address: &str = ADDRESS;
        let connected = std::net::TcpStream::connect_timeout(
            &address.parse().unwrap(),
            std::time::Duration::from_secs(2),
        );
        println!("tamper: connect {address}: {}", connected.is_ok());
        std::process::exit(0)
    }"#;

/// A submission whose build script, manifest and code each try to escape (issue 14, point 2):
/// nothing they do changes the teacher's hidden tests, the grader's files or the submission,
/// no test process reaches the network, and what tried scores 0.
#[test]
fn a_submission_cannot_change_the_grader_reach_the_network_or_bring_its_own_build() {
    let root = project_root();
    let work = tempfile::tempdir().expect("temp dir");
    let hidden = work.path().join("private-hidden");
    copy_dir(&root.join("grader/hidden"), &hidden);
    let tree = work.path().join("submission");
    copy_dir(&root.join("solutions"), &tree);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a local listener");
    listener
        .set_nonblocking(true)
        .expect("non-blocking listener");
    let address = listener.local_addr().expect("its address").to_string();

    let targets = [
        hidden.join("manifest.toml"),
        hidden.join("01-refcount/tests.rs"),
        root.join("grader/src/main.rs"),
        root.join("grader/support/src/lib.rs"),
        tree.join("01-refcount/src/lib.rs"),
    ];
    let target_list = format!(
        "[{}]",
        targets
            .iter()
            .map(|path| format!("{:?}", path.display().to_string()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    // Run time: tamper, then exit(0) inside a tested function.
    patch_fn_region(
        &tree,
        "01-refcount/src/lib.rs",
        "predict_vec_drop_order",
        &TAMPER
            .replace("TARGETS", &target_list)
            .replace("ADDRESS", &format!("{address:?}")),
    );
    // Build time: a build script that would do the same, and would leave a mark.
    let mark = work.path().join("build-script-ran");
    fs::write(
        tree.join("01-refcount/build.rs"),
        format!(
            "fn main() {{ std::fs::write({:?}, b\"ran\").unwrap(); {} }}\n",
            mark.display().to_string(),
            targets
                .iter()
                .map(|path| format!(
                    "let _ = std::fs::write({:?}, b\"\");",
                    path.display().to_string()
                ))
                .collect::<String>()
        ),
    )
    .expect("write build.rs");
    // The manifest: an added dependency (the grader's own support crate, whose `prove` a learner
    // would like to call), used by the code.
    let manifest = tree.join("02-my-rc/Cargo.toml");
    let text = fs::read_to_string(&manifest).expect("readable manifest");
    fs::write(
        &manifest,
        format!(
            "{text}\n[dependencies]\ngrader-support = {{ path = {:?} }}\n",
            root.join("grader/support").display().to_string()
        ),
    )
    .expect("write manifest");
    let lib = tree.join("02-my-rc/src/lib.rs");
    let text = fs::read_to_string(&lib).expect("readable lib");
    fs::write(&lib, format!("{text}\npub use grader_support::prove;\n")).expect("write lib");

    let watched = [
        hidden.clone(),
        tree.clone(),
        root.join("grader/src"),
        root.join("grader/support/src"),
        root.join("grader/hidden"),
    ];
    let before: Vec<_> = watched.iter().map(|dir| checksums(dir)).collect();
    let report = grade_with(&tree, Some(&hidden), "01-refcount");
    let after: Vec<_> = watched.iter().map(|dir| checksums(dir)).collect();
    for ((dir, before), after) in watched.iter().zip(&before).zip(&after) {
        assert_eq!(
            before,
            after,
            "grading changed a file below {}",
            dir.display()
        );
    }
    assert!(!mark.exists(), "the submitted build script ran");
    assert!(
        listener.accept().is_err(),
        "a test process reached the test's listener"
    );
    assert_eq!(report["sandbox"]["network_isolated"], true, "{report:#}");
    assert_eq!(report["sandbox"]["files_protected"], true, "{report:#}");

    let graded = exercise(&report, "01-refcount");
    let ignored = graded["ignored_files"].as_array().expect("ignored files");
    assert!(
        ignored.iter().any(|file| file == "01-refcount/build.rs"),
        "{graded:#}"
    );
    let tampering: Vec<&Value> = graded["tests"]
        .as_array()
        .expect("tests")
        .iter()
        .filter(|test| {
            test["output"]
                .as_str()
                .is_some_and(|o| o.contains("tamper:"))
        })
        .collect();
    assert!(!tampering.is_empty(), "the tampering code ran: {graded:#}");
    for test in tampering {
        let output = test["output"].as_str().unwrap_or("");
        assert!(!output.contains("Ok(())"), "a write went through: {output}");
        assert!(
            output.contains(": false"),
            "the connection was refused: {output}"
        );
        assert_eq!(test["points"], 0, "{test:#}");
    }

    // The added dependency is not there: the code that uses it does not compile.
    let report = grade_with(&tree, Some(&hidden), "02-my-rc");
    let graded = exercise(&report, "02-my-rc");
    assert_eq!(graded["score"], 0, "{graded:#}");
    assert!(
        graded["diagnostics"]
            .as_str()
            .is_some_and(|text| text.contains("grader_support")),
        "{graded:#}"
    );
}
