//! The result, written from the same `Report` as every saved format, so
//! the screen and the files cannot disagree. It scrolls.
//!
//! ```text
//!  restless · Result                                   Restless legs screening
//! ┌ Result ───────────────────────────────────────────────────────────────────┐
//! │ ▸ RLS criteria: Met                                                       │
//! │   The answers fit the five essential criteria for restless legs syndrome. │
//! │   Course: Chronic-persistent (2 or more times a week over the past year)  │
//! │                                                                           │
//! │ Criteria  ✓ ✓ ✓ ✓ ✓  5 of 5 met                                           │
//! │   ✓ C1 Urge to move the legs                                              │
//! │ Impact on daily life                                                      │
//! │   ▓▓▓▓▓▓▓▓░░░░░░░░░░░░  8 of 18                                           │
//! │                                                                           │
//! │ Tests to request                                                          │
//! │ ● RECOMMENDED  Iron studies: serum ferritin, serum iron, TIBC and TSAT    │
//! │     why   RLS criteria met and clinically significant.                    │
//! └─────────────────────────────────────────────────────────── lines 1-18 of 60 ┘
//!  ↑↓ scroll · r review · ? keys · q quit
//! ```

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::{Needed, scrolled_panel_with, scrolling_screen};
use crate::report::Audience;
use crate::tui::app::{App, ResultsScreen};
use crate::tui::layout::results::{Row, Tone};
use crate::tui::theme::Theme;

pub use crate::tui::layout::results::{text_width, viewport_height};

/// A line of the result in the theme's styles.
fn styled(theme: Theme, row: &Row) -> Line<'static> {
    match row {
        Row::Styled(text, tone) => Line::styled(text.clone(), style(theme, *tone)),
        Row::Pieces(pieces) => Line::from(
            pieces
                .iter()
                .map(|(text, tone)| match tone {
                    Tone::Raw => Span::raw(text.clone()),
                    tone => Span::styled(text.clone(), style(theme, *tone)),
                })
                .collect::<Vec<_>>(),
        ),
    }
}

fn style(theme: Theme, tone: Tone) -> Style {
    match tone {
        Tone::Raw => Style::default(),
        Tone::Plain => theme.plain(),
        Tone::Quiet => theme.quiet(),
        Tone::Title => theme.title(),
        Tone::Cursor => theme.cursor(),
        Tone::Met => theme.met(),
        Tone::NotMet => theme.not_met(),
        Tone::Recommended => theme.recommended(),
        Tone::Consider => theme.consider(),
        Tone::Gauge => theme.gauge(),
    }
}

pub fn render(
    app: &App,
    results: &ResultsScreen,
    frame: &mut Frame,
    area: Rect,
) -> Result<(), Needed> {
    let theme = app.theme();
    let title = vec![Span::styled(
        format!("{} ", app.questionnaire().title),
        theme.quiet(),
    )];
    let rows = scrolling_screen(app, "Result", title, false, frame, area)?;
    let inner = text_width(area.width);
    let all = app.result_rows(inner);
    let view = match app.audience() {
        Audience::Clinician => "Result: clinician view (v: patient view)",
        Audience::Patient => "Result: patient view (v: clinician view)",
    };
    let panel = match app.opened() {
        Some(_) => format!("{view}, read-only"),
        None => view.to_string(),
    };
    scrolled_panel_with(
        theme,
        &panel,
        &all,
        results.scroll,
        2,
        rows.body,
        frame,
        |_, row| styled(theme, row),
    );
    Ok(())
}
