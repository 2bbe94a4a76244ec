//! The history's records (one line per finished or stopped run) and the stats over them:
//! the streak, the week, the areas waiting. Reading and appending `history.jsonl`, and the
//! clock and time zone, are in [`store`].

pub mod store;

use crate::library::Area;
use crate::session::{Ending, Outcome};
use crate::timeline::Timeline;
use crate::yaml::Vocab;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One run, as one JSON line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub routine: String,
    /// Local time with its offset: `2026-11-25T07:02:11+01:00`.
    pub start: String,
    pub end: String,
    /// Active seconds (pauses excluded).
    pub seconds: u64,
    pub planned_seconds: u64,
    /// Ids of the stretches with at least one work phase run to its end.
    pub stretches: Vec<String>,
    /// Every area those stretches work.
    pub areas: Vec<String>,
    /// Seconds of work per primary area.
    #[serde(default)]
    pub area_seconds: BTreeMap<String, u64>,
    /// Seconds of stretching: the work phases (holds and reps) only, without getting
    /// ready, switching sides or resting; absent from older lines (see
    /// [`Record::stretching`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_seconds: Option<u64>,
    pub completed: bool,
    /// "completed", "quit", or the signal that stopped it ("SIGTERM").
    #[serde(default)]
    pub ending: String,
    /// Ids of the stretches stopped because they hurt ("this hurts"); absent from older
    /// lines and from runs where nothing did.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hurt: Vec<String>,
}

impl Record {
    /// Seconds of stretching (work phases only): the line's own `work_seconds`, or for an
    /// older line the sum of its work per area, which counts the same seconds.
    pub fn stretching(&self) -> u64 {
        self.work_seconds.unwrap_or_else(|| {
            self.area_seconds
                .values()
                .fold(0u64, |sum, s| sum.saturating_add(*s))
        })
    }
}

/// How long a stretch that hurt is left out of built routines.
pub const HURT_DAYS: i64 = 14;

/// The stretches that hurt in the `HURT_DAYS` days up to `today`, each once with the last
/// day it did, most recent first.
pub fn hurt_recently(records: &[Record], today: Date) -> Vec<(String, Date)> {
    let since = today
        .checked_sub(jiff::Span::new().days(HURT_DAYS - 1))
        .unwrap_or(today);
    let mut hurt: Vec<(String, Date)> = Vec::new();
    for r in records {
        let Some(day) = day_of(r).filter(|d| *d >= since && *d <= today) else {
            continue;
        };
        for id in &r.hurt {
            match hurt.iter_mut().find(|(h, _)| h == id) {
                Some((_, last)) => *last = (*last).max(day),
                None => hurt.push((id.clone(), day)),
            }
        }
    }
    hurt.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    hurt
}

/// The record of a run, from its start and end as local stamps ([`store::local_stamp`]).
pub fn record_of(timeline: &Timeline, outcome: &Outcome, start: String, end: String) -> Record {
    let tally = &outcome.tally;
    let mut stretches = Vec::new();
    let mut areas: Vec<Area> = Vec::new();
    for &i in &tally.steps_done {
        let s = &timeline.steps[i].stretch;
        if !stretches.contains(&s.id) {
            stretches.push(s.id.clone());
        }
        for a in &s.areas {
            if !areas.contains(a) {
                areas.push(*a);
            }
        }
    }
    let mut hurt: Vec<String> = Vec::new();
    for &i in &tally.hurt {
        let id = &timeline.steps[i].stretch.id;
        if !hurt.contains(id) {
            hurt.push(id.clone());
        }
    }
    let mut area_seconds = BTreeMap::new();
    for (i, work) in tally.work_by_step.iter().enumerate() {
        if work.as_secs() > 0 {
            let area = timeline.steps[i].stretch.primary_area().name().to_string();
            *area_seconds.entry(area).or_insert(0) += work.as_secs();
        }
    }
    Record {
        routine: timeline.name.clone(),
        start,
        end,
        seconds: tally.active.as_secs(),
        planned_seconds: u64::from(timeline.total),
        stretches,
        areas: areas.iter().map(|a| a.name().to_string()).collect(),
        area_seconds,
        work_seconds: Some(tally.work.as_secs()),
        completed: tally.completed,
        ending: match outcome.ending {
            Ending::Completed => "completed".into(),
            Ending::Quit => "quit".into(),
            Ending::Signal(n) => crate::signals::name(n),
        },
        hurt,
    }
}

/// The local calendar day a record started on.
pub fn day_of(record: &Record) -> Option<Date> {
    record.start.get(..10)?.parse().ok()
}

