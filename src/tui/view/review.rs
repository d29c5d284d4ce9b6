//! Every answer that counts, by section, before scoring.
//!
//! ```text
//!  restless · Review your answers                    24 answered · 1 to answer
//! ┌ Review ───────────────────────────────────────────────────────────────────┐
//! │ About you                                                                 │
//! │▸ How old are you? ······································ 45               │
//! │  What sex were you given at birth? ···················· Female            │
//! │ Leg feelings                                                              │
//! │  Does it start, or get worse, when you are resting? ··· ✗ needs an answer │
//! │                                                                           │
//! │  [ Show the result ]                                                      │
//! └────────────────────────────────────────────────────────── lines 1-9 of 9 ┘
//!  1 question still needs an answer (marked ✗). Enter answers it.
//!  ↑↓ move · Enter change · r result · Shift-Tab back · ? keys · q quit
//! ```

use super::Lines;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{Needed, scrolled_panel_with, scrolling_screen, truncate};
use crate::tui::app::{App, ReviewScreen, ReviewTarget};
use crate::tui::layout::review::{Answered, Row};

pub use crate::tui::layout::review::{text_width, viewport_height};

/// A line of the review as it is drawn: the selected target's question
/// (or button) in the cursor style, with the pointer on its first line.
fn styled(app: &App, row: &Row, selected: ReviewTarget) -> Line<'static> {
    let theme = app.theme();
    let symbols = theme.symbols();
    let at = row.target() == Some(selected);
    match row {
        Row::Blank => Line::default(),
        Row::Section(title) => Line::from(vec![
            Span::raw(" "),
            Span::styled(title.clone(), theme.title()),
        ]),
        Row::Item {
            first,
            question,
            filler,
            answer,
            answered,
            ..
        } => {
            let answer_style = match answered {
                Answered::Given => theme.plain(),
                Answered::Missing => theme.error(),
                Answered::Skipped => theme.quiet(),
            };
            let pointer = if at && *first { symbols.pointer } else { " " };
            let question_style = if at { theme.cursor() } else { theme.plain() };
            Line::from(vec![
                Span::styled(pointer, theme.cursor()),
                Span::raw(" "),
                Span::styled(question.clone(), question_style),
                Span::styled(filler.clone(), theme.quiet()),
                Span::raw(" "),
                Span::styled(answer.clone(), answer_style),
            ])
        }
        Row::ShowResult => Line::from(vec![
            Span::styled(if at { symbols.pointer } else { " " }, theme.cursor()),
            Span::raw(" "),
            Span::styled(
                "[ Show the result ]",
                if at { theme.cursor() } else { theme.title() },
            ),
        ]),
    }
}

pub fn render(
    app: &App,
    review: &ReviewScreen,
    frame: &mut Frame,
    area: Rect,
) -> Result<(), Needed> {
    let theme = app.theme();
    let symbols = theme.symbols();
    let width = area.width as usize;
    let progress = app.progress();
    let missing = app.missing().len();
    let summary = if missing == 0 {
        format!("{} answered ", progress.answered)
    } else {
        format!(
            "{} answered{}{missing} to answer ",
            progress.answered, symbols.separator
        )
    };
    let title = match app.opened() {
        Some(_) => "Review (read-only; e: new screening from these answers)",
        None => "Review your answers",
    };
    let rows = scrolling_screen(app, title, vec![Span::raw(summary)], true, frame, area)?;
    let inner = text_width(area.width);
    let all = app.review_rows(inner);
    scrolled_panel_with(
        theme,
        "Review",
        &all,
        review.scroll,
        1,
        rows.body,
        frame,
        |_, row| styled(app, row, review.selected),
    );

    let status_line = match &review.message {
        Some(message) => Line::from(vec![
            Span::raw(" "),
            Span::styled(
                truncate(message, width.saturating_sub(2), symbols.ellipsis),
                theme.error(),
            ),
        ]),
        None if missing > 0 => Line::styled(
            truncate(
                &format!(
                    " Questions marked {} need an answer before the result.",
                    symbols.not_met
                ),
                width,
                symbols.ellipsis,
            ),
            theme.quiet(),
        ),
        None => Line::styled(
            truncate(
                " Enter on an answer changes it; r shows the result.",
                width,
                symbols.ellipsis,
            ),
            theme.quiet(),
        ),
    };
    frame.render_widget(Lines::from(status_line), rows.status);
    Ok(())
}
