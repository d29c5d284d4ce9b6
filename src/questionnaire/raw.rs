//! The questionnaire file exactly as written, before any checking.
//!
//! Every struct refuses unknown keys so a typo such as `titel` is an error,
//! and every value is wrapped in [`Spanned`] so that later checks can still
//! say where in the file a value sits. The schema is kept plain (no
//! flattening, no untagged enums) because those lose the locations.

use serde::Deserialize;
use toml::Spanned;

pub type S<T> = Spanned<T>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestionnaire {
    pub questionnaire: S<RawMeta>,
    #[serde(default)]
    pub source: Vec<S<RawSource>>,
    #[serde(default)]
    pub identifier: Vec<S<RawIdentifier>>,
    #[serde(default)]
    pub section: Vec<S<RawSection>>,
    #[serde(default)]
    pub score: Vec<S<RawScore>>,
    #[serde(default)]
    pub finding: Vec<S<RawFinding>>,
    #[serde(default)]
    pub classifier: Vec<S<RawClassifier>>,
    #[serde(default)]
    pub recommendation: Vec<S<RawRecommendation>>,
    #[serde(default)]
    pub check: Vec<S<RawCheck>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeta {
    pub id: S<String>,
    pub version: S<String>,
    pub title: S<String>,
    pub language: Option<S<String>>,
    pub description: Option<S<String>>,
    pub minutes: Option<S<String>>,
    pub disclaimer: Option<S<String>>,
    pub yes_label: Option<S<String>>,
    pub no_label: Option<S<String>>,
    pub dont_know_label: Option<S<String>>,
    pub recommendations_title: Option<S<String>>,
    pub no_recommendation: Option<S<String>>,
    pub no_recommendation_patient: Option<S<String>>,
    pub no_recommendation_if: Option<S<String>>,
    /// When true, every text a respondent can see needs a `patient`
    /// version next to the clinician's.
    pub patient_texts: Option<S<bool>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub id: S<String>,
    pub citation: S<String>,
    pub url: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIdentifier {
    pub id: S<String>,
    pub label: S<String>,
    pub help: Option<S<String>>,
    pub max_length: Option<S<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSection {
    pub id: S<String>,
    pub title: S<String>,
    pub intro: Option<S<String>>,
    pub show_if: Option<S<String>>,
    #[serde(default)]
    pub item: Vec<S<RawItem>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawItem {
    pub id: S<String>,
    #[serde(rename = "type")]
    pub kind: S<String>,
    pub text: S<String>,
    pub help: Option<S<String>>,
    pub clinical: Option<S<String>>,
    pub required: Option<S<bool>>,
    pub dont_know: Option<S<bool>>,
    pub show_if: Option<S<String>>,
    pub options: Option<S<Vec<S<RawOption>>>>,
    pub min: Option<S<f64>>,
    pub max: Option<S<f64>>,
    pub unit: Option<S<String>>,
    pub units: Option<S<Vec<S<RawUnit>>>>,
    pub max_length: Option<S<i64>>,
    pub dated_by: Option<S<String>>,
    pub code: Option<S<Vec<S<RawCoding>>>>,
}

/// A code from a terminology (LOINC, SNOMED CT...) that other systems
/// know the item or test by.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCoding {
    pub system: S<String>,
    pub code: S<String>,
    pub display: Option<S<String>>,
    /// On a number item: the unit the code measures in, one of the item's.
    pub unit: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOption {
    pub value: S<String>,
    pub label: S<String>,
    pub help: Option<S<String>>,
    pub score: Option<S<f64>>,
    pub exclusive: Option<S<bool>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUnit {
    pub unit: S<String>,
    /// Multiply a value in this unit by `factor` to get the item's own unit.
    pub factor: S<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScore {
    pub id: S<String>,
    pub label: S<String>,
    pub expr: S<String>,
    pub unit: Option<S<String>>,
    pub max: Option<S<f64>>,
    pub rule: Option<S<String>>,
    pub sources: Option<S<Vec<S<String>>>>,
    pub basis: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFinding {
    pub id: S<String>,
    pub label: S<String>,
    pub applies_if: Option<S<String>>,
    pub when: S<String>,
    pub text: Option<S<String>>,
    pub group: Option<S<String>>,
    pub show: Option<S<String>>,
    pub role: Option<S<String>>,
    pub supports: Option<S<Vec<S<String>>>>,
    pub patient: Option<S<String>>,
    pub kind: Option<S<String>>,
    pub urgency: Option<S<String>>,
    pub unsure_if: Option<S<String>>,
    pub rule: Option<S<String>>,
    pub sources: Option<S<Vec<S<String>>>>,
    pub basis: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClassifier {
    pub id: S<String>,
    pub label: S<String>,
    pub applies_if: Option<S<String>>,
    #[serde(default)]
    pub case: Vec<S<RawCase>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCase {
    pub id: S<String>,
    pub label: S<String>,
    pub when: S<String>,
    pub text: Option<S<String>>,
    pub patient: Option<S<String>>,
    pub rule: Option<S<String>>,
    pub sources: Option<S<Vec<S<String>>>>,
    pub basis: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRecommendation {
    pub id: S<String>,
    pub name: S<String>,
    pub patient_name: Option<S<String>>,
    pub target: Option<S<String>>,
    pub preparation: Option<S<String>>,
    pub rule: Option<S<String>>,
    pub sources: Option<S<Vec<S<String>>>>,
    pub basis: Option<S<String>>,
    pub escalate_at: Option<S<i64>>,
    pub suppress_if: Option<S<String>>,
    pub suppressed_text: Option<S<String>>,
    pub suppressed_patient: Option<S<String>>,
    pub group: Option<S<String>>,
    pub code: Option<S<Vec<S<RawCoding>>>>,
    #[serde(default)]
    pub trigger: Vec<S<RawTrigger>>,
    #[serde(default)]
    pub note: Vec<S<RawNote>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTrigger {
    pub when: S<String>,
    pub priority: S<String>,
    pub escalates: Option<S<bool>>,
    pub reason: S<String>,
    pub patient: Option<S<String>>,
    pub rule: Option<S<String>>,
    pub sources: Option<S<Vec<S<String>>>>,
    pub basis: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNote {
    pub when: S<String>,
    pub text: S<String>,
    pub patient: Option<S<String>>,
    pub rule: Option<S<String>>,
    pub sources: Option<S<Vec<S<String>>>>,
    pub basis: Option<S<String>>,
}

/// A rule across answers: when `when` holds, the answer just given to one
/// of the items it names is refused with `message`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCheck {
    pub when: S<String>,
    pub message: S<String>,
}
