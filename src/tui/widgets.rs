//! The small drawing helpers every screen shares: the titled box, the centred popup, and
//! the "terminal too small" notice with the size below which screens do not draw.

use super::theme::Theme;
use crate::text::{truncate, width, wrap};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Widget};

/// The smallest terminal the countdown draws in.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

/// A rounded box with its title set into the top border (`╭─ TITLE ───╮`); returns the
/// area inside.
pub fn boxed(area: Rect, buf: &mut Buffer, title: &str, border: Style, title_style: Style) -> Rect {
    let area = area.intersection(buf.area);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(border);
    let inner = block.inner(area);
    block.render(area, buf);
    if area.width > 6 && !title.is_empty() {
        let title = truncate(title, usize::from(area.width - 6));
        Line::from(vec![
            Span::styled(" ", border),
            Span::styled(title, title_style),
            Span::styled(" ", border),
        ])
        .render(Rect::new(area.x + 2, area.y, area.width - 4, 1), buf);
    }
    inner
}

/// The area a screen may draw in: `None` when it is empty, or (after saying so) when it
/// is below the smallest terminal the screens draw in.
pub fn usable(area: Rect, buf: &mut Buffer, theme: &Theme) -> Option<Rect> {
    usable_saying(area, buf, theme, None)
}

/// As [`usable`], with a word more for the too-small notice (`countdown paused`).
pub fn usable_saying(
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
    more: Option<&str>,
) -> Option<Rect> {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return None;
    }
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(area, buf, theme, more);
        return None;
    }
    Some(area)
}

/// A `w`×`h` box centred in `area` (no bigger than it), cleared: where popups go.
pub fn popup(area: Rect, buf: &mut Buffer, w: u16, h: u16) -> Rect {
    let (w, h) = (w.min(area.width), h.min(area.height));
    let popup = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    Clear.render(popup, buf);
    popup
}

/// Centred, saying how big the terminal must be: one line when it fits, else a few.
pub fn too_small(area: Rect, buf: &mut Buffer, theme: &Theme, more: Option<&str>) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    let size = format!("(now {}×{})", area.width, area.height);
    let mut chunks = vec![
        "terminal too small —".to_string(),
        format!("{MIN_WIDTH}×{MIN_HEIGHT} needed"),
        size,
    ];
    chunks.extend(more.map(|m| format!("· {m}")));
    let max = usize::from(area.width);
    let mut lines: Vec<String> = Vec::new();
    for chunk in chunks {
        match lines.last_mut() {
            Some(last) if width(last) + 1 + width(&chunk) <= max => {
                last.push(' ');
                last.push_str(&chunk);
            }
            _ => lines.extend(wrap(&chunk, max)),
        }
    }
    let rows = (lines.len() as u16).min(area.height);
    let y = area.y + (area.height - rows) / 2;
    for (i, l) in lines.iter().take(usize::from(rows)).enumerate() {
        Line::styled(l.as_str(), theme.strong)
            .centered()
            .render(Rect::new(area.x, y + i as u16, area.width, 1), buf);
    }
}

/// A footer of keys from a mode's table ([`super::keys::hints`]), made to fit `width`:
/// every key with its word first; then without the spare words; then with the short key
/// names; then without the words, last first; then without the keys, last first. `word`
/// may put another word for a key (`resume` for `pause` while paused).
pub fn keys_footer(
    hints: &[super::keys::Hint],
    width: u16,
    wide: bool,
    t: &Theme,
    word: impl Fn(&super::keys::Hint) -> &'static str,
) -> Line<'static> {
    let sep = if wide { "   " } else { "  " };
    let room = usize::from(width).saturating_sub(1);
    let build = |short: bool, words: &[bool], items: &[super::keys::Hint]| -> Line<'static> {
        let mut spans = vec![Span::raw(" ")];
        for (i, h) in items.iter().enumerate() {
            if i > 0 {
                spans.push(Span::raw(sep));
            }
            let key = if short { h.short } else { h.key };
            spans.push(Span::styled(key.to_string(), t.key));
            let w = word(h);
            if words[i] && !w.is_empty() {
                spans.push(Span::styled(format!(" {w}"), t.dim));
            }
        }
        Line::from(spans)
    };
    let all = vec![true; hints.len()];
    let unspared: Vec<bool> = hints.iter().map(|h| !h.spare).collect();
    for (short, words) in [(false, &all), (false, &unspared), (true, &unspared)] {
        let line = build(short, words, hints);
        if line.width() <= room {
            return line;
        }
    }
    let mut words = unspared;
    for i in (0..hints.len()).rev() {
        words[i] = false;
        let line = build(true, &words, hints);
        if line.width() <= room {
            return line;
        }
    }
    let mut n = hints.len();
    while n > 0 && build(true, &words, &hints[..n]).width() > room {
        n -= 1;
    }
    build(true, &words, &hints[..n])
}

/// A footer line that tells the user something (a saved file, a problem) instead of keys.
pub fn notice_line(text: &str, width: u16, t: &Theme) -> Line<'static> {
    Line::from(Span::styled(
        format!(" {}", truncate(text, usize::from(width).saturating_sub(1))),
        t.alert,
    ))
}
