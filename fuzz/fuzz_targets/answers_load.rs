//! Any text as an answers file for the built-in questionnaire, as TOML and
//! as JSON: never a panic, and what loads scores and saves to a result that
//! loads back to the same answers.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use restless::questionnaire::Questionnaire;
use restless::report::{Report, Stamp};

fn built_in() -> &'static Questionnaire {
    static Q: OnceLock<Questionnaire> = OnceLock::new();
    Q.get_or_init(|| {
        restless::questionnaire::load(restless::questionnaire::BUILT_IN)
            .expect("the built-in questionnaire is valid")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let q = built_in();
    for loaded in [
        restless::answers::load(q, text),
        restless::answers::load_json(q, text),
    ] {
        if let Ok(file) = loaded {
            let stamp = Stamp {
                time: "t".into(),
                program: "fuzz".into(),
            };
            let report = Report::build(q, &file.answers, &file.identifiers, &stamp);
            let again =
                restless::answers::load(q, &report.to_toml()).expect("a saved result loads back");
            assert_eq!(again.answers, file.answers);
            let again = restless::answers::load_json(q, &report.to_json())
                .expect("a saved JSON result loads back");
            assert_eq!(again.answers, file.answers);
        }
    }
});
