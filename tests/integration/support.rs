//! What the topics share: a temporary HOME to run the binary in ([`Home`]), what a run did
//! ([`Ran`]), signals, the fixtures and the repository's files, a few text checks, and the
//! full screen in a pseudo-terminal ([`Run`]).

use assert_cmd::Command;
use rexpect::process::WaitStatus;
use rexpect::session::{PtySession, spawn_command};
use serde_json::Value;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A temporary HOME with its own XDG folders, removed when dropped.
pub(crate) struct Home {
    pub(crate) root: PathBuf,
}

static NEXT_HOME: AtomicUsize = AtomicUsize::new(0);

/// What one run of the binary did.
#[derive(Debug)]
pub(crate) struct Ran {
    pub(crate) code: Option<i32>,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Home {
    pub(crate) fn new() -> Home {
        let n = NEXT_HOME.fetch_add(1, Ordering::SeqCst);
        let root = std::env::temp_dir().join(format!("supple-cli-{}-{n}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(&root).expect("create the temporary HOME");
        Home { root }
    }

    /// `$XDG_CONFIG_HOME/supple`.
    pub(crate) fn config(&self) -> PathBuf {
        self.root.join("config/supple")
    }

    /// `$XDG_DATA_HOME/supple/history.jsonl`.
    pub(crate) fn history_file(&self) -> PathBuf {
        self.root.join("data/supple/history.jsonl")
    }

    fn vars(&self) -> [(&'static str, PathBuf); 3] {
        [
            ("HOME", self.root.clone()),
            ("XDG_CONFIG_HOME", self.root.join("config")),
            ("XDG_DATA_HOME", self.root.join("data")),
        ]
    }

    /// The binary, run in this HOME (which is also the working folder).
    pub(crate) fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("supple").expect("the supple binary");
        cmd.current_dir(&self.root)
            .env_remove("NO_COLOR")
            .timeout(Duration::from_secs(60));
        for (k, v) in self.vars() {
            cmd.env(k, v);
        }
        cmd
    }

    /// The binary as a plain std command, for tests that signal it.
    pub(crate) fn std_cmd(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_supple"));
        cmd.current_dir(&self.root).env_remove("NO_COLOR");
        for (k, v) in self.vars() {
            cmd.env(k, v);
        }
        cmd
    }

    pub(crate) fn run(&self, args: &[&str]) -> Ran {
        let out = self.cmd().args(args).output().expect("run supple");
        Ran {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Runs and expects exit 0; returns stdout.
    pub(crate) fn ok(&self, args: &[&str]) -> String {
        let r = self.run(args);
        assert_eq!(r.code, Some(0), "supple {args:?} failed: {r:#?}");
        r.stdout
    }

    /// Runs and expects the exit code; returns stderr.
    pub(crate) fn fails(&self, args: &[&str], code: i32) -> String {
        let r = self.run(args);
        assert_eq!(r.code, Some(code), "supple {args:?}: {r:#?}");
        assert!(!r.stderr.trim().is_empty(), "no message: {r:#?}");
        r.stderr
    }

    pub(crate) fn json(&self, args: &[&str]) -> Value {
        let out = self.ok(args);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("supple {args:?}: {e}\n{out}"))
    }

    /// Writes a file under the HOME, creating its folders; returns its path.
    pub(crate) fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, contents).unwrap();
        path
    }

    pub(crate) fn history_lines(&self) -> Vec<Value> {
        let text = fs::read_to_string(self.history_file()).unwrap_or_default();
        text.lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect()
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.root);
    }
}

/// A child's stdout read line by line on a thread, so that a test waits for what the run
/// prints before it acts, not for a guess at how long a start takes on a loaded machine.
pub(crate) struct Lines {
    rx: mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Lines {
    /// Takes the child's piped stdout.
    pub(crate) fn of(child: &mut std::process::Child) -> Lines {
        let stdout = child.stdout.take().expect("a piped stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Lines {
            rx,
            seen: Vec::new(),
        }
    }

    /// Waits, 20 s at most, for a line that starts with `start`.
    pub(crate) fn wait_for(&mut self, start: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let Ok(line) = self.rx.recv_timeout(left) else {
                panic!("no line starting {start:?} in:\n{}", self.seen.join("\n"));
            };
            let found = line.starts_with(start);
            self.seen.push(line);
            if found {
                return;
            }
        }
    }

    /// Every line, once the stream has ended.
    pub(crate) fn all(mut self) -> String {
        self.seen.extend(self.rx.iter());
        self.seen.join("\n")
    }
}

/// Sends `SIG<name>` to a process (with the shell's own `kill`, which every machine has).
pub(crate) fn send_signal(name: &str, pid: u32) -> std::process::ExitStatus {
    std::process::Command::new("sh")
        .args(["-c", &format!("kill -{name} {pid}")])
        .status()
        .expect("run sh")
}

pub(crate) fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

pub(crate) fn fixture(rel: &str) -> String {
    let path = repo("tests/fixtures").join(rel);
    assert!(path.is_file(), "missing fixture {}", path.display());
    path.to_str().unwrap().to_string()
}

pub(crate) fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The one line of `text` that contains `needle`, or a failure that shows the text.
pub(crate) fn line_with<'a>(text: &'a str, needle: &str) -> &'a str {
    text.lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line contains {needle:?} in:\n{text}"))
}

