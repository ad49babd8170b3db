//! Claims records (maintainers): every page of the book keeps `book/claims/PAGE.md`, the list of
//! its factual claims with their evidence and the second reader's verdicts (the format is
//! `book/claims/README.md`). [`check`] holds the records to the book: each quoted claim is on
//! its page, each has evidence and a verdict, each repository path it names exists, each fix
//! was checked by a reader other than the page's second reader, and each chapter's quiz items
//! are all reviewed and signed off. [`Record::counts`] gives what the closing notes report.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

/// What a verdict says of a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Right as the page had it.
    Ok,
    /// Wrong or misleading before; the page now says what the evidence shows.
    Fixed,
    /// Version-dependent; the page now names the version(s).
    Labelled,
}

/// One numbered claim of a record.
#[derive(Debug)]
pub(crate) struct Claim {
    /// The line of the record where the claim starts.
    pub(crate) line: usize,
    /// The page's words, as quoted.
    pub(crate) quote: String,
    pub(crate) evidence: Vec<String>,
    pub(crate) verdict: Option<(Verdict, String)>,
}

/// One page's record, parsed.
#[derive(Debug, Default)]
pub(crate) struct Record {
    /// The page it names in its title (`book/src/09-slots.md`).
    pub(crate) page: Option<String>,
    pub(crate) second_reader: Option<String>,
    pub(crate) fixes_checked_by: Option<String>,
    pub(crate) claims: Vec<Claim>,
    /// Claims taken off the page, with why.
    pub(crate) removed: Vec<String>,
    /// The quiz file the record's `## Quiz:` section names, with the line of each item entry.
    pub(crate) quiz: Option<Quiz>,
}

/// A record's review of its chapter's quiz.
#[derive(Debug, Default)]
pub(crate) struct Quiz {
    /// Each item entry: its id and what the reader says of it.
    pub(crate) items: Vec<(String, String)>,
    pub(crate) sign_off: Option<String>,
}

/// What a record adds up to.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Counts {
    pub(crate) claims: usize,
    pub(crate) fixed: usize,
    pub(crate) labelled: usize,
    pub(crate) removed: usize,
    pub(crate) quiz_items: usize,
    pub(crate) quiz_fixed: usize,
}

impl Record {
    /// Claims checked, found wrong (fixed or removed), labelled; quiz items reviewed and fixed.
    pub(crate) fn counts(&self) -> Counts {
        let verdicts = |wanted| {
            self.claims
                .iter()
                .filter(|c| c.verdict.as_ref().is_some_and(|(v, _)| *v == wanted))
                .count()
        };
        let quiz = self.quiz.as_ref();
        Counts {
            claims: self.claims.len() + self.removed.len(),
            fixed: verdicts(Verdict::Fixed),
            labelled: verdicts(Verdict::Labelled),
            removed: self.removed.len(),
            quiz_items: quiz.map_or(0, |q| q.items.len()),
            quiz_fixed: quiz.map_or(0, |q| {
                q.items
                    .iter()
                    .filter(|(_, verdict)| verdict.starts_with("fixed"))
                    .count()
            }),
        }
    }
}

/// The section of a record a line belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Head,
    Claims,
    Removed,
    Quiz,
    Other,
}

