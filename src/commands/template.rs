//! `restless template`: a blank answers file, or the questionnaire as FHIR.

use std::io::Write;
use std::path::Path;

use super::write_out;
use crate::answers;
use crate::cli::TemplateFormat;
use crate::report::fhir;
use crate::report::write_json;
use crate::screening::setup::load_questionnaire;
use crate::status::Status;

/// Prints the template of the questionnaire at `path` (or the built-in one).
pub fn run(
    path: Option<&Path>,
    format: TemplateFormat,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Status {
    match load_questionnaire(path, err) {
        Ok(q) => {
            let text = match format {
                TemplateFormat::Toml => answers::template(&q),
                TemplateFormat::Fhir => {
                    let mut json = Vec::new();
                    if let Err(e) = write_json(&fhir::questionnaire_resource(&q), &mut json) {
                        let _ = writeln!(err, "restless: the questionnaire cannot be written: {e}");
                        return Status::Io;
                    }
                    String::from_utf8_lossy(&json).into_owned()
                }
            };
            write_out(out, err, &text)
        }
        Err(status) => status,
    }
}
