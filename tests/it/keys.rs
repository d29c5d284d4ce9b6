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

/// Enter alone does not answer a question nobody has answered: a digit
/// picks and goes on, and the Enter typed after it out of habit must not
/// give the next question its first option. Such a question shows no
/// highlight until the person moves. Moving to a row first, or an answer
/// given before, makes Enter take the row.
#[test]
fn enter_alone_does_not_answer_a_new_question() {
    let mut app = started();
    assert_eq!(current_id(&app), "age");
    type_text(&mut app, "45");
    press(&mut app, KeyCode::Enter);
    assert_eq!(current_id(&app), "sex");
    // A digit, then the habitual Enter.
    press(&mut app, KeyCode::Char('2'));
    assert_eq!(current_id(&app), "c1_urge");
    press(&mut app, KeyCode::Enter);
    assert_eq!(current_id(&app), "c1_urge", "Enter answered it");
    let urge = app.questionnaire().item_index("c1_urge").expect("c1_urge");
    assert_eq!(app.answers().get(urge), None);
    let screen = shown(&mut app, 80, 24);
    assert!(screen.contains("Choose an answer"), "{screen}");
    assert_eq!(
        match app.screen() {
            Screen::Question(question) => question.message.as_deref(),
            _ => None,
        },
        Some(restless::tui::app::CHOOSE_FIRST)
    );
    // Nothing is highlighted, so nothing looks as though Enter takes it;
    // the first step down shows the highlight on the first row.
    let pointer_on_first = |screen: &str| {
        let row = screen.lines().find(|line| line.contains("1  Yes"));
        row.unwrap_or_else(|| panic!("no first row\n{screen}"))
            .contains("\u{25b8} \u{25cb} 1")
    };
    assert!(!pointer_on_first(&screen), "{screen}");
    press(&mut app, KeyCode::Down);
    let screen = shown(&mut app, 80, 24);
    assert!(pointer_on_first(&screen), "{screen}");
    // Moved to, the highlighted row is taken: even the first, moved back to.
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.answers().get(urge), Some(&Answer::Choice(0)));
    assert_ne!(current_id(&app), "c1_urge");
    // Back on an answered question, Enter keeps its answer and goes on.
    let next = current_id(&app);
    press(&mut app, KeyCode::BackTab);
    assert_eq!(current_id(&app), "c1_urge");
    press(&mut app, KeyCode::Enter);
    assert_eq!(current_id(&app), next);
    assert_eq!(app.answers().get(urge), Some(&Answer::Choice(0)));
}

/// On an optional choice nobody has answered, Enter leaves it unanswered
/// and goes on, as an empty line does in plain mode.
#[test]
fn enter_alone_passes_over_an_optional_choice() {
    let q = restless::questionnaire::load(
        r#"
[questionnaire]
id = "optional-choice"
version = "1"
title = "Optional"
disclaimer = "A test."
[[section]]
id = "s"
title = "S"
[[section.item]]
id = "pet"
type = "single"
text = "Which pet do you keep?"
required = false
options = [{ value = "cat", label = "A cat" }, { value = "dog", label = "A dog" }]
[[section.item]]
id = "tired"
type = "yes_no"
text = "Are you tired?"
"#,
    )
    .expect("a valid questionnaire");
    let mut app = App::new(q, THEME);
    press(&mut app, KeyCode::Enter);
    assert_eq!(current_id(&app), "pet");
    press(&mut app, KeyCode::Enter);
    assert_eq!(current_id(&app), "tired");
    assert_eq!(app.answers().get(0), None);
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        current_id(&app),
        "tired",
        "Enter answered a required question"
    );
}
