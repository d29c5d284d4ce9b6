//! The welcome screen: what this is, how long it takes, the disclaimer,
//! the identifier fields and how to answer.
//!
//! ```text
//! ┌ restless · Restless legs screening ─────────────────── version 1.0.0 ┐
//! │                                                                      │
//! │  This screening asks about feelings in your legs, ...                │
//! │  It takes about 5 to 8 minutes.                                      │
//! │                                                                      │
//! │  This is a screening aid, not a diagnosis. ...                       │
//! │                                                                      │
//! │▸ Patient identifier (optional)  [A-1042                  ]           │
//! │  Clinician (optional)           [                        ]           │
//! │    A chart or study number. ...                                      │
//! │                                                                      │
//! │  One question at a time: ↑↓ move, 1-9 pick, ...                      │
//! └──────────────────────────────────────────────────────────────────────┘
//!  Enter start · Tab next field · ←→ edit · F2 keys · Ctrl-C quit
//! ```

use super::Lines;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{Needed, cells, hanging, key_bar, panel, truncate};
use crate::text::width;
use crate::tui::app::App;

/// Borders, the two-column gutter, and one column of margin on the right.
const INSET: u16 = 5;

struct Layout {
    lines: Vec<Line<'static>>,
    /// Line and column of the text cursor, inside the padding.
    cursor: Option<(usize, usize)>,
}

fn layout(app: &App, focus: usize, message: Option<&str>, inner: usize) -> Layout {
    let theme = app.theme();
    let symbols = theme.symbols();
    let q = app.questionnaire();
    // A gutter on the left holds the pointer of the focused field.
    let gutter = || vec![Span::raw("  ")];
    let full = inner + 2;
    let mut lines: Vec<Line<'static>> = vec![Line::default()];
    if let Some(description) = &q.description {
        lines.extend(hanging(gutter(), description, theme.plain(), full));
    }
    if let Some(minutes) = &q.minutes {
        let text = format!("It takes about {minutes} minutes.");
        lines.extend(hanging(gutter(), &text, theme.plain(), full));
    }
    if let Some(disclaimer) = &q.disclaimer {
        lines.push(Line::default());
        lines.extend(hanging(gutter(), disclaimer, theme.title(), full));
    }

    let cursor = if app.identifiers().is_empty() {
        None
    } else {
        identifier_fields(app, focus, message, inner, &mut lines)
    };

    lines.push(Line::default());
    let how = format!(
        "One question at a time: {} move, 1-9 pick, Space ticks, Enter goes on, Shift-Tab goes back, h shows the help of a question, ? shows all keys. Press Enter to start.",
        symbols.up_down
    );
    lines.extend(hanging(gutter(), &how, theme.quiet(), full));
    Layout { lines, cursor }
}

