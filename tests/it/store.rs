//! The storage layer against real failures: existing files, missing and
//! read-only directories, a full file system, device nodes, hostile file
//! names. Every refusal is checked for its message, its kind, the file it
//! must not have touched, and the temporary file it must not have left.
//!
//! Some failures need root to stage (mounting a tiny or read-only file
//! system) or need *not* to be root (permissions do not stop root). Where
//! the machine cannot stage one, the test says so on stderr, bypassing the
//! test harness's capture so the skip is seen in a normal `cargo test` run.

use restless::report::Audience;
use std::ffi::OsStr;
use std::fs::{self, File, Permissions};
use std::io::{Read, Write};
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use restless::report::Format;
use restless::screening::config::{Config, MAX_CONFIG_BYTES, load_config, parse_config};
use restless::store::{Dirs, create_private_dir};
use restless::store::{
    DraftId, DraftStore, MAX_DRAFT_BYTES, WriteError, WriteErrorKind, write_new, write_replace,
};
use tempfile::TempDir;

const ORIGINAL: &[u8] = b"patient = \"earlier result\"\n";

// ---------------------------------------------------------------- helpers

/// The permission bits in octal, so that a failed comparison reads `600`.
fn mode(path: &Path) -> String {
    format!(
        "{:03o}",
        fs::symlink_metadata(path).unwrap().permissions().mode() & 0o7777
    )
}

fn set_mode(path: &Path, mode: u32) {
    fs::set_permissions(path, Permissions::from_mode(mode)).unwrap();
}

/// Every name in `dir`, hidden ones included (that is where a leftover
/// temporary file would be), sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

/// Checks a refused write: its kind, its whole message, and that `dir`
/// holds exactly `expected` afterwards.
fn assert_refused(
    result: Result<(), WriteError>,
    kind: WriteErrorKind,
    message: &str,
    dir: &Path,
    expected: &[&str],
) {
    let error = result.expect_err("the write should have been refused");
    assert_eq!(error.kind(), kind, "{error}");
    assert_eq!(error.to_string(), message);
    assert_eq!(listing(dir), expected, "left behind in {}", dir.display());
}

/// Prints past the harness's output capture, so a skipped check is visible.
fn skip(test: &str, reason: &str) {
    let _ = writeln!(std::io::stderr(), "note: store::{test}: SKIPPED: {reason}");
}

fn is_root() -> bool {
    let dir = tempfile::tempdir().unwrap();
    fs::metadata(dir.path()).unwrap().uid() == 0
}

// ------------------------------------------------- the subprocess helper

const TASK: &str = "RESTLESS_STORE_HELPER_TASK";
const TARGET: &str = "RESTLESS_STORE_HELPER_PATH";
const RESULT: &str = "helper-result: ";

/// Not a test: the tests below run this in a subprocess of the test binary
/// to act as another user or with another umask, which cannot be done in
/// this process without disturbing the tests running beside it. Without its
/// environment variables it does nothing.
#[test]
#[ignore = "a helper that other tests run in a subprocess"]
fn subprocess_helper() {
    let (Some(task), Some(target)) = (std::env::var_os(TASK), std::env::var_os(TARGET)) else {
        return;
    };
    let target = PathBuf::from(target);
    match task.to_str() {
        Some("write-new") => report(write_new(&target, b"new")),
        Some("write-replace") => report(write_replace(&target, b"new")),
        Some("umask") => {
            // A plain file shows which umask this process really has.
            fs::write(target.join("control"), "").unwrap();
            report(write_new(&target.join("new.toml"), b"new"));
            report(write_replace(&target.join("replaced.toml"), b"new"));
            let store = DraftStore::new(target.join("data/restless/drafts"));
            let id = store.new_session();
            report(store.save(&id, b"answers"));
            report(create_private_dir(&target.join("a/b/c")));
            // The lock file is created under this umask too, and must
            // open again the next time.
            for _ in 0..2 {
                match store.claim(&id) {
                    Ok(Some(_)) => println!("{RESULT}ok"),
                    other => println!("{RESULT}claim: {other:?}"),
                }
            }
        }
        _ => panic!("unknown helper task {task:?}"),
    }
}

fn report(result: Result<(), WriteError>) {
    match result {
        Ok(()) => println!("{RESULT}ok"),
        Err(e) => println!("{RESULT}{:?}: {e}", e.kind()),
    }
}

/// Runs the helper through `wrapper` (a command that runs its arguments
/// under other conditions) and returns the lines it reported.
fn run_helper(wrapper: &[&str], task: &str, target: &Path) -> Vec<String> {
    let exe = std::env::current_exe().unwrap();
    let output = Command::new(wrapper[0])
        .args(&wrapper[1..])
        .arg(&exe)
        .args([
            "--exact",
            "store::subprocess_helper",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env_clear()
        .env(TASK, task)
        .env(TARGET, target)
        .current_dir("/")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "helper failed: {stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<String> = stdout
        .lines()
        .filter_map(|l| l.split_once(RESULT).map(|(_, result)| result))
        .map(str::to_string)
        .collect();
    assert!(!lines.is_empty(), "the helper did not run: {stdout}");
    lines
}

// -------------------------------------------------------- successful writes

#[test]
fn write_new_creates_a_private_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("result.toml");
    write_new(&path, b"score = 3\n").unwrap();
    assert_eq!(fs::read(&path).unwrap(), b"score = 3\n");
    assert_eq!(mode(&path), "600");
    assert_eq!(listing(dir.path()), ["result.toml"]);
}

#[test]
fn write_replace_swaps_the_whole_file_and_makes_it_private() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("result.toml");
    fs::write(&path, ORIGINAL).unwrap();
    set_mode(&path, 0o644);
    let before = fs::metadata(&path).unwrap();
    // A reader that opened the old file keeps seeing all of it: the new
    // content arrives as a new file, not by writing over the old one.
    let mut reader = File::open(&path).unwrap();

    write_replace(&path, b"score = 9\n").unwrap();

    assert_eq!(fs::read(&path).unwrap(), b"score = 9\n");
    assert_eq!(mode(&path), "600");
    assert_ne!(fs::metadata(&path).unwrap().ino(), before.ino());
    let mut old = Vec::new();
    reader.read_to_end(&mut old).unwrap();
    assert_eq!(old, ORIGINAL);
    assert_eq!(listing(dir.path()), ["result.toml"]);
}

