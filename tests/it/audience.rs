//! Two audiences for one result: the clinician's view (thresholds, rule
//! ids, sources) and the patient's (plain words), switched with `v` on the
//! screen, `view patient`/`view clinician` in plain mode, and chosen by the
//! configuration's `audience`; files carry both.

use crossterm::event::KeyCode;
use insta::assert_snapshot;

use restless::report::Audience;
use restless::screening::config::parse_config;
use restless::tui::app::Screen;
use restless::tui::{App, DraftContent, DraftEntry, Effect, Settings};

use crate::drive::*;

fn examples() -> Vec<std::path::PathBuf> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/questionnaires/examples");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

fn at_result(path: &std::path::Path, settings: Settings) -> App {
    let q = built_in();
    let file = restless::answers::load(&q, &std::fs::read_to_string(path).unwrap()).unwrap();
    let entry = DraftEntry {
        id: "d".into(),
        when: "2026-11-21 14:03".into(),
        identifier: String::new(),
        content: Ok(DraftContent::Read(file.clone())),
    };
    let mut app = App::with_settings(q, THEME, settings, vec![entry]);
    assert_eq!(
        resume_first_draft(&mut app, &file.identifiers),
        Effect::Resumed("d".into())
    );
    assert!(matches!(app.screen(), Screen::Review(_)));
    press(&mut app, KeyCode::Char('r'));
    assert!(app.report().is_some());
    app
}

