//! The write lock: a file being written is finished before the program
//! exits on a signal.

use std::sync::Mutex;

/// Held while a file is being written, and by the signal and hang-up
/// handlers before they exit: a signal during a save waits the few
/// milliseconds it takes, so no temporary file is left behind and no draft
/// is cut short.
static WRITING: Mutex<()> = Mutex::new(());

pub fn writing() -> std::sync::MutexGuard<'static, ()> {
    WRITING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
