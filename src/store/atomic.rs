//! Writing a file so that it is there completely or not at all, never
//! replaces another file by accident, and can be read by its owner only.
//!
//! The bytes go to a temporary file in the target's own directory (a rename
//! is only atomic within one file system), which is synced and then renamed
//! into place. A crash or a full disk therefore leaves either the old state
//! or the new file, never half a result, and the temporary file is removed
//! on every failure.

use std::fmt;
use std::fs::{self, File, Permissions};
use std::io::{self, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{DirBuilderExt, FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::text::sanitize_line;

/// Mode of every file written here: results and drafts are health data.
pub const FILE_MODE: u32 = 0o600;

/// Mode of the directories created here (the XDG base directory
/// specification asks for 0700 too).
pub const DIR_MODE: u32 = 0o700;

/// Temporary files start with a dot so that a listing hides them and the
/// draft store never mistakes one for a draft.
pub(crate) const TEMP_PREFIX: &str = ".restless-";
pub(crate) const TEMP_SUFFIX: &str = ".tmp";

/// Writes `bytes` to `path`, which must not exist yet.
///
/// The check that nothing exists at `path` is made by the rename itself
/// (`renameat2(RENAME_NOREPLACE)`, or `link` where that is missing), so a
/// file that appears while the bytes are being written is not replaced
/// either.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_atomically(path, bytes, false)
}

/// Writes `bytes` to `path`, atomically replacing a file already there. The
/// new file is 0600 whatever the mode of the file it replaces.
///
/// A symbolic link at `path` is replaced by the file; what it pointed to is
/// left alone.
pub fn write_replace(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_atomically(path, bytes, true)
}

fn write_atomically(path: &Path, bytes: &[u8], replace: bool) -> Result<(), WriteError> {
    let dir = directory_of(path)?;
    check_target(path, replace)?;
    write_and_rename(path, dir, bytes, replace)
}

/// A file written completely and synced under a temporary name beside its
/// target, not yet in place. Dropping it removes the temporary file.
pub struct Prepared {
    temp: tempfile::NamedTempFile,
    path: PathBuf,
    replace: bool,
}

/// Writes several files all or nothing: every one is first written and
/// synced under a temporary name, and only when all of them are ready are
/// they renamed into place. A full disk, a missing folder or a refused
/// permission therefore leaves no file at all. If a rename still fails
/// (another program made a file of that name meanwhile), the files this
/// call put in place are removed again; with `replace`, files it replaced
/// cannot be brought back.
pub fn write_all(files: &[(PathBuf, Vec<u8>)], replace: bool) -> Result<(), WriteError> {
    let mut prepared = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        prepared.push(prepare(path, bytes, replace)?);
    }
    let mut placed: Vec<PathBuf> = Vec::new();
    for file in prepared {
        let path = file.path.clone();
        let existed = fs::symlink_metadata(&path).is_ok();
        if let Err(e) = file.commit() {
            for done in &placed {
                let _ = fs::remove_file(done);
            }
            return Err(e);
        }
        if !existed {
            placed.push(path);
        }
    }
    Ok(())
}

/// The first half of a write: checks the target and writes the bytes to a
/// synced temporary file beside it.
pub fn prepare(path: &Path, bytes: &[u8], replace: bool) -> Result<Prepared, WriteError> {
    let dir = directory_of(path)?;
    check_target(path, replace)?;
    Ok(Prepared {
        temp: write_temp(path, dir, bytes)?,
        path: path.to_path_buf(),
        replace,
    })
}

impl Prepared {
    /// The second half: the rename into place (never over an existing file
    /// unless replacing was asked for), made durable.
    pub fn commit(self) -> Result<(), WriteError> {
        let dir = directory_of(&self.path)?.to_path_buf();
        persist(self.temp, &self.path, &dir, self.replace)
    }
}

/// The part that guarantees atomicity and no-clobber on its own, whatever
/// happened to the target since [`check_target`] looked at it.
fn write_and_rename(
    path: &Path,
    dir: &Path,
    bytes: &[u8],
    replace: bool,
) -> Result<(), WriteError> {
    let temp = write_temp(path, dir, bytes)?;
    persist(temp, path, dir, replace)
}

