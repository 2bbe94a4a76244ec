//! A quick reader for the plain YAML supple's files are written in, tried before the full
//! parser: block mappings and lists by indentation, one-line plain and quoted scalars, and
//! one-line flow lists and mappings (`[hips, glutes]`, `{in: 3s, out: 3s}`), with comments.
//!
//! It builds exactly the tree the full parser builds, places included, or gives up: at
//! anything else (a multi-line scalar, `|` or `>`, an anchor, an alias, a tag, a `?` key, a
//! tab, a `---`, a duplicate key, a syntax error, an escape it does not know) it returns
//! `None` and the full parser reads the text from the start, reporting what it finds. A test
//! reads every built-in file and many generated ones both ways and compares the trees.

use super::{MAX_DEPTH, Map, Mark, Node, Value, is_new_key, resolve};
use std::borrow::Cow;
use std::cell::Cell;

/// One line that holds something (not blank, not only a comment).
struct Line {
    /// Byte offsets of the line's start, its first non-space character and its end (before
    /// the line break).
    start: usize,
    content: usize,
    end: usize,
    number: u32,
    /// Whether the line is all ASCII, so that a column is a byte offset.
    ascii: bool,
}

impl Line {
    fn indent(&self) -> usize {
        self.content - self.start
    }
}

struct Reader<'a> {
    text: &'a str,
    lines: Vec<Line>,
    /// The line being read.
    i: usize,
    depth: usize,
    /// The last column counted on a line that is not ASCII: (line, byte, column), so that
    /// the places along a long line are counted once, not from its start each time.
    counted: Cell<(usize, usize, usize)>,
}

/// The document, or `None` where the full parser must read it.
pub(super) fn parse(text: &str) -> Option<Node<'_>> {
    // (U+FEFF starts with the byte 0xEF.)
    if text.bytes().any(|b| matches!(b, b'\t' | b'\r' | 0xef))
        && text.contains(['\t', '\r', '\u{feff}'])
    {
        return None;
    }
    let mut lines = Vec::new();
    let mut start = 0;
    for (n, raw) in text.split('\n').enumerate() {
        let end = start + raw.len();
        let trimmed = raw.trim_start_matches(' ');
        if !trimmed.is_empty() && !trimmed.starts_with('#') {
            if raw.starts_with("---") || raw.starts_with("...") || raw.starts_with('%') {
                return None;
            }
            lines.push(Line {
                start,
                content: end - trimmed.len(),
                end,
                number: u32::try_from(n + 1).ok()?,
                ascii: raw.is_ascii(),
            });
        }
        start = end + 1;
    }
    if lines.is_empty() {
        return None;
    }
    let mut r = Reader {
        text,
        lines,
        i: 0,
        depth: 0,
        counted: Cell::new((usize::MAX, 0, 0)),
    };
    let first = r.lines[0].content;
    let node = r.node(first, None)?;
    (r.i == r.lines.len()).then_some(node)
}

/// Whether the text at `at` may not start a plain scalar: an indicator, or `-`, `?` or `:`
/// followed by a space, the end, or (in a flow collection) a flow indicator.
fn starts_badly(bytes: &[u8], at: usize, end: usize) -> bool {
    match bytes[at] {
        b'-' | b'?' | b':' => {
            at + 1 >= end || matches!(bytes[at + 1], b' ' | b',' | b'[' | b']' | b'{' | b'}')
        }
        c => indicator(c),
    }
}

/// The characters that may never start a plain scalar.
fn indicator(c: u8) -> bool {
    matches!(
        c,
        b',' | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    )
}

impl<'a> Reader<'a> {
    fn line(&self) -> &Line {
        &self.lines[self.i]
    }

