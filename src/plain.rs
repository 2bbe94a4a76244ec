//! The line-by-line runner (`--plain`): one line per phase and cue, as it happens, for
//! screen readers, logs and pipes. It sleeps until the next cue; a signal wakes it at once.

use crate::cue;
use crate::library::clock;
use crate::session::{Ending, Event, Options, Outcome, Session};
use crate::timeline::{PhaseKind, Timeline};
use crate::voice::Coach;
use signal_hook::consts::{SIGHUP, SIGPIPE};
use std::fmt::Write as _;
use std::io::{self, Write};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// The `[mm:ss]` routine clock.
fn stamp(event: &Event) -> String {
    let s = event.at.as_secs();
    format!("[{:02}:{:02}]", s / 60, s % 60)
}

/// One line for an event.
pub fn line(event: &Event, timeline: &Timeline) -> String {
    format!("{} {}", stamp(event), written(event, timeline))
}

/// The words printed for an event: what is said, and on the line that starts a stretch
/// (its get-ready, or its first work when it has none) every caution of the stretch (the
/// spoken words carry only the first).
pub fn written(event: &Event, timeline: &Timeline) -> String {
    let mut words = cue::text(event, timeline);
    let phase = &timeline.phases[event.phase];
    let starts = phase.kind == PhaseKind::Prepare || timeline.unprepared(event.phase);
    if event.cue == crate::session::Cue::PhaseStart && starts {
        for caution in timeline.steps[phase.step].stretch.cautions.iter().skip(1) {
            words.push(' ');
            words.push_str(caution);
        }
    }
    words
}

/// Where the runner gets the time and how it waits: the real clock in the binary, a
/// simulated one in tests.
pub trait Clock {
    fn now(&self) -> Instant;
    /// Waits up to `timeout` for a signal; returns it if one came.
    fn wait(&self, signals: &Receiver<i32>, timeout: Duration) -> Option<i32>;
}

/// The machine's monotonic clock.
pub struct RealClock;

impl Clock for RealClock {
    fn now(&self) -> Instant {
        Instant::now()
    }

    fn wait(&self, signals: &Receiver<i32>, timeout: Duration) -> Option<i32> {
        match signals.recv_timeout(timeout) {
            Ok(signal) => Some(signal),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => {
                std::thread::sleep(timeout);
                None
            }
        }
    }
}

/// What the runner prints besides the events.
#[derive(Debug, Clone, Copy, Default)]
pub struct Page<'a> {
    /// Printed first, when not empty.
    pub preface: &'a str,
    /// Rings the terminal bell (BEL) where the full screen would: as each phase starts and
    /// at the 3-2-1, unless a sound of the user's own marks the moment.
    pub bell: bool,
    /// Each get-ready phase waits for Enter (`prepare: wait`): [`ENTER`] on the signal
    /// channel ([`read_enter`] sends it).
    pub wait: bool,
}

/// What comes down the signal channel when Enter is pressed (no signal is 0).
pub const ENTER: i32 = 0;

/// Sends [`ENTER`] down `tx` for every line read from standard input, until it ends.
pub fn read_enter(tx: std::sync::mpsc::Sender<i32>) {
    std::thread::spawn(move || {
        let mut line = String::new();
        while std::io::stdin().read_line(&mut line).is_ok_and(|n| n > 0) {
            line.clear();
            if tx.send(ENTER).is_err() {
                break;
            }
        }
    });
}

/// How long a wait for Enter sleeps between looks at the clock (a signal still wakes it
/// at once).
const WAIT_FOR_ENTER: Duration = Duration::from_secs(3600);

/// The terminal bell.
const BEL: &str = "\x07";

