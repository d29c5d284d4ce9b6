//! Boxes over the screen: all keys, a question's help, and "quit?".

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Clear;

use super::Lines;

use super::{Needed, cells, hanging, panel};
use crate::report::Format;
use crate::text::width;
use crate::tui::app::SaveRow;
use crate::tui::app::{App, Overlay};
use crate::tui::keys;

const MAX_WIDTH: u16 = 72;

fn keys_lines(app: &App, inner: usize) -> Vec<Line<'static>> {
    let theme = app.theme();
    let symbols = theme.symbols();
    let hints = keys::hints(
        app.screen_key_context(),
        symbols.up_down,
        symbols.left_right,
    );
    let key_width = hints
        .iter()
        .map(|h| width(&h.keys))
        .max()
        .unwrap_or(0)
        .min(inner / 3);
    let mut lines = Vec::new();
    for hint in hints {
        let pad = key_width.saturating_sub(width(&hint.keys));
        lines.extend(hanging(
            vec![
                Span::styled(hint.keys, theme.key()),
                Span::raw(" ".repeat(pad + 2)),
            ],
            hint.long,
            theme.plain(),
            inner,
        ));
    }
    lines.push(Line::default());
    lines.push(Line::styled("Any key closes this.", theme.quiet()));
    lines
}

fn help_lines(app: &App, inner: usize) -> Vec<Line<'static>> {
    let theme = app.theme();
    let q = app.questionnaire();
    let mut lines = Vec::new();
    if let Some(item) = app.current_item().and_then(|i| q.items.get(i)) {
        lines.extend(hanging(vec![], &item.text, theme.title(), inner));
        lines.push(Line::default());
        let mut any = false;
        if let Some(help) = &item.help {
            lines.extend(hanging(vec![], help, theme.plain(), inner));
            any = true;
        }
        for option in item.kind.options() {
            if let Some(help) = &option.help {
                lines.extend(hanging(
                    vec![],
                    &format!("{}: {help}", option.label),
                    theme.plain(),
                    inner,
                ));
                any = true;
            }
        }
        if !any {
            lines.push(Line::raw("There is no extra help for this question."));
        }
    }
    lines.push(Line::default());
    lines.push(Line::styled("Any key closes this.", theme.quiet()));
    lines
}

/// The quit box names both ways out in words: keeping the answers for
/// later, or deleting them, so that nobody leaves a patient's answers on
/// the workstation by accident.
fn quit_lines(app: &App, inner: usize) -> Vec<Line<'static>> {
    let theme = app.theme();
    let separator = theme.symbols().separator;
    let mut question = String::from("Quit now?");
    // "Not saved" means something only when there is a result to save.
    if app.has_result() {
        question.push_str(" The result is not saved.");
    }
    if !app.draft_kept() {
        question.push_str(" These answers are not kept in a draft.");
    }
    let mut lines = hanging(vec![], &question, theme.title(), inner);
    lines.push(Line::default());
    let mut choices = Vec::new();
    if app.draft_kept() {
        choices.push(("k", "keep the answers as a draft to continue later"));
    }
    choices.push(("d", "delete these answers"));
    for (key, what) in choices {
        lines.extend(hanging(
            vec![Span::styled(key, theme.key()), Span::raw("  ")],
            what,
            theme.plain(),
            inner,
        ));
    }
    lines.push(Line::from(vec![
        Span::styled("n", theme.key()),
        Span::raw("  keep going"),
        Span::styled(separator, theme.quiet()),
        Span::raw("Esc too"),
    ]));
    lines
}

