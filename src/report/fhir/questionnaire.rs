//! The questionnaire as a FHIR R4 `Questionnaire` resource.
//!
//! Every condition is exported, so that a required question stays required:
//! as `enableWhen` where FHIR can say it with the engine's meaning, and as
//! an SDC `enableWhenExpression` (FHIRPath) where it cannot.

use serde_json::{Map, Value, json};

use super::{
    DONT_KNOW_CODE, UCUM, canonical_url, codings, dont_know_coding, fhirpath, narrative,
    option_system, ucum_code,
};
use crate::questionnaire::cond::{Cond, NumExpr};
use crate::questionnaire::expr::CmpOp;
use crate::questionnaire::{Item, ItemKind, Questionnaire};

const ITEM_CONTROL: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl";
const UNIT_OPTION: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-unitOption";
const MIN_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/minValue";
const MAX_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/maxValue";
const ENABLE_WHEN_EXPRESSION: &str =
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression";
pub(super) const IDENTIFIERS_GROUP: &str = "identifiers";

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
pub(super) fn fhir_name(id: &str) -> String {
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

pub(super) fn item_type(item: &Item) -> &'static str {
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
        if let Some(cond) = &section.show_if {
            export_condition(q, cond, &mut group);
        }
        let children: Vec<Value> = q.items[section.items.clone()]
            .iter()
            .map(|item| questionnaire_item(q, item))
            .collect();
        group.insert("item".into(), json!(children));
        items.push(Value::Object(group));
    }
    let mut resource = json!({
        "resourceType": "Questionnaire",
        "id": fhir_id(&q.id),
        "text": narrative(&q.title),
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

/// Puts `cond` on a Questionnaire item: `enableWhen` when it says the same
/// thing, otherwise an `enableWhenExpression`.
fn export_condition(q: &Questionnaire, cond: &Cond, out: &mut Map<String, Value>) {
    match enable_when(q, cond) {
        Some((conditions, behaviour)) => {
            if conditions.len() > 1 {
                out.insert("enableBehavior".into(), json!(behaviour));
            }
            out.insert("enableWhen".into(), json!(conditions));
        }
        None => push_extension(
            out,
            json!({
                "url": ENABLE_WHEN_EXPRESSION,
                "valueExpression": {
                    "language": "text/fhirpath",
                    "expression": fhirpath::condition(q, cond),
                }
            }),
        ),
    }
}

fn push_extension(out: &mut Map<String, Value>, extension: Value) {
    if let Some(Value::Array(list)) = out.get_mut("extension") {
        list.push(extension);
    } else {
        out.insert("extension".into(), json!([extension]));
    }
}

fn questionnaire_item(q: &Questionnaire, item: &Item) -> Value {
    let mut out = Map::new();
    out.insert("linkId".into(), json!(item.id));
    if !item.codes.is_empty() {
        out.insert("code".into(), json!(codings(&item.codes)));
    }
    out.insert("text".into(), json!(item.text));
    out.insert("type".into(), json!(item_type(item)));
    out.insert("required".into(), json!(item.required));
    if let Some(cond) = &item.show_if {
        export_condition(q, cond, &mut out);
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
    match &item.kind {
        ItemKind::Multiple(_) => {
            out.insert("repeats".into(), json!(true));
        }
        ItemKind::Number(spec) => {
            for unit in &spec.units {
                let mut coding = json!({ "display": unit.name });
                if let Some(code) = ucum_code(&unit.name) {
                    coding = json!({ "system": UCUM, "code": code, "display": unit.name });
                }
                push_extension(
                    &mut out,
                    json!({ "url": UNIT_OPTION, "valueCoding": coding }),
                );
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
                    push_extension(&mut out, json!({ "url": MIN_VALUE, key: value(min) }));
                }
                if let Some(max) = spec.max {
                    push_extension(&mut out, json!({ "url": MAX_VALUE, key: value(max) }));
                }
            }
        }
        ItemKind::Text { max_length } => {
            out.insert("maxLength".into(), json!(max_length));
        }
        ItemKind::YesNo(_) | ItemKind::Single(_) => {}
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

/// A condition as FHIR `enableWhen` entries and their behaviour, when they
/// mean exactly what the engine means by it.
fn enable_when(q: &Questionnaire, cond: &Cond) -> Option<(Vec<Value>, &'static str)> {
    match cond {
        Cond::All(parts) => {
            let mut list = Vec::new();
            for part in parts {
                list.extend(conjunct(q, part)?);
            }
            Some((list, "all"))
        }
        Cond::Any(parts) => Some((
            parts
                .iter()
                .map(|p| simple(q, p))
                .collect::<Option<Vec<_>>>()?,
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
                list.push(dont_know_entry(q, it)?);
            }
            Some((list, "any"))
        }
        other => Some((conjunct(q, other)?, "all")),
    }
}

/// One part of a conjunction: "differs from an option" in FHIR is also
/// true of an unanswered question, so it takes an `exists` beside it.
fn conjunct(q: &Questionnaire, cond: &Cond) -> Option<Vec<Value>> {
    match cond {
        Cond::Choice {
            item,
            equal: false,
            option,
        } => {
            let it = &q.items[*item];
            // "Don't know" differs from every option in FHIR, not here.
            if it.dont_know {
                return None;
            }
            Some(vec![
                json!({ "question": it.id, "operator": "exists", "answerBoolean": true }),
                equals_option(q, it, *option, "!="),
            ])
        }
        other => Some(vec![simple(q, other)?]),
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

/// "Don't know" is an answer option of a choice question; of a number it
/// is no answer at all, which `enableWhen` cannot tell from unanswered.
fn dont_know_entry(q: &Questionnaire, item: &Item) -> Option<Value> {
    if matches!(item.kind, ItemKind::Number(_)) {
        return None;
    }
    let mut coding = dont_know_coding(q);
    if let Some(map) = coding.as_object_mut() {
        map.remove("display");
    }
    debug_assert_eq!(coding["code"], DONT_KNOW_CODE);
    Some(json!({ "question": item.id, "operator": "=", "answerCoding": coding }))
}

/// A condition that one `enableWhen` entry says exactly.
fn simple(q: &Questionnaire, cond: &Cond) -> Option<Value> {
    match cond {
        Cond::Choice {
            item,
            equal: true,
            option,
        }
        | Cond::Has { item, option } => Some(equals_option(q, &q.items[*item], *option, "=")),
        Cond::DontKnow(item) => dont_know_entry(q, &q.items[*item]),
        // A number answered "don't know" has no answer to exist.
        Cond::Answered(item) if matches!(q.items[*item].kind, ItemKind::Number(_)) => {
            (!q.items[*item].dont_know).then(|| exists(q, *item))
        }
        Cond::Answered(item) => Some(exists(q, *item)),
        // A choice answered "don't know" has an answer that is not known.
        Cond::Known(item) if !matches!(q.items[*item].kind, ItemKind::Number(_)) => {
            (!q.items[*item].dont_know).then(|| exists(q, *item))
        }
        Cond::Known(item) => Some(exists(q, *item)),
        Cond::Compare(NumExpr::Item(item), op, NumExpr::Const(value)) => {
            compare(q, *item, *op, *value)
        }
        _ => None,
    }
}

fn exists(q: &Questionnaire, item: usize) -> Value {
    json!({ "question": q.items[item].id, "operator": "exists", "answerBoolean": true })
}

fn compare(q: &Questionnaire, item: usize, op: CmpOp, value: f64) -> Option<Value> {
    let it = &q.items[item];
    let ItemKind::Number(spec) = &it.kind else {
        return None;
    };
    let operator = match op {
        CmpOp::Eq => "=",
        // FHIR's `!=` is true of an unanswered question too.
        CmpOp::Ne => return None,
        CmpOp::Lt => "<",
        CmpOp::Le => "<=",
        CmpOp::Gt => ">",
        CmpOp::Ge => ">=",
    };
    let mut entry = json!({ "question": it.id, "operator": operator });
    match spec.units.as_slice() {
        [] if spec.integer && value.fract() == 0.0 => entry["answerInteger"] = json!(value as i64),
        [] if spec.integer => return None,
        [] => entry["answerDecimal"] = json!(value),
        // Answers in another unit would be compared without conversion.
        [unit] => {
            let code = ucum_code(&unit.name)?;
            entry["answerQuantity"] =
                json!({ "value": value, "unit": unit.name, "system": UCUM, "code": code });
        }
        _ => return None,
    }
    Some(entry)
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

#[cfg(test)]
mod condition_tests {
    use super::*;

    const SOURCE: &str = r#"
[questionnaire]
id = "t"
version = "1"
title = "T"

[[section]]
id = "s"
title = "S"

[[section.item]]
id = "sex"
type = "single"
text = "Sex?"
options = [{ value = "female", label = "F" }, { value = "male", label = "M" }]

[[section.item]]
id = "mood"
type = "single"
text = "Mood?"
dont_know = true
options = [{ value = "good", label = "Good" }, { value = "bad", label = "Bad" }]

[[section.item]]
id = "ferritin"
type = "decimal"
text = "Ferritin?"
unit = "ng/mL"
units = [{ unit = "µg/L", factor = 1 }]
dont_know = true

[[section.item]]
id = "a"
type = "yes_no"
text = "A?"
show_if = "sex != male"

[[section.item]]
id = "b"
type = "yes_no"
text = "B?"
show_if = "mood != good"

[[section.item]]
id = "c"
type = "yes_no"
text = "C?"
show_if = "ferritin < 75"

[[section.item]]
id = "d"
type = "yes_no"
text = "D?"
show_if = "sex = female or mood = bad"
"#;

    fn exported(id: &str) -> Value {
        let q = crate::questionnaire::load(SOURCE).expect("the test questionnaire is valid");
        let resource = questionnaire_resource(&q);
        resource["item"][0]["item"]
            .as_array()
            .and_then(|items| items.iter().find(|i| i["linkId"] == id).cloned())
            .unwrap_or(Value::Null)
    }

    fn expression(item: &Value) -> Option<String> {
        item["extension"].as_array()?.iter().find_map(|e| {
            (e["url"] == ENABLE_WHEN_EXPRESSION)
                .then(|| {
                    e["valueExpression"]["expression"]
                        .as_str()
                        .map(String::from)
                })
                .flatten()
        })
    }

    #[test]
    fn not_equal_needs_an_answer_beside_it() {
        let a = exported("a");
        assert_eq!(a["enableWhen"][0]["operator"], "exists");
        assert_eq!(a["enableWhen"][1]["operator"], "!=");
        assert_eq!(a["enableBehavior"], "all");
        assert_eq!(a["required"], true);
    }

    #[test]
    fn what_enable_when_cannot_say_becomes_an_expression() {
        // "Don't know" differs from "good" for FHIR's != but not here.
        let b = exported("b");
        assert!(b.get("enableWhen").is_none());
        let text = expression(&b).unwrap_or_default();
        assert!(
            text.contains("code = 'bad'") && !text.contains("'good'"),
            "{text}"
        );
        // A value in another unit must be converted before comparing.
        let c = exported("c");
        let text = expression(&c).unwrap_or_default();
        assert!(text.contains("iif(code = 'ug/L', value * 1"), "{text}");
        assert_eq!(c["required"], true);
    }

    #[test]
    fn a_flat_any_stays_enable_when() {
        let d = exported("d");
        assert_eq!(d["enableBehavior"], "any");
        assert_eq!(d["enableWhen"].as_array().map(Vec::len), Some(2));
    }
}
