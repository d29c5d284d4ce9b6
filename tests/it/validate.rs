//! `restless validate`: one test per kind of mistake a questionnaire author
//! can make, each checking the exit status and the `FILE:LINE:COL:` message.

use predicates::prelude::*;
use predicates::str::contains;

use crate::support::{VALID, file, restless};

/// Validates `text` and returns stderr, asserting exit status 1 and that
/// every line of stderr that is not a help line starts with `FILE:`.
fn invalid(text: &str) -> String {
    let (_dir, path) = file("q.toml", text);
    let output = restless().arg("validate").arg(&path).output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    let prefix = format!("{}:", path.display());
    for line in stderr.lines().filter(|l| !l.starts_with("    help:")) {
        assert!(line.starts_with(&prefix), "not FILE:LINE:COL: {line}");
    }
    stderr.replace(&prefix, "q.toml:")
}

fn edit(from: &str, to: &str) -> String {
    assert!(VALID.contains(from), "the fixture has no {from:?}");
    VALID.replacen(from, to, 1)
}

#[test]
fn the_shipped_questionnaires_are_valid() {
    let mut cmd = restless();
    cmd.arg("validate");
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/questionnaires")).unwrap()
    {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            cmd.arg(path);
        }
    }
    cmd.assert()
        .success()
        .stdout(contains(": ok (rls-screening"));
}

#[test]
fn the_fixture_itself_is_valid() {
    let (_dir, path) = file("q.toml", VALID);
    restless().arg("validate").arg(&path).assert().success();
}

#[test]
fn shipped_questionnaires_give_no_warnings() {
    restless()
        .args([
            "validate",
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/questionnaires/rls-screening.toml"
            ),
        ])
        .assert()
        .success()
        .stderr("");
}

#[test]
fn a_section_with_an_items_id_is_valid_with_a_warning() {
    let (_dir, path) = file("q.toml", edit("id = \"legs\"", "id = \"urge\""));
    let output = restless().arg("validate").arg(&path).output().unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(": warning: section `urge` has the id of an item"),
        "{stderr}"
    );
    assert!(
        stderr.starts_with(&format!("{}:", path.display())),
        "{stderr}"
    );
}

