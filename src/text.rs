//! Text that came from a file or a person, made safe to show in a terminal.
//!
//! TOML escapes can legally put ESC, NUL, bidi overrides and zero-width
//! characters into any string. Shown raw, an escape sequence can rename the
//! terminal window or move the cursor, and a bidi override can make
//! "ferritin 150" read as "051 nitirref". Every such character is replaced by
//! a visible stand-in once, where the text enters the program, so nothing
//! downstream has to remember to do it.

use std::borrow::Cow;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The first letter in upper case: engine messages are written to follow
/// other words, and are shown on their own.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Neutralises control characters, keeping line breaks (for help texts and
/// free-text answers that span lines). Tabs become a single space so that
/// widths stay predictable.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    neutralise(text, true)
}

/// Like [`sanitize`] but also shows line breaks visibly: for identifiers,
/// file names and one-line labels.
pub fn sanitize_line(text: &str) -> Cow<'_, str> {
    neutralise(text, false)
}

/// Neutralises only what a terminal would obey (C0 and C1 controls, DEL,
/// line breaks), keeping bidi and zero-width characters: for data that is
/// kept as given and spelled out with [`sanitize_line`] where displayed.
pub fn neutralise_controls(text: &str) -> Cow<'_, str> {
    if all_printable_ascii(text, false) || !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match replacement(c, false) {
            Some(Replacement::Char(r)) if c.is_control() => out.push(r),
            Some(Replacement::CodePoint) if c.is_control() => {
                out.push_str(&format!("<U+{:04X}>", c as u32));
            }
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn neutralise(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    if all_printable_ascii(text, keep_newlines)
        || !text
            .chars()
            .any(|c| replacement(c, keep_newlines).is_some())
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match replacement(c, keep_newlines) {
            Some(Replacement::Char(r)) => out.push(r),
            Some(Replacement::CodePoint) => out.push_str(&format!("<U+{:04X}>", c as u32)),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Printable ASCII (and line breaks, if kept) needs nothing replaced: most
/// text is only that, and a byte scan tells it without decoding characters.
fn all_printable_ascii(text: &str, keep_newlines: bool) -> bool {
    text.bytes()
        .all(|b| (b' '..=b'~').contains(&b) || (keep_newlines && b == b'\n'))
}

enum Replacement {
    Char(char),
    CodePoint,
}

fn replacement(c: char, keep_newlines: bool) -> Option<Replacement> {
    match c {
        '\n' if keep_newlines => None,
        '\t' => Some(Replacement::Char(' ')),
        // C0 controls have visible "control pictures" at U+2400 + code.
        '\0'..='\x1f' => char::from_u32(0x2400 + c as u32).map(Replacement::Char),
        '\x7f' => Some(Replacement::Char('\u{2421}')),
        // C1 controls (including the 8-bit CSI, U+009B).
        '\u{80}'..='\u{9f}' => Some(Replacement::CodePoint),
        // Bidi embeddings, overrides and isolates, and the implicit marks.
        '\u{200e}'
        | '\u{200f}'
        | '\u{061c}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}' => Some(Replacement::CodePoint),
        // Zero-width characters hide text from the reader.
        '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' => Some(Replacement::CodePoint),
        // Line and paragraph separators break layouts that count lines.
        '\u{2028}' | '\u{2029}' => Some(Replacement::CodePoint),
        _ => None,
    }
}

/// A number as people write it: exact, without a pointless ".0".
pub fn number(value: f64) -> String {
    let text = format!("{value}");
    text.strip_suffix(".0").map(str::to_string).unwrap_or(text)
}

/// Display width in terminal columns (wide CJK characters count two,
/// combining marks zero).
pub fn width(text: &str) -> usize {
    // Printable ASCII is one column a byte: most words of a report.
    if text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return text.len();
    }
    UnicodeWidthStr::width(text)
}

/// Wraps text to `max` columns on word boundaries, measuring display width.
/// Line breaks in the text are kept; a word wider than a line is broken
/// after the separators of a file name where it can be, else anywhere.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        // Room for a line of narrow characters, so that it is not grown
        // word by word.
        let mut line = String::with_capacity(max.min(paragraph.len()));
        let mut line_width = 0;
        for word in paragraph.split_whitespace() {
            let word_width = width(word);
            let needed = if line.is_empty() {
                word_width
            } else {
                line_width + 1 + word_width
            };
            if needed <= max {
                if !line.is_empty() {
                    line.push(' ');
                    line_width += 1;
                }
                line.push_str(word);
                line_width += word_width;
                continue;
            }
            if !line.is_empty() {
                let room = max.min(paragraph.len());
                lines.push(std::mem::replace(&mut line, String::with_capacity(room)));
                line_width = 0;
            }
            if word_width <= max {
                line.push_str(word);
                line_width = word_width;
                continue;
            }
            // A file name or a path: broken after a `/`, `-`, `_` or `.`
            // where it can be, so each line ends at a part of the name.
            for piece in word.split_inclusive(['/', '-', '_', '.']) {
                let piece_width = width(piece);
                if line_width + piece_width > max && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    line_width = 0;
                }
                for c in piece.chars() {
                    let w = c.width().unwrap_or(0);
                    if line_width + w > max && !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        line_width = 0;
                    }
                    line.push(c);
                    line_width += w;
                }
            }
        }
        lines.push(line);
    }
    lines
}

