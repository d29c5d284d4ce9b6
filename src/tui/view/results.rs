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
use ratatui::text::{Line, Span};

use super::{Needed, bar, content_area_for, hanging, scrolled_panel, scrolling_screen};
use crate::questionnaire::Show;
use crate::report::{FindingOut, Reason, Report};
use crate::tui::app::{App, ResultsScreen, Screen};

/// Header, key bar and the borders.
const CHROME: u16 = 4;

pub fn viewport_height(size: (u16, u16)) -> usize {
    content_area_for(size).height.saturating_sub(CHROME).max(1) as usize
}

fn text_width(area_width: u16) -> usize {
    area_width.saturating_sub(4) as usize
}

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

/// The findings drawn as criteria: those reported true or false. Without
/// any, the ones grouped as diagnostic criteria. Worked out once per
/// layout: asked afresh for each finding it was cubic in the number of
/// findings (a thousand took seconds per frame).
struct Criteria<'q> {
    always: std::collections::HashSet<&'q str>,
    any_always: bool,
}

impl<'q> Criteria<'q> {
    fn new(app: &'q App, report: &Report) -> Self {
        let always: std::collections::HashSet<&str> = app
            .questionnaire()
            .findings
            .iter()
            .filter(|spec| spec.show == Show::Always)
            .map(|spec| spec.id.as_str())
            .collect();
        let any_always = report
            .result
            .findings
            .iter()
            .any(|f| always.contains(f.id.as_str()));
        Criteria { always, any_always }
    }

    fn holds(&self, finding: &FindingOut) -> bool {
        if self.any_always {
            self.always.contains(finding.id.as_str())
        } else {
            finding.group.starts_with("Diagnostic criteria")
        }
    }
}

/// [`lines`], laid out again only when the width or the saving changed.
fn laid_out(app: &App, results: &ResultsScreen, inner: usize) -> std::rc::Rc<[Line<'static>]> {
    let key = (inner, app.saved().to_vec(), app.has_unsaved());
    results
        .layout
        .get(key, || lines(app, &results.report, inner))
}

