//! Keys → intents, in one table: dispatch (`action`) and the key bar and
//! the `?` overlay (`hints`) are both read from `BINDINGS`, so a key cannot
//! work without being described, or be described without working.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

use super::action::Action;

/// The letters that pick options after the ninth: none that means
/// something else in a question (`b` back, `h` help, `j` `k` move, `q`
/// quit), nor `l` and `o`, which read as 1 and 0.
pub const OPTION_LETTERS: &str = "acdefgimnprstuvwxyz";

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
    /// The sections already reached, to go to one.
    Sections,
    /// The quit box: keep the answers as a draft, delete them, or go on.
    QuitChoice,
    /// Typing what a draft needs before it opens (its identifier, the PIN).
    ResumeCheck,
    /// The lock screen with a clinician PIN: only the PIN unlocks.
    LockedPin,
}

/// The key context, with what the hints need to be specific ("1-3 pick").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyContext {
    pub mode: Mode,
    /// Options picked by a digit from 1, then by a letter.
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
    /// The answers are in a draft, so quitting can keep them.
    pub kept: bool,
    /// A saved result opened for reading: nothing can be changed.
    pub read_only: bool,
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
            kept: false,
            read_only: false,
        }
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

/// A key as a binding names it.
#[derive(Debug, Clone, Copy)]
enum Key {
    /// A key that is not a character, whatever modifiers are held.
    Code(KeyCode),
    /// A character typed without Ctrl or Alt (Shift allowed).
    Char(char),
    /// A character, whatever modifiers are held.
    AnyMods(char),
    /// A character with Ctrl held.
    Ctrl(char),
    /// A digit from 1 to 9, typed without Ctrl or Alt.
    Digit,
    /// A key shown beside an option: a digit, or one of `OPTION_LETTERS`,
    /// typed without Ctrl or Alt.
    Shown,
    /// Any character typed without Ctrl or Alt: weaker than every key
    /// named above.
    Typed,
    /// Any key at all: the weakest.
    Any,
}

impl Key {
    /// How strongly the key matches: named keys before typed text before
    /// any key, so that the table's order never decides a clash.
    fn strength(self) -> u8 {
        match self {
            Key::Typed => 1,
            Key::Any => 0,
            _ => 2,
        }
    }

    fn matches(self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let plain = !ctrl && !key.modifiers.contains(KeyModifiers::ALT);
        match (self, key.code) {
            (Key::Code(code), pressed) => code == pressed,
            (Key::Char(c), KeyCode::Char(pressed)) => plain && c == pressed,
            (Key::AnyMods(c), KeyCode::Char(pressed)) => c == pressed,
            (Key::Ctrl(c), KeyCode::Char(pressed)) => ctrl && c == pressed,
            (Key::Digit, KeyCode::Char(pressed)) => plain && ('1'..='9').contains(&pressed),
            (Key::Shown, KeyCode::Char(pressed)) => {
                plain && (pressed.is_ascii_digit() || OPTION_LETTERS.contains(pressed))
            }
            (Key::Typed, KeyCode::Char(_)) => plain,
            (Key::Any, _) => true,
            _ => false,
        }
    }
}

/// What a binding does with the key.
#[derive(Debug, Clone)]
enum Does {
    /// Always this action.
    Act(Action),
    /// Picks the option of the digit.
    Pick,
    /// Types the character.
    Insert,
    /// Picks the option shown with the key.
    Choose,
    /// Nothing: the key is taken so that nothing else gets it.
    Swallow,
}

