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
    /// Show the result to the other audience (patient or clinician).
    ToggleView,
    /// Start a new screening from the answers of a saved result opened for
    /// reading.
    EditCopy,
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
    /// Forget this patient and start again: the draft of this screening is
    /// no longer needed (saved, or discarded on purpose).
    NextPatient,
}
