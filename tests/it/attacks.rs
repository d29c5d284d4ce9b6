//! Attacks on the real binary that the files in tests/hostile/ cannot carry
//! alone: special files, deep chains, overwrites and links. Each must end
//! quickly with a clear message or the right behaviour.

use std::time::Duration;

use crate::support::restless;

/// Devices and named pipes given as input are refused at once: their size
/// says nothing, and reading one could take all memory or wait forever.
#[test]
fn special_files_as_input_are_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.toml");
    rustix::fs::mkfifoat(rustix::fs::CWD, &fifo, rustix::fs::Mode::RWXU).unwrap();
    let fifo = fifo.to_str().unwrap();
    let attacks: [&[&str]; 6] = [
        &["score", "/dev/zero"],
        &["validate", "/dev/urandom"],
        &["score", fifo],
        &["validate", fifo],
        &["-q", "/dev/zero", "score", "/dev/null"],
        &["template", "-q", fifo],
    ];
    for args in attacks {
        let output = restless()
            .args(args)
            .timeout(Duration::from_secs(10))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(3), "{args:?}: {stderr}");
        assert!(
            stderr.contains(", not a regular file"),
            "{args:?}: {stderr}"
        );
    }
}

/// A valid questionnaire whose findings form one chain `length` long: each
/// uses the next, the last reads the only question.
fn chain_of_findings(length: usize) -> String {
    use std::fmt::Write;
    let mut text = String::from(
        "[questionnaire]\nid = \"chain\"\nversion = \"1\"\ntitle = \"Chain\"\n\n\
         [[source]]\nid = \"S1\"\ncitation = \"A source\"\n\n\
         [[section]]\nid = \"s\"\ntitle = \"S\"\n\n\
         [[section.item]]\nid = \"a\"\ntype = \"yes_no\"\ntext = \"A?\"\n",
    );
    for i in 1..=length {
        let when = if i < length {
            format!("f{} or a = yes", i + 1)
        } else {
            "a = yes".to_string()
        };
        let _ = write!(
            text,
            "\n[[finding]]\nid = \"f{i}\"\nlabel = \"F{i}\"\nwhen = \"{when}\"\nsources = [\"S1\"]\n"
        );
    }
    text
}

/// Evaluating a long chain of findings must not recurse once per link:
/// on a thread with a small stack, 15,000 links are worked out.
#[test]
fn a_long_chain_of_findings_does_not_exhaust_the_stack() {
    let q = restless::questionnaire::load(&chain_of_findings(15_000)).unwrap();
    let worked = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || {
            let mut answers = restless::engine::Answers::new(&q);
            answers
                .set(&q, 0, restless::engine::Answer::Choice(0))
                .unwrap();
            let outcome = restless::engine::evaluate(&q, &answers);
            outcome.findings.iter().filter(|f| f.value).count()
        })
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(worked, 15_000);
}

/// The same chain through the real binary, one file on the main thread and
/// several on worker threads.
#[test]
fn scoring_a_long_chain_works_on_every_thread() {
    let dir = tempfile::tempdir().unwrap();
    let q = dir.path().join("chain.toml");
    std::fs::write(&q, chain_of_findings(15_000)).unwrap();
    let mut files = Vec::new();
    for (i, answer) in ["yes", "no", "yes", "no"].iter().enumerate() {
        let path = dir.path().join(format!("a{i}.toml"));
        std::fs::write(&path, format!("[answers]\na = \"{answer}\"\n")).unwrap();
        files.push(path);
    }
    for chosen in [&files[..1], &files[..]] {
        let output = restless()
            .arg("-q")
            .arg(&q)
            .args(["score", "--format", "json"])
            .args(chosen)
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{stderr}");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(stdout.contains("\"id\": \"f15000\""), "{stderr}");
    }
}
