//! The real `supple` binary against a fresh temporary HOME per test: bad stretch and routine
//! files, the user's folders and `--library`, the built-in library and routines, `plan`,
//! `check`, `build`, usage errors and the plain runner. One module also feeds thousands of
//! damaged files to the parsers in process.

use assert_cmd::Command;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// A temporary HOME with its own XDG folders, removed when dropped.
struct Home {
    root: PathBuf,
}

static NEXT_HOME: AtomicUsize = AtomicUsize::new(0);

/// What one run of the binary did.
#[derive(Debug)]
struct Ran {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Home {
    fn new() -> Home {
        let n = NEXT_HOME.fetch_add(1, Ordering::SeqCst);
        let root = std::env::temp_dir().join(format!("supple-cli-{}-{n}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(&root).expect("create the temporary HOME");
        Home { root }
    }

    /// `$XDG_CONFIG_HOME/supple`.
    fn config(&self) -> PathBuf {
        self.root.join("config/supple")
    }

    /// `$XDG_DATA_HOME/supple/history.jsonl`.
    fn history_file(&self) -> PathBuf {
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
    fn cmd(&self) -> Command {
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
    fn std_cmd(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_supple"));
        cmd.current_dir(&self.root).env_remove("NO_COLOR");
        for (k, v) in self.vars() {
            cmd.env(k, v);
        }
        cmd
    }

    fn run(&self, args: &[&str]) -> Ran {
        let out = self.cmd().args(args).output().expect("run supple");
        Ran {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Runs and expects exit 0; returns stdout.
    fn ok(&self, args: &[&str]) -> String {
        let r = self.run(args);
        assert_eq!(r.code, Some(0), "supple {args:?} failed: {r:#?}");
        r.stdout
    }

    /// Runs and expects the exit code; returns stderr.
    fn fails(&self, args: &[&str], code: i32) -> String {
        let r = self.run(args);
        assert_eq!(r.code, Some(code), "supple {args:?}: {r:#?}");
        assert!(!r.stderr.trim().is_empty(), "no message: {r:#?}");
        r.stderr
    }

    fn json(&self, args: &[&str]) -> Value {
        let out = self.ok(args);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("supple {args:?}: {e}\n{out}"))
    }

    /// Writes a file under the HOME, creating its folders; returns its path.
    fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, contents).unwrap();
        path
    }

    fn history_lines(&self) -> Vec<Value> {
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

/// Sends `SIG<name>` to a process (with the shell's own `kill`, which every machine has).
fn send_signal(name: &str, pid: u32) -> std::process::ExitStatus {
    std::process::Command::new("sh")
        .args(["-c", &format!("kill -{name} {pid}")])
        .status()
        .expect("run sh")
}

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn fixture(rel: &str) -> String {
    let path = repo("tests/fixtures").join(rel);
    assert!(path.is_file(), "missing fixture {}", path.display());
    path.to_str().unwrap().to_string()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The one line of `text` that contains `needle`, or a failure that shows the text.
fn line_with<'a>(text: &'a str, needle: &str) -> &'a str {
    text.lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line contains {needle:?} in:\n{text}"))
}

fn assert_contains(text: &str, needles: &[&str]) {
    for n in needles {
        assert!(text.contains(n), "{n:?} is missing from:\n{text}");
    }
}

/// A stretch file that sits next to nothing else in the test, ready to copy into a folder.
const OWN_STRETCH: &str = "\
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

mod bad_stretch_files {
    use super::*;

    /// `supple check FIXTURE` exits 1, and the line naming `file:line:column` holds every
    /// needle (the stretch, the field, what was expected, the suggestion).
    fn rejects(name: &str, at: &str, needles: &[&str]) -> String {
        let home = Home::new();
        let path = fixture(&format!("stretches/{name}"));
        let err = home.fails(&["check", &path], 1);
        let line = line_with(&err, &format!("{path}:{at}: "));
        assert_contains(line, needles);
        assert!(
            err.lines().last().unwrap().contains("checked"),
            "no summary line:\n{err}"
        );
        err
    }

    #[test]
    fn unknown_field_suggests_the_real_one() {
        let err = rejects(
            "unknown-field.yaml",
            "14:3",
            &[
                "stretch `knee-hug`",
                "field `aeras`",
                "unknown field; expected one of: id, name",
                "(did you mean `areas`?)",
            ],
        );
        // and without it the stretch has no areas
        assert_contains(
            line_with(&err, ":12:3: "),
            &["field `areas`", "missing", "body areas"],
        );
        assert_contains(&err, &["2 problems"]);
    }

    #[test]
    fn unknown_area() {
        rejects(
            "unknown-area.yaml",
            "14:23",
            &[
                "stretch `knee-hug`",
                "field `areas`",
                "unknown area `hip`",
                "expected one of: neck, shoulders",
                "full-body",
                "(did you mean `hips`?)",
            ],
        );
    }

    #[test]
    fn unknown_position() {
        rejects(
            "unknown-position.yaml",
            "15:13",
            &[
                "stretch `knee-hug`",
                "field `position`",
                "unknown position `flor`",
                "expected one of: floor, standing, seated, kneeling, wall, bed",
                "(did you mean `floor`?)",
            ],
        );
    }

    #[test]
    fn unknown_level() {
        rejects(
            "unknown-level.yaml",
            "16:10",
            &[
                "stretch `knee-hug`",
                "field `level`",
                "unknown level `moderat`",
                "expected one of: gentle, moderate, deep",
                "(did you mean `moderate`?)",
            ],
        );
    }

    #[test]
    fn unknown_load() {
        rejects(
            "unknown-load.yaml",
            "17:23",
            &[
                "stretch `knee-hug`",
                "field `loads`",
                "unknown joint `knee`",
                "expected one of: knees, wrists, neck, lower-back, shoulders, ankles",
                "(did you mean `knees`?)",
            ],
        );
    }

    #[test]
    fn unknown_sides_value() {
        rejects(
            "unknown-sides.yaml",
            "18:10",
            &[
                "stretch `knee-hug`",
                "field `sides`",
                "`alternate`",
                "expected one of: both, each, alternating",
                "(did you mean `alternating`?)",
            ],
        );
    }

    #[test]
    fn id_not_kebab_case_gets_a_spelling() {
        rejects(
            "id-not-kebab.yaml",
            "12:7",
            &[
                "stretch `Knee_Hug`",
                "field `id`",
                "not kebab-case (lowercase words joined by hyphens)",
                "try `knee-hug`",
            ],
        );
    }

    #[test]
    fn duplicate_id_names_the_first_line() {
        rejects(
            "duplicate-id.yaml",
            "12:7",
            &[
                "stretch `heel-drop`",
                "field `id`",
                "duplicate id",
                "already defined at line 2",
            ],
        );
    }

    #[test]
    fn missing_dose() {
        rejects(
            "missing-dose.yaml",
            "12:3",
            &[
                "stretch `knee-hug`",
                "field `hold`",
                "missing; expected a dose",
                "`reps: 10` with `tempo: 4s`",
            ],
        );
    }

    #[test]
    fn hold_and_reps_together() {
        rejects(
            "hold-and-reps.yaml",
            "20:9",
            &[
                "stretch `knee-hug`",
                "field `reps`",
                "either `hold` or `reps`, not both",
            ],
        );
    }

    #[test]
    fn reps_without_tempo_or_breath() {
        rejects(
            "reps-without-pace.yaml",
            "12:3",
            &[
                "stretch `knee-hug`",
                "field `tempo`",
                "missing; expected the time per rep (`tempo: 4s`)",
                "breath: {in: 3s, out: 3s}",
            ],
        );
    }

    #[test]
    fn zero_duration() {
        rejects(
            "zero-duration.yaml",
            "19:9",
            &[
                "stretch `knee-hug`",
                "field `hold`",
                "a duration of zero; expected at least 1s",
            ],
        );
    }

    #[test]
    fn unparsable_duration() {
        rejects(
            "unparsable-duration.yaml",
            "19:9",
            &[
                "stretch `knee-hug`",
                "field `hold`",
                "cannot read `30sec` as a duration",
                "like `30s`, `1m` or `1m30s`",
            ],
        );
    }

    #[test]
    fn duration_over_thirty_minutes() {
        rejects(
            "duration-too-long.yaml",
            "19:9",
            &[
                "stretch `knee-hug`",
                "field `hold`",
                "31m is longer than the 30 minute limit",
                "split a long hold into sets",
            ],
        );
    }

    #[test]
    fn reps_over_two_hundred() {
        rejects(
            "too-many-reps.yaml",
            "9:9",
            &[
                "stretch `heel-drop`",
                "field `reps`",
                "201 is out of range; expected a whole number from 1 to 200",
            ],
        );
    }

    #[test]
    fn sets_over_ten() {
        rejects(
            "too-many-sets.yaml",
            "20:9",
            &[
                "stretch `knee-hug`",
                "field `sets`",
                "11 is out of range; expected a whole number from 1 to 10",
            ],
        );
    }

    #[test]
    fn empty_areas() {
        rejects(
            "empty-areas.yaml",
            "14:10",
            &[
                "stretch `knee-hug`",
                "field `areas`",
                "empty list; name at least one body area",
                "areas are: neck,",
            ],
        );
    }

    #[test]
    fn escape_sequence_in_a_text_field() {
        let err = rejects(
            "escape-sequence.yaml",
            "22:7",
            &[
                "stretch `knee-hug`",
                "field `cues`",
                "control character '\\u{1b}'",
                "only plain printable text is allowed",
            ],
        );
        assert!(!err.contains('\u{1b}'), "the escape reached the terminal");
    }

    #[test]
    fn raw_control_character_is_reported_at_its_line() {
        // The ESC byte is on line 22; the YAML reader's own error names "position 404".
        let home = Home::new();
        let path = fixture("stretches/raw-control-character.yaml");
        let err = home.fails(&["check", &path], 1);
        assert_contains(&err, &[&format!("{path}:22:"), "control character"]);
        assert!(!err.contains('\u{1b}'), "the escape reached the terminal");
    }

    #[test]
    fn messages_never_echo_control_characters() {
        let home = Home::new();
        let file = home.write(
            "inject.yaml",
            "- id: knee-hug\n  name: Knee Hug\n  areas: [\"\\e]0;owned\\a\"]\n  position: \"\\e[2J\"\n  level: gentle\n  \"\\e[31mred\": 1\n  hold: 30s\n",
        );
        let err = home.fails(&["check", s(&file)], 1);
        assert_eq!(err.lines().count(), 4, "{err}");
        assert!(
            !err.chars().any(|c| c.is_control() && c != '\n'),
            "control characters reach the terminal: {err:?}"
        );
    }

    #[test]
    fn yaml_syntax_error_names_the_line() {
        // The `[` on line 14 is never closed; the reader notices on the next line, and the
        // hint names the `[` still open there.
        let home = Home::new();
        let path = fixture("stretches/syntax-error.yaml");
        let err = home.fails(&["check", &path], 1);
        let line = line_with(&err, "this is not valid YAML");
        assert!(
            line.contains(&format!("{path}:14:")) || line.contains(&format!("{path}:15:")),
            "{line}"
        );
        assert_contains(line, &["is the `[` at line 14, column 10 closed?"]);
    }

    #[test]
    fn file_that_is_not_utf8_names_the_line() {
        let home = Home::new();
        let path = fixture("stretches/latin-1.yaml");
        let err = home.fails(&["check", &path], 1);
        assert_contains(
            line_with(&err, &format!("{path}:13:24: ")),
            &["not UTF-8", "save it as UTF-8"],
        );
    }

    #[test]
    fn file_over_one_megabyte_is_refused_quickly() {
        let home = Home::new();
        let mut text = String::from(OWN_STRETCH);
        while text.len() <= 1024 * 1024 {
            text.push_str("# padding padding padding padding padding padding padding padding\n");
        }
        let file = home.write("big.yaml", &text);
        let t = Instant::now();
        let err = home.fails(&["check", s(&file)], 1);
        assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
        assert_contains(
            &err,
            &[
                &format!("{}: ", file.display()),
                "larger than 1 MB",
                "split the library into several files",
            ],
        );
        // a file just under the limit is read
        text.truncate(1000 * 1000);
        let end = text.rfind('\n').unwrap() + 1;
        text.truncate(end);
        let file = home.write("almost.yaml", &text);
        assert_contains(&home.ok(&["check", s(&file)]), &["no problems"]);
    }

    #[test]
    fn deeply_nested_files_are_refused_without_a_crash() {
        let home = Home::new();
        let shapes = [
            "[".repeat(10_000),
            "{a: ".repeat(10_000),
            format!("{}x\n", "- ".repeat(10_000)),
        ];
        for (i, text) in shapes.iter().enumerate() {
            let file = home.write(&format!("nested-{i}.yaml"), text);
            let t = Instant::now();
            let err = home.fails(&["check", s(&file)], 1);
            assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
            assert_contains(&err, &[&format!("{}:1:", file.display()), "not valid YAML"]);
            assert!(!err.contains("panicked"), "{err}");
        }
    }

    #[test]
    fn alias_bomb_is_refused() {
        let home = Home::new();
        let mut text = String::from("- &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let p = format!("*a{}", i - 1);
            let row = [p.as_str(); 10].join(", ");
            text.extend(["- &a", &i.to_string(), " [", &row, "]\n"]);
        }
        let file = home.write("bomb.yaml", &text);
        let t = Instant::now();
        let err = home.fails(&["check", s(&file)], 1);
        assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
        assert_contains(&err, &["bomb.yaml", "not valid YAML"]);
    }

    #[test]
    fn empty_file() {
        let home = Home::new();
        let path = fixture("stretches/empty.yaml");
        let err = home.fails(&["check", &path], 1);
        assert_contains(
            line_with(&err, &format!("{path}: ")),
            &[
                "the file is empty",
                "expected a list of stretches (`- id: ...`)",
            ],
        );
    }

    #[test]
    fn mapping_without_steps() {
        let home = Home::new();
        let path = fixture("stretches/no-steps.yaml");
        let err = home.fails(&["check", &path], 1);
        assert_contains(
            line_with(&err, &format!("{path}:1:1: ")),
            &["field `steps`: missing", "expected a list of steps"],
        );
    }

    #[test]
    fn every_problem_of_a_file_is_reported() {
        let home = Home::new();
        let path = fixture("stretches/several-problems.yaml");
        let err = home.fails(&["check", &path], 1);
        let found: Vec<&str> = err.lines().filter(|l| l.contains(&path)).collect();
        assert_eq!(found.len(), 8, "{err}");
        for (at, what) in [
            ("3:3", "field `nmae`: unknown field"),
            ("2:3", "field `name`: missing"),
            ("4:11", "unknown area `calf`"),
            ("10:10", "field `tempo`: a duration of zero"),
            ("12:7", "`KneeHug` is not kebab-case"),
            ("15:13", "unknown position `couch`"),
            ("19:9", "cannot read `45 seconds`"),
            ("20:9", "0 is out of range"),
        ] {
            assert_contains(line_with(&err, &format!("{path}:{at}: ")), &[what]);
        }
        assert_contains(err.lines().last().unwrap(), &["8 problems"]);
    }

    #[test]
    fn problems_in_several_files_are_all_reported() {
        let home = Home::new();
        let a = fixture("stretches/unknown-area.yaml");
        let b = fixture("stretches/zero-duration.yaml");
        let c = fixture("routines/unknown-stretch.yaml");
        let err = home.fails(&["check", &a, &b, &c], 1);
        assert_contains(
            &err,
            &[
                &format!("{a}:14:23:"),
                &format!("{b}:19:9:"),
                &format!("{c}:5:14:"),
                "3 problems in 3 files",
            ],
        );
    }

    #[test]
    fn every_fixture_is_rejected_and_nothing_panics() {
        let home = Home::new();
        let dir = repo("tests/fixtures/stretches");
        let mut n = 0;
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let r = home.run(&["check", s(&path)]);
            assert_eq!(r.code, Some(1), "{}: {r:#?}", path.display());
            assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
            n += 1;
        }
        assert!(n >= 20, "only {n} fixtures");
    }
}

mod user_files {
    use super::*;

    /// Every command but `check`, with a run that lasts four seconds.
    fn commands() -> Vec<Vec<String>> {
        [
            &["list"][..],
            &["show", "cat-cow"],
            &["areas"],
            &["routines"],
            &["plan", "morning"],
            &["run", &fixture("routines/four-seconds.yaml"), "--plain"],
            &["build", "--area", "hips", "--minutes", "5"],
        ]
        .iter()
        .map(|a| a.iter().map(ToString::to_string).collect())
        .collect()
    }

    #[test]
    fn a_broken_user_stretch_file_is_a_warning_and_fails_check() {
        let home = Home::new();
        let bad = home.write(
            "config/supple/stretches/mine.yaml",
            fs::read(fixture("stretches/unknown-area.yaml")).unwrap(),
        );
        let at = format!("{}:14:23: ", bad.display());
        for args in commands() {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let r = home.run(&args);
            assert_eq!(r.code, Some(0), "{args:?}: {r:#?}");
            let line = line_with(&r.stderr, &at);
            assert_contains(
                line,
                &["warning: ", "unknown area `hip`", "(did you mean `hips`?)"],
            );
            assert_eq!(r.stderr.matches(&at).count(), 1, "once: {}", r.stderr);
        }
        let err = home.fails(&["check"], 1);
        assert_contains(
            line_with(&err, &at),
            &["unknown area `hip`", "(did you mean `hips`?)"],
        );
        assert!(!line_with(&err, &at).contains("warning"), "{err}");
    }

    #[test]
    fn a_broken_user_routine_file_is_a_warning_and_fails_check() {
        let home = Home::new();
        let bad = home.write(
            "config/supple/routines/typo.yaml",
            fs::read(fixture("routines/unknown-stretch.yaml")).unwrap(),
        );
        let at = format!("{}:5:14: ", bad.display());
        // A good routine beside it, by name, runs (quickly).
        home.write(
            "config/supple/routines/quick.yaml",
            fs::read(fixture("routines/four-seconds.yaml")).unwrap(),
        );
        for args in [
            &["routines"][..],
            &["routines", "--json"],
            &["plan", "morning"],
            &["run", "quick", "--plain"],
        ] {
            let r = home.run(args);
            assert_eq!(r.code, Some(0), "{args:?}: {r:#?}");
            assert_contains(
                line_with(&r.stderr, &at),
                &[
                    "warning: ",
                    "unknown stretch `cat-cwo`",
                    "(did you mean `cat-cow`?)",
                ],
            );
            assert_eq!(r.stderr.matches(&at).count(), 1, "once: {}", r.stderr);
        }
        let err = home.fails(&["check"], 1);
        assert_contains(
            line_with(&err, &at),
            &["unknown stretch `cat-cwo`", "(did you mean `cat-cow`?)"],
        );
        // `list` reads no routine, so it has nothing to say about one
        let r = home.run(&["list"]);
        assert_eq!(r.code, Some(0), "{r:#?}");
        assert!(r.stderr.is_empty(), "{r:#?}");
    }

    #[test]
    fn a_broken_config_file_stops_the_commands_that_read_it() {
        let home = Home::new();
        let config = home.write("config/supple/config.yaml", "prepare: 5s\nbel: false\n");
        let at = format!("{}:2:1: ", config.display());
        for args in [
            &["plan", "morning"][..],
            &["routines"],
            &["run", "morning", "--plain"],
            &["build", "--area", "hips", "--minutes", "5"],
            &["check"],
        ] {
            let err = home.fails(args, 1);
            assert_contains(
                line_with(&err, &at),
                &["field `bel`: unknown field", "(did you mean `bell`?)"],
            );
        }
    }

    #[test]
    fn library_folder_adds_stretches_before_or_after_the_command() {
        let home = Home::new();
        let dir = home.root.join("extra");
        home.write("extra/calves.yaml", OWN_STRETCH);
        let plain = home.ok(&["list"]);
        assert!(!plain.contains("towel-calf-pull"));
        for args in [
            &["--library", s(&dir), "list"][..],
            &["list", "--library", s(&dir)],
            &["list", "--area", "calves", "--library", s(&dir)],
        ] {
            assert_contains(&home.ok(args), &["towel-calf-pull"]);
        }
        let shown = home.ok(&["show", "towel-calf-pull", "--library", s(&dir)]);
        assert_contains(
            &shown,
            &[
                "Towel Calf Pull  (towel-calf-pull)",
                "towel",
                "calves.yaml:1",
            ],
        );
        let list: Value = home.json(&["--library", s(&dir), "list", "--json"]);
        let mine = list
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == "towel-calf-pull")
            .unwrap();
        assert_eq!(mine["source"], "user");
        // and a routine can use it
        let routine = home.write(
            "calves-routine.yaml",
            "name: calves\nsteps:\n  - stretch: towel-calf-pull\n",
        );
        home.ok(&["plan", s(&routine), "--library", s(&dir)]);
        let err = home.fails(&["plan", s(&routine)], 1);
        assert_contains(&err, &["unknown stretch `towel-calf-pull`"]);
    }

    #[test]
    fn library_folder_that_does_not_exist_is_an_error() {
        let home = Home::new();
        let err = home.fails(&["list", "--library", "no-such-folder"], 1);
        assert_contains(&err, &["no-such-folder", "no such folder"]);
    }

    #[test]
    fn a_user_stretch_with_a_built_in_id_replaces_it() {
        let home = Home::new();
        let mine = home.write(
            "config/supple/stretches/mine.yaml",
            "- id: cat-cow\n  name: My Cat-Cow\n  areas: [lower-back]\n  position: floor\n  level: gentle\n  reps: 5\n  tempo: 6s\n",
        );
        let shown = home.ok(&["show", "cat-cow"]);
        assert_contains(
            &shown,
            &[
                "My Cat-Cow  (cat-cow)",
                &format!("from {}:1", mine.display()),
                "replaces the stretch `cat-cow` from <built-in>/stretches/",
            ],
        );
        let list = home.json(&["list", "--json"]);
        let cows: Vec<&Value> = list
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["id"] == "cat-cow")
            .collect();
        assert_eq!(cows.len(), 1);
        assert_eq!(cows[0]["name"], "My Cat-Cow");
        assert_eq!(cows[0]["source"], "user");
        // the built-in routines pick up the user's version
        let plan = home.json(&["plan", "lower-back", "--json"]);
        let cat_cow: Vec<&Value> = plan["phases"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["stretch"] == "cat-cow" && p["kind"] == "work")
            .collect();
        assert_eq!(cat_cow[0]["reps"], 5);
        assert_eq!(cat_cow[0]["seconds"], 30);
    }

    #[test]
    fn user_routines_are_listed_as_user() {
        let home = Home::new();
        home.write(
            "config/supple/routines/mine.yaml",
            "name: mine\ndescription: Just one.\nsteps:\n  - stretch: childs-pose\n",
        );
        let list = home.json(&["routines", "--json"]);
        let mine = list
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == "mine")
            .expect("the user routine");
        assert_eq!(mine["source"], "user");
        assert_eq!(mine["description"], "Just one.");
        assert_eq!(mine["areas"][0], "lower-back");
        let plan = home.json(&["plan", "mine", "--json"]);
        assert_eq!(plan["total_seconds"], mine["total_seconds"]);
    }

