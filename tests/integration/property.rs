//! Damaged copies of the built-in files (the stretch files, the routines and a config.yaml),
//! fed to the readers in process, as property tests.
//!
//! * Any damage (lines removed, repeated, swapped, indented or dedented; bits flipped; junk
//!   bytes or YAML tokens inserted; the file cut short; a value swapped for another line's),
//!   one to four of them, fed to all three readers: none panics, and every problem is a real
//!   message whose position, if it has one, is inside the file.
//! * Damage confined to one line's value, fed to the file's own reader, which accepts the
//!   undamaged file: every problem has a position, on the damaged line (see [`OneLine`] for
//!   which damage this holds for, and why).
//! * A token put inside a key, fed to the file's own reader: every problem is inside the
//!   mapping that holds the key, and the first is on the key's line or the mapping's first.

use proptest::prelude::*;
use proptest::sample::Index;
use std::sync::LazyLock;
use supple::diag::Diagnostic;
use supple::library::{Library, Source, parse_stretch_file};
use supple::routine::parse_routine;
use supple::settings::Settings;

/// Which reader a file is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Stretches,
    Routine,
    Config,
}

/// One undamaged input.
struct File {
    path: String,
    kind: Kind,
    text: String,
}

const CONFIG: &str = "prepare: 10s\nswitch: 5s\nrest: 10s\npacer: {in: 4s, out: 6s}\nbell: true\ncue_command: [\"espeak-ng\", \"{text}\"]\ncolors: true\n";

static LIBRARY: LazyLock<Library> =
    LazyLock::new(|| Library::builtin().expect("the built-in library"));

/// The built-in stretch files and routines, and a config.yaml that sets every setting.
static FILES: LazyLock<Vec<File>> = LazyLock::new(|| {
    let mut files = yaml_files("stretches", Kind::Stretches);
    files.extend(yaml_files("routines", Kind::Routine));
    files.push(File {
        path: "config.yaml".into(),
        kind: Kind::Config,
        text: CONFIG.into(),
    });
    for f in &files {
        // the originals are fine
        assert!(
            read(f.kind, &f.path, &f.text).is_none(),
            "{}: refused undamaged",
            f.path
        );
    }
    files
});

