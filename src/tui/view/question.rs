//! One question at a time.
//!
//! ```text
//!  restless · Leg feelings          5 answered · 1 of 9 sections done  ▓░░░░░░░░░
//! ┌ Sections ──────────────┐┌ 2 of 5 ───────────────────────────────────────────┐
//! │ ✓ About you            ││                                                   │
//! │ ▸ Leg feelings     2/5 ││  Does it start, or get worse, when you are        │
//! │   Medicines            ││  resting: sitting or lying still?                 │
//! │   Review               ││                                                   │
//! │                        ││▸ ○ 1  Yes                                         │
//! │                        ││  ● 2  No                                          │
//! │                        ││  ○ ?  I'm not sure                                │
//! └────────────────────────┘└───────────────────────────────────────────────────┘
//!  ↑↓ move · 1-2 pick · Enter next · ? not sure · Shift-Tab back · h help · F2 keys
//! ```
//!
//! Narrow windows replace the section list with a one-line breadcrumb. A
//! list too long for the window scrolls a page at a time, keeping the
//! highlighted option in view and saying how many are above and below;
//! only a window too small for the question and one option gets the
//! "make the window larger" message instead.

use super::Lines;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::{Needed, bar, cells, hanging, header, key_bar, panel, spread, truncate};
use crate::engine::Answer;
use crate::questionnaire::{Item, ItemKind, NumberSpec, Unit};
use crate::text::width;
use crate::tui::action::{Hit, Spot};
use crate::tui::app::{App, Editor, QuestionScreen, Row, row_keys, rows};
use crate::tui::field::TextField;
use crate::tui::theme::{Symbols, Theme};

const SIDEBAR: u16 = 27;
const MIN_PANEL: u16 = 48;
/// Columns between the brackets of a number field.
const NUMBER_FIELD: usize = 16;
/// At most this many rows of a free-text box are shown; it scrolls.
const TEXT_ROWS: usize = 4;

/// The lines inside the question panel, and where the text cursor goes.
struct Content {
    lines: Vec<Line<'static>>,
    cursor: Option<(usize, usize)>,
    /// The lines of each option row (from, to), in order: what scrolls
    /// when the whole list does not fit.
    rows: Vec<(usize, usize)>,
    /// The row the highlight is on.
    at: usize,
    /// The question's row each line shows, if any: where a click lands.
    line_rows: Vec<Option<usize>>,
}

/// The question's place in its section, counting only questions that apply.
fn section_position(app: &App, item: usize) -> (usize, usize) {
    let q = app.questionnaire();
    let section = &q.sections[q.items[item].section];
    let applicable = app.applicable();
    let position = section
        .items
        .clone()
        .filter(|&i| i <= item && applicable[i])
        .count();
    let total = section.items.clone().filter(|&i| applicable[i]).count();
    (position, total)
}

