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
    run.expect("Routines");
    run.keys("\r");
    run.expect("PREPARE");
    run.keys("q");
    run.expect("quit?");
    run.keys("y");
    // Back on the home screen, the app still running: the hook has heard `stop` already.
    run.expect("Routines");
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
