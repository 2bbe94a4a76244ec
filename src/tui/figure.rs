//! The stick figure on screen: a [`Canvas`] in braille (or half blocks for fonts without
//! braille), scaled to the room there is, the floor on the bottom row. Also the same
//! drawing as lines of text, for `supple show`.

use crate::figure::{Figure, Fit, Posture, draw};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::symbols::Marker;
use ratatui::widgets::Widget;
use ratatui::widgets::canvas::{Canvas, Circle, Line as CanvasLine, Points};
use std::cell::RefCell;

/// How figures are drawn: `figures:` in config.yaml.
pub use crate::settings::Figures;

/// The canvas marker for a style, `None` when figures are off.
pub fn marker(style: Figures) -> Option<Marker> {
    match style {
        Figures::Braille => Some(Marker::Braille),
        Figures::Blocks => Some(Marker::HalfBlock),
        Figures::Off => None,
    }
}

/// One pose of a figure, drawn into whatever area it is given, the floor on its bottom
/// row (a screen centres it in its room with [`FigureWidget::fitted`]).
#[derive(Debug, Clone, Copy)]
pub struct FigureWidget<'a> {
    pub figure: &'a Figure,
    pub posture: Posture,
    pub marker: Marker,
    /// The body's style and the props' and the floor's.
    pub body: Style,
    pub props: Style,
}

impl<'a> FigureWidget<'a> {
    /// The figure in `posture`, plain.
    pub fn new(figure: &'a Figure, posture: Posture, marker: Marker) -> Self {
        FigureWidget {
            figure,
            posture,
            marker,
            body: Style::new(),
            props: Style::new(),
        }
    }
}

/// Dots across and up in `area` with `marker`.
fn dots(area: Rect, marker: Marker) -> (usize, usize) {
    let (w, h) = (usize::from(area.width), usize::from(area.height));
    match marker {
        Marker::HalfBlock => (w, h * 2),
        _ => (w * 2, h * 4),
    }
}

fn colour(style: Style) -> Color {
    style.fg.unwrap_or(Color::Reset)
}

impl FigureWidget<'_> {
    /// The rows of `area` the figure takes: all of them for a tall figure, the middle ones
    /// for one wider than tall.
    pub fn fitted(&self, area: Rect) -> Rect {
        fitted(self.extent(), area, self.marker)
    }

    /// The room the figure takes through its whole movement, so it keeps its scale.
    fn extent(&self) -> crate::figure::Bounds {
        self.figure.extent(self.posture.mirrored)
    }
}

fn fitted(bounds: crate::figure::Bounds, area: Rect, marker: Marker) -> Rect {
    let Some(fit) = Fit::new(bounds, dots(area, marker)) else {
        return area;
    };
    let per_row = dots(Rect::new(0, 0, 1, 1), marker).1 as f64;
    let unit = (fit.y[1] - fit.y[0]) / (fit.dots.1.max(2) - 1) as f64;
    let used =
        (f64::from(bounds.top - bounds.bottom) / unit.max(f64::MIN_POSITIVE) + 1.0) / per_row;
    let rows = (used.ceil() as u16).clamp(1, area.height.max(1));
    Rect::new(
        area.x,
        area.y + area.height.saturating_sub(rows) / 2,
        area.width,
        rows.min(area.height),
    )
}

/// What a figure drew last, to draw it again without working it out: a countdown draws
/// the same pose frame after frame through a hold, and between a moving figure's steps.
struct Drawn {
    figure: Figure,
    posture: Posture,
    marker: Marker,
    body: Style,
    props: Style,
    size: (u16, u16),
    /// The cells the canvas set, from the area's top left: the symbol and its colour.
    cells: Vec<(u16, u16, Cell)>,
}

thread_local! {
    static LAST: RefCell<Option<Drawn>> = const { RefCell::new(None) };
}

impl FigureWidget<'_> {
    fn drew(&self, drawn: &Drawn, area: Rect) -> bool {
        drawn.size == (area.width, area.height)
            && drawn.posture == self.posture
            && drawn.marker == self.marker
            && drawn.body == self.body
            && drawn.props == self.props
            && drawn.figure == *self.figure
    }
}

