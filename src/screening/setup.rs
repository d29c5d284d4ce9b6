//! What a screening needs from the files around it, for either interactive
//! front end: the questionnaire, the configuration, the drafts folder and
//! the drafts found in it.

use std::io::Write;
use std::path::Path;

use super::config::{Config, ConfigChoice};
use super::keeper::list_drafts;
use super::saving::{DraftEntry, Settings};
use crate::answers;
use crate::diag::print_diagnostics;
use crate::questionnaire::{self, BUILT_IN_NAME, Questionnaire};
use crate::status::Status;
use crate::store::sealed::Keys;
use crate::store::{Dirs, DraftStore, create_private_dir, io_reason, read_text};
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

/// Loads an answers file or a saved result (TOML or JSON), saying on
/// `err` what is wrong with it, `FILE:LINE:COL`; warnings are said too.
pub fn load_answers(
    q: &Questionnaire,
    path: &Path,
    err: &mut dyn Write,
) -> Result<answers::AnswerFile, Status> {
    let read = read_text(path, answers::MAX_ANSWERS_BYTES, "an answers file");
    parse_answers(q, path, read, err)
}

/// Checks one answers file (`read`: its text, or why it could not be
/// read), saying its problems on `err`.
pub fn parse_answers(
    q: &Questionnaire,
    path: &Path,
    read: Result<String, String>,
    err: &mut dyn Write,
) -> Result<answers::AnswerFile, Status> {
    let name = crate::store::input_name(path);
    // Patient data: wiped from memory once read.
    let source = zeroize::Zeroizing::new(read.map_err(|message| {
        let _ = writeln!(err, "{message}");
        Status::Io
    })?);
    let loaded = if looks_like_json(&source) {
        answers::load_json(q, &source)
    } else {
        answers::load(q, &source)
    };
    let file = loaded.map_err(|diagnostics| {
        print_diagnostics(err, &name, &source, &diagnostics);
        Status::BadInput
    })?;
    for warning in &file.warnings {
        let _ = writeln!(
            err,
            "{}",
            warning.located(&name, &source).with_prefix("warning: ")
        );
    }
    Ok(file)
}

fn looks_like_json(source: &str) -> bool {
    source.trim_start().starts_with('{')
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
    /// What was cleared at start, to tell the person.
    pub notice: Option<String>,
    /// The clinician PIN, when one is set.
    pub pin: Option<super::pin::PinGuard>,
    /// age public keys results and drafts are sealed to; empty: none.
    pub seal_to: Vec<String>,
    /// The age keys that open sealed drafts.
    pub keys: Option<Keys>,
}

impl Setup {
    /// Loads everything, or says on `err` what is wrong. `identity` is the
    /// age identity file given on the command line, if any.
    pub fn load(
        path: Option<&Path>,
        identity: Option<&Path>,
        config: &ConfigChoice,
        err: &mut dyn Write,
    ) -> Result<Setup, Status> {
        let questionnaire = load_questionnaire(path, err)?;
        let Surroundings {
            store,
            settings,
            notice,
            pin,
            keys,
            config,
        } = Surroundings::load(identity, config, err)?;
        let drafts =
            drafts_of(store.as_ref(), &questionnaire, keys.as_ref()).map_err(|message| {
                let _ = writeln!(err, "{message}");
                Status::Io
            })?;
        Ok(Setup {
            questionnaire,
            store,
            drafts,
            settings,
            notice,
            pin,
            seal_to: config.encrypt_to,
            keys,
        })
    }
}

/// The configuration and the drafts folder.
pub struct Surroundings {
    pub config: Config,
    pub store: Option<DraftStore>,
    pub settings: Settings,
    /// What was cleared at start, to tell the person (a count, no names).
    pub notice: Option<String>,
    /// The clinician PIN, when one is set.
    pub pin: Option<super::pin::PinGuard>,
    /// The age keys that open sealed drafts (`--identity` or the
    /// configuration's `identity`).
    pub keys: Option<Keys>,
}

/// "2 old drafts deleted (over 7 days)", or nothing when none was.
fn expired_notice(count: usize, age: std::time::Duration) -> Option<String> {
    let days = age.as_secs() / (24 * 60 * 60);
    match count {
        0 => None,
        1 => Some(format!("1 old draft deleted (over {days} days)")),
        n => Some(format!("{n} old drafts deleted (over {days} days)")),
    }
}

impl Surroundings {
    pub fn load(
        identity: Option<&Path>,
        choice: &ConfigChoice,
        err: &mut dyn Write,
    ) -> Result<Surroundings, Status> {
        let dirs = Dirs::from_env();
        let config = choice.load(&dirs).map_err(|error| {
            let _ = writeln!(err, "{}", error.message);
            error.status()
        })?;
        if let Some(dir) = &config.output_dir
            && let Err(message) = ready_output_dir(dir)
        {
            let _ = writeln!(err, "restless: {message}");
            return Err(Status::Io);
        }
        let pin = super::pin::load_pin(&dirs).map_err(|message| {
            let _ = writeln!(err, "restless: {message}");
            Status::BadInput
        })?;
        let keys = match identity.or(config.identity.as_deref()) {
            Some(file) => Some(Keys::load(file).map_err(|message| {
                let _ = writeln!(err, "restless: {message}");
                Status::Io
            })?),
            None => None,
        };
        let store = if config.drafts {
            DraftStore::from_dirs(&dirs).map(|store| {
                if config.encrypt_to.is_empty() {
                    store
                } else {
                    store.sealed()
                }
            })
        } else {
            None
        };
        let mut expired = 0;
        if let Some(store) = &store {
            store.remove_stale_temporaries(std::time::Duration::from_secs(60));
            expired = store.remove_expired(config.draft_expiry, std::time::SystemTime::now());
            store.remove_orphan_locks();
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
            clinician: config.clinician.clone(),
            sealed: !config.encrypt_to.is_empty(),
            audience: config.audience,
        };
        // A save killed between writing and renaming leaves its temporary
        // files (patient data) in the results folder.
        crate::store::remove_stale_temporaries(
            &settings.output_dir,
            std::time::Duration::from_secs(60),
        );
        Ok(Surroundings {
            notice: expired_notice(expired, config.draft_expiry),
            pin,
            keys,
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
    keys: Option<&Keys>,
) -> Result<Vec<DraftEntry>, String> {
    match store {
        Some(store) => list_drafts(store, questionnaire, keys)
            .map_err(|message| format!("restless: the drafts cannot be read: {message}")),
        None => Ok(Vec::new()),
    }
}

/// Makes sure results can be saved in the configured folder before any
/// patient answers: a missing folder is created (0700), and one that
/// cannot be written is reported now rather than when a result is saved.
fn ready_output_dir(dir: &Path) -> Result<(), String> {
    let shown = sanitize_line(&dir.display().to_string()).into_owned();
    let fix = "change `output_dir` in the configuration file";
    match std::fs::metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => create_private_dir(dir)
            .map_err(|e| format!("the results folder cannot be created: {e}; {fix}")),
        Err(e) => Err(format!(
            "{shown}: the results folder cannot be used: {}; {fix}",
            io_reason(&e)
        )),
        Ok(meta) if !meta.is_dir() => Err(format!(
            "{shown}: the results folder is not a folder; {fix}"
        )),
        Ok(_) => {
            use rustix::fs::{Access, access};
            access(dir, Access::WRITE_OK | Access::EXEC_OK).map_err(|e| {
                format!(
                    "{shown}: results cannot be saved in this folder: {}; {fix}",
                    io_reason(&std::io::Error::from(e))
                )
            })
        }
    }
}
