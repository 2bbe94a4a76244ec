//! The countdown screen, drawn from a [`View`] and a few flags, never from the clock.
//!
//! ```text
//!  supple · lower-back                              3/8   6:12 left  ▰▰▰▰▰▱▱▱▱▱   title row
//! ╭─ HOLD · left side · set 1/2 ───────────────────────────────────────────────╮ frame, kind colour
//! │  Knee-to-Chest                                       lower-back · glutes    │ header
//! │              ██████    ██████  ██████                                       │
//! │              ██  ██  ██    ██  ██  ██     LEFT SIDE                         │ digits + panel
//! │              ...                                                            │
//! │  Draw the knee in until you feel a mild pull.                               │ cue / setup steps
//! │            breathe out ▕████████████░░░░░░░░░░░░░▏                          │ pacer
//! ╰─────────────────────────────────────────────────────────────────────────────╯
//!  next  switch sides 5s · then Knee-to-Chest, right side                         next row
//!  space pause   ← → phase   + − 10s   ? help   q quit                            key footer
//! ```
//!
//! From 80×24 up everything is spelled out; from 40×12 to there the compact layout
//! shortens the words and packs the rows; below 40×12 one line says the terminal is
//! too small. Every row is placed by [`Body::plan`], which drops what does not fit
//! (gaps first, then text) before it ever shrinks the digits below what the height allows.

use super::digits::{self, BigText};
use super::help::Help;
use super::keys;
use super::theme::Theme;
use super::widgets::{boxed, keys_footer, popup, usable_saying};
use crate::cue::side_words;
use crate::library::{Sides, clock};
use crate::session::{BreathView, Half, NextView, Steps, TempoView, View};
use crate::text::{truncate, width, wrap_rows};
use crate::timeline::PhaseKind;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// The full layout from this size up.
const FULL_WIDTH: u16 = 80;
const FULL_HEIGHT: u16 = 24;

/// Cells between the figure's column and the rest of the frame.
const FIGURE_GAP: u16 = 2;

/// Cells the figure leaves for the digits and the words: room for four huge digits.
const FIGURE_LEAVES: u16 = 50;

/// The longest the pacer bar gets, in cells.
const MAX_PACER: u16 = 24;

/// Steps per breath half: the bar moves this many times while filling (or emptying), so
/// this caps how often the screen redraws while breathing (a 4 s inhale: every 0.5 s).
const PACER_STEPS: u16 = 8;

/// What is drawn over the countdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Overlay {
    #[default]
    None,
    Help,
    QuitPrompt,
}

/// The countdown screen: a view of the session and what is open over it.
#[derive(Debug, Clone, Copy)]
pub struct SessionScreen<'v, 'a> {
    pub view: &'v View<'a>,
    pub theme: &'v Theme,
    pub overlay: Overlay,
    /// A line for the footer instead of the keys (a cue command that cannot run).
    pub notice: Option<&'v str>,
    /// How to draw the stretch's figure beside the digits; `None` hides it.
    pub figure: Option<ratatui::symbols::Marker>,
}

/// The frame's inside, less the padding on each side.
fn padded(inner: Rect, full: bool) -> Rect {
    let pad = padding(full);
    Rect::new(
        inner.x + pad.min(inner.width / 2),
        inner.y,
        inner.width.saturating_sub(2 * pad),
        inner.height,
    )
}

/// The shortest step a tempo rep's pacer and figure take: quicker than this the eye does
/// not follow, so a 2 s leg swing steps 5 times a half, not 8.
const TEMPO_STEP_MS: u32 = 200;

/// Steps per half of a tempo rep of `seconds`: as the breath pacer's, but none shorter
/// than [`TEMPO_STEP_MS`].
pub fn tempo_steps(size: Rect, seconds: u32) -> u32 {
    let half_ms = seconds.saturating_mul(500);
    pacer_steps(size).min((half_ms / TEMPO_STEP_MS).max(1))
}

/// True when the size gets the spelled-out layout.
fn is_full(area: Rect) -> bool {
    area.width >= FULL_WIDTH && area.height >= FULL_HEIGHT
}

/// Cells between the frame and its contents, each side.
fn padding(full: bool) -> u16 {
    if full { 2 } else { 1 }
}

/// The pacer's label width and the bar's length in a frame this wide inside: the label
/// says "breathe in" when that leaves a bar of a fair length, else just "in".
fn pacer_geometry(inner_width: u16) -> (u16, u16) {
    let label = if inner_width >= 11 + 3 + 24 { 11 } else { 3 };
    let cells = inner_width.saturating_sub(label + 3).min(MAX_PACER);
    (label, cells)
}

/// Pacer steps per breath half at this terminal size: the bar moves in even jumps, at
/// most [`PACER_STEPS`] of them, and the screen redraws exactly when it does.
pub fn pacer_steps(size: Rect) -> u32 {
    let full = is_full(size);
    let inner = size.width.saturating_sub(2 + 2 * padding(full));
    u32::from(pacer_geometry(inner).1.clamp(1, PACER_STEPS))
}

impl Widget for &SessionScreen<'_, '_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let more = self.view.paused.then_some("countdown paused");
        let Some(area) = usable_saying(area, buf, self.theme, more) else {
            return;
        };
        let full = is_full(area);
        let [top, frame, next, keys] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(area);
        self.title_row(top, buf, full);
        self.frame(frame, buf, full);
        self.next_row(next, buf, full);
        self.footer(keys, buf, full);
        match self.overlay {
            Overlay::None => {}
            Overlay::Help => Help { theme: self.theme }.render(area, buf),
            Overlay::QuitPrompt => quit_prompt(area, buf, self.theme),
        }
    }
}

impl SessionScreen<'_, '_> {
    fn urgent(&self) -> bool {
        let v = self.view;
        !v.paused && !v.waiting && !v.done && v.phase_secs() <= 3
    }

    fn phase_style(&self) -> Style {
        self.theme
            .phase(self.view.kind, self.view.paused, self.urgent())
    }

    /// ` supple · lower-back            3/8   6:12 left  ▰▰▰▰▰▱▱▱▱▱`
    fn title_row(&self, area: Rect, buf: &mut Buffer, full: bool) {
        let v = self.view;
        let t = self.theme;
        let position = format!("{}/{}", v.step, v.steps);
        let left_time = format!("{} left", clock(v.routine_secs() as u32));
        let total = v.routine_total.as_secs_f64();
        let done = if total > 0.0 {
            (1.0 - v.routine_left.as_secs_f64() / total).clamp(0.0, 1.0)
        } else {
            1.0
        };
        let gauge_cells: u16 = if full { 10 } else { 5 };
        let filled = ((done * f64::from(gauge_cells)).floor() as usize).min(gauge_cells as usize);
        let gauge = [
            Span::styled("▰".repeat(filled), t.gauge_fill),
            Span::styled("▱".repeat(gauge_cells as usize - filled), t.gauge_empty),
        ];
        let gap = if full { "   " } else { "  " };
        let mut right = vec![Span::styled(left_time, t.text)];
        if full {
            right.insert(0, Span::styled(format!("{position}{gap}"), t.text));
        }
        let with_gauge: usize =
            right.iter().map(Span::width).sum::<usize>() + 2 + usize::from(gauge_cells) + 1;
        let name_room = usize::from(area.width).saturating_sub(with_gauge + 2);
        if name_room >= 12 {
            right.push(Span::raw("  "));
            right.extend(gauge);
        }
        right.push(Span::raw(" "));
        let right = Line::from(right);
        let room = usize::from(area.width).saturating_sub(right.width() + 2);
        let left = if full {
            Line::from(vec![
                Span::styled(" supple", t.dim),
                Span::styled(" · ", t.dim),
                Span::styled(truncate(v.routine, room.saturating_sub(9)), t.strong),
            ])
        } else {
            Line::from(vec![
                Span::styled(format!(" {position} "), t.text),
                Span::styled(
                    truncate(v.routine, room.saturating_sub(position.len() + 2)),
                    t.strong,
                ),
            ])
        };
        left.render(area, buf);
        right.right_aligned().render(area, buf);
    }

