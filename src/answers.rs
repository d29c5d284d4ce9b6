//! Answers files: the TOML a researcher writes by hand (see `template`) and
//! the answers part of a saved result. Loading checks every answer against
//! its item and reports problems as `file:line:col` diagnostics.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;

use serde::Deserialize;
use toml::{Spanned, Value};

use crate::diag::{Diagnostic, did_you_mean};
use crate::engine::{Answer, Answers, check_answer};
use crate::questionnaire::{Item, ItemKind, Questionnaire, float_problem, toml_error};
use crate::text::{sanitize, sanitize_line};

/// Answers files larger than this are refused before parsing.
pub const MAX_ANSWERS_BYTES: usize = 1024 * 1024;

/// The `[questionnaire]` table: which questionnaire the answers belong to.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReference {
    id: Spanned<String>,
    version: Option<Spanned<String>>,
    hash: Option<Spanned<String>>,
    /// Written for the reader of a saved file; the id is what identifies.
    #[allow(dead_code)]
    title: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnswersFile {
    questionnaire: Option<Spanned<RawReference>>,
    #[serde(default)]
    identifiers: BTreeMap<Spanned<String>, Spanned<Value>>,
    #[serde(default)]
    answers: BTreeMap<Spanned<String>, Spanned<Value>>,
    /// Written by saved results; recomputed on scoring, never trusted.
    #[allow(dead_code)]
    result: Option<Value>,
    /// Written by saved results (time, program version); informational.
    #[allow(dead_code)]
    saved: Option<Value>,
}

/// A loaded answers file.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerFile {
    pub answers: Answers,
    /// One entry per `questionnaire.identifiers`, empty when not given.
    pub identifiers: Vec<String>,
    /// Problems that do not stop scoring (a different questionnaire version).
    pub warnings: Vec<Diagnostic>,
}

/// One `key = value` of an answers file, with where each part sits.
struct Entry {
    key: String,
    key_span: Range<usize>,
    value: Value,
    value_span: Range<usize>,
}

/// The parts of an answers file, whatever its syntax.
#[derive(Default)]
struct Entries {
    reference: Option<(Entry, Option<Entry>, Option<Entry>)>,
    identifiers: Vec<Entry>,
    answers: Vec<Entry>,
}

fn too_large(source: &str) -> Option<Vec<Diagnostic>> {
    (source.len() > MAX_ANSWERS_BYTES).then(|| {
        vec![Diagnostic::new(
            0..0,
            format!(
                "the file is {} bytes; an answers file may be at most {MAX_ANSWERS_BYTES} bytes",
                source.len()
            ),
        )]
    })
}

/// Loads answers for `questionnaire` from TOML, checking each against its
/// item.
pub fn load(questionnaire: &Questionnaire, source: &str) -> Result<AnswerFile, Vec<Diagnostic>> {
    if let Some(errors) = too_large(source) {
        return Err(errors);
    }
    let raw: RawAnswersFile = toml::from_str(source).map_err(|e| vec![toml_error(&e)])?;
    let entry = |key: &Spanned<String>, value: &Spanned<Value>| Entry {
        key: key.get_ref().clone(),
        key_span: key.span(),
        value: value.get_ref().clone(),
        value_span: value.span(),
    };
    let string_entry = |key: &str, value: &Spanned<String>| Entry {
        key: key.into(),
        key_span: value.span(),
        value: Value::String(value.get_ref().clone()),
        value_span: value.span(),
    };
    let entries = Entries {
        reference: raw.questionnaire.as_ref().map(|r| {
            let r = r.get_ref();
            (
                string_entry("id", &r.id),
                r.version.as_ref().map(|v| string_entry("version", v)),
                r.hash.as_ref().map(|h| string_entry("hash", h)),
            )
        }),
        identifiers: raw.identifiers.iter().map(|(k, v)| entry(k, v)).collect(),
        answers: raw.answers.iter().map(|(k, v)| entry(k, v)).collect(),
    };
    check(questionnaire, source, entries)
}

