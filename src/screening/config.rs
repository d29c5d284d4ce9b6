//! The configuration file, `$XDG_CONFIG_HOME/restless/config.toml`
//! (`~/.config/restless/config.toml` by default). It is optional, and so is
//! every key in it; a key that is not listed here is an error, reported as
//! `FILE:LINE:COL` like every other file problem. This sample shows every key
//! with its default:
//!
//! ```toml
//! # Folder where results are saved. `~/` stands for your home directory.
//! # Checked at start: created (0700) when missing; restless does not start
//! # when results could not be saved there.
//! # Default: the current directory at the time of saving.
//! # output_dir = "~/screenings"
//!
//! # Formats written each time a result is saved, one file per format.
//! # Any of "toml" (the answers and result, readable by `restless score`),
//! # "json", "fhir" (an HL7 FHIR R4 Bundle), "markdown" (a
//! # printable report), "text" and "summary" (20 lines of ASCII for a record).
//! formats = ["toml", "markdown"]
//!
//! # Hide the screen after this many minutes without a key press, so that
//! # answers are not left on show at an unattended desk. Decimals are
//! # allowed; at most 1440 (a day).
//! lock_after_minutes = 3
//!
//! # Whether to lock the screen at all.
//! lock = true
//!
//! # Keep a draft of the answers while a screening is in progress, so that
//! # a crash or a closed terminal loses nothing. Drafts are kept, readable by
//! # you only, in ~/.local/share/restless/drafts and removed when the result
//! # is saved or the screening is discarded.
//! drafts = true
//!
//! # Replace an existing file of the same name when saving, instead of
//! # refusing (the same as passing --force).
//! overwrite = false
//!
//! # Delete unfinished screenings (drafts) older than this many days when
//! # restless starts; from 1 to 365.
//! draft_expiry_days = 7
//!
//! # The clinician field filled in for every patient (it can still be
//! # changed on the welcome screen). Default: empty.
//! # clinician = "Dr A. Example"
//!
//! # Write every result and draft encrypted (age format, `.age` added to
//! # the name) to these age public keys, so that this computer holds no
//! # readable patient data. Default: not encrypted.
//! # encrypt_to = ["age1…"]
//!
//! # The age identity file (private key) that reads encrypted drafts and
//! # results, if this computer may read them (the same as --identity).
//! # identity = "~/.config/restless/identity.txt"
//!
//! # Whom the result screen speaks to first: "clinician" (thresholds, rule
//! # ids and sources) or "patient" (plain words). `v` switches on the
//! # screen; `view patient` or `view clinician` in plain mode.
//! audience = "clinician"
//!
//! # Let the mouse pick options, go to sections and scroll. Turn it off to
//! # select text with the mouse as the terminal itself does.
//! mouse = true
//!
//! # FHIR exports name the patient and the clinician by identifier: which
//! # identifier fields hold them, and the identifier system (a URI of the
//! # clinic's own) each value belongs to. Without a system, the value is
//! # sent alone.
//! [fhir]
//! patient_identifier = "patient_id"
//! # patient_system = "https://clinic.example/patients"
//! clinician_identifier = "clinician"
//! # clinician_system = "https://clinic.example/staff"
//! ```

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Diagnostic, did_you_mean};
use crate::questionnaire::toml_error;
use crate::report::{Audience, Format};
use crate::text::sanitize_line;

/// Configuration files larger than this are refused before parsing; the
/// whole sample above is under 2 KiB.
pub const MAX_CONFIG_BYTES: usize = 64 * 1024;

/// A day: anything longer is the same as not locking, which `lock = false`
/// says plainly.
const MAX_LOCK_MINUTES: f64 = 24.0 * 60.0;

/// How long drafts are kept unless the configuration says otherwise.
const DEFAULT_DRAFT_EXPIRY_DAYS: u64 = 7;
/// A year: drafts older than that are of no use to anyone.
const MAX_DRAFT_EXPIRY_DAYS: u64 = 365;
/// The built-in questionnaire's clinician field takes 60 characters.
const MAX_CLINICIAN_CHARS: usize = 60;

