//! The words of the commands: `history`'s table and its choices, `plan --area`, the
//! manual page, suggestions, routine paths without their extension.

use super::*;
use std::io::Write as _;

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

#[test]
fn plan_previews_the_routine_run_would_build_from_the_same_flags() {
    let home = Home::new();
    let flags = ["--area", "hips", "--minutes", "5"];
    let plan = home.ok(&[&["plan"][..], &flags].concat());
    let head = plan.lines().next().unwrap();
    assert!(head.starts_with("hips-5min · "), "{plan}");
    assert!(head.ends_with(" stretches"), "{plan}");
    assert!(plan.contains(" of stretching · "), "{plan}");
    assert!(plan.contains(" in all"), "{plan}");
    let json = home.json(&[&["plan"][..], &flags, &["--json"]].concat());
    assert_eq!(json["name"], "hips-5min");
    let total = json["total_seconds"].as_u64().unwrap();
    assert!((240..=360).contains(&total), "{total}");
    assert!(
        head.contains(&format!(" · {}:{:02} · ", total / 60, total % 60)),
        "{head}"
    );
    // `build` with the same request writes the same stretches, in the same order.
    let yaml = home.ok(&["build", "--area", "hips", "--minutes", "5"]);
    let ids: Vec<&str> = json["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["stretch"].as_str().unwrap())
        .collect();
    let written: Vec<&str> = yaml
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- stretch: "))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(
        yaml.contains(head.trim_start_matches("hips-5min")),
        "{head}\n{yaml}"
    );
    assert_eq!(ids, written, "{yaml}");
    // The same refusals as `run`.
    let err = home.fails(&["plan", "morning", "--area", "hips"], 2);
    assert!(err.contains("without a routine name"), "{err}");
    let err = home.fails(&["plan", "--area", "hips"], 2);
    assert!(err.contains("--minutes N"), "{err}");
    let err = home.fails(&["plan"], 2);
    assert!(err.contains("--area AREA --minutes N"), "{err}");
    let err = home.fails(&["plan", "--area", "hip", "--minutes", "5"], 2);
    assert!(err.contains("did you mean `hips`?"), "{err}");
}

#[test]
fn a_routine_path_may_leave_out_its_extension() {
    let home = Home::new();
    let routine = "name: my-hips\nprepare: 1s\nsteps:\n  - stretch: cat-cow\n";
    home.write("my-hips.yaml", routine);
    home.write("sub/desk2.yml", routine.replace("my-hips", "desk2"));
    let out = home.ok(&["plan", "./my-hips"]);
    assert!(out.starts_with("my-hips · "), "{out}");
    let out = home.ok(&["plan", "sub/desk2"]);
    assert!(out.starts_with("desk2 · "), "{out}");
    // A file by the very name wins over one with the extension added.
    home.write("exact", routine.replace("my-hips", "exact-file"));
    home.write("exact.yaml", routine.replace("my-hips", "with-extension"));
    assert!(home.ok(&["plan", "./exact"]).starts_with("exact-file · "));
    let four = fs::read_to_string(fixture("routines/four-seconds.yaml")).unwrap();
    home.write("four.yaml", four);
    let ran = home.run(&["run", "./four", "--plain"]);
    assert_eq!(ran.code, Some(0), "{ran:#?}");
    assert!(ran.stdout.contains("Done: four seconds"), "{ran:#?}");
    let err = home.fails(&["run", "./nope"], 1);
    assert!(err.contains("./nope: cannot read the file"), "{err}");
    assert!(err.contains("nor ./nope.yaml or ./nope.yml"), "{err}");
}

#[test]
fn the_manual_page_reads_as_a_manual() {
    let home = Home::new();
    let roff = home.ok(&["man"]);
    assert!(!roff.contains("(1)\n"), "no pages that do not exist");
    // Read it as a user would, where `man` is installed.
    let Ok(mut child) = std::process::Command::new("man")
        .args(["-l", "-"])
        .env("MANWIDTH", "80")
        .env("MAN_KEEP_FORMATTING", "0")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
    else {
        return;
    };
    child
        .stdin
        .take()
        .unwrap()
        .write_all(roff.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("warning"), "{stderr}");
    // Bold and underline come as overstrikes (`N\bN`, `_\bx`): keep the last of each.
    let text: String = {
        let mut t = String::new();
        for c in String::from_utf8_lossy(&out.stdout).chars() {
            if c == '\u{8}' {
                t.pop();
            } else {
                t.push(c);
            }
        }
        t
    };
    for heading in [
        "SUBCOMMANDS",
        "EXAMPLES",
        "KEYS",
        "FILES",
        "ENVIRONMENT",
        "EXIT STATUS",
        "SAFETY",
    ] {
        assert!(
            text.lines().any(|l| l == heading),
            "{heading} missing:\n{text}"
        );
    }
    // The examples stay one to a line, as typed.
    assert!(
        text.lines().any(|l| l
            .trim_start()
            .starts_with("supple run --area hips --minutes 8")
            && l.trim_end()
                .ends_with("build 8 minutes for the hips, run it")),
        "{text}"
    );
    assert!(text.contains("supple history [OPTIONS]"), "{text}");
}

#[test]
fn an_unknown_stretch_suggests_the_ids_that_start_with_or_contain_the_word() {
    let home = Home::new();
    let err = home.fails(&["show", "knee"], 1);
    assert!(
        err.contains("did you mean `knee-to-chest`, `knee-to-chest-in-bed`, `knee-rolls` or `kneeling-hip-flexor-stretch`?"),
        "{err}"
    );
    // Those that start with the word come before those that only contain it.
    let err = home.fails(&["show", "hamstring"], 1);
    assert!(err.contains("`supine-hamstring-stretch`"), "{err}");
    let err = home.fails(&["show", "pigeon"], 1);
    assert!(err.contains("(did you mean `pigeon-pose`?)"), "{err}");
    let err = home.fails(&["show", "cat-cwo"], 1);
    assert!(err.contains("did you mean `cat-cow`?"), "{err}");
    let err = home.fails(&["show", "zzz"], 1);
    assert!(err.contains("`supple list` shows every stretch"), "{err}");
    // One stretch, one minute: no "1 stretches", no "1 minutes".
    let out = home.ok(&["build", "--area", "neck", "--minutes", "1"]);
    assert!(out.contains("Built for neck in 1 minute."), "{out}");
    assert!(out.contains(" · 1 stretch. "), "{out}");
    let card = home.ok(&["plan", "desk"]);
    assert!(!card.contains("1 stretches"), "{card}");
}
