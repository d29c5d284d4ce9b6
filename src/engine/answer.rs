//! Answers: what a person can answer to each item, checked against it.

use crate::questionnaire::model::*;

/// One answer to one item.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// The chosen option of a yes/no or single-choice item.
    Choice(usize),
    /// The chosen options of a multiple-choice item, in option order. Empty
    /// means "answered, nothing applies" only if the item has no exclusive
    /// "none of these" option; otherwise that option is chosen instead.
    Choices(Vec<usize>),
    /// A number as entered, with the index of the unit it was entered in.
    Number {
        value: f64,
        unit: usize,
    },
    Text(String),
    DontKnow,
}

/// The answers to a questionnaire's items, by item index.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Answers {
    values: Vec<Option<Answer>>,
}

/// Free-text answers are the patient's own words: overwritten when the
/// answers go (the next patient, the end of the program).
impl Drop for Answers {
    fn drop(&mut self) {
        for answer in self.values.iter_mut().flatten() {
            if let Answer::Text(text) = answer {
                zeroize::Zeroize::zeroize(text);
            }
        }
    }
}

impl Answers {
    pub fn new(questionnaire: &Questionnaire) -> Self {
        Answers {
            values: vec![None; questionnaire.items.len()],
        }
    }

    pub fn get(&self, item: usize) -> Option<&Answer> {
        self.values.get(item).and_then(Option::as_ref)
    }

    /// Stores an answer after checking that the item can take it.
    pub fn set(
        &mut self,
        questionnaire: &Questionnaire,
        item: usize,
        answer: Answer,
    ) -> Result<(), AnswerError> {
        let it = questionnaire
            .items
            .get(item)
            .ok_or(AnswerError::NoSuchItem)?;
        let answer = check_answer(it, answer)?;
        if self.values.len() < questionnaire.items.len() {
            self.values.resize(questionnaire.items.len(), None);
        }
        let previous = self.values[item].replace(answer);
        if let Some(message) = super::failed_check(questionnaire, self, item) {
            self.values[item] = previous;
            return Err(AnswerError::Check {
                message: message.to_string(),
            });
        }
        Ok(())
    }

    pub fn clear(&mut self, item: usize) {
        if let Some(slot) = self.values.get_mut(item) {
            *slot = None;
        }
    }

    /// Only the answers to questions that apply (`applicable[i]`): what
    /// a saved result keeps.
    pub fn applied(&self, applicable: &[bool]) -> Answers {
        Answers {
            values: self
                .values
                .iter()
                .enumerate()
                .map(|(i, value)| value.clone().filter(|_| applicable.get(i) == Some(&true)))
                .collect(),
        }
    }

    pub fn answered_count(&self) -> usize {
        self.values.iter().filter(|v| v.is_some()).count()
    }

    pub fn iter(&self) -> impl Iterator<Item = (usize, &Answer)> {
        self.values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.as_ref().map(|a| (i, a)))
    }
}

/// Why an answer does not fit its item. The messages are written for the
/// person answering.
#[derive(Debug, Clone, PartialEq)]
pub enum AnswerError {
    NoSuchItem,
    WrongKind {
        expected: &'static str,
    },
    NoSuchOption,
    DontKnowNotOffered,
    ExclusiveWithOthers {
        option: String,
    },
    ChooseNone {
        option: String,
    },
    NotWhole,
    OutOfRange {
        message: String,
    },
    NoSuchUnit,
    TooLong {
        max: usize,
    },
    NotFinite,
    /// Breaks a rule across answers (an onset age above the current age).
    Check {
        message: String,
    },
}

impl std::fmt::Display for AnswerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AnswerError::NoSuchItem => f.write_str("there is no such question"),
            AnswerError::WrongKind { expected } => write!(f, "expected {expected}"),
            AnswerError::NoSuchOption => f.write_str("that is not one of the options"),
            AnswerError::DontKnowNotOffered => {
                f.write_str("\"don't know\" is not an option for this question")
            }
            AnswerError::ExclusiveWithOthers { option } => {
                write!(f, "\"{option}\" cannot be combined with other choices")
            }
            AnswerError::ChooseNone { option } => {
                write!(f, "choose \"{option}\" if none of these applies")
            }
            AnswerError::NotWhole => f.write_str("enter a whole number"),
            AnswerError::OutOfRange { message } => f.write_str(message),
            AnswerError::NoSuchUnit => f.write_str("that unit is not accepted here"),
            AnswerError::TooLong { max } => write!(f, "at most {max} characters"),
            AnswerError::NotFinite => f.write_str("enter a finite number"),
            AnswerError::Check { message } => f.write_str(message),
        }
    }
}