/// Parses a record. Problems of form (a claim with no closing quote) come back as
/// `(line, message)`.
pub(crate) fn parse(text: &str) -> (Record, Vec<(usize, String)>) {
    let mut record = Record::default();
    let mut problems = Vec::new();
    let mut section = Section::Head;
    let mut open_quote: Option<Claim> = None;
    // The field a continuation line adds to: 'e' evidence, 'v' verdict.
    let mut field: Option<char> = None;
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let trimmed = line.trim();
        if let Some(mut claim) = open_quote.take() {
            claim.quote.push(' ');
            if let Some(rest) = trimmed.strip_suffix('"') {
                claim.quote.push_str(rest);
                record.claims.push(claim);
            } else {
                claim.quote.push_str(trimmed);
                open_quote = Some(claim);
            }
            continue;
        }
        if let Some(title) = trimmed.strip_prefix("# Claims of ") {
            record.page = Some(title.trim_matches('`').to_string());
            continue;
        }
        if let Some(heading) = trimmed.strip_prefix("## ") {
            section = match heading {
                "Claims" => Section::Claims,
                "Removed" => Section::Removed,
                _ if heading.starts_with("Quiz") => {
                    record.quiz = Some(Quiz::default());
                    Section::Quiz
                }
                _ => Section::Other,
            };
            field = None;
            continue;
        }
        match section {
            Section::Head => {
                if let Some(who) = trimmed.strip_prefix("- Second reader:") {
                    record.second_reader = Some(who.trim().to_string());
                } else if let Some(who) = trimmed.strip_prefix("- Fixes checked by:") {
                    record.fixes_checked_by = Some(who.trim().to_string());
                }
            }
            Section::Claims => {
                if let Some(quoted) = numbered_quote(trimmed) {
                    field = None;
                    let claim = Claim {
                        line: number,
                        quote: String::new(),
                        evidence: Vec::new(),
                        verdict: None,
                    };
                    match quoted.strip_suffix('"').filter(|q| !q.is_empty()) {
                        Some(quote) => record.claims.push(Claim {
                            quote: quote.to_string(),
                            ..claim
                        }),
                        None => {
                            open_quote = Some(Claim {
                                quote: quoted.to_string(),
                                ..claim
                            })
                        }
                    }
                    continue;
                }
                if line.starts_with(|c: char| c.is_ascii_digit()) {
                    problems.push((
                        number,
                        "a claim starts `N. \"` followed by the page's words in double quotes"
                            .to_string(),
                    ));
                    continue;
                }
                let Some(claim) = record.claims.last_mut() else {
                    continue;
                };
                if let Some(evidence) = trimmed.strip_prefix("- evidence:") {
                    claim.evidence.push(evidence.trim().to_string());
                    field = Some('e');
                } else if let Some(verdict) = trimmed.strip_prefix("- verdict:") {
                    claim.verdict = Some((
                        verdict_kind(verdict.trim()).unwrap_or(Verdict::Ok),
                        verdict.trim().to_string(),
                    ));
                    if verdict_kind(verdict.trim()).is_none() {
                        problems.push((
                            number,
                            format!(
                                "claim {}: a verdict starts with `ok`, `fixed` or `labelled`",
                                claim_number(&record.claims)
                            ),
                        ));
                    }
                    field = Some('v');
                } else if !trimmed.is_empty() && !trimmed.starts_with("- ") {
                    match field {
                        Some('e') => {
                            let last = claim.evidence.last_mut().expect("evidence started");
                            last.push(' ');
                            last.push_str(trimmed);
                        }
                        Some('v') => {
                            let (_, text) = claim.verdict.as_mut().expect("verdict started");
                            text.push(' ');
                            text.push_str(trimmed);
                        }
                        _ => {}
                    }
                }
            }
            Section::Removed => {
                if let Some(entry) = trimmed.strip_prefix("- ") {
                    record.removed.push(entry.to_string());
                }
            }
            Section::Quiz => {
                let quiz = record.quiz.as_mut().expect("the section made it");
                if let Some(who) = trimmed.strip_prefix("Sign-off:") {
                    quiz.sign_off = Some(who.trim().to_string());
                } else if let Some(entry) = trimmed.strip_prefix("- `")
                    && let Some((id, rest)) = entry.split_once('`')
                {
                    let verdict = rest.trim_start_matches([' ', '—', '-', ':']).trim();
                    quiz.items.push((id.to_string(), verdict.to_string()));
                }
            }
            Section::Other => {}
        }
    }
    if let Some(claim) = open_quote {
        problems.push((claim.line, "the claim's quote is never closed".to_string()));
    }
    (record, problems)
}

fn claim_number(claims: &[Claim]) -> usize {
    claims.len()
}

/// `12. "the quote…` → `the quote…` (with its closing `"` if on this line).
fn numbered_quote(line: &str) -> Option<&str> {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    line[digits..].strip_prefix(". \"")
}

