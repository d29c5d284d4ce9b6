//! The state of a screening in progress and the one function that changes
//! it: `App::update(Action) -> Effect`. No terminal here, so every step a
//! person can take is testable as data.
//!
//! Each screen's state and update step sit in a file named as its view:
//! `welcome`, `question`, `review`, `results`, and `save` (the save box and
//! the drafts offered at start).

use crossterm::event::KeyEvent;

use crate::engine::Answers;
use crate::questionnaire::{ItemKind, Questionnaire};
use crate::report::Report;
use crate::screening::Screening;
use crate::screening::pin::PinGuard;

use super::field::TextField;
use super::keys::{self, KeyContext, Mode};
use super::layout;
use super::theme::Theme;
use crate::screening::saving::{DraftEntry, Settings};
pub use save::{SaveDialog, SaveRow};

mod cache;
mod mouse;
mod moving;
mod opened;
mod question;
mod results;
mod resume;
mod review;
mod save;
mod welcome;

pub use super::action::{Action, Effect};

pub use cache::LineCache;
pub use question::{CHOOSE_FIRST, Editor, QuestionScreen, Row, row_keys, rows};
pub use results::ResultsScreen;
pub use resume::{Asking, ResumeCheck};
pub use review::{ReviewScreen, ReviewTarget};

/// The longest PIN the lock screen takes.
const MAX_PIN_CHARS: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Keys,
    Help,
    ConfirmQuit,
    Save,
    /// "Start the next patient without saving this result?"
    ConfirmDiscard,
    /// "Delete this draft?" on the drafts screen.
    ConfirmDeleteDraft,
    /// The sections already reached, to go to one.
    Sections,
}

/// The drafts found at start, one of which can be resumed.
#[derive(Debug, Clone, PartialEq)]
pub struct ResumeScreen {
    pub drafts: Vec<DraftEntry>,
    pub selected: usize,
    pub message: Option<String>,
    /// What must be typed before the chosen draft opens.
    pub check: Option<ResumeCheck>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Screen {
    Resume(ResumeScreen),
    Welcome {
        focus: usize,
        message: Option<String>,
    },
    Question(QuestionScreen),
    Review(ReviewScreen),
    Results(Box<ResultsScreen>),
}

/// How far along the screening is, counting only questions that apply now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// The current question's place among those that apply (from 1); the
    /// total on the review and results screens.
    pub position: usize,
    pub total: usize,
    /// Questions that apply and have an answer.
    pub answered: usize,
    /// Sections passed: every section before the current question's (all
    /// of them on the review and the result), among those shown. Unlike a count of the
    /// questions that apply, which answers change, this only grows as
    /// the screening moves forward.
    pub sections_done: usize,
    pub sections: usize,
}

#[derive(Debug, Clone)]
pub struct App {
    /// The screening itself; what follows is how it is shown and edited.
    s: Screening,
    theme: Theme,
    /// Unconfirmed edits of questions left with Back, restored on return.
    drafts: Vec<Option<Editor>>,
    identifiers: Vec<TextField>,
    screen: Screen,
    overlay: Option<Overlay>,
    size: (u16, u16),
    settings: Settings,
    save: Option<SaveDialog>,
    /// The files this result was saved to; empty until it is saved.
    saved: Vec<std::path::PathBuf>,
    locked: bool,
    /// The window was too small for the screen when last drawn: the
    /// "make the window larger" message stood in for it.
    too_small: bool,
    /// The furthest question shown so far.
    furthest: Option<usize>,
    /// The question the review was opened from, to return to.
    review_return: Option<usize>,
    /// Where a click acts, as last drawn.
    hits: Vec<crate::tui::action::Hit>,
    /// The clinician PIN, when one is set: unlocking and continuing a
    /// draft need it.
    pin: Option<PinGuard>,
    /// Wrong patient identifiers typed to continue a draft, counted.
    identifier_guard: crate::screening::privacy::IdentifierGuard,
    /// The PIN being typed on the lock screen, and why the last one did
    /// not unlock.
    unlock: TextField,
    unlock_message: Option<String>,
    /// Whom the result is shown to now; `v` switches.
    audience: crate::report::Audience,
    /// A saved result shown read-only, by its file name.
    opened: Option<String>,
}

/// The names of the files a result went to carry the patient identifier:
/// overwritten when the screen state goes (the next patient, the end).
impl Drop for App {
    fn drop(&mut self) {
        self.saved
            .iter_mut()
            .for_each(crate::screening::privacy::wipe_path);
    }
}

