use super::*;
use crate::yaml::Vocab;

fn figure_of(text: &str) -> Result<Figure, Vec<String>> {
    let (mut doc, node) = Doc::parse("f.yaml", text).map_err(|d| vec![d.to_string()])?;
    let map = node.as_map().expect("a mapping");
    let scope = Scope::new(&node, map, Some("stretch `x`".into()));
    let fig = read(&mut doc, &scope);
    let problems: Vec<String> = doc
        .into_problems()
        .iter()
        .map(ToString::to_string)
        .collect();
    match fig {
        Some(f) if problems.is_empty() => Ok(f),
        _ => Err(problems),
    }
}

fn moving() -> Figure {
    figure_of(
        "figure:\n  base: all-fours\n  pose: {neck: -5}\n  keyframes:\n    - {back: -25, neck: -30}\n    - {back: 30, neck: 40, left_hip: 100}\n",
    )
    .unwrap()
}

#[test]
fn a_pose_starts_from_its_base_and_names_both_sides_or_one() {
    let f = figure_of("figure: {base: hook-lying, pose: {left_hip: 120, knee: 110}}\n").unwrap();
    assert_eq!(f.view, FigureView::Side);
    assert_eq!(f.frames.len(), 1);
    let p = f.frames[0];
    assert_eq!(p.get(Joint::Torso), -90);
    assert_eq!(p.get(Joint::Limb(Side::Left, Limb::Hip)), 120);
    assert_eq!(p.get(Joint::Limb(Side::Right, Limb::Hip)), 50);
    assert_eq!(p.get(Joint::Limb(Side::Left, Limb::Knee)), 110);
    assert_eq!(p.get(Joint::Limb(Side::Right, Limb::Knee)), 110);
    assert!(!f.moves());
}

#[test]
fn keyframes_stack_on_the_pose_and_may_change_the_base() {
    let f = moving();
    assert_eq!(f.frames.len(), 2);
    assert_eq!(f.frames[0].get(Joint::Back), -25);
    assert_eq!(f.frames[1].get(Joint::Neck), 40);
    assert_eq!(f.frames[1].get(Joint::Limb(Side::Left, Limb::Hip)), 100);
    assert_eq!(f.frames[0].get(Joint::Torso), 80);
    let g = figure_of(
        "figure:\n  pose: {neck: 20}\n  keyframes:\n    - {}\n    - {base: plank, elbow: 10}\n",
    )
    .unwrap();
    assert_eq!(g.frames[1].get(Joint::Torso), 75);
    assert_eq!(g.frames[1].get(Joint::Neck), 20);
}

#[test]
#[allow(clippy::float_cmp)]
fn interpolation_at_the_ends_equals_the_keyframes() {
    let f = moving();
    for (t, frame) in [(0.0, 0), (1.0, 1), (-0.5, 0), (7.0, 1)] {
        assert_eq!(
            f.posture_at(t),
            Posture::of(&f.frames[frame], f.view),
            "t = {t}"
        );
    }
    let half = f.posture_at(0.5);
    assert_eq!(half.get(Joint::Back), 2.5);
    assert_eq!(half.get(Joint::Neck), 5.0);
    // Three keyframes: the middle one at t = 0.5.
    let three = figure_of("figure:\n  keyframes: [{hip: 10}, {hip: 50}, {hip: 20}]\n").unwrap();
    assert_eq!(
        three.posture_at(0.5),
        Posture::of(&three.frames[1], FigureView::Side)
    );
    assert_eq!(
        three
            .posture_at(0.75)
            .get(Joint::Limb(Side::Left, Limb::Hip)),
        35.0
    );
    assert!(f.posture_at(f32::NAN) == Posture::of(&f.frames[0], f.view));
}

