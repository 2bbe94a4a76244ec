//! A stick figure for a stretch: the model (`figure:` in a stretch file), reading and
//! validating it, and the pure maths that turn joint angles into segments, blend keyframes,
//! mirror a pose for the other side and fit a drawing into a box of terminal cells.
//! No ratatui and no clock here: the screens and the SVG writer draw what this computes.
//!
//! ```yaml
//! figure:
//!   view: side            # side (default) or front
//!   base: all-fours       # a posture to start from (default: stand)
//!   props: [wall]         # wall, wall-behind, chair, foam-roller, bed, towel
//!   pose: {neck: -10}     # joint angles on top of the base, in degrees
//!   keyframes:            # a moving stretch: the ends of a rep, each on top of `pose`
//!     - {back: -25, neck: -30}   # cow
//!     - {back: 30, neck: 40}     # cat
//! ```
//!
//! From the side the figure faces right (the viewer's right) and the joints bend as a body
//! does: `torso` tilts the trunk forward from upright (90 lies face down, -90 lies on the
//! back), `back` rounds (+) or arches (-) the spine, `neck` nods the head forward, and each
//! limb joint is a flexion: `hip` brings the thigh forward, `knee` bends it, `shoulder` raises
//! the arm forward (180 is overhead), `elbow` bends it, `ankle` points the toes, `wrist`
//! bends the hand. `hip: 90` sets both hips; `left_hip: 120` only the left. From the front
//! `shoulder` and `hip` lift the limb out to the side, `torso` and `neck` bend sideways.
//! `base: side-lying` lays a front view down on its right side, head to the left, so the
//! left limbs are on top (a clam's knee lifts with `left_hip`).

pub mod svg;

use crate::diag::did_you_mean;
use crate::yaml::{Doc, Node, Scope, Value, kind_of};

crate::vocab!(
    /// Where the figure is seen from.
    FigureView, "view", {
        Side = "side",
        Front = "front",
    }
);

crate::vocab!(
    /// Something the figure uses, drawn with it.
    Prop, "prop", {
        Wall = "wall",
        WallBehind = "wall-behind",
        Chair = "chair",
        FoamRoller = "foam-roller",
        Bed = "bed",
        Towel = "towel",
    }
);

crate::vocab!(
    /// A posture to start a pose from; the joints a pose names change it.
    Base, "base posture", {
        Stand = "stand",
        Seated = "seated",
        LongSit = "long-sit",
        Kneel = "kneel",
        HalfKneel = "half-kneel",
        AllFours = "all-fours",
        Plank = "plank",
        Supine = "supine",
        HookLying = "hook-lying",
        Prone = "prone",
        SideLying = "side-lying",
    }
);

/// A joint (or the trunk's tilt) that a pose sets, in degrees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Joint {
    Torso,
    Back,
    Neck,
    /// The head turning to look over a shoulder.
    Turn,
    Limb(Side, Limb),
}

/// Which side of the body a limb joint is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Left,
    Right,
}

/// The joints each arm and each leg has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limb {
    Shoulder,
    Elbow,
    Wrist,
    Hip,
    Knee,
    Ankle,
}

const LIMBS: [Limb; 6] = [
    Limb::Shoulder,
    Limb::Elbow,
    Limb::Wrist,
    Limb::Hip,
    Limb::Knee,
    Limb::Ankle,
];

/// How many angles a pose holds: the trunk's and the head's four, and six a side.
pub const ANGLES: usize = 16;

impl Limb {
    fn name(self) -> &'static str {
        match self {
            Limb::Shoulder => "shoulder",
            Limb::Elbow => "elbow",
            Limb::Wrist => "wrist",
            Limb::Hip => "hip",
            Limb::Knee => "knee",
            Limb::Ankle => "ankle",
        }
    }
}

impl Joint {
    /// Where the joint's angle is kept in a pose.
    pub fn index(self) -> usize {
        match self {
            Joint::Torso => 0,
            Joint::Back => 1,
            Joint::Neck => 2,
            Joint::Turn => 3,
            Joint::Limb(side, limb) => {
                let l = LIMBS.iter().position(|&x| x == limb).unwrap_or(0);
                4 + l + if side == Side::Right { 6 } else { 0 }
            }
        }
    }

    /// The lowest and highest angle a body takes, in this view.
    pub fn range(self, view: FigureView) -> (i16, i16) {
        match (view, self) {
            (FigureView::Side, Joint::Torso) => (-180, 180),
            (FigureView::Front, Joint::Torso | Joint::Neck) | (_, Joint::Back) => (-60, 60),
            (_, Joint::Turn) => (-90, 90),
            (FigureView::Side, Joint::Neck) => (-60, 80),
            (FigureView::Side, Joint::Limb(_, l)) => match l {
                Limb::Shoulder => (-120, 270),
                Limb::Elbow => (0, 160),
                Limb::Wrist => (-90, 90),
                Limb::Hip => (-60, 160),
                Limb::Knee => (0, 170),
                Limb::Ankle => (-60, 100),
            },
            (FigureView::Front, Joint::Limb(_, l)) => match l {
                Limb::Shoulder => (-120, 200),
                Limb::Elbow => (-160, 160),
                Limb::Hip => (-30, 90),
                Limb::Knee => (0, 150),
                Limb::Wrist | Limb::Ankle => (0, 0),
            },
        }
    }

