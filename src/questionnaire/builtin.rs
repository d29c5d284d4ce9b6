//! The built-in restless legs screening.

/// The built-in questionnaire, compiled in so the program runs with no
/// files around it.
pub const BUILT_IN: &str = include_str!("../../questionnaires/rls-screening.toml");
pub const BUILT_IN_NAME: &str = "<built-in>/rls-screening.toml";