fn content(app: &App, question: &QuestionScreen, inner: usize) -> Content {
    let theme = app.theme();
    let q = app.questionnaire();
    let item = &q.items[question.item];
    let mut out = Builder {
        theme,
        symbols: theme.symbols(),
        full: inner + 1,
        dont_know: &q.labels.dont_know,
        lines: vec![Line::default()],
        cursor: None,
        rows: Vec::new(),
    };
    if let Some(intro) = &q.sections[item.section].intro {
        let style = theme.quiet().add_modifier(Modifier::ITALIC);
        out.lines
            .extend(hanging(out.gutter(), intro, style, out.full));
        out.lines.push(Line::default());
    }
    out.lines
        .extend(hanging(out.gutter(), &item.text, theme.title(), out.full));
    out.lines.push(Line::default());

    let stored = app.answers().get(question.item);
    let mut at = 0;
    match &question.editor {
        Editor::Choice { cursor, pointed } => {
            at = *cursor;
            out.choice(item, stored, pointed.then_some(*cursor))
        }
        Editor::Multiple {
            cursor,
            ticked,
            dont_know,
        } => {
            at = *cursor;
            out.multiple(item, *cursor, ticked, *dont_know)
        }
        Editor::Field {
            field,
            unit,
            on_dont_know,
        } => {
            let in_field = !*on_dont_know;
            match &item.kind {
                ItemKind::Number(spec) => {
                    out.number_field(field, &spec.units, *unit, in_field);
                    let rule = number_rule(spec, *unit, item.required);
                    out.lines.extend(hanging(
                        vec![Span::raw("   ")],
                        &rule,
                        theme.quiet(),
                        out.full,
                    ));
                }
                _ => out.text_field(field, in_field, item.required),
            }
            if item.dont_know {
                let chosen = stored == Some(&Answer::DontKnow);
                let mark = out.marker(chosen, false);
                let key = row_keys(item).last().copied().flatten();
                out.option_row(*on_dont_know, mark, chosen, key, out.dont_know);
            }
            if !item.required {
                out.lines.push(Line::styled(
                    "   Optional: Enter on an empty field skips it.",
                    theme.quiet(),
                ));
            }
        }
    }
    if let Some(message) = &question.message {
        out.message(message);
    }
    let mut line_rows = vec![None; out.lines.len()];
    // In a field only "not sure" is drawn as a row, after the field's.
    let first_row = match question.editor {
        Editor::Field { .. } => 1,
        _ => 0,
    };
    for (r, &(from, to)) in out.rows.iter().enumerate() {
        for slot in &mut line_rows[from..to] {
            *slot = Some(first_row + r);
        }
    }
    Content {
        lines: out.lines,
        line_rows,
        cursor: out.cursor,
        // A field and its "not sure" row are short: only lists scroll.
        rows: match question.editor {
            Editor::Field { .. } => Vec::new(),
            _ => out.rows,
        },
        at,
    }
}

/// What a number field takes, said before anything is typed: whole or
/// decimal, the range in the unit chosen now, and whether it needs an
/// answer (an optional one says so on its own line).
fn number_rule(spec: &NumberSpec, unit: usize, required: bool) -> String {
    let kind = if spec.integer {
        "A whole number"
    } else {
        "A number (decimals allowed)"
    };
    let factor = spec.units.get(unit).map_or(1.0, |u| u.factor);
    // Bounds are kept in the first unit; 4 decimals hide conversion dust.
    let bound = |b: f64| crate::text::number(((b / factor) * 10_000.0).round() / 10_000.0);
    let name = spec.unit_name(unit);
    let suffix = if name.is_empty() {
        String::new()
    } else {
        format!(" {name}")
    };
    let range = match (spec.min, spec.max) {
        (Some(min), Some(max)) => format!(", from {} to {}{suffix}", bound(min), bound(max)),
        (Some(min), None) => format!(", at least {}{suffix}", bound(min)),
        (None, Some(max)) => format!(", at most {}{suffix}", bound(max)),
        (None, None) => String::new(),
    };
    let needed = if required { "; needs an answer" } else { "" };
    format!("{kind}{range}{needed}.")
}

/// Whether the question fits in `height` lines as it is, or scrolled; a
/// scrolled list shows the page of options with the highlight, and says
/// how many are above and below.
fn fit(content: Content, height: usize, symbols: &Symbols, theme: Theme) -> Option<Content> {
    if content.lines.len() <= height {
        return Some(content);
    }
    let (&(first, _), &(_, end)) = (content.rows.first()?, content.rows.last()?);
    // The blank line above the options makes way for "n more" above.
    let head = first.saturating_sub(1);
    let tail = content.lines.len() - end;
    let room = height.checked_sub(head + 1 + tail + 1)?;
    let pages = pages(&content.rows, room)?;
    let page = pages
        .iter()
        .position(|&(from, to)| (from..to).contains(&content.at))
        .unwrap_or(0);
    let (from, to) = pages[page];
    let more = |arrow: &str, n: usize| {
        if n == 0 {
            Line::default()
        } else {
            Line::styled(format!("   {arrow} {n} more"), theme.quiet())
        }
    };
    let (shown_from, shown_to) = (content.rows[from].0, content.rows[to - 1].1);
    // The lines, and which row each shows, cut the same way.
    let window = Window {
        head,
        first,
        end,
        shown: shown_from..shown_to,
    };
    let line_rows = window.cut(content.line_rows, None);
    let mut lines = window.cut(content.lines, Line::default());
    lines[head] = more(symbols.more_above, from);
    lines[head + 1 + (shown_to - shown_from)] = more(symbols.more_below, content.rows.len() - to);
    Some(Content {
        lines,
        line_rows,
        cursor: None,
        rows: Vec::new(),
        at: content.at,
    })
}

