//! The headless commands, `validate`, `template`, `score`, `completions`,
//! `man` and `set-pin`: no terminal,
//! output to the writers passed in, so that each is tested as data.

pub mod docs;
pub mod score;
pub mod set_pin;
pub mod template;
pub mod validate;

use std::io::{self, Write};
use std::path::PathBuf;

use crate::status::Status;
use crate::store::{io_reason, is_dash};

pub(crate) fn write_out(out: &mut dyn Write, err: &mut dyn Write, text: &str) -> Status {
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Status::Success,
        // A closed pipe (`restless template | head`) is not worth a message.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Status::Success,
        Err(e) => {
            let _ = writeln!(err, "restless: cannot write the output: {}", io_reason(&e));
            Status::Io
        }
    }
}

/// Standard input can be read once: `-` given twice is a usage error, not
/// a second, empty file.
pub(crate) fn stdin_at_most_once(files: &[PathBuf], err: &mut dyn Write) -> Result<(), Status> {
    if files.iter().filter(|path| is_dash(path)).count() > 1 {
        let _ = writeln!(
            err,
            "restless: `-` (standard input) is given more than once; it can be read only once"
        );
        return Err(Status::Usage);
    }
    Ok(())
}
