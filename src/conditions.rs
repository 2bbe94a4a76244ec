//! Conditions a user names (`--condition disc`, `conditions:` in config.yaml): which
//! stretches they rule out, and a routine adapted to them, each ruled-out stretch swapped
//! for its `alternative` or left out, with a line saying what changed. Pure: the caller
//! passes the library and the conditions.

use crate::library::{Condition, Library, Stretch};
use crate::routine::{Routine, Step};
use crate::yaml::Vocab;

/// The conditions among `conditions` that rule `stretch` out (none: it is fine).
pub fn ruled_out_by(stretch: &Stretch, conditions: &[Condition]) -> Vec<Condition> {
    stretch
        .avoid_with
        .iter()
        .copied()
        .filter(|c| conditions.contains(c))
        .collect()
}

/// Whether any of `conditions` rules `stretch` out.
pub fn rules_out(stretch: &Stretch, conditions: &[Condition]) -> bool {
    stretch.avoid_with.iter().any(|c| conditions.contains(c))
}

/// Conditions as words: `disc, pregnancy`.
pub fn names(conditions: &[Condition]) -> String {
    conditions
        .iter()
        .map(|c| c.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// One change made to a routine for the user's conditions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The stretch ruled out (its name).
    pub stretch: String,
    /// What took its place (its name), if anything did.
    pub instead: Option<String>,
    /// The conditions that ruled it out.
    pub because: Vec<Condition>,
}

impl Change {
    /// `Seated Forward Fold → Supine Hamstring Stretch (disc)`, or `… left out (…)`.
    pub fn describe(&self) -> String {
        match &self.instead {
            Some(other) => format!(
                "{} swapped for {} ({})",
                self.stretch,
                other,
                names(&self.because)
            ),
            None => format!("{} left out ({})", self.stretch, names(&self.because)),
        }
    }
}

/// `routine` with every stretch that `conditions` rule out swapped for its alternative (at
/// the alternative's own dose), or left out when it has none, when the alternative is ruled
/// out too, or when the routine already does it. Returns the changes in step order; none
/// when nothing was ruled out (then the routine is as it was).
pub fn adapt(routine: &Routine, lib: &Library, conditions: &[Condition]) -> (Routine, Vec<Change>) {
    let mut out = routine.clone();
    let mut changes = Vec::new();
    if conditions.is_empty() {
        return (out, changes);
    }
    let mut steps: Vec<Step> = Vec::new();
    for (i, step) in routine.steps.iter().enumerate() {
        let because = ruled_out_by(&step.stretch, conditions);
        if because.is_empty() {
            steps.push(step.clone());
            continue;
        }
        let in_routine = |id: &str| {
            steps.iter().any(|s| s.stretch.id == id)
                || routine.steps[i + 1..].iter().any(|s| s.stretch.id == id)
        };
        let instead = step
            .stretch
            .alternative
            .as_deref()
            .and_then(|id| lib.get(id))
            .filter(|alt| !rules_out(alt, conditions) && !in_routine(&alt.id));
        changes.push(Change {
            stretch: step.stretch.name.clone(),
            instead: instead.map(|a| a.name.clone()),
            because,
        });
        if let Some(alt) = instead {
            steps.push(Step {
                stretch: alt.clone(),
                dose: alt.dose.clone(),
            });
        }
    }
    out.steps = steps;
    (out, changes)
}

/// What [`adapt`] changed, as lines to show before a run or a plan starts.
pub fn report(conditions: &[Condition], changes: &[Change]) -> Vec<String> {
    if changes.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![format!("for {}:", names(conditions))];
    lines.extend(changes.iter().map(|c| format!("  {}", c.describe())));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::Sides;
    use crate::routine::Gaps;
    use crate::timeline::tests::{hold, stretch};

    fn lib_and_routine() -> (Library, Routine) {
        let mut fold = stretch("fold", Sides::Both, hold(30, 2));
        fold.stretch.avoid_with = vec![Condition::Disc, Condition::Osteoporosis];
        fold.stretch.alternative = Some("towel".into());
        let towel = stretch("towel", Sides::Each, hold(30, 1));
        let mut dog = stretch("dog", Sides::Both, hold(45, 1));
        dog.stretch.avoid_with = vec![Condition::Glaucoma];
        let mut lib = Library::default();
        for s in [&fold, &towel, &dog] {
            lib.insert(s.stretch.clone());
        }
        let routine = Routine {
            name: "r".into(),
            description: None,
            gaps: Gaps::default(),
            steps: vec![fold, dog],
            origin: towel.stretch.origin.clone(),
        };
        (lib, routine)
    }

    fn ids(r: &Routine) -> Vec<&str> {
        r.steps.iter().map(|s| s.stretch.id.as_str()).collect()
    }

    #[test]
    fn swaps_for_the_alternative_or_leaves_out() {
        let (lib, routine) = lib_and_routine();
        let (same, none) = adapt(&routine, &lib, &[Condition::Knee]);
        assert_eq!(same, routine);
        assert!(none.is_empty());
        let (r, changes) = adapt(&routine, &lib, &[Condition::Disc, Condition::Glaucoma]);
        assert_eq!(ids(&r), ["towel"]);
        assert_eq!(
            changes.iter().map(Change::describe).collect::<Vec<_>>(),
            ["fold swapped for towel (disc)", "dog left out (glaucoma)"]
        );
        assert_eq!(r.steps[0].dose, lib.get("towel").unwrap().dose);
        assert_eq!(
            report(&[Condition::Disc, Condition::Glaucoma], &changes),
            [
                "for disc, glaucoma:",
                "  fold swapped for towel (disc)",
                "  dog left out (glaucoma)"
            ]
        );
    }

    #[test]
    fn an_alternative_ruled_out_too_or_already_there_is_not_added() {
        let (mut lib, mut routine) = lib_and_routine();
        let mut towel = lib.get("towel").unwrap().clone();
        towel.avoid_with = vec![Condition::Disc];
        lib.insert(towel);
        let (r, changes) = adapt(&routine, &lib, &[Condition::Disc]);
        assert_eq!(ids(&r), ["dog"]);
        assert_eq!(changes[0].instead, None);
        let (lib, _) = lib_and_routine();
        routine.steps.push(crate::routine::Step {
            stretch: lib.get("towel").unwrap().clone(),
            dose: hold(20, 1),
        });
        let (r, _) = adapt(&routine, &lib, &[Condition::Osteoporosis]);
        assert_eq!(ids(&r), ["dog", "towel"]);
    }
}
