//! The summary after the last phase: the stretching time (the holds and reps) in big
//! digits, the time in all beside it, the stretches done, the areas worked (each second
//! credited to the stretch's primary area, as the history does), and a note from the caller
//! (the streak); any key leaves.

use super::digits::{self, BigText};
use super::theme::Theme;
use super::widgets::{boxed, usable};
use crate::library::{Area, clock};
use crate::session::Tally;
use crate::text::{bar_cells, plural, truncate, width, wrap};
use crate::timeline::Timeline;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// The longest area bar, in cells.
const MAX_BAR: usize = 16;
/// The widest the summary box gets.
const MAX_BOX_WIDTH: u16 = 64;

/// What a finished run amounted to, ready to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub routine: String,
    /// Active seconds, pauses excluded: getting ready, switching and resting included.
    pub seconds: u32,
    /// Seconds of stretching: the work phases (holds and reps) only.
    pub stretching: u32,
    pub stretches_done: usize,
    pub stretches: usize,
    /// Each primary area worked with the seconds of work on it, most first; they add up
    /// to the stretching time.
    pub areas: Vec<(Area, u32)>,
    /// The names of the stretches stopped because they hurt.
    pub hurt: Vec<String>,
    pub note: Option<String>,
}

impl Summary {
    pub fn new(timeline: &Timeline, tally: &Tally, note: Option<&str>) -> Self {
        // Each step's work as actually done, credited to the stretch's primary area, as
        // the history's `area_seconds` are: the bars add up to the stretching time.
        let mut areas: Vec<(Area, u32)> = Vec::new();
        for (step, work) in timeline.steps.iter().zip(&tally.work_by_step) {
            let secs = work.as_secs() as u32;
            if secs == 0 {
                continue;
            }
            let area = step.stretch.primary_area();
            match areas.iter_mut().find(|(a, _)| *a == area) {
                Some((_, total)) => *total += secs,
                None => areas.push((area, secs)),
            }
        }
        // Most worked first; ties keep the routine's order.
        areas.sort_by_key(|(_, secs)| std::cmp::Reverse(*secs));
        Summary {
            routine: timeline.name.clone(),
            seconds: tally.active.as_secs() as u32,
            stretching: tally.work.as_secs() as u32,
            stretches_done: tally.steps_done.len(),
            stretches: timeline.steps.len(),
            areas,
            hurt: tally
                .hurt
                .iter()
                .filter_map(|&i| timeline.steps.get(i))
                .map(|s| s.stretch.name.clone())
                .collect(),
            note: note.map(str::to_string),
        }
    }
}

/// The summary screen.
#[derive(Debug, Clone, Copy)]
pub struct SummaryScreen<'a> {
    pub summary: &'a Summary,
    pub theme: &'a Theme,
}

/// One row of the box.
enum Row {
    Blank,
    Digits(digits::Size),
    Text(Line<'static>),
}

/// How rich a version of the box is: the digits' size, blank rows between the parts, how
/// many areas get a bar (the rest are named on one `+N more` row), the padding inside the
/// box and the margin around it.
#[derive(Debug, Clone, Copy)]
struct Richness {
    size: Option<digits::Size>,
    blanks: bool,
    areas: usize,
    pad: u16,
}

impl SummaryScreen<'_> {
    /// The rows with the given richness, for a box `width_` cells wide inside.
    fn rows(&self, r: Richness, width_: usize) -> Vec<Row> {
        let s = self.summary;
        let t = self.theme;
        let mut rows = Vec::new();
        let blank = |rows: &mut Vec<Row>| {
            if r.blanks {
                rows.push(Row::Blank);
            }
        };
        let time = clock(s.stretching);
        // The stretching time leads (in big digits where they fit); the time in all and
        // the stretches done follow, on as few rows as the width allows.
        let lead = if r.size.is_some() {
            "of stretching".to_string()
        } else {
            format!("{time} of stretching")
        };
        let count = if s.stretches_done == s.stretches {
            plural(s.stretches, "stretch", "stretches")
        } else {
            format!(
                "{} of {}",
                s.stretches_done,
                plural(s.stretches, "stretch", "stretches")
            )
        };
        let parts = [format!("{} in all", clock(s.seconds)), count];
        let mut lines: Vec<Vec<Span<'static>>> = vec![vec![Span::styled(lead.clone(), t.strong)]];
        let mut used = width(&lead);
        for part in parts {
            if used + 3 + width(&part) <= width_ {
                used += 3 + width(&part);
                if let Some(line) = lines.last_mut() {
                    line.push(Span::styled(format!(" · {part}"), t.text));
                }
            } else {
                used = width(&part);
                lines.push(vec![Span::styled(truncate(&part, width_), t.text)]);
            }
        }
        if let Some(size) = r.size {
            rows.push(Row::Digits(size));
        }
        for spans in lines {
            let line = Line::from(spans);
            rows.push(Row::Text(if r.size.is_some() {
                line.centered()
            } else {
                line
            }));
        }
        if !s.areas.is_empty() {
            blank(&mut rows);
            // Every area is shown: with a bar, or named on the last row.
            let barred = if r.areas < s.areas.len() {
                r.areas.saturating_sub(1)
            } else {
                r.areas
            };
            let name_w = s
                .areas
                .iter()
                .take(barred)
                .map(|(a, _)| width(&a.to_string()))
                .max()
                .unwrap_or(0);
            let most = s.areas.first().map_or(1, |(_, secs)| *secs);
            let bar_room = width_.saturating_sub(name_w + 2 + 7).min(MAX_BAR);
            for (area, secs) in s.areas.iter().take(barred) {
                let cells = bar_cells(u64::from(*secs), u64::from(most), bar_room);
                rows.push(Row::Text(Line::from(vec![
                    Span::styled(format!("{:<name_w$}  ", area.to_string()), t.text),
                    Span::styled("▰".repeat(cells), t.gauge_fill),
                    Span::styled(
                        format!("{:>w$}", clock(*secs), w = bar_room - cells + 7),
                        t.dim,
                    ),
                ])));
            }
            let rest = &s.areas[barred..];
            if r.areas > 0 && !rest.is_empty() {
                let names: Vec<String> = rest.iter().map(|(a, _)| a.to_string()).collect();
                let more = format!("+{} more: {}", rest.len(), names.join(", "));
                rows.push(Row::Text(Line::styled(truncate(&more, width_), t.dim)));
            }
        }
        if !s.hurt.is_empty() {
            blank(&mut rows);
            let text = format!(
                "stopped because it hurt: {}; the builder leaves it out for 14 days",
                s.hurt.join(", ")
            );
            for l in wrap(&text, width_) {
                rows.push(Row::Text(Line::styled(l, t.alert)));
            }
        }
        if let Some(note) = &s.note {
            blank(&mut rows);
            for l in wrap(note, width_) {
                rows.push(Row::Text(Line::styled(l, t.text)));
            }
        }
        blank(&mut rows);
        rows.push(Row::Text(Line::from(vec![
            Span::styled("any key", t.key),
            Span::styled(" to leave", t.dim),
        ])));
        rows
    }
}

