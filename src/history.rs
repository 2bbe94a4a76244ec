//! `history.jsonl`: one line per finished or stopped run, appended and never rewritten.

use crate::library::Area;
use crate::session::{Ending, Outcome};
use crate::timeline::Timeline;
use crate::yaml::Vocab;
use jiff::civil::Date;
use jiff::{Timestamp, ZonedDateTime, tz::TimeZone};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt as _;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

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
    pub completed: bool,
    /// "completed", "quit", or the signal that stopped it ("SIGTERM").
    #[serde(default)]
    pub ending: String,
}

/// Local time with offset, to the second: `2026-11-25T07:02:11+01:00`.
pub fn local_stamp(t: SystemTime) -> String {
    let ts = Timestamp::try_from(t).unwrap_or(Timestamp::UNIX_EPOCH);
    ts.to_zoned_datetime(TimeZone::system())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// The record of a run.
pub fn record_of(
    timeline: &Timeline,
    outcome: &Outcome,
    start: SystemTime,
    end: SystemTime,
) -> Record {
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
    let mut area_seconds = BTreeMap::new();
    for (i, work) in tally.work_by_step.iter().enumerate() {
        if work.as_secs() > 0 {
            let area = timeline.steps[i].stretch.primary_area().name().to_string();
            *area_seconds.entry(area).or_insert(0) += work.as_secs();
        }
    }
    Record {
        routine: timeline.name.clone(),
        start: local_stamp(start),
        end: local_stamp(end),
        seconds: tally.active.as_secs(),
        planned_seconds: u64::from(timeline.total),
        stretches,
        areas: areas.iter().map(|a| a.name().to_string()).collect(),
        area_seconds,
        completed: tally.completed,
        ending: match outcome.ending {
            Ending::Completed => "completed".into(),
            Ending::Quit => "quit".into(),
            Ending::Signal(n) => crate::signals::name(n),
        },
    }
}

/// Appends one record as one line, in a single write to a file opened for appending, so
/// runs that end at the same moment never interleave and earlier lines are never touched.
pub fn append(path: &Path, record: &Record) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let mut line = serde_json::to_string(record).map_err(io::Error::other)?;
    line.push('\n');
    // A FIFO or a device in its place would hold the end of the run for ever.
    if let Some(t) = crate::load::irregular(path) {
        return Err(io::Error::other(crate::load::irregular_reason(t)));
    }
    let mut file = OpenOptions::new()
        .create(true)
        .append(true)
        .custom_flags(crate::load::NONBLOCK)
        .open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::other("not a regular file"));
    }
    // A file whose last line lacks its newline (a crash mid-write) gets one first, in the
    // same write, so the damage stays on that one line.
    let len = file.metadata()?.len();
    if len > 0 && !ends_with_newline(path)? {
        line.insert(0, '\n');
    }
    file.write_all(line.as_bytes())?;
    file.flush()
}

fn ends_with_newline(path: &Path) -> io::Result<bool> {
    use std::io::{Read, Seek, SeekFrom};
    let mut f = fs::File::open(path)?;
    f.seek(SeekFrom::End(-1))?;
    let mut b = [0u8; 1];
    f.read_exact(&mut b)?;
    Ok(b[0] == b'\n')
}

/// Writes a run's line to the history once, as soon as the run's outcome is settled: when
/// its last phase ends, or when it is stopped, before the terminal is given back. Whatever
/// happens after that (a key on the summary, a closed window) changes nothing written.
#[derive(Debug)]
pub struct Recorder {
    path: Option<PathBuf>,
    started: SystemTime,
    written: bool,
    /// Why the line could not be written, to show to the user.
    pub warning: Option<String>,
}

impl Recorder {
    /// A recorder for a run that started at `started`, writing to `path` (none: the run
    /// cannot be saved, and says so).
    pub fn new(path: Option<PathBuf>, started: SystemTime) -> Self {
        Self {
            path,
            started,
            written: false,
            warning: None,
        }
    }

    /// Whether the run has been recorded (or tried to be).
    pub fn is_done(&self) -> bool {
        self.written
    }

    /// Records the run as it ended at `end`; does nothing the second time. A failure is
    /// kept in [`Recorder::warning`], never returned as an error: it must not stop a run.
    pub fn record(&mut self, timeline: &Timeline, outcome: &Outcome, end: SystemTime) {
        if std::mem::replace(&mut self.written, true) {
            return;
        }
        let Some(path) = &self.path else {
            self.warning =
                Some("no HOME or XDG_DATA_HOME, so this run is not saved in the history".into());
            return;
        };
        let record = record_of(timeline, outcome, self.started, end);
        self.warning = append(path, &record)
            .err()
            .map(|e| format!("cannot save this run in {}: {e}", path.display()));
    }
}