    #[test]
    fn check_with_no_paths_passes_on_a_clean_home() {
        let home = Home::new();
        let out = home.ok(&["check"]);
        assert_contains(&out, &["no problems", "5 routines"]);
    }

    #[test]
    fn check_reads_the_user_folders_and_reports_them_ok() {
        let home = Home::new();
        home.write("config/supple/stretches/calves.yaml", OWN_STRETCH);
        home.write(
            "config/supple/routines/calves.yaml",
            "name: calves\nsteps:\n  - stretch: towel-calf-pull\n",
        );
        home.write("config/supple/config.yaml", "prepare: 5s\nbell: false\n");
        let out = home.ok(&["check"]);
        assert_contains(
            &out,
            &[
                "calves.yaml (1 stretch)",
                "(routine `calves`",
                "config.yaml (settings)",
                "no problems",
            ],
        );
        // the config folder as a path: its stretches/ and routines/ too
        let out = home.ok(&["check", s(&home.config())]);
        assert_contains(&out, &["(routine `calves`", "no problems"]);
    }

    #[test]
    fn check_resolves_a_routine_against_stretch_files_checked_with_it() {
        let home = Home::new();
        let lib = home.write("mine/calves.yaml", OWN_STRETCH);
        let routine = home.write(
            "mine/routine.yaml",
            "name: calves\nsteps:\n  - stretch: towel-calf-pull\n",
        );
        home.ok(&["check", s(&lib), s(&routine)]);
        let err = home.fails(&["check", s(&routine)], 1);
        assert_contains(&err, &["unknown stretch `towel-calf-pull`"]);
    }
}

mod routines {
    use super::*;

