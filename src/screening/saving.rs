//! Saving a result and the drafts offered when the program starts: the
//! settings, requests and outcomes both interactive front ends exchange
//! with the keeper. Nothing here touches a file.

use std::path::{Path, PathBuf};

use crate::answers::AnswerFile;
use crate::questionnaire::Questionnaire;
use crate::report::{Audience, Format};

/// Where and how results are saved, from the configuration file.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The folder proposed for results.
    pub output_dir: PathBuf,
    /// The formats ticked when the save box opens.
    pub formats: Vec<Format>,
    /// Replace existing files without asking (the configuration's
    /// `overwrite`).
    pub overwrite: bool,
    /// Whether answers are kept in a draft while a screening is under way
    /// (the quit question says what happens to them).
    pub drafts: bool,
    /// Who FHIR results name as patient and clinician (the configuration's
    /// `[fhir]` table).
    pub fhir: crate::report::fhir::Options,
    /// The clinician field's value for every new screening.
    pub clinician: Option<String>,
    /// Results are encrypted (`encrypt_to`): their proposed names leave
    /// out the patient identifier.
    pub sealed: bool,
    /// Whom the result is shown to first (the configuration's `audience`).
    pub audience: Audience,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            output_dir: PathBuf::from("."),
            formats: vec![Format::Toml, Format::Markdown],
            overwrite: false,
            drafts: true,
            fhir: crate::report::fhir::Options::default(),
            clinician: None,
            sealed: false,
            audience: Audience::Clinician,
        }
    }
}

/// What the event loop is asked to write: one file per format, each the
/// base path with the format's extension.
#[derive(Debug, Clone, PartialEq)]
pub struct SaveRequest {
    pub base: PathBuf,
    pub formats: Vec<Format>,
    /// Replace files that already exist.
    pub replace: bool,
}

impl SaveRequest {
    pub fn paths(&self) -> Vec<(Format, PathBuf)> {
        self.formats
            .iter()
            .map(|&format| (format, with_extension(&self.base, format)))
            .collect()
    }

    /// The files written: [`SaveRequest::paths`], each with `.age` added
    /// when results are encrypted.
    pub fn written_paths(&self, sealed: bool) -> Vec<(Format, PathBuf)> {
        let mut paths = self.paths();
        if sealed {
            for (_, path) in &mut paths {
                let mut name = std::mem::take(path).into_os_string();
                name.push(crate::store::sealed::SEALED_SUFFIX);
                *path = name.into();
            }
        }
        paths
    }
}

/// `base` with the format's extension added (not replacing anything after
/// a dot in the name: identifiers and dates may contain dots).
pub fn with_extension(base: &Path, format: Format) -> PathBuf {
    let mut name = base.as_os_str().to_os_string();
    name.push(".");
    name.push(crate::report::extension(format));
    PathBuf::from(name)
}

/// How a save went, as the event loop reports it.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveOutcome {
    /// Every file was written.
    Saved(Vec<PathBuf>),
    /// Nothing was written: the formats are saved all or none.
    Failed {
        message: String,
        /// The failure was a file that already exists: replacing it is
        /// offered.
        exists: bool,
    },
}

/// `~/` at the start of a typed path is the home folder, as in a shell.
pub fn expand_home(text: &str) -> PathBuf {
    match (text.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) if !home.is_empty() => Path::new(&home).join(rest),
        _ => PathBuf::from(text),
    }
}

/// A draft found when the program starts.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftEntry {
    /// The draft store's id for it.
    pub id: String,
    /// When it was last saved, as the person reads it.
    pub when: String,
    /// The first patient identifier given, if any, once the draft is read.
    /// Never shown: whoever continues the draft types it, to show they
    /// know whose it is.
    pub identifier: String,
    /// What is known of its answers, or why they cannot be read.
    pub content: Result<DraftContent, String>,
}

/// What is known of a draft's answers.
#[derive(Debug, Clone, PartialEq)]
pub enum DraftContent {
    /// Only its first line was read: how many answers it holds. The
    /// answers are read when it is opened.
    Counted(usize),
    /// Its answers.
    Read(AnswerFile),
}

impl DraftEntry {
    pub fn answered(&self) -> usize {
        match &self.content {
            Ok(DraftContent::Counted(count)) => *count,
            Ok(DraftContent::Read(file)) => file.answers.answered_count(),
            Err(_) => 0,
        }
    }

    /// Its answers, once read.
    pub fn file(&self) -> Option<&AnswerFile> {
        match &self.content {
            Ok(DraftContent::Read(file)) => Some(file),
            _ => None,
        }
    }

    /// Whether its answers are still to be read (before it is opened).
    pub fn unread(&self) -> bool {
        matches!(self.content, Ok(DraftContent::Counted(_)))
    }

    /// Takes what reading it whole gave: its answers, or why they cannot
    /// be read (the draft stays on disk, to be deleted).
    pub fn read_as(&mut self, q: &Questionnaire, read: Result<AnswerFile, String>) {
        self.content = read.map(DraftContent::Read);
        self.identifier = self
            .file()
            .and_then(|file| super::privacy::patient_identifier(q, &file.identifiers))
            .map(|(_, value)| value.to_string())
            .unwrap_or_default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_are_added_not_replaced() {
        let base = Path::new("/r/rls-screening_A.1_2026-11-21_1403");
        assert_eq!(
            with_extension(base, Format::Fhir),
            Path::new("/r/rls-screening_A.1_2026-11-21_1403.fhir.json")
        );
    }
}
