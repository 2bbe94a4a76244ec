//! The full screen of `supple run` in a real pseudo-terminal: a 3-second routine runs to
//! its summary, and every way out (a key, q then y, Ctrl-C, SIGTERM, SIGHUP) ends with its
//! exit code and the terminal given back.

use super::*;
use rexpect::process::{Signal, WaitStatus};
use rexpect::session::spawn_command;
use std::process::Command;

/// Prepare 1 s, then a 2 s hold.
const QUICK: &str = "name: quick\nprepare: 1s\nsteps:\n  - stretch: childs-pose\n    hold: 2s\n";

/// A long one, to stop in the middle (of its hold: a run stopped while getting ready for
/// its first stretch is not recorded).
const LONG: &str = "name: long\nprepare: 1s\nsteps:\n  - stretch: childs-pose\n    hold: 60s\n";

#[test]
fn runs_to_the_summary_and_any_key_leaves() {
    let mut run = Run::start("done", QUICK);
    run.expect("PREPARE");
    run.expect("HOLD");
    run.expect("DONE");
    run.expect("of stretching");
    // The screen is drawn as a diff, so words that were already on screen are skipped:
    // look for what only the streak line writes.
    run.expect("day");
    run.expect("streak");
    run.expect("any key");
    run.keys("x");
    let (rest, code) = run.finish();
    assert_eq!(code, 0);
    assert_given_back(&rest);
    let history = fs::read_to_string(run.root.join("data/supple/history.jsonl")).expect("history");
    assert!(history.contains("\"completed\":true"), "{history}");
    // One line stays on the terminal once the screen is gone: what was done, the streak,
    // where it went (read a byte at a time, so only its ASCII pieces are looked for).
    let after = &rest[rest
        .rfind("\x1b[?1049l")
        .expect("left the alternate screen")..];
    for piece in [
        "quick",
        "done",
        "0:02 of stretching",
        "in all",
        "1-day streak",
        "in ~/data/supple/history.jsonl",
    ] {
        assert!(after.contains(piece), "{piece:?} missing from {after:?}");
    }
}

