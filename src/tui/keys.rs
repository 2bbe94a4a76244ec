//! Every key of every screen, in one place: one table per mode, from which the key
//! matching, the help boxes and the footers are all made. A key that is not in a table
//! does nothing there; a row of the help or the footer that is not in a table cannot be.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// How a key shows in a footer: its name, a shorter name for narrow screens, and a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hint {
    pub key: &'static str,
    pub short: &'static str,
    pub word: &'static str,
    /// The word is the first thing dropped when the footer is short of room.
    pub spare: bool,
}

/// One key: the codes that press it, how the help names it, what it does in words, the
/// action, and how the footer shows it (if it does).
#[derive(Debug)]
pub struct Binding<A: 'static> {
    pub codes: &'static [KeyCode],
    pub label: &'static str,
    /// Empty for a key that shares the help row of its neighbour (`+` beside `-`).
    pub does: &'static str,
    /// `None` for a row that only tells (the control keys, read before any table).
    pub action: Option<A>,
    pub hint: Option<Hint>,
}

const fn bind<A>(
    codes: &'static [KeyCode],
    label: &'static str,
    does: &'static str,
    action: A,
) -> Binding<A> {
    Binding {
        codes,
        label,
        does,
        action: Some(action),
        hint: None,
    }
}

/// A row of the help that no table matches: the control keys.
const fn told<A>(label: &'static str, does: &'static str) -> Binding<A> {
    Binding {
        codes: &[],
        label,
        does,
        action: None,
        hint: None,
    }
}

impl<A> Binding<A> {
    /// The same key, shown in the footer as `key word` (`short` where room is short).
    const fn shown(self, key: &'static str, short: &'static str, word: &'static str) -> Self {
        self.hint(key, short, word, false)
    }

    /// Shown in the footer, its word dropped first when room is short.
    const fn shown_spare(self, key: &'static str, short: &'static str, word: &'static str) -> Self {
        self.hint(key, short, word, true)
    }

    const fn hint(
        mut self,
        key: &'static str,
        short: &'static str,
        word: &'static str,
        spare: bool,
    ) -> Self {
        self.hint = Some(Hint {
            key,
            short,
            word,
            spare,
        });
        self
    }
}

/// The table of one mode.
pub type Keymap<A> = &'static [Binding<A>];

/// The action of `code` in `map`.
pub fn lookup<A: Copy>(map: Keymap<A>, code: KeyCode) -> Option<A> {
    map.iter()
        .find(|b| b.codes.contains(&code))
        .and_then(|b| b.action)
}

/// The rows of a help box: each key with what it does, in the table's order.
pub fn help<A>(map: Keymap<A>) -> Vec<(&'static str, &'static str)> {
    map.iter()
        .filter(|b| !b.does.is_empty())
        .map(|b| (b.label, b.does))
        .collect()
}

/// What a footer shows, in the table's order.
pub fn hints<A>(map: Keymap<A>) -> Vec<Hint> {
    map.iter().filter_map(|b| b.hint).collect()
}

/// The keys that mean the same on every screen; read before any table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    /// Ctrl-C: stop at once.
    Interrupt,
    /// Ctrl-Z: give the terminal back and stop the process until `fg`.
    Suspend,
    /// Ctrl-L: draw the whole screen again.
    Redraw,
}

/// What a key press is, before the mode gives it a meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Press {
    Control(Control),
    Key(KeyCode),
}

/// Sorts out a key event: releases are nothing, the control keys are the same everywhere,
/// other keys with Ctrl held are nothing; the rest is for the mode's table.
pub fn press(key: KeyEvent) -> Option<Press> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return match key.code {
            KeyCode::Char('c' | 'C') => Some(Press::Control(Control::Interrupt)),
            KeyCode::Char('z' | 'Z') => Some(Press::Control(Control::Suspend)),
            KeyCode::Char('l' | 'L') => Some(Press::Control(Control::Redraw)),
            _ => None,
        };
    }
    Some(Press::Key(key.code))
}

