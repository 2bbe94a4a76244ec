//! Where supple keeps its files, following the XDG base directory rules. The environment
//! is read once, at start ([`Paths::from_env`]); everything else is handed the result.

use std::env;
use std::ffi::OsString;
use std::path::PathBuf;

/// supple's folders; `None` where neither the XDG variable nor `HOME` says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Paths {
    /// `$XDG_CONFIG_HOME/supple` (default `~/.config/supple`).
    pub config_dir: Option<PathBuf>,
    /// `$XDG_DATA_HOME/supple` (default `~/.local/share/supple`).
    pub data_dir: Option<PathBuf>,
    /// `$XDG_STATE_HOME/supple` (default `~/.local/state/supple`).
    pub state_dir: Option<PathBuf>,
}

/// `$NAME` if it is set to an absolute path, else `$HOME/<fallback>`.
fn xdg(var: Option<OsString>, home: Option<&OsString>, fallback: &str) -> Option<PathBuf> {
    if let Some(dir) = var.map(PathBuf::from).filter(|d| d.is_absolute()) {
        return Some(dir);
    }
    home.filter(|h| !h.is_empty())
        .map(|h| PathBuf::from(h).join(fallback))
}

impl Paths {
    /// The folders as the environment gives them.
    pub fn from_env() -> Self {
        let home = env::var_os("HOME");
        let at = |name: &str, fallback: &str| {
            xdg(env::var_os(name), home.as_ref(), fallback).map(|d| d.join("supple"))
        };
        Paths {
            config_dir: at("XDG_CONFIG_HOME", ".config"),
            data_dir: at("XDG_DATA_HOME", ".local/share"),
            state_dir: at("XDG_STATE_HOME", ".local/state"),
        }
    }

    /// The user's stretch files.
    pub fn user_stretches(&self) -> Option<PathBuf> {
        self.config_dir.as_ref().map(|d| d.join("stretches"))
    }

    /// The user's routine files.
    pub fn user_routines(&self) -> Option<PathBuf> {
        self.config_dir.as_ref().map(|d| d.join("routines"))
    }

    /// `config.yaml`.
    pub fn config_file(&self) -> Option<PathBuf> {
        self.config_dir.as_ref().map(|d| d.join("config.yaml"))
    }

    /// `history.jsonl`.
    pub fn history_file(&self) -> Option<PathBuf> {
        self.data_dir.as_ref().map(|d| d.join("history.jsonl"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_absolute_xdg_folder_wins_and_a_relative_one_falls_back_to_home() {
        let home = OsString::from("/home/ana");
        assert_eq!(
            xdg(Some("/xdg".into()), Some(&home), ".config"),
            Some(PathBuf::from("/xdg"))
        );
        assert_eq!(
            xdg(Some("rel".into()), Some(&home), ".config"),
            Some(PathBuf::from("/home/ana/.config"))
        );
        assert_eq!(xdg(None, Some(&OsString::new()), ".config"), None);
        assert_eq!(xdg(None, None, ".config"), None);
    }
}
