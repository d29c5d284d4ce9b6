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
use std::time::{Duration, Instant};

use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyEventKind};
use crossterm::terminal::{self, Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::{Backend, CrosstermBackend};

pub use crate::screening::saving::{DraftContent, DraftEntry, SaveOutcome, SaveRequest, Settings};
pub use app::{Action, App, Effect};
pub use theme::Theme;
pub use view::{present, render};

use crate::questionnaire::Questionnaire;
use crate::screening::config::ConfigChoice;
use crate::screening::keeper::Keeper;
use crate::screening::pin::PinGuard;
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
pub fn run_interactive(
    path: Option<&Path>,
    identity: Option<&Path>,
    summary: bool,
    config: &ConfigChoice,
    err: &mut dyn Write,
) -> Status {
    let Surroundings {
        config,
        store,
        settings,
        notice,
        pin,
        keys,
    } = match surroundings_on_a_terminal(identity, config, err) {
        Ok(surroundings) => surroundings,
        Err(status) => return status,
    };
    let lock_after = config.lock.then_some(config.lock_after);
    let theme = Theme::from_env();
    // The built-in questionnaire was checked when the program was built:
    // with no drafts to offer, the welcome screen is drawn from its
    // compiled model before anything else is read. With drafts, they are
    // the first screen.
    let early = match (path, &store) {
        (None, Some(store)) if store.list().is_ok_and(|d| !d.is_empty()) => None,
        (None, _) => crate::questionnaire::built_in().ok(),
        _ => None,
    };
    let mut keeper = Keeper::new(store)
        .with_fhir(settings.fhir.clone())
        .with_keys(keys);
    keeper.seal_to(config.encrypt_to.clone());
    let start = Start {
        theme,
        settings,
        lock_after,
        mouse: config.mouse,
        notice,
        pin,
    };
    let outcome = match early {
        Some(questionnaire) => start.built_in_first(questionnaire, &mut keeper),
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
        Err(Stopped::Terminal(e)) => terminal_stopped(&e, err),
    }
}

/// Shows the saved result at `file` read-only, returning the exit status.
/// The files are read before the terminal is taken, so that a problem is
/// told on a normal screen.
pub fn run_open(
    path: Option<&Path>,
    file: &Path,
    identity: Option<&Path>,
    config: &ConfigChoice,
    err: &mut dyn Write,
) -> Status {
    let Surroundings {
        config,
        store,
        settings,
        pin,
        keys,
        ..
    } = match surroundings_on_a_terminal(identity, config, err) {
        Ok(surroundings) => surroundings,
        Err(status) => return status,
    };
    let questionnaire = match load_questionnaire(path, err) {
        Ok(q) => q,
        Err(status) => return status,
    };
    let read = crate::store::sealed::read_result_text(
        file,
        crate::answers::MAX_ANSWERS_BYTES,
        "a saved result",
        keys.as_ref(),
    );
    let saved = match crate::screening::setup::parse_answers(&questionnaire, file, read, err) {
        Ok(saved) => saved,
        Err(status) => return status,
    };
    let lock_after = config.lock.then_some(config.lock_after);
    let mut keeper = Keeper::new(store);
    let mut app = App::with_settings(questionnaire, Theme::from_env(), settings, Vec::new());
    let name = crate::text::sanitize_line(&file.display().to_string()).into_owned();
    app.open_saved(saved, &name);
    // With a clinician PIN, a saved result is shown only to someone who
    // knows it: the lock screen comes first.
    if pin.is_some() {
        app.set_pin(pin);
        app.update(Action::Lock);
    }
    let outcome = Session::start(config.mouse)
        .and_then(|mut session| session.run(&mut app, &mut keeper, lock_after, false));
    match outcome {
        Ok(()) => Status::Success,
        Err(e) => terminal_stopped(&e, err),
    }
}

/// The configuration and what it names, once it is known that there is
/// a terminal to run on.
fn surroundings_on_a_terminal(
    identity: Option<&Path>,
    config: &ConfigChoice,
    err: &mut dyn Write,
) -> Result<Surroundings, Status> {
    if !(io::stdin().is_terminal() && io::stdout().is_terminal()) {
        let _ = writeln!(err, "{NO_TERMINAL}");
        return Err(Status::NoTerminal);
    }
    Surroundings::load(identity, config, err)
}

/// Says that the terminal failed, once the session has given it back.
fn terminal_stopped(e: &io::Error, err: &mut dyn Write) -> Status {
    let _ = writeln!(
        err,
        "restless: the terminal stopped working: {}",
        io_reason(e)
    );
    Status::NoTerminal
}

/// How the screening starts, whichever way the questionnaire comes.
struct Start {
    theme: Theme,
    settings: Settings,
    lock_after: Option<Duration>,
    /// Capture the mouse (the `mouse` configuration key).
    mouse: bool,
    /// What was cleared at start, shown until the first draft is kept.
    notice: Option<String>,
    pin: Option<PinGuard>,
}

impl Start {
    fn app(&self, questionnaire: Questionnaire, drafts: Vec<DraftEntry>) -> App {
        let mut app = App::with_settings(questionnaire, self.theme, self.settings.clone(), drafts);
        app.set_notice(self.notice.clone());
        app.set_pin(self.pin.clone());
        app
    }

    /// The built-in questionnaire, decoded once: the welcome screen is
    /// drawn from it at once, and drafts saved since they were looked for
    /// are offered before the first key.
    fn built_in_first(
        self,
        questionnaire: Questionnaire,
        keeper: &mut Keeper,
    ) -> Result<(), Stopped> {
        let mut app = self.app(questionnaire, Vec::new());
        let mut session = Session::start(self.mouse).map_err(Stopped::Terminal)?;
        session.draw_first(&mut app)?;
        let drafts = drafts_of(keeper.store(), app.questionnaire(), keeper.keys())
            .map_err(|message| Stopped::Problem(message, Status::Io))?;
        // Without drafts to offer, the screen already shows what it
        // should: drawing again would only move the cursor.
        let on_screen = drafts.is_empty();
        app.offer_drafts(drafts);
        Ok(session.run(&mut app, keeper, self.lock_after, on_screen)?)
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
        let drafts =
            drafts_of(keeper.store(), &questionnaire, keeper.keys()).map_err(|message| {
                let _ = writeln!(err, "{message}");
                Status::Io
            })?;
        let mut app = self.app(questionnaire, drafts);
        Ok(Session::start(self.mouse)
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
        let _ = out.write_all(MOUSE_OFF.as_bytes());
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
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
    signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGQUIT, SIGINT, SIGTSTP])
}

/// A thread that restores the terminal and exits with 128 + the signal, as
/// a shell would report it; SIGTSTP (a stop asked from outside) hides the
/// screen and stops instead.
fn watch_signals(mut signals: EndingSignals) -> io::Result<()> {
    std::thread::Builder::new()
        .name("restless-signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                if signal == signal_hook::consts::SIGTSTP {
                    suspend();
                    continue;
                }
                restore_and_exit(128 + signal);
            }
        })?;
    Ok(())
}

