//! What the event loop keeps on disk for the screening under way: its
//! draft, claimed so that no other instance touches it, and the results it
//! saves. The interface asks (`Effect`) and this answers; nothing here
//! draws.

use std::path::Path;

use super::app::App;
use super::saving::{DraftEntry, SaveOutcome, SaveRequest};
use super::writing;
use crate::engine::Answers;
use crate::questionnaire::Questionnaire;
use crate::report::Report;
use crate::store::{Claim, DraftId, DraftStore, WriteErrorKind};

/// A screening under way, as the keeper sees it: the full-screen `App` and
/// the plain mode each keep their own state and report back through this.
pub trait Screening {
    fn questionnaire(&self) -> &Questionnaire;
    fn answers(&self) -> &Answers;
    fn identifier_values(&self) -> Vec<String>;
    /// The result, once it has been shown.
    fn report(&self) -> Option<&Report>;
    fn has_unsaved(&self) -> bool;
    fn set_warning(&mut self, warning: Option<String>);
    fn set_draft_kept(&mut self, kept: bool);
}

impl Screening for App {
    fn questionnaire(&self) -> &Questionnaire {
        App::questionnaire(self)
    }
    fn answers(&self) -> &Answers {
        App::answers(self)
    }
    fn identifier_values(&self) -> Vec<String> {
        App::identifier_values(self)
    }
    fn report(&self) -> Option<&Report> {
        App::report(self)
    }
    fn has_unsaved(&self) -> bool {
        App::has_unsaved(self)
    }
    fn set_warning(&mut self, warning: Option<String>) {
        App::set_warning(self, warning)
    }
    fn set_draft_kept(&mut self, kept: bool) {
        App::set_draft_kept(self, kept)
    }
}

/// The draft of the screening on screen, and a count of the results saved.
pub struct Keeper {
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
    pub fn new(store: Option<DraftStore>) -> Self {
        Keeper {
            store,
            current: None,
            saved_files: 0,
            saved_folders: Vec::new(),
        }
    }

    pub fn store(&self) -> Option<&DraftStore> {
        self.store.as_ref()
    }

    /// Keeps the answers in the draft, or removes the draft when there is
    /// nothing unsaved (the result was saved and nothing changed since).
    pub fn keep_draft(&mut self, app: &mut impl Screening) {
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
                Ok(None) => {
                    app.set_warning(Some(
                        "Draft not kept: the drafts folder cannot be locked".into(),
                    ));
                    app.set_draft_kept(false);
                    return;
                }
                Err(message) => {
                    // The reason, without the path: a refused folder (a
                    // link, another user's) says why.
                    let reason = message
                        .rsplit_once(": ")
                        .map_or(message.as_str(), |(_, r)| r);
                    app.set_warning(Some(format!("Draft not kept: {reason}")));
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
    pub fn adopt(&mut self, app: &mut impl Screening, id: &str) {
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
    pub fn delete(&mut self, app: &mut impl Screening, id: &str) {
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
    pub fn forget_current(&mut self, app: &mut impl Screening) {
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
    pub fn save_result(&mut self, app: &mut impl Screening, request: &SaveRequest) -> SaveOutcome {
        let failed = |message: String, exists: bool| SaveOutcome::Failed { message, exists };
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
        // A TOML or JSON result is read back with the limit of any answers
        // file: one larger could be written but never scored again.
        let too_large = targets
            .iter()
            .zip(&files)
            .find(|((format, _), (_, bytes))| {
                matches!(
                    format,
                    crate::store::Format::Toml | crate::store::Format::Json
                ) && bytes.len() > crate::answers::MAX_ANSWERS_BYTES
            });
        if let Some(((_, path), (_, bytes))) = too_large {
            let shown = crate::text::sanitize_line(&path.display().to_string()).into_owned();
            return failed(
                format!(
                    "{shown} would be {} bytes, more than the {} bytes restless can read back; \
                     save the text or Markdown report instead",
                    bytes.len(),
                    crate::answers::MAX_ANSWERS_BYTES
                ),
                false,
            );
        }
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
    pub fn summary(&self) -> String {
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
pub fn list_drafts(store: &DraftStore, q: &Questionnaire) -> Result<Vec<DraftEntry>, String> {
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
                // The message may quote the file; it is shown on a terminal.
                d.first().map_or_else(
                    || "it is malformed".to_string(),
                    |d| crate::text::sanitize_line(&d.message).into_owned(),
                )
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
    use crate::tui::{Action, Theme};

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

    /// A screening of many long free-text answers, as a plain [`Screening`].
    struct Wordy {
        q: Questionnaire,
        answers: Answers,
        report: Report,
    }

    impl Screening for Wordy {
        fn questionnaire(&self) -> &Questionnaire {
            &self.q
        }
        fn answers(&self) -> &Answers {
            &self.answers
        }
        fn identifier_values(&self) -> Vec<String> {
            Vec::new()
        }
        fn report(&self) -> Option<&Report> {
            Some(&self.report)
        }
        fn has_unsaved(&self) -> bool {
            true
        }
        fn set_warning(&mut self, _: Option<String>) {}
        fn set_draft_kept(&mut self, _: bool) {}
    }

    #[test]
    fn a_result_too_large_to_read_back_is_not_written() {
        use std::fmt::Write;
        let mut text = String::from(
            "[questionnaire]\nid = \"wordy\"\nversion = \"1\"\ntitle = \"Wordy\"\n\n\
             [[section]]\nid = \"s\"\ntitle = \"S\"\n",
        );
        for i in 0..5_000 {
            let _ = write!(
                text,
                "\n[[section.item]]\nid = \"t{i}\"\ntype = \"text\"\ntext = \"T?\"\nmax_length = 300\n"
            );
        }
        let q = crate::questionnaire::load(&text).unwrap();
        let mut answers = Answers::new(&q);
        for i in 0..q.items.len() {
            answers
                .set(&q, i, crate::engine::Answer::Text("w".repeat(250)))
                .unwrap();
        }
        let report = Report::build(&q, &answers, &[], &crate::report::Stamp::now());
        let mut wordy = Wordy { q, answers, report };
        let dir = tempfile::tempdir().unwrap();
        let outcome = Keeper::new(None).save_result(
            &mut wordy,
            &request(
                &dir.path().join("r"),
                &[Format::Markdown, Format::Toml],
                false,
            ),
        );
        let SaveOutcome::Failed { message, exists } = outcome else {
            panic!("refused");
        };
        assert!(!exists);
        assert!(
            message.contains("r.toml would be ")
                && message.ends_with(
                    "bytes restless can read back; save the text or Markdown report instead"
                ),
            "{message}"
        );
        assert!(files_in(dir.path()).is_empty(), "nothing written");
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
