//! The engine: which questions apply, what the answers mean, and why.
//!
//! Pure functions of a questionnaire and a set of answers: no terminal, no
//! files, no clock. Everything the engine concludes carries the evidence
//! (the answers and findings) that made it so, so that every finding and
//! recommendation can be explained to the clinician.

use crate::questionnaire::cond::{Cond, NumExpr, Reference};
use crate::questionnaire::expr::ArithOp;
use crate::questionnaire::model::*;

mod answer;
mod evidence;

pub use answer::{Answer, AnswerError, Answers, check_answer, parse_number};
pub use evidence::{Evidence, Indices};

#[derive(Debug, Clone, PartialEq)]
pub struct ScoreValue {
    pub value: Option<f64>,
    pub evidence: Evidence,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FindingValue {
    /// False when the finding's `applies_if` does not hold (not assessed).
    pub applies: bool,
    pub value: bool,
    /// Not true, and its `unsure_if` holds: "not sure" rather than "not met".
    pub unsure: bool,
    pub evidence: Evidence,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Classification {
    /// `false` when the classifier's `applies_if` does not hold.
    pub applies: bool,
    /// The first case whose condition holds.
    pub case: Option<usize>,
    pub evidence: Evidence,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FiredTrigger {
    pub trigger: usize,
    pub evidence: Evidence,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RecommendationOutcome {
    pub recommendation: usize,
    pub priority: Priority,
    /// Raised to "recommended" by enough "consider" triggers together.
    pub escalated: bool,
    pub triggers: Vec<FiredTrigger>,
    pub notes: Vec<(usize, Evidence)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Suppressed {
    pub recommendation: usize,
    pub evidence: Evidence,
}

/// Everything the engine concludes from one set of answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Whether each item applies; answers to items that do not apply are
    /// ignored everywhere.
    pub applicable: Vec<bool>,
    /// Required items that apply but have no answer.
    pub missing: Vec<usize>,
    pub scores: Vec<ScoreValue>,
    pub findings: Vec<FindingValue>,
    pub classifications: Vec<Classification>,
    /// Recommendations that fired, most urgent first, then in catalogue
    /// order.
    pub recommendations: Vec<RecommendationOutcome>,
    /// Recommendations that fired but are not needed (for example because a
    /// current result is already known).
    pub suppressed: Vec<Suppressed>,
    /// Whether the questionnaire's "no recommendation" statement may be
    /// said: no recommendation fired and its condition, if any, holds.
    pub no_recommendation: bool,
}

/// Which items apply, given the answers so far. Answers to items that do
/// not apply do not count, so hiding an item also hides what depends on it.
pub fn applicable(questionnaire: &Questionnaire, answers: &Answers) -> Vec<bool> {
    let mut eval = Evaluator::new(questionnaire, answers);
    eval.resolve_applicability();
    eval.applicable
}

/// Scores a set of answers.
pub fn evaluate(questionnaire: &Questionnaire, answers: &Answers) -> Outcome {
    let q = questionnaire;
    let mut eval = Evaluator::new(q, answers);
    eval.resolve_applicability();
    let missing = q
        .items
        .iter()
        .enumerate()
        .filter(|(i, item)| item.required && eval.applicable[*i] && eval.answer(*i).is_none())
        .map(|(i, _)| i)
        .collect();
    let scores = (0..q.scores.len())
        .map(|s| {
            let (value, evidence) = eval.score(s);
            ScoreValue { value, evidence }
        })
        .collect();
    let findings = (0..q.findings.len())
        .map(|f| {
            let applies = eval.finding_applies(f);
            let (value, evidence) = eval.finding(f);
            let unsure = applies
                && !value
                && q.findings[f]
                    .unsure_if
                    .as_ref()
                    .is_some_and(|cond| eval.cond(cond).0);
            FindingValue {
                applies,
                value,
                unsure,
                evidence,
            }
        })
        .collect();
    let classifications = q.classifiers.iter().map(|c| eval.classify(c)).collect();
    let mut recommendations = Vec::new();
    let mut suppressed = Vec::new();
    for (index, rec) in q.recommendations.iter().enumerate() {
        let Some(outcome) = eval.recommend(index, rec) else {
            continue;
        };
        if let Some(cond) = &rec.suppress_if {
            let (hold, evidence) = eval.cond(cond);
            if hold {
                suppressed.push(Suppressed {
                    recommendation: index,
                    evidence,
                });
                continue;
            }
        }
        recommendations.push(outcome);
    }
    // Stable: within a priority, the catalogue order the author chose.
    recommendations.sort_by_key(|r| r.priority);
    let no_recommendation = recommendations.is_empty()
        && q.no_recommendation_if
            .as_ref()
            .is_none_or(|cond| eval.cond(cond).0);
    Outcome {
        no_recommendation,
        applicable: eval.applicable,
        missing,
        scores,
        findings,
        classifications,
        recommendations,
        suppressed,
    }
}

/// The message of the first cross-item check that the answers break and
/// that names `item`, if any: the answer just given to `item` is refused.
pub fn failed_check<'q>(
    questionnaire: &'q Questionnaire,
    answers: &Answers,
    item: usize,
) -> Option<&'q str> {
    let mut naming = questionnaire
        .checks
        .iter()
        .filter(|check| check.items.contains(&item))
        .peekable();
    // Most answers are named by no check: working out what applies would
    // then cost a pass over the questionnaire for nothing.
    naming.peek()?;
    let mut eval = Evaluator::new(questionnaire, answers);
    eval.resolve_applicability();
    eval.explain = false;
    naming
        .find(|check| eval.cond(&check.when).0)
        .map(|check| check.message.as_str())
}

struct Evaluator<'q> {
    q: &'q Questionnaire,
    answers: &'q Answers,
    applicable: Vec<bool>,
    scores: Vec<Option<(Option<f64>, Evidence)>>,
    findings: Vec<Option<(bool, Evidence)>>,
    /// Whether conditions collect their evidence. Deciding what applies
    /// needs only values, and collecting is most of the cost.
    explain: bool,
}

impl<'q> Evaluator<'q> {
    fn new(q: &'q Questionnaire, answers: &'q Answers) -> Self {
        Evaluator {
            q,
            answers,
            applicable: vec![false; q.items.len()],
            scores: vec![None; q.scores.len()],
            findings: vec![None; q.findings.len()],
            explain: true,
        }
    }

