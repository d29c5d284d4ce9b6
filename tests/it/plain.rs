//! Plain mode (`restless --plain`), driven through standard input as a
//! script or a screen-reader user would, with the transcript asserted.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use insta::assert_snapshot;
use tempfile::TempDir;

/// Two sections; `often` shows only after a yes, `school` only for a child.
pub const PLAIN: &str = r#"[questionnaire]
id = "plain-clinic"
version = "1"
title = "Plain clinic screening"
disclaimer = "A screening aid, not a diagnosis."

[[source]]
id = "S1"
citation = "A source"

[[identifier]]
id = "patient_id"
label = "Patient identifier"
help = "A chart number."

[[section]]
id = "legs"
title = "Legs"
intro = "About the feelings in your legs."

[[section.item]]
id = "urge"
type = "yes_no"
text = "Do you feel a strong need to move your legs?"
help = "For example a creeping or pulling feeling."
dont_know = true

[[section.item]]
id = "often"
type = "single"
text = "How often does it happen?"
show_if = "urge = yes"
options = [
  { value = "rarely", label = "Rarely" },
  { value = "weekly", label = "Weekly or more" },
]

[[section]]
id = "you"
title = "About you"

[[section.item]]
id = "age"
type = "integer"
text = "How old are you?"
min = 2
max = 120

[[section.item]]
id = "school"
type = "yes_no"
text = "Does it disturb you at school?"
show_if = "age < 18"

[[section.item]]
id = "drinks"
type = "multiple"
text = "Which of these do you drink most days?"
options = [
  { value = "coffee", label = "Coffee" },
  { value = "tea", label = "Tea" },
  { value = "none", label = "None of these", exclusive = true },
]

[[section.item]]
id = "ferritin"
type = "decimal"
text = "What was your last ferritin result?"
unit = "ng/mL"
units = [{ unit = "µg/L", factor = 1 }]
min = 1
max = 1000
required = false

[[section.item]]
id = "note"
type = "text"
text = "Anything else to tell the clinician?"
max_length = 40
required = false

[[classifier]]
id = "screen"
label = "Screening result"

[[classifier.case]]
id = "positive"
label = "Positive screen"
when = "urge = yes and often = weekly"

[[classifier.case]]
id = "negative"
label = "Negative screen"
when = "true"

[[recommendation]]
id = "iron"
name = "Iron studies"

[[recommendation.trigger]]
when = "often = weekly"
priority = "recommended"
reason = "Symptoms every week."
sources = ["S1"]
"#;

/// A home, a working folder and the questionnaire, all private to one test.
struct Place {
    dir: TempDir,
    questionnaire: PathBuf,
}

impl Place {
    fn new() -> Place {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let questionnaire = dir.path().join("clinic.toml");
        std::fs::write(&questionnaire, PLAIN).expect("writing the questionnaire");
        Place { dir, questionnaire }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The program in plain mode, with this place as home and working
    /// folder.
    fn plain(&self) -> Command {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("restless"));
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.path())
            .env("LANG", "C.UTF-8")
            .current_dir(self.path())
            .args(["--plain", "--questionnaire"])
            .arg(&self.questionnaire);
        cmd
    }

    /// Runs plain mode with `lines` as its input; returns the exit status
    /// and the transcript with this place's path and the times masked.
    fn run(&self, lines: &[&str]) -> (i32, String) {
        let mut input = lines.join("\n");
        input.push('\n');
        let output = self
            .plain()
            .write_stdin(input)
            .output()
            .expect("running the program");
        let stdout = String::from_utf8(output.stdout).expect("the transcript is UTF-8");
        (output.status.code().unwrap_or(-1), self.mask(&stdout))
    }

    fn mask(&self, text: &str) -> String {
        let text = text.replace(&self.path().display().to_string(), "[DIR]");
        mask_times(&text)
    }

    fn drafts_dir(&self) -> PathBuf {
        self.path().join(".local/share/restless/drafts")
    }

    fn drafts(&self) -> Vec<PathBuf> {
        let dir = self.drafts_dir();
        let mut drafts: Vec<PathBuf> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .filter(|p| !p.display().to_string().contains("/.draft"))
            .collect();
        drafts.sort();
        drafts
    }
}

