//! The terminal backend: the cells that changed since the last frame, in few bytes.
//!
//! ratatui's own crossterm backend moves the cursor to an absolute place before every run of
//! cells, sets every colour again after a change of style, ends each frame by resetting the
//! style and hiding the cursor again, and asks the terminal its size (opening `/dev/tty`) at
//! every frame. Here the style and the cursor carry over from one frame to the next, a short
//! hop along a row is a relative move, a style change sends only what changed in one
//! sequence, and the size is asked once and again only after a resize.

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};
use std::cell::Cell as Shared;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use unicode_width::UnicodeWidthStr;

/// Set when the terminal may have changed size (`SIGWINCH`); the next frame asks again.
static RESIZED: AtomicBool = AtomicBool::new(true);

/// Says that the terminal may have a new size: the next frame asks for it.
pub fn resized() {
    RESIZED.store(true, Ordering::SeqCst);
}

/// The style the terminal draws new text in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pen {
    fg: Color,
    bg: Color,
    modifier: Modifier,
}

impl Pen {
    const PLAIN: Pen = Pen {
        fg: Color::Reset,
        bg: Color::Reset,
        modifier: Modifier::empty(),
    };

    fn of(cell: &Cell) -> Pen {
        Pen {
            fg: cell.fg,
            bg: cell.bg,
            modifier: cell.modifier,
        }
    }
}

/// The SGR codes of the modifiers, in the order terminals number them.
const MODIFIERS: [(Modifier, u8); 9] = [
    (Modifier::BOLD, 1),
    (Modifier::DIM, 2),
    (Modifier::ITALIC, 3),
    (Modifier::UNDERLINED, 4),
    (Modifier::SLOW_BLINK, 5),
    (Modifier::RAPID_BLINK, 6),
    (Modifier::REVERSED, 7),
    (Modifier::HIDDEN, 8),
    (Modifier::CROSSED_OUT, 9),
];

/// A backend writing to `out`, one write per frame.
pub struct Lean<W: Write> {
    out: W,
    buf: Vec<u8>,
    /// The size last asked for; asked again after [`resized`].
    size: Shared<Size>,
    /// Where the terminal's cursor is, when we know.
    at: Option<(u16, u16)>,
    /// The terminal's current style, when we know.
    pen: Option<Pen>,
    /// Whether the cursor is hidden, when we know.
    hidden: Option<bool>,
    /// Asks the terminal its size (a test gives its own).
    ask_size: fn() -> io::Result<Size>,
}

fn terminal_size() -> io::Result<Size> {
    let (width, height) = ratatui::crossterm::terminal::size()?;
    Ok(Size { width, height })
}

impl<W: Write> Lean<W> {
    pub fn new(out: W) -> Self {
        Self::with_size(out, terminal_size)
    }

    fn with_size(out: W, ask_size: fn() -> io::Result<Size>) -> Self {
        Lean {
            out,
            buf: Vec::with_capacity(4096),
            size: Shared::new(Size::default()),
            at: None,
            pen: None,
            hidden: None,
            ask_size,
        }
    }

    /// Forgets what the terminal shows, where its cursor is and how it draws: after the
    /// process was stopped and continued, anything may have been written meanwhile.
    pub fn forget(&mut self) {
        self.at = None;
        self.pen = None;
        self.hidden = None;
        resized();
    }

    /// Moves the cursor to (x, y) the shortest way we know: an absolute move, or from where
    /// it is, down by line feeds (the terminal is raw: a line feed keeps the column) or
    /// `CSI n B`, up by `CSI n A`, then along the row by a carriage return, `CSI n C`,
    /// `CSI n D` or to a column by `CSI n G`.
    fn move_to(&mut self, x: u16, y: u16) {
        match self.at {
            Some(at) if at == (x, y) => return,
            Some(from) => {
                // The move from where the cursor is, kept when it is the shorter.
                let start = self.buf.len();
                self.move_relative(from, (x, y));
                if self.buf.len() - start < absolute_len(x, y) {
                    self.at = Some((x, y));
                    return;
                }
                self.buf.truncate(start);
            }
            None => {}
        }
        self.move_absolute(x, y);
    }

