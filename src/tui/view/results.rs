//! The result, written from the same `Report` as every saved format, so
//! the screen and the files cannot disagree. It scrolls.
//!
//! ```text
//!  restless · Result                                   Restless legs screening
//! ┌ Result ───────────────────────────────────────────────────────────────────┐
//! │ ▸ RLS criteria: Met                                                       │
//! │   The answers fit the five essential criteria for restless legs syndrome. │
//! │   Course: Chronic-persistent (2 or more times a week over the past year)  │
//! │                                                                           │
//! │ Criteria  ✓ ✓ ✓ ✓ ✓  5 of 5 met                                           │
//! │   ✓ C1 Urge to move the legs                                              │
//! │ Impact on daily life                                                      │
//! │   ▓▓▓▓▓▓▓▓░░░░░░░░░░░░  8 of 18                                           │
//! │                                                                           │
//! │ Tests to request                                                          │
//! │ ● RECOMMENDED  Iron studies: serum ferritin, serum iron, TIBC and TSAT    │
//! │     why   RLS criteria met and clinically significant.                    │
//! └─────────────────────────────────────────────────────────── lines 1-18 of 60 ┘
//!  ↑↓ scroll · r review · ? keys · q quit
//! ```

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::{Needed, bar, content_area_for, hanging, scrolled_panel, scrolling_screen};
use crate::questionnaire::{Priority, Role, Show};
use crate::report::{FindingOut, Reason, Report, TestOut};
use crate::tui::app::{App, ResultsScreen, Screen};
use crate::tui::theme::{Symbols, Theme};

pub use crate::tui::layout::results::{text_width, viewport_height};

/// How far the result can scroll in the app's terminal size.
pub fn max_scroll(app: &App) -> usize {
    let Screen::Results(results) = app.screen() else {
        return 0;
    };
    let inner = text_width(content_area_for(app.size()).width);
    laid_out(app, results, inner)
        .len()
        .saturating_sub(viewport_height(app.size()))
}

fn reason_text(app: &App, reason: &Reason) -> String {
    let symbols = app.theme().symbols();
    reason.text(symbols.met, symbols.not_met)
}

/// The findings drawn as criteria: those the questionnaire gives the
/// criterion role. A questionnaire that names none has its findings
/// reported true or false (`show = "always"`) drawn so.
fn is_criterion(app: &App, report: &Report, finding: &FindingOut) -> bool {
    let q = app.questionnaire();
    if q.findings.iter().any(|spec| spec.role.is_some()) {
        return q
            .findings
            .iter()
            .any(|spec| spec.id == finding.id && spec.role == Some(Role::Criterion));
    }
    let always = |f: &FindingOut| {
        q.findings
            .iter()
            .any(|spec| spec.id == f.id && spec.show == Show::Always)
    };
    report.result.findings.iter().any(always) && always(finding)
}

/// [`lines`], laid out again only when the width or the saving changed.
fn laid_out(app: &App, results: &ResultsScreen, inner: usize) -> std::rc::Rc<[Line<'static>]> {
    let key = (inner, app.saved().to_vec(), app.has_unsaved());
    results.layout.get(key, || match app.report() {
        Some(report) => lines(app, report, inner),
        None => Vec::new(),
    })
}

/// The whole result as lines `inner` columns wide.
pub fn lines(app: &App, report: &Report, inner: usize) -> Vec<Line<'static>> {
    let theme = app.theme();
    let mut out = ResultLines {
        app,
        report,
        theme,
        symbols: theme.symbols(),
        inner,
        out: Vec::new(),
    };
    out.saved();
    out.identifiers();
    out.classification();
    out.criteria();
    out.scores();
    out.tests();
    out.not_needed();
    out.other_findings();
    if let Some(disclaimer) = &report.result.disclaimer {
        out.blank();
        out.hanging(vec![], disclaimer, theme.title());
    }
    out.out
}

