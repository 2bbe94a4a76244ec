use super::*;

/// Every command but `check`, with a run that lasts four seconds.
fn commands() -> Vec<Vec<String>> {
    [
        &["list"][..],
        &["show", "cat-cow"],
        &["areas"],
        &["routines"],
        &["plan", "morning"],
        &["run", &fixture("routines/four-seconds.yaml"), "--plain"],
        &["build", "--area", "hips", "--minutes", "5"],
    ]
    .iter()
    .map(|a| a.iter().map(ToString::to_string).collect())
    .collect()
}

#[test]
fn a_broken_user_stretch_file_is_a_warning_and_fails_check() {
    let home = Home::new();
    let bad = home.write(
        "config/supple/stretches/mine.yaml",
        fs::read(fixture("stretches/unknown-area.yaml")).unwrap(),
    );
    let at = format!("{}:14:23: ", bad.display());
    for args in commands() {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = home.run(&args);
        assert_eq!(r.code, Some(0), "{args:?}: {r:#?}");
        let line = line_with(&r.stderr, &at);
        assert_contains(
            line,
            &["warning: ", "unknown area `hip`", "(did you mean `hips`?)"],
        );
        assert_eq!(r.stderr.matches(&at).count(), 1, "once: {}", r.stderr);
    }
    let err = home.fails(&["check"], 1);
    assert_contains(
        line_with(&err, &at),
        &["unknown area `hip`", "(did you mean `hips`?)"],
    );
    assert!(!line_with(&err, &at).contains("warning"), "{err}");
}

#[test]
fn a_broken_user_routine_file_is_a_warning_and_fails_check() {
    let home = Home::new();
    let bad = home.write(
        "config/supple/routines/typo.yaml",
        fs::read(fixture("routines/unknown-stretch.yaml")).unwrap(),
    );
    let at = format!("{}:5:14: ", bad.display());
    // A good routine beside it, by name, runs (quickly).
    home.write(
        "config/supple/routines/quick.yaml",
        fs::read(fixture("routines/four-seconds.yaml")).unwrap(),
    );
    for args in [
        &["routines"][..],
        &["routines", "--json"],
        &["plan", "morning"],
        &["run", "quick", "--plain"],
    ] {
        let r = home.run(args);
        assert_eq!(r.code, Some(0), "{args:?}: {r:#?}");
        assert_contains(
            line_with(&r.stderr, &at),
            &[
                "warning: ",
                "unknown stretch `cat-cwo`",
                "(did you mean `cat-cow`?)",
            ],
        );
        assert_eq!(r.stderr.matches(&at).count(), 1, "once: {}", r.stderr);
    }
    let err = home.fails(&["check"], 1);
    assert_contains(
        line_with(&err, &at),
        &["unknown stretch `cat-cwo`", "(did you mean `cat-cow`?)"],
    );
    // `list` reads no routine, so it has nothing to say about one
    let r = home.run(&["list"]);
    assert_eq!(r.code, Some(0), "{r:#?}");
    assert!(r.stderr.is_empty(), "{r:#?}");
}

#[test]
fn a_broken_config_file_stops_the_commands_that_read_it() {
    let home = Home::new();
    let config = home.write("config/supple/config.yaml", "prepare: 5s\nbel: false\n");
    let at = format!("{}:2:1: ", config.display());
    for args in [
        &["plan", "morning"][..],
        &["routines"],
        // The conditions in config.yaml decide what it lists.
        &["list"],
        &["run", "morning", "--plain"],
        &["build", "--area", "hips", "--minutes", "5"],
        &["check"],
    ] {
        let err = home.fails(args, 1);
        assert_contains(
            line_with(&err, &at),
            &["field `bel`: unknown field", "(did you mean `bell`?)"],
        );
    }
    // The commands that do not use the settings carry on, and say nothing of them.
    for args in [
        &["show", "childs-pose"][..],
        &["areas"],
        &["schema", "routine"],
        &["history"],
    ] {
        let r = home.run(args);
        assert_eq!(r.code, Some(0), "{args:?}: {r:#?}");
        assert!(!r.stderr.contains("bel"), "{args:?}: {r:#?}");
    }
}

