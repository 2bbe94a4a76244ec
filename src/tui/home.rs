//! The home screen (`supple` with no command): the routines with their length and areas,
//! a preview of the one under the cursor, and the way to run, plan, build or look back.
//!
//! ```text
//!  supple                                      streak 4 days · 38 min this week
//! ╭─ Routines ──────────────────────╮╭─ morning ───────────────────────────────╮
//! │ › morning      5:10  hips …     ││ 5:10 · 7 stretches                      │
//! │   lower-back  10:09  lower-back ││  1 Cat-Cow             8 breaths   0:53 │
//! ╰─────────────────────────────────╯╰─────────────────────────────────────────╯
//!  enter run   p plan   b build   h history   q quit
//! ```

use super::keys::{self, HomeAction};
use super::theme::Theme;
use super::widgets::{boxed, keys_footer, notice_line, usable};
use crate::library::clock;
use crate::routine::routine_areas;
use crate::routine::{Gaps, Routine};
use crate::text::dose_short;
use crate::text::truncate;
use crate::timeline::{PhaseKind, Timeline};
use crate::yaml::Vocab;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// One routine as the home screen lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub name: String,
    pub description: Option<String>,
    pub total: u32,
    pub builtin: bool,
    pub areas: Vec<String>,
    /// `(name, dose, seconds)` of each step, get-ready time included.
    pub steps: Vec<(String, String, u32)>,
    /// The routine's timeline, for the plan view: `(start, what, seconds)`.
    pub plan: Vec<(u32, String, u32)>,
    /// For a routine whose file has problems: the first of them. It is listed, marked,
    /// and not run.
    pub broken: Option<String>,
    /// Every caution of the routine's stretches, each stretch once: `(name, caution)`.
    pub cautions: Vec<(String, String)>,
    /// Each step's figure, if its stretch has one.
    pub figures: Vec<Option<Box<crate::figure::Figure>>>,
}

impl Item {
    pub fn new(routine: &Routine, config: Gaps) -> Item {
        let t = Timeline::build(routine, Gaps::default(), config);
        let steps = t
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let secs = t
                    .phases
                    .iter()
                    .filter(|p| p.step == i)
                    .map(|p| p.seconds)
                    .sum();
                (
                    s.stretch.name.clone(),
                    dose_short(&s.dose, s.stretch.sides),
                    secs,
                )
            })
            .collect();
        let plan = t
            .phases
            .iter()
            .map(|p| {
                let step = &t.steps[p.step];
                let what = match p.kind {
                    PhaseKind::Prepare => format!("get ready: {}", step.stretch.name),
                    PhaseKind::Work => match p.side {
                        Some(side) => format!("{} · {}", step.stretch.name, side.label()),
                        None => step.stretch.name.clone(),
                    },
                    PhaseKind::Switch => "switch sides".into(),
                    PhaseKind::Rest => "rest".into(),
                };
                (p.start, what, p.seconds)
            })
            .collect();
        let mut cautions = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        for s in &t.steps {
            if seen.contains(&s.stretch.id.as_str()) {
                continue;
            }
            seen.push(&s.stretch.id);
            for c in &s.stretch.cautions {
                cautions.push((s.stretch.name.clone(), c.clone()));
            }
        }
        Item {
            broken: None,
            cautions,
            figures: t.steps.iter().map(|s| s.stretch.figure.clone()).collect(),
            name: routine.name.clone(),
            description: routine.description.clone(),
            total: t.total,
            builtin: routine.origin.builtin,
            areas: routine_areas(&routine.steps)
                .iter()
                .map(|a| a.name().to_string())
                .collect(),
            steps,
            plan,
        }
    }
}

impl Item {
    /// A routine left out because its file has problems; `problem` is the first.
    pub fn broken(name: &str, problem: &str) -> Item {
        Item {
            name: name.to_string(),
            description: None,
            total: 0,
            builtin: false,
            areas: Vec::new(),
            steps: Vec::new(),
            plan: Vec::new(),
            broken: Some(problem.to_string()),
            cautions: Vec::new(),
            figures: Vec::new(),
        }
    }

    /// The name as the list shows it: `morning`, `mine (yours)`, `⚠ typo (broken)`.
    pub fn label(&self) -> String {
        if self.broken.is_some() {
            format!("⚠ {} (broken)", self.name)
        } else if self.builtin {
            self.name.clone()
        } else {
            format!("{} (yours)", self.name)
        }
    }
}

/// What the right-hand panel shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    /// The stretches with their doses.
    #[default]
    Steps,
    /// Every phase with its start time.
    Plan,
    /// Recent sessions and the week.
    History,
}

