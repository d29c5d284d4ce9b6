//! `restless`: a screening questionnaire engine with a terminal interface.
//!
//! The engine (`questionnaire`, `engine`) is pure and knows nothing about
//! any particular questionnaire; the built-in restless legs screening lives
//! in `questionnaires/*.toml`.

pub mod answers;
pub mod cli;
pub mod commands;
pub mod diag;
pub mod engine;
pub mod plain;
pub mod questionnaire;
pub mod report;
pub mod screening;
pub mod store;
pub mod text;
pub mod tui;