    /// `HOLD · left side · set 1/2`, `PAUSED · REPS · …`, compact `HOLD · left · 1/2`.
    fn frame_title(&self, full: bool) -> String {
        let v = self.view;
        let mut parts: Vec<String> = Vec::new();
        if v.paused {
            parts.push("PAUSED".into());
        }
        let kind = match v.kind {
            PhaseKind::Prepare => "PREPARE",
            PhaseKind::Work if v.rep.is_some() => "REPS",
            PhaseKind::Work => "HOLD",
            PhaseKind::Switch => "SWITCH SIDES",
            PhaseKind::Rest => "REST",
        };
        parts.push(kind.into());
        if v.waiting {
            parts.push("space when ready".into());
        }
        let side = |s| {
            if full {
                side_words(s).to_string()
            } else {
                s.label().to_string()
            }
        };
        match v.kind {
            PhaseKind::Work if v.stretch.sides == Sides::Alternating => {
                parts.push(
                    if full {
                        "alternating sides"
                    } else {
                        "alternating"
                    }
                    .into(),
                );
            }
            PhaseKind::Work => parts.extend(v.side.map(side)),
            PhaseKind::Switch => parts.extend(v.side.map(|s| format!("{} next", side(s)))),
            PhaseKind::Prepare | PhaseKind::Rest => {}
        }
        if v.sets > 1 {
            let set = match v.kind {
                PhaseKind::Prepare => None,
                PhaseKind::Rest => Some(format!("set {}/{} next", v.set + 1, v.sets)),
                _ if full => Some(format!("set {}/{}", v.set, v.sets)),
                _ => Some(format!("{}/{}", v.set, v.sets)),
            };
            parts.extend(set);
        }
        parts.join(" · ")
    }

    fn frame(&self, area: Rect, buf: &mut Buffer, full: bool) {
        if area.height < 2 || area.width < 4 {
            return;
        }
        let style = self.phase_style();
        let inner = boxed(
            area,
            buf,
            &self.frame_title(full),
            style,
            style.patch(self.theme.strong),
        );
        if self.view.paused || self.view.waiting {
            let hint = Line::from(vec![
                Span::styled(" ", style),
                Span::styled("space", self.theme.key),
                Span::styled(
                    if self.view.waiting {
                        " when ready "
                    } else {
                        " to resume "
                    },
                    self.theme.text,
                ),
            ]);
            let w = hint.width() as u16;
            if w + 4 <= area.width {
                hint.render(
                    Rect::new(area.right() - 2 - w, area.bottom() - 1, w, 1),
                    buf,
                );
            }
        }
        let inner = padded(inner, full);
        if inner.is_empty() {
            return;
        }
        let (inner, beside) = match self.figure_column(inner, full, buf) {
            Some(rest) => (rest, false),
            None => (inner, true),
        };
        Body::plan(self, inner, full, beside).render(self, buf);
    }

    /// The figure column's width in the frame's `inner` area, when the figure is drawn.
    fn figure_width(&self, inner: Rect, full: bool) -> Option<u16> {
        if self.figure.is_none() || self.view.stretch.figure.is_none() || !full {
            return None;
        }
        // What the largest digits leave, from 18 to 48 cells.
        let room = inner.width.saturating_sub(FIGURE_GAP);
        let width = room.saturating_sub(FIGURE_LEAVES).min(48);
        (width >= 18).then_some(width)
    }

    /// What moves on the screen between the seconds at this size, in steps per half (of a
    /// breath, of a tempo rep): the pacer, when it has a row, and a moving figure, when it
    /// is drawn. Nothing else wakes the screen, so a hidden figure or a pacer with no room
    /// costs no wake-ups.
    pub fn steps(&self, area: Rect) -> Steps {
        let v = self.view;
        if area.width < super::widgets::MIN_WIDTH || area.height < super::widgets::MIN_HEIGHT {
            return Steps::default();
        }
        let full = is_full(area);
        // The frame: between the title row and the two rows under it, inside its border.
        let frame = Rect::new(
            area.x,
            area.y + 1,
            area.width,
            area.height.saturating_sub(3),
        );
        let inner = padded(
            Rect::new(
                frame.x + 1,
                frame.y + 1,
                frame.width.saturating_sub(2),
                frame.height.saturating_sub(2),
            ),
            full,
        );
        if inner.is_empty() {
            return Steps::default();
        }
        let figure = self.figure_width(inner, full);
        let rest = figure.map_or(inner, |w| {
            Rect::new(
                inner.x,
                inner.y,
                inner.width.saturating_sub(w + FIGURE_GAP),
                inner.height,
            )
        });
        let pacer = Body::plan(self, rest, full, figure.is_none())
            .pacer
            .is_some();
        let moving = figure.is_some()
            && v.rep.is_some()
            && v.stretch
                .figure
                .as_deref()
                .is_some_and(crate::figure::Figure::moves);
        Steps {
            breath: if v.breath.is_some() && (pacer || moving) {
                pacer_steps(area)
            } else {
                0
            },
            tempo: match &v.tempo {
                Some(t) if pacer || moving => tempo_steps(area, t.seconds),
                _ => 0,
            },
        }
    }

    /// Draws the figure in a column on the right of the frame, with the side and the rep
    /// under it, when the layout is full and the stretch has one; returns the room left for
    /// the rest.
    fn figure_column(&self, inner: Rect, full: bool, buf: &mut Buffer) -> Option<Rect> {
        let width = self.figure_width(inner, full)?;
        let (Some(marker), Some(figure)) = (self.figure, &self.view.stretch.figure) else {
            return None;
        };
        // Below the header row, clear of the border by a row, the panel's lines under it.
        let lines = panel(self.view, full);
        let below = lines.len() as u16 + u16::from(!lines.is_empty());
        let column = Rect::new(
            inner.right() - width,
            inner.y + 2,
            width,
            inner.height.saturating_sub(3 + below),
        );
        let style = if self.view.paused {
            self.theme.paused
        } else {
            self.theme.strong
        };
        let widget = super::figure::FigureWidget {
            figure,
            // In step with the pacer: the same steps per half.
            posture: super::figure::posture_for(
                figure,
                self.view,
                match &self.view.tempo {
                    Some(t) => tempo_steps(buf.area, t.seconds),
                    None => pacer_steps(buf.area),
                },
            ),
            marker,
            body: style,
            props: self.theme.dim,
        };
        let drawn = widget.fitted(column);
        widget.render(drawn, buf);
        let strong = self.phase_style().patch(self.theme.strong);
        for (i, l) in lines.iter().enumerate() {
            let y = drawn.bottom() + 1 + i as u16;
            if y < inner.bottom() {
                Line::styled(l.as_str(), strong)
                    .centered()
                    .render(Rect::new(column.x, y, column.width, 1), buf);
            }
        }
        Some(Rect::new(
            inner.x,
            inner.y,
            inner.width - width - FIGURE_GAP,
            inner.height,
        ))
    }

    /// ` next  switch sides 5s · then Knee-to-Chest, right side`
    fn next_row(&self, area: Rect, buf: &mut Buffer, full: bool) {
        let t = self.theme;
        let label = if full { " next  " } else { " next: " };
        let words = self
            .view
            .next
            .as_ref()
            .map_or_else(|| "done after this one".to_string(), next_words);
        let room = usize::from(area.width).saturating_sub(width(label) + 1);
        Line::from(vec![
            Span::styled(label, t.dim),
            Span::styled(truncate(&words, room), t.text),
        ])
        .render(area, buf);
    }

