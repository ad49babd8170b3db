//! The learner's answers (`exercises/quiz.toml`: one table per chapter, one string per item) and
//! how each is judged: choices by letter, short answers against `accept`, outputs line by line.
//! An answer in the wrong format (a choice's text instead of its letter) is judged as not
//! answered: it costs nothing, and what is said about it names no right answer.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use anyhow::{Result, anyhow};
use toml::Spanned;

use super::{Item, Kind, Quiz, answer_letter, item_key, letter};
use crate::grade::outcome::{FormatError, Mismatch};

/// What the answers file holds, keyed by `(chapter, id)`.
#[derive(Debug, Default)]
pub(crate) struct Answers {
    given: BTreeMap<(String, String), Given>,
}

#[derive(Debug)]
struct Given {
    text: String,
    line: usize,
}

/// How one item was judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    Right,
    Wrong,
    NotAnswered,
}

/// One item's result, with what the report shows about it.
#[derive(Debug)]
pub(crate) struct Judged {
    pub(crate) verdict: Verdict,
    /// The answer as given (empty when not answered).
    pub(crate) given: String,
    /// For a wrong answer: what was expected and what was given.
    pub(crate) why_wrong: Option<Mismatch>,
    /// For an answer judged not answered because of its format: what is wrong with it.
    pub(crate) format: Option<FormatError>,
}

type RawAnswers = BTreeMap<String, BTreeMap<String, Spanned<toml::Value>>>;

/// Reads the answers file at `path` (shown as `shown` in messages). A missing file is no answers.
///
/// Returns the answers and warnings about keys that name no item (a typo is not graded).
pub(crate) fn read(path: &Path, shown: &str, quiz: &Quiz) -> Result<(Answers, Vec<String>)> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Ok((Answers::default(), Vec::new()));
        }
        Err(error) => return Err(anyhow!("cannot read the quiz answers {shown}: {error}")),
    };
    parse(&text, shown, quiz)
}

fn parse(text: &str, shown: &str, quiz: &Quiz) -> Result<(Answers, Vec<String>)> {
    let raw: RawAnswers = toml::from_str(text).map_err(|error| {
        anyhow!(
            "{shown} is not a valid answers file (one [chapter] table of `id = \"answer\"` lines): {}",
            error.to_string().trim_end()
        )
    })?;
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let mut answers = Answers::default();
    let mut warnings = Vec::new();
    for (chapter, table) in raw {
        let known_chapter = quiz.chapters.iter().find(|c| c.name == chapter);
        for (id, value) in table {
            let line = line_of(value.span().start);
            let text = match value.into_inner() {
                toml::Value::String(text) => text,
                toml::Value::Integer(n) => n.to_string(),
                toml::Value::Float(x) => x.to_string(),
                toml::Value::Boolean(b) => b.to_string(),
                other => {
                    return Err(anyhow!(
                        "{shown}: line {line}: [{chapter}] {id}: an answer is a string in quotes, not {}",
                        other.type_str()
                    ));
                }
            };
            let known = known_chapter.is_some_and(|c| c.items.iter().any(|item| item.id == id));
            if !known {
                warnings.push(format!(
                    "{shown}: line {line}: {} is not a quiz item; it is not graded",
                    item_key(&chapter, &id)
                ));
                continue;
            }
            answers
                .given
                .insert((chapter.clone(), id), Given { text, line });
        }
    }
    Ok((answers, warnings))
}

impl Answers {
    /// The answer given to `chapter.id`, if any (an empty string is no answer).
    pub(crate) fn get(&self, chapter: &str, id: &str) -> Option<&str> {
        self.given
            .get(&(chapter.to_string(), id.to_string()))
            .map(|given| given.text.as_str())
            .filter(|text| !text.trim().is_empty())
    }

    /// The line of the answers file that holds `chapter.id`.
    pub(crate) fn line(&self, chapter: &str, id: &str) -> Option<usize> {
        self.given
            .get(&(chapter.to_string(), id.to_string()))
            .map(|given| given.line)
    }
}

