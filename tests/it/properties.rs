//! Properties of the engine over generated questionnaires and answers: for
//! any valid questionnaire and any answers, scoring never panics, every
//! recommendation has a reason, and answers to questions that do not apply
//! change nothing.

use proptest::prelude::*;
use restless::engine::{self, Answer, Answers};
use restless::questionnaire::{self, ItemKind, Questionnaire};
use restless::report::{Report, Stamp};

#[derive(Debug, Clone)]
enum Kind {
    YesNo,
    Single(usize),
    Multiple(usize, bool),
    Integer(i32, i32),
    Decimal,
    Text,
}

#[derive(Debug, Clone)]
struct ItemSpec {
    kind: Kind,
    dont_know: bool,
    required: bool,
    /// Index into a list of conditions drawn on earlier items.
    show_if: Option<CondSeed>,
}

/// Choices that become a condition once we know which items exist.
#[derive(Debug, Clone)]
struct CondSeed {
    atoms: Vec<(usize, u8, u8)>,
    join_with_or: bool,
    negate: bool,
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        Just(Kind::YesNo),
        (2usize..5).prop_map(Kind::Single),
        (1usize..5, any::<bool>()).prop_map(|(n, e)| Kind::Multiple(n, e)),
        (-5i32..5, 0i32..50).prop_map(|(lo, span)| Kind::Integer(lo, lo + span)),
        Just(Kind::Decimal),
        Just(Kind::Text),
    ]
}

fn seed() -> impl Strategy<Value = CondSeed> {
    (
        prop::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..4),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(atoms, join_with_or, negate)| CondSeed {
            atoms,
            join_with_or,
            negate,
        })
}

fn item() -> impl Strategy<Value = ItemSpec> {
    (
        kind(),
        any::<bool>(),
        any::<bool>(),
        prop::option::of(seed()),
    )
        .prop_map(|(kind, dont_know, required, show_if)| ItemSpec {
            kind,
            dont_know,
            required,
            show_if,
        })
}

/// One comparison on item `target` among `items`, always valid for its kind.
fn atom(items: &[ItemSpec], target: usize, a: u8, b: u8) -> String {
    let spec = &items[target];
    let id = format!("i{target}");
    if spec.dont_know && a.is_multiple_of(7) && !matches!(spec.kind, Kind::Text) {
        return format!("{id} = dont_know");
    }
    match &spec.kind {
        Kind::YesNo => format!(
            "{id} {} {}",
            if a.is_multiple_of(2) { "=" } else { "!=" },
            if b.is_multiple_of(2) { "yes" } else { "no" }
        ),
        Kind::Single(n) => match a % 3 {
            0 => format!("{id} = o{}", b as usize % n),
            1 => format!("{id} != o{}", b as usize % n),
            _ => format!("{id} in (o{}, o{})", b as usize % n, (b as usize + 1) % n),
        },
        Kind::Multiple(n, _) => format!("{id} has o{}", b as usize % n),
        Kind::Integer(lo, hi) => {
            let c = lo + (b as i32 % (hi - lo + 1));
            let op = ["<", "<=", ">=", "!="][a as usize % 4];
            // `x < lo` can never hold and is refused by the checks; use `<=`.
            let op = if op == "<" && c == *lo { "<=" } else { op };
            format!("{id} {op} {c}")
        }
        Kind::Decimal => format!("{id} > {}", b as f64 / 10.0),
        Kind::Text => format!("answered({id})"),
    }
}

fn condition(items: &[ItemSpec], before: usize, seed: &CondSeed) -> Option<String> {
    if before == 0 {
        return None;
    }
    let parts: Vec<String> = seed
        .atoms
        .iter()
        .map(|&(t, a, b)| atom(items, t % before, a, b))
        .collect();
    let joined = parts.join(if seed.join_with_or { " or " } else { " and " });
    Some(if seed.negate {
        format!("not ({joined})")
    } else {
        joined
    })
}

