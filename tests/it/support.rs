//! Helpers shared by the integration tests.

use std::path::PathBuf;

use assert_cmd::Command;
use tempfile::TempDir;

/// The real binary, with an environment that does not depend on the shell
/// running the tests.
pub fn restless() -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("restless"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", std::env::temp_dir());
    cmd
}

/// A file with `contents` in a fresh temporary directory; the directory
/// lives as long as the returned guard.
pub fn file(name: &str, contents: impl AsRef<[u8]>) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, contents).unwrap();
    (dir, path)
}

/// A small valid questionnaire that the validation tests break one way at a
/// time. Line numbers in those tests refer to this text.
pub const VALID: &str = r#"[questionnaire]
id = "mini"
version = "1"
title = "Mini"

[[source]]
id = "S1"
citation = "A source"

[[section]]
id = "legs"
title = "Legs"

[[section.item]]
id = "urge"
type = "yes_no"
text = "Urge to move the legs?"
dont_know = true

[[section.item]]
id = "often"
type = "single"
text = "How often?"
show_if = "urge = yes"
options = [
  { value = "rarely", label = "Rarely" },
  { value = "weekly", label = "Weekly" },
]

[[section.item]]
id = "age"
type = "integer"
text = "Age?"
min = 0
max = 120

[[finding]]
id = "adult"
label = "Adult"
when = "age >= 18"
sources = ["S1"]
"#;

/// Says that a check did not run, and why, past the test harness's output
/// capture (which hides `eprintln!` of passing tests), so it is seen. In CI
/// (`CI` set, as `.ci/run` does), where everything it needs is installed,
/// a skip is a failure.
pub fn skip(test: &str, reason: &str) {
    use std::io::Write;
    assert!(
        std::env::var_os("CI").is_none(),
        "{test} cannot run in CI: {reason}"
    );
    let _ = writeln!(std::io::stderr(), "note: {test}: SKIPPED: {reason}");
}
