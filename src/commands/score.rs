//! `restless score`: scores answers files and saved results, in order, to
//! standard output or to one file written atomically.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering as AtomicOrdering};
use std::sync::{Condvar, Mutex, mpsc};

use crate::answers;
use crate::cli::Format;
use crate::questionnaire::Questionnaire;
use crate::report::{Framing, Report, Stamp, fhir};
use crate::screening::config::{ConfigChoice, FhirIdentifiers};
use crate::screening::setup::{load_questionnaire, parse_answers};
use crate::status::Status;
use crate::store::sealed::{Keys, is_sealed_name, read_result_text};
use crate::store::{input_name, io_reason, is_dash, read_stdin_text};
use crate::text::sanitize_line;

/// What `restless score` was asked to do.
pub struct Request<'a> {
    /// The questionnaire, or the built-in one.
    pub questionnaire: Option<&'a Path>,
    pub files: &'a [std::path::PathBuf],
    /// The format asked for; `None` takes it from the output file's name.
    pub format: Option<Format>,
    /// A file to write, or standard output.
    pub output: Option<&'a Path>,
    /// Replace `output` if it exists.
    pub force: bool,
    /// An incomplete result is a failure (exit status 6).
    pub strict: bool,
    /// A FHIR `transaction` Bundle instead of a `collection`.
    pub fhir_transaction: bool,
    /// The configuration to read (for FHIR's identifiers, and the key to
    /// encrypted files).
    pub config: &'a ConfigChoice,
    /// The age identity file that opens encrypted (`.age`) files; else
    /// the configuration's `identity`.
    pub identity: Option<&'a Path>,
}

/// Scores the files of `request`, to its output or standard output.
pub fn run(request: &Request, out: &mut dyn Write, err: &mut dyn Write) -> Status {
    let &Request {
        questionnaire: path,
        files,
        format,
        output,
        force,
        strict,
        fhir_transaction,
        config,
        identity,
    } = request;
    if let Err(status) = super::stdin_at_most_once(files, err) {
        return status;
    }
    let format = match output_format(format, output, err) {
        Ok(format) => format,
        Err(status) => return status,
    };
    match load_questionnaire(path, err) {
        Ok(q) => {
            let fhir = match fhir_options(format, fhir_transaction, config, err) {
                Ok(fhir) => fhir,
                Err(status) => return status,
            };
            let target = match output {
                Some(path) if !is_dash(path) => Output::File { path, force },
                _ => Output::Stdout(out),
            };
            let keys = match sealed_keys(identity, files, config) {
                Ok(keys) => keys,
                Err(message) => {
                    let _ = writeln!(err, "restless: {message}");
                    return Status::Io;
                }
            };
            let how = How {
                format,
                fhir: &fhir,
                strict,
                keys: keys.as_ref(),
            };
            score(&q, files, &how, target, err)
        }
        Err(status) => status,
    }
}

/// The format asked for, or the one the output file's name says; text on
/// standard output. A file name that says no format is a usage error
/// rather than a file of text under a misleading name.
fn output_format(
    asked: Option<Format>,
    output: Option<&Path>,
    err: &mut dyn Write,
) -> Result<Format, Status> {
    let path = match (asked, output) {
        (Some(format), _) => return Ok(format),
        (None, Some(path)) if !is_dash(path) => path,
        (None, _) => return Ok(Format::Text),
    };
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    Format::from_file_name(&name).ok_or_else(|| {
        let _ = writeln!(
            err,
            "restless: the output name {} does not say a format; end it with .txt, .md, .json, .fhir.json or .toml, or give --format",
            sanitize_line(&path.display().to_string())
        );
        Status::Usage
    })
}

/// How FHIR results name the patient and clinician: the configuration's
/// `[fhir]` table, read only when the output is FHIR.
fn fhir_options(
    format: Format,
    transaction: bool,
    config: &ConfigChoice,
    err: &mut dyn Write,
) -> Result<fhir::Options, Status> {
    // Only FHIR uses the configuration; a file named on purpose is checked
    // all the same, so that a wrong name is never silently ignored.
    let named = matches!(config, ConfigChoice::Named { .. });
    if format != Format::Fhir && !named {
        return Ok(FhirIdentifiers::default().options(transaction));
    }
    let config = config
        .load(&crate::store::Dirs::from_env())
        .map_err(|error| {
            let _ = writeln!(err, "{}", error.message);
            error.status()
        })?;
    Ok(config.fhir.options(transaction))
}

