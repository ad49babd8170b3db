//! The integrity section: a submission holding each construct the scan looks for, graded
//! through the binary, reports each at its file and line; what comments and strings say does
//! not count, and what the exercise allows is not reported.

use crate::fixtures::copy_dir;
use crate::{exercise, grader, json_report, project_root};

/// The hostile module's lines, each with the kinds expected at it (none: must not count).
const HOSTILE: &[(&str, &[&str])] = &[
    (
        "//! Says std::process::exit(0) and \"/proc/self/environ\" only in prose.",
        &[],
    ),
    ("#![allow(dead_code, unused_imports)]", &[]),
    ("use std::process::exit as quit;", &["exit"]),
    ("pub fn a() { quit(0) }", &["exit"]),
    (
        "pub fn b() -> bool { std::env::var(\"GRADER_NONCE\").is_ok() }",
        &["env"],
    ),
    (
        "pub fn c() -> usize { std::fs::read(\"/proc/self/environ\").map_or(0, |v| v.len()) }",
        &["proc", "file"],
    ),
    (
        "pub fn d() -> bool { std::net::TcpStream::connect(\"127.0.0.1:9\").is_ok() }",
        &["network"],
    ),
    (
        "pub fn e() -> bool { std::process::Command::new(\"true\").status().is_ok() }",
        &["process"],
    ),
    (
        "pub fn f() -> u8 { let x = 7u8; unsafe { *std::ptr::addr_of!(x) } }",
        &["unsafe"],
    ),
    (
        "pub const G: &str = include_str!(\"../Cargo.toml\");",
        &["include"],
    ),
    ("#[unsafe(no_mangle)]", &["unsafe", "linker"]),
    (
        "pub extern \"C\" fn gc_workbook_integrity_fixture() {}",
        &[],
    ),
    (
        "pub fn h() { std::panic::set_hook(Box::new(|_| {})) }",
        &["panic_hook"],
    ),
    ("// std::process::exit(1); unsafe { } in a comment", &[]),
    (
        "pub fn i() -> &'static str { \"std::env::var(\\\"X\\\") and unsafe in a string\" }",
        &[],
    ),
];

#[test]
fn a_hostile_submission_has_each_finding_at_its_line() {
    let root = project_root();
    let tree = tempfile::tempdir().expect("temp dir");
    copy_dir(&root.join("solutions"), tree.path());
    let src = tree.path().join("01-refcount/src");
    let source: Vec<&str> = HOSTILE.iter().map(|(line, _)| *line).collect();
    std::fs::write(src.join("hostile.rs"), source.join("\n") + "\n").expect("write hostile.rs");
    let lib = src.join("lib.rs");
    let mut text = std::fs::read_to_string(&lib).expect("01-refcount's lib.rs");
    text.push_str("\nmod hostile;\n");
    std::fs::write(&lib, text).expect("write lib.rs");
    let submission = tree.path().to_str().expect("UTF-8 temp path");
    let (report, output) =
        json_report(&root, &["--submission", submission, "check", "01-refcount"]);
    assert_eq!(output.status.code(), Some(0), "{report:#}");
    let graded = exercise(&report, "01-refcount");
    let found: Vec<(String, u64, String)> = graded["integrity"]
        .as_array()
        .expect("integrity is an array")
        .iter()
        .map(|finding| {
            (
                finding["file"].as_str().unwrap().to_string(),
                finding["line"].as_u64().unwrap(),
                finding["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // The compiler's dep-info adds the file `include_str!` read outside src/ (issue 25): a
    // finding about the crate, sorted before its files.
    let mut expected = vec![("01-refcount/src".to_string(), 1, "include".to_string())];
    for (index, (_, kinds)) in HOSTILE.iter().enumerate() {
        let mut kinds = kinds.to_vec();
        // Within a line, findings come in the scan's order of kinds.
        let order = [
            "exit",
            "env",
            "proc",
            "file",
            "network",
            "process",
            "unsafe",
            "include",
            "linker",
            "panic_hook",
        ];
        kinds.sort_by_key(|kind| order.iter().position(|k| k == kind));
        for kind in kinds {
            expected.push((
                "01-refcount/src/hostile.rs".to_string(),
                index as u64 + 1,
                kind.to_string(),
            ));
        }
    }
    assert_eq!(found, expected, "{graded:#}");
    assert_eq!(
        graded["integrity"][0]["item"],
        "read at compile time, outside src/: 01-refcount/Cargo.toml"
    );
    // Its `unsafe` block and `#[unsafe(no_mangle)]` are refused by the compiler (issue 25):
    // the exercise does not teach unsafe.
    assert_eq!(graded["score"], 0, "{graded:#}");
    assert!(
        graded["diagnostics"]
            .as_str()
            .is_some_and(|text| text.contains("-F unsafe-code")),
        "{graded:#}"
    );
    let first = &graded["integrity"][1];
    assert_eq!(first["text"], "use std::process::exit as quit;");
    assert_eq!(first["item"], "std::process::exit");

    // The same findings reach the other formats' readers: here, Exercism's runner log.
    let output = grader(
        &root,
        &[
            "--submission",
            submission,
            "--format",
            "exercism",
            "check",
            "01-refcount",
        ],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("hostile.rs:4 [exit] ends the process: quit (std::process::exit)"),
        "{stderr}"
    );
    let results: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("results.json on stdout");
    assert!(
        results.get("integrity").is_none(),
        "the interface's shape only"
    );
}
