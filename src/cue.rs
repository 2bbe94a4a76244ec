//! The words for each cue, and the user's `cue_command` (speech, a sound, a notification).

use crate::library::{clock, short, whole_seconds};
use crate::session::{Cue, Event, Half};
use crate::timeline::{PhaseKind, Side, Timeline};
use std::os::unix::process::CommandExt as _;
use std::process::{Child, Command, Stdio};

/// How to get into a stretch and its most protective caution, as the cue for its start
/// says them: " First setup step. Careful: first caution."
fn briefing(stretch: &crate::library::Stretch) -> String {
    let setup = stretch
        .setup
        .first()
        .map_or(String::new(), |s| format!(" {s}"));
    let careful = stretch
        .cautions
        .first()
        .map_or(String::new(), |c| format!(" Careful: {c}"));
    format!("{setup}{careful}")
}

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
                // The most protective caution is heard while getting into position.
                format!(
                    "Get ready: {name}, {}.{}",
                    step.dose.describe(),
                    briefing(&step.stretch)
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
                // No get-ready phase before it (`prepare: 0`): how to get into it and the
                // most protective caution come with its start instead.
                let briefing = if timeline.unprepared(event.phase) {
                    briefing(&step.stretch)
                } else {
                    String::new()
                };
                format!("{what}, {amount}{set}.{briefing}{cue}")
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
        // Stretching is the holds and reps as they were done (skipped, stopped early or
        // lengthened); the time in all adds getting ready, switching sides and resting.
        Cue::Done { stretched } => format!(
            "Done: {}, {} of stretching, {} in all.",
            timeline.name,
            clock(whole_seconds(*stretched)),
            clock(whole_seconds(event.at))
        ),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// How much an utterance matters. A more important one cuts a less important one short (a
/// phase change or the 3-2-1 beats a cue); a new one of the same rank replaces a stale one,
/// except plain lines (cues, breath words), which are dropped while anything is being said.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Priority {
    /// A cue, a setup step, a breath word, "halfway".
    Line,
    /// A rep's number.
    Count,
    /// 3, 2, 1.
    Countdown,
    /// A phase began: what to do now.
    Phase,
    /// The routine is over.
    Done,
}

/// Whether a new utterance of `new` priority may start while one of `current` priority
/// (if any) is still being said; when it may, the current one is cut short.
pub fn may_start(current: Option<Priority>, new: Priority) -> bool {
    current.is_none_or(|current| {
        new.rank() > current.rank() || (new.rank() == current.rank() && new != Priority::Line)
    })
}

impl Priority {
    /// A phase's start and the 3-2-1 rank alike: each is due at its moment, so whichever
    /// comes later finds the other stale and cuts it short.
    fn rank(self) -> u8 {
        match self {
            Priority::Line => 0,
            Priority::Count => 1,
            Priority::Countdown | Priority::Phase => 2,
            Priority::Done => 3,
        }
    }
}

