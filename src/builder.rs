//! The routine builder: body areas and a time budget in, a routine out, as a careful
//! physiotherapist would put it together.
//!
//! - It picks stretches that work the asked areas (covering every one; `full-body` samples
//!   every area), never one that loads an avoided joint, that a condition rules out, that
//!   needs equipment not at hand, or that hurt lately.
//! - Deep stretches only when `--level deep` is asked for; a `lower-back` request leaves out
//!   deep stretches and those that load the lower back unless it is.
//! - It warms up first: the routine opens with a moving stretch, so no moderate or deep
//!   hold comes before one.
//! - Positions are grouped, standing to the floor, never back up; in each position the
//!   moving stretches come first and the holds go gentle to deeper; the routine ends on a
//!   calm (gentle) hold where it has one.
//! - Each dose stays inside its stretch's own range (its `max_hold`, `max_reps`,
//!   `max_sets`, or the usual ones: holds 15–30 s, reps from about two thirds of the
//!   stretch's own count up to 12, at most 3 sets of a hold and 2 of reps); counts that
//!   change direction halfway are even. It adds different stretches before it makes any
//!   dose bigger, and lands within ±10 % of the budget or says why it cannot.

use crate::library::{
    Area, Condition, Dose, Joint, Level, Library, Origin, Pace, Position, Stretch,
};
use crate::routine::{Gaps, Routine, Step};
use crate::timeline::{DEFAULT_GAPS, Timeline};
use crate::yaml::{Vocab, format_duration};
use std::fmt::Write as _;

/// The usual shortest hold.
pub const MIN_HOLD: u32 = 15;
/// The usual longest hold, for a stretch that sets no `max_hold` of its own.
pub const MAX_HOLD: u32 = 30;
/// The usual most reps, for a stretch that sets no `max_reps` and asks fewer itself.
pub const MAX_REPS: u32 = 12;
/// The usual most sets of a hold, and of reps.
pub const MAX_HOLD_SETS: u32 = 3;
pub const MAX_REP_SETS: u32 = 2;

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
        self.name_for(u64::from(self.seconds))
    }

    /// The name for a routine built to this request that lasts `seconds`: its length to
    /// the nearest minute (a 4:40 routine is `-5min`, a 9:20 one `-9min`).
    pub fn name_for(&self, seconds: u64) -> String {
        let areas = self
            .areas
            .iter()
            .map(|a| a.name())
            .collect::<Vec<_>>()
            .join("-");
        format!("{areas}-{}min", crate::text::min_in_name(seconds))
    }

    /// The most intense level allowed: the asked one, or moderate (deep only when asked).
    pub fn top_level(&self) -> Level {
        self.level.unwrap_or(Level::Moderate)
    }
}

/// What else limits the choice, beyond the request: the user's conditions, the equipment
/// at hand and the stretches that hurt lately.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Limits {
    pub conditions: Vec<Condition>,
    /// The equipment at hand: `None` for anything, `Some` list for only that (empty: none).
    pub equipment: Option<Vec<String>>,
    /// Ids of stretches to leave out because they hurt lately (see
    /// [`crate::history::hurt_recently`]).
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

/// The range the builder may give a stretch's dose: `(least, most)` of the hold or the
/// reps, and the most sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub least: u32,
    pub most: u32,
    pub sets: u32,
    /// Reps go up and down two at a time (they change direction halfway).
    pub even: bool,
}

/// The guideline range of a stretch's dose.
pub fn range(s: &Stretch) -> Range {
    match s.dose {
        Dose::Hold { hold, sets, .. } => {
            let most = s.max_hold.unwrap_or(MAX_HOLD.max(hold));
            Range {
                least: MIN_HOLD.min(hold).min(most),
                most,
                sets: s.max_sets.unwrap_or(MAX_HOLD_SETS.max(sets)),
                even: false,
            }
        }
        Dose::Reps { reps, sets, .. } => {
            let most = s.max_reps.unwrap_or(MAX_REPS.max(reps));
            let mut least = (reps * 2).div_ceil(3).max(2).min(most);
            if s.turns_halfway && least % 2 == 1 {
                least += 1;
            }
            Range {
                least: least.min(most),
                most,
                sets: s.max_sets.unwrap_or(MAX_REP_SETS.max(sets)),
                even: s.turns_halfway,
            }
        }
    }
}

