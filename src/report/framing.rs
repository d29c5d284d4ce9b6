//! Several results in one output: one JSON array, one FHIR Bundle, or
//! reports one after the other. Each piece is made on its own (on any
//! thread) and written in order, as the pretty printer would have written
//! it inside the whole: printed at its depth there, not re-indented.

use std::io::{self, Write};

use super::write::write_json_nested;
use super::{Format, Report, fhir, fhir_code_system_entry, write};
use crate::engine::Answers;
use crate::questionnaire::Questionnaire;

/// Room for one result as JSON (about 13 KB), so that it is not grown
/// by copying a few times over.
const PIECE_CAPACITY: usize = 16 * 1024;

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
        let mut output = Vec::with_capacity(PIECE_CAPACITY);
        match self.format {
            // The entries of this result, for the one Bundle of all.
            Format::Fhir if self.several => {
                let entries =
                    fhir::result_entries(q, answers, identifiers, report, self.fhir, index);
                for (n, entry) in entries.iter().enumerate() {
                    if n > 0 {
                        output.push(b',');
                    }
                    write_json_nested(entry, 2, &mut output)?;
                }
            }
            Format::Json if self.several => write_json_nested(report, 1, &mut output)?,
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
        Ok(output)
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
        write_json_nested(&fhir_code_system_entry(q, self.fhir), 2, &mut system)?;
        out.write_all(&system)?;
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