/// Loads answers from a JSON saved result (the `--format json` output).
/// JSON parsers do not keep positions, so semantic errors are placed by
/// finding the key in the text.
pub fn load_json(
    questionnaire: &Questionnaire,
    source: &str,
) -> Result<AnswerFile, Vec<Diagnostic>> {
    if let Some(errors) = too_large(source) {
        return Err(errors);
    }
    let json: serde_json::Value = serde_json::from_str(source).map_err(|e| {
        let offset = offset_of(source, e.line(), e.column());
        vec![Diagnostic::new(
            offset..offset,
            format!("invalid JSON: {}", strip_position(&e.to_string())),
        )]
    })?;
    let serde_json::Value::Object(top) = json else {
        return Err(vec![Diagnostic::new(
            0..0,
            "expected a JSON object with `answers`",
        )]);
    };
    let mut errors = Vec::new();
    let mut entries = Entries::default();
    let mut cursor = JsonCursor { source };
    for (key, value) in &top {
        let key_span = cursor.key(key, 0);
        match (key.as_str(), value) {
            ("identifiers" | "answers", serde_json::Value::Object(map)) => {
                let mut list = Vec::new();
                for (k, v) in map {
                    let k_span = cursor.key(k, key_span.end);
                    match json_to_toml(v) {
                        Some(value) => list.push(Entry {
                            key: k.clone(),
                            value_span: cursor.value_after(k_span.end),
                            key_span: k_span,
                            value,
                        }),
                        None => errors.push(Diagnostic::new(
                            k_span,
                            format!(
                                "`{}`: null is not an answer; leave the key out",
                                sanitize_line(k)
                            ),
                        )),
                    }
                }
                if key == "answers" {
                    entries.answers = list;
                } else {
                    entries.identifiers = list;
                }
            }
            ("questionnaire", serde_json::Value::Object(map)) => {
                let field = |name: &str, cursor: &mut JsonCursor| {
                    map.get(name).and_then(|v| v.as_str()).map(|text| {
                        let span = cursor.key(name, key_span.end);
                        Entry {
                            key: name.into(),
                            value_span: cursor.value_after(span.end),
                            key_span: span,
                            value: Value::String(text.into()),
                        }
                    })
                };
                match field("id", &mut cursor) {
                    Some(id) => {
                        entries.reference = Some((
                            id,
                            field("version", &mut cursor),
                            field("hash", &mut cursor),
                        ));
                    }
                    None => errors.push(Diagnostic::new(key_span, "`questionnaire` needs an `id`")),
                }
            }
            ("result" | "saved", _) => {}
            (other, _) => {
                let known = ["questionnaire", "identifiers", "answers", "result", "saved"];
                let diag = Diagnostic::new(
                    key_span,
                    format!(
                        "unknown key `{}`; expected one of: {}",
                        sanitize_line(other),
                        known.join(", ")
                    ),
                );
                errors.push(match did_you_mean(other, known) {
                    Some(guess) => diag.with_help(format!("did you mean `{guess}`?")),
                    None => diag,
                });
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    check(questionnaire, source, entries)
}

/// Finds keys and values in JSON text, moving forward so repeated names
/// (an `id` in two places) resolve to the right one.
struct JsonCursor<'a> {
    source: &'a str,
}

impl JsonCursor<'_> {
    fn key(&mut self, key: &str, from: usize) -> Range<usize> {
        let quoted = serde_json::to_string(key).unwrap_or_default();
        let from = from.min(self.source.len());
        match self.source.get(from..).and_then(|rest| rest.find(&quoted)) {
            Some(at) => from + at..from + at + quoted.len(),
            None => from..from,
        }
    }

    fn value_after(&self, key_end: usize) -> Range<usize> {
        let bytes = self.source.as_bytes();
        let mut i = key_end;
        while i < bytes.len() && (bytes[i] == b':' || bytes[i].is_ascii_whitespace()) {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && !matches!(bytes[i], b',' | b'}' | b']' | b'\n' | b'[' | b'{') {
            i += 1;
        }
        start..i.max(start + 1).min(bytes.len().max(start))
    }
}

fn offset_of(source: &str, line: usize, column: usize) -> usize {
    let line_start: usize = source
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let line_text = source.get(line_start..).unwrap_or("");
    let column_bytes: usize = line_text
        .chars()
        .take(column.saturating_sub(1))
        .map(char::len_utf8)
        .sum();
    line_start + column_bytes
}

fn strip_position(message: &str) -> String {
    message
        .split(" at line ")
        .next()
        .unwrap_or(message)
        .to_string()
}

fn json_to_toml(value: &serde_json::Value) -> Option<Value> {
    Some(match value {
        serde_json::Value::Null => return None,
        serde_json::Value::Bool(b) => Value::Boolean(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Float(n.as_f64()?),
        },
        serde_json::Value::String(s) => Value::String(s.clone()),
        serde_json::Value::Array(list) => {
            Value::Array(list.iter().filter_map(json_to_toml).collect())
        }
        serde_json::Value::Object(map) => Value::Table(
            map.iter()
                .filter_map(|(k, v)| Some((k.clone(), json_to_toml(v)?)))
                .collect(),
        ),
    })
}

/// Checks the entries of an answers file against the questionnaire.
fn check(q: &Questionnaire, source: &str, entries: Entries) -> Result<AnswerFile, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();

    if let Some((id, version, hash)) = &entries.reference {
        let text = |e: &Entry| e.value.as_str().unwrap_or("").to_string();
        if text(id) != q.id {
            errors.push(
                Diagnostic::new(
                    id.value_span.clone(),
                    format!(
                        "these answers are for questionnaire `{}`, not `{}`",
                        sanitize_line(&text(id)),
                        q.id
                    ),
                )
                .with_help("pass the matching file with --questionnaire"),
            );
        } else if let Some(version) = version.as_ref().filter(|v| text(v) != q.version) {
            warnings.push(Diagnostic::new(
                version.value_span.clone(),
                format!(
                    "these answers were given to version {} of the questionnaire; scoring with version {}",
                    sanitize_line(&text(version)),
                    q.version
                ),
            ));
        } else if let Some(hash) = hash.as_ref().filter(|h| text(h) != q.content_hash) {
            warnings.push(Diagnostic::new(
                hash.value_span.clone(),
                "the questionnaire file has changed since these answers were saved (its hash differs)",
            ));
        }
    }

    let mut identifiers = vec![String::new(); q.identifiers.len()];
    for entry in &entries.identifiers {
        let Some(index) = q.identifiers.iter().position(|f| f.id == entry.key) else {
            errors.push(unknown_key(
                entry,
                "identifier",
                q.identifiers.iter().map(|f| f.id.as_str()),
            ));
            continue;
        };
        let field = &q.identifiers[index];
        match &entry.value {
            Value::String(text) if text.chars().count() <= field.max_length => {
                identifiers[index] = sanitize_line(text.trim()).into_owned();
            }
            Value::String(_) => errors.push(Diagnostic::new(
                entry.value_span.clone(),
                format!(
                    "`{}` may be at most {} characters",
                    field.id, field.max_length
                ),
            )),
            other => errors.push(Diagnostic::new(
                entry.value_span.clone(),
                format!("`{}` must be text, not {}", field.id, other.type_str()),
            )),
        }
    }

    let mut answers = Answers::new(q);
    for entry in &entries.answers {
        let Some(index) = q.item_index(&entry.key) else {
            errors.push(unknown_key(
                entry,
                "question",
                q.items.iter().map(|i| i.id.as_str()),
            ));
            continue;
        };
        let item = &q.items[index];
        let value = Spanned::new(entry.value_span.clone(), entry.value.clone());
        let checked = answer_from_toml(item, &value, source).and_then(|answer| {
            check_answer(item, answer).map_err(|e| {
                Diagnostic::new(entry.value_span.clone(), format!("`{}`: {e}", item.id))
                    .with_help(expected_values(item))
            })
        });
        match checked {
            Ok(answer) => {
                // Already checked against the item; cannot fail.
                let _ = answers.set(q, index, answer);
            }
            Err(diag) => errors.push(diag),
        }
    }

    if errors.is_empty() {
        Ok(AnswerFile {
            answers,
            identifiers,
            warnings,
        })
    } else {
        errors.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
        Err(errors)
    }
}

fn unknown_key<'a>(entry: &Entry, what: &str, known: impl Iterator<Item = &'a str>) -> Diagnostic {
    let diag = Diagnostic::new(
        entry.key_span.clone(),
        format!("unknown {what} `{}`", sanitize_line(&entry.key)),
    );
    match did_you_mean(&entry.key, known) {
        Some(guess) => diag.with_help(format!("did you mean `{guess}`?")),
        None => diag.with_help("`restless template` lists every id"),
    }
}

