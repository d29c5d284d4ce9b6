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

mod json;
mod template;

pub use json::load_json;
pub use template::template;

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
    /// Written by saved results: when the screening was done (kept when it
    /// is scored again) and by which program.
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
    /// When the screening was done, for a saved result (RFC 3339).
    pub screened: Option<String>,
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
    /// `saved.time` of a saved result, as written.
    screened: Option<String>,
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
    let entry = |(key, value): (Spanned<String>, Spanned<Value>)| Entry {
        key_span: key.span(),
        key: key.into_inner(),
        value_span: value.span(),
        value: value.into_inner(),
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
        identifiers: raw.identifiers.into_iter().map(entry).collect(),
        answers: raw.answers.into_iter().map(entry).collect(),
        screened: raw
            .saved
            .as_ref()
            .and_then(|saved| saved.get("time"))
            .and_then(Value::as_str)
            .map(str::to_string),
    };
    check(questionnaire, source, entries)
}

/// Checks the entries of an answers file against the questionnaire.
fn check(q: &Questionnaire, source: &str, entries: Entries) -> Result<AnswerFile, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();

    if let Some(reference) = &entries.reference {
        check_reference(q, reference, &mut errors, &mut warnings);
    }

    // Suggestions cost a comparison with every id: only the first unknown
    // keys, the ones shown, get one, so a file of thousands stays fast.
    let mut unknown = 0;
    let mut suggest = || {
        unknown += 1;
        unknown <= MAX_SUGGESTIONS
    };
    let mut identifiers = vec![String::new(); q.identifiers.len()];
    for entry in &entries.identifiers {
        let Some(index) = q.identifiers.iter().position(|f| f.id == entry.key) else {
            let known = q.identifiers.iter().map(|f| f.id.as_str());
            errors.push(unknown_key(entry, "identifier", suggest().then_some(known)));
            continue;
        };
        match identifier_value(&q.identifiers[index], entry) {
            Ok(kept) => identifiers[index] = kept,
            Err(diag) => errors.push(diag),
        }
    }

    let screened = entries.screened.filter(|time| {
        let valid = is_date_time(time);
        if !valid {
            warnings.push(Diagnostic::new(
                0..0,
                format!(
                    "`saved.time` is not a date and time (`{}`); the result is dated now",
                    sanitize_line(time)
                ),
            ));
        }
        valid
    });

    let mut answers = Answers::new(q);
    for entry in &entries.answers {
        let Some(index) = q.item_index(&entry.key) else {
            let known = q.items.iter().map(|i| i.id.as_str());
            errors.push(unknown_key(entry, "question", suggest().then_some(known)));
            continue;
        };
        let item = &q.items[index];
        let checked =
            answer_from_toml(item, &entry.value, &entry.value_span, source).and_then(|answer| {
                check_answer(item, answer).map_err(|e| {
                    Diagnostic::new(entry.value_span.clone(), format!("`{}`: {e}", item.id))
                        .with_help(expected_values(item))
                })
            });
        match checked {
            Ok(answer) => {
                // Checked against the item already; what can still fail is
                // a rule across answers.
                if let Err(e) = answers.set(q, index, answer) {
                    errors.push(Diagnostic::new(
                        entry.value_span.clone(),
                        format!("`{}`: {e}", item.id),
                    ));
                }
            }
            Err(diag) => errors.push(diag),
        }
    }

    if errors.is_empty() {
        Ok(AnswerFile {
            answers,
            identifiers,
            warnings,
            screened,
        })
    } else {
        errors.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
        Err(errors)
    }
}

/// Whether saved answers belong to this questionnaire: another's id is an
/// error; another version, or a changed file, a warning.
fn check_reference(
    q: &Questionnaire,
    (id, version, hash): &(Entry, Option<Entry>, Option<Entry>),
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) {
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

/// An identifier's value as kept, or why it cannot be.
fn identifier_value(
    field: &crate::questionnaire::IdentifierField,
    entry: &Entry,
) -> Result<String, Diagnostic> {
    // What is kept is checked against the limit, so a result saved with
    // it always loads again. Bidi and zero-width characters are kept as
    // they are (each is one character of the identifier, shown spelled
    // out wherever it is displayed); only what a terminal would obey is
    // neutralised here.
    let kept = match &entry.value {
        Value::String(text) => Some(crate::text::neutralise_controls(text.trim())),
        _ => None,
    };
    match (&entry.value, kept) {
        (Value::String(_), Some(kept)) if kept.chars().count() <= field.max_length => {
            Ok(kept.into_owned())
        }
        (Value::String(_), _) => Err(Diagnostic::new(
            entry.value_span.clone(),
            format!(
                "`{}` may be at most {} characters",
                field.id, field.max_length
            ),
        )),
        (other, _) => Err(Diagnostic::new(
            entry.value_span.clone(),
            format!("`{}` must be text, not {}", field.id, other.type_str()),
        )),
    }
}

/// A date and time with seconds and an offset, as saved results write it
/// and as FHIR's `dateTime` accepts it.
fn is_date_time(text: &str) -> bool {
    let bytes = text.as_bytes();
    text.len() <= 40
        && text.is_ascii()
        && bytes.get(10) == Some(&b'T')
        && bytes.get(16) == Some(&b':')
        && matches!(bytes.get(19), Some(b'.' | b'Z' | b'+' | b'-'))
        && text.parse::<jiff::Timestamp>().is_ok()
}

/// Unknown keys past this many get no did-you-mean.
const MAX_SUGGESTIONS: usize = 50;

fn unknown_key<'a>(
    entry: &Entry,
    what: &str,
    known: Option<impl Iterator<Item = &'a str>>,
) -> Diagnostic {
    let diag = Diagnostic::new(
        entry.key_span.clone(),
        format!("unknown {what} `{}`", sanitize_line(&entry.key)),
    );
    match known.and_then(|known| did_you_mean(&entry.key, known)) {
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
    value: &Value,
    span: &Range<usize>,
    source: &str,
) -> Result<Answer, Diagnostic> {
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
    if value.as_str() == Some("dont_know") && !matches!(item.kind, ItemKind::Text { .. }) {
        return Ok(Answer::DontKnow);
    }
    match (&item.kind, value) {
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
                        unit = Some(spec.find_unit(u).ok_or_else(|| {
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
                        })?);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire;

    #[test]
    fn saved_times_need_seconds_and_an_offset() {
        assert!(is_date_time("2026-01-05T09:30:00+01:00"));
        assert!(is_date_time("2026-01-05T09:30:00.5Z"));
        assert!(!is_date_time("2026-01-05T09:30Z"));
        assert!(!is_date_time("2026-01-05 09:30:00Z"));
        assert!(!is_date_time("2026-01-05T09:30:00"));
        assert!(!is_date_time("yesterday"));
    }

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
    fn units_are_read_in_their_usual_spellings() {
        let q = q();
        for spelling in ["µg/L", "μg/L", "ug/l", "mcg/L", "UG/L"] {
            let file = load(
                &q,
                &format!("[answers]\nferritin = {{ value = 40, unit = \"{spelling}\" }}\n"),
            )
            .unwrap();
            assert_eq!(
                file.answers.get(2),
                Some(&Answer::Number {
                    value: 40.0,
                    unit: 1
                }),
                "{spelling}"
            );
        }
        assert!(load(&q, "[answers]\nferritin = { value = 40, unit = \"g/L\" }\n").is_err());
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
