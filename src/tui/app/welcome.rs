//! The welcome screen: the identifier fields, and starting the screening.

use super::{Action, App, Screen};

impl App {
    pub(super) fn update_welcome(&mut self, action: Action) {
        let Screen::Welcome { focus, message } = &mut self.screen else {
            return;
        };
        *message = None;
        let fields = self.identifiers.len();
        let field = self.identifiers.get_mut(*focus);
        match (action, field) {
            (Action::Confirm, _) => self.start(),
            (Action::NextField, _) if fields > 0 => *focus = (*focus + 1) % fields,
            (Action::PrevField, _) if fields > 0 => *focus = (*focus + fields - 1) % fields,
            (Action::Insert(c), Some(field)) => {
                if let Err(full) = field.insert(c.encode_utf8(&mut [0; 4])) {
                    *message = Some(format!("At most {} characters here.", full.max_chars));
                }
            }
            (Action::Paste(text), Some(field)) => {
                if let Err(full) = field.insert(&text) {
                    *message = Some(format!("At most {} characters here.", full.max_chars));
                }
            }
            (Action::DeleteBack, Some(field)) => field.delete_back(),
            (Action::DeleteForward, Some(field)) => field.delete_forward(),
            (Action::CursorLeft, Some(field)) => field.left(),
            (Action::CursorRight, Some(field)) => field.right(),
            (Action::CursorHome, Some(field)) => field.home(),
            (Action::CursorEnd, Some(field)) => field.end(),
            _ => {}
        }
        self.sync_identifiers();
    }

    /// The screening's identifiers are what the fields hold, trimmed.
    pub(super) fn sync_identifiers(&mut self) {
        for (index, value) in self.identifier_values().into_iter().enumerate() {
            self.s.set_identifier(index, value);
        }
    }

    pub(super) fn start(&mut self) {
        if self.identifiers.iter().any(|f| !f.is_empty()) {
            self.s.identifiers_entered();
        }
        match self.s.first_question() {
            Some(first) => self.open_question(first, None),
            None => self.open_review(None),
        }
    }
}
