//! `restless completions SHELL` and `restless man`: generated from the
//! command-line definition itself, so that they never disagree with
//! `--help`.

use std::io::Write;

use clap::CommandFactory;

use super::write_out;
use crate::cli::{Cli, Shell};
use crate::status::Status;

/// The name the program is called by, which the scripts complete.
const BIN: &str = "restless";

/// Prints the completion script for `shell`.
pub fn completions(shell: Shell, out: &mut dyn Write, err: &mut dyn Write) -> Status {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), BIN, &mut script);
    write_out(out, err, &String::from_utf8_lossy(&script))
}

/// Prints the manual page, in roff: restless(1), or with `command` the
/// page of that command, restless-COMMAND(1), which restless(1) lists.
pub fn man(command: Option<&str>, out: &mut dyn Write, err: &mut dyn Write) -> Status {
    // As the pages would be installed: `help` is not a page of its own.
    let mut cli = Cli::command().disable_help_subcommand(true);
    cli.build();
    let page_of = match command {
        None => cli,
        Some(name) => match cli.find_subcommand(name) {
            Some(sub) => sub.clone(),
            None => {
                let names: Vec<&str> = cli.get_subcommands().map(|sub| sub.get_name()).collect();
                let _ = writeln!(
                    err,
                    "restless: no command `{}`; the commands are: {}",
                    crate::text::sanitize_line(name),
                    names.join(", ")
                );
                return Status::Usage;
            }
        },
    };
    let mut page = Vec::new();
    if let Err(e) = clap_mangen::Man::new(page_of)
        .source(format!("restless {}", env!("CARGO_PKG_VERSION")))
        .render(&mut page)
    {
        let _ = writeln!(err, "restless: the manual page cannot be made: {e}");
        return Status::Io;
    }
    write_out(out, err, &String::from_utf8_lossy(&page))
}
