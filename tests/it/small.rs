//! The standard 80x24 window: every question of the built-in
//! questionnaire, reached by walking the worked examples' answers, shows
//! its text and its highlighted option; long lists scroll; below the
//! smallest usable size keys do nothing the person cannot see.

use std::path::{Path, PathBuf};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use insta::assert_snapshot;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use restless::engine::Answer;
use restless::questionnaire::{Item, ItemKind};
use restless::tui::app::{Editor, Progress, Row, Screen, rows};
use restless::tui::{Action, App, Effect};

use crate::drive::*;

/// Renders as the event loop does, which also tells the app whether its
/// screen was shown.
pub fn shown(app: &mut App, width: u16, height: u16) -> String {
    app.update(Action::Resize(width, height));
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
    terminal
        .draw(|frame| restless::tui::present(app, frame))
        .expect("drawing into memory");
    terminal.backend().to_string()
}

pub fn example_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("questionnaires/examples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the examples folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

/// The answers of an example file, by item.
pub fn example_answers(path: &Path) -> restless::engine::Answers {
    let text = std::fs::read_to_string(path).expect("an example file");
    restless::answers::load(&built_in(), &text)
        .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()))
        .answers
}

/// The row the highlight is on, in the question on screen.
fn cursor_row(app: &App) -> Option<Row> {
    let Screen::Question(question) = app.screen() else {
        return None;
    };
    let item = &app.questionnaire().items[question.item];
    match &question.editor {
        Editor::Choice { pointed: false, .. } => None,
        Editor::Choice { cursor, .. } | Editor::Multiple { cursor, .. } => {
            rows(item).get(*cursor).copied()
        }
        Editor::Field { .. } => None,
    }
}

fn row_label(app: &App, item: &Item, row: Row) -> String {
    match row {
        Row::Option(i) => item.kind.options()[i].label.clone(),
        Row::DontKnow => app.questionnaire().labels.dont_know.clone(),
        Row::Skip => "Leave this unanswered".into(),
        Row::Field => String::new(),
    }
}

/// Whether the question's words and the highlighted option are on the
/// screen: the option on the line of the pointer.
fn assert_usable(app: &App, screen: &str, context: &str) {
    let index = app.current_item().expect("a question");
    let item = &app.questionnaire().items[index];
    assert!(
        !screen.contains("Make the window larger"),
        "{context}\n{screen}"
    );
    let flat: String = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    for word in item.text.split_whitespace() {
        assert!(
            flat.contains(word),
            "{context}: {word:?} of the question not shown\n{screen}"
        );
    }
    if let Some(row) = cursor_row(app) {
        let label = row_label(app, item, row);
        let first_word = label.split_whitespace().next().unwrap_or("");
        let on_pointer_line = screen.lines().any(|line| {
            line.rfind('▸')
                .is_some_and(|at| line[at..].contains(first_word))
        });
        assert!(
            on_pointer_line,
            "{context}: highlighted {label:?} not shown at the pointer\n{screen}"
        );
    }
}

/// Enters `answer` (or none) in the question on screen with keys, and
/// confirms it.
fn give(app: &mut App, item: &Item, answer: Option<&Answer>) {
    let item_rows = rows(item);
    let row_of = |wanted: Row| item_rows.iter().position(|&r| r == wanted);
    match (&item.kind, answer) {
        (ItemKind::YesNo(_) | ItemKind::Single(_), Some(Answer::Choice(i))) => {
            go_to_row(app, row_of(Row::Option(*i)).unwrap_or(0))
        }
        (ItemKind::Multiple(_), Some(Answer::Choices(chosen))) => {
            for i in chosen {
                go_to_row(app, row_of(Row::Option(*i)).unwrap_or(0));
                press(app, KeyCode::Char(' '));
            }
        }
        (ItemKind::Multiple(_), Some(Answer::DontKnow)) => {
            go_to_row(app, row_of(Row::DontKnow).unwrap_or(0));
            press(app, KeyCode::Char(' '));
        }
        (ItemKind::Number(_) | ItemKind::Text { .. }, Some(Answer::DontKnow)) => {
            press(app, KeyCode::Down);
        }
        (_, Some(Answer::DontKnow)) => go_to_row(app, row_of(Row::DontKnow).unwrap_or(0)),
        (ItemKind::Number(_), Some(Answer::Number { value, unit })) => {
            type_text(app, &restless::text::number(*value));
            for _ in 0..*unit {
                press(app, KeyCode::Tab);
            }
        }
        (_, Some(Answer::Text(text))) => type_text(app, text),
        // No answer in the example (a branch it does not take): skipped
        // when optional, else the first row, moved to as a person would;
        // Enter alone does not answer.
        (ItemKind::YesNo(_) | ItemKind::Single(_), None) => {
            go_to_row(app, row_of(Row::Skip).unwrap_or(0))
        }
        _ => {}
    }
    press(app, KeyCode::Enter);
}

