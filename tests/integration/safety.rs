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
