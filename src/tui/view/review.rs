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

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Needed, content_area_for, scrolled_panel_with, scrolling_screen, truncate};
use crate::report::display_answer;
use crate::text::{width, wrap};
use crate::tui::app::{App, ReviewScreen, ReviewTarget, Screen};

pub use crate::tui::layout::review::{text_width, viewport_height};

/// Every line of the review, with the target it belongs to, none of them
/// selected: [`highlight`] marks the selected one when it is drawn.
fn lines(app: &App, inner: usize) -> Vec<(Line<'static>, Option<ReviewTarget>)> {
    let selected = None;
    let theme = app.theme();
    let symbols = theme.symbols();
    let q = app.questionnaire();
    let applicable = app.applicable();
    // As wide as the longest answer, up to a third of the line.
    let longest = (0..q.items.len())
        .filter(|&i| applicable[i])
        .filter_map(|i| {
            app.answers()
                .get(i)
                .map(|a| width(&display_answer(q, i, a)))
        })
        .max()
        .unwrap_or(0)
        .max(width("✗ needs an answer"));
    let answer_width = longest.clamp(12, (inner / 3).max(12));
    let question_width = inner.saturating_sub(answer_width + 3).max(8);
    let mut out: Vec<(Line<'static>, Option<ReviewTarget>)> = Vec::new();
    for section in &q.sections {
        let items: Vec<usize> = section.items.clone().filter(|&i| applicable[i]).collect();
        if items.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push((Line::default(), None));
        }
        out.push((
            Line::from(vec![
                Span::raw(" "),
                Span::styled(section.title.clone(), theme.title()),
            ]),
            None,
        ));
        for i in items {
            let target = ReviewTarget::Item(i);
            let at = Some(target) == selected;
            let item = &q.items[i];
            let (answer, answer_style) = match app.answers().get(i) {
                Some(answer) => (display_answer(q, i, answer), theme.plain()),
                None if item.required => (
                    format!("{} needs an answer", symbols.not_met),
                    theme.error(),
                ),
                None => ("skipped".to_string(), theme.quiet()),
            };
            let question_lines = wrap(&item.text, question_width);
            let answer_lines = wrap(&answer, answer_width);
            let last_question = question_lines.len() - 1;
            let rows = question_lines.len().max(last_question + answer_lines.len());
            let question_style = if at { theme.cursor() } else { theme.plain() };
            for row in 0..rows {
                let pointer = if at && row == 0 { symbols.pointer } else { " " };
                let text = question_lines.get(row).cloned().unwrap_or_default();
                let pad = question_width.saturating_sub(width(&text));
                let filler = if row == last_question && pad >= 2 {
                    format!(" {}", symbols.leader.repeat(pad - 1))
                } else {
                    " ".repeat(pad)
                };
                let answer_part = row
                    .checked_sub(last_question)
                    .and_then(|k| answer_lines.get(k))
                    .cloned()
                    .unwrap_or_default();
                out.push((
                    Line::from(vec![
                        Span::styled(pointer, theme.cursor()),
                        Span::raw(" "),
                        Span::styled(text, question_style),
                        Span::styled(filler, theme.quiet()),
                        Span::raw(" "),
                        Span::styled(answer_part, answer_style),
                    ]),
                    Some(target),
                ));
            }
        }
    }
    out.push((Line::default(), None));
    let at = selected == Some(ReviewTarget::ShowResult);
    out.push((
        Line::from(vec![
            Span::styled(if at { symbols.pointer } else { " " }, theme.cursor()),
            Span::raw(" "),
            Span::styled(
                "[ Show the result ]",
                if at { theme.cursor() } else { theme.title() },
            ),
        ]),
        Some(ReviewTarget::ShowResult),
    ));
    out
}

/// The review's lines for `inner` columns, laid out once per width.
fn laid_out(
    app: &App,
    review: &ReviewScreen,
    inner: usize,
) -> std::rc::Rc<[(Line<'static>, Option<ReviewTarget>)]> {
    review.layout.get(inner, || lines(app, inner))
}

/// Marks a line of the selected target as [`lines`] would have, had it
/// been built selected: the pointer on its first row, the question (or
/// the button) in the cursor style.
fn highlight(app: &App, line: &mut Line<'static>, first_row: bool) {
    let theme = app.theme();
    if first_row && let Some(pointer) = line.spans.get_mut(0) {
        *pointer = Span::styled(theme.symbols().pointer, theme.cursor());
    }
    if let Some(text) = line.spans.get_mut(2) {
        text.style = theme.cursor();
    }
}

/// The lines `target` takes: first, and one past the last.
pub fn target_span(app: &App, target: ReviewTarget) -> Option<(usize, usize)> {
    let Screen::Review(review) = app.screen() else {
        return None;
    };
    let inner = text_width(content_area_for(app.size()).width);
    let all = laid_out(app, review, inner);
    let first = all.iter().position(|(_, t)| *t == Some(target))?;
    let count = all[first..]
        .iter()
        .take_while(|(_, t)| *t == Some(target))
        .count();
    // The section title (and blank line) just above belong with it, so
    // scrolling up to the first answer of a section shows its title.
    let context = all[..first]
        .iter()
        .rev()
        .take_while(|(_, t)| t.is_none())
        .count();
    Some((first - context, first + count))
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
    let rows = scrolling_screen(
        app,
        "Review your answers",
        vec![Span::raw(summary)],
        true,
        frame,
        area,
    )?;
    let inner = text_width(area.width);
    let all = laid_out(app, review, inner);
    let first_selected = all
        .iter()
        .position(|(_, target)| *target == Some(review.selected));
    scrolled_panel_with(
        theme,
        "Review",
        &all,
        review.scroll,
        1,
        rows.body,
        frame,
        |index, (line, target)| {
            let mut line = line.clone();
            if *target == Some(review.selected) {
                highlight(app, &mut line, Some(index) == first_selected);
            }
            line
        },
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
    frame.render_widget(Paragraph::new(status_line), rows.status);
    Ok(())
}
