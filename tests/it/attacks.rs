//! Attacks on the real binary that the files in tests/hostile/ cannot carry
//! alone: special files, deep chains, overwrites and links. Each must end
//! quickly with a clear message or the right behaviour.

use std::time::Duration;

use crate::support::restless;

/// Devices and named pipes given as input are refused at once: their size
/// says nothing, and reading one could take all memory or wait forever.
#[test]
fn special_files_as_input_are_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.toml");
    rustix::fs::mkfifoat(rustix::fs::CWD, &fifo, rustix::fs::Mode::RWXU).unwrap();
    let fifo = fifo.to_str().unwrap();
    let attacks: [&[&str]; 6] = [
        &["score", "/dev/zero"],
        &["validate", "/dev/urandom"],
        &["score", fifo],
        &["validate", fifo],
        &["--questionnaire", "/dev/zero", "score", "/dev/null"],
        &["template", "--questionnaire", fifo],
    ];
    for args in attacks {
        let output = restless()
            .args(args)
            .timeout(Duration::from_secs(10))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(3), "{args:?}: {stderr}");
        assert!(
            stderr.contains(", not a regular file"),
            "{args:?}: {stderr}"
        );
    }
}

/// A valid questionnaire whose findings form one chain `length` long: each
/// uses the next, the last reads the only question.
fn chain_of_findings(length: usize) -> String {
    use std::fmt::Write;
    let mut text = String::from(
        "[questionnaire]\nid = \"chain\"\nversion = \"1\"\ntitle = \"Chain\"\n\n\
         [[source]]\nid = \"S1\"\ncitation = \"A source\"\n\n\
         [[section]]\nid = \"s\"\ntitle = \"S\"\n\n\
         [[section.item]]\nid = \"a\"\ntype = \"yes_no\"\ntext = \"A?\"\n",
    );
    for i in 1..=length {
        let when = if i < length {
            format!("f{} or a = yes", i + 1)
        } else {
            "a = yes".to_string()
        };
        let _ = write!(
            text,
            "\n[[finding]]\nid = \"f{i}\"\nlabel = \"F{i}\"\nwhen = \"{when}\"\nsources = [\"S1\"]\n"
        );
    }
    text
}

/// Evaluating a long chain of findings must not recurse once per link:
/// on a thread with a small stack, 15,000 links are worked out.
#[test]
fn a_long_chain_of_findings_does_not_exhaust_the_stack() {
    let q = restless::questionnaire::load(&chain_of_findings(15_000)).unwrap();
    let worked = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || {
            let mut answers = restless::engine::Answers::new(&q);
            answers
                .set(&q, 0, restless::engine::Answer::Choice(0))
                .unwrap();
            let outcome = restless::engine::evaluate(&q, &answers);
            outcome.findings.iter().filter(|f| f.value).count()
        })
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(worked, 15_000);
}

/// The same chain through the real binary, one file on the main thread and
/// several on worker threads.
#[test]
fn scoring_a_long_chain_works_on_every_thread() {
    let dir = tempfile::tempdir().unwrap();
    let q = dir.path().join("chain.toml");
    std::fs::write(&q, chain_of_findings(15_000)).unwrap();
    let mut files = Vec::new();
    for (i, answer) in ["yes", "no", "yes", "no"].iter().enumerate() {
        let path = dir.path().join(format!("a{i}.toml"));
        std::fs::write(&path, format!("[answers]\na = \"{answer}\"\n")).unwrap();
        files.push(path);
    }
    for chosen in [&files[..1], &files[..]] {
        let output = restless()
            .arg("--questionnaire")
            .arg(&q)
            .args(["score", "--format", "json"])
            .args(chosen)
            // A guard against a hang only: the unoptimised binary needs
            // tens of seconds for this on a busy machine.
            .timeout(Duration::from_secs(600))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{stderr}");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(stdout.contains("\"id\": \"f15000\""), "{stderr}");
    }
}

/// Free text that would be Markdown structure if it were not escaped:
/// fences, list items, headings, quotes, tables, rules, setext underlines,
/// blank lines, HTML, links, inline marks, math.
const FORGING_TEXTS: [&str; 4] = [
    "fine\n~~~\n- forged item\n1. forged\n# Heading\n> quote\n| a | b |\n|---|---|\n=====\n    code\n\nafter a blank line\n***",
    "<div>html</div>\n[link](http://x) ![i](y)\n`code` *em* _em_ ~~gone~~ &amp; $x^2$\n+ plus\n2) two\n---\n  \t\n: definition\n```\n[^1]\n[^1]: note",
    "\r~~~\r\n- carriage\r\r\n\n\n      indented\n1234567890. long\n<!-- comment -->\n\\\n\\- escaped",
    "- \n#\n>\n1.\n|\n",
];