/// `2026-11-21T14:03:07+01:00` → `[TIME]`, `2026-11-21_140327` → `[STAMP]`:
/// the only parts of a transcript that change from run to run.
fn mask_times(text: &str) -> String {
    let shape = |pattern: &str, at: &[u8]| {
        pattern.len() <= at.len()
            && pattern.bytes().zip(at).all(|(p, &c)| match p {
                b'9' => c.is_ascii_digit(),
                b'~' => c == b'+' || c == b'-',
                p => p == c,
            })
    };
    let patterns = [
        ("9999-99-99T99:99:99~99:99", "[TIME]"),
        ("9999-99-99T99:99:99Z", "[TIME]"),
        ("9999-99-99_999999", "[STAMP]"),
        ("9999-99-99_9999", "[STAMP]"),
    ];
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    'scan: while i < bytes.len() {
        for (pattern, replacement) in patterns {
            if shape(pattern, &bytes[i..]) {
                out.push_str(replacement);
                i += pattern.len();
                continue 'scan;
            }
        }
        let c = text[i..].chars().next().expect("inside the text");
        out.push(c);
        i += c.len_utf8();
    }
    out
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .expect("the file")
        .permissions()
        .mode()
        & 0o777
}

/// One whole screening: an identifier, a wrong number and a word that is
/// not a number, a choice refused, `back`, `help`, the review and a change
/// made from it, a question that never applies (`school`, for children),
/// the result, and the save.
#[test]
fn a_whole_screening_in_plain_mode() {
    let place = Place::new();
    let (status, transcript) = place.run(&[
        "P-1", // identifier
        "no",  // urge: `often` stays hidden
        "back",
        "help",
        "yes",            // now `often` is asked
        "weekly or more", // by its label
        "1",              // age: out of range
        "forty",          // not a number
        "45",
        "1 3", // coffee with "none of these"
        "coffee, tea",
        "35 ug/l", // ferritin in the other unit, typed plainly
        "",        // note: optional, skipped
        "2",       // review: change question 2
        "1",       // rarely
        "",        // back at the review: the result
        "p1",
        "quit",
    ]);
    assert_eq!(status, 0, "{transcript}");
    assert!(
        !transcript.contains("at school"),
        "a child's question was asked:\n{transcript}"
    );
    assert_snapshot!("plain_whole_screening", transcript);

    // The saved result, private, and no draft left behind.
    let saved = std::fs::read_to_string(place.path().join("p1.toml")).expect("the result");
    assert!(saved.contains("often = \"rarely\""), "{saved}");
    assert!(
        saved.contains("ferritin = { value = 35, unit = \"µg/L\" }") || saved.contains("µg/L"),
        "{saved}"
    );
    assert!(place.drafts().is_empty());
}

/// The save that failed above (no such folder) kept every answer; another
/// name saves, privately, and the draft is gone.
#[test]
fn a_failed_save_keeps_the_answers_and_another_name_saves() {
    let place = Place::new();
    let (status, transcript) = place.run(&[
        "",
        "yes",
        "2",
        "45",
        "3",
        "",
        "",
        "",           // answers; review → result
        "missing/p1", // no such folder
        "p1",         // here
        "quit",
    ]);
    assert_eq!(status, 0, "{transcript}");
    assert!(transcript.contains("Not saved: "), "{transcript}");
    assert!(transcript.contains("Every answer is kept."), "{transcript}");
    let toml = place.path().join("p1.toml");
    let markdown = place.path().join("p1.md");
    assert!(transcript.contains("Saved: p1.toml"), "{transcript}");
    assert_eq!(mode(&toml), 0o600);
    assert_eq!(mode(&markdown), 0o600);
    assert!(place.drafts().is_empty(), "the draft goes once saved");
    let saved = std::fs::read_to_string(&toml).expect("the result");
    assert!(saved.contains("urge = \"yes\""), "{saved}");
    assert!(saved.contains("often = \"weekly\""), "{saved}");

    // Saving again under the same name is refused until asked for.
    let (_, again) = place.run(&[
        "", "yes", "2", "45", "3", "", "", "", "p1", "replace", "quit",
    ]);
    assert!(again.contains("p1.toml and p1.md already exist"), "{again}");
    assert!(again.contains("Type \"replace\""), "{again}");
    assert!(again.contains("Saved: p1.toml"), "{again}");
}

