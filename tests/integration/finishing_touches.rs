use super::*;

#[test]
fn completions_man_page_and_version() {
    let home = Home::new();
    let bash = home.ok(&["completions", "bash"]);
    assert!(bash.contains("_supple()"), "{bash}");
    assert!(bash.contains("routines"), "subcommands are completed");
    let zsh = home.ok(&["completions", "zsh"]);
    assert!(zsh.starts_with("#compdef supple"), "{zsh}");
    let man = home.ok(&["man"]);
    assert!(man.contains(".TH supple 1"), "{man}");
    assert!(man.contains("stretch"), "{man}");
    let version = home.ok(&["--version"]);
    assert_eq!(
        version.trim(),
        format!("supple {}", env!("CARGO_PKG_VERSION"))
    );
    home.fails(&["completions", "tcsh"], 2);
}

#[test]
fn every_command_has_help_with_examples() {
    let home = Home::new();
    for command in ["run", "plan", "list", "show", "routines", "build", "check"] {
        let help = home.ok(&[command, "--help"]);
        assert!(
            help.contains("Example"),
            "`supple {command} --help` has no example:\n{help}"
        );
    }
    let top = home.ok(&["--help"]);
    assert_contains(&top, &["Examples:", "supple run morning", "--library"]);
}

#[test]
fn no_command_off_a_terminal_explains_itself() {
    let home = Home::new();
    let err = home.fails(&[], 2);
    assert_contains(&err, &["name a command", "supple run morning"]);
}

#[test]
fn schemas_and_check_json_for_editors() {
    let home = Home::new();
    let routine: serde_json::Value =
        serde_json::from_str(&home.ok(&["schema", "routine"])).expect("JSON");
    assert_eq!(routine["required"], serde_json::json!(["name", "steps"]));
    let stretches: serde_json::Value =
        serde_json::from_str(&home.ok(&["schema", "stretches"])).expect("JSON");
    assert_eq!(stretches["type"], "array");
    home.fails(&["schema", "nothing"], 2);
    // A routine written by supple names the schema, kept in the config folder.
    let yaml = home.ok(&["build", "--area", "hips", "--minutes", "5"]);
    let first = yaml.lines().next().unwrap_or_default();
    let kept = home.config().join("schema/routine.schema.json");
    assert_eq!(
        first,
        format!("# yaml-language-server: $schema={}", kept.display())
    );
    let kept: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&kept).expect("the kept schema")).unwrap();
    assert_eq!(kept, routine);
    // The problems as data.
    let bad = home.write(
        "bad.yaml",
        "- id: knee-hug\n  name: Knee Hug\n  areas: [lower-back, hip]\n  position: floor\n  level: gentle\n  hold: 30s\n",
    );
    let r = home.run(&["check", "--json", s(&bad)]);
    assert_eq!(r.code, Some(1), "{r:#?}");
    assert!(r.stderr.is_empty(), "{r:#?}");
    let report: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(report["count"], 1);
    let p = &report["problems"][0];
    assert_eq!(p["file"], s(&bad));
    assert_eq!(
        (p["line"].as_u64(), p["column"].as_u64()),
        (Some(3), Some(23))
    );
    assert_eq!(p["field"], "areas");
    assert_eq!(p["suggestion"], "did you mean `hips`?");
    let clean = home.run(&["check", "--json"]);
    assert_eq!(clean.code, Some(0), "{clean:#?}");
}

#[test]
fn wide_names_keep_the_tables_in_their_columns() {
    let home = Home::new();
    home.write(
        "config/supple/routines/wide.yaml",
        "name: 朝のストレッチとても長い名前\nsteps:\n  - stretch: cat-cow\n",
    );
    let table = home.ok(&["routines"]);
    let cells = |l: &str| unicode_cells(l);
    let wide = table
        .lines()
        .find(|l| l.starts_with('朝'))
        .expect("the wide routine");
    let morning = table
        .lines()
        .find(|l| l.starts_with("morning "))
        .expect("morning");
    // The time column ends at the same cell on both lines.
    let end_of_time = |l: &str| {
        let t = l.find(':').expect("a time") + 3;
        cells(&l[..t])
    };
    assert_eq!(end_of_time(wide), end_of_time(morning), "{table}");
}

/// Cells a line takes: wide characters (CJK) take two.
fn unicode_cells(s: &str) -> usize {
    s.chars()
        .map(|c| {
            if ('\u{1100}'..='\u{ffdc}').contains(&c) && !c.is_ascii() && c > '\u{2e7f}' {
                2
            } else {
                1
            }
        })
        .sum()
}