/// Walks one example through the interface at `width` x `height`,
/// checking every question on the way; returns the items seen.
fn walk(path: &Path, width: u16, height: u16) -> Vec<usize> {
    walk_with(path, &[], width, height)
        .into_iter()
        .map(|(index, _)| index)
        .collect()
}

/// `walk` with some answers of the example replaced: an item id and the
/// option values to choose (`*`: every option but the exclusive ones).
fn walk_with(
    path: &Path,
    changes: &[(&str, &str)],
    width: u16,
    height: u16,
) -> Vec<(usize, Progress)> {
    let mut answers = example_answers(path);
    let q = built_in();
    for (id, values) in changes {
        let index = q.item_index(id).unwrap_or_else(|| panic!("no item {id}"));
        let item = &q.items[index];
        let chosen: Vec<usize> = if *values == "*" {
            (0..item.kind.options().len())
                .filter(|&i| !item.kind.options()[i].exclusive)
                .collect()
        } else {
            values
                .split(',')
                .map(|v| {
                    item.option_index(v)
                        .unwrap_or_else(|| panic!("{id}: no {v}"))
                })
                .collect()
        };
        let answer = match item.kind {
            ItemKind::Multiple(_) => Answer::Choices(chosen),
            _ => Answer::Choice(chosen[0]),
        };
        answers
            .set(&q, index, answer)
            .unwrap_or_else(|e| panic!("{id}: {e:?}"));
    }
    let mut app = started();
    let mut seen = Vec::new();
    while let Some(index) = app.current_item() {
        assert!(
            seen.len() < 500,
            "{}: the walk does not end",
            path.display()
        );
        let item = app.questionnaire().items[index].clone();
        let context = format!("{} at {}", path.display(), item.id);
        let screen = shown(&mut app, width, height);
        assert_usable(&app, &screen, &context);
        if matches!(item.kind, ItemKind::Multiple(_) | ItemKind::Single(_)) {
            // The last row too, and back to the first.
            press(&mut app, KeyCode::End);
            let screen = shown(&mut app, width, height);
            assert_usable(&app, &screen, &format!("{context}, last row"));
            press(&mut app, KeyCode::Home);
        }
        seen.push((index, app.progress()));
        give(&mut app, &item, answers.get(index));
        if app.current_item() == Some(index) {
            panic!(
                "{context}: the answer {:?} was not taken: {:?}",
                answers.get(index),
                match app.screen() {
                    Screen::Question(q) => q.message.clone(),
                    _ => None,
                }
            );
        }
    }
    seen
}

/// Every question of the built-in questionnaire is fully usable at 80x24:
/// its words and the highlighted option (first and last) are visible.
#[test]
fn every_question_is_usable_at_80x24() {
    let mut seen = vec![false; built_in().items.len()];
    for path in example_files() {
        for index in walk(&path, 80, 24) {
            seen[index] = true;
        }
    }
    // The branches no example takes: every mimic, movement that does not
    // help, the other acid medicine, every mimic of a child.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("questionnaires/examples");
    let branches: [(&str, &[(&str, &str)]); 2] = [
        (
            "01-positive-iron-habits.toml",
            &[
                ("mimics", "*"),
                ("c3_movement", "no"),
                ("acid_medicines", "h2ra"),
            ],
        ),
        ("13-child.toml", &[("child_mimics", "*")]),
    ];
    for (file, changes) in branches {
        for (index, _) in walk_with(&dir.join(file), changes, 80, 24) {
            seen[index] = true;
        }
    }
    let q = built_in();
    let never: Vec<&str> = (0..q.items.len())
        .filter(|&i| !seen[i])
        .map(|i| q.items[i].id.as_str())
        .collect();
    assert!(never.is_empty(), "questions never reached: {never:?}");
}

