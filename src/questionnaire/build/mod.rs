//! Turns a questionnaire file into a checked [`Questionnaire`], collecting
//! every problem with its place in the file instead of stopping at the first.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use sha2::{Digest, Sha256};

use super::cond::{Cond, NumExpr, Reference};
use super::expr::{self, Node};
use super::model::*;
use super::raw::*;
use crate::diag::{Diagnostic, did_you_mean};
use crate::text::{sanitize, sanitize_line};

mod items;
mod resolve;
mod syntax;

/// Files larger than this are refused before parsing: the TOML parser needs
/// many times a file's size in memory, and no questionnaire comes close.
pub const MAX_FILE_BYTES: usize = 2 * 1024 * 1024;
/// A generous bound (the built-in screening has 65) that keeps loading
/// and checking a questionnaire to well under a second.
pub const MAX_ITEMS: usize = 10_000;
/// As many as a person reads: `restless validate` shows the first 50
/// problems.
const MAX_ID_GUESSES: usize = 50;
pub const MAX_OPTIONS: usize = 200;
pub const MAX_TEXT_LENGTH: usize = 10_000;
const DEFAULT_TEXT_LENGTH: usize = 500;
const DEFAULT_IDENTIFIER_LENGTH: usize = 64;

const ITEM_TYPES: [&str; 6] = ["yes_no", "single", "multiple", "integer", "decimal", "text"];
const KEYWORDS: [&str; 8] = [
    "and",
    "or",
    "not",
    "has",
    "in",
    "true",
    "false",
    "dont_know",
];

/// Checks a questionnaire and builds its model, or returns every problem.
pub fn load(source: &str) -> Result<Questionnaire, Vec<Diagnostic>> {
    if source.len() > MAX_FILE_BYTES {
        return Err(vec![Diagnostic::new(
            0..0,
            format!(
                "the file is {} bytes; a questionnaire may be at most {MAX_FILE_BYTES} bytes",
                source.len()
            ),
        )]);
    }
    let raw: RawQuestionnaire = toml::from_str(source).map_err(|e| vec![toml_error(&e)])?;
    let mut builder = Builder {
        src: source,
        diags: Vec::new(),
        patient_texts: false,
        warnings: Vec::new(),
        id_guesses_left: MAX_ID_GUESSES,
    };
    let mut questionnaire = builder.build(raw);
    questionnaire.warnings = builder.warnings;
    if builder.diags.is_empty() {
        Ok(questionnaire)
    } else {
        builder
            .diags
            .sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
        Err(builder.diags)
    }
}

/// What a welcome screen shows (identity, labels, identifier fields),
/// with no sources, sections or rules: read from the `[questionnaire]` and
/// `[[identifier]]` tables alone, in a small part of the time the whole
/// file takes. `None` when those tables do not stand on their own. Meant
/// for a questionnaire already known to be valid, whose full load follows.
pub fn load_header(source: &str) -> Option<Questionnaire> {
    // The file as tables, each from its header line to the next one;
    // whatever comes before the first table (comments) is left out.
    let starts: Vec<usize> = source
        .match_indices("\n[")
        .map(|(at, _)| at + 1)
        .chain(source.starts_with('[').then_some(0))
        .chain(std::iter::once(source.len()))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let header: String = starts
        .windows(2)
        .map(|w| &source[w[0]..w[1]])
        .filter(|table| table.starts_with("[questionnaire]") || table.starts_with("[[identifier]]"))
        .collect();
    let raw: RawQuestionnaire = toml::from_str(&header).ok()?;
    let mut builder = Builder {
        src: &header,
        diags: Vec::new(),
        patient_texts: false,
        warnings: Vec::new(),
        id_guesses_left: MAX_ID_GUESSES,
    };
    let header = builder.header(&raw);
    builder.diags.is_empty().then_some(header)
}

/// Rewrites serde's messages in the vocabulary of a TOML file (keys, not
/// fields) and adds a did-you-mean for unknown keys.
pub fn toml_error(error: &toml::de::Error) -> Diagnostic {
    let message = error.message().trim_end();
    let span = error.span().unwrap_or(0..0);
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let names: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
        if let Some((unknown, expected)) = names.split_first() {
            let diag = if expected.is_empty() {
                Diagnostic::new(
                    span,
                    format!("unknown key `{unknown}`; this table takes no keys"),
                )
            } else {
                Diagnostic::new(
                    span,
                    format!(
                        "unknown key `{unknown}`; expected one of: {}",
                        expected.join(", ")
                    ),
                )
            };
            return match did_you_mean(unknown, expected.iter().copied()) {
                Some(guess) => diag.with_help(format!("did you mean `{guess}`?")),
                None => diag,
            };
        }
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        return Diagnostic::new(span, format!("missing key {rest}"))
            .with_help(format!("add {rest} to this table"));
    }
    match syntax::plain_words(message) {
        Some((plain, help)) => Diagnostic::new(span, plain).with_help(help),
        None => Diagnostic::new(span, message.to_string()),
    }
}

