//! Everything the program keeps on disk: result files written atomically
//! and privately (and the write lock a signal waits for), bounded reads of
//! the files a person names, and drafts of screenings in progress, in the
//! XDG base directories.
//!
//! This layer knows nothing of questionnaires or answers: it moves bytes and
//! text, so the formats above it can change without touching how files are
//! kept safe.

pub mod atomic;
pub mod clock;
pub mod dirs;
pub mod drafts;
pub mod lock;
pub mod read;
pub mod sealed;
mod sweep;

pub use atomic::{
    DIR_MODE, FILE_MODE, Prepared, WriteError, WriteErrorKind, create_private_dir, io_reason,
    prepare, remove_stale_temporaries, write_all, write_new, write_replace, write_streamed,
};
pub use dirs::Dirs;
pub use drafts::{Claim, DraftId, DraftInfo, DraftStore, MAX_DRAFT_BYTES};
pub use lock::writing;
pub use read::{
    Bounds, ReadError, ReadErrorKind, STDIN_NAME, input_name, is_dash, read_bounded,
    read_stdin_text, read_text,
};
