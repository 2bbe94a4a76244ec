use super::*;
use std::process::Stdio;

/// Runs the four-second routine plainly with the history going to `data` (the XDG data
/// folder); returns the result.
fn run_with_data_home(home: &Home, data: &Path) -> Ran {
    let file = home.write(
            "two-seconds.yaml",
            "name: two seconds\nprepare: 1s\nsteps:\n  - stretch: childs-pose\n    hold: 1s\n    sets: 1\n",
        );
    let out = home
        .cmd()
        .env("XDG_DATA_HOME", data)
        .args(["run", s(&file), "--plain"])
        .output()
        .unwrap();
    Ran {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn a_history_folder_that_cannot_be_made_warns_and_the_run_goes_on() {
    let home = Home::new();
    // The data "folder" is a file, so no history folder can be made inside it.
    let blocker = home.write("not-a-folder", "x");
    let r = run_with_data_home(&home, &blocker);
    assert_eq!(r.code, Some(0), "{r:#?}");
    assert!(r.stdout.contains("Done: two seconds"), "{r:#?}");
    assert_contains(
        &r.stderr,
        &["warning: cannot save this run in", "history.jsonl"],
    );
    assert_eq!(
        fs::read_to_string(&blocker).unwrap(),
        "x",
        "the blocking file is untouched"
    );
}

/// Unmounts a file system however the test ends.
struct Unmount<'a>(&'a Path);

impl Drop for Unmount<'_> {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(self.0).status();
    }
}

#[test]
fn a_full_disk_warns_and_the_run_goes_on() {
    let home = Home::new();
    let data = home.root.join("data");
    fs::create_dir_all(data.join("supple")).unwrap();
    // A device in the history's place (/dev/full fails every write) is refused.
    std::os::unix::fs::symlink("/dev/full", data.join("supple/history.jsonl")).unwrap();
    let r = run_with_data_home(&home, &data);
    assert_eq!(r.code, Some(0), "{r:#?}");
    assert!(r.stdout.contains("Done: two seconds"), "{r:#?}");
    assert_contains(
        &r.stderr,
        &["warning: cannot save this run", "not a regular file"],
    );
    // A real full disk: a tiny file system, filled up (root can mount one; others skip).
    let small = home.root.join("small");
    fs::create_dir_all(&small).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=8k", "tmpfs"])
        .arg(&small)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        return;
    }
    let unmount = Unmount(&small);
    fs::create_dir_all(small.join("supple")).unwrap();
    // Earlier lines that fill their page exactly, so the next line needs a new one.
    let mut earlier = format!("{{\"note\": \"{}\"}}", "x".repeat(4096 - 13));
    earlier.push('\n');
    assert_eq!(earlier.len(), 4096);
    fs::write(small.join("supple/history.jsonl"), &earlier).unwrap();
    let mut filler = fs::File::create(small.join("filler")).unwrap();
    while std::io::Write::write_all(&mut filler, &[b'x'; 512]).is_ok() {}
    drop(filler);
    let r = run_with_data_home(&home, &small);
    let history = fs::read_to_string(small.join("supple/history.jsonl"));
    drop(unmount);
    assert_eq!(r.code, Some(0), "{r:#?}");
    assert_contains(
        &r.stderr,
        &["warning: cannot save this run", "No space left"],
    );
    assert_eq!(history.unwrap(), earlier, "the earlier lines are untouched");
}

/// Starts a long plain run, sends `signal` once the run has printed its first phase (and
/// so listens for signals) and returns the exit code and the last line printed.
fn stop_with(home: &Home, signal: &str) -> (Option<i32>, String) {
    let file = fixture("routines/long-hold.yaml");
    let mut child = home
        .std_cmd()
        .args(["run", &file, "--plain"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Not a fixed sleep: a debug build on a loaded machine may take longer than that to
    // start, and a signal that came before the handlers would just kill it.
    let mut lines = Lines::of(&mut child);
    // Into the hold: a run stopped while getting ready is not recorded.
    lines.wait_for("[00:01] Breathe in");
    let sent = send_signal(signal, child.id());
    assert!(sent.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("supple did not stop on SIG{signal}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    let stdout = lines.all();
    (
        out.status.code(),
        stdout.lines().last().unwrap_or_default().to_string(),
    )
}

#[test]
fn two_runs_ending_together_append_whole_lines() {
    let home = Home::new();
    let file = home.write(
            "one-second.yaml",
            "name: one second\nprepare: 1s\nsteps:\n  - stretch: childs-pose\n    hold: 1s\n    sets: 1\n",
        );
    let mut runs: Vec<std::process::Child> = (0..4)
        .map(|_| {
            home.std_cmd()
                .args(["run", s(&file), "--plain"])
                .stdout(Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for run in &mut runs {
        assert!(run.wait().unwrap().success());
    }
    let lines = home.history_lines();
    assert_eq!(lines.len(), 4);
    assert!(
        lines
            .iter()
            .all(|h| h["completed"] == true && h["routine"] == "one second")
    );
}

#[test]
fn sigint_sighup_and_sigquit_stop_with_130_129_and_131_and_are_recorded() {
    let home = Home::new();
    let (code, last) = stop_with(&home, "INT");
    assert_eq!(code, Some(130));
    assert!(last.contains("Stopped during"), "{last}");
    let (code, last) = stop_with(&home, "HUP");
    assert_eq!(code, Some(129));
    assert!(last.contains("Stopped during"), "{last}");
    let (code, last) = stop_with(&home, "QUIT");
    assert_eq!(code, Some(131));
    assert!(last.contains("Stopped during"), "{last}");
    let endings: Vec<String> = home
        .history_lines()
        .iter()
        .map(|h| h["ending"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(endings, ["SIGINT", "SIGHUP", "SIGQUIT"]);
}

#[test]
fn a_run_stopped_while_getting_ready_for_its_first_stretch_is_not_recorded() {
    let home = Home::new();
    let file = home.write(
        "slow-start.yaml",
        "name: slow start\nprepare: 20s\nsteps:\n  - stretch: childs-pose\n    hold: 30s\n",
    );
    let mut child = home
        .std_cmd()
        .args(["run", s(&file), "--plain"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = Lines::of(&mut child);
    lines.wait_for("[00:00] Get ready");
    assert!(send_signal("INT", child.id()).success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130));
    assert!(lines.all().contains("Stopped during"));
    assert!(home.history_lines().is_empty());
    // The history command has nothing to list, and says so rather than failing.
    home.ok(&["history"]);
}