#[test]
fn write_replace_also_creates() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("result.toml");
    write_replace(&path, b"x").unwrap();
    assert_eq!(fs::read(&path).unwrap(), b"x");
    assert_eq!(mode(&path), "600");
}

/// The umask only takes bits away from the mode given at creation, so 000
/// would show a file created 0644 or 0666, and 0277 one that must be fixed
/// up afterwards (0400 files, 0500 directories the owner cannot fill).
#[test]
fn modes_are_exact_whatever_the_umask() {
    for umask in [0o000, 0o277, 0o077] {
        let dir = tempfile::tempdir().unwrap();
        let replaced = dir.path().join("replaced.toml");
        fs::write(&replaced, ORIGINAL).unwrap();
        set_mode(&replaced, 0o666);
        fs::create_dir(dir.path().join("a")).unwrap();
        set_mode(&dir.path().join("a"), 0o755);

        let script = format!("umask {umask:03o} && exec \"$0\" \"$@\"");
        let lines = run_helper(&["sh", "-c", &script], "umask", dir.path());

        assert_eq!(lines, ["ok"; 6], "umask {umask:03o}");
        // Proves the umask was in force, so the modes below are the
        // library's doing.
        assert_eq!(
            mode(&dir.path().join("control")),
            format!("{:03o}", 0o666 & !umask)
        );
        assert_eq!(mode(&dir.path().join("new.toml")), "600");
        assert_eq!(mode(&replaced), "600");
        assert_eq!(fs::read(&replaced).unwrap(), b"new");
        for sub in [
            "data",
            "data/restless",
            "data/restless/drafts",
            "a/b",
            "a/b/c",
        ] {
            assert_eq!(
                mode(&dir.path().join(sub)),
                "700",
                "{sub}, umask {umask:03o}"
            );
        }
        // A parent that existed already is not the library's to change.
        assert_eq!(mode(&dir.path().join("a")), "755");
        let drafts_dir = dir.path().join("data/restless/drafts");
        let drafts: Vec<String> = listing(&drafts_dir)
            .into_iter()
            .filter(|name| !name.ends_with(".lock"))
            .collect();
        assert_eq!(drafts.len(), 1, "{drafts:?}");
        assert_eq!(mode(&drafts_dir.join(&drafts[0])), "600");
    }
}

// ---------------------------------------------------------------- refusals

#[test]
fn write_new_refuses_an_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("result.toml");
    fs::write(&path, ORIGINAL).unwrap();

    assert_refused(
        write_new(&path, b"new"),
        WriteErrorKind::AlreadyExists,
        &format!("{} already exists; choose another name", shown(&path)),
        dir.path(),
        &["result.toml"],
    );
    assert_eq!(fs::read(&path).unwrap(), ORIGINAL);

    // The interface adds how to override.
    let error = write_new(&path, b"new")
        .unwrap_err()
        .with_hint("choose another name or pass --force");
    assert_eq!(
        error.to_string(),
        format!(
            "{} already exists; choose another name or pass --force",
            shown(&path)
        )
    );
    assert_eq!(fs::read(&path).unwrap(), ORIGINAL);
}

#[test]
fn write_new_refuses_a_symbolic_link_even_a_dangling_one() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("result.toml");
    std::os::unix::fs::symlink(dir.path().join("nowhere"), &link).unwrap();
    assert_refused(
        write_new(&link, b"new"),
        WriteErrorKind::AlreadyExists,
        &format!("{} already exists; choose another name", shown(&link)),
        dir.path(),
        &["result.toml"],
    );
    assert!(!dir.path().join("nowhere").exists());
}

#[test]
fn missing_directory() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing");
    let path = missing.join("result.toml");
    for result in [write_new(&path, b"new"), write_replace(&path, b"new")] {
        assert_refused(
            result,
            WriteErrorKind::NoSuchDirectory,
            &format!(
                "cannot write {}: the directory {} does not exist",
                shown(&path),
                shown(&missing)
            ),
            dir.path(),
            &[],
        );
    }
}

#[test]
fn a_file_where_a_directory_should_be() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes"), ORIGINAL).unwrap();
    let path = dir.path().join("notes/result.toml");
    assert_refused(
        write_replace(&path, b"new"),
        WriteErrorKind::NoSuchDirectory,
        &format!(
            "cannot write {}: a part of the path is a file, not a directory",
            shown(&path)
        ),
        dir.path(),
        &["notes"],
    );
    assert_eq!(fs::read(dir.path().join("notes")).unwrap(), ORIGINAL);
}

#[test]
fn path_is_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("results");
    fs::create_dir(&sub).unwrap();
    fs::write(sub.join("kept.toml"), ORIGINAL).unwrap();

    for result in [write_new(&sub, b"new"), write_replace(&sub, b"new")] {
        assert_refused(
            result,
            WriteErrorKind::IsADirectory,
            &format!("cannot write {}: it is a directory", shown(&sub)),
            dir.path(),
            &["results"],
        );
        assert_eq!(listing(&sub), ["kept.toml"]);
        assert_eq!(fs::read(sub.join("kept.toml")).unwrap(), ORIGINAL);
    }

    // `new/` names a directory even though none exists: no file `new`.
    let slash = PathBuf::from(format!("{}/new/", dir.path().display()));
    assert_refused(
        write_new(&slash, b"new"),
        WriteErrorKind::IsADirectory,
        &format!(
            "cannot write {}: the path names a directory, not a file",
            shown(&slash)
        ),
        dir.path(),
        &["results"],
    );
}

