//! Claims records: every page of the book has `book/claims/PAGE.md`, each claim quoted from its
//! page with evidence and a verdict; `cargo grade claims` holds the records to the book.

use crate::fixtures::{bare_checkout, output_text as text, write};
use crate::{grader, project_root};

#[test]
fn every_page_of_the_book_has_a_record_that_holds() {
    let output = grader(&project_root(), &["claims"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "`cargo grade claims` found records that do not hold (format: book/claims/README.md):\n{}",
        text(&output)
    );
}

/// A book of two pages: one whose record holds, one whose record has each kind of problem.
fn fixture() -> tempfile::TempDir {
    let root = bare_checkout();
    let r = root.path();
    write(r, "book/src/SUMMARY.md", "# Summary\n");
    write(
        r,
        "book/src/01-good.md",
        "# Good\n\nA new list has a\nreference count of one.\n",
    );
    write(r, "book/src/python/01-good/count.py", "print(1)\n");
    write(
        r,
        "book/claims/01-good.md",
        "# Claims of `book/src/01-good.md`\n\n- Second reader: ann\n\n## Claims\n\n1. \"has a reference count of one\"\n   - evidence: `book/src/python/01-good/count.py`\n   - verdict: ok\n",
    );
    write(
        r,
        "book/src/02-bad.md",
        "# Bad\n\nThe collector runs when count 0 exceeds 700.\n",
    );
    write(
        r,
        "grader/hidden/quiz/02-bad.toml",
        "chapter = \"02-bad\"\n\n[[item]]\nid = \"threshold\"\n\n[[item]]\nid = \"unreviewed\"\n",
    );
    write(
        r,
        "book/claims/02-bad.md",
        "# Claims of `book/src/02-bad.md`\n\n- Second reader: bob\n- Fixes checked by: Bob, 2026\n\n## Claims\n\n1. \"when count 0 exceeds 700\"\n   - evidence: `book/src/python/02-bad/missing.py`\n   - verdict: fixed — was \"reaches 700\"\n\n2. \"runs every second\"\n   - evidence: none\n   - verdict: ok\n\n3. \"The collector runs\"\n   - verdict: fixed\n\n## Quiz: `grader/hidden/quiz/02-bad.toml`\n\n- `threshold` — ok\n",
    );
    write(r, "book/src/03-none.md", "# None\n");
    root
}

#[test]
fn records_that_do_not_hold_are_reported_with_file_line_and_what_is_wrong() {
    let root = fixture();
    let output = grader(root.path(), &["claims"]);
    let text = text(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    for expected in [
        "book/src/03-none.md has no claims record: write book/claims/03-none.md",
        "book/claims/02-bad.md:8: claim 1: the evidence `book/src/python/02-bad/missing.py` does not exist",
        "book/claims/02-bad.md:12: claim 2: \"runs every second\" is not on book/src/02-bad.md",
        "book/claims/02-bad.md:16: claim 3: no `- evidence:`",
        "book/claims/02-bad.md:16: claim 3: a `fixed` verdict says what the page said before",
        "book/claims/02-bad.md: the fixes were checked by their own author (bob)",
        "book/claims/02-bad.md: the quiz item `unreviewed` is not reviewed",
        "book/claims/02-bad.md: the quiz has no `Sign-off:` line",
        "8 problem(s) in the claims records",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert!(
        !text.contains("01-good.md:"),
        "the good record holds: {text}"
    );
    assert!(
        text.contains("01-good                    1      0         0        0           -"),
        "{text}"
    );
}