/// What the item accepts, as it would be written in an answers file.
fn expected_values(item: &Item) -> String {
    let mut values: Vec<String> = item
        .kind
        .options()
        .iter()
        .map(|o| format!("\"{}\"", o.value))
        .collect();
    let dont_know = if item.dont_know {
        " or \"dont_know\""
    } else {
        ""
    };
    match &item.kind {
        ItemKind::YesNo(_) | ItemKind::Single(_) => {
            format!("write one of {}{dont_know}", values.join(", "))
        }
        ItemKind::Multiple(_) => {
            values.truncate(3);
            format!("write a list such as [{}]{dont_know}", values.join(", "))
        }
        ItemKind::Number(spec) => {
            let mut text = String::from(if spec.integer {
                "a whole number"
            } else {
                "a number"
            });
            if let Some(unit) = spec.units.first() {
                let _ = write!(text, " in {}", unit.name);
                if spec.units.len() > 1 {
                    let others: Vec<&str> =
                        spec.units[1..].iter().map(|u| u.name.as_str()).collect();
                    let _ = write!(
                        text,
                        ", or {{ value = ..., unit = \"{}\" }}",
                        others.join("\" | \"")
                    );
                }
            }
            let range = match (spec.min, spec.max) {
                (Some(min), Some(max)) => format!(", from {min} to {max}"),
                (Some(min), None) => format!(", at least {min}"),
                (None, Some(max)) => format!(", at most {max}"),
                (None, None) => String::new(),
            };
            format!("write {text}{range}{dont_know}")
        }
        ItemKind::Text { max_length } => format!("write text of at most {max_length} characters"),
    }
}

