//! The words for each cue, and the user's `cue_command` (speech, a sound, a notification).

use crate::library::{clock, short};
use crate::session::{Cue, Event, Half};
use crate::timeline::{PhaseKind, Side, Timeline};
use std::os::unix::process::CommandExt as _;
use std::process::{Child, Command, Stdio};

/// "left side" / "right side".
pub fn side_words(side: Side) -> &'static str {
    match side {
        Side::Left => "left side",
        Side::Right => "right side",
    }
}

/// The words of an event, for `--plain` lines and for `cue_command`.
pub fn text(event: &Event, timeline: &Timeline) -> String {
    let phase = &timeline.phases[event.phase];
    let step = &timeline.steps[phase.step];
    let name = &step.stretch.name;
    let set = if phase.sets > 1 {
        format!(", set {} of {}", phase.set, phase.sets)
    } else {
        String::new()
    };
    match &event.cue {
        Cue::PhaseStart => match phase.kind {
            PhaseKind::Prepare => {
                let first = step
                    .stretch
                    .setup
                    .first()
                    .map_or(String::new(), |s| format!(" {s}"));
                // The most protective caution is heard while getting into position.
                let careful = step
                    .stretch
                    .cautions
                    .first()
                    .map_or(String::new(), |c| format!(" Careful: {c}"));
                format!(
                    "Get ready: {name}, {}.{first}{careful}",
                    step.dose.describe()
                )
            }
            PhaseKind::Work => {
                let what = match (phase.side, phase.reps) {
                    (Some(side), _) => format!("{} — {name}", capitalise(side_words(side))),
                    (None, _) => name.clone(),
                };
                let amount = match phase.reps {
                    Some(reps) if step.stretch.sides == crate::library::Sides::Alternating => {
                        format!("{reps} reps each side, alternating")
                    }
                    Some(reps) => format!("{reps} reps"),
                    None => format!("hold {}", short(phase.seconds)),
                };
                let cue = if timeline.first_hold() == Some(event.phase) {
                    format!(" {}", crate::session::FIRST_HOLD_TIP)
                } else {
                    step.stretch
                        .cues
                        .first()
                        .map_or(String::new(), |c| format!(" {c}"))
                };
                format!("{what}, {amount}{set}.{cue}")
            }
            PhaseKind::Switch => format!(
                "Switch sides: {}, {}.",
                phase.side.map_or("other side", side_words),
                short(phase.seconds)
            ),
            PhaseKind::Rest => format!("Rest {}{set} done.", short(phase.seconds)),
        },
        Cue::Inhale | Cue::Exhale => {
            let half = if event.cue == Cue::Inhale {
                Half::In
            } else {
                Half::Out
            };
            let words = match &step.dose {
                crate::library::Dose::Reps {
                    pace: crate::library::Pace::Breath(b),
                    ..
                } => match half {
                    Half::In => b.in_cue.as_deref(),
                    Half::Out => b.out_cue.as_deref(),
                },
                _ => None,
            };
            let base = if half == Half::In {
                "Breathe in"
            } else {
                "Breathe out"
            };
            match words {
                // Words that already say the breath are not given it twice.
                Some(w) if w.to_lowercase().starts_with("breathe") => w.to_string(),
                Some(w) => format!("{base} — {w}"),
                None => base.to_string(),
            }
        }
        Cue::Rep { n, of, side } => match side {
            Some(s) => format!("Rep {n} of {of}, {}", side_words(*s)),
            None => format!("Rep {n} of {of}"),
        },
        Cue::Halfway => "Halfway".to_string(),
        Cue::Countdown(n) => n.to_string(),
        Cue::Done => format!(
            "Done: {}, {} stretched.",
            timeline.name,
            clock(event.at.as_secs() as u32)
        ),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// Runs the user's `cue_command` for each cue, without waiting and with its output
/// discarded, so a slow or missing program never holds up the timer.
///
/// At most one cue program runs at a time: a new cue ends the one still speaking (a cue
/// is stale once the next one is due), and every program is waited for. Each runs in a
/// process group of its own, so what it starts in turn (`sh -c "espeak-ng …"`) ends with
/// it, and none outlives supple.
#[derive(Debug, Default)]
pub struct Announcer {
    command: Option<Vec<String>>,
    running: Option<Child>,
    /// The first failure to start the program, reported once.
    pub failed: Option<String>,
}

impl Announcer {
    pub fn new(command: Option<Vec<String>>) -> Self {
        Self {
            command,
            running: None,
            failed: None,
        }
    }

    /// Starts the command for `words`, ending the one before if it still runs. Returns an
    /// error message the first time the program cannot be started.
    pub fn say(&mut self, words: &str) -> Option<String> {
        let command = self.command.as_ref()?;
        if self.failed.is_some() {
            return None;
        }
        let args: Vec<String> = command.iter().map(|a| a.replace("{text}", words)).collect();
        let (program, rest) = args.split_first()?;
        self.hush();
        match Command::new(program)
            .args(rest)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
        {
            Ok(child) => {
                self.running = Some(child);
                None
            }
            Err(e) => {
                let message =
                    format!("cannot run the cue_command `{program}`: {e}; cues stay silent");
                self.failed = Some(message.clone());
                Some(message)
            }
        }
    }

    /// Whether a cue program is still running.
    pub fn speaking(&mut self) -> bool {
        match &mut self.running {
            Some(child) => matches!(child.try_wait(), Ok(None)),
            None => false,
        }
    }

    /// Ends the cue program that is running, and everything it started, and waits for it.
    pub fn hush(&mut self) {
        let Some(mut child) = self.running.take() else {
            return;
        };
        if matches!(child.try_wait(), Ok(None)) {
            if let Some(group) = i32::try_from(child.id())
                .ok()
                .and_then(rustix::process::Pid::from_raw)
            {
                let _ = rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
            }
            let _ = child.kill();
        }
        let _ = child.wait();
    }
}

impl Drop for Announcer {
    fn drop(&mut self) {
        self.hush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::Sides;
    use crate::routine::Gaps;
    use crate::timeline::tests::{breath, hold, stretch};
    use std::time::Duration;

    fn timeline() -> Timeline {
        Timeline::from_steps(
            "test",
            vec![
                stretch("knee", Sides::Each, hold(30, 2)),
                stretch("cat", Sides::Both, breath(4, 3, 3)),
            ],
            Gaps::default(),
        )
    }

    fn at(phase: usize, cue: Cue) -> Event {
        Event {
            phase,
            at: Duration::from_secs(95),
            cue,
        }
    }

    #[test]
    fn phase_starts_say_what_to_do() {
        let t = timeline();
        assert_eq!(
            text(&at(0, Cue::PhaseStart), &t),
            "Get ready: knee, hold 30s × 2. Get down."
        );
        // The routine's first hold says how far to go; later ones give the stretch's cue.
        assert_eq!(
            text(&at(1, Cue::PhaseStart), &t),
            "Left side — knee, hold 30s, set 1 of 2. Ease into a mild pull: tension, never pain."
        );
        assert_eq!(
            text(&at(3, Cue::PhaseStart), &t),
            "Right side — knee, hold 30s, set 1 of 2. Breathe."
        );
        assert_eq!(
            text(&at(2, Cue::PhaseStart), &t),
            "Switch sides: right side, 5s."
        );
        assert_eq!(
            text(&at(4, Cue::PhaseStart), &t),
            "Rest 10s, set 1 of 2 done."
        );
    }

    #[test]
    fn getting_ready_says_the_first_caution() {
        let mut t = timeline();
        t.steps[0].stretch.cautions = vec!["Skip it with a disc problem.".into(), "More.".into()];
        assert_eq!(
            text(&at(0, Cue::PhaseStart), &t),
            "Get ready: knee, hold 30s × 2. Get down. Careful: Skip it with a disc problem."
        );
    }

    #[test]
    fn breaths_carry_the_reps_words() {
        let t = timeline();
        let work = t.phases.len() - 1;
        assert_eq!(text(&at(work, Cue::Inhale), &t), "Breathe in — up");
        assert_eq!(text(&at(work, Cue::Exhale), &t), "Breathe out — down");
        assert_eq!(text(&at(1, Cue::Exhale), &t), "Breathe out");
        let mut doubled = timeline();
        if let crate::library::Dose::Reps {
            pace: crate::library::Pace::Breath(b),
            ..
        } = &mut doubled.steps[1].dose
        {
            b.in_cue = Some("Breathe in, lower down".into());
        }
        assert_eq!(
            text(&at(work, Cue::Inhale), &doubled),
            "Breathe in, lower down"
        );
        assert_eq!(
            text(&at(work, Cue::Done), &t),
            "Done: test, 1:35 stretched."
        );
    }

    #[test]
    fn a_missing_program_is_reported_once() {
        let mut a = Announcer::new(Some(vec![
            "/nonexistent/supple-speak".into(),
            "{text}".into(),
        ]));
        assert!(a.say("hello").is_some());
        assert!(a.say("again").is_none());
        let mut quiet = Announcer::new(None);
        assert!(quiet.say("hello").is_none());
    }
}
