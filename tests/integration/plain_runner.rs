use super::*;

/// Every needle, each on a later line than the one before; returns the lines matched.
fn in_order<'a>(text: &'a str, starts: &[&str]) -> Vec<&'a str> {
    let mut lines = text.lines();
    starts
        .iter()
        .map(|start| {
            lines
                .by_ref()
                .find(|l| l.starts_with(start))
                .unwrap_or_else(|| panic!("no line starting {start:?} in order in:\n{text}"))
        })
        .collect()
}

#[test]
fn runs_in_real_time_prints_each_phase_and_records_it() {
    let home = Home::new();
    let file = fixture("routines/four-seconds.yaml");
    let t = Instant::now();
    let out = home.cmd().args(["run", &file, "--plain"]).output().unwrap();
    let took = t.elapsed();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    let found = in_order(
        &stdout,
        &[
            "four seconds · 0:04",
            "[00:00] Get ready: Knee-to-Chest, hold 1s.",
            "[00:01] Left side — Knee-to-Chest, hold 1s.",
            "[00:02] Switch sides: right side, 1s.",
            "[00:03] Right side — Knee-to-Chest, hold 1s.",
            "[00:04] Done: four seconds, 0:02 of stretching, 0:04 in all.",
        ],
    );
    assert_eq!(stdout.lines().last(), found.last().copied());
    // The routine runs in real time, so the run cannot end before its 4 s (50 ms of slack
    // for the clock); a debug build on a loaded machine (two cores, the other tests
    // running beside it) may start and end late, so the upper bound is 1.5 s late: loose
    // enough for that, tight enough to catch a runner that waits a phase (1 s) too long
    // or runs a phase twice.
    assert!(
        took >= Duration::from_millis(3950) && took <= Duration::from_millis(5500),
        "took {took:?} for a 4 s routine"
    );
    let history = home.history_lines();
    assert_eq!(history.len(), 1);
    let h = &history[0];
    assert_eq!(h["routine"], "four seconds");
    assert_eq!(h["completed"], true);
    assert_eq!(h["ending"], "completed");
    assert_eq!(h["seconds"], 4);
    assert_eq!(h["planned_seconds"], 4);
    assert_eq!(h["stretches"][0], "knee-to-chest");
    let json = home.json(&["history", "--json"]);
    assert_eq!(json["sessions"].as_array().unwrap().len(), 1);
    assert_eq!(json["sessions"][0]["completed"], true);
    assert_eq!(json["streak"], 1);
    assert_contains(
        &home.ok(&["history"]),
        &[
            "1-day streak · 0:02 this week",
            "four seconds",
            "0:02",
            "done",
        ],
    );
}

#[test]
fn sigterm_stops_with_143_and_records_the_stop() {
    let home = Home::new();
    let file = fixture("routines/long-hold.yaml");
    let mut child = home
        .std_cmd()
        .args(["run", &file, "--plain"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // In the first hold, whatever the start took on a loaded machine.
    let mut lines = Lines::of(&mut child);
    lines.wait_for("[00:01] Left side");
    let killed = send_signal("TERM", child.id());
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("supple did not stop on SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    let stdout = lines.all();
    assert_eq!(out.status.code(), Some(143), "{stdout}");
    let last = stdout.lines().last().unwrap();
    assert!(
        last.starts_with("[00:01] Stopped during Knee-to-Chest, left side (work)"),
        "{stdout}"
    );
    assert!(last.ends_with("of 1:02 done."), "{last}");
    let history = home.history_lines();
    assert_eq!(history.len(), 1);
    let h = &history[0];
    assert_eq!(h["completed"], false);
    assert_eq!(h["ending"], "SIGTERM");
    assert_eq!(h["routine"], "long hold");
    assert_eq!(h["planned_seconds"], 62);
    assert!(h["seconds"].as_u64().unwrap() <= 2, "{h}");
    let text = fs::read_to_string(home.history_file()).unwrap();
    assert!(text.contains("\"completed\":false"), "{text}");
    let json = home.json(&["history", "--json"]);
    assert_eq!(json["sessions"][0]["completed"], false);
    assert_eq!(json["sessions"][0]["ending"], "SIGTERM");
    assert_eq!(json["streak"], 0);
    assert_contains(&home.ok(&["history"]), &["long hold", "stopped (SIGTERM)"]);
}

#[test]
fn history_is_empty_on_a_new_home() {
    let home = Home::new();
    assert_contains(&home.ok(&["history"]), &["no sessions yet"]);
    let json = home.json(&["history", "--json"]);
    assert_eq!(json["sessions"].as_array().unwrap().len(), 0);
}

#[test]
fn history_json_gives_the_week_in_seconds_of_stretching_and_in_minutes_in_all() {
    let home = Home::new();
    // Two runs today: 250 s in all with 200 of stretching, and 130 s with 100.
    let today = jiff::ZonedDateTime::now().date();
    let line = |secs: u64, work: u64, area: &str| {
        format!(
            r#"{{"routine":"morning","start":"{today}T07:00:00+00:00","end":"{today}T07:05:00+00:00","seconds":{secs},"planned_seconds":{secs},"stretches":["cat-cow"],"areas":["{area}"],"area_seconds":{{"{area}":{work}}},"work_seconds":{work},"completed":true,"ending":"completed"}}"#
        )
    };
    home.write(
        "data/supple/history.jsonl",
        format!("{}\n{}\n", line(250, 200, "hips"), line(130, 100, "neck")),
    );
    let json = home.json(&["history", "--json"]);
    assert_eq!(json["seconds_this_week"], 300, "{json}");
    // The older field, as it always was: the minutes in all, rounded up (380 s).
    assert_eq!(json["minutes_this_week"], 7, "{json}");
    assert_eq!(json["sessions_this_week"], 2, "{json}");
    assert_eq!(
        json["area_seconds_this_week"],
        serde_json::json!([["hips", 200], ["neck", 100]]),
        "{json}"
    );
    assert_eq!(
        json["area_minutes_this_week"],
        serde_json::json!([["hips", 4], ["neck", 2]]),
        "{json}"
    );
    // An empty history still gives both, as zeros.
    let empty = Home::new();
    let json = empty.json(&["history", "--json"]);
    assert_eq!(json["seconds_this_week"], 0, "{json}");
    assert_eq!(json["minutes_this_week"], 0, "{json}");
}
