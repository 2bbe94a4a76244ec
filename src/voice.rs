//! The coach you hear: a voice, a sound for each kind of moment, a desktop notification
//! at the end, and `on_event` hooks. Both runners hand it the session's events
//! ([`Coach::hear`]); it decides what to say and runs the programs, one utterance at a
//! time ([`crate::cue::Announcer`]), never waiting for them and never leaving one behind.

pub mod detect;
pub mod hooks;
pub mod words;

use crate::cue::{self, Announcer, Offer, Priority};
use crate::session::{Cue, Ending, Event};
use crate::settings::{Coaching, Sounds};
use crate::timeline::{PhaseKind, Timeline};
use std::ffi::OsStr;
use std::process::Child;
use std::time::{Duration, Instant};
use words::{Memory, Style};

/// How long, at most, the end of a completed run waits for the last words, the
/// notification and the hooks before it ends them.
pub const FINISH_WITHIN: Duration = Duration::from_secs(3);

/// How long, at most, a completed run gives the hooks to take the `done` event.
pub const HOOKS_WITHIN: Duration = Duration::from_secs(1);

/// How long a stopped run gives the hooks to take the `stop` event.
pub const STOP_WITHIN: Duration = Duration::from_millis(500);

/// What the runner should do after the coach heard the events.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Heard {
    /// Ring the terminal bell (a moment with no sound of its own).
    pub bell: bool,
    /// Programs that cannot run, each said once.
    pub problems: Vec<String>,
}

/// The voice, the sounds, the notification and the hooks of one run.
#[derive(Debug, Default)]
pub struct Coach {
    voice: Announcer,
    style: Option<Style>,
    memory: Memory,
    /// The user's `cue_command`: the screen's words for every cue, under the voice's rules.
    cue_command: Announcer,
    sound: Announcer,
    sounds: Sounds,
    /// `notify-send`, when asked for and installed.
    notify: Option<String>,
    /// Whether this run's notification went out (a new run from the home screen starts
    /// again at its first phase).
    notified: bool,
    notifier: Notifier,
    hooks: hooks::Hooks,
}

/// The running `notify-send`, ended on drop.
#[derive(Debug, Default)]
struct Notifier(Option<Child>);

impl Drop for Notifier {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            cue::end_group(&mut child);
        }
    }
}

impl Coach {
    /// A coach that does nothing.
    pub fn silent() -> Self {
        Self::default()
    }

    /// Only the user's `cue_command` (what supple did before the voice).
    pub fn with_cue_command(cue_command: Option<Vec<String>>) -> Self {
        Self {
            cue_command: Announcer::new(cue_command),
            ..Self::default()
        }
    }

    /// The coach `coaching` asks for, with programs looked up on `path` (the `PATH`
    /// value); also the line that says which voice speaks, if there is one to say.
    pub fn new(
        coaching: &Coaching,
        cue_command: Option<Vec<String>>,
        path: Option<&OsStr>,
    ) -> (Self, Option<String>) {
        let choice = detect::choose(coaching, path);
        let (voice, style) = match choice.speaker {
            Some(speaker) => (
                Announcer::new(Some(speaker.argv)).labelled("the voice"),
                Some(Style {
                    detail: coaching.detail,
                    breath: coaching.breath,
                    wpm: speaker.wpm,
                }),
            ),
            None => (Announcer::default(), None),
        };
        let notify = coaching
            .notify
            .then(|| detect::find("notify-send", path))
            .flatten()
            .map(|p| p.display().to_string());
        let coach = Self {
            voice,
            style,
            memory: Memory::default(),
            cue_command: Announcer::new(cue_command),
            sound: Announcer::default().labelled("the sound"),
            sounds: coaching.sounds.clone(),
            notify,
            notified: false,
            notifier: Notifier::default(),
            hooks: hooks::Hooks::new(coaching.on_event.clone()),
        };
        (coach, choice.line)
    }

    /// Whether a voice speaks.
    pub fn speaks(&self) -> bool {
        self.style.is_some()
    }