const fn days(n: u64) -> Duration {
    Duration::from_secs(n * 24 * 60 * 60)
}

/// The configuration with every default filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Where results are saved, with `~/` expanded; `None` means the
    /// current directory at the time of saving.
    pub output_dir: Option<PathBuf>,
    /// Never empty, no duplicates, in the order given.
    pub formats: Vec<Format>,
    pub lock_after: Duration,
    pub lock: bool,
    pub drafts: bool,
    pub overwrite: bool,
    pub fhir: FhirIdentifiers,
    /// Capture the mouse in the full-screen interface.
    pub mouse: bool,
    /// Drafts older than this are deleted at start.
    pub draft_expiry: Duration,
    /// The clinician field's value for every new screening.
    pub clinician: Option<String>,
    /// age public keys every result and draft is sealed to; empty: none.
    pub encrypt_to: Vec<String>,
    /// The age identity file that opens sealed files.
    pub identity: Option<PathBuf>,
    pub audience: Audience,
}

/// Which identifier fields name the patient and the clinician in FHIR
/// exports, and the identifier systems their values belong to.
#[derive(Debug, Clone, PartialEq)]
pub struct FhirIdentifiers {
    pub patient_identifier: String,
    pub patient_system: Option<String>,
    pub clinician_identifier: String,
    pub clinician_system: Option<String>,
}

impl FhirIdentifiers {
    /// The FHIR export's options for these identifiers, framed as
    /// `transaction` asks.
    pub fn options(&self, transaction: bool) -> crate::report::fhir::Options {
        use crate::report::fhir::{IdentifierUse, Options};
        Options {
            transaction,
            patient: IdentifierUse {
                field: self.patient_identifier.clone(),
                system: self.patient_system.clone(),
            },
            clinician: IdentifierUse {
                field: self.clinician_identifier.clone(),
                system: self.clinician_system.clone(),
            },
        }
    }
}

