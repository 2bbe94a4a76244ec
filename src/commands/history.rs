//! `supple history`: past runs, the streak and the week.

use serde::Serialize;
use std::io::{self, Write};

use super::{Env, Failure};
use crate::text::history_text;

#[derive(Serialize)]
pub(super) struct HistoryJson<'a> {
    sessions: &'a [crate::history::Record],
    #[serde(flatten)]
    stats: &'a crate::history::Stats,
}

/// `supple history`.
pub(super) fn history(env: &Env, json: bool, out: &mut dyn Write) -> Result<(), Failure> {
    let path = env.paths.history_file().ok_or_else(|| {
        Failure::Message("no HOME or XDG_DATA_HOME: cannot find the history".into())
    })?;
    let (records, warnings) = crate::history::store::read(&path)
        .map_err(|e| Failure::Message(format!("cannot read {}: {e}", path.display())))?;
    for w in &warnings {
        crate::diag::warn(w);
    }
    let stats = crate::history::Stats::compute(&records, crate::history::store::today());
    if json {
        serde_json::to_writer_pretty(
            &mut *out,
            &HistoryJson {
                sessions: &records,
                stats: &stats,
            },
        )
        .map_err(io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }
    write!(out, "{}", history_text(&records, &stats))?;
    Ok(())
}
