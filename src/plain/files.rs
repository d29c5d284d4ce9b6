//! What plain mode keeps on disk: the drafts offered at the start, and
//! saving the result.

use std::io::{self, BufRead, Write};
use std::path::Path;

use super::parse::Command;
use super::{Dialogue, Step};
use crate::engine::Answers;
use crate::report::{Audience, Format};
use crate::screening::privacy::patient_identifier;
use crate::screening::saving::expand_home;
use crate::screening::saving::{DraftContent, DraftEntry, SaveOutcome, SaveRequest};
use crate::status::Status;
use crate::text::sanitize_line;
use zeroize::Zeroizing;

impl<R: BufRead, W: Write> Dialogue<'_, R, W> {
    // ------------------------------------------------------------ drafts

    pub(super) fn drafts(&mut self, drafts: Vec<DraftEntry>) -> io::Result<Step> {
        // Deleted drafts leave a gap rather than renumbering the others:
        // a number read from the list means the same draft until the end.
        let mut drafts: Vec<Option<DraftEntry>> = drafts.into_iter().map(Some).collect();
        loop {
            if drafts.iter().all(Option::is_none) {
                return Ok(self.first_step());
            }
            self.say("")?;
            self.say("Unfinished screenings of this questionnaire:")?;
            let title = self.s.questionnaire().title.clone();
            for (n, draft) in drafts.iter().enumerate() {
                if let Some(draft) = draft {
                    let line = format!("  {}. {}", n + 1, describe_draft(draft, &title));
                    self.say(&line)?;
                }
            }
            self.say("Type a number to continue that screening, \"delete\" and a number to delete it, or press Enter to start a new screening.")?;
            let Some(line) = self.read("Choice")? else {
                return Ok(Step::End(Status::Success));
            };
            let word = line.trim().to_lowercase();
            if word.is_empty() || word == "new" {
                return Ok(self.first_step());
            }
            if Command::parse(&word) == Some(Command::Quit) {
                return Ok(Step::End(Status::Success));
            }
            let (delete, number) = match word.strip_prefix("delete") {
                Some(rest) => (true, rest.trim()),
                None => (false, word.as_str()),
            };
            let Some(index) = number
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=drafts.len()).contains(n))
                .map(|n| n - 1)
                .filter(|&i| drafts[i].is_some())
            else {
                self.say("Type the number of a screening listed, \"delete\" and a number, or press Enter.")?;
                continue;
            };
            if delete {
                if let Some(draft) = drafts[index].take() {
                    let question = format!(
                        "Delete screening {} ({})? Type yes to delete it, or no to keep it.",
                        index + 1,
                        describe_draft(&draft, &self.s.questionnaire().title)
                    );
                    if self.confirm(&question)? {
                        self.keeper.delete(&mut self.s, &draft.id);
                        if self.s.warning().is_none() {
                            self.say("Deleted.")?;
                        }
                        self.report_warning()?;
                    } else {
                        self.say("Kept.")?;
                        drafts[index] = Some(draft);
                    }
                }
                continue;
            }
            let may_open = match &mut drafts[index] {
                Some(draft) => self.may_open(draft)?,
                None => false,
            };
            if !may_open {
                continue;
            }
            let Some(draft) = drafts[index].take() else {
                continue;
            };
            match draft.content {
                Ok(DraftContent::Read(file)) => {
                    self.resume(file.answers, &file.identifiers, &draft.id)?;
                    // The first required question without an answer, or the
                    // review, as in the full-screen interface.
                    return Ok(match self.s.missing().first().copied() {
                        Some(item) => Step::Question {
                            item,
                            from_review: false,
                        },
                        None => Step::Review,
                    });
                }
                // Read by `may_open`.
                Ok(DraftContent::Counted(_)) => drafts[index] = Some(draft),
                Err(ref reason) => {
                    let line =
                        format!("That draft cannot be read ({reason}); it can only be deleted.");
                    self.say(&line)?;
                    drafts[index] = Some(draft);
                }
            }
        }
    }

    /// Asks a yes/no question; anything but yes (or the end of the input)
    /// is no.
    fn confirm(&mut self, question: &str) -> io::Result<bool> {
        self.say(question)?;
        let Some(line) = self.read("Yes or no")? else {
            return Ok(false);
        };
        Ok(matches!(line.trim().to_lowercase().as_str(), "y" | "yes"))
    }

    /// Whether the person may open `draft`: the PIN when one is set, then
    /// the draft's patient identifier, typed. A wrong one opens nothing.
    /// A draft offered from its first line alone is read whole first.
    fn may_open(&mut self, draft: &mut DraftEntry) -> io::Result<bool> {
        if draft.unread() {
            let read = self.keeper.read_draft(self.s.questionnaire(), &draft.id);
            draft.read_as(self.s.questionnaire(), read);
        }
        let Some(file) = draft.file() else {
            // Unreadable: opening it only says so.
            return Ok(true);
        };
        if self.pin.is_some() {
            self.say("To continue this screening, type the clinician PIN.")?;
            let Some(typed) = self.read_secret("PIN")? else {
                return Ok(false);
            };
            let checked = match &mut self.pin {
                Some(pin) => pin.check(&typed, std::time::Instant::now()),
                None => Ok(()),
            };
            if let Err(message) = checked {
                self.say(&format!("{message} Nothing was opened."))?;
                return Ok(false);
            }
        }
        let q = self.s.questionnaire();
        let Some((label, stored)) = patient_identifier(q, &file.identifiers) else {
            return Ok(true);
        };
        let (label, stored) = (label.to_lowercase(), Zeroizing::new(stored.to_string()));
        self.say(&format!("To continue this screening, type its {label}."))?;
        let Some(typed) = self.read(&crate::text::capitalised(&label))? else {
            return Ok(false);
        };
        let checked =
            self.identifier_guard
                .check(&typed, Some(&stored), &label, std::time::Instant::now());
        match checked {
            Ok(()) => Ok(true),
            Err(message) => {
                self.say(&message)?;
                Ok(false)
            }
        }
    }

    pub(super) fn resume(
        &mut self,
        answers: Answers,
        identifiers: &[String],
        id: &str,
    ) -> io::Result<()> {
        self.s.resume(answers, identifiers);
        self.keeper.adopt(&mut self.s, id);
        self.say(&format!(
            "Continuing: {} so far.",
            answers_count(self.s.answers().answered_count())
        ))?;
        self.report_warning()
    }

    // -------------------------------------------------------------- save

    pub(super) fn save(&mut self) -> io::Result<Step> {
        let stem = if self.settings.sealed {
            self.s.proposed_stem_without_identifier()
        } else {
            self.s.proposed_stem()
        };
        let Some(stem) = stem else {
            return Ok(Step::Result);
        };
        let proposed = crate::screening::session::free_base(&self.settings.output_dir.join(stem));
        let mut base = proposed.clone();
        let mut formats = self.settings.formats.clone();
        let mut offer_replace = false;
        let names = Format::ALL.map(Format::name).join(", ");
        self.say("")?;
        loop {
            // The names written: with `.age` when results are encrypted.
            let paths: Vec<String> = save_request(&base, &formats, false)
                .written_paths(self.settings.sealed)
                .iter()
                .map(|(_, p)| sanitize_line(&p.display().to_string()).into_owned())
                .collect();
            self.say(&format!("Save the result as {}?", paths.join(" and ")))?;
            self.say(&format!("Press Enter to save; type another file name (without an extension) to save there instead; \"formats\" and names to choose the formats ({names}); or \"no\" not to save. \"view patient\" or \"view clinician\" reads the result again for them."))?;
            let Some(line) = self.read("Save")? else {
                return self.input_ended();
            };
            let typed = line.trim();
            let word = typed.to_lowercase();
            let replace = match word.as_str() {
                // The proposed name was free: `overwrite` is for names typed.
                "" | "y" | "yes" | "save" => self.settings.overwrite && base != proposed,
                "replace" if offer_replace => true,
                "n" | "no" => {
                    self.say("Not saved.")?;
                    return Ok(Step::Saved);
                }
                _ => {
                    match Command::parse(&word) {
                        Some(Command::Quit) => match self.quit()? {
                            Some(step) => return Ok(step),
                            None => continue,
                        },
                        Some(Command::Review | Command::Back) => return Ok(Step::Review),
                        Some(Command::Help | Command::Skip) => continue,
                        None => {}
                    }
                    if self.view_command(&word)? {
                        continue;
                    }
                    if let Some(list) = word.strip_prefix("formats") {
                        match parse_formats(list) {
                            Ok(chosen) => formats = chosen,
                            Err(message) => self.say(&message)?,
                        }
                        continue;
                    }
                    if typed.ends_with('/') {
                        self.say("That is a folder: add a file name after it.")?;
                        continue;
                    }
                    base = expand_home(typed);
                    offer_replace = false;
                    self.settings.overwrite
                }
            };
            let request = save_request(&base, &formats, replace);
            match self.keeper.save_result(&mut self.s, &request) {
                SaveOutcome::Saved(paths) => {
                    self.s.mark_saved();
                    // Nothing unsaved now: the draft goes.
                    self.keep_draft()?;
                    for path in paths {
                        let shown = sanitize_line(&path.display().to_string()).into_owned();
                        self.say(&format!("Saved: {shown}"))?;
                    }
                    return Ok(Step::Saved);
                }
                SaveOutcome::Failed { message, exists } => {
                    self.say(&format!("Not saved: {message}. Every answer is kept."))?;
                    if exists {
                        offer_replace = true;
                        self.say("Type \"replace\" to replace it, or another file name.")?;
                    }
                }
            }
        }
    }

    /// `view patient` or `view clinician`: reads the result again for
    /// them. Says whether `word` was such a command.
    fn view_command(&mut self, word: &str) -> io::Result<bool> {
        let Some(view) = word.strip_prefix("view") else {
            return Ok(false);
        };
        match Audience::from_name(view.trim()) {
            Some(audience) => {
                self.settings.audience = audience;
                // The patient's view opens with a blank line of its own.
                if audience == Audience::Clinician {
                    self.say("")?;
                }
                self.read_out_result()?;
                self.say("")?;
            }
            None => self.say("Type \"view patient\" or \"view clinician\".")?,
        }
        Ok(true)
    }

    /// After the result: the next patient, or the end.
    pub(super) fn saved(&mut self) -> io::Result<Step> {
        loop {
            self.say("Type \"next\" for the next patient, \"save\" to save the result, \"review\" to see the answers again, or \"quit\".")?;
            let Some(line) = self.read("Next")? else {
                return self.input_ended();
            };
            let word = line.trim().to_lowercase();
            if self.view_command(&word)? {
                continue;
            }
            match word.as_str() {
                "next" => {
                    if self.s.has_unsaved() {
                        self.say("The result was not saved. Start the next patient and discard these answers? Type yes to discard them, or no to go on.")?;
                        match self.read("Discard")? {
                            None => return self.input_ended(),
                            Some(line)
                                if matches!(line.trim().to_lowercase().as_str(), "y" | "yes") => {}
                            Some(_) => continue,
                        }
                    }
                    self.keeper.forget_current(&mut self.s);
                    self.s = self.s.next_patient(self.settings.clinician.as_deref());
                    self.shown_warning = None;
                    self.last_section = None;
                    self.say("")?;
                    self.say("Next patient: a new screening.")?;
                    return Ok(self.first_step());
                }
                "save" => return Ok(Step::Save),
                "review" => return Ok(Step::Review),
                "quit" | "exit" => match self.quit()? {
                    Some(step) => return Ok(step),
                    None => continue,
                },
                _ => {}
            }
        }
    }
}