fn toml_for(
    items: &[ItemSpec],
    findings: &[CondSeed],
    triggers: &[(CondSeed, bool)],
    escalate: bool,
) -> String {
    let mut out = String::from(
        "[questionnaire]\nid = \"generated\"\nversion = \"1\"\ntitle = \"Generated\"\n\n[[section]]\nid = \"s\"\ntitle = \"S\"\n",
    );
    for (i, spec) in items.iter().enumerate() {
        out += &format!(
            "\n[[section.item]]\nid = \"i{i}\"\ntext = \"Question {i}\"\nrequired = {}\n",
            spec.required
        );
        if spec.dont_know && !matches!(spec.kind, Kind::Text) {
            out += "dont_know = true\n";
        }
        if let Some(show_if) = spec.show_if.as_ref().and_then(|s| condition(items, i, s)) {
            out += &format!("show_if = \"{show_if}\"\n");
        }
        let options = |n: usize, exclusive: bool| {
            let list: Vec<String> = (0..n)
                .map(|o| {
                    let ex = if exclusive && o == n - 1 && n > 1 {
                        ", exclusive = true"
                    } else {
                        ""
                    };
                    format!("{{ value = \"o{o}\", label = \"Option {o}\", score = {o}{ex} }}")
                })
                .collect();
            format!("options = [{}]\n", list.join(", "))
        };
        out += &match &spec.kind {
            Kind::YesNo => "type = \"yes_no\"\n".to_string(),
            Kind::Single(n) => format!("type = \"single\"\n{}", options(*n, false)),
            Kind::Multiple(n, e) => format!("type = \"multiple\"\n{}", options(*n, *e)),
            Kind::Integer(lo, hi) => format!("type = \"integer\"\nmin = {lo}\nmax = {hi}\n"),
            Kind::Decimal => "type = \"decimal\"\nunit = \"mg\"\nunits = [{ unit = \"g\", factor = 1000 }]\nmin = 0\nmax = 50\n".to_string(),
            Kind::Text => "type = \"text\"\nmax_length = 20\n".to_string(),
        };
    }
    out += "\n[[score]]\nid = \"total\"\nlabel = \"Total\"\nexpr = \"count(";
    out += &(0..items.len())
        .map(|i| format!("answered(i{i})"))
        .collect::<Vec<_>>()
        .join(", ");
    out += ")\"\n";
    for (f, seed) in findings.iter().enumerate() {
        let when = condition(items, items.len(), seed).unwrap_or_else(|| "true".into());
        let when = if f > 0 {
            format!("({when}) or f{}", f - 1)
        } else {
            when
        };
        out +=
            &format!("\n[[finding]]\nid = \"f{f}\"\nlabel = \"Finding {f}\"\nwhen = \"{when}\"\n");
    }
    out += "\n[[classifier]]\nid = \"c\"\nlabel = \"C\"\n\n[[classifier.case]]\nid = \"first\"\nlabel = \"First\"\nwhen = \"total >= 1\"\n\n[[classifier.case]]\nid = \"other\"\nlabel = \"Other\"\nwhen = \"true\"\n";
    out += "\n[[recommendation]]\nid = \"r\"\nname = \"R\"\n";
    if escalate {
        out += "escalate_at = 2\n";
    }
    for (seed, recommended) in triggers {
        let when = condition(items, items.len(), seed).unwrap_or_else(|| "true".into());
        let priority = if *recommended {
            "recommended"
        } else {
            "consider"
        };
        out += &format!(
            "\n[[recommendation.trigger]]\nwhen = \"{when}\"\npriority = \"{priority}\"\nreason = \"Because\"\n"
        );
    }
    out
}

fn answer_for(q: &Questionnaire, item: usize, choice: u8, number: f64) -> Answer {
    let it = &q.items[item];
    if it.dont_know && choice.is_multiple_of(5) {
        return Answer::DontKnow;
    }
    match &it.kind {
        ItemKind::YesNo(o) | ItemKind::Single(o) => Answer::Choice(choice as usize % o.len()),
        ItemKind::Multiple(o) => {
            Answer::Choices((0..o.len()).filter(|i| (choice >> i) & 1 == 1).collect())
        }
        ItemKind::Number(spec) => Answer::Number {
            value: if spec.integer { number.round() } else { number },
            unit: choice as usize % spec.units.len().max(1),
        },
        ItemKind::Text { .. } => Answer::Text("x".repeat(choice as usize % 30)),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn scoring_generated_questionnaires_is_total_and_explained(
        items in prop::collection::vec(item(), 1..10),
        findings in prop::collection::vec(seed(), 0..4),
        triggers in prop::collection::vec((seed(), any::<bool>()), 1..4),
        escalate in any::<bool>(),
        raw_answers in prop::collection::vec((any::<bool>(), any::<u8>(), -10.0f64..60.0), 10),
    ) {
        let text = toml_for(&items, &findings, &triggers, escalate);
        let q = questionnaire::load(&text).map_err(|e| TestCaseError::fail(format!("{e:?}\n{text}")))?;

        let mut answers = Answers::new(&q);
        for (i, (give, choice, number)) in raw_answers.iter().enumerate().take(q.items.len()) {
            if *give {
                // Answers the item cannot take are refused, as in the interface.
                let _ = answers.set(&q, i, answer_for(&q, i, *choice, *number));
            }
        }
        let outcome = engine::evaluate(&q, &answers);
        prop_assert_eq!(&outcome, &engine::evaluate(&q, &answers), "deterministic");

        for rec in &outcome.recommendations {
            prop_assert!(!rec.triggers.is_empty());
            for fired in &rec.triggers {
                prop_assert!(!q.recommendations[rec.recommendation].triggers[fired.trigger].reason.is_empty());
            }
        }
        for &missing in &outcome.missing {
            prop_assert!(outcome.applicable[missing] && q.items[missing].required && answers.get(missing).is_none());
        }

        // Answers to questions that do not apply change nothing.
        let mut pruned = answers.clone();
        for (i, shown) in outcome.applicable.iter().enumerate() {
            if !shown {
                pruned.clear(i);
            }
        }
        prop_assert_eq!(&engine::evaluate(&q, &pruned), &outcome);

        let stamp = Stamp { time: "t".into(), program: "p".into() };
        let report = Report::build(&q, &answers, &[], &stamp);
        for test in &report.result.tests {
            prop_assert!(!test.reasons.is_empty());
        }
        // The saved result loads back to the same answers.
        let reloaded = restless::answers::load(&q, &report.to_toml()).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        prop_assert_eq!(reloaded.answers, answers);
    }
}
