//! Drafts: the answers of a screening in progress, saved after every change
//! so that a crash, a closed terminal or a power cut loses nothing.
//!
//! Each screening gets its own id when it starts, so two patients' answers
//! can never end up in the same file, even with several screenings running
//! at once. The id is made from the clock, the process id and a counter,
//! never from anything the patient typed: a file name shows in directory
//! listings, backups and shell history.

use std::fmt;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use super::atomic::{WriteError, create_private_dir, io_reason, write_replace};
use super::dirs::Dirs;
use super::sealed::Keys;
use crate::text::sanitize_line;
use zeroize::Zeroizing;

/// Drafts larger than this are refused when loading; a full screening's
/// answers are a few kilobytes.
pub const MAX_DRAFT_BYTES: usize = 1024 * 1024;

const PREFIX: &str = "draft-";
const SUFFIX: &str = ".toml";
const MAX_ID_LEN: usize = 64;
/// A draft's lock file is `.<draft file name>.lock`, hidden beside it.
pub(super) const LOCK_PREFIX: &str = ".";
pub(super) const LOCK_SUFFIX: &str = ".lock";

/// Identifies one screening's draft. Only ids made by
/// [`DraftStore::new_session`] or found by [`DraftStore::list`] (or checked
/// by [`DraftId::parse`]) exist, so an id can never name a file outside the
/// drafts directory.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DraftId(String);

