//! The minimal ratatui program `restless` is compared with: raw mode, the
//! alternate screen, one frame of a bordered paragraph, then a redraw for
//! each key until `q`, Esc or Ctrl-C. With `--toml FILE` it first reads
//! and parses a TOML file into a table (no checks), as a questionnaire
//! program must before its first frame.

use std::io;

use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::widgets::{Block, Paragraph, Wrap};

fn main() -> io::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut parsed = 0;
    if args.next().as_deref() == Some("--toml") {
        let path = args.next().expect("--toml FILE");
        let text = std::fs::read_to_string(path)?;
        let table: toml::Table = text.parse().expect("a TOML file");
        parsed = table.len();
    }
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen)?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    let mut keys = 0u64;
    let result = (|| -> io::Result<()> {
        loop {
            terminal.draw(|frame| {
                let text = format!(
                    "A minimal ratatui program.\n\n{parsed} TOML tables read.\n\
                     Keys pressed: {keys}\n\nPress Enter to start"
                );
                frame.render_widget(
                    Paragraph::new(text)
                        .wrap(Wrap { trim: true })
                        .block(Block::bordered().title("Anchor")),
                    frame.area(),
                );
            })?;
            match event::read()? {
                Event::Key(key) if key.kind != KeyEventKind::Release => {
                    let ctrl_c = key.code == KeyCode::Char('c')
                        && key.modifiers.contains(KeyModifiers::CONTROL);
                    if ctrl_c || matches!(key.code, KeyCode::Char('q') | KeyCode::Esc) {
                        return Ok(());
                    }
                    keys += 1;
                }
                _ => {}
            }
        }
    })();
    disable_raw_mode()?;
    execute!(io::stdout(), LeaveAlternateScreen)?;
    result
}
