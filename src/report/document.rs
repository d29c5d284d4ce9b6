//! A report as a sequence of blocks, written out as plain text or Markdown.
//! Both printable formats come from the same blocks, so they say the same
//! things in the same order.

use std::io::{self, Write};

use super::{
    FindingOut, HeadlineKind, Mark, PATIENT_TITLE, PatientLine, Reason, Report, TestOut,
    patient_view,
};
use crate::questionnaire::Priority;
use crate::text::{sanitize_line, wrap};

#[derive(Debug, Clone, PartialEq)]
enum Block {
    Title(String),
    Meta(String, String),
    Heading(String),
    Subheading(String),
    /// A list entry at a depth, with an optional leading mark (✓, !, ...).
    Entry {
        depth: usize,
        mark: &'static str,
        text: String,
    },
    /// Labelled detail under an entry ("why", "aim", "prep").
    Detail {
        depth: usize,
        label: &'static str,
        text: String,
    },
    Paragraph(String),
}

fn reason_text(reason: &Reason) -> String {
    reason.text("✓", "✗")
}

/// The reasons that held under "because"; those that did not, if any, on
/// one "not counted" line after them, so that nothing that failed reads
/// as a reason.
fn because_blocks(reasons: &[Reason], depth: usize, out: &mut Vec<Block>) {
    for reason in reasons.iter().filter(|r| r.held()) {
        out.push(Block::Detail {
            depth,
            label: "because",
            text: reason_text(reason),
        });
    }
    if let Some(not_counted) = Reason::not_counted(reasons) {
        out.push(Block::Detail {
            depth,
            label: "not counted",
            text: not_counted,
        });
    }
}

/// Findings under their group headings, in the order given.
fn finding_blocks<'r>(findings: impl Iterator<Item = &'r FindingOut>, out: &mut Vec<Block>) {
    let mut group = None;
    for f in findings {
        if group != Some(&f.group) {
            out.push(Block::Heading(f.group.clone()));
            group = Some(&f.group);
        }
        let rule = f
            .citation
            .rule
            .as_ref()
            .map_or(String::new(), |rule| format!(" [{rule}]"));
        let mark = match (f.value, f.unsure, &f.urgency) {
            (true, _, Some(_)) => "!!",
            (true, _, None) => "✓",
            (false, true, _) => "?",
            (false, false, _) => "✗",
        };
        let status = if f.unsure { " (not sure)" } else { "" };
        out.push(Block::Entry {
            depth: 0,
            mark,
            text: format!("{}{status}{rule}", f.label),
        });
        if let Some(text) = &f.text {
            out.push(Block::Detail {
                depth: 1,
                label: "",
                text: text.clone(),
            });
        }
        if let Some(basis) = &f.citation.basis {
            out.push(Block::Detail {
                depth: 1,
                label: "basis",
                text: basis.clone(),
            });
        }
        because_blocks(&f.reasons, 1, out);
    }
}

/// The headline, one entry per line, before everything else.
fn headline_blocks(report: &Report, out: &mut Vec<Block>) {
    if report.result.headline.is_empty() {
        return;
    }
    out.push(Block::Heading(HEADLINE_TITLE.into()));
    for line in &report.result.headline {
        out.push(Block::Entry {
            depth: 0,
            mark: headline_mark(line.kind),
            text: format!("{}: {}", line.label, line.text),
        });
    }
}

/// The heading of the headline in every printed format.
pub const HEADLINE_TITLE: &str = "Act on first";

/// A mark that says what a headline line is without colour.
pub fn headline_mark(kind: HeadlineKind) -> &'static str {
    match kind {
        HeadlineKind::Incomplete | HeadlineKind::BelowTarget => "!",
        HeadlineKind::RedFlag => "!!",
        // The label says the rest; a mark of `-` or `>` would read as
        // Markdown.
        HeadlineKind::Recommended
        | HeadlineKind::Consider
        | HeadlineKind::NoTest
        | HeadlineKind::Classification => "",
    }
}

