//! The command-line conventions, as a user or a script calls them: `-` for
//! standard input and output, the format taken from the output's name,
//! `--strict`, the configuration's choice, completions and the man page.

use std::path::Path;

use predicates::str::contains;

use crate::support::{VALID, file, restless};

fn example(name: &str) -> String {
    format!(
        "{}/questionnaires/examples/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn example_text(name: &str) -> String {
    std::fs::read_to_string(example(name)).unwrap()
}

#[test]
fn score_dash_reads_standard_input_like_a_file() {
    let name = "01-positive-iron-habits.toml";
    let from_file = restless()
        .args(["score", "--format", "json", &example(name)])
        .output()
        .unwrap();
    assert!(from_file.status.success());
    let from_stdin = restless()
        .args(["score", "--format", "json", "-"])
        .write_stdin(example_text(name))
        .output()
        .unwrap();
    assert!(from_stdin.status.success());
    let a: serde_json::Value = serde_json::from_slice(&from_file.stdout).unwrap();
    let b: serde_json::Value = serde_json::from_slice(&from_stdin.stdout).unwrap();
    assert_eq!(a["result"], b["result"]);
    assert_eq!(a["answers"], b["answers"]);
    assert_eq!(b["result"]["classification"]["case"], "met");
}

#[test]
fn standard_input_among_files_keeps_its_place() {
    let output = restless()
        .args([
            "score",
            "-f",
            "json",
            &example("01-positive-iron-habits.toml"),
            "-",
            &example("01-positive-iron-habits.toml"),
        ])
        .write_stdin(example_text("02-negative.toml"))
        .output()
        .unwrap();
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let cases: Vec<_> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["result"]["classification"]["case"].clone())
        .collect();
    assert_eq!(cases, ["met", "negative", "met"]);
}

#[test]
fn problems_in_standard_input_are_located_as_stdin() {
    restless()
        .args(["score", "-"])
        .write_stdin("[answers]\nc1_urgee = \"yes\"\n")
        .assert()
        .code(1)
        .stderr(contains("<stdin>:2:1:"));
    restless()
        .args(["validate", "-"])
        .write_stdin(VALID.replace("id = \"urge\"", "id = \"urge\"\nbogus = 1"))
        .assert()
        .code(1)
        .stderr(contains("<stdin>:16:1:"));
}

#[test]
fn validate_dash_reads_standard_input() {
    restless()
        .args(["validate", "-"])
        .write_stdin(VALID)
        .assert()
        .success()
        .stdout(contains("<stdin>: ok (mini 1:"));
}

#[test]
fn standard_input_has_the_file_limits() {
    // One byte over the 1 MiB limit of an answers file, as a comment.
    let mut big = String::from("[answers]\n#");
    big.push_str(&"x".repeat(1024 * 1024));
    restless()
        .args(["score", "-"])
        .write_stdin(big)
        .assert()
        .code(3)
        .stderr(contains(
            "<stdin>: the input is larger than 1048576 bytes, the limit for an answers file",
        ));
    restless()
        .args(["validate", "-"])
        .write_stdin(b"[questionnaire]\nid = \"\xff\"\n".to_vec())
        .assert()
        .code(3)
        .stderr(contains("<stdin>:2:7: the input is not UTF-8 text"));
}

#[test]
fn standard_input_is_read_once() {
    for command in ["score", "validate"] {
        restless()
            .args([command, "-", "-"])
            .write_stdin(VALID)
            .assert()
            .code(2)
            .stdout("")
            .stderr(contains("given more than once"));
    }
}

#[test]
fn a_terminal_on_standard_input_is_refused_not_waited_for() {
    // `script` gives the command a terminal; without it the test means
    // nothing here.
    let Ok(script) = which("script") else {
        crate::support::skip(
            "a_terminal_on_standard_input_is_refused_not_waited_for",
            "no `script`",
        );
        return;
    };
    let bin = assert_cmd::cargo::cargo_bin!("restless");
    let output = std::process::Command::new(script)
        .args(["-qec", &format!("{} score -", bin.display()), "/dev/null"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(3), "{shown}");
    assert!(shown.contains("<stdin>: is a terminal"), "{shown}");
}

fn which(program: &str) -> Result<std::path::PathBuf, ()> {
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join(program))
        .find(|path| path.is_file())
        .ok_or(())
}