pub fn content_hash(source: &str) -> String {
    Sha256::digest(source.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// How far a condition may look: anywhere (scoring rules) or only at items
/// asked before a given position (what decides whether to show something).
#[derive(Clone, Copy)]
enum Limit {
    Anywhere,
    Before { position: usize, own: Option<usize> },
}

#[derive(Clone, Copy, Debug)]
enum Symbol {
    Item(usize),
    Score(usize),
    Finding(usize),
}

/// Where a condition is resolved: its text, how far it may look, and the
/// questionnaire so far with its names and what each rule depends on.
#[derive(Clone, Copy)]
struct Ctx<'s> {
    text: &'s S<String>,
    limit: Limit,
    q: &'s Questionnaire,
    symbols: &'s HashMap<String, Symbol>,
    deps: &'s [Option<usize>],
}

struct Builder<'a> {
    src: &'a str,
    diags: Vec<Diagnostic>,
    /// Whether every text a respondent can see needs a patient version.
    patient_texts: bool,
    warnings: Vec<Diagnostic>,
    /// Did-you-mean searches over every id still allowed: each costs a
    /// pass over all ids, and a file with thousands of unknown ids would
    /// otherwise take seconds to report problems of which only the first
    /// are shown.
    id_guesses_left: usize,
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn text(s: &S<String>) -> String {
    sanitize(s.get_ref().trim()).into_owned()
}

fn opt_text(s: &Option<S<String>>) -> Option<String> {
    s.as_ref().map(text).filter(|t| !t.is_empty())
}

impl Builder<'_> {
    fn error(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.diags.push(Diagnostic::new(span, message));
    }

    fn error_help(
        &mut self,
        span: Range<usize>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.diags
            .push(Diagnostic::new(span, message).with_help(help));
    }

    /// Maps a byte range inside an expression string to the file. Exact when
    /// the string has no escapes; otherwise points at the string itself.
    fn expr_span(&self, s: &S<String>, inner: Range<usize>) -> Range<usize> {
        let outer = s.span();
        let Some(raw) = self.src.get(outer.clone()) else {
            return outer;
        };
        let delimiter = if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
            3
        } else if raw.starts_with('"') || raw.starts_with('\'') {
            1
        } else {
            return outer;
        };
        if raw.len() < 2 * delimiter {
            return outer;
        }
        let mut start = outer.start + delimiter;
        let mut body = &raw[delimiter..raw.len() - delimiter];
        if delimiter == 3 {
            if let Some(rest) = body.strip_prefix("\r\n") {
                start += 2;
                body = rest;
            } else if let Some(rest) = body.strip_prefix('\n') {
                start += 1;
                body = rest;
            }
        }
        if body == s.get_ref() {
            start + inner.start..start + inner.end
        } else {
            outer
        }
    }

    /// A float from the file, refusing values the parser silently turned
    /// into zero (`1e-400`).
    fn float(&mut self, value: &S<f64>) -> f64 {
        if let Some(problem) = float_problem(*value.get_ref(), value.span(), self.src) {
            self.diags.push(problem);
        }
        *value.get_ref()
    }

    fn check_identifier(&mut self, id: &S<String>, what: &str) {
        let name = id.get_ref();
        if !is_identifier(name) {
            self.error_help(
                id.span(),
                format!("{what} id `{}` is not a valid id", sanitize_line(name)),
                "use letters, digits and `_`, starting with a letter, e.g. `leg_urge`",
            );
        } else if KEYWORDS.contains(&name.as_str()) {
            self.error_help(
                id.span(),
                format!("{what} id `{name}` is a reserved word of the condition language"),
                "choose another id",
            );
        }
    }

    /// Checks an id's form (when it can appear in conditions) and that no
    /// sibling already uses it.
    fn unique_id<'r>(
        &mut self,
        id: &'r S<String>,
        what: &str,
        in_conditions: bool,
        seen: &mut HashSet<&'r str>,
    ) {
        if in_conditions {
            self.check_identifier(id, what);
        }
        if !seen.insert(id.get_ref()) {
            self.error(
                id.span(),
                format!("duplicate {what} id `{}`", sanitize_line(id.get_ref())),
            );
        }
    }

    fn required_text(&mut self, s: &S<String>, what: &str) -> String {
        let value = text(s);
        if value.is_empty() {
            self.error(s.span(), format!("{what} must not be empty"));
        }
        value
    }

    /// What the file says before its sections: identity, labels,
    /// sources and identifier fields, with no sections or rules yet.
    fn header(&mut self, raw: &RawQuestionnaire) -> Questionnaire {
        let meta = raw.questionnaire.get_ref();
        let id = meta.id.get_ref().clone();
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        {
            self.error_help(
                meta.id.span(),
                format!("questionnaire id `{}` is not valid", sanitize_line(&id)),
                "use letters, digits, `-`, `_` and `.` (it becomes part of file names)",
            );
        }
        let version = self.required_text(&meta.version, "the version");
        let title = self.required_text(&meta.title, "the title");
        let labels = Labels {
            yes: opt_text(&meta.yes_label).unwrap_or_else(|| "Yes".into()),
            no: opt_text(&meta.no_label).unwrap_or_else(|| "No".into()),
            dont_know: opt_text(&meta.dont_know_label).unwrap_or_else(|| "I don't know".into()),
            recommendations_title: opt_text(&meta.recommendations_title)
                .unwrap_or_else(|| "Recommendations".into()),
            no_recommendation: opt_text(&meta.no_recommendation),
            no_recommendation_patient: opt_text(&meta.no_recommendation_patient),
        };
        self.patient_texts = meta.patient_texts.as_ref().is_some_and(|p| *p.get_ref());
        if meta.no_recommendation.is_some() {
            self.patient_version(
                &meta.no_recommendation_patient,
                meta.no_recommendation.as_ref().map_or(0..0, |s| s.span()),
                "`no_recommendation`",
                "no_recommendation_patient",
            );
        }
        Questionnaire {
            id,
            version,
            title,
            language: opt_text(&meta.language).unwrap_or_else(|| "en".into()),
            description: opt_text(&meta.description),
            minutes: opt_text(&meta.minutes),
            disclaimer: opt_text(&meta.disclaimer),
            labels,
            content_hash: String::new(),
            sources: self.sources(&raw.source),
            identifiers: self.identifiers(&raw.identifier),
            sections: Vec::new(),
            items: Vec::new(),
            warnings: Vec::new(),
            scores: Vec::new(),
            findings: Vec::new(),
            classifiers: Vec::new(),
            recommendations: Vec::new(),
            checks: Vec::new(),
            no_recommendation_if: None,
        }
    }

    /// The patient-facing version of a text, reporting its absence when
    /// the questionnaire asks for one everywhere.
    fn patient_version(
        &mut self,
        patient: &Option<S<String>>,
        at: Range<usize>,
        what: &str,
        key: &str,
    ) -> Option<String> {
        let text = opt_text(patient);
        if text.is_none() && self.patient_texts {
            self.error_help(
                at,
                format!("{what} has no patient-facing version"),
                format!(
                    "add `{key} = \"...\"` in plain words: this questionnaire sets `patient_texts = true`"
                ),
            );
        }
        text
    }

    fn build(&mut self, raw: RawQuestionnaire) -> Questionnaire {
        let mut q = self.header(&raw);
        q.content_hash = content_hash(self.src);
        let (sections, items) = self.sections_and_items(&raw.section, &q.labels);
        let symbols = self.symbols(&raw, &items);
        q.sections = sections;
        q.items = items;
        let source_ids: Vec<String> = q.sources.iter().map(|s| s.id.clone()).collect();

        // Scoring rules may look anywhere; resolve them first so that the
        // conditions deciding what to show can check what they depend on.
        for raw_score in &raw.score {
            let s = raw_score.get_ref();
            let ctx = Ctx {
                text: &s.expr,
                limit: Limit::Anywhere,
                q: &q,
                symbols: &symbols,
                deps: &[],
            };
            let expr = self
                .parse(&s.expr)
                .and_then(|node| self.num(&node, &ctx))
                .unwrap_or(NumExpr::Const(0.0));
            let max = s.max.as_ref().map(|m| self.float(m));
            q.scores.push(Score {
                id: s.id.get_ref().clone(),
                label: self.required_text(&s.label, "a score's label"),
                expr,
                unit: opt_text(&s.unit),
                max,
                citation: self.citation(&s.rule, &s.sources, &s.basis, &source_ids),
            });
        }
        for raw_finding in &raw.finding {
            let f = raw_finding.get_ref();
            let when = self.cond_of(&f.when, Limit::Anywhere, &q, &symbols, &[]);
            let applies_if = f
                .applies_if
                .as_ref()
                .map(|c| self.cond_of(c, Limit::Anywhere, &q, &symbols, &[]));
            let show = match f.show.as_ref().map(|s| s.get_ref().as_str()) {
                None | Some("when_true") => Show::WhenTrue,
                Some("always") => Show::Always,
                Some("never") => Show::Never,
                Some(other) => {
                    let span = f.show.as_ref().map_or(0..0, |s| s.span());
                    self.unknown_word(span, "show", other, &["when_true", "always", "never"]);
                    Show::WhenTrue
                }
            };
            let role = match f.role.as_ref().map(|s| s.get_ref().as_str()) {
                None => None,
                Some("criterion") => Some(Role::Criterion),
                Some("below_target") => Some(Role::BelowTarget),
                Some(other) => {
                    let span = f.role.as_ref().map_or(0..0, |s| s.span());
                    self.unknown_word(span, "role", other, &["criterion", "below_target"]);
                    None
                }
            };
            let kind = self.finding_kind(f);
            let unsure_if = f
                .unsure_if
                .as_ref()
                .map(|c| self.cond_of(c, Limit::Anywhere, &q, &symbols, &[]));
            let patient = if show == Show::Never {
                opt_text(&f.patient)
            } else {
                let what = format!("finding `{}`", sanitize_line(f.id.get_ref()));
                self.patient_version(&f.patient, f.id.span(), &what, "patient")
            };
            q.findings.push(Finding {
                id: f.id.get_ref().clone(),
                label: self.required_text(&f.label, "a finding's label"),
                applies_if,
                when,
                text: opt_text(&f.text),
                patient,
                group: opt_text(&f.group).unwrap_or_else(|| "Findings".into()),
                show,
                role,
                supports: Vec::new(),
                kind,
                unsure_if,
                citation: self.citation(&f.rule, &f.sources, &f.basis, &source_ids),
            });
        }
        let depends_on = self.rule_dependencies(&raw, &q);
        q.no_recommendation_if = raw
            .questionnaire
            .get_ref()
            .no_recommendation_if
            .as_ref()
            .map(|c| self.cond_of(c, Limit::Anywhere, &q, &symbols, &[]));
        q.checks = self.checks(&raw.check, &q, &symbols);

        self.visibility(&raw.section, &mut q, &symbols, &depends_on);
        self.classifiers(&raw.classifier, &mut q, &symbols, &source_ids);
        self.recommendations(&raw.recommendation, &mut q, &symbols, &source_ids);
        self.supports(&raw.finding, &mut q);
        q
    }

    /// Links each finding to the recommendations it supports, once they
    /// are known.
    fn supports(&mut self, findings: &[S<RawFinding>], q: &mut Questionnaire) {
        let ids: Vec<String> = q.recommendations.iter().map(|r| r.id.clone()).collect();
        for (raw_finding, finding) in findings.iter().zip(q.findings.iter_mut()) {
            for id in raw_finding
                .get_ref()
                .supports
                .iter()
                .flat_map(|l| l.get_ref())
            {
                match ids.iter().position(|known| known == id.get_ref()) {
                    Some(i) => finding.supports.push(i),
                    None => {
                        let message =
                            format!("unknown recommendation `{}`", sanitize_line(id.get_ref()));
                        match did_you_mean(id.get_ref(), ids.iter().map(String::as_str)) {
                            Some(guess) => self.error_help(
                                id.span(),
                                message,
                                format!("did you mean `{guess}`?"),
                            ),
                            None => self.error_help(
                                id.span(),
                                message,
                                "name the id of a [[recommendation]]",
                            ),
                        }
                    }
                }
            }
        }
    }

    fn finding_kind(&mut self, f: &RawFinding) -> FindingKind {
        let urgency = f.urgency.as_ref().map(|u| {
            match Urgency::NAMES.iter().position(|n| n == u.get_ref()) {
                Some(0) => Urgency::Emergency,
                Some(1) => Urgency::Today,
                Some(_) => Urgency::Soon,
                None => {
                    self.unknown_word(u.span(), "urgency", u.get_ref(), &Urgency::NAMES);
                    Urgency::Soon
                }
            }
        });
        match (f.kind.as_ref(), urgency) {
            (None, None) => FindingKind::Finding,
            (Some(k), urgency) if k.get_ref() == "red_flag" => {
                if urgency.is_none() {
                    self.error_help(
                        k.span(),
                        "a red flag needs an `urgency`",
                        format!("add urgency = one of: {}", Urgency::NAMES.join(", ")),
                    );
                }
                FindingKind::RedFlag(urgency.unwrap_or(Urgency::Soon))
            }
            (Some(k), _) if k.get_ref() == "finding" => {
                if let Some(u) = &f.urgency {
                    self.error_help(
                        u.span(),
                        "only a red flag has an `urgency`",
                        "add kind = \"red_flag\" or remove `urgency`",
                    );
                }
                FindingKind::Finding
            }
            (Some(k), _) => {
                self.unknown_word(
                    k.span(),
                    "finding kind",
                    k.get_ref(),
                    &["finding", "red_flag"],
                );
                FindingKind::Finding
            }
            (None, Some(_)) => {
                let span = f.urgency.as_ref().map_or(0..0, |u| u.span());
                self.error_help(
                    span,
                    "only a red flag has an `urgency`",
                    "add kind = \"red_flag\" or remove `urgency`",
                );
                FindingKind::Finding
            }
        }
    }

    fn checks(
        &mut self,
        raw: &[S<RawCheck>],
        q: &Questionnaire,
        symbols: &HashMap<String, Symbol>,
    ) -> Vec<Check> {
        let mut out = Vec::new();
        for c in raw {
            let c = c.get_ref();
            let when = self.cond_of(&c.when, Limit::Anywhere, q, symbols, &[]);
            let mut refs = Vec::new();
            when.references(&mut refs);
            let mut items: Vec<usize> = refs
                .iter()
                .filter_map(|r| match r {
                    Reference::Item(i) => Some(*i),
                    _ => None,
                })
                .collect();
            items.sort_unstable();
            items.dedup();
            if items.is_empty() {
                self.error_help(
                    c.when.span(),
                    "a check must name at least one item directly",
                    "the check runs when one of the items it names is answered",
                );
            }
            out.push(Check {
                when,
                message: self.required_text(&c.message, "a check's message"),
                items,
            });
        }
        out
    }

    fn unknown_word(&mut self, span: Range<usize>, key: &str, value: &str, expected: &[&str]) {
        let message = format!(
            "`{}` is not a valid {key}; expected one of: {}",
            sanitize_line(value),
            expected.join(", ")
        );
        match did_you_mean(value, expected.iter().copied()) {
            Some(guess) => self.error_help(span, message, format!("did you mean `{guess}`?")),
            None => self.error(span, message),
        }
    }

    fn sources(&mut self, raw: &[S<RawSource>]) -> Vec<Source> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for s in raw {
            let s = s.get_ref();
            self.unique_id(&s.id, "source", false, &mut seen);
            out.push(Source {
                id: sanitize_line(s.id.get_ref()).into_owned(),
                citation: self.required_text(&s.citation, "a source's citation"),
                url: opt_text(&s.url),
            });
        }
        out
    }

    fn identifiers(&mut self, raw: &[S<RawIdentifier>]) -> Vec<IdentifierField> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for f in raw {
            let f = f.get_ref();
            self.unique_id(&f.id, "identifier", true, &mut seen);
            let max_length = self.length(&f.max_length, DEFAULT_IDENTIFIER_LENGTH);
            out.push(IdentifierField {
                id: f.id.get_ref().clone(),
                label: self.required_text(&f.label, "an identifier's label"),
                help: opt_text(&f.help),
                max_length,
            });
        }
        out
    }

    fn length(&mut self, raw: &Option<S<i64>>, default: usize) -> usize {
        match raw {
            None => default,
            Some(n) => match usize::try_from(*n.get_ref()) {
                Ok(len) if (1..=MAX_TEXT_LENGTH).contains(&len) => len,
                _ => {
                    self.error(
                        n.span(),
                        format!("max_length must be between 1 and {MAX_TEXT_LENGTH}"),
                    );
                    default
                }
            },
        }
    }

    fn symbols(&mut self, raw: &RawQuestionnaire, items: &[Item]) -> HashMap<String, Symbol> {
        let mut symbols: HashMap<String, Symbol> = HashMap::new();
        // Items had their ids checked with the item; scores and findings
        // are checked here.
        let mut declare =
            |builder: &mut Self, id: &S<String>, symbol: Symbol, what: Option<&str>| {
                if let Some(what) = what {
                    builder.check_identifier(id, what);
                }
                // The first declaration wins, so later references do not
                // cascade into confusing errors about the duplicate.
                if let Some(&previous) = symbols.get(id.get_ref()) {
                    let other = match previous {
                        Symbol::Item(_) => "an item",
                        Symbol::Score(_) => "a score",
                        Symbol::Finding(_) => "a finding",
                    };
                    builder.error_help(
                        id.span(),
                        format!("duplicate id `{}`: {other} already uses it", id.get_ref()),
                        "items, scores and findings share one set of ids; rename one",
                    );
                } else {
                    symbols.insert(id.get_ref().clone(), symbol);
                }
            };
        let mut index = 0;
        for section in &raw.section {
            for item in &section.get_ref().item {
                if index < items.len() {
                    declare(self, &item.get_ref().id, Symbol::Item(index), None);
                }
                index += 1;
            }
        }
        for (i, s) in raw.score.iter().enumerate() {
            declare(self, &s.get_ref().id, Symbol::Score(i), Some("score"));
        }
        for (i, f) in raw.finding.iter().enumerate() {
            declare(self, &f.get_ref().id, Symbol::Finding(i), Some("finding"));
        }
        symbols
    }

    fn citation(
        &mut self,
        rule: &Option<S<String>>,
        sources: &Option<S<Vec<S<String>>>>,
        basis: &Option<S<String>>,
        source_ids: &[String],
    ) -> Citation {
        let mut indices = Vec::new();
        for s in sources.iter().flat_map(|list| list.get_ref()) {
            match source_ids.iter().position(|id| id == s.get_ref()) {
                Some(i) => indices.push(i),
                None => {
                    let message = format!("unknown source `{}`", sanitize_line(s.get_ref()));
                    match did_you_mean(s.get_ref(), source_ids.iter().map(String::as_str)) {
                        Some(guess) => {
                            self.error_help(s.span(), message, format!("did you mean `{guess}`?"))
                        }
                        None => self.error_help(
                            s.span(),
                            message,
                            "declare it in a [[source]] table with this id",
                        ),
                    }
                }
            }
        }
        Citation {
            rule: opt_text(rule),
            sources: indices,
            basis: opt_text(basis),
        }
    }

    fn parse(&mut self, s: &S<String>) -> Option<Node> {
        match expr::parse(s.get_ref()) {
            Ok(node) => Some(node),
            Err(e) => {
                let span = self.expr_span(s, e.span);
                self.error(span, e.message);
                None
            }
        }
    }

    fn cond_of(
        &mut self,
        s: &S<String>,
        limit: Limit,
        q: &Questionnaire,
        symbols: &HashMap<String, Symbol>,
        depends_on: &[Option<usize>],
    ) -> Cond {
        let ctx = Ctx {
            text: s,
            limit,
            q,
            symbols,
            deps: depends_on,
        };
        self.parse(s)
            .and_then(|node| self.cond(&node, &ctx))
            .unwrap_or(Cond::Const(false))
    }

    /// For every score and finding, the last item position it depends on
    /// (through other rules too), reporting cycles. Scores come first in
    /// the returned vector, then findings.
    fn rule_dependencies(
        &mut self,
        raw: &RawQuestionnaire,
        q: &Questionnaire,
    ) -> Vec<Option<usize>> {
        let scores = q.scores.len();
        let node_of = |r: Reference| match r {
            Reference::Score(i) => Some(i),
            Reference::Finding(i) => Some(scores + i),
            Reference::Item(_) => None,
        };
        let mut edges: Vec<Vec<Reference>> = Vec::new();
        for s in &q.scores {
            let mut refs = Vec::new();
            s.expr.references(&mut refs);
            edges.push(refs);
        }
        for f in &q.findings {
            let mut refs = Vec::new();
            f.when.references(&mut refs);
            if let Some(applies_if) = &f.applies_if {
                applies_if.references(&mut refs);
            }
            edges.push(refs);
        }
        let name = |n: usize| {
            if n < scores {
                q.scores[n].id.clone()
            } else {
                q.findings[n - scores].id.clone()
            }
        };
        let span = |n: usize| {
            if n < scores {
                raw.score[n].get_ref().expr.span()
            } else {
                raw.finding[n - scores].get_ref().when.span()
            }
        };
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            Active,
            Done,
        }
        let total = edges.len();
        let mut marks = vec![Mark::New; total];
        let mut deps: Vec<Option<usize>> = vec![None; total];
        // Iterative depth-first search: a long chain of rules must not
        // exhaust the stack.
        for root in 0..total {
            if marks[root] != Mark::New {
                continue;
            }
            let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
            marks[root] = Mark::Active;
            while let Some(&mut (node, ref mut next)) = stack.last_mut() {
                if let Some(&reference) = edges[node].get(*next) {
                    *next += 1;
                    match reference {
                        Reference::Item(i) => {
                            deps[node] = deps[node].max(Some(i));
                        }
                        _ => {
                            let Some(target) = node_of(reference) else {
                                continue;
                            };
                            match marks[target] {
                                Mark::New => {
                                    marks[target] = Mark::Active;
                                    stack.push((target, 0));
                                }
                                Mark::Active => {
                                    let start =
                                        stack.iter().position(|(n, _)| *n == target).unwrap_or(0);
                                    let mut path: Vec<String> =
                                        stack[start..].iter().map(|(n, _)| name(*n)).collect();
                                    path.push(name(target));
                                    self.error_help(
                                        span(node),
                                        format!(
                                            "`{}` depends on itself: {}",
                                            name(target),
                                            path.join(" → ")
                                        ),
                                        "break the cycle: a rule cannot use its own result",
                                    );
                                }
                                Mark::Done => {
                                    deps[node] = deps[node].max(deps[target]);
                                }
                            }
                        }
                    }
                } else {
                    marks[node] = Mark::Done;
                    stack.pop();
                    if let Some(&(parent, _)) = stack.last() {
                        deps[parent] = deps[parent].max(deps[node]);
                    }
                }
            }
        }
        deps
    }

    fn visibility(
        &mut self,
        raw: &[S<RawSection>],
        q: &mut Questionnaire,
        symbols: &HashMap<String, Symbol>,
        depends_on: &[Option<usize>],
    ) {
        let mut position = 0;
        for (index, section) in raw.iter().enumerate() {
            let s = section.get_ref();
            if let Some(show_if) = &s.show_if {
                let limit = Limit::Before {
                    position,
                    own: None,
                };
                let cond = self.cond_of(show_if, limit, q, symbols, depends_on);
                q.sections[index].show_if = Some(cond);
            }
            for item in &s.item {
                if position >= q.items.len() {
                    return;
                }
                if let Some(show_if) = &item.get_ref().show_if {
                    let limit = Limit::Before {
                        position,
                        own: Some(position),
                    };
                    let cond = self.cond_of(show_if, limit, q, symbols, depends_on);
                    q.items[position].show_if = Some(cond);
                }
                position += 1;
            }
        }
    }

    fn classifiers(
        &mut self,
        raw: &[S<RawClassifier>],
        q: &mut Questionnaire,
        symbols: &HashMap<String, Symbol>,
        source_ids: &[String],
    ) {
        let mut ids = HashSet::new();
        for c in raw {
            let c = c.get_ref();
            self.unique_id(&c.id, "classifier", true, &mut ids);
            if c.case.is_empty() {
                self.error_help(
                    c.id.span(),
                    format!("classifier `{}` has no cases", c.id.get_ref()),
                    "add `[[classifier.case]]` tables, the first matching case wins",
                );
            }
            let applies_if = c
                .applies_if
                .as_ref()
                .map(|s| self.cond_of(s, Limit::Anywhere, q, symbols, &[]));
            let mut case_ids = HashSet::new();
            let mut cases = Vec::new();
            for case in &c.case {
                let k = case.get_ref();
                self.unique_id(&k.id, "case", true, &mut case_ids);
                let what = format!("case `{}`", sanitize_line(k.id.get_ref()));
                let patient = self.patient_version(&k.patient, k.id.span(), &what, "patient");
                cases.push(Case {
                    id: k.id.get_ref().clone(),
                    label: self.required_text(&k.label, "a case's label"),
                    when: self.cond_of(&k.when, Limit::Anywhere, q, symbols, &[]),
                    text: opt_text(&k.text),
                    patient,
                    citation: self.citation(&k.rule, &k.sources, &k.basis, source_ids),
                });
            }
            q.classifiers.push(Classifier {
                id: c.id.get_ref().clone(),
                label: self.required_text(&c.label, "a classifier's label"),
                applies_if,
                cases,
            });
        }
    }

    fn recommendations(
        &mut self,
        raw: &[S<RawRecommendation>],
        q: &mut Questionnaire,
        symbols: &HashMap<String, Symbol>,
        source_ids: &[String],
    ) {
        let mut ids = HashSet::new();
        for r in raw {
            let r = r.get_ref();
            self.unique_id(&r.id, "recommendation", true, &mut ids);
            if r.trigger.is_empty() {
                self.error_help(
                    r.id.span(),
                    format!("recommendation `{}` has no triggers", r.id.get_ref()),
                    "add a `[[recommendation.trigger]]` with `when`, `priority` and `reason`",
                );
            }
            let escalate_at =
                r.escalate_at
                    .as_ref()
                    .and_then(|n| match usize::try_from(*n.get_ref()) {
                        Ok(n) if n >= 2 => Some(n),
                        _ => {
                            self.error(n.span(), "escalate_at must be 2 or more");
                            None
                        }
                    });
            let mut triggers = Vec::new();
            for t in &r.trigger {
                let t = t.get_ref();
                let priority = match t.priority.get_ref().as_str() {
                    "recommended" => Priority::Recommended,
                    "consider" => Priority::Consider,
                    other => {
                        self.unknown_word(
                            t.priority.span(),
                            "priority",
                            other,
                            &["recommended", "consider"],
                        );
                        Priority::Consider
                    }
                };
                let patient =
                    self.patient_version(&t.patient, t.reason.span(), "this reason", "patient");
                triggers.push(Trigger {
                    when: self.cond_of(&t.when, Limit::Anywhere, q, symbols, &[]),
                    priority,
                    escalates: t.escalates.as_ref().is_none_or(|e| *e.get_ref()),
                    reason: self.required_text(&t.reason, "a trigger's reason"),
                    patient,
                    citation: self.citation(&t.rule, &t.sources, &t.basis, source_ids),
                });
            }
            let mut notes = Vec::new();
            for n in &r.note {
                let n = n.get_ref();
                let patient =
                    self.patient_version(&n.patient, n.text.span(), "this note", "patient");
                notes.push(Note {
                    when: self.cond_of(&n.when, Limit::Anywhere, q, symbols, &[]),
                    text: self.required_text(&n.text, "a note's text"),
                    patient,
                    citation: self.citation(&n.rule, &n.sources, &n.basis, source_ids),
                });
            }
            let suppress_if = r
                .suppress_if
                .as_ref()
                .map(|s| self.cond_of(s, Limit::Anywhere, q, symbols, &[]));
            let suppressed_patient = match &r.suppressed_text {
                Some(text) => self.patient_version(
                    &r.suppressed_patient,
                    text.span(),
                    "`suppressed_text`",
                    "suppressed_patient",
                ),
                None => opt_text(&r.suppressed_patient),
            };
            let patient_name =
                self.patient_version(&r.patient_name, r.name.span(), "this name", "patient_name");
            q.recommendations.push(Recommendation {
                id: r.id.get_ref().clone(),
                patient_name,
                name: self.required_text(&r.name, "a recommendation's name"),
                target: opt_text(&r.target),
                preparation: opt_text(&r.preparation),
                citation: self.citation(&r.rule, &r.sources, &r.basis, source_ids),
                escalate_at,
                suppress_if,
                suppressed_text: opt_text(&r.suppressed_text),
                suppressed_patient,
                group: opt_text(&r.group),
                triggers,
                notes,
                codes: self.codings(&r.code, &[]),
            });
        }
    }
}

/// What is wrong with a float read from `source` at `span`, if anything:
/// not finite, or so small that the TOML parser silently made it 0
/// (`1e-400`).
pub fn float_problem(value: f64, span: Range<usize>, source: &str) -> Option<Diagnostic> {
    if !value.is_finite() {
        return Some(Diagnostic::new(
            span,
            "the number must be finite (not inf or nan)",
        ));
    }
    let literal = source.get(span.clone()).unwrap_or("");
    let mantissa = literal.split(['e', 'E']).next().unwrap_or("");
    (value == 0.0 && mantissa.chars().any(|c| ('1'..='9').contains(&c))).then(|| {
        Diagnostic::new(
            span,
            format!(
                "`{}` is too small to represent; it would silently become 0",
                sanitize_line(literal)
            ),
        )
    })
}