fn yes_no_lines(app: &App, question: &str, yes: &'static str, inner: usize) -> Vec<Line<'static>> {
    let theme = app.theme();
    let separator = theme.symbols().separator;
    let mut lines = hanging(vec![], question, theme.title(), inner);
    lines.push(Line::default());
    lines.push(Line::from(vec![
        Span::styled("y", theme.key()),
        Span::raw(format!(" {yes}")),
        Span::styled(separator, theme.quiet()),
        Span::styled("n", theme.key()),
        Span::raw(" keep going"),
    ]));
    lines
}

/// The save box: the file name (typed), the formats (ticked), and what
/// went wrong last time, if anything.
fn save_lines(app: &App, inner: usize) -> Vec<Line<'static>> {
    let theme = app.theme();
    let symbols = theme.symbols();
    let Some(dialog) = app.save_dialog() else {
        return Vec::new();
    };
    let mut lines = Vec::new();
    let on_path = dialog.row == SaveRow::Path;
    // Encrypted results are written as `NAME.toml.age`: the box says so,
    // so that the names the person finds are the names announced.
    lines.push(Line::styled(
        if app.settings().sealed {
            "File name (the extension, then .age, is added for each format):"
        } else {
            "File name (the extension is added for each format):"
        },
        theme.plain(),
    ));
    // Away from the field, its end shows: the file name, not the folder.
    let mut path = dialog.path.clone();
    if !on_path {
        path.end();
    }
    let (shown, cursor) = path.window(inner.saturating_sub(4).max(1));
    let pointer = if on_path { symbols.pointer } else { " " };
    let mut field = vec![
        Span::styled(pointer.to_string(), theme.title()),
        Span::raw(" "),
        Span::styled("[".to_string(), theme.quiet()),
    ];
    if on_path {
        let (before, after) = split_at_column(&shown, cursor);
        field.push(Span::raw(before));
        let (at, rest) = first_char(&after);
        field.push(Span::styled(
            if at.is_empty() { " ".to_string() } else { at },
            theme.cursor(),
        ));
        field.push(Span::raw(rest));
    } else {
        field.push(Span::raw(shown));
    }
    field.push(Span::styled("]".to_string(), theme.quiet()));
    lines.push(Line::from(field));
    lines.push(Line::default());
    lines.push(Line::styled("Formats:", theme.plain()));
    for (i, (format, ticked)) in dialog.formats.iter().enumerate() {
        let here = dialog.row == SaveRow::Format(i);
        let pointer = if here { symbols.pointer } else { " " };
        let mark = if *ticked {
            symbols.ticked
        } else {
            symbols.not_ticked
        };
        let label = match format {
            Format::Toml => "answers and result, to score again",
            Format::Json => "the same, for other programs",
            Format::Fhir => "FHIR R4 Bundle, for a health record",
            Format::Markdown => "report, for printing",
            Format::Text => "plain text report",
            Format::Summary => "summary for a record, 20 lines",
        };
        let lead = vec![
            Span::styled(pointer.to_string(), theme.title()),
            Span::raw(" "),
            Span::styled(
                format!("{mark} {} ", i + 1),
                if here { theme.cursor() } else { theme.plain() },
            ),
            Span::raw(format!(" .{:<12}", crate::report::extension(*format))),
        ];
        lines.extend(hanging(lead, label, theme.quiet(), inner));
    }
    if let Some(message) = &dialog.message {
        lines.push(Line::default());
        lines.extend(hanging(
            vec![Span::styled(format!("{} ", symbols.not_met), theme.error())],
            message,
            theme.error(),
            inner,
        ));
    }
    lines
}

/// `text` split at display column `column`.
fn split_at_column(text: &str, column: usize) -> (String, String) {
    let mut used = 0;
    for (at, c) in text.char_indices() {
        if used >= column {
            return (text[..at].to_string(), text[at..].to_string());
        }
        used += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
    }
    (text.to_string(), String::new())
}

fn first_char(text: &str) -> (String, String) {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => (c.to_string(), chars.as_str().to_string()),
        None => (String::new(), String::new()),
    }
}

/// The sections already reached, numbered, the one on screen marked.
fn section_lines(app: &App, inner: usize) -> Vec<Line<'static>> {
    let theme = app.theme();
    let symbols = theme.symbols();
    let q = app.questionnaire();
    let here = app.current_item().map(|i| q.items[i].section);
    let mut lines = Vec::new();
    for (n, section) in app.reached_sections().into_iter().enumerate() {
        let pointer = if here == Some(section) {
            symbols.pointer
        } else {
            " "
        };
        let key = if n < 9 {
            format!("{} ", n + 1)
        } else {
            "  ".to_string()
        };
        lines.extend(hanging(
            vec![
                Span::styled(format!("{pointer} "), theme.cursor()),
                Span::styled(key, theme.key()),
                Span::raw(" "),
            ],
            &q.sections[section].title,
            theme.plain(),
            inner,
        ));
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        "Its number goes to a section; any other key closes this.",
        theme.quiet(),
    ));
    lines
}

pub fn render(app: &App, overlay: Overlay, frame: &mut Frame, area: Rect) -> Result<(), Needed> {
    let theme = app.theme();
    let outer = area.width.saturating_sub(4).min(MAX_WIDTH);
    // Borders and a column of margin either side.
    let inner = outer.saturating_sub(4) as usize;
    let (title, lines) = match overlay {
        Overlay::Keys => ("Keys", keys_lines(app, inner)),
        Overlay::Help => ("Help", help_lines(app, inner)),
        Overlay::ConfirmQuit => ("Quit?", quit_lines(app, inner)),
        Overlay::ConfirmDiscard => (
            "Next patient?",
            yes_no_lines(
                app,
                "Start the next patient without saving this result? The answers of this screening will be deleted.",
                "delete and start the next patient",
                inner,
            ),
        ),
        Overlay::ConfirmDeleteDraft => (
            "Delete the draft?",
            yes_no_lines(
                app,
                "Delete this unfinished screening? Its answers cannot be recovered.",
                "delete",
                inner,
            ),
        ),
        Overlay::Save => ("Save the result", save_lines(app, inner)),
        Overlay::Sections => ("Go to a section", section_lines(app, inner)),
    };
    let height = cells(lines.len()).saturating_add(4);
    if height > area.height {
        return Err(Needed {
            width: area.width,
            height,
        });
    }
    let rect = Rect {
        x: area.x + (area.width - outer) / 2,
        y: area.y + (area.height - height) / 2,
        width: outer,
        height,
    };
    frame.render_widget(Clear, rect);
    frame.render_widget(
        panel(theme, title.into()).border_style(theme.focused_border()),
        rect,
    );
    let text = Rect {
        x: rect.x + 2,
        y: rect.y + 2,
        width: rect.width.saturating_sub(4),
        height: rect.height.saturating_sub(4),
    };
    frame.render_widget(Lines::from(lines), text);
    Ok(())
}
