//! The rules of a screening session both front ends follow, as pure
//! functions: the file names proposed for results, what is unsaved or
//! missing, the next question, and drafts as answers files.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::engine::Answers;
use crate::questionnaire::Questionnaire;
use crate::report::{
    AnswerValue, PROGRAM, Pairs, QuestionnaireRef, answer_pairs, identifier_pairs,
};

/// The layout version written into drafts.
pub const DRAFT_FORMAT: &str = "restless-draft/1";

/// Longest part of a file name taken from a patient identifier.
const MAX_IDENTIFIER_IN_NAME: usize = 40;

/// A file name for a result: questionnaire, patient identifier (if given,
/// made safe for a file name) and the local date and time, for example
/// `rls-screening_A-1042_2026-11-21_140327.toml`.
///
/// `timestamp` is `YYYY-MM-DD_HHMMSS`; passing it in keeps this pure.
pub fn proposed_file_name(
    q: &Questionnaire,
    identifier: Option<&str>,
    timestamp: &str,
    extension: &str,
) -> String {
    format!("{}.{extension}", proposed_stem(q, identifier, timestamp))
}

/// The file name of [`proposed_file_name`] without its extension, for
/// saving several formats side by side.
pub fn proposed_stem(q: &Questionnaire, identifier: Option<&str>, timestamp: &str) -> String {
    let mut parts = vec![q.id.clone()];
    if let Some(safe) = identifier.map(safe_for_file_name).filter(|s| !s.is_empty()) {
        parts.push(safe);
    }
    parts.push(timestamp.to_string());
    parts.join("_")
}

/// A result's time, `2026-11-21T14:03:27+01:00`, as `2026-11-21_140327`
/// for a file name: it sorts by time and has no `:`, which some systems
/// refuse in file names. The seconds keep two screenings saved in the same
/// minute apart; [`free_base`] handles the same second.
pub fn file_timestamp(time: &str) -> String {
    let keep = |part: &str| -> String {
        part.chars()
            .filter(|c| c.is_ascii_digit() || *c == '-')
            .collect()
    };
    let date = keep(time.get(..10).unwrap_or(""));
    let clock: String = keep(time.get(11..19).unwrap_or("")).replace('-', "");
    format!("{date}_{clock}")
}

/// Most numbered alternatives tried for a proposed name.
const MAX_NAME_SUFFIX: usize = 1000;

/// The proposed base path for a result (without extension) or, when a file
/// of that name exists in any format, the first of `BASE-2`, `BASE-3`, ...
/// that is free in every format: a proposed name never points at a file
/// written for another screening, so saving under it never replaces one,
/// whatever the `overwrite` setting.
pub fn free_base(base: &Path) -> PathBuf {
    let taken = |candidate: &Path| {
        crate::report::Format::ALL.iter().any(|&format| {
            let mut name = candidate.as_os_str().to_os_string();
            name.push(".");
            name.push(crate::report::extension(format));
            std::fs::symlink_metadata(name).is_ok()
        })
    };
    if !taken(base) {
        return base.to_path_buf();
    }
    (2..=MAX_NAME_SUFFIX)
        .map(|n| {
            let mut name = base.as_os_str().to_os_string();
            name.push(format!("-{n}"));
            PathBuf::from(name)
        })
        .find(|candidate| !taken(candidate))
        .unwrap_or_else(|| base.to_path_buf())
}

/// Keeps letters, digits, `-` and `.`; everything else (spaces, slashes,
/// control characters, anything a shell or another system could trip on)
/// becomes `-`. Leading dots are dropped so the file is never hidden.
pub fn safe_for_file_name(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().take(MAX_IDENTIFIER_IN_NAME) {
        let keep = c.is_ascii_alphanumeric() || c == '-' || c == '.';
        let c = if keep { c } else { '-' };
        if !(c == '-' && out.ends_with('-')) {
            out.push(c);
        }
    }
    out.trim_start_matches('.').trim_matches('-').to_string()
}

#[derive(Serialize)]
struct Draft<'a> {
    questionnaire: QuestionnaireRef,
    saved: DraftStamp<'a>,
    identifiers: Pairs<String>,
    answers: Pairs<AnswerValue>,
}

