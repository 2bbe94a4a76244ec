//! Dispatch and `Failure`: what each command does lives in `commands/`, one file a command.

mod build;
mod check;
mod figure;
mod history;
mod list;
mod man;
mod plan;
mod routines;
mod run;
mod show;

use crate::cli::{Cli, Command, GapArgs};
use crate::diag::{Diagnostic, Problems, did_you_mean};
use crate::load;
use crate::paths::Paths;
use crate::routine::{Gaps, Routine};
use crate::settings::Settings;
use crate::text::plural;
use crate::timeline::Timeline;
use build::build;
use check::check;
use history::history;
use list::{areas, list};
use plan::plan;
use routines::{routines_json, routines_table};
use run::{app, run};
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Why a command failed, and the exit code it maps to.
#[derive(Debug)]
pub enum Failure {
    /// Bad input or a failure: the messages, exit code 1.
    Problems(Problems),
    /// What `supple check` found, and its summary line, exit code 1.
    Checked(Problems, String),
    /// One message, exit code 1.
    Message(String),
    /// Wrong use of the command line, exit code 2.
    Usage(String),
    /// The reader went away (`supple list | head`): stop quietly.
    Closed,
    /// Stopped with this exit code, nothing more to say (a signal in the full screen).
    Exit(u8),
}

impl Failure {
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Problems(_) | Failure::Checked(..) | Failure::Message(_) => 1,
            Failure::Usage(_) => 2,
            Failure::Closed => 0,
            Failure::Exit(code) => *code,
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Problems(p) => write!(f, "{p}"),
            Failure::Checked(p, summary) => write!(f, "{p}\n{summary}"),
            Failure::Message(m) | Failure::Usage(m) => f.write_str(m),
            Failure::Closed | Failure::Exit(_) => Ok(()),
        }
    }
}

impl From<Problems> for Failure {
    fn from(p: Problems) -> Self {
        Failure::Problems(p)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::BrokenPipe {
            return Failure::Closed;
        }
        Failure::Message(format!("cannot write the output: {e}"))
    }
}

impl From<Diagnostic> for Failure {
    fn from(d: Diagnostic) -> Self {
        Failure::Problems(Problems(vec![d]))
    }
}

/// The problems met while loading the user's files, shown as warnings: each once, and
/// none that the command's own failure reports.
#[derive(Debug, Default)]
pub struct Notes {
    pending: Vec<Diagnostic>,
    shown: Vec<String>,
}

impl Notes {
    pub fn add(&mut self, problems: Vec<Diagnostic>) {
        self.pending.extend(problems);
    }

    /// Prints what is pending (before a run takes the screen, or when the command ends),
    /// leaving out what `failure` itself reports.
    pub fn flush(&mut self, failure: Option<&Failure>) {
        for d in std::mem::take(&mut self.pending) {
            if let Some(Failure::Problems(p) | Failure::Checked(p, _)) = failure
                && p.0.contains(&d)
            {
                continue;
            }
            let text = d.to_string();
            if !self.shown.contains(&text) {
                crate::diag::say_problem(&d, true);
                self.shown.push(text);
            }
        }
    }
}

/// What every command starts from, read once at start and handed down: supple's folders,
/// the extra library folders from the command line, and `config.yaml`'s settings. A
/// broken `config.yaml` fails only the commands that use the settings.
#[derive(Debug)]
pub struct Env {
    pub paths: Paths,
    pub library: Vec<PathBuf>,
    settings: Result<Settings, Problems>,
}

impl Env {
    pub fn new(paths: Paths, library: Vec<PathBuf>) -> Self {
        let settings = load::settings(paths.config_file().as_deref());
        Env {
            paths,
            library,
            settings,
        }
    }

    /// The settings, or the problems of `config.yaml`.
    pub fn settings(&self) -> Result<&Settings, Failure> {
        self.settings
            .as_ref()
            .map_err(|p| Failure::Problems(p.clone()))
    }
}

/// The library, its problems noted.
fn stretches(env: &Env, notes: &mut Notes) -> Result<load::Stretches, Failure> {
    let loaded = load::stretches(&env.paths, &env.library)?;
    notes.add(loaded.problems);
    Ok(loaded.value)
}

/// The routines, their problems noted.
fn all_routines(env: &Env, stretches: &load::Stretches, notes: &mut Notes) -> load::AllRoutines {
    let loaded = load::routines(&env.paths, &stretches.library, &stretches.broken);
    notes.add(loaded.problems);
    loaded.value
}

/// Runs the command; returns the exit code for a normal end. Problems in the user's files
/// are warnings, printed once each before the command's own failure, if any.
pub fn dispatch(cli: Cli) -> Result<u8, Failure> {
    let mut notes = Notes::default();
    let env = Env::new(Paths::from_env(), cli.library.clone());
    let result = command(cli, &env, &mut notes);
    notes.flush(result.as_ref().err());
    result
}