#[test]
fn dash_output_is_standard_output_never_a_file() {
    let dir = tempfile::tempdir().unwrap();
    restless()
        .current_dir(dir.path())
        .args(["score", "-o", "-", &example("02-negative.toml")])
        .assert()
        .success()
        .stdout(contains("This is a screening aid, not a diagnosis."));
    assert!(!dir.path().join("-").exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn a_file_named_dash_is_reachable_as_dot_slash_dash() {
    let (dir, _) = file("-", example_text("02-negative.toml"));
    restless()
        .current_dir(dir.path())
        .args(["score", "./-", "-o", "./out.txt"])
        .assert()
        .success();
    assert!(Path::new(&dir.path().join("out.txt")).exists());
}

#[test]
fn the_output_name_chooses_the_format() {
    let dir = tempfile::tempdir().unwrap();
    let answers = example("01-positive-iron-habits.toml");
    for name in ["r.json", "r.fhir.json", "r.md", "r.toml", "r.txt"] {
        restless()
            .current_dir(dir.path())
            .args(["score", &answers, "-o", name])
            .assert()
            .success();
    }
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    let json: serde_json::Value = serde_json::from_str(&read("r.json")).unwrap();
    assert_eq!(json["saved"]["format"], "restless-result/1");
    let fhir: serde_json::Value = serde_json::from_str(&read("r.fhir.json")).unwrap();
    assert_eq!(fhir["resourceType"], "Bundle");
    assert!(read("r.md").starts_with("# "), "{}", read("r.md"));
    let toml: toml::Table = read("r.toml").parse().unwrap();
    assert!(toml.contains_key("answers"));
    assert!(read("r.txt").contains("RLS criteria: Criteria met (screen)"));
    assert!(!read("r.txt").starts_with("# "));
}

#[test]
fn an_explicit_format_wins_over_the_output_name() {
    let dir = tempfile::tempdir().unwrap();
    restless()
        .current_dir(dir.path())
        .args(["score", &example("02-negative.toml")])
        .args(["-o", "r.txt", "--format", "json"])
        .assert()
        .success();
    let text = std::fs::read_to_string(dir.path().join("r.txt")).unwrap();
    assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok());
}

#[test]
fn an_output_name_without_a_format_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["result.pdf", "result"] {
        restless()
            .current_dir(dir.path())
            .args(["score", &example("02-negative.toml"), "-o", name])
            .assert()
            .code(2)
            .stdout("")
            .stderr(contains(format!(
                "restless: the output name {name} does not say a format; end it with .txt, .md, .json, .fhir.json or .toml, or give --format"
            )));
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    // Standard output is text unless asked otherwise.
    restless()
        .args(["score", &example("02-negative.toml"), "-o", "-"])
        .assert()
        .success()
        .stdout(contains("This is a screening aid, not a diagnosis."));
}

#[test]
fn strict_fails_an_incomplete_result_and_still_writes_it() {
    let incomplete = "[answers]\nc1_urge = \"yes\"\n";
    restless()
        .args(["score", "-"])
        .write_stdin(incomplete)
        .assert()
        .success()
        .stderr(contains("the result is incomplete"));
    restless()
        .args(["score", "--strict", "-"])
        .write_stdin(incomplete)
        .assert()
        .code(6)
        .stdout(contains("RLS criteria: Not determined"))
        .stderr(contains("the result is incomplete"));
    // A complete result passes, alone or beside an incomplete one (which
    // still fails the run).
    restless()
        .args(["score", "--strict", &example("02-negative.toml")])
        .assert()
        .success()
        .stderr("");
    restless()
        .args([
            "score",
            "--strict",
            "-f",
            "json",
            "-",
            &example("02-negative.toml"),
        ])
        .write_stdin(incomplete)
        .assert()
        .code(6);
}

#[test]
fn a_file_that_cannot_be_scored_outranks_an_incomplete_one() {
    let (_dir, bad) = file("bad.toml", "[answers]\nno_such_item = 1\n");
    restless()
        .args(["score", "--strict", "-"])
        .arg(&bad)
        .write_stdin("[answers]\nc1_urge = \"yes\"\n")
        .assert()
        .code(1);
}

#[test]
fn dash_q_is_not_the_questionnaire() {
    let (_dir, q) = file("q.toml", VALID);
    restless()
        .arg("template")
        .arg("-q")
        .arg(&q)
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("unexpected argument '-q'"));
    restless()
        .arg("template")
        .arg("--questionnaire")
        .arg(&q)
        .assert()
        .success()
        .stdout(contains("urge"));
}

