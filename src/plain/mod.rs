//! Plain mode: the same screening as numbered, line-by-line prompts on
//! standard input and output, for screen readers, braille displays, dumb
//! terminals and scripts.
//!
//! Nothing moves the cursor, nothing is coloured, nothing is drawn twice:
//! every line is printed once, in order, so that a screen reader reads the
//! dialogue as it happens and a transcript reads the same. It stands on the
//! same engine, drafts and result files as the full-screen interface.
//!
//! When standard input is not a terminal (`restless --plain < answers.txt`)
//! each line read is echoed after its prompt, so the transcript shows what
//! was answered; at the end of the input it stops, keeping the draft, and
//! never guesses an answer.

mod files;
mod parse;

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::Path;

use crate::engine::Answer;
use crate::questionnaire::ItemKind;
use crate::report::{Audience, display_answer};
use crate::screening::Screening;
use crate::screening::config::ConfigChoice;
use crate::screening::keeper::Keeper;
use crate::screening::pin::PinGuard;
use crate::screening::saving::{DraftEntry, Settings};
use crate::screening::setup::Setup;
use crate::status::Status;
use crate::text::{number, sanitize_line};
use parse::{Command, choice_lines};

/// The longest line read; the rest of a longer one is refused, not kept.
const MAX_LINE_BYTES: usize = 64 * 1024;

/// Runs a screening in plain mode, returning the exit status. With
/// `summary`, says on exit how many results were saved and where.
pub fn run_plain(
    path: Option<&Path>,
    identity: Option<&Path>,
    summary: bool,
    config: &ConfigChoice,
    err: &mut dyn Write,
) -> Status {
    let Setup {
        questionnaire,
        store,
        drafts,
        settings,
        notice,
        pin,
        seal_to,
        keys,
    } = match Setup::load(path, identity, config, err) {
        Ok(setup) => setup,
        Err(status) => return status,
    };
    let stdin = io::stdin();
    let echo = !stdin.is_terminal();
    let mut keeper = Keeper::new(store)
        .with_fhir(settings.fhir.clone())
        .with_keys(keys);
    keeper.seal_to(seal_to);
    let outcome = Dialogue {
        s: Screening::with_clinician(questionnaire, settings.clinician.as_deref()),
        settings,
        keeper: &mut keeper,
        input: stdin.lock(),
        echo,
        out: io::stdout().lock(),
        shown_warning: None,
        last_section: None,
        ascii: !crate::text::utf8_locale(|name| std::env::var_os(name)),
        pin,
        identifier_guard: Default::default(),
        notice,
    }
    .run(drafts);
    if summary {
        let _ = writeln!(err, "{}", keeper.summary());
    }
    match outcome {
        Ok(status) => status,
        Err(e) => {
            let _ = writeln!(
                err,
                "restless: the output cannot be written: {}",
                crate::store::io_reason(&e)
            );
            Status::Io
        }
    }
}

/// Where the dialogue is.
enum Step {
    Drafts(Vec<DraftEntry>),
    Identifier(usize),
    Question { item: usize, from_review: bool },
    Review,
    Result,
    Save,
    Saved,
    End(Status),
}

struct Dialogue<'k, R, W> {
    s: Screening,
    settings: Settings,
    keeper: &'k mut Keeper,
    input: R,
    echo: bool,
    out: W,
    /// The keeper's last warning, once printed, so it is said once.
    shown_warning: Option<String>,
    /// The section of the last question asked, to introduce a new one.
    last_section: Option<usize>,
    /// The locale is not UTF-8: everything printed is ASCII, as the
    /// full-screen interface does there.
    ascii: bool,
    /// The clinician PIN, when one is set: opening a draft needs it.
    pin: Option<PinGuard>,
    /// Wrong patient identifiers typed to open a draft, counted.
    identifier_guard: crate::screening::privacy::IdentifierGuard,
    /// What was cleared at start (a count of old drafts, no names).
    notice: Option<String>,
}

const COMMANDS: &str =
    "At any question you can type: back, help, review, skip (optional questions only), quit.";

