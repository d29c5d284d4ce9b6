//! The full-screen interface without a terminal: the real `App` driven by
//! key presses as a person would, rendered into a `TestBackend`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use insta::assert_snapshot;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use restless::engine::{self, Answer};
use restless::screening::pin::{PinGuard, hash_pin};
use restless::tui::app::{Overlay, ReviewTarget, Screen};
use restless::tui::{Action, App, Effect, Theme};

use crate::drive::*;

fn ctrl_c(app: &mut App) -> Effect {
    app.handle_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL))
}

fn item_index(app: &App, id: &str) -> usize {
    app.questionnaire()
        .item_index(id)
        .unwrap_or_else(|| panic!("no item {id}"))
}

/// Renders the app as the real loop does after a resize to `width` x
/// `height`.
fn screen(app: &mut App, width: u16, height: u16) -> String {
    app.update(Action::Resize(width, height));
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
    terminal
        .draw(|frame| restless::tui::render(app, frame))
        .expect("drawing into memory");
    terminal.backend().to_string()
}

/// The symbols at the terminal cursor and just before it, after a render
/// at `width` x `height`.
fn around_cursor(app: &mut App, width: u16, height: u16) -> (String, String) {
    app.update(Action::Resize(width, height));
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
    terminal
        .draw(|frame| restless::tui::render(app, frame))
        .expect("drawing into memory");
    let position = terminal.get_cursor_position().expect("the cursor position");
    let buffer = terminal.backend().buffer();
    let at = buffer[(position.x, position.y)].symbol().to_string();
    let before = buffer[(position.x - 1, position.y)].symbol().to_string();
    (before, at)
}

/// Snapshots of one state at 80x24 and 160x48.
fn snapshot_both(name: &str, app: &mut App) {
    assert_snapshot!(format!("{name}_80x24"), screen(app, 80, 24));
    assert_snapshot!(format!("{name}_160x48"), screen(app, 160, 48));
}

// ------------------------------------------------------------ snapshots

#[test]
fn welcome_screen() {
    let mut app = new_app();
    type_text(&mut app, "A-1042");
    snapshot_both("welcome", &mut app);
    assert_eq!(around_cursor(&mut app, 80, 24), ("2".into(), " ".into()));
}

/// Moving between the identifier fields leaves the screen where it is:
/// only the pointers, the brackets, the help and the key bar are drawn
/// again, so a key on the welcome screen costs a terminal a few lines.
#[test]
fn tab_on_the_welcome_screen_changes_only_what_it_moves() {
    let mut app = new_app();
    app.update(Action::Resize(80, 24));
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a test terminal");
    let mut draw = |app: &App| {
        terminal
            .draw(|frame| restless::tui::render(app, frame))
            .expect("drawing into memory");
        terminal.backend().buffer().clone()
    };
    let mut before = draw(&app);
    for key in [KeyCode::Tab, KeyCode::BackTab] {
        press(&mut app, key);
        let after = draw(&app);
        let changed = before.diff(&after).len();
        // Parts of the two field lines, the help and the key bar: less
        // than three of the 24 rows (the whole screen moved by one line
        // when the help's height followed the field).
        assert!(changed < 3 * 80, "{key:?} changed {changed} cells");
        before = after;
    }
}

#[test]
fn yes_no_question() {
    let mut app = at_question("c1_urge");
    // The first step shows the highlight on the first row; the second
    // moves it.
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    snapshot_both("yes_no", &mut app);
}

#[test]
fn yes_no_question_in_ascii() {
    let mut app = App::new(
        built_in(),
        Theme {
            color: false,
            unicode: false,
        },
    );
    press(&mut app, KeyCode::Enter);
    answer_all(&mut app, &POSITIVE[..2]);
    assert_snapshot!("yes_no_ascii_80x24", screen(&mut app, 80, 24));
}

#[test]
fn single_choice_question() {
    let mut app = at_question("sex");
    // The first step shows the highlight on the first row; the second
    // moves it.
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    snapshot_both("single", &mut app);
}

#[test]
fn multiple_choice_question() {
    let mut app = at_question("mimics");
    enter_answer(&mut app, "cramps,swelling");
    snapshot_both("multiple", &mut app);
}

#[test]
fn an_onset_age_above_the_age_now_is_refused_with_a_message() {
    let mut app = at_question("onset_age");
    type_text(&mut app, "46");
    press(&mut app, KeyCode::Enter);
    assert_eq!(current_id(&app), "onset_age");
    match app.screen() {
        Screen::Question(q) => assert!(
            q.message
                .as_deref()
                .is_some_and(|m| m.contains("cannot be more than your age now")),
            "{:?}",
            q.message
        ),
        _ => panic!("not on the question"),
    }
    let onset = item_index(&app, "onset_age");
    assert_eq!(app.answers().get(onset), None);
    // The age itself is fine.
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "45");
    press(&mut app, KeyCode::Enter);
    assert_ne!(current_id(&app), "onset_age");
}

#[test]
fn integer_with_a_range_error() {
    let mut app = started();
    type_text(&mut app, "150");
    press(&mut app, KeyCode::Enter);
    assert_eq!(current_id(&app), "age");
    snapshot_both("integer_range_error", &mut app);
}

#[test]
fn decimal_with_a_unit() {
    let mut app = at_question("iron_test_known");
    answer(&mut app, "iron_test_known", "yes");
    answer(&mut app, "iron_test_when", "over_6_months");
    answer(&mut app, "iron_test_fever", "no");
    enter_answer(&mut app, "48.5 µg/L");
    snapshot_both("decimal_unit", &mut app);
}