/// `/dev/full` is a device in a directory root can write to: the temporary
/// file would be written there without trouble, and renaming it over the
/// device would silently replace `/dev/full` with a regular file for the
/// whole machine. So a device is refused before anything is written; the
/// real "no space left" is tested on a full file system below.
#[test]
fn dev_full_is_refused_as_a_device_and_left_alone() {
    const TEST: &str = "dev_full_is_refused_as_a_device_and_left_alone";
    let dev_full = Path::new("/dev/full");
    let Ok(before) = fs::symlink_metadata(dev_full) else {
        return skip(TEST, "there is no /dev/full");
    };
    let regular_files_in_dev = || -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir("/dev")
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let files_before = regular_files_in_dev();
    let refused_as_device = |result: Result<(), WriteError>, path: &Path| {
        let error = result.unwrap_err();
        assert_eq!(error.kind(), WriteErrorKind::NotARegularFile);
        assert_eq!(
            error.to_string(),
            format!(
                "cannot write {}: it is a device, not a regular file; choose a file name",
                shown(path)
            )
        );
    };

    // Safe to try on the real device whatever happens: even without the
    // device check, the no-clobber rename could not replace it.
    refused_as_device(write_new(dev_full, b"new"), dev_full);
    if is_root() {
        // A regression in the replacing write would destroy the machine's
        // /dev/full, so as root it is tried on a node of the same device.
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("full");
        let made = Command::new("mknod")
            .arg(&copy)
            .args(["c", "1", "7"])
            .status();
        if made.is_ok_and(|s| s.success()) {
            for result in [write_new(&copy, b"new"), write_replace(&copy, b"new")] {
                refused_as_device(result, &copy);
            }
            let node = fs::symlink_metadata(&copy).unwrap();
            assert!(node.file_type().is_char_device());
            assert_eq!(node.rdev(), before.rdev());
            assert_eq!(listing(dir.path()), ["full"]);
        } else {
            skip(
                TEST,
                "mknod failed: the replacing write was not tried on a device",
            );
        }
    } else {
        // Not root: the worst a regression can do here is fail to write.
        refused_as_device(write_replace(dev_full, b"new"), dev_full);
    }

    let after = fs::symlink_metadata(dev_full).unwrap();
    assert!(after.file_type().is_char_device());
    assert_eq!((after.ino(), after.rdev()), (before.ino(), before.rdev()));
    assert_eq!(regular_files_in_dev(), files_before);
}

#[test]
fn a_named_pipe_is_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        skip("a_named_pipe_is_not_replaced", "mkfifo is not available");
        return;
    }
    assert_refused(
        write_replace(&fifo, b"new"),
        WriteErrorKind::NotARegularFile,
        &format!(
            "cannot write {}: it is a named pipe, not a regular file; choose a file name",
            shown(&fifo)
        ),
        dir.path(),
        &["pipe"],
    );
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
}

#[test]
fn a_hostile_file_name_cannot_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("evil\x1b]0;owned\x07\n.toml");
    fs::write(&path, ORIGINAL).unwrap();
    let message = write_new(&path, b"new").unwrap_err().to_string();
    assert!(
        !message.chars().any(|c| c.is_control()),
        "control character in {message:?}"
    );
    assert!(
        message.contains("evil\u{241b}]0;owned\u{2407}\u{240a}.toml"),
        "{message}"
    );
}

/// Root is not stopped by permissions, so as root the write is made by a
/// subprocess running as `nobody` (uid 65534).
#[test]
fn read_only_directory_is_permission_denied() {
    const TEST: &str = "read_only_directory_is_permission_denied";
    let dir = tempfile::tempdir().unwrap();
    let original = dir.path().join("result.toml");
    let new = dir.path().join("new.toml");
    fs::write(&original, ORIGINAL).unwrap();
    // Others may enter (so `nobody` can reach it) but nobody may write.
    set_mode(dir.path(), 0o555);

    let denied = |path: &Path| {
        format!(
            "PermissionDenied: cannot write {}: permission denied",
            shown(path)
        )
    };
    let outcome = if is_root() {
        as_nobody(TEST, &original, &new)
    } else {
        let describe = |r: Result<(), WriteError>| match r {
            Ok(()) => "ok".to_string(),
            Err(e) => format!("{:?}: {e}", e.kind()),
        };
        Some((
            describe(write_replace(&original, b"new")),
            describe(write_new(&new, b"new")),
        ))
    };
    set_mode(dir.path(), 0o700);

    if let Some((replace, create)) = outcome {
        assert_eq!(replace, denied(&original));
        assert_eq!(create, denied(&new));
    }
    assert_eq!(fs::read(&original).unwrap(), ORIGINAL);
    assert_eq!(listing(dir.path()), ["result.toml"]);
}

fn as_nobody(test: &str, original: &Path, new: &Path) -> Option<(String, String)> {
    let setpriv = [
        "setpriv",
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
        "--",
    ];
    let exe = std::env::current_exe().unwrap();
    let probe = Command::new(setpriv[0])
        .args(&setpriv[1..])
        .args([OsStr::new("test"), OsStr::new("-x"), exe.as_os_str()])
        .output();
    match probe {
        Ok(output) if output.status.success() => {}
        Ok(output) => {
            skip(
                test,
                &format!(
                    "user 65534 cannot run {} under setpriv: {}",
                    exe.display(),
                    String::from_utf8_lossy(&output.stderr).trim()
                ),
            );
            return None;
        }
        Err(e) => {
            skip(test, &format!("cannot run setpriv: {e}"));
            return None;
        }
    }
    let replace = run_helper(&setpriv, "write-replace", original);
    let create = run_helper(&setpriv, "write-new", new);
    Some((replace.join("\n"), create.join("\n")))
}

