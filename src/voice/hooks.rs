//! `on_event` hooks: each event as one JSON object on a command's standard input.
//!
//! The fields are a stable interface, documented in the README ("Hooks"): fields may be
//! added, none renamed or removed. A hook that hangs, fails or cannot start never stalls
//! or breaks the run: it is started without waiting, its input is one short line (well
//! inside a pipe's buffer, so the write never blocks), at most [`MAX_RUNNING`] of its runs
//! are kept alive at once (the oldest is ended to make room), and none outlives supple.

use crate::cue::{end_group, spawn_group, wait_within};
use crate::session::{Cue, Event};
use crate::timeline::Timeline;
use serde_json::{Map, Value, json};
use std::io::Write as _;
use std::process::Child;
use std::time::{Duration, Instant};

/// Runs of one hook kept alive at once.
pub const MAX_RUNNING: usize = 8;

/// The `event` names, in the README's order.
pub const EVENTS: &[&str] = &[
    "phase",
    "inhale",
    "exhale",
    "rep",
    "halfway",
    "countdown",
    "done",
    "stop",
    "hurt",
];

/// The JSON object for `event` (see the README's "Hooks" for the fields).
pub fn json_of(event: &Event, t: &Timeline) -> Value {
    let (name, extra): (&str, Value) = match &event.cue {
        Cue::PhaseStart => (
            "phase",
            json!({ "reps": t.phases.get(event.phase).and_then(|p| p.reps) }),
        ),
        Cue::Inhale => ("inhale", json!({})),
        Cue::Exhale => ("exhale", json!({})),
        Cue::Rep { n, of, .. } => ("rep", json!({ "n": n, "of": of })),
        Cue::Halfway => ("halfway", json!({})),
        Cue::Countdown(n) => ("countdown", json!({ "n": n })),
        Cue::Done { stretched } => (
            "done",
            json!({
                "seconds": event.at.as_secs(),
                "work_seconds": stretched.as_secs(),
                "completed": true
            }),
        ),
    };
    let mut object = common(name, event.phase, event.at, t);
    if let Value::Object(more) = extra {
        object.extend(more);
    }
    Value::Object(object)
}

/// The fields every event has.
pub fn common(name: &str, phase: usize, at: Duration, t: &Timeline) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("event".into(), name.into());
    m.insert("routine".into(), t.name.clone().into());
    let p = t.phases.get(phase);
    let step = p.map(|p| &t.steps[p.step]);
    m.insert(
        "stretch".into(),
        step.map_or(Value::Null, |s| s.stretch.id.clone().into()),
    );
    m.insert(
        "name".into(),
        step.map_or(Value::Null, |s| s.stretch.name.clone().into()),
    );
    m.insert(
        "kind".into(),
        p.map_or(Value::Null, |p| {
            p.kind.label().split(' ').next().unwrap_or("").into()
        }),
    );
    m.insert(
        "side".into(),
        p.and_then(|p| p.side)
            .map_or(Value::Null, |s| s.label().into()),
    );
    m.insert("set".into(), p.map_or(Value::Null, |p| p.set.into()));
    m.insert("sets".into(), p.map_or(Value::Null, |p| p.sets.into()));
    m.insert(
        "seconds".into(),
        p.map_or(Value::Null, |p| p.seconds.into()),
    );
    m.insert("at".into(), at.as_secs().into());
    m
}

/// The hooks and their runs still going.
#[derive(Debug, Default)]
pub struct Hooks {
    commands: Vec<Vec<String>>,
    /// Per command, its runs still alive, oldest first.
    running: Vec<Vec<Child>>,
    /// Per command, whether it failed to start (said once).
    failed: Vec<bool>,
}

impl Hooks {
    pub fn new(commands: Vec<Vec<String>>) -> Self {
        let n = commands.len();
        Self {
            commands,
            running: (0..n).map(|_| Vec::new()).collect(),
            failed: vec![false; n],
        }
    }

    pub fn is_empty(&self) -> bool {
        self.commands.is_empty()
    }

    /// Hands `object` to every hook; returns a message for each that cannot start (once).
    pub fn send(&mut self, object: &Value) -> Vec<String> {
        let mut problems = Vec::new();
        if self.commands.is_empty() {
            return problems;
        }
        let line = object.to_string() + "\n";
        for (i, command) in self.commands.iter().enumerate() {
            let running = &mut self.running[i];
            running.retain_mut(|c| matches!(c.try_wait(), Ok(None)));
            while running.len() >= MAX_RUNNING {
                let mut oldest = running.remove(0);
                end_group(&mut oldest);
            }
            match spawn_group(command, true) {
                Ok(mut child) => {
                    if let Some(mut stdin) = child.stdin.take() {
                        // A hook that exits without reading is no concern of the run's.
                        let _ = stdin.write_all(line.as_bytes());
                    }
                    running.push(child);
                }
                Err(e) => {
                    if !self.failed[i] {
                        self.failed[i] = true;
                        problems.push(format!(
                            "cannot run the on_event hook `{}`: {e}; it is left out",
                            command.first().map_or("", String::as_str)
                        ));
                    }
                }
            }
        }
        problems
    }

    /// Lets the hooks' runs finish until `until`, then ends those left.
    pub fn finish(&mut self, until: Instant) {
        for child in self.running.iter_mut().flatten() {
            wait_within(child, until.saturating_duration_since(Instant::now()));
        }
        self.end_all();
    }

    fn end_all(&mut self) {
        for child in self.running.iter_mut().flatten() {
            end_group(child);
        }
        for r in &mut self.running {
            r.clear();
        }
    }
}

impl Drop for Hooks {
    fn drop(&mut self) {
        self.end_all();
    }
}
