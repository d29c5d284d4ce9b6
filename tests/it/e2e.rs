//! The real binary in a real terminal: tmux runs a shell, the test types
//! into it and reads the screen back. Each test has its own tmux server
//! (`-L` with a unique socket name), so a user's tmux is never touched.
//! Without tmux these tests say so and pass; CI installs it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::support::restless;

/// A questionnaire short enough to finish with four keys.
const MINI: &str = r#"[questionnaire]
id = "e2e-mini"
version = "1"
title = "Tmux mini screening"
description = "Two questions to check the terminal."
minutes = "1"
disclaimer = "A screening aid, not a diagnosis."
no_recommendation = "No test is indicated."

[[section]]
id = "legs"
title = "Legs"

[[section.item]]
id = "urge"
type = "yes_no"
text = "Do you feel a strong need to move your legs?"

[[section.item]]
id = "often"
type = "single"
text = "How often does it happen?"
show_if = "urge = yes"
options = [
  { value = "rarely", label = "Rarely" },
  { value = "weekly", label = "Weekly or more" },
]

[[finding]]
id = "frequent"
label = "Frequent urge to move the legs"
when = "often = weekly"

[[classifier]]
id = "screen"
label = "Screening result"

[[classifier.case]]
id = "positive"
label = "Positive screen"
when = "frequent"

[[classifier.case]]
id = "negative"
label = "Negative screen"
when = "true"

[[recommendation]]
id = "iron"
name = "Iron studies"

[[recommendation.trigger]]
when = "frequent"
priority = "recommended"
reason = "Frequent symptoms."
"#;

/// How long a screen may take to appear. Generous: the tests run in
/// parallel with builds and a FHIR validator being installed, on two
/// cores, and a wait only lasts this long when something is wrong.
const DEADLINE: Duration = Duration::from_secs(30);

static COUNTER: AtomicUsize = AtomicUsize::new(0);

fn tmux_installed() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

struct Tmux {
    socket: String,
    dir: TempDir,
}

impl Tmux {
    /// A tmux server of its own running `sh` in an 80x24 pane, or `None`
    /// (with the reason printed) when tmux is not installed.
    fn start() -> Option<Tmux> {
        if !tmux_installed() {
            crate::support::skip("terminal test", "tmux is not installed");
            return None;
        }
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let socket = format!("restless-e2e-{}-{n}", std::process::id());
        let dir = tempfile::tempdir().expect("a temporary directory");
        let config = dir.path().join("tmux.conf");
        std::fs::write(
            &config,
            "set -g default-terminal xterm-256color\nset -g status off\nset -g history-limit 1000\n",
        )
        .expect("writing the tmux configuration");
        let tmux = Tmux { socket, dir };
        let started = tmux.run(&[
            "-f",
            path_str(&config),
            "new-session",
            "-d",
            // The shell (and so the program, which saves results into its
            // current directory by default) works in the test's directory.
            "-c",
            path_str(tmux.dir.path()),
            "-s",
            "e2e",
            "-x",
            "80",
            "-y",
            "24",
            "env",
            "-i",
            &format!("PATH={}", std::env::var("PATH").unwrap_or_default()),
            &format!("HOME={}", tmux.dir.path().display()),
            "TERM=xterm-256color",
            "PS1=$ ",
            "sh",
        ]);
        assert!(
            started.status.success(),
            "tmux did not start: {}",
            String::from_utf8_lossy(&started.stderr)
        );
        Some(tmux)
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .env("TERM", "xterm-256color")
            .output()
            .expect("running tmux")
    }

