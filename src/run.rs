//! What each command does. Output goes to the writers passed in, so the
//! commands are tested without a terminal.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use crate::answers;
use crate::cli::{Cli, Command, Format, TemplateFormat};
use crate::diag::Diagnostic;
use crate::questionnaire::{self, Questionnaire};
use crate::report::fhir;
use crate::report::{Report, Stamp, json_text};
use crate::store::io_reason;
use crate::text::sanitize_line;

/// The built-in questionnaire, compiled in so the program runs with no
/// files around it.
pub const BUILT_IN: &str = include_str!("../questionnaires/rls-screening.toml");
pub const BUILT_IN_NAME: &str = "<built-in>/rls-screening.toml";

/// Exit statuses, documented in `--help`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Success = 0,
    BadInput = 1,
    Usage = 2,
    Io = 3,
    NoTerminal = 4,
    /// Plain mode: the input ended before the screening was finished; the
    /// answers are kept in a draft.
    Unfinished = 5,
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> Self {
        ExitCode::from(status as u8)
    }
}

/// Reads a text file for one of the loaders, refusing what cannot be a
/// sensible input before it costs memory: directories, files over `limit`
/// bytes, and text that is not UTF-8.
pub fn read_text(path: &Path, limit: usize) -> Result<String, String> {
    let shown = sanitize_line(&path.display().to_string()).into_owned();
    let metadata =
        std::fs::metadata(path).map_err(|e| format!("{shown}: cannot read: {}", io_reason(&e)))?;
    if metadata.is_dir() {
        return Err(format!("{shown}: is a directory, not a file"));
    }
    if metadata.len() > limit as u64 {
        return Err(format!(
            "{shown}: the file is {} bytes; the limit is {limit} bytes",
            metadata.len()
        ));
    }
    let bytes =
        std::fs::read(path).map_err(|e| format!("{shown}: cannot read: {}", io_reason(&e)))?;
    // A special file can grow between the size check and the read.
    if bytes.len() > limit {
        return Err(format!(
            "{shown}: the file is larger than the limit of {limit} bytes"
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = crate::diag::utf8_error_at(&e);
        format!(
            "{shown}:{}:{}: the file is not UTF-8 text (invalid byte here)",
            at.line, at.col
        )
    })
}

/// More problems than this in one file are counted, not listed: the first
/// ones are what the person fixes first, and a file of garbage should not
/// flood the terminal.
const MAX_DIAGNOSTICS_SHOWN: usize = 50;

fn print_diagnostics(err: &mut dyn Write, file: &str, source: &str, diagnostics: &[Diagnostic]) {
    for d in diagnostics.iter().take(MAX_DIAGNOSTICS_SHOWN) {
        let _ = writeln!(err, "{}", d.located(file, source));
    }
    if diagnostics.len() > MAX_DIAGNOSTICS_SHOWN {
        let _ = writeln!(
            err,
            "{}: and {} more problems",
            sanitize_line(file),
            diagnostics.len() - MAX_DIAGNOSTICS_SHOWN
        );
    }
}

/// Loads the questionnaire named on the command line, or the built-in one.
pub fn load_questionnaire(
    path: Option<&Path>,
    err: &mut dyn Write,
) -> Result<Questionnaire, Status> {
    let (name, source) = match path {
        None => (BUILT_IN_NAME.to_string(), BUILT_IN.to_string()),
        Some(path) => {
            let source = read_text(path, questionnaire::MAX_FILE_BYTES).map_err(|message| {
                let _ = writeln!(err, "{message}");
                Status::Io
            })?;
            (path.display().to_string(), source)
        }
    };
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

/// A terminal that cannot move the cursor gets plain mode without asking.
fn term_is_dumb() -> bool {
    std::env::var_os("TERM").is_some_and(|term| term == "dumb")
}

/// Runs a parsed command line.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Status {
    match cli.command {
        Some(Command::Validate { files }) => validate(&files, out, err),
        Some(Command::Template { format }) => {
            match load_questionnaire(cli.questionnaire.as_deref(), err) {
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
        Some(Command::Score {
            files,
            format,
            output,
            force,
        }) => match load_questionnaire(cli.questionnaire.as_deref(), err) {
            Ok(q) => {
                let target = match &output {
                    Some(path) => Output::File { path, force },
                    None => Output::Stdout(out),
                };
                score(&q, &files, format, target, err)
            }
            Err(status) => status,
        },
        None if cli.plain || term_is_dumb() => {
            crate::plain::run_plain(cli.questionnaire.as_deref(), cli.summary, err)
        }
        None => crate::tui::run_interactive(cli.questionnaire.as_deref(), cli.summary, err),
    }
}

fn write_out(out: &mut dyn Write, err: &mut dyn Write, text: &str) -> Status {
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Status::Success,
        // A closed pipe (`restless template | head`) is not worth a message.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Status::Success,
        Err(e) => {
            let _ = writeln!(err, "restless: cannot write the output: {}", io_reason(&e));
            Status::Io
        }
    }
}

fn validate(files: &[std::path::PathBuf], out: &mut dyn Write, err: &mut dyn Write) -> Status {
    let mut worst = Status::Success;
    for path in files {
        let name = path.display().to_string();
        let source = match read_text(path, questionnaire::MAX_FILE_BYTES) {
            Ok(source) => source,
            Err(message) => {
                let _ = writeln!(err, "{message}");
                worst = Status::Io;
                continue;
            }
        };
        match questionnaire::load(&source) {
            Ok(q) => {
                let _ = writeln!(
                    out,
                    "{}: ok ({} {}: {} sections, {} items, {} findings, {} recommendations)",
                    sanitize_line(&name),
                    q.id,
                    sanitize_line(&q.version),
                    q.sections.len(),
                    q.items.len(),
                    q.findings.len(),
                    q.recommendations.len()
                );
            }
            Err(diagnostics) => {
                print_diagnostics(err, &name, &source, &diagnostics);
                if worst == Status::Success {
                    worst = Status::BadInput;
                }
            }
        }
    }
    worst
}

/// Reads and checks one answers file, printing its problems.
fn load_answers(
    q: &Questionnaire,
    path: &Path,
    err: &mut dyn Write,
) -> Result<answers::AnswerFile, Status> {
    let name = path.display().to_string();
    let source = read_text(path, answers::MAX_ANSWERS_BYTES).map_err(|message| {
        let _ = writeln!(err, "{message}");
        Status::Io
    })?;
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

/// Where a command's result goes.
pub enum Output<'a> {
    Stdout(&'a mut dyn Write),
    File { path: &'a Path, force: bool },
}

/// Writes a result: to standard output, or to a file atomically, privately
/// and without replacing an existing file unless forced.
fn emit(output: Output, err: &mut dyn Write, bytes: &[u8]) -> Status {
    match output {
        Output::Stdout(out) => write_out(out, err, &String::from_utf8_lossy(bytes)),
        Output::File { path, force } => {
            let written = if force {
                crate::store::write_replace(path, bytes)
            } else {
                crate::store::write_new(path, bytes)
            };
            match written {
                Ok(()) => Status::Success,
                Err(e) => {
                    let e = if e.kind() == crate::store::WriteErrorKind::AlreadyExists {
                        e.with_hint("choose another name, or pass --force to replace it")
                    } else {
                        e
                    };
                    let _ = writeln!(err, "restless: {e}");
                    Status::Io
                }
            }
        }
    }
}

fn score(
    q: &Questionnaire,
    files: &[std::path::PathBuf],
    format: Format,
    output: Output,
    err: &mut dyn Write,
) -> Status {
    if format == Format::Toml && files.len() > 1 {
        let _ = writeln!(
            err,
            "restless: --format toml scores one file at a time (a TOML file holds one result); use --format json for several"
        );
        return Status::Usage;
    }
    let stamp = Stamp::now();
    let mut worst = Status::Success;
    let mut reports = Vec::new();
    for path in files {
        match load_answers(q, path, err) {
            Ok(file) => {
                let report = Report::build(q, &file.answers, &file.identifiers, &stamp);
                if !report.result.complete {
                    let _ = writeln!(
                        err,
                        "{}: warning: {} required question(s) not answered; the result is incomplete",
                        sanitize_line(&path.display().to_string()),
                        report.result.missing.len()
                    );
                }
                reports.push((file, report));
            }
            Err(status) => worst = worst_of(worst, status),
        }
    }
    let text = render(q, &reports, format, files.len() > 1);
    if !reports.is_empty() {
        let status = emit(output, err, &text);
        worst = worst_of(worst, status);
    }
    worst
}

fn worst_of(a: Status, b: Status) -> Status {
    if a == Status::Success { b } else { a }
}

/// The scored files in the requested format. Several files make one JSON
/// array, one FHIR Bundle, or reports one after the other.
fn render(
    q: &Questionnaire,
    scored: &[(answers::AnswerFile, Report)],
    format: Format,
    several: bool,
) -> Vec<u8> {
    match format {
        Format::Json if several => {
            let all: Vec<&Report> = scored.iter().map(|(_, report)| report).collect();
            json_text(&all).into_bytes()
        }
        Format::Fhir if several => {
            let responses: Vec<serde_json::Value> = scored
                .iter()
                .map(|(file, report)| {
                    fhir::response_resource(
                        q,
                        &file.answers,
                        &file.identifiers,
                        report.result.complete,
                        &report.saved.time,
                    )
                })
                .collect();
            json_text(&fhir::bundle(responses)).into_bytes()
        }
        _ => {
            let mut text = Vec::new();
            for (i, (file, report)) in scored.iter().enumerate() {
                if i > 0 {
                    text.extend_from_slice(b"\n\n");
                }
                text.extend(crate::report::render(
                    format.into(),
                    q,
                    &file.answers,
                    &file.identifiers,
                    report,
                ));
            }
            text
        }
    }
}
