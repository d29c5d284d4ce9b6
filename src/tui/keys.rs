//! Keys → intents, in one place: the table the key bar and the `?`
//! overlay describe.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

/// What the keys mean depends on what is in front of the person: in a text
/// field letters are typed, elsewhere they are commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The welcome screen with identifier fields to type into.
    WelcomeFields,
    WelcomeNoFields,
    /// Yes/no and single choice.
    Choice,
    Multiple,
    /// A number or free-text field.
    Field,
    Review,
    Results,
    /// Keys or help overlay: any key closes it.
    Overlay,
    /// A yes/no question over the screen (quit, discard, delete).
    ConfirmQuit,
    /// The drafts offered at start.
    Resume,
    /// The save box, typing the file name.
    SavePath,
    /// The save box, on the list of formats.
    SaveFormats,
    /// The lock screen: any key unlocks.
    Locked,
}

/// The key context, with what the hints need to be specific ("1-3 pick").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyContext {
    pub mode: Mode,
    /// Options that a digit can pick (at most 9).
    pub numbered: usize,
    /// The number field has more than one unit.
    pub units: bool,
    /// Editing one answer from the review: Esc returns there.
    pub from_review: bool,
    /// The question has help text.
    pub help: bool,
    /// The question offers "not sure".
    pub dont_know: bool,
    /// The save box offers to replace an existing file.
    pub replace: bool,
    /// The result has been saved.
    pub saved: bool,
    /// What `y` does in a yes/no question.
    pub yes: &'static str,
}

impl KeyContext {
    pub fn new(mode: Mode) -> Self {
        KeyContext {
            mode,
            numbered: 0,
            units: false,
            from_review: false,
            help: false,
            dont_know: false,
            replace: false,
            saved: false,
            yes: "quit",
        }
    }
}

pub fn action(key: KeyEvent, context: KeyContext) -> Option<Action> {
    use KeyCode::*;
    use Mode::*;
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    let typing = matches!(context.mode, WelcomeFields | Field | SavePath);
    match (context.mode, key.code) {
        (Locked, _) => Some(Action::Unlock),
        (_, Char('l')) if ctrl => Some(Action::Lock),
        (_, Char('c')) if ctrl => Some(Action::Quit),
        (SavePath | SaveFormats, Char('r')) if ctrl && context.replace => Some(Action::Replace),
        (ConfirmQuit, Char('y' | 'Y')) => Some(Action::QuitConfirmed),
        (ConfirmQuit, Char('n' | 'N') | Esc) => Some(Action::KeepGoing),
        (ConfirmQuit, _) => None,
        (Overlay, _) => Some(Action::CloseOverlay),
        // Other control and alt chords are not text and not ours.
        (_, Char(_)) if ctrl || alt => None,

        (Choice | Multiple | Field, F(1)) => Some(Action::ToggleHelp),
        (Choice | Multiple, Char('h')) => Some(Action::ToggleHelp),
        (_, F(2)) => Some(Action::ShowKeys),
        (_, Char('?')) if !typing => Some(Action::ShowKeys),
        (WelcomeNoFields | Choice | Multiple | Review | Results | Resume, Char('q')) => {
            Some(Action::Quit)
        }

        (Resume, Up | Char('k')) => Some(Action::Up),
        (Resume, Down | Char('j')) => Some(Action::Down),
        (Resume, Enter) => Some(Action::Confirm),
        (Resume, Char('d')) => Some(Action::Discard),
        (Resume, Char('n')) => Some(Action::NewScreening),

        (SavePath | SaveFormats, Esc) => Some(Action::Cancel),
        (SavePath | SaveFormats, Enter) => Some(Action::Confirm),
        (SavePath | SaveFormats, Tab | Down) => Some(Action::NextField),
        (SavePath | SaveFormats, BackTab | Up) => Some(Action::PrevField),
        (SaveFormats, Char(' ')) => Some(Action::Toggle),
        (SaveFormats, Char(digit @ '1'..='9')) => Some(Action::Pick(digit as usize - '0' as usize)),
        (SavePath, Char(c)) => Some(Action::Insert(c)),
        (SavePath, Backspace) => Some(Action::DeleteBack),
        (SavePath, Delete) => Some(Action::DeleteForward),
        (SavePath, Left) => Some(Action::CursorLeft),
        (SavePath, Right) => Some(Action::CursorRight),
        (SavePath, Home) => Some(Action::CursorHome),
        (SavePath, End) => Some(Action::CursorEnd),
        (Results, Char('s')) => Some(Action::OpenSave),
        (Results, Char('n')) => Some(Action::NextPatient),

        (WelcomeFields | WelcomeNoFields, Enter) => Some(Action::Confirm),
        (WelcomeFields, Tab | Down) => Some(Action::NextField),
        (WelcomeFields, BackTab | Up) => Some(Action::PrevField),

        (Choice | Multiple | Field | Review, BackTab) => Some(Action::Back),
        (Choice | Multiple | Review, Char('b') | Backspace) => Some(Action::Back),
        (Choice | Multiple | Field, Esc) => Some(Action::Cancel),

        (Choice | Multiple | Field | Review | Results, Up) => Some(Action::Up),
        (Choice | Multiple | Field | Review | Results, Down) => Some(Action::Down),
        (Choice | Multiple | Review | Results, Char('k')) => Some(Action::Up),
        (Choice | Multiple | Review | Results, Char('j')) => Some(Action::Down),
        (Choice | Multiple | Review | Results, Home) => Some(Action::First),
        (Choice | Multiple | Review | Results, End) => Some(Action::Last),
        (Choice | Multiple | Review | Results, PageUp) => Some(Action::PageUp),
        (Choice | Multiple | Review | Results, PageDown) => Some(Action::PageDown),
        (Choice | Multiple, Char(digit @ '1'..='9')) => {
            Some(Action::Pick(digit as usize - '0' as usize))
        }
        (Choice | Multiple, Char(' ')) => Some(Action::Toggle),
        (Choice | Multiple | Field | Review, Enter) => Some(Action::Confirm),

        (Field, Tab) => Some(Action::NextUnit),
        (WelcomeFields | Field, Char(c)) => Some(Action::Insert(c)),
        (WelcomeFields | Field, Backspace) => Some(Action::DeleteBack),
        (WelcomeFields | Field, Delete) => Some(Action::DeleteForward),
        (WelcomeFields | Field, Left) => Some(Action::CursorLeft),
        (WelcomeFields | Field, Right) => Some(Action::CursorRight),
        (WelcomeFields | Field, Home) => Some(Action::CursorHome),
        (WelcomeFields | Field, End) => Some(Action::CursorEnd),

        (Review, Char('r')) => Some(Action::ShowResult),
        (Results, Char('r')) => Some(Action::ShowReview),
        _ => None,
    }
}

