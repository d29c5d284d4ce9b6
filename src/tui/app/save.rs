//! The drafts offered at start and the save box: the parts of the state
//! machine that end in a file being written or deleted by the event loop.

use super::{Action, App, Effect, Overlay, Screen};
use crate::engine::Answers;
use std::path::{Path, PathBuf};

use crate::report::Format;
use crate::screening::saving::{SaveOutcome, SaveRequest, expand_home};
use crate::tui::field::TextField;

/// Longest path that can be typed.
const MAX_PATH_CHARS: usize = 4096;

/// A row of the save box the cursor can be on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveRow {
    Path,
    Format(usize),
}

/// The save box over the results screen.
#[derive(Debug, Clone, PartialEq)]
pub struct SaveDialog {
    /// The file name without extension, with its folder.
    pub path: TextField,
    pub formats: Vec<(Format, bool)>,
    pub row: SaveRow,
    pub message: Option<String>,
    /// After a refusal because a file exists, the person may replace it.
    pub offer_replace: bool,
    /// The path as proposed, before any typing, as shown.
    proposed: String,
    /// The path as proposed, exactly: the text shown is neutralised (a tab
    /// in a folder's name shows as a space), so while it is unchanged the
    /// save goes here, not to a folder of the shown name.
    proposed_path: PathBuf,
}

impl SaveDialog {
    pub fn new(base: &Path, ticked: &[Format]) -> Self {
        let proposed = crate::text::sanitize_line(&base.display().to_string()).into_owned();
        SaveDialog {
            path: TextField::with_text(&proposed, MAX_PATH_CHARS),
            proposed,
            proposed_path: base.to_path_buf(),
            formats: Format::ALL
                .iter()
                .map(|&f| (f, ticked.contains(&f)))
                .collect(),
            row: SaveRow::Path,
            message: None,
            offer_replace: false,
        }
    }

    /// Whether the path is still the one proposed, a name chosen free.
    pub fn is_proposed(&self) -> bool {
        self.path.text() == self.proposed
    }

    pub fn rows(&self) -> Vec<SaveRow> {
        std::iter::once(SaveRow::Path)
            .chain((0..self.formats.len()).map(SaveRow::Format))
            .collect()
    }

    pub fn move_by(&mut self, step: isize) {
        let rows = self.rows();
        let at = rows.iter().position(|&r| r == self.row).unwrap_or(0) as isize;
        let to = (at + step).clamp(0, rows.len() as isize - 1) as usize;
        self.row = rows[to];
    }

    pub fn toggle(&mut self, index: usize) {
        if let Some((_, ticked)) = self.formats.get_mut(index) {
            *ticked = !*ticked;
        }
    }

    /// The request for the current path and formats, or why there is none.
    pub fn request(&self, replace: bool) -> Result<SaveRequest, String> {
        let text = self.path.text().trim();
        if text.is_empty() {
            return Err("Type a file name to save to.".into());
        }
        if text.ends_with('/') {
            return Err("That is a folder: add a file name after it.".into());
        }
        let formats: Vec<Format> = self
            .formats
            .iter()
            .filter(|(_, t)| *t)
            .map(|(f, _)| *f)
            .collect();
        if formats.is_empty() {
            return Err("Tick at least one format.".into());
        }
        let base = if self.is_proposed() {
            self.proposed_path.clone()
        } else {
            expand_home(text)
        };
        Ok(SaveRequest {
            base,
            formats,
            replace,
        })
    }
}

impl App {
    /// The event loop's report of a save.
    pub fn save_finished(&mut self, outcome: SaveOutcome) {
        match outcome {
            SaveOutcome::Saved(paths) => {
                self.saved = paths;
                self.s.mark_saved();
                self.save = None;
                if self.overlay == Some(Overlay::Save) {
                    self.overlay = None;
                }
            }
            SaveOutcome::Failed { message, exists } => {
                if let Some(dialog) = &mut self.save {
                    // "a and b already exist": more than one file is in the way.
                    let several = message.ends_with("already exist");
                    let replace = if exists && several {
                        " Change the name, or press Ctrl-R to replace them."
                    } else if exists {
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
        if resume.check.is_some() {
            return self.update_resume_check(action);
        }
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
                    Ok(_) if entry.unread() => return Effect::ReadDraft(entry.id.clone()),
                    Ok(_) => {
                        let selected = resume.selected;
                        return self.begin_resume(selected);
                    }
                    Err(reason) => resume.message = Some(unreadable(reason)),
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
        // The screening keeps the identifiers exactly; the fields show them
        // neutralised, as if typed.
        self.s.resume(answers, identifiers);
        match self.missing().first().copied() {
            Some(first) => self.open_question(first, None),
            None => self.open_review(None),
        }
    }

    // --------------------------------------------------------------- save

    pub(super) fn open_save(&mut self) {
        if self.report().is_none() {
            return;
        }
        let stem = if self.settings.sealed {
            self.s.proposed_stem_without_identifier()
        } else {
            self.s.proposed_stem()
        };
        let Some(stem) = stem else {
            return;
        };
        let base = crate::screening::session::free_base(&self.settings.output_dir.join(stem));
        self.save = Some(SaveDialog::new(&base, &self.settings.formats));
        self.overlay = Some(Overlay::Save);
    }

    pub(super) fn update_save(&mut self, action: Action) -> Effect {
        let effect = self.edit_save(action);
        // The ticks stay as last chosen for the next save, this patient's
        // or the next one's, while the program runs.
        if let Some(dialog) = &self.save {
            let ticked: Vec<Format> = dialog
                .formats
                .iter()
                .filter(|(_, t)| *t)
                .map(|(f, _)| *f)
                .collect();
            if !ticked.is_empty() {
                self.settings.formats = ticked;
            }
        }
        effect
    }

    fn edit_save(&mut self, action: Action) -> Effect {
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

/// What the drafts screen says of a draft that cannot be read.
pub(super) fn unreadable(reason: &str) -> String {
    format!("This draft cannot be read ({reason}). Press d to delete it, or n for a new screening.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_needs_a_name_and_a_format() {
        let mut dialog = SaveDialog::new(Path::new("out/result"), &[Format::Toml]);
        assert_eq!(
            dialog.request(false).unwrap().paths(),
            vec![(Format::Toml, PathBuf::from("out/result.toml"))]
        );
        dialog.toggle(0);
        assert_eq!(
            dialog.request(false).unwrap_err(),
            "Tick at least one format."
        );
        dialog.path = TextField::with_text("out/", 100);
        assert!(dialog.request(false).unwrap_err().contains("folder"));
    }

    #[test]
    fn the_proposed_path_is_saved_to_exactly_though_shown_neutralised() {
        let base = Path::new("/r/my\tresults/p1");
        let dialog = SaveDialog::new(base, &[Format::Toml]);
        assert_eq!(dialog.path.text(), "/r/my results/p1");
        assert_eq!(dialog.request(false).unwrap().base, base);
    }

    #[test]
    fn only_the_proposed_name_is_known_free() {
        let mut dialog = SaveDialog::new(Path::new("out/result"), &[Format::Toml]);
        assert!(dialog.is_proposed());
        let _ = dialog.path.insert("-x");
        assert!(!dialog.is_proposed());
    }
}