/// The structure of a Markdown document as a parser sees it: every block
/// and inline element, without the text inside them.
fn markdown_structure(markdown: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Options, Parser};
    Parser::new_ext(markdown, Options::all())
        .filter_map(|event| match event {
            Event::Text(_) | Event::SoftBreak | Event::HardBreak => None,
            Event::Start(tag) => Some(format!("{tag:?}")),
            Event::End(tag) => Some(format!("end {tag:?}")),
            other => Some(format!("{other:?}")),
        })
        .collect()
}

/// The lines of a text report that carry its structure: titles, headings,
/// identifiers and the first line of each top-level entry, by their lead.
/// Lines from a value that spans several lines are indented further.
fn text_structure(text: &str) -> Vec<String> {
    text.lines()
        .filter(|line| line.len() - line.trim_start().len() < 4)
        .map(|line| {
            let indent = line.len() - line.trim_start().len();
            let lead = line.split_whitespace().next().unwrap_or("");
            format!("{indent} {lead}")
        })
        .collect()
}

fn report_with_text(own_words: &str, clinician: &str) -> (String, String) {
    let q = restless::questionnaire::load(restless::questionnaire::BUILT_IN).unwrap();
    let source = format!(
        "[identifiers]\npatient_id = \"P-1\"\nclinician = {}\n\n[answers]\nage = 10\nc1_urge = \"yes\"\nc1_own_words = {}\n",
        toml::Value::String(clinician.into()),
        toml::Value::String(own_words.into()),
    );
    let file = restless::answers::load(&q, &source).unwrap();
    let stamp = restless::report::Stamp {
        time: "2026-11-21T14:03:00+00:00".into(),
        program: "restless test".into(),
    };
    let report = restless::report::Report::build(&q, &file.answers, &file.identifiers, &stamp);
    let mut markdown = Vec::new();
    restless::report::write_markdown(&report, &mut markdown).unwrap();
    let mut text = Vec::new();
    restless::report::write_text(&report, &mut text).unwrap();
    (
        String::from_utf8(markdown).unwrap(),
        String::from_utf8(text).unwrap(),
    )
}

/// A free-text answer or an identifier can hold anything; the report's
/// structure must not depend on it, in Markdown and in plain text alike.
#[test]
fn free_text_cannot_forge_report_structure() {
    let (plain_markdown, plain_text) = report_with_text("x", "x");
    let expected_markdown = markdown_structure(&plain_markdown);
    let expected_text = text_structure(&plain_text);
    let hostile: toml::Table = toml::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/hostile/a-markdown-injection.toml"),
        )
        .unwrap(),
    )
    .unwrap();
    let from_file = (
        hostile["answers"]["c1_own_words"]
            .as_str()
            .unwrap()
            .to_string(),
        hostile["identifiers"]["clinician"]
            .as_str()
            .unwrap()
            .to_string(),
    );
    let mut cases: Vec<(String, String)> = FORGING_TEXTS
        .iter()
        .map(|forging| (forging.to_string(), forging.chars().take(60).collect()))
        .collect();
    cases.push(from_file);
    for (forging, clinician) in &cases {
        let (markdown, text) = report_with_text(forging, clinician);
        assert_eq!(
            markdown_structure(&markdown),
            expected_markdown,
            "{forging:?}\n{markdown}"
        );
        assert_eq!(text_structure(&text), expected_text, "{forging:?}\n{text}");
    }
}

/// `-o` onto a link to a device is refused with or without `--force`, and
/// the refusal does not suggest `--force`.
#[test]
fn output_onto_a_link_to_a_device_is_refused_even_forced() {
    let dir = tempfile::tempdir().unwrap();
    let answers = dir.path().join("a.toml");
    std::fs::write(&answers, "[answers]\nc1_urge = \"yes\"\n").unwrap();
    let link = dir.path().join("out.txt");
    std::os::unix::fs::symlink("/dev/null", &link).unwrap();
    for force in [false, true] {
        let mut cmd = restless();
        cmd.arg("score").arg(&answers).arg("-o").arg(&link);
        if force {
            cmd.arg("--force");
        }
        let output = cmd.output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(3), "{stderr}");
        assert!(
            stderr.contains("it is a symbolic link to a device, not to a regular file"),
            "{stderr}"
        );
        assert!(!stderr.contains("--force"), "{stderr}");
        assert_eq!(
            std::fs::read_link(&link).unwrap(),
            std::path::Path::new("/dev/null")
        );
    }
}