    /// Moves the cursor from `(ax, ay)` to `(x, y)` by relative moves: down or up, then
    /// along the row, each the shortest way.
    fn move_relative(&mut self, (ax, ay): (u16, u16), (x, y): (u16, u16)) {
        match y.cmp(&ay) {
            std::cmp::Ordering::Equal => {}
            std::cmp::Ordering::Greater if y - ay <= 3 => {
                self.buf
                    .extend(std::iter::repeat_n(b'\n', usize::from(y - ay)));
            }
            std::cmp::Ordering::Greater => self.csi(y - ay, b'B'),
            std::cmp::Ordering::Less => self.csi(ay - y, b'A'),
        }
        if x == ax {
        } else if x == 0 {
            self.buf.push(b'\r');
        } else if x > ax && csi_len(x - ax) <= csi_len(x + 1) {
            self.csi(x - ax, b'C');
        } else if x < ax && csi_len(ax - x) <= csi_len(x + 1) {
            self.csi(ax - x, b'D');
        } else {
            self.csi(x + 1, b'G');
        }
    }

    /// `CSI n` and the final byte, with n left out when it is 1.
    fn csi(&mut self, n: u16, end: u8) {
        self.buf.extend_from_slice(b"\x1b[");
        if n != 1 {
            let _ = write!(self.buf, "{n}");
        }
        self.buf.push(end);
    }

    fn move_absolute(&mut self, x: u16, y: u16) {
        if (x, y) == (0, 0) {
            self.buf.extend_from_slice(b"\x1b[H");
        } else if x == 0 {
            let _ = write!(self.buf, "\x1b[{}H", u32::from(y) + 1);
        } else {
            let _ = write!(self.buf, "\x1b[{};{}H", u32::from(y) + 1, u32::from(x) + 1);
        }
        self.at = Some((x, y));
    }

    /// Sets the style to `to`, sending only what changed, in one sequence.
    fn set_pen(&mut self, to: Pen) {
        if self.pen == Some(to) {
            return;
        }
        let mut codes: Vec<u16> = Vec::new();
        let from = match self.pen {
            // A modifier switched off: start again from plain (one code, where switching
            // each off has codes that clear two at once).
            Some(from) if from.modifier - to.modifier == Modifier::empty() => from,
            _ => {
                codes.push(0);
                Pen::PLAIN
            }
        };
        for (m, code) in MODIFIERS {
            if to.modifier.contains(m) && !from.modifier.contains(m) {
                codes.push(u16::from(code));
            }
        }
        if to.fg != from.fg {
            color_codes(to.fg, false, &mut codes);
        }
        if to.bg != from.bg {
            color_codes(to.bg, true, &mut codes);
        }
        self.buf.extend_from_slice(b"\x1b[");
        for (i, c) in codes.iter().enumerate() {
            if i > 0 {
                self.buf.push(b';');
            }
            let _ = write!(self.buf, "{c}");
        }
        self.buf.push(b'm');
        self.pen = Some(to);
    }
}

/// The digits of n.
fn digits(n: u32) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

/// The length of `CSI n` and its final byte, n left out when it is 1.
fn csi_len(n: u16) -> usize {
    if n == 1 { 3 } else { 3 + digits(n.into()) }
}

/// The length of an absolute move to (x, y).
fn absolute_len(x: u16, y: u16) -> usize {
    match (x, y) {
        (0, 0) => 3,
        (0, _) => 3 + digits(u32::from(y) + 1),
        _ => 4 + digits(u32::from(y) + 1) + digits(u32::from(x) + 1),
    }
}

/// The SGR codes of a colour, as foreground or background.
fn color_codes(color: Color, bg: bool, codes: &mut Vec<u16>) {
    let base: u16 = if bg { 40 } else { 30 };
    let basic = |n: u16| base + n;
    let bright = |n: u16| base + 60 + n;
    match color {
        Color::Reset => codes.push(base + 9),
        Color::Black => codes.push(basic(0)),
        Color::Red => codes.push(basic(1)),
        Color::Green => codes.push(basic(2)),
        Color::Yellow => codes.push(basic(3)),
        Color::Blue => codes.push(basic(4)),
        Color::Magenta => codes.push(basic(5)),
        Color::Cyan => codes.push(basic(6)),
        Color::Gray => codes.push(basic(7)),
        Color::DarkGray => codes.push(bright(0)),
        Color::LightRed => codes.push(bright(1)),
        Color::LightGreen => codes.push(bright(2)),
        Color::LightYellow => codes.push(bright(3)),
        Color::LightBlue => codes.push(bright(4)),
        Color::LightMagenta => codes.push(bright(5)),
        Color::LightCyan => codes.push(bright(6)),
        Color::White => codes.push(bright(7)),
        Color::Indexed(i) => codes.extend([base + 8, 5, u16::from(i)]),
        Color::Rgb(r, g, b) => {
            codes.extend([base + 8, 2, u16::from(r), u16::from(g), u16::from(b)]);
        }
    }
}

impl<W: Write> Write for Lean<W> {
    /// Text written past the backend (the bell) goes out with the next flush.
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(self)
    }
}