    /// Whether the joint can be seen from `view`: from the front the spine's rounding, the
    /// ankles and the wrists bend toward the viewer and do not show.
    pub fn shows_in(self, view: FigureView) -> bool {
        view == FigureView::Side
            || !matches!(
                self,
                Joint::Back | Joint::Limb(_, Limb::Ankle | Limb::Wrist)
            )
    }

    /// What the joint's angle means, for messages.
    fn meaning(self, view: FigureView) -> &'static str {
        match (view, self) {
            (FigureView::Side, Joint::Torso) => {
                "the trunk's tilt forward from upright: 90 lies face down, -90 lies on the back"
            }
            (FigureView::Front, Joint::Torso) => "a side bend of the trunk",
            (_, Joint::Back) => "the spine rounding (+) or arching (-)",
            (_, Joint::Turn) => "the head turning toward the left shoulder (+) or the right (-)",
            (FigureView::Side, Joint::Neck) => "the head nodding forward (+) or back (-)",
            (FigureView::Front, Joint::Neck) => "the head tipping toward a shoulder",
            (FigureView::Side, Joint::Limb(_, l)) => match l {
                Limb::Shoulder => {
                    "the arm raised forward: 0 by the side, 180 overhead, more reaches behind"
                }
                Limb::Elbow => "the elbow bending: 0 straight",
                Limb::Wrist => "the hand bending at the wrist",
                Limb::Hip => "the thigh brought forward: 0 in line with the trunk, 90 sitting",
                Limb::Knee => "the knee bending: 0 straight",
                Limb::Ankle => "the toes pointing: 0 the foot square to the shin",
            },
            (FigureView::Front, Joint::Limb(_, l)) => match l {
                Limb::Shoulder => "the arm lifted out to the side: 0 by the side, 180 overhead",
                Limb::Hip => "the leg lifted out to the side",
                Limb::Elbow => "the elbow bending: + turns the forearm up and out, - in across",
                Limb::Knee => "the knee bending: 0 straight",
                Limb::Wrist | Limb::Ankle => "",
            },
        }
    }

    /// Every name a pose may use, both sides first and then each side's own.
    pub fn names() -> Vec<String> {
        let mut names: Vec<String> =
            vec!["torso".into(), "back".into(), "neck".into(), "turn".into()];
        names.extend(LIMBS.iter().map(|l| l.name().to_string()));
        for side in ["left", "right"] {
            names.extend(LIMBS.iter().map(|l| format!("{side}_{}", l.name())));
        }
        names
    }

    /// The joints a name sets: one, or both sides' for a limb joint named without a side.
    pub fn parse(name: &str) -> Option<Vec<Joint>> {
        match name {
            "torso" => return Some(vec![Joint::Torso]),
            "back" => return Some(vec![Joint::Back]),
            "neck" => return Some(vec![Joint::Neck]),
            "turn" => return Some(vec![Joint::Turn]),
            _ => {}
        }
        let (sides, rest) = if let Some(rest) = name.strip_prefix("left_") {
            (vec![Side::Left], rest)
        } else if let Some(rest) = name.strip_prefix("right_") {
            (vec![Side::Right], rest)
        } else {
            (vec![Side::Left, Side::Right], name)
        };
        let limb = LIMBS.iter().copied().find(|l| l.name() == rest)?;
        Some(sides.into_iter().map(|s| Joint::Limb(s, limb)).collect())
    }
}

/// One pose: every angle, in whole degrees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pose {
    pub angles: [i16; ANGLES],
    /// Lying on the right side (seen from the front, head to the viewer's left): the whole
    /// figure is turned down onto the floor, the left arm and leg on top.
    pub on_side: bool,
}

impl Pose {
    pub fn get(&self, j: Joint) -> i16 {
        self.angles[j.index()]
    }

    pub fn set(&mut self, j: Joint, degrees: i16) {
        self.angles[j.index()] = degrees;
    }
}

impl Base {
    /// The posture's angles, from the side.
    pub fn pose(self) -> Pose {
        let mut p = Pose {
            angles: [0; ANGLES],
            on_side: false,
        };
        let both = |p: &mut Pose, limb: Limb, d: i16| {
            p.set(Joint::Limb(Side::Left, limb), d);
            p.set(Joint::Limb(Side::Right, limb), d);
        };
        match self {
            Base::Stand => {}
            Base::Seated => {
                both(&mut p, Limb::Hip, 90);
                both(&mut p, Limb::Knee, 90);
                both(&mut p, Limb::Shoulder, 10);
                both(&mut p, Limb::Elbow, 70);
            }
            Base::LongSit => {
                both(&mut p, Limb::Hip, 90);
                both(&mut p, Limb::Shoulder, 10);
            }
            Base::Kneel => {
                both(&mut p, Limb::Knee, 90);
                both(&mut p, Limb::Ankle, 90);
            }
            Base::HalfKneel => {
                p.set(Joint::Limb(Side::Left, Limb::Hip), 90);
                p.set(Joint::Limb(Side::Left, Limb::Knee), 90);
                p.set(Joint::Limb(Side::Right, Limb::Hip), -10);
                p.set(Joint::Limb(Side::Right, Limb::Knee), 90);
                p.set(Joint::Limb(Side::Right, Limb::Ankle), 90);
            }
            Base::AllFours => {
                // The arms are longer than the thighs: the trunk slopes a little, so
                // hands and knees are both on the floor.
                p.set(Joint::Torso, 80);
                p.set(Joint::Neck, -10);
                both(&mut p, Limb::Hip, 80);
                both(&mut p, Limb::Knee, 90);
                both(&mut p, Limb::Ankle, 90);
                both(&mut p, Limb::Shoulder, 80);
                both(&mut p, Limb::Wrist, 90);
            }
            Base::Plank => {
                p.set(Joint::Torso, 75);
                both(&mut p, Limb::Shoulder, 75);
                both(&mut p, Limb::Wrist, 90);
            }
            Base::Supine => {
                p.set(Joint::Torso, -90);
            }
            Base::HookLying => {
                p.set(Joint::Torso, -90);
                both(&mut p, Limb::Hip, 50);
                both(&mut p, Limb::Knee, 100);
                both(&mut p, Limb::Ankle, 40);
            }
            Base::Prone => {
                p.set(Joint::Torso, 90);
                both(&mut p, Limb::Ankle, 90);
            }
            Base::SideLying => {
                // Seen from the front, then laid down on the right side: the head rests
                // on the lower arm reaching past it.
                p.on_side = true;
                p.set(Joint::Limb(Side::Right, Limb::Shoulder), 170);
                p.set(Joint::Limb(Side::Left, Limb::Shoulder), 10);
            }
        }
        p
    }
}

