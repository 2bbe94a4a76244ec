//! Diagnostics: one problem in one input file, with where it is and what to do about it.

use std::fmt;

/// A position in a text file, both numbers counted from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

/// One problem found in a file (or an argument), ready to show to a person.
///
/// Rendered as ``file:line:col: stretch `pigeon`, field `areas`: unknown area `hip` (did you mean `hips`?)``.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as the user would name it (`stretches/hips.yaml`, `<built-in>/hips.yaml`).
    pub file: String,
    pub pos: Option<Pos>,
    /// What the problem is inside of: "stretch `pigeon`", "routine `morning`, step 3".
    pub context: Option<String>,
    /// The field, dotted for nested ones: `breath.in`.
    pub field: Option<String>,
    /// What is wrong and what was expected.
    pub message: String,
    /// A suggestion: "did you mean `hips`?".
    pub hint: Option<String>,
    /// How many problems this line tells of: 1, or more for the line that closes a long
    /// list ("... and 39950 more problems in this file").
    pub counts: usize,
    /// The text of the line the problem is on, for showing it under the message.
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn new(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            pos: None,
            context: None,
            field: None,
            message: message.into(),
            hint: None,
            counts: 1,
            source_line: None,
        }
    }

    #[must_use]
    pub fn at(mut self, pos: Option<Pos>) -> Self {
        self.pos = pos;
        self
    }

    #[must_use]
    pub fn context(mut self, context: Option<String>) -> Self {
        self.context = context;
        self
    }

    #[must_use]
    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    #[must_use]
    pub fn hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&printable(&self.raw()))
    }
}

impl Diagnostic {
    /// The message as written, before control characters are escaped.
    fn raw(&self) -> String {
        let mut s = String::new();
        let _ = self.write_raw(&mut s);
        s
    }

    fn write_raw(&self, f: &mut impl fmt::Write) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(pos) = self.pos {
            write!(f, ":{}:{}", pos.line, pos.column)?;
        }
        f.write_str(": ")?;
        match (&self.context, &self.field) {
            (Some(c), Some(field)) => write!(f, "{c}, field `{field}`: ")?,
            (Some(c), None) => write!(f, "{c}: ")?,
            (None, Some(field)) => write!(f, "field `{field}`: ")?,
            (None, None) => {}
        }
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " ({hint})")?;
        }
        Ok(())
    }
}

impl Diagnostic {
    /// The message as a terminal shows it, the way compilers do: the one-line form, then
    /// the offending line of the file with a caret under the value. Without the source
    /// line (or a position), the one-line form alone.
    pub fn snippet(&self) -> String {
        let head = self.to_string();
        let (Some(pos), Some(source)) = (self.pos, &self.source_line) else {
            return head;
        };
        let number = pos.line.to_string();
        let gutter = " ".repeat(number.len());
        let source = printable(source);
        // Under the value: from its column to the end of its word.
        let before: String = source.chars().take(pos.column.saturating_sub(1)).collect();
        let indent: String = before
            .chars()
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let word = source
            .chars()
            .skip(pos.column.saturating_sub(1))
            .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ']' | '}'))
            .count()
            .max(1);
        format!(
            "{head}\n{gutter} |\n{number} | {source}\n{gutter} | {indent}{}",
            "^".repeat(word)
        )
    }
}

/// Fills in the source line of each problem that has a position in `text`.
pub fn attach_lines(problems: &mut [Diagnostic], text: &str) {
    let mut wanted: Vec<usize> = problems
        .iter()
        .filter_map(|d| d.pos.map(|p| p.line))
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut found = std::collections::HashMap::new();
    let mut next = wanted.iter().peekable();
    for (i, line) in text.lines().enumerate() {
        let Some(&&n) = next.peek() else { break };
        if i + 1 == n {
            found.insert(n, line.to_string());
            next.next();
        }
    }
    for d in problems {
        if let Some(pos) = d.pos {
            d.source_line = found.get(&pos.line).cloned();
        }
    }
}

/// A list of diagnostics that together stop a load. Shown one per line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Problems(pub Vec<Diagnostic>);

/// How many problems `list` tells of, those left unlisted included.
pub fn count(list: &[Diagnostic]) -> usize {
    list.iter().map(|d| d.counts).sum()
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

/// Edit distance between two short strings (Levenshtein, by characters).
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == *cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The closest candidate to `word`, if it is close enough to be a likely typo.
pub fn closest<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let limit = (word.chars().count() / 3).max(2);
    let prefix = |c: &str| {
        word.chars()
            .zip(c.chars())
            .take_while(|(a, b)| a == b)
            .count()
    };
    candidates
        .into_iter()
        .map(|c| (distance(word, c), c))
        .filter(|(d, c)| *d <= limit || prefix(c) >= 3 && *d <= word.chars().count())
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// `s` with control characters written as escapes, so that a message can never send a
/// terminal escape sequence from a file or an argument to the screen.
pub fn printable(s: &str) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_string();
    }
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A writer that escapes control characters the way [`printable`] does, line breaks and
/// tabs aside: what a command prints to standard output can never carry a terminal escape
/// sequence (a clipboard write, a new title, a screen switch), whatever the files held.
#[derive(Debug)]
pub struct Printable<W: std::io::Write> {
    inner: W,
    /// The first byte of a two-byte character split between two writes (`0xC2` starts the
    /// C1 controls U+0080 to U+009F).
    pending: Option<u8>,
}

impl<W: std::io::Write> Printable<W> {
    pub fn new(inner: W) -> Self {
        Self {
            inner,
            pending: None,
        }
    }
}