    fn footer(&self, area: Rect, buf: &mut Buffer, full: bool) {
        let t = self.theme;
        if self.overlay == Overlay::None
            && let Some(notice) = self.notice
        {
            let text = truncate(notice, usize::from(area.width).saturating_sub(2));
            Line::from(vec![Span::raw(" "), Span::styled(text, t.alert)]).render(area, buf);
            return;
        }
        let map = match self.overlay {
            Overlay::QuitPrompt => keys::QUIT_PROMPT,
            Overlay::Help => keys::COUNTDOWN_HELP,
            Overlay::None => keys::COUNTDOWN,
        };
        let (paused, waiting) = (self.view.paused, self.view.waiting);
        let line = keys_footer(&keys::hints(map), area.width, full, t, |h| {
            match (h.word == "pause", waiting, paused) {
                (true, true, _) => "ready",
                (true, _, true) => "resume",
                _ => h.word,
            }
        });
        line.render(area, buf);
    }
}

/// What comes next, in words: `switch sides 5s · then Knee-to-Chest, right side`.
fn next_words(next: &NextView<'_>) -> String {
    let named = |name: &str, side: Option<crate::timeline::Side>| match side {
        Some(s) => format!("{name}, {}", side_words(s)),
        None => name.to_string(),
    };
    let secs = crate::library::short(next.seconds);
    match next.kind {
        PhaseKind::Work => format!("{} · {secs}", named(&next.stretch.name, next.side)),
        kind => {
            let what = match kind {
                PhaseKind::Prepare => "get ready",
                PhaseKind::Switch => "switch sides",
                _ => "rest",
            };
            match next.then {
                Some((stretch, side)) => {
                    format!("{what} {secs} · then {}", named(&stretch.name, side))
                }
                None => format!("{what} {secs}"),
            }
        }
    }
}

/// The quit question, in a small box in the middle.
fn quit_prompt(area: Rect, buf: &mut Buffer, theme: &Theme) {
    let line = Line::from(vec![
        Span::styled("y", theme.key),
        Span::styled(" quit now    ", theme.text),
        Span::styled("n", theme.key),
        Span::styled(" keep going", theme.text),
    ]);
    let popup = popup(area, buf, line.width() as u16 + 6, 3);
    let inner = boxed(popup, buf, "quit?", theme.alert, theme.alert);
    line.centered().render(inner, buf);
}

/// The rows inside the frame, placed top to bottom.
struct Body {
    header: Rect,
    digits: Rect,
    size: Option<digits::Size>,
    text: Vec<(String, Style)>,
    text_area: Rect,
    pacer: Option<Rect>,
    full: bool,
    /// The side and the rep beside the digits (else they stand under the figure).
    beside: bool,
}

impl Body {
    /// Places the header, the digits, the text and the pacer in `inner`, largest digits
    /// first, dropping text and gaps before shrinking the digits.
    ///
    /// The digits keep their size and their place through a whole stretch (getting ready,
    /// each side, the switch, the rests): they are sized and placed from what stays the
    /// same in all its phases (the room the widest panel line of the stretch needs, a
    /// four-character clock, a fixed allowance of rows for the words and the pacer), never
    /// from the words of the phase on screen. Only what is under them moves.
    fn plan(screen: &SessionScreen<'_, '_>, inner: Rect, full: bool, beside: bool) -> Body {
        let v = screen.view;
        let clock_text = steady_clock(&clock(v.phase_secs() as u32));
        let pacer_rows = u16::from(v.breath.is_some() || v.tempo.is_some());
        let text = body_text(screen);
        let width_ = usize::from(inner.width);
        let panel_w = if beside { panel_room(v, full) } else { 0 };
        // The largest digits that leave room for the panel beside them, the words and the
        // pacer under them, and with the huge ones some air.
        let fits = |size: digits::Size| {
            let dw = digits::width(&clock_text, size);
            let beside = if panel_w == 0 || size == digits::Size::Small {
                0
            } else {
                panel_gap(size) + panel_w
            };
            dw + beside <= inner.width
                && 1 + size.height() + below_rows(Some(size)) + air(size) <= inner.height
        };
        let size = [
            digits::Size::Giant,
            digits::Size::Huge,
            digits::Size::Big,
            digits::Size::Small,
        ]
        .into_iter()
        .find(|s| fits(*s));
        let digit_rows = size.map_or(1, digits::Size::height);
        // The header and the digits, placed as if the rows under them were the allowance.
        let allowance = below_rows(size).min(inner.height.saturating_sub(1 + digit_rows));
        let blocks = [1, digit_rows, allowance];
        let used: u16 = blocks.iter().sum();
        let mut spare = inner.height.saturating_sub(used);
        let between = (blocks.iter().filter(|h| **h > 0).count() as u16).saturating_sub(1);
        // A blank row above and below when there is room for gaps too, then the gaps
        // between the blocks, then whatever is left centres them.
        let margin = u16::from(full && spare >= between + 2);
        spare -= 2 * margin;
        let cap = if full { 3 } else { 1 };
        let gap = spare.checked_div(between).unwrap_or(0).min(cap);
        let rest = spare - gap * between;
        let top = inner.y + margin + rest / 2;
        let clip = |y: u16, h: u16| {
            Rect::new(
                inner.x,
                y,
                inner.width,
                h.min(inner.bottom().saturating_sub(y)),
            )
        };
        let header = clip(top, 1);
        let digits = clip(header.bottom() + gap, digit_rows);
        // Under the digits: the words, then the pacer, each a gap below what is above it
        // while the rows allow.
        let below = inner.bottom().saturating_sub(digits.bottom());
        let lines = fit_text(
            screen,
            &text,
            width_,
            usize::from(below.saturating_sub(pacer_rows)),
        );
        let text_rows = lines.len() as u16;
        let mut spare = below.saturating_sub(text_rows + pacer_rows);
        let above_text = if text_rows + pacer_rows > 0 {
            gap.min(spare)
        } else {
            0
        };
        spare -= above_text;
        let text_area = clip(digits.bottom() + above_text, text_rows);
        let above_pacer = if text_rows > 0 && pacer_rows > 0 {
            gap.min(spare)
        } else {
            0
        };
        let pacer = clip(text_area.bottom() + above_pacer, pacer_rows);
        Body {
            header,
            digits,
            size,
            text: lines,
            text_area,
            pacer: (pacer_rows > 0 && !pacer.is_empty()).then_some(pacer),
            full,
            beside,
        }
    }

    fn render(&self, screen: &SessionScreen<'_, '_>, buf: &mut Buffer) {
        let v = screen.view;
        let t = screen.theme;
        header(v, t, self.header, buf);
        digits_row(screen, self.digits, self.size, self.full, self.beside, buf);
        // A list of setup steps stays aligned as a block in the middle; other lines are
        // centred one by one under the digits.
        let list = (v.kind == PhaseKind::Prepare || v.unprepared) && !v.setup.is_empty();
        let area = self.text_area;
        let block_w = self.text.iter().map(|(l, _)| width(l)).max().unwrap_or(0) as u16;
        let x = area.x + area.width.saturating_sub(block_w) / 2;
        for (i, (line, style)) in self.text.iter().enumerate() {
            let y = area.y + i as u16;
            if y >= area.bottom() {
                break;
            }
            let line = Line::styled(line.as_str(), *style);
            if list {
                line.render(Rect::new(x, y, area.right() - x, 1), buf);
            } else {
                line.centered()
                    .render(Rect::new(area.x, y, area.width, 1), buf);
            }
        }
        if let (Some(area), Some(b)) = (self.pacer, &v.breath) {
            pacer(b, t, area, buf);
        } else if let (Some(area), Some(beat)) = (self.pacer, &v.tempo) {
            tempo_pacer(beat, v.rep, t, area, buf);
        }
    }
}

/// `Knee-to-Chest                        lower-back · glutes`
fn header(v: &View<'_>, t: &Theme, area: Rect, buf: &mut Buffer) {
    if area.is_empty() {
        return;
    }
    let room = usize::from(area.width);
    let name = truncate(&v.stretch.name, room);
    Line::styled(name.as_str(), t.strong).render(area, buf);
    // As many areas as fit, whole, after the name.
    let room = room.saturating_sub(width(&name) + 3);
    let mut areas = String::new();
    for a in &v.stretch.areas {
        let a = a.to_string();
        let sep = if areas.is_empty() { "" } else { " · " };
        if width(&areas) + width(sep) + width(&a) > room {
            break;
        }
        areas.push_str(sep);
        areas.push_str(&a);
    }
    Line::styled(areas, t.dim).right_aligned().render(area, buf);
}