    fn rejects(name: &str, at: &str, needles: &[&str]) {
        let home = Home::new();
        let path = fixture(&format!("routines/{name}"));
        let err = home.fails(&["check", &path], 1);
        assert_contains(line_with(&err, &format!("{path}:{at}: ")), needles);
        for args in [&["plan", &path][..], &["run", &path, "--plain"]] {
            let err = home.fails(args, 1);
            assert_contains(line_with(&err, &format!("{path}:{at}: ")), needles);
        }
        assert!(!home.history_file().exists());
    }

    #[test]
    fn unknown_stretch_suggests_the_closest() {
        rejects(
            "unknown-stretch.yaml",
            "5:14",
            &[
                "routine `typo`, step 2, field `stretch`",
                "unknown stretch `cat-cwo`",
                "(did you mean `cat-cow`?)",
            ],
        );
    }

    #[test]
    fn empty_steps() {
        rejects(
            "empty-steps.yaml",
            "3:8",
            &[
                "routine `nothing`, field `steps`",
                "the routine has no steps",
            ],
        );
    }

    #[test]
    fn unknown_field_in_a_step() {
        rejects(
            "unknown-step-field.yaml",
            "4:5",
            &[
                "step 1, field `hodl`",
                "unknown field; expected one of: stretch, hold, reps, tempo, sets",
                "(did you mean `hold`?)",
            ],
        );
    }

    #[test]
    fn reps_override_on_a_hold_stretch() {
        rejects(
            "reps-on-hold.yaml",
            "5:11",
            &[
                "step 2, field `reps`",
                "this stretch is a hold, so `reps` does not apply",
                "override `hold` or `sets` instead",
            ],
        );
    }

    #[test]
    fn zero_rest() {
        rejects(
            "zero-rest.yaml",
            "3:7",
            &["field `rest`", "a duration of zero; expected at least 1s"],
        );
    }

    #[test]
    fn check_suggests_steps_for_a_misspelled_routine_field() {
        let home = Home::new();
        let file = home.write("typo.yaml", "name: typo\nstpes:\n  - stretch: cat-cow\n");
        // `plan` says it well ...
        let err = home.fails(&["plan", s(&file)], 1);
        assert_contains(
            line_with(&err, &format!("{}:2:1: ", file.display())),
            &["field `stpes`", "(did you mean `steps`?)"],
        );
        // ... and `check` should say the same
        let err = home.fails(&["check", s(&file)], 1);
        assert_contains(
            line_with(&err, &format!("{}:2:1: ", file.display())),
            &["field `stpes`", "(did you mean `steps`?)"],
        );
    }

    #[test]
    fn unknown_routine_name_suggests_the_closest() {
        let home = Home::new();
        let err = home.fails(&["plan", "mornin"], 1);
        assert_contains(
            &err,
            &["unknown routine `mornin`", "did you mean `morning`?"],
        );
        let err = home.fails(&["run", "nothing-like-it", "--plain"], 1);
        assert_contains(&err, &["unknown routine", "`supple routines` lists them"]);
        let err = home.fails(&["plan", "missing.yaml"], 1);
        assert_contains(&err, &["missing.yaml", "no such file"]);
    }

    const BUILT_IN: &[&str] = &["morning", "lower-back", "desk", "evening", "post-run"];

    /// Checks the shape of a plan and returns the ids of its stretches, in order.
    fn check_plan(name: &str, plan: &Value) -> Vec<String> {
        let phases = plan["phases"].as_array().expect("phases");
        assert!(!phases.is_empty(), "{name}: no phases");
        let total = plan["total_seconds"].as_u64().expect("total_seconds");
        let mut at = 0;
        let mut ids: Vec<String> = Vec::new();
        for p in phases {
            let kind = p["kind"].as_str().unwrap();
            assert!(
                ["prepare", "work", "switch", "rest"].contains(&kind),
                "{name}: kind {kind}"
            );
            assert_eq!(p["start_seconds"].as_u64(), Some(at), "{name}: gap at {p}");
            let secs = p["seconds"].as_u64().unwrap();
            assert!(secs > 0, "{name}: empty phase {p}");
            at += secs;
            let id = p["stretch"].as_str().unwrap().to_string();
            if kind == "prepare" {
                ids.push(id);
            }
        }
        let last = phases.last().unwrap();
        assert_eq!(
            last["start_seconds"].as_u64().unwrap() + last["seconds"].as_u64().unwrap(),
            total
        );
        assert_eq!(at, total, "{name}: the phases add up to the total");
        assert_eq!(phases[0]["kind"], "prepare");
        assert_ne!(last["kind"], "rest", "{name}: no rest after the last step");
        ids
    }

