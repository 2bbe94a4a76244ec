//! `supple plan`: a routine's timeline, without waiting.

use crate::cli::PlanArgs;
use crate::library::{Dose, Sides, clock};
use crate::routine::Routine;
use crate::timeline::{PhaseKind, Timeline};
use std::fmt::Write as _;
use std::io::{self, Write};

use super::{Env, Failure, Notes, flag_gaps, resolve_routine, stretches, within_a_day};
use crate::text::{dose_short, plural, wrap_indented};

pub(super) fn plan(
    env: &Env,
    args: &PlanArgs,
    notes: &mut Notes,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let all = stretches(env, notes)?;
    let settings = env.settings()?;
    let conditions = settings.conditions_with(&args.care.condition);
    let mut told = Vec::new();
    let b = &args.build;
    let building = b.building();
    let (routine, changes) = match (&args.routine, building) {
        (Some(name), false) => {
            let routine = resolve_routine(env, name, &all, notes)?;
            notes.flush(None);
            super::run::adapted(&routine, &all.library, &conditions, &mut told)?
        }
        (Some(_), true) => {
            return Err(Failure::Usage(
                "--area, --minutes, --avoid, --level, --equipment and --seed preview a built routine; give them without a routine name (or the name alone)".into(),
            ));
        }
        // The routine `supple run` would build from the same flags: the same request, the
        // same gaps, the same stretches left out.
        (None, true) => {
            notes.flush(None);
            let gaps = flag_gaps(&args.gaps).or(settings.gaps);
            let built = super::build_requested(env, &all.library, b, gaps, &conditions)?;
            told.extend(built.notes);
            (built.routine, Vec::new())
        }
        (None, false) => {
            return Err(Failure::Usage(
                "name a routine (`supple plan morning`; `supple routines` lists them) or preview a built one with `--area AREA --minutes N`".into(),
            ));
        }
    };
    let timeline = Timeline::build(&routine, flag_gaps(&args.gaps), settings.gaps);
    within_a_day(&timeline)?;
    let waits = args.gaps.prepare_wait().unwrap_or(settings.prepare_wait);
    if waits && timeline.phases.iter().any(|p| p.kind == PhaseKind::Prepare) {
        told.push(
            "each get-ready waits until you are ready (`prepare: wait`), then counts down; the times below leave the waits out".into(),
        );
    }
    if args.json {
        // What the builder had to say goes to stderr, keeping stdout JSON.
        if building {
            for line in &told {
                crate::diag::say(line);
            }
        }
        let mut json = timeline.to_json();
        json.changes = changes
            .iter()
            .map(crate::conditions::Change::describe)
            .collect();
        serde_json::to_writer_pretty(&mut *out, &json).map_err(io::Error::from)?;
        writeln!(out)?;
    } else {
        for line in &told {
            writeln!(out, "{line}")?;
        }
        if !told.is_empty() {
            writeln!(out)?;
        }
        write!(out, "{}", plan_card(&routine, &timeline))?;
    }
    Ok(())
}

/// `supple plan`: the routine as a printed card, one block per stretch.
pub fn plan_card(routine: &Routine, t: &Timeline) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} · {} · {}",
        routine.name,
        clock(t.total),
        plural(t.steps.len(), "stretch", "stretches")
    );
    if let Some(d) = &routine.description {
        s.push_str(&wrap_indented(d, 78, "", ""));
    }
    let equipment = crate::routine::equipment(&t.steps);
    if equipment.is_empty() {
        s.push_str("needs: no equipment\n");
    } else {
        s.push_str(&wrap_indented(
            &equipment.join(", "),
            78,
            "       ",
            "needs: ",
        ));
    }
    let _ = writeln!(
        s,
        "\n {:>5}  {:<13} {:<6} {:>5} {:>6}",
        "START", "PHASE", "SIDE", "SET", "TIME"
    );
    let mut current = usize::MAX;
    for p in &t.phases {
        if p.step != current {
            current = p.step;
            let step = &t.steps[p.step];
            let _ = writeln!(
                s,
                "\n {:>2}. {} · {}",
                p.step + 1,
                step.stretch.name,
                dose_short(&step.dose, step.stretch.sides)
            );
            for caution in &step.stretch.cautions {
                s.push_str(&wrap_indented(caution, 78, "       ", "     ! "));
            }
        }
        let phase = match p.kind {
            PhaseKind::Prepare => "get ready".to_string(),
            PhaseKind::Work => match (&t.steps[p.step].dose, p.reps) {
                (Dose::Hold { .. }, _) => "hold".to_string(),
                // The step's line says how the reps are paced ("one per breath").
                (Dose::Reps { .. }, Some(r)) => {
                    if t.steps[p.step].stretch.sides == Sides::Alternating {
                        format!("{r}+{r} reps")
                    } else {
                        format!("{r} reps")
                    }
                }
                (_, None) => "work".to_string(),
            },
            PhaseKind::Switch => "switch sides".to_string(),
            PhaseKind::Rest => "rest".to_string(),
        };
        let side = p
            .side
            .filter(|_| p.kind == PhaseKind::Work)
            .map_or("", |s| s.label());
        let set = if p.kind == PhaseKind::Work && p.sets > 1 {
            format!("{}/{}", p.set, p.sets)
        } else {
            String::new()
        };
        let _ = writeln!(
            s,
            " {:>5}  {:<13} {:<6} {:>5} {:>6}",
            clock(p.start),
            phase,
            side,
            set,
            clock(p.seconds)
        );
    }
    let _ = writeln!(
        s,
        "\n {} of stretching · {} in all",
        clock(t.work_total()),
        clock(t.total)
    );
    s
}