/// A stretch's figure: one pose for a hold, or the keyframes a rep moves between.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    pub view: FigureView,
    pub props: Vec<Prop>,
    /// One pose, or two or more keyframes; never empty.
    pub frames: Vec<Pose>,
}

/// The most keyframes a figure may have.
pub const MAX_KEYFRAMES: usize = 8;

/// The fields of `figure:`.
pub const FIGURE_FIELDS: &[&str] = &["view", "base", "props", "pose", "keyframes"];

impl Figure {
    /// True when the figure moves (it has keyframes).
    pub fn moves(&self) -> bool {
        self.frames.len() > 1
    }

    /// The pose at `t`, from 0 (the first keyframe) to 1 (the last), straight blends in
    /// between; `t` outside that range is held at its end.
    #[allow(clippy::many_single_char_names)]
    pub fn posture_at(&self, t: f32) -> Posture {
        let view = self.view;
        let n = self.frames.len();
        if n <= 1 || t.is_nan() || t <= 0.0 {
            return Posture::of(&self.frames[0], view);
        }
        if t >= 1.0 {
            return Posture::of(&self.frames[n - 1], view);
        }
        let spans = (n - 1) as f32;
        let x = t * spans;
        let i = (x.floor() as usize).min(n - 2);
        let u = x - i as f32;
        let a = Posture::of(&self.frames[i], view);
        let b = Posture::of(&self.frames[i + 1], view);
        a.blend(&b, u)
    }
}

impl Figure {
    /// Everything the figure reaches through its whole movement (its keyframes and the
    /// blends between them), so a screen can fit it once and it does not grow and shrink
    /// as it moves.
    pub fn extent(&self, mirrored: bool) -> Bounds {
        let steps = if self.moves() {
            4 * (self.frames.len() - 1)
        } else {
            0
        };
        let mut all: Option<Bounds> = None;
        for i in 0..=steps {
            let t = if steps == 0 {
                0.0
            } else {
                i as f32 / steps as f32
            };
            let mut p = self.posture_at(t);
            if mirrored {
                p = p.mirror();
            }
            let b = draw(&p, &self.props).bounds();
            all = Some(match all {
                None => b,
                Some(a) => Bounds {
                    left: a.left.min(b.left),
                    right: a.right.max(b.right),
                    bottom: a.bottom.min(b.bottom),
                    top: a.top.max(b.top),
                },
            });
        }
        all.unwrap_or(Bounds {
            left: 0.0,
            right: 1.0,
            bottom: 0.0,
            top: 1.0,
        })
    }
}

/// A pose ready to draw: angles as numbers (blended keyframes fall between whole degrees),
/// and which way the figure is turned.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Posture {
    pub view: FigureView,
    pub angles: [f32; ANGLES],
    /// Mirrored: drawn for the other side.
    pub mirrored: bool,
    /// Lying on the side (a front view turned down onto the floor).
    pub on_side: bool,
}

impl Posture {
    pub fn of(pose: &Pose, view: FigureView) -> Self {
        Posture {
            view,
            angles: pose.angles.map(f32::from),
            mirrored: false,
            on_side: pose.on_side,
        }
    }

    fn get(&self, j: Joint) -> f32 {
        self.angles[j.index()]
    }

    /// `self` at `u` = 0, `other` at `u` = 1, each angle blended in a straight line.
    #[must_use]
    pub fn blend(&self, other: &Posture, u: f32) -> Posture {
        let mut out = *self;
        for (o, (a, b)) in out
            .angles
            .iter_mut()
            .zip(self.angles.iter().zip(other.angles.iter()))
        {
            *o = a * (1.0 - u) + b * u;
        }
        if u >= 0.5 {
            out.on_side = other.on_side;
        }
        out
    }

    /// The same pose for the other side: left and right swap, and the picture flips.
    #[must_use]
    pub fn mirror(&self) -> Posture {
        let mut out = *self;
        for l in LIMBS {
            let a = Joint::Limb(Side::Left, l).index();
            let b = Joint::Limb(Side::Right, l).index();
            out.angles.swap(a, b);
        }
        if self.view == FigureView::Front {
            for j in [Joint::Torso, Joint::Neck, Joint::Turn] {
                out.angles[j.index()] = -out.angles[j.index()];
            }
        }
        out.mirrored = !self.mirrored;
        out
    }
}

