//! The full-screen interface: the terminal's lifecycle and the event loop.
//!
//! The loop blocks on `crossterm::event::read()` and redraws only after
//! input or a resize: no ticks, no polling, no CPU while waiting for a key.
//! Everything else lives in `app` (state and the update step), `keys`
//! (keys to intents) and `view` (pure rendering), so that all of it is
//! tested without a terminal.
//!
//! The terminal is put back on every way out: a normal quit, an error, a
//! panic, SIGTERM, SIGHUP, SIGQUIT and SIGINT, and a terminal that goes
//! away under the program.

pub mod app;
pub mod field;
pub mod keys;
pub mod saving;
pub mod theme;
pub mod view;

use std::io::{self, IsTerminal, Stdout, Write};
use std::path::Path;
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyEventKind};
use crossterm::terminal::{self, Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

pub use app::{Action, App, Effect};
pub use saving::{DraftEntry, SaveOutcome, SaveRequest, Settings};
pub use theme::Theme;
pub use view::render;

use crate::questionnaire::Questionnaire;
use crate::run::{Status, io_reason, load_questionnaire};
use crate::store::{Config, Dirs, DraftId, DraftStore, WriteErrorKind};

/// Runs a screening in the terminal, returning the exit status. With
/// `summary`, says on exit how many results were saved and where (no
/// patient data).
pub fn run_interactive(path: Option<&Path>, summary: bool, err: &mut dyn Write) -> Status {
    if !(io::stdin().is_terminal() && io::stdout().is_terminal()) {
        let _ = writeln!(
            err,
            "restless: the full-screen screening needs a terminal, and standard input or output is not one.\n\
             To score an answers file without a terminal:  restless score ANSWERS.toml\n\
             To print a blank answers file to fill in:     restless template > answers.toml"
        );
        return Status::NoTerminal;
    }
    let questionnaire = match load_questionnaire(path, err) {
        Ok(q) => q,
        Err(status) => return status,
    };
    let dirs = Dirs::from_env();
    let config = match dirs.config_file() {
        Some(file) => match crate::store::load_config(&file, dirs.home()) {
            Ok(config) => config,
            Err(message) => {
                let _ = writeln!(err, "{message}");
                return Status::BadInput;
            }
        },
        None => Config::default(),
    };
    let store = if config.drafts {
        DraftStore::from_dirs(&dirs)
    } else {
        None
    };
    let drafts = match &store {
        Some(store) => match list_drafts(store, &questionnaire) {
            Ok(drafts) => drafts,
            Err(message) => {
                let _ = writeln!(err, "restless: the drafts cannot be read: {message}");
                return Status::Io;
            }
        },
        None => Vec::new(),
    };
    let settings = Settings {
        // Shown in full in the save box, so the clinician sees where.
        output_dir: config
            .output_dir
            .clone()
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_else(|| ".".into()),
        formats: config.formats.clone(),
        overwrite: config.overwrite,
        drafts: store.is_some(),
    };
    let mut app = App::with_settings(questionnaire, Theme::from_env(), settings, drafts);
    let mut keeper = Keeper {
        store,
        current: None,
        saved: Vec::new(),
    };
    let lock_after = config.lock.then_some(config.lock_after);
    let outcome =
        Session::start().and_then(|mut session| session.run(&mut app, &mut keeper, lock_after));
    // The session has been dropped, so the terminal is back to normal and
    // messages are readable.
    if summary {
        let _ = writeln!(err, "{}", keeper.summary());
    }
    match outcome {
        Ok(()) => Status::Success,
        Err(e) => {
            let _ = writeln!(
                err,
                "restless: the terminal stopped working: {}",
                io_reason(&e)
            );
            Status::NoTerminal
        }
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

/// Signals that end the program, seen by a thread that restores the
/// terminal and exits with 128 + the signal, as a shell would report it.
fn watch_signals() -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGQUIT, SIGINT])?;
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

struct Session {
    terminal: Terminal<CrosstermBackend<Stdout>>,
}

impl Session {
    fn start() -> io::Result<Session> {
        install_panic_hook();
        watch_signals()?;
        watch_hangup()?;
        ACTIVE.store(true, Ordering::SeqCst);
        // From here on every early return restores the terminal.
        let guard = Restorer;
        terminal::enable_raw_mode()?;
        execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
        let terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
        std::mem::forget(guard);
        Ok(Session { terminal })
    }

    fn run(
        &mut self,
        app: &mut App,
        keeper: &mut Keeper,
        lock_after: Option<std::time::Duration>,
    ) -> io::Result<()> {
        let size = self.terminal.size()?;
        app.update(Action::Resize(size.width, size.height));
        self.terminal.draw(|frame| render(app, frame))?;
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
            if app.take_changed() {
                keeper.keep_draft(app);
            }
            match effect {
                Effect::Continue => {}
                Effect::Quit => return Ok(()),
                Effect::SaveResult(request) => {
                    let outcome = keeper.save_result(app, &request);
                    app.save_finished(outcome);
                }
                Effect::DiscardDraft(id) => keeper.delete(&id),
                Effect::Resumed(id) => keeper.current = DraftId::parse(&id),
                Effect::NextPatient => {
                    keeper.forget_current();
                    *app = app.next_patient();
                    // Repaint every cell, so nothing of the previous patient
                    // survives in a corner the new screen does not cover.
                    self.terminal.clear()?;
                }
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

/// What the event loop keeps on disk for the screening under way: its
/// draft, and the results saved.
struct Keeper {
    store: Option<DraftStore>,
    /// The draft of the screening on screen, once it has one.
    current: Option<DraftId>,
    /// Every result file saved in this session.
    saved: Vec<std::path::PathBuf>,
}

impl Keeper {
    fn keep_draft(&mut self, app: &mut App) {
        let Some(store) = &self.store else {
            return;
        };
        let id = self.current.get_or_insert_with(|| store.new_session());
        let q = app.questionnaire();
        let text = crate::session::draft_text(
            q,
            app.answers(),
            &app.identifier_values(),
            &crate::report::Stamp::now().time,
        );
        let warning = store
            .save(id, text.as_bytes())
            .err()
            .map(|e| format!("Draft not kept: {e}"));
        app.set_warning(warning);
    }

    fn delete(&mut self, id: &str) {
        if let (Some(store), Some(id)) = (&self.store, DraftId::parse(id)) {
            // A draft already gone is what was wanted.
            let _ = store.delete(&id);
        }
    }

    /// The screening on screen is finished with (saved, or discarded on
    /// purpose): its draft goes.
    fn forget_current(&mut self) {
        if let (Some(store), Some(id)) = (&self.store, self.current.take()) {
            let _ = store.delete(&id);
        }
    }

    /// Writes the result in each requested format. Without permission to
    /// replace, every target is checked first so that a refusal leaves no
    /// format half-saved.
    fn save_result(&mut self, app: &App, request: &SaveRequest) -> SaveOutcome {
        let Some(report) = app.report() else {
            return SaveOutcome::Failed {
                written: Vec::new(),
                message: "there is no result to save".into(),
                exists: false,
            };
        };
        let targets = request.paths();
        if !request.replace
            && let Some((_, existing)) = targets
                .iter()
                .find(|(_, path)| std::fs::symlink_metadata(path).is_ok())
        {
            return SaveOutcome::Failed {
                written: Vec::new(),
                message: format!(
                    "{} already exists",
                    crate::text::sanitize_line(&existing.display().to_string())
                ),
                exists: true,
            };
        }
        let identifiers = app.identifier_values();
        let mut written = Vec::new();
        for (format, path) in targets {
            let bytes = crate::report::render(
                format,
                app.questionnaire(),
                app.answers(),
                &identifiers,
                report,
            );
            let result = if request.replace {
                crate::store::write_replace(&path, &bytes)
            } else {
                crate::store::write_new(&path, &bytes)
            };
            match result {
                Ok(()) => written.push(path),
                Err(e) => {
                    self.saved.extend(written.iter().cloned());
                    return SaveOutcome::Failed {
                        exists: e.kind() == WriteErrorKind::AlreadyExists,
                        message: e.to_string(),
                        written,
                    };
                }
            }
        }
        self.saved.extend(written.iter().cloned());
        self.forget_current();
        SaveOutcome::Saved(written)
    }

    /// How many results were saved and in which folders: no names, since
    /// file names carry patient identifiers.
    fn summary(&self) -> String {
        let mut folders: Vec<String> = self
            .saved
            .iter()
            .filter_map(|p| p.parent())
            .map(|p| {
                let shown = if p.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    p
                };
                crate::text::sanitize_line(&shown.display().to_string()).into_owned()
            })
            .collect();
        folders.sort();
        folders.dedup();
        let files = self.saved.len();
        if files == 0 {
            "restless: no result was saved in this session.".to_string()
        } else {
            format!(
                "restless: {files} result file{} saved in this session, in {}.",
                if files == 1 { "" } else { "s" },
                folders.join(", ")
            )
        }
    }
}

/// The drafts of this questionnaire, newest first. Drafts of other
/// questionnaires are left alone; drafts that cannot be read are listed so
/// that they can be deleted.
fn list_drafts(store: &DraftStore, q: &Questionnaire) -> Result<Vec<DraftEntry>, String> {
    let mut entries = Vec::new();
    for info in store.list()? {
        let content = store.load(&info.id).and_then(|text| {
            let belongs = toml::from_str::<toml::Table>(&text).ok().and_then(|t| {
                t.get("questionnaire")?
                    .get("id")?
                    .as_str()
                    .map(|id| id == q.id)
            });
            if belongs == Some(false) {
                return Err(String::new());
            }
            crate::answers::load(q, &text).map_err(|d| {
                d.first()
                    .map_or_else(|| "it is malformed".to_string(), |d| d.message.clone())
            })
        });
        if matches!(&content, Err(reason) if reason.is_empty()) {
            continue;
        }
        let when = jiff::Timestamp::try_from(info.modified)
            .map(|t| {
                t.to_zoned(jiff::tz::TimeZone::system())
                    .strftime("%Y-%m-%d %H:%M")
                    .to_string()
            })
            .unwrap_or_default();
        let identifier = content
            .as_ref()
            .ok()
            .and_then(|f| f.identifiers.iter().find(|v| !v.is_empty()).cloned())
            .unwrap_or_default();
        entries.push(DraftEntry {
            id: info.id.as_str().to_string(),
            when,
            identifier,
            content,
        });
    }
    Ok(entries)
}