#[test]
fn text_with_wide_characters() {
    let mut app = started();
    answer_all(
        &mut app,
        &[
            ("age", "9"),
            ("respondent", "parent"),
            ("sex", "male"),
            ("c1_urge", "yes"),
            ("c1_where", "legs"),
        ],
    );
    enter_answer(&mut app, "脚がむずむずする, like ants");
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Left);
    snapshot_both("text_wide", &mut app);
    // The terminal cursor sits where the next letter goes, counted in
    // columns: the wide characters before it take two each.
    assert_eq!(around_cursor(&mut app, 80, 24), ("n".into(), "t".into()));
    for _ in 0..16 {
        press(&mut app, KeyCode::Left);
    }
    // Just after the first character: the cell before is its second half.
    assert_eq!(around_cursor(&mut app, 80, 24), (" ".into(), "が".into()));
    press(&mut app, KeyCode::Left);
    assert_eq!(around_cursor(&mut app, 80, 24), ("│".into(), "脚".into()));
}

#[test]
fn help_overlay() {
    let mut app = at_question("c1_urge");
    press(&mut app, KeyCode::Char('h'));
    assert_eq!(app.overlay(), Some(Overlay::Help));
    snapshot_both("help_overlay", &mut app);
}

#[test]
fn keys_overlay() {
    let mut app = at_question("mimics");
    press(&mut app, KeyCode::F(2));
    assert_eq!(app.overlay(), Some(Overlay::Keys));
    snapshot_both("keys_overlay", &mut app);
}

#[test]
fn quit_confirmation() {
    let mut app = at_question("c1_urge");
    ctrl_c(&mut app);
    assert_snapshot!("quit_confirmation_80x24", screen(&mut app, 80, 24));
}

#[test]
fn review_screen() {
    let mut app = started();
    answer_all(&mut app, POSITIVE);
    assert!(matches!(app.screen(), Screen::Review(_)));
    press(&mut app, KeyCode::Home);
    press(&mut app, KeyCode::Down);
    snapshot_both("review", &mut app);
}

#[test]
fn review_with_missing_answers() {
    let mut app = started();
    answer_all(&mut app, NEGATIVE);
    let c1 = item_index(&app, "c1_urge");
    choose_in_review(&mut app, c1);
    answer(&mut app, "c1_urge", "yes");
    // The newly revealed question is asked; leave it for later.
    assert_eq!(current_id(&app), "c1_where");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('r'));
    assert_snapshot!("review_missing_80x24", screen(&mut app, 80, 24));
}

#[test]
fn results_positive() {
    let mut app = new_app();
    type_text(&mut app, "A-1042");
    press(&mut app, KeyCode::Enter);
    answer_all(&mut app, POSITIVE);
    press(&mut app, KeyCode::Char('r'));
    assert!(app.report().is_some());
    snapshot_both("results_positive", &mut app);
    press(&mut app, KeyCode::PageDown);
    assert_snapshot!("results_positive_page2_80x24", screen(&mut app, 80, 24));
}

#[test]
fn results_negative() {
    let mut app = started();
    answer_all(&mut app, NEGATIVE);
    press(&mut app, KeyCode::Char('r'));
    assert!(app.report().is_some());
    snapshot_both("results_negative", &mut app);
}

#[test]
fn too_small_then_resized() {
    let mut app = at_question("mimics");
    let small = screen(&mut app, 50, 8);
    assert!(small.contains("Make the window larger"), "{small}");
    assert_snapshot!("too_small_50x8", small);
    let tiny = screen(&mut app, 30, 8);
    assert!(tiny.contains("larger"), "{tiny}");
    let recovered = screen(&mut app, 80, 24);
    assert!(recovered.contains("None of these"), "{recovered}");
    assert!(!recovered.contains("Make the window larger"));
}

// ------------------------------------------------------- state machine

#[test]
fn answers_are_stored_and_back_restores_them() {
    let mut app = started();
    answer(&mut app, "age", "45");
    answer(&mut app, "sex", "female");
    assert_eq!(current_id(&app), "c1_urge");
    press(&mut app, KeyCode::BackTab);
    assert_eq!(current_id(&app), "sex");
    press(&mut app, KeyCode::Char('b'));
    assert_eq!(current_id(&app), "age");
    let age = item_index(&app, "age");
    assert_eq!(
        app.answers().get(age),
        Some(&Answer::Number {
            value: 45.0,
            unit: 0
        })
    );
    // The field holds the answer, ready to change.
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("[45 "), "{shown}");
    // Backspace on the field erases; on an empty field it goes back.
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    assert_eq!(current_id(&app), "age");
    press(&mut app, KeyCode::Backspace);
    assert!(matches!(app.screen(), Screen::Welcome { .. }));
    // What was typed but not confirmed is still there on return.
    press(&mut app, KeyCode::Enter);
    assert_eq!(current_id(&app), "age");
    assert!(!screen(&mut app, 80, 24).contains("[45 "));
    assert!(app.answers().get(age).is_some());
}

#[test]
fn digits_pick_and_confirm_a_single_choice() {
    let mut app = at_question("sex");
    press(&mut app, KeyCode::Char('2'));
    let sex = item_index(&app, "sex");
    assert_eq!(app.answers().get(sex), Some(&Answer::Choice(1)));
    assert_eq!(current_id(&app), "c1_urge");
    // Nine is past the last option: nothing happens.
    press(&mut app, KeyCode::Char('9'));
    assert_eq!(current_id(&app), "c1_urge");
}

