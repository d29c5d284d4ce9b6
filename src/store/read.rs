//! Reading a text file the program was given, without letting the file
//! decide how much memory or time that costs.
//!
//! Every loader (questionnaires, answers files, saved results, the
//! configuration, drafts) reads through [`read_bounded`]: the file is
//! opened without blocking (a named pipe with no writer would otherwise
//! hang the open), checked to be a regular file on the opened handle (so it
//! cannot be swapped after the check), and read up to one byte past the
//! limit, since the size a device or a growing file reports means nothing.

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

use super::atomic::io_reason;
use crate::text::sanitize_line;

/// Whether `path` is `-`, standard input (or standard output, for an
/// output). A file of that name is still reachable as `./-`.
pub fn is_dash(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The name `path` is given in messages: [`STDIN_NAME`] for `-`.
pub fn input_name(path: &Path) -> String {
    if is_dash(path) {
        STDIN_NAME.to_string()
    } else {
        path.display().to_string()
    }
}

/// Reads a text file the person named for one of the loaders, refusing
/// what cannot be a sensible input before it costs memory or hangs:
/// directories, devices, named pipes, files over `limit` bytes, and text
/// that is not UTF-8. `limit_of` says what the limit is for.
pub fn read_text(path: &Path, limit: usize, limit_of: &str) -> Result<String, String> {
    let bounds = Bounds {
        what: "the file",
        limit,
        limit_of,
        follow_links: true,
    };
    Ok(read_bounded(path, &bounds)?)
}

/// What is being read, for the messages, and how much of it is allowed.
#[derive(Debug, Clone, Copy)]
pub struct Bounds<'a> {
    /// How the file is named in messages: "the file", "the draft".
    pub what: &'a str,
    /// Most bytes accepted.
    pub limit: usize,
    /// What the limit is for: "a questionnaire", "a draft".
    pub limit_of: &'a str,
    /// Whether a symbolic link is followed. Files the person names are;
    /// files the program finds in its own folders are not, so a link
    /// planted there cannot make it read something else.
    pub follow_links: bool,
}

/// Why a file was not read; the message is ready to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub kind: ReadErrorKind,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadErrorKind {
    NotFound,
    NotRegular,
    TooLarge,
    NotUtf8,
    Other,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<ReadError> for String {
    fn from(error: ReadError) -> Self {
        error.message
    }
}

/// Reads `path` as UTF-8 text within `bounds`.
pub fn read_bounded(path: &Path, bounds: &Bounds<'_>) -> Result<String, ReadError> {
    let shown = sanitize_line(&path.display().to_string()).into_owned();
    utf8(read_bounded_bytes(path, bounds)?, &shown, bounds)
}

/// Reads `path` as bytes within `bounds` (an encrypted file is not text
/// until it is opened).
pub fn read_bounded_bytes(path: &Path, bounds: &Bounds<'_>) -> Result<Vec<u8>, ReadError> {
    let shown = sanitize_line(&path.display().to_string()).into_owned();
    let (file, length) = open_regular(path, bounds, &shown)?;
    read_limited(file, length, &shown, bounds)
}

/// The first `bounds.limit` bytes of `path` at most, whatever its length:
/// what a header needs, without reading the rest. The same files as
/// [`read_bounded_bytes`] are refused.
pub fn read_head_bytes(path: &Path, bounds: &Bounds<'_>) -> Result<Vec<u8>, ReadError> {
    let shown = sanitize_line(&path.display().to_string()).into_owned();
    let (file, _) = open_regular(path, bounds, &shown)?;
    let mut bytes = Vec::with_capacity(bounds.limit);
    file.take(bounds.limit as u64)
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError {
            kind: ReadErrorKind::Other,
            message: format!("{shown}: cannot read: {}", io_reason(&e)),
        })?;
    Ok(bytes)
}

/// Opens `path` for reading if it is a regular file (checked on the
/// opened handle), or says what it is instead; with the length the file
/// has now.
fn open_regular(path: &Path, bounds: &Bounds<'_>, shown: &str) -> Result<(File, u64), ReadError> {
    let fail = |kind, message: String| ReadError {
        kind,
        message: format!("{shown}: {message}"),
    };
    let file = open(path, bounds.follow_links).map_err(|e| {
        if e.kind() == io::ErrorKind::NotFound {
            fail(
                ReadErrorKind::NotFound,
                format!("cannot read: {}", io_reason(&e)),
            )
        } else if e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) {
            fail(
                ReadErrorKind::NotRegular,
                "is a symbolic link, not a regular file".to_string(),
            )
        } else {
            fail(
                ReadErrorKind::Other,
                format!("cannot read: {}", io_reason(&e)),
            )
        }
    })?;
    let metadata = file.metadata().map_err(|e| {
        fail(
            ReadErrorKind::Other,
            format!("cannot read: {}", io_reason(&e)),
        )
    })?;
    let file_type = metadata.file_type();
    if file_type.is_dir() {
        return Err(fail(
            ReadErrorKind::NotRegular,
            "is a directory, not a file".to_string(),
        ));
    }
    if !file_type.is_file() {
        let kind = if file_type.is_char_device() || file_type.is_block_device() {
            "a device"
        } else if file_type.is_fifo() {
            "a named pipe"
        } else if file_type.is_socket() {
            "a socket"
        } else {
            "a special file"
        };
        return Err(fail(
            ReadErrorKind::NotRegular,
            format!("is {kind}, not a regular file"),
        ));
    }
    Ok((file, metadata.len()))
}

