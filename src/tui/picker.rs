//! The picker (`supple build` on a terminal): body areas on one side, their stretches in
//! the middle, the routine so far with its live total on the other; save it or run it.
//!
//! ```text
//!  build · 9:40 of 10:00 · hips, hamstrings · avoiding knees
//! ╭─ Areas ────────╮╭─ Stretches · hips ──────────────╮╭─ Routine ──────────────╮
//! │   neck      6  ││ [x] Standing Hip Circles   0:40 ││  1 Leg Swings     1:10 │
//! │ › hips      8  ││ [ ] Pigeon Pose  knees     1:35 ││  2 Hip Circles    0:40 │
//! ╰────────────────╯╰─────────────────────────────────╯╰────────────────────────╯
//!  space add/remove   J K move   + − dose   a avoid   x shuffle   s save   r run   q back
//! ```

use super::figure::FigureWidget;
use super::keys::{
    self, BudgetAction, Control, DiscardAction, HelpAction, NameAction, PickAction, Press,
    ReplaceAction, SearchAction, SpareAction,
};
use super::theme::Theme;
use super::widgets::{boxed, keys_footer, notice_line, popup, usable};
use crate::builder::{Limits, Request, build_with};
use crate::library::{Area, Dose, Joint, Library, Origin, Position, Stretch, clock};
use crate::routine::{Gaps, Routine, Step};
use crate::text::truncate;
use crate::timeline::{DEFAULT_GAPS, Timeline};
use crate::yaml::{MAX_SECONDS, Vocab};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// Which panel has the cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    #[default]
    Areas,
    Stretches,
    Routine,
}

/// What is open over the panels.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    Normal,
    /// Choosing joints to spare; the cursor in the joint list.
    Avoid(usize),
    /// Typing the name to save under.
    Naming(String),
    /// Every key, scrolled this many lines.
    Help(usize),
    /// Asking before a routine that was never saved is thrown away.
    Discard,
    /// Typing what to find (the text is [`Picker::query`], so the list follows it).
    Search,
    /// Typing the minutes that `x` fills to.
    Budget(String),
    /// Asking before the file of this name in the user's routines is replaced.
    Replace(String),
}

/// The routine the picker was opened with, from the home screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened {
    pub name: String,
    pub builtin: bool,
    pub description: Option<String>,
}

/// The most minutes `m` takes, as `--minutes` does.
pub const MAX_MINUTES: u32 = 120;
/// What `x` fills to until `m` says otherwise.
pub const DEFAULT_BUDGET: u32 = 600;

/// The picker's state.
#[derive(Debug, Clone)]
pub struct Picker {
    stretches: Vec<Stretch>,
    pub area: usize,
    pub stretch: usize,
    pub step: usize,
    pub steps: Vec<Step>,
    pub focus: Focus,
    pub mode: Mode,
    pub avoid: Vec<Joint>,
    /// The time to aim for, in seconds.
    pub budget: Option<u32>,
    pub gaps: Gaps,
    pub seed: u64,
    pub notice: Option<String>,
    /// The steps as last saved (none at first), to tell whether leaving loses work.
    saved: Vec<Step>,
    /// The name those steps are saved under: the opened routine's own, then the name
    /// last saved as; `None` while nothing is saved.
    saved_as: Option<String>,
    /// The user's conditions and what hurt lately, which `x` respects.
    limits: Limits,
    /// What `/` is looking for, by name or id; empty for the area's stretches.
    pub query: String,
    /// Only the stretches done in this position.
    pub position: Option<Position>,
    /// Only the stretches that use this equipment (`none`: that need none).
    pub equipment: Option<String>,
    /// The stretch under the cursor shown in full, in place of the panels.
    pub details: bool,
    /// How figures are drawn; `None` when they are off (`figures: off`).
    pub figure: Option<Marker>,
    /// The routine being changed, when one was opened.
    pub opened: Option<Opened>,
    /// How far the help box could scroll when it was last drawn.
    help_end: std::cell::Cell<usize>,
    /// Lines of the details in full scrolled away (J / K).
    pub detail_scroll: usize,
}

/// What the caller must do after a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Stay,
    /// Save the routine under this name, in a new file.
    Save(String),
    /// Save it under this name, replacing the user's file of that name (they said yes).
    Replace(String),
    Run,
    Back,
    Interrupt,
    Suspend,
    Redraw,
}

impl Picker {
    pub fn new(library: &Library, gaps: Gaps, budget: Option<u32>, avoid: Vec<Joint>) -> Self {
        Picker {
            stretches: library.stretches().to_vec(),
            area: 0,
            stretch: 0,
            step: 0,
            steps: Vec::new(),
            focus: Focus::Areas,
            mode: Mode::Normal,
            avoid,
            budget: Some(budget.unwrap_or(DEFAULT_BUDGET)),
            gaps: gaps.or(DEFAULT_GAPS),
            seed: 0,
            notice: None,
            saved: Vec::new(),
            saved_as: None,
            limits: Limits::default(),
            query: String::new(),
            position: None,
            equipment: None,
            details: false,
            figure: None,
            opened: None,
            help_end: std::cell::Cell::new(usize::MAX),
            detail_scroll: 0,
        }
    }

    /// The picker with `routine` in it, to change and save under a new name; its times
    /// between stretches are kept, and it counts as saved until it changes.
    pub fn open(library: &Library, config: Gaps, routine: &Routine) -> Self {
        let mut p = Picker::new(library, routine.gaps.or(config), None, Vec::new());
        p.steps.clone_from(&routine.steps);
        p.saved = p.steps.clone();
        p.saved_as = Some(routine.name.clone());
        p.focus = Focus::Routine;
        p.budget = Some(
            p.total()
                .div_ceil(60)
                .clamp(1, MAX_MINUTES)
                .saturating_mul(60),
        );
        p.opened = Some(Opened {
            name: routine.name.clone(),
            builtin: routine.origin.builtin,
            description: routine.description.clone(),
        });
        p
    }

    /// Figures drawn with `marker`, or none.
    #[must_use]
    pub fn with_figure(mut self, marker: Option<Marker>) -> Self {
        self.figure = marker;
        self
    }

