//! The live state of a running routine. It never reads a clock: every call takes `now`.
//!
//! The session keeps when the current phase began (moved forward by pauses) and derives
//! the time left from the `now` it is given. Nothing counts down per tick, so a late frame
//! adds no drift and one `tick` after a laptop sleep crosses every phase boundary in between,
//! returning each crossing's cues in order.

use crate::library::{Breath, Dose, Pace, Sides, Stretch};
use crate::timeline::{Phase, PhaseKind, Side, Timeline};
use std::time::{Duration, Instant};

/// How long after a phase starts `previous` still goes back to the phase before.
pub const PREVIOUS_GRACE: Duration = Duration::from_secs(2);

/// Said as the routine's first hold begins: how far a stretch should go.
pub const FIRST_HOLD_TIP: &str = "Ease into a mild pull: tension, never pain.";

/// How long the first hold shows [`FIRST_HOLD_TIP`] before its own cues.
const FIRST_HOLD_TIP_FOR: Duration = Duration::from_secs(8);

/// Work phases at least this long announce their halfway point.
const HALFWAY_FROM: Duration = Duration::from_secs(20);

/// Something the front end should announce, show or sound.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cue {
    /// A phase began.
    PhaseStart,
    /// The halves of a breath: a breath-paced rep, or the pacer during a hold.
    Inhale,
    Exhale,
    /// A new rep began (tempo reps; breath reps start with their inhale).
    Rep {
        n: u32,
        of: u32,
        side: Option<Side>,
    },
    Halfway,
    /// The last seconds of a work phase: 3, 2, 1.
    Countdown(u32),
    /// The routine is over, after `stretched` of stretching: the work (holds and reps) as
    /// it was done, phases skipped, stopped early or lengthened counted as they ran.
    Done {
        stretched: Duration,
    },
}

/// A cue, with where and when it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Index of the phase it belongs to.
    pub phase: usize,
    /// Active time since the routine started (pauses excluded).
    pub at: Duration,
    pub cue: Cue,
}

/// Options that shape a session but come from settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// The breathing pacer during holds, `(in, out)` seconds; `None` turns it off. A
    /// stretch's own `breath` wins.
    pub pacer: Option<(u32, u32)>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            pacer: Some((4, 6)),
        }
    }
}

/// Which half of a breath.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Half {
    In,
    Out,
}

/// The breathing pacer's state.
#[derive(Debug, Clone, PartialEq)]
pub struct BreathView<'a> {
    pub half: Half,
    /// 0..1 through this half.
    pub progress: f32,
    /// The rep's own words for this half, if it has them.
    pub cue: Option<&'a str>,
}

/// A tempo rep's beat: which half of the rep it is in (out, then back, as the figure
/// moves) and how far through that half, with the stretch's word for it.
#[derive(Debug, Clone, PartialEq)]
pub struct TempoView<'a> {
    pub first_half: bool,
    /// 0..1 through this half.
    pub progress: f32,
    /// The stretch's word for this half (`tempo_cues`), if it names one.
    pub word: Option<&'a str>,
    /// Seconds per rep.
    pub seconds: u32,
}

/// How many steps a half-breath or a half-rep takes on the screen, for what of it is on
/// screen: 0 where nothing of it shows (no pacer row, no moving figure), so that nothing
/// wakes the screen for it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Steps {
    pub breath: u32,
    pub tempo: u32,
}

/// What comes after the current phase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextView<'a> {
    pub kind: PhaseKind,
    pub stretch: &'a Stretch,
    pub side: Option<Side>,
    pub seconds: u32,
    /// For a gap (switch, rest, prepare): the work that follows it.
    pub then: Option<(&'a Stretch, Option<Side>)>,
}

/// Everything a screen needs to draw the session, computed for one instant.
// Each flag is a fact of its own that the screen shows (paused, waiting, done, unprepared).
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone, PartialEq)]
pub struct View<'a> {
    pub routine: &'a str,
    pub phase_index: usize,
    pub phases: usize,
    pub kind: PhaseKind,
    pub stretch: &'a Stretch,
    /// Position of the stretch in the routine, from 1.
    pub step: usize,
    pub steps: usize,
    /// The side being worked now (alternating reps switch it rep by rep).
    pub side: Option<Side>,
    pub set: u32,
    pub sets: u32,
    /// `(rep, of)` during reps, from 1.
    pub rep: Option<(u32, u32)>,
    /// The reps of the stretch's dose (per side when alternating), the same in each of its
    /// phases: what a screen keeps room for.
    pub step_reps: Option<u32>,
    /// How far through the current rep, 0..1, during reps (a tempo rep's figure moves by it).
    pub rep_progress: Option<f32>,
    pub breath: Option<BreathView<'a>>,
    /// The beat of a tempo rep, for its pacer.
    pub tempo: Option<TempoView<'a>>,
    /// The line to show: a cue during work, the stretch's first cue otherwise.
    pub cue: Option<&'a str>,
    /// The setup steps, shown while preparing.
    pub setup: &'a [String],
    /// The stretch's first work with no get-ready phase before it (`prepare: 0`): its
    /// setup and cautions are shown here instead.
    pub unprepared: bool,
    /// A get-ready phase waiting for the user (`prepare: wait`); `paused` is not set.
    pub waiting: bool,
    pub phase_left: Duration,
    pub phase_length: Duration,
    pub routine_left: Duration,
    pub routine_total: Duration,
    pub next: Option<NextView<'a>>,
    pub paused: bool,
    pub done: bool,
}

impl View<'_> {
    /// Whole seconds left in the phase, rounded up (what a countdown shows).
    pub fn phase_secs(&self) -> u64 {
        ceil_secs(self.phase_left)
    }

    pub fn routine_secs(&self) -> u64 {
        ceil_secs(self.routine_left)
    }
}

fn ceil_secs(d: Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

/// What a run amounted to, for the summary and history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    /// Active seconds, pauses excluded.
    pub active: Duration,
    /// Seconds of work (holds and reps) done.
    pub work: Duration,
    /// The same, per step of the timeline.
    pub work_by_step: Vec<Duration>,
    /// Indices of steps with at least one work phase run to its end.
    pub steps_done: Vec<usize>,
    /// Indices of steps stopped because they hurt ([`Session::hurt`]), in order.
    pub hurt: Vec<usize>,
    pub completed: bool,
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The last phase ran out (or was skipped past).
    Completed,
    /// The user quit (q, then y).
    Quit,
    /// Stopped by a signal: SIGINT (or Ctrl-C in the full screen), SIGTERM or SIGHUP.
    Signal(i32),
}

impl Ending {
    /// The process exit code: 0, or 128 + the signal.
    pub fn exit_code(self) -> u8 {
        match self {
            Ending::Completed | Ending::Quit => 0,
            Ending::Signal(n) => 128 + u8::try_from(n).unwrap_or(0),
        }
    }
}

/// What a front end hands back when a run is over.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub ending: Ending,
    pub tally: Tally,
}

/// A routine in progress.
#[derive(Debug, Clone)]
pub struct Session {
    timeline: Timeline,
    options: Options,
    index: usize,
    /// When the current phase began, moved forward by every pause.
    phase_start: Instant,
    /// Seconds added to (or taken from) the current phase.
    extra: i64,
    paused_at: Option<Instant>,
    /// Cues of the current phase are emitted up to here (phase-relative).
    emitted: Option<Duration>,
    /// Active time before the current phase began.
    base: Duration,
    work_done: Vec<Duration>,
    step_done: Vec<bool>,
    hurt: Vec<usize>,
    done: bool,
    /// Each get-ready phase waits for the user (`prepare: wait`).
    hold_prepare: bool,
    /// Paused at the start of a get-ready phase until the user is ready.
    waiting: bool,
}