    /// In questionnaire order: a condition only looks at earlier items
    /// (checked when the questionnaire was loaded), so one pass settles it.
    fn resolve_applicability(&mut self) {
        let explain = std::mem::replace(&mut self.explain, false);
        self.resolve_visibility();
        self.explain = explain;
    }

    fn resolve_visibility(&mut self) {
        let q = self.q;
        for section in &q.sections {
            let shown = match &section.show_if {
                Some(cond) => self.cond(cond).0,
                None => true,
            };
            for i in section.items.clone() {
                self.applicable[i] = shown
                    && match &q.items[i].show_if {
                        Some(cond) => self.cond(cond).0,
                        None => true,
                    };
            }
        }
    }

    fn answer(&self, item: usize) -> Option<&'q Answer> {
        if self.applicable.get(item).copied().unwrap_or(false) {
            self.answers.get(item)
        } else {
            None
        }
    }

    fn score(&mut self, index: usize) -> (Option<f64>, Evidence) {
        if let Some(cached) = &self.scores[index] {
            return cached.clone();
        }
        self.settle(Reference::Score(index));
        self.scores[index].clone().unwrap_or_default()
    }

    /// Works out `root` and every rule it uses, deepest first, without
    /// recursion: a chain of thousands of findings, each using the next,
    /// is valid and must not exhaust the stack (a worker thread's is
    /// small). When a rule is worked out, every rule it names is already
    /// known, so evaluating its expression recurses only as deep as the
    /// expression itself, which loading bounds.
    fn settle(&mut self, root: Reference) {
        let q = self.q;
        // The rules a rule uses; an item needs no working out.
        let uses = |rule: Reference| {
            let mut refs = Vec::new();
            let mut rule_of = |used: Reference| {
                if !matches!(used, Reference::Item(_)) {
                    refs.push(used);
                }
            };
            match rule {
                Reference::Score(i) => q.scores[i].expr.each_reference(&mut rule_of),
                Reference::Finding(i) => {
                    q.findings[i].when.each_reference(&mut rule_of);
                    if let Some(applies_if) = &q.findings[i].applies_if {
                        applies_if.each_reference(&mut rule_of);
                    }
                }
                Reference::Item(_) => {}
            }
            refs
        };
        // Loading refuses cycles; the bound only keeps a questionnaire
        // built some other way from looping for ever.
        let most = q.scores.len() + q.findings.len();
        let mut stack = vec![(root, uses(root), 0)];
        while let Some((rule, refs, next)) = stack.last_mut() {
            if let Some(&used) = refs.get(*next) {
                *next += 1;
                if !self.is_settled(used) && stack.len() <= most {
                    stack.push((used, uses(used), 0));
                }
                continue;
            }
            let rule = *rule;
            stack.pop();
            if !self.is_settled(rule) {
                self.work_out(rule);
            }
        }
    }

