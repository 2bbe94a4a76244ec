use super::*;

const SEED: &[&str] = &[
    "childs-pose",
    "cat-cow",
    "seated-forward-fold",
    "knee-to-chest",
    "pigeon-pose",
    "lizard-pose",
    "thoracic-extension",
    "wall-angels",
    "dead-bug",
    "bird-dog",
    "glute-bridge",
    "standing-hip-circles",
    "leg-swings",
];

const AREAS: &[&str] = &[
    "neck",
    "shoulders",
    "chest",
    "upper-back",
    "lower-back",
    "core",
    "hip-flexors",
    "glutes",
    "hips",
    "hamstrings",
    "quadriceps",
    "calves",
    "ankles",
    "wrists",
    "full-body",
];

#[test]
fn list_json_holds_the_whole_library() {
    let home = Home::new();
    let list = home.json(&["list", "--json"]);
    let list = list.as_array().unwrap();
    assert!(list.len() >= 35, "{} stretches", list.len());
    let ids: BTreeSet<&str> = list.iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), list.len(), "ids are unique");
    for id in SEED {
        assert!(ids.contains(id), "the seed stretch {id} is missing");
    }
    let mut areas = BTreeSet::new();
    for s in list {
        for field in [
            "id", "name", "areas", "position", "level", "loads", "sides", "dose",
        ] {
            assert!(s.get(field).is_some(), "{} lacks {field}", s["id"]);
        }
        assert_eq!(s["source"], "built-in");
        let own: Vec<&str> = s["areas"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        assert!(!own.is_empty());
        areas.extend(own);
        assert!(["hold", "reps"].contains(&s["dose"]["kind"].as_str().unwrap()));
    }
    for a in AREAS {
        assert!(areas.contains(a), "no stretch works {a}");
    }
    assert_eq!(areas.len(), AREAS.len());
}

#[test]
fn list_fits_eighty_columns() {
    let home = Home::new();
    let out = home.ok(&["list"]);
    assert!(out.lines().count() > 35);
    for line in out.lines() {
        assert!(
            line.chars().count() <= 80,
            "{} chars: {line}",
            line.chars().count()
        );
    }
    assert_contains(&out, &["stretches · `supple show ID` shows one in full"]);
}

#[test]
fn list_fits_eighty_columns_with_long_user_entries() {
    let home = Home::new();
    home.write(
            "config/supple/stretches/long.yaml",
            "- id: an-unusually-long-identifier-for-a-stretch\n  name: Long\n  areas: [hip-flexors]\n  position: floor\n  level: moderate\n  sides: each\n  hold: 30m\n  sets: 10\n",
        );
    let out = home.ok(&["list"]);
    for line in out.lines() {
        assert!(
            line.chars().count() <= 80,
            "{} chars: {line}",
            line.chars().count()
        );
    }
}

#[test]
fn area_and_avoid_filter_the_list() {
    let home = Home::new();
    let list = home.json(&["list", "--area", "hips", "--avoid", "knees", "--json"]);
    let list = list.as_array().unwrap();
    assert!(!list.is_empty());
    for s in list {
        let areas = s["areas"].as_array().unwrap();
        assert!(areas.iter().any(|a| a == "hips"), "{}", s["id"]);
        let loads = s["loads"].as_array().unwrap();
        assert!(
            !loads.iter().any(|j| j == "knees"),
            "{} loads knees",
            s["id"]
        );
    }
    // and the table agrees with the JSON
    let table = home.ok(&["list", "--area", "hips", "--avoid", "knees"]);
    assert_contains(&table, &[&format!("{} stretches", list.len())]);
    // without --avoid there are more
    let all = home.json(&["list", "--area", "hips", "--json"]);
    assert!(all.as_array().unwrap().len() > list.len());
}

#[test]
fn show_prints_one_stretch_in_full() {
    let home = Home::new();
    let out = home.ok(&["show", "cat-cow"]);
    assert_contains(
        &out,
        &[
            "(cat-cow)",
            "areas",
            "lower-back (primary)",
            "position",
            "floor",
            "breathing",
            "from <built-in>/stretches/",
        ],
    );
    assert!(!out.contains("replaces"));
}

#[test]
fn show_unknown_id_suggests() {
    let home = Home::new();
    let err = home.fails(&["show", "nope"], 1);
    assert_contains(
        &err,
        &[
            "unknown stretch `nope`",
            "`supple list` shows every stretch",
        ],
    );
    let err = home.fails(&["show", "cat-cwo"], 1);
    assert_contains(
        &err,
        &["unknown stretch `cat-cwo`", "(did you mean `cat-cow`?)"],
    );
}

#[test]
fn areas_lists_all_fifteen_with_counts() {
    let home = Home::new();
    let out = home.ok(&["areas"]);
    for a in AREAS {
        let line = out
            .lines()
            .find(|l| l.split_whitespace().next() == Some(a))
            .unwrap_or_else(|| panic!("{a} missing:\n{out}"));
        let counts: Vec<u32> = line
            .split_whitespace()
            .skip(1)
            .map(|n| n.parse().unwrap())
            .collect();
        assert_eq!(counts.len(), 2, "{line}");
        assert!(counts[1] >= 1 && counts[1] >= counts[0], "{line}");
    }
}
