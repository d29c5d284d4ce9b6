//! The blank answers file `restless template` prints.

use std::fmt::Write as _;

use toml::Value;

use crate::questionnaire::{Item, ItemKind, NumberSpec, Questionnaire};

/// A blank answers file for `questionnaire`: every item, commented out,
/// with its type, accepted values and when it applies. The result is itself
/// a valid (empty) answers file.
pub fn template(q: &Questionnaire) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Answers for \"{}\" ({} version {}).",
        one_line(&q.title),
        q.id,
        one_line(&q.version)
    );
    out.push_str(
        "# Remove the `#` in front of an answer to give it; leave the rest as they are.\n",
    );
    out.push_str("# Score with: restless score THIS_FILE\n\n");
    out.push_str("[questionnaire]\n");
    let _ = writeln!(out, "id = {}", toml_string(&q.id));
    let _ = writeln!(out, "version = {}", toml_string(&q.version));
    if !q.identifiers.is_empty() {
        out.push_str("\n[identifiers]\n");
        for field in &q.identifiers {
            let _ = writeln!(
                out,
                "# {} (text, at most {} characters)",
                one_line(&field.label),
                field.max_length
            );
            let _ = writeln!(out, "# {} = \"\"", field.id);
        }
    }
    out.push_str("\n[answers]\n");
    for section in &q.sections {
        let _ = writeln!(out, "\n# ── {} ──", one_line(&section.title));
        if let Some(show_if) = &section.show_if_text {
            let _ = writeln!(
                out,
                "# This section applies only when: {}",
                one_line(show_if)
            );
        }
        for item in &q.items[section.items.clone()] {
            write_item(&mut out, item);
        }
    }
    out
}

/// One item, commented out: its question, what it accepts, when it is
/// asked, and an example answer.
fn write_item(out: &mut String, item: &Item) {
    out.push('\n');
    let _ = writeln!(out, "# {}", one_line(&item.text));
    let mut accepted = accepted(&item.kind);
    if item.dont_know {
        accepted.push_str(", or \"dont_know\"");
    }
    let required = if item.required {
        "required"
    } else {
        "optional"
    };
    let _ = writeln!(out, "#   {}: {accepted}; {required}", item.kind.name());
    if let Some(show_if) = &item.show_if_text {
        let _ = writeln!(out, "#   asked only when: {}", one_line(show_if));
    }
    let example = match &item.kind {
        ItemKind::YesNo(o) | ItemKind::Single(o) => {
            format!("\"{}\"", o.first().map_or("", |o| o.value.as_str()))
        }
        ItemKind::Multiple(o) => {
            format!("[\"{}\"]", o.first().map_or("", |o| o.value.as_str()))
        }
        ItemKind::Number(spec) => format_example_number(spec),
        ItemKind::Text { .. } => "\"\"".into(),
    };
    let _ = writeln!(out, "# {} = {example}", item.id);
}

/// The values an item of this kind accepts, in words.
fn accepted(kind: &ItemKind) -> String {
    match kind {
        ItemKind::YesNo(options) | ItemKind::Single(options) => {
            let values: Vec<String> = options.iter().map(|o| format!("\"{}\"", o.value)).collect();
            format!("one of {}", values.join(" | "))
        }
        ItemKind::Multiple(options) => {
            let values: Vec<String> = options
                .iter()
                .map(|o| {
                    if o.exclusive {
                        format!("\"{}\" (only on its own)", o.value)
                    } else {
                        format!("\"{}\"", o.value)
                    }
                })
                .collect();
            format!("a list of {}", values.join(", "))
        }
        ItemKind::Number(spec) => accepted_number(spec),
        ItemKind::Text { max_length } => format!("text, at most {max_length} characters"),
    }
}

/// A number's kind, unit, range and other units, in words.
fn accepted_number(spec: &NumberSpec) -> String {
    let mut text = String::from(if spec.integer {
        "whole number"
    } else {
        "number"
    });
    if let Some(unit) = spec.units.first() {
        let _ = write!(text, " in {}", unit.name);
    }
    match (spec.min, spec.max) {
        (Some(min), Some(max)) => {
            let _ = write!(text, ", {min} to {max}");
        }
        (Some(min), None) => {
            let _ = write!(text, ", at least {min}");
        }
        (None, Some(max)) => {
            let _ = write!(text, ", at most {max}");
        }
        (None, None) => {}
    }
    if spec.units.len() > 1 {
        let others: Vec<&str> = spec.units[1..].iter().map(|u| u.name.as_str()).collect();
        let _ = write!(
            text,
            "; or {{ value = ..., unit = \"{}\" }}",
            others.join("\" | \"")
        );
    }
    text
}

fn format_example_number(spec: &NumberSpec) -> String {
    let value = spec.min.unwrap_or(0.0).max(0.0);
    if spec.integer {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

/// Text inside a comment line: a line break in a title or a condition
/// would end the comment, and the rest would be read as answers.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn toml_string(text: &str) -> String {
    Value::String(text.to_string()).to_string()
}
