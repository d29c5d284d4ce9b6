//! The clinician PIN: a salted, deliberately slow hash (Argon2id, as a PHC
//! string) in the configuration folder, readable by its owner only. With a
//! PIN set, the lock screen and drafts open only with it; without one, the
//! lock only hides the screen.
//!
//! Wrong PINs are rate-limited without sleeping: after a few free tries,
//! each wrong PIN refuses every attempt until a time that doubles, so the
//! interface stays responsive and a guesser gains nothing by typing fast.
//! Wrong patient identifiers, typed to continue a draft, are counted the
//! same way ([`Attempts`]).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use zeroize::Zeroizing;

use crate::store::{Dirs, create_private_dir, read_text, write_replace};

/// The file beside `config.toml` that holds the hash.
const PIN_FILE: &str = "pin";
/// A PHC string is about a hundred characters; anything much larger is
/// not one.
const MAX_PIN_FILE_BYTES: usize = 4096;
/// The shortest PIN `set-pin` accepts.
pub const MIN_PIN_CHARS: usize = 4;
/// Wrong PINs allowed before attempts are refused for a while.
const FREE_ATTEMPTS: u32 = 3;
/// The longest wait between attempts.
const MAX_WAIT: Duration = Duration::from_secs(300);

/// Where the PIN's hash is kept: `<config>/restless/pin`.
pub fn pin_file(dirs: &Dirs) -> Option<PathBuf> {
    dirs.config_file()
        .and_then(|file| file.parent().map(|dir| dir.join(PIN_FILE)))
}

/// The PHC string of `pin`, with a fresh random salt.
pub fn hash_pin(pin: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(pin.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|e| format!("the PIN cannot be hashed: {e}"))
}

/// Keeps the hash of `pin` in the configuration folder (0600, the folder
/// 0700), replacing any PIN set before. Returns where.
pub fn save_pin(dirs: &Dirs, pin: &str) -> Result<PathBuf, String> {
    let path =
        pin_file(dirs).ok_or("there is no configuration folder: set HOME or XDG_CONFIG_HOME")?;
    let hash = hash_pin(pin)?;
    if let Some(dir) = path.parent() {
        create_private_dir(dir).map_err(|e| e.to_string())?;
    }
    write_replace(&path, format!("{hash}\n").as_bytes()).map_err(|e| e.to_string())?;
    Ok(path)
}

/// The PIN set with `restless set-pin`, if any. A file that is there but
/// is not a PIN hash is an error: starting without the lock the clinic
/// asked for would be worse than not starting.
pub fn load_pin(dirs: &Dirs) -> Result<Option<PinGuard>, String> {
    let Some(path) = pin_file(dirs) else {
        return Ok(None);
    };
    if std::fs::symlink_metadata(&path).is_err() {
        return Ok(None);
    }
    let text = read_text(&path, MAX_PIN_FILE_BYTES, "a PIN file")?;
    let phc = text.trim().to_string();
    if PasswordHash::new(&phc).is_err() {
        return Err(format!(
            "{}: this is not a PIN hash; set the PIN again with `restless set-pin`",
            crate::text::sanitize_line(&path.display().to_string())
        ));
    }
    Ok(Some(PinGuard::new(phc)))
}

/// Wrong answers to a question that guards patient data (the PIN, a
/// draft's patient identifier), counted: after a few free tries, each
/// wrong one refuses every attempt until a time that doubles.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attempts {
    failures: u32,
    refused_until: Option<Instant>,
}

impl Attempts {
    /// While attempts are refused at `now`: for how much longer, in words
    /// ("3 seconds").
    pub fn refused(&self, now: Instant) -> Option<String> {
        self.refused_until
            .filter(|&until| now < until)
            .map(|until| seconds_left(until - now))
    }

    /// A right answer: the count starts again.
    pub fn succeeded(&mut self) {
        *self = Attempts::default();
    }

    /// A wrong answer at `now`: if attempts are refused from now on, for
    /// how long, in words.
    pub fn failed(&mut self, now: Instant) -> Option<String> {
        self.failures = self.failures.saturating_add(1);
        let over = self.failures.checked_sub(FREE_ATTEMPTS)?;
        let wait = Duration::from_secs(1u64 << over.min(16)).min(MAX_WAIT);
        self.refused_until = Some(now + wait);
        Some(seconds_left(wait))
    }
}

/// Checks PINs against the hash, refusing attempts for a while after too
/// many wrong ones.
#[derive(Debug, Clone)]
pub struct PinGuard {
    phc: String,
    attempts: Attempts,
}

impl PinGuard {
    pub fn new(phc: String) -> Self {
        PinGuard {
            phc,
            attempts: Attempts::default(),
        }
    }

    /// Whether `typed` is the PIN, at time `now`; else what to tell the
    /// person. While attempts are refused, the PIN is not even checked.
    pub fn check(&mut self, typed: &str, now: Instant) -> Result<(), String> {
        if let Some(wait) = self.attempts.refused(now) {
            return Err(format!("Too many wrong PINs: try again in {wait}."));
        }
        let typed = Zeroizing::new(typed.to_string());
        let right = PasswordHash::new(&self.phc).is_ok_and(|hash| {
            Argon2::default()
                .verify_password(typed.as_bytes(), &hash)
                .is_ok()
        });
        if right {
            self.attempts.succeeded();
            return Ok(());
        }
        match self.attempts.failed(now) {
            None => Err("Wrong PIN.".to_string()),
            Some(wait) => Err(format!("Wrong PIN. Try again in {wait}.")),
        }
    }
}

/// A wait in whole seconds, rounded up, in words.
fn seconds_left(wait: Duration) -> String {
    match wait.as_secs() + u64::from(wait.subsec_nanos() > 0) {
        1 => "1 second".to_string(),
        n => format!("{n} seconds"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_right_pin_opens_and_a_wrong_one_does_not() {
        let hash = hash_pin("2468").unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert_ne!(
            hash,
            hash_pin("2468").unwrap(),
            "each hash has its own salt"
        );
        let mut guard = PinGuard::new(hash);
        let now = Instant::now();
        assert_eq!(guard.check("1357", now), Err("Wrong PIN.".to_string()));
        assert_eq!(guard.check("2468", now), Ok(()));
    }

    #[test]
    fn wrong_pins_refuse_attempts_for_longer_and_longer() {
        let mut guard = PinGuard::new(hash_pin("2468").unwrap());
        let start = Instant::now();
        for _ in 0..FREE_ATTEMPTS - 1 {
            assert_eq!(guard.check("0000", start), Err("Wrong PIN.".to_string()));
        }
        let refused = guard.check("0000", start).unwrap_err();
        assert!(refused.contains("1 second."), "{refused}");
        // Refused, even the right PIN, until the time has come.
        let soon = guard.check("2468", start).unwrap_err();
        assert!(soon.starts_with("Too many wrong PINs"), "{soon}");
        let later = start + Duration::from_secs(1);
        assert!(
            guard
                .check("0000", later)
                .unwrap_err()
                .contains("2 seconds.")
        );
        let after = later + Duration::from_secs(2);
        assert_eq!(guard.check("2468", after), Ok(()));
        // A right PIN starts the count again.
        assert_eq!(guard.check("0000", after), Err("Wrong PIN.".to_string()));
    }
}
