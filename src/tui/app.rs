//! The full screen's one event loop and the screen it is on: the home screen (`supple`),
//! the picker (`supple build` on a terminal), a routine's countdown (`supple run`, or
//! started from either) and its summary. Running from the home screen or the picker and
//! coming back is a change of screen; only the countdown wakes on its own.

use super::countdown::{self, Countdown};
use super::home::{self, Home, HomeScreen, Item};
use super::keys::{self, Action, Mode, SafetyAction};
use super::picker::{self, Picker, PickerScreen};
use super::safety::{Pending, SafetyScreen};
use super::summary::{Summary, SummaryScreen};
use super::theme::Theme;
use super::{Input, Term, TuiOptions, input, listen};
use crate::history::store::Recorder;
use crate::history::{self, Stats};
use crate::library::{Joint, Library};
use crate::paths::Paths;
use crate::routine::{Gaps, Routine};
use crate::session::{Ending, Options, Outcome, Session};
use crate::settings::Settings;
use crate::timeline::Timeline;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGTSTP};
use std::io;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Instant, SystemTime};

/// What the app needs from the command line and the files.
pub struct Context {
    pub library: Library,
    /// The user's stretch files left out of the library for their problems.
    pub broken: Vec<crate::load::Broken>,
    pub settings: Settings,
    /// Times given on the command line.
    pub flags: Gaps,
    pub tui: TuiOptions,
    /// supple's folders: the history, the routines folder.
    pub paths: Paths,
}

/// Where the app starts.
#[derive(Debug, Clone)]
pub enum Start {
    Home,
    Picker {
        budget: Option<u32>,
        avoid: Vec<Joint>,
    },
    /// A routine's countdown, and out of the app when it is over; with a line to show
    /// while it gets ready (what the conditions changed).
    Run(Timeline, Option<String>),
}

/// What the app is showing.
enum Screen {
    Home(Box<Home>),
    Picker(Box<Picker>),
    Countdown(Box<Countdown>),
    Summary(Box<Summary>),
    /// The safety guidance, before the first routine; the run waits behind it.
    Safety(Box<Pending>),
}

/// Loads what the home screen lists: the routines, the streak, the history text.
fn home_state(ctx: &Context, previous: Option<&Home>) -> Home {
    let loaded = crate::load::routines(&ctx.paths, &ctx.library, &ctx.broken);
    // The files with problems, each once: they were named on stderr before the screen
    // opened; here the footer says so and the list marks the routines they leave out.
    let mut files: Vec<&str> = Vec::new();
    for file in loaded
        .problems
        .iter()
        .map(|d| d.file.as_str())
        .chain(ctx.broken.iter().map(|b| b.file.as_str()))
    {
        if !files.contains(&file) {
            files.push(file);
        }
    }
    let notice = (!files.is_empty()).then(|| {
        format!(
            "{} with problems left out; `supple check` names them",
            crate::text::plural(files.len(), "file", "files")
        )
    });
    let records = history::store::records(ctx.paths.history_file()).unwrap_or_default();
    let stats = Stats::compute(&records, history::store::today());
    let mut items: Vec<Item> = loaded
        .value
        .routines
        .list
        .iter()
        .map(|r| Item::new(r, ctx.settings.gaps))
        .collect();
    items.extend(loaded.value.broken.iter().map(|b| {
        Item::broken(
            b.names.first().map_or(b.file.as_str(), String::as_str),
            &b.problems
                .first()
                .map(ToString::to_string)
                .unwrap_or_default(),
        )
    }));
    let selected = previous
        .and_then(|p| p.items.get(p.selected))
        .and_then(|old| items.iter().position(|i| i.name == old.name))
        .unwrap_or(0);
    Home {
        items,
        selected,
        headline: (!records.is_empty()).then(|| crate::diag::printable(&stats.headline())),
        history: (!records.is_empty()).then_some(super::home::HistoryPane { records, stats }),
        notice,
        figure: figure_marker(ctx),
        ..Home::default()
    }
}

