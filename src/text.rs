//! Wording and fitting shared by every front end (the commands, the full screen, the
//! plain runner), measured in terminal cells: a wide character (CJK, most emoji) takes two.

use crate::diag::printable;
use crate::history::{Record, Stats};
use crate::library::{Dose, Pace, Sides, clock, short};
use std::fmt::Write as _;
use unicode_width::UnicodeWidthStr as _;

/// Cells `s` takes on screen.
pub fn width(s: &str) -> usize {
    s.width()
}

/// `s` cut to at most `max` cells, ending in `…` when it was cut.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = width(c.encode_utf8(&mut [0; 4]));
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('…');
    out
}

/// `s` broken into lines of at most `max` cells, at spaces where it can be; a word
/// longer than a line is cut across lines.
pub fn wrap(s: &str, max: usize) -> Vec<String> {
    let mut lines = Vec::new();
    if max == 0 {
        return lines;
    }
    let mut line = String::new();
    let mut used = 0;
    for word in s.split_whitespace() {
        let w = width(word);
        if used > 0 && used + 1 + w <= max {
            line.push(' ');
            line.push_str(word);
            used += 1 + w;
            continue;
        }
        if used > 0 {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if w <= max {
            line.push_str(word);
            used = w;
            continue;
        }
        for c in word.chars() {
            let cw = width(c.encode_utf8(&mut [0; 4]));
            if used + cw > max && used > 0 {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(c);
            used += cw;
        }
    }
    if used > 0 {
        lines.push(line);
    }
    lines
}

/// Wrapped lines of `s`, at most `rows` of them; the last one ends in `…` if text was
/// left out.
pub fn wrap_rows(s: &str, max: usize, rows: usize) -> Vec<String> {
    let mut lines = wrap(s, max);
    if lines.len() > rows {
        lines.truncate(rows);
        if let Some(last) = lines.last_mut() {
            *last = truncate(&format!("{last} …"), max);
            if !last.ends_with('…') {
                last.push('…');
            }
        }
    }
    lines
}

/// Wraps `text` to `width` cells: the first line starts with `first`, every other one
/// with `indent`.
pub fn wrap_indented(text: &str, width: usize, indent: &str, first: &str) -> String {
    let mut out = String::new();
    let mut line = String::from(first);
    let mut empty = true;
    for word in text.split_whitespace() {
        if !empty && self::width(&line) + 1 + self::width(word) > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = String::from(indent);
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

/// "1 stretch", "3 stretches".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Lines said before a run, as one line for a footer: their words joined by single
/// spaces; `None` when there are none.
pub fn one_line(lines: &[String]) -> Option<String> {
    let words: Vec<&str> = lines.iter().flat_map(|l| l.split_whitespace()).collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// `s` in exactly `cells` cells: cut with `…` when longer, padded with spaces when
/// shorter (`format!`'s padding counts characters, not cells).
pub fn pad(s: &str, cells: usize) -> String {
    let mut t = truncate(s, cells);
    let w = width(&t);
    t.extend(std::iter::repeat_n(' ', cells.saturating_sub(w)));
    t
}

/// A short dose: `30s × 2 each side`, `10 reps of 4s`, `8 reps, one per breath`, `6 reps alternating`.
pub fn dose_short(dose: &Dose, sides: Sides) -> String {
    let sets = |n: u32| {
        if n > 1 {
            format!(" × {n}")
        } else {
            String::new()
        }
    };
    let base = match dose {
        Dose::Hold { hold, sets: n, .. } => format!("{}{}", short(*hold), sets(*n)),
        Dose::Reps {
            reps,
            sets: n,
            pace: Pace::Tempo(_),
        } => format!(
            "{}{}",
            crate::text::plural(*reps as usize, "rep", "reps"),
            sets(*n)
        ),
        Dose::Reps {
            reps,
            sets: n,
            pace: Pace::Breath(_),
        } => format!(
            "{}, one per breath{}",
            crate::text::plural(*reps as usize, "rep", "reps"),
            sets(*n)
        ),
    };
    match sides {
        Sides::Both => base,
        Sides::Each => format!("{base}, each side"),
        Sides::Alternating => format!("{base}, alternating"),
    }
}

/// A length of time as the screens show it: `0:09`, `1:06`, `1:02:05`.
pub fn duration(secs: u64) -> String {
    clock(u32::try_from(secs).unwrap_or(u32::MAX))
}

/// Seconds to the nearest whole minute (30 s goes up): 89 s is 1, 90 s is 2.
pub fn nearest_minutes(secs: u64) -> u64 {
    secs.saturating_add(30) / 60
}

/// The minutes in a routine's name: to the nearest, and at least 1.
pub fn min_in_name(secs: u64) -> u64 {
    nearest_minutes(secs).max(1)
}

/// A bar of up to `max` cells for `secs` out of `most`, to the nearest cell, and never
/// empty for time that was spent.
pub fn bar_cells(secs: u64, most: u64, max: usize) -> usize {
    if secs == 0 || max == 0 {
        return 0;
    }
    let most = most.max(secs).max(1);
    let cells = (u128::from(secs) * max as u128 * 2 + u128::from(most)) / (u128::from(most) * 2);
    (cells as usize).clamp(1, max)
}

/// Which runs `supple history` lists: the last `limit` (all of them with `None`), from
/// `since` on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoryShown {
    pub limit: Option<usize>,
    pub since: Option<jiff::civil::Date>,
}

impl Default for HistoryShown {
    fn default() -> Self {
        HistoryShown {
            limit: Some(10),
            since: None,
        }
    }
}

/// The runs as a table `width` cells wide at most, newest first, under a header row.
/// Wide: `STARTED  ROUTINE  STRETCHING  TOTAL  OUTCOME`; narrow, the year, the total and the
/// way a run was stopped go first, so the day, the routine, the stretching and whether it
/// was done always show.
pub fn history_table(records: &[&Record], width_: usize) -> Vec<String> {
    let wide = width_ >= 64;
    // The stretching column is named in full where there is room for the word.
    let (date_w, time_w) = match width_ {
        64.. => (16, 10),
        50.. => (11, 10),
        _ => (11, 5),
    };
    let outcome_w = if wide { 16 } else { 7 };
    let total_w = if wide { 7 } else { 0 };
    let fixed = date_w + 1 + 1 + time_w + total_w + 2 + outcome_w;
    let routine_w = width_.saturating_sub(fixed).clamp(4, 24);
    let mut rows = Vec::with_capacity(records.len() + 1);
    let header = if wide {
        format!(
            "{:<date_w$} {} {:>time_w$}{:>total_w$}  OUTCOME",
            "STARTED",
            pad("ROUTINE", routine_w),
            "STRETCHING",
            "TOTAL"
        )
    } else {
        format!(
            "{:<date_w$} {} {:>time_w$}",
            "STARTED",
            pad("ROUTINE", routine_w),
            if time_w >= 10 { "STRETCHING" } else { "TIME" }
        )
    };
    rows.push(header.trim_end().to_string());
    // The history is a file anyone (or any sync tool) can write to: every field from it is
    // escaped before it is measured and shown.
    for r in records {
        let start = printable(&r.start);
        let started = start.get(..16).unwrap_or(&start).replace('T', " ");
        let started = if wide {
            started
        } else {
            started.get(5..).unwrap_or(&started).to_string()
        };
        let outcome = match (r.completed, wide) {
            (true, _) => "done".to_string(),
            (false, true) => format!("stopped ({})", printable(&r.ending)),
            (false, false) => "stopped".to_string(),
        };
        let total = if wide {
            format!("{:>total_w$}", duration(r.seconds))
        } else {
            String::new()
        };
        let row = format!(
            "{:<date_w$} {} {:>time_w$}{total}  {outcome}",
            started,
            pad(&printable(&r.routine), routine_w),
            duration(r.stretching()),
        );
        rows.push(row);
    }
    rows
}

/// The week's stretching per area, one line each with a bar drawn from the seconds.
pub fn week_areas(stats: &Stats, width_: usize) -> Vec<String> {
    let mut lines = Vec::new();
    if stats.area_seconds_this_week.is_empty() {
        return lines;
    }
    lines.push("this week (last 7 days), stretching per area:".to_string());
    let most = stats
        .area_seconds_this_week
        .iter()
        .map(|a| a.1)
        .max()
        .unwrap_or(1);
    let name_w = stats
        .area_seconds_this_week
        .iter()
        .map(|(a, _)| width(&printable(a)))
        .max()
        .unwrap_or(4)
        .min(width_ / 2);
    let bar_w = width_.saturating_sub(2 + name_w + 1 + 7 + 2).min(20);
    for (area, secs) in &stats.area_seconds_this_week {
        let bar = "▰".repeat(bar_cells(*secs, most, bar_w));
        let line = format!(
            "  {} {:>7}  {bar}",
            pad(&printable(area), name_w),
            duration(*secs)
        );
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// The text of `supple history`: the headline, the runs `shown` asks for, the week's
/// areas, what waits longest and what hurt lately.
pub fn history_text(records: &[Record], stats: &Stats, shown: HistoryShown) -> String {
    let mut t = String::new();
    if records.is_empty() {
        t.push_str("no sessions yet; `supple run morning` starts one\n");
        return t;
    }
    let _ = writeln!(t, "{}\n", stats.headline());
    let since: Vec<&Record> = records
        .iter()
        .filter(|r| {
            shown
                .since
                .is_none_or(|d| crate::history::day_of(r).is_some_and(|day| day >= d))
        })
        .collect();
    let listed: Vec<&Record> = since
        .iter()
        .rev()
        .take(shown.limit.unwrap_or(usize::MAX))
        .copied()
        .collect();
    if listed.is_empty() {
        if let Some(d) = shown.since {
            let _ = writeln!(t, "no sessions since {d}");
        }
    } else {
        for row in history_table(&listed, 80) {
            let _ = writeln!(t, "{row}");
        }
    }
    if since.len() > listed.len() {
        let _ = writeln!(
            t,
            "… and {} earlier (`supple history --all` lists them all)",
            since.len() - listed.len()
        );
    }
    let areas = week_areas(stats, 80);
    if !areas.is_empty() {
        t.push('\n');
        for l in areas {
            let _ = writeln!(t, "{l}");
        }
    }
    let waiting: Vec<String> = stats
        .areas_waiting
        .iter()
        .map(|(a, d)| match d {
            Some(d) => format!("{} (last {})", printable(a), printable(d)),
            None => format!("{} (never)", printable(a)),
        })
        .collect();
    let _ = writeln!(t, "\nwaiting longest: {}", waiting.join(", "));
    if !stats.hurt_recently.is_empty() {
        let hurt: Vec<String> = stats
            .hurt_recently
            .iter()
            .map(|(id, day)| format!("{} ({})", printable(id), printable(day)))
            .collect();
        let _ = writeln!(
            t,
            "hurt lately, left out of built routines for 14 days: {}",
            hurt.join(", ")
        );
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_pads_and_counts_cells() {
        assert_eq!(
            wrap_indented("one two three", 9, "  ", ""),
            "one two\n  three\n"
        );
        assert_eq!(pad("knee-to-chest", 6), "knee-…");
        assert_eq!(pad("neck", 6), "neck  ");
        assert_eq!(pad("猫のポーズ", 6), "猫の… ");
        assert_eq!(width("猫のポーズ"), 10);
        assert_eq!(plural(1, "stretch", "stretches"), "1 stretch");
        assert_eq!(plural(2, "stretch", "stretches"), "2 stretches");
    }

    #[test]
    fn truncates_with_an_ellipsis() {
        assert_eq!(truncate("Knee-to-Chest", 20), "Knee-to-Chest");
        assert_eq!(truncate("Knee-to-Chest", 6), "Knee-…");
        assert_eq!(truncate("ab cd", 4), "ab…");
        assert_eq!(truncate("abc", 1), "…");
        assert_eq!(truncate("abc", 0), "");
    }

    #[test]
    fn wraps_at_spaces_and_cuts_long_words() {
        assert_eq!(
            wrap("Hold behind the thigh", 10),
            ["Hold", "behind the", "thigh"]
        );
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert!(wrap("anything", 0).is_empty());
        assert!(wrap("   ", 5).is_empty());
        assert_eq!(
            wrap_rows("one two three four", 8, 2),
            ["one two", "three …"]
        );
        assert_eq!(wrap_rows("one two three four", 5, 1), ["one …"]);
        assert_eq!(wrap_rows("abcdefgh", 4, 1), ["abc…"]);
    }

    #[test]
    fn rounds_to_the_nearest_and_draws_bars_from_seconds() {
        assert_eq!(nearest_minutes(9), 0);
        assert_eq!(nearest_minutes(29), 0);
        assert_eq!(nearest_minutes(30), 1);
        assert_eq!(nearest_minutes(83), 1);
        assert_eq!(nearest_minutes(89), 1);
        assert_eq!(nearest_minutes(90), 2);
        assert_eq!(nearest_minutes(u64::MAX), u64::MAX / 60);
        // Built routines' names: a 4:40 routine is 5 minutes, a 9:20 one 9, never 0.
        assert_eq!(min_in_name(280), 5);
        assert_eq!(min_in_name(560), 9);
        assert_eq!(min_in_name(12), 1);
        let req = crate::builder::Request {
            areas: vec![crate::library::Area::Hips, crate::library::Area::Neck],
            seconds: 600,
            avoid: vec![],
            level: None,
            seed: None,
            gaps: crate::timeline::DEFAULT_GAPS,
        };
        assert_eq!(req.name_for(305), "hips-neck-5min");
        assert_eq!(req.name_for(569), "hips-neck-9min");
        assert_eq!(req.default_name(), "hips-neck-10min");
        assert_eq!(duration(9), "0:09");
        assert_eq!(duration(83), "1:23");
        assert_eq!(duration(3725), "1:02:05");
        // Doses: seconds under a minute, then the same m:ss as every other time.
        assert_eq!(crate::library::short(45), "45s");
        assert_eq!(crate::library::short(60), "1:00");
        assert_eq!(crate::library::short(66), "1:06");
        // 9 s and 56 s were the same one-minute bar; from seconds they are far apart.
        assert_eq!(bar_cells(56, 56, 20), 20);
        assert_eq!(bar_cells(9, 56, 20), 3);
        assert_eq!(bar_cells(1, 3600, 20), 1, "time spent always shows");
        assert_eq!(bar_cells(0, 56, 20), 0);
        assert_eq!(bar_cells(30, 60, 20), 10);
        assert_eq!(bar_cells(u64::MAX, u64::MAX, 20), 20);
    }

    fn record(start: &str, routine: &str, work: u64, all: u64, completed: bool) -> Record {
        Record {
            routine: routine.into(),
            start: start.into(),
            end: start.into(),
            seconds: all,
            planned_seconds: all,
            stretches: vec![],
            areas: vec!["hips".into()],
            area_seconds: [("hips".to_string(), work)].into_iter().collect(),
            work_seconds: Some(work),
            completed,
            ending: if completed { "completed" } else { "quit" }.into(),
            hurt: vec![],
        }
    }

    #[test]
    fn the_history_table_keeps_the_day_routine_stretching_and_outcome_when_narrow() {
        let a = record("2026-11-24T07:02:11+01:00", "morning", 100, 109, true);
        let b = record(
            "2026-11-25T18:30:00+01:00",
            "lower-back-short",
            9,
            15,
            false,
        );
        let wide = history_table(&[&b, &a], 80);
        assert_eq!(
            wide[0],
            "STARTED          ROUTINE                  STRETCHING  TOTAL  OUTCOME"
        );
        assert_eq!(
            wide[1],
            "2026-11-25 18:30 lower-back-short               0:09   0:15  stopped (quit)"
        );
        assert_eq!(
            wide[2],
            "2026-11-24 07:02 morning                        1:40   1:49  done"
        );
        for w in [36, 37, 40] {
            let narrow = history_table(&[&b, &a], w);
            for row in &narrow {
                assert!(width(row) <= w, "{w}: {row:?}");
            }
            assert!(narrow[1].starts_with("11-25 18:30 lower-"), "{narrow:?}");
            assert!(narrow[1].ends_with(" 0:09  stopped"), "{narrow:?}");
            assert!(narrow[2].ends_with(" 1:40  done"), "{narrow:?}");
        }
    }

    #[test]
    fn history_lists_the_last_n_since_a_day_and_says_what_it_left_out() {
        let records: Vec<Record> = (1..=15)
            .map(|d| {
                record(
                    &format!("2026-11-{d:02}T07:00:00+01:00"),
                    "desk",
                    60,
                    70,
                    true,
                )
            })
            .collect();
        let stats = Stats::compute(&records, "2026-11-15".parse().unwrap());
        let listed = |shown| {
            history_text(&records, &stats, shown)
                .lines()
                .filter(|l| l.starts_with("2026-"))
                .map(|l| l[..10].to_string())
                .collect::<Vec<_>>()
        };
        let ten = listed(HistoryShown::default());
        assert_eq!(ten.len(), 10);
        assert_eq!(ten[0], "2026-11-15");
        let text = history_text(&records, &stats, HistoryShown::default());
        assert!(
            text.contains("… and 5 earlier (`supple history --all`"),
            "{text}"
        );
        let three = HistoryShown {
            limit: Some(3),
            since: None,
        };
        assert_eq!(listed(three), ["2026-11-15", "2026-11-14", "2026-11-13"]);
        assert_eq!(
            listed(HistoryShown {
                limit: None,
                since: None
            })
            .len(),
            15
        );
        let since = HistoryShown {
            limit: None,
            since: Some("2026-11-12".parse().unwrap()),
        };
        assert_eq!(listed(since).len(), 4);
        assert!(!history_text(&records, &stats, since).contains("earlier"));
        let none = HistoryShown {
            limit: None,
            since: Some("2026-12-01".parse().unwrap()),
        };
        assert!(history_text(&records, &stats, none).contains("no sessions since 2026-12-01"));
        // The week's areas in m:ss, with bars drawn from the seconds.
        assert!(text.contains("stretching per area:"), "{text}");
        assert!(text.contains("  hips    7:00  ▰▰▰▰"), "{text}");
    }
}