/// With `overwrite = true`, two screenings saved under the proposed name in
/// the same minute (or second) each keep their own files: the proposed
/// name is always free, so nothing is replaced.
#[test]
fn overwrite_never_replaces_another_screenings_result() {
    let place = Place::new();
    let config = place.path().join(".config/restless");
    std::fs::create_dir_all(&config).expect("the configuration folder");
    std::fs::write(config.join("config.toml"), "overwrite = true\n").expect("the configuration");
    let answers = ["", "yes", "2", "45", "3", "", "", "", "", "quit"];
    for _ in 0..3 {
        let (status, transcript) = place.run(&answers);
        assert_eq!(status, 0, "{transcript}");
        assert!(transcript.contains("Saved: "), "{transcript}");
    }
    let mut results: Vec<String> = std::fs::read_dir(place.path())
        .expect("the folder")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("plain-clinic_") && name.ends_with(".toml"))
        .collect();
    results.sort();
    assert_eq!(results.len(), 3, "{results:?}");
}

/// A corrupt draft whose error quotes escape sequences from the file: the
/// list of drafts shows them neutralised, never raw.
#[test]
fn a_corrupt_drafts_error_is_shown_neutralised() {
    let place = Place::new();
    let drafts = place.path().join(".local/share/restless/drafts");
    std::fs::create_dir_all(&drafts).expect("the drafts folder");
    let hostile = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile/d-escape-in-key.toml");
    std::fs::copy(hostile, drafts.join("draft-hostile.toml")).expect("the draft");
    let output = place
        .plain()
        .write_stdin("")
        .output()
        .expect("running the program");
    let stdout = String::from_utf8(output.stdout).expect("the transcript is UTF-8");
    assert!(stdout.contains("cannot be read (unknown key `"), "{stdout}");
    assert!(
        !stdout.contains('\u{1b}') && !stdout.contains('\u{7}'),
        "{stdout:?}"
    );
}

/// A save killed between writing and renaming leaves hidden temporary
/// files with patient data in the results folder: the next start removes
/// those old enough to be abandoned, and leaves a young one (a save under
/// way in another screening) alone.
#[test]
fn abandoned_temporary_files_are_swept_at_the_next_start() {
    let place = Place::new();
    let old = place.path().join(".restless-abc123.tmp");
    let young = place.path().join(".restless-def456.tmp");
    for path in [&old, &young] {
        std::fs::write(path, "patient = \"P-1\"\n").expect("a temporary file");
    }
    std::fs::File::options()
        .write(true)
        .open(&old)
        .and_then(|f| {
            f.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(600))
        })
        .expect("ageing the file");
    let (status, transcript) = place.run(&["quit"]);
    assert_eq!(status, 0, "{transcript}");
    assert!(!old.exists(), "the abandoned file is removed");
    assert!(young.exists(), "a file that may be in use is kept");
}

/// A drafts folder that is a symbolic link is refused, and plain mode says
/// why instead of writing the drafts where it points.
#[test]
fn a_symlinked_drafts_folder_is_refused_with_its_reason() {
    let place = Place::new();
    let shared = place.path().join("shared");
    std::fs::create_dir(&shared).expect("the shared folder");
    let data = place.path().join(".local/share/restless");
    std::fs::create_dir_all(&data).expect("the data folder");
    std::os::unix::fs::symlink(&shared, data.join("drafts")).expect("the link");
    let (status, transcript) = place.run(&["P-1", "yes"]);
    assert_eq!(status, 5, "{transcript}");
    assert!(
        transcript.contains(
            "Draft not kept: it is a symbolic link; a private folder must be a real folder"
        ),
        "{transcript}"
    );
    assert_eq!(
        std::fs::read_dir(&shared)
            .expect("the shared folder")
            .count(),
        0
    );
}

