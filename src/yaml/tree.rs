//! A YAML document as a small tree whose every node knows where it starts, built from
//! saphyr-parser's events.
//!
//! The tree is built with a stack of open lists and mappings, never by recursion, and the
//! events are pulled one at a time, so the limits below refuse a hostile file as soon as it
//! crosses one, before the rest of it is scanned:
//!
//! - lists and mappings nest at most [`MAX_DEPTH`] deep (supple's files are about 5 deep);
//! - aliases may copy at most as many nodes as the file has bytes, plus [`ALIAS_SLACK`]
//!   (a "billion laughs" file copies exponentially many);
//! - a key may stand only once in a mapping.
//!
//! Plain scalars are resolved by the YAML 1.2 core schema (`null`, `true`, `42`, `1.5`, ...);
//! quoted and block scalars are text.

use crate::diag::Pos;

mod fast;
use saphyr_parser::{Event, Parser, ScalarStyle, Span, Tag};
use std::borrow::Cow;
use std::collections::HashSet;

/// The deepest nesting of lists and mappings we read.
pub const MAX_DEPTH: usize = 64;

/// Nodes aliases may copy beyond one per byte of the file.
pub const ALIAS_SLACK: usize = 10_000;

/// Mappings with more entries than this look duplicate keys up in a hash set.
const LINEAR_KEYS: usize = 16;

/// Where a node starts: line and column, both from 1, the column counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    line: u32,
    column: u32,
}

impl Mark {
    fn of(span: &Span) -> Mark {
        Mark {
            line: u32::try_from(span.start.line()).unwrap_or(u32::MAX),
            column: u32::try_from(span.start.col().saturating_add(1)).unwrap_or(u32::MAX),
        }
    }

    pub fn pos(self) -> Pos {
        Pos {
            line: self.line as usize,
            column: self.column as usize,
        }
    }
}

/// One node of the document and where it starts.
#[derive(Debug, Clone)]
pub struct Node<'a> {
    pub value: Value<'a>,
    pub mark: Mark,
}

/// What a node holds.
#[derive(Debug, Clone)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Cow<'a, str>),
    Seq(Vec<Node<'a>>),
    Map(Map<'a>),
    /// A value with a tag of its own (`!pose x`); we read none, so only its kind is kept.
    Tagged,
}

/// A mapping's entries, in the order the file writes them; no key stands twice.
#[derive(Debug, Clone, Default)]
pub struct Map<'a> {
    entries: Vec<(Node<'a>, Node<'a>)>,
}

impl<'a> Map<'a> {
    /// The entry whose key is the text `key`.
    pub fn entry(&self, key: &str) -> Option<&(Node<'a>, Node<'a>)> {
        self.entries
            .iter()
            .find(|(k, _)| k.as_str().is_some_and(|k| same_text(k, key)))
    }

    /// The value of the text key `key`.
    pub fn get(&self, key: &str) -> Option<&Node<'a>> {
        self.entry(key).map(|(_, v)| v)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.entry(key).is_some()
    }

    pub fn keys(&self) -> impl Iterator<Item = &Node<'a>> {
        self.entries.iter().map(|(k, _)| k)
    }

    pub fn iter(&self) -> impl Iterator<Item = &(Node<'a>, Node<'a>)> {
        self.entries.iter()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl<'a> Node<'a> {
    pub fn pos(&self) -> Pos {
        self.mark.pos()
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node<'a>]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&Map<'a>> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }
}

/// Whether two keys are the same text. Field names are short and many share a length, so
/// the first byte tells most apart before the bytes are compared.
pub fn same_text(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().first() == b.as_bytes().first() && a == b
}

/// Why a text is not a YAML document we read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub pos: Pos,
    pub message: String,
    pub hint: String,
}

const SYNTAX_HINT: &str =
    "check the indentation, and quote text that contains `: ` or starts with a special character";
const DEPTH_HINT: &str =
    "the file nests lists or mappings too deeply; supple's files are only a few levels deep";
const ALIAS_HINT: &str = "the file repeats aliases too often; write the values out instead";