fn command(cli: Cli, env: &Env, notes: &mut Notes) -> Result<u8, Failure> {
    let Some(command) = cli.command else {
        if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
            return Err(Failure::Usage(
                "name a command, for example `supple run morning`; `supple --help` lists them all (with no command on a terminal, supple opens its home screen)"
                    .into(),
            ));
        }
        return app(
            env,
            crate::tui::app::Start::Home,
            Gaps::default(),
            false,
            notes,
        );
    };
    let command = match command {
        Command::Run(args) => return run(env, &args, notes),
        other => other,
    };
    // Every text a command prints leaves through here, its control characters escaped:
    // names, times and areas from the history, file names, whatever a file held.
    let mut out = crate::diag::Printable::new(io::stdout().lock());
    let result = command_to(command, env, notes, &mut out);
    out.flush()?;
    result
}

fn command_to(
    command: Command,
    env: &Env,
    notes: &mut Notes,
    mut out: impl Write,
) -> Result<u8, Failure> {
    match command {
        Command::List(args) => {
            let lib = stretches(env, notes)?.library;
            let settings = env.settings()?;
            notes.flush(None);
            let conditions = settings.conditions_with(&args.care.condition);
            list(&lib, &args, &conditions, &mut out)?;
        }
        Command::Show {
            id,
            figure,
            no_figure,
        } => {
            let all = stretches(env, notes)?;
            let lib = &all.library;
            let stretch = lib.lookup(&id).map_err(|(message, hint)| {
                if let Some(b) = all.broken.iter().find(|b| b.names.contains(&id)) {
                    return Failure::Message(format!(
                        "the stretch `{id}` is left out because {} has {} (fix it; `supple check {}` shows them)",
                        b.file,
                        plural(b.problems.len(), "problem", "problems"),
                        b.file
                    ));
                }
                Failure::Message(match hint {
                    Some(h) => format!("{message} ({h})"),
                    None => message,
                })
            })?;
            notes.flush(None);
            // Only how to draw the figure: a broken config.yaml does not stop `show`.
            let figures = match env.settings() {
                Ok(s) => s.figures,
                Err(Failure::Problems(p)) => {
                    notes.add(p.0);
                    crate::settings::Figures::Braille
                }
                Err(_) => crate::settings::Figures::Braille,
            };
            let marker = crate::tui::figure::marker(figures);
            let drawn = match marker {
                _ if no_figure => None,
                Some(m) if figure || io::stdout().is_terminal() => Some(m),
                None if figure => Some(ratatui::symbols::Marker::Braille),
                _ => None,
            };
            write!(
                out,
                "{}",
                figure::show_with_figure(stretch, lib, terminal_width(), drawn)
            )?;
        }
        Command::Figure(args) => {
            let all = stretches(env, notes)?;
            let stretch = all.library.lookup(&args.id).map_err(|(message, hint)| {
                Failure::Message(match hint {
                    Some(h) => format!("{message} ({h})"),
                    None => message,
                })
            })?;
            notes.flush(None);
            figure::figure(stretch, &args, &mut out)?;
        }
        Command::Areas => {
            let lib = stretches(env, notes)?.library;
            notes.flush(None);
            write!(out, "{}", areas(&lib))?;
        }
        Command::Routines { json } => {
            let all = stretches(env, notes)?;
            let settings = env.settings()?;
            let routines = all_routines(env, &all, notes).routines;
            notes.flush(None);
            if json {
                serde_json::to_writer_pretty(&mut out, &routines_json(&routines, settings))
                    .map_err(io::Error::from)?;
                writeln!(out)?;
            } else {
                write!(out, "{}", routines_table(&routines, settings))?;
            }
        }
        Command::Plan(args) => plan(env, &args, notes, &mut out)?,
        Command::Check { paths, json } => {
            return if json {
                check(env, &paths, &mut io::sink(), Some(&mut out))
            } else {
                check(env, &paths, &mut out, None)
            };
        }
        // `command` starts runs before stdout is locked: they take the terminal or print
        // line by line themselves.
        Command::Run(args) => return run(env, &args, notes),
        Command::Build(args) => build(env, &args, notes, &mut out)?,
        Command::History(args) => history(env, &args, &mut out)?,
        Command::Safety => {
            write!(out, "{}", crate::safety::text(terminal_width()))?;
            crate::safety::seen::remember(&env.paths);
        }
        // Generated by clap from our own text: as they are.
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            // Into memory first: the generator panics when its writer fails (a full disk).
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, "supple", &mut script);
            io::stdout().lock().write_all(&script)?;
        }
        Command::Schema { kind } => {
            serde_json::to_writer_pretty(&mut out, &crate::schema::schema(kind))
                .map_err(io::Error::from)?;
            writeln!(out)?;
        }
        Command::Man => man::page(&mut io::stdout().lock())?,
    }
    Ok(0)
}

