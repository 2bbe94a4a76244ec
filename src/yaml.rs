//! Reading YAML files field by field, collecting every problem with its line and column.
//!
//! [`tree`] parses the text into [`Node`]s that each carry their own line and column (and
//! refuses hostile shapes early); [`Doc`] reads fields out of them and collects problems, each
//! at the node it is about: a bad value at the value, an unknown field at its key, a missing
//! field at the mapping that lacks it.

pub mod tree;

use crate::diag::{Diagnostic, Pos, did_you_mean};
pub use tree::{Map, Node, Value};

/// The largest YAML file we read.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

/// The longest duration anywhere: 30 minutes.
pub const MAX_SECONDS: u32 = 30 * 60;

/// The problems listed for one file; the rest are counted in one last line.
pub const MAX_PROBLEMS: usize = 50;

/// The lines of a text as YAML counts them: `\n`, `\r\n` and a lone `\r` all end a line.
fn yaml_lines(text: &str) -> Vec<&str> {
    if !text.contains('\r') {
        // The common case, and a quick one.
        let mut lines: Vec<&str> = text.split('\n').collect();
        if text.ends_with('\n') {
            lines.pop();
        }
        return lines;
    }
    let mut lines = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                lines.push(&text[start..i]);
                start = i + 1;
            }
            b'\r' => {
                lines.push(&text[start..i]);
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < bytes.len() {
        lines.push(&text[start..]);
    }
    lines
}

/// The position of the first control character YAML does not allow (anything but tab and
/// line breaks), counted the way YAML counts lines.
fn first_control(text: &str) -> Option<(Pos, char)> {
    // Quick check on the bytes first: ASCII controls other than tab and line breaks, DEL,
    // or the UTF-8 lead byte of a C1 control (U+0080 to U+009F).
    let suspect = text
        .bytes()
        .any(|b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f || b == 0xc2);
    if !suspect {
        return None;
    }
    for (n, line) in yaml_lines(text).iter().enumerate() {
        if let Some((col, c)) = line
            .char_indices()
            .find(|&(_, c)| c.is_control() && c != '\t')
        {
            return Some((
                Pos {
                    line: n + 1,
                    column: line[..col].chars().count() + 1,
                },
                c,
            ));
        }
    }
    None
}

/// A parsed YAML file and the problems found in it so far.
pub struct Doc {
    pub file: String,
    /// The first [`MAX_PROBLEMS`] problems reported.
    pub problems: Vec<Diagnostic>,
    /// Every problem reported, listed or not.
    reported: usize,
}

/// A mapping being read: where it is, and what it is called in messages.
#[derive(Clone)]
pub struct Scope<'v> {
    pub map: &'v Map<'v>,
    /// Where the mapping starts, for a field it lacks.
    pub pos: Pos,
    /// "stretch `pigeon`", "routine `morning`, step 3"
    pub context: Option<String>,
    /// The dotted field prefix for nested mappings: "breath."
    pub prefix: String,
}

impl<'v> Scope<'v> {
    /// A top-level scope over `map`, which is the mapping `node`.
    pub fn new(node: &Node<'_>, map: &'v Map<'v>, context: Option<String>) -> Self {
        Scope {
            map,
            pos: node.pos(),
            context,
            prefix: String::new(),
        }
    }
}

/// The name of a YAML value's type, for "expected X, found Y" messages.
pub fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Int(_) | Value::Float(_) => "a number",
        Value::Str(_) => "text",
        Value::Seq(_) => "a list",
        Value::Map(_) => "a mapping",
        Value::Tagged => "a tagged value",
    }
}

/// Parses `text` into a tree; the problems of a file are [`Doc::parse`]'s.
pub fn parse_tree(text: &str) -> Result<Node<'_>, tree::Error> {
    tree::parse(text)
}

/// What kind of document `text` holds, without reading all of it: see [`tree::parse_shape`].
pub fn parse_shape(text: &str) -> Result<Node<'_>, tree::Error> {
    tree::parse_shape(text)
}

