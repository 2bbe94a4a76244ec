use super::*;

/// A routine that lasts four seconds, by name from the user's folder.
fn quick_routine(home: &Home) {
    home.write(
        "config/supple/routines/quick.yaml",
        fs::read(fixture("routines/four-seconds.yaml")).unwrap(),
    );
}

#[test]
fn a_broken_routine_is_refused_with_its_problems_and_the_rest_runs() {
    let home = Home::new();
    let bad = home.write(
        "config/supple/routines/my-hips.yaml",
        "name: my-hips\nsteps:\n  - stretch: pigeonn\n",
    );
    quick_routine(&home);
    let at = format!("{}:3:14: ", bad.display());
    {
        let name = "my-hips";
        let r = home.run(&["run", name, "--plain"]);
        assert_eq!(r.code, Some(1), "{r:#?}");
        let line = line_with(&r.stderr, &at);
        assert_contains(
            line,
            &["unknown stretch `pigeonn`", "did you mean `pigeon-pose`?"],
        );
        assert!(!line.contains("warning"), "an error, not a warning: {line}");
        assert_eq!(r.stderr.matches(&at).count(), 1, "once: {}", r.stderr);
        let r = home.run(&["plan", name]);
        assert_eq!(r.code, Some(1), "{r:#?}");
    }
    assert!(!home.history_file().exists(), "nothing ran");
    // beside it, the other routines plan and run, with one warning
    for args in [&["plan", "morning"][..], &["run", "quick", "--plain"]] {
        let r = home.run(args);
        assert_eq!(r.code, Some(0), "{args:?}: {r:#?}");
        assert_contains(line_with(&r.stderr, &at), &["warning: "]);
        assert_eq!(r.stderr.matches(&at).count(), 1, "once: {}", r.stderr);
    }
    assert_eq!(home.history_lines().len(), 1, "the quick routine ran");
    // `routines` lists the good ones
    let listed = home.ok(&["routines"]);
    assert_contains(&listed, &["morning", "four seconds"]);
    assert!(!listed.contains("my-hips"), "{listed}");
}

#[test]
fn a_broken_file_named_like_a_built_in_routine_is_what_that_name_means() {
    let home = Home::new();
    home.write(
        "config/supple/routines/morning.yaml",
        "name: morning\nsteps: []\n",
    );
    let err = home.fails(&["plan", "morning"], 1);
    assert_contains(&err, &["morning.yaml", "steps"]);
    assert!(!err.contains("warning"), "{err}");
    home.ok(&["plan", "desk"]);
}

#[test]
fn a_broken_stretch_file_leaves_out_its_stretches_and_names_itself_as_the_reason() {
    let home = Home::new();
    let bad = home.write(
        "config/supple/stretches/calves.yaml",
        OWN_STRETCH.replace("[calves, ankles]", "[calf, ankles]"),
    );
    let routine = home.write(
        "config/supple/routines/calves.yaml",
        "name: calves\nsteps:\n  - stretch: towel-calf-pull\n  - stretch: cat-cow\n",
    );
    let at = format!("{}:3:11: ", bad.display());
    // `list` warns and lists the built-ins, without the left-out stretch
    let r = home.run(&["list"]);
    assert_eq!(r.code, Some(0), "{r:#?}");
    assert_contains(
        line_with(&r.stderr, &at),
        &["warning: ", "unknown area `calf`"],
    );
    assert_contains(&r.stdout, &["cat-cow", "pigeon-pose"]);
    assert!(!r.stdout.contains("towel-calf-pull"), "{}", r.stdout);
    // the routine that needs it is refused, naming the broken file
    for args in [
        &["run", "calves", "--plain"][..],
        &["plan", "calves"],
        &["plan", s(&routine)],
    ] {
        let r = home.run(args);
        assert_eq!(r.code, Some(1), "{args:?}: {r:#?}");
        let reason = line_with(&r.stderr, "left out because");
        assert_contains(
            reason,
            &[
                &format!("{}: routine `calves`: ", routine.display()),
                "the stretch `towel-calf-pull` is left out because",
                &format!("{} has 1 problem", bad.display()),
            ],
        );
        assert!(!reason.contains("warning"), "{reason}");
        assert!(!r.stderr.contains("unknown stretch"), "{}", r.stderr);
        assert_eq!(r.stderr.matches(&at).count(), 1, "once: {}", r.stderr);
    }
    // `show` says why the stretch is missing
    let err = home.fails(&["show", "towel-calf-pull"], 1);
    assert_contains(&err, &["left out because", "calves.yaml has 1 problem"]);
    // built-ins carry on
    home.ok(&["plan", "morning"]);
    // and `check` fails as it always did
    let err = home.fails(&["check"], 1);
    assert_contains(line_with(&err, &at), &["unknown area `calf`"]);
}