/// How the app ended, and the outcome of the last run it showed (for `supple run`).
#[derive(Debug)]
pub struct End {
    pub ending: Ending,
    pub run: Option<Outcome>,
    /// The name of that run's routine.
    pub routine: Option<String>,
    /// The history could not be written.
    pub warning: Option<String>,
}

/// Where a run goes when its summary is left.
enum Back {
    /// Out of the app (`supple run`).
    Exit,
    Home,
    /// Back to the picker it was started from, the routine still there.
    Picker(Box<Picker>),
}

/// The one event loop of the full screen, and the screen it is on.
struct App<'c> {
    ctx: &'c Context,
    theme: Theme,
    screen: Screen,
    /// Where the run on the screen (or its summary) goes back to.
    back: Back,
    /// Whether the app began in the picker: leaving it leaves the app.
    standalone_picker: bool,
    /// The outcome of the last run, and the history's complaint about it.
    last: Option<Outcome>,
    last_name: Option<String>,
    warning: Option<String>,
    /// The home screen as it was when a run or the picker was opened from it.
    home_before: Option<Box<Home>>,
    /// The screen changed: clear the terminal and draw every cell.
    repaint: bool,
}

/// Runs the app from `start` until the user leaves. Every run is recorded before the
/// terminal is given back, whatever ends it.
pub fn run_app(ctx: &Context, start: Start) -> io::Result<End> {
    if let Start::Run(timeline, _) = &start
        && timeline.phases.is_empty()
    {
        // Nothing to show (and no phase for a view): done at once, the terminal untouched.
        return Ok(empty_run(ctx, timeline));
    }
    let (tx, rx) = mpsc::channel();
    // Signals first, so none of them finds the terminal raw with nobody to restore it.
    let signals = listen(tx.clone())?;
    let mut term = Term::enter()?;
    input::spawn(tx, Input::from)?;
    let mut app = App::new(ctx, start);
    let ending = term
        .repaint()
        .and_then(|()| app.run(&mut term, &rx))
        // A terminal that can no longer be read or written has gone away (a closed
        // window, a dropped connection): it ends as a hang-up would, keeping what was done.
        .unwrap_or(Ending::Signal(SIGHUP));
    app.stop(ending);
    drop(term);
    drop(signals);
    // The last words of the last run (its "done", a notification, the hooks) get their
    // moment once the terminal is given back, whichever screen the run was started from.
    if let Some(coach) = &ctx.tui.coach {
        crate::voice::lock(coach).finish();
    }
    Ok(End {
        ending,
        run: app.last,
        routine: app.last_name,
        warning: app.warning,
    })
}

/// A run with no phases, done and recorded at once.
fn empty_run(ctx: &Context, timeline: &Timeline) -> End {
    let now = Instant::now();
    let mut session = Session::start(timeline.clone(), Options::default(), now);
    session.tick(now);
    let outcome = Outcome {
        ending: Ending::Completed,
        tally: session.tally(now),
    };
    let mut recorder = Recorder::new(ctx.paths.history_file(), SystemTime::now());
    recorder.record(session.timeline(), &outcome, SystemTime::now());
    End {
        ending: Ending::Completed,
        run: Some(outcome),
        routine: Some(timeline.name.clone()),
        warning: recorder.warning,
    }
}

impl<'c> App<'c> {
    fn new(ctx: &'c Context, start: Start) -> Self {
        let mut app = App {
            ctx,
            theme: Theme::new(ctx.tui.colors),
            screen: Screen::Home(Box::default()),
            back: Back::Home,
            standalone_picker: matches!(start, Start::Picker { .. }),
            last: None,
            last_name: None,
            warning: None,
            home_before: None,
            repaint: false,
        };
        app.screen = match start {
            Start::Home => Screen::Home(Box::new(home_state(ctx, None))),
            Start::Picker { budget, avoid } => Screen::Picker(Box::new(
                Picker::new(&ctx.library, ctx.flags.or(ctx.settings.gaps), budget, avoid)
                    .with_limits(limits(ctx))
                    .with_figure(figure_marker(ctx)),
            )),
            Start::Run(timeline, told) => {
                app.back = Back::Exit;
                app.ready(timeline, told)
            }
        };
        app
    }