/// The identifier fields, each with its label beside it or above it, and
/// their help and message; returns where the text cursor goes.
fn identifier_fields(
    app: &App,
    focus: usize,
    message: Option<&str>,
    inner: usize,
    lines: &mut Vec<Line<'static>>,
) -> Option<(usize, usize)> {
    let theme = app.theme();
    let symbols = theme.symbols();
    let q = app.questionnaire();
    let gutter = || vec![Span::raw("  ")];
    let full = inner + 2;
    let fields = app.identifiers();
    let mut cursor = None;
    lines.push(Line::default());
    // Identifier fields are never required; the label says so.
    let labels: Vec<String> = q
        .identifiers
        .iter()
        .map(|f| format!("{} (optional)", f.label))
        .collect();
    let label_width = labels
        .iter()
        .map(|l| width(l))
        .max()
        .unwrap_or(0)
        .min(inner / 2)
        + 2;
    // Room for the text between the brackets when the label is beside
    // the field; too little, and the field goes under its label.
    let beside = inner.saturating_sub(label_width + 2);
    // One width for every field, so that the brackets line up.
    let longest = q
        .identifiers
        .iter()
        .map(|f| f.max_length + 1)
        .max()
        .unwrap_or(1);
    for (i, (field, label)) in fields.iter().zip(&labels).enumerate() {
        let focused = i == focus;
        let pointer = if focused { symbols.pointer } else { " " };
        let label_style = if focused {
            theme.cursor()
        } else {
            theme.plain()
        };
        let bracket = if focused {
            theme.focused_border()
        } else {
            theme.border()
        };
        let mut spans = vec![Span::styled(format!("{pointer} "), theme.cursor())];
        let (bracket_col, room) = if beside >= 12 {
            let label = truncate(label, label_width - 2, symbols.ellipsis);
            let gap = label_width - width(&label);
            spans.push(Span::styled(label, label_style));
            spans.push(Span::raw(" ".repeat(gap)));
            (2 + label_width, beside)
        } else {
            let label = truncate(label, inner, symbols.ellipsis);
            spans.push(Span::styled(label, label_style));
            lines.push(Line::from(std::mem::replace(&mut spans, gutter())));
            (2, inner.saturating_sub(2))
        };
        let field_width = longest.min(room).max(1);
        let (shown, cursor_col) = field.window(field_width);
        let pad = field_width.saturating_sub(width(&shown));
        spans.push(Span::styled("[", bracket));
        spans.push(Span::raw(format!("{shown}{}", " ".repeat(pad))));
        spans.push(Span::styled("]", bracket));
        if focused {
            cursor = Some((lines.len(), bracket_col + 1 + cursor_col));
        }
        lines.push(Line::from(spans));
    }
    // As many lines as the longest help, whichever field has the focus:
    // moving between fields then leaves the screen where it is, and only
    // the pointer, the brackets and the help are drawn again.
    let help_lines = |help: &str| hanging(vec![Span::raw("    ")], help, theme.quiet(), full);
    let room = q
        .identifiers
        .iter()
        .filter_map(|f| f.help.as_deref())
        .map(|help| help_lines(help).len())
        .max()
        .unwrap_or(0);
    let help = q
        .identifiers
        .get(focus)
        .and_then(|f| f.help.as_deref())
        .map(help_lines)
        .unwrap_or_default();
    let blank = room.saturating_sub(help.len());
    lines.extend(help);
    lines.extend(std::iter::repeat_n(Line::default(), blank));
    if let Some(message) = message {
        lines.extend(hanging(
            vec![Span::styled(
                format!("  {} ", symbols.not_met),
                theme.error(),
            )],
            message,
            theme.error(),
            full,
        ));
    }

    cursor
}

pub fn needed_height(app: &App, focus: usize, message: Option<&str>, area: Rect) -> u16 {
    let inner = area.width.saturating_sub(INSET) as usize;
    // The block's borders and the key bar.
    cells(layout(app, focus, message, inner).lines.len()).saturating_add(3)
}

pub fn render(
    app: &App,
    focus: usize,
    message: Option<&str>,
    frame: &mut Frame,
    area: Rect,
) -> Result<(), Needed> {
    let inner = area.width.saturating_sub(INSET) as usize;
    let Layout { lines, cursor } = layout(app, focus, message, inner);
    let height = cells(lines.len()).saturating_add(3);
    if height > area.height {
        return Err(Needed {
            width: area.width,
            height,
        });
    }
    let theme = app.theme();
    let q = app.questionnaire();
    let block = panel(
        theme,
        format!("restless{}{}", theme.symbols().separator, q.title),
    )
    .title(Line::styled(format!(" version {} ", q.version), theme.quiet()).right_aligned());
    // As tall as its text, and in the middle of a tall window.
    let top = area.y + (area.height - height) / 2;
    let body = Rect {
        y: top,
        height: height - 1,
        ..area
    };
    // Inside the border: the gutter and the text; the margin is left out.
    let text_area = Rect {
        x: body.x + 1,
        y: body.y + 1,
        width: body.width.saturating_sub(3),
        height: body.height.saturating_sub(2),
    };
    frame.render_widget(block, body);
    frame.render_widget(Lines::from(lines), text_area);
    if let Some((line, col)) = cursor
        && app.overlay().is_none()
    {
        frame.set_cursor_position((text_area.x + col as u16, text_area.y + line as u16));
    }
    let bar = Rect {
        y: top + height - 1,
        height: 1,
        ..area
    };
    frame.render_widget(Lines::from(key_bar(app, area.width as usize)), bar);
    Ok(())
}