impl DraftId {
    /// Accepts ids as [`DraftStore::new_session`] makes them: ASCII letters,
    /// digits, `-` and `_`, at most 64 characters.
    pub fn parse(text: &str) -> Option<DraftId> {
        let valid = !text.is_empty()
            && text.len() <= MAX_ID_LEN
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        valid.then(|| DraftId(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `draft-<id>.toml`.
    pub fn file_name(&self) -> String {
        format!("{PREFIX}{}{SUFFIX}", self.0)
    }

    pub(super) fn from_file_name(name: &str) -> Option<DraftId> {
        DraftId::parse(name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?)
    }
}

impl fmt::Display for DraftId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A draft found on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftInfo {
    pub id: DraftId,
    pub path: PathBuf,
    /// When it was last saved; the Unix epoch if the system cannot say.
    pub modified: SystemTime,
}

/// The directory of drafts, created (0700) on the first save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftStore {
    dir: PathBuf,
    /// Drafts are sealed (age, `.age` added to the name): only sealed
    /// drafts are listed and written.
    sealed: bool,
}

impl DraftStore {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        DraftStore {
            dir: dir.into(),
            sealed: false,
        }
    }

    /// The same folder, holding sealed drafts: their bytes are age files
    /// and their names end in `.age`.
    pub fn sealed(mut self) -> Self {
        self.sealed = true;
        self
    }

    pub fn is_sealed(&self) -> bool {
        self.sealed
    }

    /// The draft's file name in this store.
    fn file_of(&self, id: &DraftId) -> String {
        let name = id.file_name();
        if self.sealed {
            format!("{name}{}", super::sealed::SEALED_SUFFIX)
        } else {
            name
        }
    }

    /// The id of a draft file name of this store.
    pub(super) fn id_of(&self, name: &str) -> Option<DraftId> {
        if self.sealed {
            DraftId::from_file_name(name.strip_suffix(super::sealed::SEALED_SUFFIX)?)
        } else {
            DraftId::from_file_name(name)
        }
    }

    /// The store in the user's data directory; `None` when there is no
    /// absolute `XDG_DATA_HOME` or `HOME` to put it in.
    pub fn from_dirs(dirs: &Dirs) -> Option<Self> {
        dirs.drafts_dir().map(DraftStore::new)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn path(&self, id: &DraftId) -> PathBuf {
        self.dir.join(self.file_of(id))
    }

    /// A fresh id for a screening that is starting. Nothing is written until
    /// the first [`save`](Self::save).
    pub fn new_session(&self) -> DraftId {
        // The counter separates sessions of one process started within the
        // clock's resolution; the process id separates processes.
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let count = COUNTER.fetch_add(1, Ordering::Relaxed);
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        DraftId(format!(
            "{}-{:09}-{}-{count}",
            now.as_secs(),
            now.subsec_nanos(),
            std::process::id()
        ))
    }

    /// Replaces the draft `id` with `bytes`, atomically: a crash leaves the
    /// previous draft or this one, never a mixture. The file is 0600 and the
    /// directory, created if missing, 0700.
    pub fn save(&self, id: &DraftId, bytes: &[u8]) -> Result<(), WriteError> {
        // A draft that could not be read back would be lost all the same.
        if bytes.len() > MAX_DRAFT_BYTES {
            return Err(WriteError::new(
                &self.path(id),
                super::WriteErrorKind::Other,
                format!(
                    "the draft would be {} bytes, more than the {MAX_DRAFT_BYTES} bytes a draft may have",
                    bytes.len()
                ),
            ));
        }
        create_private_dir(&self.dir)?;
        write_replace(&self.path(id), bytes)
    }

    /// Every draft, newest first. Other files in the directory (temporary
    /// files of a save in progress among them) are ignored, and a directory
    /// that does not exist yet holds no drafts.
    pub fn list(&self) -> Result<Vec<DraftInfo>, String> {
        let entries = match fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(cannot("list the drafts in", &self.dir, &e)),
        };
        let mut drafts = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| cannot("list the drafts in", &self.dir, &e))?;
            let Some(id) = entry.file_name().to_str().and_then(|n| self.id_of(n)) else {
                continue;
            };
            // `DirEntry::metadata` does not follow symbolic links: a link
            // planted in the directory is not a draft.
            let Ok(metadata) = entry.metadata() else {
                // Deleted between the listing and now.
                continue;
            };
            if !metadata.is_file() {
                continue;
            }
            drafts.push(DraftInfo {
                modified: metadata.modified().unwrap_or(UNIX_EPOCH),
                path: entry.path(),
                id,
            });
        }
        drafts.sort_by(|a, b| b.modified.cmp(&a.modified).then_with(|| b.id.cmp(&a.id)));
        Ok(drafts)
    }

    /// The draft's text. Refuses anything that is not a regular file, larger
    /// than [`MAX_DRAFT_BYTES`], or not UTF-8.
    pub fn load(&self, id: &DraftId) -> Result<String, String> {
        self.load_with(id, None)
    }

    /// The draft's text, opened with `keys` when the store is sealed.
    pub fn load_with(&self, id: &DraftId, keys: Option<&Keys>) -> Result<String, String> {
        let path = self.path(id);
        let shown = sanitize_line(&path.display().to_string()).into_owned();
        let bounds = super::read::Bounds {
            what: "the draft",
            limit: MAX_DRAFT_BYTES,
            limit_of: "a draft",
            // A link planted among the drafts is not a draft.
            follow_links: false,
        };
        let bytes = super::read::read_bounded_bytes(&path, &bounds)?;
        let bytes = if self.sealed {
            let keys = keys.ok_or_else(|| {
                "it is encrypted: start restless with --identity (or the configuration's identity) to read it".to_string()
            })?;
            let plain = keys.open(&bytes).map_err(|e| format!("{shown}: {e}"))?;
            plain.to_vec()
        } else {
            bytes
        };
        Ok(super::read::utf8(bytes, &shown, &bounds)?)
    }

    /// The start of the draft's text, at most `limit` bytes of it (cut
    /// back to whole characters): what a header needs. A plain draft is
    /// read no further; a sealed one is opened whole (age has no way to
    /// read its start alone), and the rest of its text is wiped.
    pub fn head(
        &self,
        id: &DraftId,
        limit: usize,
        keys: Option<&Keys>,
    ) -> Result<Zeroizing<String>, String> {
        let bytes = if self.sealed {
            Zeroizing::new(self.load_with(id, keys)?.into_bytes())
        } else {
            let bounds = super::read::Bounds {
                what: "the draft",
                limit,
                limit_of: "a draft's start",
                follow_links: false,
            };
            Zeroizing::new(super::read::read_head_bytes(&self.path(id), &bounds)?)
        };
        let mut end = bytes.len().min(limit);
        if let Err(e) = std::str::from_utf8(&bytes[..end]) {
            end = e.valid_up_to();
        }
        let head = std::str::from_utf8(&bytes[..end]).unwrap_or_default();
        Ok(Zeroizing::new(head.to_string()))
    }

    /// Marks the draft `id` as in use by this process for as long as the
    /// returned claim lives (an advisory lock on a hidden file beside it,
    /// released by the system even if the process is killed). `Ok(None)`
    /// when another running screening holds it: a second instance must not
    /// resume, overwrite or delete a draft still being written.
    pub fn claim(&self, id: &DraftId) -> Result<Option<Claim>, String> {
        use rustix::fs::{FlockOperation, flock};
        create_private_dir(&self.dir).map_err(|e| e.to_string())?;
        let path = self
            .dir
            .join(format!("{LOCK_PREFIX}{}{LOCK_SUFFIX}", self.file_of(id)));
        // Read-only is enough for a lock, so one created 0400 under a
        // umask such as 0277 can still be opened next time; a link planted
        // in its place is not followed to create a file elsewhere, and a
        // named pipe in its place does not block the open (for ever: no
        // one writes to it).
        use rustix::fs::{Mode, OFlags};
        let flags =
            OFlags::RDONLY | OFlags::CREATE | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
        let file = rustix::fs::open(&path, flags, Mode::from_raw_mode(super::atomic::FILE_MODE))
            .map(File::from)
            .map_err(|e| cannot("lock the draft", &path, &io::Error::from(e)))?;
        let regular = file.metadata().is_ok_and(|m| m.is_file());
        if !regular {
            return Err(format!(
                "{}: cannot lock the draft: the lock file is not a regular file",
                sanitize_line(&path.display().to_string())
            ));
        }
        match flock(&file, FlockOperation::NonBlockingLockExclusive) {
            Ok(()) => Ok(Some(Claim { _file: file, path })),
            Err(rustix::io::Errno::WOULDBLOCK) => Ok(None),
            Err(e) => Err(cannot("lock the draft", &path, &io::Error::from(e))),
        }
    }

    /// Removes temporary files older than `age` that a killed process or a
    /// power cut left half-way through writing a draft.
    pub fn remove_stale_temporaries(&self, age: std::time::Duration) {
        super::atomic::remove_stale_temporaries(&self.dir, age);
    }

    /// Removes the draft; one that is already gone is not an error.
    pub fn delete(&self, id: &DraftId) -> Result<(), String> {
        let path = self.path(id);
        match fs::remove_file(&path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => {
                Err(cannot("delete the draft", &path, &e))
            }
            _ => Ok(()),
        }
    }
}