/// The home screen's state.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Home {
    pub items: Vec<Item>,
    pub selected: usize,
    pub pane: Pane,
    /// Lines scrolled in the right panel.
    pub scroll: usize,
    /// "4-day streak · 38:10 this week".
    pub headline: Option<String>,
    /// The runs and the stats for the history pane (none when there is no history).
    pub history: Option<HistoryPane>,
    /// A message for the footer: a saved file, a problem.
    pub notice: Option<String>,
    pub help: bool,
    /// How the preview draws the stretches' figures; `None` when figures are off.
    pub figure: Option<ratatui::symbols::Marker>,
    /// The stretch of the routine under the preview's cursor (`]` / `[`), whose figure
    /// and cautions the preview shows; `None` for the routine as a whole.
    pub step: Option<usize>,
}

/// What the history pane shows: every run (it scrolls), and the week.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryPane {
    pub records: Vec<crate::history::Record>,
    pub stats: crate::history::Stats,
}

impl HistoryPane {
    /// The pane's lines for `w` cells (the headline is on the screen's top row): the runs
    /// newest first under their column names, the week's areas, and what waits longest.
    /// Every field from the file is escaped as it is laid out.
    pub fn lines(&self, w: usize) -> Vec<(String, bool)> {
        let mut lines = Vec::new();
        let newest: Vec<&crate::history::Record> = self.records.iter().rev().collect();
        let table = crate::text::history_table(&newest, w);
        for (i, row) in table.into_iter().enumerate() {
            lines.push((crate::diag::printable(&row), i == 0));
        }
        let areas = crate::text::week_areas(&self.stats, w);
        if !areas.is_empty() {
            lines.push((String::new(), false));
            lines.extend(areas.into_iter().map(|l| (l, false)));
        }
        let waiting: Vec<String> = self
            .stats
            .areas_waiting
            .iter()
            .map(|(a, d)| match d {
                Some(d) => format!("{a} (last {d})"),
                None => format!("{a} (never)"),
            })
            .collect();
        if !waiting.is_empty() {
            lines.push((String::new(), false));
            let text = crate::diag::printable(&format!("waiting longest: {}", waiting.join(", ")));
            lines.extend(crate::text::wrap(&text, w).into_iter().map(|l| (l, false)));
        }
        lines
    }
}

/// What the caller should do after a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Stay,
    Run(usize),
    Build,
    /// Open this routine in the picker, to change it and save it under a new name.
    Edit(usize),
    Quit,
    Interrupt,
    Suspend,
    Redraw,
}

impl Home {
    /// Applies an action; returns what the caller must do beyond redrawing.
    pub fn apply(&mut self, action: HomeAction) -> Outcome {
        let n = self.items.len();
        match action {
            HomeAction::Up => {
                self.selected = (self.selected + n.max(1) - 1) % n.max(1);
                self.scroll = 0;
                self.step = None;
            }
            HomeAction::Down => {
                self.selected = (self.selected + 1) % n.max(1);
                self.scroll = 0;
                self.step = None;
            }
            HomeAction::NextStretch | HomeAction::PreviousStretch => {
                let steps = self.items.get(self.selected).map_or(0, |i| i.steps.len());
                self.step = match (action, self.step) {
                    (_, _) if steps == 0 => None,
                    (HomeAction::NextStretch, None) => Some(0),
                    (HomeAction::NextStretch, Some(i)) => Some((i + 1).min(steps - 1)),
                    (_, Some(0) | None) => None,
                    (_, Some(i)) => Some(i.min(steps) - 1),
                };
                self.pane = Pane::Steps;
                self.scroll = 0;
            }
            HomeAction::Edit if n > 0 => {
                if let Some(problem) = &self.items[self.selected % n].broken {
                    self.notice = Some(format!("fix it before changing it: {problem}"));
                } else {
                    return Outcome::Edit(self.selected);
                }
            }
            HomeAction::Run if n > 0 => {
                // A broken routine does not run: the footer says why instead.
                if let Some(problem) = &self.items[self.selected % n].broken {
                    self.notice = Some(problem.clone());
                } else {
                    return Outcome::Run(self.selected);
                }
            }
            HomeAction::Run | HomeAction::Edit => {}
            HomeAction::Plan => self.toggle(Pane::Plan),
            HomeAction::History => self.toggle(Pane::History),
            HomeAction::Build => return Outcome::Build,
            HomeAction::ScrollUp => self.scroll = self.scroll.saturating_sub(5),
            HomeAction::ScrollDown => self.scroll += 5,
            HomeAction::ToggleHelp => self.help = !self.help,
            HomeAction::Close => {
                if self.help {
                    self.help = false;
                } else if self.step.is_some() {
                    self.step = None;
                } else {
                    self.pane = Pane::Steps;
                    self.scroll = 0;
                }
            }
            HomeAction::Quit => return Outcome::Quit,
            HomeAction::Interrupt => return Outcome::Interrupt,
            HomeAction::Suspend => return Outcome::Suspend,
            HomeAction::Redraw => return Outcome::Redraw,
        }
        Outcome::Stay
    }

    fn toggle(&mut self, pane: Pane) {
        self.pane = if self.pane == pane { Pane::Steps } else { pane };
        self.scroll = 0;
    }
}

