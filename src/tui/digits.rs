//! Big block digits for the countdown: one 3×5 pixel font for `0`–`9` and `:`, drawn at
//! four sizes.
//!
//! ```text
//! Big (5 rows)          Small (3 rows)   Huge (10 rows) and Giant (15): Big, scaled
//! ██████    ██████      █▀█ ▄ ▀▀█
//! ██  ██  ██    ██      █ █ ▄ █▀▀
//! ██  ██    ██████      ▀▀▀   ▀▀▀
//! ██  ██  ████
//! ██████    ██████
//! ```
//!
//! Any other character (a stray letter, say) is drawn as a blank glyph, so nothing panics.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

/// How big to draw the digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Size {
    /// 3 rows: two pixel rows per cell row, with half blocks.
    Small,
    /// 5 rows: one pixel per row, two cells wide.
    Big,
    /// 10 rows: two rows and four cells per pixel.
    Huge,
    /// 15 rows: three rows and six cells per pixel.
    Giant,
}

impl Size {
    /// Rows the digits take.
    pub fn height(self) -> u16 {
        match self {
            Size::Small => 3,
            Size::Big => 5,
            Size::Huge => 10,
            Size::Giant => 15,
        }
    }

    /// Cells per pixel across, and rows per pixel down (Small packs two pixels per row).
    fn pixel(self) -> (u16, u16) {
        match self {
            Size::Small | Size::Big => (if self == Size::Small { 1 } else { 2 }, 1),
            Size::Huge => (4, 2),
            Size::Giant => (6, 3),
        }
    }

    /// Blank cells between two glyphs.
    fn gap(self) -> u16 {
        match self {
            Size::Small => 1,
            Size::Big => 2,
            Size::Huge => 3,
            Size::Giant => 4,
        }
    }
}

/// A glyph: 5 rows of pixel bits, the leftmost pixel in the highest used bit.
struct Glyph {
    width: u16,
    rows: [u8; 5],
}

const fn digit(rows: [u8; 5]) -> Glyph {
    Glyph { width: 3, rows }
}

const DIGITS: [Glyph; 10] = [
    digit([0b111, 0b101, 0b101, 0b101, 0b111]),
    digit([0b010, 0b110, 0b010, 0b010, 0b111]),
    digit([0b111, 0b001, 0b111, 0b100, 0b111]),
    digit([0b111, 0b001, 0b011, 0b001, 0b111]),
    digit([0b101, 0b101, 0b111, 0b001, 0b001]),
    digit([0b111, 0b100, 0b111, 0b001, 0b111]),
    digit([0b111, 0b100, 0b111, 0b101, 0b111]),
    digit([0b111, 0b001, 0b001, 0b010, 0b010]),
    digit([0b111, 0b101, 0b111, 0b101, 0b111]),
    digit([0b111, 0b101, 0b111, 0b001, 0b111]),
];

const COLON: Glyph = Glyph {
    width: 1,
    rows: [0, 1, 0, 1, 0],
};

const BLANK: Glyph = Glyph {
    width: 3,
    rows: [0; 5],
};

fn glyph(c: char) -> &'static Glyph {
    match c {
        ':' => &COLON,
        '0'..='9' => &DIGITS[(c as u8 - b'0') as usize],
        _ => &BLANK,
    }
}

impl Glyph {
    fn on(&self, x: u16, y: usize) -> bool {
        y < 5 && x < self.width && self.rows[y] >> (self.width - 1 - x) & 1 == 1
    }
}

/// Cells `text` takes across at `size`.
pub fn width(text: &str, size: Size) -> u16 {
    let (px, _) = size.pixel();
    let mut w: u16 = 0;
    for (i, c) in text.chars().enumerate() {
        if i > 0 {
            w = w.saturating_add(size.gap());
        }
        w = w.saturating_add(glyph(c).width.saturating_mul(px));
    }
    w
}

/// The largest size, at most `max`, at which `text` fits in `area`.
pub fn fit(text: &str, area: Rect, max: Size) -> Option<Size> {
    [Size::Giant, Size::Huge, Size::Big, Size::Small]
        .into_iter()
        .filter(|s| *s <= max)
        .find(|s| width(text, *s) <= area.width && s.height() <= area.height)
}

