use super::*;

#[test]
fn writes_a_routine_that_checks_and_never_overwrites() {
    let home = Home::new();
    let file = home.root.join("routines/hips.yaml");
    let r = home.run(&["build", "--area", "hips", "--minutes", "10", "-o", s(&file)]);
    assert_eq!(r.code, Some(0), "{r:#?}");
    assert_contains(&r.stderr, &["wrote", "hips.yaml"]);
    let written = fs::read(&file).unwrap();
    let out = home.ok(&["check", s(&file)]);
    assert_contains(&out, &["(routine `hips`", "no problems"]);
    let plan = home.json(&["plan", s(&file), "--json"]);
    let total = plan["total_seconds"].as_u64().unwrap();
    assert!((540..=660).contains(&total), "{total} s for 10 minutes");
    let err = home.fails(
        &["build", "--area", "hips", "--minutes", "10", "-o", s(&file)],
        1,
    );
    assert_contains(&err, &["already exists"]);
    assert_eq!(fs::read(&file).unwrap(), written, "the file was changed");
}

#[test]
fn prints_to_stdout_and_honours_avoid() {
    let home = Home::new();
    let yaml = home.ok(&[
        "build",
        "--area",
        "hips",
        "--area",
        "hamstrings",
        "--minutes",
        "8",
        "--avoid",
        "knees",
    ]);
    let file = home.write("built.yaml", &yaml);
    home.ok(&["check", s(&file)]);
    let list = home.json(&["list", "--json"]);
    let loads: BTreeMap<&str, Vec<&str>> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap(),
                s["loads"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|j| j.as_str().unwrap())
                    .collect(),
            )
        })
        .collect();
    let plan = home.json(&["plan", s(&file), "--json"]);
    for p in plan["phases"].as_array().unwrap() {
        let id = p["stretch"].as_str().unwrap();
        assert!(!loads[id].contains(&"knees"), "{id} loads the knees");
    }
}