fn height(rows: &[Row]) -> u16 {
    rows.iter()
        .map(|r| match r {
            Row::Digits(size) => size.height(),
            _ => 1,
        })
        .sum()
}

impl Widget for &SummaryScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Some(area) = usable(area, buf, self.theme) else {
            return;
        };
        let t = self.theme;
        let box_w = area.width.saturating_sub(4).min(MAX_BOX_WIDTH);
        let inner_w = usize::from(box_w.saturating_sub(6));
        let time = clock(self.summary.stretching);
        let all = self.summary.areas.len();
        let probe = Rect::new(0, 0, inner_w as u16, u16::MAX);
        let big = digits::fit(&time, probe, digits::Size::Big);
        let small = digits::fit(&time, probe, digits::Size::Small);
        let rich = |size, blanks, areas, pad| Richness {
            size,
            blanks,
            areas,
            pad,
        };
        // The richest version that fits: losing the big digits, then the gaps, then the
        // padding, then area bars (the areas left are still named on one row).
        let mut candidates = vec![
            rich(big, true, all, 1),
            rich(small, true, all, 1),
            rich(None, true, all, 1),
            rich(None, false, all, 1),
        ];
        candidates.extend((0..=all).rev().map(|n| rich(None, false, n, 0)));
        // Padding inside the box, and a margin of the same around it.
        let needed = |rows: &[Row], pad: u16| height(rows) + 2 + 2 * pad + 2 * pad;
        let (rows, pad) = candidates
            .into_iter()
            .map(|r| (self.rows(r, inner_w), r.pad))
            .find(|(rows, pad)| needed(rows, *pad) <= area.height)
            .unwrap_or_else(|| (self.rows(rich(None, false, 0, 0), inner_w), 0));
        let box_h = (height(&rows) + 2 + 2 * pad).min(area.height);
        let popup = Rect::new(
            area.x + (area.width - box_w) / 2,
            area.y + (area.height - box_h) / 2,
            box_w,
            box_h,
        );
        let style = t.work;
        let title = format!("DONE · {}", self.summary.routine);
        let inner = boxed(popup, buf, &title, style, style.patch(t.strong));
        let content = Rect::new(
            inner.x + 2,
            inner.y + pad,
            inner.width.saturating_sub(4),
            inner.height.saturating_sub(2 * pad),
        );
        let mut y = content.y;
        for row in &rows {
            if y >= content.bottom() {
                break;
            }
            match row {
                Row::Blank => y += 1,
                Row::Digits(size) => {
                    let w = digits::width(&time, *size);
                    let x = content.x + content.width.saturating_sub(w) / 2;
                    BigText {
                        text: &time,
                        size: *size,
                        style: style.patch(t.strong),
                    }
                    .render(
                        Rect::new(
                            x,
                            y,
                            w.min(content.width),
                            size.height().min(content.bottom() - y),
                        ),
                        buf,
                    );
                    y += size.height();
                }
                Row::Text(line) => {
                    line.render(Rect::new(content.x, y, content.width, 1), buf);
                    y += 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::fixtures::{colourless, draw, session_at, text};
    use crate::yaml::Vocab;

    fn finished() -> Summary {
        let (s, now) = session_at(400.0);
        assert!(s.is_done());
        Summary::new(
            s.timeline(),
            &s.tally(now),
            Some("4-day streak · 38:10 this week"),
        )
    }

    #[test]
    fn counts_time_stretches_and_areas() {
        let s = finished();
        assert_eq!((s.seconds, s.stretches_done, s.stretches), (252, 3, 3));
        // Stretching is the work phases only: Knee-to-Chest 4 × 30 s, Cat-Cow 48 s, Bird
        // Dog 40 s; the other 44 s were getting ready, switching and resting.
        assert_eq!(s.stretching, 208);
        // Each second goes to the stretch's primary area, as in the history: they add up.
        assert_eq!(
            s.areas,
            vec![
                (Area::LowerBack, 120),
                (Area::UpperBack, 48),
                (Area::Core, 40),
            ]
        );
        assert_eq!(s.areas.iter().map(|a| a.1).sum::<u32>(), s.stretching);
        // A run stopped 12 s into the first hold has worked 12 s, on no whole stretch.
        let (run, now) = session_at(20.0);
        let early = Summary::new(run.timeline(), &run.tally(now), None);
        assert_eq!((early.seconds, early.stretches_done), (20, 0));
        assert_eq!(early.stretching, 12);
        assert_eq!(early.areas[0], (Area::LowerBack, 12));
    }

    #[test]
    fn the_summary_at_each_size() {
        let s = finished();
        for (w, h) in [(40, 12), (80, 24), (120, 40)] {
            let theme = Theme::new(true);
            let buf = draw(
                w,
                h,
                &SummaryScreen {
                    summary: &s,
                    theme: &theme,
                },
            );
            insta::assert_snapshot!(format!("summary_{w}x{h}"), text(&buf));
            let plain = Theme::new(false);
            let buf = draw(
                w,
                h,
                &SummaryScreen {
                    summary: &s,
                    theme: &plain,
                },
            );
            assert!(colourless(&buf));
        }
    }

    #[test]
    fn every_area_shows_or_is_named_on_a_last_row() {
        let mut s = finished();
        s.areas = Area::ALL
            .iter()
            .take(9)
            .enumerate()
            .map(|(i, a)| (*a, 100 - 10 * i as u32))
            .collect();
        let theme = Theme::new(true);
        let screen = SummaryScreen {
            summary: &s,
            theme: &theme,
        };
        let names = |shown: &str| {
            Area::ALL
                .iter()
                .take(9)
                .filter(|a| shown.contains(&a.to_string()))
                .count()
        };
        let wide = text(&draw(80, 40, &screen));
        assert_eq!(names(&wide), 9, "all nine with bars\n{wide}");
        assert!(!wide.contains("more"), "{wide}");
        let small = text(&draw(40, 12, &screen));
        insta::assert_snapshot!("summary_nine_areas_40x12", small);
        assert!(small.contains("more: "), "{small}");
        // At 80×24 the big digits make way for all nine bars.
        let short = text(&draw(80, 24, &screen));
        assert_eq!(names(&short), 9, "{short}");
        // However short the box, every area is still named, or counted in "+N more".
        for h in 8..24 {
            let shown = text(&draw(80, h, &screen));
            let more: usize = shown
                .lines()
                .find_map(|l| l.split('+').nth(1)?.split(' ').next()?.parse().ok())
                .unwrap_or(0);
            let bars = shown.lines().filter(|l| l.contains('▰')).count();
            if shown.contains("any key") && bars > 0 {
                assert_eq!(bars + more, 9, "80x{h}\n{shown}");
            }
        }
    }

    #[test]
    fn the_bars_are_drawn_from_seconds() {
        let mut s = finished();
        s.areas = vec![(Area::Hips, 56), (Area::Neck, 9)];
        let theme = Theme::new(true);
        let shown = text(&draw(
            80,
            24,
            &SummaryScreen {
                summary: &s,
                theme: &theme,
            },
        ));
        let cells = |name: &str| {
            let line = shown.lines().find(|l| l.contains(name)).unwrap();
            line.matches('▰').count()
        };
        assert_eq!(cells("hips"), 16);
        assert_eq!(cells("neck"), 3, "{shown}");
        assert!(shown.contains("0:09"), "{shown}");
    }

    #[test]
    fn draws_at_any_size_without_panicking() {
        let s = finished();
        let theme = Theme::new(true);
        let screen = SummaryScreen {
            summary: &s,
            theme: &theme,
        };
        for w in (0..=130).step_by(9).chain([39, 40, 41]) {
            for h in (0..=45).step_by(4).chain([11, 12, 13]) {
                draw(w, h, &screen);
            }
        }
        let mut buf = Buffer::empty(Rect::new(0, 0, 5, 5));
        (&screen).render(Rect::new(20, 20, 80, 24), &mut buf);
    }
}