/// Set when the process was stopped and continued with the screening on
/// screen: the event loop repaints (and locks, with a PIN) before drawing.
static RESUMED: AtomicBool = AtomicBool::new(false);

/// Stops the process the way a shell's job control expects, with nothing
/// of the patient left on the normal screen: the alternate screen is
/// cleared and left and raw mode ended first; once continued, both come
/// back and a resize event wakes the loop to repaint.
fn suspend() {
    use signal_hook::consts::{SIGSTOP, SIGWINCH};
    {
        // No half-written file and no half-drawn frame while stopped.
        let _writing = crate::store::writing();
        let mut out = io::stdout().lock();
        let was_active = ACTIVE.load(Ordering::SeqCst);
        restore_on(&mut out);
        let _ = out.flush();
        // SIGSTOP cannot be caught: the shell sees a stopped job.
        let _ = signal_hook::low_level::raise(SIGSTOP);
        if was_active {
            let _ = terminal::enable_raw_mode();
            let _ = execute!(out, EnterAlternateScreen, EnableBracketedPaste);
            if MOUSE.load(Ordering::SeqCst) {
                let _ = out.write_all(MOUSE_ON.as_bytes());
                let _ = out.flush();
            }
            ACTIVE.store(true, Ordering::SeqCst);
            RESUMED.store(true, Ordering::SeqCst);
        }
    }
    // Wakes the event loop (crossterm reports it as a resize).
    let _ = signal_hook::low_level::raise(SIGWINCH);
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

/// Clicks and the wheel, reported in the SGR form (any column): not
/// crossterm's `EnableMouseCapture`, which also reports every movement and
/// would wake the program, and put off the idle lock, whenever the mouse
/// is moved.
/// Whether the mouse is captured, so that continuing after Ctrl-Z
/// captures it again.
static MOUSE: AtomicBool = AtomicBool::new(false);

const MOUSE_ON: &str = "\x1b[?1000h\x1b[?1006h";
/// Every mouse mode turned off, whichever were on.
const MOUSE_OFF: &str = "\x1b[?1006l\x1b[?1003l\x1b[?1002l\x1b[?1000l";

/// How long after a change is drawn its draft is written, unless a key
/// comes first (then after that key's frame, still counted from the first
/// change). A draft's write ends in two fsyncs, and the disk work they
/// start delays the delivery of the frame just written to the terminal
/// (measured: an Enter that changes an answer was redrawn 1.5 to 2 times
/// slower with drafts kept on a disk than on tmpfs). Written in the pause
/// after the frame instead, it costs the key nothing, and a kill loses at
/// most the changes of the last few milliseconds.
const DRAFT_PAUSE: Duration = Duration::from_millis(10);

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
    fn start(mouse: bool) -> io::Result<Session> {
        install_panic_hook();
        let signals = catch_signals()?;
        ACTIVE.store(true, Ordering::SeqCst);
        // From here on every early return restores the terminal.
        let guard = Restorer;
        terminal::enable_raw_mode()?;
        execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
        MOUSE.store(mouse, Ordering::SeqCst);
        if mouse {
            let mut out = io::stdout();
            out.write_all(MOUSE_ON.as_bytes())?;
            out.flush()?;
        }
        let mut terminal = Terminal::new(CrosstermBackend::new(BufWriter::with_capacity(
            FRAME_BUFFER_BYTES,
            io::stdout(),
        )))?;
        // ratatui draws only the cells that differ from what it believes is
        // on screen, blank at first: whatever a crashed run left on the
        // alternate screen would show through the first frame's gaps, so
        // the first frame starts from a clear screen.
        clear_screen(&mut terminal)?;
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
        self.terminal.draw(|frame| present(app, frame))?;
        Ok(())
    }

    fn run(
        &mut self,
        app: &mut App,
        keeper: &mut Keeper,
        lock_after: Option<Duration>,
        on_screen: bool,
    ) -> io::Result<()> {
        let size = self.terminal.size()?;
        app.update(Action::Resize(size.width, size.height));
        if !on_screen {
            self.terminal.draw(|frame| present(app, frame))?;
        }
        self.watch()?;
        // When the draft of a change drawn on screen is due to be written.
        let mut draft_due: Option<Instant> = None;
        loop {
            if let Some(due) = draft_due {
                let pause = due.saturating_duration_since(Instant::now());
                if pause.is_zero() || !event::poll(pause)? {
                    draft_due = None;
                    self.keep_draft_after_drawing(app, keeper)?;
                    continue;
                }
            }
            // Waiting for the idle lock is one timed wait, not a tick: the
            // process sleeps until a key or the deadline.
            if let Some(idle) = lock_after.filter(|_| !app.locked())
                && !event::poll(idle)?
            {
                app.update(Action::Lock);
                self.terminal.draw(|frame| present(app, frame))?;
                continue;
            }
            // A read error (the terminal is gone) ends the loop rather than
            // being retried, keeping the draft of what was drawn.
            let event = match event::read() {
                Ok(event) => event,
                Err(e) => {
                    if draft_due.is_some() {
                        keeper.keep_draft(app.screening_mut());
                    }
                    return Err(e);
                }
            };
            let Some(action) = action_of(event, app) else {
                continue;
            };
            // Leaving the screening or the screen: the quit box offers to
            // keep only a draft that is kept, and a locked or stopped
            // program may be left for long, or killed.
            if matches!(action, Action::Quit | Action::Lock | Action::Suspend)
                && draft_due.take().is_some()
            {
                keeper.keep_draft(app.screening_mut());
            }
            let mut effect = app.update(action);
            if let Effect::ReadDraft(id) = &effect {
                let read = keeper.read_draft(app.questionnaire(), id);
                let id = id.clone();
                effect = app.draft_read(&id, read);
            }
            if self.carry_out(&effect, app, keeper)? {
                return Ok(());
            }
            // After a save too: a saved result needs no draft any more.
            let keep = app.take_changed() || matches!(effect, Effect::SaveResult(_));
            if effect == Effect::Quit {
                if keep || draft_due.is_some() {
                    keeper.keep_draft(app.screening_mut());
                }
                return Ok(());
            }
            if let Effect::SaveResult(request) = &mut effect {
                crate::screening::privacy::wipe_path(&mut request.base);
            }
            self.repaint_if_resumed(app)?;
            self.terminal.draw(|frame| present(app, frame))?;
            if matches!(effect, Effect::SaveResult(_)) {
                // A saved result's draft goes at once: nobody waits on it,
                // and it should not outlive the save.
                draft_due = None;
                self.keep_draft_after_drawing(app, keeper)?;
            } else if keep {
                // The earliest change not yet kept sets the time: a stream
                // of keys does not put the draft off.
                draft_due.get_or_insert_with(|| Instant::now() + DRAFT_PAUSE);
            }
        }
    }

    /// Does what the app asked of the program; true when the program ends.
    fn carry_out(
        &mut self,
        effect: &Effect,
        app: &mut App,
        keeper: &mut Keeper,
    ) -> io::Result<bool> {
        match effect {
            // A draft to read is read in `run`, which hands the app its
            // contents before anything is drawn.
            Effect::Continue | Effect::Quit | Effect::ReadDraft(_) => {}
            // Whatever wrote over the screen, every cell is painted
            // again rather than only those the program changed.
            Effect::Redraw => clear_screen(&mut self.terminal)?,
            Effect::Suspend => {
                suspend();
            }
            Effect::QuitDeletingDraft => {
                keeper.forget_current(app.screening_mut());
                return Ok(true);
            }
            Effect::SaveResult(request) => {
                let outcome = keeper.save_result(app.screening_mut(), request);
                app.save_finished(outcome);
            }
            Effect::DiscardDraft(id) => keeper.delete(app.screening_mut(), id),
            Effect::Resumed(id) => keeper.adopt(app.screening_mut(), id),
            Effect::NextPatient => {
                keeper.forget_current(app.screening_mut());
                *app = app.next_patient();
                // A new terminal: the old one's cells and output buffer,
                // freed, are overwritten with the lines drawn in them.
                // Every cell is repainted, so nothing of the previous
                // patient survives in a corner the new screen does not
                // cover.
                self.terminal = Terminal::new(CrosstermBackend::new(BufWriter::with_capacity(
                    FRAME_BUFFER_BYTES,
                    io::stdout(),
                )))?;
                clear_screen(&mut self.terminal)?;
            }
        }
        Ok(false)
    }

    /// Keeps the draft of changes already on screen. The frame is drawn
    /// again only if the write changed what it shows (a warning): whether
    /// the draft is kept shows only in the quit box, which no change
    /// leaves open.
    fn keep_draft_after_drawing(&mut self, app: &mut App, keeper: &mut Keeper) -> io::Result<()> {
        let warned = app.warning().map(str::to_owned);
        keeper.keep_draft(app.screening_mut());
        if app.warning() != warned.as_deref() {
            self.terminal.draw(|frame| present(app, frame))?;
        }
        Ok(())
    }
}