/// One entry of the key bar and of the `?` overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub keys: String,
    /// A word or two for the key bar.
    pub short: &'static str,
    /// A sentence for the overlay.
    pub long: &'static str,
    /// Lower is more important: a narrow key bar keeps those first.
    pub rank: u8,
}

fn hint(rank: u8, keys: impl Into<String>, short: &'static str, long: &'static str) -> Hint {
    Hint {
        keys: keys.into(),
        short,
        long,
        rank,
    }
}

/// How the keys that depend on the terminal and the question are named.
struct KeyNames<'a> {
    up_down: &'a str,
    left_right: &'a str,
    /// The digits that pick an option ("1-3"), if any.
    pick: Option<String>,
}

/// The keys of a context in the order they are shown: the key bar shows
/// the most important that fit, the overlay shows them all.
pub fn hints(context: KeyContext, up_down: &str, left_right: &str) -> Vec<Hint> {
    use Mode::*;
    let names = KeyNames {
        up_down,
        left_right,
        pick: match context.numbered {
            0 => None,
            1 => Some("1".to_string()),
            n => Some(format!("1-{n}")),
        },
    };
    let mut out = Vec::new();
    match context.mode {
        WelcomeFields => welcome_hints(&names, &mut out),
        WelcomeNoFields => out.push(hint(1, "Enter", "start", "start the screening")),
        Choice => choice_hints(&names, &mut out),
        Multiple => multiple_hints(&names, &mut out),
        Field => field_hints(context, &names, &mut out),
        Review => review_hints(&names, &mut out),
        Results => results_hints(context, &names, &mut out),
        Resume => resume_hints(&names, &mut out),
        SavePath | SaveFormats => save_hints(context, &mut out),
        Locked => out.push(hint(
            1,
            "any key",
            "continue",
            "any key shows the screening again",
        )),
        Overlay => out.push(hint(1, "Esc", "close", "any key closes this")),
        ConfirmQuit => {
            out.push(hint(1, "y", context.yes, "yes"));
            out.push(hint(
                1,
                "n",
                "keep going",
                "go back to the screening (also Esc)",
            ));
        }
    }
    answering_hints(context, &mut out);
    everywhere_hints(context, &mut out);
    out
}

/// The welcome screen, typing the identifiers.
fn welcome_hints(names: &KeyNames, out: &mut Vec<Hint>) {
    out.push(hint(1, "Enter", "start", "start the screening"));
    out.push(hint(
        1,
        "Tab",
        "next field",
        "next field (Shift-Tab: previous)",
    ));
    out.push(hint(
        4,
        names.left_right,
        "edit",
        "move in the field; Backspace and Delete erase",
    ));
}

/// A yes/no or single choice.
fn choice_hints(names: &KeyNames, out: &mut Vec<Hint>) {
    out.push(hint(
        1,
        names.up_down,
        "move",
        "move between the options (also j and k)",
    ));
    if let Some(pick) = names.pick.clone() {
        out.push(hint(2, pick, "pick", "pick that option and go on"));
    }
    out.push(hint(
        1,
        "Enter",
        "next",
        "pick the highlighted option and go on",
    ));
}

