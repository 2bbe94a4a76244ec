//! Measured figures (not pass/fail): `cargo bench`. See BENCHMARKS.md.

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Duration, Instant};
use supple::library::{Library, Source};
use supple::routine::{Gaps, Step};
use supple::session::{Options, Session};
use supple::timeline::Timeline;

fn main() {
    divan::main();
}

/// A library file of `n` stretches, in the shape of the built-in ones.
pub fn generated_library(n: usize) -> Vec<Source> {
    let per_file = 1000;
    (0..n.div_ceil(per_file))
        .map(|f| {
            let mut text = String::new();
            for i in f * per_file..((f + 1) * per_file).min(n) {
                let dose = if i % 2 == 0 {
                    "  hold: 30s\n  sets: 2\n"
                } else {
                    "  reps: 10\n  breath: {in: 3s, out: 3s, in_cue: \"Open up\", out_cue: \"Fold in\"}\n"
                };
                let _ = write!(
                    text,
                    "- id: stretch-{i}\n  name: Stretch {i}\n  summary: A generated stretch for measuring.\n  areas: [hips, glutes, lower-back]\n  position: floor\n  equipment: []\n  level: gentle\n  loads: [knees]\n  sides: each\n{dose}  setup:\n    - Lie on your back.\n    - Bend both knees.\n  cues:\n    - Breathe slowly.\n    - Let the hip sink.\n  cautions:\n    - Stop if it pinches.\n"
                );
            }
            Source {
                name: format!("generated-{f}.yaml"),
                text,
                builtin: false,
            }
        })
        .collect()
}

#[divan::bench]
fn load_builtin_library() -> Library {
    Library::builtin().unwrap()
}

#[divan::bench(sample_count = 10)]
fn load_10000_stretches(bencher: divan::Bencher) {
    let sources = generated_library(10_000);
    bencher.bench(|| Library::from_sources(black_box(&sources)).unwrap());
}

fn steps(n: usize) -> Vec<Step> {
    let lib = Library::builtin().unwrap();
    lib.stretches()
        .iter()
        .cycle()
        .take(n)
        .map(|s| Step {
            stretch: s.clone(),
            dose: s.dose.clone(),
        })
        .collect()
}

#[divan::bench]
fn timeline_of_1000_steps(bencher: divan::Bencher) {
    let steps = steps(1000);
    bencher.bench(|| Timeline::from_steps("long", black_box(steps.clone()), Gaps::default()));
}

/// One tick in the middle of a hold, as the screen does every frame.
#[divan::bench]
fn session_tick(bencher: divan::Bencher) {
    let t0 = Instant::now();
    let timeline = Timeline::from_steps("bench", steps(20), Gaps::default());
    let mut session = Session::start(timeline, Options::default(), t0);
    let mut ms = 0u64;
    bencher.bench_local(|| {
        ms += 100;
        black_box(session.tick(t0 + Duration::from_millis(ms)))
    });
}

/// The view a frame is drawn from.
#[divan::bench]
fn session_view(bencher: divan::Bencher) {
    let t0 = Instant::now();
    let timeline = Timeline::from_steps("bench", steps(20), Gaps::default());
    let mut session = Session::start(timeline, Options::default(), t0);
    let now = t0 + Duration::from_secs(15);
    session.tick(now);
    bencher.bench_local(|| black_box(session.view(now)).phase_secs());
}

/// The YAML parser alone on the same files, to show what validation adds.
#[divan::bench(sample_count = 10)]
fn parse_yaml_only_10000(bencher: divan::Bencher) {
    let sources = generated_library(10_000);
    bencher.bench(|| {
        for s in &sources {
            black_box(supple::yaml::parse_tree(&s.text).unwrap());
        }
    });
}

/// One frame of the countdown in the middle of a hold with the pacer, drawn into a test
/// terminal of the given size (the diff against the previous frame included), `from`
/// seconds into the lower-back routine, with the figure in braille or without it.
fn render_frame(bencher: divan::Bencher, width: u16, height: u16, from: u64, figure: bool) {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use supple::tui::session::{Overlay, SessionScreen};
    use supple::tui::theme::Theme;
    let t0 = Instant::now();
    let lib = Library::builtin().unwrap();
    let routine =
        supple::routine::Routines::from_sources(&supple::routine::builtin_sources(), &lib)
            .unwrap()
            .get("lower-back")
            .unwrap()
            .clone();
    let timeline = Timeline::build(&routine, Gaps::default(), Gaps::default());
    let mut session = Session::start(timeline, Options::default(), t0);
    let now = t0 + Duration::from_secs(from);
    session.tick(now);
    let theme = Theme::new(true);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let mut ms = 0u64;
    bencher.bench_local(|| {
        ms += 250;
        let at = now + Duration::from_millis(ms % 20_000);
        let view = session.view(at);
        terminal
            .draw(|frame| {
                frame.render_widget(
                    &SessionScreen {
                        view: &view,
                        theme: &theme,
                        overlay: Overlay::None,
                        notice: None,
                        figure: figure.then_some(ratatui::symbols::Marker::Braille),
                    },
                    frame.area(),
                );
            })
            .unwrap();
    });
}

/// Into Knee-to-Chest's first hold.
const HOLD: u64 = 160;
/// Into the first breath-paced rep of Knee Rolls, the routine's first stretch.
const BREATH_REPS: u64 = 12;

#[divan::bench]
fn frame_80x24(bencher: divan::Bencher) {
    render_frame(bencher, 80, 24, HOLD, false);
}

#[divan::bench]
fn frame_200x60(bencher: divan::Bencher) {
    render_frame(bencher, 200, 60, HOLD, false);
}

/// The same hold with the stick figure beside the digits.
#[divan::bench]
fn frame_80x24_figure(bencher: divan::Bencher) {
    render_frame(bencher, 80, 24, HOLD, true);
}

/// A breath-paced rep with the figure moving.
#[divan::bench]
fn frame_80x24_figure_breath_reps(bencher: divan::Bencher) {
    render_frame(bencher, 80, 24, BREATH_REPS, true);
}

#[divan::bench]
fn frame_200x60_figure(bencher: divan::Bencher) {
    render_frame(bencher, 200, 60, HOLD, true);
}

/// The figure alone: angles to segments, the fit and the braille canvas, 24×16 cells.
#[divan::bench]
fn figure_alone_24x16(bencher: divan::Bencher) {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::Style;
    use ratatui::widgets::Widget;
    let lib = Library::builtin().unwrap();
    let figure = lib.get("cat-cow").unwrap().figure.clone().unwrap();
    let mut buf = Buffer::empty(Rect::new(0, 0, 24, 16));
    let mut t = 0.0f32;
    bencher.bench_local(|| {
        t = (t + 0.125) % 1.0;
        let w = supple::tui::figure::FigureWidget {
            figure: &figure,
            posture: figure.posture_at(t),
            marker: ratatui::symbols::Marker::Braille,
            body: Style::new(),
            props: Style::new(),
        };
        (&w).render(buf.area, &mut buf);
    });
}
