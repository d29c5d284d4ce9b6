//! An editable line of text: what the person types into identifier fields,
//! numbers and free-text answers.
//!
//! The cursor moves over whole characters as the eye sees them: a base
//! character together with the combining marks that follow it. Widths are
//! display columns (`unicode-width`), so wide CJK characters take two
//! columns and accents none.

use unicode_width::UnicodeWidthChar;

use crate::text::sanitize_line;

/// The most a field reserves at once; a longer text (a pasted page in a
/// free-text answer) grows as it needs.
const MAX_RESERVED_BYTES: usize = 16 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextField {
    text: String,
    /// A byte offset into `text`, always at the start of a character group.
    cursor: usize,
    max_chars: usize,
}

/// What was typed is overwritten when the field goes (the next patient, a
/// closed box, the end of the program), so no copy stays in memory.
impl Drop for TextField {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.text);
    }
}

/// Typed or pasted text that did not all fit under the field's limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Full {
    pub max_chars: usize,
}

fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// The byte ranges of each base character with its combining marks.
fn groups(text: &str) -> Vec<(usize, usize, usize)> {
    let mut out: Vec<(usize, usize, usize)> = Vec::new();
    for (at, c) in text.char_indices() {
        let width = char_width(c);
        let end = at + c.len_utf8();
        match out.last_mut() {
            Some(last) if width == 0 => {
                last.1 = end;
            }
            _ => out.push((at, end, width)),
        }
    }
    out
}

impl TextField {
    pub fn new(max_chars: usize) -> Self {
        TextField {
            // Room for the whole field up front, so that typing never moves
            // the text and leaves a copy behind in freed memory.
            text: String::with_capacity(max_chars.saturating_mul(4).min(MAX_RESERVED_BYTES)),
            cursor: 0,
            max_chars,
        }
    }