#[test]
fn library_folder_adds_stretches_before_or_after_the_command() {
    let home = Home::new();
    let dir = home.root.join("extra");
    home.write("extra/calves.yaml", OWN_STRETCH);
    let plain = home.ok(&["list"]);
    assert!(!plain.contains("towel-calf-pull"));
    for args in [
        &["--library", s(&dir), "list"][..],
        &["list", "--library", s(&dir)],
        &["list", "--area", "calves", "--library", s(&dir)],
    ] {
        assert_contains(&home.ok(args), &["towel-calf-pull"]);
    }
    let shown = home.ok(&["show", "towel-calf-pull", "--library", s(&dir)]);
    assert_contains(
        &shown,
        &[
            "Towel Calf Pull  (towel-calf-pull)",
            "towel",
            "calves.yaml:1",
        ],
    );
    let list: Value = home.json(&["--library", s(&dir), "list", "--json"]);
    let mine = list
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "towel-calf-pull")
        .unwrap();
    assert_eq!(mine["source"], "user");
    // and a routine can use it
    let routine = home.write(
        "calves-routine.yaml",
        "name: calves\nsteps:\n  - stretch: towel-calf-pull\n",
    );
    home.ok(&["plan", s(&routine), "--library", s(&dir)]);
    let err = home.fails(&["plan", s(&routine)], 1);
    assert_contains(&err, &["unknown stretch `towel-calf-pull`"]);
}

#[test]
fn library_folder_that_does_not_exist_is_an_error() {
    let home = Home::new();
    let err = home.fails(&["list", "--library", "no-such-folder"], 1);
    assert_contains(&err, &["no-such-folder", "no such folder"]);
}

#[test]
fn a_user_stretch_with_a_built_in_id_replaces_it() {
    let home = Home::new();
    let mine = home.write(
            "config/supple/stretches/mine.yaml",
            "- id: cat-cow\n  name: My Cat-Cow\n  areas: [lower-back]\n  position: floor\n  level: gentle\n  reps: 5\n  tempo: 6s\n",
        );
    let shown = home.ok(&["show", "cat-cow"]);
    assert_contains(
        &shown,
        &[
            "My Cat-Cow  (cat-cow)",
            &format!("from {}:1", mine.display()),
            "replaces the stretch `cat-cow` from <built-in>/stretches/",
        ],
    );
    let list = home.json(&["list", "--json"]);
    let cows: Vec<&Value> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["id"] == "cat-cow")
        .collect();
    assert_eq!(cows.len(), 1);
    assert_eq!(cows[0]["name"], "My Cat-Cow");
    assert_eq!(cows[0]["source"], "user");
    // the built-in routines pick up the user's version
    let plan = home.json(&["plan", "lower-back", "--json"]);
    let cat_cow: Vec<&Value> = plan["phases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["stretch"] == "cat-cow" && p["kind"] == "work")
        .collect();
    assert_eq!(cat_cow[0]["reps"], 5);
    assert_eq!(cat_cow[0]["seconds"], 30);
}

#[test]
fn user_routines_are_listed_as_user() {
    let home = Home::new();
    home.write(
        "config/supple/routines/mine.yaml",
        "name: mine\ndescription: Just one.\nsteps:\n  - stretch: childs-pose\n",
    );
    let list = home.json(&["routines", "--json"]);
    let mine = list
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "mine")
        .expect("the user routine");
    assert_eq!(mine["source"], "user");
    assert_eq!(mine["description"], "Just one.");
    assert_eq!(mine["areas"][0], "lower-back");
    let plan = home.json(&["plan", "mine", "--json"]);
    assert_eq!(plan["total_seconds"], mine["total_seconds"]);
}

#[test]
fn check_with_no_paths_passes_on_a_clean_home() {
    let home = Home::new();
    let out = home.ok(&["check"]);
    assert_contains(&out, &["no problems", "7 routines"]);
}

#[test]
fn check_reads_the_user_folders_and_reports_them_ok() {
    let home = Home::new();
    home.write("config/supple/stretches/calves.yaml", OWN_STRETCH);
    home.write(
        "config/supple/routines/calves.yaml",
        "name: calves\nsteps:\n  - stretch: towel-calf-pull\n",
    );
    home.write("config/supple/config.yaml", "prepare: 5s\nbell: false\n");
    let out = home.ok(&["check"]);
    assert_contains(
        &out,
        &[
            "calves.yaml (1 stretch)",
            "(routine `calves`",
            "config.yaml (settings)",
            "no problems",
        ],
    );
    // the config folder as a path: its stretches/ and routines/ too
    let out = home.ok(&["check", s(&home.config())]);
    assert_contains(&out, &["(routine `calves`", "no problems"]);
}

#[test]
fn check_resolves_a_routine_against_stretch_files_checked_with_it() {
    let home = Home::new();
    let lib = home.write("mine/calves.yaml", OWN_STRETCH);
    let routine = home.write(
        "mine/routine.yaml",
        "name: calves\nsteps:\n  - stretch: towel-calf-pull\n",
    );
    home.ok(&["check", s(&lib), s(&routine)]);
    let err = home.fails(&["check", s(&routine)], 1);
    assert_contains(&err, &["unknown stretch `towel-calf-pull`"]);
}