impl App {
    pub fn new(q: Questionnaire, theme: Theme) -> App {
        App::with_settings(q, theme, Settings::default(), Vec::new())
    }

    /// A screening with the configuration's settings; when drafts were
    /// found, it starts by offering them.
    pub fn with_settings(
        q: Questionnaire,
        theme: Theme,
        settings: Settings,
        drafts: Vec<DraftEntry>,
    ) -> App {
        let s = Screening::with_clinician(q, settings.clinician.as_deref());
        let mut app = App::fresh(s, theme);
        app.audience = settings.audience;
        app.settings = settings;
        app.offer_drafts(drafts);
        app
    }

    /// Offers `drafts` to continue, if there are any: the drafts screen
    /// takes the place of the welcome screen, and its message too.
    pub fn offer_drafts(&mut self, drafts: Vec<DraftEntry>) {
        if drafts.is_empty() {
            return;
        }
        let message = match &mut self.screen {
            Screen::Welcome { message, .. } => message.take(),
            _ => None,
        };
        self.screen = Screen::Resume(ResumeScreen {
            drafts,
            selected: 0,
            message,
            check: None,
        });
    }

    /// The next patient's screening: nothing of this one is carried over
    /// but the questionnaire, the look and the settings.
    pub fn next_patient(&self) -> App {
        let s = self.s.next_patient(self.settings.clinician.as_deref());
        let mut app = App::fresh(s, self.theme);
        app.audience = self.settings.audience;
        app.settings = self.settings.clone();
        app.size = self.size;
        // The count of wrong PINs too: a new patient is no new chance.
        app.pin = self.pin.clone();
        app.identifier_guard = self.identifier_guard.clone();
        app
    }

    /// A message for the first screen (what was cleared at start), shown
    /// until the next key.
    pub fn set_notice(&mut self, notice: Option<String>) {
        match &mut self.screen {
            Screen::Welcome { message, .. } => *message = notice,
            Screen::Resume(resume) => resume.message = notice,
            _ => {}
        }
    }

    /// Requires the clinician PIN to unlock the screen and open drafts.
    pub fn set_pin(&mut self, pin: Option<PinGuard>) {
        self.pin = pin;
    }

    /// Whether a PIN is set.
    pub fn pin_required(&self) -> bool {
        self.pin.is_some()
    }

    /// Whether `typed` is the PIN (always, without one); else what to tell
    /// the person.
    pub(crate) fn check_pin(&mut self, typed: &str) -> Result<(), String> {
        match &mut self.pin {
            Some(guard) => guard.check(typed, std::time::Instant::now()),
            None => Ok(()),
        }
    }

    /// Starts from `s`, a screening not yet begun: its identifiers (the
    /// clinician's name) fill the fields.
    fn fresh(s: Screening, theme: Theme) -> App {
        let q = s.questionnaire();
        let identifiers = q
            .identifiers
            .iter()
            .zip(s.identifiers())
            .map(|(f, value)| TextField::with_text(value, f.max_length))
            .collect();
        App {
            drafts: vec![None; q.items.len()],
            identifiers,
            screen: Screen::Welcome {
                focus: 0,
                message: None,
            },
            overlay: None,
            size: (80, 24),
            settings: Settings::default(),
            save: None,
            saved: Vec::new(),
            locked: false,
            too_small: false,
            furthest: None,
            review_return: None,
            hits: Vec::new(),
            pin: None,
            identifier_guard: Default::default(),
            unlock: TextField::new(MAX_PIN_CHARS),
            unlock_message: None,
            audience: crate::report::Audience::Clinician,
            opened: None,
            theme,
            s,
        }
    }

    /// Whether answers or identifiers changed since the last call: the
    /// outer loop then keeps a draft of them.
    pub fn take_changed(&mut self) -> bool {
        self.s.take_changed()
    }

    pub fn locked(&self) -> bool {
        self.locked
    }

    /// Whether the last frame was the "make the window larger" message.
    pub fn too_small(&self) -> bool {
        self.too_small
    }

    pub fn set_too_small(&mut self, too_small: bool) {
        self.too_small = too_small;
    }

    /// The PIN typed so far on the lock screen (shown masked) and why the
    /// last one did not unlock.
    pub fn unlock_field(&self) -> (&TextField, Option<&str>) {
        (&self.unlock, self.unlock_message.as_deref())
    }

