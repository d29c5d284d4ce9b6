//! The review of the answers: its lines before they are styled, so that
//! the update step scrolls by them and the view draws them.

use super::content_area_for;
use crate::engine::Answers;
use crate::questionnaire::Questionnaire;
use crate::report::display_answer;
use crate::text::{width, wrap};
use crate::tui::theme::Symbols;

/// Header, status line, key bar and the borders.
const CHROME: u16 = 5;

/// Lines of answers that show at once in a terminal of `size`.
pub fn viewport_height(size: (u16, u16)) -> usize {
    content_area_for(size).height.saturating_sub(CHROME).max(1) as usize
}

pub fn text_width(area_width: u16) -> usize {
    // Borders, the pointer gutter and a margin.
    area_width.saturating_sub(3) as usize
}

/// What can be selected on the review screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewTarget {
    Item(usize),
    ShowResult,
}

/// How a question's answer stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answered {
    Given,
    /// Required and not answered.
    Missing,
    /// Optional and passed over.
    Skipped,
}

/// One line of the review.
#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    Blank,
    Section(String),
    /// A line of a question and its answer.
    Item {
        item: usize,
        /// The question's first line, where the pointer goes.
        first: bool,
        question: String,
        /// The dots (or spaces) from the question to its answer.
        filler: String,
        answer: String,
        answered: Answered,
    },
    /// The button that shows the result.
    ShowResult,
}

impl Row {
    pub fn target(&self) -> Option<ReviewTarget> {
        match self {
            Row::Item { item, .. } => Some(ReviewTarget::Item(*item)),
            Row::ShowResult => Some(ReviewTarget::ShowResult),
            Row::Blank | Row::Section(_) => None,
        }
    }
}

/// Every line of the review for `inner` columns: each section's title
/// and its questions that apply, the answer beside the question's last
/// line, then the button.
pub fn rows(
    q: &Questionnaire,
    applicable: &[bool],
    answers: &Answers,
    symbols: &Symbols,
    inner: usize,
) -> Vec<Row> {
    // As wide as the longest answer, up to a third of the line.
    let longest = (0..q.items.len())
        .filter(|&i| applicable[i])
        .filter_map(|i| answers.get(i).map(|a| width(&display_answer(q, i, a))))
        .max()
        .unwrap_or(0)
        .max(width("✗ needs an answer"));
    let answer_width = longest.clamp(12, (inner / 3).max(12));
    let question_width = inner.saturating_sub(answer_width + 3).max(8);
    let mut out: Vec<Row> = Vec::new();
    for section in &q.sections {
        let items: Vec<usize> = section.items.clone().filter(|&i| applicable[i]).collect();
        if items.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(Row::Blank);
        }
        out.push(Row::Section(section.title.clone()));
        for i in items {
            let item = &q.items[i];
            let (answer, answered) = match answers.get(i) {
                Some(answer) => (display_answer(q, i, answer), Answered::Given),
                None if item.required => (
                    format!("{} needs an answer", symbols.not_met),
                    Answered::Missing,
                ),
                None => ("skipped".to_string(), Answered::Skipped),
            };
            let question_lines = wrap(&item.text, question_width);
            let answer_lines = wrap(&answer, answer_width);
            let last_question = question_lines.len() - 1;
            let rows = question_lines.len().max(last_question + answer_lines.len());
            for row in 0..rows {
                let text = question_lines.get(row).cloned().unwrap_or_default();
                let pad = question_width.saturating_sub(width(&text));
                let filler = if row == last_question && pad >= 2 {
                    format!(" {}", symbols.leader.repeat(pad - 1))
                } else {
                    " ".repeat(pad)
                };
                let answer_part = row
                    .checked_sub(last_question)
                    .and_then(|k| answer_lines.get(k))
                    .cloned()
                    .unwrap_or_default();
                out.push(Row::Item {
                    item: i,
                    first: row == 0,
                    question: text,
                    filler,
                    answer: answer_part,
                    answered,
                });
            }
        }
    }
    out.push(Row::Blank);
    out.push(Row::ShowResult);
    out
}

/// The lines `target` takes: first, and one past the last.
pub fn target_span(rows: &[Row], target: ReviewTarget) -> Option<(usize, usize)> {
    let first = rows.iter().position(|r| r.target() == Some(target))?;
    let count = rows[first..]
        .iter()
        .take_while(|r| r.target() == Some(target))
        .count();
    // The section title (and blank line) just above belong with it, so
    // scrolling up to the first answer of a section shows its title.
    let context = rows[..first]
        .iter()
        .rev()
        .take_while(|r| r.target().is_none())
        .count();
    Some((first - context, first + count))
}