/// How a hint names its keys.
#[derive(Debug, Clone, Copy)]
enum Label {
    Text(&'static str),
    /// The terminal's up and down arrows (↑↓, or a fallback).
    UpDown,
    /// The terminal's left and right arrows.
    LeftRight,
    /// The digits (and letters) that pick an option ("1-3", "1-9 a-c").
    Pick,
    /// Space, and the digits that tick ("Space 1-3").
    SpacePick,
}

/// What the key bar and the overlay say about a binding.
#[derive(Debug, Clone, Copy)]
struct Describe {
    /// Where it is said; `None`: wherever the binding works.
    modes: Option<&'static [Mode]>,
    /// Said only when this holds.
    when: fn(&KeyContext) -> bool,
    rank: u8,
    keys: Label,
    /// A word or two for the key bar; `None`: what `y` does now.
    short: Option<&'static str>,
    long: &'static str,
}

/// One row of the table: in these modes these keys mean this, and this is
/// how the key bar and the overlay put it (the first description that
/// applies).
struct Binding {
    modes: &'static [Mode],
    keys: &'static [Key],
    /// The binding works only when this holds.
    when: fn(&KeyContext) -> bool,
    does: Does,
    describe: &'static [Describe],
}

fn always(_: &KeyContext) -> bool {
    true
}

const fn says(rank: u8, keys: Label, short: &'static str, long: &'static str) -> Describe {
    Describe {
        modes: None,
        when: always,
        rank,
        keys,
        short: Some(short),
        long,
    }
}

const fn bind(modes: &'static [Mode], keys: &'static [Key], action: Action) -> Binding {
    Binding {
        modes,
        keys,
        when: always,
        does: Does::Act(action),
        describe: &[],
    }
}

const fn told(
    modes: &'static [Mode],
    keys: &'static [Key],
    action: Action,
    describe: &'static [Describe],
) -> Binding {
    Binding {
        modes,
        keys,
        when: always,
        does: Does::Act(action),
        describe,
    }
}

use KeyCode::{
    BackTab, Backspace, Delete, Down, End, Enter, Esc, F, Home, Left, PageDown, PageUp, Right, Tab,
    Up,
};
use Mode::*;

const ALL_BUT_LOCKED: &[Mode] = &[
    Sections,
    WelcomeFields,
    WelcomeNoFields,
    Choice,
    Multiple,
    Field,
    Review,
    Results,
    Overlay,
    ConfirmQuit,
    Resume,
    SavePath,
    SaveFormats,
    QuitChoice,
    ResumeCheck,
];
/// Every mode, the locks included.
const ALL_MODES: &[Mode] = &[
    WelcomeFields,
    WelcomeNoFields,
    Choice,
    Multiple,
    Field,
    Review,
    Results,
    Overlay,
    ConfirmQuit,
    Resume,
    SavePath,
    SaveFormats,
    Locked,
    Sections,
    QuitChoice,
    ResumeCheck,
    LockedPin,
];
/// Where the screen's own keys work: not under an overlay, a question or
/// the lock.
const SCREENS: &[Mode] = &[
    WelcomeFields,
    WelcomeNoFields,
    Choice,
    Multiple,
    Field,
    Review,
    Results,
    Resume,
    SavePath,
    SaveFormats,
    ResumeCheck,
];
/// Where letters are commands and the key bar offers `?` and `q`.
const COMMAND_SCREENS: &[Mode] = &[WelcomeNoFields, Choice, Multiple, Review, Results, Resume];
const QUESTIONS: &[Mode] = &[Choice, Multiple, Field];
const CHOICES: &[Mode] = &[Choice, Multiple];
const LISTS: &[Mode] = &[Choice, Multiple, Review, Results];
const SAVE: &[Mode] = &[SavePath, SaveFormats];
const TYPING: &[Mode] = &[WelcomeFields, Field, ResumeCheck];
/// Where the key bar names F2 for all keys: where `?` is typed, or means
/// "not sure".
const F2_SHOWN: &[Mode] = &[WelcomeFields, Field, ResumeCheck, Choice, Multiple];
const QUESTION_MARK_SHOWN: &[Mode] = &[WelcomeNoFields, Review, Results, Resume];

/// Every key of the interface, in the order the key bar and the overlay
/// list them: first each screen's own keys, then going back and help,
/// then the lock, all keys and quit. `action` and `hints` both read it.
#[rustfmt::skip]
static BINDINGS: &[Binding] = &[
    // ------------------------------------------------------------ welcome
    told(&[WelcomeFields, WelcomeNoFields], &[Key::Code(Enter)], Action::Confirm, &[says(1, Label::Text("Enter"), "start", "start the screening")]),
    told(&[WelcomeFields], &[Key::Code(Tab), Key::Code(Down)], Action::NextField, &[says(1, Label::Text("Tab"), "next field", "next field (Shift-Tab: previous)")]),
    bind(&[WelcomeFields], &[Key::Code(BackTab), Key::Code(Up)], Action::PrevField),
    told(&[WelcomeFields], &[Key::Code(Left)], Action::CursorLeft, &[says(4, Label::LeftRight, "edit", "move in the field; Backspace and Delete erase")]),
    // ------------------------------------------------------ a choice
    told(&[Choice, Multiple], &[Key::Code(Up), Key::Char('k')], Action::Up, &[says(1, Label::UpDown, "move", "move between the options (also j and k)")]),
    Binding { modes: CHOICES, keys: &[Key::Shown], when: always, does: Does::Choose, describe: &[Describe { modes: Some(&[Choice]), when: |c| c.numbered > 0, ..says(2, Label::Pick, "pick", "pick the option shown with that key and go on (0: none of these)") }] },
    told(&[Choice], &[Key::Code(Enter)], Action::Confirm, &[says(1, Label::Text("Enter"), "next", "pick the option moved to and go on")]),
    told(&[Multiple], &[Key::Char(' ')], Action::Toggle, &[says(1, Label::SpacePick, "tick", "tick or untick the highlighted option, or that option")]),
    told(&[Multiple], &[Key::Code(Enter)], Action::Confirm, &[says(1, Label::Text("Enter"), "next", "confirm the ticked options and go on")]),
    Binding { modes: CHOICES, keys: &[Key::Char('?')], when: |c| c.dont_know, does: Does::Act(Action::Choose('?')), describe: &[says(4, Label::Text("?"), "not sure", "not sure")] },
    // ------------------------------------------------- a number or text
    told(&[Field], &[Key::Code(Enter)], Action::Confirm, &[says(1, Label::Text("Enter"), "next", "confirm and go on (empty: skip if optional)")]),
    told(&[Field], &[Key::Code(Tab)], Action::NextUnit, &[Describe { when: |c| c.units, ..says(1, Label::Text("Tab"), "unit", "change the unit") }]),
    told(&[Field], &[Key::Code(Up)], Action::Up, &[Describe { when: |c| c.dont_know, ..says(4, Label::UpDown, "not sure", "move between the field and \"not sure\"") }]),
    told(&[Field], &[Key::Code(Left)], Action::CursorLeft, &[says(5, Label::LeftRight, "edit", "move in the field; Backspace and Delete erase")]),
    // ------------------------------------------------------------ review
    told(&[Review], &[Key::Code(Up), Key::Char('k')], Action::Up, &[says(1, Label::UpDown, "move", "move between the answers (also j, k, PgUp, PgDn)")]),
    told(&[Review], &[Key::Code(Enter)], Action::Confirm, &[Describe { when: |c| !c.read_only, ..says(1, Label::Text("Enter"), "change", "change the highlighted answer") }]),
    told(&[Review], &[Key::Char('r')], Action::ShowResult, &[says(1, Label::Text("r"), "result", "show the result")]),
    // ----------------------------------------------------------- results
    told(&[Results], &[Key::Char('s')], Action::OpenSave, &[Describe { when: |c| !c.saved && !c.read_only, ..says(1, Label::Text("s"), "save", "save the result to files") }]),
    told(&[Results], &[Key::Char('n')], Action::NextPatient, &[Describe { when: |c| c.saved, ..says(1, Label::Text("n"), "next patient", "start the next patient's screening") }, says(2, Label::Text("n"), "next patient", "start the next patient (asks first: not saved)")]),
    told(&[Results], &[Key::Code(Up), Key::Char('k')], Action::Up, &[says(1, Label::UpDown, "scroll", "scroll (also PgUp, PgDn, Home, End)")]),
    told(&[Results], &[Key::Char('r')], Action::ShowReview, &[says(2, Label::Text("r"), "review", "back to the review of the answers")]),
    Binding { modes: &[Review, Results], keys: &[Key::Char('e')], when: |c| c.read_only, does: Does::Act(Action::EditCopy), describe: &[Describe { when: |c| c.read_only, ..says(1, Label::Text("e"), "new screening", "start a new screening from these answers") }] },
    told(&[Results], &[Key::Char('v')], Action::ToggleView, &[says(2, Label::Text("v"), "view", "switch between the patient's and the clinician's view")]),
    // ------------------------------------------------------------ drafts
    told(&[Resume], &[Key::Code(Up), Key::Char('k')], Action::Up, &[says(1, Label::UpDown, "move", "move between the drafts")]),
    told(&[Resume], &[Key::Code(Enter)], Action::Confirm, &[says(1, Label::Text("Enter"), "resume", "continue the highlighted screening")]),
    told(&[Resume], &[Key::Char('d')], Action::Discard, &[says(1, Label::Text("d"), "delete", "delete the highlighted draft (asks first)")]),
    told(&[Resume], &[Key::Char('n')], Action::NewScreening, &[says(1, Label::Text("n"), "new", "start a new screening; the drafts stay for later")]),
    bind(&[Resume], &[Key::Code(Down), Key::Char('j')], Action::Down),
    // ---------------------------------------------------------- save box
    told(SAVE, &[Key::Code(Enter)], Action::Confirm, &[says(1, Label::Text("Enter"), "save", "save the result")]),
    told(&[SaveFormats], &[Key::Char(' ')], Action::Toggle, &[says(1, Label::Text("Space"), "tick", "tick or untick the highlighted format (also 1-6)")]),
    Binding { modes: &[SaveFormats], keys: &[Key::Digit], when: always, does: Does::Pick, describe: &[] },
    told(SAVE, &[Key::Code(Tab), Key::Code(Down)], Action::NextField, &[Describe { modes: Some(&[SavePath]), ..says(1, Label::Text("Tab"), "formats", "to the formats, to tick them with Space or 1-5") }, says(1, Label::Text("Tab"), "next", "move between the file name and the formats")]),
    bind(SAVE, &[Key::Code(BackTab), Key::Code(Up)], Action::PrevField),
    Binding { modes: SAVE, keys: &[Key::Ctrl('r')], when: |c| c.replace, does: Does::Act(Action::Replace), describe: &[says(1, Label::Text("Ctrl-R"), "replace", "replace the existing file")] },
    told(SAVE, &[Key::Code(Esc)], Action::Cancel, &[says(2, Label::Text("Esc"), "cancel", "close without saving")]),
    // ------------------------------------------------------ moving around
    told(&[Choice, Multiple, Field, Review], &[Key::Code(F(3))], Action::ShowSections, &[says(7, Label::Text("F3"), "sections", "go to a section already reached")]),
    told(QUESTIONS, &[Key::Code(F(4))], Action::ShowReview, &[says(7, Label::Text("F4"), "review", "see every answer so far (Esc comes back here)")]),
    Binding { modes: &[Review], keys: &[Key::Code(Esc)], when: |c| c.from_review, does: Does::Act(Action::Cancel), describe: &[says(2, Label::Text("Esc"), "back", "back to the question you were on")] },
    Binding { modes: &[Sections], keys: &[Key::Digit], when: always, does: Does::Pick, describe: &[Describe { when: |c| c.numbered > 0, ..says(1, Label::Pick, "go", "go to that section") }] },
    told(&[Sections], &[Key::Any], Action::CloseOverlay, &[says(2, Label::Text("Esc"), "close", "any other key closes this")]),
    // ------------------------------------------------- over the screen
    told(&[Locked], &[Key::Any], Action::Unlock, &[says(1, Label::Text("any key"), "show", "any key shows the screening again")]),
    told(&[Overlay], &[Key::Any], Action::CloseOverlay, &[says(1, Label::Text("Esc"), "close", "any key closes this")]),
    told(&[ConfirmQuit], &[Key::AnyMods('y'), Key::AnyMods('Y')], Action::QuitConfirmed, &[Describe { short: None, ..says(1, Label::Text("y"), "", "yes") }]),
    told(&[ConfirmQuit], &[Key::AnyMods('n'), Key::AnyMods('N'), Key::Code(Esc)], Action::KeepGoing, &[says(1, Label::Text("n"), "keep going", "go back to the screening (also Esc)")]),
    Binding { modes: &[ConfirmQuit], keys: &[Key::Any], when: always, does: Does::Swallow, describe: &[] },
    Binding { modes: &[QuitChoice], keys: &[Key::AnyMods('k'), Key::AnyMods('K')], when: |c| c.kept, does: Does::Act(Action::QuitKeepingDraft), describe: &[says(1, Label::Text("k"), "keep as draft", "quit, keeping the answers as a draft to continue later")] },
    told(&[QuitChoice], &[Key::AnyMods('d'), Key::AnyMods('D')], Action::QuitDeletingAnswers, &[says(1, Label::Text("d"), "delete", "quit and delete these answers")]),
    told(&[QuitChoice], &[Key::AnyMods('n'), Key::AnyMods('N'), Key::Code(Esc)], Action::KeepGoing, &[says(1, Label::Text("n"), "keep going", "go back to the screening (also Esc)")]),
    Binding { modes: &[QuitChoice], keys: &[Key::Any], when: always, does: Does::Swallow, describe: &[] },
    // ----------------------------------------------- the PIN lock
    told(&[LockedPin], &[Key::Code(Enter)], Action::Confirm, &[says(1, Label::Text("Enter"), "unlock", "unlock with the PIN typed")]),
    Binding { modes: &[LockedPin], keys: &[Key::Typed], when: always, does: Does::Insert, describe: &[says(1, Label::Text("PIN"), "type the PIN", "type the clinician PIN")] },
    bind(&[LockedPin], &[Key::Code(Backspace)], Action::DeleteBack),
    bind(&[LockedPin], &[Key::Code(Esc)], Action::Cancel),
    Binding { modes: &[LockedPin], keys: &[Key::Any], when: always, does: Does::Swallow, describe: &[] },
    // ---------------------------------------------- opening a draft
    told(&[ResumeCheck], &[Key::Code(Enter)], Action::Confirm, &[says(1, Label::Text("Enter"), "open", "open the draft with what was typed")]),
    told(&[ResumeCheck], &[Key::Code(Esc)], Action::Cancel, &[says(2, Label::Text("Esc"), "back", "back to the list of drafts")]),
    Binding { modes: &[ResumeCheck], keys: &[Key::Typed], when: always, does: Does::Insert, describe: &[] },
    bind(&[ResumeCheck], &[Key::Code(Backspace)], Action::DeleteBack),
    bind(&[ResumeCheck], &[Key::Code(Delete)], Action::DeleteForward),
    bind(&[ResumeCheck], &[Key::Code(Left)], Action::CursorLeft),
    bind(&[ResumeCheck], &[Key::Code(Right)], Action::CursorRight),
    bind(&[ResumeCheck], &[Key::Code(Home)], Action::CursorHome),
    bind(&[ResumeCheck], &[Key::Code(End)], Action::CursorEnd),
    // ------------------------------------------- going back and help
    told(QUESTIONS, &[Key::Code(Esc)], Action::Cancel, &[Describe { when: |c| c.from_review, ..says(2, Label::Text("Esc"), "review", "back to the review without changing") }]),
    told(&[Choice, Multiple, Field, Review], &[Key::Code(BackTab)], Action::Back, &[Describe { modes: Some(QUESTIONS), ..says(2, Label::Text("Shift-Tab"), "back", "back to the previous question") }, Describe { modes: Some(&[Review]), ..says(3, Label::Text("Shift-Tab"), "back", "back to the last question") }]),
    told(&[Field], &[Key::Code(F(1))], Action::ToggleHelp, &[Describe { when: |c| c.help, ..says(3, Label::Text("F1"), "help", "help for this question") }]),
    told(CHOICES, &[Key::Char('h'), Key::Code(F(1))], Action::ToggleHelp, &[Describe { when: |c| c.help, ..says(3, Label::Text("h"), "help", "help for this question (also F1)") }]),
    bind(&[Choice, Multiple, Review], &[Key::Char('b'), Key::Code(Backspace)], Action::Back),
    // ---------------------------------------------------- everywhere
    told(ALL_BUT_LOCKED, &[Key::Ctrl('g')], Action::Lock, &[Describe { modes: Some(SCREENS), ..says(6, Label::Text("Ctrl-G"), "lock", "hide the screen until a key is pressed") }]),
    told(ALL_BUT_LOCKED, &[Key::Ctrl('l')], Action::Redraw, &[Describe { modes: Some(SCREENS), ..says(9, Label::Text("Ctrl-L"), "redraw", "draw the whole screen again") }]),
    told(SCREENS, &[Key::Code(F(2))], Action::ShowKeys, &[Describe { modes: Some(F2_SHOWN), ..says(3, Label::Text("F2"), "keys", "show all keys") }]),
    Binding { modes: ALL_MODES, keys: &[Key::Ctrl('z')], when: always, does: Does::Act(Action::Suspend), describe: &[Describe { modes: Some(SCREENS), ..says(7, Label::Text("Ctrl-Z"), "suspend", "hide the screen and stop restless; the shell's fg brings it back") }] },
    told(ALL_BUT_LOCKED, &[Key::Ctrl('c')], Action::Quit, &[Describe { modes: Some(TYPING), ..says(2, Label::Text("Ctrl-C"), "quit", "quit (asks first if anything was answered)") }]),
    told(&[WelcomeNoFields, Review, Results, Resume, SaveFormats], &[Key::Char('?')], Action::ShowKeys, &[Describe { modes: Some(QUESTION_MARK_SHOWN), ..says(3, Label::Text("?"), "keys", "show all keys (also F2)") }]),
    Binding { modes: CHOICES, keys: &[Key::Char('?')], when: |c| !c.dont_know, does: Does::Act(Action::ShowKeys), describe: &[] },
    told(COMMAND_SCREENS, &[Key::Char('q')], Action::Quit, &[says(2, Label::Text("q"), "quit", "quit (also Ctrl-C; asks first if anything was answered)")]),
    told(&[Choice], &[Key::Char(' ')], Action::Toggle, &[says(5, Label::Text("Space"), "choose", "choose the highlighted option and stay")]),
    // ------------------------------ keys the bar does not spell out
    bind(&[Choice, Multiple, Field, Review, Results], &[Key::Code(Down)], Action::Down),
    bind(LISTS, &[Key::Char('j')], Action::Down),
    told(LISTS, &[Key::Code(Home)], Action::First, &[Describe { modes: Some(CHOICES), ..says(7, Label::Text("Home End"), "first, last", "the first or the last option (also PgUp, PgDn)") }]),
    bind(LISTS, &[Key::Code(End)], Action::Last),
    bind(LISTS, &[Key::Code(PageUp)], Action::PageUp),
    bind(LISTS, &[Key::Code(PageDown)], Action::PageDown),
    bind(&[Field], &[Key::Code(Down)], Action::Down),
    Binding { modes: &[WelcomeFields, Field, SavePath], keys: &[Key::Typed], when: always, does: Does::Insert, describe: &[] },
    bind(&[WelcomeFields, Field, SavePath], &[Key::Code(Backspace)], Action::DeleteBack),
    bind(&[WelcomeFields, Field, SavePath], &[Key::Code(Delete)], Action::DeleteForward),
    bind(&[SavePath], &[Key::Code(Left)], Action::CursorLeft),
    bind(&[WelcomeFields, Field, SavePath], &[Key::Code(Right)], Action::CursorRight),
    bind(&[WelcomeFields, Field, SavePath], &[Key::Code(Home)], Action::CursorHome),
    bind(&[WelcomeFields, Field, SavePath], &[Key::Code(End)], Action::CursorEnd),
];

/// The action of a key in this context, from the table: the strongest
/// match of a binding that works here.
pub fn action(key: KeyEvent, context: KeyContext) -> Option<Action> {
    let mut best: Option<(u8, &Binding, &Key)> = None;
    for binding in BINDINGS {
        if !binding.modes.contains(&context.mode) || !(binding.when)(&context) {
            continue;
        }
        for pattern in binding.keys.iter().filter(|k| k.matches(&key)) {
            if best.is_none_or(|(strength, ..)| pattern.strength() > strength) {
                best = Some((pattern.strength(), binding, pattern));
            }
        }
    }
    let (_, binding, _) = best?;
    match (&binding.does, key.code) {
        (Does::Act(action), _) => Some(action.clone()),
        (Does::Pick, KeyCode::Char(digit)) => Some(Action::Pick(digit as usize - '0' as usize)),
        (Does::Insert, KeyCode::Char(c)) => Some(Action::Insert(c)),
        (Does::Choose, KeyCode::Char(c)) => Some(Action::Choose(c)),
        _ => None,
    }
}

/// What a mouse event means: a click of the main button, or the wheel as
/// the arrow keys. On the lock screen and in boxes over the screen the
/// mouse does nothing: only a key unlocks, and a box waits for its answer.
pub fn mouse(event: MouseEvent, context: KeyContext) -> Option<Action> {
    let on_screen = matches!(
        context.mode,
        Mode::Choice | Mode::Multiple | Mode::Field | Mode::Review | Mode::Results | Mode::Resume
    );
    if !on_screen {
        return None;
    }
    match event.kind {
        MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(event.column, event.row)),
        MouseEventKind::ScrollUp => Some(Action::Up),
        MouseEventKind::ScrollDown => Some(Action::Down),
        _ => None,
    }
}

