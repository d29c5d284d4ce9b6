//! A shared clinic workstation: `restless set-pin` and the PIN file.

use std::os::unix::fs::PermissionsExt;

use crate::support::restless;

#[test]
fn set_pin_keeps_only_a_private_hash() {
    let home = tempfile::tempdir().unwrap();
    let output = restless()
        .env("HOME", home.path())
        .arg("set-pin")
        .write_stdin("2468\n2468\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("PIN set"));
    let file = home.path().join(".config/restless/pin");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("$argon2id$"), "{text}");
    assert!(!text.contains("2468"), "{text}");
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn set_pin_refuses_a_mismatch_or_a_short_pin() {
    for (input, says) in [
        ("2468\n1357\n", "the two PINs differ"),
        ("12\n12\n", "a PIN has 4 to"),
        ("", "no PIN was given"),
    ] {
        let home = tempfile::tempdir().unwrap();
        let output = restless()
            .env("HOME", home.path())
            .arg("set-pin")
            .write_stdin(input)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{input:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(says), "{input:?}: {stderr}");
        assert!(!home.path().join(".config/restless/pin").exists());
    }
}

/// A PIN file that is not a hash stops the screening rather than run it
/// without the lock the clinic asked for.
#[test]
fn a_damaged_pin_file_stops_the_start() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join(".config/restless");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("pin"), "not a hash\n").unwrap();
    let output = restless()
        .env("HOME", home.path())
        .arg("--plain")
        .write_stdin("")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("restless set-pin"), "{stderr}");
}
