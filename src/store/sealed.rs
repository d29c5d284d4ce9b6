//! Files sealed for the clinic: written in the age format to the clinic's
//! public keys (`encrypt_to`), so that the workstation holds no readable
//! patient data, and read back with a private key (`--identity`). Only
//! ciphertext is ever written: sealing happens in memory, before the
//! atomic write.

use std::io::{Read, Write};
use std::path::Path;
use std::str::FromStr;

use zeroize::Zeroizing;

use super::read::read_text;
use crate::text::sanitize_line;

/// Appended to the name of every sealed file.
pub const SEALED_SUFFIX: &str = ".age";
/// How every age file starts.
const AGE_MAGIC: &[u8] = b"age-encryption.org/v1\n";
/// An identity file holds a key or a few; anything larger is not one.
const MAX_IDENTITY_BYTES: usize = 64 * 1024;

/// Whether `bytes` are an age file.
pub fn is_sealed(bytes: &[u8]) -> bool {
    bytes.starts_with(AGE_MAGIC)
}

/// Whether `text` is an age recipient this program can seal to (an X25519
/// public key, `age1…`); else why not.
pub fn check_recipient(text: &str) -> Result<(), String> {
    if let Some(kind) = ssh_key_kind(text) {
        return Err(format!(
            "`{kind}` is an SSH key: only age public keys (`age1…`) are supported"
        ));
    }
    age::x25519::Recipient::from_str(text.trim())
        .map(|_| ())
        .map_err(|e| format!("`{}` is not an age public key: {e}", sanitize_line(text)))
}

/// The type of an SSH public key (`ssh-ed25519`, `ssh-rsa`, …), which age
/// itself accepts but this program does not: RSA support would bring in
/// the `rsa` crate and a score of others.
fn ssh_key_kind(text: &str) -> Option<String> {
    let kind = text.split_whitespace().next()?;
    let ssh = ["ssh-", "ecdsa-sha2-", "sk-ssh-", "sk-ecdsa-"]
        .iter()
        .any(|prefix| kind.starts_with(prefix));
    ssh.then(|| sanitize_line(kind).into_owned())
}

/// `bytes` sealed to every recipient in `to` (each checked by
/// [`check_recipient`]).
pub fn seal(to: &[String], bytes: &[u8]) -> Result<Vec<u8>, String> {
    let recipients: Vec<age::x25519::Recipient> = to
        .iter()
        .map(|text| age::x25519::Recipient::from_str(text.trim()))
        .collect::<Result<_, _>>()
        .map_err(|e| format!("an age public key is not valid: {e}"))?;
    let encryptor =
        age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
            .map_err(|e| format!("cannot encrypt: {e}"))?;
    let mut sealed = Vec::with_capacity(bytes.len() + 256);
    let mut writer = encryptor
        .wrap_output(&mut sealed)
        .map_err(|e| format!("cannot encrypt: {e}"))?;
    writer
        .write_all(bytes)
        .and_then(|()| writer.finish().map(|_| ()))
        .map_err(|e| format!("cannot encrypt: {e}"))?;
    Ok(sealed)
}

/// A sealed file's text, opened with `keys`: at most `max` bytes of
/// plaintext, which must be UTF-8.
pub fn read_sealed_text(path: &Path, max: usize, keys: &Keys) -> Result<Zeroizing<String>, String> {
    let shown = sanitize_line(&path.display().to_string()).into_owned();
    // The age format adds a header and 16 bytes per 64 KiB chunk. Read
    // like any other input: a device or a named pipe is refused, and the
    // limit is kept while reading.
    let limit = max.saturating_add(max / 1024).saturating_add(4096);
    let bounds = super::read::Bounds {
        what: "the encrypted file",
        limit,
        limit_of: "an encrypted file",
        follow_links: true,
    };
    let sealed = super::read::read_bounded_bytes(path, &bounds)?;
    let plain = keys.open(&sealed).map_err(|e| format!("{shown}: {e}"))?;
    if plain.len() > max {
        return Err(format!(
            "{shown}: the file is larger than {max} bytes, the limit"
        ));
    }
    std::str::from_utf8(&plain)
        .map(|text| Zeroizing::new(text.to_string()))
        .map_err(|_| format!("{shown}: the decrypted file is not UTF-8 text"))
}