/// The stretch's own dose, brought inside its range.
fn start_dose(s: &Stretch) -> Dose {
    let r = range(s);
    match s.dose.clone() {
        Dose::Hold { hold, sets, pacer } => Dose::Hold {
            hold: hold.clamp(r.least, r.most),
            sets: sets.clamp(1, r.sets),
            pacer,
        },
        Dose::Reps { reps, sets, pace } => Dose::Reps {
            reps: reps.clamp(r.least, r.most),
            sets: sets.clamp(1, r.sets),
            pace,
        },
    }
}

/// The smallest dose in the stretch's range.
fn least_dose(s: &Stretch) -> Dose {
    let r = range(s);
    match s.dose.clone() {
        Dose::Hold { pacer, .. } => Dose::Hold {
            hold: r.least,
            sets: 1,
            pacer,
        },
        Dose::Reps { pace, .. } => Dose::Reps {
            reps: r.least,
            sets: 1,
            pace,
        },
    }
}

/// One notch more of a dose, if its range has room: a longer hold or more reps first,
/// then another set.
fn grow(s: &Stretch, dose: &Dose) -> Option<Dose> {
    let r = range(s);
    let step = if r.even { 2 } else { 1 };
    match dose.clone() {
        Dose::Hold { hold, sets, pacer } if hold < r.most => Some(Dose::Hold {
            hold: (hold + 5).min(r.most),
            sets,
            pacer,
        }),
        Dose::Hold { hold, sets, pacer } if sets < r.sets => Some(Dose::Hold {
            hold: r.least.max(hold / 2),
            sets: sets + 1,
            pacer,
        }),
        Dose::Reps { reps, sets, pace } if reps + step <= r.most => Some(Dose::Reps {
            reps: reps + step,
            sets,
            pace,
        }),
        Dose::Reps { reps, sets, pace } if sets < r.sets => Some(Dose::Reps {
            reps,
            sets: sets + 1,
            pace,
        }),
        _ => None,
    }
}

/// One notch less of a dose, if its range has room.
fn shrink(s: &Stretch, dose: &Dose) -> Option<Dose> {
    let r = range(s);
    let step = if r.even { 2 } else { 1 };
    match dose.clone() {
        Dose::Hold { hold, sets, pacer } if hold > r.least => Some(Dose::Hold {
            hold: hold.saturating_sub(5).max(r.least),
            sets,
            pacer,
        }),
        Dose::Hold { hold, sets, pacer } if sets > 1 => Some(Dose::Hold {
            hold: r.most.min(hold * 2),
            sets: sets - 1,
            pacer,
        }),
        Dose::Reps { reps, sets, pace } if sets > 1 => Some(Dose::Reps {
            reps,
            sets: sets - 1,
            pace,
        }),
        Dose::Reps { reps, sets, pace } if reps >= r.least + step => Some(Dose::Reps {
            reps: reps - step,
            sets,
            pace,
        }),
        _ => None,
    }
}

fn total(steps: &[Step], gaps: Gaps) -> u32 {
    Timeline::from_steps("", steps.to_vec(), gaps).total
}