#[test]
fn mirroring_twice_is_the_identity() {
    let side = moving();
    let front = figure_of(
        "figure: {view: front, pose: {torso: 20, neck: -10, left_shoulder: 170, right_hip: 30}}\n",
    )
    .unwrap();
    for f in [&side, &front] {
        for t in [0.0, 0.3, 1.0] {
            let p = f.posture_at(t);
            assert_eq!(p.mirror().mirror(), p);
            assert_ne!(p.mirror(), p);
            assert_eq!(
                draw(&p.mirror().mirror(), &[Prop::Wall]),
                draw(&p, &[Prop::Wall])
            );
        }
    }
    // From the front a mirror image is the picture flipped across.
    let p = front.posture_at(0.0);
    let a = draw(&p, &[]);
    let b = draw(&p.mirror(), &[]);
    let (ha, hb) = (a.head.unwrap().0, b.head.unwrap().0);
    assert!((ha.x + hb.x).abs() < 1e-4 && (ha.y - hb.y).abs() < 1e-4);
    // From the side it faces the other way.
    let s = side.posture_at(0.0);
    let (ha, hb) = (
        draw(&s, &[]).head.unwrap().0,
        draw(&s.mirror(), &[]).head.unwrap().0,
    );
    assert!(ha.x > 0.0 && hb.x < 0.0);
}

#[test]
fn a_standing_figure_has_its_feet_on_the_floor_and_its_head_on_top() {
    let f = figure_of("figure: {}\n").unwrap();
    let d = draw(&f.posture_at(0.0), &[]);
    let b = d.bounds();
    let lowest = d
        .body
        .iter()
        .flatten()
        .map(|p| p.y)
        .fold(f32::MAX, f32::min);
    assert!(lowest.abs() < 1e-4, "{lowest}");
    assert!((b.bottom + FLOOR_GAP).abs() < 1e-4, "{b:?}");
    let (head, r) = d.head.unwrap();
    assert!((head.y + r - b.top).abs() < 1e-4);
    assert!(b.top > 8.0 && b.top < 11.0, "{b:?}");
}

#[test]
fn the_fit_stays_in_the_box_at_every_size() {
    let f = moving();
    let d = draw(&f.posture_at(0.4), &[Prop::Wall, Prop::FoamRoller]);
    for cols in 1..=200usize {
        for rows in 1..=60usize {
            for dots in [(cols * 2, rows * 4), (cols, rows * 2)] {
                let fit = Fit::new(d.bounds(), dots).unwrap();
                for p in d.body.iter().chain(&d.prop_lines).flatten() {
                    let (x, y) = fit.dot(*p).unwrap_or_else(|| panic!("{p:?} at {dots:?}"));
                    assert!(x < dots.0 && y < dots.1, "{p:?} at {dots:?}");
                }
                // The floor is on the bottom row.
                let floor = Point {
                    x: d.floor.1,
                    y: d.floor.0,
                };
                assert_eq!(fit.dot(floor).map(|(_, y)| y), Some(dots.1 - 1));
            }
        }
    }
    assert_eq!(Fit::new(d.bounds(), (0, 4)), None);
}

#[test]
fn breath_and_tempo_move_out_and_back_in_steps() {
    assert!(breath_phase(true, 0.0, 8).abs() < 1e-6);
    assert!((breath_phase(true, 1.0, 8) - 1.0).abs() < 1e-6);
    assert!((breath_phase(false, 0.0, 8) - 1.0).abs() < 1e-6);
    assert!((breath_phase(true, 0.49, 8) - 0.375).abs() < 1e-6);
    assert!(tempo_phase(0.0, 4).abs() < 1e-6);
    assert!((tempo_phase(0.5, 4) - 1.0).abs() < 1e-6);
    assert!((tempo_phase(0.75, 4) - 0.5).abs() < 1e-6);
}

fn problems(text: &str) -> Vec<String> {
    figure_of(text).expect_err("expected problems")
}

