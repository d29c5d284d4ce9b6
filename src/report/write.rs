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
    // Whole, then in one write: `out` may be an unbuffered file, and a
    // value that fails half-way must leave nothing behind.
    let mut text = Vec::with_capacity(16 * 1024);
    serde_json::to_writer_pretty(&mut text, value).map_err(io::Error::other)?;
    text.push(b'\n');
    out.write_all(&text)
}

/// Pretty JSON as it reads `depth` levels inside an enclosing array (two
/// spaces a level): a line break and the indentation, then the value, with
/// no final newline; what `write_json` writes, moved in, without a copy
/// to re-indent.
pub fn write_json_nested<T: Serialize + ?Sized>(
    value: &T,
    depth: usize,
    out: &mut Vec<u8>,
) -> io::Result<()> {
    out.push(b'\n');
    indent(out, depth)?;
    let mut serializer = serde_json::Serializer::with_formatter(
        &mut *out,
        Nested {
            depth,
            has_value: false,
        },
    );
    value.serialize(&mut serializer).map_err(io::Error::other)
}

fn indent<W: ?Sized + Write>(out: &mut W, depth: usize) -> io::Result<()> {
    const SPACES: &[u8] = &[b' '; 64];
    let mut left = depth * 2;
    while left > 0 {
        let step = left.min(SPACES.len());
        out.write_all(&SPACES[..step])?;
        left -= step;
    }
    Ok(())
}

/// serde_json's pretty printer, two spaces a level, starting `depth`
/// levels in.
struct Nested {
    depth: usize,
    has_value: bool,
}

impl Nested {
    /// `text` (a line break), then the indentation of the current depth.
    fn line<W: ?Sized + Write>(&self, out: &mut W, text: &[u8]) -> io::Result<()> {
        out.write_all(text)?;
        indent(out, self.depth)
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        out.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.line(out, b"\n")?;
        }
        out.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.line(out, if first { b"\n" } else { b",\n" })
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        out.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.line(out, b"\n")?;
        }
        out.write_all(b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.line(out, if first { b"\n" } else { b",\n" })
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        out.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Pretty TOML, as `toml` writes it.
pub fn write_toml<T: Serialize + ?Sized>(value: &T, out: &mut impl Write) -> io::Result<()> {
    let text = toml::to_string_pretty(value).map_err(io::Error::other)?;
    out.write_all(text.as_bytes())
}