    /// Acts on what just happened: says it, sounds it, hands it to the hooks.
    pub fn hear(&mut self, events: &[Event], timeline: &Timeline) -> Heard {
        let mut heard = Heard::default();
        let Some(last) = events.last() else {
            return heard;
        };
        // The hooks get every event; the rest only the phase the run is now in.
        for event in events {
            heard
                .problems
                .extend(self.hooks.send(&hooks::json_of(event, timeline)));
        }
        let now: Vec<&Event> = events.iter().filter(|e| e.phase == last.phase).collect();
        for event in &now {
            let (sound, rings) = match (&event.cue, timeline.phases.get(event.phase)) {
                (Cue::PhaseStart, Some(p)) if p.kind == PhaseKind::Switch => {
                    (&self.sounds.switch, true)
                }
                (Cue::PhaseStart, _) => (&self.sounds.phase, true),
                (Cue::Countdown(_), _) => (&self.sounds.countdown, true),
                (Cue::Done { .. }, _) => (&self.sounds.done, false),
                _ => (&None, false),
            };
            match sound {
                Some(command) => {
                    let command = command.clone();
                    match self.sound.start(&command, priority(&event.cue)) {
                        Offer::Started | Offer::Dropped => {}
                        // A sound that cannot play leaves the bell to mark the moment.
                        Offer::Failed(p) => {
                            heard.problems.push(p);
                            heard.bell |= rings;
                        }
                        Offer::Silent => heard.bell |= rings,
                    }
                }
                None => heard.bell |= rings,
            }
            if self.cue_command.failed.is_none() {
                let words = cue::text(event, timeline);
                if let Offer::Failed(p) = self.cue_command.offer(&words, priority(&event.cue)) {
                    heard.problems.push(p);
                }
            }
            if event.cue == Cue::PhaseStart && event.phase == 0 {
                self.notified = false;
            }
            if let Cue::Done { stretched } = event.cue
                && !self.notified
            {
                self.notified = true;
                self.notify_done(event.at, stretched, timeline);
            }
        }
        if let Some(style) = &self.style {
            for line in words::lines(events, timeline, style, &mut self.memory) {
                match self.voice.offer(&line.text, line.priority) {
                    Offer::Started => {
                        if line.cue.is_some() {
                            self.memory.cue = line.cue;
                        }
                    }
                    Offer::Failed(p) => heard.problems.push(p),
                    Offer::Dropped | Offer::Silent => {}
                }
            }
        }
        heard
    }

    /// "This hurts" during `phase`: its sound (or the bell) and the hooks.
    pub fn hurt(&mut self, phase: usize, at: Duration, timeline: &Timeline) -> Heard {
        let mut heard = Heard::default();
        let object = serde_json::Value::Object(hooks::common("hurt", phase, at, timeline));
        heard.problems.extend(self.hooks.send(&object));
        match self.sounds.hurt.clone() {
            Some(command) => {
                if let Offer::Failed(p) = self.sound.start(&command, Priority::Done) {
                    heard.problems.push(p);
                }
            }
            None => heard.bell = true,
        }
        if self.style.is_some() {
            self.voice
                .offer("Stopped. Ease out of it gently.", Priority::Done);
        }
        heard
    }

    /// The run ended without completing (quit, a signal): the hooks hear `stop`; the voice
    /// and sounds stop at once.
    pub fn stopped(&mut self, ending: Ending, phase: usize, at: Duration, timeline: &Timeline) {
        self.voice.hush();
        self.sound.hush();
        self.cue_command.hush();
        let mut object = hooks::common("stop", phase, at, timeline);
        object.insert("seconds".into(), at.as_secs().into());
        object.insert(
            "ending".into(),
            match ending {
                Ending::Completed => "completed".into(),
                Ending::Quit => "quit".into(),
                Ending::Signal(n) => crate::signals::name(n).into(),
            },
        );
        let _ = self.hooks.send(&serde_json::Value::Object(object));
        // A moment for the hooks to take their last event; a hung one costs half a second.
        self.hooks.finish(Instant::now() + STOP_WITHIN);
    }

    /// Lets the last words, the sound, the notification and the hooks finish (for at most
    /// [`FINISH_WITHIN`] in all), then ends whatever still runs.
    pub fn finish(&mut self) {
        let until = Instant::now() + FINISH_WITHIN;
        let left = || until.saturating_duration_since(Instant::now());
        self.voice.finish(left());
        self.cue_command.finish(left());
        self.sound.finish(left());
        if let Some(child) = &mut self.notifier.0 {
            cue::wait_within(child, left());
        }
        self.notifier = Notifier::default();
        // The hooks had their events as they came; the last one gets a second at most.
        self.hooks.finish(until.min(Instant::now() + HOOKS_WITHIN));
    }

    /// The notification of the end, `at` into the run after `stretched` of stretching.
    fn notify_done(&mut self, at: Duration, stretched: Duration, timeline: &Timeline) {
        let Some(program) = self.notify.clone() else {
            return;
        };
        let body = format!(
            "{} done: {} of stretching, {} in all",
            timeline.name,
            crate::library::clock(crate::library::whole_seconds(stretched)),
            crate::library::clock(crate::library::whole_seconds(at))
        );
        let args = vec![program, "--app-name=supple".into(), "supple".into(), body];
        // Quietly nothing when it cannot run: a notification is a courtesy.
        self.notifier = Notifier(cue::spawn_group(&args, false).ok());
    }
}

/// How much an event's words matter.
fn priority(cue: &Cue) -> Priority {
    match cue {
        Cue::PhaseStart => Priority::Phase,
        Cue::Countdown(_) => Priority::Countdown,
        Cue::Done { .. } => Priority::Done,
        Cue::Rep { .. } => Priority::Count,
        Cue::Inhale | Cue::Exhale | Cue::Halfway => Priority::Line,
    }
}

/// A coach shared with the full screen, which holds it in its options.
pub type Shared = std::sync::Arc<std::sync::Mutex<Coach>>;