const CONTROL_ROWS: [(&str, &str); 3] = [
    ("Ctrl-C", "quit at once"),
    ("Ctrl-Z", "suspend; `fg` to come back"),
    ("Ctrl-L", "draw the screen again"),
];

// ---------------------------------------------------------------------------------------
// The countdown.

/// What the countdown is showing, which decides what a key means (`n` is "next" on the
/// countdown and "no" at the quit prompt).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Session,
    Help,
    QuitPrompt,
    Summary,
}

/// Something the user asked of the countdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    TogglePause,
    Next,
    Previous,
    /// Skip the rest of the stretch.
    NextStretch,
    /// "This hurts": stop the stretch at once, note it, go on to the next.
    Hurt,
    /// Back to the start of the stretch, or the one before.
    PreviousStretch,
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
    Suspend,
    Redraw,
    /// Leave the summary.
    Leave,
}

/// Every key of the countdown, in the order the help lists them.
pub const COUNTDOWN: Keymap<Action> = &[
    bind(
        &[KeyCode::Char(' ')],
        "space",
        "pause / resume",
        Action::TogglePause,
    )
    .shown("space", "spc", "pause"),
    bind(
        &[KeyCode::Right, KeyCode::Char('n')],
        "→  n",
        "next phase",
        Action::Next,
    )
    .shown_spare("← →", "←→", "phase"),
    bind(
        &[KeyCode::Left, KeyCode::Char('p')],
        "←  p",
        "restart the phase; again: the one before",
        Action::Previous,
    ),
    bind(&[KeyCode::Char(']')], "]", "", Action::NextStretch),
    bind(
        &[KeyCode::Char('[')],
        "]  [",
        "next stretch / restart it",
        Action::PreviousStretch,
    ),
    bind(
        &[KeyCode::Char('+'), KeyCode::Char('=')],
        "+",
        "",
        Action::More,
    )
    .shown("+ −", "+−", "10s"),
    bind(
        &[KeyCode::Char('-'), KeyCode::Char('_')],
        "+  -",
        "add / take 10 seconds",
        Action::Less,
    ),
    bind(
        &[KeyCode::Char('f')],
        "f",
        "show / hide the figure",
        Action::ToggleFigure,
    ),
    bind(
        &[KeyCode::Char('h')],
        "h",
        "this hurts: stop the stretch, note it, go on",
        Action::Hurt,
    )
    .shown("h", "h", "hurts"),
    bind(&[KeyCode::Char('?')], "?", "this help", Action::ToggleHelp).shown("?", "?", "help"),
    bind(
        &[KeyCode::Char('q')],
        "q",
        "quit (asks first)",
        Action::Quit,
    )
    .shown("q", "q", "quit"),
    told(CONTROL_ROWS[0].0, CONTROL_ROWS[0].1),
    told(CONTROL_ROWS[1].0, CONTROL_ROWS[1].1),
    told(CONTROL_ROWS[2].0, CONTROL_ROWS[2].1),
];

/// The quit prompt: yes or no.
pub const QUIT_PROMPT: Keymap<Action> = &[
    bind(
        &[KeyCode::Char('y'), KeyCode::Char('Y')],
        "y",
        "quit",
        Action::ConfirmQuit,
    )
    .shown("y", "y", "quit"),
    bind(
        &[
            KeyCode::Char('n'),
            KeyCode::Char('N'),
            KeyCode::Char('q'),
            KeyCode::Esc,
        ],
        "n  esc",
        "keep going",
        Action::Close,
    )
    .shown("n", "n", "keep going"),
];

/// Over the countdown's help, these close it; every other key still works the countdown.
pub const COUNTDOWN_HELP: Keymap<Action> = &[bind(
    &[KeyCode::Esc, KeyCode::Char('?')],
    "esc  ?",
    "close the help",
    Action::Close,
)
.shown("esc", "esc", "close the help")];

