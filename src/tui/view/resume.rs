//! The unfinished screenings found at start, one of which can be continued.
//!
//! ```text
//!  restless · Unfinished screenings                                  2 drafts
//! ┌ Continue a screening? ───────────────────────────────────────────────────┐
//! │▸ 2026-11-21 14:03 · Restless legs screening · 23 answers                 │
//! │  2026-11-20 09:12 · Restless legs screening · 4 answers                  │
//! └───────────────────────────────────────────────────────────────────────────┘
//!  Enter resume · d delete · n new · q quit
//! ```
//!
//! No identifier and no answer is shown: whoever opens a draft types its
//! patient identifier (and the PIN, when one is set) first.

use super::Lines;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{Needed, hanging, panel, scrolling_screen, truncate};
use crate::tui::app::{App, Asking, ResumeCheck, ResumeScreen};

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
        "These screenings were not finished. Continue one, or start a new screening; drafts stay until they are saved, deleted or expire.",
        theme.quiet(),
        inner,
    );
    lines.push(Line::default());
    let first = resume
        .selected
        .saturating_sub(viewport.saturating_sub(lines.len()).saturating_sub(1));
    let title = &app.questionnaire().title;
    for (i, entry) in resume.drafts.iter().enumerate().skip(first) {
        let what = match &entry.content {
            Ok(_) => format!(
                "{} answer{}",
                entry.answered(),
                if entry.answered() == 1 { "" } else { "s" }
            ),
            Err(_) => "cannot be read".to_string(),
        };
        let text = format!(
            "{}{}{title}{}{what}",
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
    if let Some(check) = &resume.check {
        lines.push(Line::default());
        lines.extend(check_lines(app, check, inner));
    }
    frame.render_widget(Lines::from(lines), text_area);
    let message = resume
        .check
        .as_ref()
        .and_then(|check| check.message.as_ref())
        .or(resume.message.as_ref());
    if let Some(message) = message {
        frame.render_widget(
            Lines::from(Line::styled(
                truncate(&format!(" {message}"), width, symbols.ellipsis),
                theme.error(),
            )),
            rows.status,
        );
    }
    Ok(())
}

/// The question asked before the highlighted draft opens, and the field
/// the answer is typed into (a PIN shows as dots).
fn check_lines(app: &App, check: &ResumeCheck, inner: usize) -> Vec<Line<'static>> {
    let theme = app.theme();
    let symbols = theme.symbols();
    let question = match &check.asking {
        Asking::Pin => "To continue this screening, type the clinician PIN:".to_string(),
        Asking::Identifier(label) => format!(
            "To continue this screening, type its {}:",
            label.to_lowercase()
        ),
    };
    let mut lines = hanging(vec![Span::raw(" ")], &question, theme.plain(), inner);
    let shown = match check.asking {
        Asking::Pin => (if theme.unicode { "•" } else { "*" }).repeat(check.field.char_count()),
        Asking::Identifier(_) => check.field.text().to_string(),
    };
    lines.push(Line::from(vec![
        Span::raw("   "),
        Span::styled("[", theme.quiet()),
        Span::raw(truncate(&shown, inner.saturating_sub(6), symbols.ellipsis)),
        Span::styled(" ", theme.cursor()),
        Span::styled("]", theme.quiet()),
    ]));
    lines
}