/// The order of a built routine: positions grouped from standing down to the floor (never
/// back up); in each, the moving stretches first, then the holds from gentle to deeper;
/// then, when the last position has a gentle hold after a deeper one, that calm hold ends
/// the routine.
fn order(steps: &mut Vec<Step>) {
    steps.sort_by_key(|s| {
        let hold = s.stretch.dose.is_hold();
        (
            position_rank(s.stretch.position),
            hold,
            if hold { s.stretch.level } else { Level::Gentle },
        )
    });
    let Some(last) = steps.last() else { return };
    let rank = position_rank(last.stretch.position);
    let group = steps
        .iter()
        .rposition(|s| position_rank(s.stretch.position) != rank)
        .map_or(0, |i| i + 1);
    if last.stretch.level > Level::Gentle
        && let Some(calm) = (group..steps.len())
            .rev()
            .find(|&i| steps[i].stretch.dose.is_hold() && steps[i].stretch.level == Level::Gentle)
    {
        let calm = steps.remove(calm);
        steps.push(calm);
    }
}

/// Builds a routine for the request, or says why it cannot.
pub fn build_routine(lib: &Library, req: &Request) -> Result<Routine, String> {
    build_with(lib, req, &Limits::default()).map(|b| b.routine)
}

/// Builds a routine for the request within `limits`, or says why it cannot. A mix that
/// falls short of the budget (its last stretch at its longest dose, and no room for one
/// more) is tried again with the next mixes before the builder gives up, so that a budget
/// that some mix fills is never refused.
pub fn build_with(lib: &Library, req: &Request, limits: &Limits) -> Result<Built, String> {
    let first = build_once(lib, req, limits);
    let Err(why) = &first else {
        return first;
    };
    if !why.starts_with("cannot fill") {
        return first;
    }
    let seed = req.seed.unwrap_or(0);
    (1..=16)
        .find_map(|k| {
            let again = Request {
                seed: Some(seed.wrapping_add(k)),
                ..req.clone()
            };
            build_once(lib, &again, limits).ok()
        })
        .ok_or_else(|| why.clone())
}