    /// The place of byte `at` of the current line: line and column, in characters.
    fn mark(&self, at: usize) -> Mark {
        let line = self.line();
        let column = if line.ascii {
            at - line.start
        } else {
            let (on, byte, column) = self.counted.get();
            let (from, column) = if on == self.i && byte <= at {
                (byte, column)
            } else {
                (line.start, 0)
            };
            let column = column + self.text[from..at].chars().count();
            self.counted.set((self.i, at, column));
            column
        };
        Mark {
            line: line.number,
            column: u32::try_from(column + 1).unwrap_or(u32::MAX),
        }
    }

    /// The node that starts at byte `at` of the current line, inside a block whose
    /// indentation is `parent` (`None` at the top).
    fn node(&mut self, at: usize, parent: Option<usize>) -> Option<Node<'a>> {
        let end = self.line().end;
        let rest = &self.text[at..end];
        let column = at - self.line().start;
        if rest == "-" || rest.starts_with("- ") {
            return self.sequence(at, column);
        }
        if let Some(colon) = self.key_end(at) {
            return self.mapping(at, column, colon);
        }
        self.scalar_line(at, parent)
    }

    /// A value that ends its line (a scalar or a flow collection), and the line after it.
    fn scalar_line(&mut self, at: usize, parent: Option<usize>) -> Option<Node<'a>> {
        let node = self.inline(at)?;
        self.i += 1;
        // A more indented line next would continue a multi-line scalar.
        if self.i < self.lines.len() && parent.is_none_or(|p| self.line().indent() > p) {
            return None;
        }
        Some(node)
    }

    fn deeper(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth <= MAX_DEPTH).then_some(())
    }

    /// A block list whose dashes stand at `column`; the first at byte `at`.
    fn sequence(&mut self, mut at: usize, column: usize) -> Option<Node<'a>> {
        self.deeper()?;
        let mark = self.mark(at);
        let mut items = Vec::new();
        loop {
            let end = self.line().end;
            let after = self.skip_spaces(at + 1, end);
            let item = if after == end || self.text.as_bytes()[after] == b'#' {
                // The item is on the lines below, further in.
                if after != end && after == at + 1 {
                    return None;
                }
                self.i += 1;
                if self.i >= self.lines.len() || self.line().indent() <= column {
                    return None;
                }
                let start = self.line().content;
                self.node(start, Some(column))?
            } else {
                self.node(after, Some(column))?
            };
            items.push(item);
            if self.i >= self.lines.len() {
                break;
            }
            let line = self.line();
            if line.indent() > column {
                return None;
            }
            let rest = &self.text[line.content..line.end];
            if line.indent() == column && (rest == "-" || rest.starts_with("- ")) {
                at = line.content;
                continue;
            }
            break;
        }
        self.depth -= 1;
        Some(Node {
            value: Value::Seq(items),
            mark,
        })
    }

    /// Where the key at byte `at` ends and its `:` stands, when the line there is a
    /// `key: value` (or `key:`) with a plain key.
    fn key_end(&self, at: usize) -> Option<usize> {
        let end = self.line().end;
        let bytes = self.text.as_bytes();
        if at >= end || starts_badly(bytes, at, end) {
            return None;
        }
        let mut k = at;
        while k < end {
            match bytes[k] {
                b':' if k + 1 == end || bytes[k + 1] == b' ' => return Some(k),
                b'#' if bytes[k - 1] == b' ' => return None,
                _ => k += 1,
            }
        }
        None
    }

    fn skip_spaces(&self, mut at: usize, end: usize) -> usize {
        while at < end && self.text.as_bytes()[at] == b' ' {
            at += 1;
        }
        at
    }

    /// A block mapping whose keys stand at `column`; the first at byte `at`.
    /// (`colon` is where the first key's `:` stands.)
    fn mapping(&mut self, mut at: usize, column: usize, mut colon: usize) -> Option<Node<'a>> {
        self.deeper()?;
        let mark = self.mark(at);
        let mut entries: Vec<(Node<'a>, Node<'a>)> = Vec::with_capacity(8);
        let mut seen = None;
        loop {
            let key_text = self.text[at..colon].trim_end_matches(' ');
            let key = Node {
                value: resolve(Cow::Borrowed(key_text)),
                mark: self.mark(at),
            };
            // A key that stands twice is the full parser's to report.
            if !is_new_key(&entries, &mut seen, &key) {
                return None;
            }
            let end = self.line().end;
            let after = self.skip_spaces(colon + 1, end);
            let value = if after == end || self.text.as_bytes()[after] == b'#' {
                if after != end && after == colon + 1 {
                    return None;
                }
                self.i += 1;
                if self.i >= self.lines.len() {
                    return None;
                }
                let line = self.line();
                let rest = &self.text[line.content..line.end];
                if line.indent() > column
                    || (line.indent() == column && (rest == "-" || rest.starts_with("- ")))
                {
                    let start = line.content;
                    let indent = line.indent();
                    if indent == column {
                        // A list as far in as its key: the full parser places it at its
                        // first item, which must then be on the dash's line.
                        let end = line.end;
                        let first = self.skip_spaces(start + 1, end);
                        if first == end || self.text.as_bytes()[first] == b'#' {
                            return None;
                        }
                        let mut list = self.sequence(start, column)?;
                        if let Value::Seq(items) = &list.value {
                            list.mark = items.first()?.mark;
                        }
                        list
                    } else {
                        self.node(start, Some(column))?
                    }
                } else {
                    // An empty value: the full parser places its null.
                    return None;
                }
            } else {
                let rest = &self.text[after..end];
                if rest.starts_with("- ") || rest == "-" || self.key_end(after).is_some() {
                    return None;
                }
                self.scalar_line(after, Some(column))?
            };
            entries.push((key, value));
            if self.i >= self.lines.len() {
                break;
            }
            let line = self.line();
            if line.indent() > column {
                return None;
            }
            if line.indent() < column {
                break;
            }
            let rest = &self.text[line.content..line.end];
            if rest == "-" || rest.starts_with("- ") {
                // A list where a key should be: not ours to judge.
                return None;
            }
            at = line.content;
            colon = self.key_end(at)?;
        }
        self.depth -= 1;
        Some(Node {
            value: Value::Map(Map { entries }),
            mark,
        })
    }

    /// A value that ends on its line: a plain or quoted scalar, or a flow collection, and
    /// after it at most a comment.
    fn inline(&mut self, at: usize) -> Option<Node<'a>> {
        let end = self.line().end;
        let bytes = self.text.as_bytes();
        let (node, next) = match bytes[at] {
            b'[' | b'{' => self.flow(at, end)?,
            b'"' | b'\'' => self.quoted(at, end)?,
            _ if starts_badly(bytes, at, end) => return None,
            _ => {
                let mut k = at;
                while k < end && !(bytes[k] == b'#' && bytes[k - 1] == b' ') {
                    if bytes[k] == b':' && (k + 1 == end || bytes[k + 1] == b' ') {
                        return None;
                    }
                    k += 1;
                }
                let text = self.text[at..k].trim_end_matches(' ');
                (
                    Node {
                        value: resolve(Cow::Borrowed(text)),
                        mark: self.mark(at),
                    },
                    k,
                )
            }
        };
        let after = self.skip_spaces(next, end);
        if after == end || (bytes[after] == b'#' && bytes[after - 1] == b' ') {
            Some(node)
        } else {
            None
        }
    }

    /// A quoted scalar at `at`, ending on this line; and where it ends.
    fn quoted(&self, at: usize, end: usize) -> Option<(Node<'a>, usize)> {
        let bytes = self.text.as_bytes();
        let quote = bytes[at];
        let mut k = at + 1;
        let mut owned: Option<String> = None;
        let mut from = k;
        loop {
            if k >= end {
                return None;
            }
            let c = bytes[k];
            if c == quote {
                if quote == b'\'' && k + 1 < end && bytes[k + 1] == b'\'' {
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(&self.text[from..=k]);
                    k += 2;
                    from = k;
                    continue;
                }
                break;
            }
            if quote == b'"' && c == b'\\' {
                let s = owned.get_or_insert_with(String::new);
                s.push_str(&self.text[from..k]);
                let e = *bytes.get(k + 1).filter(|_| k + 1 < end)?;
                s.push(match e {
                    b'\\' => '\\',
                    b'"' => '"',
                    b'/' => '/',
                    b'n' => '\n',
                    b't' => '\t',
                    _ => return None,
                });
                k += 2;
                from = k;
                continue;
            }
            k += 1;
        }
        let text = match owned {
            Some(mut s) => {
                s.push_str(&self.text[from..k]);
                Cow::Owned(s)
            }
            None => Cow::Borrowed(&self.text[from..k]),
        };
        Some((
            Node {
                value: Value::Str(text),
                mark: self.mark(at),
            },
            k + 1,
        ))
    }

    /// A flow list or mapping at `at` that closes on this line; and where it ends.
    fn flow(&mut self, at: usize, end: usize) -> Option<(Node<'a>, usize)> {
        self.deeper()?;
        let bytes = self.text.as_bytes();
        let map = bytes[at] == b'{';
        let close = if map { b'}' } else { b']' };
        let mark = self.mark(at);
        let mut items = Vec::new();
        let mut entries: Vec<(Node<'a>, Node<'a>)> = Vec::new();
        let mut seen = None;
        let mut k = self.skip_spaces(at + 1, end);
        if k < end && bytes[k] == close {
            k += 1;
        } else {
            loop {
                let (first, next) = self.flow_item(k, end)?;
                k = self.skip_spaces(next, end);
                if map {
                    // `key: value`
                    if k >= end || bytes[k] != b':' {
                        return None;
                    }
                    if !is_new_key(&entries, &mut seen, &first) {
                        return None;
                    }
                    k = self.skip_spaces(k + 1, end);
                    let (value, next) = self.flow_item(k, end)?;
                    entries.push((first, value));
                    k = self.skip_spaces(next, end);
                } else {
                    items.push(first);
                }
                if k >= end {
                    return None;
                }
                match bytes[k] {
                    b',' => {
                        k = self.skip_spaces(k + 1, end);
                        // A trailing comma, or an empty entry: the full parser's.
                        if k >= end || bytes[k] == close || bytes[k] == b',' {
                            return None;
                        }
                    }
                    c if c == close => {
                        k += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        self.depth -= 1;
        let value = if map {
            Value::Map(Map { entries })
        } else {
            Value::Seq(items)
        };
        Some((Node { value, mark }, k))
    }

    /// One entry of a flow collection: a scalar or a nested flow collection.
    fn flow_item(&mut self, at: usize, end: usize) -> Option<(Node<'a>, usize)> {
        if at >= end {
            return None;
        }
        let bytes = self.text.as_bytes();
        match bytes[at] {
            b'[' | b'{' => self.flow(at, end),
            b'"' | b'\'' => self.quoted(at, end),
            _ if starts_badly(bytes, at, end) => None,
            _ => {
                let mut k = at;
                while k < end {
                    match bytes[k] {
                        b',' | b'[' | b']' | b'{' | b'}' => break,
                        b':' if k + 1 == end
                            || matches!(bytes[k + 1], b' ' | b',' | b']' | b'}') =>
                        {
                            break;
                        }
                        b'#' if bytes[k - 1] == b' ' => return None,
                        _ => k += 1,
                    }
                }
                let text = self.text[at..k].trim_end_matches(' ');
                if text.is_empty() {
                    return None;
                }
                Some((
                    Node {
                        value: resolve(Cow::Borrowed(text)),
                        mark: self.mark(at),
                    },
                    k,
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::full;
    use super::*;
    use proptest::prelude::*;

    /// Whether two trees hold the same values at the same places.
    fn same_tree(a: &Node<'_>, b: &Node<'_>) -> bool {
        a.mark == b.mark
            && match (&a.value, &b.value) {
                (Value::Seq(x), Value::Seq(y)) => {
                    x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_tree(p, q))
                }
                (Value::Map(x), Value::Map(y)) => {
                    x.len() == y.len()
                        && x.iter()
                            .zip(y.iter())
                            .all(|((k1, v1), (k2, v2))| same_tree(k1, k2) && same_tree(v1, v2))
                }
                (Value::Float(x), Value::Float(y)) => x.to_bits() == y.to_bits(),
                (Value::Str(x), Value::Str(y)) => x == y,
                (x, y) => format!("{x:?}") == format!("{y:?}"),
            }
    }

    /// The quick reader agrees with the full parser, or leaves the text to it.
    fn agrees(text: &str) -> bool {
        match parse(text) {
            None => true,
            Some(quick) => full(text).is_ok_and(|f| same_tree(&quick, &f)),
        }
    }

    #[test]
    fn reads_every_built_in_file_as_the_full_parser_does() {
        let sources = crate::library::builtin_sources()
            .into_iter()
            .chain(crate::routine::builtin_sources());
        let mut n = 0;
        for source in sources {
            let quick = parse(&source.text)
                .unwrap_or_else(|| panic!("{}: the quick reader gave up", source.name));
            let f = full(&source.text).unwrap();
            assert!(same_tree(&quick, &f), "{}: the trees differ", source.name);
            n += 1;
        }
        assert!(n > 10);
    }

    #[test]
    fn agrees_on_the_corners_of_its_subset() {
        for text in [
            "a: 1\nb: [x, 'y z', \"w\\n\"]\nc: {in: 3s, out: -4, q: {r: []}}\n",
            "- id: x\n  n: -25\n  l:\n  - a\n  - b\n  m:\n    - 1\n- y\n",
            "k: v # note\n# only a comment\n\nz: \"a # b\"\n",
            "a: it's\nb: 'it''s'\nc: café: x\n",
            "café: thé\nnext: ü\n",
            "- - a\n  - b\n- c\n",
            "a:\n  b:\n    c: d\n  e: f\ng: h\n",
            "x: 1.5\ny: .inf\nz: 0x1f\nw: ~\nv: true\nu: 12s\n",
            "a: b\n  continued\n",
            "a:\n  two\n  lines\n",
            "- a\n  b\n",
            "a: 1\na: 2\n",
            "{a: 1, b: 2}\n",
            "[a, b,]\n",
            "a: [b, c\n  , d]\n",
            "a: |\n  text\n",
            "a: &x 1\nb: *x\n",
            "? a\n: b\n",
            "a:\nb: c\n",
            "a: -\n",
            "- -1\n- -x\n- -\n",
            "a: \"\\u00e9\"\n",
            "key with spaces: value, with, commas\n",
            "a: b: c\n",
            "  indented: root\n  second: x\n",
        ] {
            assert!(agrees(text), "{text:?}");
        }
        // Places along a line that is not ASCII, counted once.
        let long = format!(
            "k: [{}]\nü: {{é: [ï, ö], ä: ë}}\n",
            vec!["é"; 50].join(", ")
        );
        assert!(parse(&long).is_some() && agrees(&long));
        // Its own files' shapes it reads itself.
        assert!(
            parse("- id: x\n  areas: [hips, glutes]\n  breath: {in: 3s, out_cue: \"Fold in\"}\n")
                .is_some()
        );
    }

    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("a".to_string()),
            Just("-5".to_string()),
            Just("x y".to_string()),
            Just("'q'".to_string()),
            Just("\"d\\\"\"".to_string()),
            Just("[p, q]".to_string()),
            Just("{m: 1, n: [o]}".to_string()),
            Just("[]".to_string()),
            Just("{}".to_string()),
            Just("# c".to_string()),
            Just("k: v".to_string()),
            Just("- ".to_string()),
            Just("-".to_string()),
            Just(": ".to_string()),
            Just("é".to_string()),
            Just("a #b".to_string()),
            Just("1.5".to_string()),
            Just("true".to_string()),
            Just("|".to_string()),
            Just("&a".to_string()),
            Just(",".to_string()),
        ]
    }

    fn line() -> impl Strategy<Value = String> {
        (
            0usize..6,
            prop::collection::vec(piece(), 0..4),
            prop::bool::ANY,
        )
            .prop_map(|(indent, pieces, key)| {
                let body = pieces.join(" ");
                if key {
                    format!("{}k{indent}: {body}", " ".repeat(indent))
                } else {
                    format!("{}- {body}", " ".repeat(indent))
                }
            })
    }

    /// A document well formed more often than not: a tree of block mappings and lists
    /// (some indentless, some compact), flow collections and scalars of every kind.
    #[derive(Debug, Clone)]
    enum Doc {
        Scalar(&'static str),
        Seq(Vec<Doc>),
        Map(Vec<(String, Doc)>),
    }

    fn doc() -> impl Strategy<Value = Doc> {
        let scalar = prop_oneof![
            Just("plain words"),
            Just("-25"),
            Just("3s"),
            Just("\"quoted, with: colon\""),
            Just("'single ''quote'''"),
            Just("[hips, glutes]"),
            Just("{in: 3s, out: 4s, in_cue: \"Open up\"}"),
            Just("{a: [1, {b: c}]}"),
            Just("[]"),
            Just("café"),
            Just("x # a comment"),
            Just("1e3"),
            Just("null"),
            Just("http://x.y/z"),
            Just("a:b"),
        ]
        .prop_map(Doc::Scalar);
        scalar.prop_recursive(4, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 1..4).prop_map(Doc::Seq),
                prop::collection::vec(("[a-z]{1,3}", inner), 1..4).prop_map(|entries| {
                    let mut seen = std::collections::HashSet::new();
                    Doc::Map(
                        entries
                            .into_iter()
                            .filter(|(k, _)| seen.insert(k.clone()))
                            .collect(),
                    )
                }),
            ]
        })
    }

    /// Writes `d` with its first line continuing what `out` holds, and every later line
    /// indented by `indent`; lists under a key go as far in as the key when `indentless`.
    fn render(d: &Doc, indent: usize, out: &mut String, indentless: bool) {
        let pad = " ".repeat(indent);
        match d {
            Doc::Scalar(s) => {
                out.push_str(s);
                out.push('\n');
            }
            Doc::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(&pad);
                    }
                    out.push_str("- ");
                    match item {
                        Doc::Scalar(_) => render(item, indent + 2, out, indentless),
                        _ if i % 2 == 0 => render(item, indent + 2, out, indentless),
                        _ => {
                            out.push('\n');
                            out.push_str(&" ".repeat(indent + 2));
                            render(item, indent + 2, out, indentless);
                        }
                    }
                }
            }
            Doc::Map(entries) => {
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push_str(&pad);
                    }
                    out.push_str(k);
                    out.push(':');
                    match v {
                        Doc::Scalar(_) => {
                            out.push(' ');
                            render(v, indent + 2, out, indentless);
                        }
                        Doc::Seq(_) if indentless => {
                            out.push('\n');
                            out.push_str(&pad);
                            render(v, indent, out, indentless);
                        }
                        _ => {
                            out.push('\n');
                            out.push_str(&" ".repeat(indent + 2));
                            render(v, indent + 2, out, indentless);
                        }
                    }
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn agrees_on_well_formed_documents(d in doc(), indentless in prop::bool::ANY) {
            let mut text = String::new();
            render(&d, 0, &mut text, indentless);
            prop_assert!(agrees(&text), "{}", text);
            // Such documents are its to read.
            if full(&text).is_ok() && !matches!(d, Doc::Scalar(_)) {
                prop_assert!(parse(&text).is_some(), "gave up on:\n{}", text);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn agrees_with_the_full_parser_or_gives_up(lines in prop::collection::vec(line(), 1..8)) {
            let text = lines.join("\n") + "\n";
            prop_assert!(agrees(&text), "{:?}", text);
        }
    }
}
