//! `supple show`: one stretch, like a manual page.

use crate::library::{Dose, Library, Pace, Sides, Stretch, clock};
use crate::yaml::Vocab;
use std::fmt::Write as _;

use crate::text::wrap_indented;
use crate::timeline::stretch_seconds;

/// `supple show`: one stretch, like a manual page.
pub fn show(s: &Stretch, lib: &Library, width: usize) -> String {
    let width = width.max(40);
    let mut t = String::new();
    let _ = writeln!(t, "{}  ({})", s.name, s.id);
    if let Some(summary) = &s.summary {
        t.push_str(&wrap_indented(summary, width, "  ", "  "));
    }
    t.push('\n');
    let field = |t: &mut String, name: &str, value: &str| {
        t.push_str(&wrap_indented(
            value,
            width,
            &" ".repeat(14),
            &format!("  {name:<11} "),
        ));
    };
    let areas: Vec<String> = s
        .areas
        .iter()
        .enumerate()
        .map(|(i, a)| {
            if i == 0 {
                format!("{a} (primary)")
            } else {
                a.to_string()
            }
        })
        .collect();
    field(&mut t, "areas", &areas.join(", "));
    field(&mut t, "position", s.position.name());
    field(
        &mut t,
        "equipment",
        &if s.equipment.is_empty() {
            "none".to_string()
        } else {
            s.equipment.join(", ")
        },
    );
    field(&mut t, "level", s.level.name());
    field(
        &mut t,
        "loads",
        &if s.loads.is_empty() {
            "no joint in particular".to_string()
        } else {
            s.loads
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        },
    );
    let sides = match s.sides {
        Sides::Both => "both at once (no sides)",
        Sides::Each => {
            "each: in every set the left side, a switch, then the right side; a rest between sets"
        }
        Sides::Alternating => "alternating: left and right, rep by rep (reps count per side)",
    };
    field(&mut t, "sides", sides);
    let total = stretch_seconds(s);
    field(
        &mut t,
        "dose",
        &format!(
            "{} — {} with switching and rests",
            s.dose.describe(),
            clock(total)
        ),
    );
    match &s.dose {
        Dose::Reps {
            pace: Pace::Breath(b),
            ..
        } => {
            let half = |word: &str, secs: u32, cue: &Option<String>| {
                format!(
                    "{word} {secs}s{}",
                    cue.as_ref().map_or(String::new(), |c| format!(" ({c})"))
                )
            };
            let (inhale, exhale) = (
                half("in", b.inhale, &b.in_cue),
                half("out", b.exhale, &b.out_cue),
            );
            field(
                &mut t,
                "breathing",
                &if s.exhale_first {
                    format!("one rep per breath, starting on the out-breath: {exhale}, {inhale}")
                } else {
                    format!("one rep per breath: {inhale}, {exhale}")
                },
            );
        }
        Dose::Reps {
            pace: Pace::Tempo(secs),
            ..
        } => field(&mut t, "tempo", &format!("{secs}s per rep")),
        Dose::Hold { pacer: Some(b), .. } => field(
            &mut t,
            "breathing",
            &format!("pacer {}s in, {}s out", b.inhale, b.exhale),
        ),
        Dose::Hold { pacer: None, .. } => {
            field(&mut t, "breathing", "slow and even; never hold your breath");
        }
    }
    let section =
        |t: &mut String, title: &str, items: &[String], bullet: &dyn Fn(usize) -> String| {
            if items.is_empty() {
                return;
            }
            let _ = writeln!(t, "\n{title}");
            for (i, item) in items.iter().enumerate() {
                let b = bullet(i);
                let indent = " ".repeat(b.chars().count() + 3);
                t.push_str(&wrap_indented(item, width, &indent, &format!("  {b} ")));
            }
        };
    section(&mut t, "SETUP", &s.setup, &|i| format!("{}.", i + 1));
    section(&mut t, "CUES", &s.cues, &|_| "·".into());
    section(&mut t, "CAUTIONS", &s.cautions, &|_| "!".into());
    let _ = writeln!(t, "\nfrom {}:{}", s.origin.file, s.origin.line);
    for old in lib.replaced(&s.id) {
        let _ = writeln!(
            t,
            "replaces the stretch `{}` from {}:{}",
            s.id, old.file, old.line
        );
    }
    t
}
