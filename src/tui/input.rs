//! Keys from the terminal, read and decoded here rather than by crossterm's event reader.
//!
//! crossterm waits for the end of a bracketed paste forever: a lone `ESC [200~` (sent by
//! a stray program or a crafted file printed to the terminal) made it swallow every later
//! key, q and Ctrl-C included. This decoder knows only the keys supple uses, never holds on
//! to more than a short escape sequence, and lets a control byte (Ctrl-C is one) break any
//! sequence it lands in, so q and Ctrl-C always get through. Resizes come as `SIGWINCH`
//! from the signal thread.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::fs::File;
use std::io::{self, IsTerminal, Read};
use std::sync::mpsc::Sender;
use std::thread;

/// The longest escape sequence kept while waiting for its end; past it, the sequence is
/// dropped.
const LONGEST: usize = 32;

/// Turns bytes from the terminal into keys, keeping an unfinished sequence between reads.
#[derive(Debug, Default)]
pub struct Decoder {
    pending: Vec<u8>,
}

/// What the bytes at the front of the buffer are.
enum Token {
    Key(KeyEvent, usize),
    /// Bytes that mean nothing here (an unknown sequence, a broken character).
    Skip(usize),
    /// The start of a sequence whose end has not arrived yet.
    Unfinished,
}

impl Decoder {
    /// The keys in `bytes`, one read's worth. A lone Esc at the end of a read is the Esc
    /// key (a terminal sends a whole escape sequence in one write).
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<KeyEvent> {
        self.pending.extend_from_slice(bytes);
        let mut keys = Vec::new();
        let mut at = 0;
        while at < self.pending.len() {
            match token(&self.pending[at..]) {
                Token::Key(key, n) => {
                    keys.push(key);
                    at += n;
                }
                Token::Skip(n) => at += n,
                Token::Unfinished if self.pending[at..] == [0x1b] => {
                    // Nothing followed ESC in this read: it is the Esc key.
                    keys.push(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
                    at += 1;
                }
                Token::Unfinished if self.pending.len() - at > LONGEST => at = self.pending.len(),
                Token::Unfinished => break,
            }
        }
        self.pending.drain(..at);
        keys
    }
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, modifiers)
}

/// The token at the front of `b` (not empty).
fn token(b: &[u8]) -> Token {
    match b[0] {
        0x1b => escape(b),
        byte if byte < 0x20 || byte == 0x7f => Token::Key(control(byte), 1),
        byte if byte < 0x80 => Token::Key(char_key(char::from(byte), KeyModifiers::NONE), 1),
        _ => utf8(b),
    }
}

/// A printable character; capitals carry Shift, as crossterm reports them.
fn char_key(c: char, mut modifiers: KeyModifiers) -> KeyEvent {
    if c.is_uppercase() {
        modifiers |= KeyModifiers::SHIFT;
    }
    key(KeyCode::Char(c), modifiers)
}

/// A C0 control byte (or DEL) as a key.
fn control(byte: u8) -> KeyEvent {
    match byte {
        b'\r' | b'\n' => key(KeyCode::Enter, KeyModifiers::NONE),
        b'\t' => key(KeyCode::Tab, KeyModifiers::NONE),
        0x7f | 0x08 => key(KeyCode::Backspace, KeyModifiers::NONE),
        0 => key(KeyCode::Char(' '), KeyModifiers::CONTROL),
        0x01..=0x1a => key(
            KeyCode::Char(char::from(byte - 1 + b'a')),
            KeyModifiers::CONTROL,
        ),
        _ => key(
            KeyCode::Char(char::from(byte - 0x1c + b'4')),
            KeyModifiers::CONTROL,
        ),
    }
}

fn utf8(b: &[u8]) -> Token {
    let len = match b[0] {
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return Token::Skip(1),
    };
    if b.len() < len {
        // A character cut between two reads; a stray byte in front is let go.
        return if b[1..].iter().all(|&c| c & 0xc0 == 0x80) {
            Token::Unfinished
        } else {
            Token::Skip(1)
        };
    }
    match std::str::from_utf8(&b[..len]) {
        Ok(s) => s.chars().next().map_or(Token::Skip(len), |c| {
            Token::Key(char_key(c, KeyModifiers::NONE), len)
        }),
        Err(_) => Token::Skip(1),
    }
}

/// A sequence starting with ESC.
fn escape(b: &[u8]) -> Token {
    match b.get(1) {
        None => Token::Unfinished,
        Some(b'[') => csi(b),
        Some(b'O') => match b.get(2) {
            None => Token::Unfinished,
            Some(&c) if c < 0x20 => Token::Skip(2),
            Some(&c) => {
                cursor_key(c, KeyModifiers::NONE).map_or(Token::Skip(3), |k| Token::Key(k, 3))
            }
        },
        // Anything else: the Esc key, and then what follows as a key of its own. Esc
        // pressed just before a letter reaches supple as ESC and the letter in one read
        // (a busy machine, a remote terminal), the very bytes a terminal sends for Alt
        // and the letter; supple gives Alt no meaning, so they are the two keys pressed:
        // Esc closes the search or the prompt, and the letter counts as typed after it.
        Some(_) => Token::Key(key(KeyCode::Esc, KeyModifiers::NONE), 1),
    }
}