impl<W: std::io::Write> std::io::Write for Printable<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut bytes = Vec::with_capacity(buf.len() + 1);
        bytes.extend(self.pending.take());
        bytes.extend_from_slice(buf);
        let c0 = |b: u8| (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7f;
        if bytes.last() == Some(&0xc2) {
            self.pending = bytes.pop();
        }
        let c1 = |i: usize| {
            bytes[i] == 0xc2 && bytes.get(i + 1).is_some_and(|b| (0x80..=0x9f).contains(b))
        };
        if !(0..bytes.len()).any(|i| c0(bytes[i]) || c1(i)) {
            self.inner.write_all(&bytes)?;
            return Ok(buf.len());
        }
        let mut out = Vec::with_capacity(bytes.len() + 16);
        let mut i = 0;
        while i < bytes.len() {
            if c0(bytes[i]) {
                out.extend(char::from(bytes[i]).escape_default().to_string().bytes());
                i += 1;
            } else if c1(i) {
                let c = char::from_u32(u32::from(bytes[i + 1])).unwrap_or('?');
                out.extend(c.escape_default().to_string().bytes());
                i += 2;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        self.inner.write_all(&out)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if let Some(b) = self.pending.take() {
            self.inner.write_all(&[b])?;
        }
        self.inner.flush()
    }
}

/// Writes one line to standard error, `supple: ` first and control characters escaped.
/// A closed or full stream is ignored: a message that cannot be shown must never stop a
/// run or panic (`eprintln!` would).
pub fn say(line: &str) {
    use std::io::Write as _;
    let mut text = String::with_capacity(line.len() + 9);
    text.push_str("supple: ");
    text.push_str(&printable(line));
    text.push('\n');
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// [`say`] with `warning: ` before the line.
pub fn warn(line: &str) {
    say(&format!("warning: {line}"));
}

/// A problem on standard error (as a warning, or not): on a terminal with its source line
/// and a caret under the value, elsewhere on one line. Never fails, never panics.
pub fn say_problem(d: &Diagnostic, warning: bool) {
    use std::io::{IsTerminal as _, Write as _};
    let label = if warning { "warning: " } else { "" };
    let mut stderr = std::io::stderr().lock();
    let text = if stderr.is_terminal() {
        d.snippet()
    } else {
        d.to_string()
    };
    // Every part of `text` is escaped already (`Display` and `snippet` see to it).
    let _ = writeln!(stderr, "supple: {label}{text}");
}

/// "did you mean `x`?" for the closest candidate, if any.
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    closest(word, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("cat-cow", "cat-cow"), 0);
        assert_eq!(distance("cat-cwo", "cat-cow"), 2);
        assert_eq!(distance("hip", "hips"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
    }

    #[test]
    fn messages_escape_control_characters() {
        let d = Diagnostic::new("f.yaml", "unknown area `\u{1b}]0;owned\u{7}`");
        assert_eq!(
            d.to_string(),
            "f.yaml: unknown area `\\u{1b}]0;owned\\u{7}`"
        );
        assert_eq!(printable("plain"), "plain");
    }

    #[test]
    fn suggests_only_close_words() {
        let areas = ["hips", "hamstrings", "neck"];
        assert_eq!(closest("hip", areas), Some("hips"));
        assert_eq!(closest("hamstring", areas), Some("hamstrings"));
        assert_eq!(closest("elbow", areas), None);
        assert_eq!(closest("calf", ["calves", "chest"]), Some("calves"));
        assert_eq!(
            did_you_mean("nekc", areas).as_deref(),
            Some("did you mean `neck`?")
        );
    }

    #[test]
    fn a_snippet_shows_the_line_with_a_caret_under_the_value() {
        let text = "- id: knee-hug\n  areas: [lower-back, hip]\n";
        let mut found = vec![
            Diagnostic::new("s.yaml", "unknown area `hip`").at(Some(Pos {
                line: 2,
                column: 23,
            })),
            Diagnostic::new("s.yaml", "the whole file"),
        ];
        attach_lines(&mut found, text);
        assert_eq!(
            found[0].snippet(),
            "s.yaml:2:23: unknown area `hip`\n  |\n2 |   areas: [lower-back, hip]\n  |                       ^^^"
        );
        // Without a position: the one-line form alone.
        assert_eq!(found[1].snippet(), "s.yaml: the whole file");
        assert_eq!(found[1].source_line, None);
    }

    #[test]
    fn display_names_file_position_context_and_field() {
        let d = Diagnostic::new("stretches/hips.yaml", "unknown area `hip`")
            .at(Some(Pos {
                line: 12,
                column: 5,
            }))
            .context(Some("stretch `pigeon`".into()))
            .field("areas")
            .hint(Some("did you mean `hips`?".into()));
        assert_eq!(
            d.to_string(),
            "stretches/hips.yaml:12:5: stretch `pigeon`, field `areas`: unknown area `hip` (did you mean `hips`?)"
        );
    }

    #[test]
    fn printable_output_escapes_controls_and_keeps_lines() {
        use std::io::Write as _;
        let mut out = Printable::new(Vec::new());
        out.write_all("a\u{1b}]52;c;eA==\u{7}\tb\n".as_bytes())
            .unwrap();
        // a C1 control split between two writes
        let csi = "\u{9b}".as_bytes();
        out.write_all(&[b'x', csi[0]]).unwrap();
        out.write_all(&[csi[1], b'y', b'\r']).unwrap();
        out.write_all("é\n".as_bytes()).unwrap();
        out.flush().unwrap();
        assert_eq!(
            String::from_utf8(out.inner).unwrap(),
            "a\\u{1b}]52;c;eA==\\u{7}\tb\nx\\u{9b}y\\ré\n"
        );
    }
}
