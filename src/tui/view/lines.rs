//! Lines of text drawn one to a row, as `Paragraph::new(lines)` draws them
//! (no wrapping, no scrolling, cut at the right edge), with a short way for
//! printable ASCII.
//!
//! Every screen is made of lines laid out beforehand, and most of their
//! text is printable ASCII. A paragraph splits every span into grapheme
//! clusters and measures each one: on the welcome screen that was a
//! quarter of the instructions of drawing a frame. A printable ASCII
//! character is one cluster one cell wide, so such a span is written a
//! byte to a cell; any other span goes through the buffer's own string
//! writer, which splits and measures it; a line aligned other than to the
//! left is drawn by a paragraph.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

/// The widget: `Paragraph::new(lines)`, drawn faster.
pub struct Lines<'a>(pub Vec<Line<'a>>);

impl<'a> From<Vec<Line<'a>>> for Lines<'a> {
    fn from(lines: Vec<Line<'a>>) -> Self {
        Lines(lines)
    }
}

impl<'a> From<Line<'a>> for Lines<'a> {
    fn from(line: Line<'a>) -> Self {
        Lines(vec![line])
    }
}

impl Widget for Lines<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        for (y, line) in (area.top()..area.bottom()).zip(self.0) {
            let row = Rect {
                y,
                height: 1,
                ..area
            };
            if matches!(line.alignment, None | Some(Alignment::Left)) {
                left_aligned(&line, row, buf);
            } else {
                Paragraph::new(line).render(row, buf);
            }
        }
    }
}

/// One line from the left of `row`, cut at its right edge.
fn left_aligned(line: &Line<'_>, row: Rect, buf: &mut Buffer) {
    let mut x = row.left();
    for span in &line.spans {
        if x >= row.right() {
            return;
        }
        let style = line.style.patch(span.style);
        let text = span.content.as_ref();
        if text.bytes().all(|b| b.is_ascii_graphic() || b == b' ') {
            let room = usize::from(row.right() - x);
            for byte in text.bytes().take(room) {
                buf[(x, row.y)].set_char(char::from(byte)).set_style(style);
                x += 1;
            }
        } else {
            let room = usize::from(row.right() - x);
            x = buf.set_stringn(x, row.y, text, room, style).0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Color, Modifier, Style};
    use ratatui::text::Span;

    /// Both widgets into buffers of the same size, compared cell by cell.
    fn same_as_paragraph(lines: Vec<Line<'static>>, width: u16, height: u16) {
        let area = Rect::new(0, 0, width, height);
        let (mut ours, mut theirs) = (Buffer::empty(area), Buffer::empty(area));
        // Drawn over something, as the frame before left it.
        for buf in [&mut ours, &mut theirs] {
            buf.set_string(
                0,
                0,
                "x".repeat(width as usize),
                Style::new().fg(Color::Red),
            );
        }
        Lines(lines.clone()).render(area, &mut ours);
        Paragraph::new(lines.clone()).render(area, &mut theirs);
        assert_eq!(ours, theirs, "{lines:?} at {width}x{height}");
    }

    #[test]
    fn draws_what_a_paragraph_draws() {
        let quiet = Style::new().fg(Color::DarkGray);
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let lines = vec![
            Line::from(vec![
                Span::styled("▸ ", bold),
                Span::raw("○ 1  Yes, "),
                Span::styled("in the legs", quiet),
            ]),
            Line::styled("A whole line in one style", quiet),
            Line::default(),
            Line::from("wide: 日本語 and é, then ASCII"),
            Line::from(vec![Span::raw("tab\tand"), Span::raw(" control \u{7}")]),
            Line::from("right").right_aligned(),
            Line::from("centred").centered(),
            Line::from(vec![
                Span::raw("zero\u{200b}width"),
                Span::styled(" e\u{301}", bold),
            ]),
        ];
        for width in [1, 3, 8, 12, 30, 80] {
            for height in [1, 4, 8, 10] {
                same_as_paragraph(lines.clone(), width, height);
            }
        }
    }
}
