//! Answers from a JSON saved result (the `--format json` output).

use std::ops::Range;

use toml::Value;

use super::{AnswerFile, Entries, Entry, check, too_large};
use crate::diag::{Diagnostic, did_you_mean};
use crate::questionnaire::Questionnaire;
use crate::text::sanitize_line;

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
    let Unique(json) = serde_json::from_str(source).map_err(|e| {
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
    // Keys come in the order of the text, so each is looked for after the
    // one before: searching from the start every time is quadratic in the
    // number of keys (80,000 unknown keys took a minute).
    let mut top_from = 0;
    for (key, value) in &top {
        let key_span = cursor.key(key, top_from);
        top_from = key_span.end;
        match (key.as_str(), value) {
            ("identifiers" | "answers", serde_json::Value::Object(map)) => {
                let mut list = Vec::new();
                let mut from = key_span.end;
                for (k, v) in map {
                    let k_span = cursor.key(k, from);
                    from = k_span.end;
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
            ("saved", serde_json::Value::Object(map)) => {
                entries.screened = map
                    .get("time")
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_string);
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
                // As for answers: suggestions only for the keys shown.
                let suggestion = (errors.len() < 50)
                    .then(|| did_you_mean(other, known))
                    .flatten();
                errors.push(match suggestion {
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

/// A JSON value read refusing duplicate keys. serde_json keeps the last of
/// two equal keys without a word, so `{"urge": "yes", "urge": "no"}` would
/// be scored as "no"; a file that says two things about one question must
/// be refused, as TOML refuses it.
struct Unique(serde_json::Value);

impl<'de> serde::Deserialize<'de> for Unique {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(UniqueVisitor)
    }
}

struct UniqueVisitor;

impl<'de> serde::de::Visitor<'de> for UniqueVisitor {
    type Value = Unique;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Unique, E> {
        Ok(Unique(v.into()))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Unique, E> {
        Ok(Unique(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Unique, E> {
        Ok(Unique(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Unique, E> {
        Ok(Unique(v.into()))
    }

    fn visit_str<E>(self, v: &str) -> Result<Unique, E> {
        Ok(Unique(v.into()))
    }

    fn visit_unit<E>(self) -> Result<Unique, E> {
        Ok(Unique(serde_json::Value::Null))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Unique, A::Error> {
        let mut values = Vec::new();
        while let Some(Unique(value)) = seq.next_element()? {
            values.push(value);
        }
        Ok(Unique(serde_json::Value::Array(values)))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Unique, A::Error> {
        use serde::de::Error;
        let mut object = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(A::Error::custom(format!(
                    "`{}` appears twice; keep one",
                    sanitize_line(&key)
                )));
            }
            let Unique(value) = map.next_value()?;
            object.insert(key, value);
        }
        Ok(Unique(serde_json::Value::Object(object)))
    }
}
