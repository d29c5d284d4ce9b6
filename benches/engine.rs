//! How fast the engine is, on the built-in questionnaire and the examples:
//! `cargo bench --bench engine`. Prints the median time of each step over
//! many runs, and the process's peak memory.

use std::hint::black_box;
use std::time::{Duration, Instant};

use restless::engine::evaluate;
use restless::report::{Report, Stamp};

/// The median of `runs` timings of `f`.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let source = restless::run::BUILT_IN;
    let load = median(200, || {
        black_box(restless::questionnaire::load(black_box(source)).ok());
    });
    let q = restless::questionnaire::load(source).expect("the built-in questionnaire is valid");

    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/questionnaires/examples");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("the examples")
        .map(|e| e.expect("an entry").path())
        .collect();
    files.sort();
    let texts: Vec<String> = files
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("an example"))
        .collect();
    let answers: Vec<_> = texts
        .iter()
        .map(|t| restless::answers::load(&q, t).expect("a valid example"))
        .collect();
    let stamp = Stamp {
        time: "2026-01-01T00:00:00+00:00".into(),
        program: "bench".into(),
    };

    let parse = median(200, || {
        for t in &texts {
            black_box(restless::answers::load(&q, black_box(t)).ok());
        }
    }) / texts.len() as u32;
    let score = median(500, || {
        for a in &answers {
            black_box(evaluate(&q, black_box(&a.answers)));
        }
    }) / answers.len() as u32;
    let applicable = median(500, || {
        for a in &answers {
            black_box(restless::engine::applicable(&q, black_box(&a.answers)));
        }
    }) / answers.len() as u32;
    let report = median(200, || {
        for a in &answers {
            let r = Report::build(&q, &a.answers, &a.identifiers, &stamp);
            let mut out = Vec::new();
            restless::report::write_text(&r, &mut out).ok();
            black_box(out);
        }
    }) / answers.len() as u32;

    println!(
        "built-in questionnaire: {} items, {} findings, {} recommendations",
        q.items.len(),
        q.findings.len(),
        q.recommendations.len()
    );
    println!("load and check the questionnaire   {:>10.1?}", load);
    println!(
        "load and check an answers file     {:>10.1?}  (per file, {} examples)",
        parse,
        texts.len()
    );
    println!("which questions apply (per answer) {:>10.1?}", applicable);
    println!("score one screening                {:>10.1?}", score);
    println!("score and write a text report      {:>10.1?}", report);
    if let Some(kib) = peak_memory_kib() {
        println!("peak memory of this process        {:>7} KiB", kib);
    }
}