/// The action of `key` on the countdown in `mode`, if it has one.
pub fn action(key: KeyEvent, mode: Mode) -> Option<Action> {
    match press(key)? {
        Press::Control(Control::Interrupt) if mode == Mode::Summary => Some(Action::Leave),
        Press::Control(Control::Interrupt) => Some(Action::Interrupt),
        Press::Control(Control::Suspend) => Some(Action::Suspend),
        Press::Control(Control::Redraw) => Some(Action::Redraw),
        Press::Key(code) => match mode {
            Mode::Summary => Some(Action::Leave),
            Mode::QuitPrompt => lookup(QUIT_PROMPT, code),
            Mode::Help => lookup(COUNTDOWN_HELP, code).or_else(|| lookup(COUNTDOWN, code)),
            Mode::Session => lookup(COUNTDOWN, code),
        },
    }
}

/// The rows of the countdown's help.
pub fn countdown_help() -> Vec<(&'static str, &'static str)> {
    help(COUNTDOWN)
}

// ---------------------------------------------------------------------------------------
// The home screen.

/// What a key asks of the home screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HomeAction {
    Up,
    Down,
    Run,
    Plan,
    Build,
    /// Open the routine in the picker, to change it and save it under a new name.
    Edit,
    History,
    ScrollUp,
    ScrollDown,
    /// The next stretch of the routine in the preview: its figure and cautions.
    NextStretch,
    /// The one before (from the first: the routine as a whole again).
    PreviousStretch,
    ToggleHelp,
    Close,
    Quit,
    /// Ctrl-C: leave at once, as an interrupt (exit 130).
    Interrupt,
    Suspend,
    Redraw,
}

/// Every key of the home screen, in the order the help lists them.
pub const HOME: Keymap<HomeAction> = &[
    bind(
        &[KeyCode::Up, KeyCode::Char('k')],
        "↑ ↓  k j",
        "choose a routine",
        HomeAction::Up,
    ),
    bind(
        &[KeyCode::Down, KeyCode::Char('j')],
        "",
        "",
        HomeAction::Down,
    ),
    bind(
        &[KeyCode::Enter, KeyCode::Char('r')],
        "enter  r",
        "run it",
        HomeAction::Run,
    )
    .shown("enter", "enter", "run"),
    bind(
        &[KeyCode::Char('p')],
        "p",
        "its plan, phase by phase",
        HomeAction::Plan,
    )
    .shown("p", "p", "plan"),
    bind(
        &[KeyCode::Char('b')],
        "b",
        "build a new routine",
        HomeAction::Build,
    )
    .shown("b", "b", "build"),
    bind(
        &[KeyCode::Char('e')],
        "e",
        "edit a copy in the picker",
        HomeAction::Edit,
    )
    .shown_spare("e", "e", "edit"),
    bind(
        &[KeyCode::Char('h')],
        "h",
        "history and streak",
        HomeAction::History,
    )
    .shown("h", "h", "history"),
    bind(
        &[KeyCode::PageUp, KeyCode::Char('K')],
        "",
        "",
        HomeAction::ScrollUp,
    ),
    bind(
        &[KeyCode::PageDown, KeyCode::Char('J')],
        "J K",
        "scroll the preview",
        HomeAction::ScrollDown,
    ),
    bind(&[KeyCode::Char(']')], "", "", HomeAction::NextStretch),
    bind(
        &[KeyCode::Char('[')],
        "]  [",
        "its stretches one by one",
        HomeAction::PreviousStretch,
    ),
    bind(&[KeyCode::Char('?')], "?", "", HomeAction::ToggleHelp).shown_spare("?", "?", "help"),
    bind(
        &[KeyCode::Esc],
        "esc  q",
        "close a pane / quit",
        HomeAction::Close,
    ),
    bind(&[KeyCode::Char('q')], "", "", HomeAction::Quit).shown_spare("q", "q", "quit"),
];

/// The action of a key on the home screen.
pub fn home(key: KeyEvent) -> Option<HomeAction> {
    match press(key)? {
        Press::Control(Control::Interrupt) => Some(HomeAction::Interrupt),
        Press::Control(Control::Suspend) => Some(HomeAction::Suspend),
        Press::Control(Control::Redraw) => Some(HomeAction::Redraw),
        Press::Key(code) => lookup(HOME, code),
    }
}

