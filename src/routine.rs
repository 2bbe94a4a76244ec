//! Routines: a named list of steps, each a stretch from the library with optional dose
//! overrides, and the get-ready, switch and rest times between them.

use crate::diag::{Diagnostic, Problems};
use crate::library::{Breath, Dose, Library, MAX_REPS, MAX_SETS, Origin, Pace, Source, Stretch};
use crate::yaml::{Doc, Node, Scope, Value, kind_of};

/// Times between the work, each optional (unset means: take it from elsewhere).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Gaps {
    pub prepare: Option<u32>,
    pub switch: Option<u32>,
    pub rest: Option<u32>,
}

impl Gaps {
    /// Fills what `self` leaves unset from `fallback`.
    #[must_use]
    pub fn or(self, fallback: Gaps) -> Gaps {
        Gaps {
            prepare: self.prepare.or(fallback.prepare),
            switch: self.switch.or(fallback.switch),
            rest: self.rest.or(fallback.rest),
        }
    }
}

/// One step of a routine: a stretch and its dose (the stretch's own, or overridden).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub stretch: Stretch,
    pub dose: Dose,
}

/// The equipment a list of steps needs, each item once, in the order first needed.
pub fn equipment(steps: &[Step]) -> Vec<String> {
    let mut all: Vec<String> = Vec::new();
    for item in steps.iter().flat_map(|s| &s.stretch.equipment) {
        if !all.contains(item) {
            all.push(item.clone());
        }
    }
    all
}

/// A routine ready to plan: every stretch resolved against the library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routine {
    pub name: String,
    pub description: Option<String>,
    pub gaps: Gaps,
    pub steps: Vec<Step>,
    pub origin: Origin,
}

/// The get-ready time: seconds before each stretch (0 for no get-ready phase at all), or
/// `wait`: each get-ready phase waits for the user, then counts its seconds down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prepare {
    Seconds(u32),
    Wait,
}

impl Prepare {
    pub fn seconds(self) -> Option<u32> {
        match self {
            Prepare::Seconds(n) => Some(n),
            Prepare::Wait => None,
        }
    }
}

/// What a get-ready time may be, for messages.
const PREPARE_FORMS: &str = "a time like `10s`, `0` for no get-ready phase, or `wait` to hold each one until you press space";

/// Reads a get-ready time: a duration up to 30 minutes, `0`, or `wait`; else the problem
/// and, for a word close to `wait`, a suggestion.
pub fn parse_prepare(s: &str) -> Result<Prepare, (String, Option<String>)> {
    let t = s.trim();
    if t == "wait" {
        return Ok(Prepare::Wait);
    }
    match crate::yaml::parse_duration(t) {
        Ok(n) if n > crate::yaml::MAX_SECONDS => Err((
            format!("`{t}` is longer than the 30 minute limit"),
            Some(format!("write {PREPARE_FORMS}")),
        )),
        Ok(n) => Ok(Prepare::Seconds(n)),
        Err(_) if !t.starts_with(|c: char| c.is_ascii_digit()) => Err((
            format!("`{t}` is not a get-ready time; expected {PREPARE_FORMS}"),
            crate::diag::did_you_mean(t, ["wait"]),
        )),
        Err(e) => Err((e, Some(format!("write {PREPARE_FORMS}")))),
    }
}

/// Reads `prepare:`: its seconds (0 for none) and whether it says `wait`, which only
/// `config.yaml` may (`wait_allowed`).
pub fn read_prepare(doc: &mut Doc, scope: &Scope<'_>, wait_allowed: bool) -> (Option<u32>, bool) {
    const KEY: &str = "prepare";
    let Some(v) = scope.map.get(KEY) else {
        return (None, false);
    };
    let parsed = match &v.value {
        Value::Int(0) => Ok(Prepare::Seconds(0)),
        Value::Str(text) => parse_prepare(text),
        // Negative, fractional or another kind: the duration rules say what is wrong.
        _ => return (doc.duration(scope, KEY), false),
    };
    match parsed {
        Ok(Prepare::Wait) if !wait_allowed => {
            doc.field_problem(
                scope,
                KEY,
                Some(v.pos()),
                "`wait` is for `config.yaml` or `--prepare wait`, not a routine file",
                Some(
                    "give the routine a time like `10s` (or `0`), and run it with `--prepare wait`"
                        .into(),
                ),
            );
            (None, false)
        }
        Ok(Prepare::Wait) => (None, true),
        Ok(Prepare::Seconds(n)) => (Some(n), false),
        Err((message, hint)) => {
            doc.field_problem(scope, KEY, Some(v.pos()), message, hint);
            (None, false)
        }
    }
}

