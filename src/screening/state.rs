//! One screening under way, whichever front end asks the questions: the
//! answers, which questions apply, which were asked, the identifiers, the
//! result once shown and what was last saved. Both the full-screen `App`
//! and the plain dialogue hold one, and the keeper reads and reports back
//! through it.

use crate::engine::{self, Answer, Answers};
use crate::questionnaire::Questionnaire;
use crate::report::{Report, Stamp};

use super::privacy::clinician_field;
use super::session;

#[derive(Debug, Clone)]
pub struct Screening {
    q: Questionnaire,
    answers: Answers,
    /// Recomputed after every change: which items apply now.
    applicable: Vec<bool>,
    /// Items confirmed (answered or skipped) at least once; after changing
    /// an answer from the review, only questions never seen are asked.
    visited: Vec<bool>,
    identifiers: Vec<String>,
    /// The result, once shown; any change of answers or identifiers drops
    /// it.
    report: Option<Report>,
    /// The answers and identifiers as last saved, so that a change after
    /// saving counts as unsaved again.
    saved_state: Option<(Answers, Vec<String>)>,
    /// Whether the answers are in a draft on disk, as the keeper last
    /// reported.
    draft_kept: bool,
    /// Answers or identifiers changed since the last draft was kept.
    changed: bool,
    /// A problem the person must know about that does not stop the
    /// screening (a draft that could not be kept).
    warning: Option<String>,
    /// The identifiers it started with (the clinician's name carried over):
    /// nothing to save or keep while they are all there is.
    given: Vec<String>,
}

/// The identifiers are overwritten when the screening goes (the next
/// patient, the end of the program): no copy of them stays in memory. The
/// answers overwrite their free text themselves.
impl Drop for Screening {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        self.identifiers.zeroize();
        self.given.zeroize();
        if let Some((_, identifiers)) = &mut self.saved_state {
            identifiers.zeroize();
        }
        if let Some(report) = &mut self.report {
            for (_, value) in &mut report.identifiers.0 {
                value.zeroize();
            }
        }
    }
}

impl Screening {
    pub fn new(q: Questionnaire) -> Screening {
        let answers = Answers::new(&q);
        Screening {
            applicable: engine::applicable(&q, &answers),
            visited: vec![false; q.items.len()],
            identifiers: vec![String::new(); q.identifiers.len()],
            answers,
            report: None,
            saved_state: None,
            draft_kept: false,
            changed: false,
            warning: None,
            given: vec![String::new(); q.identifiers.len()],
            q,
        }
    }

    /// A new screening whose clinician field (if the questionnaire has
    /// one) already holds `clinician`.
    pub fn with_clinician(q: Questionnaire, clinician: Option<&str>) -> Screening {
        let mut screening = Screening::new(q);
        if let (Some(index), Some(name)) = (clinician_field(&screening.q), clinician)
            && let Some(field) = screening.identifiers.get_mut(index)
        {
            *field = name.to_string();
        }
        screening.given = screening.identifiers.clone();
        screening
    }

    /// The next patient's screening: nothing of this one is carried over
    /// but the questionnaire and the clinician (as typed now, else
    /// `default`).
    pub fn next_patient(&self, default: Option<&str>) -> Screening {
        let current = clinician_field(&self.q)
            .and_then(|index| self.identifiers.get(index))
            .map(|name| name.trim())
            .filter(|name| !name.is_empty());
        Screening::with_clinician(self.q.clone(), current.or(default))
    }

    pub fn questionnaire(&self) -> &Questionnaire {
        &self.q
    }

    pub fn answers(&self) -> &Answers {
        &self.answers
    }

    pub fn applicable(&self) -> &[bool] {
        &self.applicable
    }

    pub fn identifiers(&self) -> &[String] {
        &self.identifiers
    }

    pub fn identifier_values(&self) -> Vec<String> {
        self.identifiers.clone()
    }

    /// The result, once it has been shown.
    pub fn report(&self) -> Option<&Report> {
        self.report.as_ref()
    }

    pub fn warning(&self) -> Option<&str> {
        self.warning.as_deref()
    }

    pub fn set_warning(&mut self, warning: Option<String>) {
        self.warning = warning;
    }

    pub fn draft_kept(&self) -> bool {
        self.draft_kept
    }

    pub fn set_draft_kept(&mut self, kept: bool) {
        self.draft_kept = kept;
    }

    /// Whether answers or identifiers changed since the last call: a draft
    /// of them is then kept.
    pub fn take_changed(&mut self) -> bool {
        std::mem::take(&mut self.changed)
    }

    /// Counts the identifiers as entered: the draft is no longer current.
    pub fn identifiers_entered(&mut self) {
        self.changed = true;
        self.draft_kept = false;
    }

