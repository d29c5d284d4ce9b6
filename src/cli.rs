//! The command line: definitions only. `crate::run` picks the front end and
//! `commands` holds what each headless command does.

use std::path::PathBuf;

use clap::builder::PossibleValue;
use clap::{Parser, Subcommand, ValueEnum, ValueHint};
pub use clap_complete::Shell;

pub use crate::report::Format;

/// Screening for restless legs syndrome in the terminal.
///
/// With no command, opens the full-screen screening. The result is a
/// screening aid, not a diagnosis.
#[derive(Debug, Default, Parser)]
#[command(name = "restless", version, about, long_about = None)]
#[command(
    after_help = "Exit status: 0 success; 1 a file has problems (reported as FILE:LINE:COL); 2 wrong command-line usage; 3 a file could not be read or written; 4 no terminal for the interactive screening; 5 plain mode: the input ended before the screening was finished (the answers are kept in a draft); 6 score --strict: a result is incomplete."
)]
pub struct Cli {
    /// Questionnaire file to use instead of the built-in screening.
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath, global = true)]
    pub questionnaire: Option<PathBuf>,

    /// Read the configuration from FILE instead of
    /// ~/.config/restless/config.toml ($XDG_CONFIG_HOME/restless/config.toml).
    /// The RESTLESS_CONFIG environment variable names one too; this wins.
    /// A file named so must exist.
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath, global = true)]
    pub config: Option<PathBuf>,

    /// Read no configuration file: every setting at its default.
    #[arg(long, global = true, conflicts_with = "config")]
    pub no_config: bool,

    /// The age identity file (private key) that reads encrypted (`.age`)
    /// drafts and results, as `age -d -i FILE` does; overrides the
    /// configuration's `identity`.
    #[arg(long, value_name = "FILE", global = true)]
    pub identity: Option<PathBuf>,

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
        /// Questionnaire files to check; `-` reads one from standard input.
        #[arg(required = true, value_name = "FILE", value_hint = ValueHint::FilePath)]
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
        /// Answers files or saved results (TOML or JSON) to score; `-` reads
        /// one from standard input.
        #[arg(required = true, value_name = "ANSWERS", value_hint = ValueHint::FilePath)]
        files: Vec<PathBuf>,
        /// Output format. Without it: from the extension of the -o file
        /// (.txt, .md, .json, .fhir.json, .toml), otherwise text.
        #[arg(long, short = 'f', value_enum)]
        format: Option<Format>,
        /// Write to this file instead of standard output (`-` is standard
        /// output). The file is written completely or not at all, readable
        /// by its owner only, and an existing file is never replaced unless
        /// --force is given.
        #[arg(long, short = 'o', value_name = "FILE", value_hint = ValueHint::FilePath)]
        output: Option<PathBuf>,
        /// Replace the output file if it already exists.
        #[arg(long, requires = "output")]
        force: bool,
        /// Exit with status 6 when a result is incomplete (a required
        /// question that applies was not answered), instead of 0 and a
        /// warning. The results are written all the same.
        #[arg(long)]
        strict: bool,
        /// With --format fhir: a `transaction` Bundle, each entry a POST a
        /// FHIR server carries out at once, instead of a `collection`.
        #[arg(long)]
        fhir_transaction: bool,
    },
    /// Print a shell completion script: `restless completions bash >
    /// ~/.local/share/bash-completion/completions/restless`, or for zsh
    /// into a folder of $fpath as `_restless`, for fish into
    /// ~/.config/fish/completions/restless.fish.
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Print the manual page (roff): `restless man > restless.1`, or
    /// `restless man | man -l -` to read it.
    Man {
        /// A command's own page, restless-COMMAND(1), instead of restless(1).
        #[arg(value_name = "COMMAND")]
        command: Option<String>,
    },
    /// Set the clinician PIN: the lock screen and unfinished screenings
    /// then need it. Only a salted hash is kept, in the configuration
    /// folder; delete that file (`pin`) to remove the PIN.
    SetPin,
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
                "FHIR R4 Bundle: the QuestionnaireResponse, the result as Observations, each test to request as a draft ServiceRequest; `restless template --format fhir` gives the Questionnaire"
            }
        };
        Some(PossibleValue::new(self.name()).help(help))
    }
}
