//! The stick figures: bad `figure:` fields, `supple figure` (text, SVG, files), `supple show`
//! with and without the figure, and `figures:` in config.yaml.

use super::*;

/// `supple check FIXTURE` exits 1 with a line at `file:line:col` holding every needle.
fn rejects(name: &str, at: &str, needles: &[&str]) {
    let home = Home::new();
    let path = fixture(&format!("stretches/{name}"));
    let err = home.fails(&["check", &path], 1);
    assert_contains(line_with(&err, &format!("{path}:{at}: ")), needles);
}

#[test]
fn an_unknown_joint_is_named_with_a_suggestion() {
    rejects(
        "figure-unknown-joint.yaml",
        "25:27",
        &[
            "stretch `knee-hug`",
            "field `figure.pose.left_kne`",
            "unknown joint `left_kne`; expected one of: torso, back, neck",
            "(did you mean `left_knee`?)",
        ],
    );
}

#[test]
fn an_angle_out_of_range_says_the_range() {
    rejects(
        "figure-angle-out-of-range.yaml",
        "25:38",
        &[
            "field `figure.pose.left_knee`",
            "190° is out of range; expected from 0 to 170 degrees",
            "(a body gets no further than 170°)",
        ],
    );
}

#[test]
fn a_joint_the_view_cannot_show_is_refused() {
    rejects(
        "figure-view-mismatch.yaml",
        "28:10",
        &[
            "stretch `side-reach`",
            "field `figure.keyframes[2].back`",
            "`back` does not show in a figure seen from the front",
            "(use `view: side` for it, or leave it out)",
        ],
    );
}

#[test]
fn a_moving_figure_needs_two_keyframes_and_a_known_base() {
    rejects(
        "figure-one-keyframe.yaml",
        "26:7",
        &[
            "field `figure.keyframes`",
            "1 keyframe; a moving figure needs at least two",
        ],
    );
    rejects(
        "figure-one-keyframe.yaml",
        "24:11",
        &["unknown base posture `stnad`", "(did you mean `stand`?)"],
    );
}

#[test]
fn figure_draws_text_and_svg() {
    let home = Home::new();
    let text = home.ok(&["figure", "cat-cow"]);
    assert!(
        text.chars().any(|c| ('\u{2801}'..='\u{28ff}').contains(&c)),
        "{text}"
    );
    assert!(text.contains('→'), "two keyframes side by side:\n{text}");
    let blocks = home.ok(&["figure", "cat-cow", "--blocks"]);
    assert!(blocks.contains('▄') || blocks.contains('▀'), "{blocks}");
    let svg = home.ok(&["figure", "cat-cow", "--svg"]);
    assert!(svg.starts_with("<svg "), "{svg}");
    assert_eq!(svg.matches("<g>").count(), 2);
    assert!(svg.contains("<title>Cat-Cow</title>"));
    let right = home.ok(&["figure", "knee-to-chest", "--svg", "--right"]);
    assert!(right.contains("<title>Knee-to-Chest, right side</title>"));
    assert_ne!(right, home.ok(&["figure", "knee-to-chest", "--svg"]));
    let err = home.fails(&["figure", "cat-cwo"], 1);
    assert_contains(
        &err,
        &["unknown stretch `cat-cwo`", "did you mean `cat-cow`?"],
    );
}

#[test]
fn figure_never_replaces_a_file_without_force() {
    let home = Home::new();
    let out = home.write("pics/cat.svg", "mine");
    let path = s(&out);
    let err = home.fails(&["figure", "cat-cow", "--svg", "-o", path], 1);
    assert_contains(&err, &["already exists", "--force"]);
    assert_eq!(fs::read_to_string(&out).unwrap(), "mine");
    home.ok(&["figure", "cat-cow", "--svg", "-o", path, "--force"]);
    assert!(fs::read_to_string(&out).unwrap().starts_with("<svg "));
    // A new file, its folder made; never a folder in place of a file.
    let new = out.with_file_name("deep/new.svg");
    home.ok(&["figure", "pigeon-pose", "--svg", "-o", s(&new)]);
    assert!(new.is_file());
    let dir = out.parent().unwrap();
    let err = home.fails(&["figure", "cat-cow", "-o", s(dir), "--force"], 1);
    assert_contains(&err, &["is not a regular file"]);
    // --force needs -o.
    home.fails(&["figure", "cat-cow", "--force"], 2);
}

#[test]
fn a_stretch_without_a_figure_says_how_to_add_one() {
    let home = Home::new();
    home.write(
        "config/supple/stretches/mine.yaml",
        "- id: my-reach\n  name: My Reach\n  areas: [core]\n  position: standing\n  level: gentle\n  hold: 20s\n",
    );
    let err = home.fails(&["figure", "my-reach"], 1);
    assert_contains(
        &err,
        &["`my-reach` has no figure yet", "figure:", "mine.yaml:1"],
    );
    // `show` still shows it, without a figure.
    let page = home.ok(&["show", "my-reach", "--figure"]);
    assert!(page.starts_with("My Reach  (my-reach)"), "{page}");
}

#[test]
fn show_prints_the_figure_when_asked_and_not_into_a_pipe() {
    let home = Home::new();
    let braille = |t: &str| t.chars().any(|c| ('\u{2801}'..='\u{28ff}').contains(&c));
    let plain = home.ok(&["show", "childs-pose"]);
    assert!(!braille(&plain), "{plain}");
    let with = home.ok(&["show", "childs-pose", "--figure"]);
    assert!(braille(&with), "{with}");
    assert!(with.starts_with("Child"), "{with}");
    // The figure stands between the summary and the fields.
    let fig = with
        .find(|c: char| ('\u{2801}'..='\u{28ff}').contains(&c))
        .unwrap();
    assert!(fig < with.find("areas").unwrap());
    home.fails(&["show", "childs-pose", "--figure", "--no-figure"], 2);
    // `figures: blocks` draws in half blocks; `figures: off` draws nothing unless asked.
    home.write("config/supple/config.yaml", "figures: blocks\n");
    let blocks = home.ok(&["show", "childs-pose", "--figure"]);
    assert!(!braille(&blocks) && blocks.contains('▄'), "{blocks}");
    home.write("config/supple/config.yaml", "figures: off\n");
    assert!(braille(&home.ok(&["show", "childs-pose", "--figure"])));
    // A mistake in config.yaml does not stop `show` (it only says how to draw): it is
    // named as a warning, and the figure is drawn the usual way.
    home.write("config/supple/config.yaml", "figures: brail\n");
    let r = home.run(&["show", "childs-pose", "--figure"]);
    assert_eq!(r.code, Some(0), "{r:#?}");
    assert!(braille(&r.stdout), "{r:#?}");
    let err = r.stderr;
    assert_contains(
        &err,
        &[
            "config.yaml:1:10",
            "unknown figures value `brail`",
            "did you mean `braille`?",
        ],
    );
}

#[test]
fn every_built_in_stretch_has_a_figure() {
    let home = Home::new();
    let list = home.json(&["list", "--json"]);
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert!(ids.len() >= 41);
    for id in ids {
        let svg = home.ok(&["figure", id, "--svg"]);
        assert!(svg.contains("<circle class=\"body\""), "{id} has no head");
    }
}
