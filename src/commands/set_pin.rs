//! `restless set-pin`: asks for a clinician PIN twice and keeps only its
//! salted, slow hash in the configuration folder (0600). From then on the
//! lock screen, and opening a draft, need the PIN.
//!
//! Typed at a terminal, the PIN is not echoed; piped in (`printf '…\n…\n'
//! | restless set-pin`), it is read as two lines.

use std::io::{self, BufRead, IsTerminal, Write};

use zeroize::Zeroizing;

use crate::screening::pin::{MIN_PIN_CHARS, save_pin};
use crate::status::Status;
use crate::store::Dirs;

/// The longest PIN taken; a PIN is typed at every unlock.
const MAX_PIN_CHARS: usize = 200;

pub fn run(out: &mut dyn Write, err: &mut dyn Write) -> Status {
    let stdin = io::stdin();
    let _quiet = stdin.is_terminal().then(NoEcho::start).flatten();
    let mut input = stdin.lock();
    let Some(pin) = ask(&mut input, err, "New clinician PIN: ") else {
        let _ = writeln!(err, "restless: no PIN was given; nothing changed");
        return Status::BadInput;
    };
    let count = pin.chars().count();
    if !(MIN_PIN_CHARS..=MAX_PIN_CHARS).contains(&count) {
        let _ = writeln!(
            err,
            "restless: a PIN has {MIN_PIN_CHARS} to {MAX_PIN_CHARS} characters; nothing changed"
        );
        return Status::BadInput;
    }
    let again = ask(&mut input, err, "The same PIN again: ");
    if again.as_deref().map(String::as_str) != Some(pin.as_str()) {
        let _ = writeln!(err, "restless: the two PINs differ; nothing changed");
        return Status::BadInput;
    }
    match save_pin(&Dirs::from_env(), &pin) {
        Ok(path) => {
            let _ = writeln!(
                out,
                "PIN set: the lock screen and unfinished screenings now need it. Its hash is in {}.",
                crate::text::sanitize_line(&path.display().to_string())
            );
            Status::Success
        }
        Err(message) => {
            let _ = writeln!(err, "restless: the PIN was not set: {message}");
            Status::Io
        }
    }
}

/// One line, without its line ending; `None` at the end of the input.
fn ask(input: &mut dyn BufRead, err: &mut dyn Write, prompt: &str) -> Option<Zeroizing<String>> {
    let _ = write!(err, "{prompt}");
    let _ = err.flush();
    let mut line = Zeroizing::new(String::new());
    let read = input.read_line(&mut line);
    // The typed newline was not echoed.
    let _ = writeln!(err);
    match read {
        Ok(0) | Err(_) => None,
        Ok(_) => {
            let trimmed = line.trim_end_matches(['\n', '\r']).to_string();
            Some(Zeroizing::new(trimmed))
        }
    }
}

/// Terminal echo turned off while the PIN is typed, and back on however
/// the command ends.
struct NoEcho {
    saved: rustix::termios::Termios,
}

impl NoEcho {
    fn start() -> Option<NoEcho> {
        use rustix::termios::{LocalModes, OptionalActions, tcgetattr, tcsetattr};
        let stdin = rustix::stdio::stdin();
        let saved = tcgetattr(stdin).ok()?;
        let mut quiet = saved.clone();
        quiet.local_modes.remove(LocalModes::ECHO);
        tcsetattr(stdin, OptionalActions::Now, &quiet).ok()?;
        Some(NoEcho { saved })
    }
}

impl Drop for NoEcho {
    fn drop(&mut self) {
        use rustix::termios::{OptionalActions, tcsetattr};
        let _ = tcsetattr(rustix::stdio::stdin(), OptionalActions::Now, &self.saved);
    }
}