    /// The picker for someone with `limits`: the stretches their conditions rule out are
    /// not offered, and `x` leaves out what hurt lately too.
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.stretches
            .retain(|s| !crate::conditions::rules_out(s, &limits.conditions));
        self.limits = limits;
        self
    }

    fn current_area(&self) -> Area {
        Area::ALL[self.area.min(Area::ALL.len() - 1)]
    }

    fn avoided(&self, s: &Stretch) -> Option<Joint> {
        s.loads.iter().copied().find(|j| self.avoid.contains(j))
    }

    /// Whether `s` passes the position and equipment filters.
    fn passes(&self, s: &Stretch) -> bool {
        self.position.is_none_or(|p| s.position == p)
            && match self.equipment.as_deref() {
                None => true,
                Some("none") => s.equipment.is_empty(),
                Some(e) => s.equipment.iter().any(|x| x == e),
            }
    }

    /// The stretches that work the area under the cursor, primary ones first; while
    /// searching, those of every area whose name or id holds the words, those that
    /// start with them first. Either way only those that pass the filters.
    pub fn shown(&self) -> Vec<&Stretch> {
        let query = self.query.trim().to_lowercase();
        if !query.is_empty() {
            let id_query = query.split_whitespace().collect::<Vec<_>>().join("-");
            let mut v: Vec<&Stretch> = self
                .stretches
                .iter()
                .filter(|s| self.passes(s))
                .filter(|s| s.name.to_lowercase().contains(&query) || s.id.contains(&id_query))
                .collect();
            v.sort_by_key(|s| {
                let starts =
                    s.name.to_lowercase().starts_with(&query) || s.id.starts_with(&id_query);
                (!starts, s.name.clone())
            });
            return v;
        }
        let area = self.current_area();
        let mut v: Vec<&Stretch> = self
            .stretches
            .iter()
            .filter(|s| s.areas.contains(&area) && self.passes(s))
            .collect();
        v.sort_by_key(|s| (s.primary_area() != area, s.name.clone()));
        v
    }

    /// Stretches per area that are not avoided and pass the filters.
    pub fn count(&self, area: Area) -> usize {
        self.stretches
            .iter()
            .filter(|s| s.areas.contains(&area) && self.avoided(s).is_none() && self.passes(s))
            .count()
    }

    /// The stretch under the cursor and its dose (as the routine has it, once added):
    /// the routine's step in the routine panel, else the stretch in the list.
    pub fn under_cursor(&self) -> Option<(&Stretch, Dose)> {
        if self.focus == Focus::Routine {
            return self
                .steps
                .get(self.step)
                .map(|s| (&s.stretch, s.dose.clone()));
        }
        let s = *self.shown().get(self.stretch)?;
        let dose = self
            .chosen(&s.id)
            .map_or_else(|| s.dose.clone(), |i| self.steps[i].dose.clone());
        Some((s, dose))
    }

    /// The next position to show only: each one the library has, then all again.
    fn next_position(&mut self) {
        let have: Vec<Position> = Position::ALL
            .iter()
            .copied()
            .filter(|p| self.stretches.iter().any(|s| s.position == *p))
            .collect();
        self.position = next_of(&have, self.position.as_ref());
        self.stretch = 0;
    }

    /// The next equipment to show only: none, then each one the library uses, then all.
    fn next_equipment(&mut self) {
        let mut have = vec!["none".to_string()];
        let mut used: Vec<String> = self
            .stretches
            .iter()
            .flat_map(|s| s.equipment.iter().cloned())
            .collect();
        used.sort();
        used.dedup();
        have.extend(used);
        self.equipment = next_of(&have, self.equipment.as_ref());
        self.stretch = 0;
    }

    /// What the filters let through, in words: `floor · no equipment`.
    pub fn filters(&self) -> Option<String> {
        let mut parts = Vec::new();
        if let Some(p) = self.position {
            parts.push(p.name().to_string());
        }
        match self.equipment.as_deref() {
            Some("none") => parts.push("no equipment".into()),
            Some(e) => parts.push(format!("with {e}")),
            None => {}
        }
        (!parts.is_empty()).then(|| parts.join(" · "))
    }

    /// The seconds `x` fills to.
    pub fn fill_to(&self) -> u32 {
        self.budget.unwrap_or(DEFAULT_BUDGET)
    }

    fn chosen(&self, id: &str) -> Option<usize> {
        self.steps.iter().position(|s| s.stretch.id == id)
    }

    /// The routine as it stands.
    pub fn routine(&self, name: &str) -> Routine {
        let kept = self.opened.as_ref().and_then(|o| o.description.clone());
        Routine {
            name: name.to_string(),
            description: kept.or_else(|| {
                Some(format!(
                    "Picked for {}.",
                    self.areas_worked()
                        .iter()
                        .map(|a| a.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            }),
            gaps: self.gaps,
            steps: self.steps.clone(),
            origin: Origin {
                file: "<picker>".into(),
                line: 1,
                builtin: false,
            },
        }
    }

    pub fn total(&self) -> u32 {
        Timeline::from_steps("", self.steps.clone(), self.gaps).total
    }

    /// Seconds a dose takes here, its get-ready time included.
    fn seconds(&self, dose: &Dose, sides: crate::library::Sides) -> u32 {
        self.gaps.prepare.unwrap_or(0) + crate::timeline::dose_seconds(dose, sides, self.gaps)
    }

    fn step_seconds(&self, i: usize) -> u32 {
        let step = &self.steps[i];
        self.seconds(&step.dose, step.stretch.sides)
    }

    /// The primary areas of the chosen stretches, in order.
    pub fn areas_worked(&self) -> Vec<Area> {
        let mut v = Vec::new();
        for s in &self.steps {
            if !v.contains(&s.stretch.primary_area()) {
                v.push(s.stretch.primary_area());
            }
        }
        v
    }

    /// A name made from the areas and the length to the nearest minute:
    /// `hips-hamstrings-5min`; for a routine opened to change, a new name from its own:
    /// `my-morning` for a built-in one, `mine-2` for one of the user's.
    pub fn default_name(&self) -> String {
        if let Some(o) = &self.opened {
            let name = if o.builtin {
                format!("my-{}", o.name)
            } else {
                format!("{}-2", o.name)
            };
            if crate::library::is_kebab(&name) && name.len() <= 40 {
                return name;
            }
        }
        let areas = self.areas_worked();
        if areas.is_empty() {
            "my-routine".into()
        } else {
            // The length in the name keeps it clear of the built-in routines' names.
            let areas = areas
                .iter()
                .take(3)
                .map(|a| a.name())
                .collect::<Vec<_>>()
                .join("-");
            format!(
                "{areas}-{}min",
                crate::text::min_in_name(u64::from(self.total()))
            )
        }
    }

    fn toggle_stretch(&mut self) {
        let shown = self.shown();
        let Some(s) = shown.get(self.stretch) else {
            return;
        };
        if let Some(i) = self.chosen(&s.id) {
            self.steps.remove(i);
            self.step = self.step.min(self.steps.len().saturating_sub(1));
            return;
        }
        if let Some(j) = self.avoided(s) {
            self.notice = Some(format!(
                "{} loads the {j}, which you asked to spare",
                s.name
            ));
            return;
        }
        let step = Step {
            stretch: (*s).clone(),
            dose: s.dose.clone(),
        };
        self.steps.push(step);
    }

    fn change_dose(&mut self, more: bool) {
        let Some(step) = self.steps.get_mut(self.step) else {
            return;
        };
        step.dose = match step.dose.clone() {
            Dose::Hold { hold, sets, pacer } => Dose::Hold {
                hold: if more {
                    (hold + 5).min(MAX_SECONDS)
                } else {
                    hold.saturating_sub(5).max(5)
                },
                sets,
                pacer,
            },
            Dose::Reps { reps, sets, pace } => Dose::Reps {
                reps: step_reps(reps, more, step.stretch.turns_halfway),
                sets,
                pace,
            },
        };
    }

    fn change_sets(&mut self, more: bool) {
        let Some(step) = self.steps.get_mut(self.step) else {
            return;
        };
        let change = |n: u32| {
            if more {
                (n + 1).min(crate::library::MAX_SETS)
            } else {
                n.saturating_sub(1).max(1)
            }
        };
        step.dose = match step.dose.clone() {
            Dose::Hold { hold, sets, pacer } => Dose::Hold {
                hold,
                sets: change(sets),
                pacer,
            },
            Dose::Reps { reps, sets, pace } => Dose::Reps {
                reps,
                sets: change(sets),
                pace,
            },
        };
    }

    fn move_step(&mut self, down: bool) {
        let n = self.steps.len();
        if n < 2 {
            return;
        }
        let to = if down {
            (self.step + 1).min(n - 1)
        } else {
            self.step.saturating_sub(1)
        };
        self.steps.swap(self.step, to);
        self.step = to;
    }

    /// Lets the builder fill the routine for the areas chosen so far (or the one under the
    /// cursor), with a new mix each time.
    fn shuffle(&mut self) {
        let mut areas = self.areas_worked();
        if areas.is_empty() {
            areas.push(self.current_area());
        }
        let seconds = self.fill_to();
        self.seed += 1;
        let req = Request {
            areas,
            seconds,
            avoid: self.avoid.clone(),
            level: None,
            seed: Some(self.seed),
            gaps: self.gaps,
        };
        let library = {
            let mut lib = Library::default();
            // Within the filters: `e` on `none` fills with stretches that need nothing.
            for s in self.stretches.iter().filter(|s| self.passes(s)) {
                lib.insert(s.clone());
            }
            lib
        };
        match build_with(&library, &req, &self.limits) {
            Ok(built) => {
                let r = built.routine;
                self.steps = r.steps;
                self.step = 0;
                self.focus = Focus::Routine;
                self.notice = None;
            }
            Err(e) => self.notice = Some(e),
        }
    }

    fn cursor_move(&mut self, down: bool) {
        self.detail_scroll = 0;
        let (cursor, len) = match self.focus {
            Focus::Areas => (&mut self.area, Area::ALL.len()),
            Focus::Stretches => {
                let len = self.shown().len();
                (&mut self.stretch, len)
            }
            Focus::Routine => (&mut self.step, self.steps.len()),
        };
        if len == 0 {
            *cursor = 0;
            return;
        }
        *cursor = if down {
            (*cursor + 1) % len
        } else {
            (*cursor + len - 1) % len
        };
        if self.focus == Focus::Areas {
            self.stretch = 0;
        }
    }

    /// Handles a key.
    pub fn key(&mut self, key: KeyEvent) -> Outcome {
        let code = match keys::press(key) {
            None => return Outcome::Stay,
            Some(Press::Control(Control::Interrupt)) => return Outcome::Interrupt,
            Some(Press::Control(Control::Suspend)) => return Outcome::Suspend,
            Some(Press::Control(Control::Redraw)) => return Outcome::Redraw,
            Some(Press::Key(code)) => code,
        };
        match self.mode.clone() {
            Mode::Help(first) => {
                self.mode = match keys::lookup(keys::PICKER_HELP, code) {
                    // No further than the box last drawn could go.
                    Some(HelpAction::Down) => Mode::Help((first + 3).min(self.help_end.get())),
                    Some(HelpAction::Up) => Mode::Help(first.saturating_sub(3)),
                    None => Mode::Normal,
                };
                Outcome::Stay
            }
            Mode::Search => {
                self.searching(code);
                Outcome::Stay
            }
            Mode::Budget(typed) => {
                self.budgeting(code, typed);
                Outcome::Stay
            }
            Mode::Replace(name) => match keys::lookup(keys::PICKER_REPLACE, code) {
                Some(ReplaceAction::Replace) => {
                    self.mode = Mode::Normal;
                    Outcome::Replace(name)
                }
                Some(ReplaceAction::Rename) => {
                    self.mode = Mode::Naming(name);
                    Outcome::Stay
                }
                None => Outcome::Stay,
            },
            Mode::Avoid(cursor) => {
                if let Some(action) = keys::lookup(keys::PICKER_SPARE, code) {
                    self.spare(action, cursor);
                }
                Outcome::Stay
            }
            Mode::Naming(name) => self.naming(code, name),
            Mode::Discard => match keys::lookup(keys::PICKER_DISCARD, code) {
                Some(DiscardAction::Leave) => Outcome::Back,
                Some(DiscardAction::Save) => {
                    self.mode = Mode::Naming(self.default_name());
                    Outcome::Stay
                }
                Some(DiscardAction::Stay) => {
                    self.mode = Mode::Normal;
                    Outcome::Stay
                }
                None => Outcome::Stay,
            },
            Mode::Normal => match keys::lookup(keys::PICKER, code) {
                Some(action) => {
                    self.notice = None;
                    self.act(action)
                }
                None => Outcome::Stay,
            },
        }
    }

    /// A key in the list of joints to spare, whose cursor is at `cursor`.
    fn spare(&mut self, action: SpareAction, cursor: usize) {
        let n = Joint::ALL.len();
        match action {
            SpareAction::Up => self.mode = Mode::Avoid((cursor + n - 1) % n),
            SpareAction::Down => self.mode = Mode::Avoid((cursor + 1) % n),
            SpareAction::Toggle => {
                let j = Joint::ALL[cursor];
                if let Some(i) = self.avoid.iter().position(|x| *x == j) {
                    self.avoid.remove(i);
                } else {
                    self.avoid.push(j);
                    let before = self.steps.len();
                    self.steps.retain(|s| !s.stretch.loads.contains(&j));
                    if self.steps.len() < before {
                        self.notice = Some(format!(
                            "took out {} that load the {j}",
                            before - self.steps.len()
                        ));
                    }
                    self.step = self.step.min(self.steps.len().saturating_sub(1));
                }
            }
            SpareAction::Close => self.mode = Mode::Normal,
        }
    }

    /// A key while the words to find are typed: the list follows every letter.
    fn searching(&mut self, code: KeyCode) {
        match keys::lookup(keys::PICKER_SEARCH, code) {
            Some(SearchAction::Keep) => {
                self.mode = Mode::Normal;
                if self.query.trim().is_empty() {
                    self.query.clear();
                }
            }
            Some(SearchAction::Clear) => {
                self.mode = Mode::Normal;
                self.query.clear();
                self.stretch = 0;
            }
            Some(SearchAction::Erase) => {
                self.query.pop();
                self.stretch = 0;
            }
            Some(SearchAction::Up) => self.cursor_move(false),
            Some(SearchAction::Down) => self.cursor_move(true),
            None => {
                if let KeyCode::Char(c) = code
                    && !c.is_control()
                    && self.query.chars().count() < 30
                {
                    self.query.push(c);
                    self.stretch = 0;
                }
            }
        }
    }

    /// A key while the minutes for `x` are typed.
    fn budgeting(&mut self, code: KeyCode, mut typed: String) {
        match keys::lookup(keys::PICKER_BUDGET, code) {
            Some(BudgetAction::Set) => {
                self.mode = Mode::Normal;
                match typed.parse::<u32>() {
                    Ok(m) if (1..=MAX_MINUTES).contains(&m) => {
                        self.budget = Some(m * 60);
                        self.notice = Some(format!(
                            "x now fills to {}",
                            crate::text::plural(m as usize, "minute", "minutes")
                        ));
                    }
                    _ if typed.is_empty() => {}
                    _ => {
                        self.notice = Some(format!(
                            "`{typed}` minutes will not do: give 1 to {MAX_MINUTES}"
                        ));
                    }
                }
            }
            Some(BudgetAction::Cancel) => self.mode = Mode::Normal,
            Some(BudgetAction::Erase) => {
                typed.pop();
                self.mode = Mode::Budget(typed);
            }
            None => {
                if let KeyCode::Char(c) = code
                    && c.is_ascii_digit()
                    && typed.len() < 3
                {
                    typed.push(c);
                }
                self.mode = Mode::Budget(typed);
            }
        }
    }

    /// Saving under `name` would replace the user's file of that name: ask first.
    pub fn ask_to_replace(&mut self, name: &str) {
        self.mode = Mode::Replace(name.to_string());
    }

    /// A key while the name to save under is typed.
    fn naming(&mut self, code: KeyCode, mut name: String) -> Outcome {
        match keys::lookup(keys::PICKER_NAMING, code) {
            Some(NameAction::Save) => {
                let name = name.trim().to_string();
                self.mode = Mode::Normal;
                if crate::library::is_kebab(&name) {
                    return Outcome::Save(name);
                }
                self.notice = Some(format!(
                    "`{}` will not do as a file name; use lowercase words joined by hyphens",
                    crate::diag::printable(&name)
                ));
            }
            Some(NameAction::Cancel) => self.mode = Mode::Normal,
            Some(NameAction::Erase) => {
                name.pop();
                self.mode = Mode::Naming(name);
            }
            None => match code {
                KeyCode::Char(c) if (c.is_ascii_alphanumeric() || c == '-') && name.len() < 40 => {
                    name.push(c.to_ascii_lowercase());
                    self.mode = Mode::Naming(name);
                }
                KeyCode::Char(' ') if name.len() < 40 => {
                    name.push('-');
                    self.mode = Mode::Naming(name);
                }
                _ => {}
            },
        }
        Outcome::Stay
    }

    /// Whether leaving now would lose a routine: there is one, and it is not as saved.
    pub fn unsaved(&self) -> bool {
        !self.steps.is_empty() && self.steps != self.saved
    }

    /// The routine was saved as it is now, under `name`.
    pub fn mark_saved(&mut self, name: &str) {
        self.saved = self.steps.clone();
        self.saved_as = Some(name.to_string());
    }

    /// The name a run of the routine goes by (in the history, the summary, the hooks):
    /// while it is as saved, the name it is saved under (an opened routine left as it
    /// was is still itself); once changed, or never saved, a new one ([`Self::default_name`]).
    pub fn run_name(&self) -> String {
        match &self.saved_as {
            Some(name) if self.steps == self.saved => name.clone(),
            _ => self.default_name(),
        }
    }

    /// An action on the panels.
    fn act(&mut self, action: PickAction) -> Outcome {
        match action {
            PickAction::NextPanel => {
                self.focus = match self.focus {
                    Focus::Areas => Focus::Stretches,
                    Focus::Stretches => Focus::Routine,
                    Focus::Routine => Focus::Areas,
                };
            }
            PickAction::PreviousPanel => {
                self.focus = match self.focus {
                    Focus::Areas => Focus::Routine,
                    Focus::Stretches => Focus::Areas,
                    Focus::Routine => Focus::Stretches,
                };
            }
            PickAction::Up => self.cursor_move(false),
            PickAction::Down => self.cursor_move(true),
            PickAction::Toggle => match self.focus {
                Focus::Areas => self.focus = Focus::Stretches,
                Focus::Stretches => self.toggle_stretch(),
                Focus::Routine => {
                    if self.step < self.steps.len() {
                        self.steps.remove(self.step);
                        self.step = self.step.min(self.steps.len().saturating_sub(1));
                    }
                }
            },
            PickAction::StepDown if self.details => {
                self.detail_scroll = (self.detail_scroll + 3).min(60);
            }
            PickAction::StepUp if self.details => {
                self.detail_scroll = self.detail_scroll.saturating_sub(3);
            }
            PickAction::StepDown => self.move_step(true),
            PickAction::StepUp => self.move_step(false),
            PickAction::MoreDose => self.change_dose(true),
            PickAction::LessDose => self.change_dose(false),
            PickAction::MoreSets => self.change_sets(true),
            PickAction::FewerSets => self.change_sets(false),
            PickAction::Avoid => self.mode = Mode::Avoid(0),
            PickAction::Shuffle => self.shuffle(),
            PickAction::Search => {
                self.mode = Mode::Search;
                if self.focus == Focus::Areas || self.query.is_empty() {
                    self.focus = Focus::Stretches;
                }
                if self.focus == Focus::Stretches {
                    self.stretch = 0;
                }
            }
            PickAction::Position => self.next_position(),
            PickAction::Equipment => self.next_equipment(),
            PickAction::Details => {
                self.details = !self.details;
                self.detail_scroll = 0;
                if self.details && self.focus == Focus::Areas {
                    self.focus = Focus::Stretches;
                }
            }
            PickAction::Budget => self.mode = Mode::Budget(String::new()),
            PickAction::Help => self.mode = Mode::Help(0),
            PickAction::Save | PickAction::Run if self.steps.is_empty() => {
                self.notice = Some("add a stretch first (space on a stretch)".into());
            }
            PickAction::Save => self.mode = Mode::Naming(self.default_name()),
            PickAction::Run => return Outcome::Run,
            PickAction::Back if self.details => self.details = false,
            PickAction::Back if !self.query.is_empty() => {
                self.query.clear();
                self.stretch = 0;
            }
            PickAction::Back if self.unsaved() => self.mode = Mode::Discard,
            PickAction::Back => return Outcome::Back,
        }
        Outcome::Stay
    }
}

/// The item after `current` in `all`, `None` after the last (and the first after `None`).
fn next_of<T: Clone + PartialEq>(all: &[T], current: Option<&T>) -> Option<T> {
    match current {
        None => all.first().cloned(),
        Some(c) => all
            .iter()
            .position(|x| x == c)
            .and_then(|i| all.get(i + 1))
            .cloned(),
    }
}

/// One more or one fewer rep; two at a time for a move that turns halfway, so the
/// count stays even (an odd count is first made even).
fn step_reps(reps: u32, more: bool, turns_halfway: bool) -> u32 {
    let max = crate::library::MAX_REPS;
    if !turns_halfway {
        return if more {
            (reps + 1).min(max)
        } else {
            reps.saturating_sub(1).max(1)
        };
    }
    let even_max = max - max % 2;
    if reps % 2 == 1 {
        return if more {
            (reps + 1).min(even_max)
        } else {
            (reps - 1).max(2)
        };
    }
    if more {
        (reps + 2).min(even_max)
    } else {
        reps.saturating_sub(2).max(2)
    }
}

/// `line` cut or padded to `w` cells, so a reversed cursor row spans the panel.
fn pad_to(line: &str, w: usize) -> String {
    let cut = truncate(line, w);
    let short = w.saturating_sub(crate::text::width(&cut));
    format!("{cut}{}", " ".repeat(short))
}

/// The picker, drawn from its state.
/// Dim words wrapped inside a panel, as many rows as it has: what an empty list says.
fn dim_words(words: &str, inner: Rect, buf: &mut Buffer, t: &Theme) {
    let w = usize::from(inner.width);
    for (i, l) in crate::text::wrap(words, w.saturating_sub(2))
        .into_iter()
        .take(usize::from(inner.height))
        .enumerate()
    {
        Line::from(Span::styled(format!(" {l}"), t.dim))
            .render(Rect::new(inner.x, inner.y + i as u16, inner.width, 1), buf);
    }
}

#[derive(Debug, Clone, Copy)]
pub struct PickerScreen<'a> {
    pub picker: &'a Picker,
    pub theme: &'a Theme,
}

impl Widget for &PickerScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Some(area) = usable(area, buf, self.theme) else {
            return;
        };
        let (t, p) = (self.theme, self.picker);
        let [top, body, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        self.title(top, buf);
        let wide = area.width >= WIDE;
        if p.details {
            // The stretch in full, in place of the panels.
            self.detail(body, buf);
        } else if wide {
            // The lists on top; the stretch under the cursor below them where the
            // terminal is tall enough (else `i` shows it).
            let lists = if body.height >= TALL {
                let detail_h = (body.height * 9 / 20).clamp(9, 14);
                let [lists, detail] =
                    Layout::vertical([Constraint::Fill(1), Constraint::Length(detail_h)])
                        .areas(body);
                self.detail(detail, buf);
                lists
            } else {
                body
            };
            let [areas, stretches, routine] = Layout::horizontal([
                Constraint::Length(18),
                Constraint::Fill(3),
                Constraint::Fill(2),
            ])
            .areas(lists);
            self.areas(areas, buf, "");
            self.stretches(stretches, buf, "");
            self.routine(routine, buf, "");
        } else {
            // Compact: the focused panel alone, named with its place among the three.
            match p.focus {
                Focus::Areas => self.areas(body, buf, "1/3 "),
                Focus::Stretches => self.stretches(body, buf, "2/3 "),
                Focus::Routine => self.routine(body, buf, "3/3 "),
            }
        }
        let prompt = |label: &str, typed: &str, after: &str, map: Vec<keys::Hint>| {
            let mut spans = vec![
                Span::styled(format!(" {label}: "), t.alert),
                Span::styled(format!("{typed}▏"), t.strong),
                Span::styled(after.to_string(), t.dim),
                Span::raw("  "),
            ];
            let used = Line::from(spans.clone()).width();
            let room = usize::from(footer.width).saturating_sub(used);
            spans.extend(
                keys_footer(&map, u16::try_from(room).unwrap_or(0), true, t, |h| h.word).spans,
            );
            Line::from(spans)
        };
        let line = match (&p.mode, &p.notice) {
            (Mode::Naming(name), _) => {
                prompt("save as", name, "", keys::hints(keys::PICKER_NAMING))
            }
            (Mode::Search, _) => prompt(
                "find",
                &crate::diag::printable(&p.query),
                "",
                keys::hints(keys::PICKER_SEARCH),
            ),
            (Mode::Budget(typed), _) => prompt(
                "x fills to",
                typed,
                &format!(" min (now {})", p.fill_to() / 60),
                keys::hints(keys::PICKER_BUDGET),
            ),
            (_, Some(n)) => notice_line(n, footer.width, t),
            _ => keys_footer(&keys::picker_hints(!wide), footer.width, false, t, |h| {
                h.word
            }),
        };
        line.render(footer, buf);
        match &p.mode {
            Mode::Help(first) => p.help_end.set(super::help::keys_box_scrolled(
                area,
                buf,
                t,
                "keys",
                &keys::help(keys::PICKER),
                *first,
            )),
            Mode::Avoid(cursor) => self.avoid_box(area, buf, *cursor),
            Mode::Discard => self.discard_box(area, buf),
            Mode::Replace(name) => self.replace_box(area, buf, name),
            Mode::Normal | Mode::Naming(_) | Mode::Search | Mode::Budget(_) => {}
        }
    }
}

