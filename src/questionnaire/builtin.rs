//! The built-in restless legs screening.

use super::model::Questionnaire;

/// The built-in questionnaire, compiled in so the program runs with no
/// files around it. `restless validate` checks this text; the program
/// itself starts from [`built_in`].
pub const BUILT_IN: &str = include_str!("../../questionnaires/rls-screening.toml");
pub const BUILT_IN_NAME: &str = "<built-in>/rls-screening.toml";

/// The model of [`BUILT_IN`], checked and encoded by `build.rs` (a broken
/// built-in questionnaire fails the build with its diagnostics), so that
/// starting parses no TOML.
const COMPILED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/rls-screening.postcard"));

/// The built-in questionnaire's model. Decoding can fail only if the
/// encoded form and the model's types disagree, which `build.rs` rules out
/// by encoding with these very types.
pub fn built_in() -> Result<Questionnaire, postcard::Error> {
    postcard::from_bytes(COMPILED)
}