const PATIENT: &str = "[identifiers]\npatient_id = \"P-7\"\n[answers]\nc1_urge = \"no\"\n";

/// The identifier system FHIR's `subject` gets with `args` and `envs`, or
/// the exit status and standard error when scoring fails.
fn patient_system(args: &[&str], envs: &[(&str, &Path)]) -> Result<String, (i32, String)> {
    let output = restless()
        .envs(envs.iter().copied())
        .args(["score", "-f", "fhir", "-"])
        .args(args)
        .write_stdin(PATIENT)
        .output()
        .unwrap();
    if !output.status.success() {
        return Err((
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        ));
    }
    let bundle: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let subject = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["resource"]["resourceType"] == "QuestionnaireResponse")
        .map(|e| e["resource"]["subject"]["identifier"].clone())
        .unwrap();
    Ok(subject["system"].as_str().unwrap_or("none").to_string())
}

/// A configuration home whose usual file gives `usual` as the patient
/// system, and a file elsewhere giving `named`.
fn two_configurations() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("xdg");
    std::fs::create_dir_all(home.join("restless")).unwrap();
    let system = |uri: &str| format!("[fhir]\npatient_system = \"{uri}\"\n");
    std::fs::write(home.join("restless/config.toml"), system("urn:usual")).unwrap();
    let named = dir.path().join("named.toml");
    std::fs::write(&named, system("urn:named")).unwrap();
    (dir, home, named)
}

#[test]
fn config_flag_and_variable_choose_the_configuration() {
    let (_dir, home, named) = two_configurations();
    let named_arg = named.to_str().unwrap();
    let xdg = ("XDG_CONFIG_HOME", home.as_path());
    assert_eq!(patient_system(&[], &[xdg]).unwrap(), "urn:usual");
    assert_eq!(
        patient_system(&["--config", named_arg], &[xdg]).unwrap(),
        "urn:named"
    );
    let variable = ("RESTLESS_CONFIG", named.as_path());
    assert_eq!(patient_system(&[], &[xdg, variable]).unwrap(), "urn:named");
    // The flag wins over the variable, --no-config over both.
    let elsewhere = home.join("restless/config.toml");
    assert_eq!(
        patient_system(&["--config", elsewhere.to_str().unwrap()], &[variable]).unwrap(),
        "urn:usual"
    );
    assert_eq!(
        patient_system(&["--no-config"], &[xdg, variable]).unwrap(),
        "none"
    );
}

#[test]
fn a_named_configuration_must_exist() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.toml");
    let (code, stderr) = patient_system(&["--config", missing.to_str().unwrap()], &[]).unwrap_err();
    assert_eq!(code, 3, "{stderr}");
    assert!(stderr.contains("missing.toml: cannot read"), "{stderr}");
    assert!(
        stderr.contains(
            "the configuration file was named by --config; --no-config uses the defaults"
        ),
        "{stderr}"
    );
    let (code, stderr) = patient_system(&[], &[("RESTLESS_CONFIG", &missing)]).unwrap_err();
    assert_eq!(code, 3, "{stderr}");
    assert!(stderr.contains("named by RESTLESS_CONFIG"), "{stderr}");
    // Checked whatever the format, though only FHIR uses it.
    restless()
        .args(["score", "--config"])
        .arg(&missing)
        .arg(example("02-negative.toml"))
        .assert()
        .code(3)
        .stdout("")
        .stderr(contains("named by --config"));
    // The usual file may be missing: that is every default.
    assert_eq!(
        patient_system(&[], &[("XDG_CONFIG_HOME", dir.path())]).unwrap(),
        "none"
    );
}