/// `restless --plain < answers.txt` that ends early: it stops, keeps the
/// draft, says so, and exits with 5; the next run offers the draft and goes
/// on from the first unanswered question.
#[test]
fn input_that_ends_early_keeps_a_draft_to_resume() {
    let place = Place::new();
    let (status, transcript) = place.run(&["D-4", "yes", "2"]);
    assert_eq!(status, 5, "{transcript}");
    assert!(
        transcript.contains("The input ended before the screening was finished."),
        "{transcript}"
    );
    let drafts = place.drafts();
    assert_eq!(drafts.len(), 1, "{drafts:?}");
    assert_eq!(mode(&drafts[0]), 0o600);
    let draft = std::fs::read_to_string(&drafts[0]).expect("the draft");
    assert!(draft.contains("often = \"weekly\""), "{draft}");
    assert!(draft.contains("D-4"), "{draft}");

    let (status, transcript) = place.run(&["1", "D-4", "45", "3", "", "", "", "d4", "quit"]);
    assert_eq!(status, 0, "{transcript}");
    // The list names no patient; opening one asks for its identifier.
    let listed = transcript
        .split("Type a number to continue")
        .next()
        .expect("the list");
    assert!(
        listed.contains("1. Plain clinic screening, 2 answers"),
        "{transcript}"
    );
    assert!(!listed.contains("D-4"), "{transcript}");
    assert!(
        transcript.contains("To continue this screening, type its patient identifier."),
        "{transcript}"
    );
    assert!(
        transcript.contains("Continuing: 2 answers so far."),
        "{transcript}"
    );
    // It goes on at the age, not at the start.
    let after_resume = transcript
        .split("Continuing")
        .nth(1)
        .expect("the resumed part");
    assert!(
        after_resume
            .find("How old are you?")
            .is_some_and(|at| !after_resume[..at].contains("strong need")),
        "{transcript}"
    );
    assert!(transcript.contains("Positive screen"), "{transcript}");
    assert!(place.path().join("d4.toml").exists());
    assert!(place.drafts().is_empty());
}

/// Without `--plain`, a dumb terminal gets plain mode too.
#[test]
fn a_dumb_terminal_gets_plain_mode() {
    let place = Place::new();
    let output = Command::new(assert_cmd::cargo::cargo_bin!("restless"))
        .env_clear()
        .env("HOME", place.path())
        .env("TERM", "dumb")
        .current_dir(place.path())
        .arg("--questionnaire")
        .arg(&place.questionnaire)
        .write_stdin("\nquit\n")
        .output()
        .expect("running the program");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("Section 1 of 2"), "{stdout}");
    assert!(!stdout.contains('\u{1b}'), "no escape sequence: {stdout:?}");
}

/// `quit` with answers given asks first, naming both ways out; `keep`
/// leaves the draft for later.
#[test]
fn quit_asks_first_and_keeps_the_draft() {
    let place = Place::new();
    let (status, transcript) = place.run(&["", "yes", "quit", "no", "quit", "yes", "quit", "keep"]);
    assert_eq!(status, 0, "{transcript}");
    assert_eq!(
        transcript
            .matches("Quit now? Type keep to keep the answers as a draft to continue later, delete to delete these answers, or no to go on.")
            .count(),
        3,
        "{transcript}"
    );
    // "no", and "yes" (no answer to a choice of two), go on with the
    // same question.
    assert_eq!(transcript.matches("How often does it happen?").count(), 1);
    // No result yet: nothing speaks of one not being saved.
    assert!(!transcript.contains("not saved"), "{transcript}");
    assert_eq!(place.drafts().len(), 1);
}

/// `quit` then `delete`: the draft and its lock file are gone.
#[test]
fn quit_and_delete_leaves_no_draft() {
    let place = Place::new();
    let (status, transcript) = place.run(&["DEL-1", "yes", "quit", "delete"]);
    assert_eq!(status, 0, "{transcript}");
    assert!(
        transcript.contains("The answers are deleted."),
        "{transcript}"
    );
    let left: Vec<_> = std::fs::read_dir(place.drafts_dir())
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "{left:?}");
}

/// A wrong identifier opens nothing: the list is offered again.
#[test]
fn a_draft_opens_only_with_its_identifier() {
    let place = Place::new();
    let (status, _) = place.run(&["W-1", "yes", "2"]);
    assert_eq!(status, 5);
    let (status, transcript) = place.run(&["1", "W-2", "new", "quit"]);
    assert_eq!(status, 0, "{transcript}");
    assert!(
        transcript
            .contains("That is not the patient identifier of this screening: nothing was opened."),
        "{transcript}"
    );
    assert!(!transcript.contains("Continuing"), "{transcript}");
    assert!(!transcript.contains("W-1"), "{transcript}");
    assert_eq!(place.drafts().len(), 1, "the draft stays");

    // The third wrong identifier in a row refuses attempts for a while,
    // as wrong PINs do.
    let (status, transcript) = place.run(&["1", "W-2", "1", "W-3", "1", "W-4", "new", "quit"]);
    assert_eq!(status, 0, "{transcript}");
    assert!(
        transcript.contains("Wrong patient identifier: nothing was opened. Try again in 1 second."),
        "{transcript}"
    );
    assert!(!transcript.contains("Continuing"), "{transcript}");
}