/// `ESC [ params final`. A control byte inside ends the sequence unread, so the control
/// (Ctrl-C) still counts as a key.
fn csi(b: &[u8]) -> Token {
    for (i, &c) in b.iter().enumerate().skip(2) {
        match c {
            0x20..=0x3f => {}
            0x40..=0x7e => {
                return csi_key(&b[2..i], c).map_or(Token::Skip(i + 1), |k| Token::Key(k, i + 1));
            }
            _ => return Token::Skip(i),
        }
    }
    Token::Unfinished
}

/// The key of a complete CSI sequence, if it is one supple knows.
fn csi_key(params: &[u8], last: u8) -> Option<KeyEvent> {
    let text = std::str::from_utf8(params).ok()?;
    let mut numbers = text.split(';').map(|p| p.parse::<u8>().ok());
    let first = numbers.next().flatten();
    let modifiers = numbers
        .next()
        .flatten()
        .map_or(KeyModifiers::NONE, modifiers_of);
    if last == b'~' {
        let code = match first? {
            1 | 7 => KeyCode::Home,
            2 => KeyCode::Insert,
            3 => KeyCode::Delete,
            4 | 8 => KeyCode::End,
            5 => KeyCode::PageUp,
            6 => KeyCode::PageDown,
            _ => return None,
        };
        return Some(key(code, modifiers));
    }
    if last == b'Z' {
        return Some(key(KeyCode::BackTab, KeyModifiers::SHIFT));
    }
    cursor_key(last, modifiers)
}

/// Arrows, Home and End (`ESC [ A`, `ESC O A`, `ESC [ 1 ; 2 C`).
fn cursor_key(last: u8, modifiers: KeyModifiers) -> Option<KeyEvent> {
    let code = match last {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        _ => return None,
    };
    Some(key(code, modifiers))
}

/// xterm's modifier parameter: 1 + (shift 1, alt 2, ctrl 4).
fn modifiers_of(p: u8) -> KeyModifiers {
    let bits = p.saturating_sub(1);
    let mut m = KeyModifiers::NONE;
    if bits & 1 != 0 {
        m |= KeyModifiers::SHIFT;
    }
    if bits & 2 != 0 {
        m |= KeyModifiers::ALT;
    }
    if bits & 4 != 0 {
        m |= KeyModifiers::CONTROL;
    }
    m
}

/// What the reader thread sends.
pub enum Received {
    Key(KeyEvent),
    /// The terminal can no longer be read: it has gone away.
    Closed(io::Error),
}