/// The home screen, drawn from its state.
#[derive(Debug, Clone, Copy)]
pub struct HomeScreen<'a> {
    pub home: &'a Home,
    pub theme: &'a Theme,
}

impl Widget for &HomeScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Some(area) = usable(area, buf, self.theme) else {
            return;
        };
        let t = self.theme;
        let home = self.home;
        let [top, body, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        // Title row: the name, and the streak on the right.
        let right = home.headline.clone().unwrap_or_default();
        let room = usize::from(top.width).saturating_sub(10);
        let right = truncate(&right, room);
        let gap = usize::from(top.width).saturating_sub(7 + right.chars().count() + 1);
        Line::from(vec![
            Span::styled(" supple", t.strong),
            Span::raw(" ".repeat(gap)),
            Span::styled(right, t.dim),
        ])
        .render(top, buf);

        let wide = area.width >= 70;
        let longest = home
            .items
            .iter()
            .map(|i| i.label().chars().count())
            .max()
            .unwrap_or(8) as u16;
        let list_width = if wide {
            (longest + 14).clamp(24, area.width / 2)
        } else {
            area.width
        };
        if wide {
            let [list, preview] =
                Layout::horizontal([Constraint::Length(list_width), Constraint::Fill(1)])
                    .areas(body);
            self.list(list, buf);
            self.preview(preview, buf);
        } else if home.pane == Pane::Steps && home.step.is_none() {
            self.list(body, buf);
        } else {
            // Too narrow for two panels: the plan or the history takes the whole body.
            self.preview(body, buf);
        }
        // Footer: a notice when there is one, else the keys.
        let footer_line = match &home.notice {
            Some(n) => notice_line(n, footer.width, t),
            None => keys_footer(&keys::hints(keys::HOME), footer.width, false, t, |h| h.word),
        };
        footer_line.render(footer, buf);
        if home.help {
            super::help::keys_box(area, buf, t, "keys", &keys::help(keys::HOME), "esc closes");
        }
    }
}

