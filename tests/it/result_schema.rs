//! The JSON result against its published schema,
//! `schema/restless-result-1.schema.json`, checked by the `jsonschema`
//! Python package (JSON Schema 2020-12, with formats).

use std::process::Command;

use crate::support::restless;

const CHECK: &str = r#"
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
results = json.load(open(sys.argv[2]))
errors = [(e.message[:200], list(e.absolute_path)) for r in results for e in validator.iter_errors(r)]
for error in errors:
    print("PROBLEM", *error)
print("validated", len(results), "results,", len(errors), "problems")
sys.exit(1 if errors else 0)
"#;

const SCHEMA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/schema/restless-result-1.schema.json"
);

fn check(python: &std::path::Path, results: &std::path::Path) -> (bool, String) {
    let output = Command::new(python)
        .args(["-c", CHECK, SCHEMA])
        .arg(results)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    (output.status.success(), text)
}

#[test]
fn every_example_json_result_matches_the_published_schema() {
    let python = match crate::fhir::python_validators() {
        Ok(python) => python,
        Err(reason) => {
            crate::support::skip("result schema", &reason);
            return;
        }
    };
    let dir = tempfile::tempdir().unwrap();
    let results = dir.path().join("results.json");
    let mut examples: Vec<_> = std::fs::read_dir(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/questionnaires/examples"
    ))
    .unwrap()
    .map(|e| e.unwrap().path())
    .collect();
    examples.sort();
    // A saved result scored again records when, too.
    let saved = dir.path().join("saved.json");
    restless()
        .args(["score", "-f", "json", "-o"])
        .arg(&saved)
        .arg(&examples[0])
        .assert()
        .success();
    examples.push(saved);
    restless()
        .args(["score", "-f", "json", "-o"])
        .arg(&results)
        .args(&examples)
        .assert()
        .success();
    let written = std::fs::read_to_string(&results).unwrap();
    assert!(written.contains("\"rescored\""), "{written}");
    let (ok, text) = check(&python, &results);
    assert!(ok, "{text}");
    assert!(
        text.contains(&format!("validated {} results, 0 problems", examples.len())),
        "{text}"
    );

    // The schema is strict: a key it does not list is a problem.
    let mut value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&results).unwrap()).unwrap();
    value[0]["result"]["surprise"] = serde_json::json!(true);
    std::fs::write(&results, value.to_string()).unwrap();
    let (ok, text) = check(&python, &results);
    assert!(!ok && text.contains("surprise"), "{text}");

    // Times are checked as RFC 3339, not only as strings.
    value[0]["result"]
        .as_object_mut()
        .unwrap()
        .remove("surprise");
    let saved_at = value
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|result| result.get("saved").is_some())
        .unwrap();
    saved_at["saved"]["time"] = serde_json::json!("2 December 2026, 10:15");
    std::fs::write(&results, value.to_string()).unwrap();
    let (ok, text) = check(&python, &results);
    assert!(!ok && text.contains("date-time"), "{text}");
}
