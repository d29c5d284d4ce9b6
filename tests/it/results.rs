//! The top of every result: the headline (what to act on first) on the
//! screen at 80x24 without scrolling, and in every printed format.

use std::path::{Path, PathBuf};

use crossterm::event::KeyCode;
use insta::assert_snapshot;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use restless::report::HeadlineKind;
use restless::tui::app::Screen;
use restless::tui::{Action, App, DraftContent, DraftEntry, Effect, Settings};

use crate::drive::*;

fn example_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("questionnaires/examples")
        .join(format!("{name}.toml"))
}

fn all_examples() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("questionnaires/examples");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The app on the result of an example, reached as a person would: the
/// answers resumed from a draft, then `r` on the review.
fn at_result(name: &str) -> App {
    let q = built_in();
    let text = std::fs::read_to_string(example_path(name)).unwrap();
    let file = restless::answers::load(&q, &text).unwrap();
    let entry = DraftEntry {
        id: "d".into(),
        when: "2026-11-21 14:03".into(),
        identifier: String::new(),
        content: Ok(DraftContent::Read(file.clone())),
    };
    let mut app = App::with_settings(q, THEME, Settings::default(), vec![entry]);
    assert_eq!(
        resume_first_draft(&mut app, &file.identifiers),
        Effect::Resumed("d".into())
    );
    assert!(matches!(app.screen(), Screen::Review(_)), "{name}");
    press(&mut app, KeyCode::Char('r'));
    assert!(app.report().is_some(), "{name}: no result");
    app
}

fn screen(app: &mut App, width: u16, height: u16) -> String {
    app.update(Action::Resize(width, height));
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
    terminal
        .draw(|frame| restless::tui::render(app, frame))
        .expect("drawing into memory");
    terminal.backend().to_string()
}

/// How many rows of the result the headline takes on a screen `inner`
/// columns wide: up to the first blank row.
fn headline_rows(app: &App, inner: usize) -> usize {
    let rows = app.result_rows(inner);
    rows.iter()
        .position(|row| row.width() == 0)
        .unwrap_or(rows.len())
}

#[test]
fn every_headline_is_above_the_fold_at_80x24() {
    for name in all_examples() {
        let mut app = at_result(&name);
        let shown = screen(&mut app, 80, 24);
        let inner = restless::tui::layout::results::text_width(80);
        let room = restless::tui::layout::results::viewport_height((80, 24));
        let taken = headline_rows(&app, inner);
        assert!(
            taken <= room,
            "{name}: the headline takes {taken} rows, {room} shown"
        );
        let headline = &app.report().unwrap().result.headline;
        assert!(!headline.is_empty(), "{name}: no headline");
        for line in headline {
            let start: String = line.text.chars().take(20).collect();
            assert!(
                shown.contains(&start),
                "{name}: {start:?} not on screen:\n{shown}"
            );
        }
    }
}

#[test]
fn the_headline_leads_in_order_red_flags_known_results_tests_classification() {
    let rank = |kind: HeadlineKind| match kind {
        HeadlineKind::Incomplete => 0,
        HeadlineKind::RedFlag => 1,
        HeadlineKind::BelowTarget => 2,
        HeadlineKind::Recommended | HeadlineKind::Consider | HeadlineKind::NoTest => 3,
        HeadlineKind::Classification => 4,
    };
    for name in all_examples() {
        let app = at_result(&name);
        let result = &app.report().unwrap().result;
        let kinds: Vec<HeadlineKind> = result.headline.iter().map(|l| l.kind).collect();
        let ranks: Vec<usize> = kinds.iter().map(|&k| rank(k)).collect();
        assert!(ranks.is_sorted(), "{name}: {kinds:?}");
        let tests = kinds
            .iter()
            .filter(|k| matches!(k, HeadlineKind::Recommended | HeadlineKind::Consider))
            .count();
        assert_eq!(tests, result.tests.len(), "{name}: one line per test");
        let flags = result
            .findings
            .iter()
            .filter(|f| f.value && f.urgency.is_some())
            .count();
        let flag_lines = kinds
            .iter()
            .filter(|&&k| k == HeadlineKind::RedFlag)
            .count();
        assert_eq!(flag_lines, flags, "{name}: one line per red flag");
        assert_eq!(kinds.last(), Some(&HeadlineKind::Classification), "{name}");
    }
}