pub(crate) fn assert_contains(text: &str, needles: &[&str]) {
    for n in needles {
        assert!(text.contains(n), "{n:?} is missing from:\n{text}");
    }
}

/// A stretch file that sits next to nothing else in the test, ready to copy into a folder.
pub(crate) const OWN_STRETCH: &str = "\
- id: towel-calf-pull
  name: Towel Calf Pull
  areas: [calves, ankles]
  position: seated
  equipment: [towel]
  level: gentle
  loads: []
  sides: each
  hold: 20s
";

/// Marks the safety guidance as seen in `root`'s state folder (`XDG_STATE_HOME=root/state`),
/// so that a run starts at once, as it does for everyone after their first.
pub(crate) fn safety_seen(root: &Path) {
    let dir = root.join("state/supple");
    fs::create_dir_all(&dir).expect("state folder");
    fs::write(dir.join("safety-seen"), "1\n").expect("safety marker");
}

/// Leaving the alternate screen and showing the cursor again.
const GIVEN_BACK: [&str; 2] = ["\x1b[?1049l", "\x1b[?25h"];

/// A temporary HOME holding the routine; removed when dropped.
pub(crate) struct Run {
    pub(crate) root: PathBuf,
    pub(crate) pty: PtySession,
}

impl Run {
    /// `supple run` of `routine` on an 80×24 terminal.
    pub(crate) fn start(name: &str, routine: &str) -> Run {
        Run::spawn(name, Some(routine), &["run"])
    }

    /// `supple ARGS` on an 80×24 terminal (with the routine file's path last, if any).
    pub(crate) fn spawn(name: &str, routine: Option<&str>, args: &[&str]) -> Run {
        Run::spawn_with(name, routine, args, "24 cols 80", Some("xterm-256color"))
    }

    /// `supple ARGS` on a terminal of `rows` (`"24 cols 80"`) with `term` as TERM.
    pub(crate) fn spawn_with(
        name: &str,
        routine: Option<&str>,
        args: &[&str],
        rows: &str,
        term: Option<&str>,
    ) -> Run {
        let root = Run::fresh_root(name);
        safety_seen(&root);
        let mut args: Vec<String> = args.iter().map(|a| (*a).to_string()).collect();
        if let Some(routine) = routine {
            let file = root.join("routine.yaml");
            fs::write(&file, routine).expect("routine file");
            args.push(file.to_str().expect("utf-8 path").to_string());
        }
        Run::spawn_in(root, &args, rows, term)
    }

    /// An empty temporary HOME for the test `name`.
    pub(crate) fn fresh_root(name: &str) -> PathBuf {
        let root =
            std::env::temp_dir().join(format!("supple-screen-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(&root).expect("temp home");
        root
    }

    /// `supple ARGS` in the HOME `root` as it is (config, state and all), on a terminal of
    /// `rows` with `term` as TERM.
    pub(crate) fn spawn_in(root: PathBuf, args: &[String], rows: &str, term: Option<&str>) -> Run {
        let mut cmd = std::process::Command::new("sh");
        cmd.arg("-c")
            .arg(format!("stty rows {rows} && exec \"$@\""))
            .arg("sh")
            .arg(env!("CARGO_BIN_EXE_supple"))
            .args(args)
            .env("HOME", &root)
            .env("XDG_CONFIG_HOME", root.join("config"))
            .env("XDG_DATA_HOME", root.join("data"))
            .env("XDG_STATE_HOME", root.join("state"))
            .env_remove("NO_COLOR");
        match term {
            Some(term) => cmd.env("TERM", term),
            None => cmd.env_remove("TERM"),
        };
        let pty = spawn_command(cmd, Some(15_000)).expect("spawn supple in a pty");
        Run { root, pty }
    }

    /// Waits for `text` in the output (ASCII only: the output is read a byte at a time).
    pub(crate) fn expect(&mut self, text: &str) {
        if let Err(e) = self.pty.exp_string(text) {
            panic!("waiting for {text:?}: {e}");
        }
    }

    /// Types `keys`.
    pub(crate) fn keys(&mut self, keys: &str) {
        self.pty.send(keys).expect("send");
        self.pty.flush().expect("flush");
    }

    /// From the home screen: starts the routine under the cursor, quits it with `q` `y`,
    /// and waits until the home screen is back.
    pub(crate) fn quit_a_run_from_home(&mut self) {
        self.expect("Routines");
        self.keys("\r");
        self.expect("PREPARE");
        self.keys("q");
        self.expect("quit?");
        self.keys("y");
        self.expect("Routines");
    }

    /// Leaves a picker whose routine was never saved: `q`, the question, `y`; the program
    /// ends with 0 and gives the terminal back.
    pub(crate) fn leave_unsaved(&mut self) {
        self.keys("q");
        self.expect("leave?");
        self.keys("y");
        let (rest, code) = self.finish();
        assert_eq!(code, 0);
        assert_given_back(&rest);
    }

    /// The rest of the output and the exit code.
    pub(crate) fn finish(&mut self) -> (String, i32) {
        let rest = self.pty.exp_eof().expect("the program ends");
        match self.pty.process().wait().expect("exit status") {
            WaitStatus::Exited(_, code) => (rest, code),
            other => panic!("not a normal exit: {other:?}"),
        }
    }
}

impl Drop for Run {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.root);
    }
}

pub(crate) fn assert_given_back(rest: &str) {
    for seq in GIVEN_BACK {
        assert!(rest.contains(seq), "terminal not restored: {rest:?}");
    }
}
