//! What a person means (`Action`) and what the event loop must do after an
//! update (`Effect`): the vocabulary between keys, the state and the loop.

use crate::screening::saving::SaveRequest;

/// What a person means by a key, whatever the key was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// The terminal has this many columns and rows.
    Resize(u16, u16),
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
    /// The n-th option (from 1).
    Pick(usize),
    /// Tick or untick in a multiple choice; choose without moving on in a
    /// single choice.
    Toggle,
    Confirm,
    Back,
    /// Leave an answer being changed from the review, unchanged.
    Cancel,
    NextField,
    PrevField,
    NextUnit,
    Insert(char),
    Paste(String),
    DeleteBack,
    DeleteForward,
    CursorLeft,
    CursorRight,
    CursorHome,
    CursorEnd,
    ToggleHelp,
    ShowKeys,
    CloseOverlay,
    ShowResult,
    ShowReview,
    /// Asks first when something would be lost.
    Quit,
    QuitConfirmed,
    KeepGoing,
    /// Open the box to save the result.
    OpenSave,
    /// Save over files that already exist (offered after a refusal).
    Replace,
    /// Start a fresh screening for the next patient.
    NextPatient,
    /// Hide everything behind the lock screen (idle, or on request).
    Lock,
    /// Any key on the lock screen.
    Unlock,
    /// Delete the highlighted draft (asks first).
    Discard,
    /// Leave the drafts for later and start a new screening.
    NewScreening,
    /// The option of a question shown with this key (`1`-`9`, letters,
    /// `0` for "none of these", `?` for "not sure").
    Choose(char),
    /// Paint every cell again: the screen was garbled by something else.
    Redraw,
    /// The sections already reached, to go to one.
    ShowSections,
    /// A click of the main mouse button at this column and row.
    Click(u16, u16),
    /// In the quit box: quit, keeping the answers as a draft.
    QuitKeepingDraft,
    /// In the quit box: quit, deleting the answers and their draft.
    QuitDeletingAnswers,
    /// Stop the program for now (Ctrl-Z), as a shell's job control does.
    Suspend,
    /// Show the result to the other audience (patient or clinician).
    ToggleView,
    /// Start a new screening from the answers of a saved result opened for
    /// reading.
    EditCopy,
}

/// What a click on a place of the screen means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spot {
    /// A row of the question: an option, "not sure", "leave unanswered".
    Row(usize),
    /// A section in the section list.
    Section(usize),
}

/// A line of the screen a click acts on, as last drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub x: u16,
    pub y: u16,
    pub width: u16,
    pub spot: Spot,
}

impl Hit {
    pub fn contains(&self, column: u16, row: u16) -> bool {
        row == self.y && column >= self.x && column < self.x.saturating_add(self.width)
    }
}

/// What the outer loop must do after an update: everything that touches
/// a file or the terminal happens there, and is reported back.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Continue,
    Quit,
    /// Write the result; answer with [`crate::tui::App::save_finished`].
    SaveResult(SaveRequest),
    /// Delete the draft with this id (from the drafts offered at start).
    DiscardDraft(String),
    /// The screening continues the draft with this id: keep saving there.
    Resumed(String),
    /// Read the draft with this id whole (it was offered from its first
    /// line alone); answer with [`crate::tui::App::draft_read`].
    ReadDraft(String),
    /// Forget this patient and start again: the draft of this screening is
    /// no longer needed (saved, or discarded on purpose).
    NextPatient,
    /// Clear the terminal and draw every cell again.
    Redraw,
    /// Quit, deleting the draft of this screening first: the person chose
    /// not to keep the answers.
    QuitDeletingDraft,
    /// Hide the screen and stop the process until the shell continues it.
    Suspend,
}