    /// A field holding `text` (already clean: it came from an answer), with
    /// the cursor at its end.
    pub fn with_text(text: &str, max_chars: usize) -> Self {
        let mut field = TextField::new(max_chars);
        field.text.push_str(text);
        field.cursor = field.text.len();
        field
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    pub fn max_chars(&self) -> usize {
        self.max_chars
    }

    pub fn char_count(&self) -> usize {
        self.text.chars().count()
    }

    /// Inserts typed or pasted text at the cursor. Control characters and
    /// escape sequences are made visible here, as they arrive, so nothing a
    /// person pastes can reach the terminal raw. Line breaks become spaces:
    /// the field holds one line.
    pub fn insert(&mut self, typed: &str) -> Result<(), Full> {
        let flat: String = typed
            .replace("\r\n", " ")
            .chars()
            .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
            .collect();
        let clean = sanitize_line(&flat);
        let room = self.max_chars.saturating_sub(self.char_count());
        let fitting: String = clean.chars().take(room).collect();
        self.text.insert_str(self.cursor, &fitting);
        self.cursor += fitting.len();
        // An inserted combining mark belongs to the character before it.
        self.cursor = self.snap(self.cursor);
        if fitting.chars().count() < clean.chars().count() {
            Err(Full {
                max_chars: self.max_chars,
            })
        } else {
            Ok(())
        }
    }

    /// The nearest group boundary at or after `at`.
    fn snap(&self, at: usize) -> usize {
        groups(&self.text)
            .iter()
            .map(|g| g.0)
            .chain(std::iter::once(self.text.len()))
            .find(|&start| start >= at)
            .unwrap_or(self.text.len())
    }

    fn group_before(&self) -> Option<(usize, usize)> {
        groups(&self.text)
            .into_iter()
            .rev()
            .find(|g| g.0 < self.cursor)
            .map(|g| (g.0, g.1))
    }

    fn group_at(&self) -> Option<(usize, usize)> {
        groups(&self.text)
            .into_iter()
            .find(|g| g.0 == self.cursor)
            .map(|g| (g.0, g.1))
    }

    pub fn delete_back(&mut self) {
        if let Some((start, end)) = self.group_before() {
            self.text.replace_range(start..end, "");
            self.cursor = start;
        }
    }

    pub fn delete_forward(&mut self) {
        if let Some((start, end)) = self.group_at() {
            self.text.replace_range(start..end, "");
        }
    }

    pub fn left(&mut self) {
        if let Some((start, _)) = self.group_before() {
            self.cursor = start;
        }
    }

    pub fn right(&mut self) {
        if let Some((_, end)) = self.group_at() {
            self.cursor = end;
        }
    }

    pub fn home(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.text.len();
    }

    /// The text broken into rows of at most `width` columns (by character,
    /// as an editor does, not by word), and the cursor's row and column.
    pub fn rows(&self, width: usize) -> (Vec<String>, (usize, usize)) {
        let width = width.max(2);
        let mut rows = vec![String::new()];
        let mut col = 0;
        let mut cursor = None;
        for (start, end, w) in groups(&self.text) {
            if col + w > width {
                rows.push(String::new());
                col = 0;
            }
            if start == self.cursor {
                cursor = Some((rows.len() - 1, col));
            }
            if let Some(row) = rows.last_mut() {
                row.push_str(&self.text[start..end]);
            }
            col += w;
        }
        let cursor = cursor.unwrap_or(if col >= width {
            (rows.len(), 0)
        } else {
            (rows.len() - 1, col)
        });
        (rows, cursor)
    }

    /// The part of a one-line field that shows in `width` columns, scrolled
    /// so that the cursor stays visible, and the cursor's column in it.
    pub fn window(&self, width: usize) -> (String, usize) {
        let width = width.max(1);
        let all = groups(&self.text);
        let mut cursor_col = 0;
        let mut col = 0;
        for &(start, _, w) in &all {
            if start == self.cursor {
                cursor_col = col;
            }
            col += w;
        }
        if self.cursor >= self.text.len() {
            cursor_col = col;
        }
        let offset = cursor_col.saturating_sub(width - 1);
        let mut shown = String::new();
        let mut filled = offset;
        let mut col = 0;
        for (start, end, w) in all {
            if col >= offset && col + w <= offset + width {
                // A wide character cut by the left edge leaves a gap.
                shown.extend(std::iter::repeat_n(' ', col - filled));
                shown.push_str(&self.text[start..end]);
                filled = col + w;
            }
            col += w;
        }
        (shown, cursor_col - offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_at_the_cursor() {
        let mut field = TextField::new(20);
        field.insert("helo").unwrap();
        field.left();
        field.insert("l").unwrap();
        assert_eq!(field.text(), "hello");
        field.home();
        field.delete_forward();
        field.end();
        field.delete_back();
        assert_eq!(field.text(), "ell");
    }

    #[test]
    fn combining_marks_move_and_delete_with_their_letter() {
        let mut field = TextField::new(20);
        field.insert("cafe\u{301}!").unwrap();
        field.left();
        field.left();
        field.delete_back();
        assert_eq!(field.text(), "cae\u{301}!");
        field.right();
        field.delete_back();
        assert_eq!(field.text(), "ca!");
    }

    #[test]
    fn limit_counts_characters() {
        let mut field = TextField::new(3);
        assert_eq!(field.insert("日本語です"), Err(Full { max_chars: 3 }));
        assert_eq!(field.text(), "日本語");
    }

    #[test]
    fn escape_sequences_and_line_breaks_are_neutralised() {
        let mut field = TextField::new(40);
        field.insert("a\x1b[2Jb\nc").unwrap();
        assert_eq!(field.text(), "a␛[2Jb c");
    }

    #[test]
    fn wide_characters_wrap_and_scroll_by_columns() {
        let field = TextField::with_text("日本語日本", 10);
        let (rows, cursor) = field.rows(5);
        assert_eq!(rows, ["日本", "語日", "本"]);
        assert_eq!(cursor, (2, 2));
        let (shown, col) = field.window(6);
        // Scrolled so the cursor at the end is visible; the character cut
        // by the left edge is left out.
        assert_eq!(shown, " 日本");
        assert_eq!(col, 5);
    }
}