// ------------------------------------- failures of a real file system (root)

/// A tmpfs mounted on a temporary directory, unmounted when dropped.
struct Mount {
    dir: TempDir,
}

impl Mount {
    fn tmpfs(options: &str) -> Result<Mount, String> {
        if !is_root() {
            return Err("mounting a file system needs root".to_string());
        }
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let output = Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "restless-test"])
            .arg(dir.path())
            .output()
            .map_err(|e| format!("cannot run mount: {e}"))?;
        if !output.status.success() {
            return Err(format!(
                "mount -t tmpfs is not permitted here: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            ));
        }
        Ok(Mount { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn remount_read_only(&self) {
        let status = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(self.path())
            .status()
            .unwrap();
        assert!(status.success());
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let unmounted = Command::new("umount").arg(self.path()).status();
        if !unmounted.is_ok_and(|s| s.success()) {
            let _ = Command::new("umount").arg("-l").arg(self.path()).status();
        }
    }
}

#[test]
fn a_full_file_system_is_no_space_left() {
    let mount = match Mount::tmpfs("size=64k,mode=0700") {
        Ok(mount) => mount,
        Err(reason) => return skip("a_full_file_system_is_no_space_left", &reason),
    };
    let original = mount.path().join("result.toml");
    let new = mount.path().join("new.toml");
    fs::write(&original, ORIGINAL).unwrap();
    let too_big = vec![b'x'; 1024 * 1024];

    for (path, result) in [
        (&original, write_replace(&original, &too_big)),
        (&new, write_new(&new, &too_big)),
    ] {
        assert_refused(
            result,
            WriteErrorKind::NoSpace,
            &format!("cannot write {}: no space left on the device", shown(path)),
            mount.path(),
            &["result.toml"],
        );
    }
    assert_eq!(fs::read(&original).unwrap(), ORIGINAL);
    // The space the failed writes took was given back.
    write_new(&new, b"small").unwrap();
    assert_eq!(fs::read(&new).unwrap(), b"small");
}

#[test]
fn a_read_only_file_system() {
    let mount = match Mount::tmpfs("size=64k,mode=0700") {
        Ok(mount) => mount,
        Err(reason) => return skip("a_read_only_file_system", &reason),
    };
    let original = mount.path().join("result.toml");
    let new = mount.path().join("new.toml");
    fs::write(&original, ORIGINAL).unwrap();
    mount.remount_read_only();

    for (path, result) in [
        (&original, write_replace(&original, b"new")),
        (&new, write_new(&new, b"new")),
    ] {
        assert_refused(
            result,
            WriteErrorKind::ReadOnly,
            &format!("cannot write {}: the file system is read-only", shown(path)),
            mount.path(),
            &["result.toml"],
        );
    }
    assert_eq!(fs::read(&original).unwrap(), ORIGINAL);
}

// ---------------------------------------------------------- configuration

const HOME: &str = "/home/clinic";

fn home() -> Option<&'static Path> {
    Some(Path::new(HOME))
}

/// Loads `text` from a file named `config.toml` and returns the error with
/// the directory taken off the file name.
fn config_error(text: impl AsRef<[u8]>) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    fs::write(&path, text).unwrap();
    let error = load_config(&path, home()).expect_err("the configuration should be refused");
    error.replace(&format!("{}/", dir.path().display()), "")
}

#[test]
fn no_configuration_file_means_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let dirs = Dirs::from_vars(Some(dir.path().as_os_str()), None, None);
    let path = dirs.config_file().unwrap();
    assert_eq!(path, dir.path().join(".config/restless/config.toml"));
    let config = load_config(&path, dirs.home()).unwrap();
    assert_eq!(config, Config::default());
    assert_eq!(
        config,
        Config {
            output_dir: None,
            formats: vec![Format::Toml, Format::Markdown],
            lock_after: Duration::from_secs(180),
            lock: true,
            drafts: true,
            overwrite: false,
            fhir: Default::default(),
            mouse: true,
            draft_expiry: Duration::from_secs(7 * 24 * 60 * 60),
            clinician: None,
            encrypt_to: Vec::new(),
            identity: None,
            audience: Audience::Clinician,
        }
    );
    // Empty is the same as missing.
    assert_eq!(parse_config("", None).unwrap(), Config::default());
}

#[test]
fn every_key() {
    let dir = tempfile::tempdir().unwrap();
    let dirs = Dirs::from_vars(Some(OsStr::new(HOME)), None, Some(dir.path().as_os_str()));
    let path = dirs.config_file().unwrap();
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(
        &path,
        r#"output_dir = "~/screenings"
formats = ["json", "fhir", "text"]
lock_after_minutes = 0.05
lock = false
drafts = false
overwrite = true
audience = "patient"
mouse = false
draft_expiry_days = 30
clinician = "Dr B. Example"

[fhir]
patient_identifier = "mrn"
patient_system = "https://clinic.example/patients"
clinician_system = "urn:oid:1.2.3.4"
"#,
    )
    .unwrap();
    assert_eq!(
        load_config(&path, dirs.home()).unwrap(),
        Config {
            output_dir: Some(PathBuf::from("/home/clinic/screenings")),
            formats: vec![Format::Json, Format::Fhir, Format::Text],
            lock_after: Duration::from_secs(3),
            lock: false,
            drafts: false,
            overwrite: true,
            draft_expiry: Duration::from_secs(30 * 24 * 60 * 60),
            clinician: Some("Dr B. Example".into()),
            encrypt_to: Vec::new(),
            identity: None,
            fhir: restless::screening::config::FhirIdentifiers {
                patient_identifier: "mrn".into(),
                patient_system: Some("https://clinic.example/patients".into()),
                clinician_identifier: "clinician".into(),
                clinician_system: Some("urn:oid:1.2.3.4".into()),
            },
            mouse: false,
            audience: Audience::Patient,
        }
    );
}

