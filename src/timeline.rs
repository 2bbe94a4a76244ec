//! A routine laid out in time: the exact list of phases, the same for `plan`, `run` and
//! history.
//!
//! For each step: Prepare; then for each set the work on each side in order (for `each`:
//! left work, Switch, right work); Rest between sets, not after the last. Reps last
//! `reps × tempo` (or `reps × breath`); `alternating` counts reps per side, so its one work
//! phase lasts `2 × reps × tempo` and has no side of its own.

use crate::library::{Dose, Sides};
use crate::routine::{Gaps, Routine, Step};
use serde::Serialize;

pub use crate::routine::{DEFAULT_GAPS, MAX_ROUTINE_SECONDS, length};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PhaseKind {
    Prepare,
    Work,
    Switch,
    Rest,
}

impl PhaseKind {
    pub fn label(self) -> &'static str {
        match self {
            PhaseKind::Prepare => "prepare",
            PhaseKind::Work => "work",
            PhaseKind::Switch => "switch sides",
            PhaseKind::Rest => "rest",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Left,
    Right,
}

impl Side {
    pub fn label(self) -> &'static str {
        match self {
            Side::Left => "left",
            Side::Right => "right",
        }
    }
}

/// One stretch of time with one thing to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phase {
    pub kind: PhaseKind,
    /// Index into [`Timeline::steps`].
    pub step: usize,
    /// The side worked (for a switch: the side coming next).
    pub side: Option<Side>,
    /// The set this phase belongs to, from 1 (for a rest: the set just done).
    pub set: u32,
    pub sets: u32,
    /// Reps in this work phase (per side for `alternating`).
    pub reps: Option<u32>,
    /// Seconds from the start of the routine.
    pub start: u32,
    pub seconds: u32,
}

impl Phase {
    pub fn end(&self) -> u32 {
        self.start.saturating_add(self.seconds)
    }
}

/// The routine as a schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    pub name: String,
    pub steps: Vec<Step>,
    pub phases: Vec<Phase>,
    pub total: u32,
}

pub use crate::library::work_seconds;

impl Timeline {
    /// The routine's length as `h:mm:ss` when it lasts more than 24 hours (the most a
    /// routine may), else `None`.
    pub fn beyond_a_day(&self) -> Option<String> {
        let total = u64::from(self.total);
        (total > MAX_ROUTINE_SECONDS).then(|| crate::routine::long_clock(total))
    }

    /// Lays out `routine`. Each gap comes from the first that sets it: the command-line
    /// `flags`, the routine file, the `config` file, then [`DEFAULT_GAPS`].
    pub fn build(routine: &Routine, flags: Gaps, config: Gaps) -> Timeline {
        let gaps = flags.or(routine.gaps).or(config);
        Self::from_steps(&routine.name, routine.steps.clone(), gaps)
    }

    pub fn from_steps(name: &str, steps: Vec<Step>, gaps: Gaps) -> Timeline {
        let gaps = gaps.or(DEFAULT_GAPS);
        let (prepare, switch, rest) = (
            gaps.prepare.unwrap_or(10),
            gaps.switch.unwrap_or(5),
            gaps.rest.unwrap_or(10),
        );
        let mut phases = Vec::new();
        let mut t: u32 = 0;
        let mut push = |phases: &mut Vec<Phase>, mut p: Phase| {
            p.start = t;
            t = t.saturating_add(p.seconds);
            phases.push(p);
        };
        for (i, step) in steps.iter().enumerate() {
            let sets = step.dose.sets();
            let reps = match step.dose {
                Dose::Reps { reps, .. } => Some(reps),
                Dose::Hold { .. } => None,
            };
            let sides = step.stretch.sides;
            let work = work_seconds(&step.dose, sides);
            let phase = |kind, side, set, seconds| Phase {
                kind,
                step: i,
                side,
                set,
                sets,
                reps: if kind == PhaseKind::Work { reps } else { None },
                start: 0,
                seconds,
            };
            // `prepare: 0` is no get-ready phase at all: the stretch starts with its work.
            if prepare > 0 {
                push(&mut phases, phase(PhaseKind::Prepare, None, 1, prepare));
            }
            for set in 1..=sets {
                if sides == Sides::Each {
                    push(
                        &mut phases,
                        phase(PhaseKind::Work, Some(Side::Left), set, work),
                    );
                    push(
                        &mut phases,
                        phase(PhaseKind::Switch, Some(Side::Right), set, switch),
                    );
                    push(
                        &mut phases,
                        phase(PhaseKind::Work, Some(Side::Right), set, work),
                    );
                } else {
                    push(&mut phases, phase(PhaseKind::Work, None, set, work));
                }
                if set < sets {
                    push(&mut phases, phase(PhaseKind::Rest, None, set, rest));
                }
            }
        }
        Timeline {
            name: name.to_string(),
            steps,
            phases,
            total: t,
        }
    }