#[test]
fn a_stretch_file_that_does_not_parse_still_names_its_stretches() {
    let home = Home::new();
    home.write(
        "config/supple/stretches/mine.yaml",
        fs::read(fixture("stretches/syntax-error.yaml")).unwrap(),
    );
    home.write(
        "config/supple/routines/hug.yaml",
        "name: hug\nsteps:\n  - stretch: knee-hug\n",
    );
    let err = home.fails(&["plan", "hug"], 1);
    assert_contains(
        &err,
        &[
            "the stretch `knee-hug` is left out because",
            "mine.yaml has",
        ],
    );
}

#[test]
fn folders_that_cannot_be_read_are_named() {
    let home = Home::new();
    // `stretches` is a file, `routines` a link to nothing
    home.write("config/supple/stretches", "not a folder");
    std::os::unix::fs::symlink(home.root.join("gone"), home.config().join("routines")).unwrap();
    let r = home.run(&["plan", "morning"]);
    assert_eq!(r.code, Some(0), "{r:#?}");
    assert_contains(
        line_with(&r.stderr, "stretches"),
        &["warning: ", "expected a folder of YAML files"],
    );
    assert_contains(
        line_with(&r.stderr, "routines"),
        &["warning: ", "a link to a folder that does not exist"],
    );
    home.fails(&["check"], 1);
}

#[test]
fn an_unreadable_config_folder_is_a_warning_unless_running_as_root() {
    let home = Home::new();
    home.write(
        "config/supple/routines/mine.yaml",
        "name: mine\nsteps:\n  - stretch: cat-cow\n",
    );
    let set = |mode| {
        let mut perms = fs::metadata(home.config()).unwrap().permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut perms, mode);
        fs::set_permissions(home.config(), perms).unwrap();
    };
    set(0o000);
    let readable = fs::read_dir(home.config().join("routines")).is_ok();
    let r = home.run(&["plan", "morning"]);
    set(0o755);
    if readable {
        // root reads anything: nothing to test here
        return;
    }
    assert_eq!(r.code, Some(0), "{r:#?}");
    for folder in ["stretches", "routines"] {
        assert_contains(
            line_with(&r.stderr, &format!("supple/{folder}: ")),
            &["warning: ", "cannot read the folder: permission denied"],
        );
    }
}

#[test]
fn an_unreadable_file_is_a_warning_unless_running_as_root() {
    let home = Home::new();
    let locked = home.write(
        "config/supple/routines/locked.yaml",
        "name: locked\nsteps:\n  - stretch: cat-cow\n",
    );
    let mut perms = fs::metadata(&locked).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o000);
    fs::set_permissions(&locked, perms).unwrap();
    if fs::read(&locked).is_ok() {
        // root reads anything: nothing to test here
        return;
    }
    let r = home.run(&["plan", "morning"]);
    assert_eq!(r.code, Some(0), "{r:#?}");
    assert_contains(
        line_with(&r.stderr, "locked.yaml"),
        &["warning: ", "permission denied"],
    );
}