fn verdict_kind(text: &str) -> Option<Verdict> {
    let word: String = text
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_lowercase();
    match word.as_str() {
        "ok" => Some(Verdict::Ok),
        "fixed" => Some(Verdict::Fixed),
        "labelled" => Some(Verdict::Labelled),
        _ => None,
    }
}

/// Text with every run of whitespace made one space.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The pages that need a record: every Markdown page of `book_src` but `SUMMARY.md` and the
/// generated quiz pages.
pub(crate) fn pages(book_src: &Path) -> Result<Vec<PathBuf>> {
    let mut pages = Vec::new();
    for entry in
        fs::read_dir(book_src).with_context(|| format!("cannot read {}", book_src.display()))?
    {
        let path = entry?.path();
        let is_page = path.extension().is_some_and(|e| e == "md")
            && path.file_name().is_some_and(|n| n != "SUMMARY.md");
        if is_page {
            pages.push(path);
        }
    }
    pages.sort();
    Ok(pages)
}

/// One page's record, checked.
#[derive(Debug)]
pub(crate) struct Checked {
    /// `09-slots`.
    pub(crate) page: String,
    pub(crate) counts: Counts,
}

/// Checks every page's record below `root` (`book/src`, `book/claims`, the quiz files in
/// `quiz_dir`). Returns the records' counts and the problems, each naming its file and line.
pub(crate) fn check(root: &Path, quiz_dir: &Path) -> Result<(Vec<Checked>, Vec<String>)> {
    let book_src = root.join("book/src");
    let claims_dir = root.join("book/claims");
    let mut checked = Vec::new();
    let mut problems = Vec::new();
    let mut stems = BTreeSet::new();
    for page in pages(&book_src)? {
        let stem = page
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        stems.insert(stem.clone());
        let record_path = claims_dir.join(format!("{stem}.md"));
        let shown = format!("book/claims/{stem}.md");
        let Ok(text) = fs::read_to_string(&record_path) else {
            problems.push(format!(
                "book/src/{stem}.md has no claims record: write {shown} (format: book/claims/README.md)"
            ));
            continue;
        };
        let page_text =
            fs::read_to_string(&page).with_context(|| format!("cannot read {}", page.display()))?;
        let quiz_file = quiz_dir.join(format!("{stem}.toml"));
        let quiz_ids = if quiz_file.is_file() {
            Some(quiz_item_ids(&quiz_file)?)
        } else {
            None
        };
        let (record, form) = parse(&text);
        problems.extend(
            form.into_iter()
                .map(|(line, message)| format!("{shown}:{line}: {message}")),
        );
        check_record(
            root,
            &shown,
            &stem,
            &record,
            &page_text,
            quiz_ids.as_deref(),
            &mut problems,
        );
        checked.push(Checked {
            page: stem,
            counts: record.counts(),
        });
    }
    if let Ok(entries) = fs::read_dir(&claims_dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(stem) = name.strip_suffix(".md")
                && stem != "README"
                && !stems.contains(stem)
            {
                problems.push(format!(
                    "book/claims/{name}: no page book/src/{stem}.md to be the record of"
                ));
            }
        }
    }
    Ok((checked, problems))
}