/// Like [`write_new`] (or [`write_replace`] with `replace`), for output
/// made piece by piece: `fill` writes into the temporary file through a
/// buffer, so the whole output is never held in memory. The file is put
/// in place only if `fill` succeeds and says to keep it (`Ok(true)`);
/// otherwise the temporary file is removed and nothing is written.
/// Returns whether the file was put in place.
pub fn write_streamed(
    path: &Path,
    replace: bool,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<bool>,
) -> Result<bool, WriteError> {
    write_streamed_syncing_every(path, replace, SYNC_EVERY, fill)
}

/// Bytes of a streamed file after which what was written is synced while
/// the rest is still being made.
const SYNC_EVERY: u64 = 8 * 1024 * 1024;

fn write_streamed_syncing_every(
    path: &Path,
    replace: bool,
    every: u64,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<bool>,
) -> Result<bool, WriteError> {
    let fail = |error: io::Error| WriteError::from_io(path, &error);
    let dir = directory_of(path)?;
    check_target(path, replace)?;
    let mut temp = create_temp(path, dir)?;
    let keep = {
        let mut syncing = SyncingAsItGoes::new(temp.as_file_mut(), every);
        let keep = {
            let mut buffered = io::BufWriter::new(&mut syncing);
            let keep = fill(&mut buffered).map_err(fail)?;
            buffered.flush().map_err(fail)?;
            keep
        };
        syncing.finish().map_err(fail)?;
        keep
    };
    if !keep {
        return Ok(false);
    }
    temp.as_file().sync_all().map_err(fail)?;
    persist(temp, path, dir, replace)?;
    Ok(true)
}

/// A file written as a stream whose data goes to the disk as it is made:
/// after every `every` bytes, a thread of its own syncs what has been
/// written, so that the sync before the rename waits for the last part
/// only, not for the whole output (160 MB of results took longer to sync
/// at the end than to score). Writing never waits for these syncs: one
/// asked while another runs is left to the next. Their first failure is
/// returned by [`finish`](Self::finish), as Linux reports a failed
/// write-back to one sync only.
struct SyncingAsItGoes<'a> {
    file: &'a mut File,
    every: u64,
    since_asked: u64,
    syncer: Option<Syncer>,
}

struct Syncer {
    ask: std::sync::mpsc::SyncSender<()>,
    done: std::thread::JoinHandle<io::Result<()>>,
}

impl<'a> SyncingAsItGoes<'a> {
    fn new(file: &'a mut File, every: u64) -> Self {
        SyncingAsItGoes {
            file,
            every,
            since_asked: 0,
            syncer: None,
        }
    }

    fn ask_for_a_sync(&mut self) {
        if self.syncer.is_none() {
            match self.start_syncer() {
                Some(syncer) => self.syncer = Some(syncer),
                // Without a thread the file is still synced once, at the end.
                None => self.every = u64::MAX,
            }
        }
        if let Some(syncer) = &self.syncer {
            let _ = syncer.ask.try_send(());
        }
    }

    fn start_syncer(&self) -> Option<Syncer> {
        let file = self.file.try_clone().ok()?;
        let (ask, asked) = std::sync::mpsc::sync_channel::<()>(1);
        let done = std::thread::Builder::new()
            .name("restless-sync".into())
            .spawn(move || {
                let mut first_failure = Ok(());
                for () in asked {
                    if let (Err(e), Ok(())) = (file.sync_data(), &first_failure) {
                        first_failure = Err(e);
                    }
                }
                first_failure
            })
            .ok()?;
        Some(Syncer { ask, done })
    }

    /// Waits for the syncs asked for, and returns the first that failed.
    fn finish(self) -> io::Result<()> {
        let Some(Syncer { ask, done }) = self.syncer else {
            return Ok(());
        };
        drop(ask);
        done.join()
            .unwrap_or_else(|_| Err(io::Error::other("the thread syncing the file stopped")))
    }
}

impl Write for SyncingAsItGoes<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let written = self.file.write(bytes)?;
        self.since_asked += written as u64;
        if self.since_asked >= self.every {
            self.since_asked = 0;
            self.ask_for_a_sync();
        }
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// The bytes in a synced temporary file in `dir`, mode 0600.
fn write_temp(
    path: &Path,
    dir: &Path,
    bytes: &[u8],
) -> Result<tempfile::NamedTempFile, WriteError> {
    let fail = |error: io::Error| WriteError::from_io(path, &error);
    let mut temp = create_temp(path, dir)?;
    temp.write_all(bytes).map_err(fail)?;
    temp.flush().map_err(fail)?;
    // Without this, a crash soon after the rename can leave an empty file
    // under the final name on file systems that delay allocation.
    temp.as_file().sync_all().map_err(fail)?;
    Ok(temp)
}