#[test]
fn changing_an_earlier_answer_hides_and_restores_later_questions() {
    let mut app = started();
    answer_all(&mut app, &POSITIVE[..5]);
    assert_eq!(current_id(&app), "c3_movement");
    let with_criteria = app.progress().total;
    let c2 = item_index(&app, "c2_rest");
    assert!(app.applicable()[c2]);

    press(&mut app, KeyCode::BackTab);
    press(&mut app, KeyCode::BackTab);
    press(&mut app, KeyCode::BackTab);
    assert_eq!(current_id(&app), "c1_urge");
    answer(&mut app, "c1_urge", "no");
    // The criteria and everything that depends on them are gone.
    assert_eq!(current_id(&app), "feet_legs");
    assert!(!app.applicable()[c2]);
    let without = app.progress().total;
    assert!(without < with_criteria, "{without} < {with_criteria}");
    // The hidden answer is kept, but does not count.
    assert_eq!(app.answers().get(c2), Some(&Answer::Choice(0)));
    let outcome = engine::evaluate(app.questionnaire(), app.answers());
    assert!(!outcome.applicable[c2]);

    // Back is only to questions that apply.
    press(&mut app, KeyCode::BackTab);
    assert_eq!(current_id(&app), "c1_urge");
    answer(&mut app, "c1_urge", "yes");
    assert_eq!(current_id(&app), "c1_where");
    let shown = screen(&mut app, 80, 24);
    assert!(
        shown.contains("● 1  In the legs only"),
        "the earlier answer is restored:\n{shown}"
    );
    assert_eq!(app.progress().total, with_criteria);
}

#[test]
fn multiple_choice_exclusive_options() {
    let mut app = at_question("mimics");
    let mimics = item_index(&app, "mimics");
    let none = app.questionnaire().items[mimics]
        .option_index("none")
        .unwrap_or(usize::MAX);
    let ticked = |app: &App| match app.screen() {
        Screen::Question(q) => match &q.editor {
            restless::tui::app::Editor::Multiple {
                ticked, dont_know, ..
            } => (
                ticked
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| **t)
                    .map(|(i, _)| i)
                    .collect::<Vec<_>>(),
                *dont_know,
            ),
            other => panic!("not a multiple choice: {other:?}"),
        },
        _ => panic!("not a question"),
    };
    press(&mut app, KeyCode::Char('1'));
    press(&mut app, KeyCode::Char('6'));
    assert_eq!(ticked(&app), (vec![0, 5], false));
    enter_answer(&mut app, "none");
    assert_eq!(ticked(&app), (vec![none], false));
    press(&mut app, KeyCode::Char('1'));
    assert_eq!(ticked(&app), (vec![0], false));
    enter_answer(&mut app, "dont_know");
    assert_eq!(ticked(&app), (vec![], true));
    press(&mut app, KeyCode::Char('2'));
    assert_eq!(ticked(&app), (vec![1], false));
    // Nothing ticked, with a "none of these" option: a clear refusal.
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Enter);
    assert_eq!(current_id(&app), "mimics");
    match app.screen() {
        Screen::Question(q) => assert!(
            q.message
                .as_deref()
                .is_some_and(|m| m.contains("None of these")),
            "{:?}",
            q.message
        ),
        _ => panic!("not a question"),
    }
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.answers().get(mimics), Some(&Answer::Choices(vec![1])));
}

#[test]
fn numbers_are_checked_and_units_cycle() {
    let mut app = started();
    type_text(&mut app, "abc");
    match app.screen() {
        Screen::Question(q) => assert!(
            q.message
                .as_deref()
                .is_some_and(|m| m.contains("whole number"))
        ),
        _ => panic!("not a question"),
    }
    type_text(&mut app, "12.5");
    press(&mut app, KeyCode::Enter);
    assert_eq!(current_id(&app), "age");
    for _ in 0..4 {
        press(&mut app, KeyCode::Backspace);
    }
    // An empty required number is refused.
    press(&mut app, KeyCode::Enter);
    assert_eq!(current_id(&app), "age");

    let mut app = at_question("iron_test_known");
    answer(&mut app, "iron_test_known", "yes");
    answer(&mut app, "iron_test_when", "over_6_months");
    answer(&mut app, "iron_test_fever", "no");
    answer(&mut app, "ferritin", "48.5 µg/L");
    let ferritin = item_index(&app, "ferritin");
    assert_eq!(
        app.answers().get(ferritin),
        Some(&Answer::Number {
            value: 48.5,
            unit: 1
        })
    );
    // An optional number is skipped with Enter on an empty field, and
    // "not sure" is a row below the field.
    assert_eq!(current_id(&app), "tsat");
    press(&mut app, KeyCode::Enter);
    assert_eq!(current_id(&app), "serum_iron");
    answer(&mut app, "serum_iron", "dont_know");
    let serum_iron = item_index(&app, "serum_iron");
    assert_eq!(app.answers().get(serum_iron), Some(&Answer::DontKnow));
}

#[test]
fn typed_text_is_sanitised_and_limited() {
    let mut app = started();
    answer_all(
        &mut app,
        &[
            ("age", "9"),
            ("respondent", "parent"),
            ("sex", "male"),
            ("c1_urge", "yes"),
            ("c1_where", "legs"),
        ],
    );
    assert_eq!(current_id(&app), "c1_own_words");
    app.update(Action::Paste("ants\x1b]0;pwned\x07 and\r\nspiders".into()));
    press(&mut app, KeyCode::Enter);
    let own_words = item_index(&app, "c1_own_words");
    match app.answers().get(own_words) {
        Some(Answer::Text(text)) => {
            assert!(!text.contains('\x1b') && !text.contains('\x07'), "{text:?}");
            assert_eq!(text, "ants␛]0;pwned␇ and spiders");
        }
        other => panic!("expected text, got {other:?}"),
    }
    // The identifier field on the welcome screen stops at its limit.
    let mut app = new_app();
    type_text(&mut app, &"x".repeat(50));
    assert_eq!(app.identifiers()[0].char_count(), 40);
    // Tab moves to the next field; Enter starts from either.
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Dr Ng");
    assert_eq!(
        app.identifier_values(),
        ["x".repeat(40), "Dr Ng".to_string()]
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(current_id(&app), "age");
}

#[test]
fn review_jumps_to_an_answer_and_returns() {
    let mut app = started();
    answer_all(&mut app, NEGATIVE);
    assert!(matches!(app.screen(), Screen::Review(_)));
    let sex = item_index(&app, "sex");
    choose_in_review(&mut app, sex);
    assert_eq!(current_id(&app), "sex");
    answer(&mut app, "sex", "female");
    // A change that reveals a question asks it, then returns to the review.
    assert_eq!(current_id(&app), "pregnant");
    answer(&mut app, "pregnant", "no");
    assert_eq!(current_id(&app), "heavy_periods");
    answer(&mut app, "heavy_periods", "no");
    match app.screen() {
        Screen::Review(review) => assert_eq!(review.selected, ReviewTarget::Item(sex)),
        _ => panic!("expected the review, on {}", current_id(&app)),
    }
    // Esc leaves a question opened from the review unchanged.
    press(&mut app, KeyCode::Enter);
    enter_answer(&mut app, "male");
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.screen(), Screen::Review(_)));
    assert_eq!(app.answers().get(sex), Some(&Answer::Choice(0)));
    // Back from the review is the last question.
    press(&mut app, KeyCode::BackTab);
    assert_eq!(current_id(&app), "other_results_known");
}