/// Tens of thousands of unknown keys in a JSON result, at the top or among
/// the answers: each is reported (the first ones listed, the rest counted)
/// in linear time. They took a minute when each key was looked for from
/// the start of the text.
#[test]
fn thousands_of_unknown_json_keys_are_reported_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let top: String = (0..80_000).map(|i| format!("\"k{i}\":1,")).collect();
    let answers: String = (0..60_000).map(|i| format!("\"k{i}\":1,")).collect();
    for (name, text) in [
        ("top.json", format!("{{{top}\"answers\":{{}}}}")),
        (
            "answers.json",
            format!("{{\"answers\":{{{}}}}}", answers.trim_end_matches(',')),
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let output = restless()
            .arg("score")
            .arg(&path)
            .timeout(Duration::from_secs(20))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{name}: {stderr}");
        assert!(stderr.contains("more problems"), "{name}: {stderr}");
    }
}

/// A questionnaire of one question and `findings` findings that all hold
/// when it is answered yes, each in a group of its own if `own_groups`.
fn many_findings(findings: usize, own_groups: bool) -> String {
    use std::fmt::Write;
    let mut text = String::from(
        "[questionnaire]\nid = \"many\"\nversion = \"1\"\ntitle = \"Many\"\n\n\
         [[source]]\nid = \"S1\"\ncitation = \"A source\"\n\n\
         [[section]]\nid = \"s\"\ntitle = \"S\"\n\n\
         [[section.item]]\nid = \"a\"\ntype = \"yes_no\"\ntext = \"A?\"\n",
    );
    for i in 0..findings {
        let group = if own_groups {
            format!("group = \"Group {i}\"\n")
        } else {
            String::new()
        };
        let _ = write!(
            text,
            "\n[[finding]]\nid = \"f{i}\"\nlabel = \"Finding {i}\"\n{group}when = \"a = yes\"\nsources = [\"S1\"]\n"
        );
    }
    text
}

/// The result screen with a thousand findings, or ten thousand each in a
/// group of its own, is laid out at three sizes. It took seconds per size
/// when each finding's kind was worked out by looking through all the
/// others, and when each group was looked up in a list; the speed is
/// measured by hand, never asserted here (a busy machine is slow).
#[test]
fn the_result_screen_with_a_thousand_findings_is_laid_out() {
    use restless::tui::App;

    for (findings, own_groups) in [(1_020, false), (10_000, true)] {
        let q = restless::questionnaire::load(&many_findings(findings, own_groups)).unwrap();
        result_screen_is_laid_out(App::new(q, crate::drive::THEME));
    }
}

fn result_screen_is_laid_out(mut app: restless::tui::App) {
    use crossterm::event::KeyCode;
    use ratatui::{Terminal, backend::TestBackend};
    use restless::tui::Action;

    crate::drive::press(&mut app, KeyCode::Enter);
    crate::drive::answer(&mut app, "a", "yes");
    crate::drive::press(&mut app, KeyCode::Char('r'));
    assert!(app.report().is_some(), "at the result");
    for (width, height) in [(80, 24), (120, 40), (60, 20)] {
        app.update(Action::Resize(width, height));
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal
            .draw(|frame| restless::tui::render(&app, frame))
            .unwrap();
        assert!(terminal.backend().to_string().contains("Finding 0"));
    }
}

/// A command-line error quotes what was typed; an argument holding escape
/// sequences (a file name that sets the terminal's title) is not echoed
/// raw, even when colours are forced as on a terminal.
#[test]
fn command_line_errors_do_not_echo_escape_sequences() {
    let hostile = "name\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m";
    let attacks: [&[&str]; 3] = [
        &[hostile],
        &["score", "--format", hostile, "x"],
        &["validate", "--nonsense", hostile],
    ];
    for args in attacks {
        let output = restless()
            .env("CLICOLOR_FORCE", "1")
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.starts_with("error:"), "{stderr}");
        assert!(
            !stderr.contains(['\u{1b}', '\u{7}', '\u{9b}']),
            "{args:?}: {stderr:?}"
        );
    }
}