    /// Sends keys by tmux name (`Enter`, `C-c`) or literal text with `-l`.
    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "e2e"];
        args.extend_from_slice(keys);
        assert!(self.run(&args).status.success(), "send-keys {keys:?}");
    }

    fn type_line(&self, text: &str) {
        self.keys(&["-l", text]);
        self.keys(&["Enter"]);
    }

    fn capture(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "e2e"]).stdout).into_owned()
    }

    /// Waits until the pane shows `needle`; fails with what it shows.
    fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let pane = self.capture();
            if pane.contains(needle) {
                return pane;
            }
            if start.elapsed() > DEADLINE {
                panic!("timed out waiting for {needle:?}; the pane shows:\n{pane}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn write(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, contents).expect("writing a test file");
        path
    }

    /// The shell is back, in cooked mode, with the last exit status.
    fn assert_shell_usable(&self, expected_status: i32) -> String {
        self.assert_shell_usable_after(&[expected_status])
    }

    /// [`Tmux::assert_shell_usable`], for a program that may end in any of
    /// several ways.
    fn assert_shell_usable_after(&self, expected_statuses: &[i32]) -> String {
        // First the program's exit status, recorded by the shell right
        // after it: keys typed before that would still go to the program.
        let status_file = self.dir.path().join("status");
        let start = Instant::now();
        let status = loop {
            if let Ok(text) = std::fs::read_to_string(&status_file)
                && !text.trim().is_empty()
            {
                break text.trim().to_string();
            }
            if start.elapsed() > DEADLINE {
                panic!("the program's exit status was not recorded");
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        assert!(
            expected_statuses
                .iter()
                .any(|expected| status == expected.to_string()),
            "the program's exit status: {status}, expected one of {expected_statuses:?}"
        );
        // Keys sent to the program after it quit are on the shell's line
        // now: erase them (the terminal's kill character, as the shell
        // reads in cooked mode).
        self.keys(&["C-u"]);
        // Computed by the shell, so the typed line itself never matches.
        self.type_line(
            "case \"$(stty -a)\" in *-icanon*) echo RAW-$((2+3));; *) echo COOKED-$((1+1));; esac",
        );
        let pane = self.wait_for("COOKED-2");
        assert!(!pane.contains("RAW-5"), "{pane}");
        self.type_line("echo DONE-$((1+1))");
        self.wait_for("DONE-2")
    }

    /// The command line that runs the program and records its exit status.
    fn program_line(&self, questionnaire: &Path) -> String {
        format!(
            "LANG=C.UTF-8 {} --questionnaire {}; echo $? > {}",
            path_str(&binary()),
            path_str(questionnaire),
            path_str(&self.dir.path().join("status")),
        )
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("test paths are UTF-8")
}

fn binary() -> PathBuf {
    PathBuf::from(assert_cmd::cargo::cargo_bin!("restless"))
}

#[test]
fn a_screening_in_a_real_terminal_leaves_it_usable() {
    let Some(tmux) = Tmux::start() else {
        return;
    };
    let questionnaire = tmux.write("mini.toml", MINI);
    tmux.wait_for("$");
    tmux.type_line(&tmux.program_line(&questionnaire));

    tmux.wait_for("Tmux mini screening");
    tmux.keys(&["Enter"]);
    tmux.wait_for("strong need to move your legs");
    tmux.keys(&["1"]);
    tmux.wait_for("How often does it happen?");
    tmux.keys(&["2"]);
    tmux.wait_for("Review your answers");
    tmux.keys(&["r"]);
    let result = tmux.wait_for("Positive screen");
    assert!(
        result.contains("Screening result: Positive screen"),
        "{result}"
    );
    assert!(result.contains("Iron studies"), "{result}");
    assert!(result.contains("RECOMMENDED"), "{result}");
    assert!(result.contains("Frequent symptoms."), "{result}");

    tmux.keys(&["q"]);
    tmux.wait_for("Quit now?");
    tmux.keys(&["y"]);

    let after = tmux.assert_shell_usable(0);
    // Back on the normal screen: the command typed before is there again...
    assert!(after.contains("--questionnaire"), "{after}");
    // ...and nothing of the screening.
    for gone in [
        "Positive screen",
        "strong need",
        "Review your answers",
        "Quit now?",
    ] {
        assert!(
            !after.contains(gone),
            "{gone:?} is still on the pane:\n{after}"
        );
    }
}

#[test]
fn a_termination_signal_restores_the_terminal() {
    let Some(tmux) = Tmux::start() else {
        return;
    };
    let questionnaire = tmux.write("mini.toml", MINI);
    let pid_file = tmux.dir.path().join("pid");
    tmux.wait_for("$");
    // `exec` keeps the process id written by the shell.
    tmux.type_line(&format!(
        "sh -c 'echo $$ > {}; exec \"$0\" \"$@\"' {} --questionnaire {}; echo $? > {}",
        path_str(&pid_file),
        path_str(&binary()),
        path_str(&questionnaire),
        path_str(&tmux.dir.path().join("status")),
    ));
    tmux.wait_for("Tmux mini screening");
    tmux.keys(&["Enter"]);
    tmux.wait_for("strong need to move your legs");
    let pid = std::fs::read_to_string(&pid_file).expect("the program's process id");
    let killed = Command::new("kill")
        .args(["-TERM", pid.trim()])
        .status()
        .expect("running kill");
    assert!(killed.success());
    let after = tmux.assert_shell_usable(128 + 15);
    assert!(after.contains("--questionnaire"), "{after}");
    assert!(!after.contains("strong need"), "{after}");
}

#[test]
fn without_a_terminal_it_points_to_the_headless_commands() {
    let output = restless()
        .write_stdin("")
        .output()
        .expect("running the program");
    assert_eq!(output.status.code(), Some(4));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("needs a terminal"), "{stderr}");
    assert!(stderr.contains("restless score"), "{stderr}");
    assert!(stderr.contains("restless template"), "{stderr}");
    assert!(output.stdout.is_empty(), "nothing is drawn");
}

// ------------------------------------------------ shared workstation

/// Three questions and a patient identifier.
const CLINIC: &str = r#"[questionnaire]
id = "e2e-clinic"
version = "1"
title = "Tmux clinic screening"
disclaimer = "A screening aid, not a diagnosis."

[[identifier]]
id = "patient_id"
label = "Patient identifier"

[[section]]
id = "legs"
title = "Legs"

[[section.item]]
id = "urge"
type = "yes_no"
text = "Do you feel a strong need to move your legs?"

[[section.item]]
id = "often"
type = "single"
text = "How often does it happen?"
options = [
  { value = "rarely", label = "Rarely" },
  { value = "weekly", label = "Weekly or more" },
]

[[section.item]]
id = "note"
type = "text"
text = "Anything else to tell the clinician?"
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
"#;

impl Tmux {
    fn config(&self, text: &str) {
        let dir = self.dir.path().join(".config/restless");
        std::fs::create_dir_all(&dir).expect("creating the config folder");
        std::fs::write(dir.join("config.toml"), text).expect("writing the config");
    }

    fn drafts_dir(&self) -> PathBuf {
        self.dir.path().join(".local/share/restless/drafts")
    }

    /// The draft files (not their lock files), if the folder exists.
    fn drafts(&self) -> Vec<PathBuf> {
        let mut drafts: Vec<PathBuf> = std::fs::read_dir(self.drafts_dir())
            .into_iter()
            .flatten()
            .map(|e| e.expect("an entry").path())
            .filter(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("draft-"))
            })
            .collect();
        drafts.sort();
        drafts
    }

    /// On the clinic questionnaire's first question: answers it and the
    /// next with the option keys `urge` and `often`, types `note` (may be
    /// empty), checks that the result says `result` and saves it under the
    /// proposed name.
    fn answer_and_save_clinic(&self, urge: &str, often: &str, note: &str, result: &str) {
        self.wait_for("strong need to move your legs");
        self.keys(&[urge]);
        self.wait_for("How often does it happen?");
        self.keys(&[often]);
        self.wait_for("Anything else to tell");
        if !note.is_empty() {
            self.keys(&["-l", note]);
        }
        self.keys(&["Enter"]);
        self.wait_for("Review your answers");
        self.keys(&["r"]);
        self.wait_for(result);
        self.keys(&["s"]);
        self.wait_for("Save the result");
        self.keys(&["Enter"]);
        self.wait_for("Saved:");
    }

    /// Starts the program on the built-in questionnaire.
    fn start_built_in(&self) {
        let _ = std::fs::remove_file(self.dir.path().join("status"));
        self.type_line(&format!(
            "LANG=C.UTF-8 {}; echo $? > {}",
            path_str(&binary()),
            path_str(&self.dir.path().join("status")),
        ));
    }

    /// Starts the program with `args`, recording its pid and exit status.
    fn start_program(&self, questionnaire: &Path, args: &str) -> PathBuf {
        let pid_file = self.dir.path().join("pid");
        let _ = std::fs::remove_file(&pid_file);
        let _ = std::fs::remove_file(self.dir.path().join("status"));
        self.type_line(&format!(
            "LANG=C.UTF-8 sh -c 'echo $$ > {}; exec \"$0\" \"$@\"' {} --questionnaire {} {args}; echo $? > {}",
            path_str(&pid_file),
            path_str(&binary()),
            path_str(questionnaire),
            path_str(&self.dir.path().join("status")),
        ));
        pid_file
    }
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .expect("the file exists")
        .permissions()
        .mode()
        & 0o777
}