/// An empty temporary file in `dir`, mode 0600.
fn create_temp(path: &Path, dir: &Path) -> Result<tempfile::NamedTempFile, WriteError> {
    let fail = |error: io::Error| WriteError::from_io(path, &error);
    let temp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .permissions(Permissions::from_mode(FILE_MODE))
        .tempfile_in(dir)
        .map_err(fail)?;
    // The mode given at creation is filtered by the umask; setting it on the
    // open descriptor makes it exactly 0600 (a umask of 0277 would otherwise
    // leave a file its owner cannot write).
    temp.as_file()
        .set_permissions(Permissions::from_mode(FILE_MODE))
        .map_err(fail)?;
    Ok(temp)
}

/// Renames the temporary file into place and makes the rename durable.
fn persist(
    temp: tempfile::NamedTempFile,
    path: &Path,
    dir: &Path,
    replace: bool,
) -> Result<(), WriteError> {
    let fail = |error: io::Error| WriteError::from_io(path, &error);
    // On failure `PersistError` still owns the temporary file and deletes it
    // when dropped here.
    let persisted = if replace {
        temp.persist(path)
    } else {
        temp.persist_noclobber(path)
    };
    persisted.map_err(|e| fail(e.error))?;
    sync_directory(dir).map_err(fail)
}

/// The directory the temporary file goes in: the target's own.
fn directory_of(path: &Path) -> Result<&Path, WriteError> {
    // `Path::file_name` ignores a trailing slash, but someone who typed
    // `out/` meant a directory and must not get a file called `out`.
    let names_directory = path.as_os_str().as_bytes().ends_with(b"/");
    match (path.file_name(), names_directory) {
        (Some(_), false) => Ok(match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        }),
        _ => Err(WriteError::new(
            path,
            WriteErrorKind::IsADirectory,
            "the path names a directory, not a file",
        )),
    }
}

/// Refuses early what the rename would refuse late (after writing every
/// byte), and what it would wrongly accept: replacing a device node or a
/// pipe with a regular file would break whatever uses it (think of
/// `/dev/null`), and writing into one would not be atomic. This check is
/// advisory; the rename is what guarantees no-clobber for `write_new`.
fn check_target(path: &Path, replace: bool) -> Result<(), WriteError> {
    let metadata = match fs::symlink_metadata(path) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(WriteError::from_io(path, &e)),
    };
    let file_type = metadata.file_type();
    if file_type.is_dir() {
        return Err(WriteError::new(
            path,
            WriteErrorKind::IsADirectory,
            "it is a directory",
        ));
    }
    if !file_type.is_file() && !file_type.is_symlink() {
        return Err(WriteError::new(
            path,
            WriteErrorKind::NotARegularFile,
            format!(
                "it is {}, not a regular file; choose a file name",
                special(file_type)
            ),
        ));
    }
    // A link to a device (`/dev/stdout`), a pipe or a folder is never
    // replaced, even when replacing was asked for: whatever uses the link
    // would find a private file of health data in its place. A dangling
    // link points at nothing to protect.
    let target = file_type
        .is_symlink()
        .then(|| fs::metadata(path).ok().map(|m| m.file_type()))
        .flatten();
    if let Some(target) = target.filter(|t| !t.is_file()) {
        let what = if target.is_dir() {
            "a directory"
        } else {
            special(target)
        };
        return Err(WriteError::new(
            path,
            WriteErrorKind::NotARegularFile,
            format!("it is a symbolic link to {what}, not to a regular file; choose a file name"),
        ));
    }
    if !replace {
        return Err(WriteError::new(path, WriteErrorKind::AlreadyExists, ""));
    }
    Ok(())
}

/// What a file that is neither regular nor a directory is, for a message.
fn special(file_type: fs::FileType) -> &'static str {
    if file_type.is_char_device() || file_type.is_block_device() {
        "a device"
    } else if file_type.is_fifo() {
        "a named pipe"
    } else if file_type.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

