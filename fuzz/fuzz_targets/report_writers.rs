//! Any free text and identifiers in a screening: the Markdown and plain
//! text reports keep the same structure as with plain words in their place.
//! Text from a person is shown, never obeyed as formatting.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use pulldown_cmark::{Event, Options, Parser};
use restless::questionnaire::Questionnaire;
use restless::report::{Report, Stamp};

fn built_in() -> &'static Questionnaire {
    static Q: OnceLock<Questionnaire> = OnceLock::new();
    Q.get_or_init(|| {
        restless::questionnaire::load(restless::questionnaire::BUILT_IN)
            .expect("the built-in questionnaire is valid")
    })
}

/// Blocks and inline elements as a parser sees them, without their text.
fn markdown_structure(markdown: &str) -> Vec<String> {
    Parser::new_ext(markdown, Options::all())
        .filter_map(|event| match event {
            Event::Text(_) | Event::SoftBreak | Event::HardBreak => None,
            Event::Start(tag) => Some(format!("{tag:?}")),
            Event::End(tag) => Some(format!("end {tag:?}")),
            other => Some(format!("{other:?}")),
        })
        .collect()
}

/// The lines of a plain report that carry its structure (indented less
/// than a continued value), by indent and first word.
fn text_structure(text: &str) -> Vec<String> {
    text.lines()
        .filter(|line| line.len() - line.trim_start().len() < 4)
        .map(|line| {
            let indent = line.len() - line.trim_start().len();
            format!("{indent} {}", line.split_whitespace().next().unwrap_or(""))
        })
        .collect()
}

/// Both reports for a child's screening with `words` as the free-text
/// answer and the identifiers given; `None` when the answers are refused
/// (too long), as the program would refuse them.
fn reports(words: &str, patient: &str, clinician: &str) -> Option<(String, String)> {
    let q = built_in();
    let source = format!(
        "[identifiers]\npatient_id = {}\nclinician = {}\n\n[answers]\nage = 10\nc1_urge = \"yes\"\nc1_own_words = {}\n",
        toml::Value::String(patient.into()),
        toml::Value::String(clinician.into()),
        toml::Value::String(words.into()),
    );
    let file = restless::answers::load(q, &source).ok()?;
    let stamp = Stamp {
        time: "2026-11-21T14:03:00+00:00".into(),
        program: "fuzz".into(),
    };
    let report = Report::build(q, &file.answers, &file.identifiers, &stamp);
    let mut markdown = Vec::new();
    restless::report::write_markdown(&report, &mut markdown).ok()?;
    let mut text = Vec::new();
    restless::report::write_text(&report, &mut text).ok()?;
    Some((
        String::from_utf8(markdown).ok()?,
        String::from_utf8(text).ok()?,
    ))
}

fn expected() -> &'static (Vec<String>, Vec<String>) {
    static E: OnceLock<(Vec<String>, Vec<String>)> = OnceLock::new();
    E.get_or_init(|| {
        let (markdown, text) = reports("x", "x", "x").expect("plain words are accepted");
        (markdown_structure(&markdown), text_structure(&text))
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    // Three values, split at the unit separator.
    let mut parts = input.splitn(3, '\u{1f}');
    let words = parts.next().unwrap_or("");
    let patient = parts.next().unwrap_or("");
    let clinician = parts.next().unwrap_or("");
    // Empty values are left out of a report, which changes it for a reason
    // that is not the text's content.
    if [words, patient, clinician]
        .iter()
        .any(|v| v.trim().is_empty())
    {
        return;
    }
    let Some((markdown, text)) = reports(words, patient, clinician) else {
        return;
    };
    let (markdown_expected, text_expected) = expected();
    assert_eq!(
        &markdown_structure(&markdown),
        markdown_expected,
        "Markdown structure changed:\n{markdown}"
    );
    assert_eq!(
        &text_structure(&text),
        text_expected,
        "text structure changed:\n{text}"
    );
});
