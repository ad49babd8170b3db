//! Every CI format checked against its consumer's published specification, written down in
//! `grader/tests/specs/`: JSON Schemas for Gradescope's and Exercism's `results.json`, the
//! element rules of the JUnit XSD Jenkins validates with (and GitLab's `file`), the grammar and
//! limits of GitHub's workflow commands. The snapshots of every outcome
//! (`grader/tests/snapshots/report/`, which the report's own tests compare the renderers with)
//! are validated here, and so is a deliberately broken document of each kind, which must be
//! rejected, so that a validator that accepts anything fails.
//!
//! The JSON Schema validator covers the keywords the two schema files use and panics on any
//! other, so a rule added to a file is never silently skipped; no crate in the lock file
//! validates JSON Schema, and one that does (`jsonschema`, `boon`) brings regex and URL crates
//! to build for about thirty lines of keywords.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::{Value, json};

/// `grader/tests/specs/NAME`.
fn spec_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/specs")
        .join(name)
}

fn read_spec(name: &str) -> Value {
    let path = spec_path(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("{} is not JSON: {error}", path.display()))
}

/// `grader/tests/snapshots/report/NAME`, as text.
fn snapshot(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots/report")
        .join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}

/// Every JSON document in `text` (a snapshot may hold several, one after the other).
fn documents(text: &str) -> Vec<Value> {
    serde_json::Deserializer::from_str(text)
        .into_iter::<Value>()
        .map(|document| document.expect("a JSON document"))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// JSON Schema (the subset the spec files use)
// ---------------------------------------------------------------------------------------------

/// What `document` breaks of `schema`, one line each with the JSON pointer of the value.
pub(crate) fn schema_errors(schema: &Value, document: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    check_value(schema, schema, document, "", &mut errors);
    errors
}

/// Panics with every error unless `document` is valid against the spec file `schema_file`.
pub(crate) fn assert_valid_json(schema_file: &str, document: &Value, what: &str) {
    let errors = schema_errors(&read_spec(schema_file), document);
    assert!(
        errors.is_empty(),
        "{what} breaks {schema_file}:\n{}\n{document:#}",
        errors.join("\n")
    );
}

fn check_value(root: &Value, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    let Some(keywords) = schema.as_object() else {
        panic!("a schema is an object, got {schema} at {at}");
    };
    for (keyword, rule) in keywords {
        match keyword.as_str() {
            "$schema" | "$id" | "$comment" | "title" | "description" | "$defs" => {}
            // `then`/`else` are read with their `if`.
            "then" | "else" => {}
            "$ref" => {
                let name = rule
                    .as_str()
                    .and_then(|r| r.strip_prefix("#/$defs/"))
                    .unwrap_or_else(|| panic!("only #/$defs/ references: {rule}"));
                let target = &root["$defs"][name];
                assert!(!target.is_null(), "no $defs/{name}");
                check_value(root, target, value, at, errors);
            }
            "type" => {
                let types: Vec<&str> = match rule {
                    Value::String(one) => vec![one.as_str()],
                    Value::Array(many) => many.iter().map(|t| t.as_str().unwrap()).collect(),
                    _ => panic!("type: {rule}"),
                };
                if !types.iter().any(|t| has_type(value, t)) {
                    errors.push(format!(
                        "{at}: {value} is not of type {}",
                        types.join(" or ")
                    ));
                }
            }
            "enum" => {
                let allowed = rule.as_array().expect("enum is an array");
                if !allowed.contains(value) {
                    errors.push(format!("{at}: {value} is not one of {rule}"));
                }
            }
            "const" => {
                if value != rule {
                    errors.push(format!("{at}: {value} is not {rule}"));
                }
            }
            "required" => {
                if let Some(object) = value.as_object() {
                    for key in rule.as_array().expect("required is an array") {
                        let key = key.as_str().expect("a key");
                        if !object.contains_key(key) {
                            errors.push(format!("{at}: the required key {key:?} is missing"));
                        }
                    }
                }
            }
            "properties" => {
                if let Some(object) = value.as_object() {
                    for (key, property) in rule.as_object().expect("properties is an object") {
                        if let Some(inner) = object.get(key) {
                            check_value(root, property, inner, &format!("{at}/{key}"), errors);
                        }
                    }
                }
            }
            "additionalProperties" => {
                assert_eq!(rule, &json!(false), "only additionalProperties: false");
                let known = schema.get("properties").and_then(Value::as_object);
                if let Some(object) = value.as_object() {
                    for key in object.keys() {
                        if !known.is_some_and(|known| known.contains_key(key)) {
                            errors.push(format!("{at}: the key {key:?} is not in the spec"));
                        }
                    }
                }
            }
            "items" => {
                if let Some(items) = value.as_array() {
                    for (index, item) in items.iter().enumerate() {
                        check_value(root, rule, item, &format!("{at}/{index}"), errors);
                    }
                }
            }
            "contains" => {
                if let Some(items) = value.as_array()
                    && !items.iter().any(|item| passes(root, rule, item))
                {
                    errors.push(format!("{at}: no item matches {rule}"));
                }
            }
            "minimum" => {
                let minimum = rule.as_f64().expect("minimum is a number");
                if let Some(number) = value.as_f64()
                    && number < minimum
                {
                    errors.push(format!("{at}: {number} is below the minimum {minimum}"));
                }
            }
            "maxLength" => {
                let most = rule.as_u64().expect("maxLength is a whole number") as usize;
                if let Some(text) = value.as_str()
                    && text.chars().count() > most
                {
                    errors.push(format!(
                        "{at}: {} characters, more than {most}",
                        text.chars().count()
                    ));
                }
            }
            "anyOf" => {
                let options = rule.as_array().expect("anyOf is an array");
                if !options.iter().any(|option| passes(root, option, value)) {
                    errors.push(format!("{at}: matches none of anyOf {rule}"));
                }
            }
            "allOf" => {
                for option in rule.as_array().expect("allOf is an array") {
                    check_value(root, option, value, at, errors);
                }
            }
            "if" => {
                let branch = if passes(root, rule, value) {
                    schema.get("then")
                } else {
                    schema.get("else")
                };
                if let Some(branch) = branch {
                    check_value(root, branch, value, at, errors);
                }
            }
            other => panic!("the validator does not know the keyword {other:?} (at {at})"),
        }
    }
}

fn passes(root: &Value, schema: &Value, value: &Value) -> bool {
    let mut errors = Vec::new();
    check_value(root, schema, value, "", &mut errors);
    errors.is_empty()
}

fn has_type(value: &Value, name: &str) -> bool {
    match name {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        "number" => value.is_number(),
        "integer" => {
            value.is_i64() || value.is_u64() || value.as_f64().is_some_and(|n| n.fract() == 0.0)
        }
        other => panic!("unknown type {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// XML, and the JUnit element rules
// ---------------------------------------------------------------------------------------------

/// An element of a parsed XML document.
#[derive(Debug)]
pub(crate) struct Element {
    name: String,
    attributes: BTreeMap<String, String>,
    children: Vec<Element>,
    /// Its character data (entities decoded), all pieces joined.
    text: String,
}

impl Element {
    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.get(name).map(String::as_str)
    }
}

/// Parses a well-formed XML 1.0 document (no DTD): an optional declaration, comments, one root
/// element, attributes in either quote, the five predefined entities and character references,
/// CDATA. Anything else is an error with its byte offset.
pub(crate) fn parse_xml(text: &str) -> Result<Element, String> {
    let mut parser = XmlParser { text, at: 0 };
    if parser.rest().starts_with("<?xml") {
        let end = parser
            .rest()
            .find("?>")
            .ok_or("an unclosed XML declaration")?;
        parser.at += end + 2;
    }
    parser.skip_misc()?;
    let root = parser.element()?;
    parser.skip_misc()?;
    if parser.at != text.len() {
        return Err(format!(
            "content after the root element at byte {}",
            parser.at
        ));
    }
    Ok(root)
}

struct XmlParser<'a> {
    text: &'a str,
    at: usize,
}

impl XmlParser<'_> {
    fn rest(&self) -> &str {
        &self.text[self.at..]
    }

    fn fail<T>(&self, what: &str) -> Result<T, String> {
        Err(format!("{what} at byte {}", self.at))
    }

    /// Whitespace and comments.
    fn skip_misc(&mut self) -> Result<(), String> {
        loop {
            let trimmed = self.rest().trim_start();
            self.at = self.text.len() - trimmed.len();
            if self.rest().starts_with("<!--") {
                let end = self.rest().find("-->").ok_or("an unclosed comment")?;
                self.at += end + 3;
            } else {
                return Ok(());
            }
        }
    }

    fn name(&mut self) -> Result<String, String> {
        let length = self
            .rest()
            .find(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':')))
            .unwrap_or(self.rest().len());
        if length == 0 {
            return self.fail("a name was expected");
        }
        let name = self.rest()[..length].to_string();
        self.at += length;
        Ok(name)
    }

    fn element(&mut self) -> Result<Element, String> {
        if !self.rest().starts_with('<') {
            return self.fail("an element was expected");
        }
        self.at += 1;
        let name = self.name()?;
        let mut element = Element {
            name,
            attributes: BTreeMap::new(),
            children: Vec::new(),
            text: String::new(),
        };
        loop {
            let trimmed = self.rest().trim_start();
            let had_space = trimmed.len() != self.rest().len();
            self.at = self.text.len() - trimmed.len();
            if let Some(rest) = self.rest().strip_prefix("/>") {
                self.at = self.text.len() - rest.len();
                return Ok(element);
            }
            if self.rest().starts_with('>') {
                self.at += 1;
                break;
            }
            if !had_space {
                return self.fail("whitespace before an attribute was expected");
            }
            let key = self.name()?;
            if !self.rest().starts_with('=') {
                return self.fail("`=` after an attribute name was expected");
            }
            self.at += 1;
            let quote = self
                .rest()
                .chars()
                .next()
                .filter(|q| matches!(q, '"' | '\''));
            let Some(quote) = quote else {
                return self.fail("a quoted attribute value was expected");
            };
            self.at += 1;
            let end = self
                .rest()
                .find(quote)
                .ok_or("an unclosed attribute value")?;
            let raw = &self.rest()[..end];
            if raw.contains('<') {
                return self.fail("`<` inside an attribute value");
            }
            let value = decode(raw).map_err(|e| format!("{e} in attribute {key}"))?;
            self.at += end + 1;
            if element.attributes.insert(key.clone(), value).is_some() {
                return self.fail(&format!("the attribute {key} twice"));
            }
        }
        loop {
            if let Some(rest) = self.rest().strip_prefix("</") {
                self.at = self.text.len() - rest.len();
                let closing = self.name()?;
                if closing != element.name {
                    return self.fail(&format!("</{closing}> closes <{}>", element.name));
                }
                let trimmed = self.rest().trim_start();
                self.at = self.text.len() - trimmed.len();
                if !self.rest().starts_with('>') {
                    return self.fail("`>` was expected");
                }
                self.at += 1;
                return Ok(element);
            } else if self.rest().starts_with("<!--") {
                let end = self.rest().find("-->").ok_or("an unclosed comment")?;
                self.at += end + 3;
            } else if let Some(rest) = self.rest().strip_prefix("<![CDATA[") {
                let end = rest.find("]]>").ok_or("an unclosed CDATA section")?;
                check_chars(&rest[..end])?;
                element.text.push_str(&rest[..end]);
                self.at = self.text.len() - rest.len() + end + 3;
            } else if self.rest().starts_with('<') {
                let child = self.element()?;
                element.children.push(child);
            } else if self.rest().is_empty() {
                return self.fail(&format!("<{}> is not closed", element.name));
            } else {
                let end = self.rest().find('<').unwrap_or(self.rest().len());
                let raw = &self.rest()[..end];
                element
                    .text
                    .push_str(&decode(raw).map_err(|e| format!("{e} at byte {}", self.at))?);
                self.at += end;
            }
        }
    }
}