/// The keys that open the `.age` files among `files`: from `--identity`,
/// else the configuration's `identity`; none when no file is sealed.
fn sealed_keys(
    identity: Option<&Path>,
    files: &[std::path::PathBuf],
    config: &ConfigChoice,
) -> Result<Option<Keys>, String> {
    if !files.iter().any(|file| is_sealed_name(file)) {
        return Ok(None);
    }
    let configured = || config.load(&crate::store::Dirs::from_env()).ok()?.identity;
    match identity.map(Path::to_path_buf).or_else(configured) {
        Some(file) => Keys::load(&file).map(Some),
        None => {
            Err("encrypted (.age) files need the private key: give it with --identity FILE".into())
        }
    }
}

/// Reads `-` (standard input) or the file at `path`, within the limit of
/// an answers file; an encrypted file is opened with `keys`.
pub(crate) fn read_answers_text(path: &Path, keys: Option<&Keys>) -> Result<String, String> {
    const WHAT: &str = "an answers file";
    if is_dash(path) {
        return read_stdin_text(answers::MAX_ANSWERS_BYTES, WHAT);
    }
    read_result_text(path, answers::MAX_ANSWERS_BYTES, WHAT, keys)
}

/// Where a command's result goes.
pub enum Output<'a> {
    Stdout(&'a mut dyn Write),
    File { path: &'a Path, force: bool },
}

/// Scores every file and writes the results in order, as they are ready:
/// to standard output, or to a file that appears (atomically, privately,
/// never over another unless forced) only once every result is in it.
/// How the results are written, and whether an incomplete one fails.
struct How<'a> {
    format: Format,
    fhir: &'a fhir::Options,
    strict: bool,
    /// Open the `.age` files among those scored.
    keys: Option<&'a Keys>,
}

