//! Positions read off the parsed tree (anchors, aliases, multi-line flow style, explicit
//! keys), the limits that refuse hostile files early, the cap on listed problems, and the
//! 24-hour limit on a routine.

use super::*;

/// `supple check` on `text`: exit 1, and the problem lines with the file name cut off.
fn problems(home: &Home, name: &str, text: &str) -> Vec<String> {
    let file = home.write(name, text);
    let err = home.fails(&["check", s(&file)], 1);
    let prefix = format!("supple: {}:", file.display());
    err.lines()
        .filter_map(|l| l.strip_prefix(&prefix))
        .map(str::to_string)
        .collect()
}

fn starts(lines: &[String], expected: &[&str]) {
    assert_eq!(lines.len(), expected.len(), "{lines:#?}");
    for (line, want) in lines.iter().zip(expected) {
        assert!(
            line.starts_with(want),
            "{line:?} does not start with {want:?}"
        );
    }
}

#[test]
fn a_value_through_an_anchor_and_an_alias_is_placed_at_each_use() {
    let home = Home::new();
    let found = problems(
        &home,
        "anchors.yaml",
        "- id: knee-hug\n  name: Knee Hug\n  areas: [lower-back]\n  position: &pos flor\n  level: gentle\n  hold: 30s\n- id: cat-cow\n  name: Cat-Cow\n  areas: [lower-back]\n  position: *pos\n  level: gentle\n  hold: 30s\n",
    );
    starts(
        &found,
        &[
            "4:13: stretch `knee-hug`, field `position`: unknown position `flor`",
            "10:13: stretch `cat-cow`, field `position`: unknown position `flor`",
        ],
    );
    // Inside an aliased list: where the anchor wrote the item, the only place it stands.
    let found = problems(
        &home,
        "aliased-list.yaml",
        "- id: a\n  name: A\n  areas: &areas [hips, hip]\n  position: floor\n  level: gentle\n  hold: 30s\n- id: b\n  name: B\n  areas: *areas\n  position: floor\n  level: gentle\n  hold: 30s\n",
    );
    starts(
        &found,
        &[
            "3:24: stretch `a`, field `areas`: unknown area `hip`",
            "3:24: stretch `b`, field `areas`: unknown area `hip`",
        ],
    );
}

#[test]
fn multi_line_flow_style_and_explicit_keys_are_placed_exactly() {
    let home = Home::new();
    let found = problems(
        &home,
        "flow.yaml",
        "- {id: knee-hug, name: Knee Hug,\n   areas: [lower-back,\n     hip], position: floor,\n   level: gentle, hold: 0s}\n",
    );
    starts(
        &found,
        &[
            "3:6: stretch `knee-hug`, field `areas`: unknown area `hip`",
            "4:25: stretch `knee-hug`, field `hold`: a duration of zero",
        ],
    );
    let found = problems(
        &home,
        "explicit.yaml",
        "- id: knee-hug\n  name: Knee Hug\n  areas: [lower-back]\n  position: floor\n  ? level\n  : moderat\n  ? hodl\n  : 30s\n",
    );
    starts(
        &found,
        &[
            "1:3: stretch `knee-hug`, field `hold`: missing",
            "6:5: stretch `knee-hug`, field `level`: unknown level `moderat`",
            "7:5: stretch `knee-hug`, field `hodl`: unknown field",
        ],
    );
}

#[test]
fn columns_count_characters_in_a_routine_too() {
    let home = Home::new();
    let found = problems(
        &home,
        "routine.yaml",
        "name: “späť”\nsteps:\n  - {stretch: cat-cow, ünï: 1, reps: 0}\n",
    );
    starts(
        &found,
        &[
            "3:24: routine `“späť”`, step 1, field `ünï`: unknown field",
            "3:38: routine `“späť”`, step 1, field `reps`: 0 is out of range",
        ],
    );
}

#[test]
fn nesting_past_64_is_refused_where_it_happens() {
    let home = Home::new();
    let found = problems(&home, "deep.yaml", &format!("{}x\n", "- ".repeat(65)));
    starts(
        &found,
        &["1:129: this is not valid YAML: lists and mappings nest more than 64 deep"],
    );
    // 64 deep is read (and refused for what it is, not for its depth)
    let found = problems(&home, "deep64.yaml", &format!("{}x\n", "- ".repeat(64)));
    starts(&found, &["1:3: stretch #1: expected a stretch"]);
}

