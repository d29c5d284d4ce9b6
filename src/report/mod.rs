//! The result of a screening as a document: what the engine concluded, in
//! words, with the answers behind each conclusion. Every output format (the
//! results screen, text, Markdown, JSON, TOML, FHIR) is written from a
//! [`Report`], so they cannot disagree: `write` has one writer per format,
//! `framing` puts several results into one JSON array or FHIR Bundle, and
//! `format` is the one list of formats.
//!
//! A saved TOML or JSON report is also an answers file: its `questionnaire`,
//! `identifiers` and `answers` tables load back, so scoring a saved result
//! again reproduces it.

mod document;
pub mod fhir;
mod format;
mod framing;
mod headline;
mod patient;
mod summary;
mod write;

use serde::Serialize;
use serde::ser::SerializeMap;

use crate::engine::{self, Answer, Answers, Evidence, Outcome};
use crate::questionnaire::{
    Citation, Finding, FindingKind, ItemKind, Priority, Questionnaire, Role, Show,
};
use crate::text::number;

pub use document::{
    HEADLINE_TITLE, KNOWN_TITLE, headline_mark, write_clinician_text, write_markdown,
    write_patient_text, write_text,
};
pub use format::{Format, extension};
pub use framing::Framing;
pub use headline::{HeadlineKind, HeadlineLine};
pub use patient::{Audience, Mark, PATIENT_TITLE, PatientLine, patient_view};
pub use summary::{MAX_LINES as SUMMARY_MAX_LINES, ascii, summary_lines, write_summary};
pub use write::{render, write, write_json, write_toml};

/// This program and its version, as saved files record it.
pub const PROGRAM: &str = concat!("restless ", env!("CARGO_PKG_VERSION"));

