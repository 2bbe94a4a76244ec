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
    let (key_w, text_w) = widths(keys);
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

/// A help box that always fits: each key's words wrapped to the room there is, the
/// lines from `first` on (clamped), and the bottom row saying whether there is more.
/// For the screens whose keys outgrow a small terminal. Returns the furthest it can
/// scroll at this size.
pub fn keys_box_scrolled(
    area: Rect,
    buf: &mut Buffer,
    t: &Theme,
    title: &str,
    keys: &[(&str, &str)],
    first: usize,
) -> usize {
    let area = area.intersection(buf.area);
    if area.width < 12 || area.height < 4 {
        return 0;
    }
    let (key_w, text_w) = widths(keys);
    let want_w = (1 + key_w + 3 + text_w + 1 + 2) as u16;
    let box_w = want_w.min(area.width);
    let words_w = usize::from(box_w.saturating_sub(2))
        .saturating_sub(1 + key_w + 3 + 1)
        .max(8);
    let lines = help_lines(keys, words_w);
    let box_h = (lines.len() as u16 + 3).min(area.height);
    let popup = popup(area, buf, box_w, box_h);
    let inner = boxed(popup, buf, title, t.key, t.strong);
    let rows = usize::from(inner.height.saturating_sub(1));
    let furthest = lines.len().saturating_sub(rows);
    let first = first.min(furthest);
    for (i, (key, words)) in lines.iter().skip(first).take(rows).enumerate() {
        Line::from(vec![
            Span::styled(format!(" {key:<key_w$}   "), t.key),
            Span::styled(words.clone(), t.text),
        ])
        .render(Rect::new(inner.x, inner.y + i as u16, inner.width, 1), buf);
    }
    let more = first + rows < lines.len();
    let footer = match (first > 0, more) {
        (false, false) => "any key closes",
        (false, true) => "↓ more · any other key closes",
        (true, true) => "↓ ↑ scroll · any other key closes",
        (true, false) => "↑ back · any other key closes",
    };
    let room = usize::from(inner.width.saturating_sub(1));
    Line::styled(truncate(footer, room), t.dim)
        .centered()
        .render(Rect::new(inner.x, inner.bottom() - 1, inner.width, 1), buf);
    furthest
}

/// The help's rows with the words wrapped to `width`: the key on the first line of each.
pub fn help_lines(keys: &[(&str, &str)], width: usize) -> Vec<(String, String)> {
    let mut lines = Vec::new();
    for (key, words) in keys {
        for (i, l) in crate::text::wrap(words, width).into_iter().enumerate() {
            lines.push((
                if i == 0 {
                    (*key).to_string()
                } else {
                    String::new()
                },
                l,
            ));
        }
    }
    lines
}

/// The widest key and the widest words of a help table, in characters.
fn widths(keys: &[(&str, &str)]) -> (usize, usize) {
    let key = keys.iter().map(|(k, _)| k.chars().count()).max();
    let words = keys.iter().map(|(_, w)| w.chars().count()).max();
    (key.unwrap_or(0), words.unwrap_or(0))
}
