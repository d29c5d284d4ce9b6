//! A summary for pasting into a record: at most [`MAX_LINES`] lines of
//! ASCII, one line per thing to act on — red flags, known results below a
//! target, each test with its reasons — then the classification and the
//! known results. Every record system takes ASCII; the full report has
//! the rest.

use std::io::{self, Write};

use super::{HeadlineKind, Report};

/// No summary is longer than this.
pub const MAX_LINES: usize = 20;

/// The summary of `report`, at most [`MAX_LINES`] lines of ASCII.
pub fn summary_lines(report: &Report) -> Vec<String> {
    let r = &report.result;
    let mut head = vec![title_line(report)];
    let mut body: Vec<String> = Vec::new();
    for line in &r.headline {
        match line.kind {
            HeadlineKind::Recommended | HeadlineKind::Consider => {}
            HeadlineKind::Classification => {}
            _ => body.push(format!("{}: {}", line.label, line.text)),
        }
    }
    for t in &r.tests {
        let reasons: Vec<&str> = t
            .reasons
            .iter()
            .map(|reason| reason.text.as_str())
            .collect();
        let supporting: Vec<&str> = t.supporting.iter().map(|s| s.label.as_str()).collect();
        let mut line = format!(
            "{}: {} - {}",
            t.priority.as_str().to_uppercase(),
            t.name,
            reasons.join(" ")
        );
        if !supporting.is_empty() {
            line = format!("{line} Also: {}.", supporting.join("; "));
        }
        body.push(line);
    }
    let mut tail = Vec::new();
    if let Some(c) = &r.classification {
        let specifiers: Vec<String> = r
            .specifiers
            .iter()
            .filter(|s| s.case.is_some())
            .map(|s| format!("{}: {}", s.label, s.outcome))
            .collect();
        let mut line = format!("{}: {}", c.label, c.outcome);
        if !specifiers.is_empty() {
            line = format!("{line}; {}", specifiers.join("; "));
        }
        tail.push(line);
    }
    if !r.known_results.is_empty() {
        let known: Vec<String> = r
            .known_results
            .iter()
            .map(|k| match &k.when {
                Some(when) => format!("{} {} ({})", k.name, k.value, when.to_lowercase()),
                None => format!("{} {}", k.name, k.value),
            })
            .collect();
        tail.push(format!("Known results: {}", known.join("; ")));
    }
    if let Some(disclaimer) = &r.disclaimer {
        tail.push(disclaimer.replace('\n', " "));
    }
    let room = MAX_LINES.saturating_sub(head.len() + tail.len());
    if body.len() > room {
        let left_out = body.len() + 1 - room;
        body.truncate(room.saturating_sub(1));
        body.push(format!("... and {left_out} more: see the full report."));
    }
    head.extend(body);
    head.extend(tail);
    head.into_iter().map(|line| ascii(&line)).collect()
}

fn title_line(report: &Report) -> String {
    let mut parts = vec![format!(
        "{} ({} {})",
        report.questionnaire.title, report.questionnaire.id, report.questionnaire.version
    )];
    for (id, value) in &report.identifiers.0 {
        let label = report
            .identifier_labels
            .iter()
            .find(|(field, _)| field == id)
            .map_or(id.as_str(), |(_, label)| label.as_str());
        parts.push(format!("{label}: {value}"));
    }
    parts.push(format!("{} by {}", report.saved.time, report.saved.program));
    parts.join(" | ")
}

/// `text` in ASCII: the characters the questionnaire uses spelled out,
/// anything else a `?`, and no control characters.
pub fn ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            ' '..='~' => out.push(c),
            '\t' | '\n' | '\r' => out.push(' '),
            'µ' | 'μ' => out.push('u'),
            '‘' | '’' | '′' => out.push('\''),
            '“' | '”' | '″' => out.push('"'),
            '–' | '—' | '−' => out.push('-'),
            '≤' => out.push_str("<="),
            '≥' => out.push_str(">="),
            '×' => out.push('x'),
            '·' | '•' | '●' => out.push('*'),
            '…' => out.push_str("..."),
            '✓' => out.push('+'),
            '✗' => out.push('-'),
            '°' => out.push_str(" deg"),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'á' | 'à' | 'â' | 'ä' => out.push('a'),
            'ö' | 'ó' | 'ô' => out.push('o'),
            'ü' | 'ú' => out.push('u'),
            'ï' | 'í' => out.push('i'),
            'ç' => out.push('c'),
            '\u{a0}' => out.push(' '),
            _ => out.push('?'),
        }
    }
    out
}

/// The summary, one line each.
pub fn write_summary(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for line in summary_lines(report) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_spells_out_what_it_can_and_marks_the_rest() {
        assert_eq!(ascii("45 µg/L ≥ 20 – ok ✓"), "45 ug/L >= 20 - ok +");
        assert_eq!(ascii("日本\u{1b}[31m"), "???[31m");
        assert!(ascii("é\u{202e}x").is_ascii());
    }
}
