//! Continuing a draft: whoever continues it shows that they know whose it
//! is (its patient identifier, typed) and, with a clinician PIN set, that
//! they may (the PIN). Nothing of the draft is on screen before that.

use super::{Action, App, Effect, Screen};
use crate::screening::privacy::{identifier_matches, patient_identifier};
use crate::tui::field::TextField;

/// Longest identifier or PIN that can be typed.
const MAX_TYPED_CHARS: usize = 200;

/// What the person continuing a draft is asked to type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Asking {
    /// The clinician PIN.
    Pin,
    /// The draft's patient identifier; the field's label.
    Identifier(String),
}

/// The question asked before a draft is opened.
#[derive(Debug, Clone, PartialEq)]
pub struct ResumeCheck {
    /// The draft, by its place in the list.
    pub index: usize,
    pub asking: Asking,
    pub field: TextField,
    /// Why the last answer opened nothing.
    pub message: Option<String>,
}

impl ResumeCheck {
    fn new(index: usize, asking: Asking) -> Self {
        ResumeCheck {
            index,
            asking,
            field: TextField::new(MAX_TYPED_CHARS),
            message: None,
        }
    }
}

impl App {
    /// The label of the patient identifier of the draft at `index`, if it
    /// has one.
    fn identifier_label(&self, index: usize) -> Option<String> {
        let Screen::Resume(resume) = &self.screen else {
            return None;
        };
        let file = resume.drafts.get(index)?.content.as_ref().ok()?;
        patient_identifier(self.s.questionnaire(), &file.identifiers)
            .map(|(label, _)| label.to_string())
    }

    /// Enter on a readable draft: what must be typed first, if anything,
    /// else the draft itself.
    pub(super) fn begin_resume(&mut self, index: usize) -> Effect {
        let asking = if self.pin_required() {
            Some(Asking::Pin)
        } else {
            self.identifier_label(index).map(Asking::Identifier)
        };
        match asking {
            Some(asking) => {
                if let Screen::Resume(resume) = &mut self.screen {
                    resume.check = Some(ResumeCheck::new(index, asking));
                }
                Effect::Continue
            }
            None => self.open_draft(index),
        }
    }

    pub(super) fn update_resume_check(&mut self, action: Action) -> Effect {
        let Screen::Resume(resume) = &mut self.screen else {
            return Effect::Continue;
        };
        let Some(check) = &mut resume.check else {
            return Effect::Continue;
        };
        let field = &mut check.field;
        match action {
            Action::Cancel => resume.check = None,
            Action::Insert(c) => {
                let _ = field.insert(c.encode_utf8(&mut [0; 4]));
            }
            Action::Paste(text) => {
                let _ = field.insert(&text);
            }
            Action::DeleteBack => field.delete_back(),
            Action::DeleteForward => field.delete_forward(),
            Action::CursorLeft => field.left(),
            Action::CursorRight => field.right(),
            Action::CursorHome => field.home(),
            Action::CursorEnd => field.end(),
            Action::Confirm => return self.answer_resume_check(),
            _ => {}
        }
        Effect::Continue
    }

    /// Enter in the question: the next question, the draft, or a refusal
    /// that opens nothing.
    fn answer_resume_check(&mut self) -> Effect {
        let Screen::Resume(resume) = &mut self.screen else {
            return Effect::Continue;
        };
        let Some(check) = resume.check.take() else {
            return Effect::Continue;
        };
        let index = check.index;
        let typed = check.field.text().to_string();
        match &check.asking {
            Asking::Pin => match self.check_pin(&typed) {
                Ok(()) => match self.identifier_label(index) {
                    Some(label) => {
                        self.ask_again(ResumeCheck::new(index, Asking::Identifier(label)));
                        Effect::Continue
                    }
                    None => self.open_draft(index),
                },
                Err(message) => {
                    self.ask_again(ResumeCheck {
                        message: Some(message),
                        ..ResumeCheck::new(index, Asking::Pin)
                    });
                    Effect::Continue
                }
            },
            Asking::Identifier(label) => {
                let stored = resume
                    .drafts
                    .get(index)
                    .and_then(|entry| entry.content.as_ref().ok())
                    .and_then(|file| patient_identifier(self.s.questionnaire(), &file.identifiers))
                    .map(|(_, value)| value);
                if stored.is_some_and(|stored| identifier_matches(&typed, stored)) {
                    return self.open_draft(index);
                }
                let message = format!(
                    "That is not the {} of this screening: nothing was opened.",
                    label.to_lowercase()
                );
                let label = label.clone();
                self.ask_again(ResumeCheck {
                    message: Some(message),
                    ..ResumeCheck::new(index, Asking::Identifier(label))
                });
                Effect::Continue
            }
        }
    }

    fn ask_again(&mut self, check: ResumeCheck) {
        if let Screen::Resume(resume) = &mut self.screen {
            resume.check = Some(check);
        }
    }

    /// Opens the draft at `index`: its answers and identifiers become the
    /// screening's.
    fn open_draft(&mut self, index: usize) -> Effect {
        let Screen::Resume(resume) = &mut self.screen else {
            return Effect::Continue;
        };
        let Some(entry) = resume.drafts.get(index) else {
            return Effect::Continue;
        };
        let Ok(file) = &entry.content else {
            return Effect::Continue;
        };
        let id = entry.id.clone();
        let file = file.clone();
        self.resume_from(file.answers, &file.identifiers);
        Effect::Resumed(id)
    }
}