    fn is_settled(&self, rule: Reference) -> bool {
        match rule {
            Reference::Score(i) => self.scores[i].is_some(),
            Reference::Finding(i) => self.findings[i].is_some(),
            Reference::Item(_) => true,
        }
    }

    fn work_out(&mut self, rule: Reference) {
        match rule {
            Reference::Score(i) => self.work_out_score(i),
            Reference::Finding(i) => self.work_out_finding(i),
            Reference::Item(_) => {}
        }
    }

    fn work_out_score(&mut self, index: usize) {
        let q = self.q;
        // Kept for later, so explained even when asked while deciding
        // what applies.
        let explain = std::mem::replace(&mut self.explain, true);
        let result = self.num(&q.scores[index].expr);
        self.explain = explain;
        self.scores[index] = Some(result);
    }

    fn finding(&mut self, index: usize) -> (bool, Evidence) {
        self.finding_value(index);
        self.findings[index].clone().unwrap_or_default()
    }

    /// Whether the finding holds, worked out (with its evidence, which is
    /// kept for later) once.
    fn finding_value(&mut self, index: usize) -> bool {
        if let Some((value, _)) = &self.findings[index] {
            return *value;
        }
        self.settle(Reference::Finding(index));
        self.findings[index]
            .as_ref()
            .is_some_and(|(value, _)| *value)
    }

    fn work_out_finding(&mut self, index: usize) {
        let q = self.q;
        let explain = std::mem::replace(&mut self.explain, true);
        let result = if self.finding_applies(index) {
            self.cond(&q.findings[index].when)
        } else {
            (false, Evidence::default())
        };
        self.explain = explain;
        self.findings[index] = Some(result);
    }

    /// The evidence of reading `item`, when evidence is being collected.
    fn read(&self, item: usize) -> Evidence {
        if self.explain {
            Evidence::item(item)
        } else {
            Evidence::default()
        }
    }

    fn finding_applies(&mut self, index: usize) -> bool {
        let q = self.q;
        match &q.findings[index].applies_if {
            Some(cond) => self.cond(cond).0,
            None => true,
        }
    }

    /// Evaluates a condition, returning its value and the evidence that
    /// explains that value (why true, or why false).
    fn cond(&mut self, cond: &Cond) -> (bool, Evidence) {
        match cond {
            Cond::Const(b) => (*b, Evidence::default()),
            Cond::Not(inner) => {
                let (value, evidence) = self.cond(inner);
                (!value, evidence)
            }
            Cond::All(parts) => self.combine(parts, true),
            Cond::Any(parts) => self.combine(parts, false),
            Cond::Choice {
                item,
                equal,
                option,
            } => {
                let value = match self.answer(*item) {
                    Some(Answer::Choice(chosen)) => (chosen == option) == *equal,
                    _ => false,
                };
                (value, self.read(*item))
            }
            Cond::In {
                item,
                options,
                dont_know,
            } => {
                let value = match self.answer(*item) {
                    Some(Answer::Choice(chosen)) => options.contains(chosen),
                    Some(Answer::DontKnow) => *dont_know,
                    _ => false,
                };
                (value, self.read(*item))
            }
            Cond::Has { item, option } => {
                let value =
                    matches!(self.answer(*item), Some(Answer::Choices(c)) if c.contains(option));
                (value, self.read(*item))
            }
            Cond::DontKnow(item) => (
                matches!(self.answer(*item), Some(Answer::DontKnow)),
                self.read(*item),
            ),
            Cond::Answered(item) => (self.answer(*item).is_some(), self.read(*item)),
            Cond::Known(item) => (
                matches!(self.answer(*item), Some(a) if *a != Answer::DontKnow),
                self.read(*item),
            ),
            Cond::Finding(f) => {
                let value = self.finding_value(*f);
                let evidence = if self.explain {
                    Evidence::finding(*f)
                } else {
                    Evidence::default()
                };
                (value, evidence)
            }
            Cond::Compare(left, op, right) => {
                let (l, mut evidence) = self.num(left);
                let (r, more) = self.num(right);
                evidence.merge(more);
                let value = match (l, r) {
                    (Some(l), Some(r)) => op.holds(l, r),
                    _ => false,
                };
                (value, evidence)
            }
        }
    }