/// Whether `path` names a file sealed for the clinic (`….age`).
pub fn is_sealed_name(path: &Path) -> bool {
    path.to_string_lossy().ends_with(SEALED_SUFFIX)
}

/// The text of an answers file or saved result at `path`, at most `max`
/// bytes (`what` it is, for messages): one sealed for the clinic (named
/// `….age`) is opened with `keys`, and without them the message says how
/// to give them.
pub fn read_result_text(
    path: &Path,
    max: usize,
    what: &str,
    keys: Option<&Keys>,
) -> Result<String, String> {
    if !is_sealed_name(path) {
        return read_text(path, max, what);
    }
    match keys {
        Some(keys) => read_sealed_text(path, max, keys).map(|text| text.to_string()),
        None => Err(format!(
            "{}: encrypted (.age) files need the private key: give it with --identity FILE, or `identity = \"FILE\"` in the configuration",
            sanitize_line(&path.display().to_string())
        )),
    }
}

/// The private keys that open sealed files.
pub struct Keys {
    identities: Vec<age::x25519::Identity>,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Keys({} identities)", self.identities.len())
    }
}

impl Keys {
    /// Reads an age identity file (as `age-keygen` writes it: comments and
    /// `AGE-SECRET-KEY-1…` lines).
    pub fn load(path: &Path) -> Result<Keys, String> {
        let text = Zeroizing::new(read_text(path, MAX_IDENTITY_BYTES, "an identity file")?);
        let shown = sanitize_line(&path.display().to_string()).into_owned();
        let mut identities = Vec::new();
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let identity = age::x25519::Identity::from_str(line).map_err(|_| {
                if line.contains("OPENSSH PRIVATE KEY") || line.contains("RSA PRIVATE KEY") {
                    format!(
                        "{shown}: this is an SSH key: only age identities (`AGE-SECRET-KEY-1…`, as age-keygen writes them) are supported"
                    )
                } else {
                    format!("{shown}: this is not an age identity file")
                }
            })?;
            identities.push(identity);
        }
        if identities.is_empty() {
            return Err(format!("{shown}: there is no key in this identity file"));
        }
        Ok(Keys { identities })
    }

    /// The plaintext of a sealed file.
    pub fn open(&self, sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, String> {
        let decryptor = age::Decryptor::new(sealed).map_err(|e| format!("cannot decrypt: {e}"))?;
        let mut reader = decryptor
            .decrypt(self.identities.iter().map(|i| i as &dyn age::Identity))
            .map_err(|e| format!("cannot decrypt: {e}"))?;
        let mut plain = Zeroizing::new(Vec::new());
        reader
            .read_to_end(&mut plain)
            .map_err(|e| format!("cannot decrypt: {e}"))?;
        Ok(plain)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use age::secrecy::ExposeSecret;

    #[test]
    fn sealed_bytes_open_with_the_key_and_only_with_it() {
        let key = age::x25519::Identity::generate();
        let public = key.to_public().to_string();
        check_recipient(&public).unwrap();
        assert!(check_recipient("age1nope").is_err());
        let sealed = seal(&[public], b"patient = \"A-1\"\n").unwrap();
        assert!(is_sealed(&sealed));
        assert!(!sealed.windows(3).any(|w| w == b"A-1"));
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("key.txt");
        std::fs::write(
            &file,
            format!("# a key\n{}\n", key.to_string().expose_secret()),
        )
        .unwrap();
        let keys = Keys::load(&file).unwrap();
        assert_eq!(&keys.open(&sealed).unwrap()[..], b"patient = \"A-1\"\n");
        let other = dir.path().join("other.txt");
        let stranger = age::x25519::Identity::generate();
        std::fs::write(&other, stranger.to_string().expose_secret()).unwrap();
        assert!(Keys::load(&other).unwrap().open(&sealed).is_err());
    }

    #[test]
    fn ssh_keys_are_refused_with_what_is_supported() {
        for key in [
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAII0Izn79G+UNe/nKoAfznOfrWR9fo98K0LFPOVLlLQCu a@b",
            "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7",
        ] {
            let message = check_recipient(key).unwrap_err();
            assert!(
                message.contains("is an SSH key: only age public keys (`age1…`) are supported"),
                "{message}"
            );
        }
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("id_ed25519");
        std::fs::write(
            &file,
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n",
        )
        .unwrap();
        let message = Keys::load(&file).unwrap_err();
        assert!(message.contains("this is an SSH key"), "{message}");
    }
}