fn score(
    q: &Questionnaire,
    files: &[std::path::PathBuf],
    how: &How,
    output: Output,
    err: &mut dyn Write,
) -> Status {
    let &How {
        format,
        fhir,
        strict,
        keys,
    } = how;
    if format == Format::Toml && files.len() > 1 {
        let _ = writeln!(
            err,
            "restless: --format toml scores one file at a time (a TOML file holds one result); use --format json for several"
        );
        return Status::Usage;
    }
    let scorer = Scorer {
        keys,
        q,
        framing: Framing {
            format,
            several: files.len() > 1,
            fhir,
        },
        stamp: Stamp::now(),
        strict,
        stdin: files
            .iter()
            .any(|path| is_dash(path))
            .then(|| read_answers_text(Path::new("-"), None)),
    };
    let mut worst = Status::Success;
    let written = match output {
        Output::Stdout(out) => match scorer.write_all(
            files,
            // Standard output writes at every line break; results are
            // many lines each.
            &mut io::BufWriter::with_capacity(OUTPUT_BUFFER, out),
            err,
            &mut worst,
        ) {
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

/// The status to exit with: the first failure, except that an incomplete
/// result gives way to a file that could not be scored or written.
fn worst_of(a: Status, b: Status) -> Status {
    match (a, b) {
        (Status::Success, b) => b,
        (Status::Incomplete, b) if b != Status::Success => b,
        (a, _) => a,
    }
}

/// Bytes of results gathered before they are written to standard output.
const OUTPUT_BUFFER: usize = 64 * 1024;

/// Results each worker may have scored ahead of the writer.
const IN_FLIGHT: usize = 32;

/// Most files a worker takes at a time. Handing over every result on its
/// own woke the writer and the workers for each file, which cost a tenth
/// of the time of two cores scoring thousands of files.
const MOST_IN_A_BATCH: usize = 16;

/// Files a worker takes at a time: enough batches for every worker to
/// have several, so that a few files are still shared out.
fn batch_size(files: usize, workers: usize) -> usize {
    (files / (workers * 8).max(1)).clamp(1, MOST_IN_A_BATCH)
}

/// How far the writer has come, for workers to keep within reach of it.
struct Window {
    /// The number of batches written, or `None` once the writer stopped.
    written: Mutex<Option<usize>>,
    moved: Condvar,
}

impl Window {
    fn new() -> Self {
        Window {
            written: Mutex::new(Some(0)),
            moved: Condvar::new(),
        }
    }

    /// Waits until batch `index` is fewer than `ahead` past the batches
    /// written; false when the writer stopped.
    fn wait_for_room(&self, index: usize, ahead: usize) -> bool {
        let Ok(mut written) = self.written.lock() else {
            return false;
        };
        loop {
            match *written {
                None => return false,
                Some(done) if index < done + ahead => return true,
                Some(_) => match self.moved.wait(written) {
                    Ok(guard) => written = guard,
                    Err(_) => return false,
                },
            }
        }
    }

    fn advance(&self, done: usize) {
        self.set(Some(done));
    }

    fn close(&self) {
        self.set(None);
    }

    fn set(&self, state: Option<usize>) {
        if let Ok(mut written) = self.written.lock() {
            *written = state;
        }
        self.moved.notify_all();
    }
}

struct Scorer<'q> {
    /// Open the `.age` files among those scored.
    keys: Option<&'q Keys>,
    q: &'q Questionnaire,
    framing: Framing<'q>,
    stamp: Stamp,
    /// Whether an incomplete result fails.
    strict: bool,
    /// Standard input, read once before scoring when `-` is among the files.
    stdin: Option<Result<String, String>>,
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
            if !one.messages.is_empty() {
                // What is said about a file follows the results before it,
                // on a terminal that shows both. A failure to write shows
                // again at the next write.
                let _ = out.flush();
                let _ = err.write_all(&one.messages);
            }
            *worst = worst_of(*worst, one.status);
            if let Some(piece) = one.output {
                self.framing.write_piece(self.q, out, written, &piece)?;
                written += 1;
            }
            Ok(())
        };
        if workers <= 1 {
            for (index, path) in files.iter().enumerate() {
                take(self.score_one(index, path))?;
            }
        } else {
            self.in_parallel(files, workers, &mut take)?;
        }
        if written > 0 {
            self.framing.write_end(out)?;
        }
        out.flush()?;
        Ok(written > 0)
    }

    /// Scores `files` on `workers` threads and hands the results to `take`
    /// in the order of the files, on this thread. Workers take the files
    /// in order, a batch at a time, but none runs more than about
    /// `workers * IN_FLIGHT` files ahead of the one to write next: a
    /// worker held up on one file (or a slow output) cannot leave the
    /// others piling up results, so memory stays the same however many
    /// files there are.
    fn in_parallel(
        &self,
        files: &[std::path::PathBuf],
        workers: usize,
        take: &mut dyn FnMut(Scored) -> io::Result<()>,
    ) -> io::Result<()> {
        let batch = batch_size(files.len(), workers);
        // In batches.
        let ahead = (workers * IN_FLIGHT).div_ceil(batch).max(workers);
        let next = AtomicUsize::new(0);
        let window = Window::new();
        let (sender, receiver) = mpsc::sync_channel::<(usize, Vec<Scored>)>(ahead);
        std::thread::scope(|scope| {
            for _ in 0..workers {
                let sender = sender.clone();
                let (next, window) = (&next, &window);
                scope.spawn(move || {
                    loop {
                        let number = next.fetch_add(1, AtomicOrdering::Relaxed);
                        let first = number.saturating_mul(batch);
                        let Some(taken) = files.get(first..files.len().min(first + batch)) else {
                            return;
                        };
                        if taken.is_empty() || !window.wait_for_room(number, ahead) {
                            return;
                        }
                        let scored = taken
                            .iter()
                            .enumerate()
                            .map(|(n, path)| self.score_one(first + n, path))
                            .collect();
                        // The writer stopped when writing failed.
                        if sender.send((number, scored)).is_err() {
                            return;
                        }
                    }
                });
            }
            drop(sender);
            let mut waiting = BTreeMap::new();
            let mut expected = 0;
            let written = receiver.iter().try_for_each(|(number, scored)| {
                waiting.insert(number, scored);
                while let Some(scored) = waiting.remove(&expected) {
                    scored.into_iter().try_for_each(&mut *take)?;
                    expected += 1;
                    window.advance(expected);
                }
                Ok(())
            });
            // Whatever happened, no worker waits for the writer any more.
            window.close();
            drop(receiver);
            written
        })
    }

    /// Scores the file at `index` of the files given.
    fn score_one(&self, index: usize, path: &Path) -> Scored {
        let q = self.q;
        let mut messages = Vec::new();
        let read = match (&self.stdin, is_dash(path)) {
            (Some(stdin), true) => stdin.clone(),
            _ => read_answers_text(path, self.keys),
        };
        let file = match parse_answers(q, path, read, &mut messages) {
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
                sanitize_line(&input_name(path)),
                report.result.missing.len()
            );
        }
        let output = match self
            .framing
            .piece(q, &file.answers, &file.identifiers, &report, index)
        {
            Ok(output) => output,
            Err(e) => {
                let _ = writeln!(
                    messages,
                    "{}: the result cannot be written: {e}",
                    sanitize_line(&input_name(path))
                );
                return Scored {
                    output: None,
                    messages,
                    status: Status::Io,
                };
            }
        };
        Scored {
            output: Some(output),
            messages,
            status: if self.strict && !report.result.complete {
                Status::Incomplete
            } else {
                Status::Success
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_are_small_and_every_worker_gets_some() {
        assert_eq!(batch_size(3, 2), 1);
        assert_eq!(batch_size(10_000, 2), MOST_IN_A_BATCH);
        for files in 1..3_000 {
            for workers in 1..9 {
                let batch = batch_size(files, workers);
                assert!((1..=MOST_IN_A_BATCH).contains(&batch));
                assert!(
                    files.div_ceil(batch) >= workers.min(files),
                    "{files} files, {workers} workers: batches of {batch}"
                );
            }
        }
    }
}
