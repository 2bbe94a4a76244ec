//! `supple routines`: every routine with its length, as a table or JSON.

use crate::library::{Area, clock};
use crate::routine::{Gaps, Routines};
use crate::settings::Settings;
use crate::timeline::Timeline;
use crate::yaml::Vocab;
use serde::Serialize;
use std::fmt::Write as _;

use crate::routine::routine_areas;
use crate::text::pad;

#[derive(Serialize)]
pub(super) struct RoutineJson<'a> {
    name: &'a str,
    description: Option<&'a str>,
    source: &'static str,
    path: &'a str,
    total_seconds: u32,
    areas: Vec<Area>,
}

pub(super) fn routines_json<'a>(
    routines: &'a Routines,
    settings: &Settings,
) -> Vec<RoutineJson<'a>> {
    routines
        .list
        .iter()
        .map(|r| RoutineJson {
            name: &r.name,
            description: r.description.as_deref(),
            source: if r.origin.builtin { "built-in" } else { "user" },
            path: &r.origin.file,
            total_seconds: Timeline::build(r, Gaps::default(), settings.gaps).total,
            areas: routine_areas(&r.steps),
        })
        .collect()
}

/// `supple routines`.
pub fn routines_table(routines: &Routines, settings: &Settings) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "{:<16} {:>6} {:>5}  {:<38} {:<8}",
        "ROUTINE", "TIME", "STEPS", "MAIN AREAS", "SOURCE"
    );
    for r in &routines.list {
        let total = Timeline::build(r, Gaps::default(), settings.gaps).total;
        let mut areas: Vec<&str> = routine_areas(&r.steps).iter().map(|a| a.name()).collect();
        if areas.len() > 3 {
            areas.truncate(3);
            areas.push("…");
        }
        let _ = writeln!(
            t,
            "{} {:>6} {:>5}  {} {:<8}",
            pad(&r.name, 16),
            clock(total),
            r.steps.len(),
            pad(&areas.join(", "), 38),
            if r.origin.builtin {
                "built-in"
            } else {
                "yours"
            }
        );
    }
    let _ = writeln!(
        t,
        "\n`supple plan NAME` shows one in full · `supple run NAME` starts it"
    );
    t
}
