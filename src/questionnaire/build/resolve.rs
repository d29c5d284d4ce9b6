//! Resolving conditions: names to items, scores and findings, with the
//! checks that make a condition mean something for the items it compares
//! (an option the item has, a number it can take, a question asked before
//! the one it decides).

use std::ops::Range;

use super::{Builder, Ctx, Limit, Symbol};
use crate::diag::did_you_mean;
use crate::questionnaire::cond::{Cond, NumExpr};
use crate::questionnaire::expr::{CmpOp, Node, NodeKind};
use crate::questionnaire::model::*;

impl Builder<'_> {
    fn err_at(&mut self, ctx: &Ctx, span: &Range<usize>, message: impl Into<String>) {
        let span = self.expr_span(ctx.text, span.clone());
        self.error(span, message);
    }

    fn err_help_at(
        &mut self,
        ctx: &Ctx,
        span: &Range<usize>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let span = self.expr_span(ctx.text, span.clone());
        self.error_help(span, message, help);
    }

    /// Looks a name up, enforcing that what decides whether to show a
    /// question only looks at questions asked before it.
    fn lookup(&mut self, name: &str, span: &Range<usize>, ctx: &Ctx) -> Option<Symbol> {
        let Ctx {
            q,
            symbols,
            deps: depends_on,
            ..
        } = *ctx;
        let Some(&symbol) = symbols.get(name) else {
            let message = format!("unknown id `{name}`");
            let guess = if self.id_guesses_left > 0 {
                self.id_guesses_left -= 1;
                did_you_mean(name, symbols.keys().map(String::as_str))
            } else {
                None
            };
            match guess {
                Some(guess) => {
                    self.err_help_at(ctx, span, message, format!("did you mean `{guess}`?"))
                }
                None => self.err_help_at(
                    ctx,
                    span,
                    message,
                    "conditions refer to item, score and finding ids",
                ),
            }
            return None;
        };
        if let Limit::Before { position, own } = ctx.limit {
            let (last, via) = match symbol {
                Symbol::Item(i) => (Some(i), None),
                Symbol::Score(i) => (depends_on.get(i).copied().flatten(), Some("score")),
                Symbol::Finding(i) => (
                    depends_on.get(q.scores.len() + i).copied().flatten(),
                    Some("finding"),
                ),
            };
            if let Some(last) = last.filter(|&last| last >= position) {
                let asked = &q.items[last].id;
                let message = match (via, own) {
                    (None, Some(own)) if own == last => {
                        format!("`{name}` refers to the question itself")
                    }
                    (None, _) => format!("`{name}` is asked later than this"),
                    (Some(kind), Some(own)) if own == last => {
                        format!("{kind} `{name}` depends on this question itself")
                    }
                    (Some(kind), _) => {
                        format!(
                            "{kind} `{name}` depends on `{asked}`, which is asked later than this"
                        )
                    }
                };
                self.err_help_at(
                    ctx,
                    span,
                    message,
                    "whether something is shown can only depend on answers given before it; move the question earlier or change the condition",
                );
                return None;
            }
        }
        Some(symbol)
    }

    /// Resolves every condition of a list, so that each problem in it is
    /// reported, then gives them all or nothing.
    fn conds(&mut self, nodes: &[Node], ctx: &Ctx) -> Option<Vec<Cond>> {
        let resolved: Vec<Option<Cond>> = nodes.iter().map(|n| self.cond(n, ctx)).collect();
        resolved.into_iter().collect()
    }

    pub(super) fn cond(&mut self, node: &Node, ctx: &Ctx) -> Option<Cond> {
        match &node.kind {
            NodeKind::Bool(b) => Some(Cond::Const(*b)),
            NodeKind::Not(inner) => Some(Cond::Not(Box::new(self.cond(inner, ctx)?))),
            NodeKind::And(parts) | NodeKind::Or(parts) => {
                let resolved = self.conds(parts, ctx)?;
                Some(if matches!(node.kind, NodeKind::And(_)) {
                    Cond::All(resolved)
                } else {
                    Cond::Any(resolved)
                })
            }
            NodeKind::Name(name) => self.name_as_cond(name, node, ctx),
            NodeKind::Compare(left, op, right) => self.comparison(node, left, *op, right, ctx),
            NodeKind::Has(left, right) => self.has_cond(left, right, ctx),
            NodeKind::In(left, list) => self.in_cond(node, left, list, ctx),
            NodeKind::Call(name, name_span, args) => {
                self.call_cond(node, name, name_span, args, ctx)
            }
            NodeKind::Number(_) | NodeKind::Negate(_) | NodeKind::Arith(..) => {
                self.err_help_at(
                    ctx,
                    &node.span,
                    "a number is not a condition",
                    "compare it, e.g. `x > 2`",
                );
                None
            }
        }
    }

    /// A bare name as a condition: only a finding is one.
    fn name_as_cond(&mut self, name: &str, node: &Node, ctx: &Ctx) -> Option<Cond> {
        let q = ctx.q;
        match self.lookup(name, &node.span, ctx)? {
            Symbol::Finding(f) => Some(Cond::Finding(f)),
            Symbol::Item(i) => {
                let example = match &q.items[i].kind {
                    ItemKind::YesNo(_) => format!("`{name} = yes`"),
                    ItemKind::Single(o) => {
                        format!("`{name} = {}`", o.first().map_or("value", |o| &o.value))
                    }
                    ItemKind::Multiple(o) => {
                        format!("`{name} has {}`", o.first().map_or("value", |o| &o.value))
                    }
                    ItemKind::Number(_) => format!("`{name} > 0`"),
                    ItemKind::Text { .. } => format!("`answered({name})`"),
                };
                self.err_help_at(
                    ctx,
                    &node.span,
                    format!("`{name}` is a question, not a condition"),
                    format!("compare its answer, e.g. {example}"),
                );
                None
            }
            Symbol::Score(_) => {
                self.err_help_at(
                    ctx,
                    &node.span,
                    format!("`{name}` is a score, not a condition"),
                    format!("compare it, e.g. `{name} >= 2`"),
                );
                None
            }
        }
    }

    /// `item has option`, for a multiple choice.
    fn has_cond(&mut self, left: &Node, right: &Node, ctx: &Ctx) -> Option<Cond> {
        let q = ctx.q;
        let item = self.item_operand(left, ctx)?;
        let ItemKind::Multiple(_) = &q.items[item].kind else {
            let name = &q.items[item].id;
            self.err_help_at(
                ctx,
                &left.span,
                format!(
                    "`has` needs a multiple-choice item; `{name}` is {}",
                    q.items[item].kind.name()
                ),
                "for a single choice write `item = value`",
            );
            return None;
        };
        let option = self.option_operand(item, right, ctx, q, false)?;
        Some(Cond::Has {
            item,
            option: option?,
        })
    }

    /// `item in (a, b)`, for a single choice.
    fn in_cond(&mut self, node: &Node, left: &Node, list: &[Node], ctx: &Ctx) -> Option<Cond> {
        let q = ctx.q;
        let item = self.item_operand(left, ctx)?;
        if !matches!(q.items[item].kind, ItemKind::Single(_) | ItemKind::YesNo(_)) {
            let name = &q.items[item].id;
            self.err_help_at(
                ctx,
                &left.span,
                format!(
                    "`in` needs a single-choice item; `{name}` is {}",
                    q.items[item].kind.name()
                ),
                "for a multiple choice write `item has value`",
            );
            return None;
        }
        let mut options = Vec::new();
        let mut dont_know = false;
        let mut ok = true;
        for value in list {
            match self.option_operand(item, value, ctx, q, true) {
                Some(Some(o)) => options.push(o),
                Some(None) => dont_know = true,
                None => ok = false,
            }
        }
        if list.is_empty() {
            self.err_at(ctx, &node.span, "the list after `in` is empty");
            return None;
        }
        ok.then_some(Cond::In {
            item,
            options,
            dont_know,
        })
    }

    /// A function call as a condition: `all`, `any`, `answered`, `known`.
    fn call_cond(
        &mut self,
        node: &Node,
        name: &str,
        name_span: &Range<usize>,
        args: &[Node],
        ctx: &Ctx,
    ) -> Option<Cond> {
        match name {
            "all" | "any" => {
                if args.is_empty() {
                    self.err_at(
                        ctx,
                        &node.span,
                        format!("`{name}()` needs at least one condition"),
                    );
                    return None;
                }
                let resolved = self.conds(args, ctx)?;
                Some(if name == "all" {
                    Cond::All(resolved)
                } else {
                    Cond::Any(resolved)
                })
            }
            "answered" | "known" => {
                let [arg] = args else {
                    self.err_at(ctx, &node.span, format!("`{name}()` takes one item id"));
                    return None;
                };
                let item = self.item_operand(arg, ctx)?;
                Some(if name == "answered" {
                    Cond::Answered(item)
                } else {
                    Cond::Known(item)
                })
            }
            "count" | "sum" | "min" | "max" | "coalesce" => {
                self.err_help_at(
                    ctx,
                    &node.span,
                    format!("`{name}(...)` is a number, not a condition"),
                    format!("compare it, e.g. `{name}(...) >= 2`"),
                );
                None
            }
            other => {
                self.unknown_function(ctx, name_span, other);
                None
            }
        }
    }

    fn unknown_function(&mut self, ctx: &Ctx, span: &Range<usize>, name: &str) {
        const FUNCTIONS: [&str; 9] = [
            "all", "any", "answered", "known", "count", "sum", "min", "max", "coalesce",
        ];
        let message = format!(
            "unknown function `{name}`; available: {}",
            FUNCTIONS.join(", ")
        );
        match did_you_mean(name, FUNCTIONS) {
            Some(guess) => self.err_help_at(ctx, span, message, format!("did you mean `{guess}`?")),
            None => self.err_at(ctx, span, message),
        }
    }

    /// The left side of `has`, `in`, `answered()`: must name an item.
    fn item_operand(&mut self, node: &Node, ctx: &Ctx) -> Option<usize> {
        let NodeKind::Name(name) = &node.kind else {
            self.err_at(ctx, &node.span, "expected a question id here");
            return None;
        };
        match self.lookup(name, &node.span, ctx)? {
            Symbol::Item(i) => Some(i),
            _ => {
                self.err_at(ctx, &node.span, format!("`{name}` is not a question"));
                None
            }
        }
    }

    /// An option value of `item`; `Some(None)` is "don't know" (when
    /// `allow_dont_know` and the item accepts it).
    #[allow(clippy::option_option)]
    fn option_operand(
        &mut self,
        item: usize,
        node: &Node,
        ctx: &Ctx,
        q: &Questionnaire,
        allow_dont_know: bool,
    ) -> Option<Option<usize>> {
        let it = &q.items[item];
        let options: Vec<&str> = it.kind.options().iter().map(|o| o.value.as_str()).collect();
        let NodeKind::Name(value) = &node.kind else {
            self.err_help_at(
                ctx,
                &node.span,
                format!("expected one of `{}`'s options here", it.id),
                format!("its options are: {}", options.join(", ")),
            );
            return None;
        };
        if value == "dont_know" && allow_dont_know {
            if it.dont_know {
                return Some(None);
            }
            self.err_help_at(
                ctx,
                &node.span,
                format!(
                    "`{}` can never be `dont_know`: the item does not offer \"don't know\"",
                    it.id
                ),
                "set `dont_know = true` on the item, or remove this comparison",
            );
            return None;
        }
        match it.option_index(value) {
            Some(i) => Some(Some(i)),
            None => {
                let message = format!(
                    "`{}` can never be `{value}`: it is not one of its options ({})",
                    it.id,
                    options.join(", ")
                );
                match did_you_mean(value, options.iter().copied()) {
                    Some(guess) => self.err_help_at(
                        ctx,
                        &node.span,
                        message,
                        format!("did you mean `{guess}`?"),
                    ),
                    None => self.err_at(ctx, &node.span, message),
                }
                None
            }
        }
    }

    fn comparison(
        &mut self,
        node: &Node,
        left: &Node,
        op: CmpOp,
        right: &Node,
        ctx: &Ctx,
    ) -> Option<Cond> {
        let Ctx { q, symbols, .. } = *ctx;
        // A choice item on the left compares with one of its options.
        if let NodeKind::Name(name) = &left.kind
            && let Some(&Symbol::Item(item)) = symbols.get(name)
        {
            let kind = &q.items[item].kind;
            match kind {
                ItemKind::YesNo(_) | ItemKind::Single(_) => {
                    self.lookup(name, &left.span, ctx)?;
                    if !matches!(op, CmpOp::Eq | CmpOp::Ne) {
                        self.err_help_at(
                            ctx,
                            &node.span,
                            format!(
                                "`{name}` is a choice; it can only be compared with `=` or `!=`"
                            ),
                            "to compare option scores, use `sum(item)`",
                        );
                        return None;
                    }
                    let equal = op == CmpOp::Eq;
                    return match self.option_operand(item, right, ctx, q, true)? {
                        Some(option) => Some(Cond::Choice {
                            item,
                            equal,
                            option,
                        }),
                        None if equal => Some(Cond::DontKnow(item)),
                        None => Some(Cond::Known(item)),
                    };
                }
                ItemKind::Multiple(_)
                    if matches!(&right.kind, NodeKind::Name(v) if v == "dont_know")
                        && matches!(op, CmpOp::Eq | CmpOp::Ne) =>
                {
                    self.lookup(name, &left.span, ctx)?;
                    return match self.option_operand(item, right, ctx, q, true)? {
                        None if op == CmpOp::Eq => Some(Cond::DontKnow(item)),
                        _ => Some(Cond::Known(item)),
                    };
                }
                ItemKind::Multiple(o) => {
                    let example = o.first().map_or("value", |o| o.value.as_str());
                    self.err_help_at(
                        ctx,
                        &node.span,
                        format!(
                            "`{name}` is a multiple choice; `{}` does not apply",
                            op.symbol()
                        ),
                        format!("write `{name} has {example}`"),
                    );
                    return None;
                }
                ItemKind::Text { .. } => {
                    self.err_help_at(
                        ctx,
                        &node.span,
                        format!("`{name}` is free text and cannot be compared"),
                        format!("use `answered({name})`"),
                    );
                    return None;
                }
                ItemKind::Number(_) => {
                    if let NodeKind::Name(value) = &right.kind
                        && value == "dont_know"
                    {
                        self.lookup(name, &left.span, ctx)?;
                        if !q.items[item].dont_know {
                            self.err_help_at(ctx, &right.span, format!("`{name}` can never be `dont_know`: the item does not offer \"don't know\""), "set `dont_know = true` on the item, or remove this comparison");
                            return None;
                        }
                        return Some(match op {
                            CmpOp::Eq => Cond::DontKnow(item),
                            _ => Cond::Known(item),
                        });
                    }
                }
            }
        }
        // What a bare word on the right means (an option, or an id) depends
        // on what the left is: after an unknown id it would only be
        // reported as a second, misleading unknown id.
        if let NodeKind::Name(name) = &left.kind
            && !symbols.contains_key(name)
        {
            self.lookup(name, &left.span, ctx);
            if !matches!(&right.kind, NodeKind::Name(_)) {
                self.num(right, ctx);
            }
            return None;
        }
        self.number_comparison(node, left, op, right, ctx)
    }

    /// Two numbers compared; a number item against a constant it can never
    /// reach is refused.
    fn number_comparison(
        &mut self,
        node: &Node,
        left: &Node,
        op: CmpOp,
        right: &Node,
        ctx: &Ctx,
    ) -> Option<Cond> {
        let q = ctx.q;
        let l = self.num(left, ctx);
        let r = self.num(right, ctx);
        let (l, r) = (l?, r?);
        // A number item compared with a constant: refuse comparisons that
        // can never hold for any value the item accepts.
        let check = match (&l, &r) {
            (NumExpr::Item(i), NumExpr::Const(c)) => Some((*i, op, *c)),
            (NumExpr::Const(c), NumExpr::Item(i)) => Some((*i, flip(op), *c)),
            _ => None,
        };
        if let Some((item, op, c)) = check
            && let ItemKind::Number(spec) = &q.items[item].kind
            && let Some(why) = never_true(spec, op, c)
        {
            let unit = spec.unit_name(0);
            let unit = if unit.is_empty() {
                String::new()
            } else {
                format!(" {unit}")
            };
            self.err_help_at(
                ctx,
                &node.span,
                format!(
                    "`{}` can never be true: `{}` {why}{unit}",
                    &ctx.text.get_ref()[node.span.clone()],
                    q.items[item].id
                ),
                "check the number against the item's min and max (both in its own unit)",
            );
            return None;
        }
        Some(Cond::Compare(l, op, r))
    }

    pub(super) fn num(&mut self, node: &Node, ctx: &Ctx) -> Option<NumExpr> {
        match &node.kind {
            NodeKind::Number(n) => Some(NumExpr::Const(*n)),
            NodeKind::Negate(inner) => Some(NumExpr::Negate(Box::new(self.num(inner, ctx)?))),
            NodeKind::Arith(l, op, r) => {
                let l = self.num(l, ctx);
                let r = self.num(r, ctx);
                Some(NumExpr::Arith(Box::new(l?), *op, Box::new(r?)))
            }
            NodeKind::Name(name) => self.name_as_num(name, node, ctx),
            NodeKind::Call(name, name_span, args) => {
                self.call_as_num(node, name, name_span, args, ctx)
            }
            NodeKind::Bool(_)
            | NodeKind::Not(_)
            | NodeKind::And(_)
            | NodeKind::Or(_)
            | NodeKind::Compare(..)
            | NodeKind::Has(..)
            | NodeKind::In(..) => {
                self.err_help_at(
                    ctx,
                    &node.span,
                    "a condition is not a number",
                    "count conditions with `count(...)`",
                );
                None
            }
        }
    }
    /// A bare name as a number: a score, a number item, or a choice whose
    /// options all have a score.
    fn name_as_num(&mut self, name: &str, node: &Node, ctx: &Ctx) -> Option<NumExpr> {
        let q = ctx.q;
        match self.lookup(name, &node.span, ctx)? {
            Symbol::Score(s) => Some(NumExpr::Score(s)),
            Symbol::Finding(_) => {
                self.err_help_at(
                    ctx,
                    &node.span,
                    format!("`{name}` is a finding (true or false), not a number"),
                    format!("use it as a condition, or count it: `count({name})`"),
                );
                None
            }
            Symbol::Item(i) => {
                let item = &q.items[i];
                match &item.kind {
                    ItemKind::Number(_) => Some(NumExpr::Item(i)),
                    ItemKind::Single(o) | ItemKind::Multiple(o)
                        if o.iter().all(|o| o.score.is_some()) =>
                    {
                        Some(NumExpr::Item(i))
                    }
                    ItemKind::Single(_) | ItemKind::Multiple(_) => {
                        self.err_help_at(ctx, &node.span, format!("`{name}` is used as a number, but not all of its options have a `score`"), format!("give every option a score, or compare it: `{name} = value`"));
                        None
                    }
                    ItemKind::YesNo(_) => {
                        self.err_help_at(
                            ctx,
                            &node.span,
                            format!("`{name}` is a yes/no question, not a number"),
                            format!("write `{name} = yes`, or count it: `count({name} = yes)`"),
                        );
                        None
                    }
                    ItemKind::Text { .. } => {
                        self.err_at(
                            ctx,
                            &node.span,
                            format!("`{name}` is free text, not a number"),
                        );
                        None
                    }
                }
            }
        }
    }

    /// A function call as a number: `count`, `sum`, `min`, `max`,
    /// `coalesce`.
    fn call_as_num(
        &mut self,
        node: &Node,
        name: &str,
        name_span: &Range<usize>,
        args: &[Node],
        ctx: &Ctx,
    ) -> Option<NumExpr> {
        let make: fn(Vec<NumExpr>) -> NumExpr = match name {
            "count" => {
                let conds = self.conds(args, ctx);
                if args.is_empty() {
                    self.err_at(ctx, &node.span, "`count()` needs at least one condition");
                    return None;
                }
                return Some(NumExpr::Count(conds?));
            }
            "sum" => NumExpr::Sum,
            "min" => NumExpr::Min,
            "max" => NumExpr::Max,
            "coalesce" => NumExpr::Coalesce,
            "all" | "any" | "answered" | "known" => {
                self.err_help_at(
                    ctx,
                    &node.span,
                    format!("`{name}(...)` is a condition, not a number"),
                    format!("count it: `count({name}(...))`"),
                );
                return None;
            }
            other => {
                self.unknown_function(ctx, name_span, other);
                return None;
            }
        };
        if args.is_empty() {
            self.err_at(
                ctx,
                &node.span,
                format!("`{name}()` needs at least one value"),
            );
            return None;
        }
        let parts: Option<Vec<NumExpr>> = args
            .iter()
            .map(|a| self.num(a, ctx))
            // Resolve them all before giving up, so every problem
            // in the list is reported.
            .collect::<Vec<_>>()
            .into_iter()
            .collect();
        Some(make(parts?))
    }
}