/// Selects `item` on the review screen with the arrow keys and opens it.
fn choose_in_review(app: &mut App, item: usize) {
    press(app, KeyCode::Home);
    for _ in 0..200 {
        if let Screen::Review(review) = app.screen()
            && review.selected == ReviewTarget::Item(item)
        {
            press(app, KeyCode::Enter);
            return;
        }
        press(app, KeyCode::Down);
    }
    panic!("item {item} is not on the review");
}

#[test]
fn missing_required_answers_block_the_result() {
    let mut app = started();
    answer_all(&mut app, NEGATIVE);
    let c1 = item_index(&app, "c1_urge");
    choose_in_review(&mut app, c1);
    answer(&mut app, "c1_urge", "yes");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('r'));
    let c1_where = item_index(&app, "c1_where");
    match app.screen() {
        Screen::Review(review) => {
            assert_eq!(review.selected, ReviewTarget::Item(c1_where));
            assert!(
                review
                    .message
                    .as_deref()
                    .is_some_and(|m| m.contains("need an answer"))
            );
        }
        _ => panic!("the result was shown with questions missing"),
    }
    assert!(app.report().is_none());
    // Enter goes to the first missing question.
    press(&mut app, KeyCode::Enter);
    assert_eq!(current_id(&app), "c1_where");
}

#[test]
fn results_match_the_engine() {
    for (path, expected) in [(POSITIVE, "met"), (NEGATIVE, "negative")] {
        let mut app = started();
        answer_all(&mut app, path);
        press(&mut app, KeyCode::Char('r'));
        let outcome = engine::evaluate(app.questionnaire(), app.answers());
        let q = app.questionnaire();
        let case = outcome.classifications[0]
            .case
            .map(|c| q.classifiers[0].cases[c].id.clone());
        let report = app.report().expect("the results screen");
        let shown = report
            .result
            .classification
            .as_ref()
            .and_then(|c| c.case.clone());
        assert_eq!(shown, case);
        assert_eq!(shown.as_deref(), Some(expected));
        // r goes back to the review.
        press(&mut app, KeyCode::Char('r'));
        assert!(matches!(app.screen(), Screen::Review(_)));
    }
}

#[test]
fn results_scroll_within_bounds() {
    let mut app = started();
    answer_all(&mut app, POSITIVE);
    press(&mut app, KeyCode::Char('r'));
    app.update(Action::Resize(80, 24));
    let scroll = |app: &App| match app.screen() {
        Screen::Results(r) => r.scroll,
        _ => usize::MAX,
    };
    press(&mut app, KeyCode::End);
    let bottom = scroll(&app);
    assert!(bottom > 0);
    press(&mut app, KeyCode::PageDown);
    press(&mut app, KeyCode::Down);
    assert_eq!(scroll(&app), bottom);
    let last_page = screen(&mut app, 80, 24);
    assert!(
        last_page.contains("screening aid, not a diagnosis"),
        "{last_page}"
    );
    press(&mut app, KeyCode::Home);
    assert_eq!(scroll(&app), 0);
    // A taller terminal needs less scrolling.
    app.update(Action::Resize(80, 40));
    press(&mut app, KeyCode::End);
    assert!(scroll(&app) < bottom);
}

#[test]
fn quitting_asks_only_when_something_was_entered() {
    let mut app = new_app();
    assert_eq!(ctrl_c(&mut app), Effect::Quit);

    let mut app = at_question("c1_urge");
    assert_eq!(ctrl_c(&mut app), Effect::Continue);
    assert_eq!(app.overlay(), Some(Overlay::ConfirmQuit));
    assert_eq!(press(&mut app, KeyCode::Char('n')), Effect::Continue);
    assert_eq!(app.overlay(), None);
    assert_eq!(press(&mut app, KeyCode::Char('q')), Effect::Continue);
    // Other keys do not answer the question behind the box.
    press(&mut app, KeyCode::Char('1'));
    assert_eq!(current_id(&app), "c1_urge");
    // `y` is no answer to a question of two ways out.
    assert_eq!(press(&mut app, KeyCode::Char('y')), Effect::Continue);
    // Without a draft on disk there is nothing to keep.
    assert_eq!(press(&mut app, KeyCode::Char('k')), Effect::Continue);
    assert_eq!(app.overlay(), Some(Overlay::ConfirmQuit));
    assert_eq!(
        press(&mut app, KeyCode::Char('d')),
        Effect::QuitDeletingDraft
    );
    app.set_draft_kept(true);
    assert_eq!(press(&mut app, KeyCode::Char('k')), Effect::Quit);
}

