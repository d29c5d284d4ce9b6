//! A generated questionnaire of any size, for timing the loader on inputs
//! much larger than the built-in one. Shared (by `#[path]`) between the
//! `engine` bench and the `gen-questionnaire` program of `benches/anchor`,
//! which `scripts/bench.sh` uses to write the same text to disk.
//!
//! The text is deterministic: sections of 25 items cycling through
//! `yes_no`, `single` and `integer`; three items out of four carry a
//! `show_if` on one or two earlier items (all three kinds of comparison);
//! every section has a `show_if` on the previous section's first item, a
//! finding counting its yes answers and a score summing its choices; a
//! classifier and a recommendation look at the findings.

use std::fmt::Write;

/// Items per section.
pub const SECTION_ITEMS: usize = 25;

/// The condition that item `j` (earlier than the one being written) holds
/// a "positive" answer, in the syntax its kind needs.
fn positive(j: usize) -> String {
    match j % 3 {
        0 => format!("q{j} = yes"),
        1 => format!("q{j} in (often, always)"),
        _ => format!("q{j} >= 10"),
    }
}

/// The TOML text of a questionnaire with `items` items.
pub fn questionnaire(items: usize) -> String {
    let sections = items.div_ceil(SECTION_ITEMS);
    let mut t = String::with_capacity(items * 200 + 4096);
    t.push_str(
        "[questionnaire]\n\
         id = \"generated\"\n\
         version = \"1.0.0\"\n\
         title = \"Generated questionnaire\"\n\
         language = \"en\"\n\
         description = \"A generated questionnaire for timing the loader.\"\n\
         disclaimer = \"Not a real screening.\"\n\
         no_recommendation = \"No test is indicated.\"\n\n\
         [[source]]\n\
         id = \"S1\"\n\
         citation = \"Generated source.\"\n\n",
    );
    for s in 0..sections {
        let first = s * SECTION_ITEMS;
        let end = (first + SECTION_ITEMS).min(items);
        let _ = writeln!(t, "[[section]]\nid = \"s{s}\"\ntitle = \"Section {s}\"");
        if s > 0 {
            let _ = writeln!(t, "show_if = \"{}\"", positive((s - 1) * SECTION_ITEMS));
        }
        t.push('\n');
        for i in first..end {
            let _ = writeln!(t, "[[section.item]]\nid = \"q{i}\"");
            match i % 3 {
                0 => {
                    let _ = writeln!(
                        t,
                        "type = \"yes_no\"\ntext = \"Question {i}: does it happen?\"\ndont_know = true"
                    );
                }
                1 => {
                    let _ = writeln!(
                        t,
                        "type = \"single\"\ntext = \"Question {i}: how often?\"\noptions = [\n  \
                         {{ value = \"never\", label = \"Never\", score = 0 }},\n  \
                         {{ value = \"sometimes\", label = \"Sometimes\", score = 1 }},\n  \
                         {{ value = \"often\", label = \"Often\", score = 2 }},\n  \
                         {{ value = \"always\", label = \"Always\", score = 3 }},\n]"
                    );
                }
                _ => {
                    let _ = writeln!(
                        t,
                        "type = \"integer\"\ntext = \"Question {i}: how many days?\"\n\
                         unit = \"days\"\nmin = 0\nmax = 365\nrequired = false"
                    );
                }
            }
            if i >= 2 && i % 4 != 0 {
                let cond = if i % 4 == 3 {
                    format!("{} or {}", positive(i - 1), positive(i - 2))
                } else {
                    positive(i - 1 - (i % 2))
                };
                let _ = writeln!(t, "show_if = \"{cond}\"");
            }
            t.push('\n');
        }
        let yes: Vec<String> = (first..end)
            .filter(|j| j % 3 == 0)
            .map(|j| format!("q{j} = yes"))
            .collect();
        let choices: Vec<String> = (first..end)
            .filter(|j| j % 3 == 1)
            .map(|j| format!("q{j}"))
            .collect();
        let _ = writeln!(
            t,
            "[[finding]]\nid = \"f{s}\"\nlabel = \"Section {s} mostly yes\"\n\
             when = \"count({}) >= 2\"\nrule = \"G-{s}\"\nsources = [\"S1\"]\n",
            yes.join(", ")
        );
        if !choices.is_empty() {
            let _ = writeln!(
                t,
                "[[score]]\nid = \"score{s}\"\nlabel = \"Section {s} score\"\nexpr = \"sum({})\"\n",
                choices.join(", ")
            );
        }
    }
    let some: Vec<String> = (0..sections.min(20)).map(|s| format!("f{s}")).collect();
    let _ = writeln!(
        t,
        "[[classifier]]\nid = \"screen\"\nlabel = \"Screening result\"\n\n\
         [[classifier.case]]\nid = \"positive\"\nlabel = \"Positive\"\nwhen = \"count({}) >= 3\"\n\n\
         [[classifier.case]]\nid = \"negative\"\nlabel = \"Negative\"\nwhen = \"true\"\n\n\
         [[recommendation]]\nid = \"test\"\nname = \"A test\"\nescalate_at = 2\n\n\
         [[recommendation.trigger]]\nwhen = \"any({})\"\npriority = \"consider\"\n\
         reason = \"Some sections are mostly yes.\"\nsources = [\"S1\"]",
        some.join(", "),
        some.join(", ")
    );
    t
}