/// Every readable record, and a warning for each damaged line.
pub fn read(path: &Path) -> io::Result<(Vec<Record>, Vec<String>)> {
    // Only a regular file: a FIFO or a device by that name would block or never end.
    let bytes = crate::load::open_regular(path).and_then(|mut f| {
        let mut bytes = Vec::new();
        io::Read::read_to_end(&mut f, &mut bytes).map(|_| bytes)
    });
    let text = match bytes {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((Vec::new(), Vec::new())),
        Err(e) => return Err(e),
    };
    let mut records = Vec::new();
    let mut warnings = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Record>(line) {
            Ok(r) if r.start.len() >= 10 && r.start.is_char_boundary(10) => records.push(r),
            Ok(_) => warnings.push(format!(
                "{} line {}: `start` is not a date; line skipped",
                path.display(),
                i + 1
            )),
            Err(e) => warnings.push(format!(
                "{} line {}: {e}; line skipped",
                path.display(),
                i + 1
            )),
        }
    }
    Ok((records, warnings))
}

/// The local calendar day a record started on.
pub fn day_of(record: &Record) -> Option<Date> {
    record.start.get(..10)?.parse().ok()
}

/// Streaks and weekly totals over the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Days in a row, up to today (or yesterday, while today has no run yet), with a
    /// completed run.
    pub streak: u32,
    /// Minutes in the last 7 days (today and the 6 before).
    pub minutes_this_week: u64,
    pub sessions_this_week: u32,
    /// Minutes of work per primary area in the last 7 days, most first.
    pub area_minutes_this_week: Vec<(String, u64)>,
    /// Areas not worked for the longest time (never first), with the last day worked.
    pub areas_waiting: Vec<(String, Option<String>)>,
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
            .fold(0u64, |sum, r| sum.saturating_add(r.seconds));
        let mut per_area: BTreeMap<String, u64> = BTreeMap::new();
        for r in &this_week {
            for (a, s) in &r.area_seconds {
                let total = per_area.entry(a.clone()).or_insert(0);
                *total = total.saturating_add(*s);
            }
        }
        let mut area_minutes: Vec<(String, u64)> = per_area
            .into_iter()
            .map(|(a, s)| (a, s.div_ceil(60)))
            .collect();
        area_minutes.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
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
            minutes_this_week: seconds.div_ceil(60),
            sessions_this_week: this_week.len() as u32,
            area_minutes_this_week: area_minutes,
            areas_waiting: waiting
                .into_iter()
                .take(3)
                .map(|(a, d)| (a, d.map(|d| d.to_string())))
                .collect(),
        }
    }

    /// "streak 4 days · 38 min this week"
    pub fn headline(&self) -> String {
        format!(
            "streak {} day{} · {} min this week",
            self.streak,
            if self.streak == 1 { "" } else { "s" },
            self.minutes_this_week
        )
    }
}

/// Today's local date.
pub fn today() -> Date {
    ZonedDateTime::now().date()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(start: &str, completed: bool, areas: &[&str], secs: u64) -> Record {
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
            completed,
            ending: if completed { "completed" } else { "quit" }.into(),
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
        assert_eq!(s.minutes_this_week, 7); // 390 s, rounded up
        assert_eq!(s.sessions_this_week, 2);
        assert_eq!(
            s.area_minutes_this_week,
            vec![("hips".to_string(), 5), ("neck".to_string(), 2)]
        );
        assert_eq!(s.areas_waiting.len(), 3);
        assert!(s.areas_waiting.iter().all(|(_, d)| d.is_none()));
        assert_eq!(s.headline(), "streak 1 day · 7 min this week");
    }

    #[test]
    fn appends_after_a_damaged_line_and_skips_it_when_reading() {
        let dir = std::env::temp_dir().join(format!("supple-history-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let path = dir.join("history.jsonl");
        append(
            &path,
            &rec("2026-11-24T07:00:00+01:00", true, &["hips"], 300),
        )
        .unwrap();
        // a crash mid-write leaves half a line with no newline
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(b"{\"routine\": \"mor").unwrap();
        drop(f);
        append(
            &path,
            &rec("2026-11-25T07:00:00+01:00", true, &["neck"], 60),
        )
        .unwrap();
        let (records, warnings) = read(&path).unwrap();
        assert_eq!(records.len(), 2);
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("line 2:"), "{}", warnings[0]);
        let text = fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("{\"routine\":\"morning\""),
            "earlier lines untouched"
        );
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn appends_from_many_writers_at_once_never_interleave() {
        let dir = std::env::temp_dir().join(format!("supple-history-many-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let path = dir.join("history.jsonl");
        let mut long = rec("2026-11-25T07:00:00+01:00", true, &["hips"], 300);
        long.stretches = (0..200).map(|i| format!("stretch-number-{i}")).collect();
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for _ in 0..50 {
                        append(&path, &long).unwrap();
                    }
                });
            }
        });
        let (records, warnings) = read(&path).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(records.len(), 200);
        assert!(records.iter().all(|r| r == &long));
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn stamps_are_local_time_with_an_offset() {
        let s = local_stamp(SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_764_000_000));
        assert_eq!(s.len(), 25, "{s}");
        assert!(s[19..].starts_with('+') || s[19..].starts_with('-'), "{s}");
    }
}
