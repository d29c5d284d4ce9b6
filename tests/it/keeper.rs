//! The keeper: drafts exist exactly while something is unsaved, and
//! results are saved all or nothing.

use std::path::Path;

use restless::engine::Answer;
use restless::report::Format;
use restless::screening::keeper::{Keeper, list_drafts};
use restless::screening::saving::{SaveOutcome, SaveRequest};
use restless::store::DraftStore;
use restless::tui::{Action, App, Theme};

const Q: &str = r#"
[questionnaire]
id = "keeper"
version = "1"
title = "Keeper"

[[identifier]]
id = "patient"
label = "Patient"

[[section]]
id = "s"
title = "S"

[[section.item]]
id = "a"
type = "yes_no"
text = "A?"
"#;

fn app() -> App {
    let q = restless::questionnaire::load(Q).unwrap();
    App::new(
        q,
        Theme {
            color: false,
            unicode: true,
        },
    )
}

/// An app on its results screen, for patient P-1, answered yes.
fn at_results() -> App {
    let mut app = app();
    app.update(Action::Insert('P'));
    app.update(Action::Confirm);
    app.update(Action::Pick(1));
    app.update(Action::ShowResult);
    assert!(app.report().is_some());
    app
}

fn request(base: &Path, formats: &[Format], replace: bool) -> SaveRequest {
    SaveRequest {
        base: base.to_path_buf(),
        formats: formats.to_vec(),
        replace,
    }
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_draft_exists_exactly_while_something_is_unsaved() {
    let dir = tempfile::tempdir().unwrap();
    let store = DraftStore::new(dir.path().join("drafts"));
    let mut keeper = Keeper::new(Some(DraftStore::new(dir.path().join("drafts"))));
    let mut app = at_results();
    assert!(app.take_changed());
    keeper.keep_draft(app.screening_mut());
    assert_eq!(store.list().unwrap().len(), 1);
    assert!(app.draft_kept());

    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let saved = keeper.save_result(
        app.screening_mut(),
        &request(&out.join("r"), &[Format::Toml], false),
    );
    app.save_finished(saved);
    keeper.keep_draft(app.screening_mut());
    assert!(store.list().unwrap().is_empty(), "saved: the draft goes");
    assert!(!app.has_unsaved());

    // Back to the welcome screen and on again, nothing changed: no draft.
    app.update(Action::ShowReview);
    app.update(Action::Back);
    app.update(Action::Back);
    app.update(Action::Confirm);
    app.take_changed();
    keeper.keep_draft(app.screening_mut());
    assert!(store.list().unwrap().is_empty());
    assert!(!app.has_unsaved());

    // An identifier changed after saving: unsaved again, and kept.
    app.update(Action::Back);
    app.update(Action::Insert('X'));
    app.update(Action::Confirm);
    assert!(app.has_unsaved());
    app.take_changed();
    keeper.keep_draft(app.screening_mut());
    assert_eq!(store.list().unwrap().len(), 1);
}

#[test]
fn another_instance_cannot_take_a_draft_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let mut keeper = Keeper::new(Some(DraftStore::new(dir.path())));
    let mut app = at_results();
    keeper.keep_draft(app.screening_mut());
    let q = app.questionnaire().clone();
    // A second instance sees no draft to offer, and cannot delete it.
    let other = DraftStore::new(dir.path());
    assert!(list_drafts(&other, &q, None).unwrap().is_empty());
    let id = other.list().unwrap()[0].id.as_str().to_string();
    let mut second = App::new(
        q.clone(),
        Theme {
            color: false,
            unicode: true,
        },
    );
    Keeper::new(Some(DraftStore::new(dir.path()))).delete(second.screening_mut(), &id);
    assert!(
        second
            .warning()
            .is_some_and(|w| w.contains("open in another restless"))
    );
    assert_eq!(other.list().unwrap().len(), 1);
    // Once the first lets go, it is offered.
    drop(keeper);
    assert_eq!(list_drafts(&other, &q, None).unwrap().len(), 1);
}

#[test]
fn existing_files_are_all_named_and_a_folder_is_never_replaceable() {
    let dir = tempfile::tempdir().unwrap();
    let mut keeper = Keeper::new(None);
    let mut app = at_results();
    std::fs::write(dir.path().join("r.toml"), "old").unwrap();
    std::fs::write(dir.path().join("r.md"), "old").unwrap();
    let outcome = keeper.save_result(
        app.screening_mut(),
        &request(
            &dir.path().join("r"),
            &[Format::Toml, Format::Markdown],
            false,
        ),
    );
    let SaveOutcome::Failed {
        message, exists, ..
    } = outcome
    else {
        panic!("refused");
    };
    assert!(
        exists && message.contains("r.toml and ") && message.ends_with("r.md already exist"),
        "{message}"
    );

    std::fs::create_dir(dir.path().join("d.md")).unwrap();
    let outcome = keeper.save_result(
        app.screening_mut(),
        &request(
            &dir.path().join("d"),
            &[Format::Toml, Format::Markdown],
            true,
        ),
    );
    let SaveOutcome::Failed {
        message, exists, ..
    } = outcome
    else {
        panic!("refused");
    };
    assert!(
        !exists && message.ends_with("d.md is a folder, not a file"),
        "{message}"
    );
    assert_eq!(
        files_in(dir.path()),
        ["d.md", "r.md", "r.toml"],
        "nothing written"
    );
}

