//! The checked questionnaire: what the engine, the interface and the file
//! formats work with. Nothing here needs re-checking; every reference is an
//! index that is known to be valid.

use serde::{Deserialize, Serialize};

use super::cond::{Cond, NumExpr};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Questionnaire {
    pub id: String,
    pub version: String,
    pub title: String,
    pub language: String,
    pub description: Option<String>,
    /// How long it takes, in the author's words ("5 to 8").
    pub minutes: Option<String>,
    pub disclaimer: Option<String>,
    pub labels: Labels,
    /// SHA-256 of the file's bytes, so a saved result records exactly which
    /// questionnaire produced it.
    pub content_hash: String,
    pub sources: Vec<Source>,
    pub identifiers: Vec<IdentifierField>,
    pub sections: Vec<Section>,
    /// All items in the order they are asked; sections hold ranges into it.
    pub items: Vec<Item>,
    pub scores: Vec<Score>,
    pub findings: Vec<Finding>,
    pub classifiers: Vec<Classifier>,
    pub recommendations: Vec<Recommendation>,
    pub checks: Vec<Check>,
    /// When set, the "no recommendation" statement is said only while it
    /// holds (and no recommendation fires).
    pub no_recommendation_if: Option<Cond>,
    /// Problems that do not stop the questionnaire from working, such as a
    /// section and an item sharing an id (which FHIR forbids).
    pub warnings: Vec<crate::diag::Diagnostic>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Labels {
    pub yes: String,
    pub no: String,
    pub dont_know: String,
    pub recommendations_title: String,
    /// Shown when no recommendation fires, so that "nothing" is said
    /// explicitly rather than left as an empty list.
    pub no_recommendation: Option<String>,
    pub no_recommendation_patient: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Source {
    pub id: String,
    pub citation: String,
    pub url: Option<String>,
}

/// A field asked once on the welcome screen (a patient identifier, the
/// clinician's name). Never part of the scoring.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IdentifierField {
    pub id: String,
    pub label: String,
    pub help: Option<String>,
    pub max_length: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub intro: Option<String>,
    pub show_if: Option<Cond>,
    /// The condition as written, for templates and documentation.
    pub show_if_text: Option<String>,
    pub items: std::ops::Range<usize>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Item {
    pub id: String,
    pub section: usize,
    pub text: String,
    pub help: Option<String>,
    /// The clinical term, for the clinician (the patient sees `text`).
    pub clinical: Option<String>,
    pub required: bool,
    /// Whether "don't know" is an accepted answer.
    pub dont_know: bool,
    pub show_if: Option<Cond>,
    /// The condition as written, for templates and documentation.
    pub show_if_text: Option<String>,
    pub kind: ItemKind,
    /// A known result: the earlier item that says how old it is. Results
    /// are listed with their value, unit, age and meaning.
    pub dated_by: Option<usize>,
    /// The codes of what the item records (a lab value's LOINC code).
    pub codes: Vec<Coding>,
}

/// A code from a terminology, for systems that exchange the result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coding {
    pub system: String,
    pub code: String,
    pub display: Option<String>,
    /// On a number item: the index of the unit the code measures in.
    pub unit: Option<usize>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum ItemKind {
    /// Two options, `yes` (index 0) and `no` (index 1).
    YesNo(Vec<ChoiceOption>),
    Single(Vec<ChoiceOption>),
    Multiple(Vec<ChoiceOption>),
    Number(NumberSpec),
    Text {
        max_length: usize,
    },
}

impl ItemKind {
    pub fn name(&self) -> &'static str {
        match self {
            ItemKind::YesNo(_) => "yes_no",
            ItemKind::Single(_) => "single",
            ItemKind::Multiple(_) => "multiple",
            ItemKind::Number(spec) if spec.integer => "integer",
            ItemKind::Number(_) => "decimal",
            ItemKind::Text { .. } => "text",
        }
    }

    pub fn options(&self) -> &[ChoiceOption] {
        match self {
            ItemKind::YesNo(options) | ItemKind::Single(options) | ItemKind::Multiple(options) => {
                options
            }
            ItemKind::Number(_) | ItemKind::Text { .. } => &[],
        }
    }
}

impl Item {
    pub fn option_index(&self, value: &str) -> Option<usize> {
        self.kind.options().iter().position(|o| o.value == value)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChoiceOption {
    pub value: String,
    pub label: String,
    pub help: Option<String>,
    pub score: Option<f64>,
    /// In a multiple choice: selecting it clears the others ("none of these").
    pub exclusive: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NumberSpec {
    pub integer: bool,
    /// Bounds in the item's own unit (`units[0]`).
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// The units a value may be entered in. The first is the item's own
    /// unit (factor 1); conditions and ranges are written in it. Empty for a
    /// plain count.
    pub units: Vec<Unit>,
}

impl NumberSpec {
    /// The value converted to the item's own unit.
    pub fn canonical(&self, value: f64, unit: usize) -> f64 {
        self.units.get(unit).map_or(value, |u| value * u.factor)
    }

    /// The unit a name stands for, in any of its usual spellings: case
    /// does not matter, and µ (micro sign or Greek mu), u and mc are the
    /// same prefix ("ug/l", "mcg/L" and "µg/L" are one unit).
    pub fn find_unit(&self, name: &str) -> Option<usize> {
        let fold = |s: &str| {
            s.to_lowercase()
                .replace('μ', "µ")
                .replace("mcg", "µg")
                .replace("ug", "µg")
                .replace("umol", "µmol")
                .replace(' ', "")
        };
        let wanted = fold(name);
        self.units.iter().position(|u| fold(&u.name) == wanted)
    }

    pub fn unit_name(&self, unit: usize) -> &str {
        self.units.get(unit).map_or("", |u| u.name.as_str())
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Unit {
    pub name: String,
    /// Multiply a value in this unit by `factor` to get the item's own unit.
    pub factor: f64,
}

/// Where a rule comes from.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Citation {
    /// The rule id it implements, as the clinical source names it.
    pub rule: Option<String>,
    /// Indices into `Questionnaire::sources`.
    pub sources: Vec<usize>,
    /// "design choice", "unconfirmed" and the like.
    pub basis: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Score {
    pub id: String,
    pub label: String,
    pub expr: NumExpr,
    pub unit: Option<String>,
    /// The largest value it can take, for drawing it as a gauge.
    pub max: Option<f64>,
    pub citation: Citation,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Show {
    /// Reported only when true (a flag).
    WhenTrue,
    /// Reported true or false (a criterion: ✓ or ✗).
    Always,
    /// A building block for other rules; never reported on its own.
    Never,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Finding {
    pub id: String,
    pub label: String,
    /// When it does not hold, the finding was not assessed (for example a
    /// criterion that was never asked): it is false and not reported.
    pub applies_if: Option<Cond>,
    pub when: Cond,
    pub text: Option<String>,
    /// The same in plain words for the person answering.
    pub patient: Option<String>,
    pub group: String,
    pub show: Show,
    /// What the finding is to a front end that draws the result.
    pub role: Option<Role>,
    /// The recommendations (by index) whose importance it raises when it
    /// holds: listed with them as supporting factors.
    pub supports: Vec<usize>,
    pub kind: FindingKind,
    /// When it holds and the finding does not, the finding is reported as
    /// "not sure" rather than "not met".
    pub unsure_if: Option<Cond>,
    pub citation: Citation,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FindingKind {
    Finding,
    /// Needs action before anything else; reported first, whatever the
    /// classification.
    RedFlag(Urgency),
}

/// How soon a red flag needs acting on, most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Urgency {
    Emergency,
    Today,
    Soon,
}

impl Urgency {
    pub const NAMES: [&str; 3] = ["emergency", "today", "soon"];

    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Emergency => "emergency",
            Urgency::Today => "today",
            Urgency::Soon => "soon",
        }
    }
}

/// A rule across answers, checked whenever one of `items` is answered.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Check {
    pub when: Cond,
    pub message: String,
    pub items: Vec<usize>,
}

/// A part a finding plays in how the result is drawn, named in the
/// questionnaire so that no front end has to recognise it by its words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    /// One of the criteria drawn together as a bar of ticks and crosses.
    Criterion,
    /// A known result below a target or cut-off: when it holds, the result
    /// leads with it, next to the values behind it.
    BelowTarget,
}

/// An ordered list of cases; the first whose condition holds is the
/// outcome ("met", "not met", ...).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Classifier {
    pub id: String,
    pub label: String,
    pub applies_if: Option<Cond>,
    pub cases: Vec<Case>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Case {
    pub id: String,
    pub label: String,
    pub when: Cond,
    pub text: Option<String>,
    pub patient: Option<String>,
    pub citation: Citation,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Priority {
    Recommended,
    Consider,
}

impl Priority {
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Recommended => "recommended",
            Priority::Consider => "consider",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Recommendation {
    pub id: String,
    pub name: String,
    /// The test named in plain words for the person answering.
    pub patient_name: Option<String>,
    /// The threshold or aim that matters ("ferritin > 100 ng/mL").
    pub target: Option<String>,
    pub preparation: Option<String>,
    pub citation: Citation,
    /// This many "consider" triggers together make it "recommended".
    pub escalate_at: Option<usize>,
    pub suppress_if: Option<Cond>,
    pub suppressed_text: Option<String>,
    pub suppressed_patient: Option<String>,
    /// Where it is listed ("Other tests ..."); `None` for the main list.
    pub group: Option<String>,
    pub triggers: Vec<Trigger>,
    pub notes: Vec<Note>,
    /// The orderable lab tests that make up this test, one code each.
    pub codes: Vec<Coding>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Trigger {
    pub when: Cond,
    pub priority: Priority,
    /// Whether it counts towards `escalate_at`.
    pub escalates: bool,
    pub reason: String,
    pub patient: Option<String>,
    pub citation: Citation,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Note {
    pub when: Cond,
    pub text: String,
    pub patient: Option<String>,
    pub citation: Citation,
}

impl Questionnaire {
    pub fn item_index(&self, id: &str) -> Option<usize> {
        self.items.iter().position(|item| item.id == id)
    }
}
