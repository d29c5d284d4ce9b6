//! A terminal that answers no queries (a serial console, a bare pty such
//! as the benchmark harness opens): restless must not wait for an answer
//! that never comes. Driven by `scripts/ptybench.py`, which opens such a
//! pty and answers nothing.

use std::process::Command;

const DRIVE: &str = r#"
import os, sys
sys.path.insert(0, os.path.join(sys.argv[1], "scripts"))
import ptybench
child = ptybench.Child([sys.argv[2]], 80, 24, "xterm-256color")
child.read_until_marker(ptybench.visible(b"Enter start"), 120)
# Ctrl-L asks for every cell to be painted again: a second clear.
child.send(b"\x0c")
child.read_until_quiet(200, 120)
status = child.finish([b"\x03"], timeout_s=120)
output = bytes(child.output)
print("queries", output.count(b"\x1b[6n"))
print("clears", output.count(b"\x1b[2J"))
print("status", status)
"#;

#[test]
fn a_terminal_that_answers_no_query_still_runs_the_screening() {
    let python = match Command::new("python3").arg("--version").output() {
        Ok(output) if output.status.success() => "python3",
        _ => {
            crate::support::skip("silent terminal", "python3 is not installed");
            return;
        }
    };
    let output = Command::new(python)
        .args(["-c", DRIVE, env!("CARGO_MANIFEST_DIR")])
        .arg(env!("CARGO_BIN_EXE_restless"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{text}");
    // The first frame and Ctrl-L both clear the screen, and neither asks
    // the terminal where its cursor is.
    assert!(text.contains("queries 0\n"), "{text}");
    assert!(text.contains("clears 2\n"), "{text}");
    assert!(text.contains("status 0\n"), "{text}");
}