    /// Sets identifier `index`; a different value drops the result shown.
    pub fn set_identifier(&mut self, index: usize, value: String) {
        if let Some(field) = self.identifiers.get_mut(index)
            && *field != value
        {
            *field = value;
            self.report = None;
        }
    }

    /// Stores (or, with `None`, clears) the answer to `item` and works out
    /// again which questions apply.
    ///
    /// Every confirmed answer passes through here: the one place to hook
    /// anything that must follow a change of answers.
    pub fn commit(&mut self, item: usize, answer: Option<Answer>) -> Result<(), String> {
        match answer {
            Some(answer) => self
                .answers
                .set(&self.q, item, answer)
                .map_err(|e| crate::text::capitalised(&e.to_string()))?,
            None => self.answers.clear(item),
        }
        self.visited[item] = true;
        self.applicable = engine::applicable(&self.q, &self.answers);
        self.report = None;
        self.changed = true;
        self.draft_kept = false;
        Ok(())
    }

    /// Counts `item` as asked without changing its answer.
    pub fn mark_visited(&mut self, item: usize) {
        self.visited[item] = true;
    }

    /// Continues from a draft: its answers and identifiers, every answered
    /// question counted as asked.
    pub fn resume(&mut self, answers: Answers, identifiers: &[String]) {
        for (field, value) in self.identifiers.iter_mut().zip(identifiers) {
            *field = value.clone();
        }
        self.answers = answers;
        self.applicable = engine::applicable(&self.q, &self.answers);
        for (i, visited) in self.visited.iter_mut().enumerate() {
            *visited = self.answers.get(i).is_some();
        }
    }

    /// The first question that applies, if any.
    pub fn first_question(&self) -> Option<usize> {
        self.applicable.iter().position(|&a| a)
    }

    /// The last question that applies, if any.
    pub fn last_question(&self) -> Option<usize> {
        self.applicable.iter().rposition(|&a| a)
    }

    /// The question before `item` that applies, if any.
    pub fn previous_question(&self, item: usize) -> Option<usize> {
        (0..item).rev().find(|&i| self.applicable[i])
    }

    /// The question after `item`: the next that applies or, when changing
    /// an answer from the review, the next one never asked. `None` means
    /// the review comes next.
    pub fn next_question(&self, item: usize, from_review: bool) -> Option<usize> {
        session::next_question(&self.applicable, &self.visited, item, from_review)
    }

    /// Required questions that apply and have no answer, in order.
    pub fn missing(&self) -> Vec<usize> {
        session::missing(&self.q, &self.applicable, &self.answers)
    }

    /// How many questions apply now.
    pub fn applicable_count(&self) -> usize {
        self.applicable.iter().filter(|&&a| a).count()
    }

    /// Questions that apply and have an answer.
    pub fn answered_count(&self) -> usize {
        self.applicable
            .iter()
            .enumerate()
            .filter(|&(i, &a)| a && self.answers.get(i).is_some())
            .count()
    }

    /// The position of `item` among the questions that apply (from 1), and
    /// how many apply.
    pub fn position(&self, item: usize) -> (usize, usize) {
        let total = self.applicable_count();
        let position = self.applicable[..=item].iter().filter(|&&a| a).count();
        (position, total)
    }

    /// The question asked as number `n` (from 1).
    pub fn item_numbered(&self, n: usize) -> Option<usize> {
        (0..self.q.items.len())
            .filter(|&i| self.applicable[i])
            .nth(n.checked_sub(1)?)
    }

    /// The sections with a question that applies now, in order: those the
    /// screening goes through, listed and counted as its sections.
    pub fn sections_that_apply(&self) -> Vec<usize> {
        (0..self.q.sections.len())
            .filter(|&s| self.q.sections[s].items.clone().any(|i| self.applicable[i]))
            .collect()
    }

    /// Where `section` comes among the sections that apply (from 1), and
    /// how many apply.
    pub fn section_position(&self, section: usize) -> (usize, usize) {
        let shown = self.sections_that_apply();
        let before = shown.iter().filter(|&&s| s < section).count();
        (before + 1, shown.len())
    }

    /// Whether every applicable item in the section has been dealt with:
    /// answered, or an optional one passed over.
    pub fn section_done(&self, section: usize) -> bool {
        let Some(s) = self.q.sections.get(section) else {
            return false;
        };
        let mut any = false;
        for i in s.items.clone() {
            if self.applicable[i] {
                any = true;
                let dealt =
                    self.answers.get(i).is_some() || (!self.q.items[i].required && self.visited[i]);
                if !dealt {
                    return false;
                }
            }
        }
        any
    }