fn yaml_files(folder: &str, kind: Kind) -> Vec<File> {
    let dir = super::repo(folder);
    let mut files: Vec<File> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| File {
            text: std::fs::read_to_string(&p).unwrap(),
            path: p.display().to_string(),
            kind,
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    assert!(!files.is_empty(), "no YAML in {}", dir.display());
    files
}

/// What `kind`'s reader says of `text` under `name`: `None` if it accepts it.
fn read(kind: Kind, name: &str, text: &str) -> Option<Vec<Diagnostic>> {
    let source = Source {
        name: name.into(),
        text: text.into(),
        builtin: false,
    };
    match kind {
        Kind::Stretches => parse_stretch_file(&source).err(),
        Kind::Routine => parse_routine(&source, &LIBRARY).err().map(|p| p.0),
        Kind::Config => Settings::parse(&source).err().map(|p| p.0),
    }
}

/// Lines as YAML counts them: `\n`, `\r\n`, a lone `\r`, and the Unicode line breaks.
fn line_count(text: &str) -> usize {
    1 + text
        .replace("\r\n", "\n")
        .chars()
        .filter(|c| matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'))
        .count()
}

/// Every problem is a message that names the file, and its position is inside the text.
fn check_messages(what: &str, text: &str, name: &str, problems: &[Diagnostic]) {
    assert!(!problems.is_empty(), "{what}: an error with no problem");
    let lines = line_count(text);
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

// ---- any damage -------------------------------------------------------------------------

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

/// One damage; the indexes are resolved against the text as it is when the damage is done.
#[derive(Clone, Debug)]
enum Damage {
    RemoveLine(Index),
    /// The first line again, before the second.
    RepeatLine(Index, Index),
    SwapLines(Index, Index),
    /// Two spaces more.
    Indent(Index),
    /// Up to three spaces less.
    Dedent(Index),
    FlipBit(Index, u8),
    Junk(Index, Vec<u8>),
    Token(Index, Index),
    Truncate(Index),
    /// The first line's value (from its colon on) in place of the second's.
    Revalue(Index, Index),
}

fn damage() -> impl Strategy<Value = Damage> {
    let i = any::<Index>;
    prop_oneof![
        1 => i().prop_map(Damage::RemoveLine),
        1 => (i(), i()).prop_map(|(a, b)| Damage::RepeatLine(a, b)),
        1 => (i(), i()).prop_map(|(a, b)| Damage::SwapLines(a, b)),
        1 => prop_oneof![i().prop_map(Damage::Indent), i().prop_map(Damage::Dedent)],
        2 => (i(), 0..8u8).prop_map(|(a, bit)| Damage::FlipBit(a, bit)),
        2 => (i(), prop::collection::vec(any::<u8>(), 1..=4))
            .prop_map(|(a, junk)| Damage::Junk(a, junk)),
        4 => (i(), i()).prop_map(|(a, t)| Damage::Token(a, t)),
        2 => i().prop_map(Damage::Truncate),
        2 => (i(), i()).prop_map(|(a, b)| Damage::Revalue(a, b)),
    ]
}

fn lines_of(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect()
}

fn apply(text: &str, damages: &[Damage]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for d in damages {
        let len = bytes.len();
        let mut lines = lines_of(&bytes);
        let n = lines.len();
        match d {
            Damage::RemoveLine(i) => {
                lines.remove(i.index(n));
            }
            Damage::RepeatLine(i, j) => {
                let l = lines[i.index(n)].clone();
                lines.insert(j.index(n), l);
            }
            Damage::SwapLines(i, j) => lines.swap(i.index(n), j.index(n)),
            Damage::Indent(i) => {
                lines[i.index(n)].splice(0..0, *b"  ");
            }
            Damage::Dedent(i) => {
                let line = &mut lines[i.index(n)];
                let k = line.iter().take(3).take_while(|&&b| b == b' ').count();
                line.drain(..k);
            }
            Damage::FlipBit(at, bit) => {
                if len > 0 {
                    bytes[at.index(len)] ^= 1 << bit;
                }
            }
            Damage::Junk(at, junk) => {
                let at = at.index(len + 1);
                bytes.splice(at..at, junk.iter().copied());
            }
            Damage::Token(at, t) => {
                let at = at.index(len + 1);
                bytes.splice(at..at, TOKENS[t.index(TOKENS.len())].bytes());
            }
            Damage::Truncate(at) => bytes.truncate(at.index(len + 1)),
            Damage::Revalue(from, to) => {
                let from = lines[from.index(n)].clone();
                let to = to.index(n);
                if let (Some(c), Some(d)) = (
                    from.iter().position(|&b| b == b':'),
                    lines[to].iter().position(|&b| b == b':'),
                ) {
                    lines[to].truncate(d);
                    lines[to].extend_from_slice(&from[c..]);
                }
            }
        }
        if matches!(
            d,
            Damage::RemoveLine(_)
                | Damage::RepeatLine(..)
                | Damage::SwapLines(..)
                | Damage::Indent(_)
                | Damage::Dedent(_)
                | Damage::Revalue(..)
        ) {
            bytes = lines.join(&b'\n');
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 4000,
        ..ProptestConfig::default()
    })]

    /// Any damage, to any of the files, read as a stretch file, a routine and a config.yaml.
    #[test]
    fn damaged_files_never_panic_and_always_explain(
        file in any::<Index>(),
        damages in prop::collection::vec(damage(), 1..=4),
    ) {
        let file = file.get(&FILES);
        let text = apply(&file.text, &damages);
        for (what, kind, name) in [
            ("stretch file", Kind::Stretches, "fuzz/stretches.yaml"),
            ("routine", Kind::Routine, "fuzz/routine.yaml"),
            ("config", Kind::Config, "fuzz/config.yaml"),
        ] {
            if let Some(problems) = read(kind, name, &text) {
                check_messages(what, &text, name, &problems);
            }
        }
    }
}

// ---- damage on one line -----------------------------------------------------------------

/// Damage confined to one line: to the value of a line `key: value` whose value is a plain
/// scalar that ends on that line (the next line with more than a comment is no deeper than the
/// key, so it cannot go on there).
///
/// * `Value`: the value is replaced by one of [`WRONG`], each a whole YAML node on one line
///   that is wrong for every field (or an alias to no anchor);
/// * `Token`: one of [`LINE_TOKENS`] is put into the value, anywhere from its first character
///   to the end of the line. None of them opens anything that can go on past the end of the
///   line (no bracket, quote, block scalar indicator, `?`, `- ` or line break).
///
/// Either way the key and its `: ` stay as they were, so the mapping keeps every key (nothing
/// is missing, nothing is added), and the text before the line and after it reads as before:
/// the parser, which read the lines before it exactly as before, cannot fail before it, and
/// has nothing that carries it past the line's end, so if the file stops being YAML, its one
/// problem is on that line; if it is still YAML, only this value changed, and every problem is
/// about this value: on that line. So every problem, first or not, is on the damaged line.
///
/// A token inside a key is held to a property of its own (below). Damage elsewhere in a line
/// is held only to the first property: it can end a key early (a character right after the
/// `:`, or a `#` that comments out the rest), and then the next lines may rightly be read as
/// more of the same text, or as the start of the node the line began (`- id:, x` before
/// `  name: y` is the one scalar `id:, x name`, refused at the `: ` on the next line), which
/// no line bound can tell from a wrong position.
#[derive(Clone, Debug)]
enum OneLine {
    Value {
        line: Index,
        value: Index,
    },
    Token {
        line: Index,
        column: Index,
        token: Index,
    },
}

/// Values wrong for every field of a stretch, a routine or config.yaml, each a whole node.
const WRONG: &[&str] = &[
    "{x: 1}",
    "[[]]",
    "-1",
    "1e400",
    "99999999999999999999",
    "0x1F",
    ".inf",
    "[x, {y: 1}]",
    "*nope",
    "!!binary AAAA",
];

/// Tokens that cannot carry the parser past the end of their line, or change its indentation.
const LINE_TOKENS: &[&str] = &[
    ":",
    ": ",
    ",",
    "]",
    "}",
    "#",
    "&a ",
    "*a",
    "!",
    "!!str ",
    "!!map ",
    "%",
    "@",
    "`",
    "\t",
    "\\",
    "\u{1b}[2J",
    "\u{0}",
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

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Where a line's content starts: after its indentation and its `- `, if any.
fn content_start(line: &str) -> usize {
    let mut at = indent(line);
    while line[at..].starts_with("- ") {
        at += 2;
        at += indent(&line[at..]);
    }
    at
}

fn is_content(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && !t.starts_with('#')
}

/// The 0-based lines of `text` that are `key: value` with a plain scalar value that ends on the
/// line (the next content line is no deeper than the key); the byte where each value starts.
fn value_lines(text: &str) -> Vec<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let key = content_start(line);
        let Some(colon) = line[key..].find(": ").map(|c| key + c) else {
            continue;
        };
        if !line[key..colon]
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '_')
        {
            continue;
        }
        let value = colon + 2;
        let first = line[value..].chars().next();
        if first.is_none_or(|c| "[{\"'|>&*!#".contains(c)) {
            continue;
        }
        let next = lines[i + 1..].iter().find(|l| is_content(l));
        if next.is_some_and(|n| indent(n) > key) {
            continue;
        }
        found.push((i, value));
    }
    found
}