impl std::error::Error for AnswerError {}

/// Checks an answer against its item and puts it in canonical form (choices
/// sorted and deduplicated).
pub fn check_answer(item: &Item, answer: Answer) -> Result<Answer, AnswerError> {
    match (&item.kind, answer) {
        (_, Answer::DontKnow) => {
            if item.dont_know {
                Ok(Answer::DontKnow)
            } else {
                Err(AnswerError::DontKnowNotOffered)
            }
        }
        (ItemKind::YesNo(options) | ItemKind::Single(options), Answer::Choice(i)) => {
            if i < options.len() {
                Ok(Answer::Choice(i))
            } else {
                Err(AnswerError::NoSuchOption)
            }
        }
        (ItemKind::Multiple(options), Answer::Choices(mut chosen)) => {
            chosen.sort_unstable();
            chosen.dedup();
            if chosen.iter().any(|&i| i >= options.len()) {
                return Err(AnswerError::NoSuchOption);
            }
            // With a "none of these" option, an empty selection is ambiguous
            // (skipped, or nothing applies?): ask for the explicit choice.
            if chosen.is_empty()
                && let Some(none) = options.iter().find(|o| o.exclusive)
            {
                return Err(AnswerError::ChooseNone {
                    option: none.label.clone(),
                });
            }
            if chosen.len() > 1
                && let Some(&i) = chosen.iter().find(|&&i| options[i].exclusive)
            {
                return Err(AnswerError::ExclusiveWithOthers {
                    option: options[i].label.clone(),
                });
            }
            Ok(Answer::Choices(chosen))
        }
        (ItemKind::Number(spec), Answer::Number { value, unit }) => {
            if !value.is_finite() {
                return Err(AnswerError::NotFinite);
            }
            if unit > 0 && unit >= spec.units.len() {
                return Err(AnswerError::NoSuchUnit);
            }
            if spec.integer && value.fract() != 0.0 {
                return Err(AnswerError::NotWhole);
            }
            let canonical = spec.canonical(value, unit);
            let below = spec.min.is_some_and(|min| canonical < min);
            let above = spec.max.is_some_and(|max| canonical > max);
            if below || above {
                return Err(AnswerError::OutOfRange {
                    message: range_message(spec, value, unit),
                });
            }
            Ok(Answer::Number { value, unit })
        }
        (ItemKind::Text { max_length }, Answer::Text(text)) => {
            if text.chars().count() > *max_length {
                Err(AnswerError::TooLong { max: *max_length })
            } else {
                Ok(Answer::Text(text))
            }
        }
        (kind, _) => Err(AnswerError::WrongKind {
            expected: match kind {
                ItemKind::YesNo(_) => "yes or no",
                ItemKind::Single(_) => "one option",
                ItemKind::Multiple(_) => "a list of options",
                ItemKind::Number(spec) if spec.integer => "a whole number",
                ItemKind::Number(_) => "a number",
                ItemKind::Text { .. } => "text",
            },
        }),
    }
}

/// A number as a person typed it: a decimal comma is read as a point.
/// The message says what was wrong, for the person to try again.
pub fn parse_number(spec: &NumberSpec, text: &str) -> Result<f64, String> {
    text.trim().replace(',', ".").parse().map_err(|_| {
        if spec.integer {
            format!("\"{}\" is not a whole number.", text.trim())
        } else {
            format!("\"{}\" is not a number.", text.trim())
        }
    })
}

/// "1200 ng/mL is outside 1–1000 ng/mL", in the unit the value was entered
/// in, so the person sees the range they can type.
fn range_message(spec: &NumberSpec, value: f64, unit: usize) -> String {
    let factor = spec.units.get(unit).map_or(1.0, |u| u.factor);
    let unit_name = spec.unit_name(unit);
    let suffix = if unit_name.is_empty() {
        String::new()
    } else {
        format!(" {unit_name}")
    };
    let shown = |bound: f64| crate::text::number(round_for_display(bound / factor));
    let range = match (spec.min, spec.max) {
        (Some(min), Some(max)) => format!("{}–{}", shown(min), shown(max)),
        (Some(min), None) => format!("at least {}", shown(min)),
        (None, Some(max)) => format!("at most {}", shown(max)),
        (None, None) => String::new(),
    };
    format!(
        "{}{suffix} is outside the accepted range: {range}{suffix}",
        crate::text::number(value)
    )
}

/// Unit conversion leaves digits like 4.999999999; show 4 significant
/// decimals at most.
fn round_for_display(value: f64) -> f64 {
    (value * 10_000.0).round() / 10_000.0
}
