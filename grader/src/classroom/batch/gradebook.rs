//! The gradebook: one row per student, written as CSV (RFC 4180) and as JSON, and merged from
//! the gradebooks of shards.
//!
//! Both files hold the same rows in the same order (students sorted by name, byte order), so a
//! merge of shard gradebooks is the same bytes as one unsharded run. Nothing in them depends on
//! the machine or the run (no durations, no paths of the grader's own folders).
//!
//! Beside each exercise's points stand its integrity findings, counted and named by kind, so a
//! teacher reading grades sees a pass that came with code out of place; [`counts`] decides
//! which findings count.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use super::csv;
use crate::grade::integrity::{Finding, Kind};
use crate::grade::outcome::{ExerciseReport, Status};

/// The version of the JSON gradebook's shape; bumped when a field changes meaning or goes away.
pub(crate) const SCHEMA_VERSION: u32 = 1;

/// A student's status when every selected exercise was looked at (whatever it scored).
pub(crate) const GRADED: &str = "graded";
/// A student's status when the folder could not be graded at all.
pub(crate) const ERROR: &str = "error";

/// The whole gradebook (the JSON file, field for field).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Gradebook {
    pub(crate) schema_version: u32,
    /// The graded exercises, in manifest order: the CSV's exercise columns.
    pub(crate) exercises: Vec<Column>,
    /// One entry per student, sorted by name.
    pub(crate) students: Vec<StudentRow>,
}

/// One exercise column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Column {
    pub(crate) name: String,
    pub(crate) max_score: u32,
}

/// One student's row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StudentRow {
    /// The student's folder name.
    pub(crate) student: String,
    /// [`GRADED`] or [`ERROR`].
    pub(crate) status: String,
    /// Why the folder could not be graded (status `error`), or what went wrong inside a graded
    /// one: exercises missing or not compiling, tests that timed out or crashed.
    pub(crate) error: Option<String>,
    pub(crate) score: u32,
    pub(crate) max_score: u32,
    pub(crate) percent: f64,
    /// One entry per column, in column order; empty for status `error`.
    pub(crate) exercises: Vec<ExerciseResult>,
}

/// One exercise of one student.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExerciseResult {
    pub(crate) name: String,
    /// `pass`, `fail`, `todo` or `error`, as in the JSON report.
    pub(crate) status: String,
    pub(crate) score: u32,
    pub(crate) max_score: u32,
    /// For status `error`: the compiler's errors or why it could not be set up.
    pub(crate) problem: Option<String>,
    pub(crate) tests: Vec<TestRow>,
    /// Its integrity findings that [`counts`]; none for an exercise that could not be read.
    #[serde(default)]
    pub(crate) findings: Findings,
}

/// The integrity findings of one exercise of one student: how many, and of which kinds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Findings {
    pub(crate) count: usize,
    /// Each kind once (`exit`, `proc`…), in the order reports list kinds.
    pub(crate) kinds: Vec<String>,
}

impl Findings {
    /// The findings of `scanned` that [`counts`].
    fn of(scanned: &[Finding]) -> Self {
        let counted: Vec<&Finding> = scanned.iter().filter(|f| counts(f)).collect();
        Self {
            count: counted.len(),
            kinds: Kind::ALL
                .iter()
                .filter(|kind| counted.iter().any(|f| f.kind == **kind))
                .map(|kind| kind.as_str().to_string())
                .collect(),
        }
    }

    /// The kinds as one CSV field: `exit;proc`.
    pub(crate) fn kinds_field(&self) -> String {
        self.kinds.join(";")
    }
}

/// Whether an integrity finding counts in the gradebook (its count, its kinds and the line
/// `cargo grade batch` prints): as [`Finding::counts`] decides for every report, so a finding
/// that only informs (an `unsafe` block where its exercise teaches `unsafe`) counts nowhere.
pub(crate) fn counts(finding: &Finding) -> bool {
    finding.counts()
}

/// One test of one exercise of one student.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TestRow {
    pub(crate) name: String,
    /// `pass`, `fail`, `todo`, `timeout`, `crash` or `error`, as in the JSON report.
    pub(crate) status: String,
    pub(crate) points: u32,
    pub(crate) max_points: u32,
    /// Why it did not pass, as the JSON report's `message`.
    pub(crate) message: Option<String>,
}

impl ExerciseResult {
    /// The gradebook's view of one graded exercise.
    pub(crate) fn of(report: &ExerciseReport) -> Self {
        Self {
            name: report.name.clone(),
            status: report.status.as_str().to_string(),
            score: report.score,
            max_score: report.max_score,
            problem: report.problem.as_ref().map(crate::report::diagnostics),
            tests: report
                .tests
                .iter()
                .map(|test| TestRow {
                    name: test.name.clone(),
                    status: test.status().as_str().to_string(),
                    points: test.points,
                    max_points: test.max_points,
                    message: crate::report::message(report, test),
                })
                .collect(),
            findings: Findings::of(&report.integrity),
        }
    }

