//! Where supple keeps its files, following the XDG base directory rules.

use std::env;
use std::path::PathBuf;

/// `$NAME` if it is set to an absolute path, else `$HOME/<fallback>`.
fn xdg(name: &str, fallback: &str) -> Option<PathBuf> {
    if let Some(dir) = env::var_os(name)
        .map(PathBuf::from)
        .filter(|d| d.is_absolute())
    {
        return Some(dir);
    }
    env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(|h| PathBuf::from(h).join(fallback))
}

/// `$XDG_CONFIG_HOME/supple` (default `~/.config/supple`).
pub fn config_dir() -> Option<PathBuf> {
    xdg("XDG_CONFIG_HOME", ".config").map(|d| d.join("supple"))
}

/// `$XDG_DATA_HOME/supple` (default `~/.local/share/supple`).
pub fn data_dir() -> Option<PathBuf> {
    xdg("XDG_DATA_HOME", ".local/share").map(|d| d.join("supple"))
}

/// `$XDG_STATE_HOME/supple` (default `~/.local/state/supple`).
pub fn state_dir() -> Option<PathBuf> {
    xdg("XDG_STATE_HOME", ".local/state").map(|d| d.join("supple"))
}

/// The user's stretch files.
pub fn user_stretches() -> Option<PathBuf> {
    config_dir().map(|d| d.join("stretches"))
}

/// The user's routine files.
pub fn user_routines() -> Option<PathBuf> {
    config_dir().map(|d| d.join("routines"))
}

/// `config.yaml`.
pub fn config_file() -> Option<PathBuf> {
    config_dir().map(|d| d.join("config.yaml"))
}

/// `history.jsonl`.
pub fn history_file() -> Option<PathBuf> {
    data_dir().map(|d| d.join("history.jsonl"))
}