/// One test: its priority and name, why (the answers that held, then
/// those not counted), the aim, how to prepare, notes and sources.
fn test_blocks(t: &TestOut, out: &mut Vec<Block>) {
    let rule = t
        .rule
        .as_ref()
        .map_or(String::new(), |rule| format!(" [{rule}]"));
    let priority = if t.escalated {
        format!("{} (several reasons)", t.priority.as_str().to_uppercase())
    } else {
        t.priority.as_str().to_uppercase()
    };
    out.push(Block::Entry {
        depth: 0,
        mark: "",
        text: format!("{priority}: {}{rule}", t.name),
    });
    for reason in &t.reasons {
        let cite: Vec<String> = reason
            .citation
            .rule
            .iter()
            .cloned()
            .chain(reason.citation.sources.iter().map(|s| s.id.clone()))
            .collect();
        let cite = if cite.is_empty() {
            String::new()
        } else {
            format!(" [{}]", cite.join(", "))
        };
        let basis = reason
            .citation
            .basis
            .as_ref()
            .map_or(String::new(), |b| format!(" ({b})"));
        out.push(Block::Detail {
            depth: 1,
            label: "why",
            text: format!("{}{cite}{basis}", reason.text),
        });
        for answer in reason.answers.iter().filter(|a| a.held()) {
            out.push(Block::Entry {
                depth: 2,
                mark: "",
                text: reason_text(answer),
            });
        }
        if let Some(not_counted) = Reason::not_counted(&reason.answers) {
            out.push(Block::Detail {
                depth: 2,
                label: "not counted",
                text: not_counted,
            });
        }
    }
    for support in &t.supporting {
        let rule = support
            .citation
            .rule
            .as_ref()
            .map_or(String::new(), |rule| format!(" [{rule}]"));
        out.push(Block::Detail {
            depth: 1,
            label: "also",
            text: format!("{}{rule}", support.label),
        });
    }
    if let Some(target) = &t.target {
        out.push(Block::Detail {
            depth: 1,
            label: "aim",
            text: target.clone(),
        });
    }
    if let Some(prep) = &t.preparation {
        out.push(Block::Detail {
            depth: 1,
            label: "prep",
            text: prep.clone(),
        });
    }
    for note in &t.notes {
        out.push(Block::Detail {
            depth: 1,
            label: "note",
            text: note.clone(),
        });
    }
    for source in &t.source {
        out.push(Block::Detail {
            depth: 1,
            label: "source",
            text: format!("{} {}", source.id, source.citation),
        });
    }
}

/// The heading of the known results as entered, on the screen and in files.
pub const KNOWN_TITLE: &str = "Results already known";

/// Each known result: value and unit (converted), how old, what it means.
fn known_blocks(report: &Report, out: &mut Vec<Block>) {
    let known = &report.result.known_results;
    if known.is_empty() {
        return;
    }
    out.push(Block::Heading(KNOWN_TITLE.into()));
    for k in known {
        let when = k.when.as_ref().map_or(String::new(), |w| format!("; {w}"));
        out.push(Block::Entry {
            depth: 0,
            mark: "",
            text: format!("{}: {}{when}", k.name, k.value),
        });
        for meaning in &k.meaning {
            out.push(Block::Detail {
                depth: 1,
                label: "means",
                text: meaning.clone(),
            });
        }
        if k.meaning.is_empty() {
            out.push(Block::Detail {
                depth: 1,
                label: "means",
                text: "no conclusion is drawn from it here".into(),
            });
        }
    }
}

/// The words before a patient-view item, by its mark.
fn patient_mark(mark: Mark) -> &'static str {
    match mark {
        Mark::Urgent => "!!",
        Mark::Low => "!",
        Mark::Test(Priority::Recommended) => "Recommended test:",
        Mark::Test(Priority::Consider) => "A test to consider:",
        Mark::Met => "✓",
        Mark::NotMet => "✗",
        Mark::None => "",
    }
}

/// The patient view as blocks; its headings one level down, so that it can
/// sit under a heading of its own in a clinician's report.
fn patient_blocks(report: &Report, out: &mut Vec<Block>) {
    for line in patient_view(report) {
        out.push(match line {
            PatientLine::Heading(text) => Block::Subheading(text),
            PatientLine::Item { mark, text } => Block::Entry {
                depth: 0,
                mark: patient_mark(mark),
                text,
            },
            PatientLine::Detail(text) => Block::Entry {
                depth: 1,
                mark: "",
                text,
            },
            PatientLine::Paragraph(text) => Block::Paragraph(text),
        });
    }
}

/// The classification and its specifiers, after what is missing.
fn result_blocks(report: &Report, out: &mut Vec<Block>) {
    let r = &report.result;
    out.push(Block::Heading("Result".into()));
    if !r.complete {
        out.push(Block::Entry {
            depth: 0,
            mark: "!",
            text: format!(
                "Incomplete: {} required question(s) not answered; the result may change.",
                r.missing.len()
            ),
        });
        for item in &r.missing {
            out.push(Block::Entry {
                depth: 1,
                mark: "",
                text: item.question.clone(),
            });
        }
    }
    for c in r.classification.iter().chain(&r.specifiers) {
        let rule = c
            .citation
            .rule
            .as_ref()
            .map_or(String::new(), |rule| format!(" [{rule}]"));
        out.push(Block::Entry {
            depth: 0,
            mark: "",
            text: format!("{}: {}{rule}", c.label, c.outcome),
        });
        if let Some(text) = &c.text {
            out.push(Block::Detail {
                depth: 1,
                label: "",
                text: text.clone(),
            });
        }
        if c.case.is_some() {
            because_blocks(&c.reasons, 1, out);
        }
    }
}