    /// `all` (conjunction) or `any`. The evidence for the result is what
    /// decided it: for a true `any`, the parts that are true; for a false
    /// `all`, the parts that are false; otherwise every part.
    fn combine(&mut self, parts: &[Cond], conjunction: bool) -> (bool, Evidence) {
        // Every part is worked out (what it settles is kept for later).
        // The evidence is that of the parts that decided: those that agree
        // with the value. When the value is not decided by any one part
        // (all held, or none), every part agrees with it.
        let (mut held, mut failed) = (Evidence::default(), Evidence::default());
        let (mut any_held, mut any_failed) = (false, false);
        for part in parts {
            let (v, e) = self.cond(part);
            // Once one part has decided the value, the evidence of the
            // parts that disagree with it is not kept.
            if v {
                any_held = true;
                if !(conjunction && any_failed) {
                    held.merge(e);
                }
            } else {
                any_failed = true;
                if conjunction || !any_held {
                    failed.merge(e);
                }
            }
        }
        let value = if conjunction { !any_failed } else { any_held };
        (value, if value { held } else { failed })
    }

    fn num(&mut self, expr: &NumExpr) -> (Option<f64>, Evidence) {
        match expr {
            NumExpr::Const(c) => (Some(*c), Evidence::default()),
            NumExpr::Item(item) => (self.item_number(*item), self.read(*item)),
            NumExpr::Score(s) => self.score(*s),
            NumExpr::Negate(inner) => {
                let (value, evidence) = self.num(inner);
                (value.map(|v| -v), evidence)
            }
            NumExpr::Arith(left, op, right) => {
                let (l, mut evidence) = self.num(left);
                let (r, more) = self.num(right);
                evidence.merge(more);
                let value = match (l, r) {
                    (Some(l), Some(r)) => match op {
                        ArithOp::Add => Some(l + r),
                        ArithOp::Sub => Some(l - r),
                        ArithOp::Mul => Some(l * r),
                        ArithOp::Div if r != 0.0 => Some(l / r),
                        ArithOp::Div => None,
                    },
                    _ => None,
                };
                (value.filter(|v| v.is_finite()), evidence)
            }
            NumExpr::Count(conds) => {
                let mut count = 0.0;
                let mut evidence = Evidence::default();
                for c in conds {
                    let (value, e) = self.cond(c);
                    if value {
                        count += 1.0;
                        evidence.merge(e);
                    }
                }
                (Some(count), evidence)
            }
            NumExpr::Sum(parts) => self.fold(parts, |a, b| a + b),
            NumExpr::Min(parts) => self.fold(parts, f64::min),
            NumExpr::Max(parts) => self.fold(parts, f64::max),
            NumExpr::Coalesce(parts) => {
                let mut evidence = Evidence::default();
                for p in parts {
                    let (value, e) = self.num(p);
                    evidence.merge(e);
                    if value.is_some() {
                        return (value, evidence);
                    }
                }
                (None, evidence)
            }
        }
    }

    /// Combines the values present; missing only when all are missing.
    fn fold(&mut self, parts: &[NumExpr], f: fn(f64, f64) -> f64) -> (Option<f64>, Evidence) {
        let mut total: Option<f64> = None;
        let mut evidence = Evidence::default();
        for p in parts {
            let (value, e) = self.num(p);
            evidence.merge(e);
            if let Some(v) = value {
                total = Some(total.map_or(v, |t| f(t, v)));
            }
        }
        (total.filter(|v| v.is_finite()), evidence)
    }

    fn item_number(&self, item: usize) -> Option<f64> {
        let kind = &self.q.items[item].kind;
        match (kind, self.answer(item)?) {
            (ItemKind::Number(spec), Answer::Number { value, unit }) => {
                Some(spec.canonical(*value, *unit))
            }
            (ItemKind::Single(options), Answer::Choice(i)) => options.get(*i)?.score,
            (ItemKind::Multiple(options), Answer::Choices(chosen)) => chosen
                .iter()
                .map(|&i| options.get(i).and_then(|o| o.score))
                .sum(),
            _ => None,
        }
    }

    fn classify(&mut self, classifier: &Classifier) -> Classification {
        let mut evidence = Evidence::default();
        if let Some(cond) = &classifier.applies_if {
            let (applies, e) = self.cond(cond);
            if !applies {
                return Classification {
                    applies: false,
                    case: None,
                    evidence: e,
                };
            }
            evidence.merge(e);
        }
        for (index, case) in classifier.cases.iter().enumerate() {
            let (hold, e) = self.cond(&case.when);
            if hold {
                return Classification {
                    applies: true,
                    case: Some(index),
                    evidence: e,
                };
            }
        }
        Classification {
            applies: true,
            case: None,
            evidence,
        }
    }

