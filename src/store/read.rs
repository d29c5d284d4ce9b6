//! Bounded reads of the files a person names or the program keeps.

use std::path::Path;

use super::atomic::io_reason;
use crate::text::sanitize_line;

/// Reads a text file for one of the loaders, refusing what cannot be a
/// sensible input before it costs memory: directories, files over `limit`
/// bytes, and text that is not UTF-8.
pub fn read_text(path: &Path, limit: usize) -> Result<String, String> {
    let shown = sanitize_line(&path.display().to_string()).into_owned();
    let metadata =
        std::fs::metadata(path).map_err(|e| format!("{shown}: cannot read: {}", io_reason(&e)))?;
    if metadata.is_dir() {
        return Err(format!("{shown}: is a directory, not a file"));
    }
    if metadata.len() > limit as u64 {
        return Err(format!(
            "{shown}: the file is {} bytes; the limit is {limit} bytes",
            metadata.len()
        ));
    }
    let bytes =
        std::fs::read(path).map_err(|e| format!("{shown}: cannot read: {}", io_reason(&e)))?;
    // A special file can grow between the size check and the read.
    if bytes.len() > limit {
        return Err(format!(
            "{shown}: the file is larger than the limit of {limit} bytes"
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = crate::diag::utf8_error_at(&e);
        format!(
            "{shown}:{}:{}: the file is not UTF-8 text (invalid byte here)",
            at.line, at.col
        )
    })
}
