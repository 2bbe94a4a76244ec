//! The real `supple` binary against a fresh temporary HOME per test, in one test binary with
//! a module per topic: bad stretch and routine files, the user's folders and `--library`, the
//! built-in library and routines, `plan`, `check`, `build`, usage errors, the plain runner,
//! the full screen in a pseudo-terminal, and damaged files fed to the parsers in process.
//! What the topics share is in `support`.

pub(crate) use {
    crate::support::{
        Home, Lines, OWN_STRETCH, Ran, Run, assert_contains, assert_given_back, fixture, line_with,
        repo, s, safety_seen, send_signal,
    },
    serde_json::Value,
    std::{
        collections::{BTreeMap, BTreeSet},
        fs,
        path::Path,
        time::{Duration, Instant},
    },
};

mod support;

mod bad_stretch_files;
mod broken_user_files;
mod build;
mod countdown;
mod edges;
mod escapes_in_output;
mod faults;
mod figures;
mod finishing_touches;
mod library;
mod picker_screen;
mod plain_runner;
mod property;
mod routines;
mod safety;
mod screen;
mod special_files;
mod streams_and_children;
mod usage;
mod user_files;
mod voice;
mod words;
mod yaml_positions_and_limits;
