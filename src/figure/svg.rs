//! A figure as an SVG picture: each keyframe side by side, for the README, a printed
//! routine card, or a close look at a pose while it is written.

use super::{Drawing, Figure, Point};
use std::fmt::Write as _;

/// Pixels per body unit.
const SCALE: f32 = 24.0;
/// Body units between two keyframes and around the picture.
const GAP: f32 = 1.5;
const MARGIN: f32 = 0.8;

/// The SVG of `figure` (mirrored for the right side when `mirrored`), with `title` as its
/// accessible name.
pub fn svg(figure: &Figure, mirrored: bool, title: &str) -> String {
    let drawings: Vec<Drawing> = figure
        .frames
        .iter()
        .map(|pose| {
            let mut p = super::Posture::of(pose, figure.view);
            if mirrored {
                p = p.mirror();
            }
            super::draw(&p, &figure.props)
        })
        .collect();
    let bounds: Vec<_> = drawings.iter().map(Drawing::bounds).collect();
    let bottom = bounds.iter().map(|b| b.bottom).fold(f32::MAX, f32::min);
    let top = bounds.iter().map(|b| b.top).fold(f32::MIN, f32::max);
    let widths: f32 = bounds.iter().map(|b| b.right - b.left).sum();
    let width = widths + GAP * (drawings.len().saturating_sub(1)) as f32 + 2.0 * MARGIN;
    let height = top - bottom + 2.0 * MARGIN;
    let px = |v: f32| v * SCALE;
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{:.0}" height="{:.0}" viewBox="0 0 {:.1} {:.1}" role="img">"#,
        px(width),
        px(height),
        px(width),
        px(height)
    );
    let _ = writeln!(s, "  <title>{}</title>", escape(title));
    let _ = writeln!(
        s,
        r##"  <rect width="100%" height="100%" fill="#ffffff"/>"##
    );
    let mut x0 = MARGIN;
    for (d, b) in drawings.iter().zip(&bounds) {
        // Body units to pixels, y down, each keyframe on the same floor.
        let at = |p: &Point| (px(x0 + p.x - b.left), px(top + MARGIN - p.y));
        let line = |s: &mut String, [a, b]: &[Point; 2], class: &str| {
            let (ax, ay) = at(a);
            let (bx, by) = at(b);
            let _ = writeln!(
                s,
                r#"    <line class="{class}" x1="{ax:.1}" y1="{ay:.1}" x2="{bx:.1}" y2="{by:.1}"/>"#
            );
        };
        s.push_str("  <g>\n");
        let floor = [
            Point {
                x: d.floor.1,
                y: d.floor.0,
            },
            Point {
                x: d.floor.2,
                y: d.floor.0,
            },
        ];
        line(&mut s, &floor, "floor");
        for l in &d.prop_lines {
            line(&mut s, l, "prop");
        }
        for (c, r) in &d.prop_circles {
            let (cx, cy) = at(c);
            let _ = writeln!(
                s,
                r#"    <circle class="prop" cx="{cx:.1}" cy="{cy:.1}" r="{:.1}"/>"#,
                px(*r)
            );
        }
        for l in &d.body {
            line(&mut s, l, "body");
        }
        if let Some((c, r)) = &d.head {
            let (cx, cy) = at(c);
            let _ = writeln!(
                s,
                r#"    <circle class="body" cx="{cx:.1}" cy="{cy:.1}" r="{:.1}"/>"#,
                px(*r)
            );
        }
        s.push_str("  </g>\n");
        x0 += b.right - b.left + GAP;
    }
    let _ = writeln!(
        s,
        "  <style>line, circle {{ fill: none; stroke-linecap: round; }} .body {{ stroke: #1d3557; stroke-width: {:.1}; }} .prop {{ stroke: #8d99ae; stroke-width: {:.1}; }} .floor {{ stroke: #adb5bd; stroke-width: {:.1}; }}</style>",
        px(0.22),
        px(0.14),
        px(0.1)
    );
    s.push_str("</svg>\n");
    s
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