pub const ROUTINE_FIELDS: &[&str] = &["name", "description", "prepare", "switch", "rest", "steps"];
pub const STEP_FIELDS: &[&str] = &["stretch", "hold", "reps", "tempo", "sets", "breath"];
/// A step's `breath` sets only the rhythm; the words stay the stretch's own.
pub const STEP_BREATH_FIELDS: &[&str] = &["in", "out"];

/// The built-in routines, compiled into the binary.
pub const BUILTIN_ROUTINES: &[(&str, &str)] = &[
    ("morning.yaml", include_str!("../routines/morning.yaml")),
    (
        "lower-back.yaml",
        include_str!("../routines/lower-back.yaml"),
    ),
    ("desk.yaml", include_str!("../routines/desk.yaml")),
    ("evening.yaml", include_str!("../routines/evening.yaml")),
    ("post-run.yaml", include_str!("../routines/post-run.yaml")),
    ("in-bed.yaml", include_str!("../routines/in-bed.yaml")),
    ("flare.yaml", include_str!("../routines/flare.yaml")),
];

/// The built-in routine files as sources.
pub fn builtin_sources() -> Vec<Source> {
    BUILTIN_ROUTINES
        .iter()
        .map(|(name, text)| Source {
            name: format!("<built-in>/routines/{name}"),
            text: (*text).to_string(),
            builtin: true,
        })
        .collect()
}

/// The file stem of a source name: `routines/my-hips.yaml` -> `my-hips`.
pub fn stem(name: &str) -> &str {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    file.strip_suffix(".yaml")
        .or_else(|| file.strip_suffix(".yml"))
        .unwrap_or(file)
}

/// Reads one routine file against the library; every problem is collected.
pub fn parse_routine(source: &Source, library: &Library) -> Result<Routine, Problems> {
    let (mut doc, value) = Doc::parse(&source.name, &source.text).map_err(|d| Problems(vec![d]))?;
    let Some(map) = value.as_map() else {
        return Err(Problems(vec![
            Diagnostic::new(
                &source.name,
                format!(
                    "expected a routine (a mapping with `name` and `steps`), found {}",
                    kind_of(&value.value)
                ),
            )
            .at(Some(value.pos())),
        ]));
    };
    let context = match map.get("name").and_then(Node::as_str) {
        Some(n) if crate::yaml::check_text(n).is_ok() => format!("routine `{}`", n.trim()),
        _ => format!("routine `{}`", stem(&source.name)),
    };
    let scope = Scope::new(&value, map, Some(context.clone()));
    doc.check_keys(&scope, ROUTINE_FIELDS);
    let name = doc.text(&scope, "name", false);
    let description = doc.text(&scope, "description", false);
    let gaps = Gaps {
        prepare: read_prepare(&mut doc, &scope, false).0,
        switch: doc.duration(&scope, "switch"),
        rest: doc.duration(&scope, "rest"),
    };
    let mut steps = Vec::new();
    match map.get("steps").map(|n| &n.value) {
        None => doc.missing(&scope, "steps", "a list of steps like `- stretch: cat-cow`"),
        Some(Value::Seq(items)) if items.is_empty() => doc.field_problem(
            &scope,
            "steps",
            None,
            "the routine has no steps",
            Some("add at least one step like `- stretch: cat-cow`".into()),
        ),
        Some(Value::Seq(items)) => {
            for (i, item) in items.iter().enumerate() {
                if let Some(step) = read_step(&mut doc, &scope, i, item, library) {
                    steps.push(step);
                }
            }
        }
        Some(other) => doc.field_problem(
            &scope,
            "steps",
            None,
            format!("expected a list of steps, found {}", kind_of(other)),
            None,
        ),
    }
    if doc.reported() == 0 {
        let length = length(&steps, gaps);
        if length > MAX_ROUTINE_SECONDS {
            doc.report(
                value.pos(),
                None,
                None,
                format!(
                    "{context} lasts {}; a routine may last at most 24 hours",
                    long_clock(length)
                ),
                Some("split it into shorter routines, or use fewer sets or shorter holds".into()),
            );
        }
    }
    if doc.reported() > 0 {
        let mut problems = doc.into_problems();
        crate::diag::attach_lines(&mut problems, &source.text);
        return Err(Problems(problems));
    }
    Ok(Routine {
        name: name.unwrap_or_else(|| stem(&source.name).to_string()),
        description,
        gaps,
        steps,
        origin: Origin {
            file: source.name.as_str().into(),
            line: 1,
            builtin: source.builtin,
        },
    })
}

