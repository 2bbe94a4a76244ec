use super::*;

/// `supple check FIXTURE` exits 1, and the line naming `file:line:column` holds every
/// needle (the stretch, the field, what was expected, the suggestion).
fn rejects(name: &str, at: &str, needles: &[&str]) -> String {
    let home = Home::new();
    let path = fixture(&format!("stretches/{name}"));
    let err = home.fails(&["check", &path], 1);
    let line = line_with(&err, &format!("{path}:{at}: "));
    assert_contains(line, needles);
    assert!(
        err.lines().last().unwrap().contains("checked"),
        "no summary line:\n{err}"
    );
    err
}

#[test]
fn unknown_field_suggests_the_real_one() {
    let err = rejects(
        "unknown-field.yaml",
        "14:3",
        &[
            "stretch `knee-hug`",
            "field `aeras`",
            "unknown field; expected one of: id, name",
            "(did you mean `areas`?)",
        ],
    );
    // and without it the stretch has no areas
    assert_contains(
        line_with(&err, ":12:3: "),
        &["field `areas`", "missing", "body areas"],
    );
    assert_contains(&err, &["2 problems"]);
}

#[test]
fn unknown_area() {
    rejects(
        "unknown-area.yaml",
        "14:23",
        &[
            "stretch `knee-hug`",
            "field `areas`",
            "unknown area `hip`",
            "expected one of: neck, shoulders",
            "full-body",
            "(did you mean `hips`?)",
        ],
    );
}

#[test]
fn unknown_position() {
    rejects(
        "unknown-position.yaml",
        "15:13",
        &[
            "stretch `knee-hug`",
            "field `position`",
            "unknown position `flor`",
            "expected one of: floor, standing, seated, kneeling, wall, bed",
            "(did you mean `floor`?)",
        ],
    );
}

#[test]
fn unknown_level() {
    rejects(
        "unknown-level.yaml",
        "16:10",
        &[
            "stretch `knee-hug`",
            "field `level`",
            "unknown level `moderat`",
            "expected one of: gentle, moderate, deep",
            "(did you mean `moderate`?)",
        ],
    );
}

#[test]
fn unknown_load() {
    rejects(
        "unknown-load.yaml",
        "17:23",
        &[
            "stretch `knee-hug`",
            "field `loads`",
            "unknown joint `knee`",
            "expected one of: knees, wrists, neck, lower-back, shoulders, ankles",
            "(did you mean `knees`?)",
        ],
    );
}

#[test]
fn unknown_sides_value() {
    rejects(
        "unknown-sides.yaml",
        "18:10",
        &[
            "stretch `knee-hug`",
            "field `sides`",
            "`alternate`",
            "expected one of: both, each, alternating",
            "(did you mean `alternating`?)",
        ],
    );
}

#[test]
fn id_not_kebab_case_gets_a_spelling() {
    rejects(
        "id-not-kebab.yaml",
        "12:7",
        &[
            "stretch `Knee_Hug`",
            "field `id`",
            "not kebab-case (lowercase words joined by hyphens)",
            "try `knee-hug`",
        ],
    );
}

#[test]
fn duplicate_id_names_the_first_line() {
    rejects(
        "duplicate-id.yaml",
        "12:7",
        &[
            "stretch `heel-drop`",
            "field `id`",
            "duplicate id",
            "already defined at line 2",
        ],
    );
}

#[test]
fn missing_dose() {
    rejects(
        "missing-dose.yaml",
        "12:3",
        &[
            "stretch `knee-hug`",
            "field `hold`",
            "missing; expected a dose",
            "`reps: 10` with `tempo: 4s`",
        ],
    );
}

#[test]
fn hold_and_reps_together() {
    rejects(
        "hold-and-reps.yaml",
        "20:9",
        &[
            "stretch `knee-hug`",
            "field `reps`",
            "either `hold` or `reps`, not both",
        ],
    );
}

#[test]
fn reps_without_tempo_or_breath() {
    rejects(
        "reps-without-pace.yaml",
        "12:3",
        &[
            "stretch `knee-hug`",
            "field `tempo`",
            "missing; expected the time per rep (`tempo: 4s`)",
            "breath: {in: 3s, out: 3s}",
        ],
    );
}

#[test]
fn zero_duration() {
    rejects(
        "zero-duration.yaml",
        "19:9",
        &[
            "stretch `knee-hug`",
            "field `hold`",
            "a duration of zero; expected at least 1s",
        ],
    );
}