/// The width to wrap prose to: the terminal's, at most 100, or 80 for pipes.
fn terminal_width() -> usize {
    match ratatui::crossterm::terminal::size() {
        Ok((w, _)) if io::stdout().is_terminal() => usize::from(w).clamp(40, 100),
        _ => 80,
    }
}

/// Finds a routine by name or path. A routine whose file has problems, or that needs a
/// stretch from a file with problems, is refused with them.
pub fn resolve_routine(
    env: &Env,
    name: &str,
    stretches: &load::Stretches,
    notes: &mut Notes,
) -> Result<Routine, Failure> {
    let path = Path::new(name);
    // A path says so: a YAML extension or a folder in it. A plain word is a routine name,
    // even when a file of that name happens to sit in the current folder.
    let looks_like_path = path
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("yaml") || x.eq_ignore_ascii_case("yml"))
        || name.contains(std::path::MAIN_SEPARATOR);
    if looks_like_path {
        let found = with_extension(path);
        let source = load::read_source(&found).map_err(|mut d| {
            // Neither NAME nor NAME.yaml nor NAME.yml: say all three were looked for.
            if found.symlink_metadata().is_err() && path.extension().is_none() {
                d.hint = Some(format!(
                    "nor {name}.yaml or {name}.yml; `supple routines` lists the routines by name"
                ));
            }
            d
        })?;
        return load::routine_from(&source, &stretches.library, &stretches.broken)
            .map_err(|p| Failure::Problems(Problems(p)));
    }
    let all = all_routines(env, stretches, notes);
    if let Some(broken) = all.broken_named(name) {
        return Err(Failure::Problems(Problems(broken.problems.clone())));
    }
    all.routines.get(name).cloned().ok_or_else(|| {
        let hint = did_you_mean(name, all.routines.names())
            .unwrap_or_else(|| "`supple routines` lists them".into());
        Failure::Message(format!("unknown routine `{name}` ({hint})"))
    })
}

/// A routine path as given, or, when nothing is there and it has no YAML extension, the
/// same path with `.yaml` or `.yml` that is (`./my-hips` runs `./my-hips.yaml`).
fn with_extension(path: &Path) -> std::path::PathBuf {
    let yaml = path
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("yaml") || x.eq_ignore_ascii_case("yml"));
    if yaml || path.symlink_metadata().is_ok() {
        return path.to_path_buf();
    }
    ["yaml", "yml"]
        .iter()
        .map(|ext| {
            let mut p = path.as_os_str().to_os_string();
            p.push(".");
            p.push(ext);
            std::path::PathBuf::from(p)
        })
        .find(|p| p.symlink_metadata().is_ok())
        .unwrap_or_else(|| path.to_path_buf())
}

/// The stretches that hurt lately, from the history (none when it cannot be read), for
/// the builder to leave out.
fn hurt_lately(env: &Env) -> Vec<String> {
    crate::history::store::records(env.paths.history_file())
        .map(|records| crate::history::store::hurt_lately(&records))
        .unwrap_or_default()
}

fn flag_gaps(g: &GapArgs) -> Gaps {
    Gaps {
        prepare: g.prepare.and_then(crate::routine::Prepare::seconds),
        switch: g.switch,
        rest: g.rest,
    }
}

/// The routine `supple run` and `supple plan` build from the request flags: the same
/// request, the same gaps, and the stretches that hurt lately left out.
fn build_requested(
    env: &Env,
    library: &crate::library::Library,
    spec: &crate::cli::BuildSpec,
    gaps: Gaps,
    conditions: &[crate::library::Condition],
) -> Result<crate::builder::Built, Failure> {
    check_build_flags(spec)?;
    crate::builder::build_with(
        library,
        &spec.request(gaps).map_err(Failure::Message)?,
        &crate::builder::Limits {
            hurt: hurt_lately(env),
            ..spec.limits(conditions)
        },
    )
    .map_err(Failure::Message)
}

/// The builder needs areas and minutes; without them it is a usage error.
fn check_build_flags(b: &crate::cli::BuildSpec) -> Result<(), Failure> {
    if b.area.is_empty() {
        return Err(Failure::Usage(
            "name the body areas with `--area AREA` (repeatable); `supple areas` lists them".into(),
        ));
    }
    if b.minutes.is_none() {
        return Err(Failure::Usage(
            "give the time with `--minutes N` as well as the areas".into(),
        ));
    }
    Ok(())
}

/// A routine stretched past a day by the times given on the command line or in
/// `config.yaml` (each file was already checked with its own) is refused before it starts.
fn within_a_day(timeline: &Timeline) -> Result<(), Failure> {
    match timeline.beyond_a_day() {
        None => Ok(()),
        Some(length) => Err(Failure::Message(format!(
            "with these get-ready, switch and rest times, routine `{}` lasts {length}; a routine may last at most 24 hours (shorten the times, or split the routine)",
            timeline.name,
        ))),
    }
}
