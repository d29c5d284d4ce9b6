//! `restless`: a screening questionnaire engine with a terminal interface.
//!
//! The engine (`questionnaire`, `engine`) is pure and knows nothing about
//! any particular questionnaire; the built-in restless legs screening lives
//! in `questionnaires/*.toml`.
//!
//! The layers, each importing only from those below it:
//!
//! - `main.rs` → [`run`], which only dispatches; `cli` (the clap types) and
//!   `status` (the exit statuses) sit beside it.
//! - Front ends, which never import each other: `commands` (validate,
//!   template, score), `tui` (the full-screen screening), `plain` (the
//!   line-by-line dialogue).
//! - `screening`: what the interactive front ends share (the screening
//!   state, drafts and saving, set-up, configuration).
//! - The domain, pure: `report`, `answers`, `engine`, `questionnaire`.
//! - The foundation, knowing no questionnaire: `store` (files), `diag`,
//!   `text`.
//!
//! Nothing outside `tui` names ratatui or crossterm, and nothing below
//! `screening` does I/O except `store`. `tests/it/layers.rs` checks this.

pub mod answers;
pub mod cli;
pub mod commands;
pub mod diag;
pub mod engine;
pub mod plain;
pub mod questionnaire;
pub mod report;
pub mod screening;
pub mod status;
pub mod store;
pub mod text;
pub mod tui;

use std::io::Write;

use cli::{Cli, Command};
use screening::config::ConfigChoice;
pub use status::Status;

/// A terminal that cannot move the cursor gets plain mode without asking.
fn term_is_dumb() -> bool {
    std::env::var_os("TERM").is_some_and(|term| term == "dumb")
}

/// Runs a parsed command line: picks the front end, nothing more.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Status {
    let questionnaire = cli.questionnaire.as_deref();
    let config = ConfigChoice::from_env(cli.config.as_deref(), cli.no_config);
    match cli.command {
        Some(Command::Validate { files }) => commands::validate::run(&files, out, err),
        Some(Command::Template { format }) => {
            commands::template::run(questionnaire, format, out, err)
        }
        Some(Command::Score {
            files,
            format,
            output,
            force,
            strict,
            fhir_transaction,
        }) => commands::score::run(
            &commands::score::Request {
                questionnaire,
                files: &files,
                format,
                output: output.as_deref(),
                force,
                strict,
                fhir_transaction,
                config: &config,
                identity: cli.identity.as_deref(),
            },
            out,
            err,
        ),
        Some(Command::Open { file }) => {
            tui::run_open(questionnaire, &file, cli.identity.as_deref(), &config, err)
        }
        Some(Command::Completions { shell }) => commands::docs::completions(shell, out, err),
        Some(Command::Man { command }) => commands::docs::man(command.as_deref(), out, err),
        Some(Command::SetPin) => commands::set_pin::run(out, err),
        None if cli.plain || term_is_dumb() => plain::run_plain(
            questionnaire,
            cli.identity.as_deref(),
            cli.summary,
            &config,
            err,
        ),
        None => tui::run_interactive(
            questionnaire,
            cli.identity.as_deref(),
            cli.summary,
            &config,
            err,
        ),
    }
}