/// Streaks and weekly totals over the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Days in a row, up to today (or yesterday, while today has no run yet), with a
    /// completed run. A stopped run does not count towards it.
    pub streak: u32,
    /// Seconds of stretching (work phases only) in the last 7 days (today and the 6
    /// before), stopped runs included.
    pub seconds_this_week: u64,
    /// Minutes in all (getting ready, switching sides and resting included; pauses not)
    /// in the last 7 days, rounded up: the field `supple history --json` gave before
    /// `seconds_this_week`, kept with its meaning for the scripts that read it.
    pub minutes_this_week: u64,
    pub sessions_this_week: u32,
    /// Seconds of stretching per primary area in the last 7 days, most first.
    pub area_seconds_this_week: Vec<(String, u64)>,
    /// The same in minutes, each rounded up, most first: the field given before
    /// `area_seconds_this_week`, kept with its meaning.
    pub area_minutes_this_week: Vec<(String, u64)>,
    /// Areas not worked for the longest time (never first), with the last day worked.
    pub areas_waiting: Vec<(String, Option<String>)>,
    /// Stretches that hurt in the last 14 days, with the last day they did, most recent
    /// first; the builder leaves them out.
    pub hurt_recently: Vec<(String, String)>,
}

impl Stats {
    pub fn compute(records: &[Record], today: Date) -> Stats {
        let days: Vec<Date> = records
            .iter()
            .filter(|r| r.completed)
            .filter_map(day_of)
            .collect();
        let mut streak = 0;
        let mut day = today;
        if !days.contains(&day) {
            day = day.yesterday().unwrap_or(day);
        }
        while days.contains(&day) {
            streak += 1;
            match day.yesterday() {
                Ok(d) => day = d,
                Err(_) => break,
            }
        }
        let week_start = today
            .checked_sub(jiff::Span::new().days(6))
            .unwrap_or(today);
        let this_week: Vec<&Record> = records
            .iter()
            .filter(|r| day_of(r).is_some_and(|d| d >= week_start && d <= today))
            .collect();
        // Saturating: a damaged or hand-edited line must not be able to crash the sums.
        let seconds: u64 = this_week
            .iter()
            .fold(0u64, |sum, r| sum.saturating_add(r.stretching()));
        let in_all: u64 = this_week
            .iter()
            .fold(0u64, |sum, r| sum.saturating_add(r.seconds));
        let mut per_area: BTreeMap<String, u64> = BTreeMap::new();
        for r in &this_week {
            for (a, s) in &r.area_seconds {
                let total = per_area.entry(a.clone()).or_insert(0);
                *total = total.saturating_add(*s);
            }
        }
        let most_first = |v: &mut Vec<(String, u64)>| {
            v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        };
        let mut area_minutes: Vec<(String, u64)> = per_area
            .iter()
            .map(|(a, s)| (a.clone(), s.div_ceil(60)))
            .collect();
        most_first(&mut area_minutes);
        let mut area_seconds: Vec<(String, u64)> = per_area.into_iter().collect();
        most_first(&mut area_seconds);
        let mut waiting: Vec<(String, Option<Date>)> = Area::ALL
            .iter()
            .map(|a| {
                let last = records
                    .iter()
                    .filter(|r| r.areas.iter().any(|x| x == a.name()))
                    .filter_map(day_of)
                    .max();
                (a.name().to_string(), last)
            })
            .collect();
        waiting.sort_by_key(|(_, d)| *d);
        Stats {
            streak,
            seconds_this_week: seconds,
            minutes_this_week: in_all.div_ceil(60),
            sessions_this_week: this_week.len() as u32,
            area_seconds_this_week: area_seconds,
            area_minutes_this_week: area_minutes,
            areas_waiting: waiting
                .into_iter()
                .take(3)
                .map(|(a, d)| (a, d.map(|d| d.to_string())))
                .collect(),
            hurt_recently: hurt_recently(records, today)
                .into_iter()
                .map(|(id, d)| (id, d.to_string()))
                .collect(),
        }
    }

    /// "3-day streak · 12:40 this week": the streak only when there is one (a completed
    /// run today or yesterday), and the week's stretching time, stopped runs included.
    pub fn headline(&self) -> String {
        let week = if self.seconds_this_week == 0 {
            "no stretching this week".to_string()
        } else {
            format!(
                "{} this week",
                crate::text::duration(self.seconds_this_week)
            )
        };
        if self.streak == 0 {
            week
        } else {
            format!("{}-day streak · {week}", self.streak)
        }
    }
}