#[test]
fn config_and_no_config_together_are_a_usage_error() {
    restless()
        .args(["--no-config", "--config", "c.toml", "score", "-"])
        .write_stdin(PATIENT)
        .assert()
        .code(2)
        .stderr(contains("cannot be used with"));
}

#[test]
fn plain_mode_reads_the_configuration_chosen() {
    let (dir, home, _) = two_configurations();
    let broken = dir.path().join("broken.toml");
    std::fs::write(&broken, "lock_after_minutes = -1\n").unwrap();
    let plain = || {
        let mut cmd = restless();
        cmd.env("XDG_CONFIG_HOME", &home)
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .current_dir(dir.path())
            .arg("--plain")
            .write_stdin("");
        cmd
    };
    // A run that gets past the set-up greets, then ends with its (empty)
    // input before anything was answered.
    let started = "Restless legs screening";
    plain().assert().success().stdout(contains(started));
    plain()
        .arg("--config")
        .arg(&broken)
        .assert()
        .code(1)
        .stderr(contains(
            "broken.toml:1:22: `lock_after_minutes` must be a number greater than 0",
        ));
    plain()
        .env("RESTLESS_CONFIG", &broken)
        .assert()
        .code(1)
        .stderr(contains("broken.toml:1:22:"));
    plain()
        .env("RESTLESS_CONFIG", &broken)
        .arg("--no-config")
        .assert()
        .success()
        .stdout(contains(started));
}

const COMMANDS: [&str; 5] = ["validate", "template", "score", "completions", "man"];

#[test]
fn completions_for_every_shell_name_the_commands_and_options() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let output = restless().args(["completions", shell]).output().unwrap();
        assert!(output.status.success(), "{shell}");
        assert!(output.stderr.is_empty(), "{shell}");
        let script = String::from_utf8(output.stdout).unwrap();
        assert!(!script.trim().is_empty(), "{shell}");
        for name in COMMANDS.iter().chain(&["strict", "no-config", "fhir"]) {
            assert!(script.contains(name), "{shell} lacks {name}");
        }
    }
    // File arguments complete file names.
    let fish = restless()
        .args(["completions", "fish"])
        .output()
        .unwrap()
        .stdout;
    let fish = String::from_utf8(fish).unwrap();
    let config_line = fish.lines().find(|l| l.contains("-l config ")).unwrap();
    assert!(config_line.ends_with("-r -F"), "{config_line}");
    restless()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(contains(
            "possible values: bash, elvish, fish, powershell, zsh",
        ));
}

#[test]
fn the_bash_completion_script_completes_in_bash() {
    let Ok(bash) = which("bash") else {
        crate::support::skip("the_bash_completion_script_completes_in_bash", "no bash");
        return;
    };
    let script = restless()
        .args(["completions", "bash"])
        .output()
        .unwrap()
        .stdout;
    let (_dir, path) = file("restless.bash", script);
    // What bash offers after `restless sc<Tab>`, and after `restless score --st<Tab>`.
    let complete = |words: &str, current: usize| {
        let output = std::process::Command::new(&bash)
            .arg("-c")
            .arg(format!(
                "source {}; COMP_WORDS=({words}); COMP_CWORD={current}; _restless restless \"${{COMP_WORDS[{current}]}}\" \"${{COMP_WORDS[{}]}}\"; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
                path.display(),
                current - 1
            ))
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    };
    assert_eq!(complete("restless sc", 1).trim(), "score");
    assert_eq!(complete("restless score --st", 2).trim(), "--strict");
}

