//! The result of a screening as FHIR resources: what the engine concluded
//! (`Observation`s coded from the questionnaire's own `CodeSystem`), the
//! tests to request (draft `ServiceRequest`s, a suggestion the clinician
//! turns into an order), the lab results the person already knew, and the
//! printed report.

use base64::Engine as _;
use serde_json::{Value, json};

use super::questionnaire::fhir_name;
use super::response::{person, quantity};
use super::{
    DATA_ABSENT, Options, canonical_url, codings, entry, narrative, response_resource, uuid_for,
};
use crate::engine::{Answer, Answers, applicable};
use crate::questionnaire::{ItemKind, Questionnaire};
use crate::report::{ClassificationOut, Reason, Report, TestOut};

const OBSERVATION_CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/observation-category";

/// The URL of the code system that holds the questionnaire's results.
fn result_system(q: &Questionnaire) -> String {
    format!("{}:result", canonical_url(q))
}

fn concept(code: String, display: &str) -> Value {
    json!({ "code": code, "display": display })
}

/// The questionnaire's own code system: its classifications and their
/// outcomes, its findings, its tests and their priorities.
pub fn code_system(q: &Questionnaire) -> Value {
    let mut concepts = Vec::new();
    for classifier in &q.classifiers {
        let mut outcomes: Vec<Value> = classifier
            .cases
            .iter()
            .map(|case| {
                concept(
                    format!("classification.{}.{}", classifier.id, case.id),
                    &case.label,
                )
            })
            .collect();
        if !classifier
            .cases
            .iter()
            .any(|case| case.id == "undetermined")
        {
            outcomes.push(concept(
                format!("classification.{}.undetermined", classifier.id),
                "undetermined",
            ));
        }
        let mut parent = concept(
            format!("classification.{}", classifier.id),
            &classifier.label,
        );
        parent["concept"] = json!(outcomes);
        concepts.push(parent);
    }
    concepts.extend(
        q.findings
            .iter()
            .map(|f| concept(format!("finding.{}", f.id), &f.label)),
    );
    concepts.extend(
        q.recommendations
            .iter()
            .map(|r| concept(format!("test.{}", r.id), &r.name)),
    );
    concepts.push(concept("priority.recommended".into(), "recommended"));
    concepts.push(concept("priority.consider".into(), "consider"));
    json!({
        "resourceType": "CodeSystem",
        "text": narrative(&format!("{}: the codes of its results", q.title)),
        "url": result_system(q),
        "version": q.version,
        "name": format!("{}Result", fhir_name(&q.id)),
        "title": format!("{}: results", q.title),
        "status": "active",
        "caseSensitive": true,
        "content": "complete",
        "concept": concepts,
    })
}

/// What every resource of one screening shares.
struct Context<'a> {
    q: &'a Questionnaire,
    report: &'a Report,
    options: &'a Options,
    subject: Option<Value>,
    author: Option<Value>,
    response_url: String,
    /// Seeds every other `urn:uuid` of this screening.
    seed: String,
}

impl Context<'_> {
    fn url(&self, what: &str) -> String {
        uuid_for(format!("{}|{what}", self.seed).as_bytes())
    }

    fn status(&self) -> &'static str {
        if self.report.result.complete {
            "final"
        } else {
            "preliminary"
        }
    }

    fn local(&self, code: String, display: &str) -> Value {
        json!({ "coding": [{ "system": result_system(self.q), "code": code, "display": display }], "text": display })
    }

    /// The fields every Observation of the result has; `summary` says
    /// what it found in words.
    fn observation(&self, code: Value, category: &str, summary: &str) -> Value {
        let mut resource = json!({
            "resourceType": "Observation",
            "text": narrative(summary),
            "status": self.status(),
            "category": [{ "coding": [{ "system": OBSERVATION_CATEGORY, "code": category }] }],
            "code": code,
        });
        if let Some(subject) = &self.subject {
            resource["subject"] = subject.clone();
        }
        resource["effectiveDateTime"] = json!(self.report.saved.time);
        if let Some(author) = &self.author {
            resource["performer"] = json!([author]);
        }
        resource["derivedFrom"] = json!([{ "reference": self.response_url }]);
        resource
    }
}

/// The entries of one scored screening: the response first, then the
/// result. `position` tells apart identical screenings in one Bundle.
pub fn result_entries(
    q: &Questionnaire,
    answers: &Answers,
    identifiers: &[String],
    report: &Report,
    options: &Options,
    position: usize,
) -> Vec<Value> {
    let response = response_resource(
        q,
        answers,
        identifiers,
        report.result.complete,
        &report.saved.time,
        options,
    );
    let seed = uuid_for(format!("{position}|{response}").as_bytes());
    let ctx = Context {
        q,
        report,
        options,
        subject: person(q, identifiers, &options.patient),
        author: person(q, identifiers, &options.clinician),
        response_url: seed.clone(),
        seed,
    };
    let mut entries = vec![entry(&ctx.response_url, response, options)];
    let classifications = classification_entries(&ctx);
    let findings = finding_entries(&ctx);
    let known = known_result_entries(&ctx, answers);
    let tests = service_requests(&ctx, &classifications, &findings);
    entries.extend(classifications.into_iter().map(|(_, e)| e));
    entries.extend(findings.into_iter().map(|(_, e)| e));
    entries.extend(known);
    entries.extend(tests);
    entries.push(document(&ctx));
    entries
}

