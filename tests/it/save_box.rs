//! The save box: "replace them" for several files, file names wrapped at
//! their parts, the ticks kept as last chosen, the key bar saying how to
//! tick, and the end of the file name in view.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use restless::report::Format;
use restless::tui::{App, SaveOutcome, Settings};

use crate::drive::*;
use crate::small::shown;

fn settings(output_dir: &str) -> Settings {
    Settings {
        output_dir: output_dir.into(),
        formats: vec![Format::Toml, Format::Markdown],
        overwrite: false,
        drafts: true,
        ..Settings::default()
    }
}

fn at_results(output_dir: &str) -> App {
    let mut app = App::with_settings(built_in(), THEME, settings(output_dir), Vec::new());
    type_text(&mut app, "A-1042");
    press(&mut app, KeyCode::Enter);
    answer_all(&mut app, POSITIVE);
    press(&mut app, KeyCode::Char('r'));
    assert!(app.report().is_some());
    app
}

fn message(app: &App) -> String {
    app.save_dialog()
        .and_then(|d| d.message.clone())
        .unwrap_or_default()
}

#[test]
fn several_files_in_the_way_are_replaced_as_them() {
    let mut app = at_results("/results");
    press(&mut app, KeyCode::Char('s'));
    app.save_finished(SaveOutcome::Failed {
        message:
            "/results/rls-screening_A-1042.toml and /results/rls-screening_A-1042.md already exist"
                .into(),
        exists: true,
    });
    assert!(message(&app).contains("replace them"), "{}", message(&app));
    let screen = shown(&mut app, 80, 24);
    // Each file name is whole on its line or broken after one of its parts.
    assert!(
        screen.contains("/results/rls-screening_A-1042.toml"),
        "{screen}"
    );
    app.save_finished(SaveOutcome::Failed {
        message: "/results/rls-screening_A-1042.toml already exists".into(),
        exists: true,
    });
    assert!(message(&app).contains("replace it."), "{}", message(&app));
}

#[test]
fn the_ticks_stay_as_last_chosen_while_the_program_runs() {
    let mut app = at_results("/results");
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char(' ')); // untick TOML
    press(&mut app, KeyCode::Char('2')); // tick JSON
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('s'));
    let ticked: Vec<Format> = app
        .save_dialog()
        .expect("the save box")
        .formats
        .iter()
        .filter(|(_, t)| *t)
        .map(|(f, _)| *f)
        .collect();
    assert_eq!(ticked, [Format::Json, Format::Markdown]);
    // The next patient's save box too.
    let next = app.next_patient();
    assert_eq!(next.settings().formats, [Format::Json, Format::Markdown]);
}

#[test]
fn the_key_bar_says_how_to_tick_and_the_name_shows_its_end() {
    let long = "/home/clinic/a-rather-long-folder-name/for-results/of-screenings";
    let mut app = at_results(long);
    press(&mut app, KeyCode::Char('s'));
    let on_name = shown(&mut app, 80, 24);
    assert!(on_name.contains("Tab formats"), "{on_name}");
    // On the formats, the field still shows the end of the name.
    press(&mut app, KeyCode::Tab);
    let path = app
        .save_dialog()
        .expect("the save box")
        .path
        .text()
        .to_string();
    let end: String = path
        .chars()
        .rev()
        .take(20)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let on_formats = shown(&mut app, 80, 24);
    assert!(on_formats.contains(&end), "{end:?}\n{on_formats}");
    // Even after moving to its start on the way.
    press(&mut app, KeyCode::BackTab);
    press(&mut app, KeyCode::Home);
    press(&mut app, KeyCode::Tab);
    let again = shown(&mut app, 80, 24);
    assert!(again.contains(&end), "{again}");
    app.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
}

/// With results encrypted, the save box says that `.age` follows each
/// format's extension: the names announced are the names written.
#[test]
fn the_save_box_says_when_age_is_added() {
    let mut app = App::with_settings(
        built_in(),
        THEME,
        Settings {
            sealed: true,
            ..settings("/tmp/results")
        },
        Vec::new(),
    );
    type_text(&mut app, "A-1042");
    press(&mut app, KeyCode::Enter);
    answer_all(&mut app, POSITIVE);
    press(&mut app, KeyCode::Char('r'));
    press(&mut app, KeyCode::Char('s'));
    let sealed = shown(&mut app, 80, 24);
    assert!(sealed.contains("then .age, is added"), "{sealed}");
    let mut app = at_results("/tmp/results");
    press(&mut app, KeyCode::Char('s'));
    let plain = shown(&mut app, 80, 24);
    assert!(!plain.contains(".age"), "{plain}");
    assert!(plain.contains("the extension is added"), "{plain}");
}
