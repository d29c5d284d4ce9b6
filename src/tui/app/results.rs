//! The results screen: scrolling the result.

use super::{Action, App, LineCache, Screen};
use crate::report::Audience;
use crate::tui::layout;

#[derive(Debug, Clone, PartialEq)]
pub struct ResultsScreen {
    pub scroll: usize,
    /// Laid out per width and per state of the saving, which the result
    /// shows.
    pub layout: LineCache<(usize, Vec<std::path::PathBuf>, bool, Audience), layout::results::Row>,
}

impl App {
    /// The result's lines for `inner` columns, laid out again only when
    /// the width or the saving changed.
    pub fn result_rows(&self, inner: usize) -> std::rc::Rc<[layout::results::Row]> {
        let Screen::Results(results) = &self.screen else {
            return Vec::new().into();
        };
        let key = (inner, self.saved.clone(), self.has_unsaved(), self.audience);
        results.layout.get(key, || match self.report() {
            Some(report) => layout::results::rows(
                layout::results::Shown {
                    q: self.s.questionnaire(),
                    report,
                    symbols: self.theme.symbols(),
                    saved: &self.saved,
                    unsaved: self.has_unsaved(),
                    audience: self.audience,
                },
                inner,
            ),
            None => Vec::new(),
        })
    }

    /// How far the result can scroll in the terminal's size.
    pub(super) fn max_result_scroll(&self) -> usize {
        let inner = layout::results::text_width(layout::content_area_for(self.size).width);
        self.result_rows(inner)
            .len()
            .saturating_sub(layout::results::viewport_height(self.size))
    }

    pub(super) fn update_results(&mut self, action: Action) {
        let page = layout::results::viewport_height(self.size)
            .saturating_sub(1)
            .max(1);
        let max = self.max_result_scroll();
        let Screen::Results(results) = &mut self.screen else {
            return;
        };
        results.scroll = match action {
            Action::Up => results.scroll.saturating_sub(1),
            Action::Down => results.scroll + 1,
            Action::PageUp => results.scroll.saturating_sub(page),
            Action::PageDown => results.scroll + page,
            Action::First => 0,
            Action::Last => max,
            Action::ToggleView => {
                self.audience = self.audience.other();
                0
            }
            Action::ShowReview | Action::Back => {
                self.open_review(None);
                return;
            }
            _ => results.scroll,
        }
        .min(max);
    }
}