impl Error {
    fn new(mark: Mark, message: impl Into<String>, hint: impl Into<String>) -> Error {
        Error {
            pos: mark.pos(),
            message: message.into(),
            hint: hint.into(),
        }
    }
}

/// A list or mapping whose end has not come yet.
struct Open<'a> {
    kind: OpenKind<'a>,
    mark: Mark,
    span: Span,
    anchor: usize,
    tagged: bool,
    /// Nodes in it so far, itself included.
    size: usize,
}

enum OpenKind<'a> {
    Seq(Vec<Node<'a>>),
    Map {
        entries: Vec<(Node<'a>, Node<'a>)>,
        key: Option<Node<'a>>,
        /// The keys so far, once there are more than [`LINEAR_KEYS`].
        seen: Option<HashSet<KeyId<'a>>>,
    },
}

/// What makes two scalar keys the same key.
#[derive(PartialEq, Eq, Hash)]
enum KeyId<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(u64),
    Str(Cow<'a, str>),
}

impl<'a> KeyId<'a> {
    fn of(v: &Value<'a>) -> Option<KeyId<'a>> {
        Some(match v {
            Value::Null => KeyId::Null,
            Value::Bool(b) => KeyId::Bool(*b),
            Value::Int(i) => KeyId::Int(*i),
            Value::Float(f) => KeyId::Float(f.to_bits()),
            Value::Str(s) => KeyId::Str(s.clone()),
            Value::Seq(_) | Value::Map(_) | Value::Tagged => return None,
        })
    }
}

/// Whether two keys are the same scalar (lists, mappings and tagged keys never are).
fn same_key(a: &Value<'_>, b: &Value<'_>) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Float(x), Value::Float(y)) => x.to_bits() == y.to_bits(),
        (Value::Str(x), Value::Str(y)) => x == y,
        _ => false,
    }
}

/// Whether `key` is not yet a key of the mapping so far (looked up in a set once the
/// mapping is big, so that a mapping of thousands of keys stays linear).
fn is_new_key<'a>(
    entries: &[(Node<'a>, Node<'a>)],
    seen: &mut Option<HashSet<KeyId<'a>>>,
    key: &Node<'a>,
) -> bool {
    if let Some(seen) = seen {
        return KeyId::of(&key.value).is_none_or(|id| seen.insert(id));
    }
    let twice = entries.iter().any(|(k, _)| same_key(&k.value, &key.value));
    if entries.len() >= LINEAR_KEYS {
        let mut set: HashSet<KeyId<'a>> = entries
            .iter()
            .filter_map(|(k, _)| KeyId::of(&k.value))
            .collect();
        set.extend(KeyId::of(&key.value));
        *seen = Some(set);
    }
    !twice
}

/// How a key is named in a message.
fn key_text(v: &Value<'_>) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Str(s) => s.to_string(),
        Value::Seq(_) | Value::Map(_) | Value::Tagged => String::new(),
    }
}

struct Builder<'a> {
    stack: Vec<Open<'a>>,
    /// Anchored nodes by the parser's anchor id, with their sizes; `None` while still open.
    anchors: Vec<Option<(Node<'a>, usize)>>,
    root: Option<Node<'a>>,
    copied: usize,
    budget: usize,
}

impl<'a> Builder<'a> {
    /// A finished node goes into the list or mapping around it (or becomes the document).
    fn finish(&mut self, node: Node<'a>, size: usize, anchor: usize) -> Result<(), Error> {
        if anchor != 0 {
            if self.anchors.len() <= anchor {
                self.anchors.resize_with(anchor + 1, || None);
            }
            self.anchors[anchor] = Some((node.clone(), size));
        }
        let Some(open) = self.stack.last_mut() else {
            self.root = Some(node);
            return Ok(());
        };
        open.size = open.size.saturating_add(size);
        match &mut open.kind {
            OpenKind::Seq(items) => items.push(node),
            OpenKind::Map { entries, key, seen } => {
                if let Some(k) = key.take() {
                    entries.push((k, node));
                } else if is_new_key(entries, seen, &node) {
                    *key = Some(node);
                } else {
                    return Err(Error::new(
                        node.mark,
                        format!("duplicate entry with key \"{}\"", key_text(&node.value)),
                        "a key may stand only once in a mapping; remove one of them",
                    ));
                }
            }
        }
        Ok(())
    }