/// A line that is not UTF-8, an endless line and typed escape sequences:
/// each refused or shown harmlessly, and nothing already answered is lost.
#[test]
fn hostile_lines_are_refused_or_neutralised() {
    let place = Place::new();
    let mut input: Vec<u8> = Vec::new();
    input.extend_from_slice(b"\x1b]0;owned\x07P-\x1b[2J9\n"); // identifier
    input.extend_from_slice(b"yes\n");
    input.extend_from_slice(b"\xff\xfe\n"); // not UTF-8
    input.extend(std::iter::repeat_n(b'1', 100 * 1024)); // too long
    input.extend_from_slice(b"\n2\n");
    let output = place
        .plain()
        .write_stdin(input)
        .output()
        .expect("running the program");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
    assert_eq!(output.status.code(), Some(5), "{stdout}");
    assert!(
        !stdout.contains('\u{1b}'),
        "an escape reached the terminal: {stdout:?}"
    );
    assert!(
        !stdout.contains('\u{7}'),
        "a bell reached the terminal: {stdout:?}"
    );
    assert!(stdout.contains("That line is not UTF-8 text"), "{stdout}");
    assert!(stdout.contains("That line is longer than"), "{stdout}");
    let drafts = place.drafts();
    let draft = std::fs::read_to_string(&drafts[0]).expect("the draft");
    assert!(draft.contains("often = \"weekly\""), "{draft}");
}

/// Every example answers file, typed into plain mode question by question
/// as a person would (option numbers, numbers with their unit), gives the
/// same result as scoring the file.
#[test]
fn every_example_typed_in_plain_mode_scores_as_the_file() {
    use restless::engine::Answer;
    let q = restless::questionnaire::load(restless::questionnaire::BUILT_IN)
        .expect("the built-in loads");
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/questionnaires/examples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the examples")
        .map(|e| e.expect("an entry").path())
        .collect();
    files.sort();
    assert!(files.len() >= 10, "{files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).expect("an example");
        let example = restless::answers::load(&q, &text).expect("a valid example");
        let applicable = restless::engine::applicable(&q, &example.answers);
        let mut lines: Vec<String> = example.identifiers.clone();
        for (i, item) in q.items.iter().enumerate() {
            if !applicable[i] {
                continue;
            }
            lines.push(match example.answers.get(i) {
                None => String::new(),
                Some(Answer::Choice(n)) => (n + 1).to_string(),
                Some(Answer::Choices(chosen)) => chosen
                    .iter()
                    .map(|n| (n + 1).to_string())
                    .collect::<Vec<_>>()
                    .join(" "),
                Some(Answer::Number { value, unit }) => match &item.kind {
                    restless::questionnaire::ItemKind::Number(spec) if *unit > 0 => {
                        format!("{value} {}", spec.unit_name(*unit))
                    }
                    _ => value.to_string(),
                },
                Some(Answer::Text(text)) => text.clone(),
                Some(Answer::DontKnow) => q.labels.dont_know.clone(),
            });
        }
        lines.extend(["".into(), "result".into(), "quit".into()]);
        let home = tempfile::tempdir().expect("a temporary directory");
        let output = Command::new(assert_cmd::cargo::cargo_bin!("restless"))
            .env_clear()
            .env("HOME", home.path())
            .current_dir(home.path())
            .arg("--plain")
            .write_stdin(lines.join("\n") + "\n")
            .output()
            .expect("running the program");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let name = file.display();
        assert_eq!(output.status.code(), Some(0), "{name}:\n{stdout}");
        let saved = home.path().join("result.toml");
        assert!(saved.exists(), "{name}: not saved:\n{stdout}");
        // Sections are counted among those that apply: numbered one after
        // another, never past the count, the last one last.
        let mut places = Vec::new();
        for line in stdout.lines() {
            if let Some(place) = line.strip_prefix("Section ") {
                let mut words = place.split(' ');
                let number: usize = words.next().and_then(|n| n.parse().ok()).expect("n");
                let total: usize = words.nth(1).and_then(|n| n.parse().ok()).expect("of m");
                places.push((number, total));
            }
        }
        assert_eq!(places.first().map(|p| p.0), Some(1), "{name}:\n{stdout}");
        for pair in places.windows(2) {
            let ((n, _), (next, total)) = (pair[0], pair[1]);
            assert!(next == n || next == n + 1, "{name}: {pair:?}\n{stdout}");
            assert!(next <= total, "{name}: {pair:?}\n{stdout}");
        }
        let last = places.last().expect("a section");
        assert_eq!(last.0, last.1, "{name}:\n{stdout}");

        let score = |path: &Path| {
            let output = crate::support::restless()
                .args(["score", "--format", "json"])
                .arg(path)
                .output()
                .expect("scoring");
            let json: serde_json::Value =
                serde_json::from_slice(&output.stdout).expect("JSON from score");
            json["result"].clone()
        };
        assert_eq!(score(&saved), score(&file), "{name}:\n{stdout}");
    }
}

