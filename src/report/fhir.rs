//! FHIR R4: the questionnaire as a `Questionnaire` resource and a set of
//! answers as a `QuestionnaireResponse` that points at it, so that other
//! systems can import a screening.
//!
//! Conditions are exported as `enableWhen` where FHIR can express them (one
//! answer compared with a value, or a flat all/any of such). Those that
//! look through a finding or nest all/any cannot be expressed; the items
//! they govern are exported as optional, since FHIR would otherwise demand
//! answers to questions that were never shown.

use serde_json::{Map, Value, json};

use crate::engine::{Answer, Answers, applicable};
use crate::questionnaire::cond::{Cond, NumExpr};
use crate::questionnaire::expr::CmpOp;
use crate::questionnaire::{Item, ItemKind, Questionnaire};

const DATA_ABSENT: &str = "http://terminology.hl7.org/CodeSystem/data-absent-reason";
const ITEM_CONTROL: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl";
const UNIT_OPTION: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-unitOption";
const MIN_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/minValue";
const MAX_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/maxValue";
const IDENTIFIERS_GROUP: &str = "identifiers";

/// The canonical URL of a questionnaire: what a response points at.
pub fn canonical_url(q: &Questionnaire) -> String {
    format!("urn:restless:questionnaire:{}", q.id)
}

fn option_system(q: &Questionnaire, item: &Item) -> String {
    format!("{}:{}", canonical_url(q), item.id)
}

/// FHIR ids allow letters, digits, `-` and `.` only.
fn fhir_id(id: &str) -> String {
    let id: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c
            } else {
                '-'
            }
        })
        .take(64)
        .collect();
    if id.is_empty() {
        "questionnaire".into()
    } else {
        id
    }
}

/// A computer-friendly name: FHIR wants it to start with an upper-case
/// letter and hold letters, digits and `_` only.
fn fhir_name(id: &str) -> String {
    let mut name: String = id
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or(String::new(), |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect();
    if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
        name.insert(0, 'Q');
    }
    name
}

fn dont_know_coding(q: &Questionnaire) -> Value {
    json!({ "system": DATA_ABSENT, "code": "asked-unknown", "display": q.labels.dont_know })
}

fn item_type(item: &Item) -> &'static str {
    match &item.kind {
        ItemKind::YesNo(_) | ItemKind::Single(_) | ItemKind::Multiple(_) => "choice",
        ItemKind::Number(spec) if !spec.units.is_empty() => "quantity",
        ItemKind::Number(spec) if spec.integer => "integer",
        ItemKind::Number(_) => "decimal",
        ItemKind::Text { max_length } if *max_length > 200 => "text",
        ItemKind::Text { .. } => "string",
    }
}

/// The questionnaire as a FHIR R4 `Questionnaire` resource.
pub fn questionnaire_resource(q: &Questionnaire) -> Value {
    let mut items = Vec::new();
    if !q.identifiers.is_empty() {
        let fields: Vec<Value> = q
            .identifiers
            .iter()
            .map(|f| json!({ "linkId": f.id, "text": f.label, "type": "string", "maxLength": f.max_length }))
            .collect();
        items.push(json!({ "linkId": IDENTIFIERS_GROUP, "text": "Identifiers", "type": "group", "item": fields }));
    }
    for section in &q.sections {
        let mut group = Map::new();
        group.insert("linkId".into(), json!(section.id));
        group.insert("text".into(), json!(section.title));
        group.insert("type".into(), json!("group"));
        let section_condition = section.show_if.as_ref().map(|c| enable_when(q, c));
        if let Some(Some((conditions, behaviour))) = &section_condition {
            group.insert("enableWhen".into(), json!(conditions));
            if conditions.len() > 1 {
                group.insert("enableBehavior".into(), json!(behaviour));
            }
        }
        let section_expressible = !matches!(section_condition, Some(None));
        let children: Vec<Value> = q.items[section.items.clone()]
            .iter()
            .map(|item| questionnaire_item(q, item, section_expressible))
            .collect();
        group.insert("item".into(), json!(children));
        items.push(Value::Object(group));
    }
    let mut resource = json!({
        "resourceType": "Questionnaire",
        "id": fhir_id(&q.id),
        "url": canonical_url(q),
        "version": q.version,
        "name": fhir_name(&q.id),
        "title": q.title,
        "status": "active",
        "language": q.language,
        "item": items,
    });
    if let Some(description) = &q.description {
        resource["description"] = json!(description);
    }
    resource
}