    fn open(
        &mut self,
        kind: OpenKind<'a>,
        span: Span,
        anchor: usize,
        tagged: bool,
    ) -> Result<(), Error> {
        let mark = Mark::of(&span);
        if self.stack.len() >= MAX_DEPTH {
            return Err(Error::new(
                mark,
                format!("lists and mappings nest more than {MAX_DEPTH} deep"),
                DEPTH_HINT,
            ));
        }
        self.stack.push(Open {
            kind,
            mark,
            span,
            anchor,
            tagged,
            size: 1,
        });
        Ok(())
    }

    fn close(&mut self) -> Result<(), Error> {
        let Some(open) = self.stack.pop() else {
            return Ok(());
        };
        let value = if open.tagged {
            Value::Tagged
        } else {
            match open.kind {
                OpenKind::Seq(items) => Value::Seq(items),
                OpenKind::Map { entries, .. } => Value::Map(Map { entries }),
            }
        };
        let node = Node {
            value,
            mark: open.mark,
        };
        self.finish(node, open.size, open.anchor)
    }

    /// An alias stands for a copy of its anchor's node. The copy is placed at the alias, so a
    /// bad value reached through an alias is reported where the alias is used; what lies
    /// inside an aliased list or mapping keeps the places the anchor wrote it at, the only
    /// places that text stands.
    fn alias(&mut self, id: usize, span: &Span) -> Result<(), Error> {
        let mark = Mark::of(span);
        let Some((node, size)) = self.anchors.get(id).and_then(Option::as_ref) else {
            return Err(Error::new(
                mark,
                "an alias refers to the list or mapping it stands in",
                ALIAS_HINT,
            ));
        };
        let size = *size;
        self.copied = self.copied.saturating_add(size);
        if self.copied > self.budget {
            return Err(Error::new(
                mark,
                format!(
                    "aliases copy more than {} values, more than the file could hold",
                    self.budget
                ),
                ALIAS_HINT,
            ));
        }
        if self.stack.len() + depth(node) > 2 * MAX_DEPTH {
            return Err(Error::new(
                mark,
                format!("lists and mappings nest more than {MAX_DEPTH} deep"),
                DEPTH_HINT,
            ));
        }
        let mut copy = node.clone();
        copy.mark = mark;
        self.finish(copy, size, 0)
    }

    /// The innermost open flow collection (`[` or `{`) in `text`, if any: a syntax error is
    /// often one left unclosed.
    fn open_flow(&self, text: &str) -> Option<(char, Mark)> {
        let open = self.stack.iter().rev().find(|o| !o.span.is_empty())?;
        let index = open.span.end.index().checked_sub(1)?;
        let c = text.chars().nth(index)?;
        let start = Mark {
            line: u32::try_from(open.span.end.line()).unwrap_or(u32::MAX),
            column: u32::try_from(open.span.end.col()).unwrap_or(u32::MAX),
        };
        matches!(c, '[' | '{').then_some((c, start))
    }
}

/// How deep lists and mappings nest in a node (a scalar is 0).
fn depth(node: &Node<'_>) -> usize {
    match &node.value {
        Value::Seq(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        Value::Map(m) => {
            1 + m
                .iter()
                .map(|(k, v)| depth(k).max(depth(v)))
                .max()
                .unwrap_or(0)
        }
        _ => 0,
    }
}

/// Whether a tag is one of the core schema's (`!!str`, `!!int`, ...) with this suffix.
fn core(tag: &Tag, suffix: &str) -> bool {
    tag.is_yaml_core_schema() && tag.suffix == suffix
}

fn scalar<'a>(text: Cow<'a, str>, style: ScalarStyle, tag: Option<&Tag>) -> Value<'a> {
    let Some(tag) = tag else {
        return if style == ScalarStyle::Plain {
            resolve(text)
        } else {
            Value::Str(text)
        };
    };
    if core(tag, "str") || (tag.handle == "!" && tag.suffix.is_empty()) {
        return Value::Str(text);
    }
    let resolved = resolve(text);
    let fits = match &resolved {
        Value::Null => core(tag, "null"),
        Value::Bool(_) => core(tag, "bool"),
        Value::Int(_) => core(tag, "int") || core(tag, "float"),
        Value::Float(_) => core(tag, "float"),
        _ => false,
    };
    match resolved {
        Value::Int(i) if core(tag, "float") => Value::Float(i as f64),
        v if fits => v,
        _ => Value::Tagged,
    }
}