#[test]
fn whole_minutes_and_plain_paths() {
    let config = parse_config(
        "lock_after_minutes = 10\noutput_dir = \"/srv/results\"\nformats = [\"markdown\"]\n",
        None,
    )
    .unwrap();
    assert_eq!(config.lock_after, Duration::from_secs(600));
    assert_eq!(config.output_dir, Some(PathBuf::from("/srv/results")));
    assert_eq!(config.formats, [Format::Markdown]);
}

#[test]
fn unknown_key_with_line_column_and_suggestion() {
    assert_eq!(
        config_error("lock = true\nlok_after_minutes = 2\n"),
        "config.toml:2:1: unknown key `lok_after_minutes`; expected one of: output_dir, \
         formats, lock_after_minutes, lock, drafts, overwrite, fhir, mouse, draft_expiry_days, \
         clinician, encrypt_to, identity, audience\n    \
         help: did you mean `lock_after_minutes`?"
    );
}

#[test]
fn unknown_format_with_suggestion() {
    assert_eq!(
        config_error("formats = [\"toml\", \"markdwn\"]\n"),
        "config.toml:1:20: unknown format `markdwn`; expected one of: toml, json, fhir, \
         markdown, text, summary\n    help: did you mean `markdown`?"
    );
    assert_eq!(
        config_error("formats = [\"pdf\"]\n"),
        "config.toml:1:12: unknown format `pdf`; expected one of: toml, json, fhir, markdown, text, summary"
    );
}

#[test]
fn empty_or_repeated_formats() {
    assert_eq!(
        config_error("formats = []\n"),
        "config.toml:1:11: `formats` is empty; a result needs at least one format\n    \
         help: remove the key for the default, [\"toml\", \"markdown\"]"
    );
    assert_eq!(
        config_error("formats = [\"json\", \"json\"]\n"),
        "config.toml:1:20: format `json` is listed twice"
    );
}

#[test]
fn lock_after_must_be_positive() {
    for (value, col_shown) in [("0", "0"), ("-1", "-1"), ("-0.5", "-0.5"), ("nan", "NaN")] {
        assert_eq!(
            config_error(format!("lock = true\nlock_after_minutes = {value}\n")),
            format!(
                "config.toml:2:22: `lock_after_minutes` must be a number greater than 0, \
                 not {col_shown}\n    help: to never lock the screen, write `lock = false`"
            )
        );
    }
    assert!(
        config_error("lock_after_minutes = 100000\n")
            .starts_with("config.toml:1:22: `lock_after_minutes` may be at most 1440"),
    );
}

#[test]
fn every_semantic_problem_is_reported_at_once() {
    let error = config_error("formats = [\"xml\"]\nlock_after_minutes = 0\n");
    let lines: Vec<&str> = error
        .lines()
        .filter(|l| !l.starts_with("    help:"))
        .collect();
    assert_eq!(lines.len(), 2, "{error}");
    assert!(lines[0].starts_with("config.toml:1:12: unknown format `xml`"));
    assert!(lines[1].starts_with("config.toml:2:22: `lock_after_minutes` must be"));
}

#[test]
fn wrong_type_is_located() {
    let error = config_error("drafts = true\nlock = \"yes\"\n");
    assert!(error.starts_with("config.toml:2:8: "), "{error}");
    assert!(error.contains("bool"), "{error}");
}

#[test]
fn toml_syntax_error_is_located() {
    let error = config_error("lock = true\nformats = [\"toml\"\n");
    assert!(error.starts_with("config.toml:2:"), "{error}");
}

#[test]
fn home_cannot_be_expanded_without_one() {
    let error = parse_config("output_dir = \"~/r\"\n", None).unwrap_err();
    assert_eq!(error.len(), 1);
    assert_eq!(
        error[0]
            .located("config.toml", "output_dir = \"~/r\"\n")
            .to_string(),
        "config.toml:1:14: `~` cannot be expanded: HOME is not set to an absolute path\n    \
         help: write the full path"
    );
}

#[test]
fn a_huge_configuration_is_refused_before_parsing() {
    // Comments only: valid TOML, so only the size can be the problem.
    let line = "# padding to make the file large\n";
    let mut text = line.repeat(MAX_CONFIG_BYTES / line.len() + 1);
    assert_eq!(
        config_error(&text),
        format!(
            "config.toml: the file is larger than {MAX_CONFIG_BYTES} bytes, the limit for a \
             configuration file"
        )
    );
    let error = parse_config(&text, None).unwrap_err();
    assert_eq!(
        error[0].message,
        format!(
            "the file is {} bytes; a configuration file may be at most {MAX_CONFIG_BYTES} bytes",
            text.len()
        )
    );
    // Right at the limit is fine.
    text.truncate(MAX_CONFIG_BYTES - 1);
    text.push('\n');
    assert_eq!(parse_config(&text, None).unwrap(), Config::default());
}

#[test]
fn unreadable_configurations() {
    assert_eq!(
        config_error(b"lock = true\ndrafts = \xff\n"),
        "config.toml:2:10: the file is not UTF-8 text (invalid byte here)"
    );
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        load_config(dir.path(), None).unwrap_err(),
        format!("{}: is a directory, not a file", dir.path().display())
    );
}

// ------------------------------------------------------------------ drafts

