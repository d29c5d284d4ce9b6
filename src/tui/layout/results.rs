//! The results screen: its lines before they are styled, so that the
//! update step knows how far it scrolls and the view draws them.

use std::collections::HashSet;
use std::path::PathBuf;

use super::content_area_for;
use crate::questionnaire::{ItemKind, Priority, Questionnaire, Role, Show};
use crate::report::{
    Audience, FindingOut, HEADLINE_TITLE, HeadlineKind, HeadlineLine, KNOWN_TITLE, Mark,
    PatientLine, Reason, Report, TestOut, patient_view,
};
use crate::text::{width, wrap};
use crate::tui::theme::Symbols;

/// Header, key bar and the borders.
const CHROME: u16 = 4;

pub fn viewport_height(size: (u16, u16)) -> usize {
    content_area_for(size).height.saturating_sub(CHROME).max(1) as usize
}

pub fn text_width(area_width: u16) -> usize {
    area_width.saturating_sub(4) as usize
}

/// The look of a piece of text, which the view turns into a style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// No style of its own.
    Raw,
    Plain,
    Quiet,
    Title,
    Cursor,
    Met,
    NotMet,
    Recommended,
    Consider,
    Gauge,
}

/// A piece of a line and its look.
pub type Piece = (String, Tone);

/// One line of the result.
#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    /// One text in one look for the whole line.
    Styled(String, Tone),
    /// Pieces side by side; none is a blank line.
    Pieces(Vec<Piece>),
}

impl Row {
    pub fn width(&self) -> usize {
        match self {
            Row::Styled(text, _) => width(text),
            Row::Pieces(pieces) => pieces.iter().map(|(text, _)| width(text)).sum(),
        }
    }
}

fn piece(text: impl Into<String>, tone: Tone) -> Piece {
    (text.into(), tone)
}

fn raw(text: impl Into<String>) -> Piece {
    (text.into(), Tone::Raw)
}

/// `text` wrapped to `width` after the pieces of `first`, the lines after
/// the first indented as far.
fn hanging(first: Vec<Piece>, text: &str, tone: Tone, width: usize) -> Vec<Row> {
    let indent: usize = first.iter().map(|(text, _)| self::width(text)).sum();
    let wrapped = wrap(text, width.saturating_sub(indent).max(1));
    let mut rows = Vec::with_capacity(wrapped.len());
    let mut lead = Some(first);
    for part in wrapped {
        let mut pieces = lead.take().unwrap_or_else(|| vec![raw(" ".repeat(indent))]);
        pieces.push((part, tone));
        rows.push(Row::Pieces(pieces));
    }
    rows
}

/// A gauge of `cells` cells, `fraction` of them full.
fn bar(symbols: &Symbols, fraction: f64, cells: usize) -> Vec<Piece> {
    let fraction = if fraction.is_finite() {
        fraction.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let full = (fraction * cells as f64).round() as usize;
    vec![
        piece(symbols.bar_full.repeat(full), Tone::Gauge),
        piece(symbols.bar_empty.repeat(cells - full), Tone::Quiet),
    ]
}

/// The ticked answers a finding rests on (the medicine, the mimic), so
/// that it names them rather than their category.
fn ticked_answers(q: &Questionnaire, finding: &FindingOut) -> Vec<String> {
    finding
        .reasons
        .iter()
        .filter(|reason| match reason {
            Reason::Answer { item, .. } => q
                .item_index(item)
                .is_some_and(|i| matches!(q.items[i].kind, ItemKind::Multiple(_))),
            Reason::Finding { .. } => false,
        })
        .map(Reason::words)
        .collect()
}

/// The mark and look that open a headline line.
fn headline_mark(symbols: &Symbols, line: &HeadlineLine) -> (String, Tone) {
    match line.kind {
        HeadlineKind::Incomplete => ("! INCOMPLETE  ".into(), Tone::Consider),
        HeadlineKind::RedFlag => (format!("!! {}  ", line.label), Tone::NotMet),
        HeadlineKind::BelowTarget => ("! BELOW TARGET  ".into(), Tone::Consider),
        HeadlineKind::Recommended => (
            format!("{} RECOMMENDED  ", symbols.chosen),
            Tone::Recommended,
        ),
        HeadlineKind::Consider => (
            format!("{} CONSIDER     ", symbols.not_chosen),
            Tone::Consider,
        ),
        HeadlineKind::NoTest => (format!("{} ", symbols.met), Tone::Met),
        HeadlineKind::Classification => (format!("{} ", symbols.pointer), Tone::Cursor),
    }
}

/// `text` cut to `room` columns, ending in `ellipsis` when cut.
fn cut(text: &str, room: usize, ellipsis: &str) -> String {
    if width(text) <= room {
        return text.to_string();
    }
    let keep = room.saturating_sub(width(ellipsis));
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        used += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used > keep {
            break;
        }
        out.push(c);
    }
    out.trim_end().to_string() + ellipsis
}