    /// Scores the answers now and keeps the result.
    /// The result of the answers that apply: those to questions that no
    /// longer apply stay in memory (switching back restores them) but are
    /// neither scored nor saved.
    pub fn show_result(&mut self) -> &Report {
        self.report.insert(Report::build(
            &self.q,
            &self.applied_answers(),
            &self.identifiers,
            &Stamp::now(),
        ))
    }

    /// The answers to the questions that apply now: what is saved.
    pub fn applied_answers(&self) -> Answers {
        self.answers.applied(&self.applicable)
    }

    /// Whether the person entered anything that is not in a saved result:
    /// a result saved and then changed (an answer, an identifier) is
    /// unsaved again.
    pub fn has_unsaved(&self) -> bool {
        if self.answers.answered_count() == 0 && self.identifiers == self.given {
            return false;
        }
        session::is_unsaved(&self.answers, &self.identifiers, self.saved_state.as_ref())
    }

    /// Whether a result of this screening was saved before.
    pub fn was_saved(&self) -> bool {
        self.saved_state.is_some()
    }

    /// The answers and identifiers as they are now were saved.
    pub fn mark_saved(&mut self) {
        self.saved_state = Some((self.answers.clone(), self.identifiers.clone()));
    }

    /// The file name proposed for the result shown, without extension:
    /// questionnaire, first identifier and the result's time.
    pub fn proposed_stem(&self) -> Option<String> {
        let report = self.report.as_ref()?;
        let identifier = report
            .identifiers
            .0
            .first()
            .map(|(_, value)| value.as_str());
        let stamp = session::file_timestamp(&report.saved.time);
        Some(session::proposed_stem(&self.q, identifier, &stamp))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const Q: &str = r#"
[questionnaire]
id = "mini"
version = "1"
title = "Mini"

[[identifier]]
id = "patient"
label = "Patient"

[[section]]
id = "legs"
title = "Legs"

[[section.item]]
id = "urge"
type = "yes_no"
text = "Urge to move the legs?"

[[section.item]]
id = "often"
type = "single"
text = "How often?"
show_if = "urge = yes"
options = [
  { value = "rarely", label = "Rarely" },
  { value = "weekly", label = "Weekly" },
]
"#;

    fn screening() -> Screening {
        Screening::new(crate::questionnaire::load(Q).expect("the test questionnaire loads"))
    }

    #[test]
    fn a_commit_reveals_questions_and_drops_the_result() {
        let mut s = screening();
        assert_eq!(s.applicable(), [true, false]);
        assert_eq!(s.next_question(0, false), None);
        s.commit(0, Some(Answer::Choice(0))).unwrap();
        assert_eq!(s.applicable(), [true, true]);
        assert_eq!(s.next_question(0, false), Some(1));
        assert_eq!(s.missing(), [1]);
        assert!(s.take_changed() && !s.take_changed());

        s.commit(1, Some(Answer::Choice(1))).unwrap();
        s.show_result();
        assert!(s.report().is_some());
        s.commit(1, Some(Answer::Choice(0))).unwrap();
        assert!(s.report().is_none(), "a changed answer needs a new result");
    }

    #[test]
    fn saved_stays_saved_until_something_changes() {
        let mut s = screening();
        assert!(!s.has_unsaved(), "nothing entered");
        s.set_identifier(0, "P-1".into());
        assert!(s.has_unsaved());
        s.show_result();
        s.mark_saved();
        assert!(!s.has_unsaved());
        s.set_identifier(0, "P-1".into());
        assert!(s.report().is_some(), "the same value changes nothing");
        s.set_identifier(0, "P-2".into());
        assert!(s.has_unsaved() && s.report().is_none());
    }

    #[test]
    fn the_file_name_comes_from_the_result() {
        let mut s = screening();
        assert_eq!(s.proposed_stem(), None);
        s.set_identifier(0, "A 1042".into());
        let time = s.show_result().saved.time.clone();
        // The name rule is session's; what matters here is that the
        // identifier and the time are the result's.
        let expected = session::proposed_stem(
            s.questionnaire(),
            Some("A 1042"),
            &session::file_timestamp(&time),
        );
        assert_eq!(s.proposed_stem(), Some(expected));
    }

    #[test]
    fn a_resumed_draft_counts_its_answers_as_asked() {
        let mut s = screening();
        let mut answers = Answers::new(s.questionnaire());
        answers
            .set(s.questionnaire(), 0, Answer::Choice(0))
            .unwrap();
        s.resume(answers, &["P-3".into()]);
        assert_eq!(s.identifiers(), ["P-3"]);
        assert_eq!(s.applicable(), [true, true]);
        // From the review, only the question never asked comes next.
        assert_eq!(s.next_question(0, true), Some(1));
        assert_eq!(s.position(1), (2, 2));
    }
}
