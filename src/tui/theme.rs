//! How the interface looks: styles and markers, decided once at start-up
//! from the environment.
//!
//! Nothing is said by colour alone: every state that has a colour also has
//! a marker, so the screen reads the same under `NO_COLOR`, on a monochrome
//! terminal or when printed. Only the terminal's own foreground and
//! background are used, plus modifiers and a few named colours that read on
//! light and dark backgrounds alike; no background is ever painted.

use std::ffi::OsString;

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

/// The glyphs the interface draws with. The ASCII set is used when the
/// locale does not promise UTF-8, where box drawing and bullets would
/// arrive as mojibake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Symbols {
    pub chosen: &'static str,
    pub not_chosen: &'static str,
    pub ticked: &'static str,
    pub not_ticked: &'static str,
    pub met: &'static str,
    pub not_met: &'static str,
    pub pointer: &'static str,
    pub separator: &'static str,
    pub bar_full: &'static str,
    pub bar_empty: &'static str,
    pub ellipsis: &'static str,
    pub up_down: &'static str,
    pub left_right: &'static str,
    pub leader: &'static str,
    pub crumb: &'static str,
    /// Before "3 more" when a list continues above or below.
    pub more_above: &'static str,
    pub more_below: &'static str,
    pub border: border::Set<'static>,
}

const UNICODE: Symbols = Symbols {
    chosen: "●",
    not_chosen: "○",
    ticked: "[✓]",
    not_ticked: "[ ]",
    met: "✓",
    not_met: "✗",
    pointer: "▸",
    separator: " · ",
    bar_full: "▓",
    bar_empty: "░",
    ellipsis: "…",
    up_down: "↑↓",
    left_right: "←→",
    leader: "·",
    crumb: " › ",
    more_above: "↑",
    more_below: "↓",
    border: border::PLAIN,
};

const ASCII_BORDER: border::Set<'static> = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

const ASCII: Symbols = Symbols {
    chosen: "(*)",
    not_chosen: "( )",
    ticked: "[x]",
    not_ticked: "[ ]",
    met: "+",
    not_met: "-",
    pointer: ">",
    separator: " | ",
    bar_full: "#",
    bar_empty: ".",
    ellipsis: "...",
    up_down: "Up/Down",
    left_right: "Left/Right",
    leader: ".",
    crumb: " > ",
    more_above: "^",
    more_below: "v",
    border: ASCII_BORDER,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// False when `NO_COLOR` is set: modifiers only.
    pub color: bool,
    /// False when the locale is not UTF-8: ASCII markers and borders.
    pub unicode: bool,
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            color: true,
            unicode: true,
        }
    }
}

impl Theme {
    pub fn from_env() -> Theme {
        Theme::from_vars(|name| std::env::var_os(name))
    }

    /// Decides from environment variables looked up by `var`, so that the
    /// rules can be tested without touching the process environment.
    pub fn from_vars(var: impl Fn(&str) -> Option<OsString>) -> Theme {
        // https://no-color.org: set and not empty means no colour.
        let color = var("NO_COLOR").is_none_or(|v| v.is_empty());
        let unicode = crate::text::utf8_locale(var);
        Theme { color, unicode }
    }

    pub fn symbols(&self) -> &'static Symbols {
        if self.unicode { &UNICODE } else { &ASCII }
    }

    fn fg(&self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    pub fn plain(&self) -> Style {
        Style::new()
    }

    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// Quiet context: hints, counters, intros.
    pub fn quiet(&self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }

    /// The row the cursor is on, and the marker of what is chosen.
    pub fn cursor(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn border(&self) -> Style {
        self.quiet()
    }

    pub fn focused_border(&self) -> Style {
        self.fg(Color::Cyan)
    }

    pub fn key(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn met(&self) -> Style {
        self.fg(Color::Green).add_modifier(Modifier::BOLD)
    }

    pub fn not_met(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn error(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn recommended(&self) -> Style {
        self.fg(Color::Magenta).add_modifier(Modifier::BOLD)
    }

    pub fn consider(&self) -> Style {
        self.fg(Color::Blue).add_modifier(Modifier::BOLD)
    }

    pub fn gauge(&self) -> Style {
        self.fg(Color::Cyan)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme(vars: &[(&str, &str)]) -> Theme {
        Theme::from_vars(|name| {
            vars.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| OsString::from(value))
        })
    }

    #[test]
    fn no_color_only_when_set_and_not_empty() {
        assert!(!theme(&[("NO_COLOR", "1")]).color);
        assert!(theme(&[("NO_COLOR", "")]).color);
        assert!(theme(&[]).color);
    }

    #[test]
    fn locale_precedence_decides_unicode() {
        assert!(theme(&[("LANG", "en_GB.UTF-8")]).unicode);
        assert!(theme(&[("LANG", "C.utf8")]).unicode);
        assert!(!theme(&[("LANG", "C")]).unicode);
        assert!(!theme(&[]).unicode);
        // LC_ALL wins over LANG; an empty LC_ALL does not count.
        assert!(!theme(&[("LC_ALL", "C"), ("LANG", "en_US.UTF-8")]).unicode);
        assert!(theme(&[("LC_ALL", ""), ("LC_CTYPE", "de_DE.UTF-8"), ("LANG", "C")]).unicode);
    }
}
