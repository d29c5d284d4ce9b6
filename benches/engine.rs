//! How fast the engine is: `cargo bench --bench engine`.
//!
//! - `load`: reading and checking a questionnaire (TOML parse, every check,
//!   the model), for the built-in one and for generated ones of 500, 2,000
//!   and 5,000 items (`common/generate.rs`);
//! - `answers`: reading and checking one answers file;
//! - `evaluate`: which questions apply, and the whole evaluation
//!   (conditions, scores, findings, classifiers, recommendations) of one
//!   answers set;
//! - `report`: the evaluation put into a report, and that report written
//!   as text and as JSON.
//!
//! The answers are the worked examples of `questionnaires/examples/`; each
//! timing is for one of them, chosen by the argument (the first, a negative
//! one, and the longest).

use std::hint::black_box;
use std::sync::LazyLock;

use divan::Bencher;
use restless::answers::AnswerFile;
use restless::questionnaire::Questionnaire;
use restless::report::{Report, Stamp};

#[path = "common/generate.rs"]
mod generate;

fn main() {
    // Check the inputs once, outside any timing, so that a bench never
    // times the refusal of a broken input by accident.
    let _ = &*BUILT_IN;
    let _ = &*EXAMPLES;
    for items in GENERATED {
        let _ = generated(items);
    }
    divan::main();
}

static BUILT_IN: LazyLock<Questionnaire> = LazyLock::new(|| {
    restless::questionnaire::load(restless::questionnaire::BUILT_IN)
        .expect("the built-in questionnaire is valid")
});

/// The worked examples: (file name, text, loaded answers).
static EXAMPLES: LazyLock<Vec<(String, String, AnswerFile)>> = LazyLock::new(|| {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/questionnaires/examples");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("the examples")
        .map(|e| e.expect("an entry").path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no examples in {dir}");
    files
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).expect("an example");
            let answers = restless::answers::load(&BUILT_IN, &text)
                .unwrap_or_else(|_| panic!("{} is a valid answers file", path.display()));
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, text, answers)
        })
        .collect()
});

/// The examples the timings use, by file-name prefix: a positive screen
/// with tests, a negative one, and one with known blood results.
const EXAMPLE_ARGS: [&str; 3] = ["01", "02", "10"];

fn example(prefix: &str) -> &'static AnswerFile {
    &EXAMPLES
        .iter()
        .find(|(name, _, _)| name.starts_with(prefix))
        .unwrap_or_else(|| panic!("no example {prefix}-*"))
        .2
}

fn example_text(prefix: &str) -> &'static str {
    &EXAMPLES
        .iter()
        .find(|(name, _, _)| name.starts_with(prefix))
        .unwrap_or_else(|| panic!("no example {prefix}-*"))
        .1
}

/// Sizes of the generated questionnaire.
const GENERATED: [usize; 3] = [500, 2000, 5000];

/// The generated questionnaire of `items` items, checked once to load with
/// every item, so that nothing times the refusal of a broken input.
fn generated(items: usize) -> String {
    let text = generate::questionnaire(items);
    match restless::questionnaire::load(&text) {
        Ok(q) => assert_eq!(q.items.len(), items, "every generated item is loaded"),
        Err(diagnostics) => panic!(
            "the generated questionnaire of {items} items must be valid; first problem: {}",
            diagnostics[0].message
        ),
    }
    text
}

mod load {
    use super::*;

    #[divan::bench]
    fn built_in() -> Option<Questionnaire> {
        restless::questionnaire::load(black_box(restless::questionnaire::BUILT_IN)).ok()
    }

    /// Tens of milliseconds each, so few samples.
    #[divan::bench(args = GENERATED, sample_count = 20, sample_size = 1)]
    fn generated(bencher: Bencher, items: usize) {
        // Checked in `main`.
        let text = generate::questionnaire(items);
        bencher
            .counter(divan::counter::BytesCount::new(text.len()))
            .bench(|| restless::questionnaire::load(black_box(&text)).is_ok());
    }
}

mod answers {
    use super::*;

    #[divan::bench(args = EXAMPLE_ARGS)]
    fn load(bencher: Bencher, prefix: &str) {
        let text = example_text(prefix);
        let q = &*BUILT_IN;
        bencher.bench(|| restless::answers::load(q, black_box(text)).is_ok());
    }
}

mod evaluate {
    use super::*;

    #[divan::bench(args = EXAMPLE_ARGS)]
    fn applicable(bencher: Bencher, prefix: &str) {
        let a = example(prefix);
        let q = &*BUILT_IN;
        bencher.bench(|| restless::engine::applicable(q, black_box(&a.answers)));
    }

    #[divan::bench(args = EXAMPLE_ARGS)]
    fn evaluate(bencher: Bencher, prefix: &str) {
        let a = example(prefix);
        let q = &*BUILT_IN;
        bencher.bench(|| restless::engine::evaluate(q, black_box(&a.answers)));
    }
}

mod report {
    use super::*;

    fn stamp() -> Stamp {
        Stamp {
            time: "2026-01-01T00:00:00+00:00".into(),
            program: "bench".into(),
        }
    }

    /// Evaluation and the report model (what `restless score` builds).
    #[divan::bench(args = EXAMPLE_ARGS)]
    fn build(bencher: Bencher, prefix: &str) {
        let a = example(prefix);
        let q = &*BUILT_IN;
        let stamp = stamp();
        bencher.bench(|| Report::build(q, black_box(&a.answers), &a.identifiers, &stamp));
    }

    /// Build and write the text report.
    #[divan::bench(args = EXAMPLE_ARGS)]
    fn text(bencher: Bencher, prefix: &str) {
        let a = example(prefix);
        let q = &*BUILT_IN;
        let stamp = stamp();
        bencher.bench(|| {
            let report = Report::build(q, black_box(&a.answers), &a.identifiers, &stamp);
            let mut out = Vec::with_capacity(8192);
            restless::report::write_text(&report, &mut out).ok();
            out
        });
    }

    /// Build and write the JSON result (what `restless score --format json`
    /// writes for each file).
    #[divan::bench(args = EXAMPLE_ARGS)]
    fn json(bencher: Bencher, prefix: &str) {
        let a = example(prefix);
        let q = &*BUILT_IN;
        let stamp = stamp();
        bencher.bench(|| Report::build(q, black_box(&a.answers), &a.identifiers, &stamp).to_json());
    }

    /// Everything `restless score` does per file after reading it: load
    /// and check the answers, build the report, write it as JSON.
    #[divan::bench(args = EXAMPLE_ARGS)]
    fn score_file(bencher: Bencher, prefix: &str) {
        let text = example_text(prefix);
        let q = &*BUILT_IN;
        let stamp = stamp();
        bencher.bench(|| {
            let a = restless::answers::load(q, black_box(text)).expect("valid");
            Report::build(q, &a.answers, &a.identifiers, &stamp).to_json()
        });
    }
}
