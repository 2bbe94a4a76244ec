//! Whether the safety guidance was seen: a small marker file under
//! `$XDG_STATE_HOME/supple/` holding the guidance's [`VERSION`](super::VERSION). Reading it
//! or writing it never fails a run: when the marker cannot be kept, the guidance is simply
//! shown again next time.

use crate::paths::Paths;
use std::fs::{self, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// The marker file (`$XDG_STATE_HOME/supple/safety-seen`), if there is a home for it.
pub fn marker(paths: &Paths) -> Option<PathBuf> {
    paths.state_dir.as_ref().map(|d| d.join("safety-seen"))
}

/// Whether the guidance of this version was seen. A missing, unreadable or odd marker (a
/// folder, a FIFO, other words) means it was not.
pub fn was_seen(path: &Path) -> bool {
    let Ok(mut file) = crate::load::open_regular(path) else {
        return false;
    };
    let mut text = String::new();
    if Read::by_ref(&mut file)
        .take(64)
        .read_to_string(&mut text)
        .is_err()
    {
        return false;
    }
    text.trim() == super::VERSION.to_string()
}

/// Remembers that the guidance was seen.
pub fn mark_seen(path: &Path) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let mut file = crate::load::open_regular_with(
        path,
        OpenOptions::new().write(true).create(true).truncate(true),
    )?;
    writeln!(file, "{}", super::VERSION)?;
    file.flush()
}

/// Whether the guidance is still to be shown, at the usual place.
pub fn due(paths: &Paths) -> bool {
    marker(paths).is_none_or(|p| !was_seen(&p))
}

/// Marks the guidance seen at the usual place; a failure is ignored (it shows again).
pub fn remember(paths: &Paths) {
    if let Some(p) = marker(paths) {
        let _ = mark_seen(&p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("supple-seen-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn seen_once_marked_and_never_an_error() {
        let dir = temp("marks");
        let marker = dir.join("state/supple/safety-seen");
        assert!(!was_seen(&marker));
        mark_seen(&marker).unwrap();
        assert!(was_seen(&marker));
        fs::write(&marker, "0\n").unwrap();
        assert!(!was_seen(&marker), "an older version is shown again");
        // A folder in its place: not seen, and marking it fails without a panic.
        fs::remove_file(&marker).unwrap();
        fs::create_dir(&marker).unwrap();
        assert!(!was_seen(&marker));
        assert!(mark_seen(&marker).is_err());
        // A state folder that cannot be made (a file where the folder should be).
        let blocked = dir.join("file");
        fs::write(&blocked, "x").unwrap();
        assert!(mark_seen(&blocked.join("supple/safety-seen")).is_err());
        let _ = fs::remove_dir_all(&dir);
    }
}
