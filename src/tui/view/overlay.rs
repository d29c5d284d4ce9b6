//! Boxes over the screen: all keys, a question's help, and "quit?".

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{Needed, hanging, panel};
use crate::text::width;
use crate::tui::app::{App, Overlay};
use crate::tui::keys;

const MAX_WIDTH: u16 = 72;

fn keys_lines(app: &App, inner: usize) -> Vec<Line<'static>> {
    let theme = app.theme();
    let symbols = theme.symbols();
    let hints = keys::hints(
        app.screen_key_context(),
        symbols.up_down,
        symbols.left_right,
    );
    let key_width = hints
        .iter()
        .map(|h| width(&h.keys))
        .max()
        .unwrap_or(0)
        .min(inner / 3);
    let mut lines = Vec::new();
    for hint in hints {
        let pad = key_width.saturating_sub(width(&hint.keys));
        lines.extend(hanging(
            vec![
                Span::styled(hint.keys, theme.key()),
                Span::raw(" ".repeat(pad + 2)),
            ],
            hint.long,
            theme.plain(),
            inner,
        ));
    }
    lines.push(Line::default());
    lines.push(Line::styled("Any key closes this.", theme.quiet()));
    lines
}

fn help_lines(app: &App, inner: usize) -> Vec<Line<'static>> {
    let theme = app.theme();
    let q = app.questionnaire();
    let mut lines = Vec::new();
    if let Some(item) = app.current_item().and_then(|i| q.items.get(i)) {
        lines.extend(hanging(vec![], &item.text, theme.title(), inner));
        lines.push(Line::default());
        let mut any = false;
        if let Some(help) = &item.help {
            lines.extend(hanging(vec![], help, theme.plain(), inner));
            any = true;
        }
        for option in item.kind.options() {
            if let Some(help) = &option.help {
                lines.extend(hanging(
                    vec![],
                    &format!("{}: {help}", option.label),
                    theme.plain(),
                    inner,
                ));
                any = true;
            }
        }
        if !any {
            lines.push(Line::raw("There is no extra help for this question."));
        }
    }
    lines.push(Line::default());
    lines.push(Line::styled("Any key closes this.", theme.quiet()));
    lines
}

fn quit_lines(app: &App, inner: usize) -> Vec<Line<'static>> {
    let theme = app.theme();
    let separator = theme.symbols().separator;
    let mut lines = hanging(
        vec![],
        "Quit now? The answers given so far will be lost.",
        theme.title(),
        inner,
    );
    lines.push(Line::default());
    lines.push(Line::from(vec![
        Span::styled("y", theme.key()),
        Span::raw(" quit"),
        Span::styled(separator, theme.quiet()),
        Span::styled("n", theme.key()),
        Span::raw(" keep going"),
    ]));
    lines
}

pub fn render(app: &App, overlay: Overlay, frame: &mut Frame, area: Rect) -> Result<(), Needed> {
    let theme = app.theme();
    let outer = area.width.saturating_sub(4).min(MAX_WIDTH);
    // Borders and a column of margin either side.
    let inner = outer.saturating_sub(4) as usize;
    let (title, lines) = match overlay {
        Overlay::Keys => ("Keys", keys_lines(app, inner)),
        Overlay::Help => ("Help", help_lines(app, inner)),
        Overlay::ConfirmQuit => ("Quit?", quit_lines(app, inner)),
    };
    let height = lines.len() as u16 + 4;
    if height > area.height {
        return Err(Needed {
            width: area.width,
            height,
        });
    }
    let rect = Rect {
        x: area.x + (area.width - outer) / 2,
        y: area.y + (area.height - height) / 2,
        width: outer,
        height,
    };
    frame.render_widget(Clear, rect);
    frame.render_widget(
        panel(theme, title.into()).border_style(theme.focused_border()),
        rect,
    );
    let text = Rect {
        x: rect.x + 2,
        y: rect.y + 2,
        width: rect.width.saturating_sub(4),
        height: rect.height.saturating_sub(4),
    };
    frame.render_widget(Paragraph::new(lines), text);
    Ok(())
}
