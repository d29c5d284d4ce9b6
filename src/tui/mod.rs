//! The full-screen interface: the terminal's lifecycle and the event loop.
//!
//! The loop blocks on `crossterm::event::read()` and redraws only after
//! input or a resize: no ticks, no polling, no CPU while waiting for a key.
//! Everything else lives in `action` (what a person means, what the loop
//! must do), `app` (state and the update step), `keys` (one table: keys to
//! intents, and their hints), `layout` (geometry, and the long screens laid
//! out as plain rows) and `view` (styling and drawing), so that all of it
//! is tested without a terminal. `view` reads `app`, which reads `layout`;
//! the update step never calls the renderer. The screening itself is a `screening::Screening`
//! the `App` holds.
//!
//! The terminal is put back on every way out: a normal quit, an error, a
//! panic, SIGTERM, SIGHUP, SIGQUIT and SIGINT, and a terminal that goes
//! away under the program.

pub mod action;
pub mod app;
pub mod field;
pub mod keys;
pub mod layout;
pub mod theme;
pub mod view;

use std::io::{self, BufWriter, IsTerminal, Stdout, Write};
use std::path::Path;
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyEventKind};
use crossterm::terminal::{self, Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

pub use crate::screening::saving::{DraftEntry, SaveOutcome, SaveRequest, Settings};
pub use app::{Action, App, Effect};
pub use theme::Theme;
pub use view::render;

use crate::questionnaire::Questionnaire;
use crate::screening::keeper::Keeper;
use crate::screening::setup::{Surroundings, drafts_of, load_questionnaire};
use crate::status::Status;
use crate::store::io_reason;

/// What to do instead when there is no terminal for the screening.
const NO_TERMINAL: &str = concat!(
    "restless: the full-screen screening needs a terminal, and standard input or output is not one.\n",
    "To score an answers file without a terminal:  restless score ANSWERS.toml\n",
    "To print a blank answers file to fill in:     restless template > answers.toml\n",
    "To answer the questions line by line:         restless --plain",
);

/// Runs a screening in the terminal, returning the exit status. With
/// `summary`, says on exit how many results were saved and where (no
/// patient data).
pub fn run_interactive(path: Option<&Path>, summary: bool, err: &mut dyn Write) -> Status {
    if !(io::stdin().is_terminal() && io::stdout().is_terminal()) {
        let _ = writeln!(err, "{NO_TERMINAL}");
        return Status::NoTerminal;
    }
    let Surroundings {
        config,
        store,
        settings,
    } = match Surroundings::load(err) {
        Ok(surroundings) => surroundings,
        Err(status) => return status,
    };
    let lock_after = config.lock.then_some(config.lock_after);
    let theme = Theme::from_env();
    // The built-in questionnaire was checked when the program was built:
    // the welcome screen is drawn from its compiled model at once, and the
    // drafts are looked for after that first frame, before the first key
    // is read. With drafts to offer, they are the first screen.
    let early = match (path, &store) {
        (None, Some(store)) if store.list().is_ok_and(|d| !d.is_empty()) => None,
        (None, _) => crate::questionnaire::built_in().ok(),
        _ => None,
    };
    let mut keeper = Keeper::new(store).with_fhir(settings.fhir.clone());
    let start = Start {
        theme,
        settings,
        lock_after,
    };
    let outcome = match early {
        Some(header) => start.built_in_after_header(header, &mut keeper),
        None => match start.loaded_first(path, &mut keeper, err) {
            Ok(outcome) => outcome,
            Err(status) => return status,
        },
    };
    // The session has been dropped, so the terminal is back to normal and
    // messages are readable.
    if summary {
        let _ = writeln!(err, "{}", keeper.summary());
    }
    match outcome {
        Ok(()) => Status::Success,
        Err(Stopped::Problem(message, status)) => {
            let _ = writeln!(err, "{message}");
            status
        }
        Err(Stopped::Terminal(e)) => {
            let _ = writeln!(
                err,
                "restless: the terminal stopped working: {}",
                io_reason(&e)
            );
            Status::NoTerminal
        }
    }
}

/// How the screening starts, whichever way the questionnaire comes.
struct Start {
    theme: Theme,
    settings: Settings,
    lock_after: Option<std::time::Duration>,
}

impl Start {
    /// The built-in questionnaire: the welcome screen is drawn from its
    /// header first, and the whole of it loaded before the first key.
    fn built_in_after_header(
        self,
        header: Questionnaire,
        keeper: &mut Keeper,
    ) -> Result<(), Stopped> {
        let Start {
            theme,
            settings,
            lock_after,
        } = self;
        let mut app = App::with_settings(header, theme, settings.clone(), Vec::new());
        let mut session = Session::start().map_err(Stopped::Terminal)?;
        session.draw_first(&mut app)?;
        let questionnaire = match crate::questionnaire::built_in() {
            Ok(questionnaire) => questionnaire,
            // Not for the built-in questionnaire, whose tests load it.
            _ => {
                return Err(Stopped::Problem(
                    "restless: the built-in questionnaire did not load; check it with `restless validate`".into(),
                    Status::BadInput,
                ));
            }
        };
        let drafts = drafts_of(keeper.store(), &questionnaire)
            .map_err(|message| Stopped::Problem(message, Status::Io))?;
        // Without drafts to offer, the screen already shows what the
        // whole questionnaire would: drawing again would only move
        // the cursor.
        let on_screen = drafts.is_empty();
        let mut app = App::with_settings(questionnaire, theme, settings, drafts);
        Ok(session.run(&mut app, keeper, lock_after, on_screen)?)
    }

    /// Any other start: the questionnaire and the drafts are loaded before
    /// the terminal is taken, so that a problem is told on a normal
    /// screen.
    fn loaded_first(
        self,
        path: Option<&Path>,
        keeper: &mut Keeper,
        err: &mut dyn Write,
    ) -> Result<Result<(), Stopped>, Status> {
        let questionnaire = load_questionnaire(path, err)?;
        let drafts = drafts_of(keeper.store(), &questionnaire).map_err(|message| {
            let _ = writeln!(err, "{message}");
            Status::Io
        })?;
        let mut app = App::with_settings(questionnaire, self.theme, self.settings, drafts);
        Ok(Session::start()
            .and_then(|mut session| session.run(&mut app, keeper, self.lock_after, false))
            .map_err(Stopped::Terminal))
    }
}

/// Why a screening ended before the person quit.
enum Stopped {
    /// The terminal failed or went away.
    Terminal(io::Error),
    /// Something to tell the person, and the exit status that goes with it.
    Problem(String, Status),
}

impl From<io::Error> for Stopped {
    fn from(error: io::Error) -> Self {
        Stopped::Terminal(error)
    }
}

/// Whether the terminal is in raw mode on the alternate screen, so that
/// exactly one of the ways out restores it.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Puts the terminal back: cooked mode, the normal screen, a visible
/// cursor. The alternate screen is cleared first so that nothing of the
/// patient can be scrolled back to on terminals that keep it.
fn restore_on(out: &mut impl Write) {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        // Each step on its own: a failed one must not skip the others.
        let _ = terminal::disable_raw_mode();
        let _ = execute!(out, Clear(ClearType::All));
        let _ = execute!(out, DisableBracketedPaste);
        let _ = execute!(out, LeaveAlternateScreen);
        let _ = execute!(out, cursor::Show);
    }
}