/// What the result's lines are made of.
pub struct Shown<'a> {
    pub q: &'a Questionnaire,
    pub report: &'a Report,
    pub symbols: &'a Symbols,
    /// The files the result was saved to.
    pub saved: &'a [PathBuf],
    /// Something changed since it was saved.
    pub unsaved: bool,
    pub audience: Audience,
}

fn reason_text(symbols: &Symbols, reason: &Reason) -> String {
    reason.text(symbols.met, symbols.not_met)
}

/// The findings drawn as criteria: those the questionnaire gives the
/// criterion role. A questionnaire that names none has its findings
/// reported true or false (`show = "always"`) drawn so. Worked out once
/// per layout: asked afresh for each finding it is cubic in the number of
/// findings, and a thousand findings took seconds per frame.
struct Criteria<'q> {
    ids: HashSet<&'q str>,
}

impl<'q> Criteria<'q> {
    fn new(q: &'q Questionnaire, report: &Report) -> Self {
        let by_role = q
            .findings
            .iter()
            .any(|spec| spec.role == Some(Role::Criterion));
        let ids: HashSet<&str> = if by_role {
            q.findings
                .iter()
                .filter(|spec| spec.role == Some(Role::Criterion))
                .map(|spec| spec.id.as_str())
                .collect()
        } else {
            let always: HashSet<&str> = q
                .findings
                .iter()
                .filter(|spec| spec.show == Show::Always)
                .map(|spec| spec.id.as_str())
                .collect();
            let any_reported = report
                .result
                .findings
                .iter()
                .any(|f| always.contains(f.id.as_str()));
            if any_reported { always } else { HashSet::new() }
        };
        Criteria { ids }
    }

    fn holds(&self, finding: &FindingOut) -> bool {
        self.ids.contains(finding.id.as_str())
    }
}

/// The whole result as rows `inner` columns wide.
pub fn rows(result: Shown, inner: usize) -> Vec<Row> {
    let report = result.report;
    if result.audience == Audience::Patient {
        return patient_rows(&result, inner);
    }
    let mut out = ResultLines {
        q: result.q,
        report,
        criteria: Criteria::new(result.q, report),
        symbols: result.symbols,
        saved: result.saved,
        unsaved: result.unsaved,
        inner,
        out: Vec::new(),
    };
    out.headline();
    out.saved();
    out.identifiers();
    out.classification();
    out.criteria();
    out.scores();
    out.tests();
    out.not_needed();
    out.known_results();
    out.other_findings();
    if let Some(disclaimer) = &report.result.disclaimer {
        out.blank();
        out.hanging(vec![], disclaimer, Tone::Title);
    }
    out.footer();
    out.out
}