/// The keys of a context in the order they are shown, from the table: the
/// key bar shows the most important that fit, the overlay shows them all.
pub fn hints(context: KeyContext, up_down: &str, left_right: &str) -> Vec<Hint> {
    let letters: Vec<char> = OPTION_LETTERS.chars().collect();
    let pick = match context.numbered {
        0 => None,
        1 => Some("1".to_string()),
        n @ 2..=9 => Some(format!("1-{n}")),
        10 => Some("1-9 a".to_string()),
        n => Some(format!(
            "1-9 a-{}",
            letters[(n - 10).min(letters.len() - 1)]
        )),
    };
    let mut out = Vec::new();
    for binding in BINDINGS.iter().filter(|b| (b.when)(&context)) {
        let described = binding.describe.iter().find(|d| {
            d.modes.unwrap_or(binding.modes).contains(&context.mode) && (d.when)(&context)
        });
        let Some(d) = described else {
            continue;
        };
        let keys = match d.keys {
            Label::Text(text) => text.to_string(),
            Label::UpDown => up_down.to_string(),
            Label::LeftRight => left_right.to_string(),
            Label::Pick => pick.clone().unwrap_or_default(),
            Label::SpacePick => match &pick {
                Some(pick) => format!("Space {pick}"),
                None => "Space".to_string(),
            },
        };
        out.push(Hint {
            keys,
            short: d.short.unwrap_or(context.yes),
            long: d.long,
            rank: d.rank,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key bar never offers a key where it does nothing.
    #[test]
    fn keys_are_described_only_where_they_work() {
        for binding in BINDINGS {
            for describe in binding.describe {
                for mode in describe.modes.unwrap_or(binding.modes) {
                    assert!(
                        binding.modes.contains(mode),
                        "{:?} described in {mode:?}",
                        describe.keys
                    );
                }
            }
        }
    }

    /// Whatever is on screen, the key bar says how to go on.
    #[test]
    fn every_mode_has_keys_to_show() {
        for &mode in ALL_MODES {
            assert!(
                !hints(KeyContext::new(mode), "↑↓", "←→").is_empty(),
                "{mode:?}"
            );
        }
    }
}