fn answer_from_toml(
    item: &Item,
    value: &Spanned<Value>,
    source: &str,
) -> Result<Answer, Diagnostic> {
    let span = value.span();
    let wrong = |found: &str| {
        Diagnostic::new(
            span.clone(),
            format!(
                "`{}` is a {} question; {found} does not fit",
                item.id,
                kind_words(&item.kind)
            ),
        )
    };
    if value.get_ref().as_str() == Some("dont_know") && !matches!(item.kind, ItemKind::Text { .. })
    {
        return Ok(Answer::DontKnow);
    }
    match (&item.kind, value.get_ref()) {
        (ItemKind::YesNo(_) | ItemKind::Single(_), Value::String(s)) => item
            .option_index(s)
            .map(Answer::Choice)
            .ok_or_else(|| unknown_option(item, s, span.clone())),
        (ItemKind::Multiple(_), Value::Array(list)) => {
            let mut chosen = Vec::new();
            for element in list {
                let Some(s) = element.as_str() else {
                    return Err(wrong(&format!("a list holding {}", element.type_str())));
                };
                chosen.push(
                    item.option_index(s)
                        .ok_or_else(|| unknown_option(item, s, span.clone()))?,
                );
            }
            Ok(Answer::Choices(chosen))
        }
        (ItemKind::Number(_), Value::Integer(n)) => Ok(Answer::Number {
            value: exact_integer(*n, span.clone())?,
            unit: 0,
        }),
        (ItemKind::Number(_), Value::Float(f)) => Ok(Answer::Number {
            value: checked_float(*f, span.clone(), source)?,
            unit: 0,
        }),
        (ItemKind::Number(spec), Value::Table(table)) => {
            let mut value = None;
            let mut unit = None;
            for (key, v) in table {
                match (key.as_str(), v) {
                    ("value", Value::Integer(n)) => value = Some(exact_integer(*n, span.clone())?),
                    ("value", Value::Float(f)) => {
                        value = Some(checked_float(*f, span.clone(), source)?)
                    }
                    ("unit", Value::String(u)) => {
                        unit = Some(spec.units.iter().position(|x| &x.name == u).ok_or_else(
                            || {
                                let names: Vec<&str> =
                                    spec.units.iter().map(|u| u.name.as_str()).collect();
                                Diagnostic::new(
                                    span.clone(),
                                    format!(
                                        "`{}` is not measured in \"{}\"",
                                        item.id,
                                        sanitize_line(u)
                                    ),
                                )
                                .with_help(if names.is_empty() {
                                    "this item has no unit; write the number alone".to_string()
                                } else {
                                    format!("use one of: {}", names.join(", "))
                                })
                            },
                        )?);
                    }
                    (other, _) => {
                        return Err(Diagnostic::new(
                            span.clone(),
                            format!("unexpected `{}` in a number answer", sanitize_line(other)),
                        )
                        .with_help("write { value = 12.5, unit = \"...\" }"));
                    }
                }
            }
            let value = value.ok_or_else(|| {
                Diagnostic::new(span.clone(), "a number answer needs `value`")
                    .with_help("write { value = 12.5, unit = \"...\" }")
            })?;
            Ok(Answer::Number {
                value,
                unit: unit.unwrap_or(0),
            })
        }
        (ItemKind::Text { .. }, Value::String(s)) => Ok(Answer::Text(sanitize(s).into_owned())),
        (_, other) => Err(wrong(other.type_str())),
    }
}