/// Character data with its references decoded; a bare `&` or a character XML 1.0 cannot hold
/// is an error.
fn decode(raw: &str) -> Result<String, String> {
    check_chars(raw)?;
    let mut decoded = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('&') {
        decoded.push_str(&rest[..at]);
        let end = rest[at..].find(';').ok_or("a bare `&`")?;
        let entity = &rest[at + 1..at + end];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let number = if let Some(hex) = entity.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).ok()
                } else if let Some(decimal) = entity.strip_prefix('#') {
                    decimal.parse().ok()
                } else {
                    None
                };
                number
                    .and_then(char::from_u32)
                    .filter(|c| is_xml_char(*c))
                    .ok_or_else(|| format!("the unknown entity &{entity};"))?
            }
        };
        decoded.push(c);
        rest = &rest[at + end + 1..];
    }
    decoded.push_str(rest);
    Ok(decoded)
}

fn check_chars(text: &str) -> Result<(), String> {
    match text.chars().find(|c| !is_xml_char(*c)) {
        Some(c) => Err(format!("the character {c:?}, which XML 1.0 cannot hold")),
        None => Ok(()),
    }
}

/// XML 1.0's `Char` production.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// What a parsed JUnit document breaks of the rules in `junit.schema.json`.
pub(crate) fn junit_errors(root: &Element) -> Vec<String> {
    let rules = read_spec("junit.schema.json");
    let mut errors = Vec::new();
    if root.name != rules["root"] {
        errors.push(format!(
            "the root is <{}>, not <{}>",
            root.name, rules["root"]
        ));
    }
    check_element(&rules, root, &root.name, &mut errors);
    check_counts(root, &mut errors);
    errors
}