#[test]
fn a_code_needs_an_absolute_system_and_a_unit_of_the_item() {
    let stderr = invalid(&edit(
        "id = \"urge\"",
        "id = \"urge\"\ncode = [{ system = \"loinc\", code = \"1-8\", unit = \"mg\" }]",
    ));
    assert!(
        stderr.contains("a code's `system` must be an absolute URI"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`mg` is not one of the item's units"),
        "{stderr}"
    );
}

#[test]
fn toml_syntax_error() {
    let stderr = invalid(&edit("title = \"Mini\"", "title = \"Mini"));
    assert!(stderr.starts_with("q.toml:4:"), "{stderr}");
}

#[test]
fn unknown_key_names_the_expected_keys_and_suggests_one() {
    let stderr = invalid(&edit("title = \"Mini\"", "titel = \"Mini\""));
    assert!(
        stderr.starts_with("q.toml:4:1: unknown key `titel`; expected one of: id, version, title,"),
        "{stderr}"
    );
    assert!(stderr.contains("help: did you mean `title`?"), "{stderr}");
}

#[test]
fn unknown_key_in_an_item() {
    let stderr = invalid(&edit("dont_know = true", "dont_knwo = true"));
    assert!(
        stderr.starts_with("q.toml:18:1: unknown key `dont_knwo`"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `dont_know`?"), "{stderr}");
}

#[test]
fn missing_required_key() {
    let stderr = invalid(&edit("text = \"Age?\"\n", ""));
    assert!(stderr.contains(": missing key `text`"), "{stderr}");
}

#[test]
fn duplicate_item_id() {
    let stderr = invalid(&edit("id = \"age\"", "id = \"urge\""));
    assert!(
        stderr.contains("q.toml:31:6: duplicate id `urge`: an item already uses it"),
        "{stderr}"
    );
}

#[test]
fn duplicate_id_between_an_item_and_a_finding() {
    let stderr = invalid(&edit("id = \"adult\"", "id = \"age\""));
    assert!(
        stderr.contains("q.toml:38:6: duplicate id `age`: an item already uses it"),
        "{stderr}"
    );
}

#[test]
fn duplicate_section_id() {
    let text = format!(
        "{VALID}\n[[section]]\nid = \"legs\"\ntitle = \"Again\"\n[[section.item]]\nid = \"x\"\ntype = \"text\"\ntext = \"X\"\n"
    );
    let stderr = invalid(&text);
    assert!(
        stderr.contains("q.toml:44:6: duplicate section id `legs`"),
        "{stderr}"
    );
}

#[test]
fn reference_to_an_unknown_item() {
    let stderr = invalid(&edit("show_if = \"urge = yes\"", "show_if = \"urg = yes\""));
    assert!(
        stderr.contains("q.toml:24:12: unknown id `urg`"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `urge`?"), "{stderr}");
}

#[test]
fn reference_to_an_unknown_option() {
    let stderr = invalid(&edit(
        "show_if = \"urge = yes\"",
        "show_if = \"urge = yse\"",
    ));
    assert!(
        stderr.contains(
            "q.toml:24:19: `urge` can never be `yse`: it is not one of its options (yes, no)"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `yes`?"), "{stderr}");
}

#[test]
fn comparison_with_a_number_the_item_can_never_have() {
    let stderr = invalid(&edit("when = \"age >= 18\"", "when = \"age >= 150\""));
    assert!(
        stderr.contains("q.toml:40:9: `age >= 150` can never be true: `age` is at most 120"),
        "{stderr}"
    );
}

#[test]
fn comparison_with_dont_know_when_it_is_not_offered() {
    let stderr = invalid(&edit(
        "when = \"age >= 18\"",
        "when = \"often = dont_know\"",
    ));
    assert!(
        stderr.contains("q.toml:40:17: `often` can never be `dont_know`"),
        "{stderr}"
    );
}

#[test]
fn comparison_of_a_choice_with_a_number() {
    let stderr = invalid(&edit("when = \"age >= 18\"", "when = \"often > 2\""));
    assert!(
        stderr.contains("`often` is a choice; it can only be compared with `=` or `!=`"),
        "{stderr}"
    );
}

#[test]
fn condition_on_a_question_asked_later() {
    let stderr = invalid(&edit("show_if = \"urge = yes\"", "show_if = \"age > 40\""));
    assert!(
        stderr.contains("q.toml:24:12: `age` is asked later than this"),
        "{stderr}"
    );
}

#[test]
fn condition_on_the_question_itself() {
    let stderr = invalid(&edit(
        "show_if = \"urge = yes\"",
        "show_if = \"often = weekly\"",
    ));
    assert!(
        stderr.contains("q.toml:24:12: `often` refers to the question itself"),
        "{stderr}"
    );
}

#[test]
fn condition_through_a_finding_that_depends_on_a_later_question() {
    let stderr = invalid(&edit("show_if = \"urge = yes\"", "show_if = \"adult\""));
    assert!(
        stderr.contains(
            "q.toml:24:12: finding `adult` depends on `age`, which is asked later than this"
        ),
        "{stderr}"
    );
}

#[test]
fn findings_that_depend_on_each_other() {
    let text = format!(
        "{VALID}\n[[finding]]\nid = \"a\"\nlabel = \"A\"\nwhen = \"b\"\n\n[[finding]]\nid = \"b\"\nlabel = \"B\"\nwhen = \"a and adult\"\n"
    );
    let stderr = invalid(&text);
    assert!(
        stderr.contains("`a` depends on itself: a → b → a"),
        "{stderr}"
    );
}

#[test]
fn empty_section() {
    let text = format!("{VALID}\n[[section]]\nid = \"empty\"\ntitle = \"Empty\"\n");
    let stderr = invalid(&text);
    assert!(
        stderr.contains("q.toml:44:6: section `empty` has no items"),
        "{stderr}"
    );
}

#[test]
fn duplicate_option_values_and_labels() {
    let stderr = invalid(&edit(
        "{ value = \"weekly\", label = \"Weekly\" }",
        "{ value = \"rarely\", label = \"rarely\" }",
    ));
    assert!(
        stderr.contains("q.toml:27:13: duplicate option value `rarely`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("q.toml:27:31: duplicate option label \"rarely\""),
        "{stderr}"
    );
}

#[test]
fn range_with_min_above_max() {
    let stderr = invalid(&edit("min = 0\nmax = 120", "min = 120\nmax = 0"));
    assert!(
        stderr.contains("q.toml:35:7: the range is empty: min (120) is greater than max (0)"),
        "{stderr}"
    );
}

#[test]
fn unknown_item_type() {
    let stderr = invalid(&edit("type = \"integer\"", "type = \"interger\""));
    assert!(
        stderr.contains("q.toml:32:8: `interger` is not a valid item type"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `integer`?"), "{stderr}");
}

#[test]
fn key_that_belongs_to_another_item_type() {
    let stderr = invalid(&edit("dont_know = true", "dont_know = true\nmin = 1"));
    assert!(
        stderr.contains("q.toml:19:7: `min` does not apply to a `yes_no` item"),
        "{stderr}"
    );
}

#[test]
fn unknown_source() {
    let stderr = invalid(&edit("sources = [\"S1\"]", "sources = [\"S2\"]"));
    assert!(
        stderr.contains("q.toml:41:12: unknown source `S2`"),
        "{stderr}"
    );
}

#[test]
fn condition_syntax_error() {
    let stderr = invalid(&edit(
        "show_if = \"urge = yes\"",
        "show_if = \"urge = yes &&\"",
    ));
    assert!(
        stderr.contains("q.toml:24:23: unexpected character `&` (write `and`)"),
        "{stderr}"
    );
}

#[test]
fn underflowing_number() {
    let stderr = invalid(&edit("min = 0\n", "min = 1e-400\n"));
    assert!(
        stderr.contains("q.toml:34:7: `1e-400` is too small to represent"),
        "{stderr}"
    );
}

#[test]
fn every_problem_is_reported_not_only_the_first() {
    let text = edit("show_if = \"urge = yes\"", "show_if = \"urg = yes\"")
        .replace("min = 0\nmax = 120", "min = 120\nmax = 0");
    let stderr = invalid(&text);
    assert!(
        stderr.contains("unknown id `urg`") && stderr.contains("the range is empty"),
        "{stderr}"
    );
}

#[test]
fn several_files_report_each_and_fail_if_any_fails() {
    let (_a, good) = file("good.toml", VALID);
    let (_b, bad) = file("bad.toml", "nonsense");
    restless()
        .arg("validate")
        .arg(&good)
        .arg(&bad)
        .assert()
        .code(1)
        .stdout(contains("good.toml: ok"))
        .stderr(contains("bad.toml:1:"));
}

#[test]
fn empty_file() {
    let stderr = invalid("");
    assert!(
        stderr.starts_with("q.toml:1:1: missing key `questionnaire`"),
        "{stderr}"
    );
}

#[test]
fn garbage_file() {
    let stderr = invalid("}}}{{{ \u{1b}[2J not toml at all ]]]");
    assert!(stderr.starts_with("q.toml:1:1:"), "{stderr}");
    assert!(
        !stderr.contains('\u{1b}'),
        "escape sequences are neutralised"
    );
}

#[test]
fn binary_file() {
    let (_dir, path) = file("q.toml", [0u8, 159, 146, 150, 0xff, 0xfe, 0, 1, 2]);
    restless()
        .arg("validate")
        .arg(&path)
        .assert()
        .code(3)
        .stderr(contains("q.toml:1:2: the file is not UTF-8 text"));
}

#[test]
fn huge_file_is_refused_before_parsing() {
    let (_dir, path) = file("q.toml", "a = 1\n".repeat(1_000_000));
    restless()
        .arg("validate")
        .arg(&path)
        .assert()
        .code(3)
        .stderr(contains(
            "the file is larger than 2097152 bytes, the limit for a questionnaire",
        ));
}

#[test]
fn deeply_nested_toml_does_not_overflow() {
    let stderr = invalid(&format!("a = {}", "[".repeat(100_000)));
    assert!(stderr.contains("recursion"), "{stderr}");
}

#[test]
fn missing_file_and_directory() {
    restless()
        .args(["validate", "/nonexistent/q.toml"])
        .assert()
        .code(3)
        .stderr("/nonexistent/q.toml: cannot read: no such file or directory\n");
    let dir = tempfile::tempdir().unwrap();
    restless()
        .arg("validate")
        .arg(dir.path())
        .assert()
        .code(3)
        .stderr(contains("is a directory, not a file"));
}

#[test]
fn validate_needs_a_file() {
    restless()
        .arg("validate")
        .assert()
        .code(2)
        .stderr(contains("required"));
}

#[test]
fn help_and_version() {
    restless()
        .arg("--help")
        .assert()
        .success()
        .stdout(contains("Usage: restless"));
    restless()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with(concat!(
            "restless ",
            env!("CARGO_PKG_VERSION")
        )));
}

/// The questionnaire example in README.md is valid, so the documentation
/// cannot drift from the format.
#[test]
fn the_readme_example_is_valid() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let example = readme
        .split("### An example")
        .nth(1)
        .and_then(|rest| rest.split("```toml\n").nth(1))
        .and_then(|rest| rest.split("```").next())
        .expect("README has a TOML example under 'An example'");
    let (_dir, path) = file("example.toml", example);
    restless()
        .arg("validate")
        .arg(&path)
        .assert()
        .success()
        .stdout(contains(": ok (mini-screen"));
}

/// The configuration sample in README.md is the one documented in the code
/// (which a unit test parses to the defaults).
#[test]
fn the_readme_configuration_sample_matches_the_code() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let code = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src/screening/config.rs"
    ))
    .unwrap();
    let from_code: String = code
        .lines()
        .skip_while(|l| !l.starts_with("//! ```toml"))
        .skip(1)
        .take_while(|l| !l.starts_with("//! ```"))
        .map(|l| {
            format!(
                "{}\n",
                l.strip_prefix("//! ")
                    .or_else(|| l.strip_prefix("//!"))
                    .unwrap_or(l)
            )
        })
        .collect();
    let from_readme = readme
        .split("## Configuration")
        .nth(1)
        .and_then(|rest| rest.split("```toml\n").nth(1))
        .and_then(|rest| rest.split("```").next())
        .unwrap();
    assert_eq!(from_readme, from_code);
}

/// A finding's role is one of the words the front ends know, so a typo is
/// found here and not as a missing criteria bar.
#[test]
fn a_finding_role_must_be_known() {
    restless()
        .arg("validate")
        .arg(
            file(
                "q.toml",
                edit(
                    "label = \"Adult\"",
                    "label = \"Adult\"\nrole = \"criterion\"",
                ),
            )
            .1,
        )
        .assert()
        .success();
    let stderr = invalid(&edit(
        "label = \"Adult\"",
        "label = \"Adult\"\nrole = \"critrion\"",
    ));
    assert!(
        stderr.contains("q.toml:40:8: `critrion` is not a valid role; expected one of: criterion"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `criterion`?"), "{stderr}");
}

#[test]
fn a_reported_finding_without_a_patient_version_is_refused_where_it_is() {
    let text = edit("title = \"Mini\"", "title = \"Mini\"\npatient_texts = true");
    let stderr = invalid(&text);
    assert!(
        stderr.contains("q.toml:39:6: finding `adult` has no patient-facing version"),
        "{stderr}"
    );
    let text = text.replace(
        "label = \"Adult\"",
        "label = \"Adult\"\npatient = \"You are an adult.\"",
    );
    let (_dir, path) = file("q.toml", &text);
    restless().arg("validate").arg(&path).assert().success();
}

#[test]
fn a_red_flag_needs_a_known_urgency() {
    let stderr = invalid(&edit(
        "label = \"Adult\"",
        "label = \"Adult\"\nkind = \"red_flag\"",
    ));
    assert!(stderr.contains("a red flag needs an `urgency`"), "{stderr}");
    let stderr = invalid(&edit(
        "label = \"Adult\"",
        "label = \"Adult\"\nkind = \"red_flag\"\nurgency = \"later\"",
    ));
    assert!(
        stderr.contains("`later` is not a valid urgency; expected one of: emergency, today, soon"),
        "{stderr}"
    );
    let stderr = invalid(&edit(
        "label = \"Adult\"",
        "label = \"Adult\"\nurgency = \"today\"",
    ));
    assert!(
        stderr.contains("only a red flag has an `urgency`"),
        "{stderr}"
    );
}

#[test]
fn a_check_must_name_an_item() {
    let stderr = invalid(&format!(
        "{VALID}\n[[check]]\nwhen = \"adult and adult\"\nmessage = \"No.\"\n"
    ));
    assert!(
        stderr.contains("a check must name at least one item directly"),
        "{stderr}"
    );
}