/// Removes temporary files older than `age` that a killed process or a
/// power cut left in `dir` half-way through a write: they hold health data
/// and nothing else would ever remove them. Younger ones may belong to a
/// write under way in another process.
pub fn remove_stale_temporaries(dir: &Path, age: std::time::Duration) {
    use rustix::fs::{CWD, Mode, OFlags, RawDir};
    let Ok(fd) = rustix::fs::openat(
        CWD,
        dir,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
        Mode::empty(),
    ) else {
        return;
    };
    // The names are read where the system put them, without a copy of
    // each: a results folder holds thousands of results, and this runs
    // before the first frame. An entry takes under 300 bytes.
    let mut names = Vec::with_capacity(32 * 1024);
    let mut entries = RawDir::new(fd, names.spare_capacity_mut());
    let me = rustix::process::geteuid().as_raw();
    while let Some(Ok(entry)) = entries.next() {
        let name = entry.file_name().to_bytes();
        if !(name.starts_with(TEMP_PREFIX.as_bytes()) && name.ends_with(TEMP_SUFFIX.as_bytes())) {
            continue;
        }
        let path = dir.join(std::ffi::OsStr::from_bytes(name));
        // Links are not followed: only files are ours, and only our own (a
        // shared results folder may hold another user's save under way).
        let old = fs::symlink_metadata(&path)
            .ok()
            .filter(|m| m.is_file() && std::os::unix::fs::MetadataExt::uid(m) == me)
            .and_then(|m| m.modified().ok())
            .and_then(|modified| modified.elapsed().ok())
            .is_some_and(|elapsed| elapsed > age);
        if old {
            let _ = fs::remove_file(&path);
        }
    }
}

/// Makes the rename itself durable.
fn sync_directory(dir: &Path) -> io::Result<()> {
    // A directory we could write into but not open for reading (mode -wx),
    // or a file system that cannot sync directories, costs only durability
    // across a power cut: the file is complete and in place, so reporting a
    // failure would make the caller think nothing was saved.
    let Ok(handle) = File::open(dir) else {
        return Ok(());
    };
    match handle.sync_all() {
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::InvalidInput | io::ErrorKind::Unsupported
            ) =>
        {
            Ok(())
        }
        other => other,
    }
}

/// Creates `path` and its missing parents with mode 0700, and makes `path`
/// itself 0700 if it already existed: it holds files nobody else should
/// list. Parents that already existed are left as they are.
pub fn create_private_dir(path: &Path) -> Result<(), WriteError> {
    let fail = |error: io::Error| WriteError::from_io(path, &error).creating_directory();
    let not_a_directory = || {
        WriteError::new(
            path,
            WriteErrorKind::NoSuchDirectory,
            "something that is not a directory is in its place",
        )
        .creating_directory()
    };
    let missing: Vec<&Path> = path
        .ancestors()
        .filter(|p| !p.as_os_str().is_empty())
        .take_while(|p| fs::metadata(p).is_err_and(|e| e.kind() == io::ErrorKind::NotFound))
        .collect();
    // One level at a time, each set to exactly 0700 before the next: the
    // umask filters the mode given to mkdir, and with a umask such as 0277
    // a recursive mkdir makes parents their owner cannot create anything in.
    for dir in missing.iter().rev() {
        match fs::DirBuilder::new().mode(DIR_MODE).create(dir) {
            // Another process (a second screening) may have just made it.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && dir.is_dir() => continue,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Err(not_a_directory()),
            other => other.map_err(fail)?,
        }
        make_private(dir)?;
    }
    make_private(path)
}

/// Makes the folder at `path` 0700 through a handle opened without
/// following a symbolic link, after checking that this user owns it: a
/// link planted in its place would otherwise have its target's mode
/// changed (a shared 1777 folder losing its sticky bit) and receive the
/// private files, and a folder someone else owns is not private whatever
/// its mode.
fn make_private(path: &Path) -> Result<(), WriteError> {
    use rustix::fs::{Mode, OFlags};
    let refuse = |kind, reason: &str| WriteError::new(path, kind, reason).creating_directory();
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    let handle = match rustix::fs::open(path, flags, Mode::empty()) {
        Ok(handle) => handle,
        // Which of the two a link gives depends on the system; a file in a
        // parent's place gives the second too.
        Err(e @ (rustix::io::Errno::LOOP | rustix::io::Errno::NOTDIR)) => {
            return Err(match fs::symlink_metadata(path) {
                Ok(m) if m.file_type().is_symlink() => refuse(
                    WriteErrorKind::NoSuchDirectory,
                    "it is a symbolic link; a private folder must be a real folder",
                ),
                Ok(_) => refuse(
                    WriteErrorKind::NoSuchDirectory,
                    "something that is not a directory is in its place",
                ),
                Err(_) => WriteError::from_io(path, &io::Error::from(e)).creating_directory(),
            });
        }
        Err(e) => {
            return Err(WriteError::from_io(path, &io::Error::from(e)).creating_directory());
        }
    };
    let fail =
        |e: rustix::io::Errno| WriteError::from_io(path, &io::Error::from(e)).creating_directory();
    let stat = rustix::fs::fstat(&handle).map_err(fail)?;
    if stat.st_uid != rustix::process::geteuid().as_raw() {
        return Err(refuse(
            WriteErrorKind::PermissionDenied,
            "it belongs to another user, so it is not private",
        ));
    }
    if stat.st_mode & 0o7777 != DIR_MODE {
        rustix::fs::fchmod(&handle, Mode::from_raw_mode(DIR_MODE)).map_err(fail)?;
    }
    Ok(())
}