#[derive(Serialize)]
struct DraftStamp<'a> {
    format: &'a str,
    time: &'a str,
    program: &'a str,
}

/// Whether a person entered anything that is not in a saved result: a
/// result saved and then changed (an answer, an identifier) is unsaved
/// again. `saved` is what was last saved, if anything.
pub fn is_unsaved(
    answers: &Answers,
    identifiers: &[String],
    saved: Option<&(Answers, Vec<String>)>,
) -> bool {
    let entered = answers.answered_count() > 0 || identifiers.iter().any(|v| !v.is_empty());
    let as_saved = saved.is_some_and(|(saved_answers, saved_identifiers)| {
        saved_answers == answers && saved_identifiers.as_slice() == identifiers
    });
    entered && !as_saved
}

/// Required questions that apply and have no answer, in order.
pub fn missing(q: &Questionnaire, applicable: &[bool], answers: &Answers) -> Vec<usize> {
    (0..q.items.len())
        .filter(|&i| applicable[i] && q.items[i].required && answers.get(i).is_none())
        .collect()
}

/// The question after `item`: the next that applies or, when changing an
/// answer from the review, the next one never asked (newly revealed by the
/// change). `None` means the review comes next.
pub fn next_question(
    applicable: &[bool],
    visited: &[bool],
    item: usize,
    from_review: bool,
) -> Option<usize> {
    (item + 1..applicable.len()).find(|&i| applicable[i] && (!from_review || !visited[i]))
}

/// A screening in progress as an answers file: it loads back with
/// `answers::load`, and `restless score` reads it too.
pub fn draft_text(
    q: &Questionnaire,
    answers: &Answers,
    identifiers: &[String],
    time: &str,
) -> String {
    let answers = answer_pairs(q, answers);
    // The count of what is written, so that it is the count read back.
    let answered = answers.0.len();
    let draft = Draft {
        questionnaire: QuestionnaireRef::of(q),
        saved: DraftStamp {
            format: DRAFT_FORMAT,
            time,
            program: PROGRAM,
        },
        identifiers: identifier_pairs(q, identifiers),
        answers,
    };
    // Plain data with string keys always serialises.
    let body = toml::to_string_pretty(&draft).unwrap_or_default();
    format!(
        "{}\n{body}",
        DraftHeader {
            answered,
            hash: q.content_hash.clone(),
        }
        .line()
    )
}

/// What the list of drafts shows of a draft, in its first line (a TOML
/// comment, so the draft is still an answers file): listing drafts then
/// reads a line of each rather than parsing every answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftHeader {
    /// How many questions have an answer.
    pub answered: usize,
    /// The content hash of the questionnaire the draft was written for:
    /// the count is trusted only for that exact questionnaire; a draft of
    /// any other (another version too) is parsed whole, as it would be
    /// without a header.
    pub hash: String,
}

const HEADER_START: &str = "# restless draft: ";

/// The most of a draft's start that holds its header line.
pub const MAX_HEADER_BYTES: usize = 256;

impl DraftHeader {
    /// `# restless draft: 12 answers, questionnaire hash 3f5a…`.
    fn line(&self) -> String {
        format!(
            "{HEADER_START}{} answers, questionnaire hash {}",
            self.answered, self.hash
        )
    }