/// A point of a drawing, in body units (a standing figure is about 10 tall), y up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

/// What to draw: straight lines and circles, and the floor.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Drawing {
    /// The body's segments (trunk, neck, arms, hands, legs, feet).
    pub body: Vec<[Point; 2]>,
    /// The head: centre and radius.
    pub head: Option<(Point, f32)>,
    /// The props' lines and circles.
    pub prop_lines: Vec<[Point; 2]>,
    pub prop_circles: Vec<(Point, f32)>,
    /// The floor: a line at this height, from `floor.1` to `floor.2`.
    pub floor: (f32, f32, f32),
}

/// A rectangle in body units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub left: f32,
    pub right: f32,
    pub bottom: f32,
    pub top: f32,
}

// Lengths in body units.
const SHIN: f32 = 2.5;
const THIGH: f32 = 2.5;
const FOOT: f32 = 0.8;
const LOW_TRUNK: f32 = 1.5;
const HIGH_TRUNK: f32 = 1.6;
const NECK: f32 = 0.35;
const HEAD: f32 = 0.6;
const UPPER_ARM: f32 = 1.6;
const FOREARM: f32 = 1.4;
const HAND: f32 = 0.45;
const SHOULDERS: f32 = 0.9;
const HIPS: f32 = 0.5;
/// The floor's line under the lowest point of the body.
const FLOOR_GAP: f32 = 0.3;

/// The unit vector at `deg` degrees from straight down, turning toward the front (+x).
fn dir(deg: f32) -> Point {
    let r = deg.to_radians();
    Point {
        x: r.sin(),
        y: -r.cos(),
    }
}

fn step(p: Point, deg: f32, len: f32) -> Point {
    let d = dir(deg);
    Point {
        x: p.x + d.x * len,
        y: p.y + d.y * len,
    }
}

/// The joints a drawing is made from, before it is put on the floor.
struct Skeleton {
    body: Vec<[Point; 2]>,
    head: (Point, f32),
    pelvis: Point,
    middle: Point,
    hands: [Point; 2],
    feet: [Point; 2],
}

fn side_view(p: &Posture) -> Skeleton {
    let t = p.get(Joint::Torso);
    let back = p.get(Joint::Back);
    let neck = p.get(Joint::Neck);
    let pelvis = Point { x: 0.0, y: 0.0 };
    let low_up = 180.0 - t + back / 2.0;
    let high_up = 180.0 - t - back / 2.0;
    let middle = step(pelvis, low_up, LOW_TRUNK);
    let shoulders = step(middle, high_up, HIGH_TRUNK);
    let neck_to = step(shoulders, high_up - neck, NECK);
    let head = (step(neck_to, high_up - neck, HEAD), HEAD);
    let mut body = vec![[pelvis, middle], [middle, shoulders], [shoulders, neck_to]];
    // The nose, on the face side of the head: shorter as the head turns away.
    let face = high_up - neck - 90.0;
    let nose = 0.3 * p.get(Joint::Turn).to_radians().cos();
    if nose > 0.05 {
        let from = step(head.0, face, HEAD);
        body.push([from, step(from, face - 30.0, nose)]);
    }
    let mut hands = [pelvis; 2];
    let mut feet = [pelvis; 2];
    for (i, side) in [Side::Right, Side::Left].into_iter().enumerate() {
        let a = |l| p.get(Joint::Limb(side, l));
        // The limbs hang from the trunk's line (pelvis to shoulders), so rounding the
        // back changes the spine's shape and leaves the arms and legs where they are.
        let arm = -t + a(Limb::Shoulder);
        let elbow = step(shoulders, arm, UPPER_ARM);
        let fore = arm + a(Limb::Elbow);
        let wrist = step(elbow, fore, FOREARM);
        let hand = step(wrist, fore + a(Limb::Wrist), HAND);
        let thigh = -t + a(Limb::Hip);
        let knee = step(pelvis, thigh, THIGH);
        let shin = thigh - a(Limb::Knee);
        let ankle = step(knee, shin, SHIN);
        let toe = step(ankle, shin + 90.0 - a(Limb::Ankle), FOOT);
        body.extend([
            [shoulders, elbow],
            [elbow, wrist],
            [wrist, hand],
            [pelvis, knee],
            [knee, ankle],
            [ankle, toe],
        ]);
        hands[i] = hand;
        feet[i] = toe;
    }
    Skeleton {
        body,
        head,
        pelvis,
        middle,
        hands,
        feet,
    }
}

