//! Any text as a condition over a small questionnaire, evaluated against
//! answers drawn from the rest of the input: parsing, checking and
//! evaluating must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use restless::engine::{Answer, Answers, evaluate};
use restless::questionnaire::ItemKind;

const BASE: &str = r#"
[questionnaire]
id = "fuzz"
version = "1"
title = "Fuzz"

[[section]]
id = "s"
title = "S"

[[section.item]]
id = "a"
type = "yes_no"
text = "A"
dont_know = true

[[section.item]]
id = "b"
type = "single"
text = "B"
options = [{ value = "x", label = "X", score = 1 }, { value = "y", label = "Y", score = 2 }]

[[section.item]]
id = "c"
type = "multiple"
text = "C"
options = [{ value = "p", label = "P" }, { value = "q", label = "Q" }, { value = "none", label = "None", exclusive = true }]

[[section.item]]
id = "n"
type = "decimal"
text = "N"
unit = "mg"
units = [{ unit = "g", factor = 1000 }]
min = -5
max = 1e6

[[section.item]]
id = "t"
type = "text"
text = "T"
required = false

[[score]]
id = "total"
label = "Total"
expr = "sum(b, n)"

[[finding]]
id = "f"
label = "F"
when = "a = yes"
"#;

fuzz_target!(|data: &[u8]| {
    let Some((&split, rest)) = data.split_first() else {
        return;
    };
    let (condition, choices) = rest.split_at((split as usize).min(rest.len()));
    let Ok(condition) = std::str::from_utf8(condition) else {
        return;
    };
    let quoted = toml::Value::String(condition.to_string()).to_string();
    let text = format!(
        "{BASE}\n[[finding]]\nid = \"g\"\nlabel = \"G\"\nwhen = {quoted}\n\n[[recommendation]]\nid = \"r\"\nname = \"R\"\n\n[[recommendation.trigger]]\nwhen = {quoted}\npriority = \"consider\"\nreason = \"R\"\n"
    );
    let Ok(q) = restless::questionnaire::load(&text) else {
        return;
    };
    let mut answers = Answers::new(&q);
    for (i, &byte) in choices.iter().enumerate().take(q.items.len()) {
        let answer = match &q.items[i].kind {
            _ if byte == 0 => continue,
            _ if byte == 1 => Answer::DontKnow,
            ItemKind::YesNo(o) | ItemKind::Single(o) => Answer::Choice(byte as usize % o.len()),
            ItemKind::Multiple(o) => {
                Answer::Choices((0..o.len()).filter(|b| byte >> b & 1 == 1).collect())
            }
            ItemKind::Number(_) => Answer::Number {
                value: f64::from(byte) - 10.0,
                unit: byte as usize % 2,
            },
            ItemKind::Text { .. } => Answer::Text("x".into()),
        };
        let _ = answers.set(&q, i, answer);
    }
    let outcome = evaluate(&q, &answers);
    for rec in &outcome.recommendations {
        assert!(!rec.triggers.is_empty());
    }
});