/// One Observation per classifier (the classification, course,
/// significance), with the classifier's id.
fn classification_entries(ctx: &Context) -> Vec<(String, Value)> {
    let r = &ctx.report.result;
    r.classification
        .iter()
        .chain(&r.specifiers)
        .map(|c| (c.id.clone(), classification(ctx, c)))
        .collect()
}

fn classification(ctx: &Context, c: &ClassificationOut) -> Value {
    let code = ctx.local(format!("classification.{}", c.id), &c.label);
    let summary = format!("{}: {}", c.label, c.outcome);
    let mut resource = ctx.observation(code, "survey", &summary);
    match &c.case {
        Some(case) => {
            resource["valueCodeableConcept"] =
                ctx.local(format!("classification.{}.{case}", c.id), &c.outcome);
        }
        None if c.outcome == "undetermined" => {
            resource["valueCodeableConcept"] =
                ctx.local(format!("classification.{}.undetermined", c.id), &c.outcome);
        }
        None => {
            resource["dataAbsentReason"] =
                json!({ "coding": [{ "system": DATA_ABSENT, "code": "not-applicable" }] });
        }
    }
    if let Some(text) = &c.text {
        resource["note"] = json!([{ "text": text }]);
    }
    let url = ctx.url(&format!("classification|{}", c.id));
    entry(&url, resource, ctx.options)
}

/// One Observation per finding the report shows (the criteria, and the
/// factors found), with the finding's id and the entry's URL.
fn finding_entries(ctx: &Context) -> Vec<(String, Value)> {
    ctx.report
        .result
        .findings
        .iter()
        .map(|f| {
            let code = ctx.local(format!("finding.{}", f.id), &f.label);
            let summary = format!("{}: {}", f.label, if f.value { "yes" } else { "no" });
            let mut resource = ctx.observation(code, "survey", &summary);
            resource["valueBoolean"] = json!(f.value);
            if let Some(text) = &f.text {
                resource["note"] = json!([{ "text": text }]);
            }
            let url = ctx.url(&format!("finding|{}", f.id));
            (f.id.clone(), entry(&url, resource, ctx.options))
        })
        .collect()
}

/// Lab results the person knew, as patient-reported Observations in the
/// unit of the item's code.
fn known_result_entries(ctx: &Context, answers: &Answers) -> Vec<Value> {
    let q = ctx.q;
    let shown = applicable(q, answers);
    q.items
        .iter()
        .enumerate()
        .filter(|(i, item)| !item.codes.is_empty() && shown.get(*i).copied().unwrap_or(false))
        .filter_map(|(i, item)| {
            let ItemKind::Number(spec) = &item.kind else {
                return None;
            };
            let Some(Answer::Number { value, unit }) = answers.get(i) else {
                return None;
            };
            // In the unit the code measures in, converted when entered in
            // another; rounded so that a conversion adds no false digits.
            let (value, unit) = match item.codes[0].unit {
                Some(target) if target != *unit => {
                    let factor = spec.units.get(target).map_or(1.0, |u| u.factor);
                    let converted = spec.canonical(*value, *unit) / factor;
                    ((converted * 1000.0).round() / 1000.0, target)
                }
                _ => (*value, *unit),
            };
            let name = item.clinical.as_deref().unwrap_or(&item.text);
            let code = json!({ "coding": codings(&item.codes), "text": name });
            let summary = format!(
                "{name}: {} {} (reported at the screening)",
                crate::text::number(value),
                spec.unit_name(unit)
            );
            let mut resource = ctx.observation(code, "laboratory", &summary);
            if let Some(subject) = &ctx.subject {
                // Reported by the person screened, from a lab report.
                resource["performer"] = json!([subject]);
            }
            resource["valueQuantity"] = quantity(value, spec.unit_name(unit));
            resource["note"] = json!([{ "text": "Reported at the screening from an earlier lab report; not a laboratory's own result." }]);
            let url = ctx.url(&format!("known|{}", item.id));
            Some(entry(&url, resource, ctx.options))
        })
        .collect()
}

