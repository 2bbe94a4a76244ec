//! Reading YAML files field by field, collecting every problem with its line and column.
//!
//! `serde_yaml` parses the text into a [`Value`] tree (and reports syntax errors with their
//! position); the tree carries no positions, so a [`Locator`] finds a field again in the text
//! by its path (`[3].breath.in`). It understands the block style people write by hand and the
//! flow style (`[a, b]`, `{in: 3s}`) inside one line, which is all our files use; for anything
//! it cannot follow it falls back to the nearest enclosing place it did find.

use crate::diag::{Diagnostic, Pos, did_you_mean};
use serde_yaml::{Mapping, Value};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// The largest YAML file we read.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

/// The longest duration anywhere: 30 minutes.
pub const MAX_SECONDS: u32 = 30 * 60;

/// One step of a path into a YAML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// The keys of one block at its own indentation: `(line, column, key, offset after the colon)`.
type Keys<'a> = Rc<Vec<(usize, usize, &'a str, usize)>>;

/// The dashes of one block sequence at its own indentation: `(line, column)`.
type Dashes = Rc<Vec<(usize, usize)>>;

/// Finds the line and column of a path in YAML text.
///
/// What it finds in a block (its sequence items, its keys, where it ends) is kept, so that
/// asking for every stretch of a big file, or for many problems in one routine, stays
/// linear in the file's length.
pub struct Locator<'a> {
    lines: Vec<&'a str>,
    dashes: RefCell<HashMap<(usize, usize), Dashes>>,
    keys: RefCell<HashMap<(usize, usize), Keys<'a>>>,
    ends: RefCell<HashMap<(usize, usize, usize, bool), usize>>,
}

#[derive(Clone, Copy)]
enum Region {
    /// Lines `start..end`.
    Block { start: usize, end: usize },
    /// Inside a flow collection that starts at `col` on `line`.
    Inline { line: usize, col: usize },
    /// A scalar: nothing below it.
    Leaf,
}

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

/// `(column of the key, the key, byte offset just after the colon)` for a `key: value` line.
fn key_at(line: &str) -> Option<(usize, &str, usize)> {
    let mut col = line.len() - line.trim_start_matches(' ').len();
    let mut rest = &line[col..];
    while let Some(r) = rest.strip_prefix("- ") {
        let skipped = r.len() - r.trim_start_matches(' ').len();
        col += 2 + skipped;
        rest = &r[skipped..];
    }
    if rest.starts_with('#') || rest.is_empty() {
        return None;
    }
    let (key, after) = if let Some(q) = rest.strip_prefix('"').or_else(|| rest.strip_prefix('\'')) {
        let end = q.find(['"', '\''])?;
        (&q[..end], &q[end + 1..])
    } else {
        let end = rest.find(':')?;
        let key = rest[..end].trim_end();
        if key.contains(['{', '[', ',']) {
            return None;
        }
        (key, &rest[end..])
    };
    let after = after.strip_prefix(':')?;
    if !(after.is_empty() || after.starts_with(' ')) {
        return None;
    }
    Some((col, key, line.len() - after.len()))
}

/// The column of a block sequence's dash (`- x` or a lone `-`) on this line.
fn dash_at(line: &str) -> Option<usize> {
    let col = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[col..];
    (rest == "-" || rest.starts_with("- ")).then_some(col)
}