/// The result's lines as they are built, block by block.
struct ResultLines<'a> {
    app: &'a App,
    report: &'a Report,
    theme: Theme,
    symbols: &'static Symbols,
    inner: usize,
    out: Vec<Line<'static>>,
}

fn indent(n: usize) -> Vec<Span<'static>> {
    vec![Span::raw(" ".repeat(n))]
}

impl ResultLines<'_> {
    /// A blank line, unless there is one already.
    fn blank(&mut self) {
        if self.out.last().is_some_and(|l| l.width() > 0) {
            self.out.push(Line::default());
        }
    }

    fn hanging(&mut self, first: Vec<Span<'static>>, text: &str, style: Style) {
        self.out.extend(hanging(first, text, style, self.inner));
    }

    /// Where the result was saved, while nothing changed since.
    fn saved(&mut self) {
        let app = self.app;
        if !app.saved().is_empty() && !app.has_unsaved() {
            let names: Vec<String> = app
                .saved()
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            self.hanging(
                vec![Span::styled(
                    format!("{} ", self.symbols.met),
                    self.theme.met(),
                )],
                &format!("Saved: {}", names.join(", ")),
                self.theme.plain(),
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
            self.hanging(vec![], &format!("{label}: {value}"), self.theme.quiet());
        }
        self.blank();
    }

    /// The classification and the specifiers that apply.
    fn classification(&mut self) {
        let (r, theme) = (&self.report.result, self.theme);
        if let Some(c) = &r.classification {
            self.hanging(
                vec![Span::styled(
                    format!("{} ", self.symbols.pointer),
                    theme.cursor(),
                )],
                &format!("{}: {}", c.label, c.outcome),
                theme.title(),
            );
            if let Some(text) = &c.text {
                self.hanging(indent(2), text, theme.plain());
            }
        }
        for s in &r.specifiers {
            if s.case.is_none() && !s.applies {
                continue;
            }
            self.hanging(
                indent(2),
                &format!("{}: {}", s.label, s.outcome),
                theme.plain(),
            );
        }
    }

    /// The criteria as a bar of ticks, then one per line.
    fn criteria(&mut self) {
        let (app, report, theme, symbols) = (self.app, self.report, self.theme, self.symbols);
        let criteria: Vec<&FindingOut> = report
            .result
            .findings
            .iter()
            .filter(|f| is_criterion(app, report, f))
            .collect();
        if criteria.is_empty() {
            return;
        }
        self.blank();
        let met = criteria.iter().filter(|f| f.value).count();
        let mut spans = vec![Span::styled("Criteria ", theme.title())];
        for f in &criteria {
            spans.push(Span::raw(" "));
            spans.push(if f.value {
                Span::styled(symbols.met, theme.met())
            } else {
                Span::styled(symbols.not_met, theme.not_met())
            });
        }
        spans.push(Span::raw(format!("  {met} of {} met", criteria.len())));
        self.out.push(Line::from(spans));
        for f in &criteria {
            let mark = if f.value {
                Span::styled(format!("{} ", symbols.met), theme.met())
            } else {
                Span::styled(format!("{} ", symbols.not_met), theme.not_met())
            };
            self.hanging(vec![Span::raw("  "), mark], &f.label, theme.plain());
        }
    }

    /// Each score with a value: a gauge when it has a maximum.
    fn scores(&mut self) {
        let (theme, inner) = (self.theme, self.inner);
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
                    self.hanging(vec![], &score.label, theme.title());
                    let cells = inner.saturating_sub(20).clamp(5, 24);
                    let mut spans = vec![Span::raw("  ")];
                    spans.extend(bar(theme, value / max, cells));
                    spans.push(Span::raw(format!(
                        "  {} of {}{unit}",
                        crate::text::number(value),
                        crate::text::number(max)
                    )));
                    self.out.push(Line::from(spans));
                }
                _ => self.hanging(
                    vec![],
                    &format!("{}: {}{unit}", score.label, crate::text::number(value)),
                    theme.plain(),
                ),
            }
        }
    }

    /// The tests to request, or the statement that none is indicated.
    fn tests(&mut self) {
        let r = &self.report.result;
        self.blank();
        self.out
            .push(Line::styled(r.tests_title.clone(), self.theme.title()));
        if let Some(none) = &r.no_tests {
            self.hanging(indent(2), none, self.theme.plain());
        }
        for t in &r.tests {
            self.test(t);
        }
    }

    /// One test: its priority and name, then why, the aim, how to prepare,
    /// notes and references.
    fn test(&mut self, t: &TestOut) {
        let (theme, symbols) = (self.theme, self.symbols);
        let recommended = t.priority == Priority::Recommended;
        let (mark, style, word) = if recommended {
            (symbols.chosen, theme.recommended(), "RECOMMENDED")
        } else {
            (symbols.not_chosen, theme.consider(), "CONSIDER")
        };
        let word = if t.escalated {
            format!("{word} (several reasons)")
        } else {
            word.to_string()
        };
        self.hanging(
            vec![Span::styled(format!("{mark} {word}  "), style)],
            &t.name,
            theme.title(),
        );
        for reason in &t.reasons {
            self.detail("why", &reason.text);
            for answer in &reason.answers {
                let text = reason_text(self.app, answer);
                self.hanging(indent(12), &text, theme.quiet());
            }
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
        let cite: Vec<String> = t
            .rule
            .iter()
            .cloned()
            .chain(t.source.iter().map(|s| s.id.clone()))
            .collect();
        if !cite.is_empty() {
            self.detail("refs", &cite.join(", "));
        }
    }

    fn detail(&mut self, label: &str, text: &str) {
        let theme = self.theme;
        self.hanging(
            vec![
                Span::raw("    "),
                Span::styled(format!("{label:<6}"), theme.quiet()),
            ],
            text,
            theme.plain(),
        );
    }

    fn not_needed(&mut self) {
        let r = &self.report.result;
        if r.not_needed.is_empty() {
            return;
        }
        self.blank();
        self.out
            .push(Line::styled("Not needed now", self.theme.title()));
        for n in &r.not_needed {
            let text = n
                .text
                .as_ref()
                .map_or(n.name.clone(), |t| format!("{}: {t}", n.name));
            self.hanging(
                vec![Span::styled(
                    format!("{} ", self.symbols.met),
                    self.theme.met(),
                )],
                &text,
                self.theme.plain(),
            );
        }
    }

    /// The findings that are not criteria, by group.
    fn other_findings(&mut self) {
        let (app, report, theme) = (self.app, self.report, self.theme);
        let r = &report.result;
        let mut groups: Vec<&str> = Vec::new();
        for f in &r.findings {
            if !is_criterion(app, report, f) && !groups.contains(&f.group.as_str()) {
                groups.push(&f.group);
            }
        }
        for group in groups {
            self.blank();
            let title = if group.is_empty() {
                "Also found"
            } else {
                group
            };
            self.out
                .push(Line::styled(title.to_string(), theme.title()));
            for f in r
                .findings
                .iter()
                .filter(|f| f.group == group && !is_criterion(app, report, f))
            {
                self.hanging(
                    vec![Span::styled("! ", theme.consider())],
                    &f.label,
                    theme.plain(),
                );
                if let Some(text) = &f.text {
                    self.hanging(indent(4), text, theme.quiet());
                }
            }
        }
    }
}

pub fn render(
    app: &App,
    results: &ResultsScreen,
    frame: &mut Frame,
    area: Rect,
) -> Result<(), Needed> {
    let theme = app.theme();
    let title = vec![Span::styled(
        format!("{} ", app.questionnaire().title),
        theme.quiet(),
    )];
    let rows = scrolling_screen(app, "Result", title, false, frame, area)?;
    let inner = text_width(area.width);
    let all = laid_out(app, results, inner);
    scrolled_panel(theme, "Result", &all, results.scroll, 2, rows.body, frame);
    Ok(())
}
