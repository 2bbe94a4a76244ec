//! The countdown as one screen of the app: the session, what is open over it, the cues,
//! and the recording of the run. The app's loop feeds it keys and wake-ups; it says when
//! the run is over.

use super::keys::{Action, Mode};
use super::session::{Overlay, SessionScreen};
use super::summary::Summary;
use super::theme::Theme;
use super::{Term, TuiOptions};
use crate::cue::{self, Announcer};
use crate::history::Record;
use crate::history::store::Recorder;
use crate::session::{Cue, Ending, Event, Options, Outcome, Session, Tally};
use crate::timeline::Timeline;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use std::io;
use std::time::{Instant, SystemTime};

/// A routine on the screen.
pub(super) struct Countdown {
    session: Session,
    /// When the run began, for the summary's streak.
    started: SystemTime,
    overlay: Overlay,
    /// A problem to show in the footer (a cue command that cannot run).
    notice: Option<String>,
    announcer: Announcer,
    recorder: Recorder,
    /// Earlier runs, for the streak on the summary; `None` shows no streak.
    history: Option<Vec<Record>>,
    /// Paused by the help or the quit prompt, to resume when it closes.
    held: bool,
    /// A line for the footer once the first phase has begun.
    told: Option<String>,
    /// How the stick figure is drawn, and whether it shows beside the digits.
    figure: ratatui::symbols::Marker,
    show_figure: bool,
    /// The voice, sounds and hooks, told when the run stops short.
    coach: Option<crate::voice::Shared>,
}

/// Said once the terminal is big enough again after the countdown paused for it.
const SHRUNK: &str = "too small, so paused: space resumes";

/// What a key or a tick did to the countdown.
pub(super) enum Step {
    Unchanged,
    Changed,
    /// The run is over: recorded already, with this outcome.
    Over(Outcome),
}

impl Countdown {
    pub(super) fn start(
        timeline: Timeline,
        session: Options,
        options: &TuiOptions,
        recorder: Recorder,
        history: Option<Vec<Record>>,
        now: Instant,
    ) -> Self {
        Countdown {
            session: Session::start(timeline, session, now).holding_prepare(options.prepare_wait),
            started: SystemTime::now(),
            overlay: Overlay::None,
            notice: None,
            announcer: Announcer::new(options.cue_command.clone()),
            recorder,
            history,
            held: false,
            told: None,
            figure: options.figure,
            show_figure: options.show_figure,
            coach: options.coach.clone(),
        }
    }

    /// A line for the footer until the next phase begins (what the conditions changed).
    pub(super) fn tell(&mut self, line: &str) {
        self.told = Some(line.to_string());
    }

    /// The routine's name.
    pub(super) fn name(&self) -> &str {
        &self.session.timeline().name
    }

    /// What the keys mean now.
    pub(super) fn mode(&self) -> Mode {
        match self.overlay {
            Overlay::None => Mode::Session,
            Overlay::Help => Mode::Help,
            Overlay::QuitPrompt => Mode::QuitPrompt,
        }
    }

    /// When the screen next changes on its own, for a screen of `area`: the next second,
    /// or the next step of what moves on it (a pacer with a row, a figure that is shown).
    pub(super) fn next_change(&self, now: Instant, area: Rect) -> Option<Instant> {
        let view = self.session.view(now);
        let theme = Theme::new(false);
        let steps = SessionScreen {
            view: &view,
            theme: &theme,
            overlay: self.overlay,
            notice: self.notice.as_deref(),
            figure: self.show_figure.then_some(self.figure),
        }
        .steps(area);
        self.session.next_change(now, steps)
    }

    /// Moves the clock on; a run whose last phase just ended is recorded and over.
    pub(super) fn tick(
        &mut self,
        now: Instant,
        term: &mut Term,
        options: &TuiOptions,
    ) -> io::Result<Step> {
        let events = self.session.tick(now);
        self.announce(&events, term, options)?;
        if self.session.is_done() {
            return Ok(Step::Over(self.end(Ending::Completed, now)));
        }
        Ok(if events.is_empty() {
            Step::Unchanged
        } else {
            Step::Changed
        })
    }

    /// Ends the run now (a key, a signal, a lost terminal) and records it once. A run that
    /// stops short tells the hooks `stop` and hushes the voice, whichever screen started it.
    pub(super) fn end(&mut self, ending: Ending, now: Instant) -> Outcome {
        let outcome = Outcome {
            ending,
            tally: self.session.tally(now),
        };
        self.recorder
            .record(self.session.timeline(), &outcome, SystemTime::now());
        if !outcome.tally.completed
            && let Some(coach) = &self.coach
        {
            crate::voice::lock(coach).stopped(
                ending,
                self.session.phase_index(),
                outcome.tally.active,
                self.session.timeline(),
            );
        }
        outcome
    }