fn is_content(line: &str) -> bool {
    let t = line.trim();
    !(t.is_empty() || t.starts_with('#') || t == "---" || t == "...")
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Byte offsets of the items of a flow collection starting at `open` (a `[` or `{`).
fn flow_items(line: &str, open: usize) -> Vec<usize> {
    let bytes = line.as_bytes();
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut start = None;
    for (i, &b) in bytes.iter().enumerate().skip(open) {
        if let Some(q) = quote {
            if b == q {
                quote = None;
            }
            continue;
        }
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth == 1 {
                    start = Some(i + 1);
                }
            }
            b']' | b'}' => {
                if depth == 1 {
                    if let Some(s) = start.take().filter(|&s| !line[s..i].trim().is_empty()) {
                        items.push(s);
                    }
                    break;
                }
                depth = depth.saturating_sub(1);
            }
            b',' if depth == 1 => {
                if let Some(s) = start.replace(i + 1) {
                    items.push(s);
                }
            }
            b'"' | b'\'' => quote = Some(b),
            _ => {}
        }
    }
    items
        .into_iter()
        .map(|s| s + (line[s..].len() - line[s..].trim_start().len()))
        .collect()
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str) -> Self {
        Self {
            lines: yaml_lines(text),
            dashes: RefCell::default(),
            keys: RefCell::default(),
            ends: RefCell::default(),
        }
    }

    /// The position of a byte offset in a line, the column counted in characters.
    fn pos_in(&self, line: usize, byte_col: usize) -> Pos {
        let text = self.lines[line];
        let cut = (0..=byte_col.min(text.len()))
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0);
        Pos {
            line: line + 1,
            column: text[..cut].chars().count() + 1,
        }
    }

    /// The end (exclusive) of the block that belongs to a key or dash at `col` on `line`.
    fn block_end(&self, line: usize, col: usize, limit: usize, is_dash: bool) -> usize {
        let key = (line, col, limit, is_dash);
        if let Some(&end) = self.ends.borrow().get(&key) {
            return end;
        }
        let end = self.scan_block_end(line, col, limit, is_dash);
        self.ends.borrow_mut().insert(key, end);
        end
    }

    fn scan_block_end(&self, line: usize, col: usize, limit: usize, is_dash: bool) -> usize {
        for l in line + 1..limit {
            let text = self.lines[l];
            if !is_content(text) {
                continue;
            }
            let ind = indent(text);
            let sibling_dash = dash_at(text) == Some(col);
            if ind < col || (ind == col && (is_dash || !sibling_dash)) {
                return l;
            }
        }
        limit
    }

    fn first_content(&self, start: usize, end: usize) -> Option<usize> {
        (start..end).find(|&l| is_content(self.lines[l]))
    }

    /// The position of `path`, or of the deepest part of it that could be found.
    pub fn locate(&self, path: &[Seg]) -> Option<Pos> {
        let mut region = Region::Block {
            start: 0,
            end: self.lines.len(),
        };
        let mut best = self
            .first_content(0, self.lines.len())
            .map(|l| self.pos_in(l, indent(self.lines[l])));
        for seg in path {
            let found = match (region, seg) {
                (Region::Block { start, end }, Seg::Key(k)) => self.block_key(start, end, k),
                (Region::Block { start, end }, Seg::Index(i)) => self.block_index(start, end, *i),
                (Region::Inline { line, col }, Seg::Key(k)) => self.inline_key(line, col, k),
                (Region::Inline { line, col }, Seg::Index(i)) => self.inline_index(line, col, *i),
                (Region::Leaf, _) => None,
            };
            let Some((pos, next)) = found else { break };
            best = Some(pos);
            region = next;
        }
        best
    }

    fn after_value(&self, line: usize, value_at: usize, block: (usize, usize)) -> Region {
        let text = self.lines[line];
        let rest = text[value_at..].trim_start();
        let at = text.len() - rest.len();
        if rest.starts_with('[') || rest.starts_with('{') {
            Region::Inline { line, col: at }
        } else if rest.is_empty() || rest.starts_with('#') {
            Region::Block {
                start: block.0,
                end: block.1,
            }
        } else {
            Region::Leaf
        }
    }

    /// The keys of the block `start..end` at its own (the smallest) indentation.
    fn keys_of(&self, start: usize, end: usize) -> Keys<'a> {
        if let Some(keys) = self.keys.borrow().get(&(start, end)) {
            return Rc::clone(keys);
        }
        let all: Vec<(usize, usize, &'a str, usize)> = (start..end)
            .filter_map(|l| key_at(self.lines[l]).map(|(c, k, after)| (l, c, k, after)))
            .collect();
        let child_col = all.iter().map(|k| k.1).min().unwrap_or(0);
        let keys: Keys<'a> = Rc::new(all.into_iter().filter(|k| k.1 == child_col).collect());
        self.keys
            .borrow_mut()
            .insert((start, end), Rc::clone(&keys));
        keys
    }

    /// The dashes of the block sequence in `start..end` at its own indentation.
    fn dashes_of(&self, start: usize, end: usize) -> Dashes {
        if let Some(dashes) = self.dashes.borrow().get(&(start, end)) {
            return Rc::clone(dashes);
        }
        let all: Vec<(usize, usize)> = (start..end)
            .filter_map(|l| dash_at(self.lines[l]).map(|c| (l, c)))
            .collect();
        let col = all.iter().map(|d| d.1).min().unwrap_or(0);
        let dashes = Rc::new(all.into_iter().filter(|d| d.1 == col).collect::<Vec<_>>());
        self.dashes
            .borrow_mut()
            .insert((start, end), Rc::clone(&dashes));
        dashes
    }

    fn block_key(&self, start: usize, end: usize, key: &str) -> Option<(Pos, Region)> {
        let keys = self.keys_of(start, end);
        let &(line, col, _, after) = keys.iter().find(|k| k.2 == key)?;
        let block_end = self.block_end(line, col, end, false);
        let region = self.after_value(line, after, (line + 1, block_end));
        Some((self.pos_in(line, col), region))
    }

    fn block_index(&self, start: usize, end: usize, index: usize) -> Option<(Pos, Region)> {
        let first = self.first_content(start, end)?;
        let text = self.lines[first];
        if dash_at(text).is_none() {
            // A flow sequence on the key's own line was handled as Inline; here the value
            // may still be a flow sequence on the next line.
            let rest = text.trim_start();
            if rest.starts_with('[') {
                return self.inline_index(first, indent(text), index);
            }
        }
        let &(line, col) = self.dashes_of(start, end).get(index)?;
        let item_end = self.block_end(line, col, end, true);
        let item_text = &self.lines[line][col + 1..];
        let value_at = col + 1 + (item_text.len() - item_text.trim_start().len());
        let region = if key_at(self.lines[line]).is_some() || item_text.trim().is_empty() {
            Region::Block {
                start: line,
                end: item_end,
            }
        } else {
            self.after_value(line, value_at, (line + 1, item_end))
        };
        Some((
            self.pos_in(line, value_at.min(self.lines[line].len())),
            region,
        ))
    }

    fn inline_key(&self, line: usize, col: usize, key: &str) -> Option<(Pos, Region)> {
        let text = self.lines[line];
        for item in flow_items(text, col) {
            let rest = &text[item..];
            let rest = rest.trim_start_matches(['"', '\'']);
            if let Some(after) = rest.strip_prefix(key) {
                let after = after.trim_start_matches(['"', '\'']);
                if let Some(value) = after.strip_prefix(':') {
                    let value_at = text.len() - value.len();
                    let region = self.after_value(line, value_at, (line + 1, line + 1));
                    return Some((self.pos_in(line, item), region));
                }
            }
        }
        None
    }

    fn inline_index(&self, line: usize, col: usize, index: usize) -> Option<(Pos, Region)> {
        let text = self.lines[line];
        let item = *flow_items(text, col).get(index)?;
        let region = self.after_value(line, item, (line + 1, line + 1));
        Some((self.pos_in(line, item), region))
    }
}

