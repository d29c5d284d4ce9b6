//! FHIR R4: the questionnaire as a `Questionnaire` resource, and a scored
//! screening as the entries of a `Bundle`: the `QuestionnaireResponse`,
//! `Observation`s for the result, one draft `ServiceRequest` per lab test
//! to request, the known results typed in, and the printed report as a
//! `DocumentReference`.
//!
//! Nothing here reads a clock or a random source: every `urn:uuid` is made
//! from the content it names, so exporting the same saved result twice
//! gives the same bytes.

mod fhirpath;
mod questionnaire;
mod response;
mod result;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::questionnaire::{Coding, Item, Questionnaire};

pub use questionnaire::questionnaire_resource;
pub use response::response_resource;
pub use result::{code_system, result_entries};

pub(crate) const DATA_ABSENT: &str = "http://terminology.hl7.org/CodeSystem/data-absent-reason";
pub(crate) const DATA_ABSENT_EXTENSION: &str =
    "http://hl7.org/fhir/StructureDefinition/data-absent-reason";
pub(crate) const DONT_KNOW_CODE: &str = "asked-unknown";
pub(crate) const UCUM: &str = "http://unitsofmeasure.org";

/// How results are framed and who they are about, from the configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// A `transaction` Bundle (each entry a POST) instead of a `collection`.
    pub transaction: bool,
    /// The identifier field that names the patient, and its system.
    pub patient: IdentifierUse,
    /// The identifier field that names the clinician, and its system.
    pub clinician: IdentifierUse,
}

/// Which identifier field stands for a person, and the identifier system
/// (a URI chosen by the clinic) its values belong to.
#[derive(Debug, Clone, PartialEq)]
pub struct IdentifierUse {
    pub field: String,
    pub system: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            transaction: false,
            patient: IdentifierUse {
                field: "patient_id".into(),
                system: None,
            },
            clinician: IdentifierUse {
                field: "clinician".into(),
                system: None,
            },
        }
    }
}

/// The canonical URL of a questionnaire: what a response points at.
pub fn canonical_url(q: &Questionnaire) -> String {
    format!("urn:restless:questionnaire:{}", q.id)
}

pub(crate) fn option_system(q: &Questionnaire, item: &Item) -> String {
    format!("{}:{}", canonical_url(q), item.id)
}

pub(crate) fn dont_know_coding(q: &Questionnaire) -> Value {
    json!({ "system": DATA_ABSENT, "code": DONT_KNOW_CODE, "display": q.labels.dont_know })
}

pub(crate) fn codings(codes: &[Coding]) -> Vec<Value> {
    codes
        .iter()
        .map(|c| {
            let mut coding = json!({ "system": c.system, "code": c.code });
            if let Some(display) = &c.display {
                coding["display"] = json!(display);
            }
            coding
        })
        .collect()
}

/// The UCUM code of a unit as people write it: `µ` is `u`, `mEq` is
/// `meq`. `None` when the name cannot be a UCUM code (spaces, words).
pub(crate) fn ucum_code(name: &str) -> Option<String> {
    let code = name.replace('µ', "u").replace("mEq", "meq");
    let plausible = !code.is_empty()
        && code
            .chars()
            .all(|c| c.is_ascii_graphic() && !matches!(c, '{' | '}' | '"'));
    plausible.then_some(code)
}

/// A UUID (RFC 9562 version 8, SHA-256 based) for `content`.
pub(crate) fn uuid_for(content: &[u8]) -> String {
    let hash = Sha256::digest(content);
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&hash[..16]);
    bytes[6] = (bytes[6] & 0x0f) | 0x80;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// A resource's human-readable narrative: `summary` in an XHTML `div`.
pub(crate) fn narrative(summary: &str) -> Value {
    let mut escaped = String::with_capacity(summary.len());
    for c in summary.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            _ => escaped.push(c),
        }
    }
    json!({
        "status": "generated",
        "div": format!("<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>{escaped}</p></div>"),
    })
}

/// A UUID for a text (a resource as JSON).
pub fn uuid_for_text(text: &str) -> String {
    uuid_for(text.as_bytes())
}

/// One entry of a Bundle: its `fullUrl` and resource, and in a transaction
/// the request that creates it.
pub fn entry(full_url: &str, resource: Value, options: &Options) -> Value {
    let mut entry = json!({ "fullUrl": full_url, "resource": resource });
    if options.transaction {
        let kind = entry["resource"]["resourceType"].clone();
        let mut request = json!({ "method": "POST", "url": kind });
        if kind == "CodeSystem"
            && let Some(url) = entry["resource"]["url"].as_str()
        {
            // The code system is the same in every export: create it once.
            request["ifNoneExist"] = json!(format!("url={url}"));
        }
        entry["request"] = request;
    }
    entry
}

/// The Bundle's type for `options`.
pub fn bundle_type(options: &Options) -> &'static str {
    if options.transaction {
        "transaction"
    } else {
        "collection"
    }
}

/// A Bundle of `entries`.
pub fn bundle(entries: Vec<Value>, options: &Options) -> Value {
    json!({ "resourceType": "Bundle", "type": bundle_type(options), "entry": entries })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrative_escapes_markup() {
        assert_eq!(
            narrative("a < b & c")["div"],
            "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>a &lt; b &amp; c</p></div>"
        );
    }

    #[test]
    fn ucum_codes_are_ascii_and_uuids_are_version_8() {
        assert_eq!(ucum_code("µmol/L").as_deref(), Some("umol/L"));
        assert_eq!(ucum_code("mEq/L").as_deref(), Some("meq/L"));
        assert_eq!(ucum_code("per week"), None);
        let id = uuid_for(b"x");
        assert_eq!(id.len(), "urn:uuid:".len() + 36);
        assert_eq!(&id[23..24], "8");
        assert_eq!(id, uuid_for(b"x"));
        assert_ne!(id, uuid_for(b"y"));
    }
}