fn front_view(p: &Posture) -> Skeleton {
    let t = p.get(Joint::Torso);
    let neck = p.get(Joint::Neck);
    let pelvis = Point { x: 0.0, y: 0.0 };
    let up = 180.0 - t;
    let middle = step(pelvis, up, LOW_TRUNK);
    let shoulders = step(middle, up, HIGH_TRUNK);
    let neck_to = step(shoulders, up - neck, NECK);
    let head = (step(neck_to, up - neck, HEAD), HEAD);
    let mut body = vec![[pelvis, middle], [middle, shoulders], [shoulders, neck_to]];
    // The nose, in the lower half of the face: off the middle as the head turns.
    let turn = p.get(Joint::Turn).to_radians().sin();
    let across = 0.6 * HEAD * turn;
    let top = step(head.0, up - neck - 90.0, across);
    body.push([top, step(top, up - neck - 180.0, 0.4 * HEAD)]);
    let mut hands = [pelvis; 2];
    let mut feet = [pelvis; 2];
    // The figure faces the viewer: its left is on the viewer's right (+x).
    for (i, (side, sign)) in [(Side::Right, -1.0f32), (Side::Left, 1.0)]
        .into_iter()
        .enumerate()
    {
        let a = |l| p.get(Joint::Limb(side, l));
        let shoulder = step(shoulders, up - sign * 90.0, SHOULDERS);
        let hip = Point {
            x: pelvis.x + sign * HIPS,
            y: pelvis.y,
        };
        let down = up - 180.0;
        let arm = down + sign * a(Limb::Shoulder);
        let elbow = step(shoulder, arm, UPPER_ARM);
        let fore = arm + sign * a(Limb::Elbow);
        let wrist = step(elbow, fore, FOREARM);
        let hand = step(wrist, fore, HAND);
        let thigh = sign * a(Limb::Hip);
        let knee = step(hip, thigh, THIGH);
        let shin = thigh - sign * a(Limb::Knee);
        let ankle = step(knee, shin, SHIN);
        let toe = step(ankle, sign * 90.0, FOOT * 0.5);
        body.extend([
            [shoulders, shoulder],
            [shoulder, elbow],
            [elbow, wrist],
            [wrist, hand],
            [pelvis, hip],
            [hip, knee],
            [knee, ankle],
            [ankle, toe],
        ]);
        hands[i] = hand;
        feet[i] = ankle;
    }
    Skeleton {
        body,
        head,
        pelvis,
        middle,
        hands,
        feet,
    }
}

/// The figure in `posture`, standing on the floor at height 0 (a bed raises the floor
/// under it), with its props, facing left when mirrored in a side view.
pub fn draw(posture: &Posture, props: &[Prop]) -> Drawing {
    let mut sk = match posture.view {
        FigureView::Side => side_view(posture),
        FigureView::Front => front_view(posture),
    };
    if posture.on_side && posture.view == FigureView::Front {
        // Laid down on the right side, head to the left; mirrored it lies on the left
        // side, head to the right, so the limbs that move stay on top.
        let turn = |p: Point| {
            if posture.mirrored {
                Point { x: p.y, y: -p.x }
            } else {
                Point { x: -p.y, y: p.x }
            }
        };
        for seg in &mut sk.body {
            *seg = [turn(seg[0]), turn(seg[1])];
        }
        sk.head.0 = turn(sk.head.0);
        sk.pelvis = turn(sk.pelvis);
        sk.middle = turn(sk.middle);
        sk.hands = sk.hands.map(turn);
        sk.feet = sk.feet.map(turn);
    }
    let flip = if posture.view == FigureView::Side && posture.mirrored {
        -1.0
    } else {
        1.0
    };
    // The lowest point of the body rests on the floor.
    let lowest = sk
        .body
        .iter()
        .flatten()
        .map(|p| p.y)
        .fold(sk.head.0.y - sk.head.1, f32::min);
    let at = |p: Point| Point {
        x: p.x * flip,
        y: p.y - lowest,
    };
    let body: Vec<[Point; 2]> = sk.body.iter().map(|[a, b]| [at(*a), at(*b)]).collect();
    let head = (at(sk.head.0), sk.head.1);
    let pelvis = at(sk.pelvis);
    let middle = at(sk.middle);
    let (mut left, mut right) = (f32::MAX, f32::MIN);
    let mut top: f32 = head.0.y + head.1;
    for p in body.iter().flatten() {
        left = left.min(p.x);
        right = right.max(p.x);
        top = top.max(p.y);
    }
    left = left.min(head.0.x - head.1);
    right = right.max(head.0.x + head.1);
    let mut d = Drawing {
        body,
        head: Some(head),
        ..Drawing::default()
    };
    let mut floor = 0.0;
    let mut floor_from = left - 0.6;
    let mut floor_to = right + 0.6;
    for prop in props {
        match (prop, posture.view) {
            (Prop::Wall | Prop::WallBehind, FigureView::Side) => {
                // In front of the figure (behind it for `wall-behind`), touching it.
                let ahead = (*prop == Prop::Wall) == (flip > 0.0);
                let x = if ahead { right + 0.15 } else { left - 0.15 };
                let height = top.max(7.0) + 0.5;
                d.prop_lines
                    .push([Point { x, y: -FLOOR_GAP }, Point { x, y: height }]);
                if ahead {
                    floor_to = floor_to.min(x);
                } else {
                    floor_from = floor_from.max(x);
                }
            }
            (Prop::Wall | Prop::WallBehind, FigureView::Front) => {
                // The wall is behind: its edges and its top, framing the figure.
                let (l, r, h) = (left - 0.8, right + 0.8, top + 0.6);
                d.prop_lines.push([
                    Point {
                        x: l,
                        y: -FLOOR_GAP,
                    },
                    Point { x: l, y: h },
                ]);
                d.prop_lines.push([
                    Point {
                        x: r,
                        y: -FLOOR_GAP,
                    },
                    Point { x: r, y: h },
                ]);
                d.prop_lines
                    .push([Point { x: l, y: h }, Point { x: r, y: h }]);
            }
            (Prop::Chair, view) => {
                let seat = (pelvis.y - 0.15).max(0.3);
                let (back_x, front_x) = match view {
                    FigureView::Side => (pelvis.x - 0.6 * flip, pelvis.x + 1.4 * flip),
                    FigureView::Front => (pelvis.x - 1.1, pelvis.x + 1.1),
                };
                d.prop_lines.extend([
                    [
                        Point { x: back_x, y: seat },
                        Point {
                            x: front_x,
                            y: seat,
                        },
                    ],
                    [
                        Point {
                            x: back_x,
                            y: -FLOOR_GAP,
                        },
                        Point { x: back_x, y: seat },
                    ],
                    [
                        Point {
                            x: front_x,
                            y: -FLOOR_GAP,
                        },
                        Point {
                            x: front_x,
                            y: seat,
                        },
                    ],
                ]);
                if view == FigureView::Side {
                    d.prop_lines.push([
                        Point { x: back_x, y: seat },
                        Point {
                            x: back_x - 0.15 * flip,
                            y: seat + 2.2,
                        },
                    ]);
                }
                let (lo, hi) = (back_x.min(front_x), back_x.max(front_x));
                left = left.min(lo);
                right = right.max(hi);
                top = top.max(seat + 2.2);
            }
            (Prop::FoamRoller, _) => {
                // Under the middle of the back, as big as the room under it allows.
                let r = (middle.y / 2.0).clamp(0.25, 0.7);
                d.prop_circles.push((
                    Point {
                        x: middle.x,
                        y: floor + r,
                    },
                    r,
                ));
            }
            (Prop::Bed, _) => {
                // The figure lies on the mattress; the floor is under the bed's legs.
                let (l, r) = (left - 0.3, right + 0.3);
                d.prop_lines.extend([
                    [Point { x: l, y: 0.0 }, Point { x: r, y: 0.0 }],
                    [Point { x: l, y: -0.8 }, Point { x: r, y: -0.8 }],
                    [Point { x: l, y: 0.0 }, Point { x: l, y: -1.6 }],
                    [Point { x: r, y: 0.0 }, Point { x: r, y: -1.6 }],
                ]);
                floor = -1.6;
                floor_from = floor_from.min(l - 0.3);
                floor_to = floor_to.max(r + 0.3);
            }
            (Prop::Towel, _) => {
                // From the hand nearest a foot to that foot.
                let mut best: Option<(f32, Point, Point)> = None;
                for h in sk.hands {
                    for f in sk.feet {
                        let dist = (h.x - f.x).hypot(h.y - f.y);
                        if best.is_none_or(|(b, _, _)| dist < b) {
                            best = Some((dist, at(h), at(f)));
                        }
                    }
                }
                if let Some((_, h, f)) = best {
                    let beyond = Point {
                        x: f.x + (f.x - h.x).signum() * 0.1,
                        y: f.y + 0.2,
                    };
                    d.prop_lines.push([h, beyond]);
                }
            }
        }
    }
    // A little under the body, so what lies on the floor still shows apart from it.
    let floor = if floor < 0.0 { floor } else { -FLOOR_GAP };
    d.floor = (
        floor,
        floor_from.min(left - 0.6),
        floor_to.max(floor_from + 0.1),
    );
    d
}

