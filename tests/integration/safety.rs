//! A safe coach: cautions where a stretch is about to be done, the safety guidance, the
//! conditions a user names, and the stretches that hurt.

use super::*;

/// A routine of one stretch held for a second, written under the HOME.
fn one_second(home: &Home, id: &str) -> String {
    let path = home.write(
        &format!("{id}.yaml"),
        format!(
            "name: one {id}\nprepare: 1s\nsteps:\n  - stretch: {id}\n    hold: 1s\n    sets: 1\n"
        ),
    );
    s(&path).to_string()
}

#[test]
fn plain_prints_the_cautions_while_getting_ready() {
    let home = Home::new();
    let file = one_second(&home, "seated-forward-fold");
    let out = home.ok(&["run", &file, "--plain"]);
    let ready = line_with(&out, "Get ready: Seated Forward Fold");
    assert!(ready.contains(" Careful: "), "{ready}");
    let lib = home.json(&["list", "--json"]);
    let fold = lib
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "seated-forward-fold")
        .unwrap();
    for caution in fold["cautions"].as_array().unwrap() {
        assert!(ready.contains(caution.as_str().unwrap()), "{ready}");
    }
}

#[test]
fn plan_lists_each_stretchs_cautions_and_equipment() {
    let home = Home::new();
    let lib = home.json(&["list", "--json"]);
    let cautions_of = |id: &str| -> Vec<String> {
        lib.as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .unwrap_or_else(|| panic!("no {id}"))["cautions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_string())
            .collect()
    };
    for routine in ["lower-back", "post-run", "desk"] {
        let plan = home.json(&["plan", routine, "--json"]);
        let steps = plan["steps"].as_array().unwrap();
        assert!(!steps.is_empty());
        let text = home.ok(&["plan", routine]);
        for step in steps {
            let id = step["stretch"].as_str().unwrap();
            let cautions: Vec<String> = step["cautions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap().to_string())
                .collect();
            assert_eq!(cautions, cautions_of(id), "{routine}: {id}");
            for c in &cautions {
                // Wrapped at 78 columns: the first words are on the `!` line.
                let start: String = c.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
                assert!(
                    text.contains(&format!("! {start}")),
                    "{routine}: {c}\n{text}"
                );
            }
        }
    }
    let post_run = home.json(&["plan", "post-run", "--json"]);
    let needs: Vec<&str> = post_run["equipment"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect();
    assert!(
        needs.contains(&"wall") && needs.contains(&"towel"),
        "{needs:?}"
    );
    assert!(home.ok(&["plan", "post-run"]).contains("needs: wall"));
}

#[test]
fn the_safety_guidance_comes_before_the_first_plain_run_only() {
    let home = Home::new();
    let file = one_second(&home, "knee-to-chest");
    let first = home.ok(&["run", &file, "--plain"]);
    assert_contains(
        &first,
        &[
            "not medical advice",
            "GET URGENT MEDICAL HELP",
            "`supple safety`",
        ],
    );
    let guidance = first.find("not medical advice").unwrap();
    let header = first.find("one knee-to-chest · ").unwrap();
    assert!(guidance < header, "{first}");
    assert!(home.root.join(".local/state/supple/safety-seen").is_file());
    let second = home.ok(&["run", &file, "--plain"]);
    assert!(!second.contains("medical advice"), "{second}");
    assert!(second.starts_with("one knee-to-chest · "), "{second}");
}

#[test]
fn a_state_folder_that_cannot_be_written_never_fails_the_run() {
    let home = Home::new();
    let file = one_second(&home, "knee-to-chest");
    let blocked = home.write("not-a-folder", "x");
    for _ in 0..2 {
        let out = home
            .cmd()
            .env("XDG_STATE_HOME", &blocked)
            .args(["run", &file, "--plain"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        // Not remembered, so shown again.
        assert!(String::from_utf8_lossy(&out.stdout).contains("medical advice"));
    }
    assert_eq!(home.history_lines().len(), 2);
}

#[test]
fn supple_safety_and_the_man_page_carry_the_guidance() {
    let home = Home::new();
    let text = home.ok(&["safety"]);
    assert_contains(
        &text,
        &[
            "not medical advice",
            "Warm up first",
            "never bounce",
            "about two weeks",
            "bladder or bowels",
            "both legs",
        ],
    );
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
    let man = home.ok(&["man"]);
    let safety = man.find(".SH SAFETY").expect("a SAFETY section");
    assert!(safety < man.find(".SH VERSION").unwrap());
    assert!(man.contains(".SH SUBCOMMANDS") || man.contains(".SH COMMANDS"));
}

const CONDITIONS: &[&str] = &[
    "back-pain",
    "disc",
    "osteoporosis",
    "pregnancy",
    "hip-replacement",
    "knee",
    "wrist",
    "shoulder",
    "neck",
    "high-blood-pressure",
    "glaucoma",
];

/// Every stretch's `avoid_with`, by id.
fn avoid_with(home: &Home) -> BTreeMap<String, Vec<String>> {
    home.json(&["list", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_string(),
                s["avoid_with"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn every_condition_takes_out_of_list_exactly_what_it_rules_out() {
    let home = Home::new();
    let all = avoid_with(&home);
    for c in CONDITIONS {
        let listed: BTreeSet<String> = home
            .json(&["list", "--condition", c, "--json"])
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap().to_string())
            .collect();
        let expected: BTreeSet<String> = all
            .iter()
            .filter(|(_, avoid)| !avoid.iter().any(|a| a == c))
            .map(|(id, _)| id.clone())
            .collect();
        assert_eq!(listed, expected, "{c}");
        assert!(listed.len() < all.len(), "{c} rules nothing out");
    }
    // Said once in config.yaml, it counts as on the command line.
    home.write(
        "config/supple/config.yaml",
        "conditions: [disc, glaucoma]\n",
    );
    let listed = home.ok(&["list"]);
    assert!(!listed.contains("seated-forward-fold"), "{listed}");
    assert!(!listed.contains("downward-dog"), "{listed}");
    let err = home.fails(&["list", "--condition", "osteoporsis"], 2);
    assert_contains(
        &err,
        &[
            "unknown condition `osteoporsis`",
            "did you mean `osteoporosis`?",
        ],
    );
}

#[test]
fn every_condition_shapes_what_the_builder_picks() {
    let home = Home::new();
    let all = avoid_with(&home);
    for c in CONDITIONS {
        let r = home.run(&[
            "build",
            "--area",
            "lower-back",
            "--area",
            "hips",
            "--area",
            "shoulders",
            "--minutes",
            "12",
            "--condition",
            c,
        ]);
        assert_eq!(r.code, Some(0), "{c}: {r:#?}");
        for line in r.stdout.lines() {
            if let Some(rest) = line.trim().strip_prefix("- stretch: ") {
                let id = rest.split_whitespace().next().unwrap();
                assert!(
                    !all[id].iter().any(|a| a == c),
                    "{c}: the builder picked {id}"
                );
            }
        }
    }
}

#[test]
fn a_condition_swaps_or_drops_in_every_built_in_routine_and_says_so() {
    let home = Home::new();
    let all = avoid_with(&home);
    let routines = home.json(&["routines", "--json"]);
    let mut swapped = 0;
    for r in routines.as_array().unwrap() {
        let name = r["name"].as_str().unwrap();
        let before = home.json(&["plan", name, "--json"]);
        let ids = |plan: &Value| -> Vec<String> {
            plan["steps"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["stretch"].as_str().unwrap().to_string())
                .collect()
        };
        for c in CONDITIONS {
            let ruled: Vec<String> = ids(&before)
                .into_iter()
                .filter(|id| all[id].iter().any(|a| a == c))
                .collect();
            let run = home.run(&["plan", name, "--condition", c, "--json"]);
            if run.code == Some(1) {
                assert!(run.stderr.contains("ruled out"), "{name} {c}: {run:#?}");
                continue;
            }
            let after: Value = serde_json::from_str(&run.stdout).unwrap();
            for id in ids(&after) {
                assert!(!all[&id].iter().any(|a| a == c), "{name} {c}: {id}");
            }
            let changes = after["changes"].as_array().map_or(0, Vec::len);
            assert_eq!(changes, ruled.len(), "{name} {c}: {after}");
            swapped += changes;
        }
    }
    assert!(swapped > 20, "only {swapped} changes over every routine");
    // The text says it first, and names what came instead.
    let text = home.ok(&["plan", "lower-back", "--condition", "pregnancy"]);
    assert!(text.starts_with("for pregnancy:\n"), "{text}");
    assert_contains(
        &text,
        &["Sphinx swapped for Standing Back Extension (pregnancy)"],
    );
}

#[test]
fn the_builder_keeps_to_the_equipment_at_hand_and_plan_names_it() {
    let home = Home::new();
    let list = home.json(&["list", "--json"]);
    let needs: BTreeMap<&str, usize> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap(),
                s["equipment"].as_array().unwrap().len(),
            )
        })
        .collect();
    let out = home.ok(&[
        "build",
        "--area",
        "upper-back",
        "--area",
        "chest",
        "--area",
        "hamstrings",
        "--minutes",
        "10",
        "--equipment",
        "none",
        "-o",
        "kit.yaml",
    ]);
    let _ = out;
    let plan = home.json(&["plan", "kit.yaml", "--json"]);
    for step in plan["steps"].as_array().unwrap() {
        assert_eq!(needs[step["stretch"].as_str().unwrap()], 0, "{step}");
    }
    assert_eq!(plan["equipment"], serde_json::json!([]));
    assert!(
        home.ok(&["plan", "kit.yaml"])
            .contains("needs: no equipment")
    );
}