    /// The countdown of `timeline`, with a recorder of its own.
    fn countdown(&self, timeline: Timeline) -> Screen {
        let history = history::store::records(self.ctx.paths.history_file());
        Screen::Countdown(Box::new(Countdown::start(
            timeline,
            Options {
                pacer: self.ctx.settings.pacer,
            },
            &self.ctx.tui,
            Recorder::new(self.ctx.paths.history_file(), SystemTime::now()),
            history,
            Instant::now(),
        )))
    }

    /// Waits for input and acts on it, drawing only what changed, until the app ends.
    fn run(&mut self, term: &mut Term, rx: &Receiver<Input>) -> io::Result<Ending> {
        let mut pending: Option<Input> = None;
        let mut dirty = true;
        loop {
            let now = Instant::now();
            if let Some(input) = pending.take() {
                match self.handle(input, now, term)? {
                    Flow::Stay => {}
                    Flow::Redraw => dirty = true,
                    Flow::End(ending) => return Ok(ending),
                }
            }
            if let Screen::Countdown(countdown) = &mut self.screen {
                match countdown.tick(now, term, &self.ctx.tui)? {
                    countdown::Step::Unchanged => {}
                    countdown::Step::Changed => dirty = true,
                    countdown::Step::Over(outcome) => {
                        if let Some(ending) = self.over(outcome) {
                            return Ok(ending);
                        }
                        dirty = true;
                    }
                }
            }
            if std::mem::take(&mut self.repaint) {
                term.repaint()?;
                dirty = true;
            }
            let mut area = if dirty {
                dirty = false;
                self.draw(term, now)?
            } else {
                term.terminal().get_frame().area()
            };
            if let Screen::Countdown(c) = &mut self.screen
                && c.fit(area, now)
            {
                // Paused for the size: the too-small notice says so at once.
                area = self.draw(term, now)?;
            }
            let wake = match &self.screen {
                Screen::Countdown(c) => c.next_change(now, area),
                _ => None,
            };
            pending = match wake {
                Some(at) => match rx.recv_timeout(at.saturating_duration_since(now)) {
                    Ok(input) => Some(input),
                    Err(RecvTimeoutError::Timeout) => {
                        dirty = true;
                        None
                    }
                    Err(RecvTimeoutError::Disconnected) => return Err(super::closed()),
                },
                None => Some(rx.recv().map_err(|_| super::closed())?),
            };
        }
    }

    /// A run that is over (recorded already): the summary when it ran to its end, else
    /// back where it came from; `Some` when that leaves the app.
    fn over(&mut self, outcome: Outcome) -> Option<Ending> {
        let Screen::Countdown(countdown) = &self.screen else {
            return None;
        };
        self.warning = countdown.warning().map(str::to_string);
        let summary = outcome
            .tally
            .completed
            .then(|| countdown.summary(&outcome.tally));
        let ending = outcome.ending;
        self.last = Some(outcome);
        self.last_name = Some(countdown.name().to_string());
        match (summary, ending) {
            (Some(summary), _) => {
                self.screen = Screen::Summary(Box::new(summary));
                self.repaint = true;
                None
            }
            (None, Ending::Signal(_)) => Some(ending),
            (None, _) => self.go_back(),
        }
    }