/// Starts the thread that reads the terminal (standard input when it is one, else
/// `/dev/tty`) and sends each key. It blocks in `read` and wakes only when a byte
/// arrives; it ends when the terminal goes away, or with the process.
pub fn spawn<T: Send + 'static>(tx: Sender<T>, wrap: fn(Received) -> T) -> io::Result<()> {
    let mut source: Box<dyn Read + Send> = if io::stdin().is_terminal() {
        Box::new(io::stdin())
    } else {
        Box::new(File::open("/dev/tty")?)
    };
    thread::Builder::new()
        .name("supple-input".into())
        .spawn(move || {
            // At least standard input's own buffer, so each read is one read of the terminal.
            let mut buf = vec![0u8; 8192];
            let mut decoder = Decoder::default();
            loop {
                let message = match source.read(&mut buf) {
                    Ok(0) => Err(io::Error::from(io::ErrorKind::UnexpectedEof)),
                    Ok(n) => Ok(decoder.feed(&buf[..n])),
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => Err(e),
                };
                match message {
                    Ok(keys) => {
                        for k in keys {
                            if tx.send(wrap(Received::Key(k))).is_err() {
                                return;
                            }
                        }
                    }
                    Err(e) => {
                        let _ = tx.send(wrap(Received::Closed(e)));
                        return;
                    }
                }
            }
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(bytes: &[u8]) -> Vec<KeyEvent> {
        Decoder::default().feed(bytes)
    }

    fn plain(c: char) -> KeyEvent {
        char_key(c, KeyModifiers::NONE)
    }

    #[test]
    fn letters_controls_and_arrows() {
        assert_eq!(keys(b"q"), [plain('q')]);
        assert_eq!(keys(b"K"), [key(KeyCode::Char('K'), KeyModifiers::SHIFT)]);
        assert_eq!(
            keys(b"\x03"),
            [key(KeyCode::Char('c'), KeyModifiers::CONTROL)]
        );
        assert_eq!(
            keys(b"\x1a"),
            [key(KeyCode::Char('z'), KeyModifiers::CONTROL)]
        );
        assert_eq!(keys(b"\r"), [key(KeyCode::Enter, KeyModifiers::NONE)]);
        assert_eq!(keys(b"\x7f"), [key(KeyCode::Backspace, KeyModifiers::NONE)]);
        assert_eq!(keys(b"\x1b[C"), [key(KeyCode::Right, KeyModifiers::NONE)]);
        assert_eq!(keys(b"\x1bOD"), [key(KeyCode::Left, KeyModifiers::NONE)]);
        assert_eq!(
            keys(b"\x1b[1;2C"),
            [key(KeyCode::Right, KeyModifiers::SHIFT)]
        );
        assert_eq!(keys(b"\x1b[5~"), [key(KeyCode::PageUp, KeyModifiers::NONE)]);
        assert_eq!(
            keys(b"\x1b[Z"),
            [key(KeyCode::BackTab, KeyModifiers::SHIFT)]
        );
        assert_eq!(keys(b"\x1b"), [key(KeyCode::Esc, KeyModifiers::NONE)]);
        assert_eq!(keys("é".as_bytes()), [plain('é')]);
    }

    #[test]
    fn esc_and_the_next_key_in_one_read_are_both_keys() {
        let esc = key(KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(keys(b"\x1bq"), [esc, plain('q')]);
        assert_eq!(keys(b"\x1bx"), [esc, plain('x')]);
        assert_eq!(
            keys(b"\x1bK"),
            [esc, key(KeyCode::Char('K'), KeyModifiers::SHIFT)]
        );
        assert_eq!(keys(b"\x1b5"), [esc, plain('5')]);
        assert_eq!(keys(b"\x1b "), [esc, plain(' ')]);
        assert_eq!(keys("\x1bé".as_bytes()), [esc, plain('é')]);
        assert_eq!(
            keys(b"\x1b\r"),
            [esc, key(KeyCode::Enter, KeyModifiers::NONE)]
        );
        assert_eq!(
            keys(b"\x1b\x7f"),
            [esc, key(KeyCode::Backspace, KeyModifiers::NONE)]
        );
        assert_eq!(
            keys(b"\x1b\x03"),
            [esc, key(KeyCode::Char('c'), KeyModifiers::CONTROL)]
        );
        assert_eq!(keys(b"\x1b\x1b"), [esc, esc]);
        assert_eq!(
            keys(b"\x1b\x1b[A"),
            [esc, key(KeyCode::Up, KeyModifiers::NONE)]
        );
        // Esc at the end of one read and a letter in the next: the same two keys.
        let mut d = Decoder::default();
        assert_eq!(d.feed(b"\x1b"), [esc]);
        assert_eq!(d.feed(b"q"), [plain('q')]);
    }

    #[test]
    fn a_lone_paste_opener_leaves_the_keys_alive() {
        assert_eq!(keys(b"\x1b[200~q"), [plain('q')]);
        let mut d = Decoder::default();
        assert!(d.feed(b"\x1b[200~").is_empty());
        assert_eq!(d.feed(b"q"), [plain('q')]);
        assert_eq!(
            d.feed(b"\x03"),
            [key(KeyCode::Char('c'), KeyModifiers::CONTROL)]
        );
    }

    #[test]
    fn ctrl_c_breaks_any_sequence() {
        assert_eq!(
            keys(b"\x1b[12;\x03q"),
            [key(KeyCode::Char('c'), KeyModifiers::CONTROL), plain('q')]
        );
        assert_eq!(
            keys(b"\x1bO\x03"),
            [key(KeyCode::Char('c'), KeyModifiers::CONTROL)]
        );
    }

    #[test]
    fn unknown_sequences_and_broken_bytes_are_dropped() {
        assert_eq!(keys(b"\x1b[?1;2cq"), [plain('q')]);
        assert_eq!(keys(b"\x1b[<0;3;4Mq"), [plain('q')]);
        assert_eq!(keys(b"\xffq"), [plain('q')]);
        assert_eq!(keys(b"\x1b[15~q"), [plain('q')]);
    }

    #[test]
    fn a_sequence_or_character_cut_between_reads_is_joined() {
        let mut d = Decoder::default();
        assert!(d.feed(b"\x1b[1;").is_empty());
        assert_eq!(d.feed(b"2D"), [key(KeyCode::Left, KeyModifiers::SHIFT)]);
        let e = "é".as_bytes();
        assert!(d.feed(&e[..1]).is_empty());
        assert_eq!(d.feed(&e[1..]), [plain('é')]);
    }

    #[test]
    fn an_endless_sequence_is_let_go() {
        let mut d = Decoder::default();
        let mut long = b"\x1b[".to_vec();
        long.extend(std::iter::repeat_n(b'1', 100));
        assert!(d.feed(&long).is_empty());
        assert_eq!(d.feed(b"q"), [plain('q')]);
        assert!(d.pending.is_empty());
    }
}