impl Session {
    /// Starts the routine at `now`. The first events (the first phase's start) come from
    /// the first `tick`.
    pub fn start(timeline: Timeline, options: Options, now: Instant) -> Self {
        let steps = timeline.steps.len();
        Self {
            timeline,
            options,
            index: 0,
            phase_start: now,
            extra: 0,
            paused_at: None,
            emitted: None,
            base: Duration::ZERO,
            work_done: vec![Duration::ZERO; steps],
            step_done: vec![false; steps],
            hurt: Vec::new(),
            done: false,
            hold_prepare: false,
            waiting: false,
        }
    }

    /// Holds every get-ready phase at its start until [`Session::resume`] (`prepare:
    /// wait`, for getting up off the floor): its countdown runs once the user is ready.
    #[must_use]
    pub fn holding_prepare(mut self, hold: bool) -> Self {
        self.hold_prepare = hold;
        self.hold_if_preparing(self.phase_start);
        self
    }

    /// Whether the session waits for the user before it counts the get-ready time down.
    pub fn is_waiting(&self) -> bool {
        self.waiting
    }

    /// Pauses a get-ready phase begun at `start`, when get-ready phases wait.
    fn hold_if_preparing(&mut self, start: Instant) {
        let preparing = self
            .timeline
            .phases
            .get(self.index)
            .is_some_and(|p| p.kind == PhaseKind::Prepare);
        if self.hold_prepare && preparing && !self.done {
            self.paused_at = Some(start);
            self.waiting = true;
        }
    }

    /// A key that moves through the routine also ends a wait: the phase it lands in runs
    /// (or waits in its turn, if it is a get-ready phase).
    fn stop_waiting(&mut self, now: Instant) {
        if self.waiting {
            self.resume(now);
        }
    }

    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    pub fn is_done(&self) -> bool {
        self.done
    }

    pub fn is_paused(&self) -> bool {
        self.paused_at.is_some()
    }

    pub fn phase_index(&self) -> usize {
        self.index
    }

    fn phase(&self) -> &Phase {
        &self.timeline.phases[self.index]
    }

    /// The current phase's length with its extension.
    fn length(&self) -> Duration {
        let secs = i64::from(self.phase().seconds) + self.extra;
        Duration::from_secs(u64::try_from(secs.max(1)).unwrap_or(1))
    }

    /// Active time into the current phase at `now`.
    fn elapsed(&self, now: Instant) -> Duration {
        let at = self.paused_at.unwrap_or(now);
        at.saturating_duration_since(self.phase_start)
    }

    /// Advances to `now`, returning every cue since the last call, in order.
    pub fn tick(&mut self, now: Instant) -> Vec<Event> {
        let mut events = Vec::new();
        if self.done || self.timeline.phases.is_empty() {
            if !self.done {
                self.done = true;
                events.push(self.event(Duration::ZERO, self.done_cue()));
            }
            return events;
        }
        loop {
            let length = self.length();
            let elapsed = self.elapsed(now);
            if elapsed < length {
                self.collect(self.emitted, elapsed, true, &mut events);
                self.emitted = Some(elapsed);
                return events;
            }
            // The phase ended: its remaining cues, then on to the next one.
            self.collect(self.emitted, length, false, &mut events);
            self.finish_phase(length);
            let boundary = self.phase_start + length;
            if self.index + 1 >= self.timeline.phases.len() {
                self.done = true;
                self.base += length;
                self.emitted = Some(length);
                events.push(Event {
                    phase: self.index,
                    at: self.base,
                    cue: self.done_cue(),
                });
                return events;
            }
            self.enter(self.index + 1, boundary, length);
        }
    }

    /// The cue of the end, with the stretching done.
    fn done_cue(&self) -> Cue {
        Cue::Done {
            stretched: self.work_done.iter().sum(),
        }
    }

    fn event(&self, offset: Duration, cue: Cue) -> Event {
        Event {
            phase: self.index,
            at: self.base + offset,
            cue,
        }
    }

    /// Counts a phase that ran to its end.
    fn finish_phase(&mut self, length: Duration) {
        let phase = self.phase();
        if phase.kind == PhaseKind::Work {
            let step = phase.step;
            self.work_done[step] += length;
            self.step_done[step] = true;
        }
    }

    /// Makes phase `index` current, begun at `start`, after `spent` active time in the old one.
    fn enter(&mut self, index: usize, start: Instant, spent: Duration) {
        self.base += spent;
        self.index = index;
        self.phase_start = start;
        self.extra = 0;
        self.emitted = None;
        self.hold_if_preparing(start);
    }

