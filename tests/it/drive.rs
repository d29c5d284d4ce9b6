//! Driving the real `App` with the keys a person would press: shared by
//! the interface tests and the interface benchmarks (`benches/tui.rs`
//! includes this file), so that both reach their screens the same way.
// Each includer uses its own part of it.
#![allow(dead_code)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use restless::questionnaire::{ItemKind, Questionnaire};
use restless::tui::app::{Row, Screen, rows};
use restless::tui::{App, Effect, Theme};

pub fn built_in() -> Questionnaire {
    restless::questionnaire::load(restless::questionnaire::BUILT_IN)
        .expect("the built-in questionnaire loads")
}

pub const THEME: Theme = Theme {
    color: true,
    unicode: true,
};

pub fn new_app() -> App {
    App::new(built_in(), THEME)
}

pub fn press(app: &mut App, code: KeyCode) -> Effect {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

pub fn current_id(app: &App) -> String {
    match app.current_item() {
        Some(i) => app.questionnaire().items[i].id.clone(),
        None => format!(
            "<not a question: {:?}>",
            std::mem::discriminant(app.screen())
        ),
    }
}

/// Moves the cursor to row `row` of the current choice question.
pub fn go_to_row(app: &mut App, row: usize) {
    press(app, KeyCode::Home);
    for _ in 0..row {
        press(app, KeyCode::Down);
    }
}

/// Gives the current question an answer with the keys a person would use,
/// without confirming it. `spec` is an option value, a comma-separated
/// list of them, `dont_know`, a number with an optional unit, or text.
pub fn enter_answer(app: &mut App, spec: &str) {
    let index = app.current_item().expect("a question is on screen");
    let item = app.questionnaire().items[index].clone();
    let item_rows = rows(&item);
    let row_of = |wanted: Row| {
        item_rows
            .iter()
            .position(|&r| r == wanted)
            .unwrap_or_else(|| panic!("{}: no row {wanted:?}", item.id))
    };
    let option_row = |value: &str| {
        if value == "dont_know" {
            row_of(Row::DontKnow)
        } else {
            let i = item
                .option_index(value)
                .unwrap_or_else(|| panic!("{}: no option {value}", item.id));
            row_of(Row::Option(i))
        }
    };
    match &item.kind {
        ItemKind::YesNo(_) | ItemKind::Single(_) => go_to_row(app, option_row(spec)),
        ItemKind::Multiple(_) => {
            for value in spec.split(',').filter(|v| !v.is_empty()) {
                go_to_row(app, option_row(value));
                press(app, KeyCode::Char(' '));
            }
        }
        ItemKind::Number(spec_n) => {
            if spec == "dont_know" {
                press(app, KeyCode::Down);
                return;
            }
            let mut parts = spec.split(' ');
            type_text(app, parts.next().unwrap_or(""));
            if let Some(unit) = parts.next() {
                let wanted = spec_n
                    .units
                    .iter()
                    .position(|u| u.name == unit)
                    .unwrap_or_else(|| panic!("{}: no unit {unit}", item.id));
                for _ in 0..wanted {
                    press(app, KeyCode::Tab);
                }
            }
        }
        ItemKind::Text { .. } => type_text(app, spec),
    }
}

/// Answers the question on screen, checking it is the one expected, and
/// confirms with Enter.
pub fn answer(app: &mut App, id: &str, spec: &str) {
    assert_eq!(current_id(app), id, "the question on screen");
    enter_answer(app, spec);
    press(app, KeyCode::Enter);
    assert_ne!(
        current_id(app),
        id,
        "{id} = {spec:?} was not accepted: {:?}",
        match app.screen() {
            Screen::Question(q) => q.message.clone(),
            _ => None,
        }
    );
}

pub fn answer_all(app: &mut App, answers: &[(&str, &str)]) {
    for (id, spec) in answers {
        answer(app, id, spec);
    }
}

pub const POSITIVE: &[(&str, &str)] = &[
    ("age", "45"),
    ("sex", "female"),
    ("c1_urge", "yes"),
    ("c1_where", "legs"),
    ("c2_rest", "yes"),
    ("c3_movement", "yes"),
    ("c4_evening", "yes"),
    ("feet_legs", "none"),
    ("mimics", "none"),
    ("frequency", "often"),
    ("duration", "over_5_years"),
    ("onset_age", ""),
    ("impact_sleep", "moderate"),
    ("impact_energy", "mild"),
    ("impact_mood", "mild"),
    ("impact_focus", "none"),
    ("impact_activities", "mild"),
    ("impact_distress", "moderate"),
    ("family_history", "yes"),
    ("provoking_meds", "ssri"),
    ("rls_medicines", "none"),
    ("acid_medicines", "ppi"),
    ("ppi_duration", "two_years_or_more"),
    ("other_medicines", "none"),
    ("supplements", "none"),
    ("diet", "omnivore"),
    ("red_meat", "weekly"),
    ("tea_coffee_with_meals", "yes"),
    ("calcium_with_meals", "no"),
    ("vitamin_c_with_meals", "yes"),
    ("caffeine", "one_or_two"),
    ("alcohol", "up_to_7"),
    ("daylight", "most_days"),
    ("pregnant", "no"),
    ("heavy_periods", "no"),
    ("blood_donation", "none"),
    ("kidney", "no"),
    ("conditions", "none"),
    ("stomach_surgery", "no"),
    ("recent_blood_loss", "no"),
    ("recent_fever", "no"),
    ("iron_test_known", "no"),
    ("other_results_known", "none"),
];

pub const NEGATIVE: &[(&str, &str)] = &[
    ("age", "38"),
    ("sex", "male"),
    ("c1_urge", "no"),
    ("feet_legs", "none"),
    ("provoking_meds", "none"),
    ("rls_medicines", "none"),
    ("acid_medicines", "none"),
    ("other_medicines", "none"),
    ("supplements", "none"),
    ("diet", "vegetarian"),
    ("b12_source", "yes"),
    ("tea_coffee_with_meals", "no"),
    ("calcium_with_meals", "no"),
    ("vitamin_c_with_meals", "yes"),
    ("caffeine", "none"),
    ("alcohol", "none"),
    ("daylight", "most_days"),
    ("blood_donation", "none"),
    ("kidney", "no"),
    ("conditions", "none"),
    ("stomach_surgery", "no"),
    ("recent_blood_loss", "no"),
    ("recent_fever", "no"),
    ("iron_test_known", "no"),
    ("other_results_known", "none"),
];

pub fn started() -> App {
    let mut app = new_app();
    press(&mut app, KeyCode::Enter);
    app
}

/// Answers the positive path up to (not including) question `id`.
pub fn at_question(id: &str) -> App {
    let mut app = started();
    for (answer_id, spec) in POSITIVE {
        if *answer_id == id {
            return app;
        }
        answer(&mut app, answer_id, spec);
    }
    panic!("{id} is not on the positive path");
}

/// Opens the first draft offered, typing its patient identifier when the
/// screen asks for it, as a person continuing that screening would.
pub fn resume_first_draft(app: &mut App, identifiers: &[String]) -> Effect {
    let patient =
        restless::screening::privacy::patient_identifier(app.questionnaire(), identifiers)
            .map(|(_, value)| value.to_string());
    let effect = press(app, KeyCode::Enter);
    match patient {
        Some(patient) if effect == Effect::Continue => {
            type_text(app, &patient);
            press(app, KeyCode::Enter)
        }
        _ => effect,
    }
}