/// Runs `timeline` to the end, printing to `out` (first the page's preface, when it is not
/// empty), stopping early on a signal from `signals`.
pub fn run(
    timeline: Timeline,
    options: Options,
    page: &Page<'_>,
    out: &mut dyn Write,
    coach: &mut Coach,
    signals: &Receiver<i32>,
    clock_: &dyn Clock,
) -> io::Result<Outcome> {
    let now = || clock_.now();
    let total = timeline.total;
    // One write for the preface and the header, as for every line after them.
    let mut head = String::new();
    if !page.preface.is_empty() {
        head.push_str(page.preface);
        head.push('\n');
    }
    let _ = writeln!(
        head,
        "{} · {} · {}",
        timeline.name,
        clock(total),
        crate::text::plural(timeline.steps.len(), "stretch", "stretches")
    );
    out.write_all(head.as_bytes())?;
    let mut session = Session::start(timeline, options, now()).holding_prepare(page.wait);
    // The get-ready phase that was last told to wait for Enter.
    let mut told_wait: Option<usize> = None;
    loop {
        let t = now();
        let mut written = Ok(());
        let events = session.tick(t);
        for event in &events {
            let line = self::written(event, session.timeline());
            written = written.and_then(|()| writeln!(out, "{} {line}", stamp(event)));
        }
        let heard = coach.hear(&events, session.timeline());
        if page.bell && heard.bell {
            written = written.and_then(|()| out.write_all(BEL.as_bytes()));
        }
        for problem in heard.problems {
            crate::diag::say(&problem);
        }
        if let Err(e) = written.and_then(|()| out.flush()) {
            // Whoever read the lines went away (`| head`): stop as a broken pipe would; a
            // terminal that went away (a closed window) as a hang-up. Either way, hand back
            // what was done, for the history.
            let signal = if e.kind() == io::ErrorKind::BrokenPipe {
                SIGPIPE
            } else {
                SIGHUP
            };
            return Ok(Outcome {
                ending: Ending::Signal(signal),
                tally: session.tally(t),
            });
        }
        if session.is_done() {
            return Ok(Outcome {
                ending: Ending::Completed,
                tally: session.tally(t),
            });
        }
        if session.is_waiting() && told_wait != Some(session.phase_index()) {
            told_wait = Some(session.phase_index());
            let s = session.tally(t).active.as_secs();
            // A reader gone is noticed at the next line.
            let _ = writeln!(out, "[{:02}:{:02}] Press Enter when ready.", s / 60, s % 60)
                .and_then(|()| out.flush());
        }
        let wait = if session.is_waiting() {
            WAIT_FOR_ENTER
        } else {
            session
                .next_cue()
                .unwrap_or(t)
                .saturating_duration_since(now())
        };
        match clock_.wait(signals, wait) {
            Some(ENTER) if session.is_waiting() => session.resume(now()),
            // Enter while nothing waits, or the time of the next cue.
            Some(ENTER) | None => {}
            Some(signal) => {
                let t = now();
                session.tick(t);
                let view = session.view(t);
                let tally = session.tally(t);
                let s = tally.active.as_secs();
                let side = view
                    .side
                    .filter(|_| view.kind == PhaseKind::Work)
                    .map_or(String::new(), |side| format!(", {}", cue::side_words(side)));
                // The run is over either way; a reader that went away changes nothing.
                let _ = writeln!(
                    out,
                    "[{:02}:{:02}] Stopped during {}{side} ({}), {} of {} done.",
                    s / 60,
                    s % 60,
                    view.stretch.name,
                    view.kind.label(),
                    clock(s as u32),
                    clock(total)
                )
                .and_then(|()| out.flush());
                return Ok(Outcome {
                    ending: Ending::Signal(signal),
                    tally,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::Sides;
    use crate::routine::{Gaps, Step};
    use crate::timeline::tests::{hold, stretch};
    use std::cell::Cell;
    use std::sync::mpsc;

    /// Time passes only when the runner waits.
    struct FakeClock(Cell<Instant>);

    impl Clock for FakeClock {
        fn now(&self) -> Instant {
            self.0.get()
        }
        fn wait(&self, signals: &Receiver<i32>, timeout: Duration) -> Option<i32> {
            if let Ok(s) = signals.try_recv() {
                return Some(s);
            }
            self.0.set(self.0.get() + timeout);
            None
        }
    }

    #[test]
    fn prints_every_phase_and_cue_then_completes() {
        let t = short(stretch("Knee", Sides::Each, hold(4, 1)), 2);
        let (_tx, rx) = mpsc::channel();
        let (outcome, text) = run_to_text(t, Options { pacer: None }, &rx);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "short · 0:11 · 1 stretch");
        assert_eq!(lines[1], "[00:00] Get ready: Knee, hold 4s. Get down.");
        assert_eq!(
            lines[2],
            "[00:02] Left side — Knee, hold 4s. Ease into a mild pull: tension, never pain."
        );
        assert_eq!(lines[3], "[00:03] 3");
        assert_eq!(lines[6], "[00:06] Switch sides: right side, 1s.");
        assert_eq!(
            lines.last(),
            Some(&"[00:11] Done: short, 0:08 of stretching, 0:11 in all.")
        );
        assert_eq!(outcome.ending, Ending::Completed);
        assert!(outcome.tally.completed);
    }

    /// A 2 s hold of "Knee" with two cautions, after a get-ready of `prepare` seconds.
    fn cautious_knee(sides: Sides, prepare: u32) -> Timeline {
        let mut step = stretch("Knee", sides, hold(2, 1));
        step.stretch.cautions = vec![
            "With osteoporosis, skip it.".into(),
            "Stop if the leg goes numb.".into(),
        ];
        short(step, prepare)
    }

    /// The routine "short" of one step, with a get-ready of `prepare` seconds and 1 s to
    /// switch sides and to rest.
    fn short(step: Step, prepare: u32) -> Timeline {
        Timeline::from_steps(
            "short",
            vec![step],
            Gaps {
                prepare: Some(prepare),
                switch: Some(1),
                rest: Some(1),
            },
        )
    }

    #[test]
    fn the_get_ready_line_carries_every_caution() {
        let t = cautious_knee(Sides::Both, 1);
        let (_tx, rx) = mpsc::channel();
        let (_, text) = run_to_text(t, Options { pacer: None }, &rx);
        assert_eq!(
            text.lines().nth(1),
            Some(
                "[00:00] Get ready: Knee, hold 2s. Get down. Careful: With osteoporosis, skip it. Stop if the leg goes numb."
            ),
            "{text}"
        );
    }

    #[test]
    fn on_a_terminal_the_bell_rings_at_each_phase_and_the_three_two_one() {
        let t = short(stretch("Knee", Sides::Each, hold(5, 1)), 2);
        let (_tx, rx) = mpsc::channel();
        let clock = FakeClock(Cell::new(Instant::now()));
        let mut out = Vec::new();
        let page = Page {
            bell: true,
            ..Page::default()
        };
        run(
            t.clone(),
            Options { pacer: None },
            &page,
            &mut out,
            &mut Coach::silent(),
            &rx,
            &clock,
        )
        .expect("writing to memory");
        let text = String::from_utf8(out).expect("UTF-8 output");
        // Four phases start (prepare, left, switch, right) and each side counts 3-2-1.
        assert_eq!(text.matches(BEL).count(), 4 + 2 * 3, "{text:?}");
        // Each bell follows the line of its moment.
        assert!(
            text.contains("[00:00] Get ready: Knee, hold 5s. Get down.\n\x07"),
            "{text:?}"
        );
        // Without it (a pipe, a log, `--no-bell`), not one.
        let (_, quiet) = run_to_text(t, Options { pacer: None }, &rx);
        assert!(!quiet.contains(BEL), "{quiet:?}");
    }

    #[test]
    fn with_no_get_ready_phase_the_first_line_of_a_stretch_carries_its_setup_and_cautions() {
        let t = cautious_knee(Sides::Each, 0);
        let (_tx, rx) = mpsc::channel();
        let (outcome, text) = run_to_text(t, Options { pacer: None }, &rx);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "short · 0:05 · 1 stretch");
        assert_eq!(
            lines[1],
            "[00:00] Left side — Knee, hold 2s. Get down. Careful: With osteoporosis, skip it. Ease into a mild pull: tension, never pain. Stop if the leg goes numb."
        );
        assert!(!text.contains("Get ready"), "{text}");
        // The right side is not the start of the stretch: no setup again.
        assert!(
            text.contains("[00:03] Right side — Knee, hold 2s. Breathe.\n"),
            "{text}"
        );
        assert!(outcome.tally.completed);
    }

    #[test]
    fn a_waiting_get_ready_asks_for_enter_and_goes_on_when_it_comes() {
        let t = short(stretch("Knee", Sides::Both, hold(2, 1)), 2);
        let (tx, rx) = mpsc::channel();
        // Enter is pressed; the fake clock waits an hour before it is read.
        tx.send(ENTER).unwrap();
        let clock = FakeClock(Cell::new(Instant::now()));
        let mut out = Vec::new();
        let page = Page {
            wait: true,
            ..Page::default()
        };
        let outcome = run(
            t,
            Options { pacer: None },
            &page,
            &mut out,
            &mut Coach::silent(),
            &rx,
            &clock,
        )
        .expect("writing to memory");
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1], "[00:00] Get ready: Knee, hold 2s. Get down.");
        assert_eq!(lines[2], "[00:00] Press Enter when ready.");
        // Once ready, the get-ready counts down as usual: the time waited is not counted.
        assert_eq!(
            lines[3],
            "[00:02] Knee, hold 2s. Ease into a mild pull: tension, never pain."
        );
        assert_eq!(
            lines.last(),
            Some(&"[00:04] Done: short, 0:02 of stretching, 0:04 in all.")
        );
        assert!(outcome.tally.completed);
        assert_eq!(outcome.tally.active, Duration::from_secs(4));
    }

    /// A writer whose reader has gone.
    struct Closed;

    impl Write for Closed {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// Runs `t` on a simulated clock; returns the outcome and everything printed.
    fn run_to_text(t: Timeline, options: Options, signals: &Receiver<i32>) -> (Outcome, String) {
        let clock = FakeClock(Cell::new(Instant::now()));
        let mut out = Vec::new();
        let outcome = run(
            t,
            options,
            &Page::default(),
            &mut out,
            &mut Coach::silent(),
            signals,
            &clock,
        )
        .expect("writing to memory");
        (outcome, String::from_utf8(out).expect("UTF-8 output"))
    }

    /// Knee, 30 s on each side, with the default gaps (1:15 in all).
    fn knee_30s() -> Timeline {
        Timeline::from_steps(
            "short",
            vec![stretch("Knee", Sides::Each, hold(30, 1))],
            Gaps::default(),
        )
    }

    /// Takes the first line (the header), then fails with the error kind: the reader or
    /// the terminal goes away.
    struct FirstLineOnly<'a>(&'a mut Vec<u8>, io::ErrorKind);
    impl Write for FirstLineOnly<'_> {
        fn write(&mut self, b: &[u8]) -> io::Result<usize> {
            if self.0.contains(&b'\n') {
                return Err(self.1.into());
            }
            self.0.extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_output_stops_the_run_and_still_reports_it() {
        let t = knee_30s();
        let (_tx, rx) = mpsc::channel();
        let clock = FakeClock(Cell::new(Instant::now()));
        // The header goes out before the session starts; make only the first line fail.
        let outcome = run(
            t,
            Options::default(),
            &Page::default(),
            &mut Closed,
            &mut Coach::silent(),
            &rx,
            &clock,
        );
        assert!(outcome.is_err(), "the header cannot be written either");
        let mut tail = Vec::new();
        let t = knee_30s();
        let outcome = run(
            t,
            Options::default(),
            &Page::default(),
            &mut FirstLineOnly(&mut tail, io::ErrorKind::BrokenPipe),
            &mut Coach::silent(),
            &rx,
            &clock,
        )
        .unwrap();
        assert_eq!(outcome.ending, Ending::Signal(SIGPIPE));
        assert_eq!(outcome.ending.exit_code(), 141);
        assert!(!outcome.tally.completed);
        assert_eq!(
            String::from_utf8(tail).unwrap(),
            "short · 1:15 · 1 stretch\n"
        );
        // A terminal that went away (EIO) is a hang-up.
        let mut tail = Vec::new();
        let outcome = run(
            knee_30s(),
            Options::default(),
            &Page::default(),
            &mut FirstLineOnly(&mut tail, io::ErrorKind::Other),
            &mut Coach::silent(),
            &rx,
            &clock,
        )
        .unwrap();
        assert_eq!(outcome.ending, Ending::Signal(SIGHUP));
        assert_eq!(outcome.ending.exit_code(), 129);
    }

    #[test]
    fn a_signal_stops_with_a_line_saying_where() {
        let t = knee_30s();
        let (tx, rx) = mpsc::channel();
        tx.send(15).unwrap();
        let (outcome, text) = run_to_text(t, Options::default(), &rx);
        assert!(
            text.ends_with("[00:00] Stopped during Knee (prepare), 0:00 of 1:15 done.\n"),
            "{text}"
        );
        assert_eq!(outcome.ending, Ending::Signal(15));
        assert_eq!(outcome.ending.exit_code(), 143);
        assert!(!outcome.tally.completed);
    }
}