    /// A warning from the history, if the run could not be written down.
    pub(super) fn warning(&self) -> Option<&str> {
        self.recorder.warning.as_deref()
    }

    /// The summary of a finished run, with the streak (this run counted) when the history
    /// is known.
    pub(super) fn summary(&self, tally: &Tally) -> Summary {
        let note = match self.warning() {
            Some(warning) => Some(warning.to_string()),
            None => self.streak(tally),
        };
        Summary::new(self.session.timeline(), tally, note.as_deref())
    }

    fn streak(&self, tally: &Tally) -> Option<String> {
        let past = self.history.as_ref()?;
        let this = crate::history::record_of(
            self.session.timeline(),
            &Outcome {
                ending: Ending::Completed,
                tally: tally.clone(),
            },
            crate::history::store::local_stamp(self.started),
            crate::history::store::local_stamp(SystemTime::now()),
        );
        let mut all = past.clone();
        all.push(this);
        Some(crate::history::Stats::compute(&all, crate::history::store::today()).headline())
    }

    /// Acts on one of the countdown's actions (the control keys are the app's).
    pub(super) fn act(
        &mut self,
        action: Action,
        now: Instant,
        term: &mut Term,
        options: &TuiOptions,
    ) -> io::Result<Step> {
        match action {
            Action::TogglePause => {
                // The user has the pause in hand now, whatever is open.
                self.held = false;
                if self.notice.as_deref() == Some(SHRUNK) {
                    self.notice = None;
                }
                self.session.toggle_pause(now);
            }
            Action::Next => {
                let events = self.session.next(now);
                self.announce(&events, term, options)?;
            }
            Action::Previous => {
                let events = self.session.previous(now);
                self.announce(&events, term, options)?;
            }
            Action::NextStretch => {
                let events = self.session.next_stretch(now);
                self.announce(&events, term, options)?;
            }
            Action::PreviousStretch => {
                let events = self.session.previous_stretch(now);
                self.announce(&events, term, options)?;
            }
            Action::Hurt => self.hurt(now, term, options)?,
            Action::More => self.session.extend(10, now),
            Action::Less => self.session.extend(-10, now),
            Action::ToggleHelp if self.overlay == Overlay::Help => self.close(now),
            Action::ToggleHelp => self.open(Overlay::Help, now),
            Action::ToggleFigure => self.show_figure = !self.show_figure,
            Action::Close => self.close(now),
            Action::Quit => self.open(Overlay::QuitPrompt, now),
            Action::ConfirmQuit => return Ok(Step::Over(self.end(Ending::Quit, now))),
            Action::Interrupt => {
                return Ok(Step::Over(
                    self.end(Ending::Signal(signal_hook::consts::SIGINT), now),
                ));
            }
            Action::Suspend => self.suspend(now, term)?,
            Action::Redraw => term.repaint()?,
            // The summary's key; the countdown has none.
            Action::Leave => return Ok(Step::Unchanged),
        }
        Ok(Step::Changed)
    }

    /// "This hurts": the stretch stops at once and is noted for the history (the builder
    /// leaves it out for a while); its sound, or the bell, marks it; the next one begins.
    fn hurt(&mut self, now: Instant, term: &mut Term, options: &TuiOptions) -> io::Result<()> {
        let phase = self.session.phase_index();
        let at = self.session.tally(now).active;
        let name = self.session.view(now).stretch.name.clone();
        let bell = match &options.coach {
            Some(coach) => {
                crate::voice::lock(coach)
                    .hurt(phase, at, self.session.timeline())
                    .bell
            }
            None => true,
        };
        if bell && options.bell {
            term.bell()?;
        }
        let events = self.session.hurt(now);
        self.announce(&events, term, options)?;
        self.notice = Some(format!(
            "stopped {name} because it hurt; noted, and left out of built routines for 14 days"
        ));
        Ok(())
    }

    /// Opens the help or the quit prompt; the countdown waits behind it.
    fn open(&mut self, overlay: Overlay, now: Instant) {
        if !self.session.is_paused() {
            self.session.pause(now);
            self.held = true;
        }
        self.overlay = overlay;
    }

    /// Closes what is open; a countdown that it paused goes on where it was.
    fn close(&mut self, now: Instant) {
        self.overlay = Overlay::None;
        if std::mem::take(&mut self.held) {
            self.session.resume(now);
        }
    }

    /// Pauses the countdown when the terminal is too small to show it, so that no phase
    /// goes by unseen; it stays paused, saying why, until the user resumes it. Returns
    /// whether it paused it (the screen then says so).
    pub(super) fn fit(&mut self, area: Rect, now: Instant) -> bool {
        let small =
            area.width < super::widgets::MIN_WIDTH || area.height < super::widgets::MIN_HEIGHT;
        if small && !self.session.is_paused() {
            self.session.pause(now);
            self.notice = Some(SHRUNK.to_string());
            return true;
        }
        false
    }