/// The damaged text and the damaged line (1-based).
fn damage_one_line(file: &File, damage: &OneLine) -> (String, usize) {
    let lines: Vec<&str> = file.text.lines().collect();
    let mut out: Vec<String> = lines.iter().map(ToString::to_string).collect();
    let candidates = value_lines(&file.text);
    let i = match damage {
        OneLine::Value { line, value } => {
            let (i, at) = *line.get(&candidates);
            out[i] = format!("{}{}", &lines[i][..at], value.get(WRONG));
            i
        }
        OneLine::Token {
            line,
            column,
            token,
        } => {
            let (i, start) = *line.get(&candidates);
            let l = lines[i];
            let columns: Vec<usize> = (start..=l.len())
                .filter(|&c| l.is_char_boundary(c))
                .collect();
            let at = *column.get(&columns);
            out[i] = format!("{}{}{}", &l[..at], token.get(LINE_TOKENS), &l[at..]);
            i
        }
    };
    (out.join("\n") + "\n", i + 1)
}

fn one_line() -> impl Strategy<Value = OneLine> {
    prop_oneof![
        (any::<Index>(), any::<Index>()).prop_map(|(line, value)| OneLine::Value { line, value }),
        (any::<Index>(), any::<Index>(), any::<Index>()).prop_map(|(line, column, token)| {
            OneLine::Token {
                line,
                column,
                token,
            }
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 2000,
        ..ProptestConfig::default()
    })]

    /// Damage on one line of a file, read by the file's own reader: the problems name it.
    #[test]
    fn damage_on_one_line_is_reported_on_that_line(
        file in any::<Index>(),
        damage in one_line(),
    ) {
        let file = file.get(&FILES);
        let (text, line) = damage_one_line(file, &damage);
        let Some(problems) = read(file.kind, &file.path, &text) else {
            // a damage the reader takes (a `#` that comments out the end of a cue, say)
            return Ok(());
        };
        check_messages(&file.path, &text, &file.path, &problems);
        let shown = text
            .lines()
            .enumerate()
            .map(|(i, l)| format!("{:>3} {l}", i + 1))
            .collect::<Vec<_>>()
            .join("\n");
        let rendered: Vec<String> = problems.iter().map(ToString::to_string).collect();
        let damaged = text.lines().nth(line - 1).unwrap_or_default();
        for d in &problems {
            // past the 50 listed, the one line that counts the rest has no position
            let on = d.pos.map(|p| p.line);
            prop_assert!(
                on == Some(line) || (on.is_none() && d.counts > 1),
                "damaged line {line} {damaged:?}, but {d}\n{rendered:#?}\n{shown}"
            );
        }
    }
}

