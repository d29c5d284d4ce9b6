//! Questionnaires: the file format, its checks, and the checked model.
//!
//! `raw` mirrors the TOML file, `build` checks it and produces the `model`;
//! `expr` parses the condition language and `cond` holds checked
//! conditions. `builtin` is the screening compiled into the program.

mod build;
mod builtin;
pub mod cond;
pub mod expr;
pub mod model;
mod raw;

pub use build::{MAX_FILE_BYTES, content_hash, float_problem, load, load_header, toml_error};
pub use builtin::{BUILT_IN, BUILT_IN_NAME, built_in};
pub use model::*;