#[test]
fn overlays_close_with_any_key_and_keep_the_answer() {
    let mut app = at_question("c1_urge");
    press(&mut app, KeyCode::F(2));
    assert_eq!(app.overlay(), Some(Overlay::Keys));
    press(&mut app, KeyCode::Char('1'));
    assert_eq!(app.overlay(), None);
    assert_eq!(current_id(&app), "c1_urge");
    press(&mut app, KeyCode::F(1));
    assert_eq!(app.overlay(), Some(Overlay::Help));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.overlay(), None);
}

/// The colours used in a rendered screen: (foreground, background) of
/// every cell that has one.
fn colours(
    app: &mut App,
    width: u16,
    height: u16,
) -> Vec<(ratatui::style::Color, ratatui::style::Color)> {
    use ratatui::style::Color;
    app.update(Action::Resize(width, height));
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
    terminal
        .draw(|frame| restless::tui::render(app, frame))
        .expect("drawing into memory");
    terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|cell| (cell.fg, cell.bg))
        .filter(|&(fg, bg)| fg != Color::Reset || bg != Color::Reset)
        .collect()
}

#[test]
fn no_color_means_no_colour_and_no_background_ever() {
    use ratatui::style::Color;
    for color in [true, false] {
        let mut app = App::new(
            built_in(),
            Theme {
                color,
                unicode: true,
            },
        );
        press(&mut app, KeyCode::Enter);
        answer_all(&mut app, POSITIVE);
        press(&mut app, KeyCode::Char('r'));
        let used = colours(&mut app, 80, 24);
        assert!(
            used.iter().all(|&(_, bg)| bg == Color::Reset),
            "a background was painted"
        );
        if color {
            assert!(!used.is_empty(), "the coloured theme uses colour");
        } else {
            assert_eq!(used, vec![], "NO_COLOR: no colour at all");
        }
    }
}

#[test]
fn every_screen_renders_at_any_size() {
    let mut states: Vec<App> = vec![new_app()];
    let mut app = started();
    for (id, spec) in POSITIVE {
        states.push(app.clone());
        answer(&mut app, id, spec);
    }
    states.push(app.clone());
    press(&mut app, KeyCode::Char('?'));
    states.push(app.clone());
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('r'));
    states.push(app.clone());
    ctrl_c(&mut app);
    states.push(app);
    let sizes = [
        (1, 1),
        (12, 3),
        (39, 40),
        (40, 6),
        (45, 12),
        (60, 20),
        (79, 23),
        (250, 70),
    ];
    for state in &mut states {
        for (width, height) in sizes {
            let shown = screen(state, width, height);
            assert_eq!(shown.lines().count(), height as usize);
        }
    }
}

// ------------------------------------------------- saving, drafts, lock

use restless::report::Format;
use restless::tui::{DraftContent, DraftEntry, SaveOutcome, Settings};

fn ctrl(app: &mut App, c: char) -> Effect {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn settings() -> Settings {
    Settings {
        output_dir: "/results".into(),
        formats: vec![Format::Toml, Format::Markdown],
        overwrite: false,
        drafts: true,
        clinician: None,
        sealed: false,
        fhir: Default::default(),
        audience: restless::report::Audience::Clinician,
    }
}

/// A positive screening on its results screen, for patient A-1042.
fn at_results() -> App {
    let mut app = App::with_settings(built_in(), THEME, settings(), Vec::new());
    type_text(&mut app, "A-1042");
    press(&mut app, KeyCode::Enter);
    answer_all(&mut app, POSITIVE);
    press(&mut app, KeyCode::Char('r'));
    assert!(app.report().is_some());
    app
}

#[test]
fn every_confirmed_answer_asks_for_a_draft() {
    let mut app = App::with_settings(built_in(), THEME, settings(), Vec::new());
    type_text(&mut app, "A-1042");
    assert!(!app.take_changed(), "typing is not yet an answer");
    press(&mut app, KeyCode::Enter);
    assert!(app.take_changed(), "the identifier goes into the draft");
    answer(&mut app, "age", "45");
    assert!(app.take_changed());
    assert!(!app.take_changed(), "asked once per change");
    press(&mut app, KeyCode::Down);
    assert!(!app.take_changed(), "moving is not answering");
}

#[test]
fn save_proposes_a_name_and_reports_failure_without_losing_anything() {
    let mut app = at_results();
    let answered = app.answers().answered_count();
    press(&mut app, KeyCode::Char('s'));
    let dialog = app.save_dialog().expect("the save box is open");
    let time = &app.report().unwrap().saved.time;
    let stamp = restless::screening::session::file_timestamp(time);
    assert_eq!(
        dialog.path.text(),
        format!("/results/rls-screening_A-1042_{stamp}")
    );
    assert_snapshot!(
        "save_dialog_80x24",
        screen(&mut app, 80, 24).replace(&stamp, "YYYY-MM-DD_HHMMSS")
    );

    let Effect::SaveResult(request) = press(&mut app, KeyCode::Enter) else {
        panic!("Enter saves");
    };
    assert_eq!(request.formats, vec![Format::Toml, Format::Markdown]);
    assert!(!request.replace);

    app.save_finished(SaveOutcome::Failed {
        message: "cannot write /results/x.toml: the directory /results does not exist".into(),
        exists: false,
    });
    let dialog = app.save_dialog().expect("still open after a failure");
    assert!(
        dialog
            .message
            .as_deref()
            .unwrap()
            .contains("does not exist")
    );
    assert!(app.has_unsaved());
    assert_eq!(
        app.answers().answered_count(),
        answered,
        "every answer kept"
    );

    // A file that exists: replacing it is offered, and only then done.
    app.save_finished(SaveOutcome::Failed {
        message: "/results/x.toml already exists".into(),
        exists: true,
    });
    assert!(
        app.save_dialog()
            .unwrap()
            .message
            .as_deref()
            .unwrap()
            .contains("Ctrl-R")
    );
    let Effect::SaveResult(request) = ctrl(&mut app, 'r') else {
        panic!("Ctrl-R replaces");
    };
    assert!(request.replace);

    app.save_finished(SaveOutcome::Saved(vec!["/results/x.toml".into()]));
    assert!(app.save_dialog().is_none());
    assert!(!app.has_unsaved());
    assert!(screen(&mut app, 80, 24).contains("Saved: /results/x.toml"));
}

#[test]
fn save_box_edits_the_name_and_the_formats() {
    let mut app = at_results();
    press(&mut app, KeyCode::Char('s'));
    for _ in 0..200 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "out/jane");
    press(&mut app, KeyCode::Tab); // the first format, TOML
    press(&mut app, KeyCode::Char(' ')); // untick TOML
    press(&mut app, KeyCode::Char('3')); // tick FHIR
    let Effect::SaveResult(request) = press(&mut app, KeyCode::Enter) else {
        panic!("Enter saves");
    };
    let paths: Vec<String> = request
        .paths()
        .iter()
        .map(|(_, p)| p.display().to_string())
        .collect();
    assert_eq!(paths, ["out/jane.fhir.json", "out/jane.md"]);
    press(&mut app, KeyCode::Esc);
    assert!(app.save_dialog().is_none(), "Esc closes the box");
}

