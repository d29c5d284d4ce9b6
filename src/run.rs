//! What each command does. Output goes to the writers passed in, so the
//! commands are tested without a terminal.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering as AtomicOrdering};
use std::sync::mpsc;

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
            fhir_transaction,
        }) => match load_questionnaire(cli.questionnaire.as_deref(), err) {
            Ok(q) => {
                let fhir = match fhir_options(format, fhir_transaction, err) {
                    Ok(fhir) => fhir,
                    Err(status) => return status,
                };
                let target = match &output {
                    Some(path) => Output::File { path, force },
                    None => Output::Stdout(out),
                };
                score(&q, &files, format, &fhir, target, err)
            }
            Err(status) => status,
        },
        None if cli.plain || term_is_dumb() => {
            crate::plain::run_plain(cli.questionnaire.as_deref(), cli.summary, err)
        }
        None => crate::tui::run_interactive(cli.questionnaire.as_deref(), cli.summary, err),
    }
}

/// How FHIR results name the patient and clinician: the configuration's
/// `[fhir]` table, read only when the output is FHIR.
fn fhir_options(
    format: Format,
    transaction: bool,
    err: &mut dyn Write,
) -> Result<fhir::Options, Status> {
    let defaults = crate::store::FhirIdentifiers::default();
    if format != Format::Fhir {
        return Ok(fhir::Options::from_config(&defaults, transaction));
    }
    let dirs = crate::store::Dirs::from_env();
    let identifiers = match dirs.config_file() {
        Some(file) => {
            crate::store::load_config(&file, dirs.home())
                .map_err(|message| {
                    let _ = writeln!(err, "{message}");
                    Status::BadInput
                })?
                .fhir
        }
        None => defaults,
    };
    Ok(fhir::Options::from_config(&identifiers, transaction))
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
                for warning in &q.warnings {
                    let _ = writeln!(
                        err,
                        "{}",
                        warning.located(&name, &source).with_prefix("warning: ")
                    );
                }
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

/// Scores every file and writes the results in order, as they are ready:
/// to standard output, or to a file that appears (atomically, privately,
/// never over another unless forced) only once every result is in it.
fn score(
    q: &Questionnaire,
    files: &[std::path::PathBuf],
    format: Format,
    fhir: &fhir::Options,
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
    let scorer = Scorer {
        q,
        format,
        several: files.len() > 1,
        stamp: Stamp::now(),
        fhir,
    };
    let mut worst = Status::Success;
    let written = match output {
        Output::Stdout(out) => match scorer.write_all(files, out, err, &mut worst) {
            Ok(_) => Ok(()),
            // A closed pipe (`restless score ... | head`) is not worth a
            // message.
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
            Err(e) => {
                let _ = writeln!(err, "restless: cannot write the output: {}", io_reason(&e));
                Err(Status::Io)
            }
        },
        Output::File { path, force } => crate::store::write_streamed(path, force, |file| {
            scorer.write_all(files, file, err, &mut worst)
        })
        .map(|_| ())
        .map_err(|e| {
            let e = if e.kind() == crate::store::WriteErrorKind::AlreadyExists {
                e.with_hint("choose another name, or pass --force to replace it")
            } else {
                e
            };
            let _ = writeln!(err, "restless: {e}");
            Status::Io
        }),
    };
    match written {
        Ok(()) => worst,
        Err(status) => worst_of(worst, status),
    }
}

fn worst_of(a: Status, b: Status) -> Status {
    if a == Status::Success { b } else { a }
}

/// Results each worker may have scored ahead of the writer.
const IN_FLIGHT: usize = 32;

struct Scorer<'q> {
    q: &'q Questionnaire,
    format: Format,
    several: bool,
    stamp: Stamp,
    fhir: &'q fhir::Options,
}

/// One file scored: its part of the output, what to say about it on
/// standard error, and how it went.
struct Scored {
    output: Option<Vec<u8>>,
    messages: Vec<u8>,
    status: Status,
}