impl Drawing {
    /// Everything the drawing reaches, the floor included.
    pub fn bounds(&self) -> Bounds {
        let mut b = Bounds {
            left: self.floor.1,
            right: self.floor.2,
            bottom: self.floor.0,
            top: self.floor.0,
        };
        let mut add = |p: &Point, r: f32| {
            b.left = b.left.min(p.x - r);
            b.right = b.right.max(p.x + r);
            b.bottom = b.bottom.min(p.y - r);
            b.top = b.top.max(p.y + r);
        };
        for p in self.body.iter().chain(&self.prop_lines).flatten() {
            add(p, 0.0);
        }
        for (c, r) in self.head.iter().chain(&self.prop_circles) {
            add(c, *r);
        }
        b
    }
}

/// How a drawing sits in a grid of dots: the body units the grid's edges stand for. Dots
/// are square: a terminal cell is about twice as tall as wide and holds 2×4 braille dots
/// (or 1×2 half blocks), so one unit is as long across as up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    /// The body units at the grid's edges: the first and last dot's centres.
    pub x: [f64; 2],
    pub y: [f64; 2],
    /// Dots across and up.
    pub dots: (usize, usize),
}

impl Fit {
    /// The largest scale that shows all of `b` in a grid of `dots` (across, up), centred
    /// across, the floor on the bottom row. `None` for a grid with no dots.
    pub fn new(b: Bounds, dots: (usize, usize)) -> Option<Fit> {
        let (nx, ny) = dots;
        if nx == 0 || ny == 0 {
            return None;
        }
        let w = f64::from((b.right - b.left).max(0.01));
        let h = f64::from((b.top - b.bottom).max(0.01));
        // Units per dot step; a grid one dot wide or tall has no steps, only its one dot.
        let steps_x = (nx - 1).max(1) as f64;
        let steps_y = (ny - 1).max(1) as f64;
        let unit = (w / steps_x).max(h / steps_y);
        let cx = f64::from(b.left + b.right) / 2.0;
        let half = unit * steps_x / 2.0;
        let bottom = f64::from(b.bottom);
        Some(Fit {
            x: [cx - half, cx + half],
            y: [bottom, bottom + unit * steps_y],
            dots,
        })
    }

