//! What the event loop keeps on disk for the screening under way: its
//! draft, claimed so that no other instance touches it, and the results it
//! saves. The interface asks (`Effect`) and this answers; nothing here
//! draws.

use std::path::Path;

use super::saving::{DraftContent, DraftEntry, SaveOutcome, SaveRequest};
use super::session::{DraftHeader, MAX_HEADER_BYTES};
use super::state::Screening;
use crate::questionnaire::Questionnaire;
use crate::store::sealed::{Keys, seal};
use crate::store::writing;
use crate::store::{Claim, DraftId, DraftStore, WriteErrorKind};

/// The draft of the screening on screen, and a count of the results saved.
pub struct Keeper {
    store: Option<DraftStore>,
    /// The draft of the screening on screen, once it has one.
    current: Option<(DraftId, Claim)>,
    /// Screenings whose result was saved (once each, however many files
    /// or saves it took).
    saved_screenings: usize,
    /// The folders results went to: no file names, which carry patient
    /// identifiers.
    saved_folders: Vec<String>,
    /// Who FHIR results name as patient and clinician.
    fhir: crate::report::fhir::Options,
    /// age public keys results and drafts are sealed to; empty: none.
    seal_to: Vec<String>,
    /// The age keys that open sealed drafts.
    keys: Option<Keys>,
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
            saved_screenings: 0,
            saved_folders: Vec::new(),
            fhir: crate::report::fhir::Options::default(),
            seal_to: Vec::new(),
            keys: None,
        }
    }

    /// Opens sealed drafts with `keys`.
    pub fn with_keys(mut self, keys: Option<Keys>) -> Self {
        self.keys = keys;
        self
    }

    pub fn keys(&self) -> Option<&Keys> {
        self.keys.as_ref()
    }

    /// The answers of the draft `id`, offered at start from its first line
    /// alone, read whole now that it is opened.
    pub fn read_draft(
        &self,
        q: &Questionnaire,
        id: &str,
    ) -> Result<crate::answers::AnswerFile, String> {
        let store = self
            .store
            .as_ref()
            .ok_or_else(|| "drafts are not kept".to_string())?;
        read_draft(store, q, self.keys.as_ref(), id)
    }

    /// Seals every result and draft to these age public keys from now on
    /// (the drafts store must be sealed too).
    pub fn seal_to(&mut self, recipients: Vec<String>) {
        self.seal_to = recipients;
    }

    /// `bytes` as they are written: sealed when asked for.
    fn at_rest(&self, bytes: &[u8]) -> Result<Vec<u8>, String> {
        if self.seal_to.is_empty() {
            Ok(bytes.to_vec())
        } else {
            seal(&self.seal_to, bytes)
        }
    }

    /// Names the patient and clinician in FHIR results as `options` say.
    pub fn with_fhir(mut self, options: crate::report::fhir::Options) -> Self {
        self.fhir = options;
        self
    }

    pub fn store(&self) -> Option<&DraftStore> {
        self.store.as_ref()
    }

    /// Keeps the answers in the draft, or removes the draft when there is
    /// nothing unsaved (the result was saved and nothing changed since).
    pub fn keep_draft(&mut self, app: &mut Screening) {
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
        // Overwritten once written: the patient's answers stay in memory
        // only where the screening holds them.
        let text = zeroize::Zeroizing::new(crate::screening::session::draft_text(
            q,
            app.answers(),
            &zeroize::Zeroizing::new(app.identifier_values()),
            &crate::report::Stamp::now().time,
        ));
        let sealed = match self.at_rest(text.as_bytes()) {
            Ok(bytes) => zeroize::Zeroizing::new(bytes),
            Err(reason) => {
                app.set_warning(Some(format!("Draft not kept: {reason}")));
                app.set_draft_kept(false);
                return;
            }
        };
        let saved = {
            let _writing = writing();
            store.save(id, &sealed)
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
    pub fn adopt(&mut self, app: &mut Screening, id: &str) {
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
    pub fn delete(&mut self, app: &mut Screening, id: &str) {
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
    pub fn forget_current(&mut self, app: &mut Screening) {
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
    pub fn save_result(&mut self, app: &mut Screening, request: &SaveRequest) -> SaveOutcome {
        let failed = |message: String, exists: bool| SaveOutcome::Failed { message, exists };
        let Some(report) = app.report() else {
            return failed("there is no result to save".into(), false);
        };
        let mut targets: Vec<Target> = request.written_paths(!self.seal_to.is_empty());
        if let Some(refused) = refuse_existing(&targets, request.replace) {
            return refused;
        }
        let identifiers = zeroize::Zeroizing::new(app.identifier_values());
        let answers = app.applied_answers();
        let rendered: Result<Vec<(std::path::PathBuf, Vec<u8>)>, _> = targets
            .iter()
            .map(|(format, path)| {
                let bytes = crate::report::render(
                    *format,
                    app.questionnaire(),
                    &answers,
                    &identifiers,
                    report,
                    &self.fhir,
                )?;
                let bytes = zeroize::Zeroizing::new(bytes);
                let bytes = self.at_rest(&bytes).map_err(std::io::Error::other)?;
                Ok::<_, std::io::Error>((path.clone(), bytes))
            })
            .collect();
        let files = match rendered {
            Ok(files) => files,
            Err(e) => return failed(format!("the result cannot be written: {e}"), false),
        };
        if let Some(refused) = too_large_to_read_back(&targets, &files) {
            return refused;
        }
        let mut files = files;
        let written = {
            let _writing = writing();
            crate::store::write_all(&files, request.replace)
        };
        for (_, bytes) in &mut files {
            zeroize::Zeroize::zeroize(bytes);
        }
        for (_, path) in &mut targets {
            super::privacy::wipe_path(path);
        }
        match written {
            Ok(()) => {
                let paths: Vec<std::path::PathBuf> =
                    files.into_iter().map(|(path, _)| path).collect();
                if !app.was_saved() {
                    self.saved_screenings += 1;
                }
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

    /// How many screenings were saved and in which folders: no names,
    /// since file names carry patient identifiers.
    pub fn summary(&self) -> String {
        match self.saved_screenings {
            0 => "restless: no result was saved in this session.".to_string(),
            count => format!(
                "restless: {count} screening{} saved in this session, in {}.",
                if count == 1 { "" } else { "s" },
                self.saved_folders.join(", ")
            ),
        }
    }
}

/// Where one format of a result goes.
type Target = (crate::report::Format, std::path::PathBuf);

/// Refuses targets that are folders or special files, and files that exist
/// unless they are to be replaced; every existing one is named.
fn refuse_existing(targets: &[Target], replace: bool) -> Option<SaveOutcome> {
    let failed = |message: String, exists: bool| Some(SaveOutcome::Failed { message, exists });
    let mut existing = Vec::new();
    for (_, path) in targets {
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
    if replace || existing.is_empty() {
        return None;
    }
    let message = match existing.as_slice() {
        [one] => format!("{one} already exists"),
        many => format!("{} already exist", many.join(" and ")),
    };
    failed(message, true)
}

/// A TOML or JSON result is read back with the limit of any answers file:
/// one larger could be written but never scored again.
fn too_large_to_read_back(
    targets: &[Target],
    files: &[(std::path::PathBuf, Vec<u8>)],
) -> Option<SaveOutcome> {
    let ((_, path), (_, bytes)) = targets
        .iter()
        .zip(files)
        .find(|((format, _), (_, bytes))| {
            matches!(
                format,
                crate::report::Format::Toml | crate::report::Format::Json
            ) && bytes.len() > crate::answers::MAX_ANSWERS_BYTES
        })?;
    let shown = crate::text::sanitize_line(&path.display().to_string()).into_owned();
    Some(SaveOutcome::Failed {
        message: format!(
            "{shown} would be {} bytes, more than the {} bytes restless can read back; \
             save the text or Markdown report instead",
            bytes.len(),
            crate::answers::MAX_ANSWERS_BYTES
        ),
        exists: false,
    })
}

/// The drafts of this questionnaire, newest first. Drafts of other
/// questionnaires, and drafts another running screening holds, are left
/// alone; drafts that cannot be read are listed so that they can be
/// deleted. A draft whose first line counts its answers for this very
/// questionnaire is read no further: its answers are read when it is
/// opened ([`read_draft`]).
pub fn list_drafts(
    store: &DraftStore,
    q: &Questionnaire,
    keys: Option<&Keys>,
) -> Result<Vec<DraftEntry>, String> {
    let mut entries = Vec::new();
    for info in store.list()? {
        // Held by a running screening: not ours to offer. The claim taken
        // to find out is given back at once.
        if matches!(store.claim(&info.id), Ok(None)) {
            continue;
        }
        let counted = store
            .head(&info.id, MAX_HEADER_BYTES, keys)
            .map(|head| DraftHeader::parse(&head).filter(|h| h.hash == q.content_hash));
        let when = jiff::Timestamp::try_from(info.modified)
            .map(|t| {
                t.to_zoned(crate::store::clock::local_zone())
                    .strftime("%Y-%m-%d %H:%M")
                    .to_string()
            })
            .unwrap_or_default();
        let mut entry = DraftEntry {
            id: info.id.as_str().to_string(),
            when,
            identifier: String::new(),
            content: Err(String::new()),
        };
        match counted {
            Ok(Some(header)) => entry.content = Ok(DraftContent::Counted(header.answered)),
            // Written before drafts had a header, or for another
            // questionnaire (or version): parsed whole, to tell which.
            Ok(None) => match parse_draft(store, q, &info.id, keys) {
                Err(Unreadable::Elsewhere) => continue,
                read => entry.read_as(q, read.map_err(|why| why.message(q))),
            },
            Err(reason) => entry.content = Err(reason),
        }
        entries.push(entry);
    }
    Ok(entries)
}

/// Reads the answers of the draft `id` whole, when it is opened.
pub fn read_draft(
    store: &DraftStore,
    q: &Questionnaire,
    keys: Option<&Keys>,
    id: &str,
) -> Result<crate::answers::AnswerFile, String> {
    let id = DraftId::parse(id).ok_or_else(|| "it is not a draft".to_string())?;
    parse_draft(store, q, &id, keys).map_err(|why| why.message(q))
}

/// Why a draft's answers were not read.
enum Unreadable {
    /// It belongs to another questionnaire.
    Elsewhere,
    /// It cannot be read, for this reason.
    Reason(String),
}

impl Unreadable {
    fn message(self, q: &Questionnaire) -> String {
        match self {
            // Changed since it was listed.
            Unreadable::Elsewhere => format!(
                "it is no longer a draft of {}",
                crate::text::sanitize_line(&q.title)
            ),
            Unreadable::Reason(reason) => reason,
        }
    }
}

/// The answers of the draft `id`, read whole.
fn parse_draft(
    store: &DraftStore,
    q: &Questionnaire,
    id: &DraftId,
    keys: Option<&Keys>,
) -> Result<crate::answers::AnswerFile, Unreadable> {
    // Patient data: wiped from memory once parsed.
    let text = zeroize::Zeroizing::new(store.load_with(id, keys).map_err(Unreadable::Reason)?);
    // Answers that load are this questionnaire's (the loader refuses
    // another's id), so the file is parsed a second time only to tell
    // another questionnaire's draft from a broken one.
    crate::answers::load(q, &text).map_err(|d| {
        let belongs = toml::from_str::<toml::Table>(&text).ok().and_then(|t| {
            t.get("questionnaire")?
                .get("id")?
                .as_str()
                .map(|id| id == q.id)
        });
        if belongs == Some(false) {
            return Unreadable::Elsewhere;
        }
        // The message may quote the file; it is shown on a terminal.
        Unreadable::Reason(d.first().map_or_else(
            || "it is malformed".to_string(),
            |d| crate::text::sanitize_line(&d.message).into_owned(),
        ))
    })
}