/// In a number question "not sure" is a word (or `?`), never a number: at
/// the onset age of the built-in screening nothing is numbered, `?` is
/// "not sure" and `1` is the age 1.
#[test]
fn in_a_number_question_not_sure_is_a_word_never_a_number() {
    let home = tempfile::tempdir().expect("a temporary directory");
    // No identifiers: the patient and the clinician left empty.
    let mut lines: Vec<&str> = vec!["", ""];
    lines.extend([
        "45",
        "female",
        "yes",
        "legs",
        "yes",
        "yes",
        "yes",
        "none",
        "none",
        "often",
        "over_5_years",
    ]);
    lines.extend(["?", "back", "1"]);
    let mut input = lines.join("\n");
    input.push('\n');
    let output = Command::new(assert_cmd::cargo::cargo_bin!("restless"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("LANG", "C.UTF-8")
        .current_dir(home.path())
        .arg("--plain")
        .write_stdin(input)
        .output()
        .expect("running the program");
    let transcript = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(5), "{transcript}");
    let at_onset = transcript
        .split("About how old were you")
        .nth(1)
        .expect("the onset question");
    let question = at_onset.split("Answer:").next().unwrap_or("");
    assert!(!question.contains("1. I'm not sure"), "{question}");
    assert!(question.contains("\"not sure\" (or ?)"), "{question}");
    // `?` chose "not sure" and went on; back again, `1` is the age 1.
    assert!(
        transcript.contains("Current answer: I'm not sure"),
        "{transcript}"
    );
    let drafts = std::fs::read_dir(home.path().join(".local/share/restless/drafts"))
        .expect("the drafts folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .filter(|p| !p.display().to_string().contains("/.draft"))
        .collect::<Vec<_>>();
    assert_eq!(drafts.len(), 1, "{drafts:?}");
    let draft = std::fs::read_to_string(&drafts[0]).expect("the draft");
    assert!(draft.contains("onset_age = 1"), "{draft}");
}

/// Under a locale that is not UTF-8, plain mode prints ASCII only.
#[test]
fn plain_mode_prints_ascii_when_the_locale_is_not_utf8() {
    for lang in ["C", "POSIX", "en_US.ISO-8859-1"] {
        let place = Place::new();
        let output = place
            .plain()
            .env("LANG", lang)
            .write_stdin("P-1\nyes\n2\n45\n1\n\n\nreview\n")
            .output()
            .expect("running the program");
        let stdout = String::from_utf8(output.stdout).expect("ASCII is UTF-8");
        assert!(stdout.is_ascii(), "{lang}: {stdout}");
        assert!(stdout.contains("Section 1 of 2"), "{stdout}");
        assert!(stdout.contains(" - Legs"), "{lang}: {stdout}");
    }
    let (_, utf8) = Place::new().run(&["P-1", "yes", "2"]);
    assert!(utf8.contains(" — Legs"), "{utf8}");
}

/// `delete N` asks first, and the numbers of a listing do not change
/// under the next command; one answer is "1 answer".
#[test]
fn deleting_a_draft_asks_first_and_numbers_stay() {
    let place = Place::new();
    let (status, transcript) = place.run(&["A-1", "yes"]);
    assert_eq!(status, 5, "{transcript}");
    // Enter past the draft offered: a new screening.
    let (status, transcript) = place.run(&["", "B-2", "yes"]);
    assert_eq!(status, 5, "{transcript}");
    assert_eq!(place.drafts().len(), 2);
    let (status, transcript) = place.run(&["delete 1", "no", "delete 1", "yes", "quit"]);
    assert_eq!(status, 0, "{transcript}");
    assert!(transcript.contains(", 1 answer, "), "{transcript}");
    assert!(!transcript.contains("1 answers"), "{transcript}");
    assert!(transcript.contains("Delete screening 1 ("), "{transcript}");
    assert!(transcript.contains("Kept."), "{transcript}");
    assert!(transcript.contains("Deleted."), "{transcript}");
    let last_listing = transcript
        .rsplit("Unfinished screenings")
        .next()
        .expect("a listing");
    assert!(last_listing.contains("  2. "), "{last_listing}");
    assert!(!last_listing.contains("  1. "), "{last_listing}");
    assert_eq!(place.drafts().len(), 1);
}

/// Plain mode's next patient keeps the clinician and asks for a new
/// patient identifier.
#[test]
fn the_next_patient_keeps_the_clinician_in_plain_mode() {
    let place = Place::new();
    let config = place.path().join(".config/restless");
    std::fs::create_dir_all(&config).expect("the config folder");
    std::fs::write(config.join("config.toml"), "clinician = \"Dr Plain\"\n").expect("the config");
    let with_clinician = PLAIN.replace(
        "help = \"A chart number.\"\n",
        "help = \"A chart number.\"\n\n[[identifier]]\nid = \"clinician\"\nlabel = \"Clinician\"\n",
    );
    assert_ne!(with_clinician, PLAIN);
    std::fs::write(&place.questionnaire, with_clinician).expect("the questionnaire");
    let (_, transcript) = place.run(&[
        "P-1", "", "yes", "2", "45", "3", "", "", "", "p1", "next", "P-2",
    ]);
    let after = transcript
        .split("Next patient: a new screening.")
        .nth(1)
        .unwrap_or_else(|| panic!("no next patient:\n{transcript}"));
    assert!(after.contains("Now: Dr Plain."), "{transcript}");
    assert!(!after.contains("P-1"), "{transcript}");
    assert!(after.contains("Patient identifier (optional). Press Enter to leave it empty."));
}

/// Every file under `dir` (lock files, which are empty, aside): its name
/// and whether it is an age file.
fn sealed_or_not(dir: &Path) -> Vec<(String, bool)> {
    let mut files: Vec<(String, bool)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| !e.file_name().to_string_lossy().ends_with(".lock"))
        .filter(|e| e.path().is_file())
        .map(|e| {
            let bytes = std::fs::read(e.path()).expect("a file");
            (
                e.file_name().to_string_lossy().into_owned(),
                bytes.starts_with(b"age-encryption.org/v1\n"),
            )
        })
        .collect();
    files.sort();
    files
}

/// With `encrypt_to`, drafts and results are written only as age files;
/// the Debian `age` tool decrypts a saved result to exactly the TOML
/// written without encryption, and `--identity` resumes the draft.
#[test]
fn with_encrypt_to_nothing_readable_is_written() {
    use age::secrecy::ExposeSecret;
    if std::process::Command::new("age")
        .arg("--version")
        .output()
        .is_err()
    {
        crate::support::skip("encryption test", "the age tool is not installed");
        return;
    }
    let key = age::x25519::Identity::generate();
    let sealed = Place::new();
    let plain = Place::new();
    let identity = sealed.path().join("clinic-key.txt");
    std::fs::write(&identity, format!("{}\n", key.to_string().expose_secret())).unwrap();
    let config = sealed.path().join(".config/restless");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        format!("encrypt_to = [\"{}\"]\n", key.to_public()),
    )
    .unwrap();
    let drafts = sealed.drafts_dir();

    // The input ends after two answers: a draft is kept, sealed.
    let first = ["SEAL-1", "yes", "2"];
    let (status, _) = sealed.run(&first);
    assert_eq!(status, 5);
    let listed = sealed_or_not(&drafts);
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert!(
        listed[0].0.ends_with(".toml.age") && listed[0].1,
        "{listed:?}"
    );
    assert!(files_under(sealed.path(), "SEAL-1").is_empty());

    // Without the key the draft is offered but cannot be read.
    let (_, transcript) = sealed.run(&["", "quit"]);
    assert!(transcript.contains("cannot be read"), "{transcript}");

    // With the key: resumed, finished and saved, sealed.
    let rest = ["1", "SEAL-1", "45", "3", "", "", "", "", "quit"];
    let mut input = rest.join("\n");
    input.push('\n');
    let output = sealed
        .plain()
        .arg("--identity")
        .arg(&identity)
        .write_stdin(input)
        .output()
        .unwrap();
    let transcript = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{transcript}");
    assert!(
        transcript.contains("Continuing: 2 answers so far."),
        "{transcript}"
    );
    assert!(
        sealed_or_not(&drafts).is_empty(),
        "the draft goes once saved"
    );
    let saved = sealed_or_not(sealed.path());
    // Besides the questionnaire and the key the test put there: only the
    // two results, both age files.
    let results: Vec<&(String, bool)> = saved
        .iter()
        .filter(|(name, _)| name != "clinic.toml" && name != "clinic-key.txt")
        .collect();
    assert_eq!(results.len(), 2, "{saved:?}");
    assert!(
        results
            .iter()
            .all(|(name, is_age)| *is_age && name.ends_with(".age")),
        "a plaintext result: {saved:?}"
    );
    assert_eq!(files_under(sealed.path(), "SEAL-1").len(), 0);
    assert!(
        results.iter().all(|(name, _)| !name.contains("SEAL-1")),
        "the identifier in a file name: {saved:?}"
    );
    // The names offered before saving are the names written.
    let offered = transcript
        .lines()
        .find(|line| line.starts_with("Save the result as"))
        .unwrap_or_else(|| panic!("no names offered: {transcript}"));
    for (name, _) in &results {
        assert!(offered.contains(name.as_str()), "{name} not in {offered:?}");
    }

    // The same answers, unencrypted, in another place.
    plain.run(&first);
    let mut unsealed_input: Vec<&str> = vec!["1", "SEAL-1"];
    unsealed_input.extend_from_slice(&rest[2..]);
    plain.run(&unsealed_input);
    let written: Vec<PathBuf> = std::fs::read_dir(plain.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml") && !p.ends_with("clinic.toml"))
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    let expected = std::fs::read_to_string(&written[0]).unwrap();

    let toml_age = sealed.path().join(
        &results
            .iter()
            .find(|(n, _)| n.ends_with(".toml.age"))
            .unwrap()
            .0,
    );
    let decrypted = std::process::Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(&identity)
        .arg(&toml_age)
        .output()
        .expect("running age");
    assert!(decrypted.status.success(), "{decrypted:?}");
    let decrypted = String::from_utf8(decrypted.stdout).unwrap();
    let without_time = |text: &str| -> String {
        text.lines()
            .filter(|line| !line.starts_with("time = "))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(decrypted.contains("patient_id = \"SEAL-1\""), "{decrypted}");
    assert_eq!(without_time(&decrypted), without_time(&expected));

    // `score` reads it with the key, and says what is missing without.
    let scored = crate::support::restless()
        .env("HOME", sealed.path())
        .args(["score", "--questionnaire"])
        .arg(&sealed.questionnaire)
        .arg("--identity")
        .arg(&identity)
        .arg(&toml_age)
        .output()
        .unwrap();
    assert_eq!(scored.status.code(), Some(0), "{scored:?}");
    assert!(String::from_utf8_lossy(&scored.stdout).contains("Positive screen"));
    let refused = crate::support::restless()
        .env("HOME", sealed.path())
        .args(["score", "--questionnaire"])
        .arg(&sealed.questionnaire)
        .arg(&toml_age)
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--identity"));
}

/// Every file under `dir` whose bytes contain `needle`.
fn files_under(dir: &Path, needle: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if std::fs::read(&path)
                .is_ok_and(|bytes| bytes.windows(needle.len()).any(|w| w == needle.as_bytes()))
            {
                found.push(path);
            }
        }
    }
    found
}

/// With a clinician PIN, plain mode asks for it before a draft opens (and
/// does not echo it into the transcript); a wrong one opens nothing.
#[test]
fn with_a_pin_plain_mode_asks_for_it_before_a_draft_opens() {
    let place = Place::new();
    let (status, _) = place.run(&["PIN-1", "yes", "2"]);
    assert_eq!(status, 5);
    let config = place.path().join(".config/restless");
    std::fs::create_dir_all(&config).unwrap();
    let hash = restless::screening::pin::hash_pin("2468").unwrap();
    std::fs::write(config.join("pin"), format!("{hash}\n")).unwrap();
    let (status, transcript) = place.run(&["1", "1357", "1", "2468", "PIN-1", "quit", "keep"]);
    assert_eq!(status, 0, "{transcript}");
    assert!(
        transcript.contains("Wrong PIN. Nothing was opened."),
        "{transcript}"
    );
    assert!(!transcript.contains("1357"), "{transcript}");
    assert!(!transcript.contains("2468"), "{transcript}");
    assert!(
        transcript.contains("Continuing: 2 answers so far."),
        "{transcript}"
    );
}