/// From this width the three panels stand side by side.
const WIDE: u16 = 80;
/// From this height of the panels' room the details sit below the lists.
const TALL: u16 = 20;

impl PickerScreen<'_> {
    /// The border and the title of a panel: the focused one's title is marked `▶` and
    /// in reverse video, so it shows without colour.
    fn panel_style(&self, focus: Focus) -> (Style, Style, &'static str) {
        let t = self.theme;
        if self.picker.focus == focus && !self.picker.details {
            (t.key, t.strong.add_modifier(Modifier::REVERSED), "▶ ")
        } else {
            (t.dim, t.text, "")
        }
    }

    /// The cursor's row in a list: reverse video, so it shows without colour, and only
    /// in the focused list.
    fn cursor_style(&self) -> Style {
        self.theme.strong.add_modifier(Modifier::REVERSED)
    }

    fn title(&self, area: Rect, buf: &mut Buffer) {
        let (t, p) = (self.theme, self.picker);
        let total = clock(p.total());
        let mut parts = vec![format!("{total} of {}", clock(p.fill_to()))];
        let areas = p.areas_worked();
        if !areas.is_empty() {
            parts.push(
                areas
                    .iter()
                    .map(|a| a.name())
                    .collect::<Vec<_>>()
                    .join(", "),
            );
        }
        if let Some(f) = p.filters() {
            parts.push(format!("only {f}"));
        }
        if !p.avoid.is_empty() {
            parts.push(format!(
                "avoiding {}",
                p.avoid
                    .iter()
                    .map(|j| j.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let rest = truncate(
            &parts.join(" · "),
            usize::from(area.width).saturating_sub(10),
        );
        let over = p.total() > p.fill_to() + p.fill_to() / 10;
        // The name a run would be recorded under: the routine's own while it is as opened
        // or saved, the new one it would take once changed.
        let name = if p.opened.is_some() || p.saved_as.is_some() {
            format!(" {}", truncate(&p.run_name(), 20))
        } else {
            " build".into()
        };
        Line::from(vec![
            Span::styled(name, t.strong),
            Span::styled(" · ", t.dim),
            Span::styled(rest, if over { t.alert } else { t.text }),
        ])
        .render(area, buf);
    }

    fn rows(inner: Rect, cursor: usize) -> (usize, usize) {
        let rows = usize::from(inner.height);
        (cursor.saturating_sub(rows.saturating_sub(1)), rows)
    }

    fn areas(&self, area: Rect, buf: &mut Buffer, place: &str) {
        let (t, p) = (self.theme, self.picker);
        let (border, title, mark) = self.panel_style(Focus::Areas);
        let inner = boxed(area, buf, &format!("{mark}{place}Areas"), border, title);
        let focused = p.focus == Focus::Areas;
        let (first, rows) = Self::rows(inner, if focused { p.area } else { 0 });
        let w = usize::from(inner.width);
        for (row, (i, a)) in Area::ALL
            .iter()
            .enumerate()
            .skip(first)
            .take(rows)
            .enumerate()
        {
            let here = i == p.area && focused;
            let marker = if here { "›" } else { " " };
            let line = format!(
                " {marker}{:<w2$}{:>3}",
                a.name(),
                p.count(*a),
                w2 = w.saturating_sub(5)
            );
            let style = if here { self.cursor_style() } else { t.text };
            Line::from(Span::styled(truncate(&line, w), style)).render(
                Rect::new(inner.x, inner.y + row as u16, inner.width, 1),
                buf,
            );
        }
    }

    fn stretches(&self, area: Rect, buf: &mut Buffer, place: &str) {
        let (t, p) = (self.theme, self.picker);
        let (border, title, mark) = self.panel_style(Focus::Stretches);
        let shown = p.shown();
        let name = if p.query.is_empty() {
            format!("Stretches · {}", p.current_area())
        } else {
            format!(
                "Stretches · “{}” {}",
                crate::diag::printable(&p.query),
                shown.len()
            )
        };
        let name = match p.filters() {
            Some(f) => format!("{name} · {f}"),
            None => name,
        };
        let inner = boxed(area, buf, &format!("{mark}{place}{name}"), border, title);
        let w = usize::from(inner.width);
        if shown.is_empty() && inner.height > 0 {
            let why = if p.query.is_empty() {
                "none here pass the filters (p, e change them)".to_string()
            } else {
                format!(
                    "nothing is called “{}”; esc clears",
                    crate::diag::printable(&p.query)
                )
            };
            dim_words(&why, inner, buf, t);
            return;
        }
        let focused = p.focus == Focus::Stretches && !p.details;
        let (first, rows) = Self::rows(inner, if focused { p.stretch } else { 0 });
        for (row, (i, s)) in shown.iter().enumerate().skip(first).take(rows).enumerate() {
            let here = i == p.stretch && focused;
            let mark = if p.chosen(&s.id).is_some() {
                "[x]"
            } else {
                "[ ]"
            };
            let tag = match p.avoided(s) {
                Some(j) => j.name().to_string(),
                None if s.is_dynamic() => "moving".into(),
                None => s.level.name().to_string(),
            };
            let secs = clock(p.seconds(&s.dose, s.sides));
            let name_w = w.saturating_sub(4 + 1 + 8 + 1 + 5 + 1);
            let line = format!(
                "{}{mark} {:<name_w$} {:<8} {:>5}",
                if here { "›" } else { " " },
                truncate(&s.name, name_w),
                tag,
                secs
            );
            let style = if here {
                self.cursor_style()
            } else if p.avoided(s).is_some() {
                t.dim
            } else {
                t.text
            };
            Line::from(Span::styled(pad_to(&line, w), style)).render(
                Rect::new(inner.x, inner.y + row as u16, inner.width, 1),
                buf,
            );
        }
    }

    fn routine(&self, area: Rect, buf: &mut Buffer, place: &str) {
        let (t, p) = (self.theme, self.picker);
        let (border, title, mark) = self.panel_style(Focus::Routine);
        let inner = boxed(
            area,
            buf,
            &format!("{mark}{place}Routine · {}", clock(p.total())),
            border,
            title,
        );
        if p.steps.is_empty() {
            dim_words(
                "Nothing yet. Pick an area, then space on a stretch to add it, or x to fill the routine for you.",
                inner,
                buf,
                t,
            );
            return;
        }
        let focused = p.focus == Focus::Routine && !p.details;
        let (first, rows) = Self::rows(inner, if focused { p.step } else { 0 });
        let w = usize::from(inner.width);
        for (row, (i, s)) in p
            .steps
            .iter()
            .enumerate()
            .skip(first)
            .take(rows)
            .enumerate()
        {
            let here = i == p.step && focused;
            let name_w = w.saturating_sub(3 + 1 + 1 + 5 + 1);
            let line = format!(
                "{}{:>2} {:<name_w$} {:>5}",
                if here { "›" } else { " " },
                i + 1,
                truncate(&s.stretch.name, name_w),
                clock(p.step_seconds(i))
            );
            let style = if here { self.cursor_style() } else { t.text };
            Line::from(Span::styled(pad_to(&line, w), style)).render(
                Rect::new(inner.x, inner.y + row as u16, inner.width, 1),
                buf,
            );
        }
        // The dose of the step under the cursor, on the last row when there is room.
        let room = usize::from(inner.height) > p.steps.len() + 1;
        if let Some(s) = p.steps.get(p.step).filter(|_| room && focused) {
            let dose = format!(
                "{} · {}",
                p.step + 1,
                crate::text::dose_short(&s.dose, s.stretch.sides)
            );
            Line::from(Span::styled(
                format!(" {}", truncate(&dose, w.saturating_sub(1))),
                t.dim,
            ))
            .render(
                Rect::new(inner.x, inner.y + inner.height - 1, inner.width, 1),
                buf,
            );
        }
    }

    /// The stretch under the cursor: what it is, where it is done, with what, what it
    /// loads, how hard it is, its dose, its cautions (marked ⚠), and its figure beside
    /// them where there is room.
    fn detail(&self, area: Rect, buf: &mut Buffer) {
        let (t, p) = (self.theme, self.picker);
        let full = p.details;
        let Some((s, dose)) = p.under_cursor() else {
            let inner = boxed(area, buf, "Details", t.dim, t.text);
            if inner.height > 0 {
                Line::from(Span::styled(" no stretch under the cursor", t.dim))
                    .render(Rect::new(inner.x, inner.y, inner.width, 1), buf);
            }
            return;
        };
        // The name, and the id where there is room for it.
        let with_id = format!("{} · {}", s.name, s.id);
        let title = if crate::text::width(&with_id) + 6 <= usize::from(area.width) {
            with_id
        } else {
            s.name.clone()
        };
        let inner = boxed(
            area,
            buf,
            &title,
            if full { t.key } else { t.dim },
            t.strong,
        );
        if inner.is_empty() {
            return;
        }
        // The figure takes a column on the right: about as wide as it is tall in cells
        // times two (a cell is twice as tall as wide), never more than a third.
        let figure = p.figure.zip(s.figure.as_ref());
        let mut fig_w = match figure {
            Some(_) if inner.width >= 34 => (inner.height * 3).min(inner.width / 3).min(44),
            _ => 0,
        };
        let rows = usize::from(inner.height);
        let text_w = |fig_w: u16| usize::from(inner.width.saturating_sub(fig_w + 2)).max(1);
        let mut lines = self.detail_lines(s, &dose, text_w(fig_w), full, false);
        if full && lines.len() > rows {
            // In full, every word first: the figure gives way when they need its room.
            fig_w = 0;
            lines = self.detail_lines(s, &dose, text_w(0), full, false);
        }
        if lines.len() > rows {
            // Short of room: the cautions come before the summary.
            lines = self.detail_lines(s, &dose, text_w(fig_w), full, true);
        }
        if full {
            // J / K scroll what still does not fit.
            let first = p.detail_scroll.min(lines.len().saturating_sub(rows));
            lines.drain(..first);
        }
        let [text_area, fig_area] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Length(fig_w)]).areas(inner);
        if let Some((marker, figure)) = figure.filter(|_| fig_w > 0) {
            let widget = FigureWidget {
                figure,
                posture: figure.posture_at(0.0),
                marker,
                body: t.strong,
                props: t.dim,
            };
            let room = Rect::new(
                fig_area.x + 1,
                fig_area.y,
                fig_area.width.saturating_sub(2),
                fig_area.height,
            );
            (&widget).render(widget.fitted(room), buf);
        }
        if lines.len() > rows && rows > 0 {
            // What does not fit is a key away.
            lines.truncate(rows - 1);
            let more = if full {
                " … J scrolls for more"
            } else {
                " … i shows all of it"
            };
            lines.push(Line::from(Span::styled(more, t.dim)));
        }
        for (row, line) in lines.into_iter().enumerate() {
            line.render(
                Rect::new(text_area.x, text_area.y + row as u16, text_area.width, 1),
                buf,
            );
        }
    }

    /// The lines of the details, wrapped to `w`: the summary (two lines of it unless in
    /// full), where and with what and what it loads, the dose, every caution, and in full
    /// the setup steps; `cautions_first` puts the summary after the cautions.
    fn detail_lines(
        &self,
        s: &Stretch,
        dose: &Dose,
        w: usize,
        full: bool,
        cautions_first: bool,
    ) -> Vec<Line<'static>> {
        let (t, p) = (self.theme, self.picker);
        let mut lines: Vec<Line> = Vec::new();
        let summary_rows = if full { usize::MAX } else { 2 };
        let summary: Vec<Line> = s
            .summary
            .iter()
            .flat_map(|summary| crate::text::wrap(&crate::diag::printable(summary), w))
            .take(summary_rows)
            .map(|l| Line::from(Span::styled(format!(" {l}"), t.text)))
            .collect();
        if !cautions_first {
            lines.extend(summary.iter().cloned());
        }
        let equipment = if s.equipment.is_empty() {
            "no equipment".to_string()
        } else {
            format!("needs {}", s.equipment.join(", "))
        };
        let loads = if s.loads.is_empty() {
            "loads no joint".to_string()
        } else {
            format!(
                "loads {}",
                s.loads
                    .iter()
                    .map(|j| j.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        for l in crate::text::wrap(
            &format!("{} · {equipment} · {} · {loads}", s.position, s.level),
            w,
        ) {
            lines.push(Line::from(Span::styled(format!(" {l}"), t.dim)));
        }
        let secs = p.seconds(dose, s.sides);
        for l in crate::text::wrap(
            &format!(
                "{} · {}",
                crate::text::dose_short(dose, s.sides),
                clock(secs)
            ),
            w,
        ) {
            lines.push(Line::from(Span::styled(format!(" {l}"), t.strong)));
        }
        if s.cautions.is_empty() {
            lines.push(Line::from(Span::styled(" no cautions", t.dim)));
        }
        for c in &s.cautions {
            for (i, l) in crate::text::wrap(&crate::diag::printable(c), w.saturating_sub(2))
                .into_iter()
                .enumerate()
            {
                let mark = if i == 0 { "⚠ " } else { "  " };
                lines.push(Line::from(Span::styled(format!(" {mark}{l}"), t.alert)));
            }
        }
        if cautions_first {
            lines.extend(summary);
        }
        if full && !s.setup.is_empty() {
            lines.push(Line::raw(""));
            for (n, step) in s.setup.iter().enumerate() {
                for (i, l) in crate::text::wrap(&crate::diag::printable(step), w.saturating_sub(3))
                    .into_iter()
                    .enumerate()
                {
                    let mark = if i == 0 {
                        format!("{}. ", n + 1)
                    } else {
                        "   ".into()
                    };
                    lines.push(Line::from(Span::styled(format!(" {mark}{l}"), t.text)));
                }
            }
        }
        lines
    }

    fn replace_box(&self, area: Rect, buf: &mut Buffer, name: &str) {
        let t = self.theme;
        let popup = popup(area, buf, 38, 6);
        let inner = boxed(popup, buf, "replace?", t.alert, t.alert);
        let w = usize::from(inner.width.saturating_sub(1));
        for (i, l) in [
            format!(" {}", truncate(&format!("{name}.yaml is yours already"), w)),
            " replace it with this one?".to_string(),
        ]
        .iter()
        .enumerate()
        .take(usize::from(inner.height))
        {
            Line::from(Span::styled(l.clone(), t.text))
                .render(Rect::new(inner.x, inner.y + i as u16, inner.width, 1), buf);
        }
        if inner.height > 3 {
            let hints = keys::hints(keys::PICKER_REPLACE);
            keys_footer(&hints, inner.width, false, t, |h| h.word)
                .render(Rect::new(inner.x, inner.y + 3, inner.width, 1), buf);
        }
    }

    fn discard_box(&self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let popup = popup(area, buf, 38, 5);
        let inner = boxed(popup, buf, "leave?", t.alert, t.alert);
        Line::from(Span::styled(" this routine is not saved", t.text))
            .render(Rect::new(inner.x, inner.y, inner.width, 1), buf);
        if inner.height > 2 {
            let hints = keys::hints(keys::PICKER_DISCARD);
            keys_footer(&hints, inner.width, false, t, |h| h.word)
                .render(Rect::new(inner.x, inner.y + 2, inner.width, 1), buf);
        }
    }

    fn avoid_box(&self, area: Rect, buf: &mut Buffer, cursor: usize) {
        let (t, p) = (self.theme, self.picker);
        let popup = popup(area, buf, 30, Joint::ALL.len() as u16 + 3);
        let inner = boxed(popup, buf, "spare these joints", t.key, t.strong);
        for (i, j) in Joint::ALL
            .iter()
            .enumerate()
            .take(usize::from(inner.height))
        {
            let mark = if p.avoid.contains(j) { "[x]" } else { "[ ]" };
            let here = i == cursor;
            Line::from(Span::styled(
                format!("{}{mark} {}", if here { "›" } else { " " }, j.name()),
                if here { t.strong } else { t.text },
            ))
            .render(Rect::new(inner.x, inner.y + i as u16, inner.width, 1), buf);
        }
        if usize::from(inner.height) > Joint::ALL.len() {
            Line::from(Span::styled(" space toggles · esc closes", t.dim)).render(
                Rect::new(inner.x, inner.y + inner.height - 1, inner.width, 1),
                buf,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::fixtures::{colourless, draw, text};
    use ratatui::crossterm::event::KeyModifiers;

    fn picker() -> Picker {
        Picker::new(
            &Library::builtin().unwrap(),
            Gaps::default(),
            Some(600),
            vec![],
        )
    }

    fn press(p: &mut Picker, keys: &str) -> Vec<Outcome> {
        keys.chars()
            .map(|c| {
                let code = match c {
                    '\t' => KeyCode::Tab,
                    '\n' => KeyCode::Enter,
                    'E' => KeyCode::Esc,
                    c => KeyCode::Char(c),
                };
                p.key(KeyEvent::new(code, KeyModifiers::NONE))
            })
            .collect()
    }

    /// `bytes` as a terminal sends them in one write, read as the app reads them.
    fn typed(p: &mut Picker, bytes: &str) -> Vec<Outcome> {
        crate::tui::input::Decoder::default()
            .feed(bytes.as_bytes())
            .into_iter()
            .map(|k| p.key(k))
            .collect()
    }

    #[test]
    fn esc_and_a_letter_close_each_prompt_and_the_letter_is_the_pickers_key() {
        // The search: Esc clears and closes it, and x then fills the routine.
        let mut p = picker();
        typed(&mut p, "/pigeon");
        assert_eq!(p.mode, Mode::Search);
        typed(&mut p, "\x1bx");
        assert_eq!(p.mode, Mode::Normal);
        assert_eq!(p.query, "");
        assert!(!p.steps.is_empty(), "x filled the routine");
        // Esc then q: the search closes and q asks before the routine is thrown away.
        typed(&mut p, "/hip");
        assert_eq!(typed(&mut p, "\x1bq"), [Outcome::Stay, Outcome::Stay]);
        assert_eq!(p.mode, Mode::Discard);
        // The minutes prompt: Esc cancels it, nothing is set, and i opens the details.
        let mut p = picker();
        typed(&mut p, "m7\x1bi");
        assert_eq!(p.mode, Mode::Normal);
        assert_eq!(p.budget, Some(600));
        assert!(p.details);
        // The name prompt: Esc cancels it, nothing is saved, and q then asks before the
        // routine is thrown away.
        let mut p = picker();
        typed(&mut p, "\t s");
        assert!(matches!(p.mode, Mode::Naming(_)));
        assert_eq!(typed(&mut p, "\x1bq"), [Outcome::Stay, Outcome::Stay]);
        assert_eq!(p.mode, Mode::Discard);
        // Esc then Enter in the search: cleared, and Enter adds the stretch under the cursor.
        let mut p = picker();
        typed(&mut p, "\t/pigeon\x1b\r");
        assert_eq!(p.query, "");
        assert_eq!(p.steps.len(), 1);
    }

    fn screen(p: &Picker, w: u16, h: u16) -> String {
        let theme = Theme::new(true);
        text(&draw(
            w,
            h,
            &PickerScreen {
                picker: p,
                theme: &theme,
            },
        ))
    }

    #[test]
    fn leaving_asks_before_an_unsaved_routine_is_lost() {
        let mut p = picker();
        // Nothing picked: q leaves at once.
        assert_eq!(press(&mut p, "q"), vec![Outcome::Back]);
        press(&mut p, "\t ");
        assert_eq!(p.steps.len(), 1);
        assert_eq!(press(&mut p, "q"), vec![Outcome::Stay]);
        assert_eq!(p.mode, Mode::Discard);
        let shown = screen(&p, 80, 24);
        assert!(shown.contains("this routine is not saved"), "{shown}");
        assert!(shown.contains("y leave"), "{shown}");
        insta::assert_snapshot!("picker_discard_80x24", shown);
        // n stays, with the routine; Esc asks too; y leaves.
        press(&mut p, "n");
        assert_eq!(p.mode, Mode::Normal);
        assert_eq!(p.steps.len(), 1);
        assert_eq!(press(&mut p, "Ey"), vec![Outcome::Stay, Outcome::Back]);
        // s from the prompt goes to the name; once saved, q leaves without asking,
        // until the routine changes again.
        let mut p = picker();
        press(&mut p, "\t q");
        press(&mut p, "s");
        assert!(matches!(p.mode, Mode::Naming(_)));
        p.mode = Mode::Normal;
        p.mark_saved("hips-1min");
        assert_eq!(press(&mut p, "q"), vec![Outcome::Back]);
        press(&mut p, "+");
        assert_eq!(press(&mut p, "q"), vec![Outcome::Stay]);
        assert_eq!(p.mode, Mode::Discard);
    }

    #[test]
    fn picks_stretches_and_keeps_a_live_total() {
        let mut p = picker();
        // down to hips (neck, shoulders, chest, upper-back, lower-back, core, hip-flexors,
        // glutes, hips), into the stretches, add the first two.
        press(&mut p, "jjjjjjjj\t j ");
        assert_eq!(p.current_area(), Area::Hips);
        assert_eq!(p.steps.len(), 2);
        let total = p.total();
        let expected: u32 = (0..2).map(|i| p.step_seconds(i)).sum();
        assert_eq!(total, expected);
        // space again on the second removes it
        press(&mut p, " ");
        assert_eq!(p.steps.len(), 1);
        insta::assert_snapshot!("picker_80x24", screen(&p, 80, 24));
        insta::assert_snapshot!("picker_40x12", screen(&p, 40, 12));
    }

    #[test]
    fn doses_move_and_sets_change_in_the_routine_panel() {
        let mut p = picker();
        press(&mut p, "jjjjjjjj\t j \t");
        assert_eq!(p.focus, Focus::Routine);
        let before = p.total();
        press(&mut p, "+");
        assert!(p.total() > before);
        press(&mut p, "-");
        assert_eq!(p.total(), before);
        press(&mut p, ">");
        assert!(p.total() > before);
        let first = p.steps[0].stretch.id.clone();
        press(&mut p, "J");
        assert_eq!(p.steps[1].stretch.id, first);
        assert_eq!(p.step, 1);
        press(&mut p, "K");
        assert_eq!(p.steps[0].stretch.id, first);
    }

    #[test]
    fn avoiding_a_joint_takes_out_and_refuses_stretches_that_load_it() {
        let mut p = picker();
        // lower-back: child's pose and cat-cow load the knees
        press(&mut p, "jjjj\t");
        let knees: Vec<usize> = p
            .shown()
            .iter()
            .enumerate()
            .filter(|(_, s)| s.loads.contains(&Joint::Knees))
            .map(|(i, _)| i)
            .collect();
        assert!(!knees.is_empty());
        for _ in 0..knees[0] {
            press(&mut p, "j");
        }
        press(&mut p, " ");
        assert_eq!(p.steps.len(), 1);
        // a, then space on "knees" (the first joint)
        press(&mut p, "a E");
        assert!(p.avoid.contains(&Joint::Knees));
        assert!(p.steps.is_empty(), "the knee stretch was taken out");
        press(&mut p, " ");
        assert!(p.steps.is_empty(), "and cannot be added again");
        assert!(p.notice.as_deref().unwrap().contains("knees"));
        insta::assert_snapshot!("picker_avoid_80x24", screen(&p, 80, 24));
    }

    #[test]
    fn shuffle_fills_the_budget_and_save_asks_for_a_name() {
        let mut p = picker();
        press(&mut p, "jjjjjjjjx");
        assert!(!p.steps.is_empty());
        let total = p.total();
        assert!((540..=660).contains(&total), "{total}");
        let first: Vec<String> = p.steps.iter().map(|s| s.stretch.id.clone()).collect();
        let changed = (0..10).any(|_| {
            press(&mut p, "x");
            p.steps
                .iter()
                .map(|s| s.stretch.id.clone())
                .collect::<Vec<_>>()
                != first
        });
        assert!(changed, "shuffle gives a new mix");
        press(&mut p, "s");
        assert!(matches!(p.mode, Mode::Naming(_)));
        insta::assert_snapshot!("picker_naming_80x24", screen(&p, 80, 24));
        // Clear the suggested name, type a new one.
        for _ in 0..40 {
            p.key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
        }
        let out = press(&mut p, "my hips\n");
        assert_eq!(out.last(), Some(&Outcome::Save("my-hips".into())));
        assert_eq!(press(&mut p, "r"), vec![Outcome::Run]);
        // The app marks it saved once the file is written; then q leaves.
        p.mark_saved("my-hips");
        assert_eq!(press(&mut p, "q"), vec![Outcome::Back]);
    }

    #[test]
    fn draws_into_any_size_without_panicking() {
        let mut p = picker();
        press(&mut p, "jjjjjjjjx");
        let theme = Theme::new(false);
        for (w, h) in [(0, 0), (1, 1), (39, 11), (40, 12), (79, 23), (200, 60)] {
            for focus in [Focus::Areas, Focus::Stretches, Focus::Routine] {
                p.focus = focus;
                let buf = draw(
                    w,
                    h,
                    &PickerScreen {
                        picker: &p,
                        theme: &theme,
                    },
                );
                assert!(colourless(&buf));
            }
        }
        // The details, with a figure, and every prompt, at every size.
        let mut p = p.with_figure(Some(Marker::Braille));
        p.focus = Focus::Routine;
        for mode in [
            Mode::Normal,
            Mode::Search,
            Mode::Budget("12".into()),
            Mode::Replace("a-very-long-routine-name-that-goes-on".into()),
            Mode::Help(99),
        ] {
            p.mode = mode;
            for details in [false, true] {
                p.details = details;
                for (w, h) in [
                    (0, 0),
                    (1, 1),
                    (39, 11),
                    (40, 12),
                    (45, 14),
                    (79, 19),
                    (80, 20),
                    (120, 40),
                    (200, 60),
                ] {
                    let buf = draw(
                        w,
                        h,
                        &PickerScreen {
                            picker: &p,
                            theme: &theme,
                        },
                    );
                    assert!(colourless(&buf));
                }
            }
        }
        p.details = false;
        p.mode = Mode::Help(0);
        draw(
            80,
            24,
            &PickerScreen {
                picker: &p,
                theme: &theme,
            },
        );
        p.mode = Mode::Avoid(3);
        draw(
            40,
            12,
            &PickerScreen {
                picker: &p,
                theme: &theme,
            },
        );
    }

    /// The picker with figures, the cursor on `id` in the stretches panel (found by `/`).
    fn on_stretch(id: &str) -> Picker {
        let mut p = picker().with_figure(Some(Marker::Braille));
        press(&mut p, "/");
        press(&mut p, id);
        press(&mut p, "\n");
        let at = p.shown().iter().position(|s| s.id == id).unwrap();
        for _ in 0..at {
            press(&mut p, "j");
        }
        assert_eq!(p.under_cursor().unwrap().0.id, id);
        p
    }

    fn braille(shown: &str) -> bool {
        shown
            .chars()
            .any(|c| ('\u{2801}'..='\u{28ff}').contains(&c))
    }

    #[test]
    fn the_detail_panel_shows_the_stretch_under_the_cursor_with_its_cautions_and_figure() {
        let p = on_stretch("pigeon-pose");
        let s = Library::builtin()
            .unwrap()
            .get("pigeon-pose")
            .unwrap()
            .clone();
        assert!(!s.cautions.is_empty());
        // 80×24: below the lists, the figure beside the words.
        let wide = screen(&p, 80, 24);
        assert!(wide.contains("Pigeon Pose · pigeon-pose"), "{wide}");
        assert!(
            wide.contains("floor · no equipment · deep · loads"),
            "{wide}"
        );
        assert!(
            wide.contains(&crate::text::dose_short(&s.dose, s.sides)),
            "{wide}"
        );
        let first_words: String = s.cautions[0]
            .split(' ')
            .take(3)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(wide.contains(&format!("⚠ {first_words}")), "{wide}");
        assert!(braille(&wide), "the figure: {wide}");
        // The lists are still there above it.
        assert!(wide.contains("Areas") && wide.contains("Routine"), "{wide}");
        insta::assert_snapshot!("picker_detail_80x24", wide);
        // 40×12: `i` shows it in place of the panel, every caution before the rest when
        // the room is short; `i` again closes it, and so does esc (which does not leave).
        let mut p = p;
        press(&mut p, "i");
        assert!(p.details);
        let small = screen(&p, 40, 12);
        for c in &s.cautions {
            let words: String = c.split(' ').take(3).collect::<Vec<_>>().join(" ");
            assert!(small.contains(&words), "{c}: {small}");
        }
        assert!(small.contains("⚠"), "{small}");
        insta::assert_snapshot!("picker_detail_40x12", small);
        // j moves on to the next stretch while the details are open.
        p.query = "pose".into();
        let before = p.under_cursor().unwrap().0.id.clone();
        press(&mut p, "j");
        assert_ne!(p.under_cursor().unwrap().0.id, before);
        assert_eq!(press(&mut p, "E"), vec![Outcome::Stay]);
        assert!(!p.details);
        press(&mut p, "ii");
        assert!(!p.details);
        // At 120×40 the figure has more room; `figures: off` draws none.
        let big = screen(&p, 120, 40);
        assert!(braille(&big), "{big}");
        let mut plain = p.clone();
        plain.figure = None;
        assert!(!braille(&screen(&plain, 120, 40)));
    }

    #[test]
    fn the_details_follow_the_routine_panel_and_its_changed_dose() {
        let mut p = on_stretch("childs-pose").with_figure(None);
        press(&mut p, " \t");
        assert_eq!(p.focus, Focus::Routine);
        press(&mut p, "++");
        let (s, dose) = p.under_cursor().unwrap();
        assert_eq!(s.id, "childs-pose");
        assert_eq!(dose, p.steps[0].dose);
        let shown = screen(&p, 80, 24);
        assert!(
            shown.contains(&crate::text::dose_short(&dose, s.sides)),
            "{shown}"
        );
    }

    #[test]
    fn slash_finds_by_name_or_id_as_it_is_typed_and_esc_clears() {
        let mut p = picker();
        press(&mut p, "/");
        assert_eq!(p.mode, Mode::Search);
        assert_eq!(p.focus, Focus::Stretches);
        press(&mut p, "pig");
        let found: Vec<String> = p.shown().iter().map(|s| s.id.clone()).collect();
        assert!(found.contains(&"pigeon-pose".to_string()), "{found:?}");
        assert!(found.iter().all(|id| id.contains("pig")), "{found:?}");
        let shown = screen(&p, 80, 24);
        assert!(shown.contains("find: pig"), "{shown}");
        // Across every area, by id with hyphens or by name with spaces.
        p.query = "knee to".into();
        let by_words: Vec<String> = p.shown().iter().map(|s| s.id.clone()).collect();
        assert!(
            by_words.iter().any(|id| id.starts_with("knee-to-chest")),
            "{by_words:?}"
        );
        p.query = "wall-angel".into();
        assert!(p.shown().iter().any(|s| s.id == "wall-angels"));
        // Nothing matches: said so, nothing breaks.
        p.query = "zzz".into();
        assert!(p.shown().is_empty());
        assert!(screen(&p, 80, 24).contains("nothing is called"));
        // Backspace erases, enter keeps the list, esc in the search clears it.
        p.query = "pigx".into();
        p.key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
        assert_eq!(p.query, "pig");
        press(&mut p, "\n");
        assert_eq!(p.mode, Mode::Normal);
        assert!(p.shown().iter().all(|s| s.id.contains("pig")));
        // space adds the stretch found.
        press(&mut p, " ");
        assert_eq!(p.steps[0].stretch.id, p.shown()[0].id);
        press(&mut p, "/E");
        assert!(p.query.is_empty());
        assert!(p.shown().iter().all(|s| s.areas.contains(&Area::Neck)));
        // Esc with a kept search clears it rather than leaving.
        p.query = "pig".into();
        p.mark_saved("neck-1min");
        assert_eq!(press(&mut p, "E"), vec![Outcome::Stay]);
        assert!(p.query.is_empty());
    }

    #[test]
    fn p_and_e_filter_by_position_and_equipment_and_x_keeps_to_them() {
        let mut p = picker();
        press(&mut p, "jjjj");
        let all = p.shown().len();
        press(&mut p, "p");
        let first = p.position.expect("a position");
        assert!(p.shown().iter().all(|s| s.position == first));
        assert!(p.shown().len() < all);
        assert!(screen(&p, 80, 24).contains(first.name()));
        // Round every position the library has, then all again.
        for _ in 0..Position::ALL.len() {
            if p.position.is_none() {
                break;
            }
            press(&mut p, "p");
        }
        assert_eq!(p.position, None);
        assert_eq!(p.shown().len(), all);
        // e: no equipment first, then each one.
        press(&mut p, "e");
        assert_eq!(p.equipment.as_deref(), Some("none"));
        assert!(p.shown().iter().all(|s| s.equipment.is_empty()));
        assert!(screen(&p, 80, 24).contains("no equipment"));
        // The counts of the areas follow the filters.
        let counted = p.count(Area::LowerBack);
        assert_eq!(
            counted,
            p.shown().iter().filter(|s| p.avoided(s).is_none()).count()
        );
        // x fills with stretches that pass them.
        press(&mut p, "x");
        assert!(!p.steps.is_empty());
        assert!(
            p.steps.iter().all(|s| s.stretch.equipment.is_empty()),
            "{:?}",
            p.steps
        );
        press(&mut p, "e");
        assert_eq!(p.equipment.as_deref(), Some("chair"));
        assert!(
            p.shown()
                .iter()
                .all(|s| s.equipment.contains(&"chair".to_string()))
        );
        // A filter that leaves nothing in the area says so.
        p.area = Area::ALL.iter().position(|a| *a == Area::Wrists).unwrap();
        p.equipment = Some("foam-roller".into());
        if p.shown().is_empty() {
            assert!(screen(&p, 80, 24).contains("pass the filters"));
        }
    }

    #[test]
    fn m_sets_the_minutes_that_x_fills_to_and_shows_them() {
        let mut p = picker();
        assert!(screen(&p, 80, 24).contains("of 10:00"));
        press(&mut p, "m");
        assert!(matches!(p.mode, Mode::Budget(_)));
        press(&mut p, "20");
        let shown = screen(&p, 80, 24);
        assert!(shown.contains("x fills to: 20"), "{shown}");
        press(&mut p, "\n");
        assert_eq!(p.budget, Some(1200));
        assert!(screen(&p, 80, 24).contains("of 20:00"));
        press(&mut p, "jjjjjjjjx");
        let total = p.total();
        assert!((1080..=1320).contains(&total), "{total}");
        // Five minutes fills to about five.
        press(&mut p, "m5\nx");
        let total = p.total();
        assert!((240..=330).contains(&total), "{total}");
        // Out of range or empty: refused with the reason, the budget as it was.
        press(&mut p, "m0\n");
        assert_eq!(p.budget, Some(300));
        assert!(p.notice.as_deref().unwrap().contains("1 to 120"));
        press(&mut p, "m999\n");
        assert_eq!(p.budget, Some(300));
        press(&mut p, "mab\n");
        assert_eq!(p.budget, Some(300));
        press(&mut p, "m12E");
        assert_eq!(p.budget, Some(300));
        assert_eq!(p.mode, Mode::Normal);
    }

    #[test]
    fn plus_and_minus_keep_a_count_that_turns_halfway_even() {
        let mut p = on_stretch("leg-swings");
        let s = p.under_cursor().unwrap().0.clone();
        assert!(s.turns_halfway);
        press(&mut p, " \t");
        let reps = |p: &Picker| match p.steps[0].dose {
            Dose::Reps { reps, .. } => reps,
            Dose::Hold { .. } => unreachable!(),
        };
        let start = reps(&p);
        assert_eq!(start % 2, 0);
        press(&mut p, "+");
        assert_eq!(reps(&p), start + 2);
        press(&mut p, "--");
        assert_eq!(reps(&p), start - 2);
        for _ in 0..40 {
            press(&mut p, "-");
        }
        assert_eq!(reps(&p), 2);
        for _ in 0..200 {
            press(&mut p, "+");
        }
        assert_eq!(reps(&p) % 2, 0);
        assert!(reps(&p) <= crate::library::MAX_REPS);
        // One that does not turn steps by one.
        assert_eq!(step_reps(5, true, false), 6);
        assert_eq!(step_reps(5, false, false), 4);
        assert_eq!(step_reps(1, false, false), 1);
        // An odd count (from a hand-written routine) is made even first.
        assert_eq!(step_reps(5, true, true), 6);
        assert_eq!(step_reps(5, false, true), 4);
        assert_eq!(step_reps(3, false, true), 2);
    }

    #[test]
    fn without_colour_the_focused_panel_is_marked_and_reversed_and_only_it_has_a_cursor() {
        let mut p = picker();
        press(&mut p, "jjjjjjjj\t j ");
        let theme = Theme::new(false);
        let draw_at = |p: &Picker, w, h| {
            draw(
                w,
                h,
                &PickerScreen {
                    picker: p,
                    theme: &theme,
                },
            )
        };
        for (w, h) in [(80, 24), (40, 12)] {
            for focus in [Focus::Areas, Focus::Stretches, Focus::Routine] {
                p.focus = focus;
                let buf = draw_at(&p, w, h);
                assert!(colourless(&buf));
                let shown = text(&buf);
                // The marker is on the focused panel's title, and only there.
                assert_eq!(shown.matches('▶').count(), 1, "{shown}");
                let name = match focus {
                    Focus::Areas => "Areas",
                    Focus::Stretches => "Stretches",
                    Focus::Routine => "Routine",
                };
                let row = shown.lines().find(|l| l.contains('▶')).unwrap();
                assert!(
                    row.contains(&format!(
                        "▶ {}",
                        if w < 80 {
                            format!("{}/3 {name}", focus as usize + 1)
                        } else {
                            name.to_string()
                        }
                    )),
                    "{row}"
                );
                // Reverse video: on the title and on the cursor's row, nowhere else.
                let reversed: Vec<u16> = (0..h)
                    .filter(|&y| (0..w).any(|x| buf[(x, y)].modifier.contains(Modifier::REVERSED)))
                    .collect();
                assert_eq!(
                    reversed.len(),
                    2,
                    "{focus:?} {w}×{h}: rows {reversed:?}\n{shown}"
                );
                // One cursor on the screen.
                assert_eq!(shown.matches('›').count(), 1, "{focus:?} {w}×{h}\n{shown}");
            }
        }
        p.focus = Focus::Stretches;
        insta::assert_snapshot!("picker_no_colour_80x24", text(&draw_at(&p, 80, 24)));
        p.focus = Focus::Routine;
        insta::assert_snapshot!("picker_no_colour_40x12", text(&draw_at(&p, 40, 12)));
    }

    #[test]
    fn at_40x12_the_panel_says_its_place_the_footer_fits_and_the_help_scrolls() {
        let mut p = picker();
        let shown = screen(&p, 40, 12);
        assert!(shown.contains("1/3 Areas"), "{shown}");
        let footer = shown.lines().nth(11).unwrap();
        for key in ["tab", "i", "s", "r", "q"] {
            assert!(
                footer.split_whitespace().any(|w| w == key),
                "{key}: {footer}"
            );
        }
        press(&mut p, "\t");
        assert!(screen(&p, 40, 12).contains("2/3 Stretches"));
        press(&mut p, "\t");
        assert!(screen(&p, 40, 12).contains("3/3 Routine"));
        // The help: every row's words are there, whole, as it scrolls.
        press(&mut p, "?");
        let mut seen = String::new();
        for _ in 0..20 {
            seen.push_str(&screen(&p, 40, 12));
            press(&mut p, "j");
        }
        // At the end, the first ↑ goes back at once.
        let bottom = screen(&p, 40, 12);
        assert!(bottom.contains("↑ back"), "{bottom}");
        press(&mut p, "k");
        assert!(screen(&p, 40, 12).contains("↓ ↑ scroll"));
        let words_of = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        let seen_words = words_of(&seen.replace(['│', '╭', '╮', '╰', '╯', '─'], " "));
        for (_, does) in keys::help(keys::PICKER) {
            for word in words_of(does) {
                assert!(seen_words.contains(&word), "{word:?} of {does:?}");
            }
        }
        let mut p = picker();
        press(&mut p, "?");
        insta::assert_snapshot!("picker_help_40x12", screen(&p, 40, 12));
        press(&mut p, "x");
        assert_eq!(p.mode, Mode::Normal, "any other key closes it");
    }

    /// A built-in routine, read against `lib`.
    fn builtin_routine(lib: &Library, name: &str) -> crate::routine::Routine {
        let routines =
            crate::routine::Routines::from_sources(&crate::routine::builtin_sources(), lib)
                .unwrap();
        routines.list.into_iter().find(|r| r.name == name).unwrap()
    }

    #[test]
    fn an_opened_routine_runs_under_its_own_name_until_it_changes() {
        let lib = Library::builtin().unwrap();
        let morning = builtin_routine(&lib, "morning");
        let morning = &morning;
        let mut p = Picker::open(&lib, Gaps::default(), morning);
        assert_eq!(press(&mut p, "r"), vec![Outcome::Run]);
        assert_eq!(p.run_name(), "morning");
        // Changed: a new routine, with the name the picker offers for it.
        press(&mut p, "+");
        assert_eq!(p.run_name(), "my-morning");
        // Changed back, it is the morning again.
        press(&mut p, "-");
        assert_eq!(p.steps, morning.steps);
        assert_eq!(p.run_name(), "morning");
        // Saved under a name: it runs under that name until it changes again.
        press(&mut p, "+");
        p.mark_saved("long-morning");
        assert_eq!(p.run_name(), "long-morning");
        press(&mut p, ">");
        assert_eq!(p.run_name(), "my-morning");
        // A new routine never saved takes the name made from its areas.
        let mut p = picker();
        press(&mut p, "\t ");
        assert_eq!(p.run_name(), p.default_name());
    }

    #[test]
    fn the_title_names_the_routine_as_a_run_would_record_it() {
        let lib = Library::builtin().unwrap();
        let morning = builtin_routine(&lib, "morning");
        let mut p = Picker::open(&lib, Gaps::default(), &morning);
        let title = |p: &Picker| screen(p, 80, 24).lines().next().unwrap().to_string();
        assert!(title(&p).starts_with(" morning ·"), "{}", title(&p));
        press(&mut p, "+");
        assert!(title(&p).starts_with(" my-morning ·"), "{}", title(&p));
        p.mark_saved("long-morning");
        assert!(title(&p).starts_with(" long-morning ·"), "{}", title(&p));
        // A new routine is "build" until it is saved.
        let mut p = picker();
        press(&mut p, "\t ");
        assert!(title(&p).starts_with(" build ·"), "{}", title(&p));
    }

    #[test]
    fn an_opened_routine_is_changed_and_saved_under_a_new_name() {
        let lib = Library::builtin().unwrap();
        let morning = builtin_routine(&lib, "morning");
        let morning = &morning;
        let mut p = Picker::open(&lib, Gaps::default(), morning);
        assert_eq!(p.steps, morning.steps);
        assert_eq!(p.focus, Focus::Routine);
        assert!(!p.unsaved(), "nothing to lose until it changes");
        assert_eq!(p.default_name(), "my-morning");
        assert_eq!(p.routine("x").description, morning.description);
        let shown = screen(&p, 80, 24);
        assert!(shown.starts_with(" morning · "), "{shown}");
        // Leaving unchanged does not ask.
        assert_eq!(press(&mut p, "q"), vec![Outcome::Back]);
        press(&mut p, "+");
        assert!(p.unsaved());
        press(&mut p, "s");
        assert_eq!(p.mode, Mode::Naming("my-morning".into()));
        assert_eq!(
            press(&mut p, "\n").last(),
            Some(&Outcome::Save("my-morning".into()))
        );
        // The file is there already: the app asks, n goes back to the name, y replaces.
        p.ask_to_replace("my-morning");
        let asked = screen(&p, 80, 24);
        assert!(
            asked.contains("my-morning.yaml is yours already"),
            "{asked}"
        );
        insta::assert_snapshot!("picker_replace_80x24", asked);
        press(&mut p, "n");
        assert_eq!(p.mode, Mode::Naming("my-morning".into()));
        press(&mut p, "E");
        p.ask_to_replace("my-morning");
        assert_eq!(
            press(&mut p, "y"),
            vec![Outcome::Replace("my-morning".into())]
        );
        // A routine of the user's own gets `-2`.
        let mut mine = morning.clone();
        mine.name = "mine".into();
        mine.origin.builtin = false;
        assert_eq!(
            Picker::open(&lib, Gaps::default(), &mine).default_name(),
            "mine-2"
        );
    }

    #[test]
    fn every_caution_of_a_long_stretch_is_within_reach_at_40x12() {
        let mut p = on_stretch("sphinx");
        let s = p.under_cursor().unwrap().0.clone();
        assert!(s.cautions.len() >= 3, "{:?}", s.cautions);
        // In the panel below the lists, the cautions come before the summary.
        let wide = screen(&p, 80, 24);
        let second: String = s.cautions[1].chars().take(20).collect();
        assert!(wide.contains(&second), "{wide}");
        press(&mut p, "i");
        let mut seen = String::new();
        for _ in 0..6 {
            seen.push_str(&screen(&p, 40, 12));
            press(&mut p, "J");
        }
        for c in &s.cautions {
            for word in c.split_whitespace() {
                assert!(seen.contains(word), "{word:?} of {c:?}");
            }
        }
        assert!(seen.contains("J scrolls for more"));
        // K goes back up; a new stretch starts at the top.
        press(&mut p, "KKKKKK");
        assert_eq!(p.detail_scroll, 0);
        press(&mut p, "JJ");
        press(&mut p, "j");
        assert_eq!(p.detail_scroll, 0);
        // Out of the details, J and K move steps again.
        press(&mut p, "i");
        assert!(!p.details);
    }
}
