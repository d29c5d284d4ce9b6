//! Who a screening belongs to, without showing it: the identifier fields
//! that name the patient (every field but the clinician's), and the check
//! that the person continuing a draft knows whose it is.

use std::time::Instant;

use super::Screening;
use super::pin::Attempts;
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

/// Checks the patient identifiers typed to continue drafts, refusing
/// attempts for a while after too many wrong ones, as wrong PINs are: an
/// identifier is often guessable (a record number), and without a limit
/// trying them would open someone's answers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdentifierGuard {
    attempts: Attempts,
}

impl IdentifierGuard {
    /// Whether `typed` is `stored`, the draft's identifier (its field
    /// named `label`), at time `now`; else what to tell the person. While
    /// attempts are refused, the identifier is not even compared.
    pub fn check(
        &mut self,
        typed: &str,
        stored: Option<&str>,
        label: &str,
        now: Instant,
    ) -> Result<(), String> {
        let label = label.to_lowercase();
        if let Some(wait) = self.attempts.refused(now) {
            return Err(format!(
                "Too many wrong identifiers: nothing was opened. Try again in {wait}."
            ));
        }
        if stored.is_some_and(|stored| identifier_matches(typed, stored)) {
            self.attempts.succeeded();
            return Ok(());
        }
        // Short enough, with the wait, for the status line of 80 columns.
        Err(match self.attempts.failed(now) {
            None => format!("That is not the {label} of this screening: nothing was opened."),
            Some(wait) => format!("Wrong {label}: nothing was opened. Try again in {wait}."),
        })
    }
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

    #[test]
    fn wrong_identifiers_refuse_attempts_for_longer_and_longer() {
        use std::time::Duration;
        let mut guard = IdentifierGuard::default();
        let start = Instant::now();
        let wrong = "That is not the patient identifier of this screening: nothing was opened.";
        for _ in 0..2 {
            assert_eq!(
                guard.check("A-1", Some("A-2"), "Patient identifier", start),
                Err(wrong.to_string())
            );
        }
        assert_eq!(
            guard.check("A-1", Some("A-2"), "Patient identifier", start),
            Err("Wrong patient identifier: nothing was opened. Try again in 1 second.".to_string())
        );
        // Refused, even the right one, until the time has come.
        let refused = guard
            .check("A-2", Some("A-2"), "Patient identifier", start)
            .unwrap_err();
        assert!(
            refused.starts_with("Too many wrong identifiers"),
            "{refused}"
        );
        let later = start + Duration::from_secs(1);
        let doubled = guard
            .check("A-3", Some("A-2"), "Patient identifier", later)
            .unwrap_err();
        assert!(doubled.ends_with("Try again in 2 seconds."), "{doubled}");
        let after = later + Duration::from_secs(2);
        assert_eq!(
            guard.check(" A-2 ", Some("A-2"), "Patient identifier", after),
            Ok(())
        );
        // A right identifier starts the count again; none stored opens
        // nothing.
        assert_eq!(
            guard.check("A-2", None, "Patient identifier", after),
            Err(wrong.to_string())
        );
    }
}
