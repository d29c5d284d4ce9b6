//! Several results in one output: one JSON array, one FHIR Bundle, or
//! reports one after the other. Each piece is made on its own (on any
//! thread) and written in order, as the pretty printer would have written
//! it inside the whole.

use std::io::{self, Write};

use super::{Format, Report, fhir, write, write_json};
use crate::engine::Answers;
use crate::questionnaire::Questionnaire;

/// How the results of one output are framed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Framing {
    pub format: Format,
    /// More than one result: framed as a whole.
    pub several: bool,
}

impl Framing {
    /// One result as its piece of the whole.
    pub fn piece(
        &self,
        q: &Questionnaire,
        answers: &Answers,
        identifiers: &[String],
        report: &Report,
    ) -> io::Result<Vec<u8>> {
        let mut output = Vec::new();
        match self.format {
            Format::Fhir if self.several => {
                let response = fhir::response_resource(
                    q,
                    answers,
                    identifiers,
                    report.result.complete,
                    &report.saved.time,
                );
                write_json(&serde_json::json!({ "resource": response }), &mut output)?;
            }
            format => write(format, q, answers, identifiers, report, &mut output)?,
        };
        Ok(match self.format {
            Format::Json if self.several => indented(&output, b"  "),
            Format::Fhir if self.several => indented(&output, b"    "),
            _ => output,
        })
    }

    /// Writes piece number `index` (from 0) with what goes before it.
    pub fn write_piece(&self, out: &mut dyn Write, index: usize, piece: &[u8]) -> io::Result<()> {
        if !self.several {
            return out.write_all(piece);
        }
        match self.format {
            Format::Json | Format::Fhir => {
                if index == 0 {
                    out.write_all(match self.format {
                        Format::Json => b"[",
                        _ => b"{\n  \"resourceType\": \"Bundle\",\n  \"type\": \"collection\",\n  \"entry\": [",
                    })?;
                } else {
                    out.write_all(b",")?;
                }
                out.write_all(piece)
            }
            _ => {
                if index > 0 {
                    out.write_all(b"\n\n")?;
                }
                out.write_all(piece)
            }
        }
    }

    /// Closes the whole, once at least one piece was written.
    pub fn write_end(&self, out: &mut dyn Write) -> io::Result<()> {
        if !self.several {
            return Ok(());
        }
        match self.format {
            Format::Json => out.write_all(b"\n]\n"),
            Format::Fhir => out.write_all(b"\n  ]\n}\n"),
            _ => Ok(()),
        }
    }
}

/// Pretty JSON moved in by `indent` as an element of an array: each line
/// on a line of its own, with no final newline. JSON text has no raw line
/// breaks inside strings, so every line break is one of the printer's.
fn indented(json: &[u8], indent: &[u8]) -> Vec<u8> {
    let text = json.strip_suffix(b"\n").unwrap_or(json);
    let lines = text.iter().filter(|&&b| b == b'\n').count() + 1;
    let mut out = Vec::with_capacity(text.len() + lines * (indent.len() + 1));
    for line in text.split(|&b| b == b'\n') {
        out.push(b'\n');
        out.extend_from_slice(indent);
        out.extend_from_slice(line);
    }
    out
}