// ---------------------------------------------------------------------------------------
// The picker.

/// What a key asks of the picker's panels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickAction {
    NextPanel,
    PreviousPanel,
    Up,
    Down,
    /// Add or remove the stretch; in the routine, remove the step.
    Toggle,
    StepDown,
    StepUp,
    MoreDose,
    LessDose,
    MoreSets,
    FewerSets,
    Avoid,
    Shuffle,
    /// Type to find a stretch by name or id.
    Search,
    /// The next position to show only (floor, standing, ...), then all again.
    Position,
    /// The next equipment to show only (none, wall, chair, ...), then all again.
    Equipment,
    /// The stretch under the cursor in full, over the panels.
    Details,
    /// Set the minutes that `x` fills to.
    Budget,
    Help,
    Save,
    Run,
    Back,
}

/// Every key of the picker's panels, in the order the help lists them.
pub const PICKER: Keymap<PickAction> = &[
    bind(
        &[KeyCode::Tab, KeyCode::Right, KeyCode::Char('l')],
        "tab ← →",
        "next / previous panel",
        PickAction::NextPanel,
    )
    .shown("tab", "tab", "panel"),
    bind(
        &[KeyCode::BackTab, KeyCode::Left, KeyCode::Char('h')],
        "",
        "",
        PickAction::PreviousPanel,
    ),
    bind(
        &[KeyCode::Up, KeyCode::Char('k')],
        "↑ ↓  k j",
        "move the cursor",
        PickAction::Up,
    ),
    bind(
        &[KeyCode::Down, KeyCode::Char('j')],
        "",
        "",
        PickAction::Down,
    ),
    bind(
        &[KeyCode::Char(' '), KeyCode::Enter],
        "space",
        "add or remove; in the routine: remove",
        PickAction::Toggle,
    )
    .shown("space", "spc", "add"),
    bind(
        &[KeyCode::Char('/')],
        "/",
        "find by name or id (esc clears)",
        PickAction::Search,
    )
    .shown("/", "/", "find"),
    bind(
        &[KeyCode::Char('p')],
        "p",
        "one position only (again: the next)",
        PickAction::Position,
    ),
    bind(
        &[KeyCode::Char('e')],
        "e",
        "one equipment only (again: the next)",
        PickAction::Equipment,
    ),
    bind(
        &[KeyCode::Char('i')],
        "i",
        "the stretch in full (again: close)",
        PickAction::Details,
    )
    .shown("i", "i", "details"),
    bind(
        &[KeyCode::Char('J')],
        "J K",
        "move the step down / up; in the details: scroll",
        PickAction::StepDown,
    ),
    bind(&[KeyCode::Char('K')], "", "", PickAction::StepUp),
    bind(
        &[KeyCode::Char('+'), KeyCode::Char('=')],
        "+ −",
        "longer / shorter hold, more / fewer reps",
        PickAction::MoreDose,
    ),
    bind(
        &[KeyCode::Char('-'), KeyCode::Char('_')],
        "",
        "",
        PickAction::LessDose,
    ),
    bind(
        &[KeyCode::Char('>'), KeyCode::Char('.')],
        "> <",
        "more / fewer sets",
        PickAction::MoreSets,
    ),
    bind(
        &[KeyCode::Char('<'), KeyCode::Char(',')],
        "",
        "",
        PickAction::FewerSets,
    ),
    bind(
        &[KeyCode::Char('a')],
        "a",
        "joints to spare (knees, wrists, ...)",
        PickAction::Avoid,
    ),
    bind(
        &[KeyCode::Char('x')],
        "x",
        "fill the routine for these areas, a new mix each time",
        PickAction::Shuffle,
    )
    .shown("x", "x", "fill"),
    bind(
        &[KeyCode::Char('m')],
        "m",
        "the minutes that x fills to",
        PickAction::Budget,
    )
    .shown("m", "m", "minutes"),
    bind(
        &[KeyCode::Char('s')],
        "s",
        "save to your routines",
        PickAction::Save,
    )
    .shown("s", "s", "save"),
    bind(&[KeyCode::Char('r')], "r", "run it now", PickAction::Run).shown("r", "r", "run"),
    bind(&[KeyCode::Char('?')], "?", "every key", PickAction::Help).shown_spare("?", "?", "help"),
    bind(
        &[KeyCode::Char('q'), KeyCode::Esc],
        "q  esc",
        "back (esc: close the details first)",
        PickAction::Back,
    )
    .shown("q", "q", "back"),
];

