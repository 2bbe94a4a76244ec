use super::*;
use std::process::Stdio;

#[test]
fn build_flags_with_a_routine_name_or_without_minutes_are_usage_errors() {
    let home = Home::new();
    let err = home.fails(&["run", "morning", "--avoid", "knees", "--plain"], 2);
    assert_contains(&err, &["without a routine name"]);
    let err = home.fails(&["run", "--area", "hips", "--plain"], 2);
    assert_contains(&err, &["--minutes N"]);
    let err = home.fails(&["build", "--area", "hips"], 2);
    assert_contains(&err, &["--minutes N"]);
}

#[test]
fn a_file_in_the_current_folder_does_not_hide_a_routine_name() {
    let home = Home::new();
    home.write("desk", "my notes about the desk\n");
    let plan = home.ok(&["plan", "desk"]);
    assert!(plan.starts_with("desk · "), "{plan}");
}

#[test]
fn a_byte_order_mark_is_fine() {
    let home = Home::new();
    let file = home.write(
        "bom.yaml",
        "\u{feff}name: bom\nsteps:\n  - stretch: cat-cow\n",
    );
    assert_contains(&home.ok(&["check", s(&file)]), &["no problems"]);
}

#[test]
fn build_names_the_routine_after_its_file_and_checks_a_given_name() {
    let home = Home::new();
    let out = home.root.join("my-back.yaml");
    home.ok(&[
        "build",
        "--area",
        "lower-back",
        "--minutes",
        "5",
        "-o",
        s(&out),
    ]);
    let listed = home.ok(&["routines"]);
    assert!(
        listed
            .lines()
            .any(|l| l.starts_with("lower-back ") && l.contains("built-in")),
        "{listed}"
    );
    let text = fs::read_to_string(&out).unwrap();
    assert!(text.contains("name: \"my-back\""), "{text}");
    let stdout = home.ok(&["build", "--area", "lower-back", "--minutes", "5"]);
    assert!(stdout.contains("name: \"lower-back-5min\""), "{stdout}");
    home.fails(
        &[
            "build",
            "--area",
            "hips",
            "--minutes",
            "5",
            "--name",
            "two\nlines",
        ],
        2,
    );
    home.fails(
        &["build", "--area", "hips", "--minutes", "5", "--name", ""],
        2,
    );
}

#[test]
fn check_reads_a_config_folder_the_way_supple_does() {
    let home = Home::new();
    // A routine dropped into the stretches folder is a broken stretch file there.
    home.write(
        "config/supple/stretches/oops.yaml",
        "name: oops\nsteps:\n  - stretch: cat-cow\n",
    );
    let err = home.fails(&["check", s(&home.config())], 1);
    assert_contains(&err, &["oops.yaml", "expected a list of stretches"]);
}

#[test]
fn a_routine_is_not_blamed_for_a_mistake_elsewhere_in_a_stretch_file() {
    let home = Home::new();
    let lib = home.write(
            "mine.yaml",
            "- id: my-twist\n  name: My Twist\n  areas: [core]\n  position: floor\n  level: gentle\n  hold: 20s\n- id: broken\n  name: Broken\n  areas: [elbow]\n  position: floor\n  level: gentle\n  hold: 20s\n",
        );
    let routine = home.write("r.yaml", "name: r\nsteps:\n  - stretch: my-twist\n");
    let err = home.fails(&["check", s(&lib), s(&routine)], 1);
    assert_contains(&err, &["unknown area `elbow`"]);
    assert!(!err.contains("unknown stretch"), "{err}");
}

#[test]
fn a_reader_that_goes_away_stops_the_run_which_is_still_recorded() {
    let home = Home::new();
    let file = fixture("routines/long-hold.yaml");
    let mut child = home
        .std_cmd()
        .args(["run", &file, "--plain"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Read into the hold (a run stopped while getting ready is not recorded), then close
    // the pipe.
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while !line.contains("Breathe in") {
        line.clear();
        assert!(std::io::BufRead::read_line(&mut stdout, &mut line).unwrap() > 0);
    }
    drop(stdout);
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "supple kept running with nobody reading"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(141));
    let history = home.history_lines();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0]["ending"], "SIGPIPE");
}