/// Every file under `dir` whose bytes contain `needle`.
fn files_containing(dir: &Path, needle: &str) -> Vec<PathBuf> {
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
    found.sort();
    found
}

#[test]
fn a_killed_screening_resumes_from_its_draft_with_every_answer() {
    let Some(tmux) = Tmux::start() else {
        return;
    };
    tmux.config("lock = false\n");
    let questionnaire = tmux.write("clinic.toml", CLINIC);
    tmux.wait_for("$");
    let pid_file = tmux.start_program(&questionnaire, "");
    tmux.wait_for("Tmux clinic screening");
    tmux.keys(&["-l", "KILLED-7"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("strong need to move your legs");
    tmux.keys(&["1"]);
    tmux.wait_for("How often does it happen?");
    tmux.keys(&["2"]);
    tmux.wait_for("Anything else to tell");
    // Typed but not confirmed: the one thing a kill may lose.
    tmux.keys(&["-l", "half-typed"]);
    tmux.wait_for("half-typed");

    let pid = std::fs::read_to_string(&pid_file).expect("the program's process id");
    assert!(
        Command::new("kill")
            .args(["-KILL", pid.trim()])
            .status()
            .expect("kill")
            .success()
    );
    // SIGKILL cannot be caught: the terminal is left raw. Put it right.
    tmux.keys(&["-l", "stty sane; tput rmcup; clear"]);
    tmux.keys(&["C-j"]);

    let drafts = tmux.drafts();
    assert_eq!(drafts.len(), 1, "{drafts:?}");
    assert_eq!(mode(&drafts[0]), 0o600);
    assert_eq!(mode(&tmux.drafts_dir()), 0o700);
    let draft = std::fs::read_to_string(&drafts[0]).expect("the draft");
    assert!(
        draft.contains("urge = \"yes\"") && draft.contains("often = \"weekly\""),
        "{draft}"
    );
    assert!(!draft.contains("half-typed"), "{draft}");

    tmux.start_program(&questionnaire, "");
    let offered = tmux.wait_for("Unfinished screenings");
    assert!(
        offered.contains("KILLED-7") && offered.contains("2 answers"),
        "{offered}"
    );
    tmux.keys(&["Enter"]);
    // Every required answer is there, so it resumes at the review.
    let review = tmux.wait_for("Review your answers");
    assert!(
        review.contains("Yes") && review.contains("Weekly or more"),
        "{review}"
    );
    tmux.keys(&["r"]);
    tmux.wait_for("Positive screen");
    tmux.keys(&["q"]);
    tmux.wait_for("Quit now?");
    tmux.keys(&["y"]);
    tmux.assert_shell_usable(0);
}

#[test]
fn two_patients_one_after_the_other_leave_nothing_of_the_first() {
    let Some(tmux) = Tmux::start() else {
        return;
    };
    let results = tmux.dir.path().join("results");
    std::fs::create_dir(&results).expect("the results folder");
    tmux.config(&format!(
        "output_dir = \"{}\"\nformats = [\"toml\", \"markdown\"]\nlock = false\n",
        path_str(&results)
    ));
    let questionnaire = tmux.write("clinic.toml", CLINIC);
    tmux.wait_for("$");
    tmux.start_program(&questionnaire, "--summary");

    // The first patient.
    tmux.wait_for("Tmux clinic screening");
    tmux.keys(&["-l", "FIRSTPATIENT-1"]);
    tmux.keys(&["Enter"]);
    tmux.answer_and_save_clinic("1", "2", "NOTE-OF-THE-FIRST", "Positive screen");
    tmux.keys(&["n"]);

    // Nothing of the first patient on screen. The title is on the results
    // screen too, so wait for what only the welcome screen shows.
    let fresh = tmux.wait_for("Enter start");
    for trace in [
        "FIRSTPATIENT-1",
        "NOTE-OF-THE-FIRST",
        "Positive screen",
        "Saved:",
    ] {
        assert!(
            !fresh.contains(trace),
            "{trace:?} is still on screen:\n{fresh}"
        );
    }

    // The second patient.
    tmux.keys(&["-l", "SECOND-2"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("strong need to move your legs");
    let question = tmux.capture();
    assert!(!question.contains("FIRSTPATIENT-1"), "{question}");
    tmux.answer_and_save_clinic("2", "1", "", "Negative screen");
    tmux.keys(&["q"]); // saved: no question asked
    let after = tmux.assert_shell_usable(0);
    assert!(
        after.contains("restless: 4 result files saved in this session"),
        "{after}"
    );
    for trace in ["FIRSTPATIENT-1", "SECOND-2", "NOTE-OF-THE-FIRST"] {
        assert!(
            !after.contains(trace),
            "{trace:?} printed after exit:\n{after}"
        );
    }

    // Files: two per patient, private; no draft left; the first patient
    // appears only in their own result.
    let mut saved: Vec<PathBuf> = std::fs::read_dir(&results)
        .expect("the results folder")
        .map(|e| e.expect("an entry").path())
        .collect();
    saved.sort();
    assert_eq!(saved.len(), 4, "{saved:?}");
    for file in &saved {
        assert_eq!(mode(file), 0o600, "{}", file.display());
    }
    assert!(
        tmux.drafts().is_empty(),
        "drafts are deleted once the result is saved"
    );
    let first: Vec<PathBuf> = saved
        .iter()
        .filter(|p| p.display().to_string().contains("FIRSTPATIENT-1"))
        .cloned()
        .collect();
    assert_eq!(first.len(), 2, "{saved:?}");
    assert_eq!(
        files_containing(tmux.dir.path(), "NOTE-OF-THE-FIRST"),
        first
    );
    assert_eq!(files_containing(tmux.dir.path(), "FIRSTPATIENT-1"), first);
}

#[test]
fn the_screen_locks_when_idle_and_comes_back_unchanged() {
    let Some(tmux) = Tmux::start() else {
        return;
    };
    // 0.02 minutes: 1.2 seconds.
    tmux.config("lock_after_minutes = 0.02\n");
    let questionnaire = tmux.write("clinic.toml", CLINIC);
    tmux.wait_for("$");
    tmux.start_program(&questionnaire, "");
    tmux.wait_for("Tmux clinic screening");
    tmux.keys(&["-l", "LOCKME-9"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("strong need to move your legs");
    tmux.keys(&["1"]);
    tmux.wait_for("How often does it happen?");

    let locked = tmux.wait_for("The screen is locked.");
    for trace in ["LOCKME-9", "How often", "Tmux clinic screening", "Legs"] {
        assert!(
            !locked.contains(trace),
            "{trace:?} shows on the lock screen:\n{locked}"
        );
    }
    // The key that unlocks does nothing else: `2` would have answered.
    tmux.keys(&["2"]);
    let back = tmux.wait_for("How often does it happen?");
    assert!(!back.contains("The screen is locked."), "{back}");
    assert!(
        !back.contains("Anything else"),
        "the unlocking key answered:\n{back}"
    );

    // On request too.
    tmux.keys(&["C-l"]);
    tmux.wait_for("The screen is locked.");
    tmux.keys(&["Escape"]);
    tmux.wait_for("How often does it happen?");
    tmux.keys(&["C-c"]);
    tmux.wait_for("Quit now?");
    tmux.keys(&["y"]);
    tmux.assert_shell_usable(0);
}

/// SIGHUP, SIGINT, SIGQUIT and SIGTERM: the terminal is restored, the
/// exit status is the conventional 128 + signal, and the draft keeps every
/// confirmed answer.
#[test]
fn every_ending_signal_restores_the_terminal_and_keeps_the_draft() {
    let Some(tmux) = Tmux::start() else {
        return;
    };
    tmux.config("lock = false\n");
    let questionnaire = tmux.write("clinic.toml", CLINIC);
    tmux.wait_for("$");
    for (name, number) in [("HUP", 1), ("INT", 2), ("QUIT", 3), ("TERM", 15)] {
        let _ = std::fs::remove_dir_all(tmux.drafts_dir());
        let pid_file = tmux.start_program(&questionnaire, "");
        let start = tmux.wait_for("Tmux clinic screening");
        assert!(!start.contains("Unfinished screenings"), "{start}");
        tmux.keys(&["Enter"]);
        tmux.wait_for("strong need to move your legs");
        tmux.keys(&["1"]);
        tmux.wait_for("How often does it happen?");
        let pid = std::fs::read_to_string(&pid_file).expect("the program's process id");
        let sent = Command::new("kill")
            .args([&format!("-{name}"), pid.trim()])
            .status()
            .expect("kill");
        assert!(sent.success());
        let after = tmux.assert_shell_usable(128 + number);
        assert!(!after.contains("How often"), "SIG{name}: {after}");
        let drafts = tmux.drafts();
        assert_eq!(drafts.len(), 1, "SIG{name}: {drafts:?}");
        let draft = std::fs::read_to_string(&drafts[0]).expect("the draft");
        assert!(draft.contains("urge = \"yes\""), "SIG{name}: {draft}");
        tmux.type_line("clear");
    }
}

/// The terminal goes away under the program (the tmux session is killed):
/// it exits instead of spinning on a dead terminal, and keeps the draft.
#[test]
fn a_closed_terminal_ends_the_program_and_keeps_the_draft() {
    let Some(tmux) = Tmux::start() else {
        return;
    };
    tmux.config("lock = false\n");
    let questionnaire = tmux.write("clinic.toml", CLINIC);
    tmux.wait_for("$");
    let pid_file = tmux.start_program(&questionnaire, "");
    tmux.wait_for("Tmux clinic screening");
    tmux.keys(&["Enter"]);
    tmux.wait_for("strong need to move your legs");
    tmux.keys(&["2"]);
    tmux.wait_for("How often does it happen?");
    let pid = std::fs::read_to_string(&pid_file).expect("the program's process id");
    let proc_dir = PathBuf::from(format!("/proc/{}", pid.trim()));
    assert!(tmux.run(&["kill-session", "-t", "e2e"]).status.success());
    let start = Instant::now();
    while proc_dir.exists() {
        assert!(
            start.elapsed() < DEADLINE,
            "the program is still running after its terminal closed"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let drafts = tmux.drafts();
    assert_eq!(drafts.len(), 1, "{drafts:?}");
    assert!(
        std::fs::read_to_string(&drafts[0])
            .expect("the draft")
            .contains("urge = \"no\"")
    );
}

/// A shorter monkey on the real binary: random keys in batches and random
/// window sizes, with the idle lock coming and going. The program must
/// never crash or hang: at the end it is either still answering or has
/// quit cleanly, and the terminal is usable.
#[test]
fn monkey_on_the_real_binary() {
    let Some(tmux) = Tmux::start() else {
        return;
    };
    tmux.config("lock_after_minutes = 0.005\n");
    let questionnaire = tmux.write("clinic.toml", CLINIC);
    tmux.wait_for("$");
    let pid_file = tmux.start_program(&questionnaire, "");
    tmux.wait_for("Tmux clinic screening");
    const KEYS: [&str; 33] = [
        "Enter", "Enter", "Escape", "Tab", "BTab", "BSpace", "DC", "Up", "Down", "Left", "Right",
        "Home", "End", "PPage", "NPage", "F1", "F2", "Space", "1", "2", "3", "j", "k", "q", "n",
        "s", "r", "b", "h", "d", "x", "C-l", "C-r",
    ];
    let status_file = tmux.dir.path().join("status");
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for batch in 0..40 {
        if status_file.exists() {
            break;
        }
        if batch % 8 == 7 {
            let width = 40 + next() % 120;
            let height = 10 + next() % 50;
            tmux.run(&[
                "resize-window",
                "-t",
                "e2e",
                "-x",
                &width.to_string(),
                "-y",
                &height.to_string(),
            ]);
        }
        let keys: Vec<&str> = (0..8)
            .map(|_| KEYS[(next() % KEYS.len() as u64) as usize])
            .collect();
        tmux.keys(&keys);
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(200));
    tmux.run(&["resize-window", "-t", "e2e", "-x", "80", "-y", "24"]);
    if status_file.exists() {
        // It quit on its own, through the keys: cleanly.
        tmux.assert_shell_usable(0);
    } else {
        // Still answering: SIGTERM ends it. Its last keys may have been
        // quitting it just now, so a clean exit counts too.
        let pid = std::fs::read_to_string(&pid_file).expect("the program's process id");
        let _ = Command::new("kill").args(["-TERM", pid.trim()]).status();
        tmux.assert_shell_usable_after(&[0, 128 + 15]);
    }
}

/// The same answers given in the full-screen interface and in plain mode
/// save the same result: the TOML files are identical but for the time
/// they were scored.
#[test]
fn plain_mode_and_the_full_screen_interface_save_the_same_result() {
    let Some(tmux) = Tmux::start() else {
        return;
    };
    let results = tmux.dir.path().join("results");
    std::fs::create_dir(&results).expect("the results folder");
    tmux.config(&format!(
        "output_dir = \"{}\"\nformats = [\"toml\"]\nlock = false\n",
        path_str(&results)
    ));
    let questionnaire = tmux.write("clinic.toml", CLINIC);
    tmux.wait_for("$");
    tmux.start_program(&questionnaire, "");
    tmux.wait_for("Enter start");
    tmux.keys(&["-l", "SAME-1"]);
    tmux.keys(&["Enter"]);
    tmux.answer_and_save_clinic("1", "2", "Worse in the evening", "Positive screen");
    tmux.keys(&["q"]);
    tmux.assert_shell_usable(0);
    let saved: Vec<PathBuf> = std::fs::read_dir(&results)
        .expect("the results folder")
        .map(|e| e.expect("an entry").path())
        .collect();
    assert_eq!(saved.len(), 1, "{saved:?}");
    let full_screen = std::fs::read_to_string(&saved[0]).expect("the saved result");

    // Plain mode, same home (so the same configuration), typing the same
    // answers and a file name of its own.
    let plain_dir = tmux.dir.path().join("plain");
    std::fs::create_dir(&plain_dir).expect("a folder for plain mode");
    let output = std::process::Command::new(binary())
        .env_clear()
        .env("HOME", tmux.dir.path())
        .current_dir(&plain_dir)
        .args(["--plain", "--questionnaire"])
        .arg(&questionnaire)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child
                .stdin
                .take()
                .expect("stdin is piped")
                .write_all(b"SAME-1\nyes\n2\nWorse in the evening\n\n")?;
            child.wait_with_output()
        })
        .expect("running plain mode");
    // The input ends at the save question: nothing saved yet.
    assert_eq!(output.status.code(), Some(5));
    let transcript = String::from_utf8_lossy(&output.stdout);
    assert!(transcript.contains("Positive screen"), "{transcript}");

    let output = std::process::Command::new(binary())
        .env_clear()
        .env("HOME", tmux.dir.path())
        .current_dir(&plain_dir)
        .args(["--plain", "--questionnaire"])
        .arg(&questionnaire)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            // The draft of the first run is offered: continue it, go
            // through the review to the result, and save it here.
            child
                .stdin
                .take()
                .expect("stdin is piped")
                .write_all(b"1\n\nplain-result\nquit\n")?;
            child.wait_with_output()
        })
        .expect("running plain mode");
    let transcript = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{transcript}");
    let plain = std::fs::read_to_string(plain_dir.join("plain-result.toml"))
        .unwrap_or_else(|e| panic!("plain mode saved nothing ({e}):\n{transcript}"));

    let without_time = |text: &str| -> String {
        let kept: Vec<&str> = text
            .lines()
            .filter(|line| !line.starts_with("time = "))
            .collect();
        assert_eq!(kept.len() + 1, text.lines().count(), "one time line");
        kept.join("\n")
    };
    assert_eq!(without_time(&plain), without_time(&full_screen));
    assert!(
        full_screen.contains("note = \"Worse in the evening\""),
        "{full_screen}"
    );
}

/// The built-in screening: its welcome screen is drawn before the whole
/// questionnaire has loaded, and what follows is the whole questionnaire.
/// With a draft kept, the next start offers it first.
#[test]
fn the_built_in_screening_starts_and_offers_its_draft() {
    let Some(tmux) = Tmux::start() else {
        return;
    };
    tmux.config("lock = false\n");
    tmux.wait_for("$");
    tmux.start_built_in();
    let welcome = tmux.wait_for("Enter start");
    assert!(welcome.contains("Restless legs screening"), "{welcome}");
    assert!(!welcome.contains("Unfinished screenings"), "{welcome}");
    tmux.keys(&["Enter"]);
    tmux.wait_for("How old are you?");
    tmux.keys(&["-l", "45"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("question 2 of");
    tmux.keys(&["C-c"]);
    tmux.wait_for("Quit now?");
    tmux.keys(&["y"]);
    tmux.assert_shell_usable(0);
    assert_eq!(tmux.drafts().len(), 1);

    tmux.type_line("clear");
    tmux.start_built_in();
    let offered = tmux.wait_for("Unfinished screenings");
    assert!(offered.contains("1 answer"), "{offered}");
    tmux.keys(&["C-c"]);
    tmux.assert_shell_usable(0);
}

/// `restless open` shows a saved result read-only, with its review; `e`
/// starts a new screening from its answers, which saves as a new file and
/// leaves the opened one as it was.
#[test]
fn open_shows_a_saved_result_read_only_and_e_starts_a_new_screening() {
    let Some(tmux) = Tmux::start() else {
        return;
    };
    let results = tmux.dir.path().join("results");
    std::fs::create_dir(&results).expect("the results folder");
    tmux.config(&format!(
        "output_dir = \"{}\"\nformats = [\"toml\"]\nlock = false\ndrafts = false\n",
        path_str(&results)
    ));
    let questionnaire = tmux.write("clinic.toml", CLINIC);
    let answers = tmux.write(
        "answers.toml",
        "[questionnaire]\nid = \"e2e-clinic\"\nversion = \"1\"\n\n[identifiers]\npatient_id = \"OPEN-1\"\n\n[answers]\nurge = \"yes\"\noften = \"weekly\"\n",
    );
    let saved = tmux.dir.path().join("saved.toml");
    let scored = std::process::Command::new(binary())
        .env_clear()
        .env("HOME", tmux.dir.path())
        .args([
            "--questionnaire",
            path_str(&questionnaire),
            "score",
            "--format",
            "toml",
            "-o",
        ])
        .arg(&saved)
        .arg(&answers)
        .status()
        .expect("scoring");
    assert!(scored.success());
    let before = std::fs::read_to_string(&saved).expect("the saved result");

    tmux.wait_for("$");
    tmux.start_program(&questionnaire, &format!("open {}", path_str(&saved)));
    let pane = tmux.wait_for("read-only");
    assert!(pane.contains("Positive screen"), "{pane}");
    assert!(pane.contains("e new screening"), "{pane}");
    // Nothing to save, nothing to change.
    tmux.keys(&["s"]);
    tmux.keys(&["r"]);
    let review = tmux.wait_for("Review (read-only");
    assert!(!review.contains("Save the result"), "{review}");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Result: clinician view");
    // A new screening from these answers: changeable and saved anew.
    tmux.keys(&["e"]);
    tmux.wait_for("Review your answers");
    tmux.keys(&["r"]);
    tmux.wait_for("Positive screen");
    tmux.keys(&["s"]);
    tmux.wait_for("Save the result");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Saved:");
    tmux.keys(&["q"]);
    tmux.assert_shell_usable(0);
    let new_files: Vec<PathBuf> = std::fs::read_dir(&results)
        .expect("the results folder")
        .map(|e| e.expect("an entry").path())
        .collect();
    assert_eq!(new_files.len(), 1, "{new_files:?}");
    let new = std::fs::read_to_string(&new_files[0]).expect("the new result");
    assert!(
        new.contains("OPEN-1") && new.contains("often = \"weekly\""),
        "{new}"
    );
    assert_eq!(
        std::fs::read_to_string(&saved).expect("the opened result"),
        before,
        "the opened file changed"
    );
}