fn questionnaire_item(q: &Questionnaire, item: &Item, section_expressible: bool) -> Value {
    let mut out = Map::new();
    out.insert("linkId".into(), json!(item.id));
    out.insert("text".into(), json!(item.text));
    out.insert("type".into(), json!(item_type(item)));
    let condition = item.show_if.as_ref().map(|c| enable_when(q, c));
    let expressible = section_expressible && !matches!(condition, Some(None));
    out.insert("required".into(), json!(item.required && expressible));
    if let Some(Some((conditions, behaviour))) = condition {
        if conditions.len() > 1 {
            out.insert("enableBehavior".into(), json!(behaviour));
        }
        out.insert("enableWhen".into(), json!(conditions));
    }
    let system = option_system(q, item);
    let mut options: Vec<Value> = item
        .kind
        .options()
        .iter()
        .map(
            |o| json!({ "valueCoding": { "system": system, "code": o.value, "display": o.label } }),
        )
        .collect();
    if item.dont_know && !options.is_empty() {
        options.push(json!({ "valueCoding": dont_know_coding(q) }));
    }
    if !options.is_empty() {
        out.insert("answerOption".into(), json!(options));
    }
    let mut extensions = Vec::new();
    match &item.kind {
        ItemKind::Multiple(_) => {
            out.insert("repeats".into(), json!(true));
        }
        ItemKind::Number(spec) => {
            for unit in &spec.units {
                extensions
                    .push(json!({ "url": UNIT_OPTION, "valueCoding": { "display": unit.name } }));
            }
            if spec.units.is_empty() {
                let key = if spec.integer {
                    "valueInteger"
                } else {
                    "valueDecimal"
                };
                let value = |v: f64| {
                    if spec.integer {
                        json!(v as i64)
                    } else {
                        json!(v)
                    }
                };
                if let Some(min) = spec.min {
                    extensions.push(json!({ "url": MIN_VALUE, key: value(min) }));
                }
                if let Some(max) = spec.max {
                    extensions.push(json!({ "url": MAX_VALUE, key: value(max) }));
                }
            }
        }
        ItemKind::Text { max_length } => {
            out.insert("maxLength".into(), json!(max_length));
        }
        ItemKind::YesNo(_) | ItemKind::Single(_) => {}
    }
    if !extensions.is_empty() {
        out.insert("extension".into(), json!(extensions));
    }
    if let Some(help) = &item.help {
        out.insert(
            "item".into(),
            json!([{
                "linkId": format!("{}.help", item.id),
                "text": help,
                "type": "display",
                "extension": [{
                    "url": ITEM_CONTROL,
                    "valueCodeableConcept": { "coding": [{ "system": "http://hl7.org/fhir/questionnaire-item-control", "code": "help" }] }
                }]
            }]),
        );
    }
    Value::Object(out)
}

/// A condition as FHIR `enableWhen` entries and their behaviour, when FHIR
/// can express it.
fn enable_when(q: &Questionnaire, cond: &Cond) -> Option<(Vec<Value>, &'static str)> {
    match cond {
        Cond::All(parts) => Some((
            parts.iter().map(|p| simple(q, p)).collect::<Option<_>>()?,
            "all",
        )),
        Cond::Any(parts) => Some((
            parts.iter().map(|p| simple(q, p)).collect::<Option<_>>()?,
            "any",
        )),
        Cond::In {
            item,
            options,
            dont_know,
        } => {
            let it = &q.items[*item];
            let mut list: Vec<Value> = options
                .iter()
                .map(|&o| equals_option(q, it, o, "="))
                .collect();
            if *dont_know {
                list.push(json!({ "question": it.id, "operator": "=", "answerCoding": dont_know_coding(q) }));
            }
            Some((list, "any"))
        }
        other => Some((vec![simple(q, other)?], "all")),
    }
}