    /// Leaves a finished run (or its summary) for where it was started from.
    fn go_back(&mut self) -> Option<Ending> {
        let warning = self.warning.clone();
        self.repaint = true;
        match std::mem::replace(&mut self.back, Back::Home) {
            Back::Exit => return Some(self.last.as_ref().map_or(Ending::Completed, |o| o.ending)),
            Back::Home => {
                let previous = self.home_before.take();
                let mut next = home_state(self.ctx, previous.as_deref());
                next.notice = next.notice.or(warning);
                self.screen = Screen::Home(Box::new(next));
            }
            Back::Picker(mut picker) => {
                picker.notice = warning;
                self.screen = Screen::Picker(picker);
            }
        }
        None
    }

    /// Stops a run still on the screen when the app ends under it (a signal, a lost
    /// terminal), so that it is recorded before the terminal is given back.
    fn stop(&mut self, ending: Ending) {
        if let Screen::Countdown(countdown) = &mut self.screen {
            let outcome = countdown.end(ending, Instant::now());
            self.warning = countdown.warning().map(str::to_string);
            self.last = Some(outcome);
            self.last_name = Some(countdown.name().to_string());
        }
    }

    /// Acts on one input.
    fn handle(&mut self, input: Input, now: Instant, term: &mut Term) -> io::Result<Flow> {
        let key = match input {
            Input::Key(key) => key,
            Input::Resize => return Ok(Flow::Redraw),
            Input::Failed(e) => return Err(e),
            Input::Signal(SIGTSTP) => {
                match &mut self.screen {
                    Screen::Countdown(c) => c.suspend(now, term)?,
                    _ => term.suspend()?,
                }
                return Ok(Flow::Redraw);
            }
            Input::Signal(SIGCONT) => {
                term.reclaim()?;
                return Ok(Flow::Redraw);
            }
            Input::Signal(signal) => return Ok(Flow::End(Ending::Signal(signal))),
        };
        match &mut self.screen {
            Screen::Countdown(countdown) => {
                let Some(action) = keys::action(key, countdown.mode()) else {
                    return Ok(Flow::Stay);
                };
                match countdown.act(action, now, term, &self.ctx.tui)? {
                    countdown::Step::Unchanged => Ok(Flow::Stay),
                    countdown::Step::Changed => Ok(Flow::Redraw),
                    countdown::Step::Over(outcome) => Ok(match self.over(outcome) {
                        Some(ending) => Flow::End(ending),
                        None => Flow::Redraw,
                    }),
                }
            }
            Screen::Summary(_) => match keys::action(key, Mode::Summary) {
                Some(Action::Suspend) => {
                    term.suspend()?;
                    Ok(Flow::Redraw)
                }
                Some(Action::Redraw) => {
                    term.repaint()?;
                    Ok(Flow::Redraw)
                }
                Some(_) => Ok(match self.go_back() {
                    Some(ending) => Flow::End(ending),
                    None => Flow::Redraw,
                }),
                None => Ok(Flow::Stay),
            },
            Screen::Home(_) => self.home_key(key, term),
            Screen::Safety(_) => self.safety_key(key, term),
            Screen::Picker(_) => self.picker_key(key, term),
        }
    }