/// A plain scalar by the YAML 1.2 core schema.
fn resolve(text: Cow<'_, str>) -> Value<'_> {
    match &*text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Value::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Value::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Value::Float(f64::NAN),
        _ => {}
    }
    let s = &*text;
    let first = s.as_bytes()[0];
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return Value::Str(text);
    }
    if let Some(hex) = s.strip_prefix("0x") {
        if let Ok(i) = i64::from_str_radix(hex, 16) {
            return Value::Int(i);
        }
    } else if let Some(oct) = s.strip_prefix("0o") {
        if let Ok(i) = i64::from_str_radix(oct, 8) {
            return Value::Int(i);
        }
    } else if is_decimal(s) {
        return s
            .parse::<i64>()
            .map(Value::Int)
            .or_else(|_| s.parse::<f64>().map(Value::Float))
            .unwrap_or(Value::Str(text));
    } else if is_float(s)
        && let Ok(f) = s.parse::<f64>()
    {
        return Value::Float(f);
    }
    Value::Str(text)
}

/// `[-+]?[0-9]+`
fn is_decimal(s: &str) -> bool {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
fn is_float(s: &str) -> bool {
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (mantissa, None),
    };
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = digits(whole)
        && fraction.is_none_or(digits)
        && (!whole.is_empty() || fraction.is_some_and(|f| !f.is_empty()));
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

/// A scanner's error in `text` as ours; `open` is the flow collection still open where it
/// happened.
fn scan_error(text: &str, e: &saphyr_parser::ScanError, open: Option<(char, Mark)>) -> Error {
    let mut mark = Mark {
        line: u32::try_from(e.marker().line()).unwrap_or(u32::MAX),
        column: u32::try_from(e.marker().col().saturating_add(1)).unwrap_or(u32::MAX),
    };
    if e.info() == "simple key expect ':'" {
        mark = stale_key(text, mark);
    }
    if e.info().contains("recursion limit") {
        // The scanner looks ahead over an unclosed flow collection and stops at its own
        // limit (255 levels) before we see the 65th.
        return Error::new(
            mark,
            format!("lists and mappings nest more than {MAX_DEPTH} deep"),
            DEPTH_HINT,
        );
    }
    let hint = match open {
        Some((c, at)) => format!(
            "is the `{c}` at line {}, column {} closed? {SYNTAX_HINT}",
            at.line, at.column
        ),
        None => SYNTAX_HINT.into(),
    };
    Error::new(mark, e.info(), hint)
}

/// The lines of `text` as the scanner counts them: `\n`, `\r\n` and a lone `\r` end one.
fn yaml_lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(['\n', '\r']) {
        lines.push(&rest[..i]);
        let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
        rest = &rest[i + skip..];
    }
    lines.push(rest);
    lines
}

/// Where the text of a line starts: after its indentation and any `- `, in characters.
fn content_column(line: &str) -> usize {
    let mut rest = line.trim_start_matches(' ');
    while let Some(after) = rest.strip_prefix("- ").or_else(|| rest.strip_prefix("-\t")) {
        rest = after.trim_start_matches([' ', '\t']);
    }
    line[..line.len() - rest.len()].chars().count()
}

