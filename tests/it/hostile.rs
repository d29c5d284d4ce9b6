//! The hostile corpus in tests/hostile/: files built to break a parser or
//! to drive the terminal. Each must give a clear message and a proper exit
//! status, and nothing the program prints may carry a raw control
//! character, escape sequence, bidi override or zero-width character.

use std::path::{Path, PathBuf};

use crate::support::restless;

fn hostile(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/hostile")
        .join(name)
}

/// Characters a terminal would interpret, or that would hide or reorder
/// text, other than the line breaks and tabs our own output uses.
fn unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// Runs restless and returns (status, stdout, stderr), asserting that
/// neither stream carries anything unsafe for a terminal.
fn run(args: &[&std::ffi::OsStr]) -> (i32, String, String) {
    let output = restless().args(args).output().unwrap();
    let stdout = String::from_utf8(output.stdout).expect("stdout is UTF-8");
    let stderr = String::from_utf8(output.stderr).expect("stderr is UTF-8");
    for (name, text) in [("stdout", &stdout), ("stderr", &stderr)] {
        if let Some(c) = text.chars().find(|&c| unsafe_char(c)) {
            panic!("{name} of {args:?} carries U+{:04X}:\n{text}", c as u32);
        }
        assert!(!text.contains("panicked"), "{text}");
    }
    (output.status.code().unwrap_or(-1), stdout, stderr)
}

fn validate(name: &str) -> (i32, String) {
    let path = hostile(name);
    let (code, _, stderr) = run(&["validate".as_ref(), path.as_os_str()]);
    (code, stderr)
}

#[test]
fn questionnaire_text_with_escape_sequences_is_shown_not_obeyed() {
    let q = hostile("q-terminal-escapes.toml");
    let (code, stdout, _) = run(&["validate".as_ref(), q.as_os_str()]);
    assert_eq!(code, 0, "escape sequences in strings are legal TOML");
    assert!(stdout.contains(": ok (hostile"));

    let (code, template, _) = run(&[
        "template".as_ref(),
        "--questionnaire".as_ref(),
        q.as_os_str(),
    ]);
    assert_eq!(code, 0);
    assert!(
        template.contains("Answers for \"␛]0;pwned␇Screening␛[2J\""),
        "{template}"
    );

    let answers = hostile("a-terminal-escapes.toml");
    for format in ["text", "markdown", "json", "toml", "fhir"] {
        let (code, report, _) = run(&[
            "score".as_ref(),
            "--questionnaire".as_ref(),
            q.as_os_str(),
            "-f".as_ref(),
            format.as_ref(),
            answers.as_os_str(),
        ]);
        assert_eq!(code, 0, "{format}");
        // Markdown escapes its own punctuation; read it without the escapes.
        let report = if format == "markdown" {
            report.replace('\\', "")
        } else {
            report
        };
        assert!(
            report.contains("<U+202E>"),
            "{format}: the bidi override is spelled out:\n{report}"
        );
        assert!(
            report.contains("␛]0;owned␇typed"),
            "{format}: the typed escape is visible:\n{report}"
        );
    }
}

#[test]
fn deeply_nested_condition() {
    let (code, stderr) = validate("q-nested-condition.toml");
    assert_eq!(code, 1);
    assert!(
        stderr.contains("the expression is nested more than 32 levels deep"),
        "{stderr}"
    );
}

#[test]
fn very_long_condition() {
    let (code, stderr) = validate("q-long-condition.toml");
    assert_eq!(code, 1);
    assert!(stderr.contains("the limit is 2000"), "{stderr}");
}

#[test]
fn numbers_that_overflow_or_underflow() {
    let (code, stderr) = validate("q-number-overflow.toml");
    assert_eq!(code, 1);
    assert!(
        stderr.contains(":13:7: `1e-400` is too small to represent; it would silently become 0"),
        "{stderr}"
    );
    let (code, stderr) = validate("q-number-overflow-2.toml");
    assert_eq!(code, 1);
    assert!(
        stderr.contains(":12:7: floating-point number overflowed"),
        "{stderr}"
    );
}

#[test]
fn escape_sequence_in_a_key() {
    let (code, stderr) = validate("q-escape-in-key.toml");
    assert_eq!(code, 1);
    assert!(
        stderr.contains(":5:1: unknown key `␛]0;pwned␇`"),
        "{stderr}"
    );
}

