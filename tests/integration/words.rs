//! The words of the commands: `history`'s table and its choices, `plan --area`, the
//! manual page, suggestions, routine paths without their extension.

use super::*;

/// A history line: `work` seconds of stretching in `all` seconds, on `day` at 07:00.
fn line(day: &str, routine: &str, work: u64, all: u64, completed: bool) -> String {
    format!(
        r#"{{"routine":"{routine}","start":"{day}T07:00:00+01:00","end":"{day}T07:10:00+01:00","seconds":{all},"planned_seconds":{all},"stretches":["cat-cow"],"areas":["lower-back"],"area_seconds":{{"lower-back":{work}}},"work_seconds":{work},"completed":{completed},"ending":"{}"}}"#,
        if completed { "completed" } else { "quit" }
    )
}

fn history_of(home: &Home, days: u32) {
    let lines: Vec<String> = (1..=days)
        .map(|d| line(&format!("2026-10-{d:02}"), "morning", 100, 109, d % 4 != 0))
        .collect();
    home.write("data/supple/history.jsonl", lines.join("\n") + "\n");
}

fn runs(out: &str) -> Vec<&str> {
    out.lines().filter(|l| l.starts_with("2026-")).collect()
}

#[test]
fn history_lists_ten_or_as_many_as_asked_and_says_stretching_and_total() {
    let home = Home::new();
    history_of(&home, 25);
    let out = home.ok(&["history"]);
    assert_eq!(runs(&out).len(), 10, "{out}");
    assert!(out.contains("STRETCHING  TOTAL  OUTCOME"), "{out}");
    assert!(runs(&out)[0].starts_with("2026-10-25 07:00"), "{out}");
    assert!(runs(&out)[0].contains(" 1:40   1:49  done"), "{out}");
    assert!(
        out.contains("… and 15 earlier (`supple history --all`"),
        "{out}"
    );
    assert_eq!(runs(&home.ok(&["history", "--limit", "3"])).len(), 3);
    let all = home.ok(&["history", "--all"]);
    assert_eq!(runs(&all).len(), 25);
    assert!(!all.contains("earlier"), "{all}");
    let since = home.ok(&["history", "--since", "2026-10-20"]);
    assert_eq!(runs(&since).len(), 6, "{since}");
    assert!(
        runs(&since).iter().all(|l| l.as_bytes()[8] >= b'2'),
        "{since}"
    );
    // --json: every session unless asked otherwise.
    let json = home.json(&["history", "--json"]);
    assert_eq!(json["sessions"].as_array().unwrap().len(), 25);
    let json = home.json(&["history", "--json", "--since", "2026-10-24", "--limit", "1"]);
    let sessions = json["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0]["start"], "2026-10-25T07:00:00+01:00");
}

#[test]
fn history_refuses_a_bad_date_with_the_shape_it_expects() {
    let home = Home::new();
    for (bad, says) in [
        ("yesterday", "expected YYYY-MM-DD"),
        ("2026-13-01", "not a day of the calendar"),
        ("2026-02-30", "not a day of the calendar"),
        ("26-11-01", "expected YYYY-MM-DD"),
    ] {
        let err = home.fails(&["history", "--since", bad], 2);
        assert!(err.contains("--since"), "{err}");
        assert!(err.contains(says), "{bad}: {err}");
        assert!(err.contains("e.g. 2026-11-01"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let err = home.fails(&["history", "--limit", "0"], 2);
    assert!(err.contains("--limit"), "{err}");
    let err = home.fails(&["history", "--all", "--limit", "3"], 2);
    assert!(err.contains("cannot be used with"), "{err}");
}