    /// Whether phase `index` is a stretch's work with no get-ready phase before it
    /// (`prepare: 0`): where the stretch's setup and cautions must be told instead.
    pub fn unprepared(&self, index: usize) -> bool {
        let Some(phase) = self.phases.get(index) else {
            return false;
        };
        let begins = index == 0 || self.phases[index - 1].step != phase.step;
        begins && phase.kind == PhaseKind::Work
    }

    /// The index of the routine's first held work phase, if it has one.
    pub fn first_hold(&self) -> Option<usize> {
        self.phases
            .iter()
            .position(|p| p.kind == PhaseKind::Work && self.steps[p.step].dose.is_hold())
    }

    /// Seconds of work (holds and reps) in the whole routine.
    pub fn work_total(&self) -> u32 {
        self.phases
            .iter()
            .filter(|p| p.kind == PhaseKind::Work)
            .fold(0u32, |sum, p| sum.saturating_add(p.seconds))
    }
}

/// The stable `--json` shape of one phase (documented in the README).
#[derive(Debug, Serialize)]
pub struct PhaseJson<'a> {
    pub kind: PhaseKind,
    pub stretch: &'a str,
    pub side: Option<Side>,
    pub set: u32,
    pub sets: u32,
    pub reps: Option<u32>,
    pub start_seconds: u32,
    pub seconds: u32,
}

/// One stretch of a plan, once, with what to know before doing it.
#[derive(Debug, Serialize)]
pub struct StepJson<'a> {
    pub stretch: &'a str,
    pub name: &'a str,
    pub equipment: &'a [String],
    pub cautions: &'a [String],
}

/// The stable `--json` shape of a plan.
#[derive(Debug, Serialize)]
pub struct PlanJson<'a> {
    pub name: &'a str,
    pub total_seconds: u32,
    /// Everything the routine needs, each item once.
    pub equipment: Vec<String>,
    /// The steps in order, each with its stretch's equipment and cautions.
    pub steps: Vec<StepJson<'a>>,
    pub phases: Vec<PhaseJson<'a>>,
    /// What was changed for the user's conditions, as lines (absent when nothing was).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<String>,
}

impl Timeline {
    pub fn to_json(&self) -> PlanJson<'_> {
        PlanJson {
            name: &self.name,
            total_seconds: self.total,
            equipment: crate::routine::equipment(&self.steps),
            steps: self
                .steps
                .iter()
                .map(|s| StepJson {
                    stretch: &s.stretch.id,
                    name: &s.stretch.name,
                    equipment: &s.stretch.equipment,
                    cautions: &s.stretch.cautions,
                })
                .collect(),
            phases: self
                .phases
                .iter()
                .map(|p| PhaseJson {
                    kind: p.kind,
                    stretch: &self.steps[p.step].stretch.id,
                    side: p.side,
                    set: p.set,
                    sets: p.sets,
                    reps: p.reps,
                    start_seconds: p.start,
                    seconds: p.seconds,
                })
                .collect(),
            changes: Vec::new(),
        }
    }
}

/// Seconds a dose takes, get-ready time excluded: every set's work on each side, the
/// side switches and the rests between sets (the timeline's rule, worked out directly).
pub fn dose_seconds(dose: &Dose, sides: Sides, gaps: Gaps) -> u32 {
    let gaps = gaps.or(DEFAULT_GAPS);
    let work = work_seconds(dose, sides);
    let per_set = if sides == Sides::Each {
        work.saturating_mul(2)
            .saturating_add(gaps.switch.unwrap_or(0))
    } else {
        work
    };
    let sets = dose.sets();
    sets.saturating_mul(per_set).saturating_add(
        sets.saturating_sub(1)
            .saturating_mul(gaps.rest.unwrap_or(0)),
    )
}

/// Seconds one step takes, get-ready time excluded.
pub fn step_seconds(step: &Step, gaps: Gaps) -> u32 {
    dose_seconds(&step.dose, step.stretch.sides, gaps)
}