/// Judges `given` (None: not answered) for `item`.
pub(crate) fn judge(item: &Item, given: Option<&str>) -> Judged {
    let Some(given) = given.filter(|text| !text.trim().is_empty()) else {
        return Judged {
            verdict: Verdict::NotAnswered,
            given: String::new(),
            why_wrong: None,
            format: None,
        };
    };
    let why_wrong = match &item.kind {
        Kind::Choice { choices, answer } => match answer_letter(given) {
            Some(index) if index == *answer => None,
            Some(index) if index < choices.len() => Some(Mismatch::Choice {
                expected: (letter(*answer), one_line(&choices[*answer])),
                given: (letter(index), one_line(&choices[index])),
            }),
            _ => {
                return Judged {
                    verdict: Verdict::NotAnswered,
                    given: given.to_string(),
                    why_wrong: None,
                    format: Some(FormatError::NotALetter {
                        given: given.trim().to_string(),
                        last: letter(choices.len() - 1),
                    }),
                };
            }
        },
        Kind::Short { accept } => {
            let wanted = normalize_short(given);
            if accept.iter().any(|a| normalize_short(a) == wanted) {
                None
            } else {
                Some(Mismatch::Short {
                    accepted: accept.iter().map(|a| a.trim().to_string()).collect(),
                    given: given.trim().to_string(),
                })
            }
        }
        Kind::Output { expected, .. } => {
            if normalize_output(given) == normalize_output(expected) {
                None
            } else {
                Some(Mismatch::Output)
            }
        }
    };
    Judged {
        verdict: if why_wrong.is_none() {
            Verdict::Right
        } else {
            Verdict::Wrong
        },
        given: given.to_string(),
        why_wrong,
        format: None,
    }
}

/// The right answer as a learner would type it (the first accepted one for short answers).
pub(crate) fn right_answer(item: &Item) -> String {
    match &item.kind {
        Kind::Choice { answer, .. } => letter(*answer).to_string(),
        Kind::Short { accept } => accept[0].trim().to_string(),
        Kind::Output { expected, .. } => expected.clone(),
    }
}

/// A short answer as compared: without case, whitespace, sentence punctuation at its end or one
/// pair of backticks around it; number words become digits (`eight` → `8`, `twenty-eight` → `28`)
/// and thousands separators go (`10,000` and `10_000` → `10000`).
fn normalize_short(text: &str) -> String {
    let text = text.trim().trim_end_matches(SENTENCE_END).trim_end();
    let text = text
        .strip_prefix('`')
        .and_then(|t| t.strip_suffix('`'))
        .unwrap_or(text)
        .trim()
        .trim_end_matches(SENTENCE_END);
    let text = numbers_as_digits(&text.to_lowercase());
    let text = without_thousands_separators(&text);
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// What may end a typed answer without being part of it.
const SENTENCE_END: [char; 4] = ['.', '!', ',', ';'];

/// Replaces each run of number words (`eight`, `twenty-eight`, `one hundred and five`,
/// `ten thousand`) by its digits; every other word is kept as it is.
fn numbers_as_digits(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let mut run = NumberWords::default();
        let mut end = i;
        let mut j = i;
        while j < words.len() {
            let word = words[j];
            if word == "and" && run.after_hundred() && j + 1 < words.len() {
                j += 1;
                continue;
            }
            if !run.push_word(word) {
                break;
            }
            j += 1;
            end = j;
        }
        match run.value() {
            Some(value) if end > i => {
                out.push(value.to_string());
                i = end;
            }
            _ => {
                out.push(words[i].to_string());
                i += 1;
            }
        }
    }
    out.join(" ")
}

/// A number read word by word: `total` holds the finished thousands, `group` the part below.
#[derive(Default)]
struct NumberWords {
    total: u64,
    group: u64,
    words: usize,
    last_was_hundred: bool,
}