#[test]
fn next_patient_asks_before_discarding_an_unsaved_result() {
    let mut app = at_results();
    assert_eq!(press(&mut app, KeyCode::Char('n')), Effect::Continue);
    assert_eq!(app.overlay(), Some(Overlay::ConfirmDiscard));
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(app.overlay(), None, "n keeps the screening");
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(press(&mut app, KeyCode::Char('y')), Effect::NextPatient);

    // Once saved, one key.
    let mut app = at_results();
    app.save_finished(SaveOutcome::Saved(vec!["/results/a.toml".into()]));
    assert_eq!(press(&mut app, KeyCode::Char('n')), Effect::NextPatient);
}

#[test]
fn the_next_patient_starts_from_nothing() {
    let mut app = at_results();
    app.save_finished(SaveOutcome::Saved(vec!["/results/a.toml".into()]));
    let next = app.next_patient();
    assert_eq!(next.answers().answered_count(), 0);
    assert!(next.identifier_values().iter().all(String::is_empty));
    assert!(next.saved().is_empty());
    assert!(matches!(next.screen(), Screen::Welcome { .. }));
    assert_eq!(next.settings(), app.settings());
    let mut next = next;
    let shown = screen(&mut next, 80, 24);
    assert!(!shown.contains("A-1042"), "{shown}");
}

#[test]
fn the_lock_hides_everything_and_the_unlocking_key_does_nothing_else() {
    let mut app = at_results();
    let before = screen(&mut app, 80, 24);
    assert!(before.contains("A-1042"));
    app.update(Action::Lock);
    let locked = screen(&mut app, 80, 24);
    assert_snapshot!("locked_80x24", locked);
    for secret in ["A-1042", "RLS", "Iron", "restless legs", "Met"] {
        assert!(
            !locked.contains(secret),
            "{secret} shows on the lock screen"
        );
    }
    // The key that unlocks is swallowed: `n` must not start a new patient.
    assert_eq!(press(&mut app, KeyCode::Char('n')), Effect::Continue);
    assert_eq!(app.overlay(), None);
    assert_eq!(screen(&mut app, 80, 24), before);
    // On request, from anywhere.
    ctrl(&mut app, 'g');
    assert!(app.locked());
    // Ctrl-L redraws, as everywhere else: it changes nothing.
    press(&mut app, KeyCode::Esc);
    assert_eq!(ctrl(&mut app, 'l'), Effect::Redraw);
    assert!(!app.locked());
    assert_eq!(screen(&mut app, 80, 24), before);
}

fn draft(id: &str, identifier: &str, pairs: &[(&str, Answer)]) -> DraftEntry {
    let q = built_in();
    let mut answers = engine::Answers::new(&q);
    for (item, a) in pairs {
        answers
            .set(&q, q.item_index(item).unwrap(), a.clone())
            .unwrap();
    }
    DraftEntry {
        id: id.into(),
        when: "2026-11-21 14:03".into(),
        identifier: identifier.into(),
        content: Ok(DraftContent::Read(restless::answers::AnswerFile {
            answers,
            identifiers: vec![identifier.into(), String::new()],
            warnings: Vec::new(),
            screened: None,
        })),
    }
}

#[test]
fn drafts_are_offered_and_resume_where_they_stopped() {
    let drafts = vec![
        draft(
            "d1",
            "A-7",
            &[
                (
                    "age",
                    Answer::Number {
                        value: 40.0,
                        unit: 0,
                    },
                ),
                ("sex", Answer::Choice(0)),
            ],
        ),
        DraftEntry {
            id: "d2".into(),
            when: "2026-11-20 09:12".into(),
            identifier: String::new(),
            content: Err("it is malformed".into()),
        },
    ];
    let mut app = App::with_settings(built_in(), THEME, settings(), drafts);
    assert_snapshot!("resume_80x24", screen(&mut app, 80, 24));

    // An unreadable draft says so and can be deleted, after asking.
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    assert!(screen(&mut app, 80, 24).contains("cannot be read"));
    press(&mut app, KeyCode::Char('d'));
    assert_eq!(app.overlay(), Some(Overlay::ConfirmDeleteDraft));
    assert_eq!(
        press(&mut app, KeyCode::Char('y')),
        Effect::DiscardDraft("d2".into())
    );

    // The draft has a patient identifier: it opens only when typed.
    assert_eq!(press(&mut app, KeyCode::Enter), Effect::Continue);
    let asked = screen(&mut app, 80, 24);
    assert!(asked.contains("type its patient identifier"), "{asked}");
    assert!(!asked.contains("A-7"), "{asked}");
    type_text(&mut app, "A-8");
    assert_eq!(press(&mut app, KeyCode::Enter), Effect::Continue);
    let refused = screen(&mut app, 80, 24);
    assert!(refused.contains("nothing was opened"), "{refused}");
    assert_eq!(app.answers().answered_count(), 0);
    // Esc goes back to the list; the field starts empty again.
    press(&mut app, KeyCode::Esc);
    assert!(!screen(&mut app, 80, 24).contains("type its patient"));
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, " A-7 ");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        Effect::Resumed("d1".into())
    );
    assert_eq!(app.identifier_values()[0], "A-7");
    assert_eq!(
        current_id(&app),
        "c1_urge",
        "the first question without an answer"
    );
    assert_eq!(app.answers().answered_count(), 2);
}

