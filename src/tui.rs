//! The full-screen terminal front end: terminal setup and restore, and the event loop, the
//! only place that reads the clock.
//!
//! Two threads feed one channel: one reads keys and resizes, one receives signals. The
//! loop waits on that channel until the next moment the screen must change
//! ([`Session::next_change`]), then reads `Instant::now()` once, handles what came in,
//! ticks the session (bell, `cue_command`) and draws. An idle countdown wakes once a
//! second, or once per pacer cell while breathing, and writes only the cells that changed.

pub mod app;
pub mod digits;
pub mod help;
pub mod home;
pub mod input;
pub mod keys;
pub mod picker;
pub mod session;
pub mod summary;
pub mod theme;
pub mod widgets;

#[cfg(test)]
mod fixtures;

use crate::cue::{self, Announcer};
use crate::history::store::Recorder;
use crate::session::{Cue, Ending, Event, Options, Outcome, Session};
use crate::timeline::Timeline;
use keys::{Action, Mode};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::KeyEvent;
use ratatui::crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};
use ratatui::layout::Rect;
use session::{Overlay, SessionScreen};
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGTSTP, SIGWINCH};
use std::io::{self, Stdout, Write, stdout};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Instant, SystemTime};
use summary::{Summary, SummaryScreen};
use theme::Theme;

/// How the screen behaves, from settings and flags.
#[derive(Debug, Clone, Default)]
pub struct TuiOptions {
    /// Ring the terminal bell at phase starts and on 3-2-1.
    pub bell: bool,
    /// Colours (false under `NO_COLOR` or `colors: false`).
    pub colors: bool,
    /// The user's `cue_command`, run for every cue.
    pub cue_command: Option<Vec<String>>,
    /// Earlier runs from the history, for the streak on the summary screen; `None` shows
    /// no streak.
    pub history: Option<Vec<crate::history::Record>>,
    /// The voice, sounds, notification and hooks; when set, it also runs the
    /// `cue_command` (and the bell rings only for moments with no sound of their own).
    pub coach: Option<crate::voice::Shared>,
}

/// Whether the terminal understands the escape codes the full screen needs: not under
/// `TERM=dumb`, nor with no `TERM` at all.
pub fn capable(term: Option<&std::ffi::OsStr>) -> bool {
    term.is_some_and(|t| !t.is_empty() && t != "dumb")
}

/// Runs `timeline` full screen until it is done, quit or stopped by a signal, and records
/// it with `recorder` before the terminal is given back. The terminal is restored whatever
/// happens.
pub fn run_session(
    timeline: Timeline,
    session: Options,
    options: &TuiOptions,
    recorder: &mut Recorder,
) -> io::Result<Outcome> {
    if timeline.phases.is_empty() {
        // Nothing to show (and no phase for a view): done at once, the terminal untouched.
        let now = Instant::now();
        let mut session = Session::start(timeline, session, now);
        session.tick(now);
        let outcome = Outcome {
            ending: Ending::Completed,
            tally: session.tally(now),
        };
        recorder.record(session.timeline(), &outcome, SystemTime::now());
        return Ok(outcome);
    }
    let (tx, rx) = mpsc::channel();
    // Signals first, so none of them finds the terminal raw with nobody to restore it.
    let signals = listen(tx.clone())?;
    let mut term = Term::enter()?;
    input::spawn(tx, Input::from)?;
    let outcome = run_on(&mut term, &rx, timeline, session, options, recorder);
    drop(term);
    drop(signals);
    Ok(outcome)
}

/// The signal thread of the full screen.
fn listen(tx: Sender<Input>) -> io::Result<crate::signals::Listener> {
    crate::signals::Listener::start(&crate::signals::SCREEN, tx, |n| {
        if n == SIGWINCH {
            Input::Resize
        } else {
            Input::Signal(n)
        }
    })
}

