use super::*;

const OSC52: &str = "\u{1b}]52;c;cm0gLXJmIH4=\u{7}";

fn assert_no_raw_controls(text: &str) {
    assert!(
        !text.contains(['\u{1b}', '\u{7}', '\u{9b}', '\r']),
        "a raw control character got out: {text:?}"
    );
}

#[test]
fn history_fields_with_escape_sequences_are_shown_escaped() {
    let home = Home::new();
    let stamp = std::process::Command::new("date")
        .arg("+%Y-%m-%dT%H:%M:%S+00:00")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap();
    let line = serde_json::json!({
        "routine": format!("evil{OSC52}"),
        "start": stamp,
        "end": stamp,
        "seconds": 120,
        "planned_seconds": 120,
        "stretches": ["cat-cow"],
        "areas": [format!("hips{OSC52}")],
        "area_seconds": { format!("hips{OSC52}"): 120 },
        "completed": false,
        "ending": format!("quit{OSC52}"),
    });
    home.write("data/supple/history.jsonl", format!("{line}\n"));
    let r = home.run(&["history"]);
    assert_eq!(r.code, Some(0), "{r:#?}");
    assert_no_raw_controls(&r.stdout);
    assert_no_raw_controls(&r.stderr);
    assert_contains(
        &r.stdout,
        &[
            "evil\\u{1b}]52;",
            "hips\\u{1b}]52;c;cm0gLXJmIH4=\\u{7}",
            "stopped (quit\\u{1b}]52;",
        ],
    );
    // JSON escapes them its own way, and the record is kept whole
    let r = home.run(&["history", "--json"]);
    assert_eq!(r.code, Some(0), "{r:#?}");
    assert_no_raw_controls(&r.stdout);
    assert!(
        r.stdout.contains("evil\\u001b]52;c;cm0gLXJmIH4=\\u0007"),
        "{}",
        r.stdout
    );
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["sessions"][0]["routine"], format!("evil{OSC52}"));
}

#[test]
fn a_file_name_with_an_escape_sequence_is_shown_escaped() {
    let home = Home::new();
    home.write(
        &format!("config/supple/stretches/x{OSC52}.yaml"),
        OWN_STRETCH,
    );
    let shown = home.ok(&["show", "towel-calf-pull"]);
    assert_no_raw_controls(&shown);
    assert_contains(&shown, &["x\\u{1b}]52;c;cm0gLXJmIH4=\\u{7}.yaml:1"]);
    for args in [&["list"][..], &["list", "--json"], &["check"]] {
        let r = home.run(args);
        assert_eq!(r.code, Some(0), "{args:?}: {r:#?}");
        assert_no_raw_controls(&r.stdout);
        assert_no_raw_controls(&r.stderr);
    }
}
