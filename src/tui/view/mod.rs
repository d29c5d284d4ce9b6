//! Rendering: pure functions from `&App` to a frame. Nothing here changes
//! state; what the update step needs to know about layout (how many lines
//! a page holds) it asks the functions in these modules, so the two always
//! agree.
//!
//! Every screen first works out whether it fits. If it does not, the whole
//! frame says how large the window must be instead of showing half a
//! question.

mod lines;
pub mod overlay;
pub mod question;
pub mod results;
pub mod resume;
pub mod review;
pub mod welcome;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::action::Hit;
use super::app::{App, Screen};
use super::keys;
pub use super::layout::{MAX_HEIGHT, MAX_WIDTH, content_area, content_area_for};
use super::theme::Theme;
use crate::text::{width, wrap};
pub use lines::Lines;

/// Below this width no layout is attempted.
pub const MIN_WIDTH: u16 = 40;

/// Review and results scroll, so they only need room for a few lines.
pub const SCROLLING_MIN_HEIGHT: u16 = 10;

/// The size a screen needs and did not get.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Needed {
    pub width: u16,
    pub height: u16,
}

pub fn render(app: &App, frame: &mut Frame) {
    shown(app, frame);
}

/// Renders, and tells the app whether its screen could be shown or the
/// window is too small for it: keys then do nothing the person cannot see.
pub fn present(app: &mut App, frame: &mut Frame) {
    let (shown, hits) = shown(app, frame);
    app.set_too_small(!shown);
    app.set_hits(hits);
}

/// Renders; false when the "make the window larger" message stands in
/// for the screen; with where a click acts.
fn shown(app: &App, frame: &mut Frame) -> (bool, Vec<Hit>) {
    let full = frame.area();
    if app.locked() {
        locked(app, frame, full);
        return (true, Vec::new());
    }
    let capped = content_area(full);
    let mut drawn = draw(app, frame, capped);
    if drawn.is_err() && capped != full {
        frame.render_widget(Clear, full);
        drawn = draw(app, frame, full);
    }
    if let Err(needed) = drawn {
        let what = match app.screen() {
            Screen::Question(_) => "question",
            _ => "screen",
        };
        too_small(app.theme(), what, frame, full, needed);
        return (false, Vec::new());
    }
    (true, drawn.unwrap_or_default())
}

fn draw(app: &App, frame: &mut Frame, area: Rect) -> Result<Vec<Hit>, Needed> {
    if area.width < MIN_WIDTH {
        // Ask for the minimum width, and the height the screen would need
        // there.
        let wider = Rect::new(0, 0, MIN_WIDTH, area.height.max(MAX_HEIGHT));
        let height = match app.screen() {
            Screen::Welcome { focus, message } => {
                welcome::needed_height(app, *focus, message.as_deref(), wider)
            }
            Screen::Question(question) => question::needed_height(app, question, wider),
            Screen::Resume(_) | Screen::Review(_) | Screen::Results(_) => SCROLLING_MIN_HEIGHT,
        };
        return Err(Needed {
            width: MIN_WIDTH,
            height,
        });
    }
    let mut hits = Vec::new();
    match app.screen() {
        Screen::Resume(resume) => resume::render(app, resume, frame, area)?,
        Screen::Welcome { focus, message } => {
            welcome::render(app, *focus, message.as_deref(), frame, area)?
        }
        Screen::Question(question) => hits = question::render(app, question, frame, area)?,
        Screen::Review(review) => review::render(app, review, frame, area)?,
        Screen::Results(results) => results::render(app, results, frame, area)?,
    }
    if let Some(overlay) = app.overlay() {
        // Fragments of the screen around a box read as noise: keep the
        // header and the key bar, clear what is between.
        let between = Rect {
            y: area.y + 1,
            height: area.height.saturating_sub(2),
            ..area
        };
        frame.render_widget(Clear, between);
        let bottom = Rect {
            y: area.bottom().saturating_sub(1),
            height: 1,
            ..area
        };
        frame.render_widget(Clear, bottom);
        frame.render_widget(Lines::from(key_bar(app, area.width as usize)), bottom);
        overlay::render(app, overlay, frame, area)?;
        // Under a box, nothing of the screen can be clicked.
        hits.clear();
    }
    Ok(hits)
}

/// The privacy lock: nothing of the screening, only how to come back.
/// Without a PIN it only hides the screen, and says so.
fn locked(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    frame.render_widget(Clear, area);
    if !app.pin_required() {
        let lines = vec![
            Line::styled("restless", theme.title()),
            Line::default(),
            Line::raw("Screen hidden."),
            Line::styled("Press any key to show it again.", theme.quiet()),
        ];
        centred_box(theme, lines, 38, frame, area);
        return;
    }
    let (field, message) = app.unlock_field();
    let dots = if theme.unicode { "•" } else { "*" }.repeat(field.char_count().min(24));
    let mut lines = vec![
        Line::styled("restless", theme.title()),
        Line::default(),
        Line::raw("The screen is locked."),
        Line::styled("Type the clinician PIN and press Enter.", theme.quiet()),
        Line::default(),
        Line::from(vec![
            Span::styled("PIN [", theme.quiet()),
            Span::raw(dots),
            Span::styled(" ", theme.cursor()),
            Span::styled("]", theme.quiet()),
        ]),
    ];
    if let Some(message) = message {
        lines.push(Line::default());
        lines.push(Line::styled(message.to_string(), theme.error()));
    }
    centred_box(theme, lines, 48, frame, area);
}

