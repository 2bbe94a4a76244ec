//! The routine builder: body areas and a time budget in, a routine out.
//!
//! It picks stretches that work the asked areas (covering every one), never one that loads
//! an avoided joint or is above the asked level; puts moving stretches first and calm holds
//! last, with floor work together; and fits the doses, inside the usual ranges (holds
//! 10–60 s, 5–15 reps, at most 4 sets), to land within ±10 % of the budget.

use crate::library::{Area, Condition, Dose, Level, Library, Origin, Position, Stretch};
use crate::routine::{Gaps, Routine, Step};
use crate::timeline::{DEFAULT_GAPS, Timeline};
use crate::yaml::{Vocab, format_duration};
use std::fmt::Write as _;

pub const MIN_HOLD: u32 = 10;
pub const MAX_HOLD: u32 = 60;
pub const MIN_REPS: u32 = 5;
pub const MAX_REPS: u32 = 15;
pub const MAX_SETS: u32 = 4;

/// What to build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub areas: Vec<Area>,
    pub seconds: u32,
    pub avoid: Vec<crate::library::Joint>,
    pub level: Option<Level>,
    pub seed: Option<u64>,
    pub gaps: Gaps,
}

impl Request {
    /// `hips-hamstrings-10min`: the areas and the length, so that it never takes the name
    /// of a built-in routine (`lower-back`).
    pub fn default_name(&self) -> String {
        let areas = self
            .areas
            .iter()
            .map(|a| a.name())
            .collect::<Vec<_>>()
            .join("-");
        format!("{areas}-{}min", self.seconds / 60)
    }
}

fn position_rank(p: Position) -> u8 {
    match p {
        Position::Standing => 0,
        Position::Wall => 1,
        Position::Seated => 2,
        Position::Kneeling => 3,
        Position::Floor => 4,
        Position::Bed => 5,
    }
}

/// A stable pseudo-random number for a stretch under a seed (FNV-1a).
fn mix(seed: u64, id: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for b in id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The stretch's own dose brought inside the builder's ranges.
fn clamp_dose(dose: &Dose) -> Dose {
    match dose.clone() {
        Dose::Hold { hold, sets, pacer } => Dose::Hold {
            hold: hold.clamp(MIN_HOLD, MAX_HOLD),
            sets: sets.clamp(1, MAX_SETS),
            pacer,
        },
        Dose::Reps { reps, sets, pace } => Dose::Reps {
            reps: reps.clamp(MIN_REPS, MAX_REPS),
            sets: sets.clamp(1, MAX_SETS),
            pace,
        },
    }
}

/// One notch more of a dose, if there is room.
fn grow(dose: &Dose) -> Option<Dose> {
    match dose.clone() {
        Dose::Hold { hold, sets, pacer } if hold < MAX_HOLD => Some(Dose::Hold {
            hold: (hold + 5).min(MAX_HOLD),
            sets,
            pacer,
        }),
        Dose::Hold { hold, sets, pacer } if sets < MAX_SETS => Some(Dose::Hold {
            hold: (hold / 2).max(30).min(hold),
            sets: sets + 1,
            pacer,
        }),
        Dose::Reps { reps, sets, pace } if reps < MAX_REPS => Some(Dose::Reps {
            reps: reps + 1,
            sets,
            pace,
        }),
        Dose::Reps { reps, sets, pace } if sets < MAX_SETS => Some(Dose::Reps {
            reps: (reps * 2 / 3).max(MIN_REPS),
            sets: sets + 1,
            pace,
        }),
        _ => None,
    }
}

/// One notch less of a dose, if there is room.
fn shrink(dose: &Dose) -> Option<Dose> {
    match dose.clone() {
        Dose::Hold { hold, sets, pacer } if sets > 1 => Some(Dose::Hold {
            hold,
            sets: sets - 1,
            pacer,
        }),
        Dose::Hold { hold, sets, pacer } if hold > MIN_HOLD => Some(Dose::Hold {
            hold: hold.saturating_sub(5).max(MIN_HOLD),
            sets,
            pacer,
        }),
        Dose::Reps { reps, sets, pace } if sets > 1 => Some(Dose::Reps {
            reps,
            sets: sets - 1,
            pace,
        }),
        Dose::Reps { reps, sets, pace } if reps > MIN_REPS => Some(Dose::Reps {
            reps: reps - 1,
            sets,
            pace,
        }),
        _ => None,
    }
}

fn total(steps: &[Step], gaps: Gaps) -> u32 {
    Timeline::from_steps("", steps.to_vec(), gaps).total
}

/// Moving stretches first, holds after; within each, standing before the floor so that
/// floor work comes together; among holds in one position, the deepest first and the
/// gentlest (calmest) last.
fn order(steps: &mut [Step]) {
    steps.sort_by_key(|s| {
        let hold = s.stretch.dose.is_hold();
        (
            hold,
            position_rank(s.stretch.position),
            std::cmp::Reverse(if hold { s.stretch.level } else { Level::Gentle }),
        )
    });
}

/// What else limits the choice, beyond the request: the user's conditions, the equipment
/// at hand and the stretches that hurt lately.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Limits {
    pub conditions: Vec<Condition>,
    /// The equipment at hand: `None` for anything, `Some` list for only that (empty: none).
    pub equipment: Option<Vec<String>>,
    /// Ids of stretches to leave out because they hurt lately (see [`crate::history::hurt_recently`]).
    pub hurt: Vec<String>,
}