/// Which lines of a question are shown when its list scrolls: the head
/// (lines before `head`), the options' lines in `shown` (all of them are in
/// `first..end`) between two lines for "n more", and the lines after.
struct Window {
    head: usize,
    first: usize,
    end: usize,
    shown: std::ops::Range<usize>,
}

impl Window {
    fn cut<T: Clone>(&self, mut all: Vec<T>, blank: T) -> Vec<T> {
        let rest = all.split_off(self.end);
        let options = all.split_off(self.first);
        all.truncate(self.head);
        all.push(blank.clone());
        all.extend(
            options
                .into_iter()
                .skip(self.shown.start - self.first)
                .take(self.shown.len()),
        );
        all.push(blank);
        all.extend(rest);
        all
    }
}

/// The option rows cut into pages of at most `room` lines, each page as
/// the range of rows it shows; `None` when one row alone does not fit. A
/// row on two pages belongs to the first: the page shown changes only
/// when the highlight leaves it.
fn pages(rows: &[(usize, usize)], room: usize) -> Option<Vec<(usize, usize)>> {
    let mut pages = Vec::new();
    let mut start = 0;
    let mut used = 0;
    for (r, &(from, to)) in rows.iter().enumerate() {
        let lines = to - from;
        if lines > room {
            return None;
        }
        if used + lines > room {
            pages.push((start, r));
            start = r;
            used = 0;
        }
        used += lines;
    }
    // The last page is filled from the end, reaching back over the page
    // before it, so that no screen is left half empty.
    while start > 0 && used + (rows[start - 1].1 - rows[start - 1].0) <= room {
        start -= 1;
        used += rows[start].1 - rows[start].0;
    }
    pages.push((start, rows.len()));
    Some(pages)
}

/// The question's lines as they are built, block by block.
struct Builder<'a> {
    theme: Theme,
    symbols: &'static Symbols,
    /// The width of a line, gutter included.
    full: usize,
    /// The questionnaire's words for "not sure".
    dont_know: &'a str,
    lines: Vec<Line<'static>>,
    cursor: Option<(usize, usize)>,
    rows: Vec<(usize, usize)>,
}

