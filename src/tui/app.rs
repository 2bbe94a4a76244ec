//! The interactive app around the countdown: the home screen (`supple`) and the picker
//! (`supple build` on a terminal). Both wait for keys only; a run started from them uses
//! the same terminal and input, and comes back to the home screen when it is over.

use super::home::{self, Home, HomeScreen, Item};
use super::picker::{self, Picker, PickerScreen};
use super::theme::Theme;
use super::{Input, Term, TuiOptions, input, listen, run_on};
use crate::history::{self, Stats};
use crate::library::{Joint, Library};
use crate::routine::{Gaps, Routine};
use crate::session::{Ending, Options};
use crate::settings::Settings;
use crate::timeline::Timeline;
use ratatui::widgets::Widget;
use signal_hook::consts::{SIGCONT, SIGTSTP};
use std::io;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver};

/// What the app needs from the command line and the files.
pub struct Context {
    pub library: Library,
    /// The user's stretch files left out of the library for their problems.
    pub broken: Vec<crate::load::Broken>,
    pub settings: Settings,
    /// Times given on the command line.
    pub flags: Gaps,
    pub tui: TuiOptions,
}

/// Where the app starts.
#[derive(Debug, Clone)]
pub enum Start {
    Home,
    Picker {
        budget: Option<u32>,
        avoid: Vec<Joint>,
    },
}

enum Screen {
    Home(Home),
    Picker(Picker),
}

/// The folder saved routines go to.
fn routines_dir() -> Option<PathBuf> {
    crate::paths::user_routines()
}

/// Loads what the home screen lists: the routines, the streak, the history text.
fn home_state(ctx: &Context, previous: Option<&Home>) -> Home {
    let loaded = crate::load::routines(&ctx.library, &ctx.broken);
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
    let records = crate::paths::history_file()
        .and_then(|p| history::store::read(&p).ok())
        .map(|(r, _)| r)
        .unwrap_or_default();
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
        // Escaped already, field by field; once more line by line, as everything bound for
        // the screen from a file must be.
        history: crate::text::history_text(&records, &stats)
            .lines()
            .map(crate::diag::printable)
            .collect(),
        notice,
        ..Home::default()
    }
}

/// Runs the app until the user leaves; returns how it ended.
pub fn run_app(ctx: &Context, start: Start) -> io::Result<Ending> {
    let (tx, rx) = mpsc::channel();
    let signals = listen(tx.clone())?;
    let mut term = Term::enter()?;
    input::spawn(tx, Input::from)?;
    let result = app_loop(ctx, start, &mut term, &rx);
    drop(term);
    drop(signals);
    result
}

