//! Hostile use of the interface: what reaches the terminal when the text is
//! hostile, and thousands of random keys and resizes against the state
//! machine.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::{CrosstermBackend, TestBackend};

use restless::engine::check_answer;
use restless::questionnaire::Questionnaire;
use restless::tui::app::Screen;
use restless::tui::{Action, App, Effect, SaveOutcome, Theme, render};

const THEME: Theme = Theme {
    color: true,
    unicode: true,
};

fn hostile_questionnaire() -> Questionnaire {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/hostile/q-terminal-escapes.toml"
    ))
    .unwrap();
    restless::questionnaire::load(&text).unwrap()
}

/// A writer whose bytes stay readable after the backend takes it.
#[derive(Clone, Default)]
struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The bytes a real terminal would receive for one frame of `app`.
fn terminal_bytes(app: &App) -> Vec<u8> {
    let out = Shared::default();
    let mut terminal = Terminal::with_options(
        CrosstermBackend::new(out.clone()),
        ratatui::TerminalOptions {
            viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 80, 24)),
        },
    )
    .unwrap();
    terminal.draw(|frame| render(app, frame)).unwrap();
    out.0.borrow().clone()
}

/// Checks that every escape in `bytes` is a control sequence the drawing
/// itself emits (CSI: ESC [ parameters final), and that no other control
/// character, C1 control, bidi override or zero-width character is there.
fn assert_only_drawing_sequences(bytes: &[u8]) {
    let text = std::str::from_utf8(bytes).expect("the terminal receives UTF-8");
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            assert_eq!(
                chars.next(),
                Some('['),
                "an escape that is not CSI in {text:?}"
            );
            // Parameters and intermediates, then one final byte.
            loop {
                match chars.next() {
                    Some('\u{30}'..='\u{3f}' | '\u{20}'..='\u{2f}') => continue,
                    Some('\u{40}'..='\u{7e}') => break,
                    other => panic!("a broken CSI sequence ending in {other:?}"),
                }
            }
            continue;
        }
        assert!(
            !(c.is_control()
                || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')),
            "U+{:04X} reached the terminal",
            c as u32
        );
    }
}

#[test]
fn hostile_questionnaire_text_and_typed_escapes_never_reach_the_terminal_raw() {
    let mut app = App::new(hostile_questionnaire(), THEME);
    app.update(Action::Resize(80, 24));
    let welcome = terminal_bytes(&app);
    assert_only_drawing_sequences(&welcome);
    assert!(String::from_utf8_lossy(&welcome).contains("␛]0;pwned␇Screening"));

    app.update(Action::Confirm);
    // A paste with a window-title change, a screen clear and a bidi override.
    app.update(Action::Paste(
        "\u{1b}]0;owned\u{7}\u{1b}[2J\u{202e}abc\u{9b}31m".into(),
    ));
    let question = terminal_bytes(&app);
    assert_only_drawing_sequences(&question);
    app.update(Action::ToggleHelp);
    assert_only_drawing_sequences(&terminal_bytes(&app));
    app.update(Action::CloseOverlay);
    app.update(Action::Confirm);
    app.update(Action::Pick(1));
    app.update(Action::ShowResult);
    let results = terminal_bytes(&app);
    assert!(app.report().is_some());
    assert_only_drawing_sequences(&results);
    let shown = String::from_utf8_lossy(&results);
    assert!(
        shown.contains("<U+202E>") || shown.contains("Test␛c reset"),
        "{shown}"
    );
}

/// A small, deterministic random number generator: the same seed gives the
/// same run, so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn random_key(rng: &mut Rng) -> KeyEvent {
    use KeyCode::*;
    const CODES: [KeyCode; 24] = [
        Enter,
        Enter,
        Enter,
        Esc,
        Tab,
        BackTab,
        Backspace,
        Delete,
        Up,
        Down,
        Down,
        Left,
        Right,
        Home,
        End,
        PageUp,
        PageDown,
        F(1),
        F(2),
        Char(' '),
        Char('1'),
        Char('2'),
        Char('3'),
        Char('r'),
    ];
    const LETTERS: &[u8] = b"0123456789jkqynsrbhd?x.,-e ";
    let code = if rng.below(3) == 0 {
        Char(LETTERS[rng.below(LETTERS.len())] as char)
    } else {
        CODES[rng.below(CODES.len())]
    };
    let modifiers = match rng.below(40) {
        0 => KeyModifiers::CONTROL,
        1 => KeyModifiers::ALT,
        _ => KeyModifiers::NONE,
    };
    // Ctrl-C quits, Ctrl-G locks, Ctrl-R replaces: worth pressing on purpose.
    match rng.below(60) {
        0 => KeyEvent::new(Char('c'), KeyModifiers::CONTROL),
        1 => KeyEvent::new(Char('g'), KeyModifiers::CONTROL),
        2 => KeyEvent::new(Char('r'), KeyModifiers::CONTROL),
        _ => KeyEvent::new(code, modifiers),
    }
}