    /// The dot a point falls on (column from the left, row from the top), as a canvas
    /// places it; `None` outside the grid.
    pub fn dot(&self, p: Point) -> Option<(usize, usize)> {
        let (x, y) = (f64::from(p.x), f64::from(p.y));
        let [left, right] = self.x;
        let [bottom, top] = self.y;
        let slack = 1e-6 * (right - left).max(top - bottom);
        if x < left - slack || x > right + slack || y < bottom - slack || y > top + slack {
            return None;
        }
        let col = ((x - left) * (self.dots.0 as f64 - 1.0) / (right - left)).round();
        let row = ((top - y) * (self.dots.1 as f64 - 1.0) / (top - bottom)).round();
        Some((col.max(0.0) as usize, row.max(0.0) as usize))
    }
}

/// Where a figure is in its movement: 0 at the first keyframe, 1 at the last.
///
/// For a breath-paced rep, `half_in` is true during the inhale and `progress` runs 0..1
/// through the half: the figure goes to the last keyframe on the in-breath and back on the
/// out-breath. `steps` quantises the movement into that many steps a half (the pacer's),
/// so the figure changes exactly when the pacer does.
pub fn breath_phase(half_in: bool, progress: f32, steps: u32) -> f32 {
    let p = quantise(progress, steps);
    if half_in { p } else { 1.0 - p }
}

/// A tempo rep: out to the last keyframe over the first half of the rep, back over the
/// second (`progress` 0..1 through the rep), in `steps` steps a half.
pub fn tempo_phase(progress: f32, steps: u32) -> f32 {
    let p = progress.clamp(0.0, 1.0) * 2.0;
    if p < 1.0 {
        quantise(p, steps)
    } else {
        1.0 - quantise(p - 1.0, steps)
    }
}

fn quantise(progress: f32, steps: u32) -> f32 {
    let steps = steps.max(1) as f32;
    // The same slack as the pacer: a wake just past a step shows that step.
    (((progress.clamp(0.0, 1.0) * steps) + 0.02).floor() / steps).min(1.0)
}

/// Reads the `figure` field of a stretch, if it has one; every problem is reported.
pub fn read(doc: &mut Doc, scope: &Scope<'_>) -> Option<Figure> {
    let fig = doc.sub(scope, "figure")?;
    let before = doc.reported();
    doc.check_keys(&fig, FIGURE_FIELDS);
    let read_view = doc.word::<FigureView>(&fig, "view", false);
    // A view that did not read is told of once; the angles are then only checked for
    // what does not depend on it.
    let judged = read_view.or((!fig.map.contains_key("view")).then_some(FigureView::Side));
    let view = judged.unwrap_or(FigureView::Side);
    let base = doc.word::<Base>(&fig, "base", false).unwrap_or(Base::Stand);
    side_lying_needs_front(doc, &fig, base, judged);
    let props = doc.word_list::<Prop>(&fig, "props");
    let mut start = base.pose();
    if let Some(pose) = doc.sub(&fig, "pose") {
        read_angles(doc, &pose, judged, &mut start, false);
    }
    let mut frames = Vec::new();
    match fig.map.get("keyframes") {
        None => frames.push(start),
        Some(list) => match list.as_seq() {
            Some(items) if items.len() >= 2 && items.len() <= MAX_KEYFRAMES => {
                for (i, item) in items.iter().enumerate() {
                    let Some(map) = item.as_map() else {
                        doc.report(
                            item.pos(),
                            fig.context.as_deref(),
                            Some(&format!("figure.keyframes[{}]", i + 1)),
                            format!(
                                "expected a keyframe (joint angles like `{{hip: 90, knee: 45}}`), found {}",
                                kind_of(&item.value)
                            ),
                            None,
                        );
                        continue;
                    };
                    let frame = Scope {
                        map,
                        pos: item.pos(),
                        context: fig.context.clone(),
                        prefix: format!("figure.keyframes[{}].", i + 1),
                    };
                    let mut pose = start;
                    if let Some(b) = doc.word::<Base>(&frame, "base", false) {
                        side_lying_needs_front(doc, &frame, b, judged);
                        // A keyframe of its own base starts over from it, then `pose`.
                        pose = b.pose();
                        if let Some(common) = fig.map.get("pose").and_then(Node::as_map) {
                            // Its problems were told when `pose` was read.
                            apply_quietly(common, view, &mut pose);
                        }
                    }
                    read_angles(doc, &frame, judged, &mut pose, true);
                    frames.push(pose);
                }
            }
            Some(items) => {
                let (message, hint) = if items.len() < 2 {
                    (
                        format!(
                            "{} keyframe; a moving figure needs at least two (the ends of a rep)",
                            items.len()
                        ),
                        Some("for a still figure write its angles in `pose:` instead".into()),
                    )
                } else {
                    (
                        format!("{} keyframes; at most {MAX_KEYFRAMES}", items.len()),
                        Some("keep the ends of the movement and a few steps between".into()),
                    )
                };
                doc.field_problem(&fig, "keyframes", None, message, hint);
            }
            None => doc.field_problem(
                &fig,
                "keyframes",
                None,
                format!(
                    "expected a list of keyframes, found {}",
                    kind_of(&list.value)
                ),
                Some("write one `- {hip: 90}` line per keyframe".into()),
            ),
        },
    }
    (doc.reported() == before && !frames.is_empty()).then_some(Figure {
        view,
        props,
        frames,
    })
}

/// A figure lying on its side is drawn seen from the front; from the side it would be
/// seen from the ceiling, which the side view does not draw.
fn side_lying_needs_front(doc: &mut Doc, scope: &Scope<'_>, base: Base, view: Option<FigureView>) {
    if base == Base::SideLying && view == Some(FigureView::Side) {
        doc.field_problem(
            scope,
            "base",
            None,
            "`side-lying` is drawn seen from the front",
            Some("add `view: front` to the figure".into()),
        );
    }
}