#[test]
fn unparsable_duration() {
    rejects(
        "unparsable-duration.yaml",
        "19:9",
        &[
            "stretch `knee-hug`",
            "field `hold`",
            "cannot read `30sec` as a duration",
            "like `30s`, `1m` or `1m30s`",
        ],
    );
}

#[test]
fn duration_over_thirty_minutes() {
    rejects(
        "duration-too-long.yaml",
        "19:9",
        &[
            "stretch `knee-hug`",
            "field `hold`",
            "31m is longer than the 30 minute limit",
            "split a long hold into sets",
        ],
    );
}

#[test]
fn reps_over_two_hundred() {
    rejects(
        "too-many-reps.yaml",
        "9:9",
        &[
            "stretch `heel-drop`",
            "field `reps`",
            "201 is out of range; expected a whole number from 1 to 200",
        ],
    );
}

#[test]
fn sets_over_ten() {
    rejects(
        "too-many-sets.yaml",
        "20:9",
        &[
            "stretch `knee-hug`",
            "field `sets`",
            "11 is out of range; expected a whole number from 1 to 10",
        ],
    );
}

#[test]
fn empty_areas() {
    rejects(
        "empty-areas.yaml",
        "14:10",
        &[
            "stretch `knee-hug`",
            "field `areas`",
            "empty list; name at least one body area",
            "areas are: neck,",
        ],
    );
}

#[test]
fn escape_sequence_in_a_text_field() {
    let err = rejects(
        "escape-sequence.yaml",
        "22:7",
        &[
            "stretch `knee-hug`",
            "field `cues`",
            "control character '\\u{1b}'",
            "only plain printable text is allowed",
        ],
    );
    assert!(!err.contains('\u{1b}'), "the escape reached the terminal");
}

#[test]
fn raw_control_character_is_reported_at_its_line() {
    // The ESC byte is on line 22; the YAML reader's own error names "position 404".
    let home = Home::new();
    let path = fixture("stretches/raw-control-character.yaml");
    let err = home.fails(&["check", &path], 1);
    assert_contains(&err, &[&format!("{path}:22:"), "control character"]);
    assert!(!err.contains('\u{1b}'), "the escape reached the terminal");
}

#[test]
fn messages_never_echo_control_characters() {
    let home = Home::new();
    let file = home.write(
            "inject.yaml",
            "- id: knee-hug\n  name: Knee Hug\n  areas: [\"\\e]0;owned\\a\"]\n  position: \"\\e[2J\"\n  level: gentle\n  \"\\e[31mred\": 1\n  hold: 30s\n",
        );
    let err = home.fails(&["check", s(&file)], 1);
    assert_eq!(err.lines().count(), 4, "{err}");
    assert!(
        !err.chars().any(|c| c.is_control() && c != '\n'),
        "control characters reach the terminal: {err:?}"
    );
}

#[test]
fn yaml_syntax_error_names_the_line() {
    // The `[` on line 14 is never closed; the reader notices on the next line, and the
    // hint names the `[` still open there.
    let home = Home::new();
    let path = fixture("stretches/syntax-error.yaml");
    let err = home.fails(&["check", &path], 1);
    let line = line_with(&err, "this is not valid YAML");
    assert!(
        line.contains(&format!("{path}:14:")) || line.contains(&format!("{path}:15:")),
        "{line}"
    );
    assert_contains(line, &["is the `[` at line 14, column 10 closed?"]);
}

#[test]
fn file_that_is_not_utf8_names_the_line() {
    let home = Home::new();
    let path = fixture("stretches/latin-1.yaml");
    let err = home.fails(&["check", &path], 1);
    assert_contains(
        line_with(&err, &format!("{path}:13:24: ")),
        &["not UTF-8", "save it as UTF-8"],
    );
}

#[test]
fn file_over_one_megabyte_is_refused_quickly() {
    let home = Home::new();
    let mut text = String::from(OWN_STRETCH);
    while text.len() <= 1024 * 1024 {
        text.push_str("# padding padding padding padding padding padding padding padding\n");
    }
    let file = home.write("big.yaml", &text);
    let t = Instant::now();
    let err = home.fails(&["check", s(&file)], 1);
    // Refused before it is read; the bound is the one of every hostile input here (a debug
    // build on a loaded machine can take a second or two just to start).
    assert!(t.elapsed() < Duration::from_secs(10), "{:?}", t.elapsed());
    assert_contains(
        &err,
        &[
            &format!("{}: ", file.display()),
            "larger than 1 MB",
            "split the library into several files",
        ],
    );
    // a file just under the limit is read
    text.truncate(1000 * 1000);
    let end = text.rfind('\n').unwrap() + 1;
    text.truncate(end);
    let file = home.write("almost.yaml", &text);
    assert_contains(&home.ok(&["check", s(&file)]), &["no problems"]);
}

