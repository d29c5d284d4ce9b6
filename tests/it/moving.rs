//! Moving around: to any section already reached (F3, then its number),
//! and to the review at any time (F4), coming back with Esc.

use crossterm::event::KeyCode;

use restless::tui::app::{Editor, Overlay, Screen};

use crate::drive::*;
use crate::small::shown;

#[test]
fn f3_goes_to_any_section_already_reached_and_only_those() {
    let mut app = at_question("frequency");
    let q = app.questionnaire().clone();
    let here = q.items[app.current_item().expect("a question")].section;
    let reached = app.reached_sections();
    assert_eq!(reached.last(), Some(&here), "{reached:?}");
    assert!(reached.len() >= 3, "{reached:?}");
    assert!(
        !reached.iter().any(|&s| s > here),
        "later sections are not reached"
    );

    press(&mut app, KeyCode::F(3));
    assert_eq!(app.overlay(), Some(Overlay::Sections));
    let screen = shown(&mut app, 80, 24);
    for &s in &reached {
        assert!(screen.contains(&q.sections[s].title), "{screen}");
    }
    press(&mut app, KeyCode::Char('1'));
    assert_eq!(app.overlay(), None);
    assert_eq!(current_id(&app), "age");

    // Back to where it was: its section is still reached.
    let number = app
        .reached_sections()
        .iter()
        .position(|&s| s == here)
        .expect("still reached")
        + 1;
    press(&mut app, KeyCode::F(3));
    press(&mut app, KeyCode::Char(char::from(b'0' + number as u8)));
    let first_of_section = q.sections[here]
        .items
        .clone()
        .find(|&i| app.applicable()[i])
        .expect("a question in the section");
    assert_eq!(app.current_item(), Some(first_of_section));

    // A section not reached yet cannot be gone to: the key closes the box.
    press(&mut app, KeyCode::F(3));
    press(&mut app, KeyCode::Char('9'));
    assert_eq!(app.overlay(), None);
    assert_eq!(app.current_item(), Some(first_of_section));
}

#[test]
fn f4_opens_the_review_at_any_time_and_esc_comes_back() {
    let mut app = at_question("onset_age");
    type_text(&mut app, "4");
    press(&mut app, KeyCode::F(4));
    assert!(matches!(app.screen(), Screen::Review(_)));
    let review = shown(&mut app, 80, 24);
    assert!(review.contains("Esc back"), "{review}");
    press(&mut app, KeyCode::Esc);
    assert_eq!(current_id(&app), "onset_age");
    // What was typed and not confirmed is still there.
    let Screen::Question(question) = app.screen() else {
        panic!("not a question");
    };
    let Editor::Field { field, .. } = &question.editor else {
        panic!("not a field");
    };
    assert_eq!(field.text(), "4");
    // Nothing was answered by going there and back.
    let index = app.current_item().expect("a question");
    assert!(app.answers().get(index).is_none());
}