#[test]
fn a_known_low_result_leads_with_its_values_units_and_target() {
    let app = at_result("10-known-iron-below-target");
    let headline = &app.report().unwrap().result.headline;
    let known = headline
        .iter()
        .find(|l| l.kind == HeadlineKind::BelowTarget)
        .expect("a below-target line");
    for part in [
        "45 µg/L",
        "(= 45 ng/mL)",
        "15 %",
        "ferritin 75 ng/mL or less",
        "Investigate the cause",
    ] {
        assert!(
            known.text.contains(part),
            "{part:?} not in {:?}",
            known.text
        );
    }
    assert_eq!(headline[0].kind, HeadlineKind::BelowTarget);
}

#[test]
fn a_red_flag_names_the_answers_behind_it() {
    let app = at_result("31-cauda-equina");
    let headline = &app.report().unwrap().result.headline;
    assert_eq!(headline[0].kind, HeadlineKind::RedFlag);
    assert!(headline[0].label.contains("EMERGENCY"), "{:?}", headline[0]);
    assert!(
        headline[0].text.contains("Answered: ") && headline[0].text.contains("bladder"),
        "{:?}",
        headline[0].text
    );
}

fn snapshot_top(name: &str, example: &str) {
    let mut app = at_result(example);
    assert_snapshot!(format!("result_top_{name}_80x24"), screen(&mut app, 80, 24));
}

#[test]
fn result_top_positive_with_tests() {
    snapshot_top("positive_with_tests", "01-positive-iron-habits");
}

#[test]
fn result_top_known_low_iron() {
    snapshot_top("known_low_iron", "10-known-iron-below-target");
}

#[test]
fn result_top_negative_with_a_layer_b_test() {
    snapshot_top("negative_layer_b", "17-negative-layer-b");
}

#[test]
fn result_top_plain_negative() {
    snapshot_top("plain_negative", "02-negative");
}

#[test]
fn result_top_not_determined() {
    snapshot_top("not_determined", "18-undetermined");
}

#[test]
fn result_top_red_flag() {
    snapshot_top("red_flag", "32-mood-red-flag");
}

#[test]
fn result_top_most_tests() {
    snapshot_top("most_tests", "19-escalation");
}