    /// The header at the start of `text`, if it has one as
    /// [`draft_text`] writes it. `text` may be cut anywhere after the
    /// first line.
    pub fn parse(text: &str) -> Option<DraftHeader> {
        let (line, _) = text.split_once('\n')?;
        let rest = line.strip_prefix(HEADER_START)?;
        let (count, hash) = rest.split_once(" answers, questionnaire hash ")?;
        // Digits only: `parse` would take a sign.
        let digits = !count.is_empty() && count.bytes().all(|b| b.is_ascii_digit());
        let valid_hash = !hash.is_empty() && hash.bytes().all(|b| b.is_ascii_hexdigit());
        if !(digits && valid_hash) {
            return None;
        }
        Some(DraftHeader {
            answered: count.parse().ok()?,
            hash: hash.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Answer;

    fn q() -> Questionnaire {
        crate::questionnaire::load(crate::questionnaire::BUILT_IN).unwrap()
    }

    #[test]
    fn file_names_are_safe_whatever_the_identifier() {
        let q = q();
        assert_eq!(
            proposed_file_name(&q, Some("A-1042"), "2026-11-21_140327", "toml"),
            "rls-screening_A-1042_2026-11-21_140327.toml"
        );
        assert_eq!(
            proposed_file_name(&q, None, "2026-11-21_140327", "md"),
            "rls-screening_2026-11-21_140327.md"
        );
        assert_eq!(safe_for_file_name("../../etc/passwd"), "..-etc-passwd");
        assert_eq!(safe_for_file_name(".hidden"), "hidden");
        assert_eq!(safe_for_file_name("Smith, Jane / 12"), "Smith-Jane-12");
        assert_eq!(safe_for_file_name("␛]0;x"), "0-x");
        assert_eq!(safe_for_file_name("Jos\u{e9}"), "Jos");
        assert_eq!(safe_for_file_name(&"9".repeat(100)).len(), 40);
        assert_eq!(
            proposed_file_name(&q, Some("///"), "2026-11-21_140327", "json"),
            "rls-screening_2026-11-21_140327.json"
        );
    }

    #[test]
    fn timestamps_for_file_names() {
        assert_eq!(
            file_timestamp("2026-11-21T14:03:27+01:00"),
            "2026-11-21_140327"
        );
        assert_eq!(file_timestamp("garbage"), "_");
    }

    #[test]
    fn a_proposed_name_is_never_taken() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().join("rls-screening_2026-11-21_140327");
        assert_eq!(free_base(&base), base);
        std::fs::write(dir.path().join("rls-screening_2026-11-21_140327.md"), "").unwrap();
        let second = free_base(&base);
        assert_eq!(second, dir.path().join("rls-screening_2026-11-21_140327-2"));
        // Taken in another format counts too.
        std::fs::write(
            dir.path()
                .join("rls-screening_2026-11-21_140327-2.fhir.json"),
            "",
        )
        .unwrap();
        assert_eq!(
            free_base(&base),
            dir.path().join("rls-screening_2026-11-21_140327-3")
        );
    }

    #[test]
    fn a_draft_loads_back_to_the_same_answers() {
        let q = q();
        let mut answers = Answers::new(&q);
        answers
            .set(&q, q.item_index("c1_urge").unwrap(), Answer::Choice(0))
            .unwrap();
        answers
            .set(
                &q,
                q.item_index("ferritin").unwrap(),
                Answer::Number {
                    value: 45.5,
                    unit: 1,
                },
            )
            .unwrap();
        let identifiers = vec!["P-7".to_string(), String::new()];
        let text = draft_text(&q, &answers, &identifiers, "2026-11-21T14:03:00+00:00");
        assert!(text.contains("format = \"restless-draft/1\""), "{text}");
        let loaded = crate::answers::load(&q, &text).unwrap();
        assert_eq!(loaded.answers, answers);
        assert_eq!(loaded.identifiers, identifiers);
        assert!(loaded.warnings.is_empty());
        assert_eq!(
            DraftHeader::parse(&text),
            Some(DraftHeader {
                answered: loaded.answers.answered_count(),
                hash: q.content_hash.clone(),
            })
        );
    }

    #[test]
    fn only_a_header_as_written_is_taken() {
        let hash = "0a".repeat(32);
        let good = format!("# restless draft: 3 answers, questionnaire hash {hash}\n[x]\n");
        assert_eq!(
            DraftHeader::parse(&good),
            Some(DraftHeader { answered: 3, hash })
        );
        for bad in [
            "",
            "[questionnaire]\nid = \"x\"\n",
            // Cut before the end of its line: the hash may be incomplete.
            "# restless draft: 3 answers, questionnaire hash 0a0a",
            "# restless draft: -3 answers, questionnaire hash 0a\n",
            "# restless draft:  answers, questionnaire hash 0a\n",
            "# restless draft: 3 answers, questionnaire hash \n",
            "# restless draft: 3 answers, questionnaire hash 0a z\n",
            "# restless draft: 99999999999999999999999 answers, questionnaire hash 0a\n",
            " # restless draft: 3 answers, questionnaire hash 0a\n",
        ] {
            assert_eq!(DraftHeader::parse(bad), None, "{bad:?}");
        }
    }
}
