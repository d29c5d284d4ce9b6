//! Several results in one output: one JSON array, one FHIR Bundle, or
//! reports one after the other. Each piece is made on its own (on any
//! thread) and written in order, as the pretty printer would have written
//! it inside the whole.

use std::io::{self, Write};

use super::{Format, Report, fhir, fhir_code_system_entry, write, write_json};
use crate::engine::Answers;
use crate::questionnaire::Questionnaire;

/// How the results of one output are framed.
#[derive(Debug, Clone, Copy)]
pub struct Framing<'a> {
    pub format: Format,
    /// More than one result: framed as a whole.
    pub several: bool,
    /// How FHIR results are framed and whom they name.
    pub fhir: &'a fhir::Options,
}

impl Framing<'_> {
    /// Result number `index` (from 0) as its piece of the whole.
    pub fn piece(
        &self,
        q: &Questionnaire,
        answers: &Answers,
        identifiers: &[String],
        report: &Report,
        index: usize,
    ) -> io::Result<Vec<u8>> {
        let mut output = Vec::new();
        match self.format {
            // The entries of this result, for the one Bundle of all.
            Format::Fhir if self.several => {
                let entries =
                    fhir::result_entries(q, answers, identifiers, report, self.fhir, index);
                let mut pieces = Vec::with_capacity(entries.len());
                for entry in &entries {
                    let mut json = Vec::new();
                    write_json(entry, &mut json)?;
                    pieces.push(indented(&json, b"    "));
                }
                return Ok(pieces.join(&b","[..]));
            }
            format => write(
                format,
                q,
                answers,
                identifiers,
                report,
                self.fhir,
                &mut output,
            )?,
        };
        Ok(match self.format {
            Format::Json if self.several => indented(&output, b"  "),
            _ => output,
        })
    }

    /// The Bundle's opening for several FHIR results: its type, then the
    /// questionnaire's code system, held once.
    fn fhir_opening(&self, q: &Questionnaire, out: &mut dyn Write) -> io::Result<()> {
        write!(
            out,
            "{{\n  \"resourceType\": \"Bundle\",\n  \"type\": \"{}\",\n  \"entry\": [",
            fhir::bundle_type(self.fhir)
        )?;
        let mut system = Vec::new();
        write_json(&fhir_code_system_entry(q, self.fhir), &mut system)?;
        out.write_all(&indented(&system, b"    "))?;
        out.write_all(b",")
    }

    /// Writes piece number `index` (from 0) with what goes before it.
    pub fn write_piece(
        &self,
        q: &Questionnaire,
        out: &mut dyn Write,
        index: usize,
        piece: &[u8],
    ) -> io::Result<()> {
        if !self.several {
            return out.write_all(piece);
        }
        match self.format {
            Format::Json | Format::Fhir => {
                if index == 0 {
                    if self.format == Format::Json {
                        out.write_all(b"[")?;
                    } else {
                        self.fhir_opening(q, out)?;
                    }
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