fn check_record(
    root: &Path,
    shown: &str,
    stem: &str,
    record: &Record,
    page_text: &str,
    quiz_ids: Option<&[String]>,
    problems: &mut Vec<String>,
) {
    let page = format!("book/src/{stem}.md");
    if record.page.as_deref() != Some(page.as_str()) {
        problems.push(format!("{shown}: its title is not `# Claims of `{page}``"));
    }
    let Some(second_reader) = record.second_reader.as_deref().filter(|w| !w.is_empty()) else {
        problems.push(format!(
            "{shown}: no `- Second reader:` line (who read the page, not having written it)"
        ));
        return;
    };
    if record.claims.is_empty() {
        problems.push(format!("{shown}: no claims under `## Claims`"));
    }
    let squeezed_page = squeeze(page_text);
    for (index, claim) in record.claims.iter().enumerate() {
        let at = format!("{shown}:{}: claim {}", claim.line, index + 1);
        let quote = squeeze(&claim.quote);
        if quote.split(' ').count() < 3 {
            problems.push(format!(
                "{at}: quote at least three words of the page, not \"{quote}\""
            ));
        } else if !squeezed_page.contains(&quote) {
            problems.push(format!("{at}: \"{quote}\" is not on {page}"));
        }
        if claim.evidence.iter().all(|e| e.is_empty()) {
            problems.push(format!("{at}: no `- evidence:`"));
        }
        for evidence in &claim.evidence {
            for path in repository_paths(evidence) {
                if !root.join(&path).exists() {
                    problems.push(format!("{at}: the evidence `{path}` does not exist"));
                }
            }
        }
        match &claim.verdict {
            None => problems.push(format!("{at}: no `- verdict:`")),
            Some((Verdict::Fixed, text)) if !text.contains("was") => problems.push(format!(
                "{at}: a `fixed` verdict says what the page said before (`was \"…\"`)"
            )),
            Some(_) => {}
        }
    }
    let counts = record.counts();
    if counts.fixed + counts.labelled + counts.removed + counts.quiz_fixed > 0 {
        match record.fixes_checked_by.as_deref().filter(|w| !w.is_empty()) {
            None => problems.push(format!(
                "{shown}: fixes without a `- Fixes checked by:` line (a reader other than the second reader checks them)"
            )),
            Some(checker) if reader_name(checker) == reader_name(second_reader) => {
                problems.push(format!(
                    "{shown}: the fixes were checked by their own author ({}); another reader checks them",
                    reader_name(checker)
                ))
            }
            Some(_) => {}
        }
    }
    if let Some(ids) = quiz_ids {
        let Some(quiz) = &record.quiz else {
            problems.push(format!(
                "{shown}: no `## Quiz:` section for grader/hidden/quiz/{stem}.toml"
            ));
            return;
        };
        let reviewed: BTreeSet<&str> = quiz.items.iter().map(|(id, _)| id.as_str()).collect();
        for id in ids {
            if !reviewed.contains(id.as_str()) {
                problems.push(format!("{shown}: the quiz item `{id}` is not reviewed"));
            }
        }
        for (id, _) in &quiz.items {
            if !ids.contains(id) {
                problems.push(format!(
                    "{shown}: `{id}` is not an item of grader/hidden/quiz/{stem}.toml"
                ));
            }
        }
        if quiz.sign_off.as_deref().is_none_or(str::is_empty) {
            problems.push(format!("{shown}: the quiz has no `Sign-off:` line"));
        }
    }
}

/// `reader-09-10 (a session …), 2026-12-08` → `reader-09-10`.
fn reader_name(text: &str) -> String {
    text.split([',', '(', ';'])
        .next()
        .unwrap_or_default()
        .trim()
        .to_lowercase()
}

/// The repository paths an evidence names in backticks (`book/…`, `grader/…`, `solutions/…`,
/// `exercises/…`), without a `:line`, `::test` or `#anchor` after them.
fn repository_paths(evidence: &str) -> Vec<String> {
    evidence
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|span| {
            ["book/", "grader/", "solutions/", "exercises/"]
                .iter()
                .any(|top| span.starts_with(top))
                && !span.contains(' ')
        })
        .map(|span| {
            let end = span.find([':', '#']).unwrap_or(span.len());
            span[..end].to_string()
        })
        .collect()
}

/// The `id`s of a quiz file's items.
fn quiz_item_ids(file: &Path) -> Result<Vec<String>> {
    #[derive(serde::Deserialize)]
    struct File {
        #[serde(default)]
        item: Vec<Item>,
    }
    #[derive(serde::Deserialize)]
    struct Item {
        id: String,
    }
    let text =
        fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let parsed: File =
        toml::from_str(&text).with_context(|| format!("{} is not a quiz file", file.display()))?;
    Ok(parsed.item.into_iter().map(|item| item.id).collect())
}

