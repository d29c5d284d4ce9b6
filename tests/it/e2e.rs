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
        self.shell_answers();
        // Computed by the shell, so the typed line itself never matches.
        self.type_line(
            "case \"$(stty -a)\" in *-icanon*) echo RAW-$((2+3));; *) echo COOKED-$((1+1));; esac",
        );
        let pane = self.wait_for("COOKED-2");
        assert!(!pane.contains("RAW-5"), "{pane}");
        self.type_line("echo DONE-$((1+1))");
        self.wait_for("DONE-2")
    }

    /// Keys sent to the program after it quit went to the shell: on a busy
    /// machine it may still be running them as commands, or be in the
    /// middle of a line they left unfinished. Waits until the pane is
    /// still, interrupts whatever the shell is in and erases its line, and
    /// waits for it to answer a command; again if leftover keys got in.
    fn shell_answers(&self) {
        let start = Instant::now();
        for attempt in 1.. {
            self.wait_until_still();
            self.keys(&["C-c"]);
            self.keys(&["C-u"]);
            // Computed by the shell, so the typed line itself never matches.
            self.type_line(&format!("echo READY-$((1000+{attempt}))"));
            let answer = format!("READY-{}", 1000 + attempt);
            let asked = Instant::now();
            while asked.elapsed() < Duration::from_secs(5) {
                if self.capture().contains(&answer) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            if start.elapsed() > DEADLINE {
                panic!(
                    "the shell does not answer; the pane shows:\n{}",
                    self.capture()
                );
            }
        }
    }

    /// Waits until the pane has not changed for a while: whatever was
    /// typed into it has been dealt with.
    fn wait_until_still(&self) {
        let start = Instant::now();
        let mut last = self.capture();
        let mut still_since = Instant::now();
        while still_since.elapsed() < Duration::from_millis(400) {
            if start.elapsed() > DEADLINE {
                panic!("the pane never stops changing; it shows:\n{last}");
            }
            std::thread::sleep(Duration::from_millis(50));
            let now = self.capture();
            if now != last {
                last = now;
                still_since = Instant::now();
            }
        }
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
    tmux.keys(&["d"]);

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

    /// A results folder, a configuration that saves into it (`settings`
    /// added), and the clinic questionnaire: the folder and the
    /// questionnaire's path.
    fn clinic_saving_to_results(&self, settings: &str) -> (PathBuf, PathBuf) {
        let results = self.dir.path().join("results");
        std::fs::create_dir(&results).expect("the results folder");
        self.config(&format!(
            "output_dir = \"{}\"\n{settings}",
            path_str(&results)
        ));
        (results, self.write("clinic.toml", CLINIC))
    }

    /// Waits until there is a draft, sealed or not.
    fn wait_for_a_draft(&self) {
        self.wait_for_drafts("a draft", |_| true);
    }

    /// Waits until a draft holds `needle`. A change is drawn first and
    /// written to the draft once the keys pause, a few milliseconds later.
    fn wait_for_draft_holding(&self, needle: &str) {
        self.wait_for_drafts(&format!("a draft holding {needle:?}"), |draft| {
            std::fs::read_to_string(draft).is_ok_and(|text| text.contains(needle))
        });
    }

    /// Waits until one of the drafts is `ready`.
    fn wait_for_drafts(&self, what: &str, ready: impl Fn(&Path) -> bool) {
        let start = Instant::now();
        while !self.drafts().iter().any(|draft| ready(draft)) {
            assert!(start.elapsed() < DEADLINE, "no {what} was kept");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until no draft is left: a saved result's draft is deleted
    /// just after the frame that says it was saved.
    fn wait_until_no_draft(&self) {
        let start = Instant::now();
        while !self.drafts().is_empty() {
            assert!(
                start.elapsed() < DEADLINE,
                "the draft was not deleted: {:?}",
                self.drafts()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
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

    /// Kills the program started by [`Tmux::start_program`] with SIGKILL
    /// and waits until the shell is usable again.
    fn kill_program(&self, pid_file: &Path) {
        let pid = std::fs::read_to_string(pid_file).expect("the program's process id");
        assert!(
            Command::new("kill")
                .args(["-KILL", pid.trim()])
                .status()
                .expect("kill")
                .success()
        );
        // SIGKILL cannot be caught: the terminal is left raw. Put it right,
        // once the shell has seen the program end, and wait until it is:
        // keys typed while it is still raw would not end a line (Enter is
        // a bare carriage return then).
        let status_file = self.dir.path().join("status");
        let start = Instant::now();
        while !std::fs::read_to_string(&status_file).is_ok_and(|s| s.trim() == "137") {
            assert!(start.elapsed() < DEADLINE, "the shell did not see the kill");
            std::thread::sleep(Duration::from_millis(50));
        }
        self.keys(&["-l", "stty sane; tput rmcup; clear; echo SANE-$((3+4))"]);
        self.keys(&["C-j"]);
        self.wait_for("SANE-7");
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
    // Typed but not confirmed: what a kill loses, with the changes of the
    // last few milliseconds (the test lets those reach the draft first).
    tmux.keys(&["-l", "half-typed"]);
    tmux.wait_for("half-typed");
    tmux.wait_for_draft_holding("often = \"weekly\"");

    tmux.kill_program(&pid_file);

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
    // The time, the questionnaire and the count: no identifier, no answer.
    assert!(
        offered.contains("Tmux clinic screening") && offered.contains("2 answers"),
        "{offered}"
    );
    for hidden in ["KILLED-7", "Weekly"] {
        assert!(!offered.contains(hidden), "{hidden:?} shown:\n{offered}");
    }
    tmux.keys(&["Enter"]);
    tmux.wait_for("type its patient identifier");
    tmux.keys(&["-l", "KILLED-8"]);
    tmux.keys(&["Enter"]);
    let refused = tmux.wait_for("nothing was opened");
    assert!(refused.contains("Unfinished screenings"), "{refused}");
    assert!(!refused.contains("KILLED-7"), "{refused}");
    // Typed with spaces around it, the right one opens the draft.
    for _ in 0.."KILLED-8".len() {
        tmux.keys(&["BSpace"]);
    }
    tmux.keys(&["-l", " KILLED-7 "]);
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
    tmux.keys(&["d"]);
    tmux.assert_shell_usable(0);
}

/// The draft is written after the frame of the key that changed an
/// answer, and the next key is read only once it is written: a kill the
/// moment a confirmed answer's next question shows may lose that answer,
/// never one confirmed before it.
#[test]
fn a_kill_right_after_enter_keeps_every_answer_before_it() {
    let Some(tmux) = Tmux::start() else {
        return;
    };
    tmux.config("lock = false\n");
    let questionnaire = tmux.write("clinic.toml", CLINIC);
    tmux.wait_for("$");
    let pid_file = tmux.start_program(&questionnaire, "");
    tmux.wait_for("Tmux clinic screening");
    tmux.keys(&["-l", "KILLED-9"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("strong need to move your legs");
    tmux.keys(&["1"]);
    tmux.wait_for("How often does it happen?");
    // Kept once the keys pause; the next answer is killed as soon as it
    // is drawn, before its own pause.
    tmux.wait_for_draft_holding("urge = \"yes\"");
    // The first step shows the highlight on "Rarely", the second moves it.
    tmux.keys(&["Down", "Down"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("Anything else to tell");
    tmux.kill_program(&pid_file);

    let drafts = tmux.drafts();
    assert_eq!(drafts.len(), 1, "{drafts:?}");
    let draft = std::fs::read_to_string(&drafts[0]).expect("the draft");
    assert!(draft.contains("urge = \"yes\""), "{draft}");
    // The last answer may or may not have reached the draft.
    let last_kept = draft.contains("often = \"weekly\"");

    tmux.start_program(&questionnaire, "");
    tmux.wait_for("Unfinished screenings");
    tmux.keys(&["Enter"]);
    tmux.wait_for("type its patient identifier");
    tmux.keys(&["-l", "KILLED-9"]);
    tmux.keys(&["Enter"]);
    // With every answer kept the review comes first; otherwise F4 shows it.
    let resumed = tmux.wait_until("the resumed screening", |pane| {
        pane.contains("Review your answers") || pane.contains("F4 review")
    });
    if !resumed.contains("Review your answers") {
        tmux.keys(&["F4"]);
    }
    let review = tmux.wait_for("Review your answers");
    assert!(review.contains("Yes"), "{review}");
    assert_eq!(review.contains("Weekly or more"), last_kept, "{review}");
    tmux.keys(&["C-c"]);
    tmux.wait_for("Quit now?");
    tmux.keys(&["d"]);
    tmux.assert_shell_usable(0);
}

#[test]
fn two_patients_one_after_the_other_leave_nothing_of_the_first() {
    let Some(tmux) = Tmux::start() else {
        return;
    };
    let (results, questionnaire) =
        tmux.clinic_saving_to_results("formats = [\"toml\", \"markdown\"]\nlock = false\n");
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
        after.contains("restless: 2 screenings saved in this session"),
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

    // Without a PIN the lock only hides the screen, and says so.
    let locked = tmux.wait_for("Screen hidden.");
    for trace in ["LOCKME-9", "How often", "Tmux clinic screening", "Legs"] {
        assert!(
            !locked.contains(trace),
            "{trace:?} shows on the lock screen:\n{locked}"
        );
    }
    // The key that unlocks does nothing else: `2` would have answered.
    tmux.keys(&["2"]);
    let back = tmux.wait_for("How often does it happen?");
    assert!(!back.contains("Screen hidden."), "{back}");
    assert!(
        !back.contains("Anything else"),
        "the unlocking key answered:\n{back}"
    );

    // On request too.
    tmux.keys(&["C-g"]);
    tmux.wait_for("Screen hidden.");
    tmux.keys(&["Escape"]);
    tmux.wait_for("How often does it happen?");
    tmux.keys(&["C-c"]);
    tmux.wait_for("Quit now?");
    tmux.keys(&["d"]);
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
        // The answer is drawn before its draft is written: the signal
        // comes once the draft holds it.
        tmux.wait_for_draft_holding("urge = \"yes\"");
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
    tmux.wait_for_draft_holding("urge = \"no\"");
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
        // Pacing, so that batches arrive apart as typing would.
        std::thread::sleep(Duration::from_millis(20));
    }
    tmux.wait_until_still();
    tmux.run(&["resize-window", "-t", "e2e", "-x", "80", "-y", "24"]);
    if status_file.exists() {
        // It quit on its own, through the keys (`d` in the quit box): the
        // rest of that batch went to the shell, which may be half-way
        // through a command line. Ctrl-C gives a fresh prompt.
        tmux.keys(&["C-c"]);
        std::thread::sleep(Duration::from_millis(200));
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
    let (results, questionnaire) =
        tmux.clinic_saving_to_results("formats = [\"toml\"]\nlock = false\n");
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
            // The draft of the first run is offered: continue it (its
            // identifier typed), go through the review to the result, and
            // save it here.
            child
                .stdin
                .take()
                .expect("stdin is piped")
                .write_all(b"1\nSAME-1\n\nplain-result\nquit\n")?;
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
    tmux.wait_for("1 answered");
    tmux.keys(&["C-c"]);
    tmux.wait_for("Quit now?");
    tmux.keys(&["k"]);
    tmux.assert_shell_usable(0);
    assert_eq!(tmux.drafts().len(), 1);

    tmux.type_line("clear");
    tmux.start_built_in();
    let offered = tmux.wait_for("Unfinished screenings");
    assert!(offered.contains("1 answer"), "{offered}");
    tmux.keys(&["C-c"]);
    tmux.assert_shell_usable(0);
}

impl Tmux {
    /// Waits until the pane satisfies `ready`; fails with what it shows.
    fn wait_until(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let pane = self.capture();
            if ready(&pane) {
                return pane;
            }
            if start.elapsed() > DEADLINE {
                panic!("timed out waiting for {what}; the pane shows:\n{pane}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// The words of `text`, one space apart: what a wrapped text reads as.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The words inside the question panel (right of the section list when
/// there is one), one space apart.
fn panel_words(pane: &str) -> String {
    let inside: Vec<&str> = pane
        .lines()
        .map(|line| {
            let right = line.rsplit_once("││").map_or(line, |(_, right)| right);
            right.trim_start_matches('│').trim_end_matches('│')
        })
        .collect();
    flat(&inside.join(" "))
}

/// Whether the option starting with `label` is on the line of the
/// highlight (the last pointer of a line: the first may be the section's).
fn highlighted(pane: &str, label: &str) -> bool {
    let first_words: String = label
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    pane.lines().any(|line| {
        line.rfind('▸')
            .is_some_and(|at| line[at..].contains(&first_words))
    })
}

/// A whole screening of the built-in questionnaire in a real 80x24
/// terminal: every question on the way is shown whole, and the option
/// moved to is highlighted on screen before it is chosen.
#[test]
fn every_question_of_a_screening_is_usable_at_80x24() {
    use restless::questionnaire::ItemKind;
    use restless::tui::app::{Row, rows};
    let Some(tmux) = Tmux::start() else {
        return;
    };
    tmux.config("lock = false\n");
    tmux.wait_for("$");
    tmux.start_built_in();
    tmux.wait_for("Enter start");
    tmux.keys(&["Enter"]);
    let q = crate::drive::built_in();
    for (id, spec) in crate::drive::POSITIVE {
        let index = q.item_index(id).expect("an item of the path");
        let item = &q.items[index];
        let text = flat(&item.text);
        let pane = tmux.wait_until(&format!("{id}: {text:?}"), |pane| {
            panel_words(pane).contains(&text)
        });
        assert!(!pane.contains("larger"), "{id}:\n{pane}");
        let item_rows = rows(item);
        let label_of = |row: usize| match item_rows[row] {
            Row::Option(i) => item.kind.options()[i].label.clone(),
            Row::DontKnow => q.labels.dont_know.clone(),
            _ => "Leave this unanswered".to_string(),
        };
        let row_of_value = |value: &str| {
            let option = item.option_index(value).expect("an option of the item");
            item_rows
                .iter()
                .position(|&r| r == Row::Option(option))
                .expect("a row of the option")
        };
        match &item.kind {
            ItemKind::Number(_) | ItemKind::Text { .. } => {
                if !spec.is_empty() {
                    tmux.keys(&["-l", spec]);
                }
            }
            ItemKind::Multiple(_) => {
                for value in spec.split(',') {
                    let row = row_of_value(value);
                    tmux.keys(&["Home"]);
                    for _ in 0..row {
                        tmux.keys(&["Down"]);
                    }
                    let label = label_of(row);
                    tmux.wait_until(&format!("{id}: {label:?} highlighted"), |pane| {
                        highlighted(pane, &label)
                    });
                    tmux.keys(&["Space"]);
                }
            }
            _ => {
                let row = row_of_value(spec);
                tmux.keys(&["Home"]);
                for _ in 0..row {
                    tmux.keys(&["Down"]);
                }
                let label = label_of(row);
                tmux.wait_until(&format!("{id}: {label:?} highlighted"), |pane| {
                    highlighted(pane, &label)
                });
            }
        }
        tmux.keys(&["Enter"]);
    }
    tmux.wait_for("Review your answers");
    tmux.keys(&["C-c"]);
    tmux.wait_for("Quit now?");
    tmux.keys(&["d"]);
    tmux.assert_shell_usable(0);
}

/// Something else writes over the screen (a message to the terminal, a
/// background job): Ctrl-L paints it all again, as in a shell or an
/// editor, and changes nothing else.
#[test]
fn ctrl_l_redraws_a_garbled_screen() {
    let Some(tmux) = Tmux::start() else {
        return;
    };
    tmux.config("lock = false\n");
    let questionnaire = tmux.write("mini.toml", MINI);
    tmux.wait_for("$");
    tmux.type_line(&tmux.program_line(&questionnaire));
    tmux.wait_for("Tmux mini screening");
    tmux.keys(&["Enter"]);
    tmux.wait_for("strong need to move your legs");
    let tty = String::from_utf8_lossy(
        &tmux
            .run(&["display-message", "-p", "-t", "e2e", "#{pane_tty}"])
            .stdout,
    )
    .trim()
    .to_string();
    assert!(!tty.is_empty(), "no tty for the pane");
    // Straight to the terminal, behind the program's back: over the
    // question, and in the empty space where a diff would not redraw.
    std::fs::write(
        &tty,
        "\x1b[5;30HGARBAGE-ONE GARBAGE-ONE\x1b[18;10HGARBAGE-TWO\x1b[24;1HGARBAGE-3",
    )
    .expect("writing to the pane's terminal");
    tmux.wait_for("GARBAGE-TWO");
    tmux.keys(&["C-l"]);
    // The screen is cleared, then drawn: wait for the whole question, not
    // only for the garbage to go.
    tmux.wait_until("the garbage to go and the question to be back", |pane| {
        !pane.contains("GARBAGE")
            && pane.contains("strong need to move your legs")
            && pane.contains("Yes")
    });
    // Nothing was answered by the key.
    tmux.keys(&["1"]);
    tmux.wait_for("How often does it happen?");
    tmux.keys(&["C-c"]);
    tmux.wait_for("Quit now?");
    tmux.keys(&["d"]);
    tmux.assert_shell_usable(0);
}

/// The quit box names both ways out; deleting leaves neither the draft nor
/// its lock file.
#[test]
fn quit_and_delete_leaves_no_draft() {
    let Some(tmux) = Tmux::start() else {
        return;
    };
    tmux.config("lock = false\n");
    let questionnaire = tmux.write("clinic.toml", CLINIC);
    tmux.wait_for("$");
    tmux.start_program(&questionnaire, "");
    tmux.wait_for("Tmux clinic screening");
    tmux.keys(&["-l", "DELETEME-3"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("strong need to move your legs");
    tmux.keys(&["1"]);
    tmux.wait_for("How often does it happen?");
    tmux.wait_for_draft_holding("urge = \"yes\"");
    assert_eq!(tmux.drafts().len(), 1, "a draft is kept while answering");
    tmux.keys(&["C-c"]);
    let asked = tmux.wait_for("Quit now?");
    assert!(
        asked.contains("keep the answers as a draft to continue later")
            && asked.contains("delete these answers"),
        "{asked}"
    );
    assert!(!asked.contains("not saved"), "no result yet:\n{asked}");
    tmux.keys(&["d"]);
    tmux.assert_shell_usable(0);
    let left: Vec<PathBuf> = std::fs::read_dir(tmux.drafts_dir())
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert!(left.is_empty(), "{left:?}");
    assert!(files_containing(tmux.dir.path(), "DELETEME-3").is_empty());
}

/// A draft older than `draft_expiry_days` (7 by default) is deleted at the
/// next start, with its lock file; the person is told how many, not whose.
#[test]
fn an_eight_day_old_draft_is_deleted_at_start() {
    let Some(tmux) = Tmux::start() else {
        return;
    };
    tmux.config("lock = false\n");
    let questionnaire = tmux.write("clinic.toml", CLINIC);
    tmux.wait_for("$");
    tmux.start_program(&questionnaire, "");
    tmux.wait_for("Tmux clinic screening");
    tmux.keys(&["-l", "OLD-8"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("strong need to move your legs");
    tmux.keys(&["1"]);
    tmux.wait_for("How often does it happen?");
    tmux.keys(&["C-c"]);
    tmux.wait_for("Quit now?");
    tmux.keys(&["k"]);
    tmux.assert_shell_usable(0);
    let drafts = tmux.drafts();
    assert_eq!(drafts.len(), 1, "{drafts:?}");
    // The draft's time is its file's modification time.
    let eight_days_ago = std::time::SystemTime::now() - Duration::from_secs(8 * 24 * 60 * 60);
    std::fs::File::options()
        .write(true)
        .open(&drafts[0])
        .and_then(|file| file.set_modified(eight_days_ago))
        .expect("ageing the draft");

    tmux.type_line("clear");
    tmux.start_program(&questionnaire, "");
    let welcome = tmux.wait_for("1 old draft deleted (over 7 days)");
    assert!(!welcome.contains("Unfinished screenings"), "{welcome}");
    assert!(!welcome.contains("OLD-8"), "{welcome}");
    let left: Vec<PathBuf> = std::fs::read_dir(tmux.drafts_dir())
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert!(left.is_empty(), "neither the draft nor its lock: {left:?}");
    tmux.keys(&["C-c"]);
    tmux.assert_shell_usable(0);
}

/// A run that crashed may leave its frame on the alternate screen; the
/// next start clears the whole screen before drawing, so nothing of it
/// shows through.
#[test]
fn the_first_frame_clears_a_leftover_screen() {
    let Some(tmux) = Tmux::start() else {
        return;
    };
    tmux.config("lock = false\n");
    let questionnaire = tmux.write("clinic.toml", CLINIC);
    tmux.wait_for("$");
    // The alternate screen, with a leftover line where the welcome screen
    // draws nothing, and no newline so the shell does not scroll it away.
    tmux.type_line(&format!(
        "printf '\\033[?1049h\\033[23;3HLEFTOVER-%s' FRAME; {}",
        tmux.program_line(&questionnaire)
    ));
    let welcome = tmux.wait_for("Enter start");
    assert!(!welcome.contains("LEFTOVER-FRAME"), "{welcome}");
    tmux.keys(&["C-c"]);
    tmux.assert_shell_usable(0);
}

/// A configured results folder that is missing is made (0700) at start;
/// one that cannot be made stops the program before any question.
#[test]
fn the_results_folder_is_ready_before_the_first_question() {
    let Some(tmux) = Tmux::start() else {
        return;
    };
    let results = tmux.dir.path().join("new/results");
    tmux.config(&format!(
        "output_dir = \"{}\"\nlock = false\n",
        path_str(&results)
    ));
    let questionnaire = tmux.write("clinic.toml", CLINIC);
    tmux.wait_for("$");
    tmux.type_line(&tmux.program_line(&questionnaire));
    tmux.wait_for("Enter start");
    assert_eq!(mode(&results), 0o700);
    tmux.keys(&["C-c"]);
    tmux.assert_shell_usable(0);

    let blocked = tmux.write("blocked", "a file where a folder should be");
    tmux.config(&format!(
        "output_dir = \"{}/results\"\nlock = false\n",
        path_str(&blocked)
    ));
    tmux.type_line("clear");
    let _ = std::fs::remove_file(tmux.dir.path().join("status"));
    tmux.type_line(&tmux.program_line(&questionnaire));
    let told = tmux.assert_shell_usable(3);
    assert!(told.contains("the results folder cannot be"), "{told}");
    assert!(told.contains("change `output_dir`"), "{told}");
    assert!(!told.contains("Tmux clinic screening"), "{told}");
}

/// With a clinician PIN set, the idle lock opens with the PIN and nothing
/// else: not a random key, not Enter, not a wrong PIN.
#[test]
fn with_a_pin_the_idle_lock_opens_only_with_it() {
    let Some(tmux) = Tmux::start() else {
        return;
    };
    tmux.config("lock_after_minutes = 0.02\n");
    let hash = restless::screening::pin::hash_pin("2468").expect("a hash");
    tmux.write(".config/restless/pin", &format!("{hash}\n"));
    let questionnaire = tmux.write("clinic.toml", CLINIC);
    tmux.wait_for("$");
    tmux.start_program(&questionnaire, "");
    tmux.wait_for("Tmux clinic screening");
    tmux.keys(&["-l", "PINNED-5"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("strong need to move your legs");
    tmux.keys(&["1"]);
    tmux.wait_for("How often does it happen?");

    let locked = tmux.wait_for("The screen is locked.");
    assert!(!locked.contains("PINNED-5"), "{locked}");
    for key in ["x", "2", "Escape", "Enter", "Space"] {
        tmux.keys(&[key]);
    }
    tmux.keys(&["-l", "1357"]);
    tmux.keys(&["Enter"]);
    let refused = tmux.wait_for("Wrong PIN.");
    assert!(refused.contains("The screen is locked."), "{refused}");
    assert!(!refused.contains("1357"), "{refused}");
    tmux.keys(&["-l", "2468"]);
    tmux.keys(&["Enter"]);
    let back = tmux.wait_for("How often does it happen?");
    assert!(
        !back.contains("Anything else"),
        "a key behind the lock answered:\n{back}"
    );
    // Stopped and continued, it comes back locked.
    tmux.keys(&["C-z"]);
    tmux.wait_for("Stopped");
    tmux.type_line("fg");
    let resumed = tmux.wait_for("The screen is locked.");
    assert!(!resumed.contains("How often"), "{resumed}");
    let _ = std::fs::remove_file(tmux.dir.path().join("status"));
    tmux.keys(&["-l", "2468"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("How often does it happen?");
    tmux.keys(&["C-c"]);
    tmux.wait_for("Quit now?");
    tmux.keys(&["d"]);
    std::thread::sleep(Duration::from_millis(300));
    tmux.type_line(&format!(
        "echo $? > {}",
        path_str(&tmux.dir.path().join("status"))
    ));
    tmux.assert_shell_usable(0);
}

/// Ctrl-Z leaves nothing of the patient on the shell's screen and stops
/// the program; `fg` brings the screen back, whole. A stop asked from
/// outside (SIGTSTP) does the same.
#[test]
fn ctrl_z_hides_the_patient_and_fg_redraws() {
    let Some(tmux) = Tmux::start() else {
        return;
    };
    tmux.config("lock = false\n");
    let questionnaire = tmux.write("clinic.toml", CLINIC);
    tmux.wait_for("$");
    let pid_file = tmux.start_program(&questionnaire, "");
    tmux.wait_for("Tmux clinic screening");
    tmux.keys(&["-l", "SUSPENDED-6"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("strong need to move your legs");
    tmux.keys(&["1"]);
    tmux.wait_for("How often does it happen?");

    tmux.keys(&["C-z"]);
    // The shell takes the terminal back (and may drop what was typed
    // before it did).
    tmux.wait_for("Stopped");
    tmux.type_line("echo STOPPED-$((3+4))");
    let shell = tmux.wait_for("STOPPED-7");
    for trace in ["SUSPENDED-6", "How often", "strong need", "Tmux clinic"] {
        assert!(
            !shell.contains(trace),
            "{trace:?} shows in the shell:\n{shell}"
        );
    }
    tmux.type_line("fg");
    let back = tmux.wait_for("How often does it happen?");
    assert!(
        !back.contains("STOPPED-7"),
        "the shell shows through:\n{back}"
    );
    // Raw mode is back: a key answers at once, without Enter.
    tmux.keys(&["2"]);
    tmux.wait_for("Anything else to tell");

    let pid = std::fs::read_to_string(&pid_file).expect("the program's process id");
    assert!(
        Command::new("kill")
            .args(["-TSTP", pid.trim()])
            .status()
            .expect("kill")
            .success()
    );
    // Stopped a second time: the shell says so again.
    let start = Instant::now();
    while tmux.capture().matches("Stopped").count() < 2 {
        assert!(
            start.elapsed() < DEADLINE,
            "not stopped:\n{}",
            tmux.capture()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    tmux.type_line("echo AGAIN-$((4+4))");
    let shell = tmux.wait_for("AGAIN-8");
    assert!(!shell.contains("Anything else"), "{shell}");
    tmux.type_line("fg");
    tmux.wait_for("Anything else to tell");
    // The command line's own status was written when the job first
    // stopped; the end of `fg` gives the program's.
    let _ = std::fs::remove_file(tmux.dir.path().join("status"));
    tmux.keys(&["C-c"]);
    tmux.wait_for("Quit now?");
    tmux.keys(&["d"]);
    std::thread::sleep(Duration::from_millis(300));
    tmux.type_line(&format!(
        "echo $? > {}",
        path_str(&tmux.dir.path().join("status"))
    ));
    tmux.assert_shell_usable(0);
}

/// With `encrypt_to`, the full-screen screening writes nothing readable:
/// after every step, every file in the drafts and results folders is an
/// age file and no file holds the identifier or an answer.
#[test]
fn with_encrypt_to_every_step_leaves_only_age_files() {
    let Some(tmux) = Tmux::start() else {
        return;
    };
    let key = age::x25519::Identity::generate();
    let results = tmux.dir.path().join("results");
    tmux.config(&format!(
        "output_dir = \"{}\"\nlock = false\nencrypt_to = [\"{}\"]\n",
        path_str(&results),
        key.to_public()
    ));
    let questionnaire = tmux.write("clinic.toml", CLINIC);
    let nothing_readable = |step: &str| {
        for dir in [tmux.drafts_dir(), results.clone()] {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let bytes = match std::fs::read(entry.path()) {
                    Ok(bytes) => bytes,
                    // A draft's temporary file, put in place meanwhile.
                    Err(e)
                        if e.kind() == std::io::ErrorKind::NotFound && name.ends_with(".tmp") =>
                    {
                        continue;
                    }
                    Err(e) => panic!("after {step}: {name}: {e}"),
                };
                let lock = name.ends_with(".lock") && bytes.is_empty();
                const AGE: &[u8] = b"age-encryption.org/v1\n";
                let age = bytes.starts_with(AGE);
                // The draft is written just after the screen is drawn: it
                // may be caught half-way, under its temporary name, with
                // none or some of its sealed bytes.
                let writing = name.ends_with(".tmp") && (age || AGE.starts_with(&bytes));
                assert!(
                    lock || writing || (name.ends_with(".age") && age),
                    "after {step}: {name} in {} is not an age file",
                    dir.display()
                );
            }
        }
        for secret in ["SECRET-ID-4", "SECRET-NOTE-4"] {
            let found = files_containing(tmux.dir.path(), secret);
            assert!(found.is_empty(), "after {step}: {secret} in {found:?}");
        }
    };
    tmux.wait_for("$");
    tmux.start_program(&questionnaire, "");
    tmux.wait_for("Tmux clinic screening");
    nothing_readable("the start");
    tmux.keys(&["-l", "SECRET-ID-4"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("strong need to move your legs");
    nothing_readable("the identifier");
    tmux.keys(&["1"]);
    tmux.wait_for("How often does it happen?");
    tmux.wait_for_a_draft();
    assert_eq!(tmux.drafts().len(), 1);
    nothing_readable("the first answer");
    tmux.keys(&["2"]);
    tmux.wait_for("Anything else to tell");
    nothing_readable("the second answer");
    tmux.keys(&["-l", "SECRET-NOTE-4"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("Review your answers");
    nothing_readable("the note");
    tmux.keys(&["r"]);
    tmux.wait_for("Positive screen");
    tmux.keys(&["s"]);
    tmux.wait_for("Save the result");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Saved:");
    nothing_readable("saving");
    let saved: Vec<PathBuf> = std::fs::read_dir(&results)
        .expect("the results folder")
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(saved.len(), 2, "{saved:?}");
    // Names show in every listing: they leave the identifier out.
    for file in &saved {
        assert!(
            !file.display().to_string().contains("SECRET-ID-4"),
            "{saved:?}"
        );
    }
    tmux.wait_until_no_draft();
    tmux.keys(&["q"]);
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
    let (results, questionnaire) =
        tmux.clinic_saving_to_results("formats = [\"toml\"]\nlock = false\ndrafts = false\n");
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

/// A copy of a secret found in a process's memory.
#[cfg(target_os = "linux")]
#[derive(Debug)]
struct Copy {
    /// The distance between its bytes: 1 for a string.
    stride: usize,
    /// The mapping it is in and the bytes around it.
    shown: String,
}

/// The places in the memory of process `pid` that hold `needle`: each as
/// the mapping it is in and the bytes around it, printable. `None` when
/// the memory cannot be read (not permitted: not root, or a ptrace
/// policy), which the caller reports as a skip.
#[cfg(target_os = "linux")]
fn memory_holding(pid: &str, needle: &[u8]) -> Option<Vec<Copy>> {
    use std::io::{Read, Seek, SeekFrom};
    let maps = std::fs::read_to_string(format!("/proc/{pid}/maps")).ok()?;
    let mut mem = std::fs::File::open(format!("/proc/{pid}/mem")).ok()?;
    let mut found = Vec::new();
    let mut readable = 0;
    for line in maps.lines() {
        let mut parts = line.split_whitespace();
        let (Some(range), Some(perms)) = (parts.next(), parts.next()) else {
            continue;
        };
        let name = line.split_whitespace().nth(5).unwrap_or("");
        // The kernel's pages for the vDSO cannot be read through mem.
        if !perms.starts_with('r') || name == "[vvar]" || name == "[vvar_vclock]" {
            continue;
        }
        let Some((start, end)) = range.split_once('-') else {
            continue;
        };
        let (Ok(start), Ok(end)) = (u64::from_str_radix(start, 16), u64::from_str_radix(end, 16))
        else {
            continue;
        };
        let mut bytes = vec![0; usize::try_from(end - start).expect("a mapping's size")];
        if mem.seek(SeekFrom::Start(start)).is_err() || mem.read_exact(&mut bytes).is_err() {
            continue;
        }
        readable += 1;
        for (at, stride) in pieces_in(&bytes, needle) {
            let end = (at + stride * needle.len() + 48).min(bytes.len());
            let shown: String = bytes[at.saturating_sub(48)..end]
                .iter()
                .map(|&b| {
                    if b.is_ascii_graphic() || b == b' ' {
                        b as char
                    } else {
                        '.'
                    }
                })
                .collect();
            found.push(Copy {
                stride,
                shown: format!("{line} +{at:#x}, every {stride} bytes: {shown}"),
            });
        }
    }
    // Nothing readable at all means reading was refused, not that the
    // memory is clean.
    (readable > 0).then_some(found)
}

/// Where `needle` is in `bytes`, with the distance between its bytes:
/// 1 for a string, more for text drawn into a terminal buffer, whose
/// cells hold a character each beside its colours.
#[cfg(target_os = "linux")]
fn strided_matches(bytes: &[u8], needle: &[u8]) -> Vec<(usize, usize)> {
    const MAX_CELL_BYTES: usize = 128;
    let mut found = Vec::new();
    for (at, _) in bytes.iter().enumerate().filter(|&(_, &b)| b == needle[0]) {
        for stride in 1..=MAX_CELL_BYTES {
            let fits = at + stride * (needle.len() - 1) < bytes.len();
            if fits
                && needle
                    .iter()
                    .enumerate()
                    .all(|(k, &b)| bytes[at + stride * k] == b)
            {
                found.push((at, stride));
            }
        }
    }
    found
}

/// The length of the pieces of a secret looked for: a copy partly
/// overwritten (a buffer reused from its start) still counts.
#[cfg(target_os = "linux")]
const PIECE: usize = 8;

/// Where any [`PIECE`] bytes of `needle` are in `bytes`: the place the
/// whole needle would start, and the distance between its bytes.
#[cfg(target_os = "linux")]
fn pieces_in(bytes: &[u8], needle: &[u8]) -> std::collections::BTreeSet<(usize, usize)> {
    let mut found = std::collections::BTreeSet::new();
    for (offset, piece) in needle.windows(PIECE.min(needle.len())).enumerate() {
        for (at, stride) in strided_matches(bytes, piece) {
            found.insert((at.saturating_sub(offset * stride), stride));
        }
    }
    found
}

impl Tmux {
    /// On a saved result of a patient whose `secrets` (identifier, free
    /// text) are on screen: `n` starts the next patient, and once its
    /// first screen is drawn, no copy of any secret is left in the memory
    /// of the program (whose process id is in `pid_file`).
    #[cfg(target_os = "linux")]
    fn assert_next_patient_forgets(&self, pid_file: &Path, secrets: &[&str]) {
        let pid = std::fs::read_to_string(pid_file).expect("the program's process id");
        let pid = pid.trim();
        let scan = |secret: &str| memory_holding(pid, secret.as_bytes());
        let Some(before) = scan(secrets[0]) else {
            crate::support::skip(
                "memory test",
                "the program's memory cannot be read (root or ptrace rights needed)",
            );
            return;
        };
        // While the patient is on screen the scan finds the identifier,
        // as a string and as drawn into the terminal's cells: it would
        // find a copy left behind.
        assert!(
            before.iter().any(|place| place.stride == 1)
                && before.iter().any(|place| place.stride > 1),
            "the scan does not see the patient on screen: {before:#?}"
        );
        self.keys(&["n"]);
        // The new screening's first screen, drawn: the program is idle,
        // waiting for a key.
        self.wait_for("Enter start");
        self.wait_until_still();
        let left: Vec<String> = secrets
            .iter()
            .flat_map(|secret| {
                scan(secret)
                    .expect("the memory was readable before")
                    .into_iter()
                    .map(move |place| format!("{secret} at {}", place.shown))
            })
            .collect();
        assert!(
            left.is_empty(),
            "{} copies after the next patient:\n{}",
            left.len(),
            left.join("\n")
        );
        // Nothing entered for the second patient: Ctrl-C quits at once.
        self.keys(&["C-c"]);
        self.assert_shell_usable(0);
    }
}

/// "Next patient" leaves no copy of the previous patient's identifier or
/// free text anywhere in the program's memory: not in the screening, the
/// names of the files saved, the lines drawn, nor the terminal buffers.
/// The patient comes from a saved result (`open`, then `e`): every copy
/// is the program's own.
#[cfg(target_os = "linux")]
#[test]
fn next_patient_after_an_opened_result_leaves_no_copy_in_memory() {
    let Some(tmux) = Tmux::start() else {
        return;
    };
    let (_, questionnaire) =
        tmux.clinic_saving_to_results("formats = [\"toml\", \"markdown\"]\nlock = false\n");
    let saved = tmux.write(
        "saved.toml",
        "[questionnaire]\nid = \"e2e-clinic\"\nversion = \"1\"\n\n[identifiers]\npatient_id = \"ZQXFILED4711\"\n\n[answers]\nurge = \"yes\"\noften = \"weekly\"\nnote = \"ZQXFILENOTE0815\"\n",
    );
    tmux.wait_for("$");
    let pid_file = tmux.start_program(&questionnaire, &format!("open {}", path_str(&saved)));
    tmux.wait_for("read-only");
    tmux.keys(&["e"]);
    tmux.wait_for("Review your answers");
    tmux.keys(&["r"]);
    tmux.wait_for("Positive screen");
    tmux.keys(&["s"]);
    tmux.wait_for("Save the result");
    tmux.keys(&["Enter"]);
    tmux.wait_for("ZQXFILED4711");
    tmux.assert_next_patient_forgets(&pid_file, &["ZQXFILED4711", "ZQXFILENOTE0815"]);
}

/// The same with the identifier and the note typed. crossterm keeps the
/// last 128 input events in a ring buffer of its own (the parser's queue
/// in its Unix event source, a static the program cannot reach), and each
/// key typed stays there until 128 more have come; a pasted text stays in
/// its read buffer and its escape-sequence buffer until a longer one
/// comes. This fails until the program reads the terminal itself.
#[cfg(target_os = "linux")]
#[test]
#[ignore = "crossterm's event queue keeps the last 128 keys typed"]
fn next_patient_after_a_typed_identifier_leaves_no_copy_in_memory() {
    let Some(tmux) = Tmux::start() else {
        return;
    };
    let (_, questionnaire) =
        tmux.clinic_saving_to_results("formats = [\"toml\", \"markdown\"]\nlock = false\n");
    tmux.wait_for("$");
    let pid_file = tmux.start_program(&questionnaire, "");
    tmux.wait_for("Tmux clinic screening");
    tmux.keys(&["-l", "ZQXPATIENT4711"]);
    tmux.keys(&["Enter"]);
    tmux.answer_and_save_clinic("1", "2", "ZQXNOTE0815", "Positive screen");
    tmux.assert_next_patient_forgets(&pid_file, &["ZQXPATIENT4711", "ZQXNOTE0815"]);
}

impl Tmux {
    /// Waits until the pane shows `needle`, long lines as written, not as
    /// wrapped at the pane's edge; fails with what it shows.
    fn wait_for_unwrapped(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let output = self.run(&["capture-pane", "-p", "-J", "-t", "e2e"]);
            let pane = String::from_utf8_lossy(&output.stdout).into_owned();
            if pane.contains(needle) {
                return pane;
            }
            if start.elapsed() > DEADLINE {
                panic!("timed out waiting for {needle:?}; the pane shows:\n{pane}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// Runs `program` with `args`; its standard output when it succeeds,
/// `None` when it is not installed.
fn tool_output(program: &str, args: &[&str]) -> Option<String> {
    let output = Command::new(program).args(args).output().ok()?;
    assert!(output.status.success(), "{program} {args:?}: {output:?}");
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// `restless open` reads a result sealed for the clinic (by the age tool,
/// to a key from age-keygen) with the private key given by `--identity`;
/// without a key it says how to give one, and shows nothing.
#[test]
fn open_reads_a_sealed_result_with_its_identity_and_says_what_is_missing_without() {
    let Some(tmux) = Tmux::start() else {
        return;
    };
    let key = tmux.dir.path().join("clinic-key.txt");
    if tool_output("age-keygen", &["-o", path_str(&key)]).is_none() {
        crate::support::skip("encryption test", "age-keygen is not installed");
        return;
    }
    let public = tool_output("age-keygen", &["-y", path_str(&key)]).expect("age-keygen -y");
    tmux.config("lock = false\ndrafts = false\n");
    let questionnaire = tmux.write("clinic.toml", CLINIC);
    let answers = tmux.write(
        "answers.toml",
        "[questionnaire]\nid = \"e2e-clinic\"\nversion = \"1\"\n\n[identifiers]\npatient_id = \"SEALED-9\"\n\n[answers]\nurge = \"yes\"\noften = \"weekly\"\n",
    );
    let saved = tmux.dir.path().join("saved.toml");
    let scored = Command::new(binary())
        .env_clear()
        .env("HOME", tmux.dir.path())
        .args(["--questionnaire", path_str(&questionnaire), "score"])
        .args([
            "--format",
            "toml",
            "-o",
            path_str(&saved),
            path_str(&answers),
        ])
        .status()
        .expect("scoring");
    assert!(scored.success());
    let sealed = tmux.dir.path().join("saved.toml.age");
    if tool_output(
        "age",
        &[
            "-r",
            public.trim(),
            "-o",
            path_str(&sealed),
            path_str(&saved),
        ],
    )
    .is_none()
    {
        crate::support::skip("encryption test", "the age tool is not installed");
        return;
    }
    std::fs::remove_file(&saved).expect("removing the plain result");
    std::fs::remove_file(&answers).expect("removing the answers");

    tmux.wait_for("$");
    tmux.start_program(&questionnaire, &format!("open {}", path_str(&sealed)));
    let refused = tmux.wait_for_unwrapped(
        "encrypted (.age) files need the private key: give it with --identity FILE",
    );
    assert!(!refused.contains("SEALED-9"), "{refused}");
    tmux.assert_shell_usable(3);

    tmux.start_program(
        &questionnaire,
        &format!("--identity {} open {}", path_str(&key), path_str(&sealed)),
    );
    let shown = tmux.wait_for("read-only");
    for expected in ["Positive screen", "SEALED-9"] {
        assert!(shown.contains(expected), "{expected:?} not shown:\n{shown}");
    }
    tmux.keys(&["q"]);
    tmux.assert_shell_usable(0);
    // Read, never written out in the clear.
    assert_eq!(
        files_containing(tmux.dir.path(), "SEALED-9"),
        Vec::<PathBuf>::new()
    );
}