/// What went wrong, for an interface that reacts differently (offering to
/// overwrite, or to choose another folder).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteErrorKind {
    /// Something is already at the path and replacing was not asked for.
    AlreadyExists,
    /// The directory to write in does not exist (or a part of the path is
    /// a file).
    NoSuchDirectory,
    PermissionDenied,
    /// ENOSPC: the file system is full.
    NoSpace,
    /// EROFS.
    ReadOnly,
    /// The path is, or names, a directory.
    IsADirectory,
    /// The path is a device, pipe or socket, which is never replaced.
    NotARegularFile,
    /// Any other I/O error; the message has the system's reason.
    Other,
}

/// A file could not be written. Its `Display` is a complete, lower-case
/// message naming the path and the reason, safe to show in a terminal.
#[derive(Debug)]
pub struct WriteError {
    kind: WriteErrorKind,
    path: PathBuf,
    reason: String,
    hint: Option<String>,
    directory: bool,
}

impl WriteError {
    pub(crate) fn new(path: &Path, kind: WriteErrorKind, reason: impl Into<String>) -> Self {
        WriteError {
            kind,
            path: path.to_path_buf(),
            reason: reason.into(),
            hint: None,
            directory: false,
        }
    }

    fn from_io(path: &Path, error: &io::Error) -> Self {
        use io::ErrorKind as E;
        let kind = match error.kind() {
            E::AlreadyExists => WriteErrorKind::AlreadyExists,
            E::NotFound | E::NotADirectory => WriteErrorKind::NoSuchDirectory,
            E::PermissionDenied => WriteErrorKind::PermissionDenied,
            E::StorageFull => WriteErrorKind::NoSpace,
            E::ReadOnlyFilesystem => WriteErrorKind::ReadOnly,
            E::IsADirectory => WriteErrorKind::IsADirectory,
            _ => WriteErrorKind::Other,
        };
        let reason = match error.kind() {
            E::NotFound => {
                let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
                match dir {
                    Some(dir) => format!(
                        "the directory {} does not exist",
                        sanitize_line(&dir.display().to_string())
                    ),
                    None => "the current directory no longer exists".to_string(),
                }
            }
            E::NotADirectory => "a part of the path is a file, not a directory".to_string(),
            E::PermissionDenied => "permission denied".to_string(),
            E::StorageFull => "no space left on the device".to_string(),
            E::ReadOnlyFilesystem => "the file system is read-only".to_string(),
            E::IsADirectory => "it is a directory".to_string(),
            _ => io_reason(error),
        };
        WriteError::new(path, kind, reason)
    }

    fn creating_directory(mut self) -> Self {
        self.directory = true;
        self
    }

    /// Replaces the advice given when the file already exists ("choose
    /// another name" by default), or adds advice to any other error, for
    /// example `"choose another name or pass --force"`.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn kind(&self) -> WriteErrorKind {
        self.kind
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = sanitize_line(&self.path.display().to_string()).into_owned();
        if self.kind == WriteErrorKind::AlreadyExists {
            let advice = self.hint.as_deref().unwrap_or("choose another name");
            return write!(f, "{path} already exists; {}", sanitize_line(advice));
        }
        let action = if self.directory {
            "cannot create the directory"
        } else {
            "cannot write"
        };
        write!(f, "{action} {path}: {}", self.reason)?;
        if let Some(hint) = &self.hint {
            write!(f, "; {}", sanitize_line(hint))?;
        }
        Ok(())
    }
}

