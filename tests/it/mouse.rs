//! The mouse, at the level of terminal events: a click where an option or
//! a section was drawn picks it, the wheel moves, and the lock screen and
//! the size message ignore it.

use crossterm::event::{KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use restless::engine::Answer;
use restless::tui::app::{Editor, Screen};
use restless::tui::{Action, App, keys};

use crate::drive::*;

/// Draws as the event loop does and returns the screen's lines.
fn draw(app: &mut App) -> Vec<String> {
    app.update(Action::Resize(80, 24));
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a test terminal");
    terminal
        .draw(|frame| restless::tui::present(app, frame))
        .expect("drawing into memory");
    let buffer = terminal.backend().buffer().clone();
    (0..24)
        .map(|y| {
            (0..80)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect()
        })
        .collect()
}

/// Where `text` was drawn (after `from_column`): its column and row.
fn place_of(lines: &[String], text: &str, from_column: usize) -> (u16, u16) {
    for (y, line) in lines.iter().enumerate() {
        let cells: Vec<char> = line.chars().collect();
        let tail: String = cells[from_column..].iter().collect();
        if let Some(at) = tail.find(text) {
            let column = from_column + tail[..at].chars().count();
            return (column as u16, y as u16);
        }
    }
    panic!("{text:?} is not on the screen:\n{}", lines.join("\n"));
}

fn event(kind: MouseEventKind, (column, row): (u16, u16)) -> MouseEvent {
    MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    }
}

/// A mouse event through the same mapping as the event loop.
fn mouse(app: &mut App, kind: MouseEventKind, at: (u16, u16)) {
    if let Some(action) = keys::mouse(event(kind, at), app.key_context()) {
        app.update(action);
    }
}

const CLICK: MouseEventKind = MouseEventKind::Down(MouseButton::Left);

#[test]
fn a_click_on_an_option_picks_it() {
    let mut app = at_question("c1_urge");
    let index = app.current_item().expect("a question");
    let lines = draw(&mut app);
    // The option's words, right of the section list.
    let at = place_of(&lines, "No", 28);
    mouse(&mut app, CLICK, at);
    assert_eq!(app.answers().get(index), Some(&Answer::Choice(1)));
    assert_ne!(
        current_id(&app),
        "c1_urge",
        "a pick goes on, as its key does"
    );
}

#[test]
fn a_click_ticks_in_a_multiple_choice_and_the_wheel_moves() {
    let mut app = at_question("mimics");
    let lines = draw(&mut app);
    let label = app.questionnaire().items[app.current_item().expect("a question")]
        .kind
        .options()[1]
        .label
        .clone();
    let first_words: String = label
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    mouse(&mut app, CLICK, place_of(&lines, &first_words, 28));
    let Screen::Question(question) = app.screen() else {
        panic!("not a question")
    };
    let Editor::Multiple { ticked, cursor, .. } = &question.editor else {
        panic!("not a multiple choice")
    };
    assert!(ticked[1], "the second option is ticked");
    assert_eq!(*cursor, 1);
    mouse(&mut app, MouseEventKind::ScrollDown, (40, 10));
    let Screen::Question(question) = app.screen() else {
        panic!("not a question")
    };
    let Editor::Multiple { cursor, .. } = &question.editor else {
        panic!("not a multiple choice")
    };
    assert_eq!(*cursor, 2, "the wheel moves as the arrows do");
}

#[test]
fn a_click_on_a_section_reached_goes_there_and_not_beyond() {
    let mut app = at_question("frequency");
    let lines = draw(&mut app);
    // A section not reached yet: nothing happens.
    let later = place_of(&lines, "Medicines", 0);
    mouse(&mut app, CLICK, later);
    assert_eq!(current_id(&app), "frequency");
    let first = place_of(&lines, "About you", 0);
    mouse(&mut app, CLICK, first);
    assert_eq!(current_id(&app), "age");
}

#[test]
fn the_lock_and_the_size_message_ignore_the_mouse() {
    let mut app = at_question("c1_urge");
    let index = app.current_item().expect("a question");
    let lines = draw(&mut app);
    let at = place_of(&lines, "No", 28);
    app.update(Action::Lock);
    assert_eq!(keys::mouse(event(CLICK, at), app.key_context()), None);
    press(&mut app, KeyCode::Esc);
    // Drawn too small, then clicked where the option was.
    app.update(Action::Resize(30, 6));
    let mut terminal = Terminal::new(TestBackend::new(30, 6)).expect("a test terminal");
    terminal
        .draw(|frame| restless::tui::present(&mut app, frame))
        .expect("drawing into memory");
    assert!(app.too_small());
    mouse(&mut app, CLICK, at);
    assert_eq!(app.answers().get(index), None);
}
