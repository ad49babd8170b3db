//! The quiz: items read from `grader/hidden/quiz/<chapter>.toml` (or `DIR/quiz/` for
//! `--hidden-dir DIR`), validated on load as the manifest is.
//!
//! Three kinds of item: a multiple choice (`choice`), a short answer with accepted alternatives
//! (`short`) and "what does this print?" (`output`), whose expected output is the `.out` file
//! next to its program, never typed in the TOML. [`answers`] reads and judges a learner's answers
//! file; `cargo grade stubs` makes the empty answers file, the right answers and the book pages
//! from the items ([`crate::author::stubs::quiz`]). The format is in `grader/AUTHORING.md`.

pub(crate) mod answers;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use serde::Deserialize;

use crate::files::walk;
use crate::grade::manifest::{closest_name, find_name};
use crate::project::Project;

/// The quiz folder inside a hidden-tests directory.
pub(crate) const QUIZ_DIR: &str = "quiz";
/// The learner's answers file, at the top of the graded tree (`exercises/quiz.toml`).
pub(crate) const ANSWERS_FILE: &str = "quiz.toml";
/// The name of the quiz's entry in a report, next to the exercises' `NN-name`s.
pub(crate) const REPORT_NAME: &str = "quiz";

/// Every item of every chapter, chapters in book order (their `NN-` prefix).
#[derive(Debug, Default)]
pub(crate) struct Quiz {
    pub(crate) chapters: Vec<Chapter>,
}

/// One chapter's items: one file.
#[derive(Debug)]
pub(crate) struct Chapter {
    /// The book chapter's file stem, `03-cycles`.
    pub(crate) name: String,
    /// The file the items were read from, relative to the checkout when inside it (for messages).
    pub(crate) file: String,
    pub(crate) items: Vec<Item>,
}

/// One question.
#[derive(Debug)]
pub(crate) struct Item {
    /// Unique in its chapter; answers name it `chapter.id`.
    pub(crate) id: String,
    pub(crate) points: u32,
    pub(crate) question: String,
    /// Shown once the item was answered, right or wrong.
    pub(crate) explanation: String,
    pub(crate) kind: Kind,
}

/// What an item asks for and what counts as right.
#[derive(Debug)]
pub(crate) enum Kind {
    /// Pick one of `choices`; `answer` is the index of the right one (letter `a` is 0).
    Choice { choices: Vec<String>, answer: usize },
    /// Type a word or a number; any of `accept` is right.
    Short { accept: Vec<String> },
    /// Type what `program` prints; `expected` is its `.out` file.
    Output {
        /// Absolute path of the program.
        program: PathBuf,
        language: Language,
        expected: String,
    },
}

/// The language of an `output` item's program, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Language {
    Python,
    Rust,
}

impl Language {
    /// The Markdown fence's language. A Rust program gets no playground button in the book:
    /// running it there would show the answer.
    pub(crate) fn fence(self) -> &'static str {
        match self {
            Language::Python => "python",
            Language::Rust => "rust,noplayground",
        }
    }
}

impl Quiz {
    /// Whether there is nothing to ask.
    pub(crate) fn is_empty(&self) -> bool {
        self.chapters.is_empty()
    }

    /// The chapter `name` means (`03-cycles`, `cycles` or `3`, as exercises are found), or an
    /// error with a "did you mean" and the chapters that have a quiz.
    pub(crate) fn chapter(&self, name: &str) -> Result<&Chapter> {
        let known: Vec<&str> = self.chapters.iter().map(|c| c.name.as_str()).collect();
        if let Some(index) = find_name(&known, name) {
            return Ok(&self.chapters[index]);
        }
        if known.is_empty() {
            bail!("no quiz chapter {name:?}: there is no quiz");
        }
        let suggestion = closest_name(&known, name)
            .map(|close| format!("; did you mean {close}?"))
            .unwrap_or_default();
        bail!(
            "no quiz chapter {name:?}{suggestion} (chapters with a quiz: {})",
            known.join(", ")
        )
    }
}

impl Chapter {
    /// The points of the chapter's items.
    pub(crate) fn max_score(&self) -> u32 {
        self.items.iter().map(|item| item.points).sum()
    }
}

/// The title of the book page `book/src/<chapter>.md` (its first `# ` heading), or the name.
pub(crate) fn chapter_title(project: &Project, chapter: &str) -> String {
    let page = project.book_src_dir().join(format!("{chapter}.md"));
    fs::read_to_string(page)
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|line| line.strip_prefix("# ").map(|t| t.trim().to_string()))
        })
        .unwrap_or_else(|| chapter.to_string())
}