/// Checks the records and prints what they add up to, page by page. Returns whether every
/// record holds.
pub(crate) fn run(root: &Path, quiz_dir: &Path) -> Result<bool> {
    let (checked, problems) = check(root, quiz_dir)?;
    let mut total = Counts::default();
    anstream::println!(
        "{:<20} {:>7} {:>6} {:>9} {:>8} {:>11}",
        "page",
        "claims",
        "fixed",
        "labelled",
        "removed",
        "quiz fixed"
    );
    for page in &checked {
        let c = page.counts;
        anstream::println!(
            "{:<20} {:>7} {:>6} {:>9} {:>8} {:>11}",
            page.page,
            c.claims,
            c.fixed,
            c.labelled,
            c.removed,
            if c.quiz_items > 0 {
                format!("{}/{}", c.quiz_fixed, c.quiz_items)
            } else {
                "-".to_string()
            }
        );
        total.claims += c.claims;
        total.fixed += c.fixed;
        total.labelled += c.labelled;
        total.removed += c.removed;
        total.quiz_items += c.quiz_items;
        total.quiz_fixed += c.quiz_fixed;
    }
    anstream::println!(
        "{:<20} {:>7} {:>6} {:>9} {:>8} {:>11}",
        "all pages",
        total.claims,
        total.fixed,
        total.labelled,
        total.removed,
        format!("{}/{}", total.quiz_fixed, total.quiz_items)
    );
    if problems.is_empty() {
        anstream::println!("every claim is on its page with its evidence and a verdict");
        return Ok(true);
    }
    for problem in &problems {
        anstream::eprintln!("{problem}");
    }
    anstream::eprintln!(
        "{} problem(s) in the claims records (format: book/claims/README.md)",
        problems.len()
    );
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORD: &str = r#"# Claims of `book/src/09-slots.md`

- Second reader: reader-09-10 (did not write the page), 2026-12-08
- Fixes checked by: reader-11-13, 2026-12-08

## Claims

1. "getsizeof does not add the class's
   key table"
   - evidence: `book/src/python/09-slots/split.py`; CPython v3.11.7
     Objects/dictobject.c `_PyDict_SizeOf`
   - verdict: fixed — was "adds the key table"

2. "From instance #26 on"
   - evidence: `grader/hidden/09-slots/tests.rs::sizes`
   - verdict: ok

## Removed

- "the interpreter's own work" — false

## Quiz: `grader/hidden/quiz/09-slots.toml`

- `real-saving` — fixed: agrees with the chapter now
- `layouts` — ok

Sign-off: reader-09-10, 2026-12-08
"#;

    #[test]
    fn a_record_parses_into_claims_evidence_verdicts_removals_and_quiz() {
        let (record, problems) = parse(RECORD);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(record.page.as_deref(), Some("book/src/09-slots.md"));
        assert_eq!(record.claims.len(), 2);
        assert_eq!(
            squeeze(&record.claims[0].quote),
            "getsizeof does not add the class's key table"
        );
        assert_eq!(record.claims[0].line, 8);
        assert!(record.claims[0].evidence[0].ends_with("`_PyDict_SizeOf`"));
        assert_eq!(
            record.claims[1].verdict.as_ref().map(|(v, _)| *v),
            Some(Verdict::Ok)
        );
        assert_eq!(
            record.counts(),
            Counts {
                claims: 3,
                fixed: 1,
                labelled: 0,
                removed: 1,
                quiz_items: 2,
                quiz_fixed: 1,
            }
        );
        assert_eq!(
            repository_paths(&record.claims[1].evidence[0]),
            ["grader/hidden/09-slots/tests.rs"]
        );
        assert_eq!(
            reader_name(record.second_reader.as_deref().unwrap()),
            "reader-09-10"
        );
    }

    #[test]
    fn an_unclosed_quote_and_an_unknown_verdict_are_problems() {
        let (_, problems) = parse("## Claims\n\n1. \"never closed\n   - evidence: x\n");
        assert_eq!(problems.len(), 1, "{problems:?}");
        let (_, problems) = parse("## Claims\n\n1. \"a b c\"\n   - verdict: maybe\n");
        assert!(
            problems[0].1.contains("`ok`, `fixed` or `labelled`"),
            "{problems:?}"
        );
        let (record, problems) = parse("## Claims\n\n33b. \"a b c\"\n2. a b c\n");
        assert!(record.claims.is_empty());
        assert_eq!(problems.len(), 2, "{problems:?}");
    }
}