impl Builder<'_> {
    fn gutter(&self) -> Vec<Span<'static>> {
        vec![Span::raw(" ")]
    }

    fn marker(&self, chosen: bool, multiple: bool) -> &'static str {
        let symbols = self.symbols;
        match (chosen, multiple) {
            (true, false) => symbols.chosen,
            (false, false) => symbols.not_chosen,
            (true, true) => symbols.ticked,
            (false, true) => symbols.not_ticked,
        }
    }

    fn option_row(
        &mut self,
        at_cursor: bool,
        mark: &'static str,
        chosen: bool,
        key: Option<char>,
        label: &str,
    ) {
        let theme = self.theme;
        let row_style = if at_cursor {
            theme.cursor()
        } else {
            theme.plain()
        };
        let mark_style = if chosen {
            theme.cursor()
        } else {
            theme.plain()
        };
        let pointer = if at_cursor { self.symbols.pointer } else { " " };
        let key = key.map_or("  ".to_string(), |k| format!("{k} "));
        let first = vec![
            Span::styled(pointer, theme.cursor()),
            Span::raw(" "),
            Span::styled(mark, mark_style),
            Span::raw(" "),
            Span::styled(key, theme.quiet()),
            Span::raw(" "),
        ];
        let from = self.lines.len();
        self.lines
            .extend(hanging(first, label, row_style, self.full));
        self.rows.push((from, self.lines.len()));
    }

    /// A yes/no or single choice: the options, "not sure" and "leave this
    /// unanswered"; `at` is the highlighted row, if any.
    fn choice(&mut self, item: &Item, stored: Option<&Answer>, at: Option<usize>) {
        let options = item.kind.options();
        let keys = row_keys(item);
        for (r, row) in rows(item).iter().enumerate() {
            let at_cursor = at == Some(r);
            let key = keys.get(r).copied().flatten();
            match row {
                Row::Option(i) => {
                    let chosen = stored == Some(&Answer::Choice(*i));
                    let label = options.get(*i).map_or("", |o| o.label.as_str());
                    let mark = self.marker(chosen, false);
                    self.option_row(at_cursor, mark, chosen, key, label);
                }
                Row::DontKnow => {
                    let chosen = stored == Some(&Answer::DontKnow);
                    let mark = self.marker(chosen, false);
                    self.option_row(at_cursor, mark, chosen, key, self.dont_know);
                }
                Row::Skip => {
                    self.option_row(at_cursor, " ", false, None, "Leave this unanswered");
                }
                Row::Field => {}
            }
        }
    }

    /// A multiple choice: the options ticked so far, and "not sure".
    fn multiple(&mut self, item: &Item, at: usize, ticked: &[bool], dont_know: bool) {
        let options = item.kind.options();
        let keys = row_keys(item);
        for (r, row) in rows(item).iter().enumerate() {
            let at_cursor = r == at;
            let key = keys.get(r).copied().flatten();
            match row {
                Row::Option(i) => {
                    let chosen = ticked.get(*i).copied().unwrap_or(false);
                    let label = options.get(*i).map_or("", |o| o.label.as_str());
                    let mark = self.marker(chosen, true);
                    self.option_row(at_cursor, mark, chosen, key, label);
                }
                Row::DontKnow => {
                    let mark = self.marker(dont_know, true);
                    self.option_row(at_cursor, mark, dont_know, key, self.dont_know);
                }
                Row::Skip | Row::Field => {}
            }
        }
    }

    fn pointer(&self, in_field: bool) -> Span<'static> {
        Span::styled(
            if in_field { self.symbols.pointer } else { " " },
            self.theme.cursor(),
        )
    }

    fn bracket(&self, in_field: bool) -> Style {
        if in_field {
            self.theme.focused_border()
        } else {
            self.theme.border()
        }
    }

    /// A number field and its units, on one line when they fit.
    fn number_field(&mut self, field: &TextField, units: &[Unit], unit: usize, in_field: bool) {
        let bracket = self.bracket(in_field);
        let field_width = NUMBER_FIELD.min(self.full.saturating_sub(4)).max(1);
        let (shown, col) = field.window(field_width);
        let pad = field_width.saturating_sub(width(&shown));
        let mut spans = vec![
            self.pointer(in_field),
            Span::raw(" "),
            Span::styled("[", bracket),
            Span::raw(format!("{shown}{}", " ".repeat(pad))),
            Span::styled("]", bracket),
        ];
        if in_field {
            self.cursor = Some((self.lines.len(), 3 + col));
        }
        let units = self.unit_spans(units, unit);
        let used: usize = spans.iter().map(|s| s.width()).sum();
        let units_width: usize = units.iter().map(|s| s.width()).sum();
        if used + units_width <= self.full {
            spans.extend(units);
            self.lines.push(Line::from(spans));
        } else {
            self.lines.push(Line::from(spans));
            if !units.is_empty() {
                let mut next = vec![Span::raw("  ")];
                next.extend(units.into_iter().skip(1));
                self.lines.push(Line::from(next));
            }
        }
    }

    /// The unit after a number field; with several, each with a mark.
    fn unit_spans(&self, units: &[Unit], unit: usize) -> Vec<Span<'static>> {
        let (symbols, theme) = (self.symbols, self.theme);
        let mut spans: Vec<Span<'static>> = Vec::new();
        if units.len() == 1 {
            spans.push(Span::raw(format!("  {}", units[0].name)));
        } else if units.len() > 1 {
            for (u, each) in units.iter().enumerate() {
                let current = u == unit;
                let mark = if current {
                    symbols.chosen
                } else {
                    symbols.not_chosen
                };
                let style = if current {
                    theme.cursor()
                } else {
                    theme.plain()
                };
                spans.push(Span::raw("  "));
                spans.push(Span::styled(format!("{mark} {}", each.name), style));
            }
            spans.push(Span::styled("  (Tab: unit)", theme.quiet()));
        }
        spans
    }

    /// A box for free text, scrolled to the cursor, and the count of
    /// characters.
    fn text_field(&mut self, field: &TextField, in_field: bool, required: bool) {
        let bracket = self.bracket(in_field);
        let box_width = self.full.saturating_sub(4).max(2);
        let (text_rows, (row, col)) = field.rows(box_width);
        let box_rows = field.max_chars().div_ceil(box_width).clamp(1, TEXT_ROWS);
        let first = row.saturating_sub(box_rows - 1);
        let border = self.symbols.border;
        self.lines.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(
                format!(
                    "{}{}{}",
                    border.top_left,
                    border.horizontal_top.repeat(box_width),
                    border.top_right
                ),
                bracket,
            ),
        ]));
        for r in first..first + box_rows {
            let text = text_rows.get(r).cloned().unwrap_or_default();
            let pad = box_width.saturating_sub(width(&text));
            let lead = if r == first {
                self.pointer(in_field)
            } else {
                Span::raw(" ")
            };
            self.lines.push(Line::from(vec![
                lead,
                Span::raw(" "),
                Span::styled(border.vertical_left, bracket),
                Span::raw(format!("{text}{}", " ".repeat(pad))),
                Span::styled(border.vertical_right, bracket),
            ]));
        }
        if in_field {
            self.cursor = Some((self.lines.len() - box_rows + (row - first), 3 + col));
        }
        self.lines.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(
                format!(
                    "{}{}{}",
                    border.bottom_left,
                    border.horizontal_bottom.repeat(box_width),
                    border.bottom_right
                ),
                bracket,
            ),
        ]));
        self.lines.push(Line::styled(
            format!(
                "   {} of {} characters{}",
                field.char_count(),
                field.max_chars(),
                if required { "; needs an answer" } else { "" }
            ),
            self.theme.quiet(),
        ));
    }

    /// Why the answer was not taken.
    fn message(&mut self, message: &str) {
        let theme = self.theme;
        self.lines.push(Line::default());
        self.lines.extend(hanging(
            vec![
                Span::raw(" "),
                Span::styled(format!("{} ", self.symbols.not_met), theme.error()),
            ],
            message,
            theme.error(),
            self.full,
        ));
    }
}