/// `25:08:20`: hours, minutes and seconds, however many hours.
pub fn long_clock(secs: u64) -> String {
    format!("{}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
}

fn read_step(
    doc: &mut Doc,
    routine: &Scope<'_>,
    i: usize,
    item: &Node<'_>,
    library: &Library,
) -> Option<Step> {
    let base = routine.context.clone().unwrap_or_default();
    let Some(map) = item.as_map() else {
        doc.report(
            item.pos(),
            Some(&format!("{base}, step {}", i + 1)),
            None,
            format!(
                "expected a step like `stretch: cat-cow`, found {}",
                kind_of(&item.value)
            ),
            None,
        );
        return None;
    };
    let scope = Scope::new(item, map, Some(format!("{base}, step {}", i + 1)));
    let before = doc.reported();
    doc.check_keys(&scope, STEP_FIELDS);
    let id = doc.text(&scope, "stretch", true)?;
    let stretch = match library.lookup(&id) {
        Ok(s) => s,
        Err((message, hint)) => {
            doc.field_problem(&scope, "stretch", None, message, hint);
            return None;
        }
    };
    let hold = doc.duration(&scope, "hold");
    let reps = doc.count(&scope, "reps", 1, MAX_REPS);
    let tempo = doc.duration(&scope, "tempo");
    let sets = doc.count(&scope, "sets", 1, MAX_SETS);
    let breath = doc.sub(&scope, "breath").map(|b| {
        doc.check_keys(&b, STEP_BREATH_FIELDS);
        if !b.map.contains_key("in") && !b.map.contains_key("out") {
            doc.missing(
                &b,
                "in",
                "the inhale's length, like `4s`, or `out` for the exhale's",
            );
        }
        (doc.duration(&b, "in"), doc.duration(&b, "out"))
    });
    if breath.is_some() && tempo.is_some() {
        doc.field_problem(
            &scope,
            "breath",
            None,
            "a step paces its reps by `tempo` or by `breath`, not both",
            Some("keep one of them".into()),
        );
    }
    if doc.reported() > before {
        return None;
    }
    let dose =
        match apply_overrides(&stretch.dose, hold, reps, tempo, sets).and_then(|d| match breath {
            Some((inhale, exhale)) => apply_breath(&d, inhale, exhale),
            None => Ok(d),
        }) {
            Ok(d) => d,
            Err((field, message, hint)) => {
                doc.field_problem(&scope, field, None, message, Some(hint));
                return None;
            }
        };
    if let Some(message) = crate::library::too_long(&dose, stretch.sides) {
        let field = if map.contains_key("reps") {
            "reps"
        } else {
            "tempo"
        };
        doc.field_problem(
            &scope,
            field,
            None,
            message,
            Some("use fewer reps, or spread them over `sets`".into()),
        );
        return None;
    }
    Some(Step {
        stretch: stretch.clone(),
        dose,
    })
}

/// A dose with a step's `breath: {in, out}` applied: the rhythm of breath-paced reps, or of
/// a hold's pacer; either half left out keeps the stretch's own.
pub fn apply_breath(
    dose: &Dose,
    inhale: Option<u32>,
    exhale: Option<u32>,
) -> Result<Dose, (&'static str, String, String)> {
    let retime = |b: &Breath| Breath {
        inhale: inhale.unwrap_or(b.inhale),
        exhale: exhale.unwrap_or(b.exhale),
        ..b.clone()
    };
    match dose {
        Dose::Reps {
            reps,
            sets,
            pace: Pace::Breath(b),
        } => Ok(Dose::Reps {
            reps: *reps,
            sets: *sets,
            pace: Pace::Breath(retime(b)),
        }),
        Dose::Reps { .. } => Err((
            "breath",
            "this stretch's reps are paced by a tempo, so `breath` does not apply".into(),
            "override `tempo` instead".into(),
        )),
        Dose::Hold { hold, sets, pacer } => {
            let pacer = match (pacer, inhale, exhale) {
                (Some(b), _, _) => retime(b),
                (None, Some(inhale), Some(exhale)) => Breath {
                    inhale,
                    exhale,
                    in_cue: None,
                    out_cue: None,
                },
                (None, _, _) => {
                    return Err((
                        "breath",
                        "this hold has no breathing rhythm of its own to change".into(),
                        "give both halves, like `breath: {in: 4s, out: 6s}`".into(),
                    ));
                }
            };
            Ok(Dose::Hold {
                hold: *hold,
                sets: *sets,
                pacer: Some(pacer),
            })
        }
    }
}

/// A dose with a step's overrides applied, or which override does not fit and why.
pub fn apply_overrides(
    dose: &Dose,
    hold: Option<u32>,
    reps: Option<u32>,
    tempo: Option<u32>,
    sets: Option<u32>,
) -> Result<Dose, (&'static str, String, String)> {
    match dose.clone() {
        Dose::Hold {
            hold: h,
            sets: n,
            pacer,
        } => {
            if reps.is_some() || tempo.is_some() {
                let field = if reps.is_some() { "reps" } else { "tempo" };
                return Err((
                    field,
                    format!("this stretch is a hold, so `{field}` does not apply"),
                    "override `hold` or `sets` instead".into(),
                ));
            }
            Ok(Dose::Hold {
                hold: hold.unwrap_or(h),
                sets: sets.unwrap_or(n),
                pacer,
            })
        }
        Dose::Reps {
            reps: r,
            sets: n,
            pace,
        } => {
            if hold.is_some() {
                return Err((
                    "hold",
                    "this stretch is done in reps, so `hold` does not apply".into(),
                    "override `reps`, `tempo` or `sets` instead".into(),
                ));
            }
            let pace = match (pace, tempo) {
                (Pace::Breath(_) | Pace::Tempo(_), Some(t)) => Pace::Tempo(t),
                (pace, None) => pace,
            };
            Ok(Dose::Reps {
                reps: reps.unwrap_or(r),
                sets: sets.unwrap_or(n),
                pace,
            })
        }
    }
}

/// Every routine known: built-in first, then the user's.
#[derive(Debug, Clone, Default)]
pub struct Routines {
    pub list: Vec<Routine>,
}

impl Routines {
    /// Reads every source; every problem of every file is collected.
    pub fn from_sources(sources: &[Source], library: &Library) -> Result<Self, Problems> {
        let mut list: Vec<Routine> = Vec::new();
        let mut problems = Vec::new();
        for source in sources {
            match parse_routine(source, library) {
                Ok(r) => {
                    if let Some(i) = list.iter().position(|o| o.name == r.name) {
                        list[i] = r;
                    } else {
                        list.push(r);
                    }
                }
                Err(mut p) => problems.append(&mut p.0),
            }
        }
        if problems.is_empty() {
            Ok(Self { list })
        } else {
            Err(Problems(problems))
        }
    }

    pub fn get(&self, name: &str) -> Option<&Routine> {
        self.list
            .iter()
            .find(|r| r.name == name)
            .or_else(|| self.list.iter().find(|r| stem(&r.origin.file) == name))
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.list.iter().map(|r| r.name.as_str())
    }
}

/// The primary areas of a routine's steps, most worked first.
pub fn routine_areas(steps: &[Step]) -> Vec<crate::library::Area> {
    let mut counts: Vec<(crate::library::Area, usize)> = Vec::new();
    for step in steps {
        let a = step.stretch.primary_area();
        match counts.iter_mut().find(|(x, _)| *x == a) {
            Some(c) => c.1 += 1,
            None => counts.push((a, 1)),
        }
    }
    counts.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
    counts.into_iter().map(|(a, _)| a).collect()
}

/// Built-in times between the work, used when nothing else sets them.
pub const DEFAULT_GAPS: Gaps = Gaps {
    prepare: Some(10),
    switch: Some(5),
    rest: Some(10),
};

/// The longest a routine may last: 24 hours.
pub const MAX_ROUTINE_SECONDS: u64 = 24 * 60 * 60;

/// How long `steps` last with these gaps (unset ones from [`DEFAULT_GAPS`]), exactly as
/// `Timeline::from_steps` lays them out, counted in `u64` so that no length wraps around.
pub fn length(steps: &[Step], gaps: Gaps) -> u64 {
    let gaps = gaps.or(DEFAULT_GAPS);
    let (prepare, switch, rest) = (
        u64::from(gaps.prepare.unwrap_or(10)),
        u64::from(gaps.switch.unwrap_or(5)),
        u64::from(gaps.rest.unwrap_or(10)),
    );
    steps.iter().fold(0u64, |sum, step| {
        let sets = u64::from(step.dose.sets());
        let work = u64::from(crate::library::work_seconds(&step.dose, step.stretch.sides));
        let one_set = if step.stretch.sides == crate::library::Sides::Each {
            work.saturating_mul(2).saturating_add(switch)
        } else {
            work
        };
        let step = prepare
            .saturating_add(sets.saturating_mul(one_set))
            .saturating_add(sets.saturating_sub(1).saturating_mul(rest));
        sum.saturating_add(step)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn library() -> Library {
        Library::from_sources(&[Source {
            name: "lib.yaml".into(),
            text: "\
- id: cat-cow
  name: Cat-Cow
  areas: [lower-back]
  position: floor
  level: gentle
  reps: 8
  breath: {in: 3s, out: 3s, in_cue: cow, out_cue: cat}
- id: pigeon-pose
  name: Pigeon
  areas: [glutes]
  position: floor
  level: deep
  sides: each
  hold: 30s
"
            .into(),
            builtin: false,
        }])
        .unwrap()
    }

    fn routine(text: &str) -> Result<Routine, Vec<String>> {
        parse_routine(
            &Source {
                name: "r.yaml".into(),
                text: text.into(),
                builtin: false,
            },
            &library(),
        )
        .map_err(|p| p.0.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn reads_steps_and_overrides() {
        let r = routine("name: test\nprepare: 5s\nsteps:\n  - stretch: cat-cow\n    reps: 4\n  - stretch: pigeon-pose\n    hold: 45s\n    sets: 2\n").unwrap();
        assert_eq!(r.name, "test");
        assert_eq!(r.gaps.prepare, Some(5));
        assert_eq!(r.gaps.switch, None);
        assert!(matches!(r.steps[0].dose, Dose::Reps { reps: 4, .. }));
        assert_eq!(
            r.steps[1].dose,
            Dose::Hold {
                hold: 45,
                sets: 2,
                pacer: None
            }
        );
    }

    #[test]
    fn a_step_can_slow_the_breath_but_keeps_the_stretchs_words() {
        let r = routine("name: test\nsteps:\n  - stretch: cat-cow\n    reps: 6\n    breath: {in: 4s, out: 5s}\n  - stretch: pigeon-pose\n    breath: {in: 4s, out: 6s}\n").unwrap();
        let Dose::Reps {
            reps: 6,
            pace: Pace::Breath(b),
            ..
        } = &r.steps[0].dose
        else {
            panic!("{:?}", r.steps[0].dose)
        };
        assert_eq!((b.inhale, b.exhale), (4, 5));
        let Dose::Reps {
            pace: Pace::Breath(own),
            ..
        } = &r.steps[0].stretch.dose
        else {
            panic!("cat-cow is breath-paced")
        };
        assert_eq!(b.in_cue, own.in_cue);
        assert!(b.in_cue.is_some());
        let Dose::Hold { pacer: Some(p), .. } = &r.steps[1].dose else {
            panic!("{:?}", r.steps[1].dose)
        };
        assert_eq!((p.inhale, p.exhale), (4, 6));
    }

    #[test]
    fn a_steps_breath_that_does_not_fit_says_why() {
        let e = routine("name: test\nsteps:\n  - stretch: pigeon-pose\n    breath: {out: 6s}\n")
            .unwrap_err();
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].starts_with("r.yaml:4:13: routine `test`, step 1, field `breath`: this hold has no breathing rhythm"), "{}", e[0]);
        assert!(e[0].contains("breath: {in: 4s, out: 6s}"), "{}", e[0]);
        let e = routine(
            "name: test\nsteps:\n  - stretch: cat-cow\n    tempo: 4s\n    breath: {in: 4s}\n",
        )
        .unwrap_err();
        assert!(
            e[0].contains(
                "field `breath`: a step paces its reps by `tempo` or by `breath`, not both"
            ),
            "{e:?}"
        );
        let e =
            routine("name: test\nsteps:\n  - stretch: cat-cow\n    breath: {in: 4s, cue: hi}\n")
                .unwrap_err();
        assert!(
            e[0].contains("field `breath.cue`: unknown field; expected one of: in, out"),
            "{e:?}"
        );
        let e = routine("name: test\nsteps:\n  - stretch: cat-cow\n    breath: {}\n").unwrap_err();
        assert!(e[0].contains("breath"), "{e:?}");
    }

    #[test]
    fn unknown_stretch_suggests_the_closest() {
        let e = routine("name: test\nsteps:\n  - stretch: cat-cwo\n").unwrap_err();
        assert_eq!(
            e,
            vec![
                "r.yaml:3:14: routine `test`, step 1, field `stretch`: unknown stretch `cat-cwo` (did you mean `cat-cow`?)"
            ]
        );
    }

    #[test]
    fn rejects_empty_steps_and_bad_overrides() {
        let e = routine("name: test\nsteps: []\n").unwrap_err();
        assert!(e[0].contains("no steps"), "{e:?}");
        let e = routine("name: test\nrest: 0s\nsteps:\n  - stretch: pigeon-pose\n    reps: 3\n  - stretch: cat-cow\n    hold: 2h\n").unwrap_err();
        assert_eq!(e.len(), 3, "{e:?}");
        assert!(
            e[0].starts_with("r.yaml:2:7: routine `test`, field `rest`: a duration of zero"),
            "{}",
            e[0]
        );
        assert!(
            e[1].contains("step 1, field `reps`: this stretch is a hold"),
            "{}",
            e[1]
        );
        assert!(
            e[2].contains("step 2, field `hold`: cannot read `2h`"),
            "{}",
            e[2]
        );
    }

    #[test]
    fn refuses_a_routine_longer_than_a_day_and_says_how_long() {
        let step = "  - stretch: pigeon-pose\n    hold: 30m\n    sets: 10\n";
        let long = format!("name: long\nsteps:\n{}", step.repeat(3));
        // cat-cow: 10 prepare + 10 sets × 8 breaths of 6s + 9 rests of 10s, a step
        let short = long
            .replace("pigeon-pose", "cat-cow")
            .replace("    hold: 30m\n", "");
        let r = routine(&short).unwrap();
        assert_eq!(length(&r.steps, r.gaps), 3 * (10 + 10 * 48 + 9 * 10));
        // pigeon-pose, each side: 10 + 10 × (30m + 5s switch + 30m) + 9 × 10, a step
        let e = routine(&long).unwrap_err();
        assert_eq!(
            e,
            vec![
                "r.yaml:1:1: routine `long` lasts 30:07:30; a routine may last at most 24 hours (split it into shorter routines, or use fewer sets or shorter holds)"
            ]
        );
    }

    #[test]
    fn stem_strips_folders_and_extension() {
        assert_eq!(stem("a/b/my-hips.yaml"), "my-hips");
        assert_eq!(stem("x.yml"), "x");
    }
}