/// Where the key of a "simple key expect ':'" starts. The scanner tells where it found the
/// next token, and when that token starts its line the key, which ended without a `:`, is on
/// an earlier one: the last line before it that holds more than blanks and a comment, after
/// its indentation and any `- `. (A key whose plain text went on over several lines is put
/// at its last line, still before the scanner's.)
fn stale_key(text: &str, at: Mark) -> Mark {
    let lines = yaml_lines(text);
    let here = at.line as usize;
    let starts_line = lines.get(here.wrapping_sub(1)).is_some_and(|line| {
        line.chars()
            .take(at.column.saturating_sub(1) as usize)
            .all(|c| matches!(c, ' ' | '\t' | '-'))
    });
    if !starts_line {
        return at;
    }
    lines[..here - 1]
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, line)| {
            let column = content_column(line);
            let content = line.chars().skip(column).collect::<String>();
            let content = content.trim();
            (!content.is_empty() && !content.starts_with('#')).then(|| Mark {
                line: u32::try_from(i + 1).unwrap_or(u32::MAX),
                column: u32::try_from(column + 1).unwrap_or(u32::MAX),
            })
        })
        .unwrap_or(at)
}

/// The shape of `text` without reading all of it: a list comes back without its items, a
/// mapping with its top-level text keys only (their values null); any error, however late,
/// is an error. For a caller that only asks what kind of file this is, so that a big block
/// list is told at its first event and no tree is built.
pub fn parse_shape(text: &str) -> Result<Node<'_>, Error> {
    let mut parser = Parser::new_from_str(text);
    let mut depth = 0usize;
    let mut root: Option<(Mark, bool)> = None;
    let mut entries = Vec::new();
    let mut expect_key = true;
    while let Some(event) = parser.next_event() {
        let (event, span) = event.map_err(|e| scan_error(text, &e, None))?;
        match event {
            Event::StreamEnd => break,
            Event::Scalar(value, style, _, tag) if depth == 0 => {
                return Ok(Node {
                    value: scalar(value, style, tag.as_deref()),
                    mark: Mark::of(&span),
                });
            }
            Event::Alias(_) if depth == 0 => {
                return Err(Error::new(
                    Mark::of(&span),
                    "an alias with no anchor",
                    ALIAS_HINT,
                ));
            }
            Event::Scalar(value, style, _, tag) if depth == 1 => {
                if expect_key && let Value::Str(key) = scalar(value, style, tag.as_deref()) {
                    let null = |mark| Node {
                        value: Value::Null,
                        mark,
                    };
                    let mark = Mark::of(&span);
                    entries.push((
                        Node {
                            value: Value::Str(key),
                            mark,
                        },
                        null(mark),
                    ));
                }
                expect_key = !expect_key;
            }
            Event::Alias(_) if depth == 1 => expect_key = !expect_key,
            Event::Nothing
            | Event::StreamStart
            | Event::DocumentStart(_)
            | Event::DocumentEnd
            | Event::Scalar(..)
            | Event::Alias(_) => {}
            Event::SequenceStart(_, tag) if depth == 0 => {
                let value = if tag.is_some_and(|t| !core(&t, "seq")) {
                    Value::Tagged
                } else {
                    Value::Seq(Vec::new())
                };
                return Ok(Node {
                    value,
                    mark: Mark::of(&span),
                });
            }
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                if depth == 0 {
                    let tagged =
                        matches!(&event, Event::MappingStart(_, Some(t)) if !core(t, "map"));
                    root = Some((Mark::of(&span), tagged));
                }
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(Error::new(
                        Mark::of(&span),
                        format!("lists and mappings nest more than {MAX_DEPTH} deep"),
                        DEPTH_HINT,
                    ));
                }
            }
            Event::SequenceEnd | Event::MappingEnd => {
                depth = depth.saturating_sub(1);
                match depth {
                    0 => break,
                    1 => expect_key = !expect_key,
                    _ => {}
                }
            }
        }
    }
    Ok(match root {
        Some((mark, true)) => Node {
            value: Value::Tagged,
            mark,
        },
        Some((mark, false)) => Node {
            value: Value::Map(Map { entries }),
            mark,
        },
        None => Node {
            value: Value::Null,
            mark: Mark { line: 1, column: 1 },
        },
    })
}

/// Reads `text` as one YAML document; an empty one is a null at 1:1.
pub fn parse(text: &str) -> Result<Node<'_>, Error> {
    match fast::parse(text) {
        Some(node) => Ok(node),
        None => full(text),
    }
}

