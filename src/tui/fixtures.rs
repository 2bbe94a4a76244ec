//! A routine with every kind of phase, and helpers to draw a widget into a `TestBackend`
//! and read the result back as text.

use crate::library::{Area, Breath, Dose, Sides};
use crate::routine::{Gaps, Step};
use crate::session::{Options, Session};
use crate::timeline::Timeline;
use crate::timeline::tests::{stretch, tempo};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;
use ratatui::widgets::Widget;
use std::time::{Duration, Instant};

/// The built-in stretch's figure.
fn figure(id: &str) -> Option<Box<crate::figure::Figure>> {
    crate::library::Library::builtin()
        .ok()?
        .get(id)
        .and_then(|s| s.figure.clone())
}

/// Knee-to-Chest, each side, 2 × 30 s with a 4/6 pacer.
fn knee_to_chest() -> Step {
    let mut step = stretch(
        "knee-to-chest",
        Sides::Each,
        Dose::Hold {
            hold: 30,
            sets: 2,
            pacer: Some(Breath {
                inhale: 4,
                exhale: 6,
                in_cue: None,
                out_cue: None,
            }),
        },
    );
    let s = &mut step.stretch;
    s.figure = figure("knee-to-chest");
    s.name = "Knee-to-Chest".into();
    s.areas = vec![Area::LowerBack, Area::Glutes, Area::Hips];
    s.setup = vec![
        "Lie on your back, knees bent, feet flat.".into(),
        "Bring one knee up and hold behind the thigh, not over the knee.".into(),
    ];
    s.cues = vec![
        "Draw the knee in until you feel a mild pull.".into(),
        "Let the other leg rest, bent or straight.".into(),
    ];
    step
}

/// Cat-Cow, 8 breaths of 3 s in and 3 s out, each half with its own words.
fn cat_cow() -> Step {
    let dose = Dose::Reps {
        reps: 8,
        sets: 1,
        pace: crate::library::Pace::Breath(Breath {
            inhale: 3,
            exhale: 3,
            in_cue: Some("Cow: belly sinks, chest and tailbone lift".into()),
            out_cue: Some("Cat: round the back, tuck the chin".into()),
        }),
    };
    let mut step = stretch("cat-cow", Sides::Both, dose);
    let s = &mut step.stretch;
    s.figure = figure("cat-cow");
    s.name = "Cat-Cow".into();
    s.areas = vec![Area::UpperBack, Area::LowerBack, Area::Core];
    s.setup = vec!["Come to hands and knees, wrists under shoulders.".into()];
    s.cues = vec!["Move with the breath.".into()];
    step
}

/// Bird Dog, 5 reps a side of 4 s, alternating.
fn bird_dog() -> Step {
    let mut step = stretch("bird-dog", Sides::Alternating, tempo(5, 4, 1));
    let s = &mut step.stretch;
    s.figure = figure("bird-dog");
    s.name = "Bird Dog".into();
    s.areas = vec![Area::Core, Area::LowerBack, Area::Glutes];
    s.setup = vec!["Hands and knees, back flat.".into()];
    s.cues = vec!["Reach the opposite arm and leg long.".into()];
    step
}

/// `lower-back`: prepare 8 s, switch 5 s, rest 10 s.
///
/// ```text
///   0 prepare  knee-to-chest       148 prepare  cat-cow
///   8 left  30   38 switch 5       156 reps 8 × 6 s
///  43 right 30   73 rest 10        204 prepare  bird-dog
///  83 left  30  113 switch 5       212 reps 2 × 5 × 4 s, alternating
/// 118 right 30                     252 done
/// ```
pub fn timeline() -> Timeline {
    Timeline::from_steps(
        "lower-back",
        vec![knee_to_chest(), cat_cow(), bird_dog()],
        Gaps {
            prepare: Some(8),
            switch: Some(5),
            rest: Some(10),
        },
    )
}

/// Points in the routine worth drawing, in seconds from its start.
pub const PREPARE: f64 = 3.0;
/// The left side's hold, 2.5 s into an exhale.
pub const HOLD: f64 = 24.5;
pub const SWITCH: f64 = 40.2;
pub const REST: f64 = 76.0;
/// Cat-Cow, rep 4, a second into the exhale.
pub const BREATH_REPS: f64 = 156.0 + 22.0;
/// Bird Dog, the right side of rep 2.
pub const ALTERNATING: f64 = 212.0 + 13.0;
/// The right side's first hold.
pub const RIGHT_HOLD: f64 = 55.0;

/// The routine started at `t0` and ticked to `at` seconds.
pub fn session_at(at: f64) -> (Session, Instant) {
    let t0 = Instant::now();
    let mut s = Session::start(
        timeline(),
        Options {
            pacer: Some((4, 6)),
        },
        t0,
    );
    let now = t0 + Duration::from_secs_f64(at);
    s.tick(now);
    (s, now)
}

/// `widget` drawn into a `TestBackend` of `width × height`.
pub fn draw(width: u16, height: u16, widget: impl Widget) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    terminal
        .draw(|frame| frame.render_widget(widget, frame.area()))
        .expect("draw");
    terminal.backend().buffer().clone()
}

/// The buffer's text, one line per row, trailing blanks trimmed.
pub fn text(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let row: String = (area.left()..area.right())
            .map(|x| buf[(x, y)].symbol())
            .collect();
        out.push_str(row.trim_end());
        out.push('\n');
    }
    out
}

/// True when no cell of the buffer has a colour.
pub fn colourless(buf: &Buffer) -> bool {
    buf.content()
        .iter()
        .all(|c| c.fg == Color::Reset && c.bg == Color::Reset)
}
