//! Checks the built-in questionnaire with the program's own loader and
//! writes its model in a compact encoded form, so that the program starts
//! without parsing TOML and a broken built-in questionnaire cannot be
//! built at all.

// The loader's modules are compiled here as they are in the program; much
// of what they offer is not needed for one check and one encoding.
#![allow(dead_code, unused_imports)]

use std::path::PathBuf;
use std::process::ExitCode;

#[path = "src/diag.rs"]
mod diag;
#[path = "src/text.rs"]
mod text;

#[path = "src/questionnaire"]
mod questionnaire {
    #[path = "build/mod.rs"]
    mod build;
    pub mod cond;
    pub mod expr;
    pub mod model;
    mod raw;

    pub use build::{MAX_FILE_BYTES, content_hash, float_problem, load, load_header, toml_error};
    pub use model::*;
}

const SOURCE: &str = "questionnaires/rls-screening.toml";

fn main() -> ExitCode {
    for watched in [SOURCE, "src/questionnaire", "src/diag.rs", "src/text.rs"] {
        println!("cargo::rerun-if-changed={watched}");
    }
    let source = match std::fs::read_to_string(SOURCE) {
        Ok(source) => source,
        Err(error) => {
            eprintln!("{SOURCE}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let model = match questionnaire::load(&source) {
        Ok(model) => model,
        Err(diagnostics) => {
            diag::print_diagnostics(&mut std::io::stderr(), SOURCE, &source, &diagnostics);
            eprintln!(
                "{SOURCE}: the built-in questionnaire has {} problem(s)",
                diagnostics.len()
            );
            return ExitCode::FAILURE;
        }
    };
    for warning in &model.warnings {
        println!("cargo::warning={SOURCE}: {}", warning.message);
    }
    let encoded = match postcard::to_allocvec(&model) {
        Ok(encoded) => encoded,
        Err(error) => {
            eprintln!("{SOURCE}: the model cannot be encoded: {error}");
            return ExitCode::FAILURE;
        }
    };
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        eprintln!("OUT_DIR is not set: run by cargo");
        return ExitCode::FAILURE;
    };
    let target = PathBuf::from(out_dir).join("rls-screening.postcard");
    if let Err(error) = std::fs::write(&target, encoded) {
        eprintln!("{}: {error}", target.display());
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