fn too_small(theme: Theme, what: &str, frame: &mut Frame, area: Rect, needed: Needed) {
    frame.render_widget(Clear, area);
    let inner_width = area.width.saturating_sub(4).max(1) as usize;
    let parts = [
        ("Make the window larger:".to_string(), theme.title()),
        (
            format!("this {what} needs {} x {}.", needed.width, needed.height),
            theme.title(),
        ),
        (
            format!("It is {} x {} now.", area.width, area.height),
            theme.quiet(),
        ),
    ];
    let lines: Vec<Line> = parts
        .iter()
        .flat_map(|(text, style)| {
            wrap(text, inner_width)
                .into_iter()
                .map(|l| Line::styled(l, *style))
        })
        .collect();
    let width = cells(lines.iter().map(|l| l.width()).max().unwrap_or(0)).saturating_add(4);
    centred_box(theme, lines, width, frame, area);
}

// ------------------------------------------------------------- helpers

/// A count of lines or columns as a terminal size, which is a `u16`: a
/// question of 65,534 lines must not wrap round to a few and hide its
/// options.
pub(crate) fn cells(count: usize) -> u16 {
    u16::try_from(count).unwrap_or(u16::MAX)
}

/// Cuts `text` to `max` display columns, ending with an ellipsis when cut.
pub fn truncate(text: &str, max: usize, ellipsis: &str) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    let room = max.saturating_sub(width(ellipsis));
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > room {
            break;
        }
        out.push(c);
        used += w;
    }
    if max >= width(ellipsis) {
        out.push_str(ellipsis);
    }
    out
}

/// `text` wrapped to `width`, the first line after `first` and the others
/// indented to line up under it.
pub fn hanging(
    first: Vec<Span<'static>>,
    text: &str,
    style: Style,
    width: usize,
) -> Vec<Line<'static>> {
    let indent: usize = first.iter().map(|s| s.width()).sum();
    let wrapped = wrap(text, width.saturating_sub(indent).max(1));
    let mut lines = Vec::with_capacity(wrapped.len());
    let mut lead = Some(first);
    for part in wrapped {
        let mut spans = lead
            .take()
            .unwrap_or_else(|| vec![Span::raw(" ".repeat(indent))]);
        spans.push(Span::styled(part, style));
        lines.push(Line::from(spans));
    }
    lines
}

/// A line with `left` at the start and `right` at the end; the left part
/// gives way when both do not fit.
pub fn spread(
    left: Vec<Span<'static>>,
    right: Vec<Span<'static>>,
    width: usize,
    ellipsis: &str,
) -> Line<'static> {
    let right_width: usize = right.iter().map(|s| s.width()).sum();
    let room = width.saturating_sub(right_width + 1);
    let mut spans = Vec::new();
    let mut used = 0;
    for span in left {
        let w = span.width();
        if used + w <= room {
            used += w;
            spans.push(span);
        } else {
            let cut = truncate(&span.content, room - used, ellipsis);
            used += crate::text::width(&cut);
            spans.push(Span::styled(cut, span.style));
            break;
        }
    }
    if right_width + used < width {
        spans.push(Span::raw(" ".repeat(width - right_width - used)));
        spans.extend(right);
    }
    Line::from(spans)
}

/// A bar of `cells` showing `fraction` (0 to 1) filled.
pub fn bar(theme: Theme, fraction: f64, cells: usize) -> Vec<Span<'static>> {
    let symbols = theme.symbols();
    let fraction = if fraction.is_finite() {
        fraction.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let full = (fraction * cells as f64).round() as usize;
    vec![
        Span::styled(symbols.bar_full.repeat(full), theme.gauge()),
        Span::styled(symbols.bar_empty.repeat(cells - full), theme.quiet()),
    ]
}

/// The bottom line: the most important of the context's keys that fit,
/// in their usual order.
pub fn key_bar(app: &App, width: usize) -> Line<'static> {
    let theme = app.theme();
    let symbols = theme.symbols();
    let hints = keys::hints(app.key_context(), symbols.up_down, symbols.left_right);
    let cost =
        |h: &keys::Hint| width_of(symbols.separator) + width_of(&h.keys) + 1 + width_of(h.short);
    let mut by_rank: Vec<usize> = (0..hints.len()).collect();
    by_rank.sort_by_key(|&i| hints[i].rank);
    // Each cost counts a separator before the hint; the first has none,
    // and the line starts with a space.
    let budget = (width + width_of(symbols.separator)).saturating_sub(1);
    let mut used = 0;
    let mut keep = vec![false; hints.len()];
    for i in by_rank {
        if used + cost(&hints[i]) <= budget {
            used += cost(&hints[i]);
            keep[i] = true;
        }
    }
    let mut spans = vec![Span::raw(" ")];
    for (hint, _) in hints.into_iter().zip(&keep).filter(|(_, k)| **k) {
        if spans.len() > 1 {
            spans.push(Span::styled(symbols.separator, theme.quiet()));
        }
        spans.push(Span::styled(hint.keys, theme.key()));
        spans.push(Span::raw(format!(" {}", hint.short)));
    }
    Line::from(spans)
}

