//! What a typed line means in plain mode: a command word, or an answer to
//! the question asked. Pure, so every way of typing an answer is tested
//! without a terminal.

use crate::engine::{Answer, parse_number};
use crate::questionnaire::{Item, ItemKind, Questionnaire};

/// Words that work at any question. They win over answers: no option in a
/// screening is called "back" or "quit".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Back,
    Help,
    Review,
    Skip,
    Quit,
}

impl Command {
    pub fn parse(line: &str) -> Option<Command> {
        match line.trim().to_lowercase().as_str() {
            "back" => Some(Command::Back),
            "help" | "?" => Some(Command::Help),
            "review" => Some(Command::Review),
            "skip" => Some(Command::Skip),
            "quit" | "exit" => Some(Command::Quit),
            _ => None,
        }
    }
}

/// The numbered lines shown under a choice question: its options, then
/// "not sure" when the question offers it.
///
/// A number or text question has no numbered lines: there "not sure" is a
/// word, so that a number typed is always the number.
pub fn choice_lines(q: &Questionnaire, item: &Item) -> Vec<String> {
    if matches!(item.kind, ItemKind::Number(_) | ItemKind::Text { .. }) {
        return Vec::new();
    }
    let mut lines: Vec<String> = item
        .kind
        .options()
        .iter()
        .map(|o| o.label.clone())
        .collect();
    if item.dont_know {
        lines.push(q.labels.dont_know.clone());
    }
    lines
}

/// Ways of saying "don't know" besides the questionnaire's own label. `?`
/// is one wherever "not sure" is offered, as in the full-screen
/// interface; elsewhere it asks for help.
const DONT_KNOW_WORDS: [&str; 6] = [
    "not sure",
    "don't know",
    "dont know",
    "unsure",
    "dont_know",
    "?",
];

fn is_dont_know(q: &Questionnaire, item: &Item, word: &str) -> bool {
    item.dont_know && (word == q.labels.dont_know.to_lowercase() || DONT_KNOW_WORDS.contains(&word))
}

/// One typed word or number as an option: its number in the list, its
/// label or its value, ignoring case. `Ok(None)` is "not sure".
fn option_of(q: &Questionnaire, item: &Item, word: &str) -> Result<Option<usize>, String> {
    let options = item.kind.options();
    let count = options.len() + usize::from(item.dont_know);
    if let Ok(n) = word.parse::<usize>() {
        return match n {
            n if (1..=options.len()).contains(&n) => Ok(Some(n - 1)),
            n if n == count && item.dont_know => Ok(None),
            _ => Err(format!(
                "There is no option {n}: type a number from 1 to {count}."
            )),
        };
    }
    if is_dont_know(q, item, word) {
        return Ok(None);
    }
    if let Some(i) = options
        .iter()
        .position(|o| o.label.to_lowercase() == word || o.value.to_lowercase() == word)
    {
        return Ok(Some(i));
    }
    Err(format!(
        "\"{word}\" is not one of the options: type a number from 1 to {count}."
    ))
}