fn check_element(rules: &Value, element: &Element, at: &str, errors: &mut Vec<String>) {
    let rule = &rules["elements"][&element.name];
    if rule.is_null() {
        errors.push(format!("{at}: <{}> is not a JUnit element", element.name));
        return;
    }
    let names = |key: &str| -> Vec<String> {
        rule[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_str().unwrap().to_string())
            .collect()
    };
    let (required, optional) = (names("required"), names("optional"));
    for name in &required {
        if element.attribute(name).is_none() {
            errors.push(format!("{at}: the required attribute {name} is missing"));
        }
    }
    let in_list = |list: &str, name: &str| {
        rules[list]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n.as_str() == Some(name))
    };
    for (name, value) in &element.attributes {
        if !required.contains(name) && !optional.contains(name) {
            errors.push(format!("{at}: the attribute {name} is not in the schema"));
        }
        if in_list("integer_attributes", name) {
            let least = if name == "line" { 1 } else { 0 };
            if !value.parse::<u64>().is_ok_and(|n| n >= least) {
                errors.push(format!(
                    "{at}: {name}={value:?} is not a whole number from {least}"
                ));
            }
        }
        if in_list("decimal_attributes", name)
            && !value
                .parse::<f64>()
                .is_ok_and(|n| n.is_finite() && n >= 0.0)
        {
            errors.push(format!("{at}: {name}={value:?} is not a number of seconds"));
        }
        if name == "file" && (value.is_empty() || value.starts_with('/')) {
            errors.push(format!(
                "{at}: file={value:?} is not relative to the repository root"
            ));
        }
    }
    if rule["text"] == false && !element.text.trim().is_empty() {
        errors.push(format!("{at}: <{}> holds text", element.name));
    }
    // The children, in the XSD's sequence order, each within its counts.
    let sequence = rule["children"].as_array().unwrap();
    let mut counts = vec![0u64; sequence.len()];
    let mut position = 0;
    for child in &element.children {
        let Some(offset) = sequence[position..]
            .iter()
            .position(|entry| entry[0] == child.name.as_str())
        else {
            errors.push(format!(
                "{at}: <{}> is not allowed here (children of <{}>, in order: {})",
                child.name,
                element.name,
                sequence
                    .iter()
                    .map(|e| e[0].as_str().unwrap())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            continue;
        };
        position += offset;
        counts[position] += 1;
        let child_at = format!("{at}/{}[{}]", child.name, counts[position]);
        check_element(rules, child, &child_at, errors);
    }
    for (entry, count) in sequence.iter().zip(counts) {
        let least = entry[1].as_u64().unwrap();
        let most = entry[2].as_u64();
        if count < least || most.is_some_and(|most| count > most) {
            errors.push(format!(
                "{at}: {count} <{}>, expected {least} to {}",
                entry[0].as_str().unwrap(),
                most.map_or("any".to_string(), |m| m.to_string())
            ));
        }
    }
}

/// The counts of `<testsuites>` and each `<testsuite>` agree with their test cases.
fn check_counts(root: &Element, errors: &mut Vec<String>) {
    let mut totals = [0u64; 3];
    for suite in root.children.iter().filter(|c| c.name == "testsuite") {
        let cases: Vec<&Element> = suite
            .children
            .iter()
            .filter(|c| c.name == "testcase")
            .collect();
        let with = |name: &str| {
            cases
                .iter()
                .filter(|case| case.children.iter().any(|c| c.name == name))
                .count() as u64
        };
        let counted = [cases.len() as u64, with("failure"), with("error")];
        let suite_name = suite.attribute("name").unwrap_or("?");
        for (attribute, count) in ["tests", "failures", "errors"].iter().zip(counted) {
            if let Some(value) = suite.attribute(attribute)
                && value.parse::<u64>().ok() != Some(count)
            {
                errors.push(format!(
                    "testsuite {suite_name}: {attribute}={value:?}, but it has {count}"
                ));
            }
        }
        for (total, count) in totals.iter_mut().zip(counted) {
            *total += count;
        }
    }
    for (attribute, count) in ["tests", "failures", "errors"].iter().zip(totals) {
        if let Some(value) = root.attribute(attribute)
            && value.parse::<u64>().ok() != Some(count)
        {
            errors.push(format!(
                "testsuites: {attribute}={value:?}, but there are {count}"
            ));
        }
    }
}

/// Panics with every error unless `xml` is a JUnit document Jenkins and GitLab accept.
pub(crate) fn assert_valid_junit(xml: &str, what: &str) {
    let root = parse_xml(xml).unwrap_or_else(|error| panic!("{what} is not XML: {error}\n{xml}"));
    let errors = junit_errors(&root);
    assert!(
        errors.is_empty(),
        "{what} breaks junit.schema.json:\n{}",
        errors.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// GitHub workflow commands (github-workflow-commands.md)
// ---------------------------------------------------------------------------------------------

/// Annotations GitHub shows per step, of each kind.
const ANNOTATIONS_PER_KIND: usize = 10;

/// What the lines of one `--format github` run break of `github-workflow-commands.md`.
pub(crate) fn github_errors(output: &str) -> Vec<String> {
    let mut errors = Vec::new();
    let mut per_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for (number, line) in output.lines().enumerate() {
        let at = format!("line {}", number + 1);
        let Some(command) = line.strip_prefix("::") else {
            continue; // plain log text
        };
        let Some((head, data)) = command.split_once("::") else {
            errors.push(format!(
                "{at}: a command without `::` before its data: {line}"
            ));
            continue;
        };
        let (kind, properties) = head.split_once(' ').unwrap_or((head, ""));
        if !["error", "warning", "notice"].contains(&kind) {
            errors.push(format!("{at}: {kind:?} is not an annotation command"));
            continue;
        }
        *per_kind.entry(kind).or_default() += 1;
        if let Some(bad) = bad_escape(data, &["%25", "%0D", "%0A"]) {
            errors.push(format!("{at}: the data has {bad}"));
        }
        let mut keys = Vec::new();
        for property in properties.split(',').filter(|_| !properties.is_empty()) {
            let Some((key, value)) = property.split_once('=') else {
                errors.push(format!("{at}: the property {property:?} has no `=`"));
                continue;
            };
            if !["title", "file", "line", "endLine", "col", "endColumn"].contains(&key) {
                errors.push(format!("{at}: {key:?} is not a property of {kind}"));
            }
            if keys.contains(&key) {
                errors.push(format!("{at}: the property {key} twice"));
            }
            keys.push(key);
            if value.contains(':') {
                errors.push(format!("{at}: {key}'s value has an unescaped `:`"));
            }
            if let Some(bad) = bad_escape(value, &["%25", "%0D", "%0A", "%3A", "%2C"]) {
                errors.push(format!("{at}: {key}'s value has {bad}"));
            }
            if ["line", "endLine", "col", "endColumn"].contains(&key)
                && !value.parse::<u64>().is_ok_and(|n| n >= 1)
            {
                errors.push(format!(
                    "{at}: {key}={value:?} is not a whole number from 1"
                ));
            }
        }
        if keys.contains(&"line") && !keys.contains(&"file") {
            errors.push(format!("{at}: line without file"));
        }
    }
    for (kind, count) in per_kind {
        if count > ANNOTATIONS_PER_KIND {
            errors.push(format!(
                "{count} {kind} annotations: GitHub shows {ANNOTATIONS_PER_KIND} per step"
            ));
        }
    }
    errors
}

/// The first `%` of `text` that starts none of `escapes`, or a raw line break.
fn bad_escape(text: &str, escapes: &[&str]) -> Option<String> {
    if text.contains(['\r', '\n']) {
        return Some("a raw line break".to_string());
    }
    text.match_indices('%')
        .find(|(at, _)| !escapes.iter().any(|e| text[*at..].starts_with(e)))
        .map(|(at, _)| format!("a `%` that is no escape at {:?}", &text[at..]))
}

// ---------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------

#[test]
fn gradescope_snapshots_follow_gradescopes_spec() {
    for name in ["gradescope.json", "gradescope-leaderboard.json"] {
        for document in documents(&snapshot(name)) {
            assert_valid_json("gradescope-results.schema.json", &document, name);
        }
    }
}

#[test]
fn exercism_snapshots_follow_the_test_runner_interface() {
    for name in ["exercism.json", "exercism-quiz-states.json"] {
        for document in documents(&snapshot(name)) {
            assert_valid_json("exercism-results-v3.schema.json", &document, name);
        }
    }
}

#[test]
fn junit_snapshot_follows_the_jenkins_schema_and_gitlab() {
    let xml = snapshot("report.junit.xml");
    assert_valid_junit(&xml, "report.junit.xml");
    // Every test case says where it is, as GitLab and the JUnit report actions read it.
    let root = parse_xml(&xml).unwrap();
    for suite in &root.children {
        for case in &suite.children {
            assert!(case.attribute("file").is_some(), "{case:?}");
        }
    }
}

#[test]
fn github_snapshots_follow_the_workflow_command_grammar() {
    let annotations = snapshot("github-annotations.txt");
    let errors = github_errors(&annotations);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    assert_eq!(
        annotations
            .lines()
            .filter(|l| l.starts_with("::error "))
            .count(),
        ANNOTATIONS_PER_KIND,
        "every outcome makes more errors than GitHub shows: the cap must be reached, not passed"
    );
    // The quiz states hold two runs and their summaries; each command line follows the grammar.
    let errors = github_errors(&snapshot("github-quiz-states.txt"));
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn broken_json_documents_are_rejected() {
    let gradescope = read_spec("gradescope-results.schema.json");
    let good = json!({
        "score": 2,
        "tests": [{ "name": "a", "score": 2, "max_score": 2, "status": "passed", "visibility": "visible" }],
        "leaderboard": [{ "name": "Time", "value": 1.5, "order": "asc" }]
    });
    assert_eq!(schema_errors(&gradescope, &good), Vec::<String>::new());
    for (broken, expected) in [
        (
            json!({ "tests": [{ "name": "a" }] }),
            "matches none of anyOf",
        ),
        (
            json!({ "score": "2" }),
            "/score: \"2\" is not of type number",
        ),
        (
            json!({ "score": 0, "tests": [{ "score": 0, "visibility": "secret" }] }),
            "/tests/0/visibility: \"secret\" is not one of",
        ),
        (
            json!({ "score": 0, "tests": [{ "score": 0, "status": "pass" }] }),
            "/tests/0/status",
        ),
        (
            json!({ "score": 0, "max_score": 2 }),
            "\"max_score\" is not in the spec",
        ),
        (
            json!({ "score": 0, "leaderboard": [{ "name": "Time", "value": 1, "order": "up" }] }),
            "/leaderboard/0/order",
        ),
        (
            json!({ "score": 0, "leaderboard": [{ "value": 1 }] }),
            "\"name\" is missing",
        ),
    ] {
        let errors = schema_errors(&gradescope, &broken).join("\n");
        assert!(errors.contains(expected), "{broken} → {errors:?}");
    }

    let exercism = read_spec("exercism-results-v3.schema.json");
    let test = |status: &str| json!({ "name": "t", "status": status, "test_code": "" });
    for (broken, expected) in [
        (
            json!({ "version": 2, "status": "pass", "tests": [] }),
            "/version",
        ),
        (
            json!({ "version": 3, "status": "error", "tests": [] }),
            "\"message\" is missing",
        ),
        (
            json!({ "version": 3, "status": "pass", "tests": [test("pass"), test("fail")] }),
            "/tests/1/status",
        ),
        (
            json!({ "version": 3, "status": "fail", "tests": [test("pass")] }),
            "no item matches",
        ),
        (
            json!({ "version": 3, "status": "fail", "message": "x", "tests": [test("fail")] }),
            "/message: \"x\" is not of type null",
        ),
        (
            json!({ "version": 3, "status": "fail", "tests": [{ "name": "t", "status": "fail" }] }),
            "\"test_code\" is missing",
        ),
        (
            json!({ "version": 3, "status": "fail", "tests": [{ "name": "t", "status": "fail", "test_code": "", "output": "x".repeat(501) }] }),
            "501 characters",
        ),
        (
            json!({ "version": 3, "status": "fail", "tests": [{ "name": "t", "status": "fail", "test_code": "", "task_id": 0 }] }),
            "below the minimum",
        ),
    ] {
        let errors = schema_errors(&exercism, &broken).join("\n");
        assert!(errors.contains(expected), "{broken} → {errors:?}");
    }
}

#[test]
fn broken_junit_documents_are_rejected() {
    let case = |body: &str| {
        format!(
            "<?xml version=\"1.0\"?>\n<testsuites tests=\"1\" failures=\"1\" errors=\"0\"><testsuite name=\"s\" tests=\"1\" failures=\"1\" errors=\"0\">{body}</testsuite></testsuites>"
        )
    };
    let good = case(
        "<testcase name=\"t\" file=\"a/tests.rs\" line=\"3\" time=\"0.010\"><failure message=\"m\">a &lt; b</failure><system-out>x</system-out></testcase>",
    );
    assert_eq!(
        junit_errors(&parse_xml(&good).unwrap()),
        Vec::<String>::new()
    );
    for (broken, expected) in [
        (
            case("<testcase file=\"a\"><failure/></testcase>"),
            "required attribute name",
        ),
        (
            case("<testcase name=\"t\" line=\"0\"><failure/></testcase>"),
            "line=\"0\"",
        ),
        (
            case("<testcase name=\"t\" file=\"/abs/x.rs\"><failure/></testcase>"),
            "not relative",
        ),
        (
            case("<testcase name=\"t\" time=\"fast\"><failure/></testcase>"),
            "time=\"fast\"",
        ),
        (
            case("<testcase name=\"t\" colour=\"red\"><failure/></testcase>"),
            "colour",
        ),
        (
            case("<testcase name=\"t\"><system-out/><failure/></testcase>"),
            "<failure> is not allowed here",
        ),
        (
            case("<testcase name=\"t\"/>"),
            "failures=\"1\", but it has 0",
        ),
        (
            case("<testcase name=\"t\"><failure/></testcase><bogus/>"),
            "<bogus> is not allowed",
        ),
    ] {
        let errors = junit_errors(&parse_xml(&broken).unwrap()).join("\n");
        assert!(errors.contains(expected), "{broken} → {errors:?}");
    }
    for (malformed, expected) in [
        ("<testsuites><testsuite></testsuites>", "closes"),
        ("<testsuites name=\"a & b\"/>", "bare `&`"),
        ("<testsuites name=\"a\u{1b}\"/>", "XML 1.0 cannot hold"),
        ("<testsuites name=\"a\" name=\"b\"/>", "twice"),
        ("<testsuites/><testsuites/>", "after the root"),
    ] {
        let error = parse_xml(malformed).unwrap_err();
        assert!(error.contains(expected), "{malformed} → {error}");
    }
}

#[test]
fn broken_workflow_commands_are_rejected() {
    assert_eq!(
        github_errors("::error file=a/b.rs,line=3,title=x %3A y::50%25 done%0Anext\nscore\n"),
        Vec::<String>::new()
    );
    for (broken, expected) in [
        ("::error title=a::b\nc::d", ""),
        ("::error title=a: b::m", "unescaped `:`"),
        ("::error title=100%::m", "no escape"),
        ("::error line=3::m", "line without file"),
        ("::error file=a,line=x::m", "not a whole number"),
        ("::error colour=red::m", "not a property"),
        ("::debug::m", "not an annotation command"),
        ("::error title=a", "without `::`"),
        ("::error::50% done", "no escape"),
    ] {
        let errors = github_errors(broken).join("\n");
        if expected.is_empty() {
            // `c::d` is plain text: only lines starting with `::` are commands.
            assert_eq!(errors, "", "{broken}");
        } else {
            assert!(errors.contains(expected), "{broken} → {errors:?}");
        }
    }
    let eleven = "::error title=t::m\n".repeat(11);
    let errors = github_errors(&eleven).join("\n");
    assert!(errors.contains("11 error annotations"), "{errors}");
}

#[test]
fn the_binarys_formats_follow_their_specs() {
    let root = crate::project_root();
    let format = |name: &str| {
        let output = crate::grader(
            &root,
            &["--solutions", "check", "01-refcount", "--format", name],
        );
        assert!(
            output.status.success(),
            "--format {name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("UTF-8 report")
    };
    let junit = format("junit");
    assert_valid_junit(&junit, "--format junit");
    // A pass points at its hidden test's `fn`, relative to the checkout.
    let tests_rs = std::fs::read_to_string(root.join("grader/hidden/01-refcount/tests.rs"))
        .expect("the hidden tests");
    let parsed = parse_xml(&junit).unwrap();
    let cases: Vec<&Element> = parsed.children.iter().flat_map(|s| &s.children).collect();
    assert!(!cases.is_empty(), "{junit}");
    for case in cases {
        assert_eq!(
            case.attribute("file"),
            Some("grader/hidden/01-refcount/tests.rs"),
            "{case:?}"
        );
        let line: usize = case.attribute("line").unwrap().parse().unwrap();
        let name = case.attribute("name").unwrap();
        let fn_line = tests_rs.lines().nth(line - 1).unwrap();
        assert!(
            fn_line.trim_start().starts_with(&format!("fn {name}(")),
            "line {line} of tests.rs is {fn_line:?}, not fn {name}"
        );
    }
    let gradescope: Value = serde_json::from_str(&format("gradescope")).expect("JSON");
    assert_valid_json(
        "gradescope-results.schema.json",
        &gradescope,
        "--format gradescope",
    );
    let exercism: Value = serde_json::from_str(&format("exercism")).expect("JSON");
    assert_valid_json(
        "exercism-results-v3.schema.json",
        &exercism,
        "--format exercism",
    );
    let errors = github_errors(&format("github"));
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}