/// Big digits drawn from the top-left corner of the area, clipped to it.
#[derive(Debug, Clone, Copy)]
pub struct BigText<'a> {
    pub text: &'a str,
    pub size: Size,
    pub style: Style,
}

impl Widget for BigText<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let (px, py) = self.size.pixel();
        let mut x0 = area.x;
        for (i, c) in self.text.chars().enumerate() {
            if i > 0 {
                x0 = x0.saturating_add(self.size.gap());
            }
            let g = glyph(c);
            for gx in 0..g.width {
                for row in 0..self.size.height() {
                    let symbol = if self.size == Size::Small {
                        let top = g.on(gx, usize::from(row) * 2);
                        let bottom = g.on(gx, usize::from(row) * 2 + 1);
                        match (top, bottom) {
                            (true, true) => "█",
                            (true, false) => "▀",
                            (false, true) => "▄",
                            (false, false) => " ",
                        }
                    } else if g.on(gx, usize::from(row / py)) {
                        "█"
                    } else {
                        " "
                    };
                    for dx in 0..px {
                        let x = x0.saturating_add(gx * px + dx);
                        let y = area.y.saturating_add(row);
                        if x < area.right() && y < area.bottom() {
                            buf[(x, y)].set_symbol(symbol).set_style(self.style);
                        }
                    }
                }
            }
            x0 = x0.saturating_add(g.width * px);
            if x0 >= area.right() {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draw(text: &str, size: Size) -> String {
        let area = Rect::new(0, 0, width(text, size), size.height());
        let mut buf = Buffer::empty(area);
        BigText {
            text,
            size,
            style: Style::new(),
        }
        .render(area, &mut buf);
        (0..area.height)
            .map(|y| {
                (0..area.width)
                    .map(|x| buf[(x, y)].symbol())
                    .collect::<String>()
                    .trim_end()
                    .to_string()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn the_font_at_each_size() {
        insta::assert_snapshot!("big", draw("0123456789", Size::Big));
        insta::assert_snapshot!("small", draw("0123456789", Size::Small));
        insta::assert_snapshot!("clock_big", draw("1:05", Size::Big));
        insta::assert_snapshot!("clock_small", draw("1:05", Size::Small));
        insta::assert_snapshot!("clock_huge", draw("1:05", Size::Huge));
        assert_eq!(width("1:05", Size::Huge), 12 * 3 + 4 + 3 * 3);
        assert_eq!(width("1:05", Size::Big), 6 * 3 + 2 + 2 * 3);
        assert_eq!(width("1:05", Size::Small), 3 * 3 + 1 + 3);
    }

    #[test]
    fn fits_the_largest_size_that_fits() {
        let t = "0:24";
        assert_eq!(
            fit(t, Rect::new(0, 0, 80, 20), Size::Giant),
            Some(Size::Giant)
        );
        assert_eq!(
            fit(t, Rect::new(0, 0, 80, 14), Size::Giant),
            Some(Size::Huge)
        );
        assert_eq!(fit(t, Rect::new(0, 0, 80, 20), Size::Big), Some(Size::Big));
        assert_eq!(
            fit(t, Rect::new(0, 0, 80, 4), Size::Huge),
            Some(Size::Small)
        );
        assert_eq!(fit(t, Rect::new(0, 0, 10, 4), Size::Huge), None);
    }

    #[test]
    fn never_draws_outside_its_area() {
        for (w, h) in [(0, 0), (1, 1), (5, 2), (7, 5)] {
            let area = Rect::new(0, 0, w, h);
            let mut buf = Buffer::empty(area);
            for size in [Size::Small, Size::Big, Size::Huge, Size::Giant] {
                BigText {
                    text: "12:34x",
                    size,
                    style: Style::new(),
                }
                .render(area, &mut buf);
            }
        }
        // An area past the buffer's edge is clipped too.
        let mut buf = Buffer::empty(Rect::new(0, 0, 4, 4));
        BigText {
            text: "88",
            size: Size::Huge,
            style: Style::new(),
        }
        .render(Rect::new(2, 2, 40, 40), &mut buf);
    }
}