    #[test]
    fn every_built_in_routine_plans_exactly() {
        let home = Home::new();
        let list = home.json(&["routines", "--json"]);
        let list = list.as_array().expect("an array");
        let names: Vec<&str> = list.iter().map(|r| r["name"].as_str().unwrap()).collect();
        assert_eq!(names, BUILT_IN);
        for r in list {
            let obj = r.as_object().unwrap();
            let keys: BTreeSet<&str> = obj.keys().map(String::as_str).collect();
            assert_eq!(
                keys,
                BTreeSet::from([
                    "name",
                    "description",
                    "source",
                    "path",
                    "total_seconds",
                    "areas"
                ])
            );
            assert_eq!(r["source"], "built-in");
            assert!(r["description"].as_str().is_some_and(|d| !d.is_empty()));
            assert!(
                Path::new(r["path"].as_str().unwrap())
                    .extension()
                    .is_some_and(|x| x == "yaml")
            );
            assert!(!r["areas"].as_array().unwrap().is_empty());
            let name = r["name"].as_str().unwrap();
            let plan = home.json(&["plan", name, "--json"]);
            assert_eq!(plan["name"], name);
            check_plan(name, &plan);
            assert_eq!(
                plan["total_seconds"], r["total_seconds"],
                "{name}: `routines` and `plan` agree"
            );
        }
    }

    #[test]
    fn morning_and_lower_back_have_their_length_and_stretches() {
        let home = Home::new();
        for (name, min, max, required) in [
            ("morning", 270, 330, &["cat-cow"][..]),
            (
                "lower-back",
                540,
                660,
                &["childs-pose", "cat-cow", "knee-to-chest"],
            ),
        ] {
            let plan = home.json(&["plan", name, "--json"]);
            let total = plan["total_seconds"].as_u64().unwrap();
            assert!((min..=max).contains(&total), "{name}: {total} s");
            let ids = check_plan(name, &plan);
            for id in required {
                assert!(ids.iter().any(|i| i == id), "{name} lacks {id}: {ids:?}");
            }
        }
    }

    #[test]
    fn desk_routine_stays_off_the_floor() {
        let home = Home::new();
        let list = home.json(&["list", "--json"]);
        let position: BTreeMap<&str, &str> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["id"].as_str().unwrap(), s["position"].as_str().unwrap()))
            .collect();
        let plan = home.json(&["plan", "desk", "--json"]);
        let ids = check_plan("desk", &plan);
        assert!(ids.len() >= 4);
        for id in &ids {
            let p = position[id.as_str()];
            assert!(
                !["floor", "kneeling", "bed"].contains(&p),
                "desk: {id} is done on the {p}"
            );
        }
    }

    #[test]
    fn where_a_gap_comes_from_flag_then_file_then_config_then_default() {
        let home = Home::new();
        let prepare_of = |args: &[&str]| -> Vec<u64> {
            let plan = home.json(args);
            plan["phases"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|p| p["kind"] == "prepare")
                .map(|p| p["seconds"].as_u64().unwrap())
                .collect()
        };
        let bare = home.write(
            "bare.yaml",
            "name: bare\nsteps:\n  - stretch: childs-pose\n  - stretch: cat-cow\n",
        );
        let own = home.write(
            "own.yaml",
            "name: own\nprepare: 2s\nsteps:\n  - stretch: childs-pose\n  - stretch: cat-cow\n",
        );
        assert_eq!(prepare_of(&["plan", s(&bare), "--json"]), [10, 10]);
        home.write("config/supple/config.yaml", "prepare: 7s\n");
        assert_eq!(prepare_of(&["plan", s(&bare), "--json"]), [7, 7]);
        assert_eq!(prepare_of(&["plan", s(&own), "--json"]), [2, 2]);
        assert_eq!(
            prepare_of(&["plan", s(&own), "--json", "--prepare", "3s"]),
            [3, 3]
        );
    }

    #[test]
    fn plan_card_shows_the_total() {
        let home = Home::new();
        let card = home.ok(&["plan", &fixture("routines/four-seconds.yaml")]);
        assert_contains(
            &card,
            &[
                "four seconds · 0:04 · 1 stretch\n",
                "Knee-to-Chest",
                "total 0:04",
            ],
        );
    }

    #[test]
    fn check_and_plan_agree_on_the_total() {
        let home = Home::new();
        home.write("config/supple/config.yaml", "prepare: 30s\n");
        let file = home.write(
            "bare.yaml",
            "name: bare\nsteps:\n  - stretch: childs-pose\n",
        );
        let plan = home.json(&["plan", s(&file), "--json"]);
        assert_eq!(plan["total_seconds"], 90);
        let out = home.ok(&["check", s(&file)]);
        assert_contains(&out, &["(routine `bare`, 1:30)"]);
    }
}

mod library {
    use super::*;

    const SEED: &[&str] = &[
        "childs-pose",
        "cat-cow",
        "seated-forward-fold",
        "knee-to-chest",
        "pigeon-pose",
        "lizard-pose",
        "thoracic-extension",
        "wall-angels",
        "dead-bug",
        "bird-dog",
        "glute-bridge",
        "standing-hip-circles",
        "leg-swings",
    ];

    const AREAS: &[&str] = &[
        "neck",
        "shoulders",
        "chest",
        "upper-back",
        "lower-back",
        "core",
        "hip-flexors",
        "glutes",
        "hips",
        "hamstrings",
        "quadriceps",
        "calves",
        "ankles",
        "wrists",
        "full-body",
    ];

    #[test]
    fn list_json_holds_the_whole_library() {
        let home = Home::new();
        let list = home.json(&["list", "--json"]);
        let list = list.as_array().unwrap();
        assert!(list.len() >= 35, "{} stretches", list.len());
        let ids: BTreeSet<&str> = list.iter().map(|s| s["id"].as_str().unwrap()).collect();
        assert_eq!(ids.len(), list.len(), "ids are unique");
        for id in SEED {
            assert!(ids.contains(id), "the seed stretch {id} is missing");
        }
        let mut areas = BTreeSet::new();
        for s in list {
            for field in [
                "id", "name", "areas", "position", "level", "loads", "sides", "dose",
            ] {
                assert!(s.get(field).is_some(), "{} lacks {field}", s["id"]);
            }
            assert_eq!(s["source"], "built-in");
            let own: Vec<&str> = s["areas"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a.as_str().unwrap())
                .collect();
            assert!(!own.is_empty());
            areas.extend(own);
            assert!(["hold", "reps"].contains(&s["dose"]["kind"].as_str().unwrap()));
        }
        for a in AREAS {
            assert!(areas.contains(a), "no stretch works {a}");
        }
        assert_eq!(areas.len(), AREAS.len());
    }

    #[test]
    fn list_fits_eighty_columns() {
        let home = Home::new();
        let out = home.ok(&["list"]);
        assert!(out.lines().count() > 35);
        for line in out.lines() {
            assert!(
                line.chars().count() <= 80,
                "{} chars: {line}",
                line.chars().count()
            );
        }
        assert_contains(&out, &["stretches · `supple show ID` shows one in full"]);
    }

    #[test]
    fn list_fits_eighty_columns_with_long_user_entries() {
        let home = Home::new();
        home.write(
            "config/supple/stretches/long.yaml",
            "- id: an-unusually-long-identifier-for-a-stretch\n  name: Long\n  areas: [hip-flexors]\n  position: floor\n  level: moderate\n  sides: each\n  hold: 30m\n  sets: 10\n",
        );
        let out = home.ok(&["list"]);
        for line in out.lines() {
            assert!(
                line.chars().count() <= 80,
                "{} chars: {line}",
                line.chars().count()
            );
        }
    }

    #[test]
    fn area_and_avoid_filter_the_list() {
        let home = Home::new();
        let list = home.json(&["list", "--area", "hips", "--avoid", "knees", "--json"]);
        let list = list.as_array().unwrap();
        assert!(!list.is_empty());
        for s in list {
            let areas = s["areas"].as_array().unwrap();
            assert!(areas.iter().any(|a| a == "hips"), "{}", s["id"]);
            let loads = s["loads"].as_array().unwrap();
            assert!(
                !loads.iter().any(|j| j == "knees"),
                "{} loads knees",
                s["id"]
            );
        }
        // and the table agrees with the JSON
        let table = home.ok(&["list", "--area", "hips", "--avoid", "knees"]);
        assert_contains(&table, &[&format!("{} stretches", list.len())]);
        // without --avoid there are more
        let all = home.json(&["list", "--area", "hips", "--json"]);
        assert!(all.as_array().unwrap().len() > list.len());
    }

    #[test]
    fn show_prints_one_stretch_in_full() {
        let home = Home::new();
        let out = home.ok(&["show", "cat-cow"]);
        assert_contains(
            &out,
            &[
                "(cat-cow)",
                "areas",
                "lower-back (primary)",
                "position",
                "floor",
                "breathing",
                "from <built-in>/stretches/",
            ],
        );
        assert!(!out.contains("replaces"));
    }

    #[test]
    fn show_unknown_id_suggests() {
        let home = Home::new();
        let err = home.fails(&["show", "nope"], 1);
        assert_contains(
            &err,
            &[
                "unknown stretch `nope`",
                "`supple list` shows every stretch",
            ],
        );
        let err = home.fails(&["show", "cat-cwo"], 1);
        assert_contains(
            &err,
            &["unknown stretch `cat-cwo`", "(did you mean `cat-cow`?)"],
        );
    }

