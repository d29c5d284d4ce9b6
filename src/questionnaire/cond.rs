//! Checked conditions and numeric expressions. Every reference is an index
//! into the questionnaire and every comparison is known to make sense for
//! the item it compares, so evaluating one cannot fail.

use serde::{Deserialize, Serialize};

use super::expr::{ArithOp, CmpOp};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Cond {
    Const(bool),
    Not(Box<Cond>),
    All(Vec<Cond>),
    Any(Vec<Cond>),
    /// A yes/no or single-choice item has (`Eq`) or has a value other than
    /// (`Ne`) an option.
    Choice {
        item: usize,
        equal: bool,
        option: usize,
    },
    /// A single-choice item's option is one of these (or "don't know").
    In {
        item: usize,
        options: Vec<usize>,
        dont_know: bool,
    },
    /// A multiple-choice item includes an option.
    Has {
        item: usize,
        option: usize,
    },
    /// The item was answered "don't know".
    DontKnow(usize),
    /// The item was answered at all, "don't know" included.
    Answered(usize),
    /// The item was answered with a value (not "don't know").
    Known(usize),
    Finding(usize),
    Compare(NumExpr, CmpOp, NumExpr),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum NumExpr {
    Const(f64),
    /// A number item in its own unit, or the score of the chosen option(s).
    Item(usize),
    Score(usize),
    Negate(Box<NumExpr>),
    Arith(Box<NumExpr>, ArithOp, Box<NumExpr>),
    /// How many of the conditions hold.
    Count(Vec<Cond>),
    /// Sum of the values present; missing when all are missing.
    Sum(Vec<NumExpr>),
    Min(Vec<NumExpr>),
    Max(Vec<NumExpr>),
    /// The first value present.
    Coalesce(Vec<NumExpr>),
}

/// What an expression refers to, for dependency and cycle checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reference {
    Item(usize),
    Score(usize),
    Finding(usize),
}

impl Cond {
    pub fn references(&self, out: &mut Vec<Reference>) {
        self.each_reference(&mut |r| out.push(r));
    }

    /// Calls `found` with every reference, in order, without gathering
    /// them: the engine looks at only some, for every rule it works out.
    pub fn each_reference(&self, found: &mut impl FnMut(Reference)) {
        match self {
            Cond::Const(_) => {}
            Cond::Not(inner) => inner.each_reference(found),
            Cond::All(parts) | Cond::Any(parts) => {
                parts.iter().for_each(|p| p.each_reference(found));
            }
            Cond::Choice { item, .. }
            | Cond::In { item, .. }
            | Cond::Has { item, .. }
            | Cond::DontKnow(item)
            | Cond::Answered(item)
            | Cond::Known(item) => found(Reference::Item(*item)),
            Cond::Finding(f) => found(Reference::Finding(*f)),
            Cond::Compare(left, _, right) => {
                left.each_reference(found);
                right.each_reference(found);
            }
        }
    }
}

impl NumExpr {
    pub fn references(&self, out: &mut Vec<Reference>) {
        self.each_reference(&mut |r| out.push(r));
    }

    /// Calls `found` with every reference, in order.
    pub fn each_reference(&self, found: &mut impl FnMut(Reference)) {
        match self {
            NumExpr::Const(_) => {}
            NumExpr::Item(item) => found(Reference::Item(*item)),
            NumExpr::Score(score) => found(Reference::Score(*score)),
            NumExpr::Negate(inner) => inner.each_reference(found),
            NumExpr::Arith(left, _, right) => {
                left.each_reference(found);
                right.each_reference(found);
            }
            NumExpr::Count(conds) => conds.iter().for_each(|c| c.each_reference(found)),
            NumExpr::Sum(parts)
            | NumExpr::Min(parts)
            | NumExpr::Max(parts)
            | NumExpr::Coalesce(parts) => parts.iter().for_each(|p| p.each_reference(found)),
        }
    }
}