    fn home_key(&mut self, key: KeyEvent, term: &mut Term) -> io::Result<Flow> {
        let Screen::Home(h) = &mut self.screen else {
            return Ok(Flow::Stay);
        };
        let Some(action) = keys::home(key) else {
            return Ok(Flow::Stay);
        };
        match h.apply(action) {
            home::Outcome::Stay => {}
            home::Outcome::Quit => return Ok(Flow::End(Ending::Quit)),
            home::Outcome::Interrupt => return Ok(Flow::End(Ending::Signal(SIGINT))),
            home::Outcome::Suspend => term.suspend()?,
            home::Outcome::Redraw => term.repaint()?,
            home::Outcome::Build => {
                let picker = Picker::new(
                    &self.ctx.library,
                    self.ctx.flags.or(self.ctx.settings.gaps),
                    None,
                    Vec::new(),
                )
                .with_limits(limits(self.ctx))
                .with_figure(figure_marker(self.ctx));
                self.leave_home(Screen::Picker(Box::new(picker)));
            }
            home::Outcome::Edit(i) => {
                let name = h.items.get(i).map(|item| item.name.clone());
                let Some(routine) = name.and_then(|n| routine_named(self.ctx, &n)) else {
                    return Ok(Flow::Stay);
                };
                let picker = Picker::open(
                    &self.ctx.library,
                    self.ctx.flags.or(self.ctx.settings.gaps),
                    &routine,
                )
                .with_limits(limits(self.ctx))
                .with_figure(figure_marker(self.ctx));
                self.leave_home(Screen::Picker(Box::new(picker)));
            }
            home::Outcome::Run(i) => {
                let name = h.items.get(i).map(|item| item.name.clone());
                let Some(routine) = name.and_then(|n| routine_named(self.ctx, &n)) else {
                    return Ok(Flow::Stay);
                };
                match self.start_run(&routine) {
                    Ok(screen) => {
                        self.leave_home(screen);
                        self.back = Back::Home;
                        self.repaint = true;
                    }
                    Err(why) => {
                        if let Screen::Home(h) = &mut self.screen {
                            h.notice = why;
                        }
                    }
                }
            }
        }
        Ok(Flow::Redraw)
    }

    /// Puts `screen` in place of the home screen, which is kept to come back to.
    fn leave_home(&mut self, screen: Screen) {
        if let Screen::Home(home) = std::mem::replace(&mut self.screen, screen) {
            self.home_before = Some(home);
        }
    }

    fn picker_key(&mut self, key: KeyEvent, term: &mut Term) -> io::Result<Flow> {
        let Screen::Picker(p) = &mut self.screen else {
            return Ok(Flow::Stay);
        };
        match p.key(key) {
            picker::Outcome::Stay => {}
            picker::Outcome::Interrupt => return Ok(Flow::End(Ending::Signal(SIGINT))),
            picker::Outcome::Suspend => term.suspend()?,
            picker::Outcome::Redraw => term.repaint()?,
            picker::Outcome::Back => {
                if self.standalone_picker {
                    return Ok(Flow::End(Ending::Quit));
                }
                let previous = self.home_before.take();
                self.screen = Screen::Home(Box::new(home_state(self.ctx, previous.as_deref())));
            }
            picker::Outcome::Save(name) => match save(&self.ctx.paths, p, &name, false) {
                Ok(path) => {
                    p.mark_saved(&name);
                    p.notice = Some(format!(
                        "saved {}; `supple run {name}` runs it",
                        path.display()
                    ));
                }
                // The user's own file of that name: replaced only when they say so.
                Err(Refused::Exists) => p.ask_to_replace(&name),
                Err(Refused::Why(e)) => p.notice = Some(e),
            },
            picker::Outcome::Replace(name) => match save(&self.ctx.paths, p, &name, true) {
                Ok(path) => {
                    p.mark_saved(&name);
                    p.notice = Some(format!(
                        "replaced {}; `supple run {name}` runs it",
                        path.display()
                    ));
                }
                Err(Refused::Exists) => p.ask_to_replace(&name),
                Err(Refused::Why(e)) => p.notice = Some(e),
            },
            picker::Outcome::Run => {
                let routine = p.routine(&p.run_name());
                match self.start_run(&routine) {
                    Ok(screen) => {
                        let Screen::Picker(p) = std::mem::replace(&mut self.screen, screen) else {
                            return Ok(Flow::Redraw);
                        };
                        self.back = Back::Picker(p);
                        self.repaint = true;
                    }
                    Err(why) => {
                        if let Screen::Picker(p) = &mut self.screen {
                            p.notice = why;
                        }
                    }
                }
            }
        }
        Ok(Flow::Redraw)
    }

