//! `restless template`: a blank answers file, or the questionnaire as FHIR.

use std::io::Write;
use std::path::Path;

use super::write_out;
use crate::answers;
use crate::cli::TemplateFormat;
use crate::report::fhir;
use crate::report::json_text;
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
                TemplateFormat::Fhir => json_text(&fhir::questionnaire_resource(&q)),
            };
            write_out(out, err, &text)
        }
        Err(status) => status,
    }
}
