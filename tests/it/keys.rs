//! Every option of every question on the way has a key shown beside it,
//! and that key picks it: digits, then letters, `0` for "none of these",
//! `?` for "not sure".

use crossterm::event::KeyCode;

use restless::engine::Answer;
use restless::questionnaire::ItemKind;
use restless::tui::App;
use restless::tui::app::{Editor, Row, Screen, row_keys, rows};

use crate::drive::*;
use crate::small::shown;

fn editor(app: &App) -> Editor {
    match app.screen() {
        Screen::Question(question) => question.editor.clone(),
        _ => panic!("not on a question"),
    }
}

/// On the question on screen: each row's key is shown on the row's line,
/// and pressing it picks that row.
fn check_every_key(app: &mut App) -> usize {
    let index = app.current_item().expect("a question");
    let item = app.questionnaire().items[index].clone();
    let dont_know = app.questionnaire().labels.dont_know.clone();
    let item_rows = rows(&item);
    let mut checked = 0;
    for (row, key) in row_keys(&item).into_iter().enumerate() {
        let Some(key) = key else { continue };
        let label = match item_rows[row] {
            Row::Option(i) => item.kind.options()[i].label.clone(),
            Row::DontKnow => dont_know.clone(),
            _ => continue,
        };
        go_to_row(app, row);
        let screen = shown(app, 80, 24);
        let first_word = label.split_whitespace().next().unwrap_or("");
        let shown_with_key = format!("{key}  {first_word}");
        assert!(
            screen.contains(&shown_with_key),
            "{}: {shown_with_key:?} not on screen\n{screen}",
            item.id
        );
        press(app, KeyCode::Home);
        press(app, KeyCode::Char(key));
        match (&item.kind, item_rows[row]) {
            (ItemKind::Multiple(_), picked) => {
                let Editor::Multiple {
                    ticked, dont_know, ..
                } = editor(app)
                else {
                    panic!("{}: not a multiple choice", item.id)
                };
                match picked {
                    Row::Option(i) => assert!(ticked[i], "{}: {key} did not tick", item.id),
                    _ => assert!(dont_know, "{}: ? did not tick not sure", item.id),
                }
                // Untick, leaving the question as it was.
                press(app, KeyCode::Char(key));
            }
            (_, picked) => {
                let expected = match picked {
                    Row::Option(i) => Answer::Choice(i),
                    _ => Answer::DontKnow,
                };
                assert_eq!(
                    app.answers().get(index),
                    Some(&expected),
                    "{}: {key}",
                    item.id
                );
                assert_ne!(app.current_item(), Some(index), "{}: {key} stayed", item.id);
                press(app, KeyCode::BackTab);
                assert_eq!(app.current_item(), Some(index));
            }
        }
        checked += 1;
    }
    checked
}

#[test]
fn every_option_is_picked_by_its_shown_key() {
    let mut app = started();
    let mut checked = 0;
    let mut letters = 0;
    for (id, spec) in POSITIVE {
        assert_eq!(&current_id(&app), id);
        let index = app.current_item().expect("a question");
        let item = app.questionnaire().items[index].clone();
        if !matches!(item.kind, ItemKind::Number(_) | ItemKind::Text { .. }) {
            checked += check_every_key(&mut app);
            letters += row_keys(&item)
                .iter()
                .flatten()
                .filter(|k| k.is_ascii_alphabetic())
                .count();
        }
        answer(&mut app, id, spec);
    }
    assert!(checked > 100, "only {checked} keys checked");
    assert!(letters > 0, "no list past nine options on the way");
}

#[test]
fn none_is_zero_and_not_sure_is_a_question_mark() {
    let mut app = at_question("mimics");
    let index = app.current_item().expect("a question");
    press(&mut app, KeyCode::Char('1'));
    press(&mut app, KeyCode::Char('0'));
    let Editor::Multiple {
        ticked, dont_know, ..
    } = editor(&app)
    else {
        panic!("not a multiple choice")
    };
    let none = app.questionnaire().items[index]
        .option_index("none")
        .expect("a none option");
    assert_eq!(
        ticked.iter().filter(|&&t| t).count(),
        1,
        "0 clears the others"
    );
    assert!(ticked[none] && !dont_know);
    press(&mut app, KeyCode::Char('?'));
    let Editor::Multiple {
        ticked, dont_know, ..
    } = editor(&app)
    else {
        panic!("not a multiple choice")
    };
    assert!(dont_know && !ticked.iter().any(|&t| t));
    // In a number with "not sure", `?` is not typed: it chooses it.
    let mut app = at_question("onset_age");
    press(&mut app, KeyCode::Char('?'));
    let Editor::Field {
        field,
        on_dont_know,
        ..
    } = editor(&app)
    else {
        panic!("not a field")
    };
    assert!(on_dont_know && field.text().is_empty());
    // Where "not sure" is not offered, `?` shows the keys.
    let mut app = at_question("sex");
    press(&mut app, KeyCode::Char('?'));
    assert!(app.overlay().is_some());
}