/// The answer a typed line gives to `item`. An empty line is not an
/// answer; the caller decides what it means (keep, skip, or ask again).
pub fn answer(q: &Questionnaire, item: &Item, line: &str) -> Result<Answer, String> {
    let typed = line.trim();
    let word = typed.to_lowercase();
    match &item.kind {
        ItemKind::YesNo(_) => match word.as_str() {
            "y" | "yes" | "1" => Ok(Answer::Choice(0)),
            "n" | "no" | "0" | "2" => Ok(Answer::Choice(1)),
            _ => option_of(q, item, &word).map(|o| o.map_or(Answer::DontKnow, Answer::Choice)),
        },
        ItemKind::Single(_) => {
            option_of(q, item, &word).map(|o| o.map_or(Answer::DontKnow, Answer::Choice))
        }
        ItemKind::Multiple(_) => {
            if is_dont_know(q, item, &word) {
                return Ok(Answer::DontKnow);
            }
            // A whole label first, since labels may hold commas.
            if let Ok(Some(i)) = option_of(q, item, &word) {
                return Ok(Answer::Choices(vec![i]));
            }
            let parts: Vec<&str> = word
                .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
                .filter(|p| !p.is_empty())
                .collect();
            if let [only] = parts.as_slice()
                && option_of(q, item, only)?.is_none()
            {
                return Ok(Answer::DontKnow);
            }
            let mut chosen = Vec::new();
            for part in parts {
                match option_of(q, item, part)? {
                    Some(i) => chosen.push(i),
                    None => {
                        return Err(format!(
                            "\"{}\" cannot be combined with other choices.",
                            q.labels.dont_know
                        ));
                    }
                }
            }
            Ok(Answer::Choices(chosen))
        }
        ItemKind::Number(spec) => {
            if is_dont_know(q, item, &word) {
                return Ok(Answer::DontKnow);
            }
            let (number, unit_text) = match split_unit(typed) {
                // No digits first: not a number, whatever follows.
                ("", _) => (typed, None),
                split => split,
            };
            let unit = match unit_text {
                None => 0,
                Some(unit_text) if spec.units.is_empty() => {
                    return Err(format!("Type the number only, without \"{unit_text}\"."));
                }
                Some(unit_text) => spec
                    .units
                    .iter()
                    .position(|u| same_unit(&u.name, unit_text))
                    .ok_or_else(|| {
                        let names: Vec<&str> = spec.units.iter().map(|u| u.name.as_str()).collect();
                        format!(
                            "\"{unit_text}\" is not a unit accepted here; use {}.",
                            names.join(" or ")
                        )
                    })?,
            };
            let value = parse_number(spec, number)?;
            Ok(Answer::Number { value, unit })
        }
        ItemKind::Text { .. } => {
            if is_dont_know(q, item, &word) {
                return Ok(Answer::DontKnow);
            }
            Ok(Answer::Text(typed.to_string()))
        }
    }
}

/// "35 µg/L" → ("35", Some("µg/L")); "35" → ("35", None).
fn split_unit(typed: &str) -> (&str, Option<&str>) {
    let end = typed
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+')))
        .unwrap_or(typed.len());
    let (number, rest) = typed.split_at(end);
    let rest = rest.trim();
    (number.trim(), (!rest.is_empty()).then_some(rest))
}

/// Units typed on a plain keyboard: "ug/l" for "µg/L", "mcg" for "µg".
fn same_unit(name: &str, typed: &str) -> bool {
    let fold = |s: &str| {
        s.to_lowercase()
            .replace("mcg", "µg")
            .replace("ug", "µg")
            .replace('μ', "µ")
            .replace(' ', "")
    };
    fold(name) == fold(typed)
}

#[cfg(test)]
mod tests {
    use super::*;

    const Q: &str = r#"
[questionnaire]
id = "parse"
version = "1"
title = "Parse"

[[section]]
id = "s"
title = "S"

[[section.item]]
id = "yn"
type = "yes_no"
text = "Yes or no?"
dont_know = true

[[section.item]]
id = "one"
type = "single"
text = "Which one?"
options = [
  { value = "daily", label = "Every day" },
  { value = "weekly", label = "Once a week" },
]

[[section.item]]
id = "many"
type = "multiple"
text = "Which ones?"
dont_know = true
options = [
  { value = "a", label = "Tea, coffee" },
  { value = "b", label = "Milk" },
  { value = "none", label = "None of these", exclusive = true },
]

[[section.item]]
id = "ferritin"
type = "decimal"
text = "Ferritin?"
unit = "ng/mL"
units = [{ unit = "µg/L", factor = 1 }]
min = 1
max = 1000

[[section.item]]
id = "onset"
type = "integer"
text = "About how old were you when it first started?"
min = 1
max = 120
dont_know = true
"#;

    fn q() -> Questionnaire {
        crate::questionnaire::load(Q).unwrap()
    }

    fn answer_to(id: &str, line: &str) -> Result<Answer, String> {
        let q = q();
        let item = &q.items[q.item_index(id).unwrap()];
        answer(&q, item, line)
    }

