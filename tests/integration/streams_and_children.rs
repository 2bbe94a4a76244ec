//! A full or closed stdout or stderr, and cue programs that never end.

use super::*;
use std::process::Stdio;

fn full() -> Stdio {
    Stdio::from(
        fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full"),
    )
}

/// Runs with stdout and/or stderr on a full disk; returns the exit code.
fn code_with_full(home: &Home, args: &[&str], stdout: bool, stderr: bool) -> Option<i32> {
    let mut cmd = home.std_cmd();
    cmd.args(args).stdin(Stdio::null());
    cmd.stdout(if stdout { full() } else { Stdio::null() });
    cmd.stderr(if stderr { full() } else { Stdio::null() });
    cmd.status().expect("run supple").code()
}

#[test]
fn a_full_stderr_or_stdout_never_panics() {
    let home = Home::new();
    home.write(
        "config/supple/config.yaml",
        "cue_command: [/nonexistent/supple-speak, \"{text}\"]\n",
    );
    let four = fixture("routines/four-seconds.yaml");
    // The cue program cannot start, and that cannot be said either: the run goes on.
    assert_eq!(
        code_with_full(&home, &["run", &four, "--plain"], false, true),
        Some(0)
    );
    assert_eq!(home.history_lines().len(), 1);
    assert_eq!(
        code_with_full(&home, &["check", "/nonexistent"], false, true),
        Some(1)
    );
    for args in [
        &["completions", "bash"][..],
        &["man"],
        &["list"],
        &["list", "--json"],
        &["show", "pigeon"],
        &["plan", "morning"],
        &["routines"],
        &["history"],
    ] {
        assert_eq!(
            code_with_full(&home, args, true, false),
            Some(1),
            "supple {args:?} >/dev/full"
        );
        let both = code_with_full(&home, args, true, true);
        assert_eq!(both, Some(1), "supple {args:?} >/dev/full 2>/dev/full");
    }
    for args in [&["--help"][..], &["--version"], &["run", "--help"]] {
        let code = code_with_full(&home, args, true, true);
        assert!(matches!(code, Some(0..=2)), "supple {args:?}: {code:?}");
    }
}

/// Whether a process runs (a zombie, killed and waiting to be reaped by init, does not).
fn alive(pid: &str) -> bool {
    fs::read_to_string(format!("/proc/{pid}/status")).is_ok_and(|status| {
        status
            .lines()
            .find_map(|l| l.strip_prefix("State:"))
            .is_some_and(|state| !matches!(state.trim().chars().next(), Some('Z' | 'X')))
    })
}

#[test]
fn a_cue_program_that_never_ends_is_ended_and_never_piles_up() {
    let home = Home::new();
    let log = home.root.join("cues");
    fs::create_dir_all(&log).unwrap();
    // Notes any earlier cue program still running, starts a grandchild, never ends.
    let speak = home.write(
            "speak.sh",
            format!(
                "#!/bin/sh\nlog={}\nsleep 0.2\nfor p in $(cat \"$log/pids\" 2>/dev/null); do\n  grep -qs '^State:[[:space:]]*[^ZX[:space:]]' /proc/$p/status && echo \"$p\" >> \"$log/overlaps\"\ndone\nsleep 1000 &\necho $! >> \"$log/pids\"\necho $$ >> \"$log/pids\"\nwait\n",
                log.display()
            ),
        );
    home.write(
        "config/supple/config.yaml",
        format!("cue_command: [sh, {}, \"{{text}}\"]\n", speak.display()),
    );
    let four = fixture("routines/four-seconds.yaml");
    let ran = home.run(&["run", &four, "--plain"]);
    assert_eq!(ran.code, Some(0), "{ran:#?}");
    let pids = fs::read_to_string(log.join("pids")).unwrap_or_default();
    let pids: Vec<&str> = pids.lines().collect();
    // A cue for each phase (two lines a program): each ended by the next.
    assert!(pids.len() >= 8, "{pids:?}");
    let overlaps = fs::read_to_string(log.join("overlaps")).unwrap_or_default();
    assert!(overlaps.is_empty(), "cue programs overlapped: {overlaps}");
    let left: Vec<&&str> = pids.iter().filter(|p| alive(p)).collect();
    assert!(left.is_empty(), "still running after supple: {left:?}");
}