/// One draft ServiceRequest per lab test code of each test to request; the
/// codes of one test share a requisition.
fn service_requests(
    ctx: &Context,
    classifications: &[(String, Value)],
    findings: &[(String, Value)],
) -> Vec<Value> {
    let mut out = Vec::new();
    for test in &ctx.report.result.tests {
        let Some(rec) = ctx.q.recommendations.iter().find(|r| r.id == test.id) else {
            continue;
        };
        let requisition = ctx.url(&format!("requisition|{}", test.id));
        let reasons = reason_references(test, classifications, findings);
        let codes: Vec<Value> = if rec.codes.is_empty() {
            vec![json!({ "text": test.name })]
        } else {
            codings(&rec.codes)
                .into_iter()
                .map(|coding| json!({ "coding": [coding], "text": test.name }))
                .collect()
        };
        for (index, code) in codes.into_iter().enumerate() {
            let what = code["coding"][0]["display"]
                .as_str()
                .map_or(test.name.clone(), |display| {
                    format!("{} ({display})", test.name)
                });
            let mut resource = json!({
                "resourceType": "ServiceRequest",
                "text": narrative(&format!("Proposed test, {}: {what}", test.priority.as_str())),
                "requisition": { "system": "urn:ietf:rfc:3986", "value": requisition },
                "status": "draft",
                "intent": "proposal",
                "code": code,
                "orderDetail": [ctx.local(format!("priority.{}", test.priority.as_str()), test.priority.as_str())],
                "priority": "routine",
                "subject": ctx.subject.clone().unwrap_or_else(|| json!({ "display": "The person screened" })),
                "authoredOn": ctx.report.saved.time,
            });
            if !reasons.is_empty() {
                resource["reasonReference"] = json!(reasons);
            }
            resource["supportingInfo"] = json!([{ "reference": ctx.response_url }]);
            resource["note"] = json!(test_notes(test));
            let url = ctx.url(&format!("test|{}|{index}", test.id));
            out.push(entry(&url, resource, ctx.options));
        }
    }
    out
}

/// The classification, and the findings that triggered the test.
fn reason_references(
    test: &TestOut,
    classifications: &[(String, Value)],
    findings: &[(String, Value)],
) -> Vec<Value> {
    let mut urls: Vec<&str> = classifications
        .first()
        .and_then(|(_, e)| e["fullUrl"].as_str())
        .into_iter()
        .collect();
    for trigger in &test.reasons {
        for reason in &trigger.answers {
            if let Reason::Finding {
                finding,
                value: true,
                ..
            } = reason
                && let Some((_, e)) = findings.iter().find(|(id, _)| id == finding)
                && let Some(url) = e["fullUrl"].as_str()
                && !urls.contains(&url)
            {
                urls.push(url);
            }
        }
    }
    urls.into_iter()
        .map(|url| json!({ "reference": url }))
        .collect()
}

/// Why, what to aim for, how to prepare, and the notes, in words.
fn test_notes(test: &TestOut) -> Vec<Value> {
    let mut notes: Vec<Value> = test
        .reasons
        .iter()
        .map(|r| json!({ "text": format!("Reason ({}): {}", r.priority.as_str(), r.text) }))
        .collect();
    if let Some(target) = &test.target {
        notes.push(json!({ "text": format!("Target: {target}") }));
    }
    if let Some(preparation) = &test.preparation {
        notes.push(json!({ "text": format!("Preparation: {preparation}") }));
    }
    notes.extend(test.notes.iter().map(|n| json!({ "text": n })));
    notes
}

/// The printed report. Without the time of a later scoring, so that
/// exporting a saved result again gives the same document.
fn document(ctx: &Context) -> Value {
    let mut report = ctx.report.clone();
    report.saved.rescored = None;
    let mut text = Vec::new();
    // Writing into memory cannot fail.
    let _ = crate::report::write_text(&report, &mut text);
    let mut resource = json!({
        "resourceType": "DocumentReference",
        "text": narrative(&format!("{}: report", ctx.q.title)),
        "status": "current",
        "docStatus": if ctx.report.result.complete { "final" } else { "preliminary" },
        "type": { "text": format!("{}: report", ctx.q.title) },
    });
    if let Some(subject) = &ctx.subject {
        resource["subject"] = subject.clone();
    }
    resource["date"] = json!(ctx.report.saved.time);
    if let Some(author) = &ctx.author {
        resource["author"] = json!([author]);
    }
    resource["description"] = json!(ctx.q.title);
    resource["content"] = json!([{
        "attachment": {
            "contentType": "text/plain; charset=utf-8",
            "language": ctx.q.language,
            "data": base64::engine::general_purpose::STANDARD.encode(&text),
            "title": format!("{}.txt", ctx.q.id),
            "creation": ctx.report.saved.time,
        }
    }]);
    resource["context"] = json!({ "related": [{ "reference": ctx.response_url }] });
    let url = ctx.url("document");
    entry(&url, resource, ctx.options)
}