/// A question of 65,534 lines: its height does not wrap round (it did, to a
/// few rows, and the question was shown without its options; a debug
/// build panicked). The screen asks for a larger window instead.
#[test]
fn a_question_taller_than_any_terminal_does_not_wrap_round() {
    use crossterm::event::KeyCode;
    use ratatui::{Terminal, backend::TestBackend};
    use restless::tui::{Action, App};

    let text = format!(
        "[questionnaire]\nid = \"tall\"\nversion = \"1\"\ntitle = \"Tall\"\n\n\
         [[section]]\nid = \"s\"\ntitle = \"S\"\n\n\
         [[section.item]]\nid = \"a\"\ntype = \"yes_no\"\ntext = \"A?{}\"\n",
        "\\nx".repeat(65_534)
    );
    let q = restless::questionnaire::load(&text).unwrap();
    let mut app = App::new(q, crate::drive::THEME);
    crate::drive::press(&mut app, KeyCode::Enter);
    for (width, height) in [(80, 24), (200, 60), (30, 10)] {
        app.update(Action::Resize(width, height));
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal
            .draw(|frame| restless::tui::render(&app, frame))
            .unwrap();
        let screen = terminal.backend().to_string();
        assert!(screen.contains("Make the window larger"), "{screen}");
        assert!(screen.contains("65535"), "{screen}");
    }
}

/// An identifier holding zero-width and bidi characters is kept as given
/// (one character each, so it stays within its limit): the result saved
/// with it scores again with the same identifier, and the reports show
/// the characters spelled out. Neutralised at loading, it grew past its
/// limit and the saved result was refused.
#[test]
fn a_saved_result_with_an_invisible_character_in_an_identifier_scores_again() {
    let hostile = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/hostile/a-bidi-identifier.toml");
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("saved.toml");
    let first = restless()
        .arg("score")
        .arg(&hostile)
        .args(["--format", "toml", "-o"])
        .arg(&saved)
        .output()
        .unwrap();
    assert_eq!(
        first.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let again = restless()
        .arg("score")
        .arg(&saved)
        .args(["--format", "text"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert_eq!(
        again.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert!(
        stdout.contains("Patient identifier: A-104<U+200B>2-<U+202E>XYZ-"),
        "{stdout}"
    );
    assert!(!stdout.contains(['\u{200b}', '\u{202e}']), "{stdout}");
    let text = std::fs::read_to_string(&saved).unwrap();
    assert!(
        text.contains("A-104\u{200b}2-\u{202e}XYZ-"),
        "the data is kept: {text}"
    );
}

/// A JSON answers file that gives one question two answers is refused, as
/// TOML refuses it; the JSON parser alone kept the last without a word.
#[test]
fn a_json_answer_given_twice_is_refused() {
    let hostile =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile/a-duplicate-key.json");
    let output = restless().arg("score").arg(&hostile).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(":4:"), "placed at the second one: {stderr}");
    assert!(
        stderr.contains("`c1_urge` appears twice; keep one"),
        "{stderr}"
    );
}

/// The answers template quotes the questionnaire's title and version in a
/// comment: a line break in them must not end the comment, or the rest
/// becomes answers, or a template that no longer loads.
#[test]
fn line_breaks_in_a_title_do_not_break_out_of_the_template_comment() {
    let dir = tempfile::tempdir().unwrap();
    let q = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/hostile/q-title-breaks-template.toml");
    let output = restless()
        .arg("template")
        .arg("--questionnaire")
        .arg(&q)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let template = String::from_utf8(output.stdout).unwrap();
    let before_tables: Vec<&str> = template
        .lines()
        .take_while(|l| !l.starts_with('['))
        .collect();
    assert!(
        before_tables
            .iter()
            .all(|l| l.is_empty() || l.starts_with('#')),
        "{template}"
    );
    let path = dir.path().join("template.toml");
    std::fs::write(&path, &template).unwrap();
    let scored = restless()
        .arg("--questionnaire")
        .arg(&q)
        .args(["score", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&scored.stdout);
    assert_eq!(
        scored.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&scored.stderr)
    );
    assert!(
        stdout.contains("\"answers\": {}"),
        "nothing answered: {stdout}"
    );
}