/// The name answers and reports use for an item: `03-cycles.del-does-not-free-a-cycle`.
pub(crate) fn item_key(chapter: &str, id: &str) -> String {
    format!("{chapter}.{id}")
}

/// `0` → `a`.
pub(crate) fn letter(index: usize) -> char {
    char::from(b'a' + index as u8)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    chapter: String,
    #[serde(default, rename = "item")]
    items: Vec<RawItem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    id: String,
    kind: RawKind,
    points: Option<i64>,
    question: String,
    choices: Option<Vec<String>>,
    answer: Option<String>,
    accept: Option<Vec<String>>,
    program: Option<String>,
    explanation: String,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum RawKind {
    Choice,
    Short,
    Output,
}

/// Choices are lettered `a` to `z`.
const MAX_CHOICES: usize = 26;

/// Reads and validates every `hidden_dir/quiz/*.toml`. No quiz folder is no quiz, not an error.
pub(crate) fn load(project: &Project, hidden_dir: &Path) -> Result<Quiz> {
    let dir = hidden_dir.join(QUIZ_DIR);
    if !dir.is_dir() {
        return Ok(Quiz::default());
    }
    let files = walk::entries(&dir)?
        .into_iter()
        .filter(|entry| !entry.is_dir && entry.has_extension("toml"));
    let mut chapters = Vec::new();
    for entry in files {
        let path = entry.path;
        chapters.push(load_chapter(project, &dir, &path)?);
    }
    Ok(Quiz { chapters })
}

fn load_chapter(project: &Project, quiz_dir: &Path, path: &Path) -> Result<Chapter> {
    let shown = project.relative(path);
    let text =
        fs::read_to_string(path).with_context(|| format!("cannot read the quiz file {shown}"))?;
    let raw: RawFile =
        toml::from_str(&text).with_context(|| format!("{shown}: not a valid quiz file"))?;
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    if raw.chapter != stem {
        bail!(
            "{shown}: chapter: is {:?}, but the file is named after {stem:?} (one file per chapter, `<chapter>.toml`)",
            raw.chapter
        );
    }
    let page = project.book_src_dir().join(format!("{}.md", raw.chapter));
    if !page.is_file() {
        bail!(
            "{shown}: chapter: {:?} has no book page ({} does not exist)",
            raw.chapter,
            project.relative(&page)
        );
    }
    if raw.items.is_empty() {
        bail!("{shown}: item: the file has no [[item]]");
    }
    let mut seen = BTreeSet::new();
    let mut items = Vec::with_capacity(raw.items.len());
    for (index, raw_item) in raw.items.into_iter().enumerate() {
        let at = format!("item[{index}] ({:?})", raw_item.id);
        if !seen.insert(raw_item.id.clone()) {
            bail!("{shown}: {at}.id: used twice in this file");
        }
        let item = validate_item(project, quiz_dir, raw_item)
            .map_err(|(field, what)| anyhow::anyhow!("{shown}: {at}.{field}: {what}"))?;
        items.push(item);
    }
    Ok(Chapter {
        name: raw.chapter,
        file: shown,
        items,
    })
}

type FieldResult<T> = std::result::Result<T, (&'static str, String)>;

/// Checks one item: its id, points and texts, then the fields of its kind. The error names the
/// field.
fn validate_item(project: &Project, quiz_dir: &Path, raw: RawItem) -> FieldResult<Item> {
    if !is_slug(&raw.id) {
        return Err((
            "id",
            "must be lowercase words, digits and dashes (it is a key in the answers file)".into(),
        ));
    }
    let points = match raw.points {
        None => 1,
        Some(points) if (1..=1000).contains(&points) => points as u32,
        Some(points) => {
            return Err((
                "points",
                format!("must be a whole number above zero, got {points}"),
            ));
        }
    };
    if raw.question.trim().is_empty() {
        return Err(("question", "is empty".into()));
    }
    if raw.explanation.trim().is_empty() {
        return Err(("explanation", "is empty".into()));
    }
    let kind = match raw.kind {
        RawKind::Choice => choice_kind(&raw)?,
        RawKind::Short => short_kind(&raw)?,
        RawKind::Output => output_kind(project, quiz_dir, &raw)?,
    };
    Ok(Item {
        id: raw.id,
        points,
        question: raw.question,
        explanation: raw.explanation,
        kind,
    })
}

/// A field of another kind of item is a mistake, not an extra to ignore.
fn only(field: &'static str, present: bool, kind: &str) -> FieldResult<()> {
    if present {
        Err((field, format!("is not a field of a `{kind}` item")))
    } else {
        Ok(())
    }
}

/// A multiple choice: 2 to 26 choices, none empty, and the right one's letter.
fn choice_kind(raw: &RawItem) -> FieldResult<Kind> {
    only("accept", raw.accept.is_some(), "choice")?;
    only("program", raw.program.is_some(), "choice")?;
    let choices = raw
        .choices
        .clone()
        .ok_or(("choices", "is missing".to_string()))?;
    if choices.len() < 2 || choices.len() > MAX_CHOICES {
        return Err((
            "choices",
            format!(
                "must list 2 to {MAX_CHOICES} choices, got {}",
                choices.len()
            ),
        ));
    }
    if let Some(empty) = choices.iter().position(|c| c.trim().is_empty()) {
        return Err(("choices", format!("choice {} is empty", letter(empty))));
    }
    let answer = raw
        .answer
        .as_ref()
        .ok_or(("answer", "is missing".to_string()))?;
    let last = letter(choices.len() - 1);
    let index = answer_letter(answer)
        .filter(|&index| index < choices.len())
        .ok_or((
            "answer",
            format!("{answer:?} is not a letter of the choices (a to {last})"),
        ))?;
    Ok(Kind::Choice {
        choices,
        answer: index,
    })
}

/// A short answer: at least one accepted answer, none empty.
fn short_kind(raw: &RawItem) -> FieldResult<Kind> {
    only("choices", raw.choices.is_some(), "short")?;
    only("answer", raw.answer.is_some(), "short (use `accept`)")?;
    only("program", raw.program.is_some(), "short")?;
    let accept = raw
        .accept
        .clone()
        .ok_or(("accept", "is missing".to_string()))?;
    if accept.iter().all(|a| a.trim().is_empty()) {
        return Err(("accept", "lists no accepted answer".into()));
    }
    if accept.iter().any(|a| a.trim().is_empty()) {
        return Err(("accept", "holds an empty answer".into()));
    }
    Ok(Kind::Short { accept })
}

/// "What does this print?": a Python or Rust program in the quiz folder, with its expected
/// output in the `.out` file beside it.
fn output_kind(project: &Project, quiz_dir: &Path, raw: &RawItem) -> FieldResult<Kind> {
    only("choices", raw.choices.is_some(), "output")?;
    only("answer", raw.answer.is_some(), "output")?;
    only("accept", raw.accept.is_some(), "output")?;
    let name = raw
        .program
        .as_ref()
        .ok_or(("program", "is missing".to_string()))?;
    let program = quiz_dir.join(name);
    let language = match program.extension().and_then(|e| e.to_str()) {
        Some("py") => Language::Python,
        Some("rs") => Language::Rust,
        _ => return Err(("program", format!("{name:?} must be a .py or .rs file"))),
    };
    if !program.is_file() {
        return Err((
            "program",
            format!("{} does not exist", project.relative(&program)),
        ));
    }
    let out = program.with_extension("out");
    let expected = fs::read_to_string(&out).map_err(|error| {
        (
            "program",
            format!(
                "cannot read its expected output {}: {error} (write it by running the program)",
                project.relative(&out)
            ),
        )
    })?;
    Ok(Kind::Output {
        program,
        language,
        expected,
    })
}

/// `b`, `B`, `b)`, `(b)`, `b.` → `Some(1)`; anything else `None`.
pub(crate) fn answer_letter(text: &str) -> Option<usize> {
    let text = text.trim();
    let text = text.strip_prefix('(').unwrap_or(text);
    let text = text.strip_suffix([')', '.']).unwrap_or(text).trim();
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_alphabetic() => {
            Some(usize::from(c.to_ascii_lowercase() as u8 - b'a'))
        }
        _ => None,
    }
}

fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with('-')
        && !text.ends_with('-')
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_are_read_leniently() {
        assert_eq!(answer_letter("b"), Some(1));
        assert_eq!(answer_letter(" B "), Some(1));
        assert_eq!(answer_letter("b)"), Some(1));
        assert_eq!(answer_letter("(c)"), Some(2));
        assert_eq!(answer_letter("a."), Some(0));
        assert_eq!(answer_letter("bb"), None);
        assert_eq!(answer_letter("2"), None);
        assert_eq!(answer_letter(""), None);
    }

    #[test]
    fn ids_are_slugs() {
        assert!(is_slug("del-does-not-free-a-cycle"));
        assert!(!is_slug("Del"));
        assert!(!is_slug("a.b"));
        assert!(!is_slug(""));
    }
}