/// The result in plain words for the person screened, from the same
/// patient view as the files.
fn patient_rows(result: &Shown, inner: usize) -> Vec<Row> {
    let symbols = result.symbols;
    let mut out = ResultLines {
        q: result.q,
        report: result.report,
        criteria: Criteria::new(result.q, result.report),
        symbols,
        saved: result.saved,
        unsaved: result.unsaved,
        inner,
        out: Vec::new(),
    };
    out.saved();
    for line in patient_view(result.report) {
        match line {
            PatientLine::Heading(text) => {
                out.blank();
                out.out.push(Row::Styled(text, Tone::Title));
            }
            PatientLine::Item { mark, text } => {
                let (mark, tone) = match mark {
                    Mark::Urgent => ("!! ".to_string(), Tone::NotMet),
                    Mark::Low => ("! ".to_string(), Tone::Consider),
                    Mark::Test(Priority::Recommended) => (
                        format!("{} Recommended: ", symbols.chosen),
                        Tone::Recommended,
                    ),
                    Mark::Test(Priority::Consider) => (
                        format!("{} To consider: ", symbols.not_chosen),
                        Tone::Consider,
                    ),
                    Mark::Met => (format!("{} ", symbols.met), Tone::Met),
                    Mark::NotMet => (format!("{} ", symbols.not_met), Tone::NotMet),
                    Mark::None => (format!("{} ", symbols.pointer), Tone::Cursor),
                };
                out.hanging(vec![piece(mark, tone)], &text, Tone::Plain);
            }
            PatientLine::Detail(text) => out.hanging(indent(4), &text, Tone::Quiet),
            PatientLine::Paragraph(text) => {
                out.blank();
                out.hanging(vec![], &text, Tone::Title);
            }
        }
    }
    out.footer();
    out.out
}

/// The result's lines as they are built, block by block.
struct ResultLines<'a> {
    q: &'a Questionnaire,
    report: &'a Report,
    criteria: Criteria<'a>,
    symbols: &'a Symbols,
    saved: &'a [PathBuf],
    unsaved: bool,
    inner: usize,
    out: Vec<Row>,
}

fn indent(n: usize) -> Vec<Piece> {
    vec![(" ".repeat(n), Tone::Raw)]
}