/// Text width inside a question panel of `panel_width` columns: borders,
/// the pointer gutter and one column of margin.
fn inner_width(panel_width: u16) -> usize {
    panel_width.saturating_sub(4) as usize
}

fn sidebar_height(app: &App) -> u16 {
    // The sections, "Review", and the borders.
    cells(app.shown_sections().len()).saturating_add(3)
}

pub fn needed_height(app: &App, question: &QuestionScreen, area: Rect) -> u16 {
    let content = content(app, question, inner_width(area.width));
    // Header, breadcrumb, borders, key bar.
    cells(least_lines(&content)).saturating_add(5)
}

/// The fewest lines the question can be shown in: everything but the
/// options, and the tallest option with "n more" above and below.
fn least_lines(content: &Content) -> usize {
    match (content.rows.first(), content.rows.last()) {
        (Some(&(first, _)), Some(&(_, end))) => {
            let tallest = content.rows.iter().map(|(f, t)| t - f).max().unwrap_or(1);
            let whole = first.saturating_sub(1) + 2 + tallest + (content.lines.len() - end);
            whole.min(content.lines.len())
        }
        _ => content.lines.len(),
    }
}

/// Draws the question; returns where a click picks a row or a section.
pub fn render(
    app: &App,
    question: &QuestionScreen,
    frame: &mut Frame,
    area: Rect,
) -> Result<Vec<Hit>, Needed> {
    let (symbols, theme) = (app.theme().symbols(), app.theme());
    let sidebar = area.width >= SIDEBAR + MIN_PANEL;
    // Whole before scrolled, and the section list when there is room:
    // with it, then as a breadcrumb.
    for scrolled in [false, true] {
        if sidebar {
            let content = content(app, question, inner_width(area.width - SIDEBAR));
            let room = area.height.saturating_sub(4) as usize;
            let room_for_sidebar = sidebar_height(app).saturating_add(2) <= area.height;
            if room_for_sidebar
                && (scrolled || content.lines.len() <= room)
                && let Some(content) = fit(content, room, symbols, theme)
            {
                return Ok(draw(app, question, content, true, frame, area));
            }
        }
        let content = content(app, question, inner_width(area.width));
        let room = area.height.saturating_sub(5) as usize;
        if (scrolled || content.lines.len() <= room)
            && let Some(content) = fit(content, room, symbols, theme)
        {
            return Ok(draw(app, question, content, false, frame, area));
        }
    }
    let content = content(app, question, inner_width(area.width));
    Err(Needed {
        width: area.width,
        height: cells(least_lines(&content)).saturating_add(5),
    })
}