#[allow(clippy::too_many_lines)]
fn build_once(lib: &Library, req: &Request, limits: &Limits) -> Result<Built, String> {
    let budget = req.seconds;
    let low = budget * 9 / 10;
    let high = budget * 11 / 10;
    let top = req.top_level();
    // A sore lower back gets neither deep stretches nor those that load it, unless the
    // user asks for deep work.
    let spare_back = req.areas.contains(&Area::LowerBack) && req.level != Some(Level::Deep);
    // In-bed variants are for routines done in bed, not for a built one.
    let allowed = |s: &Stretch| {
        s.position != Position::Bed
            && !s.loads.iter().any(|j| req.avoid.contains(j))
            && s.level <= top
            && !(spare_back && (s.level == Level::Deep || s.loads.contains(&Joint::LowerBack)))
            && limits.allow(s)
    };
    let full_body = req.areas.contains(&Area::FullBody);
    // `full-body` samples every area; the others are asked for by name.
    let targets: Vec<Area> = if full_body {
        Area::ALL
            .iter()
            .copied()
            .filter(|a| *a != Area::FullBody)
            .collect()
    } else {
        req.areas.clone()
    };
    let notes: Vec<String> = lib
        .stretches()
        .iter()
        .filter(|s| limits.hurt.contains(&s.id))
        .filter(|s| full_body || s.areas.iter().any(|a| req.areas.contains(a)))
        .map(|s| format!("left out {}: it hurt in the last 14 days", s.name))
        .collect();
    let mut candidates: Vec<&Stretch> = lib
        .stretches()
        .iter()
        .filter(|s| full_body || s.areas.iter().any(|a| targets.contains(a)))
        .filter(|s| allowed(s))
        .collect();
    // Best first: how many asked areas it works as primary, then at all; gentler before
    // deeper; then the seed.
    candidates.sort_by_key(|s| {
        let primary =
            targets.contains(&s.primary_area()) || s.primary_area() == Area::FullBody && full_body;
        let covered = s.areas.iter().filter(|a| req.areas.contains(a)).count();
        (
            std::cmp::Reverse(primary),
            std::cmp::Reverse(covered),
            s.level,
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
    for area in req.areas.iter().filter(|a| **a != Area::FullBody) {
        if !candidates.iter().any(|s| s.areas.contains(area)) {
            return Err(format!(
                "no stretch works `{area}`{}; try another area or fewer limits",
                excuse()
            ));
        }
    }
    if candidates.is_empty() {
        return Err(format!(
            "no stretch fits this request{}; try fewer limits",
            excuse()
        ));
    }
    let step = |s: &Stretch| Step {
        stretch: s.clone(),
        dose: start_dose(s),
    };
    let least = |steps: &[Step]| -> u32 {
        let minimal: Vec<Step> = steps
            .iter()
            .map(|s| Step {
                stretch: s.stretch.clone(),
                dose: least_dose(&s.stretch),
            })
            .collect();
        total(&minimal, req.gaps)
    };
    // A warm-up first: a gentle moving stretch in the highest position (standing before the
    // floor), so that it opens the routine; one for the asked areas if there is one.
    let works = |s: &Stretch| full_body || s.areas.iter().any(|a| targets.contains(a));
    let warm_up: Option<&Stretch> = lib
        .stretches()
        .iter()
        .filter(|s| s.is_dynamic() && s.level == Level::Gentle && allowed(s))
        .min_by_key(|s| {
            (
                position_rank(s.position),
                !works(s),
                req.seed.map_or(0, |seed| mix(seed, &s.id)),
            )
        });
    let mut chosen: Vec<Step> = Vec::new();
    if let Some(w) = warm_up {
        chosen.push(step(w));
    }
    // Cover every named area (one stretch each, primary matches preferred) ...
    for area in req.areas.iter().filter(|a| **a != Area::FullBody) {
        if chosen.iter().any(|c| c.stretch.areas.contains(area)) {
            continue;
        }
        if let Some(s) = candidates.iter().find(|s| s.areas.contains(area)) {
            chosen.push(step(s));
        }
    }
    // ... then more different stretches, area by area in turn, while the budget has room.
    let mut rest: Vec<&Stretch> = candidates
        .iter()
        .copied()
        .filter(|s| !chosen.iter().any(|c| c.stretch.id == s.id))
        .collect();
    loop {
        let mut added = false;
        for area in &targets {
            if total(&chosen, req.gaps) >= budget {
                break;
            }
            let Some(i) = rest.iter().position(|s| s.areas.contains(area)) else {
                continue;
            };
            let mut trial = chosen.clone();
            // Sampling every area, each stretch starts small until every area has one, so
            // that more areas fit.
            let sampling = full_body
                && !targets
                    .iter()
                    .all(|a| chosen.iter().any(|c| c.stretch.areas.contains(a)));
            trial.push(if sampling {
                Step {
                    stretch: rest[i].clone(),
                    dose: least_dose(rest[i]),
                }
            } else {
                step(rest[i])
            });
            rest.remove(i);
            if least(&trial) > high {
                continue;
            }
            chosen = trial;
            added = true;
        }
        if !added || total(&chosen, req.gaps) >= budget {
            break;
        }
    }
    // Fit the doses: one notch at a time, taking the steps in turn so the change is spread,
    // as long as each notch brings the total nearer the budget.
    let fit = |chosen: &mut Vec<Step>| {
        let mut turn = 0usize;
        for _ in 0..10_000 {
            let t = total(chosen, req.gaps);
            if t.abs_diff(budget) <= budget / 20 || chosen.is_empty() {
                break;
            }
            let n = chosen.len();
            let better = (0..n).map(|k| (turn + k) % n).find_map(|i| {
                let s = &chosen[i].stretch;
                let dose = if t < budget {
                    grow(s, &chosen[i].dose)
                } else {
                    shrink(s, &chosen[i].dose)
                }?;
                let mut trial = chosen.clone();
                trial[i].dose = dose.clone();
                (total(&trial, req.gaps).abs_diff(budget) < t.abs_diff(budget)).then_some((i, dose))
            });
            let Some((i, dose)) = better else { break };
            chosen[i].dose = dose;
            turn = i + 1;
        }
    };
    fit(&mut chosen);
    // Too long even at the smallest doses: drop stretches that do not cover an area alone
    // (never the warm-up while something else could go).
    while total(&chosen, req.gaps) > high {
        // The warm-up may go only when every hold left is gentle.
        let gentle = chosen
            .iter()
            .all(|c| !c.stretch.dose.is_hold() || c.stretch.level == Level::Gentle);
        let removable = (0..chosen.len()).rev().find(|&i| {
            let warm = warm_up.is_some_and(|w| w.id == chosen[i].stretch.id);
            (!warm || gentle)
                && req.areas.iter().all(|a| {
                    *a == Area::FullBody
                        || !chosen[i].stretch.areas.contains(a)
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
        // A dropped stretch leaves room for the others' doses.
        fit(&mut chosen);
    }
    let mut t = total(&chosen, req.gaps);
    // Short of the budget with no stretch left to add: the doses grow, each inside its own
    // range, one step at a time, while the total stays within the budget.
    let mut grown = true;
    while t < low && grown {
        grown = false;
        for i in 0..chosen.len() {
            let Some(dose) = grow(&chosen[i].stretch, &chosen[i].dose) else {
                continue;
            };
            let before = std::mem::replace(&mut chosen[i].dose, dose);
            let after = total(&chosen, req.gaps);
            if after <= high {
                t = after;
                grown = true;
                if t >= low {
                    break;
                }
            } else {
                chosen[i].dose = before;
            }
        }
    }
    if t < low || t > high {
        // A short budget may still fit one stretch that covers everything asked, alone: a
        // moving one, or a gentle hold (neither needs a warm-up before it).
        let named: Vec<&Area> = req.areas.iter().filter(|a| **a != Area::FullBody).collect();
        let alone = candidates
            .iter()
            .filter(|s| named.iter().all(|a| s.areas.contains(a)))
            .filter(|s| s.is_dynamic() || s.level == Level::Gentle)
            .find_map(|s| {
                let mut one = vec![Step {
                    stretch: (*s).clone(),
                    dose: least_dose(s),
                }];
                loop {
                    let t = total(&one, req.gaps);
                    if (low..=high).contains(&t) {
                        return Some(one);
                    }
                    if t > high {
                        return None;
                    }
                    one[0].dose = grow(s, &one[0].dose)?;
                }
            });
        if let Some(one) = alone {
            chosen = one;
            t = total(&chosen, req.gaps);
        }
    }
    if t < low || t > high {
        let areas = req
            .areas
            .iter()
            .map(|a| a.name())
            .collect::<Vec<_>>()
            .join(", ");
        return Err(if t < low {
            format!(
                "cannot fill {} with {areas}{}: the {} that fit last at most {} at their guideline doses; ask for fewer minutes or more areas",
                crate::library::clock(budget),
                excuse(),
                crate::text::plural(candidates.len(), "stretch", "stretches"),
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
        "Built for {} in {}",
        req.areas
            .iter()
            .map(|a| a.name())
            .collect::<Vec<_>>()
            .join(", "),
        crate::text::plural((req.seconds / 60) as usize, "minute", "minutes")
    );
    description.push_str(&excuse());
    description.push('.');
    Ok(Built {
        routine: Routine {
            name: req.name_for(u64::from(t)),
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
        "# {} · {} · {}. Check it with `supple check FILE`.",
        routine.name,
        crate::library::clock(t.total),
        crate::text::plural(routine.steps.len(), "stretch", "stretches")
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
        // What the step changes of the stretch's own dose, so nothing of it is lost.
        let breath = |y: &mut String, b: &crate::library::Breath| {
            let _ = writeln!(
                y,
                "    breath: {{in: {}, out: {}}}",
                format_duration(b.inhale),
                format_duration(b.exhale)
            );
        };
        match (&step.dose, &step.stretch.dose) {
            (
                Dose::Hold { hold, sets, pacer },
                Dose::Hold {
                    hold: h0,
                    sets: s0,
                    pacer: p0,
                },
            ) => {
                if hold != h0 {
                    let _ = writeln!(y, "    hold: {}", format_duration(*hold));
                }
                if sets != s0 {
                    let _ = writeln!(y, "    sets: {sets}");
                }
                if let Some(b) = pacer
                    && p0
                        .as_ref()
                        .is_none_or(|p| (p.inhale, p.exhale) != (b.inhale, b.exhale))
                {
                    breath(&mut y, b);
                }
            }
            (
                Dose::Reps { reps, sets, pace },
                Dose::Reps {
                    reps: r0,
                    sets: s0,
                    pace: p0,
                },
            ) => {
                if reps != r0 {
                    let _ = writeln!(y, "    reps: {reps}");
                }
                if sets != s0 {
                    let _ = writeln!(y, "    sets: {sets}");
                }
                match (pace, p0) {
                    (Pace::Tempo(t), Pace::Tempo(t0)) if t == t0 => {}
                    (Pace::Tempo(t), _) => {
                        let _ = writeln!(y, "    tempo: {}", format_duration(*t));
                    }
                    (Pace::Breath(b), Pace::Breath(b0))
                        if (b.inhale, b.exhale) != (b0.inhale, b0.exhale) =>
                    {
                        breath(&mut y, b);
                    }
                    _ => {}
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
    use proptest::prelude::*;

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

    #[test]
    fn a_mix_that_falls_short_gives_way_to_one_that_fills_the_budget() {
        // With this seed the first mix reaches 1:46 of a 2:00 budget, its one stretch at
        // its most; 3 minutes could be filled, so 2 must be too.
        let r = Request {
            seed: Some(7),
            ..req(&[Area::UpperBack, Area::Core], 2)
        };
        let built = build_with(&lib(), &r, &Limits::default()).expect("2 minutes are filled");
        let t = Timeline::build(&built.routine, Gaps::default(), Gaps::default()).total;
        assert!((108..=132).contains(&t), "{t}");
    }

    /// Everything a built routine must be, whatever was asked.
    fn check_with(r: &Routine, req: &Request, limits: &Limits) {
        let t = Timeline::build(r, Gaps::default(), Gaps::default()).total;
        let (low, high) = (req.seconds * 9 / 10, req.seconds * 11 / 10);
        let ids: Vec<&str> = r.steps.iter().map(|s| s.stretch.id.as_str()).collect();
        assert!(
            (low..=high).contains(&t),
            "{:?} {} min: {t} s not within ±10 %: {ids:?}",
            req.areas,
            req.seconds / 60
        );
        for a in req.areas.iter().filter(|a| **a != Area::FullBody) {
            assert!(
                r.steps.iter().any(|s| s.stretch.areas.contains(a)),
                "{a} not covered: {ids:?}"
            );
        }
        let deep_asked = req.level == Some(Level::Deep);
        let spare_back = req.areas.contains(&Area::LowerBack) && !deep_asked;
        for s in &r.steps {
            let st = &s.stretch;
            assert!(
                !st.loads.iter().any(|j| req.avoid.contains(j)),
                "{} loads an avoided joint",
                st.id
            );
            assert!(st.level <= req.top_level(), "{} is {}", st.id, st.level);
            assert!(
                deep_asked || st.level != Level::Deep,
                "{}: deep unasked",
                st.id
            );
            assert!(
                !spare_back || !st.loads.contains(&Joint::LowerBack),
                "{} loads the lower back of a lower-back request",
                st.id
            );
            assert!(limits.allow(st), "{} is ruled out by {limits:?}", st.id);
            let range = range(st);
            let (amount, sets, max_sets) = match s.dose {
                Dose::Hold { hold, sets, .. } => (hold, sets, range.sets),
                Dose::Reps { reps, sets, .. } => (reps, sets, range.sets),
            };
            assert!(
                (range.least..=range.most).contains(&amount) && (1..=max_sets).contains(&sets),
                "{}: {:?} outside {range:?}",
                st.id,
                s.dose
            );
            assert!(!range.even || amount % 2 == 0, "{}: odd {amount}", st.id);
        }
        // A warm-up first: the first step moves, unless every hold is gentle.
        let hard_hold = r
            .steps
            .iter()
            .any(|s| s.stretch.dose.is_hold() && s.stretch.level > Level::Gentle);
        assert!(
            !hard_hold || !r.steps[0].stretch.dose.is_hold(),
            "no warm-up before a deeper hold: {ids:?}"
        );
        // Positions go down, never back up.
        let ranks: Vec<u8> = r
            .steps
            .iter()
            .map(|s| position_rank(s.stretch.position))
            .collect();
        assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "back up: {ids:?}");
        // In each position the moving stretches come first and the holds go gentle to
        // deeper (the last step may be the calm finish, brought to the end).
        let body = &r.steps[..r.steps.len().saturating_sub(1)];
        for w in body.windows(2) {
            let (a, b) = (&w[0].stretch, &w[1].stretch);
            if a.position == b.position {
                assert!(
                    !(a.dose.is_hold() && b.is_dynamic()),
                    "a hold before a moving stretch: {ids:?}"
                );
                assert!(
                    !(a.dose.is_hold() && b.dose.is_hold()) || a.level <= b.level,
                    "a deeper hold before a gentler one: {ids:?}"
                );
            }
        }
        // Each stretch once.
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "{ids:?}");
    }

    fn check(r: &Routine, req: &Request) {
        check_with(r, req, &Limits::default());
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
    fn the_reviews_requests_are_now_signed_off() {
        let lib = lib();
        let ids =
            |r: &Routine| -> Vec<String> { r.steps.iter().map(|s| s.stretch.id.clone()).collect() };
        // lower-back + hamstrings, 30 min: none of the stretches whose cautions rule them
        // out for a sore back.
        let r = req(&[Area::LowerBack, Area::Hamstrings], 30);
        let built = build_routine(&lib, &r).unwrap();
        check(&built, &r);
        for id in [
            "lizard-pose",
            "pigeon-pose",
            "worlds-greatest-stretch",
            "inchworm",
            "seated-forward-fold",
        ] {
            assert!(!ids(&built).iter().any(|i| i == id), "{id}");
        }
        // full-body, 15 min: many different stretches, over many areas, none inflated.
        let r = req(&[Area::FullBody], 15);
        let built = build_routine(&lib, &r).unwrap();
        check(&built, &r);
        assert!(built.steps.len() >= 8, "{:?}", ids(&built));
        let primaries: std::collections::BTreeSet<Area> = built
            .steps
            .iter()
            .map(|s| s.stretch.primary_area())
            .collect();
        assert!(primaries.len() >= 6, "{primaries:?}");
        let worked: std::collections::BTreeSet<Area> = built
            .steps
            .iter()
            .flat_map(|s| s.stretch.areas.iter().copied())
            .collect();
        assert!(worked.len() >= 12, "{worked:?}");
        // hip flexors + glutes, 8 min: warmed up, and no deep opener unasked.
        let r = req(&[Area::HipFlexors, Area::Glutes], 8);
        let built = build_routine(&lib, &r).unwrap();
        check(&built, &r);
        assert!(built.steps[0].stretch.is_dynamic(), "{:?}", ids(&built));
        // Asked for deep: the deep ones come, after a warm-up, and gentle ones end it.
        let mut deep = r.clone();
        deep.level = Some(Level::Deep);
        deep.seconds = 12 * 60;
        let built = build_routine(&lib, &deep).unwrap();
        check(&built, &deep);
        assert!(
            built.steps.iter().any(|s| s.stretch.level == Level::Deep),
            "{:?}",
            ids(&built)
        );
        let last = &built.steps.last().unwrap().stretch;
        assert_eq!(last.level, Level::Gentle, "{:?}", ids(&built));
        // A two-minute neck request works, and so does one minute.
        for minutes in [1, 2] {
            let r = req(&[Area::Neck], minutes);
            check(&build_routine(&lib, &r).unwrap(), &r);
        }
    }

    #[test]
    fn equipment_at_hand_and_stretches_that_hurt_are_honoured() {
        let lib = lib();
        let r = req(&[Area::UpperBack, Area::Chest, Area::Hamstrings], 10);
        let none = Limits {
            equipment: Some(vec![]),
            ..Limits::default()
        };
        let built = build_with(&lib, &r, &none).unwrap();
        check_with(&built.routine, &r, &none);
        assert!(
            built
                .routine
                .steps
                .iter()
                .all(|s| s.stretch.equipment.is_empty())
        );
        let towel = Limits {
            equipment: Some(vec!["towel".into()]),
            ..Limits::default()
        };
        let built = build_with(&lib, &r, &towel).unwrap();
        assert!(
            built
                .routine
                .steps
                .iter()
                .all(|s| s.stretch.equipment.iter().all(|e| e == "towel"))
        );
        let first = build_routine(&lib, &r).unwrap();
        let hurt = first.steps[1].stretch.id.clone();
        let limits = Limits {
            hurt: vec![hurt.clone()],
            ..Limits::default()
        };
        let built = build_with(&lib, &r, &limits).unwrap();
        assert!(!built.routine.steps.iter().any(|s| s.stretch.id == hurt));
        assert_eq!(built.notes.len(), 1, "{:?}", built.notes);
        assert!(
            built.notes[0].contains("hurt in the last 14 days"),
            "{:?}",
            built.notes
        );
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

    #[test]
    fn every_built_in_routine_written_out_reads_back_the_same() {
        // Opened in the picker and saved under a new name, a routine keeps every dose it
        // set: hold, reps, sets, tempo and breath (evening's slower cat-cow).
        let lib = lib();
        for source in crate::routine::builtin_sources() {
            let routine = parse_routine(&source, &lib).unwrap();
            let yaml = to_yaml(&routine);
            let back = parse_routine(
                &crate::library::Source {
                    name: "saved.yaml".into(),
                    text: yaml.clone(),
                    builtin: false,
                },
                &lib,
            )
            .unwrap_or_else(|e| panic!("{e}\n{yaml}"));
            assert_eq!(back.steps, routine.steps, "{}\n{yaml}", source.name);
        }
    }

    fn areas() -> impl Strategy<Value = Vec<Area>> {
        proptest::sample::subsequence(Area::ALL.to_vec(), 1..=3)
    }

    fn level() -> impl Strategy<Value = Option<Level>> {
        proptest::option::of(proptest::sample::select(Level::ALL.to_vec()))
    }

    fn conditions() -> impl Strategy<Value = Vec<Condition>> {
        proptest::sample::subsequence(Condition::ALL.to_vec(), 0..=2)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Whatever is asked, a routine that is built warms up first, has no deep stretch
        /// unless asked, keeps every dose in its stretch's range, and respects the
        /// conditions; and the time it reaches never shrinks as the budget grows.
        #[test]
        fn every_request_is_built_carefully(
            areas in areas(),
            level in level(),
            conditions in conditions(),
            seed in proptest::option::of(0u64..50),
        ) {
            let lib = lib();
            let limits = Limits { conditions, ..Limits::default() };
            let mut reached = 0;
            let mut filled_up = false;
            for minutes in [1, 2, 3, 5, 8, 12, 20, 30] {
                let r = Request { level, seed, ..req(&areas, minutes) };
                match build_with(&lib, &r, &limits) {
                    Ok(built) => {
                        check_with(&built.routine, &r, &limits);
                        let t = Timeline::build(&built.routine, Gaps::default(), Gaps::default()).total;
                        prop_assert!(
                            t >= reached && !filled_up,
                            "{areas:?} {minutes} min reached {t} s after {reached} s (filled up: {filled_up})"
                        );
                        reached = t;
                    }
                    Err(e) if e.starts_with("cannot fill") => filled_up = true,
                    Err(_) => {}
                }
            }
        }
    }
}