fn app_loop(
    ctx: &Context,
    start: Start,
    term: &mut Term,
    rx: &Receiver<Input>,
) -> io::Result<Ending> {
    let theme = Theme::new(ctx.tui.colors);
    let standalone_picker = matches!(start, Start::Picker { .. });
    let mut screen = match start {
        Start::Home => Screen::Home(home_state(ctx, None)),
        Start::Picker { budget, avoid } => Screen::Picker(Picker::new(
            &ctx.library,
            ctx.flags.or(ctx.settings.gaps),
            budget,
            avoid,
        )),
    };
    loop {
        term.terminal().draw(|frame| {
            let area = frame.area();
            match &screen {
                Screen::Home(h) => (&HomeScreen {
                    home: h,
                    theme: &theme,
                })
                    .render(area, frame.buffer_mut()),
                Screen::Picker(p) => {
                    (&PickerScreen {
                        picker: p,
                        theme: &theme,
                    })
                        .render(area, frame.buffer_mut());
                }
            }
        })?;
        let input = rx.recv().map_err(|_| super::closed())?;
        let key = match input {
            Input::Key(key) => key,
            Input::Resize => continue,
            Input::Failed(e) => return Err(e),
            Input::Signal(SIGTSTP) => {
                term.suspend()?;
                continue;
            }
            Input::Signal(SIGCONT) => {
                term.reclaim()?;
                continue;
            }
            Input::Signal(signal) => return Ok(Ending::Signal(signal)),
        };
        match &mut screen {
            Screen::Home(h) => {
                let Some(action) = super::keys::home(key) else {
                    continue;
                };
                match h.apply(action) {
                    home::Outcome::Stay => {}
                    home::Outcome::Quit => return Ok(Ending::Quit),
                    home::Outcome::Interrupt => {
                        return Ok(Ending::Signal(signal_hook::consts::SIGINT));
                    }
                    home::Outcome::Suspend => term.suspend()?,
                    home::Outcome::Redraw => term.repaint()?,
                    home::Outcome::Build => {
                        screen = Screen::Picker(Picker::new(
                            &ctx.library,
                            ctx.flags.or(ctx.settings.gaps),
                            None,
                            Vec::new(),
                        ));
                    }
                    home::Outcome::Run(i) => {
                        let Some(name) = h.items.get(i).map(|item| item.name.clone()) else {
                            continue;
                        };
                        let routine = crate::load::routines(&ctx.library, &ctx.broken)
                            .value
                            .routines
                            .list
                            .into_iter()
                            .find(|r| r.name == name);
                        let Some(routine) = routine else { continue };
                        let (ending, warning) = run_routine(ctx, &routine, term, rx)?;
                        if let Some(ending) = ending {
                            return Ok(ending);
                        }
                        let mut next = home_state(ctx, Some(h));
                        next.notice = next.notice.or(warning);
                        screen = Screen::Home(next);
                    }
                }
            }
            Screen::Picker(p) => match p.key(key) {
                picker::Outcome::Stay => {}
                picker::Outcome::Interrupt => {
                    return Ok(Ending::Signal(signal_hook::consts::SIGINT));
                }
                picker::Outcome::Suspend => term.suspend()?,
                picker::Outcome::Redraw => term.repaint()?,
                picker::Outcome::Back => {
                    if standalone_picker {
                        return Ok(Ending::Quit);
                    }
                    screen = Screen::Home(home_state(ctx, None));
                }
                picker::Outcome::Save(name) => {
                    p.notice = Some(match save(p, &name) {
                        Ok(path) => {
                            format!("saved {}; `supple run {name}` runs it", path.display())
                        }
                        Err(e) => e,
                    });
                }
                picker::Outcome::Run => {
                    let routine = p.routine(&p.default_name());
                    let (ending, warning) = run_routine(ctx, &routine, term, rx)?;
                    if let Some(ending) = ending {
                        return Ok(ending);
                    }
                    if standalone_picker {
                        return Ok(Ending::Completed);
                    }
                    let mut next = home_state(ctx, None);
                    next.notice = next.notice.or(warning);
                    screen = Screen::Home(next);
                }
            },
        }
    }
}

/// Writes the picker's routine to the user's routines folder, never over a file.
fn save(p: &Picker, name: &str) -> Result<PathBuf, String> {
    if crate::routine::BUILTIN_ROUTINES
        .iter()
        .any(|(file, _)| crate::routine::stem(file) == name)
    {
        return Err(format!(
            "`{name}` is a built-in routine's name; choose another so both stay within reach"
        ));
    }
    let dir = routines_dir().ok_or("no HOME or XDG_CONFIG_HOME: nowhere to save")?;
    let path = dir.join(format!("{name}.yaml"));
    let yaml =
        crate::builder::to_yaml_with(&p.routine(name), crate::load::routine_schema().as_deref());
    crate::load::write_new(&path, &yaml)?;
    Ok(path)
}

/// Runs a routine full screen and records it; returns the ending when the app must stop
/// (a signal or Ctrl-C), `None` to carry on, and a warning if the history could not be
/// written.
fn run_routine(
    ctx: &Context,
    routine: &Routine,
    term: &mut Term,
    rx: &Receiver<Input>,
) -> io::Result<(Option<Ending>, Option<String>)> {
    let timeline = Timeline::build(routine, ctx.flags, ctx.settings.gaps);
    if timeline.phases.is_empty() {
        return Ok((None, None));
    }
    if let Some(length) = timeline.beyond_a_day() {
        return Ok((
            None,
            Some(format!(
                "with the times in config.yaml, `{}` lasts {length}: more than 24 hours, so it does not start",
                timeline.name,
            )),
        ));
    }
    let mut recorder =
        history::store::Recorder::new(crate::paths::history_file(), std::time::SystemTime::now());
    let mut options = ctx.tui.clone();
    options.history = crate::paths::history_file()
        .and_then(|p| history::store::read(&p).ok())
        .map(|(r, _)| r);
    let outcome = run_on(
        term,
        rx,
        timeline,
        Options {
            pacer: ctx.settings.pacer,
        },
        &options,
        &mut recorder,
    );
    let warning = recorder.warning;
    term.repaint()?;
    let ending = match outcome.ending {
        Ending::Signal(_) => Some(outcome.ending),
        Ending::Completed | Ending::Quit => None,
    };
    Ok((ending, warning))
}