/// Refuses text with control characters (terminal escape sequences, tabs, newlines inside).
pub fn check_text(s: &str) -> Result<String, String> {
    let t = s.trim();
    // Plain ASCII without a control byte is the common case, seen without decoding.
    let plain = t.bytes().all(|b| (0x20..0x7f).contains(&b));
    if let Some(c) = (!plain)
        .then(|| t.chars().find(|c| c.is_control()))
        .flatten()
    {
        return Err(format!(
            "text contains the control character {c:?}; only plain printable text is allowed"
        ));
    }
    Ok(t.to_string())
}

/// Parses `30s`, `1m`, `1m30s`, `2m 30s` or a bare number of seconds.
pub fn parse_duration(s: &str) -> Result<u32, String> {
    const FORMS: &str = "write a duration like `30s`, `1m` or `1m30s`";
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return Err(format!("empty duration; {FORMS}"));
    }
    if compact.chars().all(|c| c.is_ascii_digit()) {
        return compact
            .parse::<u32>()
            .map_err(|_| format!("`{s}` is too large; {FORMS}"));
    }
    let mut total: u64 = 0;
    let mut number = String::new();
    let mut seen_m = false;
    let mut seen_s = false;
    for c in compact.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let n: u64 = number
            .parse()
            .map_err(|_| format!("cannot read `{s}` as a duration; {FORMS}"))?;
        number.clear();
        let add = match c {
            'm' if !seen_m && !seen_s => {
                seen_m = true;
                n.checked_mul(60)
            }
            's' if !seen_s => {
                seen_s = true;
                Some(n)
            }
            _ => return Err(format!("cannot read `{s}` as a duration; {FORMS}")),
        };
        total = add
            .and_then(|a| total.checked_add(a))
            .ok_or_else(|| format!("`{s}` is too large; {FORMS}"))?;
    }
    if !number.is_empty() {
        return Err(format!(
            "`{s}` has a number without a unit at the end; {FORMS}"
        ));
    }
    u32::try_from(total).map_err(|_| format!("`{s}` is too large; {FORMS}"))
}

/// Formats seconds the way files write them: `45s`, `2m`, `1m30s`.
pub fn format_duration(secs: u32) -> String {
    match (secs / 60, secs % 60) {
        (0, s) => format!("{s}s"),
        (m, 0) => format!("{m}m"),
        (m, s) => format!("{m}m{s}s"),
    }
}

/// A closed set of words (areas, positions, ...), read from YAML with did-you-mean help.
pub trait Vocab: Sized + Copy + PartialEq + 'static {
    /// What one value is called in messages: "area".
    const WHAT: &'static str;
    const ALL: &'static [Self];
    fn name(self) -> &'static str;
    fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.name() == s)
    }
    fn names() -> Vec<&'static str> {
        Self::ALL.iter().map(|v| v.name()).collect()
    }
    /// "unknown area `hip`; expected one of ..." with a suggestion.
    fn unknown(s: &str) -> (String, Option<String>) {
        let names = Self::names();
        (
            format!(
                "unknown {} `{s}`; expected one of: {}",
                Self::WHAT,
                names.join(", ")
            ),
            did_you_mean(s, names.iter().copied()),
        )
    }
}

/// Declares a `Vocab` enum with its YAML spellings.
#[macro_export]
macro_rules! vocab {
    ($(#[$meta:meta])* $name:ident, $what:literal, { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $crate::yaml::Vocab for $name {
            const WHAT: &'static str = $what;
            const ALL: &'static [Self] = &[$(Self::$variant),+];
            fn name(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str($crate::yaml::Vocab::name(*self))
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str($crate::yaml::Vocab::name(*self))
            }
        }
    };
}

