//! The summary after the last phase: time stretched, stretches done, areas worked, and a
//! note from the caller (the streak); any key leaves.

use super::digits::{self, BigText};
use super::theme::Theme;
use super::widgets::{boxed, usable};
use crate::library::{Area, clock};
use crate::session::Tally;
use crate::text::{truncate, width, wrap};
use crate::timeline::Timeline;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// The most areas listed.
const MAX_AREAS: usize = 6;
/// The longest area bar, in cells.
const MAX_BAR: usize = 16;
/// The widest the summary box gets.
const MAX_BOX_WIDTH: u16 = 64;

/// What a finished run amounted to, ready to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub routine: String,
    /// Active seconds, pauses excluded.
    pub seconds: u32,
    pub stretches_done: usize,
    pub stretches: usize,
    /// Each area worked with the seconds of work on it, most first.
    pub areas: Vec<(Area, u32)>,
    /// The names of the stretches stopped because they hurt.
    pub hurt: Vec<String>,
    pub note: Option<String>,
}

impl Summary {
    pub fn new(timeline: &Timeline, tally: &Tally, note: Option<&str>) -> Self {
        // Each step's work as actually done, shared by every area the stretch works.
        let mut areas: Vec<(Area, u32)> = Vec::new();
        for (step, work) in timeline.steps.iter().zip(&tally.work_by_step) {
            let secs = work.as_secs() as u32;
            if secs == 0 {
                continue;
            }
            for area in &step.stretch.areas {
                match areas.iter_mut().find(|(a, _)| a == area) {
                    Some((_, total)) => *total += secs,
                    None => areas.push((*area, secs)),
                }
            }
        }
        // Most worked first; ties keep the routine's order.
        areas.sort_by_key(|(_, secs)| std::cmp::Reverse(*secs));
        Summary {
            routine: timeline.name.clone(),
            seconds: tally.active.as_secs() as u32,
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

impl SummaryScreen<'_> {
    /// The rows with the given richness, for a box `width` cells wide inside.
    fn rows(
        &self,
        size: Option<digits::Size>,
        blanks: bool,
        areas: usize,
        width_: usize,
    ) -> Vec<Row> {
        let s = self.summary;
        let t = self.theme;
        let mut rows = Vec::new();
        let blank = |rows: &mut Vec<Row>| {
            if blanks {
                rows.push(Row::Blank);
            }
        };
        let time = clock(s.seconds);
        let mut count = format!("{} of {} stretches", s.stretches_done, s.stretches);
        if size.is_none() && time.len() + 13 + count.len() > width_ {
            count = format!("{}/{} stretches", s.stretches_done, s.stretches);
        }
        if let Some(size) = size {
            rows.push(Row::Digits(size));
            rows.push(Row::Text(
                Line::from(vec![
                    Span::styled("stretched", t.strong),
                    Span::styled(format!(" · {count}"), t.text),
                ])
                .centered(),
            ));
        } else {
            rows.push(Row::Text(Line::from(vec![
                Span::styled(format!("{time} stretched"), t.strong),
                Span::styled(
                    truncate(
                        &format!(" · {count}"),
                        width_.saturating_sub(time.len() + 10),
                    ),
                    t.text,
                ),
            ])));
        }
        if areas > 0 {
            blank(&mut rows);
            let name_w = s
                .areas
                .iter()
                .take(areas)
                .map(|(a, _)| width(&a.to_string()))
                .max()
                .unwrap_or(0);
            let most = s.areas.first().map_or(1, |(_, secs)| (*secs).max(1));
            let bar_room = width_.saturating_sub(name_w + 2 + 6).min(MAX_BAR);
            for (area, secs) in s.areas.iter().take(areas) {
                let cells =
                    ((*secs as usize * bar_room).div_ceil(most as usize)).clamp(1, bar_room.max(1));
                rows.push(Row::Text(Line::from(vec![
                    Span::styled(format!("{:<name_w$}  ", area.to_string()), t.text),
                    Span::styled("▰".repeat(cells.min(bar_room)), t.gauge_fill),
                    Span::styled(
                        format!(
                            "{:>w$}",
                            clock(*secs),
                            w = bar_room - cells.min(bar_room) + 6
                        ),
                        t.dim,
                    ),
                ])));
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
        let max_h = area.height.saturating_sub(2);
        let time = clock(self.summary.seconds);
        let all = self.summary.areas.len().min(MAX_AREAS);
        let probe = Rect::new(0, 0, inner_w as u16, u16::MAX);
        let big = digits::fit(&time, probe, digits::Size::Big);
        let small = digits::fit(&time, probe, digits::Size::Small);
        // The richest version that fits, losing the big digits, then the gaps, then areas.
        let mut candidates = vec![(big, true, all), (small, true, all), (None, true, all)];
        candidates.extend((0..=all).rev().map(|n| (None, false, n)));
        let rows = candidates
            .into_iter()
            .map(|(size, blanks, areas)| self.rows(size, blanks, areas, inner_w))
            .find(|rows| height(rows) + 4 <= max_h)
            .unwrap_or_else(|| self.rows(None, false, 0, inner_w));
        let box_h = (height(&rows) + 4).min(max_h);
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
            inner.y + 1,
            inner.width.saturating_sub(4),
            inner.height.saturating_sub(2),
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

    fn finished() -> Summary {
        let (s, now) = session_at(400.0);
        assert!(s.is_done());
        Summary::new(
            s.timeline(),
            &s.tally(now),
            Some("streak 4 days · 38 min this week"),
        )
    }

    #[test]
    fn counts_time_stretches_and_areas() {
        let s = finished();
        assert_eq!((s.seconds, s.stretches_done, s.stretches), (252, 3, 3));
        // Knee-to-Chest 4 × 30 s, Cat-Cow 48 s, Bird Dog 40 s.
        assert_eq!(
            s.areas,
            vec![
                (Area::LowerBack, 208),
                (Area::Glutes, 160),
                (Area::Hips, 120),
                (Area::Core, 88),
                (Area::UpperBack, 48),
            ]
        );
        // A run stopped 12 s into the first hold has worked 12 s, on no whole stretch.
        let (run, now) = session_at(20.0);
        let early = Summary::new(run.timeline(), &run.tally(now), None);
        assert_eq!((early.seconds, early.stretches_done), (20, 0));
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