fn shown(app: &App) -> String {
    app.result_rows(76)
        .iter()
        .map(|row| match row {
            restless::tui::layout::results::Row::Styled(text, _) => text.clone(),
            restless::tui::layout::results::Row::Pieces(pieces) => {
                pieces.iter().map(|(t, _)| t.as_str()).collect()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Words that belong to the clinician's view only: rule ids
/// (`DX-4`, `T-IRON`), units of thresholds, abbreviations and sources.
fn clinician_words(text: &str) -> Vec<String> {
    let rule_id = |word: &str| {
        let mut parts = word.trim_matches(|c: char| !c.is_alphanumeric()).split('-');
        matches!((parts.next(), parts.next()), (Some(a), Some(b))
            if !a.is_empty() && a.chars().all(|c| c.is_ascii_uppercase()) && !b.is_empty()
                && b.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()))
    };
    let mut found: Vec<String> = text
        .split_whitespace()
        .filter(|w| rule_id(w))
        .map(String::from)
        .collect();
    for unit in ["ng/mL", "µg/L", "nmol/L", "pmol/L", "mmol/L", "%"] {
        if text.contains(unit) {
            found.push(unit.into());
        }
    }
    for word in [
        "TIBC", "TSAT", "RLS", "FBC", "eGFR", "HbA1c", "IRLS", "AASM", "PPI", "CBC", "S10", "[S",
    ] {
        if text.contains(word) {
            found.push(word.into());
        }
    }
    found
}

#[test]
fn v_switches_the_result_between_the_two_views() {
    let path = examples()
        .into_iter()
        .find(|p| p.ends_with("10-known-iron-below-target.toml"))
        .unwrap();
    let mut app = at_result(&path, Settings::default());
    assert_eq!(app.audience(), Audience::Clinician);
    let clinician = shown(&app);
    assert!(clinician.contains("T-CBC"), "{clinician}");
    press(&mut app, KeyCode::Char('v'));
    assert_eq!(app.audience(), Audience::Patient);
    let patient = shown(&app);
    assert_ne!(clinician, patient);
    assert!(patient.contains("Full blood count"), "{patient}");
    assert!(
        patient.contains("Your iron is below the level"),
        "{patient}"
    );
    let mut app2 = app.clone();
    app2.update(restless::tui::Action::Resize(80, 24));
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|frame| restless::tui::render(&app2, frame))
        .unwrap();
    assert_snapshot!(
        "patient_view_known_low_iron_80x24",
        terminal.backend().to_string()
    );
    press(&mut app, KeyCode::Char('v'));
    assert_eq!(app.audience(), Audience::Clinician);
    assert_eq!(shown(&app), clinician);
}

#[test]
fn the_patient_view_of_every_example_is_in_plain_words() {
    for path in examples() {
        let settings = Settings {
            audience: Audience::Patient,
            ..Settings::default()
        };
        let app = at_result(&path, settings);
        assert_eq!(app.audience(), Audience::Patient);
        let patient = shown(&app);
        let found = clinician_words(&patient);
        assert!(
            found.is_empty(),
            "{}: {found:?} in the patient view:\n{patient}",
            path.display()
        );
        let mut text = Vec::new();
        restless::report::write_patient_text(app.report().unwrap(), &mut text).unwrap();
        let text = String::from_utf8(text).unwrap();
        let found = clinician_words(&text);
        assert!(
            found.is_empty(),
            "{}: {found:?} in:\n{text}",
            path.display()
        );
    }
}

#[test]
fn files_carry_the_clinician_view_and_the_patient_summary() {
    for path in examples() {
        for format in ["text", "markdown"] {
            let output = crate::support::restless()
                .arg("score")
                .arg(&path)
                .args(["--format", format])
                .output()
                .unwrap();
            let out = String::from_utf8(output.stdout).unwrap();
            let lower = out.to_lowercase();
            let clinician = lower.find("act on first").expect("the headline");
            let patient = lower
                .find("for the person screened")
                .unwrap_or_else(|| panic!("{}: no patient summary", path.display()));
            assert!(clinician < patient, "{}", path.display());
            assert!(
                lower[patient..].contains("what to do first"),
                "{}",
                path.display()
            );
        }
    }
}

#[test]
fn the_configuration_chooses_the_view_and_refuses_others() {
    let config = parse_config("audience = \"patient\"\n", None).unwrap();
    assert_eq!(config.audience, Audience::Patient);
    assert_eq!(
        parse_config("", None).unwrap().audience,
        Audience::Clinician
    );
    let problems = parse_config("audience = \"doctor\"\n", None).unwrap_err();
    let message = format!("{problems:?}");
    assert!(message.contains("not an audience"), "{message}");
}

#[test]
fn plain_mode_reads_the_result_again_for_the_patient_or_the_clinician() {
    let dir = tempfile::tempdir().unwrap();
    let questionnaire = dir.path().join("clinic.toml");
    std::fs::write(&questionnaire, crate::plain::PLAIN).unwrap();
    let lines = [
        "P-1",
        "yes",
        "weekly or more",
        "45",
        "coffee",
        "",
        "",               // the answers
        "",               // the review: the result
        "view patient",   // read again in plain words
        "view clinician", // and for the clinician
        "view doctor",    // not a view
        "no",
        "view patient", // after saving or not, too
        "quit",
        "delete",
    ];
    let output = assert_cmd::Command::new(assert_cmd::cargo::cargo_bin!("restless"))
        .env_clear()
        .env("HOME", dir.path())
        .current_dir(dir.path())
        .args(["--plain", "--questionnaire"])
        .arg(&questionnaire)
        .write_stdin(lines.join("\n") + "\n")
        .output()
        .unwrap();
    let transcript = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{transcript}");
    let after_patient = transcript
        .split("Save: view patient")
        .nth(1)
        .expect("the view command echoed");
    let patient = after_patient.split("Save: view clinician").next().unwrap();
    assert!(patient.contains("What to do first"), "{patient}");
    assert!(
        patient.contains("Recommended test: Iron studies"),
        "{patient}"
    );
    assert!(!patient.contains("ACT ON FIRST"), "{patient}");
    assert!(
        transcript.contains("Next: view patient\n\n  What to do first"),
        "{transcript}"
    );
    let clinician = after_patient.split("Save: view clinician").nth(1).unwrap();
    let clinician = clinician.split("Save: no").next().unwrap();
    assert!(
        !clinician.contains("FOR THE PERSON SCREENED"),
        "{clinician}"
    );
    assert!(clinician.contains("ACT ON FIRST"), "{clinician}");
    assert!(
        clinician.contains("Type \"view patient\" or \"view clinician\"."),
        "{clinician}"
    );
}
