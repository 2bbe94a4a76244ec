//! The full-screen terminal front end.

pub mod digits;
pub mod help;
pub mod home;
pub mod keys;
pub mod picker;
pub mod session;
pub mod summary;
pub mod text;
pub mod theme;

#[cfg(test)]
mod fixtures;

use crate::session::{Options, Outcome};
use crate::timeline::Timeline;
use std::io;

/// How the screen behaves, from settings and flags.
#[derive(Debug, Clone, Default)]
pub struct TuiOptions {
    /// Ring the terminal bell at phase starts and on 3-2-1.
    pub bell: bool,
    /// Colours (false under `NO_COLOR` or `colors: false`).
    pub colors: bool,
    /// The user's `cue_command`, run for every cue.
    pub cue_command: Option<Vec<String>>,
    /// A line for the summary screen, e.g. "streak 4 days · 38 min this week".
    pub summary_note: Option<String>,
}

/// Runs `timeline` full screen until it is done, quit or stopped by a signal. The terminal
/// is restored whatever happens.
pub fn run_session(
    timeline: Timeline,
    session: Options,
    options: &TuiOptions,
) -> io::Result<Outcome> {
    let _ = (timeline, session, options);
    Err(io::Error::other(
        "the full-screen view is not built yet; use --plain",
    ))
}