fn draw(
    app: &App,
    question: &QuestionScreen,
    content: Content,
    with_sidebar: bool,
    frame: &mut Frame,
    area: Rect,
) -> Vec<Hit> {
    let mut hits = Vec::new();
    let theme = app.theme();
    let q = app.questionnaire();
    let item = &q.items[question.item];
    let section_title = q.sections[item.section].title.clone();
    let progress = app.progress();
    let (in_section, section_total) = section_position(app, question.item);

    let width = area.width as usize;
    // Sections passed and questions answered: counts that only grow going
    // forward, where "question n of about m" jumped as answers changed m.
    let fraction = if progress.sections == 0 {
        0.0
    } else {
        progress.sections_done as f64 / progress.sections as f64
    };
    let answered = format!("{} answered", progress.answered);
    let mut right = vec![Span::raw(if width >= 70 {
        format!(
            "{answered}{}{} of {} sections done  ",
            theme.symbols().separator,
            progress.sections_done,
            progress.sections
        )
    } else {
        format!("{answered} ")
    })];
    right.extend(bar(theme, fraction, 10));
    right.push(Span::raw(" "));
    let top = Rect { height: 1, ..area };
    frame.render_widget(Lines::from(header(app, &section_title, right, width)), top);

    let mut body = Rect {
        y: area.y + 1,
        height: area.height - 2,
        ..area
    };
    if with_sidebar {
        let sidebar = Rect {
            width: SIDEBAR,
            ..body
        };
        hits = render_sidebar(
            app,
            item.section,
            (in_section, section_total),
            frame,
            sidebar,
        );
        body.x += SIDEBAR;
        body.width -= SIDEBAR;
    } else {
        let crumb = Rect { height: 1, ..body };
        frame.render_widget(
            Lines::from(breadcrumb(
                app,
                item.section,
                (in_section, section_total),
                width,
            )),
            crumb,
        );
        body.y += 1;
        body.height -= 1;
    }

    let block = panel(theme, format!("{in_section} of {section_total}"));
    frame.render_widget(block, body);
    let text_area = Rect {
        x: body.x + 1,
        y: body.y + 1,
        width: body.width.saturating_sub(3),
        height: body.height.saturating_sub(2),
    };
    let shown = (text_area.height as usize).min(content.line_rows.len());
    for (line, row) in content.line_rows[..shown].iter().enumerate() {
        if let Some(row) = row {
            hits.push(Hit {
                x: text_area.x,
                y: text_area.y + line as u16,
                width: text_area.width,
                spot: Spot::Row(*row),
            });
        }
    }
    frame.render_widget(Lines::from(content.lines), text_area);
    if let Some((line, col)) = content.cursor
        && app.overlay().is_none()
    {
        frame.set_cursor_position((text_area.x + col as u16, text_area.y + line as u16));
    }

    let bottom = Rect {
        y: area.bottom() - 1,
        height: 1,
        ..area
    };
    frame.render_widget(Lines::from(key_bar(app, width)), bottom);
    hits
}

