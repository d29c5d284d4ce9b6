//! The result for the person screened: the plain-words texts the
//! questionnaire keeps next to every clinician text, with no rule ids,
//! thresholds or sources. Built once, so the screen, plain mode and the
//! files say the same.

use super::{HeadlineKind, Report};
use crate::questionnaire::Priority;

/// Who the result is shown to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Audience {
    Patient,
    #[default]
    Clinician,
}

impl Audience {
    pub const NAMES: [&str; 2] = ["patient", "clinician"];

    pub fn name(self) -> &'static str {
        match self {
            Audience::Patient => "patient",
            Audience::Clinician => "clinician",
        }
    }

    pub fn from_name(name: &str) -> Option<Audience> {
        match name {
            "patient" => Some(Audience::Patient),
            "clinician" => Some(Audience::Clinician),
            _ => None,
        }
    }

    pub fn other(self) -> Audience {
        match self {
            Audience::Patient => Audience::Clinician,
            Audience::Clinician => Audience::Patient,
        }
    }
}

/// What a line of the patient view is, which decides its mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Act on it now or soon.
    Urgent,
    /// A known result below the aim.
    Low,
    Test(Priority),
    Met,
    NotMet,
    /// Nothing to mark.
    None,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PatientLine {
    Heading(String),
    Item {
        mark: Mark,
        text: String,
    },
    /// Said about the item above it.
    Detail(String),
    Paragraph(String),
}

/// The heading of the patient's part of a printed report.
pub const PATIENT_TITLE: &str = "For the person screened";

/// The result in plain words, in the order of the clinician's view.
pub fn patient_view(report: &Report) -> Vec<PatientLine> {
    let r = &report.result;
    let mut out = vec![PatientLine::Heading("What to do first".into())];
    for line in &r.headline {
        let mark = match line.kind {
            HeadlineKind::Incomplete | HeadlineKind::RedFlag => Mark::Urgent,
            HeadlineKind::BelowTarget => Mark::Low,
            HeadlineKind::Recommended => Mark::Test(Priority::Recommended),
            HeadlineKind::Consider => Mark::Test(Priority::Consider),
            HeadlineKind::NoTest | HeadlineKind::Classification => Mark::None,
        };
        out.push(PatientLine::Item {
            mark,
            text: line.patient.clone(),
        });
    }

    let criteria: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.criterion && f.patient.is_some())
        .collect();
    if !criteria.is_empty() {
        out.push(PatientLine::Heading(
            "Your answers about the leg feelings".into(),
        ));
        for f in criteria {
            out.push(PatientLine::Item {
                mark: if f.value { Mark::Met } else { Mark::NotMet },
                text: f.patient.clone().unwrap_or_default(),
            });
        }
    }

    if !r.tests.is_empty() || !r.not_needed.is_empty() {
        out.push(PatientLine::Heading("Blood tests".into()));
    }
    for t in &r.tests {
        out.push(PatientLine::Item {
            mark: Mark::Test(t.priority),
            text: t.patient_name.clone().unwrap_or_else(|| t.name.clone()),
        });
        let why = t.reasons.iter().filter_map(|reason| reason.patient.clone());
        let supporting = t.supporting.iter().filter_map(|s| s.patient.clone());
        for text in why.chain(supporting).chain(t.notes_patient.iter().cloned()) {
            out.push(PatientLine::Detail(text));
        }
    }
    for n in r.not_needed.iter().filter_map(|n| n.patient.clone()) {
        out.push(PatientLine::Item {
            mark: Mark::Met,
            text: n,
        });
    }

    let others: Vec<String> = r
        .findings
        .iter()
        .filter(|f| f.value && f.urgency.is_none() && !f.criterion)
        .filter_map(|f| f.patient.clone())
        .collect();
    if !others.is_empty() {
        out.push(PatientLine::Heading("Also worth knowing".into()));
        out.extend(others.into_iter().map(|text| PatientLine::Item {
            mark: Mark::None,
            text,
        }));
    }
    if let Some(disclaimer) = &r.disclaimer {
        out.push(PatientLine::Paragraph(disclaimer.clone()));
    }
    out
}
