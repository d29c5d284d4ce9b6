//! Conditions as FHIRPath over the QuestionnaireResponse (`%resource`),
//! for the SDC `enableWhenExpression` of conditions that `enableWhen`
//! cannot say.
//!
//! Every condition becomes an expression that is always `true` or `false`,
//! never empty, with the engine's meaning: a comparison with a missing
//! value is false, `!=` needs an answer other than the option (and not
//! "don't know"), a finding is false where it does not apply.

use super::{DATA_ABSENT, DATA_ABSENT_EXTENSION, option_system, ucum_code};
use crate::questionnaire::cond::{Cond, NumExpr};
use crate::questionnaire::expr::{ArithOp, CmpOp};
use crate::questionnaire::{ItemKind, Questionnaire};

/// A FHIRPath string literal.
fn literal(text: &str) -> String {
    let mut out = String::from("'");
    for c in text.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            _ => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// A number as a FHIRPath literal.
pub fn number(value: f64) -> String {
    let text = if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value.abs() as i64)
    } else {
        format!("{}", value.abs())
    };
    if value < 0.0 {
        format!("(0 - {text})")
    } else {
        text
    }
}

fn response_item(q: &Questionnaire, item: usize) -> String {
    format!(
        "%resource.repeat(item).where(linkId = {})",
        literal(&q.items[item].id)
    )
}

fn answers(q: &Questionnaire, item: usize) -> String {
    format!("{}.answer", response_item(q, item))
}

fn codes_chosen(q: &Questionnaire, item: usize, options: &[usize]) -> String {
    let it = &q.items[item];
    let codes: Vec<String> = options
        .iter()
        .filter_map(|&o| it.kind.options().get(o))
        .map(|o| format!("code = {}", literal(&o.value)))
        .collect();
    let codes = if codes.is_empty() {
        "false".to_string()
    } else {
        codes.join(" or ")
    };
    format!(
        "{}.value.where(system = {} and ({codes})).exists()",
        answers(q, item),
        literal(&option_system(q, &q.items[item]))
    )
}

fn dont_know(q: &Questionnaire, item: usize) -> String {
    match q.items[item].kind {
        ItemKind::Number(_) => format!(
            "{}.extension.where(url = {}).exists()",
            response_item(q, item),
            literal(DATA_ABSENT_EXTENSION)
        ),
        _ => format!(
            "{}.value.where(system = {} and code = 'asked-unknown').exists()",
            answers(q, item),
            literal(DATA_ABSENT)
        ),
    }
}

/// `cond` as a FHIRPath expression that is always true or false.
pub fn condition(q: &Questionnaire, cond: &Cond) -> String {
    match cond {
        Cond::Const(value) => value.to_string(),
        Cond::Not(inner) => format!("({}).not()", condition(q, inner)),
        Cond::All(parts) => joined(q, parts, " and ", "true"),
        Cond::Any(parts) => joined(q, parts, " or ", "false"),
        Cond::Choice {
            item,
            equal: true,
            option,
        }
        | Cond::Has { item, option } => codes_chosen(q, *item, &[*option]),
        Cond::Choice {
            item,
            equal: false,
            option,
        } => {
            let all: Vec<usize> = (0..q.items[*item].kind.options().len())
                .filter(|o| o != option)
                .collect();
            codes_chosen(q, *item, &all)
        }
        Cond::In {
            item,
            options,
            dont_know: with_dont_know,
        } => {
            let chosen = codes_chosen(q, *item, options);
            if *with_dont_know {
                format!("({chosen} or {})", dont_know(q, *item))
            } else {
                chosen
            }
        }
        Cond::DontKnow(item) => dont_know(q, *item),
        Cond::Answered(item) => format!(
            "({}.exists() or {})",
            answers(q, *item),
            dont_know(q, *item)
        ),
        Cond::Known(item) => format!(
            "({}.exists() and {}.value.where(system = {} and code = 'asked-unknown').empty())",
            answers(q, *item),
            answers(q, *item),
            literal(DATA_ABSENT)
        ),
        Cond::Finding(f) => {
            let finding = &q.findings[*f];
            let when = condition(q, &finding.when);
            match &finding.applies_if {
                Some(applies) => format!("({} and {when})", condition(q, applies)),
                None => when,
            }
        }
        Cond::Compare(left, op, right) => {
            let op = match op {
                CmpOp::Eq => "=",
                CmpOp::Ne => "!=",
                CmpOp::Lt => "<",
                CmpOp::Le => "<=",
                CmpOp::Gt => ">",
                CmpOp::Ge => ">=",
            };
            format!(
                "iif(({}) {op} ({}), true, false)",
                value(q, left),
                value(q, right)
            )
        }
    }
}