/// With a PIN set, a draft asks for the PIN first, then its identifier.
#[test]
fn with_a_pin_a_draft_asks_for_it_first() {
    let drafts = vec![draft("d1", "A-7", &[])];
    let mut app = App::with_settings(built_in(), THEME, settings(), drafts);
    app.set_pin(Some(PinGuard::new(hash_pin("2468").unwrap())));
    press(&mut app, KeyCode::Enter);
    assert!(screen(&mut app, 80, 24).contains("type the clinician PIN"));
    type_text(&mut app, "1357");
    let masked = screen(&mut app, 80, 24);
    assert!(!masked.contains("1357"), "{masked}");
    assert_eq!(press(&mut app, KeyCode::Enter), Effect::Continue);
    assert!(screen(&mut app, 80, 24).contains("Wrong PIN."));
    type_text(&mut app, "2468");
    assert_eq!(press(&mut app, KeyCode::Enter), Effect::Continue);
    assert!(screen(&mut app, 80, 24).contains("type its patient identifier"));
    type_text(&mut app, "A-7");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        Effect::Resumed("d1".into())
    );
}

#[test]
fn a_new_screening_leaves_the_drafts_for_later() {
    let drafts = vec![draft(
        "d1",
        "A-7",
        &[(
            "age",
            Answer::Number {
                value: 40.0,
                unit: 0,
            },
        )],
    )];
    let mut app = App::with_settings(built_in(), THEME, settings(), drafts);
    assert_eq!(press(&mut app, KeyCode::Char('n')), Effect::Continue);
    assert!(matches!(app.screen(), Screen::Welcome { .. }));
    assert_eq!(app.answers().answered_count(), 0);
}

#[test]
fn changing_an_answer_after_saving_makes_the_result_unsaved_again() {
    let mut app = at_results();
    app.save_finished(SaveOutcome::Saved(vec!["/results/a.toml".into()]));
    press(&mut app, KeyCode::Char('r')); // review
    press(&mut app, KeyCode::Enter); // change the first answer (age)
    assert_eq!(current_id(&app), "age");
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "46");
    press(&mut app, KeyCode::Enter);
    assert!(app.has_unsaved());
}

#[test]
fn a_draft_with_every_required_answer_resumes_at_the_review() {
    let q = built_in();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/questionnaires/examples/06-vegan-metformin-ppi.toml"
    ))
    .unwrap();
    let file = restless::answers::load(&q, &text).unwrap();
    let entry = DraftEntry {
        id: "d".into(),
        when: "2026-11-21 14:03".into(),
        identifier: String::new(),
        content: Ok(DraftContent::Read(file)),
    };
    let mut app = App::with_settings(q, THEME, settings(), vec![entry]);
    assert_eq!(press(&mut app, KeyCode::Enter), Effect::Resumed("d".into()));
    // Optional questions left out (the age at onset) do not stop it there.
    assert!(
        matches!(app.screen(), Screen::Review(_)),
        "{}",
        current_id(&app)
    );
}

#[test]
fn quitting_from_the_save_box_and_keeping_on_returns_to_it() {
    let mut app = at_results();
    press(&mut app, KeyCode::Char('s'));
    type_text(&mut app, "-jane");
    ctrl_c(&mut app);
    assert_eq!(app.overlay(), Some(Overlay::ConfirmQuit));
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(app.overlay(), Some(Overlay::Save));
    assert!(app.save_dialog().unwrap().path.text().ends_with("-jane"));
}

#[test]
fn each_question_says_what_yes_does() {
    let mut app = at_results();
    press(&mut app, KeyCode::Char('n'));
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("y next patient"), "{shown}");
    assert!(!shown.contains("y quit"), "{shown}");
}

#[test]
fn the_quit_question_promises_a_draft_only_when_there_is_one() {
    let mut app = at_results();
    ctrl_c(&mut app);
    let without = screen(&mut app, 160, 48);
    assert!(
        without.contains("These answers are not kept in a"),
        "{without}"
    );
    assert!(without.contains("delete these answers"), "{without}");
    assert!(!without.contains("keep the answers"), "{without}");
    app.set_draft_kept(true);
    let with = screen(&mut app, 160, 48);
    assert!(
        with.contains("keep the answers as a draft to continue later"),
        "{with}"
    );
    assert!(with.contains("delete these answers"), "{with}");
    assert!(with.contains("The result is not saved."), "{with}");
}

#[test]
fn the_quit_question_speaks_of_a_result_only_when_there_is_one() {
    let mut app = at_question("c1_urge");
    app.set_draft_kept(true);
    ctrl_c(&mut app);
    let shown = screen(&mut app, 160, 48);
    assert!(shown.contains("Quit now?"), "{shown}");
    assert!(!shown.contains("not saved"), "{shown}");
}