fn save_request(base: &Path, formats: &[Format], replace: bool) -> SaveRequest {
    SaveRequest {
        base: base.to_path_buf(),
        formats: formats.to_vec(),
        replace,
    }
}

/// "toml json" or "toml, markdown": the formats named, in that order.
fn parse_formats(list: &str) -> Result<Vec<Format>, String> {
    let mut formats = Vec::new();
    for name in list
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|n| !n.is_empty())
    {
        match Format::from_name(name) {
            Some(format) if !formats.contains(&format) => formats.push(format),
            Some(_) => {}
            None => {
                return Err(format!(
                    "\"{name}\" is not a format; the formats are {}.",
                    Format::ALL.map(Format::name).join(", ")
                ));
            }
        }
    }
    if formats.is_empty() {
        return Err("Name at least one format, for example: formats toml markdown".into());
    }
    Ok(formats)
}

/// "1 answer", "3 answers".
pub(super) fn answers_count(n: usize) -> String {
    if n == 1 {
        "1 answer".to_string()
    } else {
        format!("{n} answers")
    }
}

/// A draft as listed: whose, how far, when.
fn describe_draft(draft: &DraftEntry, title: &str) -> String {
    // Never the identifier or an answer: the next person at the desk
    // reads this list.
    match &draft.content {
        Ok(_) => format!(
            "{title}, {}, last changed {}",
            answers_count(draft.answered()),
            draft.when
        ),
        Err(reason) => format!("cannot be read ({reason}), last changed {}", draft.when),
    }
}
