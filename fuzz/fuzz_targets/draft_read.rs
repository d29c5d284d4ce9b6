//! Any bytes as a draft file: reading it (bounded, UTF-8, not following
//! links) and loading its answers never panics, and a draft that loads is
//! written again as the program writes drafts and loads back the same.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use restless::questionnaire::Questionnaire;
use restless::store::{DraftId, DraftStore};

fn built_in() -> &'static Questionnaire {
    static Q: OnceLock<Questionnaire> = OnceLock::new();
    Q.get_or_init(|| {
        restless::questionnaire::load(restless::questionnaire::BUILT_IN)
            .expect("the built-in questionnaire is valid")
    })
}

/// One drafts folder for the whole run, kept for as long as it lasts.
fn store() -> &'static (tempfile::TempDir, DraftStore, DraftId) {
    static S: OnceLock<(tempfile::TempDir, DraftStore, DraftId)> = OnceLock::new();
    S.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let store = DraftStore::new(dir.path().join("drafts"));
        let id = store.new_session();
        (dir, store, id)
    })
}

fuzz_target!(|data: &[u8]| {
    let q = built_in();
    let (_, store, id) = store();
    // Written plainly: the atomic, synced save would make each run slow,
    // and what is tested is the reading.
    let _ = std::fs::create_dir_all(store.dir());
    std::fs::write(store.path(id), data).expect("writing the draft");
    let Ok(text) = store.load(id) else {
        assert!(
            data.len() > restless::store::MAX_DRAFT_BYTES || std::str::from_utf8(data).is_err(),
            "a small UTF-8 draft was refused"
        );
        return;
    };
    assert_eq!(text.as_bytes(), data);
    let Ok(file) = restless::answers::load(q, &text) else {
        return;
    };
    let again = restless::screening::session::draft_text(q, &file.answers, &file.identifiers, "t");
    std::fs::write(store.path(id), &again).expect("writing the draft again");
    let reread = store
        .load(id)
        .expect("a draft the program wrote reads back");
    let loaded = restless::answers::load(q, &reread).expect("a draft the program wrote loads");
    assert_eq!(loaded.answers, file.answers);
    assert_eq!(loaded.identifiers, file.identifiers);
});
