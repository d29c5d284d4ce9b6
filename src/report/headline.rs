//! The headline: what to act on first, in the order a clinician acts on
//! it — red flags, known results below a target, the tests to request, then
//! the classification. Built once from the report so that the screen, plain
//! mode and every printed format lead with the same lines.

use serde::Serialize;

use super::{FindingOut, Reason, ResultSection};
use crate::questionnaire::{ItemKind, Priority, Questionnaire, Role};

/// What a headline line is about, which decides its mark and its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HeadlineKind {
    Incomplete,
    RedFlag,
    BelowTarget,
    Recommended,
    Consider,
    NoTest,
    Classification,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeadlineLine {
    pub kind: HeadlineKind,
    /// The word before the line ("EMERGENCY", "RECOMMENDED", ...).
    pub label: String,
    /// For the clinician: names, values, units, targets.
    pub text: String,
    /// The same for the person answering, in plain words.
    pub patient: String,
}

impl HeadlineLine {
    fn new(kind: HeadlineKind, label: &str, text: String, patient: String) -> Self {
        HeadlineLine {
            kind,
            label: label.to_string(),
            text,
            patient,
        }
    }
}

/// The headline of `result`, in the order to act on it.
pub fn build(q: &Questionnaire, result: &ResultSection) -> Vec<HeadlineLine> {
    let mut lines = Vec::new();
    if !result.complete {
        let text = format!(
            "{} required question(s) not answered; the result may change.",
            result.missing.len()
        );
        lines.push(HeadlineLine::new(
            HeadlineKind::Incomplete,
            "INCOMPLETE",
            text,
            "Some questions are not answered yet, so this result may change.".into(),
        ));
    }
    for flag in result.findings.iter().filter(|f| f.value) {
        let Some(urgency) = &flag.urgency else {
            continue;
        };
        // A ticked box says what it is; a single answer needs its question.
        let answers = answers_behind(
            flag,
            |_| true,
            |item, question, answer| {
                let ticked = q
                    .item_index(item)
                    .is_some_and(|i| matches!(q.items[i].kind, ItemKind::Multiple(_)));
                if ticked {
                    answer.to_string()
                } else {
                    format!("{question}: {answer}")
                }
            },
        );
        let text = if answers.is_empty() {
            flag.label.clone()
        } else {
            format!("{} Answered: {}.", flag.label, answers.join("; "))
        };
        lines.push(HeadlineLine::new(
            HeadlineKind::RedFlag,
            &format!("RED FLAG, {}", urgency.to_uppercase()),
            text,
            flag.patient.clone().unwrap_or_else(|| flag.label.clone()),
        ));
    }
    for known in result
        .findings
        .iter()
        .filter(|f| f.value && has_role(q, &f.id, Role::BelowTarget))
    {
        lines.push(below_target(q, known));
    }
    for test in &result.tests {
        let (kind, label) = match test.priority {
            Priority::Recommended => (HeadlineKind::Recommended, "RECOMMENDED"),
            Priority::Consider => (HeadlineKind::Consider, "CONSIDER"),
        };
        lines.push(HeadlineLine::new(
            kind,
            label,
            test.name.clone(),
            test.patient_name
                .clone()
                .unwrap_or_else(|| test.name.clone()),
        ));
    }
    if result.tests.is_empty()
        && let Some(none) = &result.no_tests
    {
        let patient = result.no_tests_patient.clone().unwrap_or(none.clone());
        lines.push(HeadlineLine::new(
            HeadlineKind::NoTest,
            "NO TEST",
            none.clone(),
            patient,
        ));
    }
    lines.extend(classification_line(q, result));
    lines
}

/// The classification, naming what was ticked behind it (a mimic).
fn classification_line(q: &Questionnaire, result: &ResultSection) -> Option<HeadlineLine> {
    let c = result.classification.as_ref()?;
    // Names what the outcome rests on when it was ticked (a mimic).
    let named: Vec<&str> = c
        .reasons
        .iter()
        .filter_map(|reason| match reason {
            Reason::Answer { item, answer, .. } if is_ticked(q, item) => Some(answer.as_str()),
            _ => None,
        })
        .collect();
    let text = if named.is_empty() || c.case.is_none() {
        format!("{}: {}", c.label, c.outcome)
    } else {
        format!("{}: {} ({})", c.label, c.outcome, named.join("; "))
    };
    Some(HeadlineLine::new(
        HeadlineKind::Classification,
        "RESULT",
        text,
        c.patient.clone().unwrap_or_else(|| c.outcome.clone()),
    ))
}

/// Whether `item` is a multiple choice: its answer names things.
fn is_ticked(q: &Questionnaire, item: &str) -> bool {
    q.item_index(item)
        .is_some_and(|i| matches!(q.items[i].kind, ItemKind::Multiple(_)))
}

fn has_role(q: &Questionnaire, finding: &str, role: Role) -> bool {
    q.findings
        .iter()
        .any(|f| f.id == finding && f.role == Some(role))
}

/// A known result below a target: what it is, with the target, the values
/// entered (and converted) and what to do.
fn below_target(q: &Questionnaire, known: &FindingOut) -> HeadlineLine {
    let is_number = |item: &str| {
        q.items
            .iter()
            .any(|it| it.id == item && matches!(it.kind, ItemKind::Number(_)))
    };
    let values = answers_behind(known, is_number, |_, question, answer| {
        format!("{question} {answer}")
    });
    let mut text = known.label.clone();
    if !values.is_empty() {
        text = format!("{text}. Known: {}.", values.join("; "));
    }
    if let Some(action) = &known.text {
        text = format!("{text} {action}");
    }
    HeadlineLine::new(
        HeadlineKind::BelowTarget,
        "BELOW TARGET",
        text,
        known.patient.clone().unwrap_or_else(|| known.label.clone()),
    )
}

/// The answers a finding rests on, for the items that `keep` accepts, each
/// written by `say` from the question and the answer.
fn answers_behind(
    finding: &FindingOut,
    keep: impl Fn(&str) -> bool,
    say: impl Fn(&str, &str, &str) -> String,
) -> Vec<String> {
    finding
        .reasons
        .iter()
        .filter_map(|reason| match reason {
            Reason::Answer {
                item,
                question,
                answer,
            } if keep(item) => Some(say(item, question, answer)),
            _ => None,
        })
        .collect()
}
