//! `history.jsonl` on disk: one line per finished or stopped run, appended and never
//! rewritten; and the local clock the records are stamped with.

use super::{Record, record_of};
use crate::session::Outcome;
use crate::timeline::Timeline;
use jiff::civil::Date;
use jiff::{Timestamp, ZonedDateTime, tz::TimeZone};
use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Local time with offset, to the second: `2026-11-25T07:02:11+01:00`.
pub fn local_stamp(t: SystemTime) -> String {
    let ts = Timestamp::try_from(t).unwrap_or(Timestamp::UNIX_EPOCH);
    ts.to_zoned_datetime(TimeZone::system())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
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
    let mut file =
        crate::load::open_regular_with(path, OpenOptions::new().create(true).append(true))?;
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

    /// Records the run as it ended at `end`; does nothing the second time, nor for a run
    /// stopped before any stretching was done. A failure is
    /// kept in [`Recorder::warning`], never returned as an error: it must not stop a run.
    pub fn record(&mut self, timeline: &Timeline, outcome: &Outcome, end: SystemTime) {
        if std::mem::replace(&mut self.written, true) || !crate::history::worth_keeping(outcome) {
            return;
        }
        let Some(path) = &self.path else {
            self.warning =
                Some("no HOME or XDG_DATA_HOME, so this run is not saved in the history".into());
            return;
        };
        let record = record_of(
            timeline,
            outcome,
            local_stamp(self.started),
            local_stamp(end),
        );
        self.warning = append(path, &record)
            .err()
            .map(|e| format!("cannot save this run in {}: {e}", path.display()));
    }
}

/// The readable records at `path`, for what only looks at them (a streak, what hurt
/// lately); `None` when there is no history file or it cannot be read.
pub fn records(path: Option<PathBuf>) -> Option<Vec<Record>> {
    path.and_then(|p| read(&p).ok()).map(|(r, _)| r)
}

/// The ids of the stretches that hurt in the last days, as of today, for the builder to
/// leave out.
pub fn hurt_lately(records: &[Record]) -> Vec<String> {
    crate::history::hurt_recently(records, today())
        .into_iter()
        .map(|(id, _)| id)
        .collect()
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

/// Today's local date.
pub fn today() -> Date {
    ZonedDateTime::now().date()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::tests::rec;

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
