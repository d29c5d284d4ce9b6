//! The unfinished screenings found at start, one of which can be continued.
//!
//! ```text
//!  restless · Unfinished screenings                                  2 drafts
//! ┌ Continue a screening? ───────────────────────────────────────────────────┐
//! │▸ 2026-11-21 14:03 · A-1042 · 23 answers                                  │
//! │  2026-11-20 09:12 · no identifier · 4 answers                            │
//! └───────────────────────────────────────────────────────────────────────────┘
//!  Enter resume · d delete · n new · q quit
//! ```

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Needed, hanging, panel, scrolling_screen, truncate};
use crate::tui::app::{App, ResumeScreen};

pub fn render(
    app: &App,
    resume: &ResumeScreen,
    frame: &mut Frame,
    area: Rect,
) -> Result<(), Needed> {
    let theme = app.theme();
    let symbols = theme.symbols();
    let width = area.width as usize;
    let count = resume.drafts.len();
    let summary = format!("{count} draft{} ", if count == 1 { "" } else { "s" });
    let rows = scrolling_screen(
        app,
        "Unfinished screenings",
        vec![Span::raw(summary)],
        true,
        frame,
        area,
    )?;
    let body = rows.body;
    frame.render_widget(panel(theme, "Continue a screening?".into()), body);
    let inner = body.width.saturating_sub(3) as usize;
    let viewport = body.height.saturating_sub(4) as usize;
    let mut lines = hanging(
        vec![Span::raw(" ")],
        "These screenings were not finished. Continue one, or start a new screening; drafts stay until they are saved or deleted.",
        theme.quiet(),
        inner,
    );
    lines.push(Line::default());
    let first = resume
        .selected
        .saturating_sub(viewport.saturating_sub(lines.len()).saturating_sub(1));
    for (i, entry) in resume.drafts.iter().enumerate().skip(first) {
        let who = if entry.identifier.is_empty() {
            "no identifier".to_string()
        } else {
            crate::text::sanitize_line(&entry.identifier).into_owned()
        };
        let what = match &entry.content {
            Ok(_) => format!(
                "{} answer{}",
                entry.answered(),
                if entry.answered() == 1 { "" } else { "s" }
            ),
            Err(_) => "cannot be read".to_string(),
        };
        let text = format!(
            "{}{}{who}{}{what}",
            entry.when, symbols.separator, symbols.separator
        );
        let pointer = if i == resume.selected {
            symbols.pointer
        } else {
            " "
        };
        let style = if i == resume.selected {
            theme.cursor()
        } else {
            theme.plain()
        };
        lines.push(Line::from(vec![
            Span::raw(" "),
            Span::styled(pointer.to_string(), theme.title()),
            Span::raw(" "),
            Span::styled(
                truncate(&text, inner.saturating_sub(3), symbols.ellipsis),
                style,
            ),
        ]));
    }
    let text_area = Rect {
        x: body.x + 1,
        y: body.y + 1,
        width: body.width.saturating_sub(3),
        height: body.height.saturating_sub(2),
    };
    frame.render_widget(Paragraph::new(lines), text_area);
    if let Some(message) = &resume.message {
        frame.render_widget(
            Paragraph::new(Line::styled(
                truncate(&format!(" {message}"), width, symbols.ellipsis),
                theme.error(),
            )),
            rows.status,
        );
    }
    Ok(())
}