/// The keys a narrow picker's footer keeps: the way between panels, the details, and
/// the way out with the routine.
const PICKER_NARROW: &[PickAction] = &[
    PickAction::NextPanel,
    PickAction::Details,
    PickAction::Save,
    PickAction::Run,
    PickAction::Help,
    PickAction::Back,
];

/// The picker's footer: on a narrow screen the few keys it needs most; on a wide one,
/// where the three panels show side by side, every shown key but the way between them.
pub fn picker_hints(narrow: bool) -> Vec<Hint> {
    PICKER
        .iter()
        .filter(|b| {
            b.action.is_some_and(|a| {
                if narrow {
                    PICKER_NARROW.contains(&a)
                } else {
                    a != PickAction::NextPanel
                }
            })
        })
        .filter_map(|b| b.hint)
        .collect()
}

/// What a key asks while a stretch is searched for; other keys type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchAction {
    Keep,
    Clear,
    Erase,
    Up,
    Down,
}

/// The keys of the search line.
pub const PICKER_SEARCH: Keymap<SearchAction> = &[
    bind(&[KeyCode::Enter], "enter", "keep", SearchAction::Keep).shown("enter", "enter", "keep"),
    bind(&[KeyCode::Esc], "esc", "clear", SearchAction::Clear).shown("esc", "esc", "clear"),
    bind(
        &[KeyCode::Backspace],
        "backspace",
        "erase a letter",
        SearchAction::Erase,
    ),
    bind(&[KeyCode::Up], "↑ ↓", "move", SearchAction::Up),
    bind(&[KeyCode::Down], "", "", SearchAction::Down),
];

/// What a key asks while the minutes are typed; digits type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BudgetAction {
    Set,
    Cancel,
    Erase,
}

/// The keys of the minutes prompt.
pub const PICKER_BUDGET: Keymap<BudgetAction> = &[
    bind(&[KeyCode::Enter], "enter", "set", BudgetAction::Set).shown("enter", "enter", "set"),
    bind(&[KeyCode::Esc], "esc", "cancel", BudgetAction::Cancel).shown("esc", "esc", "cancel"),
    bind(
        &[KeyCode::Backspace],
        "backspace",
        "erase a digit",
        BudgetAction::Erase,
    ),
];

/// What a key answers when saving would replace a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplaceAction {
    Replace,
    Rename,
}

/// The keys of the "replace the file?" prompt.
pub const PICKER_REPLACE: Keymap<ReplaceAction> = &[
    bind(
        &[KeyCode::Char('y'), KeyCode::Char('Y')],
        "y",
        "replace it",
        ReplaceAction::Replace,
    )
    .shown("y", "y", "replace"),
    bind(
        &[
            KeyCode::Char('n'),
            KeyCode::Char('N'),
            KeyCode::Esc,
            KeyCode::Char('q'),
        ],
        "n  esc",
        "choose another name",
        ReplaceAction::Rename,
    )
    .shown("n", "n", "another name"),
];

/// Over the picker's help, these scroll it; every other key closes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpAction {
    Down,
    Up,
}

/// The keys of a help box that may not fit.
pub const PICKER_HELP: Keymap<HelpAction> = &[
    bind(
        &[KeyCode::Down, KeyCode::Char('j'), KeyCode::PageDown],
        "↓ ↑",
        "scroll",
        HelpAction::Down,
    ),
    bind(
        &[KeyCode::Up, KeyCode::Char('k'), KeyCode::PageUp],
        "",
        "",
        HelpAction::Up,
    ),
];

