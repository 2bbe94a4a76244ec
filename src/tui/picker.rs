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

use super::keys::{self, Control, DiscardAction, NameAction, PickAction, Press, SpareAction};
use super::theme::Theme;
use super::widgets::{boxed, keys_footer, notice_line, popup, usable};
use crate::builder::{Limits, Request, build_with};
use crate::library::{Area, Dose, Joint, Library, Origin, Stretch, clock};
use crate::routine::{Gaps, Routine, Step};
use crate::text::truncate;
use crate::timeline::{DEFAULT_GAPS, Timeline};
use crate::yaml::{MAX_SECONDS, Vocab};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
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
    Help,
    /// Asking before a routine that was never saved is thrown away.
    Discard,
}

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
    /// The user's conditions and what hurt lately, which `x` respects.
    limits: Limits,
}

/// What the caller must do after a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Stay,
    /// Save the routine under this name.
    Save(String),
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
            budget,
            gaps: gaps.or(DEFAULT_GAPS),
            seed: 0,
            notice: None,
            saved: Vec::new(),
            limits: Limits::default(),
        }
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

    /// The stretches that work the area under the cursor, primary ones first.
    pub fn shown(&self) -> Vec<&Stretch> {
        let area = self.current_area();
        let mut v: Vec<&Stretch> = self
            .stretches
            .iter()
            .filter(|s| s.areas.contains(&area))
            .collect();
        v.sort_by_key(|s| (s.primary_area() != area, s.name.clone()));
        v
    }

    /// Stretches per area that are not avoided.
    pub fn count(&self, area: Area) -> usize {
        self.stretches
            .iter()
            .filter(|s| s.areas.contains(&area) && self.avoided(s).is_none())
            .count()
    }

    fn chosen(&self, id: &str) -> Option<usize> {
        self.steps.iter().position(|s| s.stretch.id == id)
    }

    /// The routine as it stands.
    pub fn routine(&self, name: &str) -> Routine {
        Routine {
            name: name.to_string(),
            description: Some(format!(
                "Picked for {}.",
                self.areas_worked()
                    .iter()
                    .map(|a| a.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
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

    /// A name made from the areas and the length to the nearest minute: `hips-hamstrings-5min`.
    pub fn default_name(&self) -> String {
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
                reps: if more {
                    (reps + 1).min(crate::library::MAX_REPS)
                } else {
                    reps.saturating_sub(1).max(1)
                },
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
        let seconds = self.budget.unwrap_or_else(|| self.total().max(600));
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
            for s in &self.stretches {
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
            Mode::Help => {
                self.mode = Mode::Normal;
                Outcome::Stay
            }
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

    /// The routine was saved as it is now.
    pub fn mark_saved(&mut self) {
        self.saved = self.steps.clone();
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
            PickAction::StepDown => self.move_step(true),
            PickAction::StepUp => self.move_step(false),
            PickAction::MoreDose => self.change_dose(true),
            PickAction::LessDose => self.change_dose(false),
            PickAction::MoreSets => self.change_sets(true),
            PickAction::FewerSets => self.change_sets(false),
            PickAction::Avoid => self.mode = Mode::Avoid(0),
            PickAction::Shuffle => self.shuffle(),
            PickAction::Help => self.mode = Mode::Help,
            PickAction::Save | PickAction::Run if self.steps.is_empty() => {
                self.notice = Some("add a stretch first (space on a stretch)".into());
            }
            PickAction::Save => self.mode = Mode::Naming(self.default_name()),
            PickAction::Run => return Outcome::Run,
            PickAction::Back if self.unsaved() => self.mode = Mode::Discard,
            PickAction::Back => return Outcome::Back,
        }
        Outcome::Stay
    }
}

/// The picker, drawn from its state.
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
        if area.width >= 80 {
            let [areas, stretches, routine] = Layout::horizontal([
                Constraint::Length(18),
                Constraint::Fill(3),
                Constraint::Fill(2),
            ])
            .areas(body);
            self.areas(areas, buf);
            self.stretches(stretches, buf);
            self.routine(routine, buf);
        } else {
            // Compact: the focused panel alone.
            match p.focus {
                Focus::Areas => self.areas(body, buf),
                Focus::Stretches => self.stretches(body, buf),
                Focus::Routine => self.routine(body, buf),
            }
        }
        let line = match (&p.mode, &p.notice) {
            (Mode::Naming(name), _) => {
                let mut spans = vec![
                    Span::styled(" save as: ", t.alert),
                    Span::styled(format!("{name}▏"), t.strong),
                    Span::raw("  "),
                ];
                let used = Line::from(spans.clone()).width();
                let room = usize::from(footer.width).saturating_sub(used);
                let hints = keys::hints(keys::PICKER_NAMING);
                spans.extend(
                    keys_footer(&hints, u16::try_from(room).unwrap_or(0), true, t, |h| {
                        h.word
                    })
                    .spans,
                );
                Line::from(spans)
            }
            (_, Some(n)) => notice_line(n, footer.width, t),
            _ => keys_footer(&keys::hints(keys::PICKER), footer.width, false, t, |h| {
                h.word
            }),
        };
        line.render(footer, buf);
        match p.mode {
            Mode::Help => super::help::keys_box(
                area,
                buf,
                t,
                "keys",
                &keys::help(keys::PICKER),
                "any key closes",
            ),
            Mode::Avoid(cursor) => self.avoid_box(area, buf, cursor),
            Mode::Discard => self.discard_box(area, buf),
            Mode::Normal | Mode::Naming(_) => {}
        }
    }
}

impl PickerScreen<'_> {
    fn panel_style(&self, focus: Focus) -> (Style, Style) {
        let t = self.theme;
        if self.picker.focus == focus {
            (t.key, t.strong)
        } else {
            (t.dim, t.text)
        }
    }

    fn title(&self, area: Rect, buf: &mut Buffer) {
        let (t, p) = (self.theme, self.picker);
        let total = clock(p.total());
        let mut parts = vec![match p.budget {
            Some(b) => format!("{total} of {}", clock(b)),
            None => total,
        }];
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
        let over = p.budget.is_some_and(|b| p.total() > b + b / 10);
        Line::from(vec![
            Span::styled(" build", t.strong),
            Span::styled(" · ", t.dim),
            Span::styled(rest, if over { t.alert } else { t.text }),
        ])
        .render(area, buf);
    }

    fn rows(inner: Rect, cursor: usize) -> (usize, usize) {
        let rows = usize::from(inner.height);
        (cursor.saturating_sub(rows.saturating_sub(1)), rows)
    }

    fn areas(&self, area: Rect, buf: &mut Buffer) {
        let (t, p) = (self.theme, self.picker);
        let (border, title) = self.panel_style(Focus::Areas);
        let inner = boxed(area, buf, "Areas", border, title);
        let (first, rows) = Self::rows(inner, p.area);
        let w = usize::from(inner.width);
        for (row, (i, a)) in Area::ALL
            .iter()
            .enumerate()
            .skip(first)
            .take(rows)
            .enumerate()
        {
            let here = i == p.area;
            let marker = if here { "›" } else { " " };
            let line = format!(
                " {marker}{:<w2$}{:>3}",
                a.name(),
                p.count(*a),
                w2 = w.saturating_sub(5)
            );
            let style = if here { t.strong } else { t.text };
            Line::from(Span::styled(truncate(&line, w), style)).render(
                Rect::new(inner.x, inner.y + row as u16, inner.width, 1),
                buf,
            );
        }
    }

    fn stretches(&self, area: Rect, buf: &mut Buffer) {
        let (t, p) = (self.theme, self.picker);
        let (border, title) = self.panel_style(Focus::Stretches);
        let inner = boxed(
            area,
            buf,
            &format!("Stretches · {}", p.current_area()),
            border,
            title,
        );
        let shown = p.shown();
        let (first, rows) = Self::rows(inner, p.stretch);
        let w = usize::from(inner.width);
        for (row, (i, s)) in shown.iter().enumerate().skip(first).take(rows).enumerate() {
            let here = i == p.stretch && p.focus == Focus::Stretches;
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
                " {mark} {:<name_w$} {:<8} {:>5}",
                truncate(&s.name, name_w),
                tag,
                secs
            );
            let style = if p.avoided(s).is_some() {
                t.dim
            } else if here {
                t.strong
            } else {
                t.text
            };
            let cursor = if here { "›" } else { "" };
            let line = if here {
                format!("{cursor}{}", &line[1..])
            } else {
                line
            };
            Line::from(Span::styled(truncate(&line, w), style)).render(
                Rect::new(inner.x, inner.y + row as u16, inner.width, 1),
                buf,
            );
        }
    }

    fn routine(&self, area: Rect, buf: &mut Buffer) {
        let (t, p) = (self.theme, self.picker);
        let (border, title) = self.panel_style(Focus::Routine);
        let inner = boxed(
            area,
            buf,
            &format!("Routine · {}", clock(p.total())),
            border,
            title,
        );
        if p.steps.is_empty() {
            let w = usize::from(inner.width);
            for (i, l) in crate::text::wrap(
                "Nothing yet. Pick an area, then space on a stretch to add it, or x to fill the routine for you.",
                w.saturating_sub(2),
            )
            .into_iter()
            .take(usize::from(inner.height))
            .enumerate()
            {
                Line::from(Span::styled(format!(" {l}"), t.dim))
                    .render(Rect::new(inner.x, inner.y + i as u16, inner.width, 1), buf);
            }
            return;
        }
        let (first, rows) = Self::rows(inner, p.step);
        let w = usize::from(inner.width);
        for (row, (i, s)) in p
            .steps
            .iter()
            .enumerate()
            .skip(first)
            .take(rows)
            .enumerate()
        {
            let here = i == p.step && p.focus == Focus::Routine;
            let name_w = w.saturating_sub(3 + 1 + 1 + 5 + 1);
            let line = format!(
                "{}{:>2} {:<name_w$} {:>5}",
                if here { "›" } else { " " },
                i + 1,
                truncate(&s.stretch.name, name_w),
                clock(p.step_seconds(i))
            );
            let style = if here { t.strong } else { t.text };
            Line::from(Span::styled(truncate(&line, w), style)).render(
                Rect::new(inner.x, inner.y + row as u16, inner.width, 1),
                buf,
            );
        }
        // The dose of the step under the cursor, on the last row when there is room.
        let room = usize::from(inner.height) > p.steps.len() + 1;
        if let Some(s) = p
            .steps
            .get(p.step)
            .filter(|_| room && p.focus == Focus::Routine)
        {
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
        p.mark_saved();
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
        p.mark_saved();
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
        p.mode = Mode::Help;
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
}
