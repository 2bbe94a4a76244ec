//! The full-screen terminal front end: terminal setup and restore; the event loop (in
//! [`app`]) is the only place that reads the clock.
//!
//! Two threads feed one channel: one reads keys, one receives signals (resizes among
//! them). The loop waits on that channel until the next moment the screen must change
//! ([`crate::session::Session::next_change`]), then reads `Instant::now()` once, handles
//! what came in, ticks the countdown (bell, `cue_command`) and draws. An idle countdown
//! wakes once a second, or once per pacer cell while breathing, and writes only the
//! cells that changed; the other screens wake only for input.

pub mod app;
mod backend;
mod countdown;
pub mod digits;
pub mod figure;
pub mod help;
pub mod home;
pub mod input;
pub mod keys;
pub mod picker;
pub mod safety;
pub mod session;
pub mod summary;
pub mod theme;
pub mod widgets;

#[cfg(test)]
mod fixtures;

use backend::Lean;
use ratatui::Terminal;
use ratatui::crossterm::event::KeyEvent;
use ratatui::crossterm::style::{Attribute, SetAttribute};
use ratatui::crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};
use ratatui::layout::Rect;
use signal_hook::consts::{SIGTSTP, SIGWINCH};
use std::fs::File;
use std::io::{self, Write, stdout};
use std::os::fd::AsFd;
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;

/// How the screen behaves, from settings and flags (each flag a setting of its own).
#[derive(Debug, Clone, Default)]
#[allow(clippy::struct_excessive_bools)]
pub struct TuiOptions {
    /// Ring the terminal bell at phase starts and on 3-2-1.
    pub bell: bool,
    /// Colours (false under `NO_COLOR` or `colors: false`).
    pub colors: bool,
    /// The user's `cue_command`, run for every cue.
    pub cue_command: Option<Vec<String>>,
    /// How the stick figure is drawn, and whether it shows at the start (`f` toggles it).
    pub figure: ratatui::symbols::Marker,
    pub show_figure: bool,
    /// The voice, sounds, notification and hooks; when set, it also runs the
    /// `cue_command` (and the bell rings only for moments with no sound of their own).
    pub coach: Option<crate::voice::Shared>,
    /// Each get-ready phase waits for space (`prepare: wait`).
    pub prepare_wait: bool,
}

/// Whether the terminal understands the escape codes the full screen needs: not under
/// `TERM=dumb`, nor with no `TERM` at all.
pub fn capable(term: Option<&std::ffi::OsStr>) -> bool {
    term.is_some_and(|t| !t.is_empty() && t != "dumb")
}

/// The signal thread of the full screen.
fn listen(tx: Sender<Input>) -> io::Result<crate::signals::Listener> {
    crate::signals::Listener::start(&crate::signals::SCREEN, tx, |n| {
        if n == SIGWINCH {
            backend::resized();
            Input::Resize
        } else {
            Input::Signal(n)
        }
    })
}

/// What the loop waits for.
#[derive(Debug)]
enum Input {
    Key(KeyEvent),
    Resize,
    Signal(i32),
    /// Reading the terminal failed.
    Failed(io::Error),
}

impl From<input::Received> for Input {
    fn from(r: input::Received) -> Self {
        match r {
            input::Received::Key(k) => Input::Key(k),
            input::Received::Closed(e) => Input::Failed(e),
        }
    }
}

/// Whether the terminal is ours (raw, alternate screen); the panic hook reads it.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Raw mode, the alternate screen, no cursor.
fn claim() -> io::Result<()> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    execute!(stdout(), EnterAlternateScreen, cursor::Hide).inspect_err(|_| {
        let _ = release();
    })
}

/// Gives the terminal back as it was; does nothing when it is not ours.
fn release() -> io::Result<()> {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return Ok(());
    }
    // Raw mode first: it has the wider effect if the rest fails.
    let raw = disable_raw_mode();
    // The alternate screen is emptied before it is left: a terminal resized meanwhile
    // (tmux, for one) can otherwise carry its lines over onto the shell's screen.
    let screen = execute!(
        stdout(),
        SetAttribute(Attribute::Reset),
        Clear(ClearType::All),
        cursor::MoveTo(0, 0),
        cursor::Show,
        LeaveAlternateScreen
    );
    raw.and(screen)
}

/// Restores the terminal before a panic message is printed (once per process).
fn install_panic_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = release();
            previous(info);
        }));
    });
}

/// The terminal while it is ours; dropping it gives it back.
struct Term {
    /// Always there until the drop.
    terminal: Option<Terminal<Lean<File>>>,
}

impl Term {
    fn enter() -> io::Result<Self> {
        install_panic_hook();
        claim()?;
        // Frames go to the terminal through a file of their own, unbuffered: each one is a
        // single write. (Standard output is line-buffered: a frame holding a line feed, a
        // move down a row, would go out in two writes.)
        let out = stdout()
            .as_fd()
            .try_clone_to_owned()
            .map(File::from)
            .inspect_err(|_| {
                let _ = release();
            })?;
        let terminal = Terminal::new(Lean::new(out)).inspect_err(|_| {
            let _ = release();
        })?;
        let mut term = Self {
            terminal: Some(terminal),
        };
        term.repaint()?;
        Ok(term)
    }

    fn terminal(&mut self) -> &mut Terminal<Lean<File>> {
        self.terminal
            .as_mut()
            .expect("the terminal is there until the drop")
    }

    /// Clears the screen and makes the next draw paint every cell. (`Terminal::clear` would
    /// first ask the terminal where its cursor is, a round trip that fails where nothing
    /// answers and that competes with the input thread for the replies.)
    fn repaint(&mut self) -> io::Result<()> {
        let terminal = self.terminal();
        terminal.backend_mut().forget();
        let size = terminal.size()?;
        terminal.resize(Rect::new(0, 0, size.width, size.height))
    }

    /// Takes the terminal back after the process was stopped and continued, whatever the
    /// shell did to it meanwhile, and draws everything again.
    fn reclaim(&mut self) -> io::Result<()> {
        if ACTIVE.load(Ordering::SeqCst) {
            disable_raw_mode()?;
        }
        claim()?;
        self.repaint()
    }

    /// Gives the terminal back and stops the process (as Ctrl-Z would) until `fg`.
    fn suspend(&mut self) -> io::Result<()> {
        release()?;
        // SIGTSTP is caught here, so stop the way its default action would.
        signal_hook::low_level::emulate_default_handler(SIGTSTP)?;
        self.reclaim()
    }

    fn bell(&mut self) -> io::Result<()> {
        let out = self.terminal().backend_mut();
        out.write_all(b"\x07")?;
        out.flush()
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        let _ = release();
        // ratatui's own drop shows the cursor again and, when that fails (the terminal has
        // gone), reports it with `eprintln!`, which panics on a dead stderr. The cursor is
        // shown here instead; a terminal that cannot take it is let go without its drop.
        if let Some(mut terminal) = self.terminal.take()
            && terminal.show_cursor().is_err()
        {
            std::mem::forget(terminal);
        }
    }
}

fn closed() -> io::Error {
    io::Error::other("the terminal input closed")
}
