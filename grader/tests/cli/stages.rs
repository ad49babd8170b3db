//! Stages are real: for every exercise built in stages and every k, the solution completed up
//! to stage k (the regions of later stages put back to `todo!()`, their parts left out, as
//! `grader/AUTHORING.md` "Stages" describes) scores exactly the points of stages 1 to k.
//!
//! Each exercise's trees are graded in one `cargo grade batch` run, one student per k, so the
//! harness builds the shared dependencies once.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::fixtures::copy_dir;
use crate::{grader, project_root};

/// The exercises built in stages, from the manifest: name → stage → the names of its tests.
fn staged_exercises(root: &Path) -> BTreeMap<String, BTreeMap<u32, Vec<String>>> {
    let text = fs::read_to_string(root.join("grader/hidden/manifest.toml")).expect("manifest");
    let manifest: toml::Table = text.parse().expect("the manifest is TOML");
    let mut staged = BTreeMap::new();
    for exercise in manifest["exercise"].as_array().expect("[[exercise]]") {
        let mut stages: BTreeMap<u32, Vec<String>> = BTreeMap::new();
        for test in exercise["test"].as_array().expect("[[exercise.test]]") {
            if let Some(stage) = test.get("stage") {
                let stage = u32::try_from(stage.as_integer().expect("a whole stage")).unwrap();
                let name = test["name"].as_str().expect("a test name").to_string();
                stages.entry(stage).or_default().push(name);
            }
        }
        if !stages.is_empty() {
            let name = exercise["name"]
                .as_str()
                .expect("an exercise name")
                .to_string();
            staged.insert(name, stages);
        }
    }
    staged
}

/// One Rust file of a solution completed up to `stage`: what a learner who has written stages
/// 1 to `stage` has. A region of a later stage becomes `todo!()` (nothing, for `remove`), a part
/// of a later stage is left out; the rest keeps the solution's lines without the markers.
fn completed_up_to(text: &str, stage: u32) -> String {
    let mut out = String::with_capacity(text.len());
    // While inside a region (or a part of one): whether its lines are kept.
    let mut region: Option<bool> = None;
    let mut part: Option<bool> = None;
    let stage_of = |option: &str| -> u32 {
        let number = option.strip_prefix("stage=").unwrap_or_else(|| {
            panic!("expected stage=N, got {option:?}: every region of a staged exercise has one")
        });
        number.parse().expect("a whole stage")
    };
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        if let Some(options) = trimmed.strip_prefix("// solution:begin") {
            let mut words = options.split_whitespace().peekable();
            let remove = words.next_if_eq(&"remove").is_some();
            let keep = match words.next() {
                Some(option) => stage_of(option) <= stage,
                // An unstaged `remove` region (imports, say) is kept at every stage.
                None if remove => true,
                None => panic!("line {}: a solution region without stage=N", index + 1),
            };
            if !keep && !remove {
                out.push_str(indent);
                out.push_str("todo!()\n");
            }
            region = Some(keep);
        } else if trimmed.starts_with("// solution:end") {
            region = None;
        } else if let Some(option) = trimmed.strip_prefix("// solution:part") {
            part = match option.trim() {
                "end" => None,
                option => Some(stage_of(option) <= stage),
            };
        } else if region != Some(false) && part != Some(false) {
            out.push_str(line);
        }
    }
    out
}

/// Copies the solution crate `solution` to `to`, completed up to `stage`.
fn write_completed_crate(solution: &Path, to: &Path, stage: u32) {
    copy_dir(solution, to);
    let mut pending = vec![to.join("src")];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).expect("readable src/") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = fs::read_to_string(&path).expect("readable source");
                fs::write(&path, completed_up_to(&text, stage)).expect("write source");
            }
        }
    }
}

#[test]
fn completed_up_to_puts_back_todo_in_later_stages() {
    let solution = "\
fn f() -> u8 {
    // solution:begin stage=1
    let x = 1;
    // solution:part stage=2
    let x = x + 1;
    // solution:part end
    x
    // solution:end
}
fn g() -> u8 {
    // solution:begin stage=2
    2
    // solution:end
}
// solution:begin remove stage=2
fn helper() {}
// solution:end
";
    assert_eq!(
        completed_up_to(solution, 1),
        "fn f() -> u8 {\n    let x = 1;\n    x\n}\nfn g() -> u8 {\n    todo!()\n}\n"
    );
    assert_eq!(
        completed_up_to(solution, 2),
        "fn f() -> u8 {\n    let x = 1;\n    let x = x + 1;\n    x\n}\nfn g() -> u8 {\n    2\n}\nfn helper() {}\n"
    );
}

#[test]
fn a_stub_completed_up_to_stage_k_scores_the_points_of_stages_1_to_k() {
    let root = project_root();
    let staged = staged_exercises(&root);
    assert!(!staged.is_empty(), "no exercise is built in stages");
    for (name, stages) in &staged {
        let last = *stages.keys().last().expect("a stage");
        let dir = tempfile::tempdir().expect("temp dir");
        let class = dir.path().join("class");
        for k in 0..=last {
            let to = class.join(format!("stage-{k}")).join(name);
            write_completed_crate(&root.join("solutions").join(name), &to, k);
        }
        let json = dir.path().join("book.json");
        let output = grader(
            &root,
            &[
                "batch",
                class.to_str().unwrap(),
                "--exercise",
                name,
                "--out",
                dir.path().join("book.csv").to_str().unwrap(),
                "--json",
                json.to_str().unwrap(),
            ],
        );
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let book: Value =
            serde_json::from_str(&fs::read_to_string(&json).expect("the JSON gradebook"))
                .expect("JSON");
        for k in 0..=last {
            let student = book["students"]
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s["student"] == format!("stage-{k}"))
                .unwrap_or_else(|| panic!("no stage-{k} in {book:#}"));
            let tests = student["exercises"][0]["tests"].as_array().unwrap();
            // Every test of a stage up to k passes; every test of a later stage fails.
            let wrong: Vec<String> = stages
                .iter()
                .flat_map(|(stage, names)| names.iter().map(move |n| (*stage, n)))
                .filter_map(|(stage, test_name)| {
                    let test = tests
                        .iter()
                        .find(|t| t["name"] == test_name.as_str())
                        .unwrap_or_else(|| panic!("no {test_name} in {student:#}"));
                    let passed = test["status"] == "pass" && test["points"] == test["max_points"];
                    let failed = test["points"] == 0;
                    let right = if stage <= k { passed } else { failed };
                    (!right).then(|| {
                        format!(
                            "stage {stage} test {test_name}: {} ({}/{}) {}",
                            test["status"],
                            test["points"],
                            test["max_points"],
                            test["message"].as_str().unwrap_or("")
                        )
                    })
                })
                .collect();
            let expected: u64 = stages
                .iter()
                .filter(|(stage, _)| **stage <= k)
                .flat_map(|(_, names)| names)
                .map(|test_name| {
                    tests
                        .iter()
                        .find(|t| t["name"] == test_name.as_str())
                        .and_then(|t| t["max_points"].as_u64())
                        .unwrap()
                })
                .sum();
            assert!(
                wrong.is_empty(),
                "{name} completed up to stage {k} should pass exactly stages 1 to {k}:\n{}",
                wrong.join("\n")
            );
            assert_eq!(
                student["exercises"][0]["score"].as_u64(),
                Some(expected),
                "{name} completed up to stage {k} scores the points of stages 1 to {k}"
            );
        }
    }
}