#[test]
fn the_summary_names_folders_never_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut keeper = Keeper::new(None);
    let mut app = at_results();
    let outcome = keeper.save_result(
        app.screening_mut(),
        &request(
            &dir.path().join("P-1"),
            &[Format::Toml, Format::Text],
            false,
        ),
    );
    assert!(matches!(outcome, SaveOutcome::Saved(_)));
    let summary = keeper.summary();
    assert!(
        summary.starts_with("restless: 1 screening saved in this session, in "),
        "{summary}"
    );
    // Saved again (changed, or another format): still one screening.
    app.screening_mut().mark_saved();
    let again = keeper.save_result(
        app.screening_mut(),
        &request(&dir.path().join("P-1b"), &[Format::Json], false),
    );
    assert!(matches!(again, SaveOutcome::Saved(_)));
    assert!(
        keeper.summary().starts_with("restless: 1 screening saved"),
        "{}",
        keeper.summary()
    );
    assert!(!summary.contains("P-1"), "{summary}");
}

#[test]
fn answers_are_what_the_draft_holds() {
    let dir = tempfile::tempdir().unwrap();
    let store = DraftStore::new(dir.path());
    let mut keeper = Keeper::new(Some(DraftStore::new(dir.path())));
    let mut app = at_results();
    keeper.keep_draft(app.screening_mut());
    let info = &store.list().unwrap()[0];
    let text = store.load(&info.id).unwrap();
    let loaded = restless::answers::load(app.questionnaire(), &text).unwrap();
    assert_eq!(loaded.answers.get(0), Some(&Answer::Choice(0)));
    assert_eq!(loaded.identifiers, ["P"]);
}

/// A result too large for restless to read back as an answers file would
/// be saved and then refuse to score again: it is refused at saving.
#[test]
fn a_result_too_large_to_read_back_is_not_written() {
    use std::fmt::Write;
    let mut text = String::from(
        "[questionnaire]\nid = \"wordy\"\nversion = \"1\"\ntitle = \"Wordy\"\n\n\
         [[section]]\nid = \"s\"\ntitle = \"S\"\n",
    );
    for i in 0..5_000 {
        let _ = write!(
            text,
            "\n[[section.item]]\nid = \"t{i}\"\ntype = \"text\"\ntext = \"T?\"\nmax_length = 300\n"
        );
    }
    let q = restless::questionnaire::load(&text).unwrap();
    let items = q.items.len();
    let mut wordy = restless::screening::Screening::new(q);
    for i in 0..items {
        wordy
            .commit(i, Some(Answer::Text("w".repeat(250))))
            .unwrap();
    }
    wordy.show_result();
    let dir = tempfile::tempdir().unwrap();
    let outcome = Keeper::new(None).save_result(
        &mut wordy,
        &request(
            &dir.path().join("r"),
            &[Format::Markdown, Format::Toml],
            false,
        ),
    );
    let SaveOutcome::Failed { message, exists } = outcome else {
        panic!("refused");
    };
    assert!(!exists);
    assert!(
        message.contains("r.toml would be ")
            && message.ends_with(
                "bytes restless can read back; save the text or Markdown report instead"
            ),
        "{message}"
    );
    assert!(files_in(dir.path()).is_empty(), "nothing written");
}

#[test]
fn a_saved_result_holds_only_the_answers_that_applied() {
    let q = restless::questionnaire::load(
        r#"
[questionnaire]
id = "applied"
version = "1"
title = "Applied"

[[section]]
id = "s"
title = "S"

[[section.item]]
id = "a"
type = "yes_no"
text = "A?"

[[section.item]]
id = "b"
type = "yes_no"
text = "B?"
show_if = "a = yes"
"#,
    )
    .unwrap();
    let file = restless::answers::load(
        &q,
        "[questionnaire]\nid = \"applied\"\nversion = \"1\"\n[answers]\na = \"no\"\nb = \"yes\"\n",
    )
    .unwrap();
    let mut screening = restless::screening::Screening::new(q);
    screening.resume(file.answers, &file.identifiers);
    screening.show_result();
    let dir = tempfile::tempdir().unwrap();
    let mut keeper = Keeper::new(None);
    let outcome = keeper.save_result(
        &mut screening,
        &request(
            &dir.path().join("r"),
            &[Format::Toml, Format::Json, Format::Fhir],
            false,
        ),
    );
    assert!(matches!(outcome, SaveOutcome::Saved(_)), "{outcome:?}");
    let toml = std::fs::read_to_string(dir.path().join("r.toml")).unwrap();
    assert!(toml.contains("a = \"no\""), "{toml}");
    assert!(
        !toml.contains("b = "),
        "an answer that did not apply was saved:\n{toml}"
    );
    assert!(!toml.contains("ignored"), "{toml}");
    let json = std::fs::read_to_string(dir.path().join("r.json")).unwrap();
    assert!(!json.contains("\"b\""), "{json}");
    let fhir = std::fs::read_to_string(dir.path().join("r.fhir.json")).unwrap();
    assert!(!fhir.contains("\"linkId\": \"b\""), "{fhir}");
    // Still in memory: switching back would restore it.
    let b = screening.questionnaire().item_index("b").unwrap();
    assert_eq!(screening.answers().get(b), Some(&Answer::Choice(0)));
}