/// Whether the locale promises UTF-8, from the environment variables the
/// C library reads for the character set: the first of `LC_ALL`,
/// `LC_CTYPE` and `LANG` that is set and not empty decides.
pub fn utf8_locale(var: impl Fn(&str) -> Option<std::ffi::OsString>) -> bool {
    let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .filter_map(|name| var(name))
        .find(|v| !v.is_empty())
        .map(|v| v.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    locale.contains("utf-8") || locale.contains("utf8")
}

/// `text` in ASCII, for a terminal whose locale is not UTF-8: the usual
/// typographic signs by their ASCII stand-ins, letters without their
/// accents where that is one character, anything else as `?`.
pub fn ascii(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let stand_in = match c {
            c if c.is_ascii() => {
                out.push(c);
                continue;
            }
            '—' | '–' | '‐' | '‑' | '−' => "-",
            '‘' | '’' | '′' => "'",
            '“' | '”' | '″' => "\"",
            '…' => "...",
            '✓' | '✔' => "+",
            '✗' | '✘' => "x",
            '·' | '•' | '●' => "*",
            '→' => "->",
            '←' => "<-",
            '≥' => ">=",
            '≤' => "<=",
            '×' => "x",
            '÷' => "/",
            '±' => "+/-",
            'µ' | 'μ' => "u",
            '°' => " deg",
            '½' => "1/2",
            '\u{a0}' | '\u{202f}' | '\u{2009}' => " ",
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => "a",
            'ç' => "c",
            'è' | 'é' | 'ê' | 'ë' => "e",
            'ì' | 'í' | 'î' | 'ï' => "i",
            'ñ' => "n",
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' => "o",
            'ù' | 'ú' | 'û' | 'ü' => "u",
            'É' => "E",
            'Ö' => "O",
            'Ü' => "U",
            'ß' => "ss",
            _ => "?",
        };
        out.push_str(stand_in);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_ascii_is_kept_as_it_is_and_ascii_controls_are_not() {
        assert!(matches!(
            sanitize("ferritin 150 ng/mL\nnext"),
            Cow::Borrowed(_)
        ));
        assert!(matches!(sanitize_line("ferritin ~150"), Cow::Borrowed(_)));
        assert_eq!(sanitize_line("a\nb"), "a\u{240a}b");
        assert_eq!(sanitize("a\tb\x1b[2J\x7f"), "a b\u{241b}[2J\u{2421}");
        assert_eq!(neutralise_controls("a\x1bb\u{202e}"), "a\u{241b}b\u{202e}");
        assert_eq!(sanitize("caf\u{e9}\u{202e}"), "caf\u{e9}<U+202E>");
    }

    #[test]
    fn a_long_file_name_wraps_at_its_parts() {
        assert_eq!(
            wrap(
                "/home/clinic/screenings/rls-screening-A-1042.toml exists",
                24
            ),
            vec![
                "/home/clinic/screenings/",
                "rls-screening-A-1042.",
                "toml exists",
            ]
        );
        // Without a separator, anywhere.
        assert_eq!(wrap("abcdefgh", 3), vec!["abc", "def", "gh"]);
    }

    #[test]
    fn ascii_stand_ins_for_a_locale_without_utf8() {
        assert_eq!(ascii("Question 1 — About you"), "Question 1 - About you");
        assert_eq!(ascii("✓ 35 µg/L ≥ 30"), "+ 35 ug/L >= 30");
        assert_eq!(ascii("Willis–Ekbom"), "Willis-Ekbom");
        assert_eq!(ascii("漢"), "?");
        assert!(matches!(ascii("plain"), Cow::Borrowed("plain")));
    }

    #[test]
    fn wrap_breaks_on_words_by_display_width() {
        assert_eq!(wrap("the quick brown fox", 9), ["the quick", "brown fox"]);
        // Each of these CJK characters is two columns wide.
        assert_eq!(wrap("日本語 日本語", 7), ["日本語", "日本語"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("a\n\nb", 10), ["a", "", "b"]);
        // A combining accent adds no width.
        assert_eq!(wrap("cafe\u{301} au lait", 8), ["cafe\u{301} au", "lait"]);
    }

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(sanitize("Ferritin 45 µg/L"), Cow::Borrowed(_)));
    }

    #[test]
    fn escape_sequences_become_visible() {
        let title = "\x1b]0;pwned\x07Title";
        assert_eq!(sanitize(title), "␛]0;pwned␇Title");
        assert!(!sanitize(title).contains('\x1b'));
    }

    #[test]
    fn c1_bidi_and_zero_width_are_spelled_out() {
        assert_eq!(sanitize("a\u{9b}b"), "a<U+009B>b");
        assert_eq!(sanitize("\u{202e}051"), "<U+202E>051");
        assert_eq!(sanitize("a\u{200b}b"), "a<U+200B>b");
    }

    #[test]
    fn newlines_kept_only_where_asked() {
        assert_eq!(sanitize("a\nb"), "a\nb");
        assert_eq!(sanitize_line("a\nb"), "a␊b");
        assert_eq!(sanitize("a\tb"), "a b");
        assert_eq!(sanitize("a\0b\x7f"), "a␀b␡");
    }
}