fn equals_option(q: &Questionnaire, item: &Item, option: usize, operator: &str) -> Value {
    let o = &item.kind.options()[option];
    json!({
        "question": item.id,
        "operator": operator,
        "answerCoding": { "system": option_system(q, item), "code": o.value }
    })
}

fn simple(q: &Questionnaire, cond: &Cond) -> Option<Value> {
    match cond {
        Cond::Choice {
            item,
            equal,
            option,
        } => Some(equals_option(
            q,
            &q.items[*item],
            *option,
            if *equal { "=" } else { "!=" },
        )),
        Cond::Has { item, option } => Some(equals_option(q, &q.items[*item], *option, "=")),
        Cond::DontKnow(item) => Some(
            json!({ "question": q.items[*item].id, "operator": "=", "answerCoding": dont_know_coding(q) }),
        ),
        Cond::Answered(item) => Some(
            json!({ "question": q.items[*item].id, "operator": "exists", "answerBoolean": true }),
        ),
        Cond::Compare(NumExpr::Item(item), op, NumExpr::Const(value)) => {
            let it = &q.items[*item];
            let ItemKind::Number(spec) = &it.kind else {
                return None;
            };
            let operator = match op {
                CmpOp::Eq => "=",
                CmpOp::Ne => "!=",
                CmpOp::Lt => "<",
                CmpOp::Le => "<=",
                CmpOp::Gt => ">",
                CmpOp::Ge => ">=",
            };
            let mut entry = json!({ "question": it.id, "operator": operator });
            if let Some(unit) = spec.units.first() {
                entry["answerQuantity"] = json!({ "value": value, "unit": unit.name });
            } else if spec.integer {
                entry["answerInteger"] = json!(*value as i64);
            } else {
                entry["answerDecimal"] = json!(value);
            }
            Some(entry)
        }
        _ => None,
    }
}

/// Several responses as a FHIR `Bundle` of type `collection`.
pub fn bundle(resources: Vec<Value>) -> Value {
    let entries: Vec<Value> = resources
        .into_iter()
        .map(|r| json!({ "resource": r }))
        .collect();
    json!({ "resourceType": "Bundle", "type": "collection", "entry": entries })
}

/// A set of answers as a FHIR R4 `QuestionnaireResponse`. Only answers to
/// questions that apply are included, as FHIR expects.
pub fn response_resource(
    q: &Questionnaire,
    answers: &Answers,
    identifiers: &[String],
    complete: bool,
    authored: &str,
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
            .filter_map(|i| {
                let item = &q.items[i];
                let values = answer_values(q, item, answers.get(i)?);
                (!values.is_empty())
                    .then(|| json!({ "linkId": item.id, "text": item.text, "answer": values }))
            })
            .collect();
        if !answered.is_empty() {
            items.push(json!({ "linkId": section.id, "text": section.title, "item": answered }));
        }
    }
    json!({
        "resourceType": "QuestionnaireResponse",
        "questionnaire": format!("{}|{}", canonical_url(q), q.version),
        "status": if complete { "completed" } else { "in-progress" },
        "authored": authored,
        "item": items,
    })
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
            vec![json!({ "valueQuantity": { "value": value, "unit": spec.unit_name(*unit) } })]
        }
        (Answer::Number { value, .. }, ItemKind::Number(spec)) if spec.integer => {
            vec![json!({ "valueInteger": *value as i64 })]
        }
        (Answer::Number { value, .. }, _) => vec![json!({ "valueDecimal": value })],
        (Answer::Text(text), _) => vec![json!({ "valueString": text })],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_ids_follow_fhir_rules() {
        assert_eq!(fhir_id("rls_screening"), "rls-screening");
        assert_eq!(fhir_name("rls-screening"), "RlsScreening");
        assert_eq!(fhir_name("2-step"), "Q2Step");
    }
}