fn width_of(text: &str) -> usize {
    width(text)
}

/// The rows of a screen whose body scrolls (review, result, drafts): a
/// header line, the body, a status line when asked for, and the key bar.
pub struct ScrollingRows {
    pub body: Rect,
    pub status: Rect,
}

/// Lays out a scrolling screen and draws its header (`place`, with
/// `right` at the end) and key bar; the caller fills the body and the
/// status line.
pub fn scrolling_screen(
    app: &App,
    place: &str,
    right: Vec<Span<'static>>,
    with_status: bool,
    frame: &mut Frame,
    area: Rect,
) -> Result<ScrollingRows, Needed> {
    if area.height < SCROLLING_MIN_HEIGHT {
        return Err(Needed {
            width: area.width,
            height: SCROLLING_MIN_HEIGHT,
        });
    }
    let width = area.width as usize;
    frame.render_widget(
        Lines::from(header(app, place, right, width)),
        Rect { height: 1, ..area },
    );
    let below = if with_status { 3 } else { 2 };
    frame.render_widget(
        Lines::from(key_bar(app, width)),
        Rect {
            y: area.bottom() - 1,
            height: 1,
            ..area
        },
    );
    Ok(ScrollingRows {
        body: Rect {
            y: area.y + 1,
            height: area.height - below,
            ..area
        },
        status: Rect {
            y: area.bottom() - 2,
            height: 1,
            ..area
        },
    })
}

/// A bordered panel showing `lines` from line `scroll` on, with "lines a-b
/// of n" in its bottom border, the text `left` columns in from the border.
/// The rows can be of any kind: `line_of` (given the row's index) makes
/// lines of only the rows shown.
#[allow(clippy::too_many_arguments)]
pub fn scrolled_panel_with<T>(
    theme: Theme,
    title: &str,
    lines: &[T],
    scroll: usize,
    left: u16,
    body: Rect,
    frame: &mut Frame,
    line_of: impl Fn(usize, &T) -> Line<'static>,
) {
    let viewport = body.height.saturating_sub(2) as usize;
    let total = lines.len();
    let scroll = scroll.min(total.saturating_sub(viewport));
    let last = (scroll + viewport).min(total);
    let block = panel(theme, title.into()).title_bottom(
        Line::styled(
            format!(" lines {}-{last} of {total} ", scroll + 1),
            theme.quiet(),
        )
        .right_aligned(),
    );
    frame.render_widget(block, body);
    let text_area = Rect {
        x: body.x + left,
        y: body.y + 1,
        width: body.width.saturating_sub(left + 2),
        height: body.height.saturating_sub(2),
    };
    let shown: Vec<Line> = lines
        .iter()
        .enumerate()
        .skip(scroll)
        .take(viewport)
        .map(|(index, row)| line_of(index, row))
        .collect();
    frame.render_widget(Lines::from(shown), text_area);
}

/// A bordered box of `lines`, centred in `area`.
fn centred_box(theme: Theme, lines: Vec<Line<'static>>, width: u16, frame: &mut Frame, area: Rect) {
    let height = cells(lines.len()).saturating_add(2).min(area.height);
    let width = width.min(area.width);
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    let block = Block::bordered()
        .border_set(theme.symbols().border)
        .border_style(theme.border());
    frame.render_widget(
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .block(block),
        rect,
    );
}

/// A bordered block in the theme's style.
pub fn panel(theme: Theme, title: String) -> Block<'static> {
    let mut block = Block::new()
        .borders(Borders::ALL)
        .border_set(theme.symbols().border)
        .border_style(theme.border());
    if !title.is_empty() {
        block = block.title(Span::styled(format!(" {title} "), theme.title()));
    }
    block
}

/// The header line above a screen: where the person is, and a summary on
/// the right.
pub fn header(app: &App, place: &str, right: Vec<Span<'static>>, width: usize) -> Line<'static> {
    let theme = app.theme();
    let symbols = theme.symbols();
    // A warning matters more than the summary it replaces.
    let right = match app.warning() {
        Some(warning) => vec![Span::styled(
            format!(
                "{} {} ",
                symbols.not_met,
                truncate(warning, width / 2, symbols.ellipsis)
            ),
            theme.error(),
        )],
        None => right,
    };
    let left = vec![
        Span::raw(" "),
        Span::styled("restless", theme.title()),
        Span::styled(symbols.separator, theme.quiet()),
        Span::raw(place.to_string()),
    ];
    spread(left, right, width, symbols.ellipsis)
}
