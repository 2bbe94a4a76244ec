//! The help overlay: every key of the countdown, in a box over the middle of the screen.

use super::theme::Theme;
use super::widgets::{boxed, popup};
use crate::text::truncate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// The help box, centred in the area it is given.
#[derive(Debug, Clone, Copy)]
pub struct Help<'a> {
    pub theme: &'a Theme,
}

impl Widget for Help<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let keys = super::keys::countdown_help();
        keys_box(area, buf, self.theme, "keys", &keys, "esc or ? closes");
    }
}

/// A box centred in `area` listing keys and what they do, with a closing hint at the
/// bottom when there is room; every screen's help.
pub fn keys_box(
    area: Rect,
    buf: &mut Buffer,
    t: &Theme,
    title: &str,
    keys: &[(&str, &str)],
    footer: &str,
) {
    let area = area.intersection(buf.area);
    if area.width < 3 || area.height < 3 {
        return;
    }
    let key_w = keys
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let text_w = keys
        .iter()
        .map(|(_, w)| w.chars().count())
        .max()
        .unwrap_or(0);
    let want_w = (1 + key_w + 3 + text_w + 1 + 2) as u16;
    let want_h = keys.len() as u16 + 4;
    let popup = popup(area, buf, want_w, want_h);
    let inner = boxed(popup, buf, title, t.key, t.strong);
    let room = usize::from(inner.width.saturating_sub(1));
    let rows = usize::from(inner.height);
    // The keys first; the closing hint takes the last row when there is room.
    let key_rows = if rows > keys.len() + 1 {
        keys.len()
    } else {
        rows.saturating_sub(1)
    };
    for (i, (key, words)) in keys.iter().take(key_rows).enumerate() {
        let key_part = format!(" {key:<key_w$}   ");
        let words_part = truncate(words, room.saturating_sub(key_part.chars().count()));
        Line::from(vec![
            Span::styled(key_part, t.key),
            Span::styled(words_part, t.text),
        ])
        .render(Rect::new(inner.x, inner.y + i as u16, inner.width, 1), buf);
    }
    if rows > key_rows {
        Line::styled(truncate(footer, room), t.dim)
            .centered()
            .render(Rect::new(inner.x, inner.bottom() - 1, inner.width, 1), buf);
    }
}
