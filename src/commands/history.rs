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
pub(super) fn history(
    env: &Env,
    args: &crate::cli::HistoryArgs,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let path = env.paths.history_file().ok_or_else(|| {
        Failure::Message("no HOME or XDG_DATA_HOME: cannot find the history".into())
    })?;
    let (records, warnings) = crate::history::store::read(&path)
        .map_err(|e| Failure::Message(format!("cannot read {}: {e}", path.display())))?;
    for w in &warnings {
        crate::diag::warn(w);
    }
    let stats = crate::history::Stats::compute(&records, crate::history::store::today());
    let limit = args.limit.map(|n| usize::try_from(n).unwrap_or(usize::MAX));
    if args.json {
        // Every session unless a limit or a day is asked for, oldest first as in the file.
        let since: Vec<crate::history::Record> = records
            .iter()
            .filter(|r| {
                args.since
                    .is_none_or(|d| crate::history::day_of(r).is_some_and(|day| day >= d))
            })
            .cloned()
            .collect();
        let skip = since.len().saturating_sub(limit.unwrap_or(usize::MAX));
        serde_json::to_writer_pretty(
            &mut *out,
            &HistoryJson {
                sessions: &since[skip..],
                stats: &stats,
            },
        )
        .map_err(io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }
    let shown = crate::text::HistoryShown {
        limit: if args.all { None } else { limit.or(Some(10)) },
        since: args.since,
    };
    write!(out, "{}", history_text(&records, &stats, shown))?;
    Ok(())
}