/// A parsed YAML file and the problems found in it so far.
pub struct Doc<'a> {
    pub file: String,
    locator: Locator<'a>,
    pub problems: Vec<Diagnostic>,
}

/// A mapping being read: where it is, and what it is called in messages.
#[derive(Clone)]
pub struct Scope<'v> {
    pub map: &'v Mapping,
    pub path: Vec<Seg>,
    /// "stretch `pigeon`", "routine `morning`, step 3"
    pub context: Option<String>,
    /// The dotted field prefix for nested mappings: "breath."
    pub prefix: String,
}

/// The name of a YAML value's type, for "expected X, found Y" messages.
pub fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

/// Refuses text with control characters (terminal escape sequences, tabs, newlines inside).
pub fn check_text(s: &str) -> Result<String, String> {
    let t = s.trim();
    if let Some(c) = t.chars().find(|c| c.is_control()) {
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

impl<'a> Doc<'a> {
    /// Parses `text`; a syntax error comes back as a diagnostic with its position.
    pub fn parse(file: &str, text: &'a str) -> Result<(Self, Value), Diagnostic> {
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
        match serde_yaml::from_str::<Value>(text) {
            Ok(value) => Ok((
                Self {
                    file: file.to_string(),
                    locator: Locator::new(text),
                    problems: Vec::new(),
                },
                value,
            )),
            Err(e) => {
                let pos = e.location().map(|l| Pos {
                    line: l.line(),
                    column: l.column(),
                });
                let mut message = e.to_string();
                // serde_yaml appends " at line L column C"; we print the position up front.
                if let Some(i) = message.find(" at line ") {
                    message.truncate(i);
                }
                let hint = if message.contains("recursion limit") {
                    "the file nests lists or mappings too deeply; supple's files are only a few levels deep"
                } else if message.contains("repetition limit") {
                    "the file repeats aliases too often; write the values out instead"
                } else {
                    "check the indentation, and quote text that contains `: ` or starts with a special character"
                };
                Err(
                    Diagnostic::new(file, format!("this is not valid YAML: {message}"))
                        .at(pos)
                        .hint(Some(hint.into())),
                )
            }
        }
    }

    pub fn locate(&self, path: &[Seg]) -> Option<Pos> {
        self.locator.locate(path)
    }

    /// The problems found, in the order they stand in the file.
    pub fn into_problems(mut self) -> Vec<Diagnostic> {
        self.problems
            .sort_by_key(|d| d.pos.map(|p| (p.line, p.column)));
        self.problems
    }

    /// Records a problem at `path`.
    pub fn report(
        &mut self,
        path: &[Seg],
        context: Option<&str>,
        field: Option<&str>,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        let mut d = Diagnostic::new(self.file.clone(), message)
            .at(self.locate(path))
            .context(context.map(str::to_string))
            .hint(hint);
        d.field = field.map(str::to_string);
        self.problems.push(d);
    }

    /// Records a problem with one field of a scope.
    pub fn field_problem(
        &mut self,
        scope: &Scope<'_>,
        key: &str,
        extra: Option<Seg>,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        let mut path = scope.path.clone();
        path.push(Seg::Key(key.to_string()));
        path.extend(extra);
        let field = format!("{}{key}", scope.prefix);
        self.report(&path, scope.context.as_deref(), Some(&field), message, hint);
    }

    /// Reports every key of `scope` that is not in `allowed`.
    pub fn check_keys(&mut self, scope: &Scope<'_>, allowed: &[&str]) {
        for key in scope.map.keys() {
            match key.as_str() {
                Some(k) if allowed.contains(&k) => {}
                Some(k) => {
                    let hint = did_you_mean(k, allowed.iter().copied());
                    self.field_problem(
                        scope,
                        k,
                        None,
                        format!("unknown field; expected one of: {}", allowed.join(", ")),
                        hint,
                    );
                }
                None => {
                    let path = scope.path.clone();
                    self.report(
                        &path,
                        scope.context.as_deref(),
                        None,
                        format!("a field name must be text, found {}", kind_of(key)),
                        None,
                    );
                }
            }
        }
    }

    /// A required field that is missing.
    pub fn missing(&mut self, scope: &Scope<'_>, key: &str, expected: &str) {
        let path = scope.path.clone();
        let field = format!("{}{key}", scope.prefix);
        self.report(
            &path,
            scope.context.as_deref(),
            Some(&field),
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
        self.text_value(scope, key, None, v)
    }

    fn text_value(
        &mut self,
        scope: &Scope<'_>,
        key: &str,
        index: Option<usize>,
        v: &Value,
    ) -> Option<String> {
        let extra = index.map(Seg::Index);
        let Some(s) = v.as_str() else {
            self.field_problem(
                scope,
                key,
                extra,
                format!("expected text, found {}", kind_of(v)),
                None,
            );
            return None;
        };
        match check_text(s) {
            Ok(t) if t.is_empty() => {
                self.field_problem(scope, key, extra, "empty text", None);
                None
            }
            Ok(t) => Some(t),
            Err(message) => {
                self.field_problem(scope, key, extra, message, None);
                None
            }
        }
    }

    /// A list of text items; a missing field is an empty list.
    pub fn text_list(&mut self, scope: &Scope<'_>, key: &str) -> Vec<String> {
        let Some(v) = scope.map.get(key) else {
            return Vec::new();
        };
        let Some(items) = v.as_sequence() else {
            self.field_problem(
                scope,
                key,
                None,
                format!("expected a list of text, found {}", kind_of(v)),
                Some(format!(
                    "write `{key}: [first, second]` or one `- item` per line"
                )),
            );
            return Vec::new();
        };
        items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| self.text_value(scope, key, Some(i), item))
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
        self.word_value(scope, key, None, v)
    }

    fn word_value<T: Vocab>(
        &mut self,
        scope: &Scope<'_>,
        key: &str,
        index: Option<usize>,
        v: &Value,
    ) -> Option<T> {
        let extra = index.map(Seg::Index);
        let Some(s) = v.as_str() else {
            self.field_problem(
                scope,
                key,
                extra,
                format!(
                    "expected one {}: {}, found {}",
                    T::WHAT,
                    T::names().join(", "),
                    kind_of(v)
                ),
                None,
            );
            return None;
        };
        if let Some(t) = T::parse(s) {
            return Some(t);
        }
        let (message, hint) = T::unknown(s);
        self.field_problem(scope, key, extra, message, hint);
        None
    }

    /// A list of words of a closed vocabulary; a missing field is an empty list.
    pub fn word_list<T: Vocab>(&mut self, scope: &Scope<'_>, key: &str) -> Vec<T> {
        let Some(v) = scope.map.get(key) else {
            return Vec::new();
        };
        let Some(items) = v.as_sequence() else {
            self.field_problem(
                scope,
                key,
                None,
                format!("expected a list of {}s, found {}", T::WHAT, kind_of(v)),
                Some(format!("write `{key}: [first, second]`")),
            );
            return Vec::new();
        };
        let mut out: Vec<T> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            if let Some(t) = self.word_value::<T>(scope, key, Some(i), item) {
                if out.contains(&t) {
                    self.field_problem(
                        scope,
                        key,
                        Some(Seg::Index(i)),
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
        let parsed = match v {
            Value::Number(n) => n.as_u64().map_or_else(
                || {
                    Err(if n.as_f64().is_some_and(|f| f < 0.0) {
                        format!("`{n}` is negative; a duration is at least 1s")
                    } else {
                        format!(
                            "`{n}` is not a whole number of seconds; write a duration like `30s`, `1m` or `1m30s`"
                        )
                    })
                },
                |n| u32::try_from(n).map_err(|_| format!("`{n}` seconds is too long")),
            ),
            Value::String(s) => parse_duration(s),
            other => Err(format!(
                "expected a duration like `30s`, `1m` or `1m30s`, found {}",
                kind_of(other)
            )),
        };
        match parsed {
            Ok(0) => {
                self.field_problem(
                    scope,
                    key,
                    None,
                    "a duration of zero; expected at least 1s",
                    None,
                );
                None
            }
            Ok(s) if s > MAX_SECONDS => {
                self.field_problem(
                    scope,
                    key,
                    None,
                    format!("{} is longer than the 30 minute limit", format_duration(s)),
                    (key == "hold").then(|| "split a long hold into sets".into()),
                );
                None
            }
            Ok(s) => Some(s),
            Err(message) => {
                self.field_problem(scope, key, None, message, None);
                None
            }
        }
    }

    /// A whole number in `min..=max`.
    pub fn count(&mut self, scope: &Scope<'_>, key: &str, min: u32, max: u32) -> Option<u32> {
        let v = scope.map.get(key)?;
        let n = v.as_u64();
        match n {
            Some(n) if n >= u64::from(min) && n <= u64::from(max) => Some(n as u32),
            Some(n) => {
                self.field_problem(
                    scope,
                    key,
                    None,
                    format!("{n} is out of range; expected a whole number from {min} to {max}"),
                    None,
                );
                None
            }
            None => {
                self.field_problem(
                    scope,
                    key,
                    None,
                    format!(
                        "expected a whole number from {min} to {max}, found {}",
                        match v {
                            Value::String(s) => format!("`{s}`"),
                            Value::Number(n) => format!("`{n}`"),
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
        if let Some(b) = v.as_bool() {
            return Some(b);
        }
        self.field_problem(
            scope,
            key,
            None,
            format!("expected `true` or `false`, found {}", kind_of(v)),
            None,
        );
        None
    }

    /// A nested mapping, as a scope of its own.
    pub fn sub<'v>(&mut self, scope: &Scope<'v>, key: &str) -> Option<Scope<'v>> {
        let v = scope.map.get(key)?;
        let Some(map) = v.as_mapping() else {
            self.field_problem(
                scope,
                key,
                None,
                format!("expected a mapping, found {}", kind_of(v)),
                None,
            );
            return None;
        };
        let mut path = scope.path.clone();
        path.push(Seg::Key(key.to_string()));
        Some(Scope {
            map,
            path,
            context: scope.context.clone(),
            prefix: format!("{}{key}.", scope.prefix),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> Seg {
        Seg::Key(k.to_string())
    }

    const FILE: &str = "\
# comment
- id: cat-cow
  name: Cat-Cow
  areas: [lower-back, upper-back]
  breath: {in: 3s, out: 0s}
  setup:
    - Kneel on all fours.
    - Hands under shoulders.

- id: pigeon
  areas:
    - glutes
    - hip
  hold: 30s
";

    #[test]
    fn locates_block_keys_items_and_flow_items() {
        let l = Locator::new(FILE);
        let p = |path: &[Seg]| l.locate(path).map(|p| (p.line, p.column));
        assert_eq!(p(&[Seg::Index(0)]), Some((2, 3)));
        assert_eq!(p(&[Seg::Index(1)]), Some((10, 3)));
        assert_eq!(p(&[Seg::Index(0), key("name")]), Some((3, 3)));
        assert_eq!(
            p(&[Seg::Index(0), key("areas"), Seg::Index(1)]),
            Some((4, 23))
        );
        assert_eq!(
            p(&[Seg::Index(0), key("breath"), key("out")]),
            Some((5, 20))
        );
        assert_eq!(
            p(&[Seg::Index(0), key("setup"), Seg::Index(1)]),
            Some((8, 7))
        );
        assert_eq!(
            p(&[Seg::Index(1), key("areas"), Seg::Index(1)]),
            Some((13, 7))
        );
        assert_eq!(p(&[Seg::Index(1), key("hold")]), Some((14, 3)));
        // Not found: falls back to the deepest part that was.
        assert_eq!(p(&[Seg::Index(1), key("reps")]), Some((10, 3)));
        assert_eq!(p(&[Seg::Index(5)]), Some((2, 1)));
    }

    #[test]
    fn locates_keys_of_a_top_level_mapping() {
        let text = "name: morning\nsteps:\n- stretch: cat-cow\n- stretch: pigeon\n  hold: 0s\n";
        let l = Locator::new(text);
        let p = |path: &[Seg]| l.locate(path).map(|p| (p.line, p.column));
        assert_eq!(p(&[key("steps")]), Some((2, 1)));
        assert_eq!(p(&[key("steps"), Seg::Index(1), key("hold")]), Some((5, 3)));
    }

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