/// The version of the report layout, recorded in every saved file.
pub const FORMAT: &str = "restless-result/1";

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Report {
    pub questionnaire: QuestionnaireRef,
    pub saved: Saved,
    pub identifiers: Pairs<String>,
    pub answers: Pairs<AnswerValue>,
    pub result: ResultSection,
    /// The identifier fields' labels by id, for printed reports.
    #[serde(skip)]
    pub identifier_labels: Vec<(String, String)>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct QuestionnaireRef {
    pub id: String,
    pub version: String,
    pub title: String,
    pub hash: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Saved {
    pub format: String,
    /// When the screening was done (RFC 3339): the time it was first
    /// scored, kept when a saved result is scored again.
    pub time: String,
    /// When a saved result was last scored again, if it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rescored: Option<String>,
    pub program: String,
}

/// Key/value pairs kept in questionnaire order (a map in TOML and JSON).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Pairs<V>(pub Vec<(String, V)>);

impl<V: Serialize> Serialize for Pairs<V> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// An answer as written in an answers file.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(untagged)]
pub enum AnswerValue {
    Text(String),
    List(Vec<String>),
    Integer(i64),
    Number(f64),
    WithUnit { value: f64, unit: String },
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ResultSection {
    /// False when required questions that apply were left unanswered.
    pub complete: bool,
    /// What to act on first, in order: red flags, known results below a
    /// target, the tests to request, the classification.
    pub headline: Vec<HeadlineLine>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<ItemRef>,
    /// Answered, but the question did not apply given the other answers;
    /// not used in the result.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ignored: Vec<ItemRef>,
    /// The outcome of the questionnaire's first classifier.
    pub classification: Option<ClassificationOut>,
    /// The outcomes of the other classifiers (course, significance...).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub specifiers: Vec<ClassificationOut>,
    pub findings: Vec<FindingOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scores: Vec<ScoreOut>,
    pub tests_title: String,
    pub tests: Vec<TestOut>,
    /// Would have been recommended, but are not needed (a current result is
    /// known, for example).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_needed: Vec<NotNeededOut>,
    /// The results the person already knew, with their age and what
    /// they mean here.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub known_results: Vec<KnownOut>,
    /// Said when no test is recommended, so that "nothing" is explicit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_tests: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_tests_patient: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disclaimer: Option<String>,
    /// The answers in words, by section, for printed reports. Not written
    /// to TOML or JSON, where `answers` holds the values themselves.
    #[serde(skip)]
    pub answered: Vec<AnsweredSection>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AnsweredSection {
    pub title: String,
    pub answers: Vec<(String, String)>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ItemRef {
    pub item: String,
    pub question: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CitationOut {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SourceOut {
    pub id: String,
    pub citation: String,
}

/// One piece of evidence: an answer, or a finding that held (or not).
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(untagged)]
pub enum Reason {
    Answer {
        item: String,
        question: String,
        answer: String,
    },
    Finding {
        finding: String,
        label: String,
        value: bool,
    },
}

impl Reason {
    /// Whether it held: an answer given always did; a finding when true.
    pub fn held(&self) -> bool {
        match self {
            Reason::Answer { .. } => true,
            Reason::Finding { value, .. } => *value,
        }
    }

    /// What it says, without a mark: `question: answer`, or the label.
    pub fn words(&self) -> String {
        match self {
            Reason::Answer {
                question, answer, ..
            } => format!("{question}: {answer}"),
            Reason::Finding { label, .. } => label.clone(),
        }
    }

    /// The reasons that did not hold, in one line: "not counted: ...".
    pub fn not_counted(reasons: &[Reason]) -> Option<String> {
        let words: Vec<String> = reasons
            .iter()
            .filter(|r| !r.held())
            .map(Reason::words)
            .collect();
        (!words.is_empty()).then(|| words.join("; "))
    }

    /// The reason in words: `question: answer`, or the finding's label after
    /// the mark for met (true) or not met (false).
    pub fn text(&self, met: &str, not_met: &str) -> String {
        match self {
            Reason::Answer {
                question, answer, ..
            } => format!("{question}: {answer}"),
            Reason::Finding { label, value, .. } => {
                format!("{} {label}", if *value { met } else { not_met })
            }
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ClassificationOut {
    pub id: String,
    pub label: String,
    /// `None` when the classifier does not apply or no case matched.
    pub case: Option<String>,
    pub outcome: String,
    /// Whether the classifier applies to these answers.
    #[serde(skip)]
    pub applies: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The outcome in plain words for the person answering.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patient: Option<String>,
    #[serde(flatten)]
    pub citation: CitationOut,
    pub reasons: Vec<Reason>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FindingOut {
    pub id: String,
    pub label: String,
    pub value: bool,
    /// Not met because an answer was "not sure": undecided, not failed.
    #[serde(skip_serializing_if = "is_false")]
    pub unsure: bool,
    /// One of the classification's criteria (role `criterion`).
    #[serde(skip)]
    pub criterion: bool,
    /// Set on red flags only: how soon to act ("emergency", "today", "soon").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub urgency: Option<String>,
    pub group: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The finding in plain words for the person answering.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patient: Option<String>,
    #[serde(flatten)]
    pub citation: CitationOut,
    pub reasons: Vec<Reason>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ScoreOut {
    pub id: String,
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TestOut {
    pub id: String,
    pub name: String,
    /// The test in plain words for the person answering.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patient_name: Option<String>,
    /// "recommended" or "consider".
    #[serde(serialize_with = "priority_name")]
    pub priority: Priority,
    /// Raised to "recommended" because several "consider" reasons combine.
    pub escalated: bool,
    pub reasons: Vec<TriggerOut>,
    /// Findings that held and raise the importance of this test (heavy
    /// periods for iron studies, for example).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub supporting: Vec<SupportOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preparation: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes_patient: Vec<String>,
    /// The list it belongs to when not the main one ("Other tests ...").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    pub source: Vec<SourceOut>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SupportOut {
    pub finding: String,
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patient: Option<String>,
    #[serde(flatten)]
    pub citation: CitationOut,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TriggerOut {
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patient: Option<String>,
    #[serde(serialize_with = "priority_name")]
    pub priority: Priority,
    #[serde(flatten)]
    pub citation: CitationOut,
    pub answers: Vec<Reason>,
}

/// A known result as entered: the value in its unit (and converted), how
/// old it is, and the conclusions drawn from it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct KnownOut {
    pub item: String,
    pub name: String,
    /// The value as entered, with the converted value when entered in
    /// another unit: `45 µg/L (= 45 ng/mL)`.
    pub value: String,
    /// How old it is, in the words of the answer (`Six months ago or less`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// The findings that read it and hold, by label.
    pub meaning: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NotNeededOut {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patient: Option<String>,
    pub reasons: Vec<Reason>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// Who produced the report, and when; passed in so building stays pure.
#[derive(Debug, Clone)]
pub struct Stamp {
    pub time: String,
    pub program: String,
}

impl Stamp {
    /// Now, in the local time zone, by this program.
    pub fn now() -> Self {
        Stamp {
            time: crate::store::clock::now()
                .strftime("%Y-%m-%dT%H:%M:%S%:z")
                .to_string(),
            program: PROGRAM.into(),
        }
    }
}

impl Report {
    /// Scores `answers` and describes the outcome.
    pub fn build(
        q: &Questionnaire,
        answers: &Answers,
        identifiers: &[String],
        stamp: &Stamp,
    ) -> Report {
        let outcome = engine::evaluate(q, answers);
        Report::from_outcome(q, answers, identifiers, &outcome, stamp)
    }

    pub fn from_outcome(
        q: &Questionnaire,
        answers: &Answers,
        identifiers: &[String],
        outcome: &Outcome,
        stamp: &Stamp,
    ) -> Report {
        let describe = Describer {
            q,
            answers,
            outcome,
        };
        let identifiers = identifier_pairs(q, identifiers);
        let answer_values = answer_pairs(q, answers);

        let item_ref = |i: usize| ItemRef {
            item: q.items[i].id.clone(),
            question: q.items[i].text.clone(),
        };
        let missing = outcome.missing.iter().map(|&i| item_ref(i)).collect();
        let ignored = answers
            .iter()
            .filter(|(i, _)| !outcome.applicable.get(*i).copied().unwrap_or(false))
            .map(|(i, _)| item_ref(i))
            .collect();

        let mut classifications = describe.classifications().into_iter();
        let classification = classifications.next();
        let specifiers = classifications.collect();

        let findings = describe.findings();

        let scores = describe.scores();
        let tests = describe.tests();
        let not_needed = describe.not_needed();
        let (no_tests, no_tests_patient) = if outcome.no_recommendation {
            (
                q.labels.no_recommendation.clone(),
                q.labels.no_recommendation_patient.clone(),
            )
        } else {
            (None, None)
        };

        let known_results = known_results(q, answers, outcome, &findings);
        let mut result = ResultSection {
            complete: outcome.missing.is_empty(),
            headline: Vec::new(),
            missing,
            ignored,
            classification,
            specifiers,
            findings,
            scores,
            tests_title: q.labels.recommendations_title.clone(),
            tests,
            not_needed,
            known_results,
            no_tests,
            no_tests_patient,
            disclaimer: q.disclaimer.clone(),
            answered: answered_sections(q, answers, outcome),
        };
        result.headline = headline::build(q, &result);
        Report {
            questionnaire: QuestionnaireRef::of(q),
            saved: Saved {
                format: FORMAT.into(),
                time: stamp.time.clone(),
                rescored: None,
                program: stamp.program.clone(),
            },
            identifiers,
            identifier_labels: q
                .identifiers
                .iter()
                .map(|f| (f.id.clone(), f.label.clone()))
                .collect(),
            answers: answer_values,
            result,
        }
    }

    /// The report of a saved screening done at `screened`, scored again
    /// now: it keeps the screening's time and records this scoring's.
    pub fn screened_at(mut self, screened: Option<String>) -> Report {
        if let Some(time) = screened {
            self.saved.rescored = Some(std::mem::replace(&mut self.saved.time, time));
        }
        self
    }

    pub fn to_json(&self) -> String {
        json_text(self)
    }

    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_default()
    }
}

/// An answer as it is shown to a person: option labels, numbers with their
/// unit (and the converted value when entered in another unit).
pub fn display_answer(q: &Questionnaire, item: usize, answer: &Answer) -> String {
    let Some(it) = q.items.get(item) else {
        return String::new();
    };
    let options = it.kind.options();
    let label = |i: usize| options.get(i).map_or(String::new(), |o| o.label.clone());
    match (answer, &it.kind) {
        (Answer::DontKnow, _) => q.labels.dont_know.clone(),
        (Answer::Choice(i), _) => label(*i),
        (Answer::Choices(chosen), _) => chosen
            .iter()
            .map(|&i| label(i))
            .collect::<Vec<_>>()
            .join("; "),
        (Answer::Number { value, unit }, ItemKind::Number(spec)) => {
            let entered = format!("{} {}", number(*value), spec.unit_name(*unit));
            if *unit == 0 {
                entered.trim_end().to_string()
            } else {
                let canonical = spec.canonical(*value, *unit);
                format!(
                    "{entered} (= {} {})",
                    number((canonical * 100.0).round() / 100.0),
                    spec.unit_name(0)
                )
            }
        }
        (Answer::Number { value, .. }, _) => number(*value),
        (Answer::Text(text), _) => text.clone(),
    }
}

/// Every source a test cites anywhere: its own, then those of the reasons
/// that fired, the notes shown and the supporting findings, each once, so
/// that the test's source list holds every id cited with it.
fn cited_by_test(
    q: &Questionnaire,
    outcome: &Outcome,
    fired: &engine::RecommendationOutcome,
) -> Vec<usize> {
    let Some(rec) = q.recommendations.get(fired.recommendation) else {
        return Vec::new();
    };
    let triggers = fired
        .triggers
        .iter()
        .filter_map(|t| rec.triggers.get(t.trigger))
        .map(|t| &t.citation);
    let notes = fired
        .notes
        .iter()
        .filter_map(|(n, _)| rec.notes.get(*n))
        .map(|n| &n.citation);
    let supporting = q
        .findings
        .iter()
        .zip(&outcome.findings)
        .filter(|(f, value)| {
            value.applies && value.value && f.supports.contains(&fired.recommendation)
        })
        .map(|(f, _)| &f.citation);
    let mut sources: Vec<usize> = Vec::new();
    for citation in std::iter::once(&rec.citation)
        .chain(triggers)
        .chain(notes)
        .chain(supporting)
    {
        for &source in &citation.sources {
            if !sources.contains(&source) {
                sources.push(source);
            }
        }
    }
    sources
}

/// The known results that apply and were given, with what they mean.
fn known_results(
    q: &Questionnaire,
    answers: &Answers,
    outcome: &Outcome,
    findings: &[FindingOut],
) -> Vec<KnownOut> {
    let applies = |i: usize| outcome.applicable.get(i).copied().unwrap_or(false);
    q.items
        .iter()
        .enumerate()
        .filter(|(i, item)| item.dated_by.is_some() && applies(*i))
        .filter_map(|(i, item)| {
            let answer @ Answer::Number { .. } = answers.get(i)? else {
                return None;
            };
            let when = item
                .dated_by
                .filter(|&d| applies(d))
                .and_then(|d| Some(display_answer(q, d, answers.get(d)?)));
            let meaning = findings
                .iter()
                .filter(|f| f.value && !f.criterion)
                .filter(|f| {
                    f.reasons
                        .iter()
                        .any(|r| matches!(r, Reason::Answer { item: id, .. } if *id == item.id))
                })
                .map(|f| f.label.clone())
                .collect();
            Some(KnownOut {
                item: item.id.clone(),
                name: item.clinical.clone().unwrap_or_else(|| item.text.clone()),
                value: display_answer(q, i, answer),
                when,
                meaning,
            })
        })
        .collect()
}

fn answered_sections(
    q: &Questionnaire,
    answers: &Answers,
    outcome: &Outcome,
) -> Vec<AnsweredSection> {
    q.sections
        .iter()
        .map(|section| AnsweredSection {
            title: section.title.clone(),
            answers: section
                .items
                .clone()
                .filter(|&i| outcome.applicable.get(i).copied().unwrap_or(false))
                .filter_map(|i| {
                    Some((
                        q.items[i].text.clone(),
                        display_answer(q, i, answers.get(i)?),
                    ))
                })
                .collect(),
        })
        .filter(|s| !s.answers.is_empty())
        .collect()
}

impl QuestionnaireRef {
    pub fn of(q: &Questionnaire) -> Self {
        QuestionnaireRef {
            id: q.id.clone(),
            version: q.version.clone(),
            title: q.title.clone(),
            hash: q.content_hash.clone(),
        }
    }
}

/// The identifiers given, by id, in the questionnaire's order.
pub fn identifier_pairs(q: &Questionnaire, identifiers: &[String]) -> Pairs<String> {
    Pairs(
        q.identifiers
            .iter()
            .zip(identifiers)
            .filter(|(_, value)| !value.is_empty())
            .map(|(field, value)| (field.id.clone(), value.clone()))
            .collect(),
    )
}

/// The answers as an answers file writes them, by item id.
pub fn answer_pairs(q: &Questionnaire, answers: &Answers) -> Pairs<AnswerValue> {
    Pairs(
        answers
            .iter()
            .filter_map(|(i, a)| Some((q.items.get(i)?.id.clone(), answer_value(q, i, a)?)))
            .collect(),
    )
}

fn answer_value(q: &Questionnaire, item: usize, answer: &Answer) -> Option<AnswerValue> {
    let it = q.items.get(item)?;
    let options = it.kind.options();
    Some(match (answer, &it.kind) {
        (Answer::DontKnow, _) => AnswerValue::Text("dont_know".into()),
        (Answer::Choice(i), _) => AnswerValue::Text(options.get(*i)?.value.clone()),
        (Answer::Choices(chosen), _) => AnswerValue::List(
            chosen
                .iter()
                .filter_map(|&i| options.get(i).map(|o| o.value.clone()))
                .collect(),
        ),
        (Answer::Number { value, unit }, ItemKind::Number(spec)) => {
            if *unit > 0 {
                AnswerValue::WithUnit {
                    value: *value,
                    unit: spec.unit_name(*unit).to_string(),
                }
            } else if value.fract() == 0.0 && value.abs() < 9.0e15 {
                AnswerValue::Integer(*value as i64)
            } else {
                AnswerValue::Number(*value)
            }
        }
        (Answer::Number { value, .. }, _) => AnswerValue::Number(*value),
        (Answer::Text(text), _) => AnswerValue::Text(text.clone()),
    })
}

struct Describer<'a> {
    q: &'a Questionnaire,
    answers: &'a Answers,
    outcome: &'a Outcome,
}

impl Describer<'_> {
    /// Each classifier's outcome, the first being the classification.
    fn classifications(&self) -> Vec<ClassificationOut> {
        self.q
            .classifiers
            .iter()
            .zip(&self.outcome.classifications)
            .map(|(c, result)| {
                let case = result.case.and_then(|i| c.cases.get(i));
                ClassificationOut {
                    id: c.id.clone(),
                    label: c.label.clone(),
                    case: case.map(|k| k.id.clone()),
                    outcome: case.map_or_else(
                        || {
                            if result.applies {
                                "undetermined".into()
                            } else {
                                "not applicable".into()
                            }
                        },
                        |k| k.label.clone(),
                    ),
                    applies: result.applies,
                    text: case.and_then(|k| k.text.clone()),
                    patient: case.and_then(|k| k.patient.clone()),
                    citation: case.map_or_else(
                        || self.citation(&Citation::default()),
                        |k| self.citation(&k.citation),
                    ),
                    reasons: self.reasons(&result.evidence),
                }
            })
            .collect()
    }

    fn scores(&self) -> Vec<ScoreOut> {
        self.q
            .scores
            .iter()
            .zip(&self.outcome.scores)
            .map(|(s, value)| ScoreOut {
                id: s.id.clone(),
                label: s.label.clone(),
                value: value.value.map(|v| (v * 100.0).round() / 100.0),
                unit: s.unit.clone(),
                max: s.max,
            })
            .collect()
    }

    /// The tests to request; those of another list ("other tests...")
    /// after the main list.
    fn tests(&self) -> Vec<TestOut> {
        let mut tests: Vec<TestOut> = self
            .outcome
            .recommendations
            .iter()
            .map(|r| self.test(r))
            .collect();
        tests.sort_by_key(|t| t.group.is_some());
        tests
    }

    /// Tests that fired but are not needed now.
    fn not_needed(&self) -> Vec<NotNeededOut> {
        self.outcome
            .suppressed
            .iter()
            .map(|s| {
                let rec = &self.q.recommendations[s.recommendation];
                NotNeededOut {
                    id: rec.id.clone(),
                    name: rec.name.clone(),
                    text: rec.suppressed_text.clone(),
                    patient: rec.suppressed_patient.clone(),
                    reasons: self.reasons(&s.evidence),
                }
            })
            .collect()
    }

    fn reasons(&self, evidence: &Evidence) -> Vec<Reason> {
        let q = self.q;
        let mut reasons: Vec<Reason> = evidence
            .findings
            .iter()
            .map(|&f| Reason::Finding {
                finding: q.findings[f].id.clone(),
                label: q.findings[f].label.clone(),
                value: self.outcome.findings.get(f).is_some_and(|v| v.value),
            })
            .collect();
        let named = self.named_through(evidence);
        reasons.extend(evidence.items.iter().chain(&named).map(|&i| {
            let applies = self.outcome.applicable.get(i).copied().unwrap_or(false);
            let answer = match self.answers.get(i) {
                Some(a) if applies => display_answer(q, i, a),
                _ if !applies => "not asked".into(),
                _ => "not answered".into(),
            };
            Reason::Answer {
                item: q.items[i].id.clone(),
                question: q.items[i]
                    .clinical
                    .clone()
                    .unwrap_or_else(|| q.items[i].text.clone()),
                answer,
            }
        }));
        reasons
    }

    /// The ticked answers (medicines, mimics, symptoms) behind the findings
    /// that held in `evidence`, however deep, so that a conclusion names
    /// them rather than their category. Items already in `evidence` are
    /// left out.
    fn named_through(&self, evidence: &Evidence) -> Vec<usize> {
        let mut named = Vec::new();
        let mut seen = vec![false; self.q.findings.len()];
        let mut stack: Vec<usize> = evidence.findings.iter().copied().collect();
        while let Some(f) = stack.pop() {
            let Some(value) = self.outcome.findings.get(f) else {
                continue;
            };
            if std::mem::replace(&mut seen[f], true) || !value.value {
                continue;
            }
            stack.extend(value.evidence.findings.iter().copied());
            for &item in value.evidence.items.iter() {
                let applies = self.outcome.applicable.get(item).copied().unwrap_or(false);
                if applies
                    && self.names_something(item)
                    && !evidence.items.contains(item)
                    && !named.contains(&item)
                {
                    named.push(item);
                }
            }
        }
        named.sort_unstable();
        named
    }

    /// Whether `item` is a multiple choice with something ticked other than
    /// "none of these".
    fn names_something(&self, item: usize) -> bool {
        let (ItemKind::Multiple(options), Some(Answer::Choices(chosen))) =
            (&self.q.items[item].kind, self.answers.get(item))
        else {
            return false;
        };
        chosen
            .iter()
            .any(|&i| options.get(i).is_some_and(|o| !o.exclusive))
    }

    /// The findings reported (those that apply and are shown), red flags
    /// first, the most urgent first; the rest keep the author's order.
    fn findings(&self) -> Vec<FindingOut> {
        let (q, outcome) = (self.q, self.outcome);
        let urgency_rank = |f: &Finding| match f.kind {
            FindingKind::RedFlag(urgency) => urgency as usize,
            FindingKind::Finding => usize::MAX,
        };
        let mut shown: Vec<(&Finding, &engine::FindingValue)> = q
            .findings
            .iter()
            .zip(&outcome.findings)
            .filter(|(_, value)| value.applies)
            .filter(|(f, value)| match f.show {
                Show::Always => true,
                Show::WhenTrue => value.value,
                Show::Never => false,
            })
            .collect();
        shown.sort_by_key(|(f, _)| urgency_rank(f));
        shown
            .into_iter()
            .map(|(f, value)| FindingOut {
                id: f.id.clone(),
                label: f.label.clone(),
                value: value.value,
                unsure: value.unsure,
                criterion: f.role == Some(Role::Criterion),
                urgency: match f.kind {
                    FindingKind::RedFlag(urgency) => Some(urgency.as_str().into()),
                    FindingKind::Finding => None,
                },
                group: f.group.clone(),
                text: f.text.clone(),
                patient: f.patient.clone(),
                citation: self.citation(&f.citation),
                reasons: self.reasons(&value.evidence),
            })
            .collect()
    }

    /// One test to request: why, what supports it, the aim, how to
    /// prepare, notes and every source cited.
    fn test(&self, r: &engine::RecommendationOutcome) -> TestOut {
        let (q, describe) = (self.q, self);
        let rec = &q.recommendations[r.recommendation];
        TestOut {
            id: rec.id.clone(),
            name: rec.name.clone(),
            patient_name: rec.patient_name.clone(),
            priority: r.priority,
            escalated: r.escalated,
            reasons: r
                .triggers
                .iter()
                .map(|fired| {
                    let trigger = &rec.triggers[fired.trigger];
                    TriggerOut {
                        text: trigger.reason.clone(),
                        patient: trigger.patient.clone(),
                        priority: trigger.priority,
                        citation: describe.citation(&trigger.citation),
                        answers: describe.reasons(&fired.evidence),
                    }
                })
                .collect(),
            supporting: describe.supporting(r.recommendation),
            target: rec.target.clone(),
            preparation: rec.preparation.clone(),
            notes: r
                .notes
                .iter()
                .map(|(n, _)| rec.notes[*n].text.clone())
                .collect(),
            notes_patient: r
                .notes
                .iter()
                .filter_map(|(n, _)| rec.notes[*n].patient.clone())
                .collect(),
            group: rec.group.clone(),
            rule: rec.citation.rule.clone(),
            source: describe.sources(&cited_by_test(q, self.outcome, r)),
        }
    }

    /// The findings that hold and support recommendation `rec`.
    fn supporting(&self, rec: usize) -> Vec<SupportOut> {
        self.q
            .findings
            .iter()
            .zip(&self.outcome.findings)
            .filter(|(f, value)| value.applies && value.value && f.supports.contains(&rec))
            .map(|(f, _)| SupportOut {
                finding: f.id.clone(),
                label: f.label.clone(),
                patient: f.patient.clone(),
                citation: self.citation(&f.citation),
            })
            .collect()
    }

    fn sources(&self, indices: &[usize]) -> Vec<SourceOut> {
        indices
            .iter()
            .filter_map(|&i| self.q.sources.get(i))
            .map(|s| SourceOut {
                id: s.id.clone(),
                citation: s.citation.clone(),
            })
            .collect()
    }

    fn citation(&self, citation: &Citation) -> CitationOut {
        CitationOut {
            rule: citation.rule.clone(),
            sources: self.sources(&citation.sources),
            basis: citation.basis.clone(),
        }
    }
}

/// The Bundle entry of the questionnaire's result code system, which
/// every FHIR export holds once, first.
pub fn fhir_code_system_entry(q: &Questionnaire, options: &fhir::Options) -> serde_json::Value {
    let system = fhir::code_system(q);
    let url = fhir::uuid_for_text(&json_text(&system));
    fhir::entry(&url, system, options)
}

/// Pretty JSON with a final newline.
pub fn json_text<T: Serialize + ?Sized>(value: &T) -> String {
    // Serialising plain data with string keys cannot fail.
    serde_json::to_string_pretty(value).unwrap_or_default() + "\n"
}

/// A priority as the saved files write it: `recommended` or `consider`.
fn priority_name<S: serde::Serializer>(priority: &Priority, out: S) -> Result<S::Ok, S::Error> {
    out.serialize_str(priority.as_str())
}
