//! The spoken coach, sounds, the notification and hooks, with fake programs on PATH that
//! log their arguments, when they started and whether they ended by themselves.

use super::*;
use std::path::PathBuf;

/// Two short stretches of our own (so built-in wording can change without these tests):
/// knee 4 s a side with a 1 s switch, then 3 swings of 2 s; 2 s to get ready. 19 s in all.
const STRETCHES: &str = "\
- id: test-knee
  name: Test Knee
  areas: [hips]
  position: floor
  level: gentle
  loads: []
  sides: each
  hold: 4s
  setup: [Lie on your back., Bring one knee in.]
  cues: [Hug the knee in.]
  cautions: [Knee pain? Hold behind the thigh.]
- id: test-swing
  name: Test Swing
  areas: [hips]
  position: standing
  level: gentle
  loads: []
  sides: both
  reps: 3
  tempo: 2s
  setup: [Stand by a wall.]
  cues: [Swing easily.]
";

const ROUTINE: &str = "name: voice test\nprepare: 2s\nswitch: 1s\nsteps:\n  - stretch: test-knee\n  - stretch: test-swing\n";

/// The same with 3 s to get ready and 6 s holds: time for the whole brief lines (25 s).
const ROOMY: &str = "name: voice test\nprepare: 3s\nswitch: 1s\nsteps:\n  - stretch: test-knee\n    hold: 6s\n  - stretch: test-swing\n";

/// A HOME with the test stretches and routine, and a `bin` folder to put fakes in.
struct Setup {
    home: Home,
    bin: PathBuf,
    logs: PathBuf,
    routine: PathBuf,
}

impl Setup {
    fn new(config: &str) -> Setup {
        let home = Home::new();
        home.write("config/supple/stretches/test.yaml", STRETCHES);
        let routine = home.write("voice-test.yaml", ROUTINE);
        home.write("config/supple/config.yaml", config);
        let bin = home.root.join("bin");
        let logs = home.root.join("logs");
        fs::create_dir_all(&bin).unwrap();
        fs::create_dir_all(&logs).unwrap();
        Setup {
            home,
            bin,
            logs,
            routine,
        }
    }

    /// A fake `name` on PATH that logs `start <time> <pid> <args>` to `logs/<name>`, notes
    /// any earlier run of itself still alive in `logs/<name>.overlaps`, lasts `seconds`,
    /// and logs `end <time> <pid>` when it ends by itself. Its stdin goes to
    /// `logs/<name>.stdin` when `read_stdin`.
    fn fake(&self, name: &str, seconds: &str, read_stdin: bool) -> PathBuf {
        use std::os::unix::fs::PermissionsExt as _;
        let log = self.logs.join(name);
        let stdin = if read_stdin {
            format!("cat >> '{}.stdin'\n", log.display())
        } else {
            String::new()
        };
        let script = format!(
            "#!/bin/sh\nPATH=/usr/bin:/bin\nlog='{log}'\nfor p in $(cat \"$log.pids\" 2>/dev/null); do\n  grep -qs '^State:[[:space:]]*[^ZX[:space:]]' /proc/$p/status && echo \"$p\" >> \"$log.overlaps\"\ndone\necho $$ >> \"$log.pids\"\necho \"start $(date +%s.%N) $$ $*\" >> \"$log\"\n{stdin}sleep {seconds}\necho \"end $(date +%s.%N) $$\" >> \"$log\"\n",
            log = log.display()
        );
        let path = self.bin.join(name);
        fs::write(&path, script).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
        path
    }

    /// Runs `supple run` on the test routine with only `bin` on PATH.
    fn run(&self, args: &[&str]) -> Ran {
        self.run_routine(s(&self.routine), args)
    }