/// Runs a session on a terminal that is already ours, reading from `rx`, and records it.
/// A terminal that can no longer be read or written has gone away (a closed window, a
/// dropped connection): the run ends as a hang-up would, keeping what was done.
fn run_on(
    term: &mut Term,
    rx: &Receiver<Input>,
    timeline: Timeline,
    session: Options,
    options: &TuiOptions,
    recorder: &mut Recorder,
) -> Outcome {
    let now = Instant::now();
    let mut app = App {
        session: Session::start(timeline, session, now),
        started: SystemTime::now(),
        theme: Theme::new(options.colors),
        overlay: Overlay::None,
        summary: None,
        notice: None,
        announcer: Announcer::new(options.cue_command.clone()),
        options,
        recorder,
    };
    let ending = term
        .repaint()
        .and_then(|()| app.run(term, rx))
        .unwrap_or(Ending::Signal(SIGHUP));
    let tally = app.session.tally(Instant::now());
    let outcome = Outcome { ending, tally };
    app.recorder
        .record(app.session.timeline(), &outcome, SystemTime::now());
    outcome
}

/// What handling an input did.
enum Step {
    Unchanged,
    Changed,
    End(Ending),
}

/// What the loop waits for.
#[derive(Debug)]
enum Input {
    Key(KeyEvent),
    Resize,
    Signal(i32),
    /// Reading the terminal failed.
    Failed(io::Error),
}

impl From<input::Received> for Input {
    fn from(r: input::Received) -> Self {
        match r {
            input::Received::Key(k) => Input::Key(k),
            input::Received::Closed(e) => Input::Failed(e),
        }
    }
}

/// Whether the terminal is ours (raw, alternate screen); the panic hook reads it.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Raw mode, the alternate screen, no cursor.
fn claim() -> io::Result<()> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    execute!(stdout(), EnterAlternateScreen, cursor::Hide).inspect_err(|_| {
        let _ = release();
    })
}

/// Gives the terminal back as it was; does nothing when it is not ours.
fn release() -> io::Result<()> {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return Ok(());
    }
    // Raw mode first: it has the wider effect if the rest fails.
    let raw = disable_raw_mode();
    // The alternate screen is emptied before it is left: a terminal resized meanwhile
    // (tmux, for one) can otherwise carry its lines over onto the shell's screen.
    let screen = execute!(
        stdout(),
        Clear(ClearType::All),
        cursor::MoveTo(0, 0),
        cursor::Show,
        LeaveAlternateScreen
    );
    raw.and(screen)
}

/// Restores the terminal before a panic message is printed (once per process).
fn install_panic_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = release();
            previous(info);
        }));
    });
}

/// The terminal while it is ours; dropping it gives it back.
struct Term {
    /// Always there until the drop.
    terminal: Option<Terminal<CrosstermBackend<Stdout>>>,
}

impl Term {
    fn enter() -> io::Result<Self> {
        install_panic_hook();
        claim()?;
        let terminal = Terminal::new(CrosstermBackend::new(stdout())).inspect_err(|_| {
            let _ = release();
        })?;
        let mut term = Self {
            terminal: Some(terminal),
        };
        term.repaint()?;
        Ok(term)
    }

    fn terminal(&mut self) -> &mut Terminal<CrosstermBackend<Stdout>> {
        self.terminal
            .as_mut()
            .expect("the terminal is there until the drop")
    }

    /// Clears the screen and makes the next draw paint every cell. (`Terminal::clear` would
    /// first ask the terminal where its cursor is, a round trip that fails where nothing
    /// answers and that competes with the input thread for the replies.)
    fn repaint(&mut self) -> io::Result<()> {
        let terminal = self.terminal();
        let size = terminal.size()?;
        terminal.resize(Rect::new(0, 0, size.width, size.height))
    }

    /// Takes the terminal back after the process was stopped and continued, whatever the
    /// shell did to it meanwhile, and draws everything again.
    fn reclaim(&mut self) -> io::Result<()> {
        if ACTIVE.load(Ordering::SeqCst) {
            disable_raw_mode()?;
        }
        claim()?;
        self.repaint()
    }

