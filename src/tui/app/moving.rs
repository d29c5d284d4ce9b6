//! Moving around a screening: to any section already reached, and to the
//! review and back to the question the person was on.

use super::{App, Overlay, Screen};

impl App {
    /// Sections already reached, in order: those with a question that
    /// applies and was asked or answered.
    pub fn reached_sections(&self) -> Vec<usize> {
        let q = self.s.questionnaire();
        let furthest = self.furthest;
        (0..q.sections.len())
            .filter(|&s| {
                q.sections[s].items.clone().any(|i| {
                    self.s.applicable()[i]
                        && (self.s.answers().get(i).is_some() || furthest.is_some_and(|f| i <= f))
                })
            })
            .collect()
    }

    /// Remembers the furthest question shown, which decides the sections
    /// that can be jumped to.
    pub(super) fn note_reached(&mut self, item: usize) {
        self.furthest = Some(self.furthest.map_or(item, |f| f.max(item)));
    }

    /// Opens the list of sections to go to, from a question or the review.
    pub(super) fn show_sections(&mut self) {
        if matches!(self.screen, Screen::Question(_) | Screen::Review(_)) {
            self.overlay = Some(Overlay::Sections);
        }
    }

    /// The first question that applies in the `n`-th section reached
    /// (from 1); what was typed on the question left is kept.
    pub(super) fn go_to_section(&mut self, n: usize) {
        let reached = self.reached_sections();
        let Some(&section) = n.checked_sub(1).and_then(|i| reached.get(i)) else {
            return;
        };
        let q = self.s.questionnaire();
        let Some(first) = q.sections[section]
            .items
            .clone()
            .find(|&i| self.s.applicable()[i])
        else {
            return;
        };
        self.keep_draft();
        self.open_question(first, None);
    }

    /// The review, from the middle of the screening: Esc there comes back
    /// to this question.
    pub(super) fn review_now(&mut self, item: usize) {
        self.keep_draft();
        self.review_return = Some(item);
        self.open_review(Some(item));
    }

    /// Back from the review to the question it was opened from, if it was.
    pub(super) fn back_from_review(&mut self) {
        if let Some(item) = self.review_return.take() {
            self.open_question(item, None);
        }
    }

    /// Whether Esc on the review goes back to a question.
    pub fn review_returns(&self) -> bool {
        self.review_return.is_some()
    }
}
