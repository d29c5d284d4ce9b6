//! Who a screening belongs to, without showing it: the identifier fields
//! that name the patient (every field but the clinician's), and the check
//! that the person continuing a draft knows whose it is.

use super::Screening;
use super::session;
use crate::questionnaire::Questionnaire;
use crate::text::sanitize_line;

/// The identifier field that names the clinician, not the patient: it is
/// kept from one patient to the next and never asked for on resuming.
pub const CLINICIAN_FIELD: &str = "clinician";

/// The index of the clinician's identifier field, if the questionnaire has
/// one.
pub fn clinician_field(q: &Questionnaire) -> Option<usize> {
    q.identifiers.iter().position(|f| f.id == CLINICIAN_FIELD)
}

/// The first patient identifier given in `identifiers` (in the order of the
/// questionnaire's fields): its field's label and its value.
pub fn patient_identifier<'a>(
    q: &'a Questionnaire,
    identifiers: &'a [String],
) -> Option<(&'a str, &'a str)> {
    q.identifiers
        .iter()
        .zip(identifiers)
        .find(|(field, value)| field.id != CLINICIAN_FIELD && !value.trim().is_empty())
        .map(|(field, value)| (field.label.as_str(), value.as_str()))
}

/// Whether `typed` is the identifier `stored`, as the interface would have
/// kept it: made safe and trimmed the same way, compared exactly.
pub fn identifier_matches(typed: &str, stored: &str) -> bool {
    let typed = sanitize_line(typed.trim());
    let stored = sanitize_line(stored.trim());
    !stored.is_empty() && typed.trim() == stored.trim()
}

impl Screening {
    /// The file name proposed when results are encrypted: the patient
    /// identifier stays out of it, since names show in every listing.
    pub fn proposed_stem_without_identifier(&self) -> Option<String> {
        let report = self.report()?;
        let stamp = session::file_timestamp(&report.saved.time);
        Some(session::proposed_stem(self.questionnaire(), None, &stamp))
    }
}

/// Overwrites a path (a result's file name carries the patient
/// identifier) and leaves it empty.
pub fn wipe_path(path: &mut std::path::PathBuf) {
    let mut bytes = std::mem::take(path).into_os_string().into_encoded_bytes();
    zeroize::Zeroize::zeroize(&mut bytes);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_match_only_exactly_after_trimming() {
        assert!(identifier_matches("  A-1042 ", "A-1042"));
        assert!(!identifier_matches("A-1043", "A-1042"));
        assert!(!identifier_matches("a-1042", "A-1042"));
        assert!(!identifier_matches("", ""));
        assert!(identifier_matches("x\u{1b}y", "x\u{1b}y"));
    }
}