impl std::error::Error for WriteError {}

/// The system's reason for an I/O error in lower case, without the
/// "(os error N)" that means nothing to the person reading it.
pub fn io_reason(error: &io::Error) -> String {
    let text = error.to_string();
    let text = match text.rfind(" (os error ") {
        Some(at) => &text[..at],
        None => text.as_str(),
    };
    let mut chars = text.chars();
    let reason = match chars.next() {
        // "No such device" but keep acronyms such as "EOF" intact.
        Some(first) if chars.clone().next().is_some_and(char::is_lowercase) => {
            first.to_lowercase().chain(chars).collect()
        }
        _ => text.to_string(),
    };
    sanitize_line(&reason).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_reason_drops_the_error_number_and_capital() {
        let error = io::Error::from_raw_os_error(28);
        assert_eq!(io_reason(&error), "no space left on device");
        let custom = io::Error::other("EOF while reading");
        assert_eq!(io_reason(&custom), "EOF while reading");
    }

    #[test]
    fn a_trailing_slash_names_a_directory() {
        let error = directory_of(Path::new("out/")).unwrap_err();
        assert_eq!(error.kind(), WriteErrorKind::IsADirectory);
        assert_eq!(directory_of(Path::new("out")).unwrap(), Path::new("."));
        assert_eq!(directory_of(Path::new("a/out")).unwrap(), Path::new("a"));
        assert!(directory_of(Path::new("/")).is_err());
        assert!(directory_of(Path::new("a/..")).is_err());
    }

    /// `write_new`'s early check hides the rename's own refusal from the
    /// integration tests; this is what stops a file that appears while the
    /// bytes are being written.
    #[test]
    fn the_rename_itself_never_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("result.toml");
        fs::write(&path, "original").unwrap();
        let error = write_and_rename(&path, dir.path(), b"new", false).unwrap_err();
        assert_eq!(error.kind(), WriteErrorKind::AlreadyExists);
        assert_eq!(fs::read_to_string(&path).unwrap(), "original");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["result.toml"]);

        write_and_rename(&path, dir.path(), b"new", true).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
    }

    #[test]
    fn a_file_synced_as_it_is_streamed_holds_every_byte() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("results.json");
        let pieces: Vec<String> = (0..300).map(|n| format!("{n:0>999}\n")).collect();
        let kept = write_streamed_syncing_every(&path, false, 4096, |out| {
            for piece in &pieces {
                out.write_all(piece.as_bytes())?;
            }
            Ok(true)
        })
        .unwrap();
        assert!(kept);
        assert_eq!(fs::read_to_string(&path).unwrap(), pieces.concat());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn syncs_start_once_enough_is_written_and_all_end_before_the_file_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let mut file = File::create(dir.path().join("out")).unwrap();
        let mut syncing = SyncingAsItGoes::new(&mut file, 1024);
        syncing.write_all(&[b'x'; 1000]).unwrap();
        assert!(syncing.syncer.is_none(), "no sync before 1024 bytes");
        for _ in 0..20 {
            syncing.write_all(&[b'x'; 1000]).unwrap();
        }
        assert!(syncing.syncer.is_some());
        syncing.finish().unwrap();
        assert_eq!(file.metadata().unwrap().len(), 21_000);
    }

    #[test]
    fn a_stream_that_fails_after_syncs_began_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("results.json");
        let error = write_streamed_syncing_every(&path, false, 1024, |out| {
            out.write_all(&[b'x'; 10_000])?;
            Err(io::Error::other("a file could not be scored"))
        })
        .unwrap_err();
        assert!(
            error.to_string().contains("a file could not be scored"),
            "{error}"
        );
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn hints_are_shown_after_the_reason() {
        let error = WriteError::new(Path::new("r.toml"), WriteErrorKind::AlreadyExists, "");
        assert_eq!(
            error.to_string(),
            "r.toml already exists; choose another name"
        );
        let error = error.with_hint("choose another name or pass --force");
        assert_eq!(
            error.to_string(),
            "r.toml already exists; choose another name or pass --force"
        );
        let error = WriteError::from_io(Path::new("r.toml"), &io::Error::from_raw_os_error(13))
            .with_hint("choose another folder");
        assert_eq!(
            error.to_string(),
            "cannot write r.toml: permission denied; choose another folder"
        );
    }
}