fn kind_words(kind: &ItemKind) -> &'static str {
    match kind {
        ItemKind::YesNo(_) => "yes/no",
        ItemKind::Single(_) => "single-choice",
        ItemKind::Multiple(_) => "multiple-choice",
        ItemKind::Number(spec) if spec.integer => "whole-number",
        ItemKind::Number(_) => "number",
        ItemKind::Text { .. } => "free-text",
    }
}

fn unknown_option(item: &Item, value: &str, span: std::ops::Range<usize>) -> Diagnostic {
    let values: Vec<&str> = item
        .kind
        .options()
        .iter()
        .map(|o| o.value.as_str())
        .collect();
    let diag = Diagnostic::new(
        span,
        format!(
            "`{}` has no option \"{}\"; its options are: {}",
            item.id,
            sanitize_line(value),
            values.join(", ")
        ),
    );
    match did_you_mean(value, values.iter().copied()) {
        Some(guess) => diag.with_help(format!("did you mean \"{guess}\"?")),
        None => diag,
    }
}

/// Integers beyond 2^53 cannot be held exactly as the engine's numbers.
fn exact_integer(n: i64, span: std::ops::Range<usize>) -> Result<f64, Diagnostic> {
    const LIMIT: i64 = 1 << 53;
    if (-LIMIT..=LIMIT).contains(&n) {
        Ok(n as f64)
    } else {
        Err(Diagnostic::new(
            span,
            format!("{n} is too large to hold exactly"),
        ))
    }
}

/// A float answer, refused when it is not finite or when the TOML parser
/// silently turned it into 0 (`1e-400`).
fn checked_float(f: f64, span: std::ops::Range<usize>, source: &str) -> Result<f64, Diagnostic> {
    float_problem(f, span, source).map_or(Ok(f), Err)
}

