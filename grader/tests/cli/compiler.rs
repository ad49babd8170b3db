//! What the compiler finds that a token scan misses (issue 25, points 1, 2 and the compile-time
//! half of 7): submissions graded through the binary that hide `unsafe`, a constructor, or a
//! read of the hidden tests behind macros, `include!` and glob imports. Each is refused (score 0)
//! or flagged at its file and line, a constructor never runs (not even to list the tests), and
//! the submission is left as it was.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::fixtures::{checksums, copy_dir, write};
use crate::{exercise, json_report, project_root};

/// A submission: the reference solutions with `module` added to `exercise` as `mod planted;`
/// (plus any `extra` files below the exercise), graded twice with `check EXERCISE`. Returns the
/// exercise's report, after checking that the second grading (from cargo's cache) found the
/// same, that grading changed nothing in the submission, and that the marker file a
/// constructor would write does not exist.
fn grade_planted(exercise_name: &str, module: &str, extra: &[(&str, &str)]) -> Value {
    let root = project_root();
    let work = tempfile::tempdir().expect("temp dir");
    let tree = work.path().join("submission");
    copy_dir(&root.join("solutions"), &tree);
    let marker = work.path().join("constructor-ran");
    let module = module.replace("MARKER", &marker.display().to_string());
    write(&tree, &format!("{exercise_name}/src/planted.rs"), &module);
    for (path, contents) in extra {
        let contents = contents.replace("MARKER", &marker.display().to_string());
        write(&tree, &format!("{exercise_name}/{path}"), &contents);
    }
    let lib = tree.join(exercise_name).join("src/lib.rs");
    let text = fs::read_to_string(&lib).expect("the solution's lib.rs");
    fs::write(&lib, format!("{text}\nmod planted;\n")).expect("write lib.rs");
    let before = checksums(&tree);
    let args = [
        "--submission",
        tree.to_str().expect("UTF-8 temp path"),
        "check",
        exercise_name,
    ];
    let (report, output) = json_report(&root, &args);
    assert_eq!(output.status.code(), Some(0), "{report:#}");
    let graded = exercise(&report, exercise_name).clone();
    // Graded again, the crate is fresh in cargo's cache: its warnings are replayed, its
    // dep-info and object code are still there, so the findings and the verdict are the same.
    let (again, _) = json_report(&root, &args);
    let again = exercise(&again, exercise_name);
    assert_eq!(graded["integrity"], again["integrity"], "{again:#}");
    assert_eq!(graded["score"], again["score"], "{again:#}");
    assert_eq!(before, checksums(&tree), "grading changed the submission");
    assert!(
        !marker.exists(),
        "learner code ran outside the tests: {}",
        marker.display()
    );
    graded
}

