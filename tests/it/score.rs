//! `restless score`: headless scoring as a researcher or another program
//! calls it.

use predicates::prelude::*;
use predicates::str::contains;

use crate::support::{file, restless};

fn example(name: &str) -> String {
    format!(
        "{}/questionnaires/examples/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// Scores `answers` and returns (exit code, stdout, stderr).
fn score(answers: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let (_dir, path) = file("answers.toml", answers);
    let output = restless()
        .arg("score")
        .arg(&path)
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr)
        .unwrap()
        .replace(&path.display().to_string(), "answers.toml");
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
        stderr,
    )
}

#[test]
fn text_report_of_a_positive_screen() {
    restless()
        .args(["score", &example("01-positive-iron-habits.toml")])
        .assert()
        .success()
        .stdout(contains(
            "RLS criteria: Criteria met (screen) [DX-4, DX-C5]",
        ))
        .stdout(contains("RECOMMENDED: Iron studies"))
        .stdout(contains("prep: Morning draw."))
        .stdout(contains("This is a screening aid, not a diagnosis."));
}

#[test]
fn json_has_the_documented_fields() {
    let output = restless()
        .args([
            "score",
            "--format",
            "json",
            &example("06-vegan-metformin-ppi.toml"),
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["questionnaire"]["id"], "rls-screening");
    assert_eq!(json["questionnaire"]["version"], "1.0.0");
    assert_eq!(json["questionnaire"]["hash"].as_str().unwrap().len(), 64);
    assert_eq!(json["answers"]["diet"], "vegan");
    assert_eq!(json["result"]["classification"]["case"], "met");
    assert!(
        json["result"]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["id"] == "ironabs_vegetarian" && f["patient"].is_string())
    );
    let b12 = json["result"]["tests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "vitamin_b12")
        .unwrap();
    assert_eq!(b12["priority"], "recommended");
    assert_eq!(
        b12["name"],
        "Serum vitamin B12 (add methylmalonic acid or holotranscobalamin if borderline)"
    );
    assert_eq!(b12["reasons"].as_array().unwrap().len(), 3);
    assert_eq!(b12["source"][0]["id"], "S50");
}

#[test]
fn several_files_give_a_json_array_and_several_text_reports() {
    let output = restless()
        .args([
            "score",
            "-f",
            "json",
            &example("01-positive-iron-habits.toml"),
            &example("02-negative.toml"),
        ])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 2);
    assert_eq!(json[1]["result"]["classification"]["case"], "negative");
    restless()
        .args([
            "score",
            "-f",
            "toml",
            &example("01-positive-iron-habits.toml"),
            &example("02-negative.toml"),
        ])
        .assert()
        .code(2)
        .stderr(contains("one file at a time"));
}

#[test]
fn unknown_question_id_is_located() {
    let (code, _, stderr) = score("[answers]\nc1_urgee = \"yes\"\n", &[]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.starts_with(
            "answers.toml:2:1: unknown question `c1_urgee`\n    help: did you mean `c1_urge`?"
        ),
        "{stderr}"
    );
}

#[test]
fn value_the_item_cannot_take() {
    let (code, _, stderr) = score("[answers]\nfrequency = \"hourly\"\n", &[]);
    assert_eq!(code, Some(1));
    assert!(stderr.starts_with("answers.toml:2:13: `frequency` has no option \"hourly\"; its options are: rarely, monthly, weekly, often, daily"), "{stderr}");
}

#[test]
fn wrong_type() {
    let (code, _, stderr) = score("[answers]\nage = \"forty\"\n", &[]);
    assert_eq!(code, Some(1));
    assert!(
        stderr
            .starts_with("answers.toml:2:7: `age` is a whole-number question; string does not fit"),
        "{stderr}"
    );
}

#[test]
fn number_out_of_range_in_its_unit() {
    let (code, _, stderr) = score(
        "[answers]\nferritin = { value = 20000, unit = \"µg/L\" }\n",
        &[],
    );
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains(
            "answers.toml:2:12: `ferritin`: 20000 µg/L is outside the accepted range: 1–10000 µg/L"
        ),
        "{stderr}"
    );
}

#[test]
fn every_error_of_a_file_is_reported() {
    let (code, _, stderr) = score("[answers]\nage = 500\nsex = \"x\"\nnope = 1\n", &[]);
    assert_eq!(code, Some(1));
    assert_eq!(
        stderr
            .lines()
            .filter(|l| l.starts_with("answers.toml:"))
            .count(),
        3,
        "{stderr}"
    );
}