/// What a key asks of the list of joints to spare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpareAction {
    Up,
    Down,
    Toggle,
    Close,
}

/// The keys of the list of joints to spare.
pub const PICKER_SPARE: Keymap<SpareAction> = &[
    bind(
        &[KeyCode::Up, KeyCode::Char('k')],
        "↑ ↓",
        "move",
        SpareAction::Up,
    ),
    bind(
        &[KeyCode::Down, KeyCode::Char('j')],
        "",
        "",
        SpareAction::Down,
    ),
    bind(
        &[KeyCode::Char(' '), KeyCode::Enter],
        "space",
        "spare it or not",
        SpareAction::Toggle,
    ),
    bind(
        &[KeyCode::Esc, KeyCode::Char('a'), KeyCode::Char('q')],
        "esc",
        "done",
        SpareAction::Close,
    ),
];

/// What a key asks while the name to save under is typed; other keys type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameAction {
    Save,
    Cancel,
    Erase,
}

/// The keys of the name prompt.
pub const PICKER_NAMING: Keymap<NameAction> = &[
    bind(&[KeyCode::Enter], "enter", "save", NameAction::Save).shown("enter", "enter", "save"),
    bind(&[KeyCode::Esc], "esc", "cancel", NameAction::Cancel).shown("esc", "esc", "cancel"),
    bind(
        &[KeyCode::Backspace],
        "backspace",
        "erase a letter",
        NameAction::Erase,
    ),
];

/// What a key asks of the safety guidance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SafetyAction {
    Start,
    Down,
    Up,
    Back,
}

/// The keys of the safety guidance shown before the first routine.
pub const SAFETY: Keymap<SafetyAction> = &[
    bind(
        &[KeyCode::Enter, KeyCode::Char(' ')],
        "enter",
        "start the routine",
        SafetyAction::Start,
    )
    .shown("enter", "enter", "start"),
    bind(
        &[KeyCode::Down, KeyCode::Char('j'), KeyCode::PageDown],
        "↓ ↑",
        "read on / back",
        SafetyAction::Down,
    )
    .shown("↓", "↓", "more"),
    bind(
        &[KeyCode::Up, KeyCode::Char('k'), KeyCode::PageUp],
        "",
        "",
        SafetyAction::Up,
    ),
    bind(
        &[KeyCode::Char('q'), KeyCode::Esc],
        "q  esc",
        "not now",
        SafetyAction::Back,
    )
    .shown("q", "q", "not now"),
];

/// What a key answers when leaving would throw away a routine that is not saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiscardAction {
    Leave,
    Save,
    Stay,
}

