//! A saved result opened for reading (`restless open FILE`): its review and
//! result, with nothing to change or save, until `e` starts a new screening
//! from its answers.

use super::{Action, App, Screen};
use crate::answers::AnswerFile;

impl App {
    /// Shows `file`, a saved result named `name`, read-only: the result
    /// when every required answer is there, else the review.
    pub fn open_saved(&mut self, file: AnswerFile, name: &str) {
        self.resume_from(file.answers, &file.identifiers);
        self.opened = Some(name.to_string());
        if matches!(self.screen, Screen::Question(_)) {
            self.open_review(None);
        }
        if self.missing().is_empty() {
            self.update(Action::ShowResult);
        }
    }

    /// The saved result shown read-only, by its file name.
    pub fn opened(&self) -> Option<&str> {
        self.opened.as_deref()
    }

    /// What a read-only result does with `action` instead, if anything:
    /// the answers cannot be changed and there is nothing new to save.
    pub(super) fn read_only(&mut self, action: &Action) -> Option<Action> {
        self.opened.as_ref()?;
        match (&self.screen, action) {
            (_, Action::EditCopy) => {
                self.edit_copy();
                Some(Action::Resize(self.size.0, self.size.1))
            }
            (Screen::Review(_), Action::Confirm) => Some(Action::ShowResult),
            (Screen::Review(_), Action::Back) | (Screen::Results(_), Action::OpenSave) => {
                Some(Action::Resize(self.size.0, self.size.1))
            }
            _ => None,
        }
    }

    /// A new screening from the answers shown: changeable, kept in a
    /// draft, and saved under a new name.
    fn edit_copy(&mut self) {
        self.opened = None;
        self.s.identifiers_entered();
        self.saved.clear();
        self.open_review(None);
    }
}