fn check_invariants(app: &App) {
    let q = app.questionnaire();
    for (i, answer) in app.answers().iter() {
        assert!(
            check_answer(&q.items[i], answer.clone()).is_ok(),
            "a stored answer its item refuses"
        );
    }
    let progress = app.progress();
    assert!(progress.position <= progress.total && progress.answered <= progress.total);
    match app.screen() {
        Screen::Question(question) => {
            assert!(
                app.applicable()[question.item],
                "a question that does not apply is on screen"
            );
        }
        Screen::Results(_) => assert!(app.report().is_some()),
        _ => {}
    }
    if app.save_dialog().is_some() {
        assert!(matches!(app.screen(), Screen::Results(_)));
    }
}

/// Every kind of item in a few questions, so that random keys also reach
/// the review, the result and the save box.
const SHORT: &str = r#"[questionnaire]
id = "monkey"
version = "1"
title = "Monkey"
no_recommendation = "Nothing."

[[identifier]]
id = "patient"
label = "Patient"
max_length = 8

[[section]]
id = "s"
title = "S"

[[section.item]]
id = "a"
type = "yes_no"
text = "A?"
dont_know = true

[[section.item]]
id = "b"
type = "multiple"
text = "B?"
show_if = "a = yes"
options = [{ value = "x", label = "X" }, { value = "none", label = "None", exclusive = true }]

[[section.item]]
id = "c"
type = "decimal"
text = "C?"
unit = "mg"
units = [{ unit = "g", factor = 1000 }]
min = 0
max = 50
required = false

[[section.item]]
id = "d"
type = "text"
text = "D?"
max_length = 10
required = false

[[recommendation]]
id = "r"
name = "R"

[[recommendation.trigger]]
when = "b has x"
priority = "consider"
reason = "X"
"#;

/// Thousands of random keys, pastes and resizes, with every effect handled
/// as the event loop would, rendering after each step at the current size.
#[test]
fn monkey_on_the_state_machine() {
    let built_in = restless::questionnaire::load(restless::questionnaire::BUILT_IN).unwrap();
    let short = restless::questionnaire::load(SHORT).unwrap();
    let mut steps = 0;
    let mut results_seen = 0;
    for seed in 1..=8u64 {
        let q = if seed % 2 == 0 { &built_in } else { &short };
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let mut app = App::new(q.clone(), THEME);
        let (mut width, mut height) = (80u16, 24u16);
        app.update(Action::Resize(width, height));
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        for _ in 0..1500 {
            steps += 1;
            let effect = match rng.below(50) {
                0 => {
                    width = 1 + rng.below(200) as u16;
                    height = 1 + rng.below(70) as u16;
                    terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
                    app.update(Action::Resize(width, height))
                }
                1 => app.update(Action::Paste("pasted \u{1b}[2J text 12,5 日本".into())),
                2 => app.update(Action::Lock),
                _ => app.handle_key(random_key(&mut rng)),
            };
            app.take_changed();
            match effect {
                Effect::SaveResult(_) => app.save_finished(if rng.below(2) == 0 {
                    SaveOutcome::Saved(vec!["/tmp/x.toml".into()])
                } else {
                    SaveOutcome::Failed {
                        message: "cannot write: no space left on the device".into(),
                        exists: rng.below(2) == 0,
                    }
                }),
                Effect::NextPatient => app = app.next_patient(),
                Effect::Quit | Effect::QuitDeletingDraft => {
                    app = App::new(q.clone(), THEME);
                    app.update(Action::Resize(width, height));
                }
                Effect::Continue
                | Effect::Redraw
                | Effect::DiscardDraft(_)
                | Effect::Resumed(_)
                | Effect::ReadDraft(_)
                | Effect::Suspend => {}
            }
            check_invariants(&app);
            if matches!(app.screen(), Screen::Results(_)) {
                results_seen += 1;
            }
            terminal.draw(|frame| render(&app, frame)).unwrap();
        }
    }
    assert_eq!(steps, 12_000);
    // The walk is not stuck at the start: it reaches the result too.
    assert!(
        results_seen > 20,
        "the result was on screen {results_seen} times"
    );
}