fn draft_store() -> (TempDir, DraftStore) {
    let dir = tempfile::tempdir().unwrap();
    let dirs = Dirs::from_vars(Some(dir.path().as_os_str()), None, None);
    let store = DraftStore::from_dirs(&dirs).unwrap();
    assert_eq!(store.dir(), dir.path().join(".local/share/restless/drafts"));
    (dir, store)
}

#[test]
fn draft_round_trip() {
    let (_dir, store) = draft_store();
    assert_eq!(store.list().unwrap(), []);

    let id = store.new_session();
    store.save(&id, b"[answers]\nurge = \"yes\"\n").unwrap();
    assert_eq!(store.load(&id).unwrap(), "[answers]\nurge = \"yes\"\n");
    let list = store.list().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].id, id);
    assert_eq!(list[0].path, store.dir().join(format!("draft-{id}.toml")));

    // Saving again replaces the draft, still one file.
    store.save(&id, b"[answers]\nurge = \"no\"\n").unwrap();
    assert_eq!(store.load(&id).unwrap(), "[answers]\nurge = \"no\"\n");
    assert_eq!(listing(store.dir()), [format!("draft-{id}.toml")]);

    store.delete(&id).unwrap();
    assert_eq!(store.list().unwrap(), []);
    assert_eq!(listing(store.dir()), Vec::<String>::new());
    // Deleting twice is fine; loading what is gone is not.
    store.delete(&id).unwrap();
    let path = store.path(&id);
    assert_eq!(
        store.load(&id).unwrap_err(),
        format!("{}: cannot read: no such file or directory", path.display())
    );
}

#[test]
fn two_screenings_never_share_a_draft() {
    let (_dir, store) = draft_store();
    let first = store.new_session();
    let second = store.new_session();
    assert_ne!(first, second);
    store.save(&first, b"patient = 1").unwrap();
    store.save(&second, b"patient = 2").unwrap();
    assert_eq!(store.load(&first).unwrap(), "patient = 1");
    assert_eq!(store.load(&second).unwrap(), "patient = 2");
    let mut expected = vec![first.file_name(), second.file_name()];
    expected.sort();
    assert_eq!(listing(store.dir()), expected);
}

#[test]
fn drafts_are_listed_newest_first() {
    let (_dir, store) = draft_store();
    let a = store.new_session();
    let b = store.new_session();
    store.save(&a, b"a").unwrap();
    store.save(&b, b"b").unwrap();
    let touch = |id: &DraftId, secs: u64| {
        File::options()
            .write(true)
            .open(store.path(id))
            .unwrap()
            .set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(secs))
            .unwrap();
    };
    let order = || -> Vec<DraftId> { store.list().unwrap().into_iter().map(|d| d.id).collect() };

    touch(&a, 2_000_000_000);
    touch(&b, 1_000_000_000);
    assert_eq!(order(), [a.clone(), b.clone()]);
    touch(&b, 2_000_000_001);
    assert_eq!(order(), [b.clone(), a.clone()]);
    assert_eq!(
        store.list().unwrap()[0].modified,
        SystemTime::UNIX_EPOCH + Duration::from_secs(2_000_000_001)
    );
}

#[test]
fn draft_modes_are_private() {
    let (dir, store) = draft_store();
    let id = store.new_session();
    store.save(&id, b"x").unwrap();
    assert_eq!(mode(&store.path(&id)), "600");
    for sub in [".local", ".local/share", ".local/share/restless"] {
        assert_eq!(mode(&dir.path().join(sub)), "700", "{sub}");
    }
    assert_eq!(mode(store.dir()), "700");

    // A drafts directory someone opened up is closed again on the next save.
    set_mode(store.dir(), 0o755);
    store.save(&id, b"y").unwrap();
    assert_eq!(mode(store.dir()), "700");
}

#[test]
fn a_missing_drafts_directory_is_an_empty_list_and_stays_missing() {
    let dir = tempfile::tempdir().unwrap();
    let store = DraftStore::new(dir.path().join("drafts"));
    assert_eq!(store.list().unwrap(), []);
    assert!(!store.dir().exists());
}

#[test]
fn other_files_are_not_drafts() {
    let (_dir, store) = draft_store();
    let id = store.new_session();
    store.save(&id, b"x").unwrap();
    let d = store.dir();
    fs::write(d.join("notes.txt"), "").unwrap();
    fs::write(d.join(".restless-abc123.tmp"), "").unwrap();
    fs::write(d.join("draft-bad name.toml"), "").unwrap();
    fs::write(d.join("draft-x.toml.bak"), "").unwrap();
    fs::create_dir(d.join("draft-dir.toml")).unwrap();
    std::os::unix::fs::symlink(d.join(id.file_name()), d.join("draft-link.toml")).unwrap();

    let ids: Vec<DraftId> = store.list().unwrap().into_iter().map(|d| d.id).collect();
    assert_eq!(ids, [id]);
    // A link is not loaded either, even through an id that names it.
    let link = DraftId::parse("link").unwrap();
    assert!(
        store
            .load(&link)
            .unwrap_err()
            .ends_with("is a symbolic link, not a regular file")
    );
}