    /// What the teacher should know about it in one line, if anything: why it is an error, or
    /// how many tests timed out or crashed.
    fn note(&self) -> Option<String> {
        if let Some(problem) = &self.problem {
            let first = problem.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
            return Some(format!("{}: {}", self.name, first.trim()));
        }
        let count = |status: Status| {
            self.tests
                .iter()
                .filter(|t| t.status == status.as_str())
                .count()
        };
        let notes: Vec<String> = [(Status::Timeout, "timeout"), (Status::Crash, "crash")]
            .into_iter()
            .filter_map(|(status, word)| {
                let n = count(status);
                (n > 0).then(|| format!("{n} {word}"))
            })
            .collect();
        (!notes.is_empty()).then(|| format!("{}: {}", self.name, notes.join(", ")))
    }
}

impl StudentRow {
    /// A student whose exercises were graded.
    pub(crate) fn graded(student: String, exercises: Vec<ExerciseResult>) -> Self {
        let score = exercises.iter().map(|e| e.score).sum();
        let max_score: u32 = exercises.iter().map(|e| e.max_score).sum();
        let notes: Vec<String> = exercises.iter().filter_map(ExerciseResult::note).collect();
        Self {
            student,
            status: GRADED.to_string(),
            error: (!notes.is_empty()).then(|| notes.join("; ")),
            score,
            max_score,
            percent: percent(score, max_score),
            exercises,
        }
    }

    /// A student whose folder could not be graded: no points, and why.
    pub(crate) fn error(student: String, max_score: u32, why: String) -> Self {
        Self {
            student,
            status: ERROR.to_string(),
            error: Some(why),
            score: 0,
            max_score,
            percent: 0.0,
            exercises: Vec::new(),
        }
    }
}

/// `score / max_score` in percent (100 when nothing is available, as in the JSON report).
fn percent(score: u32, max_score: u32) -> f64 {
    if max_score == 0 {
        100.0
    } else {
        f64::from(score) * 100.0 / f64::from(max_score)
    }
}

impl Gradebook {
    /// A gradebook of `students` (sorted here) for `exercises`.
    pub(crate) fn new(exercises: Vec<Column>, mut students: Vec<StudentRow>) -> Self {
        students.sort_by(|a, b| a.student.cmp(&b.student));
        Self {
            schema_version: SCHEMA_VERSION,
            exercises,
            students,
        }
    }

    /// The CSV file: a header, then one record per student; CRLF line ends, fields quoted
    /// when they hold a comma, a quote or a line break (RFC 4180). After the exercises' points,
    /// each exercise's findings: `NN-name findings` (the count) and `NN-name finding kinds`
    /// (`exit;proc`), empty for a student who could not be graded.
    pub(crate) fn to_csv(&self) -> String {
        let mut header: Vec<String> = ["student", "score", "max_score", "percent"]
            .map(String::from)
            .to_vec();
        header.extend(self.exercises.iter().map(|c| c.name.clone()));
        for column in &self.exercises {
            header.push(format!("{} findings", column.name));
            header.push(format!("{} finding kinds", column.name));
        }
        header.extend(["status", "error"].map(String::from));
        let mut text = csv::record(&header);
        for row in &self.students {
            let mut fields = vec![
                row.student.clone(),
                row.score.to_string(),
                row.max_score.to_string(),
                format!("{:.1}", row.percent),
            ];
            for column in &self.exercises {
                let points = row
                    .exercises
                    .iter()
                    .find(|e| e.name == column.name)
                    .map(|e| e.score.to_string());
                fields.push(points.unwrap_or_default());
            }
            for column in &self.exercises {
                let findings = row
                    .exercises
                    .iter()
                    .find(|e| e.name == column.name)
                    .map(|e| &e.findings);
                fields.push(findings.map(|f| f.count.to_string()).unwrap_or_default());
                fields.push(findings.map(Findings::kinds_field).unwrap_or_default());
            }
            fields.push(row.status.clone());
            fields.push(row.error.clone().unwrap_or_default());
            let _ = write!(text, "{}", csv::record(&fields));
        }
        text
    }

    /// The JSON file, pretty-printed, with a final newline.
    pub(crate) fn to_json(&self) -> Result<String> {
        let mut text =
            serde_json::to_string_pretty(self).context("cannot write the JSON gradebook")?;
        text.push('\n');
        Ok(text)
    }
}

