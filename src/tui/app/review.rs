//! The review of every answer that counts, before the result.

use super::{Action, App, LineCache, ResultsScreen, Screen};
use crate::tui::layout;

pub use super::layout::review::ReviewTarget;

#[derive(Debug, Clone, PartialEq)]
pub struct ReviewScreen {
    pub selected: ReviewTarget,
    /// The first line shown.
    pub scroll: usize,
    pub message: Option<String>,
    /// The answers don't change while the review is on screen: their lines
    /// are laid out once per width, not on every key.
    pub layout: LineCache<usize, layout::review::Row>,
}

impl App {
    pub(super) fn open_review(&mut self, select: Option<usize>) {
        let selected = match select {
            Some(i) if self.s.applicable()[i] => ReviewTarget::Item(i),
            _ => self
                .s
                .first_question()
                .map_or(ReviewTarget::ShowResult, ReviewTarget::Item),
        };
        self.screen = Screen::Review(ReviewScreen {
            selected,
            scroll: 0,
            message: None,
            layout: LineCache::default(),
        });
        self.keep_scroll_in_range();
    }

    /// What can be selected on the review, in order.
    pub fn review_targets(&self) -> Vec<ReviewTarget> {
        (0..self.s.questionnaire().items.len())
            .filter(|&i| self.s.applicable()[i])
            .map(ReviewTarget::Item)
            .chain(std::iter::once(ReviewTarget::ShowResult))
            .collect()
    }

    /// The review's lines for `inner` columns, laid out once per width
    /// while the review is on screen.
    pub fn review_rows(&self, inner: usize) -> std::rc::Rc<[layout::review::Row]> {
        let rows = || {
            layout::review::rows(
                self.s.questionnaire(),
                self.s.applicable(),
                self.s.answers(),
                self.theme.symbols(),
                inner,
            )
        };
        match &self.screen {
            Screen::Review(review) => review.layout.get(inner, rows),
            _ => rows().into(),
        }
    }

    pub(super) fn update_review(&mut self, action: Action) {
        let targets = self.review_targets();
        let page = (layout::review::viewport_height(self.size) / 2).max(1);
        let Screen::Review(review) = &mut self.screen else {
            return;
        };
        review.message = None;
        let at = targets
            .iter()
            .position(|&t| t == review.selected)
            .unwrap_or(0);
        let last = targets.len() - 1;
        let to = match action {
            Action::Up => at.saturating_sub(1),
            Action::Down => (at + 1).min(last),
            Action::PageUp => at.saturating_sub(page),
            Action::PageDown => (at + page).min(last),
            Action::First => 0,
            Action::Last => last,
            Action::Confirm => {
                match review.selected {
                    ReviewTarget::Item(i) => self.open_question(i, Some(i)),
                    ReviewTarget::ShowResult => self.show_result(),
                }
                return;
            }
            Action::ShowResult => return self.show_result(),
            Action::Cancel => return self.back_from_review(),
            Action::Back => {
                if let Some(last_item) = self.s.last_question() {
                    self.open_question(last_item, None);
                }
                return;
            }
            _ => at,
        };
        review.selected = targets[to];
        self.keep_scroll_in_range();
    }

    pub(super) fn show_result(&mut self) {
        let missing = self.missing();
        if let Some(&first) = missing.first() {
            let marker = self.theme.symbols().not_met;
            if let Screen::Review(review) = &mut self.screen {
                review.selected = ReviewTarget::Item(first);
                review.message = Some(if missing.len() == 1 {
                    format!("1 question still needs an answer (marked {marker}). Enter answers it.")
                } else {
                    format!(
                        "{} questions still need an answer (marked {marker}). Enter answers the first.",
                        missing.len()
                    )
                });
            }
            self.keep_scroll_in_range();
            return;
        }
        self.s.show_result();
        self.screen = Screen::Results(Box::new(ResultsScreen {
            scroll: 0,
            layout: LineCache::default(),
        }));
    }
}