#[test]
fn oversized_or_binary_drafts_are_refused() {
    let (_dir, store) = draft_store();
    let big = store.new_session();
    // Never written by the program (refused, since it could not be read
    // back), but a file can be put there.
    let error = store
        .save(&big, &vec![b'x'; MAX_DRAFT_BYTES + 1])
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "cannot write {}: the draft would be {} bytes, more than the {MAX_DRAFT_BYTES} bytes \
             a draft may have",
            store.path(&big).display(),
            MAX_DRAFT_BYTES + 1
        )
    );
    fs::create_dir_all(store.dir()).unwrap();
    fs::write(store.path(&big), vec![b'x'; MAX_DRAFT_BYTES + 1]).unwrap();
    assert_eq!(
        store.load(&big).unwrap_err(),
        format!(
            "{}: the draft is larger than {MAX_DRAFT_BYTES} bytes, the limit for a draft",
            store.path(&big).display()
        )
    );
    let binary = store.new_session();
    store.save(&binary, b"urge = \xff").unwrap();
    assert_eq!(
        store.load(&binary).unwrap_err(),
        format!(
            "{}:1:8: the draft is not UTF-8 text (invalid byte here)",
            store.path(&binary).display()
        )
    );
    let full = store.new_session();
    store.save(&full, &vec![b'x'; MAX_DRAFT_BYTES]).unwrap();
    assert_eq!(store.load(&full).unwrap().len(), MAX_DRAFT_BYTES);
}

#[test]
fn drafts_cannot_be_saved_where_a_file_blocks_the_directory() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("data"), ORIGINAL).unwrap();
    let store = DraftStore::new(dir.path().join("data/restless/drafts"));
    let error = store.save(&store.new_session(), b"x").unwrap_err();
    assert_eq!(error.kind(), WriteErrorKind::NoSuchDirectory);
    assert_eq!(
        error.to_string(),
        format!(
            "cannot create the directory {}: a part of the path is a file, not a directory",
            store.dir().display()
        )
    );
    assert_eq!(fs::read(dir.path().join("data")).unwrap(), ORIGINAL);
    assert_eq!(listing(dir.path()), ["data"]);
}

#[test]
fn create_private_dir_refuses_a_file_in_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("drafts");
    fs::write(&path, ORIGINAL).unwrap();
    let error = create_private_dir(&path).unwrap_err();
    assert_eq!(error.kind(), WriteErrorKind::NoSuchDirectory);
    assert_eq!(
        error.to_string(),
        format!(
            "cannot create the directory {}: something that is not a directory is in its place",
            path.display()
        )
    );
    assert_eq!(fs::read(&path).unwrap(), ORIGINAL);
}

// ------------------------------------------- several files, all or none

#[test]
fn write_all_puts_every_file_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let files = vec![
        (dir.path().join("r.toml"), b"toml".to_vec()),
        (dir.path().join("r.md"), b"markdown".to_vec()),
    ];
    restless::store::write_all(&files, false).unwrap();
    assert_eq!(listing(dir.path()), ["r.md", "r.toml"]);
    assert_eq!(mode(&dir.path().join("r.md")), "600");
}

#[test]
fn write_all_writes_nothing_when_one_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("r.md")).unwrap();
    let files = vec![
        (dir.path().join("r.toml"), b"toml".to_vec()),
        (dir.path().join("r.md"), b"markdown".to_vec()),
    ];
    let err = restless::store::write_all(&files, true).unwrap_err();
    assert_eq!(err.kind(), WriteErrorKind::IsADirectory);
    assert_eq!(
        listing(dir.path()),
        ["r.md"],
        "no r.toml, no temporary file"
    );
}

#[test]
fn write_all_on_a_full_file_system_leaves_nothing() {
    let mount = match Mount::tmpfs("size=64k,mode=0700") {
        Ok(mount) => mount,
        Err(reason) => return skip("write_all_on_a_full_file_system_leaves_nothing", &reason),
    };
    // The first fits, the second does not: neither may stay.
    let files = vec![
        (mount.path().join("r.toml"), vec![b'x'; 8 * 1024]),
        (mount.path().join("r.md"), vec![b'x'; 1024 * 1024]),
    ];
    let err = restless::store::write_all(&files, false).unwrap_err();
    assert_eq!(err.kind(), WriteErrorKind::NoSpace);
    assert!(
        listing(mount.path()).is_empty(),
        "{:?}",
        listing(mount.path())
    );
}

#[test]
fn stale_temporary_files_are_removed_and_fresh_ones_kept() {
    let dir = tempfile::tempdir().unwrap();
    let store = restless::store::DraftStore::new(dir.path());
    let stale = dir.path().join(".restless-abc.tmp");
    let fresh = dir.path().join(".restless-def.tmp");
    fs::write(&stale, "half a draft").unwrap();
    fs::write(&fresh, "a draft being written").unwrap();
    let old = SystemTime::now() - Duration::from_secs(3600);
    File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(old)
        .unwrap();
    store.remove_stale_temporaries(Duration::from_secs(60));
    assert_eq!(listing(dir.path()), [".restless-def.tmp"]);
}

/// A results folder of thousands of results is read in several passes;
/// the abandoned files are found in every one, and nothing else is touched.
#[test]
fn abandoned_temporary_files_are_found_among_thousands_of_results() {
    let dir = tempfile::tempdir().unwrap();
    for n in 0..3000 {
        fs::write(dir.path().join(format!("rls-screening_P{n:05}.toml")), "").unwrap();
    }
    let old = SystemTime::now() - Duration::from_secs(3600);
    for n in 0..5 {
        let abandoned = dir.path().join(format!(".restless-{n}.tmp"));
        fs::write(&abandoned, "half a result").unwrap();
        File::options()
            .write(true)
            .open(&abandoned)
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    // A link is not a file of ours, whatever its name and age.
    let link = dir.path().join(".restless-link.tmp");
    std::os::unix::fs::symlink(dir.path().join("rls-screening_P00000.toml"), &link).unwrap();
    let an_hour_ago = rustix::fs::Timespec {
        tv_sec: old
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64,
        tv_nsec: 0,
    };
    rustix::fs::utimensat(
        rustix::fs::CWD,
        &link,
        &rustix::fs::Timestamps {
            last_access: an_hour_ago,
            last_modification: an_hour_ago,
        },
        rustix::fs::AtFlags::SYMLINK_NOFOLLOW,
    )
    .unwrap();
    assert!(
        fs::symlink_metadata(&link).unwrap().modified().unwrap() < old + Duration::from_secs(1)
    );
    restless::store::remove_stale_temporaries(dir.path(), Duration::from_secs(60));
    let left = listing(dir.path());
    assert_eq!(left.len(), 3001, "{:?}", &left[..5]);
    assert!(
        left.iter()
            .all(|name| !name.starts_with(".restless-") || name == ".restless-link.tmp")
    );
}

/// A drafts folder that is a symbolic link is refused, and its target
/// (here a shared 1777 folder) keeps its mode and receives nothing.
#[test]
fn a_symlinked_drafts_folder_is_refused_and_its_target_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("shared");
    fs::create_dir(&shared).unwrap();
    fs::set_permissions(&shared, Permissions::from_mode(0o1777)).unwrap();
    let drafts = dir.path().join("drafts");
    std::os::unix::fs::symlink(&shared, &drafts).unwrap();

    let error = create_private_dir(&drafts).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "cannot create the directory {}: it is a symbolic link; a private folder must be a \
             real folder",
            drafts.display()
        )
    );
    assert_eq!(mode(&shared), "1777");
    assert_eq!(listing(&shared), Vec::<String>::new());
}