impl HomeScreen<'_> {
    fn list(&self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let home = self.home;
        let inner = boxed(area, buf, "Routines", t.dim, t.strong);
        let rows = usize::from(inner.height);
        if rows == 0 {
            return;
        }
        if home.items.is_empty() {
            Line::from(Span::styled(" no routines", t.dim)).render(inner, buf);
            return;
        }
        let first = home.selected.saturating_sub(rows.saturating_sub(1));
        let w = usize::from(inner.width);
        let name_w = home
            .items
            .iter()
            .map(|i| i.label().chars().count())
            .max()
            .unwrap_or(8)
            .min(w.saturating_sub(12).max(6));
        for (row, (i, item)) in home
            .items
            .iter()
            .enumerate()
            .skip(first)
            .take(rows)
            .enumerate()
        {
            let chosen = i == home.selected;
            let marker = if chosen { "›" } else { " " };
            let name = item.label();
            let areas = match item.areas.len() {
                0 => String::new(),
                1 => item.areas[0].clone(),
                _ => format!("{} …", item.areas[0]),
            };
            let fixed = 1 + 2 + name_w + 1 + 6 + 2;
            // Areas only where there is room for them (the preview shows them otherwise).
            let room = w.saturating_sub(fixed);
            let areas = if room >= 10 {
                truncate(&areas, room)
            } else {
                String::new()
            };
            let time = if item.broken.is_some() {
                String::new()
            } else {
                clock(item.total)
            };
            let line = format!(
                " {marker} {:<name_w$} {time:>6}  {areas}",
                truncate(&name, name_w),
            );
            let style = match (chosen, item.broken.is_some()) {
                (_, true) => t.alert,
                (true, false) => t.strong,
                (false, false) => t.text,
            };
            Line::from(Span::styled(truncate(&line, w), style)).render(
                Rect::new(inner.x, inner.y + row as u16, inner.width, 1),
                buf,
            );
        }
    }

    fn preview(&self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let home = self.home;
        let (title, lines): (String, Vec<Line>) = if home.pane == Pane::History {
            let w = usize::from(area.width.saturating_sub(4)).max(10);
            (
                "History".into(),
                if let Some(pane) = &home.history {
                    pane.lines(w)
                        .into_iter()
                        .map(|(l, strong)| {
                            let style = if strong { t.strong } else { t.text };
                            Line::from(Span::styled(format!(" {}", truncate(&l, w)), style))
                        })
                        .collect()
                } else {
                    let run = match home.items.get(home.selected) {
                        Some(item) if item.broken.is_none() => {
                            format!("no sessions yet: press enter to run {}", item.name)
                        }
                        _ => "no sessions yet: choose a routine and press enter".into(),
                    };
                    crate::text::wrap(&run, w)
                        .into_iter()
                        .map(|l| Line::from(Span::styled(format!(" {l}"), t.dim)))
                        .collect()
                },
            )
        } else {
            let Some(item) = home.items.get(home.selected) else {
                boxed(area, buf, "", t.dim, t.strong);
                return;
            };
            if let Some(problem) = &item.broken {
                let w = usize::from(area.width.saturating_sub(4)).max(10);
                let mut lines: Vec<Line> =
                    crate::text::wrap("this routine's file has problems; it cannot run", w)
                        .into_iter()
                        .map(|l| Line::from(Span::styled(format!(" {l}"), t.alert)))
                        .collect();
                lines.push(Line::raw(""));
                lines.extend(
                    crate::text::wrap(problem, w)
                        .into_iter()
                        .map(|l| Line::from(Span::styled(format!(" {l}"), t.text))),
                );
                lines.push(Line::raw(""));
                lines.push(Line::from(Span::styled(
                    " `supple check` shows every problem",
                    t.dim,
                )));
                let inner = boxed(area, buf, &item.label(), t.dim, t.strong);
                for (row, line) in lines
                    .into_iter()
                    .take(usize::from(inner.height))
                    .enumerate()
                {
                    line.render(
                        Rect::new(inner.x, inner.y + row as u16, inner.width, 1),
                        buf,
                    );
                }
                return;
            }
            let mut lines = vec![
                Line::from(Span::styled(
                    format!(
                        " {} · {}",
                        clock(item.total),
                        crate::text::plural(item.steps.len(), "stretch", "stretches")
                    ),
                    t.strong,
                )),
                Line::from(Span::styled(
                    format!(
                        " {}",
                        truncate(
                            &item.areas.join(", "),
                            usize::from(area.width.saturating_sub(4))
                        )
                    ),
                    t.dim,
                )),
            ];
            let chosen = home
                .step
                .filter(|i| *i < item.steps.len() && home.pane == Pane::Steps);
            // Narrow (40 columns), a chosen stretch has the panel to itself: its row, its
            // cautions and its figure.
            let alone = chosen.is_some() && area.width < 50;
            if chosen.is_some() {
                // The title names the stretch; its cautions and figure take the room of
                // the routine's summary.
                lines.clear();
            }
            if let Some(d) = item.description.as_ref().filter(|_| chosen.is_none()) {
                let w = usize::from(area.width.saturating_sub(4));
                for l in crate::text::wrap(d, w) {
                    lines.push(Line::from(Span::styled(format!(" {l}"), t.dim)));
                }
            }
            if chosen.is_none() {
                lines.push(Line::raw(""));
            }
            if home.pane == Pane::Plan {
                let w = usize::from(area.width.saturating_sub(2));
                let what_w = w.saturating_sub(1 + 5 + 2 + 2 + 5 + 1);
                for (start, what, secs) in &item.plan {
                    lines.push(Line::from(vec![
                        Span::styled(format!(" {:>5}  ", clock(*start)), t.dim),
                        Span::styled(format!("{:<what_w$}", truncate(what, what_w)), t.text),
                        Span::styled(format!("  {:>5}", clock(*secs)), t.text),
                    ]));
                }
            } else {
                let w = usize::from(area.width.saturating_sub(2));
                let dose_w = 22.min(w / 3);
                let name_w = w.saturating_sub(4 + dose_w + 7).min(30);
                for (i, (name, dose, secs)) in item.steps.iter().enumerate() {
                    if chosen == Some(i) {
                        // The cursor's row: marked and reversed, so it shows without colour.
                        let rev = t.strong.add_modifier(ratatui::style::Modifier::REVERSED);
                        lines.push(Line::from(Span::styled(
                            crate::text::pad(
                                &format!(
                                    "›{} {:<name_w$} {:<dose_w$} {:>5}",
                                    format!("{:>2}", i + 1).trim_start_matches(' '),
                                    truncate(name, name_w),
                                    truncate(dose, dose_w),
                                    clock(*secs)
                                ),
                                w,
                            ),
                            rev,
                        )));
                        continue;
                    }
                    if alone {
                        continue;
                    }
                    lines.push(Line::from(vec![
                        Span::styled(format!("{:>2} ", i + 1), t.dim),
                        Span::styled(format!("{:<name_w$}", truncate(name, name_w)), t.text),
                        Span::styled(format!(" {:<dose_w$}", truncate(dose, dose_w)), t.dim),
                        Span::styled(format!(" {:>5}", clock(*secs)), t.text),
                    ]));
                }
                if let Some(i) = chosen {
                    lines.extend(self.stretch_lines(item, i, w));
                    let title = format!("{} · {}", item.name, item.steps[i].0);
                    return self.draw_preview(area, buf, &title, lines);
                }
                lines.extend(self.figure_strip(item, usize::from(area.width.saturating_sub(2))));
                lines.extend(cautions_lines(
                    item,
                    usize::from(area.width.saturating_sub(4)),
                    t,
                ));
            }
            let title = if home.pane == Pane::Plan {
                format!("{} · plan", item.name)
            } else {
                item.name.clone()
            };
            (title, lines)
        };
        self.draw_preview(area, buf, &title, lines);
    }

    /// The preview's box with `lines` in it, scrolled as the user scrolled it; the
    /// history's column names stay on top while its runs scroll under them.
    fn draw_preview(&self, area: Rect, buf: &mut Buffer, title: &str, lines: Vec<Line>) {
        let (t, home) = (self.theme, self.home);
        let inner = boxed(area, buf, title, t.dim, t.strong);
        let pinned = usize::from(home.pane == Pane::History && home.history.is_some())
            .min(usize::from(inner.height));
        let rows = usize::from(inner.height) - pinned;
        let max_scroll = lines.len().saturating_sub(rows + pinned);
        let scroll = home.scroll.min(max_scroll);
        let (head, body): (Vec<Line>, Vec<Line>) = {
            let mut all = lines;
            let body = all.split_off(pinned.min(all.len()));
            (all, body)
        };
        let mut body: Vec<Line> = body.into_iter().skip(scroll).take(rows).collect();
        if scroll < max_scroll && rows > 1 {
            // More below (the cautions, often): say how to reach it.
            body.pop();
            body.push(Line::from(Span::styled(" … J scrolls for more", t.dim)));
        }
        for (row, line) in head.into_iter().chain(body).enumerate() {
            line.render(
                Rect::new(inner.x, inner.y + row as u16, inner.width, 1),
                buf,
            );
        }
    }
}

