//! The layer rule of `src/lib.rs`, checked on the source: each top-level
//! module names (`crate::<module>`) only the modules below it, the front
//! ends never name each other, and only `tui` names ratatui or crossterm.
//! Inside `tui` the same holds: `view → app → layout`, `app, keys → action`.

use std::path::{Path, PathBuf};

const FOUNDATION: &[&str] = &["store", "diag", "text", "status"];
const DOMAIN: &[&str] = &["report", "answers", "engine", "questionnaire"];

/// The modules `module` may name, besides itself.
fn allowed(module: &str) -> Option<Vec<&'static str>> {
    let below_screening: Vec<&str> = DOMAIN.iter().chain(FOUNDATION).copied().collect();
    let with = |extra: &[&'static str], base: &[&'static str]| -> Vec<&'static str> {
        extra.iter().chain(base).copied().collect()
    };
    Some(match module {
        // Front ends: the shared screening and everything below, never
        // each other and never the dispatcher.
        "commands" => with(&["cli", "screening"], &below_screening),
        "tui" | "plain" => with(&["screening"], &below_screening),
        "cli" => vec!["report"],
        "screening" => below_screening,
        // The domain, each part only on those under it.
        "report" => with(&["engine", "questionnaire"], FOUNDATION),
        "answers" => with(&["engine", "questionnaire"], FOUNDATION),
        "engine" => with(&["questionnaire"], FOUNDATION),
        "questionnaire" => FOUNDATION.to_vec(),
        // The foundation knows no questionnaire.
        "store" => vec!["diag", "text"],
        "diag" => vec!["text"],
        "text" | "status" => vec![],
        _ => return None,
    })
}

/// The parts of `tui` that part `part` may name, besides itself; `None`
/// for the event loop in `tui/mod.rs`, which may name them all.
fn tui_allowed(part: &str) -> Option<&'static [&'static str]> {
    Some(match part {
        "action" | "field" | "theme" => &[],
        "keys" => &["action"],
        "layout" => &["theme"],
        "app" => &["action", "keys", "layout", "field", "theme"],
        "view" => &["app", "action", "keys", "layout", "field", "theme"],
        _ => return None,
    })
}

/// The parts of `tui` a line names: `crate::tui::<part>` anywhere, and
/// `super::<part>` in a file whose parent module is `tui` itself.
fn tui_parts(line: &str, parent_is_tui: bool) -> Vec<String> {
    let mut parts = Vec::new();
    let mut prefixes = vec!["crate::tui::"];
    if parent_is_tui {
        prefixes.push("super::");
    }
    for prefix in prefixes {
        let mut rest = line;
        while let Some(at) = rest.find(prefix) {
            rest = &rest[at + prefix.len()..];
            let group = match rest.strip_prefix('{') {
                Some(inner) => inner.split('}').next().unwrap_or(""),
                None => rest
                    .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .next()
                    .unwrap_or(""),
            };
            for name in group.split(',') {
                let name: String = name
                    .trim_start()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if tui_allowed(&name).is_some() {
                    parts.push(name);
                }
            }
        }
    }
    parts
}

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// The code of a line, without a `//` comment (doc comments may name any
/// module).
fn code(line: &str) -> &str {
    match line.find("//") {
        Some(at) => &line[..at],
        None => line,
    }
}

/// The modules a line names as `crate::<module>` or `crate::{<module>, ..}`.
fn named_modules(line: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        // `restless::crate::` cannot occur; `$crate::` is a macro's own.
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        let group = match rest.strip_prefix('{') {
            Some(inner) => inner.split('}').next().unwrap_or(""),
            None => rest,
        };
        for part in group.split(',') {
            let name: String = part
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                names.push(name);
            }
            if !rest.starts_with('{') {
                break;
            }
        }
    }
    names
}

/// Every place in `src/` that breaks the rule, as `FILE:LINE: what`.
fn violations(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut found = Vec::new();
    for path in files {
        let relative = path.strip_prefix(src).expect("under src");
        let first = relative
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .unwrap_or_default();
        let module = first.strip_suffix(".rs").unwrap_or(&first).to_string();
        // The dispatcher may name every module.
        if module == "lib" || module == "main" {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable source");
        let shown = Path::new("src").join(relative).display().to_string();
        let Some(allowed) = allowed(&module) else {
            found.push(format!(
                "{shown}: `{module}` is not placed in the layers of src/lib.rs"
            ));
            continue;
        };
        // Inside tui: which part this file is, and whether `super` is tui.
        let components: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let tui_part = (module == "tui" && components.len() > 1)
            .then(|| components[1].trim_end_matches(".rs").to_string())
            .filter(|part| tui_allowed(part).is_some());
        let parent_is_tui =
            components.len() == 2 || (components.len() == 3 && components[2] == "mod.rs");
        for (number, line) in text.lines().enumerate() {
            let line = code(line);
            if let Some(part) = &tui_part {
                let allowed = tui_allowed(part).unwrap_or(&[]);
                for named in tui_parts(line, parent_is_tui) {
                    if named != *part && !allowed.contains(&named.as_str()) {
                        found.push(format!(
                            "{shown}:{}: `tui::{part}` may not name tui::{named}",
                            number + 1
                        ));
                    }
                }
            }
            for named in named_modules(line) {
                if named != module && !allowed.contains(&named.as_str()) {
                    found.push(format!(
                        "{shown}:{}: `{module}` may not name crate::{named}",
                        number + 1
                    ));
                }
            }
            if module != "tui" {
                for terminal in ["ratatui", "crossterm"] {
                    if line.contains(&format!("{terminal}::")) {
                        found.push(format!(
                            "{shown}:{}: only `tui` may name {terminal}",
                            number + 1
                        ));
                    }
                }
            }
        }
    }
    found
}

#[test]
fn every_module_names_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = violations(&src);
    assert!(
        found.is_empty(),
        "the layer rule of src/lib.rs is broken:\n{}",
        found.join("\n")
    );
}

#[test]
fn grouped_and_nested_paths_are_read() {
    assert_eq!(
        named_modules("use crate::{tui::App, store};"),
        ["tui", "store"]
    );
    assert_eq!(
        named_modules("let x = crate::report::render(crate::text::width(s));"),
        ["report", "text"]
    );
    assert!(named_modules("$crate::tui::x").is_empty());
    assert_eq!(
        tui_parts("use super::{app::App, keys};", true),
        ["app", "keys"]
    );
    assert_eq!(tui_parts("use super::view;", false), Vec::<String>::new());
    assert_eq!(tui_parts("crate::tui::view::render(", false), ["view"]);
    assert_eq!(code("use x; // crate::tui"), "use x; ");
}