    fn recommend(&mut self, index: usize, rec: &Recommendation) -> Option<RecommendationOutcome> {
        let mut triggers = Vec::new();
        for (t, trigger) in rec.triggers.iter().enumerate() {
            let (fired, evidence) = self.cond(&trigger.when);
            if fired {
                triggers.push(FiredTrigger {
                    trigger: t,
                    evidence,
                });
            }
        }
        if triggers.is_empty() {
            return None;
        }
        let best = triggers
            .iter()
            .map(|f| rec.triggers[f.trigger].priority)
            .min()
            .unwrap_or(Priority::Consider);
        let counted = triggers
            .iter()
            .filter(|f| rec.triggers[f.trigger].escalates)
            .count();
        let escalated = best == Priority::Consider
            && rec
                .escalate_at
                .is_some_and(|threshold| counted >= threshold);
        let priority = if escalated {
            Priority::Recommended
        } else {
            best
        };
        let notes = rec
            .notes
            .iter()
            .enumerate()
            .filter_map(|(n, note)| {
                let (hold, evidence) = self.cond(&note.when);
                hold.then_some((n, evidence))
            })
            .collect();
        Some(RecommendationOutcome {
            recommendation: index,
            priority,
            escalated,
            triggers,
            notes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire;

    const Q: &str = r#"
[questionnaire]
id = "engine-test"
version = "1"
title = "Engine test"

[[section]]
id = "a"
title = "A"

[[section.item]]
id = "urge"
type = "yes_no"
text = "Urge?"
dont_know = true

[[section.item]]
id = "rest"
type = "yes_no"
text = "Worse at rest?"
show_if = "urge = yes"

[[section.item]]
id = "freq"
type = "single"
text = "How often?"
show_if = "urge = yes"
dont_know = true
options = [
  { value = "rare", label = "Rarely", score = 0 },
  { value = "weekly", label = "Weekly", score = 1 },
  { value = "daily", label = "Daily", score = 3 },
]

[[section.item]]
id = "meds"
type = "multiple"
text = "Medicines?"
options = [
  { value = "ppi", label = "PPI" },
  { value = "diuretic", label = "Diuretic" },
  { value = "none", label = "None of these", exclusive = true },
]

[[section.item]]
id = "iron"
type = "decimal"
text = "Serum iron"
unit = "µmol/L"
units = [{ unit = "µg/dL", factor = 0.179 }]
required = false
dont_know = true

[[section.item]]
id = "tibc"
type = "decimal"
text = "TIBC"
unit = "µmol/L"
required = false

[[section]]
id = "b"
title = "B"
show_if = "positive"

[[section.item]]
id = "sleep"
type = "single"
text = "Sleep?"
options = [
  { value = "none", label = "None", score = 0 },
  { value = "mild", label = "Mild", score = 1 },
  { value = "severe", label = "Severe", score = 2 },
]

[[score]]
id = "burden"
label = "Burden"
expr = "sum(freq, sleep)"

[[score]]
id = "tsat"
label = "TSAT"
expr = "iron / tibc * 100"

[[finding]]
id = "positive"
label = "Positive"
when = "urge = yes and rest = yes"
show = "always"

[[finding]]
id = "mg_risk"
label = "Magnesium risk"
when = "count(meds has ppi, meds has diuretic) >= 2"

[[classifier]]
id = "dx"
label = "Result"

[[classifier.case]]
id = "negative"
label = "Negative"
when = "urge = no"

[[classifier.case]]
id = "met"
label = "Met"
when = "positive"

[[classifier.case]]
id = "unclear"
label = "Unclear"
when = "true"

[[recommendation]]
id = "mg"
name = "Magnesium"
escalate_at = 2

[[recommendation.trigger]]
when = "meds has ppi"
priority = "consider"
reason = "PPI"

[[recommendation.trigger]]
when = "meds has diuretic"
priority = "consider"
reason = "Diuretic"

[[recommendation]]
id = "iron_studies"
name = "Iron studies"
suppress_if = "tsat >= 20"

[[recommendation.trigger]]
when = "positive"
priority = "recommended"
reason = "Positive screen"

[[recommendation.note]]
when = "freq = daily"
text = "Daily symptoms"
"#;

    fn q() -> Questionnaire {
        questionnaire::load(Q).unwrap()
    }

    fn answers(q: &Questionnaire, pairs: &[(&str, Answer)]) -> Answers {
        let mut answers = Answers::new(q);
        for (id, answer) in pairs {
            let index = q.item_index(id).unwrap();
            answers.set(q, index, answer.clone()).unwrap();
        }
        answers
    }

    fn yes() -> Answer {
        Answer::Choice(0)
    }
    fn no() -> Answer {
        Answer::Choice(1)
    }

    fn case_id(q: &Questionnaire, outcome: &Outcome) -> Option<String> {
        let c = &outcome.classifications[0];
        c.case.map(|i| q.classifiers[0].cases[i].id.clone())
    }

    fn item_ids(q: &Questionnaire, evidence: &Evidence) -> Vec<String> {
        evidence
            .items
            .iter()
            .map(|&i| q.items[i].id.clone())
            .collect()
    }

    #[test]
    fn conditions_hide_items_and_whole_sections() {
        let q = q();
        let shown = |a: &Answers| -> Vec<&str> {
            applicable(&q, a)
                .iter()
                .enumerate()
                .filter(|(_, s)| **s)
                .map(|(i, _)| q.items[i].id.as_str())
                .collect()
        };
        assert_eq!(shown(&Answers::new(&q)), ["urge", "meds", "iron", "tibc"]);
        let a = answers(&q, &[("urge", yes())]);
        assert_eq!(shown(&a), ["urge", "rest", "freq", "meds", "iron", "tibc"]);
        let a = answers(&q, &[("urge", yes()), ("rest", yes())]);
        assert!(
            shown(&a).contains(&"sleep"),
            "section b follows the finding"
        );
    }

    #[test]
    fn hidden_answers_are_not_scored() {
        let q = q();
        // `rest` and `sleep` were answered, then `urge` changed to no.
        let a = answers(
            &q,
            &[
                ("urge", no()),
                ("rest", yes()),
                ("freq", Answer::Choice(2)),
                ("sleep", Answer::Choice(2)),
            ],
        );
        let outcome = evaluate(&q, &a);
        assert!(!outcome.applicable[1]);
        assert!(
            !outcome.findings[0].value,
            "rest=yes is hidden, so not positive"
        );
        assert_eq!(
            outcome.scores[0].value, None,
            "hidden freq and sleep do not sum"
        );
        assert_eq!(case_id(&q, &outcome).as_deref(), Some("negative"));
    }

    #[test]
    fn dont_know_and_unanswered_make_comparisons_false() {
        let q = q();
        let outcome = evaluate(&q, &answers(&q, &[("urge", Answer::DontKnow)]));
        // Neither `urge = no` nor `positive`: falls through to the default.
        assert_eq!(case_id(&q, &outcome).as_deref(), Some("unclear"));
        assert!(
            !outcome.applicable[1],
            "rest needs urge = yes, not don't know"
        );

        let outcome = evaluate(&q, &Answers::new(&q));
        assert_eq!(case_id(&q, &outcome).as_deref(), Some("unclear"));
        let missing: Vec<&str> = outcome
            .missing
            .iter()
            .map(|&i| q.items[i].id.as_str())
            .collect();
        assert_eq!(
            missing,
            ["urge", "meds"],
            "optional items are never missing"
        );
    }

    #[test]
    fn negation_and_inequality_differ_on_missing_answers() {
        let q = questionnaire::load(&Q.replace(
            "when = \"urge = yes and rest = yes\"",
            "when = \"not (urge = yes) and urge != no\"",
        ))
        .unwrap();
        // `not (urge = yes)` holds for don't know; `urge != no` needs a value.
        let outcome = evaluate(&q, &answers(&q, &[("urge", Answer::DontKnow)]));
        assert!(!outcome.findings[0].value);
        let outcome = evaluate(&q, &Answers::new(&q));
        assert!(!outcome.findings[0].value);
    }

    #[test]
    fn scores_sum_option_scores_and_convert_units() {
        let q = q();
        let a = answers(
            &q,
            &[
                ("urge", yes()),
                ("rest", yes()),
                ("freq", Answer::Choice(2)),
                ("sleep", Answer::Choice(1)),
                (
                    "iron",
                    Answer::Number {
                        value: 100.0,
                        unit: 1,
                    },
                ),
                (
                    "tibc",
                    Answer::Number {
                        value: 60.0,
                        unit: 0,
                    },
                ),
            ],
        );
        let outcome = evaluate(&q, &a);
        assert_eq!(outcome.scores[0].value, Some(4.0));
        // 100 µg/dL × 0.179 = 17.9 µmol/L; 17.9 / 60 × 100 = 29.83 %.
        let tsat = outcome.scores[1].value.unwrap();
        assert!((tsat - 29.833).abs() < 0.01, "{tsat}");
        assert_eq!(item_ids(&q, &outcome.scores[1].evidence), ["iron", "tibc"]);
    }

    #[test]
    fn missing_operands_leave_a_score_missing_not_zero() {
        let q = q();
        let a = answers(
            &q,
            &[(
                "iron",
                Answer::Number {
                    value: 15.0,
                    unit: 0,
                },
            )],
        );
        let outcome = evaluate(&q, &a);
        assert_eq!(outcome.scores[1].value, None);
        let a = answers(
            &q,
            &[
                (
                    "iron",
                    Answer::Number {
                        value: 15.0,
                        unit: 0,
                    },
                ),
                (
                    "tibc",
                    Answer::Number {
                        value: 0.0,
                        unit: 0,
                    },
                ),
            ],
        );
        assert_eq!(evaluate(&q, &a).scores[1].value, None, "division by zero");
    }

    #[test]
    fn recommendations_explain_themselves_and_escalate() {
        let q = q();
        let a = answers(&q, &[("urge", no()), ("meds", Answer::Choices(vec![0]))]);
        let outcome = evaluate(&q, &a);
        assert_eq!(outcome.recommendations.len(), 1);
        let mg = &outcome.recommendations[0];
        assert_eq!((mg.priority, mg.escalated), (Priority::Consider, false));
        assert_eq!(item_ids(&q, &mg.triggers[0].evidence), ["meds"]);

        let a = answers(&q, &[("urge", no()), ("meds", Answer::Choices(vec![0, 1]))]);
        let mg = &evaluate(&q, &a).recommendations[0];
        assert_eq!((mg.priority, mg.escalated), (Priority::Recommended, true));
        assert_eq!(mg.triggers.len(), 2);
    }

    #[test]
    fn recommended_come_first_and_suppression_is_reported() {
        let q = q();
        let mut pairs = vec![
            ("urge", yes()),
            ("rest", yes()),
            ("freq", Answer::Choice(2)),
            ("meds", Answer::Choices(vec![0])),
        ];
        let outcome = evaluate(&q, &answers(&q, &pairs));
        let order: Vec<&str> = outcome
            .recommendations
            .iter()
            .map(|r| q.recommendations[r.recommendation].id.as_str())
            .collect();
        assert_eq!(order, ["iron_studies", "mg"]);
        let iron = &outcome.recommendations[0];
        assert_eq!(iron.notes.len(), 1, "daily-symptoms note");
        assert_eq!(outcome.findings[0].evidence.items.len(), 2);

        pairs.push((
            "iron",
            Answer::Number {
                value: 20.0,
                unit: 0,
            },
        ));
        pairs.push((
            "tibc",
            Answer::Number {
                value: 50.0,
                unit: 0,
            },
        ));
        let outcome = evaluate(&q, &answers(&q, &pairs));
        assert_eq!(outcome.recommendations.len(), 1);
        assert_eq!(outcome.suppressed.len(), 1);
        assert_eq!(
            item_ids(&q, &outcome.suppressed[0].evidence),
            ["iron", "tibc"]
        );
    }

    #[test]
    fn evidence_names_what_decided_the_result() {
        let q = q();
        // `positive` is false because rest = no; urge = yes did not decide it.
        let a = answers(&q, &[("urge", yes()), ("rest", no())]);
        let outcome = evaluate(&q, &a);
        assert_eq!(item_ids(&q, &outcome.findings[0].evidence), ["rest"]);
        // The case matched through the finding.
        let a = answers(&q, &[("urge", yes()), ("rest", yes())]);
        let outcome = evaluate(&q, &a);
        assert_eq!(case_id(&q, &outcome).as_deref(), Some("met"));
        assert_eq!(
            outcome.classifications[0]
                .evidence
                .findings
                .iter()
                .copied()
                .collect::<Vec<_>>(),
            [0]
        );
    }

    #[test]
    fn triggers_can_stay_out_of_escalation() {
        let q = questionnaire::load(&Q.replace(
            "when = \"meds has diuretic\"\npriority = \"consider\"",
            "when = \"meds has diuretic\"\npriority = \"consider\"\nescalates = false",
        ))
        .unwrap();
        let a = answers(&q, &[("urge", no()), ("meds", Answer::Choices(vec![0, 1]))]);
        let mg = &evaluate(&q, &a).recommendations[0];
        assert_eq!(
            (mg.priority, mg.escalated, mg.triggers.len()),
            (Priority::Consider, false, 2)
        );
    }

    #[test]
    fn findings_that_do_not_apply_are_false_and_marked() {
        let q = questionnaire::load(&Q.replace(
            "label = \"Positive\"\nwhen",
            "label = \"Positive\"\napplies_if = \"answered(urge)\"\nwhen",
        ))
        .unwrap();
        let outcome = evaluate(&q, &Answers::new(&q));
        assert!(!outcome.findings[0].applies && !outcome.findings[0].value);
        let outcome = evaluate(&q, &answers(&q, &[("urge", no())]));
        assert!(outcome.findings[0].applies && !outcome.findings[0].value);
    }

    #[test]
    fn answers_are_checked_against_their_items() {
        let q = q();
        let mut a = Answers::new(&q);
        let rest = q.item_index("rest").unwrap();
        assert_eq!(
            a.set(&q, rest, Answer::DontKnow),
            Err(AnswerError::DontKnowNotOffered)
        );
        assert_eq!(
            a.set(&q, rest, Answer::Choice(2)),
            Err(AnswerError::NoSuchOption)
        );
        assert!(matches!(
            a.set(&q, rest, Answer::Text("x".into())),
            Err(AnswerError::WrongKind { .. })
        ));
        let iron = q.item_index("iron").unwrap();
        assert_eq!(
            a.set(
                &q,
                iron,
                Answer::Number {
                    value: 1.0,
                    unit: 5
                }
            ),
            Err(AnswerError::NoSuchUnit)
        );
        assert_eq!(
            a.set(
                &q,
                iron,
                Answer::Number {
                    value: f64::NAN,
                    unit: 0
                }
            ),
            Err(AnswerError::NotFinite)
        );
        let meds = q.item_index("meds").unwrap();
        a.set(&q, meds, Answer::Choices(vec![1, 0, 1])).unwrap();
        assert_eq!(
            a.get(meds),
            Some(&Answer::Choices(vec![0, 1])),
            "sorted, deduplicated"
        );
    }

    #[test]
    fn range_messages_use_the_unit_the_value_was_entered_in() {
        let q = questionnaire::load(&Q.replace(
            "id = \"tibc\"\ntype = \"decimal\"\ntext = \"TIBC\"\nunit = \"µmol/L\"",
            "id = \"tibc\"\ntype = \"decimal\"\ntext = \"TIBC\"\nunit = \"µmol/L\"\nunits = [{ unit = \"µg/dL\", factor = 0.179 }]\nmin = 17.9\nmax = 179",
        ))
        .unwrap();
        let tibc = q.item_index("tibc").unwrap();
        let err = check_answer(
            &q.items[tibc],
            Answer::Number {
                value: 5.0,
                unit: 1,
            },
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "5 µg/dL is outside the accepted range: 100–1000 µg/dL"
        );
    }

    const AGES: &str = r#"
[questionnaire]
id = "ages"
version = "1"
title = "Ages"

[[section]]
id = "a"
title = "A"

[[section.item]]
id = "age"
type = "integer"
text = "Age?"

[[section.item]]
id = "urge"
type = "yes_no"
text = "Urge?"
dont_know = true

[[section.item]]
id = "onset"
type = "integer"
text = "Age at onset?"

[[finding]]
id = "urge_met"
label = "Urge"
show = "always"
when = "urge = yes"
unsure_if = "urge = dont_know"

[[check]]
when = "onset > age"
message = "The age at onset cannot be above the age now."
"#;

    #[test]
    fn a_broken_check_refuses_the_answer_and_keeps_the_previous_one() {
        let q = questionnaire::load(AGES).unwrap();
        let (age, onset) = (q.item_index("age").unwrap(), q.item_index("onset").unwrap());
        let mut a = Answers::new(&q);
        let number = |value| Answer::Number { value, unit: 0 };
        a.set(&q, age, number(30.0)).unwrap();
        a.set(&q, onset, number(20.0)).unwrap();
        let err = a.set(&q, onset, number(40.0)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "The age at onset cannot be above the age now."
        );
        assert_eq!(a.get(onset), Some(&number(20.0)));
        assert!(
            a.set(&q, age, number(10.0)).is_err(),
            "checked from either side"
        );
        assert_eq!(a.get(age), Some(&number(30.0)));
    }

    #[test]
    fn unsure_is_reported_only_when_its_condition_holds_and_the_finding_does_not() {
        let q = questionnaire::load(AGES).unwrap();
        let urge = q.item_index("urge").unwrap();
        let mut a = Answers::new(&q);
        let unsure = |a: &Answers| evaluate(&q, a).findings[0].unsure;
        a.set(&q, urge, Answer::DontKnow).unwrap();
        assert!(unsure(&a));
        a.set(&q, urge, Answer::Choice(1)).unwrap();
        assert!(!unsure(&a));
        a.set(&q, urge, Answer::Choice(0)).unwrap();
        assert!(!unsure(&a));
    }
}