/// `supple` as a plain command in the same HOME.
fn supple(root: &std::path::Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_supple"))
        .args(args)
        .env("HOME", root)
        .env("XDG_CONFIG_HOME", root.join("config"))
        .env("XDG_DATA_HOME", root.join("data"))
        .output()
        .expect("run supple");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_picker_builds_and_saves_a_routine_that_supple_then_lists() {
    let mut run = Run::spawn("picker", None, &["build"]);
    run.expect("Areas");
    // Into the neck stretches, add the first two, save under the suggested name.
    run.keys("\t j ");
    run.expect("Routine");
    run.keys("s");
    run.expect("save as");
    run.keys("\r");
    run.expect("routines/neck-");
    run.keys("q");
    let (rest, code) = run.finish();
    assert_eq!(code, 0);
    assert_given_back(&rest);
    // Saved under the suggested name: the areas and the length, like `neck-4min`.
    let saved: Vec<String> = fs::read_dir(run.root.join("config/supple/routines"))
        .expect("the routines folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(saved.len(), 1, "{saved:?}");
    let name = saved[0]
        .strip_suffix(".yaml")
        .expect("a YAML file")
        .to_string();
    assert!(name.starts_with("neck-") && name.ends_with("min"), "{name}");
    let listed = supple(&run.root, &["routines"]);
    assert!(
        listed
            .lines()
            .any(|l| l.starts_with(&format!("{name} ")) && l.contains("yours")),
        "{listed}"
    );
    let checked = supple(&run.root, &["check"]);
    assert!(checked.contains("no problems"), "{checked}");
}

#[test]
fn a_run_from_the_picker_comes_back_to_the_picker_with_the_routine() {
    let mut run = Run::spawn("picker-run", None, &["build"]);
    run.expect("Areas");
    run.keys("\t ");
    run.expect("Routine");
    run.keys("r");
    run.expect("PREPARE");
    run.keys("q");
    run.expect("quit?");
    run.keys("y");
    // Back in the picker, the routine still in it: the stretch is still ticked.
    run.expect("Stretches");
    run.expect("[x]");
    // Leaving asks first: the routine was never saved.
    run.leave_unsaved();
    // Quit while still getting ready: nothing stretched, nothing recorded.
    let history = history_of(&run.root);
    assert!(history.is_empty(), "{history:?}");
}

#[test]
fn a_run_from_the_home_screen_ends_back_home() {
    let mut run = Run::spawn("home-run", None, &[]);
    run.quit_a_run_from_home();
    run.expect("enter");
    run.keys("q");
    let (rest, code) = run.finish();
    assert_eq!(code, 0);
    assert_given_back(&rest);
    assert!(history_of(&run.root).is_empty());
}

#[test]
fn the_home_screen_lists_routines_and_q_leaves() {
    let mut run = Run::spawn("home", None, &[]);
    run.expect("Routines");
    run.expect("lower-back");
    run.keys("j");
    run.keys("p");
    run.expect("plan");
    run.keys("q");
    let (rest, code) = run.finish();
    assert_eq!(code, 0);
    assert_given_back(&rest);
}

#[test]
fn q_asks_and_y_quits() {
    // Also after a lone bracketed-paste opener, which once swallowed every key.
    for (name, before) in [("quit", ""), ("paste-q", "\x1b[200~")] {
        let mut run = Run::start(name, LONG);
        run.expect("PREPARE");
        run.keys(before);
        run.keys("q");
        run.expect("quit?");
        run.keys("n");
        run.keys("q");
        run.expect("quit?");
        run.keys("y");
        let (rest, code) = run.finish();
        assert_eq!(code, 0, "{name}");
        assert_given_back(&rest);
    }
}

#[test]
fn ctrl_c_quits_at_once_with_130() {
    // Also after a lone bracketed-paste opener and text, which once swallowed every key.
    for (name, before) in [("ctrl-c", ""), ("paste-c", "\x1b[200~wow")] {
        let mut run = Run::start(name, LONG);
        run.expect("PREPARE");
        run.keys(before);
        run.pty.send_control('c').expect("send");
        let (rest, code) = run.finish();
        assert_eq!(code, 130, "{name}");
        assert_given_back(&rest);
    }
}

#[test]
fn sigterm_and_sighup_restore_the_terminal() {
    for (signal, code) in [(Signal::SIGTERM, 143), (Signal::SIGHUP, 129)] {
        let mut run = Run::start(&format!("{signal}"), LONG);
        run.expect("HOLD");
        run.pty.process_mut().signal(signal).expect("signal");
        let (rest, got) = run.finish();
        assert_eq!(got, code, "{signal}");
        assert_given_back(&rest);
        // The stopped run is in the history, as stopped.
        let history =
            fs::read_to_string(run.root.join("data/supple/history.jsonl")).expect("history");
        assert!(history.contains("\"completed\":false"), "{history}");
        assert!(
            history.contains(&format!("\"ending\":\"{signal}\"")),
            "{history}"
        );
    }
}

#[test]
fn a_storm_of_resizes_and_random_keys_never_panics() {
    let root = std::env::temp_dir().join(format!("supple-screen-{}-storm", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(&root).expect("temp home");
    let file = root.join("routine.yaml");
    fs::write(&file, LONG).expect("routine file");
    // The shell resizes the terminal 200 times (the kernel tells supple each time) while
    // this test types 5,000 keys at it.
    let script = r#"stty rows 24 cols 80
"$0" run "$1" < /dev/tty &
pid=$!
i=0
while [ $i -lt 200 ]; do
  stty rows $((6 + i % 45)) cols $((10 + (i * 7) % 170))
  i=$((i + 1))
  sleep 0.01
done
stty rows 24 cols 80
wait $pid"#;
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_supple"))
        .arg(&file)
        .env("HOME", &root)
        .env("XDG_CONFIG_HOME", root.join("config"))
        .env("XDG_DATA_HOME", root.join("data"))
        .env("XDG_STATE_HOME", root.join("state"))
        .env("TERM", "xterm-256color");
    safety_seen(&root);
    let mut pty = spawn_command(cmd, Some(30_000)).expect("spawn");
    // Every key of the countdown but the ones that end it (q, y, Ctrl-C) or skip ahead to
    // the summary (n, →, ], h), plus keys it does not know.
    let keys = [
        " ", "p", "+", "-", "=", "_", "?", "[", "f", "\x1b", "\x1b[D", "\x1b[A", "\x1b[B", "j",
        "k", "x", "0", "\t", "\r", "Q", "N",
    ];
    let mut seed: u64 = 0x5eed;
    let mut sent = 0;
    while sent < 5000 {
        let mut chunk = String::new();
        for _ in 0..50 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            chunk.push_str(keys[(seed % keys.len() as u64) as usize]);
        }
        pty.send(&chunk).expect("send");
        pty.flush().expect("flush");
        sent += 50;
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    // Let the resizes finish, then quit properly.
    std::thread::sleep(std::time::Duration::from_millis(2500));
    // Escape alone closes the help if the storm left it open; a pause apart, so that it is
    // not read as Alt with the next key.
    pty.send("\x1b").expect("send");
    pty.flush().expect("flush");
    std::thread::sleep(std::time::Duration::from_millis(300));
    pty.send("q").expect("send");
    pty.flush().expect("flush");
    assert!(
        pty.exp_string("quit?").is_ok(),
        "no quit prompt after the storm"
    );
    pty.send("y").expect("send");
    pty.flush().expect("flush");
    let rest = pty.exp_eof().expect("the program ends");
    assert!(!rest.contains("panicked"), "{rest}");
    match pty.process().wait().expect("exit status") {
        WaitStatus::Exited(_, code) => assert_eq!(code, 0, "{rest}"),
        other => panic!("not a normal exit: {other:?}"),
    }
    assert_given_back(&rest);
    let _ = fs::remove_dir_all(&root);
}

/// The history lines of a run's HOME.
fn history_of(root: &std::path::Path) -> Vec<serde_json::Value> {
    fs::read_to_string(root.join("data/supple/history.jsonl"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

/// Runs `supple run ROUTINE` in a pseudo-terminal whose window is closed `seconds` after it
/// has shown `after` (its master side closed, as a terminal emulator does); returns how
/// supple ended, as the helper prints it, and the history. Counting from what is on screen,
/// not from the start, keeps a slow start on a loaded machine from moving the moment.
fn close_window_after(
    name: &str,
    routine: &str,
    after: &str,
    seconds: f32,
    extra: &[&str],
) -> (String, Vec<serde_json::Value>) {
    let root = std::env::temp_dir().join(format!("supple-screen-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(&root).expect("temp home");
    let file = root.join("routine.yaml");
    fs::write(&file, routine).expect("routine file");
    safety_seen(&root);
    let helper = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/close_window.py");
    let out = Command::new("python3")
        .arg(helper)
        .args(["--after", after])
        .arg(seconds.to_string())
        .arg(env!("CARGO_BIN_EXE_supple"))
        .arg("run")
        .arg(&file)
        .args(extra)
        .env("HOME", &root)
        .env("XDG_CONFIG_HOME", root.join("config"))
        .env("XDG_DATA_HOME", root.join("data"))
        .env("XDG_STATE_HOME", root.join("state"))
        .env("TERM", "xterm-256color")
        .output()
        .expect("python3 runs the pty helper");
    assert!(out.status.success(), "{out:?}");
    let ended = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let history = history_of(&root);
    let _ = fs::remove_dir_all(&root);
    (ended, history)
}

#[test]
fn closing_the_window_mid_run_records_a_hang_up() {
    for (extra, shown) in [(&[][..], "HOLD"), (&["--plain"], "Breathe in")] {
        let (ended, history) = close_window_after("closed-mid", LONG, shown, 2.0, extra);
        assert_eq!(ended, "129", "{extra:?}: a hang-up, not a panic (101)");
        assert_eq!(history.len(), 1, "{extra:?}: {history:?}");
        assert_eq!(history[0]["ending"], "SIGHUP");
        assert_eq!(history[0]["completed"], false);
    }
}

#[test]
fn closing_the_window_on_the_summary_keeps_the_completed_run() {
    // 1 s get ready and a 2 s hold: the summary is up after 3 s; the window closes a moment
    // after it shows.
    let (ended, history) = close_window_after("closed-done", QUICK, "any key", 0.5, &[]);
    assert_eq!(ended, "0");
    assert_eq!(history.len(), 1, "{history:?}");
    assert_eq!(history[0]["ending"], "completed");
    assert_eq!(history[0]["completed"], true);
}

#[test]
fn a_completed_run_is_recorded_as_it_ends_and_the_summary_changes_nothing() {
    let mut run = Run::start("recorded", QUICK);
    run.expect("DONE");
    run.expect("any key");
    // On the summary, before any key: the line is there already.
    let history = history_of(&run.root);
    assert_eq!(history.len(), 1, "{history:?}");
    assert_eq!(history[0]["completed"], true);
    assert_eq!(history[0]["ending"], "completed");
    let end = history[0]["end"].clone();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    run.pty
        .process_mut()
        .signal(Signal::SIGHUP)
        .expect("signal");
    let (rest, code) = run.finish();
    assert_eq!(
        code, 0,
        "a completed routine exits 0 whatever closes its summary"
    );
    assert_given_back(&rest);
    let after = history_of(&run.root);
    assert_eq!(after.len(), 1, "{after:?}");
    assert_eq!(
        after[0]["end"], end,
        "the end is the moment the routine ended"
    );
}

#[test]
fn sigquit_restores_the_terminal_records_the_run_and_exits_131() {
    let mut run = Run::start("quit-signal", LONG);
    run.expect("HOLD");
    run.pty
        .process_mut()
        .signal(Signal::SIGQUIT)
        .expect("signal");
    let (rest, code) = run.finish();
    assert_eq!(code, 131);
    assert_given_back(&rest);
    let history = history_of(&run.root);
    assert_eq!(history.len(), 1, "{history:?}");
    assert_eq!(history[0]["ending"], "SIGQUIT");
}

#[test]
fn a_start_below_40x12_gives_the_screen_back_clean() {
    let mut run = Run::spawn_with("small", Some(LONG), &["run"], "10 cols 30", Some("xterm"));
    run.expect("too small");
    run.keys("q");
    run.keys("y");
    let (rest, code) = run.finish();
    assert_eq!(code, 0);
    assert_given_back(&rest);
    // What was on the alternate screen is wiped before it is left, so a terminal that was
    // resized meanwhile has nothing to carry over to the shell.
    let leave = rest
        .rfind("\x1b[?1049l")
        .expect("left the alternate screen");
    let wiped = rest[..leave]
        .rfind("\x1b[2J")
        .expect("the screen was cleared");
    assert!(!rest[wiped..leave].contains('\u{2588}'), "{rest:?}");
}

#[test]
fn term_dumb_or_unset_runs_line_by_line() {
    for term in [Some("dumb"), None] {
        let mut run = Run::spawn_with("dumb", Some(QUICK), &["run"], "24 cols 80", term);
        run.expect("line by line");
        run.expect("[00:00] Get ready");
        run.expect("Done: quick");
        let (rest, code) = run.finish();
        assert_eq!(code, 0, "{term:?}");
        assert!(!rest.contains("\x1b[?1049h"), "{rest:?}");
        assert_eq!(history_of(&run.root).len(), 1);
    }
}

#[test]
fn h_stops_a_stretch_that_hurts_records_it_and_the_builder_leaves_it_out() {
    const TWO: &str = "name: two\nprepare: 1s\nsteps:\n  - stretch: childs-pose\n    hold: 60s\n  - stretch: cat-cow\n";
    let mut run = Run::start("hurts", TWO);
    run.expect("HOLD");
    run.keys("h");
    // On to the next stretch at once, saying why.
    run.expect("because it hurt");
    run.keys("q");
    run.expect("quit?");
    run.keys("y");
    let (rest, code) = run.finish();
    assert_eq!(code, 0);
    assert_given_back(&rest);
    let history = history_of(&run.root);
    assert_eq!(history.len(), 1, "{history:?}");
    assert_eq!(history[0]["hurt"], serde_json::json!(["childs-pose"]));
    let listed = supple(&run.root, &["history"]);
    assert!(
        listed.contains("childs-pose") || listed.contains("Child"),
        "{listed}"
    );
    let built = supple(
        &run.root,
        &["build", "--area", "lower-back", "--minutes", "10"],
    );
    assert!(!built.contains("childs-pose"), "{built}");
}

#[test]
fn a_routine_run_from_the_home_screen_respects_the_conditions_in_config_and_says_so() {
    // The config is read at start, so it is written before supple is.
    let root = Run::fresh_root("knee");
    safety_seen(&root);
    fs::create_dir_all(root.join("config/supple")).expect("config folder");
    fs::write(
        root.join("config/supple/config.yaml"),
        "conditions: [knee]\n",
    )
    .expect("config");
    let mut run = Run::spawn_in(root, &[], "24 cols 80", Some("xterm-256color"));
    run.expect("Routines");
    run.expect("quit");
    // morning is first; with knee trouble its cat-cow is swapped for the seated one, and
    // the footer says so while it gets ready.
    run.keys("\r");
    run.expect("PREPARE");
    run.expect("for knee");
    run.keys("q");
    run.expect("quit?");
    run.keys("y");
    run.expect("Routines");
    run.keys("q");
    let (rest, code) = run.finish();
    assert_eq!(code, 0);
    assert_given_back(&rest);
}

#[test]
fn the_safety_guidance_comes_once_before_the_first_run_and_the_run_waits_for_it() {
    let root = Run::fresh_root("first");
    let file = root.join("routine.yaml");
    fs::write(&file, QUICK).expect("routine file");
    let args = ["run".to_string(), file.to_str().expect("utf-8").to_string()];
    let term = Some("xterm-256color");
    let mut run = Run::spawn_in(root.clone(), &args, "24 cols 80", term);
    run.expect("before you start");
    // Three seconds on it: the 3-second routine has not started behind it.
    std::thread::sleep(Duration::from_secs(3));
    run.keys("\r");
    run.expect("PREPARE");
    run.expect("DONE");
    run.keys("x");
    let (_, code) = run.finish();
    assert_eq!(code, 0);
    assert!(root.join("state/supple/safety-seen").is_file());
    // The second run starts at once, in the same HOME (which the first must not take away).
    run.root = std::path::PathBuf::new();
    drop(run);
    let mut run = Run::spawn_in(root, &args, "24 cols 80", term);
    run.expect("PREPARE");
    run.keys("q");
    run.expect("quit?");
    run.keys("y");
    let (rest, code) = run.finish();
    assert_eq!(code, 0);
    assert_given_back(&rest);
}
