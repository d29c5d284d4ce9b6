//! The state of a screening in progress and the one function that changes
//! it: `App::update(Action) -> Effect`. No terminal here, so every step a
//! person can take is testable as data.

use crossterm::event::KeyEvent;

use crate::engine::{self, Answer, Answers};
use crate::questionnaire::{Item, ItemKind, Questionnaire};
use crate::report::Report;
use crate::screening::Screening;

use super::field::TextField;
use super::keys::{self, KeyContext, Mode};
use super::layout;
use super::theme::Theme;
use crate::screening::saving::{DraftEntry, Settings};
pub use save::{SaveDialog, SaveRow};

mod cache;
mod save;

pub use super::action::{Action, Effect};

pub use cache::LineCache;

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
}

/// A line a person can put the cursor on in a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Option(usize),
    DontKnow,
    /// Leave an optional choice unanswered.
    Skip,
    /// The number or text field.
    Field,
}

/// The rows of a question, in the order they are shown.
pub fn rows(item: &Item) -> Vec<Row> {
    let mut rows: Vec<Row> = match &item.kind {
        ItemKind::YesNo(options) | ItemKind::Single(options) | ItemKind::Multiple(options) => {
            (0..options.len()).map(Row::Option).collect()
        }
        ItemKind::Number(_) | ItemKind::Text { .. } => vec![Row::Field],
    };
    if item.dont_know {
        rows.push(Row::DontKnow);
    }
    if !item.required && matches!(item.kind, ItemKind::YesNo(_) | ItemKind::Single(_)) {
        rows.push(Row::Skip);
    }
    rows
}

/// The longest number anyone needs to type.
const NUMBER_CHARS: usize = 24;

/// An answer being given, before it is confirmed.
#[derive(Debug, Clone, PartialEq)]
pub enum Editor {
    Choice {
        cursor: usize,
    },
    Multiple {
        cursor: usize,
        ticked: Vec<bool>,
        dont_know: bool,
    },
    Field {
        field: TextField,
        unit: usize,
        /// The cursor is on the "not sure" row rather than in the field.
        on_dont_know: bool,
    },
}