    #[test]
    fn commands_are_whole_words_in_any_case() {
        assert_eq!(Command::parse(" Back "), Some(Command::Back));
        assert_eq!(Command::parse("?"), Some(Command::Help));
        assert_eq!(Command::parse("QUIT"), Some(Command::Quit));
        assert_eq!(Command::parse("backwards"), None);
    }

    #[test]
    fn yes_no_by_word_letter_or_number() {
        for yes in ["y", "Yes", "1"] {
            assert_eq!(answer_to("yn", yes), Ok(Answer::Choice(0)), "{yes}");
        }
        for no in ["n", "NO", "0", "2"] {
            assert_eq!(answer_to("yn", no), Ok(Answer::Choice(1)), "{no}");
        }
        assert_eq!(answer_to("yn", "3"), Ok(Answer::DontKnow));
        assert_eq!(answer_to("yn", "not sure"), Ok(Answer::DontKnow));
        assert!(answer_to("yn", "4").unwrap_err().contains("1 to 3"));
    }

    #[test]
    fn single_by_number_label_or_value() {
        assert_eq!(answer_to("one", "2"), Ok(Answer::Choice(1)));
        assert_eq!(answer_to("one", "every day"), Ok(Answer::Choice(0)));
        assert_eq!(answer_to("one", "weekly"), Ok(Answer::Choice(1)));
        let refused = answer_to("one", "sometimes").unwrap_err();
        assert!(
            refused.contains("\"sometimes\" is not one of the options"),
            "{refused}"
        );
        assert!(answer_to("one", "not sure").is_err(), "not offered here");
    }

    #[test]
    fn multiple_by_numbers_or_a_whole_label() {
        assert_eq!(answer_to("many", "1, 2"), Ok(Answer::Choices(vec![0, 1])));
        assert_eq!(answer_to("many", "2 1"), Ok(Answer::Choices(vec![1, 0])));
        assert_eq!(
            answer_to("many", "tea, coffee"),
            Ok(Answer::Choices(vec![0]))
        );
        assert_eq!(answer_to("many", "4"), Ok(Answer::DontKnow));
        assert!(
            answer_to("many", "1 4")
                .unwrap_err()
                .contains("cannot be combined")
        );
        assert!(
            answer_to("many", "1 9")
                .unwrap_err()
                .contains("no option 9")
        );
    }

    #[test]
    fn numbers_with_or_without_a_unit() {
        assert_eq!(
            answer_to("ferritin", "35"),
            Ok(Answer::Number {
                value: 35.0,
                unit: 0
            })
        );
        assert_eq!(
            answer_to("ferritin", "35,5 ug/l"),
            Ok(Answer::Number {
                value: 35.5,
                unit: 1
            })
        );
        assert_eq!(
            answer_to("ferritin", "35 µg/L"),
            Ok(Answer::Number {
                value: 35.0,
                unit: 1
            })
        );
        let refused = answer_to("ferritin", "35 mg").unwrap_err();
        assert!(refused.contains("ng/mL or µg/L"), "{refused}");
        assert_eq!(
            answer_to("ferritin", "lots").unwrap_err(),
            "\"lots\" is not a number."
        );
        assert_eq!(
            answer_to("ferritin", "4o").unwrap_err(),
            "\"o\" is not a unit accepted here; use ng/mL or µg/L."
        );
    }

    /// In a number question "not sure" is a word, never a number: `1` is
    /// the age 1, and "not sure" or `?` is not sure.
    #[test]
    fn in_a_number_not_sure_is_a_word() {
        let q = q();
        let item = &q.items[q.item_index("onset").unwrap()];
        assert!(choice_lines(&q, item).is_empty(), "nothing numbered");
        assert_eq!(
            answer_to("onset", "1"),
            Ok(Answer::Number {
                value: 1.0,
                unit: 0
            })
        );
        assert_eq!(answer_to("onset", "not sure"), Ok(Answer::DontKnow));
        assert_eq!(answer_to("onset", "?"), Ok(Answer::DontKnow));
        assert_eq!(answer_to("yn", "?"), Ok(Answer::DontKnow));
    }
}
