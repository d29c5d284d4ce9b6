//! Diagnostics that point at a place in a file: `FILE:LINE:COL: message`.
//!
//! Everything that reads a file the user wrote (questionnaires, answers,
//! configuration) reports problems through [`Diagnostic`], so that every
//! message has the same shape and an editor can jump to it.

use std::fmt;
use std::io::Write;
use std::ops::Range;

use crate::text::sanitize_line;

/// One problem found in a file, with where it is and, when we know it, how
/// to fix it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    /// Byte range in the source text; `None` when the problem has no place
    /// (an unreadable file, for example).
    pub span: Option<Range<usize>>,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(span: impl Into<Option<Range<usize>>>, message: impl Into<String>) -> Self {
        Diagnostic {
            span: span.into(),
            message: message.into(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Attach the diagnostic to its file so it can be printed.
    pub fn located<'a>(&'a self, file: &'a str, source: &'a str) -> Located<'a> {
        Located {
            diagnostic: self,
            file,
            source,
            prefix: "",
        }
    }
}

/// A 1-based line and column (in characters, as editors count them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCol {
    pub line: usize,
    pub col: usize,
}

/// Converts a byte offset into a line and column. Offsets past the end or
/// inside a multi-byte character are clamped so this never panics.
pub fn line_col(source: &str, offset: usize) -> LineCol {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    LineCol { line, col }
}

/// Where the first byte that is not UTF-8 sits, for a `FILE:LINE:COL`
/// message about a file that is not text.
pub fn utf8_error_at(error: &std::string::FromUtf8Error) -> LineCol {
    let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
    // Valid by construction: it is the part before the error.
    let valid = std::str::from_utf8(valid).unwrap_or("");
    line_col(valid, valid.len())
}

/// A diagnostic ready to print as `FILE:LINE:COL: message`, followed by an
/// indented `help:` line when there is one.
pub struct Located<'a> {
    diagnostic: &'a Diagnostic,
    file: &'a str,
    source: &'a str,
    prefix: &'a str,
}

impl<'a> Located<'a> {
    /// Puts a word such as `warning: ` before the message.
    pub fn with_prefix(mut self, prefix: &'a str) -> Self {
        self.prefix = prefix;
        self
    }

    pub fn line_col(&self) -> LineCol {
        self.diagnostic
            .span
            .as_ref()
            .map_or(LineCol { line: 1, col: 1 }, |span| {
                line_col(self.source, span.start)
            })
    }
}

impl fmt::Display for Located<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let LineCol { line, col } = self.line_col();
        // The message can quote text from the file; neutralise it so a
        // hostile file cannot drive the terminal through an error message.
        write!(
            f,
            "{}:{line}:{col}: {}{}",
            sanitize_line(self.file),
            self.prefix,
            sanitize_line(&self.diagnostic.message)
        )?;
        if let Some(help) = &self.diagnostic.help {
            write!(f, "\n    help: {}", sanitize_line(help))?;
        }
        Ok(())
    }
}

/// Suggests the closest of `candidates` to `unknown`, when one is close
/// enough to be a plausible typo: at most one edit (a swap counts as one)
/// per three characters.
pub fn did_you_mean<'a>(
    unknown: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let allowed = (unknown.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|candidate| (strsim::damerau_levenshtein(unknown, candidate), candidate))
        .filter(|(distance, _)| *distance <= allowed)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// More problems than this in one file are counted, not listed: the first
/// ones are what the person fixes first, and a file of garbage should not
/// flood the terminal.
const MAX_DIAGNOSTICS_SHOWN: usize = 50;

pub fn print_diagnostics(
    err: &mut dyn Write,
    file: &str,
    source: &str,
    diagnostics: &[Diagnostic],
) {
    for d in diagnostics.iter().take(MAX_DIAGNOSTICS_SHOWN) {
        let _ = writeln!(err, "{}", d.located(file, source));
    }
    if diagnostics.len() > MAX_DIAGNOSTICS_SHOWN {
        let _ = writeln!(
            err,
            "{}: and {} more problems",
            sanitize_line(file),
            diagnostics.len() - MAX_DIAGNOSTICS_SHOWN
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let source = "a = 1\nµµ = 2\n";
        assert_eq!(line_col(source, 0), LineCol { line: 1, col: 1 });
        // 'µ' is two bytes; the `=` on line 2 is the fourth character.
        let eq = source.rfind('=').unwrap();
        assert_eq!(line_col(source, eq), LineCol { line: 2, col: 4 });
    }

    #[test]
    fn line_col_clamps_offsets_it_cannot_use() {
        let source = "µ";
        assert_eq!(line_col(source, 1), LineCol { line: 1, col: 1 });
        assert_eq!(line_col(source, 99), LineCol { line: 1, col: 2 });
    }

    #[test]
    fn display_has_file_line_col_and_help() {
        let source = "x\ny = 1\n";
        let d = Diagnostic::new(2..3, "unknown key `y`").with_help("did you mean `x`?");
        assert_eq!(
            d.located("q.toml", source).to_string(),
            "q.toml:2:1: unknown key `y`\n    help: did you mean `x`?"
        );
    }

    #[test]
    fn suggestions_only_for_near_misses() {
        let keys = ["title", "version", "language"];
        assert_eq!(did_you_mean("titel", keys), Some("title"));
        assert_eq!(did_you_mean("zzz", keys), None);
        assert_eq!(did_you_mean("yse", ["yes", "no"]), Some("yes"));
        assert_eq!(did_you_mean("x", ["yes", "no"]), None);
    }
}
