//! Every key the full screen knows, mapped to an [`Action`] in one place.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// What the screen is showing, which decides what a key means (`n` is "next" on the
/// countdown and "no" at the quit prompt).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Session,
    Help,
    QuitPrompt,
    Summary,
}

/// Something the user asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    TogglePause,
    Next,
    Previous,
    /// Add 10 s to the phase.
    More,
    /// Take 10 s from the phase.
    Less,
    ToggleHelp,
    /// Show or hide the stick figure.
    ToggleFigure,
    /// Close the help or the quit prompt.
    Close,
    /// Ask whether to quit.
    Quit,
    /// The answer "yes" to the quit prompt.
    ConfirmQuit,
    /// Ctrl-C: stop at once.
    Interrupt,
    /// Ctrl-Z: give the terminal back and stop the process until `fg`.
    Suspend,
    /// Ctrl-L: draw the whole screen again.
    Redraw,
    /// Leave the summary.
    Leave,
}

/// The action of `key` in `mode`, if it has one.
pub fn action(key: KeyEvent, mode: Mode) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl {
        match key.code {
            KeyCode::Char('c' | 'C') => {
                return Some(if mode == Mode::Summary {
                    Action::Leave
                } else {
                    Action::Interrupt
                });
            }
            KeyCode::Char('z' | 'Z') => return Some(Action::Suspend),
            KeyCode::Char('l' | 'L') => return Some(Action::Redraw),
            _ => {}
        }
    }
    match mode {
        Mode::Summary => Some(Action::Leave),
        Mode::QuitPrompt => match key.code {
            KeyCode::Char('y' | 'Y') => Some(Action::ConfirmQuit),
            KeyCode::Char('n' | 'N' | 'q') | KeyCode::Esc => Some(Action::Close),
            _ => None,
        },
        Mode::Help => match key.code {
            KeyCode::Esc | KeyCode::Char('?') => Some(Action::Close),
            _ => countdown(key.code),
        },
        Mode::Session => countdown(key.code),
    }
}

/// One key of the countdown: the codes that press it, how the help names them, what it
/// does in words, and the action.
pub struct Binding {
    pub codes: &'static [KeyCode],
    pub label: &'static str,
    pub does: &'static str,
    /// `None` for the control keys, which [`action`] reads before any mode.
    pub action: Option<Action>,
}

const fn bind(
    codes: &'static [KeyCode],
    label: &'static str,
    does: &'static str,
    action: Option<Action>,
) -> Binding {
    Binding {
        codes,
        label,
        does,
        action,
    }
}

/// Every key of the countdown, in the order the help lists them: the one table that
/// [`action`] and the help box are made from.
pub const COUNTDOWN: &[Binding] = &[
    bind(
        &[KeyCode::Char(' ')],
        "space",
        "pause / resume",
        Some(Action::TogglePause),
    ),
    bind(
        &[KeyCode::Right, KeyCode::Char('n')],
        "→  n",
        "next phase",
        Some(Action::Next),
    ),
    bind(
        &[KeyCode::Left, KeyCode::Char('p')],
        "←  p",
        "restart the phase; again: the one before",
        Some(Action::Previous),
    ),
    bind(
        &[KeyCode::Char('+'), KeyCode::Char('=')],
        "+",
        "",
        Some(Action::More),
    ),
    bind(
        &[KeyCode::Char('-'), KeyCode::Char('_')],
        "+  -",
        "add / take 10 seconds",
        Some(Action::Less),
    ),
    bind(
        &[KeyCode::Char('f')],
        "f",
        "show / hide the figure",
        Some(Action::ToggleFigure),
    ),
    bind(
        &[KeyCode::Char('?')],
        "?",
        "this help",
        Some(Action::ToggleHelp),
    ),
    bind(
        &[KeyCode::Char('q')],
        "q",
        "quit (asks first)",
        Some(Action::Quit),
    ),
    bind(&[], "Ctrl-C", "quit at once", None),
    bind(&[], "Ctrl-Z", "suspend; `fg` to come back", None),
    bind(&[], "Ctrl-L", "draw the screen again", None),
];

/// The rows of the countdown's help: each key with what it does (a key sharing its row
/// with the next one, `+` beside `-`, has no words of its own).
pub fn countdown_help() -> Vec<(&'static str, &'static str)> {
    COUNTDOWN
        .iter()
        .filter(|b| !b.does.is_empty())
        .map(|b| (b.label, b.does))
        .collect()
}