/// A drafts folder owned by someone else is not private whatever its mode.
/// Giving a folder away needs root; elsewhere this check cannot be set up.
#[test]
fn a_drafts_folder_owned_by_another_user_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let drafts = dir.path().join("drafts");
    fs::create_dir(&drafts).unwrap();
    fs::set_permissions(&drafts, Permissions::from_mode(0o777)).unwrap();
    if std::os::unix::fs::chown(&drafts, Some(65534), Some(65534)).is_err() {
        crate::support::skip(
            "a_drafts_folder_owned_by_another_user_is_refused",
            "only root can give a folder to another user",
        );
        return;
    }
    let error = create_private_dir(&drafts).unwrap_err();
    assert_eq!(error.kind(), WriteErrorKind::PermissionDenied);
    assert!(
        error
            .to_string()
            .ends_with("it belongs to another user, so it is not private"),
        "{error}"
    );
    assert_eq!(mode(&drafts), "777", "not changed");
}

/// A link to a device, a pipe or a folder is never replaced by a result,
/// even when replacing was asked for; the link stays as it was.
#[test]
fn a_link_to_something_not_a_regular_file_is_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo");
    rustix::fs::mkfifoat(rustix::fs::CWD, &fifo, rustix::fs::Mode::RWXU).unwrap();
    for (target, what) in [
        (Path::new("/dev/null"), "a device"),
        (fifo.as_path(), "a named pipe"),
        (dir.path(), "a directory"),
    ] {
        let link = dir.path().join("out.txt");
        let _ = fs::remove_file(&link);
        std::os::unix::fs::symlink(target, &link).unwrap();
        for result in [write_replace(&link, b"new"), write_new(&link, b"new")] {
            let error = result.unwrap_err();
            assert_eq!(error.kind(), WriteErrorKind::NotARegularFile);
            assert_eq!(
                error.to_string(),
                format!(
                    "cannot write {}: it is a symbolic link to {what}, not to a regular file; \
                     choose a file name",
                    shown(&link)
                )
            );
        }
        assert_eq!(fs::read_link(&link).unwrap(), target);
    }
}

/// A link planted where a draft's lock file goes is not followed: no file
/// is created at its target, and the draft is not claimed.
#[test]
fn a_link_in_place_of_a_lock_file_is_not_followed() {
    let (dir, store) = draft_store();
    let id = store.new_session();
    store.save(&id, b"answers").unwrap();
    let elsewhere = dir.path().join("elsewhere");
    let lock = store.dir().join(format!(".{}.lock", id.file_name()));
    std::os::unix::fs::symlink(&elsewhere, &lock).unwrap();
    let error = store.claim(&id).unwrap_err();
    assert!(error.contains("cannot lock the draft"), "{error}");
    assert!(!elsewhere.exists());
}

/// A named pipe planted where a draft's lock file goes makes claiming fail
/// at once; opening it blocked for ever, and the program with it.
#[test]
fn a_pipe_in_place_of_a_lock_file_does_not_hang() {
    let (_dir, store) = draft_store();
    let id = store.new_session();
    store.save(&id, b"answers").unwrap();
    let lock = store.dir().join(format!(".{}.lock", id.file_name()));
    rustix::fs::mkfifoat(rustix::fs::CWD, &lock, rustix::fs::Mode::RWXU).unwrap();
    let started = std::time::Instant::now();
    let error = store.claim(&id).unwrap_err();
    assert!(
        error.ends_with("the lock file is not a regular file"),
        "{error}"
    );
    assert!(started.elapsed() < Duration::from_secs(2));
}

/// Sweeping abandoned temporary files removes only this user's: in a
/// shared results folder another user's may be theirs to finish. Giving a
/// file away needs root; elsewhere this check cannot be set up.
#[test]
fn only_our_own_abandoned_temporary_files_are_swept() {
    let dir = tempfile::tempdir().unwrap();
    let ours = dir.path().join(".restless-ours.tmp");
    let theirs = dir.path().join(".restless-theirs.tmp");
    for path in [&ours, &theirs] {
        fs::write(path, "x").unwrap();
        File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(SystemTime::now() - Duration::from_secs(600))
            .unwrap();
    }
    if std::os::unix::fs::chown(&theirs, Some(65534), Some(65534)).is_err() {
        crate::support::skip(
            "only_our_own_abandoned_temporary_files_are_swept",
            "only root can give a file to another user",
        );
        return;
    }
    restless::store::remove_stale_temporaries(dir.path(), Duration::from_secs(60));
    assert!(!ours.exists());
    assert!(theirs.exists());
}
