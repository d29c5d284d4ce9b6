//! How fast the full-screen interface draws: `cargo bench --bench tui`.
//!
//! The real `restless::tui::App`, brought to each screen by key presses as
//! `tests/it/tui.rs` does, drawn with `restless::tui::render` through a
//! ratatui `Terminal<TestBackend>` at 80x24 and 250x70:
//!
//! - `render`: drawing a screen whose state did not change (the view code,
//!   then ratatui's diff against the same frame: nothing to write);
//! - `keypress`: one key → update → draw, the whole cycle of the event
//!   loop minus the terminal's own writes, including ratatui's buffer diff
//!   of the changed cells. The keys alternate (Down then Up, Tab then
//!   Shift-Tab) so the state stays bounded however many iterations run;
//! - `ratatui_floor`: the same cycle for the minimal ratatui program of
//!   `benches/anchor`, the least any ratatui program pays at that size.

use crossterm::event::KeyCode;
use divan::Bencher;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use restless::questionnaire::ItemKind;
use restless::tui::app::{Overlay, Screen};
use restless::tui::{Action, App};

fn main() {
    // Reach every screen once before timing anything: a path that no
    // longer leads where it should fails here, not in the middle.
    for screen in SCREENS {
        let _ = app_at(screen);
    }
    divan::main();
}

/// The sizes drawn at, as `WIDTHxHEIGHT` (divan shows the argument).
const SIZES: [&str; 2] = ["80x24", "250x70"];

#[path = "../tests/it/drive.rs"]
mod drive;

use drive::{
    POSITIVE, THEME, answer, at_question, built_in, enter_answer, press, started, type_text,
};

// --------------------------------------------------------------- screens

const SCREENS: [&str; 8] = [
    "welcome", "single", "multiple", "number", "text", "review", "results", "keys",
];

/// The app on the named screen, with something entered so that the screen
/// shows what it shows in use.
fn app_at(screen: &str) -> App {
    let app = match screen {
        "welcome" => {
            let mut app = App::new(built_in(), THEME);
            type_text(&mut app, "A-1042");
            app
        }
        "single" => {
            let mut app = at_question("sex");
            press(&mut app, KeyCode::Down);
            app
        }
        "multiple" => {
            let mut app = at_question("mimics");
            enter_answer(&mut app, "cramps,numbness");
            app
        }
        "number" => {
            let mut app = started();
            type_text(&mut app, "45");
            app
        }
        "text" => {
            let mut app = started();
            for (id, spec) in [
                ("age", "9"),
                ("respondent", "parent"),
                ("sex", "male"),
                ("c1_urge", "yes"),
            ] {
                answer(&mut app, id, spec);
            }
            let index = app.current_item().expect("a question");
            assert!(
                matches!(app.questionnaire().items[index].kind, ItemKind::Text { .. }),
                "a text question follows c1_urge for a child"
            );
            type_text(&mut app, "It feels like ants in my legs");
            app
        }
        "review" | "results" => {
            let mut app = started();
            for (id, spec) in POSITIVE {
                answer(&mut app, id, spec);
            }
            assert!(matches!(app.screen(), Screen::Review(_)));
            if screen == "results" {
                press(&mut app, KeyCode::Char('r'));
                assert!(app.report().is_some(), "the result is on screen");
            }
            app
        }
        "keys" => {
            let mut app = at_question("mimics");
            press(&mut app, KeyCode::F(2));
            assert_eq!(app.overlay(), Some(Overlay::Keys));
            app
        }
        other => panic!("no screen {other}"),
    };
    if screen != "keys" {
        assert_eq!(app.overlay(), None, "{screen}: no overlay");
    }
    app
}

/// A terminal of the given size with the app drawn once into it, as the
/// event loop leaves it after a resize.
fn terminal_for(app: &mut App, (width, height): (u16, u16)) -> Terminal<TestBackend> {
    app.update(Action::Resize(width, height));
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
    terminal
        .draw(|frame| restless::tui::render(app, frame))
        .expect("drawing into memory");
    let text = terminal.backend().to_string();
    assert!(
        !text.contains("Make the window larger"),
        "{width}x{height} is large enough"
    );
    terminal
}

mod render {
    use super::*;

    fn bench_screen(bencher: Bencher, screen: &str, size: (u16, u16)) {
        let mut app = app_at(screen);
        let mut terminal = terminal_for(&mut app, size);
        bencher.bench_local(|| {
            terminal
                .draw(|frame| restless::tui::render(&app, frame))
                .map(|_| ())
                .expect("drawing into memory");
        });
    }

    #[divan::bench(args = SIZES)]
    fn welcome(bencher: Bencher, size: &str) {
        bench_screen(bencher, "welcome", parse(size));
    }

    #[divan::bench(args = SIZES)]
    fn single(bencher: Bencher, size: &str) {
        bench_screen(bencher, "single", parse(size));
    }