fn render_sidebar(
    app: &App,
    current: usize,
    (position, total): (usize, usize),
    frame: &mut Frame,
    area: Rect,
) -> Vec<Hit> {
    let theme = app.theme();
    let symbols = theme.symbols();
    let q = app.questionnaire();
    let mut hits = Vec::new();
    // Borders, the marker and a margin on the right.
    let text_width = area.width.saturating_sub(5) as usize;
    let mut lines = Vec::new();
    for s in app.shown_sections() {
        hits.push(Hit {
            x: area.x + 1,
            y: area.y + 1 + lines.len() as u16,
            width: area.width.saturating_sub(2),
            spot: Spot::Section(s),
        });
        let title = &q.sections[s].title;
        if s == current {
            let count = format!(" {position}/{total}");
            let room = text_width.saturating_sub(width(&count));
            let shown = truncate(title, room, symbols.ellipsis);
            let pad = room.saturating_sub(width(&shown));
            lines.push(Line::from(vec![
                Span::styled(format!("{} ", symbols.pointer), theme.cursor()),
                Span::styled(shown, theme.cursor()),
                Span::raw(" ".repeat(pad)),
                Span::styled(count, theme.quiet()),
            ]));
        } else if app.section_done(s) {
            lines.push(Line::from(vec![
                Span::styled(format!("{} ", symbols.met), theme.met()),
                Span::raw(truncate(title, text_width, symbols.ellipsis)),
            ]));
        } else {
            lines.push(Line::from(vec![
                Span::raw("  "),
                Span::styled(truncate(title, text_width, symbols.ellipsis), theme.quiet()),
            ]));
        }
    }
    lines.push(Line::styled("  Review", theme.quiet()));
    let block = panel(theme, "Sections".into());
    let inner = Rect {
        x: area.x + 1,
        y: area.y + 1,
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    };
    frame.render_widget(block, area);
    frame.render_widget(Lines::from(lines), inner);
    hits.retain(|hit| hit.y < inner.bottom());
    hits
}

/// The section list in one line: the one before, this one, the one after.
fn breadcrumb(
    app: &App,
    current: usize,
    (position, total): (usize, usize),
    width: usize,
) -> Line<'static> {
    let theme = app.theme();
    let symbols = theme.symbols();
    let q = app.questionnaire();
    let shown = app.shown_sections();
    let at = shown.iter().position(|&s| s == current).unwrap_or(0);
    let mut left = vec![Span::raw(" ")];
    if at > 1 {
        left.push(Span::styled(
            format!("{}{}", symbols.ellipsis, symbols.crumb),
            theme.quiet(),
        ));
    }
    if at > 0 {
        left.push(Span::styled(
            q.sections[shown[at - 1]].title.clone(),
            theme.quiet(),
        ));
        left.push(Span::styled(symbols.crumb, theme.quiet()));
    }
    left.push(Span::styled(
        format!("{} {position}/{total}", q.sections[current].title),
        theme.cursor(),
    ));
    if let Some(&next) = shown.get(at + 1) {
        left.push(Span::styled(symbols.crumb, theme.quiet()));
        left.push(Span::styled(q.sections[next].title.clone(), theme.quiet()));
    }
    let right = vec![Span::styled(
        format!("section {} of {} ", at + 1, shown.len()),
        theme.quiet(),
    )];
    spread(left, right, width, symbols.ellipsis)
}