impl<R: BufRead, W: Write> Dialogue<'_, R, W> {
    fn run(mut self, drafts: Vec<DraftEntry>) -> io::Result<Status> {
        self.intro()?;
        let mut step = if drafts.is_empty() {
            self.first_step()
        } else {
            Step::Drafts(drafts)
        };
        loop {
            step = match step {
                Step::Drafts(drafts) => self.drafts(drafts)?,
                Step::Identifier(field) => self.identifier(field)?,
                Step::Question { item, from_review } => self.question(item, from_review)?,
                Step::Review => self.review()?,
                Step::Result => self.result()?,
                Step::Save => self.save()?,
                Step::Saved => self.saved()?,
                Step::End(status) => {
                    self.out.flush()?;
                    return Ok(status);
                }
            };
        }
    }

    /// Everything said goes through here, neutralised: some of it quotes
    /// files and answers, and the output is a terminal.
    fn say(&mut self, text: &str) -> io::Result<()> {
        let clean = crate::text::sanitize(text);
        let text = self.shown(&clean);
        writeln!(self.out, "{text}")
    }

    /// The text as this terminal can show it.
    fn shown<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        if self.ascii {
            crate::text::ascii(text)
        } else {
            std::borrow::Cow::Borrowed(text)
        }
    }

    /// Asks with `prompt` and reads one line: `None` at the end of the
    /// input (or when the terminal is gone). Lines that are too long or not
    /// UTF-8 are refused and asked again.
    /// A line that must not be shown: read without echoing it into the
    /// transcript. (A terminal's own echo is the terminal's.)
    fn read_secret(&mut self, prompt: &str) -> io::Result<Option<String>> {
        let echo = std::mem::replace(&mut self.echo, false);
        let line = self.read(prompt);
        self.echo = echo;
        if echo && matches!(line, Ok(Some(_))) {
            writeln!(self.out, "(not shown)")?;
        }
        line
    }

    fn read(&mut self, prompt: &str) -> io::Result<Option<String>> {
        loop {
            let prompt = self.shown(prompt).into_owned();
            write!(self.out, "{prompt}: ")?;
            self.out.flush()?;
            let mut bytes = Vec::new();
            let read = io::Read::take(&mut self.input, MAX_LINE_BYTES as u64 + 1)
                .read_until(b'\n', &mut bytes);
            match read {
                Ok(0) | Err(_) => {
                    writeln!(self.out)?;
                    return Ok(None);
                }
                Ok(_) => {}
            }
            if bytes.len() > MAX_LINE_BYTES && bytes.last() != Some(&b'\n') {
                // Skip the rest of the line so it is not read as answers.
                let mut rest = Vec::new();
                let _ = self.input.read_until(b'\n', &mut rest);
                if self.echo {
                    writeln!(self.out)?;
                }
                self.say(&format!(
                    "That line is longer than {MAX_LINE_BYTES} bytes; it was not used."
                ))?;
                continue;
            }
            while matches!(bytes.last(), Some(b'\n' | b'\r')) {
                bytes.pop();
            }
            let Ok(text) = String::from_utf8(bytes) else {
                if self.echo {
                    writeln!(self.out)?;
                }
                self.say("That line is not UTF-8 text; it was not used. Type it again.")?;
                continue;
            };
            let line = sanitize_line(&text).into_owned();
            if self.echo {
                let echoed = self.shown(&line).into_owned();
                writeln!(self.out, "{echoed}")?;
            }
            return Ok(Some(line));
        }
    }

    /// Prints what the keeper last reported about the draft, once.
    fn report_warning(&mut self) -> io::Result<()> {
        if self.s.warning() != self.shown_warning.as_deref() {
            self.shown_warning = self.s.warning().map(str::to_string);
            if let Some(warning) = self.shown_warning.clone() {
                self.say(&format!("Note: {warning}."))?;
            }
        }
        Ok(())
    }

    fn keep_draft(&mut self) -> io::Result<()> {
        self.keeper.keep_draft(&mut self.s);
        self.report_warning()
    }

    fn intro(&mut self) -> io::Result<()> {
        let q = self.s.questionnaire();
        let mut lines = vec![format!("{} (version {})", q.title, q.version)];
        if let Some(description) = &q.description {
            lines.push(description.clone());
        }
        if let Some(minutes) = &q.minutes {
            lines.push(format!("It takes about {minutes} minutes."));
        }
        if let Some(disclaimer) = &q.disclaimer {
            lines.push(disclaimer.clone());
        }
        lines.push(
            "Answer each question by typing the number of an option, or its words, then Enter."
                .into(),
        );
        lines.push(COMMANDS.into());
        if let Some(notice) = self.notice.take() {
            lines.push(format!("{}.", crate::text::capitalised(&notice)));
        }
        for line in lines {
            self.say(&line)?;
        }
        Ok(())
    }

    fn first_step(&self) -> Step {
        if !self.s.questionnaire().identifiers.is_empty() {
            return Step::Identifier(0);
        }
        self.first_question()
    }

    fn first_question(&self) -> Step {
        match self.s.first_question() {
            Some(item) => Step::Question {
                item,
                from_review: false,
            },
            None => Step::Review,
        }
    }

    /// Ends the dialogue because the input ended: what was answered is in
    /// the draft, and the exit status says the screening is not finished.
    fn input_ended(&mut self) -> io::Result<Step> {
        if !self.s.has_unsaved() {
            return Ok(Step::End(Status::Success));
        }
        let kept = if self.s.draft_kept() {
            "The answers are kept in a draft: start restless again to continue."
        } else {
            "The answers were not kept: drafts are turned off or could not be written."
        };
        self.say(&format!(
            "The input ended before the screening was finished. {kept}"
        ))?;
        Ok(Step::End(Status::Unfinished))
    }

    /// `quit`: at once when nothing is unsaved, else after the person says
    /// whether to keep the answers as a draft or delete them. `None` means
    /// the person goes on.
    fn quit(&mut self) -> io::Result<Option<Step>> {
        if !self.s.has_unsaved() {
            return Ok(Some(Step::End(Status::Success)));
        }
        let kept = self.s.draft_kept();
        let mut question = String::from("Quit now?");
        // "Not saved" means something only when there is a result to save.
        if self.s.report().is_some() {
            question.push_str(" The result is not saved.");
        }
        if kept {
            question.push_str(" Type keep to keep the answers as a draft to continue later, delete to delete these answers, or no to go on.");
        } else {
            question.push_str(" These answers are not kept in a draft. Type delete to delete these answers and quit, or no to go on.");
        }
        self.say(&question)?;
        let Some(line) = self.read("Quit")? else {
            return self.input_ended().map(Some);
        };
        match line.trim().to_lowercase().as_str() {
            "keep" | "k" if kept => Ok(Some(Step::End(Status::Success))),
            "delete" | "d" => {
                self.keeper.forget_current(&mut self.s);
                self.say("The answers are deleted.")?;
                Ok(Some(Step::End(Status::Success)))
            }
            _ => Ok(None),
        }
    }

    // ------------------------------------------------------- identifiers

    fn identifier(&mut self, index: usize) -> io::Result<Step> {
        let field = self.s.questionnaire().identifiers[index].clone();
        self.say("")?;
        let current = &self.s.identifiers()[index];
        if current.is_empty() {
            self.say(&format!(
                "{} (optional). Press Enter to leave it empty.",
                field.label
            ))?;
        } else {
            self.say(&format!(
                "{} (optional). Now: {current}. Press Enter to keep it, or type \"skip\" to empty it.",
                field.label
            ))?;
        }
        loop {
            let Some(line) = self.read(&field.label)? else {
                return self.input_ended();
            };
            let next = if index + 1 < self.s.identifiers().len() {
                Step::Identifier(index + 1)
            } else {
                self.first_question()
            };
            let value = match Command::parse(&line) {
                Some(Command::Help) => {
                    let help = field
                        .help
                        .clone()
                        .unwrap_or_else(|| "There is no more help for this field.".into());
                    self.say(&help)?;
                    self.say(COMMANDS)?;
                    continue;
                }
                Some(Command::Back) if index > 0 => return Ok(Step::Identifier(index - 1)),
                Some(Command::Back) => {
                    self.say("This is the first field.")?;
                    continue;
                }
                Some(Command::Review) => return Ok(Step::Review),
                Some(Command::Quit) => match self.quit()? {
                    Some(step) => return Ok(step),
                    None => continue,
                },
                Some(Command::Skip) => String::new(),
                None if line.trim().is_empty() => return Ok(next),
                None => line.trim().to_string(),
            };
            if value.chars().count() > field.max_length {
                self.say(&format!("At most {} characters.", field.max_length))?;
                continue;
            }
            if value != self.s.identifiers()[index] {
                self.s.set_identifier(index, value);
                self.keep_draft()?;
            }
            return Ok(next);
        }
    }

    // --------------------------------------------------------- questions

    fn question(&mut self, item: usize, from_review: bool) -> io::Result<Step> {
        self.print_question(item)?;
        let required = self.s.questionnaire().items[item].required;
        loop {
            let Some(line) = self.read("Answer")? else {
                return self.input_ended();
            };
            // `?` is "not sure" where that is offered, help elsewhere.
            let offers_dont_know = self.s.questionnaire().items[item].dont_know;
            let command =
                Command::parse(&line).filter(|_| !(offers_dont_know && line.trim() == "?"));
            let answer = match command {
                Some(Command::Back) => return self.previous(item, from_review),
                Some(Command::Help) => {
                    self.print_help(item)?;
                    continue;
                }
                Some(Command::Review) => return Ok(Step::Review),
                Some(Command::Quit) => match self.quit()? {
                    Some(step) => return Ok(step),
                    None => continue,
                },
                Some(Command::Skip) if required => {
                    self.say(&self.needs_answer(item))?;
                    continue;
                }
                Some(Command::Skip) => None,
                None if line.trim().is_empty() => {
                    if self.s.answers().get(item).is_some() {
                        self.s.mark_visited(item);
                        return Ok(self.advance(item, from_review));
                    }
                    if required {
                        self.say(&self.needs_answer(item))?;
                        continue;
                    }
                    None
                }
                None => match parse::answer(
                    self.s.questionnaire(),
                    &self.s.questionnaire().items[item],
                    &line,
                ) {
                    Ok(answer) => Some(answer),
                    Err(message) => {
                        self.say(&message)?;
                        continue;
                    }
                },
            };
            match self.commit(item, answer) {
                Ok(()) => {
                    self.report_warning()?;
                    return Ok(self.advance(item, from_review));
                }
                Err(message) => self.say(&message)?,
            }
        }
    }

    fn needs_answer(&self, item: usize) -> String {
        if self.s.questionnaire().items[item].dont_know {
            format!(
                "This question needs an answer (or type \"{}\").",
                self.s.questionnaire().labels.dont_know
            )
        } else {
            "This question needs an answer.".to_string()
        }
    }

    /// Stores (or, with `None`, clears) an answer, works out again which
    /// questions apply, and keeps the draft.
    fn commit(&mut self, item: usize, answer: Option<Answer>) -> Result<(), String> {
        self.s.commit(item, answer)?;
        self.keeper.keep_draft(&mut self.s);
        Ok(())
    }

    /// As in the full-screen interface: the next question that applies or,
    /// when changing an answer from the review, the next one never asked
    /// (newly revealed by the change), else the review.
    fn advance(&self, item: usize, from_review: bool) -> Step {
        match self.s.next_question(item, from_review) {
            Some(next) => Step::Question {
                item: next,
                from_review,
            },
            None => Step::Review,
        }
    }

    fn previous(&mut self, item: usize, from_review: bool) -> io::Result<Step> {
        match self.s.previous_question(item) {
            Some(previous) => Ok(Step::Question {
                item: previous,
                from_review,
            }),
            None if !self.s.identifiers().is_empty() => {
                Ok(Step::Identifier(self.s.identifiers().len() - 1))
            }
            None => {
                self.say("This is the first question.")?;
                Ok(Step::Question { item, from_review })
            }
        }
    }

    fn print_question(&mut self, index: usize) -> io::Result<()> {
        let q = self.s.questionnaire();
        let item = &q.items[index];
        let section = &q.sections[item.section];
        // Counts that only grow going forward, where "question n of about
        // m" jumped as answers changed m.
        let answered = self.s.answered_count();
        let mut lines = vec![String::new()];
        if self.last_section != Some(item.section)
            && let Some(intro) = &section.intro
        {
            lines.push(format!("{}: {intro}", section.title));
            lines.push(String::new());
        }
        // Counted among the sections that apply, as the full screen lists
        // them.
        let (section_number, sections) = self.s.section_position(item.section);
        lines.push(format!(
            "Section {section_number} of {sections} — {}; {answered} answered so far",
            section.title
        ));
        lines.push(item.text.clone());
        for (n, label) in choice_lines(q, item).iter().enumerate() {
            lines.push(format!("  {}. {label}", n + 1));
        }
        if let Some(answer) = self.s.answers().get(index) {
            lines.push(format!(
                "Current answer: {}. Press Enter to keep it.",
                display_answer(q, index, answer)
            ));
        }
        lines.push(self.how_to_answer(index));
        self.last_section = Some(item.section);
        for line in lines {
            self.say(&line)?;
        }
        Ok(())
    }

    /// One line on what to type for this question.
    fn how_to_answer(&self, index: usize) -> String {
        let q = self.s.questionnaire();
        let item = &q.items[index];
        let count = choice_lines(q, item).len();
        let not_sure = match &item.kind {
            _ if !item.dont_know => String::new(),
            // Not numbered: a number typed here is always the number.
            ItemKind::Number(_) => {
                format!(", or \"not sure\" (or ?) for \"{}\"", q.labels.dont_know)
            }
            _ => format!(", or \"{}\"", q.labels.dont_know),
        };
        let mut text = match &item.kind {
            ItemKind::YesNo(_) | ItemKind::Single(_) => {
                format!("Type a number from 1 to {count}, or the words of an option.")
            }
            ItemKind::Multiple(_) => format!(
                "Type the numbers of all that apply, separated by spaces (for example 1 3); 1 to {count}."
            ),
            ItemKind::Number(spec) => {
                let kind = if spec.integer {
                    "a whole number"
                } else {
                    "a number"
                };
                let unit = spec.unit_name(0);
                let mut text = if unit.is_empty() {
                    format!("Type {kind}")
                } else {
                    format!("Type {kind} in {unit}")
                };
                let range = |bound: f64| match unit {
                    "" => number(bound),
                    unit => format!("{} {unit}", number(bound)),
                };
                match (spec.min, spec.max) {
                    (Some(min), Some(max)) => {
                        text.push_str(&format!(", from {} to {}", number(min), range(max)))
                    }
                    (Some(min), None) => text.push_str(&format!(", at least {}", range(min))),
                    (None, Some(max)) => text.push_str(&format!(", at most {}", range(max))),
                    (None, None) => {}
                }
                if spec.units.len() > 1 {
                    let others: Vec<&str> =
                        spec.units[1..].iter().map(|u| u.name.as_str()).collect();
                    text.push_str(&format!(
                        "; or in {}, typed after the number",
                        others.join(" or ")
                    ));
                }
                format!("{text}{not_sure}.")
            }
            ItemKind::Text { max_length } => {
                format!("Type your answer, at most {max_length} characters{not_sure}.")
            }
        };
        if !item.required {
            text.push_str(" Optional: press Enter to skip it.");
        }
        text
    }

    fn print_help(&mut self, index: usize) -> io::Result<()> {
        let q = self.s.questionnaire();
        let item = &q.items[index];
        let mut lines = vec![
            item.help
                .clone()
                .unwrap_or_else(|| "There is no more help for this question.".into()),
        ];
        for (n, option) in item.kind.options().iter().enumerate() {
            if let Some(help) = &option.help {
                lines.push(format!("  {}. {}: {help}", n + 1, option.label));
            }
        }
        if let Some(clinical) = &item.clinical {
            lines.push(format!("For the clinician: {clinical}"));
        }
        lines.push(COMMANDS.into());
        if let Some(notice) = self.notice.take() {
            lines.push(format!("{}.", crate::text::capitalised(&notice)));
        }
        for line in lines {
            self.say(&line)?;
        }
        Ok(())
    }

    // ------------------------------------------------------------ review

    fn review(&mut self) -> io::Result<Step> {
        self.print_review()?;
        let total = self.s.applicable_count();
        loop {
            self.say(&format!(
                "Type a question number (1 to {total}) to change its answer, press Enter to see the result, or type back or quit."
            ))?;
            let Some(line) = self.read("Review")? else {
                return self.input_ended();
            };
            let word = line.trim().to_lowercase();
            if word.is_empty() || word == "result" {
                return Ok(Step::Result);
            }
            match Command::parse(&word) {
                Some(Command::Quit) => match self.quit()? {
                    Some(step) => return Ok(step),
                    None => continue,
                },
                Some(Command::Review) => return Ok(Step::Review),
                Some(Command::Back) => {
                    return Ok(match self.s.last_question() {
                        Some(item) => Step::Question {
                            item,
                            from_review: false,
                        },
                        None => self.first_step(),
                    });
                }
                Some(Command::Help | Command::Skip) => continue,
                None => {}
            }
            match word.parse().ok().and_then(|n| self.s.item_numbered(n)) {
                Some(item) => {
                    return Ok(Step::Question {
                        item,
                        from_review: true,
                    });
                }
                None => self.say(&format!("There is no question {word}."))?,
            }
        }
    }

    fn print_review(&mut self) -> io::Result<()> {
        let q = self.s.questionnaire();
        let mut lines = vec![String::new(), "Review your answers".to_string()];
        for (field, value) in q.identifiers.iter().zip(self.s.identifiers()) {
            if !value.is_empty() {
                lines.push(format!("{}: {value}", field.label));
            }
        }
        let mut number = 0;
        for section in &q.sections {
            let items: Vec<usize> = section
                .items
                .clone()
                .filter(|&i| self.s.applicable()[i])
                .collect();
            if items.is_empty() {
                continue;
            }
            lines.push(section.title.clone());
            for i in items {
                number += 1;
                let answer = match self.s.answers().get(i) {
                    Some(answer) => display_answer(q, i, answer),
                    None if q.items[i].required => "not answered yet (needs an answer)".into(),
                    None => "skipped".into(),
                };
                lines.push(format!("  {number}. {} — {answer}", q.items[i].text));
            }
        }
        for line in lines {
            self.say(&line)?;
        }
        Ok(())
    }

    // ------------------------------------------------------------ result

    fn result(&mut self) -> io::Result<Step> {
        let missing = self.s.missing();
        if let Some(&first) = missing.first() {
            let numbers: Vec<String> = missing
                .iter()
                .map(|&i| self.s.position(i).0.to_string())
                .collect();
            self.say(&format!(
                "{} still need{} an answer: question{} {}. The first comes now.",
                if missing.len() == 1 {
                    "1 question".to_string()
                } else {
                    format!("{} questions", missing.len())
                },
                if missing.len() == 1 { "s" } else { "" },
                if missing.len() == 1 { "" } else { "s" },
                numbers.join(", ")
            ))?;
            return Ok(Step::Question {
                item: first,
                from_review: true,
            });
        }
        self.say("")?;
        self.read_out_result()?;
        Ok(Step::Save)
    }

    /// The result in the view chosen (`view patient`, `view clinician`).
    /// The answers were just reviewed: the result alone is read out.
    fn read_out_result(&mut self) -> io::Result<()> {
        let mut shown = self.s.show_result().clone();
        shown.result.answered.clear();
        shown.result.ignored.clear();
        match self.settings.audience {
            Audience::Clinician => crate::report::write_clinician_text(&shown, &mut self.out),
            Audience::Patient => crate::report::write_patient_text(&shown, &mut self.out),
        }
    }
}