impl Widget for &FigureWidget<'_> {
    /// Draws the figure, or what it drew last when nothing about it changed.
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        LAST.with_borrow_mut(|last| {
            if !last.as_ref().is_some_and(|d| self.drew(d, area)) {
                let mut scratch = Buffer::empty(Rect::new(0, 0, area.width, area.height));
                self.paint(scratch.area, &mut scratch);
                let blank = Cell::default();
                let cells = scratch
                    .content()
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| **c != blank)
                    .map(|(i, c)| {
                        let (x, y) = scratch.pos_of(i);
                        (x, y, c.clone())
                    })
                    .collect();
                *last = Some(Drawn {
                    figure: self.figure.clone(),
                    posture: self.posture,
                    marker: self.marker,
                    body: self.body,
                    props: self.props,
                    size: (area.width, area.height),
                    cells,
                });
            }
            if let Some(drawn) = last {
                // As the canvas does: the plain background under it, then its cells.
                buf.set_style(area, Style::new().bg(Color::Reset));
                for (x, y, c) in &drawn.cells {
                    buf[(area.x + x, area.y + y)]
                        .set_symbol(c.symbol())
                        .set_fg(c.fg);
                }
            }
        });
    }
}

impl FigureWidget<'_> {
    /// Works the figure out and draws it on a canvas.
    fn paint(&self, area: Rect, buf: &mut Buffer) {
        let d = draw(&self.posture, &self.figure.props);
        let bounds = self.extent();
        let Some(fit) = Fit::new(bounds, dots(area, self.marker)) else {
            return;
        };
        let (body, props) = (colour(self.body), colour(self.props));
        let line = |[a, b]: &[crate::figure::Point; 2], color| CanvasLine {
            x1: f64::from(a.x),
            y1: f64::from(a.y),
            x2: f64::from(b.x),
            y2: f64::from(b.y),
            color,
        };
        Canvas::default()
            .marker(self.marker)
            .x_bounds(fit.x)
            .y_bounds(fit.y)
            .paint(|ctx| {
                // In braille the floor is dotted, every other dot, so what lies on it
                // stands out; half blocks are too coarse for that, their floor is a line.
                let (y, from, to) = d.floor;
                let every = if self.marker == Marker::Braille {
                    2.0
                } else {
                    1.0
                };
                let step = (fit.x[1] - fit.x[0]) / (fit.dots.0.max(2) - 1) as f64 * every;
                let mut coords = Vec::new();
                let mut x = fit.x[0];
                while x <= fit.x[1] + step / 4.0 {
                    if x >= f64::from(from) - step / 2.0 && x <= f64::from(to) + step / 2.0 {
                        coords.push((x.min(fit.x[1]), f64::from(y)));
                    }
                    x += step;
                }
                ctx.draw(&Points {
                    coords: &coords,
                    color: props,
                });
                for l in &d.prop_lines {
                    ctx.draw(&line(l, props));
                }
                for (c, r) in &d.prop_circles {
                    ctx.draw(&Circle {
                        x: f64::from(c.x),
                        y: f64::from(c.y),
                        radius: f64::from(*r),
                        color: props,
                    });
                }
                for l in &d.body {
                    ctx.draw(&line(l, body));
                }
                if let Some((c, r)) = &d.head {
                    ctx.draw(&Circle {
                        x: f64::from(c.x),
                        y: f64::from(c.y),
                        radius: f64::from(*r),
                        color: body,
                    });
                }
            })
            .render(area, buf);
    }
}

/// The pose to show for a moment of a session: still at the first keyframe but during
/// reps, where a breath-paced rep moves to the last keyframe on the in-breath and back on
/// the out-breath and a tempo rep out and back over the rep, in `steps` steps a half (the
/// pacer's); the right side is the mirror image.
pub fn posture_for(figure: &Figure, view: &crate::session::View<'_>, steps: u32) -> Posture {
    use crate::session::Half;
    use crate::timeline::{PhaseKind, Side};
    let t = match (view.kind, view.rep, &view.breath, view.rep_progress) {
        (PhaseKind::Work, Some(_), Some(b), _) => {
            crate::figure::breath_phase(b.half == Half::In, b.progress, steps)
        }
        (PhaseKind::Work, Some(_), None, Some(p)) => crate::figure::tempo_phase(p, steps),
        _ => 0.0,
    };
    let posture = figure.posture_at(t);
    if view.side == Some(Side::Right) {
        posture.mirror()
    } else {
        posture
    }
}