fn at_longest_list() -> App {
    let mut app = at_question("provoking_meds");
    // Past the ninth option: the list has scrolled.
    press(&mut app, KeyCode::End);
    app
}

#[test]
fn the_longest_lists_scroll_at_80x24_and_60x20() {
    let mut app = at_longest_list();
    let screen = shown(&mut app, 80, 24);
    assert!(screen.contains("more"), "{screen}");
    assert_snapshot!("longest_list_scrolled_80x24", screen);
    let screen = shown(&mut app, 60, 20);
    assert!(screen.contains("more"), "{screen}");
    assert_snapshot!("longest_list_scrolled_60x20", screen);
    press(&mut app, KeyCode::Home);
    let screen = shown(&mut app, 60, 20);
    assert!(screen.contains("↓"), "{screen}");
    assert_snapshot!("longest_list_top_60x20", screen);
}

#[test]
fn keys_are_ignored_under_the_size_message() {
    let mut app = at_question("mimics");
    let screen = shown(&mut app, 50, 8);
    assert!(screen.contains("larger"), "{screen}");
    assert!(app.too_small());
    let before = format!("{:?}", app.screen());
    for code in [
        KeyCode::Char('1'),
        KeyCode::Char(' '),
        KeyCode::Down,
        KeyCode::BackTab,
        KeyCode::Enter,
        KeyCode::Char('b'),
        KeyCode::End,
    ] {
        press(&mut app, code);
    }
    assert_eq!(format!("{:?}", app.screen()), before, "a hidden key acted");
    assert_eq!(current_id(&app), "mimics");
    // Quitting still works: it asks first, and the answer is heard.
    let quit = app.handle_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert_eq!(quit, Effect::Continue);
    assert_eq!(
        press(&mut app, KeyCode::Char('d')),
        Effect::QuitDeletingDraft
    );
    // Shown again, keys act again.
    let mut app = at_question("mimics");
    shown(&mut app, 50, 8);
    let screen = shown(&mut app, 80, 24);
    assert!(!app.too_small(), "{screen}");
    press(&mut app, KeyCode::Down);
    assert_ne!(format!("{:?}", app.screen()), before);
}

/// Along each worked example's path, the progress shown never goes back:
/// neither the sections done nor the questions answered.
#[test]
fn progress_never_decreases_along_each_example() {
    for path in example_files() {
        let steps = walk_with(&path, &[], 100, 30);
        assert!(!steps.is_empty());
        for pair in steps.windows(2) {
            let ((_, before), (index, after)) = (pair[0], pair[1]);
            assert!(
                after.sections_done >= before.sections_done && after.answered >= before.answered,
                "{}: progress went back at item {index}: {before:?} -> {after:?}",
                path.display()
            );
        }
        let last = steps.last().expect("a step").1;
        assert!(last.sections_done < last.sections);
    }
}

/// The header's "n of m sections done" counts the sections the list
/// beside the question shows, on every question of every example: a
/// section none of whose questions apply is neither listed nor counted.
#[test]
fn sections_counted_are_the_sections_listed() {
    for path in example_files() {
        let answers = example_answers(&path);
        let mut app = started();
        while let Some(index) = app.current_item() {
            let item = app.questionnaire().items[index].clone();
            let screen = shown(&mut app, 160, 48);
            let lines: Vec<&str> = screen.lines().collect();
            let header = lines
                .iter()
                .find_map(|line| {
                    line.split(" sections done")
                        .next()
                        .filter(|_| line.contains(" sections done"))
                })
                .unwrap_or_else(|| {
                    panic!("{}: no progress at {}:\n{screen}", path.display(), item.id)
                });
            let counted: usize = header
                .rsplit(' ')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("no count in {header:?}"));
            let top = lines
                .iter()
                .position(|line| line.contains("┌ Sections"))
                .unwrap_or_else(|| panic!("no section list at {}:\n{screen}", item.id));
            let listed = lines[top + 1..]
                .iter()
                .take_while(|line| !line.contains("│  Review"))
                .count();
            assert_eq!(
                counted,
                listed,
                "{} at {}:\n{screen}",
                path.display(),
                item.id
            );
            give(&mut app, &item, answers.get(index));
        }
    }
}