fn restore() {
    restore_on(&mut io::stdout().lock());
}

/// Restores the terminal and exits at once, from any thread. Holding the
/// stdout lock until the end keeps the main thread from drawing onto the
/// normal screen in between.
fn restore_and_exit(code: i32) -> ! {
    let _writing = crate::store::writing();
    let mut out = io::stdout().lock();
    restore_on(&mut out);
    let _ = out.flush();
    std::process::exit(code)
}

fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}

/// Signals that end the program: caught from here on, and queued until
/// `watch_signals` starts the thread that handles them.
type EndingSignals = signal_hook::iterator::Signals;

fn catch_signals() -> io::Result<EndingSignals> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGQUIT, SIGINT])
}

/// A thread that restores the terminal and exits with 128 + the signal, as
/// a shell would report it.
fn watch_signals(mut signals: EndingSignals) -> io::Result<()> {
    std::thread::Builder::new()
        .name("restless-signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                restore_and_exit(128 + signal);
            }
        })?;
    Ok(())
}

/// Exits when the terminal hangs up, even without a SIGHUP (the signal
/// may be ignored or go elsewhere). crossterm's reader loops forever on a
/// hung-up terminal instead of returning an error (crossterm issue #793),
/// so the main thread cannot notice it. `poll` with no events asked for
/// blocks until the descriptor hangs up or fails: no CPU until then.
fn watch_hangup() -> io::Result<()> {
    use rustix::event::{PollFd, PollFlags, poll};
    std::thread::Builder::new()
        .name("restless-hangup".into())
        .spawn(|| {
            let stdin = rustix::stdio::stdin();
            loop {
                let mut fds = [PollFd::from_borrowed_fd(stdin, PollFlags::empty())];
                match poll(&mut fds, None) {
                    Ok(_) => {
                        let gone = PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL;
                        if fds[0].revents().intersects(gone) {
                            restore_and_exit(128 + signal_hook::consts::SIGHUP);
                        }
                    }
                    Err(rustix::io::Errno::INTR) => {}
                    // Cannot watch; SIGHUP still covers the usual case.
                    Err(_) => return,
                }
            }
        })?;
    Ok(())
}