    /// Gives the terminal back and stops the process (as Ctrl-Z would) until `fg`.
    fn suspend(&mut self) -> io::Result<()> {
        release()?;
        // SIGTSTP is caught here, so stop the way its default action would.
        signal_hook::low_level::emulate_default_handler(SIGTSTP)?;
        self.reclaim()
    }

    fn bell(&mut self) -> io::Result<()> {
        let out = self.terminal().backend_mut();
        out.write_all(b"\x07")?;
        out.flush()
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        let _ = release();
        // ratatui's own drop shows the cursor again and, when that fails (the terminal has
        // gone), reports it with `eprintln!`, which panics on a dead stderr. The cursor is
        // shown here instead; a terminal that cannot take it is let go without its drop.
        if let Some(mut terminal) = self.terminal.take()
            && terminal.show_cursor().is_err()
        {
            std::mem::forget(terminal);
        }
    }
}

/// The state of the screen around the session.
struct App<'o> {
    session: Session,
    /// When the run began, for the summary's streak.
    started: SystemTime,
    theme: Theme,
    overlay: Overlay,
    /// Set once the last phase is over.
    summary: Option<Summary>,
    /// A problem to show in the footer (a cue command that cannot run).
    notice: Option<String>,
    announcer: Announcer,
    options: &'o TuiOptions,
    recorder: &'o mut Recorder,
}