/// A draft of this questionnaire is offered with its answers, a broken one
/// with why it cannot be read, and another questionnaire's not at all.
#[test]
fn drafts_of_another_questionnaire_are_not_offered_and_broken_ones_are() {
    let dir = tempfile::tempdir().unwrap();
    let q = restless::questionnaire::load(restless::questionnaire::BUILT_IN).unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("questionnaires/examples/01-positive-iron-habits.toml");
    std::fs::copy(&example, dir.path().join("draft-1-ours.toml")).unwrap();
    std::fs::write(
        dir.path().join("draft-2-other.toml"),
        "[questionnaire]\nid = \"another\"\n\n[answers]\nage = 45\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("draft-3-broken.toml"), "age = [").unwrap();
    let mut drafts = list_drafts(&DraftStore::new(dir.path()), &q, None).unwrap();
    drafts.sort_by(|a, b| a.id.cmp(&b.id));
    let ids: Vec<&str> = drafts.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["1-ours", "3-broken"]);
    assert!(drafts[0].answered() > 10, "{:?}", drafts[0].content);
    assert!(drafts[1].content.as_ref().is_err_and(|why| !why.is_empty()));
}

/// A draft as the keeper writes it is listed from its first line alone and
/// read whole only when opened; one that turns out broken then says why
/// and stays on disk. A first line that is not this questionnaire's (or
/// none) makes the list read the draft whole, as before drafts had one.
#[test]
fn drafts_are_listed_from_their_first_line_and_read_when_opened() {
    use restless::screening::keeper::read_draft;
    use restless::screening::saving::DraftContent;
    let dir = tempfile::tempdir().unwrap();
    let store = DraftStore::new(dir.path());
    let mut app = at_results();
    let mut keeper = Keeper::new(Some(store.clone()));
    keeper.keep_draft(app.screening_mut());
    // Gives the draft up, as a closed terminal would.
    drop(keeper);
    let q = app.questionnaire().clone();
    let drafts = list_drafts(&store, &q, None).unwrap();
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0].content, Ok(DraftContent::Counted(1)));
    // Nothing of the patient is known before it is opened.
    assert_eq!(drafts[0].identifier, "");
    let mut entry = drafts[0].clone();
    let read = read_draft(&store, &q, None, &entry.id);
    entry.read_as(&q, read);
    let file = entry.file().expect("the draft reads back");
    assert_eq!(file.answers.answered_count(), 1);
    assert_eq!(file.identifiers[0], "P");
    assert_eq!(entry.identifier, "P");

    // The same first line over a body that no longer parses.
    let path = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "toml"))
        .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let (first, _) = text.split_once('\n').unwrap();
    let broken = format!("{first}\n[answers]\na = [\n");
    std::fs::write(&path, &broken).unwrap();
    let mut drafts = list_drafts(&store, &q, None).unwrap();
    assert_eq!(drafts[0].content, Ok(DraftContent::Counted(1)));
    let read = read_draft(&store, &q, None, &drafts[0].id);
    drafts[0].read_as(&q, read);
    assert!(
        drafts[0].content.as_ref().is_err_and(|why| !why.is_empty()),
        "{:?}",
        drafts[0].content
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), broken);

    // Another questionnaire's hash: the count is not trusted, the body is
    // read (and here refused) at once.
    let other = format!(
        "# restless draft: 1 answers, questionnaire hash {}\n[answers]\na = [\n",
        "0".repeat(64)
    );
    std::fs::write(&path, &other).unwrap();
    let drafts = list_drafts(&store, &q, None).unwrap();
    assert!(drafts[0].content.is_err(), "{:?}", drafts[0].content);

    // No first line at all, as drafts were written before: read whole.
    let (_, body) = text.split_once('\n').unwrap();
    std::fs::write(&path, body).unwrap();
    let drafts = list_drafts(&store, &q, None).unwrap();
    let file = drafts[0].file().expect("read at once");
    assert_eq!(file.answers.answered_count(), 1);
    assert_eq!(drafts[0].identifier, "P");
}
