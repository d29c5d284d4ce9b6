//! Continuing a draft: whoever continues it shows that they know whose it
//! is (its patient identifier, typed) and, with a clinician PIN set, that
//! they may (the PIN). Nothing of the draft is on screen before that.

use std::time::Instant;

use super::{Action, App, Effect, Screen};
use crate::screening::privacy::patient_identifier;
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
        let file = resume.drafts.get(index)?.file()?;
        patient_identifier(self.s.questionnaire(), &file.identifiers)
            .map(|(label, _)| label.to_string())
    }

    /// The draft `id`, chosen on the drafts screen, read whole (`read`: its
    /// answers, or why they cannot be read): what must be typed first, or
    /// the draft itself, or why it cannot be opened. Nothing is lost when
    /// it cannot: the draft stays, listed as unreadable, to be deleted.
    pub fn draft_read(
        &mut self,
        id: &str,
        read: Result<crate::answers::AnswerFile, String>,
    ) -> Effect {
        let Screen::Resume(resume) = &mut self.screen else {
            return Effect::Continue;
        };
        let Some(index) = resume.drafts.iter().position(|entry| entry.id == id) else {
            return Effect::Continue;
        };
        let entry = &mut resume.drafts[index];
        entry.read_as(self.s.questionnaire(), read);
        match &entry.content {
            Err(reason) => {
                resume.message = Some(super::save::unreadable(reason));
                Effect::Continue
            }
            Ok(_) => self.begin_resume(index),
        }
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
            Action::Confirm => return self.answer_resume_check(Instant::now()),
            _ => {}
        }
        Effect::Continue
    }

    /// Enter in the question at time `now`: the next question, the draft,
    /// or a refusal that opens nothing.
    fn answer_resume_check(&mut self, now: Instant) -> Effect {
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
                    .and_then(|entry| entry.file())
                    .and_then(|file| patient_identifier(self.s.questionnaire(), &file.identifiers))
                    .map(|(_, value)| value);
                let message = match self.identifier_guard.check(&typed, stored, label, now) {
                    Ok(()) => return self.open_draft(index),
                    Err(message) => message,
                };
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
        let Some(file) = entry.file() else {
            return Effect::Continue;
        };
        let id = entry.id.clone();
        let file = file.clone();
        self.resume_from(file.answers, &file.identifiers);
        Effect::Resumed(id)
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;
    use crate::screening::saving::{DraftContent, DraftEntry, Settings};
    use crate::tui::Theme;

    fn with_draft_of(identifier: &str) -> App {
        let q = crate::questionnaire::built_in().expect("the built-in questionnaire");
        let mut identifiers = vec![String::new(); q.identifiers.len()];
        identifiers[0] = identifier.to_string();
        let draft = DraftEntry {
            id: "d1".into(),
            when: "2026-11-21 14:03".into(),
            identifier: identifier.into(),
            content: Ok(DraftContent::Read(crate::answers::AnswerFile {
                answers: crate::engine::Answers::new(&q),
                identifiers,
                warnings: Vec::new(),
                screened: None,
            })),
        };
        let theme = Theme::from_vars(|_| None);
        App::with_settings(q, theme, Settings::default(), vec![draft])
    }

    fn screen(app: &mut App) -> String {
        app.update(Action::Resize(80, 24));
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a test terminal");
        terminal
            .draw(|frame| crate::tui::render(app, frame))
            .expect("drawing into memory");
        terminal.backend().to_string()
    }

    /// Types `text` into the question and answers it at `now`.
    fn answer(app: &mut App, text: &str, now: Instant) -> Effect {
        for c in text.chars() {
            app.update(Action::Insert(c));
        }
        app.answer_resume_check(now)
    }

    #[test]
    fn wrong_identifiers_are_refused_for_a_while_as_wrong_pins_are() {
        let mut app = with_draft_of("A-7");
        assert_eq!(app.update(Action::Confirm), Effect::Continue);
        assert!(screen(&mut app).contains("type its patient identifier"));
        let start = Instant::now();
        for _ in 0..2 {
            assert_eq!(answer(&mut app, "A-8", start), Effect::Continue);
        }
        assert_eq!(answer(&mut app, "A-9", start), Effect::Continue);
        let refused = screen(&mut app);
        assert!(
            refused
                .contains("Wrong patient identifier: nothing was opened. Try again in 1 second."),
            "{refused}"
        );
        // While refused, the right identifier opens nothing either.
        assert_eq!(answer(&mut app, "A-7", start), Effect::Continue);
        let waiting = screen(&mut app);
        assert!(
            waiting.contains("Too many wrong identifiers: nothing was"),
            "{waiting}"
        );
        assert!(!waiting.contains("A-7"), "{waiting}");
        // Leaving the question and coming back is no new chance.
        app.update(Action::Cancel);
        app.update(Action::Confirm);
        assert_eq!(answer(&mut app, "A-7", start), Effect::Continue);
        assert!(screen(&mut app).contains("Too many wrong identifiers"));
        // Once the time has come, the right identifier opens the draft.
        let later = start + Duration::from_secs(1);
        assert_eq!(answer(&mut app, "A-7", later), Effect::Resumed("d1".into()));
        assert_eq!(app.identifier_values()[0], "A-7");
    }

    #[test]
    fn a_draft_listed_by_its_count_is_read_when_chosen() {
        let mut app = with_draft_of("A-7");
        let read = match &mut app.screen {
            Screen::Resume(resume) => {
                let entry = &mut resume.drafts[0];
                let count = entry.answered();
                let read = entry.file().cloned().ok_or("no file");
                entry.content = Ok(DraftContent::Counted(count));
                read
            }
            _ => Err("no drafts screen"),
        };
        let file = read.expect("the draft's answers");
        assert_eq!(app.update(Action::Confirm), Effect::ReadDraft("d1".into()));
        // Broken after all: said, and still listed to be deleted.
        assert_eq!(
            app.draft_read("d1", Err("it is malformed".into())),
            Effect::Continue
        );
        let shown = screen(&mut app);
        assert!(
            shown.contains("This draft cannot be read (it is"),
            "{shown}"
        );
        assert!(shown.contains("cannot be read"), "{shown}");
        let Screen::Resume(resume) = &mut app.screen else {
            panic!("the drafts screen went away");
        };
        resume.message = None;
        resume.drafts[0].content = Ok(DraftContent::Counted(0));
        assert_eq!(app.update(Action::Confirm), Effect::ReadDraft("d1".into()));
        assert_eq!(app.draft_read("d1", Ok(file)), Effect::Continue);
        assert!(screen(&mut app).contains("type its patient identifier"));
        assert_eq!(
            answer(&mut app, "A-7", Instant::now()),
            Effect::Resumed("d1".into())
        );
    }
}