/// The keys of the countdown itself.
fn countdown(code: KeyCode) -> Option<Action> {
    COUNTDOWN
        .iter()
        .find(|b| b.codes.contains(&code))
        .and_then(|b| b.action)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action::*;
    use ratatui::crossterm::event::KeyEventState;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    fn on(mode: Mode, k: KeyEvent) -> Option<Action> {
        action(k, mode)
    }

    #[test]
    fn countdown_keys() {
        let s = Mode::Session;
        assert_eq!(on(s, key(KeyCode::Char(' '))), Some(TogglePause));
        assert_eq!(on(s, key(KeyCode::Right)), Some(Next));
        assert_eq!(on(s, key(KeyCode::Char('n'))), Some(Next));
        assert_eq!(on(s, key(KeyCode::Left)), Some(Previous));
        assert_eq!(on(s, key(KeyCode::Char('p'))), Some(Previous));
        assert_eq!(on(s, key(KeyCode::Char('+'))), Some(More));
        assert_eq!(on(s, key(KeyCode::Char('='))), Some(More));
        assert_eq!(on(s, key(KeyCode::Char('-'))), Some(Less));
        assert_eq!(on(s, key(KeyCode::Char('?'))), Some(ToggleHelp));
        assert_eq!(on(s, key(KeyCode::Char('q'))), Some(Quit));
        assert_eq!(on(s, key(KeyCode::Char('x'))), None);
        assert_eq!(on(s, key(KeyCode::Esc)), None);
        // '+' typed with shift still counts.
        assert_eq!(
            on(s, KeyEvent::new(KeyCode::Char('+'), KeyModifiers::SHIFT)),
            Some(More)
        );
    }

    #[test]
    fn the_help_is_the_key_table() {
        // Every key of the table does what its row says, and only those keys do anything.
        for b in COUNTDOWN {
            for &code in b.codes {
                assert_eq!(on(Mode::Session, key(code)), b.action, "{code:?}");
            }
        }
        let help = countdown_help();
        assert_eq!(help.len(), 10);
        assert_eq!(help[3], ("+  -", "add / take 10 seconds"));
        assert!(help.iter().all(|(_, does)| !does.is_empty()));
    }

    #[test]
    fn control_keys_work_everywhere() {
        for mode in [Mode::Session, Mode::Help, Mode::QuitPrompt] {
            assert_eq!(on(mode, ctrl('c')), Some(Interrupt));
            assert_eq!(on(mode, ctrl('z')), Some(Suspend));
            assert_eq!(on(mode, ctrl('l')), Some(Redraw));
        }
        assert_eq!(on(Mode::Summary, ctrl('c')), Some(Leave));
        assert_eq!(on(Mode::Summary, ctrl('z')), Some(Suspend));
    }

    #[test]
    fn the_quit_prompt_asks_yes_or_no() {
        let q = Mode::QuitPrompt;
        assert_eq!(on(q, key(KeyCode::Char('y'))), Some(ConfirmQuit));
        assert_eq!(on(q, key(KeyCode::Char('Y'))), Some(ConfirmQuit));
        assert_eq!(on(q, key(KeyCode::Char('n'))), Some(Close));
        assert_eq!(on(q, key(KeyCode::Esc)), Some(Close));
        assert_eq!(on(q, key(KeyCode::Char(' '))), None);
        assert_eq!(on(q, key(KeyCode::Right)), None);
    }

    #[test]
    fn help_closes_on_escape_or_question_mark_and_passes_the_rest() {
        let h = Mode::Help;
        assert_eq!(on(h, key(KeyCode::Esc)), Some(Close));
        assert_eq!(on(h, key(KeyCode::Char('?'))), Some(Close));
        assert_eq!(on(h, key(KeyCode::Char(' '))), Some(TogglePause));
        assert_eq!(on(h, key(KeyCode::Char('q'))), Some(Quit));
    }

    #[test]
    fn any_key_leaves_the_summary_and_releases_do_nothing() {
        assert_eq!(on(Mode::Summary, key(KeyCode::Char('x'))), Some(Leave));
        assert_eq!(on(Mode::Summary, key(KeyCode::Enter)), Some(Leave));
        let release = KeyEvent {
            code: KeyCode::Char(' '),
            modifiers: KeyModifiers::NONE,
            kind: KeyEventKind::Release,
            state: KeyEventState::NONE,
        };
        assert_eq!(on(Mode::Session, release), None);
        assert_eq!(on(Mode::Summary, release), None);
    }
}
