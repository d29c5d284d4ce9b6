//! The program starts from the built-in questionnaire's model as compiled
//! by `build.rs`, not from its TOML text: the two must be the same
//! questionnaire, on screen and in every result.

use std::path::{Path, PathBuf};

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use restless::answers;
use restless::questionnaire::{self, Questionnaire};
use restless::report::{self, Format, Report, Stamp, fhir};
use restless::tui::{Action, App, Theme};

fn from_toml() -> Questionnaire {
    questionnaire::load(questionnaire::BUILT_IN).expect("the built-in TOML loads")
}

fn compiled() -> Questionnaire {
    questionnaire::built_in().expect("the compiled-in model decodes")
}

fn welcome(q: Questionnaire, width: u16, height: u16) -> String {
    let mut app = App::new(q, Theme::default());
    app.update(Action::Resize(width, height));
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
    terminal
        .draw(|frame| restless::tui::render(&app, frame))
        .expect("drawing into memory");
    terminal.backend().to_string()
}

#[test]
fn the_welcome_screen_from_the_compiled_model_is_the_one_from_the_toml() {
    for (width, height) in [(80, 24), (160, 48), (250, 70)] {
        let drawn = welcome(compiled(), width, height);
        assert!(drawn.contains("Enter"), "{width}x{height}: {drawn}");
        assert_eq!(
            drawn,
            welcome(from_toml(), width, height),
            "{width}x{height}"
        );
    }
}

fn examples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("questionnaires/examples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the examples folder")
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

/// Every worked example, scored with each model, in every format.
fn results(q: &Questionnaire) -> Vec<(String, Format, String)> {
    let stamp = Stamp {
        time: "2026-01-01T00:00:00+00:00".into(),
        program: "restless test".into(),
    };
    let mut out = Vec::new();
    for path in examples() {
        let text = std::fs::read_to_string(&path).expect("an example");
        let file = answers::load(q, &text).expect("the example loads");
        let report = Report::build(q, &file.answers, &file.identifiers, &stamp);
        for format in Format::ALL {
            let bytes = report::render(
                format,
                q,
                &file.answers,
                &file.identifiers,
                &report,
                &fhir::Options::default(),
            )
            .expect("written into memory");
            let name = path.display().to_string();
            out.push((name, format, String::from_utf8_lossy(&bytes).into_owned()));
        }
    }
    out
}

#[test]
fn every_example_scores_the_same_with_the_compiled_model() {
    let compiled = results(&compiled());
    let from_toml = results(&from_toml());
    assert!(compiled.len() >= 5 * 20, "{} results", compiled.len());
    for (a, b) in compiled.iter().zip(&from_toml) {
        assert_eq!(a, b);
    }
    assert_eq!(compiled.len(), from_toml.len());
}

#[test]
fn the_compiled_model_records_the_toml_it_was_built_from() {
    assert_eq!(
        compiled().content_hash,
        questionnaire::content_hash(questionnaire::BUILT_IN)
    );
    assert_eq!(
        format!("{:?}", compiled()),
        format!("{:?}", from_toml()),
        "every field, as Debug prints it"
    );
}
