//! The drafts offered at start and the save box: the parts of the state
//! machine that end in a file being written or deleted by the event loop.

use super::{Action, App, Effect, Overlay, Screen};
use crate::engine::{self, Answers};
use crate::tui::field::TextField;
use crate::tui::saving::{SaveDialog, SaveOutcome, SaveRow};

impl App {
    /// The event loop's report of a save.
    pub fn save_finished(&mut self, outcome: SaveOutcome) {
        match outcome {
            SaveOutcome::Saved(paths) => {
                self.saved = paths;
                self.saved_state = Some((self.answers.clone(), self.identifier_values()));
                self.save = None;
                if self.overlay == Some(Overlay::Save) {
                    self.overlay = None;
                }
            }
            SaveOutcome::Failed { message, exists } => {
                if let Some(dialog) = &mut self.save {
                    let replace = if exists {
                        " Change the name, or press Ctrl-R to replace it."
                    } else {
                        " Nothing was lost: change the folder or name and press Enter again."
                    };
                    dialog.message =
                        Some(format!("{}.{replace}", crate::text::capitalised(&message)));
                    dialog.offer_replace = exists;
                    dialog.row = SaveRow::Path;
                }
            }
        }
    }

    // ------------------------------------------------------------- drafts

    pub(super) fn update_resume(&mut self, action: Action) -> Effect {
        let Screen::Resume(resume) = &mut self.screen else {
            return Effect::Continue;
        };
        resume.message = None;
        let count = resume.drafts.len();
        match action {
            Action::Up => resume.selected = resume.selected.saturating_sub(1),
            Action::Down => resume.selected = (resume.selected + 1).min(count.saturating_sub(1)),
            Action::Discard if count > 0 => self.overlay = Some(Overlay::ConfirmDeleteDraft),
            Action::NewScreening => {
                self.screen = Screen::Welcome {
                    focus: 0,
                    message: None,
                }
            }
            Action::Confirm => {
                let Some(entry) = resume.drafts.get(resume.selected) else {
                    return Effect::Continue;
                };
                match &entry.content {
                    Ok(file) => {
                        let id = entry.id.clone();
                        let file = file.clone();
                        self.resume_from(file.answers, &file.identifiers);
                        return Effect::Resumed(id);
                    }
                    Err(reason) => {
                        resume.message = Some(format!(
                            "This draft cannot be read ({reason}). Press d to delete it, or n for a new screening."
                        ));
                    }
                }
            }
            _ => {}
        }
        Effect::Continue
    }

    pub(super) fn delete_selected_draft(&mut self) -> Effect {
        let Screen::Resume(resume) = &mut self.screen else {
            return Effect::Continue;
        };
        if resume.selected >= resume.drafts.len() {
            return Effect::Continue;
        }
        let entry = resume.drafts.remove(resume.selected);
        resume.selected = resume.selected.min(resume.drafts.len().saturating_sub(1));
        if resume.drafts.is_empty() {
            self.screen = Screen::Welcome {
                focus: 0,
                message: None,
            };
        }
        Effect::DiscardDraft(entry.id)
    }

    /// Continues a screening from a draft: the first required question
    /// that applies and has no answer, or the review when there is none
    /// (optional questions passed over are not in a draft; the review
    /// shows them).
    pub(super) fn resume_from(&mut self, answers: Answers, identifiers: &[String]) {
        for (field, value) in self.identifiers.iter_mut().zip(identifiers) {
            // The field shows what it holds: as if typed, neutralised.
            *field = TextField::with_text(&crate::text::sanitize_line(value), field.max_chars());
        }
        self.answers = answers;
        self.applicable = engine::applicable(&self.q, &self.answers);
        for (i, visited) in self.visited.iter_mut().enumerate() {
            *visited = self.answers.get(i).is_some();
        }
        match self.missing().first().copied() {
            Some(first) => self.open_question(first, None),
            None => self.open_review(None),
        }
    }

    // --------------------------------------------------------------- save

    pub(super) fn open_save(&mut self) {
        let Some(report) = self.report() else {
            return;
        };
        let identifier = report
            .identifiers
            .0
            .first()
            .map(|(_, value)| value.as_str());
        let stamp = crate::session::file_timestamp(&report.saved.time);
        let stem = crate::session::proposed_stem(&self.q, identifier, &stamp);
        let base = crate::session::free_base(&self.settings.output_dir.join(stem));
        self.save = Some(SaveDialog::new(&base, &self.settings.formats));
        self.overlay = Some(Overlay::Save);
    }

    pub(super) fn update_save(&mut self, action: Action) -> Effect {
        let overwrite = self.settings.overwrite;
        let Some(dialog) = &mut self.save else {
            self.overlay = None;
            return Effect::Continue;
        };
        let on_path = dialog.row == SaveRow::Path;
        match action {
            Action::Cancel | Action::CloseOverlay => {
                self.save = None;
                self.overlay = None;
            }
            Action::Quit => return self.request_quit(),
            Action::Up | Action::PrevField => dialog.move_by(-1),
            Action::Down | Action::NextField => dialog.move_by(1),
            Action::Toggle | Action::Pick(_) => {
                let index = match (action, dialog.row) {
                    (Action::Pick(n), _) => n.checked_sub(1),
                    (_, SaveRow::Format(i)) => Some(i),
                    _ => None,
                };
                if let Some(index) = index {
                    dialog.toggle(index);
                }
            }
            Action::Confirm | Action::Replace => {
                // The proposed name was free: `overwrite` is for names typed.
                let replace = (overwrite && !dialog.is_proposed())
                    || (action == Action::Replace && dialog.offer_replace);
                match dialog.request(replace) {
                    Ok(request) => {
                        dialog.message = None;
                        return Effect::SaveResult(request);
                    }
                    Err(message) => dialog.message = Some(message),
                }
            }
            Action::Insert(c) if on_path => {
                let _ = dialog.path.insert(c.encode_utf8(&mut [0; 4]));
                dialog.offer_replace = false;
            }
            Action::Paste(text) if on_path => {
                let _ = dialog.path.insert(&text);
                dialog.offer_replace = false;
            }
            Action::DeleteBack if on_path => {
                dialog.path.delete_back();
                dialog.offer_replace = false;
            }
            Action::DeleteForward if on_path => {
                dialog.path.delete_forward();
                dialog.offer_replace = false;
            }
            Action::CursorLeft if on_path => dialog.path.left(),
            Action::CursorRight if on_path => dialog.path.right(),
            Action::CursorHome if on_path => dialog.path.home(),
            Action::CursorEnd if on_path => dialog.path.end(),
            _ => {}
        }
        Effect::Continue
    }
}
