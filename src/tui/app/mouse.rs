//! The mouse: a click on an option picks it as its key would, a click on
//! a section reached goes there. Where things are is what the last frame
//! drew, so a click means what the person saw under the pointer.

use super::question::row_keys;
use super::{Action, App, Editor, Screen, rows};
use crate::tui::action::{Hit, Spot};

impl App {
    /// Where clicks act, from the frame just drawn.
    pub fn set_hits(&mut self, hits: Vec<Hit>) {
        self.hits = hits;
    }

    pub(super) fn click(&mut self, column: u16, row: u16) {
        let Some(hit) = self.hits.iter().find(|h| h.contains(column, row)).copied() else {
            return;
        };
        match hit.spot {
            Spot::Section(section) => {
                if let Some(n) = self.reached_sections().iter().position(|&s| s == section) {
                    self.go_to_section(n + 1);
                }
            }
            Spot::Row(r) => self.click_row(r),
        }
    }

    /// The row's own key when it has one; otherwise the highlight moves
    /// there and the row is taken as Enter or Space would.
    fn click_row(&mut self, r: usize) {
        let Screen::Question(question) = &mut self.screen else {
            return;
        };
        let item = &self.s.questionnaire().items[question.item];
        let key = row_keys(item).get(r).copied().flatten();
        let last = rows(item).len().saturating_sub(1);
        let action = match &mut question.editor {
            Editor::Choice { cursor, pointed } => {
                *cursor = r.min(last);
                *pointed = true;
                match key {
                    Some(key) => Action::Choose(key),
                    None => Action::Confirm,
                }
            }
            Editor::Multiple { cursor, .. } => {
                *cursor = r.min(last);
                Action::Toggle
            }
            Editor::Field { on_dont_know, .. } => {
                *on_dont_know = r > 0 && item.dont_know;
                return;
            }
        };
        self.update_question(action);
    }
}
