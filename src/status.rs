//! The exit statuses: the contract scripts and callers rely on, documented
//! in `--help` and the README, in one place.

use std::process::ExitCode;

/// Exit statuses, documented in `--help`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Success = 0,
    BadInput = 1,
    Usage = 2,
    Io = 3,
    NoTerminal = 4,
    /// Plain mode: the input ended before the screening was finished; the
    /// answers are kept in a draft.
    Unfinished = 5,
    /// `score --strict`: a result is incomplete (a required question that
    /// applies was left unanswered); the results are still written.
    Incomplete = 6,
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> Self {
        ExitCode::from(status as u8)
    }
}