impl<W: Write> Backend for Lean<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        for (x, y, cell) in content {
            self.move_to(x, y);
            self.set_pen(Pen::of(cell));
            let symbol = cell.symbol();
            self.buf.extend_from_slice(symbol.as_bytes());
            // Where the terminal leaves the cursor: past the text, when terminals agree on
            // its width; after a symbol they draw one or two cells wide (⚠, ✓ and other
            // dingbats, an emoji selector), the next cell is reached by an absolute move.
            let width = u16::try_from(symbol.width()).unwrap_or(u16::MAX);
            let agreed = !symbol
                .chars()
                .any(|c| matches!(c, '\u{2600}'..='\u{27bf}' | '\u{fe0f}'));
            // Past the last column a terminal waits to wrap, with the cursor on that
            // column, and not all agree on where a relative move starts from there.
            let next = x.saturating_add(width);
            self.at = match width {
                1 | 2 if agreed && next < self.size.get().width => Some((next, y)),
                _ => None,
            };
        }
        Ok(())
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.hidden != Some(true) {
            self.buf.extend_from_slice(b"\x1b[?25l");
            self.hidden = Some(true);
        }
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.hidden != Some(false) {
            self.buf.extend_from_slice(b"\x1b[?25h");
            self.hidden = Some(false);
        }
        Ok(())
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Ok(self
            .at
            .map_or(Position::default(), |(x, y)| Position { x, y }))
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let p = position.into();
        self.at = None;
        self.move_to(p.x, p.y);
        Ok(())
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        // Cleared cells take the current background: clear with the plain one.
        if self.pen != Some(Pen::PLAIN) {
            self.buf.extend_from_slice(b"\x1b[0m");
            self.pen = Some(Pen::PLAIN);
        }
        self.buf.extend_from_slice(match clear_type {
            ClearType::All => b"\x1b[2J",
            ClearType::AfterCursor => b"\x1b[J",
            ClearType::BeforeCursor => b"\x1b[1J",
            ClearType::CurrentLine => b"\x1b[2K",
            ClearType::UntilNewLine => b"\x1b[K",
        });
        Ok(())
    }

    fn size(&self) -> io::Result<Size> {
        if RESIZED.swap(false, Ordering::SeqCst) || self.size.get() == Size::default() {
            self.size.set((self.ask_size)()?);
        }
        Ok(self.size.get())
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        let w = ratatui::crossterm::terminal::window_size()?;
        Ok(WindowSize {
            columns_rows: Size {
                width: w.columns,
                height: w.rows,
            },
            pixels: Size {
                width: w.width,
                height: w.height,
            },
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.buf.is_empty() {
            let written = self.out.write_all(&self.buf);
            self.buf.clear();
            if written.is_err() {
                // Part of it may have gone out: nothing is known of the terminal now.
                self.at = None;
                self.pen = None;
            }
            written?;
        }
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::style::Style;
    use ratatui::text::Line;
    use ratatui::widgets::Paragraph;

    #[allow(clippy::unnecessary_wraps)] // the shape of `ask_size`
    fn size_40x3() -> io::Result<Size> {
        Ok(Size {
            width: 40,
            height: 3,
        })
    }

    fn terminal() -> Terminal<Lean<Vec<u8>>> {
        Terminal::new(Lean::with_size(Vec::new(), size_40x3)).unwrap()
    }

    /// What a frame of these lines writes, after the frames before it.
    fn frame(t: &mut Terminal<Lean<Vec<u8>>>, lines: &[Line<'static>]) -> String {
        t.backend_mut().out.clear();
        t.draw(|f| f.render_widget(Paragraph::new(lines.to_vec()), f.area()))
            .unwrap();
        String::from_utf8(t.backend().out.clone()).unwrap()
    }

    #[test]
    fn a_changed_cell_costs_a_move_and_its_text_and_nothing_after() {
        let mut t = terminal();
        frame(&mut t, &[Line::from("hold 0:30")]);
        // One digit changes: a move there (two cells back from where the cursor was left)
        // and the digit; no style reset, no cursor hide.
        assert_eq!(frame(&mut t, &[Line::from("hold 0:29")]), "\x1b[2D29");
        // Nothing changes: nothing is written.
        assert_eq!(frame(&mut t, &[Line::from("hold 0:29")]), "");
    }

    #[test]
    fn a_short_hop_along_a_row_is_relative() {
        let mut t = terminal();
        frame(&mut t, &[Line::from("a b c d")]);
        assert_eq!(frame(&mut t, &[Line::from("x b y d")]), "\rx\x1b[3Cy");
        // The next row's first cell: a line feed (raw: it keeps the column) and a return.
        assert_eq!(
            frame(&mut t, &[Line::from("x b y d"), Line::from("q")]),
            "\n\rq"
        );
    }

    #[test]
    fn only_what_changed_in_the_style_is_sent_and_it_carries_over_frames() {
        let mut t = terminal();
        let bold = Style::new().bold();
        let first = frame(&mut t, &[Line::styled("AB", bold.fg(Color::Yellow))]);
        // Only the cells that differ from the blank screen, and the cursor hidden once.
        assert_eq!(first, "\x1b[H\x1b[0;1;33mAB\x1b[?25l");
        // The style carried over from the last frame: none is sent.
        assert_eq!(
            frame(&mut t, &[Line::styled("AC", bold.fg(Color::Yellow))]),
            "\x1b[DC"
        );
        // Only the colour changes: only the colour is sent; the bold carried over.
        assert_eq!(
            frame(&mut t, &[Line::styled("AC", bold.fg(Color::Indexed(208)))]),
            "\r\x1b[38;5;208mAC"
        );
        // A modifier goes: start from plain, in the same sequence.
        assert_eq!(
            frame(
                &mut t,
                &[Line::styled("AC", Style::new().fg(Color::Indexed(208)))]
            ),
            "\r\x1b[0;38;5;208mAC"
        );
    }

    #[test]
    fn clearing_uses_the_plain_background_and_the_size_is_asked_once() {
        let mut backend = Lean::with_size(Vec::new(), size_40x3);
        backend.set_pen(Pen {
            fg: Color::Reset,
            bg: Color::Blue,
            modifier: Modifier::empty(),
        });
        backend.clear().unwrap();
        Backend::flush(&mut backend).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&backend.out),
            "\x1b[0;44m\x1b[0m\x1b[2J"
        );
        assert_eq!(backend.size().unwrap(), size_40x3().unwrap());
    }

    #[test]
    fn wide_text_moves_the_cursor_by_its_width() {
        let mut t = terminal();
        frame(&mut t, &[Line::from("界x")]);
        // After the wide character the cursor is two cells on: "y" needs no move.
        assert_eq!(frame(&mut t, &[Line::from("界y")]), "\x1b[Dy");
        assert_eq!(frame(&mut t, &[Line::from("世y")]), "\r世");
    }

    #[test]
    fn after_a_symbol_of_disputed_width_the_next_move_is_absolute() {
        let mut t = terminal();
        frame(&mut t, &[Line::from("⚠ a")]);
        // After "a" the cursor is known again.
        assert_eq!(frame(&mut t, &[Line::from("⚠ b")]), "\x1b[Db");
        assert_eq!(frame(&mut t, &[Line::from("✓ c")]), "\r✓\x1b[1;3Hc");
    }

    #[test]
    fn a_move_to_another_row_is_the_shortest_of_the_ways_there() {
        let mut t = terminal();
        frame(&mut t, &[Line::from("abcdefgh"), Line::from("")]);
        // Below, in the same column: a line feed only.
        assert_eq!(
            frame(&mut t, &[Line::from("abcdefgh"), Line::from("        x")]),
            "\nx"
        );
        // Below and back: a line feed and a step back.
        assert_eq!(
            frame(&mut t, &[Line::from("abcdefgh"), Line::from("      y x")]),
            "\x1b[3Dy"
        );
        // Above: up only.
        assert_eq!(
            frame(&mut t, &[Line::from("abcdefgz"), Line::from("      y x")]),
            "\x1b[Az"
        );
        // Below and on: a line feed, then along.
        assert_eq!(
            frame(&mut t, &[Line::from("abcdefgz"), Line::from("      y xv")]),
            "\n\x1b[Cv"
        );
        // Up and ten on is no shorter than the absolute move; far back along a row, to
        // the column is shorter than counting the cells.
        let far = format!("abcdefgz{}k", " ".repeat(12));
        assert_eq!(
            frame(&mut t, &[Line::from(far), Line::from("      y xv")]),
            "\x1b[1;21Hk"
        );
        let back = format!("abXdefgz{}k", " ".repeat(12));
        assert_eq!(
            frame(&mut t, &[Line::from(back), Line::from("      y xv")]),
            "\x1b[3GX"
        );
    }

    #[test]
    fn after_the_last_column_the_next_move_is_absolute() {
        let mut t = terminal();
        let full = "x".repeat(40);
        frame(&mut t, &[Line::from(full.clone())]);
        // The cursor waits to wrap on the last column: where it is, is not agreed on.
        assert_eq!(
            frame(&mut t, &[Line::from(full), Line::from("q")]),
            "\x1b[2Hq"
        );
    }
}