/// Seconds a stretch's own dose takes, get-ready time excluded.
pub fn stretch_seconds(s: &crate::library::Stretch) -> u32 {
    dose_seconds(&s.dose, s.sides, Gaps::default())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn dose_seconds_agrees_with_the_timeline_for_every_stretch() {
        let lib = crate::library::Library::builtin().unwrap();
        for gaps in [
            Gaps::default(),
            Gaps {
                prepare: Some(3),
                switch: Some(7),
                rest: Some(20),
            },
        ] {
            for s in lib.stretches() {
                let step = Step {
                    stretch: s.clone(),
                    dose: s.dose.clone(),
                };
                let t = Timeline::from_steps("", vec![step.clone()], gaps);
                let prepare = t.phases[0].seconds;
                assert_eq!(step_seconds(&step, gaps), t.total - prepare, "{}", s.id);
            }
        }
    }

    use crate::library::{Breath, Level, Origin, Pace, Position, Stretch};

    pub fn stretch(id: &str, sides: Sides, dose: Dose) -> Step {
        Step {
            stretch: Stretch {
                id: id.into(),
                name: id.into(),
                summary: None,
                areas: vec![crate::library::Area::Hips],
                position: Position::Floor,
                equipment: vec![],
                level: Level::Gentle,
                loads: vec![],
                sides,
                dose: dose.clone(),
                setup: vec!["Get down.".into()],
                cues: vec!["Breathe.".into()],
                cautions: vec![],
                exhale_first: false,
                max_hold: None,
                max_reps: None,
                max_sets: None,
                turns_halfway: false,
                avoid_with: vec![],
                alternative: None,
                alternative_at: None,
                tempo_cues: None,
                figure: None,
                origin: Origin {
                    file: "t".into(),
                    line: 1,
                    builtin: false,
                },
            },
            dose,
        }
    }

    pub fn hold(secs: u32, sets: u32) -> Dose {
        Dose::Hold {
            hold: secs,
            sets,
            pacer: None,
        }
    }

    pub fn tempo(reps: u32, secs: u32, sets: u32) -> Dose {
        Dose::Reps {
            reps,
            sets,
            pace: Pace::Tempo(secs),
        }
    }

    pub fn breath(reps: u32, inhale: u32, exhale: u32) -> Dose {
        Dose::Reps {
            reps,
            sets: 1,
            pace: Pace::Breath(Breath {
                inhale,
                exhale,
                in_cue: Some("up".into()),
                out_cue: Some("down".into()),
            }),
        }
    }

    const GAPS: Gaps = Gaps {
        prepare: Some(10),
        switch: Some(5),
        rest: Some(15),
    };

    fn shape(t: &Timeline) -> Vec<(PhaseKind, Option<Side>, u32, u32, u32)> {
        t.phases
            .iter()
            .map(|p| (p.kind, p.side, p.set, p.start, p.seconds))
            .collect()
    }

    use PhaseKind::{Prepare, Rest, Switch, Work};

    #[test]
    fn length_is_the_timeline_total_and_never_wraps() {
        let steps = vec![
            stretch("a", Sides::Both, hold(30, 2)),
            stretch("b", Sides::Each, hold(45, 3)),
            stretch("c", Sides::Alternating, tempo(10, 4, 2)),
            stretch("d", Sides::Each, breath(8, 3, 3)),
        ];
        for gaps in [GAPS, Gaps::default()] {
            let t = Timeline::from_steps("t", steps.clone(), gaps);
            assert_eq!(length(&steps, gaps), u64::from(t.total));
        }
        // Far past what u32 seconds can hold: saturated, never wrapped around.
        let huge = stretch("h", Sides::Alternating, tempo(u32::MAX, u32::MAX, 3));
        assert_eq!(work_seconds(&huge.dose, Sides::Alternating), u32::MAX);
        assert!(length(&[huge.clone(), huge.clone()], GAPS) > u64::from(u32::MAX));
        let t = Timeline::from_steps("t", vec![huge], GAPS);
        assert_eq!(t.total, u32::MAX);
        assert!(t.phases.iter().all(|p| p.end() >= p.start));
    }

    #[test]
    fn a_hold_on_both_sides_with_two_sets() {
        let t = Timeline::from_steps("t", vec![stretch("a", Sides::Both, hold(30, 2))], GAPS);
        // 10 prepare + 30 + 15 rest + 30 = 85
        assert_eq!(
            shape(&t),
            vec![
                (Prepare, None, 1, 0, 10),
                (Work, None, 1, 10, 30),
                (Rest, None, 1, 40, 15),
                (Work, None, 2, 55, 30),
            ]
        );
        assert_eq!(t.total, 85);
    }

    #[test]
    fn each_side_switches_inside_every_set() {
        let t = Timeline::from_steps("t", vec![stretch("a", Sides::Each, hold(30, 2))], GAPS);
        // 10 + (30 + 5 + 30) + 15 + (30 + 5 + 30) = 155
        assert_eq!(
            shape(&t),
            vec![
                (Prepare, None, 1, 0, 10),
                (Work, Some(Side::Left), 1, 10, 30),
                (Switch, Some(Side::Right), 1, 40, 5),
                (Work, Some(Side::Right), 1, 45, 30),
                (Rest, None, 1, 75, 15),
                (Work, Some(Side::Left), 2, 90, 30),
                (Switch, Some(Side::Right), 2, 120, 5),
                (Work, Some(Side::Right), 2, 125, 30),
            ]
        );
        assert_eq!(t.total, 155);
    }

    #[test]
    fn reps_last_reps_times_tempo_or_breath() {
        let t = Timeline::from_steps(
            "t",
            vec![
                stretch("swing", Sides::Each, tempo(10, 2, 1)),
                stretch("cat", Sides::Both, breath(8, 3, 2)),
            ],
            GAPS,
        );
        // swing: 10 + 20 + 5 + 20 = 55; cat: 10 + 8 × 5 = 50; total 105
        assert_eq!(
            shape(&t),
            vec![
                (Prepare, None, 1, 0, 10),
                (Work, Some(Side::Left), 1, 10, 20),
                (Switch, Some(Side::Right), 1, 30, 5),
                (Work, Some(Side::Right), 1, 35, 20),
                (Prepare, None, 1, 55, 10),
                (Work, None, 1, 65, 40),
            ]
        );
        assert_eq!(t.total, 105);
        assert_eq!(t.phases[1].reps, Some(10));
        assert_eq!(t.phases[0].reps, None);
        assert_eq!(t.work_total(), 80);
    }

    #[test]
    fn alternating_is_one_phase_of_twice_the_reps() {
        let t = Timeline::from_steps(
            "t",
            vec![stretch("bird", Sides::Alternating, tempo(6, 4, 2))],
            GAPS,
        );
        // 10 + 2×6×4 = 48, rest 15, 48: 10 + 48 + 15 + 48 = 121
        assert_eq!(
            shape(&t),
            vec![
                (Prepare, None, 1, 0, 10),
                (Work, None, 1, 10, 48),
                (Rest, None, 1, 58, 15),
                (Work, None, 2, 73, 48),
            ]
        );
        assert_eq!(t.total, 121);
    }

    #[test]
    fn prepare_zero_has_no_get_ready_phase_at_all() {
        let gaps = Gaps {
            prepare: Some(0),
            ..GAPS
        };
        let steps = vec![
            stretch("a", Sides::Each, hold(30, 1)),
            stretch("b", Sides::Both, hold(20, 2)),
        ];
        let t = Timeline::from_steps("t", steps.clone(), gaps);
        // a: 30 + 5 + 30; b: 20 + 15 + 20 = 120
        assert_eq!(
            shape(&t),
            vec![
                (Work, Some(Side::Left), 1, 0, 30),
                (Switch, Some(Side::Right), 1, 30, 5),
                (Work, Some(Side::Right), 1, 35, 30),
                (Work, None, 1, 65, 20),
                (Rest, None, 1, 85, 15),
                (Work, None, 2, 100, 20),
            ]
        );
        assert!(t.phases.iter().all(|p| p.kind != Prepare));
        assert_eq!(t.total, 120);
        assert_eq!(length(&steps, gaps), 120);
        // Each stretch's first work phase is where its setup and cautions are told.
        let unprepared: Vec<usize> = (0..t.phases.len()).filter(|i| t.unprepared(*i)).collect();
        assert_eq!(unprepared, vec![0, 3]);
        let json = serde_json::to_value(t.to_json()).unwrap();
        assert_eq!(json["phases"][0]["kind"], "work");
        // With a get-ready phase, none is.
        let t = Timeline::from_steps("t", steps, GAPS);
        assert!((0..t.phases.len()).all(|i| !t.unprepared(i)));
    }

    #[test]
    fn unset_gaps_take_the_defaults() {
        let t = Timeline::from_steps(
            "t",
            vec![stretch("a", Sides::Each, hold(20, 2))],
            Gaps::default(),
        );
        // 10 + 20 + 5 + 20 + 10 + 20 + 5 + 20 = 110
        assert_eq!(t.total, 110);
    }

    #[test]
    fn json_names_each_phase() {
        let t = Timeline::from_steps("t", vec![stretch("a", Sides::Each, hold(20, 1))], GAPS);
        let json = serde_json::to_value(t.to_json()).unwrap();
        assert_eq!(json["total_seconds"], 55);
        assert_eq!(json["phases"][1]["kind"], "work");
        assert_eq!(json["phases"][1]["side"], "left");
        assert_eq!(json["phases"][2]["kind"], "switch");
        assert_eq!(json["phases"][0]["side"], serde_json::Value::Null);
        assert_eq!(json["phases"][3]["start_seconds"], 35);
        assert_eq!(json["steps"][0]["stretch"], "a");
        assert_eq!(json["steps"][0]["cautions"], serde_json::json!([]));
        assert_eq!(json["equipment"], serde_json::json!([]));
    }
}