    #[test]
    fn areas_lists_all_fifteen_with_counts() {
        let home = Home::new();
        let out = home.ok(&["areas"]);
        for a in AREAS {
            let line = out
                .lines()
                .find(|l| l.split_whitespace().next() == Some(a))
                .unwrap_or_else(|| panic!("{a} missing:\n{out}"));
            let counts: Vec<u32> = line
                .split_whitespace()
                .skip(1)
                .map(|n| n.parse().unwrap())
                .collect();
            assert_eq!(counts.len(), 2, "{line}");
            assert!(counts[1] >= 1 && counts[1] >= counts[0], "{line}");
        }
    }
}

mod usage {
    use super::*;

    #[test]
    fn unknown_flag_exits_2() {
        let home = Home::new();
        let err = home.fails(&["list", "--bogus"], 2);
        assert_contains(&err, &["--bogus"]);
        home.fails(&["--bogus"], 2);
        home.fails(&["dance"], 2);
    }

    #[test]
    fn unknown_area_flag_suggests() {
        let home = Home::new();
        for args in [
            &["list", "--area", "hip"][..],
            &["run", "--area", "hip", "--minutes", "5"],
            &["build", "--area", "hip", "--minutes", "5"],
        ] {
            let err = home.fails(args, 2);
            assert_contains(&err, &["unknown area `hip`", "did you mean `hips`?"]);
        }
        let err = home.fails(&["list", "--avoid", "knee"], 2);
        assert_contains(&err, &["unknown joint `knee`", "did you mean `knees`?"]);
    }

    #[test]
    fn run_needs_a_routine_or_areas() {
        let home = Home::new();
        let err = home.fails(&["run"], 2);
        assert_contains(&err, &["name a routine", "--area AREA --minutes N"]);
        let err = home.fails(&["run", "morning", "--area", "hips"], 2);
        assert_contains(&err, &["without a routine name"]);
        let err = home.fails(&["build", "--minutes", "5"], 2);
        assert_contains(&err, &["--area AREA"]);
    }

    #[test]
    fn bad_times_on_the_command_line_exit_2() {
        let home = Home::new();
        let err = home.fails(&["plan", "morning", "--prepare", "0s"], 2);
        assert_contains(&err, &["zero"]);
        let err = home.fails(&["plan", "morning", "--rest", "31m"], 2);
        assert_contains(&err, &["30 minute"]);
        let err = home.fails(&["plan", "morning", "--switch", "soon"], 2);
        assert_contains(&err, &["soon"]);
        home.fails(&["build", "--area", "hips", "--minutes", "0"], 2);
    }
}

mod plain_runner {
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
                "[00:04] Done: four seconds, 0:04 stretched.",
            ],
        );
        assert_eq!(stdout.lines().last(), found.last().copied());
        let off = took.abs_diff(Duration::from_secs(4));
        assert!(
            off <= Duration::from_millis(200),
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
            &["streak 1 day", "four seconds", "done"],
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
        std::thread::sleep(Duration::from_millis(1500));
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
        let stdout = String::from_utf8_lossy(&out.stdout);
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
}

mod build {
    use super::*;

    #[test]
    fn writes_a_routine_that_checks_and_never_overwrites() {
        let home = Home::new();
        let file = home.root.join("routines/hips.yaml");
        let r = home.run(&["build", "--area", "hips", "--minutes", "10", "-o", s(&file)]);
        assert_eq!(r.code, Some(0), "{r:#?}");
        assert_contains(&r.stderr, &["wrote", "hips.yaml"]);
        let written = fs::read(&file).unwrap();
        let out = home.ok(&["check", s(&file)]);
        assert_contains(&out, &["(routine `hips`", "no problems"]);
        let plan = home.json(&["plan", s(&file), "--json"]);
        let total = plan["total_seconds"].as_u64().unwrap();
        assert!((540..=660).contains(&total), "{total} s for 10 minutes");
        let err = home.fails(
            &["build", "--area", "hips", "--minutes", "10", "-o", s(&file)],
            1,
        );
        assert_contains(&err, &["already exists"]);
        assert_eq!(fs::read(&file).unwrap(), written, "the file was changed");
    }

    #[test]
    fn prints_to_stdout_and_honours_avoid() {
        let home = Home::new();
        let yaml = home.ok(&[
            "build",
            "--area",
            "hips",
            "--area",
            "hamstrings",
            "--minutes",
            "8",
            "--avoid",
            "knees",
        ]);
        let file = home.write("built.yaml", &yaml);
        home.ok(&["check", s(&file)]);
        let list = home.json(&["list", "--json"]);
        let loads: BTreeMap<&str, Vec<&str>> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["id"].as_str().unwrap(),
                    s["loads"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|j| j.as_str().unwrap())
                        .collect(),
                )
            })
            .collect();
        let plan = home.json(&["plan", s(&file), "--json"]);
        for p in plan["phases"].as_array().unwrap() {
            let id = p["stretch"].as_str().unwrap();
            assert!(!loads[id].contains(&"knees"), "{id} loads the knees");
        }
    }
}

/// Damaged copies of the built-in files, fed to the parsers in process: no panic, and every
/// problem renders as a real message.
mod fuzz {
    use std::panic::{AssertUnwindSafe, catch_unwind};
    use supple::diag::Diagnostic;
    use supple::library::{Library, Source, parse_stretch_file};
    use supple::routine::parse_routine;
    use supple::settings::Settings;

    /// xorshift64*: small, fast and the same on every machine.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }
    }

    const TOKENS: &[&str] = &[
        ":",
        ": ",
        "-",
        "- ",
        "[",
        "]",
        "{",
        "}",
        ",",
        "#",
        "&a ",
        "*a",
        "!",
        "!!str ",
        "!!map ",
        "|",
        ">",
        "'",
        "\"",
        "?",
        "%",
        "@",
        "`",
        "\t",
        "\n",
        "  ",
        "---\n",
        "...\n",
        "\\",
        "\u{1b}[2J",
        "\u{0}",
        "\r",
        "é",
        "—",
        "\u{feff}",
        "\u{200b}",
        "~",
        "null",
        "1e400",
        "-1",
        "99999999999999999999",
        "0x1F",
        ".inf",
        "<<: *a",
        "0s",
        "31m",
        "1m30s",
    ];

    fn lines_of(bytes: &[u8]) -> Vec<Vec<u8>> {
        bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect()
    }

    fn damage(text: &str, rng: &mut Rng) -> String {
        let mut bytes = text.as_bytes().to_vec();
        for _ in 0..=rng.below(3) {
            let len = bytes.len();
            match rng.below(9) {
                0..=2 => {
                    let mut lines = lines_of(&bytes);
                    let n = lines.len();
                    let (i, j) = (rng.below(n), rng.below(n));
                    match rng.below(4) {
                        0 => {
                            lines.remove(i);
                        }
                        1 => {
                            let l = lines[i].clone();
                            lines.insert(j, l);
                        }
                        2 => lines.swap(i, j),
                        _ => {
                            // indent or dedent a line
                            if rng.below(2) == 0 {
                                lines[i].insert(0, b' ');
                                lines[i].insert(0, b' ');
                            } else {
                                let k = lines[i].iter().take(3).take_while(|&&b| b == b' ');
                                let k = k.count();
                                lines[i].drain(..k);
                            }
                        }
                    }
                    bytes = lines.join(&b'\n');
                }
                3 => {
                    let at = rng.below(len);
                    if let Some(b) = bytes.get_mut(at) {
                        *b ^= 1 << rng.below(8);
                    }
                }
                4 => {
                    let at = rng.below(len + 1);
                    let junk: Vec<u8> = (0..=rng.below(4)).map(|_| rng.next() as u8).collect();
                    bytes = [&bytes[..at], &junk[..], &bytes[at..]].concat();
                }
                5 | 6 => {
                    let at = rng.below(len + 1);
                    let token = TOKENS[rng.below(TOKENS.len())];
                    bytes = [&bytes[..at], token.as_bytes(), &bytes[at..]].concat();
                }
                7 => bytes.truncate(rng.below(len + 1)),
                _ => {
                    // replace a value after a colon with another line's value
                    let lines = lines_of(&bytes);
                    let from = &lines[rng.below(lines.len())];
                    if let Some(c) = from.iter().position(|&b| b == b':') {
                        let value = from[c..].to_vec();
                        let mut lines = lines.clone();
                        let i = rng.below(lines.len());
                        if let Some(d) = lines[i].iter().position(|&b| b == b':') {
                            lines[i].truncate(d);
                            lines[i].extend(value);
                        }
                        bytes = lines.join(&b'\n');
                    }
                }
            }
        }
        String::from_utf8_lossy(&bytes).into_owned()
    }

    fn check_diagnostics(what: &str, text: &str, name: &str, problems: &[Diagnostic]) {
        assert!(!problems.is_empty(), "{what}: an error with no problem");
        // as YAML counts them: \n, \r\n, a lone \r, and the Unicode line breaks
        let lines = 1 + text
            .replace("\r\n", "\n")
            .chars()
            .filter(|c| matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'))
            .count();
        for d in problems {
            let rendered = d.to_string();
            assert!(
                rendered.starts_with(name) && !d.message.trim().is_empty(),
                "{what}: a bare message {rendered:?} for:\n{text}"
            );
            if let Some(p) = d.pos {
                assert!(
                    p.line >= 1 && p.column >= 1 && p.line <= lines + 1,
                    "{what}: position {p:?} outside the {lines} lines: {rendered}"
                );
            }
        }
    }

    fn parse_all(text: &str, library: &Library) {
        let stretches = Source {
            name: "fuzz/stretches.yaml".into(),
            text: text.into(),
            builtin: false,
        };
        if let Err(problems) = parse_stretch_file(&stretches) {
            check_diagnostics("stretch file", text, &stretches.name, &problems);
        }
        let routine = Source {
            name: "fuzz/routine.yaml".into(),
            ..stretches.clone()
        };
        if let Err(problems) = parse_routine(&routine, library) {
            check_diagnostics("routine", text, &routine.name, &problems.0);
        }
        let config = Source {
            name: "fuzz/config.yaml".into(),
            ..stretches
        };
        if let Err(problems) = Settings::parse(&config) {
            check_diagnostics("config", text, &config.name, &problems.0);
        }
    }

    fn yaml_files(folder: &str) -> Vec<(String, String)> {
        let dir = super::repo(folder);
        let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .map(|p| {
                let text = std::fs::read_to_string(&p).unwrap();
                (p.display().to_string(), text)
            })
            .collect();
        files.sort();
        assert!(!files.is_empty(), "no YAML in {}", dir.display());
        files
    }

    const CONFIG: &str = "prepare: 10s\nswitch: 5s\nrest: 10s\npacer: {in: 4s, out: 6s}\nbell: true\ncue_command: [\"espeak-ng\", \"{text}\"]\ncolors: true\n";

    #[test]
    fn damaged_files_never_panic_and_always_explain() {
        let library = Library::builtin().expect("the built-in library");
        let mut inputs = yaml_files("stretches");
        inputs.extend(yaml_files("routines"));
        inputs.push(("config.yaml".into(), CONFIG.into()));
        let mut rng = Rng(0x5eed_c0de_2026_1126);
        let mut tried = 0;
        for (path, text) in &inputs {
            // the originals are fine
            let original = catch_unwind(AssertUnwindSafe(|| parse_all(text, &library)));
            assert!(original.is_ok(), "{path}: panicked undamaged");
            let copies = if path.contains("stretches") { 400 } else { 250 };
            for i in 0..copies {
                let damaged = damage(text, &mut rng);
                let result = catch_unwind(AssertUnwindSafe(|| parse_all(&damaged, &library)));
                if let Err(e) = result {
                    let why = e
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| e.downcast_ref::<&str>().map(ToString::to_string))
                        .unwrap_or_default();
                    panic!("{path}, copy {i}: {why}\n--- the damaged text ---\n{damaged}");
                }
                tried += 1;
            }
        }
        assert!(tried >= 3000, "{tried}");
    }
}