    /// The countdown of `routine`, or why it does not start (nothing to run, or longer
    /// than a day with the times in config.yaml).
    fn start_run(&self, routine: &Routine) -> Result<Screen, Option<String>> {
        // The user's conditions first: what they rule out is swapped or left out, and the
        // countdown says so.
        let conditions = &self.ctx.settings.conditions;
        let (routine, changes) = crate::conditions::adapt(routine, &self.ctx.library, conditions);
        if routine.steps.is_empty() {
            return Err(Some(format!(
                "every stretch of `{}` is ruled out for {}",
                routine.name,
                crate::conditions::names(conditions)
            )));
        }
        let told = crate::text::one_line(&crate::conditions::report(conditions, &changes));
        let timeline = Timeline::build(&routine, self.ctx.flags, self.ctx.settings.gaps);
        if timeline.phases.is_empty() {
            return Err(None);
        }
        if let Some(length) = timeline.beyond_a_day() {
            return Err(Some(format!(
                "with the times in config.yaml, `{}` lasts {length}: more than 24 hours, so it does not start",
                timeline.name,
            )));
        }
        Ok(self.ready(timeline, told))
    }

    /// The countdown of `timeline`, or first the safety guidance when it was never seen.
    fn ready(&self, timeline: Timeline, told: Option<String>) -> Screen {
        if crate::safety::seen::due(&self.ctx.paths) {
            return Screen::Safety(Box::new(Pending {
                timeline,
                told,
                scroll: 0,
            }));
        }
        let mut screen = self.countdown(timeline);
        if let (Screen::Countdown(c), Some(told)) = (&mut screen, told) {
            c.tell(&told);
        }
        screen
    }

    fn safety_key(&mut self, key: KeyEvent, term: &mut Term) -> io::Result<Flow> {
        let Some(press) = keys::press(key) else {
            return Ok(Flow::Stay);
        };
        let code = match press {
            keys::Press::Control(keys::Control::Interrupt) => {
                return Ok(Flow::End(Ending::Signal(SIGINT)));
            }
            keys::Press::Control(keys::Control::Suspend) => {
                term.suspend()?;
                return Ok(Flow::Redraw);
            }
            keys::Press::Control(keys::Control::Redraw) => {
                term.repaint()?;
                return Ok(Flow::Redraw);
            }
            keys::Press::Key(code) => code,
        };
        let Screen::Safety(pending) = &mut self.screen else {
            return Ok(Flow::Stay);
        };
        match keys::lookup(keys::SAFETY, code) {
            Some(SafetyAction::Down) => pending.scroll_by(3),
            Some(SafetyAction::Up) => pending.scroll_by(-3),
            Some(SafetyAction::Start) => {
                // Read: it is not shown again (a marker that cannot be written only means
                // it shows next time too).
                crate::safety::seen::remember(&self.ctx.paths);
                let Screen::Safety(pending) =
                    std::mem::replace(&mut self.screen, Screen::Home(Box::default()))
                else {
                    return Ok(Flow::Stay);
                };
                let Pending { timeline, told, .. } = *pending;
                self.screen = self.ready(timeline, told);
                self.repaint = true;
            }
            Some(SafetyAction::Back) => {
                return Ok(match self.go_back() {
                    Some(ending) => Flow::End(ending),
                    None => Flow::Redraw,
                });
            }
            None => return Ok(Flow::Stay),
        }
        Ok(Flow::Redraw)
    }

    /// Draws the screen as it is at `now`; returns the size it was drawn at.
    fn draw(&self, term: &mut Term, now: Instant) -> io::Result<Rect> {
        let theme = &self.theme;
        let frame = term.terminal().draw(|frame| {
            let area = frame.area();
            let buf = frame.buffer_mut();
            match &self.screen {
                Screen::Home(h) => (&HomeScreen { home: h, theme }).render(area, buf),
                Screen::Picker(p) => (&PickerScreen { picker: p, theme }).render(area, buf),
                Screen::Countdown(c) => c.render(now, theme, area, buf),
                Screen::Summary(summary) => (&SummaryScreen { summary, theme }).render(area, buf),
                Screen::Safety(pending) => (&SafetyScreen { pending, theme }).render(area, buf),
            }
        })?;
        Ok(frame.area)
    }
}

