use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

/// Every block is overwritten as it is freed. Patient identifiers pass
/// through many short-lived strings (file names, messages, lines drawn,
/// the library code that formats them); zeroizing the long-lived ones is
/// not enough, since each temporary copy would stay readable in freed
/// memory after the next patient. Costs one `memset` per free.
#[global_allocator]
static ALLOCATOR: zeroizing_alloc::ZeroAlloc<std::alloc::System> =
    zeroizing_alloc::ZeroAlloc(std::alloc::System);

fn main() -> ExitCode {
    // With no arguments there is nothing to parse, and building clap's
    // description of every command is a tenth of the time to the first
    // frame of the screening.
    let cli = if std::env::args_os().len() <= 1 {
        restless::cli::Cli::default()
    } else {
        match restless::cli::Cli::try_parse() {
            Ok(cli) => cli,
            Err(error) => return usage_error(&error),
        }
    };
    let status = restless::run(cli, &mut std::io::stdout(), &mut std::io::stderr());
    status.into()
}

/// Clap's message quotes the arguments as typed, and a file name can hold
/// escape sequences (one that sets the terminal's title, say): the message
/// is printed neutralised, without clap's colours. Help and the version
/// echo nothing typed and are printed as clap prints them.
fn usage_error(error: &clap::Error) -> ExitCode {
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        error.exit();
    }
    let message = error.render().to_string();
    eprint!("{}", restless::text::sanitize(&message));
    ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2))
}