/// The whole result as lines `inner` columns wide.
pub fn lines(app: &App, report: &Report, inner: usize) -> Vec<Line<'static>> {
    let theme = app.theme();
    let symbols = theme.symbols();
    let r = &report.result;
    let mut out: Vec<Line<'static>> = Vec::new();
    let blank = |out: &mut Vec<Line<'static>>| {
        if out.last().is_some_and(|l| l.width() > 0) {
            out.push(Line::default());
        }
    };
    let indent = |n: usize| vec![Span::raw(" ".repeat(n))];
    let is_criterion = Criteria::new(app, report);

    if !app.saved().is_empty() && !app.has_unsaved() {
        let names: Vec<String> = app
            .saved()
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        out.extend(hanging(
            vec![Span::styled(format!("{} ", symbols.met), theme.met())],
            &format!("Saved: {}", names.join(", ")),
            theme.plain(),
            inner,
        ));
        blank(&mut out);
    }

    for (id, value) in &report.identifiers.0 {
        let label = report
            .identifier_labels
            .iter()
            .find(|(field, _)| field == id)
            .map_or(id.as_str(), |(_, label)| label.as_str());
        out.extend(hanging(
            vec![],
            // Kept as given; bidi and zero-width characters spelled out.
            &format!("{label}: {}", crate::text::sanitize_line(value)),
            theme.quiet(),
            inner,
        ));
    }
    blank(&mut out);

    if let Some(c) = &r.classification {
        out.extend(hanging(
            vec![Span::styled(
                format!("{} ", symbols.pointer),
                theme.cursor(),
            )],
            &format!("{}: {}", c.label, c.outcome),
            theme.title(),
            inner,
        ));
        if let Some(text) = &c.text {
            out.extend(hanging(indent(2), text, theme.plain(), inner));
        }
    }
    for s in &r.specifiers {
        if s.case.is_none() && s.outcome == "not applicable" {
            continue;
        }
        out.extend(hanging(
            indent(2),
            &format!("{}: {}", s.label, s.outcome),
            theme.plain(),
            inner,
        ));
    }

    let criteria: Vec<&FindingOut> = r
        .findings
        .iter()
        .filter(|f| is_criterion.holds(f))
        .collect();
    if !criteria.is_empty() {
        blank(&mut out);
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
        out.push(Line::from(spans));
        for f in &criteria {
            let mark = if f.value {
                Span::styled(format!("{} ", symbols.met), theme.met())
            } else {
                Span::styled(format!("{} ", symbols.not_met), theme.not_met())
            };
            out.extend(hanging(
                vec![Span::raw("  "), mark],
                &f.label,
                theme.plain(),
                inner,
            ));
        }
    }

    let scored: Vec<_> = r.scores.iter().filter(|s| s.value.is_some()).collect();
    if !scored.is_empty() {
        blank(&mut out);
    }
    for score in scored {
        let Some(value) = score.value else { continue };
        let unit = score
            .unit
            .as_ref()
            .map_or(String::new(), |u| format!(" {u}"));
        match score.max {
            Some(max) if max > 0.0 => {
                out.extend(hanging(vec![], &score.label, theme.title(), inner));
                let cells = inner.saturating_sub(20).clamp(5, 24);
                let mut spans = vec![Span::raw("  ")];
                spans.extend(bar(theme, value / max, cells));
                spans.push(Span::raw(format!(
                    "  {} of {}{unit}",
                    crate::text::number(value),
                    crate::text::number(max)
                )));
                out.push(Line::from(spans));
            }
            _ => out.extend(hanging(
                vec![],
                &format!("{}: {}{unit}", score.label, crate::text::number(value)),
                theme.plain(),
                inner,
            )),
        }
    }

    blank(&mut out);
    out.push(Line::styled(r.tests_title.clone(), theme.title()));
    if let Some(none) = &r.no_tests {
        out.extend(hanging(indent(2), none, theme.plain(), inner));
    }
    for t in &r.tests {
        let recommended = t.priority == "recommended";
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
        out.extend(hanging(
            vec![Span::styled(format!("{mark} {word}  "), style)],
            &t.name,
            theme.title(),
            inner,
        ));
        let detail = |out: &mut Vec<Line<'static>>, label: &str, text: &str| {
            out.extend(hanging(
                vec![
                    Span::raw("    "),
                    Span::styled(format!("{label:<6}"), theme.quiet()),
                ],
                text,
                theme.plain(),
                inner,
            ));
        };
        for reason in &t.reasons {
            detail(&mut out, "why", &reason.text);
            for answer in &reason.answers {
                out.extend(hanging(
                    indent(12),
                    &reason_text(app, answer),
                    theme.quiet(),
                    inner,
                ));
            }
        }
        if let Some(target) = &t.target {
            detail(&mut out, "aim", target);
        }
        if let Some(prep) = &t.preparation {
            detail(&mut out, "prep", prep);
        }
        for note in &t.notes {
            detail(&mut out, "note", note);
        }
        let cite: Vec<String> = t
            .rule
            .iter()
            .cloned()
            .chain(t.source.iter().map(|s| s.id.clone()))
            .collect();
        if !cite.is_empty() {
            detail(&mut out, "refs", &cite.join(", "));
        }
    }
    if !r.not_needed.is_empty() {
        blank(&mut out);
        out.push(Line::styled("Not needed now", theme.title()));
        for n in &r.not_needed {
            let text = n
                .text
                .as_ref()
                .map_or(n.name.clone(), |t| format!("{}: {t}", n.name));
            out.extend(hanging(
                vec![Span::styled(format!("{} ", symbols.met), theme.met())],
                &text,
                theme.plain(),
                inner,
            ));
        }
    }

    // Grouped in one pass, groups in order of first appearance: looking
    // each group up in a list, then every finding for each group, was
    // quadratic (10,000 groups took seconds per layout).
    let mut groups: Vec<(&str, Vec<&FindingOut>)> = Vec::new();
    let mut group_at: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for f in r.findings.iter().filter(|f| !is_criterion.holds(f)) {
        let at = *group_at.entry(f.group.as_str()).or_insert_with(|| {
            groups.push((f.group.as_str(), Vec::new()));
            groups.len() - 1
        });
        groups[at].1.push(f);
    }
    for (group, findings) in groups {
        blank(&mut out);
        let title = if group.is_empty() {
            "Also found"
        } else {
            group
        };
        out.push(Line::styled(title.to_string(), theme.title()));
        for f in findings {
            out.extend(hanging(
                vec![Span::styled("! ", theme.consider())],
                &f.label,
                theme.plain(),
                inner,
            ));
            if let Some(text) = &f.text {
                out.extend(hanging(indent(4), text, theme.quiet(), inner));
            }
        }
    }

    if let Some(disclaimer) = &r.disclaimer {
        blank(&mut out);
        out.extend(hanging(vec![], disclaimer, theme.title(), inner));
    }
    out
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
