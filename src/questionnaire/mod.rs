//! Questionnaires: the file format, its checks, and the checked model.
//!
//! `raw` mirrors the TOML file, `build` checks it and produces the `model`;
//! `expr` parses the condition language and `cond` holds checked
//! conditions.

mod build;
pub mod cond;
pub mod expr;
pub mod model;
mod raw;

pub use build::{MAX_FILE_BYTES, content_hash, float_problem, load, load_header, toml_error};
pub use model::*;