impl NumberWords {
    /// Takes one word (`twenty-eight` counts as one); false if it is not a number word.
    fn push_word(&mut self, word: &str) -> bool {
        let parts: Vec<&str> = word.split('-').collect();
        let values: Option<Vec<u64>> = parts.iter().map(|part| number_word(part)).collect();
        let Some(values) = values else {
            return false;
        };
        for value in values {
            match value {
                100 => {
                    self.group = self.group.max(1) * 100;
                    self.last_was_hundred = true;
                }
                1_000 | 1_000_000 => {
                    self.total += self.group.max(1) * value;
                    self.group = 0;
                    self.last_was_hundred = false;
                }
                _ => {
                    self.group += value;
                    self.last_was_hundred = false;
                }
            }
        }
        self.words += 1;
        true
    }

    fn after_hundred(&self) -> bool {
        self.last_was_hundred
    }

    fn value(&self) -> Option<u64> {
        (self.words > 0).then_some(self.total + self.group)
    }
}

/// The value of one number word, lowercase.
fn number_word(word: &str) -> Option<u64> {
    const ONES: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    if let Some(value) = ONES.iter().position(|w| *w == word) {
        return Some(value as u64);
    }
    if let Some(index) = TENS.iter().position(|w| *w == word) {
        return Some(20 + 10 * index as u64);
    }
    match word {
        "hundred" => Some(100),
        "thousand" => Some(1_000),
        "million" => Some(1_000_000),
        _ => None,
    }
}

/// Drops `,` and `_` between a digit and a group of exactly three digits (`10,000` → `10000`),
/// and leaves a list such as `[700, 10, 10]` alone.
fn without_thousands_separators(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let separates_thousands = matches!(c, ',' | '_')
            && i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.len() >= i + 4
            && chars[i + 1..i + 4].iter().all(char::is_ascii_digit)
            && chars.get(i + 4).is_none_or(|next| !next.is_ascii_digit());
        if !separates_thousands {
            out.push(c);
        }
    }
    out
}