impl Default for FhirIdentifiers {
    fn default() -> Self {
        FhirIdentifiers {
            patient_identifier: "patient_id".into(),
            patient_system: None,
            clinician_identifier: "clinician".into(),
            clinician_system: None,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            output_dir: None,
            formats: vec![Format::Toml, Format::Markdown],
            lock_after: Duration::from_secs(3 * 60),
            lock: true,
            drafts: true,
            overwrite: false,
            fhir: FhirIdentifiers::default(),
            mouse: true,
            draft_expiry: days(DEFAULT_DRAFT_EXPIRY_DAYS),
            clinician: None,
            encrypt_to: Vec::new(),
            identity: None,
            audience: Audience::Clinician,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    output_dir: Option<Spanned<String>>,
    formats: Option<Spanned<Vec<Spanned<String>>>>,
    lock_after_minutes: Option<Spanned<f64>>,
    lock: Option<bool>,
    drafts: Option<bool>,
    overwrite: Option<bool>,
    fhir: Option<RawFhir>,
    mouse: Option<bool>,
    draft_expiry_days: Option<Spanned<i64>>,
    clinician: Option<Spanned<String>>,
    encrypt_to: Option<Vec<Spanned<String>>>,
    identity: Option<Spanned<String>>,
    audience: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFhir {
    patient_identifier: Option<String>,
    patient_system: Option<Spanned<String>>,
    clinician_identifier: Option<String>,
    clinician_system: Option<Spanned<String>>,
}

/// Parses a configuration file's text. `home` expands a leading `~/` in
/// `output_dir`. Returns every problem found, not just the first.
pub fn parse_config(source: &str, home: Option<&Path>) -> Result<Config, Vec<Diagnostic>> {
    if source.len() > MAX_CONFIG_BYTES {
        return Err(vec![too_large(source.len())]);
    }
    let raw: RawConfig = toml::from_str(source).map_err(|e| vec![toml_error(&e)])?;
    let mut diagnostics = Vec::new();
    let mut config = Config::default();

    if let Some(dir) = raw.output_dir {
        match expand_home(dir.get_ref(), home) {
            Ok(path) => config.output_dir = Some(path),
            Err(d) => diagnostics.push(d.spanned(dir.span())),
        }
    }
    if let Some(list) = raw.formats {
        match formats(&list) {
            Ok(formats) => config.formats = formats,
            Err(mut ds) => diagnostics.append(&mut ds),
        }
    }
    if let Some(minutes) = raw.lock_after_minutes {
        match lock_after(*minutes.get_ref()) {
            Ok(duration) => config.lock_after = duration,
            Err(d) => diagnostics.push(d.spanned(minutes.span())),
        }
    }
    config.lock = raw.lock.unwrap_or(config.lock);
    config.drafts = raw.drafts.unwrap_or(config.drafts);
    config.overwrite = raw.overwrite.unwrap_or(config.overwrite);
    if let Some(fhir) = raw.fhir {
        config.fhir = fhir_identifiers(fhir, &config.fhir, &mut diagnostics);
    }
    config.mouse = raw.mouse.unwrap_or(config.mouse);
    workstation_keys(
        WorkstationKeys {
            draft_expiry_days: raw.draft_expiry_days,
            clinician: raw.clinician,
            encrypt_to: raw.encrypt_to,
            identity: raw.identity,
        },
        home,
        &mut config,
        &mut diagnostics,
    );
    if let Some(audience) = raw.audience {
        match Audience::from_name(audience.get_ref()) {
            Some(audience) => config.audience = audience,
            None => diagnostics.push(
                Problem::new(format!(
                    "`{}` is not an audience",
                    sanitize_line(audience.get_ref())
                ))
                .help("write \"patient\" or \"clinician\"")
                .spanned(audience.span()),
            ),
        }
    }

    if diagnostics.is_empty() {
        Ok(config)
    } else {
        Err(diagnostics)
    }
}

/// The `[fhir]` table: which identifier fields name the patient and the
/// clinician, and their identifier systems (absolute URIs).
fn fhir_identifiers(
    fhir: RawFhir,
    defaults: &FhirIdentifiers,
    diagnostics: &mut Vec<Diagnostic>,
) -> FhirIdentifiers {
    let mut system = |value: Option<Spanned<String>>| {
        let value = value?;
        let uri = value.get_ref();
        if uri.contains(':') && !uri.contains(char::is_whitespace) {
            Some(uri.clone())
        } else {
            diagnostics.push(
                Problem::new("an identifier system must be an absolute URI")
                    .help("for example \"https://clinic.example/patients\" or \"urn:oid:1.2.3.4\"")
                    .spanned(value.span()),
            );
            None
        }
    };
    FhirIdentifiers {
        patient_system: system(fhir.patient_system),
        clinician_system: system(fhir.clinician_system),
        patient_identifier: fhir
            .patient_identifier
            .unwrap_or_else(|| defaults.patient_identifier.clone()),
        clinician_identifier: fhir
            .clinician_identifier
            .unwrap_or_else(|| defaults.clinician_identifier.clone()),
    }
}

/// The keys of a shared workstation: draft expiry, the default clinician,
/// encryption at rest and the key that reads it.
struct WorkstationKeys {
    draft_expiry_days: Option<Spanned<i64>>,
    clinician: Option<Spanned<String>>,
    encrypt_to: Option<Vec<Spanned<String>>>,
    identity: Option<Spanned<String>>,
}

fn workstation_keys(
    keys: WorkstationKeys,
    home: Option<&Path>,
    config: &mut Config,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if let Some(expiry) = keys.draft_expiry_days {
        match u64::try_from(*expiry.get_ref()) {
            Ok(n) if (1..=MAX_DRAFT_EXPIRY_DAYS).contains(&n) => config.draft_expiry = days(n),
            _ => diagnostics.push(
                Problem::new(format!(
                    "`draft_expiry_days` must be a whole number of days from 1 to {MAX_DRAFT_EXPIRY_DAYS}, not {}",
                    expiry.get_ref()
                ))
                .spanned(expiry.span()),
            ),
        }
    }
    if let Some(name) = keys.clinician {
        let clean = sanitize_line(name.get_ref().trim()).into_owned();
        if clean.chars().count() > MAX_CLINICIAN_CHARS {
            diagnostics.push(
                Problem::new(format!(
                    "`clinician` may be at most {MAX_CLINICIAN_CHARS} characters"
                ))
                .spanned(name.span()),
            );
        } else if !clean.is_empty() {
            config.clinician = Some(clean);
        }
    }

    for key in keys.encrypt_to.into_iter().flatten() {
        match crate::store::sealed::check_recipient(key.get_ref()) {
            Ok(()) => config.encrypt_to.push(key.get_ref().trim().to_string()),
            Err(message) => diagnostics.push(
                Problem::new(message)
                    .help("write the clinic's public key as `age-keygen -y` prints it")
                    .spanned(key.span()),
            ),
        }
    }
    if let Some(file) = keys.identity {
        match expand_home(file.get_ref(), home) {
            Ok(path) => config.identity = Some(path),
            Err(d) => diagnostics.push(d.spanned(file.span())),
        }
    }
}

/// The environment variable that names a configuration file, as
/// `--config` does.
pub const CONFIG_VAR: &str = "RESTLESS_CONFIG";

/// Which configuration a run reads.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ConfigChoice {
    /// `config.toml` in the configuration directory, if there is one.
    #[default]
    Usual,
    /// A file the person named: missing is an error, not the defaults.
    /// `by` says how it was named, for the messages.
    Named { path: PathBuf, by: &'static str },
    /// No file at all: every default (`--no-config`).
    Defaults,
}

impl ConfigChoice {
    /// `--no-config` wins, then `--config FILE`, then `RESTLESS_CONFIG`
    /// (`env`, its value; empty is the same as unset), then the usual file.
    pub fn resolve(flag: Option<&Path>, no_config: bool, env: Option<&OsStr>) -> Self {
        if no_config {
            return ConfigChoice::Defaults;
        }
        if let Some(path) = flag {
            return ConfigChoice::Named {
                path: path.to_path_buf(),
                by: "--config",
            };
        }
        match env.filter(|value| !value.is_empty()) {
            Some(value) => ConfigChoice::Named {
                path: PathBuf::from(value),
                by: CONFIG_VAR,
            },
            None => ConfigChoice::Usual,
        }
    }

    /// [`ConfigChoice::resolve`] with this process's `RESTLESS_CONFIG`.
    pub fn from_env(flag: Option<&Path>, no_config: bool) -> Self {
        ConfigChoice::resolve(flag, no_config, std::env::var_os(CONFIG_VAR).as_deref())
    }

    /// The configuration chosen, with `~/` expanded from `dirs`.
    pub fn load(&self, dirs: &crate::store::Dirs) -> Result<Config, ConfigError> {
        match self {
            ConfigChoice::Usual => match dirs.config_file() {
                Some(file) => read_config(&file, dirs.home(), true),
                None => Ok(Config::default()),
            },
            ConfigChoice::Named { path, by } => {
                read_config(path, dirs.home(), false).map_err(|mut error| {
                    error.message.push_str(&format!(
                        "\nrestless: the configuration file was named by {by}; --no-config uses the defaults"
                    ));
                    error
                })
            }
            ConfigChoice::Defaults => Ok(Config::default()),
        }
    }
}

/// Why the configuration cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file could not be read at all (rather than read and found wrong).
    pub unreadable: bool,
    /// Lines ready to print.
    pub message: String,
}

impl ConfigError {
    /// The exit status it calls for.
    pub fn status(&self) -> crate::status::Status {
        if self.unreadable {
            crate::status::Status::Io
        } else {
            crate::status::Status::BadInput
        }
    }
}

/// Reads and parses the configuration file at `path`. A missing file is not
/// an error: it means every default. Errors come as lines ready to print,
/// `FILE:LINE:COL: message` (with an indented `help:` line when there is
/// advice), or `FILE: message` when the file could not be read at all.
pub fn load_config(path: &Path, home: Option<&Path>) -> Result<Config, String> {
    read_config(path, home, true).map_err(|error| error.message)
}

/// [`load_config`], where a missing file means the defaults only when
/// `missing_is_default`.
fn read_config(
    path: &Path,
    home: Option<&Path>,
    missing_is_default: bool,
) -> Result<Config, ConfigError> {
    let shown = sanitize_line(&path.display().to_string()).into_owned();
    let bounds = crate::store::read::Bounds {
        what: "the file",
        limit: MAX_CONFIG_BYTES,
        limit_of: "a configuration file",
        follow_links: true,
    };
    let source = match crate::store::read::read_bounded(path, &bounds) {
        Ok(source) => source,
        Err(e) if missing_is_default && e.kind == crate::store::read::ReadErrorKind::NotFound => {
            return Ok(Config::default());
        }
        Err(e) => {
            return Err(ConfigError {
                unreadable: true,
                message: e.message,
            });
        }
    };
    parse_config(&source, home).map_err(|diagnostics| ConfigError {
        unreadable: false,
        message: diagnostics
            .iter()
            .map(|d| d.located(&shown, &source).to_string())
            .collect::<Vec<_>>()
            .join("\n"),
    })
}

fn too_large(len: usize) -> Diagnostic {
    Diagnostic::new(
        0..0,
        format!(
            "the file is {len} bytes; a configuration file may be at most {MAX_CONFIG_BYTES} bytes"
        ),
    )
}

/// A problem whose place is the value it concerns.
#[derive(Debug)]
struct Problem {
    message: String,
    help: Option<String>,
}

impl Problem {
    fn new(message: impl Into<String>) -> Self {
        Problem {
            message: message.into(),
            help: None,
        }
    }

    fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    fn spanned(self, span: std::ops::Range<usize>) -> Diagnostic {
        let diagnostic = Diagnostic::new(span, self.message);
        match self.help {
            Some(help) => diagnostic.with_help(help),
            None => diagnostic,
        }
    }
}

fn expand_home(value: &str, home: Option<&Path>) -> Result<PathBuf, Problem> {
    if value.is_empty() {
        return Err(Problem::new("`output_dir` is empty")
            .help("remove the key to save in the current directory"));
    }
    let rest = match value.strip_prefix('~') {
        None => return Ok(PathBuf::from(value)),
        Some(rest) => rest,
    };
    let rest = if rest.is_empty() {
        ""
    } else if let Some(rest) = rest.strip_prefix('/') {
        rest
    } else {
        return Err(
            Problem::new("only `~/` (your own home directory) is expanded")
                .help("write the full path"),
        );
    };
    match home {
        Some(home) => Ok(home.join(rest)),
        None => Err(
            Problem::new("`~` cannot be expanded: HOME is not set to an absolute path")
                .help("write the full path"),
        ),
    }
}

fn formats(list: &Spanned<Vec<Spanned<String>>>) -> Result<Vec<Format>, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let mut formats: Vec<Format> = Vec::new();
    if list.get_ref().is_empty() {
        diagnostics.push(
            Problem::new("`formats` is empty; a result needs at least one format")
                .help("remove the key for the default, [\"toml\", \"markdown\"]")
                .spanned(list.span()),
        );
    }
    let names = Format::ALL.map(Format::name);
    for item in list.get_ref() {
        let name = item.get_ref();
        match Format::from_name(name) {
            Some(format) if formats.contains(&format) => diagnostics.push(
                Problem::new(format!("format `{name}` is listed twice")).spanned(item.span()),
            ),
            Some(format) => formats.push(format),
            None => {
                let problem = Problem::new(format!(
                    "unknown format `{name}`; expected one of: {}",
                    names.join(", ")
                ));
                let problem = match did_you_mean(name, names) {
                    Some(guess) => problem.help(format!("did you mean `{guess}`?")),
                    None => problem,
                };
                diagnostics.push(problem.spanned(item.span()));
            }
        }
    }
    if diagnostics.is_empty() {
        Ok(formats)
    } else {
        Err(diagnostics)
    }
}

fn lock_after(minutes: f64) -> Result<Duration, Problem> {
    if !minutes.is_finite() || minutes <= 0.0 {
        return Err(Problem::new(format!(
            "`lock_after_minutes` must be a number greater than 0, not {minutes}"
        ))
        .help("to never lock the screen, write `lock = false`"));
    }
    if minutes > MAX_LOCK_MINUTES {
        return Err(Problem::new(format!(
            "`lock_after_minutes` may be at most {MAX_LOCK_MINUTES} (a day), not {minutes}"
        ))
        .help("to never lock the screen, write `lock = false`"));
    }
    // Cannot fail within the bounds checked above; the fallback only keeps
    // this free of panics.
    Ok(Duration::try_from_secs_f64(minutes * 60.0).unwrap_or(Duration::from_secs(3 * 60)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sample in this module's documentation, which is what users copy.
    fn documented_sample() -> String {
        let source = include_str!("config.rs");
        let block = source
            .split("//! ```toml\n")
            .nth(1)
            .and_then(|rest| rest.split("//! ```\n").next())
            .unwrap();
        block
            .lines()
            .map(|line| {
                line.strip_prefix("//! ")
                    .unwrap_or(line.trim_start_matches("//!"))
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn the_documented_sample_parses_to_the_defaults() {
        let sample = documented_sample();
        assert!(sample.contains("overwrite = false"), "{sample}");
        assert_eq!(parse_config(&sample, None).unwrap(), Config::default());
        // The commented-out `output_dir` example is valid too.
        let uncommented = sample.replace("# output_dir", "output_dir");
        let config = parse_config(&uncommented, Some(Path::new("/home/a"))).unwrap();
        assert_eq!(
            config.output_dir.as_deref(),
            Some(Path::new("/home/a/screenings"))
        );
    }

    #[test]
    fn the_configuration_chosen() {
        let file = Some(Path::new("/c.toml"));
        let env = Some(OsStr::new("/e.toml"));
        let named = |path: &str, by| ConfigChoice::Named {
            path: path.into(),
            by,
        };
        assert_eq!(
            ConfigChoice::resolve(None, false, None),
            ConfigChoice::Usual
        );
        assert_eq!(
            ConfigChoice::resolve(None, false, Some(OsStr::new(""))),
            ConfigChoice::Usual
        );
        assert_eq!(
            ConfigChoice::resolve(None, false, env),
            named("/e.toml", CONFIG_VAR)
        );
        assert_eq!(
            ConfigChoice::resolve(file, false, env),
            named("/c.toml", "--config")
        );
        assert_eq!(
            ConfigChoice::resolve(file, true, env),
            ConfigChoice::Defaults
        );
        assert_eq!(
            ConfigChoice::resolve(None, true, env),
            ConfigChoice::Defaults
        );
    }

    #[test]
    fn home_expansion() {
        let home = Some(Path::new("/h"));
        assert_eq!(expand_home("~", home).unwrap(), Path::new("/h"));
        assert_eq!(expand_home("~/", home).unwrap(), Path::new("/h/"));
        assert_eq!(expand_home("~/r/s", home).unwrap(), Path::new("/h/r/s"));
        assert_eq!(expand_home("/abs", None).unwrap(), Path::new("/abs"));
        assert_eq!(expand_home("rel/~", None).unwrap(), Path::new("rel/~"));
        assert!(expand_home("~other/r", home).is_err());
        assert!(expand_home("~/r", None).is_err());
        assert!(expand_home("", home).is_err());
    }

    #[test]
    fn draft_expiry_and_clinician() {
        let config =
            parse_config("draft_expiry_days = 2\nclinician = \" Dr Who \"\n", None).unwrap();
        assert_eq!(config.draft_expiry, Duration::from_secs(2 * 86_400));
        assert_eq!(config.clinician.as_deref(), Some("Dr Who"));
        for bad in ["0", "-1", "366", "1.5"] {
            assert!(
                parse_config(&format!("draft_expiry_days = {bad}\n"), None).is_err(),
                "{bad}"
            );
        }
        let long = format!("clinician = \"{}\"\n", "x".repeat(61));
        assert!(parse_config(&long, None).is_err());
    }

    #[test]
    fn lock_bounds() {
        assert_eq!(lock_after(0.05).unwrap(), Duration::from_secs(3));
        assert_eq!(lock_after(1440.0).unwrap(), Duration::from_secs(86_400));
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY, 1440.5, 1e300] {
            assert!(lock_after(bad).is_err(), "{bad}");
        }
    }
}