#[test]
fn nul_bytes() {
    let (code, stderr) = validate("q-nul-bytes.toml");
    assert_eq!(code, 1);
    assert!(stderr.contains("q-nul-bytes.toml:3:14: "), "{stderr}");
}

#[test]
fn deeply_nested_toml() {
    let (code, stderr) = validate("q-deep-toml.toml");
    assert_eq!(code, 1);
    assert!(stderr.contains("recursion"), "{stderr}");
    let path = hostile("a-deep-toml.toml");
    let (code, _, stderr) = run(&["score".as_ref(), path.as_os_str()]);
    assert_eq!(code, 1);
    assert!(stderr.contains("recursion"), "{stderr}");
}

#[test]
fn json_answers_of_the_wrong_types() {
    let path = hostile("a-wrong-types.json");
    let (code, _, stderr) = run(&["score".as_ref(), path.as_os_str()]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("`c1_urge` has no option \"␛[2Jyes\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("`age`: enter a whole number") || stderr.contains("`age`"),
        "{stderr}"
    );
    assert!(stderr.contains("a-wrong-types.json:1:"), "{stderr}");
}

#[test]
fn answers_that_are_not_utf8() {
    let path = hostile("a-not-utf8.toml");
    let (code, _, stderr) = run(&["score".as_ref(), path.as_os_str()]);
    assert_eq!(code, 3);
    assert!(
        stderr.contains("a-not-utf8.toml:2:12: the file is not UTF-8 text"),
        "{stderr}"
    );
}

#[test]
fn thousands_of_errors_are_counted_not_listed() {
    let path = hostile("a-many-errors.toml");
    let (code, _, stderr) = run(&["score".as_ref(), path.as_os_str()]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr
            .lines()
            .filter(|l| l.contains(": unknown question"))
            .count(),
        50
    );
    assert!(
        stderr.contains("a-many-errors.toml: and 4950 more problems"),
        "{stderr}"
    );
}

#[test]
fn too_many_items() {
    let mut text = String::from(
        "[questionnaire]\nid = \"big\"\nversion = \"1\"\ntitle = \"Big\"\n[[section]]\nid = \"s\"\ntitle = \"S\"\n",
    );
    for i in 0..10_001 {
        text += &format!("[[section.item]]\nid = \"i{i}\"\ntype = \"yes_no\"\ntext = \"Q\"\n");
    }
    let (_dir, path) = crate::support::file("big.toml", text);
    let (code, _, stderr) = run(&["validate".as_ref(), path.as_os_str()]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("a questionnaire may have at most 10000 items"),
        "{stderr}"
    );
}

#[test]
fn an_overlong_free_text_answer() {
    let q = hostile("q-terminal-escapes.toml");
    let (_dir, answers) = crate::support::file(
        "a.toml",
        format!("[answers]\nnote = \"{}\"\npick = \"b\"\n", "x".repeat(600)),
    );
    let (code, _, stderr) = run(&[
        "score".as_ref(),
        "--questionnaire".as_ref(),
        q.as_os_str(),
        answers.as_os_str(),
    ]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("`note`: at most 500 characters"),
        "{stderr}"
    );
}

/// Thousands of conditions naming ids that do not exist: the first 50
/// problems are listed (near misses with a did-you-mean), the rest
/// counted, and the search for near ids stops once enough are shown.
#[test]
fn thousands_of_unknown_ids_are_counted_not_listed() {
    let mut text = String::from(
        "[questionnaire]\nid = \"ids\"\nversion = \"1\"\ntitle = \"Ids\"\n\
         [[section]]\nid = \"s\"\ntitle = \"S\"\n\
         [[section.item]]\nid = \"urge\"\ntype = \"yes_no\"\ntext = \"Q\"\n",
    );
    for i in 0..3000 {
        text +=
            &format!("[[finding]]\nid = \"f{i}\"\nlabel = \"F\"\nwhen = \"answered(urgex{i})\"\n");
    }
    let (_dir, path) = crate::support::file("ids.toml", text);
    let (code, _, stderr) = run(&["validate".as_ref(), path.as_os_str()]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr
            .lines()
            .filter(|l| l.contains("unknown id `urgex"))
            .count(),
        50,
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `urge`?"), "{stderr}");
    assert!(
        stderr.contains("ids.toml: and 2950 more problems"),
        "{stderr}"
    );
}