/// The cautions of a routine's stretches, each marked ⚠ and named, wrapped to `w`.
fn cautions_lines(item: &Item, w: usize, t: &Theme) -> Vec<Line<'static>> {
    if item.cautions.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![
        Line::raw(""),
        Line::from(Span::styled(" Cautions", t.strong)),
    ];
    for (name, caution) in &item.cautions {
        let text = crate::diag::printable(&format!("{name}: {caution}"));
        for (i, l) in crate::text::wrap(&text, w.saturating_sub(2).max(10))
            .into_iter()
            .enumerate()
        {
            let mark = if i == 0 { "⚠ " } else { "  " };
            lines.push(Line::from(Span::styled(format!(" {mark}{l}"), t.alert)));
        }
    }
    lines
}

/// How big each figure of the preview's strip is, in cells.
const STRIP_COLS: u16 = 10;
const STRIP_ROWS: u16 = 5;

impl HomeScreen<'_> {
    /// The stretch of step `i`: its cautions, then its figure (still, where figures are
    /// on), in `w` cells.
    fn stretch_lines(&self, item: &Item, i: usize, w: usize) -> Vec<Line<'static>> {
        let t = self.theme;
        let mut lines = vec![Line::raw("")];
        let name = &item.steps[i].0;
        let cautions: Vec<&String> = item
            .cautions
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, c)| c)
            .collect();
        if cautions.is_empty() {
            lines.push(Line::from(Span::styled(" no cautions", t.dim)));
        }
        for c in cautions {
            for (k, l) in crate::text::wrap(&crate::diag::printable(c), w.saturating_sub(4).max(10))
                .into_iter()
                .enumerate()
            {
                let mark = if k == 0 { "⚠ " } else { "  " };
                lines.push(Line::from(Span::styled(format!(" {mark}{l}"), t.alert)));
            }
        }
        let figure = self
            .home
            .figure
            .zip(item.figures.get(i).and_then(Option::as_ref));
        if let Some((marker, f)) = figure.filter(|_| w >= 20) {
            let still = crate::figure::Figure {
                frames: f.frames.iter().take(1).copied().collect(),
                ..(**f).clone()
            };
            let cols = u16::try_from(w.saturating_sub(4).min(28)).unwrap_or(28);
            for l in super::figure::text(&still, false, marker, cols, 5) {
                lines.push(Line::from(Span::styled(format!("   {l}"), t.strong)));
            }
        }
        lines
    }

    /// The routine's figures side by side, numbered as the steps, where one row of them
    /// fits in `w` cells (and figures are on); nothing otherwise.
    fn figure_strip(&self, item: &Item, w: usize) -> Vec<Line<'static>> {
        let t = self.theme;
        let Some(marker) = self.home.figure else {
            return Vec::new();
        };
        let n = item.figures.len();
        let cell = usize::from(STRIP_COLS) + 1;
        if n == 0 || n * cell + 1 > w || item.figures.iter().all(Option::is_none) {
            return Vec::new();
        }
        let rows = usize::from(STRIP_ROWS);
        let mut grid: Vec<String> = vec![" ".to_string(); rows];
        let mut numbers = String::from(" ");
        for (i, figure) in item.figures.iter().enumerate() {
            let drawn = figure.as_ref().map_or_else(Vec::new, |f| {
                // The first pose only: the preview holds still.
                let still = crate::figure::Figure {
                    frames: f.frames.iter().take(1).copied().collect(),
                    ..(**f).clone()
                };
                super::figure::text(&still, false, marker, STRIP_COLS, STRIP_ROWS)
            });
            // Feet on the strip's bottom row.
            let pad = rows.saturating_sub(drawn.len());
            for (r, row) in grid.iter_mut().enumerate() {
                let line = r
                    .checked_sub(pad)
                    .and_then(|k| drawn.get(k))
                    .cloned()
                    .unwrap_or_default();
                row.push_str(&crate::text::pad(&line, usize::from(STRIP_COLS)));
                row.push(' ');
            }
            numbers.push_str(&crate::text::pad(
                &format!("{:^w$}", i + 1, w = usize::from(STRIP_COLS)),
                usize::from(STRIP_COLS),
            ));
            numbers.push(' ');
        }
        let mut lines = vec![Line::raw("")];
        lines.extend(
            grid.into_iter()
                .map(|l| Line::from(Span::styled(l, t.strong))),
        );
        lines.push(Line::from(Span::styled(numbers, t.dim)));
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::Library;
    use crate::routine::Routines;
    use crate::tui::fixtures::{draw, text};

    fn home() -> Home {
        let lib = Library::builtin().unwrap();
        let routines = Routines::from_sources(&crate::routine::builtin_sources(), &lib).unwrap();
        Home {
            items: routines
                .list
                .iter()
                .map(|r| Item::new(r, Gaps::default()))
                .collect(),
            headline: Some("4-day streak · 38:10 this week".into()),
            history: Some(history(3)),
            ..Home::default()
        }
    }

    /// `n` runs, one a day up to 2026-11-25, every third one stopped.
    fn history(n: usize) -> HistoryPane {
        let records: Vec<crate::history::Record> = (0..n)
            .map(|i| {
                let day = jiff::civil::date(2026, 11, 25)
                    .checked_sub(jiff::Span::new().days(i64::try_from(n - 1 - i).unwrap()))
                    .unwrap();
                let completed = i % 3 != 1;
                let work = 100 + 7 * i as u64;
                crate::history::Record {
                    routine: if i % 2 == 0 {
                        "morning"
                    } else {
                        "lower-back-short"
                    }
                    .into(),
                    start: format!("{day}T07:02:00+01:00"),
                    end: format!("{day}T07:07:00+01:00"),
                    seconds: work + 60,
                    planned_seconds: 310,
                    stretches: vec!["cat-cow".into()],
                    areas: vec!["lower-back".into()],
                    area_seconds: [("lower-back".to_string(), work)].into_iter().collect(),
                    work_seconds: Some(work),
                    completed,
                    ending: if completed { "completed" } else { "quit" }.into(),
                    hurt: vec![],
                }
            })
            .collect();
        let stats = crate::history::Stats::compute(&records, jiff::civil::date(2026, 11, 25));
        HistoryPane { records, stats }
    }

    fn screen(h: &Home, w: u16, ht: u16) -> String {
        let theme = Theme::new(true);
        text(&draw(
            w,
            ht,
            &HomeScreen {
                home: h,
                theme: &theme,
            },
        ))
    }

    #[test]
    fn lists_every_routine_with_a_preview() {
        let h = home();
        insta::assert_snapshot!("home_80x24", screen(&h, 80, 24));
        insta::assert_snapshot!("home_40x12", screen(&h, 40, 12));
        insta::assert_snapshot!("home_120x40", screen(&h, 120, 40));
    }

    #[test]
    fn plan_history_and_help_panes() {
        let mut h = home();
        h.apply(HomeAction::Down);
        h.apply(HomeAction::Plan);
        insta::assert_snapshot!("home_plan_80x24", screen(&h, 80, 24));
        h.apply(HomeAction::History);
        insta::assert_snapshot!("home_history_80x24", screen(&h, 80, 24));
        h.apply(HomeAction::ToggleHelp);
        insta::assert_snapshot!("home_help_80x24", screen(&h, 80, 24));
        h.apply(HomeAction::ToggleHelp);
        insta::assert_snapshot!("home_history_40x12", screen(&h, 40, 12));
    }

    #[test]
    fn keys_move_the_cursor_around_and_ask_for_runs() {
        let mut h = home();
        assert_eq!(h.apply(HomeAction::Up), Outcome::Stay);
        assert_eq!(h.selected, h.items.len() - 1, "up from the top wraps");
        assert_eq!(h.apply(HomeAction::Down), Outcome::Stay);
        assert_eq!(h.selected, 0);
        h.apply(HomeAction::Down);
        assert_eq!(h.apply(HomeAction::Run), Outcome::Run(1));
        assert_eq!(h.apply(HomeAction::Build), Outcome::Build);
        h.apply(HomeAction::Plan);
        assert_eq!(h.pane, Pane::Plan);
        h.apply(HomeAction::Close);
        assert_eq!(h.pane, Pane::Steps);
        assert_eq!(h.apply(HomeAction::Quit), Outcome::Quit);
    }

    #[test]
    fn draws_into_any_size_without_panicking() {
        let h = home();
        let theme = Theme::new(false);
        for (w, ht) in [(0, 0), (1, 1), (39, 11), (40, 12), (69, 20), (200, 60)] {
            let buf = draw(
                w,
                ht,
                &HomeScreen {
                    home: &h,
                    theme: &theme,
                },
            );
            assert!(crate::tui::fixtures::colourless(&buf));
        }
        let empty = Home::default();
        draw(
            80,
            24,
            &HomeScreen {
                home: &empty,
                theme: &theme,
            },
        );
    }

    #[test]
    fn a_broken_routine_is_listed_marked_and_does_not_run() {
        let mut h = home();
        let problem = "routines/my-hips.yaml:3:5: routine `my-hips`, step 1, field `stretch`: unknown stretch `pigeonn` (did you mean `pigeon-pose`?)";
        h.items.push(Item::broken("my-hips", problem));
        h.selected = h.items.len() - 1;
        let shown = screen(&h, 100, 24);
        assert!(shown.contains("⚠ my-hips (broken)"), "{shown}");
        assert!(shown.contains("it cannot run"), "{shown}");
        assert!(shown.contains("unknown stretch `pigeonn`"), "{shown}");
        assert_eq!(h.apply(HomeAction::Run), Outcome::Stay);
        assert_eq!(h.notice.as_deref(), Some(problem));
        // the others still run
        h.apply(HomeAction::Down);
        assert_eq!(h.apply(HomeAction::Run), Outcome::Run(0));
        // and every size still draws
        h.selected = h.items.len() - 1;
        for (w, ht) in [(40, 12), (80, 24), (0, 0)] {
            screen(&h, w, ht);
        }
    }

    #[test]
    fn the_preview_shows_every_caution_and_where_there_is_room_the_figures() {
        let mut h = home();
        let lib = Library::builtin().unwrap();
        let item = h.items[0].clone();
        assert!(!item.cautions.is_empty());
        // Every caution of every stretch, each stretch once.
        let routines = Routines::from_sources(&crate::routine::builtin_sources(), &lib).unwrap();
        let routine = routines.list.iter().find(|r| r.name == item.name).unwrap();
        let mut want = 0;
        let mut ids: Vec<&str> = Vec::new();
        for s in &routine.steps {
            if !ids.contains(&s.stretch.id.as_str()) {
                ids.push(&s.stretch.id);
                want += s.stretch.cautions.len();
            }
        }
        assert_eq!(item.cautions.len(), want);
        let shown = screen(&h, 80, 24);
        assert!(shown.contains("Cautions"), "{shown}");
        assert!(shown.contains("⚠ Cat-Cow: "), "{shown}");
        assert!(shown.contains("J scrolls for more"), "{shown}");
        // Scrolled down, the last caution comes into view and the hint goes.
        for _ in 0..10 {
            h.apply(HomeAction::ScrollDown);
        }
        let scrolled = screen(&h, 80, 24);
        let (last_name, last) = item.cautions.last().unwrap();
        let start: String = format!("{last_name}: {last}").chars().take(30).collect();
        assert!(scrolled.contains(&start), "{start}: {scrolled}");
        assert!(!scrolled.contains("J scrolls for more"), "{scrolled}");
        // The figures: a strip numbered as the steps at 120×40, none at 80×24 where one
        // row of them does not fit, and none with figures off.
        h.scroll = 0;
        h.figure = Some(ratatui::symbols::Marker::Braille);
        let braille = |s: &str| s.chars().any(|c| ('\u{2801}'..='\u{28ff}').contains(&c));
        let big = screen(&h, 120, 40);
        assert!(braille(&big), "{big}");
        let numbers = big.lines().find(|l| l.contains("1          2")).unwrap();
        assert!(numbers.contains(&item.steps.len().to_string()), "{numbers}");
        insta::assert_snapshot!("home_figures_120x40", big);
        assert!(!braille(&screen(&h, 80, 24)));
        h.figure = None;
        assert!(!braille(&screen(&h, 120, 40)));
    }

    #[test]
    fn e_opens_the_routine_under_the_cursor_but_not_a_broken_one() {
        let mut h = home();
        h.apply(HomeAction::Down);
        assert_eq!(h.apply(HomeAction::Edit), Outcome::Edit(1));
        h.items
            .push(Item::broken("typo", "routines/typo.yaml:1:1: bad"));
        h.selected = h.items.len() - 1;
        assert_eq!(h.apply(HomeAction::Edit), Outcome::Stay);
        assert!(h.notice.as_deref().unwrap().contains("typo.yaml"));
        assert_eq!(
            Home::default().apply(HomeAction::Edit),
            Outcome::Stay,
            "nothing to open"
        );
    }

    #[test]
    fn the_help_fits_whole_at_40x12() {
        let mut h = home();
        h.apply(HomeAction::ToggleHelp);
        let shown = screen(&h, 40, 12);
        for (key, does) in keys::help(keys::HOME) {
            assert!(shown.contains(does), "{key} {does}: {shown}");
        }
        assert!(shown.contains("esc closes"), "{shown}");
    }

    #[test]
    fn brackets_choose_a_stretch_whose_figure_and_cautions_the_preview_shows() {
        let mut h = home();
        h.figure = Some(ratatui::symbols::Marker::Braille);
        let item = h.items[0].clone();
        let braille = |s: &str| s.chars().any(|c| ('\u{2801}'..='\u{28ff}').contains(&c));
        assert!(
            !braille(&screen(&h, 80, 24)),
            "no figure for the routine as a whole"
        );
        h.apply(HomeAction::NextStretch);
        h.apply(HomeAction::NextStretch);
        assert_eq!(h.step, Some(1));
        let name = &item.steps[1].0;
        let own: Vec<&String> = item
            .cautions
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, c)| c)
            .collect();
        let other = item.cautions.iter().find(|(n, _)| n != name).unwrap();
        for (w, ht) in [(80, 24), (40, 12)] {
            let shown = screen(&h, w, ht);
            assert!(shown.contains(&format!("· {name}")), "{shown}");
            // The cautions first; the figure below them (scrolled to where it is short).
            let mut scrolled = h.clone();
            scrolled.apply(HomeAction::ScrollDown);
            assert!(
                braille(&shown) || braille(&screen(&scrolled, w, ht)),
                "{w}×{ht}: {shown}"
            );
            let first: String = own[0].chars().take(20).collect();
            assert!(shown.contains(&format!("⚠ {first}")), "{w}×{ht}: {shown}");
            let theirs: String = other.1.chars().take(20).collect();
            assert!(!shown.contains(&theirs), "{w}×{ht}: {shown}");
            // The chosen row is marked.
            assert!(shown.contains(&format!("›2 {name}")), "{shown}");
        }
        insta::assert_snapshot!("home_stretch_80x24", screen(&h, 80, 24));
        insta::assert_snapshot!("home_stretch_40x12", screen(&h, 40, 12));
        // Past the last it stays; [ goes back, and from the first to the whole routine.
        for _ in 0..20 {
            h.apply(HomeAction::NextStretch);
        }
        assert_eq!(h.step, Some(item.steps.len() - 1));
        h.step = Some(0);
        h.apply(HomeAction::PreviousStretch);
        assert_eq!(h.step, None);
        // Esc, or another routine, leave the stretch.
        h.apply(HomeAction::NextStretch);
        h.apply(HomeAction::Close);
        assert_eq!(h.step, None);
        h.apply(HomeAction::NextStretch);
        h.apply(HomeAction::Down);
        assert_eq!(h.step, None);
        // Without figures, the cautions alone.
        h.figure = None;
        h.apply(HomeAction::NextStretch);
        assert!(!braille(&screen(&h, 80, 24)));
        assert!(screen(&h, 80, 24).contains("⚠"));
    }

    #[test]
    fn the_history_pane_uses_the_height_scrolls_and_keeps_its_columns() {
        let mut h = home();
        h.history = Some(history(40));
        h.apply(HomeAction::History);
        for (w, ht) in [(80, 24), (80, 40), (40, 12), (120, 40)] {
            let shown = screen(&h, w, ht);
            let runs = shown.lines().filter(|l| l.contains(" 07:02 ")).count();
            // The body is the height less the title, the footer, the box's borders, the
            // column names above the runs, and the last row saying there are more.
            assert_eq!(runs, usize::from(ht) - 4 - 1 - 1, "{w}x{ht}\n{shown}");
            assert!(shown.contains("J scrolls for more"), "{w}x{ht}\n{shown}");
            for l in shown.lines().filter(|l| l.contains(" 07:02 ")) {
                assert!(
                    l.contains(" done ") || l.contains(" stopped"),
                    "{w}x{ht}: the outcome shows: {l:?}"
                );
                assert!(l.contains(':'), "{l}");
            }
        }
        insta::assert_snapshot!("home_history_40x12_many", screen(&h, 40, 12));
        // Scrolling down shows older runs, and stops at the end.
        let top = screen(&h, 80, 24);
        h.apply(HomeAction::ScrollDown);
        let lower = screen(&h, 80, 24);
        assert_ne!(top, lower);
        // The column names stay on top as the runs scroll.
        assert!(lower.lines().nth(2).unwrap().contains("STARTED"), "{lower}");
        assert!(lower.contains("11-15 07:02") || lower.contains("2026-11-15 07:02"));
        for _ in 0..40 {
            h.apply(HomeAction::ScrollDown);
        }
        let end = screen(&h, 80, 24);
        assert!(end.contains("waiting longest"), "{end}");
        assert!(end.contains("10-17 07:02"), "the oldest run: {end}");
    }

    #[test]
    fn with_no_history_the_pane_says_to_press_enter() {
        let mut h = home();
        h.history = None;
        h.apply(HomeAction::History);
        let shown = screen(&h, 80, 24);
        assert!(
            shown.contains("no sessions yet: press enter to run"),
            "{shown}"
        );
        let narrow = screen(&h, 40, 12);
        assert!(narrow.contains("press enter"), "{narrow}");
    }
}
