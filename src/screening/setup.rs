//! What a screening needs from the files around it, for either interactive
//! front end: the questionnaire, the configuration, the drafts folder and
//! the drafts found in it.

use std::io::Write;
use std::path::Path;

use super::config::Config;
use super::keeper::list_drafts;
use super::saving::{DraftEntry, Settings};
use crate::diag::print_diagnostics;
use crate::questionnaire::{self, BUILT_IN_NAME, Questionnaire};
use crate::status::Status;
use crate::store::{Dirs, DraftStore, read_text};
use crate::text::sanitize_line;

/// Loads the questionnaire named on the command line, or the built-in one.
pub fn load_questionnaire(
    path: Option<&Path>,
    err: &mut dyn Write,
) -> Result<Questionnaire, Status> {
    let Some(path) = path else {
        return load_built_in(err);
    };
    let source =
        read_text(path, questionnaire::MAX_FILE_BYTES, "a questionnaire").map_err(|message| {
            let _ = writeln!(err, "{message}");
            Status::Io
        })?;
    let name = path.display().to_string();
    questionnaire::load(&source).map_err(|diagnostics| {
        print_diagnostics(err, &name, &source, &diagnostics);
        let _ = writeln!(
            err,
            "{}: the questionnaire has {} problem(s); check it with `restless validate`",
            sanitize_line(&name),
            diagnostics.len()
        );
        Status::BadInput
    })
}

/// The built-in questionnaire, from the model compiled into the program.
pub fn load_built_in(err: &mut dyn Write) -> Result<Questionnaire, Status> {
    questionnaire::built_in().map_err(|error| {
        let _ = writeln!(
            err,
            "restless: the built-in questionnaire cannot be decoded ({error}); check {BUILT_IN_NAME} with `restless validate`"
        );
        Status::BadInput
    })
}

/// What a screening needs from the files around it, for either interface:
/// the questionnaire, the configuration, the drafts folder and the drafts
/// found in it.
pub struct Setup {
    pub questionnaire: Questionnaire,
    pub store: Option<DraftStore>,
    pub drafts: Vec<DraftEntry>,
    pub settings: Settings,
}

impl Setup {
    /// Loads everything, or says on `err` what is wrong.
    pub fn load(path: Option<&Path>, err: &mut dyn Write) -> Result<Setup, Status> {
        let questionnaire = load_questionnaire(path, err)?;
        let Surroundings {
            store, settings, ..
        } = Surroundings::load(err)?;
        let drafts = drafts_of(store.as_ref(), &questionnaire).map_err(|message| {
            let _ = writeln!(err, "{message}");
            Status::Io
        })?;
        Ok(Setup {
            questionnaire,
            store,
            drafts,
            settings,
        })
    }
}

/// The configuration and the drafts folder.
pub struct Surroundings {
    pub config: Config,
    pub store: Option<DraftStore>,
    pub settings: Settings,
}

impl Surroundings {
    pub fn load(err: &mut dyn Write) -> Result<Surroundings, Status> {
        let dirs = Dirs::from_env();
        let config = match dirs.config_file() {
            Some(file) => match super::config::load_config(&file, dirs.home()) {
                Ok(config) => config,
                Err(message) => {
                    let _ = writeln!(err, "{message}");
                    return Err(Status::BadInput);
                }
            },
            None => Config::default(),
        };
        let store = if config.drafts {
            DraftStore::from_dirs(&dirs)
        } else {
            None
        };
        if let Some(store) = &store {
            store.remove_stale_temporaries(std::time::Duration::from_secs(60));
        }
        let settings = Settings {
            // Shown in full in the save box, so the clinician sees where.
            output_dir: config
                .output_dir
                .clone()
                .or_else(|| std::env::current_dir().ok())
                .unwrap_or_else(|| ".".into()),
            formats: config.formats.clone(),
            overwrite: config.overwrite,
            drafts: store.is_some(),
            fhir: config.fhir.options(false),
        };
        // A save killed between writing and renaming leaves its temporary
        // files (patient data) in the results folder.
        crate::store::remove_stale_temporaries(
            &settings.output_dir,
            std::time::Duration::from_secs(60),
        );
        Ok(Surroundings {
            config,
            store,
            settings,
        })
    }
}

/// The drafts of `questionnaire` to offer, or why they cannot be read.
pub fn drafts_of(
    store: Option<&DraftStore>,
    questionnaire: &Questionnaire,
) -> Result<Vec<DraftEntry>, String> {
    match store {
        Some(store) => list_drafts(store, questionnaire)
            .map_err(|message| format!("restless: the drafts cannot be read: {message}")),
        None => Ok(Vec::new()),
    }
}