impl ResultLines<'_> {
    /// A blank line, unless there is one already.
    fn blank(&mut self) {
        if self.out.last().is_some_and(|l| l.width() > 0) {
            self.out.push(Row::Pieces(Vec::new()));
        }
    }

    fn hanging(&mut self, first: Vec<Piece>, text: &str, tone: Tone) {
        self.out.extend(hanging(first, text, tone, self.inner));
    }

    /// What to act on first. Tests take one line each, cut with an
    /// ellipsis, so that the whole headline stays above the fold; the rest
    /// wraps.
    fn headline(&mut self) {
        let symbols = self.symbols;
        let lines = &self.report.result.headline;
        if lines.is_empty() {
            return;
        }
        self.out
            .push(Row::Styled(HEADLINE_TITLE.to_string(), Tone::Title));
        for line in lines {
            let (mark, tone) = headline_mark(symbols, line);
            let lead = vec![piece(mark, tone)];
            match line.kind {
                HeadlineKind::Recommended | HeadlineKind::Consider => {
                    let room = self.inner.saturating_sub(width(&lead[0].0));
                    let mut pieces = lead;
                    pieces.push((cut(&line.text, room, symbols.ellipsis), Tone::Title));
                    self.out.push(Row::Pieces(pieces));
                }
                HeadlineKind::Classification => {
                    self.hanging(lead, &line.text, Tone::Title);
                }
                _ => self.hanging(lead, &line.text, Tone::Plain),
            }
        }
        self.blank();
    }

    /// Which program scored it, with which questionnaire: the result's
    /// last line. (The time is in the files; on the screen it would only
    /// repeat the clock.)
    fn footer(&mut self) {
        let report = self.report;
        self.blank();
        self.hanging(
            vec![],
            &format!(
                "Scored by {} · questionnaire {} {}",
                report.saved.program, report.questionnaire.id, report.questionnaire.version
            ),
            Tone::Quiet,
        );
    }

    /// Where the result was saved, while nothing changed since.
    fn saved(&mut self) {
        if !self.saved.is_empty() && !self.unsaved {
            let names: Vec<String> = self.saved.iter().map(|p| p.display().to_string()).collect();
            self.hanging(
                vec![piece(format!("{} ", self.symbols.met), Tone::Met)],
                &format!("Saved: {}", names.join(", ")),
                Tone::Plain,
            );
            self.blank();
        }
    }

    fn identifiers(&mut self) {
        let report = self.report;
        for (id, value) in &report.identifiers.0 {
            let label = report
                .identifier_labels
                .iter()
                .find(|(field, _)| field == id)
                .map_or(id.as_str(), |(_, label)| label.as_str());
            self.hanging(vec![], &format!("{label}: {value}"), Tone::Quiet);
        }
        self.blank();
    }

    /// The classification and the specifiers that apply.
    fn classification(&mut self) {
        let r = &self.report.result;
        if let Some(c) = &r.classification {
            self.hanging(
                vec![piece(format!("{} ", self.symbols.pointer), Tone::Cursor)],
                &format!("{}: {}", c.label, c.outcome),
                Tone::Title,
            );
            if let Some(text) = &c.text {
                self.hanging(indent(2), text, Tone::Plain);
            }
        }
        for s in &r.specifiers {
            if s.case.is_none() && !s.applies {
                continue;
            }
            self.hanging(
                indent(2),
                &format!("{}: {}", s.label, s.outcome),
                Tone::Plain,
            );
        }
    }

    /// The criteria as a bar of ticks, then one per line.
    fn criteria(&mut self) {
        let (report, symbols) = (self.report, self.symbols);
        let criteria: Vec<&FindingOut> = report
            .result
            .findings
            .iter()
            .filter(|f| self.criteria.holds(f))
            .collect();
        if criteria.is_empty() {
            return;
        }
        self.blank();
        let met = criteria.iter().filter(|f| f.value).count();
        let mut spans = vec![piece("Criteria ", Tone::Title)];
        for f in &criteria {
            spans.push((" ".to_string(), Tone::Raw));
            spans.push(if f.value {
                piece(symbols.met, Tone::Met)
            } else {
                piece(symbols.not_met, Tone::NotMet)
            });
        }
        spans.push(raw(format!("  {met} of {} met", criteria.len())));
        self.out.push(Row::Pieces(spans));
        for f in &criteria {
            let mark = if f.value {
                piece(format!("{} ", symbols.met), Tone::Met)
            } else {
                piece(format!("{} ", symbols.not_met), Tone::NotMet)
            };
            self.hanging(
                vec![("  ".to_string(), Tone::Raw), mark],
                &f.label,
                Tone::Plain,
            );
        }
    }

    /// Each score with a value: a gauge when it has a maximum.
    fn scores(&mut self) {
        let inner = self.inner;
        let scored: Vec<_> = self
            .report
            .result
            .scores
            .iter()
            .filter(|s| s.value.is_some())
            .collect();
        if !scored.is_empty() {
            self.blank();
        }
        for score in scored {
            let Some(value) = score.value else { continue };
            let unit = score
                .unit
                .as_ref()
                .map_or(String::new(), |u| format!(" {u}"));
            match score.max {
                Some(max) if max > 0.0 => {
                    self.hanging(vec![], &score.label, Tone::Title);
                    let cells = inner.saturating_sub(20).clamp(5, 24);
                    let mut spans = vec![("  ".to_string(), Tone::Raw)];
                    spans.extend(bar(self.symbols, value / max, cells));
                    spans.push(raw(format!(
                        "  {} of {}{unit}",
                        crate::text::number(value),
                        crate::text::number(max)
                    )));
                    self.out.push(Row::Pieces(spans));
                }
                _ => self.hanging(
                    vec![],
                    &format!("{}: {}{unit}", score.label, crate::text::number(value)),
                    Tone::Plain,
                ),
            }
        }
    }

    /// The tests to request, or the statement that none is indicated.
    fn tests(&mut self) {
        let r = &self.report.result;
        self.blank();
        self.out
            .push(Row::Styled(r.tests_title.clone(), Tone::Title));
        if let Some(none) = &r.no_tests {
            self.hanging(indent(2), none, Tone::Plain);
        }
        for t in &r.tests {
            self.test(t);
        }
    }

    /// One test: its priority and name, then why, the aim, how to prepare,
    /// notes and references.
    fn test(&mut self, t: &TestOut) {
        let symbols = self.symbols;
        let recommended = t.priority == Priority::Recommended;
        let (mark, style, word) = if recommended {
            (symbols.chosen, Tone::Recommended, "RECOMMENDED")
        } else {
            (symbols.not_chosen, Tone::Consider, "CONSIDER")
        };
        let word = if t.escalated {
            format!("{word} (several reasons)")
        } else {
            word.to_string()
        };
        self.hanging(
            vec![piece(format!("{mark} {word}  "), style)],
            &t.name,
            Tone::Title,
        );
        for reason in &t.reasons {
            self.detail("why", &reason.text);
            for answer in reason.answers.iter().filter(|a| a.held()) {
                let text = reason_text(self.symbols, answer);
                self.hanging(indent(12), &text, Tone::Quiet);
            }
            if let Some(not_counted) = Reason::not_counted(&reason.answers) {
                self.hanging(
                    indent(12),
                    &format!("not counted: {not_counted}"),
                    Tone::Quiet,
                );
            }
        }
        for support in &t.supporting {
            self.detail("also", &support.label);
        }
        if let Some(target) = &t.target {
            self.detail("aim", target);
        }
        if let Some(prep) = &t.preparation {
            self.detail("prep", prep);
        }
        for note in &t.notes {
            self.detail("note", note);
        }
        if let Some(rule) = &t.rule {
            self.detail("rule", rule);
        }
        for source in &t.source {
            self.detail("src", &format!("{} {}", source.id, source.citation));
        }
    }

    fn detail(&mut self, label: &str, text: &str) {
        self.hanging(
            vec![
                ("    ".to_string(), Tone::Raw),
                piece(format!("{label:<6}"), Tone::Quiet),
            ],
            text,
            Tone::Plain,
        );
    }

    fn not_needed(&mut self) {
        let r = &self.report.result;
        if r.not_needed.is_empty() {
            return;
        }
        self.blank();
        self.out
            .push(Row::Styled("Not needed now".to_string(), Tone::Title));
        for n in &r.not_needed {
            let text = n
                .text
                .as_ref()
                .map_or(n.name.clone(), |t| format!("{}: {t}", n.name));
            self.hanging(
                vec![piece(format!("{} ", self.symbols.met), Tone::Met)],
                &text,
                Tone::Plain,
            );
        }
    }

    /// The known results as entered, with how old they are and what they
    /// mean.
    fn known_results(&mut self) {
        let known = &self.report.result.known_results;
        if known.is_empty() {
            return;
        }
        self.blank();
        self.out
            .push(Row::Styled(KNOWN_TITLE.to_string(), Tone::Title));
        for k in known {
            let when = k.when.as_ref().map_or(String::new(), |w| format!("; {w}"));
            self.hanging(
                vec![piece(format!("{} ", self.symbols.pointer), Tone::Cursor)],
                &format!("{}: {}{when}", k.name, k.value),
                Tone::Plain,
            );
            for meaning in &k.meaning {
                self.detail("means", meaning);
            }
        }
    }

    /// The findings that are not criteria, by group.
    fn other_findings(&mut self) {
        let report = self.report;
        let r = &report.result;
        // Grouped in one pass, groups in order of first appearance: looking
        // each group up in a list, then every finding for each group, was
        // quadratic (10,000 groups took seconds per layout).
        let mut groups: Vec<(&str, Vec<&FindingOut>)> = Vec::new();
        let mut group_at: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for f in r.findings.iter().filter(|f| !self.criteria.holds(f)) {
            let at = *group_at.entry(f.group.as_str()).or_insert_with(|| {
                groups.push((f.group.as_str(), Vec::new()));
                groups.len() - 1
            });
            groups[at].1.push(f);
        }
        for (group, in_group) in groups {
            self.blank();
            let title = if group.is_empty() {
                "Also found"
            } else {
                group
            };
            self.out.push(Row::Styled(title.to_string(), Tone::Title));
            for f in in_group {
                self.hanging(vec![piece("! ", Tone::Consider)], &f.label, Tone::Plain);
                if let Some(text) = &f.text {
                    self.hanging(indent(4), text, Tone::Quiet);
                }
                for named in ticked_answers(self.q, f) {
                    self.hanging(indent(4), &named, Tone::Quiet);
                }
            }
        }
    }
}
