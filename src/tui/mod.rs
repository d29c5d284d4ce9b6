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
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, Once};

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
use crate::run::{Status, load_questionnaire};
use crate::store::{Claim, Config, Dirs, DraftId, DraftStore, WriteErrorKind, io_reason};

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
    if let Some(store) = &store {
        store.remove_stale_temporaries(std::time::Duration::from_secs(60));
    }
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
    let mut keeper = Keeper::new(store);
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
    let _writing = writing();
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
            match effect {
                Effect::Continue | Effect::Quit => {}
                Effect::SaveResult(ref request) => {
                    let outcome = keeper.save_result(app, request);
                    app.save_finished(outcome);
                }
                Effect::DiscardDraft(ref id) => keeper.delete(app, id),
                Effect::Resumed(ref id) => keeper.adopt(app, id),
                Effect::NextPatient => {
                    keeper.forget_current(app);
                    *app = app.next_patient();
                    // Repaint every cell, so nothing of the previous patient
                    // survives in a corner the new screen does not cover.
                    self.terminal.clear()?;
                }
            }
            // After a save too: a saved result needs no draft any more.
            if app.take_changed() || matches!(effect, Effect::SaveResult(_)) {
                keeper.keep_draft(app);
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

/// Held while a file is being written, and by the signal and hang-up
/// handlers before they exit: a signal during a save waits the few
/// milliseconds it takes, so no temporary file is left behind and no draft
/// is cut short.
static WRITING: Mutex<()> = Mutex::new(());

fn writing() -> std::sync::MutexGuard<'static, ()> {
    WRITING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// What the event loop keeps on disk for the screening under way: its
/// draft (claimed, so that no other instance touches it), and a count of
/// the results saved.
struct Keeper {
    store: Option<DraftStore>,
    /// The draft of the screening on screen, once it has one.
    current: Option<(DraftId, Claim)>,
    saved_files: usize,
    /// The folders results went to: no file names, which carry patient
    /// identifiers.
    saved_folders: Vec<String>,
}

/// A write failure in a few words, reason first, for the header line.
fn short_reason(error: &crate::store::WriteError) -> String {
    let text = error.to_string();
    match text.rsplit_once(": ") {
        Some((_, reason)) => reason.to_string(),
        None => text,
    }
}

impl Keeper {
    fn new(store: Option<DraftStore>) -> Self {
        Keeper {
            store,
            current: None,
            saved_files: 0,
            saved_folders: Vec::new(),
        }
    }

    /// Keeps the answers in the draft, or removes the draft when there is
    /// nothing unsaved (the result was saved and nothing changed since).
    fn keep_draft(&mut self, app: &mut App) {
        if !app.has_unsaved() {
            self.forget_current(app);
            return;
        }
        let Some(store) = &self.store else {
            return;
        };
        if self.current.is_none() {
            let id = store.new_session();
            match store.claim(&id) {
                Ok(Some(claim)) => self.current = Some((id, claim)),
                Ok(None) | Err(_) => {
                    app.set_warning(Some(
                        "Draft not kept: the drafts folder cannot be locked".into(),
                    ));
                    app.set_draft_kept(false);
                    return;
                }
            }
        }
        let Some((id, _)) = &self.current else {
            return;
        };
        let q = app.questionnaire();
        let text = crate::session::draft_text(
            q,
            app.answers(),
            &app.identifier_values(),
            &crate::report::Stamp::now().time,
        );
        let saved = {
            let _writing = writing();
            store.save(id, text.as_bytes())
        };
        match saved {
            Ok(()) => {
                app.set_warning(None);
                app.set_draft_kept(true);
            }
            Err(e) => {
                app.set_warning(Some(format!("Draft not kept: {}", short_reason(&e))));
                app.set_draft_kept(false);
            }
        }
    }

    /// Continues the draft `id` (chosen on the drafts screen), unless
    /// another screening took it meanwhile.
    fn adopt(&mut self, app: &mut App, id: &str) {
        let (Some(store), Some(id)) = (&self.store, DraftId::parse(id)) else {
            return;
        };
        match store.claim(&id) {
            Ok(Some(claim)) => {
                self.current = Some((id, claim));
                app.set_draft_kept(true);
            }
            _ => app.set_warning(Some(
                "That draft is open in another restless; these answers go to a new draft".into(),
            )),
        }
    }

    /// Deletes a draft listed at start, if no running screening holds it.
    fn delete(&mut self, app: &mut App, id: &str) {
        let (Some(store), Some(id)) = (&self.store, DraftId::parse(id)) else {
            return;
        };
        let outcome = match store.claim(&id) {
            Ok(Some(claim)) => {
                let deleted = store.delete(&id);
                claim.release();
                deleted
            }
            Ok(None) => Err("it is open in another restless".to_string()),
            Err(e) => Err(e),
        };
        if let Err(reason) = outcome {
            app.set_warning(Some(format!("Draft not deleted: {reason}")));
        }
    }

    /// The screening on screen is finished with (saved, or discarded on
    /// purpose): its draft goes.
    fn forget_current(&mut self, app: &mut App) {
        let (Some(store), Some((id, claim))) = (&self.store, self.current.take()) else {
            return;
        };
        let deleted = store.delete(&id);
        claim.release();
        app.set_draft_kept(false);
        if let Err(reason) = deleted {
            app.set_warning(Some(format!("The draft could not be deleted: {reason}")));
        }
    }

    /// Writes the result in each requested format, all or nothing: every
    /// target is checked first, every file written under a temporary name,
    /// and only then are they all put in place.
    fn save_result(&mut self, app: &mut App, request: &SaveRequest) -> SaveOutcome {
        let failed = |message: String, exists: bool| SaveOutcome::Failed {
            written: Vec::new(),
            message,
            exists,
        };
        let Some(report) = app.report() else {
            return failed("there is no result to save".into(), false);
        };
        let targets = request.paths();
        let mut existing = Vec::new();
        for (_, path) in &targets {
            let shown = crate::text::sanitize_line(&path.display().to_string()).into_owned();
            match std::fs::symlink_metadata(path) {
                Ok(meta) if meta.is_dir() => {
                    return failed(format!("{shown} is a folder, not a file"), false);
                }
                Ok(meta) if !meta.is_file() && !meta.file_type().is_symlink() => {
                    return failed(format!("{shown} is not a regular file"), false);
                }
                Ok(_) => existing.push(shown),
                Err(_) => {}
            }
        }
        if !request.replace && !existing.is_empty() {
            let message = match existing.as_slice() {
                [one] => format!("{one} already exists"),
                many => format!("{} already exist", many.join(" and ")),
            };
            return failed(message, true);
        }
        let identifiers = app.identifier_values();
        let files: Vec<(std::path::PathBuf, Vec<u8>)> = targets
            .iter()
            .map(|(format, path)| {
                let bytes = crate::report::render(
                    *format,
                    app.questionnaire(),
                    app.answers(),
                    &identifiers,
                    report,
                );
                (path.clone(), bytes)
            })
            .collect();
        let written = {
            let _writing = writing();
            crate::store::write_all(&files, request.replace)
        };
        match written {
            Ok(()) => {
                let paths: Vec<std::path::PathBuf> =
                    files.into_iter().map(|(path, _)| path).collect();
                self.saved_files += paths.len();
                for path in &paths {
                    let folder = path
                        .parent()
                        .filter(|p| !p.as_os_str().is_empty())
                        .unwrap_or(Path::new("."));
                    let folder =
                        crate::text::sanitize_line(&folder.display().to_string()).into_owned();
                    if !self.saved_folders.contains(&folder) {
                        self.saved_folders.push(folder);
                    }
                }
                SaveOutcome::Saved(paths)
            }
            Err(e) => failed(e.to_string(), e.kind() == WriteErrorKind::AlreadyExists),
        }
    }

    /// How many results were saved and in which folders: no names, since
    /// file names carry patient identifiers.
    fn summary(&self) -> String {
        match self.saved_files {
            0 => "restless: no result was saved in this session.".to_string(),
            files => format!(
                "restless: {files} result file{} saved in this session, in {}.",
                if files == 1 { "" } else { "s" },
                self.saved_folders.join(", ")
            ),
        }
    }
}

/// The drafts of this questionnaire, newest first. Drafts of other
/// questionnaires, and drafts another running screening holds, are left
/// alone; drafts that cannot be read are listed so that they can be
/// deleted.
fn list_drafts(store: &DraftStore, q: &Questionnaire) -> Result<Vec<DraftEntry>, String> {
    let mut entries = Vec::new();
    for info in store.list()? {
        // Held by a running screening: not ours to offer. The claim taken
        // to find out is given back at once.
        if matches!(store.claim(&info.id), Ok(None)) {
            continue;
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Answer;
    use crate::store::Format;

    const Q: &str = r#"
[questionnaire]
id = "keeper"
version = "1"
title = "Keeper"

[[identifier]]
id = "patient"
label = "Patient"

[[section]]
id = "s"
title = "S"

[[section.item]]
id = "a"
type = "yes_no"
text = "A?"
"#;

    fn app() -> App {
        let q = crate::questionnaire::load(Q).unwrap();
        App::new(
            q,
            Theme {
                color: false,
                unicode: true,
            },
        )
    }

    /// An app on its results screen, for patient P-1, answered yes.
    fn at_results() -> App {
        let mut app = app();
        app.update(Action::Insert('P'));
        app.update(Action::Confirm);
        app.update(Action::Pick(1));
        app.update(Action::ShowResult);
        assert!(app.report().is_some());
        app
    }

    fn request(base: &Path, formats: &[Format], replace: bool) -> SaveRequest {
        SaveRequest {
            base: base.to_path_buf(),
            formats: formats.to_vec(),
            replace,
        }
    }

    fn files_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_draft_exists_exactly_while_something_is_unsaved() {
        let dir = tempfile::tempdir().unwrap();
        let store = DraftStore::new(dir.path().join("drafts"));
        let mut keeper = Keeper::new(Some(DraftStore::new(dir.path().join("drafts"))));
        let mut app = at_results();
        assert!(app.take_changed());
        keeper.keep_draft(&mut app);
        assert_eq!(store.list().unwrap().len(), 1);
        assert!(app.draft_kept());

        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        let saved = keeper.save_result(&mut app, &request(&out.join("r"), &[Format::Toml], false));
        app.save_finished(saved);
        keeper.keep_draft(&mut app);
        assert!(store.list().unwrap().is_empty(), "saved: the draft goes");
        assert!(!app.has_unsaved());

        // Back to the welcome screen and on again, nothing changed: no draft.
        app.update(Action::ShowReview);
        app.update(Action::Back);
        app.update(Action::Back);
        app.update(Action::Confirm);
        app.take_changed();
        keeper.keep_draft(&mut app);
        assert!(store.list().unwrap().is_empty());
        assert!(!app.has_unsaved());

        // An identifier changed after saving: unsaved again, and kept.
        app.update(Action::Back);
        app.update(Action::Insert('X'));
        app.update(Action::Confirm);
        assert!(app.has_unsaved());
        app.take_changed();
        keeper.keep_draft(&mut app);
        assert_eq!(store.list().unwrap().len(), 1);
    }

    #[test]
    fn another_instance_cannot_take_a_draft_in_use() {
        let dir = tempfile::tempdir().unwrap();
        let mut keeper = Keeper::new(Some(DraftStore::new(dir.path())));
        let mut app = at_results();
        keeper.keep_draft(&mut app);
        let q = app.questionnaire().clone();
        // A second instance sees no draft to offer, and cannot delete it.
        let other = DraftStore::new(dir.path());
        assert!(list_drafts(&other, &q).unwrap().is_empty());
        let id = other.list().unwrap()[0].id.as_str().to_string();
        let mut second = crate::tui::App::new(
            q.clone(),
            Theme {
                color: false,
                unicode: true,
            },
        );
        Keeper::new(Some(DraftStore::new(dir.path()))).delete(&mut second, &id);
        assert!(
            second
                .warning()
                .is_some_and(|w| w.contains("open in another restless"))
        );
        assert_eq!(other.list().unwrap().len(), 1);
        // Once the first lets go, it is offered.
        drop(keeper);
        assert_eq!(list_drafts(&other, &q).unwrap().len(), 1);
    }

    #[test]
    fn existing_files_are_all_named_and_a_folder_is_never_replaceable() {
        let dir = tempfile::tempdir().unwrap();
        let mut keeper = Keeper::new(None);
        let mut app = at_results();
        std::fs::write(dir.path().join("r.toml"), "old").unwrap();
        std::fs::write(dir.path().join("r.md"), "old").unwrap();
        let outcome = keeper.save_result(
            &mut app,
            &request(
                &dir.path().join("r"),
                &[Format::Toml, Format::Markdown],
                false,
            ),
        );
        let SaveOutcome::Failed {
            message, exists, ..
        } = outcome
        else {
            panic!("refused");
        };
        assert!(
            exists && message.contains("r.toml and ") && message.ends_with("r.md already exist"),
            "{message}"
        );

        std::fs::create_dir(dir.path().join("d.md")).unwrap();
        let outcome = keeper.save_result(
            &mut app,
            &request(
                &dir.path().join("d"),
                &[Format::Toml, Format::Markdown],
                true,
            ),
        );
        let SaveOutcome::Failed {
            message, exists, ..
        } = outcome
        else {
            panic!("refused");
        };
        assert!(
            !exists && message.ends_with("d.md is a folder, not a file"),
            "{message}"
        );
        assert_eq!(
            files_in(dir.path()),
            ["d.md", "r.md", "r.toml"],
            "nothing written"
        );
    }

    #[test]
    fn the_summary_names_folders_never_files() {
        let dir = tempfile::tempdir().unwrap();
        let mut keeper = Keeper::new(None);
        let mut app = at_results();
        let outcome = keeper.save_result(
            &mut app,
            &request(
                &dir.path().join("P-1"),
                &[Format::Toml, Format::Text],
                false,
            ),
        );
        assert!(matches!(outcome, SaveOutcome::Saved(_)));
        let summary = keeper.summary();
        assert!(
            summary.starts_with("restless: 2 result files saved in this session, in "),
            "{summary}"
        );
        assert!(!summary.contains("P-1"), "{summary}");
    }

    #[test]
    fn answers_are_what_the_draft_holds() {
        let dir = tempfile::tempdir().unwrap();
        let store = DraftStore::new(dir.path());
        let mut keeper = Keeper::new(Some(DraftStore::new(dir.path())));
        let mut app = at_results();
        keeper.keep_draft(&mut app);
        let info = &store.list().unwrap()[0];
        let text = store.load(&info.id).unwrap();
        let loaded = crate::answers::load(app.questionnaire(), &text).unwrap();
        assert_eq!(loaded.answers.get(0), Some(&Answer::Choice(0)));
        assert_eq!(loaded.identifiers, ["P"]);
    }
}