    /// Runs `supple run ROUTINE --plain` with only `bin` on PATH.
    fn run_routine(&self, routine: &str, args: &[&str]) -> Ran {
        let out = self
            .home
            .cmd()
            .env("PATH", &self.bin)
            .arg("run")
            .arg(routine)
            .args(["--plain"])
            .args(args)
            .output()
            .expect("run supple");
        Ran {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    fn log(&self, name: &str) -> String {
        fs::read_to_string(self.logs.join(name)).unwrap_or_default()
    }

    /// What each run of `name` was given, in order.
    fn said(&self, name: &str) -> Vec<String> {
        self.starts(name).into_iter().map(|s| s.args).collect()
    }

    fn starts(&self, name: &str) -> Vec<Start> {
        let log = self.log(name);
        let ended: Vec<String> = log
            .lines()
            .filter_map(|l| l.strip_prefix("end "))
            .filter_map(|l| l.split(' ').nth(1).map(str::to_string))
            .collect();
        log.lines()
            .filter_map(|l| l.strip_prefix("start "))
            .map(|l| {
                let mut parts = l.splitn(3, ' ');
                let at: f64 = parts.next().unwrap().parse().unwrap();
                let pid = parts.next().unwrap().to_string();
                let args = parts.next().unwrap_or("").to_string();
                Start {
                    at,
                    ended: ended.contains(&pid),
                    pid,
                    args,
                }
            })
            .collect()
    }
}

/// One run of a fake.
#[derive(Debug)]
struct Start {
    at: f64,
    pid: String,
    args: String,
    ended: bool,
}

/// Whether a process runs (a zombie does not).
fn alive(pid: &str) -> bool {
    fs::read_to_string(format!("/proc/{pid}/status")).is_ok_and(|status| {
        status
            .lines()
            .find_map(|l| l.strip_prefix("State:"))
            .is_some_and(|state| !matches!(state.trim().chars().next(), Some('Z' | 'X')))
    })
}

#[test]
fn auto_takes_the_first_speech_program_installed() {
    let setup = Setup::new("");
    let four = fixture("routines/four-seconds.yaml");
    // Nothing installed: one line that says so and how to install one; the run goes on.
    let ran = setup.run_routine(&four, &["--voice", "auto"]);
    assert_eq!(ran.code, Some(0), "{ran:#?}");
    let line = line_with(&ran.stderr, "voice:");
    assert!(line.contains("no speech program found"), "{line}");
    assert!(line.contains("sudo apt install espeak-ng"), "{line}");
    // The order: spd-say, espeak-ng, espeak, say, piper.
    setup.fake("say", "0", false);
    setup.fake("espeak", "0", false);
    let ran = setup.run_routine(&four, &["--voice", "auto"]);
    assert!(
        line_with(&ran.stderr, "voice:").starts_with("supple: voice: espeak ("),
        "{ran:#?}"
    );
    setup.fake("espeak-ng", "0", false);
    let ran = setup.run_routine(&four, &["--voice", "auto"]);
    assert!(
        line_with(&ran.stderr, "voice:").starts_with("supple: voice: espeak-ng ("),
        "{ran:#?}"
    );
    setup.fake("spd-say", "0", false);
    let ran = setup.run_routine(&four, &["--voice", "auto"]);
    assert!(
        line_with(&ran.stderr, "voice:").starts_with("supple: voice: spd-say ("),
        "{ran:#?}"
    );
    // spd-say is asked to wait until it has spoken, so supple knows when it is done.
    assert!(
        setup
            .said("spd-say")
            .iter()
            .all(|a| a.starts_with("--wait -P text "))
    );
    // Without --voice (and no voice: in config.yaml) nothing speaks and nothing is said.
    let ran = setup.run_routine(&four, &[]);
    assert!(!ran.stderr.contains("voice:"), "{ran:#?}");
}

#[test]
fn brief_says_names_sides_reps_switch_countdown_and_done() {
    let setup = Setup::new("pacer: off\n");
    setup.home.write("voice-test.yaml", ROOMY);
    setup.fake("espeak-ng", "0", false);
    let ran = setup.run(&["--voice", "auto", "--voice-detail", "brief"]);
    assert_eq!(ran.code, Some(0), "{ran:#?}");
    assert_eq!(
        setup.said("espeak-ng"),
        [
            "Get ready: Test Knee.",
            "Left side. Hold 6 seconds.",
            "3",
            "2",
            "1",
            "Switch sides.",
            "Right side. Hold 6 seconds.",
            "3",
            "2",
            "1",
            "Get ready: Test Swing.",
            "3 reps.",
            "3",
            "2",
            "1",
            "Done.",
        ]
    );
}

#[test]
fn full_adds_the_setup_the_caution_and_the_cues_where_they_fit() {
    let setup = Setup::new("pacer: off\nvoice: espeak-ng\nvoice_detail: full\n");
    setup.fake("espeak-ng", "0", false);
    let ran = setup.run(&["--prepare", "8s"]);
    assert_eq!(ran.code, Some(0), "{ran:#?}");
    assert_eq!(
        setup.said("espeak-ng"),
        [
            // The second setup step would not end before the hold begins: left out.
            "Get ready: Test Knee. Lie on your back. Knee pain? Hold behind the thigh.",
            // One second before the 3-2-1: the side alone.
            "Left side.",
            "3",
            "2",
            "1",
            "Switch sides.",
            "Right side.",
            "3",
            "2",
            "1",
            "Get ready: Test Swing. Stand by a wall.",
            "3 reps. Swing easily.",
            "3",
            "2",
            "1",
            "Done. 14 seconds of stretching.",
        ]
    );
}

#[test]
fn a_slow_voice_never_overlaps_is_cut_short_by_what_matters_more_and_never_outlives_supple() {
    let setup = Setup::new("pacer: off\nvoice: espeak-ng\n");
    // Every utterance would take 2.5 seconds.
    setup.fake("espeak-ng", "2.5", false);
    let ran = setup.run(&[]);
    assert_eq!(ran.code, Some(0), "{ran:#?}");
    let starts = setup.starts("espeak-ng");
    let overlaps = setup.log("espeak-ng.overlaps");
    assert!(overlaps.is_empty(), "two voices at once: {overlaps}");
    let left: Vec<&Start> = starts.iter().filter(|s| alive(&s.pid)).collect();
    assert!(left.is_empty(), "still speaking after supple: {left:?}");
    let said: Vec<&str> = starts.iter().map(|s| s.args.as_str()).collect();
    // The stale "1" is cut short by the phase change that follows it.
    let one = said.iter().position(|a| *a == "1").unwrap();
    assert_eq!(said[one + 1], "Switch sides.", "{said:?}");
    assert!(!starts[one].ended, "the 1 was not cut short: {starts:?}");
    let gap = starts[one + 1].at - starts[one].at;
    assert!(gap < 2.5, "the switch waited for the 1 to finish: {gap}");
    // The get-ready line is cut by the work's start, and the countdown goes on regardless.
    assert!(!starts[0].ended, "{starts:?}");
    assert_eq!(said.iter().filter(|a| **a == "3").count(), 3, "{said:?}");
    // The last words ("Done.") are let finish, for at most 3 seconds: this one ended.
    assert_eq!(said.last(), Some(&"Done."));
    assert!(starts.last().unwrap().ended, "{starts:?}");
}

#[test]
fn a_signal_ends_the_voice_at_once() {
    let setup = Setup::new("voice: espeak-ng\n");
    setup.fake("espeak-ng", "1000", false);
    let mut child = setup
        .home
        .std_cmd()
        .env("PATH", &setup.bin)
        .args(["run", s(&setup.routine), "--plain", "--prepare", "30s"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = Lines::of(&mut child);
    lines.wait_for("[00:00] Get ready");
    let deadline = Instant::now() + Duration::from_secs(20);
    while setup.starts("espeak-ng").is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    send_signal("TERM", child.id());
    assert_eq!(child.wait().unwrap().code(), Some(143));
    let starts = setup.starts("espeak-ng");
    assert_eq!(starts.len(), 1, "{starts:?}");
    assert!(!alive(&starts[0].pid), "the voice outlived supple");
}

#[test]
fn each_moment_plays_its_own_sound_and_the_bell_stays_for_the_rest() {
    let setup = Setup::new("");
    let sound = setup.fake("sound", "0", false);
    let sound = s(&sound);
    setup.home.write(
        "config/supple/config.yaml",
        format!(
            "pacer: off\nsounds:\n  phase: [{sound}, phase]\n  switch: [{sound}, switch]\n  countdown: [{sound}, countdown]\n  done: [{sound}, done]\n  hurt: [{sound}, hurt]\n"
        ),
    );
    let ran = setup.run(&[]);
    assert_eq!(ran.code, Some(0), "{ran:#?}");
    assert_eq!(
        setup.said("sound"),
        [
            "phase",
            "phase",
            "countdown",
            "countdown",
            "countdown",
            "switch",
            "phase",
            "countdown",
            "countdown",
            "countdown",
            "phase",
            "phase",
            "countdown",
            "countdown",
            "countdown",
            "done",
        ]
    );
}

#[test]
fn notify_send_runs_once_at_the_end_and_nothing_happens_without_it() {
    let setup = Setup::new("notify: true\n");
    let four = fixture("routines/four-seconds.yaml");
    let ran = setup.run_routine(&four, &[]);
    assert_eq!(ran.code, Some(0), "{ran:#?}");
    assert!(!ran.stderr.contains("notify"), "{ran:#?}");
    setup.fake("notify-send", "0", false);
    let ran = setup.run_routine(&four, &[]);
    assert_eq!(ran.code, Some(0), "{ran:#?}");
    let said = setup.said("notify-send");
    assert_eq!(said.len(), 1, "{said:?}");
    assert_eq!(
        said[0],
        "--app-name=supple supple four seconds done: 0:02 of stretching, 0:04 in all"
    );
    // Not asked for: not run.
    setup.home.write("config/supple/config.yaml", "");
    setup.run_routine(&four, &[]);
    assert_eq!(setup.said("notify-send").len(), 1);
}

/// The hook fields the README documents: (field, on which events) from its table.
fn documented_fields() -> Vec<(String, String)> {
    let readme = fs::read_to_string(repo("README.md")).unwrap();
    let section = readme
        .split("### Hooks: `on_event`")
        .nth(1)
        .expect("a Hooks section in the README");
    section
        .lines()
        .skip_while(|l| !l.starts_with("| field |"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            (cells[1].trim_matches('`').to_string(), cells[2].to_string())
        })
        .collect()
}

#[test]
fn hooks_get_each_event_as_the_json_the_readme_documents() {
    let setup = Setup::new("");
    let hook = setup.fake("hook", "0", true);
    // A hook that never ends and one that fails change nothing for the run.
    let hang = setup.fake("hang", "1000", false);
    let fail = setup.bin.join("fail");
    fs::write(&fail, "#!/bin/sh\nexit 3\n").unwrap();
    {
        use std::os::unix::fs::PermissionsExt as _;
        fs::set_permissions(&fail, fs::Permissions::from_mode(0o755)).unwrap();
    }
    setup.home.write(
        "config/supple/config.yaml",
        format!(
            "pacer: off\non_event: [[{}], [{}], [{}], [/nonexistent/hook]]\n",
            s(&hook),
            s(&hang),
            s(&fail)
        ),
    );
    let started = Instant::now();
    let ran = setup.run(&[]);
    assert_eq!(ran.code, Some(0), "{ran:#?}");
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "the hooks held the run up"
    );
    assert!(
        ran.stderr
            .contains("cannot run the on_event hook `/nonexistent/hook`"),
        "{ran:#?}"
    );
    let hung: Vec<Start> = setup.starts("hang");
    assert!(hung.len() >= 8, "{hung:?}");
    assert!(
        hung.iter().all(|s| !alive(&s.pid)),
        "a hook outlived supple"
    );

    let fields = documented_fields();
    let names: Vec<&str> = fields.iter().map(|(f, _)| f.as_str()).collect();
    let every: Vec<&str> = fields
        .iter()
        .filter(|(_, on)| on == "every event")
        .map(|(f, _)| f.as_str())
        .collect();
    assert!(every.len() >= 10, "{fields:?}");
    let text = setup.log("hook.stdin");
    let events: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    for event in &events {
        let object = event.as_object().expect("an object");
        let kind = object["event"].as_str().unwrap();
        for key in object.keys() {
            let (_, on) = fields
                .iter()
                .find(|(f, _)| f == key)
                .unwrap_or_else(|| panic!("`{key}` is not in the README's table: {event}"));
            assert!(
                on == "every event" || on.contains(&format!("`{kind}`")),
                "`{key}` on `{kind}`, the README says only on {on}"
            );
        }
        for key in &every {
            assert!(object.contains_key(*key), "`{key}` missing: {event}");
        }
        assert!(names.contains(&"event"));
    }
    let kinds: Vec<&str> = events
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    // Runs may finish in any order: by `at`, the routine opens on a phase and ends done.
    assert!(events.iter().any(|e| e["event"] == "phase" && e["at"] == 0));
    let done: Vec<&Value> = events.iter().filter(|e| e["event"] == "done").collect();
    assert_eq!(done.len(), 1, "{kinds:?}");
    // Nothing was skipped: the stretching done is every work phase's length.
    let work_phases: u64 = events
        .iter()
        .filter(|e| e["event"] == "phase" && e["kind"] == "work")
        .map(|e| e["seconds"].as_u64().unwrap())
        .sum();
    assert!(work_phases > 0);
    assert_eq!(
        done[0]["work_seconds"].as_u64(),
        Some(work_phases),
        "{done:?}"
    );
    assert!(done[0]["work_seconds"].as_u64() < done[0]["seconds"].as_u64());
    assert!(
        events
            .iter()
            .all(|e| e["at"].as_u64() <= done[0]["at"].as_u64())
    );
    assert_eq!(kinds.iter().filter(|k| **k == "countdown").count(), 9);
    assert!(kinds.contains(&"rep"), "{kinds:?}");
    let work = events
        .iter()
        .find(|e| e["event"] == "phase" && e["kind"] == "work")
        .unwrap();
    assert_eq!(work["stretch"], "test-knee");
    assert_eq!(work["side"], "left");
    assert_eq!(work["seconds"], 4);
    assert_eq!(work["at"], 2);
    assert_eq!(done[0]["seconds"], 19);
    assert_eq!(done[0]["completed"], true);
}

#[test]
fn a_stopped_run_tells_the_hooks() {
    let setup = Setup::new("");
    let hook = setup.fake("hook", "0", true);
    setup.home.write(
        "config/supple/config.yaml",
        format!("on_event: [{}]\n", s(&hook)),
    );
    let mut child = setup
        .home
        .std_cmd()
        .env("PATH", &setup.bin)
        .args(["run", s(&setup.routine), "--plain", "--prepare", "30s"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = Lines::of(&mut child);
    lines.wait_for("[00:00] Get ready");
    send_signal("INT", child.id());
    assert_eq!(child.wait().unwrap().code(), Some(130));
    let deadline = Instant::now() + Duration::from_secs(10);
    while !setup.log("hook.stdin").contains("\"stop\"") && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let text = setup.log("hook.stdin");
    // Runs of a hook may finish in any order (the README says so): look for the event.
    let events: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let stop: Vec<&Value> = events.iter().filter(|e| e["event"] == "stop").collect();
    assert_eq!(stop.len(), 1, "{text}");
    assert_eq!(stop[0]["ending"], "SIGINT");
    assert_eq!(stop[0]["kind"], "prepare");
}

#[test]
fn the_full_screen_speaks_and_leaves_no_voice_behind_whatever_ends_it() {
    use rexpect::process::Signal;
    const LONG: &str = "name: long\nprepare: 5s\nsteps:\n  - stretch: childs-pose\n    hold: 60s\n";
    for (name, how) in [("voice-q", None), ("voice-hup", Some(Signal::SIGHUP))] {
        let setup = Setup::new("");
        let fake = setup.fake("speak", "1000", false);
        let mut run = Run::spawn(name, Some(LONG), &["run", "--voice", s(&fake)]);
        run.expect("PREPARE");
        let deadline = Instant::now() + Duration::from_secs(20);
        while setup.starts("speak").is_empty() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        let said = setup.said("speak");
        assert!(
            said.len() == 1 && said[0].starts_with("Get ready: "),
            "{name}: {said:?}"
        );
        let code = match how {
            None => {
                run.keys("q");
                run.expect("quit?");
                run.keys("y");
                run.finish().1
            }
            Some(signal) => {
                run.pty.process_mut().signal(signal).expect("signal");
                run.finish().1
            }
        };
        assert_eq!(code, if how.is_some() { 129 } else { 0 }, "{name}");
        let left: Vec<Start> = setup
            .starts("speak")
            .into_iter()
            .filter(|s| alive(&s.pid))
            .collect();
        assert!(
            left.is_empty(),
            "{name}: still speaking after supple: {left:?}"
        );
    }
}

#[test]
fn the_full_screen_says_the_stretching_done_when_phases_are_skipped() {
    let setup = Setup::new("");
    let voice = setup.fake("speak", "0", false);
    let cue = setup.fake("cue", "0", false);
    let hook = setup.fake("hook", "0", true);
    setup.home.write(
        "config/supple/config.yaml",
        format!(
            "pacer: off\nvoice_detail: full\ncue_command: ['{}', '{{text}}']\non_event: [['{}']]\n",
            cue.display(),
            hook.display()
        ),
    );
    safety_seen(&setup.home.root);
    let args: Vec<String> = ["run", s(&setup.routine), "--voice", s(&voice)]
        .iter()
        .map(|a| (*a).to_string())
        .collect();
    let mut run = Run::spawn_in(
        setup.home.root.clone(),
        &args,
        "24 cols 80",
        Some("xterm-256color"),
    );
    run.expect("PREPARE");
    // Every phase skipped at once (14 s of stretching planned): none of it was done.
    run.keys("nnnnnnn");
    run.expect("DONE");
    run.keys("x");
    let (rest, code) = run.finish();
    assert_eq!(code, 0);
    assert_given_back(&rest);
    let said = setup.said("speak");
    assert_eq!(
        said.last().map(String::as_str),
        Some("Done. 0 seconds of stretching."),
        "{said:?}"
    );
    let cues = setup.said("cue");
    let done = cues.last().expect("the cues");
    assert!(
        done.starts_with("Done: voice test, 0:00 of stretching, "),
        "{cues:?}"
    );
    // The hooks' done event says so too.
    let events = setup.log("hook.stdin");
    let done: Value = events
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|e| e["event"] == "done")
        .unwrap_or_else(|| panic!("no done event: {events}"));
    assert_eq!(done["work_seconds"], 0, "{done}");
}