/// The document as the full parser reads it: any YAML, every error placed.
fn full(text: &str) -> Result<Node<'_>, Error> {
    let mut b = Builder {
        stack: Vec::new(),
        anchors: Vec::new(),
        root: None,
        copied: 0,
        budget: text.len().saturating_add(ALIAS_SLACK),
    };
    let mut documents = 0usize;
    let mut parser = Parser::new_from_str(text);
    while let Some(event) = parser.next_event() {
        let (event, span) = match event {
            Ok(e) => e,
            Err(e) => return Err(scan_error(text, &e, b.open_flow(text))),
        };
        match event {
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(Error::new(
                        Mark::of(&span),
                        "the file holds more than one document",
                        "a supple file is one document; remove the second `---`, or split the file",
                    ));
                }
            }
            Event::Nothing | Event::StreamStart | Event::DocumentEnd => {}
            Event::Alias(id) => b.alias(id, &span)?,
            Event::Scalar(text, style, anchor, tag) => {
                let node = Node {
                    value: scalar(text, style, tag.as_deref()),
                    mark: Mark::of(&span),
                };
                b.finish(node, 1, anchor)?;
            }
            Event::SequenceStart(anchor, tag) => {
                let tagged = tag.is_some_and(|t| !core(&t, "seq"));
                b.open(OpenKind::Seq(Vec::new()), span, anchor, tagged)?;
            }
            Event::MappingStart(anchor, tag) => {
                let tagged = tag.is_some_and(|t| !core(&t, "map"));
                let kind = OpenKind::Map {
                    entries: Vec::new(),
                    key: None,
                    seen: None,
                };
                b.open(kind, span, anchor, tagged)?;
            }
            Event::SequenceEnd | Event::MappingEnd => b.close()?,
        }
    }
    Ok(b.root.unwrap_or(Node {
        value: Value::Null,
        mark: Mark { line: 1, column: 1 },
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(node: &Node<'_>) -> (usize, usize) {
        let p = node.pos();
        (p.line, p.column)
    }

    #[test]
    fn a_key_without_its_colon_is_told_on_its_own_line() {
        // the scanner notices at the next line's `level`, or after a comment and a blank
        for (text, line, column) in [
            ("a: 1\nequipment:, []\nlevel: gentle\n", 2, 1),
            (
                "- id: x\n  equipment:, []\n  # note\n\n  level: gentle\n",
                2,
                3,
            ),
        ] {
            let e = parse(text).unwrap_err();
            assert_eq!(e.message, "simple key expect ':'", "{text:?}");
            assert_eq!((e.pos.line, e.pos.column), (line, column), "{text:?}");
        }
    }

    #[test]
    fn resolves_plain_scalars_by_the_core_schema() {
        let doc =
            parse("[~, true, 12, -5, 0x1f, 1.5, .inf, 1e3, yes, \"12\", '', 12s, !!str 3, !x 3]")
                .unwrap();
        let items = doc.as_seq().unwrap();
        let kinds: Vec<String> = items.iter().map(|n| format!("{:?}", n.value)).collect();
        assert_eq!(
            kinds,
            [
                "Null",
                "Bool(true)",
                "Int(12)",
                "Int(-5)",
                "Int(31)",
                "Float(1.5)",
                "Float(inf)",
                "Float(1000.0)",
                "Str(\"yes\")",
                "Str(\"12\")",
                "Str(\"\")",
                "Str(\"12s\")",
                "Str(\"3\")",
                "Tagged",
            ]
        );
    }

    #[test]
    fn every_node_knows_its_line_and_column_in_characters() {
        let doc = parse("- id: ünï\n  areas: [hips, \"x\"]\n  breath: {in: 3s,\n    out: 0s}\n  ? hold\n  : 30s\n").unwrap();
        let s = doc.as_seq().unwrap()[0].as_map().unwrap();
        assert_eq!(at(&doc.as_seq().unwrap()[0]), (1, 3));
        assert_eq!(at(s.get("id").unwrap()), (1, 7));
        let areas = s.get("areas").unwrap().as_seq().unwrap();
        assert_eq!(at(&areas[1]), (2, 17));
        let breath = s.get("breath").unwrap();
        assert_eq!(at(breath), (3, 11));
        assert_eq!(at(breath.as_map().unwrap().get("out").unwrap()), (4, 10));
        let (k, v) = s.entry("hold").unwrap();
        assert_eq!((at(k), at(v)), ((5, 5), (6, 5)));
    }

    #[test]
    fn an_alias_is_placed_where_it_is_used() {
        let doc = parse("a: &t 30s\nb: *t\nc: &m {x: 1}\nd: *m\n").unwrap();
        let m = doc.as_map().unwrap();
        assert_eq!(m.get("b").unwrap().as_str(), Some("30s"));
        assert_eq!(at(m.get("a").unwrap()), (1, 4));
        assert_eq!(at(m.get("b").unwrap()), (2, 4));
        let d = m.get("d").unwrap();
        assert_eq!(at(d), (4, 4));
        // inside an aliased mapping, the places the anchor wrote
        assert_eq!(at(d.as_map().unwrap().get("x").unwrap()), (3, 11));
    }

    #[test]
    fn refuses_deep_nesting_at_the_first_level_too_many() {
        let text = format!("{}x", "- ".repeat(100));
        let e = parse(&text).unwrap_err();
        assert_eq!((e.pos.line, e.pos.column), (1, 2 * MAX_DEPTH + 1));
        assert!(e.message.contains("nest more than 64 deep"), "{e:?}");
        for text in ["[".repeat(100_000), "{a: ".repeat(100_000)] {
            let e = parse(&text).unwrap_err();
            assert!(e.message.contains("nest more than 64 deep"), "{e:?}");
        }
    }

    #[test]
    fn refuses_an_alias_bomb_and_an_alias_in_its_own_anchor() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let row = vec![format!("*a{}", i - 1); 10].join(", ");
            text.extend([format!("a{i}: &a{i} [{row}]\n")]);
        }
        let e = parse(&text).unwrap_err();
        assert!(e.message.contains("aliases copy more than"), "{e:?}");
        let e = parse("a: &x [1, *x]\n").unwrap_err();
        assert!(e.message.contains("alias"), "{e:?}");
        assert_eq!((e.pos.line, e.pos.column), (1, 11));
    }

    #[test]
    fn refuses_a_duplicate_key_at_the_second() {
        let e = parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(e.message, "duplicate entry with key \"a\"");
        assert_eq!((e.pos.line, e.pos.column), (3, 1));
        let keys: Vec<String> = (0..40).map(|i| format!("k{i}: 1")).collect();
        let text = format!("{{{}, k33: 2}}", keys.join(", "));
        let e = parse(&text).unwrap_err();
        assert_eq!(e.message, "duplicate entry with key \"k33\"");
        // 1 and "1" are different keys
        assert!(parse("1: a\n\"1\": b\n").is_ok());
    }

    #[test]
    fn the_shape_of_a_file_is_read_without_its_contents() {
        let shape = |t| parse_shape(t).map(|n| format!("{:?}", n.value));
        assert_eq!(shape("- a\n- [b\n").unwrap(), "Seq([])");
        assert_eq!(shape("# nothing\n").unwrap(), "Null");
        assert_eq!(shape("plain\n").unwrap(), "Str(\"plain\")");
        let map = parse_shape("id: a\nsteps: [x, {y: 1}]\n{k: v}: 1\n? name\n: z\n").unwrap();
        let keys: Vec<_> = map
            .as_map()
            .unwrap()
            .keys()
            .map(|k| k.as_str().unwrap())
            .collect();
        assert_eq!(keys, ["id", "steps", "name"]);
        assert!(parse_shape("a: 1\nb: [\n").is_err());
        assert!(parse_shape(&"{a: ".repeat(100_000)).is_err());
    }

    #[test]
    fn an_empty_text_is_null_and_two_documents_are_refused() {
        assert!(matches!(parse("# nothing\n").unwrap().value, Value::Null));
        assert!(parse("a: 1\n---\nb: 2\n").is_err());
        assert!(parse("---\na: 1\n...\n").is_ok());
    }
}