/// Lines without trailing whitespace, without trailing blank lines.
pub(crate) fn normalize_output(text: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    while lines.last().is_some_and(|line| line.is_empty()) {
        lines.pop();
    }
    lines
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learner::quiz::{Chapter, Language};

    fn item(kind: Kind) -> Item {
        Item {
            id: "x".into(),
            points: 1,
            question: "?".into(),
            explanation: "because".into(),
            kind,
        }
    }

    #[test]
    fn choices_compare_by_letter() {
        let choice = item(Kind::Choice {
            choices: vec!["one".into(), "two".into(), "three".into()],
            answer: 1,
        });
        for right in ["b", "B", "b)", " (b) "] {
            assert_eq!(
                judge(&choice, Some(right)).verdict,
                Verdict::Right,
                "{right}"
            );
        }
        let wrong = judge(&choice, Some("c"));
        assert_eq!(wrong.verdict, Verdict::Wrong);
        assert_eq!(
            wrong.why_wrong,
            Some(Mismatch::Choice {
                expected: ('b', "two".into()),
                given: ('c', "three".into()),
            })
        );
        assert_eq!(judge(&choice, Some("  ")).verdict, Verdict::NotAnswered);
        assert_eq!(judge(&choice, None).verdict, Verdict::NotAnswered);
    }

    #[test]
    fn a_choice_that_is_not_a_letter_is_not_answered_and_reveals_nothing() {
        let choice = item(Kind::Choice {
            choices: vec!["one".into(), "two".into(), "three".into()],
            answer: 1,
        });
        for given in ["z", "d", "b) two", "two", "bb"] {
            let judged = judge(&choice, Some(given));
            assert_eq!(judged.verdict, Verdict::NotAnswered, "{given}");
            assert_eq!(
                judged.why_wrong, None,
                "{given}: nothing about the right choice"
            );
            assert_eq!(
                judged.format,
                Some(FormatError::NotALetter {
                    given: given.into(),
                    last: 'c'
                }),
                "{given}"
            );
        }
    }

    #[test]
    fn short_answers_ignore_case_and_whitespace() {
        let short = item(Kind::Short {
            accept: vec!["gc.collect()".into(), "collect".into()],
        });
        for right in ["gc.collect()", " GC.Collect( ) ", "`collect`"] {
            assert_eq!(
                judge(&short, Some(right)).verdict,
                Verdict::Right,
                "{right}"
            );
        }
        assert_eq!(judge(&short, Some("gc")).verdict, Verdict::Wrong);
    }

    #[test]
    fn short_answers_may_end_a_sentence() {
        let short = item(Kind::Short {
            accept: vec!["gc.collect()".into()],
        });
        for right in [
            "gc.collect().",
            "`gc.collect()`.",
            "gc.collect()!",
            "gc.collect() ;",
        ] {
            assert_eq!(
                judge(&short, Some(right)).verdict,
                Verdict::Right,
                "{right}"
            );
        }
        assert_eq!(judge(&short, Some("gc.collect(.")).verdict, Verdict::Wrong);
    }

    #[test]
    fn number_words_and_thousands_separators_are_numbers() {
        let judged = |accept: &str, given: &str| {
            judge(
                &item(Kind::Short {
                    accept: vec![accept.into()],
                }),
                Some(given),
            )
            .verdict
        };
        for (accept, given) in [
            ("8", "eight"),
            ("8", "Eight."),
            ("eight", "8"),
            ("28", "twenty-eight"),
            ("28 bytes", "twenty eight bytes"),
            ("105", "one hundred and five"),
            ("10000", "ten thousand"),
            ("10000", "10,000"),
            ("10000", "10_000"),
            ("1 block", "one block"),
            ("[700, 10, 10]", "[700,10,10]"),
        ] {
            assert_eq!(judged(accept, given), Verdict::Right, "{accept} / {given}");
        }
        for (accept, given) in [
            ("8", "eighty"),
            ("28", "twenty"),
            ("10000", "1,0000"),
            ("[700, 10, 10]", "[7001010]"),
            ("and", "8"),
        ] {
            assert_eq!(judged(accept, given), Verdict::Wrong, "{accept} / {given}");
        }
    }

    #[test]
    fn outputs_compare_line_by_line() {
        let output = item(Kind::Output {
            program: "p.py".into(),
            language: Language::Python,
            expected: "a\nb  \n\n".into(),
        });
        assert_eq!(judge(&output, Some("a  \nb")).verdict, Verdict::Right);
        assert_eq!(judge(&output, Some("a\nb\n\n\n")).verdict, Verdict::Right);
        assert_eq!(judge(&output, Some("\na\nb")).verdict, Verdict::Wrong);
        assert_eq!(judge(&output, Some("a\nc")).verdict, Verdict::Wrong);
    }

    fn quiz() -> Quiz {
        Quiz {
            chapters: vec![Chapter {
                name: "03-cycles".into(),
                file: "q.toml".into(),
                items: vec![item(Kind::Short {
                    accept: vec!["1".into()],
                })],
            }],
        }
    }

    #[test]
    fn answers_keep_their_line_and_typos_are_warned_about() {
        let (answers, warnings) =
            parse("[03-cycles]\nx = 1\ny = \"\"\n", "quiz.toml", &quiz()).unwrap();
        assert_eq!(answers.get("03-cycles", "x"), Some("1"));
        assert_eq!(answers.line("03-cycles", "x"), Some(2));
        assert_eq!(
            warnings,
            ["quiz.toml: line 3: 03-cycles.y is not a quiz item; it is not graded"]
        );
    }

    #[test]
    fn a_malformed_file_names_the_line() {
        let err = parse("[03-cycles]\nx = \"open\n", "quiz.toml", &quiz()).unwrap_err();
        let text = format!("{err:#}");
        assert!(text.contains("quiz.toml"), "{text}");
        assert!(text.contains("line 2"), "{text}");
        let err = parse("[03-cycles]\nx = [1]\n", "quiz.toml", &quiz()).unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
    }
}