impl App<'_> {
    fn run(&mut self, term: &mut Term, rx: &Receiver<Input>) -> io::Result<Ending> {
        let mut pending: Option<Input> = None;
        let mut dirty = true;
        loop {
            let now = Instant::now();
            if let Some(input) = pending.take() {
                match self.handle(input, now, term)? {
                    Step::Unchanged => {}
                    Step::Changed => dirty = true,
                    Step::End(ending) => return Ok(ending),
                }
            }
            if self.summary.is_none() {
                let events = self.session.tick(now);
                dirty |= !events.is_empty();
                self.announce(&events, term)?;
                if self.session.is_done() {
                    let tally = self.session.tally(now);
                    // Recorded now, as the routine ends: nothing on the summary can lose it.
                    let outcome = Outcome {
                        ending: Ending::Completed,
                        tally: tally.clone(),
                    };
                    self.recorder
                        .record(self.session.timeline(), &outcome, SystemTime::now());
                    let note = match &self.recorder.warning {
                        Some(warning) => Some(warning.clone()),
                        None => self.streak(&tally),
                    };
                    self.summary = Some(Summary::new(
                        self.session.timeline(),
                        &tally,
                        note.as_deref(),
                    ));
                    self.overlay = Overlay::None;
                    dirty = true;
                }
            }
            let area = if dirty {
                dirty = false;
                self.draw(term, now)?
            } else {
                term.terminal().get_frame().area()
            };
            let wake = match self.summary {
                Some(_) => None,
                None => self.session.next_change(now, session::pacer_steps(area)),
            };
            pending = match wake {
                Some(at) => match rx.recv_timeout(at.saturating_duration_since(now)) {
                    Ok(input) => Some(input),
                    Err(RecvTimeoutError::Timeout) => {
                        dirty = true;
                        None
                    }
                    Err(RecvTimeoutError::Disconnected) => return Err(closed()),
                },
                None => Some(rx.recv().map_err(|_| closed())?),
            };
        }
    }

    /// The streak and the week with this run counted, for the summary.
    fn streak(&self, tally: &crate::session::Tally) -> Option<String> {
        let past = self.options.history.as_ref()?;
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

    fn mode(&self) -> Mode {
        match (&self.summary, self.overlay) {
            (Some(_), _) => Mode::Summary,
            (None, Overlay::None) => Mode::Session,
            (None, Overlay::Help) => Mode::Help,
            (None, Overlay::QuitPrompt) => Mode::QuitPrompt,
        }
    }

    /// Acts on one input.
    fn handle(&mut self, input: Input, now: Instant, term: &mut Term) -> io::Result<Step> {
        match input {
            Input::Key(key) => match keys::action(key, self.mode()) {
                Some(action) => self.act(action, now, term),
                None => Ok(Step::Unchanged),
            },
            Input::Resize => Ok(Step::Changed),
            Input::Failed(e) => Err(e),
            Input::Signal(SIGTSTP) => {
                self.suspend(now, term)?;
                Ok(Step::Changed)
            }
            Input::Signal(SIGCONT) => {
                term.reclaim()?;
                Ok(Step::Changed)
            }
            Input::Signal(signal) => Ok(Step::End(Ending::Signal(signal))),
        }
    }

    fn act(&mut self, action: Action, now: Instant, term: &mut Term) -> io::Result<Step> {
        match action {
            Action::TogglePause => self.session.toggle_pause(now),
            Action::Next => {
                let events = self.session.next(now);
                self.announce(&events, term)?;
            }
            Action::Previous => {
                let events = self.session.previous(now);
                self.announce(&events, term)?;
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
            Action::ConfirmQuit => return Ok(Step::End(Ending::Quit)),
            Action::Interrupt => return Ok(Step::End(Ending::Signal(SIGINT))),
            Action::Suspend => self.suspend(now, term)?,
            Action::Redraw => term.repaint()?,
            Action::Leave => return Ok(Step::End(Ending::Completed)),
        }
        Ok(Step::Changed)
    }

    /// Pauses the countdown (time away is not time stretched) and stops the process.
    fn suspend(&mut self, now: Instant, term: &mut Term) -> io::Result<()> {
        self.session.pause(now);
        term.suspend()
    }

    /// The bell and the cue command for what just happened. After a long gap (a laptop
    /// sleep) only the cues of the phase the session is now in are spoken.
    fn announce(&mut self, events: &[Event], term: &mut Term) -> io::Result<()> {
        let Some(last) = events.last() else {
            return Ok(());
        };
        if events.iter().any(|e| e.cue == Cue::PhaseStart) {
            self.notice = None;
        }
        if let Some(coach) = &self.options.coach {
            let heard = crate::voice::lock(coach).hear(events, self.session.timeline());
            if self.options.bell && heard.bell {
                term.bell()?;
            }
            if let Some(problem) = heard.problems.into_iter().next() {
                self.notice = Some(problem);
            }
            return Ok(());
        }
        if self.options.bell
            && events
                .iter()
                .any(|e| matches!(e.cue, Cue::PhaseStart | Cue::Countdown(_)))
        {
            term.bell()?;
        }
        if self.options.cue_command.is_some() {
            for event in events.iter().filter(|e| e.phase == last.phase) {
                let words = cue::text(event, self.session.timeline());
                if let Some(problem) = self.announcer.say(&words) {
                    self.notice = Some(problem);
                }
            }
        }
        Ok(())
    }

    /// Draws the screen as it is at `now`; returns the size it was drawn at.
    fn draw(&self, term: &mut Term, now: Instant) -> io::Result<Rect> {
        let frame = term.terminal().draw(|frame| {
            let area = frame.area();
            if let Some(summary) = &self.summary {
                frame.render_widget(
                    &SummaryScreen {
                        summary,
                        theme: &self.theme,
                    },
                    area,
                );
            } else {
                let view = self.session.view(now);
                frame.render_widget(
                    &SessionScreen {
                        view: &view,
                        theme: &self.theme,
                        overlay: self.overlay,
                        notice: self.notice.as_deref(),
                    },
                    area,
                );
            }
        })?;
        Ok(frame.area)
    }
}

fn closed() -> io::Error {
    io::Error::other("the terminal input closed")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::Gaps;

    #[test]
    fn an_empty_timeline_is_done_without_the_terminal() {
        let empty = Timeline::from_steps("empty", Vec::new(), Gaps::default());
        let mut recorder = Recorder::new(None, SystemTime::now());
        let outcome = run_session(
            empty,
            Options::default(),
            &TuiOptions::default(),
            &mut recorder,
        )
        .expect("no terminal");
        assert!(recorder.is_done());
        assert_eq!(outcome.ending, Ending::Completed);
        assert!(!ACTIVE.load(Ordering::SeqCst));
    }
}
