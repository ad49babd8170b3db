//! Checked outputs: every Python output the book shows and every quiz program's expected output
//! is what the program prints; `cargo grade outputs` finds the ones that are not.

use std::fs;

use crate::fixtures::{bare_checkout, output_text as text, write};
use crate::{grader, project_root};

#[test]
fn every_output_in_the_book_and_the_quiz_is_what_its_program_prints() {
    let output = grader(&project_root(), &["outputs"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "`cargo grade outputs` found outputs that differ (see book/src/python/ and grader/AUTHORING.md, \"Checked outputs\"):\n{}",
        text(&output)
    );
}

/// A checkout with a small book and quiz: one snippet right (with a mask), one wrong, an output
/// no page shows, Python typed into a page, and two quiz programs, one wrong.
fn fixture() -> tempfile::TempDir {
    let root = bare_checkout();
    let r = root.path();
    write(
        r,
        "book/src/page.md",
        "# Page\n\n```python\n{{#include python/page/hello.py}}\n```\n\n```text\n{{#include python/page/hello.out}}\n```\n\n```python\n{{#include python/page/wrong.py}}\n```\n\n```text\n{{#include python/page/wrong.out}}\n```\n\n```python\nprint('typed into the page')\n```\n\n```text\n{{#include python/page/missing.out}}\n```\n",
    );
    write(
        r,
        "book/src/python/page/hello.py",
        "print('hello from', hex(id(object())))\n",
    );
    write(r, "book/src/python/page/hello.out", "hello from 0x…\n");
    write(r, "book/src/python/page/wrong.py", "print('two')\n");
    write(r, "book/src/python/page/wrong.out", "one\n");
    write(r, "book/src/python/page/shown_nowhere.py", "print(1)\n");
    write(r, "book/src/python/page/shown_nowhere.out", "1\n");
    write(
        r,
        "grader/hidden/quiz/programs/01-x/sum.rs",
        "fn main() {\n    println!(\"{}\", 1 + 1);\n}\n",
    );
    write(r, "grader/hidden/quiz/programs/01-x/sum.out", "2\n");
    write(
        r,
        "grader/hidden/quiz/programs/01-x/len.py",
        "print(len([1, 2, 3]))\n",
    );
    write(r, "grader/hidden/quiz/programs/01-x/len.out", "4\n");
    root
}

#[test]
fn differing_outputs_unchecked_python_and_outputs_shown_nowhere_are_reported() {
    let root = fixture();
    let output = grader(root.path(), &["outputs"]);
    let text = text(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        text.contains("book: 3 snippets run on CPython 3.11"),
        "{text}"
    );
    assert!(
        text.contains("quiz: 1 Python programs run on CPython 3.11"),
        "{text}"
    );
    assert!(text.contains("1 Rust programs"), "{text}");
    assert!(
        text.contains("book/src/python/page/wrong.out: CPython 3.11")
            && text.contains("-one\n+two"),
        "the wrong snippet, with a diff: {text}"
    );
    assert!(
        !text.contains("hello.out"),
        "the masked address matches: {text}"
    );
    assert!(
        text.contains("book/src/page.md:20: Python in the book lives in book/src/python/"),
        "Python typed into a page: {text}"
    );
    assert!(
        text.contains(
            "book/src/page.md:24: includes python/page/missing.out, which does not exist"
        ),
        "{text}"
    );
    assert!(
        text.contains("shown_nowhere.out: checked, but no page of the book includes it"),
        "{text}"
    );
    assert!(
        text.contains(
            "grader/hidden/quiz/programs/01-x/len.out: the program prints something else"
        ),
        "{text}"
    );
    assert!(
        !text.contains("sum.out"),
        "the Rust program prints 2: {text}"
    );
}

#[test]
fn update_writes_the_actual_outputs_after_a_backup_and_keeps_masks() {
    let root = fixture();
    let r = root.path();
    write(
        r,
        "book/src/python/page/hello.py",
        "print('hello from', hex(id(object())))\nprint('and more')\n",
    );
    write(
        r,
        "book/src/python/page/hello.out",
        "hello from 0x…\nand less\n",
    );
    let output = grader(r, &["outputs", "--update"]);
    let text = text(&output);
    assert_eq!(
        output.status.code(),
        Some(1),
        "what running cannot fix is still reported: {text}"
    );
    assert_eq!(
        fs::read_to_string(r.join("book/src/python/page/wrong.out")).unwrap(),
        "two\n"
    );
    assert_eq!(
        fs::read_to_string(r.join("book/src/python/page/hello.out")).unwrap(),
        "hello from 0x…\nand more\n",
        "the mask that still matches is kept"
    );
    assert_eq!(
        fs::read_to_string(r.join("grader/hidden/quiz/programs/01-x/len.out")).unwrap(),
        "3\n"
    );
    let backups: Vec<_> = fs::read_dir(r.join(".grade-backups")).unwrap().collect();
    assert_eq!(backups.len(), 1, "one backup folder");
    let backup = backups[0].as_ref().unwrap().path();
    assert_eq!(
        fs::read_to_string(backup.join("book/src/python/page/wrong.out")).unwrap(),
        "one\n",
        "the old output is kept"
    );
    assert!(text.contains("Python in the book lives in"), "{text}");
}

#[test]
fn a_version_that_prints_something_else_needs_a_file_of_its_own_and_only_then() {
    let root = bare_checkout();
    let r = root.path();
    write(
        r,
        "book/src/page.md",
        "```python\n{{#include python/page/version.py}}\n```\n\n```python\n{{#include python/page/same.py}}\n```\n\n```text\n{{#include python/page/version.out}}\n{{#include python/page/same.out}}\n{{#include python/page/same.3.12.out}}\n{{#include python/page/same.3.13.out}}\n```\n",
    );
    write(
        r,
        "book/src/python/page/version.py",
        "import sys\nprint(sys.version_info[:2] >= (3, 12))\n",
    );
    write(r, "book/src/python/page/version.out", "False\n");
    write(
        r,
        "book/src/python/page/same.py",
        "print('same everywhere')\n",
    );
    write(r, "book/src/python/page/same.out", "same everywhere\n");
    write(r, "book/src/python/page/same.3.12.out", "same everywhere\n");
    write(r, "book/src/python/page/same.3.13.out", "same everywhere\n");
    let output = grader(r, &["outputs"]);
    let text = text(&output);
    for version in ["3.12", "3.13"] {
        if text.contains(&format!("CPython {version} is not installed here")) {
            // Nothing to compare on this machine for that version; the line says so.
            continue;
        }
        assert!(
            text.contains(&format!(
                "book/src/python/page/version.py: CPython {version}"
            )) && text.contains(&format!("keep its output in version.{version}.out")),
            "a version that prints True needs its own file: {text}"
        );
        assert!(
            text.contains(&format!(
                "book/src/python/page/same.{version}.out: CPython {version}"
            )) && text.contains("the version file is not needed"),
            "a version file equal to the 3.11 one is reported: {text}"
        );
    }
}

/// A snippet that names a PyPI package on its `# requires:` line runs where the package is
/// installed (in an environment made once, below `target/grader/python-tools/`); a snippet
/// without the line does not see it; an unpinned requirement is an error naming the script.
#[test]
fn a_snippet_that_requires_a_package_runs_with_it_and_only_it_does() {
    let root = bare_checkout();
    let r = root.path();
    write(
        r,
        "book/src/page.md",
        "```python\n{{#include python/page/with.py}}\n```\n```text\n{{#include python/page/with.out}}\n```\n```python\n{{#include python/page/without.py}}\n```\n```text\n{{#include python/page/without.out}}\n```\n",
    );
    write(
        r,
        "book/src/python/page/with.py",
        "# A snippet that needs cowsay.\n# requires: cowsay==6.1\nimport cowsay\nprint(cowsay.__version__)\n",
    );
    write(r, "book/src/python/page/with.out", "6.1\n");
    write(
        r,
        "book/src/python/page/without.py",
        "import importlib.util\nprint(importlib.util.find_spec('cowsay') is None)\n",
    );
    write(r, "book/src/python/page/without.out", "True\n");
    let first = grader(r, &["outputs"]);
    let first_text = text(&first);
    assert_eq!(first.status.code(), Some(0), "{first_text}");
    assert!(
        first_text.contains("installing cowsay==6.1"),
        "{first_text}"
    );
    assert!(
        r.join("target/grader/python-tools").is_dir(),
        "{first_text}"
    );

    let again = grader(r, &["outputs"]);
    let again_text = text(&again);
    assert_eq!(again.status.code(), Some(0), "{again_text}");
    assert!(
        !again_text.contains("installing"),
        "the environment is made once: {again_text}"
    );

    write(
        r,
        "book/src/python/page/with.py",
        "# requires: cowsay\nimport cowsay\n",
    );
    let unpinned = grader(r, &["outputs"]);
    let unpinned_text = text(&unpinned);
    assert_ne!(unpinned.status.code(), Some(0), "{unpinned_text}");
    assert!(
        unpinned_text.contains("book/src/python/page/with.py: `cowsay` is not pinned"),
        "{unpinned_text}"
    );
}
