//! The parse floor of `restless score` and `restless validate`: reads each
//! file named and parses it into a `toml::Table` with the same toml crate,
//! checking nothing and writing nothing but a count.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut keys = 0usize;
    for path in std::env::args_os().skip(1) {
        let parsed = std::fs::read_to_string(&path)
            .map_err(|e| e.to_string())
            .and_then(|text| text.parse::<toml::Table>().map_err(|e| e.to_string()));
        match parsed {
            Ok(table) => keys += table.len(),
            Err(error) => {
                eprintln!("{}: {error}", path.to_string_lossy());
                return ExitCode::FAILURE;
            }
        }
    }
    println!("{keys} top-level keys");
    ExitCode::SUCCESS
}