/// Rows kept under the digits of this size for the words and the pacer, whatever the
/// phase has to say.
fn below_rows(size: Option<digits::Size>) -> u16 {
    match size {
        Some(digits::Size::Giant | digits::Size::Huge) => 6,
        _ => 3,
    }
}

/// Blank rows the largest digits want around them.
fn air(size: digits::Size) -> u16 {
    match size {
        digits::Size::Giant | digits::Size::Huge => 2,
        _ => 0,
    }
}

/// The clock as wide as the digits are sized for: every clock under ten minutes is four
/// characters, so `0:05` and `9:59` take the same room.
fn steady_clock(clock_text: &str) -> String {
    if clock_text.chars().count() <= 4 {
        "0:00".to_string()
    } else {
        clock_text.to_string()
    }
}

/// `LEFT SIDE`, or `LEFT` in the compact layout.
fn side_label(s: crate::timeline::Side, full: bool) -> String {
    if full {
        side_words(s).to_uppercase()
    } else {
        s.label().to_uppercase()
    }
}

/// The widest line the panel beside the digits shows in any phase of this stretch, so
/// that the digits do not move when the side or the phase changes.
fn panel_room(v: &View<'_>, full: bool) -> u16 {
    use crate::timeline::Side;
    let mut lines: Vec<String> = Vec::new();
    match v.stretch.sides {
        Sides::Each => {
            for s in [Side::Left, Side::Right] {
                lines.push(side_label(s, full));
                lines.push(format!("→ {}", side_label(s, full)));
            }
        }
        Sides::Alternating => {
            lines.extend([Side::Left, Side::Right].map(|s| side_label(s, full)));
        }
        Sides::Both => {}
    }
    if let Some(reps) = v.step_reps {
        lines.push(format!("rep {reps}/{reps}"));
    }
    // What the phase on screen shows counts too (a side where the stretch has none).
    lines.extend(panel(v, full));
    lines.iter().map(|l| width(l)).max().unwrap_or(0) as u16
}

/// The lines beside the digits: the side worked and the rep.
fn panel(v: &View<'_>, full: bool) -> Vec<String> {
    let side = |s: crate::timeline::Side| side_label(s, full);
    let mut lines = Vec::new();
    match v.kind {
        PhaseKind::Work => {
            lines.extend(v.side.map(side));
            if let Some((n, of)) = v.rep {
                lines.push(format!("rep {n}/{of}"));
            }
        }
        PhaseKind::Switch => lines.extend(v.side.map(|s| format!("→ {}", side(s)))),
        PhaseKind::Prepare | PhaseKind::Rest => {}
    }
    lines
}

/// Cells between the digits and the panel beside them.
fn panel_gap(size: digits::Size) -> u16 {
    if size == digits::Size::Small { 2 } else { 4 }
}

/// The big countdown, with the side and the rep beside it.
fn digits_row(
    screen: &SessionScreen<'_, '_>,
    area: Rect,
    size: Option<digits::Size>,
    full: bool,
    beside: bool,
    buf: &mut Buffer,
) {
    if area.is_empty() {
        return;
    }
    let v = screen.view;
    let style = screen.phase_style();
    let strong = style.patch(screen.theme.strong);
    let clock_text = clock(v.phase_secs() as u32);
    let lines = if beside { panel(v, full) } else { Vec::new() };
    let Some(size) = size else {
        // No room for big digits: one line.
        let mut spans = vec![Span::styled(clock_text, strong)];
        if !lines.is_empty() {
            spans.push(Span::styled(format!("   {}", lines.join(" · ")), strong));
        }
        Line::from(spans).centered().render(area, buf);
        return;
    };
    // Placed from what the whole stretch needs (the widest panel, a four-character
    // clock), not from this phase's lines, so the digits stand still from phase to phase.
    let dw = digits::width(&clock_text, size).max(digits::width(&steady_clock(&clock_text), size));
    let pw = if beside { panel_room(v, full) } else { 0 };
    let gap = panel_gap(size);
    let group = dw + gap + pw;
    let (x, panel_x) = if pw > 0 && group <= area.width {
        let x = area.x + (area.width - group) / 2;
        (x, Some(x + dw + gap))
    } else {
        (area.x + area.width.saturating_sub(dw) / 2, None)
    };
    let pw = lines.iter().map(|l| width(l)).max().unwrap_or(0) as u16;
    BigText {
        text: &clock_text,
        size,
        style: strong,
    }
    .render(
        Rect::new(x, area.y, dw.min(area.right() - x), area.height),
        buf,
    );
    if let Some(px) = panel_x {
        let rows = lines.len() as u16;
        let y0 = area.y + area.height.saturating_sub(rows) / 2;
        for (i, l) in lines.iter().enumerate() {
            let y = y0 + i as u16;
            if y < area.bottom() {
                let style = if i == 0 { strong } else { screen.theme.strong };
                Line::styled(l.as_str(), style).render(Rect::new(px, y, pw, 1), buf);
            }
        }
    }
}

/// What to read in the frame: the setup steps while preparing, the breath's own words in
/// a breath-paced rep, the current cue otherwise.
fn body_text(screen: &SessionScreen<'_, '_>) -> Vec<(String, Style)> {
    let v = screen.view;
    let t = screen.theme;
    match v.kind {
        PhaseKind::Prepare if !v.setup.is_empty() || !v.stretch.cautions.is_empty() => {
            let mut lines: Vec<(String, Style)> = v
                .setup
                .iter()
                .enumerate()
                .map(|(i, s)| (format!("{}. {s}", i + 1), t.text))
                .collect();
            lines.extend(cautions(v, t));
            lines
        }
        PhaseKind::Work => {
            let mut lines: Vec<(String, Style)> = match v.breath.as_ref().and_then(|b| b.cue) {
                Some(words) => vec![(words.to_string(), t.strong)],
                None => v.cue.map(|c| (c.to_string(), t.text)).into_iter().collect(),
            };
            // No get-ready phase came before (`prepare: 0`): how to get into it, and what
            // to watch for, are told here instead.
            if v.unprepared {
                lines.extend(
                    v.setup
                        .iter()
                        .enumerate()
                        .map(|(i, s)| (format!("{}. {s}", i + 1), t.text)),
                );
                lines.extend(cautions(v, t));
            }
            lines
        }
        PhaseKind::Rest => {
            let mut lines = vec![(format!("Set {} of {} done. Rest.", v.set, v.sets), t.strong)];
            lines.extend(v.cue.map(|c| (c.to_string(), t.dim)));
            lines
        }
        PhaseKind::Switch => {
            let side = v.side.map_or("other side", side_words);
            let mut lines = vec![(format!("Change to the {side}."), t.strong)];
            lines.extend(v.cue.map(|c| (c.to_string(), t.dim)));
            lines
        }
        PhaseKind::Prepare => v.cue.map(|c| (c.to_string(), t.dim)).into_iter().collect(),
    }
}

/// The stretch's cautions, marked, for the get-ready phase.
fn cautions(v: &View<'_>, t: &Theme) -> Vec<(String, Style)> {
    v.stretch
        .cautions
        .iter()
        .map(|c| (format!("{CAUTION} {c}"), t.alert))
        .collect()
}

/// The mark before a caution: seen without colour too.
const CAUTION: &str = "⚠";