/// The keys of the "leave without saving?" prompt.
pub const PICKER_DISCARD: Keymap<DiscardAction> = &[
    bind(
        &[KeyCode::Char('y'), KeyCode::Char('Y')],
        "y",
        "leave without saving",
        DiscardAction::Leave,
    )
    .shown("y", "y", "leave"),
    bind(
        &[KeyCode::Char('s')],
        "s",
        "save it first",
        DiscardAction::Save,
    )
    .shown("s", "s", "save"),
    bind(
        &[
            KeyCode::Char('n'),
            KeyCode::Char('N'),
            KeyCode::Esc,
            KeyCode::Char('q'),
        ],
        "n  esc",
        "stay",
        DiscardAction::Stay,
    )
    .shown("n", "n", "stay"),
];

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
        assert_eq!(on(s, key(KeyCode::Char(']'))), Some(NextStretch));
        assert_eq!(on(s, key(KeyCode::Char('['))), Some(PreviousStretch));
        assert_eq!(on(s, key(KeyCode::Char('x'))), None);
        assert_eq!(on(s, key(KeyCode::Esc)), None);
        // '+' typed with shift still counts.
        assert_eq!(
            on(s, KeyEvent::new(KeyCode::Char('+'), KeyModifiers::SHIFT)),
            Some(More)
        );
    }

    /// Every code of a table does what its row says, and no code is in two rows.
    fn consistent<A: Copy + PartialEq + std::fmt::Debug>(map: Keymap<A>) {
        let mut seen = Vec::new();
        for b in map {
            for &code in b.codes {
                assert!(!seen.contains(&code), "{code:?} is in two rows");
                seen.push(code);
                assert_eq!(lookup(map, code), b.action, "{code:?}");
            }
        }
    }

    #[test]
    fn every_table_is_consistent() {
        consistent(COUNTDOWN);
        consistent(QUIT_PROMPT);
        consistent(COUNTDOWN_HELP);
        consistent(HOME);
        consistent(PICKER);
        consistent(PICKER_SPARE);
        consistent(PICKER_NAMING);
        consistent(PICKER_DISCARD);
        consistent(PICKER_SEARCH);
        consistent(PICKER_BUDGET);
        consistent(PICKER_REPLACE);
        consistent(PICKER_HELP);
        consistent(SAFETY);
    }

    #[test]
    fn the_help_is_the_key_table() {
        for b in COUNTDOWN {
            for &code in b.codes {
                assert_eq!(on(Mode::Session, key(code)), b.action, "{code:?}");
            }
        }
        let help = countdown_help();
        assert_eq!(help.len(), 12);
        assert_eq!(help[4], ("+  -", "add / take 10 seconds"));
        assert!(help.iter().all(|(_, does)| !does.is_empty()));
        // The footer shows the keys a new user needs, in the help's order.
        let footer: Vec<&str> = hints(COUNTDOWN).iter().map(|h| h.key).collect();
        assert_eq!(footer, ["space", "← →", "+ −", "h", "?", "q"]);
    }

    #[test]
    fn home_and_picker_keys_come_from_their_tables() {
        assert_eq!(home(key(KeyCode::Enter)), Some(HomeAction::Run));
        assert_eq!(home(key(KeyCode::Char('r'))), Some(HomeAction::Run));
        assert_eq!(home(key(KeyCode::Char('J'))), Some(HomeAction::ScrollDown));
        assert_eq!(home(key(KeyCode::Char('x'))), None);
        assert_eq!(home(ctrl('c')), Some(HomeAction::Interrupt));
        assert_eq!(home(ctrl('x')), None);
        assert_eq!(
            lookup(PICKER, KeyCode::BackTab),
            Some(PickAction::PreviousPanel)
        );
        assert_eq!(
            lookup(PICKER, KeyCode::Char('_')),
            Some(PickAction::LessDose)
        );
        assert_eq!(lookup(PICKER, KeyCode::Esc), Some(PickAction::Back));
        let rows = help(PICKER);
        assert_eq!(rows.first(), Some(&("tab ← →", "next / previous panel")));
        assert!(rows.iter().all(|(_, does)| !does.is_empty()));
        assert_eq!(
            hints(HOME).iter().map(|h| h.word).collect::<Vec<_>>(),
            ["run", "plan", "build", "edit", "history", "help", "quit"]
        );
        assert_eq!(home(key(KeyCode::Char('e'))), Some(HomeAction::Edit));
        assert_eq!(home(key(KeyCode::Char(']'))), Some(HomeAction::NextStretch));
        assert_eq!(
            home(key(KeyCode::Char('['))),
            Some(HomeAction::PreviousStretch)
        );
        // The picker's new keys, and a narrow footer with the ones it cannot do without.
        assert_eq!(lookup(PICKER, KeyCode::Char('/')), Some(PickAction::Search));
        assert_eq!(
            lookup(PICKER, KeyCode::Char('p')),
            Some(PickAction::Position)
        );
        assert_eq!(
            lookup(PICKER, KeyCode::Char('e')),
            Some(PickAction::Equipment)
        );
        assert_eq!(
            lookup(PICKER, KeyCode::Char('i')),
            Some(PickAction::Details)
        );
        assert_eq!(lookup(PICKER, KeyCode::Char('m')), Some(PickAction::Budget));
        assert_eq!(
            picker_hints(true).iter().map(|h| h.key).collect::<Vec<_>>(),
            ["tab", "i", "s", "r", "?", "q"]
        );
        assert!(picker_hints(false).len() > picker_hints(true).len());
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
