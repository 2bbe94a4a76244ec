//! `supple list` and `supple areas`: the library as tables and JSON.

use crate::cli::ListArgs;
use crate::library::{Area, Library, Stretch, clock};
use crate::yaml::Vocab;
use serde::Serialize;
use std::fmt::Write as _;
use std::io::{self, Write};

use super::Failure;
use crate::text::{dose_short, pad, plural, width};
use crate::timeline::stretch_seconds;

/// The stretches that pass `--area` (any of), `--avoid` (none of) and the conditions (none
/// ruling them out).
pub fn filter<'a>(
    lib: &'a Library,
    areas: &[Area],
    avoid: &[crate::library::Joint],
    conditions: &[crate::library::Condition],
) -> Vec<&'a Stretch> {
    lib.stretches()
        .iter()
        .filter(|s| areas.is_empty() || s.areas.iter().any(|a| areas.contains(a)))
        .filter(|s| !s.loads.iter().any(|j| avoid.contains(j)))
        .filter(|s| !crate::conditions::rules_out(s, conditions))
        .collect()
}

#[derive(Serialize)]
pub(super) struct StretchJson<'a> {
    #[serde(flatten)]
    stretch: &'a Stretch,
    /// Seconds for the whole dose (both sides, rests between sets), get-ready excluded.
    seconds: u32,
    source: &'static str,
    path: &'a str,
}

pub(super) fn list(
    lib: &Library,
    args: &ListArgs,
    conditions: &[crate::library::Condition],
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let mut chosen = filter(lib, &args.area, &args.avoid, conditions);
    // Ids are unique, so an unstable sort gives the one order there is.
    chosen.sort_unstable_by(|a, b| (a.primary_area(), &a.id).cmp(&(b.primary_area(), &b.id)));
    if args.json {
        let json: Vec<StretchJson> = chosen
            .iter()
            .map(|s| StretchJson {
                stretch: s,
                seconds: stretch_seconds(s),
                source: if s.origin.builtin { "built-in" } else { "user" },
                path: &s.origin.file,
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &json).map_err(io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }
    write!(out, "{}", list_table(&chosen))?;
    Ok(())
}

/// The `supple list` table, 80 columns wide at most.
pub fn list_table(stretches: &[&Stretch]) -> String {
    let mut t = String::new();
    if stretches.is_empty() {
        t.push_str("no stretches match; `supple areas` shows what there is\n");
        return t;
    }
    // 80 columns: ID, 2, AREA 11, 1, LEVEL 8, 1, DOSE, 1, TIME.
    let times: Vec<String> = stretches
        .iter()
        .map(|s| clock(stretch_seconds(s)))
        .collect();
    let time_width = times.iter().map(String::len).max().unwrap_or(4).max(4);
    let id_width = stretches
        .iter()
        .map(|s| width(&s.id))
        .max()
        .unwrap_or(2)
        .clamp(2, 30);
    let dose_width = 80 - 24 - id_width - time_width;
    let _ = writeln!(
        t,
        "{:<id_width$}  {:<11} {:<8} {:<dose_width$} {:>time_width$}",
        "ID", "AREA", "LEVEL", "DOSE", "TIME"
    );
    for (s, time) in stretches.iter().zip(&times) {
        let _ = writeln!(
            t,
            "{}  {:<11} {:<8} {} {:>time_width$}",
            pad(&s.id, id_width),
            s.primary_area().name(),
            s.level.name(),
            pad(&dose_short(&s.dose, s.sides), dose_width),
            time
        );
    }
    let _ = writeln!(
        t,
        "\n{} · `supple show ID` shows one in full\nTIME is the whole dose, with side switches and rests",
        plural(stretches.len(), "stretch", "stretches")
    );
    t
}

/// `supple areas`.
pub fn areas(lib: &Library) -> String {
    let mut t = String::new();
    let _ = writeln!(t, "{:<13} {:>7} {:>9}", "AREA", "PRIMARY", "STRETCHES");
    for (area, primary, any) in lib.area_counts() {
        let _ = writeln!(t, "{:<13} {primary:>7} {any:>9}", area.name());
    }
    let _ = writeln!(
        t,
        "\nPRIMARY: stretches whose main target it is · STRETCHES: all that work it\n`supple list --area AREA` lists them"
    );
    t
}