/// The (file, line, kind) of every finding, and each finding's item.
fn findings(graded: &Value) -> Vec<(String, u64, String, String)> {
    graded["integrity"]
        .as_array()
        .expect("integrity is an array")
        .iter()
        .map(|finding| {
            (
                finding["file"].as_str().unwrap().to_string(),
                finding["line"].as_u64().unwrap(),
                finding["kind"].as_str().unwrap().to_string(),
                finding["item"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Whether some finding is at `file:line` with `kind`.
fn has(graded: &Value, file: &str, line: u64, kind: &str) -> bool {
    findings(graded)
        .iter()
        .any(|(f, l, k, _)| f == file && *l == line && k == kind)
}

/// The 1-based line of the first line of `text` that contains `needle`.
fn line_of(text: &str, needle: &str) -> u64 {
    text.lines()
        .position(|line| line.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?}")) as u64
        + 1
}

fn refused_for_code_outside_main(graded: &Value) {
    assert_eq!(graded["score"], 0, "{graded:#}");
    assert_eq!(graded["status"], "error", "{graded:#}");
    assert!(
        graded["diagnostics"]
            .as_str()
            .is_some_and(|text| text.contains("runs before main or after it")),
        "{graded:#}"
    );
}

/// (a) A constructor written plainly, where `unsafe` is taught: the crate builds, its object
/// code has an `.init_array` entry, and the exercise is never run.
#[test]
fn a_plain_constructor_scores_zero_and_never_runs() {
    let module = r#"//! Planted.
#[unsafe(link_section = ".init_array")]
#[used]
static FORGE_INIT: extern "C" fn() = forge_init;
extern "C" fn forge_init() {
    let _ = std::fs::write("MARKER", b"ran");
}
"#;
    let graded = grade_planted("02-my-rc", module, &[]);
    refused_for_code_outside_main(&graded);
    let line = line_of(module, "link_section");
    assert!(
        has(&graded, "02-my-rc/src/planted.rs", line, "constructor"),
        "{graded:#}"
    );
    assert!(
        has(&graded, "02-my-rc/src/planted.rs", line, "unsafe_taught"),
        "{graded:#}"
    );
}

/// (b) The constructor in a file that is not Rust source, pulled in by `include!` with its path
/// passed through a macro argument, in an exercise that does not teach `unsafe`: the compiler
/// refuses it (`-F unsafe_code` sees through both), and its dep-info names the file.
#[test]
fn a_constructor_included_through_a_macro_is_refused_by_the_compiler() {
    let module = r#"//! Planted.
macro_rules! pull {
    ($path:expr) => {
        include!($path);
    };
}
pull!("forge.txt");
"#;
    let forge = r#"#[unsafe(link_section = ".init_array")]
#[used]
static FORGE_INIT: extern "C" fn() = forge_init;
extern "C" fn forge_init() {
    let _ = std::fs::write("MARKER", b"ran");
}
"#;
    let graded = grade_planted("01-refcount", module, &[("src/forge.txt", forge)]);
    assert_eq!(graded["score"], 0, "{graded:#}");
    let diagnostics = graded["diagnostics"].as_str().unwrap_or("");
    assert!(
        diagnostics.contains("declaration of a static with `link_section`")
            && diagnostics.contains("-F unsafe-code"),
        "{graded:#}"
    );
    assert!(
        has(&graded, "01-refcount/src/forge.txt", 1, "unsafe"),
        "{graded:#}"
    );
    assert!(
        findings(&graded)
            .iter()
            .any(|(file, _, kind, item)| file == "01-refcount/src/forge.txt"
                && kind == "include"
                && item.contains("not Rust source")),
        "{graded:#}"
    );
}

/// (c) `#[used]` and `link_section` passed as macro arguments, with the file system and stdin
/// reached through glob imports, where `unsafe` is taught.
#[test]
fn a_constructor_built_from_macro_arguments_scores_zero() {
    let module = r#"//! Planted.
use std::fs::*;
use std::io::*;

macro_rules! planted {
    ($section:literal, $keep:ident, $name:ident) => {
        #[unsafe(link_section = $section)]
        #[$keep]
        static $name: extern "C" fn() = forge_init;
    };
}

extern "C" fn forge_init() {
    let mut secret = Vec::new();
    let _ = stdin().read_to_end(&mut secret);
    let _ = write("MARKER", b"ran");
}

planted!(".init_array", used, FORGE_INIT);
"#;
    let graded = grade_planted("02-my-rc", module, &[]);
    refused_for_code_outside_main(&graded);
    assert!(
        findings(&graded)
            .iter()
            .any(|(file, _, kind, _)| file == "02-my-rc/src/planted.rs" && kind == "constructor"),
        "{graded:#}"
    );
    // The macro's call, in the learner's file, is named too.
    assert!(
        findings(&graded)
            .iter()
            .any(|(file, line, kind, item)| file == "02-my-rc/src/planted.rs"
                && *line == line_of(module, "planted!(\".init_array\"")
                && kind == "unsafe_taught"
                && item.contains("through planted!")),
        "{graded:#}"
    );
}

/// The same with `global_asm!`: no attribute at all, the entry written in assembly.
#[test]
fn a_constructor_in_global_asm_scores_zero() {
    let module = r#"//! Planted.
extern "C" fn forge_init() {
    let _ = std::fs::write("MARKER", b"ran");
}
std::arch::global_asm!(
    ".pushsection .init_array,\"aw\"",
    ".balign 8",
    ".quad {init}",
    ".popsection",
    init = sym forge_init,
);
"#;
    let graded = grade_planted("02-my-rc", module, &[]);
    refused_for_code_outside_main(&graded);
    assert!(
        has(
            &graded,
            "02-my-rc/src/planted.rs",
            line_of(module, "global_asm!"),
            "constructor"
        ),
        "{graded:#}"
    );
}

/// Raw-pointer reads of the stack, written through a macro, where `unsafe` is taught: they
/// cannot be stopped in-process, so they may pass, but each is flagged where the unsafe block
/// is written and where the macro is called.
#[test]
fn a_stack_scan_in_an_unsafe_exercise_is_flagged_at_its_lines() {
    let module = r#"//! Planted.
macro_rules! peek {
    ($base:expr, $at:expr) => {
        unsafe { std::ptr::read_volatile($base.wrapping_add($at)) }
    };
}

/// Looks for `needle`'s first byte near the stack.
pub fn scan_stack(needle: &[u8]) -> bool {
    let here = [0u8; 64];
    let base = here.as_ptr();
    (0..here.len()).any(|at| needle.first() == Some(&peek!(base, at)))
}
"#;
    let graded = grade_planted("02-my-rc", module, &[]);
    assert_eq!(graded["score"], graded["max_score"], "{graded:#}");
    let file = "02-my-rc/src/planted.rs";
    assert!(
        has(
            &graded,
            file,
            line_of(module, "read_volatile"),
            "unsafe_taught"
        ),
        "{graded:#}"
    );
    assert!(
        has(
            &graded,
            file,
            line_of(module, "peek!(base"),
            "unsafe_taught"
        ),
        "{graded:#}"
    );
    let counted: Vec<&Value> = graded["integrity"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|finding| finding["counts"] == true)
        .collect();
    assert!(
        counted.is_empty(),
        "taught unsafe does not count: {counted:#?}"
    );
}

/// `unsafe` behind a macro in an exercise that does not teach it: the compiler refuses it.
#[test]
fn unsafe_behind_a_macro_is_refused_where_it_is_not_taught() {
    let module = r#"//! Planted.
macro_rules! sneak {
    ($e:expr) => {
        unsafe { $e }
    };
}

/// Reads a byte through a raw pointer.
pub fn sneaky() -> u8 {
    let x = 1u8;
    sneak!(*std::ptr::addr_of!(x))
}
"#;
    let graded = grade_planted("01-refcount", module, &[]);
    assert_eq!(graded["score"], 0, "{graded:#}");
    assert!(
        graded["diagnostics"]
            .as_str()
            .is_some_and(|text| text.contains("usage of an `unsafe` block")),
        "{graded:#}"
    );
    let file = "01-refcount/src/planted.rs";
    assert!(
        has(&graded, file, line_of(module, "unsafe { $e }"), "unsafe"),
        "{graded:#}"
    );
    assert!(
        has(&graded, file, line_of(module, "sneak!(*"), "unsafe"),
        "{graded:#}"
    );
}

/// The hidden tests read at compile time, their path built by a macro: the compiler's dep-info
/// names them.
#[test]
fn reading_the_hidden_tests_at_compile_time_is_a_finding() {
    // From the private copy (target/grader/sources-KEY/01-refcount) up to the checkout.
    let module = r#"//! Planted.
macro_rules! hidden {
    ($($part:tt)*) => {
        concat!(env!("CARGO_MANIFEST_DIR"), $($part)*)
    };
}

/// The hidden tests' text.
pub const HIDDEN: &str = include_str!(hidden!("/../../../../grader/hidden/01-refcount/tests.rs"));
"#;
    let graded = grade_planted("01-refcount", module, &[]);
    let hidden = PathBuf::from("grader/hidden/01-refcount/tests.rs");
    assert!(
        findings(&graded)
            .iter()
            .any(|(file, _, kind, item)| file == "01-refcount/src"
                && kind == "include"
                && item.ends_with(&format!("outside src/: {}", hidden.display()))),
        "{graded:#}"
    );
    assert!(Path::new(&project_root()).join(&hidden).is_file());
}