/// The name standard input is given in messages, `FILE:LINE:COL` included.
pub const STDIN_NAME: &str = "<stdin>";

/// Reads standard input as UTF-8 text within the limits of [`read_text`]:
/// the same size limit, checked while reading (whatever is piped in), and
/// the same UTF-8 check. A terminal is refused: nothing was piped or
/// redirected, and waiting for typed input would look like a hang.
pub fn read_stdin_text(limit: usize, limit_of: &str) -> Result<String, String> {
    use std::io::IsTerminal;
    let stdin = io::stdin();
    if stdin.is_terminal() {
        return Err(format!(
            "{STDIN_NAME}: is a terminal; pipe or redirect the file (`restless score - < answers.toml`)"
        ));
    }
    let bounds = Bounds {
        what: "the input",
        limit,
        limit_of,
        follow_links: true,
    };
    let bytes = read_limited(stdin.lock(), 0, STDIN_NAME, &bounds)?;
    Ok(utf8(bytes, STDIN_NAME, &bounds)?)
}

/// Reads `reader` up to one byte past the limit, so that a source larger
/// than the limit is refused without being read whole. `length` is what
/// the source says it holds (0 if unknown): room for it and the end is
/// made at once, where growing from nothing took eight reads for an
/// answers file of 2 KB. It is only a hint: the limit still decides.
fn read_limited(
    reader: impl Read,
    length: u64,
    shown: &str,
    bounds: &Bounds<'_>,
) -> Result<Vec<u8>, ReadError> {
    let fail = |kind, message: String| ReadError {
        kind,
        message: format!("{shown}: {message}"),
    };
    let room = usize::try_from(length).map_or(bounds.limit, |length| length.min(bounds.limit));
    let mut bytes = Vec::with_capacity(room.saturating_add(1));
    reader
        .take(bounds.limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            fail(
                ReadErrorKind::Other,
                format!("cannot read: {}", io_reason(&e)),
            )
        })?;
    if bytes.len() > bounds.limit {
        return Err(fail(
            ReadErrorKind::TooLarge,
            format!(
                "{} is larger than {} bytes, the limit for {}",
                bounds.what, bounds.limit, bounds.limit_of
            ),
        ));
    }
    Ok(bytes)
}

/// `bytes` as text, or where the first byte that is not UTF-8 is.
pub(crate) fn utf8(bytes: Vec<u8>, shown: &str, bounds: &Bounds<'_>) -> Result<String, ReadError> {
    String::from_utf8(bytes).map_err(|e| {
        let at = crate::diag::utf8_error_at(&e);
        ReadError {
            kind: ReadErrorKind::NotUtf8,
            message: format!(
                "{shown}:{}:{}: {} is not UTF-8 text (invalid byte here)",
                at.line, at.col, bounds.what
            ),
        }
    })
}

fn open(path: &Path, follow_links: bool) -> io::Result<File> {
    use rustix::fs::OFlags;
    // Non-blocking so that opening a named pipe returns at once; the file
    // type is checked before any read. No controlling terminal is taken
    // from a terminal device named as input.
    let mut flags = OFlags::NONBLOCK | OFlags::NOCTTY;
    if !follow_links {
        flags |= OFlags::NOFOLLOW;
    }
    // The flag bits are small positive constants; they fit an i32.
    let bits = i32::try_from(flags.bits()).unwrap_or(0);
    OpenOptions::new().read(true).custom_flags(bits).open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bounds(limit: usize) -> Bounds<'static> {
        Bounds {
            what: "the file",
            limit,
            limit_of: "a test",
            follow_links: true,
        }
    }

    #[test]
    fn regular_files_within_the_limit_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, "abc").unwrap();
        assert_eq!(read_bounded(&path, &bounds(3)).unwrap(), "abc");
        let error = read_bounded(&path, &bounds(2)).unwrap_err();
        assert_eq!(error.kind, ReadErrorKind::TooLarge);
        assert!(
            error
                .message
                .ends_with("the file is larger than 2 bytes, the limit for a test")
        );
    }

    #[test]
    fn devices_and_pipes_are_refused_without_reading() {
        let started = std::time::Instant::now();
        for device in ["/dev/zero", "/dev/urandom", "/dev/null"] {
            let error = read_bounded(Path::new(device), &bounds(1 << 20)).unwrap_err();
            assert_eq!(
                error.message,
                format!("{device}: is a device, not a regular file")
            );
        }
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        rustix::fs::mkfifoat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::Mode::RUSR | rustix::fs::Mode::WUSR,
        )
        .unwrap();
        let error = read_bounded(&fifo, &bounds(1 << 20)).unwrap_err();
        assert!(
            error
                .message
                .ends_with("is a named pipe, not a regular file"),
            "{error}"
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }

    #[test]
    fn links_are_refused_when_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target");
        std::fs::write(&target, "x").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert_eq!(read_bounded(&link, &bounds(10)).unwrap(), "x");
        let refused = Bounds {
            follow_links: false,
            ..bounds(10)
        };
        let error = read_bounded(&link, &refused).unwrap_err();
        assert!(
            error
                .message
                .ends_with("is a symbolic link, not a regular file"),
            "{error}"
        );
    }
}