/// A blank answers file for `questionnaire`: every item, commented out,
/// with its type, accepted values and when it applies. The result is itself
/// a valid (empty) answers file.
pub fn template(q: &Questionnaire) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Answers for \"{}\" ({} version {}).",
        q.title, q.id, q.version
    );
    out.push_str(
        "# Remove the `#` in front of an answer to give it; leave the rest as they are.\n",
    );
    out.push_str("# Score with: restless score THIS_FILE\n\n");
    out.push_str("[questionnaire]\n");
    let _ = writeln!(out, "id = {}", toml_string(&q.id));
    let _ = writeln!(out, "version = {}", toml_string(&q.version));
    if !q.identifiers.is_empty() {
        out.push_str("\n[identifiers]\n");
        for field in &q.identifiers {
            let _ = writeln!(
                out,
                "# {} (text, at most {} characters)",
                one_line(&field.label),
                field.max_length
            );
            let _ = writeln!(out, "# {} = \"\"", field.id);
        }
    }
    out.push_str("\n[answers]\n");
    for section in &q.sections {
        let _ = writeln!(out, "\n# ── {} ──", one_line(&section.title));
        if let Some(show_if) = &section.show_if_text {
            let _ = writeln!(out, "# This section applies only when: {show_if}");
        }
        for item in &q.items[section.items.clone()] {
            out.push('\n');
            let _ = writeln!(out, "# {}", one_line(&item.text));
            let mut accepted = match &item.kind {
                ItemKind::YesNo(options) | ItemKind::Single(options) => {
                    let values: Vec<String> =
                        options.iter().map(|o| format!("\"{}\"", o.value)).collect();
                    format!("one of {}", values.join(" | "))
                }
                ItemKind::Multiple(options) => {
                    let values: Vec<String> = options
                        .iter()
                        .map(|o| {
                            if o.exclusive {
                                format!("\"{}\" (only on its own)", o.value)
                            } else {
                                format!("\"{}\"", o.value)
                            }
                        })
                        .collect();
                    format!("a list of {}", values.join(", "))
                }
                ItemKind::Number(spec) => {
                    let mut text = String::from(if spec.integer {
                        "whole number"
                    } else {
                        "number"
                    });
                    if let Some(unit) = spec.units.first() {
                        let _ = write!(text, " in {}", unit.name);
                    }
                    match (spec.min, spec.max) {
                        (Some(min), Some(max)) => {
                            let _ = write!(text, ", {min} to {max}");
                        }
                        (Some(min), None) => {
                            let _ = write!(text, ", at least {min}");
                        }
                        (None, Some(max)) => {
                            let _ = write!(text, ", at most {max}");
                        }
                        (None, None) => {}
                    }
                    if spec.units.len() > 1 {
                        let others: Vec<&str> =
                            spec.units[1..].iter().map(|u| u.name.as_str()).collect();
                        let _ = write!(
                            text,
                            "; or {{ value = ..., unit = \"{}\" }}",
                            others.join("\" | \"")
                        );
                    }
                    text
                }
                ItemKind::Text { max_length } => format!("text, at most {max_length} characters"),
            };
            if item.dont_know {
                accepted.push_str(", or \"dont_know\"");
            }
            let required = if item.required {
                "required"
            } else {
                "optional"
            };
            let _ = writeln!(out, "#   {}: {accepted}; {required}", item.kind.name());
            if let Some(show_if) = &item.show_if_text {
                let _ = writeln!(out, "#   asked only when: {show_if}");
            }
            let example = match &item.kind {
                ItemKind::YesNo(o) | ItemKind::Single(o) => {
                    format!("\"{}\"", o.first().map_or("", |o| o.value.as_str()))
                }
                ItemKind::Multiple(o) => {
                    format!("[\"{}\"]", o.first().map_or("", |o| o.value.as_str()))
                }
                ItemKind::Number(spec) => format_example_number(spec),
                ItemKind::Text { .. } => "\"\"".into(),
            };
            let _ = writeln!(out, "# {} = {example}", item.id);
        }
    }
    out
}

