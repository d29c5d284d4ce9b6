//! Where the program keeps its files, following the XDG base directory
//! specification: drafts under `$XDG_DATA_HOME/restless/drafts`, the
//! configuration in `$XDG_CONFIG_HOME/restless/config.toml`.
//!
//! The environment is passed in rather than read here so that tests, which
//! run in parallel threads of one process, never have to change it.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

const APP: &str = "restless";

/// The base directories, resolved from `HOME`, `XDG_DATA_HOME` and
/// `XDG_CONFIG_HOME`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dirs {
    home: Option<PathBuf>,
    data_home: Option<PathBuf>,
    config_home: Option<PathBuf>,
}

impl Dirs {
    pub fn from_env() -> Self {
        Dirs::from_vars(
            std::env::var_os("HOME").as_deref(),
            std::env::var_os("XDG_DATA_HOME").as_deref(),
            std::env::var_os("XDG_CONFIG_HOME").as_deref(),
        )
    }

    /// Resolves the directories from the values of `HOME`, `XDG_DATA_HOME`
    /// and `XDG_CONFIG_HOME` (`None` when unset).
    ///
    /// The specification says relative XDG paths are invalid and must be
    /// ignored; a relative `HOME` is ignored too, since it would put patient
    /// drafts wherever the program happens to be started.
    pub fn from_vars(
        home: Option<&OsStr>,
        xdg_data_home: Option<&OsStr>,
        xdg_config_home: Option<&OsStr>,
    ) -> Self {
        let home = absolute(home);
        let base = |var: Option<&OsStr>, fallback: &[&str]| {
            absolute(var).or_else(|| {
                home.as_ref()
                    .map(|home| fallback.iter().fold(home.clone(), |p, part| p.join(part)))
            })
        };
        Dirs {
            data_home: base(xdg_data_home, &[".local", "share"]),
            config_home: base(xdg_config_home, &[".config"]),
            home,
        }
    }

    /// The home directory, for expanding `~/` in the configuration.
    pub fn home(&self) -> Option<&Path> {
        self.home.as_deref()
    }

    /// `$XDG_DATA_HOME`, or `$HOME/.local/share`.
    pub fn data_home(&self) -> Option<&Path> {
        self.data_home.as_deref()
    }

    /// `$XDG_CONFIG_HOME`, or `$HOME/.config`.
    pub fn config_home(&self) -> Option<&Path> {
        self.config_home.as_deref()
    }

    /// `<data>/restless/drafts`; `None` when neither `XDG_DATA_HOME` nor
    /// `HOME` is an absolute path.
    pub fn drafts_dir(&self) -> Option<PathBuf> {
        self.data_home.as_ref().map(|d| d.join(APP).join("drafts"))
    }

    /// `<config>/restless/config.toml`; `None` when neither
    /// `XDG_CONFIG_HOME` nor `HOME` is an absolute path.
    pub fn config_file(&self) -> Option<PathBuf> {
        self.config_home
            .as_ref()
            .map(|d| d.join(APP).join("config.toml"))
    }
}

fn absolute(value: Option<&OsStr>) -> Option<PathBuf> {
    value
        .map(Path::new)
        .filter(|path| path.is_absolute())
        .map(Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(s: &str) -> Option<&OsStr> {
        Some(OsStr::new(s))
    }

    #[test]
    fn xdg_variables_win_over_home() {
        let dirs = Dirs::from_vars(os("/home/a"), os("/data"), os("/conf"));
        assert_eq!(
            dirs.drafts_dir().unwrap(),
            Path::new("/data/restless/drafts")
        );
        assert_eq!(
            dirs.config_file().unwrap(),
            Path::new("/conf/restless/config.toml")
        );
        assert_eq!(dirs.home(), Some(Path::new("/home/a")));
    }

    #[test]
    fn home_is_the_fallback_and_relative_values_are_ignored() {
        for (data, config) in [(None, None), (os(""), os("")), (os("rel"), os("rel"))] {
            let dirs = Dirs::from_vars(os("/home/a"), data, config);
            assert_eq!(
                dirs.drafts_dir().unwrap(),
                Path::new("/home/a/.local/share/restless/drafts")
            );
            assert_eq!(
                dirs.config_file().unwrap(),
                Path::new("/home/a/.config/restless/config.toml")
            );
        }
    }

    #[test]
    fn nothing_without_an_absolute_home() {
        for home in [None, os(""), os("home")] {
            let dirs = Dirs::from_vars(home, None, None);
            assert_eq!(dirs.drafts_dir(), None);
            assert_eq!(dirs.config_file(), None);
            assert_eq!(dirs.home(), None);
        }
        let dirs = Dirs::from_vars(None, os("/data"), None);
        assert_eq!(
            dirs.drafts_dir().unwrap(),
            Path::new("/data/restless/drafts")
        );
        assert_eq!(dirs.config_file(), None);
    }
}