    pub fn warning(&self) -> Option<&str> {
        self.s.warning()
    }

    pub fn set_warning(&mut self, warning: Option<String>) {
        self.s.set_warning(warning);
    }

    /// Whom the result is shown to now.
    pub fn audience(&self) -> crate::report::Audience {
        self.audience
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn save_dialog(&self) -> Option<&SaveDialog> {
        self.save.as_ref()
    }

    /// The files the result was saved to (empty until saved).
    pub fn saved(&self) -> &[std::path::PathBuf] {
        &self.saved
    }

    pub fn questionnaire(&self) -> &Questionnaire {
        self.s.questionnaire()
    }

    /// The screening, for the keeper that keeps its draft and saves it.
    pub fn screening_mut(&mut self) -> &mut Screening {
        &mut self.s
    }

    pub fn theme(&self) -> Theme {
        self.theme
    }

    pub fn answers(&self) -> &Answers {
        self.s.answers()
    }

    pub fn applicable(&self) -> &[bool] {
        self.s.applicable()
    }

    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    pub fn overlay(&self) -> Option<Overlay> {
        self.overlay
    }

    pub fn identifiers(&self) -> &[TextField] {
        &self.identifiers
    }

    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    /// The item on screen, if a question is.
    pub fn current_item(&self) -> Option<usize> {
        match &self.screen {
            Screen::Question(question) => Some(question.item),
            _ => None,
        }
    }

    /// Whether the result has been worked out, so that there is a result
    /// that could be saved.
    pub fn has_result(&self) -> bool {
        self.s.report().is_some()
    }

    pub fn report(&self) -> Option<&Report> {
        match &self.screen {
            Screen::Results(_) => self.s.report(),
            _ => None,
        }
    }

    pub fn progress(&self) -> Progress {
        let total = self.s.applicable_count();
        let answered = self.s.answered_count();
        // Among the sections the list beside the question shows: one none
        // of whose questions apply is neither listed nor counted.
        let sections = self.s.sections_that_apply().len();
        let (position, sections_done) = match &self.screen {
            Screen::Resume(_) | Screen::Welcome { .. } => (0, 0),
            Screen::Question(question) => {
                let section = self.s.questionnaire().items[question.item].section;
                (
                    self.s.position(question.item).0,
                    self.s.section_position(section).0 - 1,
                )
            }
            Screen::Review(_) | Screen::Results(_) => (total, sections),
        };
        Progress {
            position,
            total,
            answered,
            sections_done,
            sections,
        }
    }

    /// The sections with a question that applies, in order: those the
    /// screening goes through.
    pub fn shown_sections(&self) -> Vec<usize> {
        self.s.sections_that_apply()
    }

    /// Whether every applicable item in the section has been dealt with:
    /// answered, or an optional one passed over.
    pub fn section_done(&self, section: usize) -> bool {
        self.s.section_done(section)
    }

    /// Required questions that apply and have no answer.
    pub fn missing(&self) -> Vec<usize> {
        self.s.missing()
    }

    pub fn identifier_values(&self) -> Vec<String> {
        self.identifiers
            .iter()
            .map(|f| f.text().trim().to_string())
            .collect()
    }

    /// Whether the person entered anything that is not in a saved result:
    /// a result saved and then changed (an answer, an identifier) is
    /// unsaved again.
    pub fn has_unsaved(&self) -> bool {
        self.opened.is_none() && self.s.has_unsaved()
    }

    /// Whether the answers on screen are in a draft on disk.
    pub fn draft_kept(&self) -> bool {
        self.s.draft_kept()
    }

    pub fn set_draft_kept(&mut self, kept: bool) {
        self.s.set_draft_kept(kept);
    }

    /// What keys mean now, overlays included.
    pub fn key_context(&self) -> KeyContext {
        if self.locked && self.pin_required() {
            return KeyContext::new(Mode::LockedPin);
        }
        if self.locked {
            return KeyContext::new(Mode::Locked);
        }
        match self.overlay {
            Some(Overlay::ConfirmQuit) => {
                let mut context = KeyContext::new(Mode::QuitChoice);
                context.kept = self.draft_kept();
                context
            }
            Some(overlay @ (Overlay::ConfirmDiscard | Overlay::ConfirmDeleteDraft)) => {
                let mut context = KeyContext::new(Mode::ConfirmQuit);
                context.yes = match overlay {
                    Overlay::ConfirmDiscard => "next patient",
                    _ => "delete",
                };
                context
            }
            Some(Overlay::Save) => {
                let mut context = KeyContext::new(match self.save.as_ref().map(|d| d.row) {
                    Some(SaveRow::Format(_)) => Mode::SaveFormats,
                    _ => Mode::SavePath,
                });
                context.replace = self.save.as_ref().is_some_and(|d| d.offer_replace);
                context
            }
            Some(Overlay::Sections) => {
                let mut context = KeyContext::new(Mode::Sections);
                context.numbered = self.reached_sections().len().min(9);
                context
            }
            Some(_) => KeyContext::new(Mode::Overlay),
            None => self.screen_key_context(),
        }
    }

    /// What keys mean on the screen itself, under any overlay: what the
    /// keys overlay lists.
    pub fn screen_key_context(&self) -> KeyContext {
        let mode = match &self.screen {
            Screen::Resume(resume) if resume.check.is_some() => Mode::ResumeCheck,
            Screen::Resume(_) => Mode::Resume,
            Screen::Welcome { .. } if self.identifiers.is_empty() => Mode::WelcomeNoFields,
            Screen::Welcome { .. } => Mode::WelcomeFields,
            Screen::Question(question) => match &question.editor {
                Editor::Choice { .. } => Mode::Choice,
                Editor::Multiple { .. } => Mode::Multiple,
                Editor::Field { .. } => Mode::Field,
            },
            Screen::Review(_) => Mode::Review,
            Screen::Results(_) => Mode::Results,
        };
        let mut context = KeyContext::new(mode);
        context.saved = !self.saved.is_empty();
        context.from_review = mode == Mode::Review && self.review_return.is_some();
        context.read_only = self.opened.is_some();
        if let Screen::Question(question) = &self.screen {
            let item = &self.s.questionnaire().items[question.item];
            context.numbered = question::row_keys(item)
                .iter()
                .flatten()
                .filter(|&&k| k != '0' && k != '?')
                .count();
            context.units = matches!(&item.kind, ItemKind::Number(spec) if spec.units.len() > 1);
            context.from_review = question.from_review.is_some();
            context.dont_know = item.dont_know;
            context.help =
                item.help.is_some() || item.kind.options().iter().any(|o| o.help.is_some());
        }
        context
    }

    /// A key press, through the key map, as one update.
    pub fn handle_key(&mut self, key: KeyEvent) -> Effect {
        match keys::action(key, self.key_context()) {
            Some(action) => self.update(action),
            None => Effect::Continue,
        }
    }

    pub fn update(&mut self, action: Action) -> Effect {
        if let Action::Resize(width, height) = action {
            self.size = (width, height);
            self.keep_scroll_in_range();
            return Effect::Continue;
        }
        // Whatever is on screen: the loop hides it before stopping.
        if action == Action::Suspend {
            return Effect::Suspend;
        }
        // On the lock screen a key only unlocks: what it would otherwise
        // do is not done, since the person could not see where it went.
        if self.locked {
            if self.pin_required() {
                self.update_unlock(action);
            } else if action == Action::Unlock {
                self.locked = false;
            }
            return Effect::Continue;
        }
        if action == Action::Lock {
            self.locked = true;
            return Effect::Continue;
        }
        // Changes nothing, wherever the person is: only the terminal.
        if action == Action::Redraw {
            return Effect::Redraw;
        }
        // Under the size message only quitting acts: anything else would
        // change a screen nobody can see.
        let quitting = matches!(
            action,
            Action::Quit
                | Action::QuitConfirmed
                | Action::QuitKeepingDraft
                | Action::QuitDeletingAnswers
                | Action::KeepGoing
                | Action::Suspend
        );
        if self.too_small && !quitting {
            return Effect::Continue;
        }
        if let Some(overlay) = self.overlay {
            return self.update_overlay(overlay, action);
        }
        let action = self.read_only(&action).unwrap_or(action);
        if let Action::Resize(..) = action {
            return Effect::Continue;
        }
        match action {
            Action::Quit => return self.request_quit(),
            Action::ShowKeys => {
                self.overlay = Some(Overlay::Keys);
                return Effect::Continue;
            }
            Action::ShowSections => {
                self.show_sections();
                return Effect::Continue;
            }
            Action::Click(column, row) => {
                self.click(column, row);
                return Effect::Continue;
            }
            _ => {}
        }
        match &self.screen {
            Screen::Resume(_) => return self.update_resume(action),
            Screen::Results(_) => match action {
                Action::OpenSave => {
                    self.open_save();
                    return Effect::Continue;
                }
                Action::NextPatient if self.has_unsaved() => {
                    self.overlay = Some(Overlay::ConfirmDiscard);
                    return Effect::Continue;
                }
                Action::NextPatient => return Effect::NextPatient,
                _ => self.update_results(action),
            },
            Screen::Welcome { .. } => self.update_welcome(action),
            Screen::Question(_) => self.update_question(action),
            Screen::Review(_) => self.update_review(action),
        }
        Effect::Continue
    }

    /// A key on the lock screen with a PIN set: typing it, and Enter to
    /// try it. Nothing else happens behind the lock.
    fn update_unlock(&mut self, action: Action) {
        match action {
            Action::Insert(c) => {
                let _ = self.unlock.insert(c.encode_utf8(&mut [0; 4]));
            }
            Action::Paste(text) => {
                let _ = self.unlock.insert(&text);
            }
            Action::DeleteBack => self.unlock.delete_back(),
            Action::Cancel => self.unlock = TextField::new(MAX_PIN_CHARS),
            Action::Confirm => {
                let typed = std::mem::replace(&mut self.unlock, TextField::new(MAX_PIN_CHARS));
                match self.check_pin(typed.text()) {
                    Ok(()) => {
                        self.locked = false;
                        self.unlock_message = None;
                    }
                    Err(message) => self.unlock_message = Some(message),
                }
            }
            _ => {}
        }
    }

    fn request_quit(&mut self) -> Effect {
        if self.has_unsaved() {
            self.overlay = Some(Overlay::ConfirmQuit);
            Effect::Continue
        } else {
            Effect::Quit
        }
    }

    fn update_overlay(&mut self, overlay: Overlay, action: Action) -> Effect {
        match (overlay, action) {
            // Keeping is offered only when there is a draft to keep.
            (Overlay::ConfirmQuit, Action::QuitKeepingDraft) if self.draft_kept() => {
                return Effect::Quit;
            }
            (Overlay::ConfirmQuit, Action::QuitDeletingAnswers) => {
                return Effect::QuitDeletingDraft;
            }
            (Overlay::ConfirmDiscard, Action::QuitConfirmed) => return Effect::NextPatient,
            (Overlay::ConfirmDeleteDraft, Action::QuitConfirmed) => {
                self.overlay = None;
                return self.delete_selected_draft();
            }
            // Back to where the question was asked from: the save box keeps
            // its name and formats.
            (Overlay::ConfirmQuit, Action::KeepGoing) if self.save.is_some() => {
                self.overlay = Some(Overlay::Save)
            }
            (
                Overlay::ConfirmQuit | Overlay::ConfirmDiscard | Overlay::ConfirmDeleteDraft,
                Action::KeepGoing,
            ) => self.overlay = None,
            (Overlay::ConfirmQuit | Overlay::ConfirmDiscard | Overlay::ConfirmDeleteDraft, _) => {}
            (Overlay::Save, action) => return self.update_save(action),
            (Overlay::Sections, Action::Pick(n)) => {
                self.overlay = None;
                self.go_to_section(n);
            }
            (_, Action::Quit) => return self.request_quit(),
            (_, _) => self.overlay = None,
        }
        Effect::Continue
    }

    /// Keeps the review's selection and the result's scroll position valid
    /// for the current terminal size.
    fn keep_scroll_in_range(&mut self) {
        match &self.screen {
            Screen::Review(review) => {
                let inner = layout::review::text_width(layout::content_area_for(self.size).width);
                let span = layout::review::target_span(&self.review_rows(inner), review.selected);
                let height = layout::review::viewport_height(self.size);
                let mut scroll = review.scroll;
                if let Some((top, bottom)) = span {
                    if bottom > scroll + height {
                        scroll = bottom.saturating_sub(height);
                    }
                    if top < scroll {
                        scroll = top;
                    }
                }
                if let Screen::Review(review) = &mut self.screen {
                    review.scroll = scroll;
                }
            }
            Screen::Results(_) => {
                let max = self.max_result_scroll();
                if let Screen::Results(results) = &mut self.screen {
                    results.scroll = results.scroll.min(max);
                }
            }
            _ => {}
        }
    }
}
