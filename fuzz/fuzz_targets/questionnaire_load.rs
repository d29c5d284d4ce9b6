//! Any text as a questionnaire: loading and checking must never panic, and
//! what loads must score with no answers and with a template's answers.
#![no_main]

use libfuzzer_sys::fuzz_target;
use restless::engine::{Answers, evaluate};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(q) = restless::questionnaire::load(text) {
        let answers = Answers::new(&q);
        let _ = evaluate(&q, &answers);
        let template = restless::answers::template(&q);
        assert!(
            restless::answers::load(&q, &template).is_ok(),
            "the template of a valid questionnaire must load"
        );
    }
});
