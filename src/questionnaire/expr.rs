//! The condition language: a small, declarative expression syntax that
//! clinicians can read, such as
//!
//! ```text
//! urge = yes and (moving_helps = yes or moving_helped_at_first = yes)
//! medicines has metformin
//! ferritin <= 75 or count(tired = yes, sleep in (moderate, severe)) >= 2
//! ```
//!
//! This module only turns text into a syntax tree with byte spans; names are
//! resolved and types checked in `build`. There are no loops, assignments or
//! user functions: a condition always terminates and reads like a sentence.

use std::fmt;
use std::ops::Range;

/// Conditions nested deeper than this are refused; no real questionnaire
/// needs it, and it keeps a hostile file from exhausting the stack.
pub const MAX_DEPTH: usize = 32;

/// Longer expressions are refused: they are unreadable, and a long chain of
/// `+` would otherwise build a tree deep enough to exhaust the stack.
pub const MAX_LENGTH: usize = 2000;

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    Bool(bool),
    Number(f64),
    Name(String),
    Not(Box<Node>),
    Negate(Box<Node>),
    And(Vec<Node>),
    Or(Vec<Node>),
    Compare(Box<Node>, CmpOp, Box<Node>),
    Arith(Box<Node>, ArithOp, Box<Node>),
    Has(Box<Node>, Box<Node>),
    In(Box<Node>, Vec<Node>),
    Call(String, Range<usize>, Vec<Node>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "=",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }

    pub fn holds(self, left: f64, right: f64) -> bool {
        match self {
            CmpOp::Eq => left == right,
            CmpOp::Ne => left != right,
            CmpOp::Lt => left < right,
            CmpOp::Le => left <= right,
            CmpOp::Gt => left > right,
            CmpOp::Ge => left >= right,
        }
    }
}

impl fmt::Display for CmpOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
}

/// A syntax error at a byte range of the expression text.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub span: Range<usize>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Name(String),
    Number(f64),
    Op(&'static str),
    LParen,
    RParen,
    Comma,
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Token::Name(name) => write!(f, "`{name}`"),
            Token::Number(n) => write!(f, "`{n}`"),
            Token::Op(op) => write!(f, "`{op}`"),
            Token::LParen => f.write_str("`(`"),
            Token::RParen => f.write_str("`)`"),
            Token::Comma => f.write_str("`,`"),
        }
    }
}

fn tokenize(text: &str) -> Result<Vec<(Token, Range<usize>)>, SyntaxError> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        if c.is_ascii_alphabetic() || c == '_' {
            let mut end = start;
            while let Some(&(i, c)) = chars.peek() {
                if c.is_ascii_alphanumeric() || c == '_' {
                    end = i + c.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            tokens.push((Token::Name(text[start..end].to_string()), start..end));
            continue;
        }
        if c.is_ascii_digit() || c == '.' {
            let mut end = start;
            while let Some(&(i, c)) = chars.peek() {
                if c.is_ascii_digit() || c == '.' {
                    end = i + 1;
                    chars.next();
                } else {
                    break;
                }
            }
            let literal = &text[start..end];
            let value = literal
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| SyntaxError {
                    span: start..end,
                    message: format!("`{literal}` is not a number"),
                })?;
            tokens.push((Token::Number(value), start..end));
            continue;
        }
        chars.next();
        let two = |chars: &mut std::iter::Peekable<std::str::CharIndices>, next: char| {
            if chars.peek().map(|&(_, c)| c) == Some(next) {
                chars.next();
                true
            } else {
                false
            }
        };
        let (token, len) = match c {
            '(' => (Token::LParen, 1),
            ')' => (Token::RParen, 1),
            ',' => (Token::Comma, 1),
            '+' => (Token::Op("+"), 1),
            '-' => (Token::Op("-"), 1),
            '*' => (Token::Op("*"), 1),
            '/' => (Token::Op("/"), 1),
            '=' if two(&mut chars, '=') => (Token::Op("="), 2),
            '=' => (Token::Op("="), 1),
            '!' if two(&mut chars, '=') => (Token::Op("!="), 2),
            '<' if two(&mut chars, '=') => (Token::Op("<="), 2),
            '<' => (Token::Op("<"), 1),
            '>' if two(&mut chars, '=') => (Token::Op(">="), 2),
            '>' => (Token::Op(">"), 1),
            _ => {
                let end = start + c.len_utf8();
                let help = match c {
                    '&' => " (write `and`)",
                    '|' => " (write `or`)",
                    '!' => " (write `not` or `!=`)",
                    '"' | '\'' => " (option values are written without quotes)",
                    _ => "",
                };
                return Err(SyntaxError {
                    span: start..end,
                    message: format!("unexpected character `{}`{help}", c.escape_default()),
                });
            }
        };
        tokens.push((token, start..start + len));
    }
    Ok(tokens)
}