/// A multiple choice.
fn multiple_hints(names: &KeyNames, out: &mut Vec<Hint>) {
    out.push(hint(
        1,
        names.up_down,
        "move",
        "move between the options (also j and k)",
    ));
    let keys = match names.pick.clone() {
        Some(pick) => format!("Space {pick}"),
        None => "Space".to_string(),
    };
    out.push(hint(
        1,
        keys,
        "tick",
        "tick or untick the highlighted option, or that option",
    ));
    out.push(hint(
        1,
        "Enter",
        "next",
        "confirm the ticked options and go on",
    ));
}

/// A number or text field.
fn field_hints(context: KeyContext, names: &KeyNames, out: &mut Vec<Hint>) {
    out.push(hint(
        1,
        "Enter",
        "next",
        "confirm and go on (empty: skip if optional)",
    ));
    if context.units {
        out.push(hint(1, "Tab", "unit", "change the unit"));
    }
    if context.dont_know {
        out.push(hint(
            4,
            names.up_down,
            "not sure",
            "move between the field and \"not sure\"",
        ));
    }
    out.push(hint(
        5,
        names.left_right,
        "edit",
        "move in the field; Backspace and Delete erase",
    ));
}

/// The review of the answers.
fn review_hints(names: &KeyNames, out: &mut Vec<Hint>) {
    out.push(hint(
        1,
        names.up_down,
        "move",
        "move between the answers (also j, k, PgUp, PgDn)",
    ));
    out.push(hint(1, "Enter", "change", "change the highlighted answer"));
    out.push(hint(1, "r", "result", "show the result"));
}

/// The results screen.
fn results_hints(context: KeyContext, names: &KeyNames, out: &mut Vec<Hint>) {
    if context.saved {
        out.push(hint(
            1,
            "n",
            "next patient",
            "start the next patient's screening",
        ));
    } else {
        out.push(hint(1, "s", "save", "save the result to files"));
        out.push(hint(
            2,
            "n",
            "next patient",
            "start the next patient (asks first: not saved)",
        ));
    }
    out.push(hint(
        1,
        names.up_down,
        "scroll",
        "scroll (also PgUp, PgDn, Home, End)",
    ));
    out.push(hint(2, "r", "review", "back to the review of the answers"));
}

/// The drafts offered at start.
fn resume_hints(names: &KeyNames, out: &mut Vec<Hint>) {
    out.push(hint(1, names.up_down, "move", "move between the drafts"));
    out.push(hint(
        1,
        "Enter",
        "resume",
        "continue the highlighted screening",
    ));
    out.push(hint(
        1,
        "d",
        "delete",
        "delete the highlighted draft (asks first)",
    ));
    out.push(hint(
        1,
        "n",
        "new",
        "start a new screening; the drafts stay for later",
    ));
}

/// The save box.
fn save_hints(context: KeyContext, out: &mut Vec<Hint>) {
    use Mode::*;
    out.push(hint(1, "Enter", "save", "save the result"));
    if context.mode == SaveFormats {
        out.push(hint(
            1,
            "Space",
            "tick",
            "tick or untick the highlighted format (also 1-5)",
        ));
    }
    out.push(hint(
        1,
        "Tab",
        "next",
        "move between the file name and the formats",
    ));
    if context.replace {
        out.push(hint(1, "Ctrl-R", "replace", "replace the existing file"));
    }
    out.push(hint(2, "Esc", "cancel", "close without saving"));
}

/// Going back, help and the review, while answering or reviewing.
fn answering_hints(context: KeyContext, out: &mut Vec<Hint>) {
    use Mode::*;
    if matches!(context.mode, Choice | Multiple | Field) {
        if context.from_review {
            out.push(hint(
                2,
                "Esc",
                "review",
                "back to the review without changing",
            ));
        }
        out.push(hint(
            2,
            "Shift-Tab",
            "back",
            "back to the previous question",
        ));
        if context.help {
            if context.mode == Field {
                out.push(hint(3, "F1", "help", "help for this question"));
            } else {
                out.push(hint(3, "h", "help", "help for this question (also F1)"));
            }
        }
    }
    if context.mode == Review {
        out.push(hint(3, "Shift-Tab", "back", "back to the last question"));
    }
}

/// Lock, all keys and quit, and choosing without moving on.
fn everywhere_hints(context: KeyContext, out: &mut Vec<Hint>) {
    use Mode::*;
    if !matches!(context.mode, Locked | Overlay | ConfirmQuit) {
        out.push(hint(
            6,
            "Ctrl-L",
            "lock",
            "hide the screen until a key is pressed",
        ));
    }
    match context.mode {
        Locked | SavePath | SaveFormats => {}
        WelcomeFields | Field => {
            out.push(hint(3, "F2", "keys", "show all keys"));
            out.push(hint(
                2,
                "Ctrl-C",
                "quit",
                "quit (asks first if anything was answered)",
            ));
        }
        Overlay | ConfirmQuit => {}
        _ => {
            out.push(hint(3, "?", "keys", "show all keys (also F2)"));
            out.push(hint(
                2,
                "q",
                "quit",
                "quit (also Ctrl-C; asks first if anything was answered)",
            ));
        }
    }
    if context.mode == Choice {
        out.push(hint(
            5,
            "Space",
            "choose",
            "choose the highlighted option and stay",
        ));
    }
}
