//! The command line: definitions only. `crate::run` picks the front end and
//! `commands` holds what each headless command does.

use std::path::PathBuf;

use clap::builder::PossibleValue;
use clap::{Parser, Subcommand, ValueEnum};

pub use crate::report::Format;

/// Screening for restless legs syndrome in the terminal.
///
/// With no command, opens the full-screen screening. The result is a
/// screening aid, not a diagnosis.
#[derive(Debug, Default, Parser)]
#[command(name = "restless", version, about, long_about = None)]
#[command(
    after_help = "Exit status: 0 success; 1 a file has problems (reported as FILE:LINE:COL); 2 wrong command-line usage; 3 a file could not be read or written; 4 no terminal for the interactive screening; 5 plain mode: the input ended before the screening was finished (the answers are kept in a draft)."
)]
pub struct Cli {
    /// Questionnaire file to use instead of the built-in screening.
    #[arg(long, short = 'q', value_name = "FILE", global = true)]
    pub questionnaire: Option<PathBuf>,

    /// On leaving the screening, say how many results were saved and in
    /// which folders (never a name or an answer).
    #[arg(long)]
    pub summary: bool,

    /// Ask the questions line by line on standard input and output, with
    /// no full-screen drawing: for screen readers, braille displays, dumb
    /// terminals and scripts (`restless --plain < answers.txt`). Used
    /// without asking when TERM is "dumb".
    #[arg(long)]
    pub plain: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check questionnaire files; print FILE:LINE:COL for every problem.
    Validate {
        /// Questionnaire files to check.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Print a blank answers file listing every question, its type and the
    /// values it accepts; or the questionnaire as a FHIR R4 Questionnaire.
    Template {
        /// Output format.
        #[arg(long, short = 'f', value_enum, default_value_t = TemplateFormat::Toml)]
        format: TemplateFormat,
    },
    /// Show a saved result (TOML or JSON) in the full-screen interface,
    /// read-only; `e` starts a new screening from its answers.
    Open {
        /// The saved result or answers file.
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Score answers files or saved results, without a terminal.
    Score {
        /// Answers files or saved results (TOML or JSON) to score.
        #[arg(required = true, value_name = "ANSWERS")]
        files: Vec<PathBuf>,
        /// Output format.
        #[arg(long, short = 'f', value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Write to this file instead of standard output. The file is
        /// written completely or not at all, readable by its owner only, and
        /// an existing file is never replaced unless --force is given.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace the output file if it already exists.
        #[arg(long, requires = "output")]
        force: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TemplateFormat {
    /// A blank answers file to fill in.
    Toml,
    /// A FHIR R4 Questionnaire resource.
    Fhir,
}

// The one result format, offered on the command line in this order, each
// with the help clap prints.
impl ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &[
            Format::Text,
            Format::Toml,
            Format::Json,
            Format::Markdown,
            Format::Fhir,
            Format::Summary,
        ]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let help = match self {
            Format::Text => "Plain text report, for reading or printing",
            Format::Toml => "Native saved result; scores again with `restless score`",
            Format::Json => "The documented JSON result; scores again with `restless score`",
            Format::Markdown => "Markdown report",
            Format::Summary => "At most 20 lines of ASCII, for pasting into a record",
            Format::Fhir => {
                "FHIR R4 QuestionnaireResponse (a Bundle of them for several files); `restless template --format fhir` gives the Questionnaire it points at"
            }
        };
        Some(PossibleValue::new(self.name()).help(help))
    }
}
