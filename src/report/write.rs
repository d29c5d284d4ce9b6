//! One writer per format, each over `&mut impl Write`. A result that
//! cannot be serialised is an error, so that no empty or cut file is
//! ever written in its place.

use std::io::{self, Write};

use serde::Serialize;

use super::{
    Format, Report, fhir, fhir_code_system_entry, write_markdown, write_summary, write_text,
};
use crate::engine::Answers;
use crate::questionnaire::Questionnaire;

/// Writes one scored screening in `format`.
pub fn write(
    format: Format,
    q: &Questionnaire,
    answers: &Answers,
    identifiers: &[String],
    report: &Report,
    options: &fhir::Options,
    out: &mut impl Write,
) -> io::Result<()> {
    match format {
        Format::Text => write_text(report, out),
        Format::Summary => write_summary(report, out),
        Format::Markdown => write_markdown(report, out),
        Format::Json => write_json(report, out),
        Format::Toml => write_toml(report, out),
        Format::Fhir => {
            let mut entries = vec![fhir_code_system_entry(q, options)];
            entries.extend(fhir::result_entries(
                q,
                answers,
                identifiers,
                report,
                options,
                0,
            ));
            write_json(&fhir::bundle(entries, options), out)
        }
    }
}

/// One scored screening in one format, as the bytes of a file; `options`
/// say how FHIR results are framed and whom they name.
pub fn render(
    format: Format,
    q: &Questionnaire,
    answers: &Answers,
    identifiers: &[String],
    report: &Report,
    options: &fhir::Options,
) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    write(format, q, answers, identifiers, report, options, &mut out)?;
    Ok(out)
}

/// Pretty JSON with a final newline.
pub fn write_json<T: Serialize + ?Sized>(value: &T, out: &mut impl Write) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
    out.write_all(text.as_bytes())?;
    out.write_all(b"\n")
}

/// Pretty TOML, as `toml` writes it.
pub fn write_toml<T: Serialize + ?Sized>(value: &T, out: &mut impl Write) -> io::Result<()> {
    let text = toml::to_string_pretty(value).map_err(io::Error::other)?;
    out.write_all(text.as_bytes())
}
