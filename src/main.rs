use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = restless::cli::Cli::parse();
    let status = restless::run::run(cli, &mut std::io::stdout(), &mut std::io::stderr());
    status.into()
}