    /// The pacer or rep breath of the current phase, if any.
    fn breath(&self) -> Option<Beat<'_>> {
        let phase = self.phase();
        if phase.kind != PhaseKind::Work {
            return None;
        }
        let step = &self.timeline.steps[phase.step];
        let beat = |inhale, exhale, words, exhale_first| Beat {
            inhale,
            exhale,
            words,
            exhale_first,
        };
        match &step.dose {
            Dose::Reps {
                pace: Pace::Breath(b),
                ..
            } => Some(beat(b.inhale, b.exhale, Some(b), step.stretch.exhale_first)),
            Dose::Reps { .. } => None,
            Dose::Hold { pacer: Some(b), .. } => Some(beat(b.inhale, b.exhale, None, false)),
            Dose::Hold { pacer: None, .. } => {
                self.options.pacer.map(|(i, o)| beat(i, o, None, false))
            }
        }
    }

    /// Adds the cues of the current phase with offsets in `(from, to)` (or `[0, to)` when
    /// `from` is `None`; `to` itself too when `inclusive`).
    fn collect(&self, from: Option<Duration>, to: Duration, inclusive: bool, out: &mut Vec<Event>) {
        let phase = self.phase();
        let length = self.length();
        let mut found: Vec<(Duration, u8, Cue)> = Vec::new();
        let within = |t: Duration| {
            from.is_none_or(|f| t > f) && (t < to || (inclusive && t == to)) && t < length
        };
        if from.is_none() {
            found.push((Duration::ZERO, 0, Cue::PhaseStart));
        }
        // Every multiple of `period` (plus `offset`) inside the range, below `limit` of them.
        let periodic = |offset: Duration, period: Duration, limit: u64| -> Vec<(u64, Duration)> {
            if period.is_zero() {
                return Vec::new();
            }
            let lo = from.map_or(0, |f| {
                (f.saturating_sub(offset).as_millis() / period.as_millis()) as u64
            });
            let hi = ((to.saturating_sub(offset)).as_millis() / period.as_millis()) as u64;
            (lo..=hi.min(limit.saturating_sub(1)))
                .map(|k| (k, offset + period * k as u32))
                .filter(|(_, t)| within(*t))
                .collect()
        };
        if phase.kind == PhaseKind::Work {
            let step = &self.timeline.steps[phase.step];
            let alternating = step.stretch.sides == Sides::Alternating;
            if let Dose::Reps { reps, pace, .. } = &step.dose {
                let total = if alternating { 2 * reps } else { *reps };
                let per = Duration::from_secs(u64::from(pace.seconds()));
                if matches!(pace, Pace::Tempo(_)) {
                    for (k, t) in periodic(Duration::ZERO, per, u64::from(total)) {
                        let (n, side) = rep_number(k as u32, *reps, alternating);
                        found.push((t, 1, Cue::Rep { n, of: *reps, side }));
                    }
                }
            }
            if let Some(beat) = self.breath() {
                let period = Duration::from_secs(u64::from(beat.inhale + beat.exhale));
                let count = match &step.dose {
                    Dose::Reps { reps, .. } => {
                        u64::from(if alternating { 2 * reps } else { *reps })
                    }
                    Dose::Hold { .. } => u64::MAX,
                };
                let (first, second) = beat.order();
                for (k, t) in periodic(Duration::ZERO, period, count) {
                    // Breath-paced reps that alternate say which side each rep is.
                    if let (true, Dose::Reps { reps, .. }) = (alternating, &step.dose) {
                        let (n, side) = rep_number(k as u32, *reps, true);
                        found.push((t, 1, Cue::Rep { n, of: *reps, side }));
                    }
                    found.push((t, 2, first.cue()));
                }
                let lead = Duration::from_secs(u64::from(beat.len(first)));
                for (_, t) in periodic(lead, period, count) {
                    found.push((t, 2, second.cue()));
                }
            }
            // Inside alternating sets the sides, not the clock, mark the way through.
            if length >= HALFWAY_FROM && !alternating {
                let half = length / 2;
                if within(half) {
                    found.push((half, 3, Cue::Halfway));
                }
            }
            for n in 1..=3u32 {
                let t = length.saturating_sub(Duration::from_secs(u64::from(n)));
                if t > Duration::ZERO && within(t) {
                    found.push((t, 4, Cue::Countdown(n)));
                }
            }
        }
        found.sort_by_key(|(t, order, _)| (*t, *order));
        out.extend(found.into_iter().map(|(t, _, cue)| self.event(t, cue)));
    }

    pub fn pause(&mut self, now: Instant) {
        if self.paused_at.is_none() && !self.done {
            self.paused_at = Some(now);
        }
    }

    pub fn resume(&mut self, now: Instant) {
        self.waiting = false;
        if let Some(at) = self.paused_at.take() {
            self.phase_start += now.saturating_duration_since(at);
        }
    }

    pub fn toggle_pause(&mut self, now: Instant) {
        if self.is_paused() {
            self.resume(now);
        } else {
            self.pause(now);
        }
    }

    /// Skips to the start of the next phase (or ends the routine from the last one).
    pub fn next(&mut self, now: Instant) -> Vec<Event> {
        let events = self.tick(now);
        if self.done {
            return events;
        }
        self.stop_waiting(now);
        let target = (self.index + 1 < self.timeline.phases.len()).then_some(self.index + 1);
        self.leave_for(target, now, events)
    }

    /// "This hurts": stops the current stretch at once (whatever phase of it is running)
    /// and goes to the next stretch's first phase, or ends the routine after the last one.
    /// The stretch is kept in the tally's `hurt`, for the history and the builder.
    pub fn hurt(&mut self, now: Instant) -> Vec<Event> {
        let events = self.tick(now);
        if self.done {
            return events;
        }
        self.stop_waiting(now);
        let step = self.phase().step;
        if !self.hurt.contains(&step) {
            self.hurt.push(step);
        }
        self.leave_for(self.next_stretch_start(), now, events)
    }

    /// Skips the rest of the current stretch: to the first phase of the next one (or the
    /// end of the routine from the last). Work done so far in it still counts; only the
    /// phase it lands in speaks.
    pub fn next_stretch(&mut self, now: Instant) -> Vec<Event> {
        let events = self.tick(now);
        if self.done {
            return events;
        }
        self.stop_waiting(now);
        self.leave_for(self.next_stretch_start(), now, events)
    }

    /// The first phase of the stretch after the current one, if there is one.
    fn next_stretch_start(&self) -> Option<usize> {
        let step = self.phase().step;
        self.timeline.phases[self.index..]
            .iter()
            .position(|p| p.step != step)
            .map(|k| self.index + k)
    }

    /// Leaves the current phase at `now` (its work so far counted) for phase `target`, or
    /// ends the routine when there is none; `events` are those already due.
    fn leave_for(
        &mut self,
        target: Option<usize>,
        now: Instant,
        mut events: Vec<Event>,
    ) -> Vec<Event> {
        let spent = self.elapsed(now);
        if self.phase().kind == PhaseKind::Work {
            let step = self.phase().step;
            self.work_done[step] += spent;
        }
        let Some(target) = target else {
            self.done = true;
            self.base += spent;
            self.paused_at = None;
            events.push(Event {
                phase: self.index,
                at: self.base,
                cue: self.done_cue(),
            });
            return events;
        };
        let start = self.paused_at.unwrap_or(now);
        self.enter(target, start, spent);
        events.extend(self.tick(now));
        events
    }

    /// Restarts the current phase, or goes back to the previous one when the current one
    /// began less than [`PREVIOUS_GRACE`] ago.
    pub fn previous(&mut self, now: Instant) -> Vec<Event> {
        let mut events = self.tick(now);
        if self.done {
            return events;
        }
        self.stop_waiting(now);
        let spent = self.elapsed(now);
        let target = if spent < PREVIOUS_GRACE && self.index > 0 {
            self.index - 1
        } else {
            self.index
        };
        let start = self.paused_at.unwrap_or(now);
        self.enter(target, start, spent);
        events.extend(self.tick(now));
        events
    }

    /// Back to the start of the current stretch, or to the start of the one before when
    /// this one began less than [`PREVIOUS_GRACE`] ago.
    pub fn previous_stretch(&mut self, now: Instant) -> Vec<Event> {
        let mut events = self.tick(now);
        if self.done {
            return events;
        }
        self.stop_waiting(now);
        let phases = &self.timeline.phases;
        let first_of = |step: usize| phases.iter().position(|p| p.step == step).unwrap_or(0);
        let step = self.phase().step;
        let first = first_of(step);
        let spent = self.elapsed(now);
        let target = if self.index == first && spent < PREVIOUS_GRACE && step > 0 {
            first_of(step - 1)
        } else {
            first
        };
        let start = self.paused_at.unwrap_or(now);
        self.enter(target, start, spent);
        events.extend(self.tick(now));
        events
    }

    /// Adds (or with a negative `secs`, removes) time from the current phase; never leaves
    /// less than one second.
    pub fn extend(&mut self, secs: i64, now: Instant) {
        if self.done {
            return;
        }
        let elapsed_ms = i64::try_from(self.elapsed(now).as_millis()).unwrap_or(i64::MAX);
        let length_ms = i64::try_from(self.length().as_millis()).unwrap_or(i64::MAX);
        let left_ms = length_ms - elapsed_ms;
        let wanted = left_ms + secs * 1000;
        if wanted >= 1000 {
            self.extra += secs;
        } else {
            // Shorten so that the phase ends in one second, rounded to a whole second of length.
            let new_length_ms = elapsed_ms + 1000;
            let new_secs = (new_length_ms + 999) / 1000;
            self.extra = new_secs - i64::from(self.phase().seconds);
        }
    }

    /// What a run amounted to at `now`.
    pub fn tally(&self, now: Instant) -> Tally {
        let current = if self.done {
            Duration::ZERO
        } else {
            self.elapsed(now)
        };
        let mut work_by_step = self.work_done.clone();
        if !self.done && self.phase().kind == PhaseKind::Work {
            work_by_step[self.phase().step] += current;
        }
        Tally {
            active: self.base + current,
            work: work_by_step.iter().sum(),
            work_by_step,
            steps_done: self
                .step_done
                .iter()
                .enumerate()
                .filter_map(|(i, d)| d.then_some(i))
                .collect(),
            hurt: self.hurt.clone(),
            completed: self.done && self.index + 1 >= self.timeline.phases.len(),
        }
    }

    /// When the screen must next change after `now`: the next whole second of the phase
    /// countdown, or the next step of what moves on screen between the seconds (`steps`
    /// per half-breath of the pacer, per half-rep of a tempo rep's pacer and figure; none
    /// for what is not on screen).
    pub fn next_change(&self, now: Instant, steps: Steps) -> Option<Instant> {
        if self.done || self.is_paused() || self.timeline.phases.is_empty() {
            return None;
        }
        let elapsed = self.elapsed(now);
        let left = self.length().saturating_sub(elapsed);
        // The displayed second changes when `left` crosses a whole second.
        let sub = Duration::from_nanos(u64::from(left.subsec_nanos()));
        let mut wait = if sub.is_zero() {
            Duration::from_secs(1)
        } else {
            sub
        };
        if let Some(beat) = self.breath().filter(|_| steps.breath > 0) {
            let steps = steps.breath;
            let period = Duration::from_secs(u64::from(beat.inhale + beat.exhale));
            if !period.is_zero() {
                let into = Duration::from_nanos((elapsed.as_nanos() % period.as_nanos()) as u64);
                let (first, second) = beat.order();
                let lead = Duration::from_secs(u64::from(beat.len(first)));
                let (pos, half) = if into < lead {
                    (into, lead)
                } else {
                    (
                        into.saturating_sub(lead),
                        Duration::from_secs(u64::from(beat.len(second))),
                    )
                };
                let step = half / steps;
                if !step.is_zero() {
                    let into_step = Duration::from_nanos((pos.as_nanos() % step.as_nanos()) as u64);
                    wait = wait.min(step.saturating_sub(into_step));
                }
            }
        }
        if let Some(tempo) = self.tempo().filter(|_| steps.tempo > 0) {
            // The tempo pacer and a moving figure step through each half of a rep as the
            // breath pacer steps through a breath.
            let step = Duration::from_millis(u64::from(tempo) * 500) / steps.tempo;
            if !step.is_zero() {
                let into = Duration::from_nanos((elapsed.as_nanos() % step.as_nanos()) as u64);
                wait = wait.min(step.saturating_sub(into));
            }
        }
        Some(now + wait.min(left).max(Duration::from_millis(1)))
    }

    /// The seconds per rep of a tempo-paced work phase.
    fn tempo(&self) -> Option<u32> {
        let phase = self.phase();
        match &self.timeline.steps[phase.step].dose {
            Dose::Reps {
                pace: Pace::Tempo(t),
                ..
            } if phase.kind == PhaseKind::Work => Some(*t),
            _ => None,
        }
    }

    /// When the next cue falls due (or the current phase ends), for a runner that only wakes
    /// for cues. `None` when paused or done.
    pub fn next_cue(&self) -> Option<Instant> {
        if self.done || self.is_paused() || self.timeline.phases.is_empty() {
            return None;
        }
        let length = self.length();
        let mut upcoming = Vec::new();
        self.collect(self.emitted, length, false, &mut upcoming);
        let offset = upcoming
            .first()
            .map_or(length, |e| e.at.saturating_sub(self.base));
        Some(self.phase_start + offset)
    }

    /// Everything a screen shows, at `now`.
    pub fn view(&self, now: Instant) -> View<'_> {
        let t = &self.timeline;
        let phase = self.phase();
        let step = &t.steps[phase.step];
        let length = self.length();
        let elapsed = if self.done {
            length
        } else {
            self.elapsed(now).min(length)
        };
        let phase_left = length.saturating_sub(elapsed);
        let later = t.phases[self.index + 1..]
            .iter()
            .fold(0u32, |sum, p| sum.saturating_add(p.seconds));
        let routine_left = phase_left + Duration::from_secs(u64::from(later));

        let alternating = step.stretch.sides == Sides::Alternating;
        let mut side = phase.side;
        let mut rep = None;
        let mut rep_progress = None;
        let mut breath = None;
        let mut tempo = None;
        if phase.kind == PhaseKind::Work {
            if let Dose::Reps { reps, pace, .. } = &step.dose {
                let total = if alternating { 2 * reps } else { *reps };
                let per = u128::from(pace.seconds().max(1)) * 1000;
                let k = ((elapsed.as_millis() / per) as u32).min(total.saturating_sub(1));
                let into = elapsed.as_millis().saturating_sub(u128::from(k) * per);
                let through = (into as f32 / per as f32).clamp(0.0, 1.0);
                rep_progress = Some(through);
                let (n, s) = rep_number(k, *reps, alternating);
                rep = Some((n, *reps));
                if alternating {
                    side = s;
                }
                if let Pace::Tempo(seconds) = pace {
                    let first_half = through < 0.5;
                    tempo = Some(TempoView {
                        first_half,
                        progress: if first_half {
                            through * 2.0
                        } else {
                            through * 2.0 - 1.0
                        }
                        .clamp(0.0, 1.0),
                        word: step
                            .stretch
                            .tempo_cues
                            .as_ref()
                            .and_then(|c| c.word(n, *reps, first_half)),
                        seconds: *seconds,
                    });
                }
            }
            if let Some(beat) = self.breath() {
                let period = u128::from(beat.inhale + beat.exhale) * 1000;
                if period > 0 {
                    let into = (elapsed.as_millis() % period) as f32 / 1000.0;
                    let (first, second) = beat.order();
                    let lead = beat.len(first) as f32;
                    let (half, progress) = if into < lead {
                        (first, into / lead.max(1.0))
                    } else {
                        (second, (into - lead) / beat.len(second).max(1) as f32)
                    };
                    let cue = beat.words.and_then(|b| match half {
                        Half::In => b.in_cue.as_deref(),
                        Half::Out => b.out_cue.as_deref(),
                    });
                    breath = Some(BreathView {
                        half,
                        progress: progress.clamp(0.0, 1.0),
                        cue,
                    });
                }
            }
        }
        let cues = &step.stretch.cues;
        let cue = if self.timeline.first_hold() == Some(self.index) && elapsed < FIRST_HOLD_TIP_FOR
        {
            Some(FIRST_HOLD_TIP)
        } else if cues.is_empty() {
            None
        } else if phase.kind == PhaseKind::Work {
            // A new cue every 10 seconds.
            let k = (elapsed.as_secs() / 10) as usize % cues.len();
            Some(cues[k].as_str())
        } else {
            Some(cues[0].as_str())
        };
        View {
            routine: &t.name,
            phase_index: self.index,
            phases: t.phases.len(),
            kind: phase.kind,
            stretch: &step.stretch,
            step: phase.step + 1,
            steps: t.steps.len(),
            side,
            set: phase.set,
            sets: phase.sets,
            rep,
            step_reps: match &step.dose {
                Dose::Reps { reps, .. } => Some(*reps),
                Dose::Hold { .. } => None,
            },
            rep_progress,
            breath,
            tempo,
            cue,
            setup: &step.stretch.setup,
            unprepared: t.unprepared(self.index),
            waiting: self.waiting,
            phase_left,
            phase_length: length,
            routine_left,
            routine_total: Duration::from_secs(u64::from(t.total)),
            next: self.next_view(),
            paused: self.is_paused() && !self.waiting,
            done: self.done,
        }
    }

    fn next_view(&self) -> Option<NextView<'_>> {
        let t = &self.timeline;
        let next = t.phases.get(self.index + 1)?;
        let then = if next.kind == PhaseKind::Work {
            None
        } else {
            t.phases[self.index + 2..]
                .iter()
                .find(|p| p.kind == PhaseKind::Work)
                .map(|p| (&t.steps[p.step].stretch, p.side))
        };
        Some(NextView {
            kind: next.kind,
            stretch: &t.steps[next.step].stretch,
            side: next.side,
            seconds: next.seconds,
            then,
        })
    }
}