impl Limits {
    /// Whether these limits let `s` in.
    pub fn allow(&self, s: &Stretch) -> bool {
        !crate::conditions::rules_out(s, &self.conditions)
            && self
                .equipment
                .as_ref()
                .is_none_or(|have| s.equipment.iter().all(|e| have.contains(e)))
            && !self.hurt.contains(&s.id)
    }
}

/// A built routine, and what to tell the user about how it was built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Built {
    pub routine: Routine,
    pub notes: Vec<String>,
}

/// Builds a routine for the request, or says why it cannot.
pub fn build_routine(lib: &Library, req: &Request) -> Result<Routine, String> {
    build_with(lib, req, &Limits::default()).map(|b| b.routine)
}

/// Builds a routine for the request within `limits`, or says why it cannot.
pub fn build_with(lib: &Library, req: &Request, limits: &Limits) -> Result<Built, String> {
    let budget = req.seconds;
    let low = budget * 9 / 10;
    let high = budget * 11 / 10;
    let allowed = |s: &Stretch| {
        !s.loads.iter().any(|j| req.avoid.contains(j))
            && req.level.is_none_or(|l| s.level <= l)
            && limits.allow(s)
    };
    let notes: Vec<String> = lib
        .stretches()
        .iter()
        .filter(|s| limits.hurt.contains(&s.id))
        .filter(|s| s.areas.iter().any(|a| req.areas.contains(a)))
        .map(|s| format!("left out {}: it hurt in the last 14 days", s.name))
        .collect();
    let mut candidates: Vec<&Stretch> = lib
        .stretches()
        .iter()
        .filter(|s| s.areas.iter().any(|a| req.areas.contains(a)))
        .filter(|s| allowed(s))
        .collect();
    // Best first: how many asked areas it works as primary, then at all; then the seed.
    candidates.sort_by_key(|s| {
        let primary = req.areas.contains(&s.primary_area());
        let covered = s.areas.iter().filter(|a| req.areas.contains(a)).count();
        (
            std::cmp::Reverse(primary),
            std::cmp::Reverse(covered),
            req.seed.map_or(0, |seed| mix(seed, &s.id)),
        )
    });
    let excuse = || {
        let mut why = Vec::new();
        if !req.avoid.is_empty() {
            why.push(format!(
                "avoiding {}",
                req.avoid
                    .iter()
                    .map(|j| j.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if let Some(l) = req.level {
            why.push(format!("at most {l}"));
        }
        if !limits.conditions.is_empty() {
            why.push(format!(
                "with {}",
                crate::conditions::names(&limits.conditions)
            ));
        }
        match &limits.equipment {
            Some(have) if have.is_empty() => why.push("no equipment".into()),
            Some(have) => why.push(format!("only {}", have.join(", "))),
            None => {}
        }
        if why.is_empty() {
            String::new()
        } else {
            format!(" ({})", why.join(", "))
        }
    };
    for area in &req.areas {
        if !candidates.iter().any(|s| s.areas.contains(area)) {
            return Err(format!(
                "no stretch works `{area}`{}; try another area or fewer limits",
                excuse()
            ));
        }
    }
    let step = |s: &Stretch| Step {
        stretch: s.clone(),
        dose: clamp_dose(&s.dose),
    };
    // Cover every area first (one stretch each, primary matches preferred) ...
    let mut chosen: Vec<Step> = Vec::new();
    for area in &req.areas {
        if chosen.iter().any(|c| c.stretch.areas.contains(area)) {
            continue;
        }
        if let Some(s) = candidates.iter().find(|s| s.areas.contains(area)) {
            chosen.push(step(s));
        }
    }
    // ... then more, area by area in turn, while the budget has room.
    let mut rest: Vec<&Stretch> = candidates
        .iter()
        .copied()
        .filter(|s| !chosen.iter().any(|c| c.stretch.id == s.id))
        .collect();
    'fill: while total(&chosen, req.gaps) < budget {
        let mut added = false;
        for area in &req.areas {
            if let Some(i) = rest.iter().position(|s| s.areas.contains(area)) {
                let mut trial = chosen.clone();
                trial.push(step(rest[i]));
                if total(&trial, req.gaps) > high && total(&chosen, req.gaps) >= low {
                    break 'fill;
                }
                let minimal: Vec<Step> = trial
                    .iter()
                    .map(|s| {
                        let mut s = s.clone();
                        while let Some(d) = shrink(&s.dose) {
                            s.dose = d;
                        }
                        s
                    })
                    .collect();
                if total(&minimal, req.gaps) > high {
                    break 'fill;
                }
                chosen = trial;
                rest.remove(i);
                added = true;
                if total(&chosen, req.gaps) >= budget {
                    break 'fill;
                }
            }
        }
        if !added {
            break;
        }
    }
    // Fit the doses: one notch at a time, taking the steps in turn so the change is spread,
    // as long as each notch brings the total nearer the budget.
    let mut turn = 0usize;
    for _ in 0..10_000 {
        let t = total(&chosen, req.gaps);
        if t.abs_diff(budget) <= budget / 20 || chosen.is_empty() {
            break;
        }
        let n = chosen.len();
        let change = if t < budget { grow } else { shrink };
        let better = (0..n).map(|k| (turn + k) % n).find_map(|i| {
            let dose = change(&chosen[i].dose)?;
            let mut trial = chosen.clone();
            trial[i].dose = dose.clone();
            (total(&trial, req.gaps).abs_diff(budget) < t.abs_diff(budget)).then_some((i, dose))
        });
        let Some((i, dose)) = better else { break };
        chosen[i].dose = dose;
        turn = i + 1;
    }
    // Too long even at the smallest doses: drop stretches that do not cover an area alone.
    while total(&chosen, req.gaps) > high {
        let removable = (0..chosen.len()).rev().find(|&i| {
            req.areas.iter().all(|a| {
                !chosen[i].stretch.areas.contains(a)
                    || chosen
                        .iter()
                        .enumerate()
                        .any(|(j, c)| j != i && c.stretch.areas.contains(a))
            })
        });
        match removable {
            Some(i) => {
                chosen.remove(i);
            }
            None => break,
        }
    }
    let t = total(&chosen, req.gaps);
    if t < low || t > high {
        let areas = req
            .areas
            .iter()
            .map(|a| a.name())
            .collect::<Vec<_>>()
            .join(", ");
        return Err(if t < low {
            format!(
                "cannot fill {} with {areas}{}: the {} stretches that fit last at most {} at the longest doses; ask for fewer minutes or more areas",
                crate::library::clock(budget),
                excuse(),
                candidates.len(),
                crate::library::clock(t)
            )
        } else {
            format!(
                "cannot fit {areas}{} into {}: covering every area takes at least {}; ask for more minutes or fewer areas",
                excuse(),
                crate::library::clock(budget),
                crate::library::clock(t)
            )
        });
    }
    order(&mut chosen);
    let mut description = format!(
        "Built for {} in {} minutes",
        req.areas
            .iter()
            .map(|a| a.name())
            .collect::<Vec<_>>()
            .join(", "),
        req.seconds / 60
    );
    description.push_str(&excuse());
    description.push('.');
    Ok(Built {
        routine: Routine {
            name: req.default_name(),
            description: Some(description),
            gaps: req.gaps,
            steps: chosen,
            origin: Origin {
                file: "<built>".into(),
                line: 1,
                builtin: false,
            },
        },
        notes,
    })
}

/// Text that YAML reads back as the same string.
fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// The routine as YAML a person can edit; each step's time in a comment.
pub fn to_yaml(routine: &Routine) -> String {
    to_yaml_with(routine, None)
}

/// [`to_yaml`], first with a line naming the JSON Schema at `schema` (a path or an
/// address), for YAML language servers.
pub fn to_yaml_with(routine: &Routine, schema: Option<&str>) -> String {
    let t = Timeline::build(routine, Gaps::default(), Gaps::default());
    let mut y = String::new();
    if let Some(schema) = schema {
        let _ = writeln!(y, "# yaml-language-server: $schema={schema}");
    }
    let _ = writeln!(
        y,
        "# {} · {} · {} stretches. Check it with `supple check FILE`.",
        routine.name,
        crate::library::clock(t.total),
        routine.steps.len()
    );
    let _ = writeln!(y, "name: {}", quote(&routine.name));
    if let Some(d) = &routine.description {
        let _ = writeln!(y, "description: {}", quote(d));
    }
    let g = routine.gaps.or(DEFAULT_GAPS);
    for (key, value) in [
        ("prepare", g.prepare),
        ("switch", g.switch),
        ("rest", g.rest),
    ] {
        if let Some(v) = value {
            let _ = writeln!(y, "{key}: {}", format_duration(v));
        }
    }
    y.push_str("steps:\n");
    for (i, step) in routine.steps.iter().enumerate() {
        let seconds: u32 = t
            .phases
            .iter()
            .filter(|p| p.step == i)
            .map(|p| p.seconds)
            .sum();
        let _ = writeln!(
            y,
            "  - stretch: {}   # {} · {}",
            step.stretch.id,
            crate::library::clock(seconds),
            step.stretch.name
        );
        match (&step.dose, &step.stretch.dose) {
            (
                Dose::Hold { hold, sets, .. },
                Dose::Hold {
                    hold: h0, sets: s0, ..
                },
            ) => {
                if hold != h0 {
                    let _ = writeln!(y, "    hold: {}", format_duration(*hold));
                }
                if sets != s0 {
                    let _ = writeln!(y, "    sets: {sets}");
                }
            }
            (
                Dose::Reps { reps, sets, .. },
                Dose::Reps {
                    reps: r0, sets: s0, ..
                },
            ) => {
                if reps != r0 {
                    let _ = writeln!(y, "    reps: {reps}");
                }
                if sets != s0 {
                    let _ = writeln!(y, "    sets: {sets}");
                }
            }
            _ => {}
        }
    }
    y
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::Joint;
    use crate::routine::parse_routine;

    fn lib() -> Library {
        Library::builtin().unwrap()
    }

    fn req(areas: &[Area], minutes: u32) -> Request {
        Request {
            areas: areas.to_vec(),
            seconds: minutes * 60,
            avoid: vec![],
            level: None,
            seed: None,
            gaps: DEFAULT_GAPS,
        }
    }

    fn check(r: &Routine, req: &Request) {
        let t = Timeline::build(r, Gaps::default(), Gaps::default()).total;
        let (low, high) = (req.seconds * 9 / 10, req.seconds * 11 / 10);
        assert!(
            (low..=high).contains(&t),
            "{:?} {} min: {t} s not within ±10 %",
            req.areas,
            req.seconds / 60
        );
        for a in &req.areas {
            assert!(
                r.steps.iter().any(|s| s.stretch.areas.contains(a)),
                "{a} not covered"
            );
        }
        for s in &r.steps {
            assert!(
                !s.stretch.loads.iter().any(|j| req.avoid.contains(j)),
                "{} loads an avoided joint",
                s.stretch.id
            );
            if let Some(l) = req.level {
                assert!(s.stretch.level <= l);
            }
            match s.dose {
                Dose::Hold { hold, sets, .. } => {
                    assert!(
                        (MIN_HOLD..=MAX_HOLD).contains(&hold) && sets <= MAX_SETS,
                        "{:?}",
                        s.dose
                    );
                }
                Dose::Reps { reps, sets, .. } => {
                    assert!(
                        (MIN_REPS..=MAX_REPS).contains(&reps) && sets <= MAX_SETS,
                        "{:?}",
                        s.dose
                    );
                }
            }
        }
        // Moving stretches come before every hold.
        let first_hold = r
            .steps
            .iter()
            .position(|s| s.stretch.dose.is_hold())
            .unwrap_or(r.steps.len());
        assert!(
            r.steps[first_hold..]
                .iter()
                .all(|s| s.stretch.dose.is_hold()),
            "dynamic after a hold"
        );
    }

    #[test]
    fn lands_within_ten_percent_from_3_to_30_minutes() {
        let lib = lib();
        let sets: &[&[Area]] = &[
            &[Area::Hips],
            &[Area::LowerBack],
            &[Area::Neck, Area::Shoulders],
            &[Area::Hamstrings, Area::Calves, Area::Quadriceps],
            &[Area::FullBody],
            &[Area::UpperBack, Area::Chest, Area::Core],
            &[Area::Glutes, Area::HipFlexors],
        ];
        for areas in sets {
            for minutes in [3, 5, 8, 10, 15, 20, 30] {
                let r = req(areas, minutes);
                match build_routine(&lib, &r) {
                    Ok(routine) => check(&routine, &r),
                    Err(e) => assert!(
                        minutes >= 20 && areas.len() == 1,
                        "{areas:?} {minutes}: {e}"
                    ),
                }
            }
        }
    }

    #[test]
    fn never_picks_a_stretch_that_loads_an_avoided_joint() {
        let lib = lib();
        let mut r = req(&[Area::LowerBack, Area::Hips], 10);
        r.avoid = vec![Joint::Knees, Joint::Wrists];
        let routine = build_routine(&lib, &r).unwrap();
        check(&routine, &r);
        r.level = Some(Level::Gentle);
        check(&build_routine(&lib, &r).unwrap(), &r);
    }

    #[test]
    fn says_why_when_the_budget_cannot_be_met() {
        let e = build_routine(&lib(), &req(&[Area::Wrists], 90)).unwrap_err();
        assert!(e.starts_with("cannot fill 1:30:00 with wrists"), "{e}");
        let e = build_routine(&lib(), &req(Area::ALL, 1)).unwrap_err();
        assert!(e.starts_with("cannot fit"), "{e}");
    }

    #[test]
    fn is_deterministic_and_the_seed_changes_the_mix() {
        let lib = lib();
        let ids = |seed| {
            let mut r = req(&[Area::LowerBack, Area::Hips, Area::Hamstrings], 15);
            r.seed = seed;
            build_routine(&lib, &r)
                .unwrap()
                .steps
                .iter()
                .map(|s| s.stretch.id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(None), ids(None));
        assert_eq!(ids(Some(7)), ids(Some(7)));
        assert!((1..20).any(|s| ids(Some(s)) != ids(Some(0))));
    }

    #[test]
    fn writes_yaml_that_reads_back_as_the_same_routine() {
        let lib = lib();
        let routine = build_routine(&lib, &req(&[Area::Hips, Area::Hamstrings], 10)).unwrap();
        let yaml = to_yaml(&routine);
        let back = parse_routine(
            &crate::library::Source {
                name: "built.yaml".into(),
                text: yaml.clone(),
                builtin: false,
            },
            &lib,
        )
        .unwrap_or_else(|e| panic!("{e}\n{yaml}"));
        assert_eq!(back.steps, routine.steps);
        assert_eq!(back.gaps, routine.gaps);
        assert_eq!(back.name, "hips-hamstrings-10min");
    }
}
