//! The headless commands, `validate`, `template`, `score` and `set-pin`: no terminal,
//! output to the writers passed in, so that each is tested as data.

pub mod score;
pub mod set_pin;
pub mod template;
pub mod validate;

use std::io::{self, Write};

use crate::status::Status;
use crate::store::io_reason;

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