fn flip(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Lt => CmpOp::Gt,
        CmpOp::Le => CmpOp::Ge,
        CmpOp::Gt => CmpOp::Lt,
        CmpOp::Ge => CmpOp::Le,
        other => other,
    }
}

/// Why `item op c` cannot hold for any value the item accepts, if so.
fn never_true(spec: &NumberSpec, op: CmpOp, c: f64) -> Option<String> {
    let min = spec.min;
    let max = spec.max;
    match op {
        CmpOp::Lt if min.is_some_and(|m| m >= c) => min.map(|m| format!("is at least {m}")),
        CmpOp::Le if min.is_some_and(|m| m > c) => min.map(|m| format!("is at least {m}")),
        CmpOp::Gt if max.is_some_and(|m| m <= c) => max.map(|m| format!("is at most {m}")),
        CmpOp::Ge if max.is_some_and(|m| m < c) => max.map(|m| format!("is at most {m}")),
        CmpOp::Eq if min.is_some_and(|m| c < m) => min.map(|m| format!("is at least {m}")),
        CmpOp::Eq if max.is_some_and(|m| c > m) => max.map(|m| format!("is at most {m}")),
        CmpOp::Eq if spec.integer && c.fract() != 0.0 => Some("is a whole number".into()),
        _ => None,
    }
}