#[test]
fn unanswered_optional_items_are_fine_and_missing_required_ones_are_reported() {
    // Example 02 leaves every optional lab value out: no warning.
    restless()
        .args(["score", &example("02-negative.toml")])
        .assert()
        .success()
        .stderr("");
    let (code, stdout, stderr) = score("[answers]\nc1_urge = \"yes\"\n", &[]);
    assert_eq!(code, Some(0));
    assert!(stderr.contains("answers.toml: warning: "), "{stderr}");
    assert!(
        stderr.contains("required question(s) not answered; the result is incomplete"),
        "{stderr}"
    );
    assert!(stdout.contains("Incomplete:"), "{stdout}");
    assert!(stdout.contains("RLS criteria: Not determined"), "{stdout}");
}

#[test]
fn answers_for_another_questionnaire_are_refused() {
    let (code, _, stderr) = score("[questionnaire]\nid = \"other\"\n[answers]\n", &[]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("these answers are for questionnaire `other`, not `rls-screening`"),
        "{stderr}"
    );
}

#[test]
fn malformed_answers_never_panic() {
    for text in [
        "",
        "\u{0}\u{1}",
        "[answers",
        "answers = 3",
        "[answers]\nage = 1e999",
        "[answers]\nmimics = [1, 2]",
        "[answers]\nferritin = { unit = \"ng/mL\" }",
        "[[answers]]",
    ] {
        let (code, _, stderr) = score(text, &[]);
        assert!(matches!(code, Some(0 | 1)), "{text:?}: {code:?} {stderr}");
        assert!(!stderr.contains("panicked"), "{text:?}: {stderr}");
    }
}

#[test]
fn saved_toml_and_json_results_score_again() {
    let dir = tempfile::tempdir().unwrap();
    for (format, name) in [("toml", "saved.toml"), ("json", "saved.json")] {
        let saved = dir.path().join(name);
        restless()
            .args(["score", "-f", format, "-o"])
            .arg(&saved)
            .arg(example("14-augmentation.toml"))
            .assert()
            .success()
            .stdout("");
        let first = restless()
            .args(["score", "-f", "json", &example("14-augmentation.toml")])
            .output()
            .unwrap();
        let again = restless()
            .args(["score", "-f", "json"])
            .arg(&saved)
            .output()
            .unwrap();
        assert!(
            again.status.success(),
            "{}",
            String::from_utf8_lossy(&again.stderr)
        );
        let result = |bytes: &[u8]| {
            serde_json::from_slice::<serde_json::Value>(bytes).unwrap()["result"].clone()
        };
        assert_eq!(result(&first.stdout), result(&again.stdout), "{format}");
    }
}

#[test]
fn output_file_is_private_and_never_replaced_without_force() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("result.md");
    std::fs::write(&target, "the original").unwrap();
    restless()
        .args(["score", "-f", "markdown", "-o"])
        .arg(&target)
        .arg(example("02-negative.toml"))
        .assert()
        .code(3)
        .stderr(contains(
            "already exists; choose another name, or pass --force to replace it",
        ));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "the original");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "nothing left behind"
    );

    restless()
        .args(["score", "-f", "markdown", "--force", "-o"])
        .arg(&target)
        .arg(example("02-negative.toml"))
        .assert()
        .success();
    let text = std::fs::read_to_string(&target).unwrap();
    assert!(
        text.starts_with("# Restless legs screening (rls-screening 1.0.0)"),
        "{text}"
    );
    assert_eq!(
        std::fs::metadata(&target).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
fn output_into_a_missing_directory_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("missing/result.json");
    restless()
        .args(["score", "-f", "json", "-o"])
        .arg(&target)
        .arg(example("02-negative.toml"))
        .assert()
        .code(3)
        .stderr(contains("does not exist").and(contains("--force").not()));
}

#[test]
fn template_lists_every_item_of_the_built_in_questionnaire() {
    let output = restless().arg("template").output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    for id in [
        "c1_urge",
        "c3_earlier",
        "mimics",
        "ppi_duration",
        "ferritin",
        "magnesium_level",
    ] {
        assert!(text.contains(&format!("# {id} = ")), "{id}");
    }
    assert!(text.contains(
        "asked only when: c1_urge in (yes, dont_know) and c3_movement in (no, dont_know)"
    ));
}

/// The answers example in README.md loads against the built-in
/// questionnaire.
#[test]
fn the_readme_answers_example_scores() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let example = readme
        .split("## Answers files")
        .nth(1)
        .and_then(|rest| rest.split("```toml\n").nth(1))
        .and_then(|rest| rest.split("```").next())
        .unwrap();
    let (code, stdout, stderr) = score(example, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("Patient identifier: A-1042"), "{stdout}");
}