impl Session {
    /// After a stop and continue, the screen the terminal shows is not the
    /// one ratatui remembers: repaint every cell, behind the lock first
    /// when a PIN is set.
    fn repaint_if_resumed(&mut self, app: &mut App) -> io::Result<()> {
        if RESUMED.swap(false, Ordering::SeqCst) {
            if app.pin_required() {
                app.update(Action::Lock);
            }
            clear_screen(&mut self.terminal)?;
        }
        Ok(())
    }
}

/// The action a terminal event stands for in the app's present state.
fn action_of(event: Event, app: &App) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            keys::action(key, app.key_context())
        }
        Event::Paste(text) => Some(Action::Paste(text)),
        Event::Mouse(mouse) => keys::mouse(mouse, app.key_context()),
        Event::Resize(width, height) => Some(Action::Resize(width, height)),
        _ => None,
    }
}

/// Clears the screen and forgets what ratatui believes is on it, so the
/// next frame paints every cell. `Terminal::clear` would first ask the
/// terminal where its cursor is: a round trip before the first frame, and
/// on a terminal that does not answer (a serial console, a bare pty) a
/// wait of seconds that ends the program. Every frame places the cursor
/// itself, so there is nothing to restore.
fn clear_screen(terminal: &mut Terminal<CrosstermBackend<BufWriter<Stdout>>>) -> io::Result<()> {
    terminal
        .backend_mut()
        .clear_region(ratatui::backend::ClearType::All)?;
    // After a draw the current buffer is blank and the other holds the
    // frame on screen: swapping blanks that one and makes the blank one
    // the frame ratatui compares against.
    terminal.swap_buffers();
    Ok(())
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