/// Adversarial files of up to 1 MB are refused quickly (generously bounded here, in a
/// debug build; a release build takes well under a second).
#[test]
fn hostile_shapes_of_a_megabyte_are_refused_quickly() {
    let home = Home::new();
    let shapes = [
        (
            "deep-map.yaml",
            "{a: ".repeat(250_000),
            "nest more than 64 deep",
        ),
        (
            "deep-list.yaml",
            "[".repeat(1_000_000),
            "nest more than 64 deep",
        ),
        (
            "deep-block.yaml",
            format!("{}x\n", "- ".repeat(500_000)),
            "nest more than 64 deep",
        ),
        (
            "bad-items.yaml",
            format!("[{}]\n", vec!["a"; 40_000].join(", ")),
            "... and 39950 more problems in this file",
        ),
        (
            "bad-items-1mb.yaml",
            format!("[{}]\n", vec!["a"; 340_000].join(", ")),
            "... and 339950 more problems in this file",
        ),
    ];
    for (name, text, needle) in &shapes {
        assert!(text.len() <= 1024 * 1024, "{name}");
        let file = home.write(name, text);
        let t = Instant::now();
        let err = home.fails(&["check", s(&file)], 1);
        assert!(
            t.elapsed() < Duration::from_secs(10),
            "{name}: {:?}",
            t.elapsed()
        );
        assert_contains(&err, &[needle]);
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn past_fifty_problems_one_line_counts_the_rest() {
    let home = Home::new();
    let bad = "- id: knee-hug\n  name: Knee Hug\n  areas: [lower-back]\n  position: floor\n  level: gentle\n  hold: 0s\n";
    let file = home.write("many.yaml", bad.repeat(60));
    let err = home.fails(&["check", s(&file)], 1);
    let lines: Vec<&str> = err.lines().collect();
    // 50 listed, in file order, then the count of the rest, then the summary
    assert_eq!(lines.len(), 52, "{err}");
    assert!(
        lines[0].contains(":6:9: stretch `knee-hug`, field `hold`"),
        "{err}"
    );
    assert!(lines[49].contains(":300:9: "), "{}", lines[49]);
    assert_eq!(
        lines[50],
        format!(
            "supple: {}: ... and 10 more problems in this file",
            file.display()
        )
    );
    assert_eq!(lines[51], "supple: 60 problems in 1 file checked");
    // one more than the cap says "problem"
    let file = home.write("fifty-one.yaml", bad.repeat(51));
    let err = home.fails(&["check", s(&file)], 1);
    assert_contains(&err, &[": ... and 1 more problem in this file\n"]);
    // exactly at the cap, no such line
    let file = home.write("fifty.yaml", bad.repeat(50));
    let err = home.fails(&["check", s(&file)], 1);
    assert!(!err.contains("more problem"), "{err}");
}

#[test]
fn a_duplicate_key_is_refused_at_the_second() {
    let home = Home::new();
    let found = problems(
        &home,
        "dup.yaml",
        "- id: knee-hug\n  name: Knee Hug\n  id: knee\n",
    );
    starts(
        &found,
        &["3:3: this is not valid YAML: duplicate entry with key \"id\""],
    );
}

const LONG_HOLD: &str = "\
- id: long-hold
  name: Long Hold
  areas: [hips]
  position: floor
  level: gentle
  hold: 30m
  sets: 10
";

/// A routine of `n` steps of `long-hold`: 10 prepare + 10 × 30m + 9 × 10 rest each.
fn long_routine(n: usize) -> String {
    format!(
        "name: marathon\nsteps:\n{}",
        "  - stretch: long-hold\n".repeat(n)
    )
}

#[test]
fn a_routine_longer_than_a_day_is_refused_everywhere_it_is_read() {
    let home = Home::new();
    home.write("config/supple/stretches/long.yaml", LONG_HOLD);
    // 4 steps: 20:06:40, fine
    let day = home.write("day.yaml", long_routine(4));
    assert_contains(&home.ok(&["check", s(&day)]), &["no problems"]);
    assert_contains(&home.ok(&["plan", s(&day)]), &["20:06:40"]);
    // stretched past a day by the times on the command line: refused before it starts
    // (36 rests of 10 minutes instead of 10 s: 20:06:40 + 5:54:00)
    for args in [
        &["plan", s(&day), "--rest", "10m"][..],
        &["run", s(&day), "--rest", "10m", "--plain"],
    ] {
        let err = home.fails(args, 1);
        assert_contains(
            &err,
            &["routine `marathon` lasts 26:00:40", "at most 24 hours"],
        );
    }
    assert!(!home.history_file().exists(), "nothing ran");
    // 5 steps: 25:08:20, refused at the routine file's start
    let file = home.write("marathon.yaml", long_routine(5));
    let at = format!("{}:1:1: ", file.display());
    for args in [
        &["check", s(&file)][..],
        &["plan", s(&file)],
        &["run", s(&file), "--plain"],
    ] {
        let err = home.fails(args, 1);
        assert_contains(
            line_with(&err, &at),
            &["routine `marathon` lasts 25:08:20; a routine may last at most 24 hours"],
        );
    }
    // and as one of the user's routines, by name
    home.write("config/supple/routines/marathon.yaml", long_routine(5));
    let err = home.fails(&["plan", "marathon"], 1);
    assert_contains(&err, &["routine `marathon` lasts 25:08:20"]);
    assert!(!home.history_file().exists(), "nothing ran");
}