#[test]
fn the_man_page_is_roff_and_names_the_commands() {
    let output = restless().arg("man").output().unwrap();
    assert!(output.status.success());
    let page = String::from_utf8(output.stdout).unwrap();
    // clap_mangen defines the apostrophe string before the title, as roff
    // allows; the title is the first macro of the page itself.
    let first_macro = page
        .lines()
        .find(|line| line.starts_with(".TH") || line.starts_with(".SH"))
        .unwrap();
    assert!(first_macro.starts_with(".TH restless 1"), "{page}");
    assert!(page.contains(".SH SYNOPSIS"), "{page}");
    for command in COMMANDS {
        assert!(
            page.contains(&format!("restless\\-{command}(1)")),
            "{command}"
        );
    }
    assert!(page.contains("6 score \\-\\-strict: a result is incomplete"));
    assert!(!page.contains("restless\\-help"));
    for command in COMMANDS {
        let output = restless().args(["man", command]).output().unwrap();
        assert!(output.status.success(), "{command}");
        let page = String::from_utf8(output.stdout).unwrap();
        assert!(
            page.contains(&format!(
                ".TH restless-{command} 1  \"restless {}\"",
                env!("CARGO_PKG_VERSION")
            )),
            "{page}"
        );
    }
    let score = restless().args(["man", "score"]).output().unwrap().stdout;
    let score = String::from_utf8(score).unwrap();
    assert!(score.contains("\\-\\-strict"), "{score}");
    restless()
        .args(["man", "scroe"])
        .assert()
        .code(2)
        .stderr(contains(
            "no command `scroe`; the commands are: validate, template, open, score, completions, man, set-pin",
        ));
}

/// `validate` on `VALID` with `from` replaced by `to`: (exit code, stderr).
fn validate_changed(from: &str, to: &str) -> (Option<i32>, String) {
    assert!(VALID.contains(from), "{from}");
    let output = restless()
        .args(["validate", "-"])
        .write_stdin(VALID.replacen(from, to, 1))
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn an_unknown_id_in_a_comparison_is_the_only_error() {
    let (code, stderr) = validate_changed("show_if = \"urge = yes\"", "show_if = \"urg = yes\"");
    assert_eq!(code, Some(1));
    assert_eq!(
        stderr,
        "<stdin>:24:12: unknown id `urg`\n    help: did you mean `urge`?\n"
    );
    // An error on the right that does not depend on the left is still
    // reported.
    let (_, stderr) = validate_changed("when = \"age >= 18\"", "when = \"ag >= 18 + agee\"");
    assert!(stderr.contains("unknown id `ag`"), "{stderr}");
    assert!(stderr.contains("unknown id `agee`"), "{stderr}");
}

#[test]
fn a_missing_quote_is_explained() {
    let (code, stderr) = validate_changed("title = \"Mini\"", "title = \"Mini");
    assert_eq!(code, Some(1));
    assert_eq!(
        stderr,
        "<stdin>:4:14: this text has no closing quote `\"`\n    help: end the text with \" on the same line; text over several lines goes between \"\"\" and \"\"\"\n"
    );
}

#[test]
fn a_missing_equals_sign_is_explained() {
    let (code, stderr) = validate_changed("title = \"Mini\"", "title \"Mini\"");
    assert_eq!(code, Some(1));
    assert_eq!(
        stderr,
        "<stdin>:4:7: a key without `=`: every setting is written `key = value`\n    help: put `=` between the key and its value, e.g. title = \"Leg feelings\"\n"
    );
}

#[test]
fn unquoted_text_is_explained() {
    let (code, stderr) = validate_changed("text = \"How often?\"", "text = How often?");
    assert_eq!(code, Some(1));
    assert!(
        stderr.starts_with("<stdin>:23:8: this value is not valid: text must be in quotes\n"),
        "{stderr}"
    );
}

#[test]
fn the_readme_lists_every_command_and_new_flag() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for command in COMMANDS {
        assert!(
            readme.contains(&format!("| `restless {command}")),
            "the command table lacks {command}"
        );
    }
    for flag in [
        "--strict",
        "--config FILE",
        "--no-config",
        "RESTLESS_CONFIG",
        "`-o -`",
    ] {
        assert!(readme.contains(flag), "README lacks {flag}");
    }
    assert!(readme.contains("cargo install --locked --path ."));
}
