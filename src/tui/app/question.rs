//! One question at a time: the answer being given (`Editor`) and what each
//! action does to it, down to the answer committed to the screening.

use super::{Action, App, Overlay, Screen};
use crate::engine::{self, Answer};
use crate::questionnaire::{Item, ItemKind};
use crate::tui::field::TextField;
use crate::tui::keys::OPTION_LETTERS;

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

/// The key that picks each row of a question, if it has one: the options
/// in order 1-9 then letters, "none of these" (an exclusive option) `0`,
/// "not sure" `?`. Shown beside each row and used by the keys.
pub fn row_keys(item: &Item) -> Vec<Option<char>> {
    let options = item.kind.options();
    let mut next = ('1'..='9').chain(OPTION_LETTERS.chars());
    let mut zero_taken = false;
    rows(item)
        .into_iter()
        .map(|row| match row {
            Row::Option(i) if options.get(i).is_some_and(|o| o.exclusive) && !zero_taken => {
                zero_taken = true;
                Some('0')
            }
            Row::Option(_) => next.next(),
            Row::DontKnow if !matches!(item.kind, ItemKind::Text { .. }) => Some('?'),
            _ => None,
        })
        .collect()
}

/// The row that `key` picks in a question.
fn row_of_key(item: &Item, key: char) -> Option<usize> {
    row_keys(item).iter().position(|&k| k == Some(key))
}

/// The longest number anyone needs to type.
const NUMBER_CHARS: usize = 24;

/// An answer being given, before it is confirmed.
#[derive(Debug, Clone, PartialEq)]
pub enum Editor {
    Choice {
        cursor: usize,
        /// The highlight is on the answer given before, or the person put
        /// it where it is: only then is it drawn, and only then does Enter
        /// take the row. On a question not yet answered, Enter alone must
        /// not answer it with whatever row happens to be first (a digit
        /// picks and goes on, and the Enter typed after it out of habit
        /// landed on the next question), and a highlight nobody put there
        /// would say that Enter takes it.
        pointed: bool,
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
                pointed: answer.is_some(),
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

impl App {
    pub(super) fn open_question(&mut self, item: usize, from_review: Option<usize>) {
        self.note_reached(item);
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
    pub(super) fn keep_draft(&mut self) {
        if let Screen::Question(question) = &self.screen {
            self.drafts[question.item] = Some(question.editor.clone());
        }
    }

    pub(super) fn go_back(&mut self, item: usize, from_review: Option<usize>) {
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
    pub(super) fn commit(&mut self, item: usize, answer: Option<Answer>) -> Result<(), String> {
        self.s.commit(item, answer)?;
        self.drafts[item] = None;
        Ok(())
    }

    /// After a confirmed answer: the next question that applies or, when
    /// changing an answer from the review, the next one never seen (newly
    /// revealed by the change), else the review.
    pub(super) fn advance(&mut self, item: usize, from_review: Option<usize>) {
        let next = self.s.next_question(item, from_review.is_some());
        match next {
            Some(next) => self.open_question(next, from_review),
            None => self.open_review(Some(from_review.unwrap_or(item))),
        }
    }

    pub(super) fn update_question(&mut self, action: Action) {
        // A digit is the key shown beside an option, whichever action
        // carries it.
        let action = match action {
            Action::Pick(n @ 1..=9) => Action::Choose(char::from(b'0' + n as u8)),
            other => other,
        };
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
            Action::ShowReview => return self.review_now(index),
            _ => {}
        }
        let item = &self.s.questionnaire().items[index];
        let edited = match &mut question.editor {
            Editor::Choice { cursor, pointed } => edit_choice(item, cursor, pointed, action),
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

/// Enter on a question not yet answered, with the highlight where it
/// started.
pub const CHOOSE_FIRST: &str =
    "Choose an answer: press the key beside it, or move to it with the arrow keys and press Enter.";

/// A yes/no or single choice: a digit picks and goes on, Enter takes the
/// highlighted row once it points at something (see `Editor::Choice`),
/// Space takes it and stays. On an optional question, Enter with nothing
/// pointed at leaves it unanswered, as an empty line does in plain mode.
fn edit_choice(item: &Item, cursor: &mut usize, pointed: &mut bool, action: Action) -> Edited {
    let rows = rows(item);
    // Nothing is highlighted until the person moves: the first step up or
    // down shows the highlight on the first row rather than passing it.
    let shown_first = !*pointed && matches!(action, Action::Up | Action::Down);
    if shown_first || move_cursor(cursor, rows.len().saturating_sub(1), &action) {
        *pointed = true;
        return Edited::Stay;
    }
    if action == Action::Confirm && !*pointed {
        return if item.required {
            Edited::Refused(CHOOSE_FIRST.to_string())
        } else {
            Edited::Decided(None, true)
        };
    }
    match action {
        Action::Choose(key) => match row_of_key(item, key) {
            Some(row) => {
                *cursor = row;
                let answer = match rows[row] {
                    Row::DontKnow => Some(Answer::DontKnow),
                    Row::Option(i) => Some(Answer::Choice(i)),
                    _ => None,
                };
                Edited::Decided(answer, true)
            }
            None => Edited::Stay,
        },
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
        Action::Choose(key) => {
            if let Some(row) = row_of_key(item, key) {
                *cursor = row;
                toggle_row(item, rows[row], ticked, dont_know);
            }
            Edited::Stay
        }
        Action::Toggle => {
            if let Some(&row) = rows.get(*cursor) {
                toggle_row(item, row, ticked, dont_know);
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
        // In a number, `?` cannot be typed: it is "not sure", as in a list.
        Action::Insert('?') | Action::Choose('?')
            if item.dont_know && matches!(item.kind, ItemKind::Number(_)) =>
        {
            *on_dont_know = true;
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

/// Ticks or unticks a row of a multiple choice.
fn toggle_row(item: &Item, row: Row, ticked: &mut [bool], dont_know: &mut bool) {
    match row {
        Row::Option(i) => tick(item, ticked, dont_know, i),
        Row::DontKnow => {
            *dont_know = !*dont_know;
            if *dont_know {
                ticked.iter_mut().for_each(|t| *t = false);
            }
        }
        _ => {}
    }
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