impl Scorer<'_> {
    /// Scores `files` on every core, batch by batch, and writes the results
    /// in the order of the files. Returns whether anything was scored.
    fn write_all(
        &self,
        files: &[std::path::PathBuf],
        out: &mut dyn Write,
        err: &mut dyn Write,
        worst: &mut Status,
    ) -> io::Result<bool> {
        let workers = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(files.len());
        let mut written = 0;
        let mut take = |one: Scored| -> io::Result<()> {
            let _ = err.write_all(&one.messages);
            *worst = worst_of(*worst, one.status);
            if let Some(piece) = one.output {
                self.write_piece(out, written, &piece)?;
                written += 1;
            }
            Ok(())
        };
        if workers <= 1 {
            for (index, path) in files.iter().enumerate() {
                take(self.score_one(index, path))?;
            }
        } else {
            // Workers take the files in order and score them; this thread
            // puts the results back in order and writes them as soon as
            // the next one is there. The bounded channel keeps the results
            // waiting to be written few, whatever the speed of the output.
            let next = AtomicUsize::new(0);
            let (sender, receiver) = mpsc::sync_channel::<(usize, Scored)>(workers * IN_FLIGHT);
            std::thread::scope(|scope| -> io::Result<()> {
                for _ in 0..workers {
                    let sender = sender.clone();
                    let next = &next;
                    scope.spawn(move || {
                        loop {
                            let index = next.fetch_add(1, AtomicOrdering::Relaxed);
                            let Some(path) = files.get(index) else {
                                return;
                            };
                            // The receiver is gone when writing failed.
                            if sender.send((index, self.score_one(index, path))).is_err() {
                                return;
                            }
                        }
                    });
                }
                drop(sender);
                let mut waiting = BTreeMap::new();
                let mut expected = 0;
                for (index, scored) in receiver {
                    waiting.insert(index, scored);
                    while let Some(scored) = waiting.remove(&expected) {
                        take(scored)?;
                        expected += 1;
                    }
                }
                Ok(())
            })?;
        }
        if written > 0 {
            self.write_end(out)?;
        }
        out.flush()?;
        Ok(written > 0)
    }

    /// Scores the file at `index` of the files given.
    fn score_one(&self, index: usize, path: &Path) -> Scored {
        let q = self.q;
        let mut messages = Vec::new();
        let file = match load_answers(q, path, &mut messages) {
            Ok(file) => file,
            Err(status) => {
                return Scored {
                    output: None,
                    messages,
                    status,
                };
            }
        };
        let report = Report::build(q, &file.answers, &file.identifiers, &self.stamp)
            .screened_at(file.screened.clone());
        if !report.result.complete {
            let _ = writeln!(
                messages,
                "{}: warning: {} required question(s) not answered; the result is incomplete",
                sanitize_line(&path.display().to_string()),
                report.result.missing.len()
            );
        }
        let output = match self.format {
            // The entries of this result, for the one Bundle of all.
            Format::Fhir if self.several => {
                let entries = fhir::result_entries(
                    q,
                    &file.answers,
                    &file.identifiers,
                    &report,
                    self.fhir,
                    index,
                );
                let pieces: Vec<Vec<u8>> = entries
                    .iter()
                    .map(|entry| indented(json_text(entry).as_bytes(), b"    "))
                    .collect();
                pieces.join(&b","[..])
            }
            format => crate::report::render(
                format.into(),
                q,
                &file.answers,
                &file.identifiers,
                &report,
                self.fhir,
            ),
        };
        let output = match self.format {
            Format::Json if self.several => indented(&output, b"  "),
            _ => output,
        };
        Scored {
            output: Some(output),
            messages,
            status: Status::Success,
        }
    }

    /// Several files make one JSON array, one FHIR Bundle, or reports one
    /// after the other; each piece is written as the pretty printer would
    /// have written it inside the whole.
    fn write_piece(&self, out: &mut dyn Write, index: usize, piece: &[u8]) -> io::Result<()> {
        if !self.several {
            return out.write_all(piece);
        }
        match self.format {
            Format::Json | Format::Fhir => {
                if index == 0 {
                    if self.format == Format::Json {
                        out.write_all(b"[")?;
                    } else {
                        write!(
                            out,
                            "{{\n  \"resourceType\": \"Bundle\",\n  \"type\": \"{}\",\n  \"entry\": [",
                            fhir::bundle_type(self.fhir)
                        )?;
                        let system = crate::report::fhir_code_system_entry(self.q, self.fhir);
                        out.write_all(&indented(json_text(&system).as_bytes(), b"    "))?;
                        out.write_all(b",")?;
                    }
                } else {
                    out.write_all(b",")?;
                }
                out.write_all(piece)
            }
            _ => {
                if index > 0 {
                    out.write_all(b"\n\n")?;
                }
                out.write_all(piece)
            }
        }
    }

    fn write_end(&self, out: &mut dyn Write) -> io::Result<()> {
        if !self.several {
            return Ok(());
        }
        match self.format {
            Format::Json => out.write_all(b"\n]\n"),
            Format::Fhir => out.write_all(b"\n  ]\n}\n"),
            _ => Ok(()),
        }
    }
}

/// Pretty JSON moved in by `indent` as an element of an array: each line
/// on a line of its own, with no final newline. JSON text has no raw line
/// breaks inside strings, so every line break is one of the printer's.
fn indented(json: &[u8], indent: &[u8]) -> Vec<u8> {
    let text = json.strip_suffix(b"\n").unwrap_or(json);
    let lines = text.iter().filter(|&&b| b == b'\n').count() + 1;
    let mut out = Vec::with_capacity(text.len() + lines * (indent.len() + 1));
    for line in text.split(|&b| b == b'\n') {
        out.push(b'\n');
        out.extend_from_slice(indent);
        out.extend_from_slice(line);
    }
    out
}