/// One breath of a pacer or of a breath-paced rep, and which half comes first.
struct Beat<'a> {
    inhale: u32,
    exhale: u32,
    /// The rep's own words for each half, if it is a rep.
    words: Option<&'a Breath>,
    exhale_first: bool,
}

impl Beat<'_> {
    /// The halves in the order they come.
    fn order(&self) -> (Half, Half) {
        if self.exhale_first {
            (Half::Out, Half::In)
        } else {
            (Half::In, Half::Out)
        }
    }

    fn len(&self, half: Half) -> u32 {
        match half {
            Half::In => self.inhale,
            Half::Out => self.exhale,
        }
    }
}

impl Half {
    fn cue(self) -> Cue {
        match self {
            Half::In => Cue::Inhale,
            Half::Out => Cue::Exhale,
        }
    }
}

/// Rep `k` (from 0) of a work phase: its number from 1 and, when alternating, its side.
fn rep_number(k: u32, reps: u32, alternating: bool) -> (u32, Option<Side>) {
    if alternating {
        let side = if k.is_multiple_of(2) {
            Side::Left
        } else {
            Side::Right
        };
        ((k / 2 + 1).min(reps), Some(side))
    } else {
        (k + 1, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::Gaps;
    use crate::timeline::tests::{breath, hold, stretch, tempo};

    const GAPS: Gaps = Gaps {
        prepare: Some(5),
        switch: Some(3),
        rest: Some(4),
    };

    fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    fn no_pacer() -> Options {
        Options { pacer: None }
    }

    /// The cue of the end after `n` seconds of stretching.
    fn done(n: u64) -> Cue {
        Cue::Done { stretched: secs(n) }
    }

    fn cues(events: &[Event]) -> Vec<(usize, u64, Cue)> {
        events
            .iter()
            .map(|e| (e.phase, e.at.as_secs(), e.cue.clone()))
            .collect()
    }

    fn session(steps: Vec<crate::routine::Step>, options: Options) -> (Session, Instant) {
        let t0 = Instant::now();
        let tl = Timeline::from_steps("test", steps, GAPS);
        (Session::start(tl, options, t0), t0)
    }

    #[test]
    fn whole_stretch_keys_skip_and_restart_a_stretch_at_once() {
        // k: prepare, left, switch, right (phases 0-3); m: prepare, hold (4-5).
        let (mut s, t0) = session(
            vec![
                stretch("k", Sides::Each, hold(30, 1)),
                stretch("m", Sides::Both, hold(20, 1)),
            ],
            no_pacer(),
        );
        s.tick(t0);
        // Into the left side's hold, as the screen's loop would be.
        s.tick(t0 + secs(7));
        let e = s.next_stretch(t0 + secs(7));
        assert_eq!(s.phase_index(), 4, "one press, past both sides");
        assert_eq!(
            cues(&e).iter().map(|c| c.0).collect::<Vec<_>>(),
            vec![4],
            "only the phase it lands in speaks: {e:?}"
        );
        // Two seconds of work on the left were done and still count.
        assert_eq!(s.tally(t0 + secs(7)).work_by_step[0], secs(2));
        // Back: at the start of m, at once, so to the start of k.
        s.previous_stretch(t0 + secs(8));
        assert_eq!(s.phase_index(), 0);
        // Later into k: back to k's own start.
        s.next(t0 + secs(9));
        s.previous_stretch(t0 + secs(20));
        assert_eq!(s.phase_index(), 0);
        // From the last stretch, ] ends the routine.
        s.next_stretch(t0 + secs(21));
        let e = s.next_stretch(t0 + secs(22));
        assert!(s.is_done());
        assert!(e.iter().any(|e| matches!(e.cue, Cue::Done { .. })));
    }

    #[test]
    fn the_end_tells_the_stretching_done_with_phases_skipped_and_lengthened() {
        // k: prepare 5, left 30, switch 3, right 30; m: prepare 5, hold 20 (planned 80 s of
        // stretching).
        let (mut s, t0) = session(
            vec![
                stretch("k", Sides::Each, hold(30, 1)),
                stretch("m", Sides::Both, hold(20, 1)),
            ],
            no_pacer(),
        );
        assert_eq!(s.timeline().work_total(), 80);
        s.tick(t0);
        // 4 s of the left side, then on past the switch and the whole right side.
        s.tick(t0 + secs(9));
        s.next(t0 + secs(9));
        s.next(t0 + secs(9));
        s.next(t0 + secs(9));
        assert_eq!(s.phase_index(), 4);
        // m's hold, 10 s longer, runs out: 4 + 30 = 34 s of stretching.
        s.next(t0 + secs(9));
        s.extend(10, t0 + secs(9));
        let e = s.tick(t0 + secs(39));
        assert_eq!(cues(&e).last(), Some(&(5, 39, done(34))));
        assert_eq!(s.tally(t0 + secs(39)).work, secs(34));
        // Ended with ] from a hold: what was held counts.
        let (mut s, t0) = session(vec![stretch("m", Sides::Both, hold(20, 1))], no_pacer());
        s.tick(t0 + secs(12));
        let e = s.next_stretch(t0 + secs(12));
        assert_eq!(cues(&e).last(), Some(&(1, 12, done(7))));
    }

    #[test]
    fn a_hold_on_each_side_runs_prepare_work_switch_work_then_done() {
        let (mut s, t0) = session(vec![stretch("k", Sides::Each, hold(10, 1))], no_pacer());
        // 5 prepare + 10 left + 3 switch + 10 right = 28
        let e = s.tick(t0);
        assert_eq!(cues(&e), vec![(0, 0, Cue::PhaseStart)]);
        let e = s.tick(t0 + secs(6));
        assert_eq!(cues(&e), vec![(1, 5, Cue::PhaseStart)]);
        let v = s.view(t0 + secs(6));
        assert_eq!(v.kind, PhaseKind::Work);
        assert_eq!(v.side, Some(Side::Left));
        assert_eq!(v.phase_secs(), 9);
        assert_eq!(v.routine_secs(), 22);
        let e = s.tick(t0 + secs(28));
        assert_eq!(
            cues(&e),
            vec![
                (1, 12, Cue::Countdown(3)),
                (1, 13, Cue::Countdown(2)),
                (1, 14, Cue::Countdown(1)),
                (2, 15, Cue::PhaseStart),
                (3, 18, Cue::PhaseStart),
                (3, 25, Cue::Countdown(3)),
                (3, 26, Cue::Countdown(2)),
                (3, 27, Cue::Countdown(1)),
                (3, 28, done(20)),
            ]
        );
        assert!(s.is_done());
        let tally = s.tally(t0 + secs(28));
        assert!(tally.completed);
        assert_eq!(tally.work, secs(20));
        assert_eq!(tally.steps_done, vec![0]);
        assert!(s.tick(t0 + secs(40)).is_empty());
    }

    #[test]
    fn tempo_reps_count_each_rep() {
        let (mut s, t0) = session(
            vec![stretch("swing", Sides::Both, tempo(3, 2, 1))],
            no_pacer(),
        );
        let e = s.tick(t0 + secs(11));
        assert_eq!(
            cues(&e),
            vec![
                (0, 0, Cue::PhaseStart),
                (1, 5, Cue::PhaseStart),
                (
                    1,
                    5,
                    Cue::Rep {
                        n: 1,
                        of: 3,
                        side: None
                    }
                ),
                (
                    1,
                    7,
                    Cue::Rep {
                        n: 2,
                        of: 3,
                        side: None
                    }
                ),
                (1, 8, Cue::Countdown(3)),
                (
                    1,
                    9,
                    Cue::Rep {
                        n: 3,
                        of: 3,
                        side: None
                    }
                ),
                (1, 9, Cue::Countdown(2)),
                (1, 10, Cue::Countdown(1)),
                (1, 11, done(6)),
            ]
        );
        assert_eq!(s.view(t0 + secs(11)).rep, Some((3, 3)));
    }

    #[test]
    fn breath_reps_cue_inhale_and_exhale_with_their_words() {
        let (mut s, t0) = session(
            vec![stretch("cat", Sides::Both, breath(2, 3, 2))],
            no_pacer(),
        );
        s.tick(t0);
        let e = s.tick(t0 + secs(15));
        assert_eq!(
            cues(&e),
            vec![
                (1, 5, Cue::PhaseStart),
                (1, 5, Cue::Inhale),
                (1, 8, Cue::Exhale),
                (1, 10, Cue::Inhale),
                (1, 12, Cue::Countdown(3)),
                (1, 13, Cue::Exhale),
                (1, 13, Cue::Countdown(2)),
                (1, 14, Cue::Countdown(1)),
                (1, 15, done(10)),
            ]
        );
        let (mut s, t0) = session(
            vec![stretch("cat", Sides::Both, breath(2, 3, 2))],
            no_pacer(),
        );
        s.tick(t0 + ms(6500));
        let v = s.view(t0 + ms(6500));
        assert_eq!(v.rep, Some((1, 2)));
        let b = v.breath.unwrap();
        assert_eq!(b.half, Half::In);
        assert!((b.progress - 0.5).abs() < 1e-3, "{}", b.progress);
        assert_eq!(b.cue, Some("up"));
        let v = s.view(t0 + ms(9000));
        let b = v.breath.unwrap();
        assert_eq!((b.half, b.cue), (Half::Out, Some("down")));
    }

    #[test]
    fn alternating_reps_switch_side_rep_by_rep() {
        let (mut s, t0) = session(
            vec![stretch("bird", Sides::Alternating, tempo(2, 4, 1))],
            no_pacer(),
        );
        let e = s.tick(t0 + secs(18));
        let reps: Vec<_> = e
            .iter()
            .filter_map(|e| match e.cue {
                Cue::Rep { n, side, .. } => Some((e.at.as_secs(), n, side)),
                _ => None,
            })
            .collect();
        assert_eq!(
            reps,
            vec![
                (5, 1, Some(Side::Left)),
                (9, 1, Some(Side::Right)),
                (13, 2, Some(Side::Left)),
                (17, 2, Some(Side::Right)),
            ]
        );
        let v = s.view(t0 + secs(10));
        assert_eq!((v.rep, v.side), (Some((1, 2)), Some(Side::Right)));
        assert_eq!(s.timeline().total, 21);
    }

    #[test]
    fn the_pacer_breathes_through_holds() {
        let (mut s, t0) = session(
            vec![stretch("h", Sides::Both, hold(20, 1))],
            Options {
                pacer: Some((4, 6)),
            },
        );
        let e = s.tick(t0 + secs(25));
        let breaths: Vec<_> = e
            .iter()
            .filter(|e| matches!(e.cue, Cue::Inhale | Cue::Exhale | Cue::Halfway))
            .map(|e| (e.at.as_secs(), e.cue.clone()))
            .collect();
        assert_eq!(
            breaths,
            vec![
                (5, Cue::Inhale),
                (9, Cue::Exhale),
                (15, Cue::Inhale),
                (15, Cue::Halfway),
                (19, Cue::Exhale),
            ]
        );
    }

    #[test]
    fn two_sets_rest_between_them() {
        let (mut s, t0) = session(vec![stretch("h", Sides::Both, hold(10, 2))], no_pacer());
        s.tick(t0 + secs(16));
        let v = s.view(t0 + secs(16));
        assert_eq!((v.kind, v.set, v.sets), (PhaseKind::Rest, 1, 2));
        assert_eq!(v.next.as_ref().unwrap().kind, PhaseKind::Work);
        s.tick(t0 + secs(20));
        let v = s.view(t0 + secs(20));
        assert_eq!((v.kind, v.set), (PhaseKind::Work, 2));
    }

    #[test]
    fn pause_holds_time_still_across_a_phase_boundary() {
        let (mut s, t0) = session(vec![stretch("h", Sides::Both, hold(10, 1))], no_pacer());
        s.tick(t0);
        s.pause(t0 + secs(3));
        assert!(s.tick(t0 + secs(100)).is_empty());
        let v = s.view(t0 + secs(100));
        assert!(v.paused);
        assert_eq!((v.kind, v.phase_secs()), (PhaseKind::Prepare, 2));
        s.resume(t0 + secs(100));
        let e = s.tick(t0 + secs(103));
        assert_eq!(cues(&e), vec![(1, 5, Cue::PhaseStart)]);
        assert_eq!(s.view(t0 + secs(103)).phase_secs(), 9);
        assert_eq!(s.tally(t0 + secs(103)).active, secs(6));
    }

    #[test]
    fn next_and_previous_at_the_edges() {
        let (mut s, t0) = session(vec![stretch("h", Sides::Each, hold(10, 1))], no_pacer());
        s.tick(t0);
        // previous at the first phase restarts it
        let e = s.previous(t0 + secs(1));
        assert_eq!(cues(&e), vec![(0, 1, Cue::PhaseStart)]);
        assert_eq!(s.view(t0 + secs(1)).phase_secs(), 5);
        // next skips to the left side
        let e = s.next(t0 + secs(2));
        assert_eq!(cues(&e), vec![(1, 2, Cue::PhaseStart)]);
        assert_eq!(s.view(t0 + secs(2)).phase_secs(), 10);
        // previous after 2 seconds restarts this phase ...
        s.previous(t0 + secs(6));
        let v = s.view(t0 + secs(6));
        assert_eq!((v.phase_index, v.phase_secs()), (1, 10));
        // ... and within 2 seconds goes back one phase
        s.previous(t0 + secs(7));
        assert_eq!(s.phase_index(), 0);
        // next from the last phase ends the routine
        s.next(t0 + secs(8));
        s.next(t0 + secs(8));
        s.next(t0 + secs(8));
        assert_eq!(s.phase_index(), 3);
        let e = s.next(t0 + secs(9));
        assert!(matches!(e.last().unwrap().cue, Cue::Done { .. }));
        assert!(s.is_done());
        assert!(!s.tally(t0 + secs(9)).completed || s.tally(t0 + secs(9)).steps_done.is_empty());
    }

    #[test]
    fn extend_adds_and_removes_time_but_leaves_a_second() {
        let (mut s, t0) = session(vec![stretch("h", Sides::Both, hold(30, 1))], no_pacer());
        s.tick(t0 + secs(5));
        s.extend(10, t0 + secs(5));
        assert_eq!(s.view(t0 + secs(5)).phase_secs(), 40);
        s.extend(-10, t0 + secs(5));
        s.extend(-10, t0 + secs(5));
        assert_eq!(s.view(t0 + secs(5)).phase_secs(), 20);
        s.extend(-10, t0 + secs(5));
        s.extend(-10, t0 + secs(5));
        assert_eq!(s.view(t0 + secs(5)).phase_secs(), 1);
        let e = s.tick(t0 + secs(6));
        assert!(matches!(e.last().unwrap().cue, Cue::Done { .. }));
        assert_eq!(e.last().unwrap().at, secs(6));
    }

    #[test]
    fn one_tick_after_two_hours_crosses_every_boundary_in_order() {
        let steps = vec![
            stretch("a", Sides::Each, hold(30, 2)),
            stretch("b", Sides::Alternating, tempo(5, 3, 1)),
            stretch("c", Sides::Both, breath(4, 3, 3)),
        ];
        let (mut s, t0) = session(steps, Options::default());
        let e = s.tick(t0 + secs(7200));
        assert!(s.is_done());
        let starts = e.iter().filter(|e| e.cue == Cue::PhaseStart).count();
        assert_eq!(starts, s.timeline().phases.len());
        assert!(e.windows(2).all(|w| w[0].at <= w[1].at));
        assert_eq!(
            e.last().unwrap().at,
            Duration::from_secs(u64::from(s.timeline().total))
        );
    }

    #[test]
    fn ticking_often_or_once_gives_the_same_cues() {
        let steps = || {
            vec![
                stretch("a", Sides::Each, hold(25, 2)),
                stretch("b", Sides::Alternating, tempo(4, 3, 1)),
                stretch("c", Sides::Both, breath(3, 4, 5)),
            ]
        };
        let (mut often, t0) = session(steps(), Options::default());
        let mut once = Session::start(often.timeline().clone(), Options::default(), t0);
        let total = u64::from(often.timeline().total) * 1000 + 500;
        let mut a = Vec::new();
        for t in (0..=total).step_by(100) {
            a.extend(often.tick(t0 + ms(t)));
        }
        let b = once.tick(t0 + ms(total));
        assert_eq!(a, b);
        // ... and the same state half way, too.
        let (mut often, t0) = session(steps(), Options::default());
        let mut once = Session::start(often.timeline().clone(), Options::default(), t0);
        for t in (0..=61_300).step_by(100) {
            often.tick(t0 + ms(t));
        }
        once.tick(t0 + ms(61_300));
        assert_eq!(often.view(t0 + ms(61_300)), once.view(t0 + ms(61_300)));
    }

    #[test]
    fn next_change_wakes_on_the_second_and_on_pacer_steps() {
        let (mut s, t0) = session(vec![stretch("h", Sides::Both, hold(20, 1))], no_pacer());
        s.tick(t0 + ms(300));
        assert_eq!(s.next_change(t0 + ms(300), BOTH_8), Some(t0 + secs(1)));
        let (mut s, t0) = session(
            vec![stretch("h", Sides::Both, hold(20, 1))],
            Options {
                pacer: Some((4, 4)),
            },
        );
        s.tick(t0 + ms(5100));
        // in a work phase with a 4 s half and 8 steps, a step is 500 ms
        assert_eq!(s.next_change(t0 + ms(5100), BOTH_8), Some(t0 + ms(5500)));
        s.pause(t0 + ms(5200));
        assert_eq!(s.next_change(t0 + ms(5300), BOTH_8), None);
    }

    /// Eight steps for the breath and for a tempo rep, both on screen.
    const BOTH_8: Steps = Steps {
        breath: 8,
        tempo: 8,
    };

    #[test]
    fn a_tempo_rep_wakes_on_its_steps_only_while_something_of_it_is_on_screen() {
        let (mut s, t0) = session(vec![stretch("t", Sides::Both, tempo(5, 4, 1))], no_pacer());
        // 0.3 s into the work, which starts after the get-ready phase.
        let start = t0 + secs(u64::from(s.timeline().phases[0].seconds));
        s.tick(start + ms(300));
        // A 4 s rep: out in 2 s and back in 2 s, 8 steps each: a step every 250 ms.
        assert_eq!(
            s.next_change(start + ms(300), BOTH_8),
            Some(start + ms(500))
        );
        // With neither the pacer nor a moving figure on screen (hidden with `f`, or no
        // room), only the second wakes it.
        let none = Steps {
            breath: 8,
            tempo: 0,
        };
        assert_eq!(s.next_change(start + ms(300), none), Some(start + secs(1)));
        let v = s.view(start + ms(1000));
        assert_eq!(v.rep, Some((1, 5)));
        assert!((v.rep_progress.unwrap() - 0.25).abs() < 1e-6);
        let beat = v.tempo.expect("a tempo rep has a beat");
        assert!(beat.first_half);
        assert!((beat.progress - 0.5).abs() < 1e-6);
        assert_eq!(beat.seconds, 4);
        let back = s.view(start + ms(3000)).tempo.expect("beat");
        assert!(!back.first_half);
        assert!((back.progress - 0.5).abs() < 1e-6);
        // A hold has none.
        let (mut h, t0) = session(vec![stretch("h", Sides::Both, hold(20, 1))], no_pacer());
        h.tick(t0 + secs(12));
        assert_eq!(h.view(t0 + secs(12)).tempo, None);
    }

    #[test]
    fn a_waiting_get_ready_holds_until_the_user_is_ready_then_counts_down() {
        let steps = vec![
            stretch("a", Sides::Both, hold(10, 1)),
            stretch("b", Sides::Both, hold(10, 1)),
        ];
        let t0 = Instant::now();
        let t = Timeline::from_steps("t", steps, GAPS);
        let mut s = Session::start(t, no_pacer(), t0).holding_prepare(true);
        s.tick(t0);
        assert!(s.is_waiting());
        // A minute getting up off the floor: still getting ready, all 5 s to go, and
        // none of it counted as stretched.
        let later = t0 + secs(60);
        assert!(s.tick(later).is_empty());
        let v = s.view(later);
        assert!(v.waiting && !v.paused);
        assert_eq!((v.kind, v.phase_secs()), (PhaseKind::Prepare, 5));
        assert_eq!(s.next_change(later, BOTH_8), None);
        // Ready: the get-ready time counts down, then the work.
        s.toggle_pause(later);
        assert!(!s.is_waiting());
        s.tick(later + secs(6));
        assert_eq!(s.view(later + secs(6)).kind, PhaseKind::Work);
        // The next stretch's get-ready waits in its turn.
        let end = later + secs(15) + ms(10);
        s.tick(end);
        let v = s.view(end + secs(30));
        assert_eq!((v.kind, v.step, v.waiting), (PhaseKind::Prepare, 2, true));
        assert_eq!(s.tally(end + secs(30)).active, secs(15));
        // `n` leaves a waiting get-ready for its work, which runs.
        s.next(end + secs(31));
        assert!(!s.is_waiting() && !s.is_paused());
        assert_eq!(s.view(end + secs(31)).kind, PhaseKind::Work);
        // Without it, nothing waits.
        let t = Timeline::from_steps("t", vec![stretch("a", Sides::Both, hold(10, 1))], GAPS);
        let mut s = Session::start(t, no_pacer(), t0);
        s.tick(t0 + secs(6));
        assert_eq!(s.view(t0 + secs(6)).kind, PhaseKind::Work);
    }

    #[test]
    fn tempo_words_follow_the_halves_of_each_rep_and_the_halfway_turn() {
        let mut swing = stretch("swing", Sides::Each, tempo(4, 2, 1));
        swing.stretch.turns_halfway = true;
        swing.stretch.tempo_cues = Some(Box::new(crate::library::TempoCues {
            before: vec!["forward".into(), "back".into()],
            after: Some(vec!["across".into(), "out".into()]),
        }));
        let (mut s, t0) = session(vec![swing], no_pacer());
        let start = t0 + secs(5);
        let word = |s: &mut Session, at: u64| {
            s.tick(start + ms(at));
            let v = s.view(start + ms(at));
            (
                v.rep.map(|r| r.0),
                v.tempo.and_then(|t| t.word).map(str::to_string),
            )
        };
        assert_eq!(word(&mut s, 100), (Some(1), Some("forward".into())));
        assert_eq!(word(&mut s, 1100), (Some(1), Some("back".into())));
        assert_eq!(word(&mut s, 2500), (Some(2), Some("forward".into())));
        // Reps 3 and 4 of 4 come after the turn.
        assert_eq!(word(&mut s, 4200), (Some(3), Some("across".into())));
        assert_eq!(word(&mut s, 7900), (Some(4), Some("out".into())));
        let one = crate::library::TempoCues {
            before: vec!["forward".into()],
            after: Some(vec!["backward".into()]),
        };
        assert_eq!(one.word(1, 10, false), Some("forward"));
        assert_eq!(one.word(6, 10, true), Some("backward"));
    }

    #[test]
    fn an_empty_timeline_is_done_and_complete_at_once() {
        let (mut s, t0) = session(Vec::new(), no_pacer());
        let e = s.tick(t0);
        assert_eq!(cues(&e), vec![(0, 0, done(0))]);
        assert!(s.is_done());
        assert!(s.tally(t0).completed);
        assert_eq!(s.next_cue(), None);
        assert_eq!(s.next_change(t0, BOTH_8), None);
    }

    #[test]
    fn next_cue_is_the_next_event_or_the_phase_end() {
        let (mut s, t0) = session(vec![stretch("h", Sides::Both, hold(10, 1))], no_pacer());
        s.tick(t0 + secs(1));
        assert_eq!(s.next_cue(), Some(t0 + secs(5)));
        s.tick(t0 + secs(5));
        // work 5..15: 3-2-1 at 12, 13, 14, then the end at 15
        assert_eq!(s.next_cue(), Some(t0 + secs(12)));
        s.tick(t0 + secs(14));
        assert_eq!(s.next_cue(), Some(t0 + secs(15)));
        s.pause(t0 + secs(14));
        assert_eq!(s.next_cue(), None);
    }

    #[test]
    fn the_first_hold_begins_with_how_far_to_go() {
        let (mut s, t0) = session(
            vec![
                stretch("cat", Sides::Both, breath(2, 3, 2)),
                stretch("k", Sides::Each, hold(20, 1)),
            ],
            no_pacer(),
        );
        // cat: 5 prepare + 10 work; k: 5 prepare, then the first hold at 20 s.
        s.tick(t0 + secs(21));
        assert_eq!(s.view(t0 + secs(21)).cue, Some(FIRST_HOLD_TIP));
        s.tick(t0 + secs(29));
        assert_eq!(s.view(t0 + secs(29)).cue, Some("Breathe."));
        // The right side, a later hold, gives the stretch's own cue at once.
        s.tick(t0 + secs(46));
        let v = s.view(t0 + secs(46));
        assert_eq!((v.side, v.cue), (Some(Side::Right), Some("Breathe.")));
    }

    #[test]
    fn view_tells_what_comes_next() {
        let (s, t0) = session(
            vec![
                stretch("a", Sides::Each, hold(10, 1)),
                stretch("b", Sides::Both, hold(10, 1)),
            ],
            no_pacer(),
        );
        let v = s.view(t0);
        let next = v.next.unwrap();
        assert_eq!((next.kind, next.side), (PhaseKind::Work, Some(Side::Left)));
        let mut s = s;
        s.tick(t0 + secs(6));
        let next = s.view(t0 + secs(6)).next.unwrap();
        assert_eq!(next.kind, PhaseKind::Switch);
        let then = next.then.unwrap();
        assert_eq!((then.0.id.as_str(), then.1), ("a", Some(Side::Right)));
    }

    #[test]
    fn a_rep_can_start_on_the_out_breath_and_ends_on_the_in_breath() {
        let mut step = stretch("bridge", Sides::Both, breath(2, 3, 2));
        step.stretch.exhale_first = true;
        let (mut s, t0) = session(vec![step], no_pacer());
        let e = s.tick(t0 + secs(60));
        let breaths: Vec<(u64, Cue)> = e
            .iter()
            .filter(|e| matches!(e.cue, Cue::Inhale | Cue::Exhale))
            .map(|e| (e.at.as_secs(), e.cue.clone()))
            .collect();
        // 5 s prepare; each rep: out 2 s (lift), then in 3 s (lower).
        assert_eq!(
            breaths,
            vec![
                (5, Cue::Exhale),
                (7, Cue::Inhale),
                (10, Cue::Exhale),
                (12, Cue::Inhale)
            ]
        );
        let (mut s, t0) = session(
            vec![{
                let mut step = stretch("bridge", Sides::Both, breath(2, 3, 2));
                step.stretch.exhale_first = true;
                step
            }],
            no_pacer(),
        );
        s.tick(t0 + ms(5500));
        let v = s.view(t0 + ms(5500));
        let b = v.breath.unwrap();
        assert_eq!((b.half, b.cue), (Half::Out, Some("down")));
        s.tick(t0 + ms(7500));
        let v = s.view(t0 + ms(7500));
        assert_eq!(v.breath.unwrap().half, Half::In);
    }

    #[test]
    fn breath_paced_alternating_reps_name_the_side_and_skip_halfway() {
        let (mut s, t0) = session(
            vec![stretch("rolls", Sides::Alternating, breath(3, 3, 4))],
            no_pacer(),
        );
        // 5 s prepare, then 6 reps of 7 s: 42 s, long enough for a halfway.
        let e = s.tick(t0 + secs(60));
        let reps: Vec<(u64, Cue)> = e
            .iter()
            .filter(|e| matches!(e.cue, Cue::Rep { .. } | Cue::Halfway))
            .map(|e| (e.at.as_secs(), e.cue.clone()))
            .collect();
        assert_eq!(reps.len(), 6, "{reps:?}");
        assert_eq!(
            reps[0],
            (
                5,
                Cue::Rep {
                    n: 1,
                    of: 3,
                    side: Some(Side::Left)
                }
            )
        );
        assert_eq!(
            reps[1],
            (
                12,
                Cue::Rep {
                    n: 1,
                    of: 3,
                    side: Some(Side::Right)
                }
            )
        );
        // A rep's side comes before its breath.
        let first = e
            .iter()
            .position(|e| matches!(e.cue, Cue::Rep { .. }))
            .unwrap();
        assert_eq!(e[first + 1].cue, Cue::Inhale);
    }

    #[test]
    fn this_hurts_stops_the_stretch_at_once_and_goes_to_the_next() {
        let (mut s, t0) = session(
            vec![
                stretch("pigeon", Sides::Each, hold(30, 2)),
                stretch("figure-four", Sides::Each, hold(10, 1)),
            ],
            no_pacer(),
        );
        s.tick(t0);
        // 5 s prepare, 30 s left; hurt 10 s into the left side.
        s.tick(t0 + secs(15));
        let e = s.hurt(t0 + secs(15));
        assert_eq!(cues(&e), vec![(s.phase_index(), 15, Cue::PhaseStart)]);
        let v = s.view(t0 + secs(15));
        assert_eq!(v.kind, PhaseKind::Prepare);
        assert_eq!(v.stretch.id, "figure-four");
        let tally = s.tally(t0 + secs(15));
        assert_eq!(tally.hurt, vec![0]);
        assert!(tally.steps_done.is_empty(), "pigeon was not done");
        assert_eq!(tally.work_by_step[0], secs(10));
        // On the last stretch, it ends the routine.
        s.tick(t0 + secs(22));
        let e = s.hurt(t0 + secs(22));
        assert!(matches!(e.last().map(|e| &e.cue), Some(Cue::Done { .. })));
        assert!(s.is_done());
        assert_eq!(s.tally(t0 + secs(30)).hurt, vec![0, 1]);
        // Paused, it stays paused in the next stretch.
        let (mut s, t0) = session(
            vec![
                stretch("a", Sides::Both, hold(30, 1)),
                stretch("b", Sides::Both, hold(30, 1)),
            ],
            no_pacer(),
        );
        s.tick(t0 + secs(8));
        s.pause(t0 + secs(8));
        s.hurt(t0 + secs(9));
        assert!(s.is_paused());
        assert_eq!(s.view(t0 + secs(20)).stretch.id, "b");
    }
}