/// Whether a run belongs in the history: one that ran to its end, or that was stopped
/// after some stretching was done. A run stopped while still getting ready for its first
/// stretch (`desk 0:00 stopped`) is left out.
pub fn worth_keeping(outcome: &Outcome) -> bool {
    outcome.tally.completed || !outcome.tally.work.is_zero()
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn rec(start: &str, completed: bool, areas: &[&str], secs: u64) -> Record {
        Record {
            routine: "morning".into(),
            start: start.into(),
            end: start.into(),
            seconds: secs,
            planned_seconds: secs,
            stretches: vec!["cat-cow".into()],
            areas: areas.iter().map(|a| (*a).to_string()).collect(),
            area_seconds: areas
                .first()
                .map(|a| ((*a).to_string(), secs))
                .into_iter()
                .collect(),
            work_seconds: Some(secs),
            completed,
            ending: if completed { "completed" } else { "quit" }.into(),
            hurt: vec![],
        }
    }

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn streak_counts_days_in_a_row_up_to_today_or_yesterday() {
        let r = vec![
            rec("2026-11-22T07:00:00+01:00", true, &["hips"], 300),
            rec("2026-11-23T23:59:00+01:00", true, &["hips"], 300),
            rec("2026-11-24T00:01:00+01:00", true, &["neck"], 300),
            rec("2026-11-25T08:00:00+01:00", false, &["neck"], 100),
        ];
        // 22, 23, 24 done; 25 only a quit run: the streak is still alive on the 25th.
        assert_eq!(Stats::compute(&r, date("2026-11-25")).streak, 3);
        assert_eq!(Stats::compute(&r, date("2026-11-24")).streak, 3);
        // A missed day breaks it.
        assert_eq!(Stats::compute(&r, date("2026-11-26")).streak, 0);
        let gap = vec![
            rec("2026-11-20T07:00:00+01:00", true, &["hips"], 300),
            rec("2026-11-22T07:00:00+01:00", true, &["hips"], 300),
        ];
        assert_eq!(Stats::compute(&gap, date("2026-11-22")).streak, 1);
    }

    #[test]
    fn week_totals_and_waiting_areas() {
        let r = vec![
            rec("2026-11-10T07:00:00+01:00", true, &["calves"], 600),
            rec("2026-11-20T07:00:00+01:00", true, &["hips", "glutes"], 300),
            rec("2026-11-25T07:00:00+01:00", true, &["neck"], 90),
        ];
        let s = Stats::compute(&r, date("2026-11-25"));
        assert_eq!(s.seconds_this_week, 390);
        assert_eq!(s.sessions_this_week, 2);
        assert_eq!(
            s.area_seconds_this_week,
            vec![("hips".to_string(), 300), ("neck".to_string(), 90)]
        );
        assert_eq!(s.areas_waiting.len(), 3);
        assert!(s.areas_waiting.iter().all(|(_, d)| d.is_none()));
        assert_eq!(s.headline(), "1-day streak · 6:30 this week");
    }

    #[test]
    fn the_week_in_seconds_of_stretching_and_in_minutes_in_all_as_before() {
        // 250 s in all, 200 of them stretching; 130 s in all, 100 stretching (45 of it on
        // the neck, 55 on the hips); an older run outside the week.
        let mut first = rec("2026-11-24T07:00:00+01:00", true, &["hips"], 250);
        first.work_seconds = Some(200);
        first.area_seconds = [("hips".to_string(), 200)].into_iter().collect();
        let mut second = rec("2026-11-25T07:00:00+01:00", false, &["neck"], 130);
        second.work_seconds = Some(100);
        second.area_seconds = [("neck".to_string(), 45), ("hips".to_string(), 55)]
            .into_iter()
            .collect();
        let old = rec("2026-11-01T07:00:00+01:00", true, &["calves"], 600);
        let s = Stats::compute(&[old, first, second], date("2026-11-25"));
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["seconds_this_week"], 300);
        // 380 s in all: 6 minutes 20 seconds, rounded up as it always was.
        assert_eq!(json["minutes_this_week"], 7);
        assert_eq!(json["sessions_this_week"], 2);
        assert_eq!(
            json["area_seconds_this_week"],
            serde_json::json!([["hips", 255], ["neck", 45]])
        );
        assert_eq!(
            json["area_minutes_this_week"],
            serde_json::json!([["hips", 5], ["neck", 1]])
        );
        // Nothing this week: zeros and empty lists, never missing.
        let s = Stats::compute(&[], date("2026-11-25"));
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["minutes_this_week"], 0);
        assert_eq!(json["area_minutes_this_week"], serde_json::json!([]));
    }

    #[test]
    fn the_headline_counts_a_stopped_run_in_the_week_but_not_in_the_streak() {
        // One run, stopped after 9 s of stretching: no streak, and 9 s, not "1 min".
        let r = vec![rec("2026-11-25T07:00:00+01:00", false, &["hips"], 9)];
        let s = Stats::compute(&r, date("2026-11-25"));
        assert_eq!(s.streak, 0);
        assert_eq!(s.headline(), "0:09 this week");
        assert!(!s.headline().contains("streak"));
        // A week with no runs at all says so, the streak still alive from yesterday.
        let old = vec![rec("2026-11-10T07:00:00+01:00", true, &["hips"], 300)];
        assert_eq!(
            Stats::compute(&old, date("2026-11-25")).headline(),
            "no stretching this week"
        );
        let yesterday = vec![rec("2026-11-24T07:00:00+01:00", true, &["hips"], 66)];
        assert_eq!(
            Stats::compute(&yesterday, date("2026-11-25")).headline(),
            "1-day streak · 1:06 this week"
        );
    }

    #[test]
    fn the_stretching_time_of_an_older_line_is_its_work_per_area() {
        let mut r = rec("2026-11-25T07:00:00+01:00", true, &["hips"], 300);
        r.work_seconds = None;
        r.area_seconds = [("hips".to_string(), 200), ("neck".to_string(), 40)]
            .into_iter()
            .collect();
        assert_eq!(r.stretching(), 240);
        let line = serde_json::to_string(&r).unwrap();
        assert!(!line.contains("work_seconds"), "{line}");
        r.work_seconds = Some(250);
        assert_eq!(r.stretching(), 250);
    }

    #[test]
    fn what_hurt_is_kept_for_fourteen_days_and_old_lines_still_read() {
        let old: Record = serde_json::from_str(
            r#"{"routine":"morning","start":"2026-11-20T07:00:00+01:00","end":"2026-11-20T07:05:00+01:00","seconds":300,"planned_seconds":300,"stretches":["cat-cow"],"areas":["lower-back"],"completed":true}"#,
        )
        .unwrap();
        assert!(old.hurt.is_empty());
        assert!(!serde_json::to_string(&old).unwrap().contains("hurt"));
        let mut a = rec("2026-11-12T07:00:00+01:00", false, &["hips"], 100);
        a.hurt = vec!["pigeon-pose".into()];
        let mut b = rec("2026-11-20T07:00:00+01:00", false, &["hips"], 100);
        b.hurt = vec!["lizard-pose".into(), "pigeon-pose".into()];
        let records = vec![a, b, old];
        let ids = |today: &str| -> Vec<(String, String)> {
            hurt_recently(&records, date(today))
                .into_iter()
                .map(|(id, d)| (id, d.to_string()))
                .collect()
        };
        assert_eq!(
            ids("2026-11-25"),
            [
                ("lizard-pose".to_string(), "2026-11-20".to_string()),
                ("pigeon-pose".to_string(), "2026-11-20".to_string())
            ]
        );
        // The 12th is day 14 on the 25th, gone on the 26th; the 20th, gone on the 4th.
        assert_eq!(hurt_recently(&records[..1], date("2026-11-25")).len(), 1);
        assert!(hurt_recently(&records[..1], date("2026-11-26")).is_empty());
        assert!(ids("2026-12-04").is_empty());
        assert_eq!(
            Stats::compute(&records, date("2026-11-21"))
                .hurt_recently
                .len(),
            2
        );
    }

    #[test]
    fn a_run_records_what_hurt_by_id() {
        use crate::library::Sides;
        use crate::session::{Options, Session};
        use crate::timeline::tests::{hold, stretch};
        let t = Timeline::from_steps(
            "t",
            vec![
                stretch("pigeon", Sides::Both, hold(30, 1)),
                stretch("figure-four", Sides::Both, hold(30, 1)),
            ],
            crate::routine::Gaps::default(),
        );
        let t0 = std::time::Instant::now();
        let mut s = Session::start(t.clone(), Options { pacer: None }, t0);
        s.tick(t0 + std::time::Duration::from_secs(15));
        s.hurt(t0 + std::time::Duration::from_secs(15));
        let outcome = Outcome {
            ending: Ending::Quit,
            tally: s.tally(t0 + std::time::Duration::from_secs(20)),
        };
        let r = record_of(&t, &outcome, "2026-11-25T07:00:00+01:00".into(), "x".into());
        assert_eq!(r.hurt, ["pigeon"]);
        let line = serde_json::to_string(&r).unwrap();
        assert!(line.contains(r#""hurt":["pigeon"]"#), "{line}");
    }
}