/// The clinician's report; `with_patient` adds the patient's view after
/// the result, as the files carry it.
fn blocks(report: &Report, with_patient: bool) -> Vec<Block> {
    let r = &report.result;
    let mut out = vec![Block::Title(format!(
        "{} ({} {})",
        report.questionnaire.title, report.questionnaire.id, report.questionnaire.version
    ))];
    for (id, value) in &report.identifiers.0 {
        let label = report
            .identifier_labels
            .iter()
            .find(|(field, _)| field == id)
            .map_or(id.as_str(), |(_, label)| label.as_str());
        out.push(Block::Meta(label.to_string(), value.clone()));
    }
    out.push(Block::Meta(
        "Scored".into(),
        format!("{} by {}", report.saved.time, report.saved.program),
    ));
    if let Some(rescored) = &report.saved.rescored {
        out.push(Block::Meta("Scored again".into(), rescored.clone()));
    }
    headline_blocks(report, &mut out);
    if let Some(disclaimer) = &r.disclaimer {
        out.push(Block::Paragraph(disclaimer.clone()));
    }

    // Red flags come before everything else, whatever the result.
    finding_blocks(r.findings.iter().filter(|f| f.urgency.is_some()), &mut out);

    result_blocks(report, &mut out);

    out.push(Block::Heading(r.tests_title.clone()));
    if let Some(no_tests) = &r.no_tests {
        out.push(Block::Paragraph(no_tests.clone()));
    }
    let mut test_group = None;
    for t in &r.tests {
        if t.group.is_some() && test_group != t.group.as_ref() {
            test_group = t.group.as_ref();
            out.push(Block::Subheading(t.group.clone().unwrap_or_default()));
        }
        test_blocks(t, &mut out);
    }
    if !r.not_needed.is_empty() {
        out.push(Block::Subheading("Not needed now".into()));
        for n in &r.not_needed {
            let text = n
                .text
                .as_ref()
                .map_or(n.name.clone(), |t| format!("{}: {t}", n.name));
            out.push(Block::Entry {
                depth: 0,
                mark: "",
                text,
            });
            because_blocks(&n.reasons, 1, &mut out);
        }
    }

    known_blocks(report, &mut out);
    finding_blocks(r.findings.iter().filter(|f| f.urgency.is_none()), &mut out);

    if with_patient {
        out.push(Block::Heading(PATIENT_TITLE.into()));
        patient_blocks(report, &mut out);
    }

    if !r.answered.is_empty() {
        out.push(Block::Heading("Answers".into()));
        for section in &r.answered {
            out.push(Block::Subheading(section.title.clone()));
            for (question, answer) in &section.answers {
                out.push(Block::Entry {
                    depth: 0,
                    mark: "",
                    text: format!("{question} {answer}"),
                });
            }
        }
    }
    if !r.ignored.is_empty() {
        out.push(Block::Subheading(
            "Answered but not used (the question did not apply)".into(),
        ));
        for item in &r.ignored {
            out.push(Block::Entry {
                depth: 0,
                mark: "",
                text: item.question.clone(),
            });
        }
    }
    out
}

const TEXT_WIDTH: usize = 78;

/// Plain text, wrapped at 78 columns, for printing or pasting into a chart.
pub fn write_text(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    write_text_blocks(blocks(report, true), out)
}

/// The clinician's view alone as plain text, for reading out in plain mode.
pub fn write_clinician_text(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    write_text_blocks(blocks(report, false), out)
}

/// The patient view alone as plain text, for reading out in plain mode.
pub fn write_patient_text(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut blocks = Vec::new();
    patient_blocks(report, &mut blocks);
    write_text_blocks(blocks, out)
}

fn write_text_blocks(blocks: Vec<Block>, out: &mut dyn Write) -> io::Result<()> {
    for block in blocks {
        match block {
            Block::Title(text) => {
                let text = sanitize_line(&text);
                writeln!(out, "{text}")?;
                writeln!(
                    out,
                    "{}",
                    "=".repeat(crate::text::width(&text).min(TEXT_WIDTH))
                )?;
            }
            // Only entries and details may span lines, indented under
            // their lead: a line break elsewhere is shown, not obeyed.
            Block::Meta(label, value) => {
                writeln!(out, "{}: {}", sanitize_line(&label), sanitize_line(&value))?;
            }
            Block::Heading(text) => writeln!(out, "\n{}", sanitize_line(&text).to_uppercase())?,
            Block::Subheading(text) => writeln!(out, "\n  {}", sanitize_line(&text))?,
            Block::Entry { depth, mark, text } => {
                let indent = 2 + depth * 4;
                let lead = if mark.is_empty() {
                    "- ".to_string()
                } else {
                    format!("{mark} ")
                };
                write_wrapped(out, indent, &lead, &text)?;
            }
            Block::Detail { depth, label, text } => {
                let indent = 2 + depth * 4;
                let lead = if label.is_empty() {
                    String::new()
                } else {
                    format!("{label}: ")
                };
                write_wrapped(out, indent, &lead, &text)?;
            }
            Block::Paragraph(text) => {
                writeln!(out)?;
                for line in wrap(&text, TEXT_WIDTH) {
                    writeln!(out, "{line}")?;
                }
            }
        }
    }
    Ok(())
}