/// The first frame is drawn from the questionnaire's header while the rest
/// of the file loads: it must be exactly the welcome screen the whole
/// questionnaire gives.
#[test]
fn the_welcome_screen_from_the_header_alone_is_the_same() {
    let header = restless::questionnaire::load_header(restless::questionnaire::BUILT_IN)
        .expect("the built-in header reads on its own");
    assert!(header.items.is_empty(), "only the header was read");
    for (width, height) in [(80, 24), (160, 48), (250, 70)] {
        let mut from_header = App::new(header.clone(), THEME);
        let mut from_whole = new_app();
        assert_eq!(
            screen(&mut from_header, width, height),
            screen(&mut from_whole, width, height),
            "{width}x{height}"
        );
    }
    let whole = built_in();
    assert_eq!(
        format!("{:?}", header.identifiers),
        format!("{:?}", whole.identifiers)
    );
    assert_eq!(
        format!("{:?}", header.labels),
        format!("{:?}", whole.labels)
    );
}

/// The review's lines are laid out once and the selection is drawn over
/// them: the selected question, and only it, is in the cursor style, and
/// moving the selection moves the style with the pointer.
#[test]
fn the_review_selection_is_drawn_on_the_selected_question_only() {
    let mut app = started();
    answer_all(&mut app, POSITIVE);
    press(&mut app, KeyCode::Home);
    let cursor = THEME.cursor();
    let rows_in_cursor_style = |app: &mut App| -> Vec<(u16, String)> {
        app.update(Action::Resize(80, 24));
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a test terminal");
        terminal
            .draw(|frame| restless::tui::render(app, frame))
            .expect("drawing into memory");
        let buffer = terminal.backend().buffer();
        (0..24)
            .filter(|&y| {
                (3..40).any(|x| {
                    let cell = &buffer[(x, y)];
                    Some(cell.fg) == cursor.fg
                        && cell.modifier.contains(cursor.add_modifier)
                        && !cell.symbol().trim().is_empty()
                })
            })
            .map(|y| {
                let text: String = (0..80).map(|x| buffer[(x, y)].symbol()).collect();
                (y, text)
            })
            .collect()
    };
    for _ in 0..3 {
        let first = rows_in_cursor_style(&mut app);
        assert!(!first.is_empty(), "nothing is selected");
        assert!(first[0].1.contains('▸'), "{first:?}");
        assert!(first.iter().skip(1).all(|(_, t)| !t.contains('▸')));
        press(&mut app, KeyCode::Down);
        let next = rows_in_cursor_style(&mut app);
        assert!(next[0].1.contains('▸'), "{next:?}");
        assert_ne!(first, next, "the selection did not move");
        let pointers = screen(&mut app, 80, 24).matches('▸').count();
        assert_eq!(pointers, 1);
    }
}

/// The clinician's name stays from one patient to the next; the patient's
/// identifier does not. A configured name fills the field at start, and on
/// its own is nothing to save.
#[test]
fn the_next_patient_keeps_the_clinician() {
    let mut with_default = settings();
    with_default.clinician = Some("Dr Default".into());
    let mut app = App::with_settings(built_in(), THEME, with_default, Vec::new());
    assert_eq!(app.identifier_values(), ["", "Dr Default"]);
    assert!(screen(&mut app, 80, 24).contains("Dr Default"));
    assert!(!app.has_unsaved());
    assert_eq!(ctrl_c(&mut app), Effect::Quit);

    // No clinician typed and none configured: both fields start empty.
    let app = at_results();
    assert_eq!(app.identifier_values()[0], "A-1042");
    let mut next = app.next_patient();
    assert_eq!(next.identifier_values(), ["", ""]);

    let mut app = App::with_settings(built_in(), THEME, settings(), Vec::new());
    type_text(&mut app, "P-1");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Dr Typed");
    press(&mut app, KeyCode::Enter);
    answer_all(&mut app, POSITIVE);
    press(&mut app, KeyCode::Char('r'));
    next = app.next_patient();
    assert_eq!(next.identifier_values(), ["", "Dr Typed"]);
    assert!(!next.has_unsaved());
    let shown = screen(&mut next, 80, 24);
    assert!(
        shown.contains("Dr Typed") && !shown.contains("P-1"),
        "{shown}"
    );
}

#[test]
fn without_a_pin_the_screen_is_only_hidden() {
    let mut app = at_question("c1_urge");
    app.update(Action::Lock);
    let hidden = screen(&mut app, 80, 24);
    assert!(hidden.contains("Screen hidden."), "{hidden}");
    assert!(!hidden.contains("locked"), "{hidden}");
    press(&mut app, KeyCode::Char('x'));
    assert!(!app.locked());
}

#[test]
fn with_a_pin_only_the_pin_unlocks() {
    let mut app = at_question("c1_urge");
    let answered = app.answers().answered_count();
    app.set_pin(Some(PinGuard::new(hash_pin("2468").unwrap())));
    app.update(Action::Lock);
    let locked = screen(&mut app, 80, 24);
    assert!(locked.contains("The screen is locked."), "{locked}");
    for key in [
        KeyCode::Char('1'),
        KeyCode::Esc,
        KeyCode::Enter,
        KeyCode::Tab,
    ] {
        press(&mut app, key);
        assert!(app.locked(), "{key:?} unlocked");
    }
    type_text(&mut app, "1357");
    let typed = screen(&mut app, 80, 24);
    assert!(!typed.contains("1357"), "the PIN shows:\n{typed}");
    press(&mut app, KeyCode::Enter);
    assert!(app.locked());
    assert!(screen(&mut app, 80, 24).contains("Wrong PIN."));
    type_text(&mut app, "2468");
    press(&mut app, KeyCode::Enter);
    assert!(!app.locked());
    // Nothing typed on the lock screen reached the question.
    assert_eq!(current_id(&app), "c1_urge");
    assert_eq!(app.answers().answered_count(), answered);
}
