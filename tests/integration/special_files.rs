use super::*;
use std::process::Stdio;

/// Makes a FIFO at `path` with the `mkfifo` program, creating its folders.
fn mkfifo(path: &Path) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("run mkfifo");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Runs supple and kills it if it has not finished within ten seconds (a read that
/// blocks on a FIFO never would).
fn prompt(home: &Home, args: &[&str]) -> Ran {
    let mut child = home
        .std_cmd()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("supple {args:?} was still running after 10 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    Ran {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

const REFUSED: &str = "not a regular file (a FIFO); supple reads only regular YAML files";

#[test]
fn a_fifo_named_on_the_command_line_is_refused_at_once() {
    let home = Home::new();
    let fifo = home.root.join("fifo.yaml");
    mkfifo(&fifo);
    for args in [
        &["run", s(&fifo), "--plain"][..],
        &["plan", s(&fifo)],
        &["check", s(&fifo)],
    ] {
        let r = prompt(&home, args);
        assert_eq!(r.code, Some(1), "{args:?}: {r:#?}");
        assert_contains(
            line_with(&r.stderr, &format!("{}: ", fifo.display())),
            &[REFUSED],
        );
    }
    assert!(!home.history_file().exists(), "nothing ran");
}

#[test]
fn a_fifo_as_config_yaml_is_refused_at_once() {
    let home = Home::new();
    let config = home.config().join("config.yaml");
    mkfifo(&config);
    for args in [&["plan", "morning"][..], &["routines"], &["check"]] {
        let r = prompt(&home, args);
        assert_eq!(r.code, Some(1), "{args:?}: {r:#?}");
        assert_contains(
            line_with(&r.stderr, &format!("{}: ", config.display())),
            &[REFUSED],
        );
    }
}

#[test]
fn a_fifo_in_the_stretches_folder_is_skipped_with_one_warning() {
    let home = Home::new();
    let fifo = home.config().join("stretches/fifo.yaml");
    mkfifo(&fifo);
    home.write("config/supple/stretches/calves.yaml", OWN_STRETCH);
    let r = prompt(&home, &["list"]);
    assert_eq!(r.code, Some(0), "{r:#?}");
    assert_contains(&r.stdout, &["towel-calf-pull", "cat-cow"]);
    let warning = line_with(&r.stderr, "fifo.yaml");
    assert_contains(
        warning,
        &["warning: ", "not a regular file (a FIFO)", "skipped"],
    );
    assert_eq!(r.stderr.matches("fifo.yaml").count(), 1, "{}", r.stderr);
    // `check` fails on it, naming it.
    let r = prompt(&home, &["check"]);
    assert_eq!(r.code, Some(1), "{r:#?}");
    assert_contains(
        line_with(&r.stderr, "fifo.yaml"),
        &["not a regular file (a FIFO)"],
    );
}

#[test]
fn a_fifo_in_the_routines_folder_or_as_the_history_does_not_block() {
    let home = Home::new();
    mkfifo(&home.config().join("routines/fifo.yaml"));
    mkfifo(&home.history_file());
    let r = prompt(&home, &["plan", "morning"]);
    assert_eq!(r.code, Some(0), "{r:#?}");
    assert_contains(line_with(&r.stderr, "fifo.yaml"), &["warning: ", "skipped"]);
    let r = prompt(&home, &["history"]);
    assert_eq!(r.code, Some(1), "{r:#?}");
    assert_contains(
        line_with(&r.stderr, "history.jsonl"),
        &["not a regular file (a FIFO)"],
    );
    // A run ends on time and says it could not be saved.
    let four = fixture("routines/four-seconds.yaml");
    let r = prompt(&home, &["run", &four, "--plain"]);
    assert_eq!(r.code, Some(0), "{r:#?}");
    assert_contains(
        line_with(&r.stderr, "history.jsonl"),
        &[
            "warning: cannot save this run",
            "not a regular file (a FIFO)",
        ],
    );
}

#[test]
fn dangling_links_and_link_loops_in_a_folder_get_one_warning_each() {
    let home = Home::new();
    let dir = home.config().join("stretches");
    fs::create_dir_all(&dir).unwrap();
    std::os::unix::fs::symlink(dir.join("gone.yaml"), dir.join("dangling.yaml")).unwrap();
    std::os::unix::fs::symlink(dir.join("loop-b.yaml"), dir.join("loop-a.yaml")).unwrap();
    std::os::unix::fs::symlink(dir.join("loop-a.yaml"), dir.join("loop-b.yaml")).unwrap();
    fs::create_dir_all(dir.join("folder.yaml")).unwrap();
    let r = prompt(&home, &["list"]);
    assert_eq!(r.code, Some(0), "{r:#?}");
    for name in ["dangling.yaml", "loop-a.yaml", "loop-b.yaml", "folder.yaml"] {
        assert_eq!(
            r.stderr.matches(name).count(),
            1,
            "one warning for {name}:\n{}",
            r.stderr
        );
        assert_contains(line_with(&r.stderr, name), &["warning: ", "skipped"]);
    }
    assert_contains(
        line_with(&r.stderr, "dangling.yaml"),
        &["a link to a file that does not exist"],
    );
}