impl Editor {
    fn new(item: &Item, answer: Option<&Answer>) -> Editor {
        let rows = rows(item);
        let row_of = |wanted: Row| rows.iter().position(|&r| r == wanted).unwrap_or(0);
        match &item.kind {
            ItemKind::YesNo(_) | ItemKind::Single(_) => Editor::Choice {
                cursor: match answer {
                    Some(Answer::Choice(i)) => row_of(Row::Option(*i)),
                    Some(Answer::DontKnow) => row_of(Row::DontKnow),
                    _ => 0,
                },
            },
            ItemKind::Multiple(options) => {
                let mut ticked = vec![false; options.len()];
                if let Some(Answer::Choices(chosen)) = answer {
                    for &i in chosen {
                        if let Some(t) = ticked.get_mut(i) {
                            *t = true;
                        }
                    }
                }
                Editor::Multiple {
                    cursor: 0,
                    ticked,
                    dont_know: answer == Some(&Answer::DontKnow),
                }
            }
            ItemKind::Number(_) => {
                let (field, unit) = match answer {
                    Some(Answer::Number { value, unit }) => (
                        TextField::with_text(&crate::text::number(*value), NUMBER_CHARS),
                        *unit,
                    ),
                    _ => (TextField::new(NUMBER_CHARS), 0),
                };
                Editor::Field {
                    field,
                    unit,
                    on_dont_know: answer == Some(&Answer::DontKnow),
                }
            }
            ItemKind::Text { max_length } => Editor::Field {
                field: match answer {
                    Some(Answer::Text(text)) => TextField::with_text(text, *max_length),
                    _ => TextField::new(*max_length),
                },
                unit: 0,
                on_dont_know: answer == Some(&Answer::DontKnow),
            },
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct QuestionScreen {
    pub item: usize,
    pub editor: Editor,
    /// Why the last confirmation was refused, or a limit that was reached.
    pub message: Option<String>,
    /// Changing an answer from the review: the question chosen there, to
    /// select again on the way back.
    pub from_review: Option<usize>,
}

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

#[derive(Debug, Clone, PartialEq)]
pub struct ResultsScreen {
    pub scroll: usize,
    /// Laid out per width and per state of the saving, which the result
    /// shows.
    pub layout: LineCache<(usize, Vec<std::path::PathBuf>, bool), layout::results::Row>,
}

/// The drafts found at start, one of which can be resumed.
#[derive(Debug, Clone, PartialEq)]
pub struct ResumeScreen {
    pub drafts: Vec<DraftEntry>,
    pub selected: usize,
    pub message: Option<String>,
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
        let mut app = App::fresh(q, theme);
        app.settings = settings;
        if !drafts.is_empty() {
            app.screen = Screen::Resume(ResumeScreen {
                drafts,
                selected: 0,
                message: None,
            });
        }
        app
    }

    /// The next patient's screening: nothing of this one is carried over
    /// but the questionnaire, the look and the settings.
    pub fn next_patient(&self) -> App {
        let mut app = App::fresh(self.s.questionnaire().clone(), self.theme);
        app.settings = self.settings.clone();
        app.size = self.size;
        app
    }

    fn fresh(q: Questionnaire, theme: Theme) -> App {
        let identifiers = q
            .identifiers
            .iter()
            .map(|f| TextField::new(f.max_length))
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
            theme,
            s: Screening::new(q),
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

    pub fn warning(&self) -> Option<&str> {
        self.s.warning()
    }

    pub fn set_warning(&mut self, warning: Option<String>) {
        self.s.set_warning(warning);
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

    pub fn report(&self) -> Option<&Report> {
        match &self.screen {
            Screen::Results(_) => self.s.report(),
            _ => None,
        }
    }

    pub fn progress(&self) -> Progress {
        let total = self.s.applicable_count();
        let answered = self.s.answered_count();
        let position = match &self.screen {
            Screen::Resume(_) | Screen::Welcome { .. } => 0,
            Screen::Question(question) => self.s.position(question.item).0,
            Screen::Review(_) | Screen::Results(_) => total,
        };
        Progress {
            position,
            total,
            answered,
        }
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
        self.s.has_unsaved()
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
        if self.locked {
            return KeyContext::new(Mode::Locked);
        }
        match self.overlay {
            Some(
                overlay @ (Overlay::ConfirmQuit
                | Overlay::ConfirmDiscard
                | Overlay::ConfirmDeleteDraft),
            ) => {
                let mut context = KeyContext::new(Mode::ConfirmQuit);
                context.yes = match overlay {
                    Overlay::ConfirmDiscard => "next patient",
                    Overlay::ConfirmDeleteDraft => "delete",
                    _ => "quit",
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
            Some(_) => KeyContext::new(Mode::Overlay),
            None => self.screen_key_context(),
        }
    }

    /// What keys mean on the screen itself, under any overlay: what the
    /// keys overlay lists.
    pub fn screen_key_context(&self) -> KeyContext {
        let mode = match &self.screen {
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
        if let Screen::Question(question) = &self.screen {
            let item = &self.s.questionnaire().items[question.item];
            context.numbered = item.kind.options().len().min(9);
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
        // On the lock screen a key only unlocks: what it would otherwise
        // do is not done, since the person could not see where it went.
        if self.locked {
            if action == Action::Unlock {
                self.locked = false;
            }
            return Effect::Continue;
        }
        if action == Action::Lock {
            self.locked = true;
            return Effect::Continue;
        }
        if let Some(overlay) = self.overlay {
            return self.update_overlay(overlay, action);
        }
        match action {
            Action::Quit => return self.request_quit(),
            Action::ShowKeys => {
                self.overlay = Some(Overlay::Keys);
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
            (Overlay::ConfirmQuit, Action::QuitConfirmed) => return Effect::Quit,
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
            (_, Action::Quit) => return self.request_quit(),
            (_, _) => self.overlay = None,
        }
        Effect::Continue
    }

    // ------------------------------------------------------------ welcome

    fn update_welcome(&mut self, action: Action) {
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
    fn sync_identifiers(&mut self) {
        for (index, value) in self.identifier_values().into_iter().enumerate() {
            self.s.set_identifier(index, value);
        }
    }

    fn start(&mut self) {
        if self.identifiers.iter().any(|f| !f.is_empty()) {
            self.s.identifiers_entered();
        }
        match self.s.first_question() {
            Some(first) => self.open_question(first, None),
            None => self.open_review(None),
        }
    }

    // ----------------------------------------------------------- question

    fn open_question(&mut self, item: usize, from_review: Option<usize>) {
        let editor = self.drafts[item].take().unwrap_or_else(|| {
            Editor::new(
                &self.s.questionnaire().items[item],
                self.s.answers().get(item),
            )
        });
        self.screen = Screen::Question(QuestionScreen {
            item,
            editor,
            message: None,
            from_review,
        });
    }

    /// Keeps what was typed but not confirmed, for when the person returns.
    fn keep_draft(&mut self) {
        if let Screen::Question(question) = &self.screen {
            self.drafts[question.item] = Some(question.editor.clone());
        }
    }

    fn go_back(&mut self, item: usize, from_review: Option<usize>) {
        self.keep_draft();
        match self.s.previous_question(item) {
            Some(previous) => self.open_question(previous, from_review),
            None => {
                self.screen = Screen::Welcome {
                    focus: 0,
                    message: None,
                }
            }
        }
    }

    /// Stores (or, with `None`, clears) the answer to `item` and works out
    /// again which questions apply.
    ///
    /// Every confirmed answer passes through here: the one place to hook
    /// anything that must follow a change of answers.
    fn commit(&mut self, item: usize, answer: Option<Answer>) -> Result<(), String> {
        self.s.commit(item, answer)?;
        self.drafts[item] = None;
        Ok(())
    }

    /// After a confirmed answer: the next question that applies or, when
    /// changing an answer from the review, the next one never seen (newly
    /// revealed by the change), else the review.
    fn advance(&mut self, item: usize, from_review: Option<usize>) {
        let next = self.s.next_question(item, from_review.is_some());
        match next {
            Some(next) => self.open_question(next, from_review),
            None => self.open_review(Some(from_review.unwrap_or(item))),
        }
    }

    fn update_question(&mut self, action: Action) {
        let Screen::Question(question) = &mut self.screen else {
            return;
        };
        question.message = None;
        let index = question.item;
        let from_review = question.from_review;
        match action {
            Action::Back => return self.go_back(index, from_review),
            Action::Cancel => {
                if let Some(origin) = from_review {
                    self.open_review(Some(origin));
                }
                return;
            }
            Action::ToggleHelp => {
                self.overlay = Some(Overlay::Help);
                return;
            }
            _ => {}
        }
        let item = &self.s.questionnaire().items[index];
        let edited = match &mut question.editor {
            Editor::Choice { cursor } => edit_choice(item, cursor, action),
            Editor::Multiple {
                cursor,
                ticked,
                dont_know,
            } => edit_multiple(item, cursor, ticked, dont_know, action),
            Editor::Field {
                field,
                unit,
                on_dont_know,
            } => edit_field(item, field, unit, on_dont_know, action),
        };
        let unit = match &question.editor {
            Editor::Field { unit, .. } => *unit,
            _ => 0,
        };
        let (answer, move_on) = match edited {
            Edited::Stay => return,
            Edited::Back => return self.go_back(index, from_review),
            Edited::Refused(message) => {
                question.message = Some(message);
                return;
            }
            Edited::Decided(answer, move_on) => (answer, move_on),
        };
        let answer = answer.map(|a| match a {
            Answer::Number { value, .. } => Answer::Number { value, unit },
            other => other,
        });
        match self.commit(index, answer) {
            Ok(()) if move_on => self.advance(index, from_review),
            Ok(()) => {}
            Err(message) => {
                if let Screen::Question(question) = &mut self.screen {
                    question.message = Some(message);
                }
            }
        }
    }

    // ------------------------------------------------------------- review

    fn open_review(&mut self, select: Option<usize>) {
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

    fn update_review(&mut self, action: Action) {
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

    fn show_result(&mut self) {
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

    // ------------------------------------------------------------ results

    /// The result's lines for `inner` columns, laid out again only when
    /// the width or the saving changed.
    pub fn result_rows(&self, inner: usize) -> std::rc::Rc<[layout::results::Row]> {
        let Screen::Results(results) = &self.screen else {
            return Vec::new().into();
        };
        let key = (inner, self.saved.clone(), self.has_unsaved());
        results.layout.get(key, || match self.report() {
            Some(report) => layout::results::rows(
                layout::results::Shown {
                    q: self.s.questionnaire(),
                    report,
                    symbols: self.theme.symbols(),
                    saved: &self.saved,
                    unsaved: self.has_unsaved(),
                },
                inner,
            ),
            None => Vec::new(),
        })
    }

    /// How far the result can scroll in the terminal's size.
    fn max_result_scroll(&self) -> usize {
        let inner = layout::results::text_width(layout::content_area_for(self.size).width);
        self.result_rows(inner)
            .len()
            .saturating_sub(layout::results::viewport_height(self.size))
    }

    fn update_results(&mut self, action: Action) {
        let page = layout::results::viewport_height(self.size)
            .saturating_sub(1)
            .max(1);
        let max = self.max_result_scroll();
        let Screen::Results(results) = &mut self.screen else {
            return;
        };
        results.scroll = match action {
            Action::Up => results.scroll.saturating_sub(1),
            Action::Down => results.scroll + 1,
            Action::PageUp => results.scroll.saturating_sub(page),
            Action::PageDown => results.scroll + page,
            Action::First => 0,
            Action::Last => max,
            Action::ShowReview | Action::Back => {
                self.open_review(None);
                return;
            }
            _ => results.scroll,
        }
        .min(max);
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

/// What an edit of the answer on screen leads to.
enum Edited {
    /// Nothing more to do.
    Stay,
    /// Store this answer (`None` clears it), then move on or not.
    Decided(Option<Answer>, bool),
    /// Backspace in an empty field: the previous question.
    Back,
    /// What was typed is not taken, and why.
    Refused(String),
}

/// Moves the cursor of a choice; false when `action` is not a move.
fn move_cursor(cursor: &mut usize, last: usize, action: &Action) -> bool {
    match action {
        Action::Up => *cursor = cursor.saturating_sub(1),
        Action::Down => *cursor = (*cursor + 1).min(last),
        Action::First | Action::PageUp => *cursor = 0,
        Action::Last | Action::PageDown => *cursor = last,
        _ => return false,
    }
    true
}

/// A yes/no or single choice: a digit picks and goes on, Enter takes the
/// highlighted row, Space takes it and stays.
fn edit_choice(item: &Item, cursor: &mut usize, action: Action) -> Edited {
    let rows = rows(item);
    if move_cursor(cursor, rows.len().saturating_sub(1), &action) {
        return Edited::Stay;
    }
    match action {
        Action::Pick(n) if (1..=item.kind.options().len()).contains(&n) => {
            *cursor = n - 1;
            Edited::Decided(Some(Answer::Choice(n - 1)), true)
        }
        Action::Toggle | Action::Confirm => {
            let answer = match rows.get(*cursor) {
                Some(Row::Option(i)) => Some(Answer::Choice(*i)),
                Some(Row::DontKnow) => Some(Answer::DontKnow),
                _ => None,
            };
            Edited::Decided(answer, action == Action::Confirm)
        }
        _ => Edited::Stay,
    }
}

/// A multiple choice: digits and Space tick, Enter confirms the ticks.
fn edit_multiple(
    item: &Item,
    cursor: &mut usize,
    ticked: &mut [bool],
    dont_know: &mut bool,
    action: Action,
) -> Edited {
    let rows = rows(item);
    if move_cursor(cursor, rows.len().saturating_sub(1), &action) {
        return Edited::Stay;
    }
    match action {
        Action::Pick(n) if (1..=ticked.len()).contains(&n) => {
            tick(item, ticked, dont_know, n - 1);
            Edited::Stay
        }
        Action::Toggle => {
            match rows.get(*cursor) {
                Some(Row::Option(i)) => tick(item, ticked, dont_know, *i),
                Some(Row::DontKnow) => {
                    *dont_know = !*dont_know;
                    if *dont_know {
                        ticked.iter_mut().for_each(|t| *t = false);
                    }
                }
                _ => {}
            }
            Edited::Stay
        }
        Action::Confirm => {
            let chosen: Vec<usize> = (0..ticked.len()).filter(|&i| ticked[i]).collect();
            if *dont_know {
                Edited::Decided(Some(Answer::DontKnow), true)
            } else if chosen.is_empty() && !item.required {
                Edited::Decided(None, true)
            } else {
                Edited::Decided(Some(Answer::Choices(chosen)), true)
            }
        }
        _ => Edited::Stay,
    }
}

/// A number or text field: typing and editing, the unit, "not sure"
/// below the field, and Enter to confirm.
fn edit_field(
    item: &Item,
    field: &mut TextField,
    unit: &mut usize,
    on_dont_know: &mut bool,
    action: Action,
) -> Edited {
    match action {
        Action::Down => *on_dont_know = item.dont_know,
        Action::Up => *on_dont_know = false,
        Action::NextUnit => {
            if let ItemKind::Number(spec) = &item.kind
                && spec.units.len() > 1
            {
                *unit = (*unit + 1) % spec.units.len();
            }
        }
        Action::DeleteBack => {
            if field.is_empty() {
                return Edited::Back;
            }
            *on_dont_know = false;
            field.delete_back();
        }
        Action::Insert(c) => {
            *on_dont_know = false;
            return type_into(item, field, c.encode_utf8(&mut [0; 4]))
                .map_or(Edited::Stay, Edited::Refused);
        }
        Action::Paste(text) => {
            *on_dont_know = false;
            return type_into(item, field, &text).map_or(Edited::Stay, Edited::Refused);
        }
        Action::DeleteForward
        | Action::CursorLeft
        | Action::CursorRight
        | Action::CursorHome
        | Action::CursorEnd => {
            *on_dont_know = false;
            match action {
                Action::DeleteForward => field.delete_forward(),
                Action::CursorLeft => field.left(),
                Action::CursorRight => field.right(),
                Action::CursorHome => field.home(),
                _ => field.end(),
            }
        }
        Action::Confirm => {
            return match field_answer(item, field, *on_dont_know) {
                Ok(answer) => Edited::Decided(answer, true),
                Err(message) => Edited::Refused(message),
            };
        }
        _ => {}
    }
    Edited::Stay
}

/// Ticks or unticks option `i`; "none of these" and "not sure" exclude the
/// others, and the others exclude them.
fn tick(item: &Item, ticked: &mut [bool], dont_know: &mut bool, i: usize) {
    let options = item.kind.options();
    let now = !ticked[i];
    ticked[i] = now;
    if now {
        *dont_know = false;
        let exclusive = options.get(i).is_some_and(|o| o.exclusive);
        for (j, t) in ticked.iter_mut().enumerate() {
            if j != i && (exclusive || options.get(j).is_some_and(|o| o.exclusive)) {
                *t = false;
            }
        }
    }
}

/// Types into a number or text field; returns a message when something was
/// refused.
fn type_into(item: &Item, field: &mut TextField, typed: &str) -> Option<String> {
    if let ItemKind::Number(spec) = &item.kind {
        let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
        let allowed = |c: char| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+');
        if !typed.chars().all(allowed) {
            return Some(if spec.integer {
                "Type a whole number, with digits only.".to_string()
            } else {
                "Type a number: digits and a decimal point.".to_string()
            });
        }
        return field
            .insert(&typed)
            .err()
            .map(|full| format!("At most {} characters.", full.max_chars));
    }
    field
        .insert(typed)
        .err()
        .map(|full| format!("At most {} characters.", full.max_chars))
}

/// What the field holds, as an answer: `Ok(None)` to skip an optional
/// question.
fn field_answer(
    item: &Item,
    field: &TextField,
    on_dont_know: bool,
) -> Result<Option<Answer>, String> {
    if on_dont_know {
        return Ok(Some(Answer::DontKnow));
    }
    let text = field.text().trim();
    if text.is_empty() {
        return if item.required {
            Err(if item.dont_know {
                "This question needs an answer (or choose \"not sure\" below).".to_string()
            } else {
                "This question needs an answer.".to_string()
            })
        } else {
            Ok(None)
        };
    }
    match &item.kind {
        ItemKind::Number(spec) => {
            let value = engine::parse_number(spec, text)?;
            // The unit is filled in by the caller, which knows the editor.
            Ok(Some(Answer::Number { value, unit: 0 }))
        }
        _ => Ok(Some(Answer::Text(text.to_string()))),
    }
}
