//! The example answers files under questionnaires/examples/ each state the
//! result the RLS rules must give (`# expect.` lines). Scoring each must give
//! exactly that: the classification and specifiers, the tests with their
//! priorities (nothing missing, nothing extra), the tests not needed, the
//! findings reported, the red flags (none unless listed), whether the "no
//! nutrient test" statement is made, and, where listed, each criterion as
//! met, not met or not sure.

use std::path::{Path, PathBuf};

use restless::answers;
use restless::questionnaire::{self, Questionnaire};
use restless::report::{Report, Stamp};

fn built_in() -> Questionnaire {
    questionnaire::load(restless::questionnaire::BUILT_IN).unwrap()
}

fn examples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("questionnaires/examples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

fn stamp() -> Stamp {
    Stamp {
        time: "2026-01-01T00:00:00+00:00".into(),
        program: "restless test".into(),
    }
}

#[derive(Debug, PartialEq)]
struct Summary {
    diagnosis: String,
    course: String,
    significance: String,
    tests: Vec<String>,
    not_needed: Vec<String>,
    findings: Vec<String>,
    red_flags: Vec<String>,
    no_tests_statement: bool,
    /// `None` when the example does not list them.
    criteria: Option<Vec<String>>,
}

fn expected(text: &str) -> Summary {
    let lines: String = text
        .lines()
        .filter_map(|l| l.strip_prefix("# expect."))
        .map(|l| format!("{l}\n"))
        .collect();
    let table: toml::Table = toml::from_str(&lines).unwrap();
    let optional_list = |key: &str| -> Option<Vec<String>> {
        let mut v: Vec<String> = table
            .get(key)?
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect();
        v.sort();
        Some(v)
    };
    let list = |key: &str| optional_list(key).unwrap_or_else(|| panic!("no `{key}`"));
    Summary {
        diagnosis: table["diagnosis"].as_str().unwrap().into(),
        course: table["course"].as_str().unwrap().into(),
        significance: table["significance"].as_str().unwrap().into(),
        tests: list("tests"),
        not_needed: list("not_needed"),
        findings: list("findings"),
        red_flags: optional_list("red_flags").unwrap_or_default(),
        no_tests_statement: table
            .get("no_tests_statement")
            .map(|v| v.as_bool().unwrap())
            .unwrap_or(false),
        criteria: optional_list("criteria"),
    }
}

fn summary(report: &Report, with_criteria: bool) -> Summary {
    let r = &report.result;
    let case = |c: Option<&restless::report::ClassificationOut>| {
        c.map_or("missing".to_string(), |c| {
            c.case.clone().unwrap_or_else(|| c.outcome.clone())
        })
    };
    let specifier = |id: &str| case(r.specifiers.iter().find(|s| s.id == id));
    let mut tests: Vec<String> = r
        .tests
        .iter()
        .map(|t| format!("{} = {}", t.id, t.priority.as_str()))
        .collect();
    tests.sort();
    let mut not_needed: Vec<String> = r.not_needed.iter().map(|t| t.id.clone()).collect();
    not_needed.sort();
    let mut findings: Vec<String> = r
        .findings
        .iter()
        .filter(|f| !f.id.starts_with("criterion_") && f.urgency.is_none())
        .map(|f| f.id.clone())
        .collect();
    findings.sort();
    let mut red_flags: Vec<String> = r
        .findings
        .iter()
        .filter(|f| f.urgency.is_some())
        .map(|f| f.id.clone())
        .collect();
    red_flags.sort();
    let mut criteria: Vec<String> = r
        .findings
        .iter()
        .filter(|f| f.id.starts_with("criterion_"))
        .map(|f| {
            let status = match (f.value, f.unsure) {
                (true, _) => "met",
                (false, true) => "not_sure",
                (false, false) => "not_met",
            };
            format!("{} {status}", f.id.trim_start_matches("criterion_"))
        })
        .collect();
    criteria.sort();
    Summary {
        diagnosis: case(r.classification.as_ref()),
        course: specifier("course"),
        significance: specifier("significance"),
        tests,
        not_needed,
        findings,
        red_flags,
        no_tests_statement: r.no_tests.is_some(),
        criteria: with_criteria.then_some(criteria),
    }
}

#[test]
fn there_are_at_least_fifteen_examples() {
    assert!(examples().len() >= 15, "{:?}", examples());
}

#[test]
fn every_example_scores_to_its_stated_result() {
    let q = built_in();
    let mut failures = Vec::new();
    for path in examples() {
        let text = std::fs::read_to_string(&path).unwrap();
        let file = answers::load(&q, &text).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        assert!(
            file.warnings.is_empty(),
            "{}: {:?}",
            path.display(),
            file.warnings
        );
        let report = Report::build(&q, &file.answers, &file.identifiers, &stamp());
        assert!(
            report.result.complete,
            "{}: missing {:?}",
            path.display(),
            report.result.missing
        );
        assert!(
            report.result.ignored.is_empty(),
            "{}: answers to questions that do not apply: {:?}",
            path.display(),
            report.result.ignored
        );
        let want = expected(&text);
        let got = summary(&report, want.criteria.is_some());
        if want != got {
            failures.push(format!(
                "{}\n  expected {want:?}\n  got      {got:?}",
                path.display()
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_test_has_reasons_with_answers_and_a_source() {
    let q = built_in();
    for path in examples() {
        let text = std::fs::read_to_string(&path).unwrap();
        let file = answers::load(&q, &text).unwrap();
        let report = Report::build(&q, &file.answers, &file.identifiers, &stamp());
        for test in &report.result.tests {
            assert!(!test.reasons.is_empty(), "{}: {}", path.display(), test.id);
            assert!(
                !test.source.is_empty(),
                "{}: {} has no source",
                path.display(),
                test.id
            );
            assert!(
                test.rule
                    .as_deref()
                    .is_some_and(|r| r.starts_with("T-") || r.starts_with("O-")),
                "{}: {}",
                path.display(),
                test.id
            );
            for reason in &test.reasons {
                assert!(
                    !reason.answers.is_empty(),
                    "{}: {} reason without evidence",
                    path.display(),
                    test.id
                );
                assert!(
                    !reason.citation.sources.is_empty(),
                    "{}: {} reason without source",
                    path.display(),
                    test.id
                );
            }
        }
    }
}

#[test]
fn a_negative_screen_says_no_test_is_indicated() {
    let q = built_in();
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("questionnaires/examples/02-negative.toml"),
    )
    .unwrap();
    let file = answers::load(&q, &text).unwrap();
    let report = Report::build(&q, &file.answers, &file.identifiers, &stamp());
    assert_eq!(
        report.result.no_tests.as_deref(),
        Some("No nutrient test is indicated by this screening.")
    );
}

#[test]
fn layer_b_reasons_say_they_are_independent_of_the_rls_result() {
    let q = built_in();
    for name in [
        "15-bariatric.toml",
        "17-negative-layer-b.toml",
        "23-metformin-burning-feet-negative.toml",
        "25-not-met-ferritin-25-man.toml",
        "41-kidney-unknown-stage.toml",
        "44-numb-feet-negative.toml",
    ] {
        let text = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("questionnaires/examples")
                .join(name),
        )
        .unwrap();
        let file = answers::load(&q, &text).unwrap();
        let report = Report::build(&q, &file.answers, &file.identifiers, &stamp());
        for test in &report.result.tests {
            for reason in &test.reasons {
                assert!(
                    reason.text.contains("independent of the RLS result"),
                    "{name}: {}: {}",
                    test.id,
                    reason.text
                );
            }
        }
    }
}

/// Saving a result and scoring it again gives the same result, in both
/// re-scorable formats.
#[test]
fn saved_results_score_again_to_the_same_result() {
    let q = built_in();
    for path in examples() {
        let text = std::fs::read_to_string(&path).unwrap();
        let file = answers::load(&q, &text).unwrap();
        let report = Report::build(&q, &file.answers, &file.identifiers, &stamp());

        let from_toml = answers::load(&q, &report.to_toml()).unwrap();
        assert_eq!(from_toml.answers, file.answers, "{}", path.display());
        assert!(from_toml.warnings.is_empty());
        let again = Report::build(&q, &from_toml.answers, &from_toml.identifiers, &stamp());
        assert_eq!(again, report, "{} via TOML", path.display());

        let from_json = answers::load_json(&q, &report.to_json()).unwrap();
        assert_eq!(from_json.answers, file.answers, "{}", path.display());
        let again = Report::build(&q, &from_json.answers, &from_json.identifiers, &stamp());
        assert_eq!(again, report, "{} via JSON", path.display());
    }
}

/// Every rule in the built-in questionnaire names the rule id or the
/// sources it implements, and evidence notes are labelled.
#[test]
fn every_built_in_rule_cites_its_source() {
    let q = built_in();
    for f in &q.findings {
        assert!(
            f.citation.rule.is_some() || !f.citation.sources.is_empty() || f.id == "dopaminergic",
            "finding {} cites nothing",
            f.id
        );
    }
    for c in &q.classifiers {
        for case in &c.cases {
            assert!(
                case.citation.rule.is_some(),
                "case {}.{} has no rule id",
                c.id,
                case.id
            );
        }
    }
    for r in &q.recommendations {
        assert!(r.citation.rule.is_some(), "{} has no rule id", r.id);
        for t in &r.triggers {
            assert!(
                t.citation.rule.is_some() && !t.citation.sources.is_empty(),
                "{}: trigger without rule and source",
                r.id
            );
        }
    }
}

fn example_report(name: &str) -> (Questionnaire, Report) {
    let q = built_in();
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("questionnaires/examples")
            .join(name),
    )
    .unwrap();
    let file = answers::load(&q, &text).unwrap();
    let report = Report::build(&q, &file.answers, &file.identifiers, &stamp());
    (q, report)
}

/// Every text a respondent can see, in the built-in questionnaire's plain
/// words for the person answering.
fn patient_texts(q: &Questionnaire) -> Vec<String> {
    let mut texts: Vec<Option<String>> = vec![q.labels.no_recommendation_patient.clone()];
    texts.extend(q.findings.iter().map(|f| f.patient.clone()));
    for c in &q.classifiers {
        texts.extend(c.cases.iter().map(|k| k.patient.clone()));
    }
    for r in &q.recommendations {
        texts.push(r.suppressed_patient.clone());
        texts.extend(r.triggers.iter().map(|t| t.patient.clone()));
        texts.extend(r.notes.iter().map(|n| n.patient.clone()));
    }
    texts.into_iter().flatten().collect()
}

#[test]
fn patient_texts_carry_no_rule_ids_thresholds_or_instructions_about_medicines() {
    let q = built_in();
    let texts = patient_texts(&q);
    assert!(texts.len() > 100, "{}", texts.len());
    let rule_id = |word: &str| {
        let mut parts = word.trim_matches(|c: char| !c.is_alphanumeric()).split('-');
        matches!((parts.next(), parts.next()), (Some(a), Some(b))
            if !a.is_empty() && a.chars().all(|c| c.is_ascii_uppercase()) && !b.is_empty()
                && b.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()))
    };
    for text in &texts {
        assert!(!text.split_whitespace().any(rule_id), "rule id in: {text}");
        for unit in ["ng/mL", "µg/L", "ug/L", "nmol/L", "pmol/L", "mmol/L", "%"] {
            assert!(!text.contains(unit), "threshold ({unit}) in: {text}");
        }
        for sentence in text.split(['.', ':']) {
            let first = sentence.split_whitespace().next().unwrap_or("");
            assert!(
                ![
                    "Start", "Stop", "Change", "Pause", "Take", "Reduce", "Increase"
                ]
                .contains(&first),
                "an instruction about a medicine or supplement in: {text}"
            );
        }
    }
}

#[test]
fn no_view_or_file_says_supplementation_range() {
    let q = built_in();
    for path in examples() {
        let text = std::fs::read_to_string(&path).unwrap();
        let file = answers::load(&q, &text).unwrap();
        let report = Report::build(&q, &file.answers, &file.identifiers, &stamp());
        let mut printed = Vec::new();
        restless::report::write_text(&report, &mut printed).unwrap();
        for output in [
            report.to_json(),
            report.to_toml(),
            String::from_utf8(printed).unwrap(),
        ] {
            assert!(
                !output.to_lowercase().contains("supplementation range"),
                "{}",
                path.display()
            );
        }
    }
}

#[test]
fn results_keep_both_texts_and_list_red_flags_first() {
    let (_, report) = example_report("33-gut-bleeding.toml");
    let findings = &report.result.findings;
    assert_eq!(findings[0].id, "red_flag_gi");
    assert_eq!(findings[0].urgency.as_deref(), Some("soon"));
    assert!(findings[1..].iter().all(|f| f.urgency.is_none()));
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    let first = &json["result"]["findings"][0];
    assert!(
        first["label"]
            .as_str()
            .unwrap()
            .contains("GI investigation")
    );
    assert_eq!(
        first["patient"].as_str().unwrap(),
        "Tell a doctor soon. The cause of the blood or iron loss needs to be checked."
    );
    let classification = &json["result"]["classification"];
    assert_eq!(classification["outcome"], "Criteria met (screen)");
    assert!(
        classification["patient"]
            .as_str()
            .unwrap()
            .contains("screen positive")
    );
    let reason = &json["result"]["tests"][0]["reasons"][0];
    assert!(reason["text"].is_string() && reason["patient"].is_string());
    let toml = report.to_toml();
    assert!(toml.contains("patient = \"Tell a doctor soon."), "{toml}");

    let mut printed = Vec::new();
    restless::report::write_text(&report, &mut printed).unwrap();
    let printed = String::from_utf8(printed).unwrap();
    let flag = printed.find("RED FLAGS").unwrap();
    assert!(flag < printed.find("\nRESULT").unwrap(), "{printed}");
}

#[test]
fn other_tests_are_listed_after_the_nutrient_tests_in_their_own_group() {
    let (_, report) = example_report("16-mimic-to-rule-out.toml");
    let groups: Vec<Option<&str>> = report
        .result
        .tests
        .iter()
        .map(|t| t.group.as_deref())
        .collect();
    let first_other = groups.iter().position(Option::is_some).unwrap();
    assert!(groups[..first_other].iter().all(Option::is_none));
    assert!(
        groups[first_other..]
            .iter()
            .all(|g| *g == Some("Other tests a clinician may consider (not nutrient tests)"))
    );
    for test in &report.result.tests[first_other..] {
        assert_eq!(test.priority.as_str(), "consider", "{}", test.id);
    }
}

#[test]
fn an_onset_age_above_the_current_age_is_refused() {
    let q = built_in();
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("questionnaires/examples/01-positive-iron-habits.toml"),
    )
    .unwrap();
    let (age, _) = text
        .lines()
        .find_map(|l| l.strip_prefix("age = "))
        .map(|a| (a.parse::<u32>().unwrap(), ()))
        .unwrap();
    let refused = format!("{text}\nonset_age = {}\n", age + 1);
    let errors = answers::load(&q, &refused).unwrap_err();
    assert!(
        errors[0]
            .message
            .contains("cannot be more than your age now"),
        "{errors:?}"
    );
    let accepted = format!("{text}\nonset_age = {age}\n");
    assert!(answers::load(&q, &accepted).is_ok());
}