#[test]
fn an_unknown_joint_is_named_with_a_suggestion() {
    let e = problems("figure:\n  pose: {kne: 90}\n");
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].starts_with("f.yaml:2:10: stretch `x`, field `figure.pose.kne`: unknown joint `kne`; expected one of: torso, back, neck, turn, shoulder"),
        "{}",
        e[0]
    );
    assert!(e[0].ends_with("(did you mean `knee`?)"), "{}", e[0]);
    let e = problems("figure:\n  keyframes:\n    - {left_elbo: 10}\n    - {}\n");
    assert!(e[0].contains("f.yaml:3:8:"), "{}", e[0]);
    assert!(
        e[0].contains("field `figure.keyframes[1].left_elbo`"),
        "{}",
        e[0]
    );
    assert!(e[0].contains("(did you mean `left_elbow`?)"), "{}", e[0]);
}

#[test]
fn an_angle_out_of_range_says_the_range_and_what_it_means() {
    let e = problems("figure:\n  pose: {knee: 200}\n");
    assert_eq!(
        e[0],
        "f.yaml:2:16: stretch `x`, field `figure.pose.knee`: 200° is out of range; expected from 0 to 170 degrees (the knee bending: 0 straight from the side) (a body gets no further than 170°)"
    );
    let e = problems("figure:\n  pose: {hip: 45.5, neck: ninety, torso: \"90°\"}\n");
    assert_eq!(e.len(), 3, "{e:?}");
    assert!(
        e[0].contains("`45.5` is not a whole number of degrees"),
        "{}",
        e[0]
    );
    assert!(
        e[1].contains("expected an angle in whole degrees, like `90`, found text"),
        "{}",
        e[1]
    );
    assert!(e[2].contains("`90°` is text"), "{}", e[2]);
}

#[test]
fn a_joint_the_view_cannot_show_is_refused() {
    let e = problems("figure:\n  view: front\n  pose: {back: 20, torso: 80}\n");
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(
        e[0].starts_with("f.yaml:3:10: stretch `x`, field `figure.pose.back`: `back` does not show in a figure seen from the front (use `view: side` for it, or leave it out)"),
        "{}",
        e[0]
    );
    assert!(
        e[1].contains("80° is out of range; expected from -60 to 60"),
        "{}",
        e[1]
    );
    assert!(e[1].contains("a side bend of the trunk"), "{}", e[1]);
}

#[test]
fn views_bases_props_and_keyframes_are_checked() {
    let e = problems(
        "figure:\n  view: sideways\n  base: stnad\n  props: [wal]\n  colour: red\n  keyframes: [{hip: 10}]\n",
    );
    assert_eq!(e.len(), 5, "{e:?}");
    assert!(e[0].contains("unknown view `sideways`"), "{}", e[0]);
    assert!(e[1].contains("(did you mean `stand`?)"), "{}", e[1]);
    assert!(e[2].contains("(did you mean `wall`?)"), "{}", e[2]);
    assert!(
        e[3].contains("field `figure.colour`: unknown field"),
        "{}",
        e[3]
    );
    assert!(
        e[4].contains("1 keyframe; a moving figure needs at least two"),
        "{}",
        e[4]
    );
    let e = problems("figure: [1, 2]\n");
    assert!(e[0].contains("expected a mapping"), "{}", e[0]);
    let e = problems("figure:\n  keyframes: [{}, 3]\n");
    assert!(e[0].contains("expected a keyframe"), "{}", e[0]);
}

#[test]
fn every_joint_name_reads_back() {
    for name in Joint::names() {
        let joints = Joint::parse(&name).unwrap_or_else(|| panic!("{name}"));
        assert!(!joints.is_empty());
    }
    assert_eq!(Joint::names().len(), 4 + 6 + 12);
    let mut seen: Vec<usize> = Vec::new();
    for name in Joint::names() {
        for j in Joint::parse(&name).unwrap() {
            seen.push(j.index());
        }
    }
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen, (0..ANGLES).collect::<Vec<_>>());
}

#[test]
fn the_svg_shows_each_keyframe() {
    let f = moving();
    let s = svg::svg(&f, false, "Cat & Cow");
    assert!(s.starts_with("<svg "));
    assert!(s.contains("<title>Cat &amp; Cow</title>"));
    assert_eq!(s.matches("<g>").count(), 2);
    assert!(s.trim_end().ends_with("</svg>"));
}