/// A draft in use by this process; see [`DraftStore::claim`].
#[derive(Debug)]
pub struct Claim {
    _file: File,
    path: PathBuf,
}

impl Claim {
    /// Gives the draft up, removing the lock file: used once the draft
    /// itself is deleted.
    pub fn release(self) {
        let _ = fs::remove_file(&self.path);
    }
}

fn cannot(what: &str, path: &Path, error: &io::Error) -> String {
    format!(
        "{}: cannot {what}: {}",
        sanitize_line(&path.display().to_string()),
        io_reason(error)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_round_trip_through_file_names() {
        let store = DraftStore::new("/nowhere");
        let ids: Vec<DraftId> = (0..1000).map(|_| store.new_session()).collect();
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len());
        for id in &ids {
            assert_eq!(DraftId::from_file_name(&id.file_name()).as_ref(), Some(id));
        }
    }

    #[test]
    fn ids_cannot_leave_the_directory() {
        for bad in ["", "../x", "a/b", ".", "..", "a b", "é", &"x".repeat(65)] {
            assert_eq!(DraftId::parse(bad), None, "{bad:?}");
        }
        for other in [
            "draft-.toml",
            "draft-x.toml.tmp",
            ".restless-abc.tmp",
            "notes.toml",
        ] {
            assert_eq!(DraftId::from_file_name(other), None, "{other:?}");
        }
    }
}