/// The figure's keyframes side by side as lines of text, each pose `cols`×`rows` cells;
/// trailing blanks trimmed.
pub fn text(figure: &Figure, mirrored: bool, marker: Marker, cols: u16, rows: u16) -> Vec<String> {
    let frames = figure.frames.len() as u16;
    let gap = 3u16;
    let width = frames * cols + (frames.saturating_sub(1)) * gap;
    let area = Rect::new(0, 0, width, rows);
    let mut buf = Buffer::empty(area);
    for (i, pose) in figure.frames.iter().enumerate() {
        let mut posture = Posture::of(pose, figure.view);
        if mirrored {
            posture = posture.mirror();
        }
        let x = i as u16 * (cols + gap);
        // Every keyframe on the same floor, the bottom row.
        let w = FigureWidget::new(figure, posture, marker);
        w.render(Rect::new(x, 0, cols, rows), &mut buf);
        if i + 1 < figure.frames.len() && rows > 0 {
            let used = w.fitted(Rect::new(0, 0, cols, rows)).height;
            buf[(x + cols + 1, rows - used.div_ceil(2))].set_symbol("→");
        }
    }
    let mut lines: Vec<String> = (0..rows)
        .map(|y| {
            let row: String = (0..width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect();
            // An empty braille cell is blank too.
            row.replace('\u{2800}', " ").trim_end().to_string()
        })
        .collect();
    while lines.first().is_some_and(String::is_empty) {
        lines.remove(0);
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::Library;

    #[test]
    fn every_built_in_stretch_has_a_figure_that_fits_at_every_size() {
        let lib = Library::builtin().unwrap();
        let mut missing = Vec::new();
        for s in lib.stretches() {
            let Some(figure) = &s.figure else {
                missing.push(s.id.clone());
                continue;
            };
            let moments: &[f32] = if figure.moves() {
                &[0.0, 0.5, 1.0]
            } else {
                &[0.0]
            };
            for &t in moments {
                for mirrored in [false, true] {
                    let mut posture = figure.posture_at(t);
                    if mirrored {
                        posture = posture.mirror();
                    }
                    let d = draw(&posture, &figure.props);
                    // The extent the screens fit holds every moment of the movement.
                    let all = figure.extent(mirrored);
                    let b = d.bounds();
                    assert!(
                        b.left >= all.left - 1e-3
                            && b.right <= all.right + 1e-3
                            && b.bottom >= all.bottom - 1e-3
                            && b.top <= all.top + 1e-3,
                        "{} at {t}: {b:?} outside {all:?}",
                        s.id
                    );
                    for cols in 1..=200usize {
                        for rows in 1..=60usize {
                            let dots = (cols * 2, rows * 4);
                            let fit = Fit::new(d.bounds(), dots).unwrap();
                            for p in d.body.iter().chain(&d.prop_lines).flatten() {
                                let at = fit.dot(*p);
                                assert!(
                                    at.is_some_and(|(x, y)| x < dots.0 && y < dots.1),
                                    "{} at {cols}×{rows}: {p:?}",
                                    s.id
                                );
                            }
                        }
                    }
                }
            }
        }
        assert!(missing.is_empty(), "no figure: {missing:?}");
    }

    #[test]
    fn the_widget_draws_at_every_size_without_panicking() {
        let lib = Library::builtin().unwrap();
        for s in lib
            .stretches()
            .iter()
            .filter(|s| s.figure.is_some())
            .take(6)
        {
            let figure = s.figure.as_ref().unwrap();
            for marker in [Marker::Braille, Marker::HalfBlock] {
                let w = FigureWidget {
                    figure,
                    posture: figure.posture_at(0.5).mirror(),
                    marker,
                    body: Style::new(),
                    props: Style::new(),
                };
                for cols in [0u16, 1, 2, 3, 7, 40, 200] {
                    for rows in [0u16, 1, 2, 5, 60] {
                        let mut buf = Buffer::empty(Rect::new(0, 0, cols, rows));
                        (&w).render(buf.area, &mut buf);
                    }
                }
                // An area outside the buffer draws nothing.
                let mut buf = Buffer::empty(Rect::new(0, 0, 5, 5));
                (&w).render(Rect::new(20, 20, 10, 10), &mut buf);
            }
        }
    }

    #[test]
    fn a_standing_figure_stands_on_the_bottom_row() {
        let figure = Figure {
            view: crate::figure::FigureView::Side,
            props: vec![],
            frames: vec![crate::figure::Base::Stand.pose()],
        };
        let lines = text(&figure, false, Marker::Braille, 12, 8);
        assert_eq!(lines.len(), 8, "{lines:#?}");
        assert!(!lines[7].trim().is_empty());
        let blocks = text(&figure, false, Marker::HalfBlock, 12, 8);
        assert!(
            blocks
                .iter()
                .any(|l| l.contains('▀') || l.contains('▄') || l.contains('█'))
        );
    }
}