    /// Pauses the countdown (time away is not time stretched) and stops the process.
    pub(super) fn suspend(&mut self, now: Instant, term: &mut Term) -> io::Result<()> {
        self.session.pause(now);
        term.suspend()
    }

    /// The bell and the cue command for what just happened. After a long gap (a laptop
    /// sleep) only the cues of the phase the session is now in are spoken.
    fn announce(
        &mut self,
        events: &[Event],
        term: &mut Term,
        options: &TuiOptions,
    ) -> io::Result<()> {
        let Some(last) = events.last() else {
            return Ok(());
        };
        if events.iter().any(|e| e.cue == Cue::PhaseStart) {
            self.notice = self.told.take();
        }
        if let Some(coach) = &options.coach {
            let heard = crate::voice::lock(coach).hear(events, self.session.timeline());
            if options.bell && heard.bell {
                term.bell()?;
            }
            if let Some(problem) = heard.problems.into_iter().next() {
                self.notice = Some(problem);
            }
            return Ok(());
        }
        if options.bell
            && events
                .iter()
                .any(|e| matches!(e.cue, Cue::PhaseStart | Cue::Countdown(_)))
        {
            term.bell()?;
        }
        if options.cue_command.is_some() {
            for event in events.iter().filter(|e| e.phase == last.phase) {
                let words = cue::text(event, self.session.timeline());
                if let Some(problem) = self.announcer.say(&words) {
                    self.notice = Some(problem);
                }
            }
        }
        Ok(())
    }

    /// Draws the countdown as it is at `now`.
    pub(super) fn render(&self, now: Instant, theme: &Theme, area: Rect, buf: &mut Buffer) {
        let view = self.session.view(now);
        (&SessionScreen {
            view: &view,
            theme,
            overlay: self.overlay,
            notice: self.notice.as_deref(),
            figure: self.show_figure.then_some(self.figure),
        })
            .render(area, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::{Dose, Library};
    use crate::routine::{Gaps, Step};
    use std::time::Duration;

    fn countdown(t0: Instant) -> Countdown {
        let lib = Library::builtin().expect("the built-in library");
        let stretch = lib.get("childs-pose").expect("child's pose").clone();
        let timeline = Timeline::from_steps(
            "test",
            vec![Step {
                dose: Dose::Hold {
                    hold: 30,
                    sets: 1,
                    pacer: None,
                },
                stretch,
            }],
            Gaps {
                prepare: Some(5),
                ..Gaps::default()
            },
        );
        Countdown::start(
            timeline,
            Options { pacer: None },
            &TuiOptions::default(),
            Recorder::new(None, SystemTime::now()),
            None,
            t0,
        )
    }

    fn left(c: &Countdown, now: Instant) -> (usize, u64) {
        let v = c.session.view(now);
        (v.phase_index, v.phase_left.as_secs())
    }

    #[test]
    fn the_help_and_the_quit_prompt_hold_the_countdown_until_they_close() {
        let t0 = Instant::now();
        for overlay in [Overlay::Help, Overlay::QuitPrompt] {
            let mut c = countdown(t0);
            c.session.tick(t0 + Duration::from_secs(1));
            c.open(overlay, t0 + Duration::from_secs(1));
            assert_eq!(
                c.mode(),
                if overlay == Overlay::Help {
                    Mode::Help
                } else {
                    Mode::QuitPrompt
                }
            );
            // Ten seconds with the box open: still getting ready, 4 s to go.
            let later = t0 + Duration::from_secs(11);
            c.session.tick(later);
            assert_eq!(left(&c, later), (0, 4));
            c.close(later);
            assert!(!c.session.is_paused());
            let on = later + Duration::from_secs(2);
            c.session.tick(on);
            assert_eq!(left(&c, on), (0, 2));
        }
    }

    #[test]
    fn a_pause_the_user_made_stays_when_the_help_closes() {
        let t0 = Instant::now();
        let mut c = countdown(t0);
        c.session.pause(t0);
        c.open(Overlay::Help, t0);
        c.close(t0 + Duration::from_secs(3));
        assert!(c.session.is_paused());
    }

    #[test]
    fn too_small_a_terminal_pauses_and_says_so_when_it_grows_back() {
        let t0 = Instant::now();
        let mut c = countdown(t0);
        assert!(!c.fit(Rect::new(0, 0, 80, 24), t0));
        assert!(!c.session.is_paused());
        assert!(c.fit(Rect::new(0, 0, 39, 24), t0 + Duration::from_secs(1)));
        assert!(c.session.is_paused());
        let later = t0 + Duration::from_secs(30);
        assert!(!c.fit(Rect::new(0, 0, 80, 24), later));
        assert!(c.session.is_paused(), "it waits for the user");
        assert_eq!(c.notice.as_deref(), Some(SHRUNK));
        assert_eq!(left(&c, later), (0, 4));
    }
}
