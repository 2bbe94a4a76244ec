//! The safety guidance, shown once before the first routine on the full screen: read it,
//! scroll it, then start (or go back). The countdown does not begin until it is closed.

use super::keys;
use super::theme::Theme;
use super::widgets::{boxed, keys_footer, usable};
use crate::timeline::Timeline;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

/// A run waiting behind the guidance.
#[derive(Debug)]
pub struct Pending {
    pub timeline: Timeline,
    /// A line for the countdown's footer (what the conditions changed).
    pub told: Option<String>,
    /// Lines scrolled.
    pub scroll: usize,
}

impl Pending {
    /// Scrolls by `rows`, up when negative.
    pub fn scroll_by(&mut self, rows: isize) {
        self.scroll = self.scroll.saturating_add_signed(rows);
    }
}

/// The guidance screen.
pub struct SafetyScreen<'a> {
    pub pending: &'a Pending,
    pub theme: &'a Theme,
}

impl Widget for &SafetyScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Some(area) = usable(area, buf, self.theme) else {
            return;
        };
        let t = self.theme;
        let body = Rect::new(area.x, area.y, area.width, area.height.saturating_sub(1));
        let inner = boxed(
            body,
            buf,
            "before you start: stretching safely",
            t.alert,
            t.strong,
        );
        let width = usize::from(inner.width.saturating_sub(2));
        let text = crate::safety::text(width);
        let lines: Vec<&str> = text.lines().collect();
        let rows = usize::from(inner.height);
        let scroll = self.pending.scroll.min(lines.len().saturating_sub(rows));
        for (i, line) in lines.iter().skip(scroll).take(rows).enumerate() {
            Line::styled(format!(" {line}"), t.text)
                .render(Rect::new(inner.x, inner.y + i as u16, inner.width, 1), buf);
        }
        let footer = Rect::new(area.x, area.bottom() - 1, area.width, 1);
        let more = scroll + rows < lines.len();
        keys_footer(&keys::hints(keys::SAFETY), footer.width, true, t, |h| {
            if h.key == "↓" && !more { "" } else { h.word }
        })
        .render(footer, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::Gaps;
    use crate::tui::fixtures::{draw, text};

    #[test]
    fn the_guidance_shows_its_warning_signs_and_scrolls() {
        let mut pending = Pending {
            timeline: Timeline::from_steps("x", Vec::new(), Gaps::default()),
            told: None,
            scroll: 0,
        };
        let theme = Theme::new(false);
        let top = text(&draw(
            80,
            24,
            &SafetyScreen {
                pending: &pending,
                theme: &theme,
            },
        ));
        assert!(top.contains("before you start"), "{top}");
        assert!(top.contains("enter start"), "{top}");
        insta::assert_snapshot!("safety_80x24", top);
        pending.scroll_by(100);
        let end = text(&draw(
            80,
            24,
            &SafetyScreen {
                pending: &pending,
                theme: &theme,
            },
        ));
        assert_ne!(top, end);
        let tall = text(&draw(
            100,
            60,
            &SafetyScreen {
                pending: &pending,
                theme: &theme,
            },
        ));
        for line in crate::safety::text(96)
            .lines()
            .filter(|l| !l.trim().is_empty())
        {
            assert!(tall.contains(line.trim()), "{line:?} missing:\n{tall}");
        }
        for (w, h) in [(1, 1), (40, 12), (39, 11), (200, 60)] {
            draw(
                w,
                h,
                &SafetyScreen {
                    pending: &pending,
                    theme: &theme,
                },
            );
        }
    }
}