/// As [`wrap_text`], except that while getting ready (or starting a stretch that had no
/// get-ready phase), when not everything fits, the cautions keep their rows, the first one
/// first, and the setup steps give theirs up.
fn fit_text(
    screen: &SessionScreen<'_, '_>,
    paragraphs: &[(String, Style)],
    width_: usize,
    rows: usize,
) -> Vec<(String, Style)> {
    let all = wrap_text(paragraphs, width_, rows);
    let v = screen.view;
    let Some(first) = paragraphs.iter().position(|(p, _)| p.starts_with(CAUTION)) else {
        return all;
    };
    let briefing = v.kind == PhaseKind::Prepare || v.unprepared;
    if !briefing || wrap_text(paragraphs, width_, usize::MAX).len() <= rows {
        return all;
    }
    let caution = wrap_text(&paragraphs[first..], width_, rows);
    let mut out = wrap_text(
        &paragraphs[..first],
        width_,
        rows.saturating_sub(caution.len()),
    );
    out.extend(caution);
    out
}

/// The paragraphs wrapped to `width`, at most `rows` lines; numbered steps get a hanging
/// indent, and a paragraph cut short ends in `…`.
fn wrap_text(paragraphs: &[(String, Style)], width_: usize, rows: usize) -> Vec<(String, Style)> {
    let mut out = Vec::new();
    for (text, style) in paragraphs {
        let left = rows.saturating_sub(out.len());
        if left == 0 {
            if let Some((last, _)) = out.last_mut() {
                let last: &mut String = last;
                if !last.ends_with('…') {
                    *last = truncate(&format!("{last} …"), width_);
                }
            }
            break;
        }
        // Numbered steps and cautions hang under their text, past the number or the mark.
        let indent = if text.starts_with(CAUTION) {
            CAUTION.len() + 1
        } else {
            text.split_once(". ")
                .filter(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
                .map_or(0, |(n, _)| n.len() + 2)
        };
        let cells = if text.starts_with(CAUTION) { 2 } else { indent };
        let lines = if indent > 0 && width_ > cells + 8 {
            let body = &text[indent..];
            let mut lines = wrap_rows(body, width_ - cells, left);
            for (i, l) in lines.iter_mut().enumerate() {
                let lead = if i == 0 {
                    text[..indent].to_string()
                } else {
                    " ".repeat(cells)
                };
                *l = format!("{lead}{l}");
            }
            lines
        } else {
            wrap_rows(text, width_, left)
        };
        out.extend(lines.into_iter().map(|l| (l, *style)));
    }
    out
}

/// `breathe in  ▕██████████░░░░░░░░░░▏`, centred: fills across the inhale, empties
/// across the exhale.
fn pacer(b: &BreathView<'_>, t: &Theme, area: Rect, buf: &mut Buffer) {
    let (label_w, cells) = pacer_geometry(area.width);
    let full = label_w > 3;
    let label = match (b.half, full) {
        (Half::In, true) => "breathe in",
        (Half::Out, true) => "breathe out",
        (Half::In, false) => "in",
        (Half::Out, false) => "out",
    };
    let steps = cells.min(PACER_STEPS);
    bar(
        label,
        label_w,
        cells,
        steps,
        b.half == Half::In,
        b.progress,
        t,
        area,
        buf,
    );
}

/// `   forward ▕██████████░░░░░░░░░░▏`: a tempo rep's beat, filling as the move goes out
/// and emptying as it comes back, labelled with the stretch's word for the half (else
/// the rep); the bar moves in the same steps as the figure.
fn tempo_pacer(
    beat: &TempoView<'_>,
    rep: Option<(u32, u32)>,
    t: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let (label_w, cells) = tempo_geometry(area.width, beat.word);
    let counted = rep.map(|(n, of)| format!("rep {n}/{of}"));
    let label = beat.word.or(counted.as_deref()).unwrap_or_default();
    let steps = tempo_steps(buf.area, beat.seconds).min(u32::from(cells)) as u16;
    bar(
        label,
        label_w,
        cells,
        steps,
        beat.first_half,
        beat.progress,
        t,
        area,
        buf,
    );
}

/// The tempo pacer's label width and bar length: room for the longest tempo word (or
/// the rep count), the bar taking what is left up to its longest.
fn tempo_geometry(inner_width: u16, word: Option<&str>) -> (u16, u16) {
    let label = word
        .map_or(11, |w| (width(w) as u16).max(11))
        .min(inner_width / 2);
    let cells = inner_width.saturating_sub(label + 3).min(MAX_PACER);
    (label, cells)
}

/// A labelled bar of `cells`, filled in `steps` even jumps across `progress` (0..1),
/// filling when `filling`, else emptying.
#[allow(clippy::too_many_arguments)]
fn bar(
    label: &str,
    label_w: u16,
    cells: u16,
    steps: u16,
    filling: bool,
    progress: f32,
    t: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    if cells == 0 {
        return;
    }
    // The bar moves in `steps` even jumps per half. The progress comes from whole
    // milliseconds while the loop wakes on the exact step, so a little slack keeps a wake
    // just past a step from drawing the step before.
    let steps = steps.clamp(1, cells);
    let step = (((progress * f32::from(steps)) + 0.02).floor() as u16).min(steps);
    let stepped = step * cells / steps;
    let filled = if filling {
        stepped
    } else {
        cells.saturating_sub(stepped)
    }
    .min(cells);
    let label = truncate(label, usize::from(label_w));
    let line = Line::from(vec![
        Span::styled(format!("{label:>w$} ", w = usize::from(label_w)), t.strong),
        Span::styled("▕", t.dim),
        Span::styled("█".repeat(usize::from(filled)), t.pacer_fill),
        Span::styled("░".repeat(usize::from(cells - filled)), t.pacer_empty),
        Span::styled("▏", t.dim),
    ]);
    line.centered().render(area, buf);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::fixtures::{
        ALTERNATING, BREATH_REPS, HOLD, PREPARE, REST, RIGHT_HOLD, SWITCH, colourless, draw,
        session_at, text,
    };
    use crate::tui::widgets::too_small;
    use ratatui::style::{Color, Modifier};
    use ratatui::symbols::Marker;
    use std::time::Duration;

    const SIZES: [(u16, u16); 3] = [(40, 12), (80, 24), (120, 40)];

    fn screen_at(at: f64, overlay: Overlay, theme: &Theme, w: u16, h: u16) -> Buffer {
        let (s, now) = session_at(at);
        let view = s.view(now);
        draw(
            w,
            h,
            &SessionScreen {
                view: &view,
                theme,
                overlay,
                notice: None,
                figure: None,
            },
        )
    }

    fn snap(name: &str, at: f64) {
        for (w, h) in SIZES {
            let buf = screen_at(at, Overlay::None, &Theme::new(true), w, h);
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), text(&buf));
        }
    }

    fn with_figure(at: f64, w: u16, h: u16, marker: Marker) -> Buffer {
        let (s, now) = session_at(at);
        let view = s.view(now);
        draw(
            w,
            h,
            &SessionScreen {
                view: &view,
                theme: &Theme::new(true),
                overlay: Overlay::None,
                notice: None,
                figure: Some(marker),
            },
        )
    }

    #[test]
    fn the_figure_stands_beside_the_digits_from_80x24() {
        for (name, at) in [
            ("figure_hold", HOLD),
            ("figure_breath_reps", BREATH_REPS),
            ("figure_right_side", RIGHT_HOLD),
            ("figure_prepare", PREPARE),
        ] {
            for (w, h) in [(80, 24), (120, 40)] {
                let buf = with_figure(at, w, h, Marker::Braille);
                insta::assert_snapshot!(format!("{name}_{w}x{h}"), text(&buf));
            }
        }
        let blocks = with_figure(HOLD, 80, 24, Marker::HalfBlock);
        insta::assert_snapshot!("figure_blocks_80x24", text(&blocks));
        // At 40×12 the digits and the words come first: the same screen as without it.
        for at in [HOLD, BREATH_REPS] {
            assert_eq!(
                text(&with_figure(at, 40, 12, Marker::Braille)),
                text(&screen_at(at, Overlay::None, &Theme::new(true), 40, 12))
            );
        }
    }

    #[test]
    fn the_figure_moves_with_the_breath_and_mirrors_for_the_right_side() {
        let figure_of = |at: f64| {
            let t = text(&with_figure(at, 120, 40, Marker::Braille));
            t.lines()
                .map(|l| {
                    l.chars()
                        .filter(|c| ('\u{2801}'..='\u{28ff}').contains(c))
                        .collect::<String>()
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        // A hold stands still through its breaths.
        assert_eq!(figure_of(HOLD), figure_of(HOLD + 3.0));
        // Cat-Cow: the end of the out-breath (cat) differs from the end of the in-breath
        // (cow), and each rep comes back to the same pose.
        let rep4 = 156.0 + 18.0;
        assert_ne!(figure_of(rep4 + 0.01), figure_of(rep4 + 2.99));
        assert_eq!(figure_of(rep4 + 0.01), figure_of(rep4 + 6.01));
        // The right side is the mirror image of the left.
        assert_ne!(figure_of(HOLD), figure_of(RIGHT_HOLD));
        // Bird Dog's reps alternate sides: rep 1 on the left, then the right.
        let bird = 212.0;
        assert_ne!(figure_of(bird + 2.0), figure_of(bird + 6.0));
    }

    #[test]
    fn the_figure_draws_at_every_size_and_state_and_keeps_no_colour_off() {
        let theme = Theme::new(true);
        let plain = Theme::new(false);
        for at in [
            0.0,
            PREPARE,
            HOLD,
            SWITCH,
            REST,
            BREATH_REPS,
            ALTERNATING,
            251.9,
        ] {
            let (s, now) = session_at(at);
            let view = s.view(now);
            for marker in [Marker::Braille, Marker::HalfBlock] {
                let screen = SessionScreen {
                    view: &view,
                    theme: &theme,
                    overlay: Overlay::None,
                    notice: None,
                    figure: Some(marker),
                };
                for w in (0..=200).step_by(9).chain([79, 80, 81, 119, 120]) {
                    for h in (0..=60).step_by(5).chain([23, 24, 25, 40]) {
                        draw(w, h, &screen);
                    }
                }
                let colourless_screen = SessionScreen {
                    theme: &plain,
                    ..screen
                };
                assert!(
                    colourless(&draw(120, 40, &colourless_screen)),
                    "colour at {at} s"
                );
            }
        }
    }

    /// Where the big digits stand: the top row and the leftmost column of their cells
    /// (block characters outside the pacer's row).
    fn digits_at(buf: &Buffer) -> Option<(u16, u16)> {
        let t = text(buf);
        let mut at: Option<(u16, u16)> = None;
        for (y, line) in t.lines().enumerate() {
            if line.contains('▕') {
                continue;
            }
            for (x, c) in line.chars().enumerate() {
                if matches!(c, '█' | '▀' | '▄') {
                    let (x, y) = (x as u16, y as u16);
                    at = Some(at.map_or((x, y), |(ax, ay)| (ax.min(x), ay.min(y))));
                }
            }
        }
        at
    }

    #[test]
    fn the_digits_stand_still_through_a_whole_stretch() {
        // Knee-to-Chest: get ready, left, switch, right, rest, left, switch, right; then
        // Cat-Cow's reps and Bird Dog's alternating reps, each stretch on its own.
        let stretches = [(0.0, 148.0), (148.0, 204.0), (204.0, 252.0)];
        for figure in [None, Some(Marker::Braille)] {
            for (w, h) in [(80, 24), (120, 40), (40, 12)] {
                for (from, to) in stretches {
                    let mut seen: Vec<(u16, u16, f64)> = Vec::new();
                    let (mut s, start) = session_at(from + 0.3);
                    let mut at = from + 0.3;
                    while at < to {
                        let now = start + Duration::from_secs_f64(at - from - 0.3);
                        s.tick(now);
                        let view = s.view(now);
                        let buf = draw(
                            w,
                            h,
                            &SessionScreen {
                                view: &view,
                                theme: &Theme::new(true),
                                overlay: Overlay::None,
                                notice: None,
                                figure,
                            },
                        );
                        let (x, y) = digits_at(&buf).expect("digits on screen");
                        if seen.iter().all(|(sx, sy, _)| (*sx, *sy) != (x, y)) {
                            seen.push((x, y, at));
                        }
                        at += 0.5;
                    }
                    assert_eq!(
                        seen.len(),
                        1,
                        "{w}×{h}, figure {figure:?}: the digits moved (column, row, at): {seen:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn prepare_lists_the_setup_steps() {
        snap("prepare", PREPARE);
    }

    #[test]
    fn getting_ready_shows_the_cautions_and_at_40x12_the_first_one_at_least() {
        let lib = crate::library::Library::builtin().expect("the built-in library");
        let stretch = lib.get("knee-to-chest").expect("knee-to-chest").clone();
        assert!(stretch.cautions.len() >= 2, "{:?}", stretch.cautions);
        let timeline = crate::timeline::Timeline::from_steps(
            "cautions",
            vec![crate::routine::Step {
                dose: stretch.dose.clone(),
                stretch: stretch.clone(),
            }],
            crate::routine::Gaps::default(),
        );
        let t0 = std::time::Instant::now();
        let mut s =
            crate::session::Session::start(timeline, crate::session::Options::default(), t0);
        s.tick(t0);
        let view = s.view(t0);
        let at = |w, h, theme: &Theme| {
            text(&draw(
                w,
                h,
                &SessionScreen {
                    view: &view,
                    theme,
                    overlay: Overlay::None,
                    notice: None,
                    figure: None,
                },
            ))
        };
        let first = format!("⚠ {}", &stretch.cautions[0][..20]);
        let big = at(80, 24, &Theme::new(true));
        for c in &stretch.cautions {
            assert!(
                big.contains(&format!("⚠ {}", &c[..15])),
                "{c} missing:\n{big}"
            );
        }
        insta::assert_snapshot!("cautions_prepare_80x24", big);
        let small = at(40, 12, &Theme::new(false));
        assert!(small.contains(&first[..first.len().min(30)]), "{small}");
        insta::assert_snapshot!("cautions_prepare_40x12", small);
    }

    /// Knee-to-Chest from the built-in library, alone, with these gaps, started at `t0`.
    fn knee_to_chest(
        gaps: crate::routine::Gaps,
        t0: std::time::Instant,
    ) -> crate::session::Session {
        let lib = crate::library::Library::builtin().expect("the built-in library");
        let stretch = lib.get("knee-to-chest").expect("knee-to-chest").clone();
        let timeline = crate::timeline::Timeline::from_steps(
            "knee",
            vec![crate::routine::Step {
                dose: stretch.dose.clone(),
                stretch,
            }],
            gaps,
        );
        crate::session::Session::start(timeline, crate::session::Options::default(), t0)
    }

    fn drawn(view: &View<'_>, w: u16, h: u16) -> String {
        text(&draw(
            w,
            h,
            &SessionScreen {
                view,
                theme: &Theme::new(true),
                overlay: Overlay::None,
                notice: None,
                figure: None,
            },
        ))
    }

    #[test]
    fn with_no_get_ready_phase_the_work_shows_the_setup_and_the_cautions() {
        let t0 = std::time::Instant::now();
        let mut s = knee_to_chest(
            crate::routine::Gaps {
                prepare: Some(0),
                ..crate::routine::Gaps::default()
            },
            t0,
        );
        let at = t0 + Duration::from_secs(2);
        s.tick(at);
        let view = s.view(at);
        assert_eq!(view.kind, PhaseKind::Work);
        let big = drawn(&view, 80, 24);
        assert!(big.contains("HOLD · left side"), "{big}");
        assert!(big.contains("1. Lie on your back"), "{big}");
        for c in &view.stretch.cautions {
            assert!(
                big.contains(&format!("⚠ {}", &c[..15])),
                "{c} missing:\n{big}"
            );
        }
        insta::assert_snapshot!("unprepared_hold_80x24", big);
        // At 40×12 the first caution keeps its rows.
        let small = drawn(&view, 40, 12);
        assert!(small.contains("⚠ Skip it"), "{small}");
        insta::assert_snapshot!("unprepared_hold_40x12", small);
        // The right side, begun after the switch, has only its cue again.
        let right = t0 + Duration::from_secs(40);
        s.tick(right);
        let view = s.view(right);
        assert!(!view.unprepared);
        assert!(!drawn(&view, 80, 24).contains('⚠'));
    }

    #[test]
    fn a_waiting_get_ready_says_space_when_ready() {
        let t0 = std::time::Instant::now();
        let mut s = knee_to_chest(crate::routine::Gaps::default(), t0).holding_prepare(true);
        let later = t0 + Duration::from_secs(90);
        s.tick(later);
        let view = s.view(later);
        let big = drawn(&view, 80, 24);
        assert!(big.contains("PREPARE · space when ready"), "{big}");
        assert!(
            big.contains("space when ready ╯") || big.contains("space when ready ─"),
            "{big}"
        );
        assert!(big.contains("space ready"), "{big}");
        assert!(!big.contains("PAUSED"), "{big}");
        insta::assert_snapshot!("waiting_prepare_80x24", big);
        let small = drawn(&view, 40, 12);
        assert!(small.contains("space when ready"), "{small}");
        insta::assert_snapshot!("waiting_prepare_40x12", small);
    }

    #[test]
    fn a_hold_with_the_pacer() {
        snap("hold", HOLD);
    }

    #[test]
    fn breath_reps_show_the_breaths_own_words() {
        snap("breath_reps", BREATH_REPS);
    }

    #[test]
    fn alternating_reps_show_the_side() {
        snap("alternating", ALTERNATING);
    }

    #[test]
    fn switch_sides() {
        snap("switch", SWITCH);
    }

    #[test]
    fn rest_between_sets() {
        snap("rest", REST);
    }

    #[test]
    fn paused_stands_still() {
        let (mut s, now) = session_at(HOLD);
        s.pause(now);
        let later = now + Duration::from_secs(30);
        s.tick(later);
        let view = s.view(later);
        assert_eq!(view, {
            let mut v = s.view(now);
            v.paused = true;
            v
        });
        for (w, h) in SIZES {
            let theme = Theme::new(true);
            let buf = draw(
                w,
                h,
                &SessionScreen {
                    view: &view,
                    theme: &theme,
                    overlay: Overlay::None,
                    notice: None,
                    figure: None,
                },
            );
            insta::assert_snapshot!(format!("paused_{w}x{h}"), text(&buf));
            // The frame is grey.
            assert_eq!(buf[(0, 1)].fg, Color::DarkGray);
        }
    }

    #[test]
    fn help_overlay_lists_every_key() {
        for (w, h) in [(40, 12), (80, 24)] {
            let buf = screen_at(HOLD, Overlay::Help, &Theme::new(true), w, h);
            insta::assert_snapshot!(format!("help_{w}x{h}"), text(&buf));
        }
        let all = text(&screen_at(HOLD, Overlay::Help, &Theme::new(true), 80, 24));
        for (key, words) in crate::tui::keys::countdown_help() {
            assert!(all.contains(key), "{key} missing");
            assert!(all.contains(words), "{words} missing");
        }
    }

    #[test]
    fn quit_asks_first() {
        let buf = screen_at(HOLD, Overlay::QuitPrompt, &Theme::new(true), 80, 24);
        insta::assert_snapshot!("quit_prompt_80x24", text(&buf));
    }

    #[test]
    fn too_small_says_what_is_needed() {
        let buf = screen_at(HOLD, Overlay::None, &Theme::new(true), 30, 8);
        insta::assert_snapshot!("too_small_30x8", text(&buf));
        let wide = text(&screen_at(HOLD, Overlay::None, &Theme::new(true), 79, 11));
        assert!(
            wide.contains("terminal too small — 40×12 needed (now 79×11)"),
            "{wide}"
        );
        let narrow = text(&screen_at(HOLD, Overlay::None, &Theme::new(true), 39, 30));
        assert!(
            narrow.contains("terminal too small — 40×12 needed"),
            "{narrow}"
        );
        assert!(narrow.contains("(now 39×30)"), "{narrow}");
    }

    #[test]
    fn a_notice_replaces_the_keys() {
        let (s, now) = session_at(HOLD);
        let view = s.view(now);
        let theme = Theme::new(true);
        let buf = draw(
            80,
            24,
            &SessionScreen {
                view: &view,
                theme: &theme,
                overlay: Overlay::None,
                notice: Some("cannot run the cue_command `say`: not found; cues stay silent"),
                figure: None,
            },
        );
        let last = text(&buf).lines().nth(23).unwrap_or_default().to_string();
        assert!(last.contains("cannot run the cue_command"), "{last}");
    }

    #[test]
    fn every_size_and_state_draws_without_panicking() {
        let theme = Theme::new(true);
        for at in [
            0.0,
            PREPARE,
            HOLD,
            SWITCH,
            REST,
            BREATH_REPS,
            ALTERNATING,
            251.9,
            400.0,
        ] {
            let (s, now) = session_at(at);
            let view = s.view(now);
            for overlay in [Overlay::None, Overlay::Help, Overlay::QuitPrompt] {
                let screen = SessionScreen {
                    view: &view,
                    theme: &theme,
                    overlay,
                    notice: Some("a notice"),
                    figure: None,
                };
                for w in (0..=130).step_by(7).chain([39, 40, 79, 80]) {
                    for h in (0..=45).step_by(3).chain([11, 12, 23, 24]) {
                        draw(w, h, &screen);
                    }
                }
            }
        }
    }

    #[test]
    fn renders_into_zero_size_areas() {
        let (s, now) = session_at(HOLD);
        let view = s.view(now);
        let theme = Theme::new(true);
        let screen = SessionScreen {
            view: &view,
            theme: &theme,
            overlay: Overlay::QuitPrompt,
            notice: None,
            figure: None,
        };
        for (w, h) in [(0, 0), (0, 24), (80, 0), (1, 1)] {
            draw(w, h, &screen);
        }
        // An area outside the buffer draws nothing.
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 10));
        (&screen).render(Rect::new(50, 50, 80, 24), &mut buf);
        too_small(Rect::ZERO, &mut buf, &theme, None);
        Help { theme: &theme }.render(Rect::ZERO, &mut buf);
        quit_prompt(Rect::new(0, 0, 1, 1), &mut buf, &theme);
    }

    #[test]
    fn without_colours_the_screen_has_none() {
        let plain = Theme::new(false);
        for at in [PREPARE, HOLD, SWITCH, REST, BREATH_REPS, ALTERNATING] {
            for overlay in [Overlay::None, Overlay::Help, Overlay::QuitPrompt] {
                for (w, h) in SIZES {
                    let buf = screen_at(at, overlay, &plain, w, h);
                    assert!(colourless(&buf), "colour at {at} s, {w}×{h}");
                }
            }
        }
        // ... while with colours the kinds show.
        let buf = screen_at(HOLD, Overlay::None, &Theme::new(true), 80, 24);
        assert!(!colourless(&buf));
        assert_eq!(buf[(0, 1)].fg, Color::Green);
        // Words carry the meaning alone: the same text either way.
        assert_eq!(
            text(&screen_at(HOLD, Overlay::None, &plain, 80, 24)),
            text(&buf)
        );
    }

    #[test]
    fn the_last_seconds_are_bold_and_the_kinds_have_colours() {
        let theme = Theme::new(true);
        let prepare = screen_at(PREPARE, Overlay::None, &theme, 80, 24);
        assert_eq!(prepare[(0, 1)].fg, Color::Blue);
        assert!(!prepare[(0, 1)].modifier.contains(Modifier::BOLD));
        // 2.8 s left in the switch.
        let switch = screen_at(SWITCH, Overlay::None, &theme, 80, 24);
        assert_eq!(switch[(0, 1)].fg, Color::Yellow);
        assert!(switch[(0, 1)].modifier.contains(Modifier::BOLD));
    }

    #[test]
    fn every_wake_changes_what_is_on_screen() {
        // A hold through the switch, Cat-Cow's breaths and Bird Dog's tempo reps, with the
        // figure and without (`f`), at three sizes: each moment the loop is told to wake at
        // shows something new (a pacer cell, a step of the figure, a second), so no wake is
        // wasted and none comes late.
        let theme = Theme::new(true);
        for (from, wakes) in [(30.3, 150), (156.3, 100), (212.3, 120)] {
            for figure in [None, Some(Marker::Braille)] {
                for (w, h) in [(80, 24), (40, 12), (120, 40)] {
                    let area = Rect::new(0, 0, w, h);
                    let (mut s, mut now) = session_at(from);
                    let screen_at = |s: &crate::session::Session, at| {
                        let view = s.view(at);
                        let screen = SessionScreen {
                            view: &view,
                            theme: &theme,
                            overlay: Overlay::None,
                            notice: None,
                            figure,
                        };
                        (text(&draw(w, h, &screen)), screen.steps(area))
                    };
                    let (mut shown, mut steps) = screen_at(&s, now);
                    for i in 0..wakes {
                        let wake = s.next_change(now, steps).expect("running");
                        s.tick(wake);
                        let (next, next_steps) = screen_at(&s, wake);
                        assert_ne!(
                            next, shown,
                            "{w}×{h}, figure {figure:?}: nothing changed at wake {i} from {from} s"
                        );
                        (shown, steps, now) = (next, next_steps, wake);
                    }
                }
            }
        }
    }

    #[test]
    fn only_what_is_on_screen_wakes_it() {
        let theme = Theme::new(true);
        let steps = |at: f64, figure: Option<Marker>, w: u16, h: u16| {
            let (s, now) = session_at(at);
            let view = s.view(now);
            SessionScreen {
                view: &view,
                theme: &theme,
                overlay: Overlay::None,
                notice: None,
                figure,
            }
            .steps(Rect::new(0, 0, w, h))
        };
        // Bird Dog's 4 s reps: the pacer steps 8 times a half, and the figure with it.
        let tempo = Steps {
            breath: 0,
            tempo: 8,
        };
        assert_eq!(steps(ALTERNATING, Some(Marker::Braille), 80, 24), tempo);
        // With the figure hidden the pacer still moves, at the same steps.
        assert_eq!(steps(ALTERNATING, None, 80, 24), tempo);
        // Getting ready, switching and resting move only by the second.
        for at in [PREPARE, SWITCH, REST] {
            assert_eq!(steps(at, Some(Marker::Braille), 80, 24), Steps::default());
        }
        // Too small to draw: nothing moves at all.
        assert_eq!(steps(ALTERNATING, None, 39, 12), Steps::default());
        // A hold with no pacer and no moving figure wakes once a second.
        let t0 = std::time::Instant::now();
        let mut s = crate::session::Session::start(
            crate::timeline::Timeline::from_steps(
                "still",
                vec![crate::timeline::tests::stretch(
                    "still",
                    crate::library::Sides::Both,
                    crate::timeline::tests::hold(20, 1),
                )],
                crate::routine::Gaps::default(),
            ),
            crate::session::Options { pacer: None },
            t0,
        );
        let at = t0 + Duration::from_millis(12_500);
        s.tick(at);
        let view = s.view(at);
        let still = SessionScreen {
            view: &view,
            theme: &theme,
            overlay: Overlay::None,
            notice: None,
            figure: Some(Marker::Braille),
        }
        .steps(Rect::new(0, 0, 80, 24));
        assert_eq!(still, Steps::default());
        let wake = s.next_change(at, still).expect("running");
        assert_eq!(wake, at + Duration::from_millis(500));
        // Quick reps step no more often than the eye follows: 5 steps of 200 ms a half for
        // a 2 s swing.
        assert_eq!(tempo_steps(Rect::new(0, 0, 80, 24), 2), 5);
        assert_eq!(tempo_steps(Rect::new(0, 0, 80, 24), 8), 8);
    }

    #[test]
    fn a_tempo_rep_has_a_pacer_with_its_own_words_and_the_rep_moving_on_each_beat() {
        let lib = crate::library::Library::builtin().expect("the built-in library");
        let swings = lib.get("leg-swings").expect("leg swings").clone();
        let timeline = crate::timeline::Timeline::from_steps(
            "tempo",
            vec![crate::routine::Step {
                dose: swings.dose.clone(),
                stretch: swings,
            }],
            crate::routine::Gaps {
                prepare: Some(5),
                ..crate::routine::Gaps::default()
            },
        );
        let t0 = std::time::Instant::now();
        let mut s =
            crate::session::Session::start(timeline, crate::session::Options::default(), t0);
        let theme = Theme::new(true);
        let mut screen_at = |at: f64, w: u16, h: u16, figure: Option<Marker>| {
            let now = t0 + Duration::from_secs_f64(at);
            s.tick(now);
            let view = s.view(now);
            text(&draw(
                w,
                h,
                &SessionScreen {
                    view: &view,
                    theme: &theme,
                    overlay: Overlay::None,
                    notice: None,
                    figure,
                },
            ))
        };
        let pacer_row = |t: &str| {
            t.lines()
                .find(|l| l.contains('▕'))
                .unwrap_or_default()
                .to_string()
        };
        // The left leg's third swing (2 s each, from 5 s): it swings back in the first
        // second (as the figure does, from its first keyframe to its last), the bar
        // filling; forward in the next, the bar emptying.
        let out = screen_at(9.55, 80, 24, Some(Marker::Braille));
        assert!(pacer_row(&out).contains("back ▕"), "{out}");
        assert!(out.contains("rep 3/20"), "{out}");
        let back = screen_at(10.55, 80, 24, Some(Marker::Braille));
        assert!(pacer_row(&back).contains("forward ▕"), "{back}");
        let filled = |t: &str| pacer_row(t).matches('█').count();
        assert!(filled(&out) > 0 && filled(&out) < 24, "{out}");
        assert_eq!(filled(&out), 24 - filled(&back), "{out}{back}");
        // The rep moves on with the next beat.
        let next = screen_at(11.05, 80, 24, Some(Marker::Braille));
        assert!(next.contains("rep 4/20"), "{next}");
        // After the halfway turn the side-to-side words.
        let across = screen_at(5.0 + 20.5, 80, 24, Some(Marker::Braille));
        assert!(pacer_row(&across).contains("across ▕"), "{across}");
        insta::assert_snapshot!("tempo_rep_80x24", out);
        insta::assert_snapshot!("tempo_rep_back_80x24", back);
        let small = screen_at(9.55, 40, 12, Some(Marker::Braille));
        assert!(pacer_row(&small).contains("back"), "{small}");
        insta::assert_snapshot!("tempo_rep_40x12", small);
        insta::assert_snapshot!(
            "tempo_rep_120x40",
            screen_at(9.55, 120, 40, Some(Marker::Braille))
        );
    }

    #[test]
    fn the_pacer_fills_on_the_inhale_and_empties_on_the_exhale() {
        let filled = |at: f64| {
            let buf = screen_at(at, Overlay::None, &Theme::new(true), 80, 24);
            let t = text(&buf);
            let row = t
                .lines()
                .find(|l| l.contains('▕'))
                .unwrap_or_default()
                .to_string();
            (row.matches('█').count(), row.contains("breathe in"))
        };
        // The hold starts at 8 s: 4 s in, 6 s out.
        // 24 cells in 8 steps: 3 cells a step.
        assert_eq!(filled(8.0), (0, true));
        assert_eq!(filled(9.0), (6, true));
        assert_eq!(filled(10.0), (12, true));
        assert_eq!(filled(11.9), (21, true));
        assert_eq!(filled(12.0), (24, false));
        assert_eq!(filled(15.0), (12, false));
        assert_eq!(filled(17.9), (3, false));
        assert_eq!(filled(18.0), (0, true));
        assert_eq!(pacer_steps(Rect::new(0, 0, 80, 24)), 8);
        assert_eq!(pacer_steps(Rect::new(0, 0, 40, 12)), 8);
        assert_eq!(pacer_steps(Rect::ZERO), 1);
    }
}
