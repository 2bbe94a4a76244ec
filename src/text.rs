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

/// The text of `supple history`.
pub fn history_text(records: &[Record], stats: &Stats) -> String {
    let mut t = String::new();
    if records.is_empty() {
        t.push_str("no sessions yet; `supple run morning` starts one\n");
        return t;
    }
    let _ = writeln!(t, "{}\n", stats.headline());
    let _ = writeln!(
        t,
        "{:<17} {:<16} {:>6}  {:<9}",
        "STARTED", "ROUTINE", "TIME", ""
    );
    // The history is a file anyone (or any sync tool) can write to: every field from it is
    // escaped before it is measured and shown.
    for r in records.iter().rev().take(10) {
        let start = printable(&r.start);
        let started = start.get(..16).unwrap_or(&start).replace('T', " ");
        let _ = writeln!(
            t,
            "{:<17} {} {:>6}  {}",
            started,
            pad(&printable(&r.routine), 16),
            clock(u32::try_from(r.seconds).unwrap_or(u32::MAX)),
            if r.completed {
                "done".to_string()
            } else {
                format!("stopped ({})", printable(&r.ending))
            }
        );
    }
    if records.len() > 10 {
        let _ = writeln!(
            t,
            "… and {} earlier (`supple history --json` has them all)",
            records.len() - 10
        );
    }
    if !stats.area_minutes_this_week.is_empty() {
        let _ = writeln!(t, "\nthis week (last 7 days), minutes per area:");
        let most = stats
            .area_minutes_this_week
            .iter()
            .map(|a| a.1)
            .max()
            .unwrap_or(1)
            .max(1);
        for (area, minutes) in &stats.area_minutes_this_week {
            let bar = "▰".repeat(((minutes * 20).div_ceil(most)) as usize);
            let area = printable(area);
            let _ = writeln!(t, "  {area:<12} {minutes:>3}  {bar}");
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
}