/// What the loop does after an input.
enum Flow {
    Stay,
    Redraw,
    End(Ending),
}

/// What the builder must respect for this user: the conditions in config.yaml and the
/// stretches that hurt lately.
fn limits(ctx: &Context) -> crate::builder::Limits {
    let records = history::store::records(ctx.paths.history_file()).unwrap_or_default();
    crate::builder::Limits {
        conditions: ctx.settings.conditions.clone(),
        equipment: None,
        hurt: history::store::hurt_lately(&records),
    }
}

/// The routine called `name`, read again from its file.
fn routine_named(ctx: &Context, name: &str) -> Option<Routine> {
    crate::load::routines(&ctx.paths, &ctx.library, &ctx.broken)
        .value
        .routines
        .list
        .into_iter()
        .find(|r| r.name == name)
}

/// How the figures are drawn on the home screen and in the picker: as in the countdown,
/// or not at all with `figures: off`.
fn figure_marker(ctx: &Context) -> Option<ratatui::symbols::Marker> {
    ctx.tui.show_figure.then_some(ctx.tui.figure)
}

/// Why the picker's routine was not saved.
#[derive(Debug, PartialEq, Eq)]
enum Refused {
    /// The user has a routine file of that name: ask before replacing it.
    Exists,
    Why(String),
}

/// Writes the picker's routine to the user's routines folder: never under a built-in
/// routine's name, never over a file unless `replace` (the user said yes).
fn save(paths: &Paths, p: &Picker, name: &str, replace: bool) -> Result<PathBuf, Refused> {
    if crate::routine::BUILTIN_ROUTINES
        .iter()
        .any(|(file, _)| crate::routine::stem(file) == name)
    {
        return Err(Refused::Why(format!(
            "`{name}` is a built-in routine's name; choose another so both stay within reach"
        )));
    }
    let dir = paths
        .user_routines()
        .ok_or_else(|| Refused::Why("no HOME or XDG_CONFIG_HOME: nowhere to save".into()))?;
    let path = dir.join(format!("{name}.yaml"));
    let yaml = crate::builder::to_yaml_with(
        &p.routine(name),
        crate::load::routine_schema(paths).as_deref(),
    );
    if !replace {
        if std::fs::symlink_metadata(&path).is_ok() {
            return Err(Refused::Exists);
        }
        crate::load::write_new(&path, &yaml).map_err(Refused::Why)?;
        return Ok(path);
    }
    if crate::load::irregular(&path).is_some() {
        return Err(Refused::Why(format!(
            "{} is not a regular file; it is left alone",
            path.display()
        )));
    }
    // Written beside it, then moved over it: the old file stays whole until the new one is.
    let temp = dir.join(format!(".{name}.yaml.new"));
    let _ = std::fs::remove_file(&temp);
    crate::load::write_new(&temp, &yaml).map_err(Refused::Why)?;
    std::fs::rename(&temp, &path).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        Refused::Why(format!("cannot replace {}: {e}", path.display()))
    })?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::Gaps;

    #[test]
    fn an_empty_timeline_is_done_without_the_terminal() {
        let empty = Timeline::from_steps("empty", Vec::new(), Gaps::default());
        let ctx = Context {
            library: Library::builtin().expect("the built-in library"),
            broken: Vec::new(),
            settings: Settings::default(),
            flags: Gaps::default(),
            tui: TuiOptions::default(),
            paths: Paths::default(),
        };
        let end = run_app(&ctx, Start::Run(empty, None)).expect("no terminal");
        assert_eq!(end.ending, Ending::Completed);
        assert!(end.run.is_some_and(|o| o.tally.completed));
        assert!(!super::super::ACTIVE.load(std::sync::atomic::Ordering::SeqCst));
    }
}
