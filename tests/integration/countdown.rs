//! The countdown and the plain runner: the get-ready phase (none, or held until the user
//! is ready), the bell in `--plain`, and what every run tells the hooks however it began.

use super::*;

/// A hook program in `root/bin` that appends its standard input to `root/hook.jsonl`.
fn hook(root: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt as _;
    let bin = root.join("bin");
    fs::create_dir_all(&bin).expect("bin folder");
    let path = bin.join("hook");
    fs::write(
        &path,
        format!(
            "#!/bin/sh\ncat >> '{}'\necho >> '{}'\n",
            root.join("hook.jsonl").display(),
            root.join("hook.jsonl").display()
        ),
    )
    .expect("hook");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).expect("chmod");
    path
}

/// The events the hook got, as JSON, waiting up to 10 s for one named `until`.
fn hooked(root: &Path, until: &str) -> Vec<Value> {
    let file = root.join("hook.jsonl");
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let text = fs::read_to_string(&file).unwrap_or_default();
        let events: Vec<Value> = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect();
        if events.iter().any(|e| e["event"] == until) || Instant::now() > deadline {
            return events;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

use std::path::PathBuf;

#[test]
fn a_run_started_from_the_home_screen_tells_the_hooks_it_stopped() {
    let root = Run::fresh_root("home-stop");
    safety_seen(&root);
    let hook = hook(&root);
    fs::create_dir_all(root.join("config/supple")).expect("config folder");
    fs::write(
        root.join("config/supple/config.yaml"),
        format!("on_event: [{}]\nvoice: off\n", hook.display()),
    )
    .expect("config");
    let mut run = Run::spawn_in(root.clone(), &[], "24 cols 80", Some("xterm-256color"));
    run.quit_a_run_from_home();
    // Back on the home screen, the app still running: the hook has heard `stop` already.
    let events = hooked(&root, "stop");
    let stops: Vec<&Value> = events.iter().filter(|e| e["event"] == "stop").collect();
    assert_eq!(stops.len(), 1, "{events:?}");
    assert_eq!(stops[0]["ending"], "quit");
    assert_eq!(stops[0]["kind"], "prepare");
    assert_eq!(stops[0]["routine"], "morning");
    run.keys("q");
    let (rest, code) = run.finish();
    assert_eq!(code, 0);
    assert_given_back(&rest);
    // Leaving the app sends nothing more: the run was told of once.
    let after = hooked(&root, "none");
    assert_eq!(after.iter().filter(|e| e["event"] == "stop").count(), 1);
}

/// Get ready 1 s, then a 4 s hold: a bell for each phase and three for the 3-2-1.
const SHORT: &str = "name: short\nprepare: 1s\nsteps:\n  - stretch: childs-pose\n    hold: 4s\n";

#[test]
fn plain_on_a_terminal_rings_the_bell_unless_told_not_to() {
    let mut run = Run::spawn("plain-bell", Some(SHORT), &["run", "--plain"]);
    run.expect("Get ready");
    let (rest, code) = run.finish();
    assert_eq!(code, 0);
    // After the words `Get ready`: its own bell, the hold's and the 3-2-1, each after its
    // line.
    assert_eq!(rest.matches('\x07').count(), 5, "{rest:?}");
    assert!(rest.contains("\n\x07[00:02] 3"), "{rest:?}");
    assert!(rest.contains("Done"), "{rest}");
    for quiet in [vec!["run", "--plain", "--no-bell"], vec!["run", "--plain"]] {
        let config = quiet.len() == 2;
        let root = Run::fresh_root(if config {
            "plain-no-bell-config"
        } else {
            "plain-no-bell"
        });
        safety_seen(&root);
        if config {
            fs::create_dir_all(root.join("config/supple")).expect("config folder");
            fs::write(root.join("config/supple/config.yaml"), "bell: false\n").expect("config");
        }
        let file = root.join("routine.yaml");
        fs::write(&file, SHORT).expect("routine");
        let mut args: Vec<String> = quiet.iter().map(ToString::to_string).collect();
        args.push(file.display().to_string());
        let mut run = Run::spawn_in(root, &args, "24 cols 80", Some("xterm-256color"));
        let (all, code) = run.finish();
        assert_eq!(code, 0);
        assert!(all.contains("Done"), "{all}");
        assert!(!all.contains('\x07'), "{args:?}: {all:?}");
    }
    // Into a pipe, never.
    let home = Home::new();
    let file = home.write("short.yaml", SHORT);
    let out = home.ok(&["run", s(&file)]);
    assert!(!out.contains('\x07'), "{out:?}");
}

#[test]
fn prepare_zero_has_no_get_ready_phase_in_the_plan_the_plain_run_and_the_history() {
    let home = Home::new();
    let file = home.write("short.yaml", SHORT);
    let plan = home.json(&["plan", s(&file), "--prepare", "0", "--json"]);
    let kinds: Vec<&str> = plan["phases"]
        .as_array()
        .expect("phases")
        .iter()
        .map(|p| p["kind"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(kinds, vec!["work"]);
    assert_eq!(plan["total_seconds"], 4);
    // The plain run agrees: it starts with the hold, whose line carries the setup and
    // every caution that the get-ready line would have.
    let out = home.ok(&["run", s(&file), "--prepare", "0s"]);
    assert!(!out.contains("Get ready"), "{out}");
    let first = line_with(&out, "[00:00]");
    assert!(
        first.starts_with("[00:00] Child's Pose, hold 4s. Kneel"),
        "{first}"
    );
    assert!(first.contains("Careful: Sore knees?"), "{first}");
    assert!(first.contains("glaucoma"), "{first}");
    assert!(
        out.contains("[00:04] Done: short, 0:04 of stretching, 0:04 in all."),
        "{out}"
    );
    // A routine file may say `prepare: 0` too, but not `wait`.
    let zero = home.write("zero.yaml", SHORT.replace("prepare: 1s", "prepare: 0"));
    assert_eq!(home.json(&["plan", s(&zero), "--json"])["total_seconds"], 4);
    let waits = home.write("waits.yaml", SHORT.replace("prepare: 1s", "prepare: wait"));
    let err = home.fails(&["plan", s(&waits)], 1);
    assert!(
        err.contains("waits.yaml:2:10")
            && err.contains("`wait` is for `config.yaml` or `--prepare wait`"),
        "{err}"
    );
}

#[test]
fn a_bad_prepare_value_gets_a_suggestion_on_the_command_line_and_in_config() {
    let home = Home::new();
    let file = home.write("short.yaml", SHORT);
    let err = home.fails(&["run", s(&file), "--prepare", "wiat"], 2);
    assert!(err.contains("did you mean `wait`?"), "{err}");
    home.write("config/supple/config.yaml", "prepare: wiat\n");
    let err = home.fails(&["run", s(&file)], 1);
    assert!(
        err.contains("config.yaml:1:10") && err.contains("did you mean `wait`?"),
        "{err}"
    );
    // Waiting needs someone at a terminal to press Enter: from a script it is refused.
    home.write("config/supple/config.yaml", "prepare: wait\n");
    let err = home.fails(&["run", s(&file)], 2);
    assert!(err.contains("standard input is not a terminal"), "{err}");
    assert!(err.contains("--prepare 10s"), "{err}");
    // A time on the command line wins over the config's `wait`.
    let out = home.ok(&["run", s(&file), "--prepare", "1s"]);
    assert!(out.contains("Done"), "{out}");
}

#[test]
fn prepare_wait_holds_the_get_ready_phase_until_space() {
    let mut run = Run::spawn("prepare-wait", Some(SHORT), &["run", "--prepare", "wait"]);
    run.expect("PREPARE");
    run.expect("space when ready");
    // Three seconds on it, and the 1-second get-ready has not run out.
    std::thread::sleep(Duration::from_secs(3));
    run.keys(" ");
    // Once ready, its second counts down, then the hold.
    run.expect("HOLD");
    run.expect("DONE");
    run.keys("x");
    let (rest, code) = run.finish();
    assert_eq!(code, 0);
    assert_given_back(&rest);
    let history = fs::read_to_string(run.root.join("data/supple/history.jsonl")).expect("history");
    let record: Value = serde_json::from_str(history.lines().last().expect("a record")).unwrap();
    // The three seconds waited are not counted: 1 s to get ready and the 4 s hold.
    assert_eq!(record["completed"], true, "{record}");
    assert_eq!(record["seconds"], 5, "{record}");
}

#[test]
fn prepare_wait_in_plain_waits_for_enter_on_a_terminal() {
    let mut run = Run::spawn(
        "plain-wait",
        Some(SHORT),
        &["run", "--plain", "--prepare", "wait"],
    );
    run.expect("Get ready");
    run.expect("Press Enter when ready.");
    std::thread::sleep(Duration::from_secs(2));
    run.keys("\r");
    run.expect("[00:01] Child's Pose, hold 4s.");
    let (rest, code) = run.finish();
    assert_eq!(code, 0);
    assert!(
        rest.contains("[00:05] Done: short, 0:04 of stretching, 0:05 in all."),
        "{rest}"
    );
}

#[test]
fn the_plan_says_when_each_get_ready_waits() {
    let home = Home::new();
    let file = home.write("short.yaml", SHORT);
    let card = home.ok(&["plan", s(&file), "--prepare", "wait"]);
    assert!(
        card.contains("each get-ready waits until you are ready"),
        "{card}"
    );
    assert!(card.contains("get ready"), "{card}");
    let card = home.ok(&["plan", s(&file)]);
    assert!(!card.contains("waits"), "{card}");
}