/// Locks a shared coach, whatever a panic elsewhere left it as.
pub fn lock(shared: &Shared) -> std::sync::MutexGuard<'_, Coach> {
    shared
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::Sides;
    use crate::routine::Gaps;
    use crate::timeline::tests::{hold, stretch};

    #[test]
    fn hurt_plays_its_sound_or_rings_the_bell() {
        let t = Timeline::from_steps(
            "t",
            vec![stretch("knee", Sides::Each, hold(30, 1))],
            Gaps::default(),
        );
        let file = std::env::temp_dir().join(format!("supple-hurt-{}", std::process::id()));
        let _ = std::fs::remove_file(&file);
        let coaching = Coaching {
            sounds: Sounds {
                hurt: Some(vec![
                    "sh".into(),
                    "-c".into(),
                    format!("echo hurt >> {}", file.display()),
                ]),
                ..Sounds::default()
            },
            ..Coaching::default()
        };
        let (mut coach, line) = Coach::new(&coaching, None, std::env::var_os("PATH").as_deref());
        assert_eq!(line, None);
        assert!(!coach.speaks());
        let heard = coach.hurt(1, Duration::from_secs(12), &t);
        assert!(!heard.bell && heard.problems.is_empty(), "{heard:?}");
        coach.finish();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "hurt\n");
        let _ = std::fs::remove_file(&file);
        // With no sound of its own, the bell.
        assert!(Coach::silent().hurt(1, Duration::ZERO, &t).bell);
    }

    #[test]
    fn the_bell_rings_only_for_moments_without_a_sound() {
        let t = Timeline::from_steps(
            "t",
            vec![stretch("knee", Sides::Each, hold(30, 1))],
            Gaps::default(),
        );
        let event = |phase, cue| Event {
            phase,
            at: Duration::ZERO,
            cue,
        };
        let mut silent = Coach::silent();
        assert!(silent.hear(&[event(0, Cue::PhaseStart)], &t).bell);
        assert!(silent.hear(&[event(1, Cue::Countdown(3))], &t).bell);
        assert!(!silent.hear(&[event(1, Cue::Inhale)], &t).bell);
        let coaching = Coaching {
            sounds: Sounds {
                switch: Some(vec!["true".into()]),
                ..Sounds::default()
            },
            ..Coaching::default()
        };
        let (mut coach, _) = Coach::new(&coaching, None, std::env::var_os("PATH").as_deref());
        // Phase 2 is the switch: its own sound, no bell; a work phase still rings.
        assert!(!coach.hear(&[event(2, Cue::PhaseStart)], &t).bell);
        assert!(coach.hear(&[event(3, Cue::PhaseStart)], &t).bell);
        // A sound that cannot play is said once, and the bell marks its moment instead.
        let coaching = Coaching {
            sounds: Sounds {
                countdown: Some(vec!["/nonexistent/player".into()]),
                ..Sounds::default()
            },
            ..Coaching::default()
        };
        let (mut coach, _) = Coach::new(&coaching, None, None);
        let first = coach.hear(&[event(1, Cue::Countdown(3))], &t);
        assert!(first.bell);
        assert_eq!(first.problems.len(), 1, "{first:?}");
        assert!(first.problems[0].contains("/nonexistent/player"));
        let second = coach.hear(&[event(1, Cue::Countdown(2))], &t);
        assert!(second.bell && second.problems.is_empty(), "{second:?}");
    }

    #[test]
    fn one_notification_a_run() {
        use std::os::unix::fs::PermissionsExt as _;
        let t = Timeline::from_steps(
            "t",
            vec![stretch("knee", Sides::Both, hold(30, 1))],
            Gaps::default(),
        );
        let dir = std::env::temp_dir().join(format!("supple-notify-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let log = dir.join("log");
        let fake = dir.join("notify-send");
        std::fs::write(
            &fake,
            format!("#!/bin/sh\necho \"$*\" >> {}\n", log.display()),
        )
        .unwrap();
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
        let coaching = Coaching {
            notify: true,
            ..Coaching::default()
        };
        let (mut coach, _) = Coach::new(&coaching, None, Some(dir.as_os_str()));
        // 12 s of the 30 s hold were done before the rest was skipped.
        let done = Event {
            phase: 1,
            at: Duration::from_secs(40),
            cue: Cue::Done {
                stretched: Duration::from_secs(12),
            },
        };
        let start = Event {
            phase: 0,
            at: Duration::ZERO,
            cue: Cue::PhaseStart,
        };
        coach.hear(std::slice::from_ref(&start), &t);
        coach.hear(std::slice::from_ref(&done), &t);
        coach.finish();
        coach.hear(std::slice::from_ref(&done), &t);
        coach.finish();
        let text = std::fs::read_to_string(&log).unwrap();
        assert_eq!(
            text,
            "--app-name=supple supple t done: 0:12 of stretching, 0:40 in all\n"
        );
        // Another run of the same coach (from the home screen) notifies again.
        coach.hear(&[start], &t);
        coach.hear(&[done], &t);
        coach.finish();
        assert_eq!(std::fs::read_to_string(&log).unwrap().lines().count(), 2);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