    #[divan::bench(args = SIZES)]
    fn multiple(bencher: Bencher, size: &str) {
        bench_screen(bencher, "multiple", parse(size));
    }

    #[divan::bench(args = SIZES)]
    fn number(bencher: Bencher, size: &str) {
        bench_screen(bencher, "number", parse(size));
    }

    #[divan::bench(args = SIZES)]
    fn text(bencher: Bencher, size: &str) {
        bench_screen(bencher, "text", parse(size));
    }

    #[divan::bench(args = SIZES)]
    fn review(bencher: Bencher, size: &str) {
        bench_screen(bencher, "review", parse(size));
    }

    #[divan::bench(args = SIZES)]
    fn results(bencher: Bencher, size: &str) {
        bench_screen(bencher, "results", parse(size));
    }

    #[divan::bench(args = SIZES)]
    fn keys_overlay(bencher: Bencher, size: &str) {
        bench_screen(bencher, "keys", parse(size));
    }
}

mod keypress {
    use super::*;

    /// Alternates two keys on a screen: each iteration is one key press,
    /// the update, and a draw that writes the changed cells.
    fn bench_keys(bencher: Bencher, screen: &str, keys: [KeyCode; 2], size: (u16, u16)) {
        let mut app = app_at(screen);
        let mut terminal = terminal_for(&mut app, size);
        // The first key must change the screen, or nothing is diffed.
        let before = terminal.backend().buffer().clone();
        press(&mut app, keys[0]);
        terminal
            .draw(|frame| restless::tui::render(&app, frame))
            .expect("drawing into memory");
        assert_ne!(
            &before,
            terminal.backend().buffer(),
            "{screen}: {:?} changes the screen",
            keys[0]
        );
        let mut n = 1usize;
        bencher.bench_local(|| {
            press(&mut app, keys[n % 2]);
            n += 1;
            terminal
                .draw(|frame| restless::tui::render(&app, frame))
                .map(|_| ())
                .expect("drawing into memory");
        });
    }

    /// Down and Up on a single-choice question.
    #[divan::bench(args = SIZES)]
    fn single_down_up(bencher: Bencher, size: &str) {
        bench_keys(bencher, "single", [KeyCode::Down, KeyCode::Up], parse(size));
    }

    /// Tab and Shift-Tab between the identifier fields of the welcome
    /// screen (what `scripts/bench.sh` sends through a real terminal).
    #[divan::bench(args = SIZES)]
    fn welcome_tab(bencher: Bencher, size: &str) {
        bench_keys(
            bencher,
            "welcome",
            [KeyCode::Tab, KeyCode::BackTab],
            parse(size),
        );
    }

    /// Space ticks and unticks an option of a multiple choice (the
    /// exclusive options and the progress are recomputed).
    #[divan::bench(args = SIZES)]
    fn multiple_toggle(bencher: Bencher, size: &str) {
        bench_keys(
            bencher,
            "multiple",
            [KeyCode::Char(' '), KeyCode::Char(' ')],
            parse(size),
        );
    }

    /// Down and Up on the review list.
    #[divan::bench(args = SIZES)]
    fn review_down_up(bencher: Bencher, size: &str) {
        bench_keys(bencher, "review", [KeyCode::Down, KeyCode::Up], parse(size));
    }

    /// Scrolling the result down and up a line.
    #[divan::bench(args = SIZES)]
    fn results_scroll(bencher: Bencher, size: &str) {
        bench_keys(
            bencher,
            "results",
            [KeyCode::Down, KeyCode::Up],
            parse(size),
        );
    }
}

/// The floor set by ratatui itself: the anchor of `scripts/bench.sh` (a
/// bordered paragraph whose one changing line says how many keys were
/// pressed), drawn through the same `Terminal<TestBackend>`. What
/// `keypress` costs above this is restless's own.
mod ratatui_floor {
    use super::*;
    use ratatui::widgets::{Block, Paragraph, Wrap};

    #[divan::bench(args = SIZES)]
    fn keypress(bencher: Bencher, size: &str) {
        let (width, height) = parse(size);
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
        let mut keys = 0u64;
        bencher.bench_local(|| {
            keys = (keys + 1) % 2;
            terminal
                .draw(|frame| {
                    let text = format!(
                        "A minimal ratatui program.\n\nKeys pressed: {keys}\n\nPress Enter to start"
                    );
                    frame.render_widget(
                        Paragraph::new(text)
                            .wrap(Wrap { trim: true })
                            .block(Block::bordered().title("Anchor")),
                        frame.area(),
                    );
                })
                .map(|_| ())
                .expect("drawing into memory");
        });
    }
}

fn parse(size: &str) -> (u16, u16) {
    let (w, h) = size.split_once('x').expect("WxH");
    (w.parse().expect("a width"), h.parse().expect("a height"))
}