#[test]
fn deeply_nested_files_are_refused_without_a_crash() {
    let home = Home::new();
    let shapes = [
        "[".repeat(10_000),
        "{a: ".repeat(10_000),
        format!("{}x\n", "- ".repeat(10_000)),
    ];
    for (i, text) in shapes.iter().enumerate() {
        let file = home.write(&format!("nested-{i}.yaml"), text);
        let t = Instant::now();
        let err = home.fails(&["check", s(&file)], 1);
        assert!(t.elapsed() < Duration::from_secs(10), "{:?}", t.elapsed());
        assert_contains(&err, &[&format!("{}:1:", file.display()), "not valid YAML"]);
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn alias_bomb_is_refused() {
    let home = Home::new();
    let mut text = String::from("- &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let p = format!("*a{}", i - 1);
        let row = [p.as_str(); 10].join(", ");
        text.extend(["- &a", &i.to_string(), " [", &row, "]\n"]);
    }
    let file = home.write("bomb.yaml", &text);
    let t = Instant::now();
    let err = home.fails(&["check", s(&file)], 1);
    assert!(t.elapsed() < Duration::from_secs(10), "{:?}", t.elapsed());
    assert_contains(&err, &["bomb.yaml", "not valid YAML"]);
}

#[test]
fn empty_file() {
    let home = Home::new();
    let path = fixture("stretches/empty.yaml");
    let err = home.fails(&["check", &path], 1);
    assert_contains(
        line_with(&err, &format!("{path}: ")),
        &[
            "the file is empty",
            "expected a list of stretches (`- id: ...`)",
        ],
    );
}

#[test]
fn mapping_without_steps() {
    let home = Home::new();
    let path = fixture("stretches/no-steps.yaml");
    let err = home.fails(&["check", &path], 1);
    assert_contains(
        line_with(&err, &format!("{path}:1:1: ")),
        &["field `steps`: missing", "expected a list of steps"],
    );
}

#[test]
fn every_problem_of_a_file_is_reported() {
    let home = Home::new();
    let path = fixture("stretches/several-problems.yaml");
    let err = home.fails(&["check", &path], 1);
    let found: Vec<&str> = err.lines().filter(|l| l.contains(&path)).collect();
    assert_eq!(found.len(), 8, "{err}");
    for (at, what) in [
        ("3:3", "field `nmae`: unknown field"),
        ("2:3", "field `name`: missing"),
        ("4:11", "unknown area `calf`"),
        ("10:10", "field `tempo`: a duration of zero"),
        ("12:7", "`KneeHug` is not kebab-case"),
        ("15:13", "unknown position `couch`"),
        ("19:9", "cannot read `45 seconds`"),
        ("20:9", "0 is out of range"),
    ] {
        assert_contains(line_with(&err, &format!("{path}:{at}: ")), &[what]);
    }
    assert_contains(err.lines().last().unwrap(), &["8 problems"]);
}

#[test]
fn problems_in_several_files_are_all_reported() {
    let home = Home::new();
    let a = fixture("stretches/unknown-area.yaml");
    let b = fixture("stretches/zero-duration.yaml");
    let c = fixture("routines/unknown-stretch.yaml");
    let err = home.fails(&["check", &a, &b, &c], 1);
    assert_contains(
        &err,
        &[
            &format!("{a}:14:23:"),
            &format!("{b}:19:9:"),
            &format!("{c}:5:14:"),
            "3 problems in 3 files",
        ],
    );
}

#[test]
fn every_fixture_is_rejected_and_nothing_panics() {
    let home = Home::new();
    let dir = repo("tests/fixtures/stretches");
    let mut n = 0;
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let r = home.run(&["check", s(&path)]);
        assert_eq!(r.code, Some(1), "{}: {r:#?}", path.display());
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
        n += 1;
    }
    assert!(n >= 20, "only {n} fixtures");
}
