//! Saving a result from the results screen, and the drafts offered when
//! the program starts: the state the interface keeps for them. The writing
//! itself happens in the event loop (`tui::run_interactive`), which reports
//! back; nothing here touches a file.

use std::path::{Path, PathBuf};

use super::field::TextField;
use crate::answers::AnswerFile;
use crate::store::Format;

/// Longest path that can be typed.
const MAX_PATH_CHARS: usize = 4096;

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
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            output_dir: PathBuf::from("."),
            formats: vec![Format::Toml, Format::Markdown],
            overwrite: false,
            drafts: true,
            fhir: crate::report::fhir::Options::default(),
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

/// A row of the save box the cursor can be on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveRow {
    Path,
    Format(usize),
}

/// The save box over the results screen.
#[derive(Debug, Clone, PartialEq)]
pub struct SaveDialog {
    /// The file name without extension, with its folder.
    pub path: TextField,
    pub formats: Vec<(Format, bool)>,
    pub row: SaveRow,
    pub message: Option<String>,
    /// After a refusal because a file exists, the person may replace it.
    pub offer_replace: bool,
}

impl SaveDialog {
    pub fn new(base: &Path, ticked: &[Format]) -> Self {
        SaveDialog {
            path: TextField::with_text(
                &crate::text::sanitize_line(&base.display().to_string()),
                MAX_PATH_CHARS,
            ),
            formats: Format::ALL
                .iter()
                .map(|&f| (f, ticked.contains(&f)))
                .collect(),
            row: SaveRow::Path,
            message: None,
            offer_replace: false,
        }
    }

    pub fn rows(&self) -> Vec<SaveRow> {
        std::iter::once(SaveRow::Path)
            .chain((0..self.formats.len()).map(SaveRow::Format))
            .collect()
    }

    pub fn move_by(&mut self, step: isize) {
        let rows = self.rows();
        let at = rows.iter().position(|&r| r == self.row).unwrap_or(0) as isize;
        let to = (at + step).clamp(0, rows.len() as isize - 1) as usize;
        self.row = rows[to];
    }

    pub fn toggle(&mut self, index: usize) {
        if let Some((_, ticked)) = self.formats.get_mut(index) {
            *ticked = !*ticked;
        }
    }

    /// The request for the current path and formats, or why there is none.
    pub fn request(&self, replace: bool) -> Result<SaveRequest, String> {
        let text = self.path.text().trim();
        if text.is_empty() {
            return Err("Type a file name to save to.".into());
        }
        if text.ends_with('/') {
            return Err("That is a folder: add a file name after it.".into());
        }
        let formats: Vec<Format> = self
            .formats
            .iter()
            .filter(|(_, t)| *t)
            .map(|(f, _)| *f)
            .collect();
        if formats.is_empty() {
            return Err("Tick at least one format.".into());
        }
        Ok(SaveRequest {
            base: expand_home(text),
            formats,
            replace,
        })
    }
}

/// `~/` at the start of a typed path is the home folder, as in a shell.
pub(crate) fn expand_home(text: &str) -> PathBuf {
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
    /// The first identifier given, if any, so the clinician knows whose it is.
    pub identifier: String,
    /// The answers, or why they cannot be read.
    pub content: Result<AnswerFile, String>,
}

impl DraftEntry {
    pub fn answered(&self) -> usize {
        self.content
            .as_ref()
            .map_or(0, |file| file.answers.answered_count())
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

    #[test]
    fn a_request_needs_a_name_and_a_format() {
        let mut dialog = SaveDialog::new(Path::new("out/result"), &[Format::Toml]);
        assert_eq!(
            dialog.request(false).unwrap().paths(),
            vec![(Format::Toml, PathBuf::from("out/result.toml"))]
        );
        dialog.toggle(0);
        assert_eq!(
            dialog.request(false).unwrap_err(),
            "Tick at least one format."
        );
        dialog.path = TextField::with_text("out/", 100);
        assert!(dialog.request(false).unwrap_err().contains("folder"));
    }
}