/// Sets the angles of `map` that are good, saying nothing of the rest.
fn apply_quietly(map: &crate::yaml::Map<'_>, view: FigureView, pose: &mut Pose) {
    for (key, value) in map.iter() {
        let (Some(joints), Value::Int(n)) = (key.as_str().and_then(Joint::parse), &value.value)
        else {
            continue;
        };
        let (lo, hi) = joints[0].range(view);
        if let Ok(d) = i16::try_from(*n)
            && (lo..=hi).contains(&d)
            && joints[0].shows_in(view)
        {
            for j in joints {
                pose.set(j, d);
            }
        }
    }
}

/// Reads joint angles from a mapping into `pose`; `base` may stand among them when
/// `keyframe` is true (it is read by the caller).
fn read_angles(
    doc: &mut Doc,
    scope: &Scope<'_>,
    view: Option<FigureView>,
    pose: &mut Pose,
    keyframe: bool,
) {
    let names = Joint::names();
    for (key, value) in scope.map.iter() {
        let Some(name) = key.as_str() else {
            doc.report(
                key.pos(),
                scope.context.as_deref(),
                None,
                format!("a joint name must be text, found {}", kind_of(&key.value)),
                None,
            );
            continue;
        };
        if keyframe && name == "base" {
            continue;
        }
        let field = format!("{}{name}", scope.prefix);
        let Some(joints) = Joint::parse(name) else {
            let hint = did_you_mean(name, names.iter().map(String::as_str)).or_else(|| {
                Some(
                    "`supple schema stretches` and the README list the joints and what their angles mean"
                        .into(),
                )
            });
            doc.report(
                key.pos(),
                scope.context.as_deref(),
                Some(&field),
                format!(
                    "unknown joint `{name}`; expected one of: {}{}",
                    names.join(", "),
                    if keyframe { ", base" } else { "" }
                ),
                hint,
            );
            continue;
        };
        let Some(degrees) = angle(doc, scope, &field, value) else {
            continue;
        };
        let joint = joints[0];
        let Some(view) = view else {
            continue;
        };
        if !joint.shows_in(view) {
            doc.report(
                key.pos(),
                scope.context.as_deref(),
                Some(&field),
                format!("`{name}` does not show in a figure seen from the front"),
                Some("use `view: side` for it, or leave it out".into()),
            );
            continue;
        }
        let (lo, hi) = joint.range(view);
        if degrees < lo || degrees > hi {
            doc.report(
                value.pos(),
                scope.context.as_deref(),
                Some(&field),
                format!(
                    "{degrees}° is out of range; expected from {lo} to {hi} degrees ({} from the {})",
                    joint.meaning(view),
                    view
                ),
                Some(format!(
                    "a body gets no further than {}°",
                    if degrees > hi { hi } else { lo }
                )),
            );
            continue;
        }
        for j in joints {
            pose.set(j, degrees);
        }
    }
}

fn angle(doc: &mut Doc, scope: &Scope<'_>, field: &str, value: &Node<'_>) -> Option<i16> {
    let problem = match &value.value {
        Value::Int(n) => match i16::try_from(*n) {
            Ok(d) => return Some(d),
            Err(_) => format!("{n}° is out of range; an angle is at most 200 degrees"),
        },
        Value::Float(f) => format!("`{f}` is not a whole number of degrees"),
        Value::Str(s) if s.trim_end_matches(['°', ' ']).parse::<i64>().is_ok() => {
            format!("`{s}` is text; write the number of degrees alone")
        }
        other => format!(
            "expected an angle in whole degrees, like `90`, found {}",
            kind_of(other)
        ),
    };
    doc.report(
        value.pos(),
        scope.context.as_deref(),
        Some(field),
        problem,
        Some("write whole degrees: `knee: 90`".into()),
    );
    None
}

#[cfg(test)]
mod tests;

/// The JSON Schema of `figure:` (the reader also checks each angle against its view).
pub fn schema() -> serde_json::Value {
    use crate::yaml::Vocab;
    use serde_json::json;
    let angles = |keyframe: bool| {
        let mut props = serde_json::Map::new();
        for name in Joint::names() {
            let joint = Joint::parse(&name).map_or(Joint::Torso, |j| j[0]);
            let (lo, hi) = joint.range(FigureView::Side);
            props.insert(
                name.clone(),
                json!({
                    "type": "integer", "minimum": lo, "maximum": hi,
                    "description": joint.meaning(FigureView::Side)
                }),
            );
        }
        if keyframe {
            props.insert(
                "base".into(),
                json!({ "type": "string", "enum": Base::names() }),
            );
        }
        json!({ "type": "object", "additionalProperties": false, "properties": props })
    };
    json!({
        "type": "object",
        "additionalProperties": false,
        "description": "a stick figure of the pose: joint angles in degrees on top of a base posture",
        "properties": {
            "view": { "type": "string", "enum": FigureView::names() },
            "base": { "type": "string", "enum": Base::names() },
            "props": { "type": "array", "items": { "type": "string", "enum": Prop::names() } },
            "pose": angles(false),
            "keyframes": {
                "type": "array", "minItems": 2, "maxItems": MAX_KEYFRAMES,
                "items": angles(true)
            }
        }
    })
}
