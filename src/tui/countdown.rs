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
}

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
            session: Session::start(timeline, session, now),
            started: SystemTime::now(),
            overlay: Overlay::None,
            notice: None,
            announcer: Announcer::new(options.cue_command.clone()),
            recorder,
            history,
        }
    }

    /// What the keys mean now.
    pub(super) fn mode(&self) -> Mode {
        match self.overlay {
            Overlay::None => Mode::Session,
            Overlay::Help => Mode::Help,
            Overlay::QuitPrompt => Mode::QuitPrompt,
        }
    }

    /// When the screen next changes on its own, for a screen of `area`.
    pub(super) fn next_change(&self, now: Instant, area: Rect) -> Option<Instant> {
        self.session
            .next_change(now, super::session::pacer_steps(area))
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

    /// Ends the run now (a key, a signal, a lost terminal) and records it once.
    pub(super) fn end(&mut self, ending: Ending, now: Instant) -> Outcome {
        let outcome = Outcome {
            ending,
            tally: self.session.tally(now),
        };
        self.recorder
            .record(self.session.timeline(), &outcome, SystemTime::now());
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
            Action::TogglePause => self.session.toggle_pause(now),
            Action::Next => {
                let events = self.session.next(now);
                self.announce(&events, term, options)?;
            }
            Action::Previous => {
                let events = self.session.previous(now);
                self.announce(&events, term, options)?;
            }
            Action::More => self.session.extend(10, now),
            Action::Less => self.session.extend(-10, now),
            Action::ToggleHelp => {
                self.overlay = if self.overlay == Overlay::Help {
                    Overlay::None
                } else {
                    Overlay::Help
                };
            }
            Action::Close => self.overlay = Overlay::None,
            Action::Quit => self.overlay = Overlay::QuitPrompt,
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
            self.notice = None;
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
        })
            .render(area, buf);
    }
}