fn joined(q: &Questionnaire, parts: &[Cond], with: &str, empty: &str) -> String {
    if parts.is_empty() {
        return empty.to_string();
    }
    let parts: Vec<String> = parts.iter().map(|p| condition(q, p)).collect();
    format!("({})", parts.join(with))
}

/// `expr` as a FHIRPath expression: one number, or empty when missing.
fn value(q: &Questionnaire, expr: &NumExpr) -> String {
    match expr {
        NumExpr::Const(c) => number(*c),
        NumExpr::Item(item) => item_value(q, *item),
        NumExpr::Score(s) => value(q, &q.scores[*s].expr),
        NumExpr::Negate(inner) => format!("(0 - ({}))", value(q, inner)),
        NumExpr::Arith(left, op, right) => {
            let op = match op {
                ArithOp::Add => "+",
                ArithOp::Sub => "-",
                ArithOp::Mul => "*",
                ArithOp::Div => "/",
            };
            format!("(({}) {op} ({}))", value(q, left), value(q, right))
        }
        NumExpr::Count(conds) => {
            let terms: Vec<String> = conds
                .iter()
                .map(|c| format!("iif({}, 1, 0)", condition(q, c)))
                .collect();
            if terms.is_empty() {
                "0".into()
            } else {
                format!("({})", terms.join(" + "))
            }
        }
        NumExpr::Sum(parts) => folded(q, parts, "$total + $this"),
        NumExpr::Min(parts) => folded(q, parts, "iif($this < $total, $this, $total)"),
        NumExpr::Max(parts) => folded(q, parts, "iif($this > $total, $this, $total)"),
        NumExpr::Coalesce(parts) => parts.iter().rev().fold("{}".to_string(), |rest, part| {
            let part = value(q, part);
            format!("iif(({part}).exists(), {part}, {rest})")
        }),
    }
}

/// The values present combined; empty only when all are missing.
fn folded(q: &Questionnaire, parts: &[NumExpr], step: &str) -> String {
    let present = parts
        .iter()
        .map(|p| format!("({})", value(q, p)))
        .reduce(|all, next| format!("{all}.combine({next})"))
        .unwrap_or_else(|| "{}".into());
    format!("{present}.aggregate(iif($total.empty(), $this, {step}))")
}

/// A number item in its own unit, or the score of the chosen option(s).
fn item_value(q: &Questionnaire, item: usize) -> String {
    let answers = answers(q, item);
    match &q.items[item].kind {
        ItemKind::Number(spec) if !spec.units.is_empty() => {
            let converted = spec
                .units
                .iter()
                .rev()
                .fold("{}".to_string(), |rest, unit| {
                    let code = ucum_code(&unit.name).unwrap_or_else(|| unit.name.clone());
                    format!(
                        "iif(code = {}, value * {}, {rest})",
                        literal(&code),
                        number(unit.factor)
                    )
                });
            format!("{answers}.value.select({converted})")
        }
        ItemKind::Number(_) => format!("{answers}.value"),
        kind => {
            let scored = kind
                .options()
                .iter()
                .rev()
                .fold("{}".to_string(), |rest, o| match o.score {
                    Some(score) => format!(
                        "iif(code = {}, {}, {rest})",
                        literal(&o.value),
                        number(score)
                    ),
                    None => rest,
                });
            let chosen = format!(
                "{answers}.value.where(system = {})",
                literal(&option_system(q, &q.items[item]))
            );
            let scores = format!("{chosen}.select({scored})");
            if matches!(kind, ItemKind::Multiple(_)) {
                format!("iif({chosen}.exists(), {scores}.aggregate($total + $this, 0), {{}})")
            } else {
                scores
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_escape_quotes_and_numbers_keep_their_sign() {
        assert_eq!(literal("it's"), "'it\\'s'");
        assert_eq!(number(12.0), "12");
        assert_eq!(number(0.4413), "0.4413");
        assert_eq!(number(-3.0), "(0 - 3)");
    }
}