fn format_example_number(spec: &crate::questionnaire::NumberSpec) -> String {
    let value = spec.min.unwrap_or(0.0).max(0.0);
    if spec.integer {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn toml_string(text: &str) -> String {
    Value::String(text.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire;

    const Q: &str = r#"
[questionnaire]
id = "t"
version = "1"
title = "T"

[[identifier]]
id = "patient"
label = "Patient"
max_length = 8

[[section]]
id = "s"
title = "S"

[[section.item]]
id = "urge"
type = "yes_no"
text = "Urge?"
dont_know = true

[[section.item]]
id = "meds"
type = "multiple"
text = "Medicines?"
options = [
  { value = "ppi", label = "PPI" },
  { value = "metformin", label = "Metformin" },
  { value = "none", label = "None of these", exclusive = true },
]

[[section.item]]
id = "ferritin"
type = "decimal"
text = "Ferritin?"
unit = "ng/mL"
units = [{ unit = "µg/L", factor = 1 }, { unit = "pmol/L", factor = 0.445 }]
min = 1
max = 2000
required = false
"#;

    fn q() -> Questionnaire {
        questionnaire::load(Q).unwrap()
    }

    fn first_error(source: &str) -> (usize, String) {
        let q = q();
        let errors = load(&q, source).unwrap_err();
        let d = &errors[0];
        let line = crate::diag::line_col(source, d.span.clone().unwrap().start).line;
        (line, d.to_string_for_test())
    }

    impl Diagnostic {
        fn to_string_for_test(&self) -> String {
            match &self.help {
                Some(help) => format!("{} | {help}", self.message),
                None => self.message.clone(),
            }
        }
    }

    #[test]
    fn loads_every_kind_of_answer() {
        let q = q();
        let file = load(
            &q,
            "[identifiers]\npatient = \"A-1\"\n[answers]\nurge = \"dont_know\"\nmeds = [\"metformin\", \"ppi\"]\nferritin = { value = 101, unit = \"pmol/L\" }\n",
        )
        .unwrap();
        assert_eq!(file.identifiers, vec!["A-1".to_string()]);
        assert_eq!(file.answers.get(0), Some(&Answer::DontKnow));
        assert_eq!(file.answers.get(1), Some(&Answer::Choices(vec![0, 1])));
        assert_eq!(
            file.answers.get(2),
            Some(&Answer::Number {
                value: 101.0,
                unit: 2
            })
        );
    }

    #[test]
    fn unknown_ids_and_values_are_located() {
        assert_eq!(
            first_error("[answers]\nurg = \"yes\"\n"),
            (2, "unknown question `urg` | did you mean `urge`?".into())
        );
        let (line, message) = first_error("[answers]\nurge = \"maybe\"\n");
        assert_eq!(line, 2);
        assert!(
            message.starts_with("`urge` has no option \"maybe\""),
            "{message}"
        );
        let (_, message) = first_error("[answers]\nurge = true\n");
        assert!(
            message.contains("yes/no question; boolean does not fit"),
            "{message}"
        );
    }

    #[test]
    fn numbers_are_checked_against_range_unit_and_representation() {
        let (_, message) = first_error("[answers]\nferritin = 5000\n");
        assert!(
            message.contains("outside the accepted range: 1–2000 ng/mL"),
            "{message}"
        );
        let (_, message) = first_error("[answers]\nferritin = { value = 5, unit = \"mg\" }\n");
        assert!(message.contains("not measured in \"mg\""), "{message}");
        let (_, message) = first_error("[answers]\nferritin = 1e-400\n");
        assert!(message.contains("too small to represent"), "{message}");
        let (_, message) = first_error("[answers]\nferritin = 9007199254740993\n");
        assert!(message.contains("too large"), "{message}");
    }

    #[test]
    fn exclusive_option_cannot_be_combined_or_left_implicit() {
        let (_, message) = first_error("[answers]\nmeds = [\"none\", \"ppi\"]\n");
        assert!(message.contains("cannot be combined"), "{message}");
        let (_, message) = first_error("[answers]\nmeds = []\n");
        assert!(message.contains("choose \"None of these\""), "{message}");
    }

    #[test]
    fn another_questionnaire_is_refused_and_another_version_warned() {
        let (_, message) = first_error("[questionnaire]\nid = \"other\"\n");
        assert!(
            message.contains("for questionnaire `other`, not `t`"),
            "{message}"
        );
        let file = load(&q(), "[questionnaire]\nid = \"t\"\nversion = \"0.9\"\n").unwrap();
        assert_eq!(file.warnings.len(), 1);
    }

    #[test]
    fn identifiers_are_limited_and_neutralised() {
        let (_, message) = first_error("[identifiers]\npatient = \"123456789\"\n");
        assert!(message.contains("at most 8 characters"), "{message}");
        let file = load(&q(), "[identifiers]\npatient = \"\\u001b[2J\"\n").unwrap();
        assert_eq!(file.identifiers[0], "␛[2J");
    }

    #[test]
    fn template_is_a_valid_empty_answers_file_listing_every_item() {
        let q = q();
        let text = template(&q);
        let file = load(&q, &text).unwrap();
        assert_eq!(file.answers.answered_count(), 0);
        for item in &q.items {
            assert!(
                text.contains(&format!("# {} = ", item.id)),
                "{} missing",
                item.id
            );
        }
        assert!(text.contains("\"none\" (only on its own)"));
        assert!(text.contains("or { value = ..., unit = \"µg/L\" | \"pmol/L\" }"));
    }
}
