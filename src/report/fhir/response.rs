//! A set of answers as a FHIR R4 `QuestionnaireResponse`.

use serde_json::{Value, json};

use super::questionnaire::IDENTIFIERS_GROUP;
use super::{
    DATA_ABSENT_EXTENSION, DONT_KNOW_CODE, IdentifierUse, Options, UCUM, canonical_url,
    dont_know_coding, narrative, option_system, ucum_code,
};
use crate::engine::{Answer, Answers, applicable};
use crate::questionnaire::{Item, ItemKind, Questionnaire};

/// The person an identifier field names, as a FHIR `Reference` by
/// identifier; `None` when the field is not in the questionnaire or empty.
pub(super) fn person(
    q: &Questionnaire,
    identifiers: &[String],
    which: &IdentifierUse,
) -> Option<Value> {
    let index = q.identifiers.iter().position(|f| f.id == which.field)?;
    let value = identifiers.get(index).filter(|v| !v.is_empty())?;
    let mut identifier = json!({ "value": value });
    if let Some(system) = &which.system {
        identifier["system"] = json!(system);
    }
    Some(json!({ "identifier": identifier }))
}

/// A set of answers as a FHIR R4 `QuestionnaireResponse`. Only answers to
/// questions that apply are included, as FHIR expects; `authored` is when
/// the screening was done.
pub fn response_resource(
    q: &Questionnaire,
    answers: &Answers,
    identifiers: &[String],
    complete: bool,
    authored: &str,
    options: &Options,
) -> Value {
    let shown = applicable(q, answers);
    let mut items = Vec::new();
    let given: Vec<Value> = q
        .identifiers
        .iter()
        .zip(identifiers)
        .filter(|(_, value)| !value.is_empty())
        .map(|(f, value)| json!({ "linkId": f.id, "text": f.label, "answer": [{ "valueString": value }] }))
        .collect();
    if !given.is_empty() {
        items.push(json!({ "linkId": IDENTIFIERS_GROUP, "text": "Identifiers", "item": given }));
    }
    for section in &q.sections {
        let answered: Vec<Value> = section
            .items
            .clone()
            .filter(|&i| shown.get(i).copied().unwrap_or(false))
            .filter_map(|i| response_item(q, &q.items[i], answers.get(i)?))
            .collect();
        if !answered.is_empty() {
            items.push(json!({ "linkId": section.id, "text": section.title, "item": answered }));
        }
    }
    let mut resource = json!({
        "resourceType": "QuestionnaireResponse",
        "text": narrative(&format!("Answers to {}, {authored}", q.title)),
        "questionnaire": format!("{}|{}", canonical_url(q), q.version),
        "status": if complete { "completed" } else { "in-progress" },
    });
    if let Some(subject) = person(q, identifiers, &options.patient) {
        resource["subject"] = subject;
    }
    resource["authored"] = json!(authored);
    if let Some(author) = person(q, identifiers, &options.clinician) {
        resource["author"] = author;
    }
    resource["item"] = json!(items);
    resource
}

/// One answered question. "Don't know" to a number is no value at all:
/// the item says why with the data-absent-reason extension.
fn response_item(q: &Questionnaire, item: &Item, answer: &Answer) -> Option<Value> {
    if matches!(
        (answer, &item.kind),
        (Answer::DontKnow, ItemKind::Number(_))
    ) {
        return Some(json!({
            "extension": [{ "url": DATA_ABSENT_EXTENSION, "valueCode": DONT_KNOW_CODE }],
            "linkId": item.id,
            "text": item.text,
        }));
    }
    let values = answer_values(q, item, answer);
    (!values.is_empty()).then(|| json!({ "linkId": item.id, "text": item.text, "answer": values }))
}

fn answer_values(q: &Questionnaire, item: &Item, answer: &Answer) -> Vec<Value> {
    let coding = |index: usize| {
        item.kind.options().get(index).map(|o| {
            json!({ "valueCoding": { "system": option_system(q, item), "code": o.value, "display": o.label } })
        })
    };
    match (answer, &item.kind) {
        (Answer::DontKnow, _) => vec![json!({ "valueCoding": dont_know_coding(q) })],
        (Answer::Choice(i), _) => coding(*i).into_iter().collect(),
        (Answer::Choices(chosen), _) => chosen.iter().filter_map(|&i| coding(i)).collect(),
        (Answer::Number { value, unit }, ItemKind::Number(spec)) if !spec.units.is_empty() => {
            vec![json!({ "valueQuantity": quantity(*value, spec.unit_name(*unit)) })]
        }
        (Answer::Number { value, .. }, ItemKind::Number(spec)) if spec.integer => {
            vec![json!({ "valueInteger": *value as i64 })]
        }
        (Answer::Number { value, .. }, _) => vec![json!({ "valueDecimal": value })],
        (Answer::Text(text), _) => vec![json!({ "valueString": text })],
    }
}

/// A FHIR `Quantity`, with its UCUM code when the unit has one.
pub(super) fn quantity(value: f64, unit: &str) -> Value {
    let mut quantity = json!({ "value": value, "unit": unit });
    if let Some(code) = ucum_code(unit) {
        quantity["system"] = json!(UCUM);
        quantity["code"] = json!(code);
    }
    quantity
}