/// Parses a condition or a numeric expression.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    if text.len() > MAX_LENGTH {
        return Err(SyntaxError {
            span: 0..text.len(),
            message: format!(
                "the expression is {} characters long; the limit is {MAX_LENGTH}",
                text.chars().count()
            ),
        });
    }
    let tokens = tokenize(text)?;
    if tokens.is_empty() {
        return Err(SyntaxError {
            span: 0..text.len(),
            message: "the expression is empty".into(),
        });
    }
    let mut parser = Parser {
        tokens,
        pos: 0,
        depth: 0,
        end: text.len(),
    };
    let node = parser.or_expr()?;
    if let Some((token, span)) = parser.tokens.get(parser.pos) {
        return Err(SyntaxError {
            span: span.clone(),
            message: format!(
                "unexpected {token} after a complete expression; join conditions with `and` or `or`"
            ),
        });
    }
    Ok(node)
}

struct Parser {
    tokens: Vec<(Token, Range<usize>)>,
    pos: usize,
    depth: usize,
    end: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos).map(|(t, _)| t)
    }

    fn peek_is_name(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Token::Name(n)) if n == word)
    }

    fn peek_is_op(&self, op: &str) -> bool {
        matches!(self.peek(), Some(Token::Op(o)) if *o == op)
    }

    fn next_span(&self) -> Range<usize> {
        self.tokens
            .get(self.pos)
            .map_or(self.end..self.end, |(_, span)| span.clone())
    }

    fn bump(&mut self) -> Range<usize> {
        let span = self.next_span();
        self.pos += 1;
        span
    }

    fn error_here(&self, expected: &str) -> SyntaxError {
        let found = match self.tokens.get(self.pos) {
            Some((token, _)) => token.to_string(),
            None => "the end of the expression".into(),
        };
        SyntaxError {
            span: self.next_span(),
            message: format!("expected {expected}, found {found}"),
        }
    }

    fn enter(&mut self) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(SyntaxError {
                span: self.next_span(),
                message: format!("the expression is nested more than {MAX_DEPTH} levels deep"),
            });
        }
        Ok(())
    }

    fn or_expr(&mut self) -> Result<Node, SyntaxError> {
        self.enter()?;
        let first = self.and_expr()?;
        let node = if self.peek_is_name("or") {
            let mut parts = vec![first];
            while self.peek_is_name("or") {
                self.bump();
                parts.push(self.and_expr()?);
            }
            let span = parts[0].span.start..parts[parts.len() - 1].span.end;
            Node {
                kind: NodeKind::Or(parts),
                span,
            }
        } else {
            first
        };
        self.depth -= 1;
        Ok(node)
    }

    fn and_expr(&mut self) -> Result<Node, SyntaxError> {
        let first = self.not_expr()?;
        if !self.peek_is_name("and") {
            return Ok(first);
        }
        let mut parts = vec![first];
        while self.peek_is_name("and") {
            self.bump();
            parts.push(self.not_expr()?);
        }
        let span = parts[0].span.start..parts[parts.len() - 1].span.end;
        Ok(Node {
            kind: NodeKind::And(parts),
            span,
        })
    }

    fn not_expr(&mut self) -> Result<Node, SyntaxError> {
        if self.peek_is_name("not") {
            let start = self.bump().start;
            self.enter()?;
            let inner = self.not_expr()?;
            self.depth -= 1;
            let span = start..inner.span.end;
            return Ok(Node {
                kind: NodeKind::Not(Box::new(inner)),
                span,
            });
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Result<Node, SyntaxError> {
        let left = self.additive()?;
        let op = match self.peek() {
            Some(Token::Op("=")) => Some(CmpOp::Eq),
            Some(Token::Op("!=")) => Some(CmpOp::Ne),
            Some(Token::Op("<")) => Some(CmpOp::Lt),
            Some(Token::Op("<=")) => Some(CmpOp::Le),
            Some(Token::Op(">")) => Some(CmpOp::Gt),
            Some(Token::Op(">=")) => Some(CmpOp::Ge),
            _ => None,
        };
        if let Some(op) = op {
            self.bump();
            let right = self.additive()?;
            let span = left.span.start..right.span.end;
            return Ok(Node {
                kind: NodeKind::Compare(Box::new(left), op, Box::new(right)),
                span,
            });
        }
        if self.peek_is_name("has") {
            self.bump();
            let right = self.additive()?;
            let span = left.span.start..right.span.end;
            return Ok(Node {
                kind: NodeKind::Has(Box::new(left), Box::new(right)),
                span,
            });
        }
        if self.peek_is_name("in") {
            self.bump();
            if self.peek() != Some(&Token::LParen) {
                return Err(self.error_here("`(` to start the list of values after `in`"));
            }
            self.bump();
            let list = self.arguments()?;
            let end = self.bump().end;
            let span = left.span.start..end;
            return Ok(Node {
                kind: NodeKind::In(Box::new(left), list),
                span,
            });
        }
        Ok(left)
    }

    fn additive(&mut self) -> Result<Node, SyntaxError> {
        let mut left = self.multiplicative()?;
        loop {
            let op = if self.peek_is_op("+") {
                ArithOp::Add
            } else if self.peek_is_op("-") {
                ArithOp::Sub
            } else {
                return Ok(left);
            };
            self.bump();
            let right = self.multiplicative()?;
            let span = left.span.start..right.span.end;
            left = Node {
                kind: NodeKind::Arith(Box::new(left), op, Box::new(right)),
                span,
            };
        }
    }

    fn multiplicative(&mut self) -> Result<Node, SyntaxError> {
        let mut left = self.unary()?;
        loop {
            let op = if self.peek_is_op("*") {
                ArithOp::Mul
            } else if self.peek_is_op("/") {
                ArithOp::Div
            } else {
                return Ok(left);
            };
            self.bump();
            let right = self.unary()?;
            let span = left.span.start..right.span.end;
            left = Node {
                kind: NodeKind::Arith(Box::new(left), op, Box::new(right)),
                span,
            };
        }
    }

    fn unary(&mut self) -> Result<Node, SyntaxError> {
        if self.peek_is_op("-") {
            let start = self.bump().start;
            self.enter()?;
            let inner = self.unary()?;
            self.depth -= 1;
            let span = start..inner.span.end;
            return Ok(Node {
                kind: NodeKind::Negate(Box::new(inner)),
                span,
            });
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Node, SyntaxError> {
        let span = self.next_span();
        match self.peek().cloned() {
            Some(Token::Number(value)) => {
                self.bump();
                Ok(Node {
                    kind: NodeKind::Number(value),
                    span,
                })
            }
            Some(Token::Name(name)) => {
                if matches!(name.as_str(), "and" | "or" | "not" | "has" | "in") {
                    return Err(self.error_here("a question id, a value or `(`"));
                }
                self.bump();
                if name == "true" || name == "false" {
                    return Ok(Node {
                        kind: NodeKind::Bool(name == "true"),
                        span,
                    });
                }
                if self.peek() == Some(&Token::LParen) {
                    self.bump();
                    let args = self.arguments()?;
                    let end = self.bump().end;
                    return Ok(Node {
                        kind: NodeKind::Call(name, span.clone(), args),
                        span: span.start..end,
                    });
                }
                Ok(Node {
                    kind: NodeKind::Name(name),
                    span,
                })
            }
            Some(Token::LParen) => {
                self.bump();
                let mut inner = self.or_expr()?;
                if self.peek() != Some(&Token::RParen) {
                    return Err(self.error_here("`)`"));
                }
                let end = self.bump().end;
                inner.span = span.start..end;
                Ok(inner)
            }
            _ => Err(self.error_here("a question id, a value or `(`")),
        }
    }

    /// Parses `a, b, c)` up to but not including the closing parenthesis.
    fn arguments(&mut self) -> Result<Vec<Node>, SyntaxError> {
        let mut args = Vec::new();
        if self.peek() == Some(&Token::RParen) {
            return Ok(args);
        }
        loop {
            args.push(self.or_expr()?);
            match self.peek() {
                Some(Token::Comma) => {
                    self.bump();
                }
                Some(Token::RParen) => return Ok(args),
                _ => return Err(self.error_here("`,` or `)`")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(node: &Node) -> String {
        match &node.kind {
            NodeKind::Bool(b) => b.to_string(),
            NodeKind::Number(n) => n.to_string(),
            NodeKind::Name(n) => n.clone(),
            NodeKind::Not(inner) => format!("not({})", shape(inner)),
            NodeKind::Negate(inner) => format!("-({})", shape(inner)),
            NodeKind::And(parts) => format!(
                "and({})",
                parts.iter().map(shape).collect::<Vec<_>>().join(", ")
            ),
            NodeKind::Or(parts) => format!(
                "or({})",
                parts.iter().map(shape).collect::<Vec<_>>().join(", ")
            ),
            NodeKind::Compare(l, op, r) => format!("({} {op} {})", shape(l), shape(r)),
            NodeKind::Arith(l, op, r) => format!("({} {op:?} {})", shape(l), shape(r)),
            NodeKind::Has(l, r) => format!("({} has {})", shape(l), shape(r)),
            NodeKind::In(l, list) => format!(
                "({} in [{}])",
                shape(l),
                list.iter().map(shape).collect::<Vec<_>>().join(", ")
            ),
            NodeKind::Call(name, _, args) => format!(
                "{name}[{}]",
                args.iter().map(shape).collect::<Vec<_>>().join(", ")
            ),
        }
    }

    fn parsed(text: &str) -> String {
        shape(&parse(text).unwrap())
    }

    #[test]
    fn precedence_is_or_and_not_comparison_arithmetic() {
        assert_eq!(
            parsed("a = yes or b = no and not c = yes"),
            "or((a = yes), and((b = no), not((c = yes))))"
        );
        assert_eq!(parsed("x + y * 2 >= 3"), "((x Add (y Mul 2)) >= 3)");
        assert_eq!(
            parsed("(a = yes or b = yes) and c"),
            "and(or((a = yes), (b = yes)), c)"
        );
    }

    #[test]
    fn has_in_and_calls() {
        assert_eq!(parsed("meds has ppi"), "(meds has ppi)");
        assert_eq!(
            parsed("freq in (daily, weekly)"),
            "(freq in [daily, weekly])"
        );
        assert_eq!(
            parsed("count(a = yes, b = yes) >= 2"),
            "(count[(a = yes), (b = yes)] >= 2)"
        );
        assert_eq!(parsed("answered(x)"), "answered[x]");
        assert_eq!(parsed("a == yes"), "(a = yes)");
    }

    #[test]
    fn spans_cover_the_source_text() {
        let text = "urge = yes and rest != no";
        let node = parse(text).unwrap();
        let NodeKind::And(parts) = &node.kind else {
            panic!("expected and")
        };
        assert_eq!(&text[parts[1].span.clone()], "rest != no");
        assert_eq!(node.span, 0..text.len());
    }

    #[test]
    fn errors_point_at_the_problem() {
        let err = parse("a = yes && b = no").unwrap_err();
        assert_eq!(err.span, 8..9);
        assert!(err.message.contains("write `and`"), "{}", err.message);

        let err = parse("a = yes b = no").unwrap_err();
        assert_eq!(err.span, 8..9);

        let err = parse("(a = yes").unwrap_err();
        assert!(err.message.contains("expected `)`"), "{}", err.message);

        assert!(parse("   ").unwrap_err().message.contains("empty"));
        assert!(
            parse("a = 1.2.3")
                .unwrap_err()
                .message
                .contains("not a number")
        );
        assert!(
            parse("a = 'yes'")
                .unwrap_err()
                .message
                .contains("without quotes")
        );
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let deep = format!("{}a{}", "(".repeat(500), ")".repeat(500));
        assert!(parse(&deep).unwrap_err().message.contains("nested"));
        let nots = format!("{}a", "not ".repeat(100));
        assert!(parse(&nots).unwrap_err().message.contains("nested"));
        let negs = format!("{}1 > 0", "-".repeat(100));
        assert!(parse(&negs).unwrap_err().message.contains("nested"));
        let long = format!("{}1 > 0", "1 + ".repeat(1000));
        assert!(parse(&long).unwrap_err().message.contains("limit"));
        let fine = format!("{}a = yes{}", "(".repeat(20), ")".repeat(20));
        assert!(parse(&fine).is_ok());
    }
}