mod streams_and_children {
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
}

mod faults {
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

    /// Starts a long plain run, sends `signal` after a moment and returns the exit code and
    /// the last line printed.
    fn stop_with(home: &Home, signal: &str) -> (Option<i32>, String) {
        let file = fixture("routines/long-hold.yaml");
        let mut child = home
            .std_cmd()
            .args(["run", &file, "--plain"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(700));
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
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
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
}

mod finishing_touches {
    use super::*;

    #[test]
    fn completions_man_page_and_version() {
        let home = Home::new();
        let bash = home.ok(&["completions", "bash"]);
        assert!(bash.contains("_supple()"), "{bash}");
        assert!(bash.contains("routines"), "subcommands are completed");
        let zsh = home.ok(&["completions", "zsh"]);
        assert!(zsh.starts_with("#compdef supple"), "{zsh}");
        let man = home.ok(&["man"]);
        assert!(man.contains(".TH supple 1"), "{man}");
        assert!(man.contains("stretch"), "{man}");
        let version = home.ok(&["--version"]);
        assert_eq!(
            version.trim(),
            format!("supple {}", env!("CARGO_PKG_VERSION"))
        );
        home.fails(&["completions", "tcsh"], 2);
    }

    #[test]
    fn every_command_has_help_with_examples() {
        let home = Home::new();
        for command in ["run", "plan", "list", "show", "routines", "build", "check"] {
            let help = home.ok(&[command, "--help"]);
            assert!(
                help.contains("Example"),
                "`supple {command} --help` has no example:\n{help}"
            );
        }
        let top = home.ok(&["--help"]);
        assert_contains(&top, &["Examples:", "supple run morning", "--library"]);
    }

    #[test]
    fn no_command_off_a_terminal_explains_itself() {
        let home = Home::new();
        let err = home.fails(&[], 2);
        assert_contains(&err, &["name a command", "supple run morning"]);
    }
}

mod edges {
    use super::*;
    use std::process::Stdio;

    #[test]
    fn build_flags_with_a_routine_name_or_without_minutes_are_usage_errors() {
        let home = Home::new();
        let err = home.fails(&["run", "morning", "--avoid", "knees", "--plain"], 2);
        assert_contains(&err, &["without a routine name"]);
        let err = home.fails(&["run", "--area", "hips", "--plain"], 2);
        assert_contains(&err, &["--minutes N"]);
        let err = home.fails(&["build", "--area", "hips"], 2);
        assert_contains(&err, &["--minutes N"]);
    }

    #[test]
    fn a_file_in_the_current_folder_does_not_hide_a_routine_name() {
        let home = Home::new();
        home.write("desk", "my notes about the desk\n");
        let plan = home.ok(&["plan", "desk"]);
        assert!(plan.starts_with("desk · "), "{plan}");
    }

    #[test]
    fn a_byte_order_mark_is_fine() {
        let home = Home::new();
        let file = home.write(
            "bom.yaml",
            "\u{feff}name: bom\nsteps:\n  - stretch: cat-cow\n",
        );
        assert_contains(&home.ok(&["check", s(&file)]), &["no problems"]);
    }

    #[test]
    fn build_names_the_routine_after_its_file_and_checks_a_given_name() {
        let home = Home::new();
        let out = home.root.join("my-back.yaml");
        home.ok(&[
            "build",
            "--area",
            "lower-back",
            "--minutes",
            "5",
            "-o",
            s(&out),
        ]);
        let listed = home.ok(&["routines"]);
        assert!(
            listed
                .lines()
                .any(|l| l.starts_with("lower-back ") && l.contains("built-in")),
            "{listed}"
        );
        let text = fs::read_to_string(&out).unwrap();
        assert!(text.contains("name: \"my-back\""), "{text}");
        let stdout = home.ok(&["build", "--area", "lower-back", "--minutes", "5"]);
        assert!(stdout.contains("name: \"lower-back-5min\""), "{stdout}");
        home.fails(
            &[
                "build",
                "--area",
                "hips",
                "--minutes",
                "5",
                "--name",
                "two\nlines",
            ],
            2,
        );
        home.fails(
            &["build", "--area", "hips", "--minutes", "5", "--name", ""],
            2,
        );
    }

    #[test]
    fn check_reads_a_config_folder_the_way_supple_does() {
        let home = Home::new();
        // A routine dropped into the stretches folder is a broken stretch file there.
        home.write(
            "config/supple/stretches/oops.yaml",
            "name: oops\nsteps:\n  - stretch: cat-cow\n",
        );
        let err = home.fails(&["check", s(&home.config())], 1);
        assert_contains(&err, &["oops.yaml", "expected a list of stretches"]);
    }

    #[test]
    fn a_routine_is_not_blamed_for_a_mistake_elsewhere_in_a_stretch_file() {
        let home = Home::new();
        let lib = home.write(
            "mine.yaml",
            "- id: my-twist\n  name: My Twist\n  areas: [core]\n  position: floor\n  level: gentle\n  hold: 20s\n- id: broken\n  name: Broken\n  areas: [elbow]\n  position: floor\n  level: gentle\n  hold: 20s\n",
        );
        let routine = home.write("r.yaml", "name: r\nsteps:\n  - stretch: my-twist\n");
        let err = home.fails(&["check", s(&lib), s(&routine)], 1);
        assert_contains(&err, &["unknown area `elbow`"]);
        assert!(!err.contains("unknown stretch"), "{err}");
    }

    #[test]
    fn a_reader_that_goes_away_stops_the_run_which_is_still_recorded() {
        let home = Home::new();
        let file = fixture("routines/long-hold.yaml");
        let mut child = home
            .std_cmd()
            .args(["run", &file, "--plain"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Read the first line, then close the pipe.
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 16];
        std::io::Read::read(&mut stdout, &mut first).unwrap();
        drop(stdout);
        let deadline = Instant::now() + Duration::from_secs(20);
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            assert!(
                Instant::now() < deadline,
                "supple kept running with nobody reading"
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        assert_eq!(status.code(), Some(141));
        let history = home.history_lines();
        assert_eq!(history.len(), 1);
        assert_eq!(history[0]["ending"], "SIGPIPE");
    }
}

mod special_files {
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
}

mod broken_user_files {
    use super::*;

    /// A routine that lasts four seconds, by name from the user's folder.
    fn quick_routine(home: &Home) {
        home.write(
            "config/supple/routines/quick.yaml",
            fs::read(fixture("routines/four-seconds.yaml")).unwrap(),
        );
    }

    #[test]
    fn a_broken_routine_is_refused_with_its_problems_and_the_rest_runs() {
        let home = Home::new();
        let bad = home.write(
            "config/supple/routines/my-hips.yaml",
            "name: my-hips\nsteps:\n  - stretch: pigeonn\n",
        );
        quick_routine(&home);
        let at = format!("{}:3:14: ", bad.display());
        {
            let name = "my-hips";
            let r = home.run(&["run", name, "--plain"]);
            assert_eq!(r.code, Some(1), "{r:#?}");
            let line = line_with(&r.stderr, &at);
            assert_contains(
                line,
                &["unknown stretch `pigeonn`", "did you mean `pigeon-pose`?"],
            );
            assert!(!line.contains("warning"), "an error, not a warning: {line}");
            assert_eq!(r.stderr.matches(&at).count(), 1, "once: {}", r.stderr);
            let r = home.run(&["plan", name]);
            assert_eq!(r.code, Some(1), "{r:#?}");
        }
        assert!(!home.history_file().exists(), "nothing ran");
        // beside it, the other routines plan and run, with one warning
        for args in [&["plan", "morning"][..], &["run", "quick", "--plain"]] {
            let r = home.run(args);
            assert_eq!(r.code, Some(0), "{args:?}: {r:#?}");
            assert_contains(line_with(&r.stderr, &at), &["warning: "]);
            assert_eq!(r.stderr.matches(&at).count(), 1, "once: {}", r.stderr);
        }
        assert_eq!(home.history_lines().len(), 1, "the quick routine ran");
        // `routines` lists the good ones
        let listed = home.ok(&["routines"]);
        assert_contains(&listed, &["morning", "four seconds"]);
        assert!(!listed.contains("my-hips"), "{listed}");
    }

    #[test]
    fn a_broken_file_named_like_a_built_in_routine_is_what_that_name_means() {
        let home = Home::new();
        home.write(
            "config/supple/routines/morning.yaml",
            "name: morning\nsteps: []\n",
        );
        let err = home.fails(&["plan", "morning"], 1);
        assert_contains(&err, &["morning.yaml", "steps"]);
        assert!(!err.contains("warning"), "{err}");
        home.ok(&["plan", "desk"]);
    }

    #[test]
    fn a_broken_stretch_file_leaves_out_its_stretches_and_names_itself_as_the_reason() {
        let home = Home::new();
        let bad = home.write(
            "config/supple/stretches/calves.yaml",
            OWN_STRETCH.replace("[calves, ankles]", "[calf, ankles]"),
        );
        let routine = home.write(
            "config/supple/routines/calves.yaml",
            "name: calves\nsteps:\n  - stretch: towel-calf-pull\n  - stretch: cat-cow\n",
        );
        let at = format!("{}:3:11: ", bad.display());
        // `list` warns and lists the built-ins, without the left-out stretch
        let r = home.run(&["list"]);
        assert_eq!(r.code, Some(0), "{r:#?}");
        assert_contains(
            line_with(&r.stderr, &at),
            &["warning: ", "unknown area `calf`"],
        );
        assert_contains(&r.stdout, &["cat-cow", "pigeon-pose"]);
        assert!(!r.stdout.contains("towel-calf-pull"), "{}", r.stdout);
        // the routine that needs it is refused, naming the broken file
        for args in [
            &["run", "calves", "--plain"][..],
            &["plan", "calves"],
            &["plan", s(&routine)],
        ] {
            let r = home.run(args);
            assert_eq!(r.code, Some(1), "{args:?}: {r:#?}");
            let reason = line_with(&r.stderr, "left out because");
            assert_contains(
                reason,
                &[
                    &format!("{}: routine `calves`: ", routine.display()),
                    "the stretch `towel-calf-pull` is left out because",
                    &format!("{} has 1 problem", bad.display()),
                ],
            );
            assert!(!reason.contains("warning"), "{reason}");
            assert!(!r.stderr.contains("unknown stretch"), "{}", r.stderr);
            assert_eq!(r.stderr.matches(&at).count(), 1, "once: {}", r.stderr);
        }
        // `show` says why the stretch is missing
        let err = home.fails(&["show", "towel-calf-pull"], 1);
        assert_contains(&err, &["left out because", "calves.yaml has 1 problem"]);
        // built-ins carry on
        home.ok(&["plan", "morning"]);
        // and `check` fails as it always did
        let err = home.fails(&["check"], 1);
        assert_contains(line_with(&err, &at), &["unknown area `calf`"]);
    }

    #[test]
    fn a_stretch_file_that_does_not_parse_still_names_its_stretches() {
        let home = Home::new();
        home.write(
            "config/supple/stretches/mine.yaml",
            fs::read(fixture("stretches/syntax-error.yaml")).unwrap(),
        );
        home.write(
            "config/supple/routines/hug.yaml",
            "name: hug\nsteps:\n  - stretch: knee-hug\n",
        );
        let err = home.fails(&["plan", "hug"], 1);
        assert_contains(
            &err,
            &[
                "the stretch `knee-hug` is left out because",
                "mine.yaml has",
            ],
        );
    }

    #[test]
    fn folders_that_cannot_be_read_are_named() {
        let home = Home::new();
        // `stretches` is a file, `routines` a link to nothing
        home.write("config/supple/stretches", "not a folder");
        std::os::unix::fs::symlink(home.root.join("gone"), home.config().join("routines")).unwrap();
        let r = home.run(&["plan", "morning"]);
        assert_eq!(r.code, Some(0), "{r:#?}");
        assert_contains(
            line_with(&r.stderr, "stretches"),
            &["warning: ", "expected a folder of YAML files"],
        );
        assert_contains(
            line_with(&r.stderr, "routines"),
            &["warning: ", "a link to a folder that does not exist"],
        );
        home.fails(&["check"], 1);
    }

    #[test]
    fn an_unreadable_config_folder_is_a_warning_unless_running_as_root() {
        let home = Home::new();
        home.write(
            "config/supple/routines/mine.yaml",
            "name: mine\nsteps:\n  - stretch: cat-cow\n",
        );
        let set = |mode| {
            let mut perms = fs::metadata(home.config()).unwrap().permissions();
            std::os::unix::fs::PermissionsExt::set_mode(&mut perms, mode);
            fs::set_permissions(home.config(), perms).unwrap();
        };
        set(0o000);
        let readable = fs::read_dir(home.config().join("routines")).is_ok();
        let r = home.run(&["plan", "morning"]);
        set(0o755);
        if readable {
            // root reads anything: nothing to test here
            return;
        }
        assert_eq!(r.code, Some(0), "{r:#?}");
        for folder in ["stretches", "routines"] {
            assert_contains(
                line_with(&r.stderr, &format!("supple/{folder}: ")),
                &["warning: ", "cannot read the folder: permission denied"],
            );
        }
    }

    #[test]
    fn an_unreadable_file_is_a_warning_unless_running_as_root() {
        let home = Home::new();
        let locked = home.write(
            "config/supple/routines/locked.yaml",
            "name: locked\nsteps:\n  - stretch: cat-cow\n",
        );
        let mut perms = fs::metadata(&locked).unwrap().permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o000);
        fs::set_permissions(&locked, perms).unwrap();
        if fs::read(&locked).is_ok() {
            // root reads anything: nothing to test here
            return;
        }
        let r = home.run(&["plan", "morning"]);
        assert_eq!(r.code, Some(0), "{r:#?}");
        assert_contains(
            line_with(&r.stderr, "locked.yaml"),
            &["warning: ", "permission denied"],
        );
    }
}

mod escapes_in_output {
    use super::*;

    const OSC52: &str = "\u{1b}]52;c;cm0gLXJmIH4=\u{7}";

    fn assert_no_raw_controls(text: &str) {
        assert!(
            !text.contains(['\u{1b}', '\u{7}', '\u{9b}', '\r']),
            "a raw control character got out: {text:?}"
        );
    }

    #[test]
    fn history_fields_with_escape_sequences_are_shown_escaped() {
        let home = Home::new();
        let stamp = std::process::Command::new("date")
            .arg("+%Y-%m-%dT%H:%M:%S+00:00")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap();
        let line = serde_json::json!({
            "routine": format!("evil{OSC52}"),
            "start": stamp,
            "end": stamp,
            "seconds": 120,
            "planned_seconds": 120,
            "stretches": ["cat-cow"],
            "areas": [format!("hips{OSC52}")],
            "area_seconds": { format!("hips{OSC52}"): 120 },
            "completed": false,
            "ending": format!("quit{OSC52}"),
        });
        home.write("data/supple/history.jsonl", format!("{line}\n"));
        let r = home.run(&["history"]);
        assert_eq!(r.code, Some(0), "{r:#?}");
        assert_no_raw_controls(&r.stdout);
        assert_no_raw_controls(&r.stderr);
        assert_contains(
            &r.stdout,
            &[
                "evil\\u{1b}]52;",
                "hips\\u{1b}]52;c;cm0gLXJmIH4=\\u{7}",
                "stopped (quit\\u{1b}]52;",
            ],
        );
        // JSON escapes them its own way, and the record is kept whole
        let r = home.run(&["history", "--json"]);
        assert_eq!(r.code, Some(0), "{r:#?}");
        assert_no_raw_controls(&r.stdout);
        assert!(
            r.stdout.contains("evil\\u001b]52;c;cm0gLXJmIH4=\\u0007"),
            "{}",
            r.stdout
        );
        let v: Value = serde_json::from_str(&r.stdout).unwrap();
        assert_eq!(v["sessions"][0]["routine"], format!("evil{OSC52}"));
    }

    #[test]
    fn a_file_name_with_an_escape_sequence_is_shown_escaped() {
        let home = Home::new();
        home.write(
            &format!("config/supple/stretches/x{OSC52}.yaml"),
            OWN_STRETCH,
        );
        let shown = home.ok(&["show", "towel-calf-pull"]);
        assert_no_raw_controls(&shown);
        assert_contains(&shown, &["x\\u{1b}]52;c;cm0gLXJmIH4=\\u{7}.yaml:1"]);
        for args in [&["list"][..], &["list", "--json"], &["check"]] {
            let r = home.run(args);
            assert_eq!(r.code, Some(0), "{args:?}: {r:#?}");
            assert_no_raw_controls(&r.stdout);
            assert_no_raw_controls(&r.stderr);
        }
    }
}

/// Positions read off the parsed tree (anchors, aliases, multi-line flow style, explicit
/// keys), the limits that refuse hostile files early, the cap on listed problems, and the
/// 24-hour limit on a routine.
mod yaml_positions_and_limits {
    use super::*;

    /// `supple check` on `text`: exit 1, and the problem lines with the file name cut off.
    fn problems(home: &Home, name: &str, text: &str) -> Vec<String> {
        let file = home.write(name, text);
        let err = home.fails(&["check", s(&file)], 1);
        let prefix = format!("supple: {}:", file.display());
        err.lines()
            .filter_map(|l| l.strip_prefix(&prefix))
            .map(str::to_string)
            .collect()
    }

    fn starts(lines: &[String], expected: &[&str]) {
        assert_eq!(lines.len(), expected.len(), "{lines:#?}");
        for (line, want) in lines.iter().zip(expected) {
            assert!(
                line.starts_with(want),
                "{line:?} does not start with {want:?}"
            );
        }
    }

    #[test]
    fn a_value_through_an_anchor_and_an_alias_is_placed_at_each_use() {
        let home = Home::new();
        let found = problems(
            &home,
            "anchors.yaml",
            "- id: knee-hug\n  name: Knee Hug\n  areas: [lower-back]\n  position: &pos flor\n  level: gentle\n  hold: 30s\n- id: cat-cow\n  name: Cat-Cow\n  areas: [lower-back]\n  position: *pos\n  level: gentle\n  hold: 30s\n",
        );
        starts(
            &found,
            &[
                "4:13: stretch `knee-hug`, field `position`: unknown position `flor`",
                "10:13: stretch `cat-cow`, field `position`: unknown position `flor`",
            ],
        );
        // Inside an aliased list: where the anchor wrote the item, the only place it stands.
        let found = problems(
            &home,
            "aliased-list.yaml",
            "- id: a\n  name: A\n  areas: &areas [hips, hip]\n  position: floor\n  level: gentle\n  hold: 30s\n- id: b\n  name: B\n  areas: *areas\n  position: floor\n  level: gentle\n  hold: 30s\n",
        );
        starts(
            &found,
            &[
                "3:24: stretch `a`, field `areas`: unknown area `hip`",
                "3:24: stretch `b`, field `areas`: unknown area `hip`",
            ],
        );
    }

    #[test]
    fn multi_line_flow_style_and_explicit_keys_are_placed_exactly() {
        let home = Home::new();
        let found = problems(
            &home,
            "flow.yaml",
            "- {id: knee-hug, name: Knee Hug,\n   areas: [lower-back,\n     hip], position: floor,\n   level: gentle, hold: 0s}\n",
        );
        starts(
            &found,
            &[
                "3:6: stretch `knee-hug`, field `areas`: unknown area `hip`",
                "4:25: stretch `knee-hug`, field `hold`: a duration of zero",
            ],
        );
        let found = problems(
            &home,
            "explicit.yaml",
            "- id: knee-hug\n  name: Knee Hug\n  areas: [lower-back]\n  position: floor\n  ? level\n  : moderat\n  ? hodl\n  : 30s\n",
        );
        starts(
            &found,
            &[
                "1:3: stretch `knee-hug`, field `hold`: missing",
                "6:5: stretch `knee-hug`, field `level`: unknown level `moderat`",
                "7:5: stretch `knee-hug`, field `hodl`: unknown field",
            ],
        );
    }

    #[test]
    fn columns_count_characters_in_a_routine_too() {
        let home = Home::new();
        let found = problems(
            &home,
            "routine.yaml",
            "name: “späť”\nsteps:\n  - {stretch: cat-cow, ünï: 1, reps: 0}\n",
        );
        starts(
            &found,
            &[
                "3:24: routine `“späť”`, step 1, field `ünï`: unknown field",
                "3:38: routine `“späť”`, step 1, field `reps`: 0 is out of range",
            ],
        );
    }

    #[test]
    fn nesting_past_64_is_refused_where_it_happens() {
        let home = Home::new();
        let found = problems(&home, "deep.yaml", &format!("{}x\n", "- ".repeat(65)));
        starts(
            &found,
            &["1:129: this is not valid YAML: lists and mappings nest more than 64 deep"],
        );
        // 64 deep is read (and refused for what it is, not for its depth)
        let found = problems(&home, "deep64.yaml", &format!("{}x\n", "- ".repeat(64)));
        starts(&found, &["1:3: stretch #1: expected a stretch"]);
    }

    /// Adversarial files of up to 1 MB are refused quickly (generously bounded here, in a
    /// debug build; a release build takes well under a second).
    #[test]
    fn hostile_shapes_of_a_megabyte_are_refused_quickly() {
        let home = Home::new();
        let shapes = [
            (
                "deep-map.yaml",
                "{a: ".repeat(250_000),
                "nest more than 64 deep",
            ),
            (
                "deep-list.yaml",
                "[".repeat(1_000_000),
                "nest more than 64 deep",
            ),
            (
                "deep-block.yaml",
                format!("{}x\n", "- ".repeat(500_000)),
                "nest more than 64 deep",
            ),
            (
                "bad-items.yaml",
                format!("[{}]\n", vec!["a"; 40_000].join(", ")),
                "... and 39950 more problems in this file",
            ),
            (
                "bad-items-1mb.yaml",
                format!("[{}]\n", vec!["a"; 340_000].join(", ")),
                "... and 339950 more problems in this file",
            ),
        ];
        for (name, text, needle) in &shapes {
            assert!(text.len() <= 1024 * 1024, "{name}");
            let file = home.write(name, text);
            let t = Instant::now();
            let err = home.fails(&["check", s(&file)], 1);
            assert!(
                t.elapsed() < Duration::from_secs(10),
                "{name}: {:?}",
                t.elapsed()
            );
            assert_contains(&err, &[needle]);
            assert!(!err.contains("panicked"), "{err}");
        }
    }

    #[test]
    fn past_fifty_problems_one_line_counts_the_rest() {
        let home = Home::new();
        let bad = "- id: knee-hug\n  name: Knee Hug\n  areas: [lower-back]\n  position: floor\n  level: gentle\n  hold: 0s\n";
        let file = home.write("many.yaml", bad.repeat(60));
        let err = home.fails(&["check", s(&file)], 1);
        let lines: Vec<&str> = err.lines().collect();
        // 50 listed, in file order, then the count of the rest, then the summary
        assert_eq!(lines.len(), 52, "{err}");
        assert!(
            lines[0].contains(":6:9: stretch `knee-hug`, field `hold`"),
            "{err}"
        );
        assert!(lines[49].contains(":300:9: "), "{}", lines[49]);
        assert_eq!(
            lines[50],
            format!(
                "supple: {}: ... and 10 more problems in this file",
                file.display()
            )
        );
        assert_eq!(lines[51], "supple: 60 problems in 1 file checked");
        // one more than the cap says "problem"
        let file = home.write("fifty-one.yaml", bad.repeat(51));
        let err = home.fails(&["check", s(&file)], 1);
        assert_contains(&err, &[": ... and 1 more problem in this file\n"]);
        // exactly at the cap, no such line
        let file = home.write("fifty.yaml", bad.repeat(50));
        let err = home.fails(&["check", s(&file)], 1);
        assert!(!err.contains("more problem"), "{err}");
    }

    #[test]
    fn a_duplicate_key_is_refused_at_the_second() {
        let home = Home::new();
        let found = problems(
            &home,
            "dup.yaml",
            "- id: knee-hug\n  name: Knee Hug\n  id: knee\n",
        );
        starts(
            &found,
            &["3:3: this is not valid YAML: duplicate entry with key \"id\""],
        );
    }

    const LONG_HOLD: &str = "\
- id: long-hold
  name: Long Hold
  areas: [hips]
  position: floor
  level: gentle
  hold: 30m
  sets: 10
";

    /// A routine of `n` steps of `long-hold`: 10 prepare + 10 × 30m + 9 × 10 rest each.
    fn long_routine(n: usize) -> String {
        format!(
            "name: marathon\nsteps:\n{}",
            "  - stretch: long-hold\n".repeat(n)
        )
    }

    #[test]
    fn a_routine_longer_than_a_day_is_refused_everywhere_it_is_read() {
        let home = Home::new();
        home.write("config/supple/stretches/long.yaml", LONG_HOLD);
        // 4 steps: 20:06:40, fine
        let day = home.write("day.yaml", long_routine(4));
        assert_contains(&home.ok(&["check", s(&day)]), &["no problems"]);
        assert_contains(&home.ok(&["plan", s(&day)]), &["20:06:40"]);
        // stretched past a day by the times on the command line: refused before it starts
        // (36 rests of 10 minutes instead of 10 s: 20:06:40 + 5:54:00)
        for args in [
            &["plan", s(&day), "--rest", "10m"][..],
            &["run", s(&day), "--rest", "10m", "--plain"],
        ] {
            let err = home.fails(args, 1);
            assert_contains(
                &err,
                &["routine `marathon` lasts 26:00:40", "at most 24 hours"],
            );
        }
        assert!(!home.history_file().exists(), "nothing ran");
        // 5 steps: 25:08:20, refused at the routine file's start
        let file = home.write("marathon.yaml", long_routine(5));
        let at = format!("{}:1:1: ", file.display());
        for args in [
            &["check", s(&file)][..],
            &["plan", s(&file)],
            &["run", s(&file), "--plain"],
        ] {
            let err = home.fails(args, 1);
            assert_contains(
                line_with(&err, &at),
                &["routine `marathon` lasts 25:08:20; a routine may last at most 24 hours"],
            );
        }
        // and as one of the user's routines, by name
        home.write("config/supple/routines/marathon.yaml", long_routine(5));
        let err = home.fails(&["plan", "marathon"], 1);
        assert_contains(&err, &["routine `marathon` lasts 25:08:20"]);
        assert!(!home.history_file().exists(), "nothing ran");
    }
}