// ---- a damaged key ----------------------------------------------------------------------

/// Tokens that, put inside a key, leave it a key: none holds `: `.
fn key_tokens() -> Vec<&'static str> {
    LINE_TOKENS
        .iter()
        .copied()
        .filter(|t| !t.contains(": "))
        .collect()
}

/// The 0-based lines of `text` with a `key:` (a lowercase key, with or without a value on
/// the line), and the bytes where the key starts and where its `:` is.
fn key_lines(text: &str) -> Vec<(usize, usize, usize)> {
    let mut found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let key = content_start(line);
        let rest = &line[key..];
        let end = rest
            .find(": ")
            .or_else(|| rest.ends_with(':').then(|| rest.len() - 1));
        let Some(colon) = end.map(|c| key + c) else {
            continue;
        };
        if colon > key
            && line[key..colon]
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '_')
        {
            found.push((i, key, colon));
        }
    }
    found
}

/// The first and last lines (1-based) of the block mapping that holds 0-based line `i`, whose
/// key starts at byte `key`: back to the line that starts it (a `- ` item's first key, or the
/// first of the keys at that column), on to the line before the next shallower line or item.
fn mapping_lines(lines: &[&str], i: usize, key: usize) -> (usize, usize) {
    let starts_item = |l: &str| content_start(l) == key && indent(l) < key;
    let mut first = i;
    if !starts_item(lines[i]) {
        for j in (0..i).rev().filter(|&j| is_content(lines[j])) {
            let c = content_start(lines[j]);
            if c < key {
                break;
            }
            if c == key {
                first = j;
                if starts_item(lines[j]) {
                    break;
                }
            }
        }
    }
    let last = (i + 1..lines.len())
        .filter(|&j| is_content(lines[j]))
        .find(|&j| content_start(lines[j]) < key || starts_item(lines[j]))
        .unwrap_or(lines.len());
    (first + 1, last)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 1000,
        ..ProptestConfig::default()
    })]

    /// A token put inside a key (after its first character, before its `:`), in a file read by
    /// its own reader. The key stays a key, so the file is still YAML and reads as before but
    /// for that one key's name: the key itself is unknown (a problem on its line), and what
    /// the old key gave is gone, which the reader tells where the mapping that held it starts
    /// (a missing field) or, for a field that only goes with the lost one (`tempo` without
    /// `reps`), on that field's own line, inside the same mapping. So every problem is inside
    /// the mapping that holds the damaged line (a stretch, a step, or the file's top level),
    /// and the first is on the damaged line or on the mapping's first line.
    #[test]
    fn a_damaged_key_is_reported_on_its_line_or_where_its_mapping_starts(
        file in any::<Index>(),
        line in any::<Index>(),
        column in any::<Index>(),
        token in any::<Index>(),
    ) {
        let file = file.get(&FILES);
        let lines: Vec<&str> = file.text.lines().collect();
        let (i, key, colon) = *line.get(&key_lines(&file.text));
        let l = lines[i];
        let columns: Vec<usize> = (key + 1..=colon).filter(|&c| l.is_char_boundary(c)).collect();
        let at = *column.get(&columns);
        let tokens = key_tokens();
        let mut out: Vec<String> = lines.iter().map(ToString::to_string).collect();
        out[i] = format!("{}{}{}", &l[..at], token.get(&tokens), &l[at..]);
        let text = out.join("\n") + "\n";
        let damaged = i + 1;
        let (first, last) = mapping_lines(&lines, i, key);
        let Some(problems) = read(file.kind, &file.path, &text) else {
            return Ok(());
        };
        check_messages(&file.path, &text, &file.path, &problems);
        let rendered: Vec<String> = problems.iter().map(ToString::to_string).collect();
        let why = format!("damaged line {damaged} {:?} in lines {first}..={last}:\n{rendered:#?}", out[i]);
        for d in &problems {
            let on = d.pos.map(|p| p.line);
            prop_assert!(
                on.is_some_and(|on| (first..=last).contains(&on)) || (on.is_none() && d.counts > 1),
                "{}", why
            );
        }
        let on = problems[0].pos.map(|p| p.line);
        prop_assert!(on == Some(damaged) || on == Some(first), "{}", why);
    }
}
