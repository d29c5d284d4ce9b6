//! `restless validate`: checks questionnaire files.

use std::io::Write;

use crate::diag::print_diagnostics;
use crate::questionnaire;
use crate::status::Status;
use crate::store::{input_name, is_dash, read_stdin_text, read_text};
use crate::text::sanitize_line;

/// Checks each file, printing `ok` with its counts or its problems.
pub fn run(files: &[std::path::PathBuf], out: &mut dyn Write, err: &mut dyn Write) -> Status {
    validate(files, out, err)
}

fn validate(files: &[std::path::PathBuf], out: &mut dyn Write, err: &mut dyn Write) -> Status {
    if let Err(status) = super::stdin_at_most_once(files, err) {
        return status;
    }
    let mut worst = Status::Success;
    for path in files {
        let name = input_name(path);
        let read = if is_dash(path) {
            read_stdin_text(questionnaire::MAX_FILE_BYTES, "a questionnaire")
        } else {
            read_text(path, questionnaire::MAX_FILE_BYTES, "a questionnaire")
        };
        let source = match read {
            Ok(source) => source,
            Err(message) => {
                let _ = writeln!(err, "{message}");
                worst = Status::Io;
                continue;
            }
        };
        match questionnaire::load(&source) {
            Ok(q) => {
                for warning in &q.warnings {
                    let _ = writeln!(
                        err,
                        "{}",
                        warning.located(&name, &source).with_prefix("warning: ")
                    );
                }
                let _ = writeln!(
                    out,
                    "{}: ok ({} {}: {} sections, {} items, {} findings, {} recommendations)",
                    sanitize_line(&name),
                    q.id,
                    sanitize_line(&q.version),
                    q.sections.len(),
                    q.items.len(),
                    q.findings.len(),
                    q.recommendations.len()
                );
            }
            Err(diagnostics) => {
                print_diagnostics(err, &name, &source, &diagnostics);
                if worst == Status::Success {
                    worst = Status::BadInput;
                }
            }
        }
    }
    worst
}