#[test]
fn every_prop_draws_in_both_views_inside_its_bounds() {
    for view in [FigureView::Side, FigureView::Front] {
        for base in [Base::Stand, Base::Seated, Base::Supine, Base::HookLying] {
            let mut p = Posture::of(&base.pose(), view);
            for mirrored in [false, true] {
                if mirrored {
                    p = p.mirror();
                }
                for prop in Prop::ALL {
                    let d = draw(&p, &[*prop]);
                    assert!(
                        !d.prop_lines.is_empty() || !d.prop_circles.is_empty(),
                        "{prop} draws nothing ({view}, {base})"
                    );
                    let b = d.bounds();
                    let fit = Fit::new(b, (40, 48)).unwrap();
                    for q in d.body.iter().chain(&d.prop_lines).flatten() {
                        assert!(fit.dot(*q).is_some(), "{prop} {view} {base}: {q:?}");
                    }
                }
            }
        }
    }
    // A bed lowers the floor under its legs; the body lies on the mattress.
    let d = draw(
        &Posture::of(&Base::Supine.pose(), FigureView::Side),
        &[Prop::Bed],
    );
    assert!(d.floor.0 < -1.0, "{:?}", d.floor);
    // Lying down the head rests on the mattress, the spine a head's half-width above it.
    let (head, r) = d.head.unwrap();
    let lowest = d
        .body
        .iter()
        .flatten()
        .map(|p| p.y)
        .fold(head.y - r, f32::min);
    assert!(lowest.abs() < 1e-4, "{lowest}");
}

#[test]
fn a_side_lying_figure_lies_along_the_floor_with_the_moving_side_on_top() {
    let f = figure_of(
        "figure:\n  view: front\n  base: side-lying\n  keyframes:\n    - {left_hip: 35, left_knee: 70}\n    - {}\n",
    )
    .unwrap();
    assert!(f.frames.iter().all(|p| p.on_side));
    for mirrored in [false, true] {
        let mut p = f.posture_at(0.0);
        if mirrored {
            p = p.mirror();
        }
        let d = draw(&p, &[]);
        let b = d.bounds();
        // Longer than high, the body resting on the floor.
        assert!(b.right - b.left > 2.0 * b.top, "{b:?}");
        let lowest = d
            .body
            .iter()
            .flatten()
            .map(|q| q.y)
            .fold(f32::MAX, f32::min);
        assert!(lowest.abs() < 1e-4, "{lowest}");
        // Head to the left (to the right when mirrored), the lifted knee the highest point
        // of the legs, toward the feet.
        let (head, _) = d.head.unwrap();
        let centre = f32::midpoint(b.left, b.right);
        assert_eq!(head.x < centre, !mirrored, "{head:?} {b:?}");
        // From the front the right limbs are drawn first: the right knee ends segment 9,
        // the left one segment 17; mirrored, the right knee is the one lifted.
        let (lifted, other) = if mirrored { (9, 17) } else { (17, 9) };
        let (knee, knee_other) = (d.body[lifted][1], d.body[other][1]);
        assert!(knee.y > knee_other.y + 1.0, "{knee:?} {knee_other:?}");
        assert_eq!(knee.x > head.x, !mirrored, "{knee:?} {head:?}");
    }
    // Closed, both legs lie along the floor.
    let d = draw(&f.posture_at(1.0), &[]);
    assert!((d.body[9][1].y - d.body[17][1].y).abs() < 1.5);
}

#[test]
fn side_lying_is_drawn_only_from_the_front() {
    let e = problems("figure:\n  base: side-lying\n");
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].starts_with("f.yaml:2:9: stretch `x`, field `figure.base`: `side-lying` is drawn seen from the front (add `view: front` to the figure)"),
        "{}",
        e[0]
    );
    let e = problems("figure:\n  keyframes:\n    - {}\n    - {base: side-lying}\n");
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].contains("field `figure.keyframes[2].base`"),
        "{}",
        e[0]
    );
    assert!(figure_of("figure: {view: front, base: side-lying}\n").is_ok());
}