/// Joins the CSV gradebooks `files` into one: the same header in each, no student twice.
pub(crate) fn merge_csv(files: &[&Path]) -> Result<String> {
    let mut header: Option<(Vec<String>, &Path)> = None;
    let mut rows: BTreeMap<String, (Vec<String>, &Path)> = BTreeMap::new();
    for &file in files {
        let text =
            fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
        let mut records = csv::parse(&text)
            .with_context(|| format!("{} is not a CSV gradebook", file.display()))?
            .into_iter();
        let Some(this_header) = records.next() else {
            bail!("{} is empty: not a gradebook", file.display());
        };
        if this_header.first().map(String::as_str) != Some("student")
            || this_header.len() < 6
            || this_header[this_header.len() - 2..] != ["status", "error"]
        {
            bail!(
                "{}: the header is not a gradebook's (student,score,max_score,percent,…,status,error)",
                file.display()
            );
        }
        match &header {
            None => header = Some((this_header.clone(), file)),
            Some((first, first_file)) if *first != this_header => bail!(
                "{}: its exercise columns ({}) differ from those of {} ({}); merge gradebooks of the same exercises",
                file.display(),
                this_header[4..this_header.len() - 2].join(","),
                first_file.display(),
                first[4..first.len() - 2].join(",")
            ),
            Some(_) => {}
        }
        for (number, record) in records.enumerate() {
            if record.len() != this_header.len() {
                bail!(
                    "{}: record {} has {} fields, the header {}",
                    file.display(),
                    number + 2,
                    record.len(),
                    this_header.len()
                );
            }
            let student = record[0].clone();
            if let Some((_, other)) = rows.get(&student) {
                bail!(
                    "student {student:?} is in both {} and {}: shards overlap",
                    other.display(),
                    file.display()
                );
            }
            rows.insert(student, (record, file));
        }
    }
    let Some((header, _)) = header else {
        bail!("no gradebook to merge");
    };
    let mut text = csv::record(&header);
    for (record, _) in rows.values() {
        text.push_str(&csv::record(record));
    }
    Ok(text)
}

/// Joins the JSON gradebooks `files` into one: the same exercises in each, no student twice.
pub(crate) fn merge_json(files: &[&Path]) -> Result<String> {
    let mut merged: Option<(Gradebook, &Path)> = None;
    let mut seen: BTreeMap<String, &Path> = BTreeMap::new();
    for &file in files {
        let text =
            fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
        let book: Gradebook = serde_json::from_str(&text)
            .with_context(|| format!("{} is not a JSON gradebook", file.display()))?;
        if book.schema_version != SCHEMA_VERSION {
            bail!(
                "{}: schema_version {} (this grader writes {SCHEMA_VERSION})",
                file.display(),
                book.schema_version
            );
        }
        for row in &book.students {
            if let Some(other) = seen.insert(row.student.clone(), file) {
                bail!(
                    "student {:?} is in both {} and {}: shards overlap",
                    row.student,
                    other.display(),
                    file.display()
                );
            }
        }
        match &mut merged {
            None => merged = Some((book, file)),
            Some((first, first_file)) => {
                if first.exercises != book.exercises {
                    let names = |b: &Gradebook| {
                        b.exercises
                            .iter()
                            .map(|c| format!("{} ({} points)", c.name, c.max_score))
                            .collect::<Vec<_>>()
                            .join(", ")
                    };
                    bail!(
                        "{}: its exercises ({}) differ from those of {} ({}); merge gradebooks of the same exercises",
                        file.display(),
                        names(&book),
                        first_file.display(),
                        names(first)
                    );
                }
                first.students.extend(book.students);
            }
        }
    }
    let Some((book, _)) = merged else {
        bail!("no gradebook to merge");
    };
    Gradebook::new(book.exercises, book.students).to_json()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(kind: Kind, line: usize) -> Finding {
        Finding {
            file: "01-x/src/lib.rs".into(),
            line,
            kind,
            item: "item".into(),
            text: "text".into(),
        }
    }

    #[test]
    fn findings_are_counted_and_each_kind_named_once_in_report_order() {
        let findings = Findings::of(&[
            finding(Kind::Proc, 1),
            finding(Kind::Exit, 2),
            finding(Kind::Proc, 3),
        ]);
        assert_eq!(findings.count, 3);
        assert_eq!(findings.kinds_field(), "exit;proc");
        assert_eq!(Findings::of(&[]), Findings::default());
    }

    #[test]
    fn the_csv_has_each_exercises_findings_after_the_points() {
        let result = ExerciseResult {
            name: "01-x".into(),
            status: "pass".into(),
            score: 2,
            max_score: 2,
            problem: None,
            tests: Vec::new(),
            findings: Findings::of(&[finding(Kind::Exit, 1), finding(Kind::Proc, 2)]),
        };
        let book = Gradebook::new(
            vec![Column {
                name: "01-x".into(),
                max_score: 2,
            }],
            vec![
                StudentRow::graded("ann".into(), vec![result]),
                StudentRow::error("bob".into(), 2, "missing".into()),
            ],
        );
        assert_eq!(
            book.to_csv(),
            "student,score,max_score,percent,01-x,01-x findings,01-x finding kinds,status,error\r\n\
             ann,2,2,100.0,2,2,exit;proc,graded,\r\n\
             bob,0,2,0.0,,,,error,missing\r\n"
        );
        let json: serde_json::Value = serde_json::from_str(&book.to_json().unwrap()).unwrap();
        assert_eq!(
            json["students"][0]["exercises"][0]["findings"],
            serde_json::json!({"count": 2, "kinds": ["exit", "proc"]})
        );
    }
}