/// Enough for a full frame of a large terminal.
const FRAME_BUFFER_BYTES: usize = 64 * 1024;

struct Session {
    /// Standard output writes in 1 KiB pieces; a frame is written at once
    /// (the terminal flushes it at the end of each draw).
    terminal: Terminal<CrosstermBackend<BufWriter<Stdout>>>,
    /// Caught but not yet watched: the watching threads start after the
    /// first frame, which does not wait for them.
    signals: Option<EndingSignals>,
}

impl Session {
    fn start() -> io::Result<Session> {
        install_panic_hook();
        let signals = catch_signals()?;
        ACTIVE.store(true, Ordering::SeqCst);
        // From here on every early return restores the terminal.
        let guard = Restorer;
        terminal::enable_raw_mode()?;
        execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
        let terminal = Terminal::new(CrosstermBackend::new(BufWriter::with_capacity(
            FRAME_BUFFER_BYTES,
            io::stdout(),
        )))?;
        std::mem::forget(guard);
        Ok(Session {
            terminal,
            signals: Some(signals),
        })
    }

    /// Starts the threads that end the program on a signal or a hang-up,
    /// once: before the first key is read.
    fn watch(&mut self) -> io::Result<()> {
        if let Some(signals) = self.signals.take() {
            watch_signals(signals)?;
            watch_hangup()?;
        }
        Ok(())
    }

    /// Draws the first frame, before the event loop takes over.
    fn draw_first(&mut self, app: &mut App) -> io::Result<()> {
        let size = self.terminal.size()?;
        app.update(Action::Resize(size.width, size.height));
        self.terminal.draw(|frame| render(app, frame))?;
        Ok(())
    }

    fn run(
        &mut self,
        app: &mut App,
        keeper: &mut Keeper,
        lock_after: Option<std::time::Duration>,
        on_screen: bool,
    ) -> io::Result<()> {
        let size = self.terminal.size()?;
        app.update(Action::Resize(size.width, size.height));
        if !on_screen {
            self.terminal.draw(|frame| render(app, frame))?;
        }
        self.watch()?;
        loop {
            // Waiting for the idle lock is one timed wait, not a tick: the
            // process sleeps until a key or the deadline.
            if let Some(idle) = lock_after.filter(|_| !app.locked())
                && !event::poll(idle)?
            {
                app.update(Action::Lock);
                self.terminal.draw(|frame| render(app, frame))?;
                continue;
            }
            // A read error (the terminal is gone) ends the loop rather than
            // being retried.
            let action = match event::read()? {
                Event::Key(key) if key.kind != KeyEventKind::Release => {
                    keys::action(key, app.key_context())
                }
                Event::Paste(text) => Some(Action::Paste(text)),
                Event::Resize(width, height) => Some(Action::Resize(width, height)),
                _ => None,
            };
            let Some(action) = action else {
                continue;
            };
            let effect = app.update(action);
            match effect {
                Effect::Continue | Effect::Quit => {}
                Effect::SaveResult(ref request) => {
                    let outcome = keeper.save_result(app.screening_mut(), request);
                    app.save_finished(outcome);
                }
                Effect::DiscardDraft(ref id) => keeper.delete(app.screening_mut(), id),
                Effect::Resumed(ref id) => keeper.adopt(app.screening_mut(), id),
                Effect::NextPatient => {
                    keeper.forget_current(app.screening_mut());
                    *app = app.next_patient();
                    // Repaint every cell, so nothing of the previous patient
                    // survives in a corner the new screen does not cover.
                    self.terminal.clear()?;
                }
            }
            // After a save too: a saved result needs no draft any more.
            if app.take_changed() || matches!(effect, Effect::SaveResult(_)) {
                keeper.keep_draft(app.screening_mut());
            }
            if effect == Effect::Quit {
                return Ok(());
            }
            self.terminal.draw(|frame| render(app, frame))?;
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        restore();
    }
}

/// Restores the terminal if set-up fails half-way.
struct Restorer;

impl Drop for Restorer {
    fn drop(&mut self) {
        restore();
    }
}
