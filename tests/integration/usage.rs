use super::*;

#[test]
fn unknown_flag_exits_2() {
    let home = Home::new();
    let err = home.fails(&["list", "--bogus"], 2);
    assert_contains(&err, &["--bogus"]);
    home.fails(&["--bogus"], 2);
    home.fails(&["dance"], 2);
}

#[test]
fn unknown_area_flag_suggests() {
    let home = Home::new();
    for args in [
        &["list", "--area", "hip"][..],
        &["run", "--area", "hip", "--minutes", "5"],
        &["build", "--area", "hip", "--minutes", "5"],
    ] {
        let err = home.fails(args, 2);
        assert_contains(&err, &["unknown area `hip`", "did you mean `hips`?"]);
    }
    let err = home.fails(&["list", "--avoid", "knee"], 2);
    assert_contains(&err, &["unknown joint `knee`", "did you mean `knees`?"]);
}

#[test]
fn run_needs_a_routine_or_areas() {
    let home = Home::new();
    let err = home.fails(&["run"], 2);
    assert_contains(&err, &["name a routine", "--area AREA --minutes N"]);
    let err = home.fails(&["run", "morning", "--area", "hips"], 2);
    assert_contains(&err, &["without a routine name"]);
    let err = home.fails(&["build", "--minutes", "5"], 2);
    assert_contains(&err, &["--area AREA"]);
}

#[test]
fn bad_times_on_the_command_line_exit_2() {
    let home = Home::new();
    let err = home.fails(&["plan", "morning", "--switch", "0s"], 2);
    assert_contains(&err, &["zero"]);
    let err = home.fails(&["plan", "morning", "--rest", "31m"], 2);
    assert_contains(&err, &["30 minute"]);
    let err = home.fails(&["plan", "morning", "--switch", "soon"], 2);
    assert_contains(&err, &["soon"]);
    home.fails(&["build", "--area", "hips", "--minutes", "0"], 2);
}