impl Doc {
    /// Parses `text`; a syntax error comes back as a diagnostic with its position.
    pub fn parse<'a>(file: &str, text: &'a str) -> Result<(Self, Node<'a>), Diagnostic> {
        Self::parse_text(file, text).map_err(|mut d| {
            crate::diag::attach_lines(std::slice::from_mut(&mut d), text);
            d
        })
    }

    fn parse_text<'a>(file: &str, text: &'a str) -> Result<(Self, Node<'a>), Diagnostic> {
        if let Some((pos, c)) = first_control(text) {
            return Err(Diagnostic::new(
                file,
                format!(
                    "the file contains the control character {}; only printable text is allowed",
                    c.escape_default()
                ),
            )
            .at(Some(pos))
            .hint(Some(
                "remove it; terminal escape sequences are not allowed in stretch files".into(),
            )));
        }
        match tree::parse(text) {
            Ok(node) => Ok((
                Self {
                    file: file.to_string(),
                    problems: Vec::new(),
                    reported: 0,
                },
                node,
            )),
            Err(e) => Err(
                Diagnostic::new(file, format!("this is not valid YAML: {}", e.message))
                    .at(Some(e.pos))
                    .hint(Some(e.hint)),
            ),
        }
    }

    /// How many problems were reported so far, listed or not.
    pub fn reported(&self) -> usize {
        self.reported
    }

    /// The problems found, in the order they stand in the file; past [`MAX_PROBLEMS`], one
    /// last line says how many more there are.
    pub fn into_problems(mut self) -> Vec<Diagnostic> {
        self.problems
            .sort_by_key(|d| d.pos.map(|p| (p.line, p.column)));
        let more = self.reported - self.problems.len();
        if more > 0 {
            let s = if more == 1 { "" } else { "s" };
            let mut last = Diagnostic::new(
                self.file.clone(),
                format!("... and {more} more problem{s} in this file"),
            );
            last.counts = more;
            self.problems.push(last);
        }
        self.problems
    }

    /// Records a problem at `pos`.
    pub fn report(
        &mut self,
        pos: Pos,
        context: Option<&str>,
        field: Option<&str>,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        self.reported += 1;
        if self.problems.len() >= MAX_PROBLEMS {
            return;
        }
        let mut d = Diagnostic::new(self.file.clone(), message)
            .at(Some(pos))
            .context(context.map(str::to_string))
            .hint(hint);
        d.field = field.map(str::to_string);
        self.problems.push(d);
    }

    /// Records a problem with one field of a scope: at `at` (an item of its list), or else at
    /// the field's value (at the mapping when the field is missing).
    pub fn field_problem(
        &mut self,
        scope: &Scope<'_>,
        key: &str,
        at: Option<Pos>,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        let pos = at
            .or_else(|| scope.map.get(key).map(Node::pos))
            .unwrap_or(scope.pos);
        self.field_problem_at(scope, key, pos, message, hint);
    }

    fn field_problem_at(
        &mut self,
        scope: &Scope<'_>,
        key: &str,
        pos: Pos,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        if self.problems.len() >= MAX_PROBLEMS {
            self.reported += 1;
            return;
        }
        let field = format!("{}{key}", scope.prefix);
        self.report(pos, scope.context.as_deref(), Some(&field), message, hint);
    }

    /// Reports every key of `scope` that is not in `allowed`, at the key.
    pub fn check_keys(&mut self, scope: &Scope<'_>, allowed: &[&str]) {
        for key in scope.map.keys() {
            match key.as_str() {
                Some(k) if allowed.iter().any(|a| tree::same_text(a, k)) => {}
                Some(k) => {
                    let hint = did_you_mean(k, allowed.iter().copied());
                    self.field_problem_at(
                        scope,
                        k,
                        key.pos(),
                        format!("unknown field; expected one of: {}", allowed.join(", ")),
                        hint,
                    );
                }
                None => {
                    self.report(
                        key.pos(),
                        scope.context.as_deref(),
                        None,
                        format!("a field name must be text, found {}", kind_of(&key.value)),
                        None,
                    );
                }
            }
        }
    }

    /// A required field that is missing, at the mapping.
    pub fn missing(&mut self, scope: &Scope<'_>, key: &str, expected: &str) {
        self.field_problem_at(
            scope,
            key,
            scope.pos,
            format!("missing; expected {expected}"),
            None,
        );
    }

    /// A text field.
    pub fn text(&mut self, scope: &Scope<'_>, key: &str, required: bool) -> Option<String> {
        let Some(v) = scope.map.get(key) else {
            if required {
                self.missing(scope, key, "text");
            }
            return None;
        };
        self.text_value(scope, key, v)
    }

    fn text_value(&mut self, scope: &Scope<'_>, key: &str, v: &Node<'_>) -> Option<String> {
        let Some(s) = v.as_str() else {
            self.field_problem_at(
                scope,
                key,
                v.pos(),
                format!("expected text, found {}", kind_of(&v.value)),
                None,
            );
            return None;
        };
        match check_text(s) {
            Ok(t) if t.is_empty() => {
                self.field_problem_at(scope, key, v.pos(), "empty text", None);
                None
            }
            Ok(t) => Some(t),
            Err(message) => {
                self.field_problem_at(scope, key, v.pos(), message, None);
                None
            }
        }
    }

    /// A list of text items; a missing field is an empty list.
    pub fn text_list(&mut self, scope: &Scope<'_>, key: &str) -> Vec<String> {
        let Some(v) = scope.map.get(key) else {
            return Vec::new();
        };
        let Some(items) = v.as_seq() else {
            self.field_problem_at(
                scope,
                key,
                v.pos(),
                format!("expected a list of text, found {}", kind_of(&v.value)),
                Some(format!(
                    "write `{key}: [first, second]` or one `- item` per line"
                )),
            );
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| self.text_value(scope, key, item))
            .collect()
    }

    /// One word of a closed vocabulary.
    pub fn word<T: Vocab>(&mut self, scope: &Scope<'_>, key: &str, required: bool) -> Option<T> {
        let Some(v) = scope.map.get(key) else {
            if required {
                let expected = format!("one {}: {}", T::WHAT, T::names().join(", "));
                self.missing(scope, key, &expected);
            }
            return None;
        };
        self.word_value(scope, key, v)
    }

    fn word_value<T: Vocab>(&mut self, scope: &Scope<'_>, key: &str, v: &Node<'_>) -> Option<T> {
        let Some(s) = v.as_str() else {
            self.field_problem_at(
                scope,
                key,
                v.pos(),
                format!(
                    "expected one {}: {}, found {}",
                    T::WHAT,
                    T::names().join(", "),
                    kind_of(&v.value)
                ),
                None,
            );
            return None;
        };
        if let Some(t) = T::parse(s) {
            return Some(t);
        }
        let (message, hint) = T::unknown(s);
        self.field_problem_at(scope, key, v.pos(), message, hint);
        None
    }

    /// A list of words of a closed vocabulary; a missing field is an empty list.
    pub fn word_list<T: Vocab>(&mut self, scope: &Scope<'_>, key: &str) -> Vec<T> {
        let Some(v) = scope.map.get(key) else {
            return Vec::new();
        };
        let Some(items) = v.as_seq() else {
            self.field_problem_at(
                scope,
                key,
                v.pos(),
                format!(
                    "expected a list of {}s, found {}",
                    T::WHAT,
                    kind_of(&v.value)
                ),
                Some(format!("write `{key}: [first, second]`")),
            );
            return Vec::new();
        };
        let mut out: Vec<T> = Vec::new();
        for item in items {
            if let Some(t) = self.word_value::<T>(scope, key, item) {
                if out.contains(&t) {
                    self.field_problem_at(
                        scope,
                        key,
                        item.pos(),
                        format!("{} `{}` is listed twice", T::WHAT, t.name()),
                        None,
                    );
                } else {
                    out.push(t);
                }
            }
        }
        out
    }

    /// A duration (`30s`, `1m30s`, a number of seconds) from 1 s to 30 minutes.
    pub fn duration(&mut self, scope: &Scope<'_>, key: &str) -> Option<u32> {
        let v = scope.map.get(key)?;
        let parsed = match &v.value {
            Value::Int(n) if *n < 0 => Err(format!("`{n}` is negative; a duration is at least 1s")),
            Value::Int(n) => u32::try_from(*n).map_err(|_| format!("`{n}` seconds is too long")),
            Value::Float(f) if *f < 0.0 => {
                Err(format!("`{f}` is negative; a duration is at least 1s"))
            }
            Value::Float(f) => Err(format!(
                "`{f}` is not a whole number of seconds; write a duration like `30s`, `1m` or `1m30s`"
            )),
            Value::Str(s) => parse_duration(s),
            other => Err(format!(
                "expected a duration like `30s`, `1m` or `1m30s`, found {}",
                kind_of(other)
            )),
        };
        let at = v.pos();
        match parsed {
            Ok(0) => {
                self.field_problem_at(
                    scope,
                    key,
                    at,
                    "a duration of zero; expected at least 1s",
                    None,
                );
                None
            }
            Ok(s) if s > MAX_SECONDS => {
                self.field_problem_at(
                    scope,
                    key,
                    at,
                    format!("{} is longer than the 30 minute limit", format_duration(s)),
                    (key == "hold").then(|| "split a long hold into sets".into()),
                );
                None
            }
            Ok(s) => Some(s),
            Err(message) => {
                self.field_problem_at(scope, key, at, message, None);
                None
            }
        }
    }

    /// A whole number in `min..=max`.
    pub fn count(&mut self, scope: &Scope<'_>, key: &str, min: u32, max: u32) -> Option<u32> {
        let v = scope.map.get(key)?;
        match &v.value {
            Value::Int(n) if *n >= i64::from(min) && *n <= i64::from(max) => Some(*n as u32),
            Value::Int(n) => {
                self.field_problem_at(
                    scope,
                    key,
                    v.pos(),
                    format!("{n} is out of range; expected a whole number from {min} to {max}"),
                    None,
                );
                None
            }
            other => {
                self.field_problem_at(
                    scope,
                    key,
                    v.pos(),
                    format!(
                        "expected a whole number from {min} to {max}, found {}",
                        match other {
                            Value::Str(s) => format!("`{s}`"),
                            Value::Float(f) => format!("`{f}`"),
                            other => kind_of(other).to_string(),
                        }
                    ),
                    None,
                );
                None
            }
        }
    }

    /// `true` or `false`.
    pub fn flag(&mut self, scope: &Scope<'_>, key: &str) -> Option<bool> {
        let v = scope.map.get(key)?;
        if let Value::Bool(b) = v.value {
            return Some(b);
        }
        self.field_problem_at(
            scope,
            key,
            v.pos(),
            format!("expected `true` or `false`, found {}", kind_of(&v.value)),
            None,
        );
        None
    }

    /// A nested mapping, as a scope of its own.
    pub fn sub<'v>(&mut self, scope: &Scope<'v>, key: &str) -> Option<Scope<'v>> {
        let v = scope.map.get(key)?;
        let Some(map) = v.as_map() else {
            self.field_problem_at(
                scope,
                key,
                v.pos(),
                format!("expected a mapping, found {}", kind_of(&v.value)),
                None,
            );
            return None;
        };
        Some(Scope {
            map,
            pos: v.pos(),
            context: scope.context.clone(),
            prefix: format!("{}{key}.", scope.prefix),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_durations() {
        assert_eq!(parse_duration("30s"), Ok(30));
        assert_eq!(parse_duration("1m"), Ok(60));
        assert_eq!(parse_duration("1m30s"), Ok(90));
        assert_eq!(parse_duration("2m 5s"), Ok(125));
        assert_eq!(parse_duration("45"), Ok(45));
        assert!(parse_duration("30sec").is_err());
        assert!(parse_duration("1s30").is_err());
        assert!(parse_duration("s").is_err());
        assert!(parse_duration("").is_err());
        assert!(parse_duration("30s1m").is_err());
        assert!(parse_duration("99999999999999999999s").is_err());
        // Big enough to overflow while adding up: refused, never wrapped around.
        assert!(parse_duration("999999999999999999m").is_err());
        assert!(parse_duration("1m18446744073709551615s").is_err());
    }

    #[test]
    fn formats_durations_as_files_write_them() {
        assert_eq!(format_duration(45), "45s");
        assert_eq!(format_duration(120), "2m");
        assert_eq!(format_duration(90), "1m30s");
    }

    #[test]
    fn refuses_control_characters() {
        assert!(check_text("Breathe out \u{1b}[31m").is_err());
        assert!(check_text("a\tb").is_err());
        assert_eq!(check_text("  plain text \n"), Ok("plain text".into()));
    }
}