/// Every example scored as `score` prints it, in `format`.
fn printed(name: &str, format: &str) -> String {
    let output = crate::support::restless()
        .arg("score")
        .arg(example_path(name))
        .args(["--format", format])
        .output()
        .unwrap();
    assert!(output.status.success(), "{name}: {output:?}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn because_lists_only_what_held_in_every_example() {
    for name in all_examples() {
        let text = printed(&name, "text");
        for line in text.lines().map(str::trim_start) {
            assert!(
                !line.starts_with("because: ✗"),
                "{name}: a reason that did not hold under because: {line}"
            );
            // Only the answers under a test's "why" are entries with a mark.
            assert!(
                !line.starts_with("- ✗"),
                "{name}: an answer that did not hold under why: {line}"
            );
        }
        let markdown = printed(&name, "markdown");
        assert!(!markdown.contains("*because:* ✗"), "{name}");

        let app = at_result(&name);
        for row in app.result_rows(76).iter() {
            let shown = match row {
                restless::tui::layout::results::Row::Styled(text, _) => text.clone(),
                restless::tui::layout::results::Row::Pieces(pieces) => {
                    pieces.iter().map(|(t, _)| t.as_str()).collect()
                }
            };
            assert!(
                !shown.starts_with(&format!("{}✗", " ".repeat(12))),
                "{name}: on screen: {shown}"
            );
        }
    }
}

#[test]
fn what_did_not_hold_is_shown_as_not_counted() {
    let text = printed("17-negative-layer-b", "text");
    assert!(
        text.contains("not counted: All five criteria met (screen)"),
        "{text}"
    );
}

#[test]
fn supporting_factors_are_listed_with_the_test_they_support() {
    let q = built_in();
    let report = |name: &str| {
        let text = std::fs::read_to_string(example_path(name)).unwrap();
        let file = restless::answers::load(&q, &text).unwrap();
        restless::report::Report::build(&q, &file.answers, &file.identifiers, &stamp())
    };
    let supporting = |name: &str, test: &str| -> Vec<String> {
        let r = report(name);
        let t = r.result.tests.iter().find(|t| t.id == test).unwrap();
        t.supporting.iter().map(|s| s.finding.clone()).collect()
    };
    assert_eq!(
        supporting("09-heavy-periods-donor", "iron_studies"),
        ["donor_flag", "heavy_periods_flag"]
    );
    assert!(
        supporting("06-vegan-metformin-ppi", "iron_studies")
            .contains(&"ironabs_vegetarian".to_string())
    );
    let text = printed("09-heavy-periods-donor", "text");
    let tests = text.split("TESTS TO REQUEST").nth(1).unwrap();
    let iron = tests.split("RECOMMENDED: Complete").next().unwrap();
    assert!(
        iron.contains("also: Heavy periods: a source of iron loss [F-HMB]"),
        "{iron}"
    );
}

fn stamp() -> restless::report::Stamp {
    restless::report::Stamp {
        time: "2026-01-01T00:00:00+00:00".into(),
        program: "restless test".into(),
    }
}

#[test]
fn every_source_cited_with_a_test_is_in_its_source_list() {
    let q = built_in();
    let source_ids: Vec<&str> = q.sources.iter().map(|s| s.id.as_str()).collect();
    let mut checked = 0;
    for name in all_examples() {
        let text = std::fs::read_to_string(example_path(&name)).unwrap();
        let file = restless::answers::load(&q, &text).unwrap();
        let report =
            restless::report::Report::build(&q, &file.answers, &file.identifiers, &stamp());
        for t in &report.result.tests {
            let listed: Vec<&str> = t.source.iter().map(|s| s.id.as_str()).collect();
            let mut cited: Vec<&str> = t
                .reasons
                .iter()
                .flat_map(|r| r.citation.sources.iter().map(|s| s.id.as_str()))
                .chain(
                    t.supporting
                        .iter()
                        .flat_map(|s| s.citation.sources.iter().map(|s| s.id.as_str())),
                )
                .collect();
            // Sources named in the words of reasons and notes, too.
            let words = t
                .reasons
                .iter()
                .map(|r| r.text.as_str())
                .chain(t.notes.iter().map(String::as_str));
            for word in words.flat_map(|w| w.split(|c: char| !c.is_alphanumeric())) {
                if let Some(id) = source_ids.iter().find(|id| **id == word) {
                    cited.push(id);
                }
            }
            for id in cited {
                assert!(
                    listed.contains(&id),
                    "{name}: {}: {id} cited but not listed",
                    t.id
                );
                checked += 1;
            }
            for s in &t.source {
                assert!(!s.citation.is_empty(), "{name}: {} has no citation", s.id);
            }
        }
        let printed = printed(&name, "text");
        for t in &report.result.tests {
            for s in &t.source {
                let first_words: String = s.citation.chars().take(20).collect();
                assert!(
                    printed.contains(&format!("source: {} {first_words}", s.id)),
                    "{name}: {} without its full citation",
                    s.id
                );
            }
        }
    }
    assert!(checked > 50, "only {checked} citations checked");
}

/// The whole result on the screen, one string per row.
fn result_lines_of(app: &App) -> Vec<String> {
    app.result_rows(76)
        .iter()
        .map(|row| match row {
            restless::tui::layout::results::Row::Styled(text, _) => text.clone(),
            restless::tui::layout::results::Row::Pieces(pieces) => {
                pieces.iter().map(|(t, _)| t.as_str()).collect()
            }
        })
        .collect()
}

#[test]
fn a_medicine_flag_names_the_medicine_ticked() {
    let app = at_result("08-ssri");
    let lines = result_lines_of(&app).join("\n");
    let flag = lines
        .split("A medicine that may provoke or worsen restless legs")
        .nth(1)
        .expect("the medicine flag on screen");
    let next_lines: String = flag.lines().take(6).collect::<Vec<_>>().join("\n");
    assert!(next_lines.contains("sertraline"), "{next_lines}");
    let text = printed("08-ssri", "text");
    let medicines = text.split("MEDICINES").nth(1).unwrap();
    assert!(medicines.contains("sertraline"), "{medicines}");
}

#[test]
fn a_mimic_to_rule_out_is_named() {
    let app = at_result("16-mimic-to-rule-out");
    let result = &app.report().unwrap().result;
    let class = result.headline.last().unwrap();
    assert_eq!(class.kind, HeadlineKind::Classification);
    assert!(
        class
            .text
            .contains("mimic must be ruled out (Numbness, tingling"),
        "{}",
        class.text
    );
    let text = printed("16-mimic-to-rule-out", "text");
    let result_part = text.split("TESTS TO REQUEST").next().unwrap();
    let classification = result_part.split("RESULT\n").nth(1).unwrap();
    assert!(
        classification.contains("Numbness, tingling"),
        "{classification}"
    );
}

#[test]
fn known_results_are_shown_with_value_unit_age_and_meaning() {
    let app = at_result("10-known-iron-below-target");
    let known = &app.report().unwrap().result.known_results;
    let ferritin = known
        .iter()
        .find(|k| k.item == "ferritin")
        .expect("ferritin");
    assert_eq!(ferritin.value, "45 µg/L (= 45 ng/mL)");
    assert_eq!(ferritin.when.as_deref(), Some("Six months ago or less"));
    assert!(
        ferritin
            .meaning
            .iter()
            .any(|m| m.starts_with("Known iron results below the RLS target")),
        "{:?}",
        ferritin.meaning
    );
    let on_screen = result_lines_of(&app).join("\n");
    assert!(
        on_screen.contains("Serum ferritin: 45 µg/L (= 45 ng/mL); Six months ago or less"),
        "{on_screen}"
    );
    let text = printed("10-known-iron-below-target", "text");
    assert!(text.contains("RESULTS ALREADY KNOWN"), "{text}");
    assert!(
        text.contains("Transferrin saturation (TSAT): 15 %; Six months ago or less"),
        "{text}"
    );

    let older = printed("39-known-vitamin-d-older", "text");
    let block = older
        .split("RESULTS ALREADY KNOWN")
        .nth(1)
        .expect("the block");
    assert!(
        block.contains("10 ng/mL; More than 6 months ago"),
        "{block}"
    );
    assert!(
        block.contains("means: Known vitamin or magnesium results older"),
        "{block}"
    );
}

#[test]
fn every_known_value_of_every_example_is_listed() {
    let q = built_in();
    for name in all_examples() {
        let text = std::fs::read_to_string(example_path(&name)).unwrap();
        let file = restless::answers::load(&q, &text).unwrap();
        let applicable = restless::engine::applicable(&q, &file.answers);
        let report =
            restless::report::Report::build(&q, &file.answers, &file.identifiers, &stamp());
        let listed: Vec<&str> = report
            .result
            .known_results
            .iter()
            .map(|k| k.item.as_str())
            .collect();
        for (i, item) in q.items.iter().enumerate() {
            let given = matches!(
                file.answers.get(i),
                Some(restless::engine::Answer::Number { .. })
            );
            if item.dated_by.is_some() && given && applicable[i] {
                assert!(
                    listed.contains(&item.id.as_str()),
                    "{name}: {} not listed",
                    item.id
                );
            }
        }
    }
}

#[test]
fn every_summary_is_at_most_twenty_ascii_lines_with_what_matters() {
    for name in all_examples() {
        let summary = printed(&name, "summary");
        let lines: Vec<&str> = summary.lines().collect();
        assert!(
            lines.len() <= 20,
            "{name}: {} lines:\n{summary}",
            lines.len()
        );
        assert!(summary.is_ascii(), "{name}: not ASCII:\n{summary}");
        let app = at_result(&name);
        let result = &app.report().unwrap().result;
        for line in &result.headline {
            let start: String = restless::report::ascii(&line.text)
                .chars()
                .take(25)
                .collect();
            assert!(
                summary.contains(&start),
                "{name}: {start:?} missing:\n{summary}"
            );
        }
        for t in &result.tests {
            let line = lines
                .iter()
                .find(|l| l.contains(&restless::report::ascii(&t.name)))
                .unwrap_or_else(|| panic!("{name}: {} missing:\n{summary}", t.name));
            let reason = restless::report::ascii(&t.reasons[0].text);
            assert!(
                line.contains(&reason),
                "{name}: the reason of {} missing: {line}",
                t.id
            );
        }
        for k in &result.known_results {
            assert!(
                summary.contains(&restless::report::ascii(&k.value)),
                "{name}: {} missing:\n{summary}",
                k.item
            );
        }
    }
}

#[test]
fn too_much_to_say_is_cut_to_twenty_lines_saying_how_much_was_left_out() {
    let mut report = at_result("19-escalation").report().unwrap().clone();
    let tests = report.result.tests.clone();
    for _ in 0..4 {
        report.result.tests.extend(tests.iter().cloned());
    }
    assert_eq!(report.result.tests.len(), 35);
    let lines = restless::report::summary_lines(&report);
    assert_eq!(lines.len(), restless::report::SUMMARY_MAX_LINES);
    let cut = lines
        .iter()
        .find(|l| l.starts_with("... and "))
        .expect("the line saying what was left out");
    assert!(cut.contains("more: see the full report"), "{cut}");
    // The classification and the disclaimer stay.
    assert!(lines.iter().any(|l| l.starts_with("RLS criteria: ")));
    assert!(lines[lines.len() - 1].contains("screening aid"));
}

#[test]
fn the_result_ends_with_the_program_and_its_version_in_both_views() {
    let mut app = at_result("02-negative");
    let version = format!("restless {}", env!("CARGO_PKG_VERSION"));
    for _ in 0..2 {
        let lines = result_lines_of(&app);
        let last = lines.last().unwrap();
        assert!(last.contains(&version), "{last}");
        assert!(last.starts_with("Scored "), "{last}");
        press(&mut app, KeyCode::Char('v'));
    }
    assert!(
        printed("02-negative", "summary")
            .lines()
            .next()
            .unwrap()
            .contains(&version)
    );
}

#[test]
fn an_opened_result_is_read_only_until_e() {
    let q = built_in();
    let text = std::fs::read_to_string(example_path("10-known-iron-below-target")).unwrap();
    let file = restless::answers::load(&q, &text).unwrap();
    let mut app = App::with_settings(q, THEME, Settings::default(), Vec::new());
    app.open_saved(file, "saved.toml");
    assert!(matches!(app.screen(), Screen::Results(_)));
    assert_eq!(app.opened(), Some("saved.toml"));
    assert!(
        !app.has_unsaved(),
        "nothing to save in a file already saved"
    );
    assert!(!app.take_changed(), "no draft of a file already saved");
    press(&mut app, KeyCode::Char('s'));
    assert!(app.overlay().is_none(), "the save box opened");
    press(&mut app, KeyCode::Char('r'));
    assert!(matches!(app.screen(), Screen::Review(_)));
    press(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.screen(), Screen::Results(_)),
        "Enter changed an answer"
    );
    press(&mut app, KeyCode::Char('r'));
    press(&mut app, KeyCode::Char('b'));
    assert!(
        matches!(app.screen(), Screen::Review(_)),
        "back left the review"
    );
    press(&mut app, KeyCode::Char('e'));
    assert_eq!(app.opened(), None);
    assert!(matches!(app.screen(), Screen::Review(_)));
    assert!(app.has_unsaved());
    assert!(app.take_changed(), "the new screening is kept in a draft");
    press(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.screen(), Screen::Question(_)),
        "Enter changes an answer again"
    );
}