/// Many files are scored on every core and written as they are ready:
/// still in the order given, with a broken file in the middle reported and
/// left out, and the JSON array and the FHIR Bundle byte for byte what a
/// pretty printer writes for the whole value.
#[test]
fn many_files_keep_their_order_and_the_output_stays_well_formed() {
    let dir = tempfile::tempdir().unwrap();
    let examples: Vec<std::path::PathBuf> = {
        let mut all: Vec<_> = std::fs::read_dir(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/questionnaires/examples"
        ))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
        all.sort();
        all
    };
    // More files than one batch per core, so that batches and threads are
    // both exercised.
    let mut files = Vec::new();
    let mut expected_cases = Vec::new();
    for n in 0..600 {
        let path = dir.path().join(format!("{n:05}.toml"));
        if n == 300 {
            std::fs::write(&path, "not = [valid").unwrap();
        } else {
            let source = &examples[n % examples.len()];
            std::fs::copy(source, &path).unwrap();
            let case = std::fs::read_to_string(source)
                .unwrap()
                .lines()
                .find_map(|l| l.strip_prefix("# expect.diagnosis = "))
                .map(|c| c.trim().trim_matches('"').to_string());
            expected_cases.push(case);
        }
        files.push(path);
    }
    for format in ["json", "fhir"] {
        let output = restless()
            .args(["score", "-f", format])
            .args(&files)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "the broken file counts");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("00300.toml"), "{stderr}");
        let text = String::from_utf8(output.stdout).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            text,
            serde_json::to_string_pretty(&value).unwrap() + "\n",
            "{format}: not what a pretty printer writes"
        );
        let results: Vec<&serde_json::Value> = match format {
            "json" => value.as_array().unwrap().iter().collect(),
            _ => {
                assert_eq!(value["resourceType"], "Bundle");
                value["entry"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|e| e["resource"]["resourceType"] == "QuestionnaireResponse")
                    .collect()
            }
        };
        assert_eq!(results.len(), 599, "{format}");
        if format == "json" {
            let mut checked = 0;
            for (result, expected) in results.iter().zip(&expected_cases) {
                if let Some(case) = expected {
                    assert_eq!(&result["result"]["classification"]["case"], case);
                    checked += 1;
                }
            }
            assert!(checked > 500, "only {checked} results had a stated case");
        }
    }
}

/// `text` with every date and time as results write them
/// (`2026-01-01T09:30:00+01:00`) replaced by `TIME`: each call is stamped
/// with its own time.
fn undated(text: &str) -> String {
    const SHAPE: &[u8] = b"dddd-dd-ddTdd:dd:dd+dd:dd";
    let fits = |window: &[u8]| {
        window.iter().zip(SHAPE).all(|(&b, &s)| match s {
            b'd' => b.is_ascii_digit(),
            b'+' => b == b'+' || b == b'-',
            _ => b == s,
        })
    };
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        if bytes.len() - at >= SHAPE.len() && fits(&bytes[at..at + SHAPE.len()]) {
            out.extend_from_slice(b"TIME");
            at += SHAPE.len();
        } else {
            out.push(bytes[at]);
            at += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// Scoring files in one call writes, byte for byte, what scoring them one
/// at a time writes, framed as one whole: reports one after the other, or
/// the results as the elements of one JSON array; and says the same about
/// each file, in the same order. Whatever is made once per call, or on
/// which thread, changes nothing in a result.
#[test]
fn one_call_writes_what_one_call_per_file_writes() {
    let dir = tempfile::tempdir().unwrap();
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/questionnaires/examples"
    ))
    .unwrap()
    .map(|e| e.unwrap().path())
    .filter(|p| p.extension().is_some_and(|e| e == "toml"))
    .collect();
    files.sort();
    let broken = dir.path().join("broken.toml");
    std::fs::write(&broken, "[answers]\nnot_an_item = \"yes\"\n").unwrap();
    files.insert(files.len() / 2, broken);
    let run = |format: &str, files: &[std::path::PathBuf]| {
        let output = restless()
            .args(["score", "-f", format])
            .args(files)
            .output()
            .unwrap();
        (
            undated(&String::from_utf8(output.stdout).unwrap()),
            String::from_utf8(output.stderr).unwrap(),
        )
    };
    for format in ["text", "markdown", "summary", "json"] {
        let (whole, whole_messages) = run(format, &files);
        let singles: Vec<(String, String)> = files
            .iter()
            .map(|file| run(format, std::slice::from_ref(file)))
            .collect();
        let pieces: Vec<&str> = singles
            .iter()
            .map(|(out, _)| out.as_str())
            .filter(|out| !out.is_empty())
            .collect();
        assert_eq!(pieces.len(), files.len() - 1, "{format}");
        let expected = if format == "json" {
            let elements: Vec<String> = pieces
                .iter()
                .map(|piece| {
                    piece
                        .trim_end_matches('\n')
                        .lines()
                        .map(|line| format!("\n  {line}"))
                        .collect()
                })
                .collect();
            format!("[{}\n]\n", elements.join(","))
        } else {
            pieces.join("\n\n")
        };
        assert!(
            whole == expected,
            "{format}: one call differs from one call per file"
        );
        let messages: String = singles.iter().map(|(_, err)| err.as_str()).collect();
        assert_eq!(whole_messages, messages, "{format}");
        assert!(whole_messages.contains("not_an_item"), "{whole_messages}");
    }
}