/// Starts `args` (a program and its arguments) in a process group of its own, with its
/// output discarded and, when `stdin` is true, a pipe to write to.
pub fn spawn_group(args: &[String], stdin: bool) -> std::io::Result<Child> {
    let (program, rest) = args
        .split_first()
        .ok_or_else(|| std::io::Error::other("an empty command"))?;
    Command::new(program)
        .args(rest)
        .stdin(if stdin { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
}

/// Ends a child started by [`spawn_group`] and everything it started, and waits for it.
pub fn end_group(child: &mut Child) {
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

/// Waits up to `within` for `child` to end by itself; whether it did.
pub fn wait_within(child: &mut Child, within: std::time::Duration) -> bool {
    let until = std::time::Instant::now() + within;
    loop {
        if !matches!(child.try_wait(), Ok(None)) {
            return true;
        }
        if std::time::Instant::now() >= until {
            return false;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

/// Runs the user's `cue_command` (or a speech program) for each cue, without waiting and
/// with its output discarded, so a slow or missing program never holds up the timer.
///
/// At most one program runs at a time, and every one is waited for: a new utterance cuts
/// a running one short when it matters as much or more ([`Priority`]), and a plain line
/// that comes while something is still being said is dropped, never queued. Each runs in a
/// process group of its own, so what it starts in turn (`sh -c "espeak-ng …"`) ends with
/// it, and none outlives supple.
#[derive(Debug, Default)]
pub struct Announcer {
    command: Option<Vec<String>>,
    running: Option<(Child, Priority)>,
    /// What the program is, in messages ("the voice"); the cue command when empty.
    label: &'static str,
    /// The first failure to start the program, reported once.
    pub failed: Option<String>,
}

/// What became of an offered utterance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Offer {
    Started,
    /// Something at least as important is still being said.
    Dropped,
    /// No program to run (or it failed before).
    Silent,
    /// The program cannot start: the message, the first time.
    Failed(String),
}

impl Announcer {
    pub fn new(command: Option<Vec<String>>) -> Self {
        Self {
            command,
            running: None,
            label: "",
            failed: None,
        }
    }

    /// Names the program in messages: "the voice", "the sound for `switch`".
    #[must_use]
    pub fn labelled(mut self, label: &'static str) -> Self {
        self.label = label;
        self
    }

    /// Starts the command for `words`, ending the one before if it still runs. Returns an
    /// error message the first time the program cannot be started.
    pub fn say(&mut self, words: &str) -> Option<String> {
        match self.offer(words, Priority::Done) {
            Offer::Failed(message) => Some(message),
            _ => None,
        }
    }

    /// Starts the command for `words` unless something that matters as much (or, for a
    /// line, anything at all) is still being said.
    pub fn offer(&mut self, words: &str, priority: Priority) -> Offer {
        let Some(command) = self.command.as_ref() else {
            return Offer::Silent;
        };
        if self.failed.is_some() {
            return Offer::Silent;
        }
        let args: Vec<String> = command.iter().map(|a| a.replace("{text}", words)).collect();
        self.start(&args, priority)
    }

    /// Runs `args` under the same rules as [`Announcer::offer`].
    pub fn start(&mut self, args: &[String], priority: Priority) -> Offer {
        if !may_start(self.busy_with(), priority) {
            return Offer::Dropped;
        }
        self.hush();
        match spawn_group(args, false) {
            Ok(child) => {
                self.running = Some((child, priority));
                Offer::Started
            }
            Err(_) if self.failed.is_some() => Offer::Silent,
            Err(e) => {
                let program = args.first().map_or("", String::as_str);
                let message = if self.label.is_empty() {
                    format!("cannot run the cue_command `{program}`: {e}; cues stay silent")
                } else {
                    format!(
                        "cannot run {} `{program}`: {e}; it stays silent",
                        self.label
                    )
                };
                self.failed = Some(message.clone());
                Offer::Failed(message)
            }
        }
    }

    /// What is being said now, if anything.
    pub fn busy_with(&mut self) -> Option<Priority> {
        let (child, priority) = self.running.as_mut()?;
        matches!(child.try_wait(), Ok(None)).then_some(*priority)
    }

    /// Whether a cue program is still running.
    pub fn speaking(&mut self) -> bool {
        self.busy_with().is_some()
    }

    /// Ends the cue program that is running, and everything it started, and waits for it.
    pub fn hush(&mut self) {
        let Some((mut child, _)) = self.running.take() else {
            return;
        };
        end_group(&mut child);
    }

    /// Lets what is being said finish, for at most `within`, then ends it.
    pub fn finish(&mut self, within: std::time::Duration) {
        if let Some((child, _)) = &mut self.running {
            wait_within(child, within);
        }
        self.hush();
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
        // The end says the stretching done, not the 2:24 planned: here phases were
        // skipped, and 1:24 of it was done in 1:35.
        let done = Cue::Done {
            stretched: Duration::from_secs(84),
        };
        assert_eq!(t.work_total(), 144);
        assert_eq!(
            text(&at(work, done), &t),
            "Done: test, 1:24 of stretching, 1:35 in all."
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

    #[test]
    fn what_matters_more_cuts_short_and_a_line_is_dropped_not_queued() {
        let sleeper = || Announcer::new(Some(vec!["sleep".into(), "{text}".into()]));
        let mut a = sleeper();
        assert_eq!(a.offer("30", Priority::Phase), Offer::Started);
        let first = a.running.as_ref().map(|(c, _)| c.id()).unwrap();
        // A line while the phase is being said: dropped, and nothing waits to be said.
        assert_eq!(a.offer("30", Priority::Line), Offer::Dropped);
        assert_eq!(a.offer("30", Priority::Count), Offer::Dropped);
        assert_eq!(a.busy_with(), Some(Priority::Phase));
        // The 3-2-1 finds the phase's words stale and cuts them short.
        assert_eq!(a.offer("30", Priority::Countdown), Offer::Started);
        assert!(!std::path::Path::new(&format!("/proc/{first}")).exists());
        assert_eq!(a.offer("30", Priority::Countdown), Offer::Started);
        assert_eq!(a.offer("30", Priority::Phase), Offer::Started);
        assert_eq!(a.offer("30", Priority::Done), Offer::Started);
        assert_eq!(a.offer("30", Priority::Phase), Offer::Dropped);
        a.hush();
        assert_eq!(a.busy_with(), None);
        assert_eq!(a.offer("0", Priority::Line), Offer::Started);
        // A line that finished frees the voice for the next one.
        a.finish(std::time::Duration::from_secs(5));
        assert_eq!(a.offer("0", Priority::Line), Offer::Started);
        assert!(may_start(Some(Priority::Line), Priority::Count));
        assert!(!may_start(Some(Priority::Line), Priority::Line));
    }
}