fn write_wrapped(out: &mut dyn Write, indent: usize, lead: &str, text: &str) -> io::Result<()> {
    let lead_width = crate::text::width(lead);
    let lines = wrap(text, TEXT_WIDTH.saturating_sub(indent + lead_width).max(20));
    for (i, line) in lines.iter().enumerate() {
        if i == 0 {
            writeln!(out, "{:indent$}{lead}{line}", "")?;
        } else {
            writeln!(out, "{:width$}{line}", "", width = indent + lead_width)?;
        }
    }
    Ok(())
}

/// Escapes text for one line of Markdown that must stay one line (a
/// heading, a title): line breaks are shown, not obeyed.
fn md_line(text: &str) -> String {
    md(&crate::text::sanitize_line(text), 0)
}

/// Escapes text from a questionnaire or a person so that Markdown shows it
/// as written, whatever it holds. Inline marks are escaped everywhere; each
/// line (a value can span several) is also escaped where a line start
/// means something (`# `, `> `, `- `, `1. `, `~~~`, `===`, ...), is kept
/// from being blank (a blank line would end the list item, and what
/// follows would be read as the report's own structure), and is joined
/// with a hard break, indented by `indent` to stay inside its list item.
fn md(text: &str, indent: usize) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    // CommonMark ends a line at CR, LF or CR LF alike.
    let text = text.replace("\r\n", "\n");
    for (i, line) in text.split(['\n', '\r']).enumerate() {
        if i > 0 {
            out.push_str("  \n");
            out.push_str(&" ".repeat(indent));
        }
        md_line_start(line, &mut out);
    }
    out
}

/// One line of [`md`].
fn md_line_start(line: &str, out: &mut String) {
    let body = line.trim_start_matches([' ', '\t']);
    if body.is_empty() {
        // Not a blank line to Markdown, and shown as one.
        out.push('\u{a0}');
        return;
    }
    let mut at_start = true;
    let digits = body.chars().take_while(char::is_ascii_digit).count();
    for (index, c) in body.char_indices() {
        // An escaped first mark cannot open a block; after digits, the `.`
        // or `)` of an ordered list item is what must be escaped.
        let opens_block = (at_start && c.is_ascii_punctuation())
            || (digits > 0 && index == digits && matches!(c, '.' | ')'));
        let inline = matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '&' | '$' | '^'
        );
        if opens_block || inline {
            out.push('\\');
        }
        out.push(c);
        at_start = false;
    }
}

/// Markdown, for printing, converting or pasting into a record system.
pub fn write_markdown(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut first = true;
    for block in blocks(report, true) {
        match block {
            Block::Title(text) => writeln!(out, "# {}\n", md_line(&text))?,
            Block::Meta(label, value) => {
                writeln!(out, "**{}:** {}  ", md_line(&label), md_line(&value))?;
            }
            Block::Heading(text) => writeln!(out, "\n## {}\n", md_line(&text))?,
            Block::Subheading(text) => writeln!(out, "\n### {}\n", md_line(&text))?,
            Block::Entry { depth, mark, text } => {
                let mark = if mark.is_empty() {
                    String::new()
                } else {
                    format!("{mark} ")
                };
                writeln!(
                    out,
                    "{:indent$}- {mark}{}",
                    "",
                    md(&text, depth * 2 + 2),
                    indent = depth * 2
                )?;
            }
            Block::Detail { depth, label, text } => {
                let label = if label.is_empty() {
                    String::new()
                } else {
                    format!("*{label}:* ")
                };
                writeln!(
                    out,
                    "{:indent$}- {label}{}",
                    "",
                    md(&text, depth * 2 + 2),
                    indent = depth * 2
                )?;
            }
            Block::Paragraph(text) => {
                if !first {
                    writeln!(out)?;
                }
                writeln!(out, "{}", md(&text, 0))?;
            }
        }
        first = false;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_is_escaped_whatever_ends_it() {
        assert_eq!(
            md("a\r\n- b\r# c\n\n1. d", 2),
            "a  \n  \\- b  \n  \\# c  \n  \u{a0}  \n  1\\. d"
        );
        assert_eq!(md_line("x\n# y"), "x␊\\# y");
    }
}
