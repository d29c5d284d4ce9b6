use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // With no arguments there is nothing to parse, and building clap's
    // description of every command is a tenth of the time to the first
    // frame of the screening.
    let cli = if std::env::args_os().len() <= 1 {
        restless::cli::Cli::default()
    } else {
        restless::cli::Cli::parse()
    };
    let status = restless::run(cli, &mut std::io::stdout(), &mut std::io::stderr());
    status.into()
}
