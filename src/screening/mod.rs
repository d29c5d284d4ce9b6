//! What the interactive front ends share: one [`Screening`] under way
//! (answers, what applies, identifiers, result, saved state), the keeper of
//! its draft and saved results, the set-up found at start, and the
//! configuration file.

pub mod config;
pub mod keeper;
pub mod pin;
pub mod privacy;
pub mod saving;
pub mod session;
pub mod setup;
mod state;

pub use state::Screening;
