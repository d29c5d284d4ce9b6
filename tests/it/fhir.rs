//! The FHIR output checked by a real FHIR R4 implementation: the
//! `fhir.resources` Python package (6.4.0 implements FHIR 4.0.1), installed
//! into a virtual environment under the target directory on first use.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::restless;

const FHIR_RESOURCES: &str = "fhir.resources==6.4.0";
const PYDANTIC: &str = "pydantic>=1.10,<2";

/// The Python of a virtual environment with `fhir.resources`, made on
/// first use; `None` (with the reason) when this machine cannot make it.
fn validator_python() -> Result<PathBuf, String> {
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fhir-venv");
    let python = venv.join("bin/python");
    let ready = |python: &Path| {
        Command::new(python)
            .args(["-c", "import fhir.resources.questionnaireresponse"])
            .status()
            .is_ok_and(|s| s.success())
    };
    if ready(&python) {
        return Ok(python);
    }
    let made = Command::new("python3")
        .args(["-m", "venv"])
        .arg(&venv)
        .status()
        .map_err(|e| format!("python3 is not available: {e}"))?;
    if !made.success() {
        return Err("python3 -m venv failed".into());
    }
    let installed = Command::new(&python)
        .args(["-m", "pip", "install", "--quiet", FHIR_RESOURCES, PYDANTIC])
        .status()
        .map_err(|e| format!("pip failed to start: {e}"))?;
    if !installed.success() || !ready(&python) {
        return Err(format!("could not install {FHIR_RESOURCES}"));
    }
    Ok(python)
}

const CHECK: &str = r#"
import json, sys
from fhir.resources.questionnaire import Questionnaire
from fhir.resources.bundle import Bundle

questionnaire = Questionnaire.parse_file(sys.argv[1])
bundle = Bundle.parse_file(sys.argv[2])

types = {}
def walk(items):
    for item in items or []:
        types[item.linkId] = item.type
        walk(item.item)
walk(questionnaire.item)

# fhir.resources checks structure, data types and formats; the required
# code bindings and the Questionnaire invariants (que-*, qrs-*) are checked
# here from the R4 specification.
ITEM_TYPES = {"group", "display", "boolean", "decimal", "integer", "date", "dateTime", "time",
              "string", "text", "url", "choice", "open-choice", "attachment", "reference", "quantity"}
OPERATORS = {"exists", "=", "!=", ">", "<", ">=", "<="}
assert questionnaire.status in {"draft", "active", "retired", "unknown"}
def check_definition(items):
    for item in items or []:
        assert item.type in ITEM_TYPES, item.type
        if item.type == "group":
            assert item.item, "que-1: group without items " + item.linkId
        if item.type == "display":
            assert not item.item and item.required is None and item.repeats is None, "que-1/que-6 " + item.linkId
        if item.maxLength is not None:
            assert item.type in {"boolean", "decimal", "integer", "string", "text", "url", "open-choice"}, "que-10 " + item.linkId
        if item.answerOption:
            assert item.type in {"choice", "open-choice"}, "que-5 " + item.linkId
        for condition in item.enableWhen or []:
            assert condition.operator in OPERATORS
            assert condition.question in types, "enableWhen on unknown item " + condition.question
            if condition.operator == "exists":
                assert condition.answerBoolean is not None, "que-7 " + item.linkId
        if len(item.enableWhen or []) > 1:
            assert item.enableBehavior in {"all", "any"}, "que-12 " + item.linkId
        check_definition(item.item)
check_definition(questionnaire.item)

value_for = {"choice": "valueCoding", "integer": "valueInteger", "decimal": "valueDecimal",
             "quantity": "valueQuantity", "string": "valueString", "text": "valueString"}
count = 0
for entry in bundle.entry:
    response = entry.resource
    assert response.resource_type == "QuestionnaireResponse"
    assert response.questionnaire == questionnaire.url + "|" + questionnaire.version, response.questionnaire
    assert response.status in {"in-progress", "completed", "amended", "entered-in-error", "stopped"}
    def check(items):
        global count
        link_ids = [item.linkId for item in items or []]
        assert len(link_ids) == len(set(link_ids)), "qrs-2: repeated linkId"
        for item in items or []:
            assert item.linkId in types, "unknown linkId " + item.linkId
            for answer in item.answer or []:
                data = answer.dict(exclude_none=True)
                kind = types[item.linkId]
                is_unknown = data.get("valueCoding", {}).get("code") == "asked-unknown"
                assert value_for[kind] in data or is_unknown, (item.linkId, kind, data)
                count += 1
            check(item.item)
    check(response.item)
print("validated", len(bundle.entry), "responses,", count, "answers")
"#;

#[test]
fn fhir_output_is_valid_r4_and_matches_its_questionnaire() {
    let python = match validator_python() {
        Ok(python) => python,
        Err(reason) => {
            crate::support::skip("fhir validation", &reason);
            return;
        }
    };
    let dir = tempfile::tempdir().unwrap();
    let questionnaire = dir.path().join("questionnaire.json");
    let bundle = dir.path().join("bundle.json");
    let template = restless()
        .args(["template", "--format", "fhir"])
        .output()
        .unwrap();
    assert!(template.status.success());
    std::fs::write(&questionnaire, &template.stdout).unwrap();

    let mut score = restless();
    score.args(["score", "--format", "fhir", "-o"]).arg(&bundle);
    let mut examples = 0;
    for entry in std::fs::read_dir(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/questionnaires/examples"
    ))
    .unwrap()
    {
        score.arg(entry.unwrap().path());
        examples += 1;
    }
    score.assert().success();

    let script = dir.path().join("check.py");
    std::fs::write(&script, CHECK).unwrap();
    let output = Command::new(&python)
        .arg(&script)
        .arg(&questionnaire)
        .arg(&bundle)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.starts_with(&format!("validated {examples} responses,")),
        "{stdout}"
    );
}

#[test]
fn a_single_response_points_at_the_questionnaire() {
    let output = restless()
        .args([
            "score",
            "-f",
            "fhir",
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/questionnaires/examples/13-child.toml"
            ),
        ])
        .output()
        .unwrap();
    let response: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(response["resourceType"], "QuestionnaireResponse");
    assert_eq!(
        response["questionnaire"],
        "urn:restless:questionnaire:rls-screening|1.0.0"
    );
    assert_eq!(response["status"], "completed");
    let template = restless()
        .args(["template", "-f", "fhir"])
        .output()
        .unwrap();
    let questionnaire: serde_json::Value = serde_json::from_slice(&template.stdout).unwrap();
    assert_eq!(
        questionnaire["url"],
        "urn:restless:questionnaire:rls-screening"
    );
    assert_eq!(questionnaire["version"], "1.0.0");
}
