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
