//! Damaged copies of the built-in files, fed to the parsers in process: no panic, and every
//! problem renders as a real message.

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
