//! `restless score`: scores answers files and saved results, in order, to
//! standard output or to one file written atomically.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering as AtomicOrdering};
use std::sync::mpsc;

use crate::cli::Format;
use crate::questionnaire::Questionnaire;
use crate::report::{Framing, Report, Stamp};
use crate::screening::setup::{load_answers, load_questionnaire};
use crate::status::Status;
use crate::store::io_reason;
use crate::text::sanitize_line;

/// Scores `files` with the questionnaire at `path` (or the built-in one),
/// to `output` or standard output.
pub fn run(
    path: Option<&Path>,
    files: &[std::path::PathBuf],
    format: Format,
    output: Option<&Path>,
    force: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Status {
    match load_questionnaire(path, err) {
        Ok(q) => {
            let target = match output {
                Some(path) => Output::File { path, force },
                None => Output::Stdout(out),
            };
            score(&q, files, format, target, err)
        }
        Err(status) => status,
    }
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
        framing: Framing {
            format,
            several: files.len() > 1,
        },
        stamp: Stamp::now(),
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
    framing: Framing,
    stamp: Stamp,
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
                self.framing.write_piece(out, written, &piece)?;
                written += 1;
            }
            Ok(())
        };
        if workers <= 1 {
            for path in files {
                take(self.score_one(path))?;
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
                            if sender.send((index, self.score_one(path))).is_err() {
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
            self.framing.write_end(out)?;
        }
        out.flush()?;
        Ok(written > 0)
    }

    fn score_one(&self, path: &Path) -> Scored {
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
        let report = Report::build(q, &file.answers, &file.identifiers, &self.stamp);
        if !report.result.complete {
            let _ = writeln!(
                messages,
                "{}: warning: {} required question(s) not answered; the result is incomplete",
                sanitize_line(&path.display().to_string()),
                report.result.missing.len()
            );
        }
        let output = match self
            .framing
            .piece(q, &file.answers, &file.identifiers, &report)
        {
            Ok(output) => output,
            Err(e) => {
                let _ = writeln!(
                    messages,
                    "{}: the result cannot be written: {e}",
                    sanitize_line(&path.display().to_string())
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
            status: Status::Success,
        }
    }
}
