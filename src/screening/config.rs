//! The configuration file, `$XDG_CONFIG_HOME/restless/config.toml`
//! (`~/.config/restless/config.toml` by default). It is optional, and so is
//! every key in it; a key that is not listed here is an error, reported as
//! `FILE:LINE:COL` like every other file problem. This sample shows every key
//! with its default:
//!
//! ```toml
//! # Folder where results are saved. `~/` stands for your home directory.
//! # Default: the current directory at the time of saving.
//! # output_dir = "~/screenings"
//!
//! # Formats written each time a result is saved, one file per format.
//! # Any of "toml" (the answers and result, readable by `restless score`),
//! # "json", "fhir" (an HL7 FHIR R4 QuestionnaireResponse), "markdown" (a
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
//! # Whom the result screen speaks to first: "clinician" (thresholds, rule
//! # ids and sources) or "patient" (plain words). `v` switches on the
//! # screen; `view patient` or `view clinician` in plain mode.
//! audience = "clinician"
//! ```

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Diagnostic, did_you_mean};
use crate::questionnaire::toml_error;
use crate::report::{Audience, Format};
use crate::store::io_reason;
use crate::text::sanitize_line;

/// Configuration files larger than this are refused before parsing; the
/// whole sample above is under 2 KiB.
pub const MAX_CONFIG_BYTES: usize = 64 * 1024;

/// A day: anything longer is the same as not locking, which `lock = false`
/// says plainly.
const MAX_LOCK_MINUTES: f64 = 24.0 * 60.0;

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
    pub audience: Audience,
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
    audience: Option<Spanned<String>>,
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

/// Reads and parses the configuration file at `path`. A missing file is not
/// an error: it means every default. Errors come as lines ready to print,
/// `FILE:LINE:COL: message` (with an indented `help:` line when there is
/// advice), or `FILE: message` when the file could not be read at all.
pub fn load_config(path: &Path, home: Option<&Path>) -> Result<Config, String> {
    let shown = sanitize_line(&path.display().to_string()).into_owned();
    let cannot_read = |e: io::Error| format!("{shown}: cannot read: {}", io_reason(&e));
    // Looked at before opening: opening a named pipe would wait forever.
    let metadata = match fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(e) => return Err(cannot_read(e)),
    };
    if metadata.is_dir() {
        return Err(format!("{shown}: is a directory, not a file"));
    }
    if !metadata.is_file() {
        return Err(format!("{shown}: is not a regular file"));
    }
    let file = File::open(path).map_err(cannot_read)?;
    // Read at most one byte more than allowed: the size in the metadata can
    // be out of date (a file still growing), what was read cannot.
    let mut bytes = Vec::new();
    file.take(MAX_CONFIG_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot_read)?;
    if bytes.len() > MAX_CONFIG_BYTES {
        return Err(format!(
            "{shown}: the file is larger than {MAX_CONFIG_BYTES} bytes, the limit for a configuration file"
        ));
    }
    let source = String::from_utf8(bytes).map_err(|e| {
        let at = crate::diag::utf8_error_at(&e);
        format!(
            "{shown}:{}:{}: the file is not UTF-8 text (invalid byte here)",
            at.line, at.col
        )
    })?;
    parse_config(&source, home).map_err(|diagnostics| {
        diagnostics
            .iter()
            .map(|d| d.located(&shown, &source).to_string())
            .collect::<Vec<_>>()
            .join("\n")
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
    fn lock_bounds() {
        assert_eq!(lock_after(0.05).unwrap(), Duration::from_secs(3));
        assert_eq!(lock_after(1440.0).unwrap(), Duration::from_secs(86_400));
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY, 1440.5, 1e300] {
            assert!(lock_after(bad).is_err(), "{bad}");
        }
    }
}
